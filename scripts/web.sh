#!/usr/bin/env bash
# Builds the web UI into web/dist (npm ci from the lock file, then esbuild). Skips the install when
# node_modules matches the lock file, and the build when dist is newer than every source file.
set -euo pipefail
cd "$(dirname "$0")/../web"
[ -f package.json ] || { echo "web: no package.json yet"; exit 0; }
stamp=node_modules/.lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
if [ -f dist/index.html ] && [ -z "$(find src public build.mjs package-lock.json -newer dist/index.html 2>/dev/null | head -1)" ]; then
  exit 0
fi
node build.mjs
