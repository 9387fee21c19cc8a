from __future__ import annotations

from prefect import flow

from tasks.publish import publish_release_task
from xxgk.settings import Settings
from xxgk.stages.publish import PublishResult


@flow(name="xxgk-publish")
def publish_flow(settings: Settings, source_counts: dict[str, int] | None = None
                 ) -> PublishResult:
    return publish_release_task(settings, source_counts)
