"""Object keys: built only from parts we control, so a name can never escape its zone."""

from __future__ import annotations

import re

ZONES = ("raw", "staging", "quality", "curated")
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._=+-]{0,200}$")


def check_key(key: str) -> str:
    """Refuse keys with empty, '.', '..' or unusual parts (path traversal, absolute paths)."""
    if key.startswith("/") or "\\" in key:
        raise ValueError(f"unsafe object key {key!r}")
    for part in key.split("/"):
        if not _SAFE_PART.match(part) or part in (".", ".."):
            raise ValueError(f"unsafe object key {key!r}")
    return key


def join(*parts: str) -> str:
    return check_key("/".join(p.strip("/") for p in parts if p))
