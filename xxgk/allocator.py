"""How polars' memory allocator gives freed memory back, set before polars is first imported.

polars allocates through jemalloc, which by default keeps freed pages for reuse and returns
them only as later allocations come by. In one pipeline process, validate's pages (the facts
checked in chunks, the reports frame) were still held when publish sorted its buckets: at
100,000 documents the process kept about 350 MiB it no longer used, on top of publish's own
peak. polars asks jemalloc to purge pages unused for half a second, but jemalloc only purges
when it is next called; with a background thread doing it, the memory a stage freed is back
with the system before the next stage needs its own.

jemalloc reads ``_RJEM_MALLOC_CONF`` once, when polars' library loads (polars appends what is
set there to its own defaults); a value the user set is kept.
"""

from __future__ import annotations

import os
import sys

JEMALLOC_ENV = "_RJEM_MALLOC_CONF"
JEMALLOC_CONF = "background_thread:true,muzzy_decay_ms:0"


def configure_allocator() -> bool:
    """Set the allocator's configuration unless polars is loaded already or the user chose
    one; returns whether it was set (for this process and the ones it starts)."""
    if JEMALLOC_ENV in os.environ or "polars" in sys.modules:
        return False
    os.environ[JEMALLOC_ENV] = JEMALLOC_CONF
    return True
