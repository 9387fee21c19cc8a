"""Build the static review site of a run into a local folder (validate uploads it to
``quality/<run_id>/review/`` beside Data Docs).

::

    index.html                      counts by check, status, era, level, sector, review state
    search.html, search/NNNN.js     every flagged report, filtered in the browser
    list/<facet>/<value>/<n>.html   the reports of one count, PAGE_ROWS a page
    reports/<report_id>.html        one flagged report: checks, grids, snippets, links
    texts/<report_id>.txt           its cleaned text
    assets/                         review.css, search.js (shipped in this package)

Memory stays bounded: the report pages are rendered from the run's facts and cleaned texts
one parse batch at a time (``evidence``), each page written as soon as it is made.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import polars as pl

from xxgk.review.queue import flagged_checks
from xxgk.review.site_lists import (
    PAGE_ROWS,
    FacetCount,
    facet_groups,
    render_index,
    render_list_pages,
    render_search_chunks,
    render_search_page,
    row_html,
)
from xxgk.review.site_report import render_report_page
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS, REVIEW_VERDICTS

ASSETS = Path(__file__).parent / "assets"
REVIEW_STATES = ("waiting", "partly decided", "decided")


@dataclass(frozen=True)
class SiteStats:
    flagged: int
    report_pages: int
    list_pages: int
    files: int
    bytes: int


class _Writer:
    def __init__(self, root: Path):
        self.root, self.files, self.bytes = root, 0, 0

    def text(self, rel: str, content: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)


def listed_reports(reports: pl.DataFrame, failing: pl.DataFrame,
                   verdicts: pl.DataFrame) -> pl.DataFrame:
    """One row per flagged report (fail first), with its failing checks and review state."""
    flagged = REPORTS.conform(reports).filter(pl.col("quality_status") != "pass")
    checks = flagged_checks(flagged, failing, verdicts)
    per_report = checks.group_by("report_id").agg(
        pl.col("check_id").unique().sort().alias("checks"),
        pl.col("in_queue").all().alias("all_waiting"),
        pl.col("in_queue").any().alias("any_waiting"))
    return (flagged.join(per_report, on="report_id", how="left")
            .with_columns(review_state=pl.when(pl.col("all_waiting").fill_null(True))
                          .then(pl.lit("waiting"))
                          .when(pl.col("any_waiting")).then(pl.lit("partly decided"))
                          .otherwise(pl.lit("decided")))
            .drop("all_waiting", "any_waiting")
            .sort("quality_status", "report_id"))  # fail before warn


def build_review_site(out: Path, run_id: str, reports: pl.DataFrame, failing: pl.DataFrame,
                      evidence: Iterable[tuple[pl.DataFrame, pl.DataFrame]], *,
                      verdicts: pl.DataFrame | None = None,
                      data_docs_link: str | None = None,
                      page_rows: int = PAGE_ROWS) -> SiteStats:
    """``failing``: the run's failed check results (all severities); ``evidence``: (facts,
    documents) frames of whole reports, a parse batch at a time (documents: report_id, text);
    ``verdicts``: the current verdicts. Writes the site into ``out`` (emptied first)."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    write = _Writer(out)
    failing = QUALITY_RESULTS.conform(failing)
    verdicts = REVIEW_VERDICTS.empty() if verdicts is None else REVIEW_VERDICTS.conform(verdicts)
    listed = listed_reports(reports, failing, verdicts)
    status_counts = dict(REPORTS.conform(reports).group_by("quality_status").len().iter_rows())

    rows = {r["report_id"]: row_html(r, "../../..") for r in listed.iter_rows(named=True)}
    counts, list_pages = [], 0
    for facet, value, part in facet_groups(listed):
        counts.append(FacetCount(facet, value, part.height))
        for path, html in render_list_pages(facet, value, [rows[r] for r in part["report_id"]],
                                            run_id, page_rows):
            write.text(path, html)
            list_pages += 1
    del rows
    write.text("index.html", render_index(run_id, counts, reports.height, status_counts,
                                          data_docs_link))
    chunks = []
    for path, script in render_search_chunks(listed):
        write.text(path, script)
        chunks.append(path)
    write.text("search.html", render_search_page(run_id, counts, chunks))
    for asset in sorted(ASSETS.iterdir()):
        write.text(f"assets/{asset.name}", asset.read_text(encoding="utf-8"))

    pages = _write_report_pages(write, listed, failing, verdicts, evidence)
    return SiteStats(listed.height, pages, list_pages, write.files, write.bytes)


def _write_report_pages(write: _Writer, listed: pl.DataFrame, failing: pl.DataFrame,
                        verdicts: pl.DataFrame,
                        evidence: Iterable[tuple[pl.DataFrame, pl.DataFrame]]) -> int:
    ids = listed["report_id"].to_list()
    wanted = set(ids)
    checks: dict[str, list[dict]] = defaultdict(list)
    notes: dict[str, list[dict]] = defaultdict(list)
    for r in failing.filter(pl.col("report_id").is_in(ids)).sort(
            "severity", "check_id").iter_rows(named=True):  # errors before warnings
        (notes if r["severity"] == "info" else checks)[r["report_id"]].append(r)
    decided: dict[str, dict[str, dict]] = defaultdict(dict)
    for v in verdicts.join(listed.select("raw_sha256"), on="raw_sha256",
                           how="semi").iter_rows(named=True):
        decided[v["raw_sha256"]][v["check_id"]] = v
    by_id = {r["report_id"]: r for r in listed.iter_rows(named=True)}

    def render(rid: str, facts: list[dict], text: str | None) -> None:
        report = by_id[rid]
        if text is not None:
            write.text(f"texts/{rid}.txt", text)
        write.text(f"reports/{rid}.html", render_report_page(
            report, checks.get(rid, []), notes.get(rid, []), facts, text,
            decided.get(report["raw_sha256"], {}), has_text_file=text is not None))

    needs = _sections_needed(failing.filter(pl.col("report_id").is_in(ids)))
    done: set[str] = set()
    for facts, documents in evidence:
        facts = _needed_facts(FACTS.conform(facts), needs)
        texts = dict(documents.filter(pl.col("report_id").is_in(ids)).select(
            "report_id", "text").iter_rows())
        facts_by = {rid: part.to_dicts() for (rid,), part in facts.partition_by(
            "report_id", as_dict=True).items()}
        for rid in sorted((set(facts_by) | set(texts)) & wanted - done):
            render(rid, facts_by.get(rid, []), texts.get(rid))
            done.add(rid)
    for rid in ids:  # flagged without a fact or a text in the evidence (a missing year…)
        if rid not in done:
            render(rid, [], None)
    return len(ids)




# What a report's failing checks read (cells.py), so that only those facts become Python
# objects: a flagged report has some 250 facts, a check reads a handful to a few dozen.
_NEEDS = {"table3": ("table3.", "text_vs_table.", "history."),
          "table4": ("table4.",),
          "text": ("text.", "text_vs_table.", "history.")}
_ODD_VALUES = ("counts.non_negative", "facts.")


def _sections_needed(failing: pl.DataFrame) -> pl.DataFrame:
    """report_id -> which sections its failing checks read, and whether odd values."""
    check = pl.col("check_id")
    flags = [pl.any_horizontal([check.str.starts_with(p) for p in prefixes]).any()
             .alias(f"needs_{section}") for section, prefixes in _NEEDS.items()]
    flags.append(pl.any_horizontal([check.str.starts_with(p) for p in _ODD_VALUES]).any()
                 .alias("needs_odd"))
    return failing.filter(pl.col("severity") != "info").group_by("report_id").agg(flags)


def _needed_facts(facts: pl.DataFrame, needs: pl.DataFrame) -> pl.DataFrame:
    section = pl.col("section")
    odd = pl.col("value").is_not_null() & ((pl.col("value") < 0)
                                           | (pl.col("value") != pl.col("value").floor()))
    return facts.join(needs, on="report_id", how="inner").filter(
        (pl.col("needs_table3") & (section == "table3"))
        | (pl.col("needs_table4") & (section == "table4"))
        | (pl.col("needs_text") & (section == "text"))
        | (pl.col("needs_odd") & odd)).select(facts.columns)
