"""The benchmark scripts run (tiny sizes), so they cannot rot between benchmark runs."""

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_parse  # noqa: E402
import bench_pipeline  # noqa: E402
import bench_review_site  # noqa: E402
import bench_s3_source  # noqa: E402

pytestmark = pytest.mark.integration


def test_parse_benchmark_writes_its_report(tmp_path):
    out = tmp_path / "parse"
    assert bench_parse.main(["--n", "12", "--n-binary", "2", "--repeats", "1",
                             "--out", str(out)]) == 0
    result = json.loads(out.with_suffix(".json").read_text())
    overall = [r for r in result["rows"] if r["group"].startswith("overall")]
    assert overall and overall[0]["parse_docs_per_s"] > 0 and overall[0]["ratio"] > 0
    assert result["machine"]["cores"] >= 1
    assert "| layout |" in out.with_suffix(".md").read_text()


def test_pipeline_benchmark_parts_run(tmp_path):
    corpus = bench_pipeline.corpus_for(10, tmp_path)
    stages = bench_pipeline.stages_only(corpus, tmp_path / "lake", workers=1)
    assert set(stages) == {"ingest", "parse", "validate", "publish"}
    assert (tmp_path / "lake" / "curated" / "latest" / "reports.parquet").exists()
    measured = bench_pipeline.run_measured([sys.executable, "-c", "x = bytearray(50_000_000)"])
    assert measured["seconds"] > 0


def test_s3_source_benchmark_writes_its_report(tmp_path):
    out = tmp_path / "s3"
    assert bench_s3_source.main(["-n", "20", "--concurrency", "1,4", "--repeat", "1",
                                 "--out", str(out)]) == 0
    result = json.loads((out / "s3_source.json").read_text())
    assert [r["concurrency"] for r in result["results"]] == [1, 4]
    assert all(r["median_objects_per_second"] > 0 for r in result["results"])
    assert "| objects read at once |" in (out / "s3_source.md").read_text()


def test_pipeline_benchmark_main_runs_every_measurement(tmp_path):
    out = tmp_path / "pipeline"
    assert bench_pipeline.main(["--sizes", "12", "--repeats", "1", "--dask-max", "0",
                                "--stages-max", "12", "--running-server", "--workers", "1",
                                "--cache", str(tmp_path / "cache"), "--out", str(out)]) == 0
    (row,) = json.loads(out.with_suffix(".json").read_text())["results"]
    assert row["flow"]["seconds"] > 0 and row["flow"]["peak_rss_mib"] > 0
    assert row["rerun"]["seconds"] > 0 and set(row["stages"]) == {
        "ingest", "parse", "validate", "publish"}
    assert row["server"]["seconds"] > 0 and 0 <= row["server"]["orchestration_share"] <= 1
    assert "| 12 |" in out.with_suffix(".md").read_text()


def test_review_site_benchmark_writes_its_report(tmp_path):
    out = tmp_path / "review_site"
    assert bench_review_site.main(["--reports", "40", "--flagged-share", "0.5", "--out",
                                   str(out)]) == 0
    (row,) = json.loads(out.with_suffix(".json").read_text())["rows"]
    assert row["flagged"] == 20 and row["by_folder"]["reports"]["files"] == 20
    assert row["bytes"] > 0 and row["seconds"] > 0
    assert "| 40 | 20 (50%) |" in out.with_suffix(".md").read_text()
