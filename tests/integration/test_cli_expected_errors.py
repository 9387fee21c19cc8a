"""Expected conditions end ``xxgk`` with one actionable line on stderr and a documented exit
code, never a traceback; the object store is moto's server on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from xxgk import exit_codes
from xxgk.cli import main
from xxgk.expected_errors import explain
from xxgk.stages.publish import PublishConflict

pytestmark = pytest.mark.integration


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_source_that_does_not_exist_stops_before_the_lake_is_touched(tmp_path, capsys):
    lake = tmp_path / "lake"
    code = main(["run", "--source", str(tmp_path / "nowhere"), "--lake", str(lake)])
    assert code == exit_codes.NO_INPUT == 66
    assert _one_line(capsys) == (f"xxgk run: source '{tmp_path / 'nowhere'}' is neither a "
                                 "sources file, a folder, a file nor a URL: check the path")
    assert not lake.exists()  # no lease taken, nothing written


def test_a_sources_file_that_cannot_be_used_names_every_problem(tmp_path, capsys):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: county\n    urlz: [http://example.invalid/]\n",
                       encoding="utf-8")
    code = main(["ingest", "--source", str(sources), "--lake", str(tmp_path / "lake")])
    assert code == exit_codes.CONFIG == 78
    line = _one_line(capsys)
    assert line.startswith(f"xxgk ingest: sources file {sources} cannot be used: ")
    assert "unknown key 'urlz'" in line and "needs exactly one of" in line


def test_no_ingested_run_and_no_release_are_missing_input(tmp_path, capsys):
    assert main(["parse", "--lake", str(tmp_path)]) == exit_codes.NO_INPUT
    assert _one_line(capsys) == (f"xxgk parse: no ingested run in {tmp_path}: run `xxgk "
                                 "ingest` first or pass --run-id")
    assert main(["sql", "select 1", "--lake", str(tmp_path)]) == exit_codes.NO_INPUT
    assert _one_line(capsys) == f"xxgk sql: no published release in {tmp_path}: run the " \
                                "pipeline first"


def test_a_lake_in_a_bucket_that_does_not_exist(s3_endpoint, capsys):
    code = main(["run", "--lake", "s3://no-such-bucket/lake", "--s3-endpoint-url", s3_endpoint])
    assert code == exit_codes.CONFIG
    assert _one_line(capsys) == ("xxgk run: bucket no-such-bucket does not exist on this "
                                 "object store: create it, or fix --lake or the source")


def test_an_object_store_that_cannot_be_reached_is_unavailable(s3_bucket, capsys):
    code = main(["releases", "--lake", f"s3://{s3_bucket}/lake",
                 "--s3-endpoint-url", f"http://127.0.0.1:{_closed_port()}"])
    assert code == exit_codes.UNAVAILABLE == 69
    line = _one_line(capsys)
    assert line.startswith("xxgk releases: the object store cannot be reached (Could not "
                           "connect to the endpoint URL")
    assert line.endswith("check that it is up and the endpoint (--s3-endpoint-url, "
                         "XXGK_S3_ENDPOINT_URL), then run again")


def test_no_credentials_for_the_object_store(s3_endpoint, s3_bucket, tmp_path):
    # Its own process: boto3's default session in this one has found credentials already.
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("AWS_") or name == "AWS_DEFAULT_REGION"}
    env.update(AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
               AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_EC2_METADATA_DISABLED="true")
    done = subprocess.run([sys.executable, "-m", "xxgk.cli", "unlock", "--lake",
                           f"s3://{s3_bucket}/lake", "--s3-endpoint-url", s3_endpoint],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == exit_codes.NO_PERMISSION == 77
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("xxgk unlock: no S3 credentials (Unable to locate "
                                  "credentials): set AWS_ACCESS_KEY_ID and")


def test_a_publish_overtaken_by_another_is_told_to_run_again():
    code, line = explain(PublishConflict("another publish replaced the current release while "
                                         "release r2 was being built on r1; nothing was "
                                         "changed, run publish again"))
    assert code == exit_codes.LAKE_BUSY
    assert line.endswith("run publish again")


def test_a_bug_keeps_its_traceback():
    assert explain(KeyError("report_id")) is None
    assert explain(FileNotFoundError("a file our own code lost")) is None
