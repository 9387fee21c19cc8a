from __future__ import annotations

from prefect import flow, unmapped

from tasks.ingest import plan_batches_task
from tasks.parse import parse_batch_task
from xxgk.settings import Settings
from xxgk.stages.parse import BatchResult


@flow(name="xxgk-parse")
def parse_flow(settings: Settings) -> list[BatchResult]:
    batches = plan_batches_task(settings)
    futures = parse_batch_task.map(unmapped(settings), list(range(len(batches))), batches)
    return futures.result()
