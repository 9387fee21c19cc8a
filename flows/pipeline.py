from __future__ import annotations

from prefect import flow

from flows.ingest import ingest_flow
from flows.parse import parse_flow
from flows.publish import publish_flow
from flows.runners import task_runner_for
from flows.validate import validate_flow
from xxgk.run_summary import RunSummary, summarize
from xxgk.settings import Settings


@flow(name="xxgk-pipeline")
def pipeline_flow(settings: Settings, source: str, reparse: bool = False) -> RunSummary:
    ingested = ingest_flow(settings, source)
    runner = task_runner_for(settings)
    parsed = parse_flow.with_options(task_runner=runner)(settings, reparse)
    validated = validate_flow.with_options(task_runner=task_runner_for(settings))(settings)
    published = publish_flow(settings, {"documents": ingested.documents,
                                        "new_raw": ingested.new_raw,
                                        "ingest_errors": ingested.errors})
    return summarize(settings, ingested, parsed, validated, published)
