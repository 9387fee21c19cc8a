"""Ways to cut a run of digits into table cells when the cells were printed with no separator.

A crawler that flattens a page may print a 表三 row as "5210000053": 52, 1, 0, 0, 0, 0 and 53,
or 5, 2, 1, 0, 0, 0, 0 and 53, or … Only the table's identities tell the cells apart: the total
column is the sum of the six applicant columns; each 表四 block's 总计 is the sum of its four
results. This module lists every cut that a row's own identity allows; the caller decides with
the column identities, and a row that stays ambiguous is left unread.

A cut obeys the printed form of numbers: no leading zeros ("05" is not a cell), at most
``MAX_DIGITS`` digits per cell, and a boundary wherever the run had a space ("|" in the run).
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_DIGITS = 6
BOUNDARY = "|"
# More cuts than this for one row means the run is no table row we can read.
MAX_CUTS = 64


def _numbers_at(run: str, i: int) -> Iterator[tuple[int, int]]:
    """(value, end) of every number that can start at ``i``."""
    if i >= len(run) or not run[i].isdigit():
        return
    if run[i] == "0":
        yield 0, i + 1
        return
    j = i
    while j < len(run) and j - i < MAX_DIGITS and run[j].isdigit():
        j += 1
        yield int(run[i:j]), j


def _skip_boundary(run: str, i: int) -> int:
    return i + 1 if i < len(run) and run[i] == BOUNDARY else i


def cut_with_total(run: str, parts: int) -> list[tuple[int, ...]]:
    """Cuts of ``run`` into ``parts`` numbers and then their sum: a row whose last cell is the
    total of the others (表三's 总计 column, a 表四 block)."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, taken: tuple[int, ...]) -> None:
        if len(found) > MAX_CUTS:
            return
        if len(taken) == parts:
            rest = run[i:]
            if rest and BOUNDARY not in rest and rest == str(sum(taken)):
                found.append((*taken, sum(taken)))
            return
        for value, end in _numbers_at(run, i):
            walk(_skip_boundary(run, end), (*taken, value))

    walk(0, ())
    return found[:MAX_CUTS + 1]


def cut_blocks(run: str, blocks: int, parts: int) -> list[tuple[int, ...]]:
    """Cuts of ``run`` into ``blocks`` consecutive blocks of ``parts`` numbers and their sum
    (表四: three blocks of 维持, 纠正, 其他, 尚未审结 and 总计)."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, block: int, taken: tuple[int, ...]) -> None:
        if len(found) > MAX_CUTS:
            return
        if block == blocks:
            if i == len(run):
                found.append(taken)
            return
        for head in _cut_prefix(run, i, parts):
            values, end = head
            total = str(sum(values))
            if run.startswith(total, end):
                after = _skip_boundary(run, end + len(total))
                walk(after, block + 1, (*taken, *values, sum(values)))

    walk(0, 0, ())
    return found[:MAX_CUTS + 1]


def _cut_prefix(run: str, i: int, parts: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """Every way to read ``parts`` numbers from ``i`` on: (values, where the next starts)."""
    if parts == 0:
        yield (), i
        return
    for value, end in _numbers_at(run, i):
        for rest, after in _cut_prefix(run, _skip_boundary(run, end), parts - 1):
            yield (value, *rest), after


def cut_plain(run: str, parts: int, signed: tuple[bool, ...] = ()) -> list[tuple[int, ...]]:
    """Cuts of ``run`` into exactly ``parts`` numbers with no identity to check (表二 rows); a
    cell marked in ``signed`` may carry a leading "-" (本年增/减)."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, taken: tuple[int, ...]) -> None:
        if len(found) > MAX_CUTS:
            return
        k = len(taken)
        if k == parts:
            if i == len(run):
                found.append(taken)
            return
        sign = 1
        j = i
        if k < len(signed) and signed[k] and j < len(run) and run[j] == "-":
            sign, j = -1, j + 1
        for value, end in _numbers_at(run, j):
            walk(_skip_boundary(run, end), (*taken, sign * value))

    walk(0, ())
    return found[:MAX_CUTS + 1]


def settled_cells(cuts: list[tuple[int, ...]]) -> tuple[int | None, ...]:
    """Each position's value when every cut agrees on it, else None."""
    if not cuts or len(cuts) > MAX_CUTS:
        return ()
    return tuple(column[0] if len(set(column)) == 1 else None for column in zip(*cuts, strict=True))
