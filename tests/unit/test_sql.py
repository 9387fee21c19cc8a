import polars as pl
import pytest

from tests.unit.test_publish import _stage, _tables
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
