"""`xxgk run --source ../shared/corpus/seeds` publishes the five real reports."""

import polars as pl
import pytest

from xxgk.cli import main
from xxgk.stages.publish import latest_key

pytestmark = pytest.mark.integration


def test_run_on_the_seeds_publishes_five_reports(prefect_server, seeds_dir, tmp_path, capsys):
    assert main(["run", "--source", str(seeds_dir), "--lake", str(tmp_path)]) == 0
    reports = pl.read_parquet(tmp_path / latest_key("reports"))
    assert reports.height == 5
    assert sorted(reports["source_url"]) == sorted(
        f"file:seeds/{p.name}" for p in seeds_dir.iterdir())
    out = capsys.readouterr().out
    assert "documents in      5" in out and "curated/latest/reports.parquet" in out
    assert "data_docs/index.html" in out
