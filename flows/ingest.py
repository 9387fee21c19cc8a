"""Ingest: one task for a plain source; host-disjoint batches for a sources file."""

from __future__ import annotations

from prefect import flow, unmapped

from tasks.ingest import (
    finish_ingest_task,
    ingest_batch_task,
    ingest_source_task,
    plan_ingest_batches_task,
)
from xxgk.settings import Settings
from xxgk.stages.ingest import IngestResult


def ingest_stage(settings: Settings, source: str) -> IngestResult:
    """The ingest tasks, run inside the calling flow (the pipeline, or ``ingest_flow``)."""
    batches = plan_ingest_batches_task(settings, source)
    if len(batches) <= 1:
        return ingest_source_task(settings, source)
    crawled = ingest_batch_task.map(unmapped(settings), unmapped(source), batches,
                                    list(range(len(batches))))
    return finish_ingest_task(settings, wait_for=crawled)


@flow(name="xxgk-ingest")
def ingest_flow(settings: Settings, source: str) -> IngestResult:
    return ingest_stage(settings, source)
