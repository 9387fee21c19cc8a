#!/usr/bin/env bash
# Set up and run the whole test suite (unit, integration, e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Headless Chromium (and a CJK font) render the review page in its screenshot test.
bash scripts/system-packages.sh chromium fonts-wqy-zenhei
# Two test processes (pytest-xdist), each with its own Prefect test server and S3 server: much
# of the suite waits on subprocesses, servers and sleeps, so two keep two cores busy. A file
# runs whole in one process (its module fixtures are made once), files in collection order
# (the long end-to-end and integration files first). `-n 0` after these runs in one process.
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
