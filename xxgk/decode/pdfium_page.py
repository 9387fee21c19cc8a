"""What pdfium gives of one PDF page: its characters with their boxes, and its ruling lines.

Everything downstream (lines in reading order, tables, the image-page test) works on these
plain values, never on pdfium handles. Coordinates are PDF points with the y axis flipped
(``top`` = -y), so that smaller is higher on the page, as a reader goes.

- Characters come from pdfium's text page: the text in one call, then each character's
  origin, and its advance width from the PDF's own widths (/W, /Widths) through its font;
  its box is one em tall, 0.88 above the baseline. pdfium's own character boxes are not
  used: for a font the PDF does not embed they take the substitute font's glyph, so "1" is
  as wide as "国". Characters pdfium generates itself (the spaces and line breaks it
  guesses) belong to no text object and are left out: lines and words are rebuilt from
  positions, the same way for every producer.
- Characters pdfium could not map to Unicode (a font without a ToUnicode map or a usable
  encoding) are counted and left out: pdfium would give the raw glyph code, which reads as
  random characters. They are found by sampling and, on a page where the sample finds any,
  checked one by one: the check costs a call per character.
- Ruling lines: ``pdfium_rules``.
- pdfium is given one font for every font a PDF does not embed, the square of
  ``pdf_box_font`` (why: there), instead of the machine's fonts.
- pdfium is not thread-safe: one page is read at a time in a process (``PDFIUM_LOCK``).
"""

from __future__ import annotations

import ctypes
import math
import threading
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from xxgk.decode.pdf_box_font import install_box_font
from xxgk.decode.pdfium_rules import read_rules

PDFIUM_LOCK = threading.RLock()

_UNMAPPED_SAMPLE_STRIDE = 16
# A character's box above and below its baseline, per point of font size: one em in all,
# as pdfminer's boxes are (the PDF's own ascent and descent vary by producer).
_ASCENT = 0.88
_DESCENT = 0.12


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class PageLayer:
    chars: list[Char] = field(default_factory=list)
    # (y, x0, x1) for horizontal rules, (x, top, bottom) for vertical ones
    h_rules: list[tuple[float, float, float]] = field(default_factory=list)
    v_rules: list[tuple[float, float, float]] = field(default_factory=list)
    unmapped_chars: int = 0
    text: str = ""  # the page's text as pdfium reads it, unmapped glyphs left out


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """A pdfium document over ``data`` (raises ``pdfium.PdfiumError`` if unreadable)."""
    install_box_font()
    return pdfium.PdfDocument(data)


# A text object's font, points per unit of advance width (font size times the text's x
# scale), and the points its characters' boxes reach above and below the baseline.
_Style = tuple[int, float, float, float]
# Advance widths at size 1 by font and character: a document's fonts (handles of its own).
_FontWidths = dict[int, dict[str, float]]


def _function(name: str, restype, *argtypes):
    """A pdfium function called with and returning plain addresses (ints): a handle that
    comes back as an int can key a dict without a conversion per call."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_GET_TEXT_OBJECT = _function("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_int)
_GET_CHAR_ORIGIN = _function("FPDFText_GetCharOrigin", ctypes.c_int, ctypes.c_void_p,
                             ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                             ctypes.POINTER(ctypes.c_double))
_GET_FONT = _function("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
_GET_FONT_SIZE = _function("FPDFTextObj_GetFontSize", ctypes.c_int, ctypes.c_void_p,
                           ctypes.POINTER(ctypes.c_float))
_GET_MATRIX = _function("FPDFPageObj_GetMatrix", ctypes.c_int, ctypes.c_void_p,
                        ctypes.POINTER(pdfium_c.FS_MATRIX))
_GET_GLYPH_WIDTH = _function("FPDFFont_GetGlyphWidth", ctypes.c_int, ctypes.c_void_p,
                             ctypes.c_uint32, ctypes.c_float, ctypes.POINTER(ctypes.c_float))


def _style_of(text_object: int) -> _Style:
    """Font and scale of a text object: what turns a character's advance width (the PDF's
    own, from /W or /Widths) into points, and the box above and below its baseline."""
    size = ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    if not _GET_FONT_SIZE(text_object, size) or not _GET_MATRIX(text_object, matrix):
        return (0, 0.0, 0.0, 0.0)
    x_scale = size.value * math.hypot(matrix.a, matrix.b)
    height = size.value * math.hypot(matrix.c, matrix.d)
    return (_GET_FONT(text_object) or 0, x_scale, height * _ASCENT, height * _DESCENT)


def _advance(font: int, char: str) -> float:
    """The advance width of ``char`` in ``font`` at size 1. A font pdfium cannot map the
    character back to a code in (no width known) gets a typical width: one em for a wide
    (CJK) character, half of one for others; zero would open a false gap after it."""
    width = ctypes.c_float()
    if font and _GET_GLYPH_WIDTH(font, ord(char), 1.0, width) and width.value > 0:
        return width.value
    if char.isspace():
        return 0.25
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5


def _text_of(textpage: ctypes.c_void_p, count: int) -> str:
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    return buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")


def _unmapped_indices(textpage: ctypes.c_void_p, count: int) -> set[int]:
    has_error = pdfium_c.FPDFText_HasUnicodeMapError
    sample = range(_UNMAPPED_SAMPLE_STRIDE // 2, count, _UNMAPPED_SAMPLE_STRIDE)
    if count < _UNMAPPED_SAMPLE_STRIDE:
        sample = range(count)
    if not any(has_error(textpage, index) == 1 for index in sample):
        return set()
    return {index for index in range(count) if has_error(textpage, index) == 1}


def _read_chars(textpage: ctypes.c_void_p, layer: PageLayer, fonts: _FontWidths) -> None:
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return
    text = _text_of(textpage, count)
    if len(text) != count:  # characters outside the BMP take two UTF-16 units: one at a time
        get_unicode = pdfium_c.FPDFText_GetUnicode
        text = "".join(chr(get_unicode(textpage, index)) for index in range(count))
    unmapped = _unmapped_indices(textpage, count)
    layer.unmapped_chars = len(unmapped)
    layer.text = text if not unmapped else "".join(
        char for index, char in enumerate(text) if index not in unmapped)
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(origin_x), ctypes.byref(origin_y)
    get_object, get_origin = _GET_TEXT_OBJECT, _GET_CHAR_ORIGIN
    append = layer.chars.append
    styles: dict[int, _Style] = {}
    last_object = 0
    font, widths, x_scale, ascent, descent = 0, {}, 0.0, 0.0, 0.0
    for index, char in enumerate(text):
        text_object = get_object(page, index)
        if not text_object:  # generated by pdfium (a guessed space or line break)
            continue
        if unmapped and index in unmapped:
            continue
        if text_object != last_object:
            style = styles.get(text_object)
            if style is None:
                style = styles[text_object] = _style_of(text_object)
            font, x_scale, ascent, descent = style
            widths = fonts.setdefault(font, {})
            last_object = text_object
        width = widths.get(char)
        if width is None:
            width = widths[char] = _advance(font, char)
        get_origin(page, index, x_ref, y_ref)
        x, y = origin_x.value, origin_y.value
        append(Char(char, x, x + width * x_scale, -y - ascent, descent - y))


def read_page(page: pdfium.PdfPage, fonts: _FontWidths) -> PageLayer:
    """Characters and ruling lines of one page (call under ``PDFIUM_LOCK``); ``fonts`` is
    the widths read so far from the document's fonts (a dict per document, filled here)."""
    layer = PageLayer()
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        raise pdfium.PdfiumError("pdfium could not read the page's text")
    try:
        _read_chars(textpage, layer, fonts)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    layer.h_rules, layer.v_rules = read_rules(page)
    return layer
