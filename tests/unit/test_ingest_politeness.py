"""Politeness: validated settings, per-host concurrency and start spacing, backoff."""

import asyncio
import itertools
import random
import time

import pytest

from xxgk.ingest.politeness import HostGate, Politeness, compute_backoff_seconds


def test_defaults_are_the_documented_ones():
    p = Politeness()
    assert (p.concurrency_per_host, p.requests_per_second, p.max_redirects) == (2, 1.0, 5)
    assert p.max_bytes == 50 * 1024 * 1024 and p.obey_robots
    assert "xxgk-pipeline" in p.user_agent


@pytest.mark.parametrize("field, value", [
    ("concurrency_per_host", 0), ("requests_per_second", 0), ("jitter", 1.5),
    ("retries", -1), ("max_bytes", 0), ("obey_robots", "yes"), ("user_agent", " "),
    ("read_timeout_seconds", -1), ("max_redirects", True),
])
def test_bad_values_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        Politeness(**{field: value})


def _run_requests(gate, host, n, hold):
    active, peak, starts = 0, 0, []

    async def one():
        nonlocal active, peak
        async with gate.slot(host) as mark_sent:
            starts.append(time.monotonic())
            mark_sent()
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(hold)
            active -= 1

    async def main():
        await asyncio.gather(*(one() for _ in range(n)))

    asyncio.run(main())
    return peak, sorted(starts)


def test_gate_caps_concurrency_per_host():
    gate = HostGate()
    gate.configure("a.gov.cn", Politeness(concurrency_per_host=2, requests_per_second=1000,
                                          jitter=0))
    peak, _ = _run_requests(gate, "a.gov.cn", 8, hold=0.02)
    assert peak == 2


def test_gate_spaces_request_starts_by_the_rate_and_jitter_only_slows():
    gate = HostGate(rng=random.Random(1))
    gate.configure("a.gov.cn", Politeness(concurrency_per_host=5, requests_per_second=40,
                                          jitter=0.5))
    _, starts = _run_requests(gate, "a.gov.cn", 5, hold=0.0)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.025 - 0.003  # 1/40 s, less timer slack
    assert max(gaps) <= 0.025 * 1.5 + 0.02


def test_next_start_waits_until_the_request_is_really_sent():
    gate = HostGate()
    gate.configure("a.gov.cn", Politeness(concurrency_per_host=2, requests_per_second=1000,
                                          jitter=0))
    order = []

    async def slow_connect():
        async with gate.slot("a.gov.cn") as mark_sent:
            await asyncio.sleep(0.05)  # a connect that takes a while: nobody else may start
            order.append("first sent")
            mark_sent()
            await asyncio.sleep(0.05)

    async def second():
        await asyncio.sleep(0.01)
        async with gate.slot("a.gov.cn"):
            order.append("second starts")

    async def main():
        await asyncio.gather(slow_connect(), second())

    asyncio.run(main())
    assert order == ["first sent", "second starts"]


def test_the_stricter_of_two_sources_wins_and_robots_delay_tightens():
    gate = HostGate()
    gate.configure("a.gov.cn", Politeness(concurrency_per_host=3, requests_per_second=2))
    gate.configure("a.gov.cn", Politeness(concurrency_per_host=1, requests_per_second=5))
    assert gate.limits_of("a.gov.cn") == (1, 0.5)
    gate.tighten("a.gov.cn", interval=10)
    assert gate.limits_of("a.gov.cn") == (1, 10)
    gate.tighten("a.gov.cn", interval=1)  # tightening never loosens
    assert gate.limits_of("a.gov.cn") == (1, 10)


def test_unknown_host_is_a_bug_not_a_free_pass():
    async def use():
        async with HostGate().slot("nowhere"):
            pass
    with pytest.raises(KeyError):
        asyncio.run(use())


def test_backoff_doubles_is_capped_and_respects_retry_after():
    p = Politeness(backoff_seconds=2, max_backoff_seconds=10)
    rng = random.Random(0)
    waits = [compute_backoff_seconds(p, n, rng) for n in (1, 2, 3, 4)]
    assert 1.5 <= waits[0] <= 2.5 and 3 <= waits[1] <= 5 and 6 <= waits[2] <= 10
    assert waits[3] == 10
    assert compute_backoff_seconds(p, 1, rng, retry_after=7) == 7
