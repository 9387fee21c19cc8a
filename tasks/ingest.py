"""Ingest task: one per source."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk.settings import Settings
from xxgk.stages.ingest import IngestResult, ingest_source, read_manifest
from xxgk.storage import open_lake


@task(name="ingest-source", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE,
      tags=["xxgk", "ingest"])
def ingest_source_task(settings: Settings, source: str) -> IngestResult:
    logger = get_run_logger()
    lake = open_lake(settings)
    result = ingest_source(lake, settings.run_id, source, max_bytes=settings.max_document_bytes,
                           on_progress=lambda n: logger.info("ingest: %d items read", n))
    logger.info("ingest: %d documents (%d new in raw), %d errors", result.documents,
                result.new_raw, result.errors)
    return result


@task(name="plan-parse-batches", cache_policy=NO_CACHE, tags=["xxgk", "parse"])
def plan_batches_task(settings: Settings) -> list[list[dict]]:
    """Split the run's document list into batches of ``settings.batch_size``."""
    manifest = read_manifest(open_lake(settings), settings.run_id)
    rows = manifest.select("raw_sha256", "source_url", "filename", "content_type",
                           "declared_charset").to_dicts()
    size = settings.batch_size
    return [rows[i:i + size] for i in range(0, len(rows), size)]
