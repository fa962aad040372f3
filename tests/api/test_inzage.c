/* test_inzage.c: the inzage export (issue 10 item 3, right of access; security.md §3 "Right of
 * access within one month", test plan R2) over real HTTP, against docs/inzage.md and the policy
 * table src/policy/policy.csv.
 *
 *  - one fictional person (a unique canary name and BSN) is subject of three signals that each
 *    lead to a case, appears in the network and the family support of a fourth case (of someone
 *    else), and shares signals, cases and networks with other fictional people (their own canary
 *    names and BSNs);
 *  - the official finds the person rows by exact BSN and by exact name + birth date (never
 *    fuzzy), confirms them and compiles a concept; bad input names the field and changes nothing;
 *  - ORACLE: the database, opened read-only, gives every row id linked to the person's rows,
 *    signals and cases; the export holds 100% of them, and 0 occurrences of any other person's
 *    canary name or BSN; the police item, the police measure and an ambtsbericht signal are
 *    withheld and flagged for human review, their content absent;
 *  - release needs a second approver: the creator is refused (409), another municipality's
 *    dossierhouder gets 404, the FG approves; a concept cannot be downloaded (409), a released
 *    one downloads as an attachment;
 *  - every step is in the access log (action export / search, purpose inzageverzoek betrokkene);
 *  - melder, partner, raadslid, beheerder and voorzitter are refused (403).
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, U_DH;

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    U_DH = demo_id(&S, "dossierhouder");
    cr_assert(ORG_VS > 0 && U_DH > 0, "demo fixtures missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(inzage, .init = start, .fini = stop, .timeout = 300);

/* ---- helpers ----------------------------------------------------------------------------------
 */

static int req(const struct sess *ss, const char *method, const char *path, json_t *body,
               struct resp *r)
{
    return sess_json(&S, ss, method, path, body, r);
}

static int st(const struct sess *ss, const char *method, const char *path, json_t *body)
{
    return sess_json_status(&S, ss, method, path, body);
}

static json_t *write_ok(const struct sess *ss, const char *method, const char *path, json_t *body,
                        const char *what)
{
    struct resp r;
    int s = req(ss, method, path, body, &r);
    cr_assert(s == 200 || s == 201, "%s: %d", what, s);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

/* The canaries: the person and the others, each with a unique name and BSN. */
static const char X_NAME[] = "Inzagecanarie Xanthippe Verbeek";
static const char X_DOB[] = "1961-03-04"; /* before 1970: a date like any other */
static const char *const OTHER_NAMES[] = {
    "Anderecanarie Olaf Eerstemans", "Anderecanarie Petra Tweedeling",
    "Anderecanarie Quinten Derdenaar", "Anderecanarie Rita Vierdehuis",
    "Anderecanarie Sander Vijfdebos"};
#define N_OTHERS 5
static char X_BSN[10], O_BSN[N_OTHERS][10];

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

static json_t *admission_body(const struct sess *d)
{
    struct resp r;
    cr_assert_eq(req(d, "GET", "/api/signal-options", NULL, &r), 200);
    char today[11], next_week[11];
    srv_date(&S, 0, today);
    srv_date(&S, 7, next_week);
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(r.json, "criteria"), i, c)
    {
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s}", "code", jstr(c, "code"),
                                              "assessment", "ja", "note", "Fictieve toelichting"));
    }
    resp_free(&r);
    return json_pack("{s:s, s:b, s:[{s:I, s:s, s:s}], s:o, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}",
                     "decided_on", today, "in_meeting", 1, "attendees", "org_id",
                     (json_int_t)ORG_VS, "name", "Fictieve Deelnemer", "function",
                     "Fictieve functie", "criteria", crit, "rationale",
                     "Fictieve onderbouwing van de weging", "proportionality",
                     "Fictieve proportionaliteit", "subsidiarity", "Fictieve subsidiariteit",
                     "decision_rule", "unaniem", "outcome", "opname_pga", "admission",
                     "casusregisseur_id", (json_int_t)U_DH, "first_overleg_date", next_week);
}

struct sig {
    int64_t id, case_id, police_item, other_item;
};

/* An information item of category cat on signal sig; returns its id. */
static int64_t info(const struct sess *d, int64_t sig, const char *cat, const char *content)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/information", (long long)sig);
    json_t *j = write_ok(d, "POST", p,
                         json_pack("{s:s, s:s, s:s}", "category", cat, "legal_basis",
                                   "Fictieve grondslag", "content", content),
                         "information");
    int64_t id = jint(j, json_object_get(j, "information_id") ? "information_id" : "id");
    json_decref(j);
    return id;
}

/* A signal of Voorbeeldstad about subjects (stolen), with an ordinary and (police) a police
 * information item, weighed to an admission. */
static void signal_case(const struct sess *d, json_t *subjects, bool police, struct sig *out)
{
    memset(out, 0, sizeof(*out));
    json_t *b = json_pack("{s:I, s:s, s:o, s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                          "route", "professional", "subjects", subjects, "observed",
                          "Fictieve waarneming inzagetest", "acute", "danger", 0);
    json_t *j = write_ok(d, "POST", "/api/signals", b, "POST /api/signals");
    out->id = jint(j, "id");
    json_decref(j);
    out->other_item = info(d, out->id, "other", "Fictieve aanvulling inzagetest");
    if (police)
        out->police_item = info(d, out->id, "police", "GEHEIMPOLITIEWOORD kenteken");
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)out->id);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        int s = st(d, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "signal status %s: %d", steps[i], s);
    }
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)out->id);
    j = write_ok(d, "POST", p, admission_body(d), "weighing");
    json_t *w = json_object_get(j, "weighing");
    out->case_id = jint(w ? w : j, "case_id");
    if (out->case_id <= 0)
        out->case_id = jint(j, "case_id");
    json_decref(j);
    cr_assert(out->case_id > 0, "the admission gave no case");
}

static void measure(const struct sess *d, int64_t cid, const char *type, int64_t owner,
                    const char *description)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/cases/%lld/measures", (long long)cid);
    json_decref(
        write_ok(d, "POST", p,
                 json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", type, "legal_basis",
                           "Fictieve grondslag", "owner_org_id", (json_int_t)owner, "decider",
                           "burgemeester", "status", "proposed", "description", description),
                 "measure"));
}

/* A network person of case cid; returns its person id. */
static int64_t net_person(const struct sess *d, int64_t cid, const char *name, const char *dob,
                          const char *bsn)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/cases/%lld/network/persons", (long long)cid);
    json_t *j = write_ok(d, "POST", p,
                         json_pack("{s:s, s:s, s:s}", "name", name, "birth_date", dob, "bsn", bsn),
                         "network person");
    int64_t id = jint(j, "created_id");
    json_decref(j);
    return id;
}

static void relation(const struct sess *d, int64_t cid, int64_t from, int64_t to, const char *type)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/cases/%lld/network/relations", (long long)cid);
    json_decref(write_ok(d, "POST", p,
                         json_pack("{s:I, s:I, s:s, s:s}", "from_id", (json_int_t)from, "to_id",
                                   (json_int_t)to, "type", type, "confidence", "reported"),
                         "relation"));
}

/* Family support in case cid for a relative (a new person row with name and birth date). */
static void family(const struct sess *d, int64_t cid, const char *name, const char *dob)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/cases/%lld/family-support", (long long)cid);
    json_decref(
        write_ok(d, "POST", p,
                 json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:I}, s:{s:s, s:s, s:s}}", "relative",
                           "name", name, "relation", "familielid", "birth_date", dob, "supporter",
                           "kind", "dossierhouder", "user_id", (json_int_t)U_DH, "needs",
                           "practical", "Fictief", "emotional", "Fictief", "care", "Fictief"),
                 "family support"));
}

/* ---- the oracle -------------------------------------------------------------------------------
 */

/* The person row of a signal's first subject. */
static int64_t first_subject(int64_t sig)
{
    char sql[128];
    snprintf(
        sql, sizeof(sql),
        "SELECT person_id FROM signal_subject WHERE signal_id = %lld ORDER BY position LIMIT 1",
        (long long)sig);
    int64_t id = db_int(&S, sql);
    cr_assert(id > 0, "the signal has no subject");
    return id;
}

/* Every (table, id) pair anywhere in the export. */
static bool has_item(const json_t *j, const char *table, int64_t id)
{
    if (json_is_object(j)) {
        const char *t = json_string_value(json_object_get(j, "table"));
        json_t *v = json_object_get(j, "id");
        if (t && strcmp(t, table) == 0 && json_is_integer(v) && json_integer_value(v) == id)
            return true;
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)j, k, x)
        {
            if (has_item(x, table, id))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach((json_t *)j, i, x)
        {
            if (has_item(x, table, id))
                return true;
        }
    }
    return false;
}

/* The oracle query for one table: every id linked to the person ids (?1 = a JSON array of them,
 * through json_each, or json_array_elements_text on PostgreSQL) must be in the export. Returns
 * how many ids it checked. */
static size_t expect_all(const json_t *exp, const char *table, const char *sql, const char *pids)
{
    enum { CAP = 20000 };
    static const char lite[] = "SELECT value FROM json_each(?1)";
    static const char pg[] = "SELECT value::bigint FROM json_array_elements_text(?1::json)";
    char q[2048];
    size_t k = 0;
    bool on_pg = db_is_postgres(&S);
    for (const char *p = sql; *p && k + sizeof(pg) < sizeof(q);) {
        if (on_pg && strncmp(p, lite, sizeof(lite) - 1) == 0) {
            memcpy(q + k, pg, sizeof(pg) - 1);
            k += sizeof(pg) - 1;
            p += sizeof(lite) - 1;
        } else {
            q[k++] = *p++;
        }
    }
    q[k] = '\0';
    struct db_row2 *rows = calloc(CAP, sizeof(*rows));
    cr_assert_not_null(rows);
    size_t n = db_query2(&S, q, NULL, 0, pids, rows, CAP), missing = 0;
    cr_assert(n < CAP, "%s: too many linked rows for the oracle", table);
    for (size_t i = 0; i < n; i++)
        if (!has_item(exp, table, rows[i].a))
            missing++;
    free(rows);
    cr_expect_eq(missing, 0, "%s: %zu of %zu linked rows are not in the export", table, missing, n);
    return n;
}

#define P "(SELECT value FROM json_each(?1))"
#define SIGS "(SELECT signal_id FROM signal_subject WHERE person_id IN " P ")"
#define CASES "(SELECT id FROM pga_case WHERE signal_id IN " SIGS ")"
static const struct {
    const char *table, *sql;
} ORACLE[] = {
    {"person", "SELECT value FROM json_each(?1)"},
    {"signal", "SELECT signal_id FROM signal_subject WHERE person_id IN " P},
    {"signal_info", "SELECT id FROM signal_info WHERE signal_id IN " SIGS},
    {"signal_feedback", "SELECT id FROM signal_feedback WHERE signal_id IN " SIGS},
    {"weighing", "SELECT id FROM weighing WHERE signal_id IN " SIGS},
    {"pga_case", "SELECT id FROM pga_case WHERE signal_id IN " SIGS},
    {"case_event", "SELECT id FROM case_event WHERE case_id IN " CASES},
    {"case_participant", "SELECT id FROM case_participant WHERE case_id IN " CASES},
    {"case_task", "SELECT id FROM case_task WHERE case_id IN " CASES},
    {"case_plan", "SELECT id FROM case_plan WHERE case_id IN " CASES},
    {"case_measure", "SELECT id FROM case_measure WHERE case_id IN " CASES},
    {"case_assessment", "SELECT id FROM case_assessment WHERE case_id IN " CASES},
    {"comm_line", "SELECT id FROM comm_line WHERE case_id IN " CASES},
    {"family_support", "SELECT id FROM family_support WHERE person_id IN " P},
    {"family_contact", "SELECT id FROM family_contact WHERE support_id IN (SELECT id FROM "
                       "family_support WHERE person_id IN " P ")"},
    {"network_person", "SELECT id FROM network_person WHERE person_id IN " P},
    {"network_relation",
     "SELECT id FROM network_relation WHERE from_person IN " P " OR to_person IN " P},
    {"network_assessment", "SELECT id FROM network_assessment WHERE person_id IN " P},
    {"informing_record", "SELECT id FROM informing_record WHERE person_id IN " P},
    {"document", "SELECT id FROM document WHERE (owner_kind = 'signal' AND owner_id IN " SIGS
                 ") OR (owner_kind = 'case' AND owner_id IN " CASES ")"},
    {"agenda_item", "SELECT id FROM agenda_item WHERE signal_id IN " SIGS " OR case_id IN " CASES},
};

/* ---- the acceptance test ------------------------------------------------------------------- */

Test(inzage, export_holds_everything_about_the_person_and_nothing_about_others)
{
    struct sess d, fg, d2, other;
    login_ok(&S, "dossierhouder", &d);
    bsn_make(91001, X_BSN);
    for (int i = 0; i < N_OTHERS; i++)
        bsn_make(91100 + (uint32_t)i * 7, O_BSN[i]);

    /* Three signals about the person (two shared with others), each admitted into a case. */
    struct sig s[4];
    json_t *subj = json_array();
    json_array_append_new(subj, person(X_NAME, X_DOB, X_BSN));
    json_array_append_new(subj, person(OTHER_NAMES[0], "1985-01-01", O_BSN[0]));
    signal_case(&d, subj, true, &s[0]);
    subj = json_array();
    json_array_append_new(subj, person(X_NAME, X_DOB, X_BSN));
    signal_case(&d, subj, false, &s[1]);
    subj = json_array();
    json_array_append_new(subj, person(X_NAME, X_DOB, X_BSN));
    json_array_append_new(subj, person(OTHER_NAMES[1], "1986-02-02", O_BSN[1]));
    signal_case(&d, subj, false, &s[2]);
    /* A fourth case, about someone else, where the person is in the network and the family. */
    subj = json_array();
    json_array_append_new(subj, person(OTHER_NAMES[4], "1987-03-03", O_BSN[4]));
    signal_case(&d, subj, false, &s[3]);

    char p[160];
    /* Case 1: a care measure, a police measure, a network person (another) and a relation, a
     * relative (another) in family support, a transition. */
    measure(&d, s[0].case_id, "deradicalisering", ORG_VS, "Fictief traject inzagetest");
    measure(&d, s[0].case_id, "vermissing", demo_org_id(&S, "Politie eenheid Voorbeeld"),
            "GEHEIMPOLITIEMAATREGEL");
    int64_t o3 = net_person(&d, s[0].case_id, OTHER_NAMES[2], "1988-04-04", O_BSN[2]);
    /* The person's row in case 1 is its signal's first subject. */
    int64_t x1 = first_subject(s[0].id);
    relation(&d, s[0].case_id, x1, o3, "friend");
    family(&d, s[0].case_id, OTHER_NAMES[3], "1960-06-06");
    snprintf(p, sizeof(p), "/api/cases/%lld/transitions", (long long)s[1].case_id);
    json_decref(
        write_ok(&d, "POST", p,
                 json_pack("{s:s, s:s, s:s}", "to", "beeldvorming", "rationale",
                           "Fictieve onderbouwing inzagetest", "decided_by", "casusoverleg"),
                 "transition"));
    /* Case 4 (someone else's): the person in its network, a relation, and as relative. */
    /* An ambtsbericht about the person (the mayor records it): withheld, flagged for review. */
    struct sess bm;
    login_ok(&S, "burgemeester", &bm);
    char d3[11];
    srv_date(&S, -3, d3);
    json_t *amb =
        write_ok(&bm, "POST", "/api/signals",
                 json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}, s:{s:s, s:s, s:[I], s:b}}",
                           "municipality_id", (json_int_t)ORG_VS, "route", "ambtsbericht",
                           "subjects", person(X_NAME, X_DOB, X_BSN), "observed",
                           "GEHEIMAMBTSBERICHTTEKST", "acute", "danger", 0, "ambtsbericht",
                           "addressee", "Fictieve burgemeester", "received_date", d3, "readers",
                           (json_int_t)demo_id(&S, "voorzitter"), "nctv_consulted", 0),
                 "ambtsbericht");
    int64_t amb_id = jint(amb, "id");
    json_decref(amb);
    int64_t xn = net_person(&d, s[3].case_id, X_NAME, X_DOB, X_BSN);
    relation(&d, s[3].case_id, first_subject(s[3].id), xn, "sibling");
    family(&d, s[3].case_id, X_NAME, X_DOB);

    /* ---- bad input names the field and changes nothing ---- */
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    req(&d, "POST", "/api/inzage/search", json_object(), &r);
    expect_problem_field(&r, 400, "bsn", "search without anything");
    resp_free(&r);
    req(&d, "POST", "/api/inzage/search", json_pack("{s:s}", "bsn", "123456789"), &r);
    expect_problem_field(&r, 400, "bsn", "search with a BSN failing the elfproef");
    resp_free(&r);
    req(&d, "POST", "/api/inzage/search", json_pack("{s:s}", "name", X_NAME), &r);
    expect_problem_field(&r, 400, "birth_date", "search on a name without birth date");
    resp_free(&r);
    req(&d, "POST", "/api/inzage/search", json_pack("{s:s, s:s}", "bsn", X_BSN, "fuzzy", "ja"), &r);
    expect_problem_field(&r, 400, "fuzzy", "unknown member");
    resp_free(&r);
    req(&d, "POST", "/api/inzage", json_pack("{s:[]}", "person_ids"), &r);
    expect_problem_field(&r, 400, "person_ids", "no person confirmed");
    resp_free(&r);
    req(&d, "POST", "/api/inzage", json_pack("{s:[I]}", "person_ids", (json_int_t)4503599627370001),
        &r);
    expect_problem_field(&r, 400, "person_ids/0", "a person row that was not found");
    resp_free(&r);
    req(&d, "POST", "/api/inzage",
        json_pack("{s:[I], s:I}", "person_ids", (json_int_t)x1, "request_id",
                  (json_int_t)4503599627370003),
        &r);
    expect_problem_field(&r, 400, "request_id", "an unknown request");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused input changed the database");

    /* ---- who may: melder, partner, raadslid, beheerder, voorzitter never ---- */
    static const char *const refused[] = {"melder", "partner", "raadslid", "beheerder",
                                          "voorzitter"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        login_ok(&S, refused[i], &other);
        cr_expect_eq(st(&other, "POST", "/api/inzage/search", json_pack("{s:s}", "bsn", X_BSN)),
                     403, "%s searches", refused[i]);
        cr_expect_eq(st(&other, "GET", "/api/inzage", NULL), 403, "%s lists", refused[i]);
    }

    /* ---- search: exact BSN, exact name + birth date; the official confirms ---- */
    req(&d, "POST", "/api/inzage/search", json_pack("{s:s}", "bsn", X_BSN), &r);
    cr_assert_eq(r.status, 200, "search by BSN: %d", r.status);
    char rid[64];
    resp_request_id(&r, rid);
    json_t *by_bsn = json_incref(json_object_get(r.json, "items"));
    resp_free(&r);
    cr_expect_eq(json_array_size(by_bsn), 5,
                 "the BSN is on four signal subjects and one "
                 "network person: %zu",
                 json_array_size(by_bsn));
    json_t *recs = audit_records_for(&S, rid, NULL);
    bool searched = false;
    size_t ri;
    json_t *rec;
    json_array_foreach(recs, ri, rec)
    {
        json_t *at = json_object_get(rec, "attributes");
        searched = searched || (jstr(rec, "name") && strcmp(jstr(rec, "name"), "search") == 0 &&
                                jstr(at, "regie.purpose") &&
                                strcmp(jstr(at, "regie.purpose"), "inzageverzoek betrokkene") == 0);
    }
    cr_expect(searched, "the search is not in the access log with its purpose");
    json_decref(recs);
    req(&d, "POST", "/api/inzage/search",
        json_pack("{s:s, s:s}", "name", "inzagecanarie  xanthippe VERBEEK", "birth_date", X_DOB),
        &r);
    cr_assert_eq(r.status, 200, "search by name: %d", r.status);
    json_t *by_name = json_incref(json_object_get(r.json, "items"));
    resp_free(&r);
    cr_expect_eq(json_array_size(by_name), 6, "name + birth date also finds the relative: %zu",
                 json_array_size(by_name));
    req(&d, "POST", "/api/inzage/search",
        json_pack("{s:s, s:s}", "name", "Inzagecanarie Xanthipe Verbeek", "birth_date", X_DOB), &r);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 0,
                 "a misspelt name must not match (no fuzzy matching)");
    resp_free(&r);
    char *cand = json_dumps(by_name, 0);
    for (int i = 0; i < N_OTHERS; i++) {
        cr_expect(strstr(cand, OTHER_NAMES[i]) == NULL && strstr(cand, O_BSN[i]) == NULL,
                  "the candidate list shows another person");
    }
    free(cand);
    json_t *ids = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(by_name, i, it)
    {
        json_array_append_new(ids, json_integer(jint(it, "person_id")));
    }
    json_decref(by_bsn);
    json_decref(by_name);

    /* ---- the concept ---- */
    char *pids = json_dumps(ids, JSON_COMPACT);
    req(&d, "POST", "/api/inzage", json_pack("{s:O}", "person_ids", ids), &r);
    cr_assert_eq(r.status, 201, "create the concept: %d", r.status);
    int64_t xid = jint(r.json, "id");
    cr_expect(jstr(r.json, "status") && strcmp(jstr(r.json, "status"), "concept") == 0);
    resp_free(&r);
    json_decref(ids);
    char xp[96], xa[96], xd[96];
    snprintf(xp, sizeof(xp), "/api/inzage/%lld", (long long)xid);
    snprintf(xa, sizeof(xa), "/api/inzage/%lld/approve", (long long)xid);
    snprintf(xd, sizeof(xd), "/api/inzage/%lld/export.json", (long long)xid);
    cr_expect_eq(st(&d, "GET", xd, NULL), 409, "a concept is downloaded");

    /* ---- four eyes ---- */
    req(&d, "POST", xa, NULL, &r);
    cr_expect_eq(r.status, 409, "the creator approves the own export: %d", r.status);
    resp_free(&r);
    login_ok(&S, "dossierhouder2", &d2);
    cr_expect_eq(st(&d2, "POST", xa, NULL), 404, "another municipality approves");
    cr_expect_eq(st(&d2, "GET", xp, NULL), 404, "another municipality reads");
    login_ok(&S, "fg", &fg);
    cr_expect_eq(st(&fg, "POST", "/api/inzage/search", json_pack("{s:s}", "bsn", X_BSN)), 403,
                 "the FG searches");
    req(&fg, "POST", xa, NULL, &r);
    cr_assert_eq(r.status, 200, "the FG approves: %d", r.status);
    cr_expect(strcmp(jstr(r.json, "status"), "vrijgegeven") == 0, "not released");
    resp_free(&r);
    cr_expect_eq(st(&fg, "POST", xa, NULL), 409, "approved twice");
    /* Defence in depth: the database refuses to change a released export. */
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE inzage_export SET n_items = 0 WHERE id = %lld",
             (long long)xid);
    cr_expect(!db_try_exec(&S, sql), "a released export was changed in the database");

    /* ---- the released export ---- */
    req(&d, "GET", xd, NULL, &r);
    cr_assert_eq(r.status, 200, "download: %d", r.status);
    char cd[128];
    cr_expect(resp_header(&r, "Content-Disposition", cd, sizeof(cd)) &&
                  strncmp(cd, "attachment", 10) == 0,
              "the export is not an attachment");
    resp_request_id(&r, rid);
    json_t *exp = json_incref(r.json);
    char *body = strndup(r.body, r.body_len);
    resp_free(&r);
    cr_assert(json_is_object(exp), "the export is not JSON");
    req(&d, "GET", xp, NULL, &r);
    cr_assert_eq(r.status, 200, "view: %d", r.status);
    char *view = strndup(r.body, r.body_len);
    resp_free(&r);

    /* 0 identifiers of other people, in the export and in the view. */
    for (int k = 0; k < N_OTHERS; k++) {
        cr_expect(strstr(body, OTHER_NAMES[k]) == NULL, "another person's name in the export");
        cr_expect(strstr(body, O_BSN[k]) == NULL, "another person's BSN in the export");
        cr_expect(strstr(view, OTHER_NAMES[k]) == NULL, "another person's name in the view");
        cr_expect(strstr(view, O_BSN[k]) == NULL, "another person's BSN in the view");
    }
    cr_expect(strstr(body, X_NAME) != NULL && strstr(body, X_BSN) != NULL,
              "the person's own identifiers are missing");
    /* Police data withheld and flagged, its content absent. */
    cr_expect(strstr(body, "GEHEIMPOLITIEWOORD") == NULL, "police information exported");
    cr_expect(strstr(body, "GEHEIMPOLITIEMAATREGEL") == NULL, "police measure exported");
    cr_expect(strstr(body, "GEHEIMAMBTSBERICHTTEKST") == NULL, "ambtsbericht text exported");
    bool flagged = false;
    json_array_foreach(json_object_get(exp, "withheld"), i, it)
    {
        flagged = flagged || (jint(it, "id") == s[0].police_item &&
                              strcmp(jstr(it, "reason"), "politie") == 0 &&
                              json_is_true(json_object_get(it, "human_review")));
    }
    cr_expect(flagged, "the police item is not listed as withheld for review");
    bool amb_flagged = false;
    json_array_foreach(json_object_get(exp, "withheld"), i, it)
    {
        amb_flagged = amb_flagged || (jint(it, "id") == amb_id && jstr(it, "reason") &&
                                      strcmp(jstr(it, "reason"), "ambtsbericht") == 0);
    }
    cr_expect(amb_flagged, "the ambtsbericht is not listed as withheld for review");
    cr_expect(json_array_size(json_object_get(exp, "recipients")) > 0, "no recipients");

    /* ORACLE: 100% of the linked rows. */
    size_t checked = 0;
    for (size_t k = 0; k < sizeof(ORACLE) / sizeof(ORACLE[0]); k++)
        checked += expect_all(exp, ORACLE[k].table, ORACLE[k].sql, pids);
    cr_expect(checked > 40, "the oracle checked only %zu rows", checked);

    /* The download is in the access log: action export with the purpose, one per person row. */
    recs = audit_records_for(&S, rid, X_BSN);
    size_t n_export = 0;
    json_array_foreach(recs, ri, rec)
    {
        json_t *at = json_object_get(rec, "attributes");
        n_export += jstr(rec, "name") && strcmp(jstr(rec, "name"), "export") == 0 &&
                    strcmp(jstr(at, "regie.purpose"), "inzageverzoek betrokkene") == 0;
    }
    cr_expect(n_export >= 1, "the download is not in the access log");
    json_decref(recs);

    /* The list has no personal data. */
    req(&fg, "GET", "/api/inzage", NULL, &r);
    cr_expect_eq(r.status, 200);
    cr_expect(strstr(r.body, X_NAME) == NULL && id_in_resp(&r, xid), "the list");
    resp_free(&r);
    free(view);
    free(body);
    free(pids);
    json_decref(exp);
}
