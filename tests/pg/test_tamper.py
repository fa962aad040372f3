#!/usr/bin/env python3
"""test_tamper.py: the access log's tamper evidence on PostgreSQL (issue 13 with issue 4).

    test_tamper.py REGIE_BINARY

`regie init` and `regie demo` on a throw-away PostgreSQL 15 cluster (hundreds of access-log
records), then `regie audit checkpoint` (a signed checkpoint over all of them). The clean log verifies. Then, each on its own copy of the
database (CREATE DATABASE ... TEMPLATE), someone with the cluster's superuser rights switches the
append-only triggers off and changes the log: one byte of a record, a record deleted, two
records swapped, the tail cut off (head and checkpoints left), the tail cut off together with the
head rolled back to match. `regie audit verify` must fail on every copy, naming a position, and
still pass on the untouched database. Prints the figures (records, classes detected). Prints no
data: the demo's records are pseudonymous and not printed."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_two_nodes import CLUSTER, finish, init_demo, make_database, start_cluster, tap  # noqa: E402


def psql(conninfo, *sql):
    p = subprocess.run(["psql", conninfo, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"] +
                       [a for s in sql for a in ("-c", s)], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("psql failed: " + p.stderr[-300:])
    return p.stdout.strip()


def verify(binary, data, uri):
    p = subprocess.run([binary, "audit", "verify", "--data-dir", data, "--database", uri],
                       capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr)


CLASSES = [
    ("one byte of a record changed",
     "UPDATE audit_log SET rec = set_byte(rec, 20, get_byte(rec, 20) # 1) WHERE seq = {mid}"),
    ("a record deleted", "DELETE FROM audit_log WHERE seq = {mid}"),
    ("two records swapped",
     "UPDATE audit_log a SET rec = b.rec FROM audit_log b WHERE (a.seq = {mid} AND b.seq = "
     "{mid} + 1) OR (a.seq = {mid} + 1 AND b.seq = {mid})"),
    ("the tail cut off", "DELETE FROM audit_log WHERE seq > {last} - 10"),
    ("the tail cut off and the head rolled back to match",
     "DELETE FROM audit_log WHERE seq > {last} - 10; "
     "UPDATE audit_head SET size = size - 10"),
]


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="regie-tamper-")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    started = start_cluster(cdir, 50)
    if started is None:
        return 1
    admin, owner, app = started
    try:
        make_database(admin)
        data = os.path.join(tmp, "d")
        init_demo(binary, data, owner)
        # a signed checkpoint over the whole log: tamper evidence reaches up to the last one
        # (a tail written after it is protected by the witness, not tested here)
        subprocess.run([binary, "audit", "checkpoint", "--data-dir", data, "--database", owner],
                       check=True, capture_output=True)
        db = admin.replace("dbname=postgres", "dbname=regie")
        n = int(psql(db, "SELECT count(*) FROM audit_log"))
        cps = int(psql(db, "SELECT count(*) FROM audit_checkpoint"))
        last = int(psql(db, "SELECT max(seq) FROM audit_log"))
        first = int(psql(db, "SELECT min(seq) FROM audit_log"))
        mid = (first + last) // 2
        rc, out = verify(binary, data, app)
        tap(rc == 0 and n > 500 and cps >= 1,
            "the clean log verifies (%d records, %d signed checkpoints)" % (n, cps))
        detected = 0
        for i, (what, sql) in enumerate(CLASSES):
            copy = "tamper%d" % i
            psql(admin, "CREATE DATABASE %s TEMPLATE regie OWNER regie_owner" % copy)
            cdb = admin.replace("dbname=postgres", "dbname=" + copy)
            psql(cdb, "ALTER TABLE audit_log DISABLE TRIGGER USER",
                 "ALTER TABLE audit_head DISABLE TRIGGER USER", sql.format(mid=mid, last=last),
                 "ALTER TABLE audit_log ENABLE TRIGGER USER",
                 "ALTER TABLE audit_head ENABLE TRIGGER USER")
            rc, out = verify(binary, data, app.replace("/regie?", "/%s?" % copy))
            m = re.search(r"FAILED: (.*?) at position (\d+)", out)
            ok = rc != 0 and m is not None
            detected += ok
            tap(ok, "%s: verify fails (exit %d, %s)" % (what, rc,
                                                        "%s at %s" % m.groups() if m else "-"))
            psql(admin, "DROP DATABASE %s" % copy)
        rc, out = verify(binary, data, app)
        tap(rc == 0, "the untouched database still verifies")
        print("# figures: records=%d checkpoints=%d classes=%d detected=%d" %
              (n, cps, len(CLASSES), detected))
    finally:
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)
    return finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
