"""Zone-aware access to the lake: raw bytes by hash, Parquet frames, JSON documents.

Zones (DESIGN.md): ``raw/`` bytes exactly as fetched, immutable, addressed by sha256;
``staging/`` per-run parsed Parquet; ``quality/`` validation results, Data Docs, review sites;
``curated/`` releases and the ``latest`` snapshot.
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import polars as pl

from xxgk.settings import Settings
from xxgk.storage.keys import join
from xxgk.storage.local import LocalStore
from xxgk.storage.media_types import media_type_for
from xxgk.storage.s3 import S3Store
from xxgk.storage.store import ConditionFailed, Store

LAKE_CONNECTIONS = 32
UPLOAD_THREADS = 16  # files of a folder uploaded at once (within LAKE_CONNECTIONS)


def open_lake(settings: Settings) -> "Lake":
    if settings.is_s3:
        store: Store = S3Store(
            settings.lake,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            # ingest stores from up to 16 reading threads (CrawlOptions.s3_readers) at once
            max_connections=LAKE_CONNECTIONS,
        )
    else:
        store = LocalStore(settings.lake)
    return Lake(store)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Lake:
    def __init__(self, store: Store):
        self.store = store

    @property
    def uri(self) -> str:
        return self.store.root_uri

    # raw zone ---------------------------------------------------------------------------------
    @staticmethod
    def raw_key(sha256: str) -> str:
        return join("raw", "objects", sha256[:2], sha256)

    def put_raw(self, data: bytes) -> tuple[str, bool]:
        """Store bytes under their hash; returns (sha256, newly_stored). Never rewrites."""
        digest = sha256_of(data)
        key = self.raw_key(digest)
        if self.store.exists(key):
            return digest, False
        try:
            self.store.put(key, data, if_absent=True)
        except ConditionFailed:
            return digest, False
        return digest, True

    def get_raw(self, sha256: str) -> bytes:
        return self.store.get(self.raw_key(sha256))

    # frames -----------------------------------------------------------------------------------
    def write_frame(self, key: str, frame: pl.DataFrame, *, if_absent: bool = False) -> str:
        buf = io.BytesIO()
        frame.write_parquet(buf, compression="zstd", statistics=True)
        self.store.put(key, buf.getvalue(), if_absent=if_absent)
        return key

    def read_frame(self, key: str, columns: list[str] | None = None) -> pl.DataFrame:
        return pl.read_parquet(io.BytesIO(self.store.get(key)), columns=columns)

    # json and files ---------------------------------------------------------------------------
    def write_json(self, key: str, value: object, *, if_absent: bool = False) -> str:
        data = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode()
        self.store.put(key, data, if_absent=if_absent)
        return key

    def read_json(self, key: str) -> Any:  # whatever JSON the key holds
        return json.loads(self.store.get(key))

    def upload_tree(self, folder: Path, prefix: str) -> int:
        """Copy a local folder (e.g. built Data Docs, a review site) under ``prefix``; returns
        files copied. Each object carries its media type, so the folder works as an S3 static
        website. Several files are sent at once: a review site has tens of thousands."""
        files = [p for p in sorted(folder.rglob("*")) if p.is_file()]

        def put(path: Path) -> None:
            rel = path.relative_to(folder).as_posix()
            self.store.put(join(prefix, rel), path.read_bytes(), content_type=media_type_for(rel))

        with ThreadPoolExecutor(UPLOAD_THREADS, thread_name_prefix="xxgk-upload") as pool:
            for _ in pool.map(put, files):  # raises the first failure
                pass
        return len(files)

    def list(self, prefix: str) -> Iterator[str]:
        return self.store.list(prefix)

    def exists(self, key: str) -> bool:
        return self.store.exists(key)

    def uri_for(self, key: str) -> str:
        return self.store.uri_for(key)
