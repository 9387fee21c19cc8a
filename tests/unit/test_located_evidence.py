"""Evidence stays inside the text when a value cannot be found as one run; odd spans parse."""

from xxgk.decode import decode_document
from xxgk.extract.metadata import _locate_name
from xxgk.extract.page import read_page


def test_a_name_broken_over_lines_points_at_its_first_line():
    text = "某某市某某\n区教育局2022年政府信息公开工作年度报告\n一、总体情况\n"
    page = read_page(text, None)
    located = _locate_name(page, "某某市某某区教育局", 0, "agency.heading")
    found = located.found
    assert 0 <= found.start < found.end <= len(text)
    assert text[found.start:found.end] == "某某市某某"
    assert found.evidence


def test_a_superscript_span_is_read_as_no_span():
    page = ("<html><body><p>表格</p><table><tr><td colspan='²'>项目</td><td>数量</td></tr>"
            "<tr><td>收到申请</td><td>3</td></tr></table></body></html>").encode()
    doc = decode_document(page, filename="a.html")
    assert "收到申请" in doc.text and "3" in doc.text
