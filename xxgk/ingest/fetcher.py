"""One URL over HTTP: redirects checked hop by hop, size cap while streaming, retries.

Every hop of a redirect chain goes through the same gauntlet before anything is sent: scheme,
address (``address_safety``), robots.txt, then a slot from the host's gate. httpx never follows
redirects by itself, so a 302 to ``http://169.254.169.254/`` is refused before a connection is
opened. Each attempt becomes one ``Attempt`` (one fetch-log row); retries happen only for
timeouts, connection failures and resets, and 5xx answers, with exponential backoff.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Awaitable, Callable
from urllib.parse import urljoin

import httpx

from xxgk.ingest.address_safety import (
    AddressPolicy,
    AddressRefused,
    Resolver,
    check_url_allowed,
    resolve_with_system,
)
from xxgk.ingest.politeness import HostGate, Politeness, compute_backoff_seconds

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# 501 and 505 say the server will never do it; the other 5xx are worth another try.
PERMANENT_5XX = {501, 505}
RETRYABLE_ERRORS = {"timeout", "connect_error", "connection_reset"}
LOGGED_HEADERS = ("etag", "last-modified", "content-type", "content-length",
                  "content-disposition")
RobotsCheck = Callable[[str], Awaitable[bool]]


@dataclass(frozen=True)
class Validators:
    """What we remember of an earlier fetch of the same URL, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class Attempt:
    number: int  # 1 for the first try
    url: str
    final_url: str | None = None
    status: int | None = None
    redirects: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # the LOGGED_HEADERS present
    body: bytes | None = None
    error: str | None = None  # a short kind: timeout, http_404, too_large, refused_address, …
    error_detail: str | None = None
    fetched_at: str = ""
    elapsed_ms: int = 0
    retry_after_seconds: float | None = None

    @property
    def is_retryable(self) -> bool:
        if self.error in RETRYABLE_ERRORS:
            return True
        return (self.status is not None and self.status >= 500
                and self.status not in PERMANENT_5XX)

    @property
    def is_not_modified(self) -> bool:
        return self.status == 304 and self.error is None


@dataclass(frozen=True)
class FetchContext:
    """Everything a fetch needs besides the URL; one per source (politeness, policy)."""

    client: httpx.AsyncClient
    gate: HostGate
    politeness: Politeness
    policy: AddressPolicy
    robots_allows: RobotsCheck | None = None  # None: do not consult robots.txt (robots itself)
    resolve: Resolver = resolve_with_system
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def fetch_with_retries(url: str, ctx: FetchContext, *, max_bytes: int | None = None,
                             validators: Validators | None = None) -> list[Attempt]:
    """All attempts at ``url``; the last one is the outcome."""
    attempts: list[Attempt] = []
    for number in range(1, ctx.politeness.retries + 2):
        attempt = await fetch_once(url, ctx, number=number, max_bytes=max_bytes,
                                   validators=validators)
        attempts.append(attempt)
        if not attempt.is_retryable or number > ctx.politeness.retries:
            break
        await ctx.sleep(compute_backoff_seconds(ctx.politeness, number, ctx.rng,
                                                attempt.retry_after_seconds))
    return attempts


async def fetch_once(url: str, ctx: FetchContext, *, number: int = 1,
                     max_bytes: int | None = None,
                     validators: Validators | None = None) -> Attempt:
    cap = max_bytes or ctx.politeness.max_bytes
    started = time.monotonic()
    fetched_at = now_iso()
    current, redirects = url, 0

    def done(**kw: Any) -> Attempt:
        return Attempt(number=number, url=url, redirects=redirects, fetched_at=fetched_at,
                       elapsed_ms=int((time.monotonic() - started) * 1000), **kw)

    try:
        while True:
            host = await check_url_allowed(current, ctx.policy, ctx.resolve)
            if ctx.robots_allows is not None and not await ctx.robots_allows(current):
                return done(final_url=current, error="robots_disallowed",
                            error_detail=f"robots.txt of {host} disallows {current}")
            ctx.gate.configure(host, ctx.politeness)
            async with ctx.gate.slot(host) as mark_sent:
                hop = await _request(current, ctx, cap, validators, mark_sent)
            if hop.location is None:
                return done(final_url=current, status=hop.status, headers=hop.headers,
                            body=hop.body, error=hop.error, error_detail=hop.error_detail,
                            retry_after_seconds=hop.retry_after)
            redirects += 1
            if redirects > ctx.politeness.max_redirects:
                return done(final_url=current, status=hop.status, error="too_many_redirects",
                            error_detail=f"more than {ctx.politeness.max_redirects} redirects")
            current = urljoin(current, hop.location)
    except AddressRefused as exc:
        return done(final_url=current, error=exc.kind, error_detail=str(exc))
    except (httpx.HTTPError, TimeoutError) as exc:
        return done(final_url=current, error=_error_kind(exc), error_detail=_describe(exc))


# The fetch-log error of a failed request, by the exception's type; the first that fits wins
# (httpx.ConnectError is a NetworkError too). Any other httpx error is "http_error".
_ERROR_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((httpx.TimeoutException, TimeoutError), "timeout"),
    (httpx.ConnectError, "connect_error"),
    ((httpx.NetworkError, httpx.RemoteProtocolError), "connection_reset"),
    (httpx.DecodingError, "decoding_error"),
)


def _error_kind(exc: BaseException) -> str:
    return next((kind for types, kind in _ERROR_KINDS if isinstance(exc, types)), "http_error")


@dataclass(frozen=True)
class _Hop:
    status: int
    headers: dict[str, str]
    body: bytes | None = None
    location: str | None = None
    error: str | None = None
    error_detail: str | None = None
    retry_after: float | None = None


async def _request(url: str, ctx: FetchContext, cap: int, validators: Validators | None,
                   mark_sent: Callable[[], None]) -> _Hop:
    p = ctx.politeness
    timeout = httpx.Timeout(connect=p.connect_timeout_seconds, read=p.read_timeout_seconds,
                            write=p.read_timeout_seconds, pool=p.total_timeout_seconds)

    async def trace(event: str, info: dict) -> None:
        # httpcore reports each step; the request is on the wire once its headers are sent.
        if event.endswith("send_request_headers.complete"):
            mark_sent()

    request = ctx.client.build_request("GET", url, headers=validators.headers()
                                       if validators else None, timeout=timeout,
                                       extensions={"trace": trace})
    async with asyncio.timeout(p.total_timeout_seconds):
        response = await ctx.client.send(request, stream=True)
        try:
            return await _read_response(response, cap)
        finally:
            await response.aclose()


async def _read_response(response: httpx.Response, cap: int) -> _Hop:
    status = response.status_code
    headers = {k: response.headers[k] for k in LOGGED_HEADERS if k in response.headers}
    if status in REDIRECT_STATUSES and response.headers.get("location"):
        return _Hop(status, headers, location=response.headers["location"])
    if status == 304:
        return _Hop(status, headers)
    if status >= 300:  # 4xx, 5xx, and 3xx answers without a Location to follow
        return _Hop(status, headers, error=f"http_{status}",
                    retry_after=_retry_after_seconds(response.headers.get("retry-after")))
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        # Refuse before reading a byte: the server told us it is too big.
        return _Hop(status, headers, error="too_large",
                    error_detail=f"Content-Length {declared} exceeds the cap of {cap} bytes")
    chunks, total = [], 0
    async for chunk in response.aiter_bytes():
        # Counting decoded bytes also stops a small gzip body that inflates without end.
        total += len(chunk)
        if total > cap:
            return _Hop(status, headers, error="too_large",
                        error_detail=f"more than {cap} bytes (stopped while streaming)")
        chunks.append(chunk)
    return _Hop(status, headers, body=b"".join(chunks))


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):  # unparseable, or a date without a time zone
        return None


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]
