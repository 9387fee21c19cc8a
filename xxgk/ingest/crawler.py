"""The crawl of one batch of sources: listing pages, report pages, attachments, into raw.

For a listing source: fetch the listing page and its next pages (or template pages), pick the
links whose titles look like annual reports, fetch those report pages, and fetch the PDF / Word
/ Excel files they link to, each recorded with the page that linked it (``parent_url``). Links
are followed only to the source's own hosts (start URLs plus ``allowed_hosts``), which is what
lets the flow cut batches that never share a host (``xxgk.ingest.shards``).

Every attempt becomes a fetch-log row; bytes go to the raw zone by sha256 (so the same file
behind two URLs is stored once). Listing pages are stored too, so that a rerun that gets a 304
for a listing can still read its links from the raw zone.
"""

from __future__ import annotations

import asyncio
import random
import re
import threading
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Coroutine, Iterable
from urllib.parse import unquote, urlsplit

import httpx

from xxgk.ingest.address_safety import AddressPolicy, Resolver, resolve_with_system
from xxgk.ingest.crawl_state import PriorFetch, load_prior_fetches, resume_outcomes
from xxgk.ingest.encoding import (
    EncodingVerdict,
    charset_from_content_type,
    decode_text,
    detect_encoding,
)
from xxgk.ingest.fetch_log import FetchLogWriter, read_run_log
from xxgk.ingest.fetcher import Attempt, FetchContext, Validators, fetch_with_retries, now_iso
from xxgk.ingest.http_client import build_client
from xxgk.ingest.links import (
    expand_page_template,
    extract_links,
    select_attachments,
    select_next_pages,
    select_report_links,
)
from xxgk.ingest.politeness import ROBOTS_TOKEN, HostGate
from xxgk.ingest.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsRules, parse_robots
from xxgk.ingest.s3_source import S3Object, list_document_pages, make_s3_client, read_object
from xxgk.ingest.shards import hosts_of
from xxgk.ingest.sources import SourceItem, iter_folder, iter_local
from xxgk.ingest.sources_file import SourceSpec
from xxgk.storage import Lake

_FILENAME_STAR = re.compile(r"filename\*\s*=\s*[^']*'[^']*'([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class CrawlOptions:
    """Knobs of the machinery (not of politeness): log flushing, progress, DNS, randomness."""

    # A crawl at ~1 request/s flushes on time; a folder reads thousands of files a second, and
    # a part every 50 rows meant 200 Parquet parts (written, then read back) per 10,000 files.
    flush_rows: int = 2000
    flush_seconds: float = 10.0
    progress_every: int = 100
    resolve: Resolver = resolve_with_system
    seed: int | None = None
    # Objects of an S3 source read at once: against a real endpoint a GET is mostly waiting.
    # Against moto on two cores, where CPU is the limit, 32 was no faster than 16
    # (docs/ingest.md, "Reading an S3 prefix").
    s3_readers: int = 16

    def __post_init__(self) -> None:
        if self.s3_readers < 1:
            raise ValueError(f"s3_readers must be at least 1, got {self.s3_readers}")


# Finished reads that may wait for an earlier, slower one before being logged, per reader.
S3_WINDOW_PER_READER = 4


def _settled(loop: asyncio.AbstractEventLoop, row: dict) -> asyncio.Future:
    done = loop.create_future()
    done.set_result(row)
    return done


@dataclass(frozen=True)
class _Fetched:
    row: dict  # the final fetch-log row for the URL
    body: bytes | None  # the document's bytes, when the caller asked for them


def filename_for(url: str, content_disposition: str | None) -> str | None:
    """The server's file name (Content-Disposition), else the last part of the URL path.

    Recorded as metadata only (parse uses its suffix); never used to build an object key.
    """
    if content_disposition:
        for pattern in (_FILENAME_STAR, _FILENAME):
            match = pattern.search(content_disposition)
            if match:
                name = unquote(match.group(1).strip())
                return name.replace("/", "_").replace("\\", "_")[:200] or None
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return name[:200] or None


def _looks_like_html(content_type: str | None, body: bytes | None) -> bool:
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return True
    if ctype or body is None:
        return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


class Crawler:
    def __init__(self, lake: Lake, run_id: str, shard: str, *, max_bytes: int,
                 on_progress: Callable[[int], None] | None = None,
                 options: CrawlOptions = CrawlOptions()):
        self.lake = lake
        self.run_id = run_id
        self.shard = shard
        self.max_bytes = max_bytes
        self.options = options
        self.on_progress = on_progress
        self.prior, _ = load_prior_fetches(lake, exclude_run=run_id)
        self.resumed = resume_outcomes(read_run_log(lake, run_id))
        self.writer = FetchLogWriter(lake, run_id, shard, flush_rows=options.flush_rows,
                                     flush_seconds=options.flush_seconds)
        self.rng = random.Random(options.seed)
        self.gate = HostGate(rng=self.rng)
        self.robots = RobotsCache()
        self._clients: dict[tuple[AddressPolicy, str], httpx.AsyncClient] = {}
        self._claimed: set[str] = set()
        self.rows_logged = 0

    # entry points -----------------------------------------------------------------------------
    async def crawl(self, sources: Iterable[SourceSpec]) -> None:
        try:
            await asyncio.gather(*(self._crawl_source_safely(s) for s in sources))
        finally:
            self.writer.flush()
            for client in self._clients.values():
                await client.aclose()

    def store_local(self, items: Iterable[SourceItem], *, organ: str | None = None) -> None:
        """Log and store local files (a folder or one file), skipping those already logged."""
        try:
            for item in items:
                if item.source_url in self.resumed:
                    continue
                self._log(self._local_row(item, organ))
        finally:
            self.writer.flush()

    # sources ----------------------------------------------------------------------------------
    async def _crawl_source_safely(self, spec: SourceSpec) -> None:
        try:
            await self._crawl_source(spec)
        except Exception as exc:  # a bug or an unforeseen answer: record it, other sources go on
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self._log({**self._base_row(spec, "listing", None), "url": (spec.start_urls() or
                       (spec.folder or spec.s3_uri,))[0], "fetched_at": now_iso(),
                       "error": "internal_error",
                       "error_detail": f"{type(exc).__name__}: {exc} (at "
                                       f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno})"})

    async def _crawl_source(self, spec: SourceSpec) -> None:
        if spec.kind == "folder":
            await self._crawl_folder(spec)
        elif spec.kind == "s3":
            await self._crawl_s3(spec)
        elif spec.kind == "listing":
            await self._crawl_listing(spec)
        else:
            await asyncio.gather(*(self._crawl_report(spec, url, None) for url in spec.urls
                                   if self._claim(url)))

    async def _crawl_listing(self, spec: SourceSpec) -> None:
        listing = spec.listing
        assert listing is not None
        rules = listing.rules()
        pages = [listing.url]
        if listing.page_template:
            pages += expand_page_template(listing.page_template, listing.url, listing.max_pages)
        queue = [p for p in dict.fromkeys(pages) if self._claim(p)]
        reports: list[asyncio.Task] = []
        fetched = 0
        while queue and fetched < listing.max_pages:
            page = queue.pop(0)
            fetched += 1
            got = await self._fetch(spec, page, "listing", None, want_body=True)
            if got.body is None or not _looks_like_html(got.row.get("content_type"), got.body):
                continue
            links = extract_links(self._text_of(got), got.row.get("final_url") or page)
            for link in select_report_links(links, rules):
                if self._may_follow(spec, link.url) and self._claim(link.url):
                    reports.append(asyncio.create_task(self._crawl_report(spec, link.url, page)))
            for link in select_next_pages(links, rules):
                if self._may_follow(spec, link.url) and self._claim(link.url):
                    queue.append(link.url)
        await asyncio.gather(*reports)

    async def _crawl_report(self, spec: SourceSpec, url: str, parent: str | None) -> None:
        got = await self._fetch(spec, url, "report", parent, want_body=spec.attachments)
        if not spec.attachments or got.body is None:
            return
        if not _looks_like_html(got.row.get("content_type"), got.body):
            return
        page = got.row.get("final_url") or url
        attachments = [link.url for link in select_attachments(extract_links(
            self._text_of(got), page)) if self._may_follow(spec, link.url)]
        await asyncio.gather(*(self._fetch(spec, a, "attachment", url, want_body=False)
                               for a in attachments if self._claim(a)))

    async def _crawl_folder(self, spec: SourceSpec) -> None:
        assert spec.folder is not None
        items = iter_folder(Path(spec.folder), source=spec.name, max_bytes=self.max_bytes,
                            is_unchanged=self.is_unchanged)
        while True:
            # Disk reads and raw-zone writes run in a thread; the log is written on the loop.
            item = await asyncio.to_thread(next, items, None)
            if item is None:
                return
            if item.source_url not in self.resumed:
                self._log(await asyncio.to_thread(self._local_row, item, spec.organ))

    async def _crawl_s3(self, spec: SourceSpec) -> None:
        # Reading an object is nearly all waiting for the server, so up to ``s3_readers``
        # objects are read (and stored) at once, each in a thread of its own pool. Rows are
        # still logged in key order: a read that finishes early waits in a window of at most
        # S3_WINDOW_PER_READER * s3_readers objects for the ones before it. The manifest keeps
        # the first URL that brought a given content, and that must not depend on which read
        # happened to finish first. Only the threads hold bodies, so memory stays bounded.
        readers = self.options.s3_readers
        client = make_s3_client(spec.endpoint_url, spec.region, max_connections=readers)
        if spec.s3_uri is None:
            raise ValueError(f"S3 source {spec.name!r} has no s3:// URI")
        pages = list_document_pages(client, spec.s3_uri)
        loop = asyncio.get_running_loop()
        window: deque[asyncio.Future] = deque()
        pool = ThreadPoolExecutor(readers, thread_name_prefix="xxgk-s3-read")
        try:
            while (page := await asyncio.to_thread(next, pages, None)) is not None:
                for obj in page:
                    if obj.uri in self.resumed:
                        continue
                    window.append(self._s3_outcome(spec, client, obj, pool, loop))
                    while window and (window[0].done()
                                      or len(window) >= S3_WINDOW_PER_READER * readers):
                        self._log(await window.popleft())
            while window:
                self._log(await window.popleft())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _s3_outcome(self, spec: SourceSpec, client, obj: S3Object, pool: ThreadPoolExecutor,
                    loop: asyncio.AbstractEventLoop) -> asyncio.Future:
        """The object's fetch-log row: at once when nothing needs reading (unchanged ETag, over
        the cap), else once a thread of ``pool`` has read and stored it."""
        row = {**self._base_row(spec, "object", None), "url": obj.uri, "final_url": obj.uri,
               "attempt": 1, "etag": obj.etag, "last_modified": obj.last_modified,
               "content_length": str(obj.size_bytes), "fetched_at": now_iso(),
               "filename": obj.key.rsplit("/", 1)[-1] or None}
        prior = self.prior.get(obj.uri)
        if prior is not None and obj.etag and prior.etag == obj.etag:
            return _settled(loop, {**row, **self._carried(prior), "not_modified": True})
        if obj.size_bytes > min(self.max_bytes, spec.politeness.max_bytes):
            return _settled(loop, {**row, "error": "too_large",
                                   "error_detail": f"{obj.size_bytes} bytes exceed the cap"})
        return loop.run_in_executor(pool, self._read_and_store, client, obj.uri, row)

    def _read_and_store(self, client, uri: str, row: dict) -> dict:
        """In a reading thread. A failed read is the object's error row; a failed store (the
        lake is down) is raised, as for every other source."""
        row = {**row, "fetched_at": now_iso()}  # the read, not its turn in the queue
        try:
            data = read_object(client, uri)
        except Exception as exc:  # botocore errors: record, go on with the next object
            return {**row, "error": "s3_error", "error_detail": f"{exc}"[:500]}
        return {**row, **self._stored(data, None)}

    # fetching ---------------------------------------------------------------------------------
    async def _fetch(self, spec: SourceSpec, url: str, role: str, parent: str | None, *,
                     want_body: bool) -> _Fetched:
        settled = self.resumed.get(url)
        if settled is not None:  # this run stored (or refused) it before being interrupted
            body = None
            if want_body and settled.get("raw_sha256"):
                body = await asyncio.to_thread(self.lake.get_raw, settled["raw_sha256"])
            return _Fetched(settled, body)
        prior = self.prior.get(url)
        validators = None
        if prior is not None and (prior.etag or prior.last_modified):
            validators = Validators(prior.etag, prior.last_modified)
        ctx = self._context(spec)
        attempts = await fetch_with_retries(url, ctx, validators=validators,
                                            max_bytes=min(self.max_bytes,
                                                          spec.politeness.max_bytes))
        for attempt in attempts[:-1]:
            self._log(self._attempt_row(spec, role, parent, attempt))
        final = attempts[-1]
        row = self._attempt_row(spec, role, parent, final)
        body = None
        if final.error is None and final.body is not None:
            row = {**row, **await self._store(final.body, final.headers.get("content-type"))}
            body = final.body
        elif final.is_not_modified and prior is not None:
            row = {**row, **self._carried(prior), "not_modified": True,
                   "etag": final.headers.get("etag") or prior.etag,
                   "last_modified": final.headers.get("last-modified") or prior.last_modified}
            if want_body:
                body = await asyncio.to_thread(self.lake.get_raw, prior.raw_sha256)
        elif final.is_not_modified:
            row = {**row, "error": "unexpected_304",
                   "error_detail": "304 Not Modified to a request that was not conditional"}
        self._log(row)
        return _Fetched(row, body)

    async def _store(self, data: bytes, content_type: str | None) -> dict:
        return await asyncio.to_thread(self._stored, data, content_type)

    def _stored(self, data: bytes, content_type: str | None) -> dict:
        """Put bytes in the raw zone; the fetch-log fields that say what was stored."""
        sha, is_new = self.lake.put_raw(data)
        verdict = detect_encoding(data, content_type)
        return {"raw_sha256": sha, "is_new": is_new, "size_bytes": len(data),
                "detected_encoding": verdict.encoding, "encoding_source": verdict.source,
                "not_modified": False}

    @staticmethod
    def _carried(prior: PriorFetch) -> dict:
        """Fields of a 304 (or unchanged S3 object) taken from the fetch that stored it."""
        return {"raw_sha256": prior.raw_sha256, "is_new": False, "size_bytes": prior.size_bytes,
                "content_type": prior.content_type, "declared_charset": prior.declared_charset,
                "detected_encoding": prior.detected_encoding,
                "encoding_source": prior.encoding_source,
                "filename": prior.filename}

    async def _robots_allows(self, url: str, spec: SourceSpec) -> bool:
        rules = await self.robots.rules_for(url, lambda robots_url: self._fetch_robots(
            robots_url, spec))
        return rules.allows(url, ROBOTS_TOKEN)

    async def _fetch_robots(self, robots_url: str, spec: SourceSpec) -> RobotsRules:
        ctx = replace(self._context(spec), robots_allows=None)
        attempts = await fetch_with_retries(robots_url, ctx, max_bytes=MAX_ROBOTS_BYTES)
        for attempt in attempts:
            row = self._attempt_row(spec, "robots", None, attempt)
            if attempt.error is None and attempt.body is not None:
                row = {**row, **await self._store(attempt.body, "text/plain")}
            self._log(row)
        final = attempts[-1]
        # A robots.txt too large to read, or no answer at all, counts as "keep out".
        status = final.status if (final.error is None or (final.status or 0) >= 300) else None
        rules = parse_robots(status, final.body, ROBOTS_TOKEN)
        if rules.crawl_delay_seconds:
            host = (urlsplit(robots_url).hostname or "").lower()
            self.gate.configure(host, spec.politeness)
            self.gate.tighten(host, interval=rules.crawl_delay_seconds)
        return rules

    def _context(self, spec: SourceSpec) -> FetchContext:
        key = (spec.address_policy, spec.politeness.user_agent)
        if key not in self._clients:
            self._clients[key] = build_client(spec.address_policy, spec.politeness,
                                              resolve=self.options.resolve)
        robots = None
        if spec.politeness.obey_robots:
            robots = lambda url: self._robots_allows(url, spec)  # noqa: E731
        return FetchContext(client=self._clients[key], gate=self.gate,
                            politeness=spec.politeness, policy=spec.address_policy,
                            robots_allows=robots, resolve=self.options.resolve, rng=self.rng)

    # small helpers ----------------------------------------------------------------------------
    def _claim(self, url: str) -> bool:
        """True the first time a URL is seen in this crawl: each URL is fetched once."""
        if url in self._claimed:
            return False
        self._claimed.add(url)
        return True

    @staticmethod
    def _may_follow(spec: SourceSpec, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in hosts_of(spec)

    @staticmethod
    def _text_of(got: _Fetched) -> str:
        assert got.body is not None
        encoding = got.row.get("detected_encoding")
        verdict = (EncodingVerdict(encoding, "log") if encoding
                   else detect_encoding(got.body, got.row.get("content_type")))
        return decode_text(got.body, verdict)

    def _base_row(self, spec: SourceSpec, role: str, parent: str | None) -> dict:
        return {"run_id": self.run_id, "shard": self.shard, "source": spec.name,
                "organ": spec.organ, "role": role, "parent_url": parent}

    def _attempt_row(self, spec: SourceSpec, role: str, parent: str | None,
                     a: Attempt) -> dict:
        ctype = a.headers.get("content-type")
        return {**self._base_row(spec, role, parent), "url": a.url, "attempt": a.number,
                "final_url": a.final_url, "status": a.status, "redirects": a.redirects,
                "etag": a.headers.get("etag"), "last_modified": a.headers.get("last-modified"),
                "content_type": ctype, "content_length": a.headers.get("content-length"),
                "content_disposition": a.headers.get("content-disposition"),
                "declared_charset": charset_from_content_type(ctype),
                "filename": filename_for(a.final_url or a.url,
                                         a.headers.get("content-disposition")),
                "fetched_at": a.fetched_at, "elapsed_ms": a.elapsed_ms, "error": a.error,
                "error_detail": a.error_detail}

    def is_unchanged(self, url: str, validator: str) -> bool:
        """A local file whose size and modification time are those logged when its bytes were
        stored: the stored object is reused and the file not read (a 304, for files)."""
        prior = self.prior.get(url)
        return prior is not None and prior.last_modified == validator

    def _local_row(self, item: SourceItem, organ: str | None) -> dict:
        row = {"run_id": self.run_id, "shard": self.shard, "source": item.source,
               "organ": organ, "role": "file", "url": item.source_url,
               "final_url": item.source_url, "attempt": 1, "filename": item.filename,
               "content_type": item.content_type, "declared_charset": item.declared_charset,
               "fetched_at": item.fetched_at, "last_modified": item.last_modified}
        if item.not_modified:
            return {**row, **self._carried(self.prior[item.source_url]), "not_modified": True}
        if item.data is None:
            kind, _, detail = (item.error or "read_failed").partition(":")
            return {**row, "error": kind.strip(), "error_detail": detail.strip() or None}
        return {**row, **self._stored(item.data, item.content_type)}

    def _log(self, row: dict) -> None:
        self.writer.add(row)
        self.rows_logged += 1
        if self.on_progress and self.rows_logged % self.options.progress_every == 0:
            self.on_progress(self.rows_logged)


def run_coroutine(coro: Coroutine) -> object:
    """Run a coroutine to completion from sync code, even inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    result: dict[str, object] = {}

    def runner() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=runner, name="xxgk-crawl")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


def crawl_sources(lake: Lake, run_id: str, sources: Iterable[SourceSpec], *, shard: str,
                  max_bytes: int, on_progress: Callable[[int], None] | None = None,
                  options: CrawlOptions = CrawlOptions()) -> int:
    """Crawl ``sources`` into the raw zone and the run's fetch log; returns rows logged."""
    crawler = Crawler(lake, run_id, shard, max_bytes=max_bytes, on_progress=on_progress,
                      options=options)
    run_coroutine(crawler.crawl(list(sources)))
    return crawler.rows_logged


def store_local_items(lake: Lake, run_id: str, source: str, *, shard: str, max_bytes: int,
                      on_progress: Callable[[int], None] | None = None,
                      options: CrawlOptions = CrawlOptions()) -> int:
    """Store a local folder's documents (or one file) and log them; returns rows logged. Files
    unchanged since an earlier run stored them are not even read."""
    crawler = Crawler(lake, run_id, shard, max_bytes=max_bytes, on_progress=on_progress,
                      options=options)
    crawler.store_local(iter_local(source, max_bytes=max_bytes,
                                   is_unchanged=crawler.is_unchanged))
    return crawler.rows_logged


