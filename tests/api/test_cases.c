/* test_cases.c: the case and its person-centred plan (issue 7) over real HTTP, against the
 * contract in docs/cases.md and the policy table src/policy/policy.csv.
 *
 *  - the flag uitgereisd with a departure date activates U1-U8; with the server's clock moved
 *    (test hooks) the BRP check U6 becomes due and then overdue, in the overview, in the owner's
 *    work list and (overdue) in the chair's;
 *  - every transition without rationale, every measure without owner organisation or legal basis,
 *    and the other refused inputs answer problem+json naming the field and change nothing (DB
 *    fingerprint without the access log and session tables); a transition the lifecycle does not
 *    allow is 409; afgesloten needs closure; an adopted plan version is immutable;
 *  - the police partner, once its organisation participates, sees the police, criminal and other
 *    measures of the case but no trace of a care measure it does not own; a partner whose
 *    organisation does not participate gets 404 (like a case that does not exist);
 *  - flags activate their checklists (D1-D5, U1-U8, T1-T4, G1-G4, K1; C1-C6 and N1 always);
 *    a task set to nvt needs a reason;
 *  - the communication line refuses key messages with a name of a person in the case or a digit
 *    unless accept_warnings;
 *  - reads and writes are in the access log, naming the case's data subjects;
 *  - melder, raadslid, fg and beheerder get 403; another municipality's dossierhouder 404.
 * Fixtures are made through the API as the demo "dossierhouder": a signal, moved to weging and
 * weighed to opname_pga with an admission, which creates the case.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1 /* strptime */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv S;

/* Tables that change with logins and session activity, and the access log (which records
 * refused requests by design). */
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_POL, ORG_OM, ORG_JZ, ORG_GGZ;
static int64_t U_DH, U_DH2, U_VZ, U_PA, U_JZ;

static void ids(void)
{
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    ORG_OM = demo_org_id(&S, "OM arrondissement Voorbeeld");
    ORG_JZ = demo_org_id(&S, "Jeugdzorg Voorbeeldregio");
    ORG_GGZ = demo_org_id(&S, "GGZ Voorbeeldkliniek");
    cr_assert(ORG_VS > 0 && ORG_POL > 0 && ORG_OM > 0 && ORG_JZ > 0 && ORG_GGZ > 0,
              "demo organisations missing");
    U_DH = demo_id(&S, "dossierhouder");
    U_DH2 = demo_id(&S, "dossierhouder2");
    U_VZ = demo_id(&S, "voorzitter");
    U_PA = demo_id(&S, "partner");
    U_JZ = demo_id(&S, "jeugdzorg");
    cr_assert(U_DH > 0 && U_DH2 > 0 && U_VZ > 0 && U_PA > 0 && U_JZ > 0, "demo accounts missing");
}

static void boot(const struct srv_opts *o)
{
    srv_start_opts(&S, o);
    ids();
}

static void start(void)
{
    struct srv_opts o = {.demo = true};
    boot(&o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

/* One suite; every test starts its own server (one with the clock hook). */
TestSuite(cases, .fini = stop, .timeout = 300);

/* ---- small helpers ------------------------------------------------------------------------- */

static bool jstr_is(const json_t *j, const char *key, const char *want)
{
    const char *v = jstr(j, key);
    return v != NULL && strcmp(v, want) == 0;
}

static int req(const struct sess *ss, const char *method, const char *path, json_t *body,
               struct resp *r)
{
    return sess_json(&S, ss, method, path, body, r);
}

static int st(const struct sess *ss, const char *method, const char *path, json_t *body)
{
    return sess_json_status(&S, ss, method, path, body);
}

static json_t *get_ok(const struct sess *ss, const char *path)
{
    struct resp r;
    int s = req(ss, "GET", path, NULL, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    cr_assert(json_is_object(r.json), "GET %s: not a JSON object", path);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

#define CP(buf, cid, suffix)                                                                       \
    snprintf(buf, sizeof(buf), "/api/cases/%lld%s", (long long)(cid), suffix)

/* The route of a lifecycle transition (docs/cases.md "Every transition is a decision"). */
#define TRANSITIONS "/transitions"

static json_t *find_id(const json_t *arr, const char *key, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        if (jint(it, key) == id)
            return it;
    }
    return NULL;
}

/* The first object anywhere in j (depth first) whose "id" (or key alt) equals id. */
static json_t *find_obj_deep(const json_t *j, const char *alt, int64_t id)
{
    if (json_is_object(j)) {
        if (jint(j, "id") == id || (alt && jint(j, alt) == id))
            return (json_t *)j;
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)j, k, x)
        {
            json_t *f = find_obj_deep(x, alt, id);
            if (f)
                return f;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach((json_t *)j, i, x)
        {
            json_t *f = find_obj_deep(x, alt, id);
            if (f)
                return f;
        }
    }
    return NULL;
}

static void expect_status(const struct resp *r, int want, const char *what)
{
    cr_expect_eq(r->status, want, "%s: status %d, want %d", what, r->status, want);
    if (r->status >= 400)
        cr_expect(resp_is_problem(r), "%s: refusal is not problem+json", what);
}

/* POSTs/PATCHes body (stolen) as ss; expects 200 or 201; returns the answer (new reference). */
static json_t *write_ok(const struct sess *ss, const char *method, const char *path, json_t *body,
                        const char *what)
{
    struct resp r;
    int s = req(ss, method, path, body, &r);
    cr_assert(s == 200 || s == 201, "%s: %d", what, s);
    json_t *j = r.json ? json_incref(r.json) : json_object();
    resp_free(&r);
    return j;
}

/* "YYYY-MM-DD" plus n months (the day of month must be <= 28, so the result is unambiguous). */
static void add_months(const char *date, int n, char out[11])
{
    struct tm t = {0};
    cr_assert(strptime(date, "%Y-%m-%d", &t) != NULL, "bad date");
    cr_assert(t.tm_mday <= 28, "add_months needs a day of month <= 28");
    t.tm_mon += n;
    t.tm_hour = 12;
    time_t x = timegm(&t);
    struct tm g;
    gmtime_r(&x, &g);
    strftime(out, 11, "%Y-%m-%d", &g);
}

/* Epoch ms of 11:00 UTC (12:00 or 13:00 in Amsterdam) on date "YYYY-MM-DD". */
static int64_t noon_of(const char *date)
{
    struct tm t = {0};
    cr_assert(strptime(date, "%Y-%m-%d", &t) != NULL, "bad date");
    t.tm_hour = 11;
    return (int64_t)timegm(&t) * 1000;
}

static int64_t noon_ms(int add_days)
{
    char d[11];
    srv_date(&S, add_days, d);
    return noon_of(d);
}

/* Demo username of account id (NULL if none). */
static const char *demo_user_of(int64_t id)
{
    json_t *acc = json_object_get(S.demo, "accounts");
    size_t i;
    json_t *a;
    json_array_foreach(acc, i, a)
    {
        if (jint(a, "id") == id)
            return jstr(a, "username");
    }
    return NULL;
}

/* ---- fixtures: a signal weighed to an admission -------------------------------------------- */

struct cfx {
    int64_t sig, id;
    char bsn[10], bsn2[10];
    char name[64];
};

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s*, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A weighing body with outcome opname_pga, attended by the municipality only (so no partner
 * becomes a participant by weighing), casusregisseur the demo dossierhouder. */
static json_t *admission_body(const struct sess *d)
{
    json_t *opts = get_ok(d, "/api/signal-options");
    char today[11], next_week[11];
    srv_date(&S, 0, today);
    srv_date(&S, 7, next_week);
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(opts, "criteria"), i, c)
    {
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s}", "code", jstr(c, "code"),
                                              "assessment", "ja", "note", "Fictieve toelichting"));
    }
    json_decref(opts);
    cr_assert(json_array_size(crit) > 0, "no weighing criteria configured");
    json_t *b = json_pack(
        "{s:s, s:b, s:[{s:I, s:s, s:s}], s:o, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}",
        "decided_on", today, "in_meeting", 1, "attendees", "org_id", (json_int_t)ORG_VS, "name",
        "Fictieve Deelnemer", "function", "Fictieve functie", "criteria", crit, "rationale",
        "Fictieve onderbouwing van de weging", "proportionality", "Fictieve proportionaliteit",
        "subsidiarity", "Fictieve subsidiariteit", "decision_rule", "unaniem", "outcome",
        "opname_pga", "admission", "casusregisseur_id", (json_int_t)U_DH, "first_overleg_date",
        next_week);
    cr_assert_not_null(b);
    return b;
}

/* A case of Voorbeeldstad: a signal about one fictional person (seed gives the BSN; with two,
 * a second subject), moved to weging and weighed to opname_pga. */
static void case_new2(const struct sess *d, struct cfx *f, uint32_t seed, const char *name,
                      const char *dob, bool two)
{
    memset(f, 0, sizeof(*f));
    bsn_make(seed, f->bsn);
    snprintf(f->name, sizeof(f->name), "%s", name);
    json_t *subj = json_array();
    json_array_append_new(subj, person(name, dob, f->bsn));
    if (two) {
        bsn_make(seed + 1000, f->bsn2);
        json_array_append_new(subj, person("Fictief Tweede Betrokkene", "1999-05-05", f->bsn2));
    }
    json_t *b = json_pack("{s:I, s:s, s:o, s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                          "route", "professional", "subjects", subj, "observed",
                          "Fictieve waarneming", "acute", "danger", 0);
    struct resp r;
    int s = req(d, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    f->sig = jint(r.json, "id");
    resp_free(&r);
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)f->sig);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        s = st(d, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "signal status %s: %d", steps[i], s);
    }
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)f->sig);
    s = req(d, "POST", p, admission_body(d), &r);
    cr_assert_eq(s, 201, "weighing opname_pga: %d", s);
    json_t *w = json_object_get(r.json, "weighing");
    f->id = jint(w ? w : r.json, "case_id");
    if (f->id <= 0)
        f->id = jint(r.json, "case_id");
    resp_free(&r);
    cr_assert(f->id > 0, "the admission gave no case_id");
}

static void case_new(const struct sess *d, struct cfx *f, uint32_t seed, const char *name)
{
    case_new2(d, f, seed, name, "1990-02-03", false);
}

static json_t *case_view(const struct sess *ss, int64_t cid)
{
    char p[96];
    CP(p, cid, "");
    return get_ok(ss, p);
}

/* The case overview as text with sorted keys (malloc'd), to compare before and after. */
static char *case_text(const struct sess *ss, int64_t cid)
{
    json_t *v = case_view(ss, cid);
    char *t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(v);
    cr_assert_not_null(t);
    return t;
}

static const char *case_state(const struct sess *ss, int64_t cid, char out[32])
{
    json_t *v = case_view(ss, cid);
    snprintf(out, 32, "%s", jstr(v, "state") ? jstr(v, "state") : "");
    json_decref(v);
    return out;
}

static void participant(const struct sess *d, int64_t cid, int64_t org, const char *kind)
{
    char p[128];
    CP(p, cid, "/participants");
    json_decref(write_ok(d, "POST", p,
                         json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)org, "kind", kind,
                                   "reason", "Fictieve reden van deelname"),
                         "POST participants"));
}

static json_t *flag_body(const char *flag, bool on)
{
    return json_pack("{s:s, s:b, s:s}", "flag", flag, "on", on, "rationale",
                     "Fictieve onderbouwing van de vlag");
}

static void flag_on(const struct sess *d, int64_t cid, const char *flag)
{
    char p[128];
    CP(p, cid, "/flags");
    json_t *b = flag_body(flag, true);
    if (strcmp(flag, "uitgereisd") == 0) {
        char today[11];
        srv_date(&S, 0, today);
        json_object_set_new(b, "departure_date", json_string(today));
    }
    char what[64];
    snprintf(what, sizeof(what), "POST flags %s on", flag);
    json_decref(write_ok(d, "POST", p, b, what));
}

static json_t *trans_body(const char *to, const char *rationale)
{
    json_t *b = json_pack("{s:s, s:s}", "to", to, "decided_by", "casusoverleg");
    if (rationale)
        json_object_set_new(b, "rationale", json_string(rationale));
    if (strcmp(to, "afgesloten") == 0)
        json_object_set_new(b, "closure",
                            json_pack("{s:b, s:s}", "subject_informed", 1, "informed_note",
                                      "Fictief geinformeerd"));
    return b;
}

/* A transition that must succeed; checks the new state. */
static void transition(const struct sess *d, int64_t cid, const char *to)
{
    char p[128], what[64], stt[32];
    CP(p, cid, TRANSITIONS);
    snprintf(what, sizeof(what), "transition to %s", to);
    json_decref(write_ok(d, "POST", p, trans_body(to, "Fictieve onderbouwing van de overgang"),
                         what));
    cr_expect_str_eq(case_state(d, cid, stt), to, "%s: state not changed", what);
}

static json_t *measure_body(const char *type, int64_t owner_org, const char *description)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", type, "legal_basis",
                     "Fictieve wettelijke grondslag", "owner_org_id", (json_int_t)owner_org,
                     "decider", "burgemeester", "status", "proposed", "description", description);
}

/* The measure in the overview v whose description is desc (borrowed; NULL if absent). */
static json_t *measure_by_desc(const json_t *v, const char *desc)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(v, "measures"), i, m)
    {
        if (jstr_is(m, "description", desc))
            return m;
    }
    return NULL;
}

/* Creates a measure as d and returns its id (from the overview, by its unique description). */
static int64_t measure_new(const struct sess *d, int64_t cid, const char *type, int64_t owner_org,
                           const char *desc)
{
    char p[128], what[96];
    CP(p, cid, "/measures");
    snprintf(what, sizeof(what), "POST measures %s", type);
    json_decref(write_ok(d, "POST", p, measure_body(type, owner_org, desc), what));
    json_t *v = case_view(d, cid);
    json_t *m = measure_by_desc(v, desc);
    cr_assert(m != NULL, "%s: not in the overview", what);
    cr_expect(jstr_is(m, "type", type), "%s: type not kept", what);
    json_t *idv = json_object_get(m, "id");
    cr_assert(valid_id(idv), "%s: no valid id", what);
    int64_t id = (int64_t)json_integer_value(idv);
    json_decref(v);
    return id;
}

/* Number of tasks in the overview v with this code (and state, when not NULL). */
static size_t tasks_with(const json_t *v, const char *code, const char *state)
{
    size_t n = 0, i;
    json_t *t;
    json_array_foreach(json_object_get(v, "tasks"), i, t)
    {
        if (jstr_is(t, "code", code) && (state == NULL || jstr_is(t, "state", state)))
            n++;
    }
    return n;
}

/* The (first) open task with this code in v (borrowed; NULL if absent). */
static json_t *open_task(const json_t *v, const char *code)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(v, "tasks"), i, t)
    {
        if (jstr_is(t, "code", code) && jstr_is(t, "state", "open"))
            return t;
    }
    return NULL;
}

/* Expects every code prefix1..prefixN once as an open task, activated by flag (NULL: none). */
static void expect_tasks(const json_t *v, char prefix, int n, const char *flag, const char *what)
{
    for (int k = 1; k <= n; k++) {
        char code[8];
        snprintf(code, sizeof(code), "%c%d", prefix, k);
        cr_expect_eq(tasks_with(v, code, "open"), 1, "%s: %zu open tasks %s, want 1", what,
                     tasks_with(v, code, "open"), code);
        json_t *t = open_task(v, code);
        if (t == NULL)
            continue;
        cr_expect(valid_id(json_object_get(t, "id")), "%s: task %s without a valid id", what,
                  code);
        cr_expect(jstr(t, "title") != NULL && jstr(t, "title")[0] != '\0',
                  "%s: task %s without title", what, code);
        if (flag != NULL)
            cr_expect(jstr_is(t, "activated_by_flag", flag),
                      "%s: task %s not activated_by_flag %s", what, code, flag);
    }
}

static json_t *plan_body(const char *goal, bool adopt)
{
    char review[11];
    srv_date(&S, 60, review);
    json_t *b = json_pack("{s:[s], s:{s:b, s:s}, s:{s:b, s:s}, s:s, s:[], s:s}", "goals", goal,
                          "person_view", "heard", 1, "what", "Fictieve visie van de persoon",
                          "family_view", "heard", 0, "what", "Fictief niet gehoord",
                          "consent_approach", "Fictieve aanpak toestemming", "measure_ids",
                          "next_review_date", review);
    cr_assert_not_null(b);
    if (adopt)
        json_object_set_new(b, "adopt",
                            json_pack("{s:s, s:s}", "decided_by", "casusoverleg", "rationale",
                                      "Fictieve onderbouwing vaststelling"));
    return b;
}

/* ---- 1. uitgereisd: U1-U8 and the BRP check by the clock ------------------------------------ */

/* Whether the work list of ss (all its pages) holds task tid (new reference to its entry, or
 * NULL). */
static json_t *worklist_entry(const struct sess *ss, int64_t tid)
{
    json_t *w = sess_list_all(&S, ss, "/api/worklist?per_page=100");
    json_t *e = find_obj_deep(w, "task_id", tid);
    if (e)
        json_incref(e);
    json_decref(w);
    return e;
}

Test(cases, uitgereisd_activates_u_tasks_and_the_brp_check_falls_due)
{
    REQUIRE_TEST_HOOKS();
    struct srv_opts opt = {.demo = true, .clock = true};
    boot(&opt);
    /* The clock only moves forward (sessions and TOTP steps): start tomorrow 11:00 UTC, or the
     * first day after that whose day of month is at most 28, so "+ 3 months" is one date. */
    int add = 1;
    char day[11];
    for (;; add++) {
        srv_date(&S, add, day);
        if (atoi(day + 8) <= 28)
            break;
    }
    int64_t base = noon_ms(add);
    srv_clock_at(&S, base);
    struct sess d, vz, d2;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 701, "Fictief Grutto Vertrekmans");
    char today[11], due[11], p[128];
    srv_date(&S, 0, today);
    add_months(today, 3, due);
    CP(p, f.id, "/flags");

    /* Without departure_date: refused, nothing changes. */
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "dossierhouder2", &d2);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    req(&d, "POST", p, flag_body("uitgereisd", true), &r);
    expect_problem_field(&r, 400, "departure_date", "uitgereisd on without departure_date");
    resp_free(&r);
    json_t *b = flag_body("uitgereisd", true);
    json_object_set_new(b, "departure_date", json_string("2026-02-30"));
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "departure_date", "uitgereisd on with an impossible departure_date");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused flag changed the database");
    json_t *v = case_view(&d, f.id);
    cr_expect_eq(tasks_with(v, "U6", NULL), 0, "a refused flag created U-tasks");
    json_decref(v);

    /* With departure_date today: U1-U8, U6 due in three months. */
    b = flag_body("uitgereisd", true);
    json_object_set_new(b, "departure_date", json_string(today));
    json_decref(write_ok(&d, "POST", p, b, "uitgereisd on"));
    v = case_view(&d, f.id);
    bool flagged = false;
    size_t i;
    json_t *fl;
    json_array_foreach(json_object_get(v, "flags"), i, fl)
    {
        flagged = flagged || jstr_is(fl, "flag", "uitgereisd");
    }
    cr_expect(flagged, "the flag uitgereisd is not in the overview");
    expect_tasks(v, 'U', 8, "uitgereisd", "uitgereisd");
    cr_expect_eq(tasks_with(v, "U9", NULL), 0, "a task U9");
    json_t *u6 = open_task(v, "U6");
    cr_assert(u6 != NULL, "no open U6");
    int64_t tid = jint(u6, "id");
    cr_expect(jstr_is(u6, "due_date", due), "U6 is not due departure + brp_check_months (3)");
    cr_expect(!json_is_true(json_object_get(u6, "overdue")), "U6 overdue on the departure date");
    int64_t owner = jint(json_object_get(u6, "owner"), "id");
    cr_assert(owner > 0, "U6 without owner");
    const char *owner_user = demo_user_of(owner);
    cr_assert(owner_user != NULL, "U6's owner is not a demo account");
    cr_expect_eq(owner, U_DH, "U6 is not owned by the casusregisseur");
    json_decref(v);

    /* In the owner's work list from the start (an open task), not overdue; not in the chair's
     * (not overdue yet), never in another municipality's. */
    struct sess o;
    login_ok(&S, owner_user, &o);
    json_t *e = worklist_entry(&o, tid);
    cr_expect(e != NULL, "U6 missing from its owner's work list");
    cr_expect(e == NULL || !json_is_true(json_object_get(e, "overdue")),
              "U6 overdue in the work list on the departure date");
    json_decref(e);
    if (owner != U_VZ) {
        e = worklist_entry(&vz, tid);
        cr_expect(e == NULL, "the chair's work list shows a task that is not overdue");
        json_decref(e);
    }
    e = worklist_entry(&d2, tid);
    cr_expect(e == NULL, "another municipality's work list shows the task");
    json_decref(e);

    /* Three months later, on the due date: due, not overdue. */
    srv_clock_at(&S, noon_of(due));
    login_ok(&S, owner_user, &o);
    v = case_view(&o, f.id);
    u6 = find_id(json_object_get(v, "tasks"), "id", tid);
    cr_expect(u6 != NULL && jstr_is(u6, "state", "open"), "U6 not open on its due date");
    cr_expect(u6 == NULL || !json_is_true(json_object_get(u6, "overdue")),
              "U6 overdue on its due date");
    json_decref(v);
    e = worklist_entry(&o, tid);
    cr_expect(e != NULL, "U6 missing from the owner's work list on its due date");
    cr_expect(e == NULL || !json_is_true(json_object_get(e, "overdue")),
              "U6 overdue in the work list on its due date");
    json_decref(e);

    /* The day after: overdue, in the overview, the owner's work list, the case list and the
     * chair's work list. */
    srv_clock_at(&S, noon_of(due) + 86400000LL);
    login_ok(&S, owner_user, &o);
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "dossierhouder2", &d2);
    v = case_view(&o, f.id);
    u6 = find_id(json_object_get(v, "tasks"), "id", tid);
    cr_expect(u6 != NULL, "U6 missing from the overview when overdue");
    cr_expect(u6 != NULL && json_is_true(json_object_get(u6, "overdue")),
              "U6 not overdue the day after its due date");
    json_decref(v);
    e = worklist_entry(&o, tid);
    cr_expect(e != NULL, "overdue U6 missing from the owner's work list");
    cr_expect(e != NULL && json_is_true(json_object_get(e, "overdue")),
              "U6 not overdue in the owner's work list");
    json_decref(e);
    e = worklist_entry(&vz, tid);
    cr_expect(e != NULL, "overdue U6 missing from the chair's work list");
    json_decref(e);
    e = worklist_entry(&d2, tid);
    cr_expect(e == NULL, "another municipality's work list shows the overdue task");
    json_decref(e);
    json_t *l = get_ok(&o, "/api/cases");
    json_t *ce = find_id(json_object_get(l, "items"), "id", f.id);
    cr_expect(ce != NULL, "the case is not in the case list");
    cr_expect(ce == NULL || jint(ce, "overdue_tasks") >= 1, "case list: overdue_tasks is 0");
    json_decref(l);

    /* Done with evidence: out of the work list, no longer overdue. */
    char tp[160];
    snprintf(tp, sizeof(tp), "/api/cases/%lld/checklist/%lld", (long long)f.id, (long long)tid);
    json_decref(write_ok(&o, "PATCH", tp,
                         json_pack("{s:s, s:{s:s, s:s}}", "state", "done", "evidence", "kind",
                                   "text", "text", "Fictief BRP gecontroleerd"),
                         "PATCH U6 done"));
    e = worklist_entry(&o, tid);
    cr_expect(e == NULL || !json_is_true(json_object_get(e, "overdue")),
              "a done task is still overdue in the work list");
    json_decref(e);
    v = case_view(&o, f.id);
    u6 = find_id(json_object_get(v, "tasks"), "id", tid);
    cr_expect(u6 == NULL || (jstr_is(u6, "state", "done") &&
                             !json_is_true(json_object_get(u6, "overdue"))),
              "U6 not done, or still overdue, after PATCH done");
    json_decref(v);
}

/* ---- 2. refused input names the field and changes nothing ----------------------------------- */

Test(cases, refused_transitions_and_measures_name_the_field_and_change_nothing)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 711, "Fictief Tureluur Invoermans");
    char stt[32];
    cr_expect_str_eq(case_state(&d, f.id, stt), "opgenomen", "a new case is not opgenomen");
    char tp[128], mp[128];
    CP(tp, f.id, TRANSITIONS);
    CP(mp, f.id, "/measures");
    char *before = case_text(&d, f.id);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;

    /* Transitions without (valid) rationale. */
    req(&d, "POST", tp, trans_body("beeldvorming", NULL), &r);
    expect_problem_field(&r, 400, "rationale", "transition without rationale");
    resp_free(&r);
    req(&d, "POST", tp, trans_body("beeldvorming", ""), &r);
    expect_problem_field(&r, 400, "rationale", "transition with empty rationale");
    resp_free(&r);
    char *lng = malloc(10002);
    memset(lng, 'x', 10001);
    lng[10001] = '\0';
    req(&d, "POST", tp, trans_body("beeldvorming", lng), &r);
    expect_problem_field(&r, 400, "rationale", "transition with a rationale over 10,000");
    resp_free(&r);
    free(lng);
    json_t *b = trans_body("beeldvorming", "Fictief");
    json_object_set_new(b, "rationale", json_integer(5));
    req(&d, "POST", tp, b, &r);
    expect_problem_field(&r, 400, "rationale", "transition with a number as rationale");
    resp_free(&r);
    /* Other fields. */
    b = trans_body("beeldvorming", "Fictief");
    json_object_del(b, "to");
    req(&d, "POST", tp, b, &r);
    expect_problem_field(&r, 400, "to", "transition without to");
    resp_free(&r);
    req(&d, "POST", tp, trans_body("onbekend", "Fictief"), &r);
    expect_problem_field(&r, 400, "to", "transition to an unknown state");
    resp_free(&r);
    b = trans_body("beeldvorming", "Fictief");
    json_object_set_new(b, "decided_by", json_string("wethouder"));
    req(&d, "POST", tp, b, &r);
    expect_problem_field(&r, 400, "decided_by", "transition decided by neither overleg nor mayor");
    resp_free(&r);
    /* Not allowed by the lifecycle: 409. */
    static const char *const bad_from_opgenomen[] = {"uitvoering", "herbeoordeling",
                                                     "afgeschaald", "plan_vastgesteld",
                                                     "opgenomen"};
    for (size_t k = 0; k < sizeof(bad_from_opgenomen) / sizeof(bad_from_opgenomen[0]); k++) {
        char what[96];
        snprintf(what, sizeof(what), "opgenomen -> %s", bad_from_opgenomen[k]);
        req(&d, "POST", tp, trans_body(bad_from_opgenomen[k], "Fictieve onderbouwing"), &r);
        expect_status(&r, 409, what);
        resp_free(&r);
    }
    req(&d, "POST", tp, trans_body("vernietigd", "Fictieve onderbouwing"), &r);
    cr_expect(r.status == 400 || r.status == 409, "transition to vernietigd: %d", r.status);
    cr_expect(resp_is_problem(&r), "transition to vernietigd: not problem+json");
    resp_free(&r);

    /* Measures without owner organisation or legal basis, and other bad measures. */
    b = measure_body("meldplicht", ORG_VS, "Fictieve maatregel zonder eigenaar");
    json_object_del(b, "owner_org_id");
    req(&d, "POST", mp, b, &r);
    expect_problem_field(&r, 400, "owner_org_id", "measure without owner_org_id");
    resp_free(&r);
    b = measure_body("meldplicht", ORG_VS, "Fictieve maatregel zonder grondslag");
    json_object_del(b, "legal_basis");
    req(&d, "POST", mp, b, &r);
    expect_problem_field(&r, 400, "legal_basis", "measure without legal_basis");
    resp_free(&r);
    b = measure_body("meldplicht", ORG_VS, "Fictieve maatregel lege grondslag");
    json_object_set_new(b, "legal_basis", json_string(""));
    req(&d, "POST", mp, b, &r);
    expect_problem_field(&r, 400, "legal_basis", "measure with empty legal_basis");
    resp_free(&r);
    b = measure_body("meldplicht", ORG_VS, "Fictieve maatregel null eigenaar");
    json_object_set_new(b, "owner_org_id", json_null());
    req(&d, "POST", mp, b, &r);
    expect_problem_field(&r, 400, "owner_org_id", "measure with owner_org_id null");
    resp_free(&r);
    req(&d, "POST", mp, measure_body("meldplicht", 9007199254740990LL, "Fictief onbekende org"),
        &r);
    expect_problem_field(&r, 400, "owner_org_id", "measure owned by an organisation that does not exist");
    resp_free(&r);
    req(&d, "POST", mp, measure_body("geen_maatregel", ORG_VS, "Fictief onbekend type"), &r);
    expect_problem_field(&r, 400, "type", "measure of an unknown type");
    resp_free(&r);
    b = measure_body("meldplicht", ORG_VS, "Fictieve maatregel");
    json_object_set_new(b, "status", json_string("bedacht"));
    req(&d, "POST", mp, b, &r);
    expect_problem_field(&r, 400, "status", "measure with an unknown status");
    resp_free(&r);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused input changed the database");
    char *after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "refused input changed the case overview");
    free(after);
    free(before);

    /* The controls: the same requests with the field present succeed. */
    json_decref(write_ok(&d, "POST", mp,
                         measure_body("meldplicht", ORG_VS, "Fictieve geldige maatregel"),
                         "measure with owner and legal basis"));
    transition(&d, f.id, "beeldvorming");

    /* In beeldvorming: afgesloten without closure is 400 naming closure; plan_vastgesteld without
     * an adopted plan is 409. */
    before = case_text(&d, f.id);
    db_fingerprint_skip(&S, VOLATILE, fb);
    b = trans_body("afgesloten", "Fictieve onderbouwing afsluiting");
    json_object_del(b, "closure");
    req(&d, "POST", tp, b, &r);
    expect_problem_field(&r, 400, "closure", "afgesloten without closure");
    resp_free(&r);
    b = trans_body("afgesloten", "Fictieve onderbouwing afsluiting");
    json_object_del(json_object_get(b, "closure"), "subject_informed");
    req(&d, "POST", tp, b, &r);
    expect_problem_field(&r, 400, "closure.subject_informed", "closure without subject_informed");
    resp_free(&r);
    req(&d, "POST", tp, trans_body("plan_vastgesteld", "Fictief zonder plan"), &r);
    expect_status(&r, 409, "beeldvorming -> plan_vastgesteld without an adopted plan");
    resp_free(&r);
    req(&d, "POST", tp, trans_body("uitvoering", "Fictief"), &r);
    expect_status(&r, 409, "beeldvorming -> uitvoering");
    resp_free(&r);
    req(&d, "POST", tp, trans_body("beeldvorming", "Fictief"), &r);
    expect_status(&r, 409, "beeldvorming -> beeldvorming");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused transitions changed the database");
    after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "refused transitions changed the case overview");
    free(after);
    free(before);
}

/* ---- the lifecycle ------------------------------------------------------------------------- */

/* "any open state (beeldvorming ... afgeschaald)->afgesloten": not from opgenomen. */
Test(cases, opgenomen_cannot_be_closed_directly)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 715, "Fictief Oeverloper Sluitmans");
    char p[128], stt[32];
    CP(p, f.id, TRANSITIONS);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    req(&d, "POST", p, trans_body("afgesloten", "Fictieve onderbouwing afsluiting"), &r);
    expect_status(&r, 409, "opgenomen -> afgesloten (with closure)");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused closure changed the database");
    cr_expect_str_eq(case_state(&d, f.id, stt), "opgenomen", "the case left opgenomen");
}

Test(cases, lifecycle_allowed_path_closure_and_reopen)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 721, "Fictief Kievit Levensloop");
    char p[128], stt[32];
    transition(&d, f.id, "beeldvorming");
    /* Adopting a plan in beeldvorming moves the case to plan_vastgesteld. */
    CP(p, f.id, "/plans");
    json_decref(write_ok(&d, "POST", p, plan_body("Fictief doel een", true), "adopt a plan"));
    cr_expect_str_eq(case_state(&d, f.id, stt), "plan_vastgesteld",
                     "adopting a plan in beeldvorming does not move the case");
    transition(&d, f.id, "uitvoering");
    transition(&d, f.id, "herbeoordeling");
    transition(&d, f.id, "uitvoering");
    transition(&d, f.id, "afgeschaald");
    transition(&d, f.id, "uitvoering"); /* re-open */
    transition(&d, f.id, "herbeoordeling");
    transition(&d, f.id, "afgeschaald");

    /* Closing: retention_until = closed date + 5 years. A closed case is read for accountability
     * (purpose binding, docs/purpose.md). */
    S.purpose = "verantwoording";
    transition(&d, f.id, "afgesloten");
    json_t *v = case_view(&d, f.id);
    char today[11], ret[11];
    srv_date(&S, 0, today);
    if (atoi(today + 8) <= 28) {
        add_months(today, 60, ret);
        cr_expect(jstr_is(v, "retention_until", ret),
                  "retention_until is not the closed date + 5 years");
    } else {
        cr_expect(jstr(v, "retention_until") != NULL, "no retention_until after closing");
    }
    /* Nine explicit transitions, and perhaps the one the adoption made (events of kind
     * transition, docs/cases.md "Reads"). */
    size_t ntr = 0, mine = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(v, "events"), i, t)
    {
        if (!jstr_is(t, "kind", "transition"))
            continue;
        ntr++;
        cr_expect(jstr(t, "rationale") != NULL && jstr(t, "rationale")[0] != '\0',
                  "a transition without rationale");
        /* The one the adoption made points at the plan (whose adoption says who decided). */
        cr_expect(jstr(t, "decided_by") != NULL || jint(t, "plan_id") > 0,
                  "a transition without decided_by");
        if (jstr_is(t, "rationale", "Fictieve onderbouwing van de overgang")) {
            mine++;
            cr_expect(jstr_is(t, "decided_by", "casusoverleg"), "decided_by not kept");
        }
    }
    cr_expect(ntr == 9 || ntr == 10, "%zu transitions, want 9 (+1 by the adoption)", ntr);
    cr_expect_eq(mine, 9, "%zu transitions with their rationale, want 9", mine);
    json_decref(v);

    /* Closed: only re-open to herbeoordeling. */
    CP(p, f.id, TRANSITIONS);
    static const char *const bad[] = {"uitvoering", "afgeschaald", "beeldvorming", "afgesloten"};
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        char what[64];
        snprintf(what, sizeof(what), "afgesloten -> %s", bad[k]);
        struct resp r;
        req(&d, "POST", p, trans_body(bad[k], "Fictief"), &r);
        expect_status(&r, 409, what);
        resp_free(&r);
    }
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused transitions of a closed case changed the database");
    transition(&d, f.id, "herbeoordeling");

    /* Transitions are immutable records: the database refuses to change one. */
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM case_event WHERE case_id = %lld AND kind = 'transition'",
             (long long)f.id);
    int64_t nrec = db_int(&S, sql);
    cr_expect(nrec == (int64_t)ntr + 1, "%lld transition records stored, want %zu", (long long)nrec,
              ntr + 1);
    cr_assert(db_try_exec(&S, "UPDATE case_event SET code = 'uitvoering' WHERE 1 = 0"),
              "no write access to the test database");
    snprintf(sql, sizeof(sql),
             "UPDATE case_event SET code = 'uitvoering' WHERE case_id = %lld AND kind = "
             "'transition'",
             (long long)f.id);
    cr_expect(!db_try_exec(&S, sql), "the database lets a transition be changed");

    /* uitvoering -> plan_vastgesteld is not a transition. */
    transition(&d, f.id, "uitvoering");
    struct resp r;
    req(&d, "POST", p, trans_body("plan_vastgesteld", "Fictief"), &r);
    expect_status(&r, 409, "uitvoering -> plan_vastgesteld");
    resp_free(&r);
    req(&d, "POST", p, trans_body("opgenomen", "Fictief"), &r);
    expect_status(&r, 409, "uitvoering -> opgenomen");
    resp_free(&r);
}

/* ---- plans: versions; an adopted version is immutable -------------------------------------- */

Test(cases, adopted_plan_is_immutable_a_new_post_is_a_new_version)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 731, "Fictief Wulp Planmans");
    char p[128], stt[32];
    CP(p, f.id, "/plans");
    int64_t mid = measure_new(&d, f.id, "meldplicht", ORG_VS, "Fictieve maatregel plan");

    /* A concept: version 1, the case stays opgenomen. */
    json_decref(write_ok(&d, "POST", p, plan_body("Fictief doel CONCEPT", false), "plan concept"));
    json_t *v = case_view(&d, f.id);
    json_t *pl = json_object_get(v, "plan");
    cr_expect(json_is_object(pl), "no current plan after a POST");
    cr_expect_eq(jint(pl, "version"), 1, "the first plan is not version 1");
    json_decref(v);
    cr_expect_str_eq(case_state(&d, f.id, stt), "opgenomen", "a concept plan moved the case");

    /* Refused adoption (no rationale): nothing changes. */
    char *before = case_text(&d, f.id);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    json_t *b = plan_body("Fictief doel GEWEIGERD", true);
    json_object_del(json_object_get(b, "adopt"), "rationale");
    struct resp r;
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "adopt.rationale", "adoption without rationale");
    resp_free(&r);
    b = plan_body("Fictief doel GEWEIGERD", true);
    json_object_set_new(json_object_get(b, "adopt"), "decided_by", json_string("wethouder"));
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "adopt.decided_by", "adoption decided by neither overleg nor mayor");
    resp_free(&r);
    b = plan_body("Fictief doel GEWEIGERD", false);
    json_object_set_new(b, "measure_ids", json_pack("[I]", (json_int_t)9007199254740990LL));
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "measure_ids", "plan naming a measure that does not exist");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused plan changed the database");
    char *after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "a refused plan changed the overview");
    free(before);
    free(after);

    /* Adopted in opgenomen: version 2, the case moves to plan_vastgesteld. */
    b = plan_body("Fictief doel VASTGESTELD", true);
    json_object_set_new(b, "measure_ids", json_pack("[I]", (json_int_t)mid));
    json_decref(write_ok(&d, "POST", p, b, "plan adopted"));
    cr_expect_str_eq(case_state(&d, f.id, stt), "plan_vastgesteld",
                     "adopting a plan in opgenomen does not move the case");
    v = case_view(&d, f.id);
    pl = json_object_get(v, "plan");
    cr_expect_eq(jint(pl, "version"), 2, "the adopted plan is not version 2");
    cr_expect(json_has_substring(pl, "Fictief doel VASTGESTELD"), "the adopted goal is not shown");
    cr_expect(json_has_int(pl, mid), "the adopted plan does not list its measure");
    json_decref(v);

    /* A new POST (adopted again) is version 3; version 2 is kept unchanged. */
    b = plan_body("Fictief doel HERZIEN", true);
    json_decref(write_ok(&d, "POST", p, b, "plan adopted again"));
    v = case_view(&d, f.id);
    pl = json_object_get(v, "plan");
    cr_expect_eq(jint(pl, "version"), 3, "the next plan is not version 3");
    cr_expect(json_has_substring(pl, "Fictief doel HERZIEN"), "the new goal is not current");
    cr_expect(!json_has_substring(pl, "Fictief doel VASTGESTELD"),
              "the new version carries the old goal");
    json_decref(v);
    /* Version 2 as stored is what was adopted. */
    json_t *hist = get_ok(&d, p);
    {
        json_t *v2 = NULL;
        json_t *its = json_object_get(hist, "plans");
        size_t i;
        json_t *it;
        json_array_foreach(its, i, it)
        {
            if (jint(it, "version") == 2)
                v2 = it;
        }
        cr_expect(v2 != NULL, "plan history lacks version 2");
        cr_expect(v2 == NULL || json_has_substring(v2, "Fictief doel VASTGESTELD"),
                  "version 2 no longer holds its adopted goal");
        cr_expect_eq(json_array_size(its), 3, "plan history: %zu versions, want 3",
                     json_array_size(its));
        json_decref(hist);
    }
    /* The database keeps the three versions, version 2 adopted, and refuses to change one. */
    char sql[200];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM case_plan WHERE case_id = %lld",
             (long long)f.id);
    cr_expect_eq(db_int(&S, sql), 3, "plan versions stored");
    snprintf(sql, sizeof(sql),
             "SELECT adopted FROM case_plan WHERE case_id = %lld AND version = 2", (long long)f.id);
    cr_expect_eq(db_int(&S, sql), 1, "version 2 is not stored as adopted");
    cr_assert(db_try_exec(&S, "UPDATE case_plan SET adopted = 0 WHERE 1 = 0"),
              "no write access to the test database");
    before = case_text(&d, f.id);
    snprintf(sql, sizeof(sql),
             "UPDATE case_plan SET adopted = 0 WHERE case_id = %lld AND version = 2",
             (long long)f.id);
    cr_expect(!db_try_exec(&S, sql), "the database lets an adopted plan version be changed");
    snprintf(sql, sizeof(sql),
             "UPDATE case_plan SET next_review_day = next_review_day + 1 WHERE case_id = %lld",
             (long long)f.id);
    cr_expect(!db_try_exec(&S, sql), "the database lets a plan version be changed");
    after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "a plan version changed in the database");
    free(before);
    free(after);
}

/* ---- 3. the police partner sees police, criminal and other measures, no care ---------------- */

struct vfx {
    struct cfx c;
    int64_t m_verm, m_psig, m_straf, m_meld, m_ggz, m_derad;
};

static const char D_VERM[] = "Fictief POLITIE-VERMISSING";
static const char D_PSIG[] = "Fictief POLITIE-SIGNALERING";
static const char D_STRAF[] = "Fictief STRAF-ONDERZOEK";
static const char D_MELD[] = "Fictief BESTUUR-MELDPLICHT";
static const char D_GGZ[] = "Fictief ZORG-GEHEIM-JEUGD";
static const char D_DERAD[] = "Fictief ZORG-GEHEIM-DERAD";

static void vis_fixture(const struct sess *d, struct vfx *x)
{
    case_new(d, &x->c, 741, "Fictief Scholekster Zichtmans");
    participant(d, x->c.id, ORG_POL, "core");
    participant(d, x->c.id, ORG_JZ, "invited");
    x->m_verm = measure_new(d, x->c.id, "vermissing", ORG_POL, D_VERM);
    x->m_psig = measure_new(d, x->c.id, "paspoort_signalering", ORG_POL, D_PSIG);
    x->m_straf = measure_new(d, x->c.id, "strafrechtelijk_onderzoek", ORG_POL, D_STRAF);
    x->m_meld = measure_new(d, x->c.id, "meldplicht", ORG_VS, D_MELD);
    x->m_ggz = measure_new(d, x->c.id, "ggz_jeugd_wmo", ORG_JZ, D_GGZ);
    x->m_derad = measure_new(d, x->c.id, "deradicalisering", ORG_VS, D_DERAD);
    /* The plan names all six; a checklist task has the care measure as its evidence. */
    char p[160];
    CP(p, x->c.id, "/plans");
    json_t *b = plan_body("Fictief doel zichtbaarheid", true);
    json_object_set_new(b, "measure_ids",
                        json_pack("[I, I, I, I, I, I]", (json_int_t)x->m_verm,
                                  (json_int_t)x->m_psig, (json_int_t)x->m_straf,
                                  (json_int_t)x->m_meld, (json_int_t)x->m_ggz,
                                  (json_int_t)x->m_derad));
    json_decref(write_ok(d, "POST", p, b, "plan naming every measure"));
    json_t *v = case_view(d, x->c.id);
    json_t *c2 = open_task(v, "C2");
    cr_assert(c2 != NULL, "no open C2");
    snprintf(p, sizeof(p), "/api/cases/%lld/checklist/%lld", (long long)x->c.id,
             (long long)jint(c2, "id"));
    json_decref(v);
    json_decref(write_ok(d, "PATCH", p,
                         json_pack("{s:{s:s, s:I, s:s}}", "evidence", "kind", "measure", "id",
                                   (json_int_t)x->m_ggz, "text", "Fictief ZORG-GEHEIM-BEWIJS"),
                         "task evidence: the care measure"));
}

/* Expects measure m (type, description) visible in the response or absent from its whole text. */
static void expect_measure(const struct resp *r, int64_t m, const char *type, const char *desc,
                           bool visible, const char *who)
{
    if (visible) {
        json_t *e = find_id(json_object_get(r->json, "measures"), "id", m);
        cr_expect(e != NULL, "%s: measure %s missing", who, type);
        cr_expect(e == NULL || jstr_is(e, "description", desc), "%s: measure %s without its text",
                  who, type);
    } else {
        cr_expect(!id_in_resp(r, m), "%s: the id of the %s measure is in the response", who,
                  type);
        cr_expect(r->body && strstr(r->body, type) == NULL,
                  "%s: the type %s is in the response", who, type);
        cr_expect(r->body && strstr(r->body, desc) == NULL,
                  "%s: the description of the %s measure is in the response", who, type);
    }
}

Test(cases, police_partner_sees_police_and_criminal_measures_never_care)
{
    start();
    struct sess d, pa, jz, om;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "jeugdzorg", &jz);
    login_ok(&S, "om", &om);
    cr_assert(pa.org_id == ORG_POL, "demo partner is not of Politie eenheid Voorbeeld");

    /* Before the police participates: 404, like a case that does not exist, and not listed. */
    struct cfx c0;
    case_new(&d, &c0, 742, "Fictief Bergeend Voormans");
    char p[128];
    struct resp r, r404;
    CP(p, c0.id, "");
    req(&pa, "GET", p, NULL, &r);
    expect_status(&r, 404, "police GET a case its organisation does not take part in");
    cr_expect(r.body == NULL || strstr(r.body, "Bergeend") == NULL, "the 404 leaks the name");
    CP(p, 9007199254740990LL, "");
    req(&pa, "GET", p, NULL, &r404);
    expect_status(&r404, 404, "police GET a case that does not exist");
    cr_expect(jstr(r.json, "title") && jstr(r404.json, "title") &&
                  strcmp(jstr(r.json, "title"), jstr(r404.json, "title")) == 0,
              "a case without participation answers unlike a missing one");
    resp_free(&r);
    resp_free(&r404);
    json_t *l = get_ok(&pa, "/api/cases");
    cr_expect(find_id(json_object_get(l, "items"), "id", c0.id) == NULL,
              "police lists a case its organisation does not take part in");
    json_decref(l);

    struct vfx x;
    vis_fixture(&d, &x);
    int64_t cid = x.c.id;
    CP(p, cid, "");

    /* The municipality sees all six. */
    req(&d, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200, "dossierhouder GET case: %d", r.status);
    expect_measure(&r, x.m_verm, "vermissing", D_VERM, true, "dossierhouder");
    expect_measure(&r, x.m_psig, "paspoort_signalering", D_PSIG, true, "dossierhouder");
    expect_measure(&r, x.m_straf, "strafrechtelijk_onderzoek", D_STRAF, true, "dossierhouder");
    expect_measure(&r, x.m_meld, "meldplicht", D_MELD, true, "dossierhouder");
    expect_measure(&r, x.m_ggz, "ggz_jeugd_wmo", D_GGZ, true, "dossierhouder");
    expect_measure(&r, x.m_derad, "deradicalisering", D_DERAD, true, "dossierhouder");
    resp_free(&r);

    /* The police: own police measures, criminal and other; no care measure at all. */
    req(&pa, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200, "police GET a case it takes part in: %d", r.status);
    expect_measure(&r, x.m_verm, "vermissing", D_VERM, true, "police");
    expect_measure(&r, x.m_psig, "paspoort_signalering", D_PSIG, true, "police");
    expect_measure(&r, x.m_straf, "strafrechtelijk_onderzoek", D_STRAF, true, "police");
    expect_measure(&r, x.m_meld, "meldplicht", D_MELD, true, "police");
    expect_measure(&r, x.m_ggz, "ggz_jeugd_wmo", D_GGZ, false, "police");
    expect_measure(&r, x.m_derad, "deradicalisering", D_DERAD, false, "police");
    cr_expect(r.body && strstr(r.body, "ZORG-GEHEIM") == NULL, "police: care text in the body");
    json_t *pl = json_object_get(r.json, "plan");
    cr_expect(json_is_object(pl), "police: no plan in the overview (plan data as participant)");
    cr_expect(json_has_int(json_object_get(pl, "measure_ids"), x.m_verm) &&
                  json_has_int(json_object_get(pl, "measure_ids"), x.m_meld),
              "police: the plan lacks the measures the police may see");
    cr_expect(!json_is_true(json_object_get(r.json, "can_transition")),
              "police: can_transition");
    resp_free(&r);
    /* The sections: the same rule. */
    static const char *const sections[] = {"/plans", "/checklist", "/communication-line",
                                           "/assessments", "/family-support"};
    for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
        char sp[160], what[64];
        CP(sp, cid, sections[k]);
        snprintf(what, sizeof(what), "police GET %s", sections[k]);
        req(&pa, "GET", sp, NULL, &r);
        cr_expect(r.status == 200 || r.status == 403 || r.status == 404, "%s: %d", what,
                  r.status);
        expect_measure(&r, x.m_ggz, "ggz_jeugd_wmo", D_GGZ, false, what);
        expect_measure(&r, x.m_derad, "deradicalisering", D_DERAD, false, what);
        cr_expect(r.body && strstr(r.body, "ZORG-GEHEIM") == NULL, "%s: care text", what);
        resp_free(&r);
    }
    l = get_ok(&pa, "/api/cases");
    cr_expect(find_id(json_object_get(l, "items"), "id", cid) != NULL,
              "police does not list a case it takes part in");
    json_decref(l);

    /* Jeugdzorg (invited): criminal, other and its own care measure; not the police's, not the
     * municipality's care measure. */
    req(&jz, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200, "jeugdzorg GET a case it takes part in: %d", r.status);
    expect_measure(&r, x.m_straf, "strafrechtelijk_onderzoek", D_STRAF, true, "jeugdzorg");
    expect_measure(&r, x.m_meld, "meldplicht", D_MELD, true, "jeugdzorg");
    expect_measure(&r, x.m_ggz, "ggz_jeugd_wmo", D_GGZ, true, "jeugdzorg");
    expect_measure(&r, x.m_verm, "vermissing", D_VERM, false, "jeugdzorg");
    expect_measure(&r, x.m_psig, "paspoort_signalering", D_PSIG, false, "jeugdzorg");
    expect_measure(&r, x.m_derad, "deradicalisering", D_DERAD, false, "jeugdzorg");
    resp_free(&r);

    /* The OM does not take part: 404 on the case and on its routes. */
    req(&om, "GET", p, NULL, &r);
    expect_status(&r, 404, "OM GET a case its organisation does not take part in");
    cr_expect(r.body == NULL || strstr(r.body, "Fictief") == NULL, "the 404 leaks case text");
    resp_free(&r);

    /* Partners update only the measures they own; never flags or transitions. */
    char mp[160];
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    snprintf(mp, sizeof(mp), "/api/cases/%lld/measures/%lld", (long long)cid,
             (long long)x.m_meld);
    req(&pa, "PATCH", mp, json_pack("{s:s}", "status", "running"), &r);
    cr_expect(r.status == 403 || r.status == 404,
              "police PATCH a measure of the municipality: %d, want 403/404", r.status);
    resp_free(&r);
    snprintf(mp, sizeof(mp), "/api/cases/%lld/measures/%lld", (long long)cid, (long long)x.m_ggz);
    req(&pa, "PATCH", mp, json_pack("{s:s}", "status", "running"), &r);
    cr_expect(r.status == 403 || r.status == 404,
              "police PATCH a care measure it cannot see: %d, want 403/404", r.status);
    cr_expect(r.body == NULL || strstr(r.body, "ZORG-GEHEIM") == NULL, "the refusal leaks");
    resp_free(&r);
    CP(mp, cid, "/flags");
    req(&pa, "POST", mp, flag_body("gedetineerd", true), &r);
    cr_expect(r.status == 403 || r.status == 404, "police POST flags: %d, want 403/404",
              r.status);
    resp_free(&r);
    CP(mp, cid, TRANSITIONS);
    req(&pa, "POST", mp, trans_body("beeldvorming", "Fictief"), &r);
    cr_expect(r.status == 403 || r.status == 404, "police POST transition: %d, want 403/404",
              r.status);
    resp_free(&r);
    CP(mp, cid, "/measures");
    req(&pa, "POST", mp, measure_body("vermissing", ORG_POL, "Fictief door politie"), &r);
    cr_expect(r.status == 403 || r.status == 404, "police POST measure: %d, want 403/404",
              r.status);
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused partner writes changed the database");

    /* Its own measure: the police updates the status; the answer is its own view. */
    snprintf(mp, sizeof(mp), "/api/cases/%lld/measures/%lld", (long long)cid,
             (long long)x.m_verm);
    req(&pa, "PATCH", mp, json_pack("{s:s}", "status", "running"), &r);
    cr_expect_eq(r.status, 200, "police PATCH its own measure: %d", r.status);
    expect_measure(&r, x.m_ggz, "ggz_jeugd_wmo", D_GGZ, false, "police PATCH answer");
    expect_measure(&r, x.m_derad, "deradicalisering", D_DERAD, false, "police PATCH answer");
    cr_expect(r.body && strstr(r.body, "ZORG-GEHEIM") == NULL, "police PATCH answer: care text");
    resp_free(&r);
    json_t *v = case_view(&d, cid);
    json_t *m = find_id(json_object_get(v, "measures"), "id", x.m_verm);
    cr_expect(m != NULL && jstr_is(m, "status", "running"), "the police's status update is lost");
    json_decref(v);
}

/* ---- 4. flags activate checklists; nvt needs a reason --------------------------------------- */

Test(cases, flags_activate_their_checklists)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new2(&d, &f, 751, "Fictief Lepelaar Vlagmans", "1990-06-07", false);

    /* Every case: C1-C6 and N1 (due admission + 12 months); nothing flag-bound yet. */
    json_t *v = case_view(&d, f.id);
    expect_tasks(v, 'C', 6, NULL, "new case");
    cr_expect_eq(tasks_with(v, "C7", NULL), 0, "a task C7");
    cr_expect_eq(tasks_with(v, "N1", "open"), 1, "a new case has %zu open N1",
                 tasks_with(v, "N1", "open"));
    json_t *n1 = open_task(v, "N1");
    char today[11], n1due[11];
    srv_date(&S, 0, today);
    snprintf(n1due, sizeof(n1due), "none");
    if (atoi(today + 8) <= 28) {
        add_months(today, 12, n1due);
        cr_expect(n1 != NULL && jstr_is(n1, "due_date", n1due),
                  "N1 is not due admission + 12 months");
    }
    static const char *const flagged[] = {"D1", "U1", "T1", "G1", "K1"};
    for (size_t k = 0; k < 5; k++)
        cr_expect_eq(tasks_with(v, flagged[k], NULL), 0, "a new case has %s", flagged[k]);
    json_decref(v);

    /* Refused flags: without rationale, an unknown flag. */
    char p[128];
    CP(p, f.id, "/flags");
    char *before = case_text(&d, f.id);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    json_t *b = flag_body("minderjarig", true);
    json_object_del(b, "rationale");
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "rationale", "flag without rationale");
    resp_free(&r);
    req(&d, "POST", p, flag_body("vermist", true), &r);
    expect_problem_field(&r, 400, "flag", "an unknown flag");
    resp_free(&r);
    b = flag_body("minderjarig", true);
    json_object_del(b, "on");
    req(&d, "POST", p, b, &r);
    expect_problem_field(&r, 400, "on", "flag without on");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused flag changed the database");
    char *after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "a refused flag changed the overview");
    free(before);
    free(after);

    flag_on(&d, f.id, "uitreis_dreigend");
    flag_on(&d, f.id, "minderjarig");
    flag_on(&d, f.id, "gesneuveld_gemeld");
    flag_on(&d, f.id, "teruggekeerd");
    v = case_view(&d, f.id);
    expect_tasks(v, 'D', 5, "uitreis_dreigend", "uitreis_dreigend");
    cr_expect_eq(tasks_with(v, "D6", NULL), 0, "a task D6");
    expect_tasks(v, 'K', 1, "minderjarig", "minderjarig");
    expect_tasks(v, 'G', 4, "gesneuveld_gemeld", "gesneuveld_gemeld");
    cr_expect_eq(tasks_with(v, "G5", NULL), 0, "a task G5");
    expect_tasks(v, 'T', 4, "teruggekeerd", "teruggekeerd");
    cr_expect_eq(tasks_with(v, "T5", NULL), 0, "a task T5");
    cr_expect_eq(tasks_with(v, "U1", NULL), 0, "U-tasks without the flag uitgereisd");
    expect_tasks(v, 'C', 6, NULL, "flagged case");
    size_t nflags = json_array_size(json_object_get(v, "flags"));
    cr_expect_eq(nflags, 4, "%zu flags in the overview, want 4", nflags);
    size_t i;
    json_t *fl;
    json_array_foreach(json_object_get(v, "flags"), i, fl)
    {
        cr_expect(jstr(fl, "label") != NULL && jstr(fl, "since") != NULL,
                  "a flag without label or since");
    }
    json_decref(v);

    /* terugkeer_verwacht on another case: T1-T4 too. */
    struct cfx g;
    case_new(&d, &g, 752, "Fictief Tapuit Terugmans");
    flag_on(&d, g.id, "terugkeer_verwacht");
    v = case_view(&d, g.id);
    expect_tasks(v, 'T', 4, "terugkeer_verwacht", "terugkeer_verwacht");
    cr_expect_eq(tasks_with(v, "D1", NULL) + tasks_with(v, "G1", NULL) + tasks_with(v, "K1", NULL),
                 0, "tasks of flags that are not set");
    json_decref(v);

    /* A subject under 18 at admission: minderjarig is set and K1 activated by it
     * (docs/cases.md); setting it again is a conflict. */
    struct cfx m;
    case_new2(&d, &m, 753, "Fictief Kuifmees Jongmans", "2018-01-01", false);
    v = case_view(&d, m.id);
    expect_tasks(v, 'K', 1, "minderjarig", "a minor's case");
    bool minor = false;
    json_array_foreach(json_object_get(v, "flags"), i, fl)
    {
        minor = minor || jstr_is(fl, "flag", "minderjarig");
    }
    cr_expect(minor, "a minor's case without the flag minderjarig");
    json_decref(v);
    CP(p, m.id, "/flags");
    req(&d, "POST", p, flag_body("minderjarig", true), &r);
    expect_status(&r, 409, "minderjarig on while it is on");
    resp_free(&r);
    v = case_view(&d, m.id);
    cr_expect_eq(tasks_with(v, "K1", NULL), 1, "a second K1 after a refused flag");
    json_decref(v);

    /* nvt without reason: 400 naming reason, nothing changes; with a reason: ok. */
    v = case_view(&d, f.id);
    json_t *d1 = open_task(v, "D1");
    cr_assert(d1 != NULL, "no open D1");
    int64_t tid = jint(d1, "id");
    json_decref(v);
    char tp[160];
    snprintf(tp, sizeof(tp), "/api/cases/%lld/checklist/%lld", (long long)f.id, (long long)tid);
    before = case_text(&d, f.id);
    db_fingerprint_skip(&S, VOLATILE, fb);
    req(&d, "PATCH", tp, json_pack("{s:s}", "state", "nvt"), &r);
    expect_problem_field(&r, 400, "reason", "nvt without reason");
    resp_free(&r);
    req(&d, "PATCH", tp, json_pack("{s:s, s:s}", "state", "nvt", "reason", ""), &r);
    expect_problem_field(&r, 400, "reason", "nvt with an empty reason");
    resp_free(&r);
    req(&d, "PATCH", tp, json_pack("{s:s}", "state", "klaar"), &r);
    expect_problem_field(&r, 400, "state", "a task state that does not exist");
    resp_free(&r);
    req(&d, "PATCH", tp, json_pack("{s:s}", "due_date", "2026-13-01"), &r);
    expect_problem_field(&r, 400, "due_date", "a task due date that does not exist");
    resp_free(&r);
    char np[160];
    snprintf(np, sizeof(np), "/api/cases/%lld/checklist/%lld", (long long)f.id,
             9007199254740990LL);
    req(&d, "PATCH", np, json_pack("{s:s}", "state", "done"), &r);
    expect_status(&r, 404, "PATCH a task that does not exist");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused task update changed the database");
    after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "a refused task update changed the overview");
    free(before);
    free(after);
    json_decref(write_ok(&d, "PATCH", tp,
                         json_pack("{s:s, s:s}", "state", "nvt", "reason",
                                   "Fictief niet van toepassing"),
                         "nvt with reason"));
    v = case_view(&d, f.id);
    json_t *t = find_id(json_object_get(v, "tasks"), "id", tid);
    cr_expect(t == NULL || (jstr_is(t, "state", "nvt") &&
                            jstr_is(t, "reason", "Fictief niet van toepassing")),
              "nvt with reason not stored");
    cr_expect_eq(tasks_with(v, "D1", "open"), 0, "D1 still open after nvt");
    json_decref(v);

    /* N1 done: a new N1 for the next period. */
    v = case_view(&d, f.id);
    n1 = open_task(v, "N1");
    cr_assert(n1 != NULL, "no open N1");
    int64_t n1id = jint(n1, "id");
    json_decref(v);
    snprintf(tp, sizeof(tp), "/api/cases/%lld/checklist/%lld", (long long)f.id, (long long)n1id);
    json_decref(write_ok(&d, "PATCH", tp,
                         json_pack("{s:s, s:{s:s, s:s}}", "state", "done", "evidence", "kind",
                                   "text", "text", "Fictief noodzaak getoetst"),
                         "N1 done"));
    v = case_view(&d, f.id);
    json_t *n1b = open_task(v, "N1");
    cr_expect(n1b != NULL, "no new N1 after the necessity review was done");
    /* The next period runs from the review (done today): due today + 12 months. */
    if (n1b) {
        cr_expect(jint(n1b, "id") != n1id, "the new N1 is the old one");
        if (atoi(today + 8) <= 28)
            cr_expect(jstr_is(n1b, "due_date", n1due), "the new N1 is not due review + 12 months");
        else
            cr_expect(jstr(n1b, "due_date") && strcmp(jstr(n1b, "due_date"), today) > 0,
                      "the new N1 is not due after the review");
    }
    json_t *n1old = find_id(json_object_get(v, "tasks"), "id", n1id);
    cr_expect(n1old == NULL || jstr_is(n1old, "state", "done"), "the done N1 is not done");
    json_decref(v);
}

/* ---- 5. the communication line ------------------------------------------------------------- */

Test(cases, communication_line_refuses_names_and_digits_unless_accepted)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 761, "Fictief Zwartkop Berichtmans");
    char p[128];
    /* A relative in family support is a person in the case too. */
    CP(p, f.id, "/family-support");
    json_decref(write_ok(&d, "POST", p,
                         json_pack("{s:{s:s, s:s}, s:{s:s, s:I}, s:{s:s, s:s, s:s}}", "relative",
                                   "name", "Fictief Sijsjesmans", "relation", "moeder",
                                   "supporter", "kind", "dossierhouder", "user_id",
                                   (json_int_t)U_DH, "needs", "practical", "Fictief",
                                   "emotional", "Fictief", "care", "Fictief"),
                         "POST family-support"));
    CP(p, f.id, "/communication-line");
    char *before = case_text(&d, f.id);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    static const char *const bad[] = {
        "Wij noemen Fictief Zwartkop Berichtmans niet in de media", /* the full name */
        "Er zijn 3 maatregelen genomen",                            /* a digit */
        "Besluit van 12 maart",                                     /* digits */
        "Over berichtmans zeggen wij niets",                        /* the surname */
        "Over de familie Sijsjesmans zeggen wij niets",             /* a relative's surname */
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        char what[64];
        snprintf(what, sizeof(what), "key message %zu with a name or digit", k);
        req(&d, "POST", p,
            json_pack("{s:s, s:s, s:s}", "owner", "gemeente", "key_messages", bad[k], "audience",
                      "Fictieve pers"),
            &r);
        expect_problem_field(&r, 400, "key_messages", what);
        resp_free(&r);
        req(&d, "POST", p,
            json_pack("{s:s, s:s, s:s, s:b}", "owner", "gemeente", "key_messages", bad[k],
                      "audience", "Fictieve pers", "accept_warnings", 0),
            &r);
        expect_problem_field(&r, 400, "key_messages", "the same with accept_warnings false");
        resp_free(&r);
    }
    req(&d, "POST", p,
        json_pack("{s:s, s:s, s:s}", "owner", "pers", "key_messages", "Fictieve kernboodschap",
                  "audience", "Fictieve pers"),
        &r);
    expect_problem_field(&r, 400, "owner", "communication line owner neither om nor gemeente");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused communication line changed the database");
    char *after = case_text(&d, f.id);
    cr_expect(strcmp(before, after) == 0, "a refused communication line changed the overview");
    free(before);
    free(after);

    /* Without name or digit: accepted. With accept_warnings: accepted, the warning kept. */
    json_decref(write_ok(&d, "POST", p,
                         json_pack("{s:s, s:s, s:s}", "owner", "gemeente", "key_messages",
                                   "Fictieve kernboodschap zonder details", "audience",
                                   "Fictieve pers"),
                         "clean key messages"));
    json_t *a = write_ok(&d, "POST", p,
                         json_pack("{s:s, s:s, s:s, s:b}", "owner", "om", "key_messages", bad[1],
                                   "audience", "Fictieve pers", "accept_warnings", 1),
                         "key messages with a digit, warnings accepted");
    /* The answer is the overview: two versions, the second with its warning kept. */
    json_t *cl = json_object_get(a, "communication_lines");
    cr_expect_eq(json_array_size(cl), 2, "%zu communication line versions, want 2",
                 json_array_size(cl));
    json_t *v2 = NULL;
    size_t i;
    json_t *it;
    json_array_foreach(cl, i, it)
    {
        if (jint(it, "version") == 2)
            v2 = it;
    }
    cr_expect(v2 != NULL, "no version 2 of the communication line");
    cr_expect(v2 == NULL || json_array_size(json_object_get(v2, "warnings")) >= 1,
              "the accepted warning is not kept with the version");
    cr_expect(v2 == NULL || jstr_is(v2, "owner", "om"), "owner not kept");
    json_decref(a);
}

/* ---- 6. the access log --------------------------------------------------------------------- */

static size_t count_recs(const json_t *recs, const char *name, int64_t user)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        if ((name == NULL || (nm && strcmp(nm, name) == 0)) &&
            (user == 0 || jint(at, "regie.user_id") == user))
            n++;
    }
    return n;
}

/* Sends the request (body stolen) and returns its records (about bsn when not NULL). */
static json_t *logged(const struct sess *ss, const char *method, const char *path, json_t *body,
                      const char *bsn, int *status)
{
    struct resp r;
    *status = req(ss, method, path, body, &r);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    return audit_records_for(&S, rid, bsn);
}

/* The dossierhouder and the police partner logged in, and a case with two subjects in which
 * the police takes part. */
static void police_case(struct sess *d, struct sess *pa, struct cfx *f, uint32_t seed,
                        const char *name, const char *dob)
{
    login_ok(&S, "dossierhouder", d);
    login_ok(&S, "partner", pa);
    case_new2(d, f, seed, name, dob, true);
    participant(d, f->id, ORG_POL, "core");
}

Test(cases, reads_and_writes_are_in_the_access_log_with_the_subjects)
{
    start();
    struct sess d, pa, om;
    struct cfx f;
    police_case(&d, &pa, &f, 771, "Fictief Roodborst Logmans", "1991-01-01");
    login_ok(&S, "om", &om);
    char p[128];
    CP(p, f.id, "");
    int s;

    /* The dossierhouder's read: a read record, about both subjects. */
    json_t *recs = logged(&d, "GET", p, NULL, NULL, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", U_DH) >= 1, "case read: no read record");
    json_decref(recs);
    recs = logged(&d, "GET", p, NULL, f.bsn, &s);
    cr_expect(json_array_size(recs) >= 1, "case read: no record about the first subject");
    json_decref(recs);
    recs = logged(&d, "GET", p, NULL, f.bsn2, &s);
    cr_expect(json_array_size(recs) >= 1, "case read: no record about the second subject");
    json_decref(recs);

    /* The participating police's read too. */
    recs = logged(&pa, "GET", p, NULL, f.bsn, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, NULL, U_PA) >= 1, "partner case read: no record about the subject");
    json_decref(recs);

    /* A refused read (OM does not take part) names nobody. */
    recs = logged(&om, "GET", p, NULL, f.bsn, &s);
    cr_expect_eq(s, 404);
    cr_expect_eq(json_array_size(recs), 0, "a refused case read is logged about a subject");
    json_decref(recs);

    /* Writes: a flag, a measure, a transition, a participant, a task. */
    char wp[160];
    CP(wp, f.id, "/flags");
    recs = logged(&d, "POST", wp, flag_body("gedetineerd", true), f.bsn, &s);
    cr_expect(s == 200 || s == 201, "flag: %d", s);
    cr_expect(json_array_size(recs) >= 1, "flag: no record about the subject");
    cr_expect(count_recs(recs, "read", 0) < json_array_size(recs), "flag: only read records");
    json_decref(recs);
    CP(wp, f.id, "/measures");
    recs = logged(&d, "POST", wp, measure_body("meldplicht", ORG_VS, "Fictief log"), f.bsn2, &s);
    cr_expect(s == 200 || s == 201, "measure: %d", s);
    cr_expect(json_array_size(recs) >= 1, "measure: no record about the second subject");
    cr_expect(count_recs(recs, "create", U_DH) >= 1, "measure: no create record");
    json_decref(recs);
    CP(wp, f.id, TRANSITIONS);
    recs = logged(&d, "POST", wp, trans_body("beeldvorming", "Fictief log"), f.bsn, &s);
    cr_expect(s == 200 || s == 201, "transition: %d", s);
    cr_expect(json_array_size(recs) >= 1, "transition: no record about the subject");
    json_decref(recs);
    json_t *v = case_view(&d, f.id);
    json_t *c1 = open_task(v, "C1");
    cr_assert(c1 != NULL, "no open C1");
    snprintf(wp, sizeof(wp), "/api/cases/%lld/checklist/%lld", (long long)f.id,
             (long long)jint(c1, "id"));
    json_decref(v);
    recs = logged(&d, "PATCH", wp,
                  json_pack("{s:s, s:{s:s, s:s}}", "state", "done", "evidence", "kind", "text",
                            "text", "Fictief gedaan"),
                  f.bsn, &s);
    cr_expect_eq(s, 200, "task done: %d", s);
    cr_expect(count_recs(recs, "update", U_DH) >= 1, "task: no update record about the subject");
    json_decref(recs);

    /* The list: logged, without names in it. */
    struct resp r;
    req(&d, "GET", "/api/cases", NULL, &r);
    cr_expect_eq(r.status, 200);
    cr_expect(find_id(json_object_get(r.json, "items"), "id", f.id) != NULL,
              "the case is not in the dossierhouder's list");
    cr_expect(r.body && strstr(r.body, "Roodborst") == NULL, "a name in the case list");
    cr_expect(r.body && strstr(r.body, f.bsn) == NULL, "a BSN in the case list");
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect(json_array_size(recs) >= 1, "case list: no record");
    json_decref(recs);
}

/* ---- 7. roles without access, another municipality ----------------------------------------- */

Test(cases, other_roles_403_other_municipality_404)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f;
    case_new(&d, &f, 781, "Fictief Boomklever Rolmans");
    int64_t mid = measure_new(&d, f.id, "meldplicht", ORG_VS, "Fictief GEHEIM-ROL");
    json_t *v = case_view(&d, f.id);
    json_t *c1 = open_task(v, "C1");
    cr_assert(c1 != NULL, "no open C1");
    int64_t tid = jint(c1, "id");
    json_decref(v);
    static const char *const none[] = {"melder", "raadslid", "fg", "beheerder"};
    struct sess xs[4], d2, vz, bg;
    for (size_t k = 0; k < 4; k++)
        login_ok(&S, none[k], &xs[k]);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "burgemeester", &bg);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);

    char pc[96], pt[128], pf[128], pm[128], pp[128], pl[128], pk[160], pmm[160], pcl[128];
    CP(pc, f.id, "");
    CP(pt, f.id, TRANSITIONS);
    CP(pf, f.id, "/flags");
    CP(pm, f.id, "/measures");
    CP(pp, f.id, "/participants");
    CP(pl, f.id, "/plans");
    CP(pcl, f.id, "/communication-line");
    snprintf(pk, sizeof(pk), "/api/cases/%lld/checklist/%lld", (long long)f.id, (long long)tid);
    snprintf(pmm, sizeof(pmm), "/api/cases/%lld/measures/%lld", (long long)f.id, (long long)mid);
    for (int who = 0; who < 5; who++) {
        const struct sess *x = who < 4 ? &xs[who] : &d2;
        int want = who < 4 ? 403 : 404;
        const char *name = who < 4 ? none[who] : "dossierhouder2";
        struct resp r;
        char what[128];
#define CHECK(M, P, B)                                                                             \
    do {                                                                                           \
        req(x, M, P, B, &r);                                                                       \
        snprintf(what, sizeof(what), "%s %s %s", name, M, #P);                                     \
        expect_status(&r, want, what);                                                             \
        cr_expect(r.body == NULL || strstr(r.body, "GEHEIM-ROL") == NULL, "%s leaks", what);       \
        cr_expect(r.body == NULL || strstr(r.body, "Boomklever") == NULL, "%s leaks", what);       \
        resp_free(&r);                                                                             \
    } while (0)
        CHECK("GET", pc, NULL);
        CHECK("POST", pt, trans_body("beeldvorming", "Fictief"));
        CHECK("POST", pf, flag_body("gedetineerd", true));
        CHECK("POST", pm, measure_body("meldplicht", ORG_VS, "Fictief"));
        CHECK("PATCH", pmm, json_pack("{s:s}", "status", "running"));
        CHECK("POST", pp,
              json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)ORG_POL, "kind", "core", "reason",
                        "Fictief"));
        CHECK("POST", pl, plan_body("Fictief", false));
        CHECK("PATCH", pk, json_pack("{s:s}", "state", "done"));
        CHECK("POST", pcl,
              json_pack("{s:s, s:s, s:s}", "owner", "gemeente", "key_messages", "Fictief",
                        "audience", "Fictief"));
#undef CHECK
        if (who < 4) {
            req(x, "GET", "/api/cases", NULL, &r);
            snprintf(what, sizeof(what), "%s GET /api/cases", name);
            expect_status(&r, 403, what);
            resp_free(&r);
        } else {
            json_t *l = get_ok(x, "/api/cases");
            cr_expect(find_id(json_object_get(l, "items"), "id", f.id) == NULL,
                      "another municipality lists the case");
            json_decref(l);
        }
    }
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused requests changed the database");

    /* The chair and the mayor of the municipality read it. */
    json_t *cv = case_view(&vz, f.id);
    cr_expect_eq(jint(cv, "id"), f.id, "voorzitter reads another case");
    json_decref(cv);
    cv = case_view(&bg, f.id);
    cr_expect_eq(jint(cv, "id"), f.id, "burgemeester reads another case");
    json_decref(cv);
}

/* ---- 8. the case list and the work list are paged (page, per_page as GET /api/signals) ------- */

/* Position of the first task of case cid in a work list (-1 when absent). */
static int task_index_of_case(const json_t *items, int64_t cid)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)items, i, it)
    {
        if (jstr_is(it, "kind", "task") && jint(json_object_get(it, "case"), "id") == cid)
            return (int)i;
    }
    return -1;
}

/* Number of access-log records of the answer to GET path about the person with bsn; *status. */
static size_t records_about(const struct sess *ss, const char *path, const char *bsn, int *status,
                            json_t **out_items)
{
    struct resp r;
    *status = req(ss, "GET", path, NULL, &r);
    char rid[64];
    resp_request_id(&r, rid);
    if (out_items)
        *out_items = json_incref(json_object_get(r.json, "items"));
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, bsn);
    size_t n = json_array_size(recs);
    json_decref(recs);
    return n;
}

/* The work list's order: due first (by date, none last), tasks before actions on a day, then
 * case reference, code, id (store/case.c). <0, 0, >0 as strcmp. */
static int worklist_cmp(const json_t *a, const json_t *b)
{
    const char *da = jstr(a, "due_date"), *db = jstr(b, "due_date");
    if ((da == NULL) != (db == NULL))
        return da == NULL ? 1 : -1;
    int c = da != NULL ? strcmp(da, db) : 0;
    bool aa = jstr_is(a, "kind", "action"), ab = jstr_is(b, "kind", "action");
    if (c == 0 && aa != ab)
        c = aa ? 1 : -1;
    const char *ra = aa ? "" : jstr(json_object_get(a, "case"), "reference");
    const char *rb = ab ? "" : jstr(json_object_get(b, "case"), "reference");
    if (c == 0)
        c = strcmp(ra ? ra : "", rb ? rb : "");
    if (c == 0)
        c = strcmp(aa ? "" : jstr(a, "code"), ab ? "" : jstr(b, "code"));
    if (c == 0)
        c = jint(a, "id") < jint(b, "id") ? -1 : jint(a, "id") > jint(b, "id");
    return c;
}

Test(cases, case_list_and_work_list_are_paged)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx f1, f2, f3;
    case_new(&d, &f1, 811, "Fictief Merel Paginamans");
    case_new(&d, &f2, 812, "Fictief Spreeuw Paginamans");
    case_new(&d, &f3, 813, "Fictief Vink Paginamans");

    /* The case list: default 25 per page, the total, pages that differ and together hold every
     * case once (newest first). */
    json_t *j = get_ok(&d, "/api/cases");
    int64_t total = jint(j, "total");
    cr_expect_eq(jint(j, "page"), 1);
    cr_expect_eq(jint(j, "per_page"), 25);
    cr_expect(total >= 3, "case list total %lld", (long long)total);
    cr_expect_eq((int64_t)json_array_size(json_object_get(j, "items")), total < 25 ? total : 25);
    json_decref(j);
    json_t *p1 = get_ok(&d, "/api/cases?per_page=1");
    json_t *p2 = get_ok(&d, "/api/cases?per_page=1&page=2");
    cr_assert_eq(json_array_size(json_object_get(p1, "items")), 1);
    cr_assert_eq(json_array_size(json_object_get(p2, "items")), 1);
    cr_expect_eq(jint(p1, "total"), total);
    cr_expect_eq(jint(p2, "page"), 2);
    int64_t id1 = jint(json_array_get(json_object_get(p1, "items"), 0), "id");
    int64_t id2 = jint(json_array_get(json_object_get(p2, "items"), 0), "id");
    cr_expect_neq(id1, id2, "page 2 repeats page 1");
    cr_expect_eq(id1, f3.id, "the newest case is not first");
    cr_expect_eq(id2, f2.id, "the second newest case is not second");
    json_decref(p1);
    json_decref(p2);
    json_t *all = sess_list_all(&S, &d, "/api/cases?per_page=2");
    cr_expect_eq((int64_t)json_array_size(all), total, "pages of 2 do not add up to the total");
    for (size_t a = 0; a < json_array_size(all); a++)
        for (size_t b = a + 1; b < json_array_size(all); b++)
            cr_expect_neq(jint(json_array_get(all, a), "id"), jint(json_array_get(all, b), "id"),
                          "a case on two pages");
    cr_expect(find_id(all, "id", f1.id) && find_id(all, "id", f2.id) && find_id(all, "id", f3.id),
              "a new case is missing from the pages");
    json_decref(all);
    char p[160];
    snprintf(p, sizeof(p), "/api/cases?per_page=100&page=%lld", (long long)(total / 100 + 2));
    j = get_ok(&d, p);
    cr_expect_eq(json_array_size(json_object_get(j, "items")), 0, "a page past the end has rows");
    cr_expect_eq(jint(j, "total"), total);
    json_decref(j);
    /* The filter still applies, and counts: no case is afgesloten here. */
    j = get_ok(&d, "/api/cases?state=afgesloten&per_page=5");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
        cr_expect(jstr_is(it, "state", "afgesloten"), "state filter ignored on a page");
    }
    cr_expect_eq(jint(j, "total") > 0, json_array_size(json_object_get(j, "items")) > 0);
    json_decref(j);

    /* Bad paging: problem+json naming the field, for both lists. */
    static const char *const bad[][2] = {
        {"per_page=0", "per_page"}, {"per_page=101", "per_page"}, {"per_page=-1", "per_page"},
        {"per_page=x", "per_page"}, {"page=0", "page"},           {"page=100001", "page"},
        {"page=1e3", "page"},       {"limit=10", "limit"},
    };
    static const char *const lists[] = {"/api/cases", "/api/worklist"};
    for (size_t l = 0; l < 2; l++)
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
            struct resp r;
            snprintf(p, sizeof(p), "%s?%s", lists[l], bad[k][0]);
            req(&d, "GET", p, NULL, &r);
            char what[200];
            snprintf(what, sizeof(what), "GET %s", p);
            expect_problem_field(&r, 400, bad[k][1], what);
            resp_free(&r);
        }

    /* Due dates on three of the new cases' tasks, two on one day: they lead the work list,
     * which is read in two parts (with and without a due day). */
    all = sess_list_all(&S, &d, "/api/worklist?per_page=100");
    int planned = 0;
    size_t wi;
    json_t *wit;
    json_array_foreach(all, wi, wit)
    {
        int64_t cid = jint(json_object_get(wit, "case"), "id");
        if (planned == 3 || !jstr_is(wit, "kind", "task") || (cid != f1.id && cid != f2.id))
            continue;
        struct resp r;
        snprintf(p, sizeof(p), "/api/cases/%lld/checklist/%lld", (long long)cid,
                 (long long)jint(wit, "id"));
        cr_expect_eq(req(&d, "PATCH", p,
                         json_pack("{s:s}", "due_date", planned == 1 ? "2031-01-01" : "2031-01-02"),
                         &r),
                     200, "plan a task");
        resp_free(&r);
        planned++;
    }
    cr_assert_eq(planned, 3, "fewer than three tasks of the new cases to plan");
    json_decref(all);

    /* The work list: pages of it are the whole list in order, with the total. */
    all = sess_list_all(&S, &d, "/api/worklist?per_page=100");
    size_t dated = 0;
    for (size_t k = 0; k < json_array_size(all); k++) {
        json_t *row = json_array_get(all, k);
        dated += jstr(row, "due_date") != NULL;
        if (k > 0)
            cr_expect(worklist_cmp(json_array_get(all, k - 1), row) < 0,
                      "work list rows %zu and %zu are out of order", k - 1, k);
    }
    cr_expect(dated >= 3 && dated < json_array_size(all), "%zu of %zu rows dated", dated,
              json_array_size(all));
    /* Pages of one on both sides of the seam between the two parts. */
    for (size_t k = dated - 1; k <= dated && k < json_array_size(all); k++) {
        snprintf(p, sizeof(p), "/api/worklist?per_page=1&page=%zu", k + 1);
        json_t *pk = get_ok(&d, p);
        cr_expect(json_equal(json_array_get(json_object_get(pk, "items"), 0),
                             json_array_get(all, k)),
                  "page %zu of one is not row %zu of the list", k + 1, k);
        json_decref(pk);
    }
    j = get_ok(&d, "/api/worklist");
    int64_t wtotal = jint(j, "total");
    cr_expect_eq(jint(j, "per_page"), 25);
    cr_expect_eq((int64_t)json_array_size(all), wtotal, "work list pages do not add up to total");
    json_decref(j);
    int i1 = task_index_of_case(all, f1.id), i2 = task_index_of_case(all, f2.id);
    cr_assert(i1 >= 0 && i2 >= 0, "the new cases' tasks are not in the work list");
    p1 = get_ok(&d, "/api/worklist?per_page=1");
    p2 = get_ok(&d, "/api/worklist?per_page=1&page=2");
    json_t *a0 = json_array_get(json_object_get(p1, "items"), 0);
    json_t *b0 = json_array_get(json_object_get(p2, "items"), 0);
    cr_assert(a0 && b0, "a work-list page of one is empty");
    cr_expect(jint(a0, "id") != jint(b0, "id") || !jstr_is(a0, "kind", jstr(b0, "kind")),
              "work-list page 2 repeats page 1");
    cr_expect(json_equal(a0, json_array_get(all, 0)) && json_equal(b0, json_array_get(all, 1)),
              "pages of one are not the list in order");
    json_decref(p1);
    json_decref(p2);

    /* The access log names the data subjects of the page's tasks only: the page holding a task
     * of f1 (one row) names f1's subject and not f2's, and the other way round. */
    int s = 0;
    json_t *items = NULL;
    snprintf(p, sizeof(p), "/api/worklist?per_page=1&page=%d", i1 + 1);
    cr_expect(records_about(&d, p, f1.bsn, &s, &items) >= 1, "page with f1's task: no record");
    cr_expect_eq(s, 200);
    cr_expect_eq(jint(json_object_get(json_array_get(items, 0), "case"), "id"), f1.id);
    json_decref(items);
    cr_expect_eq(records_about(&d, p, f2.bsn, &s, NULL), 0, "page with f1's task names f2");
    snprintf(p, sizeof(p), "/api/worklist?per_page=1&page=%d", i2 + 1);
    cr_expect(records_about(&d, p, f2.bsn, &s, NULL) >= 1, "page with f2's task: no record");
    cr_expect_eq(records_about(&d, p, f1.bsn, &s, NULL), 0, "page with f2's task names f1");
    /* A page past the end is answered, and names nobody. */
    snprintf(p, sizeof(p), "/api/worklist?per_page=100&page=%lld", (long long)(wtotal / 100 + 2));
    cr_expect_eq(records_about(&d, p, f1.bsn, &s, &items), 0, "an empty page names a subject");
    cr_expect_eq(s, 200);
    cr_expect_eq(json_array_size(items), 0, "a work-list page past the end has rows");
    json_decref(items);
    json_decref(all);
}

/* ---- the cached view (app/viewcache.h) -------------------------------------------------------
 * A case read may be answered from the reader's own cached view. It must be byte-for-byte what a
 * fresh read gives, each read must still write its records (one per subject), a write must be
 * visible to the very next read, and one reader's view must never reach another. */

static char *read_body(const struct sess *ss, const char *path, const char *bsn, size_t *n_recs)
{
    struct resp r;
    int s = req(ss, "GET", path, NULL, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    char rid[64];
    resp_request_id(&r, rid);
    char *body = strdup(r.body ? r.body : "");
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, bsn);
    *n_recs = json_array_size(recs);
    json_decref(recs);
    return body;
}

Test(cases, a_cached_view_is_exact_logged_current_and_the_readers_own)
{
    start();
    struct sess d, pa;
    struct cfx f;
    police_case(&d, &pa, &f, 781, "Fictief Grutto Cachemans", "1992-03-04");
    char p[128];
    CP(p, f.id, "");

    /* Reads in a row: the same bytes, and each read has its record about each subject. */
    size_t n1 = 0, n2 = 0, n3 = 0;
    char *b1 = read_body(&d, p, f.bsn, &n1);
    char *b2 = read_body(&d, p, f.bsn, &n2);
    char *b3 = read_body(&d, p, f.bsn2, &n3);
    cr_expect(strcmp(b1, b2) == 0 && strcmp(b2, b3) == 0, "repeated reads differ");
    cr_expect(n1 == 1 && n2 == 1 && n3 == 1,
              "records about a subject per read: %zu, %zu, %zu (want 1 each)", n1, n2, n3);
    free(b2);
    free(b3);

    /* A write is in the next read, every time (read, write, read in quick succession). */
    for (int i = 0; i < 5; i++) {
        char desc[64], mp[160];
        snprintf(desc, sizeof(desc), "Fictief CACHE-MAATREGEL-%d", i);
        size_t n = 0;
        free(read_body(&d, p, NULL, &n));
        CP(mp, f.id, "/measures");
        json_decref(write_ok(&d, "POST", mp, measure_body("meldplicht", ORG_VS, desc), "measure"));
        char *b = read_body(&d, p, NULL, &n);
        cr_expect(strstr(b, desc) != NULL, "write %d is not in the next read", i);
        free(b);
    }
    /* And a care measure of the municipality, which the police may never see. */
    char mp[160];
    CP(mp, f.id, "/measures");
    json_decref(write_ok(&d, "POST", mp,
                         measure_body("deradicalisering", ORG_VS, "Fictief CACHE-ZORG-GEHEIM"),
                         "care measure"));

    /* One reader's view never reaches another: the dossierhouder reads (and so caches her
     * view with the care measure), the police reads right after it. */
    for (int i = 0; i < 3; i++) {
        size_t n = 0;
        char *bd = read_body(&d, p, NULL, &n);
        cr_expect(strstr(bd, "CACHE-ZORG-GEHEIM") != NULL, "the dossierhouder misses the care measure");
        char *bp = read_body(&pa, p, f.bsn, &n);
        cr_expect(strstr(bp, "CACHE-ZORG-GEHEIM") == NULL, "the police got the care measure");
        cr_expect(strstr(bp, "CACHE-MAATREGEL-4") != NULL, "the police misses an other measure");
        cr_expect_eq(n, 1, "the police's read: %zu records about the subject", n);
        free(bd);
        free(bp);
    }
    free(b1);
}
