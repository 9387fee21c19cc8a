"""Where each stage puts its outputs, per run."""

from __future__ import annotations

from xxgk.storage.keys import join


def ingest_manifest(run_id: str) -> str:
    return join("staging", run_id, "ingest", "documents.parquet")


def parse_prefix(run_id: str) -> str:
    return join("staging", run_id, "parse")


def parse_batch(run_id: str, batch: int, table: str) -> str:
    return join("staging", run_id, "parse", f"{table}-{batch:05d}.parquet")


def quality_prefix(run_id: str) -> str:
    return join("quality", run_id)


def review_site_prefix(run_id: str) -> str:
    """The run's review site (xxgk/review/site.py), beside its Data Docs."""
    return join(quality_prefix(run_id), "review")


def review_page(run_id: str, report_id: str) -> str:
    return join(review_site_prefix(run_id), "reports", f"{report_id}.html")


def last_run_pointer() -> str:
    return join("staging", "LAST_RUN.json")
