"""Publishing on an S3 server (moto on 127.0.0.1): interrupted and racing publishes."""

import polars as pl
import pytest

from tests.unit.test_publish import _stage, _tables
from xxgk.settings import Settings
from xxgk.stages.publish import (
    LATEST_POINTER, PublishConflict, current_release, latest_key, publish_run, read_release,
)
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration


@pytest.fixture
def lake(s3_endpoint, s3_bucket):
    return open_lake(Settings(lake=f"s3://{s3_bucket}/x", s3_endpoint_url=s3_endpoint))


def test_racing_publishes_one_wins_the_other_fails_cleanly(lake):
    _stage(lake, "base", _tables(["a"]))
    publish_run(lake, "base")
    _stage(lake, "slow", _tables(["b"]))
    _stage(lake, "fast", _tables(["c"]))

    def fast_publish_in_between():
        publish_run(lake, "fast")

    with pytest.raises(PublishConflict, match="run publish again"):
        publish_run(lake, "slow", before_pointer_swap=fast_publish_in_between)
    assert current_release(lake) == "fast"
    latest = lake.read_frame(latest_key("reports"))
    assert sorted(latest["report_id"]) == ["a", "c"]  # nothing of the loser is visible
    assert read_release(lake, "fast")["reports"].height == 2
    assert read_release(lake, "base")["reports"].height == 1
    # The loser can simply publish again, on top of the winner.
    publish_run(lake, "slow")
    assert sorted(lake.read_frame(latest_key("reports"))["report_id"]) == ["a", "b", "c"]


def test_first_publish_race_on_an_empty_lake(lake):
    _stage(lake, "one", _tables(["a"]))
    _stage(lake, "two", _tables(["b"]))
    with pytest.raises(PublishConflict):
        publish_run(lake, "one", before_pointer_swap=lambda: publish_run(lake, "two"))
    assert current_release(lake) == "two"


def test_interrupted_publish_keeps_previous_release_readable(lake):
    _stage(lake, "run1", _tables(["a", "b"]))
    publish_run(lake, "run1")
    pointer_before = lake.store.get(LATEST_POINTER)
    _stage(lake, "run2", _tables(["c"]))
    with pytest.raises(RuntimeError):
        publish_run(lake, "run2", fail_before_manifest=True)
    assert lake.store.get(LATEST_POINTER) == pointer_before
    assert lake.read_frame(latest_key("reports")).height == 2
    assert isinstance(read_release(lake, "run1")["facts"], pl.DataFrame)
