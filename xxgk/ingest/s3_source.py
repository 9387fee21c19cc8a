"""Documents under an S3 prefix (a bucket someone else filled), read with boto3.

Object keys in such buckets are free text (spaces, Chinese file names), so they are only ever
recorded as ``s3://bucket/key`` provenance, never used to build keys in our lake. An object
whose ETag matches the one recorded by an earlier run is not downloaded again.
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


def make_s3_client(endpoint_url: str | None):
    return boto3.client("s3", endpoint_url=endpoint_url,
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"max_attempts": 5, "mode": "standard"}))


def list_documents(client, uri: str) -> Iterator[S3Object]:
    """Objects under the prefix whose names end in a document suffix, in key order."""
    bucket, prefix = split_s3_uri(uri)
    # A folder, not a string prefix (as ``S3Store.list``): s3://b/corpus/run-1 must not also
    # read the objects of s3://b/corpus/run-10.
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            key = obj["Key"]
            name = key.rsplit("/", 1)[-1]
            if name.startswith(".") or not name.lower().endswith(tuple(DOCUMENT_SUFFIXES)):
                continue
            yield S3Object(f"s3://{bucket}/{key}", key, obj.get("ETag", ""), obj.get("Size", 0),
                           obj["LastModified"].isoformat() if obj.get("LastModified") else "")


def read_object(client, uri: str) -> bytes:
    bucket, key = split_s3_uri(uri)
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()
