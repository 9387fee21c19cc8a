"""robots.txt answers and rules."""

import asyncio

from xxgk.ingest.politeness import ROBOTS_TOKEN
from xxgk.ingest.robots import RobotsCache, RobotsRules, parse_robots, robots_url_for

BODY = b"""User-agent: *
Disallow: /private/
Crawl-delay: 3

User-agent: xxgk-pipeline
Disallow: /search
Crawl-delay: 5
"""


def test_rules_for_our_agent_are_applied():
    rules = parse_robots(200, BODY, ROBOTS_TOKEN)
    assert rules.allows("http://a.gov.cn/xxgk/2023.html", ROBOTS_TOKEN)
    assert not rules.allows("http://a.gov.cn/search?q=1", ROBOTS_TOKEN)
    assert rules.crawl_delay_seconds == 5
    assert not parse_robots(200, BODY, "other-bot").allows("http://a.gov.cn/private/x",
                                                           "other-bot")


def test_request_rate_becomes_an_interval():
    rules = parse_robots(200, b"User-agent: *\nRequest-rate: 1/10\n", ROBOTS_TOKEN)
    assert rules.crawl_delay_seconds == 10


def test_answers_without_rules():
    assert parse_robots(404, None, ROBOTS_TOKEN).verdict == "allow_all"
    assert parse_robots(410, None, ROBOTS_TOKEN).verdict == "allow_all"
    for status in (401, 403, 500, 503, None):
        rules = parse_robots(status, None, ROBOTS_TOKEN)
        assert rules.verdict == "disallow_all"
        assert not rules.allows("http://a.gov.cn/", ROBOTS_TOKEN)


def test_robots_url_is_per_origin():
    assert robots_url_for("HTTPS://Www.A.gov.cn:8443/x/y?z") == \
        "https://www.a.gov.cn:8443/robots.txt"


def test_cache_fetches_each_origin_once_even_when_asked_at_once():
    calls = []

    async def fetch(url):
        calls.append(url)
        await asyncio.sleep(0.01)
        return RobotsRules("allow_all")

    async def main():
        cache = RobotsCache()
        await asyncio.gather(*(cache.rules_for(f"http://a.gov.cn/{i}", fetch) for i in range(5)),
                             cache.rules_for("http://b.gov.cn/", fetch))

    asyncio.run(main())
    assert sorted(calls) == ["http://a.gov.cn/robots.txt", "http://b.gov.cn/robots.txt"]


# Wildcards and precedence as the major crawlers read them (files written for these tests).
WILDCARDS = b"""User-agent: *
Disallow: /*.doc$
Disallow: /zwgk/*/draft
Disallow: /attach/
Allow: /attach/nb/
"""


def test_star_matches_any_run_and_dollar_the_end_of_the_path():
    rules = parse_robots(200, WILDCARDS, ROBOTS_TOKEN)
    assert not rules.allows("http://a.gov.cn/files/2021nb.doc", ROBOTS_TOKEN)
    assert rules.allows("http://a.gov.cn/files/2021nb.docx", ROBOTS_TOKEN)  # $ ends the match
    assert not rules.allows("http://a.gov.cn/zwgk/2022/draft/1.html", ROBOTS_TOKEN)
    assert rules.allows("http://a.gov.cn/zwgk/2022/final/1.html", ROBOTS_TOKEN)


def test_the_longest_matching_rule_wins_whatever_its_place_in_the_file():
    rules = parse_robots(200, WILDCARDS, ROBOTS_TOKEN)
    assert rules.allows("http://a.gov.cn/attach/nb/2023.pdf", ROBOTS_TOKEN)
    assert not rules.allows("http://a.gov.cn/attach/other/2023.pdf", ROBOTS_TOKEN)
