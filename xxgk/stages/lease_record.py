"""What the lake's lease says, and the judgement whether its holder is gone (pure functions).

A lease is stale, and may be taken over, when any of these holds:

- its holder's process is gone: same host (and pid namespace), and no process runs under the
  recorded pid with the recorded start time. Known at once.
- its Prefect flow run is Crashed, Failed or Cancelled (when a Prefect API can be asked).
- it expired: its last heartbeat is older than its TTL plus the allowed clock skew, by the
  observer's clock. This is the only rule that reads a wall clock, and it trusts the holder's
  clock and ours to agree within ``clock_skew_seconds`` (default 10 s), no further: a
  heartbeat dated further ahead than that is not judged by time at all.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, replace
from typing import Callable

from xxgk.stages.lease_holder import Holder, ProcessState, process_state

DEFAULT_TTL_SECONDS = 120
DEFAULT_CLOCK_SKEW_SECONDS = 10
# Prefect state types after which a flow run can no longer be holding anything.
DEAD_FLOW_RUN_STATES = frozenset({"CRASHED", "FAILED", "CANCELLED"})

# Asks the Prefect API for a flow run's state type ("RUNNING", "CRASHED", …); None: unknown.
FlowRunState = Callable[[str], "str | None"]


@dataclass(frozen=True)
class LeaseRecord:
    run_id: str
    token: str  # random per acquisition: tells this holder from a later one of the same run id
    holder: Holder
    acquired_at: dt.datetime
    renewed_at: dt.datetime  # the last heartbeat, by the holder's clock
    ttl_seconds: float
    flow_run_id: str | None = None
    root_flow_run_id: str | None = None  # the deployment's run when the pipeline is a subflow

    def to_json(self) -> bytes:
        data = asdict(self)
        data["acquired_at"] = self.acquired_at.isoformat()
        data["renewed_at"] = self.renewed_at.isoformat()
        # For people reading the object: when it expires without a heartbeat.
        data["expires_at"] = (self.renewed_at + dt.timedelta(seconds=self.ttl_seconds)
                              ).isoformat()
        return json.dumps(data, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "LeaseRecord":
        """Also reads the leases of earlier versions (run id and times only, no holder)."""
        raw = json.loads(data)
        acquired = dt.datetime.fromisoformat(raw["acquired_at"])
        renewed = dt.datetime.fromisoformat(raw.get("renewed_at") or raw["acquired_at"])
        ttl = raw.get("ttl_seconds")
        if ttl is None:
            ttl = (dt.datetime.fromisoformat(raw["expires_at"]) - renewed).total_seconds()
        holder = raw.get("holder") or {}
        return cls(run_id=raw["run_id"], token=raw.get("token", ""),
                   holder=Holder(holder.get("host", "?"), holder.get("host_id", ""),
                                 int(holder.get("pid", 0)), holder.get("process_started", "")),
                   acquired_at=acquired, renewed_at=renewed, ttl_seconds=float(ttl),
                   flow_run_id=raw.get("flow_run_id"),
                   root_flow_run_id=raw.get("root_flow_run_id"))

    def renewed(self, now: dt.datetime, **changes: object) -> "LeaseRecord":
        return replace(self, renewed_at=now, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        return f"run {self.run_id} ({self.holder.describe()})"


@dataclass(frozen=True)
class Verdict:
    is_stale: bool
    why: str  # for people: why the holder is taken for gone, or what shows it alive
    holder_alive_here: bool = False  # its process verifiably runs on this host


def judge(record: LeaseRecord, *, now: dt.datetime, here: Holder, clock_skew_seconds: float,
          flow_run_state: FlowRunState | None = None) -> Verdict:
    """Whether ``record``'s holder is gone, judged by the process ``here`` at ``now``."""
    process = process_state(record.holder, here)
    if process is ProcessState.GONE:
        return Verdict(True, f"its process {record.holder.pid} on {record.holder.host} is gone")
    alive_here = process is ProcessState.RUNNING
    age = (now - record.renewed_at).total_seconds()
    limit = record.ttl_seconds + clock_skew_seconds
    if age > limit:
        return Verdict(True, f"its last heartbeat is {age:.0f} s old (TTL {record.ttl_seconds:g}"
                             f" s + {clock_skew_seconds:g} s allowed clock skew)", alive_here)
    if not alive_here and flow_run_state is not None:
        for flow_run_id in dict.fromkeys(filter(None, (record.flow_run_id,
                                                       record.root_flow_run_id))):
            state = flow_run_state(flow_run_id)
            if state in DEAD_FLOW_RUN_STATES:
                return Verdict(True, f"its Prefect flow run {flow_run_id} is {state.lower()}")
    if age < -clock_skew_seconds:
        return Verdict(False, f"its last heartbeat is dated {-age:.0f} s ahead of this host's "
                              f"clock, beyond the {clock_skew_seconds:g} s allowed skew: check "
                              "the clocks (NTP)", alive_here)
    alive = "its process runs; " if alive_here else ""
    return Verdict(False, f"{alive}last heartbeat {max(age, 0):.0f} s ago, expires in "
                          f"{max(limit - age, 0):.0f} s without one", alive_here)
