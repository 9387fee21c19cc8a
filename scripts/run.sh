#!/usr/bin/env bash
# Set up and run the whole pipeline. With no arguments: the bundled sample corpus into
# ./data/lake on an ephemeral Prefect server. Any arguments go to `xxgk run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --no-dev --inexact
exec .venv/bin/xxgk run "$@"
