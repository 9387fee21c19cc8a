"""Hostile documents in one run through the real stages, beside good reports.

One sources file holds a folder (good generated reports and hostile files) and a web source
on a loopback server (a 2 GiB response with and without Content-Length, binary junk served as
text/html, GBK served as UTF-8, a good report). The run goes ingest -> parse (one batch per
document, so that each document's time and memory are measured) -> validate -> publish on a
local lake. Every hostile document must end as a recorded error with a reason or as a safe
partial parse, within the per-document budget; every good report must be published.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl
import pytest
import yaml

from tests.reliability import hostile_inputs as hostile
from tests.reliability.cost import MIB, Cost, measure_cost
from tests.reliability.http_faults import ScriptedServer, endless, serve
from xxgk.decode import decode_document
from xxgk.decode.html_text import is_nested_too_deep
from xxgk.generate import generate_reports
from xxgk.model import DocumentError
from xxgk.settings import Settings
from xxgk.stages.ingest import finish_ingest, ingest_batch, read_fetch_log, read_manifest
from xxgk.stages.parse import parse_batch
from xxgk.stages.publish import latest_key, publish_run
from xxgk.stages.staging import read_staging
from xxgk.stages.validate import validate_run
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration

TIME_BUDGET_SECONDS = 20.0  # per document; a real report parses in a few milliseconds
MEMORY_BUDGET_BYTES = 256 * MIB  # per document: peak memory growth (tests/reliability/cost.py)
CRAWL_CAP_BYTES = 8 * MIB  # max_bytes of the web source
HUGE_BYTES = 2 * 1024 ** 3  # the "2 GB response"
RUN_ID = "hostile"
ERROR, PARSED = "error", "parsed"
# A file name a hostile site could choose; it reaches source_url and the review page.
XSS_FILENAME = '"><img src=x onerror=alert(1)><svg onload=alert(2)>.html'


@dataclass(frozen=True)
class Case:
    name: str  # file name in the folder, or URL path on the web server
    build: Callable[[], bytes]
    allowed: frozenset[str]  # outcomes that are safe: {"error"}, {"parsed"} or both
    error_kinds: frozenset[str] = frozenset()  # when an error, which kinds are right


def _case(name: str, build: Callable[[], bytes], *allowed: str, kinds: tuple[str, ...] = ()
          ) -> Case:
    return Case(name, build, frozenset(allowed), frozenset(kinds))


FOLDER_CASES = (
    _case("zip_bomb.docx", hostile.build_docx_zip_bomb, ERROR, kinds=("too_large",)),
    _case("zip_lying_sizes.docx", hostile.build_docx_lying_sizes, ERROR,
          kinds=("parse_failed", "too_large")),
    _case("billion_laughs.docx", hostile.build_docx_billion_laughs, ERROR,
          kinds=("parse_failed",)),
    _case("billion_laughs_hidden.docx",
          lambda: hostile.build_docx_billion_laughs(hide_after_bytes=8000), ERROR,
          kinds=("parse_failed",)),
    _case("broken_xref.pdf", hostile.build_pdf_broken_xref, ERROR, PARSED,
          kinds=("parse_failed",)),
    _case("truncated.pdf", hostile.build_pdf_truncated, ERROR, PARSED, kinds=("parse_failed",)),
    _case("deep_nesting.html", hostile.build_deep_html, PARSED),
    _case("single_line_10mb.txt", hostile.build_single_line, PARSED, ERROR,
          kinds=("too_large",)),
    _case("mixed_encodings.html", hostile.build_mixed_encodings, ERROR, PARSED,
          kinds=("undecodable",)),
    _case("stray_gbk_footer.html", hostile.build_utf8_page_with_gbk_footer, PARSED),
    _case("script_and_handlers.html", hostile.build_script_html, PARSED),
)
WEB_CASES = (
    _case("/junk.html", hostile.build_binary_junk, ERROR, kinds=("undecodable",)),
    _case("/wrong-charset.html", hostile.build_wrongly_declared_gbk, PARSED, ERROR,
          kinds=("undecodable",)),
)
WEB_CONTENT_TYPES = {"/junk.html": "text/html", "/wrong-charset.html": "text/html; charset=utf-8"}


@dataclass
class HostileRun:
    lake_dir: Path
    base_url: str
    costs: dict[str, Cost]  # source_url -> cost of parsing that one document
    web_ingest_cost: Cost
    server: ScriptedServer
    good: dict[str, dict]  # source_url -> gold answers of the good reports
    flagged_url: str  # source_url of the planted-violation report with the hostile name

    def latest(self, table: str) -> pl.DataFrame:
        return pl.read_parquet(self.lake_dir / latest_key(table))

    def outcome(self, source_url: str) -> tuple[str, dict]:
        reports = self.latest("reports").filter(pl.col("source_url") == source_url)
        errors = self.latest("parse_errors").filter(pl.col("source_url") == source_url)
        assert reports.height + errors.height == 1, f"{source_url}: not exactly one row"
        return (PARSED, reports.row(0, named=True)) if reports.height else (
            ERROR, errors.row(0, named=True))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> HostileRun:
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "docs"
    folder.mkdir()
    gold = {}
    for report in [*generate_reports(4, seed=31), *generate_reports(2, seed=32,
                                                                    formats=("pdf", "docx"))]:
        (folder / report.filename).write_bytes(report.data)
        gold[f"file:docs/{report.filename}"] = report.gold
    flagged = next(generate_reports(1, seed=33, eras=("table_2021",), formats=("html",),
                                    violation_rate=1.0))
    (folder / XSS_FILENAME).write_bytes(flagged.data)
    for case in FOLDER_CASES:
        (folder / case.name).write_bytes(case.build())
    web_report = next(generate_reports(1, seed=34, formats=("html",)))
    routes = {case.name: [serve(case.build(), WEB_CONTENT_TYPES[case.name])]
              for case in WEB_CASES}
    routes["/huge-stream.pdf"] = [endless(HUGE_BYTES, declare_length=False)]
    routes["/huge-declared.pdf"] = [endless(HUGE_BYTES, declare_length=True)]
    routes["/report.html"] = [serve(web_report.data, "text/html; charset=utf-8")]

    with ScriptedServer(routes) as server:
        gold[server.base_url + "/report.html"] = web_report.gold
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 100, "jitter": 0.0, "retries": 0,
                         "read_timeout_seconds": 5, "total_timeout_seconds": 20},
            "sources": [
                {"name": "folder", "folder": str(folder)},
                {"name": "web", "urls": [server.base_url + p for p in routes],
                 "allow_networks": ["127.0.0.1/32"],
                 "politeness": {"max_bytes": CRAWL_CAP_BYTES}},
            ]}, allow_unicode=True), encoding="utf-8")
        lake_dir = tmp / "lake"
        lake = open_lake(Settings(lake=str(lake_dir)))
        # The two sources as two ingest batches of one run, as the flow runs a sharded file.
        with measure_cost() as web_cost:
            ingest_batch(lake, RUN_ID, str(sources), ["web"], max_bytes=64 * MIB, shard="web")
        ingest_batch(lake, RUN_ID, str(sources), ["folder"], max_bytes=64 * MIB,
                     shard="folder")
        finish_ingest(lake, RUN_ID)
        for path in ("/huge-stream.pdf", "/huge-declared.pdf"):
            server.wait_finished(path, 1)

    costs = {}
    for batch, meta in enumerate(read_manifest(lake, RUN_ID).to_dicts()):
        with measure_cost() as cost:
            parse_batch(lake, RUN_ID, batch, [meta])
        costs[meta["source_url"]] = cost
    validate_run(lake, RUN_ID)
    publish_run(lake, RUN_ID)
    for url, cost in sorted(costs.items()):
        print(f"{url.rsplit('/', 1)[-1][:40]:40s} {cost.describe()}")
    return HostileRun(lake_dir, server.base_url, costs, web_cost, server, gold,
                      f"file:docs/{XSS_FILENAME}")


def _url(run: HostileRun, case: Case) -> str:
    return f"{run.base_url}{case.name}" if case.name.startswith("/") else f"file:docs/{case.name}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name.strip("/"))
                                  for c in FOLDER_CASES + WEB_CASES])
def test_hostile_document_is_an_error_with_a_reason_or_a_safe_parse(hostile_run, case):
    outcome, row = hostile_run.outcome(_url(hostile_run, case))
    assert outcome in case.allowed, (outcome, row)
    if outcome == ERROR:
        assert row["error_kind"] in case.error_kinds, row
        assert len(row["message"]) > 10, row
    else:  # a safe partial parse: whatever was read points into the text it was read from
        _assert_facts_point_into_their_text(hostile_run, row["report_id"])
    cost = hostile_run.costs[_url(hostile_run, case)]
    assert cost.seconds < TIME_BUDGET_SECONDS, cost.describe()
    assert cost.memory_bytes < MEMORY_BUDGET_BYTES, cost.describe()


def _assert_facts_point_into_their_text(run: HostileRun, report_id: str) -> None:
    lake = open_lake(Settings(lake=str(run.lake_dir)))
    (text,) = read_staging(lake, RUN_ID, "documents").filter(
        pl.col("report_id") == report_id)["text"].to_list()
    facts = run.latest("facts").filter(pl.col("report_id") == report_id)
    for fact in facts.iter_rows(named=True):
        assert 0 <= fact["span_start"] < fact["span_end"] <= len(text), fact
        assert fact["evidence"].strip(), fact


def test_every_good_report_is_published_beside_the_hostile_ones(hostile_run):
    reports = hostile_run.latest("reports")
    for url, gold in hostile_run.good.items():
        row = reports.filter(pl.col("source_url") == url)
        assert row.height == 1, url
        assert row["report_year"][0] == gold["report_year"], url
    outcomes = [hostile_run.outcome(_url(hostile_run, c))[0] for c in FOLDER_CASES + WEB_CASES]
    # good reports + the flagged one + hostile documents that parsed safely
    assert reports.height == len(hostile_run.good) + 1 + outcomes.count(PARSED)
    assert hostile_run.latest("parse_errors").height == outcomes.count(ERROR)
    assert outcomes.count(ERROR) >= 6  # the bombs, junk and the truncated file at least


def test_deep_nesting_and_scripts_parse_to_what_a_reader_sees(hostile_run):
    facts = hostile_run.latest("facts")
    for name in ("deep_nesting.html", "script_and_handlers.html"):
        _, row = hostile_run.outcome(f"file:docs/{name}")
        values = facts.filter(pl.col("report_id") == row["report_id"])["value"].to_list()
        assert 123.0 in values, name  # the visible sentence survives
        assert float(hostile.SCRIPT_ONLY_NUMBER) not in values, name
    text = decode_document(hostile.build_script_html(), filename="a.html").text
    assert str(hostile.SCRIPT_ONLY_NUMBER) not in text
    assert "alert" not in text and "javascript" not in text


def test_a_utf8_page_with_a_gbk_footer_is_published_with_the_footer_bytes_named(hostile_run):
    _, row = hostile_run.outcome("file:docs/stray_gbk_footer.html")
    lake = open_lake(Settings(lake=str(hostile_run.lake_dir)))
    (text,) = read_staging(lake, RUN_ID, "documents").filter(
        pl.col("report_id") == row["report_id"])["text"].to_list()
    assert "联系电话和地址" in text and "\ufffd" not in text
    noted = hostile_run.latest("quality_results").filter(
        (pl.col("report_id") == row["report_id"]) & (pl.col("check_id") == "parse.warnings"))
    assert "14 byte(s) read as gb18030: bytes" in noted["observed"][0]


def test_two_gib_responses_are_cut_at_the_cap_without_being_read(hostile_run):
    log = read_fetch_log(open_lake(Settings(lake=str(hostile_run.lake_dir))), RUN_ID)
    sent = hostile_run.server.stats.body_bytes_sent
    for path, detail in (("/huge-stream.pdf", "streaming"), ("/huge-declared.pdf",
                                                              "Content-Length")):
        (row,) = log.filter(pl.col("url") == hostile_run.base_url + path).to_dicts()
        assert (row["error"], row["raw_sha256"]) == ("too_large", None)
        assert detail in row["error_detail"]
        # What the server managed to push before the crawler hung up: the cap plus socket
        # buffers, a tiny fraction of the 2 GiB on offer.
        assert sent[path] < 4 * CRAWL_CAP_BYTES, sent[path]
        assert sent[path] < HUGE_BYTES // 64, sent[path]
    assert sent["/huge-declared.pdf"] < sent["/huge-stream.pdf"]
    raw_sizes = [p.stat().st_size for p in (hostile_run.lake_dir / "raw" / "objects").rglob("*")
                 if p.is_file()]
    assert max(raw_sizes) <= 64 * MIB
    cost = hostile_run.web_ingest_cost
    assert cost.memory_bytes < 4 * CRAWL_CAP_BYTES, cost.describe()


def test_review_site_shows_hostile_names_as_text(hostile_run):
    _, row = hostile_run.outcome(hostile_run.flagged_url)
    assert row["quality_status"] == "fail"  # so the review site lists it
    site = hostile_run.lake_dir / "quality" / RUN_ID / "review"
    page = (site / "reports" / f"{row['report_id']}.html").read_text("utf-8")
    assert "onerror=alert(1)" in page  # the name is there, as text
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        elements = _elements(text)
        assert not {"img", "svg", "iframe"} & {tag for tag, _ in elements}, path
        # the only scripts are the site's own files (the search page's)
        assert all(re.fullmatch(r"(assets/search|search/\d{4})\.js", dict(attrs).get("src") or "")
                   for tag, attrs in elements if tag == "script"), path
        assert not [a for _, attrs in elements for a, _ in attrs if a.startswith("on")], path
        assert hostile.XSS_MARKUP not in text, path


def test_data_docs_never_carry_document_markup(hostile_run):
    docs = list((hostile_run.lake_dir / "quality" / RUN_ID / "data_docs").rglob("*.html"))
    assert docs
    for path in docs:
        text = path.read_text("utf-8", errors="replace")
        assert hostile.XSS_MARKUP not in text, path
        assert str(hostile.SCRIPT_ONLY_NUMBER) not in text, path


def _elements(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(page)
    return found


# Inputs measured outside the batch above (they were known gaps in xxgk/decode) -------------

def test_nesting_hidden_from_the_depth_guard_is_still_caught():
    markup = hostile.build_hidden_deep_html(100_000)
    assert is_nested_too_deep(markup)


def test_pdf_decompression_bomb_stays_within_the_memory_budget():
    bomb = hostile.build_pdf_bomb(200 * MIB)
    assert len(bomb) < MIB
    with measure_cost() as cost:
        try:
            decode_document(bomb, filename="bomb.pdf")
        except DocumentError:
            pass
    assert cost.memory_bytes < MEMORY_BUDGET_BYTES, cost.describe()
