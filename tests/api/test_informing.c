/* test_informing.c: informing the person (docs/informing.md; domain.md REQ-PRIV-09/10), from
 * the outside:
 *  - the admission creates an open informing record per subject, due admission +
 *    informing_due_days, and the I1 task on the case (and so in the casusregisseur's work list);
 *  - recording "informed" closes the item and the task; the history keeps both versions and
 *    the database refuses to change a decision;
 *  - a deferral needs a reason from the list, an explanation for "overig", OM consultation for
 *    "opsporing of vervolging", and a re-assessment date in the future within the maximum;
 *  - an open item past its due date and a deferral past its re-assessment date are overdue
 *    (clock hook; skipped in a release build);
 *  - network persons (relatives) get the same records (network_person_id);
 *  - another municipality's dossierhouder and a partner without participation get 404; a
 *    participating partner reads but may not record (403); bad input names the field and
 *    changes nothing;
 *  - every read and write leaves access-log records about the person concerned.
 * Every person in here is fictional; no response body is printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};
static int64_t ORG_VS, ORG_POL, U_DH;

static void start_with(bool clock)
{
    struct srv_opts o = {.demo = true, .clock = clock};
    srv_start_opts(&S, &o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    U_DH = demo_id(&S, "dossierhouder");
    cr_assert(ORG_VS > 0 && ORG_POL > 0 && U_DH > 0, "demo data missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(informing, .fini = stop, .timeout = 300);

/* ---- helpers ------------------------------------------------------------------------------- */

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
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

#define IP(buf, cid) snprintf(buf, sizeof(buf), "/api/cases/%lld/informing", (long long)(cid))

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s, s:s*, s:s}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A case of Voorbeeldstad about one fictional person, admitted by the dossierhouder d (who is
 * also the casusregisseur). Returns the case id. */
static int64_t admit(const struct sess *d, uint32_t seed, const char *name, const char *dob)
{
    char bsn[10], today[11], next_week[11], p[128];
    bsn_make(seed, bsn);
    srv_date(&S, 0, today);
    srv_date(&S, 7, next_week);
    json_t *b = json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                          "route", "professional", "subjects", person(name, dob, bsn), "observed",
                          "Fictieve waarneming", "acute", "danger", 0);
    struct resp r;
    cr_assert_eq(req(d, "POST", "/api/signals", b, &r), 201, "POST signal");
    int64_t sig = jint(r.json, "id");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)sig);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++)
        st(d, "POST", p, json_pack("{s:s}", "state", steps[i]));
    json_t *opts = get_ok(d, "/api/signal-options");
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(opts, "criteria"), i, c)
    {
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s}", "code", jstr(c, "code"),
                                              "assessment", "ja", "note", "Fictief"));
    }
    json_decref(opts);
    json_t *w = json_pack(
        "{s:s, s:b, s:[{s:I, s:s, s:s}], s:o, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}", "decided_on",
        today, "in_meeting", 1, "attendees", "org_id", (json_int_t)ORG_VS, "name",
        "Fictieve Deelnemer", "function", "Fictief", "criteria", crit, "rationale",
        "Fictieve onderbouwing", "proportionality", "Fictief", "subsidiarity", "Fictief",
        "decision_rule", "unaniem", "outcome", "opname_pga", "admission", "casusregisseur_id",
        (json_int_t)U_DH, "first_overleg_date", next_week);
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)sig);
    cr_assert_eq(req(d, "POST", p, w, &r), 201, "weighing opname_pga");
    json_t *wj = json_object_get(r.json, "weighing");
    int64_t cid = jint(wj ? wj : r.json, "case_id");
    if (cid <= 0)
        cid = jint(r.json, "case_id");
    resp_free(&r);
    cr_assert(cid > 0, "no case id");
    return cid;
}

/* The item of the informing view v with kind "subject" (first) or this network_person_id. */
static json_t *item(const json_t *v, int64_t np)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(v, "items"), i, it)
    {
        if (np == 0 && jstr(it, "kind") && strcmp(jstr(it, "kind"), "subject") == 0)
            return it;
        if (np != 0 && jint(it, "network_person_id") == np)
            return it;
    }
    return NULL;
}

static bool str_is(const json_t *j, const char *key, const char *want)
{
    const char *s = jstr(j, key);
    return s && strcmp(s, want) == 0;
}

/* The I1 task of the case overview (the open one, else any). */
static json_t *task_i1(const json_t *c)
{
    size_t i;
    json_t *t, *any = NULL;
    json_array_foreach(json_object_get(c, "tasks"), i, t)
    {
        if (!str_is(t, "code", "I1"))
            continue;
        if (str_is(t, "state", "open"))
            return t;
        any = t;
    }
    return any;
}

static json_t *informed_body(const char *date, const char *how)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "informed",
                     "informed_date", date, "how", how, "note", "Fictief gesprek op kantoor");
}

static json_t *deferred_body(const char *reason, const char *reassess)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "deferred",
                     "reason", reason, "reassess_date", reassess, "explanation",
                     "Fictieve toelichting");
}

static int64_t rows(const char *fmt, int64_t id)
{
    char sql[256];
    snprintf(sql, sizeof(sql), fmt, (long long)id);
    return db_int(&S, sql);
}

/* Records of recs with this action name and object type "informing". */
static size_t count_inf(const json_t *recs, const char *action)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        if (str_is(it, "name", action) && str_is(at, "regie.object_type", "informing") &&
            str_is(at, "dpl.core.data_subject_id_type", "person") &&
            jstr(at, "dpl.core.data_subject_id") != NULL)
            n++;
    }
    return n;
}

/* ---- tests --------------------------------------------------------------------------------- */

Test(informing, admission_creates_the_due_item_and_informed_closes_it)
{
    start_with(false);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = admit(&d, 101, "Fictieve Informeer Een", "1990-03-04");
    char p[96], cp[96], due[11], today[11];
    IP(p, cid);
    snprintf(cp, sizeof(cp), "/api/cases/%lld", (long long)cid);
    srv_date(&S, 28, due);
    srv_date(&S, 0, today);

    json_t *v = get_ok(&d, p);
    json_t *it = item(v, 0);
    cr_assert_not_null(it, "no subject item");
    cr_expect(str_is(it, "status", "open"), "a new case: status open");
    cr_expect(str_is(it, "due_date", due), "due = admission + 28 days");
    cr_expect(json_is_false(json_object_get(it, "overdue")));
    cr_expect(str_is(it, "name", "Fictieve Informeer Een"));
    cr_expect_eq(json_array_size(json_object_get(it, "history")), 1, "one open record");
    cr_expect(json_is_true(json_object_get(json_object_get(v, "can"), "record")));
    cr_expect_eq(json_array_size(json_object_get(v, "reasons")), 5);
    json_decref(v);

    json_t *c = get_ok(&d, cp);
    json_t *t = task_i1(c);
    cr_assert_not_null(t, "no I1 task on the case");
    cr_expect(str_is(t, "state", "open"));
    cr_expect(str_is(t, "due_date", due));
    int64_t tid = jint(t, "id");
    json_decref(c);
    json_t *wl = sess_list_all(&S, &d, "/api/worklist?per_page=100");
    cr_expect(json_has_int(wl, tid), "I1 not in the work list");
    json_decref(wl);

    struct resp r;
    cr_assert_eq(req(&d, "POST", p, informed_body(today, "mondeling"), &r), 201, "informed");
    cr_expect_eq(jint(r.json, "version"), 2);
    resp_free(&r);
    v = get_ok(&d, p);
    it = item(v, 0);
    cr_expect(str_is(it, "status", "informed"));
    json_t *cur = json_object_get(it, "current");
    cr_expect(str_is(cur, "how", "mondeling"));
    cr_expect(str_is(cur, "informed_date", today));
    cr_expect_eq(jint(json_object_get(cur, "informed_by"), "id"), U_DH, "by: the recorder");
    cr_expect(str_is(cur, "note", "Fictief gesprek op kantoor"));
    cr_expect_eq(json_array_size(json_object_get(it, "history")), 2, "history keeps both");
    json_decref(v);
    c = get_ok(&d, cp);
    t = task_i1(c);
    cr_expect(t && str_is(t, "state", "done"), "I1 done after informing");
    json_decref(c);

    /* A decision cannot be changed in the database; a correction is a new version. */
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE informing_record SET how = 'brief' WHERE case_id = %lld",
             (long long)cid);
    cr_expect_not(db_try_exec(&S, sql), "an informing decision was updated");
    cr_expect_eq(rows("SELECT count(*) FROM informing_record WHERE case_id = %lld", cid), 2);
    /* Nothing readable in clear: the note is sealed. */
    cr_expect_eq(db_rows_containing(&S, "SELECT doc_ct FROM informing_record", "Fictief gesprek"),
                 0);
}

Test(informing, deferral_needs_reason_and_a_future_reassessment_date)
{
    start_with(false);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = admit(&d, 202, "Fictieve Uitstel Twee", "1991-05-06");
    char p[96], cp[96], today[11], past[11], later[11], too_far[11], max[11];
    IP(p, cid);
    snprintf(cp, sizeof(cp), "/api/cases/%lld", (long long)cid);
    srv_date(&S, 0, today);
    srv_date(&S, -1, past);
    srv_date(&S, 30, later);
    srv_date(&S, 183, too_far);
    srv_date(&S, 182, max);
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);

    struct {
        json_t *body;
        const char *field;
    } bad[] = {
        {json_pack("{s:s, s:s, s:s}", "person", "subject", "outcome", "deferred", "reassess_date",
                   later),
         "reason"},
        {deferred_body("zou_preventie_schaden", today), "reassess_date"},
        {deferred_body("zou_preventie_schaden", past), "reassess_date"},
        {deferred_body("zou_preventie_schaden", too_far), "reassess_date"},
        {json_pack("{s:s, s:s, s:s}", "person", "subject", "outcome", "deferred", "reason",
                   "zou_preventie_schaden"),
         "reassess_date"},
        {deferred_body("omdat_het_kan", later), "reason"},
        {json_pack("{s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "deferred", "reason",
                   "overig", "reassess_date", later),
         "explanation"},
        {deferred_body("zou_opsporing_of_vervolging_schaden", later), "om_consulted"},
        {json_pack("{s:s, s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "deferred",
                   "reason", "persoon_onbereikbaar", "reassess_date", later, "how", "brief"),
         "how"},
        {json_pack("{s:s, s:s, s:s}", "person", "subject", "outcome", "informed", "how",
                   "mondeling"),
         "informed_date"},
        {informed_body(later, "mondeling"), "informed_date"},
        {informed_body(today, "rooksignaal"), "how"},
        {informed_body(today, "via_ouders_voogd"), "how"}, /* an adult */
        {json_pack("{s:s, s:s}", "person", "subject", "outcome", "vergeten"), "outcome"},
        {json_pack("{s:s, s:s, s:s}", "outcome", "informed", "informed_date", today, "how",
                   "brief"),
         "person"},
        {json_pack("{s:I, s:s, s:s, s:s}", "network_person_id", (json_int_t)999999, "outcome",
                   "informed", "informed_date", today, "how", "brief"),
         "network_person_id"},
        {json_pack("{s:s, s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "informed",
                   "informed_date", today, "how", "brief", "extra", "x"),
         "extra"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        int s = req(&d, "POST", p, bad[i].body, &r);
        cr_expect_eq(s, 400, "bad input %zu: status %d", i, s);
        cr_expect(resp_is_problem(&r), "bad input %zu: not problem+json", i);
        cr_expect(resp_names_field(&r, bad[i].field), "bad input %zu: does not name %s", i,
                  bad[i].field);
        resp_free(&r);
    }
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "bad input changed the database");

    /* The maximum itself is fine; a deferral keeps the item (and I1) open until that date. */
    json_t *ok = deferred_body("zou_opsporing_of_vervolging_schaden", max);
    json_object_set_new(ok, "om_consulted", json_true());
    cr_expect_eq(st(&d, "POST", p, ok), 201);
    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:s, s:s, s:s, s:s}", "person", "subject", "outcome", "deferred",
                              "reason", "veiligheid_van_derden", "reassess_date", later)),
                 201, "explanation is optional outside overig");
    json_t *v = get_ok(&d, p);
    json_t *it = item(v, 0);
    cr_expect(str_is(it, "status", "deferred"));
    cr_expect(str_is(it, "due_date", later), "deferred until the re-assessment date");
    cr_expect(json_is_false(json_object_get(it, "overdue")));
    cr_expect(str_is(json_object_get(it, "current"), "reason", "veiligheid_van_derden"));
    cr_expect_eq(json_array_size(json_object_get(it, "history")), 3);
    json_decref(v);
    json_t *c = get_ok(&d, cp);
    json_t *t = task_i1(c);
    cr_expect(t && str_is(t, "state", "open") && str_is(t, "due_date", later),
              "I1 open until the re-assessment");
    json_decref(c);
}

Test(informing, overdue_after_the_due_date_and_after_the_reassessment_date)
{
    REQUIRE_TEST_HOOKS();
    start_with(true);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t a = admit(&d, 303, "Fictieve Open Drie", "1989-01-02");
    int64_t b = admit(&d, 304, "Fictieve Uitstel Vier", "1988-02-03");
    char pa[96], pb[96], in10[11];
    IP(pa, a);
    IP(pb, b);
    srv_date(&S, 10, in10);
    cr_assert_eq(st(&d, "POST", pb, deferred_body("persoon_onbereikbaar", in10)), 201);

    srv_clock_set(&S, (int64_t)11 * 86400000); /* past the re-assessment, before the due date */
    login_ok(&S, "dossierhouder", &d);
    json_t *v = get_ok(&d, pb);
    cr_expect(json_is_true(json_object_get(item(v, 0), "overdue")), "deferral past re-assessment");
    json_decref(v);
    v = get_ok(&d, pa);
    cr_expect(json_is_false(json_object_get(item(v, 0), "overdue")), "open, not yet due");
    json_decref(v);

    srv_clock_set(&S, (int64_t)29 * 86400000); /* past the due date */
    login_ok(&S, "dossierhouder", &d);
    v = get_ok(&d, pa);
    cr_expect(str_is(item(v, 0), "status", "open"));
    cr_expect(json_is_true(json_object_get(item(v, 0), "overdue")), "open past its due date");
    json_decref(v);
}

Test(informing, network_persons_get_the_same_records)
{
    start_with(false);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = admit(&d, 404, "Fictieve Netwerk Vijf", "1992-07-08");
    char p[96], np[96], today[11], later[11];
    IP(p, cid);
    snprintf(np, sizeof(np), "/api/cases/%lld/network/persons", (long long)cid);
    srv_date(&S, 0, today);
    srv_date(&S, 60, later);
    cr_assert_eq(
        st(&d, "POST", np,
           json_pack("{s:s, s:s}", "name", "Fictieve Moeder Vijf", "birth_date", "1965-01-01")),
        201, "network person");
    cr_assert_eq(
        st(&d, "POST", np,
           json_pack("{s:s, s:s}", "name", "Fictief Broertje Vijf", "birth_date", "2015-01-01")),
        201, "network person (a minor)");
    json_t *v = get_ok(&d, p);
    cr_assert_eq(json_array_size(json_object_get(v, "items")), 3, "subject + two relatives");
    int64_t mother = 0, brother = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(v, "items"), i, it)
    {
        if (str_is(it, "name", "Fictieve Moeder Vijf"))
            mother = jint(it, "network_person_id");
        if (str_is(it, "name", "Fictief Broertje Vijf"))
            brother = jint(it, "network_person_id");
        if (str_is(it, "kind", "network"))
            cr_expect(str_is(it, "status", "open"), "a relative starts open");
    }
    json_decref(v);
    cr_assert(mother > 0 && brother > 0, "relatives without network_person_id");

    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s, s:s, s:s, s:s}", "network_person_id", (json_int_t)mother,
                              "outcome", "deferred", "reason", "zou_preventie_schaden",
                              "reassess_date", later, "explanation", "Fictief")),
                 201);
    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s, s:s, s:s}", "person", (json_int_t)brother, "outcome",
                              "informed", "informed_date", today, "how", "via_ouders_voogd")),
                 201, "a minor via the parents");
    v = get_ok(&d, p);
    cr_expect(str_is(item(v, mother), "status", "deferred"));
    cr_expect(str_is(item(v, brother), "status", "informed"));
    cr_expect(str_is(item(v, 0), "status", "open"), "the subject is still open");
    json_decref(v);
}

Test(informing, other_municipality_and_partner_without_participation_get_404)
{
    start_with(false);
    struct sess d, d2, pa, vz, ml;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = admit(&d, 505, "Fictieve Toegang Zes", "1993-09-10");
    char p[96], pp[96], today[11];
    IP(p, cid);
    snprintf(pp, sizeof(pp), "/api/cases/%lld/participants", (long long)cid);
    srv_date(&S, 0, today);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "melder", &ml);
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    struct resp r;
    cr_expect_eq(req(&d2, "GET", p, NULL, &r), 404, "other municipality reads");
    cr_expect(r.body == NULL || strstr(r.body, "Fictieve Toegang") == NULL);
    resp_free(&r);
    cr_expect_eq(st(&d2, "POST", p, informed_body(today, "brief")), 404,
                 "other municipality records");
    cr_expect_eq(st(&pa, "GET", p, NULL), 404, "partner without participation");
    cr_expect_eq(st(&pa, "POST", p, informed_body(today, "brief")), 403, "a partner never records");
    cr_expect_eq(st(&d, "GET", "/api/cases/999999/informing", NULL), 404, "no such case");
    cr_expect_eq(st(&ml, "GET", p, NULL), 403, "melder");
    cr_expect_eq(st(&vz, "POST", p, informed_body(today, "brief")), 403, "voorzitter records");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused request changed the database");
    cr_expect_eq(st(&vz, "GET", p, NULL), 200, "voorzitter reads");

    cr_assert_eq(st(&d, "POST", pp,
                    json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)ORG_POL, "kind", "invited",
                              "reason", "Fictieve reden")),
                 201, "participation");
    json_t *v = get_ok(&pa, p);
    cr_expect(json_is_false(json_object_get(json_object_get(v, "can"), "record")));
    json_decref(v);
}

Test(informing, access_log_records_name_the_person)
{
    start_with(false);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = admit(&d, 606, "Fictieve Logboek Zeven", "1994-11-12");
    char p[96], rid[64], today[11];
    IP(p, cid);
    srv_date(&S, 0, today);
    struct resp r;
    cr_assert_eq(req(&d, "GET", p, NULL, &r), 200);
    size_t n = json_array_size(json_object_get(r.json, "items"));
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_inf(recs, "read"), n, "one read record per person");
    json_decref(recs);

    cr_assert_eq(req(&d, "POST", p, informed_body(today, "brief"), &r), 201);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_inf(recs, "create"), 1, "one create record about the person");
    size_t i;
    json_t *it;
    json_array_foreach(recs, i, it)
    {
        const char *pa = jstr(json_object_get(it, "attributes"), "dpl.core.processing_activity_id");
        if (str_is(json_object_get(it, "attributes"), "regie.object_type", "informing"))
            cr_expect(pa && strcmp(pa, "regie:verwerking/informeren-betrokkene") == 0,
                      "processing activity");
    }
    json_decref(recs);
}
