#!/usr/bin/env bash
# House rules that a grep can prove. Prints one PASS/FAIL line per rule; exit 1 if any failed.
cd "$(dirname "$0")/.."
rc=0
check() { # name, command that prints offending lines
  local name="$1"; shift
  local out; out=$("$@" 2>/dev/null)
  if [ -z "$out" ]; then echo "PASS $name"; else echo "FAIL $name"; echo "$out" | head -20; rc=1; fi
}
check "no SQL or database API outside src/store/" \
  bash -c "grep -rlE 'sqlite3\\.h|libpq-fe\\.h|sqlite3_[a-z_]+\\(|PQexec|PQprepare' src --include='*.c' --include='*.h' | grep -v '^src/store/'"
check "the repositories in src/store/ use the backend seam (store_int.h), not sqlite3_* (issue 13)" \
  bash -c "grep -nE 'sqlite3_[a-z0-9_]+|SQLITE_[A-Z_]+' src/store/*.c | grep -vE '^src/store/(sqlite|mapvfs|faults|backup|vault)\\.c:'"
check "SQL statements only in src/store/ (no SELECT/INSERT/UPDATE/DELETE literals elsewhere)" \
  bash -c "grep -rnE '\"[[:space:]]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)[[:space:]]' src --include='*.c' | grep -v '^src/store/'"
check "microhttpd.h only in src/http/server.c" \
  bash -c "grep -rl 'microhttpd\\.h' src | grep -v '^src/http/server\\.c$'"
check "no banned functions" \
  bash -c "grep -rnE '\\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets|atoi|atol|atof|system|popen)[[:space:]]*\\(' src --include='*.c' | grep -v 'snprintf\\|vsnprintf'"
check "app/ never sees HTTP" \
  bash -c "grep -rlE '#include \"http/' src/app src/policy src/audit src/store src/core"
check "store/ never decides access (no policy include)" \
  bash -c "grep -rl '#include \"policy/' src/store src/core"
check "every header has its include guard" \
  bash -c "for f in \$(find src -name '*.h'); do d=\$(basename \$(dirname \$f) | tr a-z A-Z); b=\$(basename \$f .h | tr a-z A-Z); grep -q \"REGIE_\${d}_\${b}_H\" \$f || echo \$f; done"
check "no printf of personal-data fields in src (name, bsn, password, token to a log)" \
  bash -c "grep -rnE 'log_(info|warn|error|debug)\\([^;]*(password|bsn|token|name_ct|display_name)' src --include='*.c'"
exit $rc
