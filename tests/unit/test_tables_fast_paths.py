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
