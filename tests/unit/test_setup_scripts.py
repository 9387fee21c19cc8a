"""The setup scripts on a machine without apt-get or antiword (as on macOS): system-packages.sh
says it cannot install and exits 1, and bootstrap.sh goes on without antiword, saying what a
legacy .doc report needs, to the `uv sync` of the lock file. `uv` here is a stand-in that
records its arguments; PATH holds only the few commands the scripts use."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bare_path(folder: Path, *commands: str) -> str:
    """A PATH of ``folder`` holding links to just these commands."""
    folder.mkdir()
    for name in commands:
        found = shutil.which(name)
        assert found, f"{name} is on every system this runs on"
        (folder / name).symlink_to(found)
    return str(folder)


def _run(script: str, path: str, *args: str) -> subprocess.CompletedProcess:
    bash = shutil.which("bash")
    assert bash
    return subprocess.run([bash, str(ROOT / "scripts" / script), *args], capture_output=True,
                          text=True, timeout=60, env={"PATH": path, "HOME": os.environ["HOME"]})


def test_system_packages_without_apt_get_says_so(tmp_path):
    result = _run("system-packages.sh", _bare_path(tmp_path / "bin", "bash"), "antiword")
    assert result.returncode == 1
    assert "no apt-get here" in result.stderr and "antiword" in result.stderr


def test_bootstrap_goes_on_without_antiword(tmp_path):
    path = _bare_path(tmp_path / "bin", "bash", "dirname", "python3")
    calls = tmp_path / "uv-calls"
    fake_uv = tmp_path / "bin" / "uv"
    fake_uv.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    fake_uv.chmod(0o755)
    assert shutil.which("antiword", path=path) is None and shutil.which("apt-get", path=path) is None

    result = _run("bootstrap.sh", path, "--no-dev")
    assert result.returncode == 0, result.stderr
    assert "going on without antiword" in result.stderr
    assert "brew install antiword" in result.stderr
    recorded = calls.read_text().split()
    assert recorded[:3] == ["sync", "--frozen", "--quiet"] and recorded[-1] == "--no-dev"
