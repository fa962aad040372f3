/* test_breakglass.c: break-glass access to a case (issue 10 item 5) over real HTTP, against
 * docs/breakglass.md and the policy table src/policy/policy.csv. Acceptance: "Break-glass without
 * reason or second factor is refused; with them it works and appears in the FG queue."
 *
 *  - no reason, a short reason, no code, a wrong code: 400 naming "reason" / "totp", nothing
 *    granted or changed, an authz_denied record in the access log, the case stays 404;
 *  - with a reason and a fresh code: 201 {grant_id, expires_at}; the case opens read-only (a
 *    write is still 404) with a break_glass marker; the grant and every read under it are
 *    break_glass records that the FG's queue lists; the casusregisseur has a task "Break-glass-
 *    toegang door <organisatie> beoordelen" in the work list that does not carry the reason;
 *  - the same code used twice (replay) is refused;
 *  - the grant expires (clock hook): afterwards the case is 404 again;
 *  - roles without break-glass get 403; an organisation without a covenant is refused as for any
 *    case data; a user who can already read the case gets 409;
 *  - the reason never reaches the operational log.
 * Every person and reason in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

#define REASON "Acute melding van de politie over dreiging; casusregisseur onbereikbaar (fictief)."
#define MARKER "BGMARKER-7Q2"

static void start(const char *minutes)
{
    char env[64];
    snprintf(env, sizeof(env), "REGIE_BREAKGLASS_MINUTES=%s", minutes ? minutes : "60");
    const char *envs[] = {env, NULL};
    struct srv_opts o = {.demo = true, .env = envs, .clock = true};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(breakglass, .fini = stop, .timeout = 300);

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

/* The first demo case of the dossierhouder's municipality that user cannot read (404); logs in
 * as user (*as) and as the dossierhouder (*dh). */
static int64_t hidden_case_for(const char *user, struct sess *as, struct sess *dh_out)
{
    struct sess dh_local, *dh = dh_out ? dh_out : &dh_local;
    struct resp r;
    login_ok(&S, "dossierhouder", dh);
    cr_assert_eq(req(dh, "GET", "/api/cases", NULL, &r), 200);
    json_t *items = json_object_get(r.json, "items");
    int64_t found = 0;
    login_ok(&S, user, as);
    for (size_t i = 0; i < json_array_size(items) && !found; i++) {
        int64_t id = jint(json_array_get(items, i), "id");
        char path[64];
        snprintf(path, sizeof(path), "/api/cases/%lld", (long long)id);
        if (st(as, "GET", path, NULL) == 404)
            found = id;
    }
    resp_free(&r);
    cr_assert(found > 0, "no demo case hidden from %s", user);
    return found;
}

static json_t *body(const char *reason, const char *totp)
{
    json_t *j = json_object();
    if (reason)
        json_object_set_new(j, "reason", json_string(reason));
    if (totp)
        json_object_set_new(j, "totp", json_string(totp));
    return j;
}

static void code_for(const char *user, char out[7])
{
    totp_fresh(&S, user, demo_str(&S, user, "totp_secret"), out);
}

static int64_t grants(void)
{
    return db_int(&S, "SELECT count(*) FROM break_glass");
}

/* The records of the request that answered r carry action name (at least one). */
static bool request_logged_as(const struct resp *r, const char *action)
{
    char rid[64];
    resp_request_id(r, rid);
    json_t *recs = audit_records_for(&S, rid, NULL);
    bool found = false;
    size_t i;
    json_t *x;
    json_array_foreach(recs, i, x)
    {
        const char *a = jstr(json_object_get(x, "attributes"), "regie.action");
        found = found || (a && strcmp(a, action) == 0);
    }
    json_decref(recs);
    return found;
}

static bool server_log_has(const char *needle)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/server.log", S.dir);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    char buf[8192];
    bool hit = false;
    while (!hit && fgets(buf, sizeof(buf), f))
        hit = strstr(buf, needle) != NULL;
    fclose(f);
    return hit;
}

/* ---- tests ------------------------------------------------------------------------------------ */

Test(breakglass, refused_without_reason_or_second_factor_and_nothing_changes)
{
    start(NULL);
    struct sess d2;
    int64_t cid = hidden_case_for("dossierhouder2", &d2, NULL);
    char path[80], cpath[64];
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)cid);
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);
    struct resp r;

    req(&d2, "POST", path, body(NULL, NULL), &r);
    expect_problem_field(&r, 400, "reason", "no reason, no code");
    expect_problem_field(&r, 400, "totp", "no reason, no code");
    cr_expect(request_logged_as(&r, "authz_denied"), "refusal not in the access log");
    resp_free(&r);

    char code[7];
    code_for("dossierhouder2", code);
    req(&d2, "POST", path, body("te kort", code), &r);
    expect_problem_field(&r, 400, "reason", "short reason");
    cr_expect(!resp_names_field(&r, "totp"), "a good code is not the problem");
    resp_free(&r);

    req(&d2, "POST", path, body("   " REASON "   ", NULL), &r);
    expect_problem_field(&r, 400, "totp", "no code");
    cr_expect(request_logged_as(&r, "authz_denied"));
    resp_free(&r);

    req(&d2, "POST", path, body(REASON, "12ab56"), &r);
    expect_problem_field(&r, 400, "totp", "malformed code");
    resp_free(&r);

    /* A wrong code: a code of another account's secret. */
    char wrong[7];
    cr_assert(totp_code_at(demo_str(&S, "fg", "totp_secret"), srv_now_ms(&S), wrong));
    char right[7];
    cr_assert(totp_code_at(demo_str(&S, "dossierhouder2", "totp_secret"), srv_now_ms(&S), right));
    if (strcmp(wrong, right) != 0) {
        req(&d2, "POST", path, body(REASON, wrong), &r);
        expect_problem_field(&r, 400, "totp", "wrong code");
        cr_expect(request_logged_as(&r, "authz_denied"), "wrong code not in the access log");
        resp_free(&r);
    }

    json_t *unknown = body(REASON, "123456");
    json_object_set_new(unknown, "minutes", json_integer(600));
    req(&d2, "POST", path, unknown, &r);
    expect_problem_field(&r, 400, "minutes", "unknown member");
    resp_free(&r);

    cr_expect_eq(grants(), 0, "something was granted");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused break-glass changed data");
    cr_expect_eq(st(&d2, "GET", cpath, NULL), 404, "case opened without a grant");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM case_task WHERE code = 'BG'"), 0);
}

Test(breakglass, with_reason_and_code_opens_read_only_flagged_alerted_and_in_fg_queue)
{
    start(NULL);
    struct sess d2, dh;
    int64_t cid = hidden_case_for("dossierhouder2", &d2, &dh);
    char path[80], cpath[64], fpath[80];
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)cid);
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    snprintf(fpath, sizeof(fpath), "/api/cases/%lld/flags", (long long)cid);
    char code[7];
    code_for("dossierhouder2", code);
    struct resp r;
    cr_assert_eq(req(&d2, "POST", path, body(REASON " " MARKER, code), &r), 201);
    int64_t gid = jint(r.json, "grant_id");
    cr_expect(gid > 0, "no grant_id");
    cr_expect_not_null(jstr(r.json, "expires_at"), "no expires_at");
    cr_expect(request_logged_as(&r, "break_glass"), "grant not logged as break_glass");
    resp_free(&r);
    cr_expect_eq(grants(), 1);

    /* The case opens, marked; reading is logged as break_glass. */
    cr_assert_eq(req(&d2, "GET", cpath, NULL, &r), 200);
    json_t *bg = json_object_get(r.json, "break_glass");
    cr_expect(json_is_object(bg), "no break_glass marker in the case");
    cr_expect_eq(jint(bg, "grant_id"), gid);
    cr_expect(request_logged_as(&r, "break_glass"), "read under the grant not flagged");
    cr_expect(!request_logged_as(&r, "read"), "read under the grant logged as a plain read");
    int64_t regisseur = jint(json_object_get(r.json, "casusregisseur"), "id");
    resp_free(&r);
    char spath[80];
    snprintf(spath, sizeof(spath), "/api/cases/%lld/checklist", (long long)cid);
    cr_expect_eq(st(&d2, "GET", spath, NULL), 200, "a section under the grant");

    /* Read-only: a write is still 404 (the grant never opens a write). */
    cr_expect_eq(st(&d2, "POST", fpath,
                    json_pack("{s:s, s:b, s:s}", "flag", "gedetineerd", "on", 1, "rationale",
                              "Fictieve wijziging onder break-glass.")),
                 404, "a write under a break-glass grant");

    /* The own grants. */
    cr_assert_eq(req(&d2, "GET", "/api/break-glass", NULL, &r), 200);
    json_t *items = json_object_get(r.json, "items");
    cr_expect_eq(json_array_size(items), 1);
    cr_expect_eq(jint(json_array_get(items, 0), "case_id"), cid);
    resp_free(&r);

    /* A second grant for the same case: 409 (decided before the code is looked at). */
    cr_expect_eq(st(&d2, "POST", path, body(REASON, "000000")), 409);

    /* The alert: a task for the casusregisseur, naming the organisation, not the reason. */
    char q[160];
    snprintf(q, sizeof(q),
             "SELECT count(*) FROM case_task WHERE code = 'BG' AND state = 'open' AND "
             "case_id = %lld AND owner_id = %lld",
             (long long)cid, (long long)regisseur);
    cr_expect_eq(db_int(&S, q), 1, "no alert task for the casusregisseur");
    cr_expect_eq(regisseur, demo_id(&S, "dossierhouder"), "demo casusregisseur changed");
    {
        cr_assert_eq(req(&dh, "GET", "/api/worklist", NULL, &r), 200);
        bool seen = false;
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(r.json, "items"), i, x)
        {
            const char *t = jstr(x, "title");
            if (t && strstr(t, "Break-glass-toegang door Gemeente Proefdorp"))
                seen = true;
        }
        cr_expect(seen, "the alert is not in the casusregisseur's work list");
        cr_expect(!json_has_substring(r.json, MARKER), "the reason leaked into the work list");
        resp_free(&r);
    }

    /* The FG's queue lists the grant (with its reason) and the reads. */
    struct sess fg;
    login_ok(&S, "fg", &fg);
    cr_assert_eq(req(&fg, "GET", "/api/audit?queue=break_glass", NULL, &r), 200);
    int n_grant = 0, n_read = 0;
    size_t i;
    json_t *x;
    char oid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)cid);
    json_array_foreach(json_object_get(r.json, "items"), i, x)
    {
        json_t *at = json_object_get(x, "attributes");
        const char *o = jstr(at, "regie.object_id"), *f = jstr(at, "regie.fields");
        const char *p = jstr(at, "regie.purpose");
        if (!o || strcmp(o, oid) != 0)
            continue;
        if (f && strcmp(f, "break_glass:grant") == 0) {
            n_grant++;
            cr_expect(p && strstr(p, MARKER), "the grant record does not carry the reason");
        } else {
            n_read++;
        }
    }
    cr_expect_gt(n_grant, 0, "grant not in the FG queue");
    cr_expect_gt(n_read, 0, "reads under the grant not in the FG queue");
    resp_free(&r);

    cr_expect(!server_log_has(MARKER), "the reason reached the operational log");
}

Test(breakglass, replayed_code_is_refused)
{
    start(NULL);
    struct sess jz, dh;
    int64_t cid = hidden_case_for("jeugdzorg", &jz, &dh);
    char path[80];
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)cid);
    char code[7];
    code_for("jeugdzorg", code);
    struct resp r;
    cr_assert_eq(req(&jz, "POST", path, body(REASON, code), &r), 201);
    resp_free(&r);
    /* Partner view: the case reads as a participant would see it. */
    char cpath[64];
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    cr_expect_eq(st(&jz, "GET", cpath, NULL), 200);
    /* The same code again, on another case hidden from this partner. */
    cr_assert_eq(req(&dh, "GET", "/api/cases", NULL, &r), 200);
    int64_t other = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r.json, "items"), i, x)
    {
        char p[64];
        int64_t id = jint(x, "id");
        snprintf(p, sizeof(p), "/api/cases/%lld", (long long)id);
        if (!other && id != cid && st(&jz, "GET", p, NULL) == 404)
            other = id;
    }
    resp_free(&r);
    cr_assert(other > 0, "the demo has only one case hidden from jeugdzorg");
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)other);
    req(&jz, "POST", path, body(REASON, code), &r);
    expect_problem_field(&r, 400, "totp", "replayed code");
    cr_expect(request_logged_as(&r, "authz_denied"), "replay not in the access log");
    resp_free(&r);
    cr_expect_eq(grants(), 1, "a replayed code granted access");
}

Test(breakglass, grant_expires)
{
    REQUIRE_TEST_HOOKS();
    start("1");
    struct sess d2;
    int64_t cid = hidden_case_for("dossierhouder2", &d2, NULL);
    char path[80], cpath[64];
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)cid);
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    char code[7];
    code_for("dossierhouder2", code);
    cr_assert_eq(st(&d2, "POST", path, body(REASON, code)), 201);
    cr_expect_eq(st(&d2, "GET", cpath, NULL), 200);
    srv_clock_set(&S, S.clock_off_ms + 59 * 1000);
    cr_expect_eq(st(&d2, "GET", cpath, NULL), 200, "grant ended early");
    srv_clock_set(&S, S.clock_off_ms + 2 * 1000);
    cr_expect_eq(st(&d2, "GET", cpath, NULL), 404, "grant still open after breakglass_minutes");
    struct resp r;
    cr_assert_eq(req(&d2, "GET", "/api/break-glass", NULL, &r), 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 0, "expired grant listed");
    resp_free(&r);
}

Test(breakglass, who_may_not)
{
    start(NULL);
    struct sess d2, dh;
    int64_t cid = hidden_case_for("dossierhouder2", &d2, &dh);
    char path[80], cpath[64];
    snprintf(path, sizeof(path), "/api/cases/%lld/break-glass", (long long)cid);
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    static const char *const roles[] = {"fg", "raadslid", "melder", "beheerder"};
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
        struct sess s;
        char code[7];
        login_ok(&S, roles[i], &s);
        code_for(roles[i], code);
        cr_expect_eq(st(&s, "POST", path, body(REASON, code)), 403, "%s", roles[i]);
        cr_expect_eq(st(&s, "GET", "/api/break-glass", NULL), 403, "%s", roles[i]);
    }
    /* No covenant: refused as for any case data (the case itself answers the same). */
    struct sess gz;
    char code[7];
    login_ok(&S, "ggz", &gz);
    code_for("ggz", code);
    int want = st(&gz, "GET", cpath, NULL);
    cr_expect(want == 403 || want == 404);
    cr_expect_eq(st(&gz, "POST", path, body(REASON, code)), want, "no covenant");
    /* Already readable: 409, nothing granted. */
    code_for("dossierhouder", code);
    cr_expect_eq(st(&dh, "POST", path, body(REASON, code)), 409);
    /* No such case: 404. */
    code_for("dossierhouder2", code);
    cr_expect_eq(st(&d2, "POST", "/api/cases/999999999/break-glass", body(REASON, code)), 404);
    cr_expect_eq(grants(), 0);
}
