"""The whole pipeline through real Prefect flows, on a local lake and on an S3 server (moto on
127.0.0.1 through boto3): the published tables must be equal.

The flows parse in threads: what is checked here (lakes, reruns, increments) does not depend on
the runner, and two dozen documents do not pay for starting a process pool and a process for
validate in every run. The process runner has its own tests (test_scale_out, test_seeds_run,
test_stage_commands_run_one_stage_each below, test_deployment, the end-to-end corpus).
"""

from __future__ import annotations

import json
import shutil

import boto3
import polars as pl
import pytest

from flows.pipeline import pipeline_flow
from xxgk.generate import write_corpus
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 24, seed=7)
    (folder / "broken.html").write_bytes(b"\x00\x01\x02\xff\xfe" * 40)  # cannot be decoded
    return folder


@pytest.fixture(scope="module")
def local_run(prefect_server, corpus, tmp_path_factory):
    """The corpus run once into a local lake: compared with an S3 lake, and copied to rerun."""
    lake = tmp_path_factory.mktemp("local") / "lake"
    settings = Settings(lake=str(lake), batch_size=10, runner="threads")
    return lake, pipeline_flow(settings, str(corpus))


def _comparable(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop([c for c in ("run_id",) if c in frame.columns])


def test_local_and_s3_lakes_publish_equal_tables(prefect_server, corpus, local_run,
                                                 s3_endpoint, s3_bucket):
    local_lake, local_summary = local_run
    s3 = Settings(lake=f"s3://{s3_bucket}/xxgk", s3_endpoint_url=s3_endpoint, batch_size=10,
                  runner="threads")
    s3_summary = pipeline_flow(s3, str(corpus))

    assert local_summary.documents_in == s3_summary.documents_in == 25
    assert local_summary.parse_errors == 1 and local_summary.reports_parsed == 24
    s3_lake = open_lake(s3)
    for table in CURATED_TABLES:
        local_frame = pl.read_parquet(local_lake / latest_key(table.name))
        s3_frame = s3_lake.read_frame(latest_key(table.name))
        assert local_frame.columns == table.names
        assert _comparable(local_frame).equals(_comparable(s3_frame)), table.name

    # The objects really are in the bucket, reached with plain boto3.
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=s3_bucket, Prefix="xxgk/")["Contents"]]
    assert sum(k.startswith("xxgk/raw/objects/") for k in keys) == 25
    assert "xxgk/curated/latest/reports.parquet" in keys
    assert any(k.startswith("xxgk/quality/") and k.endswith("data_docs/index.html") for k in keys)
    # Data Docs carry their libraries, each served with the type an S3 static website needs.
    (index,) = [k for k in keys if k.endswith("data_docs/index.html")]
    docs = index.removesuffix("index.html")
    expected_types = {
        "index.html": "text/html; charset=utf-8",
        "static/vendor/bootstrap/dist/css/bootstrap.min.css": "text/css; charset=utf-8",
        "static/vendor/bootstrap-table/dist/bootstrap-table.min.js":
            "text/javascript; charset=utf-8",
        "static/vendor/fortawesome/fontawesome-free/webfonts/fa-solid-900.woff2": "font/woff2"}
    for name, content_type in expected_types.items():
        assert client.head_object(Bucket=s3_bucket, Key=docs + name)["ContentType"] == \
            content_type, name
    review = index.removesuffix("data_docs/index.html") + "review/"
    for name, content_type in (("index.html", "text/html; charset=utf-8"),
                               ("assets/search.js", "text/javascript; charset=utf-8"),
                               ("assets/review.css", "text/css; charset=utf-8")):
        assert client.head_object(Bucket=s3_bucket, Key=review + name)["ContentType"] == \
            content_type, name
    local_docs = next((local_lake / "quality").glob("*/data_docs"))
    assert all((local_docs / name).is_file() for name in expected_types)
    errors = s3_lake.read_frame(latest_key("parse_errors"))
    assert errors["source_url"].to_list() == [f"file:{corpus.name}/broken.html"]
    assert errors["error_kind"].to_list() == ["undecodable"]
    # Raw bytes are never altered: the stored object is the file.
    sha = errors["raw_sha256"][0]
    assert s3_lake.get_raw(sha) == (corpus / "broken.html").read_bytes()


def test_stage_commands_run_one_stage_each(prefect_server, corpus, tmp_path, capsys):
    from xxgk.cli import main

    lake = str(tmp_path / "lake")
    assert main(["ingest", "--source", str(corpus), "--lake", lake]) == 0
    pointer = json.loads((tmp_path / "lake" / "staging" / "LAST_RUN.json").read_text())
    for stage in ("parse", "validate", "publish"):
        assert main([stage, "--lake", lake]) == 0
    out = capsys.readouterr().out
    assert f"published release {pointer['run_id']}" in out
    reports = pl.read_parquet(tmp_path / "lake" / latest_key("reports"))
    assert reports.height == 24 and set(reports["run_id"]) == {pointer["run_id"]}


def test_rerun_on_same_source_gives_same_tables(prefect_server, corpus, local_run, tmp_path):
    shutil.copytree(local_run[0], tmp_path / "lake")  # the first run, on a lake of its own
    settings = Settings(lake=str(tmp_path / "lake"), batch_size=7, runner="threads")
    first = {t.name: pl.read_parquet(tmp_path / "lake" / latest_key(t.name))
             for t in CURATED_TABLES}
    second_summary = pipeline_flow(settings, str(corpus))
    assert second_summary.new_raw == 0
    # Nothing new: nothing parsed or checked again, and no new release.
    assert second_summary.cached == second_summary.documents_in > 0
    assert second_summary.reports_parsed == 0
    assert second_summary.status_counts == {"pass": 0, "warn": 0, "fail": 0}
    assert second_summary.release_unchanged
    assert "nothing new to check" in second_summary.render()
    for t in CURATED_TABLES:
        again = pl.read_parquet(tmp_path / "lake" / latest_key(t.name))
        assert _comparable(again).equals(_comparable(first[t.name])), t.name


def test_incremental_run_adds_exactly_the_new_reports(prefect_server, tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    write_corpus(first, 12, seed=41)
    write_corpus(later, 16, seed=41)  # the same 12 reports and 4 more
    settings = Settings(lake=str(tmp_path / "lake"), batch_size=5, runner="threads")
    pipeline_flow(settings, str(first))
    before = pl.read_parquet(tmp_path / "lake" / latest_key("reports"))
    summary = pipeline_flow(settings.with_run_id(""), str(later))
    after = pl.read_parquet(tmp_path / "lake" / latest_key("reports"))
    assert summary.cached == 12 and summary.new_raw == 4
    assert after.height == 16
    added = set(after["report_id"]) - set(before["report_id"])
    assert len(added) == 4
    kept = after.filter(~pl.col("report_id").is_in(list(added)))
    assert kept.drop("run_id", "quality_status").equals(
        before.drop("run_id", "quality_status"))
