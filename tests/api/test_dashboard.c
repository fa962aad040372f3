/* test_dashboard.c: the operational dashboards (issue 9 item 5) over real HTTP, against
 * docs/dashboards.md and the policy table (object `dashboard`, own_org).
 *
 *  - acceptance: every figure of GET /api/dashboard equals the same figure computed directly from
 *    the database file by independent SQL in this test (an oracle, opened read-only): signals per
 *    month by route and by latest outcome, cases per phase and per active flag, overdue tasks by
 *    checklist group and actions by body, the three lead times (n, median, p25, p75, open) and
 *    re-referrals per month; the fixture is the demo region plus signals made through the API
 *    with receipt and weighing dates spread over earlier months, two of them about one person;
 *  - restricted signals (route ambtsbericht) count only for the burgemeester (who may read the
 *    municipality's ambtsberichten); the dossierhouder gets excluded_restricted and no such
 *    series, and his figures equal the oracle without them;
 *  - only the own municipality: another municipality's dossierhouder gets his own figures, and
 *    a parameter to ask for another municipality is refused naming it;
 *  - partner, raadslid, melder, beheerder and fg get 403 (function level);
 *  - period validation names the field (from/to), changes nothing;
 *  - exactly one access-log record per request, without data subject;
 *  - aggregates only: no id, name, reference or free text in the answer.
 * Every person in here is fictional; no response body is ever printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv S;
static int64_t ORG_VS, ORG_PD;

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_PD = demo_org_id(&S, "Gemeente Proefdorp");
    cr_assert(ORG_VS > 0 && ORG_PD > 0, "demo municipalities missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(dashboard, .init = start, .fini = stop, .timeout = 300);

/* ---- the oracle: the database file, read-only ---------------------------------------------- */

/* Column 0 of the one row of sql with ?1..?n bound to v[] and ?n+1 to txt (harness db_query2:
 * the same oracle on SQLite and on PostgreSQL). */
static int64_t q1(const char *sql, const int64_t *v, int n, const char *txt)
{
    struct db_row2 r;
    cr_assert_eq(db_query2(&S, sql, v, n, txt, &r, 1), 1, "oracle SQL returned no row");
    return r.a;
}

/* Days since 1970-01-01 of the first day of "YYYY-MM" plus add months. */
static int64_t month_first_day(const char *ym, int add)
{
    int y = 0, m = 0;
    cr_assert_eq(sscanf(ym, "%4d-%2d", &y, &m), 2, "month %s", ym);
    m += add;
    while (m > 12) {
        m -= 12;
        y++;
    }
    struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1};
    return (int64_t)(timegm(&t) / 86400);
}

static int64_t day_of(const char *ymd)
{
    int y = 0, m = 0, d = 0;
    cr_assert_eq(sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d), 3, "date %s", ymd);
    struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (int64_t)(timegm(&t) / 86400);
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Independent percentile: linear interpolation between closest ranks. */
static double pct(const int64_t *v, size_t n, double p)
{
    double pos = (double)(n - 1) * p / 100.0;
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    if (i + 1 < n)
        return (double)v[i] * (1.0 - frac) + (double)v[i + 1] * frac;
    return (double)v[n - 1];
}

/* got equals want rounded to one decimal (no libm in the test binaries). */
static void expect_num(const json_t *got, double want, const char *what)
{
    cr_expect(json_is_number(got), "%s: not a number", what);
    double diff = json_number_value(got) - want;
    if (diff < 0)
        diff = -diff;
    cr_expect(diff < 0.051, "%s: %g, oracle %g", what, json_number_value(got), want);
}

/* ---- helpers -------------------------------------------------------------------------------- */

/* GET path as ss into r; returns the HTTP status (-1 on a transport error). */
static int getr(const struct sess *ss, const char *path, struct resp *r)
{
    int rc = sess_do(&S, ss, "GET", path, NULL, NULL, NULL, r);
    return rc == 0 ? r->status : -1;
}

static json_t *dash(const struct sess *ss, const char *query, int want)
{
    char path[256];
    snprintf(path, sizeof(path), "/api/dashboard%s", query ? query : "");
    struct resp r;
    int s = getr(ss, path, &r);
    cr_assert_eq(s, want, "GET %s: %d, want %d", path, s, want);
    json_t *j = r.json ? json_incref(r.json) : NULL;
    resp_free(&r);
    return j;
}

static const json_t *series_of(const json_t *fig, const char *code)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(fig, "series"), i, s)
    {
        if (strcmp(jstr(s, "code"), code) == 0)
            return s;
    }
    return NULL;
}

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s*, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A signal of Voorbeeldstad received days_ago days ago about one fictional person. */
static int64_t signal_at(const struct sess *d, int days_ago, const char *route, const char *bsn,
                         const char *name)
{
    char day[11];
    srv_date(&S, -days_ago, day);
    json_t *b =
        json_pack("{s:I, s:s, s:[o], s:s, s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                  "route", route, "subjects", person(name, "1990-02-03", bsn), "observed",
                  "Fictieve waarneming", "received_date", day, "acute", "danger", 0);
    struct resp r;
    int s = sess_json(&S, d, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    int64_t id = jint(r.json, "id");
    resp_free(&r);
    return id;
}

/* Weighs signal sig (moved to weging) with outcome on decided_days_ago days ago. */
static void weigh(const struct sess *d, int64_t sig, const char *outcome, int decided_days_ago)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)sig);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        int s = sess_json_status(&S, d, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "signal status %s: %d", steps[i], s);
    }
    struct resp r;
    cr_assert_eq(getr(d, "/api/signal-options", &r), 200);
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(r.json, "criteria"), i, c)
    {
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s}", "code", jstr(c, "code"),
                                              "assessment", "ja", "note", "Fictieve toelichting"));
    }
    resp_free(&r);
    char day[11], next[11];
    srv_date(&S, -decided_days_ago, day);
    srv_date(&S, 7, next);
    json_t *b =
        json_pack("{s:s, s:b, s:[{s:I, s:s, s:s}], s:o, s:s, s:s, s:s, s:s, s:s}", "decided_on",
                  day, "in_meeting", 1, "attendees", "org_id", (json_int_t)ORG_VS, "name",
                  "Fictieve Deelnemer", "function", "Fictieve functie", "criteria", crit,
                  "rationale", "Fictieve onderbouwing", "proportionality", "Fictief",
                  "subsidiarity", "Fictief", "decision_rule", "unaniem", "outcome", outcome);
    if (strcmp(outcome, "opname_pga") == 0)
        json_object_set_new(b, "admission",
                            json_pack("{s:I, s:s}", "casusregisseur_id",
                                      (json_int_t)demo_id(&S, "dossierhouder"),
                                      "first_overleg_date", next));
    if (strcmp(outcome, "verwezen_regulier") == 0)
        json_object_set_new(b, "referral",
                            json_pack("{s:s, s:s}", "to", "Fictief wijkteam", "informed_by",
                                      "Fictieve dossierhouder"));
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)sig);
    int s = sess_json_status(&S, d, "POST", p, b);
    cr_assert_eq(s, 201, "weighing %s: %d", outcome, s);
}

/* Extra history: signals over the last months, weighed some weeks later; two about one person
 * (a re-referral); one over a year ago is outside the default period. */
static void fixture(const struct sess *d)
{
    char bsn1[10], bsn2[10], bsn3[10];
    bsn_make(9101, bsn1);
    bsn_make(9102, bsn2);
    bsn_make(9103, bsn3);
    int64_t a = signal_at(d, 200, "professional", bsn1, "Fictieve Eerste");
    weigh(d, a, "verwezen_regulier", 180);
    int64_t b = signal_at(d, 120, "citizen", bsn2, "Fictieve Tweede");
    weigh(d, b, "opname_pga", 95);
    int64_t c = signal_at(d, 90, "family", bsn1, "Fictieve Eerste"); /* re-referral of a */
    weigh(d, c, "geen_zorg", 88);
    signal_at(d, 45, "community", bsn3, "Fictieve Derde");
    signal_at(d, 20, "community", bsn3, "Fictieve Derde"); /* re-referral, not weighed */
    signal_at(d, 360, "other", NULL, "Fictieve Vierde");
}

/* ---- the oracle comparison ------------------------------------------------------------------ */

static const char SQL_ROUTE[] =
    "SELECT count(*) FROM signal WHERE municipality_id = ?1 AND received_day >= ?2 "
    "AND received_day < ?3 AND (?4 = 1 OR route != 'ambtsbericht') AND route = ?5";
static const char SQL_OUTCOME[] =
    "SELECT count(*) FROM signal s WHERE s.municipality_id = ?1 AND s.received_day >= ?2 "
    "AND s.received_day < ?3 AND (?4 = 1 OR s.route != 'ambtsbericht') AND "
    "coalesce((SELECT w.outcome FROM weighing w WHERE w.signal_id = s.id ORDER BY w.version DESC "
    "LIMIT 1), 'niet_gewogen') = ?5";
static const char SQL_PHASE[] =
    "SELECT count(*) FROM pga_case WHERE municipality_id = ?1 AND state = "
    "(CASE ?2 WHEN 'herbeoordeling' THEN 'evaluatie' ELSE ?2 END)";
static const char SQL_FLAG[] =
    "SELECT count(*) FROM pga_case WHERE municipality_id = ?1 AND state NOT IN "
    "('afgesloten','vernietigd') AND ((flags >> ?2) & 1) = 1";
static const char SQL_TASKS[] =
    "SELECT count(*) FROM case_task t, pga_case c WHERE c.id = t.case_id AND "
    "c.municipality_id = ?1 AND t.state = 'open' AND t.due_day < ?2 AND "
    "(?3 = '' OR ?3 LIKE '%' || substr(t.code, 1, 1) || '%')";
static const char SQL_ACTIONS[] =
    "SELECT count(*) FROM meeting_action a, meeting m, overleg_body b WHERE m.id = a.meeting_id "
    "AND b.id = m.body_id AND a.municipality_id = ?1 AND a.status = 'open' AND a.due_day < ?2 "
    "AND (?3 = '' OR b.kind = ?3)";
static const char SQL_REREF[] =
    "SELECT count(DISTINCT s.id) FROM signal s, signal_subject a, person p, person q, "
    "signal_subject b, signal o, data_key k WHERE s.municipality_id = ?1 AND s.received_day >= ?2 "
    "AND s.received_day < ?3 AND (?4 = 1 OR s.route != 'ambtsbericht') AND a.signal_id = s.id "
    "AND p.id = a.person_id AND b.person_id = q.id AND o.id = b.signal_id AND o.id != s.id "
    "AND (q.id = p.id OR (p.bsn_idx IS NOT NULL AND q.bsn_idx = p.bsn_idx) OR "
    "(p.name_dob_idx IS NOT NULL AND q.name_dob_idx = p.name_dob_idx)) "
    "AND o.municipality_id = s.municipality_id AND (?4 = 1 OR o.route != 'ambtsbericht') "
    "AND (o.received_day * 100000000000000 + o.received_at) * 1 < "
    "    (s.received_day * 100000000000000 + s.received_at) * 1 + "
    "    (CASE WHEN o.id < s.id THEN 1 ELSE 0 END) "
    "AND k.group_id = o.group_id AND k.destroyed_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
    "pga_case c WHERE c.signal_id = o.id AND (c.state = 'vernietigd' OR "
    "c.retention_until_day < ?5))";
/* Lead times as (start, end) pairs, written with joins and GROUP BY instead of the product's
 * correlated subqueries. */
static const char SQL_L1[] =
    "SELECT s.received_day, min(w.decided_day) FROM signal s LEFT JOIN weighing w ON "
    "w.signal_id = s.id WHERE s.municipality_id = ?1 AND (?2 = 1 OR s.route != 'ambtsbericht') "
    "GROUP BY s.id";
static const char SQL_L2[] =
    "SELECT min(w.decided_day), (SELECT min(adopted_day) FROM case_plan p WHERE "
    "p.case_id = c.id AND p.adopted = 1) FROM pga_case c JOIN weighing w ON "
    "w.signal_id = c.signal_id AND w.outcome = 'opname_pga' WHERE c.municipality_id = ?1 "
    "AND ?2 >= 0 GROUP BY c.id";
static const char SQL_L3[] =
    "SELECT min(p.adopted_day), CASE WHEN c.state = 'afgesloten' THEN c.closed_day END "
    "FROM pga_case c JOIN case_plan p ON p.case_id = c.id AND p.adopted = 1 "
    "WHERE c.municipality_id = ?1 AND ?2 >= 0 GROUP BY c.id";

static void check_lead(const char *sql, int64_t muni, int restricted, int64_t from, int64_t to,
                       const json_t *item)
{
    enum { CAP = 100000 };
    struct db_row2 *rows = calloc(CAP, sizeof(*rows));
    int64_t *d = calloc(CAP, sizeof(*d));
    cr_assert(rows != NULL && d != NULL);
    const int64_t v[] = {muni, restricted};
    size_t nr = db_query2(&S, sql, v, 2, NULL, rows, CAP);
    size_t n = 0;
    int64_t open = 0;
    for (size_t i = 0; i < nr; i++) {
        if (rows[i].a_null)
            continue;
        int64_t a = rows[i].a;
        bool ended = !rows[i].b_null;
        int64_t b = rows[i].b;
        if (a > to)
            continue;
        if (ended && b >= from && b <= to)
            d[n++] = b - a;
        else if (!ended || b > to)
            open++;
    }
    free(rows);
    const char *code = jstr(item, "code");
    cr_expect_eq(jint(item, "n"), (int64_t)n, "lead time %s: n %lld, oracle %zu", code,
                 (long long)jint(item, "n"), n);
    cr_expect_eq(jint(item, "open"), open, "lead time %s: open %lld, oracle %lld", code,
                 (long long)jint(item, "open"), (long long)open);
    if (n > 0) {
        qsort(d, n, sizeof(*d), cmp64);
        expect_num(json_object_get(item, "median"), pct(d, n, 50), code);
        expect_num(json_object_get(item, "p25"), pct(d, n, 25), code);
        expect_num(json_object_get(item, "p75"), pct(d, n, 75), code);
    } else {
        cr_expect(json_is_null(json_object_get(item, "median")), "%s: median without data", code);
    }
    free(d);
}

/* Compares every figure of j with the oracle for municipality muni. */
static size_t check_all(const json_t *j, int64_t muni, const json_t *flag_codes)
{
    size_t checked = 0;
    int restricted = !json_is_true(json_object_get(j, "excluded_restricted"));
    const json_t *months = json_object_get(j, "months");
    size_t nm = json_array_size(months);
    cr_assert(nm >= 1 && nm <= 36, "months[]");
    const char *today_s = jstr(j, "today");
    cr_assert_not_null(today_s);
    int64_t today = day_of(today_s);
    char srv_today[11];
    srv_date(&S, 0, srv_today);
    cr_expect_str_eq(today_s, srv_today, "today is the Amsterdam calendar day of the server");

    /* a. signals per month by route and by outcome */
    const char *const figs[] = {"signals_by_route", "signals_by_outcome"};
    const char *const sqls[] = {SQL_ROUTE, SQL_OUTCOME};
    for (size_t f = 0; f < 2; f++) {
        const json_t *fig = json_object_get(j, figs[f]);
        size_t i;
        json_t *s;
        cr_assert(json_array_size(json_object_get(fig, "series")) > 0, "%s: no series", figs[f]);
        json_array_foreach(json_object_get(fig, "series"), i, s)
        {
            const json_t *vals = json_object_get(s, "values");
            cr_assert_eq(json_array_size(vals), nm, "%s/%s: one value per month", figs[f],
                         jstr(s, "code"));
            for (size_t m = 0; m < nm; m++) {
                const char *ym = json_string_value(json_array_get(months, m));
                int64_t v[] = {muni, month_first_day(ym, 0), month_first_day(ym, 1), restricted};
                int64_t want = q1(sqls[f], v, 4, jstr(s, "code"));
                int64_t got = (int64_t)json_integer_value(json_array_get(vals, m));
                cr_expect_eq(got, want, "%s %s %s: %lld, oracle %lld", figs[f], jstr(s, "code"), ym,
                             (long long)got, (long long)want);
                checked++;
            }
        }
        /* every signal of the period is in exactly one series (nothing dropped) */
        int64_t all = 0, shown = 0;
        for (size_t m = 0; m < nm; m++) {
            const char *ym = json_string_value(json_array_get(months, m));
            int64_t v[] = {muni, month_first_day(ym, 0), month_first_day(ym, 1), restricted};
            all += q1("SELECT count(*) FROM signal WHERE municipality_id = ?1 AND received_day "
                      ">= ?2 AND received_day < ?3 AND (?4 = 1 OR route != 'ambtsbericht')",
                      v, 4, NULL);
            json_array_foreach(json_object_get(fig, "series"), i, s) shown +=
                (int64_t)json_integer_value(json_array_get(json_object_get(s, "values"), m));
        }
        cr_expect_eq(shown, all, "%s: %lld signals shown, oracle %lld", figs[f], (long long)shown,
                     (long long)all);
    }

    /* b. cases per phase and per active flag */
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(json_object_get(j, "cases_by_phase"), "items"), i, it)
    {
        int64_t v[] = {muni};
        int64_t want = q1(SQL_PHASE, v, 1, jstr(it, "code"));
        cr_expect_eq(jint(it, "value"), want, "phase %s: %lld, oracle %lld", jstr(it, "code"),
                     (long long)jint(it, "value"), (long long)want);
        checked++;
    }
    const json_t *flags = json_object_get(json_object_get(j, "cases_by_flag"), "items");
    cr_expect_eq(json_array_size(flags), json_array_size(flag_codes), "one item per case flag");
    json_array_foreach(flag_codes, i, it)
    {
        const json_t *fi = json_array_get(flags, i);
        cr_expect_str_eq(jstr(fi, "code"), jstr(it, "code"), "flag order of case-options");
        int64_t v[] = {muni, (int64_t)i};
        int64_t want = q1(SQL_FLAG, v, 2, NULL);
        cr_expect_eq(jint(fi, "value"), want, "flag %s: %lld, oracle %lld", jstr(it, "code"),
                     (long long)jint(fi, "value"), (long long)want);
        checked++;
    }

    /* c. overdue: totals and groups */
    const json_t *od = json_object_get(j, "overdue");
    const json_t *tasks = json_object_get(od, "tasks"), *acts = json_object_get(od, "actions");
    {
        int64_t v[] = {muni, today};
        cr_expect_eq(jint(tasks, "total"), q1(SQL_TASKS, v, 2, ""), "overdue tasks total");
        cr_expect_eq(jint(acts, "total"), q1(SQL_ACTIONS, v, 2, ""), "overdue actions total");
        checked += 2;
    }
    static const struct {
        const char *code, *letters;
    } groups[] = {{"per_casus", "CNI"}, {"dreigende_uitreis", "D"}, {"uitgereisd", "U"},
                  {"terugkeer", "T"},  {"overlijden", "G"},        {"minderjarige", "K"},
                  {"paspoort", "R"}};
    int64_t grouped = 0;
    json_array_foreach(json_object_get(tasks, "groups"), i, it)
    {
        grouped += jint(it, "value");
        for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
            if (strcmp(groups[g].code, jstr(it, "code")) == 0) {
                int64_t v[] = {muni, today};
                int64_t want = q1(SQL_TASKS, v, 2, groups[g].letters);
                cr_expect_eq(jint(it, "value"), want, "overdue tasks %s", groups[g].code);
                checked++;
            }
    }
    cr_expect_eq(grouped, jint(tasks, "total"), "task groups add up to the total");
    grouped = 0;
    json_array_foreach(json_object_get(acts, "groups"), i, it)
    {
        int64_t v[] = {muni, today};
        int64_t want = q1(SQL_ACTIONS, v, 2, jstr(it, "code"));
        cr_expect_eq(jint(it, "value"), want, "overdue actions %s", jstr(it, "code"));
        grouped += jint(it, "value");
        checked++;
    }
    cr_expect_eq(grouped, jint(acts, "total"), "action groups add up to the total");

    /* d. lead times over the period, by the end event's day */
    const json_t *lead = json_object_get(json_object_get(j, "lead_times"), "items");
    cr_assert_eq(json_array_size(lead), 3, "three lead times");
    int64_t from = month_first_day(json_string_value(json_array_get(months, 0)), 0);
    int64_t to = month_first_day(json_string_value(json_array_get(months, nm - 1)), 1) - 1;
    check_lead(SQL_L1, muni, restricted, from, to, json_array_get(lead, 0));
    check_lead(SQL_L2, muni, restricted, from, to, json_array_get(lead, 1));
    check_lead(SQL_L3, muni, restricted, from, to, json_array_get(lead, 2));
    checked += 3;

    /* e. re-referrals per month */
    const json_t *rr = json_object_get(json_object_get(j, "rereferrals"), "values");
    cr_assert_eq(json_array_size(rr), nm, "rereferrals: one value per month");
    for (size_t m = 0; m < nm; m++) {
        const char *ym = json_string_value(json_array_get(months, m));
        int64_t v[] = {muni, month_first_day(ym, 0), month_first_day(ym, 1), restricted, today};
        int64_t want = q1(SQL_REREF, v, 5, NULL);
        int64_t got = (int64_t)json_integer_value(json_array_get(rr, m));
        cr_expect_eq(got, want, "rereferrals %s: %lld, oracle %lld", ym, (long long)got,
                     (long long)want);
        checked++;
    }
    return checked;
}

static json_t *flag_codes(const struct sess *ss)
{
    struct resp r;
    cr_assert_eq(getr(ss, "/api/case-options", &r), 200);
    json_t *f = json_incref(json_object_get(r.json, "flags"));
    resp_free(&r);
    cr_assert(json_array_size(f) > 0, "case-options has no flags");
    return f;
}

static int64_t sum_values(const json_t *fig)
{
    int64_t t = 0;
    size_t i, k;
    json_t *s, *v;
    json_array_foreach(json_object_get(fig, "series"), i, s)
        json_array_foreach(json_object_get(s, "values"), k, v) t += json_integer_value(v);
    return t;
}

/* ---- tests ---------------------------------------------------------------------------------- */

Test(dashboard, figures_equal_the_database)
{
    struct sess d, b, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "burgemeester", &b);
    login_ok(&S, "dossierhouder2", &d2);
    fixture(&d);
    json_t *fc = flag_codes(&d);

    /* The dossierhouder: no restricted signals. */
    json_t *j = dash(&d, NULL, 200);
    cr_assert(json_is_true(json_object_get(j, "excluded_restricted")),
              "a dossierhouder who is not a named reader gets no ambtsbericht counts");
    cr_expect_null(series_of(json_object_get(j, "signals_by_route"), "ambtsbericht"),
                   "no ambtsbericht series for the dossierhouder");
    cr_expect_eq(json_array_size(json_object_get(j, "months")), 13, "default: 13 months");
    size_t n = check_all(j, ORG_VS, fc);
    cr_expect(sum_values(json_object_get(j, "signals_by_route")) >= 6, "fixture signals counted");
    int64_t rr = jint(json_object_get(j, "rereferrals"), "total");
    cr_expect(rr >= 2, "the fixture's two re-referrals are counted (%lld)", (long long)rr);
    cr_expect(!json_has_key(j, "id") && !json_has_key(j, "name") && !json_has_key(j, "reference"),
              "aggregates only: no id, name or reference");
    cr_expect(!json_has_substring(j, "Fictie"), "no names or free text in the figures");
    json_decref(j);

    /* The burgemeester: restricted signals counted, and the database has some. */
    cr_assert(db_int(&S, "SELECT count(*) FROM signal WHERE route = 'ambtsbericht'") > 0,
              "the demo has an ambtsbericht");
    j = dash(&b, NULL, 200);
    cr_expect(json_is_false(json_object_get(j, "excluded_restricted")),
              "the burgemeester reads the municipality's ambtsberichten");
    cr_expect_not_null(series_of(json_object_get(j, "signals_by_route"), "ambtsbericht"),
                       "ambtsbericht series for the burgemeester");
    n += check_all(j, ORG_VS, fc);
    json_decref(j);

    /* A longer period (includes the signal of 360 days ago) and a short one. */
    char q[64], m0[11], m1[11];
    srv_date(&S, -400, m0);
    srv_date(&S, 0, m1);
    m0[7] = m1[7] = '\0';
    snprintf(q, sizeof(q), "?from=%s&to=%s", m0, m1);
    j = dash(&d, q, 200);
    n += check_all(j, ORG_VS, fc);
    json_decref(j);
    snprintf(q, sizeof(q), "?from=%s&to=%s", m1, m1);
    j = dash(&d, q, 200);
    cr_expect_eq(json_array_size(json_object_get(j, "months")), 1, "one month");
    n += check_all(j, ORG_VS, fc);
    json_decref(j);

    /* Another municipality's dossierhouder: his own figures. */
    j = dash(&d2, NULL, 200);
    n += check_all(j, ORG_PD, fc);
    json_decref(j);
    json_decref(fc);
    fprintf(stderr, "dashboard: %zu figures compared with the database\n", n);
}

Test(dashboard, only_the_own_municipality_and_only_these_roles)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char q[64];
    snprintf(q, sizeof(q), "?municipality_id=%lld", (long long)ORG_PD);
    struct resp r;
    char path[128];
    snprintf(path, sizeof(path), "/api/dashboard%s", q);
    cr_assert_eq(getr(&d, path, &r), 400);
    cr_expect(resp_is_problem(&r) && resp_names_field(&r, "municipality_id"),
              "asking for another municipality names the parameter");
    resp_free(&r);
    static const char *const denied[] = {"partner", "raadslid", "melder", "beheerder", "fg", "om"};
    for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
        struct sess s;
        login_ok(&S, denied[i], &s);
        int st = sess_status(&S, &s, "GET", "/api/dashboard", NULL, NULL);
        cr_expect_eq(st, 403, "%s: %d, want 403", denied[i], st);
    }
    struct sess v;
    login_ok(&S, "voorzitter", &v);
    cr_expect_eq(sess_status(&S, &v, "GET", "/api/dashboard", NULL, NULL), 200, "voorzitter");
    cr_expect_eq(http_do(&S, "GET", "/api/dashboard", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 401, "without a session");
    resp_free(&r);
}

Test(dashboard, bad_periods_name_the_field)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char fut[11], old[11], cur[11];
    srv_date(&S, 40, fut);
    srv_date(&S, -1200, old);
    srv_date(&S, 0, cur);
    fut[7] = old[7] = cur[7] = '\0';
    char q_future[64], q_long[64], q_rev[64];
    snprintf(q_future, sizeof(q_future), "?to=%s", fut);
    snprintf(q_long, sizeof(q_long), "?from=%s&to=%s", old, cur);
    snprintf(q_rev, sizeof(q_rev), "?from=%s&to=%s", cur, old);
    static const char *const from_bad[] = {"?from=2025-13", "?from=2025-1",     "?from=1969-12",
                                           "?from=25-01",   "?from=2025-01-01", "?from=abcd-ef",
                                           "?from=+025-01"};
    unsigned char before[32], after[32];
    static const char *const volatile_[] = {"audit", "session", "login_attempt", NULL};
    db_fingerprint_skip(&S, volatile_, before);
    struct {
        const char *q, *field;
    } cases[] = {{q_future, "to"},      {q_long, "from"}, {q_rev, "from"},
                 {"?to=2025-00", "to"}, {"?to=", NULL},   {"?bogus=1", "bogus"}};
    for (size_t i = 0; i < sizeof(from_bad) / sizeof(from_bad[0]); i++) {
        char path[128];
        snprintf(path, sizeof(path), "/api/dashboard%s", from_bad[i]);
        struct resp r;
        cr_expect_eq(getr(&d, path, &r), 400, "%s", from_bad[i]);
        cr_expect(resp_is_problem(&r) && resp_names_field(&r, "from"), "%s names from",
                  from_bad[i]);
        resp_free(&r);
    }
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[128];
        snprintf(path, sizeof(path), "/api/dashboard%s", cases[i].q);
        struct resp r;
        int st = getr(&d, path, &r);
        if (cases[i].field == NULL) {
            cr_expect_eq(st, 200, "%s: an empty value is the default", cases[i].q);
        } else {
            cr_expect_eq(st, 400, "%s: %d", cases[i].q, st);
            cr_expect(resp_is_problem(&r) && resp_names_field(&r, cases[i].field), "%s names %s",
                      cases[i].q, cases[i].field);
        }
        resp_free(&r);
    }
    /* 36 months is the most */
    char old36[24], q36[64];
    srv_date(&S, 0, cur);
    int y = 0, m = 0;
    sscanf(cur, "%4d-%2d", &y, &m);
    m -= 35;
    while (m < 1) {
        m += 12;
        y--;
    }
    snprintf(old36, sizeof(old36), "%04d-%02d", y, m);
    cur[7] = '\0';
    snprintf(q36, sizeof(q36), "?from=%s&to=%s", old36, cur);
    json_t *j = dash(&d, q36, 200);
    cr_expect_eq(json_array_size(json_object_get(j, "months")), 36, "36 months");
    json_decref(j);
    db_fingerprint_skip(&S, volatile_, after);
    cr_expect(memcmp(before, after, 32) == 0, "refused periods change nothing");
}

Test(dashboard, one_access_log_record_without_subject)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct resp r;
    cr_assert_eq(getr(&d, "/api/dashboard", &r), 200);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_assert_eq(json_array_size(recs), 1, "one record per request, got %zu",
                 json_array_size(recs));
    json_t *a = json_object_get(json_array_get(recs, 0), "attributes");
    cr_expect_str_eq(json_string_value(json_object_get(a, "regie.object_type")), "dashboard");
    cr_expect_str_eq(json_string_value(json_object_get(a, "regie.action")), "read");
    cr_expect(json_is_null(json_object_get(a, "dpl.core.data_subject_id")), "no data subject");
    cr_expect_str_eq(json_string_value(json_object_get(a, "dpl.core.processing_activity_id")),
                     "regie:verwerking/evaluatie-aanpak");
    json_decref(recs);
}
