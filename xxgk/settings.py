"""The one settings object: environment variables, overridden by command-line flags.

Variables: ``XXGK_LAKE``, ``XXGK_S3_ENDPOINT_URL``, ``XXGK_S3_REGION``, ``XXGK_BATCH_SIZE``,
``XXGK_RUN_ID``, ``XXGK_MAX_DOCUMENT_BYTES``, ``XXGK_RUNNER``, ``XXGK_DASK_ADDRESS``,
``XXGK_WORKERS``, ``XXGK_LEASE_TTL_SECONDS``, ``XXGK_LEASE_CLOCK_SKEW_SECONDS``; S3
credentials come from boto3's standard chain.

Nothing else reads configuration. Flows and tasks receive a ``Settings`` (it is a plain frozen
dataclass, so Prefect can pass it as a parameter and validate it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Mapping

ENV_PREFIX = "XXGK_"
DEFAULT_LAKE = "./data/lake"
DEFAULT_BATCH_SIZE = 200


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: UTC time plus a short random suffix."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass(frozen=True)
class Settings:
    lake: str = DEFAULT_LAKE  # a folder, or s3://bucket/prefix
    s3_endpoint_url: str | None = None  # MinIO, Ceph, … ; None for AWS itself
    s3_region: str | None = None
    # Credentials are deliberately not settings: boto3 reads them from its own chain
    # (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles), so they never
    # travel as flow parameters and never reach logs, artifacts or manifests.
    batch_size: int = DEFAULT_BATCH_SIZE  # documents per parse task
    run_id: str = ""  # empty: a new one is made
    max_document_bytes: int = 50 * 1024 * 1024
    # Task runner of the parse batches: processes (a local pool, one worker per core), threads
    # (one core: the GIL), dask (a cluster at dask_address, or a local cluster).
    runner: str = "processes"
    dask_address: str | None = None  # tcp://scheduler:8786; None with runner=dask: local cluster
    workers: int = 0  # processes of the local pool or local Dask cluster; 0: one per core
    # The lake's lease (xxgk/stages/lease.py): renewed every quarter of its TTL while the run
    # lives; a holder whose heartbeat stopped is taken over after TTL + the clock skew that
    # hosts' clocks are trusted to stay within.
    lease_ttl_seconds: int = 120
    lease_clock_skew_seconds: int = 10

    def __post_init__(self) -> None:
        if not self.run_id:
            object.__setattr__(self, "run_id", new_run_id())
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.lease_ttl_seconds < 1 or self.lease_clock_skew_seconds < 0:
            raise ValueError("lease_ttl_seconds must be at least 1 and lease_clock_skew_seconds "
                             f"at least 0, got {self.lease_ttl_seconds} and "
                             f"{self.lease_clock_skew_seconds}")
        if self.runner not in ("threads", "processes", "dask"):
            raise ValueError(f"runner must be threads, processes or dask, got {self.runner!r}")
        if not self.is_s3:
            object.__setattr__(self, "lake", str(Path(self.lake).expanduser().resolve()))

    @property
    def worker_count(self) -> int:
        """``workers``, or the cores this process may use (a container's CPU set, not the
        host's core count)."""
        if self.workers:
            return self.workers
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            return os.cpu_count() or 1

    @property
    def is_s3(self) -> bool:
        return self.lake.startswith("s3://")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Read ``XXGK_*`` variables; keyword overrides (CLI flags) win when not None."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # field name -> its str or int value
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw not in (None, ""):
                values[f.name] = int(raw) if f.type in ("int", int) else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_run_id(self, run_id: str) -> "Settings":
        return replace(self, run_id=run_id)

    def describe(self) -> str:
        """A one-line description safe for logs: never includes credentials."""
        where = self.lake + (f" (endpoint {self.s3_endpoint_url})" if self.s3_endpoint_url else "")
        runner = self.runner if self.runner == "threads" else \
            f"{self.runner} ({self.dask_address or f'{self.worker_count} workers'})"
        return f"lake {where}, batch size {self.batch_size}, {runner}, run {self.run_id}"
