"""``xxgk eval``: score extraction against gold labels (the format of seeds.gold.jsonl).

Per field: precision = correct / (correct + wrong + invented), recall = correct / gold values
that are not null. "Invented" is a value where the gold says null (the report does not say).
Table cells are scored over the standard vocabulary only; each gold cell is one value.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.decode import decode_document
from xxgk.extract.report import derive_headline, extract_report
from xxgk.model import DocumentError
from xxgk.vocabulary import is_standard_cell

FIELDS = ("agency", "report_year", "publish_date", "template", "proactive_total",
          "applications_received", "reconsideration_total", "litigation_total")


@dataclass
class Tally:
    gold: int = 0  # gold values that are not null
    correct: int = 0
    wrong: int = 0
    invented: int = 0
    missed: int = 0

    @property
    def precision(self) -> float | None:
        n = self.correct + self.wrong + self.invented
        return self.correct / n if n else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    def as_dict(self) -> dict:
        return {"gold": self.gold, "correct": self.correct, "wrong": self.wrong,
                "invented": self.invented, "missed": self.missed,
                "precision": self.precision, "recall": self.recall}


@dataclass
class EvalReport:
    documents: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    cells: Tally = field(default_factory=Tally)
    cells_by_group: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    fields_by_group: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    differences: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents, "errors": self.errors,
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "table_cells": self.cells.as_dict(),
            "table_cells_by_group": {k: v.as_dict() for k, v in sorted(self.cells_by_group.items())},
            "fields_by_group": {g: {k: v.as_dict() for k, v in t.items()}
                                for g, t in sorted(self.fields_by_group.items())},
            "differences": self.differences,
        }


def _score(tally: Tally, gold: object, predicted: object, matches: bool) -> str | None:
    if gold is None:
        if predicted is not None:
            tally.invented += 1
            return "invented"
        return None
    tally.gold += 1
    if predicted is None:
        tally.missed += 1
        return "missed"
    if matches:
        tally.correct += 1
        return None
    tally.wrong += 1
    return "wrong"


def predict(data: bytes, filename: str | None) -> tuple[dict, dict]:
    """(field -> predicted value, (section, item, dimension) -> value) for one document."""
    doc = decode_document(data, filename=filename)
    extraction = extract_report(doc)
    headline, _ = derive_headline(extraction.facts)
    values = {name: f.value for name, f in extraction.fields.items()}
    out = {k: values.get(k) for k in ("agency", "report_year", "publish_date", "template")}
    for k in ("applications_received", "reconsideration_total", "litigation_total"):
        out[k] = headline[k]
    out["proactive_total"] = (None if headline["proactive_total"] is None else
                              {"value": headline["proactive_total"],
                               "qualifier": headline["proactive_total_qualifier"]})
    cells: dict[tuple, float] = {}
    for f in extraction.facts:
        if f.section != "text" and f.value is not None and is_standard_cell(
                f.section, f.item, f.dimension):
            cells[(f.section, f.item, f.dimension)] = f.value
    return out, cells


def _field_matches(name: str, gold: object, predicted: object) -> bool:
    if name == "agency":
        return predicted in (gold if isinstance(gold, list) else [gold])
    if name == "proactive_total":
        return (isinstance(predicted, dict) and isinstance(gold, dict)
                and predicted.get("value") == gold.get("value")
                and predicted.get("qualifier") == gold.get("qualifier"))
    return predicted == gold


def evaluate(source: Path, gold_path: Path, group_by: str = "layout") -> EvalReport:
    files = {p.stem: p for p in sorted(Path(source).rglob("*")) if p.is_file()}
    report = EvalReport()
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        doc_id = gold["id"]
        group = str(gold.get(group_by) or gold.get("format") or "all")
        path = files.get(doc_id)
        report.documents += 1
        if path is None:
            report.errors[doc_id] = "no document with this id in the source folder"
            continue
        try:
            predicted, cells = predict(path.read_bytes(), path.name)
        except DocumentError as exc:
            report.errors[doc_id] = f"{exc.kind}: {exc}"
            predicted, cells = {k: None for k in FIELDS}, {}
        for name in FIELDS:
            g = gold.get(name)
            if name == "agency" and not g:
                g = None
            p = predicted.get(name)
            matches = g is not None and p is not None and _field_matches(name, g, p)
            outcome = _score(report.fields[name], g, p, matches)
            _score(report.fields_by_group[group][name], g, p, matches)
            if outcome:
                report.differences.append({"id": doc_id, "field": name, "outcome": outcome,
                                           "gold": g, "predicted": p})
        gold_cells = {(c["section"], c["item"], c.get("dimension")): c["value"]
                      for c in gold.get("table_cells") or [] if c.get("value") is not None}
        for key in sorted(set(gold_cells) | set(cells), key=str):
            g, p = gold_cells.get(key), cells.get(key)
            matches = g is not None and p is not None and abs(float(g) - float(p)) < 1e-6
            outcome = _score(report.cells, g, p, matches)
            _score(report.cells_by_group[group], g, p, matches)
            if outcome:
                report.differences.append({"id": doc_id, "field": "table_cell:" + ":".join(
                    str(k) for k in key), "outcome": outcome, "gold": g, "predicted": p})
    return report


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def render(report: EvalReport, max_differences: int = 40) -> str:
    lines = [f"documents: {report.documents}, errors: {len(report.errors)}", "",
             f"{'field':<24} {'gold':>6} {'correct':>8} {'wrong':>6} {'invented':>9} "
             f"{'missed':>7} {'precision':>10} {'recall':>7}"]

    def row(name: str, t: Tally) -> str:
        return (f"{name:<24} {t.gold:>6} {t.correct:>8} {t.wrong:>6} {t.invented:>9} "
                f"{t.missed:>7} {_pct(t.precision):>10} {_pct(t.recall):>7}")

    for name in FIELDS:
        lines.append(row(name, report.fields[name]))
    lines.append(row("table_cells", report.cells))
    if len(report.cells_by_group) > 1 or any(t.gold for t in report.cells_by_group.values()):
        lines.append("")
        lines.append("table cells by group:")
        for group, t in sorted(report.cells_by_group.items()):
            if t.gold or t.invented or t.wrong:
                lines.append(row("  " + group, t))
    if report.errors:
        lines.append("")
        lines.append("errors:")
        lines += [f"  {k}: {v}" for k, v in sorted(report.errors.items())]
    if report.differences:
        counts = Counter(d["field"].split(":")[0] for d in report.differences)
        lines.append("")
        lines.append(f"differences ({len(report.differences)}; by field: {dict(counts)}):")
        for d in report.differences[:max_differences]:
            lines.append(f"  {d['id']} {d['field']}: {d['outcome']}, gold {d['gold']!r}, "
                         f"predicted {d['predicted']!r}")
        if len(report.differences) > max_differences:
            lines.append(f"  … {len(report.differences) - max_differences} more (use --json)")
    return "\n".join(lines)
