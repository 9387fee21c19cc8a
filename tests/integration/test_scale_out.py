"""Parse and validate on a Dask LocalCluster give the same release as the default runner."""

import polars as pl
import pytest

from flows.pipeline import pipeline_flow
from xxgk.generate import write_corpus
from xxgk.schema import CURATED_TABLES
from xxgk.settings import Settings
from xxgk.stages.publish import latest_key

pytestmark = pytest.mark.integration


def test_dask_local_cluster_matches_threads(prefect_server, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30, seed=31)
    threads = Settings(lake=str(tmp_path / "threads"), batch_size=8)
    dask = Settings(lake=str(tmp_path / "dask"), batch_size=8, runner="dask", workers=2)
    pipeline_flow(threads, str(corpus))
    summary = pipeline_flow(dask, str(corpus))
    assert summary.reports_parsed == 30
    for table in CURATED_TABLES:
        a = pl.read_parquet(tmp_path / "threads" / latest_key(table.name)).drop("run_id",
                                                                                 strict=False)
        b = pl.read_parquet(tmp_path / "dask" / latest_key(table.name)).drop("run_id",
                                                                              strict=False)
        assert a.equals(b), table.name
