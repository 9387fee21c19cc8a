"""The review site: index counts, paginated lists, report pages with the compact grid of a
check's cells (the wrong ones highlighted) and each cell's source in context, all escaped."""

from __future__ import annotations

import html.parser
import re

import pytest

from tests.review_frames import HOSTILE, run_frames
from xxgk.quality.summary import render_markdown, summarize_quality
from xxgk.review.cells import check_grid, failing_lines
from xxgk.review.site import build_review_site
from xxgk.review.snippets import snippet_for


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    frames = run_frames(extra_flagged=5)
    out = tmp_path_factory.mktemp("review") / "review"
    stats = build_review_site(out, "run1", frames["reports"], frames["results"],
                              [(frames["facts"], frames["documents"])],
                              data_docs_link="../data_docs/index.html", page_rows=3)
    return out, stats


def _elements(page: str) -> list[tuple[str, list]]:
    found: list[tuple[str, list]] = []

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(page)
    return found


def test_index_counts_the_flagged_reports_by_facet(site):
    out, stats = site
    index = (out / "index.html").read_text("utf-8")
    assert stats.flagged == 7 and stats.report_pages == 7
    assert "7 flagged of 8 reports" in index and "6 fail, 1 warn, 1 pass" in index
    counts = dict(re.findall(r"<a href='list/check/([^/]+)/1.html'>[^<]+</a></td>"
                             r"<td class='n'>(\d+)</td>", index))
    assert counts == {"report_year.not_before_2008": "5", "table3.balance_identity": "1",
                      "text.proactive_parts_sum": "1"}  # parse.warnings (info) is no count
    assert "list/level/unknown/1.html" in index and "list/sector/finance/1.html" in index
    assert "href='../data_docs/index.html'" in index


def test_lists_are_paginated_and_link_every_report(site):
    out, _ = site
    pages = sorted((out / "list" / "all" / "all").glob("*.html"))
    assert [p.name for p in pages] == ["1.html", "2.html", "3.html"]  # 7 reports, 3 a page
    linked = [re.findall(r"href='\.\./\.\./\.\./reports/(\w+)\.html'", p.read_text("utf-8"))
              for p in pages]
    assert [len(x) for x in linked] == [3, 3, 1]
    assert linked[0][0] == "r_gap" and "r_ok" not in sum(linked, [])  # fail first; pass out
    assert "rel='next' href='2.html'" in pages[0].read_text("utf-8")
    assert "rel='prev' href='2.html'" in pages[2].read_text("utf-8")


def test_a_report_page_shows_the_checks_cells_and_highlights_the_wrong_ones(site):
    out, _ = site
    page = (out / "reports" / "r_gap.html").read_text("utf-8")
    grid = re.search(r"<table class='grid'>(.*?)</table>", page).group(1)
    rows = re.findall(r"<tr><th>([^<]+)</th>(.*?)</tr>", grid)
    assert [r for r, _ in rows] == ["new_received", "carried_over", "results_total",
                                    "carried_forward"]  # four rows, not the whole table
    assert re.findall(r"<th>(\w+)</th>", grid)[:2] == ["natural_person", "total"]
    offending = re.findall(r"<td class='offending'><a href='#(c0-\d+)'>(\d+)</a>", grid)
    assert [v for _, v in offending] == ["9", "1", "7", "0"]  # the natural_person column only
    assert "<tr class='gap'><th>gap (lhs − rhs)</th><td>3</td><td></td></tr>" in grid
    # each cell's source, the number marked in its line of the cleaned text
    snippet = re.search(r"<li id='c0-4' class='offending'>.*?</li>", page).group(0)
    assert "办理结果总计 | 自然人 | <mark>7</mark> | 总计 | 10" in snippet
    assert "href='../../../../raw/objects/00/" + "0" * 63 + "1'" in page
    assert "href='../texts/r_gap.txt'" in page
    assert (out / "texts" / "r_gap.txt").read_text("utf-8").startswith("二、依申请公开情况")


def test_every_page_shows_document_text_as_text(site):
    out, _ = site
    page = (out / "reports" / "r_parts.html").read_text("utf-8")
    assert "<mark>615</mark>" in page and "<mark>752</mark>" in page
    assert "title says &lt;script&gt;" in page  # the parser's note, escaped
    for path in out.rglob("*.html"):
        text = path.read_text("utf-8")
        elements = _elements(text)
        scripts = [dict(a).get("src") for t, a in elements if t == "script"]
        assert all(s and not s.startswith(("http:", "https:", "//")) for s in scripts), path
        assert not [a for _, attrs in elements for a, _ in attrs if a.startswith("on")], path
        assert "img" not in {t for t, _ in elements} and HOSTILE not in text, path
    assert "河西区民政局&lt;script&gt;" in (out / "list" / "status" / "warn" / "1.html").read_text(
        "utf-8")


def test_search_data_come_as_script_chunks_the_page_loads(site):
    out, _ = site
    search = (out / "search.html").read_text("utf-8")
    assert "<script src='assets/search.js'></script><script src='search/0001.js'>" in search
    chunk = (out / "search" / "0001.js").read_text("utf-8")
    assert chunk.startswith("xxgkReview.add([[\"r_gap\",\"青山县统计局\",2022,\"fail\"")
    assert "<option value='table3.balance_identity'>" in search


def test_identities_failing_on_rows_keep_only_those_rows():
    facts = [{"section": "table4", "item": block, "dimension": part, "value": 1.0,
              "span_start": 0, "span_end": 1, "evidence": "x", "rule": "t"}
             for block in ("reconsideration", "litigation_direct") for part in
             ("upheld", "corrected", "other", "pending", "total")]
    grid = check_grid("table4.block_total_identity", "litigation_direct: 3", facts)
    assert grid.rows == ("litigation_direct",)
    assert grid.columns == ("upheld", "corrected", "other", "pending", "total")
    assert len(grid.offending_cells()) == 5
    assert failing_lines("a: 1; total: -2") == {"a": "1", "total": "-2"}
    assert check_grid("history.duplicate_agency_year", "same_agency_year_others: 1",
                      facts) is None
    negative = check_grid("facts.counts_non_negative", None, [*facts, {
        **facts[0], "item": "granted", "section": "table3", "value": -4.0}])
    assert negative.rows == ("table3 · granted · upheld",)


def test_a_snippet_falls_back_to_the_evidence_when_the_text_is_missing():
    fact = {"value": 1234.0, "evidence": "本年新收 | 总计 | 1,234", "span_start": 5,
            "span_end": 10}
    s = snippet_for(fact, None)
    assert (s.before, s.marked, s.after, s.from_text) == ("本年新收 | 总计 | ", "1,234", "",
                                                          False)
    s = snippet_for({**fact, "span_start": 2, "span_end": 3}, "abcdef", context=1)
    assert (s.before, s.marked, s.after, s.from_text) == ("…b", "c", "d…", True)


def test_summary_counts_and_trend():
    frames = run_frames()
    summary = summarize_quality("r2", frames["reports"], frames["results"])
    assert summary["status_counts"] == {"pass": 1, "warn": 1, "fail": 1}
    assert summary["failing_checks"] == [
        {"check_id": "table3.balance_identity", "severity": "error", "reports": 1},
        {"check_id": "text.proactive_parts_sum", "severity": "warning", "reports": 1}]
    md = render_markdown(summary, {"run_id": "r1", "status_counts": {"pass": 3, "warn": 0,
                                                                     "fail": 0}}, {})
    assert "pass -2" in md and "fail +1" in md
    assert "| table3.balance_identity | error | 1 |" in md
