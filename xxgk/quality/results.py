"""Per-report check results and quality_status, derived from the suites' outcomes.

A check concerns a report when its ``applies`` flag is set (table checks only for reports with
that table). Its status is ``fail`` when the suite found the report among the unexpected rows
of any of the check's columns, ``not_assessable`` when a needed residual is null (a blank or
"/" cell, or a value the report does not give), and ``pass`` otherwise.
"""

from __future__ import annotations

import polars as pl

from xxgk.quality.checks import Check, facts_checks, reports_checks
from xxgk.quality.gx_run import SuiteOutcome
from xxgk.schema import QUALITY_RESULTS


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "null"  # pandas turns missing values into NaN
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _expected(check: Check) -> str:
    if check.kind == "not_null":
        return "present"
    if check.kind == "zero":
        return "gap 0"
    if check.min_value is not None and check.max_value is not None:
        return f"{_fmt(check.min_value)}..{_fmt(check.max_value)}"
    if check.min_value is not None:
        return f">= {_fmt(check.min_value)}"
    return f"<= {_fmt(check.max_value)}"


def _failures(outcome: SuiteOutcome, check_id: str) -> dict[str, list[str]]:
    """report_id -> ["column: value", ...] for every failing row of the check."""
    failing: dict[str, list[str]] = {}
    for e in outcome.expectations:
        if e.meta.get("check_id") != check_id:
            continue
        for report_id, value in e.unexpected:
            label = (e.column or "").split("__", 1)[-1]
            failing.setdefault(report_id, []).append(f"{label}: {_fmt(value)}")
    return failing


def _check_rows(check: Check, frame: pl.DataFrame, outcome: SuiteOutcome) -> pl.DataFrame:
    applicable = frame.filter(pl.col(check.applies)) if check.applies else frame
    if applicable.is_empty():
        return QUALITY_RESULTS.empty()
    cols = [c for c in check.columns if c in applicable.columns]
    if check.kind == "zero":
        unknown = pl.any_horizontal([pl.col(c).is_null() for c in cols])
    elif check.kind == "between":
        unknown = pl.all_horizontal([pl.col(c).is_null() for c in cols])
    else:
        unknown = pl.lit(False)
    note = (pl.col(check.note).drop_nulls().first() if check.note and check.note in
            applicable.columns else pl.lit(None, dtype=pl.String)).alias("note")
    base = applicable.group_by("report_id", maintain_order=True).agg(
        unknown.any().alias("unk"), note)
    failing = _failures(outcome, check.check_id)
    fail_frame = pl.DataFrame(
        {"report_id": list(failing), "observed": ["; ".join(v) for v in failing.values()]},
        schema={"report_id": pl.String, "observed": pl.String})
    joined = base.join(fail_frame, on="report_id", how="left")
    expected = _expected(check)
    return joined.select(
        "report_id",
        pl.lit(check.check_id).alias("check_id"),
        pl.lit(check.severity).alias("severity"),
        pl.when(pl.col("observed").is_not_null()).then(pl.lit("fail"))
        .when(pl.col("unk")).then(pl.lit("not_assessable"))
        .otherwise(pl.lit("pass")).alias("status"),
        "observed",
        pl.lit(expected).alias("expected"),
        pl.when(pl.col("observed").is_not_null())
        .then(pl.lit(f"{check.description}: expected {expected}, found ") + pl.col("observed"))
        .when(pl.col("unk") & pl.col("note").is_not_null())
        .then(pl.lit(f"{check.description}: not assessable, ") + pl.col("note"))
        .when(pl.col("unk"))
        .then(pl.lit(f"{check.description}: not assessable, a needed value is missing"))
        .otherwise(pl.lit(check.description)).alias("message"),
    )


def build_quality_results(reports_frame: pl.DataFrame, facts_frame: pl.DataFrame,
                          reports_outcome: SuiteOutcome, facts_outcome: SuiteOutcome,
                          parse_warnings: pl.DataFrame | None = None) -> pl.DataFrame:
    parts = [report_check_results(reports_frame, reports_outcome, parse_warnings),
             facts_check_results(facts_frame, facts_outcome)]
    return pl.concat(parts, how="vertical").sort("report_id", "check_id")


def report_check_results(reports_frame: pl.DataFrame, outcome: SuiteOutcome,
                         parse_warnings: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per-report rows of the report-level checks, plus the parser's warnings (info)."""
    parts = [_check_rows(c, reports_frame, outcome) for c in reports_checks()]
    if parse_warnings is not None and not parse_warnings.is_empty():
        parts.append(parse_warnings.group_by("report_id", maintain_order=True).agg(
            pl.col("warning").str.join("; ").alias("observed")).select(
            "report_id", pl.lit("parse.warnings").alias("check_id"),
            pl.lit("info").alias("severity"), pl.lit("fail").alias("status"), "observed",
            pl.lit(None, dtype=pl.String).alias("expected"),
            (pl.lit("the parser noted: ") + pl.col("observed")).alias("message")))
    return pl.concat([QUALITY_RESULTS.conform(p) for p in parts], how="vertical")


def facts_check_results(facts_frame: pl.DataFrame, outcome: SuiteOutcome) -> pl.DataFrame:
    """Per-report rows of the fact-level checks; ``facts_frame`` may be any whole-report
    subset of the facts (validation runs in chunks), ``outcome`` that subset's."""
    counted = facts_frame.filter(pl.col("count_value").is_not_null())
    parts = [_check_rows(c, counted, outcome) for c in facts_checks()]
    return pl.concat([QUALITY_RESULTS.conform(p) for p in parts] or [QUALITY_RESULTS.empty()],
                     how="vertical")


def quality_status(reports: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """reports with quality_status set: fail on any failed error, warn on any failed warning."""
    failed = results.filter(pl.col("status") == "fail")
    worst = failed.group_by("report_id").agg(
        (pl.col("severity") == "error").any().alias("has_error"),
        (pl.col("severity") == "warning").any().alias("has_warning"))
    return reports.drop("quality_status").join(worst, on="report_id", how="left").with_columns(
        pl.when(pl.col("has_error")).then(pl.lit("fail"))
        .when(pl.col("has_warning")).then(pl.lit("warn"))
        .otherwise(pl.lit("pass")).alias("quality_status")
    ).drop("has_error", "has_warning").select(reports.columns)
