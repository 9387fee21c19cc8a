"""Which task runner the CPU-bound parse batches use. (Validate is one task in the flow's
process: its memory is bounded by chunking, and GX is imported once.)

``threads`` keeps everything in this process (one core for CPU-bound parsing: the GIL).
``processes`` runs the tasks in threads of this process, each handing its batch to a pool of
local worker processes, one per core (``tasks/local_pool.py``). ``dask`` runs the parse tasks
on a Dask cluster through prefect-dask: an existing scheduler (``dask_address``) or a local
cluster of ``workers`` processes. Tasks exchange only keys and counts; the data goes through
the lake, never through the scheduler.
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from xxgk.settings import Settings


def task_runner_for(settings: Settings) -> TaskRunner[Any]:  # futures of either kind
    if settings.runner == "threads":
        return ThreadPoolTaskRunner()
    if settings.runner == "processes":
        return ThreadPoolTaskRunner(max_workers=settings.worker_count)
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": settings.worker_count,
                                          "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})
