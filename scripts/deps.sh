#!/usr/bin/env bash
# Installs every Debian package Regie needs to build, test and run. Idempotent: packages that are
# already installed are skipped, and `apt-get update` runs at most once per invocation, only when
# something is missing. Works as root on a fresh Debian 12; as another user it uses sudo if present.
set -euo pipefail

PKGS=(
  build-essential gcc clang clang-format pkg-config meson ninja-build
  libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libjansson-dev
  liboath-dev oathtool libigraph-dev libcriterion-dev libcurl4-openssl-dev curl wrk python3 valgrind
  libseccomp-dev
  postgresql-15 postgresql-client-15 nginx
  slowhttptest sqlmap
  libclang-rt-14-dev llvm
  cppcheck clang-tidy
  nodejs npm chromium
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# node/npm may come from outside apt (a newer Node on the image); accept that.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
