/* test_scale.c: the synthetic region loader `regie demo --scale N` (issue 11 item 1) at N=1,
 * from the outside:
 *  - --scale outside 1..1000 or not a number, and --seed without --scale, are refused with exit
 *    code 2 before the data dir is touched (no demo region afterwards);
 *  - the "scale" object of `regie demo --json --scale 1` reports at least the promised counts
 *    (10,000 signals, 200 cases with plans, measures and checklist items, 5,000 relations, 50
 *    meetings, 100,000 access-log records with a checkpoint per 1,000) and the same numbers the
 *    database holds;
 *  - the handles work over real HTTP: the dossierhouder reads the synthetic case (overview and
 *    network) and the synthetic signal; the case's access-log record is written;
 *  - `regie audit verify` passes on the loaded data dir (chain, Merkle tree, signed checkpoints).
 * Every name in the data is made up by the loader; no response body is printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(scale, .fini = stop, .timeout = 600);

Test(scale, bad_scale_is_refused_before_anything_changes)
{
    srv_start(&S, false, NULL);
    static const char *const bad[][5] = {
        {"demo", "--scale", "0", NULL},    {"demo", "--scale", "1001", NULL},
        {"demo", "--scale", "abc", NULL},  {"demo", "--scale", "-3", NULL},
        {"demo", "--scale", "1x", NULL},   {"demo", "--seed", "5", NULL},
        {"demo", "--scale", "1", "--seed", NULL},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int code = srv_run(&S, NULL, bad[i]);
        cr_expect_eq(code, 2, "case %zu: exit %d, want 2 (usage)", i, code);
    }
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM region"), 0, "a refused call created data");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal"), 0, "a refused call created data");
}

Test(scale, n1_counts_http_reads_and_verify)
{
#ifdef REGIE_SANITIZED
    /* A minute and more of loading under the sanitizers: the gcc build runs this in make test,
     * the sanitizer build only in make check-long (REGIE_LONG=1), to keep make test < 25 min. */
    const char *l = getenv("REGIE_LONG");
    if (l == NULL || strcmp(l, "1") != 0)
        cr_skip_test("sanitizer build: the N=1 region runs in make check-long");
#endif
    srv_start(&S, false, NULL);
    cr_assert_eq(srv_stop(&S, true), 0, "stop before loading");
    char *out = NULL;
    const char *demo[] = {"demo", "--json", "--scale", "1", "--seed", "7", NULL};
    cr_assert_eq(srv_run(&S, &out, demo), 0, "regie demo --scale 1 failed");
    json_error_t je;
    S.demo = json_loads(out, 0, &je);
    free(out);
    cr_assert_not_null(S.demo, "demo --json is not JSON");
    const json_t *sc = json_object_get(S.demo, "scale");
    cr_assert_not_null(sc, "no scale object");
    cr_expect_eq(jint(sc, "scale"), 1);
    cr_expect_eq(jint(sc, "seed"), 7);
    const json_t *c = json_object_get(sc, "counts");
    /* at least the promised size per unit of N (plus the small demo region) */
    cr_expect_geq(jint(c, "signals"), 10000, "signals");
    cr_expect_geq(jint(c, "cases"), 200, "cases");
    cr_expect_geq(jint(c, "plans"), 100, "plans");
    cr_expect_geq(jint(c, "measures"), 300, "measures");
    cr_expect_geq(jint(c, "checklist_items"), 200, "checklist items");
    cr_expect_geq(jint(c, "network_persons"), 1800, "network persons");
    cr_expect_geq(jint(c, "relations"), 5000, "relations");
    cr_expect_geq(jint(c, "meetings"), 50, "meetings");
    cr_expect_geq(jint(c, "agenda_items"), 200, "agenda items");
    cr_expect_geq(jint(c, "access_log_records"), 100000, "log records");
    cr_expect_geq(jint(c, "checkpoints"), 100, "checkpoints");
    cr_expect_geq(jint(c, "persons"), 10000, "person rows");
    /* the report says what the database holds */
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal"), jint(c, "signals"));
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM pga_case"), jint(c, "cases"));
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM network_relation"), jint(c, "relations"));
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM meeting"), jint(c, "meetings"));
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM audit_log"), jint(c, "access_log_records"));
    /* signals are spread over the three municipalities and over several states */
    cr_expect_eq(db_int(&S, "SELECT count(DISTINCT municipality_id) FROM signal"), 3);
    cr_expect_geq(db_int(&S, "SELECT count(DISTINCT state) FROM signal"), 8);
    cr_expect_geq(db_int(&S, "SELECT count(DISTINCT state) FROM pga_case"), 4);

    const json_t *h = json_object_get(sc, "handles");
    int64_t case_id = jint(h, "case_id"), sig_id = jint(h, "signal_id");
    cr_assert(case_id > 0 && sig_id > 0, "handles missing");
    cr_expect_str_eq(json_string_value(json_object_get(h, "case_user")), "dossierhouder");
    cr_expect_not_null(json_string_value(json_object_get(h, "person_name")));
    cr_expect_not_null(json_string_value(json_object_get(h, "word")));
    cr_expect_eq(jint(h, "network_case_id"), case_id);

    struct srv_opts o = {0};
    srv_restart(&S, &o);
    struct sess ss;
    login_ok(&S, "dossierhouder", &ss);
    char p[96];
    int64_t before = db_int(&S, "SELECT count(*) FROM audit_log");
    struct resp r;
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)case_id);
    cr_expect_eq(sess_json(&S, &ss, "GET", p, NULL, &r), 200, "synthetic case read: %d", r.status);
    cr_expect_eq(jint(r.json, "id"), case_id, "the case read is the synthetic case");
    resp_free(&r);
    cr_expect_gt(db_int(&S, "SELECT count(*) FROM audit_log"), before, "case read not logged");
    snprintf(p, sizeof(p), "/api/cases/%lld/network/graph?depth=2", (long long)case_id);
    cr_expect_eq(sess_json(&S, &ss, "GET", p, NULL, &r), 200, "network graph: %d", r.status);
    cr_expect_geq(json_array_size(json_object_get(r.json, "nodes")), 3,
                  "k=2 neighbourhood has the subject and more");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)sig_id);
    cr_expect_eq(sess_json(&S, &ss, "GET", p, NULL, &r), 200, "synthetic signal read: %d",
                 r.status);
    resp_free(&r);

    int stop_code = srv_stop(&S, true);
    cr_expect_eq(stop_code, 0, "server exit status %d after the reads", stop_code);
    char *vout = NULL;
    const char *verify[] = {"audit", "verify", NULL};
    cr_expect_eq(srv_run(&S, &vout, verify), 0, "regie audit verify failed after the load");
    cr_expect(vout && strstr(vout, "OK") != NULL, "verify did not report OK");
    free(vout);
    srv_restart(&S, &o);
}
