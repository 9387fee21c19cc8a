"""What earlier fetches tell this run: validators for conditional GETs, and what to skip.

*Across runs* (``PriorFetches``): for every URL, the last attempt that produced bytes, with its
ETag and Last-Modified, read back from the fetch logs in the raw zone. A rerun sends
``If-None-Match`` / ``If-Modified-Since``; a 304 reuses the stored object and stores nothing.

Reading every log ever written would grow without end, so a finished run also writes a snapshot
(``staging/crawl_state/``) of that table and the runs it covers; the next run reads the snapshot
plus the logs of runs it does not cover (newer ones, and runs that never finished).

*Within a run* (``resume_outcomes``): URLs this run id has already settled (stored, unchanged,
or refused for good), so a run started again after being killed does not fetch them again.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from xxgk.ingest.fetch_log import FETCH_LOG_SCHEMA, logged_run_ids
from xxgk.storage import Lake
from xxgk.storage.keys import join

STATE_PREFIX = "staging/crawl_state"
STATE_POINTER = join(STATE_PREFIX, "LATEST.json")
STATE_COLUMNS = ("url", "raw_sha256", "etag", "last_modified", "content_type",
                 "declared_charset", "detected_encoding", "encoding_source", "filename",
                 "size_bytes", "final_url", "fetched_at")
# Outcomes that another try in the same run would not change.
SETTLED_ERRORS = ("robots_disallowed", "refused_address", "refused_scheme", "refused_url",
                  "too_large", "too_many_redirects", "dns_error")


@dataclass(frozen=True)
class PriorFetch:
    url: str
    raw_sha256: str
    etag: str | None
    last_modified: str | None
    content_type: str | None
    declared_charset: str | None
    detected_encoding: str | None
    encoding_source: str | None
    filename: str | None
    size_bytes: int | None
    final_url: str | None
    fetched_at: str | None


def _latest_per_url(frame: pl.DataFrame) -> pl.DataFrame:
    if "role" in frame.columns:
        frame = frame.filter(pl.col("role").fill_null("") != "robots")
    missing = [pl.lit(None, dtype=FETCH_LOG_SCHEMA[c]).alias(c)
               for c in STATE_COLUMNS if c not in frame.columns]
    rows = frame.with_columns(missing).select(STATE_COLUMNS)
    rows = rows.filter(pl.col("raw_sha256").is_not_null() & pl.col("url").is_not_null())
    return (rows.sort("fetched_at", nulls_last=False, maintain_order=True)
            .unique(subset="url", keep="last", maintain_order=True))


def load_prior_fetches(lake: Lake, *, exclude_run: str | None = None
                       ) -> tuple[dict[str, PriorFetch], set[str]]:
    """URL -> last fetch that stored bytes, and the run ids that went into it."""
    base, covered = None, set()
    if lake.exists(STATE_POINTER):
        pointer = lake.read_json(STATE_POINTER)
        if isinstance(pointer, dict) and lake.exists(pointer.get("key", "")):
            base = lake.read_frame(pointer["key"])
            covered = set(pointer.get("covers", []))
    frames = [] if base is None else [base]
    runs = logged_run_ids(lake)
    read = set(covered)
    for run_id, keys in sorted(runs.items()):
        if run_id in covered or run_id == exclude_run:
            continue
        frames.extend(lake.read_frame(k) for k in keys)
        read.add(run_id)
    if not frames:
        return {}, read
    merged = _latest_per_url(pl.concat(frames, how="diagonal_relaxed"))
    return {r["url"]: PriorFetch(**r) for r in merged.iter_rows(named=True)}, read


def write_state_snapshot(lake: Lake, run_id: str, run_log: pl.DataFrame) -> str:
    """Fold this finished run into the snapshot the next run starts from."""
    prior, read = load_prior_fetches(lake, exclude_run=run_id)
    frames = [run_log]
    if prior:
        frames.insert(0, pl.DataFrame([p.__dict__ for p in prior.values()]))
    merged = _latest_per_url(pl.concat(frames, how="diagonal_relaxed"))
    # Only runs that finished (their manifest exists) are marked covered: a run still going,
    # or killed, may add rows later and must be read again next time.
    finished = {r for r in read if lake.exists(join("staging", r, "ingest", "documents.parquet"))}
    key = join(STATE_PREFIX, f"{run_id}.parquet")
    lake.write_frame(key, merged)
    lake.write_json(STATE_POINTER, {"key": key, "covers": sorted(finished | {run_id})})
    return key


def resume_outcomes(run_log: pl.DataFrame) -> dict[str, dict]:
    """URL -> the last logged row of this run that settled it (stored, 304 or refused)."""
    if run_log.is_empty():
        return {}
    settled = run_log.filter(pl.col("raw_sha256").is_not_null()
                             | pl.col("error").is_in(list(SETTLED_ERRORS))
                             | ((pl.col("status") >= 400) & (pl.col("status") < 500)))
    settled = settled.unique(subset="url", keep="last", maintain_order=True)
    return {r["url"]: r for r in settled.iter_rows(named=True)}
