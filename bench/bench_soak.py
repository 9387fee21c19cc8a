"""Soak benchmark: `xxgk run` killed with SIGKILL at random moments, restarted, for a stated time.

A generated corpus is run once cleanly per mode (the reference). Then, round after round until
the time is up, alternating the modes, a fresh lake gets one or two runs each killed (SIGKILL
to the run's whole process group, as when a node dies) at a random moment of a stage chosen at
random (ingest, parse, validate, publish), and then a run that is left to finish. Each round
checks that no document is lost (the raw zone holds exactly the reference's objects, each
once), that the final release equals the clean run's table by table, that the lease was taken
over and given back. Modes: ``local`` (folder source, local lake) and ``s3`` (the corpus in a
bucket read as an s3:// source, the lake in another bucket, both on a moto server on
loopback). One Prefect server serves every run, as a deployment's would.

    .venv/bin/python bench/bench_soak.py --minutes 10 [--documents 300] [--modes local,s3]

Writes bench/results/soak.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe_machine, machine_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
XXGK = str(Path(sys.executable).with_name("xxgk"))
RESULTS = ROOT / "bench" / "results"
BATCH = 50
STAGES = ("ingest", "parse", "validate", "publish")


@dataclass
class Kill:
    stage: str
    seconds_into_run: float | None  # None: the run finished before its moment came
    raw_objects_at_kill: int = 0
    release_at_kill: bool = False  # a release was current when the run was killed


@dataclass
class Round:
    number: int
    mode: str
    kills: list[Kill] = field(default_factory=list)
    final_exit_code: int = -1
    took_over: bool = False
    converge_seconds: float = 0.0  # from the last kill to the finished final run
    documents_lost: int = 0
    extra_raw_objects: int = 0
    tables_equal: bool = False
    lease_left: bool = True


class Mode:
    """Where a mode's corpus and lakes live."""

    def __init__(self, name: str, source: str, lake_prefix: str, endpoint: str | None):
        self.name, self.source, self.lake_prefix, self.endpoint = (
            name, source, lake_prefix, endpoint)

    def lake_uri(self, label: str) -> str:
        return f"{self.lake_prefix}/{label}"

    def open(self, uri: str):
        from xxgk.settings import Settings
        from xxgk.storage import open_lake

        return open_lake(Settings(lake=uri, s3_endpoint_url=self.endpoint))

    def run_args(self, uri: str) -> list[str]:
        extra = ["--s3-endpoint-url", self.endpoint] if self.endpoint else []
        return [XXGK, "run", "--source", self.source, "--lake", uri, "--batch-size", str(BATCH),
                *extra]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _raw(lake) -> list[str]:
    return [key.rsplit("/", 1)[-1] for key in lake.store.list("raw/objects")]


def _latest(lake) -> dict:
    from xxgk.schema import CURATED_TABLES
    from xxgk.stages.publish import latest_key

    return {t.name: lake.read_frame(latest_key(t.name)).drop("run_id", strict=False)
            for t in CURATED_TABLES if lake.exists(latest_key(t.name))}


def _has_release(lake) -> bool:
    from xxgk.stages.publish import latest_key

    return lake.exists(latest_key("reports"))


class Watched:
    """A run whose merged output is read line by line, to find the moment to kill it."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.started = time.monotonic()
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self._log = log.open("a", encoding="utf-8")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log.write(line)
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, is_moment, timeout: float) -> bool:
        """Wait until ``is_moment(lines)``; False when the run ended first."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not is_moment(self.lines):
                if self.process.poll() is not None and not self._reader.is_alive():
                    return False
                if time.monotonic() > deadline:
                    return False
                self.changed.wait(0.2)
        return True

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the run and its worker processes
        except ProcessLookupError:
            pass
        self.process.wait()
        self._reader.join(10)
        self._log.close()

    def finish(self, timeout: float) -> int:
        code = self.process.wait(timeout)
        self._reader.join(10)
        self._log.close()
        return code


def _completed(name: str):
    return lambda line: f"Task run '{name}-" in line and "Finished in state Completed" in line


def _moment(stage: str):
    """When the stage has begun: the task before it has completed (for validate, every parse
    batch the plan announced). Returns a predicate over the lines so far."""
    if stage == "ingest":
        return lambda lines: any(map(_completed("plan-ingest-batches"), lines))
    if stage == "parse":
        return lambda lines: any(map(_completed("plan-parse"), lines))
    if stage == "publish":
        return lambda lines: any(map(_completed("validate-run"), lines))

    def validate_begun(lines: list[str]) -> bool:
        planned = [line for line in lines if "parse plan:" in line]
        if not planned:
            return False
        batches = int(planned[-1].split(" batches")[0].rsplit(" ", 1)[-1])
        return sum(map(_completed("parse-batch"), lines)) >= batches
    return validate_begun


# Seconds after the stage has begun within which the kill falls (uniformly): about the
# stage's length for a few hundred documents on a shared 2-core machine.
KILL_WINDOW_SECONDS = {"ingest": 3.0, "parse": 8.0, "validate": 15.0, "publish": 0.8}


def reference(mode: Mode, env: dict, log: Path) -> tuple[list[str], dict, float]:
    uri = mode.lake_uri("clean")
    started = time.monotonic()
    run = Watched(mode.run_args(uri), env, log)
    code = run.finish(1800)
    if code != 0:
        raise SystemExit(f"the clean {mode.name} run failed ({code}); see {log}")
    lake = mode.open(uri)
    return sorted(_raw(lake)), _latest(lake), time.monotonic() - started


def soak_round(number: int, mode: Mode, env: dict, log: Path, rng: random.Random,
               clean_raw: list[str], clean_tables: dict) -> Round:
    from xxgk.stages.lease import LEASE_KEY

    found = Round(number, mode.name)
    uri = mode.lake_uri(f"round-{number:03d}")
    lake = mode.open(uri)
    last_kill = time.monotonic()
    for _ in range(rng.choice((1, 1, 2))):
        stage = rng.choice(STAGES)
        run = Watched(mode.run_args(uri), env, log)
        if run.wait_for(_moment(stage), 900):
            time.sleep(rng.uniform(0, KILL_WINDOW_SECONDS[stage]))
        alive = run.process.poll() is None
        seconds = time.monotonic() - run.started
        run.kill()
        last_kill = time.monotonic()
        found.kills.append(Kill(stage, seconds if alive else None, len(_raw(lake)),
                                _has_release(lake)))
    final = Watched(mode.run_args(uri), env, log)
    found.final_exit_code = final.finish(1800)
    found.converge_seconds = time.monotonic() - last_kill
    found.took_over = any("took over the lake" in line for line in final.lines)
    raw = _raw(lake)
    found.documents_lost = len(set(clean_raw) - set(raw))
    found.extra_raw_objects = len(raw) - len(set(raw) & set(clean_raw))
    if found.final_exit_code == 0:
        latest = _latest(lake)
        found.tables_equal = latest.keys() == clean_tables.keys() and all(
            frame.equals(latest[name]) for name, frame in clean_tables.items())
    found.lease_left = lake.exists(LEASE_KEY)
    return found


def _setup_s3(endpoint: str, corpus_dir: Path) -> None:
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    for bucket in ("corpus", "soak"):
        client.create_bucket(Bucket=bucket)
    for path in sorted(corpus_dir.iterdir()):
        if path.is_file():
            client.put_object(Bucket="corpus", Key=f"docs/{path.name}", Body=path.read_bytes())


def render(report: dict) -> str:
    rounds = report["rounds"]
    kills = [k for r in rounds for k in r["kills"]]
    landed = [k for k in kills if k["seconds_into_run"] is not None]
    per_mode = ", ".join(f"{m} {sum(r['mode'] == m for r in rounds)}" for m in report["modes"])
    per_stage = ", ".join(f"{s} {sum(k['stage'] == s for k in landed)}" for s in STAGES)
    clean = ", ".join(f"{m} {s:.0f} s" for m, s in report["clean_seconds"].items())
    count = len(rounds)
    lines = [
        "# Soak: `xxgk run` killed with SIGKILL and restarted", "",
        f"Machine: {machine_line(report['machine'])}.",
        f"Corpus: {report['documents']} generated documents (seed {report['seed']}), batch size "
        f"{BATCH}; {report['minutes']} minutes of rounds after the clean runs; modes "
        f"{', '.join(report['modes'])}. Command: `{report['command']}`.", "",
        f"Clean runs: {clean}.", "",
        "| | |", "|---|---|",
        f"| rounds | {count} ({per_mode}) |",
        f"| SIGKILLs | {len(landed)} landed ({per_stage}); {len(kills) - len(landed)} more runs "
        "finished before their moment |",
        f"| final runs that exited 0 | {sum(r['final_exit_code'] == 0 for r in rounds)} of "
        f"{count} |",
        f"| took over the dead run's lease at once | {sum(r['took_over'] for r in rounds)} of "
        f"{count} |",
        f"| documents lost | {sum(r['documents_lost'] for r in rounds)} |",
        f"| raw objects beyond the clean run's | {sum(r['extra_raw_objects'] for r in rounds)} |",
        "| final release equal to the clean run's (every curated table) | "
        f"{sum(r['tables_equal'] for r in rounds)} of {count} |",
        f"| lease left behind | {sum(r['lease_left'] for r in rounds)} |",
    ]
    converge = sorted(r["converge_seconds"] for r in rounds)
    if converge:
        lines.append(f"| time to converge (last kill → final run done) | median "
                     f"{converge[len(converge) // 2]:.0f} s, max {converge[-1]:.0f} s |")
    lines += ["", "| round | mode | kills (stage at seconds into the run; raw objects then; "
              "release current then) | final exit | took over | lost | equal |",
              "|---|---|---|---|---|---|---|"]
    for r in rounds:
        shown = "; ".join(
            f"{k['stage']} at {k['seconds_into_run']:.1f} s ({k['raw_objects_at_kill']} raw"
            f"{', release' if k['release_at_kill'] else ''})" if k["seconds_into_run"] is not None
            else f"{k['stage']}: finished first" for k in r["kills"])
        lines.append(f"| {r['number']} | {r['mode']} | {shown} | {r['final_exit_code']} | "
                     f"{'yes' if r['took_over'] else 'no'} | {r['documents_lost']} | "
                     f"{'yes' if r['tables_equal'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--modes", default="local,s3")
    parser.add_argument("--out", default=str(RESULTS / "soak"))
    args = parser.parse_args()
    modes_wanted = [m for m in args.modes.split(",") if m]
    rng = random.Random(args.seed)
    machine = describe_machine()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from moto.server import ThreadedMotoServer
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with tempfile.TemporaryDirectory(prefix="xxgk-soak-") as tmp_name, \
            prefect_test_harness(server_startup_timeout=180):
        tmp = Path(tmp_name)
        log = tmp / "runs.log"
        corpus = tmp / "corpus"
        subprocess.run([XXGK, "generate", "--out", str(corpus), "-n", str(args.documents),
                        "--seed", str(args.seed)], check=True, capture_output=True)
        (corpus / "gold.jsonl").unlink(missing_ok=True)
        modes = {"local": Mode("local", str(corpus), str(tmp / "lakes"), None)}
        server = None
        if "s3" in modes_wanted:
            logging.getLogger("werkzeug").setLevel(logging.ERROR)
            port = _free_port()
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            server.start()
            endpoint = f"http://127.0.0.1:{port}"
            _setup_s3(endpoint, corpus)
            modes["s3"] = Mode("s3", "s3://corpus/docs", "s3://soak", endpoint)
        env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
        try:
            clean = {name: reference(modes[name], env, log) for name in modes_wanted}
            print("clean runs: " + ", ".join(f"{m} {c[2]:.0f} s, {len(c[0])} raw objects"
                                             for m, c in clean.items()), flush=True)
            rounds: list[Round] = []
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline:
                name = modes_wanted[len(rounds) % len(modes_wanted)]
                found = soak_round(len(rounds) + 1, modes[name], env, log, rng,
                                   clean[name][0], clean[name][1])
                rounds.append(found)
                print(json.dumps(asdict(found)), flush=True)
        finally:
            if server is not None:
                server.stop()
        report = {"machine": machine, "documents": args.documents, "seed": args.seed,
                  "minutes": args.minutes, "modes": modes_wanted,
                  "command": "python bench/bench_soak.py " + " ".join(sys.argv[1:]),
                  "clean_seconds": {m: c[2] for m, c in clean.items()},
                  "rounds": [asdict(r) for r in rounds]}
    out = Path(args.out)
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(render(report), encoding="utf-8")
    print(render(report))


if __name__ == "__main__":
    main()
