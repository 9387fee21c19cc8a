"""The byte-level storage protocol every backend implements."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Iterator, Protocol


class ConditionFailed(Exception):
    """A conditional write was refused: the object exists (or changed) already."""


class Store(Protocol):
    """Keys are '/'-separated relative paths; backends map them under their root."""

    root_uri: str

    def put(self, key: str, data: bytes, *, if_absent: bool = False,
            metadata: dict[str, str] | None = None, content_type: str | None = None) -> None:
        """Write ``data``; with ``if_absent`` raise ConditionFailed when the key exists.
        ``content_type`` is the media type an object store serves the object with (a static
        website needs text/html, text/css...); a filesystem has none and ignores it."""

    def get(self, key: str) -> bytes:
        """Read an object; FileNotFoundError when it does not exist."""

    def put_file(self, key: str, path: Path, *, if_absent: bool = False) -> None:
        """Like ``put``, streaming the bytes from a local file (large tables never sit in
        memory whole)."""

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        """A local file holding the object, for readers that scan files lazily: the object
        itself on the filesystem, a temporary download elsewhere (removed on exit)."""

    def get_versioned(self, key: str) -> tuple[bytes, str]:
        """Read an object and its version tag (ETag); FileNotFoundError when absent."""

    def swap(self, key: str, data: bytes, expected_version: str | None) -> None:
        """Replace ``key`` only if its version is still ``expected_version`` (None: only if it
        does not exist yet); otherwise raise ConditionFailed. The compare-and-swap that lets
        one of two racing publishes win and the other fail cleanly."""

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str) -> Iterator[str]:
        """Keys under ``prefix`` (recursive), in lexical order."""

    def delete(self, key: str) -> None: ...

    def uri_for(self, key: str) -> str:
        """Where a person or another tool finds the object (path or s3:// URI)."""
