"""Validate task: the GX checkpoints over the whole run, and the run's quality artifacts."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE

from tasks.local_pool import run_in_own_process
from xxgk import run_progress
from xxgk.settings import Settings
from xxgk.stages.validate import ValidateResult, validate_run_with


def _link(uri: str) -> str:
    return uri if "://" in uri else "file://" + uri


@task(name="validate-run", cache_policy=NO_CACHE)
def validate_run_task(settings: Settings) -> ValidateResult:
    run_progress.current().start("checked")
    # With the process runner, in a process of its own (see run_in_own_process); the other
    # runners keep the flow's process, as their workers are not ours to start.
    result = (run_in_own_process(validate_run_with, settings) if settings.runner == "processes"
              else validate_run_with(settings))
    run_progress.current().finish("checked", result.reports)
    create_markdown_artifact(result.summary_markdown, key="xxgk-quality-summary",
                             description="Quality of this run: counts, failing checks, trend")
    if result.failing_reports:
        create_table_artifact(result.failing_reports, key="xxgk-failing-reports",
                              description="Reports failing a check (first 500 rows)")
    create_link_artifact(_link(result.data_docs_uri), link_text="Data Docs",
                         key="xxgk-data-docs")
    create_link_artifact(_link(result.review_page_uri), link_text="Review site",
                         key="xxgk-review-site")
    get_run_logger().info("validate: %s; Data Docs at %s; review site at %s",
                          result.status_counts, result.data_docs_uri, result.review_page_uri)
    return result
