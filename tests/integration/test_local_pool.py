"""The local process pool behind the ``processes`` runner: real worker processes, shared by
nested users, replaced after a worker dies."""

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from tasks import local_pool
from tasks.local_pool import local_pool as pool_for
from tasks.local_pool import run_in_pool
from xxgk.settings import Settings

pytestmark = pytest.mark.integration

SETTINGS = Settings(lake="unused", runner="processes", workers=1)


def pid() -> int:
    return os.getpid()


def die() -> None:
    os._exit(9)  # a worker killed mid-batch (OOM killer, kill -9)


def test_jobs_run_in_a_worker_process_shared_while_the_pool_is_held():
    with pool_for(SETTINGS):
        first = run_in_pool(SETTINGS, pid)
        with pool_for(SETTINGS):  # nested use (pipeline -> parse flow) shares the pool
            second = run_in_pool(SETTINGS, pid)
        assert local_pool._pool is not None  # the inner user did not stop it
    assert first == second != os.getpid()
    assert local_pool._pool is None  # the outermost user stopped it


def test_a_dead_worker_fails_one_call_and_the_next_gets_fresh_workers():
    with pool_for(SETTINGS):
        before = run_in_pool(SETTINGS, pid)
        with pytest.raises(BrokenProcessPool):
            run_in_pool(SETTINGS, die)
        after = run_in_pool(SETTINGS, pid)  # what a task's retry does
    assert after != before


def test_other_runners_start_no_pool():
    with pool_for(Settings(lake="unused", runner="threads")):
        assert local_pool._pool is None


def fail() -> None:
    raise ValueError("a validate that went wrong")


def test_a_call_in_its_own_process_returns_its_result_or_raises_its_error():
    first = local_pool.run_in_own_process(pid)
    second = local_pool.run_in_own_process(pid)
    assert os.getpid() != first != second  # a new process each time, ended after the call
    with pytest.raises(ValueError, match="went wrong"):
        local_pool.run_in_own_process(fail)
