"""Ruled PDF tables read through pdfium: grids from ruling lines, merged cells repeated.

The first tests work on ruling lines and characters directly (no PDF); the others draw PDFs
with reportlab's canvas: table borders as stroked lines or as thin filled rectangles (how
Word draws them), text at a scaled text matrix."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from xxgk.decode import decode_document
from xxgk.decode.pdf_tables import fill_cell_texts, find_tables, table_grid
from xxgk.decode.pdf_text import pdf_to_text
from xxgk.decode.pdfium_page import Char

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# A 3 x 3 grid, 40 points a cell, whose top-left cell spans two columns (no vertical rule
# between columns 1 and 2 in row 1) and whose left column spans rows 2 and 3.
XS = [0.0, 40.0, 80.0, 120.0]
YS = [0.0, 40.0, 80.0, 120.0]
H_RULES = [(0.0, 0.0, 120.0), (40.0, 0.0, 120.0), (80.0, 40.0, 120.0), (120.0, 0.0, 120.0)]
V_RULES = [(0.0, 0.0, 120.0), (40.0, 40.0, 120.0), (80.0, 0.0, 120.0), (120.0, 0.0, 120.0)]


def chars_at(text: str, x: float, top: float) -> list[Char]:
    return [Char(char, x + 6 * index, x + 6 * index + 6, top, top + 10)
            for index, char in enumerate(text)]


def test_merged_cells_from_ruling_lines_fill_every_position_they_cover():
    tables = find_tables(H_RULES, V_RULES)
    assert len(tables) == 1
    table = tables[0]
    assert table.bbox == (0.0, 0.0, 120.0, 120.0)
    chars = (chars_at("AB", 5, 15) + chars_at("C", 85, 15) + chars_at("D", 5, 75)
             + chars_at("E", 45, 55) + chars_at("F", 85, 55) + chars_at("G", 45, 95)
             + chars_at("H", 85, 95) + chars_at("far away", 300, 300))
    fill_cell_texts(table, chars)
    assert table_grid(table) == [["AB", "AB", "C"], ["D", "E", "F"], ["D", "G", "H"]]


def test_nearly_meeting_rules_are_snapped_and_joined_into_one_grid():
    # Each rule drawn in two pieces 2 points apart, and a little off the others' positions.
    h_rules = [(y + (1.5 if n % 2 else 0.0), x0, x1) for n, y in enumerate(YS)
               for x0, x1 in ((0.0, 59.0), (61.0, 120.0))]
    v_rules = [(x - (1.0 if n % 2 else 0.0), y0, y1) for n, x in enumerate(XS)
               for y0, y1 in ((0.0, 60.0), (62.0, 120.0))]
    tables = find_tables(h_rules, v_rules)
    assert [(table.row_count, table.column_count) for table in tables] == [(3, 3)]


def test_rules_that_do_not_close_cells_make_no_table():
    assert find_tables([(0.0, 0.0, 100.0), (50.0, 0.0, 100.0)], [(0.0, 0.0, 50.0)]) == []
    one_cell = find_tables([(0.0, 0.0, 100.0), (50.0, 0.0, 100.0)],
                           [(0.0, 0.0, 50.0), (100.0, 0.0, 50.0)])
    assert one_cell == []  # a boxed paragraph, not a table


def draw_rules(pdf_canvas, rows, *, thin_rectangles: bool, left: float, top: float,
               size: float) -> None:
    """Borders around each cell of ``rows`` (None: covered by the cell to the left, "^": by
    the cell above), as lines or as thin filled rectangles."""

    def rule(x0, y0, x1, y1):
        if thin_rectangles:
            pdf_canvas.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, y1 - y0 + 0.5, stroke=0, fill=1)
        else:
            pdf_canvas.line(x0, y0, x1, y1)

    height, width = len(rows), len(rows[0])
    for r in range(height + 1):
        for c in range(width):
            if r == height or rows[r][c] != "^":
                rule(left + c * size, top - r * size, left + (c + 1) * size, top - r * size)
    for c in range(width + 1):
        for r in range(height):
            if c == width or rows[r][c] is not None:
                rule(left + c * size, top - r * size, left + c * size, top - (r + 1) * size)


def draw_table(pdf_canvas, rows, *, thin_rectangles: bool, left=100.0, top=700.0, size=40.0):
    """A grid of ``rows`` with borders as drawn, each cell's text at its top left."""
    pdf_canvas.setFont(FONT, 10)
    draw_rules(pdf_canvas, rows, thin_rectangles=thin_rectangles, left=left, top=top, size=size)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text not in (None, "^"):
                pdf_canvas.drawString(left + c * size + 4, top - r * size - 14, text)


def table_pdf(rows, *, thin_rectangles: bool) -> bytes:
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    draw_table(pdf_canvas, rows, thin_rectangles=thin_rectangles)
    pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


ROWS = [["申请人", None, "合计"],
        ["本年新收", "2", "3"],
        ["^", "0", "1"]]
EXPECTED = ["| 申请人 | 申请人 | 合计 |", "| 本年新收 | 2 | 3 |", "| 本年新收 | 0 | 1 |"]


def test_merged_cells_through_pdfium_with_stroked_rules():
    assert decode_document(table_pdf(ROWS, thin_rectangles=False)).text.split("\n") == EXPECTED


def test_merged_cells_through_pdfium_with_borders_as_thin_filled_rectangles():
    assert decode_document(table_pdf(ROWS, thin_rectangles=True)).text.split("\n") == EXPECTED


def test_text_drawn_at_a_scaled_text_matrix_keeps_its_word_gaps():
    # Font size 1, scaled by 11 in the text matrix (how some producers write): the words'
    # widths must be scaled too, or "2019 年" would lose or gain spaces.
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    text = pdf_canvas.beginText()
    text.setTextTransform(11, 0, 0, 11, 72, 700)
    text.setFont(FONT, 1)
    text.textOut("本年度共收到申请")
    text.moveCursor(9.0, 0)  # a 99-point gap: a new word
    text.textOut("12件")
    pdf_canvas.drawText(text)
    pdf_canvas.showPage()
    pdf_canvas.save()
    # (the decoder's own text: cleaning later drops a space between 请 and 1 anyway)
    assert pdf_to_text(buffer.getvalue()).text == "本年度共收到申请 12件"


def test_text_overflowing_its_cell_is_split_at_the_border_as_each_character_lies():
    # "1234567890" in Helvetica 10 from x=104 runs past the first cell's right border (140):
    # the characters whose centres are beyond it belong to the next cell, as before.
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    rows = [["标签", "甲", "乙"], ["", "", "3"]]
    draw_table(pdf_canvas, rows, thin_rectangles=False)
    pdf_canvas.setFont("Helvetica", 10)
    pdf_canvas.drawString(104, 700 - 40 - 14, "1234567890")  # row 2, first cell
    pdf_canvas.showPage()
    pdf_canvas.save()
    lines = decode_document(buffer.getvalue()).text.split("\n")
    # each digit is 5.56 points wide: 1-6 have their centres left of 140, 7-0 right of it
    assert lines == ["| 标签 | 甲 | 乙 |", "| 123456 | 7890 | 3 |"]


def two_page_table(first_page_rows, second_page_rows) -> bytes:
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    pdf_canvas.setFont(FONT, 10)
    pdf_canvas.drawString(100, 760, "表格前的说明文字。")
    draw_table(pdf_canvas, first_page_rows, thin_rectangles=False, top=200)
    pdf_canvas.setFont(FONT, 9)
    pdf_canvas.drawCentredString(A4[0] / 2, 30, "- 1 -")
    pdf_canvas.showPage()
    draw_table(pdf_canvas, second_page_rows, thin_rectangles=False, top=780)
    pdf_canvas.setFont(FONT, 10)
    pdf_canvas.drawString(100, 700, "表格后的说明文字。")
    pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def test_last_row_of_a_table_alone_on_the_next_page_joins_its_table():
    data = two_page_table([["标签", "甲", "乙"], ["本年", "1", "2"]], [["上年", "3", "4"]])
    assert decode_document(data).text.split("\n") == [
        "表格前的说明文字。", "", "| 标签 | 甲 | 乙 |", "| 本年 | 1 | 2 |", "| 上年 | 3 | 4 |", "",
        "表格后的说明文字。",
    ]


def test_one_row_table_that_does_not_fit_the_table_before_stays_text():
    # Two cells under a table of three columns: not its rest; read as before, as text
    # (cleaning then drops the space between the two CJK words).
    data = two_page_table([["标签", "甲", "乙"], ["本年", "1", "2"]], [["注", "见附件"]])
    lines = decode_document(data).text.split("\n")
    assert "| 注 | 见附件 |" not in lines
    assert "注见附件" in lines
