#!/usr/bin/env python3
"""test_backup.py: the backup of a PostgreSQL deployment and its verification (issue 13,
item 6; docs/deployment.md "Backups on PostgreSQL").

    test_backup.py REGIE_BINARY

One `regie serve` node on a throw-away cluster takes writes from four clients; while they
write, `pg_basebackup` (plain format, WAL streamed, SHA-256 manifest) copies the cluster.
Checks, as TAP:
- `pg_verifybackup` accepts the backup, and refuses a copy of it with one byte of one data file
  changed and a copy with a file missing (the verification can fail);
- a cluster started from the backup (another port) recovers; `regie audit verify` passes on it;
- every write acknowledged before the backup started is in it, and nothing is in it that was
  never written (no id outside the written ones);
- a node started on the restored database with the same data directory (regie.key) reads a
  signal written before the backup (its data key came along in the vault tables);
- `regie backup` on PostgreSQL refuses, naming pg_basebackup.
Prints the figures. Fictitious data only, never printed."""
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_two_nodes as tn  # noqa: E402
from test_failover import BIN, as_pg, psql  # noqa: E402

tap = tn.tap


def verifybackup(path):
    r = as_pg([BIN + "/pg_verifybackup", "-q", path])
    return r.returncode == 0, (r.stderr or r.stdout).strip().splitlines()[-1:] or [""]


def copy_backup(src, dst):
    subprocess.run(["cp", "-a", src, dst], check=True)


def a_data_file(root):
    """The largest file under base/ (a table's heap): the one a change would matter in."""
    best, size = None, -1
    for d, _, files in os.walk(os.path.join(root, "base")):
        for f in files:
            p = os.path.join(d, f)
            s = os.path.getsize(p)
            if s > size:
                best, size = p, s
    return best


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: test_backup.py REGIE_BINARY")
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="regie-bk-")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    rdir = tempfile.mkdtemp(prefix="regie-pg-")
    node = rnode = None
    started = tn.start_cluster(cdir, 200)
    if started is None:
        return 1
    admin, owner, app = started
    pport = admin.split("port=", 1)[1].split()[0]
    rport = str(tn.free_port())
    restored_up = False
    try:
        tn.make_database(admin)
        acct, data, node, port, sess = tn.demo_node(binary, tmp, owner, app, "primary", "")
        if sess is None:
            return 1

        # writes before the backup, then the backup taken while four clients go on writing
        before = []
        tn.writer(port, sess, 100, 40, before)
        written = list(before)
        during = []
        stop = threading.Event()
        ts = [threading.Thread(target=tn.writer, args=(port, sess, 1000 + 10000 * k, 10000,
                                                       during, stop)) for k in range(4)]
        for t in ts:
            t.start()
        time.sleep(0.3)
        os.chmod(rdir, 0o700)
        if os.getuid() == 0:
            subprocess.run(["chown", "postgres:", rdir], check=True)
        bdir = rdir + "/data"
        t0 = time.time()
        r = as_pg([BIN + "/pg_basebackup", "-D", bdir, "-h", cdir, "-p", pport, "-U", "postgres",
                   "-X", "stream", "-c", "fast", "--manifest-checksums=SHA256"])
        secs = time.time() - t0
        n_during_backup = len(during)
        stop.set()
        for t in ts:
            t.join(timeout=30)
        written += during
        tap(r.returncode == 0, "pg_basebackup while 4 clients write (%.1f s, %d writes "
            "acknowledged meanwhile)" % (secs, n_during_backup))
        if r.returncode != 0:
            print("# " + r.stderr[-300:].replace("\n", " "))
            return 1
        tap(len(before) == 40, "writes acknowledged before the backup: %d of 40" % len(before))

        # the verification, and that it can fail
        ok, last = verifybackup(bdir)
        tap(ok, "pg_verifybackup accepts the backup")
        bad = rdir + "/changed"
        copy_backup(bdir, bad)
        f = a_data_file(bad)
        with open(f, "r+b") as fh:
            fh.seek(os.path.getsize(f) // 2)
            b = fh.read(1)
            fh.seek(-1, 1)
            fh.write(bytes([b[0] ^ 0xFF]))
        ok, last = verifybackup(bad)
        tap(not ok, "pg_verifybackup refuses a copy with one byte of a data file changed")
        subprocess.run(["rm", "-rf", bad])
        gone = rdir + "/missing"
        copy_backup(bdir, gone)
        os.unlink(a_data_file(gone))
        ok, last = verifybackup(gone)
        tap(not ok, "pg_verifybackup refuses a copy with a data file missing")
        subprocess.run(["rm", "-rf", gone])

        # the restore: a cluster started from the backup
        tn.stop_proc(node, timeout=20)
        node = None
        t0 = time.time()
        r = as_pg([BIN + "/pg_ctl", "-D", bdir, "-l", rdir + "/server.log", "-w", "-t", "60",
                   "-o", "-c listen_addresses='' -k %s -p %s -c max_connections=200"
                   % (rdir, rport), "start"])
        restored_up = r.returncode == 0
        tap(restored_up, "a cluster starts from the backup and recovers (%.1f s)"
            % (time.time() - t0))
        if not restored_up:
            return 1
        r_owner = "postgresql://regie_owner@/regie?host=%s&port=%s" % (rdir, rport)
        r_app = "postgresql://regie_app@/regie?host=%s&port=%s" % (rdir, rport)
        ok, line = tn.verify(binary, data, r_app)
        tap(ok, "the access log verifies on the restored database: " + line)

        ids = ",".join(str(i) for i in written) or "0"
        radmin = "host=%s port=%s user=postgres dbname=regie" % (rdir, rport)
        have_before = int(psql(radmin, "SELECT count(*) FROM signal WHERE id IN (%s)"
                               % ",".join(str(i) for i in before)))
        tap(have_before == len(before), "every write acknowledged before the backup is in it "
            "(%d of %d)" % (have_before, len(before)))
        have_during = int(psql(radmin, "SELECT count(*) FROM signal WHERE id IN (%s)"
                               % (",".join(str(i) for i in during) or "0")))
        # the demo's signals are there too, and nothing else: as many others as the original
        demo_n = int(psql(radmin, "SELECT count(*) FROM signal WHERE id NOT IN (%s)" % ids))
        orig_demo = int(psql("host=%s port=%s user=postgres dbname=regie" % (cdir, pport),
                             "SELECT count(*) FROM signal WHERE id NOT IN (%s)" % ids))
        tap(demo_n == orig_demo, "no signal in the backup that was not written (%d others, "
            "%d in the original)" % (demo_n, orig_demo))

        # a node on the restored database reads a signal written before the backup
        rnode, rp = tn.start_node(binary, data, r_app, tmp, "restored")
        rs = tn.login(rp, acct["dossierhouder"], next_step=True)
        st = tn.request(rp, "GET", "/api/signals/%d" % before[0], sess=rs)[0] if rs else 0
        tap(st == 200, "a node on the restored database reads a signal from before the backup "
            "(%d)" % st)

        # `regie backup` is for SQLite: on PostgreSQL it says what to use instead
        p = subprocess.run([binary, "backup", "--data-dir", data, "--database", r_owner,
                            "--out", os.path.join(tmp, "bk")], capture_output=True, text=True)
        tap(p.returncode != 0 and "pg_basebackup" in (p.stdout + p.stderr),
            "regie backup on PostgreSQL refuses and names pg_basebackup")
        print("backup: %d writes before, %d during (%d of them in the backup), pg_basebackup "
              "%.1f s" % (len(before), len(during), have_during, secs))
    finally:
        tn.stop_proc(node)
        tn.stop_proc(rnode)
        if restored_up:
            as_pg([BIN + "/pg_ctl", "-D", rdir + "/data", "-m", "fast", "-w", "stop"])
        subprocess.run(["rm", "-rf", rdir])
        subprocess.run([tn.CLUSTER, "stop", cdir], capture_output=True)
    return tn.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
