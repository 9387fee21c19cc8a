"""表三 and 表四 rows that a PDF converter kept whole while it broke the table's header.

PDF-to-markdown converters often lose 表三's header (the column words end up split over lines,
"商业企 / 业", or in a header row with fewer columns than the data rows) and detach some row labels
from their numbers. The main reader then cannot align anything. Some rows survive whole,
though: "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |". Such a row is read here when

- its first cell is a 表三 row label (其他 only under 其他处理),
- exactly seven cells follow it (trailing empty cells beyond seven are padding), in the fixed
  column order of the format: 自然人, the five organisation columns, 总计, and
- the 总计 cell is the sum of the six others, or is empty (only the six are read then).

A pipe row keeps an empty cell in its place, so positions within such a row are certain; rows of
numbers without a label are never read. 表四 is read from a pipe row of exactly fifteen numbers
whose three blocks each add up.
"""

from __future__ import annotations

from xxgk.extract.tables.cells import parse_value
from xxgk.extract.tables.facts import new_fact
from xxgk.extract.tables.label_text import squeeze
from xxgk.extract.tables.layout import PIPE, Row, split_units
from xxgk.extract.tables.vocabulary import RowEntry, Vocabulary
from xxgk.model import EXACT, Fact
from xxgk.quality.checks import TABLE3_DIMENSIONS, TABLE4_BLOCKS, TABLE4_PARTS

RULE3, RULE4 = "table3.labelled_row", "table4.labelled_row"
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


def read_table3_rows(text: str, vocab: Vocabulary) -> tuple[list[Fact], list[str]]:
    start, end = _region(text, _T3_START, _T4_START)
    if start < 0:
        return [], []
    facts: list[Fact] = []
    warnings: list[str] = []
    for row, offset in _pipe_rows(text, start, end):
        cells = row.cells
        if len(cells) < 8 or not cells[0].text:
            continue
        under_other = "其他处理" in squeeze(text[start:offset])
        entry = _row_entry(cells[0].text, vocab, under_other)
        if entry is None:
            continue
        rest = list(cells[1:])
        while len(rest) > 7 and not rest[-1].text:
            rest.pop()
        values = _numbers(tuple(rest), 7) if len(rest) == 7 else None
        if values is None or any(v is None for v in values[:6]):
            continue
        six = values[:6]
        if values[6] is not None and abs(sum(six) - values[6]) > 1e-9:  # type: ignore[arg-type]
            warnings.append(f"table3: row '{cells[0].text}' does not add up to its 总计 "
                            f"({values[6]:g}); without its header it is left unread")
            continue
        for dimension, value, cell in zip(TABLE3_DIMENSIONS, values, rest):
            if value is None:
                continue
            facts.append(new_fact("table3", entry.key, dimension, value, "case", EXACT,
                                  f"{cells[0].text} | {cell.text}", offset + cell.start,
                                  offset + cell.end, RULE3))
    return facts, warnings


def read_table4_row(text: str) -> list[Fact]:
    start = max(text.rfind("政府信息公开行政复议"), text.rfind("行政复议、行政诉讼情况"))
    if start < 0:
        return []
    for row, offset in _pipe_rows(text, start, min(len(text), start + 3000)):
        cells = [c for c in row.cells if c.text]
        if len(cells) != 15 or len(row.cells) - len(cells) > 1:
            continue
        values = _numbers(tuple(cells), 15)
        if values is None or any(v is None for v in values):
            continue
        blocks = [values[i:i + 5] for i in (0, 5, 10)]
        if any(abs(sum(b[:4]) - b[4]) > 1e-9 for b in blocks):  # type: ignore[arg-type]
            continue
        parts = (*TABLE4_PARTS, "total")
        return [new_fact("table4", TABLE4_BLOCKS[i // 5], parts[i % 5], value, "case", EXACT,
                         f"行政复议/行政诉讼 | {cell.text}", offset + cell.start,
                         offset + cell.end, RULE4)
                for i, (value, cell) in enumerate(zip(values, cells))]
    return []
