"""Two pipeline runs started at once on one S3 lake, with credentials that must not leak.

Two real processes run the ``xxgk run`` command (Prefect flows, reporting to the test's Prefect
server) on the same ``s3://`` lake, through a pass-through proxy in front of the S3 server
that records which access key signed the requests. Their environment carries distinctive
AWS credentials. One run must publish, the other stop at once with a message naming the run
that holds the lake, leaving nothing behind. Afterwards every object in the bucket, both
processes' output and every log, artifact and flow-run parameter the Prefect server holds are
searched for the secret key and the key id.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass

import boto3
import pytest
import yaml

from tests.reliability.http_faults import ScriptedServer, serve
from tests.reliability.s3_fault_proxy import S3FaultProxy
from xxgk.generate import generate_reports
from xxgk.stages.lease import LEASE_KEY

pytestmark = pytest.mark.integration
ACCESS_KEY_ID = "AKIAXXGKRELIABILITY7"
SECRET_KEY = "xxgkSecret" + secrets.token_hex(12)
PREFIX = "lake"


@dataclass
class Finished:
    run_id: str
    returncode: int
    output: str  # stdout and stderr


@dataclass
class TwoRuns:
    runs: list[Finished]
    bucket: str
    client: object  # boto3 S3 client, straight to the S3 server
    access_key_ids: set[str]

    def objects(self) -> dict[str, bytes]:
        out = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                out[item["Key"]] = self.client.get_object(
                    Bucket=self.bucket, Key=item["Key"])["Body"].read()
        return out

    @property
    def winner(self) -> Finished:
        (run,) = [r for r in self.runs if r.returncode == 0]
        return run

    @property
    def loser(self) -> Finished:
        (run,) = [r for r in self.runs if r.returncode != 0]
        return run


@pytest.fixture(scope="module")
def two_runs(prefect_server, s3_endpoint, tmp_path_factory) -> TwoRuns:
    from prefect.settings import PREFECT_API_URL

    tmp = tmp_path_factory.mktemp("two-runs")
    bucket = "lake-two-runs"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    # Both start together; whichever takes the lease holds it for its whole run (many
    # seconds of flows), so the other one's attempt always meets it.
    reports = list(generate_reports(6, seed=81))
    routes = {f"/r/{i}.html": [serve(r.data)] for i, r in enumerate(reports)}
    with ScriptedServer(routes) as site, S3FaultProxy(s3_endpoint) as proxy:
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 50, "jitter": 0.0, "retries": 0},
            "sources": [{"name": "site", "urls": [site.base_url + p for p in routes],
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
               "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "PREFECT_API_URL": PREFECT_API_URL.value(),
               "XXGK_LAKE": f"s3://{bucket}/{PREFIX}", "XXGK_S3_ENDPOINT_URL": proxy.url}
        run_ids = ["20240101T000000Z-aaaaaa", "20240101T000000Z-bbbbbb"]
        outputs = [tmp / f"{run_id}.out" for run_id in run_ids]
        children = [subprocess.Popen([sys.executable, "-m", "xxgk.cli", "run", "--source",
                                      str(sources)], cwd=tmp,
                                     env={**env, "XXGK_RUN_ID": run_id},
                                     stdout=out.open("wb"), stderr=subprocess.STDOUT)
                    for run_id, out in zip(run_ids, outputs, strict=True)]
        finished = [Finished(run_id, child.wait(timeout=240), out.read_text("utf-8"))
                    for run_id, child, out in zip(run_ids, children, outputs, strict=True)]
        return TwoRuns(finished, bucket, client, set(proxy.state.access_key_ids))


def test_one_run_proceeds_and_the_other_stops_with_a_clear_message(two_runs):
    winner, loser = two_runs.winner, two_runs.loser  # exactly one of each
    assert f"run {winner.run_id} holds the lake" in loser.output, loser.output[-3000:]
    assert "this run stops without changing anything" in loser.output
    assert re.search(rf"release\s+{winner.run_id}: reports 6", winner.output), winner.output
    assert "LakeBusy" not in winner.output


def test_no_interleaved_release_and_nothing_left_by_the_stopped_run(two_runs):
    winner, loser = two_runs.winner, two_runs.loser
    objects = two_runs.objects()
    keys = sorted(objects)
    assert not [k for k in keys if loser.run_id in k]
    releases = {k.split("/")[3] for k in keys if k.startswith(f"{PREFIX}/curated/releases/")}
    assert releases == {winner.run_id}
    pointer = json.loads(objects[f"{PREFIX}/curated/LATEST.json"])
    assert pointer["release_id"] == winner.run_id
    manifest = json.loads(objects[f"{PREFIX}/curated/releases/{winner.run_id}/manifest.json"])
    assert manifest["run_id"] == winner.run_id and manifest["previous_release_id"] is None
    assert manifest["tables"]["reports"]["rows"] == 6
    assert f"{PREFIX}/{LEASE_KEY}" not in keys  # the winner gave the lake back


def _prefect_records() -> list[str]:
    """Every log line, artifact and flow/task-run parameter set the Prefect server holds."""
    from prefect.client.orchestration import get_client

    records: list[str] = []
    with get_client(sync_client=True) as client:
        offset = 0
        while True:
            logs = client.read_logs(limit=200, offset=offset)
            records += [log.model_dump_json() for log in logs]
            if len(logs) < 200:
                break
            offset += 200
        records += [a.model_dump_json() for a in client.read_artifacts(limit=200)]
        records += [r.model_dump_json() for r in client.read_flow_runs(limit=200)]
        records += [r.model_dump_json() for r in client.read_task_runs(limit=200)]
    return records


def test_credentials_appear_in_no_object_output_log_or_artifact(two_runs):
    assert two_runs.access_key_ids == {ACCESS_KEY_ID}  # the runs did sign with these
    objects = two_runs.objects()
    assert len(objects) > 50  # raw documents, logs, staging, quality, Data Docs, release
    records = _prefect_records()
    assert any("publish: release" in r for r in records)  # the runs' logs are in there
    assert any("xxgk-data-docs" in r for r in records)  # and their artifacts
    haystacks = [*objects.values(), *(r.output.encode() for r in two_runs.runs),
                 *(r.encode() for r in records)]
    for needle in (SECRET_KEY, ACCESS_KEY_ID):
        leaks = [h[:200] for h in haystacks if needle.encode() in h]
        assert not leaks, (needle, leaks[:3])
    # The search itself works: it finds the secret where it is planted.
    assert any(SECRET_KEY.encode() in h for h in [*haystacks, f"x{SECRET_KEY}y".encode()])

