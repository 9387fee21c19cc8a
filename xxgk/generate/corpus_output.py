"""Writing a generated corpus to a folder or to an S3 prefix.

Either way each report becomes ``<doc_id>.<ext>`` (a file, or one object under the prefix) and
the answers go to ``gold.jsonl`` beside them, one line per report in report order. A history
corpus (``write_histories``) names each report by its host and path instead, a mirror of the
government sites it was published on.

An S3 prefix is written by a small pool of threads: a PUT of a 10 KB object is nearly all
waiting for the server, and 100,000 of them one after another would take the better part of an
hour against a real endpoint. Reports are handed to the pool a bounded number at a time, so a
large corpus never sits in memory. ``gold.jsonl`` is about as large as the reports together
(the table cells of every report), so it is written to a temporary file and uploaded last,
streamed from it; a prefix that has ``gold.jsonl`` therefore has every report too.

The endpoint and region are the caller's (the CLI takes them from ``Settings``); credentials
come from boto3's own chain and are never arguments.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from xxgk.generate.corpus import GeneratedReport, generate_reports
from xxgk.generate.histories import generate_histories
from xxgk.storage.s3 import S3Store

GOLD_NAME = "gold.jsonl"
UPLOAD_THREADS = 16
UPLOADS_QUEUED_PER_THREAD = 4  # enough to keep every thread busy, few enough to bound memory


def is_s3_uri(out: str | Path) -> bool:
    return isinstance(out, str) and out.startswith("s3://")


def write_corpus(out: str | Path, n: int, seed: int = 0, *,
                 formats: tuple[str, ...] | None = None, eras: tuple[str, ...] | None = None,
                 violation_rate: float = 0.0, s3_endpoint_url: str | None = None,
                 s3_region: str | None = None, layouts: tuple[str, ...] | None = None
                 ) -> Path | str:
    """Write ``n`` reports and ``gold.jsonl`` to a folder or ``s3://bucket/prefix``.

    Returns where ``gold.jsonl`` went: a ``Path`` for a folder, an ``s3://`` URI for a prefix.
    """
    reports = generate_reports(n, seed, formats=formats, eras=eras,
                               violation_rate=violation_rate, layouts=layouts)
    if is_s3_uri(out):
        store = S3Store(str(out), endpoint_url=s3_endpoint_url, region=s3_region,
                        max_connections=UPLOAD_THREADS)
        return write_reports_to_s3(store, reports)
    return write_reports_to_folder(Path(out), reports)


def write_histories(out: str | Path, n_organs: int, years: tuple[int, ...], seed: int = 0, *,
                    formats: tuple[str, ...] | None = None,
                    layouts: tuple[str, ...] | None = None, s3_endpoint_url: str | None = None,
                    s3_region: str | None = None) -> Path | str:
    """Write the reports of ``n_organs`` organs over ``years`` (``histories``) and their
    ``gold.jsonl``; each report under its host and path (www.zichuan.gov.cn/art/…)."""
    reports = generate_histories(n_organs, years, seed, formats=formats, layouts=layouts)
    if is_s3_uri(out):
        store = S3Store(str(out), endpoint_url=s3_endpoint_url, region=s3_region,
                        max_connections=UPLOAD_THREADS)
        return write_reports_to_s3(store, reports)
    return write_reports_to_folder(Path(out), reports)


def encode_gold_line(report: GeneratedReport) -> bytes:
    return (json.dumps(report.gold, ensure_ascii=False) + "\n").encode("utf-8")


def write_reports_to_folder(folder: Path, reports: Iterable[GeneratedReport]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    gold_path = folder / GOLD_NAME
    with gold_path.open("wb") as gold_file:
        for report in reports:
            path = folder / report.filename
            if "/" in report.filename:  # a history corpus mirrors its sites: host/path
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(report.data)
            gold_file.write(encode_gold_line(report))
    return gold_path


def write_reports_to_s3(store: S3Store, reports: Iterable[GeneratedReport], *,
                        threads: int = UPLOAD_THREADS) -> str:
    """PUT each report under the store's prefix from a thread pool, then ``gold.jsonl``.

    An upload that still fails after boto3's retries stops the whole write: the endpoint or the
    credentials are broken, and a corpus with holes would be worse than none.
    """
    max_queued = threads * UPLOADS_QUEUED_PER_THREAD
    pending: set[Future] = set()
    with tempfile.NamedTemporaryFile(prefix="xxgk-gold-", suffix=".jsonl") as gold_file, \
            ThreadPoolExecutor(threads, thread_name_prefix="corpus-put") as pool:
        for report in reports:
            if len(pending) >= max_queued:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
            pending.add(pool.submit(store.put, report.filename, report.data))
            gold_file.write(encode_gold_line(report))
        for future in pending:
            future.result()
        gold_file.flush()
        store.put_file(GOLD_NAME, Path(gold_file.name))
    return store.uri_for(GOLD_NAME)
