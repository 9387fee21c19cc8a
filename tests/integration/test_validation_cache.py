"""A rerun carries check results forward only while the suites are unchanged."""

import json

import polars as pl
import pytest

from xxgk.generate import write_corpus
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.ingest import ingest_source
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import CACHED_BATCH, plan_parse
from xxgk.stages.publish import current_release, publish_run, release_key
from xxgk.stages.validate import quality_results_key, validate_run
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


def _run(lake, run_id, corpus):
    ingest_source(lake, run_id, str(corpus), max_bytes=10_000_000)
    plan = plan_parse(lake, run_id, 10)
    for n, batch in enumerate(plan.batches):
        parse_batch(lake, run_id, n, batch)
    validate_run(lake, run_id)
    publish_run(lake, run_id)
    return plan


def test_check_results_are_carried_only_with_the_same_suites(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6, seed=77)
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    _run(lake, "run1", corpus)
    first = lake.read_frame(quality_results_key("run1")).sort("report_id", "check_id")

    plan = _run(lake, "run2", corpus)
    assert plan.to_parse == 0 and plan.cached.cached == 6
    # Nothing was copied or checked again, and nothing new was published.
    assert lake.read_frame(paths.parse_batch("run2", CACHED_BATCH, "carried")).height == 6
    assert not lake.exists(paths.parse_batch("run2", CACHED_BATCH, "facts"))
    assert lake.read_frame(quality_results_key("run2")).is_empty()
    assert current_release(lake) == "run1"
    assert not lake.exists(release_key("run2", "manifest.json"))

    # Pretend run1's release was validated by other suites: the next rerun checks everything.
    key = release_key("run1", "manifest.json")
    manifest = json.loads(lake.store.get(key))
    lake.store.put(key, json.dumps({**manifest, "suites_sha256": "older"}).encode())
    _run(lake, "run3", corpus)
    assert not lake.exists(paths.parse_batch("run3", CACHED_BATCH, "quality_results"))
    third = lake.read_frame(quality_results_key("run3")).sort("report_id", "check_id")
    assert current_release(lake) == "run3"
    assert third.equals(first)  # same checks, recomputed, same results
    assert third.filter(pl.col("status") == "fail").height == first.filter(
        pl.col("status") == "fail").height
