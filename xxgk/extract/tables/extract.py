"""The public entry: the standard tables' facts of one cleaned text, and the format they use."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from xxgk.extract.tables.facts import drop_conflicts, facts_for_row
from xxgk.extract.tables.labelled_rows import read_table3_rows, read_table4_row
from xxgk.extract.tables.layout import split_units
from xxgk.extract.tables.reader import read_tables
from xxgk.extract.tables.run_together import (
    compact,
    glued_era,
    read_table2,
    read_table2_headed_rows,
    read_table3,
    read_table4,
)
from xxgk.extract.tables.vocabulary import Vocabulary, load_vocabulary
from xxgk.extract.textview import get_view
from xxgk.model import Fact

TEMPLATES = {"2019": "table_2019", "2021": "table_2021"}
# Every standard table prints at least one of these; texts without them skip the table reader
# (most free-text reports), which keeps the extractor fast.
_ANCHORS = re.compile(r"信息内容|第二十条|自然人|申请人情况|本年新收|结果维持|尚未审结"
                      r"|本年制发|处理决定数量|采购项目数量")


@dataclass(frozen=True, slots=True)
class TableExtraction:
    """Facts of the standard tables (表二, 表三, 表四) and the report format they show.

    ``template`` is 'table_2019' or 'table_2021', decided by the columns and rows seen (a 2023
    report may still print the 2019 columns), or None when no standard table was found or its
    labels do not tell the format.
    """

    facts: tuple[Fact, ...]
    template: str | None
    warnings: tuple[str, ...]


def _decide_template(era_votes: tuple[tuple[str, str], ...], found_table: bool,
                     warnings: list[str]) -> str | None:
    if not found_table:
        return None
    votes = Counter(era for era, _ in era_votes)
    if not votes:
        warnings.append("standard tables found, but no label tells the 2019 from the 2021 format")
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        warnings.append(f"labels of both formats, equally many ({dict(votes)}); format left open")
        return None
    return TEMPLATES[ranked[0][0]]


# 2021 表二's one-number rows, read under their own headers where a converter moved them.
_HEADED_KEYS = frozenset({"licensing", "penalties", "coercion", "admin_fees"})
# A label with its numbers glued to it: a table whose cells run together (run_together.py).
_GLUED_NUMBERS = re.compile(r"(?:申请数量|尚未审结总计)[ \u3000]?\d")


def _read_broken_layouts(text: str, facts: list[Fact], vocab: Vocabulary
                         ) -> tuple[list[Fact], list[str], str | None]:
    """Tables the main reader could not align: cells run together, or a header broken by a
    PDF converter. Tried only for a table the main reader found nothing of."""
    out: list[Fact] = []
    warnings: list[str] = []
    era = None
    has = {f.section for f in facts}
    if ("table3" not in has or "table4" not in has) and _GLUED_NUMBERS.search(text):
        cm = compact(text)
        era = glued_era(cm)
        if "table3" not in has:
            found, found_warnings, _ = read_table3(text, cm)
            out.extend(found)
            warnings.extend(found_warnings)
        if "table4" not in has:
            found, found_warnings = read_table4(text, cm)
            out.extend(found)
            warnings.extend(found_warnings)
        if out and "table2" not in has:
            found, found_warnings = read_table2(text, cm)
            out.extend(found)
            warnings.extend(found_warnings)
    has |= {f.section for f in out}
    if "table2" in has and "本年处理决定数量" in text and "本年制发件数" in text:
        rows_read = {f.item.split(".")[0] for f in (*facts, *out) if f.section == "table2"}
        if not rows_read >= _HEADED_KEYS:
            out.extend(read_table2_headed_rows(text, None, rows_read))
    if "|" in text:
        if "table3" not in has:
            found, found_warnings = read_table3_rows(text, vocab)
            out.extend(found)
            warnings.extend(found_warnings)
        if "table4" not in has:
            out.extend(read_table4_row(text))
    return out, warnings, era


def extract_table_facts(text: str) -> TableExtraction:
    # On the folded text (信息內容 and 第二十條 in a traditional-character copy), which the
    # metadata reader has already built for the same text.
    if not _ANCHORS.search(get_view(text).folded):
        return TableExtraction((), None, ())
    vocab = load_vocabulary()
    read = read_tables(split_units(text), vocab)
    warnings = list(read.warnings)
    facts: list[Fact] = []
    for row in read.rows:
        row_facts, row_warnings = facts_for_row(row, vocab)
        facts.extend(row_facts)
        warnings.extend(row_warnings)
    facts, conflict_warnings = drop_conflicts(facts)
    warnings.extend(conflict_warnings)
    fallback_facts, fallback_warnings, era = _read_broken_layouts(text, facts, vocab)
    facts.extend(fallback_facts)
    warnings.extend(fallback_warnings)
    era_votes = (*read.era_votes, (era, "run_together")) if era else read.era_votes
    found = bool(read.tables_seen) or any(f.rule.endswith(("run_together", "labelled_row"))
                                          for f in facts)
    template = _decide_template(era_votes, found, warnings)
    return TableExtraction(tuple(facts), template, tuple(warnings))
