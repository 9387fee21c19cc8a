"""Reviewer verdicts: an append-only table in the lake, the latest verdict per raw document and
check, the queue they take checks out of, and the gold export of parser errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tests.review_frames import publish_frames, run_frames
from xxgk.evaluation.gold import gold_problems, read_jsonl
from xxgk.review.queue import QueueFilter, flagged_checks, review_queue
from xxgk.review.verdicts import (
    CURRENT_VERDICTS_KEY,
    Verdict,
    read_current,
    read_verdicts,
    record_verdict,
)
from xxgk.review.workflow import ReviewError, decide, export_gold
from xxgk.schema import REVIEW_VERDICTS
from xxgk.settings import Settings
from xxgk.storage import open_lake

REPO = Path(__file__).resolve().parents[2]
SHA = "ab" * 32
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_verdicts_are_appended_and_the_latest_one_counts(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    record_verdict(lake, Verdict(SHA, "table3.balance_identity", "parser_error", "misread row",
                                 "li"), decided_at=T0)
    record_verdict(lake, Verdict(SHA, "table3.balance_identity", "source_error",
                                 "the printed total is wrong", "wang"),
                   decided_at=T0 + dt.timedelta(hours=1))
    record_verdict(lake, Verdict(SHA, "text.proactive_parts_sum", "accepted", "fine", "li"),
                   decided_at=T0 + dt.timedelta(minutes=5))
    assert len(list(lake.list("review/verdicts"))) == 3  # one file per decision
    everything = read_verdicts(lake)
    assert everything.columns == REVIEW_VERDICTS.names and everything.height == 3
    current = read_current(lake)
    assert dict(current.select("check_id", "verdict").iter_rows()) == {
        "table3.balance_identity": "source_error", "text.proactive_parts_sum": "accepted"}
    assert current["report_id"].to_list() == ["r" + SHA[:16]] * 2
    assert lake.exists(CURRENT_VERDICTS_KEY)


@pytest.mark.parametrize("verdict, why", [
    (Verdict(SHA, "c", "wrong", "n", "li"), "verdict must be one of"),
    (Verdict(SHA, "c", "accepted", "  ", "li"), "needs a note"),
    (Verdict(SHA, "c", "accepted", "n", ""), "reviewer"),
    (Verdict("r123", "c", "accepted", "n", "li"), "sha256"),
])
def test_a_bad_verdict_is_refused_and_nothing_is_written(tmp_path, verdict, why):
    lake = open_lake(Settings(lake=str(tmp_path)))
    with pytest.raises(ValueError, match=why):
        record_verdict(lake, verdict)
    assert not list(lake.list("review"))


def _verdicts(rows: list[tuple[str, str, str, str | None]]) -> pl.DataFrame:
    return REVIEW_VERDICTS.conform(pl.DataFrame([
        {"raw_sha256": sha, "report_id": "r", "check_id": check, "verdict": verdict,
         "note": "n", "reviewer": "li", "decided_at": T0, "parser_version": version}
        for sha, check, verdict, version in rows],
        schema_overrides={"decided_at": pl.Datetime("us", "UTC")}))


def test_the_queue_drops_settled_checks_and_keeps_the_rest():
    frames = run_frames(extra_flagged=2)
    reports, results = frames["reports"], frames["results"]
    sha = dict(reports.select("report_id", "raw_sha256").iter_rows())
    none = review_queue(reports, results, _verdicts([]))
    assert sorted(none["report_id"]) == ["r_gap", "r_more000", "r_more001", "r_parts"]
    assert "parse.warnings" not in none["check_id"].to_list()  # the parser's notes: no verdict

    verdicts = _verdicts([(sha["r_gap"], "table3.balance_identity", "source_error", "t"),
                          (sha["r_parts"], "text.proactive_parts_sum", "parser_error", "t"),
                          (sha["r_more000"], "report_year.not_before_2008", "parser_error",
                           "an older parser")])
    queue = review_queue(reports, results, verdicts)
    # parser_error under another parser version: the check failed again after the change
    assert sorted(queue["report_id"]) == ["r_more000", "r_more001"]
    flagged = flagged_checks(reports, results, verdicts)
    assert flagged.filter(~pl.col("in_queue"))["report_id"].sort().to_list() == [
        "r_gap", "r_parts"]
    assert review_queue(reports, results, _verdicts([]), QueueFilter(check="table3.")).height == 1
    assert review_queue(reports, results, _verdicts([]), QueueFilter(year=2020)).height == 2
    assert review_queue(reports, results, _verdicts([]),
                        QueueFilter(agency="青山县")).height == 1


def test_gold_problems_accepts_the_real_gold_and_names_what_is_wrong():
    for record in read_jsonl(REPO / "eval" / "real" / "gold.jsonl"):
        assert gold_problems(record) == [], record["id"]
    problems = gold_problems({"id": "x", "agency": "某局", "report_year": "2020",
                              "template": "table_2030", "proactive_total": 5,
                              "table_cells": [{"section": "table9", "item": "a"}]})
    assert problems == ["missing publish_date", "missing applications_received",
                        "missing reconsideration_total", "missing litigation_total",
                        "agency is not a list of names", "report_year is not a whole number or "
                        "null", "template 'table_2030' is not one of ('free_text', "
                        "'table_2019', 'table_2021')", "proactive_total is not null or "
                        "{value, qualifier}",
                        "table_cells[0] is not {section, item, dimension, value}"]


def test_decide_checks_the_report_and_the_check_and_export_writes_gold(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    ids = publish_frames(lake)
    with pytest.raises(ReviewError, match="no report 'r_nothing'"):
        decide(lake, "r_nothing", "table3.balance_identity", "accepted", "n", "li")
    with pytest.raises(ReviewError, match="has no check 'table4.block_total_identity'"):
        decide(lake, ids["r_gap"], "table4.block_total_identity", "accepted", "n", "li")
    with pytest.raises(ReviewError, match="only failed errors and warnings"):
        decide(lake, ids["r_parts"], "parse.warnings", "accepted", "n", "li")
    with pytest.raises(ReviewError, match="needs a note"):
        decide(lake, ids["r_gap"], "table3.balance_identity", "parser_error", "", "li")
    assert not list(lake.list("review"))

    decide(lake, ids["r_gap"], "table3.balance_identity", "parser_error",
           "办理结果总计 read from the wrong row", "li")
    done = export_gold(lake, tmp_path / "export")
    (record,) = read_jsonl(done.gold_path)
    assert gold_problems(record) == []
    assert record["id"] == ids["r_gap"] and record["needs_labelling"] is True
    assert record["agency"] == ["青山县统计局"] and record["template"] == "table_2021"
    assert {"section": "table3", "item": "results_total", "dimension": "natural_person",
            "value": 7} in record["table_cells"]
    assert "read from the wrong row" in record["notes"]
    (prov,) = read_jsonl(done.provenance_path)
    text = done.texts_dir / f"{ids['r_gap']}.txt"
    assert text.read_bytes() == lake.get_raw(prov["sha256"]) and prov["ext"] == "txt"
