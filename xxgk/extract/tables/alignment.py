"""Pair a row's value cells with the table's columns, or refuse to.

The rule that matters: one blank cell must never shift any other value. A row is paired only
when its cells can be put under the columns without guessing:

- by position, when the row has the width of an expanded header grid;
- by count, when the cells after the row label are exactly as many as the columns, after
  dropping padding (empty cells beyond the columns at the end, or between the label and the
  first value, which renderers leave behind merged cells);
- in a flattened table, also when the non-empty cells are exactly as many as the columns
  (the extra blank lines were only spacing).

Anything else yields no pairs, and the caller records a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from xxgk.extract.tables.headers import Column
from xxgk.extract.tables.layout import Cell

# A row's alignment: cells[k] sits under columns[k]. Parallel tuples rather than pairs, so that
# facts.py can name all of a row's columns with one cached lookup of the columns tuple.
Aligned = tuple[tuple[Column, ...], tuple[Cell, ...]]
NOTHING: Aligned = ((), ())


def _trim_padding(cells: list[Cell], width: int) -> list[Cell]:
    trimmed = list(cells)
    while len(trimmed) > width and not trimmed[-1].text:
        trimmed.pop()
    while len(trimmed) > width and not trimmed[0].text:
        trimmed.pop(0)
    return trimmed


def align_by_count(cells: Sequence[Cell], columns: tuple[Column, ...], *,
                   empties_inferred: bool = False,
                   width_unknown: bool = False) -> Aligned | None:
    """The row's cells (from the first after its label) under the columns, when they match
    them in number; NOTHING when no cell is filled.

    ``empties_inferred``: the empty cells were read from blank-line spacing (flattened table),
    so when they do not fit, the non-empty cells alone may still match the columns.
    ``width_unknown``: a bare-pipe line of unknown width sat among the cells, so only the
    non-empty cells can be counted.
    """
    if not columns:
        return None
    filled = [c for c in cells if c.text]
    if not filled:
        return NOTHING
    if not width_unknown:
        trimmed = _trim_padding(list(cells), len(columns))
        if len(trimmed) == len(columns):
            return columns, tuple(trimmed)
        if not empties_inferred:
            return None
    return (columns, tuple(filled)) if len(filled) == len(columns) else None


class Grid(NamedTuple):
    """An expanded header grid as rows are aligned by it: how many cells its rows have, the
    positions holding a column and those columns (worked out once per header, not per row)."""

    width: int
    positions: tuple[int, ...]
    columns: tuple[Column, ...]
    position_set: frozenset[int]  # the positions again, for membership tests per cell


def grid_of(grid: Mapping[int, Column], width: int) -> Grid:
    positions = tuple(j for j in range(width) if j in grid)
    return Grid(width, positions, tuple(grid[j] for j in positions), frozenset(positions))


def align_by_position(cells: Sequence[Cell], grid: Grid) -> Aligned:
    """An expanded grid row (``grid.width`` cells): each cell under the column at its
    position."""
    return grid.columns, tuple(map(cells.__getitem__, grid.positions))
