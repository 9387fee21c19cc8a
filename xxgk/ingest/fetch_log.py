"""The fetch log: one Parquet row per attempt, written in parts while the run goes on.

Layout: ``raw/fetch_log/<run_id>/<shard>-<seq>.parquet``. Rows are flushed every few dozen rows
or seconds, so a run killed half-way leaves a log of everything it stored, and the same run id
started again (a Prefect task retry, or ``--run-id``) skips those URLs
(``xxgk.ingest.crawl_state``).
The run's document manifest is derived from its log, so a resumed run lists documents fetched
before and after the interruption alike.
"""

from __future__ import annotations

import time

import polars as pl

from xxgk.storage import ConditionFailed, Lake
from xxgk.storage.keys import join

FETCH_LOG_SCHEMA = {
    "run_id": pl.String, "shard": pl.String, "source": pl.String, "organ": pl.String,
    "role": pl.String,  # listing | report | attachment | robots | file | object
    "url": pl.String, "parent_url": pl.String, "attempt": pl.Int32, "final_url": pl.String,
    "status": pl.Int32, "redirects": pl.Int32,
    "etag": pl.String, "last_modified": pl.String, "content_type": pl.String,
    "content_length": pl.String, "content_disposition": pl.String,
    "declared_charset": pl.String, "detected_encoding": pl.String,
    "encoding_source": pl.String,  # bom | header | meta | detected
    "filename": pl.String, "size_bytes": pl.Int64, "raw_sha256": pl.String,
    "is_new": pl.Boolean,  # these bytes were first stored by this attempt
    "not_modified": pl.Boolean,  # a 304: raw_sha256 and the fields above are carried over
    "fetched_at": pl.String, "elapsed_ms": pl.Int64, "error": pl.String,
    "error_detail": pl.String,
}
DOCUMENT_ROLES = ("report", "attachment", "file", "object")
FETCH_LOG_PREFIX = "raw/fetch_log"


def run_log_prefix(run_id: str) -> str:
    return join(FETCH_LOG_PREFIX, run_id)


def frame_of_rows(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in FETCH_LOG_SCHEMA} for r in rows],
                        schema=FETCH_LOG_SCHEMA)


class FetchLogWriter:
    """Buffers log rows and writes them as numbered parts; never overwrites a part."""

    def __init__(self, lake: Lake, run_id: str, shard: str, *, flush_rows: int = 2000,
                 flush_seconds: float = 10.0, clock=time.monotonic):
        self._lake = lake
        self._prefix = run_log_prefix(run_id)
        self._shard = shard
        self._flush_rows = flush_rows
        self._flush_seconds = flush_seconds
        self._clock = clock
        self._rows: list[dict] = []
        self._last_flush = clock()
        self._seq = sum(1 for k in lake.list(self._prefix)
                        if k.rsplit("/", 1)[-1].startswith(f"{shard}-"))
        self.rows_written = 0

    def add(self, row: dict) -> None:
        self._rows.append(row)
        if (len(self._rows) >= self._flush_rows
                or self._clock() - self._last_flush >= self._flush_seconds):
            self.flush()

    def flush(self) -> None:
        self._last_flush = self._clock()
        if not self._rows:
            return
        frame = frame_of_rows(self._rows)
        while True:
            self._seq += 1
            key = join(self._prefix, f"{self._shard}-{self._seq:05d}.parquet")
            try:
                self._lake.write_frame(key, frame, if_absent=True)
                break
            except ConditionFailed:  # another writer of the same shard got this number
                continue
        self.rows_written += len(self._rows)
        self._rows = []


def read_run_log(lake: Lake, run_id: str) -> pl.DataFrame:
    """Every row logged for ``run_id`` so far (an empty frame when none)."""
    frames = [lake.read_frame(k) for k in lake.list(run_log_prefix(run_id))
              if k.endswith(".parquet")]
    if not frames:
        return pl.DataFrame(schema=FETCH_LOG_SCHEMA)
    return pl.concat([f.select(list(FETCH_LOG_SCHEMA)) for f in frames], how="vertical")


def logged_run_ids(lake: Lake) -> dict[str, list[str]]:
    """Run id -> its fetch-log objects, including the one-file logs of older versions."""
    runs: dict[str, list[str]] = {}
    for key in lake.list(FETCH_LOG_PREFIX):
        rest = key[len(FETCH_LOG_PREFIX) + 1:]
        run_id = rest.split("/", 1)[0].removesuffix(".parquet")
        if key.endswith(".parquet"):
            runs.setdefault(run_id, []).append(key)
    return runs


MANIFEST_EXTRA = {
    "organ": pl.String, "role": pl.String, "parent_url": pl.String, "final_url": pl.String,
    "detected_encoding": pl.String, "encoding_source": pl.String, "not_modified": pl.Boolean,
}


def manifest_from_log(log: pl.DataFrame, manifest_schema: dict) -> pl.DataFrame:
    """The run's documents: one row per distinct raw object, first URL that brought it.

    ``is_new`` is true when any attempt of this run stored the object first.
    """
    docs = log.filter(pl.col("raw_sha256").is_not_null()
                      & pl.col("role").is_in(list(DOCUMENT_ROLES)))
    if docs.is_empty():
        return pl.DataFrame(schema=manifest_schema)
    any_new = docs.group_by("raw_sha256").agg(pl.col("is_new").fill_null(False).any()
                                              .alias("any_new"))
    first = docs.unique(subset="raw_sha256", keep="first", maintain_order=True)
    first = first.join(any_new, on="raw_sha256", how="left").with_columns(
        pl.col("any_new").alias("is_new"), pl.col("url").alias("source_url"))
    return first.select([pl.col(c).cast(t) for c, t in manifest_schema.items()])
