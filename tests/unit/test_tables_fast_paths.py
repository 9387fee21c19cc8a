"""Fast paths of the table reader agree with the clear definitions they stand in for."""

from __future__ import annotations

import dataclasses

from xxgk.extract.tables.facts import new_fact
from xxgk.model import Fact


def test_new_fact_builds_the_same_fact_as_the_dataclass():
    names = [f.name for f in dataclasses.fields(Fact)]
    assert names == ["section", "item", "dimension", "value", "unit", "qualifier", "evidence",
                     "span_start", "span_end", "rule"]
    assert not hasattr(Fact, "__post_init__")  # new_fact would skip it
    for i, value in enumerate([0.0, 1.5, None, 12.0]):
        args = (f"table{i}", f"item{i}", None if i % 2 else f"dim{i}", value, "item",
                "exact" if value is not None else "not_a_number", f"a | b | {value}",
                i * 10, i * 10 + 1, "table2.pipe")
        built, expected = new_fact(*args), Fact(*args)
        assert built == expected and hash(built) == hash(expected)
        assert dataclasses.astuple(built) == args


def test_grid_alignment_matches_the_position_by_position_reading():
    import random

    from xxgk.extract.tables.alignment import align_by_position, grid_of
    from xxgk.extract.tables.layout import Cell

    rng = random.Random(7)
    for _ in range(200):
        width = rng.randint(1, 12)
        grid = {j: f"column{j}" for j in range(width) if rng.random() < 0.7}
        cells = tuple(Cell(str(j), j, j + 1) for j in range(width))
        at = [j for j in range(len(cells)) if j in grid]  # the clear definition
        assert align_by_position(cells, grid_of(grid, width)) == (
            tuple(grid[j] for j in at), tuple(cells[j] for j in at))
