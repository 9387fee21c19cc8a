"""Checks on a zip container (DOCX) before any XML inside it is parsed.

A zip bomb declares small compressed sizes and huge uncompressed ones; an XML bomb nests
entity definitions ("billion laughs"). Both are refused here from the zip directory and the
first bytes of each XML part, before python-docx decompresses or parses anything.
python-docx's own parser does not resolve entities either; refusing any DOCTYPE is belt and
braces (Word never writes one).
"""

from __future__ import annotations

import re
import zipfile

from xxgk.decode import limits
from xxgk.model import DocumentError

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_XML_HEAD_BYTES = 4096


def check_zip_members(archive: zipfile.ZipFile) -> None:
    """Raise DocumentError('too_large') for zip bombs, ('parse_failed') for XML with a DOCTYPE."""
    members = archive.infolist()
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise DocumentError(
            "too_large", f"zip has {len(members)} members (limit {limits.MAX_ZIP_MEMBERS})"
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.MAX_ZIP_MEMBER_UNCOMPRESSED_BYTES:
            raise DocumentError(
                "too_large",
                f"zip member {member.filename} unpacks to {member.file_size} bytes"
                " (zip bomb guard)",
            )
        if member.file_size > limits.ZIP_RATIO_CHECK_MIN_BYTES:
            ratio = member.file_size / max(1, member.compress_size)
            if ratio > limits.MAX_ZIP_COMPRESSION_RATIO:
                raise DocumentError(
                    "too_large",
                    f"zip member {member.filename} compresses {ratio:.0f}:1 (zip bomb guard)",
                )
    if total > limits.MAX_ZIP_TOTAL_UNCOMPRESSED_BYTES:
        raise DocumentError("too_large", f"zip unpacks to {total} bytes (zip bomb guard)")
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(member) as stream:
            head = stream.read(_XML_HEAD_BYTES)
        if _DOCTYPE.search(head):
            raise DocumentError(
                "parse_failed", f"{member.filename} declares a DOCTYPE/entities (XML bomb guard)"
            )
