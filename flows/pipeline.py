from __future__ import annotations

from prefect import flow

from flows.ingest import ingest_flow
from flows.parse import parse_flow
from flows.publish import publish_flow
from flows.runners import task_runner_for, validate_runner_for
from flows.validate import validate_flow
from tasks.local_pool import local_pool
from tasks.lease import acquire_lease_task, release_lease_task
from xxgk.run_summary import RunSummary, summarize
from xxgk.settings import Settings


@flow(name="xxgk-pipeline")
def pipeline_flow(settings: Settings, source: str, reparse: bool = False) -> RunSummary:
    acquire_lease_task(settings)  # a second run on the same lake stops here, clearly
    try:
        with local_pool(settings):  # the parse workers start (and import) while ingest runs
            ingested = ingest_flow(settings, source)
            parsed = parse_flow.with_options(task_runner=task_runner_for(settings))(settings,
                                                                                    reparse)
        validated = validate_flow.with_options(
            task_runner=validate_runner_for(settings))(settings)
        published = publish_flow(settings, {"documents": ingested.documents,
                                            "new_raw": ingested.new_raw,
                                            "ingest_errors": ingested.errors})
    finally:
        release_lease_task(settings)
    return summarize(settings, ingested, parsed, validated, published)
