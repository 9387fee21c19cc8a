"""Object keys cannot escape their zone, nor a listing its folder, on either backend.

Names come from strangers (URL paths, Content-Disposition headers, file names) and run ids from
operators; none of them may place, read or delete an object outside the lake or outside the
folder meant. The S3 server is moto on loopback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.reliability.http_faults import ScriptedServer, serve
from tests.unit.test_publish import _stage, _tables
from xxgk.generate import generate_reports
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_manifest
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import plan_parse
from xxgk.stages.publish import current_release, publish_run, read_release
from xxgk.stages.releases import prune_releases
from xxgk.storage import open_lake

pytestmark = pytest.mark.integration
ZONES = {"raw", "staging", "quality", "curated", "locks", ".locks"}
# Run ids with ".." (or odd characters) are refused; an absolute path loses its leading "/"
# and lands inside the zone like any other folder name.
REFUSED_RUN_IDS = ["../escape", "a/../../b", "..", "run/../../..", "x\\..\\y", "run id"]


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_hostile_names_from_the_web_and_the_disk_stay_metadata(tmp_path):
    report = next(generate_reports(1, seed=91)).data
    disposition = 'attachment; filename="../../../../outside/evil.html"'
    routes = {"/a/..%2F..%2Fevil.html": [serve(report + b"<!--1-->")],
              "/b": [serve(report + b"<!--2-->", headers=(("Content-Disposition",
                                                          disposition),))],
              "/c/%2e%2e/%2e%2e/x.html": [serve(report + b"<!--3-->")]}
    folder = tmp_path / "docs"
    (folder / "..hidden-dots").mkdir(parents=True)
    (folder / "..hidden-dots" / "report..html").write_bytes(report + b"<!--4-->")
    (folder / "-rf --no-preserve-root.html").write_bytes(report + b"<!--5-->")
    with ScriptedServer(routes) as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({
            "defaults": {"requests_per_second": 100, "jitter": 0.0, "retries": 0},
            "sources": [{"name": "web", "urls": [site.base_url + p for p in routes],
                         "allow_networks": ["127.0.0.1/32"]},
                        {"name": "disk", "folder": str(folder)}]}), encoding="utf-8")
        lake_dir = tmp_path / "lake"
        lake = open_lake(Settings(lake=str(lake_dir)))
        before = _files_under(tmp_path)
        result = ingest_source(lake, "run1", str(sources), max_bytes=2 ** 24)
    plan = plan_parse(lake, "run1", 10)
    for number, batch in enumerate(plan.batches):
        parse_batch(lake, "run1", number, batch)
    assert result.documents == 5
    filenames = set(read_manifest(lake, "run1")["filename"])
    assert "../../../../outside/evil.html" not in filenames  # slashes never survive
    assert any("evil.html" in (name or "") for name in filenames)
    created = _files_under(tmp_path) - before
    assert created and all(p.is_relative_to(lake_dir) for p in created)
    assert {p.relative_to(lake_dir).parts[0] for p in created} <= ZONES
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize("run_id", REFUSED_RUN_IDS)
def test_a_hostile_run_id_is_refused_before_anything_is_written(tmp_path, run_id):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "r.html").write_bytes(next(generate_reports(1, seed=92)).data)
    lake_dir = tmp_path / "lake"
    lake = open_lake(Settings(lake=str(lake_dir)))
    before = _files_under(tmp_path)
    for stage in (lambda: ingest_source(lake, run_id, str(folder), max_bytes=2 ** 20),
                  lambda: plan_parse(lake, run_id, 10),
                  lambda: publish_run(lake, run_id)):
        with pytest.raises(ValueError, match="unsafe object key"):
            stage()
    assert _files_under(tmp_path) == before


def test_an_absolute_run_id_stays_inside_its_zone(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "r.html").write_bytes(next(generate_reports(1, seed=92)).data)
    lake_dir = tmp_path / "lake"
    before = _files_under(tmp_path)
    ingest_source(open_lake(Settings(lake=str(lake_dir))), "/etc/cron.d/x", str(folder),
                  max_bytes=2 ** 20)
    created = _files_under(tmp_path) - before
    assert created and all(p.is_relative_to(lake_dir) for p in created)
    assert {p.relative_to(lake_dir).parts[0] for p in created} <= ZONES


def test_a_listing_never_leaves_the_lake(lake, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the lake's")
    lake.store.put("staging/r/x.parquet", b"1")
    for prefix in ("../outside", "/etc", "staging/../../outside", "staging/.."):
        with pytest.raises(ValueError, match="unsafe object key"):
            list(lake.list(prefix))
    assert list(lake.list("staging/")) == list(lake.list("staging")) == ["staging/r/x.parquet"]


def test_a_listing_is_a_folder_not_a_string_prefix(lake):
    """Run "nightly" must not see the objects of run "nightly-2", nor release "r" those of
    release "r.2": on S3 a plain key prefix would match both."""
    for key in ("raw/fetch_log/nightly/a-00001.parquet", "raw/fetch_log/nightly-2/a-00001.parquet",
                "curated/releases/r/x", "curated/releases/r.2/x"):
        lake.store.put(key, b"1")
    assert list(lake.list("raw/fetch_log/nightly")) == ["raw/fetch_log/nightly/a-00001.parquet"]
    assert list(lake.list("curated/releases/r")) == ["curated/releases/r/x"]


def test_pruning_an_interrupted_release_never_deletes_the_current_one(lake):
    _stage(lake, "r", _tables(["a", "b"]))
    with pytest.raises(RuntimeError):
        publish_run(lake, "r", fail_before_manifest=True)  # leaves an incomplete release "r"
    assert publish_run(lake, "r").release_id == "r.2"
    assert prune_releases(lake, keep=1) == ["r"]
    assert current_release(lake) == "r.2"
    assert sorted(read_release(lake, "r.2")["reports"]["report_id"]) == ["a", "b"]
    assert not [k for k in lake.list("curated/releases") if k.startswith("curated/releases/r/")]
