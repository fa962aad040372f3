#!/usr/bin/env bash
# analyze.sh [--layers] [cppcheck] [clang-tidy] [fanalyzer]: static analysis of src/ (issue 12
# item 5; docs/operations.md "Static analysis"). Default: all three tools.
#   cppcheck    cppcheck 2.10 over src/*.c with the compile database of a clang build
#               (warning, portability, performance, style; scripts/analyze/cppcheck.supp and
#               inline `cppcheck-suppress id ; reason` comments; scripts/analyze/regie.cfg)
#   clang-tidy  clang-tidy 14 with the repository's .clang-tidy (bugprone-*, cert-*,
#               clang-analyzer-*; warnings are errors; `NOLINT(check): reason` on a line)
#   fanalyzer   a gcc build of `regie` with -fanalyzer and -Werror: every analyzer warning fails
#               its object (so a rebuild reports it again); incremental, like any ninja build
# Prints each finding, then one line per tool, `analyze: TOOL N findings (M suppressed)`, where M
# counts the suppressions in force (inline comments in src/ and lines of cppcheck.supp); with
# --layers the line is `PASS static analysis: TOOL ...` / `FAIL ...` as in check_layers.sh, so
# scripts/test.sh counts it. Exit 1 if any tool has a finding or could not run.
# Build directories (set up on first use): ANALYZE_CLANG_DIR (default build-analyze-clang: compile
# database for cppcheck and clang-tidy, test hooks on so src/store/faults.c is analysed too) and
# ANALYZE_GCC_DIR (default build-analyze-gcc: the -fanalyzer build). ANALYZE_JOBS: parallel jobs (2).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${ANALYZE_JOBS:-2}
clang_dir=${ANALYZE_CLANG_DIR:-build-analyze-clang}
gcc_dir=${ANALYZE_GCC_DIR:-build-analyze-gcc}
layers=0
tools=()
for a in "$@"; do
  case "$a" in
    --layers) layers=1 ;;
    cppcheck|clang-tidy|fanalyzer) tools+=("$a") ;;
    *) echo "usage: $0 [--layers] [cppcheck] [clang-tidy] [fanalyzer]" >&2; exit 2 ;;
  esac
done
[ ${#tools[@]} -eq 0 ] && tools=(cppcheck clang-tidy fanalyzer)
rc=0
tmp=$(mktemp -d /tmp/regie-analyze-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# result TOOL FINDINGS SUPPRESSED FILE-WITH-FINDINGS [NOTE]
result() {
  local tool="$1" n="$2" sup="$3" file="$4" note="${5:-}"
  local line="$tool $n findings ($sup suppressed)${note:+; $note}"
  if [ "$layers" = 1 ]; then
    if [ "$n" = 0 ] && [ -z "$note" ]; then echo "PASS static analysis: $line"; else echo "FAIL static analysis: $line"; fi
    [ -s "$file" ] && head -20 "$file"
  else
    [ -s "$file" ] && cat "$file"
    echo "analyze: $line"
  fi
  if [ "$n" != 0 ] || [ -n "$note" ]; then rc=1; fi
}

# Paths as the compilers print them (build-x/../src/a.c, /abs/src/a.c) -> src/a.c
norm() { sed -E "s#^$root/##; s#^([^/:]*/)?\.\./##"; }

clang_db() {
  if [ ! -f "$clang_dir/build.ninja" ]; then
    CC=clang meson setup "$clang_dir" --buildtype=debug -Dtest_hooks=true >"$tmp/setup-clang.log" 2>&1 ||
      { cat "$tmp/setup-clang.log"; return 1; }
  fi
  [ -f "$clang_dir/compile_commands.json" ] || return 1
  # src/ only (tests and benches use Criterion's macros and are not product code), each file
  # once, generated files (embedded data) left out.
  python3 - "$clang_dir/compile_commands.json" "$tmp/src.json" <<'EOF'
import json, sys
seen, out = set(), []
for x in json.load(open(sys.argv[1])):
    f = x["file"]
    if f.startswith("../src/") and f.endswith(".c") and f not in seen:
        seen.add(f)
        out.append(x)
json.dump(out, open(sys.argv[2], "w"))
EOF
}

run_cppcheck() {
  local sup_inline sup_file
  sup_inline=$(grep -rc 'cppcheck-suppress' src --include='*.[ch]' | awk -F: '{s += $2} END {print s + 0}')
  sup_file=$(grep -cvE '^[[:space:]]*(#|$)' scripts/analyze/cppcheck.supp)
  if ! command -v cppcheck >/dev/null; then result cppcheck 0 0 /dev/null "cppcheck not installed"; return; fi
  # The compile database names files relative to the build directory: run from there.
  (cd "$clang_dir" && cppcheck --project="$tmp/src.json" -j "$jobs" --quiet --inline-suppr \
      --enable=warning,portability,performance,style --error-exitcode=1 \
      --library=posix --library=gnu --library=sqlite3 --library="$root/scripts/analyze/regie.cfg" \
      --suppressions-list="$root/scripts/analyze/cppcheck.supp" \
      --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
      >/dev/null 2>"$tmp/cppcheck.raw")
  local st=$?
  grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$tmp/cppcheck.raw" | norm | sort -u >"$tmp/cppcheck.txt"
  local n; n=$(wc -l <"$tmp/cppcheck.txt")
  local note=""
  if [ "$st" != 0 ] && [ "$n" = 0 ]; then note="cppcheck exited $st"; cat "$tmp/cppcheck.raw" >"$tmp/cppcheck.txt"; fi
  result cppcheck "$n" $((sup_inline + sup_file)) "$tmp/cppcheck.txt" "$note"
}

run_clang_tidy() {
  local tidy sup
  tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
  sup=$(grep -rcE 'NOLINT(NEXTLINE|BEGIN)?\(' src --include='*.[ch]' | awk -F: '{s += $2} END {print s + 0}')
  if [ -z "$tidy" ]; then result clang-tidy 0 0 /dev/null "clang-tidy not installed"; return; fi
  python3 -c 'import json,sys; [print(x["file"]) for x in json.load(open(sys.argv[1]))]' "$tmp/src.json" |
    sed "s#^\.\./#$root/#" >"$tmp/tidy-files"
  # .clang-tidy is found from each file's directory upwards; -p gives the compile flags.
  xargs -P "$jobs" -n 1 "$tidy" -p "$clang_dir" --quiet <"$tmp/tidy-files" >"$tmp/tidy.raw" 2>"$tmp/tidy.err"
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$tmp/tidy.raw" | norm | sort -u >"$tmp/tidy.txt"
  grep -E '^Error while processing' "$tmp/tidy.err" >>"$tmp/tidy.txt"
  result clang-tidy "$(wc -l <"$tmp/tidy.txt")" "$sup" "$tmp/tidy.txt"
}

run_fanalyzer() {
  local sup
  sup=$(grep -rcE 'GCC diagnostic ignored "-Wanalyzer' src --include='*.[ch]' | awk -F: '{s += $2} END {print s + 0}')
  if [ ! -f "$gcc_dir/build.ninja" ]; then
    CC=gcc meson setup "$gcc_dir" --buildtype=debug -Dc_args=-fanalyzer >"$tmp/setup-gcc.log" 2>&1 ||
      { result fanalyzer 0 "$sup" "$tmp/setup-gcc.log" "meson setup failed"; return; }
  fi
  # -k 0: go on after a failed object, so that every file's findings are reported in one run.
  ninja -C "$gcc_dir" -k 0 -j "$jobs" regie >"$tmp/fanalyzer.raw" 2>&1
  local st=$?
  # The analyzer's warnings are errors here ([-Werror=analyzer-...]); count any other error too.
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$tmp/fanalyzer.raw" | norm | sort -u >"$tmp/fanalyzer.txt"
  local n; n=$(wc -l <"$tmp/fanalyzer.txt")
  local note=""
  if [ "$st" != 0 ] && [ "$n" = 0 ]; then note="ninja exited $st"; tail -20 "$tmp/fanalyzer.raw" >"$tmp/fanalyzer.txt"; fi
  result fanalyzer "$n" "$sup" "$tmp/fanalyzer.txt" "$note"
}

for t in "${tools[@]}"; do
  case "$t" in
    cppcheck|clang-tidy)
      if [ ! -f "$tmp/src.json" ] && ! clang_db; then
        result "$t" 0 0 "$tmp/setup-clang.log" "no compile database in $clang_dir"
        continue
      fi
      if [ "$t" = cppcheck ]; then run_cppcheck; else run_clang_tidy; fi ;;
    fanalyzer) run_fanalyzer ;;
  esac
done
exit $rc
