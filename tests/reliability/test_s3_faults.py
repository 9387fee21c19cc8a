"""S3 errors during publish, injected by a proxy in front of the S3 server (moto on loopback).

Real S3 traffic through boto3: the proxy forwards every request and fails only the chosen
PUTs (tests/reliability/s3_fault_proxy.py). Whatever fails, the previous release stays the
current one and readable, and publishing again gives the release an uninterrupted publish
gives.
"""

from __future__ import annotations

import boto3
import polars as pl
import pytest

from tests.reliability.s3_fault_proxy import FaultRule, S3FaultProxy
from tests.unit.test_publish import _stage, _tables
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.publish import (
    LATEST_POINTER,
    current_release,
    latest_key,
    publish_run,
    read_release,
)
from xxgk.stages.releases import list_releases
from xxgk.storage import ConditionFailed, open_lake

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def s3_bucket(s3_endpoint):
    """One bucket for this module; each test works under its own prefix."""
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(
        Bucket="lake-s3-faults")
    return "lake-s3-faults"


@pytest.fixture
def proxy(s3_endpoint):
    with S3FaultProxy(s3_endpoint) as running:
        yield running


def _lakes(bucket: str, endpoint: str, proxy: S3FaultProxy, prefix: str):
    """The same lake seen through the faulty proxy and directly."""
    uri = f"s3://{bucket}/{prefix}"
    return (open_lake(Settings(lake=uri, s3_endpoint_url=proxy.url)),
            open_lake(Settings(lake=uri, s3_endpoint_url=endpoint)))


def _prepare(lake) -> None:
    _stage(lake, "base", _tables(["a", "b"], 2019))
    publish_run(lake, "base")
    _stage(lake, "run2", _tables(["b", "c"], 2021))


def _latest_tables(lake) -> dict[str, pl.DataFrame]:
    return {t.name: lake.read_frame(latest_key(t.name)).drop("run_id", strict=False)
            for t in CURATED_TABLES}


@pytest.fixture(scope="module")
def reference(s3_bucket, s3_endpoint):
    """The tables an uninterrupted publish of the same runs gives (same bucket, own prefix)."""
    lake = open_lake(Settings(lake=f"s3://{s3_bucket}/reference", s3_endpoint_url=s3_endpoint))
    _prepare(lake)
    publish_run(lake, "run2")
    return _latest_tables(lake)


def _assert_previous_release_intact(direct) -> None:
    assert current_release(direct) == "base"
    assert sorted(direct.read_frame(latest_key("reports"))["report_id"]) == ["a", "b"]
    assert read_release(direct, "base")["reports"]["report_year"].to_list() == [2019, 2019]


def test_transient_put_errors_are_retried_and_the_release_completes(
        proxy, s3_bucket, s3_endpoint, reference):
    faulty, direct = _lakes(s3_bucket, s3_endpoint, proxy, "transient")
    _prepare(faulty)
    rules = proxy.fail(FaultRule("PUT", "releases/run2/reports.parquet", "503"),
                       FaultRule("PUT", "releases/run2/facts.parquet", "reset_before"),
                       FaultRule("PUT", "latest/facts.parquet", "500"))
    result = publish_run(faulty, "run2")
    assert [r.injected for r in rules] == [1, 1, 1]
    assert result.release_id == "run2" and current_release(direct) == "run2"
    assert _latest_tables(direct).keys() == reference.keys()
    for name, frame in _latest_tables(direct).items():
        assert frame.equals(reference[name]), name


def test_a_put_refused_for_good_fails_the_publish_and_keeps_the_previous_release(
        proxy, s3_bucket, s3_endpoint, reference):
    faulty, direct = _lakes(s3_bucket, s3_endpoint, proxy, "refused")
    _prepare(faulty)
    pointer_before = direct.store.get(LATEST_POINTER)
    (rule,) = proxy.fail(FaultRule("PUT", "releases/run2/facts.parquet", "403", times=None))
    with pytest.raises(Exception, match="AccessDenied"):
        publish_run(faulty, "run2")
    assert rule.injected == 1  # a refusal is not retried
    assert direct.store.get(LATEST_POINTER) == pointer_before
    _assert_previous_release_intact(direct)
    assert [(r.release_id, r.complete) for r in list_releases(direct)] == [
        ("base", True), ("run2", False)]

    proxy.heal()
    again = publish_run(faulty, "run2")
    assert again.release_id == "run2.2"  # the half-written attempt is left alone
    for name, frame in _latest_tables(direct).items():
        assert frame.equals(reference[name]), name


def test_writes_whose_answer_was_lost_count_as_done(proxy, s3_bucket, s3_endpoint, reference):
    """S3 carried out the write, the answer never arrived and boto3 sent it again: the
    conditional create (If-None-Match) and the pointer swap (If-Match) then see their own
    write and are refused with 412. That must not fail the publish."""
    faulty, direct = _lakes(s3_bucket, s3_endpoint, proxy, "lost-answer")
    _prepare(faulty)
    rules = proxy.fail(
        FaultRule("PUT", "releases/run2/quality_results.parquet", "reset_after"),
        FaultRule("PUT", "releases/run2/manifest.json", "reset_after"),
        FaultRule("PUT", LATEST_POINTER, "reset_after"))
    result = publish_run(faulty, "run2")
    assert [r.injected for r in rules] == [1, 1, 1]
    assert result.release_id == "run2" and current_release(direct) == "run2"
    for name, frame in _latest_tables(direct).items():
        assert frame.equals(reference[name]), name


def test_a_retried_conditional_write_that_meets_another_writers_object_still_conflicts(
        proxy, s3_bucket, s3_endpoint):
    """The other side of the rule above: after a retry, a 412 is success only when the object
    holds exactly our bytes."""
    faulty, direct = _lakes(s3_bucket, s3_endpoint, proxy, "conflict")
    direct.store.put("curated/x.json", b"theirs")
    (rule,) = proxy.fail(FaultRule("PUT", "curated/x.json", "reset_before"))
    with pytest.raises(ConditionFailed):
        faulty.store.put("curated/x.json", b"ours", if_absent=True)
    assert rule.injected == 1  # so the 412 came on a retry
    _, version = direct.store.get_versioned("curated/x.json")
    direct.store.put("curated/x.json", b"moved on")
    (rule,) = proxy.fail(FaultRule("PUT", "curated/x.json", "reset_before"))
    with pytest.raises(ConditionFailed):
        faulty.store.swap("curated/x.json", b"ours", version)
    assert rule.injected == 1
    assert direct.store.get("curated/x.json") == b"moved on"
