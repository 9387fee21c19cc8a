"""Fixtures shared by the reliability tests: the same lake on both backends."""

from __future__ import annotations

import itertools

import pytest

from xxgk.settings import Settings
from xxgk.storage import open_lake

_BUCKET_NUMBERS = itertools.count()


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path):
    """A fresh lake: a local folder, then a bucket on the S3 server (moto on loopback)."""
    if request.param == "local":
        return open_lake(Settings(lake=str(tmp_path / "lake")))
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"lake-reliability-{next(_BUCKET_NUMBERS)}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
        Bucket=bucket)
    return open_lake(Settings(lake=f"s3://{bucket}/lake", s3_endpoint_url=endpoint))
