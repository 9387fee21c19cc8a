"""Reviewers' verdicts, kept in the lake as an append-only table.

Every decision is one small Parquet file under ``review/verdicts/``, written once and never
rewritten (on S3, a new object; two reviewers deciding at once cannot overwrite each other).
``review/current_verdicts.parquet`` is derived from them after each decision: the latest
verdict per raw document and check, the file an analyst joins to ``quality_results``. It can
always be rebuilt from the parts (``refresh_current``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import polars as pl

from xxgk.schema import REVIEW_VERDICTS, VERDICTS, report_id_for
from xxgk.storage import Lake
from xxgk.storage.keys import join

VERDICTS_PREFIX = "review/verdicts"
CURRENT_VERDICTS_KEY = "review/current_verdicts.parquet"


@dataclass(frozen=True)
class Verdict:
    raw_sha256: str
    check_id: str
    verdict: str  # source_error | parser_error | accepted
    note: str
    reviewer: str
    parser_version: str | None = None
    release_id: str | None = None


def validate_verdict(verdict: Verdict) -> None:
    """Raise ValueError naming what is wrong with a verdict before anything is written."""
    if verdict.verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict.verdict!r}")
    if not verdict.note.strip():
        raise ValueError("a verdict needs a note saying why")
    if not verdict.reviewer.strip():
        raise ValueError("a verdict needs the reviewer's name (--reviewer or XXGK_REVIEWER)")
    if len(verdict.raw_sha256) != 64 or not all(c in "0123456789abcdef"
                                                 for c in verdict.raw_sha256):
        raise ValueError(f"not a raw document's sha256: {verdict.raw_sha256!r}")


def record_verdict(lake: Lake, verdict: Verdict, decided_at: dt.datetime | None = None) -> str:
    """Append one verdict (a new file) and refresh the current verdicts; returns its key."""
    validate_verdict(verdict)
    decided_at = decided_at or dt.datetime.now(dt.UTC)
    row = REVIEW_VERDICTS.conform(pl.DataFrame([{
        "raw_sha256": verdict.raw_sha256, "report_id": report_id_for(verdict.raw_sha256),
        "check_id": verdict.check_id, "verdict": verdict.verdict, "note": verdict.note.strip(),
        "reviewer": verdict.reviewer.strip(), "decided_at": decided_at,
        "parser_version": verdict.parser_version, "release_id": verdict.release_id,
    }], schema_overrides={"decided_at": pl.Datetime("us", "UTC")}))
    stamp = decided_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    key = join(VERDICTS_PREFIX, f"{stamp}-{secrets.token_hex(4)}.parquet")
    lake.write_frame(key, row, if_absent=True)
    refresh_current(lake)
    return key


def read_verdicts(lake: Lake) -> pl.DataFrame:
    """Every verdict ever recorded, oldest first."""
    keys = sorted(k for k in lake.list(VERDICTS_PREFIX) if k.endswith(".parquet"))
    if not keys:
        return REVIEW_VERDICTS.empty()
    frames = [REVIEW_VERDICTS.conform(lake.read_frame(k)) for k in keys]
    return pl.concat(frames, how="vertical").sort("decided_at", maintain_order=True)


def current_verdicts(verdicts: pl.DataFrame) -> pl.DataFrame:
    """The latest verdict per raw document and check (a later one supersedes an earlier)."""
    return (verdicts.sort("decided_at", maintain_order=True)
            .unique(subset=["raw_sha256", "check_id"], keep="last", maintain_order=True)
            .sort("raw_sha256", "check_id"))


def refresh_current(lake: Lake) -> pl.DataFrame:
    current = current_verdicts(read_verdicts(lake))
    lake.write_frame(CURRENT_VERDICTS_KEY, current)
    return current


def read_current(lake: Lake) -> pl.DataFrame:
    """The current verdicts (from the derived file, or rebuilt when it is missing)."""
    if lake.exists(CURRENT_VERDICTS_KEY):
        return REVIEW_VERDICTS.conform(lake.read_frame(CURRENT_VERDICTS_KEY))
    return current_verdicts(read_verdicts(lake))
