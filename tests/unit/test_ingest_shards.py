"""Batches of sources that never share a host."""

from pathlib import Path

from xxgk.ingest.shards import hosts_of, plan_shards
from xxgk.ingest.sources_file import parse_sources


def _sources(tmp_path: Path):
    return parse_sources({"sources": [
        {"name": "a1", "listing": "https://a.gov.cn/list.html"},
        {"name": "b", "urls": ["https://b.gov.cn/1.html"]},
        {"name": "a2", "urls": ["https://A.gov.cn/2.html"]},
        {"name": "c", "urls": ["https://c.gov.cn/1.html"], "allowed_hosts": ["files.d.gov.cn"]},
        {"name": "d", "listing": "https://files.d.gov.cn/l.html"},
        {"name": "e", "urls": ["https://e.gov.cn/1.html"]},
    ]}, base_dir=tmp_path).sources


def test_hosts_include_allowed_hosts(tmp_path):
    c = _sources(tmp_path)[3]
    assert hosts_of(c) == {"c.gov.cn", "files.d.gov.cn"}


def test_sources_sharing_a_host_stay_together(tmp_path):
    sources = _sources(tmp_path)
    batches = plan_shards(sources, 10)
    assert sorted(sorted(b) for b in batches) == [["a1", "a2"], ["b"], ["c", "d"], ["e"]]
    by_name = {s.name: s for s in sources}
    seen: dict[str, int] = {}
    for i, batch in enumerate(batches):
        for name in batch:
            for host in hosts_of(by_name[name]):
                assert seen.setdefault(host, i) == i  # no host in two batches


def test_batch_count_is_capped_and_balanced(tmp_path):
    batches = plan_shards(_sources(tmp_path), 2)
    assert len(batches) == 2
    assert sorted(len(b) for b in batches) == [3, 3]
    assert plan_shards(_sources(tmp_path), 1) == [["a1", "a2", "c", "d", "b", "e"]]
