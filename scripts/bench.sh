#!/usr/bin/env bash
# make bench: prints figures, asserts nothing. Loopback only.
#   1. access-log verify speed, in memory (bench_audit_verify, 10 M records)
#   2. the access log through SQLite: append, per-person query and verify on 10 M records
#   3. HTTP: /api/health next to an authorised + logged read (GET /api/users/{id}: session lookup,
#      policy, row read, JSON, hash-chained access-log record committed durably by group commit
#      before the answer), wrk -t2 -c64, and the ratio.
# BENCH_RECORDS (default 10000000) and BENCH_SECONDS (default 10) scale it down for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_RECORDS:-10000000}
SECS=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/deps.sh installs it)"; exit 1; }
ninja -C build regie bench/bench_audit_verify bench/bench_audit_db >/dev/null
tmp=$(mktemp -d /tmp/regie-bench-XXXXXX)
trap 'kill $(cat "$tmp/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$tmp"' EXIT

echo "== 1. access-log verify, in memory ($N records)"
build/bench/bench_audit_verify "$N" 1000

echo "== 2. access log in SQLite ($N records; this writes a few GB under $tmp)"
build/bench/bench_audit_db "$N" "$tmp/auditdb" 2>/dev/null
rm -rf "$tmp/auditdb"

echo "== 3. HTTP on 127.0.0.1, wrk -t2 -c64 -d${SECS}s"
build/regie init --data-dir "$tmp/d" >/dev/null 2>&1
build/regie demo --json --data-dir "$tmp/d" > "$tmp/demo.json" 2>/dev/null
build/regie serve --data-dir "$tmp/d" --listen 127.0.0.1:0 --ready-file "$tmp/ready" \
  --log_level warn 2>"$tmp/server.log" & echo $! > "$tmp/pid"
for _ in $(seq 100); do [ -s "$tmp/ready" ] && break; sleep 0.05; done
addr=$(cat "$tmp/ready")
pw=$(python3 -c "import json,sys;d=json.load(open('$tmp/demo.json'));print([a for a in d['accounts'] if a['username']=='beheerder'][0]['password'])")
code=$(build/regie demo code beheerder --data-dir "$tmp/d" 2>/dev/null)
curl -s -c "$tmp/cj" -o /dev/null -X POST "http://$addr/api/session" -H "Origin: http://$addr" \
  -H 'Content-Type: application/json' \
  -d "{\"username\":\"beheerder\",\"password\":\"$pw\",\"totp\":\"$code\"}"
token=$(awk '/__Host-regie/ {print $7}' "$tmp/cj")
[ -n "$token" ] || { echo "bench: login failed"; exit 1; }
run() { wrk -t2 -c64 -d"${SECS}s" --latency "$@" 2>&1; }
h=$(run "http://$addr/api/health")
l=$(run -H "Cookie: __Host-regie=$token" "http://$addr/api/users/3")
rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
p() { echo "$1" | awk -v q="$2" '$1==q {print $2}'; }
hr=$(rps "$h"); lr=$(rps "$l")
echo "health            $hr req/s   p50 $(p "$h" 50%)  p99 $(p "$h" 99%)"
echo "logged read       $lr req/s   p50 $(p "$l" 50%)  p99 $(p "$l" 99%)   non-2xx: $(echo "$l" | awk '/Non-2xx/ {print $4}')"
python3 -c "print('ratio             logged / health = %.2f (target >= 0.33)' % ($lr / $hr))"
rss=$(awk '/VmHWM/ {print $2, $3}' /proc/$(cat "$tmp/pid")/status)
echo "server peak RSS   $rss"
build/regie audit verify --data-dir "$tmp/d" >/dev/null 2>&1 && echo "audit verify after the run: OK" || echo "audit verify after the run: FAILED"
