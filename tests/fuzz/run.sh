#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, fuzzer instrumentation) and runs each for SECS
# seconds on its corpus (plus a replay of the corpus). Prints "FUZZ PASS <target>" or
# "FUZZ FAIL <target>" per target. New inputs go to a scratch dir, not into the repo.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CFLAGS=-fsanitize=fuzzer-no-link meson setup build-fuzz --buildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=true >/dev/null || { echo "FUZZ FAIL setup"; exit 1; }
fi
targets="fuzz_json fuzz_router fuzz_audit fuzz_document fuzz_tokens fuzz_config fuzz_input fuzz_http"
ninja -C build-fuzz $(printf 'tests/fuzz/%s ' $targets) >/dev/null || { echo "FUZZ FAIL build"; exit 1; }
rc=0
for t in $targets; do
  scratch=$(mktemp -d /tmp/regie-fuzz-XXXXXX)
  corpus=tests/fuzz/corpus/${t#fuzz_}
  # Past crashes stay in the repo (tests/fuzz/crashes/<target>/) and are replayed on every run.
  crashes=tests/fuzz/crashes/${t#fuzz_}
  [ -d "$crashes" ] || crashes=
  # fuzz_http waits for a real server's answer (up to 3 s for an input it never completes)
  limit=2; [ "$t" = fuzz_http ] && limit=10
  if ASAN_OPTIONS=detect_leaks=1 build-fuzz/tests/fuzz/$t -max_total_time="$secs" -timeout=$limit -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=1 "$scratch" "$corpus" $crashes > "$scratch.log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$scratch.log" | grep -oE '[0-9]+$')
    echo "FUZZ PASS $t ${secs}s runs=${runs:-?}"
  else
    echo "FUZZ FAIL $t"; grep -E 'ERROR|SUMMARY' "$scratch.log" | head -5; rc=1
  fi
  rm -rf "$scratch" "$scratch.log"
done
exit $rc
