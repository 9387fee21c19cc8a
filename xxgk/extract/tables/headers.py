"""Turn the header labels seen above a table's rows into its ordered columns.

Two readings, both by label:

- the *sequence* reading takes header labels in printed order. It serves flattened tables and
  pipe tables whose merged cells were not expanded: group headers (法人或其他组织, 行政诉讼) are
  replaced by the member labels printed after them, and in 表四 each run of result labels
  (结果维持 … 总计) belongs to the block labels in order (行政复议, 未经复议直接起诉, 复议后起诉).
- the *grid* reading serves pipe tables whose merged cells were expanded (a spanning cell's text
  repeated in each position): every position's labels, from all header rows, name its column.
  It is used only when it agrees with the sequence reading, so padded rows cannot pose as one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from xxgk.extract.tables.vocabulary import ColumnEntry, TableSpec


class HeaderLabel(NamedTuple):
    """A header cell recognised as a column label (a named tuple: whole headers are hashed as
    cache keys, see ``read_header``)."""

    entry: ColumnEntry
    display: str  # printed label, for evidence
    unit: str | None = None  # money unit the header cell names ("(单位:万元)")


# Compared and hashed by identity: columns come from the cached ``read_header``, so one header
# printed in many reports yields the same objects, and facts.py caches per column.
@dataclass(frozen=True, slots=True, eq=False)
class Column:
    """One value column. ``keys`` maps each axis to its key; None for a column we do not keep
    (a group header without its members below it, an unknown header)."""

    keys: tuple[tuple[str, str], ...] | None
    labels: tuple[HeaderLabel, ...]

    @property
    def display(self) -> str:
        return "/".join(label.display for label in self.labels)

    def key(self, axis: str) -> str | None:
        for name, key in self.keys or ():
            if name == axis:
                return key
        return None

    @property
    def unit(self) -> str | None:
        units = {label.unit for label in self.labels if label.unit}
        return units.pop() if len(units) == 1 else None


# A pipe header row (a recognised label or None at each position), or one flattened label.
HeaderPart = tuple[HeaderLabel | None, ...] | HeaderLabel


def _one_axis(labels: Sequence[HeaderLabel]) -> list[Column]:
    """Leaf columns in order; a group header stands for the members printed after it."""
    # HeaderLabel, or [group label, members…] placeholders
    slots: list[HeaderLabel | list[HeaderLabel]] = []
    seen: set[str] = set()
    open_groups: dict[str, list[HeaderLabel]] = {}
    for label in labels:
        entry = label.entry
        if entry.key in seen:
            continue
        seen.add(entry.key)
        if entry.is_group:
            placeholder = [label]
            open_groups[entry.key] = placeholder
            slots.append(placeholder)
            continue
        group = next((g for g in open_groups.values() if entry.key in g[0].entry.members), None)
        if group is not None:
            group.append(label)
        else:
            slots.append(label)
    axis_keys = {s.entry.key for s in slots if isinstance(s, HeaderLabel)}
    columns: list[Column] = []
    for slot in slots:
        if isinstance(slot, HeaderLabel):
            columns.append(Column(((slot.entry.axis, slot.entry.key),), (slot,)))
        else:
            group_label, members = slot[0], slot[1:]
            if members:
                columns.extend(Column(((m.entry.axis, m.entry.key),), (group_label, m))
                               for m in members)
            elif not set(group_label.entry.members) & axis_keys:
                columns.append(Column(None, (group_label,)))  # a group column of its own
    return columns


def _block_and_result(table: TableSpec, labels: Sequence[HeaderLabel]) -> list[Column]:
    """表四: blocks in printed order, each taking the next run of result labels."""
    block_axis, dim_axis = table.axes
    blocks: list[HeaderLabel] = []
    runs: list[list[HeaderLabel]] = []
    group_members: set[str] = set()
    for label in labels:
        entry = label.entry
        if entry.axis == block_axis:
            if entry.is_group:
                group_members.update(entry.members)
            elif all(b.entry.key != entry.key for b in blocks):
                blocks.append(label)
        elif entry.axis == dim_axis:
            if not runs or any(d.entry.key == entry.key for d in runs[-1]):
                runs.append([])
            runs[-1].append(label)
    if not blocks or len(runs) != len(blocks):
        return []
    return [Column(((block_axis, b.entry.key), (dim_axis, d.entry.key)), (b, d))
            for b, run in zip(blocks, runs, strict=True) for d in run]


def resolve_sequence(table: TableSpec, labels: Sequence[HeaderLabel]) -> list[Column]:
    """Columns from header labels in printed order; [] when they do not add up to columns."""
    if len(table.axes) == 1:
        columns = _one_axis(labels)
    else:
        columns = _block_and_result(table, labels)
    return columns if any(c.keys for c in columns) else []


def _reading_order(parts: Sequence[HeaderPart], drop_row_spans: bool) -> list[HeaderLabel]:
    """Header labels in reading order without the repeats of expanded merged cells.

    A label equal to its left neighbour repeats a column span. With ``drop_row_spans``, in
    pipe rows of one width, a label equal to the one at the same position in the row above
    repeats a row span (padded rows have one width too, hence the choice).
    """
    out: list[HeaderLabel] = []
    above: Sequence[HeaderLabel | None] = ()
    for part in parts:
        if isinstance(part, HeaderLabel):
            out.append(part)
            above = ()
            continue
        same_width = drop_row_spans and len(part) == len(above)
        for j, label in enumerate(part):
            if label is None:
                continue
            before = part[j - 1] if j > 0 else None
            if before is not None and before.entry == label.entry:
                continue
            over = above[j] if same_width else None
            if over is not None and over.entry == label.entry:
                continue
            out.append(label)
        above = part
    return out


def resolve_header(table: TableSpec, parts: Sequence[HeaderPart]
                   ) -> tuple[list[Column], dict[int, Column] | None]:
    """The columns of a header, and its grid by position when it is a true expanded grid.

    ``parts`` are the header in printed order: pipe rows (a label or None per position) and
    flattened labels.
    """
    columns: list[Column] = []
    for drop_row_spans in (True, False):
        columns = resolve_sequence(table, _reading_order(parts, drop_row_spans))
        if columns:
            break
    rows = [p for p in parts if not isinstance(p, HeaderLabel)]
    grid = resolve_grid(table, rows) if rows and len(rows) == len(parts) else None
    if grid is not None and not grid_agrees(grid, columns):
        grid = None
    return columns, grid


@dataclass(frozen=True, slots=True, eq=False)
class Header:
    """A resolved header: its columns in order, its grid by position (or None), and the
    (era, key) of each era-specific label its columns use."""

    columns: tuple[Column, ...]
    grid: Mapping[int, Column] | None  # read-only: one object is shared by every caller
    era_votes: frozenset[tuple[str, str]]


@lru_cache(maxsize=4096)
def read_header(table: TableSpec, parts: tuple[HeaderPart, ...]) -> Header:
    """``resolve_header`` with the era votes, cached: the same headers recur in every report."""
    columns, grid = resolve_header(table, parts)
    votes = frozenset((label.entry.era, label.entry.key)
                      for column in columns + list((grid or {}).values())
                      for label in column.labels if label.entry.era)
    return Header(tuple(columns), None if grid is None else MappingProxyType(grid), votes)


def resolve_grid(table: TableSpec,
                 rows: Sequence[Sequence[HeaderLabel | None]]) -> dict[int, Column] | None:
    """Columns by position when all header rows have one width; None otherwise.

    At each position the most specific label of each axis wins (a member over its group);
    two different members at one position make the grid unusable.
    """
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        return None
    by_position: dict[int, Column] = {}
    for j in range(widths.pop()):
        labels = [found for r in rows if (found := r[j]) is not None]
        if not labels:
            continue
        keys: list[tuple[str, str]] = []
        used: list[HeaderLabel] = []
        for axis in table.axes:
            on_axis = [lab for lab in labels if lab.entry.axis == axis]
            leaves = {lab.entry.key for lab in on_axis if not lab.entry.is_group}
            if len(leaves) > 1:
                return None
            if leaves:
                key = leaves.pop()
                keys.append((axis, key))
                used.append(next(lab for lab in on_axis if lab.entry.key == key))
            elif on_axis:
                used.append(on_axis[0])
        if len(keys) == len(table.axes):
            by_position[j] = Column(tuple(keys), tuple(used))
        elif used:
            by_position[j] = Column(None, tuple(used))
    return by_position if any(c.keys for c in by_position.values()) else None


def grid_agrees(grid: dict[int, Column], columns: Sequence[Column]) -> bool:
    """Whether the grid reading names the same columns, in the same order, as the sequence one.

    Rows padded with empty cells look like a grid but are not one (a label sits at the wrong
    position); a true grid differs from the sequence only by columns repeated over a span.
    """
    by_position = [grid[j].keys for j in sorted(grid) if grid[j].keys]
    collapsed = [k for i, k in enumerate(by_position) if i == 0 or by_position[i - 1] != k]
    return collapsed == [c.keys for c in columns if c.keys]
