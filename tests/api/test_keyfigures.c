/* test_keyfigures.c: the key-figure register (issue 9 item 3) over real HTTP, against the
 * contract in docs/keyfigures.md and the policy table src/policy/policy.csv.
 *
 *  - consent is required (date and how it was given) and a consent or contact date in the future
 *    is refused; refused input names the field (problem+json) and changes nothing;
 *  - the register refuses unknown members, so nobody can attach a case ("case_id");
 *  - "contact gewenst" follows keyfigure_contact_days (set to 30 here; default 90), overdue key
 *    figures come first, and the summary count equals what the database says;
 *  - logging a contact raises the last contact date (an older contact does not lower it);
 *  - ending takes a key figure off the active list and freezes it (409); destroying it deletes
 *    its rows and destroys its data key; only the dossierhouder may destroy;
 *  - another municipality's key figure is 404; partner, melder, raadslid, fg, beheerder and
 *    voorzitter are refused (403);
 *  - every key figure listed or read is one access-log record (subject type key_figure, the
 *    register's processing activity), every write one record; no contact name reaches the
 *    operational log.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void start(const char *days)
{
    char env[64];
    snprintf(env, sizeof(env), "REGIE_KEYFIGURE_CONTACT_DAYS=%s", days ? days : "90");
    const char *envs[] = {env, NULL};
    struct srv_opts o = {.demo = true, .env = envs};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(keyfigures, .fini = stop, .timeout = 300);

/* ---- helpers ---------------------------------------------------------------------------------- */

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

/* A valid new key figure, consent days_ago days ago. */
static json_t *fig(const char *level, const char *org, int days_ago)
{
    char d[11];
    srv_date(&S, -days_ago, d);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "level", level, "consent_date", d,
                     "organisation", org, "role", "Voorzitter", "contact_name",
                     "Testpersoon Fictief (test)", "consent_note",
                     "Mondeling gegeven op het spreekuur, vastgelegd in het verslag.");
}

static int64_t create_ok(const struct sess *ss, json_t *body)
{
    struct resp r;
    int s = req(ss, "POST", "/api/key-figures", body, &r);
    cr_assert_eq(s, 201, "create: %d", s);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0, "create: no id");
    resp_free(&r);
    return id;
}

static json_t *item_of(const json_t *list, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(list, "items"), i, it)
    {
        if (jint(it, "id") == id)
            return it;
    }
    return NULL;
}

static int64_t rows(const char *table_sql)
{
    return db_int(&S, table_sql);
}

/* ---- tests ------------------------------------------------------------------------------------ */

Test(keyfigures, consent_required_and_bad_input_changes_nothing)
{
    start(NULL);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;

    json_t *b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_del(b, "consent_date");
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "consent_date", "no consent date");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_del(b, "consent_note");
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "consent_note", "no consent note");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", -1);
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "consent_date", "consent in the future");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_set_new(b, "case_id", json_integer(1));
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "case_id", "case id attached");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_set_new(b, "birth_date", json_string("1970-01-01"));
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "birth_date", "birth date is not minimal data");
    resp_free(&r);

    char longname[202];
    memset(longname, 'a', 201);
    longname[201] = '\0';
    b = fig("ambtelijk", longname, 10);
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "organisation", "organisation too long");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_set_new(b, "email", json_string("geen-adres"));
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "email", "bad e-mail");
    resp_free(&r);

    b = fig("ambtelijk", "Buurthuis Test", 10);
    json_object_set_new(b, "phone", json_string("bel mij"));
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "phone", "bad phone");
    resp_free(&r);

    b = fig("kerkelijk", "Buurthuis Test", 10);
    req(&d, "POST", "/api/key-figures", b, &r);
    expect_problem_field(&r, 400, "level", "unknown level");
    resp_free(&r);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "refused input changed the database");

    /* Accepted, then the same rules on PATCH and on a contact. */
    int64_t id = create_ok(&d, fig("ambtelijk", "Buurthuis Test", 10));
    char p[96], pc[112];
    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    snprintf(pc, sizeof(pc), "%s/contacts", p);
    db_fingerprint_skip(&S, VOLATILE, fb);
    req(&d, "PATCH", p, json_pack("{s:i}", "case_id", 7), &r);
    expect_problem_field(&r, 400, "case_id", "PATCH case id");
    resp_free(&r);
    req(&d, "PATCH", p, json_pack("{s:s}", "consent_note", ""), &r);
    expect_problem_field(&r, 400, "consent_note", "PATCH clears consent");
    resp_free(&r);
    cr_expect_eq(st(&d, "PATCH", p, json_object()), 400, "empty PATCH");
    char fut[11], before[11];
    srv_date(&S, 1, fut);
    srv_date(&S, -11, before);
    req(&d, "POST", pc, json_pack("{s:s, s:s}", "date", fut, "topic", "Gesprek"), &r);
    expect_problem_field(&r, 400, "date", "contact in the future");
    resp_free(&r);
    req(&d, "POST", pc, json_pack("{s:s, s:s}", "date", before, "topic", "Gesprek"), &r);
    expect_problem_field(&r, 400, "date", "contact before consent");
    resp_free(&r);
    req(&d, "POST", pc, json_pack("{s:s}", "date", before), &r);
    expect_problem_field(&r, 400, "topic", "contact without topic");
    resp_free(&r);
    req(&d, "POST", pc, json_pack("{s:s, s:s, s:i}", "date", before, "topic", "x", "case_id", 1),
        &r);
    expect_problem_field(&r, 400, "case_id", "contact with a case id");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "refused change changed the database");

    /* A valid PATCH: phone added, then cleared. */
    cr_expect_eq(st(&d, "PATCH", p, json_pack("{s:s}", "phone", "010-555 12 12")), 200);
    json_t *g = get_ok(&d, p);
    cr_expect_str_eq(jstr(g, "phone"), "010-555 12 12");
    json_decref(g);
    cr_expect_eq(st(&d, "PATCH", p, json_pack("{s:n}", "phone")), 200);
    g = get_ok(&d, p);
    cr_expect(json_is_null(json_object_get(g, "phone")), "phone not cleared");
    cr_expect(!json_has_key(g, "case_id"), "a key figure carries a case id");
    json_decref(g);
}

Test(keyfigures, overdue_follows_configured_period_and_contacts)
{
    start("30");
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t org = demo_org_id(&S, "Gemeente Voorbeeldstad");
    char sql[320], today[11], five[11], ten[11];
    srv_date(&S, 0, today);
    srv_date(&S, -5, five);
    srv_date(&S, -10, ten);

    /* Consent 40 days ago, never spoken to: contact wanted with a 30-day period. */
    int64_t id = create_ok(&d, fig("bestuurlijk", "Aaa Stichting Test", 40));
    /* Consent 20 days ago: not yet. */
    int64_t id2 = create_ok(&d, fig("ambtelijk", "Aab Vereniging Test", 20));
    json_t *l = get_ok(&d, "/api/key-figures");
    cr_expect_eq(jint(l, "contact_days"), 30);
    json_t *it = item_of(l, id);
    cr_assert_not_null(it, "new key figure not listed");
    cr_expect(json_is_true(json_object_get(it, "contact_wanted")), "40 days: not overdue");
    cr_expect(json_is_false(json_object_get(item_of(l, id2), "contact_wanted")),
              "20 days: overdue");
    /* Overdue first. */
    size_t i;
    bool seen_not_overdue = false;
    json_array_foreach(json_object_get(l, "items"), i, it)
    {
        bool od = json_is_true(json_object_get(it, "contact_wanted"));
        cr_expect(!(od && seen_not_overdue), "an overdue key figure after one that is not");
        seen_not_overdue = seen_not_overdue || !od;
    }
    /* The count equals the database's. */
    int64_t today_days = day_number(today);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM key_figure WHERE municipality_id = %lld AND ended_day IS NULL "
             "AND CASE WHEN coalesce(last_contact_day, 0) > consent_day "
             "THEN coalesce(last_contact_day, 0) ELSE consent_day END <= %lld",
             (long long)org, (long long)(today_days - 30));
    int64_t want = db_int(&S, sql);
    cr_expect_eq(jint(l, "overdue"), want, "overdue count differs from the database");
    json_t *sm = get_ok(&d, "/api/key-figures/summary");
    cr_expect_eq(jint(sm, "overdue"), want, "summary differs from the database");
    cr_expect_eq(jint(sm, "contact_days"), 30);
    json_decref(sm);
    json_decref(l);

    /* status=overdue lists only overdue ones; level filters. */
    l = get_ok(&d, "/api/key-figures?status=overdue");
    json_array_foreach(json_object_get(l, "items"), i, it)
        cr_expect(json_is_true(json_object_get(it, "contact_wanted")), "status=overdue");
    cr_expect_not_null(item_of(l, id));
    json_decref(l);
    l = get_ok(&d, "/api/key-figures?level=ambtelijk");
    json_array_foreach(json_object_get(l, "items"), i, it)
        cr_expect_str_eq(jstr(it, "level"), "ambtelijk");
    cr_expect_null(item_of(l, id));
    json_decref(l);
    struct resp r;
    req(&d, "GET", "/api/key-figures?level=kerkelijk", NULL, &r);
    expect_problem_field(&r, 400, "level", "unknown level filter");
    resp_free(&r);
    req(&d, "GET", "/api/key-figures?case_id=1", NULL, &r);
    expect_problem_field(&r, 400, "case_id", "unknown parameter");
    resp_free(&r);

    /* A contact 5 days ago: last contact, no longer overdue; an older one does not lower it. */
    char p[96];
    snprintf(p, sizeof(p), "/api/key-figures/%lld/contacts", (long long)id);
    req(&d, "POST", p, json_pack("{s:s, s:s}", "date", five, "topic", "Kennismaking"), &r);
    cr_expect_eq(r.status, 201);
    cr_expect_str_eq(jstr(r.json, "last_contact_date"), five);
    resp_free(&r);
    req(&d, "POST", p, json_pack("{s:s, s:s}", "date", ten, "topic", "Eerder gesprek"), &r);
    cr_expect_eq(r.status, 201);
    cr_expect_str_eq(jstr(r.json, "last_contact_date"), five);
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    json_t *g = get_ok(&d, p);
    cr_expect_str_eq(jstr(g, "last_contact_date"), five);
    cr_expect(json_is_false(json_object_get(g, "contact_wanted")), "still overdue after contact");
    json_t *cs = json_object_get(g, "contacts");
    cr_assert_eq(json_array_size(cs), 2);
    cr_expect_str_eq(jstr(json_array_get(cs, 0), "date"), five, "newest first");
    cr_expect_str_eq(jstr(json_array_get(cs, 0), "topic"), "Kennismaking");
    cr_expect_eq(jint(json_object_get(json_array_get(cs, 0), "by"), "id"),
                 demo_id(&S, "dossierhouder"));
    json_decref(g);
    sm = get_ok(&d, "/api/key-figures/summary");
    cr_expect_eq(jint(sm, "overdue"), want - 1, "summary not lowered by the contact");
    json_decref(sm);
}

Test(keyfigures, default_period_is_90_days)
{
    start(NULL);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = create_ok(&d, fig("bestuurlijk", "Stichting Test", 40));
    int64_t old = create_ok(&d, fig("bestuurlijk", "Stichting Oud", 95));
    json_t *l = get_ok(&d, "/api/key-figures");
    cr_expect_eq(jint(l, "contact_days"), 90);
    cr_expect(json_is_false(json_object_get(item_of(l, id), "contact_wanted")), "40 < 90");
    cr_expect(json_is_true(json_object_get(item_of(l, old), "contact_wanted")), "95 >= 90");
    /* The demo: Voorbeeldstad has four key figures of both levels, at least one overdue. */
    size_t n = json_array_size(json_object_get(l, "items"));
    cr_expect_eq(n, 6, "Voorbeeldstad: 4 demo key figures + 2 new, got %zu", n);
    cr_expect(jint(l, "overdue") >= 2);
    json_decref(l);
    struct sess d2;
    login_ok(&S, "dossierhouder2", &d2);
    l = get_ok(&d2, "/api/key-figures");
    cr_expect_eq(json_array_size(json_object_get(l, "items")), 1, "Proefdorp: one demo figure");
    cr_expect_eq(jint(l, "overdue"), 1, "Proefdorp: the demo figure is overdue");
    json_decref(l);
}

Test(keyfigures, other_municipality_404_and_roles_denied)
{
    start(NULL);
    struct sess d, d2, bu;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "burgemeester", &bu);
    int64_t id = create_ok(&d, fig("ambtelijk", "Jongerenwerk Test", 10));
    char p[96], pc[112], pe[112], today[11];
    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    snprintf(pc, sizeof(pc), "%s/contacts", p);
    snprintf(pe, sizeof(pe), "%s/end", p);
    srv_date(&S, 0, today);

    static const char *const denied[] = {"partner", "melder", "raadslid", "fg", "beheerder",
                                         "voorzitter"};
    struct sess xs[6];
    for (size_t i = 0; i < 6; i++)
        login_ok(&S, denied[i], &xs[i]);

    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    cr_expect_eq(st(&d2, "GET", p, NULL), 404, "other municipality GET");
    cr_expect_eq(st(&d2, "PATCH", p, json_pack("{s:s}", "role", "x")), 404, "other PATCH");
    cr_expect_eq(st(&d2, "POST", pc, json_pack("{s:s, s:s}", "date", today, "topic", "x")), 404,
                 "other contact");
    cr_expect_eq(st(&d2, "POST", pe, json_pack("{s:s, s:s}", "date", today, "reason", "overig")),
                 404, "other end");
    cr_expect_eq(st(&d2, "DELETE", p, NULL), 404, "other destroy");
    cr_expect_eq(st(&d, "GET", "/api/key-figures/999999999", NULL), 404, "no such key figure");
    json_t *l = get_ok(&d2, "/api/key-figures");
    cr_expect_null(item_of(l, id), "listed in another municipality");
    json_decref(l);

    for (size_t i = 0; i < 6; i++) {
        struct sess x = xs[i];
        cr_expect_eq(st(&x, "GET", "/api/key-figures", NULL), 403, "%s list", denied[i]);
        cr_expect_eq(st(&x, "GET", "/api/key-figures/summary", NULL), 403, "%s summary",
                     denied[i]);
        cr_expect_eq(st(&x, "GET", p, NULL), 403, "%s read", denied[i]);
        cr_expect_eq(st(&x, "POST", "/api/key-figures", fig("ambtelijk", "X", 1)), 403,
                     "%s create", denied[i]);
        cr_expect_eq(st(&x, "POST", pc, json_pack("{s:s, s:s}", "date", today, "topic", "x")),
                     403, "%s contact", denied[i]);
        cr_expect_eq(st(&x, "DELETE", p, NULL), 403, "%s destroy", denied[i]);
    }
    /* The mayor keeps contacts but does not destroy. */
    cr_expect_eq(st(&bu, "DELETE", p, NULL), 403, "burgemeester destroy");
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "a refused request changed the database");
    l = get_ok(&bu, "/api/key-figures");
    cr_expect_not_null(item_of(l, id), "burgemeester does not see the register");
    json_decref(l);
    cr_expect_eq(st(&bu, "POST", pc, json_pack("{s:s, s:s}", "date", today, "topic", "Gesprek")),
                 201, "burgemeester logs a contact");
}

Test(keyfigures, end_then_destroy_shreds)
{
    start(NULL);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t id = create_ok(&d, fig("ambtelijk", "Sportclub Test", 30));
    char p[96], pc[112], pe[112], today[11], fut[11], sql[160];
    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    snprintf(pc, sizeof(pc), "%s/contacts", p);
    snprintf(pe, sizeof(pe), "%s/end", p);
    srv_date(&S, 0, today);
    srv_date(&S, 2, fut);
    cr_expect_eq(st(&d, "POST", pc, json_pack("{s:s, s:s}", "date", today, "topic", "Gesprek")),
                 201);
    snprintf(sql, sizeof(sql), "SELECT group_id FROM key_figure WHERE id = %lld", (long long)id);
    int64_t group = db_int(&S, sql);
    cr_assert(group > 0);

    struct resp r;
    req(&d, "POST", pe, json_pack("{s:s, s:s}", "date", today, "reason", "boos"), &r);
    expect_problem_field(&r, 400, "reason", "unknown reason");
    resp_free(&r);
    req(&d, "POST", pe, json_pack("{s:s, s:s}", "date", fut, "reason", "overig"), &r);
    expect_problem_field(&r, 400, "date", "end in the future");
    resp_free(&r);
    cr_expect_eq(st(&d, "POST", pe,
                    json_pack("{s:s, s:s}", "date", today, "reason", "toestemming_ingetrokken")),
                 200);
    json_t *l = get_ok(&d, "/api/key-figures");
    cr_expect_null(item_of(l, id), "an ended key figure is on the active list");
    json_decref(l);
    l = get_ok(&d, "/api/key-figures?status=ended");
    json_t *it = item_of(l, id);
    cr_assert_not_null(it, "not on the ended list");
    cr_expect_str_eq(jstr(it, "end_reason"), "toestemming_ingetrokken");
    cr_expect(json_is_false(json_object_get(it, "contact_wanted")));
    json_decref(l);
    cr_expect_eq(st(&d, "POST", pc, json_pack("{s:s, s:s}", "date", today, "topic", "x")), 409);
    cr_expect_eq(st(&d, "PATCH", p, json_pack("{s:s}", "role", "x")), 409);
    cr_expect_eq(
        st(&d, "POST", pe, json_pack("{s:s, s:s}", "date", today, "reason", "overig")), 409);

    /* Destroy: rows gone, key destroyed. */
    cr_expect_eq(st(&d, "DELETE", p, NULL), 200);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM key_figure WHERE id = %lld", (long long)id);
    cr_expect_eq(rows(sql), 0, "key figure row left");
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM key_figure_contact WHERE key_figure_id = %lld",
             (long long)id);
    cr_expect_eq(rows(sql), 0, "contact rows left");
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM data_key WHERE group_id = %lld AND destroyed_at IS NOT NULL "
             "AND length(wrapped) = 0",
             (long long)group);
    cr_expect_eq(rows(sql), 1, "data key not destroyed");
    cr_expect_eq(st(&d, "GET", p, NULL), 404, "destroyed key figure still readable");
    cr_expect_eq(st(&d, "DELETE", p, NULL), 404, "destroyed twice");

    /* An active key figure can be destroyed at once too (consent withdrawn on the spot). */
    int64_t id2 = create_ok(&d, fig("ambtelijk", "Sportclub Twee", 3));
    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id2);
    cr_expect_eq(st(&d, "DELETE", p, NULL), 200);
}

static size_t count_kind(const json_t *recs, const char *action, size_t *with_activity)
{
    size_t n = 0, i;
    json_t *it;
    *with_activity = 0;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        const char *sk = jstr(at, "dpl.core.data_subject_id_type");
        const char *pa = jstr(at, "dpl.core.processing_activity_id");
        if (nm && strcmp(nm, action) == 0 && ot && strcmp(ot, "key_figure") == 0 && sk &&
            strcmp(sk, "key_figure") == 0) {
            n++;
            if (pa && strcmp(pa, "regie:verwerking/sleutelfiguren") == 0)
                (*with_activity)++;
        }
    }
    return n;
}

Test(keyfigures, access_log_records_and_no_names_in_log)
{
    start(NULL);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    json_t *b = fig("bestuurlijk", "Stichting Logtest", 5);
    json_object_set_new(b, "contact_name", json_string("Zeldzame Naam Qwerty (test)"));
    struct resp r;
    char rid[64], today[11], p[112];
    size_t wa = 0;

    req(&d, "POST", "/api/key-figures", b, &r);
    cr_assert_eq(r.status, 201);
    int64_t id = jint(r.json, "id");
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_kind(recs, "create", &wa), 1, "create: one record");
    cr_expect_eq(wa, 1, "create: processing activity");
    json_decref(recs);

    req(&d, "GET", "/api/key-figures", NULL, &r);
    cr_assert_eq(r.status, 200);
    size_t listed = json_array_size(json_object_get(r.json, "items"));
    cr_expect(listed >= 2);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_kind(recs, "read", &wa), listed, "list: one record per key figure");
    cr_expect_eq(wa, listed);
    json_decref(recs);

    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    req(&d, "GET", p, NULL, &r);
    cr_assert_eq(r.status, 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_kind(recs, "read", &wa), 1, "detail: one record");
    json_decref(recs);

    srv_date(&S, 0, today);
    snprintf(p, sizeof(p), "/api/key-figures/%lld/contacts", (long long)id);
    req(&d, "POST", p, json_pack("{s:s, s:s}", "date", today, "topic", "Onderwerp Asdfgh"), &r);
    cr_assert_eq(r.status, 201);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_kind(recs, "create", &wa), 1, "contact: one record");
    json_decref(recs);

    snprintf(p, sizeof(p), "/api/key-figures/%lld", (long long)id);
    req(&d, "DELETE", p, NULL, &r);
    cr_assert_eq(r.status, 200);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(count_kind(recs, "delete", &wa), 1, "destroy: one record");
    json_decref(recs);

    /* The operational log carries ids and timings only. */
    char path[400];
    snprintf(path, sizeof(path), "%s/server.log", S.dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "no server.log");
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_expect(strstr(buf, "Qwerty") == NULL, "contact name in the operational log");
    cr_expect(strstr(buf, "Asdfgh") == NULL, "contact topic in the operational log");
    cr_expect(strstr(buf, "Logtest") == NULL, "organisation in the operational log");
}
