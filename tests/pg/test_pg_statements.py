#!/usr/bin/env python3
"""test_pg_statements.py: does every SQL statement of the repositories prepare on PostgreSQL?
An executable form of docs/postgres-port.md (issue 13).

Takes every `static const char SQL_*[]` literal of the repository files in src/store/ (through
the C preprocessor, so the macros the statements are built from are expanded exactly as the
compiler sees them; also the `static const char *const NAME[]` arrays), rewrites `?N` into `$N`
as store/pg.c does, and runs `PREPARE` of each on a throw-away PostgreSQL 15 cluster with the
schema (REGIE_PG, from tests/pg/with_cluster.py). Parameters are left untyped, as `PREPARE`
without types does: at run time store/pg.c declares each parameter's type from what is bound,
so the SQLSTATE 42P18 ("could not determine the data type") failures here are expected to
disappear there; the others are real work of the port.

The failures of today are listed in tests/pg/known_statements.txt (constant, SQLSTATE, and a
reason). The test fails when a statement fails that is not on the list, or fails with another
SQLSTATE, or when a listed one now prepares (take it off the list): the list stays true, and
shrinks as the port goes on. Not covered: the statement table KINDS in case.c (its fields are
not plain literals), PRAGMA statements (backend-specific by design, item 27), and the SQLite
backend's own files (sqlite.c, mapvfs.c, faults.c, backup.c, vault.c)."""
import os
import re
import subprocess
import sys

ROOT = os.environ.get("REGIE_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.path.dirname(os.environ.get("REGIE_BIN") or os.path.join(ROOT, "build", "regie"))
SKIP = {"sqlite.c", "mapvfs.c", "faults.c", "backup.c", "vault.c", "pg.c"}
LIT = r'"(?:[^"\\]|\\.)*"'


def c_string(tokens):
    """Concatenates C string literal tokens into bytes -> str (UTF-8)."""
    out = bytearray()
    for tok in re.findall(LIT, tokens):
        body = tok[1:-1]
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\":
                nxt = body[i + 1]
                if nxt == "x":
                    m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
                    out.append(int(m.group(0), 16) & 0xFF)
                    i += 2 + len(m.group(0))
                    continue
                out += {"n": b"\n", "t": b"\t", "\\": b"\\", '"': b'"', "'": b"'"}[nxt]
                i += 2
                continue
            out += ch.encode()
            i += 1
    return out.decode("utf-8")


def statements():
    found = {}
    for f in sorted(os.listdir(os.path.join(ROOT, "src", "store"))):
        if not f.endswith(".c") or f in SKIP:
            continue
        p = subprocess.run(["cc", "-E", "-P", "-D_GNU_SOURCE", "-I", os.path.join(ROOT, "src"),
                            "-I", BUILD, os.path.join(ROOT, "src", "store", f)],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"cc -E {f}: {p.stderr[-500:]}")
        t = p.stdout
        for name, toks in re.findall(r"static const char (SQL_\w+)\[\]\s*=\s*((?:" + LIT +
                                     r"\s*)+);", t):
            found[name] = (f, c_string(toks))
        for name, body in re.findall(r"static const char \*const (SQL_\w+)\[\]\s*=\s*\{(.*?)\};",
                                     t, re.S):
            items = re.findall(r"((?:" + LIT + r"\s*)+)", body)
            for k, toks in enumerate(items):
                found[f"{name}[{k}]"] = (f, c_string(toks))
    return found


def to_dollar(sql):
    out, quote, i = [], None, 0
    while i < len(sql):
        ch = sql[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            m = re.match(r"\d+", sql[i + 1:])
            out.append("$" + m.group(0))
            i += 1 + len(m.group(0))
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def main():
    conn = os.environ.get("REGIE_PG")
    if not conn:
        raise SystemExit("REGIE_PG: run through tests/pg/with_cluster.py")
    known = {}
    with open(os.path.join(ROOT, "tests", "pg", "known_statements.txt")) as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                name, state = line.split()[:2]
                known[name] = state
    found = statements()
    fails, n = {}, 0
    for name, (f, sql) in sorted(found.items()):
        if sql.lstrip().upper().startswith("PRAGMA"):
            continue
        n += 1
        p = subprocess.run(["psql", conn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                            "\\set VERBOSITY verbose", "-c",
                            f"PREPARE s AS {to_dollar(sql)}"], capture_output=True, text=True)
        if p.returncode != 0:
            m = re.search(r"ERROR:\s+([0-9A-Z]{5}):", p.stderr)
            fails[name] = m.group(1) if m else "?????"
    bad = []
    for name, state in sorted(fails.items()):
        if known.get(name) != state:
            bad.append(f"{name} fails with {state}" + (f" (listed: {known[name]})"
                                                          if name in known else " (not listed)"))
    for name in sorted(set(known) - set(fails)):
        bad.append(f"{name} is listed but " + ("prepares now: take it off the list"
                                                 if name in found else "no longer exists"))
    by = {}
    for st in fails.values():
        by[st] = by.get(st, 0) + 1
    print(f"# {n} statements; {n - len(fails)} prepare on PostgreSQL as they are; "
          f"{len(fails)} do not: " + ", ".join(f"{k} x{v}" for k, v in sorted(by.items())))
    for b in bad:
        print("not ok - " + b)
    print("ok - every failure is known" if not bad else f"# {len(bad)} differences")
    return 1 if bad or n < 250 else 0  # fewer: the extraction broke


if __name__ == "__main__":
    sys.exit(main())
