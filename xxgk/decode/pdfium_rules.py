"""The ruling lines of a PDF page, from pdfium's path objects: what tables are built from.

A page's stroked or filled paths count, its form XObjects' included. A path thin in one
direction is one line along its middle (Word draws table borders as thin filled
rectangles); any other path gives its straight horizontal and vertical segments (a stroked
rectangle gives its four sides); curves are not rules. Coordinates as in ``pdfium_page``:
points, y flipped (``top`` = -y).
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_THIN_POINTS = 2.0  # a path this thin in one direction is a ruling line
_AXIS_EPSILON = 0.01  # points: a segment this close to level is horizontal (or vertical)
_MIN_RULE_POINTS = 1.0  # shorter segments are not rules (pdfplumber's prefilter, too)
_MAX_FORM_DEPTH = 8

Rule = tuple[float, float, float]  # (y, x0, x1) horizontal, (x, top, bottom) vertical


class _Rules:
    def __init__(self) -> None:
        self.horizontal: list[Rule] = []
        self.vertical: list[Rule] = []


def _transform(matrix: pdfium_c.FS_MATRIX | None, x: float, y: float) -> tuple[float, float]:
    if matrix is None:
        return x, y
    return (matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f)


def _add_segment(rules: _Rules, x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= _AXIS_EPSILON and abs(x1 - x0) >= _MIN_RULE_POINTS:
        rules.horizontal.append((-y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= _AXIS_EPSILON and abs(y1 - y0) >= _MIN_RULE_POINTS:
        rules.vertical.append((x0, -max(y0, y1), -min(y0, y1)))


def _read_path_segments(path: ctypes.c_void_p, outer: pdfium_c.FS_MATRIX | None,
                        rules: _Rules) -> None:
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
            _add_segment(rules, *current, *point)
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_segment(rules, *current, *start)
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
                rules: _Rules, depth: int) -> None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            matrix = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                count = pdfium_c.FPDFFormObj_CountObjects(obj)
                members = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)]
                _read_rules(members, _compose(outer, matrix), rules, depth + 1)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not _is_painted(obj):
            continue
        if outer is None and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            width, height = right.value - left.value, top.value - bottom.value
            if height <= _THIN_POINTS and width > height:
                middle = (top.value + bottom.value) / 2
                _add_segment(rules, left.value, middle, right.value, middle)
                continue
            if width <= _THIN_POINTS and height > width:
                middle = (left.value + right.value) / 2
                _add_segment(rules, middle, bottom.value, middle, top.value)
                continue
        _read_path_segments(obj, outer, rules)


def read_rules(page: pdfium.PdfPage) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines of ``page``."""
    rules = _Rules()
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [pdfium_c.FPDFPage_GetObject(page.raw, index) for index in range(count)]
    _read_rules(objects, None, rules, 0)
    return rules.horizontal, rules.vertical
