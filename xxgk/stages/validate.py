"""Validate: run the suites on a run's staged tables, derive per-report results, build Data Docs.

The facts are checked in chunks of whole parse batches, so memory does not grow with the size
of the run (GX validates pandas frames, and copies them for every expectation); the reports
(one row each) are checked in one go, after the facts' residuals have been gathered from every
chunk. The check results are streamed to a file in slices (``results_stream``): only the
failed ones stay in memory. The tables publish derives from the release's reports (agencies)
are derived here too, from the release this run would make, and checked by their suites.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import polars as pl

from xxgk.quality.gx_run import GxValidator
from xxgk.quality.prepare import fact_residuals, prepare_facts, prepare_reports_from
from xxgk.quality.results import facts_check_results, quality_status, report_check_results
from xxgk.quality.summary import render_markdown, summarize_quality
from xxgk.review.site import build_review_site
from xxgk.review.verdicts import read_current
from xxgk.schema import FACTS, PARSE_ERRORS, QUALITY_RESULTS, REPORTS
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.results_stream import CheckResultsStream
from xxgk.stages.staging import read_staging, staging_keys
from xxgk.storage import Lake, open_lake
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
    carried: int = 0  # reports carried forward from the release with their earlier results


def validated_reports_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "reports.parquet")


def quality_results_key(run_id: str) -> str:
    return join(paths.quality_prefix(run_id), "quality_results.parquet")


LAST_SUMMARY = "quality/LAST_SUMMARY.json"


CHUNK_ROWS = 250_000  # rows per GX run of a long table: at 1M rows the pandas copies took 1.7 GiB
REPORTS_PER_SLICE = 10_000  # reports whose check results are derived at once (~13 rows each)
RESULTS_SLICE_ROWS = 150_000  # check results per GX run of the quality_results suite


def _published_reports(lake: Lake) -> pl.DataFrame | None:
    """The current release's reports, for checks against the same agency's other years."""
    from xxgk.stages.publish import current_release, release_key

    release_id = current_release(lake)
    if release_id is None:
        return None
    return lake.read_frame(release_key(release_id, "reports.parquet"))


def _derived_tables(lake: Lake, run_id: str, reports: pl.DataFrame,
                    published: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """The derived tables (agencies) of the release this run would make: the published
    reports with this run's reports in place of theirs, as publish merges them."""
    from xxgk.stages.publish import derive_tables, release_reports

    errors = read_staging(lake, run_id, "errors")
    return derive_tables(release_reports(
        published, reports, PARSE_ERRORS.conform(errors) if errors is not None
        else PARSE_ERRORS.empty()))


def _facts_chunks(lake: Lake, run_id: str) -> Iterator[pl.DataFrame]:
    """The run's staged facts in chunks of whole parse batches (so of whole reports), each of
    about CHUNK_ROWS rows at most (or one batch, when a batch is larger)."""
    pending: list[pl.DataFrame] = []
    rows = 0
    for key in staging_keys(lake, run_id, "facts"):
        frame = FACTS.conform(lake.read_frame(key))
        if pending and rows + frame.height > CHUNK_ROWS:
            yield pl.concat(pending, how="vertical")
            pending, rows = [], 0
        pending.append(frame)
        rows += frame.height
    if pending:
        yield pl.concat(pending, how="vertical")


def _review_evidence(lake: Lake, run_id: str,
                     report_ids: list[str]) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """The staged facts and cleaned texts of the given reports (the review site's evidence),
    a parse batch at a time, each file filtered as it is read (the run's facts and texts are
    never all in memory)."""
    if not report_ids:
        return
    documents = {k.rsplit("-", 1)[-1]: k for k in staging_keys(lake, run_id, "documents")}
    for key in staging_keys(lake, run_id, "facts"):
        with lake.store.local_path(key) as path:
            facts = FACTS.conform(pl.scan_parquet(path).filter(
                pl.col("report_id").is_in(report_ids)).collect())
        texts = pl.DataFrame(schema={"report_id": pl.String, "text": pl.String})
        documents_key = documents.get(key.rsplit("-", 1)[-1])
        if documents_key is not None:
            with lake.store.local_path(documents_key) as path:
                texts = pl.scan_parquet(path).select("report_id", "text").filter(
                    pl.col("report_id").is_in(report_ids)).collect()
        yield facts, texts


def _publish_review_site(lake: Lake, run_id: str, validated: pl.DataFrame,
                         failing: pl.DataFrame, has_data_docs: bool) -> str:
    """Build the run's review site and put it beside Data Docs; returns its index's URI."""
    flagged = validated.filter(pl.col("quality_status") != "pass")["report_id"].to_list()
    prefix = paths.review_site_prefix(run_id)
    with tempfile.TemporaryDirectory(prefix="xxgk-review-") as tmp:
        site = Path(tmp) / "review"
        build_review_site(site, run_id, validated, failing,
                          _review_evidence(lake, run_id, flagged), verdicts=read_current(lake),
                          data_docs_link="../data_docs/index.html" if has_data_docs else None)
        lake.upload_tree(site, prefix)
    return lake.uri_for(join(prefix, "index.html"))


def validate_run_with(settings: Settings) -> ValidateResult:
    """``validate_run`` for the settings' lake and run (picklable: runs in another process)."""
    return validate_run(open_lake(settings), settings.run_id)


def validate_run(lake: Lake, run_id: str, suites_dir: Path | None = None) -> ValidateResult:
    """Check the reports parsed in this run (reports carried forward from the release keep
    the results they were published with and are only counted)."""
    reports = read_staging(lake, run_id, "reports")
    reports = REPORTS.conform(reports) if reports is not None else REPORTS.empty()
    warnings = read_staging(lake, run_id, "warnings")
    carried = read_staging(lake, run_id, "carried")
    carried_count = carried.height if carried is not None else 0

    docs_prefix = join(paths.quality_prefix(run_id), "data_docs")
    if reports.is_empty():
        # Nothing new to check (a rerun over unchanged raw): no suite runs, no Data Docs.
        failing, suites_passed, docs_uri = QUALITY_RESULTS.empty(), {}, ""
        lake.write_frame(quality_results_key(run_id), QUALITY_RESULTS.empty())
    else:
        with tempfile.TemporaryDirectory(prefix="xxgk-validate-") as tmp:
            docs_dir = Path(tmp) / "data_docs"
            gx = GxValidator(docs_dir, suites_dir)
            results_path = Path(tmp) / "quality_results.parquet"
            with CheckResultsStream(gx, run_id, results_path, RESULTS_SLICE_ROWS) as results:
                residuals, facts_ok = [], True
                for n, chunk in enumerate(_facts_chunks(lake, run_id)):
                    facts_frame = prepare_facts(chunk)
                    outcome = gx.validate("facts", facts_frame, f"{run_id}-facts-{n + 1}")
                    facts_ok = facts_ok and outcome.success
                    results.add(facts_check_results(facts_frame, outcome))
                    residuals.append(fact_residuals(reports, chunk))
                residual = (pl.concat(residuals, how="diagonal_relaxed") if residuals
                            else fact_residuals(reports, FACTS.empty()))
                published = _published_reports(lake)
                reports_frame = prepare_reports_from(reports, residual, history=published)
                del residual, residuals
                reports_outcome = gx.validate("reports", reports_frame, run_id)
                # Derived a slice of reports at a time: about 13 result rows per report.
                for start in range(0, reports_frame.height, REPORTS_PER_SLICE):
                    part = reports_frame.slice(start, REPORTS_PER_SLICE)
                    results.add(report_check_results(
                        part, reports_outcome,
                        warnings.join(part.select("report_id"), on="report_id", how="semi")
                        if warnings is not None else None))
                del reports_frame
                derived_passed = {
                    name: gx.validate(name, frame, run_id).success
                    for name, frame in _derived_tables(lake, run_id, reports, published).items()}
                del published
                # Few rows (failed errors and warnings): sorted, so the run's lists do not depend
                # on how the work was sliced.
                failing = results.close().sort("report_id", "check_id")
            suites_passed = {"reports": reports_outcome.success, "facts": facts_ok,
                             "quality_results": results.suite_passed, **derived_passed}
            lake.store.put_file(quality_results_key(run_id), results_path)
            gx.build_data_docs()
            lake.upload_tree(docs_dir, docs_prefix)
        docs_uri = lake.uri_for(join(docs_prefix, "index.html"))

    validated = quality_status(reports, failing)
    lake.write_frame(validated_reports_key(run_id), validated)

    review_uri = _publish_review_site(lake, run_id, validated, failing, bool(docs_uri))

    summary = summarize_quality(run_id, validated, failing, carried=carried_count)
    previous = lake.read_json(LAST_SUMMARY) if lake.exists(LAST_SUMMARY) else None
    lake.write_json(join(paths.quality_prefix(run_id), "summary.json"), summary)
    lake.write_json(LAST_SUMMARY, summary)
    links = {"Data Docs": docs_uri, "Review site": review_uri} if docs_uri else \
        {"Review site": review_uri}
    links["Review queue"] = f"`xxgk review --lake {lake.uri}` (records verdicts too)"
    markdown = render_markdown(summary, previous if previous and previous.get("run_id") != run_id
                               else None, links)
    failing_rows = (failing.join(validated.select("report_id", "agency", "report_year"),
                          on="report_id", how="left")
                    .select("report_id", "agency", "report_year", "check_id", "severity",
                            "observed", "expected")
                    .head(500).to_dicts())
    return ValidateResult(
        reports=validated.height,
        status_counts=summary["status_counts"],
        failing_checks={c["check_id"]: c["reports"] for c in summary["failing_checks"]},
        suites_passed=suites_passed,
        data_docs_uri=docs_uri,
        review_page_uri=review_uri,
        quality_results_key=quality_results_key(run_id),
        summary_markdown=markdown,
        failing_reports=failing_rows,
        carried=carried_count,
    )
