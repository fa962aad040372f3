#!/usr/bin/env python3
"""suite.py: the unit and API tests of a test-hooks build (-Dtest_hooks=true) on PostgreSQL
(issue 13).

    suite.py BUILD_DIR [meson test arguments...]

Starts a throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh) with the roles regie_owner and
regie_app and runs `meson test -C BUILD_DIR --no-rebuild ARGS` with REGIE_TEST_PG_HOST /
REGIE_TEST_PG_PORT set: every store the tests open on a file path then opens an empty database
of its own, owned by regie_owner, which store_migrate fills with the baseline schema
(store__test_redirect in src/store/pgstore.c). The servers the API tests start connect as
regie_app, the application's role (tests/api/harness.c sets REGIE_TEST_PG_ROLE), so its grants
and the row-level security of src/store/pg/rls.sql bind them as in a deployment; `regie init`,
`regie demo`, the other commands and the tests' own look under the store connect as the
schema's owner. A reaper drops each such database once
the directory of its path is gone (the test has ended), so the cluster stays small. Stops and
removes the cluster at the end and exits with meson's status."""
import os
import re
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")


def psql(conn, *args):
    return subprocess.run(["psql", conn, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *args],
                          check=True, capture_output=True, text=True).stdout


def reaper(admin, stop, dropped):
    while not stop.wait(3.0):
        try:
            rows = psql(admin, "-c", "SELECT name, path FROM regie_test_map")
        except subprocess.CalledProcessError:
            continue
        for line in rows.splitlines():
            if "|" not in line:
                continue
            name, path = line.split("|", 1)
            if not re.fullmatch(r"t[0-9a-f]{20}", name) or os.path.exists(os.path.dirname(path)):
                continue
            try:
                psql(admin, "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name,
                     "-c", "DELETE FROM regie_test_map WHERE name = '%s'" % name)
                dropped[0] += 1
            except subprocess.CalledProcessError:
                pass


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: suite.py BUILD_DIR [meson test arguments...]")
    build = sys.argv[1]
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    env = dict(os.environ, PG_MAX_CONNECTIONS="400")
    p = subprocess.run([CLUSTER, "start", cdir], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.stderr.write("suite: the cluster did not start:\n" + p.stderr[-2000:])
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)
        return 1
    admin = p.stdout.strip()
    m = re.search(r"host=(\S+) port=(\d+)", admin)
    stop = threading.Event()
    dropped = [0]
    t = None
    try:
        psql(admin, "-c", "CREATE ROLE regie_owner LOGIN", "-c", "CREATE ROLE regie_app LOGIN",
             # api_faults ends the server's connections (regie_app's) from the test's (the
             # owner's): pg_terminate_backend needs this
             "-c", "GRANT pg_signal_backend TO regie_owner")
        psql(admin, "-c", "CREATE TABLE regie_test_map (name text PRIMARY KEY, path text)")
        t = threading.Thread(target=reaper, args=(admin, stop, dropped), daemon=True)
        t.start()
        run_env = dict(os.environ, REGIE_TEST_PG_HOST=m.group(1), REGIE_TEST_PG_PORT=m.group(2))
        rc = subprocess.run(["meson", "test", "-C", build, "--no-rebuild", *sys.argv[2:]],
                            env=run_env).returncode
        print("pg suite: databases made and dropped during the run: %d dropped" % dropped[0])
        return rc
    finally:
        stop.set()
        if t is not None:
            t.join(timeout=10)
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
