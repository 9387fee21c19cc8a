"""A dead or silent holder of the lake's lease is taken over; a live one is not; a run that lost
its lease does not publish. Real processes throughout, on a local lake and on S3.

- An ``xxgk run`` killed with SIGKILL in the middle of ingest (a loopback site holds back one
  document until the kill): while it lived, a second run stopped with one line and exit code
  75 and ``xxgk unlock`` refused; after the kill the next run takes over at once (same host,
  dead process), completes, and publishes what a clean run publishes.
- A holder frozen with SIGSTOP (alive, silent) is taken over once its short TTL and the allowed
  skew have passed, and, thawed, finds its lease lost and does not commit.
- A lease written on another host that stopped heartbeating is taken over after its expiry.
- A holder whose Prefect flow run crashed is stale at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
import yaml

from tests.reliability.http_faults import ScriptedServer, serve
from tests.reliability.stage_driver import run_stage
from xxgk import cli, exit_codes
from xxgk.generate import generate_reports
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.lease import LEASE_KEY, LakeBusy, acquire, release
from xxgk.stages.lease_holder import Holder
from xxgk.stages.lease_record import LeaseRecord
from xxgk.stages.publish import latest_key
from xxgk.storage import Lake, open_lake

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = 4


class Gate:
    """A document the site holds back, while armed, until the gate opens."""

    def __init__(self, body: bytes):
        self.answer = serve(body)
        self.armed = False
        self.entered = threading.Event()
        self.opened = threading.Event()

    def arm(self) -> None:
        self.entered.clear()
        self.opened.clear()
        self.armed = True

    def open(self) -> None:
        self.armed = False
        self.opened.set()

    def __call__(self, handler, path: str) -> None:
        if self.armed:
            self.entered.set()
            self.opened.wait(120)
        self.answer(handler, path)


class Site:
    def __init__(self, tmp: Path):
        bodies = [r.data for r in generate_reports(DOCUMENTS, seed=93)]
        self.gate = Gate(bodies[-1])
        routes = {f"/r/{i}.html": [serve(b)] for i, b in enumerate(bodies[:-1])}
        routes[f"/r/{DOCUMENTS - 1}.html"] = [self.gate]  # the last one: others come first
        self.server = ScriptedServer(routes)
        self.sources = tmp / "sources.yaml"
        self.sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 50, "jitter": 0.0, "retries": 0},
            "sources": [{"name": "site", "urls": [self.server.base_url + p for p in routes],
                         "allow_networks": ["127.0.0.1/32"]}]}), encoding="utf-8")
        self.reference: dict[str, pl.DataFrame] = {}
        self.reference_raw: set[str] = set()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("takeover")
    site = Site(tmp)
    with site.server:
        clean = open_lake(Settings(lake=str(tmp / "clean")))
        for stage in ("ingest", "parse", "validate", "publish"):
            run_stage(clean, stage, "clean", source=str(site.sources), batch_size=4,
                      flush_rows=50)
        site.reference = _latest(clean)
        site.reference_raw = _raw(clean)
        yield site


def _latest(lake: Lake) -> dict[str, pl.DataFrame]:
    return {t.name: lake.read_frame(latest_key(t.name)).drop("run_id", strict=False)
            for t in CURATED_TABLES}


def _raw(lake: Lake) -> set[str]:
    keys = list(lake.store.list("raw/objects"))
    assert len(keys) == len(set(keys))
    return {k.rsplit("/", 1)[-1] for k in keys}


def _endpoint(lake: Lake) -> str:
    """The S3 endpoint of an s3:// lake ("" for a local one)."""
    client = getattr(lake.store, "client", None)
    return client.meta.endpoint_url if client is not None else ""


def _lake_args(lake: Lake) -> list[str]:
    endpoint = _endpoint(lake)
    return ["--lake", lake.uri] + (["--s3-endpoint-url", endpoint] if endpoint else [])


def _holder_run_id(lake: Lake) -> str | None:
    try:
        return json.loads(lake.store.get(LEASE_KEY))["run_id"]
    except FileNotFoundError:
        return None


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _xxgk(args: list[str], capsys) -> tuple[int, str]:
    """``xxgk …`` in this process (the Prefect test server is its API): (exit code, stderr)."""
    capsys.readouterr()
    code = cli.main(args)
    return code, capsys.readouterr().err


def test_a_killed_run_is_taken_over_at_once_and_the_rerun_equals_a_clean_run(
        site, lake, prefect_server, capsys, tmp_path):
    from prefect.settings import PREFECT_API_URL

    run = ["run", "--source", str(site.sources), *_lake_args(lake), "--runner", "threads"]
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    site.gate.arm()
    output = tmp_path / "killed.out"
    child = subprocess.Popen([sys.executable, "-m", "xxgk.cli", *run, "--run-id", "killed"],
                             cwd=REPO, env=env, stdout=output.open("wb"),
                             stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: _holder_run_id(lake) == "killed", 60, "the lease")
        # While it lives: a second run stops at once with one line, and unlock refuses.
        busy_started = time.monotonic()
        busy = subprocess.run([sys.executable, "-m", "xxgk.cli", *run, "--run-id", "second"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert busy.returncode == exit_codes.LAKE_BUSY == 75, busy.stderr
        assert busy.stderr.startswith("xxgk: run killed holds the lake") and \
            busy.stderr.count("\n") == 1, busy.stderr
        assert f"pid {child.pid}; its process runs" in busy.stderr
        busy_seconds = time.monotonic() - busy_started
        code, err = _xxgk(["unlock", *_lake_args(lake)], capsys)
        assert code == 75 and err.startswith("xxgk unlock: not unlocked: run killed holds")
        # In the middle of ingest (part of the documents stored), the process is killed.
        assert site.gate.entered.wait(90), output.read_text("utf-8")[-3000:]
        _wait_for(lambda: len(_raw(lake)) >= 1, 30, "a stored document")
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        site.gate.open()
        if child.poll() is None:
            child.kill()
            child.wait()
    left = json.loads(lake.store.get(LEASE_KEY))
    assert left["run_id"] == "killed" and left["holder"]["pid"] == child.pid
    assert left["flow_run_id"]  # the flow had started: its run is recorded
    assert not [k for k in lake.store.list("staging") if "/second/" in k]

    stored_at_kill = len(_raw(lake))
    started = time.monotonic()
    code, err = _xxgk([*run, "--run-id", "rerun"], capsys)
    assert code == 0, err[-3000:]
    takeovers = [line for line in err.splitlines() if "took over" in line]
    assert takeovers == [
        f"xxgk: run rerun took over the lake {lake.uri} from run killed (host "
        f"{left['holder']['host']}, pid {child.pid}), acquired "
        f"{left['acquired_at'][:19]}+00:00: its process {child.pid} on "
        f"{left['holder']['host']} is gone"], err[-3000:]
    assert not lake.exists(LEASE_KEY)  # given back
    assert _raw(lake) == site.reference_raw  # every document, each stored once
    latest = _latest(lake)
    for name, frame in site.reference.items():
        assert frame.equals(latest[name]), name
    print(f"the busy run stopped after {busy_seconds:.1f} s; killed with {stored_at_kill} of "
          f"{DOCUMENTS} documents stored; the rerun took {time.monotonic() - started:.1f} s")


_FROZEN_HOLDER = """
import sys, time
from pathlib import Path
from xxgk.settings import Settings
from xxgk.stages.lease import LeaseLost, holding
from xxgk.storage import open_lake

lake = open_lake(Settings(lake=sys.argv[1], s3_endpoint_url=sys.argv[2] or None))
with holding(lake, "frozen", ttl_seconds=1, clock_skew_seconds=0) as lease:
    print("held", flush=True)
    while not Path(sys.argv[3]).exists():
        time.sleep(0.05)
    try:
        lease.confirm()  # what publish does right before the release pointer moves
        print("committed", flush=True)
    except LeaseLost as lost:
        print(f"not committed: {lost}", flush=True)
"""


def test_a_frozen_holder_is_taken_over_after_expiry_and_does_not_commit(lake, tmp_path):
    go = tmp_path / "go"
    holder = subprocess.Popen(
        [sys.executable, "-c", _FROZEN_HOLDER, lake.uri, _endpoint(lake), str(go)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n", holder.stderr.read()
        os.kill(holder.pid, signal.SIGSTOP)  # alive, but its heartbeat stops
        frozen_at = time.monotonic()
        with pytest.raises(LakeBusy, match="its process runs"):
            acquire(lake, "newcomer", clock_skew_seconds=0.5)
        while True:
            try:
                lease = acquire(lake, "newcomer", clock_skew_seconds=0.5)
                break
            except LakeBusy:
                assert time.monotonic() - frozen_at < 10
                time.sleep(0.1)
        waited = time.monotonic() - frozen_at
        assert 1.5 - 0.3 <= waited < 4, waited  # TTL 1 s + 0.5 s skew (+ its last beat's age)
        assert "its last heartbeat is" in lease.report_takeover()
        os.kill(holder.pid, signal.SIGCONT)
        go.touch()
        out, err = holder.communicate(timeout=30)
    finally:
        if holder.poll() is None:
            os.kill(holder.pid, signal.SIGCONT)
            holder.kill()
            holder.wait()
    assert holder.returncode == 0, err
    assert out.startswith("not committed: run frozen lost the lake") and \
        "to run newcomer" in out, out + err
    assert _holder_run_id(lake) == "newcomer"  # the thawed holder left it alone
    release(lake, "newcomer")
    assert _holder_run_id(lake) is None
    print(f"frozen holder taken over {waited:.2f} s after it froze")


def test_a_silent_holder_on_another_host_is_taken_over_after_expiry(lake):
    now = dt.datetime.now(dt.UTC)
    elsewhere = Holder("worker-7", "0b6e1d7c-boot/pid:[4026531836]", 4242, "99")
    lake.store.put(LEASE_KEY, LeaseRecord(
        run_id="remote", token="r", holder=elsewhere, acquired_at=now, renewed_at=now,
        ttl_seconds=1).to_json())
    with pytest.raises(LakeBusy, match=r"run remote holds the lake .*host worker-7, pid 4242"):
        acquire(lake, "local", clock_skew_seconds=1)  # nothing here can tell it is dead

    def sleep_until(seconds_after_heartbeat: float) -> None:
        time.sleep(max(0.0, seconds_after_heartbeat
                       - (dt.datetime.now(dt.UTC) - now).total_seconds()))

    sleep_until(1.3)
    with pytest.raises(LakeBusy):  # past its TTL (1 s), not past TTL + allowed skew (1 s)
        acquire(lake, "local", clock_skew_seconds=1)
    sleep_until(2.05)
    lease = acquire(lake, "local", clock_skew_seconds=1)
    assert "from run remote (host worker-7, pid 4242)" in lease.report_takeover()
    release(lake, "local")


def test_a_holder_whose_prefect_flow_run_crashed_is_stale_at_once(tmp_path, prefect_server):
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.states import Crashed, Running

    from tasks.lease import flow_run_state

    @flow(name="lease-holder")
    def holder_flow() -> None:
        return None

    with get_client(sync_client=True) as client:
        crashed = client.create_flow_run(holder_flow, state=Crashed())
        running = client.create_flow_run(holder_flow, state=Running())
    assert flow_run_state(str(crashed.id)) == "CRASHED"
    assert flow_run_state("00000000-0000-0000-0000-000000000000") is None  # unknown: no say
    lake = open_lake(Settings(lake=str(tmp_path)))
    now = dt.datetime.now(dt.UTC)
    for flow_run in (running, crashed):
        lake.store.put(LEASE_KEY, LeaseRecord(
            run_id=f"remote-{flow_run.state.type.value.lower()}", token="r",
            holder=Holder("worker-7", "another-boot/pid:[1]", 4242, "99"), acquired_at=now,
            renewed_at=now, ttl_seconds=120, flow_run_id=str(flow_run.id)).to_json())
        if flow_run is running:
            with pytest.raises(LakeBusy, match="run remote-running holds the lake"):
                acquire(lake, "local", flow_run_state=flow_run_state)
    lease = acquire(lake, "local", flow_run_state=flow_run_state)
    assert lease.report_takeover().endswith(f"its Prefect flow run {crashed.id} is crashed")
    release(lake, "local")
