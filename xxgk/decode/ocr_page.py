"""A scanned PDF page read by OCR into the shape a text page has: lines, cells and tables.

1. The page is rendered to grey pixels at ``limits.OCR_DPI`` (``render_page_grey``), after
   two checks against decompression bombs: the rendered page may not exceed
   ``limits.MAX_OCR_PAGE_PIXELS`` (a larger page is rendered at a lower resolution), and
   the images the page draws may not hold more than ``limits.MAX_OCR_SOURCE_PIXELS``
   (pdfium would decode each whole before scaling it down).
2. It is turned straight and its ruling lines found (``scan_geometry``).
3. The engine reads its text lines (``ocr_engine``). Each becomes one ``Char`` box in
   points, as a run of characters is on a text page; a line that crosses a vertical rule of
   a table (the engine saw two cells as one line) is cut at the rule, by its glyphs' boxes.
4. Tables come from the ruling lines by the text pages' rules (``pdf_tables``), lines by
   baseline (``pdf_lines``): ``pdf_text`` then treats the page like any other, so its pipe
   rows meet the same table reader and label alignment as every other layout.

Figures in table cells are read cell by cell. The engine alone misses many: a lone 0 in a
cell is found as nothing, or read as o, O or 。 (a crop of one round glyph, nothing around it
to say it is a figure). So every cell of a ruled table that holds no label (no reading
that is not figure-like) is read from its own pixels: the ink inside its rules (lone specks
aside) is cropped and read as a figure (``ocr_engine.read_figures``: digits only), which
gives the figure's own confidence; twice, framed by two margins, and two readings that
differ are not trusted. A cell without ink is blank, whatever the engine saw in it.

Every box carries the engine's confidence in its figures: the lowest of its digits'. A box
holding a digit below ``limits.OCR_MIN_CONFIDENCE`` is not used: inside a table its cell is
left blank (the value is null), outside it the line is dropped; a warning names it.
A misread digit above the threshold is not caught here: the report's identity checks are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from xxgk.decode import limits
from xxgk.decode.ocr_engine import Glyph, OcrLine, read_figures, recognise
from xxgk.decode.pdf_tables import PdfTable, find_tables
from xxgk.decode.pdfium_page import Char, PageLayer
from xxgk.decode.scan_geometry import estimate_skew_degrees, find_rules, ink_mask

_DIGIT = re.compile(r"\d")
# A plain reading that may be a figure: digits, a decimal point, and what the engine reads a
# lone digit as (o O 〇 。 for 0, l I for 1)
_FIGURE_LIKE = re.compile(r"[0-9.,oO〇。lI]+")
_FIGURE_MARGINS = (2, 4)  # pixels of white around a figure's ink, in its two readings
_CELL_INSET = 4  # pixels inside a cell's rules where its ink is looked for
_RULE_SPAN = 0.7  # ink across this share of a cell's height (width) is a rule, not a figure
_MIN_FIGURE_INK = 12  # ink pixels (a 7-point "1" at 150 dpi has about 25)
_MIN_FIGURE_HEIGHT = 7  # pixels (a 7-point digit is about 10 tall at 150 dpi)
_MIN_PAGE_INK = 50  # ink pixels: fewer, and the page is blank
_READ_MARGIN = 24  # pixels of the page around its ink given to the engine
_BAND_GAP = 90  # blank pixel rows that part two bands of ink (a blank line of text is ~40)
_CUT_MARGIN = 2.0  # points: a line reaching this far past a rule crosses it


@dataclass(slots=True)
class OcrPage:
    """An OCR'd page: its layer for ``pdf_text``, what it read, what it refused."""

    layer: PageLayer
    readings: list[tuple[str, float]] = field(default_factory=list)  # digit boxes kept
    refused: list[str] = field(default_factory=list)  # digit boxes below the confidence
    confidence: float | None = None  # the lowest confidence of a digit box kept


class PageTooLarge(ValueError):
    """The page's images would cost too much to decode (a decompression bomb, or near)."""


def _source_pixels(page: pdfium.PdfPage) -> int:
    total = 0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=8):
        width, height = image.get_px_size()
        total += int(width) * int(height)
    return total


def render_page_grey(page: pdfium.PdfPage) -> tuple[np.ndarray, float]:
    """The page as grey pixels, and the resolution (dpi) it was rendered at."""
    source = _source_pixels(page)
    if source > limits.MAX_OCR_SOURCE_PIXELS:
        raise PageTooLarge(f"its images hold {source:,} pixels "
                           f"(limit {limits.MAX_OCR_SOURCE_PIXELS:,})")
    width_pt, height_pt = page.get_size()
    dpi = float(limits.OCR_DPI)
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels > limits.MAX_OCR_PAGE_PIXELS:
        dpi *= (limits.MAX_OCR_PAGE_PIXELS / pixels) ** 0.5 * 0.995  # pdfium rounds up
    if width_pt * dpi / 72 < 1 or height_pt * dpi / 72 < 1:
        raise PageTooLarge(f"page of {width_pt:.0f} × {height_pt:.0f} points has no pixels")
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        grey = np.array(bitmap.to_numpy(), copy=True)
    finally:
        bitmap.close()
    if grey.ndim == 3:  # pdfium may hand back a channel axis of one
        grey = grey[:, :, 0]
    return grey, dpi


def _straighten(grey: np.ndarray) -> np.ndarray:
    angle = estimate_skew_degrees(grey)
    if abs(angle) < 0.05:
        return grey
    turned = Image.fromarray(grey).rotate(-angle, resample=Image.Resampling.BICUBIC,
                                          fillcolor=255)
    return np.asarray(turned)


Box = tuple[Char, float]  # a box of text in points, and its confidence


def _glyph_runs(line: OcrLine, cuts: list[float], scale: float) -> list[Box]:
    """The line's glyphs grouped between the cut positions (points): one box per group."""
    groups: dict[int, list] = {}
    for glyph in line.glyphs:
        centre = (glyph.x0 + glyph.x1) / 2 * scale
        groups.setdefault(sum(1 for cut in cuts if cut < centre), []).append(glyph)
    out: list[Box] = []
    for _, glyphs in sorted(groups.items()):
        text = "".join(glyph.text for glyph in glyphs).strip()
        if text:
            char = Char(text, min(g.x0 for g in glyphs) * scale,
                        max(g.x1 for g in glyphs) * scale, line.top * scale, line.bottom * scale)
            out.append((char, _figure_confidence(glyphs, line.confidence)))
    return out


def _figure_confidence(glyphs, line_confidence: float) -> float:
    """How sure the engine is of a box's figures: its least certain digit (of any glyph
    where it has no digit; of the line where the engine gave no glyphs)."""
    digits = [glyph.confidence for glyph in glyphs if _DIGIT.search(glyph.text)]
    if digits:
        return min(digits)
    return min((glyph.confidence for glyph in glyphs), default=line_confidence)


def _boxes(lines: list[OcrLine], tables: list[PdfTable], scale: float) -> list[Box]:
    boxes: list[Box] = []
    for line in lines:
        x0, x1 = line.x0 * scale, line.x1 * scale
        top, bottom = line.top * scale, line.bottom * scale
        middle = (top + bottom) / 2
        cuts = sorted({cell[0] for table in tables for cell in table.cells
                       if table.bbox[1] <= middle <= table.bbox[3]
                       and x0 + _CUT_MARGIN < cell[0] < x1 - _CUT_MARGIN})
        if cuts and line.glyphs:
            boxes += _glyph_runs(line, cuts, scale)
            continue
        text = line.text.strip()
        if text:
            boxes.append((Char(text, x0, x1, top, bottom),
                          _figure_confidence(line.glyphs, line.confidence)))
    return boxes


def _solid_ink(ink: np.ndarray) -> np.ndarray:
    """Ink pixels touched by at least two ink neighbours: strokes, not dust or JPEG specks."""
    padded = np.pad(ink, 1)
    neighbours = (padded[:-2, 1:-1].astype(np.int8) + padded[2:, 1:-1] + padded[1:-1, :-2]
                  + padded[1:-1, 2:])
    return ink & (neighbours >= 2)


def _ink_box(grey: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box (pixels) of the ink inside ``box``, ignoring lone specks; None if blank."""
    x0, top, x1, bottom = box
    region = ink_mask(grey[max(top, 0):bottom, max(x0, 0):x1])
    if region.size == 0:
        return None
    # a rule the inset did not clear (a page straightened to within a pixel or two) spans
    # the cell; a figure's strokes do not
    region[:, region.mean(axis=0) > _RULE_SPAN] = False
    region[region.mean(axis=1) > _RULE_SPAN, :] = False
    solid = _solid_ink(region)
    if solid.sum() < _MIN_FIGURE_INK:
        return None
    rows, columns = np.nonzero(solid)
    if rows.max() - rows.min() + 1 < _MIN_FIGURE_HEIGHT:
        return None
    return (max(x0, 0) + int(columns.min()), max(top, 0) + int(rows.min()),
            max(x0, 0) + int(columns.max()) + 1, max(top, 0) + int(rows.max()) + 1)


def _figure_cells(boxes: list[Box], tables: list[PdfTable]) -> dict:
    """Cells (points) holding no label: no box whose text does not look like a figure."""
    labelled = set()
    for box, _ in boxes:
        if _FIGURE_LIKE.fullmatch(box.text):
            continue
        x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
        for table in tables:
            if (cell := table.cell_at(x, y)) is not None:
                labelled.add(cell)
    return {cell: table for table in tables for cell in table.cells if cell not in labelled}


def _read_figure_cells(grey: np.ndarray, image: np.ndarray, boxes: list[Box],
                       tables: list[PdfTable], scale: float) -> list[Box]:
    """Every table cell without a label read as a figure from its own pixels (module
    docstring): its ink, found inside its rules, read by ``read_figures``; a cell without
    ink is blank, whatever specks the engine read in it."""
    cells = _figure_cells(boxes, tables)
    kept = [(box, confidence) for box, confidence in boxes
            if not any(t.cell_at((box.x0 + box.x1) / 2, (box.top + box.bottom) / 2) in cells
                       for t in tables)]
    inked: list[tuple[int, int, int, int]] = []
    for cell in cells:
        inside = (int(cell[0] / scale) + _CELL_INSET, int(cell[1] / scale) + _CELL_INSET,
                  int(cell[2] / scale) - _CELL_INSET, int(cell[3] / scale) - _CELL_INSET)
        ink = _ink_box(grey, inside)
        if ink is not None:
            inked.append(ink)
    # Each figure is read twice, framed by two margins of white; readings that differ are
    # not trusted (confidence 0: refused), agreeing ones take the surer confidence.
    framed = [[(x0 - margin, top - margin, x1 + margin, bottom + margin)
               for x0, top, x1, bottom in inked] for margin in _FIGURE_MARGINS]
    readings = read_figures(image, [box for boxes in framed for box in boxes])
    first, second = readings[:len(inked)], readings[len(inked):]
    for ink, (text, confidence), (other, other_confidence) in zip(inked, first, second,
                                                                  strict=True):
        char = Char(text.strip("."), ink[0] * scale, ink[2] * scale, ink[1] * scale,
                    ink[3] * scale)
        agreed = text.strip(".") == other.strip(".")
        kept.append((char, max(confidence, other_confidence) if agreed else 0.0))
    return kept


def _inside_any(char: Char, tables: list[PdfTable]) -> bool:
    x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
    return any(t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3] for t in tables)


def _find_tables_of_one_row_up(h_rules, v_rules) -> list[PdfTable]:
    return find_tables(h_rules, v_rules, min_rows=1)


def _ink_bands(solid: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the page's bands of ink: runs of rows with ink,
    separated by at least ``_BAND_GAP`` blank rows, each as wide as its ink."""
    rows = np.flatnonzero(solid.sum(axis=1) >= 2)
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) > _BAND_GAP)
    starts = [int(rows[0]), *(int(rows[i + 1]) for i in breaks)]
    ends = [*(int(rows[i]) for i in breaks), int(rows[-1])]
    bands = []
    for top, bottom in zip(starts, ends, strict=True):
        columns = np.flatnonzero(solid[top:bottom + 1].sum(axis=0) >= 2)
        if len(columns):
            bands.append((int(columns[0]), top, int(columns[-1]) + 1, bottom + 1))
    return bands


def _recognise_inked_part(image: np.ndarray, grey: np.ndarray) -> list[OcrLine]:
    """The engine's lines, read band by band from the parts of the page that have ink
    (detection's cost grows with the pixels it is given: margins and the blank end of a
    last page cost as much as text), in the page's pixels."""
    height, width = grey.shape
    lines: list[OcrLine] = []
    for left, top, right, bottom in _ink_bands(_solid_ink(ink_mask(grey))):
        left, top = max(left - _READ_MARGIN, 0), max(top - _READ_MARGIN, 0)
        right, bottom = min(right + _READ_MARGIN, width), min(bottom + _READ_MARGIN, height)
        for line in recognise(np.ascontiguousarray(image[top:bottom, left:right])):
            lines.append(OcrLine(
                line.text, line.x0 + left, line.top + top, line.x1 + left, line.bottom + top,
                line.confidence,
                tuple(Glyph(g.text, g.x0 + left, g.top + top, g.x1 + left, g.bottom + top,
                            g.confidence) for g in line.glyphs)))
    return lines


def read_scanned_page(grey: np.ndarray, dpi: float, page_number: int) -> OcrPage:
    """OCR one rendered page into a ``PageLayer`` (see the module docstring)."""
    if int(ink_mask(grey).sum()) < _MIN_PAGE_INK:  # a blank page: nothing to read
        return OcrPage(PageLayer())
    grey = _straighten(grey)
    h_rules, v_rules = find_rules(grey, dpi)
    tables = _find_tables_of_one_row_up(h_rules, v_rules)
    image = np.ascontiguousarray(np.stack([grey] * 3, axis=-1))
    lines = _recognise_inked_part(image, grey)
    boxes = _boxes(lines, tables, 72.0 / dpi)
    page = OcrPage(PageLayer(h_rules=h_rules, v_rules=v_rules, tables=tables))
    kept_confidences = []
    boxes = _read_figure_cells(grey, image, boxes, tables, 72.0 / dpi)
    for box, confidence in boxes:
        in_table = _inside_any(box, tables)
        if not box.text:
            page.refused.append(f"page {page_number}: a figure that could not be read")
            continue
        if _DIGIT.search(box.text):
            if confidence < limits.OCR_MIN_CONFIDENCE:
                page.refused.append(f"page {page_number}: {box.text!r} ({confidence:.2f})")
                continue
            page.readings.append((box.text, confidence))
            kept_confidences.append(confidence)
        (page.layer.chars if in_table else page.layer.runs).append(box)
    page.layer.text = "".join(box.text for box, _ in boxes)
    page.confidence = min(kept_confidences) if kept_confidences else None
    return page
