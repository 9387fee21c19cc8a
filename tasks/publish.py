"""Publish task: one release per run."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.lease import LeaseLost, held_lease
from xxgk.stages.publish import PublishResult, publish_run
from xxgk.storage import open_lake


def _unless_lease_lost(task, task_run, state) -> bool:
    """Retry a failed publish, but not one stopped because the run lost the lake."""
    return not isinstance(state.data, LeaseLost)


@task(name="publish-release", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE,
      retry_condition_fn=_unless_lease_lost)
def publish_release_task(settings: Settings, source_counts: dict[str, int] | None = None
                         ) -> PublishResult:
    run_progress.current().start("published")
    lake = open_lake(settings)
    # Within a pipeline run the lease is held: the release becomes current only if it still is.
    lease = held_lease(lake, settings.run_id)
    result = publish_run(lake, settings.run_id, source_counts=source_counts,
                         fence=lease.confirm if lease is not None else None)
    run_progress.current().finish("published", result.row_counts.get("reports", 0))
    if result.unchanged:
        get_run_logger().info("publish: nothing new in this run; release %s stays current",
                              result.release_id)
    else:
        get_run_logger().info("publish: release %s, rows %s", result.release_id,
                              result.row_counts)
    return result
