"""The process killed with SIGKILL in the middle of ingest, parse and publish, then rerun.

Every scenario starts from the same lake state as an uninterrupted reference run (a published
base release, then run ``run2`` crawling 11 documents from a loopback site), runs one stage
of run2 in a child process (tests/reliability/stage_driver.py), kills it at a chosen moment,
and runs the rest in this process. While the child runs, the current release is read over and
over: it must stay readable. After the rerun: the raw zone holds every document exactly once,
and the curated tables equal the reference run's (run_id aside).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl
import pytest
import yaml

from tests.reliability.http_faults import ScriptedServer, serve
from tests.reliability.stage_driver import run_stage
from xxgk.generate import generate_reports
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.ingest import read_fetch_log, read_manifest
from xxgk.stages.publish import current_release, latest_key, read_release
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
BASE_REPORTS, RUN2_DOCUMENTS = 3, 11
RUN2 = "run2"


@dataclass
class World:
    snapshots: dict[str, Path]  # lake state after each reference stage
    reference: dict[str, pl.DataFrame]  # curated latest tables after the uninterrupted run
    reference_raw: set[str]
    sources: Path
    server: ScriptedServer
    tmp: Path

    def lake_from(self, snapshot: str, name: str) -> Path:
        target = self.tmp / name
        shutil.copytree(self.snapshots[snapshot], target)
        return target


def _raw_objects(lake_dir: Path) -> list[str]:
    return [p.name for p in (lake_dir / "raw" / "objects").rglob("*")
            if p.is_file() and not p.name.startswith(".tmp-")]


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")] \
        if folder.exists() else []


def _latest(lake_dir: Path) -> dict[str, pl.DataFrame]:
    return {t.name: pl.read_parquet(lake_dir / latest_key(t.name)).drop("run_id", strict=False)
            for t in CURATED_TABLES}


def _run(lake_dir: Path, stage: str, **kw) -> None:
    run_stage(open_lake(Settings(lake=str(lake_dir))), stage, kw.pop("run_id", RUN2),
              source=kw.get("source"), batch_size=kw.get("batch_size", 4), flush_rows=50)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kill")
    base_docs = tmp / "base_docs"
    base_docs.mkdir()
    for report in generate_reports(BASE_REPORTS, seed=62):
        (base_docs / report.filename).write_bytes(report.data)
    bodies = [r.data for r in generate_reports(RUN2_DOCUMENTS - 1, seed=61)]
    bodies.append(b"\x00\xff\xfe junk that cannot be decoded \x00" * 20)
    # A slow site (80 ms an answer), so that a crawl lasts long enough to be killed in.
    routes = {f"/r/{i}.html": [serve(b, delay_seconds=0.08)] for i, b in enumerate(bodies)}
    with ScriptedServer(routes) as server:
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 50, "jitter": 0.0, "retries": 0},
            "sources": [{"name": "site", "urls": [server.base_url + p for p in routes],
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        reference = tmp / "reference"
        for stage in ("ingest", "parse", "validate", "publish"):
            _run(reference, stage, run_id="base", source=str(base_docs))
        snapshots = {}
        for stage in ("ingest", "parse", "validate", "publish"):
            snapshots[stage] = tmp / f"before-{stage}"
            shutil.copytree(reference, snapshots[stage])
            _run(reference, stage, source=str(sources))
        yield World(snapshots, _latest(reference), set(_raw_objects(reference)), sources,
                    server, tmp)


@dataclass
class Killed:
    returncode: int
    seconds: float
    release_reads: int  # times the current release was read in full while the child ran


def _read_current_release(lake_dir: Path) -> None:
    lake = open_lake(Settings(lake=str(lake_dir)))
    release = read_release(lake, current_release(lake))
    assert release["reports"].height >= BASE_REPORTS
    for table in CURATED_TABLES:
        pl.read_parquet(lake_dir / latest_key(table.name))


class _ReleaseReader(threading.Thread):
    """Reads the current release in full, over and over, until stopped."""

    def __init__(self, lake_dir: Path):
        super().__init__(daemon=True)
        self.lake_dir = lake_dir
        self.reads = 0
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                _read_current_release(self.lake_dir)
                self.reads += 1
            except Exception as exc:  # any failure to read is what this thread looks for
                self.failures.append(repr(exc))
            time.sleep(0.01)


def _run_and_kill(lake_dir: Path, stage: str, kill_when: Callable[[], bool], *args: str
                  ) -> Killed:
    started = time.monotonic()
    reader = _ReleaseReader(lake_dir)
    reader.start()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.stage_driver", stage, "--lake", str(lake_dir),
         "--run-id", RUN2, *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while child.poll() is None and time.monotonic() - started < 60:
            if kill_when():
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        reader.stop.set()
        reader.join()
    assert child.returncode == -signal.SIGKILL, (
        f"{stage} was not killed half-way (exit {child.returncode}): {err.decode()[-2000:]}")
    assert not reader.failures, reader.failures[:3]  # the previous release, readable throughout
    return Killed(child.returncode, time.monotonic() - started, reader.reads)


def _assert_complete_and_equal(world: World, lake_dir: Path) -> None:
    raw = _raw_objects(lake_dir)
    assert len(raw) == len(set(raw)) == BASE_REPORTS + RUN2_DOCUMENTS
    assert set(raw) == world.reference_raw
    latest = _latest(lake_dir)
    for name, frame in world.reference.items():
        assert frame.equals(latest[name]), name
    lake = open_lake(Settings(lake=str(lake_dir)))
    release = read_release(lake, current_release(lake))
    assert release["reports"].drop("run_id").equals(world.reference["reports"])


def test_killed_ingest_resumes_and_loses_nothing(world):
    lake_dir = world.lake_from("ingest", "ingest-killed")
    hits_before = dict(world.server.stats.hits)
    killed = _run_and_kill(lake_dir, "ingest",
                           lambda: len(_raw_objects(lake_dir)) >= BASE_REPORTS + 4,
                           "--source", str(world.sources), "--flush-rows", "2")
    raw_at_kill = len(_raw_objects(lake_dir))
    lake = open_lake(Settings(lake=str(lake_dir)))
    logged_at_kill = set(read_fetch_log(lake, RUN2).filter(
        pl.col("raw_sha256").is_not_null())["url"])
    assert BASE_REPORTS + 4 <= raw_at_kill < BASE_REPORTS + RUN2_DOCUMENTS
    assert not (lake_dir / "staging" / RUN2 / "ingest").exists()  # no manifest yet
    assert killed.release_reads > 0
    hits_killed = dict(world.server.stats.hits)

    for stage in ("ingest", "parse", "validate", "publish"):
        _run(lake_dir, stage, source=str(world.sources))
    # At least once: what the killed run had logged is not fetched again; the rest is.
    again = {p for p, n in world.server.stats.hits.items() if n > hits_killed.get(p, 0)
             and p.startswith("/r/")}
    documents = {f"/r/{i}.html" for i in range(RUN2_DOCUMENTS)}
    logged = {u.removeprefix(world.server.base_url) for u in logged_at_kill}
    assert logged and again == documents - logged
    assert all(world.server.stats.hits[p] > hits_before.get(p, 0) for p in documents)
    assert read_manifest(lake, RUN2).height == RUN2_DOCUMENTS
    _assert_complete_and_equal(world, lake_dir)
    print(f"ingest killed: {raw_at_kill} raw objects and {len(logged_at_kill)} logged fetches "
          f"at the kill; after the rerun {len(_raw_objects(lake_dir))} raw objects, 0 lost")


def test_killed_parse_rerun_with_another_batch_size_gives_the_same_release(world):
    lake_dir = world.lake_from("parse", "parse-killed")
    parse_dir = lake_dir / "staging" / RUN2 / "parse"
    killed = _run_and_kill(lake_dir, "parse", lambda: len(_files(parse_dir)) >= 25,
                           "--batch-size", "2", "--put-delay", "0.03")
    staged_at_kill = len(_files(parse_dir))
    assert 25 <= staged_at_kill < 6 * 6 and killed.release_reads > 0
    for stage in ("parse", "validate", "publish"):  # batches of 4 now, not 2
        _run(lake_dir, stage, batch_size=4)
    _assert_complete_and_equal(world, lake_dir)
    print(f"parse killed with {staged_at_kill} staging files written; after the rerun "
          f"{len(_files(parse_dir))}")


def _pointer(lake_dir: Path) -> str | None:
    try:
        return json.loads((lake_dir / "curated" / "LATEST.json").read_text())["release_id"]
    except (OSError, ValueError):
        return None


PUBLISH_KILL_POINTS = {
    "after-two-release-files": (lambda d: len(_files(d / "curated" / "releases" / RUN2)) >= 2,
                                "base"),
    "after-the-manifest": (lambda d: (d / "curated/releases" / RUN2 / "manifest.json").exists(),
                           "base"),
    "after-the-pointer-swap": (lambda d: _pointer(d) == RUN2, RUN2),
}


@pytest.mark.parametrize("point", sorted(PUBLISH_KILL_POINTS))
def test_killed_publish_keeps_a_readable_release_and_a_rerun_completes(world, point):
    kill_when, current_after_kill = PUBLISH_KILL_POINTS[point]
    lake_dir = world.lake_from("publish", f"publish-killed-{point}")
    killed = _run_and_kill(lake_dir, "publish", lambda: kill_when(lake_dir),
                           "--put-delay", "0.05")
    assert killed.release_reads > 0
    assert _pointer(lake_dir) == current_after_kill
    _read_current_release(lake_dir)
    _run(lake_dir, "publish")
    _assert_complete_and_equal(world, lake_dir)
