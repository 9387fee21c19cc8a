"""Reports a reviewer judged misread (parser_error), written in the gold format for labelling.

``xxgk review export-parser-errors --out DIR`` writes, for every report of the current release
with a current parser_error verdict:

- ``DIR/gold.jsonl``: one record in the format of ``seeds.gold.jsonl``, filled with what the
  pipeline read (a starting point: the labeller corrects it against the document; the record
  says ``needs_labelling`` and carries the reviewers' notes);
- ``DIR/texts/<id>.<ext>``: the raw document, byte for byte;
- ``DIR/provenance.jsonl``: where each text came from and its sha256, as ``eval/real`` keeps it,
  so ``xxgk eval --source DIR/texts --gold DIR/gold.jsonl`` checks and scores them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xxgk.decode.sniff import sniff_binary_format
from xxgk.evaluation.gold import gold_problems
from xxgk.model import DocumentError
from xxgk.storage import Lake
from xxgk.vocabulary import is_standard_cell

_TEXT_EXTENSIONS = ("html", "htm", "txt", "md", "pdf", "docx", "doc")
_BINARY_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "doc": "doc"}


@dataclass(frozen=True)
class GoldExport:
    records: int
    gold_path: Path
    texts_dir: Path
    provenance_path: Path


def _extension(source_url: str, data: bytes) -> str:
    name = source_url.split("?", 1)[0].rsplit("/", 1)[-1].lower()
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in _TEXT_EXTENSIONS:
        return suffix
    try:
        binary = sniff_binary_format(data)
    except DocumentError:  # not readable at all: such a document has no report to export
        binary = None
    if binary in _BINARY_EXTENSIONS:
        return _BINARY_EXTENSIONS[binary]
    return "html" if data.lstrip()[:1] == b"<" else "txt"


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def gold_record(report: dict, facts: pl.DataFrame, decisions: list[dict]) -> dict:
    """The gold record of one report, from the pipeline's reading of it."""
    cells = [{"section": f["section"], "item": f["item"], "dimension": f["dimension"],
              "value": _number(f["value"])}
             for f in facts.filter(pl.col("section").is_in(["table2", "table3", "table4"])
                                   & pl.col("value").is_not_null()).iter_rows(named=True)
             if is_standard_cell(f["section"], f["item"], f["dimension"])]
    total = report["proactive_total"]
    notes = "; ".join(f"parser_error on {d['check_id']} ({d['reviewer']}, "
                      f"{d['decided_at']:%Y-%m-%d}): {d['note']}" for d in decisions)
    return {
        "id": report["report_id"],
        "agency": [report["agency"]] if report["agency"] else [],
        "report_year": report["report_year"],
        "publish_date": report["publish_date"].isoformat() if report["publish_date"] else None,
        "template": report["template"],
        "proactive_total": ({"value": total,
                             "qualifier": report["proactive_total_qualifier"] or "exact"}
                            if total is not None else None),
        "applications_received": report["applications_received"],
        "reconsideration_total": report["reconsideration_total"],
        "litigation_total": report["litigation_total"],
        "table_cells": cells,
        "notes": "The pipeline's reading, to be corrected against the document. " + notes,
        "needs_labelling": True,
        "kind": "review_export",
        "review": [{"check_id": d["check_id"], "note": d["note"], "reviewer": d["reviewer"],
                    "decided_at": d["decided_at"].isoformat()} for d in decisions],
    }


def export_parser_errors(lake: Lake, reports: pl.DataFrame, facts: pl.DataFrame,
                         verdicts: pl.DataFrame, out: Path) -> GoldExport:
    """Write the gold export of every report with a current parser_error verdict.

    ``facts`` needs only the rows of those reports. Raises ValueError, before anything is
    written, when a record would not be a gold label."""
    wanted = verdicts.filter(pl.col("verdict") == "parser_error")
    chosen = reports.join(wanted.select("raw_sha256").unique(), on="raw_sha256", how="semi")
    by_report = {rid: frame for (rid,), frame in facts.partition_by(
        "report_id", as_dict=True).items()} if not facts.is_empty() else {}
    records, texts = [], []
    for report in chosen.sort("report_id").iter_rows(named=True):
        decisions = wanted.filter(pl.col("raw_sha256") == report["raw_sha256"]).sort(
            "check_id").to_dicts()
        record = gold_record(report, by_report.get(report["report_id"], facts.clear()),
                             decisions)
        problems = gold_problems(record)
        if problems:
            raise ValueError(f"{report['report_id']}: not a gold record: {'; '.join(problems)}")
        data = lake.get_raw(report["raw_sha256"])
        records.append(record)
        texts.append((report, data, _extension(report["source_url"], data)))
    out = Path(out)
    texts_dir = out / "texts"
    texts_dir.mkdir(parents=True, exist_ok=True)
    provenance = []
    for report, data, ext in texts:
        (texts_dir / f"{report['report_id']}.{ext}").write_bytes(data)
        provenance.append({"id": report["report_id"], "kind": "review_export",
                           "url": report["source_url"], "sha256": report["raw_sha256"],
                           "bytes": len(data), "ext": ext,
                           "exported_at": dt.datetime.now(dt.UTC).isoformat(
                               timespec="seconds")})
    gold_path, provenance_path = out / "gold.jsonl", out / "provenance.jsonl"
    gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                         encoding="utf-8")
    provenance_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n"
                                       for p in provenance), encoding="utf-8")
    return GoldExport(len(records), gold_path, texts_dir, provenance_path)
