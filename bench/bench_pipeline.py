"""End-to-end benchmark: folder -> published release on the embedded defaults.

For each size it measures, in fresh lakes:
  flow        `xxgk run` (ephemeral Prefect, process pool): wall time and peak memory (sum of
              the resident memory of the whole process tree, sampled every 0.2 s)
  stages      the same work through the domain functions, no Prefect, same parallelism:
              per-stage times; orchestration share = (flow - stages) / flow
  rerun       `xxgk run` again over unchanged raw (the parse cache)
  dask-1/2    `xxgk run --runner dask --workers 1|2` (only sizes <= --dask-max)
  server      with --running-server: `xxgk run` against a Prefect server started once
              beforehand (what a deployment has), so without the temporary server's start
              (only sizes <= --server-max)
Writes bench/results/pipeline.{json,md}.

    .venv/bin/python bench/bench_pipeline.py --sizes 1000,10000,100000 --stages-max 100000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe_machine, machine_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
XXGK = str(Path(sys.executable).with_name("xxgk"))
BATCH = 500


def _tree_rss_kib(root_pid: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    return {"seconds": round(wall, 2), "peak_rss_mib": round(peak[0] / 1024, 1)}


def stages_only(corpus: Path, lake: Path, workers: int) -> dict:
    """The pipeline's work through the domain functions: no Prefect at all."""
    from xxgk.settings import Settings
    from xxgk.stages.ingest import ingest_source
    from xxgk.stages.parse import parse_batch_with
    from xxgk.stages.plan import plan_parse
    from xxgk.stages.publish import publish_run
    from xxgk.stages.validate import validate_run
    from xxgk.storage import open_lake

    settings = Settings(lake=str(lake), batch_size=BATCH, run_id="bench")
    times = {}
    t = time.perf_counter()
    lake_ = open_lake(settings)
    ingest_source(lake_, "bench", str(corpus), max_bytes=settings.max_document_bytes)
    times["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    plan = plan_parse(lake_, "bench", BATCH)
    # spawn, not fork: forking a process whose polars thread pool is running can deadlock.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(parse_batch_with, [settings] * len(plan.batches),
                      range(len(plan.batches)), plan.batches))
    times["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    validate_run(lake_, "bench")
    times["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    publish_run(lake_, "bench")
    times["publish"] = time.perf_counter() - t
    return {k: round(v, 2) for k, v in times.items()}


def corpus_for(size: int, cache: Path) -> Path:
    folder = cache / f"corpus-{size}"
    if not (folder / "gold.jsonl").exists():
        from xxgk.generate import write_corpus

        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        write_corpus(folder, size, seed=size)
        print(f"generated {size} reports in {time.perf_counter() - t:.1f} s", flush=True)
    return folder


@contextmanager
def running_server() -> Iterator[dict[str, str]]:
    """A Prefect server for the duration, started like a deployment's (``prefect server
    start``) on a free port; yields the environment that points ``xxgk run`` at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = Path(tempfile.mkdtemp(prefix="xxgk-bench-prefect-"))
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen([str(Path(sys.executable).with_name("prefect")), "server",
                               "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the Prefect server did not come up in 60 s")
        yield {**env, "PREFECT_API_URL": url}
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(home, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeats", type=int, default=3,
                    help="flow runs per size up to --repeats-max documents (medians)")
    ap.add_argument("--repeats-max", type=int, default=10000,
                    help="largest size run --repeats times; larger sizes run once")
    ap.add_argument("--dask-max", type=int, default=10000)
    ap.add_argument("--running-server", action="store_true",
                    help="also run sizes up to --server-max against a Prefect server started "
                         "beforehand")
    ap.add_argument("--server-max", type=int, default=10000)
    ap.add_argument("--stages-max", type=int, default=10000,
                    help="largest size also run through the domain functions alone")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--cache", default="/tmp/xxgk-bench")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "pipeline"))
    args = ap.parse_args(argv)
    cache = Path(args.cache)
    machine = describe_machine()
    results = []
    with ExitStack() as stack:
        server_env = stack.enter_context(running_server()) if args.running_server else None
        _run_sizes(args, cache, results, server_env)
    _write_report(args, machine, results)
    return 0


def _measure_against_server(base: list[str], cache: Path, size: int, repeats: int,
                            server_env: dict, row: dict) -> dict:
    """The same flow against the Prefect server started beforehand (``server_env``), with
    its orchestration and validation shares when ``row`` has the stages' own times."""
    runs = []
    for n in range(repeats):
        slake = cache / f"server{n}-{size}"
        shutil.rmtree(slake, ignore_errors=True)
        runs.append(run_measured([XXGK, *base, "--lake", str(slake)], env=server_env))
        shutil.rmtree(slake, ignore_errors=True)
    seconds = round(statistics.median(r["seconds"] for r in runs), 2)
    server = {"seconds": seconds, "runs": [r["seconds"] for r in runs],
              "peak_rss_mib": max(r["peak_rss_mib"] for r in runs)}
    if "stages_total" in row:
        server["orchestration_share"] = round(max(0.0, seconds - row["stages_total"]) / seconds,
                                              3)
        server["validation_share"] = round(row["stages"]["validate"] / seconds, 3)
    return server


def _run_sizes(args, cache: Path, results: list[dict], server_env: dict | None) -> None:
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = corpus_for(size, cache)
        row: dict = {"documents": size}
        base = ["run", "--source", str(corpus), "--batch-size", str(BATCH),
                "--runner", "processes", "--workers", str(args.workers)]
        repeats = args.repeats if size <= args.repeats_max else 1
        firsts, reruns = [], []
        for n in range(repeats):
            lake = cache / f"lake{n}-{size}"
            shutil.rmtree(lake, ignore_errors=True)
            firsts.append(run_measured([XXGK, *base, "--lake", str(lake)]))
            reruns.append(run_measured([XXGK, *base, "--lake", str(lake)]))
            shutil.rmtree(lake, ignore_errors=True)
        row["flow"] = {"seconds": round(statistics.median(r["seconds"] for r in firsts), 2),
                       "peak_rss_mib": max(r["peak_rss_mib"] for r in firsts),
                       "runs": [r["seconds"] for r in firsts]}
        row["rerun"] = {"seconds": round(statistics.median(r["seconds"] for r in reruns), 2),
                        "peak_rss_mib": max(r["peak_rss_mib"] for r in reruns),
                        "runs": [r["seconds"] for r in reruns]}
        flow_s = row["flow"]["seconds"]
        row["rerun_ratio"] = round(row["rerun"]["seconds"] / flow_s, 3)
        if size <= args.stages_max:
            stage_lake = cache / f"stages-{size}"
            shutil.rmtree(stage_lake, ignore_errors=True)
            t = time.perf_counter()
            row["stages"] = stages_only(corpus, stage_lake, args.workers)
            row["stages_total"] = round(time.perf_counter() - t, 2)
            row["orchestration_share"] = round(max(0.0, flow_s - row["stages_total"]) / flow_s,
                                               3)
            row["validation_share"] = round(row["stages"]["validate"] / flow_s, 3)
        if size <= args.dask_max:
            for workers in (1, 2):
                dlake = cache / f"dask{workers}-{size}"
                shutil.rmtree(dlake, ignore_errors=True)
                cmd = [XXGK, "run", "--source", str(corpus), "--batch-size", str(BATCH),
                       "--runner", "dask", "--workers", str(workers), "--lake", str(dlake)]
                row[f"dask_{workers}"] = run_measured(cmd)
        if server_env is not None and size <= args.server_max:
            row["server"] = _measure_against_server(base, cache, size, repeats, server_env, row)
        results.append(row)
        print(json.dumps(row), flush=True)
        for path in cache.glob(f"*-{size}"):
            if path.name != f"corpus-{size}":
                shutil.rmtree(path, ignore_errors=True)



def _write_report(args, machine: dict, results: list[dict]) -> None:
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"machine": machine, "batch_size": BATCH,
                                                    "repeats": args.repeats,
                                                    "repeats_max": args.repeats_max,
                                                    "results": results}, indent=2))
    md = ["# End-to-end pipeline benchmark", "",
          f"Machine: {machine_line(machine)}. Ephemeral Prefect, local lake, process pool of "
          f"{args.workers}, batches of {BATCH}. Flow and rerun: medians of {args.repeats} runs "
          f"up to {args.repeats_max:,} documents, one run above. Peak memory is the largest "
          "summed resident memory of the whole process tree (Prefect server and workers "
          "included). Stage times come from the same work run through the domain functions "
          "without Prefect; orchestration = (flow - those stages) / flow. Running server: the "
          "same flow against a Prefect server started beforehand (as deployed), so without "
          "starting a temporary one; its memory is not in the tree.", "",
          "| documents | flow s | peak MiB | ingest s | parse s | validate s | publish s | "
          "orchestration | validation | rerun s (ratio) | running server s (orchestration) "
          "| dask 1 s | dask 2 s |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        s = r.get("stages", {k: "-" for k in ("ingest", "parse", "validate", "publish")})
        server = r.get("server")
        served = "-" if server is None else (
            f"{server['seconds']}" + (f" ({server['orchestration_share']:.0%})"
                                      if "orchestration_share" in server else ""))
        md.append(
            f"| {r['documents']} | {r['flow']['seconds']} | {r['flow']['peak_rss_mib']} | "
            f"{s['ingest']} | {s['parse']} | {s['validate']} | {s['publish']} | "
            f"{_share(r, 'orchestration_share')} | {_share(r, 'validation_share')} | "
            f"{r['rerun']['seconds']} ({r['rerun_ratio']:.0%}) | {served} | "
            f"{r.get('dask_1', {}).get('seconds', '-')} | {r.get('dask_2', {}).get('seconds', '-')} |")
    out.with_suffix(".md").write_text("\n".join(md) + "\n")


def _share(result: dict, key: str) -> str:
    """A share of a result as a percentage, "-" when the result has none."""
    return f"{result[key]:.0%}" if key in result else "-"


if __name__ == "__main__":
    sys.exit(main())
