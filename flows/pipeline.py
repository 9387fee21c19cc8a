"""The pipeline: ingest -> parse -> validate -> publish, as one flow run of tasks.

The stages are called as task groups, not subflows: a subflow costs about a second of API
round trips, and the task names (ingest-source, plan-parse, parse-batch, validate-run,
publish-release) already show the stages in the UI.
"""

from __future__ import annotations

from prefect import flow

from flows.ingest import ingest_stage
from flows.parse import parse_stage
from tasks.lease import acquire_lease_task, release_lease_task
from tasks.local_pool import local_pool
from tasks.publish import publish_release_task
from tasks.validate import validate_run_task
from xxgk.run_summary import RunSummary, summarize
from xxgk.settings import Settings


@flow(name="xxgk-pipeline")
def pipeline_flow(settings: Settings, source: str, reparse: bool = False) -> RunSummary:
    acquire_lease_task(settings)  # a second run on the same lake stops here, clearly
    try:
        with local_pool(settings):  # the parse workers start (and import) while ingest runs
            ingested = ingest_stage(settings, source)
            parsed = parse_stage(settings, reparse)
        validated = validate_run_task(settings)
        published = publish_release_task(settings, {"documents": ingested.documents,
                                                    "new_raw": ingested.new_raw,
                                                    "ingest_errors": ingested.errors})
    finally:
        release_lease_task(settings)
    return summarize(settings, ingested, parsed, validated, published)
