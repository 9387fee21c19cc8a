"""Which text encoding a fetched page is in, recorded in the fetch log at ingest.

The verdict is the decoder's own (``xxgk.decode.encoding.decode_text_bytes``), so the encoding
the fetch log records is the one parsing will use: one rule, in one place. That rule takes a
BOM, then valid UTF-8 (stale ``charset=gb2312`` headers on UTF-8 pages are common, and UTF-8
Chinese bytes often also form valid GB18030), then the header charset, then ``<meta>``, then
GB18030 for bytes that read as Chinese, then a general detector. GB2312 and GBK verdicts are
widened to GB18030, their superset. Only the verdict is recorded; raw bytes are never
re-encoded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from xxgk.decode.encoding import decode_text_bytes, find_meta_charset, normalize_charset_name
from xxgk.model import DocumentError

TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/json")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class EncodingVerdict:
    encoding: str | None  # a Python codec name, None when the bytes are not text
    source: str | None  # bom | header | meta | detected


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for a charset label, with the GB family widened to gb18030."""
    return normalize_charset_name(name)


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def charset_from_meta(data: bytes) -> str | None:
    return find_meta_charset(data)


def is_text_like(data: bytes, content_type: str | None) -> bool:
    """Text we should find an encoding for (HTML, plain text), not PDF/Office bytes."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype:
        return ctype.startswith(TEXT_TYPES)
    head = data[:8]
    return not (head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in head)


def detect_encoding(data: bytes, content_type: str | None) -> EncodingVerdict:
    """The decoder's verdict, and which clue it agrees with (bom, header, meta or detected)."""
    if not is_text_like(data, content_type):
        return EncodingVerdict(None, None)
    header = charset_from_content_type(content_type)
    try:
        decoded = decode_text_bytes(data, declared_charset=header)
    except DocumentError:
        return EncodingVerdict(None, None)
    if data.startswith(_BOMS):
        return EncodingVerdict(decoded.encoding, "bom")
    for source, label in (("header", header), ("meta", charset_from_meta(data))):
        if label and normalize_charset_name(label) == decoded.encoding:
            return EncodingVerdict(decoded.encoding, source)
    return EncodingVerdict(decoded.encoding, "detected")


def decode_text(data: bytes, verdict: EncodingVerdict) -> str:
    """The page as text for link extraction (undecodable bytes replaced, never guessed)."""
    return data.decode(verdict.encoding or "utf-8", errors="replace")
