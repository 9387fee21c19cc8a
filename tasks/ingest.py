"""Ingest tasks: a whole source in one task, or a sources file in host-disjoint batches."""

from __future__ import annotations

import time
from typing import Callable

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.ingest import (
    IngestResult,
    finish_ingest,
    ingest_batch,
    ingest_source,
    plan_ingest_batches,
)
from xxgk.storage import open_lake

PROGRESS_SECONDS = 10.0  # a folder reads thousands of documents a second: log progress sparingly


def _progress(log: Callable[[int], None]) -> Callable[[int], None]:
    """Pass the crawler's progress (fetch-log rows so far) to the terminal's display, and to
    the log at most every PROGRESS_SECONDS."""
    last = [-PROGRESS_SECONDS]
    shown = [0]
    run_progress.current().start("fetched")

    def report(rows: int) -> None:
        run_progress.current().advance("fetched", rows - shown[0])
        shown[0] = rows
        now = time.monotonic()
        if now - last[0] >= PROGRESS_SECONDS:
            last[0] = now
            log(rows)

    return report


# Tasks that fetch carry FETCH_TAG: `prefect concurrency-limit create fetch N` caps how many of
# them run at once across all flow runs (the per-host politeness limits hold inside each).
# No task carries a tag only as a label (the stage is in the task name): Prefect acquires
# concurrency slots for every distinct set of tags through a service of its own, and starting
# one took up to 2 s here, several times per run.
FETCH_TAG = "fetch"


@task(name="ingest-source", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE,
      tags=[FETCH_TAG])
def ingest_source_task(settings: Settings, source: str) -> IngestResult:
    # A retry runs with the same run id, so it resumes: URLs already logged are not refetched.
    logger = get_run_logger()
    lake = open_lake(settings)
    result = ingest_source(lake, settings.run_id, source, max_bytes=settings.max_document_bytes,
                           s3_endpoint_url=settings.s3_endpoint_url,
                           s3_region=settings.s3_region,
                           on_progress=_progress(
                               lambda n: logger.info("ingest: %d fetch-log rows", n)))
    logger.info("ingest: %d documents (%d new in raw), %d errors", result.documents,
                result.new_raw, result.errors)
    run_progress.current().finish("fetched", result.documents)
    return result


@task(name="plan-ingest-batches", cache_policy=NO_CACHE)
def plan_ingest_batches_task(settings: Settings, source: str) -> list[list[str]]:
    """Source names per batch for a sources file; no host appears in two batches."""
    return plan_ingest_batches(source)


@task(name="ingest-batch", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE,
      tags=[FETCH_TAG])
def ingest_batch_task(settings: Settings, source: str, names: list[str], index: int) -> int:
    logger = get_run_logger()
    rows = ingest_batch(open_lake(settings), settings.run_id, source, names,
                        max_bytes=settings.max_document_bytes,
                        s3_endpoint_url=settings.s3_endpoint_url, s3_region=settings.s3_region,
                        shard=f"b{index:03d}",
                        on_progress=_progress(
                            lambda n: logger.info("ingest batch %d: %d rows", index, n)))
    logger.info("ingest batch %d (%d sources): %d fetch-log rows", index, len(names), rows)
    return rows


@task(name="finish-ingest", cache_policy=NO_CACHE)
def finish_ingest_task(settings: Settings) -> IngestResult:
    result = finish_ingest(open_lake(settings), settings.run_id)
    get_run_logger().info("ingest: %d documents (%d new in raw), %d errors", result.documents,
                          result.new_raw, result.errors)
    run_progress.current().finish("fetched", result.documents)
    return result
