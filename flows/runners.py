"""Which task runner the CPU-bound stages (parse, validate) use.

``threads`` keeps everything in this process. ``dask`` runs the stages' tasks on a Dask
cluster through prefect-dask: an existing scheduler (``dask_address``) or a local cluster of
``dask_workers`` processes. Tasks exchange only keys and counts; the data goes through the lake,
never through the scheduler.
"""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from xxgk.settings import Settings


def task_runner_for(settings: Settings) -> TaskRunner:
    if settings.runner == "threads":
        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers,
                                          "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})
