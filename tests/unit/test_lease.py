import json

import pytest

from xxgk.settings import Settings
from xxgk.stages.lease import LEASE_KEY, LakeBusy, acquire, release
from xxgk.storage import open_lake


def test_second_run_stops_with_a_clear_message(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    acquire(lake, "run-a")
    with pytest.raises(LakeBusy, match="run run-a holds the lake"):
        acquire(lake, "run-b")
    acquire(lake, "run-a")  # the holder may re-enter
    release(lake, "run-b")  # not the holder: nothing happens
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "run-a"
    release(lake, "run-a")
    acquire(lake, "run-b")
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "run-b"


def test_expired_lease_of_a_dead_run_is_taken_over(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    acquire(lake, "crashed", ttl_seconds=-1)
    acquire(lake, "next")
    assert json.loads(lake.store.get(LEASE_KEY))["run_id"] == "next"
