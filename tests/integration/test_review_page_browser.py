"""The review page rendered by headless Chromium: flagged reports and evidence are shown, and
injected markup in a report's text is shown as text, never run."""

from __future__ import annotations

import polars as pl
import pytest
from PIL import Image

from tests.browser import chromium as _chromium
from xxgk.quality.review_page import render_review_page
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    reports = REPORTS.conform(pl.DataFrame({
        "report_id": ["r_gap", "r_script", "r_ok"],
        "source_url": ["file:a.html", "file:b.html", "file:c.html"],
        "raw_sha256": ["a" * 64, "b" * 64, "c" * 64],
        "agency": ["青山县统计局", "<script>document.title='pwned'</script>河西区民政局",
                   "平安镇人民政府"],
        "report_year": [2022, 2021, 2022], "quality_status": ["fail", "warn", "pass"],
        "parser_version": ["t"] * 3, "run_id": ["run"] * 3}))
    results = QUALITY_RESULTS.conform(pl.DataFrame({
        "report_id": ["r_gap", "r_script"],
        "check_id": ["table3.balance_identity", "text.proactive_parts_sum"],
        "severity": ["error", "warning"], "status": ["fail", "fail"],
        "observed": ["natural_person: 3; total: 3", "-12"], "expected": ["gap 0", "gap 0"],
        "message": ["本年新收 + 上年结转 differs", "parts do not add up"]}))
    facts = FACTS.conform(pl.DataFrame({
        "report_id": ["r_gap", "r_script"], "section": ["table3", "text"],
        "item": ["new_received", "proactive_channel"], "dimension": ["natural_person", "其他"],
        "value": [9.0, 30.0], "unit": ["case", "item"], "qualifier": ["exact", "exact"],
        "evidence": ["本年新收政府信息公开申请数量 | 自然人 | 9",
                     "其他途径公开30条<script>alert('x')</script>"],
        "span_start": [120, 40], "span_end": [121, 42], "rule": ["t", "t"]}))
    html_path = folder / "review.html"
    html_path.write_text(render_review_page("run", reports, results, facts, {}), "utf-8")
    return folder, html_path


def test_page_shows_flagged_reports_and_their_evidence(page):
    folder, html_path = page
    dom = _chromium(["--dump-dom", html_path.as_uri()], folder / "profile1").stdout
    assert "青山县统计局" in dom and "table3.balance_identity" in dom
    assert "natural_person: 3; total: 3" in dom
    assert "本年新收政府信息公开申请数量 | 自然人 | 9" in dom
    assert "平安镇人民政府" not in dom  # a passing report is not listed
    # Injected markup arrives as text: escaped in the DOM, no script element, title untouched.
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;河西区民政局" in dom
    assert "<script" not in dom.lower()
    assert "<title>Review run</title>" in dom


def test_screenshot_renders_a_real_page(page):
    folder, html_path = page
    shot = folder / "review.png"
    _chromium([f"--screenshot={shot}", "--window-size=1200,900", html_path.as_uri()],
              folder / "profile2")
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 900)
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 10  # text was drawn, not a blank page
