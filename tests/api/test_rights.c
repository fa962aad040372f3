/* test_rights.c: the register of data-subject requests (issue 10 item 3, REQ-PRIV-11) over real
 * HTTP, against docs/rights.md and the policy table src/policy/policy.csv.
 *
 *  - the deadline is the received date + 1 calendar month; one extension of at most 2 months,
 *    only with a reason and only while the first term runs; overdue / due within 7 days show in
 *    the list;
 *  - no work on the substance (items, decisions, police routing, response) before the identity
 *    check is recorded (409);
 *  - a (partial) refusal needs a legal ground and a reason; a granted erasure records what was
 *    changed where; a police item is answered by the police, never decided in Regie;
 *  - a partner sees only the requests with items of its organisation and only those items;
 *  - a closed request is read-only; the FG reads the response archive but changes nothing;
 *  - another municipality's request is 404; raadslid and melder are refused (403);
 *  - bad input names the field and changes nothing; the data subject's name is sealed (not in a
 *    clear column, not in the operational log); every read and write is an access-log record.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(rights, .init = start, .fini = stop, .timeout = 300);

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

static json_t *get_ok(const struct sess *ss, const char *path)
{
    struct resp r;
    int s = req(ss, "GET", path, NULL, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

/* "YYYY-MM-DD" + months, clamped to the last day of the target month. */
static void add_months(const char *day, int months, char out[11])
{
    int y, m, d;
    cr_assert_eq(sscanf(day, "%d-%d-%d", &y, &m, &d), 3);
    int t = y * 12 + (m - 1) + months;
    y = t / 12;
    m = t % 12 + 1;
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = md[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    char tmp[32];
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d > last ? last : d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* A valid new request received days_ago days ago. */
static json_t *intake(const char *kind, int days_ago)
{
    char d[11];
    srv_date(&S, -days_ago, d);
    return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "kind", kind, "received_date", d,
                     "channel", "balie", "requester", "betrokkene", "subject", "name",
                     "Testpersoon Rechten (fictief)", "birth_date", "1958-04-01");
}

static int64_t create_ok(const struct sess *ss, json_t *body)
{
    struct resp r;
    int s = req(ss, "POST", "/api/rights", body, &r);
    cr_assert_eq(s, 201, "create: %d", s);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0);
    resp_free(&r);
    return id;
}

static void path(char *out, size_t cap, int64_t id, const char *tail)
{
    snprintf(out, cap, "/api/rights/%lld%s", (long long)id, tail ? tail : "");
}

static void identity_ok(const struct sess *ss, int64_t id, const char *result)
{
    char p[96], today[11];
    path(p, sizeof(p), id, "/identity");
    srv_date(&S, 0, today);
    cr_assert_eq(st(ss, "POST", p,
                    json_pack("{s:s, s:s, s:s}", "method", "balie_identiteitsbewijs", "result",
                              result, "date", today)),
                 200, "identity");
}

static int64_t item_ok(const struct sess *ss, int64_t id, int64_t owner)
{
    char p[96];
    struct resp r;
    path(p, sizeof(p), id, "/items");
    req(ss, "POST", p,
        json_pack("{s:s, s:I}", "text", "Gegevens in de casus over betrokkene", "owner_org_id",
                  (json_int_t)owner),
        &r);
    cr_assert_eq(r.status, 201, "item: %d", r.status);
    int64_t it = jint(r.json, "created_id");
    resp_free(&r);
    return it;
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

/* ---- tests ------------------------------------------------------------------------------------
 */

Test(rights, deadline_one_month_extension_once_max_two)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char recv[11], want[11], p[96];
    srv_date(&S, -5, recv);
    int64_t id = create_ok(&d, intake("inzage", 5));
    path(p, sizeof(p), id, NULL);
    json_t *g = get_ok(&d, p);
    add_months(recv, 1, want);
    cr_expect_str_eq(jstr(g, "due_date"), want, "deadline = received + 1 month");
    cr_expect_str_eq(jstr(g, "deadline_status"), "open");
    json_decref(g);

    /* The extension: reason required, 1 or 2 months, told date in the first term. */
    char pe[112], today[11], fut[11];
    path(pe, sizeof(pe), id, "/extension");
    srv_date(&S, 0, today);
    srv_date(&S, 1, fut);
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    req(&d, "POST", pe, json_pack("{s:i, s:s}", "months", 2, "told_date", today), &r);
    expect_problem_field(&r, 400, "reason", "extension without a reason");
    resp_free(&r);
    req(&d, "POST", pe,
        json_pack("{s:i, s:s, s:s}", "months", 3, "reason", "Complex", "told_date", today), &r);
    expect_problem_field(&r, 400, "months", "extension of 3 months");
    resp_free(&r);
    req(&d, "POST", pe,
        json_pack("{s:i, s:s, s:s}", "months", 2, "reason", "Complex", "told_date", fut), &r);
    expect_problem_field(&r, 400, "told_date", "told in the future");
    resp_free(&r);
    req(&d, "POST", pe, json_pack("{s:i, s:s}", "months", 2, "reason", "Complex"), &r);
    expect_problem_field(&r, 400, "told_date", "requester not told");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "refused extension changed the database");

    req(&d, "POST", pe,
        json_pack("{s:i, s:s, s:s}", "months", 2, "reason",
                  "Veel partners leveren gegevens; het verzoek is complex.", "told_date", today),
        &r);
    cr_expect_eq(r.status, 200, "extension: %d", r.status);
    add_months(recv, 3, want);
    cr_expect_str_eq(jstr(r.json, "due_date"), want, "extended deadline = received + 3 months");
    resp_free(&r);
    req(&d, "POST", pe,
        json_pack("{s:i, s:s, s:s}", "months", 1, "reason", "Nog eens", "told_date", today), &r);
    cr_expect_eq(r.status, 409, "second extension: %d", r.status);
    cr_expect(resp_is_problem(&r));
    resp_free(&r);
    g = get_ok(&d, p);
    cr_expect(json_is_true(json_object_get(g, "extended")));
    cr_expect_eq(jint(json_object_get(g, "extension"), "months"), 2);
    json_decref(g);

    /* After the first term: no extension, and the list shows it as overdue. */
    int64_t late = create_ok(&d, intake("rectificatie", 40));
    int64_t soon = create_ok(&d, intake("bezwaar", 27));
    path(pe, sizeof(pe), late, "/extension");
    cr_expect_eq(
        st(&d, "POST", pe,
           json_pack("{s:i, s:s, s:s}", "months", 1, "reason", "Te laat", "told_date", today)),
        409, "extension after the first term");
    json_t *l = get_ok(&d, "/api/rights");
    cr_expect_str_eq(jstr(item_of(l, late), "deadline_status"), "overdue");
    cr_expect_str_eq(jstr(item_of(l, soon), "deadline_status"), "due_soon");
    cr_expect_str_eq(jstr(item_of(l, id), "deadline_status"), "open");
    cr_expect(jint(l, "overdue") >= 1 && jint(l, "due_soon") >= 1);
    /* Overdue first. */
    cr_expect_eq(jint(json_array_get(json_object_get(l, "items"), 0), "id"), late);
    json_decref(l);
    l = get_ok(&d, "/api/rights?status=overdue");
    cr_expect_not_null(item_of(l, late));
    cr_expect_null(item_of(l, id));
    json_decref(l);
    req(&d, "GET", "/api/rights?status=later", NULL, &r);
    expect_problem_field(&r, 400, "status", "unknown status");
    resp_free(&r);
}

Test(rights, no_substance_before_identity_and_bad_input_changes_nothing)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t police = demo_org_id(&S, "Politie eenheid Voorbeeld");
    int64_t om = demo_org_id(&S, "OM arrondissement Voorbeeld");
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;
    json_t *b = intake("inzage", 1);
    json_object_del(b, "subject");
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "subject", "no data subject");
    resp_free(&r);
    b = intake("inzage", 1);
    json_object_set_new(b, "kind", json_string("portabiliteit"));
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "kind", "unknown kind");
    resp_free(&r);
    b = intake("inzage", -2);
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "received_date", "received in the future");
    resp_free(&r);
    b = intake("inzage", 1);
    json_object_set_new(b, "requester", json_string("vertegenwoordiger"));
    json_object_set_new(b, "representative_name", json_string("Mr. Advocaat (fictief)"));
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "mandate", "representative without mandate");
    resp_free(&r);
    b = intake("inzage", 1);
    json_object_set_new(json_object_get(b, "subject"), "bsn", json_string("123456789"));
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "subject/bsn", "bad BSN");
    resp_free(&r);
    b = intake("inzage", 1);
    json_object_set_new(b, "id_copy", json_string("scan.pdf"));
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "id_copy", "no copy of an identity document");
    resp_free(&r);
    char longname[202];
    memset(longname, 'a', 201);
    longname[201] = '\0';
    b = intake("inzage", 1);
    json_object_set_new(json_object_get(b, "subject"), "name", json_string(longname));
    req(&d, "POST", "/api/rights", b, &r);
    expect_problem_field(&r, 400, "subject/name", "name too long");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "refused intake changed the database");

    int64_t id = create_ok(&d, intake("inzage", 3));
    char p[96], today[11];
    srv_date(&S, 0, today);
    db_fingerprint_skip(&S, VOLATILE, fb);
    path(p, sizeof(p), id, "/items");
    req(&d, "POST", p, json_pack("{s:s, s:I}", "text", "x", "owner_org_id", (json_int_t)om), &r);
    cr_expect_eq(r.status, 409, "item before identity: %d", r.status);
    cr_expect(resp_is_problem(&r));
    resp_free(&r);
    path(p, sizeof(p), id, "/route-police");
    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s}", "police_org_id", (json_int_t)police, "date", today)),
                 409, "police routing before identity");
    path(p, sizeof(p), id, "/response");
    cr_expect_eq(
        st(&d, "POST", p,
           json_pack("{s:s, s:s, s:s}", "date", today, "method", "brief", "summary", "Antwoord")),
        409, "response before identity");
    path(p, sizeof(p), id, "/identity");
    req(&d, "POST", p,
        json_pack("{s:s, s:s, s:s}", "method", "kopie_paspoort", "result", "vastgesteld", "date",
                  today),
        &r);
    expect_problem_field(&r, 400, "method", "unknown identity method");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "refused work changed the database");

    /* Identity not established: still no substance, but a response is possible. */
    identity_ok(&d, id, "niet_vastgesteld");
    path(p, sizeof(p), id, "/items");
    cr_expect_eq(
        st(&d, "POST", p, json_pack("{s:s, s:I}", "text", "x", "owner_org_id", (json_int_t)om)),
        409, "item without established identity");
    identity_ok(&d, id, "vastgesteld");
    item_ok(&d, id, om);
    /* Police routing needs a police organisation. */
    path(p, sizeof(p), id, "/route-police");
    req(&d, "POST", p, json_pack("{s:I, s:s}", "police_org_id", (json_int_t)om, "date", today), &r);
    expect_problem_field(&r, 400, "police_org_id", "OM is not the police");
    resp_free(&r);
    cr_expect_eq(st(&d, "POST", p,
                    json_pack("{s:I, s:s}", "police_org_id", (json_int_t)police, "date", today)),
                 200, "routed to the police");
    path(p, sizeof(p), id, NULL);
    json_t *g = get_ok(&d, p);
    cr_expect(json_is_true(json_object_get(g, "police_routed")));
    cr_expect_eq(jint(json_object_get(json_object_get(g, "police"), "organisation"), "id"), police);
    json_decref(g);
}

Test(rights, decisions_partner_items_and_refusal_reasons)
{
    struct sess d, pa, om, rk;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "om", &om);
    login_ok(&S, "rvdk", &rk);
    int64_t police = demo_org_id(&S, "Politie eenheid Voorbeeld");
    int64_t omorg = demo_org_id(&S, "OM arrondissement Voorbeeld");
    json_t *b = intake("wissing", 4);
    json_object_set_new(json_object_get(b, "subject"), "bsn", json_string("111222333"));
    json_object_set_new(b, "requester", json_string("vertegenwoordiger"));
    json_object_set_new(b, "representative_name", json_string("Mr. Advocaat (fictief)"));
    json_object_set_new(b, "mandate", json_string("Schriftelijke machtiging van 1 maart"));
    int64_t id = create_ok(&d, b);
    identity_ok(&d, id, "vastgesteld");
    int64_t it_pol = item_ok(&d, id, police);
    int64_t it_om = item_ok(&d, id, omorg);
    char p[96], pi[128], po[128];
    path(p, sizeof(p), id, NULL);
    snprintf(pi, sizeof(pi), "%s/items/%lld", p, (long long)it_pol);
    snprintf(po, sizeof(po), "%s/items/%lld", p, (long long)it_om);

    /* The partner (police unit) sees the request with its own item only. */
    json_t *l = get_ok(&pa, "/api/rights");
    cr_expect_not_null(item_of(l, id), "partner does not see the request with its item");
    json_decref(l);
    json_t *g = get_ok(&pa, p);
    cr_expect_eq(json_array_size(json_object_get(g, "items")), 1, "partner sees other items");
    cr_expect_eq(jint(json_array_get(json_object_get(g, "items"), 0), "id"), it_pol);
    cr_expect(!json_has_key(g, "subject_bsn"), "partner sees the BSN");
    cr_expect(!json_has_key(g, "mandate"), "partner sees the mandate");
    cr_expect(!json_has_substring(g, "Advocaat"), "partner sees the representative");
    json_decref(g);
    /* Another partner without items: not found. */
    cr_expect_eq(st(&rk, "GET", p, NULL), 404, "rvdk reads a request without its items");
    l = get_ok(&rk, "/api/rights");
    cr_expect_null(item_of(l, id));
    json_decref(l);
    /* The partner decides only on its own item and changes nothing else. */
    cr_expect_eq(
        st(&pa, "PATCH", po, json_pack("{s:s, s:s}", "decision", "toegewezen", "changes", "x")),
        404, "partner decides another organisation's item");
    cr_expect_eq(st(&pa, "POST", "/api/rights", intake("inzage", 1)), 403, "partner creates");
    char pid[112];
    path(pid, sizeof(pid), id, "/identity");
    cr_expect_eq(st(&pa, "POST", pid,
                    json_pack("{s:s, s:s, s:s}", "method", "digid", "result", "vastgesteld", "date",
                              "2026-01-01")),
                 403, "partner records the identity check");
    struct resp r;
    req(&pa, "PATCH", pi,
        json_pack("{s:s, s:s}", "decision", "geweigerd", "ground", "strafbare_feiten"), &r);
    expect_problem_field(&r, 400, "reason", "refusal without a reason");
    resp_free(&r);
    req(&pa, "PATCH", pi,
        json_pack("{s:s, s:s}", "decision", "gedeeltelijk_geweigerd", "reason", "x"), &r);
    expect_problem_field(&r, 400, "ground", "partial refusal without a ground");
    resp_free(&r);
    req(&pa, "PATCH", pi,
        json_pack("{s:s, s:s, s:s}", "decision", "geweigerd", "ground", "willekeur", "reason", "x"),
        &r);
    expect_problem_field(&r, 400, "ground", "unknown ground");
    resp_free(&r);
    req(&pa, "PATCH", pi,
        json_pack("{s:s, s:s, s:s, s:s}", "decision", "gedeeltelijk_geweigerd", "ground",
                  "strafbare_feiten", "reason", "Lopend opsporingsonderzoek", "changes",
                  "Twee registraties gewist in het eigen systeem"),
        &r);
    cr_expect_eq(r.status, 200, "partner partial refusal with ground and reason: %d %s", r.status,
                 r.body);
    resp_free(&r);
    /* The municipality: a granted erasure records what was changed where. */
    req(&d, "PATCH", po, json_pack("{s:s}", "decision", "toegewezen"), &r);
    expect_problem_field(&r, 400, "changes", "erasure without what was changed");
    resp_free(&r);
    cr_expect_eq(st(&d, "PATCH", po,
                    json_pack("{s:s, s:s}", "decision", "toegewezen", "changes",
                              "Notitie in de casus verwijderd door het OM")),
                 200);
    g = get_ok(&d, p);
    json_t *x = item_of(g, it_pol);
    cr_expect_str_eq(jstr(x, "decision"), "gedeeltelijk_geweigerd");
    cr_expect_str_eq(jstr(x, "ground"), "strafbare_feiten");
    cr_expect_str_eq(jstr(x, "reason"), "Lopend opsporingsonderzoek");
    cr_expect_str_eq(jstr(g, "subject_bsn"), "111222333");
    cr_expect_eq(json_array_size(json_object_get(g, "items")), 2);
    json_decref(g);
    /* The OM partner sees its own item with the decision. */
    g = get_ok(&om, p);
    cr_expect_eq(json_array_size(json_object_get(g, "items")), 1);
    cr_expect_str_eq(jstr(json_array_get(json_object_get(g, "items"), 0), "decision"),
                     "toegewezen");
    json_decref(g);
}

Test(rights, closed_read_only_archive_and_access)
{
    struct sess d, d2, fg, bu, ra, me;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "fg", &fg);
    login_ok(&S, "burgemeester", &bu);
    login_ok(&S, "raadslid", &ra);
    login_ok(&S, "melder", &me);
    int64_t police = demo_org_id(&S, "Politie eenheid Voorbeeld");
    int64_t omorg = demo_org_id(&S, "OM arrondissement Voorbeeld");
    json_t *b = intake("inzage", 6);
    json_object_set_new(json_object_get(b, "subject"), "name",
                        json_string("Zeldzame Naam Zxcvbn (fictief)"));
    struct resp r;
    req(&d, "POST", "/api/rights", b, &r);
    cr_assert_eq(r.status, 201);
    int64_t id = jint(r.json, "id");
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(json_array_size(recs), 1, "create: one access-log record");
    json_t *at = json_object_get(json_array_get(recs, 0), "attributes");
    cr_expect_str_eq(jstr(at, "regie.object_type"), "rights_request");
    cr_expect_str_eq(jstr(at, "dpl.core.data_subject_id_type"), "rights_request");
    cr_expect(json_has_substring(json_array_get(recs, 0), "verzoek betrokkene"), "purpose");
    json_decref(recs);

    /* The register: one read record per request listed. */
    req(&d, "GET", "/api/rights", NULL, &r);
    cr_assert_eq(r.status, 200);
    size_t listed = json_array_size(json_object_get(r.json, "items"));
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect_eq(json_array_size(recs), listed, "list: one record per request");
    json_decref(recs);

    identity_ok(&d, id, "vastgesteld");
    int64_t it1 = item_ok(&d, id, omorg);
    int64_t it2 = item_ok(&d, id, police);
    char p[96], pr[112], today[11], pi[128];
    path(p, sizeof(p), id, NULL);
    path(pr, sizeof(pr), id, "/response");
    srv_date(&S, 0, today);
    json_t *resp_body =
        json_pack("{s:s, s:s, s:s, s:i}", "date", today, "method", "brief", "summary",
                  "Overzicht verstrekt; politiedeel doorgezonden.", "export_id", 42);
    cr_expect_eq(st(&d, "POST", pr, json_deep_copy(resp_body)), 409, "open items");
    snprintf(pi, sizeof(pi), "%s/items/%lld", p, (long long)it1);
    cr_expect_eq(st(&d, "PATCH", pi, json_pack("{s:s}", "decision", "toegewezen")), 200);
    char pp[112];
    path(pp, sizeof(pp), id, "/route-police");
    cr_expect_eq(st(&d, "POST", pp,
                    json_pack("{s:I, s:s, s:I}", "police_org_id", (json_int_t)police, "date", today,
                              "item_id", (json_int_t)it2)),
                 200, "police item routed");
    snprintf(pi, sizeof(pi), "%s/items/%lld", p, (long long)it2);
    cr_expect_eq(st(&d, "PATCH", pi, json_pack("{s:s}", "decision", "toegewezen")), 409,
                 "Regie decides a police item");
    req(&d, "POST", pr, json_pack("{s:s, s:s}", "date", today, "method", "brief"), &r);
    expect_problem_field(&r, 400, "summary", "response without summary");
    resp_free(&r);
    cr_expect_eq(st(&d, "POST", pr, resp_body), 200, "response");

    /* Closed: read-only, for every change. */
    unsigned char fa[32], fb[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    cr_expect_eq(st(&d, "PATCH", p, json_pack("{s:s}", "note", "x")), 409, "PATCH closed");
    char px[112];
    path(px, sizeof(px), id, "/identity");
    cr_expect_eq(
        st(&d, "POST", px,
           json_pack("{s:s, s:s, s:s}", "method", "digid", "result", "vastgesteld", "date", today)),
        409, "identity on a closed request");
    path(px, sizeof(px), id, "/items");
    cr_expect_eq(
        st(&d, "POST", px, json_pack("{s:s, s:I}", "text", "x", "owner_org_id", (json_int_t)omorg)),
        409, "item on a closed request");
    path(px, sizeof(px), id, "/extension");
    cr_expect_eq(st(&d, "POST", px,
                    json_pack("{s:i, s:s, s:s}", "months", 1, "reason", "x", "told_date", today)),
                 409, "extension of a closed request");
    snprintf(pi, sizeof(pi), "%s/items/%lld", p, (long long)it1);
    cr_expect_eq(st(&d, "PATCH", pi,
                    json_pack("{s:s, s:s, s:s}", "decision", "geweigerd", "ground",
                              "rechten_anderen", "reason", "x")),
                 409, "decision on a closed request");
    cr_expect_eq(st(&d, "POST", pr,
                    json_pack("{s:s, s:s, s:s}", "date", today, "method", "brief", "summary",
                              "Nog een antwoord")),
                 409, "second response");
    /* The database refuses too (trigger). */
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE rights_request SET channel = 'post' WHERE id = %lld",
             (long long)id);
    cr_expect(!db_try_exec(&S, sql), "the trigger lets a closed request change");
    /* Another municipality, raadslid and melder. */
    cr_expect_eq(st(&d2, "GET", p, NULL), 404, "other municipality reads");
    cr_expect_eq(st(&d2, "PATCH", p, json_pack("{s:s}", "note", "x")), 404, "other changes");
    json_t *l = get_ok(&d2, "/api/rights");
    cr_expect_null(item_of(l, id), "listed in another municipality");
    json_decref(l);
    struct sess denied[] = {ra, me};
    for (size_t i = 0; i < 2; i++) {
        cr_expect_eq(st(&denied[i], "GET", "/api/rights", NULL), 403, "list %zu", i);
        cr_expect_eq(st(&denied[i], "GET", p, NULL), 403, "read %zu", i);
        cr_expect_eq(st(&denied[i], "POST", "/api/rights", intake("inzage", 1)), 403, "create");
    }
    /* The mayor reads; the FG reads the archive of every municipality; neither changes. */
    cr_expect_eq(st(&bu, "POST", "/api/rights", intake("inzage", 1)), 403, "burgemeester creates");
    cr_expect_eq(st(&fg, "POST", "/api/rights", intake("inzage", 1)), 403, "fg creates");
    cr_expect_eq(st(&fg, "PATCH", p, json_pack("{s:s}", "note", "x")), 403, "fg changes");
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fa, fb, sizeof(fa)) == 0, "a refused request changed the database");
    l = get_ok(&bu, "/api/rights?status=closed");
    cr_expect_not_null(item_of(l, id), "burgemeester does not see the register");
    json_decref(l);
    l = get_ok(&fg, "/api/rights?status=closed");
    cr_expect_not_null(item_of(l, id), "fg does not see the archive");
    json_decref(l);
    json_t *g = get_ok(&fg, p);
    json_t *ans = json_object_get(g, "response");
    cr_expect_str_eq(jstr(ans, "summary"), "Overzicht verstrekt; politiedeel doorgezonden.");
    cr_expect_eq(jint(ans, "export_id"), 42);
    cr_expect_str_eq(jstr(g, "deadline_status"), "closed");
    json_decref(g);

    /* Sealed: the name is in no clear column and not in the operational log. */
    cr_expect_eq(db_rows_containing(&S, "SELECT doc_ct FROM rights_request", "Zxcvbn") +
                     db_rows_containing(&S, "SELECT channel FROM rights_request", "Zxcvbn"),
                 0, "the name is stored in clear");
    char lp[400];
    snprintf(lp, sizeof(lp), "%s/server.log", S.dir);
    FILE *f = fopen(lp, "r");
    cr_assert_not_null(f, "no server.log");
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    cr_expect(strstr(buf, "Zxcvbn") == NULL, "the data subject's name in the operational log");
    cr_expect(strstr(buf, "politiedeel") == NULL, "the response in the operational log");
}
