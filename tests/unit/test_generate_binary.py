"""PDF and DOCX output: deterministic, real tables, text that comes back as Unicode."""

from __future__ import annotations

import io
import re

import docx
import pdfplumber
import pytest

from xxgk.generate import generate_reports


@pytest.fixture(scope="module")
def binaries():
    return list(generate_reports(12, seed=404, formats=("pdf", "docx"),
                                 eras=("table_2019", "table_2021", "free_text")))


def extract_text(report) -> str:
    if report.format == "pdf":
        with pdfplumber.open(io.BytesIO(report.data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    document = docx.Document(io.BytesIO(report.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_binary_formats_are_deterministic(binaries):
    again = list(generate_reports(12, seed=404, formats=("pdf", "docx"),
                                  eras=("table_2019", "table_2021", "free_text")))
    assert [r.data for r in again] == [r.data for r in binaries]
    assert {r.format for r in binaries} == {"pdf", "docx"}
    assert all(r.data.startswith(b"%PDF") for r in binaries if r.format == "pdf")
    assert all(r.data.startswith(b"PK") for r in binaries if r.format == "docx")
    assert all(r.encoding is None and r.filename.endswith("." + r.format) for r in binaries)


def test_chinese_text_comes_back_as_unicode(binaries):
    for r in binaries:
        text = extract_text(r)
        assert "政府信息公开" in text
        assert "\ufffd" not in text and "(cid:" not in text
        flat = re.sub(r"\s+", "", text)
        for cell in r.gold["table_cells"]:
            if cell["item"] != "procurement.amount_yuan":
                value = cell["value"]
                printed = str(int(value)) if float(value).is_integer() else str(value)
                assert printed.lstrip("-") in flat, cell
        if r.gold["proactive_total"] and r.gold["proactive_total"]["value"] >= 100:
            assert str(r.gold["proactive_total"]["value"]) in flat or "Chinese" in r.gold["notes"]


def test_docx_tables_are_real_tables_with_merged_cells(binaries):
    table_reports = [r for r in binaries if r.format == "docx" and r.gold["table_cells"]]
    assert table_reports
    for r in table_reports:
        document = docx.Document(io.BytesIO(r.data))
        widths = sorted({len(table.columns) for table in document.tables})
        assert 4 in widths and 15 in widths  # 表二 and 表四 (表三 when printed has 10)
        table4 = next(t for t in document.tables if len(t.columns) == 15)
        first_row = [cell.text for cell in table4.rows[0].cells]
        assert first_row[:5] == ["行政复议"] * 5  # one merged cell spanning five columns
        values = [int(cell.text) for cell in table4.rows[-1].cells]
        gold = [c["value"] for c in r.gold["table_cells"] if c["section"] == "table4"]
        assert values == gold
