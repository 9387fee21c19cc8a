"""Network faults in the middle of a crawl, then reruns: every document ends up stored once.

The crawler tests (tests/integration/test_crawl_*.py) cover a 500 that recovers on retry, a
response too slow to arrive at all, and a run interrupted by an exception. Added here: a TCP
reset before the answer and in the middle of the body, a body that stalls half-way, a body
shorter than its Content-Length, 5xx answers that outlast the retries, all in one crawl; then
the same run id started again (what a Prefect task retry does), then a new run.
"""

from __future__ import annotations

import hashlib

import polars as pl
import pytest
import yaml

from tests.reliability.http_faults import (
    ScriptedServer,
    fail_with,
    reset_before_answer,
    reset_mid_body,
    serve,
    short_body,
    stall_mid_body,
)
from xxgk.generate import generate_reports
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_fetch_log, read_manifest
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration
STALL_SECONDS = 1.0


def _plans(bodies: list[bytes]) -> dict[str, tuple[list, list[str | None]]]:
    """path -> (behaviours by hit, fetch-log error of each attempt of the first run)."""
    b = bodies
    return {
        "/doc/0.html": ([reset_mid_body(b[0]), serve(b[0])], ["connection_reset", None]),
        "/doc/1.html": ([stall_mid_body(b[1], STALL_SECONDS), serve(b[1])], ["timeout", None]),
        "/doc/2.html": ([fail_with(503), fail_with(503), serve(b[2])],
                        ["http_503", "http_503"]),
        "/doc/3.html": ([short_body(b[3]), serve(b[3])], ["connection_reset", None]),
        "/doc/4.html": ([reset_before_answer(), serve(b[4])], ["connection_reset", None]),
        "/doc/5.html": ([fail_with(500)] * 3 + [serve(b[5])], ["http_500", "http_500"]),
        "/doc/6.html": ([serve(b[6])], [None]),
        "/doc/7.html": ([reset_mid_body(b[7]), reset_mid_body(b[7]), serve(b[7])],
                        ["connection_reset", "connection_reset"]),
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_faults_mid_crawl_then_reruns_store_every_document_exactly_once(tmp_path):
    bodies = [r.data for r in generate_reports(8, seed=51, formats=("html",))]
    plans = _plans(bodies)
    with ScriptedServer({p: behaviours for p, (behaviours, _) in plans.items()}) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 200, "jitter": 0.0, "retries": 1,
                         "backoff_seconds": 0.01, "read_timeout_seconds": 0.3,
                         "total_timeout_seconds": 2.0},
            "sources": [{"name": "faulty", "urls": [server.base_url + p for p in plans],
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        lake_dir = tmp_path / "lake"
        lake = open_lake(Settings(lake=str(lake_dir)))

        first = ingest_source(lake, "run1", str(sources), max_bytes=2 ** 24)
        log = read_fetch_log(lake, "run1").filter(pl.col("role") == "report")
        for path, (_, errors) in plans.items():
            attempts = log.filter(pl.col("url") == server.base_url + path).sort("attempt")
            assert attempts["error"].to_list() == errors, path
        failed_first = {p for p, (_, errors) in plans.items() if errors[-1] is not None}
        assert failed_first == {"/doc/2.html", "/doc/5.html", "/doc/7.html"}
        assert (first.documents, first.errors) == (5, 3)
        hits_after_first = dict(server.stats.hits)

        # The same run id again: only what failed is fetched; nothing stored is fetched again.
        second = ingest_source(lake, "run1", str(sources), max_bytes=2 ** 24)
        refetched = {p for p in plans if server.stats.hits[p] > hits_after_first[p]}
        assert refetched == failed_first
        assert (second.documents, second.errors) == (8, 0)

        # A later run fetches everything again and stores nothing new.
        third = ingest_source(lake, "run2", str(sources), max_bytes=2 ** 24)
        assert (third.documents, third.new_raw, third.errors) == (8, 0, 0)

    expected = {_sha(b) for b in bodies}
    for run in ("run1", "run2"):
        manifest = read_manifest(lake, run)
        assert manifest.height == 8 and set(manifest["raw_sha256"]) == expected
        assert manifest["source_url"].n_unique() == 8
    stored = [p.name for p in (lake_dir / "raw" / "objects").rglob("*") if p.is_file()]
    assert sorted(stored) == sorted(expected)  # no half bodies, no duplicates
    for sha in expected:
        assert _sha(lake.get_raw(sha)) == sha
    faults = sum(server.stats.faults.values())
    documents_log = read_fetch_log(lake, "run1").filter(pl.col("role") == "report")
    # every injected fault is one error row of run1 (2 + 1 of them on the resumed run)
    assert faults == documents_log["error"].is_not_null().sum() == 11
    print(f"faults injected: {faults}; documents: 8 expected, {len(stored)} stored, 0 lost")
