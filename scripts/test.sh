#!/usr/bin/env bash
# Set up and run the whole test suite (unit, integration, e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm installs the Data Docs libraries (bootstrap.sh); the offline Data Docs test needs them.
command -v npm >/dev/null 2>&1 || bash scripts/system-packages.sh nodejs npm
bash scripts/bootstrap.sh
# Headless Chromium (and a CJK font) render the review page in its screenshot test.
bash scripts/system-packages.sh chromium fonts-wqy-zenhei
exec .venv/bin/python -m pytest "$@"
