"""The run's check results as a stream: checked by the quality_results suite and written to a
local Parquet file a slice at a time, so that they never sit in memory whole.

At 100,000 reports a run has about 1.3 million check results. Held whole, with their pandas
copy for GX, they were the largest thing validate kept. Everything validate does with them
afterwards (quality_status, the summary, the review site, the failing rows of the run's
artifacts) reads only the failed error and warning rows, so only those are kept.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from xxgk.quality.gx_run import GxValidator
from xxgk.schema import QUALITY_RESULTS
from xxgk.stages.merge_files import FrameWriter


def _failing(frame: pl.DataFrame) -> pl.Expr:
    return (pl.col("status") == "fail") & (pl.col("severity") != "info")


class CheckResultsStream:
    """Collects result parts; every ``slice_rows`` rows (and at ``close``) the slice is
    validated, appended to ``path`` and dropped, keeping its failed error/warning rows."""

    def __init__(self, gx: GxValidator, run_id: str, path: Path, slice_rows: int):
        self.gx = gx
        self.run_id = run_id
        self.path = path
        self.slice_rows = slice_rows
        self.suite_passed = True
        self._pending: list[pl.DataFrame] = []
        self._pending_rows = 0
        self._slices = 0
        self._failing: list[pl.DataFrame] = []
        self._writer = FrameWriter(path)

    def add(self, part: pl.DataFrame) -> None:
        if part.is_empty():
            return
        self._pending.append(QUALITY_RESULTS.conform(part))
        self._pending_rows += part.height
        if self._pending_rows >= self.slice_rows:
            self._flush(last=False)

    def __enter__(self) -> "CheckResultsStream":
        return self

    def __exit__(self, *exc: object) -> None:
        # On an error the file is left incomplete (the temporary folder goes with it), but the
        # writer is closed now, not whenever the garbage collector gets to it.
        self._writer.close()

    def close(self) -> pl.DataFrame:
        """Flush the last slice and close the file; returns the failed error/warning rows."""
        if self._pending:
            self._flush(last=True)
        self._writer.close()
        if self._writer.rows == 0:  # no result at all: an empty table with the declared columns
            QUALITY_RESULTS.empty().write_parquet(self.path, compression="zstd")
        return (pl.concat(self._failing, how="vertical") if self._failing
                else QUALITY_RESULTS.empty())

    def _flush(self, last: bool) -> None:
        chunk = pl.concat(self._pending, how="vertical")
        self._pending, self._pending_rows = [], 0
        self._slices += 1
        # A run whose results fit one slice keeps the run id as its Data Docs name.
        name = self.run_id if last and self._slices == 1 else \
            f"{self.run_id}-results-{self._slices}"
        self.suite_passed = self.gx.validate("quality_results", chunk, name).success \
            and self.suite_passed
        self._writer.write(chunk)
        self._failing.append(chunk.filter(_failing(chunk)))
