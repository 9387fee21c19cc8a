#!/usr/bin/env bash
# Install everything the project needs into ./.venv from the lock file. Idempotent and quick
# when nothing changed. Needs only python3 (3.11 or 3.12) and the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."

# antiword reads legacy .doc reports (text only).
bash scripts/system-packages.sh antiword

if ! command -v uv >/dev/null 2>&1; then
  echo "bootstrap: installing uv" >&2
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
# Byte-compile on install: this environment may set PYTHONDONTWRITEBYTECODE, and without
# compiled bytecode every process imports about twice as slowly.
export UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
# The interpreter itself, not the path that finds it: given a launcher script (pyenv's shim),
# uv finds the environment's interpreter "not the requested one" and rebuilds .venv on every
# run (about a minute, and a running test or pipeline loses its environment meanwhile).
python="$(python3 -c 'import sys; print(sys.executable)')"
uv sync --frozen --quiet --python "$python" "$@"
