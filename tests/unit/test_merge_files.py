"""Merging a run into a large release table file by file gives what an in-memory merge gives."""

import polars as pl

from xxgk.schema import FACTS
from xxgk.stages.merge_files import (
    iter_file_frames,
    merge_table_files,
    sha256_of_file,
    sorted_slices,
)
from xxgk.stages.publish import _sort


def _facts(report_ids, value, rule="r"):
    return FACTS.conform(pl.DataFrame({
        "report_id": report_ids,
        "section": ["table3"] * len(report_ids),
        "item": ["new_received"] * len(report_ids),
        "dimension": ["total"] * len(report_ids),
        "value": [float(value)] * len(report_ids),
        "unit": ["case"] * len(report_ids),
        "qualifier": ["exact"] * len(report_ids),
        "evidence": [f"e{i}" for i in range(len(report_ids))],
        "span_start": list(range(len(report_ids))),
        "span_end": list(range(1, len(report_ids) + 1)),
        "rule": [rule] * len(report_ids),
    }))


def test_merge_equals_in_memory_upsert_and_sort(tmp_path):
    ids = [f"r{h:x}{n:03d}" for h in range(16) for n in range(40)]
    previous = _facts(ids[::-1], 1, rule="old")  # stored unsorted on purpose
    previous.write_parquet(tmp_path / "previous.parquet")
    run_a = _facts(ids[5:200:3], 2, rule="new")
    run_b = _facts(ids[400:420] + ["r" + "f" * 16], 3, rule="new")
    replaced = pl.concat([run_a, run_b]).select("report_id").unique()
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "out.parquet"

    rows = merge_table_files(FACTS, tmp_path / "previous.parquet", replaced, [run_a, run_b],
                             out, work)

    expected = _sort("facts", pl.concat([
        previous.join(replaced, on="report_id", how="anti"), run_a, run_b]))
    got = pl.read_parquet(out)
    assert rows == got.height == expected.height
    assert got.equals(expected)
    assert not list(work.iterdir())  # bucket files are removed as they are consumed


def test_merge_without_previous_or_rows_writes_an_empty_table(tmp_path):
    out = tmp_path / "out.parquet"
    rows = merge_table_files(FACTS, None, pl.DataFrame({"report_id": []}, schema={
        "report_id": pl.String}), [], out, tmp_path)
    assert rows == 0
    assert pl.read_parquet(out).schema == FACTS.polars_schema


def test_file_frames_and_digest(tmp_path):
    frame = _facts([f"r{n:04d}" for n in range(1000)], 1)
    frame.write_parquet(tmp_path / "f.parquet", row_group_size=100)
    parts = list(iter_file_frames(tmp_path / "f.parquet", rows=300))
    assert [p.height for p in parts][:3] == [300, 300, 300]
    assert pl.concat(parts).equals(frame)
    assert len(sha256_of_file(tmp_path / "f.parquet")) == 64


def test_sorted_slices_equal_one_stable_sort_with_nulls_and_ties():
    import random

    rng = random.Random(5)
    frame = pl.DataFrame({
        "a": [rng.choice(["x", "y", None]) for _ in range(500)],
        "b": [rng.choice([1, 2, None]) for _ in range(500)],
        "n": list(range(500)),  # tells tied rows apart: their input order must be kept
    })
    expected = frame.sort(["a", "b"], nulls_last=True, maintain_order=True)
    parts = list(sorted_slices(frame, ["a", "b"], 64))
    assert [p.height for p in parts] == [64] * 7 + [52]
    assert pl.concat(parts).equals(expected)
