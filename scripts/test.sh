#!/usr/bin/env bash
# Set up and run the whole test suite (unit, integration, e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
