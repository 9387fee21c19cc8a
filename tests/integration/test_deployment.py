"""prefect.yaml's deployment, created against a local Prefect server and run once by a process
worker (`prefect worker start --run-once`), publishes a release."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _prefect(args: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([PREFECT, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def test_deployment_runs_once_on_a_process_worker(prefect_server, tmp_path):
    from prefect.settings import PREFECT_API_URL

    lake = tmp_path / "lake"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "XXGK_HOME": str(ROOT),
           "XXGK_LAKE": str(lake), "PREFECT_HOME": str(tmp_path / "prefect-home")}
    _prefect(["work-pool", "create", "xxgk-process", "--type", "process", "--overwrite"], env)
    _prefect(["--no-prompt", "deploy", "--name", "nightly"], env)
    sample = ROOT / "xxgk" / "sample_corpus"
    _prefect(["deployment", "run", "xxgk-scheduled-pipeline/nightly",
              "--param", f"source={sample}", "--param", "batch_size=5"], env)
    _prefect(["worker", "start", "--pool", "xxgk-process", "--run-once"], env, timeout=600)

    reports = pl.read_parquet(lake / "curated" / "latest" / "reports.parquet")
    assert reports.height == len([p for p in sample.iterdir() if p.suffix != ".jsonl"])
    assert (lake / "curated" / "LATEST.json").exists()
