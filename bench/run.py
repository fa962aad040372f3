#!/usr/bin/env python3
"""bench/run.py: the `make bench` driver (issue 11 items 2 and 4; docs/performance.md).

Loads a region (`regie demo --scale N`), serves it on loopback, drives it with wrk and prints ONE
table (row, unit, median, min, max, target, met) that it also writes as JSON to
bench/results/latest.json. Prints figures, asserts nothing: a missed target is a "no" in the
table, never a failing exit code. A row whose requests were not all 2xx (or 201 for the intake),
or that saw socket errors, is marked INVALID instead of being reported as fast.

Environment (all optional):
  BENCH_BUILD    build directory (default build)
  BENCH_SCALE    region size N for `regie demo --scale N` (default 100)
  BENCH_SECONDS  duration of one wrk run (default 10)
  BENCH_RUNS     runs per row; the table shows their median, min and max (default 3)
  BENCH_ONLY     comma list of groups: start,read,lists,search,network,intake,audit,overlap
  BENCH_PERSONS  persons in bench_network's own synthetic region (group overlap; default 100000)
  BENCH_OUT      where the JSON goes (default bench/results/latest.json)
  BENCH_BACKEND  sqlite (default) or postgresql: the latter starts a throw-away PostgreSQL 15
                 cluster (scripts/pg-cluster.sh), makes the database as docs/deployment.md says
                 and runs every `regie` command with REGIE_DATABASE set to it (the server as
                 the schema's owner); the JSON goes to bench/results/latest-postgresql.json.
                 `python3 bench/run.py --growth A.json B.json` sets the two side by side.
  BENCH_REGION   a region loaded before, to measure again without loading (N=100 takes ~18 min):
                 a directory with d/ (`regie init` + `regie demo --scale N --json --data-dir
                 DIR/d > DIR/demo.json`) and demo.json. Used in place, so its log keeps the
                 bench's records, and kept. For iterating; the tables in docs come from fresh loads.

Personal data: the handles (a name, a BSN, a free-text word) stay in this process's memory and in
wrk's argument list; nothing of them is printed or written to the JSON. All names are fictional.
Python 3 standard library only.
"""
import datetime
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.environ.get("BENCH_BUILD", "build")
SCALE = int(os.environ.get("BENCH_SCALE", "100"))
SECS = int(os.environ.get("BENCH_SECONDS", "10"))
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
ONLY = [x.strip() for x in os.environ.get("BENCH_ONLY", "").split(",") if x.strip()]
PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))
BACKEND = os.environ.get("BENCH_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    sys.exit("bench: BENCH_BACKEND is sqlite or postgresql")
OUT = os.environ.get("BENCH_OUT", os.path.join(
    ROOT, "bench", "results", "latest.json" if BACKEND == "sqlite" else "latest-postgresql.json"))
PG = {"dir": None, "uri": None}
GROUPS = ["start", "read", "lists", "search", "network", "intake", "audit", "overlap"]
PURPOSE = "casusoverleg"  # docs/purpose.md: allowed on every open case
# The lists group asks for one page of 50 (GET /api/cases and /api/worklist are paged as
# /api/signals). A page costs about 3 ms (case list) and 10 ms (work list) of server CPU at N=1,
# against 50 and 110 ms for the whole lists before paging. The work list still counts all of the
# owner's open tasks for each page (and sorts the rows of one due day), so its cost grows with N:
# 8 connections keep these rows comparable with earlier runs and the queue short at N=100.
LIST_CONNS = 8
MAX_PER_IP = 128  # 64 wrk connections + the probes, all from 127.0.0.1 (default setting: 64)

for g in ONLY:
    if g not in GROUPS:
        sys.exit(f"bench: unknown BENCH_ONLY group '{g}' (groups: {','.join(GROUPS)})")


def want(g):
    # overlap runs bench_network on its own SQLite region in process: not a backend figure
    if g == "overlap" and BACKEND == "postgresql":
        return False
    return not ONLY or g in ONLY


T_START = time.time()


def say(msg):
    if msg.startswith("=="):
        msg = f"{msg}  [+{time.time() - T_START:.0f} s]"
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------
ROWS = []  # dicts, in table order


def row(rid, label, unit, values, target=None, op=">=", notes="", invalid=None, extra=None,
        lower_is_better=None):
    """values: one figure per run. target: number or None. op: '>=' or '<'."""
    vals = [v for v in values if v is not None]
    r = {"id": rid, "label": label, "unit": unit, "runs": [round(v, 4) for v in vals],
         "median": round(statistics.median(vals), 4) if vals else None,
         "min": round(min(vals), 4) if vals else None,
         "max": round(max(vals), 4) if vals else None,
         "target": None if target is None else {"op": op, "value": target},
         "valid": invalid is None and bool(vals), "invalid_reason": invalid, "notes": notes}
    if not vals and invalid is None:
        r["invalid_reason"] = "no figures"
    if r["target"] is None or not r["valid"]:
        r["met"] = None
    else:
        m = r["median"]
        r["met"] = m >= target if op == ">=" else m < target
    if extra:
        r.update(extra)
    ROWS.append(r)
    return r


def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def print_rss():
    """Where the RSS peak of each kind of run was: the breakdown taken at that run's peak."""
    by = next((r.get("rss_by_run") for r in ROWS if r["id"] == "rss.load"), None)
    if not by:
        return
    say("")
    say("RSS at each kind of run's peak (MB): anonymous (heap, stacks) and file-backed; the heap "
        "in use, free-but-kept, and SQLite's part")
    cols = ["peak_mb", "Anonymous", "Pss_File", "heap_in_use", "heap_free", "sqlite",
            "sqlite_pages", "threads"]
    w = max(len(t) for t in by)
    say("  ".join(["run".ljust(w)] + [c.rjust(11) for c in cols]))
    for t in sorted(by, key=lambda t: -by[t]["peak_mb"]):
        say("  ".join([t.ljust(w)] + [fmt(by[t].get(c)).rjust(11) for c in cols]))


def print_table():
    head = ["row", "unit", "median", "min", "max", "target", "met"]
    lines = []
    for r in ROWS:
        t = r["target"]
        tgt = f"{t['op']} {fmt(t['value'])}" if t else ""
        if not r["valid"]:
            met = "INVALID: " + (r["invalid_reason"] or "")
        elif r["met"] is None:
            met = ""
        else:
            met = "yes" if r["met"] else "no"
        if r["valid"]:
            figs = [fmt(r["median"]), fmt(r["min"]), fmt(r["max"])]
        else:  # never shown as a figure (the JSON keeps what was measured)
            figs = ["-", "-", "-"]
        lines.append([r["label"], r["unit"], *figs, tgt, met])
    w = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(head)]
    say("")
    say("  ".join(h.ljust(w[i]) if i < 2 else h.rjust(w[i]) for i, h in enumerate(head[:6]))
        + "  " + head[6])
    say("  ".join("-" * x for x in w))
    for l in lines:
        say("  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(l[:6]))
            + "  " + l[6])


# ---------------------------------------------------------------------------------------------
# Processes and HTTP
# ---------------------------------------------------------------------------------------------
TMP = tempfile.mkdtemp(prefix="regie-bench-")
REGION = os.environ.get("BENCH_REGION")
DATA = os.path.join(REGION, "d") if REGION else os.path.join(TMP, "d")
REGIE = os.path.join(ROOT, B, "regie")
SERVER = {"proc": None, "addr": None}


def regie(*args, check=True, capture=True):
    p = subprocess.run([REGIE, *args, "--data-dir", DATA], stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        # stderr of the CLI names ids and settings, never personal data
        raise SystemExit(f"bench: regie {args[0]} failed ({p.returncode}): {p.stderr.strip()[:500]}")
    return p


def load_region():
    """`regie demo --scale N --json`, echoing the loader's progress lines (counts and rates
    only) as they come; returns a CompletedProcess."""
    out_path = os.path.join(TMP, "demo.json")
    with open(out_path, "w") as out:
        p = subprocess.Popen([REGIE, "demo", "--scale", str(SCALE), "--json", "--data-dir", DATA],
                             stdout=out, stderr=subprocess.PIPE, text=True)
        err = []
        for line in p.stderr:
            err.append(line)
            if line.startswith("demo scale:"):
                say("   " + line.rstrip())
        p.wait()
    return subprocess.CompletedProcess(p.args, p.returncode, open(out_path).read(), "".join(err))


def raw_get(addr, path, headers=None, timeout=60.0):
    host, port = addr.rsplit(":", 1)
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read(), r.getheaders()
    finally:
        c.close()


def request(method, path, body=None, headers=None):
    host, port = SERVER["addr"].rsplit(":", 1)
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    h = {"Origin": "http://" + SERVER["addr"]}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
        try:
            j = json.loads(raw) if raw else None
        except ValueError:
            j = None
        return r.status, j, r.getheaders()
    finally:
        c.close()


def start_server():
    """Starts `regie serve`; returns ms from the spawn to the first 200 of GET /api/health."""
    ready = os.path.join(TMP, "ready")
    if os.path.exists(ready):
        os.unlink(ready)
    log = open(os.path.join(TMP, "server.log"), "ab")
    t0 = time.perf_counter()
    # The metrics listener (for the RSS breakdown) needs a fixed port: take a free one.
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        mport = so.getsockname()[1]
    SERVER["metrics"] = f"127.0.0.1:{mport}"
    p = subprocess.Popen([REGIE, "serve", "--data-dir", DATA, "--listen", "127.0.0.1:0",
                          "--ready-file", ready, "--log_level", "warn",
                          "--max_per_ip", str(MAX_PER_IP), "--metrics_listen", SERVER["metrics"]],
                         stdout=log, stderr=log)
    SERVER["proc"] = p
    deadline = t0 + 120
    addr = None
    while time.perf_counter() < deadline:
        if p.poll() is not None:
            raise SystemExit(f"bench: regie serve exited with {p.returncode} (see {TMP}/server.log)")
        if addr is None:
            try:
                s = open(ready).read().strip()
                if s.endswith("\n") or re.fullmatch(r"[\d.]+:\d+", s):
                    addr = s
            except FileNotFoundError:
                pass
        if addr is not None:
            try:
                st, _, _ = raw_get(addr, "/api/health", timeout=2)
                if st == 200:
                    ms = (time.perf_counter() - t0) * 1000
                    SERVER["addr"] = addr
                    return ms
            except OSError:
                pass
        time.sleep(0.001)
    raise SystemExit("bench: the server did not answer /api/health within 120 s")


def stop_server():
    p = SERVER["proc"]
    if p is not None and p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    SERVER["proc"] = None


def proc_status(key):
    """VmRSS / VmHWM of the server in MB (None when it is gone)."""
    p = SERVER["proc"]
    try:
        for line in open(f"/proc/{p.pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    except (OSError, AttributeError):
        pass
    return None


def server_cpu_s():
    """utime + stime of the server process in seconds."""
    p = SERVER["proc"]
    try:
        f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, AttributeError, IndexError, ValueError):
        return None


def smaps_mb():
    """The server's resident memory by kind from /proc/PID/smaps_rollup, in MB: anonymous (heap,
    thread stacks) and file-backed (the binary, its libraries, mapped files)."""
    p = SERVER["proc"]
    out = {}
    try:
        for line in open(f"/proc/{p.pid}/smaps_rollup"):
            k, _, v = line.partition(":")
            if k in ("Rss", "Anonymous", "Pss_File", "Shmem") and v.strip().endswith("kB"):
                out[k] = round(int(v.split()[0]) / 1024.0, 1)
        out["threads"] = int(proc_status_raw("Threads") or 0)
    except (OSError, AttributeError, ValueError):
        pass
    return out


def proc_status_raw(key):
    p = SERVER["proc"]
    try:
        for line in open(f"/proc/{p.pid}/status"):
            if line.startswith(key + ":"):
                return line.split()[1]
    except (OSError, AttributeError):
        pass
    return None


def metrics_mb():
    """The server's own account of its heap (GET /metrics on the bench's metrics listener): the C
    library heap in use and free-but-kept, and SQLite's part of it, in MB."""
    if not SERVER.get("metrics"):
        return {}
    try:
        st, body, _ = raw_get(SERVER["metrics"], "/metrics", timeout=2)
    except OSError:
        return {}
    out = {}
    for key, name in (('regie_heap_bytes{state="in_use"}', "heap_in_use"),
                      ('regie_heap_bytes{state="free"}', "heap_free"),
                      ("regie_db_memory_bytes", "sqlite"),
                      ("regie_db_memory_highwater_bytes", "sqlite_highwater"),
                      ("regie_db_page_cache_bytes", "sqlite_pages")):
        m = re.search(r"^" + re.escape(key) + r" (\d+)$", body.decode() if st == 200 else "", re.M)
        if m:
            out[name] = round(int(m.group(1)) / 1048576.0, 1)
    return out


class RssSampler:
    """Samples the server's VmRSS every 0.2 s while a load runs. Keeps the maximum over all runs
    and, per kind of run (its tag: route template and connections), that kind's maximum with the
    breakdown taken at that moment (smaps_mb and metrics_mb), so the peak can be attributed."""

    def __init__(self):
        self.peak = 0.0
        self.by_tag = {}
        self.tag = None
        self._stop = threading.Event()
        self._t = None

    def __call__(self, tag):
        self.tag = tag
        return self

    def __enter__(self):
        self._stop = threading.Event()
        tag = self.tag

        def loop():
            while not self._stop.wait(0.2):
                v = proc_status("VmRSS")
                if v is None:
                    continue
                self.peak = max(self.peak, v)
                if tag and v > self.by_tag.get(tag, {}).get("peak_mb", 0):
                    d = {"peak_mb": round(v, 1)}
                    d.update(smaps_mb())
                    d.update(metrics_mb())
                    self.by_tag[tag] = d
        self._t = threading.Thread(target=loop, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *a):
        self._stop.set()
        self._t.join()
        self.tag = None


RSS_LOAD = RssSampler()


# ---------------------------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------------------------
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(out):
    def lat(q):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % q, out, re.M)
        return float(m.group(1)) * UNIT_MS[m.group(2)] if m else None
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    n = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    not201 = re.search(r"^not-201: (\d+)", out, re.M)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(m.group(1)) if m else None, "requests": int(n.group(1)) if n else 0,
            "p50": lat(50), "p99": lat(99), "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "not201": int(not201.group(1)) if not201 else None,
            "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0}


def wrk(path, conns, headers=(), script=None, env=None, secs=None):
    threads = 2 if conns >= 2 else 1
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{secs or SECS}s", "--timeout", "30s",
           "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(f"http://{SERVER['addr']}{path}")
    e = dict(os.environ)
    e.update(env or {})
    tag = f"{re.sub(r'[0-9]{3,}', '{id}', path.split('?')[0])} c{conns}"
    with RSS_LOAD(tag):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=e)
    time.sleep(1)  # let the server close the run's connections before the next run
    return parse_wrk(p.stdout), p.stdout


class HttpRow:
    """Collects BENCH_RUNS wrk runs of one route; adds req/s, p50 and p99 rows."""

    def __init__(self, rid, label, path, conns, headers=(), expect=200):
        self.rid, self.label, self.path, self.conns = rid, label, path, conns
        self.headers, self.expect = list(headers), expect
        self.runs = []
        self.invalid = None

    def probe(self):
        h = dict(x.split(": ", 1) for x in self.headers)
        try:
            st, _, _ = raw_get(SERVER["addr"], self.path, h)
        except OSError as ex:
            self.invalid = f"probe failed: {type(ex).__name__}"
            return False
        if st != self.expect:
            self.invalid = f"probe answered {st}, not {self.expect}"
        return self.invalid is None

    def run_once(self):
        if self.invalid:
            return None
        c0 = server_cpu_s()
        r, _ = wrk(self.path, self.conns, self.headers)
        c1 = server_cpu_s()
        # server CPU per request: less sensitive to other load on the machine than req/s
        r["cpu_us"] = ((c1 - c0) * 1e6 / r["requests"]
                       if r["requests"] and c0 is not None and c1 is not None else None)
        self.runs.append(r)
        if r["rps"] is None:
            self.invalid = "wrk gave no figures"
        elif r["requests"] == 0:
            self.invalid = "no request completed within a run"
        elif r["non2xx"] or r["socket_errors"]:
            self.invalid = f"{r['non2xx']} non-2xx, {r['socket_errors']} socket errors"
        return r

    def emit(self, rps_target=None, p50_target=None, p99_target=None, notes="", cpu=False):
        c = f"c{self.conns}"
        ex = {"connections": self.conns, "path_template": re.sub(r"\d{3,}", "{id}",
                                                                  self.path.split("?")[0]),
              "non2xx": sum(r["non2xx"] for r in self.runs),
              "socket_errors": sum(r["socket_errors"] for r in self.runs),
              "requests": sum(r["requests"] for r in self.runs)}
        row(self.rid + ".rps", f"{self.label} ({c})", "req/s", [r["rps"] for r in self.runs],
            rps_target, ">=", notes, self.invalid, ex)
        row(self.rid + ".p50", f"{self.label} p50", "ms", [r["p50"] for r in self.runs],
            p50_target, "<", "", self.invalid, ex)
        row(self.rid + ".p99", f"{self.label} p99", "ms", [r["p99"] for r in self.runs],
            p99_target, "<", "", self.invalid, ex)
        if cpu:
            row(self.rid + ".cpu", f"{self.label} server CPU", "us/req",
                [r["cpu_us"] for r in self.runs], None, "<",
                "utime+stime of the server over the run / requests (the 1 s pause included)",
                self.invalid, ex)


# ---------------------------------------------------------------------------------------------
# Sessions and handles
# ---------------------------------------------------------------------------------------------
def login(demo, user):
    acc = [a for a in demo["accounts"] if a["username"] == user]
    if not acc:
        raise SystemExit(f"bench: the demo has no account '{user}'")
    for attempt in range(2):
        code = regie("demo", "code", user).stdout.strip()
        st, j, hdrs = request("POST", "/api/session",
                              {"username": user, "password": acc[0]["password"], "totp": code})
        if st in (200, 201):
            tok = None
            for k, v in hdrs:
                if k.lower() == "set-cookie" and v.startswith("__Host-regie="):
                    tok = v.split(";")[0].split("=", 1)[1]
            if tok:
                return {"token": tok, "csrf": (j or {}).get("csrf_token", ""),
                        "org": acc[0].get("organisation")}
        # a TOTP code is accepted once: wait for the next 30 s window and try again
        time.sleep(31 - time.time() % 30)
    raise SystemExit(f"bench: login as {user} failed ({st})")


def cookie(s):
    return f"Cookie: __Host-regie={s['token']}"


def api_get(s, path, purpose=None):
    h = {"Cookie": f"__Host-regie={s['token']}"}
    if purpose:
        h["Regie-Purpose"] = purpose
    st, j, _ = request("GET", path, headers=h)
    return st, j


def case_purpose(s, cid):
    """A purpose this case allows (docs/purpose.md): casusoverleg for an open case, else the
    first allowed one (a closed case allows verantwoording and rechten_betrokkene)."""
    st, j = api_get(s, f"/api/cases/{cid}/purposes")
    allowed = [p["code"] for p in (j or {}).get("purposes", []) if p.get("allowed")] \
        if st == 200 else []
    return PURPOSE if PURPOSE in allowed else (allowed[0] if allowed else PURPOSE)


def fictional_bsn(n):
    """A 9-digit number that passes the elfproef (fictional; the same rule as signal_intake.lua)."""
    while True:
        d = [1 + n % 9] + [(n // 9 // 10 ** i) % 10 for i in range(7)]
        last = sum((9 - i) * d[i] for i in range(8)) % 11
        if last <= 9:
            return "".join(map(str, d + [last]))
        n += 7919


def own_person(dh, muni):
    """Registers one signal about a fictional person of the bench's own (a BSN for the FG's
    per-person query: the scale loader makes no BSNs). Returns the BSN or None."""
    bsn = fictional_bsn(int(time.time()) % 10_000_000)
    body = {"route": "professional",
            "subjects": [{"kind": "person", "name": "Fictief Benchpersoon Logvraag",
                          "birth_date": "2007-06-01", "bsn": bsn}],
            "observed": "Fictieve waarneming voor de meting van de logvraag per persoon.",
            "acute": {"danger": False}}
    if muni:
        body["municipality_id"] = muni
    st, _, _ = request("POST", "/api/signals", body,
                       {"Cookie": f"__Host-regie={dh['token']}", "X-CSRF-Token": dh["csrf"]})
    return bsn if st == 201 else None


def find_handles(demo, dh, muni):
    """The scale loader's handles when it gave them; otherwise picked through the API."""
    sc = (demo.get("scale") or {}).get("handles") or {}
    h = {"case_id": sc.get("case_id"), "signal_id": sc.get("signal_id"),
         "name": sc.get("person_name"), "birth_date": sc.get("person_birth_date"),
         "word": sc.get("word"), "network_case_id": sc.get("network_case_id"),
         "bsn": sc.get("person_bsn"), "source": "scale" if sc else "api"}
    if not h["case_id"] or not h["network_case_id"]:
        st, cases = api_get(dh, "/api/cases")
        items = (cases or {}).get("items", []) if st == 200 else []
        open_cases = [c for c in items if c.get("state") != "afgesloten"]
        if not h["case_id"] and open_cases:
            h["case_id"] = open_cases[0]["id"]
        if not h["network_case_id"]:
            best = (0, None)
            for c in open_cases[:40]:
                st, net = api_get(dh, f"/api/cases/{c['id']}/network/persons", PURPOSE)
                if st == 200:
                    n = len(net.get("relations", [])) + len(net.get("items", []))
                    if n > best[0]:
                        best = (n, c["id"])
            h["network_case_id"] = best[1]
    h["person_id"] = None
    h["case_purpose"] = case_purpose(dh, h["case_id"]) if h["case_id"] else PURPOSE
    h["network_purpose"] = (case_purpose(dh, h["network_case_id"]) if h["network_case_id"]
                            else PURPOSE)
    if h["network_case_id"]:
        st, net = api_get(dh, f"/api/cases/{h['network_case_id']}/network/persons",
                          h["network_purpose"])
        if st == 200 and net.get("items"):
            # a person other than the subject when there is one: the typical lookup
            items = sorted(net["items"], key=lambda x: bool(x.get("subject")))
            h["person_id"] = items[0]["id"]
    if not (h["name"] and h["word"]):
        st, sl = api_get(dh, "/api/signals?per_page=50")
        ids = [h["signal_id"]] if h["signal_id"] else []
        ids += [x["id"] for x in (sl or {}).get("items", [])] if st == 200 else []
        for sid in ids:
            st, sg = api_get(dh, f"/api/signals/{sid}")
            if st != 200:
                continue
            for sub in sg.get("subjects", []):
                if not h["name"] and sub.get("name") and sub.get("birth_date"):
                    h["name"], h["birth_date"] = sub["name"], sub["birth_date"]
            if not h["word"]:
                words = [w for w in re.findall(r"[A-Za-z]{6,}", sg.get("observed") or "")
                         if w.lower() != "fictief"]
                if words:
                    h["word"] = max(words, key=len).lower()
            if h["name"] and h["word"]:
                break
    if not h["bsn"]:
        h["bsn"] = own_person(dh, muni)
        h["bsn_source"] = "own signal"
    return h


def pg_start():
    """BENCH_BACKEND=postgresql: a throw-away cluster and the database of docs/deployment.md;
    every `regie` command of the bench then uses it (REGIE_DATABASE)."""
    PG["dir"] = tempfile.mkdtemp(prefix="regie-pg-")
    p = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "start", PG["dir"]],
                       capture_output=True, text=True,
                       env=dict(os.environ, PG_MAX_CONNECTIONS="300"))
    if p.returncode != 0:
        raise SystemExit("bench: the PostgreSQL cluster did not start: " + p.stderr[-300:])
    admin = p.stdout.strip()
    subprocess.run(["psql", admin, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-c", "CREATE ROLE regie_owner LOGIN", "-c", "CREATE ROLE regie_app LOGIN",
                    "-c", "CREATE DATABASE regie OWNER regie_owner ENCODING 'UTF8' "
                          "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"],
                   check=True, capture_output=True)
    host = admin.split("host=", 1)[1].split()[0]
    port = admin.split("port=", 1)[1].split()[0]
    PG["uri"] = f"postgresql://regie_owner@/regie?host={host}&port={port}"
    os.environ["REGIE_DATABASE"] = PG["uri"]


def pg_stop():
    if PG["dir"]:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "stop", PG["dir"]],
                       capture_output=True)
        PG["dir"] = None


def count_signals(since_ms=None):
    """Signals in the database; with since_ms, those received from then on (the intake's: the
    retention purge may remove old ones meanwhile)."""
    if PG["uri"]:
        sql = "SELECT count(*) FROM signal" + (
            f" WHERE received_at >= {int(since_ms)}" if since_ms is not None else "")
        return int(subprocess.run(["psql", PG["uri"], "-X", "-A", "-t", "-c", sql], check=True,
                                  capture_output=True, text=True).stdout.strip())
    db = sqlite3.connect(f"file:{DATA}/regie.db?mode=ro", uri=True, timeout=30)
    try:
        if since_ms is not None:
            return db.execute("SELECT count(*) FROM signal WHERE received_at >= ?",
                              (since_ms,)).fetchone()[0]
        return db.execute("SELECT count(*) FROM signal").fetchone()[0]
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def main():
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing (scripts/deps.sh installs it)")
    targets = ["regie"] + (["bench/bench_network"] if want("overlap") else [])
    subprocess.run(["ninja", "-C", os.path.join(ROOT, B), *targets], check=True,
                   stdout=subprocess.DEVNULL)
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "build": B, "seconds": SECS, "runs": RUNS, "only": ONLY or None,
            "scale_requested": SCALE, "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg()[0], "max_per_ip": MAX_PER_IP}
    try:
        meta["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True).stdout.strip()
        meta["dirty"] = bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain"],
                                            capture_output=True, text=True).stdout.strip())
    except OSError:
        pass

    meta["backend"] = BACKEND
    if BACKEND == "postgresql":
        if REGION:
            raise SystemExit("bench: BENCH_REGION is for the SQLite backend")
        pg_start()
        say("== backend: PostgreSQL 15 (a throw-away cluster on this machine, Unix socket)")
    t0 = time.perf_counter()
    if REGION:
        say(f"== region: loaded before, used in place (data dir {DATA})")
        p = subprocess.CompletedProcess([], 0, open(os.path.join(REGION, "demo.json")).read(), "")
        meta["region_reused"] = True
    else:
        say(f"== region: regie init + regie demo --scale {SCALE} (data dir {DATA})")
        regie("init")
        p = load_region()
    if p.returncode != 0:
        if "unknown option --scale" in p.stderr:
            say("bench: this regie has no `demo --scale` yet; falling back to the small demo "
                "region (`regie demo --json`): the figures are NOT for a region of scale "
                f"{SCALE}")
            p = regie("demo", "--json")
            meta["scale"] = None
        else:
            raise SystemExit(f"bench: regie demo failed: {p.stderr.strip()[:500]}")
    else:
        meta["scale"] = SCALE
    demo = json.loads(p.stdout)
    if REGION:
        meta["scale"] = (demo.get("scale") or {}).get("scale")
    meta["load_seconds"] = None if REGION else round(time.perf_counter() - t0, 1)
    if demo.get("scale"):
        meta["scale_counts"] = demo["scale"].get("counts")
        meta["scale_load"] = {k: demo["scale"].get(k) for k in ("seconds", "cpu_seconds",
                                                                 "rows_written", "rows_per_s")}
    # `regie serve` runs the daily retention purge at start once it is past retention_purge_hour;
    # run it now so that it does not run (and delete) during the measurements.
    p = regie("purge", "--json", check=False)
    try:
        meta["purge"] = json.loads(p.stdout)
    except ValueError:
        meta["purge"] = p.stdout.strip()[:200]
    meta["signals"] = count_signals()
    say(f"   loaded in {meta['load_seconds'] or '(before)'} s; after `regie purge` {meta['signals']} signals")

    # ---- start-up and idle RSS
    starts = []
    for r in range(RUNS if want("start") else 1):
        if SERVER["proc"]:
            stop_server()
        starts.append(start_server())
    if want("start"):
        row("start", "start-up to first served request", "ms", starts, 200, "<",
            "spawn of `regie serve` to the first 200 of GET /api/health")
    say(f"== start-up: {len(starts)} starts; login, handles  ")
    dh = login(demo, "dossierhouder")
    fg = login(demo, "fg") if want("audit") else None
    muni = None
    for o in demo.get("organisations", []):
        if o["name"] == dh["org"]:
            muni = o["id"]
    h = find_handles(demo, dh, muni)
    meta["handles_from"] = h["source"]
    time.sleep(1)
    rss_idle = proc_status("VmRSS")
    row("rss.idle", "RSS idle (after start and login)", "MB", [rss_idle], None, "<",
        "VmRSS of the server")

    meta["case_purpose"] = h["case_purpose"]
    meta["network_purpose"] = h["network_purpose"]

    # ---- health and the logged case read, interleaved run by run (the ratio is per run)
    if want("read"):
        say(f"== read: GET /api/health and GET /api/cases/{{id}} at 64 connections, "
            f"{RUNS} x {SECS} s each")
        health = HttpRow("health", "GET /api/health", "/api/health", 64)
        case = HttpRow("case_read", "GET /api/cases/{id} logged", f"/api/cases/{h['case_id']}",
                       64, [cookie(dh), "Regie-Purpose: " + h["case_purpose"]])
        health.probe()
        if not h["case_id"]:
            case.invalid = "no open case for the dossierhouder"
        else:
            case.probe()
        ratios = []
        for _ in range(RUNS):
            a = health.run_once()
            b = case.run_once()
            if a and b and a["rps"] and b["rps"]:
                ratios.append(b["rps"] / a["rps"])
        health.emit(notes="the bare-server ceiling", cpu=True)
        case.emit(p99_target=10, notes="session, policy, purpose, case row, JSON, access-log "
                  "record durable before the answer", cpu=True)
        row("case_read.ratio", "ratio case read / health", "x", ratios, 0.33, ">=",
            "per run (the two runs back to back), then the median",
            health.invalid or case.invalid)

    # ---- lists
    if want("lists"):
        say(f"== lists: GET /api/cases and GET /api/worklist as the dossierhouder, "
            f"{LIST_CONNS} connections")
        # one page of 50, first page (page and per_page as GET /api/signals)
        for rid, label, path in (("case_list", "GET /api/cases (page of 50)",
                                  "/api/cases?per_page=50"),
                                 ("worklist", "GET /api/worklist (page of 50)",
                                  "/api/worklist?per_page=50")):
            hr = HttpRow(rid, label, path, LIST_CONNS, [cookie(dh)])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
            hr.emit(notes="first page of 50")

    # ---- search (latency rows: one connection, so p50 is the service time)
    if want("search"):
        say("== search: GET /api/search by name (blind index) and by word (token index), 1 connection")
        if h["name"] and h["birth_date"]:
            q = urllib.parse.urlencode({"name": h["name"], "birth_date": h["birth_date"]})
            hr = HttpRow("search_name", "search by name", "/api/search?" + q, 1, [cookie(dh)])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
        else:
            hr = HttpRow("search_name", "search by name", "", 1)
            hr.invalid = "no person name handle"
        hr.emit(p50_target=5, notes=f"over {meta['signals']} signals")
        if h["word"]:
            hr = HttpRow("search_text", "search by word", "/api/search?q=" + h["word"], 1,
                         [cookie(dh)])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
        else:
            hr = HttpRow("search_text", "search by word", "", 1)
            hr.invalid = "no free-text word handle"
        hr.emit(p50_target=20, notes=f"over {meta['signals']} signals")
        if h["bsn"]:
            hr = HttpRow("search_bsn", "search by BSN", "/api/search?bsn=" + h["bsn"], 1,
                         [cookie(dh)])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
        else:
            hr = HttpRow("search_bsn", "search by BSN", "", 1)
            hr.invalid = "no person with a BSN"
        hr.emit(notes="blind index; each search adds a record for the person the audit row queries")

    # ---- network
    if want("network"):
        say("== network: k=2 neighbourhood and 'also known in another case', 1 connection")
        if h["network_case_id"]:
            hr = HttpRow("network_k2", "network k=2 of a case",
                         f"/api/cases/{h['network_case_id']}/network/graph?depth=2", 1,
                         [cookie(dh), "Regie-Purpose: " + h["network_purpose"]])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
            st, g = api_get(dh, hr.path, h["network_purpose"])
            nodes = len(g.get("nodes", [])) if st == 200 else None
        else:
            hr = HttpRow("network_k2", "network k=2 of a case", "", 1)
            hr.invalid, nodes = "no case with a network", None
        hr.emit(p50_target=10, notes=f"{nodes} nodes in the answer")
        if h["person_id"]:
            hr = HttpRow("network_links", "person links (overlap)",
                         f"/api/persons/{h['person_id']}/links", 1,
                         [cookie(dh), "Regie-Purpose: " + h["network_purpose"]])
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
        else:
            hr = HttpRow("network_links", "person links (overlap)", "", 1)
            hr.invalid = "no network person"
        hr.emit(notes="GET /api/persons/{id}/links: the same person in other cases")

    # ---- durable intake
    if want("intake"):
        say(f"== intake: POST /api/signals as the dossierhouder at 32 and 64 connections")
        env = {"REGIE_TOKEN": dh["token"], "REGIE_CSRF": dh["csrf"],
               "REGIE_ORIGIN": "http://" + SERVER["addr"]}
        if muni:
            env["REGIE_MUNI"] = str(muni)
        script = os.path.join(ROOT, "bench", "signal_intake.lua")
        since_ms = int(time.time() * 1000) - 1000
        # One signal by hand first, with the body signal_intake.lua sends: it must be accepted,
        # or every figure below is noise.
        body = {"route": "professional", "subjects": [
            {"kind": "person", "name": "Fictief Benchpersoon Proef", "birth_date": "2008-03-01",
             "bsn": fictional_bsn(7)}], "observed": "Fictieve waarneming voor de doorvoermeting: "
                "gedrag op straat, niemand in direct gevaar.", "acute": {"danger": False}}
        if muni:
            body["municipality_id"] = muni
        st, _, _ = request("POST", "/api/signals", body,
                           {"Cookie": f"__Host-regie={dh['token']}", "X-CSRF-Token": dh["csrf"]})
        probe_bad = st != 201
        answered = 0 if probe_bad else 1
        slack = 0
        for conns in (32, 64):
            runs, bad = [], 0
            if not probe_bad:
                for _ in range(RUNS):
                    r, _ = wrk("/api/signals", conns, script=script, env=env)
                    runs.append(r)
                    answered += r["requests"] - (r["not201"] or 0)
                    bad += max(r["non2xx"], r["not201"] or 0) + r["socket_errors"]
                    slack += conns
            if any(r["not201"] is None for r in runs):
                bad = bad or -1
            inv = (f"the probe POST was answered {st}, not 201" if probe_bad else
                   "signal_intake.lua printed no not-201 count" if bad < 0 else
                   f"{bad} answers not 201 or socket errors" if bad else None)
            ex = {"connections": conns, "errors": bad}
            row(f"intake.c{conns}.rps", f"POST /api/signals (c{conns})", "signals/s",
                [r["rps"] for r in runs], 5000 if conns == 64 else None, ">=",
                "validation, known-person check, sealed rows, indexes, access log; durable", inv, ex)
            row(f"intake.c{conns}.p99", f"POST /api/signals p99 (c{conns})", "ms",
                [r["p99"] for r in runs], None, "<", "", inv, ex)
        # Requests in flight when a run's timer ends are answered and stored but not counted by
        # wrk: at most one per connection per run.
        stored = count_signals(since_ms)
        ok = answered <= stored <= answered + slack
        row("intake.stored", "intake: stored signals = 201 answers", "signals", [stored], None,
            ">=", f"201 answers counted by wrk {answered} (+ at most {slack} in flight)",
            None if ok else f"stored {stored}, 201 answers {answered}",
            {"answered_201": answered, "stored": stored, "consistent": ok})

    # ---- the per-person log query, through the FG's API
    bsn_records = 1 + sum(r.get("requests", 0) for r in ROWS if r["id"] == "search_bsn.rps")
    if want("audit"):
        say("== audit: per-person log query (GET /api/audit?person_bsn= as the FG), 1 connection")
        if h["bsn"]:
            path = "/api/audit?" + urllib.parse.urlencode({"person_bsn": h["bsn"]})
            hr = HttpRow("audit_query", "per-person log query", path, 1, [cookie(fg)])
            st, j = api_get(fg, path)
            n_items = len(j.get("items", [])) if st == 200 and j else None
            if hr.probe():
                for _ in range(RUNS):
                    hr.run_once()
        else:
            hr = HttpRow("audit_query", "per-person log query", "", 1)
            hr.invalid, n_items = "no person with a BSN", None
        hr.emit(p50_target=50, notes=f"{n_items} records in the answer (the newest); the person "
                f"has about {bsn_records} records: its signal and the BSN searches")

    # ---- RSS under load
    if SERVER["proc"]:
        hwm = proc_status("VmHWM")
        by = RSS_LOAD.by_tag
        top = max(by, key=lambda t: by[t]["peak_mb"]) if by else None
        row("rss.load", "RSS under load (peak)", "MB",
            [max(RSS_LOAD.peak, hwm or 0)] if RSS_LOAD.peak else [hwm], 64, "<",
            "max of VmRSS sampled every 0.2 s under load and VmHWM at the end"
            + (f"; highest during {top}" if top else ""), None, {"rss_by_run": by})
    stop_server()

    # ---- verify the loaded region's own log (the server is stopped)
    if want("audit"):
        say(f"== audit: regie audit verify on the loaded data dir, {RUNS} runs")
        rates, cpu, recs, inv = [], [], None, None
        for _ in range(RUNS):
            ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            p = regie("audit", "verify", check=False)
            dt = time.perf_counter() - t0
            ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            m = re.search(r"^OK: (\d+) records", p.stdout, re.M)
            if not m:
                inv = "verify did not answer OK"
                break
            recs = int(m.group(1))
            rates.append(recs / dt)
            cpu.append((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime))
        row("verify", f"regie audit verify ({recs} records)", "records/s", rates, 2_000_000,
            ">=", "wall clock of the whole command (process start included)", inv,
            {"records": recs, "cpu_seconds": [round(c, 3) for c in cpu]})

    # ---- region-wide overlap: bench_network's own synthetic region
    if want("overlap"):
        say(f"== overlap: bench_network on its own synthetic region of {PERSONS} persons")
        d = os.path.join(TMP, "netdb")
        p = subprocess.run([os.path.join(ROOT, B, "bench", "bench_network"), str(PERSONS), d],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        shutil.rmtree(d, ignore_errors=True)
        def grab(what):
            m = re.search(re.escape(what) + r"\s+p50 ([\d.]+) ms\s+p99 ([\d.]+) ms", p.stdout)
            return (float(m.group(1)), float(m.group(2))) if m else (None, None)
        inv = None if p.returncode == 0 else f"bench_network exited {p.returncode}"
        k2 = grab("k=2, one case (use-case)")
        ov = grab("overlap, whole region (SQL)")
        note = f"bench_network {PERSONS} persons, in process (no HTTP); median of its runs"
        row("network_tool.k2", "k=2, use-case, in process", "ms", [k2[0]], 10, "<", note, inv)
        row("network_tool.overlap", "overlap query, whole region", "ms", [ov[0]], 200, "<",
            note, inv)

    meta["loadavg_end"] = os.getloadavg()[0]
    print_table()
    print_rss()
    res = {"meta": meta, "rows": ROWS}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT + ".tmp", "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    say(f"\nscale {meta['scale'] if meta['scale'] is not None else 'demo (no --scale)'}, "
        f"{meta['signals']} signals, {RUNS} runs x {SECS} s, load average "
        f"{meta['loadavg_start']:.2f} -> {meta['loadavg_end']:.2f} on {meta['cpus']} CPUs; "
        f"JSON: {os.path.relpath(OUT, ROOT)}")
    say("Figures only: the bench asserts nothing; wall-clock figures move with machine load.")


def markdown(path):
    """`python3 bench/run.py --markdown [FILE]`: the table of a results file as Markdown (for
    docs/performance.md)."""
    res = json.load(open(path))
    m = res["meta"]
    print(f"Scale {m.get('scale') if m.get('scale') is not None else 'demo (no --scale)'}, "
          f"{m.get('signals')} signals; {m.get('runs')} runs x {m.get('seconds')} s; "
          f"{m.get('date')}, commit {m.get('commit')}{' (dirty tree)' if m.get('dirty') else ''}; "
          f"{m.get('cpus')} CPUs, load average {m.get('loadavg_start', 0):.1f} -> "
          f"{m.get('loadavg_end', 0):.1f}.\n")
    print("| row | unit | median | min | max | target | met |")
    print("|---|---|--:|--:|--:|---|---|")
    for r in res["rows"]:
        t = r["target"]
        tgt = f"{t['op']} {fmt(t['value'])}" if t else ""
        if r["valid"]:
            figs = [fmt(r["median"]), fmt(r["min"]), fmt(r["max"])]
            met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        else:
            figs, met = ["-", "-", "-"], "INVALID: " + (r["invalid_reason"] or "")
        print(f"| {r['label']} | {r['unit']} | " + " | ".join(figs) + f" | {tgt} | {met} |")


def growth(paths):
    """`python3 bench/run.py --growth A.json B.json ...`: the medians of several results files
    (e.g. N=1, 10, 100) side by side as Markdown, in the row order of the first."""
    res = [json.load(open(p)) for p in paths]
    names = [f"N={r['meta'].get('scale')}"
             + (f" {r['meta'].get('backend')}" if r["meta"].get("backend") == "postgresql" else "")
             for r in res]
    print("| row | unit | " + " | ".join(names) + " |")
    print("|---|---|" + "--:|" * len(names))
    print("| signals after purge | | " + " | ".join(f"{r['meta'].get('signals'):,}" for r in res)
          + " |")
    print("| access-log records (loader) | | " + " | ".join(
        f"{(r['meta'].get('scale_counts') or {}).get('access_log_records', 0):,}" for r in res)
        + " |")
    by_id = [{x["id"]: x for x in r["rows"]} for r in res]
    for first in res[0]["rows"]:
        cells = []
        for b in by_id:
            x = b.get(first["id"])
            cells.append("-" if x is None else fmt(x["median"]) if x["valid"] else "invalid")
        label = re.sub(r" \(\d+ records\)", "", first["label"])
        print(f"| {label} | {first['unit']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--growth":
        shutil.rmtree(TMP, ignore_errors=True)
        growth(sys.argv[2:])
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "--markdown":
        shutil.rmtree(TMP, ignore_errors=True)
        markdown(sys.argv[2] if len(sys.argv) > 2 else OUT)
        sys.exit(0)
    try:
        main()
    finally:
        stop_server()
        pg_stop()
        shutil.rmtree(TMP, ignore_errors=True)
