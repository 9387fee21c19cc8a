"""表三 and 表四 rows that a PDF converter kept whole while it broke the table's header.

PDF-to-markdown converters often lose 表三's header (the column words end up split over lines,
"商业企 / 业", or in a header row with fewer columns than the data rows) and detach some row labels
from their numbers. The main reader then cannot align anything. Some rows survive whole,
though: "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |". Such a row is read here when

- its first cell is a 表三 row label (其他 only under 其他处理),
- exactly seven cells follow it (trailing empty cells beyond seven are padding), in the fixed
  column order of the format: 自然人, the five organisation columns, 总计, and
- the 总计 cell is the sum of the six others, or is empty (only the six are read then).

A pipe row keeps an empty cell in its place, so positions within such a row are certain. A row
of numbers whose label the converter moved elsewhere is read only where the rows around it
leave no doubt: between two labelled rows, when the bare rows there are exactly as many as the
format's rows between those two labels (in both the 2019 and the 2021 row order, where they
differ), each adding up to its 总计; and, when the table's 总计 row is known, the result rows
must then add up to it column by column, or none of the bare rows is kept. 表四 is read from a
pipe row of exactly fifteen numbers whose three blocks each add up.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from xxgk.extract.tables.cells import parse_value
from xxgk.extract.tables.facts import new_fact
from xxgk.extract.tables.label_text import squeeze
from xxgk.extract.tables.layout import PIPE, Row, split_units
from xxgk.extract.tables.vocabulary import RowEntry, Vocabulary
from xxgk.model import EXACT, Fact
from xxgk.quality.checks import (
    TABLE3_DIMENSIONS,
    TABLE3_OTHER_2019,
    TABLE3_OTHER_2021,
    TABLE3_RESULT_ROWS_COMMON,
    TABLE4_BLOCKS,
    TABLE4_PARTS,
)

RULE3, RULE4 = "table3.labelled_row", "table4.labelled_row"
RULE3_BETWEEN = "table3.row_between_labels"
# The format's row order of 表三, in each era.
_ORDERS = tuple(("new_received", "carried_over", *TABLE3_RESULT_ROWS_COMMON, *other,
                 "results_total", "carried_forward")
                for other in (TABLE3_OTHER_2019, TABLE3_OTHER_2021))
_RESULT_ROWS = frozenset(TABLE3_RESULT_ROWS_COMMON + TABLE3_OTHER_2019 + TABLE3_OTHER_2021)
# A cell that only heads a group of rows ("三、", "三、本年度办理结果") before the row's own label.
_GROUP_HEAD = re.compile(r"^[一二三四五六七八九十]+、")
# A converter that cut a merged group cell across lines leaves a piece of the group's label in
# front of the row's own label ("| (三)不 | 4.保护第三方合法权益 | 0 | …", "| 予处理 | 4.… |").
# The piece is kept only when it belongs to the group of the row that follows it.
_GROUP_LABELS = {"(三)不予公开": "denied.", "(四)无法提供": "unable.",
                 "(五)不予处理": "not_processed.", "(六)其他处理": "other"}
_MIN_PIECE = 2
_T3_START = "收到和处理政府信息公开申请"
_T4_START = ("行政复议", "行政诉讼")


def _region(text: str, start_word: str, end_words: tuple[str, ...]) -> tuple[int, int]:
    start = text.rfind(start_word)
    if start < 0:
        return -1, -1
    ends = [i for w in end_words if (i := text.find(w, start + len(start_word))) >= 0]
    return start, min(ends) if ends else len(text)


def _row_entry(label: str, vocab: Vocabulary, under_other: bool) -> RowEntry | None:
    for entry in vocab.lookup(label):
        if isinstance(entry, RowEntry) and entry.table == "table3" and entry.has_values \
                and not entry.group:
            if entry.requires_group and not under_other:
                continue
            return entry
    return None


def _numbers(cells: tuple, width: int) -> list[float | None] | None:
    """The ``width`` cells as numbers (None for an empty cell), or None when one is not."""
    out: list[float | None] = []
    for cell in cells[:width]:
        if not cell.text:
            out.append(None)
            continue
        value = parse_value(cell.text)
        if value is None or value.number is None or value.unit is not None:
            return None
        out.append(value.number)
    return out


def _pipe_rows(text: str, start: int, end: int):
    for unit in split_units(text[start:end]):
        if isinstance(unit, Row) and unit.layout == PIPE:
            yield unit, start + unit.offset


class _NumberRow(NamedTuple):
    key: str | None  # None: a row of numbers whose label the converter moved away
    label: str
    values: list[float | None]
    cells: list
    offset: int


def read_table3_rows(text: str, vocab: Vocabulary) -> tuple[list[Fact], list[str]]:
    start, end = _region(text, _T3_START, _T4_START)
    if start < 0:
        return [], []
    warnings: list[str] = []
    rows: list[_NumberRow] = []
    for row, offset in _pipe_rows(text, start, end):
        found = _read_number_row(row, offset, text, start, vocab, warnings)
        if found is not None:
            rows.append(found)
    facts: list[Fact] = []
    for r in [*rows, *_rows_between_labels(rows, warnings)]:
        if r.key is None:
            continue
        rule = RULE3 if r.label else RULE3_BETWEEN
        label = r.label or f"({r.key}, between labelled rows)"
        for dimension, value, cell in zip(TABLE3_DIMENSIONS, r.values, r.cells, strict=False):
            if value is None:
                continue
            facts.append(new_fact("table3", r.key, dimension, value, "case", EXACT,
                                  f"{label} | {cell.text}", r.offset + cell.start,
                                  r.offset + cell.end, rule))
    return facts, warnings


def _read_number_row(row: Row, offset: int, text: str, start: int, vocab: Vocabulary,
                     warnings: list[str]) -> _NumberRow | None:
    """A pipe row of seven numbers, with its 表三 label or (key None) with none at all."""
    cells = list(row.cells)
    if len(cells) < 7 or not cells[0].text:
        return None
    bare = _is_number(cells[0].text)
    entry = None
    if not bare:
        cells, entry = _labelled_cells(cells, "其他处理" in squeeze(text[start:offset]), vocab)
        if entry is None or len(cells) < 8:
            return None
    rest = cells if bare else cells[1:]
    while len(rest) > 7 and not rest[-1].text:
        rest.pop()
    values = _numbers(tuple(rest), 7) if len(rest) == 7 else None
    if values is None or any(v is None for v in values[:6]):
        return None
    six = values[:6]
    if values[6] is not None and abs(sum(six) - values[6]) > 1e-9:  # type: ignore[arg-type]
        if not bare:
            warnings.append(f"table3: row '{cells[0].text}' does not add up to its 总计 "
                            f"({values[6]:g}); without its header it is left unread")
        return None
    if bare and values[6] is None:
        return None
    return _NumberRow(entry.key if entry else None, "" if bare else cells[0].text, values,
                      rest, offset)


def _labelled_cells(cells: list, under_other: bool, vocab: Vocabulary
                    ) -> tuple[list, RowEntry | None]:
    """The row's cells from its own label on, and that label's entry (None when unknown)."""
    entry = _row_entry(cells[0].text, vocab, under_other)
    if entry is not None or len(cells) < 9:
        return cells, entry
    if _GROUP_HEAD.match(cells[0].text):
        # "| 三、 | (一)予以公开 | 9 | …": the group's cell, then the row's
        return cells[1:], _row_entry(cells[1].text, vocab, under_other)
    prefixes = _group_piece(cells[0].text)
    if not prefixes:
        return cells, None
    entry = _row_entry(cells[1].text, vocab, under_other)
    if entry is not None and not entry.key.startswith(prefixes):
        return cells, None  # a piece of another group's label: not certain
    return cells[1:], entry


def _group_piece(text: str) -> tuple[str, ...]:
    """The row-key prefixes of the groups whose label ``text`` is a piece of (start or end)."""
    piece = squeeze(text)  # brackets already ASCII
    if len(piece) < _MIN_PIECE:
        return ()
    return tuple(prefix for label, prefix in _GROUP_LABELS.items()
                 if piece != label and (label.startswith(piece) or label.endswith(piece)))


def _is_number(text: str) -> bool:
    value = parse_value(text)
    return value is not None and value.number is not None and value.unit is None


def _rows_between_labels(rows: list[_NumberRow], warnings: list[str]) -> list[_NumberRow]:
    """Bare rows given the keys the format puts between the labelled rows around them (see the
    module's docstring); [] for any that are not certain."""
    labelled = [r.key for r in rows if r.key]
    orders = [o for o in _ORDERS if _in_order(labelled, o)]
    if not orders or all(r.key for r in rows):
        return []
    placed: list[_NumberRow] = []
    i = 0
    while i < len(rows):
        if rows[i].key is not None:
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j].key is None:
            j += 1
        if i == 0 or j == len(rows):
            i = j
            continue  # bare rows before the first label or after the last: no bound
        before, after = rows[i - 1].key, rows[j].key
        spans = {o[o.index(before) + 1:o.index(after)] for o in orders}
        if len(spans) == 1 and len(gap := next(iter(spans))) == j - i:
            placed.extend(r._replace(key=k) for r, k in zip(rows[i:j], gap, strict=True))
        i = j
    if placed and not _results_add_up([*rows, *placed]):
        warnings.append("table3: rows placed between their labelled neighbours do not add up "
                        "to 办理结果总计; they are left unread")
        return []
    return placed


def _in_order(keys: Sequence[str | None], order: tuple[str, ...]) -> bool:
    try:
        positions = [order.index(k) for k in keys if k]
    except ValueError:
        return False
    return positions == sorted(positions) and len(set(positions)) == len(positions)


def _results_add_up(rows: list[_NumberRow]) -> bool:
    """The result rows add up to 办理结果总计 in every column, or stay below it while some of
    them are unread (true when the 总计 row is not known)."""
    total = next((r for r in rows if r.key == "results_total"), None)
    if total is None:
        return True
    keys = {r.key for r in rows}
    complete = all(k in keys for k in TABLE3_RESULT_ROWS_COMMON) and (
        set(TABLE3_OTHER_2019) <= keys or set(TABLE3_OTHER_2021) <= keys)
    for column, value in enumerate(total.values):
        parts = [r.values[column] for r in rows if r.key in _RESULT_ROWS]
        if value is None or any(p is None for p in parts):
            continue
        gap = value - sum(parts)  # type: ignore[arg-type]
        if (abs(gap) > 1e-9) if complete else (gap < -1e-9):
            return False
    return True


def read_table4_row(text: str) -> list[Fact]:
    start = max(text.rfind("政府信息公开行政复议"), text.rfind("行政复议、行政诉讼情况"))
    if start < 0:
        return []
    for row, offset in _pipe_rows(text, start, min(len(text), start + 3000)):
        cells = [c for c in row.cells if c.text]
        if len(cells) != 15 or len(row.cells) - len(cells) > 1:
            continue
        values = _numbers(tuple(cells), 15)
        if values is None:
            continue
        numbers = [v for v in values if v is not None]
        if len(numbers) != len(values):
            continue
        blocks = [numbers[i:i + 5] for i in (0, 5, 10)]
        if any(abs(sum(b[:4]) - b[4]) > 1e-9 for b in blocks):
            continue
        parts = (*TABLE4_PARTS, "total")
        return [new_fact("table4", TABLE4_BLOCKS[i // 5], parts[i % 5], value, "case", EXACT,
                         f"行政复议/行政诉讼 | {cell.text}", offset + cell.start,
                         offset + cell.end, RULE4)
                for i, (value, cell) in enumerate(zip(values, cells, strict=False))]
    return []
