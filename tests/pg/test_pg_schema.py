#!/usr/bin/env python3
"""test_pg_schema.py: Regie's PostgreSQL schema (src/store/pg/schema.sql + guard.sql) on a real,
throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh), against the SQLite schema of the same
build (issue 13).

Checks, each printed as one `ok`/`not ok` line (TAP), with a count at the end:
- both files apply without error, as the owner of a new database;
- every table of SQLite's schema exists in PostgreSQL with the same columns in the same order,
  each of the matching type (INTEGER -> bigint, TEXT -> text, BLOB -> bytea), the same NOT NULL
  and the same primary key; no table more;
- every index and every trigger of SQLite's schema exists under its name on the same table;
- schema.sql is what scripts/pg_schema.py makes of this build's schema today (so a new SQLite
  migration fails this test until the PostgreSQL form is regenerated);
- the application's role regie_app may append to the access log but not UPDATE, DELETE or
  TRUNCATE it; log rows go only through regie_audit_drop(), only below dropped_below, and
  dropped_below moves only to the end of a recorded segment deletion;
- the append-only and immutability triggers refuse (SQLSTATE 23000) even the owner.

Needs REGIE_BIN (meson sets it) and PostgreSQL 15 (scripts/deps.sh). Prints no data: the
databases are new, the only rows are this test's own made-up log rows.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.environ.get("REGIE_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
REGIE = os.environ.get("REGIE_BIN") or os.path.join(ROOT, "build", "regie")
CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")
TYPES = {"INTEGER": "bigint", "TEXT": "text", "BLOB": "bytea"}

results = []

# The tables of src/store/pg/rls_children.sql.
CASE_CHILDREN = ("case_measure", "case_plan", "case_task", "case_event", "case_assessment",
                 "comm_line", "family_support", "family_contact", "network_person",
                 "network_relation", "network_assessment", "informing_record", "reuse_basis")
SIGNAL_CHILDREN = ("signal_subject", "signal_info", "signal_feedback", "weighing", "ambtsbericht",
                   "signal_token")


def check(name, ok, why=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}" + ("" if ok else f": {why}"),
          flush=True)


def psql(conn, sql, user=None):
    """Runs sql; returns (returncode, stdout, SQLSTATE or '')."""
    c = conn if user is None else re.sub(r"user=\w+", f"user={user}", conn)
    p = subprocess.run(["psql", c, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                        "-v", "VERBOSITY=verbose", "-c", "\\set VERBOSITY verbose", "-c", sql],
                       capture_output=True, text=True)
    m = re.search(r"ERROR:\s+([0-9A-Z]{5}):", p.stderr)
    return p.returncode, p.stdout.strip(), (m.group(1) if m else "")


def sqlite_schema(tmp):
    subprocess.run([REGIE, "init", "--data-dir", os.path.join(tmp, "d")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(os.path.join(tmp, "d", "regie.db"))
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    cols = {t: [(r[1], r[2].upper(), bool(r[3]) or r[5] > 0, r[5])
                for r in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    idx = sorted(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
                            "AND sql IS NOT NULL").fetchall())
    trg = sorted(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = "
                            "'trigger'").fetchall())
    db.close()
    return tables, cols, idx, trg


def main():
    tmp = tempfile.mkdtemp(prefix="regie-pgtest-")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")  # its own: the server's user must reach it
    p = subprocess.run([CLUSTER, "start", cdir], capture_output=True, text=True)
    if p.returncode != 0:
        check("a throw-away PostgreSQL 15 cluster starts", False, p.stderr.strip()[-300:])
        return
    base = p.stdout.strip()
    try:
        run(base, tmp)
    finally:
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)
        subprocess.run(["rm", "-rf", tmp])


def run(base, tmp):
    rc, _, _ = psql(base, "CREATE DATABASE regie")
    conn = base.replace("dbname=postgres", "dbname=regie")
    for f in ("schema.sql", "guard.sql"):
        p = subprocess.run(["psql", conn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                            os.path.join(ROOT, "src", "store", "pg", f)],
                           capture_output=True, text=True)
        check(f"{f} applies", p.returncode == 0 and "ERROR" not in p.stderr,
              p.stderr.strip()[-300:])

    tables, cols, idx, trg = sqlite_schema(tmp)
    _, out, _ = psql(conn, "SELECT table_name FROM information_schema.tables WHERE "
                     "table_schema = 'public' ORDER BY 1")
    pg_tables = out.split("\n") if out else []
    check("the same tables as SQLite", pg_tables == tables,
          f"only in SQLite {sorted(set(tables) - set(pg_tables))}, only in PostgreSQL "
          f"{sorted(set(pg_tables) - set(tables))}")
    _, out, _ = psql(conn, "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, "
                     "coalesce((SELECT k.ordinal_position FROM information_schema.key_column_usage k "
                     "JOIN information_schema.table_constraints t ON t.constraint_name = "
                     "k.constraint_name AND t.table_name = k.table_name WHERE t.constraint_type = "
                     "'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = "
                     "c.column_name), 0) FROM information_schema.columns c WHERE c.table_schema = "
                     "'public' ORDER BY c.table_name, c.ordinal_position")
    pg_cols = {}
    for line in out.split("\n"):
        t, n, ty, nullable, pk = line.split("|")
        pg_cols.setdefault(t, []).append((n, ty, nullable == "NO", int(pk)))
    bad = []
    for t in tables:
        want = [(n, TYPES.get(ty, "?" + ty), nn, pk) for n, ty, nn, pk in cols[t]]
        if pg_cols.get(t) != want:
            bad.append(t)
    check(f"every column of the {len(tables)} tables: name, order, type, NOT NULL, primary key",
          not bad, f"differs in {bad[:5]}")
    for what, want, sql in (
            ("indexes", idx, "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = "
                             "'public'"),
            ("triggers", trg, "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON "
                              "c.oid = t.tgrelid WHERE NOT t.tgisinternal")):
        _, out, _ = psql(conn, sql)
        have = {tuple(line.split("|")) for line in out.split("\n")}
        missing = [x for x in want if tuple(x) not in have]
        check(f"the {len(want)} {what} of SQLite's schema, on the same tables", not missing,
              f"missing {missing[:5]}")
    gen = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "pg_schema.py"), REGIE],
                         capture_output=True, text=True)
    with open(os.path.join(ROOT, "src", "store", "pg", "schema.sql")) as f:
        committed = f.read()
    check("schema.sql is what scripts/pg_schema.py makes of this build's schema",
          gen.returncode == 0 and gen.stdout == committed,
          "regenerate: python3 scripts/pg_schema.py build/regie > src/store/pg/schema.sql")

    # ---- the access log: the application's role
    row = ("INSERT INTO audit_log(seq, ts, action, user_id, org_id, object_type, rec, salt, "
           "leaf_hash, chain_hash) VALUES ({0}, 1, 1, 1, 1, 'zaak', '\\x00', '\\x00', '\\x00', "
           "'\\x00')")
    rc, _, st = psql(conn, ";".join(row.format(i) for i in range(4)) + ";INSERT INTO "
                     "audit_head(id, size, state) VALUES (1, 4, '\\x00')", user="regie_app")
    check("regie_app appends to the access log", rc == 0, f"SQLSTATE {st}")
    for what, sql in (("UPDATE audit_log", "UPDATE audit_log SET ts = 2 WHERE seq = 0"),
                      ("DELETE FROM audit_log", "DELETE FROM audit_log WHERE seq = 0"),
                      ("TRUNCATE audit_log", "TRUNCATE audit_log"),
                      ("UPDATE audit_checkpoint", "UPDATE audit_checkpoint SET note = ''"),
                      ("DELETE FROM audit_segment_drop", "DELETE FROM audit_segment_drop")):
        rc, _, st = psql(conn, sql, user="regie_app")
        check(f"regie_app may not {what} (no privilege)", rc != 0 and st == "42501",
              f"rc {rc}, SQLSTATE {st or 'none'}")
    rc, out, st = psql(conn, "SELECT regie_audit_drop(0, 2)", user="regie_app")
    check("regie_audit_drop removes nothing above dropped_below", rc != 0 and st == "23000",
          f"rc {rc}, SQLSTATE {st or 'none'}")
    rc, _, st = psql(conn, "UPDATE audit_head SET dropped_below = 2 WHERE id = 1",
                     user="regie_app")
    check("dropped_below does not move without a recorded segment deletion",
          rc != 0 and st == "23000", f"rc {rc}, SQLSTATE {st or 'none'}")
    rc, _, st = psql(conn, "UPDATE audit_head SET size = 3 WHERE id = 1", user="regie_app")
    check("the log's size does not shrink", rc != 0 and st == "23000",
          f"rc {rc}, SQLSTATE {st or 'none'}")
    rc, out, st = psql(conn, "INSERT INTO audit_segment_drop(start_seq, end_seq, created_at, "
                       "note) VALUES (0, 2, 1, 'x'); UPDATE audit_head SET dropped_below = 2 "
                       "WHERE id = 1; SELECT regie_audit_drop(0, 2)", user="regie_app")
    check("after a recorded deletion of [0, 2) regie_audit_drop removes those 2 rows",
          rc == 0 and out == "2", f"rc {rc}, SQLSTATE {st or 'none'}, out {out!r}")
    rc, out, st = psql(conn, "SELECT regie_audit_drop(0, 4)", user="regie_app")
    check("and nothing past dropped_below", rc != 0 and st == "23000",
          f"rc {rc}, SQLSTATE {st or 'none'}")
    _, out, _ = psql(conn, "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM audit_log")
    check("the log holds 2, 3 after that", out == "2,3", f"holds {out!r}")

    # ---- an upgrade from the first released PostgreSQL schema (25) equals a new database
    upgrade(base, tmp)

    # ---- the triggers hold for the owner too
    for what, sql in (("UPDATE of a log row", "UPDATE audit_log SET ts = 9 WHERE seq = 2"),
                      ("DELETE of a log row above dropped_below",
                       "DELETE FROM audit_log WHERE seq = 3"),
                      ("TRUNCATE of the log", "TRUNCATE audit_log"),
                      ("DELETE of the head", "DELETE FROM audit_head")):
        rc, _, st = psql(conn, sql)
        check(f"the owner's {what} is refused", rc != 0 and st == "23000",
              f"rc {rc}, SQLSTATE {st or 'none'}")


def catalog(conn):
    """Tables with their columns, indexes, and regie_app's table privileges of a database."""
    out = []
    for sql in ("SELECT table_name, column_name, data_type, is_nullable, column_default FROM "
                "information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "'public' ORDER BY 1, 2",
                "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                "WHERE grantee = 'regie_app' ORDER BY 1, 2",
                "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
                "SELECT tablename, policyname, cmd, roles::text, qual FROM pg_policies "
                "WHERE schemaname = 'public' ORDER BY 1, 2",
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relrowsecurity ORDER BY 1",
                "SELECT proname, pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = "
                "'public'::regnamespace ORDER BY 1"):
        _, o, _ = psql(conn, sql)
        out.append(o)
    return out


def upgrade(base, tmp):
    """`regie init` lays the baseline; the objects of the migrations after 25 are dropped and
    their versions removed, as a database of session 11 has it; `regie migrate` must bring it
    back to exactly the new schema, with regie_app's grants."""
    psql(base, "CREATE DATABASE regie_up")
    up = base.replace("dbname=postgres", "dbname=regie_up")
    host = base.split("host=", 1)[1].split()[0]
    port = base.split("port=", 1)[1].split()[0]
    uri = "postgresql://postgres@/regie_up?host=%s&port=%s" % (host, port)
    data = os.path.join(tmp, "up")
    p = subprocess.run([REGIE, "init", "--data-dir", data, "--database", uri],
                       capture_output=True, text=True)
    check("regie init lays the baseline on a new database", p.returncode == 0, p.stderr[-300:])
    want = catalog(up)
    # the policies of rls_children.sql (version 33) first: they call regie_scope()
    children = "".join(
        f"DROP POLICY {pol} ON {t}; ALTER TABLE {t} DISABLE ROW LEVEL SECURITY; "
        for pol, ts in (("with_its_case", CASE_CHILDREN), ("with_its_signal", SIGNAL_CHILDREN))
        for t in ts)
    rc, _, st = psql(up, children + "DROP TABLE peer_meta, peer_count, peer_nonce, peer_tag; "
                     "DROP INDEX pga_case_open; "
                     "DROP POLICY municipality_apart ON signal; "
                     "DROP POLICY municipality_apart ON pga_case; "
                     "ALTER TABLE signal DISABLE ROW LEVEL SECURITY; "
                     "ALTER TABLE pga_case DISABLE ROW LEVEL SECURITY; "
                     "DROP FUNCTION regie_let_into_case(bigint, bigint), "
                     "regie_let_into_signal(bigint, bigint, bigint), "
                     "regie_let_into_municipality(bigint, bigint), regie_scope_org(), "
                     "regie_scope_user(), regie_scope(); "
                     "DELETE FROM schema_version WHERE version > 25")
    check("the database is set back to version 25", rc == 0, f"SQLSTATE {st}")
    p = subprocess.run([REGIE, "migrate", "--data-dir", data, "--database", uri],
                       capture_output=True, text=True)
    _, version, _ = psql(up, "SELECT max(version) FROM schema_version")
    check("regie migrate upgrades it from 25", p.returncode == 0 and version.isdigit() and
          int(version) > 25, p.stderr[-300:])
    have = catalog(up)
    names = ("columns", "indexes", "regie_app's grants", "constraints", "row policies",
             "tables with row-level security", "functions")
    diff = [names[i] for i in range(len(want)) if want[i] != have[i]]
    check("the upgraded database equals a new one (columns, indexes, grants, constraints, "
          "row-level security)",
          not diff, f"differs in {diff}")
    rc, _, st = psql(up, "INSERT INTO peer_count(day, who, n) VALUES (1, 'peer:x', 1); "
                     "DELETE FROM peer_count", user="regie_app")
    check("regie_app writes the upgraded tables", rc == 0, f"SQLSTATE {st}")
    p = subprocess.run([REGIE, "migrate", "--data-dir", data, "--database", uri],
                       capture_output=True, text=True)
    check("a second migrate changes nothing", p.returncode == 0 and catalog(up) == want,
          p.stderr[-300:])


if __name__ == "__main__":
    main()
    failed = results.count(False)
    print(f"1..{len(results)}")
    print(f"# {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not results else 0)
