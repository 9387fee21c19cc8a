"""Validate: run the suites on a run's staged tables, derive per-report results, build Data Docs."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xxgk.quality.gx_run import GxValidator
from xxgk.quality.prepare import prepare_facts, prepare_reports
from xxgk.quality.results import build_quality_results, quality_status
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS
from xxgk.stages import paths
from xxgk.stages.staging import read_staging
from xxgk.storage import Lake
from xxgk.storage.keys import join


@dataclass(frozen=True)
class ValidateResult:
    reports: int
    status_counts: dict[str, int]
    failing_checks: dict[str, int]  # check_id -> reports failing it
    suites_passed: dict[str, bool]
    data_docs_uri: str
    quality_results_key: str


def validated_reports_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "reports.parquet")


def quality_results_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "quality_results.parquet")


def validate_run(lake: Lake, run_id: str, suites_dir: Path | None = None) -> ValidateResult:
    reports = read_staging(lake, run_id, "reports")
    reports = REPORTS.conform(reports) if reports is not None else REPORTS.empty()
    facts = read_staging(lake, run_id, "facts")
    facts = FACTS.conform(facts) if facts is not None else FACTS.empty()
    warnings = read_staging(lake, run_id, "warnings")

    with tempfile.TemporaryDirectory(prefix="xxgk-docs-") as tmp:
        docs_dir = Path(tmp)
        gx = GxValidator(docs_dir, suites_dir)
        reports_frame = prepare_reports(reports, facts)
        facts_frame = prepare_facts(facts)
        reports_outcome = gx.validate("reports", reports_frame, run_id)
        facts_outcome = gx.validate("facts", facts_frame, run_id)
        results = build_quality_results(reports_frame, facts_frame, reports_outcome,
                                        facts_outcome, warnings)
        results_outcome = gx.validate("quality_results", results, run_id)
        docs_prefix = join(paths.quality_prefix(run_id), "data_docs")
        lake.upload_tree(docs_dir, docs_prefix)

    validated = quality_status(reports, results)
    lake.write_frame(validated_reports_key(run_id), validated)
    lake.write_frame(quality_results_key(run_id), QUALITY_RESULTS.conform(results))
    counts = dict(validated.group_by("quality_status").len().iter_rows())
    failing = (results.filter(pl.col("status") == "fail").group_by("check_id").len()
               .sort("len", descending=True))
    return ValidateResult(
        reports=validated.height,
        status_counts={s: int(counts.get(s, 0)) for s in ("pass", "warn", "fail")},
        failing_checks={k: int(v) for k, v in failing.iter_rows()},
        suites_passed={o.name: o.success
                       for o in (reports_outcome, facts_outcome, results_outcome)},
        data_docs_uri=lake.uri_for(join(docs_prefix, "index.html")),
        quality_results_key=quality_results_key(run_id),
    )
