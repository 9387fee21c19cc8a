"""Tasks that take and give back the lake's run lease (one pipeline run per lake)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from xxgk.settings import Settings
from xxgk.stages.lease import acquire, release
from xxgk.storage import open_lake


@task(name="acquire-lake-lease", cache_policy=NO_CACHE)
def acquire_lease_task(settings: Settings) -> None:
    acquire(open_lake(settings), settings.run_id)


@task(name="release-lake-lease", cache_policy=NO_CACHE)
def release_lease_task(settings: Settings) -> None:
    release(open_lake(settings), settings.run_id)
