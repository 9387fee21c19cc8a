"""Validate task: the GX checkpoints over the whole run."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk.settings import Settings
from xxgk.stages.validate import ValidateResult, validate_run
from xxgk.storage import open_lake


@task(name="validate-run", cache_policy=NO_CACHE, tags=["xxgk", "validate"])
def validate_run_task(settings: Settings) -> ValidateResult:
    result = validate_run(open_lake(settings), settings.run_id)
    get_run_logger().info("validate: %s; Data Docs at %s", result.status_counts,
                          result.data_docs_uri)
    return result
