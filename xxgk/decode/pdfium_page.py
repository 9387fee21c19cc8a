"""What pdfium gives of one PDF page: its text as boxes, its ruling lines and its tables.

Everything downstream (lines in reading order, table cells, the image-page test) works on
these plain values, never on pdfium handles. Coordinates are PDF points with the y axis
flipped (``top`` = -y), so that smaller is higher on the page, as a reader goes.

- Text comes from pdfium's text page: all of it in one call, then positions. A character's
  box starts at its origin, is as wide as the PDF's own width for it (/W, /Widths, through
  its font), and one em tall, 0.88 of it above the baseline. pdfium's own character boxes
  are not used: for a font the PDF does not embed they take the substitute font's glyph.
- pdfium puts a space of its own (a generated character, of no text object) at every gap
  wider than a fraction of an em (a sixth of one for CJK type, under 3 points up to 18-point
  type), and a line break where the baseline changes. So a run of
  visible characters between two whitespace characters has no gap a word could end at: it
  is read as one box, from its first and last characters (two calls, not two per
  character). Where that does not hold — the run leaves its baseline, or overflows its
  table cell — its characters are read one by one. Real spaces are kept (they end words);
  generated ones are dropped: words are rebuilt from positions (``pdf_lines``) by the same
  rule for every producer.
- Characters pdfium could not map to Unicode (a font without a ToUnicode map or a usable
  encoding) are counted and left out: pdfium would give the raw glyph code, which reads as
  random characters. They are found by sampling and, on a page where the sample finds any,
  checked one by one.
- Ruling lines: ``pdfium_rules``; tables are found from them before the text is read, so
  that what lies in a table goes to its cells (``PageLayer.chars``) and the rest to the
  running text (``PageLayer.runs``).
- pdfium is given one font for every CJK font a PDF does not embed, the square of
  ``pdf_box_font`` (why: there), instead of the machine's fonts.
- pdfium is not thread-safe: one page is read at a time in a process (``PDFIUM_LOCK``).
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from xxgk.decode.pdf_box_font import install_box_font
from xxgk.decode.pdfium_rules import Rule, read_rules

PDFIUM_LOCK = threading.RLock()

_UNMAPPED_SAMPLE_STRIDE = 16
_SAME_BASELINE = 0.01  # points
_RUN_OR_SPACE = re.compile(r"\S+|\s")
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


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class _Table(Protocol):
    bbox: Box

    def cell_at(self, x: float, y: float) -> Box | None: ...



@dataclass(slots=True)
class PageLayer:
    # what is inside the page's tables: runs of characters pdfium read without a gap (as one
    # box each) that sit in one cell, and characters one by one where a run would not
    chars: list[Char] = field(default_factory=list)
    # the rest of the page, the same way: runs, spaces, characters
    runs: list[Char] = field(default_factory=list)
    # (y, x0, x1) for horizontal rules, (x, top, bottom) for vertical ones
    h_rules: list[tuple[float, float, float]] = field(default_factory=list)
    v_rules: list[tuple[float, float, float]] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)  # what read_page's find_tables found
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
    if address is None:
        raise ImportError(f"pdfium lacks {name}")
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


class _CharReader:
    """Positions of a text page's characters, one pdfium call or two each, with the styles
    of their text objects and their fonts' widths cached."""

    def __init__(self, textpage: ctypes.c_void_p, fonts: _FontWidths) -> None:
        self.page = ctypes.cast(textpage, ctypes.c_void_p).value
        self.fonts = fonts
        self.styles: dict[int, _Style] = {}
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._x_ref, self._y_ref = ctypes.byref(self._x), ctypes.byref(self._y)

    def text_object(self, index: int) -> int:
        """The text object of the character at ``index``; 0 for one pdfium generated."""
        return _GET_TEXT_OBJECT(self.page, index) or 0

    def read(self, index: int, char: str, text_object: int) -> Char:
        """The box of ``char``, the character at ``index`` (of ``text_object``)."""
        style = self.styles.get(text_object)
        if style is None:
            style = self.styles[text_object] = _style_of(text_object)
        font, x_scale, ascent, descent = style
        widths = self.fonts.setdefault(font, {})
        width = widths.get(char)
        if width is None:
            width = widths[char] = _advance(font, char)
        _GET_CHAR_ORIGIN(self.page, index, self._x_ref, self._y_ref)
        x, y = self._x.value, self._y.value
        return Char(char, x, x + width * x_scale, -y - ascent, descent - y)


def _read_each_char(reader: _CharReader, text: str, start: int, end: int,
                    skipped: set[int]) -> list[Char]:
    chars = []
    for index in range(start, end):
        if index in skipped:
            continue
        text_object = reader.text_object(index)
        if text_object:  # 0: generated by pdfium (a guessed space or line break)
            chars.append(reader.read(index, text[index], text_object))
    return chars


def _read_run(reader: _CharReader, text: str, start: int,
              end: int) -> tuple[Char, Char, Char] | None:
    """A run of visible characters with no whitespace between them (pdfium puts a space of
    its own at every gap wider than a fraction of an em) as one box, from its first and last
    characters (returned too): None when they do not share a baseline, or a character has no
    text object."""
    first_object = reader.text_object(start)
    last_object = reader.text_object(end - 1) if end - 1 > start else first_object
    if not first_object or not last_object:
        return None
    first = reader.read(start, text[start], first_object)
    if end - 1 == start:
        return first, first, first
    last = reader.read(end - 1, text[end - 1], last_object)
    if abs(last.top - first.top) > _SAME_BASELINE or last.x0 < first.x0:
        return None
    return Char(text[start:end], first.x0, last.x1, first.top, first.bottom), first, last


def _centre(char: Char) -> tuple[float, float]:
    return (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2


def _table_at(tables: list[_Table], char: Char) -> _Table | None:
    x, y = _centre(char)
    for table in tables:
        x0, top, x1, bottom = table.bbox
        if x0 <= x <= x1 and top <= y <= bottom:
            return table
    return None


def _fits_one_cell(table: _Table, first: Char, last: Char) -> bool:
    """Whether every character of a run from ``first`` to ``last`` has its centre in the
    cell of the first one (a run may overflow its cell into the next)."""
    cell = table.cell_at(*_centre(first))
    return cell is not None and table.cell_at(*_centre(last)) == cell


def _read_text(textpage: ctypes.c_void_p, layer: PageLayer, fonts: _FontWidths) -> None:
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
    reader = _CharReader(textpage, fonts)
    if unmapped:  # rare: character by character, the unmapped ones left out
        _file(layer, _read_each_char(reader, text, 0, count, unmapped))
        return
    for found in _RUN_OR_SPACE.finditer(text):
        start, end = found.span()
        if end - start == 1 and text[start].isspace():
            text_object = reader.text_object(start)
            if text_object:  # a real space (0: one pdfium generated)
                _file(layer, [reader.read(start, text[start], text_object)])
            continue
        read = _read_run(reader, text, start, end)
        if read is None:
            _file(layer, _read_each_char(reader, text, start, end, unmapped))
            continue
        run, first, last = read
        table = _table_at(layer.tables, first) if layer.tables else None
        if table is None:
            layer.runs.append(run)
        elif _fits_one_cell(table, first, last):
            layer.chars.append(run)
        else:
            _file(layer, _read_each_char(reader, text, start, end, unmapped))


def _file(layer: PageLayer, chars: list[Char]) -> None:
    """Characters read one by one: those in a table to its cells, the rest to the text."""
    for char in chars:
        if layer.tables and _table_at(layer.tables, char) is not None:
            layer.chars.append(char)
        else:
            layer.runs.append(char)


def read_page(page: pdfium.PdfPage, fonts: _FontWidths,
              find_tables: Callable[[list[Rule], list[Rule]], Sequence[_Table]]) -> PageLayer:
    """Ruling lines, tables and text of one page (call under ``PDFIUM_LOCK``): the tables
    ``find_tables`` finds among the rules, the characters inside them one by one, the rest
    as runs. ``fonts`` holds the widths read so far from the document's fonts (a dict per
    document, filled here)."""
    layer = PageLayer()
    layer.h_rules, layer.v_rules = read_rules(page)
    layer.tables = list(find_tables(layer.h_rules, layer.v_rules))
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        raise pdfium.PdfiumError("pdfium could not read the page's text")
    try:
        _read_text(textpage, layer, fonts)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    return layer
