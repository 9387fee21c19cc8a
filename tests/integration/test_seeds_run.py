"""`xxgk run --source ../shared/corpus/seeds` publishes the five real reports."""

import polars as pl
import pytest

from xxgk.cli import main
from xxgk.stages.publish import latest_key

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seeds_run(prefect_server, seeds_dir, tmp_path_factory):
    lake = tmp_path_factory.mktemp("lake")
    assert main(["run", "--source", str(seeds_dir), "--lake", str(lake)]) == 0
    return lake


def test_run_on_the_seeds_publishes_five_reports(seeds_run, seeds_dir, capsys):
    reports = pl.read_parquet(seeds_run / latest_key("reports"))
    assert reports.height == 5
    assert sorted(reports["source_url"]) == sorted(
        f"file:seeds/{p.name}" for p in seeds_dir.iterdir())


def test_seed_000_warns_that_its_channel_counts_miss_the_total(seeds_run):
    reports = pl.read_parquet(seeds_run / latest_key("reports"))
    seed = reports.filter(pl.col("source_url").str.contains("000_"))
    assert seed["proactive_total"].to_list() == [752]
    assert seed["quality_status"].to_list() == ["warn"]  # still published, flagged
    results = pl.read_parquet(seeds_run / latest_key("quality_results"))
    row = results.filter((pl.col("report_id") == seed["report_id"][0])
                         & (pl.col("check_id") == "text.proactive_parts_sum")).row(0, named=True)
    assert row["status"] == "fail" and row["severity"] == "warning"
    assert row["observed"] == "proactive_parts_gap: -12"  # 615 + 125 = 740 against 752
    (review,) = seeds_run.glob(f"quality/*/review/reports/{seed['report_id'][0]}.html")
    page = review.read_text(encoding="utf-8")
    assert "text.proactive_parts_sum" in page
    assert "<mark>615</mark>" in page and "<mark>125</mark>" in page
