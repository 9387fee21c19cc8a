"""Assign gold records to a development and a held-back test split, once, before any tuning.

Systematic sampling over the records sorted by stratum (kind of text, era, level, sector) and,
inside a stratum, by a hash of the id: every stratum gets its share of test records, rounding
is carried across strata instead of lost in each small one, and the choice depends only on the
ids and the seed, never on how the extractor does on them.
"""

from __future__ import annotations

import hashlib

STRATA = ("kind", "template", "admin_level", "sector")


def _order(record: dict, seed: str) -> tuple:
    digest = hashlib.sha256(f"{seed}:{record['id']}".encode()).hexdigest()
    return (*(str(record.get(k) or "") for k in STRATA), digest)


def assign_splits(records: list[dict], test_fraction: float = 0.35,
                  seed: str = "xxgk-real-v1") -> dict[str, str]:
    """Record id -> "dev" or "test"; about ``test_fraction`` of every stratum is test."""
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1")
    ordered = sorted(records, key=lambda r: _order(r, seed))
    start = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 1000 / 1000
    splits: dict[str, str] = {}
    for k, record in enumerate(ordered):
        crossed = int(start + (k + 1) * test_fraction) > int(start + k * test_fraction)
        splits[record["id"]] = "test" if crossed else "dev"
    return splits
