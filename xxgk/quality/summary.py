"""The run's quality summary (counts, top failing checks, trend) as data and as markdown."""

from __future__ import annotations

import polars as pl


def summarize_quality(run_id: str, reports: pl.DataFrame, results: pl.DataFrame,
                      carried: int = 0) -> dict:
    """Counts over the reports checked in this run; ``carried``: reports carried forward from
    the release with the results they were published with (counted, not checked again)."""
    counts = dict(reports.group_by("quality_status").len().iter_rows())
    failing = (results.filter((pl.col("status") == "fail") & (pl.col("severity") != "info"))
               .group_by("check_id", "severity").len().sort("len", "check_id",
                                                            descending=[True, False]))
    return {
        "run_id": run_id,
        "reports": reports.height,
        "carried": carried,
        "status_counts": {s: int(counts.get(s, 0)) for s in ("pass", "warn", "fail")},
        "failing_checks": [{"check_id": c, "severity": s, "reports": int(n)}
                           for c, s, n in failing.iter_rows()],
    }


def render_markdown(summary: dict, previous: dict | None, links: dict[str, str]) -> str:
    sc = summary["status_counts"]
    lines = [f"# Quality — run {summary['run_id']}", "",
             f"{summary['reports']} reports: **{sc['pass']} pass**, **{sc['warn']} warn**, "
             f"**{sc['fail']} fail**."
             + (f" {summary['carried']} more carried forward unchanged with their earlier "
                "results." if summary.get("carried") else ""), ""]
    if previous and summary["reports"]:
        ps = previous["status_counts"]
        delta = ", ".join(f"{k} {sc[k] - ps.get(k, 0):+d}" for k in ("pass", "warn", "fail"))
        lines += [f"Versus the previous run ({previous['run_id']}): {delta}.", ""]
    else:
        lines += ["No previous run to compare with." if summary["reports"]
                  else "Nothing new was checked in this run.", ""]
    if summary["failing_checks"]:
        lines += ["| check | severity | reports failing |", "|---|---|---|"]
        lines += [f"| {c['check_id']} | {c['severity']} | {c['reports']} |"
                  for c in summary["failing_checks"][:15]]
    else:
        lines.append("No check failed.")
    lines.append("")
    lines += [f"- {name}: {uri}" for name, uri in links.items()]
    return "\n".join(lines)
