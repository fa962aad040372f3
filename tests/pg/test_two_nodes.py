#!/usr/bin/env python3
"""test_two_nodes.py: two `regie serve` nodes behind nginx on one PostgreSQL (issue 13, item 3).

    test_two_nodes.py REGIE_BINARY

On a throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh) with the roles of
docs/deployment.md: `regie init` and `regie demo` as the schema's owner, then two nodes serving
as regie_app, sharing the key files, behind nginx (round robin). Checks, as TAP:
- a session made through nginx works on node A and on node B directly (sessions live in the
  database, not in a node);
- writes (new signals) made on both nodes at once are all acknowledged and readable on the
  other node, and the access log verifies as one chain (`regie audit verify`);
- node A killed (SIGKILL) while four clients write to it: every write it acknowledged is present
  (read through node B), writes through nginx go on (on node B: the writer lock of the dead
  node's transaction is gone with its connection), and the log still verifies;
- PostgreSQL restarted under node B: its writes go on without restarting the node.
Prints the figures (writes acknowledged, present, lost). Personal data: fictitious names only,
never printed."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")
RESULTS = []


def tap(ok, what):
    RESULTS.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(RESULTS), what), flush=True)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def totp(secret_b32, at=None):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % code


def request(port, method, path, body=None, sess=None, timeout=15):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    # as a browser sends them: the server checks them on every state-changing request
    headers = {"Origin": "http://127.0.0.1:%d" % port, "Sec-Fetch-Site": "same-origin"}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    if sess is not None:
        headers["Cookie"] = "__Host-regie=" + sess["token"]
        headers["X-CSRF-Token"] = sess["csrf"]
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    raw = r.read()
    cookie = r.getheader("Set-Cookie") or ""
    c.close()
    try:
        js = json.loads(raw) if raw else None
    except ValueError:
        js = None
    return r.status, js, cookie


def login(port, account, next_step=False):
    """next_step: the code of the next 30-s step (the server accepts one step either side, and
    never the same step twice for an account)."""
    at = time.time() + (30 if next_step else 0)
    st, js, cookie = request(port, "POST", "/api/session", {
        "username": account["username"], "password": account["password"],
        "totp": totp(account["totp_secret"], at)})
    if st != 201:
        print("# login: status %d %s" % (st, (js or {}).get("title", "")))
        return None
    token = cookie.split("__Host-regie=", 1)[1].split(";", 1)[0] if "__Host-regie=" in cookie \
        else None
    return {"token": token, "csrf": js.get("csrf_token")} if token else None


def signal_body(n):
    return {"route": "professional", "observed": "Fictieve waarneming %d" % n,
            "acute": {"danger": False},
            "subjects": [{"kind": "person", "name": "Fictief Persoon %d" % n}]}


def start_node(binary, data_dir, uri, tmp, name):
    ready = os.path.join(tmp, name + ".ready")
    log = open(os.path.join(tmp, name + ".log"), "w")
    p = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--database", uri,
                          "--listen", "127.0.0.1:0", "--ready-file", ready, "--allow-root"],
                         stdout=log, stderr=subprocess.STDOUT)
    for _ in range(1000):
        if os.path.exists(ready) and os.path.getsize(ready) > 0:
            return p, int(open(ready).read().strip().rsplit(":", 1)[1])
        if p.poll() is not None:
            raise SystemExit("node %s exited early (%s)" % (name, log.name))
        time.sleep(0.01)
    raise SystemExit("node %s did not become ready" % name)


NGINX_CONF = """worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream regie {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://regie;
            proxy_set_header Host $http_host;  # the Origin check compares it
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


def writer(port, sess, first, count, acked, stop=None):
    for n in range(first, first + count):
        if stop is not None and stop.is_set():
            return
        try:
            st, js, _ = request(port, "POST", "/api/signals", signal_body(n), sess)
        except OSError:
            return  # the node is gone
        if st == 201 and js and isinstance(js.get("id"), int):
            acked.append(js["id"])


def start_cluster(cdir, max_connections):
    """A throw-away cluster in cdir (scripts/pg-cluster.sh): (admin conninfo, the schema owner's
    URI, the application's URI), or None when it did not start (the reason printed)."""
    p = subprocess.run([CLUSTER, "start", cdir], capture_output=True, text=True,
                       env=dict(os.environ, PG_MAX_CONNECTIONS=str(max_connections)))
    if p.returncode != 0:
        print("Bail out! the cluster did not start: " + p.stderr[-500:])
        return None
    admin = p.stdout.strip()
    host = admin.split("host=", 1)[1].split()[0]
    port = admin.split("port=", 1)[1].split()[0]
    uri = "postgresql://%s@/regie?host=" + host + "&port=" + port
    return admin, uri % "regie_owner", uri % "regie_app"


def make_database(admin):
    """The roles and the database of docs/deployment.md, on the cluster admin reaches."""
    subprocess.run(["psql", admin, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-c", "CREATE ROLE regie_owner LOGIN", "-c", "CREATE ROLE regie_app LOGIN",
                    "-c", "CREATE DATABASE regie OWNER regie_owner ENCODING 'UTF8' "
                          "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"],
                   check=True, capture_output=True)


def init_demo(binary, data, owner):
    """`regie init` and `regie demo` as the schema's owner: the demo accounts by username."""
    subprocess.run([binary, "init", "--data-dir", data, "--database", owner], check=True,
                   capture_output=True)
    demo = json.loads(subprocess.run([binary, "demo", "--data-dir", data, "--database", owner,
                                      "--json"], check=True, capture_output=True,
                                     text=True).stdout)
    return {a["username"]: a for a in demo["accounts"]}


def demo_node(binary, tmp, owner, app, name, what):
    """`regie init` and `regie demo` as the owner, one node as the application's role, and the
    dossierhouder logged in on it (a TAP line): (accounts, data dir, process, port, session or
    None)."""
    data = os.path.join(tmp, "d")
    acct = init_demo(binary, data, owner)
    node, port = start_node(binary, data, app, tmp, name)
    sess = login(port, acct["dossierhouder"])
    tap(sess is not None, "login on the node" + what)
    return acct, data, node, port, sess


def stop_proc(p, timeout=10):
    if p is not None and p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def finish(tmp):
    """Keeps the logs when something failed; prints the TAP plan; the exit status."""
    if RESULTS and all(RESULTS):
        subprocess.run(["rm", "-rf", tmp])
    else:
        print("# logs kept in " + tmp)
    print("1..%d" % len(RESULTS))
    return 0 if RESULTS and all(RESULTS) else 1


def verify(binary, data_dir, uri):
    p = subprocess.run([binary, "audit", "verify", "--data-dir", data_dir, "--database", uri],
                       capture_output=True, text=True)
    line = [l for l in p.stdout.splitlines() if l.startswith("OK:")]
    return p.returncode == 0 and bool(line), (line[0] if line else p.stdout[-300:])


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: test_two_nodes.py REGIE_BINARY")
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="regie-2n-")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    procs = []
    # each node holds two connections (the store's and its key vault's) per thread that uses the
    # database: 2 x (threads + write_threads + a few) = about 80 per node with the defaults
    started = start_cluster(cdir, 300)
    if started is None:
        return 1
    admin, owner, app = started
    try:
        make_database(admin)
        data = os.path.join(tmp, "d")
        acct = init_demo(binary, data, owner)
        na, pa = start_node(binary, data, app, tmp, "a")
        procs.append(na)
        nb, pb = start_node(binary, data, app, tmp, "b")
        procs.append(nb)
        pn = free_port()
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(tmp=tmp, a=pa, b=pb, port=pn))
        ng = subprocess.Popen(["nginx", "-p", tmp, "-c", os.path.join(tmp, "nginx.conf"), "-g",
                               "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ng)
        for _ in range(500):
            try:
                if request(pn, "GET", "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.01)

        # 1. one session, both nodes
        sess = login(pn, acct["dossierhouder"])
        tap(sess is not None, "login through nginx")
        if sess is None:
            return 1
        sa = request(pa, "GET", "/api/session", sess=sess)[0]
        sb = request(pb, "GET", "/api/session", sess=sess)[0]
        tap(sa == 200 and sb == 200, "the session works on node A (%d) and node B (%d)" % (sa, sb))
        via = [request(pn, "GET", "/api/session", sess=sess)[0] for _ in range(10)]
        tap(via == [200] * 10, "ten requests through nginx, alternating nodes: all 200")

        # 2. writes on both nodes at once
        per_node = 40
        acked_a, acked_b = [], []
        ta = threading.Thread(target=writer, args=(pa, sess, 1000, per_node, acked_a))
        tb = threading.Thread(target=writer, args=(pb, sess, 2000, per_node, acked_b))
        t0 = time.time()
        ta.start()
        tb.start()
        ta.join()
        tb.join()
        secs = time.time() - t0
        tap(len(acked_a) == per_node and len(acked_b) == per_node,
            "writes on both nodes at once acknowledged: A %d, B %d of %d each (%.1f s)"
            % (len(acked_a), len(acked_b), per_node, secs))
        time.sleep(1.2)  # past a node's read cache (at most 1 s; docs/deployment.md)
        cross = sum(1 for i in acked_a if request(pb, "GET", "/api/signals/%d" % i,
                                                     sess=sess)[0] == 200)
        cross += sum(1 for i in acked_b if request(pa, "GET", "/api/signals/%d" % i,
                                                      sess=sess)[0] == 200)
        tap(cross == len(acked_a) + len(acked_b),
            "every write readable on the other node: %d of %d" % (cross,
                                                                   len(acked_a) + len(acked_b)))
        ok, line = verify(binary, data, app)
        tap(ok, "the access log verifies as one chain: " + line)

        # 3. kill node A while four clients write to it
        acked_k = []
        stop = threading.Event()
        tk = [threading.Thread(target=writer, args=(pa, sess, 3000 + 10000 * k, 10000, acked_k,
                                                     stop)) for k in range(4)]
        for t in tk:
            t.start()
        while len(acked_k) < 40 and any(t.is_alive() for t in tk):
            time.sleep(0.005)
        na.send_signal(signal.SIGKILL)
        na.wait()
        stop.set()
        for t in tk:
            t.join(timeout=20)
        time.sleep(1.2)
        present = sum(1 for i in acked_k if request(pb, "GET", "/api/signals/%d" % i,
                                                       sess=sess)[0] == 200)
        lost = len(acked_k) - present
        tap(len(acked_k) >= 40 and lost == 0,
            "node A killed while four clients wrote to it: %d acknowledged, %d present, %d lost"
            % (len(acked_k), present, lost))
        after = []
        writer(pn, sess, 9000, 5, after)
        tap(len(after) == 5, "writes through nginx after the kill (node B; the dead node's "
                             "writer lock is gone): %d of 5" % len(after))
        st = request(pn, "GET", "/api/session", sess=sess)[0]
        tap(st == 200, "nginx still serves the session through node B: %d" % st)
        ok, line = verify(binary, data, app)
        tap(ok, "the access log verifies after the kill: " + line)

        # 4. PostgreSQL restarts under the running node B: its connections are made again at
        # the next transaction (store/pg.c), the node is not restarted
        pgc = ["/usr/lib/postgresql/15/bin/pg_ctl", "-D", cdir + "/data", "-l",
               cdir + "/server.log", "-m", "fast", "-w", "restart"]
        if os.getuid() == 0:
            pgc = ["runuser", "-u", "postgres", "--"] + pgc
        # not captured: the new server would hold the pipes open
        r = subprocess.run(pgc, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tap(r.returncode == 0, "PostgreSQL restarted under node B")
        again = []
        writer(pb, sess, 9100, 10, again)
        tap(len(again) == 10, "writes on node B after the restart, without restarting it: "
                              "%d of 10" % len(again))
        print("two-nodes: writes acknowledged %d, present %d, lost %d"
              % (len(acked_a) + len(acked_b) + len(acked_k),
                 cross + present, (len(acked_a) + len(acked_b) - cross) + lost))
    finally:
        for pr in procs:
            stop_proc(pr)
        subprocess.run([CLUSTER, "stop", cdir], capture_output=True)
    return finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
