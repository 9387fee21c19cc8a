"""Validation in small chunks and slices gives exactly the results of validation in one go.

Validate checks the facts in chunks, derives the report checks a slice of reports at a time
and streams the check results to a file: none of that may change a verdict or lose a row.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

import xxgk.stages.validate as validate
from xxgk.generate import write_corpus
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.ingest import ingest_source
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import plan_parse
from xxgk.stages.validate import quality_results_key, validate_run, validated_reports_key
from xxgk.storage import open_lake
from xxgk.storage.keys import join

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 60, seed=919, violation_rate=0.3)
    return folder


def _validated(folder, corpus, run_id="slices"):
    lake = open_lake(Settings(lake=str(folder)))
    ingest_source(lake, run_id, str(corpus), max_bytes=10_000_000)
    plan = plan_parse(lake, run_id, 8)
    for n, batch in enumerate(plan.batches):
        parse_batch(lake, run_id, n, batch)
    result = validate_run(lake, run_id)
    return lake, result


def test_small_chunks_and_slices_give_the_same_results(corpus, tmp_path, monkeypatch):
    lake_one, one = _validated(tmp_path / "one", corpus)
    monkeypatch.setattr(validate, "CHUNK_ROWS", 300)  # several facts chunks, result slices
    monkeypatch.setattr(validate, "REPORTS_PER_SLICE", 7)
    monkeypatch.setattr(validate, "RESULTS_SLICE_ROWS", 200)
    lake_many, many = _validated(tmp_path / "many", corpus)

    keys = ["report_id", "check_id"]
    results_one = lake_one.read_frame(quality_results_key("slices")).sort(keys)
    results_many = lake_many.read_frame(quality_results_key("slices")).sort(keys)
    assert results_one.height > 60 * 5
    assert results_many.equals(results_one)
    assert results_one.filter(pl.col("status") == "fail").height > 0  # verdicts were compared
    reports_one = lake_one.read_frame(validated_reports_key("slices")).sort("report_id")
    reports_many = lake_many.read_frame(validated_reports_key("slices")).sort("report_id")
    assert reports_many.equals(reports_one)
    assert set(reports_one["quality_status"]) > {"pass"}

    assert many.status_counts == one.status_counts
    assert many.failing_checks == one.failing_checks
    assert many.failing_reports == one.failing_reports
    assert many.suites_passed == one.suites_passed
    summary = json.loads(lake_many.store.get(join(paths.quality_prefix("slices"),
                                                   "summary.json")))
    assert summary["status_counts"] == one.status_counts

    # The sliced run is in Data Docs as several validations of the results suite.
    validations = lake_many.list(join(paths.quality_prefix("slices"), "data_docs"))
    assert any("slices-results-2" in key for key in validations)
    assert not any("slices-results-" in key
                   for key in lake_one.list(join(paths.quality_prefix("slices"), "data_docs")))
