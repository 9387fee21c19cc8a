"""Source strings keep their meaning; a .yaml/.yml path is read as a sources file."""

from pathlib import Path

import pytest
import yaml

from xxgk.ingest.s3_source import make_s3_client
from xxgk.ingest.sources import classify_source
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source, read_fetch_log, read_manifest, resolve_sources
from xxgk.storage import open_lake


@pytest.fixture
def folder(tmp_path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.html").write_bytes("<html>2022年年度报告</html>".encode("gbk"))
    (docs / "sub" / "b.txt").write_text("2021年年报", encoding="utf-8")
    (docs / "c.png").write_bytes(b"\x89PNG")
    return docs


def test_classify_source(tmp_path, folder):
    urls = tmp_path / "urls.txt"
    urls.write_text("# reports\nhttps://a.gov.cn/1.html\n\nhttp://b.gov.cn/2.html\n")
    sources = tmp_path / "s.yml"
    sources.write_text("sources: []\n")
    assert classify_source("https://a.gov.cn/x") == "url"
    assert classify_source(str(urls)) == "url_list"
    assert classify_source(str(sources)) == "sources_file"
    assert classify_source(str(folder)) == "folder"
    assert classify_source(str(folder / "a.html")) == "file"
    with pytest.raises(FileNotFoundError):
        classify_source(str(tmp_path / "missing"))
    (spec,) = resolve_sources(str(urls))
    assert spec.urls == ("https://a.gov.cn/1.html", "http://b.gov.cn/2.html")
    assert spec.attachments is False  # a plain URL list fetches exactly its URLs


def test_s3_uri_is_an_s3_source_on_the_given_endpoint_and_region(monkeypatch):
    # Settings are read once, by the caller: the environment is not consulted here.
    monkeypatch.setenv("XXGK_S3_ENDPOINT_URL", "http://127.0.0.1:1")
    assert classify_source("s3://b/p") == "s3"
    assert classify_source("s3://b") == "s3"
    (spec,) = resolve_sources("s3://b/p", s3_endpoint_url="http://127.0.0.1:9000",
                              s3_region="cn-north-1")
    assert (spec.kind, spec.name, spec.s3_uri) == ("s3", "s3://b/p", "s3://b/p")
    assert (spec.endpoint_url, spec.region) == ("http://127.0.0.1:9000", "cn-north-1")
    with pytest.raises(ValueError, match="bucket"):
        resolve_sources("s3:///p")


def test_sources_file_s3_entries_keep_their_own_endpoint(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [
        {"name": "own", "s3": "s3://b/p", "endpoint_url": "http://minio:9000"},
        {"name": "own-region", "s3": "s3://b/q", "region": "cn-south-1"},
        {"name": "lake", "s3": "s3://b/r"},
        {"name": "web", "urls": ["https://a.gov.cn/1.html"]}]}), encoding="utf-8")

    specs = {s.name: s for s in resolve_sources(str(sources), s3_endpoint_url="http://lake:9000",
                                                s3_region="cn-north-1")}
    assert (specs["own"].endpoint_url, specs["own"].region) == ("http://minio:9000", None)
    assert (specs["own-region"].endpoint_url, specs["own-region"].region) == (
        "http://lake:9000", "cn-south-1")
    assert (specs["lake"].endpoint_url, specs["lake"].region) == ("http://lake:9000",
                                                                  "cn-north-1")
    assert (specs["web"].endpoint_url, specs["web"].region) == (None, None)


def test_folder_source_keeps_its_manifest(tmp_path, folder):
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    result = ingest_source(lake, "r1", str(folder), max_bytes=1000)
    manifest = read_manifest(lake, "r1")
    assert (result.documents, result.new_raw, result.errors) == (2, 2, 0)
    assert manifest["source_url"].to_list() == ["file:docs/a.html", "file:docs/sub/b.txt"]
    assert manifest["source"].to_list() == [str(folder)] * 2
    assert manifest["detected_encoding"].to_list() == ["gb18030", "utf-8"]
    again = ingest_source(lake, "r2", str(folder / "a.html"), max_bytes=1000)
    assert (again.documents, again.new_raw) == (1, 0)
    assert read_manifest(lake, "r2")["source_url"].to_list() == ["file:docs/a.html"]


def test_oversized_local_file_is_an_error_row(tmp_path, folder):
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    result = ingest_source(lake, "r1", str(folder), max_bytes=20)
    assert (result.documents, result.errors) == (1, 1)
    log = read_fetch_log(lake, "r1")
    assert log.filter(log["error"].is_not_null())["error"].to_list() == ["too_large"]


def test_yaml_path_is_a_sources_file(tmp_path, folder):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: archive\n    organ: 某县政府\n    folder: docs\n",
                       encoding="utf-8")
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))
    result = ingest_source(lake, "r1", str(sources), max_bytes=1000)
    manifest = read_manifest(lake, "r1")
    assert result.documents == 2
    assert manifest["source"].to_list() == ["archive", "archive"]
    assert manifest["organ"].to_list() == ["某县政府", "某县政府"]
    assert manifest["source_url"].to_list() == ["file:docs/a.html", "file:docs/sub/b.txt"]


def test_ingest_works_when_called_from_inside_an_event_loop(tmp_path, folder):
    import asyncio

    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - {name: archive, folder: docs}\n", encoding="utf-8")
    lake = open_lake(Settings(lake=str(tmp_path / "lake")))

    async def caller():
        return ingest_source(lake, "r1", str(sources), max_bytes=1000)

    assert asyncio.run(caller()).documents == 2


def test_source_client_is_made_for_the_region_and_readers_asked_for():
    # One client serves every reading thread: its pool must hold a connection per thread.
    client = make_s3_client("http://127.0.0.1:9", "cn-north-1", max_connections=24)
    assert client.meta.region_name == "cn-north-1"
    assert client.meta.config.max_pool_connections == 24
