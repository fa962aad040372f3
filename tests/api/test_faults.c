/* test_faults.c: faults under the real server (issue 12 item 3). The test-hooks build carries a
 * VFS shim and an SQLite allocator (src/store/faults.c) driven by a control file, so the test
 * can make every write, sync or allocation of the server's database fail while it serves:
 * - I/O errors: a write fails with a 5xx problem+json and changes nothing; a logged read fails
 *   closed (its access-log record cannot be written); the health route keeps answering; once the
 *   fault is gone, writes work again without a restart.
 * - A full disk: writes get 503 (or 507) problem+json; recovery without a restart.
 * - A fault at each of the first N write/sync points of a composite write (a signal with two
 *   subjects, its access-log records): never a half-applied operation.
 * - Allocation failure at each of the first N SQLite allocations: no crash, the same rule.
 * - Allocation failure in our own code and in jansson ("alloc N": the binary's malloc, calloc,
 *   realloc, strdup, strndup, posix_memalign and jansson's allocator) over login, a logged read,
 *   signal intake and a case write: the answer is 2xx with a whole JSON body or a 5xx
 *   problem+json, never a crash, a dropped connection or a half-applied operation.
 * - On PostgreSQL, the database connections cut (pg_terminate_backend) again and again while
 *   signals are written and read: every answer is 2xx or a 5xx problem+json, the server
 *   reconnects without a restart, every acknowledged write is present and none is half-applied.
 * Afterwards: PRAGMA integrity_check is ok (SQLite), `regie audit verify` passes, and the
 * acknowledged writes are exactly the ones present. Runs only in the test-hooks (ASan) build.
 * The first four tests drive SQLite's VFS and allocator and skip on PostgreSQL; the allocation
 * faults of our own code and the connection cuts run there. */
#include <pthread.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char ctl[256];
static char ctl_dir[64];
static struct srv S;
static struct sess DH;

static void fault(const char *mode)
{
    char tmp[300];
    snprintf(tmp, sizeof(tmp), "%s.tmp", ctl);
    FILE *f = fopen(tmp, "w");
    cr_assert_not_null(f);
    fprintf(f, "%s\n", mode);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(rename(tmp, ctl), 0);
    usleep(40 * 1000); /* the server re-reads the control file at most every 20 ms */
}

static void start_clock(bool clock)
{
    snprintf(ctl_dir, sizeof(ctl_dir), "/tmp/regie-faults-XXXXXX");
    cr_assert_not_null(mkdtemp(ctl_dir));
    snprintf(ctl, sizeof(ctl), "%s/ctl", ctl_dir);
    char envv[300];
    snprintf(envv, sizeof(envv), "REGIE_TEST_IOFAULT_FILE=%s", ctl);
    const char *env[] = {envv, NULL};
    struct srv_opts o = {.demo = true, .env = env, .clock = clock};
    srv_start_opts(&S, &o);
    fault("off");
    login_ok(&S, "dossierhouder", &DH);
}

static void start(void)
{
    start_clock(false);
}

#define SQLITE_ONLY(why)                                                                          \
    do {                                                                                           \
        if (suite_on_postgres())                                                                   \
            cr_skip_test("SQLite only: %s", why);                                                 \
    } while (0)

static void finish(void)
{
    fault("off");
    cr_assert_eq(srv_stop(&S, true), 0, "the server did not stop cleanly after the faults");
    if (!db_is_postgres(&S)) /* PostgreSQL checks its own pages; no such pragma there */
        cr_expect_eq(
            db_int(&S, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
            1, "PRAGMA integrity_check is not ok");
    char *out = NULL;
    const char *ver[] = {"audit", "verify", NULL};
    cr_expect_eq(srv_run(&S, &out, ver), 0, "regie audit verify fails after the faults");
    free(out);
    (void)srv_stop(&S, false); /* already stopped: removes the data dir */
    unlink(ctl);
    rmdir(ctl_dir);
}

/* A signal with two subjects: one use-case that writes the signal, two person rows, their
 * links and several access-log records in one transaction. */
static int post_signal(int i, struct resp *r)
{
    char body[512];
    snprintf(body, sizeof(body),
             "{\"route\":\"signaleringsoverleg\",\"subjects\":[{\"kind\":\"person\",\"name\":"
             "\"Fout Persoon %d A\"},{\"kind\":\"person\",\"name\":\"Fout Persoon %d B\"}],"
             "\"observed\":\"Waarneming voor de fouttest %d.\",\"acute\":{\"danger\":false}}",
             i, i, i);
    return sess_do(&S, &DH, "POST", "/api/signals", "application/json", body, NULL, r) == 0
               ? r->status
               : -1;
}

/* Status of a GET (the response is freed); -1 on a transport error. */
static int get(const char *path, bool with_session)
{
    struct resp r;
    int rc = with_session ? sess_do(&S, &DH, "GET", path, NULL, NULL, NULL, &r)
                          : http_do(&S, "GET", path, NULL, NULL, NULL, &r);
    int st = rc == 0 ? r.status : -1;
    resp_free(&r);
    return st;
}

static int64_t signals(void)
{
    return db_int(&S, "SELECT count(*) FROM signal");
}

/* Signals that do not have exactly two subjects (the demo has some; the ids are random, so a
 * test compares this count before and after instead of looking at "new" ids). */
static int64_t not_whole(void)
{
    return db_int(&S, "SELECT count(*) FROM signal s WHERE (SELECT count(*) FROM signal_subject x "
                      "WHERE x.signal_id = s.id) <> 2");
}

/* Every signal this test added has exactly its two subjects: no half-applied intake. */
static void expect_whole(int64_t not_whole_before)
{
    cr_expect_eq(not_whole(), not_whole_before, "a signal without both of its subjects");
}

Test(faults, io_error_fails_writes_and_logged_reads_then_recovers)
{
    REQUIRE_TEST_HOOKS();
    SQLITE_ONLY("SQLite's VFS fails the writes (the connection cuts are PostgreSQL's faults)");
    start();
    int64_t before = signals(), first = not_whole();
    struct resp r;

    fault("eio");
    int st = post_signal(1, &r);
    cr_expect(st >= 500 && st <= 599, "a write under an I/O error gave %d", st);
    cr_expect(resp_is_problem(&r), "the error is problem+json");
    resp_free(&r);
    st = get("/api/signals", true);
    cr_expect(st >= 500 && st <= 599,
              "a logged read whose access-log record cannot be written gave %d (must fail closed)",
              st);
    cr_expect_eq(get("/api/health", false), 200, "the health route stops answering under an I/O error");

    fault("off");
    cr_expect_eq(post_signal(2, &r), 201, "no recovery without a restart");
    resp_free(&r);
    cr_expect_eq(get("/api/signals", true), 200);
    cr_expect_eq(signals(), before + 1, "the refused write left a signal behind");
    expect_whole(first);
    finish();
}

Test(faults, full_disk_gives_503_or_507_then_recovers)
{
    REQUIRE_TEST_HOOKS();
    SQLITE_ONLY("SQLite's VFS reports the full disk");
    start();
    int64_t before = signals(), first = not_whole();
    struct resp r;
    fault("full");
    int st = post_signal(1, &r);
    cr_expect(st == 503 || st == 507, "a write on a full disk gave %d (want 503 or 507)", st);
    cr_expect(resp_is_problem(&r));
    resp_free(&r);
    fault("off");
    cr_expect_eq(post_signal(2, &r), 201, "no recovery without a restart after the disk full");
    resp_free(&r);
    cr_expect_eq(signals(), before + 1);
    expect_whole(first);
    finish();
}

Test(faults, a_fault_at_every_write_point_never_half_applies, .timeout = 240)
{
    REQUIRE_TEST_HOOKS();
    SQLITE_ONLY("SQLite's VFS fails each write point");
    start();
    int64_t before = signals(), first = not_whole();
    int acked = 0, refused = 0, points = 0;
    /* eio N / full N: the first N writes/syncs succeed, then every one fails. Every point up to
     * 24, then wider steps past the last write point of one intake (where it succeeds under the
     * armed fault), alternating I/O error and full disk. */
    static const int at[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,  14,
                             15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 30,  40,  55,  75,  100,
                             140, 200, 300, 450, 700, 1000, 2000};
    for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
        int n = (int)k;
        char mode[32];
        snprintf(mode, sizeof(mode), "%s %d", k % 2 ? "full" : "eio", at[k]);
        fault(mode);
        struct resp r;
        int st = post_signal(100 + n, &r);
        resp_free(&r);
        fault("off");
        points++;
        if (st == 201)
            acked++;
        else {
            cr_expect(st >= 500, "fault point %d: status %d", n, st);
            refused++;
        }
        /* the server must serve again right away */
        cr_assert_eq(get("/api/health", false), 200, "the server died at fault point %d", n);
    }
    cr_expect_eq(signals(), before + acked, "acknowledged %d, refused %d, but %lld new signals",
                 acked, refused, (long long)(signals() - before));
    cr_expect_gt(refused, 0, "no fault point hit the intake (the hook does not work)");
    cr_expect_gt(acked, 0, "no fault point lay past the intake's last write");
    expect_whole(first);
    fprintf(stderr, "faults: %d write fault points, %d acknowledged, %d refused, 0 half-applied\n",
            points, acked, refused);
    finish();
}

Test(faults, allocation_failure_in_sqlite_never_crashes_or_half_applies, .timeout = 240)
{
    REQUIRE_TEST_HOOKS();
    SQLITE_ONLY("SQLite's allocator fails");
    start();
    int64_t first = not_whole();
    int acked = 0, refused = 0, after_commit = 0;
    /* oom N on a Fibonacci scale, from the first allocation of the request to past its last */
    int points = 0;
    for (int a = 0, b = 1; a < 20000; b = a + b, a = b - a) {
        int n = a;
        points++;
        int64_t before = signals();
        char mode[32];
        snprintf(mode, sizeof(mode), "oom %d", n);
        fault(mode);
        struct resp r;
        int st = post_signal(200 + n, &r);
        resp_free(&r);
        fault("off");
        int64_t added = signals() - before;
        if (st == 201) {
            acked++;
            cr_expect_eq(added, 1, "allocation point %d: 201 but %lld new signals", n,
                         (long long)added);
        } else {
            refused++;
            cr_expect(st >= 500 && st <= 599, "allocation point %d: status %d (want 201 or 5xx)",
                      n, st);
            /* refused, yet applied whole: the commit was durable and building the answer failed
             * after it (a 5xx is then ambiguous, like a connection lost after the commit) */
            if (added == 1)
                after_commit++;
            cr_expect(added == 0 || added == 1, "allocation point %d: %d and %lld new signals", n,
                      st, (long long)added);
        }
        cr_assert_eq(get("/api/health", false), 200, "the server died at allocation point %d", n);
    }
    /* the session still works after the faults */
    struct resp r;
    int64_t before = signals();
    int st = post_signal(999, &r);
    cr_expect_eq(st, 201, "no recovery after the allocation faults: %d %s", st, r.body ? r.body : "");
    resp_free(&r);
    cr_expect_eq(signals(), before + 1);
    cr_expect_gt(refused, 0, "no allocation failure hit the intake (the hook does not work)");
    cr_expect_gt(acked, 0, "no allocation point lay past the intake's last allocation");
    expect_whole(first);
    fprintf(stderr,
            "faults: %d allocation fault points, %d acknowledged, %d refused (%d of them applied "
            "whole before the answer failed)\n",
            points, acked, refused, after_commit);
    finish();
}

/* ---- allocation failure in our own code and in jansson (mode "alloc") ------------------------ */

static bool long_run(void)
{
    const char *l = getenv("REGIE_LONG");
    return l != NULL && strcmp(l, "1") == 0;
}

/* The next fault point: every point up to 12, then steps that grow by a quarter, up to 40000
 * (about 30 points a scenario, ~40 s for the five in the ASan build). REGIE_LONG=1: every point
 * up to 100, then steps that grow by an eighth. */
static int next_point(int n)
{
    bool l = long_run();
    if (n < (l ? 100 : 12))
        return n + 1;
    int step = l ? n / 8 : n / 4;
    return n + (step > 0 ? step : 1);
}

struct walk {
    const char *what;
    int points, acked, refused, in_a_row, last;
    int after_commit; /* refused, but applied whole: the answer failed after the commit */
};

/* Checks one answer under an armed allocation fault: ok_status with a whole JSON body, or a 5xx
 * problem+json; never a transport error (a crash or a dropped connection) nor a 4xx. Returns
 * true when the operation was acknowledged. */
static bool answer(struct walk *w, int n, int st, const struct resp *r, int ok_status)
{
    w->points++;
    w->last = n;
    cr_assert(st != -1, "%s, allocation point %d: no answer (crash or dropped connection)",
              w->what, n);
    if (st == ok_status) {
        cr_expect(r->json != NULL, "%s, allocation point %d: %d without a whole JSON body",
                  w->what, n, st);
        w->acked++;
        w->in_a_row++;
        return true;
    }
    cr_expect(st >= 500 && st <= 599, "%s, allocation point %d: status %d (want %d or 5xx)",
              w->what, n, st, ok_status);
    cr_expect(resp_is_problem(r), "%s, allocation point %d: a %d that is not problem+json",
              w->what, n, st);
    w->refused++;
    w->in_a_row = 0;
    return false;
}

/* After each point: the fault is lifted and the server must answer at once. */
static void lift(const struct walk *w, int n)
{
    fault("off");
    cr_assert_eq(get("/api/health", false), 200, "%s: the server died at allocation point %d",
                 w->what, n);
}

/* A walk ends after 40000 or once four points in a row were acknowledged under the armed fault
 * (past the request's last allocation). */
static bool walk_done(const struct walk *w, int n)
{
    return n > 40000 || w->in_a_row >= 4;
}

static void arm(int n)
{
    char mode[32];
    snprintf(mode, sizeof(mode), "alloc %d", n);
    fault(mode);
}

static int64_t audit_rows(void)
{
    return db_int(&S, "SELECT count(*) FROM audit_log");
}

static void walk_intake(struct walk *w)
{
    int64_t first = not_whole();
    for (int n = 0; !walk_done(w, n); n = next_point(n)) {
        int64_t before = signals(), logged = audit_rows();
        arm(n);
        struct resp r;
        int st = post_signal(300 + n, &r);
        bool ok = answer(w, n, st, &r, 201);
        resp_free(&r);
        lift(w, n);
        int64_t added = signals() - before;
        if (ok)
            cr_expect_eq(added, 1, "intake, allocation point %d: 201 but %lld new signals", n,
                         (long long)added);
        else if (added != 0)
            w->after_commit++;
        cr_expect(added == 0 || added == 1, "intake, allocation point %d: %lld new signals", n,
                  (long long)added);
        if (ok)
            cr_expect_gt(audit_rows(), logged, "intake, allocation point %d: acknowledged "
                         "without an access-log record", n);
    }
    expect_whole(first);
}

static void walk_read(struct walk *w, const char *path)
{
    struct resp ref;
    cr_assert_eq(sess_do(&S, &DH, "GET", path, NULL, NULL, NULL, &ref), 0);
    cr_assert_eq(ref.status, 200, "%s without faults: %d", w->what, ref.status);
    cr_assert_not_null(ref.json);
    for (int n = 0; !walk_done(w, n); n = next_point(n)) {
        int64_t logged = audit_rows();
        arm(n);
        struct resp r;
        int st = sess_do(&S, &DH, "GET", path, NULL, NULL, NULL, &r) == 0 ? r.status : -1;
        bool ok = answer(w, n, st, &r, 200);
        /* a member left out because its allocation failed would be a wrong answer */
        if (ok)
            cr_expect(json_equal(r.json, ref.json), "%s, allocation point %d: 200 with another "
                      "body than without faults", w->what, n);
        resp_free(&r);
        lift(w, n);
        if (ok)
            cr_expect_gt(audit_rows(), logged, "logged read, allocation point %d: answered "
                         "without an access-log record", n);
    }
    resp_free(&ref);
}

static void walk_case_write(struct walk *w, int64_t cid)
{
    char path[96], sql[128];
    snprintf(path, sizeof(path), "/api/cases/%lld/measures", (long long)cid);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM case_measure WHERE case_id = %lld",
             (long long)cid);
    for (int n = 0; !walk_done(w, n); n = next_point(n)) {
        int64_t before = db_int(&S, sql), logged = audit_rows();
        char desc[64];
        snprintf(desc, sizeof(desc), "Fictieve maatregel fouttest %d", n);
        json_t *b = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", "meldplicht",
                              "legal_basis", "Fictieve wettelijke grondslag", "owner_org_id",
                              (json_int_t)DH.org_id, "decider", "burgemeester", "status",
                              "proposed", "description", desc);
        arm(n);
        struct resp r;
        int st = sess_json(&S, &DH, "POST", path, b, &r);
        bool ok = answer(w, n, st, &r, 201);
        resp_free(&r);
        lift(w, n);
        int64_t added = db_int(&S, sql) - before;
        if (ok)
            cr_expect_eq(added, 1, "case write, allocation point %d: 201 but %lld new measures",
                         n, (long long)added);
        else if (added != 0)
            w->after_commit++;
        cr_expect(added == 0 || added == 1, "case write, allocation point %d: %lld new measures",
                  n, (long long)added);
        if (ok)
            cr_expect_gt(audit_rows(), logged, "case write, allocation point %d: acknowledged "
                         "without an access-log record", n);
    }
}

/* Logins of the demo "voorzitter" (a fresh TOTP step each: the clock moves 30 s per point); a
 * session that was acknowledged is ended again. */
static void walk_login(struct walk *w)
{
    int64_t uid = demo_id(&S, "voorzitter");
    const char *pw = demo_str(&S, "voorzitter", "password");
    const char *secret = demo_str(&S, "voorzitter", "totp_secret");
    cr_assert(uid > 0 && pw != NULL && secret != NULL, "no demo account voorzitter");
    char sql[160];
    for (int n = 0; !walk_done(w, n); n = next_point(n)) {
        srv_clock_set(&S, S.clock_off_ms + 30000);
        /* sessions made at this point (older ones, left by answers that failed after the
         * commit, expire and go away by themselves) */
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM session WHERE user_id = %lld AND created_at >= %lld",
                 (long long)uid, (long long)srv_now_ms(&S));
        int64_t logged = audit_rows();
        char code[7];
        totp_fresh(&S, "voorzitter", secret, code);
        arm(n);
        struct resp r;
        struct sess vz;
        int st = login_with(&S, "voorzitter", pw, code, &vz, &r);
        bool ok = answer(w, n, st, &r, 201);
        resp_free(&r);
        lift(w, n);
        int64_t added = db_int(&S, sql);
        if (ok)
            cr_expect_eq(added, 1, "login, allocation point %d: 201 but %lld new sessions", n,
                         (long long)added);
        else if (added != 0)
            w->after_commit++; /* a session whose token nobody received; it expires */
        cr_expect(added == 0 || added == 1, "login, allocation point %d: %lld new sessions", n,
                  (long long)added);
        if (ok) {
            cr_expect_gt(audit_rows(), logged, "login, allocation point %d: no access-log "
                         "record", n);
            cr_expect_eq(sess_status(&S, &vz, "DELETE", "/api/session", NULL, NULL), 204,
                         "logout after allocation point %d", n);
        }
    }
}

static void report(const struct walk *w)
{
    fprintf(stderr,
            "faults: alloc %s: %d points (0..%d), %d acknowledged, %d refused (%d of them applied "
            "whole before the answer failed)\n",
            w->what, w->points, w->last, w->acked, w->refused, w->after_commit);
    cr_expect_gt(w->refused, 0, "%s: no allocation failure hit it (the hook does not work)",
                 w->what);
    cr_expect_gt(w->acked, 0, "%s: no point lay past its last allocation", w->what);
}

Test(faults, allocation_failure_in_our_code_and_jansson_never_crashes_or_half_applies,
     .timeout = 240)
{
    REQUIRE_TEST_HOOKS();
    start_clock(true);
    /* fixtures, made without faults: a signal to read and a case of the dossierhouder */
    struct resp r;
    cr_assert_eq(post_signal(1, &r), 201, "fixture signal");
    int64_t sid = jint(r.json, "id");
    resp_free(&r);
    cr_assert_gt(sid, 0, "no id in the answer to the fixture signal");
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(min(id), 0) FROM pga_case WHERE casusregisseur_id = %lld AND state "
             "NOT IN ('afgeschaald', 'afgesloten', 'vernietigd')",
             (long long)DH.user_id);
    int64_t cid = db_int(&S, sql);
    cr_assert_gt(cid, 0, "no open demo case of the dossierhouder");
    char spath[64], cpath[64];
    snprintf(spath, sizeof(spath), "/api/signals/%lld", (long long)sid);
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);

    struct walk intake = {.what = "intake"}, sread = {.what = "signal read"},
                cread = {.what = "case read"}, cwrite = {.what = "case write"},
                login = {.what = "login"};
    walk_intake(&intake);
    walk_read(&sread, spath);
    walk_read(&cread, cpath);
    walk_case_write(&cwrite, cid);
    walk_login(&login);

    /* the login walk moved the clock past the idle timeout: a fresh session, which works */
    login_ok(&S, "dossierhouder", &DH);
    cr_expect_eq(post_signal(2, &r), 201, "no recovery after the allocation faults: %d", r.status);
    resp_free(&r);
    report(&intake);
    report(&sread);
    report(&cread);
    report(&cwrite);
    report(&login);
    finish();
}

/* ---- PostgreSQL: the server's database connections are cut while it serves ---- */

struct cutter {
    pthread_t th;
    volatile int stop;
    int cuts;      /* rounds that ended at least one of the server's connections */
    int64_t ended; /* connections ended */
};

/* Ends every other connection to the test's database (the server's readers and writer) every
 * 15 to 60 ms, until stopped: pg_terminate_backend, as a restart of PostgreSQL or a network cut
 * would. The test connects as the database's owner, which tests/pg/suite.py lets end the
 * backends of other roles (pg_signal_backend); it sees their user and database, not what they
 * are, so it names them by role. */
static void *cut_main(void *arg)
{
    struct cutter *c = arg;
    unsigned seed = 7;
    while (!c->stop) {
        usleep((useconds_t)(15000 + rand_r(&seed) % 45000));
        int64_t n = db_int(&S, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                               "AND usename IN ('regie_app', 'regie_owner')");
        if (n > 0) {
            c->cuts++;
            c->ended += n;
        }
    }
    return NULL;
}

Test(faults, postgresql_connections_cut_while_serving_never_half_apply, .timeout = 240)
{
    REQUIRE_TEST_HOOKS();
    if (!suite_on_postgres())
        cr_skip_test("PostgreSQL only: its connections are cut (SQLite is a file in the process)");
    start();
    int64_t before = signals(), first = not_whole();
    struct cutter c = {0};
    cr_assert_eq(pthread_create(&c.th, NULL, cut_main, &c), 0);
    int acked = 0, refused = 0, reads_ok = 0, reads_refused = 0, other = 0;
    for (int i = 0; i < 150; i++) {
        struct resp r;
        int st = post_signal(1000 + i, &r);
        if (st == 201) {
            acked++;
        } else if (st >= 500 && st <= 599 && resp_is_problem(&r)) {
            refused++;
            cr_expect_null(json_object_get(r.json, "errors"),
                           "a 5xx names fields (a failing database is not a bad input)");
        } else {
            other++;
            char *why = r.json ? json_dumps(json_object_get(r.json, "errors"), JSON_COMPACT) : NULL;
            cr_expect_fail("a write while connections are cut gave %d (want 201 or a 5xx problem)"
                           " %s: %s",
                           st, r.json ? jstr(r.json, "title") : "", why ? why : "");
            free(why);
        }
        resp_free(&r);
        st = get("/api/signals", true);
        if (st == 200) {
            reads_ok++;
        } else if (st >= 500 && st <= 599) {
            reads_refused++;
        } else {
            other++;
            cr_expect_fail("a read while connections are cut gave %d (want 200 or 5xx)", st);
        }
    }
    c.stop = 1;
    pthread_join(c.th, NULL);
    /* without cuts everything works again, without a restart */
    struct resp r;
    cr_expect_eq(post_signal(2000, &r), 201, "no recovery after the cuts: %d", r.status);
    resp_free(&r);
    cr_expect_eq(get("/api/signals", true), 200, "no read after the cuts");
    int64_t added = signals() - before;
    fprintf(stderr,
            "faults: postgresql cuts: %d rounds ended %lld connections; writes %d acknowledged, "
            "%d refused (%lld of them applied whole before the answer failed); reads %d ok, "
            "%d refused\n",
            c.cuts, (long long)c.ended, acked, refused, (long long)(added - 1 - acked), reads_ok,
            reads_refused);
    cr_expect_gt(c.cuts, 10, "the cutter ended too few connections to test anything");
    cr_expect_gt(acked, 0, "no write got through between the cuts");
    /* every acknowledged write is there; a refused one is either absent or (its answer lost
     * after the commit) whole */
    cr_expect_geq(added, acked + 1, "an acknowledged write is missing");
    cr_expect_leq(added, acked + 1 + refused, "more signals than writes");
    cr_expect_eq(other, 0);
    expect_whole(first);
    finish();
}
