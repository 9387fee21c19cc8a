"""Run the suites as Great Expectations checkpoints and build Data Docs on the filesystem.

GX 1.x has no polars engine, so frames are validated as pandas frames; every expectation
reports its failing rows by ``report_id`` (``agency_id`` in the agencies table) so that
per-report results can be derived from the suite itself (one place for each rule).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from xxgk.quality.data_docs_offline import OfflineSite, make_site_offline
from xxgk.quality.suites import load_suite, row_id_column

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ExpectationOutcome:
    meta: dict
    expectation_type: str
    column: str | None
    success: bool
    element_count: int
    unexpected: tuple[tuple[str, object], ...]  # (report_id or agency_id, value)


@dataclass(frozen=True)
class SuiteOutcome:
    name: str
    success: bool
    evaluated: int
    successful: int
    expectations: tuple[ExpectationOutcome, ...]


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in ("great_expectations", "great_expectations.core", "py.warnings"):
        logging.getLogger(name).setLevel(logging.ERROR)


REPEATED_SHARE = 0.05  # a text column with fewer distinct values than this share of its rows


def pandas_for_gx(frame: pl.DataFrame) -> "pd.DataFrame":
    """The pandas frame GX validates: the same values, with text columns that repeat a few
    values (section, unit, qualifier, check_id, status, ...) as pandas categoricals.

    As plain pandas strings every cell is a Python object, and GX copies the frame for each
    expectation: a chunk of 250,000 facts or check results cost hundreds of MiB. The checks
    read the values, not the dtype (null, in-set and range tests behave the same).
    """
    repeated = [name for name, dtype in frame.schema.items()
                if dtype == pl.String and frame.height >= 1000
                and frame[name].n_unique() < REPEATED_SHARE * frame.height]
    if repeated:
        frame = frame.with_columns(pl.col(repeated).cast(pl.Categorical))
    return frame.to_pandas()


class GxValidator:
    """One GX context per validate run, with a filesystem Data Docs site in ``docs_dir``."""

    def __init__(self, docs_dir: Path, suites_dir: Path | None = None):
        _quiet_gx()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.docs_dir = docs_dir
        self.suites_dir = suites_dir
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        for site in list(self.context.get_site_names()):
            self.context.delete_data_docs_site(site)
        self.context.add_data_docs_site(site_name="xxgk", site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
        self.source = self.context.data_sources.add_or_update_pandas("xxgk")
        self._checkpoints: dict[str, object] = {}

    def _checkpoint(self, name: str):
        """The suite's checkpoint, set up once per context (a suite may validate several
        chunks of one table in a run)."""
        if name in self._checkpoints:
            return self._checkpoints[name]
        gx = self._gx
        suite = gx.ExpectationSuite(**load_suite(name, self.suites_dir))
        suite = self.context.suites.add_or_update(suite)
        asset = self.source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(name)
        definition = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        checkpoint = self._checkpoints[name] = self.context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"xxgk_{name}", validation_definitions=[definition],
                # Data Docs are built once, after the last validation (build_data_docs): an
                # update action per run rebuilt the index and re-compiled the templates each
                # time, about half a second for every chunk of a long table.
                actions=[],
                result_format={"result_format": "COMPLETE",
                               "unexpected_index_column_names": [row_id_column(name)]}))
        return checkpoint

    def validate(self, name: str, frame: pl.DataFrame, run_name: str) -> SuiteOutcome:
        checkpoint = self._checkpoint(name)
        row_id = row_id_column(name)
        from great_expectations.core.run_identifier import RunIdentifier

        result = checkpoint.run(batch_parameters={"dataframe": pandas_for_gx(frame)},
                                run_id=RunIdentifier(run_name=run_name))
        (validation,) = result.run_results.values()
        outcomes = []
        for r in validation.results:
            cfg = r.expectation_config
            column = cfg.kwargs.get("column")
            unexpected = tuple(
                (row[row_id], row.get(column) if column else None)
                for row in (r.result or {}).get("unexpected_index_list") or ()
            )
            outcomes.append(ExpectationOutcome(
                meta=dict(cfg.meta or {}), expectation_type=cfg.type, column=column,
                success=bool(r.success), element_count=(r.result or {}).get("element_count", 0),
                unexpected=unexpected))
        stats = validation.statistics
        return SuiteOutcome(name, bool(validation.success), int(stats["evaluated_expectations"]),
                            int(stats["successful_expectations"]), tuple(outcomes))

    def build_data_docs(self) -> OfflineSite:
        """Render every validation of this context, the suites and the index to docs_dir,
        with the pages' CSS, JavaScript and fonts copied in (the site needs no network)."""
        self.context.build_data_docs(site_names=["xxgk"])
        return make_site_offline(self.docs_dir)

    @property
    def index_path(self) -> Path:
        return self.docs_dir / "index.html"
