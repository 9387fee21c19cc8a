"""What ``xxgk review`` does on a lake: list the queue, record a verdict, export parser errors.

Each reads the current release (its reports and check results) and the verdicts; nothing
here changes the release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xxgk.review.gold_export import GoldExport, export_parser_errors
from xxgk.review.queue import QueueFilter, flagged_checks, review_queue
from xxgk.review.verdicts import Verdict, read_current, record_verdict
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS
from xxgk.stages import paths
from xxgk.stages.publish import current_release, release_key
from xxgk.storage import Lake


class ReviewError(Exception):
    """A request the lake cannot answer (no release, unknown report or check): nothing done."""


@dataclass(frozen=True)
class ReleaseView:
    release_id: str
    reports: pl.DataFrame
    results: pl.DataFrame


def read_release_view(lake: Lake) -> ReleaseView:
    release_id = current_release(lake)
    if release_id is None:
        raise ReviewError(f"no published release in {lake.uri}: run the pipeline first")
    return ReleaseView(
        release_id,
        REPORTS.conform(lake.read_frame(release_key(release_id, "reports.parquet"))),
        QUALITY_RESULTS.conform(lake.read_frame(
            release_key(release_id, "quality_results.parquet"))))


def list_queue(lake: Lake, where: QueueFilter) -> tuple[pl.DataFrame, int]:
    """(the queue, filtered; how many flagged checks of the release are decided)."""
    view = read_release_view(lake)
    verdicts = read_current(lake)
    flagged = flagged_checks(view.reports, view.results, verdicts)
    return review_queue(view.reports, view.results, verdicts, where), int(
        (~flagged["in_queue"]).sum())


def render_queue(queue: pl.DataFrame, decided: int, limit: int, lake_uri: str = "") -> str:
    lines = [f"{queue.height} flagged checks wait for a verdict ({decided} decided in this "
             "release)"]
    for row in queue.head(limit).iter_rows(named=True):
        observed = (row["observed"] or "")[:60]
        lines.append(f"  {row['report_id']}  {row['check_id']:<38} {row['severity']:<7} "
                     f"{row['report_year'] or '----'}  {row['agency'] or '(agency unknown)'}  "
                     f"{observed}")
        if row["verdict"] == "parser_error":
            lines.append(f"      back in the queue: judged parser_error under parser "
                         f"{row['verdict_parser_version']}, still failing")
    if queue.height > limit:
        lines.append(f"  … {queue.height - limit} more (--limit, or filter by --check, "
                     "--agency, --year)")
    if queue.height and lake_uri:
        row = queue.row(0, named=True)
        page = paths.review_page(row["run_id"], row["report_id"])
        lines.append("Each report's page is in the review site of the run that checked it, "
                     f"e.g. {lake_uri.rstrip('/')}/{page}")
    return "\n".join(lines)


def decide(lake: Lake, report: str, check_id: str, verdict: str, note: str,
           reviewer: str) -> tuple[str, dict]:
    """Record a verdict on a flagged check of the current release. ``report`` is a report_id
    or a raw sha256. Returns (the verdict's key, the report's row)."""
    view = read_release_view(lake)
    match = view.reports.filter((pl.col("report_id") == report)
                                | (pl.col("raw_sha256") == report))
    if match.is_empty():
        raise ReviewError(f"no report {report!r} in release {view.release_id}")
    row = match.row(0, named=True)
    result = view.results.filter((pl.col("report_id") == row["report_id"])
                                 & (pl.col("check_id") == check_id))
    if result.is_empty():
        known = ", ".join(sorted(view.results.filter(
            pl.col("report_id") == row["report_id"])["check_id"].to_list())) or "none"
        raise ReviewError(f"report {row['report_id']} has no check {check_id!r} "
                          f"(its checks: {known})")
    status, severity = result["status"][0], result["severity"][0]
    if status != "fail" or severity == "info":
        raise ReviewError(f"check {check_id} of report {row['report_id']} is {status} "
                          f"({severity}): only failed errors and warnings are reviewed")
    try:
        key = record_verdict(lake, Verdict(
            raw_sha256=row["raw_sha256"], check_id=check_id, verdict=verdict, note=note,
            reviewer=reviewer, parser_version=row["parser_version"],
            release_id=view.release_id))
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    return key, row


def export_gold(lake: Lake, out: Path) -> GoldExport:
    view = read_release_view(lake)
    verdicts = read_current(lake)
    wanted = view.reports.join(
        verdicts.filter(pl.col("verdict") == "parser_error").select("raw_sha256").unique(),
        on="raw_sha256", how="semi")["report_id"].to_list()
    with lake.store.local_path(release_key(view.release_id, "facts.parquet")) as path:
        facts = FACTS.conform(pl.scan_parquet(path).filter(
            pl.col("report_id").is_in(wanted)).collect())
    try:
        return export_parser_errors(lake, view.reports, facts, verdicts, out)
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
