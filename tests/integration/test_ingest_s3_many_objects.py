"""An S3 prefix of a few hundred objects read several at a time (moto's S3 server on
127.0.0.1): every object stored byte for byte and logged once, in key order; unchanged ETags
on a rerun; an unreadable object an error row; a run started again reads only what it lacks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import polars as pl
import pytest

from xxgk.ingest.crawler import CrawlOptions
from xxgk.settings import Settings
from xxgk.stages.ingest import (
    ingest_batch,
    ingest_source,
    last_run_id,
    read_fetch_log,
    read_manifest,
)
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration

N = 300
READERS = CrawlOptions(s3_readers=8)


def _body(i: int) -> bytes:
    # Sizes differ (so a body landing under another key's row would show); a few hundred bytes
    # of GBK text, as many real reports are.
    return (f"<html><body>第{i}号 政府信息公开工作年度报告" + "。" * (i % 97) +
            "</body></html>").encode("gbk")


def _put_all(client, bucket: str, objects: dict[str, bytes], **extra) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda kv: client.put_object(Bucket=bucket, Key=kv[0], Body=kv[1],
                                                   **extra), objects.items()))


@pytest.fixture
def prefix(s3_endpoint, s3_bucket, monkeypatch):
    """s3://bucket/reports holding N documents, keys r0000.html … r0299.html."""
    monkeypatch.delenv("XXGK_S3_ENDPOINT_URL", raising=False)  # only the argument may reach it
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    objects = {f"reports/r{i:04d}.html": _body(i) for i in range(N)}
    _put_all(client, s3_bucket, objects)
    return client, f"s3://{s3_bucket}/reports", objects


def test_every_object_is_stored_and_logged_once_in_key_order(prefix, s3_endpoint, s3_bucket,
                                                             tmp_path):
    client, uri, objects = prefix
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    result = ingest_source(lake, "run1", uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                           options=READERS)
    log = read_fetch_log(lake, "run1")
    assert (result.documents, result.new_raw, result.errors) == (N, N, 0)
    assert log.height == N
    assert log["url"].to_list() == [f"s3://{s3_bucket}/{key}" for key in sorted(objects)]
    for row in log.iter_rows(named=True):
        assert lake.get_raw(row["raw_sha256"]) == objects[row["url"].split("/", 3)[3]]
        assert (row["role"], row["not_modified"], row["error"]) == ("object", False, None)

    rerun = ingest_source(lake, "run2", uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                          options=READERS)
    again = read_fetch_log(lake, "run2")
    assert (rerun.documents, rerun.new_raw, rerun.errors) == (N, 0, 0)
    assert again.height == N and again["not_modified"].all()
    assert again["raw_sha256"].to_list() == log["raw_sha256"].to_list()


def test_same_bytes_under_two_keys_are_listed_under_the_first_key(prefix, s3_endpoint,
                                                                   s3_bucket, tmp_path):
    # The manifest keeps the first logged URL of each content: with reads overlapping, that
    # must still be the first key, not whichever read finished first.
    client, uri, objects = prefix
    copy = objects["reports/r0000.html"]
    client.put_object(Bucket=s3_bucket, Key="reports/z-copy.html", Body=copy)
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    ingest_source(lake, "run1", uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                  options=READERS)
    manifest = read_manifest(lake, "run1")
    assert manifest.height == N
    first = manifest.filter(pl.col("filename").is_in(["r0000.html", "z-copy.html"]))
    assert first["source_url"].to_list() == [f"{uri}/r0000.html"]


def test_an_object_that_cannot_be_read_is_an_error_row(prefix, s3_endpoint, s3_bucket,
                                                       tmp_path):
    # Objects in an archive storage class are listed but refuse GET (InvalidObjectState)
    # until restored: a real failure between listing and reading.
    client, uri, objects = prefix
    archived = {f"reports/r{i:04d}-archived.pdf": b"%PDF-1.4 archived " + bytes([i])
                for i in range(3)}
    _put_all(client, s3_bucket, archived, StorageClass="GLACIER")
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    result = ingest_source(lake, "run1", uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                           options=READERS)
    log = read_fetch_log(lake, "run1")
    assert (result.documents, result.errors) == (N, len(archived))
    failed = log.filter(pl.col("error").is_not_null())
    assert sorted(failed["url"]) == [f"s3://{s3_bucket}/{key}" for key in sorted(archived)]
    assert set(failed["error"]) == {"s3_error"}
    assert failed["error_detail"].str.contains("InvalidObjectState").all()
    assert failed["raw_sha256"].is_null().all()
    stored = log.filter(pl.col("error").is_null())
    assert stored.height == N
    for row in stored.iter_rows(named=True):
        assert lake.get_raw(row["raw_sha256"]) == objects[row["url"].split("/", 3)[3]]


def test_a_run_started_again_reads_only_objects_it_has_not_logged(prefix, s3_endpoint,
                                                                  s3_bucket, tmp_path):
    client, uri, objects = prefix
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    # The first try of run1 gets through the prefix, then (as if it had been killed before
    # writing its manifest) the run is started again after the bucket changed.
    ingest_batch(lake, "run1", uri, None, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                 options=READERS)
    client.put_object(Bucket=s3_bucket, Key="reports/r0005.html", Body=b"<html>changed</html>")
    client.put_object(Bucket=s3_bucket, Key="reports/r9999.html", Body=b"<html>added</html>")

    result = ingest_source(lake, "run1", uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint,
                           options=READERS)
    log = read_fetch_log(lake, "run1")
    assert log.height == N + 1  # only the added object was read on the second try
    assert log["url"].n_unique() == N + 1
    settled = log.filter(pl.col("url") == f"{uri}/r0005.html")
    assert lake.get_raw(settled["raw_sha256"][0]) == objects["reports/r0005.html"]
    assert result.documents == N + 1


def test_ingest_command_reads_the_source_from_its_endpoint_flag(prefect_server, s3_endpoint,
                                                                s3_bucket, tmp_path,
                                                                monkeypatch, capsys):
    # The flag, not XXGK_S3_ENDPOINT_URL, names the S3 server: without it reaching the source's
    # client, boto3 would go to AWS and every object would be missing.
    from xxgk.cli import main

    monkeypatch.delenv("XXGK_S3_ENDPOINT_URL", raising=False)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    objects = {f"cli/r{i}.html": _body(i) for i in range(5)}
    _put_all(client, s3_bucket, objects)
    lake = tmp_path / "lake"

    assert main(["ingest", "--s3-endpoint-url", s3_endpoint, "--s3-region", "us-east-1",
                 "--source", f"s3://{s3_bucket}/cli", "--lake", str(lake)]) == 0
    assert "5 documents (5 new), 0 errors" in capsys.readouterr().out
    local = open_lake(Settings(lake=str(lake)))
    manifest = read_manifest(local, last_run_id(local))
    assert sorted(manifest["source_url"]) == [f"s3://{s3_bucket}/{k}" for k in sorted(objects)]
    for row in manifest.iter_rows(named=True):
        assert local.get_raw(row["raw_sha256"]) == objects[row["source_url"].split("/", 3)[3]]
