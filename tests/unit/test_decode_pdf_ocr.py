"""Scanned pages read by the real OCR engine: a one-page scan made by the generator's scan
writer (rasterised, turned, noisy, JPEG), and a page whose text layer is garbage.

OCR is slow (seconds a page), so the scan is read once for the module."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tests.unit.test_decode_pdf_text_layer import READABLE, pdf_with_mapped_font
from xxgk.decode import decode_document
from xxgk.extract.report import extract_report
from xxgk.generate.answers import Table4
from xxgk.generate.binary_writers import render_pdf
from xxgk.generate.blocks import Block, ComposedReport
from xxgk.generate.scan_writer import rasterise_to_scan, register_scan_font
from xxgk.generate.tables import build_table4
from xxgk.quality.prepare import prepare_reports
from xxgk.schema import FACTS, REPORTS
from xxgk.stages.parse import _Rows, parse_one

# 行政复议: 1 + 0 + 0 + 0 printed as 2, as a misread "1" would read; the rest add up.
TABLE4 = Table4(blocks={"reconsideration": (1, 0, 0, 0, 2),
                        "litigation_direct": (3, 1, 0, 2, 6),
                        "litigation_after_reconsideration": (0, 0, 0, 0, 0)})


def scan_of_table4() -> bytes:
    grid, _ = build_table4(TABLE4)
    report = ComposedReport(
        title="某县统计局2021年政府信息公开工作年度报告", page_fields=(), field_separator="",
        blocks=(Block("para", text="本年度共主动公开政府信息752条。"),
                Block("heading", text="四、政府信息公开行政复议、行政诉讼情况"),
                Block("table", grid=grid)),
        signature=("某县统计局", "2022年1月20日"))
    return rasterise_to_scan(render_pdf(report, font=register_scan_font()), seed=7)


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scan_of_table4()


@pytest.fixture(scope="module")
def parsed(scan):
    rows = _Rows([], [], [], [], [], [])
    parse_one(scan, {"raw_sha256": "ab" * 32, "source_url": "scan.pdf", "filename": "scan.pdf"},
              "run-ocr", rows)
    assert not rows.errors, rows.errors
    return rows


def test_scan_has_no_text_layer_and_is_read_by_ocr(scan, parsed):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(scan)
    assert len(pdf) == 1 and pdf[0].get_textpage().get_text_range().strip() == ""
    report = parsed.reports[0]
    assert report["text_source"] == "ocr"
    assert report["proactive_total"] == 752
    assert report["report_year"] == 2021


def test_table_cells_from_ocr_carry_rule_and_confidence(parsed):
    cells = {(f["item"], f["dimension"]): f for f in parsed.facts if f["section"] == "table4"}
    parts = ("upheld", "corrected", "other", "pending", "total")
    expected = {(block, part): value for block, values in TABLE4.blocks.items()
                for part, value in zip(parts, values, strict=True)}
    assert {key: cells[key]["value"] for key in expected if key in cells} == expected
    assert all(f["rule"].startswith("ocr:") and f["confidence"] >= 0.8 for f in cells.values())
    text_total = [f for f in parsed.facts if f["item"] == "proactive_total"]
    assert text_total and text_total[0]["rule"].startswith("ocr:")


def test_identity_check_fails_the_report_with_the_misread_total(parsed):
    reports = REPORTS.conform(pl.DataFrame(parsed.reports, infer_schema_length=None))
    facts = FACTS.conform(pl.DataFrame(parsed.facts, infer_schema_length=None))
    frame = prepare_reports(reports, facts, today=dt.date(2026, 6, 1))
    # lhs - rhs of 维持 + 纠正 + 其他 + 尚未审结 = 总计: the check fails on anything but 0
    assert frame["t4_block__reconsideration"].to_list() == [-1]
    assert frame["t4_block__litigation_direct"].to_list() == [0]


def test_garbage_text_layer_is_read_by_ocr():
    # Every code maps to the private-use area, yet the glyphs drawn are Helvetica's letters.
    data = pdf_with_mapped_font([READABLE.encode()], 0x20, 0x7E, 0xE020)
    document = decode_document(data)
    assert document.text_source == "ocr"
    assert "752" in document.text and "statistics" in document.text
    facts = extract_report(document).facts
    assert all(f.rule.startswith("ocr:") and f.confidence is not None for f in facts)


def test_pdf_of_text_and_scanned_pages_is_mixed():
    from tests.unit.test_decode_pdf_text_layer import (
        HELVETICA,
        content,
        font_with_map,
        pdf_of_pages,
        to_unicode_map,
    )

    text_page = (content([b"Page one: 18 requests were received."]), HELVETICA)
    garbage = (content([READABLE.encode()]), font_with_map(9))
    document = decode_document(pdf_of_pages([text_page, garbage],
                                            extra=(to_unicode_map(0x20, 0x7E, 0xE020),)))
    assert document.text_source == "mixed"
    assert "18 requests" in document.text and "752" in document.text
    # the OCR'd figure is located where it stands in the text, with its confidence
    start = document.text.index("752")
    assert any(s <= start < e and c >= 0.8 for s, e, c in document.ocr_spans)
    assert not any(s <= document.text.index("18") < e for s, e, _ in document.ocr_spans)
