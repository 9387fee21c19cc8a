"""Validate checks the agencies of the release a run would make, with the agencies suite."""

import polars as pl

from tests.unit.test_publish import _organ_tables, _stage
from xxgk.schema import PARSE_ERRORS
from xxgk.settings import Settings
from xxgk.stages import paths
from xxgk.stages.publish import (
    derive_tables,
    publish_run,
    read_release,
    release_key,
    release_reports,
)
from xxgk.stages.validate import validate_run
from xxgk.storage import open_lake


def _stage_parsed(lake, run_id, tables, errors=None):
    lake.write_frame(paths.parse_batch(run_id, 0, "reports"), tables["reports"])
    lake.write_frame(paths.parse_batch(run_id, 0, "facts"), tables["facts"])
    if errors is not None:
        lake.write_frame(paths.parse_batch(run_id, 0, "errors"), errors)


def test_validate_checks_the_agencies_publish_will_write(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _organ_tables([("r1", "淄川区科技局", 2019),
                                        ("r2", "淄川区财政局", 2019)]))
    publish_run(lake, "run1")
    previous = read_release(lake, "run1")["reports"]

    run2 = _organ_tables([("r3", "淄博市淄川区科学技术局", 2020)])
    # r2 could not be read this time: it leaves the release, and its organ with it.
    errors = PARSE_ERRORS.conform(pl.DataFrame({
        "report_id": ["r2"], "source_url": ["file:r2"], "raw_sha256": ["0" * 64],
        "error_kind": ["undecodable"], "message": ["m"], "parser_version": ["t"],
        "run_id": ["run2"]}))
    _stage_parsed(lake, "run2", run2, errors)
    result = validate_run(lake, "run2")
    assert result.suites_passed["agencies"] is True
    assert any("agencies" in key for key in lake.list(paths.quality_prefix("run2")))

    expected = derive_tables(release_reports(previous, run2["reports"], errors))["agencies"]
    publish_run(lake, "run2")
    published = lake.read_frame(release_key("run2", "agencies.parquet"))
    assert published.equals(expected)
    assert published["report_count"].to_list() == [2]  # the science bureau, 2019 and 2020


def test_a_malformed_agency_id_fails_the_agencies_suite(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    tables = _organ_tables([("r1", "淄川区科技局", 2019)])
    tables["reports"] = tables["reports"].with_columns(pl.lit("a-not-hex").alias("agency_id"))
    _stage_parsed(lake, "run1", tables)
    assert validate_run(lake, "run1").suites_passed["agencies"] is False
