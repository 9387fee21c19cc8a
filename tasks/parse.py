"""Parse tasks: plan the batches once, then one task per batch of documents."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.local_pool import run_in_pool
from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.parse import BatchResult, parse_batch, parse_batch_with
from xxgk.stages.plan import ParsePlan, plan_parse
from xxgk.storage import open_lake


@task(name="plan-parse", cache_policy=NO_CACHE)
def plan_parse_task(settings: Settings, reparse: bool = False) -> ParsePlan:
    plan = plan_parse(open_lake(settings), settings.run_id, settings.batch_size,
                      reparse=reparse)
    get_run_logger().info("parse plan: %d documents to parse in %d batches, %d cached",
                          plan.to_parse, len(plan.batches), plan.cached.cached)
    run_progress.current().start("parsed", plan.to_parse)
    return plan


@task(name="parse-batch", retries=1, retry_delay_seconds=10, cache_policy=NO_CACHE)
def parse_batch_task(settings: Settings, batch: int, documents: list[dict]) -> BatchResult:
    if settings.runner == "processes":  # this thread waits; a local worker process parses
        result = run_in_pool(settings, parse_batch_with, settings, batch, documents)
    else:
        result = parse_batch(open_lake(settings), settings.run_id, batch, documents)
    get_run_logger().info("parse batch %d: %d reports, %d facts, %d errors", batch,
                          result.reports, result.facts, result.errors)
    return result
