#!/usr/bin/env bash
# Install everything the project needs into ./.venv from the lock file. Idempotent and quick
# when nothing changed. Needs only python3 (3.11 or 3.12) and the package registries; never
# installs into that python3 (stock Debian and Ubuntu refuse it: PEP 668).
set -euo pipefail
cd "$(dirname "$0")/.."

# antiword reads legacy .doc reports (text only); catdoc does too. Optional: without either, a
# .doc report becomes a recorded parse error naming what to install, and everything else runs.
if ! command -v antiword >/dev/null 2>&1 && ! command -v catdoc >/dev/null 2>&1; then
  bash scripts/system-packages.sh antiword || echo "bootstrap: going on without antiword;" \
    "legacy .doc reports will be recorded as parse errors until it is installed" \
    "(Debian/Ubuntu: apt-get install antiword; macOS: brew install antiword)" >&2
fi

# uv from PATH, else a pinned uv in ./.tools (downloaded by python3's standard library, hash
# checked; see scripts/install_uv.py).
uv="$(command -v uv || true)"
if [ -z "$uv" ]; then
  uv="$(python3 scripts/install_uv.py .tools)"
fi
# Byte-compile on install: this environment may set PYTHONDONTWRITEBYTECODE, and without
# compiled bytecode every process imports about twice as slowly.
export UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
# The interpreter itself, not the path that finds it: given a launcher script (pyenv's shim),
# uv finds the environment's interpreter "not the requested one" and rebuilds .venv on every
# run (about a minute, and a running test or pipeline loses its environment meanwhile).
python="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)"
[ -n "$python" ] || python="$(command -v python3)"
"$uv" sync --frozen --quiet --python "$python" "$@"
# The Data Docs pages' libraries (npm packages), so the sites render offline.
bash scripts/data-docs-assets.sh
