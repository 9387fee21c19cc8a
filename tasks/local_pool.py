"""A local process pool for the CPU-bound parse batches, started once per flow run.

With the ``processes`` runner, parse batches stay Prefect tasks (states, retries, logs) run
from threads of the flow's process, and each hands its documents to a worker of this pool.
The workers import only the domain package: no Prefect client, no API connection, no task
engine of their own. They are started while ingest runs and serve every batch of the run.
(Prefect's ProcessPoolTaskRunner started workers that each imported Prefect and reported
their own task states, and stopped them at the end of the parse flow: seconds per run.)
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from xxgk.settings import Settings
from xxgk.stages.parse import warm_up

T = TypeVar("T")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_users = 0


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: forking a process whose polars (or Prefect) threads are running can
    # deadlock the child.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers):
        pool.submit(warm_up)  # start the workers and their imports now, in the background
    return pool


@contextmanager
def local_pool(settings: Settings) -> Iterator[None]:
    """Keep a pool of ``settings.workers`` processes for the duration (nested uses share one;
    the outermost stops it). Does nothing unless the runner is ``processes``."""
    global _pool, _users
    if settings.runner != "processes":
        yield
        return
    with _lock:
        if _pool is None:
            _pool = _new_pool(settings.worker_count)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            pool = _pool if _users == 0 else None
            if pool is not None:
                _pool = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def run_in_own_process(fn: Callable[..., T], *args: object) -> T:
    """Run ``fn(*args)`` in a new process that ends with the call, so that all the memory the
    call used goes back to the system. For validate: Great Expectations' import and pandas
    copies would otherwise stay in the flow's process through publish (at 100,000 documents
    several hundred MiB that malloc does not give back)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def run_in_pool(settings: Settings, fn: Callable[..., T], *args: object) -> T:
    """Run ``fn(*args)`` in a worker (starting a pool for this call if none is running)."""
    global _pool
    with local_pool(settings):
        with _lock:
            pool = _pool
        assert pool is not None
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): replace the pool so that the task's retry
            # runs on fresh workers, and let this attempt fail.
            with _lock:
                if _pool is pool:
                    _pool = _new_pool(settings.worker_count)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
