"""How hard we may knock on a government web server, and the gate that enforces it per host.

``Politeness`` is the set of knobs a sources file may override (defaults below, documented in
docs/ingest.md). ``HostGate`` enforces, per host name, at most ``concurrency_per_host`` requests
in flight and request starts spaced at least ``1 / requests_per_second`` apart, stretched by a
random jitter so that many crawlers never fall into lockstep. The rate is a ceiling: jitter
only ever makes us slower, never faster.

The gate lives in one process. Per-host limits still hold across Prefect task batches because
the flow never gives the same host to two batches (see ``xxgk.ingest.shards``).
"""

from __future__ import annotations

import asyncio
import random
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from typing import Any, AsyncIterator, Awaitable, Callable, Mapping

USER_AGENT = ("xxgk-pipeline/0.2 (open data on government information disclosure annual "
              "reports; polite crawler: obeys robots.txt, about 1 request/s per host)")
ROBOTS_TOKEN = "xxgk-pipeline"  # the product token robots.txt groups are matched against


@dataclass(frozen=True)
class Politeness:
    """Per-source crawling limits; every field can be overridden in a sources file."""

    concurrency_per_host: int = 2
    requests_per_second: float = 1.0
    jitter: float = 0.25  # each gap between request starts is stretched by up to 25 %
    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 30.0
    # A server that drips one byte every few seconds never trips the read timeout; this bounds
    # the whole request (all redirect hops, headers and body) instead.
    total_timeout_seconds: float = 120.0
    max_redirects: int = 5
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3  # extra attempts after the first, on timeouts, resets and 5xx only
    backoff_seconds: float = 2.0  # first retry waits about this long, then twice as long, …
    max_backoff_seconds: float = 60.0
    obey_robots: bool = True
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        problems = validate_politeness(self)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def min_interval_seconds(self) -> float:
        return 1.0 / self.requests_per_second

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Politeness":
        return replace(self, **overrides)


POLITENESS_FIELDS = {f.name: f.type for f in fields(Politeness)}


def validate_politeness(p: Politeness) -> list[str]:
    """Readable problems with a politeness setting (empty when it is usable)."""
    problems = _pace_problems(p) + _limit_problems(p)
    if not isinstance(p.obey_robots, bool):
        problems.append("obey_robots must be true or false")
    if not isinstance(p.user_agent, str) or not p.user_agent.strip():
        problems.append("user_agent must be a non-empty string")
    return problems


def _pace_problems(p: Politeness) -> list[str]:
    """Problems with how many requests go to a host at once and how often."""
    problems = []
    if not isinstance(p.concurrency_per_host, int) or p.concurrency_per_host < 1:
        problems.append("concurrency_per_host must be a whole number of at least 1")
    if not _is_number(p.requests_per_second) or p.requests_per_second <= 0:
        problems.append("requests_per_second must be a positive number")
    if not _is_number(p.jitter) or not 0 <= p.jitter <= 1:
        problems.append("jitter must be a number between 0 and 1")
    return problems


def _limit_problems(p: Politeness) -> list[str]:
    """Problems with the timeouts, backoffs, redirects, retries and size limit."""
    problems = []
    for name in ("connect_timeout_seconds", "read_timeout_seconds", "total_timeout_seconds",
                 "backoff_seconds", "max_backoff_seconds"):
        value = getattr(p, name)
        if not _is_number(value) or value < 0:
            problems.append(f"{name} must be a number of at least 0")
    for name in ("max_redirects", "retries"):
        value = getattr(p, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"{name} must be a whole number of at least 0")
    if not isinstance(p.max_bytes, int) or isinstance(p.max_bytes, bool) or p.max_bytes < 1:
        problems.append("max_bytes must be a whole number of at least 1")
    return problems


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def compute_backoff_seconds(p: Politeness, attempt: int, rng: random.Random,
                            retry_after: float | None = None) -> float:
    """Wait before attempt ``attempt + 1``: exponential, jittered, capped; Retry-After wins."""
    base = p.backoff_seconds * (2 ** (attempt - 1)) * rng.uniform(0.75, 1.25)
    if retry_after is not None:
        base = max(base, retry_after)
    return min(base, p.max_backoff_seconds)


@dataclass
class _HostState:
    limit: int
    interval: float
    jitter: float
    active: int = 0
    next_start: float = 0.0
    cond: asyncio.Condition | None = None
    start_lock: asyncio.Lock | None = None


class HostGate:
    """Per-host concurrency and start-rate limits for one event loop."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 rng: random.Random | None = None):
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._hosts: dict[str, _HostState] = {}

    def configure(self, host: str, politeness: Politeness) -> None:
        """Declare a host; when two sources share it, the stricter limits win."""
        self.tighten(host, limit=politeness.concurrency_per_host,
                     interval=politeness.min_interval_seconds, jitter=politeness.jitter)

    def tighten(self, host: str, *, limit: int | None = None, interval: float | None = None,
                jitter: float | None = None) -> None:
        """Lower the concurrency or lengthen the interval of a host (robots.txt Crawl-delay)."""
        state = self._hosts.get(host)
        if state is None:
            self._hosts[host] = _HostState(limit=limit or 1, interval=interval or 0.0,
                                           jitter=jitter or 0.0)
            return
        if limit is not None:
            state.limit = min(state.limit, limit)
        if interval is not None:
            state.interval = max(state.interval, interval)
        if jitter is not None:
            state.jitter = max(state.jitter, jitter)

    def limits_of(self, host: str) -> tuple[int, float]:
        state = self._hosts[host]
        return state.limit, state.interval

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[Callable[[], None]]:
        """Hold one of the host's request slots, starting no earlier than its rate allows.

        Yields ``mark_sent``: call it when the request has actually gone out. Until then no
        other request to the host may start, and the next gap is measured from that moment, so
        a slow connect or a busy event loop between the gate and the wire can never squeeze
        two requests closer than the interval. Leaving the block counts as sent.
        """
        state = self._hosts.get(host)
        if state is None:
            raise KeyError(f"host {host!r} was never configured on this gate")
        if state.cond is None:
            state.cond = asyncio.Condition()
            state.start_lock = asyncio.Lock()
        start_lock = state.start_lock
        assert start_lock is not None
        async with state.cond:
            await state.cond.wait_for(lambda: state.active < state.limit)
            state.active += 1
        sent = False

        def mark_sent() -> None:
            nonlocal sent
            if not sent:
                sent = True
                gap = state.interval * (1 + self._rng.uniform(0, state.jitter))
                state.next_start = self._clock() + gap
                start_lock.release()

        try:
            await start_lock.acquire()
            try:
                while (wait := state.next_start - self._clock()) > 0:
                    await self._sleep(wait)
            except BaseException:
                start_lock.release()
                sent = True
                raise
            yield mark_sent
        finally:
            mark_sent()
            async with state.cond:
                state.active -= 1
                state.cond.notify_all()
