/* test_readiness.c: the readiness dashboard (domain.md 6.1 P1-P7, issue 9) and the support
 * directory over real HTTP, against docs/preparedness.md and src/policy/policy.csv:
 *
 *  - the continuity warning appears for a municipality with one dossierhouder and no deputy
 *    (demo Proefdorp; Voorbeeldstad after its deputy is taken away) and disappears when a deputy
 *    is named (issue 9 acceptance);
 *  - regional mode counts as in order with the source named (demo Oefenveen: the ZVH's
 *    dossierhouder and a regional overleg);
 *  - another municipality's readiness is 404 for reads and writes; raadslid, partner and melder
 *    get 403; a voorzitter reads but may not change;
 *  - bad input is problem+json naming the field and changes nothing (DB fingerprint);
 *  - the COT mapping round-trips; documents count until withdrawn; a training is logged with
 *    its attendees as access-log subjects;
 *  - support directory: beheerder adds, edits and removes; a dossierhouder and a partner read;
 *    a partner cannot edit.
 * Every name is fictional; no response body is printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_PD, ORG_OV, ORG_POL, ORG_OM, ORG_ZVH;
static int64_t U_DH, U_DH2, U_PV, U_PA, U_OM;

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_PD = demo_org_id(&S, "Gemeente Proefdorp");
    ORG_OV = demo_org_id(&S, "Gemeente Oefenveen");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    ORG_OM = demo_org_id(&S, "OM arrondissement Voorbeeld");
    ORG_ZVH = demo_org_id(&S, "Zorg- en Veiligheidshuis Voorbeeld");
    cr_assert(ORG_VS > 0 && ORG_PD > 0 && ORG_OV > 0 && ORG_POL > 0 && ORG_OM > 0 && ORG_ZVH > 0,
              "demo organisations missing");
    U_DH = demo_id(&S, "dossierhouder");
    U_DH2 = demo_id(&S, "dossierhouder2");
    U_PV = demo_id(&S, "plaatsvervanger");
    U_PA = demo_id(&S, "partner");
    U_OM = demo_id(&S, "om");
    cr_assert(U_DH > 0 && U_DH2 > 0 && U_PV > 0 && U_PA > 0 && U_OM > 0, "demo accounts missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(readiness, .init = start, .fini = stop, .timeout = 300);

/* ---- helpers ------------------------------------------------------------------------------ */

static json_t *get_json(const struct sess *ss, const char *path, int want)
{
    struct resp r;
    int st = sess_json(&S, ss, "GET", path, NULL, &r);
    cr_assert_eq(st, want, "GET %s: %d", path, st);
    json_t *j = r.json ? json_incref(r.json) : NULL;
    resp_free(&r);
    return j;
}

static json_t *detail(const struct sess *ss, int64_t muni)
{
    char p[96];
    snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)muni);
    return get_json(ss, p, 200);
}

static const json_t *item(const json_t *d, const char *code)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(d, "items"), i, x)
    {
        if (strcmp(jstr(x, "code"), code) == 0)
            return x;
    }
    cr_assert_fail("item %s missing", code);
    return NULL;
}

static const char *status_of(const json_t *d, const char *code)
{
    return jstr(item(d, code), "status");
}

static bool warning(const json_t *d)
{
    return json_is_true(json_object_get(d, "continuity_warning"));
}

static int put_people(const struct sess *ss, int64_t muni, json_t *body)
{
    char p[96];
    snprintf(p, sizeof(p), "/api/readiness/%lld/people", (long long)muni);
    return sess_json_status(&S, ss, "PUT", p, body);
}

/* A request that must be refused with 400 naming field. */
static void bad(const struct sess *ss, const char *method, const char *path, json_t *body,
                const char *field)
{
    struct resp r;
    int st = sess_json(&S, ss, method, path, body, &r);
    cr_expect_eq(st, 400, "%s %s (%s): %d", method, path, field, st);
    cr_expect(resp_is_problem(&r), "%s %s: not problem+json", method, path);
    cr_expect(resp_names_field(&r, field), "%s %s: field %s not named", method, path, field);
    resp_free(&r);
}

static size_t count_recs(const json_t *recs, const char *name, const char *object_type)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        if ((name == NULL || (nm && strcmp(nm, name) == 0)) &&
            (object_type == NULL || (ot && strcmp(ot, object_type) == 0)))
            n++;
    }
    return n;
}

/* ---- tests -------------------------------------------------------------------------------- */

Test(readiness, continuity_warning_and_regional_mode)
{
    struct sess d2, d, b;
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "beheerder", &b);

    /* Proefdorp: one dossierhouder, no deputy. */
    json_t *pd = detail(&d2, ORG_PD);
    cr_expect(warning(pd), "Proefdorp: no continuity warning");
    cr_expect(json_is_string(json_object_get(pd, "continuity_text")));
    cr_expect_str_eq(status_of(pd, "P1"), "aandachtspunt");
    cr_expect_str_eq(status_of(pd, "P4"), "ontbreekt");
    cr_expect_str_eq(status_of(pd, "P5"), "aandachtspunt");
    cr_expect_str_eq(status_of(pd, "P7"), "ontbreekt");
    json_decref(pd);
    json_t *list = get_json(&d2, "/api/readiness", 200);
    cr_assert_eq(json_array_size(json_object_get(list, "items")), 1, "own municipality only");
    json_t *first = json_array_get(json_object_get(list, "items"), 0);
    cr_expect_eq(jint(json_object_get(first, "municipality"), "id"), ORG_PD);
    cr_expect(json_is_true(json_object_get(first, "continuity_warning")));
    cr_expect(!json_has_substring(list, "Dirk"), "the overview carries no names");
    json_decref(list);

    /* Voorbeeldstad: fully named; without a deputy the warning appears, with one it goes. */
    json_t *vs = detail(&d, ORG_VS);
    cr_expect(!warning(vs), "Voorbeeldstad: warning with a deputy named");
    cr_expect_str_eq(status_of(vs, "P1"), "in_orde");
    cr_expect_str_eq(status_of(vs, "P2"), "in_orde");
    cr_expect_str_eq(status_of(vs, "P4"), "in_orde");
    cr_expect_str_eq(status_of(vs, "P5"), "in_orde");
    cr_expect_str_eq(status_of(vs, "P6"), "in_orde");
    cr_expect_str_eq(status_of(vs, "P7"), "in_orde");
    json_decref(vs);
    cr_assert_eq(put_people(&d, ORG_VS, json_pack("{s:I}", "dossierhouder_id", (json_int_t)U_DH)),
                 200);
    vs = detail(&d, ORG_VS);
    cr_expect(warning(vs), "no deputy: no continuity warning");
    cr_expect_str_eq(status_of(vs, "P1"), "aandachtspunt");
    json_decref(vs);
    cr_assert_eq(put_people(&d, ORG_VS,
                            json_pack("{s:I, s:I}", "dossierhouder_id", (json_int_t)U_DH,
                                      "deputy_id", (json_int_t)U_PV)),
                 200);
    vs = detail(&d, ORG_VS);
    cr_expect(!warning(vs), "deputy named: the warning stays");
    cr_expect_str_eq(status_of(vs, "P1"), "in_orde");
    json_decref(vs);

    /* The counts equal those computed directly from the database. */
    vs = detail(&d, ORG_VS);
    char sql[512], today[11];
    srv_date(&S, 0, today);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM key_figure WHERE municipality_id = %lld AND ended_day IS NULL",
             (long long)ORG_VS);
    const json_t *kf = json_object_get(item(vs, "P3"), "key_figures");
    cr_expect_eq(jint(kf, "active"), db_int(&S, sql), "P3 active");
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM key_figure WHERE municipality_id = %lld AND ended_day IS NULL "
             "AND CASE WHEN coalesce(last_contact_day, 0) > consent_day "
             "THEN coalesce(last_contact_day, 0) ELSE consent_day END <= %lld",
             (long long)ORG_VS, (long long)(day_number(today) - jint(kf, "contact_days")));
    cr_expect_eq(jint(kf, "overdue"), db_int(&S, sql), "P3 overdue");
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM organisation WHERE region_id = (SELECT region_id FROM "
             "organisation WHERE id = %lld) AND kind != 'gemeente'",
             (long long)ORG_VS);
    const json_t *pa = json_object_get(item(vs, "P2"), "partners");
    cr_expect_eq(jint(pa, "total"), db_int(&S, sql), "P2 partners");
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM organisation WHERE region_id = (SELECT region_id FROM "
             "organisation WHERE id = %lld) AND kind != 'gemeente' AND instrument_status = "
             "'getekend' AND instrument != 'geen'",
             (long long)ORG_VS);
    cr_expect_eq(jint(pa, "signed"), db_int(&S, sql), "P2 signed partners");
    json_decref(vs);

    /* Oefenveen relies on the region: in order, with the source named. */
    json_t *ov = detail(&b, ORG_OV);
    cr_expect(!warning(ov), "regional dossierhouder: no warning");
    cr_expect_str_eq(status_of(ov, "P1"), "in_orde");
    cr_expect_str_eq(status_of(ov, "P4"), "in_orde");
    cr_expect_str_eq(status_of(ov, "P7"), "in_orde");
    cr_expect(jstr(item(ov, "P1"), "source") && strstr(jstr(item(ov, "P1"), "source"), "Regionaal"),
              "P1 source not named");
    cr_expect(jstr(item(ov, "P4"), "source") != NULL, "P4 source not named");
    json_decref(ov);

    /* A regional dossierhouder also lifts Proefdorp's warning (set by the beheerder). */
    cr_assert_eq(put_people(&b, ORG_PD,
                            json_pack("{s:I, s:I}", "dossierhouder_id", (json_int_t)U_DH2,
                                      "regional_org_id", (json_int_t)ORG_ZVH)),
                 200);
    pd = detail(&d2, ORG_PD);
    cr_expect(!warning(pd), "regional dossierhouder: warning stays");
    cr_expect_str_eq(status_of(pd, "P1"), "in_orde");
    json_decref(pd);

    /* The beheerder's overview: the three municipalities. */
    list = get_json(&b, "/api/readiness", 200);
    cr_expect_eq(json_array_size(json_object_get(list, "items")), 3);
    json_decref(list);

    /* The read of the detail is in the access log. */
    struct resp r;
    char p[96], rid[64];
    snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)ORG_VS);
    cr_assert_eq(sess_json(&S, &d, "GET", p, NULL, &r), 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect(count_recs(recs, "read", "readiness") >= 2, "detail read: one record per named user");
    json_decref(recs);
}

Test(readiness, other_municipality_404_and_roles_refused)
{
    struct sess d2, vz, bm, s;
    char p[128];
    login_ok(&S, "dossierhouder2", &d2);
    snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)ORG_VS);
    cr_expect_eq(sess_status(&S, &d2, "GET", p, NULL, NULL), 404);
    snprintf(p, sizeof(p), "/api/readiness/%lld/trainings", (long long)ORG_VS);
    cr_expect_eq(sess_status(&S, &d2, "GET", p, NULL, NULL), 404);
    cr_expect_eq(put_people(&d2, ORG_VS, json_pack("{s:I}", "dossierhouder_id", (json_int_t)U_DH2)),
                 404);
    snprintf(p, sizeof(p), "/api/readiness/%lld/documents", (long long)ORG_VS);
    cr_expect_eq(sess_json_status(&S, &d2, "POST", p,
                                  json_pack("{s:s, s:s}", "kind", "overig", "title", "x")),
                 404);
    snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)ORG_POL);
    cr_expect_eq(sess_status(&S, &d2, "GET", p, NULL, NULL), 404, "not a municipality");
    cr_expect_eq(sess_status(&S, &d2, "GET", "/api/readiness/999999999", NULL, NULL), 404);

    /* A document of another municipality cannot be withdrawn (404). */
    json_t *vsd = NULL;
    {
        struct sess d;
        login_ok(&S, "dossierhouder", &d);
        vsd = detail(&d, ORG_VS);
    }
    int64_t doc = jint(json_array_get(json_object_get(vsd, "documents"), 0), "id");
    json_decref(vsd);
    cr_assert(doc > 0);
    snprintf(p, sizeof(p), "/api/readiness/documents/%lld/withdraw", (long long)doc);
    cr_expect_eq(sess_status(&S, &d2, "POST", p, NULL, NULL), 404);

    static const char *const refused[] = {"raadslid", "partner", "melder"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        login_ok(&S, refused[i], &s);
        cr_expect_eq(sess_status(&S, &s, "GET", "/api/readiness", NULL, NULL), 403, "%s list",
                     refused[i]);
        snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)ORG_VS);
        cr_expect_eq(sess_status(&S, &s, "GET", p, NULL, NULL), 403, "%s read", refused[i]);
        cr_expect_eq(put_people(&s, ORG_VS, json_object()), 403, "%s update", refused[i]);
    }
    /* The chair reads the own municipality, but does not change it; so does the mayor. */
    login_ok(&S, "voorzitter", &vz);
    snprintf(p, sizeof(p), "/api/readiness/%lld", (long long)ORG_VS);
    cr_expect_eq(sess_status(&S, &vz, "GET", p, NULL, NULL), 200);
    cr_expect_eq(sess_status(&S, &vz, "GET", "/api/readiness", NULL, NULL), 200);
    cr_expect_eq(put_people(&vz, ORG_VS, json_object()), 403);
    login_ok(&S, "burgemeester", &bm);
    cr_expect_eq(sess_status(&S, &bm, "GET", p, NULL, NULL), 200);
}

Test(readiness, bad_input_names_the_field_and_changes_nothing)
{
    struct sess d;
    char pp[96], pd[96], pt[96], pc[96];
    unsigned char before[32], after[32];
    login_ok(&S, "dossierhouder", &d);
    snprintf(pp, sizeof(pp), "/api/readiness/%lld/people", (long long)ORG_VS);
    snprintf(pd, sizeof(pd), "/api/readiness/%lld/documents", (long long)ORG_VS);
    snprintf(pt, sizeof(pt), "/api/readiness/%lld/trainings", (long long)ORG_VS);
    snprintf(pc, sizeof(pc), "/api/readiness/%lld/cot", (long long)ORG_VS);
    db_fingerprint_skip(&S, VOLATILE, before);

    bad(&d, "PUT", pp, json_pack("{s:I}", "dossierhouder_id", (json_int_t)U_PA),
        "dossierhouder_id");
    bad(&d, "PUT", pp,
        json_pack("{s:I, s:I}", "dossierhouder_id", (json_int_t)U_DH, "deputy_id",
                  (json_int_t)U_DH2),
        "deputy_id");
    bad(&d, "PUT", pp,
        json_pack("{s:I, s:I}", "dossierhouder_id", (json_int_t)U_DH, "deputy_id",
                  (json_int_t)U_DH),
        "deputy_id");
    bad(&d, "PUT", pp, json_pack("{s:I}", "regional_org_id", (json_int_t)ORG_VS),
        "regional_org_id");
    bad(&d, "PUT", pp, json_pack("{s:I}", "regional_org_id", (json_int_t)ORG_POL),
        "regional_org_id");
    bad(&d, "PUT", pp, json_pack("{s:I}", "regional_body_id", (json_int_t)123456),
        "regional_body_id");
    bad(&d, "PUT", pp, json_pack("{s:s}", "dossierhouder_id", "Daan"), "dossierhouder_id");
    bad(&d, "PUT", pp, json_pack("{s:i}", "bogus", 1), "bogus");

    char longt[260];
    memset(longt, 'x', sizeof(longt) - 1);
    longt[sizeof(longt) - 1] = '\0';
    bad(&d, "POST", pd, json_pack("{s:s, s:s}", "kind", "roman", "title", "Fictief"), "kind");
    bad(&d, "POST", pd, json_pack("{s:s}", "kind", "lokale_scan"), "title");
    bad(&d, "POST", pd, json_pack("{s:s, s:s}", "kind", "lokale_scan", "title", longt), "title");
    bad(&d, "POST", pd,
        json_pack("{s:s, s:s, s:s}", "kind", "lokale_scan", "title", "Fictief", "decision_date",
                  "2999-01-01"),
        "decision_date");
    bad(&d, "POST", pd,
        json_pack("{s:s, s:s, s:s}", "kind", "lokale_scan", "title", "Fictief", "decision_date",
                  "2024-02-30"),
        "decision_date");

    bad(&d, "POST", pt,
        json_pack("{s:s, s:s, s:[]}", "date", "2024-13-01", "topic", "Fictief", "attendee_ids"),
        "date");
    bad(&d, "POST", pt,
        json_pack("{s:s, s:s, s:[]}", "date", "2024-03-01", "topic", "Fictief", "attendee_ids"),
        "attendee_ids");
    bad(&d, "POST", pt,
        json_pack("{s:s, s:s, s:[I]}", "date", "2024-03-01", "topic", "Fictief", "attendee_ids",
                  (json_int_t)987654321),
        "attendee_ids/0");
    bad(&d, "POST", pt,
        json_pack("{s:s, s:s, s:[I, I]}", "date", "2024-03-01", "topic", "Fictief", "attendee_ids",
                  (json_int_t)U_DH, (json_int_t)U_DH),
        "attendee_ids/1");
    bad(&d, "POST", pt,
        json_pack("{s:s, s:[I]}", "date", "2024-03-01", "attendee_ids", (json_int_t)U_DH), "topic");
    json_t *many = json_array();
    for (int i = 0; i < 101; i++)
        json_array_append_new(many, json_integer(U_DH));
    bad(&d, "POST", pt,
        json_pack("{s:s, s:s, s:o}", "date", "2024-03-01", "topic", "Fictief", "attendee_ids",
                  many),
        "attendee_ids");

    bad(&d, "PUT", pc, json_pack("{s:[{s:s}]}", "roles", "function", "vergaderen"),
        "roles/0/function");
    bad(&d, "PUT", pc,
        json_pack("{s:[{s:s, s:[I]}, {s:s, s:[I]}]}", "roles", "function", "melden", "org_ids",
                  (json_int_t)ORG_POL, "function", "melden", "org_ids", (json_int_t)ORG_OM),
        "roles/1/function");
    bad(&d, "PUT", pc,
        json_pack("{s:[{s:s, s:[i]}]}", "roles", "function", "melden", "org_ids", -1),
        "roles/0/org_ids/0");
    bad(&d, "PUT", pc,
        json_pack("{s:[{s:s, s:[], s:s}]}", "roles", "function", "melden", "org_ids", "note",
                  "Fictief"),
        "roles/0/note");
    bad(&d, "PUT", pc, json_pack("{s:s}", "roles", "alles"), "roles");

    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, sizeof(before)) == 0, "refused input changed the database");
}

static const json_t *cot_row(const json_t *d, const char *fn)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(d, "cot"), i, x)
    {
        if (strcmp(jstr(x, "function"), fn) == 0)
            return x;
    }
    return NULL;
}

Test(readiness, cot_roundtrip_documents_and_trainings)
{
    struct sess d2;
    char p[128];
    login_ok(&S, "dossierhouder2", &d2);
    static const char *const fns[] = {"agenderen", "voorkomen", "signaleren",
                                      "melden",    "duiden",    "informatie_aanvullen",
                                      "reageren"};
    json_t *roles = json_array();
    for (size_t i = 0; i < 7; i++)
        json_array_append_new(roles,
                              json_pack("{s:s, s:[I, I], s:s}", "function", fns[i], "org_ids",
                                        (json_int_t)ORG_PD, (json_int_t)(i % 2 ? ORG_POL : ORG_OM),
                                        "note", i == 4 ? "Fictieve afspraak" : ""));
    snprintf(p, sizeof(p), "/api/readiness/%lld/cot", (long long)ORG_PD);
    cr_assert_eq(sess_json_status(&S, &d2, "PUT", p, json_pack("{s:o}", "roles", roles)), 200);
    json_t *pd = detail(&d2, ORG_PD);
    cr_expect_str_eq(status_of(pd, "P5"), "in_orde");
    for (size_t i = 0; i < 7; i++) {
        const json_t *r = cot_row(pd, fns[i]);
        cr_assert_not_null(r, "%s missing", fns[i]);
        json_t *orgs = json_object_get(r, "orgs");
        cr_expect_eq(json_array_size(orgs), 2, "%s: orgs", fns[i]);
        cr_expect(json_has_int(orgs, ORG_PD) && json_has_int(orgs, i % 2 ? ORG_POL : ORG_OM));
        cr_expect(json_is_false(json_object_get(r, "open")));
    }
    cr_expect_str_eq(jstr(cot_row(pd, "duiden"), "note"), "Fictieve afspraak");
    cr_expect_str_eq(jstr(cot_row(pd, "reageren"), "label"), "Reageren en interveniëren");
    json_decref(pd);
    cr_assert_eq(sess_json_status(&S, &d2, "PUT", p,
                                  json_pack("{s:[{s:s, s:[I]}]}", "roles", "function", "melden",
                                            "org_ids", (json_int_t)ORG_POL)),
                 200);
    pd = detail(&d2, ORG_PD);
    cr_expect_str_eq(status_of(pd, "P5"), "aandachtspunt");
    cr_expect_eq(json_array_size(json_object_get(item(pd, "P5"), "open")), 6);
    cr_expect(json_is_true(json_object_get(cot_row(pd, "duiden"), "open")));
    json_decref(pd);

    /* A policy strategy counts once adopted, until withdrawn. */
    snprintf(p, sizeof(p), "/api/readiness/%lld/documents", (long long)ORG_PD);
    struct resp r;
    cr_assert_eq(sess_json(&S, &d2, "POST", p,
                           json_pack("{s:s, s:s, s:s}", "kind", "beleidsstrategie", "title",
                                     "Fictieve strategie", "decision_date", "2025-01-15"),
                           &r),
                 201);
    int64_t doc = jint(r.json, "created_id");
    resp_free(&r);
    pd = detail(&d2, ORG_PD);
    cr_expect(json_has_substring(item(pd, "P2"), "Beleidsstrategie: vastgesteld"));
    json_decref(pd);
    snprintf(p, sizeof(p), "/api/readiness/documents/%lld/withdraw", (long long)doc);
    cr_expect_eq(sess_status(&S, &d2, "POST", p, NULL, NULL), 200);
    cr_expect_eq(sess_status(&S, &d2, "POST", p, NULL, NULL), 409, "withdrawn twice");
    pd = detail(&d2, ORG_PD);
    cr_expect(json_has_substring(item(pd, "P2"), "Beleidsstrategie: ontbreekt"));
    json_decref(pd);

    /* A training: attendees are subjects of the access-log records; the log lists them. */
    snprintf(p, sizeof(p), "/api/readiness/%lld/trainings", (long long)ORG_PD);
    char today[11];
    srv_date(&S, 0, today);
    cr_assert_eq(
        sess_json(&S, &d2, "POST", p,
                  json_pack("{s:s, s:s, s:s, s:[I, I, I]}", "date", today, "topic",
                            "Fictieve training", "provider", "Fictief instituut", "attendee_ids",
                            (json_int_t)U_DH2, (json_int_t)U_PA, (json_int_t)U_OM),
                  &r),
        201);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_recs(recs, "create", "training"), 3, "one record per attendee");
    json_decref(recs);
    json_t *trs = get_json(&d2, p, 200);
    json_t *first = json_array_get(json_object_get(trs, "items"), 0);
    cr_expect_str_eq(jstr(first, "topic"), "Fictieve training");
    cr_expect_eq(json_array_size(json_object_get(first, "attendees")), 3);
    json_decref(trs);
    pd = detail(&d2, ORG_PD);
    cr_expect(json_is_true(json_object_get(json_object_get(item(pd, "P2"), "training"), "recent")));
    cr_expect(!json_has_key(json_object_get(pd, "trainings"), "attendees"),
              "the dashboard carries no attendee names");
    json_decref(pd);
}

static int64_t support_count(const struct sess *ss)
{
    json_t *j = get_json(ss, "/api/support", 200);
    int64_t n = (int64_t)json_array_size(json_object_get(j, "items"));
    json_decref(j);
    return n;
}

Test(readiness, support_directory)
{
    struct sess b, d, pa, s;
    login_ok(&S, "beheerder", &b);
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    cr_expect_eq(support_count(&d), 9, "the factsheet's support points");
    json_t *j = get_json(&pa, "/api/support", 200);
    cr_expect(json_is_false(json_object_get(j, "can_edit")));
    int64_t first = jint(json_array_get(json_object_get(j, "items"), 0), "id");
    json_decref(j);
    j = get_json(&b, "/api/support", 200);
    cr_expect(json_is_true(json_object_get(j, "can_edit")));
    json_decref(j);

    char p[96];
    snprintf(p, sizeof(p), "/api/support/%lld", (long long)first);
    cr_expect_eq(
        sess_json_status(&S, &pa, "POST", "/api/support", json_pack("{s:s}", "name", "Fictief")),
        403);
    cr_expect_eq(sess_json_status(&S, &pa, "PATCH", p, json_pack("{s:s}", "name", "Fictief")), 403);
    cr_expect_eq(sess_status(&S, &pa, "DELETE", p, NULL, NULL), 403);
    cr_expect_eq(
        sess_json_status(&S, &d, "POST", "/api/support", json_pack("{s:s}", "name", "Fictief")),
        403);
    login_ok(&S, "raadslid", &s);
    cr_expect_eq(sess_status(&S, &s, "GET", "/api/support", NULL, NULL), 403);
    login_ok(&S, "melder", &s);
    cr_expect_eq(sess_status(&S, &s, "GET", "/api/support", NULL, NULL), 403);

    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    bad(&b, "POST", "/api/support",
        json_pack("{s:s, s:s}", "name", "Fictief", "url", "http://onveilig.example"), "url");
    bad(&b, "POST", "/api/support",
        json_pack("{s:s, s:s}", "name", "Fictief", "url", "javascript:alert(1)"), "url");
    bad(&b, "POST", "/api/support", json_pack("{s:s}", "description", "zonder naam"), "name");
    bad(&b, "POST", "/api/support", json_pack("{s:s, s:i}", "name", "Fictief", "sort", -1), "sort");
    bad(&b, "PATCH", p, json_pack("{s:s}", "url", "ftp://x"), "url");
    bad(&b, "PATCH", p, json_object(), "name");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, sizeof(before)) == 0, "refused input changed the database");

    struct resp r;
    cr_assert_eq(sess_json(&S, &b, "POST", "/api/support",
                           json_pack("{s:s, s:s, s:s, s:s, s:i}", "name", "Fictief steunpunt",
                                     "description", "Voor de test.", "contact", "(000) 000 00 00",
                                     "url", "https://steunpunt.example", "sort", 95),
                           &r),
                 201);
    int64_t id = jint(r.json, "id");
    resp_free(&r);
    cr_expect_eq(support_count(&d), 10);
    cr_expect_eq(sess_json_status(&S, &b, "POST", "/api/support",
                                  json_pack("{s:s}", "name", "Fictief steunpunt")),
                 409, "same name twice");
    snprintf(p, sizeof(p), "/api/support/%lld", (long long)id);
    cr_expect_eq(sess_json_status(&S, &b, "PATCH", p,
                                  json_pack("{s:s}", "contact", "info@steunpunt.example")),
                 200);
    j = get_json(&d, "/api/support", 200);
    cr_expect(json_has_substring(j, "info@steunpunt.example"), "edit not visible");
    json_decref(j);
    cr_expect_eq(sess_status(&S, &b, "DELETE", p, NULL, NULL), 200);
    cr_expect_eq(sess_status(&S, &b, "DELETE", p, NULL, NULL), 404);
    cr_expect_eq(support_count(&d), 9);
}
