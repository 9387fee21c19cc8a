"""One pipeline run at a time per lake: a short lease kept alive by a heartbeat.

The lease is one object, ``locks/pipeline.json``, naming the run that holds the lake and its
process (``lease_record``, ``lease_holder``). It is taken with a create-if-absent write and
renewed every quarter of its TTL (default 2 minutes) by a compare-and-swap on its version, from
a daemon thread of the holder's process. Every change to it is a conditional write, so two
runs can never both believe they took it, on a local lake or on S3.

A second run finds the lease and stops at once (``LakeBusy``), unless the holder is gone: its
process is gone from this host, its Prefect flow run crashed, failed or was cancelled, or its
heartbeat stopped longer ago than the TTL plus the allowed clock skew. Then the newcomer takes
the lease over, again by compare-and-swap, and says whose it was.

Fencing: a holder whose heartbeat finds the lease taken (its process was frozen, its network
gone, someone ran ``xxgk unlock --force``) marks it lost, and ``Lease.confirm`` — called by
publish right before the release pointer moves — renews the lease or raises ``LeaseLost``: a run
that lost its lease never publishes.

Within one process a lease is held once per lake and run: acquiring it again (the command line
takes it before the flow starts, the flow's task takes it again to record its flow run) returns
the same lease, and releasing it once gives it back.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from xxgk.stages.lease_holder import this_process
from xxgk.stages.lease_record import (
    DEFAULT_CLOCK_SKEW_SECONDS,
    DEFAULT_TTL_SECONDS,
    FlowRunState,
    LeaseRecord,
    Verdict,
    judge,
)
from xxgk.storage import ConditionFailed, Lake

LEASE_KEY = "locks/pipeline.json"
log = logging.getLogger(__name__)


class LakeBusy(Exception):
    """Another run holds the lake (or an unlock was refused): nothing was changed."""


class LeaseLost(Exception):
    """This run's lease was taken from it: it must not publish."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Lease:
    """The lease as this process holds it: the record it last wrote and that record's version."""

    def __init__(self, lake: Lake, record: LeaseRecord, version: str,
                 took_over: tuple[LeaseRecord, Verdict] | None = None):
        self.lake = lake
        self.record = record
        self.version = version
        self.took_over = took_over  # the dead holder's record and why it was taken for dead
        self.lost_to: str | None = None  # set once the lease is found taken
        self._reported = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    @property
    def run_id(self) -> str:
        return self.record.run_id

    def report_takeover(self) -> str | None:
        """The line naming the dead holder this lease was taken from, the first time asked
        (the command line reports it, and the flow's task, re-entering, does not again)."""
        if self.took_over is None or self._reported:
            return None
        self._reported = True
        dead, verdict = self.took_over
        return (f"run {self.run_id} took over the lake {self.lake.uri} from {dead.describe()}, "
                f"acquired {dead.acquired_at.isoformat(timespec='seconds')}: {verdict.why}")

    def renew(self, **changes: object) -> None:
        """Write a fresh heartbeat (and ``changes``) if the lease is still this one; else mark it
        lost and raise ``LeaseLost``. Store errors (network) propagate and change nothing."""
        with self._lock:
            if self.lost_to is not None:
                raise self._lost()
            new = self.record.renewed(_now(), **changes)
            body = new.to_json()
            for attempt in range(2):
                try:
                    self.lake.store.swap(LEASE_KEY, body, self.version)
                    break
                except ConditionFailed:
                    # Taken, or an earlier renewal of ours landed but its version was never
                    # read back (a store error in between): the token tells which.
                    token, version = self._stored_token()
                    if token != self.record.token or attempt == 1:
                        self.lost_to = self._current_holder()
                        raise self._lost() from None
                    self.version = version
            token, version = self._stored_token()
            if token != new.token:
                self.lost_to = self._current_holder()
                raise self._lost()
            self.record, self.version = new, version

    def _stored_token(self) -> tuple[str | None, str]:
        """The token and version of the lease as stored now (None: absent or unreadable)."""
        try:
            data, version = self.lake.store.get_versioned(LEASE_KEY)
            return LeaseRecord.from_json(data).token, version
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None, ""

    def confirm(self) -> None:
        """The fence: prove the lease is still ours (by renewing it) right before a commit."""
        self.renew()

    def _current_holder(self) -> str:
        try:
            return LeaseRecord.from_json(self.lake.store.get(LEASE_KEY)).describe()
        except FileNotFoundError:
            return "nobody (the lease was removed)"
        except (ValueError, KeyError):
            return "an unreadable lease"

    def _lost(self) -> LeaseLost:
        return LeaseLost(f"run {self.run_id} lost the lake {self.lake.uri} to {self.lost_to}; "
                         "it stops without publishing")

    def keep_alive(self) -> None:
        """Renew every quarter of the TTL from a daemon thread until released or lost."""
        if self._heartbeat is None:
            self._heartbeat = threading.Thread(target=self._beat, daemon=True,
                                               name=f"lease-heartbeat-{self.run_id}")
            self._heartbeat.start()

    def _beat(self) -> None:
        interval = max(self.record.ttl_seconds / 4, 0.1)
        while not self._stop.wait(interval):
            try:
                self.renew()
            except LeaseLost as lost:
                log.warning("%s", lost)
                return
            except Exception as exc:  # a store hiccup: the next beat tries again
                log.warning("lease of run %s not renewed, trying again in %.0f s: %r",
                            self.run_id, interval, exc)

    def give_back(self) -> None:
        """Stop the heartbeat and remove the lease, if it is still ours."""
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
        try:
            self.renew()  # proves it is ours, and fresh: nobody may take it before the delete
            self.lake.store.delete(LEASE_KEY)
        except LeaseLost:
            pass
        except Exception as exc:  # left behind: dead once this process ends, then taken over
            log.warning("lease of run %s not removed: %r", self.run_id, exc)


_held: dict[tuple[str, str], Lease] = {}
_held_lock = threading.Lock()


def held_lease(lake: Lake, run_id: str) -> Lease | None:
    """The lease this process holds on ``lake`` for ``run_id``, if any."""
    with _held_lock:
        return _held.get((lake.uri, run_id))


def acquire(lake: Lake, run_id: str, *, ttl_seconds: float = DEFAULT_TTL_SECONDS,
            clock_skew_seconds: float = DEFAULT_CLOCK_SKEW_SECONDS,
            flow_run_state: FlowRunState | None = None, flow_run_id: str | None = None,
            root_flow_run_id: str | None = None) -> Lease:
    """Take the lake for ``run_id``, or raise ``LakeBusy`` naming the live holder.

    No heartbeat yet: call ``keep_alive`` (``holding`` does). A lease this process holds for
    the same run already is returned, with the flow run ids recorded.
    """
    with _held_lock:
        lease = _held.get((lake.uri, run_id))
    if lease is not None:
        if flow_run_id and lease.record.flow_run_id != flow_run_id:
            lease.renew(flow_run_id=flow_run_id, root_flow_run_id=root_flow_run_id)
        elif lease.lost_to is not None:
            raise lease._lost()
        return lease
    now = _now()
    mine = LeaseRecord(run_id=run_id, token=secrets.token_hex(8), holder=this_process(),
                       acquired_at=now, renewed_at=now, ttl_seconds=ttl_seconds,
                       flow_run_id=flow_run_id, root_flow_run_id=root_flow_run_id)
    lease = _take(lake, mine, clock_skew_seconds, flow_run_state)
    with _held_lock:
        _held[(lake.uri, run_id)] = lease
    return lease


def _take(lake: Lake, mine: LeaseRecord, clock_skew_seconds: float,
          flow_run_state: FlowRunState | None) -> Lease:
    body = mine.to_json()
    for _ in range(3):  # a lease released between our two reads: start again
        try:
            lake.store.put(LEASE_KEY, body, if_absent=True)
            return Lease(lake, mine, _version_of_own(lake, body))
        except ConditionFailed:
            pass
        try:
            data, version = lake.store.get_versioned(LEASE_KEY)
        except FileNotFoundError:
            continue
        held = _parse(lake, data)
        verdict = judge(held, now=_now(), here=mine.holder,
                        clock_skew_seconds=clock_skew_seconds, flow_run_state=flow_run_state)
        if not verdict.is_stale:
            raise LakeBusy(busy_message(lake, held, verdict))
        try:
            lake.store.swap(LEASE_KEY, body, version)
        except ConditionFailed:
            raise LakeBusy(f"another run took over the stale lease of {held.describe()} on "
                           f"the lake {lake.uri} first; this run stops without changing "
                           "anything") from None
        return Lease(lake, mine, _version_of_own(lake, body), took_over=(held, verdict))
    raise LakeBusy(f"the lease on the lake {lake.uri} keeps changing hands; this run stops "
                   "without changing anything")


def _version_of_own(lake: Lake, body: bytes) -> str:
    data, version = lake.store.get_versioned(LEASE_KEY)
    if data != body:  # only a newcomer judging our brand-new lease expired: clocks far apart
        raise LakeBusy(f"the lease on the lake {lake.uri} was taken the moment this run wrote "
                       "it; this run stops without changing anything (check the clocks)")
    return version


def _parse(lake: Lake, data: bytes) -> LeaseRecord:
    try:
        return LeaseRecord.from_json(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise LakeBusy(f"the lease {lake.uri_for(LEASE_KEY)} cannot be read ({exc!r}); this "
                       "run stops without changing anything; `xxgk unlock --force` removes "
                       "it") from None


def holder_line(lake: Lake, held: LeaseRecord, verdict: Verdict) -> str:
    return (f"run {held.run_id} holds the lake {lake.uri} since "
            f"{held.acquired_at.isoformat(timespec='seconds')} ({held.holder.describe()}; "
            f"{verdict.why})")


def busy_message(lake: Lake, held: LeaseRecord, verdict: Verdict) -> str:
    return (f"{holder_line(lake, held, verdict)}; this run stops without changing anything. "
            "Wait for it to end: a dead holder's lease is taken over by the next run (at once "
            "on the same host, after it expires elsewhere)")


def release(lake: Lake, run_id: str) -> None:
    """Give back the lease this process holds for ``run_id`` (nothing if it holds none)."""
    with _held_lock:
        lease = _held.pop((lake.uri, run_id), None)
    if lease is not None:
        lease.give_back()


@contextmanager
def holding(lake: Lake, run_id: str, *, ttl_seconds: float = DEFAULT_TTL_SECONDS,
            clock_skew_seconds: float = DEFAULT_CLOCK_SKEW_SECONDS,
            flow_run_state: FlowRunState | None = None) -> Iterator[Lease]:
    """Hold the lake, with a heartbeat, for the duration."""
    lease = acquire(lake, run_id, ttl_seconds=ttl_seconds,
                    clock_skew_seconds=clock_skew_seconds, flow_run_state=flow_run_state)
    lease.keep_alive()
    try:
        yield lease
    finally:
        release(lake, run_id)


@dataclass(frozen=True)
class Unlocked:
    removed: LeaseRecord | None  # None: there was no lease
    why: str


def unlock(lake: Lake, *, force: bool = False,
           clock_skew_seconds: float = DEFAULT_CLOCK_SKEW_SECONDS,
           flow_run_state: FlowRunState | None = None) -> Unlocked:
    """Remove a stale lease. Refuses (``LakeBusy``) while its holder runs on this host or its
    lease is fresh, unless ``force``.

    The lease is first taken over by compare-and-swap, then removed: a run that took it over
    in between is never unlocked by mistake.
    """
    try:
        data, version = lake.store.get_versioned(LEASE_KEY)
    except FileNotFoundError:
        return Unlocked(None, "there is no lease")
    try:
        held = LeaseRecord.from_json(data)
    except (ValueError, KeyError, TypeError) as exc:
        if not force:
            raise LakeBusy(f"the lease {lake.uri_for(LEASE_KEY)} cannot be read ({exc!r}); "
                           "`xxgk unlock --force` removes it") from None
        lake.store.delete(LEASE_KEY)
        return Unlocked(None, "an unreadable lease was removed")
    here = this_process()
    verdict = judge(held, now=_now(), here=here, clock_skew_seconds=clock_skew_seconds,
                    flow_run_state=flow_run_state)
    if not force and (verdict.holder_alive_here or not verdict.is_stale):
        raise LakeBusy(f"not unlocked: {holder_line(lake, held, verdict)}; `xxgk unlock "
                       "--force` removes it anyway, and that run then stops before publishing")
    now = _now()
    mine = LeaseRecord(run_id="xxgk-unlock", token=secrets.token_hex(8), holder=here,
                       acquired_at=now, renewed_at=now, ttl_seconds=DEFAULT_TTL_SECONDS)
    try:
        lake.store.swap(LEASE_KEY, mine.to_json(), version)
    except ConditionFailed:
        raise LakeBusy(f"the lease on the lake {lake.uri} changed while it was being "
                       "removed; look again") from None
    lake.store.delete(LEASE_KEY)
    return Unlocked(held, verdict.why if verdict.is_stale else "forced")
