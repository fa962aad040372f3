/* test_breach.c: the breach register (issue 10 item 8, docs/breaches.md) over real HTTP, against
 * the policy table src/policy/policy.csv.
 *
 *  - the 72-hour clock: deadline_at = discovered_at + 72 h exactly; a breach whose AP decision is
 *    still open after the deadline is overdue (a discovery 80 h ago, and with the test-hooks clock
 *    moved past the deadline of a fresh one); deciding on the AP stops the clock;
 *  - decisions need a rationale (and "ja" a notification date); closing needs both decisions; a
 *    closed breach is frozen (409);
 *  - bad input names the field (problem+json) and changes nothing;
 *  - the FG keeps the register; beheerder and dossierhouder may only report (201, then 403 on the
 *    register); other roles are refused; an unknown breach is 404;
 *  - every read and write is one access-log record (object breach, the register's processing
 *    activity); no description reaches the operational log.
 * Everything in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void start(bool clock)
{
    struct srv_opts o = {.demo = true, .clock = clock};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(breach, .fini = stop, .timeout = 300);

static int req(const struct sess *ss, const char *method, const char *path, json_t *body,
               struct resp *r)
{
    return sess_json(&S, ss, method, path, body, r);
}

static int st(const struct sess *ss, const char *method, const char *path, json_t *body)
{
    return sess_json_status(&S, ss, method, path, body);
}

/* RFC 3339 UTC of epoch ms (seconds precision). */
static void utc(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Epoch ms of "YYYY-MM-DDTHH:MM:SS[.mmm]Z". */
static int64_t parse_utc(const char *s)
{
    struct tm tm = {0};
    int ms = 0;
    cr_assert_not_null(s);
    int n = sscanf(s, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &tm.tm_sec, &ms);
    cr_assert(n >= 6, "not a UTC time");
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) * 1000 + (n == 7 ? ms : 0);
}

/* A valid report, discovered hours_ago hours before the server's now. */
static json_t *report(double hours_ago)
{
    char at[32];
    utc(srv_now_ms(&S) - (int64_t)(hours_ago * 3600 * 1000), at);
    return json_pack("{s:s, s:s, s:[s,s], s:i, s:s, s:s}", "discovered_at", at, "description",
                     "Een map met testgegevens Zxcvbn is naar een verkeerd adres gemaild.",
                     "categories", "identificatie", "signaal", "subjects_approx", 3,
                     "organisations", "Gemeente Test", "measures",
                     "Ontvanger gevraagd de mail te verwijderen.");
}

static int64_t create_ok(const struct sess *ss, json_t *body)
{
    struct resp r;
    int s = req(ss, "POST", "/api/breaches", body, &r);
    cr_assert_eq(s, 201, "create: %d", s);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0, "create: no id");
    int64_t d = parse_utc(jstr(r.json, "discovered_at"));
    int64_t dl = parse_utc(jstr(r.json, "deadline_at"));
    cr_expect_eq(dl - d, 72LL * 3600 * 1000, "create: deadline is not discovery + 72 h");
    resp_free(&r);
    return id;
}

static json_t *get_ok(const struct sess *ss, const char *path)
{
    struct resp r;
    int s = req(ss, "GET", path, NULL, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

static json_t *detail(const struct sess *ss, int64_t id)
{
    char p[64];
    snprintf(p, sizeof(p), "/api/breaches/%lld", (long long)id);
    return get_ok(ss, p);
}

static int patch(const struct sess *ss, int64_t id, json_t *body, struct resp *r)
{
    char p[64];
    snprintf(p, sizeof(p), "/api/breaches/%lld", (long long)id);
    return req(ss, "PATCH", p, body, r);
}

/* ---- tests ------------------------------------------------------------------------------------
 */

Test(breach, clock_deadline_is_discovery_plus_72_hours_and_overdue_is_marked)
{
    start(false);
    struct sess fg;
    login_ok(&S, "fg", &fg);
    int64_t fresh = create_ok(&fg, report(10));
    /* 100 h: the deadline (28 h ago) lies on an earlier calendar day whatever the hour of the run
     * (at 80 h it fell on today's date in the early morning, and notified_late was rightly false). */
    int64_t late = create_ok(&fg, report(100));

    json_t *j = detail(&fg, fresh);
    int64_t d = parse_utc(jstr(j, "discovered_at")), dl = parse_utc(jstr(j, "deadline_at"));
    cr_expect_eq(dl - d, 72LL * 3600 * 1000);
    int64_t left = jint(j, "hours_left");
    cr_expect(left == 61 || left == 62, "10 h after discovery: about 62 h left");
    cr_expect(json_is_false(json_object_get(j, "overdue")), "fresh breach overdue");
    cr_expect_str_eq(jstr(j, "status"), "open");
    cr_expect_str_eq(jstr(j, "ap_decision"), "open");
    json_decref(j);

    j = detail(&fg, late);
    cr_expect(json_is_true(json_object_get(j, "overdue")), "100 h after discovery: not overdue");
    cr_expect(jint(j, "hours_left") < 0);
    json_decref(j);

    j = get_ok(&fg, "/api/breaches");
    cr_expect_eq(jint(j, "total"), 2);
    cr_expect_eq(jint(j, "overdue"), 1);
    cr_expect_eq(jint(j, "open"), 2);
    /* newest discovery first */
    json_t *items = json_object_get(j, "items");
    cr_expect_eq(jint(json_array_get(items, 0), "id"), fresh);
    json_decref(j);

    /* Deciding (late) on the AP stops the clock: no longer overdue, and marked late. */
    char today[11];
    srv_date(&S, 0, today);
    struct resp r;
    patch(&fg, late,
          json_pack("{s:s, s:s, s:s, s:s}", "ap_decision", "ja", "ap_rationale",
                    "Risico voor betrokkenen; melding gedaan.", "ap_date", today, "ap_reference",
                    "AP-TEST-0001"),
          &r);
    cr_expect_eq(r.status, 200, "AP decision: %d", r.status);
    resp_free(&r);
    j = detail(&fg, late);
    cr_expect(json_is_false(json_object_get(j, "overdue")));
    cr_expect(json_is_null(json_object_get(j, "hours_left")));
    cr_expect(json_is_true(json_object_get(j, "notified_late")));
    cr_expect_str_eq(jstr(j, "ap_reference"), "AP-TEST-0001");
    cr_expect_str_eq(jstr(j, "ap_date"), today);
    json_decref(j);
}

Test(breach, injected_clock_past_the_deadline_marks_overdue)
{
    REQUIRE_TEST_HOOKS();
    start(true);
    struct sess fg;
    login_ok(&S, "fg", &fg);
    int64_t id = create_ok(&fg, report(0.5));
    json_t *j = detail(&fg, id);
    cr_expect(json_is_false(json_object_get(j, "overdue")));
    json_decref(j);
    srv_clock_set(&S, 71LL * 3600 * 1000);
    login_ok(&S, "fg", &fg);
    j = detail(&fg, id);
    cr_expect(json_is_false(json_object_get(j, "overdue")), "71.5 h: not yet overdue");
    cr_expect_eq(jint(j, "hours_left"), 0);
    json_decref(j);
    srv_clock_set(&S, 73LL * 3600 * 1000);
    login_ok(&S, "fg", &fg);
    j = detail(&fg, id);
    cr_expect(json_is_true(json_object_get(j, "overdue")), "73.5 h: overdue");
    json_decref(j);
}

Test(breach, decisions_need_a_rationale_and_closing_needs_both)
{
    start(false);
    struct sess fg;
    login_ok(&S, "fg", &fg);
    int64_t id = create_ok(&fg, report(5));
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;

    patch(&fg, id, json_pack("{s:s}", "ap_decision", "ja"), &r);
    expect_problem_field(&r, 400, "ap_rationale", "AP ja without rationale");
    cr_expect(resp_names_field(&r, "ap_date"), "AP ja without date");
    resp_free(&r);
    patch(&fg, id, json_pack("{s:s}", "ap_decision", "nee"), &r);
    expect_problem_field(&r, 400, "ap_rationale", "AP nee without rationale");
    resp_free(&r);
    patch(&fg, id, json_pack("{s:s, s:s}", "ap_decision", "misschien", "ap_rationale", "x"), &r);
    expect_problem_field(&r, 400, "ap_decision", "unknown decision");
    resp_free(&r);
    patch(&fg, id, json_pack("{s:s}", "subjects_decision", "ja"), &r);
    expect_problem_field(&r, 400, "subjects_rationale", "subjects ja without rationale");
    resp_free(&r);
    patch(&fg, id, json_pack("{s:s}", "ap_reference", "AP-1"), &r);
    expect_problem_field(&r, 400, "ap_reference", "reference without AP ja");
    resp_free(&r);
    patch(&fg, id, json_pack("{s:b}", "closed", 1), &r);
    expect_problem_field(&r, 409, "closed", "close with decisions open");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, 32) == 0, "refused decisions changed the database");

    patch(&fg, id,
          json_pack("{s:s, s:s}", "ap_decision", "nee", "ap_rationale",
                    "Versleuteld bestand; geen risico voor betrokkenen."),
          &r);
    cr_expect_eq(r.status, 200);
    resp_free(&r);
    patch(&fg, id, json_pack("{s:b}", "closed", 1), &r);
    expect_problem_field(&r, 409, "closed", "close with the subjects decision open");
    resp_free(&r);
    patch(&fg, id,
          json_pack("{s:s, s:s}", "subjects_decision", "nee", "subjects_rationale",
                    "Geen hoog risico (art. 34 lid 1)."),
          &r);
    cr_expect_eq(r.status, 200);
    resp_free(&r);
    patch(&fg, id, json_pack("{s:b}", "closed", 1), &r);
    cr_expect_eq(r.status, 200, "close: %d", r.status);
    resp_free(&r);
    json_t *j = detail(&fg, id);
    cr_expect_str_eq(jstr(j, "status"), "gesloten");
    cr_expect_str_eq(jstr(j, "ap_decision"), "nee");
    cr_expect_str_eq(jstr(j, "subjects_decision"), "nee");
    cr_expect_str_eq(jstr(j, "ap_rationale"), "Versleuteld bestand; geen risico voor betrokkenen.");
    cr_expect(!json_is_null(json_object_get(j, "closed_at")));
    json_decref(j);
    patch(&fg, id, json_pack("{s:s}", "measures", "Nog iets"), &r);
    cr_expect_eq(r.status, 409, "closed breach changed: %d", r.status);
    resp_free(&r);
}

Test(breach, bad_input_names_the_field_and_changes_nothing)
{
    start(false);
    struct sess fg;
    login_ok(&S, "fg", &fg);
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    struct {
        const char *field;
        json_t *v; /* NULL: remove the member */
    } cases[] = {
        {"description", NULL},
        {"discovered_at", NULL},
        {"categories", NULL},
        {"subjects_approx", NULL},
        {"discovered_at", json_string("gisteren")},
        {"discovered_at", json_string("2999-01-01T00:00:00Z")},
        {"categories", json_pack("[s]", "onbekend")},
        {"categories", json_pack("[s,s]", "bsn", "bsn")},
        {"categories", json_array()},
        {"subjects_approx", json_integer(-1)},
        {"subjects_approx", json_string("veel")},
        {"subjects_approx", json_integer(100000001)},
        {"description", json_integer(7)},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *b = report(1);
        if (cases[i].v == NULL)
            json_object_del(b, cases[i].field);
        else
            json_object_set_new(b, cases[i].field, cases[i].v);
        req(&fg, "POST", "/api/breaches", b, &r);
        expect_problem_field(&r, 400, cases[i].field, cases[i].field);
        resp_free(&r);
    }
    json_t *b = report(1);
    char big[5000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    json_object_set_new(b, "description", json_string(big));
    req(&fg, "POST", "/api/breaches", b, &r);
    expect_problem_field(&r, 400, "description", "description too long");
    resp_free(&r);
    b = report(1);
    json_object_set_new(b, "case_id", json_integer(1));
    req(&fg, "POST", "/api/breaches", b, &r);
    expect_problem_field(&r, 400, "case_id", "unknown member");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, 32) == 0, "refused input changed the database");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM breach"), 0);
}

Test(breach, roles_limited_as_the_policy_says)
{
    start(false);
    struct sess fg, adm, dh;
    login_ok(&S, "fg", &fg);
    login_ok(&S, "beheerder", &adm);
    login_ok(&S, "dossierhouder", &dh);
    int64_t a = create_ok(&adm, report(2));
    int64_t d = create_ok(&dh, report(3));
    char p[64];
    snprintf(p, sizeof(p), "/api/breaches/%lld", (long long)a);
    cr_expect_eq(st(&adm, "GET", "/api/breaches", NULL), 403);
    cr_expect_eq(st(&adm, "GET", p, NULL), 403);
    cr_expect_eq(st(&dh, "GET", "/api/breaches", NULL), 403);
    cr_expect_eq(st(&dh, "GET", p, NULL), 403);
    cr_expect_eq(st(&dh, "PATCH", p, json_pack("{s:s}", "measures", "x")), 403);
    static const char *const others[] = {"voorzitter", "partner", "melder", "burgemeester",
                                         "raadslid"};
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        struct sess o;
        login_ok(&S, others[i], &o);
        cr_expect_eq(st(&o, "POST", "/api/breaches", report(1)), 403, "%s created", others[i]);
        cr_expect_eq(st(&o, "GET", "/api/breaches", NULL), 403, "%s listed", others[i]);
        cr_expect_eq(st(&o, "GET", p, NULL), 403, "%s read", others[i]);
    }
    json_t *j = get_ok(&fg, "/api/breaches");
    cr_expect_eq(jint(j, "total"), 2);
    json_decref(j);
    j = detail(&fg, d);
    cr_expect_eq(jint(json_object_get(j, "reported_by"), "id"), dh.user_id);
    json_decref(j);
    cr_expect_eq(st(&fg, "GET", "/api/breaches/999999999", NULL), 404);
    cr_expect_eq(st(&fg, "PATCH", "/api/breaches/999999999", json_pack("{s:s}", "measures", "x")),
                 404);
    struct resp r;
    http_do(&S, "GET", "/api/breaches", NULL, NULL, NULL, &r);
    cr_expect_eq(r.status, 401, "anonymous list: %d", r.status);
    resp_free(&r);
}

static size_t count_breach(const json_t *recs, const char *action, size_t *with_activity)
{
    size_t n = 0, i;
    json_t *it;
    *with_activity = 0;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        const char *pa = jstr(at, "dpl.core.processing_activity_id");
        if (nm && strcmp(nm, action) == 0 && ot && strcmp(ot, "breach") == 0) {
            n++;
            if (pa && strcmp(pa, "regie:verwerking/datalekregister") == 0)
                (*with_activity)++;
        }
    }
    return n;
}

Test(breach, access_log_records_and_no_text_in_the_log)
{
    start(false);
    struct sess fg;
    login_ok(&S, "fg", &fg);
    struct resp r;
    char rid[64], p[64];
    size_t wa = 0;

    req(&fg, "POST", "/api/breaches", report(1), &r);
    cr_assert_eq(r.status, 201);
    int64_t id = jint(r.json, "id");
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_breach(recs, "create", &wa), 1, "create: one record");
    cr_expect_eq(wa, 1, "create: processing activity");
    json_decref(recs);

    req(&fg, "GET", "/api/breaches", NULL, &r);
    cr_assert_eq(r.status, 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_breach(recs, "read", &wa), 1, "list: one record");
    json_decref(recs);

    snprintf(p, sizeof(p), "/api/breaches/%lld", (long long)id);
    req(&fg, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_breach(recs, "read", &wa), 1, "detail: one record");
    json_decref(recs);

    req(&fg, "PATCH", p, json_pack("{s:s}", "measures", "Wachtwoorden Poiuyt gewijzigd."), &r);
    cr_assert_eq(r.status, 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_breach(recs, "update", &wa), 1, "update: one record");
    json_decref(recs);

    /* The description is sealed: not in the database file in clear, nor in the log. */
    char path[400];
    snprintf(path, sizeof(path), "%s/server.log", S.dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "no server.log");
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_expect(strstr(buf, "Zxcvbn") == NULL, "description in the operational log");
    cr_expect(strstr(buf, "Poiuyt") == NULL, "measures in the operational log");
    cr_assert_eq(db_rows_containing(&S, "SELECT username FROM app_user", "dossierhouder"),
                 db_int(&S, "SELECT count(*) FROM app_user WHERE username LIKE '%dossierhouder%'"),
                 "the search finds a value stored in clear (control)");
    cr_assert_gt(db_rows_containing(&S, "SELECT username FROM app_user", "dossierhouder"), 0);
    cr_expect_eq(db_rows_containing(&S, "SELECT doc_ct FROM breach", "Zxcvbn"), 0);
}
