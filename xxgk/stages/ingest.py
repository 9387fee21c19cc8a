"""Ingest: put every document of a source into the raw zone and list it for this run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import polars as pl

from xxgk.ingest.sources import iter_source
from xxgk.stages import paths
from xxgk.storage import Lake

MANIFEST_SCHEMA = {
    "raw_sha256": pl.String, "source": pl.String, "source_url": pl.String,
    "filename": pl.String, "content_type": pl.String, "declared_charset": pl.String,
    "size_bytes": pl.Int64, "fetched_at": pl.String, "is_new": pl.Boolean,
}
FETCH_LOG_SCHEMA = {
    "run_id": pl.String, "source": pl.String, "url": pl.String, "status": pl.Int32,
    "raw_sha256": pl.String, "size_bytes": pl.Int64, "content_type": pl.String,
    "declared_charset": pl.String, "fetched_at": pl.String, "error": pl.String,
}


@dataclass(frozen=True)
class IngestResult:
    manifest_key: str
    documents: int  # distinct documents listed for this run
    new_raw: int  # of which were not in the raw zone before
    errors: int  # items that could not be read or fetched


def ingest_source(lake: Lake, run_id: str, source: str, *, max_bytes: int,
                  on_progress: Callable[[int], None] | None = None) -> IngestResult:
    manifest: dict[str, dict] = {}  # sha256 -> row; the same bytes twice are listed once
    log: list[dict] = []
    errors = 0
    for n, item in enumerate(iter_source(source, max_bytes=max_bytes), start=1):
        sha, is_new = (None, False)
        if item.data is not None:
            sha, is_new = lake.put_raw(item.data)
            if sha not in manifest:
                manifest[sha] = {
                    "raw_sha256": sha, "source": item.source, "source_url": item.source_url,
                    "filename": item.filename, "content_type": item.content_type,
                    "declared_charset": item.declared_charset, "size_bytes": len(item.data),
                    "fetched_at": item.fetched_at, "is_new": is_new,
                }
        else:
            errors += 1
        log.append({
            "run_id": run_id, "source": item.source, "url": item.source_url,
            "status": item.status, "raw_sha256": sha,
            "size_bytes": len(item.data) if item.data is not None else None,
            "content_type": item.content_type, "declared_charset": item.declared_charset,
            "fetched_at": item.fetched_at, "error": item.error,
        })
        if on_progress and n % 500 == 0:
            on_progress(n)
    lake.write_frame(paths.fetch_log(run_id), pl.DataFrame(log, schema=FETCH_LOG_SCHEMA))
    frame = pl.DataFrame(list(manifest.values()), schema=MANIFEST_SCHEMA)
    key = lake.write_frame(paths.ingest_manifest(run_id), frame)
    lake.write_json(paths.last_run_pointer(), {"run_id": run_id})
    return IngestResult(key, frame.height, int(frame["is_new"].sum()), errors)


def read_manifest(lake: Lake, run_id: str) -> pl.DataFrame:
    return lake.read_frame(paths.ingest_manifest(run_id))


def last_run_id(lake: Lake) -> str | None:
    """The run id of the most recent ingest in this lake, if any."""
    if not lake.exists(paths.last_run_pointer()):
        return None
    return lake.read_json(paths.last_run_pointer())["run_id"]  # type: ignore[index]
