"""Benchmark the review site: build time and size at 100,000 reports (not a test).

The reports, their failed checks and the flagged reports' facts and cleaned texts are
synthesised (the site's input, not a pipeline run): every flagged report has the full 表三
(25 rows by 7 columns), 表四 and its proactive-disclosure sentences, with offsets into a
cleaned text of about 5,000 characters, as parsed reports have; its failing checks cycle
through the identities, the narrative checks and a year check. The evidence comes in
batches of 200 reports, as parse writes them. Reports: the size of the site grows with the
flagged ones, so the share flagged is a parameter (real runs flag a few percent to a third).

    .venv/bin/python bench/bench_review_site.py [--reports 100000] [--flagged-share 0.25 1.0]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402

from machine import describe_machine, machine_line  # noqa: E402
from xxgk.quality.checks import TABLE3_DIMENSIONS, TABLE3_ROWS, TABLE4_BLOCKS  # noqa: E402
from xxgk.review.site import build_review_site  # noqa: E402
from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS, SECTORS  # noqa: E402

OUT = ROOT / "bench" / "results" / "review_site"
BATCH = 200
LEVELS = ("national", "province", "prefecture", "county", "township", None)
TEMPLATES = ("free_text", "table_2019", "table_2021")
# (check_id, severity, observed) given to flagged reports in turn, one or two each
CHECKS = (("table3.balance_identity", "error", "natural_person: 2; total: 2"),
          ("text.proactive_parts_sum", "warning", "proactive_parts_gap: -12"),
          ("table4.block_total_identity", "error", "reconsideration: 1"),
          ("table3.total_column_identity", "error", "granted: 3"),
          ("history.year_over_year", "warning", "yoy_ratio__proactive_total: 7.5"),
          ("table3.results_total_identity", "error", "total: -1"))
T4_PARTS = ("upheld", "corrected", "other", "pending", "total")


def synth_text() -> tuple[str, list[tuple[str, str, str | None, float, int, int]]]:
    """A cleaned text of about 5,000 characters and its facts (section, item, dimension,
    value, start, end), the same for every report (only the offsets matter here)."""
    parts: list[str] = ["某某市某某局2022年政府信息公开工作年度报告\n一、总体情况\n"]
    facts = []

    def add_number(section, item, dim, value: int) -> None:
        start = sum(map(len, parts))
        parts.append(str(value))
        facts.append((section, item, dim, float(value), start, start + len(str(value))))

    parts.append("全年主动公开政府信息")
    add_number("text", "proactive_total", None, 752)
    parts.append("条，其中通过门户网站公开")
    add_number("text", "proactive_channel", "门户网站", 615)
    parts.append("条，通过其他途径公开")
    add_number("text", "proactive_channel", "其他途径", 125)
    parts.append("条。" + "本年度持续完善信息发布审核机制，推进政务公开标准化规范化建设。" * 20 + "\n")
    for n, row in enumerate(TABLE3_ROWS):
        parts.append(f"| {row} ")
        for k, dim in enumerate(TABLE3_DIMENSIONS):
            parts.append("| ")
            add_number("table3", row, dim, (n * 7 + k) % 9)
            parts.append(" ")
        parts.append("|\n")
    for block in TABLE4_BLOCKS:
        parts.append(f"| {block} ")
        for part in T4_PARTS:
            parts.append("| ")
            add_number("table4", block, part, 1 if part == "total" else 0)
            parts.append(" ")
        parts.append("|\n")
    parts.append("四、存在的主要问题及改进情况\n" + "下一步将进一步加强培训，提高公开质量。" * 30)
    return "".join(parts), facts


def synth_run(n: int, flagged_share: float) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    every = max(1, round(1 / flagged_share)) if flagged_share > 0 else n + 1
    flagged = [i for i in range(n) if i % every == 0]
    ids = [f"r{i:016x}" for i in range(n)]
    status = ["pass"] * n
    rows: dict[str, list] = {k: [] for k in ("report_id", "check_id", "severity", "observed")}
    for j, i in enumerate(flagged):
        for check, severity, observed in (CHECKS[j % len(CHECKS)],
                                          *([CHECKS[(j + 1) % len(CHECKS)]] if j % 3 == 0
                                            else [])):
            rows["report_id"].append(ids[i])
            rows["check_id"].append(check)
            rows["severity"].append(severity)
            rows["observed"].append(observed)
            status[i] = "fail" if severity == "error" or status[i] == "fail" else "warn"
    reports = REPORTS.conform(pl.DataFrame({
        "report_id": ids, "source_url": [f"https://www.example.gov.cn/xxgk/{i}.html"
                                         for i in range(n)],
        "raw_sha256": [f"{i:064x}" for i in range(n)],
        "agency": [f"某某市第{i % 5000}区{SECTORS[i % len(SECTORS)]}局" for i in range(n)],
        "report_year": [2015 + i % 10 for i in range(n)],
        "template": [TEMPLATES[i % 3] for i in range(n)],
        "admin_level": [LEVELS[i % len(LEVELS)] for i in range(n)],
        "sector": [SECTORS[i % len(SECTORS)] for i in range(n)],
        "region_name": [f"某某省某某市第{i % 5000}区" for i in range(n)],
        "quality_status": status, "parser_version": ["bench"] * n, "run_id": ["bench"] * n}))
    results = QUALITY_RESULTS.conform(pl.DataFrame(rows).with_columns(
        status=pl.lit("fail"), expected=pl.lit("gap 0"),
        message=pl.lit("synthesised failure for the benchmark")))
    return reports, results, [ids[i] for i in flagged]


def synth_evidence(flagged: list[str]):
    text, facts = synth_text()
    one = pl.DataFrame([{"section": s, "item": it, "dimension": d, "value": v,
                         "span_start": a, "span_end": b} for s, it, d, v, a, b in facts])
    one = one.with_columns(unit=pl.lit("case"), qualifier=pl.lit("exact"),
                           evidence=pl.lit("synthesised row | 1"), rule=pl.lit("bench"))
    for start in range(0, len(flagged), BATCH):
        batch = flagged[start:start + BATCH]
        ids = pl.DataFrame({"report_id": batch})
        yield (FACTS.conform(ids.join(one, how="cross")),
               pl.DataFrame({"report_id": batch, "text": [text] * len(batch)}))


def measure(n: int, share: float) -> dict:
    reports, results, flagged = synth_run(n, share)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        cpu0, t0 = time.process_time(), time.perf_counter()
        stats = build_review_site(Path(tmp) / "review", "bench", reports, results,
                                  synth_evidence(flagged))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        sizes = {}
        for folder in ("reports", "texts", "list", "search"):
            files = [p.stat().st_size for p in (Path(tmp) / "review" / folder).rglob("*")
                     if p.is_file()]
            sizes[folder] = {"files": len(files), "bytes": sum(files),
                             "largest": max(files, default=0)}
        index_bytes = (Path(tmp) / "review" / "index.html").stat().st_size
        search_bytes = (Path(tmp) / "review" / "search.html").stat().st_size
    return {"reports": n, "flagged_share": share, "flagged": stats.flagged,
            "files": stats.files, "bytes": stats.bytes, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "index_bytes": index_bytes,
            "search_page_bytes": search_bytes, "list_pages": stats.list_pages,
            "by_folder": sizes,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _mb(b: int) -> str:
    return f"{b / 1e6:,.1f} MB"


def render(result: dict) -> str:
    lines = ["# Review site benchmark", "",
             "`bench/bench_review_site.py`: the review site of one run built by "
             "`build_review_site` from synthesised reports, failed checks, facts and cleaned "
             "texts (see the script's docstring), into a local folder. Size is what validate "
             "uploads next to Data Docs.", "",
             f"Machine: {machine_line(result['machine'])}; {result['date']}.", "",
             "| reports | flagged | files | size | build s (wall) | CPU s | report pages | "
             "largest report page | cleaned texts | list pages | largest list page | search "
             "data | index | peak RSS |", "|---" * 14 + "|"]
    for r in result["rows"]:
        f = r["by_folder"]
        lines.append(
            f"| {r['reports']:,} | {r['flagged']:,} ({r['flagged_share']:.0%}) | {r['files']:,} "
            f"| {_mb(r['bytes'])} | {r['seconds']} | {r['cpu_seconds']} "
            f"| {_mb(f['reports']['bytes'])} | {f['reports']['largest'] / 1e3:.1f} kB "
            f"| {_mb(f['texts']['bytes'])} | {r['list_pages']:,}, {_mb(f['list']['bytes'])} "
            f"| {f['list']['largest'] / 1e3:.1f} kB | {f['search']['files']} files, "
            f"{_mb(f['search']['bytes'])} | {r['index_bytes'] / 1e3:.1f} kB "
            f"| {r['peak_rss_mib']} MiB |")
    lines += ["", "Every page is bounded: a report page holds one report, a list page 200 "
              "rows, a search chunk 5,000 reports; only the number of files grows with the "
              "flagged reports. Peak RSS is the process's, cumulative over the rows (the "
              "synthesised input included).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--flagged-share", type=float, nargs="+", default=[0.25, 1.0])
    parser.add_argument("--out", default=str(OUT), help="report path without suffix")
    args = parser.parse_args(argv)
    result = {"machine": describe_machine(), "date": time.strftime("%Y-%m-%d"), "rows": []}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for share in args.flagged_share:  # the report is rewritten after each row
        result["rows"].append(measure(args.reports, share))
        out.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        out.with_suffix(".md").write_text(render(result), encoding="utf-8")
    print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
