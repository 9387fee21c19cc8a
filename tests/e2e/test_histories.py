"""Organs followed over years, crawled from their government sites and run through the whole
pipeline: one agency_id per organ across its name forms, the region from the host where no
place is written, and the cross-year and hierarchy checks failing on the planted faults and
nothing else.

One loopback server plays every site: for the length of the module every host under gov.cn
resolves to 127.0.0.1 (the crawler asks the system resolver, patched here), so that the
reports keep the gov.cn addresses their region is read from.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit, urlunsplit

import polars as pl
import pytest
import yaml

from flows.pipeline import pipeline_flow
from xxgk.generate import write_histories
from xxgk.generate.histories import CARRIED_OVER_CHECK, DUPLICATE_CHECK, HIERARCHY_CHECK
from xxgk.ingest.sim_site import Route, SimServer
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key

pytestmark = pytest.mark.e2e
# Seed 12: besides the carry-over faults and copies, a county whose government states a
# region-wide figure, below its organs' sum in two planted years.
ORGANS, YEARS, SEED = 12, (2019, 2020, 2021, 2022), 12
YEAR_OVER_YEAR = "history.year_over_year"
CONTENT_TYPES = {"html": "text/html", "txt": "text/plain"}


def _resolve_gov_cn_on_loopback(system):
    def getaddrinfo(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".gov.cn"):
            return system("127.0.0.1", port, *args, **kwargs)
        return system(host, port, *args, **kwargs)
    return getaddrinfo


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{port}"))


def _without_port(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname or ""))


@pytest.fixture(scope="module")
def published(prefect_server, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("histories")
    gold_path = write_histories(corpus, ORGANS, YEARS, SEED)
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    routes = {}
    for g in gold:
        url = urlsplit(g["source_url"])
        body = (corpus / (url.hostname + url.path)).read_bytes()
        routes[url.path] = Route(body, CONTENT_TYPES[url.path.rsplit(".", 1)[1]])
    assert len(routes) == len(gold)  # one server plays every site: paths must not collide
    lake = tmp_path_factory.mktemp("lake")
    with pytest.MonkeyPatch.context() as patch, SimServer(routes) as server:
        patch.setattr(socket, "getaddrinfo", _resolve_gov_cn_on_loopback(socket.getaddrinfo))
        sources = lake.parent / "histories-sources.yaml"
        # Without robots.txt: dozens of hosts asking for it at once overflow the one server.
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 200, "jitter": 0.0, "obey_robots": False,
                         "backoff_seconds": 0.2},
            "sources": [{"name": "gov-sites", "attachments": False,
                         "urls": [_with_port(g["source_url"], server.port) for g in gold],
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        # One process: fifty documents do not pay for starting a pool.
        summary = pipeline_flow(Settings(lake=str(lake), batch_size=25, runner="threads"),
                                str(sources))
    reports = pl.read_parquet(lake / latest_key("reports")).with_columns(
        pl.col("source_url").map_elements(_without_port, return_dtype=pl.String))
    results = pl.read_parquet(lake / latest_key("quality_results"))
    gold_by_url = {g["source_url"]: g for g in gold}
    gold_of = {row["report_id"]: gold_by_url[row["source_url"]]
               for row in reports.iter_rows(named=True)}
    return summary, gold, reports, results, gold_of


def _failing(results: pl.DataFrame, check_id: str) -> set[str]:
    return set(results.filter((pl.col("check_id") == check_id)
                              & (pl.col("status") == "fail"))["report_id"])


def test_every_report_is_published_once(published):
    summary, gold, reports, _, _ = published
    assert summary.ingest_errors == 0 and summary.parse_errors == 0
    assert summary.documents_in == reports.height
    assert {g["copy_kind"] for g in gold} == {None, "republished", "mirrored"}
    urls = set(reports["source_url"])
    mirrored = [g for g in gold if g["copy_kind"] == "mirrored"]
    # A mirrored copy is the same bytes at another address: stored once, under either one.
    for copy in mirrored:
        original = next(g for g in gold if g["id"] == copy["copy_of"])
        assert len({copy["source_url"], original["source_url"]} & urls) == 1
    assert reports.height == len(gold) - len(mirrored)


def test_one_agency_id_per_organ_across_its_name_forms(published):
    _, _, reports, _, gold_of = published
    ids = reports.select("report_id", "agency_id").with_columns(
        pl.col("report_id").replace_strict({r: g["organ_key"] for r, g in gold_of.items()})
        .alias("organ_key"))
    per_organ = ids.group_by("organ_key").agg(pl.col("agency_id").unique())
    assert per_organ.height == ORGANS
    assert all(len(v) == 1 and v[0] is not None for v in per_organ["agency_id"]), per_organ
    assert ids["agency_id"].n_unique() == ORGANS  # and no two organs share one
    assert {g["name_form"] for g in gold_of.values()} == {
        "full", "own_place", "abbreviated", "relative"}


def test_region_from_the_name_or_from_the_host(published):
    _, _, reports, _, gold_of = published
    wrong = [(gold_of[row["report_id"]]["agency"], col, row[col], gold_of[row["report_id"]][col])
             for row in reports.iter_rows(named=True)
             for col in ("region_code", "region_source", "admin_level")
             if row[col] != gold_of[row["report_id"]][col]]
    assert not wrong, wrong[:5]
    by_host = reports.filter(pl.col("region_source") == "host")
    assert by_host.height == sum(g["name_form"] == "relative" for g in gold_of.values()) > 0


def test_carry_over_check_fails_on_the_planted_mismatches_only(published):
    _, _, _, results, gold_of = published
    planted = {r for r, g in gold_of.items() if CARRIED_OVER_CHECK in g["planted_history"]}
    assert len(planted) >= 2
    assert _failing(results, CARRIED_OVER_CHECK) == planted
    # …and it was assessed on every organ's later years: the others passed.
    later_years = {r for r, g in gold_of.items() if g["report_year"] > YEARS[0]}
    assessed = set(results.filter((pl.col("check_id") == CARRIED_OVER_CHECK)
                                  & pl.col("status").is_in(["pass", "fail"]))["report_id"])
    assert assessed == later_years


def test_duplicate_check_fails_on_republished_reports_only(published):
    _, _, _, results, gold_of = published
    duplicated = {r for r, g in gold_of.items() if DUPLICATE_CHECK in g["planted_history"]}
    assert len(duplicated) >= 2  # both copies of each republished report
    assert _failing(results, DUPLICATE_CHECK) == duplicated


def test_counts_that_drift_raise_no_year_over_year_warning(published):
    _, _, _, results, _ = published
    assessed = results.filter((pl.col("check_id") == YEAR_OVER_YEAR)
                              & (pl.col("status") != "not_assessable"))
    assert assessed.height >= ORGANS  # a ratio needs last year's count, and one of at least 1
    assert not _failing(results, YEAR_OVER_YEAR)


def test_region_total_check_fails_on_the_planted_figures_only(published):
    _, _, _, results, gold_of = published
    planted = {r for r, g in gold_of.items() if HIERARCHY_CHECK in g["planted_history"]}
    assert len(planted) >= 2
    assert _failing(results, HIERARCHY_CHECK) == planted
    # …and the region's other years were compared and passed (or lacked an organ's total).
    passed = set(results.filter((pl.col("check_id") == HIERARCHY_CHECK)
                                & (pl.col("status") == "pass"))["report_id"])
    assert passed and not passed & planted
