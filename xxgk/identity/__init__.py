"""Agency identity: an organ's region (GB/T 2260), level, sector and stable id (issue #15)."""

from xxgk.identity.resolve import Identity, resolve_identity

__all__ = ["Identity", "resolve_identity"]
