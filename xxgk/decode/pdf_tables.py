"""Ruled tables of a PDF page, from its ruling lines and character positions, as full grids.

How a table is found (pdfplumber's "lines" method, which the reader used before it moved
to pdfium, so the same tables come out):

1. Ruling lines within ``_SNAP`` points of one another across are moved to their average
   position; lines on one position whose ends are within ``_JOIN`` points are joined; what
   is shorter than ``_MIN_EDGE`` is dropped.
2. A horizontal and a vertical line cross (within ``_INTERSECT``) at a corner.
3. A cell is the smallest rectangle from a corner to a corner right of it and below it
   whose four sides are drawn: each pair of corners on a side lies on one joined line.
4. Cells sharing a corner form one table; a table needs two rows and two columns (one
   row will do for the rest of a table the page before began, see ``pdf_text``).

A character belongs to the cell its centre lies in. Its cell text is the words of its lines
(``pdf_lines``). The grid has a row per distinct cell top and a column per distinct cell
left edge; a merged cell's text is repeated at every grid position it covers, as HTML and
Word tables are, because extraction matches rows and columns by label.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from xxgk.decode.pdf_lines import chars_to_cell_text
from xxgk.decode.pdfium_page import Char
from xxgk.decode.pipe_rows import normalize_cell_text

_SNAP = 3.0  # points
_JOIN = 3.0
_MIN_EDGE = 3.0
_INTERSECT = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(slots=True)
class PdfTable:
    cells: list[Box]
    bbox: Box
    texts: dict[Box, str] = field(default_factory=dict)
    _locate: Any = field(default=None, repr=False)

    def cell_at(self, x: float, y: float) -> Box | None:
        """The cell containing the point (left and top edges in, right and bottom out)."""
        if self._locate is None:
            self._locate = _cell_locator(self)
        return self._locate(x, y)

    @property
    def row_count(self) -> int:
        return len({cell[1] for cell in self.cells})

    @property
    def column_count(self) -> int:
        return len({cell[0] for cell in self.cells})


def _snap(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Positions chained within ``_SNAP`` of each other replaced by their average."""
    if not rules:
        return []
    ordered = sorted(rules)
    snapped: list[tuple[float, float, float]] = []
    group = [ordered[0]]
    for rule in ordered[1:]:
        if rule[0] <= group[-1][0] + _SNAP:
            group.append(rule)
            continue
        snapped += _moved_to_average(group)
        group = [rule]
    snapped += _moved_to_average(group)
    return snapped


def _moved_to_average(group: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    average = sum(rule[0] for rule in group) / len(group)
    return [(average, start, end) for _, start, end in group]


def _join(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Lines on one position joined where they meet or nearly meet; short ones dropped."""
    by_position: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for position, start, end in rules:
        by_position[position].append((start, end))
    joined: list[tuple[float, float, float]] = []
    for position in sorted(by_position):
        spans = sorted(by_position[position])
        start, end = spans[0]
        for next_start, next_end in spans[1:]:
            if next_start <= end + _JOIN:
                end = max(end, next_end)
                continue
            joined.append((position, start, end))
            start, end = next_start, next_end
        joined.append((position, start, end))
    return [rule for rule in joined if rule[2] - rule[1] >= _MIN_EDGE]


def _corners(h_rules, v_rules) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Corner (x, y) -> (the vertical lines through it, the horizontal lines through it)."""
    corners: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for v_index, (x, top, bottom) in enumerate(v_rules):
        for h_index, (y, x0, x1) in enumerate(h_rules):
            if (top <= y + _INTERSECT and bottom >= y - _INTERSECT
                    and x0 - _INTERSECT <= x <= x1 + _INTERSECT):
                verticals, horizontals = corners.setdefault((x, y), (set(), set()))
                verticals.add(v_index)
                horizontals.add(h_index)
    return corners


def _cells(corners) -> list[Box]:
    """The smallest closed rectangle from each corner (see the module docstring, step 3)."""
    below: dict[float, list[float]] = defaultdict(list)  # x -> ys of corners on it
    right: dict[float, list[float]] = defaultdict(list)  # y -> xs of corners on it
    for x, y in sorted(corners):
        below[x].append(y)
        right[y].append(x)
    cells = (_smallest_cell(corners, x, y, below[x], right[y]) for x, y in sorted(corners))
    return [cell for cell in cells if cell is not None]


def _smallest_cell(corners, x: float, y: float, ys: list[float], xs: list[float]) -> Box | None:
    """The first rectangle from corner (x, y) to a corner below (``ys``, sorted) and right
    of it (``xs``) whose four sides each lie on one ruling line."""

    def on_one_vertical(x: float, y0: float, y1: float) -> bool:
        return not corners[(x, y0)][0].isdisjoint(corners[(x, y1)][0])

    def on_one_horizontal(y: float, x0: float, x1: float) -> bool:
        return not corners[(x0, y)][1].isdisjoint(corners[(x1, y)][1])

    further: list[float] | None = None  # corners right of (x, y) on one line with it
    for y1 in ys[bisect.bisect_right(ys, y):]:
        if not on_one_vertical(x, y, y1):
            continue
        if further is None:
            further = [x1 for x1 in xs[bisect.bisect_right(xs, x):]
                       if on_one_horizontal(y, x, x1)]
        for x1 in further:
            if ((x1, y1) in corners and on_one_vertical(x1, y, y1)
                    and on_one_horizontal(y1, x, x1)):
                return (x, y, x1, y1)
    return None


def _group_into_tables(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner, transitively, as tables, top to bottom, then left to right."""
    parent = list(range(len(cells)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[tuple[float, float], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(index)] = root(owner[corner])
            else:
                owner[corner] = index
    groups: dict[int, list[Box]] = defaultdict(list)
    for index, cell in enumerate(cells):
        groups[root(index)].append(cell)
    tables = [group for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda group: min((cell[1], cell[0]) for cell in group))


def find_tables(h_rules: list[tuple[float, float, float]],
                v_rules: list[tuple[float, float, float]], min_rows: int = 2) -> list[PdfTable]:
    """Ruled tables with at least ``min_rows`` rows and two columns, top to bottom."""
    if len(h_rules) < 2 or len(v_rules) < 2:
        return []
    h_joined, v_joined = _join(_snap(h_rules)), _join(_snap(v_rules))
    tables = []
    for cells in _group_into_tables(_cells(_corners(h_joined, v_joined))):
        bbox = (min(c[0] for c in cells), min(c[1] for c in cells),
                max(c[2] for c in cells), max(c[3] for c in cells))
        table = PdfTable(cells=cells, bbox=bbox)
        if table.row_count >= min_rows and table.column_count >= 2:
            tables.append(table)
    return tables


def _cell_locator(table: PdfTable):
    """A function from a point to the cell of ``table`` containing it (left and top edges
    in, right and bottom edges out), or None."""
    xs = sorted({cell[0] for cell in table.cells} | {cell[2] for cell in table.cells})
    ys = sorted({cell[1] for cell in table.cells} | {cell[3] for cell in table.cells})
    slots: dict[tuple[int, int], Box] = {}
    for cell in table.cells:
        for column in range(xs.index(cell[0]), xs.index(cell[2])):
            for row in range(ys.index(cell[1]), ys.index(cell[3])):
                slots.setdefault((column, row), cell)

    def locate(x: float, y: float) -> Box | None:
        column, row = bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1
        cell = slots.get((column, row))
        if cell is None or not (cell[0] <= x < cell[2] and cell[1] <= y < cell[3]):
            return None
        return cell

    return locate


def fill_cell_texts(table: PdfTable, chars: list[Char]) -> None:
    """Give each cell of ``table`` the text of the characters (or runs of them) whose centres
    lie in it."""
    locate = table.cell_at
    x0, top, x1, bottom = table.bbox
    members: dict[Box, list[Char]] = defaultdict(list)
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        if x0 <= x < x1 and top <= y < bottom and (cell := locate(x, y)) is not None:
            members[cell].append(char)
    table.texts = {cell: normalize_cell_text(chars_to_cell_text(members[cell]))
                   if cell in members else "" for cell in table.cells}


def table_grid(table: PdfTable) -> list[list[str]]:
    """Rows of cell texts, a merged cell's text at every position it covers."""
    columns = sorted({cell[0] for cell in table.cells})
    rows = sorted({cell[1] for cell in table.cells})
    locate = table.cell_at
    grid: list[list[str]] = []
    for row_top in rows:
        values = []
        for column_x0 in columns:
            cell = locate(column_x0, row_top)
            values.append(table.texts.get(cell, "") if cell is not None else "")
        grid.append(values)
    return grid
