"""Local filesystem backend: the embedded default lake (./data/lake)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from xxgk.storage.keys import check_key
from xxgk.storage.store import ConditionFailed


class LocalStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.root_uri = str(self.root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, *, if_absent: bool = False,
            metadata: dict[str, str] | None = None, content_type: str | None = None) -> None:
        self._write(key, lambda fh: fh.write(data), if_absent)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def put_file(self, key: str, path: Path, *, if_absent: bool = False) -> None:
        def copy(fh: BinaryIO) -> None:
            with open(path, "rb") as source:
                shutil.copyfileobj(source, fh, 1 << 20)

        self._write(key, copy, if_absent)

    def _write(self, key: str, write: Callable[[BinaryIO], object], if_absent: bool) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temporary file and rename: readers never see half an object.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            if if_absent:
                try:
                    os.link(tmp, path)  # atomic create-if-absent
                except FileExistsError:
                    raise ConditionFailed(f"{key} exists already") from None
            else:
                os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str) -> Iterator[str]:
        """Keys in the folder ``prefix`` (a trailing "/" is optional), recursively."""
        prefix = prefix.rstrip("/")
        base = self.root / check_key(prefix) if prefix else self.root
        if not base.exists():
            return iter(())
        keys = []
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith((".tmp-", ".lock")) or name.endswith(".lock"):
                    continue
                keys.append(Path(dirpath, name).relative_to(self.root).as_posix())
        return iter(sorted(keys))

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def uri_for(self, key: str) -> str:
        return str(self._path(key))

    def get_versioned(self, key: str) -> tuple[bytes, str]:
        data = self.get(key)
        return data, hashlib.sha256(data).hexdigest()

    @contextmanager
    def _lock(self, key: str):
        lock_path = self.root / ".locks" / (hashlib.sha256(key.encode()).hexdigest() + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def swap(self, key: str, data: bytes, expected_version: str | None) -> None:
        with self._lock(key):
            try:
                _, current = self.get_versioned(key)
            except FileNotFoundError:
                current = None
            if current != expected_version:
                raise ConditionFailed(f"{key} changed since it was read")
            self.put(key, data)
