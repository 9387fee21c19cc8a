"""Which text encoding a fetched page is in: header, then ``<meta>``, then detection.

Chinese government sites are full of pages whose header or ``<meta>`` names the wrong charset
(a CMS template says utf-8, the article was pasted in GBK), so a declared charset is used only
when the bytes really decode with it; otherwise the next clue is tried. GB2312 and GBK verdicts
are widened to GB18030, their superset: pages labelled GB2312 routinely contain GBK-only
characters (rare surnames, place names) that a strict GB2312 decoder rejects.

Without a usable declaration the bytes decide: ASCII, then UTF-8, then GB18030 (valid GB18030
that is not UTF-8 is, on Chinese government sites, GBK), then a general detector.
Only the verdict is recorded; the stored raw bytes are never re-encoded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Encodings that are subsets of GB18030 and should be decoded as GB18030.
GB_FAMILY = {"gb2312", "gbk", "cp936", "ms936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312",
             "gb18030", "windows-936", "csgb2312", "iso-ir-58", "chinese"}
TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/json")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_SNIFF_BYTES = 4096
_DETECT_BYTES = 256 * 1024


@dataclass(frozen=True)
class EncodingVerdict:
    encoding: str | None  # a Python codec name, None when the bytes are not text
    source: str | None  # bom | header | meta | detected


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for a charset label, with the GB family widened to gb18030."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if codec in GB_FAMILY else codec


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def charset_from_meta(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def is_text_like(data: bytes, content_type: str | None) -> bool:
    """Text we should find an encoding for (HTML, plain text), not PDF/Office bytes."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype:
        return ctype.startswith(TEXT_TYPES)
    head = data[:8]
    return not (head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in head)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data[:_DETECT_BYTES].decode(encoding)
    except UnicodeDecodeError as exc:
        # A page cut at the sampling limit may end inside a multi-byte character.
        return len(data) > _DETECT_BYTES and exc.start >= _DETECT_BYTES - 4
    except LookupError:
        return False
    return True


def detect_encoding(data: bytes, content_type: str | None) -> EncodingVerdict:
    """Header charset, then ``<meta>``, then charset detection; first that decodes wins."""
    if not is_text_like(data, content_type):
        return EncodingVerdict(None, None)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return EncodingVerdict(name, "bom")
    for source, label in (("header", charset_from_content_type(content_type)),
                          ("meta", charset_from_meta(data))):
        encoding = normalize_encoding(label)
        if encoding and _decodes(data, encoding):
            return EncodingVerdict(encoding, source)
    if _decodes(data, "ascii"):
        return EncodingVerdict("ascii", "detected")
    # Valid UTF-8 of any length is almost never GBK by accident; skip the slower detector.
    if _decodes(data, "utf-8"):
        return EncodingVerdict("utf-8", "detected")
    # Our documents are mainland Chinese: bytes that form valid GB18030 are taken as GB18030.
    # General detectors call short GBK pages cp949 or big5; Western single-byte text almost
    # never passes, since a GB18030 lead byte must be followed by a trail byte (>= 0x30).
    if _decodes(data, "gb18030"):
        return EncodingVerdict("gb18030", "detected")
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        return EncodingVerdict(None, None)
    return EncodingVerdict(normalize_encoding(best.encoding) or best.encoding, "detected")


def decode_text(data: bytes, verdict: EncodingVerdict) -> str:
    """The page as text for link extraction (undecodable bytes replaced, never guessed)."""
    return data.decode(verdict.encoding or "utf-8", errors="replace")
