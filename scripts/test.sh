#!/usr/bin/env bash
# Set up and run the whole test suite (unit, integration, e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Headless Chromium (and a CJK font) render the review page in its screenshot test.
bash scripts/system-packages.sh chromium fonts-wqy-zenhei
exec .venv/bin/python -m pytest "$@"
