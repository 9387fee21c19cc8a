from __future__ import annotations

from prefect import flow

from tasks.ingest import ingest_source_task
from xxgk.settings import Settings
from xxgk.stages.ingest import IngestResult


@flow(name="xxgk-ingest")
def ingest_flow(settings: Settings, source: str) -> IngestResult:
    return ingest_source_task(settings, source)
