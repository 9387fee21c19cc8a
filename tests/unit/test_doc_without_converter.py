"""A run on a machine without antiword or catdoc: with a PATH lacking both, ingest and parse
record the legacy .doc report as a parse error naming what to install, and parse every other
report of the batch (the stages themselves, on a folder lake; no orchestrator)."""

from __future__ import annotations

import os
import shutil

from xxgk.decode.doc_text import CONVERTERS
from xxgk.generate import write_corpus
from xxgk.settings import Settings
from xxgk.stages.ingest import ingest_source
from xxgk.stages.parse import parse_batch
from xxgk.stages.plan import plan_parse
from xxgk.stages.staging import read_staging
from xxgk.storage import open_lake

# OLE2 magic and the UTF-16 stream name every Word file's directory holds: sniffed as .doc.
LEGACY_DOC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
              + "WordDocument".encode("utf-16-le") + b"\0" * 512)


def _path_without_converters() -> str:
    """This PATH minus every folder holding antiword or catdoc."""
    names = [name for name, _ in CONVERTERS]
    folders = [folder for folder in os.environ.get("PATH", "").split(os.pathsep)
               if folder and not any(os.path.exists(os.path.join(folder, n)) for n in names)]
    return os.pathsep.join(folders)


def test_doc_report_is_a_recorded_error_and_the_others_parse(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=11)
    (corpus / "2012年报告.doc").write_bytes(LEGACY_DOC)
    monkeypatch.setenv("PATH", _path_without_converters())
    assert all(shutil.which(name) is None for name, _ in CONVERTERS)

    settings = Settings(lake=str(tmp_path / "lake"))
    lake = open_lake(settings)
    ingested = ingest_source(lake, settings.run_id, str(corpus),
                             max_bytes=settings.max_document_bytes)
    plan = plan_parse(lake, settings.run_id, batch_size=10)
    result = parse_batch(lake, settings.run_id, 0, plan.batches[0])

    assert ingested.documents == 4 and ingested.errors == 0  # the .doc is stored like any other
    assert (result.reports, result.errors) == (3, 1)
    errors = read_staging(lake, settings.run_id, "errors")
    assert errors is not None
    assert errors["source_url"].to_list() == [f"file:{corpus.name}/2012年报告.doc"]
    assert errors["error_kind"].to_list() == ["unsupported_format"]
    message = errors["message"][0]
    assert "apt-get install antiword" in message and "brew install antiword" in message
    assert "--reparse" in message  # and how to read it once the tool is there
    reports = read_staging(lake, settings.run_id, "reports")
    assert reports is not None and reports.height == 3
    assert not reports["source_url"].str.ends_with(".doc").any()
    assert lake.exists(lake.raw_key(errors["raw_sha256"][0]))  # raw kept: nothing lost
