"""robots.txt: fetched once per origin and run, parsed with protego (a maintained parser).

What an answer means (the conventions of the major crawlers, conservative where they differ):
a 2xx body is parsed; 401/403 mean "keep out" (what ``urllib.robotparser.read`` does too); any
other 4xx means there are no rules; a 5xx or a network failure means "keep out for this run"
(the server may be down or hiding its rules; we try again next run). Only the first 500 KiB of
a robots.txt are read. ``Crawl-delay`` and ``Request-rate`` lengthen the host's interval.

protego follows the de-facto rules of the major crawlers, which the standard library's parser
does not: ``*`` matches any run of characters and ``$`` the end of the path, and the most
specific (longest) matching rule wins, an ``Allow`` over a ``Disallow`` of the same length.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class RobotsRules:
    verdict: str  # rules | allow_all | disallow_all
    parser: Protego | None = None
    crawl_delay_seconds: float | None = None

    def allows(self, url: str, agent: str) -> bool:
        if self.verdict == "allow_all":
            return True
        if self.verdict == "disallow_all" or self.parser is None:
            return False
        return self.parser.can_fetch(url, agent)


def parse_robots(status: int | None, body: bytes | None, agent: str) -> RobotsRules:
    """Rules from a robots.txt response (``status`` None: no answer at all)."""
    if status is None or status >= 500:
        return RobotsRules("disallow_all")
    if status in (401, 403):
        return RobotsRules("disallow_all")
    if status >= 400:
        return RobotsRules("allow_all")
    if not 200 <= status < 300:
        return RobotsRules("disallow_all")
    text = (body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser = Protego.parse(text)
    delay = parser.crawl_delay(agent)
    rate = parser.request_rate(agent)
    seconds = [float(delay)] if delay else []
    if rate and rate.requests:
        seconds.append(rate.seconds / rate.requests)
    return RobotsRules("rules", parser, max(seconds) if seconds else None)


def robots_url_for(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/robots.txt"


class RobotsCache:
    """One robots.txt fetch per origin per run, shared by every request to that origin."""

    def __init__(self) -> None:
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str, fetch: Callable[[str], Awaitable[RobotsRules]]
                        ) -> RobotsRules:
        """The rules of ``url``'s origin, fetched with ``fetch(robots_url)`` the first time."""
        origin = robots_url_for(url)
        if origin in self._rules:
            return self._rules[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await fetch(origin)
        return self._rules[origin]
