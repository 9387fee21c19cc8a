"""What one piece of work cost: wall time and peak memory growth.

Memory is the resident high-water mark (Linux ``VmHWM``, reset through
``/proc/self/clear_refs``) minus the resident size before: it sees what C libraries allocate
(lxml, lexbor, zlib) as well as Python objects, and costs nothing while the work runs. Where
the high-water mark cannot be reset (not Linux), tracemalloc's peak of Python allocations is
used instead; it misses C allocations and slows allocation-heavy code several times.
"""

from __future__ import annotations

import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MIB = 1024 * 1024
_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class Cost:
    seconds: float = 0.0
    memory_bytes: int = 0  # peak growth during the work
    memory_source: str = "rss"  # rss | tracemalloc

    def describe(self) -> str:
        return (f"{self.seconds:.2f} s, peak memory growth {self.memory_bytes / MIB:.0f} MiB "
                f"({self.memory_source})")


def _status_kib(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_rss_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


@contextmanager
def measure_cost() -> Iterator[Cost]:
    """Measure the body of the ``with`` block into the yielded ``Cost``."""
    cost = Cost()
    use_rss = _reset_rss_peak()
    rss_before = _status_kib("VmRSS") or 0
    if not use_rss:
        cost.memory_source = "tracemalloc"
        tracemalloc.start()
    started = time.perf_counter()
    try:
        yield cost
    finally:
        cost.seconds = time.perf_counter() - started
        if use_rss:
            cost.memory_bytes = max(0, (_status_kib("VmHWM") or 0) - rss_before) * 1024
        else:
            cost.memory_bytes = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
