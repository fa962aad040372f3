/* audit_db_bench.c: the access log at scale, through the real store: fills a fresh data dir with
 * N records (default 10,000,000) via the same append path as the server (alog_tx, batches of
 * 10,000 per transaction, subjects drawn from 100,000 persons), then measures
 *   - the per-person query "all records for person X" (store_audit_query by subject, newest
 *     1000), median and worst of 50 persons;
 *   - `regie audit verify` on the whole database (records/s, includes reading every row).
 * Prints figures; asserts nothing. Usage: bench_audit_db [records] [dir] [verify].
 * With "verify" the existing log in dir is not written again: only verify runs, 3 times, and the
 * median is printed. */
#include "core/common.h"

#include <time.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/audit_admin.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/parse.h"
#include "core/rand.h"
#include "policy/policy.h"
#include "store/audit.h"
#include "store/store.h"

static double now_s(void)
{
    return (double)clock_mono_ns() / 1e9;
}

/* CPU time of the whole process (all threads): robust when other jobs share the machine. */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int count_cb(void *ctx, const struct store_audit_row *row)
{
    (void)row;
    (*(size_t *)ctx)++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int64_t n = 10000000;
    const char *dir = argc > 2 ? argv[2] : "/tmp/regie-bench-audit";
    struct config cfg;
    struct err e;
    struct app *a = NULL;
    err_clear(&e);
    if (argc > 1 && parse_i64(str_from_cstr(argv[1]), 1, 1000000000, &n) != 0) {
        fprintf(stderr, "usage: %s [records] [dir] [verify]\n", argv[0]);
        return 2;
    }
    if (core_init() != 0 || policy_init(&e) != 0)
        return 1;
    config_defaults(&cfg);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    cfg.audit_checkpoint_records = 1000;
    cfg.audit_checkpoint_s = 86400;
    bool verify_only = argc > 3 && strcmp(argv[3], "verify") == 0;
    if ((!verify_only && app_init_datadir(&cfg, &e) != 0) || app_open(&cfg, false, &a, &e) != 0) {
        fprintf(stderr, "bench: %s (remove %s first)\n", e.detail, dir);
        return 1;
    }
    struct store *st = NULL;
    if (app_store(a, &st, &e) != 0)
        return 1;
    struct alog_req rq;
    struct actor actor = {.user_id = 7, .org_id = 2, .roles = POLICY_ROLE_DOSSIERHOUDER, .org_access_ok = true};
    alog_req_init(a, &rq, &actor, "00000000000000000000000000000000", "127.0.0.1", NULL, NULL);
    double t0 = now_s();
    int64_t done = verify_only ? n : 0;
    if (verify_only)
        goto verify;
    while (done < n) {
        int64_t batch = n - done < 10000 ? n - done : 10000;
        struct alog_tx tx;
        if (store_tx_begin(st, &e) != 0 || alog_tx_begin(a, st, &tx, &e) != 0)
            return 1;
        for (int64_t i = 0; i < batch; i++) {
            uint8_t subj[1][AUDIT_SUBJECT_BYTES];
            alog_subject(a, "person", (done + i) % 100000 + 1, subj[0]);
            struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "case", .object_id = "1",
                                 .categories = AUDIT_CAT_IDENTIFICATION, .subject_type = "person",
                                 .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                                 .n_subjects = 1};
            if (alog_tx_add(&tx, &rq, &ev, &e) != 0)
                return 1;
        }
        if (alog_tx_end(&tx, &e) != 0 || store_tx_commit(st, &e) != 0)
            return 1;
        alog_tx_after_commit(&tx);
        done += batch;
        if (done % 1000000 == 0)
            fprintf(stderr, "  %" PRId64 " records written\n", done);
    }
    double t_write = now_s() - t0;
    printf("audit.append      %" PRId64 " records in %.1f s = %.0f records/s (batches of 10000, FULL)\n",
           n, t_write, (double)n / t_write);
    uint64_t size = 0;
    if (alog_checkpoint_now(a, &size, &e) != 0)
        return 1;

    double times[50];
    size_t total = 0;
    for (int k = 0; k < 50; k++) {
        struct store_audit_query q = {.by = STORE_AUDIT_BY_SUBJECT, .limit = 1000};
        alog_subject(a, "person", (int64_t)(rand_i63() % 100000) + 1, q.subject);
        size_t got = 0;
        double q0 = now_s();
        if (store_audit_query(st, &q, count_cb, &got, &e) != 0)
            return 1;
        times[k] = (now_s() - q0) * 1000;
        total += got;
    }
    qsort(times, 50, sizeof(times[0]), cmp_double);
    printf("audit.query       per person (newest 1000 of ~%" PRId64 "): median %.2f ms, max %.2f ms "
           "(%zu rows over 50 persons)\n",
           n / 100000, times[25], times[49], total);

verify:;
    struct audit_verify_report r;
    double tv[3], cv[3];
    int rc = 0;
    for (int k = 0; k < (verify_only ? 3 : 1) && rc == 0; k++) {
        double v0 = now_s(), c0 = cpu_s();
        rc = app_audit_verify(a, NULL, &r, &e);
        tv[k] = now_s() - v0;
        cv[k] = cpu_s() - c0;
    }
    if (verify_only) {
        qsort(tv, 3, sizeof(tv[0]), cmp_double);
        qsort(cv, 3, sizeof(cv[0]), cmp_double);
    }
    double t_verify = tv[verify_only ? 1 : 0], c_verify = cv[verify_only ? 1 : 0];
    printf("audit.verify.db   %s: %" PRIu64 " records, %zu checkpoints in %.1f s = %.0f records/s "
           "(reading SQLite + hashing, 2 threads%s)\n",
           rc == 0 ? "OK" : "FAILED", r.records, r.checkpoints_checked, t_verify,
           (double)r.records / t_verify, verify_only ? ", median of 3" : "");
    printf("audit.verify.cpu  %.2f s CPU (both threads) = %.3f us CPU per record; %.0f records "
           "per CPU second (on 2 idle cores at most twice that)\n",
           c_verify, c_verify * 1e6 / (double)(r.records ? r.records : 1),
           (double)r.records / c_verify);
    app_close(a);
    policy_cleanup();
    return rc == 0 ? 0 : 1;
}
