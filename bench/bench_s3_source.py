"""Benchmark ingest from an S3 prefix against moto's S3 server (not a test).

Starts ``moto_server`` on loopback in its own process (so that its request handling does not
share the crawler's interpreter lock), writes a generated corpus to a prefix once, then ingests
the prefix into a fresh local lake ``--repeat`` times per concurrency and reports objects per
second (the median). Every run starts from an empty lake, so every object is downloaded and
stored; a final rerun on the last lake shows the unchanged-ETag path.

    .venv/bin/python bench/bench_s3_source.py                    # 2,000 objects; 1, 4, 16, 32
    .venv/bin/python bench/bench_s3_source.py -n 500 --concurrency 16 --repeat 1

Writes bench/results/s3_source.json and bench/results/s3_source.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import boto3  # noqa: E402

from machine import describe_machine, machine_line  # noqa: E402
from xxgk.generate import write_corpus  # noqa: E402
from xxgk.ingest.crawler import CrawlOptions  # noqa: E402
from xxgk.settings import Settings  # noqa: E402
from xxgk.stages.ingest import ingest_source  # noqa: E402
from xxgk.storage import open_lake  # noqa: E402

BUCKET = "bench-source"
# moto accepts any credentials; real ones from the environment are never sent to it.
BENCH_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                     "AWS_DEFAULT_REGION": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    proc = subprocess.Popen([server or "moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    for _ in range(100):  # the server needs a moment to import moto
        try:
            client.list_buckets()
            return proc, endpoint
        except Exception:  # not listening yet
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("moto_server did not start")


def time_ingest(endpoint: str, uri: str, concurrency: int, workdir: Path, name: str,
                lake_dir: Path | None = None) -> tuple[float, int, Path]:
    lake_dir = lake_dir or workdir / name
    lake = open_lake(Settings(lake=str(lake_dir)))
    started = time.perf_counter()
    result = ingest_source(lake, name, uri, max_bytes=50 * 2**20, s3_endpoint_url=endpoint,
                           s3_region="us-east-1",
                           options=CrawlOptions(s3_readers=concurrency))
    return time.perf_counter() - started, result.documents, lake_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="objects under the prefix")
    parser.add_argument("--concurrency", default="1,4,16,32",
                        help="comma-separated numbers of objects read at once")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    os.environ.update(BENCH_CREDENTIALS)
    os.environ.pop("AWS_PROFILE", None)
    machine = describe_machine()
    proc, endpoint = start_moto()
    rows = []
    try:
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket=BUCKET)
        uri = f"s3://{BUCKET}/corpus"
        write_corpus(uri, args.n, 0, s3_endpoint_url=endpoint, s3_region="us-east-1")
        with tempfile.TemporaryDirectory() as tmp:
            for concurrency in (int(c) for c in args.concurrency.split(",")):
                rates, lake_dir = [], None
                for i in range(args.repeat):
                    seconds, documents, lake_dir = time_ingest(
                        endpoint, uri, concurrency, Path(tmp), f"c{concurrency}-{i}")
                    assert documents == args.n, f"{documents} documents, expected {args.n}"
                    rates.append(documents / seconds)
                rerun, _, _ = time_ingest(endpoint, uri, concurrency, Path(tmp),
                                          f"c{concurrency}-rerun", lake_dir)
                row = {"concurrency": concurrency, "objects": args.n,
                       "objects_per_second": [round(r, 1) for r in rates],
                       "median_objects_per_second": round(statistics.median(rates), 1),
                       "rerun_objects_per_second": round(args.n / rerun, 1)}
                print(json.dumps(row), flush=True)
                rows.append(row)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "s3_source.json").write_text(json.dumps(
        {"machine": machine, "results": rows}, indent=2, ensure_ascii=False) + "\n")
    lines = ["# Ingest from an S3 prefix", "",
             f"{args.n} generated reports on moto's S3 server (loopback, its own process), "
             f"ingested into an empty local lake; median of {args.repeat} runs. The rerun "
             "finds every ETag unchanged and downloads nothing.", "",
             f"Machine: {machine_line(machine)}.", "",
             "| objects read at once | objects/s (median) | runs | rerun objects/s |",
             "|---|---|---|---|"]
    lines += [f"| {r['concurrency']} | {r['median_objects_per_second']} | "
              f"{', '.join(map(str, r['objects_per_second']))} | "
              f"{r['rerun_objects_per_second']} |" for r in rows]
    (args.out / "s3_source.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out / 's3_source.json'} and {args.out / 's3_source.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
