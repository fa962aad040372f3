#!/usr/bin/env bash
# make bench: prints figures, asserts nothing. Loopback only. The driver is bench/run.py (Python 3
# standard library): it loads a region with `regie demo --scale ${BENCH_SCALE:-100}`, serves it,
# measures every row with wrk (BENCH_RUNS runs of BENCH_SECONDS each) and prints one table (row,
# unit, median, min, max, target, met) that it also writes to bench/results/latest.json.
# docs/performance.md says what each row means and how it is measured.
#   BENCH_SCALE (100)  BENCH_SECONDS (10)  BENCH_RUNS (3)  BENCH_BUILD (build)
#   BENCH_ONLY  comma list of start,read,lists,search,network,intake,audit,overlap
#   BENCH_PERSONS (100000)  persons in bench_network's own region (group overlap)
#   BENCH_OUT   the JSON file (default bench/results/latest.json)
#   BENCH_PG (1)  also the PostgreSQL column   BENCH_PG_SCALE (1)  its region size
# The stand-alone tools stay: build/bench/bench_audit_verify N, bench_audit_db N DIR,
# bench_network N DIR (`ninja -C build bench/bench_audit_verify` etc.).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/deps.sh installs it)"; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is missing"; exit 1; }
python3 bench/run.py "$@"
# The PostgreSQL column (issue 13): the same rows on a throw-away PostgreSQL 15 cluster, at
# BENCH_PG_SCALE (default 1: its loader writes ~5,000 rows/s, so N=100 would take hours), then
# both results side by side. BENCH_PG=0 skips it.
if [ "${BENCH_PG:-1}" = "1" ]; then
  BENCH_BACKEND=postgresql BENCH_SCALE="${BENCH_PG_SCALE:-1}" python3 bench/run.py "$@"
  echo
  echo "SQLite and PostgreSQL side by side (medians; mind the scale N of each column):"
  python3 bench/run.py --growth bench/results/latest.json bench/results/latest-postgresql.json
fi
