"""The reviewer's round trip through the real ``xxgk`` command: a run flags reports, verdicts
are recorded, a rerun keeps them, the decided checks leave the queue while the reports stay
flagged in the curated data, and the parser errors export as gold labels that ``xxgk eval``
reads. Once on a local lake after a real pipeline run, once on an S3 server (moto)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import polars as pl
import pytest

from tests.review_frames import publish_frames
from xxgk.cli import main
from xxgk.evaluation.gold import gold_problems, read_jsonl
from xxgk.generate import write_corpus
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


def _queue(capsys, *args: str) -> list[tuple[str, str]]:
    """(report_id, check_id) of every line ``xxgk review`` prints."""
    assert main(["review", *args, "--limit", "500"]) == 0
    lines = capsys.readouterr().out.splitlines()
    return [(w[0], w[1]) for w in (line.split() for line in lines[1:]) if w[0].startswith("r")]


@pytest.fixture(scope="module")
def flagged_lake(prefect_server, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    # planted: one 表四 block whose parts miss its total, one 表三 row whose columns miss its 总计
    write_corpus(corpus, 6, seed=3, violation_rate=0.6, eras=("table_2021",))
    lake = tmp_path_factory.mktemp("lake")
    assert main(["run", "--source", str(corpus), "--lake", str(lake), "--runner",
                 "threads"]) == 0
    return corpus, lake


def test_verdicts_survive_a_rerun_and_leave_the_queue_but_not_the_data(flagged_lake, capsys,
                                                                        tmp_path):
    corpus, lake = flagged_lake
    capsys.readouterr()
    queue = _queue(capsys, "--lake", str(lake))
    errors = dict((check, rid) for rid, check in queue
                  if check in ("table4.block_total_identity", "table3.total_column_identity"))
    assert len(errors) == 2, queue
    assert _queue(capsys, "--lake", str(lake), "--check", "table4.") == [
        (errors["table4.block_total_identity"], "table4.block_total_identity")]
    assert main(["review", "--lake", str(lake)]) == 0
    example = capsys.readouterr().out.splitlines()[-1].rsplit(" e.g. ", 1)[1]
    assert example.endswith(f"/review/reports/{queue[0][0]}.html") and Path(example).is_file()

    # a decision the lake cannot take is refused with its reason, nothing written
    assert main(["review", "decide", errors["table4.block_total_identity"], "no.such_check",
                 "--verdict", "accepted", "--note", "n", "--reviewer", "li",
                 "--lake", str(lake)]) == 1
    assert "has no check 'no.such_check'" in capsys.readouterr().err
    assert not (lake / "review").exists()

    for check, verdict in (("table4.block_total_identity", "source_error"),
                           ("table3.total_column_identity", "parser_error")):
        assert main(["review", "decide", errors[check], check, "--verdict", verdict,
                     "--note", f"checked against the document: {verdict}", "--reviewer", "li",
                     "--lake", str(lake)]) == 0
        assert f"recorded {verdict} on {check}" in capsys.readouterr().out

    # rerun over the same raw documents: the verdicts are keyed on them and still hold
    assert main(["run", "--source", str(corpus), "--lake", str(lake), "--runner",
                 "threads"]) == 0
    capsys.readouterr()
    after = _queue(capsys, "--lake", str(lake))
    assert set(after) == set(queue) - {(rid, check) for check, rid in errors.items()}
    # still flagged in the curated data, the verdict beside it for analysts to join
    reports = pl.read_parquet(lake / latest_key("reports"))
    status = dict(reports.select("report_id", "quality_status").iter_rows())
    assert {status[rid] for rid in errors.values()} == {"fail"}
    assert main(["sql", "--lake", str(lake), "--csv",
                 "SELECT q.check_id, v.verdict FROM quality_results q JOIN review_verdicts v "
                 "USING (report_id, check_id) WHERE q.status = 'fail' ORDER BY 1"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "table3.total_column_identity,parser_error", "table4.block_total_identity,source_error"]

    # the parser error, exported in the gold format, is read by xxgk eval like eval/real
    out = tmp_path / "gold"
    assert main(["review", "export-parser-errors", "--out", str(out), "--lake",
                 str(lake)]) == 0
    (record,) = read_jsonl(out / "gold.jsonl")
    assert record["id"] == errors["table3.total_column_identity"]
    assert gold_problems(record) == [] and record["table_cells"]
    assert main(["eval", "--source", str(out / "texts"), "--gold", str(out / "gold.jsonl"),
                 "--json", str(tmp_path / "eval.json")]) == 0
    scored = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert scored["scored"] == 1 and scored["text_problems"] == {} and scored["errors"] == {}
    cells = scored["fields"]["table_cells"]
    assert cells["correct"] == len(record["table_cells"])  # the texts are the ones read


def test_the_review_site_of_the_run_lists_and_shows_the_flagged_reports(flagged_lake):
    _, lake = flagged_lake
    (site,) = [p for p in (lake / "quality").glob("*/review") if (p / "reports").is_dir()]
    index = (site / "index.html").read_text("utf-8")
    assert "list/check/table4.block_total_identity/1.html" in index
    pages = list((site / "reports").glob("*.html"))
    assert pages and all((site / "texts" / f"{p.stem}.txt").is_file() for p in pages)
    page = next(p for p in pages if "table4.block_total_identity" in p.read_text("utf-8"))
    html = page.read_text("utf-8")
    assert "<td class='offending'>" in html and "<mark>" in html
    raw = html.split("class='raw' href='", 1)[1].split("'", 1)[0]
    assert (page.parent / raw).resolve().is_file()  # the relative link reaches the raw zone


def test_the_round_trip_on_s3(s3_endpoint, s3_bucket, tmp_path, capsys):
    uri = f"s3://{s3_bucket}/xxgk"
    lake = open_lake(Settings(lake=uri, s3_endpoint_url=s3_endpoint))
    ids = publish_frames(lake)
    where = ["--lake", uri, "--s3-endpoint-url", s3_endpoint]
    assert sorted(_queue(capsys, *where)) == sorted([
        (ids["r_gap"], "table3.balance_identity"), (ids["r_parts"], "text.proactive_parts_sum")])
    assert main(["review", *where, "decide", ids["r_gap"], "table3.balance_identity",
                 "--verdict", "parser_error", "--note", "the total row was misread",
                 "--reviewer", "wang"]) == 0
    assert main(["review", "decide", ids["r_parts"], "text.proactive_parts_sum", "--verdict",
                 "accepted", "--note", "the parts are a sample", "--reviewer", "wang",
                 *where]) == 0
    capsys.readouterr()
    assert _queue(capsys, *where) == []
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=s3_bucket,
                                                     Prefix="xxgk/review/")["Contents"]]
    assert sum(k.startswith("xxgk/review/verdicts/") for k in keys) == 2
    assert "xxgk/review/current_verdicts.parquet" in keys
    assert main(["review", "export-parser-errors", "--out", str(tmp_path / "gold"), *where]) == 0
    (record,) = read_jsonl(tmp_path / "gold" / "gold.jsonl")
    assert record["id"] == ids["r_gap"] and gold_problems(record) == []
    reports = lake.read_frame(latest_key("reports"))
    assert reports.filter(pl.col("report_id") == ids["r_gap"])["quality_status"].item() == "fail"
