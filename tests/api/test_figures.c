/* test_figures.c: the council figures (issue 10 item 6, docs/figures.md) over real HTTP:
 *  - a fixture of signals put straight into the database for 2025Q3 gives the expected table:
 *    published cells are multiples of 5 and never a true value below 10, the small cell and its
 *    complementary partners are null, the marking, threshold and rounding are in the answer,
 *    and the answer holds no names of people, references or free text;
 *  - reading writes exactly one access-log record (read, object figures, no data subject);
 *  - raadslid reads the figures and nothing else: every other GET in docs/openapi.json is 403
 *    or 404 and every other write is refused; issuing a copy is 403 for raadslid, partner,
 *    voorzitter and fg;
 *  - a copy issued by the dossierhouder (and the mayor) is recorded with its recipient and
 *    digest, listed, and logged as an export;
 *  - a bad period or recipient is a problem+json naming the field and changes nothing;
 *  - `regie report council --pdf FILE` writes a PDF (chromium) and records the copy; the
 *    recipient's name is not printed.
 * No response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};
static int64_t ORG_VS, ORG_PD, ORG_OV;

static void start(void)
{
    /* The fixture's signals of 2025 led to no case: the daily purge that serve runs at start
     * (after retention_purge_hour) would delete them once they are older than
     * signal_retention_months (default 12), while the test reads them. */
    static const char *const keep[] = {"--signal_retention_months", "120", NULL};
    struct srv_opts o = {.demo = true, .args = keep};
    srv_start_opts(&S, &o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_PD = demo_org_id(&S, "Gemeente Proefdorp");
    ORG_OV = demo_org_id(&S, "Gemeente Oefenveen");
    cr_assert(ORG_VS > 0 && ORG_PD > 0 && ORG_OV > 0, "demo municipalities missing");
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(figures, .fini = stop, .timeout = 300);

/* The fixtures are plain SQL that SQLite and PostgreSQL both run (the suite runs on both): days
 * and times are computed here, and the placeholder document is a one-byte blob literal of the
 * backend's own form. */
static int64_t day_of(const char *ymd)
{
    int y = 0, m = 0, d = 0;
    cr_assert_eq(sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d), 3, "date %s", ymd);
    struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (int64_t)(timegm(&t) / 86400);
}
#define MS_OF(ymd) ((long long)day_of(ymd) * 86400000LL)
#define BLOB00 (db_is_postgres(&S) ? "'\\x00'::bytea" : "x'00'")

/* n signals of municipality muni with phenomenon phen (SQL literal), received 2025-08-15. */
static void add_signals(int64_t muni, const char *phen, int n, int base)
{
    char sql[1400];
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
             "INSERT INTO signal(id, reference, group_id, municipality_id, route, state, "
             "reporter_kind, received_day, received_at, acute, phenomenon, state_at, doc_ct) "
             "SELECT %d + i, 'FIGTEST' || (1000000 + %d + i), 777777, %lld, "
             "'professional', 'geen_zorg', 'named', %lld, %lld, 0, %s, 0, %s FROM k",
             n, base, base, (long long)muni, (long long)day_of("2025-08-15"), MS_OF("2025-08-15"),
             phen, BLOB00);
    cr_assert(db_try_exec(&S, sql), "fixture insert failed");
}

/* n cases of muni admitted on 2025-05-01, with one transition to phase decided on day (SQL
 * date) (phase NULL: none), and per case one measure of domain/status updated on mday. */
static void add_cases(int64_t muni, int n, int base, const char *phase, const char *day,
                      const char *domain, const char *status, const char *mday)
{
    char sql[2000];
    int64_t u = demo_id(&S, "dossierhouder");
    /* each case's own signal (foreign key), received in 2024, outside every period looked at */
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
             "INSERT INTO signal(id, reference, group_id, municipality_id, route, state, "
             "reporter_kind, received_day, received_at, acute, phenomenon, state_at, doc_ct) "
             "SELECT %d + i, 'FIGCASE' || (1000000 + %d + i), 777777, %lld, 'professional', "
             "'opname_pga', 'named', %lld, %lld, 0, NULL, 0, %s FROM k",
             n, base, base, (long long)muni, (long long)day_of("2024-12-02"), MS_OF("2024-12-02"),
             BLOB00);
    cr_assert(db_try_exec(&S, sql), "fixture case signals failed");
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
             "INSERT INTO pga_case(id, signal_id, municipality_id, group_id, state, "
             "casusregisseur_id, first_overleg_day, created_by, created_at) "
             "SELECT %d + i, %d + i, %lld, 777777, 'uitvoering', %lld, 0, %lld, %lld FROM k",
             n, base, base, (long long)muni, (long long)u, (long long)u, MS_OF("2025-05-01"));
    cr_assert(db_try_exec(&S, sql), "fixture cases failed");
    if (phase) {
        snprintf(sql, sizeof(sql),
                 "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
                 "INSERT INTO case_event(id, case_id, kind, code, on_off, decided_day, "
                 "created_by, created_at, doc_ct) SELECT %d + i, %d + i, 'transition', '%s', 1, "
                 "%lld, %lld, %lld, %s FROM k",
                 n, base, base, phase, (long long)day_of(day), (long long)u, MS_OF(day), BLOB00);
        cr_assert(db_try_exec(&S, sql), "fixture transitions failed");
    }
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
             "INSERT INTO case_measure(id, case_id, type, domain, category, status, "
             "owner_org_id, created_by, created_at, updated_by, updated_at, doc_ct) "
             "SELECT %d + i, %d + i, 'overig', '%s', 'other', '%s', %lld, %lld, %lld, %lld, "
             "%lld, %s FROM k",
             n, base, base, domain, status, (long long)muni, (long long)u, MS_OF("2025-05-15"),
             (long long)u, MS_OF(mday), BLOB00);
    cr_assert(db_try_exec(&S, sql), "fixture measures failed");
}

/* The phenomenon table of 2025Q3:
 *               jihadisme rechts links anti overig niet | totaal
 *   Voorbeeldstad     23      3     0    0     12    0  |   38
 *   Proefdorp         12     14     0    0     31    0  |   57
 *   Oefenveen          0      0    17    0      0    0  |   17
 *   totaal            35     17    17    0     43    0  |  112 */
static void fixture(void)
{
    char dk[160];
    snprintf(dk, sizeof(dk), "INSERT INTO data_key(group_id, wrapped, key_version, created_at) "
                             "VALUES (777777, %s, 1, 0)", BLOB00);
    cr_assert(db_try_exec(&S, dk));
    add_signals(ORG_VS, "'jihadisme'", 23, 900000);
    add_signals(ORG_VS, "'rechts'", 3, 900100);
    add_signals(ORG_VS, "'overig'", 12, 900200);
    add_signals(ORG_PD, "'jihadisme'", 12, 900300);
    add_signals(ORG_PD, "'rechts'", 14, 900400);
    add_signals(ORG_PD, "'overig'", 31, 900500);
    add_signals(ORG_OV, "'links'", 17, 900600);
    /* cases and measures: Voorbeeldstad 11 in uitvoering since August with a running
     * administrative measure each, 1 closed in June (not in Q3) whose criminal measure ended in
     * June (not active in Q3); Proefdorp 4 in beeldvorming with a running care measure each */
    add_cases(ORG_VS, 11, 910000, "uitvoering", "2025-08-01", "bestuurlijk", "running",
              "2025-08-01");
    add_cases(ORG_VS, 1, 910100, "afgesloten", "2025-06-01", "straf", "ended", "2025-06-15");
    add_cases(ORG_PD, 4, 910200, "beeldvorming", "2025-07-15", "zorg", "running", "2025-07-15");
}

static const json_t *table(const json_t *figs, const char *code)
{
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(figs, "tables"), i, t)
    {
        if (strcmp(json_string_value(json_object_get(t, "code")), code) == 0)
            return t;
    }
    cr_assert_fail("table %s missing", code);
    return NULL;
}

static int col(const json_t *t, const char *code)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(t, "columns"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "code")), code) == 0)
            return (int)i;
    }
    cr_assert_fail("column %s missing", code);
    return -1;
}

static const json_t *row(const json_t *t, int64_t muni)
{
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(t, "rows"), i, r)
    {
        if (jint(json_object_get(r, "municipality"), "id") == muni)
            return r;
    }
    cr_assert_fail("row %lld missing", (long long)muni);
    return NULL;
}

static const json_t *at(const json_t *t, int64_t muni, const char *code)
{
    return json_array_get(json_object_get(row(t, muni), "cells"), (size_t)col(t, code));
}

/* Every number in every table is null or a multiple of 5 and >= 10 or 0. */
static void all_cells_ok(const json_t *figs)
{
    size_t i, k, m;
    const json_t *t, *r, *v;
    json_array_foreach(json_object_get(figs, "tables"), i, t)
    {
        json_t *vals = json_array();
        json_array_foreach(json_object_get(t, "rows"), k, r)
        {
            json_array_extend(vals, json_object_get(r, "cells"));
            json_array_append(vals, json_object_get(r, "total"));
        }
        json_array_extend(vals, json_object_get(json_object_get(t, "totals"), "cells"));
        json_array_append(vals, json_object_get(json_object_get(t, "totals"), "total"));
        json_array_foreach(vals, m, v)
        {
            cr_assert(json_is_null(v) || json_is_integer(v), "cell neither number nor null");
            if (json_is_integer(v)) {
                json_int_t x = json_integer_value(v);
                cr_assert(x == 0 || (x >= 10 && x % 5 == 0), "published cell %lld", (long long)x);
            }
        }
        json_decref(vals);
    }
}

Test(figures, rounded_suppressed_marked_and_logged)
{
    start();
    fixture();
    struct sess rs;
    struct resp r;
    login_ok(&S, "raadslid", &rs);
    cr_assert_eq(sess_json(&S, &rs, "GET", "/api/figures/council?period=2025Q3", NULL, &r), 200);
    const json_t *f = r.json;
    cr_assert_str_eq(jstr(f, "marking"), "Vertrouwelijk \xe2\x80\x94 geheimhouding art. 25 "
                                         "Gemeentewet");
    cr_assert_eq(jint(f, "threshold"), 10);
    cr_assert_eq(jint(f, "rounding"), 5);
    cr_assert_str_eq(jstr(f, "period"), "2025Q3");
    cr_assert_str_eq(jstr(f, "from"), "2025-07-01");
    cr_assert_str_eq(jstr(f, "to"), "2025-09-30");
    cr_assert_eq(json_array_size(json_object_get(f, "tables")), 3);
    cr_assert(!json_object_get(f, "may_issue") || !json_is_true(json_object_get(f, "may_issue")));
    all_cells_ok(f);
    const json_t *t = table(f, "phenomenon");
    /* the small cell and its cheapest complementary partners */
    cr_assert(json_is_null(at(t, ORG_VS, "rechts")), "3 is suppressed (published as %lld)",
              (long long)json_integer_value(at(t, ORG_VS, "rechts")));
    cr_assert(json_is_null(at(t, ORG_VS, "jihadisme")), "partner in the row");
    cr_assert(json_is_null(at(t, ORG_PD, "rechts")), "partner in the column");
    cr_assert(json_is_null(at(t, ORG_PD, "jihadisme")), "closes the cycle");
    /* the rest is published, rounded */
    cr_assert_eq(json_integer_value(at(t, ORG_VS, "overig")), 10);
    cr_assert_eq(json_integer_value(at(t, ORG_PD, "overig")), 30);
    cr_assert_eq(json_integer_value(at(t, ORG_OV, "links")), 15);
    cr_assert_eq(json_integer_value(at(t, ORG_OV, "jihadisme")), 0);
    cr_assert_eq(jint(row(t, ORG_VS), "total"), 40);
    cr_assert_eq(jint(row(t, ORG_PD), "total"), 55);
    cr_assert_eq(jint(json_object_get(t, "totals"), "total"), 110);
    cr_assert_eq(
        json_integer_value(json_array_get(json_object_get(json_object_get(t, "totals"), "cells"),
                                          (size_t)col(t, "rechts"))),
        15);
    /* phases at the end of Q3 and measures active in Q3: the 4 is hidden, and so is the grand
     * total (the cheapest cell that puts it on a cycle) */
    t = table(f, "phase");
    cr_assert_eq(json_integer_value(at(t, ORG_VS, "uitvoering")), 10);
    cr_assert_eq(json_integer_value(at(t, ORG_VS, "afgesloten")), 0, "closed before Q3");
    cr_assert(json_is_null(at(t, ORG_PD, "beeldvorming")));
    cr_assert(json_is_null(json_object_get(row(t, ORG_PD), "total")));
    cr_assert(json_is_null(json_object_get(json_object_get(t, "totals"), "total")));
    cr_assert_eq(jint(row(t, ORG_VS), "total"), 10);
    t = table(f, "measure");
    cr_assert_eq(json_integer_value(at(t, ORG_VS, "bestuurlijk")), 10);
    cr_assert_eq(json_integer_value(at(t, ORG_VS, "strafrechtelijk")), 0, "ended before Q3");
    cr_assert(json_is_null(at(t, ORG_PD, "zorg")));
    cr_assert(json_is_null(json_object_get(json_object_get(t, "totals"), "total")));
    /* nothing about people */
    static const char *const banned[] = {"person",    "persons",   "bsn",
                                         "reference", "subjects",  "observed",
                                         "case_id",   "signal_id", "birth_date"};
    for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
        cr_assert(!json_has_key(f, banned[i]), "figures carry %s", banned[i]);
    cr_assert(!json_has_substring(f, "FIGTEST"));
    cr_assert(!json_has_substring(f, "Fictief"));
    /* exactly one access-log record: read figures, no data subject */
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_assert_eq(json_array_size(recs), 1, "records: %zu", json_array_size(recs));
    const json_t *rec = json_array_get(recs, 0);
    cr_assert_str_eq(json_string_value(json_object_get(rec, "name")), "read");
    const json_t *at_ = json_object_get(rec, "attributes");
    cr_assert_str_eq(json_string_value(json_object_get(at_, "regie.object_type")), "figures");
    cr_assert(json_string_value(json_object_get(at_, "dpl.core.data_subject_id")) == NULL ||
              json_string_value(json_object_get(at_, "dpl.core.data_subject_id"))[0] == '\0');
    json_decref(recs);

    /* a year covers its four quarters; one municipality is one row */
    cr_assert_eq(sess_json(&S, &rs, "GET", "/api/figures/council?period=2025", NULL, &r), 200);
    cr_assert_str_eq(jstr(r.json, "from"), "2025-01-01");
    cr_assert_str_eq(jstr(r.json, "to"), "2025-12-31");
    all_cells_ok(r.json);
    resp_free(&r);
    char path[128];
    snprintf(path, sizeof(path), "/api/figures/council?period=2025Q3&municipality=%lld",
             (long long)ORG_PD);
    cr_assert_eq(sess_json(&S, &rs, "GET", path, NULL, &r), 200);
    t = table(r.json, "phenomenon");
    cr_assert_eq(json_array_size(json_object_get(t, "rows")), 1);
    all_cells_ok(r.json);
    resp_free(&r);
    /* this quarter (the demo data) works too */
    cr_assert_eq(sess_json(&S, &rs, "GET", "/api/figures/council?period=2026", NULL, &r), 200);
    all_cells_ok(r.json);
    resp_free(&r);
}

/* Whether a GET path (without query) of openapi.json is one raadslid may use. */
static bool raadslid_may_get(const char *p)
{
    static const char *const ok[] = {
        "/api/health",          "/api/openapi.json",  "/api/session",
        "/api/sessions",        "/api/public/intake", "/api/orgs",
        "/api/figures/council", "/api/account/digest" /* own account settings */};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strcmp(p, ok[i]) == 0)
            return true;
    return false;
}

static bool skip_write(const char *method, const char *p)
{
    /* public, or the raadslid's own session and account */
    static const char *const skip[] = {
        "/api/session",    "/api/sessions",           "/api/sessions/{id}",
        "/api/activation", "/api/activation/confirm", "/api/public/signals"};
    (void)method;
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (strcmp(p, skip[i]) == 0)
            return true;
    return false;
}

static void fill_path(const char *tpl, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = tpl; *p && n + 2 < cap; p++) {
        if (*p == '{') {
            while (*p && *p != '}')
                p++;
            out[n++] = '1';
            if (!*p)
                break;
            continue;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

Test(figures, raadslid_reaches_the_figures_and_nothing_else)
{
    start();
    struct sess rs;
    struct resp r;
    login_ok(&S, "raadslid", &rs);
    cr_assert_eq(sess_status(&S, &rs, "GET", "/api/figures/council?period=2025Q4", NULL, NULL),
                 200);
    cr_assert_eq(
        sess_json_status(&S, &rs, "POST", "/api/figures/council/copies",
                         json_pack("{s:s, s:s}", "period", "2025Q4", "recipient", "Griffie")),
        403);
    cr_assert_eq(sess_status(&S, &rs, "GET", "/api/figures/council/copies", NULL, NULL), 403);
    const char *src = getenv("REGIE_SRC");
    char p[600];
    snprintf(p, sizeof(p), "%s/docs/openapi.json", src ? src : ".");
    json_error_t je;
    json_t *doc = json_load_file(p, 0, &je);
    cr_assert_not_null(doc, "openapi.json");
    const char *path;
    json_t *ops;
    size_t n_get = 0, n_write = 0;
    json_object_foreach(json_object_get(doc, "paths"), path, ops)
    {
        const char *method;
        json_t *op;
        json_object_foreach(ops, method, op)
        {
            char concrete[300];
            fill_path(path, concrete, sizeof(concrete));
            if (strcmp(method, "get") == 0) {
                if (raadslid_may_get(path))
                    continue;
                int st = sess_status(&S, &rs, "GET", concrete, NULL, NULL);
                cr_expect(st == 403 || st == 404, "raadslid GET %s: %d", path, st);
                n_get++;
            } else if (!skip_write(method, path)) {
                char up[16];
                size_t k = 0;
                for (; method[k] && k < sizeof(up) - 1; k++)
                    up[k] = (char)(method[k] - 32);
                up[k] = '\0';
                int st = sess_status(&S, &rs, up, concrete, "application/json", "{}");
                cr_expect(st >= 400, "raadslid %s %s: %d", up, path, st);
                n_write++;
            }
        }
    }
    json_decref(doc);
    cr_assert_gt(n_get, 20);
    cr_assert_gt(n_write, 20);
    /* own organisation only */
    cr_assert_eq(sess_json(&S, &rs, "GET", "/api/orgs", NULL, &r), 200);
    cr_assert(!json_has_substring(r.json, "Proefdorp"), "another municipality in /api/orgs");
    resp_free(&r);
    /* still logged in */
    cr_assert_eq(sess_status(&S, &rs, "GET", "/api/session", NULL, NULL), 200);
}

Test(figures, copies_are_recorded_listed_and_logged)
{
    start();
    struct sess dh, bm, ss;
    struct resp r;
    login_ok(&S, "dossierhouder", &dh);
    cr_assert_eq(sess_json(&S, &dh, "GET", "/api/figures/council?period=2025Q3", NULL, &r), 200);
    cr_assert(json_is_true(json_object_get(r.json, "may_issue")));
    char digest[80];
    snprintf(digest, sizeof(digest), "%s", jstr(r.json, "digest"));
    resp_free(&r);
    cr_assert_eq(
        sess_json(&S, &dh, "POST", "/api/figures/council/copies",
                  json_pack("{s:s, s:s}", "period", "2025Q3", "recipient", "A. Fictief-Raadslid"),
                  &r),
        201);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0);
    cr_assert_eq(strlen(jstr(r.json, "digest")), 64);
    cr_assert_str_eq(jstr(r.json, "digest"), digest, "the copy has the figures' digest");
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_assert_eq(json_array_size(recs), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(recs, 0), "name")), "export");
    json_decref(recs);
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM council_copy WHERE id = %lld AND recipient = "
             "'A. Fictief-Raadslid' AND period = '2025Q3' AND length(digest) = 32",
             (long long)id);
    cr_assert_eq(db_int(&S, sql), 1);

    login_ok(&S, "burgemeester", &bm);
    cr_assert_eq(
        sess_json_status(&S, &bm, "POST", "/api/figures/council/copies",
                         json_pack("{s:s, s:s}", "period", "2025", "recipient", "Griffie")),
        201);
    cr_assert_eq(sess_json(&S, &bm, "GET", "/api/figures/council/copies", NULL, &r), 200);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 2);
    cr_assert(json_has_substring(r.json, "A. Fictief-Raadslid"));
    cr_assert(json_has_substring(r.json, "Griffie"));
    const json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    cr_assert_str_eq(jstr(first, "period"), "2025", "newest first");
    cr_assert(json_is_object(json_object_get(first, "issued_by")));
    resp_free(&r);
    cr_assert_eq(sess_json(&S, &bm, "GET", "/api/figures/council/copies?period=2025Q3", NULL, &r),
                 200);
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 1);
    resp_free(&r);

    static const char *const refused[] = {"partner", "voorzitter", "fg"};
    for (size_t i = 0; i < 3; i++) {
        login_ok(&S, refused[i], &ss);
        cr_assert_eq(
            sess_json_status(&S, &ss, "POST", "/api/figures/council/copies",
                             json_pack("{s:s, s:s}", "period", "2025Q3", "recipient", "Griffie")),
            403, "%s may not issue", refused[i]);
        cr_assert_eq(sess_status(&S, &ss, "GET", "/api/figures/council?period=2025Q3", NULL, NULL),
                     200, "%s reads", refused[i]);
    }
    login_ok(&S, "beheerder", &ss);
    cr_assert_eq(sess_status(&S, &ss, "GET", "/api/figures/council?period=2025Q3", NULL, NULL),
                 403);
    cr_assert_eq(db_int(&S, "SELECT count(*) FROM council_copy"), 2);
}

Test(figures, bad_input_names_the_field_and_changes_nothing)
{
    start();
    struct sess dh;
    struct resp r;
    login_ok(&S, "dossierhouder", &dh);
    char year[11], next[64];
    srv_date(&S, 0, year);
    year[4] = '\0';
    snprintf(next, sizeof(next), "/api/figures/council?period=%dQ1", atoi(year) + 1);
    const char *const bad[] = {"/api/figures/council",
                               "/api/figures/council?period=",
                               "/api/figures/council?period=2025Q5",
                               "/api/figures/council?period=2025Q0",
                               "/api/figures/council?period=2014Q4",
                               "/api/figures/council?period=2025-07",
                               "/api/figures/council?period=abcdef",
                               "/api/figures/council?period=2025Q3x",
                               next};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(sess_json(&S, &dh, "GET", bad[i], NULL, &r), 400, "%s", bad[i]);
        cr_assert(resp_is_problem(&r));
        cr_assert(resp_names_field(&r, "period"), "%s names period", bad[i]);
        resp_free(&r);
    }
    cr_assert_eq(sess_json(&S, &dh, "GET", "/api/figures/council?period=2025Q3&x=1", NULL, &r),
                 400);
    cr_assert(resp_names_field(&r, "x"));
    resp_free(&r);
    char muni[120];
    snprintf(muni, sizeof(muni), "/api/figures/council?period=2025Q3&municipality=%lld",
             (long long)demo_org_id(&S, "Politie eenheid Voorbeeld"));
    cr_assert_eq(sess_json(&S, &dh, "GET", muni, NULL, &r), 400);
    cr_assert(resp_names_field(&r, "municipality"));
    resp_free(&r);

    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    char longname[260];
    memset(longname, 'x', 201);
    longname[201] = '\0';
    struct {
        json_t *body;
        const char *field;
    } cases[] = {
        {json_pack("{s:s, s:s}", "period", "2025Q9", "recipient", "Griffie"), "period"},
        {json_pack("{s:s}", "recipient", "Griffie"), "period"},
        {json_pack("{s:s, s:s}", "period", "2025Q3", "recipient", ""), "recipient"},
        {json_pack("{s:s}", "period", "2025Q3"), "recipient"},
        {json_pack("{s:s, s:s}", "period", "2025Q3", "recipient", longname), "recipient"},
        {json_pack("{s:s, s:s}", "period", "2025Q3", "recipient", "Griffie\nX"), "recipient"},
        {json_pack("{s:s, s:s, s:s}", "period", "2025Q3", "recipient", "Griffie", "extra", "1"),
         "extra"},
        {json_pack("{s:s, s:s, s:I}", "period", "2025Q3", "recipient", "Griffie", "municipality_id",
                   (json_int_t)999999),
         "municipality_id"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cr_assert_eq(sess_json(&S, &dh, "POST", "/api/figures/council/copies", cases[i].body, &r),
                     400, "case %zu", i);
        cr_assert(resp_is_problem(&r));
        cr_assert(resp_names_field(&r, cases[i].field), "case %zu names %s", i, cases[i].field);
        resp_free(&r);
    }
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_assert(memcmp(before, after, 32) == 0, "bad input changed the database");
    cr_assert_eq(db_int(&S, "SELECT count(*) FROM council_copy"), 0);
}

Test(figures, cli_report_writes_a_pdf_and_records_the_copy, .timeout = 300)
{
    if (access("/usr/bin/chromium", X_OK) != 0)
        cr_skip_test("chromium is not installed (scripts/deps.sh)");
    start();
    fixture();
    char pdf[400];
    snprintf(pdf, sizeof(pdf), "%s/../raad-2025Q3.pdf", S.dir);
    char *out = NULL;
    const char *const args[] = {"report", "council",     "--period",
                                "2025Q3", "--recipient", "B. Fictief-Griffier",
                                "--pdf",  pdf,           NULL};
    int rc = srv_run(&S, &out, args);
    cr_assert_eq(rc, 0, "regie report council failed");
    cr_assert_not_null(out);
    cr_assert(strstr(out, "Fictief-Griffier") == NULL, "the recipient's name on stdout");
    cr_assert(strstr(out, "2025Q3") != NULL);
    free(out);
    FILE *f = fopen(pdf, "rb");
    cr_assert_not_null(f, "no PDF written");
    char head[6] = {0};
    cr_assert_eq(fread(head, 1, 5, f), 5);
    fclose(f);
    cr_assert_str_eq(head, "%PDF-");
    unlink(pdf);
    cr_assert_eq(db_int(&S, "SELECT count(*) FROM council_copy WHERE issued_by IS NULL AND "
                            "recipient = 'B. Fictief-Griffier' AND period = '2025Q3'"),
                 1);
    /* no temporary report left behind */
    cr_assert_eq(system("ls -d /tmp/regie-report-* >/dev/null 2>&1") == 0 ? 1 : 0, 0,
                 "temporary report directory left behind");
    /* bad period: usage error, nothing recorded */
    const char *const bad[] = {"report",  "council", "--period", "2025Q7", "--recipient",
                               "Griffie", "--pdf",   pdf,        NULL};
    cr_assert_neq(srv_run(&S, &out, bad), 0);
    free(out);
    cr_assert_eq(db_int(&S, "SELECT count(*) FROM council_copy"), 1);
}
