"""Assemble one report from a decoded document: metadata, text facts, table facts, headline.

The headline columns of ``reports`` are derived here from the facts, by one rule per column:
table-era reports take their application, reconsideration and litigation counts from the
standard tables (表三, 表四); the narrative figure, when present, stays a fact of its own. When a
headline has two different candidates of equal standing, it is left null with a warning: a
wrong number is worse than a missing one.
"""

from __future__ import annotations

from xxgk.extract.freetext import extract_text_facts
from xxgk.extract.metadata import extract_metadata, find_format_notice
from xxgk.extract.ocr_facts import mark_ocr_facts
from xxgk.extract.tables import extract_table_facts
from xxgk.model import Document, Extraction, Fact, Field

HEADLINE_COLUMNS = (
    "proactive_total", "applications_received", "applications_carried_over",
    "applications_completed", "applications_granted", "applications_carried_forward",
    "reconsideration_total", "litigation_total",
)

# (section, item, dimension) of the table cell each headline comes from, in order of preference.
_TABLE_SOURCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "applications_received": (("table3", "new_received", "total"),),
    "applications_carried_over": (("table3", "carried_over", "total"),),
    "applications_completed": (("table3", "results_total", "total"),),
    "applications_granted": (("table3", "granted", "total"),),
    "applications_carried_forward": (("table3", "carried_forward", "total"),),
    "reconsideration_total": (("table4", "reconsideration", "total"),),
}
_LITIGATION_PARTS = (("table4", "litigation_direct", "total"),
                     ("table4", "litigation_after_reconsideration", "total"))
# Narrative items that stand in for a headline when the tables do not give it.
_TEXT_SOURCES = {
    "proactive_total": "proactive_total",
    "applications_received": "applications_received",
    "reconsideration_total": "reconsideration_total",
    "litigation_total": "litigation_total",
}

# Every cell derive_headline_with_sources reads, and their items.
_HEADLINE_CELLS = frozenset([*(key for keys in _TABLE_SOURCES.values() for key in keys),
                             *_LITIGATION_PARTS,
                             *(("text", item, None) for item in _TEXT_SOURCES.values())])
_HEADLINE_ITEMS = frozenset(item for _, item, _ in _HEADLINE_CELLS)


def template_for(table_template: str | None, report_year: int | None,
                 notice_template: str | None = None) -> str | None:
    """The era: from the tables' columns when present, else from the format notice the text
    cites, else from the report year (LABELLING.md: content beats year)."""
    if table_template:
        return table_template
    if notice_template:
        return notice_template
    if report_year is None:
        return None
    if report_year <= 2018:
        return "free_text"
    return "table_2019" if report_year <= 2020 else "table_2021"


def extract_report(doc: Document) -> Extraction:
    fields, warnings = extract_metadata(doc.text, doc.title)
    fields = dict(fields)
    warnings = list(warnings) + list(doc.warnings)
    tables = extract_table_facts(doc.text)
    warnings.extend(tables.warnings)
    year_field = fields.get("report_year")
    year = year_field.value if year_field and isinstance(year_field.value, int) else None
    facts = tuple(extract_text_facts(doc.text, report_year=year)) + tuple(tables.facts)
    facts = mark_ocr_facts(facts, doc)
    warnings.extend(explain_missing_total(facts))
    notice = None if tables.template else find_format_notice(doc.text)
    template = template_for(tables.template, year, notice)
    if template:
        rule = ("template.from_table_columns" if tables.template else
                "template.from_format_notice" if notice else "template.from_year")
        fields["template"] = Field("template", template, "", 0, 0, rule)
    return Extraction(fields=fields, facts=facts, warnings=tuple(warnings))


def explain_missing_total(facts: tuple[Fact, ...]) -> list[str]:
    """Why proactive_total is null although the text counts something (LABELLING.md: never
    add channels up, a running total is not the year's)."""
    if any(f.item == "proactive_total" for f in facts):
        return []
    channels = [f for f in facts if f.item == "proactive_channel" and f.value is not None]
    cumulative = [f for f in facts if f.item == "proactive_cumulative" and f.value is not None]
    out = []
    if channels:
        listed = ", ".join(f"{f.dimension} {f.value:g}" for f in channels[:4])
        out.append(f"proactive_total: figures per channel ({listed}) and no stated total; "
                   "left null")
    if cumulative:
        out.append(f"proactive_total: only a running total ({cumulative[0].value:g}) is stated; "
                   "left null")
    return out


def _as_count(value: float | None) -> int | None:
    if value is None or value != value or value < 0 or value != int(value):
        return None
    return int(value)


def derive_headline(facts: tuple[Fact, ...] | list[Fact]) -> tuple[dict[str, object], list[str]]:
    """Headline columns (and proactive_total_qualifier) from a report's facts."""
    out, _, warnings = derive_headline_with_sources(facts)
    return out, warnings


class _HeadlineCells:
    """The facts of the cells a headline reads, by (section, item, dimension), and the
    warnings reading them gave (a cell stated twice with different values)."""

    def __init__(self, facts: tuple[Fact, ...] | list[Fact]) -> None:
        # Only the cells a headline reads are collected: a table report has about 190 facts
        # and a dozen of them matter here, told apart by their item before a key is built.
        self.cells: dict[tuple[str, str, str | None], list[Fact]] = {}
        for f in facts:
            if f.item in _HEADLINE_ITEMS:
                key = (f.section, f.item, f.dimension)
                if key in _HEADLINE_CELLS:
                    self.cells.setdefault(key, []).append(f)
        self.warnings: list[str] = []

    def single(self, key: tuple[str, str, str | None]) -> Fact | None:
        """The cell's one fact with a value; None when it has none, or values that differ."""
        if key not in self.cells:
            return None  # a cell the report does not print (every table cell of prose)
        found = [f for f in self.cells[key] if f.value is not None]
        values = {f.value for f in found if f.value is not None}  # all of them
        if len(values) > 1:
            self.warnings.append(f"conflicting values for {'/'.join(str(k) for k in key)}: "
                                 f"{sorted(values)}; left null")
            return None
        return found[0] if found else None


def derive_headline_with_sources(
        facts: tuple[Fact, ...] | list[Fact],
) -> tuple[dict[str, object], dict[str, tuple[Fact, ...]], list[str]]:
    """Like ``derive_headline``, plus the facts each headline value was taken from (its
    evidence): one fact, or the two litigation blocks of 表四 that are added up."""
    read = _HeadlineCells(facts)
    sources: dict[str, tuple[Fact, ...]] = {}
    out: dict[str, object] = {c: None for c in HEADLINE_COLUMNS}
    out["proactive_total_qualifier"] = None
    for column, keys in _TABLE_SOURCES.items():
        # the first of the column's cells the report states (the later ones are not read)
        fact = next((f for f in map(read.single, keys) if f is not None), None)
        if fact is not None:
            out[column] = _as_count(fact.value)
            sources[column] = (fact,)
    parts = [read.single(k) for k in _LITIGATION_PARTS]
    present = [p for p in parts if p is not None]
    if len(present) == len(parts):
        # ``single`` gives only facts with a value
        out["litigation_total"] = _as_count(sum(p.value for p in present if p.value is not None))
        sources["litigation_total"] = tuple(present)
    for column, item in _TEXT_SOURCES.items():
        if out[column] is not None:
            continue
        fact = read.single(("text", item, None))
        if fact is None:
            continue
        out[column] = _as_count(fact.value)
        sources[column] = (fact,)
        if column == "proactive_total" and out[column] is not None:
            out["proactive_total_qualifier"] = fact.qualifier
    return out, sources, read.warnings
