"""Gold labels and the provenance of the texts they were made on.

A gold file holds one JSON object per document (the format of ``seeds.gold.jsonl``). A real
corpus keeps no report text in the repository: beside its gold file, ``provenance.jsonl`` says
where each text came from and the sha256 and length of the exact text that was labelled, so
that a text folder materialised later can be checked before it is scored. A text that is
missing or differs is reported, never scored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def find_texts(source: Path) -> dict[str, Path]:
    """Document id (file stem) -> path, for every file under ``source``."""
    return {p.stem: p for p in sorted(Path(source).rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class TextProblem:
    doc_id: str
    kind: str  # missing | changed
    detail: str


def check_texts(texts: dict[str, Path], provenance: list[dict]) -> dict[str, TextProblem]:
    """Texts that are missing from the folder or whose bytes differ from the labelled ones."""
    problems: dict[str, TextProblem] = {}
    for record in provenance:
        doc_id = record["id"]
        path = texts.get(doc_id)
        if path is None:
            problems[doc_id] = TextProblem(doc_id, "missing", "no file with this id")
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != record["sha256"]:
            problems[doc_id] = TextProblem(
                doc_id, "changed", f"sha256 {digest[:12]}… of {len(data)} bytes, labelled "
                f"{record['sha256'][:12]}… of {record.get('bytes', '?')} bytes")
    return problems


def default_provenance(gold_path: Path) -> Path | None:
    """``provenance.jsonl`` beside the gold file, when there is one."""
    candidate = Path(gold_path).with_name("provenance.jsonl")
    return candidate if candidate.is_file() else None


GOLD_REQUIRED = ("id", "agency", "report_year", "publish_date", "template", "proactive_total",
                 "applications_received", "reconsideration_total", "litigation_total",
                 "table_cells")
_GOLD_COUNTS = ("report_year", "applications_received", "reconsideration_total",
                "litigation_total")
_CELL_SECTIONS = ("table2", "table3", "table4")


def gold_problems(record: dict) -> list[str]:
    """What keeps a record from being a gold label (the format of ``seeds.gold.jsonl``):
    missing keys, values of the wrong type or outside the vocabularies. Empty when it is one;
    keys beyond the format (split, layout, notes…) are allowed."""
    problems = [f"missing {k}" for k in GOLD_REQUIRED if k not in record]
    if not isinstance(record.get("id"), str) or not record.get("id"):
        problems.append("id is not a non-empty string")
    agency = record.get("agency", [])
    if not isinstance(agency, list) or not all(isinstance(a, str) and a for a in agency):
        problems.append("agency is not a list of names")
    for key in _GOLD_COUNTS:
        value = record.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(f"{key} is not a whole number or null")
    return problems + _field_problems(record) + _cell_problems(record.get("table_cells", []))


def _field_problems(record: dict) -> list[str]:
    """publish_date, template and proactive_total against their formats."""
    from xxgk.schema import QUALIFIERS, TEMPLATES

    problems = []
    date = record.get("publish_date")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except (TypeError, ValueError):
            problems.append("publish_date is not an ISO date or null")
    if record.get("template") is not None and record.get("template") not in TEMPLATES:
        problems.append(f"template {record.get('template')!r} is not one of {TEMPLATES}")
    total = record.get("proactive_total")
    if total is not None and not (isinstance(total, dict)
                                  and isinstance(total.get("value"), (int, float))
                                  and total.get("qualifier") in QUALIFIERS):
        problems.append("proactive_total is not null or {value, qualifier}")
    return problems


def _cell_problems(cells: object) -> list[str]:
    if not isinstance(cells, list):
        return ["table_cells is not a list"]
    return [f"table_cells[{n}] is not {{section, item, dimension, value}}"
            for n, cell in enumerate(cells)
            if not (isinstance(cell, dict) and cell.get("section") in _CELL_SECTIONS
                    and isinstance(cell.get("item"), str)
                    and (cell.get("dimension") is None or isinstance(cell.get("dimension"), str))
                    and (cell.get("value") is None
                         or isinstance(cell.get("value"), (int, float))))]
