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
