"""A folder ingested again: files with the size and modification time logged when they were
stored are not read again; a touched file is."""

import os

import polars as pl

from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_manifest
from xxgk.storage import open_lake


def _write(path, text):
    path.write_text(text, encoding="utf-8")


def test_unchanged_files_are_not_read_again_and_touched_ones_are(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    _write(folder / "a.txt", "某局2022年政府信息公开工作年度报告 甲")
    _write(folder / "b.txt", "某局2022年政府信息公开工作年度报告 乙")
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    first = ingest_source(lake, "run1", str(folder), max_bytes=10_000)
    assert first.new_raw == 2
    before = read_manifest(lake, "run1").sort("source_url")

    # Same size and modification time, other bytes: the quick check trusts the stat, so the
    # stored object is reused (what make, rsync and git do)...
    stat = os.stat(folder / "a.txt")
    _write(folder / "a.txt", "某局2022年政府信息公开工作年度报告 丙")
    os.utime(folder / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # ...and a file whose modification time moved is read again.
    _write(folder / "b.txt", "某局2022年政府信息公开工作年度报告 丁")
    os.utime(folder / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))

    second = ingest_source(lake, "run2", str(folder), max_bytes=10_000)
    after = read_manifest(lake, "run2").sort("source_url")
    assert second.documents == 2 and second.new_raw == 1
    shas = dict(zip(after["source_url"], after["raw_sha256"], strict=True))
    old = dict(zip(before["source_url"], before["raw_sha256"], strict=True))
    assert shas["file:reports/a.txt"] == old["file:reports/a.txt"]
    assert shas["file:reports/b.txt"] != old["file:reports/b.txt"]
    assert after.filter(pl.col("source_url") == "file:reports/a.txt")["is_new"].to_list() == [False]
