"""Turn read table rows into ``Fact`` rows: item names, units, money conversion, evidence.

Item and dimension names come from the vocabulary keys (DESIGN.md): 表二 combines the row key
with the column's measure ("licensing.decisions"), 表三 takes the row as item and the applicant
column as dimension, 表四 the block as item and the result as dimension.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.tables import cells as kinds
from xxgk.extract.tables.cells import classify
from xxgk.extract.tables.headers import Column
from xxgk.extract.tables.layout import FLAT, Cell
from xxgk.extract.tables.reader import ReadRow
from xxgk.extract.tables.vocabulary import RowEntry, Vocabulary
from xxgk.model import EXACT, NOT_A_NUMBER, Fact


def _item_and_dimension(table: str, row: RowEntry | None, column: Column,
                        vocab: Vocabulary) -> tuple[str, str | None, str] | str:
    """(item, dimension, canonical unit), or a reason why this cell names nothing we keep."""
    spec = vocab.tables[table]
    if table == "table2":
        measure = column.key("measure")
        if row is None or measure is None:
            return "no row or measure"
        if measure not in row.measures:
            return f"column '{column.display}' does not apply to row '{row.key}'"
        unit = spec.columns[measure].unit or spec.unit
        return f"{row.key}.{measure}", None, unit
    if table == "table3":
        if row is None:
            return "no row"
        return row.key, column.key("applicant"), spec.unit
    block, result = column.key("block"), column.key("dim")
    if block is None or result is None:
        return "no block or result"
    return block, result, spec.unit


class _CellNaming(NamedTuple):
    """What every cell of one row under one column shares."""

    item: str
    dimension: str | None
    unit: str  # canonical unit of the fact
    is_money: bool
    column_unit: str | None  # money unit the column's header names, if any
    evidence_prefix: str  # "row label | column label | ", the cell's text follows
    unit_printed: bool = False  # the money's unit must be printed (header or cell) to read it


def _name_cell(table: str, row: RowEntry | None, row_display: str, column: Column,
               vocab: Vocabulary) -> _CellNaming | str:
    """The naming of a row's cell under ``column``, or why it names nothing."""
    named = _item_and_dimension(table, row, column, vocab)
    if isinstance(named, str):
        return named
    item, dimension, unit = named
    if table == "table4":
        row_label, column_label = column.labels[0].display, column.labels[-1].display
    else:
        row_label, column_label = row_display, column.labels[-1].display
    measure = column.key("measure") if table == "table2" else None
    spec_column = vocab.tables[table].columns.get(measure) if measure else None
    return _CellNaming(item, dimension, unit, unit in _money_units(vocab), column.unit,
                       f"{row_label} | {column_label} | ",
                       bool(spec_column and spec_column.unit_printed))


@lru_cache(maxsize=8192)
def _name_row(table: str, row: RowEntry | None, row_display: str, columns: tuple[Column, ...],
              vocab: Vocabulary) -> tuple[_CellNaming | str | None, ...]:
    """``_name_cell`` for each column (None for a column we do not keep), cached: the same
    rows under the same headers recur in every report, and headers.read_header shares the
    column objects."""
    return tuple(None if column.keys is None
                 else _name_cell(table, row, row_display, column, vocab) for column in columns)


@lru_cache(maxsize=4)
def _money_units(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(u.unit for u in vocab.money_units)


def _convert_money(value: Decimal, from_unit: str, to_unit: str, vocab: Vocabulary) -> float:
    """"173365.3元" under a 万元 column, "1.5万元" under a yuan column: exact decimal arithmetic."""
    to_yuan = {u.unit: u.to_yuan for u in vocab.money_units}
    return float(value * to_yuan[from_unit] / to_yuan[to_unit])


class _FactSlots:
    """Fact's slots without Fact's frozen ``__setattr__``: plain attribute stores fill them,
    then the object becomes a Fact. CPython allows that class change because the two classes
    have the same slots and nothing else."""

    __slots__ = Fact.__slots__
    # Fact's fields, for the type checker (annotations alone make no class attributes)
    section: str
    item: str
    dimension: str | None
    value: float | None
    unit: str
    qualifier: str
    evidence: str
    span_start: int
    span_end: int
    rule: str
    confidence: float | None


def new_fact(section, item, dimension, value, unit, qualifier, evidence, span_start, span_end,
             rule) -> Fact:
    """``Fact(...)`` in a fifth of the time: the frozen dataclass's ``__init__`` sets each field
    through ``object.__setattr__``, eleven calls per fact; here they are plain slot stores (Fact
    has no other init work, a test compares the two). Hundreds are made per table report."""
    fact = _FactSlots()
    fact.section = section
    fact.item = item
    fact.dimension = dimension
    fact.value = value
    fact.unit = unit
    fact.qualifier = qualifier
    fact.evidence = evidence
    fact.span_start = span_start
    fact.span_end = span_end
    fact.rule = rule
    fact.confidence = None  # OCR's, given later to facts of OCR'd text (extract.ocr_facts)
    fact.__class__ = Fact  # type: ignore[assignment]
    return fact  # type: ignore[return-value]


# One cell's fact before its row is placed in the document: (item, dimension, value, unit,
# qualifier, evidence, start, end), the offsets those of the row's cells.
_CellFact = tuple[str, str | None, float | None, str, str, str, int, int]


def _read_cells(table: str, row: RowEntry | None, row_display: str,
                columns: tuple[Column, ...], cells: tuple[Cell, ...], vocab: Vocabulary
                ) -> tuple[tuple[_CellFact, ...], tuple[str, ...]]:
    """The facts of a row's cells under its columns, and warnings for cells skipped."""
    out: list[_CellFact] = []
    warnings: list[str] = []
    namings = _name_row(table, row, row_display, columns, vocab)
    for column, naming, cell in zip(columns, namings, cells, strict=False):
        text = cell.text
        if not text or naming is None:
            continue
        kind = classify(text)
        if kind.kind is not kinds.NUMBER and kind.kind is not kinds.NOT_A_NUMBER:
            warnings.append(f"{table}: cell '{text}' under '{column.display}' in row "
                            f"'{row_display}' is not a number; skipped")
            continue
        if isinstance(naming, str):
            warnings.append(f"{table}: {naming}; cell '{text}' skipped")
            continue
        parsed = kind.value
        number = parsed.number if parsed else None
        if parsed is not None and number is not None:
            if naming.is_money and naming.unit_printed and not (parsed.unit
                                                                or naming.column_unit):
                warnings.append(f"{table}: money cell '{text}' of {naming.item} prints no "
                                "unit (元 or 万元) and the format names none; skipped")
                continue
            if naming.is_money:
                assert parsed.value is not None  # ``number`` is ``value`` as a float
                # The cell's own unit wins over the header's, which wins over the column's.
                number = _convert_money(parsed.value,
                                        parsed.unit or naming.column_unit or naming.unit,
                                        naming.unit, vocab)
            elif parsed.unit is not None:
                warnings.append(f"{table}: count cell '{text}' of {naming.item} carries a "
                                "money unit; skipped")
                continue
        out.append((naming.item, naming.dimension, number, naming.unit,
                    EXACT if number is not None else NOT_A_NUMBER,
                    naming.evidence_prefix + text, cell.start, cell.end))
    return tuple(out), tuple(warnings)


# Pipe and tab rows: their cells' offsets count from the line, and the same lines under the
# same headers ("| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |") recur in every report, so their
# cell facts are read once. (A flattened row's cells carry document offsets: never a repeat.)
_read_line_cells = lru_cache(maxsize=8192)(_read_cells)


def facts_for_row(read: ReadRow, vocab: Vocabulary) -> tuple[list[Fact], list[str]]:
    read_cells = _read_cells if read.layout == FLAT else _read_line_cells
    cell_facts, warnings = read_cells(read.table, read.row, read.row_display, read.columns,
                                      read.cells, vocab)
    table, offset = read.table, read.offset
    rule = f"{table}.{read.layout}"
    # Positional, as Fact(section, item, dimension, value, unit, qualifier, evidence,
    # span_start, span_end, rule); hundreds per document.
    return [new_fact(table, item, dimension, value, unit, qualifier, evidence, start + offset,
                     end + offset, rule)
            for item, dimension, value, unit, qualifier, evidence, start, end in cell_facts
            ], list(warnings)


def drop_conflicts(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """One fact per cell: a repeat with the same value (a header repeated after a page break, a
    spanning cell expanded into positions) is dropped; different values for one cell drop all
    of them, since we cannot tell which is right."""
    first: dict[tuple[str, str, str | None], Fact] = {}
    clashing: dict[tuple[str, str, str | None], set[float | None]] = {}
    for fact in facts:
        key = (fact.section, fact.item, fact.dimension)
        kept = first.setdefault(key, fact)
        if kept.value != fact.value:
            clashing.setdefault(key, {kept.value}).add(fact.value)
    warnings = [f"{section}: {item}/{dimension} read with different values "
                f"{sorted(values, key=lambda v: (v is None, v or 0))}; none kept"
                for (section, item, dimension), values in clashing.items()]
    if not clashing:
        return list(first.values()), warnings
    return [f for key, f in first.items() if key not in clashing], warnings
