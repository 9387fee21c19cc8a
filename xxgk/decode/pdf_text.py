"""PDF to text with pdfplumber: text lines page by page, ruled tables as pipe rows in place.

- Characters inside a table's box are left out of the running text and the table is emitted
  as pipe rows at its vertical position, so no table text appears twice.
- Lines of a paragraph are rejoined by geometry: a line that runs to the right margin
  continues on the next line unless that one is indented (a new paragraph), starts with a
  section number, or the first ends a sentence (。！？;). This is what turns "全年主动公开政府信息" /
  "752条" back into one sentence; the text-level rule in ``xxgk.clean`` cannot see margins.
- Pages are separated by a form feed line; cleaning removes it and the page numbers around
  it, and rejoins words cut by it. A table running on from one page to the next is kept as
  consecutive pipe rows: no page break is emitted between them.
- No text layer at all: ``needs_ocr``. Unreadable or truncated files: ``parse_failed``.
  Streams that would decode to more than ``limits.MAX_PDF_INFLATED_BYTES``: ``too_large``
  (``pdf_guard``).
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

import pdfplumber

from xxgk.clean.line_joins import starts_enumerated
from xxgk.clean.page_breaks import is_page_number_line
from xxgk.decode import limits
from xxgk.decode.pdf_guard import check_inflated_size, check_structure_streams
from xxgk.decode.pdf_tables import table_grid
from xxgk.decode.pipe_rows import render_pipe_rows
from xxgk.model import DocumentError

_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_ENDS_SENTENCE = re.compile(r"[。！？!?;；]$")
_MIN_LINES_FOR_MARGINS = 3


@dataclass(slots=True)
class PageContent:
    # ("line", text) or ("table", pipe rows), top to bottom
    segments: list[tuple[str, Any]] = field(default_factory=list)
    char_count: int = 0


def _inside_any(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _is_latin_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _join_wrapped_lines(lines: list[dict[str, Any]]) -> list[str]:
    """Rejoin lines wrapped at the right margin into paragraphs (see module docstring)."""
    texts = [line["text"].strip() for line in lines]
    if len(lines) < _MIN_LINES_FOR_MARGINS:
        return texts
    right = max(line["x1"] for line in lines)
    left = min(line["x0"] for line in lines)
    tolerance = statistics.median(line["bottom"] - line["top"] for line in lines)
    out: list[str] = []
    continues = False
    for line, text in zip(lines, texts):
        indented = line["x0"] > left + tolerance
        if continues and out and not indented and not starts_enumerated(text):
            previous = out[-1]
            glue = " " if _is_latin_word_char(previous[-1]) and _is_latin_word_char(text[0]) else ""
            out[-1] = previous + glue + text
        else:
            out.append(text)
        continues = line["x1"] >= right - tolerance and _ENDS_SENTENCE.search(text) is None
    return out


def _read_page(page: Any) -> PageContent:
    chars = page.chars
    content = PageContent(char_count=sum(1 for char in chars if not char["text"].isspace()))
    if not content.char_count:
        return content
    found = page.find_tables()
    tables = [table for table in found if len(table.rows) >= 2 and len(table.columns) >= 2]
    boxes = [table.bbox for table in tables]
    text_page = page.filter(lambda obj: not _inside_any(obj, boxes)) if boxes else page
    extracted = text_page.extract_text_lines(strip=True, return_chars=False)
    lines = [line for line in extracted if line["text"].strip()]
    blocks: list[tuple[float, str, Any]] = [(table.bbox[1], "table", table) for table in tables]
    blocks += [(line["top"], "line", line) for line in lines]
    blocks.sort(key=lambda block: block[0])
    run: list[dict[str, Any]] = []
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


def _assemble(pages: list[PageContent]) -> str:
    segments: list[tuple[str, Any]] = []
    for number, page in enumerate(pages):
        if number:
            segments.append(("break", None))
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


def _open(data: bytes) -> Any:
    check_structure_streams(data)  # opening decodes them
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        reason = f"unreadable PDF: {type(exc).__name__}: {exc}"
        raise DocumentError("parse_failed", reason) from None


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    warnings: tuple[str, ...] = ()


def pdf_to_text(data: bytes) -> PdfText:
    """Text of a PDF with tables as pipe rows; DocumentError for scans and broken files."""
    warnings: list[str] = []
    pdf = _open(data)
    # Before any page is read (bombs go off on reading), and before "with": pdfplumber's
    # close() builds the page list, endless for some hostile files (with an empty page tree
    # pdfminer tries every object a cross-reference stream claims). The file is an
    # in-memory stream: leaving it unclosed on this error costs nothing.
    check_inflated_size(pdf.doc)
    with pdf:
        try:
            pages = pdf.pages
            page_count = len(pages)
        except Exception as exc:
            reason = f"unreadable PDF page tree: {type(exc).__name__}: {exc}"
            raise DocumentError("parse_failed", reason) from None
        if page_count > limits.MAX_PDF_PAGES:
            reason = f"PDF has {page_count} pages (limit {limits.MAX_PDF_PAGES})"
            raise DocumentError("too_large", reason)
        contents: list[PageContent] = []
        for number, page in enumerate(pages, start=1):
            try:
                contents.append(_read_page(page))
            except DocumentError:
                raise
            except Exception as exc:
                raise DocumentError(
                    "parse_failed", f"PDF page {number} unreadable: {type(exc).__name__}: {exc}"
                ) from None
            finally:
                page.close()
    total_chars = sum(content.char_count for content in contents)
    if total_chars < limits.MIN_TEXT_CHARS_PER_PAGE * max(1, page_count):
        reason = f"PDF has no text layer ({total_chars} characters on {page_count} pages)"
        raise DocumentError("needs_ocr", reason)
    blank_pages = [str(n) for n, content in enumerate(contents, start=1) if not content.char_count]
    if blank_pages:
        warnings.append("pages without a text layer (scanned?): " + ", ".join(blank_pages[:20]))
    text = _assemble(contents)
    glyphs = len(_CID_GLYPH.findall(text))
    if glyphs:
        if glyphs * 8 > len(text) * limits.MAX_CID_GLYPH_SHARE:  # each "(cid:NN)" is ~8 chars
            reason = f"PDF fonts have no Unicode map ({glyphs} unmapped glyphs)"
            raise DocumentError("needs_ocr", reason)
        text = _CID_GLYPH.sub("", text)
        warnings.append(f"{glyphs} unmapped glyphs (cid:NN) dropped")
    return PdfText(text, tuple(warnings))
