from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.parse import parse_stage
from tasks.lease import acquire_lease_task, release_lease_task
from tasks.publish import publish_release_task
from tasks.validate import validate_run_task
from xxgk.run_summary import RunSummary, summarize
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.backfill import write_backfill_manifest
from xxgk.stages.ingest import IngestResult
from xxgk.storage import open_lake


@task(name="backfill-manifest", cache_policy=NO_CACHE)
def backfill_manifest_task(settings: Settings, first_year: int | None,
                           last_year: int | None) -> IngestResult:
    count = write_backfill_manifest(open_lake(settings), settings.run_id, first_year, last_year)
    return IngestResult(paths.ingest_manifest(settings.run_id), count, 0, 0)


@flow(name="xxgk-backfill")
def backfill_flow(settings: Settings, first_year: int | None = None,
                  last_year: int | None = None) -> RunSummary:
    acquire_lease_task(settings)
    try:
        listed = backfill_manifest_task(settings, first_year, last_year)
        parsed = parse_stage(settings, True)
        validated = validate_run_task(settings)
        published = publish_release_task(settings, {"documents": listed.documents,
                                                    "new_raw": 0, "ingest_errors": 0})
    finally:
        release_lease_task(settings)
    return summarize(settings, listed, parsed, validated, published)
