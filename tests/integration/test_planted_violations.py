"""Generated reports with one planted violation of an identity each: every violation is caught
as an error with the right check id, and reports without violations raise no error."""

from __future__ import annotations

import json

import polars as pl
import pytest

from xxgk.generate import write_corpus
from xxgk.schema import report_id_for
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import plan_parse
from xxgk.stages.validate import quality_results_key, validate_run
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration
IDENTITY_CHECKS = {"table3.balance_identity", "table3.results_total_identity",
                   "table3.total_column_identity", "table4.block_total_identity"}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    gold_path = write_corpus(corpus, 160, seed=606, eras=("table_2019", "table_2021"),
                             violation_rate=0.5)
    lake = open_lake(Settings(lake=str(tmp_path_factory.mktemp("lake"))))
    run_id = "planted"
    ingest_source(lake, run_id, str(corpus), max_bytes=10_000_000)
    plan = plan_parse(lake, run_id, 40)
    for n, batch in enumerate(plan.batches):
        parse_batch(lake, run_id, n, batch)
    validate_run(lake, run_id)
    results = lake.read_frame(quality_results_key(run_id))
    manifest = lake.read_frame(f"staging/{run_id}/ingest/documents.parquet")
    ids = {row["filename"].rsplit(".", 1)[0]: report_id_for(row["raw_sha256"])
           for row in manifest.iter_rows(named=True)}
    gold = [json.loads(line) for line in gold_path.read_text().splitlines()]
    return gold, ids, results


def test_every_planted_violation_is_caught_with_its_check_id(checked):
    gold, ids, results = checked
    planted = [(g["id"], check) for g in gold for check in g.get("planted_violations") or []]
    assert len(planted) >= 50  # about half of 160
    failed = {(r, c) for r, c in results.filter(
        (pl.col("status") == "fail") & (pl.col("severity") == "error"))
        .select("report_id", "check_id").iter_rows()}
    missed = [(doc, check) for doc, check in planted if (ids[doc], check) not in failed]
    assert not missed, missed[:5]
    assert {check for _, check in planted} == IDENTITY_CHECKS  # every identity was exercised


def test_reports_without_violations_raise_no_error(checked):
    gold, ids, results = checked
    clean = {ids[g["id"]] for g in gold if not g.get("planted_violations")}
    assert len(clean) >= 50
    errors = results.filter(pl.col("report_id").is_in(list(clean))
                            & (pl.col("status") == "fail") & (pl.col("severity") == "error"))
    assert errors.is_empty(), errors.head(5).to_dicts()


def test_planted_reports_fail_only_the_planted_identity(checked):
    gold, ids, results = checked
    for g in gold:
        if not g.get("planted_violations"):
            continue
        failed = set(results.filter((pl.col("report_id") == ids[g["id"]])
                                    & (pl.col("status") == "fail")
                                    & pl.col("check_id").is_in(list(IDENTITY_CHECKS)))
                     ["check_id"])
        assert failed == set(g["planted_violations"]), g["id"]
