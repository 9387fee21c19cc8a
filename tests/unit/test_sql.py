import duckdb
import polars as pl
import pytest

from tests.unit.test_publish import _organ_tables, _stage, _tables
from xxgk.settings import Settings
from xxgk.sql import EXAMPLES, connect, run_query
from xxgk.stages.publish import publish_run
from xxgk.storage import open_lake


def test_views_over_the_latest_release(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _tables(["a", "b"], year=2021))
    publish_run(lake, "run1")
    out = run_query(lake, "SELECT report_year, count(*) AS n FROM reports GROUP BY 1")
    assert out.to_dicts() == [{"report_year": 2021, "n": 2}]
    joined = run_query(lake, "SELECT count(*) AS n FROM facts JOIN reports USING (report_id)")
    assert joined["n"][0] == 2
    for sql in EXAMPLES.values():  # the README's examples stay valid SQL over the views
        assert isinstance(run_query(lake, sql), pl.DataFrame)
    connect(lake, tmp_path / "xxgk.duckdb").close()
    assert (tmp_path / "xxgk.duckdb").stat().st_size > 0


def test_no_release_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run the pipeline first"):
        run_query(open_lake(Settings(lake=str(tmp_path))), "SELECT 1")


def test_agencies_is_a_view_beside_reports(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _organ_tables([("r1", "淄川区科技局", 2019),
                                        ("r2", "淄博市淄川区科学技术局", 2020)]))
    publish_run(lake, "run1")
    out = run_query(lake, "SELECT a.agency_name, count(*) AS n FROM agencies a "
                          "JOIN reports r USING (agency_id) GROUP BY 1")
    assert out.to_dicts() == [{"agency_name": "淄博市淄川区科学技术局", "n": 2}]


def test_a_release_without_a_table_gets_the_other_views(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    _stage(lake, "run1", _tables(["a"]))
    publish_run(lake, "run1")
    (tmp_path / "curated" / "latest" / "agencies.parquet").unlink()  # made before agencies
    assert run_query(lake, "SELECT count(*) AS n FROM reports")["n"][0] == 1
    with pytest.raises(duckdb.CatalogException):
        run_query(lake, "SELECT * FROM agencies")


def test_examples_by_province_level_and_sector(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    tables = _organ_tables([("r1", "淄川区科技局", 2020), ("r2", "淄博市淄川区科学技术局", 2021),
                            ("r3", "淄川区财政局", 2021), ("r4", "湖北省交通运输厅", 2021),
                            ("r5", "商务部", 2021), ("r6", "市财政局", 2021)])
    tables["reports"] = tables["reports"].with_columns(
        pl.Series("applications_received", [1, 2, 4, 8, 16, 32]))
    _stage(lake, "run1", tables)
    publish_run(lake, "run1")

    provinces = run_query(lake, EXAMPLES["reports and requests per year by province"])
    assert provinces.rows() == [("10", None, 2021, 1, 16), ("37", "山东省", 2020, 1, 1),
                                ("37", "山东省", 2021, 2, 6), ("42", "湖北省", 2021, 1, 8)]
    levels = run_query(lake, EXAMPLES["organs, reports and requests by level and sector"])
    assert levels.rows() == [("national", "commerce", 1, 1, 16),
                             ("province", "transport", 1, 1, 8),
                             ("county", "finance", 1, 1, 4),
                             ("county", "science_technology", 1, 2, 3)]
