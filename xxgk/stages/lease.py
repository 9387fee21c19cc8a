"""One pipeline run at a time per lake: a lease object taken with a conditional write.

A second run on the same lake stops at once with a message naming the run that holds the lake.
A lease whose holder died (killed process, lost machine) expires after ``ttl_seconds`` and can
then be taken over, again with a compare-and-swap so two newcomers cannot both take it.
"""

from __future__ import annotations

import datetime as dt
import json

from xxgk.storage import ConditionFailed, Lake

LEASE_KEY = "locks/pipeline.json"
DEFAULT_TTL_SECONDS = 6 * 3600


class LakeBusy(Exception):
    """Another run holds the lake."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def acquire(lake: Lake, run_id: str, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> None:
    body = json.dumps({"run_id": run_id, "acquired_at": _now().isoformat(),
                       "expires_at": (_now() + dt.timedelta(seconds=ttl_seconds)).isoformat()
                       }).encode()
    try:
        lake.store.put(LEASE_KEY, body, if_absent=True)
        return
    except ConditionFailed:
        pass
    try:
        data, version = lake.store.get_versioned(LEASE_KEY)
    except FileNotFoundError:  # released in between: try once more from scratch
        return acquire(lake, run_id, ttl_seconds)
    held = json.loads(data)
    if held["run_id"] == run_id:
        return
    if dt.datetime.fromisoformat(held["expires_at"]) > _now():
        raise LakeBusy(f"run {held['run_id']} holds the lake {lake.uri} since "
                       f"{held['acquired_at']}; this run stops without changing anything. "
                       f"Wait for it, or after a crash remove {LEASE_KEY} (it expires at "
                       f"{held['expires_at']}).")
    try:
        lake.store.swap(LEASE_KEY, body, version)  # the holder's lease expired: take it over
    except ConditionFailed:
        raise LakeBusy(f"another run took over the expired lease on {lake.uri}") from None


def release(lake: Lake, run_id: str) -> None:
    try:
        held = json.loads(lake.store.get(LEASE_KEY))
    except FileNotFoundError:
        return
    if held.get("run_id") == run_id:
        lake.store.delete(LEASE_KEY)
