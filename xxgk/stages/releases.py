"""Listing releases and the retention policy that removes old ones.

Earlier releases stay readable (time travel) until pruned. Pruning keeps the newest ``keep``
complete releases and always the current one; a folder without a manifest (a publish that was
interrupted or lost a race) older than every kept release is removed too.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.stages.publish import current_release
from xxgk.storage import Lake

RELEASES_PREFIX = "curated/releases/"


@dataclass(frozen=True)
class ReleaseInfo:
    release_id: str
    complete: bool  # has a manifest
    created_at: str | None
    rows: dict[str, int]
    is_current: bool


def list_releases(lake: Lake) -> list[ReleaseInfo]:
    """Every release folder, oldest first (release ids start with the run's UTC time)."""
    ids = sorted({k[len(RELEASES_PREFIX):].split("/", 1)[0]
                  for k in lake.list(RELEASES_PREFIX.rstrip("/"))})
    current = current_release(lake)
    out = []
    for rid in ids:
        key = f"{RELEASES_PREFIX}{rid}/manifest.json"
        manifest = lake.read_json(key) if lake.exists(key) else None
        out.append(ReleaseInfo(
            release_id=rid, complete=manifest is not None,
            created_at=manifest.get("created_at") if manifest else None,
            rows={n: t["rows"] for n, t in manifest["tables"].items()} if manifest else {},
            is_current=rid == current))
    return out


def prune_releases(lake: Lake, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` complete releases (never the current one)."""
    if keep < 1:
        raise ValueError("keep at least one release")
    releases = list_releases(lake)
    complete = [r for r in releases if r.complete]
    kept = {r.release_id for r in complete[-keep:]} | {r.release_id for r in releases
                                                       if r.is_current}
    oldest_kept = min(kept) if kept else None
    doomed = [r.release_id for r in releases if r.release_id not in kept
              and (r.complete or (oldest_kept is not None and r.release_id < oldest_kept))]
    for rid in doomed:
        for key in list(lake.list(f"{RELEASES_PREFIX}{rid}")):
            lake.store.delete(key)
    return doomed
