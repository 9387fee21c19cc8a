"""A TrueType font of one glyph, a full square, that pdfium is given for every CJK font a PDF
does not embed.

pdfium looks up a system font for such a font (STSong-Light, 宋体, any font a producer
names but does not embed) and needs it for one thing a text reader cares about: a glyph's
outline box, by which it drops a text object of zero width. With no system font that fits
(a machine without CJK fonts) a one-character object whose glyph the fallback font lacks —
a table cell holding "0" — silently disappears from the text. With a CJK font installed,
pdfium reads the whole font file (17 MB for WenQuanYi Zen Hei) once per document, which
made text extraction four times slower. This font has every code point (a format 13 cmap:
all of Unicode to glyph 1), so every character has a box, on any machine, for the cost of
copying 700 bytes. Positions and widths still come from the PDF (its /W and /Widths).

It is installed for the whole process (pdfium has one font lookup): a page rendered to an
image in this process would draw such text as squares. OCR renders image pages, which have
no text to draw.
"""

from __future__ import annotations

import ctypes
import struct

import pypdfium2.raw as pdfium_c

ASCENT = 880
DESCENT = -120
UNITS_PER_EM = 1000
FAMILY_NAME = "XxgkBox"


def _box_glyph() -> bytes:
    """A closed square from (0, DESCENT) to (UNITS_PER_EM, ASCENT), padded to 4 bytes."""
    points = [(0, DESCENT), (0, ASCENT), (UNITS_PER_EM, ASCENT), (UNITS_PER_EM, DESCENT)]
    header = struct.pack(">hhhhh", 1, 0, DESCENT, UNITS_PER_EM, ASCENT)
    body = struct.pack(">HH", len(points) - 1, 0) + bytes([0x01] * len(points))
    previous = (0, 0)
    xs, ys = b"", b""
    for x, y in points:
        xs += struct.pack(">h", x - previous[0])
        ys += struct.pack(">h", y - previous[1])
        previous = (x, y)
    glyph = header + body + xs + ys
    return glyph + b"\0" * (-len(glyph) % 4)


def _name_table() -> bytes:
    records = [(1, FAMILY_NAME), (2, "Regular"), (4, FAMILY_NAME), (6, FAMILY_NAME)]
    strings = b""
    entries = b""
    for name_id, text in records:
        encoded = text.encode("utf-16-be")
        entries += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + entries + strings


def _tables() -> dict[bytes, bytes]:
    glyph = _box_glyph()
    cmap_format_13 = struct.pack(">HHIII", 13, 0, 28, 0, 1) + struct.pack(">III", 0, 0x10FFFF, 1)
    os2 = struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHH",
        1, UNITS_PER_EM // 2, 400, 5, 0, 650, 700, 0, 140, 650, 700, 0, 480, 50, 250, 0,
        bytes(10), 0, 0, 0, 0, b"XXGK", 0x40, 0, 0xFFFF, ASCENT, DESCENT, 0, ASCENT, -DESCENT,
    ) + struct.pack(">II", 1, 0)
    return {
        b"OS/2": os2,
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + cmap_format_13,
        b"glyf": glyph * 2,  # .notdef is the square too
        b"head": struct.pack(
            ">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM,
            0, 0, 0, DESCENT, UNITS_PER_EM, ASCENT, 0, 8, 2, 0, 0,
        ),
        b"hhea": struct.pack(
            ">IhhhHhhhhhhhhhhhH", 0x00010000, ASCENT, DESCENT, 0, UNITS_PER_EM, 0, 0,
            UNITS_PER_EM, 1, 0, 0, 0, 0, 0, 0, 0, 2,
        ),
        b"hmtx": struct.pack(">HhHh", UNITS_PER_EM, 0, UNITS_PER_EM, 0),
        b"loca": struct.pack(">HHH", 0, len(glyph) // 2, len(glyph)),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0,
                             0, 0, 0),
        b"name": _name_table(),
        b"post": struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0),
    }


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def build_box_font() -> bytes:
    """The font file (about 700 bytes)."""
    tables = _tables()
    count = len(tables)
    entry_selector = count.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(">IHHHH", 0x00010000, count, search_range, entry_selector,
                         16 * count - search_range)
    offset = len(header) + 16 * count
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    head_at = offset + body.index(tables[b"head"])
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


_BOX_FONT_HANDLE = 1  # the one font this process hands pdfium (any non-null pointer)
# Windows charsets pdfium asks for: Shift-JIS, Hangul, GB2312, Big5. Latin fonts it does not
# find get pdfium's own (Helvetica, Times, Courier: with their glyphs and, for the standard
# fonts a PDF may use without /Widths, their widths).
_CJK_CHARSETS = frozenset({128, 129, 134, 136})
_font_info = None  # the callbacks pdfium holds: kept alive for the process


def install_box_font() -> None:
    """Make this font pdfium's answer to every request for a CJK system font (once a process:
    pdfium keeps the callbacks); other requests get pdfium's built-in fonts."""
    global _font_info
    if _font_info is not None:
        return
    font = build_box_font()
    face_name = FAMILY_NAME.encode("ascii")
    info = pdfium_c.FPDF_SYSFONTINFO()
    fields = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)

    def copy_into(buffer, size: int, data: bytes) -> int:
        if buffer and size >= len(data):
            ctypes.memmove(buffer, data, len(data))
        return len(data)

    def map_font(_info, _weight, _italic, charset, _pitch_family, _face, _exact):
        return _BOX_FONT_HANDLE if charset in _CJK_CHARSETS else None

    def font_data(_info, _font, table, buffer, size):
        return copy_into(buffer, size, font) if table == 0 else 0

    callbacks = {
        "Release": lambda _info: None,
        "EnumFonts": lambda _info, _mapper: None,
        "MapFont": map_font,
        "GetFont": lambda _info, _face: None,
        "GetFontData": font_data,
        "GetFaceName": lambda _info, _font, buffer, size: copy_into(
            ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte)), size, face_name + b"\0"),
        "GetFontCharset": lambda _info, _font: 1,  # DEFAULT_CHARSET: it has every code point
        "DeleteFont": lambda _info, _font: None,
    }
    info.version = 1
    for name, function in callbacks.items():
        setattr(info, name, fields[name](function))
    pdfium_c.FPDF_SetSystemFontInfo(info)
    _font_info = (info, callbacks)
