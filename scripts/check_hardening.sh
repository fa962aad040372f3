#!/usr/bin/env bash
# check_hardening.sh [BINARY...]: the five checks of Debian's hardening-check, done with readelf
# (devscripts, which ships hardening-check, pulls in ~47 packages and a perl upgrade, so it is not
# a dependency). Prints one PASS/FAIL line per check and binary, like check_layers.sh, so
# scripts/test.sh counts them; exit 1 if any failed. Default binary: build/regie.
#   PIE          ELF type DYN with DF_1_PIE (position-independent executable)
#   RELRO        a GNU_RELRO segment and BIND_NOW (full RELRO: the GOT is read-only after start)
#   canary       imports __stack_chk_fail (-fstack-protector-strong)
#   NX           the GNU_STACK segment is not executable
#   FORTIFY      imports at least one fortified __*_chk function (-D_FORTIFY_SOURCE)
cd "$(dirname "$0")/.."
rc=0
[ $# -eq 0 ] && set -- build/regie
if ! command -v readelf >/dev/null 2>&1; then
  echo "FAIL hardening: readelf (binutils) not found"
  exit 1
fi
result() { # ok?, name
  if [ "$1" = 1 ]; then echo "PASS $2"; else echo "FAIL $2"; rc=1; fi
}
for bin in "$@"; do
  if [ ! -f "$bin" ]; then
    echo "FAIL hardening of $bin: no such file"
    rc=1
    continue
  fi
  hdr=$(readelf -hW "$bin" 2>/dev/null)
  phdr=$(readelf -lW "$bin" 2>/dev/null)
  dyn=$(readelf -dW "$bin" 2>/dev/null)
  syms=$(readelf --dyn-syms -W "$bin" 2>/dev/null)
  pie=0; relro=0; canary=0; nx=0; fortify=0
  if grep -qE 'Type:[[:space:]]+DYN' <<<"$hdr" && grep -qE 'FLAGS_1.*\bPIE\b' <<<"$dyn"; then pie=1; fi
  if grep -q 'GNU_RELRO' <<<"$phdr" && grep -qE '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*\bNOW\b|\(BIND_NOW\)' <<<"$dyn"; then
    relro=1
  fi
  if grep -qE '\b__stack_chk_fail\b' <<<"$syms"; then canary=1; fi
  # GNU_STACK line: "GNU_STACK 0x.. 0x.. 0x.. 0x.. 0x.. RW  0x10" — no E in the flags.
  if awk '$1 == "GNU_STACK" { found = 1; if ($7 ~ /E/) bad = 1 } END { exit !(found && !bad) }' <<<"$phdr"; then
    nx=1
  fi
  if grep -oE '\b__[a-z0-9_]+_chk\b' <<<"$syms" | grep -vqx '__stack_chk_fail'; then fortify=1; fi
  result $pie "hardening: $bin is a position-independent executable (PIE)"
  result $relro "hardening: $bin has full RELRO (GNU_RELRO + BIND_NOW)"
  result $canary "hardening: $bin has stack protector canaries"
  result $nx "hardening: $bin has a non-executable stack (NX)"
  result $fortify "hardening: $bin uses fortified libc functions (_FORTIFY_SOURCE)"
done
exit $rc
