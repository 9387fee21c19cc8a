"""Sources a run can read: a folder of documents, a single document, or a text file of URLs.

Fetching here is deliberately simple (one request at a time, a timeout and a size cap); the
polite crawler with robots.txt, per-host limits and conditional GET is its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Iterator

import httpx

DOCUMENT_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".md", ".markdown", ".pdf", ".docx",
                     ".doc", ".xhtml"}
USER_AGENT = "xxgk-pipeline/0.1 (+open data on government information disclosure reports)"


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One document offered by a source: its bytes, or the error that kept us from them."""

    source: str
    source_url: str
    filename: str | None
    data: bytes | None
    content_type: str | None = None
    declared_charset: str | None = None
    status: int | None = None
    error: str | None = None
    fetched_at: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_url_list(path: Path) -> bool:
    """A text file whose non-empty, non-comment lines are all http(s) URLs."""
    if path.suffix.lower() not in (".txt", ".list", ".urls") or path.stat().st_size > 5_000_000:
        return False
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    except UnicodeDecodeError:
        return False
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    return bool(lines) and all(ln.startswith(("http://", "https://")) for ln in lines)


def iter_source(source: str, *, max_bytes: int) -> Iterator[SourceItem]:
    """Yield every document of ``source`` (folder, file, URL list or a single URL)."""
    if source.startswith(("http://", "https://")):
        yield from _fetch_urls([source], source=source, max_bytes=max_bytes)
        return
    path = Path(source).expanduser()
    if path.is_dir():
        yield from _read_folder(path, max_bytes=max_bytes)
    elif path.is_file() and is_url_list(path):
        urls = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        urls = [u for u in urls if u and not u.startswith("#")]
        yield from _fetch_urls(urls, source=source, max_bytes=max_bytes)
    elif path.is_file():
        yield _read_file(path, path.parent, source=source, max_bytes=max_bytes)
    else:
        raise FileNotFoundError(f"source {source!r} is neither a folder, a file nor a URL")


def _read_folder(root: Path, *, max_bytes: int) -> Iterator[SourceItem]:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.startswith("."):
            yield _read_file(path, root, source=str(root), max_bytes=max_bytes)


def _read_file(path: Path, root: Path, *, source: str, max_bytes: int) -> SourceItem:
    # The source URL names the file relative to its folder, so that runs on different machines
    # (or from different working directories) record the same provenance.
    rel = f"file:{root.name}/{path.relative_to(root).as_posix()}"
    size = path.stat().st_size
    if size > max_bytes:
        return SourceItem(source, rel, path.name, None, error=f"too_large: {size} bytes "
                          f"exceed the cap of {max_bytes}", fetched_at=_now())
    return SourceItem(source, rel, path.name, path.read_bytes(), fetched_at=_now())


def _fetch_urls(urls: list[str], *, source: str, max_bytes: int) -> Iterator[SourceItem]:
    with httpx.Client(timeout=30, follow_redirects=True, max_redirects=5,
                      headers={"User-Agent": USER_AGENT}) as client:
        for url in urls:
            yield _fetch_one(client, url, source=source, max_bytes=max_bytes)


def _fetch_one(client: httpx.Client, url: str, *, source: str, max_bytes: int) -> SourceItem:
    name = url.rstrip("/").rsplit("/", 1)[-1] or None
    try:
        with client.stream("GET", url) as resp:
            chunks, total = [], 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    return SourceItem(source, url, name, None, status=resp.status_code,
                                      error=f"too_large: more than {max_bytes} bytes",
                                      fetched_at=_now())
                chunks.append(chunk)
            ctype = resp.headers.get("content-type")
            if resp.status_code >= 400:
                return SourceItem(source, url, name, None, content_type=ctype,
                                  status=resp.status_code, error=f"http_{resp.status_code}",
                                  fetched_at=_now())
            return SourceItem(source, url, name, b"".join(chunks), content_type=ctype,
                              declared_charset=resp.charset_encoding, status=resp.status_code,
                              fetched_at=_now())
    except httpx.HTTPError as exc:
        return SourceItem(source, url, name, None, error=f"fetch_failed: {type(exc).__name__}: "
                          f"{exc}", fetched_at=_now())
