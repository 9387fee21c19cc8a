"""Hive-partitioned copies of a release's tables, by report_year, for engines.

DuckDB, Spark, Trino and polars read ``by_year/<table>/report_year=YYYY/part-0.parquet``
natively and prune by year. They sit inside the immutable release folder and are listed, with
checksums, in its manifest; the release pointer makes them visible atomically with the rest.
(Delta Lake would give the same guarantees with a transaction log; immutable releases plus a
compare-and-swapped pointer already give them here, with no further dependency.)

Tables arrive as a stream of frames (the facts of a large release never sit in memory whole);
each year's rows are appended to that year's file in arrival order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import polars as pl
import pyarrow.parquet as pq

from xxgk.stages.merge_files import sha256_of_file
from xxgk.storage import Lake
from xxgk.storage.keys import join

PARTITIONED_TABLES = ("reports", "facts", "quality_results")
UNKNOWN_YEAR = "__HIVE_DEFAULT_PARTITION__"  # the Hive convention for a null partition value


def write_partitions(lake: Lake, release_prefix: str, years: pl.DataFrame,
                     frames_of: Callable[[str], Iterable[pl.DataFrame]],
                     workdir: Path) -> dict[str, list[dict]]:
    """``years``: report_id -> report_year; ``frames_of(table)`` streams a table's rows."""
    written: dict[str, list[dict]] = {}
    for name in PARTITIONED_TABLES:
        folder = workdir / f"by_year-{name}"
        folder.mkdir()
        writers: dict[str, tuple[pq.ParquetWriter, Path]] = {}
        rows: dict[str, int] = {}
        try:
            for frame in frames_of(name):
                if name != "reports":
                    frame = frame.join(years, on="report_id", how="left")
                for (year,), part in frame.partition_by("report_year", as_dict=True,
                                                        maintain_order=True).items():
                    value = UNKNOWN_YEAR if year is None else str(year)
                    arrow = part.drop("report_year" if name != "reports" else []).to_arrow()
                    if value not in writers:
                        path = folder / f"{len(writers):04d}.parquet"
                        writers[value] = (pq.ParquetWriter(path, arrow.schema,
                                                           compression="zstd"), path)
                    writers[value][0].write_table(arrow)
                    rows[value] = rows.get(value, 0) + part.height
        finally:
            for writer, _ in writers.values():
                writer.close()
        files = []
        for value, (_, path) in writers.items():
            key = join(release_prefix, "by_year", name, f"report_year={value}", "part-0.parquet")
            lake.store.put_file(key, path, if_absent=True)
            files.append({"key": key, "rows": rows[value], "sha256": sha256_of_file(path)})
            path.unlink()
        written[name] = sorted(files, key=lambda f: f["key"])
    return written
