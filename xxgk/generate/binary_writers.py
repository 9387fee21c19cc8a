"""PDF (reportlab) and DOCX (python-docx) writers: the formats most reports are posted in;
and scans, image-only PDFs rasterised from the PDF (``scan_writer``).

Both are opt-in (``formats=("pdf", "docx")``) because they take milliseconds, not microseconds,
per document. Chinese in PDF uses the CID font STSong-Light (no font file to embed; readers
map it back to Unicode). Tables are real tables with merged cells in both formats. Output is
byte-deterministic: reportlab runs in invariant mode and the DOCX zip is rewritten with fixed
timestamps and core properties.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from xxgk.generate.blocks import ComposedReport
from xxgk.generate.layouts import expand_grid, place_cells
from xxgk.generate.tables import Grid

PDF_FONT = "STSong-Light"
FIXED_TIME = datetime(2000, 1, 1)


def render_binary(file_format: str, report: ComposedReport, seed: int = 0) -> bytes:
    """The report as ``file_format`` bytes; ``seed`` draws what a scan's pages look like."""
    if file_format == "pdf":
        return render_pdf(report)
    if file_format == "docx":
        return render_docx(report)
    if file_format == "scan":
        from xxgk.generate.scan_writer import rasterise_to_scan, register_scan_font

        return rasterise_to_scan(render_pdf(report, font=register_scan_font()), seed)
    raise ValueError(f"not a binary format: {file_format!r}")


def _iter_paragraphs(report: ComposedReport):
    """(kind, payload): heading text, paragraph text or a grid, in order."""
    for block in report.blocks:
        if block.kind == "filler":
            for text in block.paragraphs:
                yield "para", text
        elif block.kind == "heading":
            yield "heading", block.text
        elif block.kind == "table":
            yield "table", block.grid
        else:
            yield "para", block.text


# --- PDF --------------------------------------------------------------------------------------

_pdf_styles: dict[str, dict] = {}


def _load_pdf_styles(font: str = PDF_FONT):
    # Registered lazily: reportlab is a dev dependency, only needed when PDFs are asked for.
    if font not in _pdf_styles:
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        if font == PDF_FONT:
            pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
        base: dict[str, Any] = {"fontName": font, "wordWrap": "CJK"}
        _pdf_styles[font] = {
            "title": ParagraphStyle("title", fontSize=16, leading=24, alignment=TA_CENTER,
                                    spaceAfter=12, **base),
            "heading": ParagraphStyle("heading", fontSize=12, leading=20, spaceBefore=6, **base),
            "para": ParagraphStyle("para", fontSize=11, leading=18, firstLineIndent=22, **base),
            "right": ParagraphStyle("right", fontSize=11, leading=18, alignment=TA_RIGHT, **base),
            "cell": ParagraphStyle("cell", fontSize=7, leading=9, **base),
        }
    return _pdf_styles[font]


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _build_pdf_table(grid: Grid, styles):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    dense = expand_grid(grid)
    data = []
    for row in dense:
        data.append([Paragraph(_escape_xml(cell.text).replace("\n", "<br/>"), styles["cell"])
                     if origin else "" for cell, origin in row])
    commands: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, c, cell in place_cells(grid):
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    usable = 170 * mm
    if grid.name == "table3":
        widths = [22 * mm, 20 * mm, 44 * mm] + [12 * mm] * 7
    elif grid.name == "table4":
        widths = [usable / 15] * 15
    else:
        widths = [usable * 0.4] + [usable * 0.2] * 3
    return Table(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)


def render_pdf(report: ComposedReport, font: str = PDF_FONT) -> bytes:
    """A text PDF of the report in ``font`` (a registered reportlab font name)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

    styles = _load_pdf_styles(font)
    story: list[Flowable] = []
    if report.doc_number:
        story.append(Paragraph(_escape_xml(report.doc_number), styles["right"]))
    if report.letter_heading:
        story.append(Paragraph(_escape_xml(report.letter_heading), styles["heading"]))
    story.append(Paragraph(_escape_xml(report.title), styles["title"]))
    for kind, payload in _iter_paragraphs(report):
        if kind == "table":
            story.append(_build_pdf_table(payload, styles))
            story.append(Spacer(1, 6))
        else:
            story.append(Paragraph(_escape_xml(payload), styles[kind]))
    for line in report.signature:
        story.append(Paragraph(_escape_xml(line), styles["right"]))

    def number_page(canvas, doc):
        # Printed page numbers ("- 3 -") end up inside the extracted text, as in real PDFs.
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"- {doc.page} -")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title="", author="",
                                 creator="", producer="")
    document.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return buffer.getvalue()


# --- DOCX -------------------------------------------------------------------------------------


def render_docx(report: ComposedReport) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    properties = document.core_properties
    properties.created = properties.modified = FIXED_TIME
    properties.author = properties.last_modified_by = ""
    properties.revision = 1
    if report.letter_heading:
        document.add_paragraph(report.letter_heading)
    title = document.add_paragraph(report.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, payload in _iter_paragraphs(report):
        if kind == "table":
            _add_docx_table(document, payload)
        elif kind == "heading":
            document.add_paragraph(payload).runs[0].bold = True
        else:
            document.add_paragraph(payload)
    for line in report.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _add_docx_table(document, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.n_cols)
    table.style = "Table Grid"
    placed = place_cells(grid)
    # table.cell() rebuilds the whole cell list on every call; fill text through one list,
    # then merge (merging keeps the origin's text).
    cells = table._cells
    for r, c, cell in placed:
        cells[r * grid.n_cols + c].text = cell.text
    rows = table._tbl.tr_lst
    for r, c, cell in placed:
        if cell.rowspan > 1 or cell.colspan > 1:
            top_left = rows[r].tc_at_grid_offset(c)
            top_left.merge(rows[r + cell.rowspan - 1].tc_at_grid_offset(c + cell.colspan - 1))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
