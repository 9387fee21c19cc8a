"""Word documents written in the test with python-docx, and hostile zip containers."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from xxgk.decode import decode_document, limits
from xxgk.model import DocumentError


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("某某县科学技术局2021年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年主动公开政府信息 1,234 条。")
    table = document.add_table(rows=4, cols=4)
    cells = [["申请人", "自然人", "法人或其他组织", ""], ["", "", "商业企业", "科研机构"], ["本年新收", "3", "1", "0"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))  # 法人或其他组织 over two columns
    table.cell(0, 0).merge(table.cell(1, 0))  # 申请人 over two rows
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(3, 0).text = "上年结转"
    table.cell(3, 1).add_table(rows=1, cols=2)  # a table inside a cell
    inner = table.cell(3, 1).tables[0]
    inner.cell(0, 0).text = "inner A"
    inner.cell(0, 1).text = "inner B"
    document.add_paragraph("二、其他事项")
    return save(document)


def test_paragraphs_and_tables_in_body_order_with_merged_cells_repeated():
    document = decode_document(report_docx(), filename="report.docx")
    assert document.format == "docx"
    assert document.title == "某某县科学技术局2021年政府信息公开工作年度报告"
    assert document.text.split("\n") == [
        "某某县科学技术局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开政府信息1234条。",
        "",
        "| 申请人 | 自然人 | 法人或其他组织 | 法人或其他组织 |",
        "| 申请人 | 自然人 | 商业企业 | 科研机构 |",
        "| 本年新收 | 3 | 1 | 0 |",
        "| 上年结转 | inner A inner B | | |",
        "",
        "二、其他事项",
    ]


def test_docx_served_as_text_html_is_still_docx():
    document = decode_document(report_docx(), content_type="text/html", filename="a.html")
    assert document.format == "docx"


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_parsing():
    bomb = zip_bytes(
        {"word/document.xml": b"<w:document/>", "word/bomb.xml": b"\0" * (8 * 1024 * 1024)}
    )
    with pytest.raises(DocumentError) as error:
        decode_document(bomb)
    assert error.value.kind == "too_large"
    assert "zip bomb" in str(error.value)


def test_declared_uncompressed_size_is_checked(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(DocumentError) as error:
        decode_document(zip_bytes({"word/document.xml": b"<x/>" * 400}, zipfile.ZIP_STORED))
    assert error.value.kind == "too_large"


def test_xml_entity_expansion_is_refused():
    billion_laughs = (
        b'<?xml version="1.0"?>'
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    original = zipfile.ZipFile(io.BytesIO(report_docx()))
    members = {name: original.read(name) for name in original.namelist()}
    members["word/document.xml"] = billion_laughs
    with pytest.raises(DocumentError) as error:
        decode_document(zip_bytes(members))
    assert error.value.kind == "parse_failed"
    assert "DOCTYPE" in str(error.value)


def test_zip_with_document_xml_but_no_package_parts_fails_to_parse():
    with pytest.raises(DocumentError) as error:
        decode_document(zip_bytes({"word/document.xml": b"<not-word/>"}))
    assert error.value.kind == "parse_failed"


def test_truncated_docx_fails_to_parse():
    data = report_docx()
    with pytest.raises(DocumentError) as error:
        decode_document(data[: len(data) // 2])
    assert error.value.kind == "parse_failed"


@pytest.mark.parametrize(
    ("member", "what"),
    [("xl/workbook.xml", "Excel"), ("OFD.xml", "OFD"), ("readme.txt", "zip archive")],
)
def test_other_zip_containers_are_unsupported(member, what):
    with pytest.raises(DocumentError) as error:
        decode_document(zip_bytes({member: b"<x/>"}))
    assert error.value.kind == "unsupported_format"
    assert what in str(error.value)
