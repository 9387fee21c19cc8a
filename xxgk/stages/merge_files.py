"""Merge a run into a release table that is too large to hold in memory (facts, check results).

At 100,000 reports a year the facts table has about ten million rows; merging and sorting it
in memory needs several GiB. Here it never sits in memory whole:

1. every input (the previous release's file in record batches, minus the reports this run
   replaces, then the run's staged batch files) is spread into buckets by the first two
   characters of ``report_id``;
2. each bucket is read back, sorted by the table key and appended to the output file.

Bucketing by a prefix keeps the global order (two ids with different prefixes compare like
their prefixes), so the output is sorted exactly as an in-memory sort would sort it, with the
same tie order: previous rows before the run's rows, each in input order. Memory is bounded by
the largest bucket (one sixteenth of the table for ids made by ``report_id_for``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

import polars as pl
import pyarrow.parquet as pq

from xxgk.schema import Table

PREFIX_CHARS = 2  # "r" + the first hex digit of the sha256: 16 buckets
READ_ROWS = 250_000  # record batch size when streaming a file
ROW_GROUP_ROWS = 250_000


def iter_file_frames(path: Path, rows: int = READ_ROWS) -> Iterator[pl.DataFrame]:
    """A Parquet file as a sequence of frames of at most ``rows`` rows."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=rows):
        yield pl.from_arrow(batch)  # type: ignore[misc]


class _Buckets:
    """Parquet files in ``folder``, one per report_id prefix, appended to batch by batch."""

    def __init__(self, table: Table, folder: Path):
        self.table = table
        self.folder = folder
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.paths: dict[str, Path] = {}

    def add(self, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        frame = self.table.conform(frame)
        keyed = frame.with_columns(pl.col("report_id").str.slice(0, PREFIX_CHARS)
                                   .alias("_bucket"))
        for (bucket,), part in keyed.partition_by("_bucket", as_dict=True,
                                                  maintain_order=True).items():
            arrow = part.drop("_bucket").to_arrow()
            writer = self.writers.get(bucket)
            if writer is None:
                path = self.folder / f"bucket-{len(self.writers):04d}.parquet"
                self.paths[bucket] = path
                writer = pq.ParquetWriter(path, arrow.schema, compression="zstd")
                self.writers[bucket] = writer
            writer.write_table(arrow)

    def close(self) -> list[Path]:
        """The bucket files in report_id order."""
        paths = []
        for bucket in sorted(self.writers):
            self.writers[bucket].close()
            paths.append(self.paths[bucket])
        return paths


def merge_table_files(table: Table, previous: Path | None, replaced_ids: pl.DataFrame,
                      run_frames: Iterable[pl.DataFrame], out: Path, workdir: Path) -> int:
    """Write ``previous`` minus the rows of ``replaced_ids`` plus ``run_frames`` to ``out``,
    sorted by the table's key; returns the number of rows written."""
    buckets = _Buckets(table, workdir)
    if previous is not None:
        for frame in iter_file_frames(previous):
            buckets.add(frame.join(replaced_ids, on="report_id", how="anti"))
    for frame in run_frames:
        buckets.add(frame)

    def sorted_buckets() -> Iterator[pl.DataFrame]:
        for path in buckets.close():
            frame = pl.read_parquet(path)
            path.unlink()
            yield from sorted_slices(frame, list(table.key), ROW_GROUP_ROWS)

    rows = write_frames(sorted_buckets(), out, row_group_rows=ROW_GROUP_ROWS)
    if not out.exists():  # nothing at all: an empty table with the declared columns
        table.empty().write_parquet(out, compression="zstd")
    return rows


def sorted_slices(frame: pl.DataFrame, key: list[str], rows: int) -> Iterator[pl.DataFrame]:
    """``frame`` sorted by ``key`` (stable, nulls last), as slices of at most ``rows`` rows.

    Only the sort order is computed on the whole frame; the rows are gathered a slice at a
    time, so a sorted copy of the whole bucket (with its text columns) never exists.
    """
    order = frame.select(pl.arg_sort_by(key, nulls_last=True, maintain_order=True)).to_series()
    for start in range(0, frame.height, rows):
        yield frame[order.slice(start, rows)]


class FrameWriter:
    """A new Parquet file ``out`` written a frame at a time; opened with the first frame's
    schema (no file when no frame comes), always closed on leaving the ``with`` block."""

    def __init__(self, out: Path, *, row_group_rows: int | None = None):
        self.out = out
        self.row_group_rows = row_group_rows
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, frame: pl.DataFrame) -> None:
        arrow = frame.to_arrow()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.out, arrow.schema, compression="zstd")
        self._writer.write_table(arrow, row_group_size=self.row_group_rows)
        self.rows += frame.height

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> "FrameWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_frames(frames: Iterable[pl.DataFrame], out: Path, *,
                 row_group_rows: int | None = None) -> int:
    """Write ``frames`` one after another to a new Parquet file ``out`` (none when there is no
    frame at all); returns the rows written."""
    with FrameWriter(out, row_group_rows=row_group_rows) as writer:
        for frame in frames:
            writer.write(frame)
    return writer.rows


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
