#!/usr/bin/env bash
# Set up and run the whole test suite (unit, integration, e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm installs the Data Docs libraries (bootstrap.sh); the offline Data Docs test needs them.
command -v npm >/dev/null 2>&1 || bash scripts/system-packages.sh nodejs npm || echo "test: no" \
  "npm; the Data Docs pages keep their CDN links and the offline Data Docs test fails" >&2
bash scripts/bootstrap.sh
# ruff and mypy first: a finding fails the run before any test starts (scripts/lint.sh).
bash scripts/lint.sh || { echo "test: static checks failed; no tests were run" >&2; exit 1; }
# Headless Chromium (and a CJK font) render the review page in its browser tests. Without them
# those tests fail, saying so, and every other test runs.
bash scripts/system-packages.sh chromium fonts-wqy-zenhei || echo "test: the browser tests" \
  "need a \`chromium\` (or \`chromium-browser\`) command on PATH and a CJK font" \
  "(Debian/Ubuntu: apt-get install chromium fonts-wqy-zenhei); they will fail without them" >&2
# A native crash anywhere, also in the interpreter's teardown after pytest's own fault handler
# is gone, prints every thread's Python stack instead of a bare "Segmentation fault".
export PYTHONFAULTHANDLER=1
# Two test processes (pytest-xdist), each with its own Prefect test server and S3 server: much
# of the suite waits on subprocesses, servers and sleeps, so two keep two cores busy. A file
# runs whole in one process (its module fixtures are made once), files in collection order
# (the long end-to-end and integration files first). `-n 0` after these runs in one process.
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
