"""The review site in headless Chromium with no network: the index's counts, a report page's
highlighted cells and marked numbers, the search page filtering with its own script; injected
markup stays text. Screenshots are kept beside the site (the test's tmp folder)."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from tests.browser import OFFLINE_FLAGS, chromium
from tests.review_frames import run_frames
from xxgk.review.site import build_review_site

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review_site")
    frames = run_frames(extra_flagged=5)
    build_review_site(folder / "review", "run1", frames["reports"], frames["results"],
                      [(frames["facts"], frames["documents"])], page_rows=3)
    return folder


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_index_shows_the_counts_offline(site):
    shot = site / "review_index.png"
    dom = chromium([*OFFLINE_FLAGS, f"--screenshot={shot}", "--window-size=1200,900",
                    "--dump-dom", (site / "review" / "index.html").as_uri()],
                   site / "profile-index").stdout
    checks = re.search(r"<table class=\"counts\" data-facet=\"check\">(.*?)</table>", dom,
                       re.DOTALL).group(1)
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", checks, re.DOTALL)][1:]
    assert rows == ["report_year.not_before_2008 5", "table3.balance_identity 1",
                    "text.proactive_parts_sum 1"]
    assert Image.open(shot).size == (1200, 900)


def test_report_page_highlights_the_wrong_cells_offline(site):
    shot = site / "review_report.png"
    page = site / "review" / "reports" / "r_gap.html"
    dom = chromium([*OFFLINE_FLAGS, f"--screenshot={shot}", "--window-size=1200,900",
                    "--dump-dom", page.as_uri()], site / "profile-report").stdout
    offending = re.findall(r"<td class=\"offending\"><a href=\"#c0-\d\">(\d+)</a></td>", dom)
    assert offending == ["9", "1", "7", "0"]
    assert "办理结果总计 | 自然人 | <mark>7</mark> | 总计 | 10" in dom
    # the stylesheet was applied: the highlighted cells' pink fills part of the screenshot
    image = Image.open(shot).convert("RGB")
    pink = sum(n for n, colour in image.getcolors(maxcolors=1 << 20)
               if all(abs(c - t) <= 12 for c, t in zip(colour, (255, 214, 214), strict=True)))
    assert pink > 400, pink


def test_search_filters_with_its_own_script_offline(site):
    search = (site / "review" / "search.html").as_uri()
    dom = chromium([*OFFLINE_FLAGS, "--dump-dom", search], site / "profile-search").stdout
    assert "7 of 7 flagged reports match" in dom
    shot = site / "review_search.png"
    dom = chromium([*OFFLINE_FLAGS, f"--screenshot={shot}", "--window-size=1200,700",
                    "--dump-dom", search + "?check=text.proactive_parts_sum"],
                   site / "profile-search2").stdout
    assert "1 of 7 flagged reports match" in dom
    rows = re.findall(r"<tbody id=\"results\">(.*?)</tbody>", dom, re.DOTALL)[0]
    assert rows.count("<tr") == 1 and 'href="reports/r_parts.html"' in rows
    # the hostile agency name is text in the DOM; its script never ran
    assert "河西区民政局&lt;script&gt;document.title='pwned'&lt;/script&gt;" in rows
    assert "<title>Search run1</title>" in dom
