"""xxgk eval: text checks against provenance, per-group and per-rule scoring, the held-back split."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from xxgk.evaluation import evaluate, render
from xxgk.evaluation.split import assign_splits

REPORT_A = (
    "青禾县农业农村局2017年政府信息公开工作年度报告\n"
    "发布日期:2018-01-22\n"
    "一、概述\n2017年,青禾县农业农村局认真落实《条例》。\n"
    "二、主动公开政府信息情况\n全年共主动公开政府信息316条。\n"
    "三、依申请公开情况\n全年共收到政府信息公开申请4件,均已按时答复。\n"
    "四、行政复议和行政诉讼情况\n本年度未发生因政府信息公开引起的行政复议、行政诉讼。\n"
)
REPORT_B = (
    "白石镇人民政府2016年政府信息公开工作年度报告\n"
    "发布日期:2017-02-03\n"
    "2016年,白石镇人民政府通过网站公开信息85条,通过公开栏公开信息40条。\n"
    "全年共收到政府信息公开申请2件。\n"
)


def _write_corpus(tmp_path: Path, golds: list[dict], texts: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    provenance = []
    for doc_id, text in texts.items():
        data = text.encode("utf-8")
        (docs / f"{doc_id}.txt").write_bytes(data)
        provenance.append({"id": doc_id, "sha256": hashlib.sha256(data).hexdigest(),
                           "bytes": len(data)})
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "gold.jsonl").write_text(
        "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in golds), encoding="utf-8")
    (gold_dir / "provenance.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in provenance), encoding="utf-8")
    return gold_dir / "gold.jsonl"


GOLD_A = {"id": "a", "agency": ["青禾县农业农村局"], "report_year": 2017,
          "publish_date": "2018-01-22", "template": "free_text",
          "proactive_total": {"value": 316, "qualifier": "exact"},
          "applications_received": 4, "reconsideration_total": 0, "litigation_total": 0,
          "table_cells": [], "admin_level": "county", "sector": "agriculture_rural",
          "split": "dev"}
# The channel figures have no stated total: the gold says null on purpose, and a deliberately
# wrong gold year makes one "wrong" outcome to count.
GOLD_B = {"id": "b", "agency": ["白石镇人民政府"], "report_year": 2015,
          "publish_date": "2017-02-03", "template": "free_text", "proactive_total": None,
          "applications_received": 2, "reconsideration_total": None, "litigation_total": None,
          "table_cells": [], "admin_level": "township", "sector": "government", "split": "test"}


def test_scores_fields_groups_rules_and_differences(tmp_path):
    gold = _write_corpus(tmp_path, [GOLD_A, GOLD_B], {"a": REPORT_A, "b": REPORT_B})
    report = evaluate(tmp_path / "docs", gold)
    assert report.documents == 2 and not report.text_problems and not report.errors
    assert report.fields["agency"].correct == 2
    assert report.fields["proactive_total"].correct == 1
    assert report.fields["proactive_total"].invented == 0  # no total from channel parts
    year = report.fields["report_year"]
    assert (year.correct, year.wrong) == (1, 1)
    assert report.confusion["report_year"] == Counter({"2015 -> 2016": 1})
    by_level = report.by_group["admin_level"]
    assert by_level["county"]["report_year"].correct == 1
    assert by_level["township"]["report_year"].wrong == 1
    wrong = [d for d in report.differences if d["field"] == "report_year"]
    assert wrong and wrong[0]["id"] == "b" and wrong[0]["rule"]
    assert "2016" in wrong[0]["evidence"]
    assert sum(t.wrong for t in report.by_rule["report_year"].values()) == 1
    # Identity fields are scored where the gold carries them: both sectors are read from the
    # names; neither name writes a listed place, so no region is claimed.
    assert report.fields["sector"].correct == 2
    assert report.fields["region_name"].invented == 0
    text = render(report)
    assert "precision/recall by admin_level" in text and "2015 -> 2016" in text
    markdown = render(report, markdown=True)
    assert "| report_year |" in markdown and "## differences" in markdown


def test_split_filter_scores_only_that_split(tmp_path):
    gold = _write_corpus(tmp_path, [GOLD_A, GOLD_B], {"a": REPORT_A, "b": REPORT_B})
    report = evaluate(tmp_path / "docs", gold, split="test")
    assert report.documents == 1
    assert report.fields["report_year"].wrong == 1 and report.fields["agency"].correct == 1


def test_changed_or_missing_texts_are_reported_not_scored(tmp_path):
    gold = _write_corpus(tmp_path, [GOLD_A, GOLD_B], {"a": REPORT_A, "b": REPORT_B})
    (tmp_path / "docs" / "a.txt").write_text(REPORT_A.replace("316", "317"), encoding="utf-8")
    (tmp_path / "docs" / "b.txt").unlink()
    report = evaluate(tmp_path / "docs", gold)
    assert set(report.text_problems) == {"a", "b"}
    assert report.text_problems["a"].startswith("changed")
    assert report.text_problems["b"].startswith("missing")
    assert report.fields["agency"].gold == 0  # nothing was scored
    assert "texts missing or changed: 2" in render(report)


def test_split_is_stratified_and_stable():
    records = [{"id": f"r{i:03d}", "kind": "page",
                "template": ("free_text", "table_2019", "table_2021")[i % 3],
                "admin_level": ("county", "prefecture", "township", "province")[i % 4],
                "sector": f"s{i % 5}"} for i in range(240)]
    splits = assign_splits(records, test_fraction=0.35)
    assert splits == assign_splits(list(reversed(records)), test_fraction=0.35)
    share = Counter(splits.values())["test"] / len(records)
    assert 0.33 <= share <= 0.37
    for key in ("template", "admin_level"):
        for value in {r[key] for r in records}:
            group = [r["id"] for r in records if r[key] == value]
            group_share = sum(splits[i] == "test" for i in group) / len(group)
            assert 0.25 <= group_share <= 0.45, (key, value, group_share)
