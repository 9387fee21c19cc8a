#!/usr/bin/env bash
# Static checks, configured in pyproject.toml: ruff (pyflakes, pycodestyle errors, bugbear,
# complexity ≤ 10, import order) over the repository and mypy over xxgk/, flows/ and tasks/.
# Exits non-zero, naming the tool, on any finding. Needs ./.venv (scripts/bootstrap.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
if ! .venv/bin/ruff check --quiet .; then
  echo "lint: ruff reported the findings above; fix them (\`.venv/bin/ruff check --fix\`" \
    "sorts imports) or, where a rule truly does not apply, mark the line" \
    "\`# noqa: <rule>\` with the reason" >&2
  status=1
fi
if ! .venv/bin/mypy; then
  echo "lint: mypy reported the type errors above; fix them, or mark the line" \
    "\`# type: ignore[<code>]\` with the reason where the checker cannot follow" >&2
  status=1
fi
exit "$status"
