"""The crawler against a simulated government site on 127.0.0.1 (xxgk.ingest.sim_site).

One module fixture crawls the site twice (two run ids, same lake); each test checks one case's
exact outcome in the fetch log, the raw zone and the server's own request log.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
import yaml

from xxgk.ingest.politeness import USER_AGENT
from xxgk.ingest.sim_site import (
    ConnectionCounter,
    GovSite,
    RequestRecord,
    SimServer,
    build_gov_site,
)
from xxgk.settings import Settings
from xxgk.stages.ingest import IngestResult, ingest_source, read_fetch_log, read_manifest
from xxgk.storage import Lake, open_lake

pytestmark = pytest.mark.integration
CAP = 200_000
ISSUE_COLUMNS = ["source", "url", "final_url", "status", "etag", "last_modified",
                 "content_type", "size_bytes", "raw_sha256", "detected_encoding", "attempt",
                 "fetched_at", "error"]


@dataclass
class Crawl:
    site: GovSite
    base: str
    lake: Lake
    lake_dir: Path
    first: IngestResult
    second: IngestResult
    first_requests: list[RequestRecord]
    second_requests: list[RequestRecord]
    raw_after_first: set[str]
    raw_after_second: set[str]
    sentinel_connections: int

    def log(self, run: str = "run1") -> pl.DataFrame:
        return read_fetch_log(self.lake, run)

    def rows(self, path: str, run: str = "run1") -> list[dict]:
        return self.log(run).filter(pl.col("url") == self.base + path).to_dicts()


def _raw_objects(lake_dir: Path) -> set[str]:
    return {p.name for p in (lake_dir / "raw" / "objects").rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Crawl:
    tmp = tmp_path_factory.mktemp("crawl")
    with ConnectionCounter("127.0.0.2") as sentinel, SimServer() as server:
        site = build_gov_site(sentinel_url=f"http://127.0.0.2:{sentinel.port}/x",
                              oversize_bytes=CAP + 100_000)
        server.set_routes(site.routes)
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 100, "jitter": 0.0, "retries": 2,
                         "backoff_seconds": 0.02, "read_timeout_seconds": 0.4,
                         "total_timeout_seconds": 1.0, "max_bytes": CAP},
            "sources": [{"name": "kjj-ndbg", "organ": "示例市科学技术局",
                         "listing": {"url": server.base_url + site.listing_path},
                         # loopback for the site itself; 127.0.0.2 and the rest stay refused
                         "allow_networks": ["127.0.0.1/32"]}],
        }, allow_unicode=True), encoding="utf-8")
        lake_dir = tmp / "lake"
        lake = open_lake(Settings(lake=str(lake_dir)))
        first = ingest_source(lake, "run1", str(sources), max_bytes=50 * 2**20)
        first_requests = server.requests
        raw_after_first = _raw_objects(lake_dir)
        server.reset_log()
        second = ingest_source(lake, "run2", str(sources), max_bytes=50 * 2**20)
        second_requests = server.requests
        return Crawl(site, server.base_url, lake, lake_dir, first, second, first_requests,
                     second_requests, raw_after_first, _raw_objects(lake_dir),
                     sentinel.accepted)


def _paths(requests: list[RequestRecord]) -> list[str]:
    return [r.path for r in requests]


def test_fetch_log_has_the_issue_columns_and_one_row_per_attempt(crawl):
    log = crawl.log()
    assert set(ISSUE_COLUMNS) <= set(log.columns)
    # 2019 took two attempts, 2018 three; everything else one.
    attempts = dict(log.group_by("url").agg(pl.len()).iter_rows())
    assert attempts[crawl.base + "/xxgk/ndbg/2019.html"] == 2
    assert attempts[crawl.base + "/xxgk/ndbg/2018.html"] == 3
    assert attempts[crawl.base + "/xxgk/ndbg/2023.html"] == 1
    assert (crawl.first.documents, crawl.first.new_raw, crawl.first.errors) == (7, 7, 7)


def test_paginated_listing_is_followed_and_only_report_links_are_taken(crawl):
    listing = crawl.log().filter(pl.col("role") == "listing")
    assert sorted(listing["url"].to_list()) == [crawl.base + "/xxgk/ndbg/index.html",
                                                crawl.base + "/xxgk/ndbg/index_1.html"]
    assert listing["status"].to_list() == [200, 200]
    requested = _paths(crawl.first_requests)
    assert "/xxgk/tzgg/notice.html" not in requested
    assert "/xxgk/ndbg/guide.html" not in requested
    # the 2021 link shows a cut title; its title attribute carries the year and 年度报告
    assert "/xxgk/ndbg/2021.html" in requested


def test_utf8_page_with_header_charset(crawl):
    (row,) = crawl.rows("/xxgk/ndbg/2023.html")
    assert (row["status"], row["detected_encoding"], row["encoding_source"]) == \
        (200, "utf-8", "header")
    assert crawl.lake.get_raw(row["raw_sha256"]) == \
        crawl.site.routes["/xxgk/ndbg/2023.html"].body


def test_gbk_page_with_charset_in_header_is_decoded_as_gb18030_and_stored_unchanged(crawl):
    (row,) = crawl.rows("/xxgk/ndbg/2022.html")
    assert (row["declared_charset"], row["detected_encoding"], row["encoding_source"]) == \
        ("GBK", "gb18030", "header")
    stored = crawl.lake.get_raw(row["raw_sha256"])
    assert stored == crawl.site.routes["/xxgk/ndbg/2022.html"].body  # raw bytes, not re-encoded
    assert crawl.site.gbk_text in stored.decode("gb18030")


def test_gbk_page_without_header_charset_uses_the_meta_tag(crawl):
    (row,) = crawl.rows("/xxgk/ndbg/2021.html")
    assert row["content_type"] == "text/html" and row["declared_charset"] is None
    assert (row["detected_encoding"], row["encoding_source"]) == ("gb18030", "meta")


def test_pdf_and_docx_attachments_are_stored_and_linked_to_their_page(crawl):
    log = crawl.log().filter(pl.col("role") == "attachment")
    by_path = {r["url"].removeprefix(crawl.base): r for r in log.to_dicts()}
    pdf = by_path["/files/2023.pdf"]
    docx = next(r for p, r in by_path.items() if p.endswith(".docx"))
    for row, data in ((pdf, crawl.site.pdf), (docx, crawl.site.docx)):
        assert row["parent_url"] == crawl.base + "/xxgk/ndbg/2023.html"
        assert crawl.lake.get_raw(row["raw_sha256"]) == data
    assert docx["filename"] == "2023年报附件.docx"  # percent-decoded from the URL path
    # the download.jsp link is an attachment by its link text; its name comes from the header
    jsp = by_path["/download.jsp?id=7"]
    assert (jsp["filename"], jsp["parent_url"]) == ("2022年报.docx",
                                                    crawl.base + "/xxgk/ndbg/2022.html")
    manifest = read_manifest(crawl.lake, "run1")
    listed = manifest.filter(pl.col("raw_sha256") == pdf["raw_sha256"]).to_dicts()
    assert len(listed) == 1 and listed[0]["parent_url"] == pdf["parent_url"]
    assert listed[0]["role"] == "attachment" and listed[0]["organ"] == "示例市科学技术局"


def test_same_bytes_from_two_urls_are_stored_once(crawl):
    (a,) = crawl.rows("/files/2023.pdf")
    (b,) = crawl.rows("/files/copy/2023.pdf")
    assert a["raw_sha256"] == b["raw_sha256"]
    assert sorted([a["is_new"], b["is_new"]]) == [False, True]
    manifest = read_manifest(crawl.lake, "run1")
    assert manifest.filter(pl.col("raw_sha256") == a["raw_sha256"]).height == 1
    assert manifest["raw_sha256"].n_unique() == manifest.height == 7


def test_redirect_chain_is_followed_to_the_report(crawl):
    (row,) = crawl.rows("/old/2020.html")
    assert (row["status"], row["redirects"], row["final_url"]) == \
        (200, 2, crawl.base + "/xxgk/ndbg/2020.html")
    assert crawl.lake.get_raw(row["raw_sha256"]) == \
        crawl.site.routes["/xxgk/ndbg/2020.html"].body


def test_a_500_recovers_on_retry(crawl):
    first, second = crawl.rows("/xxgk/ndbg/2019.html")
    assert (first["attempt"], first["status"], first["error"], first["raw_sha256"]) == \
        (1, 500, "http_500", None)
    assert (second["attempt"], second["status"], second["error"]) == (2, 200, None)
    assert second["raw_sha256"] is not None


def test_a_slow_response_times_out_after_every_retry(crawl):
    rows = crawl.rows("/xxgk/ndbg/2018.html")
    assert [(r["attempt"], r["error"], r["raw_sha256"]) for r in rows] == \
        [(1, "timeout", None), (2, "timeout", None), (3, "timeout", None)]
    assert _paths(crawl.first_requests).count("/xxgk/ndbg/2018.html") == 3


def test_robots_txt_disallow_is_obeyed_and_robots_is_read_once(crawl):
    (row,) = crawl.rows("/private/2017.html")
    assert (row["status"], row["error"], row["raw_sha256"]) == (None, "robots_disallowed", None)
    assert "/private/2017.html" not in _paths(crawl.first_requests)
    assert _paths(crawl.first_requests).count("/robots.txt") == 1


def test_oversized_files_are_refused_by_length_and_while_streaming(crawl):
    (declared,) = crawl.rows("/files/2016-big.pdf")
    (streamed,) = crawl.rows("/files/2016-big-stream.doc")
    for row in (declared, streamed):
        assert (row["error"], row["raw_sha256"], row["size_bytes"]) == ("too_large", None, None)
    assert "Content-Length" in declared["error_detail"]
    assert "streaming" in streamed["error_detail"]
    sizes = [p.stat().st_size for p in (crawl.lake_dir / "raw" / "objects").rglob("*")
             if p.is_file()]
    assert max(sizes) <= CAP


def test_redirects_to_private_addresses_are_refused_before_connecting(crawl):
    targets = {"/go/2015": "http://10.0.0.1/xxgk/2015.html",
               "/go/2014": "http://169.254.169.254/latest/meta-data/"}
    for path, target in targets.items():
        (row,) = crawl.rows(path)
        assert (row["error"], row["redirects"], row["final_url"], row["status"]) == \
            ("refused_address", 1, target, None)
    (loopback,) = crawl.rows("/go/2013")
    assert loopback["error"] == "refused_address" and "127.0.0.2" in loopback["final_url"]
    # The redirect target 127.0.0.2 is a listener that counts connections: none arrived, so
    # the refusal came before any connection (the connection layer's own check is unit-tested
    # in test_ingest_address_safety).
    assert crawl.sentinel_connections == 0


def test_every_request_carries_the_descriptive_user_agent(crawl):
    agents = {r.user_agent for r in crawl.first_requests + crawl.second_requests}
    assert agents == {USER_AGENT}


def test_second_run_makes_conditional_requests_and_stores_nothing_new(crawl):
    stored_first = {r["url"].removeprefix(crawl.base) for r in crawl.log().to_dicts()
                    if r["raw_sha256"] and r["role"] != "robots"}
    requests = [r for r in crawl.second_requests if r.path != "/robots.txt"]
    redirect_hops = {"/old/2020.html", "/mid/2020.html"}
    for r in requests:
        if r.path in stored_first or r.path in redirect_hops or r.path == "/xxgk/ndbg/2020.html":
            assert r.if_none_match or r.if_modified_since, r.path
            assert r.status in (301, 302, 304), r.path
    conditional = {r.path for r in requests if r.status == 304}
    assert conditional >= stored_first - {"/old/2020.html"}
    assert crawl.raw_after_second == crawl.raw_after_first
    assert (crawl.second.documents, crawl.second.new_raw) == (7, 0)
    first, second = (read_manifest(crawl.lake, run) for run in ("run1", "run2"))
    assert set(second["raw_sha256"]) == set(first["raw_sha256"])
    assert not second["is_new"].any() and second["not_modified"].all()
    # pages answered 304 keep the encoding verdict of the fetch that stored them
    (gbk,) = crawl.rows("/xxgk/ndbg/2022.html", run="run2")
    assert (gbk["status"], gbk["not_modified"], gbk["detected_encoding"]) == \
        (304, True, "gb18030")
