"""Backfill: list the raw documents of a range of report years for re-parsing.

The list comes from the current release (every published report knows its raw sha256 and
source); the raw zone supplies the bytes, so nothing is fetched again. With no years given,
every document the release knows (reports and parse errors) is listed: a full rebuild.
"""

from __future__ import annotations

import polars as pl

from xxgk.stages import paths
from xxgk.stages.ingest import MANIFEST_SCHEMA
from xxgk.stages.publish import current_release, release_key
from xxgk.storage import Lake


def write_backfill_manifest(lake: Lake, run_id: str, first_year: int | None = None,
                            last_year: int | None = None) -> int:
    release_id = current_release(lake)
    if release_id is None:
        raise FileNotFoundError(f"no published release in {lake.uri} to backfill from")
    def read(name: str) -> pl.DataFrame:  # only the small tables: never the facts
        return lake.read_frame(release_key(release_id, f"{name}.parquet"))

    reports = read("reports")
    if first_year is not None:
        reports = reports.filter(pl.col("report_year") >= first_year)
    if last_year is not None:
        reports = reports.filter(pl.col("report_year") <= last_year)
    listed = reports.select("raw_sha256", "source_url")
    if first_year is None and last_year is None:
        listed = pl.concat([listed, read("parse_errors").select("raw_sha256", "source_url")])
    listed = listed.unique("raw_sha256", keep="first", maintain_order=True)
    manifest = listed.with_columns(
        pl.lit("backfill").alias("source"),
        pl.col("source_url").str.extract(r"([^/]+)$").alias("filename"),
        pl.lit(None, dtype=pl.String).alias("content_type"),
        pl.lit(None, dtype=pl.String).alias("declared_charset"),
        pl.lit(None, dtype=pl.Int64).alias("size_bytes"),
        pl.lit(None, dtype=pl.String).alias("fetched_at"),
        pl.lit(False).alias("is_new"),
    ).select([pl.col(name).cast(dtype) for name, dtype in MANIFEST_SCHEMA.items()])
    lake.write_frame(paths.ingest_manifest(run_id), manifest)
    return manifest.height
