"""Publish: merge a run into the curated data and write an immutable, versioned release.

Layout under ``curated/``::

    releases/<release_id>/<table>.parquet   immutable, one file per table
    releases/<release_id>/by_year/<table>/report_year=YYYY/part-0.parquet
                                            the same tables, Hive-partitioned for engines
    releases/<release_id>/manifest.json     written last, create-if-absent: a release exists
                                            only once its manifest does
    latest/<table>.parquet                  single-file snapshot of the newest release (BI)
    LATEST.json                             pointer to the newest release

A run replaces every row of the reports it touched (upsert by report_id, stable for the same
raw bytes) and keeps the rest of the previous release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Callable

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.dictionary import render_dictionary
from xxgk.quality.suites import suites_digest
from xxgk.schema import CURATED_TABLES, FACTS, PARSE_ERRORS, REPORTS, SCHEMA_VERSION, TABLES
from xxgk.stages.partitions import write_partitions
from xxgk.stages.staging import read_staging
from xxgk.stages.validate import quality_results_key, validated_reports_key
from xxgk.storage import ConditionFailed, Lake
from xxgk.storage.keys import join

LATEST_POINTER = "curated/LATEST.json"


class PublishConflict(Exception):
    """Another publish moved the release pointer while this one was being built."""


@dataclass(frozen=True)
class PublishResult:
    release_id: str
    row_counts: dict[str, int]
    latest_uris: dict[str, str]
    manifest_uri: str


def release_key(release_id: str, name: str) -> str:
    return join("curated", "releases", release_id, name)


def latest_key(table: str) -> str:
    return join("curated", "latest", f"{table}.parquet")


def current_release(lake: Lake) -> str | None:
    return _read_pointer(lake)[0]


def _read_pointer(lake: Lake) -> tuple[str | None, str | None]:
    """(release id, version tag of the pointer object), both None before the first publish."""
    try:
        data, version = lake.store.get_versioned(LATEST_POINTER)
    except FileNotFoundError:
        return None, None
    return json.loads(data)["release_id"], version


def read_manifest_of(lake: Lake, release_id: str) -> dict:
    return lake.read_json(release_key(release_id, "manifest.json"))  # type: ignore[return-value]


def read_release(lake: Lake, release_id: str) -> dict[str, pl.DataFrame]:
    return {t.name: lake.read_frame(release_key(release_id, f"{t.name}.parquet"))
            for t in CURATED_TABLES}


def _sort(table_name: str, frame: pl.DataFrame) -> pl.DataFrame:
    table = TABLES[table_name]
    return frame.sort(list(table.key), nulls_last=True, maintain_order=True)


def _frame_bytes(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_parquet(buf, compression="zstd", statistics=True)
    return buf.getvalue()


def merge_run(previous: dict[str, pl.DataFrame] | None,
              run_tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Upsert: the run's report ids replace their rows in every table; the rest is kept."""
    touched = pl.concat([run_tables["reports"].select("report_id"),
                         run_tables["parse_errors"].select("report_id")]).unique()
    merged = {}
    for table in CURATED_TABLES:
        new = table.conform(run_tables[table.name])
        if previous is not None:
            kept = table.conform(previous[table.name]).join(touched, on="report_id", how="anti")
            new = pl.concat([kept, new], how="vertical")
        merged[table.name] = _sort(table.name, new)
    return merged


def publish_run(lake: Lake, run_id: str, *, source_counts: dict[str, int] | None = None,
                fail_before_manifest: bool = False,
                before_pointer_swap: Callable[[], None] | None = None) -> PublishResult:
    """Publish a validated run. ``fail_before_manifest`` and ``before_pointer_swap`` let tests
    interrupt a publish, or interleave another one, at the two moments that matter."""
    run_tables = {
        "reports": REPORTS.conform(lake.read_frame(validated_reports_key(run_id))),
        "facts": _or_empty(read_staging(lake, run_id, "facts"), FACTS),
        "quality_results": lake.read_frame(quality_results_key(run_id)),
        "parse_errors": _or_empty(read_staging(lake, run_id, "errors"), PARSE_ERRORS),
    }
    previous_id, pointer_version = _read_pointer(lake)
    previous = read_release(lake, previous_id) if previous_id else None
    tables = merge_run(previous, run_tables)

    release_id = _new_release_id(lake, run_id)
    files, payloads = {}, {}
    for name, frame in tables.items():
        data = payloads[name] = _frame_bytes(frame)
        key = release_key(release_id, f"{name}.parquet")
        lake.store.put(key, data, if_absent=True)
        files[name] = {"key": key, "rows": frame.height,
                       "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    partitions = write_partitions(lake, join("curated", "releases", release_id), tables)
    lake.store.put(release_key(release_id, "data_dictionary.md"),
                   render_dictionary().encode("utf-8"), if_absent=True)
    if fail_before_manifest:  # lets tests interrupt a publish between data and manifest
        raise RuntimeError("publish interrupted before the manifest was written")
    manifest = {
        "release_id": release_id, "run_id": run_id, "previous_release_id": previous_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION, "parser_version": PARSER_VERSION,
        "suites_sha256": suites_digest(),
        "tables": files, "partitions": partitions, "source_counts": source_counts or {},
        "run_rows": {n: f.height for n, f in run_tables.items()},
    }
    manifest_key = lake.write_json(release_key(release_id, "manifest.json"), manifest,
                                   if_absent=True)
    # The release is complete. Move the pointer only if nobody else did since we read it: of
    # two racing publishes one wins, the other stops here with nothing of its own visible.
    pointer = json.dumps({"release_id": release_id, "manifest": manifest_key}).encode()
    if before_pointer_swap is not None:
        before_pointer_swap()
    try:
        lake.store.swap(LATEST_POINTER, pointer, pointer_version)
    except ConditionFailed:
        raise PublishConflict(
            f"another publish replaced the current release while release {release_id} was "
            f"being built on {previous_id}; nothing was changed, run publish again") from None
    for name in tables:
        lake.store.put(latest_key(name), payloads[name])
    return PublishResult(
        release_id=release_id,
        row_counts={n: f["rows"] for n, f in files.items()},
        latest_uris={n: lake.uri_for(latest_key(n)) for n in tables},
        manifest_uri=lake.uri_for(manifest_key),
    )


def _new_release_id(lake: Lake, run_id: str) -> str:
    """The run id, or run id + ".N" when an earlier attempt of this run (interrupted, or beaten
    by a concurrent publish) left its immutable files behind."""
    release_id, attempt = run_id, 1
    while lake.exists(release_key(release_id, "reports.parquet")):
        attempt += 1
        release_id = f"{run_id}.{attempt}"
    return release_id


def _or_empty(frame: pl.DataFrame | None, table) -> pl.DataFrame:
    return table.conform(frame) if frame is not None else table.empty()
