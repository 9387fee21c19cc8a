"""One storage interface over the local filesystem and S3, addressed by the lake URI.

``open_lake(settings)`` returns a ``Lake``: zone-aware helpers (raw, staging, quality, curated)
on top of a ``Store`` backend that only moves bytes.
"""

from xxgk.storage.lake import Lake, open_lake
from xxgk.storage.store import ConditionFailed, Store

__all__ = ["ConditionFailed", "Lake", "Store", "open_lake"]
