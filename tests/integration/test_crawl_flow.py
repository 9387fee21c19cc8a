"""A sources file in several Prefect batches: hosts never straddle two batches, so the
per-host limit holds across batches running at once."""

from __future__ import annotations

import polars as pl
import pytest
import yaml

from flows.ingest import ingest_flow
from xxgk.ingest.sim_site import SimServer, build_bench_site
from xxgk.settings import Settings
from xxgk.stages.ingest import plan_ingest_batches, read_fetch_log, read_manifest
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


def test_batches_respect_per_host_limits(prefect_server, tmp_path):
    routes = build_bench_site(reports=6, per_page=3)
    with SimServer(routes, latency_seconds=0.03) as one, \
            SimServer(routes, host="127.0.0.3", latency_seconds=0.03) as three:
        sources = tmp_path / "sources.yaml"
        allow = ["127.0.0.1/32", "127.0.0.3/32"]
        sources.write_text(yaml.safe_dump({
            "shards": 3,
            "defaults": {"requests_per_second": 500, "jitter": 0.0,
                         "concurrency_per_host": 1},
            "sources": [
                {"name": "one-listing", "listing": one.base_url + "/list/index.html",
                 "allow_networks": allow},
                {"name": "one-direct", "urls": [f"{one.base_url}/r/{i}.html" for i in range(6)],
                 "allow_networks": allow},
                {"name": "three-listing", "listing": three.base_url + "/list/index.html",
                 "allow_networks": allow},
            ]}), encoding="utf-8")
        assert sorted(plan_ingest_batches(str(sources))) == \
            [["one-listing", "one-direct"], ["three-listing"]]
        settings = Settings(lake=str(tmp_path / "lake"), run_id="flowrun")
        result = ingest_flow(settings, str(sources))

        # Two sources hit 127.0.0.1 from the same batch: never more than one request at once.
        assert one.max_active == 1 and three.max_active == 1
    lake = open_lake(settings)
    log = read_fetch_log(lake, "flowrun")
    assert set(log["shard"]) == {"b000", "b001"}
    # 6 report pages + 6 PDFs per host, each URL fetched once although two sources name
    # host one's pages; both hosts serve the same bytes, stored and listed once.
    docs = log.filter(pl.col("role").is_in(["report", "attachment"]))
    assert docs.height == 24 and docs["url"].n_unique() == 24
    assert result.documents == 12 and read_manifest(lake, "flowrun").height == 12
    assert log.filter(pl.col("error").is_not_null()).is_empty()
