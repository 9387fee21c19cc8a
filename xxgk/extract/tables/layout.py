"""Cut cleaned text into table units: pipe rows, tab rows and one-cell-per-line cells.

Tables reach us as pipe rows (HTML/PDF/DOCX decoders, markdown), tab-separated rows, or
flattened one cell per line with blank lines between cells (web pages copied as text). This
module knows nothing of labels: it only finds cells and their offsets in the text, and how many
blank lines precede each flattened cell (an empty cell of a flattened table often survives only
as an extra blank line).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

PIPE = "pipe"
TAB = "tab"
FLAT = "flat"

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_LONG_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$|^:-+:?$|^-+:$")


class Cell(NamedTuple):
    """One cell's text and where it is. A named tuple: documents hold hundreds of cells."""

    text: str  # stripped; "" for an empty cell
    start: int  # offsets of ``text`` in the document, or in its line for a Row's cells
    # (start == end for an empty cell)
    end: int


class Row(NamedTuple):
    """A pipe or tab row: cells in printed order, their offsets relative to the line. (A named
    tuple, like Cell: one is made per table line of a document.)"""

    cells: tuple[Cell, ...]
    layout: str  # PIPE | TAB
    offset: int  # where the line starts in the document; add it to a cell's offsets


class FlatCell(NamedTuple):
    """One line of a flattened table (or of prose: the reader tells them apart): its text and
    offsets as in ``Cell``, kept flat because most lines of a document become one."""

    text: str
    start: int
    end: int
    blank_lines_before: int

    @property
    def cell(self) -> Cell:
        return new_tuple(Cell, (self.text, self.start, self.end))


# ``new_tuple(Cls, (a, b, c))`` is ``Cls(a, b, c)`` for a named tuple, without the Python-level
# ``__new__`` that named tuples are given: a third of the time, for the units and cells made
# once per line of every document with a table.
new_tuple = tuple.__new__


@dataclass(frozen=True, slots=True)
class PipeGap:
    """A line of bare pipes ("|", "||"): a renderer's padding, of unknown width."""

    start: int


Unit = Row | FlatCell | PipeGap


@lru_cache(maxsize=16384)
def _split(line: str, sep: str) -> tuple[Cell, ...]:
    """Cells of one line, offsets relative to the line (cached: rows such as
    "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" recur across reports)."""
    cells: list[Cell] = []
    lo = 0
    for segment in line.split(sep):
        text = segment.strip()
        if text:
            start = lo + segment.index(text[0])
            cells.append(Cell(text, start, start + len(text)))
        else:
            cells.append(Cell("", lo, lo))
        lo += len(segment) + 1
    if sep == "|":
        # The outer pipes of "| a | b |" delimit nothing.
        if cells and not cells[0].text and line.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1].text and line.rstrip().endswith("|"):
            cells = cells[:-1]
    return tuple(cells)


def _is_separator(cells: tuple[Cell, ...], follows_first_row: bool) -> bool:
    """A markdown |---|---| row; "|-|-|" only right under a table's first row ("-" is a value)."""
    if not cells or not cells[0].text.startswith(("-", ":")):
        return False  # the usual answer, without a pattern per cell
    if not all(_SEPARATOR_CELL.match(c.text) for c in cells):
        return False
    return follows_first_row or any(_LONG_SEPARATOR_CELL.match(c.text) for c in cells)


def split_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    blank = 0
    pos = 0
    pipe_run = 0  # pipe rows in a row, to spot the markdown separator under the first one
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            blank += 1
            pipe_run = 0
            continue
        sep = "|" if "|" in line else ("\t" if "\t" in stripped else None)
        if sep is None:
            start = line_start + line.index(stripped[0])
            units.append(new_tuple(FlatCell, (stripped, start, start + len(stripped), blank)))
            blank = 0
            pipe_run = 0
            continue
        cells = _split(line, sep)
        # Most rows open with their label: their first cell settles it without a generator.
        if not cells or not (cells[0].text or any(c.text for c in cells)):
            units.append(PipeGap(line_start))
        elif sep == "|" and cells[0].text.startswith(("-", ":")) and _is_separator(
                cells, pipe_run == 1):  # the first test is _is_separator's own, without a call
            pass
        elif len(cells) == 1 or (cells[0].text and not line.lstrip().startswith("|")
                                 and not any(c.text for c in cells[1:])):
            # "信息内容 |": some renderers print one cell per line, each closed by a pipe (and
            # "0 | ||": padded with empty cells after it).
            text, start, end = cells[0]
            units.append(new_tuple(FlatCell, (text, line_start + start, line_start + end, blank)))
        else:
            units.append(new_tuple(Row, (cells, PIPE if sep == "|" else TAB, line_start)))
        pipe_run += 1
        blank = 0
    return units


def typical_gap(units: list[Unit], is_value) -> int:
    """Blank lines that usually separate two flattened value cells (0 if unknown).

    ``is_value(text)`` tells value cells apart; the mode over value-after-value pairs is the
    table's own spacing, so a larger gap can be read as an empty cell.
    """
    counts: Counter[int] = Counter()
    previous_is_value = False
    for unit in units:
        if type(unit) is FlatCell:  # as isinstance (nothing derives from it), a little faster
            current = is_value(unit.text)
            if current and previous_is_value:
                counts[unit.blank_lines_before] += 1
            previous_is_value = current
        else:
            previous_is_value = False
    return counts.most_common(1)[0][0] if counts else 0


def empty_cells_in_gap(blank_lines: int, typical: int) -> int:
    """How many empty cells a gap of ``blank_lines`` stands for, given the usual spacing.

    With cells ``typical`` blank lines apart, an empty cell adds its own (blank) line plus the
    spacing; some pages keep only the extra line, so any surplus counts as at least one.
    """
    surplus = blank_lines - typical
    if surplus <= 0:
        return 0
    return -(-surplus // (typical + 1))
