#!/usr/bin/env python3
"""test_rls.py: row-level security keeps municipalities apart in PostgreSQL (issue 13, item 1;
src/store/pg/rls.sql).

    test_rls.py REGIE_BINARY

`regie init` and `regie demo` on a throw-away cluster as the schema's owner; then statements as
regie_app, the application's role, under each value of the setting regie.scope that Regie sends
(store_scope_set). Checks, as TAP: without the setting, or with a malformed one, nothing is
visible; 'all' sees what the owner sees; a user of Voorbeeldstad sees every case and signal of
Voorbeeldstad and of another municipality only through a rule (a break-glass grant, a
participation of its organisation, an invitation to an agenda item, a membership of an overleg
body, a signal it submitted), each added and taken away again here; what it cannot see it can
neither change nor create; the schema's owner is not bound. The tables under a case or signal
(rls_children.sql) show a user exactly the rows of the cases and signals it sees, and a hidden
case's tasks and its signal's subjects appear with a break-glass grant and go with it. The whole API suite runs on
PostgreSQL with the server as regie_app (tests/pg/suite.py), so the application's own paths are
checked under these policies too. Ids only; no personal data is read or printed."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_two_nodes as tn  # noqa: E402

tap = tn.tap

# (table, column, parent) of rls_children.sql
CHILDREN = [(t, "case_id", "pga_case") for t in (
    "case_measure", "case_plan", "case_task", "case_event", "case_assessment", "comm_line",
    "family_support", "family_contact", "network_person", "network_relation",
    "network_assessment", "informing_record", "reuse_basis")] + [
    (t, "signal_id", "signal") for t in (
        "signal_subject", "signal_info", "signal_feedback", "weighing", "ambtsbericht",
        "signal_token")]


def q(conn, sql, user=None, scope=None):
    """(rc, first value or '', SQLSTATE or '') of sql as user, after SET regie.scope."""
    c = conn if user is None else conn.replace("user=postgres", "user=" + user)
    pre = [] if scope is None else ["-c", "SET regie.scope = '%s'" % scope.replace("'", "''")]
    p = subprocess.run(["psql", c, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                        "-v", "VERBOSITY=verbose"] + pre + ["-c", sql],
                       capture_output=True, text=True)
    out = p.stdout.strip().splitlines()
    st = ""
    for line in p.stderr.splitlines():
        if line.startswith("ERROR:") and len(line.split()) > 1:
            st = line.split()[1].rstrip(":")
    return p.returncode, (out[-1] if out else ""), st


def n(conn, sql, user=None, scope=None):
    rc, v, _ = q(conn, sql, user, scope)
    return int(v) if rc == 0 and v.lstrip("-").isdigit() else -1


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: test_rls.py REGIE_BINARY")
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="regie-rls-")
    cdir = tempfile.mkdtemp(prefix="regie-pg-")
    started = tn.start_cluster(cdir, 50)
    if started is None:
        return 1
    admin, owner, _ = started
    db = admin.replace("dbname=postgres", "dbname=regie")
    if "dbname=" not in db:
        db += " dbname=regie"
    try:
        tn.make_database(admin)
        tn.init_demo(binary, os.path.join(tmp, "d"), owner)
        vs = n(db, "SELECT id FROM organisation WHERE name = 'Gemeente Voorbeeldstad'")
        pd = n(db, "SELECT id FROM organisation WHERE name = 'Gemeente Proefdorp'")
        user = n(db, "SELECT u.id FROM app_user u WHERE u.username = 'dossierhouder'")
        tap(vs > 0 and pd > 0 and user > 0 and
            n(db, "SELECT org_id FROM app_user WHERE id = %d" % user) == vs,
            "the demo has Voorbeeldstad, Proefdorp and Voorbeeldstad's dossierhouder")
        scope = "%d:%d" % (vs, user)
        # this user's ways into other municipalities, as the demo made them, taken away first
        q(db, "DELETE FROM overleg_member WHERE user_id = %d; "
              "DELETE FROM break_glass WHERE user_id = %d; "
              "DELETE FROM item_invitation WHERE user_id = %d; "
              "DELETE FROM case_participant WHERE org_id = %d; "
              "DELETE FROM signal_participant WHERE org_id = %d; "
              "DELETE FROM ambtsbericht_reader WHERE user_id = %d; "
              "UPDATE signal SET submitter_id = NULL WHERE submitter_id = %d AND "
              "municipality_id <> %d" % (user, user, user, vs, vs, user, user, vs))
        cases = n(db, "SELECT count(*) FROM pga_case")
        signals = n(db, "SELECT count(*) FROM signal")
        vs_cases = n(db, "SELECT count(*) FROM pga_case WHERE municipality_id = %d" % vs)
        vs_signals = n(db, "SELECT count(*) FROM signal WHERE municipality_id = %d" % vs)
        x = n(db, "SELECT min(id) FROM pga_case WHERE municipality_id = %d" % pd)
        xs = n(db, "SELECT signal_id FROM pga_case WHERE id = %d" % x)
        tap(cases > vs_cases > 0 and signals > vs_signals > 0 and x > 0,
            "cases and signals in more than one municipality (%d of %d cases in Voorbeeldstad)"
            % (vs_cases, cases))

        app = "regie_app"
        for bad in (None, "none", "", "all ", "%d" % vs, "%d:x" % vs, "x:%d" % user):
            c1 = n(db, "SELECT count(*) FROM pga_case", app, bad)
            c2 = n(db, "SELECT count(*) FROM signal", app, bad)
            tap(c1 == 0 and c2 == 0, "regie_app with the scope %s sees nothing (%d, %d)"
                % ("missing" if bad is None else repr(bad), c1, c2))
        tap(n(db, "SELECT count(*) FROM pga_case", app, "all") == cases and
            n(db, "SELECT count(*) FROM signal", app, "all") == signals,
            "the scope 'all' sees every case and signal")
        tap(n(db, "SELECT count(*) FROM pga_case") == cases,
            "the schema's owner is not bound (no setting, every case)")

        def sees_case():
            return n(db, "SELECT count(*) FROM pga_case WHERE id = %d" % x, app, scope) == 1

        def sees_signal():
            return n(db, "SELECT count(*) FROM signal WHERE id = %d" % xs, app, scope) == 1

        got_c = n(db, "SELECT count(*) FROM pga_case", app, scope)
        got_s = n(db, "SELECT count(*) FROM signal", app, scope)
        own_c = n(db, "SELECT count(*) FROM pga_case WHERE municipality_id = %d" % vs, app, scope)
        tap(got_c == vs_cases and own_c == vs_cases,
            "a user of Voorbeeldstad sees its %d cases and no other (%d)" % (vs_cases, got_c))
        tap(got_s == vs_signals, "and its %d signals and no other (%d)" % (vs_signals, got_s))
        tap(not sees_case() and not sees_signal(), "a case of Proefdorp and its signal: hidden")

        rc, v, st = q(db, "UPDATE pga_case SET next_review_day = next_review_day WHERE id = %d "
                          "RETURNING id" % x, app, scope)
        tap(rc == 0 and v == "", "a hidden case cannot be changed (no row updated; %d %s)"
            % (rc, st or "-"))
        rc, v, st = q(db, "DELETE FROM signal_subject WHERE signal_id IN (SELECT id FROM signal "
                          "WHERE id = %d) RETURNING signal_id" % xs, app, scope)
        tap(rc == 0 and v == "", "nor reached through a subquery (%d %s)" % (rc, st or "-"))
        rc, _, st = q(db, "UPDATE pga_case SET municipality_id = %d WHERE municipality_id = %d "
                          "AND id = (SELECT min(id) FROM pga_case WHERE municipality_id = %d)"
                      % (pd, vs, vs), app, scope)
        tap(rc != 0 and st == "42501", "an own case cannot be moved out of sight (SQLSTATE %s)"
            % (st or "none"))
        rc, _, st = q(db, "INSERT INTO signal(id, reference, group_id, municipality_id, route, "
                          "state, reporter_kind, received_day, received_at, acute, state_at, "
                          "doc_ct) SELECT 987654321, 'RLSTEST001', group_id, %d, 'professional', "
                          "'ontvangen', 'named', 1, 1, 0, 1, '\\x00'::bytea FROM signal LIMIT 1"
                      % pd, app, scope)
        tap(rc != 0 and st == "42501", "a signal for Proefdorp cannot be created (SQLSTATE %s)"
            % (st or "none"))

        # the tables under a case or signal (rls_children.sql) follow their parent: for each,
        # a user scope sees exactly the rows of the cases / signals it sees, 'all' every row
        for t, col, parent in CHILDREN:
            every = n(db, "SELECT count(*) FROM %s" % t)
            own = n(db, "SELECT count(*) FROM %s r JOIN %s p ON p.id = r.%s WHERE "
                        "p.municipality_id = %d" % (t, parent, col, vs))
            got = n(db, "SELECT count(*) FROM %s" % t, app, scope)
            tap(got == own and n(db, "SELECT count(*) FROM %s" % t, app, "all") == every and
                n(db, "SELECT count(*) FROM %s" % t, app, "none") == 0,
                "%s: a user of Voorbeeldstad sees its %d rows of %d (%d)" % (t, own, every, got))
        hidden = n(db, "SELECT count(*) FROM case_task WHERE case_id = %d" % x)
        hidden_s = n(db, "SELECT count(*) FROM signal_subject WHERE signal_id = %d" % xs)
        tap(hidden > 0 and hidden_s > 0, "the hidden case has tasks (%d) and its signal "
            "subjects (%d)" % (hidden, hidden_s))
        rc, v, st = q(db, "UPDATE case_task SET case_id = case_id WHERE case_id = %d "
                          "RETURNING id" % x, app, scope)
        tap(rc == 0 and v == "", "a hidden case's task cannot be changed (%d %s)"
            % (rc, st or "-"))

        def sees_children():
            return (n(db, "SELECT count(*) FROM case_task WHERE case_id = %d" % x, app, scope),
                    n(db, "SELECT count(*) FROM signal_subject WHERE signal_id = %d" % xs, app,
                      scope))

        # each rule lets the user in, and only while it holds
        bg = 987650001
        q(db, "INSERT INTO break_glass(id, case_id, user_id, org_id, group_id, created_at, "
              "expires_at, doc_ct) SELECT %d, %d, %d, %d, group_id, 1, 2, '\\x00'::bytea FROM "
              "pga_case WHERE id = %d" % (bg, x, user, vs, x))
        a, b = sees_case(), sees_signal()
        kids = sees_children()
        q(db, "DELETE FROM break_glass WHERE id = %d" % bg)
        tap(a and b and not sees_case(), "a break-glass grant shows the case and its signal, "
            "and no longer once it is gone")
        tap(kids == (hidden, hidden_s) and sees_children() == (0, 0),
            "with it the case's tasks and the signal's subjects (%s), then none (%s)"
            % (kids, sees_children()))
        q(db, "INSERT INTO case_participant(id, case_id, org_id, kind, added_by, added_at, doc_ct) "
              "VALUES (987650004, %d, %d, 'invited', %d, 1, '\\x00'::bytea)" % (x, vs, user))
        a = sees_case()
        q(db, "DELETE FROM case_participant WHERE case_id = %d AND org_id = %d" % (x, vs))
        tap(a and not sees_case(), "a participation of the organisation shows the case")
        body = 987650005  # an overleg body of Proefdorp with Voorbeeldstad's user as member
        rc, _, _ = q(db, "INSERT INTO overleg_body(id, municipality_id, kind, name, created_by, "
                         "created_at) VALUES (%d, %d, 'regionaal', 'RLS-test', %d, 1); "
                         "INSERT INTO overleg_member(body_id, user_id) VALUES (%d, %d)"
                     % (body, pd, user, body, user))
        a = n(db, "SELECT count(*) FROM pga_case WHERE municipality_id = %d" % pd, app, scope)
        q(db, "DELETE FROM overleg_member WHERE body_id = %d; DELETE FROM overleg_body WHERE "
              "id = %d" % (body, body))
        want = n(db, "SELECT count(*) FROM pga_case WHERE municipality_id = %d" % pd)
        tap(rc == 0 and a == want and not sees_case(), "membership of an overleg body of "
            "Proefdorp shows Proefdorp's cases (%d of %d)" % (a, want))
        q(db, "UPDATE signal SET submitter_id = %d WHERE id = %d" % (user, xs))
        a = sees_signal()
        q(db, "UPDATE signal SET submitter_id = NULL WHERE id = %d" % xs)
        tap(a and not sees_signal(), "a signal the user submitted is visible to the user")
        meeting = n(db, "SELECT min(id) FROM meeting")
        rc, _, st = q(db, "INSERT INTO agenda_item(id, meeting_id, position, kind, case_id, "
                          "group_id, created_by, created_at, doc_ct) SELECT 987650003, %d, 999, "
                          "'case', id, group_id, %d, 1, '\\x00'::bytea FROM pga_case WHERE id = %d"
                      % (meeting, user, x))
        q(db, "INSERT INTO item_invitation(id, item_id, user_id, org_id, from_day, until_day, "
              "invited_by, invited_at, doc_ct) VALUES (987650002, 987650003, %d, %d, 1, 2, %d, 1, "
              "'\\x00'::bytea)" % (user, vs, user))
        a = sees_case()
        q(db, "DELETE FROM item_invitation WHERE id = 987650002; "
              "DELETE FROM agenda_item WHERE id = 987650003")
        tap(meeting > 0 and rc == 0 and a and not sees_case(),
            "an invitation to an agenda item about the case shows it")
    finally:
        subprocess.run([tn.CLUSTER, "stop", cdir], capture_output=True)
    return tn.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
