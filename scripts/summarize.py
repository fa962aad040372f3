#!/usr/bin/env python3
"""Adds up the results of every suite that scripts/test.sh ran and prints one closing line,
'N passed, N failed'. Exit 0 only when nothing failed and at least one test ran.

Sources: meson's testlog.json of both builds and of the API tests on PostgreSQL (Criterion prints a 'Synthesis' line per
executable; a test executable without one counts as 1 passed or failed by its result), the
sanitizer report count, the layer checks ('PASS ...' / 'FAIL ...' lines), the fuzz smoke
('FUZZ PASS' / 'FUZZ FAIL' lines) and node's test runner (web unit, web e2e, hostile clients) ('# pass N' / '# fail N')."""
import json
import os
import re
import sys

SYN = re.compile(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)")
CRIT_FAIL = re.compile(r"\[FAIL\] (\S+?):? ")
FAILED = []  # (suite label, name) of every failed meson test (and Criterion test inside it)


def meson_log(path, label):
    passed = failed = 0
    if not os.path.exists(path):
        return 0, 0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)
            out = (t.get("stdout") or "") + (t.get("stderr") or "")
            m = SYN.findall(out)
            ok = t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
            if not ok:
                inner = sorted(set(CRIT_FAIL.findall(out)))
                FAILED.append((label, t.get("name", "?") + (" (" + ", ".join(inner) + ")" if inner else "")))
            if m:
                tested, passing, failing, crashing = map(int, m[-1])
                passed += passing
                failed += failing + crashing
                if not ok and failing + crashing == 0:
                    failed += 1  # the executable failed outside any test (e.g. a sanitizer exit)
            else:
                if ok:
                    passed += 1
                else:
                    failed += 1
    return passed, failed


def lines(path, ok_pat, bad_pat):
    p = f = 0
    if os.path.exists(path):
        with open(path) as fh:
            for line in fh:
                if re.match(ok_pat, line):
                    p += 1
                elif re.match(bad_pat, line):
                    f += 1
    return p, f


def node(path):
    p = f = 0
    if os.path.exists(path):
        with open(path) as fh:
            txt = fh.read()
        mp = re.findall(r"^# pass (\d+)", txt, re.M)
        mf = re.findall(r"^# fail (\d+)", txt, re.M)
        if mp:
            p = int(mp[-1])
        if mf:
            f = int(mf[-1])
        if not mp and not mf:
            f = 1  # the runner did not finish
    return p, f


def main(d):
    total_p = total_f = 0
    parts = []
    for name, (p, f) in [
        ("unit+api (gcc)", meson_log(os.path.join(d, "gcc.json"), "unit+api (gcc)")),
        ("unit+api (asan)", meson_log(os.path.join(d, "asan.json"), "unit+api (asan)")),
        ("api (postgresql)", meson_log(os.path.join(d, "pg.json"), "api (postgresql)")),
        ("layer checks", lines(os.path.join(d, "layers.txt"), r"^PASS ", r"^FAIL ")),
        ("fuzz smoke", lines(os.path.join(d, "fuzz.txt"), r"^FUZZ PASS", r"^FUZZ FAIL")),
        ("web unit", node(os.path.join(d, "web-unit.txt")) if os.path.exists(os.path.join(d, "web-unit.txt")) else (0, 0)),
        ("web e2e", node(os.path.join(d, "web-e2e.txt")) if os.path.exists(os.path.join(d, "web-e2e.txt")) else (0, 0)),
        ("hostile clients", node(os.path.join(d, "hostile.txt")) if os.path.exists(os.path.join(d, "hostile.txt")) else (0, 0)),
    ]:
        parts.append(f"  {name:18s} {p:5d} passed, {f:3d} failed")
        total_p += p
        total_f += f
    san = os.path.join(d, "sanitizer.txt")
    if os.path.exists(san):
        n = int(open(san).read().split()[1])
        parts.append(f"  {'sanitizer reports':18s} {n:5d}")
        if n:
            total_f += n
    for label, name in FAILED:
        print(f"failed: {label}: {name}")
    print("\nsummary:")
    print("\n".join(parts))
    print(f"{total_p} passed, {total_f} failed")
    return 0 if total_f == 0 and total_p > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
