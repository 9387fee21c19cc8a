#!/usr/bin/env bash
# Install the CSS, JavaScript and fonts of the Data Docs pages: the npm packages pinned by
# xxgk/quality/data_docs_assets/package-lock.json. Every site the pipeline builds then carries
# its own copy and renders with no network. Quick when nothing changed. Without npm it says so
# and goes on: the sites then link those libraries from CDNs, as Great Expectations writes them.
set -euo pipefail
cd "$(dirname "$0")/../xxgk/quality/data_docs_assets"
stamp=node_modules/.xxgk-installed-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "data-docs-assets: npm not found: Data Docs will need a network to render." \
       "Install Node.js with npm, then rerun scripts/bootstrap.sh." >&2
  exit 0
fi
echo "data-docs-assets: installing the Data Docs libraries with npm" >&2
# --ignore-scripts: these packages are files to copy, nothing of theirs needs to run.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
cp package-lock.json "$stamp"
