#!/usr/bin/env bash
# Install the named Debian packages that are not installed yet (no-op when all are). Exits 1,
# saying what is missing, where it cannot install them (no apt-get, as on macOS; apt-get or
# sudo failing); callers decide whether that stops them.
set -euo pipefail
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get here: cannot check or install $*;" \
    "install them (or their equivalents) with your package manager" >&2
  exit 1
fi
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-packages: installing ${missing[*]}" >&2
if ! { $sudo apt-get update -qq >/dev/null \
       && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null; }; then
  echo "system-packages: could not install ${missing[*]}" >&2
  exit 1
fi
