"""Headless Chromium for the tests that look at pages the way a person does (Debian's
chromium, installed by scripts/test.sh)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

# No network for the page: every host name fails to resolve, and whatever still tries to
# connect (an address written as digits, loopback included) goes to a proxy port nothing
# listens on.
OFFLINE_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>"]


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    """Run headless Chromium with its own profile folder; ``args`` name what to do
    (``--dump-dom URL``, ``--screenshot=FILE URL``...)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is installed by scripts/test.sh (Debian package chromium)"
    return subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
