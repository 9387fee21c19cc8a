"""PDF to text with pdfium: text lines page by page, ruled tables as pipe rows in place.

- pdfium gives each page's characters with their boxes and its ruling lines
  (``pdfium_page``); lines are rebuilt from positions (``pdf_lines``) and ruled tables from
  the ruling lines (``pdf_tables``).
- Characters inside a table's box are left out of the running text and the table is emitted
  as pipe rows at its vertical position, so no table text appears twice.
- Lines of a paragraph are rejoined by geometry: a line that runs to the right margin
  continues on the next line unless that one is indented (a new paragraph), starts with a
  section number, or the first ends a sentence (。！？;). This is what turns "全年主动公开政府信息" /
  "752条" back into one sentence; the text-level rule in ``xxgk.clean`` cannot see margins.
- Pages are separated by a form feed line; cleaning removes it and the page numbers around
  it, and rejoins words cut by it. A table running on from one page to the next is kept as
  consecutive pipe rows: no page break is emitted between them.
- Pages without a usable text layer (``pdf_text_layer``: no text, or garbage) are image
  pages, read by OCR (``pdf_ocr``, ``ocr_page``) into lines and tables the same way, so the
  rest of this module does not tell them apart. Image pages OCR cannot read (no engine on
  the machine, over a bound) are left out with a warning; a PDF with nothing left is
  ``needs_ocr``, its message saying why (and what to install). Unreadable or
  truncated files: ``parse_failed``. Streams that would decode to more than
  ``limits.MAX_PDF_INFLATED_BYTES``: ``too_large`` (``pdf_guard``, before pdfium reads any).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium

from xxgk.clean.line_joins import starts_enumerated
from xxgk.clean.page_breaks import is_page_number_line
from xxgk.decode import limits
from xxgk.decode.pdf_guard import check_inflated_size, open_guarded
from xxgk.decode.pdf_lines import TextLine, chars_to_lines
from xxgk.decode.pdf_ocr import read_image_pages
from xxgk.decode.pdf_tables import PdfTable, fill_cell_texts, find_tables, table_grid
from xxgk.decode.pdf_text_layer import CID_GLYPH, TextLayerVerdict, judge_text_layer
from xxgk.decode.pdfium_page import PDFIUM_LOCK, Char, PageLayer, open_pdf, read_page
from xxgk.decode.pipe_rows import render_pipe_rows
from xxgk.model import DocumentError

_ENDS_SENTENCE = re.compile(r"[。！？!?;；]$")
_MIN_LINES_FOR_MARGINS = 3


@dataclass(slots=True)
class PageContent:
    # ("line", text) or ("table", pipe rows), top to bottom
    segments: list[tuple[str, Any]] = field(default_factory=list)
    # The page read with its first block, a ruled table of one row, as a table: used when
    # it carries on the table the page before ended with (see _page_content).
    continuation: PageContent | None = None


def _is_latin_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _join_wrapped_lines(lines: list[TextLine]) -> list[str]:
    """Rejoin lines wrapped at the right margin into paragraphs (see module docstring)."""
    texts = [line.text for line in lines]
    if len(lines) < _MIN_LINES_FOR_MARGINS:
        return texts
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    tolerance = statistics.median(line.bottom - line.top for line in lines)
    out: list[str] = []
    continues = False
    for line, text in zip(lines, texts, strict=True):
        indented = line.x0 > left + tolerance
        if continues and out and not indented and not starts_enumerated(text):
            previous = out[-1]
            glue = " " if _is_latin_word_char(previous[-1]) and _is_latin_word_char(text[0]) else ""
            out[-1] = previous + glue + text
        else:
            out.append(text)
        continues = line.x1 >= right - tolerance and _ENDS_SENTENCE.search(text) is None
    return out


def _content(tables: list[PdfTable], cell_items: list[Char], text_items: list[Char]) -> PageContent:
    content = PageContent()
    for table in tables:
        fill_cell_texts(table, cell_items)
    blocks: list[tuple[float, str, Any]] = [(table.bbox[1], "table", table) for table in tables]
    blocks += [(line.top, "line", line) for line in chars_to_lines(text_items)]
    blocks.sort(key=lambda block: block[0])
    run: list[TextLine] = []
    for _, kind, payload in blocks:
        if kind == "line":
            run.append(payload)
            continue
        content.segments += [("line", text) for text in _join_wrapped_lines(run)]
        run = []
        rows = render_pipe_rows(table_grid(payload))
        if rows:
            content.segments.append(("table", rows))
    content.segments += [("line", text) for text in _join_wrapped_lines(run)]
    return content


def _inside(item: Char, box: tuple[float, float, float, float]) -> bool:
    x, y = (item.x0 + item.x1) / 2, (item.top + item.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _page_content(layer: PageLayer) -> PageContent:
    """The page's lines and tables. A ruled table of one row is read as text, as it always
    was; but where it is the first thing on the page (page numbers aside), the page is also
    read with it as a table (``continuation``): a table split between pages often leaves
    its last row alone on the next one, and ``_assemble`` joins it to the rows before."""
    tables = [table for table in layer.tables if table.row_count >= 2]
    lone = [table for table in layer.tables if table.row_count < 2]
    if not lone:
        return _content(tables, layer.chars, layer.runs)
    in_lone = [item for item in layer.chars if any(_inside(item, t.bbox) for t in lone)]
    in_tables = [item for item in layer.chars if not any(_inside(item, t.bbox) for t in lone)]
    content = _content(tables, in_tables, layer.runs + in_lone)
    first = min(lone, key=lambda table: table.bbox[1])
    above = [block for block in [*tables, *chars_to_lines(layer.runs)]
             if (block.bbox[1] if isinstance(block, PdfTable) else block.top) < first.bbox[1]]
    if all(isinstance(block, TextLine) and is_page_number_line(block.text) for block in above):
        first_items = [item for item in in_lone if _inside(item, first.bbox)]
        rest = [item for item in in_lone if not _inside(item, first.bbox)]
        content.continuation = _content([first, *tables], [*in_tables, *first_items],
                                        layer.runs + rest)
    return content


def _skip_page_numbers(
    segments: list[tuple[str, Any]], index: int, step: int, removed: set[int]
) -> int:
    """The nearest index from ``index`` in direction ``step`` that is not a page number line."""
    while 0 <= index < len(segments):
        kind, payload = segments[index]
        if index not in removed and not (kind == "line" and is_page_number_line(payload)):
            return index
        index += step
    return -1


def _merge_tables_across_pages(segments: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Join a table that ends one page to the table that starts the next, dropping the page
    break and page numbers between them: one table, consecutive pipe rows."""
    removed: set[int] = set()
    for index, (kind, _) in enumerate(segments):
        if kind != "break":
            continue
        before = _skip_page_numbers(segments, index - 1, -1, removed)
        after = _skip_page_numbers(segments, index + 1, +1, removed)
        if before < 0 or after < 0:
            continue
        if segments[before][0] != "table" or segments[after][0] != "table":
            continue
        segments[before][1].extend(segments[after][1])
        removed.update(range(before + 1, after + 1))
    return [segment for index, segment in enumerate(segments) if index not in removed]


def _columns(row: str) -> int:
    return row.count(" | ") + 1


def _ends_with_table(segments: list[tuple[str, Any]]) -> list[str] | None:
    """The rows of the table that ends ``segments`` (page breaks and numbers after it
    aside)."""
    for kind, payload in reversed(segments):
        if kind == "table":
            return payload
        if kind == "line" and not is_page_number_line(payload):
            return None
    return None


def _assemble(pages: list[PageContent]) -> str:
    segments: list[tuple[str, Any]] = []
    for number, page in enumerate(pages):
        if number:
            segments.append(("break", None))
        before = _ends_with_table(segments)
        if page.continuation is not None and before is not None:
            row = next(payload[0] for kind, payload in page.continuation.segments
                       if kind == "table")
            if _columns(row) == _columns(before[-1]):
                page = page.continuation
        for kind, payload in page.segments:  # copies: merging extends table row lists
            segments.append((kind, list(payload) if kind == "table" else payload))
    pieces: list[str] = []
    for kind, payload in _merge_tables_across_pages(segments):
        if kind == "line":
            pieces.append(payload)
        elif kind == "table":
            pieces += ["", *payload, ""]
        else:
            pieces.append("\f")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(pieces))


def layers_to_text(layers: list[PageLayer]) -> str:
    """The text of pages read into layers (text or OCR'd), tables as pipe rows."""
    return _assemble([_page_content(layer) for layer in layers])


def _find_tables_of_one_row_up(h_rules, v_rules) -> list[PdfTable]:
    return find_tables(h_rules, v_rules, min_rows=1)


def _check_streams(data: bytes) -> None:
    """The decompression bomb guard, on pdfminer's reading of the file (``pdf_guard``)."""
    try:
        document = open_guarded(data)  # opening decodes some streams: checked before
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        reason = f"unreadable PDF: {type(exc).__name__}: {exc}"
        raise DocumentError("parse_failed", reason) from None
    check_inflated_size(document, data)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return open_pdf(data)
    except pdfium.PdfiumError as exc:
        raise DocumentError("parse_failed", f"unreadable PDF: {exc}") from None


def _read_layers(data: bytes) -> list[PageLayer]:
    with PDFIUM_LOCK:
        pdf = _open(data)
        try:
            page_count = len(pdf)
            if page_count > limits.MAX_PDF_PAGES:
                reason = f"PDF has {page_count} pages (limit {limits.MAX_PDF_PAGES})"
                raise DocumentError("too_large", reason)
            layers = []
            fonts: dict[int, dict[str, float]] = {}
            for number in range(1, page_count + 1):
                try:
                    page = pdf[number - 1]
                except pdfium.PdfiumError as exc:
                    reason = f"PDF page {number} unreadable: {exc}"
                    raise DocumentError("parse_failed", reason) from None
                try:
                    layers.append(read_page(page, fonts, _find_tables_of_one_row_up))
                except pdfium.PdfiumError as exc:
                    reason = f"PDF page {number} unreadable: {exc}"
                    raise DocumentError("parse_failed", reason) from None
                finally:
                    page.close()
            return layers
        finally:
            pdf.close()


def _describe_pages(pages: list[str]) -> str:
    shown = ", ".join(pages[:20])
    return shown + (f" and {len(pages) - 20} more" if len(pages) > 20 else "")


def _no_usable_text_reason(verdicts: list[TextLayerVerdict]) -> str:
    page_count = len(verdicts)
    garbage = [str(n) for n, verdict in enumerate(verdicts, start=1)
               if verdict.reason != "no text"]
    if not garbage:
        total = sum(verdict.visible_chars for verdict in verdicts)
        return f"PDF has no text layer ({total} characters on {page_count} pages)"
    unreadable = sum(verdict.unreadable_glyphs for verdict in verdicts)
    glyphs = sum(verdict.visible_chars for verdict in verdicts)
    return (f"PDF text layer is garbage on pages {_describe_pages(garbage)} of {page_count}"
            f" ({unreadable} of {glyphs} glyphs unreadable: no Unicode map, private-use or"
            " replacement characters) and empty on the others")


def _image_pages_warning(verdicts: list[TextLayerVerdict], left_out: list[int]) -> str:
    pages = [f"{n} ({(verdicts[n - 1].reason or '').split(':')[0]})" for n in left_out]
    return "pages without a usable text layer (scanned?): " + _describe_pages(pages)


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    warnings: tuple[str, ...] = ()
    text_source: str = "text"  # text | ocr (every page read by OCR) | mixed
    # (text, confidence) of every box of figures OCR read and kept, in page order
    ocr_readings: tuple[tuple[str, float], ...] = ()


def _text_source(text_pages: int, ocr_pages: int) -> str:
    if not ocr_pages:
        return "text"
    return "mixed" if text_pages else "ocr"


def pdf_to_text(data: bytes) -> PdfText:
    """Text of a PDF with tables as pipe rows, image pages read by OCR; DocumentError for
    broken files, and for scans that OCR cannot read (no engine, nothing found)."""
    _check_streams(data)
    layers = _read_layers(data)
    verdicts = [judge_text_layer(layer) for layer in layers]
    image_pages = [n for n, verdict in enumerate(verdicts, start=1) if verdict.is_image_page]
    ocr = read_image_pages(data, image_pages)
    text_pages = len(layers) - len(image_pages)
    if not text_pages and not ocr.pages:
        reason = (_no_usable_text_reason(verdicts) if verdicts
                  else "PDF has no text layer (0 characters on 0 pages)")
        if ocr.engine_missing:
            reason += f"; OCR is not available: {ocr.engine_missing}"
        elif verdicts:
            reason += "; " + "; ".join(ocr.warnings)
        raise DocumentError("needs_ocr", reason)
    warnings: list[str] = []
    left_out = [n for n in image_pages if n not in ocr.pages]
    if left_out:
        warnings.append(_image_pages_warning(verdicts, left_out))
        if ocr.engine_missing:
            warnings.append(f"OCR is not available: {ocr.engine_missing}")
    warnings += ocr.warnings
    used = [ocr.pages[n].layer if n in ocr.pages else layer
            for n, layer in enumerate(layers, start=1) if n in ocr.pages or n not in image_pages]
    unmapped = sum(layer.unmapped_chars for layer in used)
    if unmapped:
        warnings.append(f"{unmapped} glyphs without a Unicode map dropped")
    text = layers_to_text(used)
    glyphs = len(CID_GLYPH.findall(text))
    if glyphs:
        text = CID_GLYPH.sub("", text)
        warnings.append(f"{glyphs} unmapped glyphs (cid:NN) dropped")
    if ocr.pages and not text.strip() and not text_pages:
        reason = f"{_no_usable_text_reason(verdicts)}; OCR read no text on its image pages"
        raise DocumentError("needs_ocr", "; ".join([reason, *ocr.warnings]))
    readings = tuple(reading for n in sorted(ocr.pages) for reading in ocr.pages[n].readings)
    return PdfText(text, tuple(warnings), _text_source(text_pages, len(ocr.pages)), readings)
