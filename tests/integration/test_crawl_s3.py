"""An S3 prefix as a source (moto's S3 server on 127.0.0.1): objects read once, then skipped
while their ETag is unchanged."""

from __future__ import annotations

import boto3
import polars as pl
import pytest
import yaml

import xxgk.ingest.crawler as crawler
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_fetch_log, read_manifest
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


def test_s3_prefix_source_reads_documents_and_skips_unchanged(s3_endpoint, s3_bucket,
                                                              tmp_path, monkeypatch):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.put_object(Bucket=s3_bucket, Key="reports/2022年 年报.html",
                      Body="<html>2022年年度报告</html>".encode("gbk"))
    client.put_object(Bucket=s3_bucket, Key="reports/sub/2021.pdf", Body=b"%PDF-1.4 tiny")
    client.put_object(Bucket=s3_bucket, Key="reports/logo.png", Body=b"\x89PNG")
    client.put_object(Bucket=s3_bucket, Key="elsewhere/2020.pdf", Body=b"%PDF-1.4 other")
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{
        "name": "bucket", "organ": "某区政府", "s3": f"s3://{s3_bucket}/reports/",
        "endpoint_url": s3_endpoint}]}, allow_unicode=True), encoding="utf-8")
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    first = ingest_source(lake, "run1", str(sources), max_bytes=2**20)
    manifest = read_manifest(lake, "run1")
    assert (first.documents, first.new_raw, first.errors) == (2, 2, 0)
    assert sorted(manifest["source_url"]) == [f"s3://{s3_bucket}/reports/2022年 年报.html",
                                              f"s3://{s3_bucket}/reports/sub/2021.pdf"]
    html = manifest.filter(pl.col("filename") == "2022年 年报.html").row(0, named=True)
    assert html["detected_encoding"] == "gb18030" and html["organ"] == "某区政府"

    reads = []
    monkeypatch.setattr(crawler, "read_object", lambda *a: reads.append(a) or b"")
    second = ingest_source(lake, "run2", str(sources), max_bytes=2**20)
    assert reads == []  # unchanged ETags: nothing downloaded
    assert (second.documents, second.new_raw) == (2, 0)
    assert read_fetch_log(lake, "run2")["not_modified"].to_list() == [True, True]
