/* test_signals.c: signals and weighing (melding → weging) over real HTTP, against the contract in
 * docs/signals.md (REQ-SIG-01..06) and the policy table src/policy/policy.csv.
 *
 *  - per route: the roles the contract allows succeed; a role that may never use the route gets
 *    403; a role that may use it but cannot see the object gets 404, with the same problem body
 *    as for an id that does not exist (no existence leak);
 *  - bad input answers 400/422 problem+json naming the field in errors[].field, and stores
 *    nothing (DB fingerprint without the access log and session tables is unchanged);
 *  - the melder (and a partner for its own submission) only ever gets the receipt;
 *  - participants: an organisation sees a signal only once invited; police data is seen only by
 *    the police and the municipality, and is never exported;
 *  - weighings: required fields, exactly one case per signal, immutable history with
 *    corrections, the joint / single-organisation flag;
 *  - the known-person check, the restricted store (ambtsbericht), search, and the access log.
 * Public intake and deadlines (clock hook) are in test_signals_intake.c.
 * Every person in here is fictional; no response body is ever printed. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

/* Tables that change with logins and session activity, and the access log (which records
 * refused requests by design). */
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_PD, ORG_POL, ORG_OM, ORG_RVDK, ORG_GGZ;

static void orgs(void)
{
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_PD = demo_org_id(&S, "Gemeente Proefdorp");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    ORG_OM = demo_org_id(&S, "OM arrondissement Voorbeeld");
    ORG_RVDK = demo_org_id(&S, "Raad voor de Kinderbescherming Voorbeeld");
    ORG_GGZ = demo_org_id(&S, "GGZ Voorbeeldkliniek");
    cr_assert(ORG_VS > 0 && ORG_PD > 0 && ORG_POL > 0 && ORG_OM > 0 && ORG_RVDK > 0 && ORG_GGZ > 0,
              "demo organisations missing");
}

static void start(void)
{
    srv_start(&S, true, NULL);
    orgs();
}

static void stop(void)
{
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(signals, .init = start, .fini = stop, .timeout = 300);

/* ---- accounts ------------------------------------------------------------------------------ */

enum { DH, DH2, VZ, BG, PA, OM, RV, GZ, ME, FG, RL, BH, N_ACC };
static const char *const ACC[N_ACC] = {
    "dossierhouder", "dossierhouder2", "voorzitter", "burgemeester", "partner",  "om", "rvdk",
    "ggz",           "melder",         "fg",         "raadslid",     "beheerder"};
static struct sess A[N_ACC];

static void login_all(void)
{
    for (int i = 0; i < N_ACC; i++)
        login_ok(&S, ACC[i], &A[i]);
}

/* ---- requests ------------------------------------------------------------------------------ */

#define SIGP(buf, id, suffix)                                                                      \
    snprintf(buf, sizeof(buf), "/api/signals/%lld%s", (long long)(id), suffix)

static int req(const struct sess *ss, const char *method, const char *path, json_t *body,
               struct resp *r)
{
    return sess_json(&S, ss, method, path, body, r);
}

static int st(const struct sess *ss, const char *method, const char *path, json_t *body)
{
    return sess_json_status(&S, ss, method, path, body);
}

/* GET path, asserts 200, returns the parsed body (new reference). */
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

static json_t *get_signal(const struct sess *ss, int64_t id)
{
    char p[128];
    SIGP(p, id, "");
    return get_ok(ss, p);
}

/* The items of a list answer (borrowed from j). */
static json_t *items(const json_t *j)
{
    json_t *it = json_object_get(j, "items");
    cr_assert(json_is_array(it), "answer without items[]");
    return it;
}

static bool has_id(const json_t *arr, const char *key, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        if ((int64_t)json_integer_value(json_object_get(it, key)) == id)
            return true;
    }
    return false;
}

static json_t *find_id(const json_t *arr, const char *key, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        if ((int64_t)json_integer_value(json_object_get(it, key)) == id)
            return it;
    }
    return NULL;
}

/* Is signal id in the caller's work queue (all pages)? */
static bool in_list(const struct sess *ss, int64_t id)
{
    json_t *all = sess_list_all(&S, ss, "/api/signals?per_page=100");
    bool in = has_id(all, "id", id);
    json_decref(all);
    return in;
}

/* Status of a search as ss, and whether signal id is among the hits (false when not 200). */
static int search_has(const struct sess *ss, const char *query, int64_t id, bool *found)
{
    char p[512];
    snprintf(p, sizeof(p), "/api/search?%s", query);
    struct resp r;
    int s = req(ss, "GET", p, NULL, &r);
    *found = false;
    if (s == 200) {
        json_t *it = json_object_get(r.json, "items");
        cr_expect(json_is_array(it), "search: no items[]");
        *found = has_id(it, "signal_id", id);
        cr_expect_eq((size_t)json_integer_value(json_object_get(r.json, "count")),
                     json_array_size(it), "search: count differs from the items");
    }
    resp_free(&r);
    return s;
}

/* Expects a refusal with a problem body whose errors[] names one of the '|'-separated fields. */
static void expect_invalid(const struct resp *r, const char *fields, const char *what)
{
    cr_expect(r->status == 400 || r->status == 422, "%s: status %d, want 400/422", what, r->status);
    cr_expect(resp_is_problem(r), "%s: not problem+json", what);
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", fields);
    bool named = false;
    char *save = NULL;
    for (char *f = strtok_r(buf, "|", &save); f; f = strtok_r(NULL, "|", &save))
        named = named || resp_names_field(r, f);
    cr_expect(named, "%s: errors[] does not name %s", what, fields);
}

static void expect_invalid_req(const struct sess *ss, const char *method, const char *path,
                               json_t *body, const char *fields, const char *what)
{
    struct resp r;
    req(ss, method, path, body, &r);
    expect_invalid(&r, fields, what);
    resp_free(&r);
}

/* ---- bodies -------------------------------------------------------------------------------- */

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s*, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A valid signal body (route professional, no danger) for municipality muni (0 = omitted). */
static json_t *sig_body(int64_t muni, json_t *subject, const char *observed)
{
    json_t *b = json_pack("{s:s, s:[o], s:s, s:{s:b}}", "route", "professional", "subjects",
                          subject, "observed", observed, "acute", "danger", 0);
    cr_assert_not_null(b);
    if (muni > 0)
        json_object_set_new(b, "municipality_id", json_integer(muni));
    return b;
}

/* POSTs body (stolen) as ss; asserts 201 and returns the new id. r (may be NULL) keeps the
 * response. */
static int64_t create_r(const struct sess *ss, json_t *body, struct resp *r)
{
    struct resp tmp;
    struct resp *rr = r ? r : &tmp;
    int s = req(ss, "POST", "/api/signals", body, rr);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    json_t *id = json_object_get(rr->json, "id");
    cr_assert(valid_id(id), "POST /api/signals: id is not a positive integer below 2^53");
    int64_t v = (int64_t)json_integer_value(id);
    if (r == NULL)
        resp_free(&tmp);
    return v;
}

static int64_t create(const struct sess *ss, json_t *body)
{
    return create_r(ss, body, NULL);
}

/* A signal about one fictional person with bsn (may be NULL). */
static int64_t sig_new(const struct sess *ss, int64_t muni, const char *bsn, const char *observed)
{
    return create(ss,
                  sig_body(muni, person("Fictief Persoon Testmans", "2008-03-01", bsn), observed));
}

static json_t *options(const struct sess *ss)
{
    return get_ok(ss, "/api/signal-options");
}

/* A valid weighing body: every configured criterion once, attendees from the organisations
 * orgs[0..n), and the extra object the outcome needs. */
static json_t *weighing_body(const json_t *opts, const char *outcome, const int64_t *org_ids,
                             size_t n, const char *rationale)
{
    char today[11], next_week[11], in_two[11];
    srv_date(&S, 0, today);
    srv_date(&S, 7, next_week);
    srv_date(&S, 14, in_two);
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(opts, "criteria"), i, c)
    {
        json_array_append_new(crit,
                              json_pack("{s:s, s:s, s:s}", "code",
                                        json_string_value(json_object_get(c, "code")), "assessment",
                                        "onbekend", "note", "Fictieve toelichting"));
    }
    cr_assert(json_array_size(crit) > 0, "no weighing criteria configured");
    json_t *att = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(att,
                              json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)org_ids[k], "name",
                                        "Fictieve Deelnemer", "function", "Fictieve functie"));
    json_t *b =
        json_pack("{s:s, s:b, s:o, s:o, s:s*, s:s, s:s, s:s, s:s}", "decided_on", today,
                  "in_meeting", 1, "attendees", att, "criteria", crit, "rationale", rationale,
                  "proportionality", "Fictieve proportionaliteit", "subsidiarity",
                  "Fictieve subsidiariteit", "decision_rule", "unaniem", "outcome", outcome);
    cr_assert_not_null(b);
    if (strcmp(outcome, "opname_pga") == 0)
        json_object_set_new(b, "admission",
                            json_pack("{s:I, s:s}", "casusregisseur_id",
                                      (json_int_t)demo_id(&S, "dossierhouder"),
                                      "first_overleg_date", next_week));
    else if (strcmp(outcome, "verwezen_regulier") == 0)
        json_object_set_new(b, "referral",
                            json_pack("{s:s, s:s}", "to", "Fictief wijkteam", "informed_by",
                                      "Fictieve medewerker"));
    else if (strcmp(outcome, "herwegen") == 0)
        json_object_set_new(b, "reweigh",
                            json_pack("{s:s, s:s, s:s}", "date", in_two, "information_sought",
                                      "Fictieve aanvullende informatie", "from",
                                      "Fictieve partner"));
    else if (strcmp(outcome, "acuut_escalatie") == 0)
        json_object_set_new(
            b, "escalation",
            json_pack("{s:s, s:s}", "driehoek_date", today, "note", "Fictieve notitie"));
    return b;
}

static json_t *weighing_std(const json_t *opts, const char *outcome)
{
    int64_t o[] = {ORG_VS, ORG_POL, ORG_OM};
    return weighing_body(opts, outcome, o, 3, "Fictieve onderbouwing van de weging");
}

/* Attended by the municipality only (for corrections: the partners of the first weighing are
 * participants by then; weighing_attended_by_an_invited_partner covers that case). */
static json_t *weighing_vs(const json_t *opts, const char *outcome)
{
    int64_t o[] = {ORG_VS};
    return weighing_body(opts, outcome, o, 1, "Fictieve onderbouwing van de correctie");
}

/* Moves the signal forward to `weging` (each forward step; a 409 for a step that is not forward
 * any more is fine) and checks the state. */
static void to_weging(const struct sess *ss, int64_t id)
{
    char p[128];
    SIGP(p, id, "/status");
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        int s = st(ss, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "status %s: %d", steps[i], s);
    }
    json_t *j = get_signal(ss, id);
    cr_assert_str_eq(json_string_value(json_object_get(j, "state")), "weging",
                     "signal did not reach state weging");
    json_decref(j);
}

/* POST a weighing (body stolen); asserts 201; returns the weighing (new reference). */
static json_t *weigh(const struct sess *ss, int64_t id, json_t *body)
{
    char p[128];
    SIGP(p, id, "/weighings");
    struct resp r;
    int s = req(ss, "POST", p, body, &r);
    cr_assert_eq(s, 201, "POST weighings: %d (%s)", s, s == 201 ? "" : jstr(r.json, "detail"));
    /* The contract answers the weighing; tolerate the signal view with the weighing inside
     * (checked separately in opname_pga_one_case_and_correction_history). */
    json_t *w = r.json;
    if (json_object_get(w, "outcome") == NULL && json_is_object(json_object_get(w, "weighing")))
        w = json_object_get(w, "weighing");
    cr_assert(valid_id(json_object_get(w, "id")), "weighing without a valid id");
    json_incref(w);
    resp_free(&r);
    return w;
}

/* ---- expectations per role ----------------------------------------------------------------- */

enum want { OK, F403, F404, DENY, OK_OR_403, SKIP };

static const char *want_name(enum want w)
{
    switch (w) {
    case OK: return "2xx";
    case F403: return "403";
    case F404: return "404";
    case DENY: return "403/404";
    case OK_OR_403: return "2xx or 403";
    default: return "-";
    }
}

static void expect_want(int s, const struct resp *r, enum want w, const char *who, const char *what)
{
    bool ok = false;
    switch (w) {
    case OK: ok = s >= 200 && s < 300; break;
    case F403: ok = s == 403; break;
    case F404: ok = s == 404; break;
    case DENY: ok = s == 403 || s == 404; break;
    case OK_OR_403: ok = (s >= 200 && s < 300) || s == 403; break;
    case SKIP: return;
    }
    cr_expect(ok, "%s as %s: status %d, want %s", what, who, s, want_name(w));
    if (s >= 400)
        cr_expect(resp_is_problem(r), "%s as %s: refusal is not problem+json", what, who);
}

/* Runs method path (body built anew per account by mk, may be NULL) for every account whose
 * expectation is not SKIP and checks the status. */
static void matrix(const char *method, const char *path, json_t *(*mk)(void),
                   const enum want w[N_ACC])
{
    for (int i = 0; i < N_ACC; i++) {
        if (w[i] == SKIP)
            continue;
        struct resp r;
        int s = req(&A[i], method, path, mk ? mk() : NULL, &r);
        char what[200];
        snprintf(what, sizeof(what), "%s %s", method, path);
        expect_want(s, &r, w[i], ACC[i], what);
        resp_free(&r);
    }
}

/* Same with only the refusals (every 2xx expectation skipped): the DB must not change. */
static void matrix_denied(const char *method, const char *path, json_t *(*mk)(void),
                          const enum want w[N_ACC])
{
    enum want d[N_ACC];
    for (int i = 0; i < N_ACC; i++)
        d[i] = (w[i] == OK || w[i] == OK_OR_403) ? SKIP : w[i];
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    matrix(method, path, mk, d);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "%s %s: a refused request changed the database",
              method, path);
}

/* ---- route × role -------------------------------------------------------------------------- */

Test(signals, matrix_read_routes)
{
    login_all();
    char bsn[10];
    bsn_make(1, bsn);
    int64_t id = sig_new(&A[DH], ORG_VS, bsn, "Fictieve waarneming voor de leesmatrix");
    char p[128];

    /*                              DH  DH2   VZ   BG   PA   OM   RV   GZ   ME   FG   RL   BH */
    const enum want opts[N_ACC] = {OK, OK, OK, OK, OK, OK, OK, F403, OK, F403, F403, F403};
    matrix("GET", "/api/signal-options", NULL, opts);

    const enum want list[N_ACC] = {OK, OK, OK, OK, OK, OK, OK, F403, OK, F403, F403, F403};
    matrix("GET", "/api/signals", NULL, list);

    const enum want detail[N_ACC] = {OK,   F404, OK,   OK,   F404, F404,
                                     F404, F403, F404, F403, F403, F403};
    SIGP(p, id, "");
    matrix("GET", p, NULL, detail);

    const enum want wlist[N_ACC] = {OK,   F404, OK,   OK,   F404, F404,
                                    F404, F403, F403, F403, F403, F403};
    SIGP(p, id, "/weighings");
    matrix("GET", p, NULL, wlist);

    /* Matches and export: the dossierhouder only (docs/signals.md, role table). */
    const enum want dhonly[N_ACC] = {OK,   F404, F403, F403, F403, F403,
                                     F403, F403, F403, F403, F403, F403};
    SIGP(p, id, "/matches");
    matrix("GET", p, NULL, dhonly);
    SIGP(p, id, "/export");
    matrix("GET", p, NULL, dhonly);

    /* Search: the dossierhouder only (policy.csv: search,signal). */
    const enum want search[N_ACC] = {OK,   OK,   F403, F403, F403, F403,
                                     F403, F403, F403, F403, F403, F403};
    char q[128];
    snprintf(q, sizeof(q), "/api/search?bsn=%s", bsn);
    matrix("GET", q, NULL, search);
    /* Nobody but the owning municipality finds it. */
    for (int i = 0; i < N_ACC; i++) {
        if (i == DH || i == VZ || i == BG)
            continue;
        bool found = false;
        snprintf(q, sizeof(q), "bsn=%s", bsn);
        search_has(&A[i], q, id, &found);
        cr_expect(!found, "search as %s finds a signal it may not read", ACC[i]);
    }
}

/* Existence leak: a signal the caller may not see answers exactly like one that does not
 * exist. */
Test(signals, invisible_is_same_404_as_missing)
{
    struct sess d, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    int64_t missing = id == 4503599627370495LL ? id - 1 : 4503599627370495LL;
    char p1[128], p2[128];
    SIGP(p1, id, "");
    SIGP(p2, missing, "");
    struct resp a, b;
    req(&d2, "GET", p1, NULL, &a);
    req(&d2, "GET", p2, NULL, &b);
    cr_expect_eq(a.status, 404, "invisible signal: %d", a.status);
    cr_expect_eq(b.status, 404, "missing signal: %d", b.status);
    cr_expect(resp_is_problem(&a) && resp_is_problem(&b));
    const char *keys[] = {"type", "title", "detail"};
    for (size_t k = 0; k < 3; k++) {
        const char *x = jstr(a.json, keys[k]), *y = jstr(b.json, keys[k]);
        cr_expect(x && y && strcmp(x, y) == 0, "404 %s differs between invisible and missing",
                  keys[k]);
    }
    /* Apart from the request id the two bodies are identical. */
    if (a.json && b.json) {
        json_object_del(a.json, "request_id");
        json_object_del(b.json, "request_id");
        cr_expect(json_equal(a.json, b.json), "404 bodies differ between invisible and missing");
    }
    resp_free(&a);
    resp_free(&b);
    /* The same for the sub-resources. */
    const char *subs[] = {"/weighings", "/matches", "/export"};
    for (size_t k = 0; k < 3; k++) {
        SIGP(p1, id, subs[k]);
        SIGP(p2, missing, subs[k]);
        cr_expect_eq(st(&d2, "GET", p1, NULL), 404, "invisible %s", subs[k]);
        cr_expect_eq(st(&d, "GET", p2, NULL), 404, "missing %s", subs[k]);
    }
}

static json_t *mk_status(void)
{
    return json_pack("{s:s, s:s}", "state", "geregistreerd", "note", "Fictieve notitie");
}
static int64_t MK_ORG;
static json_t *mk_participant(void)
{
    return json_pack("{s:I, s:s}", "org_id", (json_int_t)MK_ORG, "reason",
                     "Fictieve reden voor uitnodiging");
}
static json_t *mk_info(void)
{
    return json_pack("{s:s, s:s, s:s}", "category", "other", "legal_basis", "Fictieve grondslag",
                     "content", "Fictieve aanvullende informatie");
}
static json_t *mk_feedback(void)
{
    return json_pack("{s:s, s:s}", "channel", "telefoon", "text", "Fictieve terugkoppeling");
}
static json_t *MK_OPTS;
static json_t *mk_weighing(void)
{
    return weighing_std(MK_OPTS, "geen_zorg");
}
static json_t *mk_ambtsbericht(void)
{
    char d[11];
    srv_date(&S, -1, d);
    return json_pack("{s:b, s:s, s:s, s:s, s:s, s:[I]}", "nctv_consulted", 1, "nctv_date", d,
                     "nctv_contact", "Fictief NCTV-contact", "driehoek_decision",
                     "Fictief driehoeksbesluit", "driehoek_date", d, "readers",
                     (json_int_t)demo_id(&S, "voorzitter"));
}

Test(signals, matrix_write_routes)
{
    login_all();
    int64_t id = sig_new(&A[DH], ORG_VS, NULL, "Fictieve waarneming voor de schrijfmatrix");
    MK_OPTS = options(&A[DH]);
    char p[128];

    /*                                DH  DH2   VZ    BG    PA    OM    RV    GZ    ME    FG    RL
     * BH */
    const enum want dh[N_ACC] = {OK,   F404, F403, F403, F403, F403,
                                 F403, F403, F403, F403, F403, F403};

    SIGP(p, id, "/status");
    matrix_denied("POST", p, mk_status, dh);
    SIGP(p, id, "/participants");
    MK_ORG = ORG_OM;
    matrix_denied("POST", p, mk_participant, dh);
    SIGP(p, id, "/feedback");
    matrix_denied("POST", p, mk_feedback, dh);
    /* Information: also partners, but only as participant (404 before the invitation). */
    const enum want info[N_ACC] = {OK,   F404, F403, F403, F404, F404,
                                   F404, F403, F403, F403, F403, F403};
    SIGP(p, id, "/information");
    matrix_denied("POST", p, mk_info, info);
    /* Weighing: dossierhouder and voorzitter. */
    const enum want wg[N_ACC] = {OK,   F404, OK,   F403, F403, F403,
                                 F403, F403, F403, F403, F403, F403};
    SIGP(p, id, "/weighings");
    matrix_denied("POST", p, mk_weighing, wg);

    /* The allowed ones. */
    SIGP(p, id, "/status");
    int s = st(&A[DH], "POST", p, mk_status());
    if (s == 409) /* already registered on creation */
        s = st(&A[DH], "POST", p, json_pack("{s:s}", "state", "informatie_aanvullen"));
    cr_expect(s == 200 || s == 201, "status as dossierhouder: %d", s);
    SIGP(p, id, "/participants");
    MK_ORG = ORG_OM;
    cr_expect_eq(st(&A[DH], "POST", p, mk_participant()), 201, "participants as dossierhouder");
    SIGP(p, id, "/feedback");
    cr_expect_eq(st(&A[DH], "POST", p, mk_feedback()), 201, "feedback as dossierhouder");
    SIGP(p, id, "/information");
    cr_expect_eq(st(&A[DH], "POST", p, mk_info()), 201, "information as dossierhouder");
    /* Now the OM takes part: it may add information; the police still may not see it. */
    cr_expect_eq(st(&A[OM], "POST", p, mk_info()), 201, "information as invited OM");
    cr_expect_eq(st(&A[PA], "POST", p, mk_info()), 404, "information as uninvited police");
    to_weging(&A[DH], id);
    SIGP(p, id, "/weighings");
    json_t *w1 = weigh(&A[VZ], id, weighing_vs(MK_OPTS, "geen_zorg"));
    json_t *corr = weighing_vs(MK_OPTS, "geen_zorg");
    json_object_set_new(corr, "corrects", json_integer(jint(w1, "id")));
    json_t *w2 = weigh(&A[DH], id, corr);
    cr_expect_eq(jint(w2, "corrects"), jint(w1, "id"));
    json_decref(w1);
    json_decref(w2);
    /* The invited OM may read the weighings now; the police still may not. */
    cr_expect_eq(st(&A[OM], "GET", p, NULL), 200, "weighings as invited OM");
    cr_expect_eq(st(&A[PA], "GET", p, NULL), 404, "weighings as uninvited police");
    json_decref(MK_OPTS);
}

Test(signals, matrix_create)
{
    login_all();
    char bsn[10];
    bsn_make(2, bsn);
    /* Roles that may never create a signal: refused and nothing stored. */
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    const int never[] = {VZ, GZ, FG, RL, BH};
    for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
        struct resp r;
        int s = req(&A[never[i]], "POST", "/api/signals",
                    sig_body(ORG_VS, person("Fictief Persoon", NULL, bsn), "Fictief"), &r);
        cr_expect_eq(s, 403, "create as %s: %d", ACC[never[i]], s);
        cr_expect(resp_is_problem(&r));
        resp_free(&r);
    }
    /* The municipal roles register only with their own municipality. */
    const int own_only[] = {DH, BG};
    for (size_t i = 0; i < 2; i++)
        expect_invalid_req(&A[own_only[i]], "POST", "/api/signals",
                           sig_body(ORG_PD, person("Fictief Persoon", NULL, bsn), "Fictief"),
                           "municipality_id", "create for another municipality");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused create changed the database");

    /* Roles that may (the burgemeester: a signal can reach the mayor directly). */
    struct resp r;
    int s;
    const int may[] = {DH, DH2, BG, PA, OM, RV, ME};
    for (size_t i = 0; i < sizeof(may) / sizeof(may[0]); i++) {
        int64_t muni = may[i] == DH2 ? ORG_PD : ORG_VS;
        s = req(&A[may[i]], "POST", "/api/signals",
                sig_body(muni, person("Fictief Persoon", "2007-01-02", NULL), "Fictief gezien"),
                &r);
        cr_expect_eq(s, 201, "create as %s: %d", ACC[may[i]], s);
        cr_expect(valid_id(json_object_get(r.json, "id")), "create as %s: id", ACC[may[i]]);
        resp_free(&r);
    }
    /* A dossierhouder registers with the own municipality without naming it. */
    s = req(&A[DH], "POST", "/api/signals",
            sig_body(0, person("Fictief Persoon", NULL, NULL), "Fictief gezien"), &r);
    cr_expect_eq(s, 201, "create without municipality_id as dossierhouder: %d", s);
    cr_expect_eq(jint(json_object_get(r.json, "municipality"), "id"), ORG_VS,
                 "registered with another municipality than the own");
    resp_free(&r);
}

/* ---- views --------------------------------------------------------------------------------- */

Test(signals, dossierhouder_full_view_and_list_without_names)
{
    struct sess d, v, b;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "voorzitter", &v);
    login_ok(&S, "burgemeester", &b);
    char bsn[10];
    bsn_make(3, bsn);
    static const char name[] = "Fictief Zwaantje Testerink";
    static const char observed[] = "Fictieve waarneming in de bibliotheek";
    json_t *body = sig_body(ORG_VS, person(name, "2009-05-06", bsn), observed);
    struct resp r;
    int64_t id = create_r(&d, body, &r);
    /* The dossierhouder gets the full view plus matches. */
    cr_expect_str_eq(jstr(r.json, "view"), "full");
    cr_expect(json_is_array(json_object_get(r.json, "matches")), "create: no matches[]");
    cr_expect(json_is_string(json_object_get(r.json, "reference")), "create: no reference");
    resp_free(&r);

    json_t *j = get_signal(&d, id);
    static const char *const keys[] = {"id",           "reference",   "view",
                                       "municipality", "route",       "state",
                                       "state_label",  "received_at", "due_date",
                                       "overdue",      "acute",       "observed",
                                       "reporter",     "subjects",    "participants",
                                       "information",  "feedback",    "weighing",
                                       "case_id",      "restricted",  "single_org_weighing",
                                       "can"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        cr_expect(json_object_get(j, keys[k]) != NULL, "full view without %s", keys[k]);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect_eq(jint(json_object_get(j, "municipality"), "id"), ORG_VS);
    cr_expect_str_eq(jstr(j, "observed"), observed);
    json_t *s0 = json_array_get(json_object_get(j, "subjects"), 0);
    cr_expect(s0 && jstr(s0, "name") && strcmp(jstr(s0, "name"), name) == 0, "subject name");
    cr_expect(s0 && jstr(s0, "bsn") && strcmp(jstr(s0, "bsn"), bsn) == 0, "subject bsn");
    cr_expect(s0 && jstr(s0, "birth_date") && strcmp(jstr(s0, "birth_date"), "2009-05-06") == 0);
    cr_expect(s0 && valid_id(json_object_get(s0, "id")), "subject without a valid id");
    cr_expect(s0 && json_is_true(json_object_get(s0, "minor")), "a 17-year-old is a minor");
    cr_expect(json_is_null(json_object_get(j, "weighing")), "weighing before any weighing");
    cr_expect(json_is_false(json_object_get(j, "restricted")));
    const char *ra = jstr(j, "received_at");
    cr_expect(ra && strlen(ra) >= 20 && ra[10] == 'T' && ra[strlen(ra) - 1] == 'Z',
              "received_at is not RFC 3339 UTC");
    const char *due = jstr(j, "due_date");
    cr_expect(due && strlen(due) == 10 && due[4] == '-', "due_date is not YYYY-MM-DD");
    json_t *can = json_object_get(j, "can");
    cr_expect(json_is_true(json_object_get(can, "update")) &&
                  json_is_true(json_object_get(can, "weigh")) &&
                  json_is_true(json_object_get(can, "export")) &&
                  json_is_true(json_object_get(can, "matches")),
              "the dossierhouder may update, weigh, export and check matches");
    json_decref(j);

    /* The voorzitter reads and weighs, does not update or export. */
    j = get_signal(&v, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    can = json_object_get(j, "can");
    cr_expect(json_is_true(json_object_get(can, "weigh")), "voorzitter can.weigh");
    cr_expect(!json_is_true(json_object_get(can, "update")), "voorzitter can.update");
    cr_expect(!json_is_true(json_object_get(can, "export")), "voorzitter can.export");
    json_decref(j);
    /* The burgemeester reads. */
    j = get_signal(&b, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    can = json_object_get(j, "can");
    cr_expect(!json_is_true(json_object_get(can, "weigh")) &&
                  !json_is_true(json_object_get(can, "update")),
              "burgemeester may only read");
    json_decref(j);

    /* The work queue: no names, no content (data minimisation). */
    json_t *all = sess_list_all(&S, &d, "/api/signals?per_page=100");
    json_t *it = find_id(all, "id", id);
    cr_assert_not_null(it, "own signal not in the work queue");
    static const char *const lkeys[] = {"id",          "reference", "received_at",  "state",
                                        "state_label", "route",     "municipality", "acute",
                                        "due_date",    "overdue",   "restricted",   "subjects"};
    for (size_t k = 0; k < sizeof(lkeys) / sizeof(lkeys[0]); k++)
        cr_expect(json_object_get(it, lkeys[k]) != NULL, "list item without %s", lkeys[k]);
    cr_expect(json_is_integer(json_object_get(it, "subjects")), "list subjects is not a count");
    cr_expect_eq(jint(it, "subjects"), 1);
    cr_expect(!json_has_substring(all, name) && !json_has_substring(all, bsn) &&
                  !json_has_substring(all, observed),
              "the list carries names or content");
    cr_expect(!json_has_key(all, "bsn") && !json_has_key(all, "observed") &&
                  !json_has_key(all, "birth_date"),
              "the list carries personal fields");
    json_decref(all);
    j = get_ok(&d, "/api/signals?per_page=100");
    cr_expect(json_is_integer(json_object_get(j, "total")) && jint(j, "total") >= 1);
    cr_expect_eq(jint(j, "per_page"), 100);
    cr_expect_eq(jint(j, "page"), 1);
    json_decref(j);
    /* Filter by state. */
    j = get_ok(&d, "/api/signals?state=weging");
    cr_expect(!has_id(items(j), "id", id), "state filter ignored");
    json_decref(j);
}

static bool only_keys(const json_t *obj, const char *const *allowed, size_t n, const char **bad)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        bool ok = false;
        for (size_t i = 0; i < n; i++)
            ok = ok || strcmp(k, allowed[i]) == 0;
        if (!ok) {
            *bad = k;
            return false;
        }
    }
    return true;
}

static const char *const RECEIPT_VIEW[] = {"id",     "reference",    "view",    "received_at",
                                           "status", "status_label", "feedback"};
static const char *const PERSONAL[] = {"subjects",     "observed",    "name",     "bsn",
                                       "birth_date",   "information", "reporter", "weighing",
                                       "participants", "matches"};

static void expect_receipt_only(const json_t *j, const char *const *allowed, size_t n,
                                const char *what, const char *name, const char *observed)
{
    const char *bad = NULL;
    cr_expect(only_keys(j, allowed, n, &bad), "%s: receipt carries key %s", what, bad ? bad : "?");
    for (size_t i = 0; i < sizeof(PERSONAL) / sizeof(PERSONAL[0]); i++)
        cr_expect(!json_has_key(j, PERSONAL[i]), "%s: receipt carries %s", what, PERSONAL[i]);
    cr_expect(!json_has_substring(j, name) && !json_has_substring(j, observed),
              "%s: receipt carries the subject or the observation", what);
}

Test(signals, melder_gets_only_the_receipt)
{
    struct sess m, d;
    login_ok(&S, "melder", &m);
    login_ok(&S, "dossierhouder", &d);
    static const char name[] = "Fictief Merel Voorbeeldkind";
    static const char observed[] = "Fictieve melding over gedrag op het schoolplein";
    char bsn[10];
    bsn_make(4, bsn);
    struct resp r;
    int64_t id = create_r(&m, sig_body(ORG_VS, person(name, "2010-01-01", bsn), observed), &r);
    cr_expect(jstr(r.json, "reference") != NULL, "receipt without reference");
    cr_expect(jstr(r.json, "status") != NULL && jstr(r.json, "status_label") != NULL,
              "receipt without status");
    expect_receipt_only(r.json, RECEIPT_VIEW, 7, "POST", name, observed);
    resp_free(&r);

    json_t *j = get_signal(&m, id);
    cr_expect_str_eq(jstr(j, "view"), "receipt");
    expect_receipt_only(j, RECEIPT_VIEW, 7, "GET detail", name, observed);
    json_decref(j);

    j = sess_list_all(&S, &m, "/api/signals?per_page=100");
    cr_expect(has_id(j, "id", id), "own submission not in the melder's list");
    size_t i;
    json_t *it;
    json_array_foreach(j, i, it)
    {
        expect_receipt_only(it, RECEIPT_VIEW, 7, "list item", name, observed);
    }
    cr_expect(!json_has_key(j, "subjects"), "melder list has subjects");
    json_decref(j);

    /* The municipality sees the whole signal. */
    j = get_signal(&d, id);
    cr_expect_str_eq(jstr(j, "observed"), observed);
    json_decref(j);
    cr_expect(in_list(&d, id), "melder's signal not in the municipality's queue");

    /* Feedback to the reporter shows on the receipt. */
    static const char fb[] = "Fictieve terugkoppeling: uw melding is in behandeling";
    char p[128];
    SIGP(p, id, "/feedback");
    cr_expect_eq(st(&d, "POST", p, json_pack("{s:s, s:s}", "channel", "telefoon", "text", fb)),
                 201);
    j = get_signal(&m, id);
    cr_expect(json_has_substring(json_object_get(j, "feedback"), fb),
              "feedback not on the receipt");
    expect_receipt_only(j, RECEIPT_VIEW, 7, "GET detail after feedback", name, observed);
    json_decref(j);

    /* Someone else's signal: invisible. Everything beyond the receipt: refused. */
    int64_t other = sig_new(&d, ORG_VS, NULL, "Fictief ander signaal");
    SIGP(p, other, "");
    cr_expect_eq(st(&m, "GET", p, NULL), 404, "melder reads another signal");
    cr_expect(!in_list(&m, other), "melder lists another signal");
    SIGP(p, id, "/weighings");
    cr_expect_eq(st(&m, "GET", p, NULL), 403, "melder reads weighings");
    SIGP(p, id, "/matches");
    cr_expect_eq(st(&m, "GET", p, NULL), 403, "melder reads matches");
    SIGP(p, id, "/export");
    cr_expect_eq(st(&m, "GET", p, NULL), 403, "melder exports");
}

Test(signals, partner_own_submission_is_a_receipt_until_invited)
{
    struct sess pa, d;
    login_ok(&S, "partner", &pa);
    login_ok(&S, "dossierhouder", &d);
    static const char name[] = "Fictief Roodborst Proefpersoon";
    static const char observed[] = "Fictieve politiewaarneming bij het stadhuis";
    struct resp r;
    int64_t id = create_r(&pa, sig_body(ORG_VS, person(name, "1999-09-09", NULL), observed), &r);
    expect_receipt_only(r.json, RECEIPT_VIEW, 7, "partner POST", name, observed);
    resp_free(&r);
    json_t *j = get_signal(&pa, id);
    cr_expect_str_eq(jstr(j, "view"), "receipt");
    expect_receipt_only(j, RECEIPT_VIEW, 7, "partner GET (own submission)", name, observed);
    json_decref(j);
    /* The reporter defaults to the partner's own organisation, named. */
    j = get_signal(&d, id);
    json_t *rep = json_object_get(j, "reporter");
    cr_expect_eq(jint(json_object_get(rep, "org"), "id"), ORG_POL, "reporter org");
    cr_expect_str_eq(jstr(rep, "kind"), "named");
    json_decref(j);
    /* Invited: the full view. */
    char p[128];
    SIGP(p, id, "/participants");
    cr_expect_eq(
        st(&d, "POST", p,
           json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictieve reden")),
        201);
    j = get_signal(&pa, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect_str_eq(jstr(j, "observed"), observed);
    json_decref(j);
}

Test(signals, confidential_reporter_only_for_the_municipality)
{
    struct sess d, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    static const char rname[] = "Fictieve Vertrouwelijke Melder Kwak";
    static const char rcontact[] = "fictief-kwak@example.invalid";
    json_t *body = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief gezien");
    json_object_set_new(body, "reporter",
                        json_pack("{s:s, s:s, s:s, s:s}", "kind", "confidential", "name", rname,
                                  "function", "Fictieve buurtbewoner", "contact", rcontact));
    int64_t id = create(&d, body);
    json_t *j = get_signal(&d, id);
    cr_expect(json_has_substring(json_object_get(j, "reporter"), rname),
              "the municipality does not see the confidential reporter");
    json_decref(j);
    char p[128];
    SIGP(p, id, "/participants");
    cr_expect_eq(
        st(&d, "POST", p,
           json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictieve reden")),
        201);
    j = get_signal(&pa, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect(!json_has_substring(j, rname) && !json_has_substring(j, rcontact),
              "a participant sees the identity of a confidential reporter");
    json_decref(j);
}

/* ---- participants and police data ---------------------------------------------------------- */

Test(signals, participants_and_police_data)
{
    struct sess d, pa, rv, om;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "rvdk", &rv);
    login_ok(&S, "om", &om);
    char bsn[10];
    bsn_make(5, bsn);
    static const char police_content[] = "Politiegegeven fictief: kenteken ZX-81-QQ en mutatie 7";
    static const char police_word[] = "zeldzaamspoorwoord";
    static const char observed_word[] = "papegaaiduiker";
    char observed[200], content[300];
    snprintf(observed, sizeof(observed), "Fictieve waarneming: een %s bij de haven", observed_word);
    snprintf(content, sizeof(content), "%s %s", police_content, police_word);
    int64_t id = sig_new(&d, ORG_VS, bsn, observed);
    char p[128], q[128];
    bool found;

    /* Not invited: nothing. */
    SIGP(p, id, "");
    cr_expect_eq(st(&pa, "GET", p, NULL), 404, "uninvited police reads the signal");
    cr_expect(!in_list(&pa, id), "uninvited police lists the signal");
    snprintf(q, sizeof(q), "bsn=%s", bsn);
    search_has(&pa, q, id, &found);
    cr_expect(!found, "uninvited police finds the signal by bsn");
    snprintf(q, sizeof(q), "q=%s", observed_word);
    search_has(&pa, q, id, &found);
    cr_expect(!found, "uninvited police finds the signal by word");

    /* Invite the police; twice is a conflict. */
    SIGP(p, id, "/participants");
    struct resp r;
    req(&d, "POST", p,
        json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictieve reden"), &r);
    cr_expect_eq(r.status, 201, "invite police: %d", r.status);
    resp_free(&r);
    cr_expect_eq(
        st(&d, "POST", p,
           json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictieve reden")),
        409, "invite twice");
    json_t *j = get_signal(&d, id);
    cr_expect_str_eq(jstr(j, "state"), "informatie_aanvullen",
                     "an invitation moves the signal to informatie_aanvullen");
    json_t *parts = json_object_get(j, "participants");
    bool listed = false;
    size_t i;
    json_t *it;
    json_array_foreach(parts, i, it)
    {
        listed = listed || jint(json_object_get(it, "org"), "id") == ORG_POL;
    }
    cr_expect(listed, "police not among the participants");
    json_decref(j);

    /* Invited: the full view. */
    j = get_signal(&pa, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect(json_array_size(json_object_get(j, "subjects")) == 1, "participant sees no subject");
    json_decref(j);
    cr_expect(in_list(&pa, id), "invited police does not list the signal");

    /* The police adds police data. */
    SIGP(p, id, "/information");
    req(&pa, "POST", p,
        json_pack("{s:s, s:s, s:s}", "category", "police", "legal_basis", "Fictief: art. 16 Wpg",
                  "content", content),
        &r);
    cr_expect_eq(r.status, 201, "police adds police data: %d", r.status);
    /* The contract does not fix the answer: the item, or the signal view with information_id. */
    const char *idkey = json_object_get(r.json, "information_id") ? "information_id" : "id";
    int64_t item = jint(r.json, idkey);
    cr_expect(valid_id(json_object_get(r.json, idkey)), "information item without a valid id");
    resp_free(&r);
    /* The RvdK may add nothing before it is invited; then it is. */
    SIGP(p, id, "/information");
    cr_expect_eq(st(&rv, "POST", p, mk_info()), 404, "uninvited RvdK: information");
    SIGP(p, id, "/participants");
    cr_expect_eq(
        st(&d, "POST", p,
           json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_RVDK, "reason", "Fictieve reden")),
        201, "invite RvdK");

    /* The police and the municipality see the police data. */
    j = get_signal(&pa, id);
    cr_expect(has_id(json_object_get(j, "information"), "id", item), "police misses own item");
    cr_expect(json_has_substring(j, police_content));
    json_decref(j);
    j = get_signal(&d, id);
    json_t *own = find_id(json_object_get(j, "information"), "id", item);
    cr_expect(own != NULL, "municipality misses the police data");
    if (own) {
        cr_expect_str_eq(jstr(own, "category"), "police");
        cr_expect(json_is_true(json_object_get(own, "purpose_bound")), "police data purpose-bound");
        cr_expect_eq(jint(json_object_get(own, "source_org"), "id"), ORG_POL, "source_org");
    }
    json_decref(j);

    /* The RvdK, also a participant, does not. */
    j = get_signal(&rv, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect(!has_id(json_object_get(j, "information"), "id", item), "RvdK sees the police item");
    json_array_foreach(json_object_get(j, "information"), i, it)
    {
        cr_expect(strcmp(jstr(it, "category") ? jstr(it, "category") : "", "police") != 0,
                  "RvdK sees an item of category police");
    }
    cr_expect(!json_has_substring(j, police_content), "RvdK sees the police content");
    json_decref(j);
    /* ... nor the OM, which is not even invited. */
    SIGP(p, id, "");
    cr_expect_eq(st(&om, "GET", p, NULL), 404, "uninvited OM reads the signal");

    /* Search by words: the police word is found by the municipality, never by the RvdK. */
    snprintf(q, sizeof(q), "q=%s", police_word);
    cr_expect_eq(search_has(&d, q, id, &found), 200);
    cr_expect(found, "the municipality does not find the police word");
    search_has(&rv, q, id, &found);
    cr_expect(!found, "the RvdK finds a word that occurs only in police data");
    snprintf(q, sizeof(q), "q=%s", observed_word);
    if (search_has(&rv, q, id, &found) == 200)
        cr_expect(found, "the invited RvdK does not find a word of the observation");

    /* The export leaves the police data out, and says so. */
    SIGP(p, id, "/export");
    req(&d, "GET", p, NULL, &r);
    cr_expect_eq(r.status, 200, "export: %d", r.status);
    cr_expect(strstr(r.body, police_content) == NULL, "the export contains the police content");
    cr_expect(strstr(r.body, police_word) == NULL, "the export contains the police word");
    json_t *om_arr = json_object_get(r.json, "omitted");
    cr_expect(json_is_array(om_arr), "export without omitted[]");
    bool said = false;
    json_array_foreach(om_arr, i, it)
    {
        if (jstr(it, "category") && strcmp(jstr(it, "category"), "police") == 0) {
            said = true;
            cr_expect_eq(jint(it, "count"), 1, "omitted police count");
            cr_expect(jstr(it, "reason") != NULL, "omitted without reason");
        }
    }
    cr_expect(said, "export does not say police data was omitted");
    cr_expect(json_has_substring(r.json, observed_word), "export without the observation");
    resp_free(&r);
}

Test(signals, covenant_missing_means_no_access)
{
    struct sess d, g;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "ggz", &g);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    char p[128];
    SIGP(p, id, "/participants");
    int s = st(&d, "POST", p,
               json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_GGZ, "reason", "Fictief"));
    cr_expect(s == 201 || s == 409 || s == 422 || s == 400, "invite GGZ: %d", s);
    /* Even when invited, an organisation without a covenant sees nothing (REQ-ACT-01). */
    SIGP(p, id, "");
    cr_expect_eq(st(&g, "GET", p, NULL), 403, "GGZ without covenant reads a signal");
    cr_expect_eq(st(&g, "GET", "/api/signals", NULL), 403, "GGZ lists signals");
}

/* ---- bad input ----------------------------------------------------------------------------- */

struct bad {
    const char *what;
    const char *fields; /* '|'-separated alternatives */
    void (*mut)(json_t *b);
};

static json_t *subj0(json_t *b)
{
    return json_array_get(json_object_get(b, "subjects"), 0);
}
static void m_no_observed(json_t *b)
{
    json_object_del(b, "observed");
}
static void m_empty_observed(json_t *b)
{
    json_object_set_new(b, "observed", json_string(""));
}
static void m_long_observed(json_t *b)
{
    char *s = malloc(20002);
    memset(s, 'x', 20001);
    s[20001] = '\0';
    json_object_set_new(b, "observed", json_string(s));
    free(s);
}
static void m_number_observed(json_t *b)
{
    json_object_set_new(b, "observed", json_integer(5));
}
static void m_bad_dob(json_t *b)
{
    json_object_set_new(subj0(b), "birth_date", json_string("2008-02-30"));
}
static void m_bad_dob_fmt(json_t *b)
{
    json_object_set_new(subj0(b), "birth_date", json_string("01-03-2008"));
}
static void m_future_dob(json_t *b)
{
    json_object_set_new(subj0(b), "birth_date", json_string("2999-01-01"));
}
static void m_dob_before_1900(json_t *b)
{
    json_object_set_new(subj0(b), "birth_date", json_string("1899-12-31"));
}
static void m_bad_bsn(json_t *b)
{
    json_object_set_new(subj0(b), "bsn", json_string("123456789"));
}
static void m_short_bsn(json_t *b)
{
    json_object_set_new(subj0(b), "bsn", json_string("12345678"));
}
static void m_alpha_bsn(json_t *b)
{
    json_object_set_new(subj0(b), "bsn", json_string("12345678a"));
}
static void m_route(json_t *b)
{
    json_object_set_new(b, "route", json_string("postduif"));
}
static void m_no_route(json_t *b)
{
    json_object_del(b, "route");
}
static void m_phenomenon(json_t *b)
{
    json_object_set_new(b, "phenomenon", json_string("geen_bestaand_fenomeen"));
}
static void m_many_subjects(json_t *b)
{
    json_t *arr = json_array();
    for (int i = 0; i < 11; i++)
        json_array_append_new(arr, person("Fictief Persoon", NULL, NULL));
    json_object_set_new(b, "subjects", arr);
}
static void m_no_subjects(json_t *b)
{
    json_object_set_new(b, "subjects", json_array());
}
static void m_empty_subject(json_t *b)
{
    json_object_set_new(b, "subjects", json_pack("[{s:s}]", "kind", "person"));
}
static void m_subject_kind(json_t *b)
{
    json_object_set_new(subj0(b), "kind", json_string("dier"));
}
static void m_unknown_key(json_t *b)
{
    json_object_set_new(b, "readers_all", json_true());
}
static void m_unknown_subject_key(json_t *b)
{
    json_object_set_new(subj0(b), "religion", json_string("x"));
}
static void m_unknown_acute_key(json_t *b)
{
    json_object_set_new(json_object_get(b, "acute"), "extra", json_true());
}
static void m_no_danger(json_t *b)
{
    json_object_set_new(b, "acute", json_object());
}
static void m_no_acute(json_t *b)
{
    json_object_del(b, "acute");
}
static void m_danger_no_police(json_t *b)
{
    json_object_set_new(b, "acute", json_pack("{s:b}", "danger", 1));
}
static void m_called_no_by(json_t *b)
{
    json_object_set_new(b, "acute",
                        json_pack("{s:b, s:b, s:s}", "danger", 1, "police_called", 1, "called_at",
                                  "2026-11-27T14:05:00.000Z"));
}
static void m_called_no_at(json_t *b)
{
    json_object_set_new(b, "acute",
                        json_pack("{s:b, s:b, s:s}", "danger", 1, "police_called", 1, "called_by",
                                  "Fictieve beller"));
}
static void m_future_received(json_t *b)
{
    char d[11];
    srv_date(&S, 2, d);
    json_object_set_new(b, "received_date", json_string(d));
}
static void m_bad_received(json_t *b)
{
    json_object_set_new(b, "received_date", json_string("2026-13-01"));
}
static void m_muni_missing_org(json_t *b)
{
    json_object_set_new(b, "municipality_id", json_integer(987654321));
}
static void m_muni_not_gemeente(json_t *b)
{
    json_object_set_new(b, "municipality_id", json_integer(ORG_POL));
}
static void m_reporter_kind(json_t *b)
{
    json_object_set_new(b, "reporter", json_pack("{s:s}", "kind", "geheim"));
}
static void m_legal_ground(json_t *b)
{
    char s[502];
    memset(s, 'g', 501);
    s[501] = '\0';
    json_object_set_new(b, "legal_ground", json_string(s));
}
static void m_ambtsbericht_on_other_route(json_t *b)
{
    json_object_set_new(b, "ambtsbericht",
                        json_pack("{s:s, s:s, s:[]}", "addressee", "Fictief", "received_date",
                                  "2026-11-20", "readers"));
}

static const struct bad BAD_SIGNALS[] = {
    {"missing observed", "observed", m_no_observed},
    {"empty observed", "observed", m_empty_observed},
    {"observed over 20000", "observed", m_long_observed},
    {"observed not a string", "observed", m_number_observed},
    {"impossible birth_date", "subjects[0].birth_date", m_bad_dob},
    {"birth_date not ISO", "subjects[0].birth_date", m_bad_dob_fmt},
    {"birth_date in the future", "subjects[0].birth_date", m_future_dob},
    {"birth_date before 1900", "subjects[0].birth_date", m_dob_before_1900},
    {"bsn fails the elfproef", "subjects[0].bsn", m_bad_bsn},
    {"bsn of 8 digits", "subjects[0].bsn", m_short_bsn},
    {"bsn with a letter", "subjects[0].bsn", m_alpha_bsn},
    {"unknown route", "route", m_route},
    {"missing route", "route", m_no_route},
    {"unknown phenomenon", "phenomenon", m_phenomenon},
    {"11 subjects", "subjects", m_many_subjects},
    {"no subjects", "subjects", m_no_subjects},
    {"subject without name, bsn or description",
     "subjects[0]|subjects[0].name|subjects[0].bsn|subjects[0].description", m_empty_subject},
    {"unknown subject kind", "subjects[0].kind", m_subject_kind},
    {"unknown top-level key", "readers_all", m_unknown_key},
    {"unknown subject key", "subjects[0].religion", m_unknown_subject_key},
    {"unknown acute key", "acute.extra", m_unknown_acute_key},
    {"acute.danger missing", "acute.danger", m_no_danger},
    {"acute missing", "acute|acute.danger", m_no_acute},
    {"danger without police_called", "acute.police_called", m_danger_no_police},
    {"police called without called_by", "acute.called_by", m_called_no_by},
    {"police called without called_at", "acute.called_at", m_called_no_at},
    {"received_date in the future", "received_date", m_future_received},
    {"received_date impossible", "received_date", m_bad_received},
    {"unknown municipality", "municipality_id", m_muni_missing_org},
    {"municipality that is the police", "municipality_id", m_muni_not_gemeente},
    {"unknown reporter kind", "reporter.kind", m_reporter_kind},
    {"legal_ground over 500", "legal_ground", m_legal_ground},
    {"ambtsbericht on route professional", "ambtsbericht", m_ambtsbericht_on_other_route},
};

/* People born before 1970 are in these files too: their birth date is a date like any other
 * (the parser's day 0, 1970-01-01, once meant "absent" and refused every earlier day). */
Test(signals, subject_born_before_1970)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    static const char *const days[] = {"1958-07-12", "1970-01-01", "1900-01-01"};
    for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
        int64_t id = create(&d, sig_body(ORG_VS, person("Fictief Persoon Oudeman", days[i], NULL),
                                         "Fictieve waarneming"));
        json_t *j = get_signal(&d, id);
        json_t *s0 = json_array_get(json_object_get(j, "subjects"), 0);
        cr_expect(s0 && jstr(s0, "birth_date") && strcmp(jstr(s0, "birth_date"), days[i]) == 0,
                  "born %s: the birth date did not come back", days[i]);
        cr_expect(s0 && json_is_false(json_object_get(s0, "minor")), "born %s: not a minor",
                  days[i]);
        json_decref(j);
    }
}

Test(signals, bad_signal_input_names_the_field_and_stores_nothing)
{
    struct sess d, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa); /* before the fingerprint: a login changes the account row */
    char bsn[10];
    bsn_make(6, bsn);
    /* The base body is valid (checked at the end, after the fingerprint). */
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    for (size_t i = 0; i < sizeof(BAD_SIGNALS) / sizeof(BAD_SIGNALS[0]); i++) {
        json_t *b = sig_body(ORG_VS, person("Fictief Persoon Foutmans", "2008-03-01", bsn),
                             "Fictieve waarneming");
        BAD_SIGNALS[i].mut(b);
        expect_invalid_req(&d, "POST", "/api/signals", b, BAD_SIGNALS[i].fields,
                           BAD_SIGNALS[i].what);
    }
    /* Not JSON, and a JSON array. */
    struct resp r;
    cr_assert_eq(
        sess_do(&S, &d, "POST", "/api/signals", "application/json", "{\"route\":", NULL, &r), 0);
    cr_expect_eq(r.status, 400, "broken JSON: %d", r.status);
    resp_free(&r);
    cr_expect(st(&d, "POST", "/api/signals", json_array()) == 400 ||
                  st(&d, "POST", "/api/signals", json_array()) == 422,
              "JSON array as body");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused signal changed the database");
    /* A partner (not a municipality) must name the municipality. */
    expect_invalid_req(&pa, "POST", "/api/signals",
                       sig_body(0, person("Fictief Persoon", NULL, NULL), "Fictief"),
                       "municipality_id", "partner without municipality_id");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused signal changed the database");
    /* The base body itself is accepted (so each refusal above was about its one change). */
    sig_new(&d, ORG_VS, bsn, "Fictieve waarneming");
    /* A valid acute signal with the police called. */
    json_t *b = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief acuut");
    json_object_set_new(b, "acute",
                        json_pack("{s:b, s:b, s:s, s:s}", "danger", 1, "police_called", 1,
                                  "called_by", "Fictieve beller", "called_at",
                                  "2026-11-27T14:05:00.000Z"));
    int64_t ac = create(&d, b);
    json_t *j = get_signal(&d, ac);
    cr_expect(json_is_true(json_object_get(json_object_get(j, "acute"), "danger")),
              "acute.danger not kept");
    json_decref(j);
    /* Exactly ten subjects is fine. */
    b = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief tien");
    json_t *arr = json_array();
    for (int i = 0; i < 10; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "kind", i ? "person" : "organisation",
                                             "description", "Fictieve omschrijving"));
    json_object_set_new(b, "subjects", arr);
    create(&d, b);
}

Test(signals, bad_followup_input_names_the_field_and_stores_nothing)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    char p[128];
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);

    SIGP(p, id, "/status");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s}", "state", "vliegend"), "state",
                       "unknown state");
    expect_invalid_req(&d, "POST", p, json_object(), "state", "missing state");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s}", "state", "opname_pga"), "state",
                       "state that only a weighing sets");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s, s:b}", "state", "weging", "force", 1),
                       "force", "unknown key");

    SIGP(p, id, "/participants");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s}", "reason", "Fictief"), "org_id",
                       "missing org_id");
    expect_invalid_req(&d, "POST", p, json_pack("{s:I}", "org_id", (json_int_t)ORG_POL), "reason",
                       "missing reason");
    {
        struct resp r;
        req(&d, "POST", p, json_pack("{s:I, s:s}", "org_id", (json_int_t)987654321, "reason", "x"),
            &r);
        cr_expect(r.status == 400 || r.status == 422 || r.status == 404, "unknown organisation: %d",
                  r.status);
        if (r.status != 404)
            cr_expect(resp_names_field(&r, "org_id"), "unknown organisation: org_id not named");
        resp_free(&r);
    }

    SIGP(p, id, "/information");
    expect_invalid_req(&d, "POST", p,
                       json_pack("{s:s, s:s, s:s}", "category", "horoscoop", "legal_basis", "x",
                                 "content", "Fictief"),
                       "category", "unknown category");
    expect_invalid_req(&d, "POST", p,
                       json_pack("{s:s, s:s}", "category", "other", "legal_basis", "x"), "content",
                       "missing content");
    expect_invalid_req(&d, "POST", p,
                       json_pack("{s:s, s:s}", "category", "other", "content", "Fictief"),
                       "legal_basis", "missing legal_basis");
    expect_invalid_req(&d, "POST", p,
                       json_pack("{s:s, s:s, s:s, s:I}", "category", "other", "legal_basis", "x",
                                 "content", "Fictief", "source_org_id", (json_int_t)ORG_POL),
                       "source_org_id", "source organisation from the client");

    SIGP(p, id, "/feedback");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s, s:s}", "channel", "duif", "text", "x"),
                       "channel", "unknown channel");
    expect_invalid_req(&d, "POST", p, json_pack("{s:s}", "channel", "email"), "text",
                       "missing text");
    expect_invalid_req(
        &d, "POST", p,
        json_pack("{s:s, s:s, s:s}", "channel", "email", "text", "x", "date", "2026-02-31"), "date",
        "impossible date");

    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused follow-up changed the database");

    /* Status: forward only. */
    SIGP(p, id, "/status");
    int s = st(&d, "POST", p, json_pack("{s:s}", "state", "weging"));
    cr_expect(s == 200 || s == 201 || s == 409, "status weging: %d", s);
    to_weging(&d, id);
    db_fingerprint_skip(&S, VOLATILE, before);
    struct resp r;
    req(&d, "POST", p, json_pack("{s:s}", "state", "geregistreerd"), &r);
    cr_expect_eq(r.status, 409, "a step back: %d", r.status);
    cr_expect(resp_is_problem(&r));
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused step back changed the database");
}

/* ---- weighings ----------------------------------------------------------------------------- */

struct wbad {
    const char *what;
    const char *fields;
    void (*mut)(json_t *b);
};

static void w_no_rationale(json_t *b)
{
    json_object_del(b, "rationale");
}
static void w_empty_rationale(json_t *b)
{
    json_object_set_new(b, "rationale", json_string(""));
}
static void w_no_proportionality(json_t *b)
{
    json_object_del(b, "proportionality");
}
static void w_no_subsidiarity(json_t *b)
{
    json_object_del(b, "subsidiarity");
}
static void w_no_criteria(json_t *b)
{
    json_object_del(b, "criteria");
}
static void w_criteria_short(json_t *b)
{
    json_t *c = json_object_get(b, "criteria");
    json_array_remove(c, json_array_size(c) - 1);
}
static void w_criteria_twice(json_t *b)
{
    json_t *c = json_object_get(b, "criteria");
    json_array_append_new(c, json_deep_copy(json_array_get(c, 0)));
}
static void w_criteria_unknown(json_t *b)
{
    json_array_append_new(json_object_get(b, "criteria"),
                          json_pack("{s:s, s:s}", "code", "zz_onbekend", "assessment", "ja"));
}
static void w_bad_assessment(json_t *b)
{
    json_object_set_new(json_array_get(json_object_get(b, "criteria"), 0), "assessment",
                        json_string("misschien"));
}
static void w_bad_outcome(json_t *b)
{
    json_object_set_new(b, "outcome", json_string("opsluiten"));
}
static void w_no_outcome(json_t *b)
{
    json_object_del(b, "outcome");
}
static void w_no_casusregisseur(json_t *b)
{
    json_object_del(json_object_get(b, "admission"), "casusregisseur_id");
}
static void w_no_admission(json_t *b)
{
    json_object_del(b, "admission");
}
static void w_bad_casusregisseur(json_t *b)
{
    json_object_set_new(json_object_get(b, "admission"), "casusregisseur_id",
                        json_integer(987654321));
}
static void w_no_attendees(json_t *b)
{
    json_object_set_new(b, "attendees", json_array());
}
static void w_many_attendees(json_t *b)
{
    json_t *a = json_object_get(b, "attendees");
    while (json_array_size(a) < 31)
        json_array_append_new(a, json_deep_copy(json_array_get(a, 0)));
}
static void w_bad_rule(json_t *b)
{
    json_object_set_new(b, "decision_rule", json_string("loting"));
}
static void w_unknown_key(json_t *b)
{
    json_object_set_new(b, "case_id", json_integer(1));
}
static void w_bad_decided(json_t *b)
{
    json_object_set_new(b, "decided_on", json_string("2026-02-30"));
}
static void w_long_rationale(json_t *b)
{
    char *s = malloc(10002);
    memset(s, 'r', 10001);
    s[10001] = '\0';
    json_object_set_new(b, "rationale", json_string(s));
    free(s);
}

/* Mutations of an opname_pga weighing. */
static const struct wbad BAD_WEIGHINGS[] = {
    {"no rationale", "rationale", w_no_rationale},
    {"empty rationale", "rationale", w_empty_rationale},
    {"rationale over 10000", "rationale", w_long_rationale},
    {"no proportionality", "proportionality", w_no_proportionality},
    {"no subsidiarity", "subsidiarity", w_no_subsidiarity},
    {"criteria missing", "criteria", w_no_criteria},
    {"a criterion left out", "criteria", w_criteria_short},
    {"a criterion twice", "criteria", w_criteria_twice},
    {"an unknown criterion", "criteria|criteria[1].code|criteria.code", w_criteria_unknown},
    {"bad assessment", "criteria[0].assessment", w_bad_assessment},
    {"bad outcome", "outcome", w_bad_outcome},
    {"no outcome", "outcome", w_no_outcome},
    {"admission without casusregisseur", "admission.casusregisseur_id", w_no_casusregisseur},
    {"opname_pga without admission", "admission|admission.casusregisseur_id", w_no_admission},
    {"unknown casusregisseur", "admission.casusregisseur_id", w_bad_casusregisseur},
    {"no attendees", "attendees", w_no_attendees},
    {"31 attendees", "attendees", w_many_attendees},
    {"bad decision_rule", "decision_rule", w_bad_rule},
    {"unknown key", "case_id", w_unknown_key},
    {"impossible decided_on", "decided_on", w_bad_decided},
};

Test(signals, bad_weighing_input_names_the_field_and_stores_nothing)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    to_weging(&d, id);
    json_t *opts = options(&d);
    char p[128];
    SIGP(p, id, "/weighings");
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    for (size_t i = 0; i < sizeof(BAD_WEIGHINGS) / sizeof(BAD_WEIGHINGS[0]); i++) {
        json_t *b = weighing_std(opts, "opname_pga");
        BAD_WEIGHINGS[i].mut(b);
        expect_invalid_req(&d, "POST", p, b, BAD_WEIGHINGS[i].fields, BAD_WEIGHINGS[i].what);
    }
    /* The extra object each outcome needs. */
    static const char *const need[][2] = {{"verwezen_regulier", "referral"},
                                          {"herwegen", "reweigh"},
                                          {"acuut_escalatie", "escalation"}};
    for (size_t i = 0; i < 3; i++) {
        json_t *b = weighing_std(opts, need[i][0]);
        json_object_del(b, need[i][1]);
        char alt[96];
        snprintf(alt, sizeof(alt), "%s|%s.to|%s.date|%s.driehoek_date", need[i][1], need[i][1],
                 need[i][1], need[i][1]);
        expect_invalid_req(&d, "POST", p, b, alt, need[i][0]);
    }
    /* An object that does not belong to the outcome. */
    json_t *b = weighing_std(opts, "geen_zorg");
    json_object_set_new(b, "referral", json_pack("{s:s, s:s}", "to", "x", "informed_by", "y"));
    expect_invalid_req(&d, "POST", p, b, "referral", "referral with geen_zorg");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused weighing changed the database");
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM weighing WHERE signal_id = %lld",
             (long long)id);
    cr_expect_eq(db_int(&S, sql), 0, "a weighing was stored");
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM pga_case WHERE signal_id = %lld",
             (long long)id);
    cr_expect_eq(db_int(&S, sql), 0, "a case was opened");
    /* The base body is accepted. */
    json_decref(weigh(&d, id, weighing_std(opts, "opname_pga")));
    json_decref(opts);
}

Test(signals, opname_pga_one_case_and_correction_history)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    to_weging(&d, id);
    json_t *opts = options(&d);
    char p[128];

    static const char r1[] = "Fictieve eerste onderbouwing";
    /* The answer is the signal's full view with the new weighing as its `weighing` member and
     * weighing_id (docs/signals.md). */
    SIGP(p, id, "/weighings");
    struct resp r0;
    cr_assert_eq(req(&d, "POST", p,
                     weighing_body(opts, "opname_pga", (int64_t[]){ORG_VS, ORG_POL, ORG_OM}, 3, r1),
                     &r0),
                 201, "first weighing: %d", r0.status);
    json_t *w1 = json_object_get(r0.json, "weighing");
    cr_expect_str_eq(json_string_value(json_object_get(r0.json, "view")), "full");
    cr_expect_eq(json_integer_value(json_object_get(r0.json, "weighing_id")),
                 json_integer_value(json_object_get(w1, "id")), "weighing_id is the new weighing");
    cr_assert(json_is_object(w1), "no weighing in the answer");
    json_incref(w1);
    resp_free(&r0);
    int64_t w1id = jint(w1, "id");
    int64_t case1 = jint(w1, "case_id");
    cr_expect(case1 > 0, "opname_pga without case_id");
    cr_expect_eq(jint(w1, "version"), 1);
    cr_expect(json_is_null(json_object_get(w1, "corrects")) ||
                  json_object_get(w1, "corrects") == NULL,
              "a first weighing corrects something");
    cr_expect(json_is_null(json_object_get(w1, "superseded_by")), "new weighing superseded");
    cr_expect_str_eq(jstr(w1, "outcome"), "opname_pga");
    cr_expect(jstr(w1, "outcome_label") != NULL, "no outcome_label");
    cr_expect_str_eq(jstr(w1, "rationale"), r1);
    cr_expect(json_object_get(w1, "admission") != NULL, "admission not echoed");
    cr_expect(jstr(w1, "created_at") != NULL, "no created_at");
    json_decref(w1);
    char cases_sql[160], weighings_sql[160];
    snprintf(cases_sql, sizeof(cases_sql), "SELECT count(*) FROM pga_case WHERE signal_id = %lld",
             (long long)id);
    snprintf(weighings_sql, sizeof(weighings_sql),
             "SELECT count(*) FROM weighing WHERE signal_id = %lld", (long long)id);
    cr_expect_eq(db_int(&S, cases_sql), 1, "cases after the admission");

    json_t *j = get_signal(&d, id);
    cr_expect_str_eq(jstr(j, "state"), "opname_pga", "state after opname_pga");
    cr_expect_eq(jint(j, "case_id"), case1, "signal case_id");
    cr_expect_eq(jint(json_object_get(j, "weighing"), "id"), w1id, "current weighing");
    json_decref(j);

    /* A correction that admits again keeps the case. */
    static const char r2[] = "Fictieve gecorrigeerde onderbouwing";
    json_t *b2 = weighing_body(opts, "opname_pga", (int64_t[]){ORG_VS}, 1, r2);
    json_object_set_new(b2, "corrects", json_integer(w1id));
    json_t *w2 = weigh(&d, id, b2);
    int64_t w2id = jint(w2, "id");
    cr_expect_neq(w2id, w1id);
    cr_expect_eq(jint(w2, "corrects"), w1id, "correction does not point at the corrected one");
    cr_expect_eq(jint(w2, "version"), 2, "version of the correction");
    cr_expect_eq(jint(w2, "case_id"), case1, "a re-admission opened another case");
    json_decref(w2);
    cr_expect_eq(db_int(&S, cases_sql), 1, "cases after the correction");

    /* History: newest first, the original still readable and marked superseded. */
    SIGP(p, id, "/weighings");
    j = get_ok(&d, p);
    json_t *it = items(j);
    cr_assert_eq(json_array_size(it), 2, "history has %zu weighings", json_array_size(it));
    json_t *n0 = json_array_get(it, 0), *n1 = json_array_get(it, 1);
    cr_expect_eq(jint(n0, "id"), w2id, "newest first");
    cr_expect_eq(jint(n1, "id"), w1id);
    cr_expect_eq(jint(n1, "superseded_by"), w2id, "original not marked superseded");
    cr_expect(json_is_null(json_object_get(n0, "superseded_by")), "current one superseded");
    cr_expect_str_eq(jstr(n1, "rationale"), r1, "original rationale changed");
    cr_expect_str_eq(jstr(n0, "rationale"), r2);
    json_decref(j);
    j = get_signal(&d, id);
    cr_expect_eq(jint(json_object_get(j, "weighing"), "id"), w2id, "current weighing");
    json_decref(j);

    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    /* A correction that withdraws the admission: 409 (close the case instead). */
    json_t *b3 = weighing_vs(opts, "geen_zorg");
    json_object_set_new(b3, "corrects", json_integer(w2id));
    struct resp r;
    req(&d, "POST", p, b3, &r);
    cr_expect_eq(r.status, 409, "withdrawing an admission: %d", r.status);
    cr_expect(resp_is_problem(&r));
    resp_free(&r);
    /* Correcting a weighing that is not the current one. */
    json_t *b4 = weighing_vs(opts, "opname_pga");
    json_object_set_new(b4, "corrects", json_integer(w1id));
    req(&d, "POST", p, b4, &r);
    cr_expect(r.status == 409 || r.status == 400 || r.status == 422,
              "correcting a superseded weighing: %d", r.status);
    if (r.status != 409)
        cr_expect(resp_names_field(&r, "corrects"), "corrects not named");
    resp_free(&r);
    /* Correcting a weighing that does not exist / of another signal. */
    json_t *b5 = weighing_vs(opts, "opname_pga");
    json_object_set_new(b5, "corrects", json_integer(987654321));
    req(&d, "POST", p, b5, &r);
    cr_expect(r.status == 409 || r.status == 400 || r.status == 422 || r.status == 404,
              "correcting an unknown weighing: %d", r.status);
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused correction changed the database");
    cr_expect_eq(db_int(&S, weighings_sql), 2);
    cr_expect_eq(db_int(&S, cases_sql), 1);
    json_decref(opts);
}

Test(signals, joint_and_single_org_flag)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    json_t *opts = options(&d);
    int64_t a = sig_new(&d, ORG_VS, NULL, "Fictief gezamenlijk");
    int64_t b = sig_new(&d, ORG_VS, NULL, "Fictief alleen");
    to_weging(&d, a);
    to_weging(&d, b);
    json_t *wa = weigh(&d, a,
                       weighing_body(opts, "geen_zorg", (int64_t[]){ORG_VS, ORG_POL, ORG_OM}, 3,
                                     "Fictief gezamenlijk gewogen"));
    cr_expect(json_is_true(json_object_get(wa, "joint")), "gemeente+politie+OM is not joint");
    cr_expect(json_is_false(json_object_get(wa, "single_org")), "joint weighing flagged single");
    json_decref(wa);
    json_t *wb = weigh(
        &d, b,
        weighing_body(opts, "geen_zorg", (int64_t[]){ORG_VS, ORG_VS}, 2, "Fictief alleen gewogen"));
    cr_expect(json_is_false(json_object_get(wb, "joint")), "only the gemeente is joint");
    cr_expect(json_is_true(json_object_get(wb, "single_org")), "single-organisation not flagged");
    json_decref(wb);
    json_t *j = get_signal(&d, a);
    cr_expect(json_is_false(json_object_get(j, "single_org_weighing")));
    cr_expect_str_eq(jstr(j, "state"), "geen_zorg");
    json_decref(j);
    j = get_signal(&d, b);
    cr_expect(json_is_true(json_object_get(j, "single_org_weighing")),
              "signal does not flag the single-organisation weighing");
    json_decref(j);
    /* Municipality and police without the OM: not joint. */
    int64_t c = sig_new(&d, ORG_VS, NULL, "Fictief zonder OM");
    to_weging(&d, c);
    json_t *wc = weigh(&d, c,
                       weighing_body(opts, "geen_zorg", (int64_t[]){ORG_VS, ORG_POL}, 2,
                                     "Fictief zonder OM gewogen"));
    cr_expect(json_is_false(json_object_get(wc, "joint")), "without the OM it is not joint");
    json_decref(wc);
    json_decref(opts);
}

/* An organisation that was invited earlier attends the weighing: the weighing is recorded (the
 * attendance must not be refused as a second invitation). */
Test(signals, weighing_attended_by_an_invited_partner)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    json_t *opts = options(&d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    char p[128];
    SIGP(p, id, "/participants");
    cr_assert_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictief")),
                 201);
    to_weging(&d, id);
    SIGP(p, id, "/weighings");
    struct resp r;
    req(&d, "POST", p, weighing_std(opts, "geen_zorg"), &r);
    cr_expect_eq(r.status, 201, "weighing attended by an invited partner: %d", r.status);
    resp_free(&r);
    /* Participants are listed once. */
    json_t *j = get_signal(&d, id);
    size_t n = 0, i;
    json_t *it;
    json_array_foreach(json_object_get(j, "participants"), i, it)
    {
        n += jint(json_object_get(it, "org"), "id") == ORG_POL;
    }
    cr_expect_eq(n, 1, "the police is listed %zu times as participant", n);
    json_decref(j);
    json_decref(opts);
}

/* herwegen goes back to weging by a new weighing (not a correction); the state follows the
 * newest weighing and the history keeps both. */
Test(signals, reweigh_by_a_new_weighing)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    json_t *opts = options(&d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
    to_weging(&d, id);
    json_t *w1 = weigh(&d, id, weighing_vs(opts, "herwegen"));
    json_t *w2 = weigh(&d, id, weighing_vs(opts, "verwezen_regulier"));
    cr_expect(json_is_null(json_object_get(w2, "corrects")) ||
                  json_object_get(w2, "corrects") == NULL,
              "a new weighing after herwegen is not a correction");
    json_t *j = get_signal(&d, id);
    cr_expect_str_eq(jstr(j, "state"), "verwezen_regulier", "state after the new weighing");
    cr_expect_eq(jint(json_object_get(j, "weighing"), "id"), jint(w2, "id"), "current weighing");
    json_decref(j);
    char p[128];
    SIGP(p, id, "/weighings");
    j = get_ok(&d, p);
    cr_expect_eq(json_array_size(items(j)), 2, "history");
    cr_expect_eq(jint(json_array_get(items(j), 0), "id"), jint(w2, "id"), "newest first");
    cr_expect_eq(jint(json_array_get(items(j), 1), "id"), jint(w1, "id"));
    json_decref(j);
    json_decref(w1);
    json_decref(w2);
    json_decref(opts);
}

Test(signals, outcomes_set_the_state)
{
    struct sess d, v;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "voorzitter", &v);
    json_t *opts = options(&d);
    int64_t cases_before = db_int(&S, "SELECT count(*) FROM pga_case");
    static const char *const outs[] = {"geen_zorg", "verwezen_regulier", "herwegen",
                                       "acuut_escalatie"};
    for (size_t i = 0; i < 4; i++) {
        int64_t id = sig_new(&d, ORG_VS, NULL, "Fictieve waarneming");
        to_weging(&d, id);
        /* The voorzitter weighs. */
        json_t *w = weigh(&v, id, weighing_std(opts, outs[i]));
        cr_expect_str_eq(jstr(w, "outcome"), outs[i]);
        cr_expect(json_is_null(json_object_get(w, "case_id")) ||
                      json_object_get(w, "case_id") == NULL,
                  "%s opened a case", outs[i]);
        json_t *cb = json_object_get(w, "created_by");
        cr_expect_eq(json_is_object(cb) ? jint(cb, "id") : (int64_t)json_integer_value(cb),
                     demo_id(&S, "voorzitter"), "created_by");
        json_decref(w);
        json_t *j = get_signal(&d, id);
        cr_expect_str_eq(jstr(j, "state"), outs[i], "state after %s", outs[i]);
        if (strcmp(outs[i], "herwegen") == 0) {
            char due[11];
            srv_date(&S, 14, due);
            cr_expect_str_eq(jstr(j, "due_date"), due, "herwegen: due_date is the re-weigh date");
        }
        json_decref(j);
    }
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM pga_case"), cases_before, "a case was opened");
    /* The options list what the forms need. */
    static const char *const keys[] = {"routes",         "reporter_kinds",
                                       "phenomena",      "categories",
                                       "criteria",       "outcomes",
                                       "states",         "feedback_channels",
                                       "municipalities", "own_municipality_id",
                                       "public_intake"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        cr_expect(json_object_get(opts, keys[k]) != NULL, "signal-options without %s", keys[k]);
    cr_expect_eq(jint(opts, "own_municipality_id"), ORG_VS);
    cr_expect(json_is_false(json_object_get(opts, "public_intake")), "public intake on by default");
    static const char *const routes[] = {
        "professional", "citizen",      "family",     "community", "signaleringsoverleg",
        "police_om",    "ambtsbericht", "pga_advice", "other"};
    for (size_t k = 0; k < 9; k++) {
        bool found = false;
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(opts, "routes"), i, it)
        {
            found = found || (jstr(it, "code") && strcmp(jstr(it, "code"), routes[k]) == 0);
        }
        cr_expect(found, "route %s not offered", routes[k]);
    }
    cr_expect(has_id(json_object_get(opts, "municipalities"), "id", ORG_VS));
    cr_expect(!has_id(json_object_get(opts, "municipalities"), "id", ORG_POL),
              "the police listed as a municipality");
    json_decref(opts);
}

/* ---- known-person check -------------------------------------------------------------------- */

static json_t *match_for(const json_t *matches, int64_t id)
{
    return find_id(matches, "signal_id", id);
}

Test(signals, known_person_check_links_and_is_logged)
{
    struct sess d, b;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "burgemeester", &b);
    char bsn[10], bsn2[10];
    bsn_make(7, bsn);
    bsn_make(8, bsn2);
    static const char name[] = "Fictief Kievit Bekendepersoon";
    int64_t s1 = create(&d, sig_body(ORG_VS, person(name, "2006-06-06", bsn), "Fictief eerste"));
    /* Same BSN, other name: a match via bsn, on the create answer and on /matches. */
    struct resp r;
    int64_t s2 = create_r(
        &d, sig_body(ORG_VS, person("Fictief Anders Genoemd", NULL, bsn), "Fictief tweede"), &r);
    json_t *m = match_for(json_object_get(r.json, "matches"), s1);
    cr_expect(m != NULL, "create answer does not link to the earlier signal");
    if (m) {
        cr_expect_str_eq(jstr(m, "via"), "bsn");
        cr_expect(jstr(m, "reference") != NULL);
    }
    resp_free(&r);
    char p[128], rid[64];
    SIGP(p, s2, "/matches");
    req(&d, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200, "matches: %d", r.status);
    m = match_for(json_object_get(r.json, "items"), s1);
    cr_expect(m != NULL, "/matches does not link to the earlier signal");
    if (m) {
        cr_expect_str_eq(jstr(m, "via"), "bsn");
        cr_expect_eq(jint(json_object_get(m, "municipality"), "id"), ORG_VS);
        static const char *const allowed[] = {"signal_id", "reference",   "municipality",
                                              "state",     "received_at", "case_id",
                                              "via",       "state_label", "accessible"};
        const char *bad = NULL;
        cr_expect(only_keys(m, allowed, sizeof(allowed) / sizeof(allowed[0]), &bad),
                  "a match carries %s (links only, no content)", bad ? bad : "?");
    }
    cr_expect(!has_id(json_object_get(r.json, "items"), "signal_id", s2), "matches itself");
    cr_expect(!json_has_substring(r.json, name), "matches carry a name");
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect(json_array_size(recs) >= 1, "the known-person check is not logged");
    size_t ni;
    json_t *rec;
    bool about_signal = false;
    json_array_foreach(recs, ni, rec)
    {
        const char *ot = jstr(json_object_get(rec, "attributes"), "regie.object_type");
        about_signal =
            about_signal || (ot && strcmp(ot, "signal") == 0 &&
                             json_is_string(json_object_get(json_object_get(rec, "attributes"),
                                                            "dpl.core.data_subject_id")));
    }
    cr_expect(about_signal, "the known-person check log names no person of the signal");
    json_decref(recs);

    /* Same name and birth date, no BSN: a match via name_dob. */
    int64_t s3 = create(&d, sig_body(ORG_VS, person(name, "2006-06-06", NULL), "Fictief derde"));
    SIGP(p, s3, "/matches");
    json_t *j = get_ok(&d, p);
    m = match_for(items(j), s1);
    cr_expect(m != NULL, "no match on name + birth date");
    if (m)
        cr_expect_str_eq(jstr(m, "via"), "name_dob");
    json_decref(j);
    /* Same name, other birth date: no match. */
    int64_t s4 = create(&d, sig_body(ORG_VS, person(name, "2006-06-07", NULL), "Fictief vierde"));
    SIGP(p, s4, "/matches");
    j = get_ok(&d, p);
    cr_expect(!has_id(items(j), "signal_id", s1), "match on name with another birth date");
    json_decref(j);

    /* The restricted store stays out of the check for someone not named as reader. */
    json_t *ab = sig_body(ORG_VS, person("Fictief Geheim Persoon", NULL, bsn2), "Fictief AIVD");
    json_object_set_new(ab, "route", json_string("ambtsbericht"));
    char d3[11];
    srv_date(&S, -3, d3);
    json_object_set_new(ab, "ambtsbericht",
                        json_pack("{s:s, s:s, s:[], s:b}", "addressee", "Fictieve burgemeester",
                                  "received_date", d3, "readers", "nctv_consulted", 0));
    int64_t amb = create(&b, ab);
    struct resp r5;
    int64_t s5 =
        create_r(&d, sig_body(ORG_VS, person("Fictief", NULL, bsn2), "Fictief vijfde"), &r5);
    cr_expect(!has_id(json_object_get(r5.json, "matches"), "signal_id", amb),
              "the create answer links to an ambtsbericht");
    resp_free(&r5);
    SIGP(p, s5, "/matches");
    j = get_ok(&d, p);
    cr_expect(!has_id(items(j), "signal_id", amb), "/matches links to an ambtsbericht");
    json_decref(j);
}

/* ---- ambtsbericht -------------------------------------------------------------------------- */

static json_t *amb_body(const char *bsn, int64_t reader)
{
    json_t *b = sig_body(ORG_VS, person("Fictief Ambtsbericht Persoon", "1990-01-01", bsn),
                         "Fictieve inhoud van een ambtsbericht");
    json_object_set_new(b, "route", json_string("ambtsbericht"));
    char d3[11], d2[11];
    srv_date(&S, -3, d3);
    srv_date(&S, -2, d2);
    json_t *readers = json_array();
    if (reader > 0)
        json_array_append_new(readers, json_integer(reader));
    json_object_set_new(b, "ambtsbericht",
                        json_pack("{s:s, s:s, s:o, s:b, s:s, s:s}", "addressee",
                                  "Fictieve burgemeester", "received_date", d3, "readers", readers,
                                  "nctv_consulted", 1, "nctv_date", d2, "nctv_contact",
                                  "Fictief NCTV-contact"));
    return b;
}

Test(signals, ambtsbericht_restricted_store)
{
    struct sess d, d2, v, b, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "voorzitter", &v);
    login_ok(&S, "burgemeester", &b);
    login_ok(&S, "partner", &pa);
    char bsn[10];
    bsn_make(9, bsn);
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    /* Only the burgemeester may use the route. */
    const struct sess *others[] = {&d, &pa};
    for (size_t i = 0; i < 2; i++) {
        struct resp r;
        int s = req(others[i], "POST", "/api/signals", amb_body(bsn, 0), &r);
        cr_expect(s == 403 || ((s == 400 || s == 422) && resp_names_field(&r, "route")),
                  "route ambtsbericht by another role: %d", s);
        resp_free(&r);
    }
    /* The route needs the ambtsbericht object. */
    json_t *nb = amb_body(bsn, 0);
    json_object_del(nb, "ambtsbericht");
    expect_invalid_req(&b, "POST", "/api/signals", nb, "ambtsbericht",
                       "route ambtsbericht without ambtsbericht");
    json_t *rb = amb_body(bsn, 0);
    json_object_set_new(json_object_get(rb, "ambtsbericht"), "readers",
                        json_pack("[I]", (json_int_t)987654321));
    expect_invalid_req(&b, "POST", "/api/signals", rb, "ambtsbericht.readers|readers",
                       "unknown reader");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused ambtsbericht changed the database");

    /* The burgemeester registers one with the voorzitter as reader. */
    int64_t id = create(&b, amb_body(bsn, v.user_id));
    json_t *j = get_signal(&b, id);
    cr_expect(json_is_true(json_object_get(j, "restricted")), "ambtsbericht not restricted");
    cr_expect(json_is_object(json_object_get(j, "ambtsbericht")), "no ambtsbericht object");
    cr_expect_str_eq(jstr(j, "route"), "ambtsbericht");
    json_decref(j);
    cr_expect(in_list(&b, id), "burgemeester does not list it");

    /* Not named: nothing, anywhere. */
    char p[128], q[64];
    bool found;
    SIGP(p, id, "");
    cr_expect_eq(st(&d, "GET", p, NULL), 404, "dossierhouder not named reads it");
    cr_expect(!in_list(&d, id), "dossierhouder not named lists it");
    snprintf(q, sizeof(q), "bsn=%s", bsn);
    search_has(&d, q, id, &found);
    cr_expect(!found, "dossierhouder not named finds it by bsn");
    search_has(&d, "q=ambtsbericht", id, &found);
    cr_expect(!found, "dossierhouder not named finds it by word");
    cr_expect_eq(st(&d2, "GET", p, NULL), 404, "other municipality reads it");
    cr_expect_eq(st(&pa, "GET", p, NULL), 404, "partner reads it");
    SIGP(p, id, "/weighings");
    cr_expect_eq(st(&d, "GET", p, NULL), 404, "dossierhouder not named reads its weighings");
    SIGP(p, id, "/export");
    cr_expect_eq(st(&d, "GET", p, NULL), 404, "dossierhouder not named exports it");
    SIGP(p, id, "/participants");
    cr_expect_eq(
        st(&d, "POST", p, json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "x")),
        404, "dossierhouder not named invites to it");

    /* The named reader sees it. */
    SIGP(p, id, "");
    j = get_signal(&v, id);
    cr_expect(json_is_object(json_object_get(j, "ambtsbericht")), "reader: no ambtsbericht");
    json_decref(j);
    cr_expect(in_list(&v, id), "reader does not list it");

    /* The burgemeester updates it and names the dossierhouder too. */
    SIGP(p, id, "/ambtsbericht");
    unsigned char b2[32], a2[32];
    db_fingerprint_skip(&S, VOLATILE, b2);
    cr_expect_eq(st(&d, "POST", p, mk_ambtsbericht()), 403,
                 "dossierhouder updates an ambtsbericht");
    cr_expect_eq(st(&v, "POST", p, mk_ambtsbericht()), 403, "voorzitter updates an ambtsbericht");
    db_fingerprint_skip(&S, VOLATILE, a2);
    cr_expect(memcmp(b2, a2, 32) == 0, "a refused ambtsbericht update changed the database");
    json_t *upd = mk_ambtsbericht();
    json_object_set_new(upd, "readers",
                        json_pack("[I, I]", (json_int_t)v.user_id, (json_int_t)d.user_id));
    int s = st(&b, "POST", p, upd);
    cr_expect(s == 200 || s == 201, "burgemeester updates the ambtsbericht: %d", s);
    SIGP(p, id, "");
    cr_expect_eq(st(&d, "GET", p, NULL), 200, "named dossierhouder cannot read it");
    cr_expect(in_list(&d, id), "named dossierhouder does not list it");
    search_has(&d, q, id, &found);
    cr_expect(found, "named dossierhouder does not find it by bsn");
    /* ... but never another municipality. */
    cr_expect_eq(st(&d2, "GET", p, NULL), 404);

    /* The ambtsbericht route on a normal signal. */
    int64_t normal = sig_new(&d, ORG_VS, NULL, "Fictief gewoon");
    SIGP(p, normal, "/ambtsbericht");
    struct resp r;
    req(&b, "POST", p, mk_ambtsbericht(), &r);
    cr_expect(r.status == 404 || r.status == 409 || r.status == 400 || r.status == 422,
              "ambtsbericht update on a normal signal: %d", r.status);
    resp_free(&r);
}

Test(signals, ambtsbericht_named_reader_at_creation)
{
    struct sess d, b, v;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "burgemeester", &b);
    login_ok(&S, "voorzitter", &v);
    int64_t id = create(&b, amb_body(NULL, d.user_id));
    json_t *j = get_signal(&d, id);
    cr_expect_str_eq(jstr(j, "view"), "full");
    cr_expect(json_is_object(json_object_get(j, "ambtsbericht")), "reader: no ambtsbericht");
    json_decref(j);
    cr_expect(in_list(&d, id), "named dossierhouder does not list it");
    char p[128];
    SIGP(p, id, "");
    cr_expect_eq(st(&v, "GET", p, NULL), 404, "voorzitter not named reads it");
    cr_expect(!in_list(&v, id), "voorzitter not named lists it");
}

/* ---- search -------------------------------------------------------------------------------- */

Test(signals, search_only_visible_and_logged)
{
    struct sess d, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    char bsn1[10], bsn2[10];
    bsn_make(10, bsn1);
    bsn_make(11, bsn2);
    static const char name[] = "Fictief Grutto Zoekmans";
    int64_t s1 = create(&d, sig_body(ORG_VS, person(name, "2005-05-05", bsn1),
                                     "Fictief gezien: een kwartelkoning bij het station"));
    int64_t s2 = create(&d2, sig_body(ORG_PD, person(name, "2005-05-05", bsn2),
                                      "Fictief gezien: een kwartelkoning bij de kerk"));
    bool found;
    char q[256];
    struct resp r;

    /* By BSN. */
    snprintf(q, sizeof(q), "/api/search?bsn=%s", bsn1);
    cr_assert_eq(req(&d, "GET", q, NULL, &r), 200, "search bsn: %d", r.status);
    json_t *hit = find_id(json_object_get(r.json, "items"), "signal_id", s1);
    cr_expect(hit != NULL, "search by bsn misses the signal");
    if (hit) {
        cr_expect_str_eq(jstr(hit, "match"), "bsn");
        cr_expect(jstr(hit, "reference") != NULL && jstr(hit, "state") != NULL);
    }
    cr_expect(!json_has_substring(r.json, name), "search hits carry names");
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    bool logged = false;
    size_t i;
    json_t *it;
    json_array_foreach(recs, i, it)
    {
        logged = logged || (jstr(it, "name") && strcmp(jstr(it, "name"), "search") == 0);
    }
    cr_expect(logged, "search not logged as search");
    json_decref(recs);
    recs = audit_records_for(&S, rid, bsn1);
    cr_expect(json_array_size(recs) >= 1, "search log does not name the person returned");
    json_decref(recs);

    snprintf(q, sizeof(q), "bsn=%s", bsn2);
    cr_expect_eq(search_has(&d, q, s2, &found), 200);
    cr_expect(!found, "search finds another municipality's signal by bsn");
    cr_expect_eq(search_has(&d2, q, s2, &found), 200);
    cr_expect(found, "the other municipality does not find its own signal");

    /* By name and birth date. */
    snprintf(q, sizeof(q), "/api/search?name=Fictief%%20Grutto%%20Zoekmans&birth_date=2005-05-05");
    cr_assert_eq(req(&d, "GET", q, NULL, &r), 200, "search name: %d", r.status);
    hit = find_id(json_object_get(r.json, "items"), "signal_id", s1);
    cr_expect(hit != NULL, "search by name + birth date misses the signal");
    if (hit)
        cr_expect_str_eq(jstr(hit, "match"), "name_dob");
    cr_expect(!has_id(json_object_get(r.json, "items"), "signal_id", s2),
              "search by name finds another municipality's signal");
    resp_free(&r);
    cr_expect_eq(
        search_has(&d, "name=Fictief%20Grutto%20Zoekmans&birth_date=2005-05-06", s1, &found), 200);
    cr_expect(!found, "search by name ignores the birth date");

    /* By words. */
    cr_expect_eq(search_has(&d, "q=kwartelkoning", s1, &found), 200);
    cr_expect(found, "search by word misses the signal");
    cr_expect_eq(search_has(&d, "q=kwartelkoning", s2, &found), 200);
    cr_expect(!found, "search by word finds another municipality's signal");
    cr_expect_eq(search_has(&d, "q=kwartelkoning%20station", s1, &found), 200);
    cr_expect(found, "two words that both occur");
    cr_expect_eq(search_has(&d, "q=kwartelkoning%20nergensvoorkomend", s1, &found), 200);
    cr_expect(!found, "every word must occur");
    cr_expect_eq(search_has(&d, "q=kwartel", s1, &found), 200);
    cr_expect(!found, "a part of a word is not a whole-word match");
    cr_expect_eq(search_has(&d2, "q=kwartelkoning", s1, &found), 200);
    cr_expect(!found, "other municipality finds the signal by word");
    snprintf(q, sizeof(q), "/api/search?q=kwartelkoning");
    cr_assert_eq(req(&d, "GET", q, NULL, &r), 200);
    hit = find_id(json_object_get(r.json, "items"), "signal_id", s1);
    if (hit)
        cr_expect_str_eq(jstr(hit, "match"), "text");
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect(json_array_size(recs) >= 1, "search by word not logged");
    json_decref(recs);

    /* Bad search input. */
    /* An invalid BSN: refused naming bsn, or simply no hits (the contract leaves it open). */
    req(&d, "GET", "/api/search?bsn=123456789", NULL, &r);
    if (r.status == 200)
        cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 0, "hits for a bad bsn");
    else
        expect_invalid(&r, "bsn", "search bad bsn");
    resp_free(&r);
    expect_invalid_req(&d, "GET", "/api/search?name=Fictief&birth_date=2005-02-30", NULL,
                       "birth_date", "search bad birth_date");
    expect_invalid_req(&d, "GET", "/api/search?kleur=rood", NULL, "kleur", "search unknown key");
}

/* ---- access log ---------------------------------------------------------------------------- */

/* Records of a request with the given LDV name and object type. */
static size_t count_recs(const json_t *recs, const char *name, const char *object_type)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        const char *nm = jstr(it, "name");
        const char *ot = jstr(json_object_get(it, "attributes"), "regie.object_type");
        if ((name == NULL || (nm && strcmp(nm, name) == 0)) &&
            (object_type == NULL || (ot && strcmp(ot, object_type) == 0)))
            n++;
    }
    return n;
}

/* Runs a request and returns its access-log records (caller decrefs); r receives the status. */
static json_t *logged(const struct sess *ss, const char *method, const char *path, json_t *body,
                      int *status, json_t **answer)
{
    struct resp r;
    *status = req(ss, method, path, body, &r);
    char rid[64];
    resp_request_id(&r, rid);
    if (answer)
        *answer = json_incref(r.json);
    resp_free(&r);
    return audit_records_for(&S, rid, NULL);
}

Test(signals, every_read_and_write_is_logged)
{
    struct sess d, m, fg;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "melder", &m);
    login_ok(&S, "fg", &fg);
    json_t *opts = options(&d);
    char bsn[10], p[128];
    bsn_make(12, bsn);
    int s;
    json_t *ans = NULL;

    json_t *recs =
        logged(&d, "POST", "/api/signals",
               sig_body(ORG_VS, person("Fictief Logpersoon", NULL, bsn), "Fictief log"), &s, &ans);
    cr_assert_eq(s, 201);
    int64_t id = jint(ans, "id");
    json_decref(ans);
    cr_expect(count_recs(recs, NULL, "signal") >= 1, "create: no record about the signal");
    cr_expect(count_recs(recs, "create", NULL) >= 1, "create: no create record");
    json_decref(recs);

    SIGP(p, id, "");
    recs = logged(&d, "GET", p, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", "signal") >= 1, "GET detail: no read record of a signal");
    json_decref(recs);

    recs = logged(&d, "GET", "/api/signals", NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "list: no record");
    json_decref(recs);

    SIGP(p, id, "/participants");
    recs = logged(&d, "POST", p,
                  json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictief"), &s,
                  NULL);
    cr_expect_eq(s, 201);
    cr_expect(json_array_size(recs) >= 1, "participants: no record");
    json_decref(recs);

    SIGP(p, id, "/information");
    recs = logged(&d, "POST", p, mk_info(), &s, NULL);
    cr_expect_eq(s, 201);
    cr_expect(json_array_size(recs) >= 1, "information: no record");
    json_decref(recs);

    SIGP(p, id, "/feedback");
    recs = logged(&d, "POST", p, mk_feedback(), &s, NULL);
    cr_expect_eq(s, 201);
    cr_expect(json_array_size(recs) >= 1, "feedback: no record");
    json_decref(recs);

    SIGP(p, id, "/status");
    recs = logged(&d, "POST", p, json_pack("{s:s}", "state", "weging"), &s, NULL);
    cr_expect(s == 200 || s == 201);
    cr_expect(json_array_size(recs) >= 1, "status: no record");
    json_decref(recs);

    SIGP(p, id, "/weighings");
    recs = logged(&d, "POST", p,
                  weighing_body(opts, "geen_zorg", (int64_t[]){ORG_VS}, 1, "Fictief gewogen"), &s,
                  NULL);
    cr_expect_eq(s, 201);
    /* The action name of the record is not fixed by the contract (create or update). */
    cr_expect(count_recs(recs, NULL, "weighing") >= 1, "weighing: no record about the weighing");
    json_decref(recs);
    recs = logged(&d, "GET", p, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", NULL) >= 1, "weighings: no read record");
    json_decref(recs);

    SIGP(p, id, "/matches");
    recs = logged(&d, "GET", p, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "matches: no record");
    json_decref(recs);

    SIGP(p, id, "/export");
    recs = logged(&d, "GET", p, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "export", NULL) >= 1, "export: no export record");
    json_decref(recs);

    char q[64];
    snprintf(q, sizeof(q), "/api/search?bsn=%s", bsn);
    recs = logged(&d, "GET", q, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "search", NULL) >= 1, "search: no search record");
    json_decref(recs);

    /* The melder's receipt is a read too. */
    recs = logged(&m, "POST", "/api/signals",
                  sig_body(ORG_VS, person("Fictief Meldpersoon", NULL, NULL), "Fictief"), &s, &ans);
    cr_expect_eq(s, 201);
    int64_t mid = jint(ans, "id");
    json_decref(ans);
    cr_expect(json_array_size(recs) >= 1, "melder create: no record");
    json_decref(recs);
    SIGP(p, mid, "");
    recs = logged(&m, "GET", p, NULL, &s, NULL);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", "signal") >= 1, "melder receipt: no read record");
    json_decref(recs);

    /* The FG sees the reads in GET /api/audit (logged itself). */
    char aq[128];
    snprintf(aq, sizeof(aq), "/api/audit?user=%lld&limit=200", (long long)d.user_id);
    json_t *a = get_ok(&fg, aq);
    json_t *arr = json_object_get(a, "items");
    if (arr == NULL)
        arr = json_object_get(a, "records");
    cr_expect(json_is_array(arr) && json_array_size(arr) > 0, "fg audit query: no records");
    size_t n = 0, i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        const char *ot = jstr(json_object_get(it, "attributes"), "regie.object_type");
        if (ot == NULL)
            ot = jstr(it, "object_type");
        n += ot && strcmp(ot, "signal") == 0;
    }
    cr_expect(n >= 1, "fg audit query: no record about a signal");
    json_decref(a);
    json_decref(opts);
}

/* ---- findings of the security review (each was reproduced before its fix) ------------------ */

Test(signals, review_ambtsbericht_route_cannot_be_smuggled)
{
    struct sess m, b, d, d2;
    login_ok(&S, "melder", &m);
    login_ok(&S, "burgemeester", &b);
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2); /* a login changes the account row: before the print */
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    /* "ambtsbericht": null used to skip both the member and the burgemeester-only check. */
    json_t *body = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief");
    json_object_set_new(body, "route", json_string("ambtsbericht"));
    json_object_set_new(body, "ambtsbericht", json_null());
    struct resp r;
    cr_expect_eq(req(&m, "POST", "/api/signals", body, &r), 400, "melder, ambtsbericht null");
    cr_expect(resp_names_field(&r, "ambtsbericht"));
    resp_free(&r);
    body = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief");
    json_object_set_new(body, "route", json_string("ambtsbericht"));
    json_object_set_new(body, "ambtsbericht", json_null());
    cr_expect_eq(st(&b, "POST", "/api/signals", body), 400, "burgemeester, ambtsbericht null");
    /* A melder cannot claim to report for another organisation. */
    body = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief");
    json_object_set_new(body, "reporter",
                        json_pack("{s:s, s:I}", "kind", "named", "org_id", (json_int_t)ORG_POL));
    cr_expect_eq(req(&m, "POST", "/api/signals", body, &r), 400, "melder spoofs reporter org");
    cr_expect(resp_names_field(&r, "reporter/org_id"));
    resp_free(&r);
    /* Readers of an ambtsbericht come from its own municipality. */
    cr_expect_eq(req(&b, "POST", "/api/signals", amb_body(NULL, d2.user_id), &r), 400,
                 "a reader from another municipality");
    cr_expect(resp_names_field(&r, "ambtsbericht/readers"));
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused create changed the database");

    /* The restricted store is read-only for its readers: no export, and the partners who weighed
     * it do not become participants. */
    int64_t id = create(&b, amb_body(NULL, d.user_id));
    char p[128];
    SIGP(p, id, "/export");
    cr_expect_eq(st(&d, "GET", p, NULL), 403, "export of an ambtsbericht");
    json_t *opts = options(&d);
    json_decref(weigh(&d, id, weighing_body(opts, "geen_zorg",
                                            (int64_t[]){ORG_VS, ORG_POL, ORG_OM}, 3,
                                            "Fictieve onderbouwing")));
    json_decref(opts);
    json_t *j = get_signal(&d, id);
    cr_expect_eq(json_array_size(json_object_get(j, "participants")), 0,
                 "weighing partners became participants of an ambtsbericht");
    json_decref(j);
}

Test(signals, review_limits_are_enforced_when_writing)
{
    struct sess d, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictief: veel terugkoppeling");
    char p[128];
    SIGP(p, id, "/feedback");
    int last = 0;
    for (int i = 0; i < 201; i++) {
        last = st(&d, "POST", p,
                  json_pack("{s:s, s:s}", "channel", "telefoon", "text", "Fictieve terugkoppeling"));
        if (last != 201)
            break;
    }
    cr_expect_eq(last, 409, "the 201st feedback: %d", last);
    json_t *j = get_signal(&d, id);
    cr_expect_eq(json_array_size(json_object_get(j, "feedback")), 200);
    json_decref(j);
    /* A confidential reporter's organisation is hidden from partners too. */
    json_t *body = sig_body(ORG_VS, person("Fictief Persoon", NULL, NULL), "Fictief gezien");
    json_object_set_new(body, "reporter", json_pack("{s:s, s:I}", "kind", "confidential",
                                                    "org_id", (json_int_t)ORG_RVDK));
    int64_t c = create(&d, body);
    SIGP(p, c, "/participants");
    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason", "Fictief")),
                 201);
    j = get_signal(&pa, c);
    cr_expect(json_is_null(json_object_get(json_object_get(j, "reporter"), "org")),
              "a partner sees the organisation of a confidential reporter");
    json_decref(j);
}

Test(signals, status_note_is_kept)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = sig_new(&d, ORG_VS, NULL, "Fictief: voorselectie");
    char p[128];
    SIGP(p, id, "/status");
    static const char note[] = "Fictief: voorselectie door de dossierhouder, naar de weegploeg";
    cr_assert_eq(st(&d, "POST", p, json_pack("{s:s, s:s}", "state", "geregistreerd", "note", note)),
                 200);
    json_t *j = get_signal(&d, id);
    json_t *n = json_array_get(json_object_get(j, "status_notes"), 0);
    cr_expect_str_eq(jstr(n, "note"), note);
    cr_expect_str_eq(jstr(n, "state"), "geregistreerd");
    json_decref(j);
}
