#!/usr/bin/env bash
# The whole suite: builds (hardened gcc build and ASan+UBSan clang build), runs unit and API tests
# in both, the API tests again on PostgreSQL (build-pg), the layer checks, the fuzz smoke runs and
# the browser tests, then prints one line
# "N passed, N failed" that covers every suite. Exit status is non-zero if anything failed.
# REGIE_LONG=1 (make check-long) runs longer fuzzing.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$(mktemp -d /tmp/regie-results-XXXXXX)
fail_any=0
note() { printf '\n=== %s\n' "$*"; }

note "build (gcc, hardened)"
ninja -C build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
note "build (clang, ASan+UBSan)"
ninja -C build-asan || { echo "sanitizer build failed"; echo "0 passed, 1 failed"; exit 1; }

note "unit + API tests (gcc build)"
meson test -C build --print-errorlogs --num-processes 2 || fail_any=1
cp build/meson-logs/testlog.json "$results/gcc.json" 2>/dev/null || true
# the crash-consistency figures (tests/crash, counted above as the meson test "crash")
grep -h '^crash: ' build/meson-logs/testlog.txt 2>/dev/null || true

note "unit + API tests (ASan+UBSan build)"
asan_dir=$(mktemp -d /tmp/regie-asan-XXXXXX)
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:log_path=$asan_dir/asan" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$asan_dir/ubsan" \
  meson test -C build-asan --print-errorlogs --num-processes 2 || fail_any=1
cp build-asan/meson-logs/testlog.json "$results/asan.json" 2>/dev/null || true
reports=$(cat "$asan_dir"/* 2>/dev/null | grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' || true)
# the power-loss figures (tests/crash, run only here: it needs the test hooks of this build)
grep -h '^power loss: ' build-asan/meson-logs/testlog.txt 2>/dev/null || true
echo "sanitizer reports: $reports"
if [ "$reports" != "0" ]; then
  cat "$asan_dir"/* | head -80
fi
echo "sanitizer_reports $reports" > "$results/sanitizer.txt"
rm -rf "$asan_dir"

note "API tests on PostgreSQL 15 (test-hooks build; tests/pg/suite.py, tests/pg/suite_tests.txt)"
ninja -C build-pg >/dev/null || { echo "build-pg failed"; fail_any=1; }
mapfile -t pg_tests < <(grep -v '^#' tests/pg/suite_tests.txt | grep -v '^$')
python3 tests/pg/suite.py build-pg --print-errorlogs --num-processes 2 "${pg_tests[@]}" || fail_any=1
cp build-pg/meson-logs/testlog.json "$results/pg.json" 2>/dev/null || true

note "layer checks"
bash scripts/check_layers.sh > "$results/layers.txt" 2>&1 || true
# binary hardening (PIE, full RELRO, canary, NX, FORTIFY) of the gcc build; counted with the layers
bash scripts/check_hardening.sh build/regie >> "$results/layers.txt" 2>&1 || true
# static analysis (scripts/analyze.sh, one PASS/FAIL line per tool): cppcheck always (~25 s CPU);
# clang-tidy and gcc -fanalyzer (minutes of CPU) only in check-long, to keep make test < 25 min
analyzers=(cppcheck); [ "${REGIE_LONG:-0}" = "1" ] && analyzers+=(clang-tidy fanalyzer)
bash scripts/analyze.sh --layers "${analyzers[@]}" >> "$results/layers.txt" 2>&1 || true
cat "$results/layers.txt"

note "fuzz smoke"
if [ -f tests/fuzz/run.sh ]; then
  secs=10; [ "${REGIE_LONG:-0}" = "1" ] && secs=1800  # check-long: 30 minutes per target
  bash tests/fuzz/run.sh "$secs" > "$results/fuzz.txt" 2>&1 || true
  tail -20 "$results/fuzz.txt"
fi

note "web: unit and browser tests"
if [ -f web/package.json ]; then
  (cd web && node --test test/unit/ 2>&1) | tee "$results/web-unit.txt" | tail -15
  # two journey files at a time (each has its own server, data dir and browser): the journeys
  # mostly wait (on the browser, on session timeouts), so this takes ~7 instead of ~11 minutes
  (cd web && REGIE_BIN="$root/build/regie" node --test --test-concurrency=2 test/e2e/ 2>&1) | tee "$results/web-e2e.txt" | tail -25
  # the tail above shows only the totals: name every failed test (unit and journeys) as well
  grep -h -E '^ *not ok ' "$results/web-unit.txt" "$results/web-e2e.txt" | sed 's/^ */failed: /' || true
fi

note "hostile clients: slow clients (slowhttptest), SQL injection scan (sqlmap)"
if [ -d tests/hostile ]; then
  REGIE_BIN="$root/build/regie" node --test --test-concurrency=1 tests/hostile/ 2>&1 | tee "$results/hostile.txt" \
    | grep -E '^# (slow|sqlmap)|^not ok|^# (pass|fail)'
fi

python3 scripts/summarize.py "$results"
rc=$?
rm -rf "$results"
[ $fail_any -ne 0 ] && [ $rc -eq 0 ] && rc=1
exit $rc
