"""Runs racing for the lake's lease: exactly one wins, on both backends.

The two-process test (test_two_runs_on_s3.py) shows the whole pipeline; this one fires many
acquisitions at the same instant, at the conditional create and at the takeover of an expired
lease, where a check-then-write would let two runs in.
"""

from __future__ import annotations

import json
import threading

import pytest

from xxgk.stages.lease import LEASE_KEY, LakeBusy, acquire, release

pytestmark = pytest.mark.integration
RACERS = 8


def _race(lake, ttl_seconds: int) -> tuple[list[str], list[str]]:
    start = threading.Barrier(RACERS)
    won, refused = [], []

    def run(number: int) -> None:
        run_id = f"run-{number}"
        start.wait()
        try:
            acquire(lake, run_id, ttl_seconds=ttl_seconds)
            won.append(run_id)
        except LakeBusy as busy:
            assert "holds the lake" in str(busy) or "took over" in str(busy)
            refused.append(run_id)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, refused


def test_of_many_runs_started_at_once_exactly_one_gets_the_lake(lake):
    won, refused = _race(lake, ttl_seconds=3600)
    assert len(won) == 1 and len(refused) == RACERS - 1
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == won[0]


def test_of_many_runs_taking_over_an_expired_lease_exactly_one_succeeds(lake):
    # A lease whose heartbeat stopped a minute ago: expired beyond the allowed clock skew.
    acquire(lake, "crashed", ttl_seconds=-60)
    won, refused = _race(lake, ttl_seconds=3600)
    assert len(won) == 1 and len(refused) == RACERS - 1
    holder = json.loads(lake.store.get(LEASE_KEY))["run_id"]
    assert holder == won[0]
    release(lake, holder)
    assert not lake.exists(LEASE_KEY)
