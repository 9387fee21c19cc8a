#!/usr/bin/env bash
# CI: the README's `bash scripts/run.sh` on a fresh clone of this checkout, run the way a new
# user on a stock system would run it: a scratch HOME (no Prefect profile, no uv config) and a
# PATH holding the system python3 and the few shell commands the scripts use, nothing else: no
# uv, pyenv or pip, and no apt-get or antiword (the macOS case). It must end with a published
# release. Everything it makes is under one scratch folder, removed at the end.
#
# The packages come from the uv cache the test command's bootstrap filled (one cache, shared:
# the lock's wheels are not downloaded twice; uv locks it for concurrent use); with no uv here
# at all, from an empty cache in the scratch folder.
#   XXGK_SYSTEM_PYTHON   the python3 to use (default /usr/bin/python3)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${XXGK_SYSTEM_PYTHON:-/usr/bin/python3}"
if [ ! -x "$python" ]; then
  echo "fresh-setup: no system python3 at $python (set XXGK_SYSTEM_PYTHON)" >&2
  exit 1
fi
scratch="$(mktemp -d "${TMPDIR:-/tmp}/xxgk-fresh-setup.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/home" "$scratch/tmp"
ln -s "$python" "$scratch/bin/python3"
for tool in bash sh env dirname uname; do
  ln -s "$(command -v "$tool")" "$scratch/bin/$tool"
done

outer_uv="$(command -v uv || ls "$repo"/.tools/uv-*/uv 2>/dev/null | head -n 1 || true)"
uv_cache="$scratch/uv-cache"
if [ -n "$outer_uv" ]; then uv_cache="$("$outer_uv" cache dir)"; fi

git clone --quiet "$repo" "$scratch/clone"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "fresh-setup: note: runs the last commit; uncommitted changes are not part of it" >&2
fi
echo "fresh-setup: $("$python" --version) at $python$(
  "$python" -c 'import pathlib, sysconfig; print(", externally managed (PEP 668)" if
  (pathlib.Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists() else "")');" \
  "PATH holds only: $(ls "$scratch/bin" | tr '\n' ' '); uv cache $uv_cache" >&2

# Only the network settings of this machine pass through (a proxy, a package index mirror).
environment=(HOME="$scratch/home" PATH="$scratch/bin" TMPDIR="$scratch/tmp" LANG=C.UTF-8
             UV_CACHE_DIR="$uv_cache")
for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY SSL_CERT_FILE \
            SSL_CERT_DIR UV_DEFAULT_INDEX UV_INDEX_URL PIP_INDEX_URL; do
  if [ -n "${!name:-}" ]; then environment+=("$name=${!name}"); fi
done

started=$(date +%s)
status=0
(cd "$scratch/clone" && timeout 1500 env -i "${environment[@]}" bash scripts/run.sh) \
  >"$scratch/run.log" 2>&1 || status=$?
seconds=$(( $(date +%s) - started ))

lake="$scratch/clone/data/lake"
release="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["release_id"])' \
  "$lake/curated/LATEST.json" 2>/dev/null || true)"
problems=()
[ "$status" -eq 0 ] || problems+=("scripts/run.sh exited with $status")
ls "$scratch"/clone/.tools/uv-*/uv >/dev/null 2>&1 \
  || problems+=("uv was not installed into .tools/")
[ -n "$release" ] && [ -f "$lake/curated/releases/$release/manifest.json" ] \
  || problems+=("no published release in $lake")
grep -q "^  release  *$release" "$scratch/run.log" 2>/dev/null \
  || problems+=("the run's summary does not name release ${release:-?}")

if [ ${#problems[@]} -gt 0 ]; then
  echo "fresh-setup: FAILED after ${seconds} s: $(printf '%s; ' "${problems[@]}")the end" \
    "of its output:" >&2
  tail -n 40 "$scratch/run.log" >&2
  exit 1
fi
grep -E '^(install_uv|system-packages|bootstrap):' "$scratch/run.log" >&2 || true
echo "fresh-setup: scripts/run.sh on a fresh clone published release $release in ${seconds} s" >&2
