"""Scanned reports read by OCR: accuracy against the generator's answers, and throughput.

Generated table-era reports are written as scans (``--formats scan``: rasterised at 150 dpi,
turned, noisy, JPEG) and each goes through the parse stage's own ``parse_one`` (decode with
OCR, extraction, headline), one process, one core (onnxruntime on one thread). Then the
quality checks run on all of them (Great Expectations, as in validate) to give each report
its ``quality_status``. Measured:

- table cells: right, wrong (a value other than the answer: a misread), missed (null:
  unread, or below the confidence threshold) and invented (a value where the answer has
  none), over the answers' cells;
- the eight headline fields, as ``xxgk eval`` scores them;
- reports with a wrong cell published with ``quality_status = pass`` (the target: none);
- pages per CPU second of OCR.

Writes bench/results/ocr.{json,md}.

    .venv/bin/python bench/bench_ocr.py --n 12 --seed 17
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import describe_machine, machine_line  # noqa: E402
from xxgk.decode.ocr_engine import ensure_engine  # noqa: E402
from xxgk.evaluation.score import _field_matches, _gold_cells  # noqa: E402
from xxgk.generate import generate_reports  # noqa: E402
from xxgk.quality.gx_run import GxValidator  # noqa: E402
from xxgk.quality.prepare import prepare_facts, prepare_reports  # noqa: E402
from xxgk.quality.results import build_quality_results, quality_status  # noqa: E402
from xxgk.schema import FACTS, REPORTS  # noqa: E402
from xxgk.stages.parse import _Rows, parse_one  # noqa: E402
from xxgk.vocabulary import is_standard_cell  # noqa: E402

HEADLINE = ("agency", "report_year", "publish_date", "template", "proactive_total",
            "applications_received", "reconsideration_total", "litigation_total")


def predicted_field(name: str, report: dict, fields: dict[str, object]) -> object:
    if name == "proactive_total":
        value = report["proactive_total"]
        return None if value is None else {"value": value,
                                            "qualifier": report["proactive_total_qualifier"]}
    if name in ("agency", "template"):
        return fields.get(name)
    if name == "publish_date":
        return None if report["publish_date"] is None else report["publish_date"].isoformat()
    return report[name]


def _score(scans, reports: dict, fields: dict, by_report: dict):
    """Cells and headline fields of each scan against its answers: (cells, headline, reports
    with a wrong cell, differences)."""
    cells = {"right": 0, "wrong": 0, "missed": 0, "invented": 0}
    headline = {name: [0, 0] for name in HEADLINE}  # right, of
    wrong_reports: set[str] = set()
    differences = []
    for scan in scans:
        report = reports.get(scan.filename)
        if report is None:
            differences.append(f"{scan.doc_id}: not parsed")
            continue
        rid = report["report_id"]
        for name in HEADLINE:
            gold = scan.gold[name]
            if name == "report_year" or gold is not None:
                value = predicted_field(name, report, fields.get(rid, {}))
                if name == "report_year" and fields.get(rid, {}).get(name) is not None:
                    value = int(fields[rid][name])  # type: ignore[arg-type]
                headline[name][1] += 1
                if _field_matches(name, gold, value):
                    headline[name][0] += 1
                else:
                    differences.append(f"{scan.doc_id}: {name} {gold!r} -> {value!r}")
        gold_cells = _gold_cells(scan.gold)
        got = {(f["section"], f["item"], f["dimension"]): f["value"] for f in by_report[rid]
               if f["section"] != "text" and f["value"] is not None
               and is_standard_cell(f["section"], f["item"], f["dimension"])}
        for key, value in gold_cells.items():
            if key not in got:
                cells["missed"] += 1
                differences.append(f"{scan.doc_id}: {key} {value} -> missed")
            elif got[key] == value:
                cells["right"] += 1
            else:
                cells["wrong"] += 1
                wrong_reports.add(rid)
                differences.append(f"{scan.doc_id}: {key} {value} -> {got[key]}")
        cells["invented"] += sum(1 for key in got if key not in gold_cells)

    return cells, headline, wrong_reports, differences


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=12, help="scanned reports")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "ocr"))
    args = ap.parse_args(argv)
    ensure_engine()  # loaded once, before the clock
    scans = list(generate_reports(args.n, args.seed, formats=("scan",),
                                  eras=("table_2019", "table_2021")))
    rows = _Rows([], [], [], [], [], [])
    pages = 0
    seconds: list[float] = []
    for scan in scans:
        pages += len(pdfium.PdfDocument(scan.data))
        meta = {"raw_sha256": hashlib.sha256(scan.data).hexdigest(), "source_url": scan.filename,
                "filename": scan.filename}
        start = time.process_time()
        parse_one(scan.data, meta, "bench-ocr", rows)
        seconds.append(time.process_time() - start)
        print(f"{scan.doc_id}: {seconds[-1]:.1f} s", flush=True)

    reports = {r["source_url"]: r for r in rows.reports}
    fields: dict[str, dict[str, object]] = {}
    by_report: dict[str, list[dict]] = {}
    for f in rows.fields:
        fields.setdefault(f["report_id"], {})[f["name"]] = f["value"]
    for f in rows.facts:
        by_report.setdefault(f["report_id"], []).append(f)
    cells, headline, wrong_reports, differences = _score(scans, reports, fields, by_report)

    with tempfile.TemporaryDirectory() as docs:
        reports_df = REPORTS.conform(pl.DataFrame(rows.reports, infer_schema_length=None))
        facts_df = FACTS.conform(pl.DataFrame(rows.facts, infer_schema_length=None))
        gx = GxValidator(Path(docs))
        r_frame = prepare_reports(reports_df, facts_df, today=dt.date.today())
        f_frame = prepare_facts(facts_df)
        results = build_quality_results(r_frame, f_frame, gx.validate("reports", r_frame, "b"),
                                        gx.validate("facts", f_frame, "b"))
        status = dict(quality_status(reports_df, results).select("report_id",
                                                                  "quality_status").iter_rows())
    published_wrong = sorted(rid for rid in wrong_reports if status.get(rid) == "pass")
    total_cells = sum(cells[k] for k in ("right", "wrong", "missed"))
    result = {
        "machine": describe_machine(), "reports": len(scans), "pages": pages,
        "errors": [e["message"][:200] for e in rows.errors],
        "cpu_s": round(sum(seconds), 1), "pages_per_cpu_s": round(pages / sum(seconds), 3),
        "cpu_s_per_report_median": round(statistics.median(seconds), 1),
        "cells": cells, "cells_right_share": round(cells["right"] / max(total_cells, 1), 4),
        "headline": {k: f"{v[0]}/{v[1]}" for k, v in headline.items()},
        "headline_right_share": round(sum(v[0] for v in headline.values())
                                      / max(sum(v[1] for v in headline.values()), 1), 4),
        "quality_status": {s: sum(1 for v in status.values() if v == s)
                           for s in ("pass", "warn", "fail")},
        "reports_with_a_wrong_cell": len(wrong_reports),
        "reports_with_a_wrong_cell_passed": published_wrong,
        "warnings_about_ocr": sum(1 for w in rows.warnings if w["warning"].startswith("OCR")),
        "differences": differences[:200],
    }
    print(json.dumps({k: v for k, v in result.items() if k != "differences"}, indent=1,
                     ensure_ascii=False))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False,
                                                   default=str))
    md = ["# Scanned reports read by OCR (one core)", "",
          f"Machine: {machine_line(result['machine'])}. {len(scans)} generated table-era "
          f"reports (seed {args.seed}) as scans at 150 dpi: {pages} pages.", "",
          "| measure | value |", "|---|---|",
          f"| table cells right | {cells['right']} / {total_cells} "
          f"({result['cells_right_share']:.2%}) |",
          f"| table cells wrong (misread) | {cells['wrong']} |",
          f"| table cells missed (null) | {cells['missed']} |",
          f"| table cells invented | {cells['invented']} |",
          f"| headline fields right | {result['headline_right_share']:.2%} |",
          *(f"| — {name} | {value} |" for name, value in result["headline"].items()),
          f"| reports with a wrong cell | {len(wrong_reports)} |",
          f"| … of them with quality_status = pass | {len(published_wrong)} |",
          f"| quality_status pass / warn / fail | {result['quality_status']['pass']} / "
          f"{result['quality_status']['warn']} / {result['quality_status']['fail']} |",
          f"| parse errors | {len(rows.errors)} |",
          f"| OCR throughput | {result['pages_per_cpu_s']} pages per CPU second "
          f"({sum(seconds) / pages:.1f} s a page; median report "
          f"{result['cpu_s_per_report_median']} s) |",
          "", "Differences (wrong, missed):", "", *(f"- {d}" for d in differences[:200])]
    out.with_suffix(".md").write_text("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
