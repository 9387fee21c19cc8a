"""A crawl killed half-way and started again with the same run id refetches nothing it stored."""

from __future__ import annotations

import polars as pl
import pytest
import yaml

from xxgk.ingest.crawler import CrawlOptions
from xxgk.ingest.sim_site import ConnectionCounter, SimServer, build_gov_site
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_fetch_log, read_manifest
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


class Killed(Exception):
    """Stands in for the process dying: raised from inside the crawl."""


def test_killed_run_resumes_without_refetching_what_it_stored(tmp_path):
    with ConnectionCounter("127.0.0.2") as sentinel, SimServer() as server:
        site = build_gov_site(sentinel_url=f"http://127.0.0.2:{sentinel.port}/x",
                              oversize_bytes=300_000)
        routes = dict(site.routes)
        del routes["/xxgk/ndbg/index_1.html"]  # keep this test fast: page one and its links
        server.set_routes(routes)
        sources = tmp_path / "sources.yml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 100, "jitter": 0.0, "retries": 0},
            "sources": [{"name": "s", "listing": server.base_url + site.listing_path,
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        lake = open_lake(Settings(lake=str(tmp_path / "lake")))
        # Every log row is flushed at once, as after a real kill the flushed parts are all
        # that is left.
        options = CrawlOptions(flush_rows=1, progress_every=1)

        def die_after_five(rows: int) -> None:
            if rows >= 5:
                raise Killed

        with pytest.raises(Killed):
            ingest_source(lake, "run1", str(sources), max_bytes=2**20,
                          on_progress=die_after_five, options=options)
        before = read_fetch_log(lake, "run1")
        stored = {u.removeprefix(server.base_url)
                  for u in before.filter(pl.col("raw_sha256").is_not_null()
                                         & (pl.col("role") != "robots"))["url"]}
        assert len(stored) >= 3  # the listing and some pages made it before the kill
        assert not lake.exists("staging/run1/ingest/documents.parquet")
        server.reset_log()

        result = ingest_source(lake, "run1", str(sources), max_bytes=2**20, options=options)

        again = [r.path for r in server.requests]
        assert not stored & set(again), "stored URLs were fetched again"
        log = read_fetch_log(lake, "run1")
        docs = log.filter(pl.col("raw_sha256").is_not_null() & (pl.col("role") != "robots"))
        assert docs["url"].n_unique() == docs.height  # each stored URL logged once
        # 2023 page + PDF + DOCX, 2022 page + DOCX (same bytes as the other DOCX),
        # 2021 page + a second URL of the PDF: five distinct documents.
        assert result.documents == 5
        manifest = read_manifest(lake, "run1")
        assert manifest.height == 5 and manifest["is_new"].all()
