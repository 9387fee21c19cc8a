"""PDF documents built in the test with reportlab (CID font STSong-Light, which pdfplumber
reads back as Chinese text)."""

from __future__ import annotations

import io

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from xxgk.decode import decode_document, limits
from xxgk.model import DocumentError

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24
)
GRID = [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]


def build_flowables(flowables, *, page_numbers: bool = False) -> bytes:
    buffer = io.BytesIO()

    def draw_page_number(pdf_canvas, document):
        pdf_canvas.setFont(FONT, 10)
        pdf_canvas.drawCentredString(A4[0] / 2, 30, f"- {document.page} -")

    hooks = {}
    if page_numbers:
        hooks = {"onFirstPage": draw_page_number, "onLaterPages": draw_page_number}
    SimpleDocTemplate(buffer, pagesize=A4).build(flowables, **hooks)
    return buffer.getvalue()


def build_pages(pages: list[list[str]]) -> bytes:
    """One line of text per string, drawn top-down, one list per page, page number at the foot."""
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        pdf_canvas.setFont(FONT, 12)
        for index, line in enumerate(lines):
            pdf_canvas.drawString(72, A4[1] - 72 - 18 * index, line)
        pdf_canvas.drawCentredString(A4[0] / 2, 30, f"- {number} -")
        pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def table(rows, *extra_style):
    flowable = Table(rows)
    flowable.setStyle(TableStyle(GRID + list(extra_style)))
    return flowable


def test_chinese_text_and_wrapped_lines_come_back_as_one_paragraph():
    sentence = ("本年度我局认真贯彻落实政府信息公开条例,全年主动公开政府信息752条,"
                "其中通过门户网站公开615条,通过其他方式公开125条,收到申请3件。")
    flowables = [Paragraph(sentence, BODY), Paragraph("二、其他事项", BODY)]
    document = decode_document(build_flowables(flowables))
    assert document.format == "pdf"
    assert document.text == sentence + "\n二、其他事项"
    assert document.encoding is None


def test_ruled_table_becomes_pipe_rows_in_place_without_duplicate_text():
    rows = [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "0"], ["行政规范性文件", "1", "3"]]
    before, after = Paragraph("表格前的说明文字。", BODY), Paragraph("表格后的说明文字。", BODY)
    data = build_flowables([before, table(rows), after])
    assert decode_document(data).text.split("\n") == [
        "表格前的说明文字。",
        "",
        "| 信息内容 | 本年制发件数 | 现行有效件数 |",
        "| 规章 | 0 | 0 |",
        "| 行政规范性文件 | 1 | 3 |",
        "",
        "表格后的说明文字。",
    ]


def test_merged_cells_are_repeated_in_every_grid_position():
    rows = [["申请人", "法人或其他组织", ""], ["本年新收", "2", "1"], ["", "0", "0"]]
    data = build_flowables([table(rows, ("SPAN", (1, 0), (2, 0)), ("SPAN", (0, 1), (0, 2)))])
    assert decode_document(data).text.split("\n") == [
        "| 申请人 | 法人或其他组织 | 法人或其他组织 |",
        "| 本年新收 | 2 | 1 |",
        "| 本年新收 | 0 | 0 |",
    ]


def test_table_split_across_pages_stays_one_run_of_rows():
    rows = [["行标签", "数量"]] + [[f"第{n}行", str(n)] for n in range(1, 71)]
    data = build_flowables([table(rows)], page_numbers=True)
    lines = decode_document(data).text.split("\n")
    assert lines[0] == "| 行标签 | 数量 |"
    assert lines[1:71] == [f"| 第{n}行 | {n} |" for n in range(1, 71)]
    assert len(lines) == 71  # no page break, no page numbers, no blank line inside the table


def test_word_broken_over_a_page_break_is_rejoined_and_page_numbers_dropped():
    first_page = ["一、总体情况", "本年度共受理各类政府信息公开申请的具体办理情况详见附表所列的数"]
    second_page = ["据,其中予以公开的占多数。", "二、主动公开情况"]
    document = decode_document(build_pages([first_page, second_page]))
    assert document.text == (
        "一、总体情况\n本年度共受理各类政府信息公开申请的具体办理情况详见附表所列的数据,其中予以公开的占多数。\n二、主动公开情况"
    )


def test_title_is_the_first_short_line():
    document = decode_document(build_pages([["某某县科学技术局", "2019年政府信息公开工作年度报告", "正文。"]]))
    assert document.title == "某某县科学技术局"


def test_pdf_without_text_layer_needs_ocr(monkeypatch):
    # OCR given no page to read, as on a machine that cannot (test_decode_pdf_ocr.py reads them)
    monkeypatch.setattr(limits, "MAX_OCR_PAGES", 0)
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    pdf_canvas.rect(72, 72, 300, 500, fill=1)  # a scanned page is an image: no characters at all
    pdf_canvas.showPage()
    pdf_canvas.save()
    with pytest.raises(DocumentError) as error:
        decode_document(buffer.getvalue())
    assert error.value.kind == "needs_ocr"
    assert "not read by OCR" in str(error.value)


@pytest.mark.parametrize("cut", [0.5, 0.2])
def test_truncated_pdf_fails_to_parse(cut):
    data = build_pages([["某某县科技局年度报告正文。"] * 5])
    with pytest.raises(DocumentError) as error:
        decode_document(data[: int(len(data) * cut)])
    assert error.value.kind == "parse_failed"


def test_pdf_header_on_garbage_fails_to_parse():
    with pytest.raises(DocumentError) as error:
        decode_document(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert error.value.kind == "parse_failed"


def test_line_wrapped_after_a_colon_is_rejoined_but_a_finished_sentence_is_not():
    full_line = "如对本报告有任何疑问请与本局办公室联系地址为某某县新华街一号联系电话:"
    lines = ["一、总体情况", full_line, "0955-1234567。", full_line[:-1] + "。", "下一段落的内容。"]
    document = decode_document(build_pages([lines]))
    assert document.text.split("\n") == [
        "一、总体情况",
        full_line + "0955-1234567。",
        full_line[:-1] + "。",
        "下一段落的内容。",
    ]


def encrypted_pdf(user_password: str) -> bytes:
    from reportlab.lib import pdfencrypt

    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", strength=128)
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4, encrypt=encryption)
    pdf_canvas.setFont(FONT, 12)
    pdf_canvas.drawString(72, 700, "某某县科技局2020年度政府信息公开工作年度报告")
    pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def test_encrypted_pdf_opens_with_the_empty_user_password():
    assert decode_document(encrypted_pdf("")).text == "某某县科技局2020年度政府信息公开工作年度报告"


def test_pdf_locked_with_a_user_password_fails_to_parse():
    with pytest.raises(DocumentError) as error:
        decode_document(encrypted_pdf("secret"))
    assert error.value.kind == "parse_failed"


def test_pdfs_decoded_from_several_threads_at_once_read_as_one_at_a_time():
    # The threads runner parses batches side by side; pdfium is not thread-safe.
    from concurrent.futures import ThreadPoolExecutor

    pdfs = [build_pages([[f"第{n}份报告", "全年主动公开政府信息752条。"] * 3]) for n in range(8)]
    expected = [decode_document(data).text for data in pdfs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda data: decode_document(data).text, pdfs * 6)) == expected * 6
