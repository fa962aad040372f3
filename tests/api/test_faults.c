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
 * Afterwards: PRAGMA integrity_check is ok, `regie audit verify` passes, and the acknowledged
 * writes are exactly the ones present. Runs only in the test-hooks (ASan) build. */
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

static void start(void)
{
    snprintf(ctl_dir, sizeof(ctl_dir), "/tmp/regie-faults-XXXXXX");
    cr_assert_not_null(mkdtemp(ctl_dir));
    snprintf(ctl, sizeof(ctl), "%s/ctl", ctl_dir);
    char envv[300];
    snprintf(envv, sizeof(envv), "REGIE_TEST_IOFAULT_FILE=%s", ctl);
    const char *env[] = {envv, NULL};
    struct srv_opts o = {.demo = true, .env = env};
    srv_start_opts(&S, &o);
    fault("off");
    login_ok(&S, "dossierhouder", &DH);
}

static void finish(void)
{
    fault("off");
    cr_assert_eq(srv_stop(&S, true), 0, "the server did not stop cleanly after the faults");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
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

/* Every signal this test added has exactly its two subjects: no half-applied intake. */
static void expect_whole(int64_t first)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM signal s WHERE s.id > %lld AND (SELECT count(*) FROM "
             "signal_subject x WHERE x.signal_id = s.id) <> 2",
             (long long)first);
    cr_expect_eq(db_int(&S, sql), 0, "a signal without both of its subjects");
}

static int64_t last_id(void)
{
    return db_int(&S, "SELECT coalesce(max(id), 0) FROM signal");
}

Test(faults, io_error_fails_writes_and_logged_reads_then_recovers)
{
    REQUIRE_TEST_HOOKS();
    start();
    int64_t before = signals(), first = last_id();
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
    start();
    int64_t before = signals(), first = last_id();
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
    start();
    int64_t before = signals(), first = last_id();
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
    start();
    int64_t before = signals(), first = last_id();
    int acked = 0, refused = 0;
    /* oom N on a Fibonacci scale, from the first allocation of the request to past its last */
    int points = 0;
    for (int a = 0, b = 1; a < 20000; b = a + b, a = b - a) {
        int n = a;
        points++;
        char mode[32];
        snprintf(mode, sizeof(mode), "oom %d", n);
        fault(mode);
        struct resp r;
        int st = post_signal(200 + n, &r);
        resp_free(&r);
        fault("off");
        if (st == 201)
            acked++;
        else
            refused++;
        cr_assert_eq(get("/api/health", false), 200, "the server died at allocation point %d", n);
    }
    /* the session still works after the faults */
    struct resp r;
    int st = post_signal(999, &r);
    cr_expect_eq(st, 201, "no recovery after the allocation faults: %d %s", st, r.body ? r.body : "");
    resp_free(&r);
    acked++;
    cr_expect_eq(signals(), before + acked);
    cr_expect_gt(refused, 0, "no allocation failure hit the intake (the hook does not work)");
    cr_expect_gt(acked, 1, "no allocation point lay past the intake's last allocation");
    expect_whole(first);
    fprintf(stderr, "faults: %d allocation fault points, %d acknowledged, %d refused\n", points,
            acked - 1, refused);
    finish();
}
