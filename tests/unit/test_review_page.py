import polars as pl

from xxgk.quality.review_page import listed_report_ids, render_review_page
from xxgk.quality.summary import render_markdown, summarize_quality
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS


def _frames():
    reports = REPORTS.conform(pl.DataFrame({
        "report_id": ["bad", "ok"], "source_url": ["http://x/a<b>.html", "file:x"],
        "raw_sha256": ["a" * 64, "b" * 64], "agency": ["<script>alert(1)</script>局", "某局"],
        "report_year": [2021, 2021], "quality_status": ["fail", "pass"],
        "parser_version": ["t", "t"], "run_id": ["r", "r"]}))
    results = QUALITY_RESULTS.conform(pl.DataFrame({
        "report_id": ["bad", "ok"], "check_id": ["table4.block_total_identity"] * 2,
        "severity": ["error", "error"], "status": ["fail", "pass"],
        "observed": ["reconsideration: 1", None], "expected": ["gap 0", "gap 0"],
        "message": ["sum differs", "fine"]}))
    facts = FACTS.conform(pl.DataFrame({
        "report_id": ["bad"], "section": ["table4"], "item": ["reconsideration"],
        "dimension": ["total"], "value": [3.0], "unit": ["case"], "qualifier": ["exact"],
        "evidence": ["行政复议 | 总计 | 3 <img src=x onerror=alert(2)>"], "span_start": [10],
        "span_end": [11], "rule": ["t"]}))
    return reports, results, facts


def test_flagged_reports_show_check_and_evidence_escaped():
    reports, results, facts = _frames()
    page = render_review_page("r", reports, results, facts, {"bad": "/lake/raw/objects/aa/x"})
    assert "table4.block_total_identity" in page and "reconsideration: 1" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "href='/lake/raw/objects/aa/x'" in page
    assert "id='ok'" not in page  # passing reports are not listed


def test_a_long_list_of_flagged_reports_is_cut_with_a_note():
    reports, results, facts = _frames()
    many = pl.concat([reports.with_columns(pl.lit(f"bad{i:02d}").alias("report_id"))
                      for i in range(12)])
    page = render_review_page("r", many, results, facts, {}, max_listed=5)
    assert page.count("<h2 id=") == 5
    assert "The first 5 of 12 flagged reports" in page
    assert listed_report_ids(many, max_listed=5) == [f"bad{i:02d}" for i in range(5)]


def test_summary_counts_and_trend():
    reports, results, _ = _frames()
    summary = summarize_quality("r2", reports, results)
    assert summary["status_counts"] == {"pass": 1, "warn": 0, "fail": 1}
    assert summary["failing_checks"] == [
        {"check_id": "table4.block_total_identity", "severity": "error", "reports": 1}]
    md = render_markdown(summary, {"run_id": "r1", "status_counts": {"pass": 2, "warn": 0,
                                                                     "fail": 0}}, {})
    assert "pass -1" in md and "fail +1" in md and "| table4.block_total_identity | error | 1 |" in md
