"""Publish task: one release per run."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.publish import PublishResult, publish_run
from xxgk.storage import open_lake


@task(name="publish-release", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE)
def publish_release_task(settings: Settings, source_counts: dict[str, int] | None = None
                         ) -> PublishResult:
    run_progress.current().start("published")
    result = publish_run(open_lake(settings), settings.run_id, source_counts=source_counts)
    run_progress.current().finish("published", result.row_counts.get("reports", 0))
    if result.unchanged:
        get_run_logger().info("publish: nothing new in this run; release %s stays current",
                              result.release_id)
    else:
        get_run_logger().info("publish: release %s, rows %s", result.release_id,
                              result.row_counts)
    return result
