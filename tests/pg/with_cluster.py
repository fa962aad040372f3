#!/usr/bin/env python3
"""with_cluster.py: runs a test program against a throw-away PostgreSQL 15 cluster with Regie's
schema (issue 13).

    with_cluster.py PROGRAM [ARGS...]

Starts a cluster (scripts/pg-cluster.sh), creates the database `regie`, applies
src/store/pg/schema.sql, guard.sql and vault.sql as the owner, runs PROGRAM with REGIE_PG set to a libpq
connection string for the application's role (regie_app), stops and removes the cluster, and
exits with PROGRAM's status."""
import os
import subprocess
import sys
import tempfile

ROOT = os.environ.get("REGIE_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: with_cluster.py PROGRAM [ARGS...]")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    p = subprocess.run([CLUSTER, "start", cdir], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write("with_cluster: the cluster did not start:\n" + p.stderr[-2000:])
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)
        return 1
    base = p.stdout.strip()
    try:
        subprocess.run(["psql", base, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                        "CREATE DATABASE regie"], check=True, capture_output=True)
        conn = base.replace("dbname=postgres", "dbname=regie")
        for f in ("schema.sql", "guard.sql", "vault.sql"):
            subprocess.run(["psql", conn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                            os.path.join(ROOT, "src", "store", "pg", f)], check=True,
                           capture_output=True)
        env = dict(os.environ, REGIE_PG=conn.replace("user=postgres", "user=regie_app"))
        return subprocess.run(sys.argv[1:], env=env).returncode
    finally:
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
