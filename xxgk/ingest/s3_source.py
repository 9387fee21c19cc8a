"""Documents under an S3 prefix (a bucket someone else filled), read with boto3.

Object keys in such buckets are free text (spaces, Chinese file names), so they are only ever
recorded as ``s3://bucket/key`` provenance, never used to build keys in our lake. An object
whose ETag matches the one recorded by an earlier run is not downloaded again.

One client serves every reading thread of a source (boto3 clients are thread-safe); its
connection pool is sized to the number of threads, or botocore would drop and reopen
connections beyond its default ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import boto3
from botocore.config import Config

from xxgk.ingest.sources import DOCUMENT_SUFFIXES


@dataclass(frozen=True)
class S3Object:
    uri: str
    key: str
    etag: str
    size_bytes: int
    last_modified: str


def split_s3_uri(uri: str) -> tuple[str, str]:
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    return bucket, prefix


def make_s3_client(endpoint_url: str | None, region: str | None = None, *,
                   max_connections: int = 10):
    """``region`` None: boto3's own (AWS_DEFAULT_REGION, the profile)."""
    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region,
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"max_attempts": 5, "mode": "standard"},
                                      max_pool_connections=max_connections))


def list_document_pages(client, uri: str) -> Iterator[list[S3Object]]:
    """Objects under the prefix whose names end in a document suffix, in key order, one list
    per listing page (S3 answers up to 1,000 keys a page): reading can start on the first page
    while the next ones are listed."""
    bucket, prefix = split_s3_uri(uri)
    # A folder, not a string prefix (as ``S3Store.list``): s3://b/corpus/run-1 must not also
    # read the objects of s3://b/corpus/run-10.
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        documents = []
        for obj in page.get("Contents", []):
            key = obj["Key"]
            name = key.rsplit("/", 1)[-1]
            if name.startswith(".") or not name.lower().endswith(tuple(DOCUMENT_SUFFIXES)):
                continue
            documents.append(S3Object(
                f"s3://{bucket}/{key}", key, obj.get("ETag", ""), obj.get("Size", 0),
                obj["LastModified"].isoformat() if obj.get("LastModified") else ""))
        yield documents


def list_documents(client, uri: str) -> Iterator[S3Object]:
    """Objects under the prefix whose names end in a document suffix, in key order."""
    for page in list_document_pages(client, uri):
        yield from page


def read_object(client, uri: str) -> bytes:
    bucket, key = split_s3_uri(uri)
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()
