/* test_signals_intake.c: the public intake of signals and the deadlines of a signal
 * (docs/signals.md, "Public intake" and "Deadlines").
 *  - public intake is off by default (404, nothing stored); with REGIE_PUBLIC_INTAKE=1 a
 *    citizen submits without a session and gets only {reference}; bad input is refused naming
 *    the field; REGIE_PUBLIC_INTAKE_PER_HOUR=2 answers 429 to the third submission;
 *  - with the clock hook (test-hooks build): the first check is due signal_check_workdays
 *    working days (Mon-Fri) after receipt and the signal is overdue the day after.
 * Every person in here is fictional; no response body is ever printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv S;
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};
static int64_t ORG_VS, ORG_POL;

static void orgs(void)
{
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    cr_assert(ORG_VS > 0 && ORG_POL > 0, "demo organisations missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

static void start_off(void)
{
    srv_start(&S, true, NULL);
    orgs();
}

static const char *const ENV_ON[] = {"REGIE_PUBLIC_INTAKE=1", "REGIE_PUBLIC_INTAKE_PER_HOUR=2",
                                     NULL};
static void start_on(void)
{
    struct srv_opts o = {.demo = true, .env = ENV_ON};
    srv_start_opts(&S, &o);
    orgs();
}

static const char *const ENV_ON_WIDE[] = {"REGIE_PUBLIC_INTAKE=1",
                                          "REGIE_PUBLIC_INTAKE_PER_HOUR=100", NULL};
static void start_on_wide(void)
{
    struct srv_opts o = {.demo = true, .env = ENV_ON_WIDE};
    srv_start_opts(&S, &o);
    orgs();
}

/* The deadline tests count weekdays from a Monday a week or more ahead, which may be a holiday
 * week: they run without the holiday rule (tests/unit/app/test_signal.c covers the holidays). */
static const char *const ENV_WEEKDAYS[] = {"REGIE_SIGNAL_SKIP_HOLIDAYS=0", NULL};
static void start_clock(void)
{
    struct srv_opts o = {.demo = true, .clock = true, .env = ENV_WEEKDAYS};
    srv_start_opts(&S, &o);
    orgs();
}

static const char *const ENV_TWO_DAYS[] = {"REGIE_SIGNAL_CHECK_WORKDAYS=2",
                                           "REGIE_SIGNAL_SKIP_HOLIDAYS=0", NULL};
static void start_clock_two(void)
{
    struct srv_opts o = {.demo = true, .clock = true, .env = ENV_TWO_DAYS};
    srv_start_opts(&S, &o);
    orgs();
}

/* One suite; every test starts its own server with its own options. (Five one-test suites run
 * with --jobs 2 made LeakSanitizer report a 48-byte leak inside libcriterion's runner.) */
TestSuite(signal_intake, .fini = stop, .timeout = 240);

/* ---- helpers ------------------------------------------------------------------------------- */

static json_t *public_body(int64_t muni, const char *observed)
{
    return json_pack("{s:I, s:s, s:[{s:s, s:s}], s:s, s:{s:b}, s:{s:s}}", "municipality_id",
                     (json_int_t)muni, "route", "citizen", "subjects", "kind", "person", "name",
                     "Fictief Buurtkind Publiek", "observed", observed, "acute", "danger", 0,
                     "reporter", "kind", "anonymous");
}

/* POST /api/public/signals without a session (body stolen). */
static int public_post(json_t *body, struct resp *r)
{
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    int rc = http_do(&S, "POST", "/api/public/signals", "application/json", s, NULL, r);
    free(s);
    cr_assert_eq(rc, 0, "POST /api/public/signals: no response");
    return r->status;
}

/* Does the caller's work queue hold an item with this reference? */
static bool list_has_reference(const struct sess *ss, const char *ref)
{
    json_t *all = sess_list_all(&S, ss, "/api/signals?per_page=100");
    bool found = false;
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
    {
        found = found || (jstr(it, "reference") && strcmp(jstr(it, "reference"), ref) == 0);
    }
    json_decref(all);
    return found;
}

/* ---- public intake ------------------------------------------------------------------------- */

Test(signal_intake, public_off_disabled_by_default)
{
    start_off();
    int64_t n0 = db_int(&S, "SELECT count(*) FROM signal");
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    struct resp r;
    cr_expect_eq(public_post(public_body(ORG_VS, "Fictieve publieke melding"), &r), 404,
                 "public intake answers %d while off", r.status);
    cr_expect(resp_is_problem(&r), "not problem+json");
    resp_free(&r);
    cr_assert_eq(http_do(&S, "GET", "/api/public/intake", NULL, NULL, NULL, &r), 0);
    cr_expect(r.status == 404 ||
                  (r.status == 200 && json_is_false(json_object_get(r.json, "enabled"))),
              "GET /api/public/intake while off: %d", r.status);
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused public submission changed the database");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal"), n0);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    sess_json(&S, &d, "GET", "/api/signal-options", NULL, &r);
    cr_expect_eq(r.status, 200);
    cr_expect(json_is_false(json_object_get(r.json, "public_intake")),
              "signal-options says public intake is on");
    resp_free(&r);
}

Test(signal_intake, public_on_submit_receipt_and_rate_limit)
{
    start_on();
    int64_t n0 = db_int(&S, "SELECT count(*) FROM signal");
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/public/intake", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200, "GET /api/public/intake: %d", r.status);
    cr_expect(json_is_true(json_object_get(r.json, "enabled")), "intake not enabled");
    bool listed = false;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "municipalities"), i, it)
    {
        listed = listed || (int64_t)json_integer_value(json_object_get(it, "id")) == ORG_VS;
        cr_expect(json_integer_value(json_object_get(it, "id")) != ORG_POL,
                  "the police offered as a municipality");
    }
    cr_expect(listed, "Voorbeeldstad not offered");
    resp_free(&r);

    char refs[2][128];
    for (int k = 0; k < 2; k++) {
        int s = public_post(public_body(ORG_VS, "Fictieve publieke melding over de buurt"), &r);
        cr_expect_eq(s, 201, "public submission %d: %d", k + 1, s);
        /* Only the reference: no id, no echo of what was submitted. */
        cr_expect_eq(json_object_size(r.json), 1, "public answer has %zu members",
                     json_object_size(r.json));
        const char *ref = jstr(r.json, "reference");
        cr_expect(ref != NULL && ref[0] != '\0', "public answer without reference");
        snprintf(refs[k], sizeof(refs[k]), "%s", ref ? ref : "");
        char cookie[64];
        cr_expect(!resp_cookie(&r, "__Host-regie", cookie, sizeof(cookie)),
                  "public submission sets a session cookie");
        resp_free(&r);
    }
    cr_expect(strcmp(refs[0], refs[1]) != 0, "two submissions share a reference");
    /* The third within the hour from the same address. */
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    int s = public_post(public_body(ORG_VS, "Fictieve derde publieke melding"), &r);
    cr_expect_eq(s, 429, "third public submission: %d", s);
    cr_expect(resp_is_problem(&r), "429 not problem+json");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a rate-limited submission changed the database");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal"), n0 + 2, "stored public signals");

    /* The municipality sees both in its queue; route citizen. */
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    cr_expect(list_has_reference(&d, refs[0]) && list_has_reference(&d, refs[1]),
              "public signals not in the municipality's queue");
    sess_json(&S, &d, "GET", "/api/signal-options", NULL, &r);
    cr_expect(json_is_true(json_object_get(r.json, "public_intake")),
              "signal-options says public intake is off");
    resp_free(&r);
}

Test(signal_intake, public_on_wide_bad_public_input_stores_nothing)
{
    start_on_wide();
    int64_t n0 = db_int(&S, "SELECT count(*) FROM signal");
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    struct {
        const char *what, *fields;
        json_t *body;
    } cases[] = {
        {"professional route", "route", NULL},
        {"ambtsbericht route", "route", NULL},
        {"missing observed", "observed", NULL},
        {"bad bsn", "subjects[0].bsn", NULL},
        {"unknown key", "readers", NULL},
        {"acute.danger missing", "acute.danger", NULL},
        {"named reporter kind confidential", "reporter.kind", NULL},
        {"unknown municipality", "municipality_id", NULL},
    };
    size_t n = sizeof(cases) / sizeof(cases[0]);
    for (size_t i = 0; i < n; i++)
        cases[i].body = public_body(ORG_VS, "Fictieve publieke melding");
    json_object_set_new(cases[0].body, "route", json_string("professional"));
    json_object_set_new(cases[1].body, "route", json_string("ambtsbericht"));
    json_object_del(cases[2].body, "observed");
    json_object_set_new(json_array_get(json_object_get(cases[3].body, "subjects"), 0), "bsn",
                        json_string("123456789"));
    json_object_set_new(cases[4].body, "readers", json_pack("[i]", 1));
    json_object_set_new(cases[5].body, "acute", json_object());
    json_object_set_new(cases[6].body, "reporter", json_pack("{s:s}", "kind", "confidential"));
    json_object_set_new(cases[7].body, "municipality_id", json_integer(ORG_POL));
    for (size_t i = 0; i < n; i++) {
        struct resp r;
        int s = public_post(cases[i].body, &r);
        cr_expect(s == 400 || s == 422, "%s: %d", cases[i].what, s);
        cr_expect(resp_is_problem(&r), "%s: not problem+json", cases[i].what);
        cr_expect(resp_names_one_of(&r, cases[i].fields), "%s: %s not named", cases[i].what,
                  cases[i].fields);
        resp_free(&r);
    }
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "refused public input changed the database");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal"), n0);
    /* A valid one still goes through. */
    struct resp r;
    cr_expect_eq(public_post(public_body(ORG_VS, "Fictieve geldige melding"), &r), 201);
    resp_free(&r);
}

/* ---- deadlines ----------------------------------------------------------------------------- */

/* A Monday 11:00 UTC at least a week after the real clock (epoch ms). */
static int64_t future_monday(void)
{
    time_t t = time(NULL) + 8 * 86400;
    struct tm g;
    gmtime_r(&t, &g);
    g.tm_hour = 11;
    g.tm_min = 0;
    g.tm_sec = 0;
    g.tm_mday += (8 - g.tm_wday) % 7; /* wday 1 = Monday */
    return (int64_t)timegm(&g) * 1000;
}

static void day_of(int64_t ms, int add_days, char out[11])
{
    time_t t = (time_t)(ms / 1000) + (time_t)add_days * 86400;
    struct tm g;
    gmtime_r(&t, &g);
    strftime(out, 11, "%Y-%m-%d", &g);
}

static int64_t create_on(const struct sess *d, const char *received_date)
{
    json_t *b = json_pack("{s:I, s:s, s:[{s:s, s:s}], s:s, s:{s:b}}", "municipality_id",
                          (json_int_t)ORG_VS, "route", "professional", "subjects", "kind", "person",
                          "name", "Fictief Termijnkind", "observed",
                          "Fictieve waarneming voor de termijn", "acute", "danger", 0);
    if (received_date)
        json_object_set_new(b, "received_date", json_string(received_date));
    struct resp r;
    int s = sess_json(&S, d, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    int64_t id = (int64_t)json_integer_value(json_object_get(r.json, "id"));
    resp_free(&r);
    return id;
}

/* due_date and overdue of a signal as seen by d. */
static void due_of(const struct sess *d, int64_t id, char due[11], bool *overdue)
{
    char p[96];
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)id);
    struct resp r;
    cr_assert_eq(sess_json(&S, d, "GET", p, NULL, &r), 200, "GET signal: %d", r.status);
    snprintf(due, 11, "%s", jstr(r.json, "due_date") ? jstr(r.json, "due_date") : "");
    *overdue = json_is_true(json_object_get(r.json, "overdue"));
    resp_free(&r);
}

static bool in_overdue_list(const struct sess *d, int64_t id, bool *flag)
{
    json_t *all = sess_list_all(&S, d, "/api/signals?overdue=1&per_page=100");
    bool in = false;
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
    {
        cr_expect(json_is_true(json_object_get(it, "overdue")), "overdue=1 lists one not overdue");
        if ((int64_t)json_integer_value(json_object_get(it, "id")) == id) {
            in = true;
            *flag = json_is_true(json_object_get(it, "overdue"));
        }
    }
    json_decref(all);
    return in;
}

Test(signal_intake, deadlines_first_check_due_after_five_working_days)
{
    REQUIRE_TEST_HOOKS();
    start_clock();
    int64_t mon = future_monday();
    srv_clock_at(&S, mon);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char fri_before[11], want[11], due[11];
    day_of(mon, -3, fri_before);
    int64_t s1 = create_on(&d, NULL);       /* received Monday: due next Monday */
    int64_t s2 = create_on(&d, fri_before); /* received Friday: due next Friday (+4) */
    bool od, flag = false;
    due_of(&d, s1, due, &od);
    day_of(mon, 7, want);
    cr_expect_str_eq(due, want, "Monday + 5 working days");
    cr_expect(!od, "overdue on the day of receipt");
    due_of(&d, s2, due, &od);
    day_of(mon, 4, want);
    cr_expect_str_eq(due, want, "Friday + 5 working days skips the weekend");
    cr_expect(!od);
    cr_expect(!in_overdue_list(&d, s1, &flag) && !in_overdue_list(&d, s2, &flag),
              "overdue=1 lists a signal that is not overdue");

    /* Friday (s2's due date): not yet overdue. */
    srv_clock_at(&S, mon + 4 * 86400000LL);
    login_ok(&S, "dossierhouder", &d);
    due_of(&d, s2, due, &od);
    cr_expect(!od, "overdue on the due date itself");
    /* Saturday: s2 overdue, s1 not. */
    srv_clock_at(&S, mon + 5 * 86400000LL);
    login_ok(&S, "dossierhouder", &d);
    due_of(&d, s2, due, &od);
    cr_expect(od, "not overdue the day after the due date");
    cr_expect(in_overdue_list(&d, s2, &flag) && flag, "overdue=1 misses an overdue signal");
    due_of(&d, s1, due, &od);
    cr_expect(!od, "overdue before its due date");
    cr_expect(!in_overdue_list(&d, s1, &flag), "overdue=1 lists a signal not overdue");
    /* Next Tuesday: s1 overdue too. */
    srv_clock_at(&S, mon + 8 * 86400000LL);
    login_ok(&S, "dossierhouder", &d);
    due_of(&d, s1, due, &od);
    cr_expect(od, "not overdue after the due date");
    cr_expect(in_overdue_list(&d, s1, &flag) && flag);

    /* Once the check is done and the signal is up for weighing, the next deadline is later. */
    char p[96];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)s1);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++)
        sess_json_status(&S, &d, "POST", p, json_pack("{s:s}", "state", steps[i]));
    char old_due[11];
    day_of(mon, 7, old_due);
    due_of(&d, s1, due, &od);
    cr_expect(strcmp(due, old_due) > 0, "the weighing deadline is not after the first check");
    cr_expect(!od, "overdue at once when up for weighing (signal_weigh_workdays)");
}

Test(signal_intake, deadlines_setting_changes_the_first_check)
{
    REQUIRE_TEST_HOOKS();
    start_clock_two();
    int64_t mon = future_monday();
    srv_clock_at(&S, mon);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = create_on(&d, NULL);
    char want[11], due[11];
    bool od;
    due_of(&d, id, due, &od);
    day_of(mon, 2, want);
    cr_expect_str_eq(due, want, "signal_check_workdays = 2: Monday + 2 working days");
    srv_clock_at(&S, mon + 3 * 86400000LL);
    login_ok(&S, "dossierhouder", &d);
    due_of(&d, id, due, &od);
    cr_expect(od, "not overdue the day after the due date");
}
