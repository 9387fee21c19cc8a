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
- Ruling lines are the page's stroked or filled paths, its form XObjects' included: a path
  thin in one direction is one line along its middle (Word draws borders as thin filled
  rectangles); any other path gives its straight horizontal and vertical segments (a
  stroked rectangle gives its four sides).
- pdfium is given one font for every font a PDF does not embed, the square of
  ``pdf_box_font`` (why: there), instead of the machine's fonts.
- pdfium is not thread-safe: one page is read at a time in a process (``PDFIUM_LOCK``).
"""

from __future__ import annotations

import ctypes
import math
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from xxgk.decode.pdf_box_font import FAMILY_NAME, build_box_font

PDFIUM_LOCK = threading.RLock()

_THIN_POINTS = 2.0  # a path this thin in one direction is a ruling line
_AXIS_EPSILON = 0.01  # points: a segment this close to level is horizontal (or vertical)
_MIN_RULE_POINTS = 1.0  # shorter segments are not rules (pdfplumber's prefilter, too)
_UNMAPPED_SAMPLE_STRIDE = 16
_MAX_FORM_DEPTH = 8
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


_BOX_FONT_HANDLE = 1  # the one font this process hands pdfium (any non-null pointer)
_font_info = None  # the callbacks pdfium holds: kept alive for the process


def _install_box_font() -> None:
    """Make ``pdf_box_font`` pdfium's answer to every request for a system font."""
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

    def font_data(_info, _font, table, buffer, size):
        return copy_into(buffer, size, font) if table == 0 else 0

    callbacks = {
        "Release": lambda _info: None,
        "EnumFonts": lambda _info, _mapper: None,
        "MapFont": lambda _info, *_request: _BOX_FONT_HANDLE,
        "GetFont": lambda _info, _face: _BOX_FONT_HANDLE,
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


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """A pdfium document over ``data`` (raises ``pdfium.PdfiumError`` if unreadable)."""
    _install_box_font()
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
    """The advance width of ``char`` in ``font`` at size 1."""
    width = ctypes.c_float()
    if not font or not _GET_GLYPH_WIDTH(font, ord(char), 1.0, width):
        return 0.0
    return width.value


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


def _transform(matrix: pdfium_c.FS_MATRIX | None, x: float, y: float) -> tuple[float, float]:
    if matrix is None:
        return x, y
    return (matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f)


def _add_segment(layer: PageLayer, x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= _AXIS_EPSILON and abs(x1 - x0) >= _MIN_RULE_POINTS:
        layer.h_rules.append((-y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= _AXIS_EPSILON and abs(y1 - y0) >= _MIN_RULE_POINTS:
        layer.v_rules.append((x0, -max(y0, y1), -min(y0, y1)))


def _read_path_segments(path: ctypes.c_void_p, outer: pdfium_c.FS_MATRIX | None,
                        layer: PageLayer) -> None:
    """Horizontal and vertical straight segments of a path (curves are not rules)."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(path, matrix):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _transform(outer, *_transform(matrix, x.value, y.value))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = current = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            _add_segment(layer, *current, *point)
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_segment(layer, *current, *start)
            current = start


def _is_painted(path: ctypes.c_void_p) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke):
        return False
    return bool(stroke.value) or fill.value != pdfium_c.FPDF_FILLMODE_NONE


def _compose(outer: pdfium_c.FS_MATRIX | None, inner: pdfium_c.FS_MATRIX) -> pdfium_c.FS_MATRIX:
    if outer is None:
        return inner
    result = pdfium_c.FS_MATRIX()
    result.a = inner.a * outer.a + inner.b * outer.c
    result.b = inner.a * outer.b + inner.b * outer.d
    result.c = inner.c * outer.a + inner.d * outer.c
    result.d = inner.c * outer.b + inner.d * outer.d
    result.e = inner.e * outer.a + inner.f * outer.c + outer.e
    result.f = inner.e * outer.b + inner.f * outer.d + outer.f
    return result


def _read_rules(objects: list[ctypes.c_void_p], outer: pdfium_c.FS_MATRIX | None,
                layer: PageLayer, depth: int) -> None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            matrix = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                count = pdfium_c.FPDFFormObj_CountObjects(obj)
                members = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)]
                _read_rules(members, _compose(outer, matrix), layer, depth + 1)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not _is_painted(obj):
            continue
        if outer is None and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            width, height = right.value - left.value, top.value - bottom.value
            if height <= _THIN_POINTS and width > height:
                middle = (top.value + bottom.value) / 2
                _add_segment(layer, left.value, middle, right.value, middle)
                continue
            if width <= _THIN_POINTS and height > width:
                middle = (left.value + right.value) / 2
                _add_segment(layer, middle, bottom.value, middle, top.value)
                continue
        _read_path_segments(obj, outer, layer)


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
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [pdfium_c.FPDFPage_GetObject(page.raw, index) for index in range(count)]
    _read_rules(objects, None, layer, 0)
    return layer
