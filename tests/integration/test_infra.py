"""infra/compose.yaml is a valid compose file (checked with docker-compose 1.29.2 in its own
throwaway virtual environment: there is no Docker engine here) and prefect.yaml parses.

uv, which scripts/bootstrap.sh installs, makes that environment: from its cache in a few
seconds, where pip took about fifteen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_validates(tmp_path):
    uv = shutil.which("uv")
    assert uv, "uv is installed by scripts/bootstrap.sh"
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("cython<3\n")  # PyYAML 5.4 (needed by compose 1.29) builds with it
    env = {**os.environ, "UV_BUILD_CONSTRAINT": str(constraints)}
    subprocess.run([uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                    "docker-compose==1.29.2"], check=True, env=env, timeout=600)
    result = subprocess.run(
        [str(venv / "bin" / "docker-compose"), "-f", str(ROOT / "infra" / "compose.yaml"),
         "config", "-q"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "MINIO_ROOT_PASSWORD": "x" * 12})
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load((ROOT / "infra" / "compose.yaml").read_text())["services"]
    assert {"postgres", "prefect-server", "minio", "minio-init", "worker"} <= set(services)


def test_prefect_yaml_declares_scheduled_non_overlapping_deployments():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    nightly = {d["name"]: d for d in spec["deployments"]}["nightly"]
    assert {s["timezone"] for s in nightly["schedules"]} == {"Asia/Shanghai"}
    assert [s["cron"].split()[3] for s in nightly["schedules"]] == ["1-3", "4-12"]
    assert nightly["concurrency_limit"]["limit"] == 1
    assert nightly["entrypoint"] == "flows/scheduled.py:scheduled_pipeline_flow"


def test_fetching_tasks_carry_the_tag_the_concurrency_limit_uses():
    from tasks.ingest import FETCH_TAG, ingest_batch_task, ingest_source_task

    compose = (ROOT / "infra" / "compose.yaml").read_text()
    assert f"concurrency-limit create {FETCH_TAG} " in compose
    for fetching in (ingest_source_task, ingest_batch_task):
        assert FETCH_TAG in fetching.tags
