"""CPU time of a call, for tests that compare how work grows with input size (never a fixed
threshold: the ratio of two sizes holds on a shared, loaded machine)."""

import gc
import time
from typing import Callable


def best_cpu_seconds(function: Callable[[object], object], argument: object,
                     repeats: int = 3) -> float:
    """The least CPU time of ``repeats`` calls, with the garbage collector paused (a collection
    landing in one call of a few milliseconds would double it)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            started = time.process_time()
            function(argument)
            best = min(best, time.process_time() - started)
    finally:
        if enabled:
            gc.enable()
    return best
