"""Validate: run the suites on a run's staged tables, derive per-report results, build Data Docs."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xxgk.quality.gx_run import GxValidator
from xxgk.quality.prepare import prepare_facts, prepare_reports
from xxgk.quality.results import build_quality_results, quality_status
from xxgk.quality.review_page import render_review_page
from xxgk.quality.summary import render_markdown, summarize_quality
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
    review_page_uri: str
    quality_results_key: str
    summary_markdown: str
    failing_reports: list[dict]  # one row per failing report and check, for the run's artifacts


def validated_reports_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "reports.parquet")


def quality_results_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "quality_results.parquet")


LAST_SUMMARY = "quality/LAST_SUMMARY.json"


def _published_reports(lake: Lake) -> pl.DataFrame | None:
    """The current release's reports, for checks against the same agency's other years."""
    from xxgk.stages.publish import current_release, release_key

    release_id = current_release(lake)
    if release_id is None:
        return None
    return lake.read_frame(release_key(release_id, "reports.parquet"))


def validate_run(lake: Lake, run_id: str, suites_dir: Path | None = None) -> ValidateResult:
    reports = read_staging(lake, run_id, "reports")
    reports = REPORTS.conform(reports) if reports is not None else REPORTS.empty()
    facts = read_staging(lake, run_id, "facts")
    facts = FACTS.conform(facts) if facts is not None else FACTS.empty()
    warnings = read_staging(lake, run_id, "warnings")
    # Reports carried forward from the release with their check results (same parser, same
    # suites) are not checked again: only this run's new reports go through the suites.
    carried = read_staging(lake, run_id, "quality_results")
    carried = QUALITY_RESULTS.conform(carried) if carried is not None else QUALITY_RESULTS.empty()
    carried_ids = carried.select("report_id").unique()
    new_reports = reports.join(carried_ids, on="report_id", how="anti")
    new_facts = facts.join(carried_ids, on="report_id", how="anti")

    with tempfile.TemporaryDirectory(prefix="xxgk-docs-") as tmp:
        docs_dir = Path(tmp)
        gx = GxValidator(docs_dir, suites_dir)
        reports_frame = prepare_reports(new_reports, new_facts,
                                        history=_published_reports(lake))
        facts_frame = prepare_facts(new_facts)
        reports_outcome = gx.validate("reports", reports_frame, run_id)
        facts_outcome = gx.validate("facts", facts_frame, run_id)
        results = build_quality_results(reports_frame, facts_frame, reports_outcome,
                                        facts_outcome, warnings)
        results = pl.concat([results, carried], how="vertical").sort("report_id", "check_id")
        results_outcome = gx.validate("quality_results", results, run_id)
        docs_prefix = join(paths.quality_prefix(run_id), "data_docs")
        lake.upload_tree(docs_dir, docs_prefix)

    validated = quality_status(reports, results)
    lake.write_frame(validated_reports_key(run_id), validated)
    lake.write_frame(quality_results_key(run_id), QUALITY_RESULTS.conform(results))

    docs_uri = lake.uri_for(join(docs_prefix, "index.html"))
    raw_links = {r: lake.uri_for(lake.raw_key(sha))
                 for r, sha in validated.select("report_id", "raw_sha256").iter_rows()}
    review_key = join(paths.quality_prefix(run_id), "review.html")
    page = render_review_page(run_id, validated, results, facts, raw_links,
                              data_docs_link="data_docs/index.html")
    lake.store.put(review_key, page.encode("utf-8"))

    summary = summarize_quality(run_id, validated, results)
    previous = lake.read_json(LAST_SUMMARY) if lake.exists(LAST_SUMMARY) else None
    lake.write_json(join(paths.quality_prefix(run_id), "summary.json"), summary)
    lake.write_json(LAST_SUMMARY, summary)
    review_uri = lake.uri_for(review_key)
    markdown = render_markdown(summary, previous if previous and previous.get("run_id") != run_id
                               else None, {"Data Docs": docs_uri, "Review page": review_uri})
    failing_rows = (results.filter((pl.col("status") == "fail") & (pl.col("severity") != "info"))
                    .join(validated.select("report_id", "agency", "report_year"),
                          on="report_id", how="left")
                    .select("report_id", "agency", "report_year", "check_id", "severity",
                            "observed", "expected")
                    .head(500).to_dicts())
    return ValidateResult(
        reports=validated.height,
        status_counts=summary["status_counts"],
        failing_checks={c["check_id"]: c["reports"] for c in summary["failing_checks"]},
        suites_passed={o.name: o.success
                       for o in (reports_outcome, facts_outcome, results_outcome)},
        data_docs_uri=docs_uri,
        review_page_uri=review_uri,
        quality_results_key=quality_results_key(run_id),
        summary_markdown=markdown,
        failing_reports=failing_rows,
    )
