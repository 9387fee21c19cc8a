from __future__ import annotations

from prefect import flow, unmapped

from tasks.local_pool import local_pool
from tasks.parse import parse_batch_task, plan_parse_task
from xxgk.settings import Settings
from xxgk.stages.parse import BatchResult


@flow(name="xxgk-parse")
def parse_flow(settings: Settings, reparse: bool = False) -> list[BatchResult]:
    with local_pool(settings):  # the pipeline flow started it already, during ingest
        plan = plan_parse_task(settings, reparse)
        futures = parse_batch_task.map(unmapped(settings), list(range(len(plan.batches))),
                                       plan.batches)
        return [*futures.result(), plan.cached]
