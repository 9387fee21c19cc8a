"""The lake's lease on a local lake: who may take it, heartbeat, fencing, unlock.

Holders that are gone are real processes that ended (a ``sleep`` killed and reaped); the
processes of other tests (a frozen holder, a killed ``xxgk run``, S3) are in
tests/reliability/test_lease_takeover.py.
"""

import dataclasses
import datetime as dt
import json
import os
import subprocess
import time

import pytest

from tests.unit.test_publish import _stage, _tables
from xxgk.settings import Settings
from xxgk.stages.lease import (
    LEASE_KEY,
    LakeBusy,
    LeaseLost,
    acquire,
    held_lease,
    holding,
    release,
    unlock,
)
from xxgk.stages.lease_holder import (
    Holder,
    ProcessState,
    process_started,
    process_state,
    this_process,
)
from xxgk.stages.lease_record import LeaseRecord, judge
from xxgk.stages.publish import LATEST_POINTER, publish_run
from xxgk.storage import open_lake

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def _lake(tmp_path):
    return open_lake(Settings(lake=str(tmp_path)))


def _holder_record(holder: Holder, *, run_id="dead-run", renewed_ago=0.0, ttl=120.0,
                   now=None) -> LeaseRecord:
    now = now or dt.datetime.now(dt.UTC)
    renewed = now - dt.timedelta(seconds=renewed_ago)
    return LeaseRecord(run_id=run_id, token="t0", holder=holder, acquired_at=renewed,
                       renewed_at=renewed, ttl_seconds=ttl)


@pytest.fixture
def gone_holder() -> Holder:
    """This host's identity with the pid and start time of a process that has ended."""
    child = subprocess.Popen(["sleep", "30"])
    started = process_started(child.pid)
    child.kill()
    child.wait()
    assert started is not None and process_started(child.pid) is None
    return dataclasses.replace(this_process(), pid=child.pid, process_started=started)


def test_second_run_stops_with_a_clear_message(tmp_path):
    lake = _lake(tmp_path)
    first = acquire(lake, "run-a")
    with pytest.raises(LakeBusy, match="run run-a holds the lake") as busy:
        acquire(lake, "run-b")
    assert f"pid {os.getpid()}" in str(busy.value) and "its process runs" in str(busy.value)
    assert "\n" not in str(busy.value)
    assert acquire(lake, "run-a") is first  # the holder's process may take it again
    release(lake, "run-b")  # not the holder: nothing happens
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "run-a"
    release(lake, "run-a")
    assert not lake.exists(LEASE_KEY) and held_lease(lake, "run-a") is None
    acquire(lake, "run-b")
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "run-b"
    release(lake, "run-b")


def test_the_lease_names_its_holder(tmp_path):
    lake = _lake(tmp_path)
    acquire(lake, "run-a", ttl_seconds=90, flow_run_id="f-1")
    record = json.loads(lake.store.get(LEASE_KEY))
    me = this_process()
    assert record["holder"] == dataclasses.asdict(me) and me.pid == os.getpid()
    assert record["flow_run_id"] == "f-1" and record["ttl_seconds"] == 90
    assert me.process_started == process_started(os.getpid())
    release(lake, "run-a")


def test_a_dead_process_on_this_host_is_taken_over_at_once(tmp_path, gone_holder):
    lake = _lake(tmp_path)
    lake.store.put(LEASE_KEY, _holder_record(gone_holder).to_json())  # fresh, TTL 2 minutes
    lease = acquire(lake, "next")
    line = lease.report_takeover()
    assert line.startswith("run next took over the lake") and "run dead-run" in line
    assert f"its process {gone_holder.pid} on {gone_holder.host} is gone" in line
    assert lease.report_takeover() is None  # reported once
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "next"
    release(lake, "next")


def test_a_reused_pid_is_not_the_holder():
    me = this_process()
    reused = dataclasses.replace(me, process_started=str(int(me.process_started) - 1))
    assert process_state(me, me) is ProcessState.RUNNING
    assert process_state(reused, me) is ProcessState.GONE
    elsewhere = dataclasses.replace(me, host="other", host_id="another-boot/pid:[1]")
    assert process_state(elsewhere, me) is ProcessState.UNKNOWN


def test_expiry_allows_the_stated_clock_skew_and_no_more():
    other = Holder("other", "another-boot/pid:[1]", 4242, "123")
    here = this_process()

    def verdict(renewed_ago, state=None):
        return judge(_holder_record(other, renewed_ago=renewed_ago, ttl=120, now=NOW),
                     now=NOW, here=here, clock_skew_seconds=10,
                     flow_run_state=(lambda _id: state) if state else None)

    assert not verdict(129).is_stale  # within TTL + skew
    assert verdict(131).is_stale and "131 s old (TTL 120 s + 10 s" in verdict(131).why
    assert not verdict(-5).is_stale and "expires in 135 s" in verdict(-5).why
    ahead = verdict(-60)  # dated a minute ahead: the clocks disagree beyond the stated skew
    assert not ahead.is_stale and "beyond the 10 s allowed skew" in ahead.why


def test_a_flow_run_that_is_over_makes_the_lease_stale():
    other = Holder("other", "another-boot/pid:[1]", 4242, "123")
    record = dataclasses.replace(_holder_record(other, now=NOW), flow_run_id="child",
                                 root_flow_run_id="root")
    states = {"child": "RUNNING", "root": "CRASHED"}
    verdict = judge(record, now=NOW, here=this_process(), clock_skew_seconds=10,
                    flow_run_state=states.get)
    assert verdict.is_stale and verdict.why == "its Prefect flow run root is crashed"
    states["root"] = "RUNNING"
    assert not judge(record, now=NOW, here=this_process(), clock_skew_seconds=10,
                     flow_run_state=states.get).is_stale


def test_the_heartbeat_keeps_a_short_lease_fresh(tmp_path):
    lake = _lake(tmp_path)
    with holding(lake, "alive", ttl_seconds=0.4, clock_skew_seconds=0) as lease:
        first = lease.record.renewed_at
        time.sleep(1.0)  # more than twice the TTL
        with pytest.raises(LakeBusy, match="run alive holds the lake"):
            acquire(lake, "newcomer", clock_skew_seconds=0)
        assert lease.record.renewed_at > first
        stored = LeaseRecord.from_json(lake.store.get(LEASE_KEY))
        assert stored.token == lease.record.token and stored.renewed_at > first
    assert not lake.exists(LEASE_KEY)


def test_a_renewal_whose_version_was_never_read_back_is_still_ours(tmp_path):
    lake = _lake(tmp_path)
    lease = acquire(lake, "run-a")
    lease.renew()
    lease.version = "version before the last renewal"  # its read-back failed (store error)
    lease.confirm()
    assert lease.lost_to is None
    assert LeaseRecord.from_json(lake.store.get(LEASE_KEY)).token == lease.record.token
    release(lake, "run-a")
    assert not lake.exists(LEASE_KEY)


def test_a_run_that_lost_the_lake_does_not_publish(tmp_path):
    lake = _lake(tmp_path)
    _stage(lake, "run1", _tables(["a"]))
    publish_run(lake, "run1")
    _stage(lake, "run2", _tables(["b"]))
    lease = acquire(lake, "run2")

    def taken_while_building():  # e.g. `xxgk unlock --force` from another terminal
        assert unlock(lake, force=True).removed.run_id == "run2"
        acquire(lake, "run3")

    with pytest.raises(LeaseLost, match="run run2 lost the lake .* to run run3"):
        publish_run(lake, "run2", before_pointer_swap=taken_while_building,
                    fence=lease.confirm)
    assert lake.read_json(LATEST_POINTER)["release_id"] == "run1"
    release(lake, "run2")  # a lost lease is not removed: it is run3's now
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "run3"
    release(lake, "run3")


def test_unlock_refuses_a_live_holder_and_removes_a_dead_one(tmp_path, gone_holder):
    lake = _lake(tmp_path)
    assert unlock(lake).why == "there is no lease"
    acquire(lake, "alive")
    with pytest.raises(LakeBusy, match="not unlocked: run alive holds the lake"):
        unlock(lake)
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "alive"
    release(lake, "alive")

    lake.store.put(LEASE_KEY, _holder_record(gone_holder).to_json())
    done = unlock(lake)
    assert done.removed.run_id == "dead-run" and "is gone" in done.why
    assert not lake.exists(LEASE_KEY)


def test_a_lease_of_an_earlier_version_is_read_and_expires(tmp_path):
    lake = _lake(tmp_path)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=7)
    lake.store.put(LEASE_KEY, json.dumps({
        "run_id": "old", "acquired_at": old.isoformat(),
        "expires_at": (old + dt.timedelta(hours=6)).isoformat()}).encode())
    lease = acquire(lake, "new")
    assert "run old" in lease.report_takeover()
    release(lake, "new")
