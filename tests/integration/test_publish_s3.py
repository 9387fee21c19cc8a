"""Publishing on an S3 server (moto on 127.0.0.1): interrupted and racing publishes; the
tables derived from the reports."""

import hashlib
import io
import json

import boto3
import polars as pl
import pytest

from tests.unit.test_publish import _organ_tables, _stage, _tables
from xxgk.settings import Settings
from xxgk.stages.publish import (
    LATEST_POINTER,
    PublishConflict,
    current_release,
    latest_key,
    publish_run,
    read_release,
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


def test_release_on_s3_holds_the_agencies_of_its_reports(lake, s3_endpoint, s3_bucket):
    _stage(lake, "run1", _organ_tables([("r1", "淄川区科技局", 2019),
                                        ("r2", "湖北省交通运输厅", 2019),
                                        ("r3", "市财政局", 2019)]))  # no agency_id
    publish_run(lake, "run1")
    _stage(lake, "run2", _organ_tables([("r4", "淄博市淄川区科学技术局", 2020),
                                        ("r5", "湖北省交通运输厅", 2021)]))
    publish_run(lake, "run2")

    # Read back with plain boto3, as a BI tool would, not through our lake.
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")

    def parquet(key: str) -> pl.DataFrame:
        body = client.get_object(Bucket=s3_bucket, Key=f"x/{key}")["Body"].read()
        return pl.read_parquet(io.BytesIO(body))

    table = parquet("curated/releases/run2/agencies.parquet")
    reports = parquet("curated/releases/run2/reports.parquet")
    assert parquet(latest_key("agencies")).equals(table)
    identified = reports.filter(pl.col("agency_id").is_not_null())
    assert sorted(table["agency_id"]) == sorted(set(identified["agency_id"]))
    for row in table.iter_rows(named=True):
        own = identified.filter(pl.col("agency_id") == row["agency_id"])
        assert row["report_count"] == own.height
        assert row["first_report_year"] == own["report_year"].min()
        assert row["last_report_year"] == own["report_year"].max()
        assert row["names_seen"] == sorted(set(own["agency"]))
        assert row["region_code"] == own["region_code"][0]
    by_name = {r["agency_name"]: r for r in table.iter_rows(named=True)}
    assert set(by_name) == {"淄博市淄川区科学技术局", "湖北省交通运输厅"}
    assert by_name["湖北省交通运输厅"]["report_count"] == 2
    assert by_name["湖北省交通运输厅"]["admin_level"] == "province"

    manifest = json.loads(client.get_object(
        Bucket=s3_bucket, Key="x/curated/releases/run2/manifest.json")["Body"].read())
    entry = manifest["tables"]["agencies"]
    assert entry["rows"] == 2
    body = client.get_object(Bucket=s3_bucket, Key=f"x/{entry['key']}")["Body"].read()
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
