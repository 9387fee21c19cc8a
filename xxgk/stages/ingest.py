"""Ingest: put every document of a source into the raw zone and list it for this run.

A ``source`` is a sources file (.yaml/.yml), an http(s) URL, a text file of URLs, an
``s3://bucket/prefix``, a folder or one document file (``xxgk.ingest.sources.classify_source``).
Crawling and reading append to the run's fetch log (``raw/fetch_log/<run_id>/``);
``finish_ingest`` then derives the run's document manifest from that log, so a run interrupted
and started again with the same run id lists everything it stored, before and after the
interruption.

A sources file can be split into batches that never share a host (``plan_ingest_batches``):
the flow crawls each batch in its own task (``ingest_batch``) and calls ``finish_ingest`` once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

from xxgk.ingest.crawl_state import write_state_snapshot
from xxgk.ingest.crawler import CrawlOptions, crawl_sources, store_local_items
from xxgk.ingest.fetch_log import DOCUMENT_ROLES, MANIFEST_EXTRA, manifest_from_log, read_run_log
from xxgk.ingest.shards import plan_shards
from xxgk.ingest.sources import classify_source, read_url_list
from xxgk.ingest.sources_file import (
    SourceSpec,
    load_sources_file,
    source_for_s3,
    source_for_urls,
    with_s3_endpoint,
)
from xxgk.stages import paths
from xxgk.storage import Lake

MANIFEST_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "raw_sha256": pl.String, "source": pl.String, "source_url": pl.String,
    "filename": pl.String, "content_type": pl.String, "declared_charset": pl.String,
    "size_bytes": pl.Int64, "fetched_at": pl.String, "is_new": pl.Boolean,
    **MANIFEST_EXTRA,
}
WHOLE_SOURCE = "all"  # shard name of a source ingested in one piece


@dataclass(frozen=True)
class IngestResult:
    manifest_key: str
    documents: int  # distinct documents listed for this run
    new_raw: int  # of which were not in the raw zone before
    errors: int  # URLs or files whose last attempt failed (robots.txt fetches not counted)


def ingest_source(lake: Lake, run_id: str, source: str, *, max_bytes: int,
                  s3_endpoint_url: str | None = None, s3_region: str | None = None,
                  on_progress: Callable[[int], None] | None = None,
                  options: CrawlOptions = CrawlOptions()) -> IngestResult:
    """Ingest a whole source in this process and write the run's manifest.

    ``s3_endpoint_url`` and ``s3_region`` (the settings') are where S3 sources that name no
    endpoint of their own are read from (``with_s3_endpoint``)."""
    ingest_batch(lake, run_id, source, None, max_bytes=max_bytes,
                 s3_endpoint_url=s3_endpoint_url, s3_region=s3_region,
                 on_progress=on_progress, options=options)
    return finish_ingest(lake, run_id)


def plan_ingest_batches(source: str) -> list[list[str]]:
    """Source names per batch for a sources file (its ``shards``); [] for anything else."""
    if classify_source(source) != "sources_file":
        return []
    sources_file = load_sources_file(source)
    return plan_shards(sources_file.sources, sources_file.shards)


def ingest_batch(lake: Lake, run_id: str, source: str, names: list[str] | None, *,
                 max_bytes: int, s3_endpoint_url: str | None = None,
                 s3_region: str | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 options: CrawlOptions = CrawlOptions(), shard: str | None = None) -> int:
    """Crawl or read ``source`` (only the sources ``names`` of a sources file, when given)
    into the raw zone and the run's fetch log; returns fetch-log rows written."""
    kind = classify_source(source)
    shard = shard or WHOLE_SOURCE
    if kind in ("folder", "file"):
        return store_local_items(lake, run_id, source, shard=shard, max_bytes=max_bytes,
                                 on_progress=on_progress, options=options)
    sources = resolve_sources(source, names, s3_endpoint_url=s3_endpoint_url,
                              s3_region=s3_region)
    return crawl_sources(lake, run_id, sources, shard=shard,
                         max_bytes=max_bytes, on_progress=on_progress, options=options)


def resolve_sources(source: str, names: list[str] | None = None, *,
                    s3_endpoint_url: str | None = None,
                    s3_region: str | None = None) -> tuple[SourceSpec, ...]:
    """The crawlable sources a source string stands for; S3 sources without an endpoint of
    their own get ``s3_endpoint_url`` and ``s3_region``."""
    kind = classify_source(source)
    if kind == "sources_file":
        sources_file = load_sources_file(source)
        specs = sources_file.named(names) if names is not None else sources_file.sources
        return tuple(with_s3_endpoint(s, s3_endpoint_url, s3_region) for s in specs)
    if kind == "url":
        # A bare URL or URL list keeps its old meaning: exactly these documents, no
        # attachments. A sources file turns attachments on and can allow private addresses.
        return (source_for_urls(source, [source], attachments=False),)
    if kind == "url_list":
        return (source_for_urls(source, read_url_list(Path(source).expanduser()),
                                attachments=False),)
    if kind == "s3":
        return (source_for_s3(source, s3_endpoint_url, s3_region),)
    raise ValueError(f"source {source!r} is a local {kind}, not something to crawl")


def finish_ingest(lake: Lake, run_id: str) -> IngestResult:
    """Write the run's manifest from its fetch log, the last-run pointer and the crawl state."""
    log = read_run_log(lake, run_id)
    frame = manifest_from_log(log, MANIFEST_SCHEMA)
    key = lake.write_frame(paths.ingest_manifest(run_id), frame)
    lake.write_json(paths.last_run_pointer(), {"run_id": run_id})
    write_state_snapshot(lake, run_id, log)
    return IngestResult(key, frame.height, int(frame["is_new"].sum()), count_failed_urls(log))


def count_failed_urls(log: pl.DataFrame) -> int:
    if log.is_empty():
        return 0
    last = (log.filter(pl.col("role").is_in([*DOCUMENT_ROLES, "listing"]))
            .unique(subset="url", keep="last", maintain_order=True))
    return int(last["error"].is_not_null().sum())


def read_manifest(lake: Lake, run_id: str) -> pl.DataFrame:
    return lake.read_frame(paths.ingest_manifest(run_id))


def read_fetch_log(lake: Lake, run_id: str) -> pl.DataFrame:
    """Every fetch attempt of a run, one row each (see ``xxgk.ingest.fetch_log``)."""
    return read_run_log(lake, run_id)


def last_run_id(lake: Lake) -> str | None:
    """The run id of the most recent ingest in this lake, if any."""
    if not lake.exists(paths.last_run_pointer()):
        return None
    return lake.read_json(paths.last_run_pointer())["run_id"]
