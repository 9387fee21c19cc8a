"""S3 and S3-compatible backend (AWS, MinIO, Ceph, OSS/COS S3 API) through boto3."""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

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
            metadata: dict[str, str] | None = None, content_type: str | None = None) -> None:
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key), "Body": data}
        if metadata:
            kwargs["Metadata"] = metadata
        if content_type:
            kwargs["ContentType"] = content_type
        self._put(key, kwargs, if_absent, lambda exc: self._own_write_landed(exc, key, data))

    def put_file(self, key: str, path: Path, *, if_absent: bool = False) -> None:
        # One PUT streamed from the file (objects here stay far below S3's 5 GB PUT limit), so
        # the create-if-absent condition holds for the whole object.
        with open(path, "rb") as body:
            self._put(key, {"Bucket": self.bucket, "Key": self._key(key), "Body": body},
                      if_absent, lambda exc: self._own_file_landed(exc, key, path))

    def _put(self, key: str, kwargs: dict, if_absent: bool,
             own_write_landed: Callable[[ClientError], bool]) -> None:
        if if_absent:
            kwargs = {**kwargs, "IfNoneMatch": "*"}
        try:
            self.client.put_object(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                if own_write_landed(exc):
                    return
                raise ConditionFailed(f"{key} exists already") from None
            raise

    def _own_file_landed(self, exc: ClientError, key: str, path: Path) -> bool:
        """``_own_write_landed`` for a file: a single PUT's ETag is the MD5 of its bytes."""
        if not exc.response.get("ResponseMetadata", {}).get("RetryAttempts"):
            return False
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return False
        digest = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return head.get("ETag", "").strip('"') == digest.hexdigest()

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="xxgk-s3-") as tmp:
            path = Path(tmp) / key.rsplit("/", 1)[-1]
            try:
                self.client.download_file(self.bucket, self._key(key), str(path))
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    raise FileNotFoundError(key) from None
                raise
            yield path

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
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key), "Body": data}
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
