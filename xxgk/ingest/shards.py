"""Splitting a sources file into Prefect task batches that never share a host.

Per-host limits are enforced by a gate inside one event loop (``politeness.HostGate``). Rather
than coordinate gates across processes or machines, the batches are cut so that no host can be
reached from two of them: sources are joined when their hosts (start URLs plus
``allowed_hosts``) overlap, and each joined group goes whole into one batch. Links are only
followed to those hosts (``xxgk.ingest.crawler``), so a batch's gate sees every request its hosts
get in the run, even with batches running at once on different workers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from xxgk.ingest.sources_file import SourceSpec


def hosts_of(spec: SourceSpec) -> set[str]:
    """The hosts a source may send requests to ("folder:" / "s3:" keys for the others)."""
    if spec.kind == "folder":
        return {f"folder:{spec.folder}"}
    if spec.kind == "s3":
        return {f"s3:{spec.s3_uri}"}
    hosts = {(urlsplit(u).hostname or "").lower() for u in spec.start_urls()}
    return hosts | set(spec.allowed_hosts)


def plan_shards(sources: tuple[SourceSpec, ...] | list[SourceSpec], max_shards: int
                ) -> list[list[str]]:
    """Source names per batch: at most ``max_shards`` batches, no host in two of them.

    Groups of sources that share hosts are found with union-find, then packed largest first
    into the currently smallest batch (by number of sources).
    """
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, spec in enumerate(sources):
        for host in sorted(hosts_of(spec)):
            if host in owner:
                parent[root(i)] = root(owner[host])
            else:
                owner[host] = i
    groups: dict[int, list[str]] = {}
    for i, spec in enumerate(sources):
        groups.setdefault(root(i), []).append(spec.name)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    batches: list[list[str]] = [[] for _ in range(min(max_shards, len(ordered)))]
    for group in ordered:
        smallest = min(range(len(batches)), key=lambda b: (len(batches[b]), b))
        batches[smallest] = batches[smallest] + group
    return [b for b in batches if b]
