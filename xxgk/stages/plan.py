"""Plan the parse stage: which documents need parsing, in batches, and which are cached.

The cache is the current release itself: a document whose report_id (derived from its raw
bytes' sha256) was parsed by the same parser version is carried forward from the release
instead of being parsed again, and so are its check results when the release was validated
by the same suites (the checks are per report), so a rerun over unchanged raw costs almost
nothing. A newer
parser version, or ``reparse=True``, parses everything again.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.schema import report_id_for
from xxgk.stages import paths
from xxgk.stages.ingest import read_manifest
from xxgk.stages.parse import BatchResult
from xxgk.quality.suites import suites_digest
from xxgk.stages.publish import current_release, read_manifest_of, read_release
from xxgk.storage import Lake

CACHED_BATCH = 99999  # the batch number under which carried-forward rows are staged
MANIFEST_FIELDS = ("raw_sha256", "source_url", "filename", "content_type", "declared_charset")


@dataclass(frozen=True)
class ParsePlan:
    batches: list[list[dict]]
    to_parse: int
    cached: BatchResult  # what was carried forward from the current release (batch -1)


def _carry_forward(lake: Lake, run_id: str, release: dict[str, pl.DataFrame],
                   cached_ids: pl.DataFrame, *, with_quality: bool) -> BatchResult:
    """Stage the release's rows of cached reports as if this run had parsed them.

    With ``with_quality`` (the release was validated by the same suites) their check results are
    staged too, and validate checks only the reports parsed in this run.
    """
    def rows(table: str) -> pl.DataFrame:
        return release[table].join(cached_ids, on="report_id", how="semi")

    reports = rows("reports").with_columns(pl.lit(run_id).alias("run_id"),
                                           pl.lit("pass").alias("quality_status"))
    errors = rows("parse_errors").with_columns(pl.lit(run_id).alias("run_id"))
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "reports"), reports)
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "facts"), rows("facts"))
    lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "errors"), errors)
    if with_quality:
        lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "quality_results"),
                         rows("quality_results"))
    else:
        # Parser warnings live on as quality rows; restage them so validate reproduces them.
        warnings = rows("quality_results").filter(pl.col("check_id") == "parse.warnings") \
            .select("report_id", pl.col("observed").alias("warning"))
        lake.write_frame(paths.parse_batch(run_id, CACHED_BATCH, "warnings"), warnings)
    return BatchResult(-1, reports.height, rows("facts").height, errors.height,
                       cached=cached_ids.height)


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
        release = read_release(lake, release_id)
        done = pl.concat([
            release["reports"].filter(pl.col("parser_version") == PARSER_VERSION)
            .select("report_id"),
            release["parse_errors"].filter(pl.col("parser_version") == PARSER_VERSION)
            .select("report_id"),
        ]).unique()
        cached_ids = manifest.join(done, on="report_id", how="semi").select("report_id")
        if cached_ids.height:
            same_suites = read_manifest_of(lake, release_id).get("suites_sha256") == \
                suites_digest()
            cached = _carry_forward(lake, run_id, release, cached_ids, with_quality=same_suites)
        todo = manifest.join(cached_ids, on="report_id", how="anti")
    rows = todo.select(MANIFEST_FIELDS).to_dicts()
    batches = [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]
    return ParsePlan(batches=batches, to_parse=len(rows), cached=cached)
