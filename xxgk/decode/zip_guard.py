"""Checks on a zip container (DOCX) before any XML inside it is parsed.

A zip bomb declares small compressed sizes and huge uncompressed ones; an XML bomb nests
entity definitions ("billion laughs"). Both are refused here, before python-docx
decompresses or parses anything.

The zip directory's sizes are claims, not facts. ``ZipFile.read`` inflates a member's whole
deflate stream before cutting it to the declared size, so a 240 KB DOCX declaring 5,000
bytes for a document.xml that inflates to 200 MiB costs 400 MiB there. So every deflated
member is inflated once here, in bounded steps with the output counted and thrown away,
and refused as soon as more comes out than its entry declares. Word writes only deflated
and stored members; any other compression method (bzip2, LZMA) is refused rather than
trusted.

python-docx's own parser does not resolve entities either; refusing any DOCTYPE is belt
and braces (Word never writes one).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from typing import IO

from xxgk.decode import limits
from xxgk.model import DocumentError

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_XML_HEAD_BYTES = 4096
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (fixed fields), name and extra lengths
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
_READ_BYTES = 1024 * 1024  # compressed bytes read at a time
_INFLATE_STEP_BYTES = 256 * 1024  # most inflated bytes held at a time


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
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


def _seek_member_data(stream: IO[bytes], member: zipfile.ZipInfo) -> None:
    """Position ``stream`` at the first byte of ``member``'s data, after its local header
    (whose name and extra field may differ in length from the central directory's)."""
    stream.seek(member.header_offset)
    header = stream.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise DocumentError("parse_failed", f"zip member {member.filename}: header cut off")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != _LOCAL_HEADER_SIGNATURE:
        raise DocumentError("parse_failed", f"zip member {member.filename}: no local header")
    stream.seek(member.header_offset + _LOCAL_HEADER.size + name_length + extra_length)


def _inflate_within_declared_size(stream: IO[bytes], member: zipfile.ZipInfo) -> bytes:
    """Inflate a deflated member in bounded steps, discarding the output; DocumentError as
    soon as it passes the declared size. Return its first bytes (for the DOCTYPE check)."""
    inflater = zlib.decompressobj(-15)  # raw deflate, as zip stores it
    head = b""
    inflated = 0
    left = member.compress_size
    while left > 0 and not inflater.eof:
        pending = stream.read(min(left, _READ_BYTES))
        if not pending:
            break  # cut short: zipfile reports that when the member is read
        left -= len(pending)
        while pending:
            try:
                out = inflater.decompress(pending, _INFLATE_STEP_BYTES)
            except zlib.error as exc:
                raise DocumentError(
                    "parse_failed", f"zip member {member.filename} is not deflate data: {exc}"
                ) from None
            inflated += len(out)
            if inflated > member.file_size:
                raise DocumentError(
                    "too_large",
                    f"zip member {member.filename} inflates past its declared "
                    f"{member.file_size} bytes (zip bomb guard)",
                )
            if len(head) < _XML_HEAD_BYTES:
                head += out[: _XML_HEAD_BYTES - len(head)]
            pending = inflater.unconsumed_tail
    # What zlib still holds once all input is in is at most one back-reference (258 bytes).
    if inflated + len(inflater.flush()) > member.file_size:
        raise DocumentError(
            "too_large",
            f"zip member {member.filename} inflates past its declared {member.file_size} bytes"
            " (zip bomb guard)",
        )
    return head


def _read_member_head(stream: IO[bytes], member: zipfile.ZipInfo) -> bytes:
    """The first bytes of ``member``, checking that reading it costs no more than declared."""
    _seek_member_data(stream, member)
    if member.compress_type == zipfile.ZIP_DEFLATED:
        return _inflate_within_declared_size(stream, member)
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size > member.file_size:
            raise DocumentError(
                "too_large",
                f"zip member {member.filename} stores {member.compress_size} bytes but declares"
                f" {member.file_size} (zip bomb guard)",
            )
        return stream.read(min(member.compress_size, _XML_HEAD_BYTES))
    raise DocumentError(
        "parse_failed",
        f"zip member {member.filename} uses compression method {member.compress_type}"
        " (Word writes deflate or stored only)",
    )


def check_zip_members(archive: zipfile.ZipFile) -> None:
    """Raise DocumentError('too_large') for zip bombs, ('parse_failed') for XML with a DOCTYPE.

    Reads every member once (inflating it in bounded steps), so that what python-docx reads
    afterwards is known to be no bigger than the zip directory says.
    """
    members = archive.infolist()
    _check_declared_sizes(members)
    if archive.fp is None:
        raise ValueError("check_zip_members needs an open archive")
    heads = [(member.filename, _read_member_head(archive.fp, member)) for member in members]
    for name, head in heads:
        if name.endswith((".xml", ".rels")) and _DOCTYPE.search(head):
            raise DocumentError(
                "parse_failed", f"{name} declares a DOCTYPE/entities (XML bomb guard)"
            )
