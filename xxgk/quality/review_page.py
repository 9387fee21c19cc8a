"""The review page: one self-contained HTML file listing flagged reports with their evidence.

Reviewers open it without a network (no scripts, no external CSS or fonts). Every piece of text
that comes from a document is escaped: pages in the wild carry injected HTML and scripts, and
they must show up as text, never run.
"""

from __future__ import annotations

import html
from collections import defaultdict

import polars as pl

MAX_LISTED = 1000  # flagged reports listed: a page with 100,000 of them no browser opens


def _flagged(reports: pl.DataFrame) -> pl.DataFrame:
    return reports.filter(pl.col("quality_status") != "pass").sort(
        "quality_status", "report_id")  # fail before warn


def listed_report_ids(reports: pl.DataFrame, max_listed: int = MAX_LISTED) -> list[str]:
    """The reports the page lists, in its order: only their facts need to be passed in."""
    return _flagged(reports).head(max_listed)["report_id"].to_list()

# Which facts are the evidence of a check's verdict.
_EVIDENCE_SECTIONS = {
    "table3.": ("table3", None),
    "table4.": ("table4", None),
    "text.proactive": ("text", ("proactive_total", "proactive_channel", "proactive_category")),
    "text_vs_table.applications": (None, ("applications_received", "new_received")),
    "counts.": (None, None),
    "facts.": (None, None),
}
_STYLE = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0 1em} td,th{border:1px solid #ccc;padding:3px 6px;
vertical-align:top;font-size:.9em} th{background:#f3f3f3} .fail{color:#a00;font-weight:bold}
.warn{color:#a60;font-weight:bold} .evidence{font-family:monospace;white-space:pre-wrap}
.meta{color:#555}
"""


def _e(value: object) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def _evidence_for(check_id: str, facts: pl.DataFrame | None) -> list[dict]:
    """At most 40 of a report's facts that are the evidence of the check's verdict (only
    those become Python objects: the listed reports' facts can be 100,000 rows)."""
    if facts is None:
        return []
    for prefix, (section, items) in _EVIDENCE_SECTIONS.items():
        if check_id.startswith(prefix):
            wanted = pl.lit(True)
            if section is not None:
                wanted = wanted & (pl.col("section") == section)
            if items is not None:
                wanted = wanted & pl.col("item").is_in(list(items))
            return facts.filter(wanted).head(40).to_dicts()
    return []


def render_review_page(run_id: str, reports: pl.DataFrame, results: pl.DataFrame,
                       facts: pl.DataFrame, raw_links: dict[str, str],
                       data_docs_link: str | None = None, max_listed: int = MAX_LISTED) -> str:
    """``facts`` needs only the rows of the listed reports (``listed_report_ids``)."""
    all_flagged = _flagged(reports)
    flagged = all_flagged.head(max_listed)
    failing = results.filter((pl.col("status") == "fail") & (pl.col("severity") != "info"))
    by_report: dict[str, list[dict]] = defaultdict(list)
    for row in failing.iter_rows(named=True):
        by_report[row["report_id"]].append(row)
    flagged_ids = set(flagged["report_id"])
    facts_by_report = {rid: frame for (rid,), frame in facts.filter(
        pl.col("report_id").is_in(list(flagged_ids))).partition_by(
        "report_id", as_dict=True, maintain_order=True).items()}
    counts = dict(reports.group_by("quality_status").len().iter_rows())

    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
           f"<title>Review {_e(run_id)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>Quality review — run {_e(run_id)}</h1>",
           f"<p class='meta'>{counts.get('pass', 0)} pass, {counts.get('warn', 0)} warn, "
           f"{counts.get('fail', 0)} fail of {reports.height} reports. "
           + (f"Full suite results: <a href='{_e(data_docs_link)}'>Data Docs</a>."
              if data_docs_link else "") + "</p>"]
    if flagged.is_empty():
        out.append("<p>No report is flagged.</p>")
    elif all_flagged.height > flagged.height:
        out.append(f"<p class='meta'>The first {flagged.height} of {all_flagged.height} flagged "
                   "reports (failing first); every check result is in the run's "
                   "quality_results.parquet.</p>")
    for rep in flagged.iter_rows(named=True):
        rid = rep["report_id"]
        status = rep["quality_status"]
        out.append(f"<h2 id='{_e(rid)}'><span class='{_e(status)}'>{_e(status)}</span> "
                   f"{_e(rep['agency'] or '(agency unknown)')} {_e(rep['report_year'] or '')} "
                   f"<span class='meta'>{_e(rid)}</span></h2>")
        link = raw_links.get(rid)
        out.append(f"<p class='meta'>source: {_e(rep['source_url'])}"
                   + (f" · <a href='{_e(link)}'>raw document</a>" if link else "") + "</p>")
        for check in by_report.get(rid, []):
            out.append("<table><tr><th>check</th><th>severity</th><th>observed</th>"
                       "<th>expected</th><th>message</th></tr>"
                       f"<tr><td>{_e(check['check_id'])}</td><td>{_e(check['severity'])}</td>"
                       f"<td>{_e(check['observed'])}</td><td>{_e(check['expected'])}</td>"
                       f"<td>{_e(check['message'])}</td></tr></table>")
            evidence = _evidence_for(check["check_id"], facts_by_report.get(rid))
            if evidence:
                out.append("<table><tr><th>section</th><th>item</th><th>dimension</th>"
                           "<th>value</th><th>evidence</th><th>offsets</th></tr>")
                for f in evidence:
                    out.append(f"<tr><td>{_e(f['section'])}</td><td>{_e(f['item'])}</td>"
                               f"<td>{_e(f['dimension'])}</td><td>{_e(f['value'])}</td>"
                               f"<td class='evidence'>{_e(f['evidence'])}</td>"
                               f"<td>{_e(f['span_start'])}–{_e(f['span_end'])}</td></tr>")
                out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
