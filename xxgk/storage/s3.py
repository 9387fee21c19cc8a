"""S3 and S3-compatible backend (AWS, MinIO, Ceph, OSS/COS S3 API) through boto3."""

from __future__ import annotations

from typing import BinaryIO, Iterator

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from xxgk.storage.keys import check_key
from xxgk.storage.store import ConditionFailed


def parse_s3_uri(uri: str) -> tuple[str, str]:
    rest = uri.removeprefix("s3://")
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise ValueError(f"no bucket in lake URI {uri!r}")
    return bucket, prefix.strip("/")


class S3Store:
    def __init__(self, uri: str, *, endpoint_url: str | None = None, region: str | None = None,
                 max_connections: int = 10):
        """``max_connections``: raise it to the number of threads that share this store, or
        botocore drops and reopens connections (10 is its default)."""
        self.bucket, self.prefix = parse_s3_uri(uri)
        self.root_uri = uri.rstrip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region or "us-east-1",
            # Path-style addressing works with MinIO and other S3 clones without DNS tricks.
            config=Config(s3={"addressing_style": "path"},
                          retries={"max_attempts": 5, "mode": "standard"},
                          max_pool_connections=max_connections),
        )

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, *, if_absent: bool = False,
            metadata: dict[str, str] | None = None) -> None:
        kwargs = {"Bucket": self.bucket, "Key": self._key(key), "Body": data}
        if metadata:
            kwargs["Metadata"] = metadata
        if if_absent:
            kwargs["IfNoneMatch"] = "*"
        try:
            self.client.put_object(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                if self._own_write_landed(exc, key, data):
                    return
                raise ConditionFailed(f"{key} exists already") from None
            raise

    def put_file(self, key: str, file: BinaryIO) -> None:
        """Write an object of any size from an open file, in parts when it is large (boto3's
        transfer manager), so that it never has to be held in memory whole."""
        self.client.upload_fileobj(file, self.bucket, self._key(key))

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from None
            raise

    def get_versioned(self, key: str) -> tuple[bytes, str]:
        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from None
            raise
        return obj["Body"].read(), obj["ETag"]

    def swap(self, key: str, data: bytes, expected_version: str | None) -> None:
        kwargs = {"Bucket": self.bucket, "Key": self._key(key), "Body": data}
        if expected_version is None:
            kwargs["IfNoneMatch"] = "*"
        else:
            kwargs["IfMatch"] = expected_version
        try:
            self.client.put_object(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "412", "ConditionalRequestConflict", "409"):
                if self._own_write_landed(exc, key, data):
                    return
                raise ConditionFailed(f"{key} changed since it was read") from None
            raise

    def _own_write_landed(self, exc: ClientError, key: str, data: bytes) -> bool:
        """A conditional PUT refused on a retry: did an earlier attempt of this same call land?

        S3 can carry out a write whose answer is then lost (connection reset, timeout);
        botocore sends it again, and the condition (If-None-Match / If-Match) now sees our own
        write and answers 412. When the object holds exactly our bytes, the write is done. A
        412 on the first attempt is always a real conflict.
        """
        if not exc.response.get("ResponseMetadata", {}).get("RetryAttempts"):
            return False
        try:
            return self.get(key) == data
        except FileNotFoundError:
            return False

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def list(self, prefix: str) -> Iterator[str]:
        """Keys in the folder ``prefix`` (a trailing "/" is optional), recursively.

        A folder, not a string prefix: listing run "nightly" must not return the objects of
        run "nightly-2", nor pruning release "r" delete release "r.2" (as the local backend's
        directories already behave).
        """
        prefix = prefix.rstrip("/")
        full = self._key(prefix) + "/" if prefix else (self.prefix + "/" if self.prefix else "")
        strip = len(self.prefix) + 1 if self.prefix else 0
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
            for obj in page.get("Contents", []):
                yield obj["Key"][strip:]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def uri_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"
