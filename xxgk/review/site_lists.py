"""The review site's index, its paginated lists and its search page.

The index counts the flagged reports by check, status, era, level, sector and review state;
every count links to a list of those reports, cut in pages of ``PAGE_ROWS`` (so no page grows
with the corpus). The search page filters every flagged report at once (by these, the year,
and words of the agency, region or report id) with a small script of our own
(``assets/search.js``); its data come in chunks of ``SEARCH_CHUNK_ROWS`` as script files,
which a browser loads from a folder as well as from a web server. Without JavaScript the lists
still work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator

import polars as pl

from xxgk.review.html_text import e, page

PAGE_ROWS = 200
SEARCH_CHUNK_ROWS = 5000
# (facet name, column of the listed frame); "checks" is a list column
FACETS = (("check", "checks"), ("status", "quality_status"), ("era", "template"),
          ("level", "admin_level"), ("sector", "sector"), ("review", "review_state"))
UNKNOWN = "unknown"
_LIST_DEPTH = "../../.."  # list/<facet>/<value>/<n>.html -> the site's root


def slug(value: object) -> str:
    text = UNKNOWN if value is None else str(value)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text) or UNKNOWN


def list_path(facet: str, value: object, number: int = 1) -> str:
    return f"list/{facet}/{slug(value)}/{number}.html"


@dataclass(frozen=True)
class FacetCount:
    facet: str
    value: str
    reports: int


def row_html(row: dict, root: str) -> str:
    """One report's row in a list (``root``: relative path to the site's root)."""
    checks = " ".join(row["checks"] or [])
    return (f"<tr class='{e(row['quality_status'])}'><td class='status'>"
            f"{e(row['quality_status'])}</td><td><a href='{root}/reports/"
            f"{e(row['report_id'])}.html'>{e(row['agency'] or '(agency unknown)')}</a></td>"
            f"<td>{e(row['report_year'])}</td><td>{e(row['template'])}</td>"
            f"<td>{e(row['admin_level'])}</td><td>{e(row['sector'])}</td>"
            f"<td class='checks'>{e(checks)}</td><td>{e(row['review_state'])}</td></tr>")


_HEAD = ("<table class='list'><tr><th>status</th><th>agency</th><th>year</th><th>era</th>"
         "<th>level</th><th>sector</th><th>failing checks</th><th>review</th></tr>")


def facet_groups(listed: pl.DataFrame) -> Iterator[tuple[str, str, pl.DataFrame]]:
    """(facet, value, the listed reports with it), every facet's every value, in list order."""
    yield "all", "all", listed
    for facet, column in FACETS:
        frame = listed.explode(column) if column == "checks" else listed
        values = frame[column].fill_null(UNKNOWN).unique().sort().to_list()
        for value in values:
            part = frame.filter(pl.col(column).fill_null(UNKNOWN) == value)
            if column == "checks":  # back to one row per report, as listed
                part = listed.join(part.select("report_id"), on="report_id", how="semi")
            yield facet, value, part


def render_list_pages(facet: str, value: str, rows_html: list[str], run_id: str,
                      page_rows: int = PAGE_ROWS) -> Iterator[tuple[str, str]]:
    """(path, html) of every page of one list."""
    pages = max(1, -(-len(rows_html) // page_rows))
    for n in range(1, pages + 1):
        chunk = rows_html[(n - 1) * page_rows:n * page_rows]
        nav = [f"<a href='{_LIST_DEPTH}/index.html'>review index</a>",
               f"<a href='{_LIST_DEPTH}/search.html'>search</a>"]
        if n > 1:
            nav.append(f"<a rel='prev' href='{n - 1}.html'>previous</a>")
        if n < pages:
            nav.append(f"<a rel='next' href='{n + 1}.html'>next</a>")
        first = (n - 1) * page_rows + 1
        body = [f"<nav>{' · '.join(nav)}</nav>",
                f"<h1>{e(facet)}: {e(value)}</h1>",
                f"<p class='meta'>run {e(run_id)}: reports {first}–{first + len(chunk) - 1} "
                f"of {len(rows_html)}, page {n} of {pages}</p>",
                _HEAD, *chunk, "</table>"]
        yield list_path(facet, value, n), page(f"{facet}: {value} ({n}/{pages})", body,
                                               f"{_LIST_DEPTH}/assets")


def render_index(run_id: str, counts: list[FacetCount], total_reports: int,
                 status_counts: dict[str, int], data_docs_link: str | None) -> str:
    flagged = sum(c.reports for c in counts if c.facet == "all")
    body = [f"<h1>Quality review — run {e(run_id)}</h1>",
            f"<p class='meta'>{flagged} flagged of {total_reports} reports checked in this run "
            f"({status_counts.get('fail', 0)} fail, {status_counts.get('warn', 0)} warn, "
            f"{status_counts.get('pass', 0)} pass).</p>",
            "<nav>" + " · ".join(filter(None, (
                f"<a href='{list_path('all', 'all')}'>every flagged report</a>",
                "<a href='search.html'>search and filter</a>",
                f"<a href='{e(data_docs_link)}'>Data Docs</a>" if data_docs_link else None,
            ))) + "</nav>"]
    if not flagged:
        body.append("<p>No report is flagged.</p>")
    for facet, _ in FACETS:
        rows = [c for c in counts if c.facet == facet]
        if not rows:
            continue
        body.append(f"<h2>By {e(facet)}</h2><table class='counts' data-facet='{e(facet)}'>"
                    f"<tr><th>{e(facet)}</th><th>reports</th></tr>")
        body += [f"<tr><td><a href='{e(list_path(facet, c.value))}'>{e(c.value)}</a></td>"
                 f"<td class='n'>{c.reports}</td></tr>"
                 for c in sorted(rows, key=lambda c: (-c.reports, c.value))]
        body.append("</table>")
    body.append("<p class='meta'>Record a decision with <code>xxgk review decide REPORT CHECK "
                "--verdict source_error|parser_error|accepted --note '…' --reviewer NAME</code>; "
                "<code>xxgk review</code> lists what is still waiting.</p>")
    return page(f"Review {run_id}", body, "assets")


def search_rows(listed: pl.DataFrame) -> list[list]:
    return [[r["report_id"], r["agency"], r["report_year"], r["quality_status"], r["template"],
             r["admin_level"], r["sector"], r["checks"] or [], r["review_state"],
             r["region_name"]] for r in listed.iter_rows(named=True)]


def render_search_chunks(listed: pl.DataFrame) -> Iterator[tuple[str, str]]:
    """(path, script) of the search data: one ``xxgkReview.add([...])`` per chunk."""
    for n, start in enumerate(range(0, listed.height, SEARCH_CHUNK_ROWS), 1):
        rows = search_rows(listed.slice(start, SEARCH_CHUNK_ROWS))
        yield f"search/{n:04d}.js", "xxgkReview.add(" + json.dumps(
            rows, ensure_ascii=False, separators=(",", ":")) + ");\n"


def render_search_page(run_id: str, counts: list[FacetCount], chunks: list[str]) -> str:
    def options(facet: str) -> str:
        values = sorted(c.value for c in counts if c.facet == facet)
        return "<option value=''>any</option>" + "".join(
            f"<option value='{e(v)}'>{e(v)}</option>" for v in values)

    selects = "".join(f"<label>{e(facet)} <select name='{e(facet)}'>{options(facet)}"
                      "</select></label>" for facet, _ in FACETS)
    body = ["<nav><a href='index.html'>review index</a></nav>",
            f"<h1>Search the flagged reports — run {e(run_id)}</h1>",
            "<noscript><p>Searching needs JavaScript; the lists on the "
            "<a href='index.html'>index</a> work without it.</p></noscript>",
            "<form id='filters'>"
            "<label>words <input name='q' type='search' placeholder='agency, region or report "
            "id'></label><label>year <input name='year' type='number' min='2008' "
            "max='2100'></label>" + selects + "</form>",
            "<p id='count' class='meta'>loading…</p>",
            "<table class='list'><thead><tr><th>status</th><th>agency</th><th>year</th>"
            "<th>era</th><th>level</th><th>sector</th><th>failing checks</th><th>review</th>"
            "</tr></thead><tbody id='results'></tbody></table>"]
    return page(f"Search {run_id}", body, "assets",
                scripts=("assets/search.js", *chunks))
