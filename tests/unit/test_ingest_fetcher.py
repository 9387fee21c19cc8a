"""The fetcher on a mock transport: redirects, retries, caps, conditional requests."""

import asyncio
import gzip

import httpx

from xxgk.ingest.address_safety import AddressPolicy
from xxgk.ingest.fetcher import FetchContext, Validators, fetch_with_retries
from xxgk.ingest.politeness import HostGate, Politeness

FAST = Politeness(requests_per_second=1000, jitter=0, retries=2, backoff_seconds=0.5,
                  max_redirects=2, max_bytes=1000)


async def _public(host, port):
    return ["93.184.216.34"]


def _fetch(handler, url="http://a.gov.cn/x", *, robots=None, validators=None, p=FAST):
    sleeps, seen = [], []

    async def fake_sleep(seconds):
        sleeps.append(seconds)

    def recording(request):
        seen.append(request)
        return handler(request)

    async def main():
        async with httpx.AsyncClient(transport=httpx.MockTransport(recording)) as client:
            ctx = FetchContext(client=client, gate=HostGate(), politeness=p,
                               policy=AddressPolicy(), robots_allows=robots, resolve=_public,
                               sleep=fake_sleep)
            return await fetch_with_retries(url, ctx, validators=validators)

    return asyncio.run(main()), sleeps, seen


def test_a_redirect_loop_ends_after_the_limit():
    attempts, _, seen = _fetch(lambda r: httpx.Response(302, headers={
        "Location": f"/hop{len(r.url.path)}"}))
    (a,) = attempts
    assert (a.error, a.redirects, a.status) == ("too_many_redirects", 3, 302)
    assert len(seen) == 3


def test_a_redirect_to_another_scheme_is_refused():
    attempts, _, seen = _fetch(lambda r: httpx.Response(301, headers={
        "Location": "file:///etc/passwd"}))
    assert (attempts[0].error, attempts[0].final_url) == ("refused_scheme", "file:///etc/passwd")
    assert len(seen) == 1


def test_4xx_is_not_retried_and_5xx_is_with_backoff_and_retry_after():
    attempts, sleeps, _ = _fetch(lambda r: httpx.Response(404))
    assert [(a.number, a.error) for a in attempts] == \
        [(1, "http_404")]
    assert sleeps == []
    attempts, sleeps, _ = _fetch(lambda r: httpx.Response(503, headers={"Retry-After": "7"}))
    assert [a.error for a in attempts] == ["http_503"] * 3
    assert sleeps == [7, 7]  # Retry-After is longer than the backoff, and wins
    attempts, _, _ = _fetch(lambda r: httpx.Response(501))
    assert len(attempts) == 1  # "not implemented" will not change on a retry


def test_connection_resets_are_retried_then_recover():
    calls = []

    def flaky(request):
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ReadError("connection reset by peer")
        return httpx.Response(200, content=b"ok")

    attempts, sleeps, _ = _fetch(flaky)
    assert [a.error for a in attempts] == ["connection_reset", None]
    assert attempts[-1].body == b"ok" and len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.625


def test_decoded_size_is_capped_so_a_gzip_bomb_stops():
    bomb = gzip.compress(b"0" * 50_000)
    attempts, _, _ = _fetch(lambda r: httpx.Response(200, content=bomb, headers={
        "Content-Encoding": "gzip"}))
    assert len(bomb) < FAST.max_bytes
    assert (attempts[0].error, attempts[0].body) == ("too_large", None)


def test_conditional_headers_are_sent_and_304_is_not_modified():
    def conditional(request):
        assert request.headers["If-None-Match"] == '"v1"'
        assert request.headers["If-Modified-Since"] == "Mon, 05 Feb 2024 08:00:00 GMT"
        return httpx.Response(304, headers={"ETag": '"v1"'})

    attempts, _, _ = _fetch(conditional, validators=Validators(
        '"v1"', "Mon, 05 Feb 2024 08:00:00 GMT"))
    assert attempts[0].is_not_modified and attempts[0].headers["etag"] == '"v1"'


def test_robots_is_asked_for_every_hop():
    asked = []

    async def robots(url):
        asked.append(url)
        return "/blocked" not in url

    attempts, _, seen = _fetch(lambda r: httpx.Response(302, headers={"Location": "/blocked"}),
                               robots=robots)
    assert asked == ["http://a.gov.cn/x", "http://a.gov.cn/blocked"]
    assert attempts[0].error == "robots_disallowed" and len(seen) == 1
