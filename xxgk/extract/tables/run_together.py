"""表三 and 表四 printed with their cells run together: "…申请数量801000081二、上年结转…".

Crawlers that save a page's text without its markup leave each table on one line: a row label,
then its numbers with nothing between them, then the next label. The labels are still there, in
the official order, so rows are matched by label as everywhere else; where one number ends is
decided by the identities (see digit_splits.py):

1. each 表三 row is cut so that its 总计 equals the six applicant columns; a row with one such
   cut is read;
2. rows with several cuts are decided together by the column identities (本年新收 + 上年结转 =
   办理结果总计 + 结转下年度, and the result rows add up to 办理结果总计): if exactly one
   combination satisfies them all, it is read; otherwise those rows stay unread, with a warning;
3. 表四's fifteen numbers are cut into three blocks whose 总计 is the sum of the four results,
   and read only when the cut is unique.

A wrong number is worse than a missing one: nothing is read from a run that holds anything but
digits and spaces, or whose labels are not found in order.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache
from typing import NamedTuple

import yaml

from xxgk.extract.tables.digit_splits import (
    BOUNDARY,
    MAX_CUTS,
    cut_blocks,
    cut_plain,
    cut_with_total,
    settled_cells,
)
from xxgk.extract.tables.facts import new_fact
from xxgk.extract.tables.vocabulary import LABELS_PATH
from xxgk.model import EXACT, Fact
from xxgk.quality.checks import TABLE3_DIMENSIONS, TABLE4_BLOCKS, TABLE4_PARTS

RULE2, RULE3, RULE4 = "table2.run_together", "table3.run_together", "table4.run_together"
RULE2_HEADED = "table2.under_own_header"
# What the compact text keeps: CJK, digits, brackets, "." and "-". Quotes and list punctuation
# vary between copies and are dropped, as in label_text.py.
_DROPPED = frozenset("“”\"'‘’「」『』《》〈〉<>、，,;；:：。·•…!！?？ \t\u3000\xa0")
_BRACKETS = {"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"}
# A label's numbering, glued to the previous row's numbers: "…00000002.其他法律…".
_ENUMERATOR_TAIL = re.compile(r"(?:\d{1,2}[.、]|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)$")
_NOTE = re.compile(r"\([^()]{0,40}\)")
_LEADING_DIGITS = re.compile(r"\d*")
_DIGIT_RUN = re.compile(rf"[\d{re.escape(BOUNDARY)}]*")


def _run_at(pattern: re.Pattern[str], text: str, pos: int = 0) -> str:
    """What ``pattern``, which matches the empty string too, matches at ``pos``."""
    m = pattern.match(text, pos)
    return m.group() if m is not None else ""
# Marks printed for "no number" in a cell (labels.yaml's not_a_number): a run they interrupt
# holds an unknown number of cells.
_NOT_A_NUMBER = ("—", "－", "―", "–", "-", "/", "\\", "无")
# How far a row's label may stand from the end of the previous row's numbers.
_MAX_GAP = 60
_MAX_COMBINATIONS = 4096


class _RowSpec(NamedTuple):
    key: str
    labels: tuple[str, ...]
    era: str | None
    has_values: bool
    ordinal: str  # the number printed before the label ("2" of "2.重复申请"), or ""


class Compact(NamedTuple):
    """Text without the characters that vary between copies; ``at[i]`` is the text offset of
    compact character ``i``. A space between two digits becomes a cell boundary."""

    text: str
    at: tuple[int, ...]


def compact(text: str) -> Compact:
    chars: list[str] = []
    at: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROPPED or ch == "\n":
            if ch.isspace() and chars and chars[-1].isdigit() and i + 1 < len(text) and \
                    text[i + 1].isdigit():
                chars.append(BOUNDARY)
                at.append(i)
            continue
        chars.append(_BRACKETS.get(ch, ch))
        at.append(i)
    return Compact("".join(chars), tuple(at))


@lru_cache(maxsize=1)
def _table3_rows() -> tuple[_RowSpec, ...]:
    data = yaml.safe_load(LABELS_PATH.read_text(encoding="utf-8"))
    rows = []
    for row in data["tables"]["table3"]["rows"]:
        ordinal = _run_at(_LEADING_DIGITS, str(row.get("example", "")))
        rows.append(_RowSpec(row["key"], tuple(sorted(map(str, row["labels"]), key=len,
                                                      reverse=True)),
                             row.get("era") and str(row["era"]),
                             not row.get("group") or bool(row.get("has_values")), ordinal))
    return tuple(rows)


def glued_era(cm: Compact) -> str | None:
    """The format a run-together page's table words show: 2021 (本年制发件数, the three
    其他处理 rows) or 2019 (本年新制作数量); None when they say neither."""
    if "本年制发件数" in cm.text or "逾期不补正" in cm.text:
        return "2021"
    return "2019" if "本年新制作数量" in cm.text or "对外公开总数量" in cm.text else None


class _Run(NamedTuple):
    key: str
    label: str
    digits: str  # the row's numbers, with BOUNDARY where the text had a space
    start: int  # compact offsets of the numbers
    end: int


def _find_label(ct: str, spec: _RowSpec, pos: int) -> tuple[int, int] | None:
    best = None
    for label in spec.labels:
        at = ct.find(label, pos, pos + _MAX_GAP + len(label) + 200)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(label))
    return best


def _runs(ct: str, rows: tuple[_RowSpec, ...], start: int) -> list[_Run] | None:
    """The label and the numbers of every row, in order; None when the layout is not this."""
    found: list[tuple[_RowSpec, int, int]] = []
    pos = start
    for spec in rows:
        hit = _find_label(ct, spec, pos)
        if hit is None:
            return None
        found.append((spec, *hit))
        pos = hit[1]
    runs = []
    for (spec, _, end), nxt in zip(found, [*found[1:], None], strict=True):
        stop = nxt[1] if nxt else len(ct)
        between = ct[end:stop]
        note = _NOTE.match(between)
        skip = note.end() if note and not any(c.isdigit() for c in note.group()) else 0
        digits = _run_at(_DIGIT_RUN, between[skip:])
        rest = between[skip + len(digits):]
        # "…0000000" + "2." of the next row's numbering.
        if nxt and nxt[0].ordinal and rest.startswith((".", "、")) and \
                digits.endswith(nxt[0].ordinal):
            digits = digits[:-len(nxt[0].ordinal)]
            rest = nxt[0].ordinal + rest
        if not spec.has_values:
            if digits.strip(BOUNDARY):
                return None  # numbers after a group heading: not the layout we know
            continue
        if nxt and (any(c.isdigit() for c in _ENUMERATOR_TAIL.sub("", rest))):
            return None  # words with numbers between two rows: not this layout
        if rest.startswith(_NOT_A_NUMBER):
            digits = ""  # a cell printed as a dash among the numbers: the row cannot be cut
        runs.append(_Run(spec.key, spec.labels[0], digits.strip(BOUNDARY), end + skip,
                         end + skip + len(digits)))
    return runs


def _solve_rows(runs: list[_Run]) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """Each row's cells, decided by the row and column identities."""
    # More cuts than the enumeration keeps: the list is incomplete, so the row is unreadable.
    options = {r.key: (cuts if len(cuts) <= MAX_CUTS else [])
               for r in runs for cuts in [cut_with_total(r.digits, 6)]}
    warnings: list[str] = []
    settled = {k: v[0] for k, v in options.items() if len(v) == 1}
    open_keys = [k for k, v in options.items() if len(v) > 1]
    for k, v in options.items():
        if not v:
            warnings.append(f"table3: row {k} ('{_label_of(runs, k)}') cannot be cut into "
                            "cells that add up; left unread")
    if not open_keys:
        return settled, warnings
    if math.prod(len(options[k]) for k in open_keys) > _MAX_COMBINATIONS:
        warnings.append(f"table3: rows {', '.join(open_keys)} have too many possible cuts to "
                        "settle; left unread")
        return settled, warnings
    combos = [c for c in itertools.product(*(options[k] for k in open_keys))
              if _columns_agree({**settled, **dict(zip(open_keys, c, strict=True))})]
    if len(combos) == 1:
        settled.update(dict(zip(open_keys, combos[0], strict=True)))
    else:
        warnings.append(f"table3: rows {', '.join(open_keys)} can be cut in "
                        f"{'several' if combos else 'no'} ways that satisfy the column "
                        "identities; left unread")
    return settled, warnings


def _label_of(runs: list[_Run], key: str) -> str:
    return next(r.label for r in runs if r.key == key)


_RESULT_PARENTS = ("granted", "partially_granted", "denied.", "unable.", "not_processed.",
                   "other")


def _columns_agree(rows: dict[str, tuple[int, ...]]) -> bool:
    """The column identities, where every row they need is known."""
    needed = ("new_received", "carried_over", "results_total", "carried_forward")
    results = [v for k, v in rows.items() if k.startswith(_RESULT_PARENTS)]
    for col in range(7):
        if all(k in rows for k in needed):
            r = {k: rows[k][col] for k in needed}
            if r["new_received"] + r["carried_over"] != r["results_total"] + r["carried_forward"]:
                return False
        if "results_total" in rows and results and \
                sum(v[col] for v in results) != rows["results_total"][col]:
            return False
    return True


def _facts_for_rows(cells: dict[str, tuple[int, ...]], runs: list[_Run], cm: Compact,
                    text: str) -> list[Fact]:
    facts = []
    for run in runs:
        values = cells.get(run.key)
        if values is None:
            continue
        start, end = cm.at[run.start], cm.at[run.end - 1] + 1
        evidence = f"{run.label} | {text[start:end]}"
        for dimension, value in zip(TABLE3_DIMENSIONS, values, strict=False):
            facts.append(new_fact("table3", run.key, dimension, float(value), "case", EXACT,
                                  evidence, start, end, RULE3))
    return facts


def read_table3(text: str, cm: Compact | None = None
                ) -> tuple[list[Fact], list[str], str | None]:
    """Facts of a 表三 whose cells run together, warnings, and the era its rows show."""
    cm = cm or compact(text)
    # The part's heading also stands in the introduction's list of contents: the table follows
    # the occurrence after which the rows are found.
    runs, era = None, None
    start = cm.text.find("收到和处理政府信息公开申请")
    while start >= 0 and runs is None:
        era = "2021" if "逾期不补正" in cm.text[start:] else "2019"
        # 其他处理 is one row with numbers in the 2019 format, a heading over three in 2021.
        chosen = tuple(r._replace(has_values=era == "2019") if r.key == "other" else r
                       for r in _table3_rows() if r.era in (None, era))
        runs = _runs(cm.text, chosen, start)
        start = cm.text.find("收到和处理政府信息公开申请", start + 1)
    if runs is None or not any(r.digits for r in runs):
        return [], [], None
    if sum(1 for r in runs if len(r.digits.replace(BOUNDARY, "")) >= 7) < len(runs) // 2:
        return [], [], None  # mostly no numbers after the labels: another layout
    cells, warnings = _solve_rows(runs)
    return _facts_for_rows(cells, runs, cm, text), warnings, era


_T4_HEADER_END = re.compile(r"尚未审结总计(?=[\d|])")


def read_table4(text: str, cm: Compact | None = None) -> tuple[list[Fact], list[str]]:
    """Facts of a 表四 printed as one run of fifteen numbers after its header."""
    cm = cm or compact(text)
    heads = list(_T4_HEADER_END.finditer(cm.text))
    if not heads or "行政复议" not in cm.text[max(heads[-1].start() - 120, 0):heads[-1].start()]:
        return [], []
    head = heads[-1]
    digits = _run_at(_DIGIT_RUN, cm.text, head.end())
    run = digits.strip(BOUNDARY)
    if not run:
        return [], []
    cuts = cut_blocks(run, 3, 4)
    if len(cuts) != 1:
        return [], [f"table4: its numbers '{run}' can be cut in {len(cuts) or 'no'} ways that "
                    "satisfy the block totals; left unread"]
    start, end = cm.at[head.end()], cm.at[head.end() + len(digits) - 1] + 1
    evidence = f"行政复议/行政诉讼 | {text[start:end]}"
    facts = []
    parts = (*TABLE4_PARTS, "total")
    for i, value in enumerate(cuts[0]):
        facts.append(new_fact("table4", TABLE4_BLOCKS[i // 5], parts[i % 5], float(value),
                              "case", EXACT, evidence, start, end, RULE4))
    return facts, []


class _Table2Row(NamedTuple):
    key: str
    labels: tuple[str, ...]
    measures: tuple[str, ...]  # the columns of this row in the era read


# 表二's columns per era and row kind, in print order; "change" (本年增/减) may be negative.
_TABLE2_MEASURES = {
    "2021": {"documents": ("made", "repealed", "in_force"), "decisions": ("decisions",),
             "admin_fees": ("amount_wan_yuan",)},
    "2019": {"documents": ("new_made", "new_published", "total_published"),
             "decisions": ("prev_year_items", "change", "decisions"),
             "admin_fees": ("prev_year_items", "change"), "procurement": ("items", "amount_yuan")},
}
_DOCUMENT_ROWS = ("regulations", "normative_documents")


@lru_cache(maxsize=2)
def _table2_rows(era: str) -> tuple[_Table2Row, ...]:
    data = yaml.safe_load(LABELS_PATH.read_text(encoding="utf-8"))
    measures = _TABLE2_MEASURES[era]
    rows = []
    for row in data["tables"]["table2"]["rows"]:
        key = row["key"]
        if row.get("local") or (row.get("era") and str(row["era"]) != era):
            continue
        kind = ("documents" if key in _DOCUMENT_ROWS else key if key in measures
                else "decisions")
        rows.append(_Table2Row(key, tuple(sorted(map(str, row["labels"]), key=len,
                                                 reverse=True)), measures[kind]))
    return tuple(rows)


_TABLE2_RUN = re.compile(rf"[\d{re.escape(BOUNDARY)}.\-]*")


def read_table2(text: str, cm: Compact | None = None) -> tuple[list[Fact], list[str]]:
    """The cells of a run-together 表二 that every possible cut agrees on.

    表二 has no identity: "规章007" is 0, 0, 7 (three cells from three digits), but
    "规范性文件7777166" could be cut many ways and stays unread. A "-" starts a 本年增/减 cell,
    which settles the cell before it ("行政处罚2648-18538": 2648). Money cells are read only
    when the row has no other cell.
    """
    cm = cm or compact(text)
    era = "2021" if "本年制发件数" in cm.text else "2019" if "本年新制作数量" in cm.text else None
    if era is None:
        return [], []
    start = cm.text.find("本年制发件数" if era == "2021" else "本年新制作数量")
    facts: list[Fact] = []
    pos = start
    for row in _table2_rows(era):
        at = min((i for i in (cm.text.find(lab, pos, pos + 400) for lab in row.labels)
                  if i >= 0), default=-1)
        if at < 0:
            continue
        label = next(lab for lab in row.labels if cm.text.startswith(lab, at))
        run_start = at + len(label)
        run = _run_at(_TABLE2_RUN, cm.text, run_start).rstrip(".")
        pos = run_start + len(run)
        if not run.strip(BOUNDARY) or cm.text.startswith(_NOT_A_NUMBER, pos):
            continue  # "123—": a cell printed as a dash; how many numbers precede it is unknown
        facts.extend(_table2_facts(row, run, run_start, cm, text))
    if era == "2021":
        facts.extend(read_table2_headed_rows(text, cm, {f.item.split(".")[0] for f in facts}))
    return facts, []


# 2021 表二's one-number rows under their own column header, where a PDF converter printed
# them before the table's first header ("本年处理决定数量 / 行政许可 97"): the row's label must
# follow its header closely, and the header names the row's only measure.
_HEADED_ROWS = {"本年处理决定数量": ("licensing", "penalties", "coercion"),
                "本年收费金额": ("admin_fees",)}
_HEADER_REACH = 40


def read_table2_headed_rows(text: str, cm: Compact | None, found: set[str]) -> list[Fact]:
    """2021 表二 rows read under their own header (see above), other than the ``found`` rows."""
    cm = cm or compact(text)
    rows = {row.key: row for row in _table2_rows("2021")}
    facts: list[Fact] = []
    for header, keys in _HEADED_ROWS.items():
        for match in re.finditer(header, cm.text):
            window_end = match.end() + _HEADER_REACH
            for key in keys:
                row = rows.get(key)
                if row is None or key in found:
                    continue
                at = min((i for i in (cm.text.find(lab, match.end(), window_end)
                                      for lab in row.labels) if i >= 0), default=-1)
                if at < 0:
                    continue
                label = next(lab for lab in row.labels if cm.text.startswith(lab, at))
                run_start = at + len(label)
                # A pipe that ends the run is the next table's, not a cell boundary.
                run = _run_at(_TABLE2_RUN, cm.text, run_start).rstrip(BOUNDARY).rstrip(".")
                if not run or BOUNDARY in run or \
                        cm.text.startswith(_NOT_A_NUMBER, run_start + len(run)):
                    continue
                new = _table2_facts(row, run, run_start, cm, text, RULE2_HEADED)
                facts.extend(new)
                if new:
                    found.add(key)
    return facts


def _table2_facts(row: _Table2Row, run: str, run_start: int, cm: Compact,
                  text: str, rule: str = RULE2) -> list[Fact]:
    measures = row.measures
    money = measures[-1].startswith("amount")
    if money and len(measures) > 1:
        return []  # "采购25167024": where the count ends and the amount begins is unknown
    if money:
        try:
            values: tuple[float | None, ...] = (float(run.strip(BOUNDARY)),)
        except ValueError:
            return []
    else:
        if "." in run:
            return []
        signed = tuple(m == "change" for m in measures)
        values = settled_cells(cut_plain(run, len(measures), signed))
    start, end = cm.at[run_start], cm.at[run_start + len(run) - 1] + 1
    evidence = f"{row.labels[-1]} | {text[start:end]}"
    unit = {"amount_wan_yuan": "wan_yuan", "amount_yuan": "yuan"}
    return [new_fact("table2", f"{row.key}.{m}", None, float(v), unit.get(m, "item"), EXACT,
                     evidence, start, end, rule)
            for m, v in zip(measures, values, strict=False) if v is not None]
