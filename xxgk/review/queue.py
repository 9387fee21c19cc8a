"""The review queue: the flagged checks of the current release that wait for a decision.

A check is flagged when it failed with severity error or warning (the parser's own notes,
``info``, are not). A source_error or accepted verdict takes it out of the queue for good;
a parser_error verdict takes it out while the report is read by the parser version the
reviewer saw: once the parser changes and the check still fails, it comes back. Verdicts
never change the curated data: the report stays flagged there.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from xxgk.schema import QUALITY_RESULTS, REPORTS

QUEUE_REPORT_COLUMNS = ("report_id", "raw_sha256", "agency", "report_year", "template",
                        "admin_level", "sector", "quality_status", "parser_version",
                        "source_url", "run_id")


@dataclass(frozen=True)
class QueueFilter:
    check: str | None = None  # a check id, or a prefix ending in "." (table3.)
    agency: str | None = None  # part of the agency's name
    year: int | None = None


def flagged_checks(reports: pl.DataFrame, results: pl.DataFrame,
                   verdicts: pl.DataFrame) -> pl.DataFrame:
    """Every failed error or warning of the reports, with its report's fields and the
    current verdict (null columns when none) and ``in_queue``."""
    failed = QUALITY_RESULTS.conform(results).filter(
        (pl.col("status") == "fail") & pl.col("severity").is_in(["error", "warning"]))
    rep = REPORTS.conform(reports).select(QUEUE_REPORT_COLUMNS)
    decided = verdicts.select(
        "raw_sha256", "check_id", "verdict", "note", "reviewer", "decided_at",
        pl.col("parser_version").alias("verdict_parser_version"))
    joined = (failed.join(rep, on="report_id", how="inner")
              .join(decided, on=["raw_sha256", "check_id"], how="left"))
    settled = (pl.col("verdict").is_in(["source_error", "accepted"])
               | ((pl.col("verdict") == "parser_error")
                  & (pl.col("verdict_parser_version") == pl.col("parser_version"))))
    return joined.with_columns(in_queue=~settled.fill_null(False)).sort(
        "quality_status", "report_id", "check_id")  # fail before warn


def review_queue(reports: pl.DataFrame, results: pl.DataFrame, verdicts: pl.DataFrame,
                 where: QueueFilter = QueueFilter()) -> pl.DataFrame:
    """The checks still waiting for a decision, filtered."""
    queue = flagged_checks(reports, results, verdicts).filter(pl.col("in_queue"))
    return apply_filter(queue, where)


def apply_filter(frame: pl.DataFrame, where: QueueFilter) -> pl.DataFrame:
    if where.check:
        frame = frame.filter(pl.col("check_id").str.starts_with(where.check)
                             if where.check.endswith(".")
                             else pl.col("check_id") == where.check)
    if where.agency:
        frame = frame.filter(pl.col("agency").str.contains(where.agency, literal=True))
    if where.year is not None:
        frame = frame.filter(pl.col("report_year") == where.year)
    return frame
