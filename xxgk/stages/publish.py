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
raw bytes) and keeps the rest of the previous release. Tables derived from others (agencies,
from the release's reports) are derived anew for every release.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.dictionary import render_dictionary
from xxgk.identity.agencies import agencies
from xxgk.identity.divisions import division_list
from xxgk.quality.suites import suites_digest
from xxgk.schema import CURATED_TABLES, PARSE_ERRORS, REPORTS, SCHEMA_VERSION, TABLES
from xxgk.stages.merge_files import iter_file_frames, merge_table_files, sha256_of_file
from xxgk.stages.partitions import write_partitions
from xxgk.stages.staging import read_staging, staging_keys
from xxgk.stages.validate import quality_results_key, validated_reports_key
from xxgk.storage import ConditionFailed, Lake
from xxgk.storage.keys import join

LATEST_POINTER = "curated/LATEST.json"
CURATED_TABLE_NAMES = tuple(t.name for t in CURATED_TABLES)


class PublishConflict(Exception):
    """Another publish moved the release pointer while this one was being built."""


@dataclass(frozen=True)
class PublishResult:
    release_id: str
    row_counts: dict[str, int]
    latest_uris: dict[str, str]
    manifest_uri: str
    unchanged: bool = False  # nothing new: the current release stayed current


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
    return lake.read_json(release_key(release_id, "manifest.json"))


def read_release(lake: Lake, release_id: str) -> dict[str, pl.DataFrame]:
    """The release's tables (those its manifest lists: a release made before a table existed
    does not have it)."""
    listed = read_manifest_of(lake, release_id)["tables"]
    return {t.name: lake.read_frame(release_key(release_id, f"{t.name}.parquet"))
            for t in CURATED_TABLES if t.name in listed}


def _sort(table_name: str, frame: pl.DataFrame) -> pl.DataFrame:
    table = TABLES[table_name]
    return frame.sort(list(table.key), nulls_last=True, maintain_order=True)


def merge_run(previous: dict[str, pl.DataFrame] | None,
              run_tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Upsert in memory, for the small tables: the run's report ids replace their rows; the
    rest is kept. (facts and quality_results go through ``merge_table_files``.)"""
    touched = _touched_ids(run_tables["reports"], run_tables["parse_errors"])
    return {name: _upsert(name, previous[name] if previous is not None else None, frame,
                          touched)
            for name, frame in run_tables.items()}


def release_reports(previous_reports: pl.DataFrame | None, run_reports: pl.DataFrame,
                    run_parse_errors: pl.DataFrame) -> pl.DataFrame:
    """The reports of the release a run makes (``merge_run``'s reports), for validate to
    check the tables derived from them before publish writes them."""
    touched = _touched_ids(run_reports, run_parse_errors)
    return _upsert("reports", previous_reports, run_reports, touched)


def _upsert(name: str, previous: pl.DataFrame | None, run: pl.DataFrame,
            touched: pl.DataFrame) -> pl.DataFrame:
    table = TABLES[name]
    new = table.conform(run)
    if previous is not None:
        kept = table.conform(previous).join(touched, on="report_id", how="anti")
        new = pl.concat([kept, new], how="vertical")
    return _sort(name, new)


def _touched_ids(reports: pl.DataFrame, parse_errors: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([reports.select("report_id"), parse_errors.select("report_id")]).unique()


SMALL_TABLES = ("reports", "parse_errors")  # merged in memory
LARGE_TABLES = ("facts", "quality_results")  # merged file to file, in bounded memory


def derive_tables(reports: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The tables derived from a release's (or a run's) reports."""
    return {"agencies": agencies(reports)}


def _run_frames(lake: Lake, run_id: str, name: str) -> Iterator[pl.DataFrame]:
    """The run's rows of a large table, a file (or record batch) at a time."""
    if name == "quality_results":
        keys = [quality_results_key(run_id)]
    else:
        keys = staging_keys(lake, run_id, "facts")
    for key in keys:
        with lake.store.local_path(key) as path:
            yield from iter_file_frames(path)


def _merge_large_table(lake: Lake, run_id: str, name: str, previous_id: str | None,
                       touched: pl.DataFrame, out: Path, work: Path) -> tuple[int, int]:
    """Write the large table ``name`` of the new release to ``out``: the previous release's
    rows of untouched reports and the run's rows. Returns its rows and the run's rows."""
    counted = _Counted(_run_frames(lake, run_id, name))
    with ExitStack() as stack:
        previous = (stack.enter_context(lake.store.local_path(
            release_key(previous_id, f"{name}.parquet"))) if previous_id else None)
        rows = merge_table_files(TABLES[name], previous, touched, counted, out, work)
    return rows, counted.rows


def _move_pointer(lake: Lake, release_id: str, manifest_key: str, previous_id: str | None,
                  pointer_version: str | None, before_pointer_swap: Callable[[], None] | None,
                  fence: Callable[[], None] | None) -> None:
    """Make the complete release ``release_id`` current (see publish_run)."""
    # Move the pointer only if nobody else did since we read it: of two racing publishes one
    # wins, the other stops here with nothing of its own visible.
    pointer = json.dumps({"release_id": release_id, "manifest": manifest_key}).encode()
    if before_pointer_swap is not None:
        before_pointer_swap()
    if fence is not None:
        fence()
    try:
        lake.store.swap(LATEST_POINTER, pointer, pointer_version)
    except ConditionFailed:
        raise PublishConflict(
            f"another publish replaced the current release while release {release_id} "
            f"was being built on {previous_id}; nothing was changed, run publish again"
        ) from None


def publish_run(lake: Lake, run_id: str, *, source_counts: dict[str, int] | None = None,
                fail_before_manifest: bool = False,
                before_pointer_swap: Callable[[], None] | None = None,
                fence: Callable[[], None] | None = None) -> PublishResult:
    """Publish a validated run. ``fail_before_manifest`` and ``before_pointer_swap`` let tests
    interrupt a publish, or interleave another one, at the two moments that matter.

    ``fence`` is called first and again right before the release pointer moves; it raises to
    stop a run that no longer holds the lake (``Lease.confirm``). Stopped there, the release's
    files stay behind without becoming current, as with the loser of two racing publishes.

    A run that replaced no report (a rerun over unchanged raw: everything carried forward)
    publishes nothing: the current release stays current.
    """
    if fence is not None:
        fence()
    run_small = {
        "reports": REPORTS.conform(lake.read_frame(validated_reports_key(run_id))),
        "parse_errors": _or_empty(read_staging(lake, run_id, "errors"), PARSE_ERRORS),
    }
    touched = _touched_ids(run_small["reports"], run_small["parse_errors"])
    previous_id, pointer_version = _read_pointer(lake)
    if previous_id is not None and touched.is_empty():
        return _unchanged(lake, previous_id)
    previous_small = ({name: lake.read_frame(release_key(previous_id, f"{name}.parquet"))
                       for name in SMALL_TABLES} if previous_id else None)
    small = merge_run(previous_small, run_small)
    derived = derive_tables(small["reports"])

    release_id = _new_release_id(lake, run_id)
    release_prefix = join("curated", "releases", release_id)
    files: dict[str, dict] = {}
    run_rows = {name: frame.height for name, frame in run_small.items()}
    # agencies: the organs with a report in this run
    run_rows.update({name: frame.height
                     for name, frame in derive_tables(run_small["reports"]).items()})
    with tempfile.TemporaryDirectory(prefix="xxgk-publish-") as tmp:
        work = Path(tmp)
        local: dict[str, Path] = {}
        for name, frame in {**small, **derived}.items():
            local[name] = work / f"{name}.parquet"
            frame.write_parquet(local[name], compression="zstd", statistics=True)
            files[name] = {"rows": frame.height}
        for name in LARGE_TABLES:
            local[name] = work / f"{name}.parquet"
            rows, run_rows[name] = _merge_large_table(lake, run_id, name, previous_id, touched,
                                                      local[name], work)
            files[name] = {"rows": rows}
        for name in CURATED_TABLE_NAMES:
            key = release_key(release_id, f"{name}.parquet")
            lake.store.put_file(key, local[name], if_absent=True)
            files[name].update(key=key, sha256=sha256_of_file(local[name]),
                               bytes=local[name].stat().st_size)
        years = small["reports"].select("report_id", "report_year")
        partitions = write_partitions(
            lake, release_prefix, years,
            lambda name: [small[name]] if name in small else iter_file_frames(local[name]),
            work)
        lake.store.put(release_key(release_id, "data_dictionary.md"),
                       render_dictionary().encode("utf-8"), if_absent=True)
        if fail_before_manifest:  # lets tests interrupt a publish between data and manifest
            raise RuntimeError("publish interrupted before the manifest was written")
        manifest = {
            "release_id": release_id, "run_id": run_id, "previous_release_id": previous_id,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "schema_version": SCHEMA_VERSION, "parser_version": PARSER_VERSION,
            "suites_sha256": suites_digest(), "division_list": division_list(),
            "tables": {n: files[n] for n in CURATED_TABLE_NAMES}, "partitions": partitions,
            "source_counts": source_counts or {},
            "run_rows": {n: run_rows[n] for n in CURATED_TABLE_NAMES},
        }
        manifest_key = lake.write_json(release_key(release_id, "manifest.json"), manifest,
                                       if_absent=True)
        _move_pointer(lake, release_id, manifest_key, previous_id, pointer_version,
                      before_pointer_swap, fence)
        for name in CURATED_TABLE_NAMES:
            lake.store.put_file(latest_key(name), local[name])
    return PublishResult(
        release_id=release_id,
        row_counts={n: files[n]["rows"] for n in CURATED_TABLE_NAMES},
        latest_uris={n: lake.uri_for(latest_key(n)) for n in CURATED_TABLE_NAMES},
        manifest_uri=lake.uri_for(manifest_key),
    )


class _Counted:
    """An iterable of frames that counts the rows passing through."""

    def __init__(self, frames: Iterable[pl.DataFrame]):
        self.frames = frames
        self.rows = 0

    def __iter__(self) -> Iterator[pl.DataFrame]:
        for frame in self.frames:
            self.rows += frame.height
            yield frame


def _unchanged(lake: Lake, release_id: str) -> PublishResult:
    manifest = read_manifest_of(lake, release_id)
    listed = [n for n in CURATED_TABLE_NAMES if n in manifest["tables"]]
    return PublishResult(
        release_id=release_id,
        row_counts={n: manifest["tables"][n]["rows"] for n in listed},
        latest_uris={n: lake.uri_for(latest_key(n)) for n in listed},
        manifest_uri=lake.uri_for(release_key(release_id, "manifest.json")),
        unchanged=True,
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
