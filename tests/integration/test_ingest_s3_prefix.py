"""A generated corpus on an S3 prefix as an ingest source (moto's S3 server on 127.0.0.1): the
same documents, byte for byte, as the same corpus in a folder."""

from __future__ import annotations

import polars as pl
import pytest

from xxgk.generate import generate_reports, write_corpus
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_fetch_log, read_manifest
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration

N, SEED = 12, 23


@pytest.fixture
def corpus_uri(s3_endpoint, s3_bucket) -> str:
    uri = f"s3://{s3_bucket}/corpus/run-1"
    write_corpus(uri, N, SEED, s3_endpoint_url=s3_endpoint)
    return uri


def test_s3_prefix_ingests_every_report_byte_for_byte(corpus_uri, s3_endpoint, tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    result = ingest_source(lake, "s3run", corpus_uri, max_bytes=2**20,
                           s3_endpoint_url=s3_endpoint)
    manifest = read_manifest(lake, "s3run")
    expected = {r.filename: r.data for r in generate_reports(N, SEED)}

    assert (result.documents, result.new_raw, result.errors) == (N, N, 0)
    assert manifest["filename"].to_list() == sorted(expected)  # key order; no gold.jsonl
    assert manifest["source_url"].to_list() == [f"{corpus_uri}/{name}" for name in sorted(expected)]
    assert set(manifest["source"]) == {corpus_uri}
    for row in manifest.iter_rows(named=True):
        assert lake.get_raw(row["raw_sha256"]) == expected[row["filename"]]
        assert row["size_bytes"] == len(expected[row["filename"]])


def test_s3_prefix_and_folder_give_the_same_raw_documents(corpus_uri, s3_endpoint,
                                                          tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, N, SEED)
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    ingest_source(lake, "from-folder", str(folder), max_bytes=2**20)
    ingest_source(lake, "from-s3", corpus_uri, max_bytes=2**20, s3_endpoint_url=s3_endpoint)
    from_folder, from_s3 = read_manifest(lake, "from-folder"), read_manifest(lake, "from-s3")

    assert from_folder.height == from_s3.height == N
    assert set(from_folder["raw_sha256"]) == set(from_s3["raw_sha256"])
    assert sorted(from_folder["filename"]) == sorted(from_s3["filename"])
    assert not from_s3["is_new"].any()  # the folder run stored the very same bytes
    columns = ["filename", "size_bytes", "detected_encoding", "encoding_source"]
    assert from_folder.sort("filename").select(columns).equals(
        from_s3.sort("filename").select(columns))


def test_oversized_object_is_an_error_row(corpus_uri, s3_endpoint, tmp_path):
    sizes = sorted(len(r.data) for r in generate_reports(N, SEED))
    cap = sizes[N // 2]
    oversized = sum(size > cap for size in sizes)
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    result = ingest_source(lake, "capped", corpus_uri, max_bytes=cap,
                           s3_endpoint_url=s3_endpoint)
    assert (result.documents, result.errors) == (N - oversized, oversized)
    refused = read_fetch_log(lake, "capped").filter(pl.col("error").is_not_null())
    assert refused.height == oversized
    assert set(refused["error"]) == {"too_large"}
    assert refused["url"].str.starts_with(corpus_uri + "/").all()


def test_prefix_is_a_folder_not_a_string_prefix(corpus_uri, s3_endpoint, tmp_path):
    write_corpus(corpus_uri + "0", 3, SEED + 1, s3_endpoint_url=s3_endpoint)  # .../run-10
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    result = ingest_source(lake, "one", corpus_uri, max_bytes=2**20,
                           s3_endpoint_url=s3_endpoint)
    assert result.documents == N
    assert read_manifest(lake, "one")["source_url"].str.starts_with(corpus_uri + "/").all()
