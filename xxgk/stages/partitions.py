"""Hive-partitioned copies of a release's tables, by report_year, for engines.

DuckDB, Spark, Trino and polars read ``by_year/<table>/report_year=YYYY/part-0.parquet``
natively and prune by year. They sit inside the immutable release folder and are listed, with
checksums, in its manifest; the release pointer makes them visible atomically with the rest.
(Delta Lake would give the same guarantees with a transaction log; immutable releases plus a
compare-and-swapped pointer already give them here, with no further dependency.)
"""

from __future__ import annotations

import hashlib
import io

import polars as pl

from xxgk.storage import Lake
from xxgk.storage.keys import join

PARTITIONED_TABLES = ("reports", "facts", "quality_results")
UNKNOWN_YEAR = "__HIVE_DEFAULT_PARTITION__"  # the Hive convention for a null partition value


def write_partitions(lake: Lake, release_prefix: str,
                     tables: dict[str, pl.DataFrame]) -> dict[str, list[dict]]:
    years = tables["reports"].select("report_id", "report_year")
    written: dict[str, list[dict]] = {}
    for name in PARTITIONED_TABLES:
        frame = tables[name]
        if name != "reports":
            frame = frame.join(years, on="report_id", how="left")
        files = []
        for (year,), part in frame.partition_by("report_year", as_dict=True,
                                                maintain_order=True).items():
            value = UNKNOWN_YEAR if year is None else str(year)
            buf = io.BytesIO()
            part.drop("report_year" if name != "reports" else []).write_parquet(
                buf, compression="zstd", statistics=True)
            data = buf.getvalue()
            key = join(release_prefix, "by_year", name, f"report_year={value}", "part-0.parquet")
            lake.store.put(key, data, if_absent=True)
            files.append({"key": key, "rows": part.height,
                          "sha256": hashlib.sha256(data).hexdigest()})
        written[name] = sorted(files, key=lambda f: f["key"])
    return written
