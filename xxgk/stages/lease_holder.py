"""Who holds a lease: the host and process, and whether that process is provably gone.

A lease names its holder by host name, a host identity, the process id and the process's start
time. The start time is what makes a pid check sound: pids are reused, and a new process under
the dead holder's pid has another start time. The host identity is what makes it sound across
containers: two containers may share a host name, but not a kernel boot and a pid namespace, and
a pid means something only inside its namespace.

Only the same host can tell that a process is gone; elsewhere the answer is "unknown" and the
lease's expiry decides.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from enum import Enum


class ProcessState(Enum):
    RUNNING = "running"
    GONE = "gone"  # no such process, a zombie, or another process under the same pid
    UNKNOWN = "unknown"  # another host (or pid namespace): cannot be looked at from here


@dataclass(frozen=True)
class Holder:
    host: str  # host name, for people
    host_id: str  # kernel boot and pid namespace (Linux); host name and boot time elsewhere
    pid: int
    process_started: str  # opaque, compared for equality only

    def describe(self) -> str:
        return f"host {self.host}, pid {self.pid}"


def this_process() -> Holder:
    pid = os.getpid()
    return Holder(socket.gethostname(), host_id(), pid, process_started(pid) or "")


def host_id() -> str:
    if sys.platform.startswith("linux"):
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as fh:
            boot = fh.read().strip()
        return f"{boot}/{os.readlink('/proc/self/ns/pid')}"
    import psutil

    return f"{socket.gethostname()}/{psutil.boot_time():.0f}"


def process_started(pid: int) -> str | None:
    """The start time of process ``pid`` (None when there is no such running process).

    On Linux the kernel's own count of clock ticks since boot, read from /proc: exact, and
    unmoved when the wall clock is stepped (psutil turns it into wall-clock time, which an NTP
    step shifts). Elsewhere psutil's creation time.
    """
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except (FileNotFoundError, ProcessLookupError):
            return None
        # "pid (command) state ppid …": the command may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2:].split()
        if fields[0] in ("Z", "X"):  # a zombie (killed, not yet reaped) is gone
            return None
        return fields[19]  # field 22 of proc(5): starttime
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return f"{process.create_time():.2f}"
    except psutil.NoSuchProcess:
        return None


def process_state(holder: Holder, here: Holder) -> ProcessState:
    """Whether ``holder``'s process runs, judged from the process ``here``."""
    if holder.host_id != here.host_id or not holder.process_started:
        return ProcessState.UNKNOWN
    started = process_started(holder.pid)
    if started is None or started != holder.process_started:
        return ProcessState.GONE
    return ProcessState.RUNNING
