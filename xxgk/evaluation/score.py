"""``xxgk eval``: score extraction against gold labels (the format of seeds.gold.jsonl).

Per field: precision = correct / (correct + wrong + invented), recall = correct / gold values
that are not null. "Invented" is a value where the gold says null (the report does not say).
Table cells are scored over the standard vocabulary only; each gold cell is one value.

Every field is also broken down by the gold record's grouping keys (era, level, sector,
layout…), wrong values are counted by the pair (gold → predicted) and by the rule that produced
them, and every difference is listed with the rule and the evidence behind the prediction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.evaluation.gold import check_texts, default_provenance, find_texts, read_jsonl
from xxgk.evaluation.predict import FIELDS, IDENTITY_FIELDS, Predicted, Prediction, predict
from xxgk.evaluation.tally import Tally
from xxgk.identity.divisions import resolve_places, split_places
from xxgk.model import DocumentError

DEFAULT_GROUPS = ("template", "admin_level", "sector", "layout")
CELLS = "table_cells"


def _nested_tallies() -> dict[str, dict[str, Tally]]:
    tallies: defaultdict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    return tallies


@dataclass
class EvalReport:
    documents: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    text_problems: dict[str, str] = field(default_factory=dict)  # id -> missing/changed…
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # group key -> group value -> field (or "table_cells") -> tally
    by_group: dict[str, dict[str, dict[str, Tally]]] = field(
        default_factory=lambda: defaultdict(_nested_tallies))
    # field -> rule -> tally of the values that rule produced
    by_rule: dict[str, dict[str, Tally]] = field(default_factory=_nested_tallies)
    # field -> "gold -> predicted" -> count, for wrong values
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    differences: list[dict] = field(default_factory=list)

    @property
    def cells(self) -> Tally:
        return self.fields[CELLS]

    def as_dict(self) -> dict:
        return {
            "documents": self.documents, "scored": self.documents - len(self.text_problems),
            "errors": self.errors, "text_problems": self.text_problems,
            "fields": {k: self.fields[k].as_dict() for k in (*FIELDS, CELLS)},
            "by_group": {g: {v: {k: t.as_dict() for k, t in tallies.items()}
                             for v, tallies in sorted(values.items())}
                         for g, values in self.by_group.items()},
            "by_rule": {f: {r: t.as_dict() for r, t in sorted(rules.items())}
                        for f, rules in self.by_rule.items()},
            "confusion": {f: dict(c.most_common()) for f, c in self.confusion.items()},
            "differences": self.differences,
        }


def _same_region(gold: str, predicted: str) -> bool:
    """Region names match when they are equal or name the same division code (北京市密云县,
    written before the county became 密云区, is 北京市密云区) with the same township part."""
    if gold == predicted:
        return True
    def code_of(name: str) -> str | None:
        for cut in range(len(name), 0, -1):
            places = split_places(name[:cut])
            if places:
                place = resolve_places(places)
                rest = name[cut:] if name[cut:] not in ("县", "区", "市") else ""
                return f"{place.code}/{rest}" if place else None
        return None

    return code_of(gold) is not None and code_of(gold) == code_of(predicted)


def _field_matches(name: str, gold: object, predicted: object) -> bool:
    if name == "region_name":
        return isinstance(gold, str) and isinstance(predicted, str) and _same_region(
            gold, predicted)
    if name == "agency":
        return predicted in (gold if isinstance(gold, list) else [gold])
    if name == "proactive_total":
        return (isinstance(predicted, dict) and isinstance(gold, dict)
                and predicted.get("value") == gold.get("value")
                and predicted.get("qualifier") == gold.get("qualifier"))
    return predicted == gold


def describe_value(value: object) -> str:
    """A gold or predicted value in a few characters, for tables and confusion pairs."""
    if isinstance(value, dict) and "value" in value:
        return f"{value['value']} ({value.get('qualifier')})"
    if isinstance(value, list):
        return " / ".join(map(str, value)) if value else "[]"
    return "null" if value is None else str(value)


def _gold_cells(gold: dict) -> dict[tuple, object]:
    return {(c["section"], c["item"], c.get("dimension")): c["value"]
            for c in gold.get("table_cells") or [] if c.get("value") is not None}


class _Scorer:
    def __init__(self, report: EvalReport, gold: dict, groups: tuple[str, ...]):
        self.report, self.gold = report, gold
        self.groups = {g: str(gold.get(g) if gold.get(g) is not None else "-") for g in groups}

    def count(self, name: str, g: object, p: Predicted, matches: bool, label: str) -> None:
        report = self.report
        outcome = report.fields[name].add(g, p.value, matches)
        for group, value in self.groups.items():
            report.by_group[group][value][name].add(g, p.value, matches)
        if p.value is not None:
            report.by_rule[name][p.rule or "-"].add(g, p.value, matches)
        if outcome == "wrong":
            report.confusion[name][f"{describe_value(g)} -> {describe_value(p.value)}"] += 1
        if outcome:
            report.differences.append({
                "id": self.gold["id"], "field": label, "outcome": outcome, "gold": g,
                "predicted": p.value, "rule": p.rule, "evidence": p.evidence[:300],
                **self.groups})


def _score_document(report: EvalReport, gold: dict, prediction: Prediction,
                    groups: tuple[str, ...]) -> None:
    scorer = _Scorer(report, gold, groups)
    for name in FIELDS:
        if name in IDENTITY_FIELDS and name not in gold:
            continue
        g = gold.get(name)
        if name == "agency" and not g:
            g = None
        p = prediction.fields.get(name, Predicted(None))
        if name == "region_name" and gold.get("region_basis") not in ("written", "host") and (
                p.value is None):
            # The region is read from the organ's name and the site's host, not yet from the
            # rest of the text ("context"): such a record counts only when a region is given.
            g = None
        matches = g is not None and p.value is not None and _field_matches(name, g, p.value)
        scorer.count(name, g, p, matches, name)
    gold_cells = _gold_cells(gold)
    for key in sorted(set(gold_cells) | set(prediction.cells), key=str):
        g, p = gold_cells.get(key), prediction.cells.get(key, Predicted(None))
        matches = (g is not None and p.value is not None
                   and abs(float(g) - float(p.value)) < 1e-6)  # type: ignore[arg-type]
        scorer.count(CELLS, g, p, matches, "table_cell:" + ":".join(str(k) for k in key))


def evaluate(source: Path, gold_path: Path, *, provenance_path: Path | None = None,
             groups: tuple[str, ...] = DEFAULT_GROUPS, split: str | None = None) -> EvalReport:
    """Score every gold record (of ``split``, when given) against its text in ``source``."""
    texts = find_texts(Path(source))
    golds = [g for g in read_jsonl(Path(gold_path))
             if split is None or g.get("split") == split]
    report = EvalReport()
    provenance_path = provenance_path or default_provenance(Path(gold_path))
    urls: dict[str, str] = {}
    if provenance_path is not None:
        wanted = {g["id"] for g in golds}
        records = [r for r in read_jsonl(provenance_path) if r["id"] in wanted]
        report.text_problems = {k: f"{v.kind}: {v.detail}"
                                for k, v in check_texts(texts, records).items()}
        urls = {r["id"]: r["url"] for r in records if r.get("url")}
    for gold in golds:
        doc_id = gold["id"]
        report.documents += 1
        if doc_id in report.text_problems:
            continue
        path = texts.get(doc_id)
        if path is None:
            report.errors[doc_id] = "no document with this id in the source folder"
            prediction = Prediction({}, {})
        else:
            try:
                prediction = predict(path.read_bytes(), path.name, urls.get(doc_id))
            except DocumentError as exc:
                report.errors[doc_id] = f"{exc.kind}: {exc}"
                prediction = Prediction({}, {})
        _score_document(report, gold, prediction, groups)
    return report
