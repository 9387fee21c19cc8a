"""Generating a corpus straight into an S3 prefix (moto's S3 server on 127.0.0.1)."""

from __future__ import annotations

import json

import boto3
import pytest

from xxgk.generate import generate_reports, write_corpus

pytestmark = pytest.mark.integration


def test_corpus_on_s3_is_one_object_per_report_plus_gold(s3_endpoint, s3_bucket):
    gold_uri = write_corpus(f"s3://{s3_bucket}/corpus/run-1", 12, seed=5,
                            s3_endpoint_url=s3_endpoint)
    assert gold_uri == f"s3://{s3_bucket}/corpus/run-1/gold.jsonl"

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    listed = client.list_objects_v2(Bucket=s3_bucket, Prefix="corpus/")["Contents"]
    expected = list(generate_reports(12, seed=5))
    assert sorted(o["Key"] for o in listed) == sorted(
        [f"corpus/run-1/{r.filename}" for r in expected] + ["corpus/run-1/gold.jsonl"])
    for report in expected:
        body = client.get_object(Bucket=s3_bucket, Key=f"corpus/run-1/{report.filename}")
        assert body["Body"].read() == report.data
    gold = client.get_object(Bucket=s3_bucket, Key="corpus/run-1/gold.jsonl")["Body"].read()
    assert [json.loads(line) for line in gold.decode("utf-8").splitlines()] == [
        r.gold for r in expected]


def test_cli_generate_takes_the_endpoint_from_the_environment(s3_endpoint, s3_bucket,
                                                              monkeypatch, capsys):
    from xxgk.cli import main

    monkeypatch.setenv("XXGK_S3_ENDPOINT_URL", s3_endpoint)
    assert main(["generate", "--out", f"s3://{s3_bucket}/cli", "-n", "3", "--seed", "2"]) == 0
    assert f"s3://{s3_bucket}/cli/gold.jsonl" in capsys.readouterr().out
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=s3_bucket, Prefix="cli/")["Contents"]]
    assert len(keys) == 4 and "cli/gold.jsonl" in keys


def test_a_large_file_is_uploaded_whole(s3_endpoint, s3_bucket, tmp_path):
    from xxgk.storage.s3 import S3Store
    from xxgk.storage.store import ConditionFailed

    store = S3Store(f"s3://{s3_bucket}/big", endpoint_url=s3_endpoint)
    data = bytes(range(256)) * (9 * 4096)  # 9 MiB, streamed from the file
    path = tmp_path / "gold.jsonl"
    path.write_bytes(data)
    store.put_file("gold.jsonl", path)
    assert store.get("gold.jsonl") == data
    with store.local_path("gold.jsonl") as local:
        assert local.read_bytes() == data
    with pytest.raises(ConditionFailed):
        store.put_file("gold.jsonl", path, if_absent=True)


def test_missing_bucket_stops_the_write(s3_endpoint):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):
        write_corpus("s3://no-such-bucket-here/corpus", 3, s3_endpoint_url=s3_endpoint)
