"""A description of the machine a benchmark ran on, for its report."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version


def describe_machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib,
        "python": platform.python_version(), "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "versions": {p: version(p) for p in ("prefect", "polars", "great-expectations",
                                             "pyarrow", "selectolax")},
    }


def machine_line(m: dict) -> str:
    return (f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
            f"load average at start {', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}")
