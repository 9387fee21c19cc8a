"""Reading a run's staging tables back (all batches of one table)."""

from __future__ import annotations

import polars as pl

from xxgk.stages import paths
from xxgk.storage import Lake


def staging_keys(lake: Lake, run_id: str, table: str) -> list[str]:
    """The keys of one staging table's batch files, in batch order."""
    return [k for k in lake.list(paths.parse_prefix(run_id))
            if k.rsplit("/", 1)[-1].startswith(table + "-")]


def read_staging(lake: Lake, run_id: str, table: str) -> pl.DataFrame | None:
    """All batches of one staging table of a run (None when the run wrote none)."""
    keys = staging_keys(lake, run_id, table)
    if not keys:
        return None
    return pl.concat([lake.read_frame(k) for k in keys], how="vertical_relaxed")
