"""Fast paths of the table reader agree with the clear definitions they stand in for."""

from __future__ import annotations

import dataclasses
import itertools

from xxgk.extract.tables.facts import new_fact
from xxgk.model import Fact


def test_new_fact_builds_the_same_fact_as_the_dataclass():
    names = [f.name for f in dataclasses.fields(Fact)]
    assert names == ["section", "item", "dimension", "value", "unit", "qualifier", "evidence",
                     "span_start", "span_end", "rule", "confidence"]
    assert not hasattr(Fact, "__post_init__")  # new_fact would skip it
    for i, value in enumerate([0.0, 1.5, None, 12.0]):
        args = (f"table{i}", f"item{i}", None if i % 2 else f"dim{i}", value, "item",
                "exact" if value is not None else "not_a_number", f"a | b | {value}",
                i * 10, i * 10 + 1, "table2.pipe")
        built, expected = new_fact(*args), Fact(*args)
        assert built == expected and hash(built) == hash(expected)
        assert dataclasses.astuple(built) == (*args, None)  # no OCR confidence


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


def _texts_of_generated_reports():
    """Lines of generated reports, pairs of them joined, and odd cells and labels."""
    from xxgk.decode import decode_document
    from xxgk.extract.tables.vocabulary import load_vocabulary
    from xxgk.generate import generate_reports

    lines = []
    for report in generate_reports(60, 11):
        if report.format in ("html", "text", "markdown"):
            text = decode_document(report.data, filename=report.filename).text
            lines += [line.strip() for line in text.split("\n") if line.strip()]
    vocab = load_vocabulary()
    keys = sorted(vocab.by_key)
    odd = ["0", "３６", "－3", "−3", "增2", "减少1", "+1", "1 837", "12 条", "5.5万元", "—/—",
           "——", "无", "无数据", "- 3", "2022年", "(一)", "、、0", "一、", "①②", "(3)"]
    return (lines + [a + b for a, b in itertools.pairwise(lines)] + odd
            + [f"(三){key}({line})" for key, line in zip(keys, lines, strict=False)]
            + ["、".join(key) + "。" for key in keys] + [f"“{key}”" for key in keys]
            + [f"{n}.{key}" for n, key in enumerate(keys)] + [key[:1] for key in keys])


def test_label_lookup_agrees_with_the_full_keys():
    from xxgk.extract.tables.label_text import squeeze, squeezed_keys
    from xxgk.extract.tables.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    found = 0
    for text in _texts_of_generated_reports():
        squeezed = squeeze(text)
        whole, short = squeezed_keys(squeezed)
        expected = vocab.by_key.get(whole) or vocab.by_key.get(short) or ()
        assert vocab.lookup_squeezed(squeezed) == expected, text
        found += bool(expected)
    assert found > 300


def test_value_parsing_agrees_without_the_opening_check():
    import dataclasses

    from xxgk.extract.tables.cells import parse_value
    from xxgk.extract.tables.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    reads_everything = dataclasses.replace(vocab, longest_not_a_number=10**9)
    values = 0
    for text in _texts_of_generated_reports():
        value = parse_value(text, vocab)
        assert value == parse_value(text, reads_everything), text
        values += value is not None
    assert values > 1000
