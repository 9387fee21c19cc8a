"""The fetch log in parts, the manifest derived from it, and the state later runs read back."""

import polars as pl

from xxgk.ingest.crawl_state import (
    STATE_POINTER,
    load_prior_fetches,
    resume_outcomes,
    write_state_snapshot,
)
from xxgk.ingest.crawler import filename_for
from xxgk.ingest.fetch_log import FetchLogWriter, frame_of_rows, manifest_from_log, read_run_log
from xxgk.settings import Settings
from xxgk.stages.ingest import MANIFEST_SCHEMA
from xxgk.storage import open_lake


def _row(url, sha=None, role="report", **kw):
    return {"run_id": "r", "source": "s", "role": role, "url": url, "raw_sha256": sha,
            "fetched_at": kw.pop("fetched_at", "2024-01-01T00:00:00.000+00:00"), **kw}


def test_writer_flushes_in_numbered_parts_and_continues_numbering(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    writer = FetchLogWriter(lake, "run1", "all", flush_rows=2, flush_seconds=1e9)
    for i in range(5):
        writer.add(_row(f"http://a.gov.cn/{i}"))
    assert len(list(lake.list("raw/fetch_log/run1"))) == 2  # two full parts, one row buffered
    writer.flush()
    again = FetchLogWriter(lake, "run1", "all")  # a resumed run never overwrites a part
    again.add(_row("http://a.gov.cn/5"))
    again.flush()
    keys = list(lake.list("raw/fetch_log/run1"))
    assert [k.rsplit("/", 1)[-1] for k in keys] == [f"all-{i:05d}.parquet" for i in (1, 2, 3, 4)]
    assert read_run_log(lake, "run1")["url"].to_list() == [f"http://a.gov.cn/{i}"
                                                           for i in range(6)]


def test_manifest_lists_each_object_once_and_only_documents():
    log = frame_of_rows([
        _row("http://a/list", "l" * 64, role="listing", is_new=True),
        _row("http://a/robots.txt", "r" * 64, role="robots", is_new=True),
        _row("http://a/1.pdf", "x" * 64, role="attachment", is_new=False, parent_url="http://a/p"),
        _row("http://a/copy.pdf", "x" * 64, role="attachment", is_new=True),
        _row("http://a/2.html", None, role="report", error="timeout"),
        _row("http://a/p", "p" * 64, role="report", is_new=False, not_modified=True),
    ])
    manifest = manifest_from_log(log, MANIFEST_SCHEMA)
    assert manifest.columns == list(MANIFEST_SCHEMA)
    assert manifest["source_url"].to_list() == ["http://a/1.pdf", "http://a/p"]
    assert manifest["is_new"].to_list() == [True, False]  # the copy stored it this run
    assert manifest["parent_url"].to_list() == ["http://a/p", None]


def test_resume_skips_stored_and_settled_urls_but_retries_transient_failures():
    log = frame_of_rows([
        _row("http://a/1", "1" * 64), _row("http://a/2", error="timeout"),
        _row("http://a/3", error="robots_disallowed"), _row("http://a/4", status=404,
                                                            error="http_404"),
        _row("http://a/5", status=503, error="http_503"),
    ])
    assert sorted(resume_outcomes(log)) == ["http://a/1", "http://a/3", "http://a/4"]


def test_prior_fetches_come_from_logs_then_from_the_snapshot(tmp_path):
    lake = open_lake(Settings(lake=str(tmp_path)))
    old = FetchLogWriter(lake, "run1", "all")
    old.add(_row("http://a/1", "1" * 64, etag='"v1"', fetched_at="2024-01-01T00:00:00"))
    old.add(_row("http://a/robots.txt", "r" * 64, role="robots"))
    old.flush()
    new = FetchLogWriter(lake, "run2", "all")
    new.add(_row("http://a/1", "2" * 64, etag='"v2"', fetched_at="2024-02-01T00:00:00"))
    new.add(_row("http://a/9", None, error="timeout", fetched_at="2024-02-01T00:00:00"))
    new.flush()
    prior, read = load_prior_fetches(lake)
    assert set(prior) == {"http://a/1"} and read == {"run1", "run2"}
    assert (prior["http://a/1"].etag, prior["http://a/1"].raw_sha256) == ('"v2"', "2" * 64)

    lake.write_frame("staging/run2/ingest/documents.parquet", pl.DataFrame({"x": [1]}))
    write_state_snapshot(lake, "run2", read_run_log(lake, "run2"))
    pointer = lake.read_json(STATE_POINTER)
    assert pointer["covers"] == ["run2"]  # run1 never finished: it is read again next time
    for key in list(lake.list("raw/fetch_log/run2")):
        lake.store.delete(key)  # the snapshot alone must now carry run2's validators
    prior, _ = load_prior_fetches(lake)
    assert prior["http://a/1"].etag == '"v2"'


def test_file_names_come_from_content_disposition_or_the_path():
    assert filename_for("http://a/d.jsp?id=1",
                        "attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf") == "年报.pdf"
    assert filename_for("http://a/d.jsp?id=1", 'attachment; filename="a/../b.doc"') == \
        "a_.._b.doc"
    assert filename_for("http://a/files/%E9%99%84%E4%BB%B6.docx", None) == "附件.docx"
    assert filename_for("http://a/", None) is None
