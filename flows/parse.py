"""Parse: plan the batches once, then one task per batch on the configured runner."""

from __future__ import annotations

from prefect import flow, unmapped
from prefect.futures import as_completed

from flows.runners import task_runner_for
from tasks.local_pool import local_pool
from tasks.parse import parse_batch_task, plan_parse_task
from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.parse import BatchResult


def parse_stage(settings: Settings, reparse: bool = False) -> list[BatchResult]:
    """The parse tasks, run inside the calling flow (the pipeline, or ``parse_flow``).

    The batches go to the runner of ``settings`` (threads, the local process pool, Dask)
    whatever task runner the calling flow has, so that a flow needs no subflow per stage
    (each subflow costs about a second of API round trips).
    """
    with local_pool(settings):  # the pipeline started it already, while ingest ran
        plan = plan_parse_task(settings, reparse)
        if not plan.batches:
            return [plan.cached]
        with task_runner_for(settings) as runner:
            # TaskRunner.map takes Task[P, R | Coroutine[..., R]]: mypy cannot solve R from
            # the plain Task[P, BatchResult] of a synchronous task.
            futures = runner.map(parse_batch_task, {  # type: ignore[arg-type]
                "settings": unmapped(settings), "batch": list(range(len(plan.batches))),
                "documents": plan.batches})
            for future in as_completed(futures):  # progress as batches end, in any order
                batch = future.result(raise_on_failure=False)
                if isinstance(batch, BatchResult):
                    run_progress.current().advance("parsed", batch.reports + batch.errors)
            return [*futures.result(), plan.cached]


@flow(name="xxgk-parse")
def parse_flow(settings: Settings, reparse: bool = False) -> list[BatchResult]:
    return parse_stage(settings, reparse)
