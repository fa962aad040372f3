/* test_retention.c: retention over real HTTP and the `regie purge` command (issue 10 item 1;
 * docs/retention.md), against the policy table src/policy/policy.csv.
 *
 *  - a legal hold needs kind, id, a reason and a future end date; refused input names the field
 *    (problem+json) and changes nothing; an object of another municipality is 404; a partner is
 *    refused (403); ending a hold twice is 409; an extension needs a rationale;
 *  - every hold and extension is an access-log record (object type retention);
 *  - the FG reads the destruction report; bad dates name the field;
 *  - `regie purge --dry-run` prints counts only; in a test-hooks build `--now` moves past every
 *    term and the report then lists tombstones without names; a release build refuses --now;
 *  - the reason never reaches the operational log;
 *  - a hold on a data-subject request writes one record under the request's own pseudonym, typed
 *    rights_request; an open request cannot be extended (409 naming id).
 * The acceptance test with raw-file greps and the backup is tests/unit/app/test_retention.c.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(retention, .fini = stop, .timeout = 300);

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
}

static int64_t own_signal(const struct sess *d)
{
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT id FROM signal s WHERE municipality_id = %lld AND NOT EXISTS (SELECT 1 "
             "FROM pga_case c WHERE c.signal_id = s.id) ORDER BY id LIMIT 1",
             (long long)d->org_id);
    int64_t id = db_int(&S, sql);
    cr_assert(id > 0, "no signal without a case in the own municipality");
    return id;
}

static size_t count_retention(const json_t *recs, const char *action)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        if (nm && strcmp(nm, action) == 0 && ot && strcmp(ot, "retention") == 0)
            n++;
    }
    return n;
}

static json_t *hold(int64_t id, const char *reason, const char *until)
{
    json_t *j = json_pack("{s:s, s:I}", "kind", "signal", "id", (json_int_t)id);
    if (reason)
        json_object_set_new(j, "reason", json_string(reason));
    if (until)
        json_object_set_new(j, "until", json_string(until));
    return j;
}

Test(retention, holds_extensions_report_over_http)
{
    start();
    struct sess d, d2, p, fg;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "partner", &p);
    login_ok(&S, "fg", &fg);
    int64_t sig = own_signal(&d);
    char future[11], past[11], path[96], rid[64];
    srv_date(&S, 400, future);
    srv_date(&S, -1, past);
    struct resp r;

    cr_expect_eq(sess_json(&S, &d, "GET", "/api/retention", NULL, &r), 200);
    cr_expect_eq(jint(json_object_get(r.json, "terms"), "case_years"), 5);
    cr_expect(json_is_array(json_object_get(r.json, "upcoming")));
    resp_free(&r);
    cr_expect_eq(sess_json_status(&S, &p, "GET", "/api/retention", NULL), 403);

    /* bad input names the field and changes nothing */
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    sess_json(&S, &d, "POST", "/api/retention/holds", hold(sig, NULL, future), &r);
    expect_problem_field(&r, 400, "reason", "no reason");
    resp_free(&r);
    sess_json(&S, &d, "POST", "/api/retention/holds", hold(sig, "Bezwaar", past), &r);
    expect_problem_field(&r, 400, "until", "end date in the past");
    resp_free(&r);
    json_t *bad = hold(sig, "Bezwaar", future);
    json_object_set_new(bad, "kind", json_string("persoon"));
    sess_json(&S, &d, "POST", "/api/retention/holds", bad, &r);
    expect_problem_field(&r, 400, "kind", "unknown kind");
    resp_free(&r);
    bad = hold(sig, "Bezwaar", future);
    json_object_set_new(bad, "case_id", json_integer(1));
    sess_json(&S, &d, "POST", "/api/retention/holds", bad, &r);
    expect_problem_field(&r, 400, "case_id", "unknown member");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "refused input changed the database");

    /* another municipality: 404; a partner: 403 */
    cr_expect_eq(sess_json_status(&S, &d2, "POST", "/api/retention/holds",
                                  hold(sig, "Bezwaar Qwertyreden", future)),
                 404);
    cr_expect_eq(sess_json_status(&S, &p, "POST", "/api/retention/holds",
                                  hold(sig, "Bezwaar Qwertyreden", future)),
                 403);

    /* the own dossierhouder places a hold: one access-log record */
    sess_json(&S, &d, "POST", "/api/retention/holds", hold(sig, "Bezwaar Qwertyreden", future), &r);
    cr_assert_eq(r.status, 201);
    int64_t hid = jint(r.json, "id");
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_geq(count_retention(recs, "create"), 1, "hold: access-log record");
    json_decref(recs);
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM retention_hold"), 1);

    cr_expect_eq(sess_json(&S, &d, "GET", "/api/retention", NULL, &r), 200);
    json_t *hs = json_object_get(r.json, "holds");
    cr_expect_eq(json_array_size(hs), 1);
    cr_expect(json_is_true(json_object_get(json_array_get(hs, 0), "active")));
    resp_free(&r);

    /* the FG oversees every municipality, without the reason text */
    cr_expect_eq(sess_json(&S, &fg, "GET", "/api/retention", NULL, &r), 200);
    hs = json_object_get(r.json, "holds");
    cr_expect_eq(json_array_size(hs), 1);
    cr_expect(json_is_null(json_object_get(json_array_get(hs, 0), "reason")));
    cr_expect(!json_has_substring(r.json, "Qwertyreden"), "the FG reads the reason");
    resp_free(&r);

    /* the other municipality does not see it */
    cr_expect_eq(sess_json(&S, &d2, "GET", "/api/retention", NULL, &r), 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "holds")), 0);
    resp_free(&r);

    /* an extension: rationale required; a signal's end is after its term */
    sess_json(
        &S, &d, "POST", "/api/retention/extensions",
        json_pack("{s:s, s:I, s:s}", "kind", "signal", "id", (json_int_t)sig, "until", future), &r);
    expect_problem_field(&r, 400, "rationale", "no rationale");
    resp_free(&r);
    srv_date(&S, 3000, future);
    sess_json(&S, &d, "POST", "/api/retention/extensions",
              json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig, "until",
                        future, "rationale", "Klachtprocedure loopt"),
              &r);
    cr_expect_eq(r.status, 201);
    resp_free(&r);

    /* ending the hold; twice is a conflict; another municipality: 404 */
    snprintf(path, sizeof(path), "/api/retention/holds/%lld/end", (long long)hid);
    cr_expect_eq(sess_json_status(&S, &d2, "POST", path, json_object()), 404);
    cr_expect_eq(sess_json_status(&S, &d, "POST", path, json_object()), 200);
    cr_expect_eq(sess_json_status(&S, &d, "POST", path, json_object()), 409);
    cr_expect_eq(
        sess_json_status(&S, &d, "POST", "/api/retention/holds/999999999/end", json_object()), 404);

    /* the report: FG any, dossierhouder own, partner never; bad dates name the field */
    cr_expect_eq(sess_json_status(&S, &fg, "GET", "/api/retention/report", NULL), 200);
    cr_expect_eq(sess_json_status(&S, &d, "GET", "/api/retention/report?from=2024-01-01", NULL),
                 200);
    cr_expect_eq(sess_json_status(&S, &p, "GET", "/api/retention/report", NULL), 403);
    sess_json(&S, &fg, "GET", "/api/retention/report?from=2026-02-30", NULL, &r);
    expect_problem_field(&r, 400, "from", "bad date");
    resp_free(&r);

    /* no reason in the operational log */
    char lp[400];
    snprintf(lp, sizeof(lp), "%s/server.log", S.dir);
    FILE *f = fopen(lp, "r");
    cr_assert_not_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_expect(strstr(buf, "Qwertyreden") == NULL, "hold reason in the operational log");
}

/* A hold on a data-subject request over HTTP: 201, exactly one access-log record, under the
 * request's own pseudonym and typed rights_request (docs/retention.md); an extension of the
 * still open request is 409 naming id; an unknown kind still names kind. */
Test(retention, hold_on_a_rights_request_over_http)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char recv[11], future[11], rid[64];
    srv_date(&S, -3, recv);
    srv_date(&S, 400, future);
    struct resp r;
    sess_json(&S, &d, "POST", "/api/rights",
              json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "kind", "inzage", "received_date",
                        recv, "channel", "balie", "requester", "betrokkene", "subject", "name",
                        "Testpersoon Bewaarplicht (fictief)", "birth_date", "1990-04-01"),
              &r);
    cr_assert_eq(r.status, 201);
    int64_t req_id = jint(r.json, "id");
    resp_free(&r);

    sess_json(&S, &d, "POST", "/api/retention/extensions",
              json_pack("{s:s, s:I, s:s, s:s}", "kind", "rights_request", "id", (json_int_t)req_id,
                        "until", future, "rationale", "Klacht bij de AP"),
              &r);
    expect_problem_field(&r, 409, "id", "extension of an open request");
    resp_free(&r);

    json_t *h = json_pack("{s:s, s:I, s:s, s:s}", "kind", "rights_request", "id",
                          (json_int_t)req_id, "until", future, "reason", "Klacht bij de AP");
    sess_json(&S, &d, "POST", "/api/retention/holds", h, &r);
    cr_assert_eq(r.status, 201);
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    size_t n = 0, typed = 0, i;
    json_t *it;
    json_array_foreach(recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        if (strcmp(jstr(at, "regie.object_type") ? jstr(at, "regie.object_type") : "",
                   "retention") != 0)
            continue;
        n++;
        const char *t = jstr(at, "dpl.core.data_subject_id_type");
        typed += t != NULL && strcmp(t, "rights_request") == 0 &&
                 jstr(at, "dpl.core.data_subject_id") != NULL;
    }
    json_decref(recs);
    cr_expect_eq(n, 1, "hold on a request: %zu access-log records", n);
    cr_expect_eq(typed, 1, "the record is not under the request's pseudonym");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM retention_hold WHERE kind = 'rights_request'"),
                 1);
}

Test(retention, purge_command_counts_only)
{
    start();
    char *out = NULL;
    const char *dry[] = {"purge", "--dry-run", "--json", NULL};
    cr_assert_eq(srv_run(&S, &out, dry), 0, "regie purge --dry-run failed");
    cr_assert_not_null(out);
    json_t *j = json_loads(out, 0, NULL);
    cr_assert_not_null(j, "purge --json is not JSON");
    cr_expect(json_is_true(json_object_get(j, "dry_run")));
    cr_expect_eq(jint(j, "destroyed"), 0, "nothing of the demo is due today");
    json_decref(j);
    cr_expect(strstr(out, "Fictie") == NULL, "a name in the purge output");
    free(out);
    out = NULL;

    const char *later[] = {"purge", "--now", "2040-01-01", "--json", NULL};
    if (!regie_test_hooks()) {
        cr_expect_eq(srv_run(&S, &out, later), 2, "--now must be refused in a release build");
        free(out);
        return;
    }
    unsigned char before[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    cr_assert_eq(srv_run(&S, &out, later), 0, "regie purge --now failed");
    j = json_loads(out, 0, NULL);
    cr_assert_not_null(j);
    int64_t destroyed = jint(j, "destroyed");
    cr_expect_gt(destroyed, 0, "the demo's signals are due in 2040");
    cr_expect_eq(jint(j, "failed"), 0);
    json_decref(j);
    cr_expect(strstr(out, "Fictie") == NULL, "a name in the purge output");
    free(out);
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM retention_tombstone"), destroyed);
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal s WHERE NOT EXISTS (SELECT 1 FROM "
                            "pga_case c WHERE c.signal_id = s.id)"),
                 0, "signals without a case remain");

    struct sess fg;
    login_ok(&S, "fg", &fg);
    struct resp r;
    cr_expect_eq(
        sess_json(&S, &fg, "GET", "/api/retention/report?from=2039-12-01&to=2040-01-31", NULL, &r),
        200);
    cr_expect_eq(jint(r.json, "total"), destroyed);
    cr_expect(!json_has_substring(r.json, "Fictie"), "a name in the destruction report");
    resp_free(&r);
}
