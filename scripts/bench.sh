#!/usr/bin/env bash
# make bench: prints figures, asserts nothing. Loopback only.
#   1. access-log verify speed, in memory (bench_audit_verify, 10 M records)
#   2. the access log through SQLite: append, per-person query and verify on 10 M records
#   3. HTTP: /api/health next to an authorised + logged read (GET /api/users/{id}: session lookup,
#      policy, row read, JSON, hash-chained access-log record committed durably by group commit
#      before the answer), wrk -t2 -c64, and the ratio.
#   4. durable signal intake: POST /api/signals as a dossierhouder (validation, known-person
#      check, encrypted rows, blind and token indexes, access-log record, all committed before the
#      201), wrk -t2 at 32 and 64 connections, BENCH_RUNS runs each: signals/s and p99 as
#      median/min/max, and the count of answers that were not 201 or socket errors (should be 0).
#   5. network analysis on a synthetic region (BENCH_PERSONS, default 100000 persons in 1000
#      cases, 500000 relations): k=2 neighbourhood of a case network through the use-case and in
#      one region-wide libigraph graph, the region-wide overlap query, the per-person lookup.
# BENCH_RECORDS (default 10000000) and BENCH_SECONDS (default 10) scale it down for a quick look;
# BENCH_RUNS (default 3) sets the runs per concurrency of section 4; BENCH_ONLY=4 (a comma list of
# section numbers) runs only those; BENCH_BUILD (default build) is the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_RECORDS:-10000000}
SECS=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
B=${BENCH_BUILD:-build}
want() { [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/deps.sh installs it)"; exit 1; }
ninja -C "$B" regie bench/bench_audit_verify bench/bench_audit_db bench/bench_network >/dev/null
tmp=$(mktemp -d /tmp/regie-bench-XXXXXX)
trap 'kill $(cat "$tmp/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$tmp"' EXIT

if want 1; then
echo "== 1. access-log verify, in memory ($N records)"
$B/bench/bench_audit_verify "$N" 1000
fi

if want 2; then
echo "== 2. access log in SQLite ($N records; this writes a few GB under $tmp)"
$B/bench/bench_audit_db "$N" "$tmp/auditdb" 2>/dev/null
rm -rf "$tmp/auditdb"
fi

if want 3; then
echo "== 3. HTTP on 127.0.0.1, wrk -t2 -c64 -d${SECS}s"
$B/regie init --data-dir "$tmp/d" >/dev/null 2>&1
$B/regie demo --json --data-dir "$tmp/d" > "$tmp/demo.json" 2>/dev/null
$B/regie serve --data-dir "$tmp/d" --listen 127.0.0.1:0 --ready-file "$tmp/ready" \
  --log_level warn 2>"$tmp/server.log" & echo $! > "$tmp/pid"
for _ in $(seq 100); do [ -s "$tmp/ready" ] && break; sleep 0.05; done
addr=$(cat "$tmp/ready")
pw=$(python3 -c "import json,sys;d=json.load(open('$tmp/demo.json'));print([a for a in d['accounts'] if a['username']=='beheerder'][0]['password'])")
code=$($B/regie demo code beheerder --data-dir "$tmp/d" 2>/dev/null)
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
$B/regie audit verify --data-dir "$tmp/d" >/dev/null 2>&1 && echo "audit verify after the run: OK" || echo "audit verify after the run: FAILED"
fi


if want 4; then
echo "== 4. durable signal intake: POST /api/signals as a dossierhouder, wrk -t2 -d${SECS}s, $RUNS runs at 32 and 64 connections"
if [ -s "$tmp/pid" ]; then # the server of section 3
  kill "$(cat "$tmp/pid")" 2>/dev/null || true
  wait "$(cat "$tmp/pid")" 2>/dev/null || true
  rm -f "$tmp/pid"
fi
d4="$tmp/d4"
$B/regie init --data-dir "$d4" >/dev/null 2>&1
$B/regie demo --json --data-dir "$d4" > "$tmp/demo4.json" 2>/dev/null
rm -f "$tmp/ready4"
base=$(python3 -c "import sqlite3;print(sqlite3.connect('file:$d4/regie.db?mode=ro',uri=True).execute('SELECT count(*) FROM signal').fetchone()[0])")
$B/regie serve --data-dir "$d4" --listen 127.0.0.1:0 --ready-file "$tmp/ready4" \
  --log_level warn 2>"$tmp/server4.log" & echo $! > "$tmp/pid"
for _ in $(seq 100); do [ -s "$tmp/ready4" ] && break; sleep 0.05; done
addr=$(cat "$tmp/ready4")
pw=$(python3 -c "import json;d=json.load(open('$tmp/demo4.json'));print([a for a in d['accounts'] if a['username']=='dossierhouder'][0]['password'])")
muni=$(python3 -c "import json;d=json.load(open('$tmp/demo4.json'));print([o for o in d['organisations'] if o['name']=='Gemeente Voorbeeldstad'][0]['id'])")
code=$($B/regie demo code dossierhouder --data-dir "$d4" 2>/dev/null)
curl -s -c "$tmp/cj4" -o "$tmp/session4.json" -X POST "http://$addr/api/session" -H "Origin: http://$addr" \
  -H 'Content-Type: application/json' \
  -d "{\"username\":\"dossierhouder\",\"password\":\"$pw\",\"totp\":\"$code\"}"
token=$(awk '/__Host-regie/ {print $7}' "$tmp/cj4")
csrf=$(python3 -c "import json;print(json.load(open('$tmp/session4.json')).get('csrf_token',''))" 2>/dev/null || true)
rm -f "$tmp/session4.json"
[ -n "$token" ] && [ -n "$csrf" ] || { echo "bench: login as dossierhouder failed"; exit 1; }
# One signal by hand first: the script's body must be accepted, or every figure below is noise.
REGIE_TOKEN="$token" REGIE_CSRF="$csrf" REGIE_ORIGIN="http://$addr" REGIE_MUNI="$muni" \
  wrk -t1 -c1 -d1s -s bench/signal_intake.lua "http://$addr/api/signals" > "$tmp/w4-probe.txt" 2>&1 || true
probe=$(awk '/^not-201:/ {print $2}' "$tmp/w4-probe.txt")
[ "$probe" = "0" ] || { echo "bench: POST /api/signals is refused (not-201: ${probe:-?})"; exit 1; }
count4() { python3 -c "import sqlite3;print(sqlite3.connect('file:$d4/regie.db?mode=ro',uri=True).execute('SELECT count(*) FROM signal').fetchone()[0])"; }
for c in 32 64; do
  for r in $(seq "$RUNS"); do
    count4 > "$tmp/w4-c$c-r$r.n" # signals in the database when the run starts
    REGIE_TOKEN="$token" REGIE_CSRF="$csrf" REGIE_ORIGIN="http://$addr" REGIE_MUNI="$muni" \
      wrk -t2 -c"$c" -d"${SECS}s" --timeout 10s --latency -s bench/signal_intake.lua \
      "http://$addr/api/signals" > "$tmp/w4-c$c-r$r.txt" 2>&1
    sleep 1 # let the server close the run's connections (max_per_ip) before the next run
  done
done
rss=$(awk '/VmHWM/ {print $2, $3}' /proc/$(cat "$tmp/pid")/status)
kill "$(cat "$tmp/pid")"; wait "$(cat "$tmp/pid")" 2>/dev/null || true; rm -f "$tmp/pid"
python3 - "$tmp" "$RUNS" "$d4/regie.db" "$base" <<'PY'
import re, sqlite3, statistics, sys
tmp, runs, db, base = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
probe = open(f"{tmp}/w4-probe.txt").read()
answered_201 = int(re.search(r"(\d+) requests in", probe).group(1))  # the 1-connection probe, all 201
for c in (32, 64):
    rates, p99s, bad = [], [], 0
    for r in range(1, runs + 1):
        out = open(f"{tmp}/w4-c{c}-r{r}.txt").read()
        reqs = int(re.search(r"(\d+) requests in", out).group(1))
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        p99 = float(m.group(1)) * unit[m.group(2)]
        non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
        not201 = int((re.search(r"^not-201: (\d+)", out, re.M) or [0, 0])[1])
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        errs = sum(int(x) for x in sock.groups()) if sock else 0
        kinds = "/".join(sock.groups()) if sock else "0"
        bad += max(non2xx, not201) + errs
        answered_201 += reqs - not201
        rates.append(rate); p99s.append(p99)
        in_db = int(open(f"{tmp}/w4-c{c}-r{r}.n").read())
        print(f"  c{c:<3} run {r} (from {in_db:6d} signals): {rate:6.0f} signals/s  p99 {p99:7.1f} ms  "
              f"not-201 {not201}  non-2xx {non2xx}  socket errors {errs}"
              + (f" (connect/read/write/timeout {kinds})" if errs else ""))
    print(f"signal intake c{c:<3} {statistics.median(rates):8.0f} signals/s "
          f"(min {min(rates):.0f}, max {max(rates):.0f})   p99 {statistics.median(p99s):.1f} ms "
          f"(min {min(p99s):.1f}, max {max(p99s):.1f})   non-2xx/errors: {bad}")
stored = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT count(*) FROM signal").fetchone()[0] - base
# Requests in flight when a run's timer ends are answered and stored but not counted by wrk: at
# most one per connection per run (and one for the probe).
slack = runs * (32 + 64) + 1
ok = answered_201 <= stored <= answered_201 + slack
print(f"stored signals    {stored} new; 201 answers counted by wrk {answered_201} "
      f"(+ at most {slack} in flight): {'OK' if ok else 'MISMATCH'}")
PY
echo "server peak RSS   $rss"
$B/regie audit verify --data-dir "$d4" >/dev/null 2>&1 && echo "audit verify after the run: OK" || echo "audit verify after the run: FAILED"
fi

if want 5; then
echo "== 5. network analysis (${BENCH_PERSONS:-100000} persons; targets: k=2 < 10 ms, overlap < 200 ms)"
$B/bench/bench_network "${BENCH_PERSONS:-100000}" "$tmp/netdb" 2>/dev/null
rm -rf "$tmp/netdb"
fi
