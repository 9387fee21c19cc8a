"""The short summary a run ends with: what came in, what was published, what failed, where."""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.settings import Settings
from xxgk.stages.ingest import IngestResult
from xxgk.stages.parse import BatchResult
from xxgk.stages.publish import PublishResult
from xxgk.stages.validate import ValidateResult


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    lake: str
    documents_in: int
    new_raw: int
    ingest_errors: int
    reports_parsed: int
    cached: int
    facts: int
    parse_errors: int
    status_counts: dict[str, int]
    failing_checks: dict[str, int]
    release_id: str
    release_rows: dict[str, int]
    latest_uris: dict[str, str]
    data_docs_uri: str
    review_page_uri: str
    release_unchanged: bool = False

    def render(self) -> str:
        top = ", ".join(f"{k} ({v})" for k, v in list(self.failing_checks.items())[:5]) or "none"
        lines = [
            f"run {self.run_id} on {self.lake}",
            f"  documents in      {self.documents_in} ({self.new_raw} new in raw, "
            f"{self.ingest_errors} could not be read)",
            f"  reports parsed    {self.reports_parsed} ({self.facts} facts), "
            f"{self.parse_errors} parse errors; {self.cached} carried forward unchanged",
            self._quality_line(top),
            f"  release           {self.release_id}"
            + (" (unchanged: nothing new to publish)" if self.release_unchanged else "") + ": "
            + ", ".join(f"{k} {v}" for k, v in self.release_rows.items()),
            "  curated data      " + "\n                    ".join(self.latest_uris.values()),
            f"  quality report    {self.data_docs_uri or 'none: no report was new to check'}",
            f"  review site       {self.review_page_uri}",
        ]
        return "\n".join(lines)

    def _quality_line(self, top: str) -> str:
        counts = self.status_counts
        if not sum(counts.values()):
            return ("  quality           nothing new to check"
                    + (f"; {self.cached} carried forward with their earlier results"
                       if self.cached else ""))
        return (f"  quality           pass {counts.get('pass', 0)}, warn {counts.get('warn', 0)}, "
                f"fail {counts.get('fail', 0)} of the reports checked in this run; "
                f"failing checks: {top}")


def summarize(settings: Settings, ingested: IngestResult, parsed: list[BatchResult],
              validated: ValidateResult, published: PublishResult) -> RunSummary:
    return RunSummary(
        run_id=settings.run_id, lake=settings.lake, documents_in=ingested.documents,
        new_raw=ingested.new_raw, ingest_errors=ingested.errors,
        reports_parsed=sum(b.reports for b in parsed), cached=sum(b.cached for b in parsed),
        facts=sum(b.facts for b in parsed),
        parse_errors=sum(b.errors for b in parsed), status_counts=validated.status_counts,
        failing_checks=validated.failing_checks, release_id=published.release_id,
        release_rows=published.row_counts, latest_uris=published.latest_uris,
        data_docs_uri=validated.data_docs_uri, review_page_uri=validated.review_page_uri,
        release_unchanged=published.unchanged,
    )
