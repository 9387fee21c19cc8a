"""Plan the parse stage: which documents need parsing, in batches, and which are cached.

The cache is the current release itself: a document whose report_id (derived from its raw
bytes' sha256) was parsed by the same parser version is carried forward from the release
instead of being parsed again, and so are its check results when the release was validated
by the same suites (the checks are per report). Carrying forward copies nothing: publish keeps
the release's rows of every report the run does not replace, so a rerun over unchanged raw
reads two id columns of the release and publishes nothing new. A newer parser version, or
``reparse=True``, parses everything again; newer suites check the carried reports again.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.quality.suites import suites_digest
from xxgk.schema import report_id_for
from xxgk.stages import paths
from xxgk.stages.ingest import read_manifest
from xxgk.stages.merge_files import iter_file_frames, write_frames
from xxgk.stages.parse import BatchResult
from xxgk.stages.publish import current_release, read_manifest_of, release_key
from xxgk.storage import Lake

CACHED_BATCH = 99999  # the batch number under which carried-forward rows are staged
MANIFEST_FIELDS = ("raw_sha256", "source_url", "filename", "content_type", "declared_charset")


@dataclass(frozen=True)
class ParsePlan:
    batches: list[list[dict]]
    to_parse: int
    cached: BatchResult  # what was carried forward from the current release (batch -1)


def _carry_forward(lake: Lake, run_id: str, release_id: str, cached_ids: pl.DataFrame, *,
                   with_quality: bool) -> BatchResult:
    """Carry the release's rows of cached reports into this run.

    With ``with_quality`` (the release was validated by the same suites) nothing is copied:
    publish keeps the release's rows of every report this run does not replace, so only the
    list of carried ids is staged (for the run's counts). Otherwise their rows are staged as
    if this run had parsed them, so that validate checks them again with the new suites.
    """
    n = cached_ids.height
    if with_quality:
        lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "carried"), cached_ids)
        return BatchResult(-1, 0, 0, 0, cached=n)

    def rows(name: str) -> pl.DataFrame:
        frame = lake.read_frame(release_key(release_id, f"{name}.parquet"))
        return frame.join(cached_ids, on="report_id", how="semi")

    reports = rows("reports").with_columns(pl.lit(run_id).alias("run_id"),
                                           pl.lit("pass").alias("quality_status"))
    errors = rows("parse_errors").with_columns(pl.lit(run_id).alias("run_id"))
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "reports"), reports)
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "errors"), errors)
    # Parser warnings live on as quality rows; restage them so validate reproduces them.
    warnings = rows("quality_results").filter(pl.col("check_id") == "parse.warnings") \
        .select("report_id", pl.col("observed").alias("warning"))
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "warnings"), warnings)
    _copy_rows(lake, release_key(release_id, "facts.parquet"), cached_ids,
               paths.parse_batch(run_id, CACHED_BATCH, "facts"))
    return BatchResult(-1, 0, 0, 0, cached=n)


def _copy_rows(lake: Lake, source_key: str, ids: pl.DataFrame, target_key: str) -> None:
    """Copy the rows of ``ids`` from one lake file to another, a record batch at a time."""
    with tempfile.TemporaryDirectory(prefix="xxgk-carry-") as tmp, \
            lake.store.local_path(source_key) as source:
        out = Path(tmp) / "rows.parquet"
        write_frames((frame.join(ids, on="report_id", how="semi")
                      for frame in iter_file_frames(source)), out)
        if out.exists():
            lake.store.put_file(target_key, out)


def clear_parse_staging(lake: Lake, run_id: str) -> int:
    """Remove what an earlier, interrupted parse of this run staged; returns objects removed.

    A rerun overwrites batches by number, but a rerun with another batch size numbers them
    differently: batches of the killed attempt beyond the new last number would survive, and
    their reports would be read (and published) twice.
    """
    keys = list(lake.list(paths.parse_prefix(run_id)))
    for key in keys:
        lake.store.delete(key)
    return len(keys)


def plan_parse(lake: Lake, run_id: str, batch_size: int, *, reparse: bool = False) -> ParsePlan:
    clear_parse_staging(lake, run_id)  # a parse of a run always starts from a clean slate
    manifest = read_manifest(lake, run_id).with_columns(
        pl.col("raw_sha256").map_elements(report_id_for, return_dtype=pl.String)
        .alias("report_id"))
    todo = manifest
    cached = BatchResult(-1, 0, 0, 0)
    release_id = None if reparse else current_release(lake)
    if release_id is not None:
        parsed = [lake.read_frame(release_key(release_id, f"{name}.parquet"),
                                  columns=["report_id", "parser_version"])
                  for name in ("reports", "parse_errors")]
        done = pl.concat(parsed).filter(pl.col("parser_version") == PARSER_VERSION) \
            .select("report_id").unique()
        cached_ids = manifest.join(done, on="report_id", how="semi").select("report_id") \
            .unique(maintain_order=True)
        if cached_ids.height:
            same_suites = read_manifest_of(lake, release_id).get("suites_sha256") == \
                suites_digest()
            cached = _carry_forward(lake, run_id, release_id, cached_ids,
                                    with_quality=same_suites)
        todo = manifest.join(cached_ids, on="report_id", how="anti")
    rows = todo.select(MANIFEST_FIELDS).to_dicts()
    batches = [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]
    return ParsePlan(batches=batches, to_parse=len(rows), cached=cached)
