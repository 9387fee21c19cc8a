"""Run one stage in its own process, so that a test can kill it (SIGKILL) half-way.

    python -m tests.reliability.stage_driver ingest|parse|validate|publish --lake DIR
        --run-id RUN [--source SRC] [--batch-size N] [--put-delay SECONDS] [--flush-rows N]

The stage is the domain function the Prefect task calls. ``--put-delay`` slows every write to
the lake (the store is wrapped, nothing else changes) so that the window to kill in is wide
enough to hit reliably.
"""

from __future__ import annotations

import argparse
import time

from xxgk.ingest.crawler import CrawlOptions
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import plan_parse
from xxgk.stages.publish import publish_run
from xxgk.stages.validate import validate_run
from xxgk.storage import Lake, open_lake


class SlowStore:
    """A store whose writes each take ``delay`` seconds longer; everything else passes through."""

    def __init__(self, inner, delay: float):
        self._inner = inner
        self._delay = delay
        self.root_uri = inner.root_uri

    def put(self, key, data, **kwargs):
        time.sleep(self._delay)
        return self._inner.put(key, data, **kwargs)

    def swap(self, key, data, expected_version):
        time.sleep(self._delay)
        return self._inner.swap(key, data, expected_version)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def run_stage(lake: Lake, stage: str, run_id: str, *, source: str | None, batch_size: int,
              flush_rows: int) -> None:
    if stage == "ingest":
        ingest_source(lake, run_id, source, max_bytes=2 ** 26,
                      options=CrawlOptions(flush_rows=flush_rows))
    elif stage == "parse":
        plan = plan_parse(lake, run_id, batch_size)
        for number, batch in enumerate(plan.batches):
            parse_batch(lake, run_id, number, batch)
    elif stage == "validate":
        validate_run(lake, run_id)
    elif stage == "publish":
        publish_run(lake, run_id)
    else:
        raise SystemExit(f"unknown stage {stage!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stage")
    parser.add_argument("--lake", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--source")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--put-delay", type=float, default=0.0)
    parser.add_argument("--flush-rows", type=int, default=50)
    args = parser.parse_args()
    lake = open_lake(Settings(lake=args.lake))
    if args.put_delay:
        lake = Lake(SlowStore(lake.store, args.put_delay))
    run_stage(lake, args.stage, args.run_id, source=args.source, batch_size=args.batch_size,
              flush_rows=args.flush_rows)


if __name__ == "__main__":
    main()
