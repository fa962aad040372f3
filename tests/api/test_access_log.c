/* test_access_log.c: the access log from the outside (security.md §2.2-2.3; plan rows L1, L2, L3).
 *
 * L1: every route that returns or changes personal data leaves exactly one record per data subject,
 *     with the request's X-Request-Id, and every mandatory field filled; identity echo and health
 *     leave none. Records are read with `regie audit query` while the server runs (WAL). The data
 *     subject of a record is checked with `regie audit query --account ID`, which makes the server
 *     compute the pseudonym of that account, so the test never needs the log key.
 * L1 fail-closed: with the test-hooks fault file saying "audit" every record append fails; the
 *     request must answer 503 problem+json, show nothing and change nothing (test-hooks build only).
 * L2: a real data dir with signed checkpoints every 5 records and a witness file verifies clean;
 *     a changed byte, a deleted row and a truncated tail (also with its checkpoints removed) are
 *     each caught by `regie audit verify` (exit 3) at the right position.
 * L3: after logins, failed logins, account creation, activation and reset, the operational logs
 *     and the access log contain none of the passwords, TOTP secrets, session or CSRF tokens,
 *     display names or activation codes used.
 * Every test starts its own server with the demo accounts. Nothing secret is printed. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

/* ---- suite setup --------------------------------------------------------------------------- */

static void start(void)
{
    srv_start(&S, true, NULL);
}

/* Stops the server if a test has not already done so, and removes the temp dir. */
static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
    else
        srv_stop(&S, false);
}

TestSuite(access_log, .init = start, .fini = stop, .timeout = 240);

/* ---- helpers ------------------------------------------------------------------------------- */

/* The directory that holds the data dir (and server.log's sibling cli.log, witness, copies). */
static void top_dir(const struct srv *s, char *out, size_t cap)
{
    snprintf(out, cap, "%s", s->dir);
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
}

/* Every record (one query page), newest first; fails when the log outgrew one page. */
static json_t *query_log(struct srv *s, const char *opt, const char *val)
{
    json_t *arr = audit_query(s, opt, val);
    cr_assert(json_array_size(arr) < 1000, "log larger than one query page: test too big");
    return arr;
}

static json_t *attrs(const json_t *rec)
{
    return json_object_get(rec, "attributes");
}

static const char *attr_s(const json_t *rec, const char *key)
{
    return json_string_value(json_object_get(attrs(rec), key));
}

static int64_t attr_i(const json_t *rec, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(attrs(rec), key));
}

/* The records of the log (or of the --account filter) with regie.request_id == id. */
static json_t *filter_req(const json_t *all, const char *id)
{
    json_t *out = json_array();
    size_t i;
    json_t *rec;
    json_array_foreach(all, i, rec)
    {
        const char *rid = attr_s(rec, "regie.request_id");
        if (rid && strcmp(rid, id) == 0)
            json_array_append(out, rec);
    }
    return out;
}

/* Every access-log record written for request id (caller decrefs). */
static json_t *records_for(struct srv *s, const char *id)
{
    json_t *all = query_log(s, NULL, NULL);
    json_t *out = filter_req(all, id);
    json_decref(all);
    return out;
}

static size_t log_size(struct srv *s)
{
    json_t *all = query_log(s, NULL, NULL);
    size_t n = json_array_size(all);
    json_decref(all);
    return n;
}

static void req_id(const struct resp *r, char out[64])
{
    cr_assert(resp_header(r, "X-Request-Id", out, 64), "response has no X-Request-Id");
    cr_assert(strlen(out) >= 8, "X-Request-Id too short");
}

/* Runs a request (with session ss when not NULL; body is JSON when not NULL) and returns the
 * records that carry its X-Request-Id. r receives the response (caller frees), id its id. */
static json_t *logged(struct srv *s, const struct sess *ss, const char *method, const char *path,
                      const char *body, struct resp *r, char id[64])
{
    const char *ct = body ? "application/json" : NULL;
    int rc = ss ? sess_do(s, ss, method, path, ct, body, NULL, r)
                : http_do(s, method, path, ct, body, NULL, r);
    cr_assert_eq(rc, 0, "%s %s: no response", method, path);
    req_id(r, id);
    return records_for(s, id);
}

static bool is_hex(const char *s, size_t n)
{
    if (s == NULL || strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static bool all_zero_hex(const char *s)
{
    return s[strspn(s, "0")] == '\0';
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* What one record must say. */
struct want {
    const char *name;        /* LDV name = action */
    const char *status;      /* "Ok" or "Error" */
    const char *outcome;     /* "ok", "denied" */
    const char *object_type;
    int64_t user_id;         /* expected regie.user_id (0 = nobody) */
    const char *role;        /* expected regie.role; NULL = not checked (nobody acted yet) */
    bool subject;            /* a data subject is present */
};

/* Checks the mandatory fields of one record (security.md §2.2, LDV) and the expected values. */
static void check_record(const json_t *rec, const struct want *w, const char *id)
{
    const char *name = json_string_value(json_object_get(rec, "name"));
    cr_assert(nonempty(name), "record without name");
    cr_expect_str_eq(name, w->name, "record name %s, want %s", name, w->name);
    const char *st = json_string_value(json_object_get(rec, "start_time"));
    cr_expect(nonempty(st) && strlen(st) >= 20 && st[4] == '-' && st[10] == 'T' &&
                  st[strlen(st) - 1] == 'Z',
              "%s: start_time is not RFC 3339 UTC", name);
    const char *trace = json_string_value(json_object_get(rec, "trace_id"));
    cr_expect(is_hex(trace, 32) && !all_zero_hex(trace), "%s: trace_id not 32 hex / all zero", name);
    const char *span = json_string_value(json_object_get(rec, "span_id"));
    cr_expect(is_hex(span, 16) && !all_zero_hex(span), "%s: span_id not 16 hex / all zero", name);
    const char *sc = json_string_value(json_object_get(rec, "status_code"));
    cr_expect(nonempty(sc) && strcmp(sc, w->status) == 0, "%s: status_code %s, want %s", name,
              sc ? sc : "(none)", w->status);
    cr_expect(json_is_integer(json_object_get(rec, "seq")), "%s: no seq", name);
    cr_expect(nonempty(attr_s(rec, "dpl.core.processing_activity_id")),
              "%s: processing_activity_id empty", name);
    cr_expect(nonempty(attr_s(rec, "regie.legal_basis")), "%s: legal_basis empty", name);
    const char *ot = attr_s(rec, "regie.object_type");
    cr_expect(nonempty(ot) && strcmp(ot, w->object_type) == 0, "%s: object_type %s, want %s",
              name, ot ? ot : "(none)", w->object_type);
    const char *rid = attr_s(rec, "regie.request_id");
    cr_expect(nonempty(rid) && strcmp(rid, id) == 0, "%s: request_id differs from X-Request-Id",
              name);
    cr_expect(nonempty(attr_s(rec, "regie.client_addr")), "%s: client_addr empty", name);
    const char *oc = attr_s(rec, "regie.outcome");
    cr_expect(nonempty(oc) && strcmp(oc, w->outcome) == 0, "%s: outcome %s, want %s", name,
              oc ? oc : "(none)", w->outcome);
    int64_t uid = attr_i(rec, "regie.user_id");
    cr_expect_eq(uid, w->user_id, "%s: user_id %lld, want %lld", name, (long long)uid,
                 (long long)w->user_id);
    if (w->user_id > 0)
        cr_expect(attr_i(rec, "regie.org_id") > 0, "%s: org_id missing for a known user", name);
    if (w->role != NULL) {
        const char *role = attr_s(rec, "regie.role");
        cr_expect(nonempty(role) && strcmp(role, w->role) == 0, "%s: role '%s', want '%s'", name,
                  role ? role : "(none)", w->role);
    }
    const char *subj = attr_s(rec, "dpl.core.data_subject_id");
    if (w->subject) {
        cr_expect(is_hex(subj, 64), "%s: data_subject_id is not a 64-hex pseudonym", name);
        cr_expect(nonempty(attr_s(rec, "dpl.core.data_subject_id_type")),
                  "%s: data_subject_id_type empty", name);
    } else {
        cr_expect(json_is_null(json_object_get(attrs(rec), "dpl.core.data_subject_id")),
                  "%s: unexpected data subject", name);
    }
}

/* Exactly one record for request id, matching w. Returns it (borrowed from recs). */
static const json_t *one_record(json_t *recs, const struct want *w, const char *id)
{
    cr_assert_eq(json_array_size(recs), 1, "%s: %zu records, want exactly 1", w->name,
                 json_array_size(recs));
    const json_t *rec = json_array_get(recs, 0);
    check_record(rec, w, id);
    return rec;
}

/* Asserts that the record's data subject is account uid: the server's own --account filter
 * (pseudonym of "user:<uid>") must return exactly this request's record(s) with that subject. */
static void expect_subject_is_account(struct srv *s, const json_t *rec, int64_t uid)
{
    char v[32];
    snprintf(v, sizeof(v), "%lld", (long long)uid);
    json_t *mine = query_log(s, "--account", v);
    const char *rid = attr_s(rec, "regie.request_id");
    const char *subj = attr_s(rec, "dpl.core.data_subject_id");
    json_t *hits = filter_req(mine, rid);
    bool found = false;
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h)
    {
        const char *hs = attr_s(h, "dpl.core.data_subject_id");
        if (hs && subj && strcmp(hs, subj) == 0 &&
            json_integer_value(json_object_get(h, "seq")) ==
                json_integer_value(json_object_get(rec, "seq")))
            found = true;
    }
    cr_expect(found, "%s record (seq %lld): its data subject is not account %lld",
              json_string_value(json_object_get(rec, "name")),
              (long long)json_integer_value(json_object_get(rec, "seq")), (long long)uid);
    json_decref(hits);
    json_decref(mine);
}

/* Request with a JSON body built from obj (stolen). */
static json_t *logged_json(struct srv *s, const struct sess *ss, const char *method,
                           const char *path, json_t *obj, struct resp *r, char id[64])
{
    char *body = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    json_t *recs = logged(s, ss, method, path, body, r, id);
    sodium_memzero(body, strlen(body));
    free(body);
    return recs;
}

/* POST /api/users as adm; returns the new user's id and copies the activation code. */
static int64_t create_user(struct srv *s, const struct sess *adm, const char *username,
                           const char *display, char *code_out, size_t cap)
{
    char *body = NULL;
    json_t *obj = json_pack("{s:s, s:s, s:I, s:[s]}", "username", username, "display_name",
                            display, "org_id", (json_int_t)adm->org_id, "roles", "melder");
    body = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    struct resp r;
    cr_assert_eq(sess_do(s, adm, "POST", "/api/users", "application/json", body, NULL, &r), 0);
    free(body);
    cr_assert_eq(r.status, 201, "create user: %d", r.status);
    const char *code = json_string_value(json_object_get(r.json, "activation_code"));
    cr_assert(code != NULL && strlen(code) < cap, "no activation code");
    snprintf(code_out, cap, "%s", code);
    int64_t id = (int64_t)json_integer_value(
        json_object_get(json_object_get(r.json, "user"), "id"));
    cr_assert(id > 0, "created user has no id");
    resp_free(&r);
    return id;
}

/* A random password of n letters and digits (passes the policy for n >= 15). */
static void random_password(char *out, size_t n)
{
    static const char al[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (size_t i = 0; i < n; i++)
        out[i] = al[randombytes_uniform(sizeof(al) - 1)];
    out[n] = '\0';
}

/* Id of one of ss's sessions other than the current one (GET /api/sessions). */
static int64_t other_session_id(struct srv *s, const struct sess *ss)
{
    struct resp r;
    cr_assert_eq(sess_do(s, ss, "GET", "/api/sessions", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "GET /api/sessions: %d", r.status);
    int64_t other = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        if (!json_is_true(json_object_get(it, "current")))
            other = (int64_t)json_integer_value(json_object_get(it, "id"));
    }
    resp_free(&r);
    cr_assert(other > 0, "no second session listed");
    return other;
}

/* ---- L1: one record per data subject per operation ----------------------------------------- */

Test(access_log, login_one_record_about_the_user)
{
    const char *pw = demo_str(&S, "beheerder", "password");
    const char *secret = demo_str(&S, "beheerder", "totp_secret");
    int64_t uid = demo_id(&S, "beheerder");
    char code[7], id[64];
    totp_fresh(&S, "beheerder", secret, code);
    struct resp r;
    struct sess ss;
    cr_assert_eq(login_with(&S, "beheerder", pw, code, &ss, &r), 201, "login: %d", r.status);
    req_id(&r, id);
    resp_free(&r);
    json_t *recs = records_for(&S, id);
    struct want w = {"login", "Ok", "ok", "session", uid, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, uid);
    json_decref(recs);
}

Test(access_log, failed_login_wrong_password_one_record)
{
    int64_t uid = demo_id(&S, "melder");
    char id[64];
    struct resp r;
    cr_assert_eq(login_with(&S, "melder", "dit-is-niet-het-wachtwoord", "123456", NULL, &r), 401,
                 "wrong password: %d", r.status);
    req_id(&r, id);
    resp_free(&r);
    json_t *recs = records_for(&S, id);
    /* Nobody acted yet: the claimed account is the subject; no role is claimed. */
    struct want w = {"login_failed", "Error", "denied", "session", uid, NULL, true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, uid);
    json_decref(recs);
}

Test(access_log, failed_login_unknown_user_no_subject)
{
    char id[64];
    struct resp r;
    cr_assert_eq(login_with(&S, "bestaat.niet", "dit-is-niet-het-wachtwoord", "123456", NULL, &r),
                 401, "unknown user: %d", r.status);
    req_id(&r, id);
    resp_free(&r);
    json_t *recs = records_for(&S, id);
    struct want w = {"login_failed", "Error", "denied", "session", 0, NULL, false};
    const json_t *rec = one_record(recs, &w, id);
    cr_expect_eq(attr_i(rec, "regie.org_id"), 0, "org_id set for an unknown account");
    json_decref(recs);
}

Test(access_log, user_list_one_read_per_listed_account)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &adm, "GET", "/api/users", NULL, &r, id);
    cr_assert_eq(r.status, 200, "GET /api/users: %d", r.status);
    json_t *items = json_object_get(r.json, "items");
    size_t n = json_array_size(items);
    cr_assert(n >= 9, "only %zu accounts listed (demo has 9)", n);
    cr_assert_eq(json_array_size(recs), n, "%zu read records for %zu listed accounts",
                 json_array_size(recs), n);
    struct want w = {"read", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    size_t i;
    json_t *rec;
    json_array_foreach(recs, i, rec)
        check_record(rec, &w, id);
    /* Distinct subjects: no account twice, none left out. */
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            const char *sa = attr_s(json_array_get(recs, a), "dpl.core.data_subject_id");
            const char *sb = attr_s(json_array_get(recs, b), "dpl.core.data_subject_id");
            cr_expect(sa && sb && strcmp(sa, sb) != 0, "records %zu and %zu share a subject", a,
                      b);
        }
    /* Each listed account has exactly one record of this request under its own pseudonym. */
    json_t *it;
    json_array_foreach(items, i, it)
    {
        char v[32];
        snprintf(v, sizeof(v), "%lld", (long long)json_integer_value(json_object_get(it, "id")));
        json_t *mine = query_log(&S, "--account", v);
        json_t *hits = filter_req(mine, id);
        cr_expect_eq(json_array_size(hits), 1, "listed account #%zu has %zu records of the list",
                     i, json_array_size(hits));
        json_decref(hits);
        json_decref(mine);
    }
    json_decref(recs);
    resp_free(&r);
}

Test(access_log, user_create_one_record)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    char id[64];
    json_t *recs = logged_json(&S, &adm, "POST", "/api/users",
                               json_pack("{s:s, s:s, s:I, s:[s]}", "username", "nieuw.lid",
                                         "display_name", "Nieuw Lid (test)", "org_id",
                                         (json_int_t)adm.org_id, "roles", "melder"),
                               &r, id);
    cr_assert_eq(r.status, 201, "create user: %d", r.status);
    int64_t nid = (int64_t)json_integer_value(json_object_get(json_object_get(r.json, "user"), "id"));
    resp_free(&r);
    struct want w = {"create", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, nid);
    json_decref(recs);
}

Test(access_log, user_disable_one_record)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t target = demo_id(&S, "melder");
    char path[64], id[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)target);
    struct resp r;
    json_t *recs = logged(&S, &adm, "POST", path, NULL, &r, id);
    cr_assert_eq(r.status, 200, "disable: %d", r.status);
    resp_free(&r);
    struct want w = {"update", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    cr_expect_str_eq(attr_s(rec, "regie.fields"), "status");
    expect_subject_is_account(&S, rec, target);
    json_decref(recs);
}

Test(access_log, user_reset_one_record)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t target = demo_id(&S, "melder");
    char path[64], id[64];
    snprintf(path, sizeof(path), "/api/users/%lld/reset", (long long)target);
    struct resp r;
    json_t *recs = logged(&S, &adm, "POST", path, NULL, &r, id);
    cr_assert_eq(r.status, 200, "reset: %d", r.status);
    resp_free(&r);
    struct want w = {"update", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, target);
    json_decref(recs);
}

Test(access_log, user_read_one_record)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t target = demo_id(&S, "melder");
    char path[64], id[64];
    snprintf(path, sizeof(path), "/api/users/%lld", (long long)target);
    struct resp r;
    json_t *recs = logged(&S, &adm, "GET", path, NULL, &r, id);
    cr_assert_eq(r.status, 200, "GET /api/users/{id}: %d", r.status);
    resp_free(&r);
    struct want w = {"read", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    char oid[32];
    snprintf(oid, sizeof(oid), "%lld", (long long)target);
    cr_expect_str_eq(attr_s(rec, "regie.object_id"), oid);
    expect_subject_is_account(&S, rec, target);
    json_decref(recs);
}

Test(access_log, user_deputy_one_update)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t target = demo_id(&S, "voorzitter"), deputy = demo_id(&S, "dossierhouder");
    char path[64], id[64], body[64];
    snprintf(path, sizeof(path), "/api/users/%lld/deputy", (long long)target);
    snprintf(body, sizeof(body), "{\"deputy_of\":%lld}", (long long)deputy);
    struct resp r;
    json_t *recs = logged(&S, &adm, "POST", path, body, &r, id);
    cr_assert_eq(r.status, 200, "POST /api/users/{id}/deputy: %d", r.status);
    resp_free(&r);
    struct want w = {"update", "Ok", "ok", "user", adm.user_id, "beheerder", true};
    const json_t *rec = one_record(recs, &w, id);
    cr_expect_str_eq(attr_s(rec, "regie.fields"), "deputy_of");
    expect_subject_is_account(&S, rec, target);
    json_decref(recs);
}

Test(access_log, own_password_change_one_update)
{
    struct sess ss;
    login_ok(&S, "melder", &ss);
    char pw[32];
    random_password(pw, 24);
    struct resp r;
    char id[64];
    json_t *recs = logged_json(&S, &ss, "POST", "/api/account/password",
                               json_pack("{s:s, s:s}", "current_password",
                                         demo_str(&S, "melder", "password"), "new_password", pw),
                               &r, id);
    sodium_memzero(pw, sizeof(pw));
    cr_assert_eq(r.status, 204, "password change: %d", r.status);
    resp_free(&r);
    struct want w = {"update", "Ok", "ok", "user", ss.user_id, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    cr_expect_str_eq(attr_s(rec, "regie.fields"), "password");
    expect_subject_is_account(&S, rec, ss.user_id);
    json_decref(recs);
}

Test(access_log, logout_one_record)
{
    struct sess ss;
    login_ok(&S, "melder", &ss);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &ss, "DELETE", "/api/session", NULL, &r, id);
    cr_assert_eq(r.status, 204, "logout: %d", r.status);
    resp_free(&r);
    struct want w = {"logout", "Ok", "ok", "session", ss.user_id, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, ss.user_id);
    json_decref(recs);
}

Test(access_log, sessions_list_one_read)
{
    struct sess ss;
    login_ok(&S, "melder", &ss);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &ss, "GET", "/api/sessions", NULL, &r, id);
    cr_assert_eq(r.status, 200, "GET /api/sessions: %d", r.status);
    resp_free(&r);
    struct want w = {"read", "Ok", "ok", "session", ss.user_id, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, ss.user_id);
    json_decref(recs);
}

Test(access_log, session_end_one_one_delete)
{
    struct sess a, b;
    login_ok(&S, "melder", &a);
    login_ok(&S, "melder", &b);
    int64_t other = other_session_id(&S, &a);
    char path[64], id[64];
    snprintf(path, sizeof(path), "/api/sessions/%lld", (long long)other);
    struct resp r;
    json_t *recs = logged(&S, &a, "DELETE", path, NULL, &r, id);
    cr_assert_eq(r.status, 204, "DELETE %s: %d", "/api/sessions/{id}", r.status);
    resp_free(&r);
    struct want w = {"delete", "Ok", "ok", "session", a.user_id, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, a.user_id);
    json_decref(recs);
}

Test(access_log, sessions_end_others_one_delete)
{
    struct sess a, b;
    login_ok(&S, "melder", &a);
    login_ok(&S, "melder", &b);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &a, "DELETE", "/api/sessions", NULL, &r, id);
    cr_assert_eq(r.status, 204, "DELETE /api/sessions: %d", r.status);
    resp_free(&r);
    struct want w = {"delete", "Ok", "ok", "session", a.user_id, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, a.user_id);
    json_decref(recs);
}

Test(access_log, activation_start_and_confirm_one_update_each)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    char acode[64];
    int64_t nid = create_user(&S, &adm, "nieuw.lid", "Nieuw Lid (test)", acode, sizeof(acode));
    char pw[32];
    random_password(pw, 24);
    struct resp r;
    char id[64];
    json_t *recs = logged_json(&S, NULL, "POST", "/api/activation",
                               json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid",
                                         "activation_code", acode, "password", pw),
                               &r, id);
    sodium_memzero(pw, sizeof(pw));
    cr_assert_eq(r.status, 200, "activation step 1: %d", r.status);
    char secret[128];
    const char *sec = json_string_value(json_object_get(r.json, "totp_secret"));
    cr_assert(sec != NULL && strlen(sec) < sizeof(secret), "no totp_secret");
    snprintf(secret, sizeof(secret), "%s", sec);
    resp_free(&r);
    /* The account acts on itself: user_id and role are the new account's. */
    struct want w = {"update", "Ok", "ok", "user", nid, "melder", true};
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, nid);
    json_decref(recs);

    char c[7];
    totp_fresh(&S, "nieuw.lid", secret, c);
    sodium_memzero(secret, sizeof(secret));
    recs = logged_json(&S, NULL, "POST", "/api/activation/confirm",
                       json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                 acode, "totp", c),
                       &r, id);
    cr_assert_eq(r.status, 204, "activation step 2: %d", r.status);
    resp_free(&r);
    rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, nid);
    json_decref(recs);
    sodium_memzero(acode, sizeof(acode));
}

Test(access_log, account_with_every_role_can_be_logged)
{
    /* An account may hold all 8 roles (POST /api/users accepts them); its records must still be
     * writable: the comma-separated role names are 74 bytes. */
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    char id[64];
    json_t *recs = logged_json(&S, &adm, "POST", "/api/users",
                               json_pack("{s:s, s:s, s:I, s:[s,s,s,s,s,s,s,s]}", "username",
                                         "veel.rollen", "display_name", "Veel Rollen (test)",
                                         "org_id", (json_int_t)adm.org_id, "roles", "beheerder",
                                         "dossierhouder", "voorzitter", "partner", "melder",
                                         "burgemeester", "raadslid", "fg"),
                               &r, id);
    cr_assert_eq(r.status, 201, "create a user with every role: %d", r.status);
    char acode[64];
    snprintf(acode, sizeof(acode), "%s",
             json_string_value(json_object_get(r.json, "activation_code")));
    int64_t nid = (int64_t)json_integer_value(json_object_get(json_object_get(r.json, "user"), "id"));
    resp_free(&r);
    json_decref(recs);
    char pw[32];
    random_password(pw, 24);
    recs = logged_json(&S, NULL, "POST", "/api/activation",
                       json_pack("{s:s, s:s, s:s}", "username", "veel.rollen", "activation_code",
                                 acode, "password", pw),
                       &r, id);
    json_decref(recs);
    if (r.status != 200)
        resp_free(&r); /* no leak report on top of the failure */
    cr_assert_eq(r.status, 200, "activation step 1 of an account with every role: %d", r.status);
    char secret[128];
    snprintf(secret, sizeof(secret), "%s", json_string_value(json_object_get(r.json, "totp_secret")));
    resp_free(&r);
    char c[7];
    totp_fresh(&S, "veel.rollen", secret, c);
    recs = logged_json(&S, NULL, "POST", "/api/activation/confirm",
                       json_pack("{s:s, s:s, s:s}", "username", "veel.rollen", "activation_code",
                                 acode, "totp", c),
                       &r, id);
    cr_assert_eq(r.status, 204, "activation step 2: %d", r.status);
    resp_free(&r);
    json_decref(recs);
    struct sess ss;
    totp_fresh(&S, "veel.rollen", secret, c);
    cr_assert_eq(login_with(&S, "veel.rollen", pw, c, &ss, NULL), 201, "login with every role");
    sodium_memzero(pw, sizeof(pw));
    sodium_memzero(secret, sizeof(secret));
    recs = logged(&S, &ss, "GET", "/api/sessions", NULL, &r, id);
    cr_expect_eq(r.status, 200, "GET /api/sessions with every role: %d", r.status);
    resp_free(&r);
    struct want w = {"read", "Ok", "ok", "session", nid,
                     "beheerder,dossierhouder,voorzitter,partner,melder,burgemeester,raadslid,fg",
                     true};
    one_record(recs, &w, id);
    json_decref(recs);
}

Test(access_log, denied_route_one_authz_denied)
{
    struct sess rl;
    login_ok(&S, "raadslid", &rl);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &rl, "GET", "/api/users", NULL, &r, id);
    cr_assert_eq(r.status, 403, "raadslid GET /api/users: %d", r.status);
    cr_expect(r.json == NULL || json_object_get(r.json, "items") == NULL, "403 with a list");
    resp_free(&r);
    struct want w = {"authz_denied", "Error", "denied", "user", rl.user_id, "raadslid", false};
    const json_t *rec = one_record(recs, &w, id);
    cr_expect_str_eq(attr_s(rec, "regie.fields"), "list", "denied action not recorded");
    json_decref(recs);
}

Test(access_log, every_record_names_a_registered_activity)
{
    /* The processing activity must point into the register (Art. 30 GDPR), never a placeholder:
     * also for denials on objects without personal data (regions) and on the log itself. */
    struct sess rl;
    login_ok(&S, "raadslid", &rl);
    const char *paths[] = {"/api/regions", "/api/audit", "/api/users"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        struct resp r;
        char id[64];
        json_t *recs = logged(&S, &rl, "GET", paths[i], NULL, &r, id);
        cr_expect_eq(r.status, 403, "raadslid GET %s: %d", paths[i], r.status);
        resp_free(&r);
        cr_expect_eq(json_array_size(recs), 1, "GET %s: %zu records", paths[i],
                     json_array_size(recs));
        const char *act = attr_s(json_array_get(recs, 0), "dpl.core.processing_activity_id");
        cr_expect(nonempty(act) && strstr(act, "onbekend") == NULL,
                  "GET %s: denial logged under processing activity '%s'", paths[i],
                  act ? act : "(none)");
        json_decref(recs);
    }
}

Test(access_log, fg_audit_query_one_log_view)
{
    struct sess fg;
    login_ok(&S, "fg", &fg);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &fg, "GET", "/api/audit", NULL, &r, id);
    cr_assert_eq(r.status, 200, "fg GET /api/audit: %d", r.status);
    /* The answer holds its own record, as the newest: the log view is logged before the log is
     * read, and the read sees that commit (the request's read snapshot ends once it is made). */
    json_t *newest = json_array_get(json_object_get(r.json, "items"), 0);
    const char *nrid = jstr(json_object_get(newest, "attributes"), "regie.request_id");
    cr_expect(nrid != NULL && strcmp(nrid, id) == 0,
              "the newest record in the answer is not this query's own log view");
    resp_free(&r);
    struct want w = {"log_view", "Ok", "ok", "audit_log", fg.user_id, "fg", false};
    one_record(recs, &w, id);
    json_decref(recs);

    /* Searching the log for one account: the searched account is the record's subject. */
    int64_t target = demo_id(&S, "melder");
    char path[64];
    snprintf(path, sizeof(path), "/api/audit?account=%lld", (long long)target);
    recs = logged(&S, &fg, "GET", path, NULL, &r, id);
    cr_assert_eq(r.status, 200, "fg GET /api/audit?account: %d", r.status);
    resp_free(&r);
    w.subject = true;
    const json_t *rec = one_record(recs, &w, id);
    expect_subject_is_account(&S, rec, target);
    json_decref(recs);
}

/* The review queue "accesses by an organisation that was not the owner or a participant at that
 * moment": the demo region's traffic (a melder's receipt, partners adding information after
 * their invitation, a named reader of an ambtsbericht) is all expected, so nothing is flagged;
 * the query itself is a log_view. */
Test(access_log, fg_review_queue_not_participant)
{
    struct sess fg, p;
    login_ok(&S, "partner", &p);
    cr_assert_eq(sess_status(&S, &p, "GET", "/api/signals", NULL, NULL), 200);
    login_ok(&S, "fg", &fg);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &fg, "GET", "/api/audit?queue=not_participant", NULL, &r, id);
    cr_assert_eq(r.status, 200, "fg review queue: %d", r.status);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 0,
                 "%zu expected accesses flagged", json_array_size(json_object_get(r.json, "items")));
    resp_free(&r);
    struct want w = {"log_view", "Ok", "ok", "audit_log", fg.user_id, "fg", false};
    one_record(recs, &w, id);
    json_decref(recs);
    cr_expect_eq(sess_status(&S, &fg, "GET", "/api/audit?queue=everything", NULL, NULL), 400);
}

/* One person in two signals has two person rows (each signal its own data key): the FG's search
 * by BSN covers both. */
Test(access_log, fg_search_by_bsn_covers_every_signal_of_the_person)
{
    struct sess d, fg;
    login_ok(&S, "dossierhouder", &d);
    int64_t ids[2] = {0};
    for (int i = 0; i < 2; i++) {
        struct resp r;
        json_t *body = json_pack("{s:s, s:[{s:s, s:s}], s:s, s:{s:b}}", "route", "professional",
                                 "subjects", "name", "Fictief Tweemaal", "bsn", "123456782",
                                 "observed", "Fictief: tweede melding over dezelfde persoon.",
                                 "acute", "danger", false);
        cr_assert_eq(sess_json(&S, &d, "POST", "/api/signals", body, &r), 201, "create %d", i);
        ids[i] = (int64_t)json_integer_value(json_object_get(r.json, "id"));
        resp_free(&r);
    }
    login_ok(&S, "fg", &fg);
    struct resp r;
    cr_assert_eq(sess_json(&S, &fg, "GET", "/api/audit?person_bsn=123456782&limit=1000", NULL, &r),
                 200);
    bool seen[2] = {false, false};
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        const char *oid = json_string_value(
            json_object_get(json_object_get(it, "attributes"), "regie.object_id"));
        for (int k = 0; oid && k < 2; k++)
            if (strtoll(oid, NULL, 10) == ids[k])
                seen[k] = true;
    }
    resp_free(&r);
    cr_expect(seen[0] && seen[1], "records of the first (%d) and the second (%d) signal", seen[0],
              seen[1]);
}

Test(access_log, identity_echo_and_health_not_logged)
{
    struct sess ss;
    login_ok(&S, "melder", &ss);
    size_t before = log_size(&S);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &ss, "GET", "/api/session", NULL, &r, id);
    cr_assert_eq(r.status, 200, "GET /api/session: %d", r.status);
    resp_free(&r);
    cr_expect_eq(json_array_size(recs), 0, "GET /api/session left %zu records",
                 json_array_size(recs));
    json_decref(recs);
    recs = logged(&S, NULL, "GET", "/api/health", NULL, &r, id);
    cr_assert_eq(r.status, 200, "GET /api/health: %d", r.status);
    resp_free(&r);
    cr_expect_eq(json_array_size(recs), 0, "GET /api/health left %zu records",
                 json_array_size(recs));
    json_decref(recs);
    cr_expect_eq(log_size(&S), before, "the log grew without a logged operation");
}

Test(access_log, records_of_one_request_share_a_trace)
{
    /* One processing = one trace (LDV): all records of the list carry the same trace_id, and
     * a second request gets a new trace. A W3C traceparent from a partner is taken over. */
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    char id[64];
    json_t *recs = logged(&S, &adm, "GET", "/api/users", NULL, &r, id);
    cr_assert_eq(r.status, 200);
    resp_free(&r);
    cr_assert(json_array_size(recs) > 1);
    const char *t0 = json_string_value(json_object_get(json_array_get(recs, 0), "trace_id"));
    size_t i;
    json_t *rec;
    json_array_foreach(recs, i, rec)
        cr_expect_str_eq(json_string_value(json_object_get(rec, "trace_id")), t0);
    char first[33];
    snprintf(first, sizeof(first), "%s", t0);
    json_decref(recs);

    recs = logged(&S, &adm, "GET", "/api/sessions", NULL, &r, id);
    resp_free(&r);
    cr_assert_eq(json_array_size(recs), 1);
    cr_expect(strcmp(json_string_value(json_object_get(json_array_get(recs, 0), "trace_id")),
                     first) != 0,
              "two requests share a trace_id");
    json_decref(recs);

    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/sessions", NULL, NULL,
                         "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n",
                         &r),
                 0);
    req_id(&r, id);
    resp_free(&r);
    recs = records_for(&S, id);
    cr_assert_eq(json_array_size(recs), 1);
    rec = json_array_get(recs, 0);
    cr_expect_str_eq(json_string_value(json_object_get(rec, "trace_id")),
                     "4bf92f3577b34da6a3ce929d0e0e4736");
    cr_expect_str_eq(json_string_value(json_object_get(rec, "parent_span_id")), "00f067aa0ba902b7");
    json_decref(recs);
}

/* ---- L1 fail closed: the log cannot be written (test-hooks build) --------------------------- */

static char fault_path[300];
static char fault_env[340];

static void fault_set(bool on)
{
    FILE *f = fopen(fault_path, "w");
    cr_assert_not_null(f, "cannot write the fault file");
    if (on)
        fputs("audit\n", f);
    cr_assert_eq(fclose(f), 0);
}

static void fault_start(void)
{
    srv_start(&S, true, NULL);
    char top[256];
    top_dir(&S, top, sizeof(top));
    snprintf(fault_path, sizeof(fault_path), "%s/fault", top);
    snprintf(fault_env, sizeof(fault_env), "REGIE_TEST_FAULT_FILE=%s", fault_path);
    fault_set(false);
    const char *env[] = {fault_env, NULL};
    struct srv_opts o = {.env = env};
    srv_restart(&S, &o);
}

TestSuite(access_log_fault, .init = fault_start, .fini = stop, .timeout = 240);

#define REQUIRE_FAULT_HOOK()                                                                      \
    do {                                                                                          \
        if (!regie_test_hooks())                                                                  \
            cr_skip_test("needs the REGIE_TEST_FAULT_FILE hook of a -Dtest_hooks=true build "     \
                         "(runs in build-asan)");                                                 \
    } while (0)

static void expect_503(const struct resp *r, const char *what)
{
    char ct[128];
    cr_expect_eq(r->status, 503, "%s with the log failing: %d, want 503", what, r->status);
    cr_expect(resp_header(r, "Content-Type", ct, sizeof(ct)) &&
                  strncmp(ct, "application/problem+json", 24) == 0,
              "%s: 503 is not problem+json", what);
    cr_expect(r->json != NULL && json_integer_value(json_object_get(r->json, "status")) == 503,
              "%s: problem body", what);
    cr_expect(json_object_get(r->json, "items") == NULL && json_object_get(r->json, "user") == NULL,
              "%s: 503 body carries data", what);
}

static int64_t count_rows(const struct srv *s, const char *sql)
{
    int64_t n = db_int(s, sql); /* SQLite, or the suite's PostgreSQL database */
    cr_assert(n >= 0, "%s failed", sql);
    return n;
}

/* Does the body mention any demo account (username as a JSON string or, if long, anywhere; or a
 * display name)? */
static bool mentions_an_account(const struct srv *s, const char *body)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(s->demo, "accounts"), i, a)
    {
        const char *u = json_string_value(json_object_get(a, "username"));
        const char *d = json_string_value(json_object_get(a, "display_name"));
        char q[80];
        snprintf(q, sizeof(q), "\"%s\"", u);
        if (strstr(body, q) || (strlen(u) >= 5 && strstr(body, u)) || (d && strstr(body, d)))
            return true;
    }
    return false;
}

Test(access_log_fault, login_fails_closed)
{
    REQUIRE_FAULT_HOOK();
    int64_t sessions = count_rows(&S, "SELECT count(*) FROM session");
    fault_set(true);
    const char *pw = demo_str(&S, "fg", "password");
    const char *secret = demo_str(&S, "fg", "totp_secret");
    char code[7], id[64];
    totp_fresh(&S, "fg", secret, code);
    struct resp r;
    int st = login_with(&S, "fg", pw, code, NULL, &r);
    expect_503(&r, "login");
    cr_expect_eq(resp_header_count(&r, "Set-Cookie"), 0, "503 login sets a cookie");
    cr_expect(strstr(r.body, "csrf_token") == NULL, "503 login body has a CSRF token");
    req_id(&r, id);
    resp_free(&r);
    cr_expect_eq(st, 503);
    cr_expect_eq(count_rows(&S, "SELECT count(*) FROM session"), sessions,
                 "a session was stored although its login record was not");
    /* A failed login cannot be logged either: also 503, not 401. */
    cr_expect_eq(login_with(&S, "fg", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL), 503,
                 "failed login answered although its record could not be written");

    fault_set(false);
    json_t *recs = records_for(&S, id);
    cr_expect_eq(json_array_size(recs), 0, "records of a failed request survived");
    json_decref(recs);
    struct sess ss;
    cr_expect_eq(login(&S, "fg", &ss), 201, "login after the log recovered");
}

Test(access_log_fault, user_list_fails_closed_without_data)
{
    REQUIRE_FAULT_HOOK();
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    size_t before = log_size(&S);
    fault_set(true);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/users", NULL, NULL, NULL, &r), 0);
    expect_503(&r, "GET /api/users");
    cr_expect(!mentions_an_account(&S, r.body), "503 body names an account");
    resp_free(&r);
    /* Reading "mijn sessies" and a route-level denial fail closed too. */
    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/sessions", NULL, NULL, NULL, &r), 0);
    expect_503(&r, "GET /api/sessions");
    resp_free(&r);
    struct sess rl;
    fault_set(false);
    login_ok(&S, "raadslid", &rl);
    fault_set(true);
    size_t mid = log_size(&S);
    cr_assert_eq(sess_do(&S, &rl, "GET", "/api/users", NULL, NULL, NULL, &r), 0);
    expect_503(&r, "denied GET /api/users");
    resp_free(&r);
    cr_expect_eq(log_size(&S), mid, "records written while the log was failing");
    cr_expect_eq(mid, before + 1, "only the raadslid login may have been logged");

    fault_set(false);
    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/users", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200, "GET /api/users after the log recovered: %d", r.status);
    cr_expect(json_array_size(json_object_get(r.json, "items")) >= 9);
    resp_free(&r);
}

Test(access_log_fault, user_read_and_deputy_fail_closed)
{
    REQUIRE_FAULT_HOOK();
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t target = demo_id(&S, "voorzitter"), deputy = demo_id(&S, "dossierhouder");
    char rpath[64], dpath[64], body[64];
    snprintf(rpath, sizeof(rpath), "/api/users/%lld", (long long)target);
    snprintf(dpath, sizeof(dpath), "/api/users/%lld/deputy", (long long)target);
    snprintf(body, sizeof(body), "{\"deputy_of\":%lld}", (long long)deputy);
    cr_assert_eq(sess_status(&S, &adm, "GET", "/api/regions", NULL, NULL), 200);
    unsigned char fp0[32], fp1[32];
    fault_set(true);
    db_fingerprint(&S, fp0);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm, "GET", rpath, NULL, NULL, NULL, &r), 0);
    expect_503(&r, "GET /api/users/{id}");
    cr_expect(!mentions_an_account(&S, r.body), "503 body names an account");
    resp_free(&r);
    cr_assert_eq(sess_do(&S, &adm, "POST", dpath, "application/json", body, NULL, &r), 0);
    expect_503(&r, "POST /api/users/{id}/deputy");
    resp_free(&r);
    db_fingerprint(&S, fp1);
    cr_expect(memcmp(fp0, fp1, sizeof(fp0)) == 0, "the database changed although the log failed");

    fault_set(false);
    cr_assert_eq(sess_do(&S, &adm, "GET", rpath, NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200, "GET /api/users/{id} after the log recovered: %d", r.status);
    cr_expect(json_is_null(json_object_get(r.json, "deputy_of")),
              "the failed deputy change was stored");
    resp_free(&r);
    cr_expect_eq(sess_status(&S, &adm, "POST", dpath, "application/json", body), 200,
                 "deputy after the log recovered");
}

Test(access_log_fault, user_create_and_disable_change_nothing)
{
    REQUIRE_FAULT_HOOK();
    struct sess adm, m;
    login_ok(&S, "beheerder", &adm);
    login_ok(&S, "melder", &m);
    static const char body[] =
        "{\"username\":\"nieuw.lid\",\"display_name\":\"Nieuw Lid (test)\",\"org_id\":%lld,"
        "\"roles\":[\"melder\"]}";
    char b[256];
    snprintf(b, sizeof(b), body, (long long)adm.org_id);
    /* A request that may touch the session's last_seen_at first, so the fingerprint is stable. */
    cr_assert_eq(sess_status(&S, &adm, "GET", "/api/regions", NULL, NULL), 200);
    unsigned char fp0[32], fp1[32];
    fault_set(true);
    db_fingerprint(&S, fp0);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm, "POST", "/api/users", "application/json", b, NULL, &r), 0);
    expect_503(&r, "POST /api/users");
    cr_expect(strstr(r.body, "activation_code") == NULL, "503 body carries an activation code");
    resp_free(&r);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)m.user_id);
    cr_assert_eq(sess_do(&S, &adm, "POST", path, NULL, NULL, NULL, &r), 0);
    expect_503(&r, "POST /api/users/{id}/disable");
    resp_free(&r);
    db_fingerprint(&S, fp1);
    cr_expect(memcmp(fp0, fp1, sizeof(fp0)) == 0, "the database changed although the log failed");

    fault_set(false);
    cr_expect_eq(sess_status(&S, &m, "GET", "/api/sessions", NULL, NULL), 200,
                 "the failed disable ended the target's session");
    cr_assert_eq(sess_do(&S, &adm, "POST", "/api/users", "application/json", b, NULL, &r), 0);
    cr_expect_eq(r.status, 201, "POST /api/users after the log recovered: %d (the failed one "
                                "must not have created the user)", r.status);
    resp_free(&r);
    cr_expect_eq(sess_status(&S, &adm, "POST", path, NULL, NULL), 200,
                 "disable after the log recovered");
}

/* ---- L2: tamper evidence on a real data dir ------------------------------------------------ */

static void copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    cr_assert(in >= 0, "cannot open a file to copy");
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    cr_assert(out >= 0, "cannot create a copy");
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof(buf))) > 0)
        cr_assert_eq(write(out, buf, (size_t)n), n);
    close(in);
    cr_assert_eq(close(out), 0);
}

/* Copies the regular files of data dir from into a new dir to. */
static void copy_dir(const char *from, const char *to)
{
    cr_assert_eq(mkdir(to, 0700), 0, "cannot create a copy dir");
    DIR *d = opendir(from);
    cr_assert_not_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char a[600], b[600];
        snprintf(a, sizeof(a), "%s/%s", from, de->d_name);
        snprintf(b, sizeof(b), "%s/%s", to, de->d_name);
        struct stat sb;
        if (stat(a, &sb) == 0 && S_ISREG(sb.st_mode))
            copy_file(a, b);
    }
    closedir(d);
}

static void db_exec_dir(const char *dir, const char *sql)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/regie.db", dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "tampering SQL failed: %s", msg ? msg : "?");
    sqlite3_free(msg);
    cr_assert_eq(sqlite3_close(db), SQLITE_OK);
}

static int64_t dir_int(const char *dir, const char *sql)
{
    struct srv tmp = {0};
    snprintf(tmp.dir, sizeof(tmp.dir), "%s", dir);
    return count_rows(&tmp, sql);
}

/* Changes one byte of the canonical record `rec` at seq: a character of the processing
 * activity URI when present (the record still decodes), else the middle byte. */
static void flip_rec_byte(const char *dir, int64_t seq)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/regie.db", dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT rec FROM audit_log WHERE seq = ?1", -1, &st, NULL),
                 SQLITE_OK);
    sqlite3_bind_int64(st, 1, seq);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row at seq %lld", (long long)seq);
    int n = sqlite3_column_bytes(st, 0);
    unsigned char *rec = malloc((size_t)n);
    memcpy(rec, sqlite3_column_blob(st, 0), (size_t)n);
    sqlite3_finalize(st);
    unsigned char *hit = memmem(rec, (size_t)n, "verwerking", 10);
    if (hit != NULL)
        hit[0] = 'w';
    else
        rec[n / 2] ^= 0x01;
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update", NULL, NULL, &msg), SQLITE_OK,
                 "%s", msg ? msg : "?");
    cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE audit_log SET rec = ?1 WHERE seq = ?2", -1, &st,
                                    NULL),
                 SQLITE_OK);
    sqlite3_bind_blob(st, 1, rec, n, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, seq);
    cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    cr_assert_eq(sqlite3_changes(db), 1);
    free(rec);
    cr_assert_eq(sqlite3_close(db), SQLITE_OK);
}

/* `regie audit verify --data-dir dir [--witness w]`; returns the exit code, output in *out. */
static int verify(const char *dir, const char *witness, char **out)
{
    struct srv v = {0};
    snprintf(v.bin, sizeof(v.bin), "%s", S.bin);
    snprintf(v.dir, sizeof(v.dir), "%s", dir);
    const char *with[] = {"audit", "verify", "--witness", witness, NULL};
    const char *without[] = {"audit", "verify", NULL};
    return srv_run(&v, out, witness ? with : without);
}

/* Size in the last checkpoint of the witness file (C2SP note: origin line, then the size). */
static int64_t witness_size(const char *path, size_t *n_notes)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "no witness file");
    char line[512];
    int64_t last = -1;
    bool note_start = true;
    int at = 0;
    *n_notes = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '\n') {
            /* blank lines separate the note body from its signatures and notes from each other;
             * a new note begins after a signature line ("— ..."). */
            continue;
        }
        if (strncmp(line, "\xe2\x80\x94 ", 4) == 0) {
            note_start = true;
            continue;
        }
        if (note_start) {
            note_start = false;
            at = 1; /* origin */
            (*n_notes)++;
            continue;
        }
        if (at == 1) {
            last = strtoll(line, NULL, 10);
            at = 2;
        }
    }
    fclose(f);
    return last;
}

static void tamper_start(void)
{
    srv_start(&S, true, NULL);
}

TestSuite(access_log_tamper, .init = tamper_start, .fini = stop, .timeout = 300);

Test(access_log_tamper, verify_detects_change_delete_truncate)
{
    if (db_is_postgres(&S)) /* it edits copies of the SQLite file */
        cr_skip_test("SQLite only: on PostgreSQL tamper evidence is tests/pg/test_tamper.py");
    char top[256], witness[300];
    top_dir(&S, top, sizeof(top));
    snprintf(witness, sizeof(witness), "%s/witness", top);
    const char *args[] = {"--audit_checkpoint_records", "5", "--audit_witness", witness, NULL};
    struct srv_opts o = {.args = args};
    /* `regie demo` (its signals write records) may have made checkpoints before the witness was
     * configured: only the ones made from now on are in the witness file. */
    int64_t n_cp_before = dir_int(S.dir, "SELECT count(*) FROM audit_checkpoint");
    srv_restart(&S, &o);

    /* Some logged traffic: logins, lists (one record per account), sessions, a failed login. */
    struct sess adm, m;
    login_ok(&S, "beheerder", &adm);
    login_ok(&S, "melder", &m);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(sess_status(&S, &adm, "GET", "/api/users", NULL, NULL), 200);
        cr_assert_eq(sess_status(&S, &m, "GET", "/api/sessions", NULL, NULL), 200);
    }
    cr_assert_eq(login_with(&S, "melder", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL), 401);
    cr_assert_eq(sess_status(&S, &adm, "GET", "/api/sessions", NULL, NULL), 200);
    size_t total = log_size(&S);
    cr_assert(total >= 30, "only %zu records", total);
    cr_expect_eq(srv_stop(&S, true), 0, "server did not stop cleanly");

    /* The clean log verifies, with and without the witness. */
    char *out = NULL;
    int rc = verify(S.dir, witness, &out);
    cr_expect_eq(rc, 0, "clean log: verify exit %d", rc);
    char want[64];
    snprintf(want, sizeof(want), "OK: %zu records", total);
    cr_expect(strstr(out, want) != NULL, "verify does not report %zu records", total);
    free(out);
    rc = verify(S.dir, NULL, &out);
    cr_expect_eq(rc, 0, "clean log without witness: verify exit %d", rc);
    free(out);

    /* Checkpoints every 5 records, every one copied to the witness; the unwitnessed tail after
     * the last transaction is shorter than the interval. */
    int64_t n_cp = dir_int(S.dir, "SELECT count(*) FROM audit_checkpoint");
    int64_t last_cp = dir_int(S.dir, "SELECT max(size) FROM audit_checkpoint");
    size_t n_notes = 0;
    int64_t wsize = witness_size(witness, &n_notes);
    cr_expect(n_cp >= 4, "only %lld checkpoints for %zu records", (long long)n_cp, total);
    cr_expect_eq((int64_t)n_notes, n_cp - n_cp_before,
                 "witness holds %zu notes, db %lld checkpoints (%lld before the witness)", n_notes,
                 (long long)n_cp, (long long)n_cp_before);
    cr_expect_eq(wsize, last_cp, "witness size %lld != last checkpoint %lld", (long long)wsize,
                 (long long)last_cp);
    cr_expect((int64_t)total - last_cp < 5, "%lld records after the last checkpoint",
              (long long)((int64_t)total - last_cp));
    cr_assert(wsize >= 10, "witnessed size %lld too small for the truncation case",
              (long long)wsize);

    /* 1. One byte of an early record changed (update trigger dropped). */
    char c1[300];
    snprintf(c1, sizeof(c1), "%s/modified", top);
    copy_dir(S.dir, c1);
    flip_rec_byte(c1, 2);
    rc = verify(c1, witness, &out);
    cr_expect_eq(rc, 3, "modified record: verify exit %d, want 3", rc);
    cr_expect(strstr(out, "FAILED") && strstr(out, "at position 2 "),
              "modified record at 2 not reported there");
    free(out);

    /* 2. A row deleted (delete trigger dropped). */
    char c2[300];
    snprintf(c2, sizeof(c2), "%s/deleted", top);
    copy_dir(S.dir, c2);
    db_exec_dir(c2, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;");
    rc = verify(c2, witness, &out);
    cr_expect_eq(rc, 3, "deleted record: verify exit %d, want 3", rc);
    cr_expect(strstr(out, "FAILED") && strstr(out, "at position 3 "),
              "deleted record at 3 not reported there");
    free(out);

    /* 3. The tail truncated below the witnessed size: rows only, then rows and the checkpoints
     * that covered them (a rollback only the witness can see). */
    int64_t cut = wsize - 2;
    char sql[512];
    char c3[300];
    snprintf(c3, sizeof(c3), "%s/truncated", top);
    copy_dir(S.dir, c3);
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= %lld;",
             (long long)cut);
    db_exec_dir(c3, sql);
    rc = verify(c3, witness, &out);
    cr_expect_eq(rc, 3, "truncated tail: verify exit %d, want 3", rc);
    cr_expect(strstr(out, "FAILED") != NULL, "truncated tail not reported");
    free(out);

    char c4[300];
    snprintf(c4, sizeof(c4), "%s/rolledback", top);
    copy_dir(S.dir, c4);
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= %lld;"
             "DROP TRIGGER audit_checkpoint_no_delete; DELETE FROM audit_checkpoint "
             "WHERE size > %lld;",
             (long long)cut, (long long)cut);
    db_exec_dir(c4, sql);
    rc = verify(c4, witness, &out);
    cr_expect_eq(rc, 3, "rolled-back log: verify exit %d, want 3", rc);
    snprintf(want, sizeof(want), "at position %lld ", (long long)cut);
    cr_expect(strstr(out, "behind_witness") && strstr(out, want),
              "rollback not reported as behind the witness at the cut");
    free(out);
}

/* ---- L3: no secrets or names in the logs --------------------------------------------------- */

struct canaries {
    char *v[128];
    size_t n;
};

static void canary_add(struct canaries *c, const char *s)
{
    if (s == NULL || strlen(s) < 6)
        return;
    cr_assert(c->n < sizeof(c->v) / sizeof(c->v[0]));
    c->v[c->n++] = strdup(s);
}

static void canaries_free(struct canaries *c)
{
    for (size_t i = 0; i < c->n; i++) {
        sodium_memzero(c->v[i], strlen(c->v[i]));
        free(c->v[i]);
    }
    c->n = 0;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *n = 0;
        return calloc(1, 1);
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 4096) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[len] = '\0';
    *n = len;
    return buf;
}

/* Fails (naming only the kind and file) when any canary occurs in the file's bytes. */
static void expect_no_canary(const struct canaries *c, const char *const *kinds, const char *path,
                             const char *label)
{
    size_t n = 0;
    char *buf = slurp(path, &n);
    for (size_t i = 0; i < c->n; i++)
        cr_expect(memmem(buf, n, c->v[i], strlen(c->v[i])) == NULL,
                  "%s contains canary #%zu (%s)", label, i, kinds[i]);
    free(buf);
}

Test(access_log, no_secrets_or_names_in_the_logs)
{
    struct canaries c = {0};
    const char *kinds[128];
#define CANARY(kind, s)                                                                           \
    do {                                                                                          \
        size_t before_ = c.n;                                                                     \
        canary_add(&c, (s));                                                                      \
        if (c.n > before_)                                                                        \
            kinds[c.n - 1] = (kind);                                                              \
    } while (0)
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(S.demo, "accounts"), i, a)
    {
        CANARY("demo password", json_string_value(json_object_get(a, "password")));
        CANARY("demo TOTP secret", json_string_value(json_object_get(a, "totp_secret")));
        CANARY("demo display name", json_string_value(json_object_get(a, "display_name")));
    }
    /* Logins (session tokens and CSRF tokens), failed logins. */
    const char *users[] = {"beheerder", "melder", "fg"};
    struct sess ss[3];
    for (size_t k = 0; k < 3; k++) {
        login_ok(&S, users[k], &ss[k]);
        CANARY("session token", ss[k].token);
        CANARY("CSRF token", ss[k].csrf);
    }
    cr_expect_eq(login_with(&S, "melder", "Kanarie-Fout-Wachtwoord-91", "123456", NULL, NULL), 401);
    CANARY("wrong password", "Kanarie-Fout-Wachtwoord-91");
    /* Account creation, activation with a new password and TOTP secret, reset. */
    static const char display[] = "Kanarie Q7 Testpersoon";
    CANARY("new display name", display);
    char acode[64];
    int64_t nid = create_user(&S, &ss[0], "kanarie.q7", display, acode, sizeof(acode));
    CANARY("activation code", acode);
    char pw[32];
    random_password(pw, 24);
    CANARY("new password", pw);
    struct resp r;
    char id[64];
    json_t *recs = logged_json(&S, NULL, "POST", "/api/activation",
                               json_pack("{s:s, s:s, s:s}", "username", "kanarie.q7",
                                         "activation_code", acode, "password", pw),
                               &r, id);
    cr_assert_eq(r.status, 200, "activation: %d", r.status);
    json_decref(recs);
    char secret[128];
    snprintf(secret, sizeof(secret), "%s",
             json_string_value(json_object_get(r.json, "totp_secret")));
    CANARY("new TOTP secret", secret);
    resp_free(&r);
    char code[7];
    totp_fresh(&S, "kanarie.q7", secret, code);
    recs = logged_json(&S, NULL, "POST", "/api/activation/confirm",
                       json_pack("{s:s, s:s, s:s}", "username", "kanarie.q7", "activation_code",
                                 acode, "totp", code),
                       &r, id);
    cr_assert_eq(r.status, 204, "activation confirm: %d", r.status);
    json_decref(recs);
    resp_free(&r);
    struct sess nu;
    totp_fresh(&S, "kanarie.q7", secret, code);
    cr_assert_eq(login_with(&S, "kanarie.q7", pw, code, &nu, NULL), 201, "login as new user");
    CANARY("session token", nu.token);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/reset", (long long)nid);
    cr_assert_eq(sess_do(&S, &ss[0], "POST", path, NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "reset: %d", r.status);
    CANARY("reset activation code", json_string_value(json_object_get(r.json, "activation_code")));
    resp_free(&r);
    cr_assert_eq(sess_status(&S, &ss[2], "GET", "/api/audit", NULL, NULL), 200);
    cr_assert_eq(sess_status(&S, &ss[1], "DELETE", "/api/session", NULL, NULL), 204);

    /* The access log as the FG would export it. */
    char top[256], exp[300], slog[300], clog[300];
    top_dir(&S, top, sizeof(top));
    snprintf(exp, sizeof(exp), "%s/export.jsonl", top);
    char *out = NULL;
    const char *ex[] = {"audit", "export", NULL};
    cr_assert_eq(srv_run(&S, &out, ex), 0, "regie audit export failed");
    FILE *f = fopen(exp, "w");
    cr_assert_not_null(f);
    fputs(out, f);
    fclose(f);
    cr_expect(strstr(out, "\"login\"") != NULL, "export holds no login record");
    free(out);

    cr_expect_eq(srv_stop(&S, true), 0, "server did not stop cleanly");
    snprintf(slog, sizeof(slog), "%s/server.log", S.dir);
    snprintf(clog, sizeof(clog), "%s/cli.log", top);
    size_t n = 0;
    char *sl = slurp(slog, &n);
    cr_expect(n > 0 && strstr(sl, "auth.login") != NULL,
              "server.log has no auth.login line: the check below would be vacuous");
    free(sl);
    expect_no_canary(&c, kinds, slog, "server.log");
    expect_no_canary(&c, kinds, clog, "cli.log");
    expect_no_canary(&c, kinds, exp, "the access-log export");
    sodium_memzero(pw, sizeof(pw));
    sodium_memzero(secret, sizeof(secret));
    sodium_memzero(acode, sizeof(acode));
    canaries_free(&c);
#undef CANARY
}

/* Retention of the log itself: with the clock moved past audit_retention_days, `regie audit
 * retention` drops the old segment (up to the last checkpoint) under a signed deletion entry; the
 * rest still verifies, and new records continue the same chain. Hook build only (clock). */
Test(access_log, retention_drops_old_segments_and_the_log_still_verifies)
{
    REQUIRE_TEST_HOOKS();
    char *out = NULL;
    cr_assert_eq(srv_stop(&S, true), 0);
    const char *list0[] = {"user", "list", NULL}; /* logged reads: the log is not empty */
    cr_assert_eq(srv_run(&S, &out, list0), 0);
    free(out);
    const char *cp[] = {"audit", "checkpoint", NULL};
    cr_assert_eq(srv_run(&S, &out, cp), 0);
    free(out);
    char clock[300];
    snprintf(clock, sizeof(clock), "%s/../retention-clock", S.dir);
    FILE *f = fopen(clock, "w");
    cr_assert_not_null(f);
    fprintf(f, "%lld\n", 6LL * 366 * 86400000);
    fclose(f);
    setenv("REGIE_TEST_CLOCK_FILE", clock, 1);
    const char *ret[] = {"audit", "retention", NULL};
    cr_assert_eq(srv_run(&S, &out, ret), 0, "regie audit retention failed");
    long long dropped = strtoll(out, NULL, 10);
    free(out);
    cr_expect_gt(dropped, 0, "nothing was dropped");
    const char *ver[] = {"audit", "verify", NULL};
    cr_expect_eq(srv_run(&S, &out, ver), 0, "the log does not verify after retention");
    cr_expect(strstr(out, "1 segment deletions") != NULL);
    free(out);
    /* a second run finds nothing new to drop; new records (a logged CLI read) still verify */
    cr_assert_eq(srv_run(&S, &out, ret), 0);
    cr_expect_eq(strtoll(out, NULL, 10), 0);
    free(out);
    const char *list[] = {"user", "list", NULL};
    cr_assert_eq(srv_run(&S, &out, list), 0);
    free(out);
    cr_expect_eq(srv_run(&S, &out, ver), 0, "the log does not verify after new records");
    free(out);
    unsetenv("REGIE_TEST_CLOCK_FILE");
}
