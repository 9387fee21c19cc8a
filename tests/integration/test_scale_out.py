"""Parse on the local process pool (the default) and on a Dask LocalCluster give the same
release as parsing in threads of one process."""

import polars as pl
import pytest

from flows.pipeline import pipeline_flow
from xxgk.generate import write_corpus
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key

pytestmark = pytest.mark.integration


def test_process_pool_and_dask_local_cluster_match_threads(prefect_server, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30, seed=31)
    threads = Settings(lake=str(tmp_path / "threads"), batch_size=8, runner="threads")
    pipeline_flow(threads, str(corpus))
    for runner in ("processes", "dask"):
        other = Settings(lake=str(tmp_path / runner), batch_size=8, runner=runner, workers=2)
        summary = pipeline_flow(other, str(corpus))
        assert summary.reports_parsed == 30
        for table in CURATED_TABLES:
            a = pl.read_parquet(tmp_path / "threads" / latest_key(table.name)).drop(
                "run_id", strict=False)
            b = pl.read_parquet(tmp_path / runner / latest_key(table.name)).drop(
                "run_id", strict=False)
            assert a.equals(b), (runner, table.name)
