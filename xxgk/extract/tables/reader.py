"""Walk a document's table units and read the standard tables' rows, label by label.

The reader keeps the little context a person uses to read these tables: which table we are in
(from part headings and unambiguous labels), whether we are reading a header or rows, the
header labels seen so far, and the row group (不予公开, 其他处理 …) a numbered label sits under.
Each data row comes out with its row label and its cells paired with columns
(``alignment.py``); rows that cannot be paired without guessing come out as warnings.

The state lives in one private object that exists for a single call of ``read_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.tables import cells as kinds
from xxgk.extract.tables.alignment import (
    Aligned,
    Grid,
    align_by_count,
    align_by_position,
    grid_of,
)
from xxgk.extract.tables.cells import CellKind, classify
from xxgk.extract.tables.headers import Column, HeaderLabel, HeaderPart, read_header
from xxgk.extract.tables.layout import (
    FLAT,
    Cell,
    FlatCell,
    PipeGap,
    Row,
    Unit,
    empty_cells_in_gap,
    new_tuple,
    typical_gap,
)
from xxgk.extract.tables.vocabulary import (
    ColumnEntry,
    Entry,
    MarkerEntry,
    RowEntry,
    SectionEntry,
    Vocabulary,
    load_vocabulary,
)

HEADER = "header"
ROWS = "rows"
# Table 4 has no row label: its one data row follows the header directly.
_UNLABELLED_TABLE = "table4"
# Flattened header labels broken over lines ("本年新" / "制作数量") are rejoined up to this many.
_MAX_JOINED_LINES = 3


class ReadRow(NamedTuple):  # a named tuple: one per data row, built in a third of the time
    """A data row with its cells under columns: cells[k] sits under columns[k]."""

    table: str
    row: RowEntry | None  # None for 表四's unlabelled row
    row_display: str
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]
    layout: str  # pipe | tab | flat
    offset: int = 0  # add to the cells' offsets: pipe and tab cells count from their line


@dataclass(frozen=True, slots=True)
class ReadResult:
    rows: tuple[ReadRow, ...]
    warnings: tuple[str, ...]
    era_votes: tuple[tuple[str, str], ...]  # (era, label key) for each era-specific label used
    tables_seen: frozenset[str]


@dataclass(slots=True)
class _Pending:
    """A flattened row being collected: its label, then its value cells."""

    table: str
    row: RowEntry | None
    display: str
    known: bool = True  # False: an unrecognised label, whose values are skipped
    cells: list[Cell] = field(default_factory=list)
    empties_inferred: bool = False
    width_unknown: bool = False


@lru_cache(maxsize=16384)
def choose_entry(entries: tuple[Entry, ...], table: str | None, group: str | None,
                 prefer: str) -> Entry | None:
    """The entry a label stands for in the current table and row group, or None.

    ``prefer`` is HEADER or ROWS: in a header, "总计" is the total column; among rows it is the
    results total. A label switches tables only when it has a single meaning ("自然人",
    "规章"); generic words ("其他", "总计") are read inside the current table only.
    """
    tabled: list[ColumnEntry | RowEntry | MarkerEntry] = []
    for entry in entries:
        if isinstance(entry, SectionEntry):
            return entry
        tabled.append(entry)
    here = [e for e in tabled if e.table == table] if table else []
    if not here:
        if len(tabled) != 1:
            return None
        here = tabled
    for entry in here:
        if isinstance(entry, MarkerEntry):
            return entry
    columns = [e for e in here if isinstance(e, ColumnEntry)]
    all_rows = [e for e in here if isinstance(e, RowEntry)]
    rows = [e for e in all_rows if e.requires_group in (None, group)]
    if prefer == HEADER:
        return columns[0] if columns else (rows[0] if rows else None)
    if rows:
        return rows[0]
    return columns[0] if columns and not all_rows else None


@lru_cache(maxsize=4096)
def header_row_labels(cells: tuple[Cell, ...], table: str | None, group: str | None
                      ) -> tuple[str, tuple[HeaderLabel | None, ...]] | None:
    """The table and the column labels (None where a cell is none) of a pipe row without
    values, or None when it is no header row. Cached: header rows are printed alike in every
    report, and ``choose_entry`` depends on nothing but the table and the row group."""
    row_kinds = [classify(c.text) for c in cells]
    chosen = [choose_entry(k.entries, table, group, ROWS if k.numbered else HEADER)
              if k.kind == kinds.LABEL else None for k in row_kinds]
    if any(isinstance(e, (RowEntry, SectionEntry)) for e in chosen):
        return None
    # A lone generic word ("总计") does not make a header; a marker or a column label with
    # a single meaning ("自然人", "本年制发件数") does.
    if not any(isinstance(e, MarkerEntry)
               or (isinstance(e, ColumnEntry) and len(k.entries) == 1)
               for e, k in zip(chosen, row_kinds, strict=True)):
        return None
    tables = {e.table for e in chosen if e is not None and not isinstance(e, SectionEntry)}
    if len(tables) != 1:
        return None
    labels = tuple(HeaderLabel(e, k.display, k.unit) if isinstance(e, ColumnEntry) else None
                   for e, k in zip(chosen, row_kinds, strict=True))
    return tables.pop(), labels


_VALUE_KINDS = (kinds.NUMBER, kinds.NOT_A_NUMBER)


@lru_cache(maxsize=65536)
def _is_value(text: str) -> bool:
    # Cached on its own (one C-level lookup instead of a Python call and classify's lookup):
    # typical_gap asks it of every line of a flattened table's document.
    return classify(text).kind in _VALUE_KINDS


def _where(table: str, display: str) -> str:
    """How warnings name a row."""
    return f"{table}: row '{display or '(unlabelled)'}'"


class _Reader:
    def __init__(self, vocab: Vocabulary, units: list[Unit]):
        self.vocab = vocab
        self.units = units
        self._typical_gap: int | None = None
        self.rows: list[ReadRow] = []
        self.warnings: list[str] = []
        self.era_votes: set[tuple[str, str]] = set()
        self.tables_seen: set[str] = set()
        self.pending: _Pending | None = None
        self._reset(None)

    @property
    def typical_gap(self) -> int:
        """Blank lines between two flattened values; computed on first use, since only
        flattened tables need it."""
        if self._typical_gap is None:
            self._typical_gap = typical_gap(self.units, _is_value)
        return self._typical_gap

    # --- context -----------------------------------------------------------------------------

    def _reset(self, table: str | None) -> None:
        self.table = table
        self.mode: str | None = None
        self.group: str | None = None
        self._clear_header()

    def _clear_header(self) -> None:
        self.header: list[HeaderPart] = []
        self.columns: tuple[Column, ...] | None = None
        self.grid: Grid | None = None

    def _enter_table(self, table: str) -> None:
        if table != self.table:
            self._flush()
            self._reset(table)

    def _start_header(self) -> None:
        """A header begins: a new block of 表二, or a header repeated after a page break."""
        if self.mode != HEADER or self.columns is not None:
            self._clear_header()
        self.mode = HEADER

    def _resolve_header(self) -> None:
        if self.mode != HEADER:
            return
        self.mode = ROWS
        if self.table is None:
            return
        header = read_header(self.vocab.tables[self.table], tuple(self.header))
        self.columns = header.columns
        self.grid = None if header.grid is None else grid_of(header.grid, len(self.header[0]))
        if self.columns or header.grid:
            self.tables_seen.add(self.table)
        self.era_votes.update(header.era_votes)

    def _choose(self, entries: tuple[Entry, ...], prefer: str) -> Entry | None:
        return choose_entry(entries, self.table, self.group, prefer)

    # --- rows --------------------------------------------------------------------------------

    def _flush(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None:
            return
        filled = [c for c in pending.cells if c.text]
        if not filled:
            return
        if not pending.known:
            self.warnings.append(f"{_where(pending.table, pending.display)} is not a standard "
                                 f"label; its {len(filled)} values were skipped")
            return
        self._emit(pending.table, pending.row, pending.display, FLAT,
                   align_by_count(pending.cells, self.columns or (),
                                  empties_inferred=pending.empties_inferred,
                                  width_unknown=pending.width_unknown),
                   len(pending.cells))

    def _emit(self, table: str, row: RowEntry | None, display: str, layout: str,
              aligned: Aligned | None, n_cells: int, offset: int = 0) -> None:
        if row is not None and not row.has_values:
            self.warnings.append(f"{_where(table, display)} heads a group and should not carry "
                                 "values; skipped")
            return
        if not self.columns and self.grid is None:
            self.warnings.append(f"{_where(table, display)} has values but no recognised "
                                 "column header; skipped")
            return
        if aligned is None:
            self.warnings.append(f"{_where(table, display)} has {n_cells} cells for "
                                 f"{len(self.columns or [])} columns and cannot be aligned by "
                                 "labels; skipped")
            return
        columns, cells = aligned
        if not cells:
            return
        if row is not None and row.group and row.era_with_values:
            self.era_votes.add((row.era_with_values, row.key))
        self.tables_seen.add(table)
        self.rows.append(ReadRow(table, row, display, columns, cells, layout, offset))

    def _start_row(self, row: RowEntry | None, display: str, known: bool = True) -> None:
        self._flush()
        if self.table is None:
            return
        self.pending = _Pending(self.table, row, display, known)

    def _apply_row_label(self, entry: RowEntry) -> None:
        self._resolve_header()
        self.mode = ROWS
        if entry.era:
            self.era_votes.add((entry.era, entry.key))
        if entry.group:
            self.group = entry.key
        else:
            self.group = entry.parent

    # --- labels ------------------------------------------------------------------------------

    def _choose_for(self, kind: CellKind) -> Entry | None:
        """Numbered labels ("(七)总计", "3.其他") are rows; others follow the reading mode."""
        return self._choose(kind.entries, ROWS if kind.numbered or self.mode != HEADER
                            else HEADER)

    def _apply_label(self, kind: CellKind, entry: Entry | None, *, flat: bool) -> None:
        """Read a label cell; ``entry`` is what it stands for here (``_choose_for``)."""
        self._flush()
        if entry is None:
            if flat:
                self._unknown_text(kind)
            return
        if isinstance(entry, SectionEntry):
            self._reset(entry.opens)
            return
        self._enter_table(entry.table)
        if isinstance(entry, MarkerEntry):
            if self.header or self.mode != HEADER:
                self._start_header()
            return
        if isinstance(entry, ColumnEntry):
            if self.mode != HEADER:
                self._start_header()
            self.header.append(HeaderLabel(entry, kind.display, kind.unit))
            return
        self._apply_row_label(entry)
        if flat:
            self._start_row(entry, kind.display)

    def _unknown_text(self, kind: CellKind) -> None:
        self._flush()
        if kind.is_prose:
            self._reset(None)
        elif self.table is not None and self.mode == ROWS:
            self._start_row(None, kind.display, known=False)

    # --- flattened cells ---------------------------------------------------------------------

    def _joined_label(self, i: int, first: FlatCell) -> tuple[CellKind, int] | None:
        """A label broken over consecutive lines ("本年新" + "制作数量") from ``first``, the
        unit at ``i``, and lines used."""
        parts = [first.text]
        for j in range(i + 1, min(i + _MAX_JOINED_LINES, len(self.units))):
            unit = self.units[j]
            if (not isinstance(unit, FlatCell)
                    or classify(unit.text).kind not in (kinds.TEXT, kinds.LABEL)):
                return None
            parts.append(unit.text)
            text = "".join(parts)
            if len(text) > kinds.LABEL_MAX_CHARS:
                return None  # no label is this long, and more lines only make it longer
            if not kinds.names_label(text):
                continue  # the usual case, found without classifying (and caching) the text
            joined = classify(text)
            if joined.kind == kinds.LABEL:
                return joined, j - i + 1
        return None

    def _gap_empties(self, unit: FlatCell) -> None:
        """Blank lines beyond the usual spacing before ``unit`` are empty cells of the row."""
        if not unit.blank_lines_before or self.pending is None:
            return  # no gap, or no row to put empty cells in
        count = empty_cells_in_gap(unit.blank_lines_before, self.typical_gap)
        if count:
            self.pending.empties_inferred = True
            at = unit.start
            self.pending.cells.extend(Cell("", at, at) for _ in range(count))

    def _value_run(self, i: int, cells: list[Cell]) -> int:
        """Append the value cells from ``i`` on to the pending row; returns the index after the
        run. Most lines of a flattened table are such runs, so they are read here in one loop
        rather than unit by unit through ``read`` and ``_on_flat`` (same outcome, fewer calls)."""
        units, gap = self.units, self.typical_gap
        end = len(units)
        while i < end:
            unit = units[i]
            if type(unit) is not FlatCell or classify(unit.text).kind not in _VALUE_KINDS:
                break
            if unit.blank_lines_before > gap:
                self._gap_empties(unit)
            cells.append(new_tuple(Cell, (unit.text, unit.start, unit.end)))
            i += 1
        return i

    def _on_flat_value(self, i: int, unit: FlatCell) -> int:
        """A value cell ``unit`` at ``i`` and the value cells after it, into the pending row
        (one started for 表四's unlabelled row); returns the index of the last one used."""
        if self.pending is None:
            if self.table != _UNLABELLED_TABLE or self.mode != HEADER:
                return i  # a number outside any row: not ours
            self._resolve_header()
            self._start_row(None, "")
        else:
            self._gap_empties(unit)
        if self.pending is None:
            return i
        self.pending.cells.append(unit.cell)
        return self._value_run(i + 1, self.pending.cells) - 1

    def _on_flat(self, i: int, unit: FlatCell) -> int:
        """Read the flattened cell ``unit`` at ``i``; returns the index of the last unit it
        used."""
        kind = classify(unit.text)
        if kind.kind in _VALUE_KINDS:
            return self._on_flat_value(i, unit)
        if kind.kind == kinds.NOTE:
            last = self.header[-1] if self.mode == HEADER and self.header else None
            if kind.unit and isinstance(last, HeaderLabel):
                self.header[-1] = HeaderLabel(last.entry, last.display, kind.unit)
            return i
        used = 1
        if kind.kind == kinds.TEXT and not kind.is_prose:
            joined = self._joined_label(i, unit)
            if joined is not None:
                kind, used = joined
        if kind.kind == kinds.LABEL:
            entry = self._choose_for(kind)  # _gap_empties changes nothing it depends on
            if self.pending is not None and isinstance(entry, RowEntry):
                self._gap_empties(unit)  # extra blank lines before the next row: empty tail
            self._apply_label(kind, entry, flat=True)
        else:
            self._unknown_text(kind)
        return i + used - 1

    # --- pipe and tab rows -------------------------------------------------------------------

    def _header_row(self, row: Row) -> bool:
        """Read a row without values as header labels, if it is one; True when it was."""
        found = header_row_labels(row.cells, self.table, self.group)
        if found is None:
            return False
        table, labels = found
        self._enter_table(table)
        if not any(labels):
            if self.header or self.mode != HEADER:
                self._start_header()
            return True
        if self.mode != HEADER:
            self._start_header()
        self.header.append(labels)
        return True

    def _on_row(self, row: Row) -> None:
        self._flush()
        # Only the cells before the first value can be labels; the values are read in facts.py.
        lead: list[CellKind] = []
        for cell in row.cells:
            kind = classify(cell.text)
            if kind.kind in _VALUE_KINDS:
                break
            lead.append(kind)
        has_values = len(lead) < len(row.cells)
        if not has_values and self._header_row(row):
            return
        labelled = self._read_row_labels(lead)
        if labelled is None or not has_values or self.table is None:
            return
        entry, display, known, last_text = labelled
        self._resolve_header()
        if not known or (entry is None and self.table != _UNLABELLED_TABLE):
            self.warnings.append(f"{_where(self.table, display)} is not a standard label; its "
                                 "values were skipped")
            return
        zone = row.cells[last_text + 1:]
        self._emit(self.table, entry, display, row.layout, self._align_row(row, zone, last_text),
                   len(zone), row.offset)

    def _read_row_labels(self, lead: list[CellKind]
                         ) -> tuple[RowEntry | None, str, bool, int] | None:
        """The row a pipe row's leading cells name (its entry, its label as printed, whether
        the label is known) and the index of the last label or other text before its values;
        None when a cell opens a section or is prose (the table is left then)."""
        entry: RowEntry | None = None
        display = ""
        known = True
        last_text = -1  # the last label or other text before the values
        for j, kind in enumerate(lead):
            if kind.kind == kinds.EMPTY or kind.kind == kinds.NOTE:
                continue
            last_text = j
            chosen = self._choose(kind.entries, ROWS) if kind.kind == kinds.LABEL else None
            if isinstance(chosen, SectionEntry):
                self._reset(chosen.opens)
                return None
            if kind.is_prose:
                self._reset(None)
                return None
            if isinstance(chosen, RowEntry):
                self._enter_table(chosen.table)
                self._apply_row_label(chosen)
                if entry is not None and entry.parent == chosen.key:
                    # A group's spanning cell placed after its member's label (a row shifted
                    # by a misspanned cell): the member names the row.
                    continue
                entry, display, known = chosen, kind.display, True
            elif self.table != _UNLABELLED_TABLE:
                entry, display, known = None, kind.display, False
            # else: 表四's one data row may carry a word of its own ("数量"); it names nothing
        return entry, display, known, last_text

    def _align_row(self, row: Row, zone: tuple[Cell, ...], last_text: int) -> Aligned | None:
        """A pipe row's values (``zone``, after its last label) under the columns."""
        if self.grid is not None and len(row.cells) == self.grid.width and (
                self.table == "table2" or _fits_grid(row.cells, last_text, self.grid)):
            return align_by_position(row.cells, self.grid)
        # A 表三/表四 row that does not fit the header grid (a hand-made table whose group
        # label spans too few or too many rows shifts the row by a cell) is paired only by
        # count: exactly as many cells after its label as there are columns. (表二's headers
        # are often cut short, "本年新", leaving value columns unnamed: its rows keep the grid.)
        return align_by_count(zone, self.columns or ())

    # --- walk --------------------------------------------------------------------------------

    def read(self) -> ReadResult:
        i = 0
        while i < len(self.units):
            unit = self.units[i]
            if isinstance(unit, Row):
                self._on_row(unit)
            elif isinstance(unit, PipeGap):
                if self.pending is not None:
                    self.pending.width_unknown = True
            else:
                i = self._on_flat(i, unit)
            i += 1
        self._flush()
        return ReadResult(tuple(self.rows), tuple(self.warnings),
                          tuple(sorted(self.era_votes)), frozenset(self.tables_seen))


def _fits_grid(cells: tuple[Cell, ...], last_label: int, grid: Grid) -> bool:
    """Whether an expanded row lines up with the header grid: its labels stand before the first
    column, and every value stands under a column."""
    if not grid.positions or last_label >= grid.positions[0]:
        return False
    columns = grid.position_set
    return all(j in columns or not cell.text or j <= last_label
               for j, cell in enumerate(cells))


def read_tables(units: list[Unit], vocab: Vocabulary | None = None) -> ReadResult:
    return _Reader(vocab or load_vocabulary(), units).read()
