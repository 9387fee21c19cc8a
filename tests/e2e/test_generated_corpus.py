"""The whole pipeline on 240 generated reports, checked against the generator's answers."""

from __future__ import annotations

import json

import polars as pl
import pytest

from flows.pipeline import pipeline_flow
from xxgk.generate import write_corpus
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key
from xxgk.vocabulary import is_standard_cell

pytestmark = pytest.mark.e2e
N = 240


@pytest.fixture(scope="module")
def published(prefect_server, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    gold_path = write_corpus(corpus, N, seed=2026)
    lake = tmp_path_factory.mktemp("lake")
    summary = pipeline_flow(Settings(lake=str(lake), batch_size=50), str(corpus))
    gold = {g["id"]: g for g in map(json.loads, gold_path.read_text().splitlines())}
    reports = pl.read_parquet(lake / latest_key("reports"))
    facts = pl.read_parquet(lake / latest_key("facts"))
    # The generator names each file after its gold id; source_url ends with that file name.
    reports = reports.with_columns(
        pl.col("source_url").str.extract(r"/([^/]+)\.[a-z]+$").alias("gold_id"))
    return summary, gold, reports, facts


def test_every_document_is_published(published):
    summary, gold, reports, _ = published
    assert summary.documents_in == N and summary.parse_errors == 0
    assert set(reports["gold_id"]) == set(gold)


@pytest.mark.parametrize("field", ["report_year", "template", "applications_received",
                                   "reconsideration_total", "litigation_total"])
def test_headline_fields_match_the_answers(published, field):
    _, gold, reports, _ = published
    wrong, missed, invented = [], 0, 0
    for row in reports.iter_rows(named=True):
        g, p = gold[row["gold_id"]].get(field), row[field]
        if g is None and p is not None:
            invented += 1
        elif g is not None and p is None:
            missed += 1
        elif g != p:
            wrong.append((row["gold_id"], g, p))
    assert not wrong, wrong[:5]
    assert invented == 0
    assert missed <= 0.03 * N


def test_agency_publish_date_and_proactive_total(published):
    _, gold, reports, _ = published
    bad = []
    for row in reports.iter_rows(named=True):
        g = gold[row["gold_id"]]
        if row["agency"] is not None and row["agency"] not in g["agency"]:
            bad.append(("agency", row["gold_id"], g["agency"], row["agency"]))
        gd = g.get("publish_date")
        pd_ = row["publish_date"].isoformat() if row["publish_date"] else None
        if pd_ is not None and pd_ != gd:
            bad.append(("publish_date", row["gold_id"], gd, pd_))
        gp = g.get("proactive_total")
        if row["proactive_total"] is not None:
            if gp is None or (gp["value"], gp["qualifier"]) != (
                    row["proactive_total"], row["proactive_total_qualifier"]):
                bad.append(("proactive_total", row["gold_id"], gp, row["proactive_total"]))
    assert not bad, bad[:5]
    found = reports.filter(pl.col("agency").is_not_null()).height
    assert found >= 0.97 * N


def test_table_cells_match_the_answers(published):
    _, gold, reports, facts = published
    ids = dict(reports.select("report_id", "gold_id").iter_rows())
    extracted = {}
    for row in facts.filter(pl.col("section") != "text").iter_rows(named=True):
        if row["value"] is not None and is_standard_cell(row["section"], row["item"],
                                                         row["dimension"]):
            extracted[(ids[row["report_id"]], row["section"], row["item"],
                       row["dimension"])] = row["value"]
    expected = {(gid, c["section"], c["item"], c.get("dimension")): c["value"]
                for gid, g in gold.items() for c in g.get("table_cells") or []}
    assert len(expected) > 1000  # the corpus really has table-era reports
    wrong = [(k, v, extracted[k]) for k, v in expected.items()
             if k in extracted and abs(extracted[k] - v) > 1e-6]
    invented = [k for k in extracted if k not in expected]
    found = sum(1 for k in expected if k in extracted)
    assert not wrong, wrong[:5]
    assert not invented, invented[:5]
    assert found >= 0.99 * len(expected)
    # Pages mirrored in traditional characters are read like the others (labels and units
    # folded to simplified characters).
    mirrored = {gid for gid, g in gold.items() if "Family traditional" in g["notes"]}
    on_mirrors = [k for k in expected if k[0] in mirrored]
    assert on_mirrors and sum(1 for k in on_mirrors if k in extracted) >= 0.99 * len(on_mirrors)


def test_every_fact_carries_its_evidence(published):
    _, _, _, facts = published
    assert facts.height > 0
    assert facts.filter(pl.col("evidence").is_null() | (pl.col("evidence") == "")).is_empty()
    assert facts.filter(pl.col("span_end") <= pl.col("span_start")).is_empty()
