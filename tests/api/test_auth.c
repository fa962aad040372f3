/* test_auth.c: login, sessions, CSRF, throttling and activation against the real server
 * (security.md §1.1, §1.2, §1.5; plan rows A1-A4, S1, C1). Every test starts its own server with
 * the demo accounts. Timeout tests move the server's clock through the test-hooks clock file and
 * are skipped in the release build (they run in build-asan). Nothing secret is ever printed. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define COOKIE "__Host-regie"

static struct srv S;

static void start(void)
{
    struct srv_opts o = {.demo = true, .clock = true};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(auth, .init = start, .fini = stop, .timeout = 240);

/* ---- helpers -------------------------------------------------------------------------------- */

/* Request with a JSON body built from obj (stolen); ss may be NULL (no cookie/CSRF). */
static int req_json(const struct sess *ss, const char *method, const char *path, json_t *obj,
                    struct resp *r)
{
    char *body = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    int rc = ss ? sess_do(&S, ss, method, path, "application/json", body, NULL, r)
                : http_do(&S, method, path, "application/json", body, NULL, r);
    sodium_memzero(body, strlen(body));
    free(body);
    cr_assert_eq(rc, 0, "%s %s: no response", method, path);
    return r->status;
}

static int get_status(const struct sess *ss, const char *path)
{
    int st = sess_status(&S, ss, "GET", path, NULL, NULL);
    cr_assert(st > 0, "GET %s: no response", path);
    return st;
}

/* A code for the secret that is wrong at every step the server accepts now (±1). */
static void wrong_code(const char *secret, char out[7])
{
    int64_t step = srv_now_ms(&S) / 30000;
    char ok[4][7];
    for (int d = -1; d <= 2; d++)
        cr_assert(totp_code_at(secret, (step + d) * 30000, ok[d + 1]));
    for (int64_t k = 10;; k++) {
        cr_assert(totp_code_at(secret, (step + k) * 30000, out));
        bool clash = false;
        for (int d = 0; d < 4; d++)
            clash = clash || strcmp(out, ok[d]) == 0;
        if (!clash)
            return;
    }
}

/* The attributes of a Set-Cookie value after the first ';', trimmed. */
static bool cookie_attr_match(const char *sc, const char *want, bool name_only)
{
    const char *p = strchr(sc, ';');
    size_t wn = strlen(want);
    while (p != NULL) {
        p++;
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ";");
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (name_only) {
            size_t nl = strcspn(p, "=;");
            if (nl > len)
                nl = len;
            if (nl == wn && strncasecmp(p, want, wn) == 0)
                return true;
        } else if (len == wn && strncasecmp(p, want, wn) == 0) {
            return true;
        }
        p = strchr(p, ';');
    }
    return false;
}

static bool cookie_attr(const char *sc, const char *attr)
{
    return cookie_attr_match(sc, attr, false);
}

static bool cookie_attr_named(const char *sc, const char *name)
{
    return cookie_attr_match(sc, name, true);
}

static bool has_set_cookie(const struct resp *r)
{
    return resp_header_count(r, "Set-Cookie") > 0;
}

static const char *detail_of(const struct resp *r)
{
    const char *d = json_string_value(json_object_get(r->json, "detail"));
    return d ? d : "";
}

/* The id of the current session (GET /api/sessions). */
static int64_t current_session_id(const struct sess *ss, size_t *n_items)
{
    struct resp r;
    cr_assert_eq(sess_do(&S, ss, "GET", "/api/sessions", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "GET /api/sessions: %d", r.status);
    json_t *items = json_object_get(r.json, "items");
    int64_t id = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (json_is_true(json_object_get(it, "current")))
            id = (int64_t)json_integer_value(json_object_get(it, "id"));
    }
    if (n_items)
        *n_items = json_array_size(items);
    resp_free(&r);
    cr_assert(id > 0, "no current session in the list");
    return id;
}

/* Sends DELETE /api/session with the session cookie and exactly the given extra headers (the
 * harness adds a same-origin Origin unless extra names one or says X-No-Origin). */
static int logout_with(const struct sess *ss, const char *extra)
{
    char h[1024];
    snprintf(h, sizeof(h), "Cookie: " COOKIE "=%s\r\n%s", ss->token, extra);
    struct resp r;
    cr_assert_eq(http_do(&S, "DELETE", "/api/session", NULL, NULL, h, &r), 0);
    sodium_memzero(h, sizeof(h));
    int st = r.status;
    resp_free(&r);
    return st;
}

/* True when any object key anywhere in j contains one of the forbidden words. */

static bool names_field(const struct resp *r, const char *field)
{
    json_t *errs = json_object_get(r->json, "errors");
    size_t i;
    json_t *it;
    json_array_foreach(errs, i, it)
    {
        const char *f = json_string_value(json_object_get(it, "field"));
        if (f && strcmp(f, field) == 0)
            return true;
    }
    return false;
}

/* A random password of n ASCII letters and digits (passes the policy for n >= 15). */
static void random_password(char *out, size_t n)
{
    static const char al[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (size_t i = 0; i < n; i++)
        out[i] = al[randombytes_uniform(sizeof(al) - 1)];
    out[n] = '\0';
}

/* ---- A1/A2/A3: login --------------------------------------------------------------------------
 */

Test(auth, login_sets_a_host_cookie)
{
    const char *pw = demo_str(&S, "beheerder", "password");
    char code[7];
    totp_fresh(&S, "beheerder", demo_str(&S, "beheerder", "totp_secret"), code);
    struct sess ss;
    struct resp r;
    cr_assert_eq(login_with(&S, "beheerder", pw, code, &ss, &r), 201);
    cr_expect_eq(resp_header_count(&r, "Set-Cookie"), 1);
    char sc[512];
    cr_assert(resp_header(&r, "Set-Cookie", sc, sizeof(sc)));
    cr_expect(strncmp(sc, COOKIE "=", strlen(COOKIE) + 1) == 0, "cookie name is not " COOKIE);
    /* Attributes (case-insensitive names), each exactly as required. */
    cr_expect(cookie_attr(sc, "Secure"), "no Secure");
    cr_expect(cookie_attr(sc, "HttpOnly"), "no HttpOnly");
    cr_expect(cookie_attr(sc, "SameSite=Strict"), "no SameSite=Strict");
    cr_expect(cookie_attr(sc, "Path=/"), "no Path=/");
    cr_expect(!cookie_attr_named(sc, "Domain"), "cookie has a Domain attribute");
    cr_expect(!cookie_attr_named(sc, "Max-Age") && !cookie_attr_named(sc, "Expires"),
              "session cookie should not be persistent");
    sodium_memzero(sc, sizeof(sc));
    /* 256-bit token: 43 base64url characters. */
    cr_expect_eq(strlen(ss.token), 43, "token length %zu", strlen(ss.token));
    for (const char *p = ss.token; *p; p++)
        cr_expect(isalnum((unsigned char)*p) || *p == '-' || *p == '_', "token not base64url");
    /* The token never appears in the body; the CSRF token is a different value. */
    cr_expect(strstr(r.body, ss.token) == NULL, "session token in the response body");
    cr_expect(strcmp(ss.token, ss.csrf) != 0, "CSRF token equals the session token");
    cr_expect_eq(strlen(ss.csrf), 43);
    char cc[64];
    cr_assert(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
    cr_expect_str_eq(cc, "no-store");
    json_t *u = json_object_get(r.json, "user");
    cr_expect_str_eq(json_string_value(json_object_get(u, "username")), "beheerder");
    cr_expect_eq(json_integer_value(json_object_get(r.json, "idle_seconds_left")), 900);
    cr_expect_eq(json_integer_value(json_object_get(r.json, "absolute_seconds_left")), 43200);
    resp_free(&r);

    /* The cookie works for GET /api/session. */
    cr_assert_eq(sess_do(&S, &ss, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    u = json_object_get(r.json, "user");
    cr_expect_str_eq(json_string_value(json_object_get(u, "username")), "beheerder");
    cr_expect_eq(json_integer_value(json_object_get(u, "id")), demo_id(&S, "beheerder"));
    const char *csrf = json_string_value(json_object_get(r.json, "csrf_token"));
    cr_expect(csrf != NULL && strcmp(csrf, ss.csrf) == 0,
              "CSRF token differs between login and GET /api/session");
    resp_free(&r);
    /* Without the cookie: 401. */
    cr_assert_eq(http_do(&S, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 401);
    resp_free(&r);
}

Test(auth, totp_code_usable_once)
{
    const char *pw = demo_str(&S, "dossierhouder", "password");
    char code[7];
    totp_fresh(&S, "dossierhouder", demo_str(&S, "dossierhouder", "totp_secret"), code);
    struct resp r;
    cr_assert_eq(login_with(&S, "dossierhouder", pw, code, NULL, NULL), 201);
    cr_expect_eq(login_with(&S, "dossierhouder", pw, code, NULL, &r), 401,
                 "replayed code accepted");
    cr_expect(!has_set_cookie(&r), "a refused login set a cookie");
    resp_free(&r);
    /* A later code still works. */
    struct sess ss;
    cr_expect_eq(login(&S, "dossierhouder", &ss), 201);
}

Test(auth, wrong_code_refused)
{
    const char *pw = demo_str(&S, "voorzitter", "password");
    const char *secret = demo_str(&S, "voorzitter", "totp_secret");
    char bad[7];
    wrong_code(secret, bad);
    struct resp r;
    cr_expect_eq(login_with(&S, "voorzitter", pw, bad, NULL, &r), 401);
    cr_expect(!has_set_cookie(&r));
    resp_free(&r);
    /* Not six digits: refused as input. */
    cr_expect_eq(login_with(&S, "voorzitter", pw, "12345", NULL, NULL), 400);
    cr_expect_eq(login_with(&S, "voorzitter", pw, "12345a", NULL, NULL), 400);
    struct sess ss;
    cr_expect_eq(login(&S, "voorzitter", &ss), 201, "correct code refused after wrong ones");
}

Test(auth, totp_window_is_one_step)
{
    REQUIRE_TEST_HOOKS();
    /* Put the server in the middle of a step so no boundary passes during the test. */
    int64_t now = srv_now_ms(&S);
    int64_t step = now / 30000 + 1;
    srv_clock_at(&S, step * 30000 + 15000);
    const char *pw = demo_str(&S, "partner", "password");
    const char *secret = demo_str(&S, "partner", "totp_secret");
    char c[7];
    /* ±2 steps: refused. */
    cr_assert(totp_code_at(secret, (step - 2) * 30000, c));
    cr_expect_eq(login_with(&S, "partner", pw, c, NULL, NULL), 401, "code of step -2 accepted");
    cr_assert(totp_code_at(secret, (step + 2) * 30000, c));
    cr_expect_eq(login_with(&S, "partner", pw, c, NULL, NULL), 401, "code of step +2 accepted");
    /* -1, 0, +1 in increasing order: each accepted once. */
    for (int d = -1; d <= 1; d++) {
        cr_assert(totp_code_at(secret, (step + d) * 30000, c));
        cr_expect_eq(login_with(&S, "partner", pw, c, NULL, NULL), 201, "code of step %+d refused",
                     d);
    }
    /* An older step after a newer one was used: refused (the last counter only goes up). */
    cr_assert(totp_code_at(secret, step * 30000, c));
    cr_expect_eq(login_with(&S, "partner", pw, c, NULL, NULL), 401, "older step accepted");
}

Test(auth, password_only_refused)
{
    const char *pw = demo_str(&S, "melder", "password");
    struct resp r;
    cr_assert_eq(login_with(&S, "melder", pw, NULL, NULL, &r), 400);
    cr_expect(names_field(&r, "totp"), "missing totp not named");
    cr_expect(!has_set_cookie(&r));
    resp_free(&r);
    cr_assert_eq(login_with(&S, "melder", pw, "", NULL, &r), 400);
    cr_expect(names_field(&r, "totp"));
    cr_expect(!has_set_cookie(&r));
    resp_free(&r);
    /* No route is reachable without a session: GET /api/session is 401. */
    cr_assert_eq(http_do(&S, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 401);
    resp_free(&r);
}

Test(auth, wrong_password_refused)
{
    const char *secret = demo_str(&S, "fg", "totp_secret");
    char code[7];
    totp_fresh(&S, "fg", secret, code);
    struct resp r;
    cr_expect_eq(login_with(&S, "fg", "dit-is-niet-het-wachtwoord", code, NULL, &r), 401);
    cr_expect(!has_set_cookie(&r));
    resp_free(&r);
    /* The password is compared exactly: no case folding, no truncation, no trimming. */
    const char *pw = demo_str(&S, "fg", "password");
    char v[128];
    snprintf(v, sizeof(v), "%s", pw);
    for (char *p = v; *p; p++)
        *p = (char)(islower((unsigned char)*p) ? toupper((unsigned char)*p)
                                               : tolower((unsigned char)*p));
    if (strcmp(v, pw) != 0)
        cr_expect_eq(login_with(&S, "fg", v, code, NULL, NULL), 401,
                     "case-folded password accepted");
    snprintf(v, sizeof(v), "%s ", pw);
    cr_expect_eq(login_with(&S, "fg", v, code, NULL, NULL), 401, "password + space accepted");
    snprintf(v, sizeof(v), "%.*s", (int)strlen(pw) - 1, pw);
    cr_expect_eq(login_with(&S, "fg", v, code, NULL, NULL), 401, "truncated password accepted");
    sodium_memzero(v, sizeof(v));
}

Test(auth, unknown_user_looks_like_wrong_password)
{
    const char *secret = demo_str(&S, "burgemeester", "totp_secret");
    char code[7];
    totp_fresh(&S, "burgemeester", secret, code);
    struct resp a, b, c, d;
    cr_assert_eq(login_with(&S, "burgemeester", "dit-is-niet-het-wachtwoord", code, NULL, &a), 401);
    cr_assert_eq(login_with(&S, "bestaat-niet", "dit-is-niet-het-wachtwoord", code, NULL, &b), 401);
    char bad[7];
    wrong_code(secret, bad);
    cr_assert_eq(
        login_with(&S, "burgemeester", demo_str(&S, "burgemeester", "password"), bad, NULL, &c),
        401);
    /* A disabled account looks the same: disable raadslid as beheerder first. */
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)demo_id(&S, "raadslid"));
    cr_assert_eq(sess_status(&S, &adm, "POST", path, NULL, NULL), 200);
    char rcode[7];
    totp_fresh(&S, "raadslid", demo_str(&S, "raadslid", "totp_secret"), rcode);
    cr_assert_eq(login_with(&S, "raadslid", demo_str(&S, "raadslid", "password"), rcode, NULL, &d),
                 401);
    struct resp *all[] = {&a, &b, &c, &d};
    const char *what[] = {"wrong password", "unknown user", "wrong code", "disabled account"};
    for (size_t i = 1; i < 4; i++) {
        cr_expect_str_eq(detail_of(all[i]), detail_of(&a), "%s: detail differs from wrong password",
                         what[i]);
        cr_expect_str_eq(json_string_value(json_object_get(all[i]->json, "type")),
                         json_string_value(json_object_get(a.json, "type")), "%s: type", what[i]);
        cr_expect_str_eq(json_string_value(json_object_get(all[i]->json, "title")),
                         json_string_value(json_object_get(a.json, "title")), "%s: title", what[i]);
        cr_expect_eq(json_object_size(all[i]->json), json_object_size(a.json), "%s: members",
                     what[i]);
        cr_expect(!has_set_cookie(all[i]));
    }
    for (size_t i = 0; i < 4; i++)
        resp_free(all[i]);
}

/* ---- S1: session lifecycle --------------------------------------------------------------------
 */

Test(auth, polling_the_session_does_not_extend_it)
{
    REQUIRE_TEST_HOOKS();
    struct sess ss;
    int64_t lo = srv_now_ms(&S);
    login_ok(&S, "dossierhouder", &ss);
    int64_t hi = srv_now_ms(&S);
    srv_clock_at(&S, lo + 14 * MIN_MS);
    struct resp r;
    cr_assert_eq(sess_do(&S, &ss, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "session gone after 14 min");
    json_int_t left = json_integer_value(json_object_get(r.json, "idle_seconds_left"));
    cr_expect(left <= 60 && left >= 55, "idle_seconds_left %lld at 14 min", (long long)left);
    resp_free(&r);
    srv_clock_at(&S, hi + 15 * MIN_MS + 1000);
    cr_expect_eq(get_status(&ss, "/api/session"), 401,
                 "GET /api/session at 14 min extended the idle time");
}

Test(auth, idle_timeout_15_minutes)
{
    REQUIRE_TEST_HOOKS();
    struct sess ss;
    int64_t lo = srv_now_ms(&S);
    login_ok(&S, "dossierhouder", &ss);
    srv_clock_at(&S, lo + 14 * MIN_MS + 59000);
    lo = srv_now_ms(&S);
    cr_assert_eq(get_status(&ss, "/api/sessions"), 200, "session gone at 14:59 idle");
    /* 14:59 after that request (29:58 after login): alive only because the request extended it. */
    srv_clock_at(&S, lo + 14 * MIN_MS + 59000);
    lo = srv_now_ms(&S);
    cr_assert_eq(get_status(&ss, "/api/sessions"), 200, "activity did not extend the session");
    int64_t hi = srv_now_ms(&S);
    (void)lo;
    srv_clock_at(&S, hi + 15 * MIN_MS + 1000);
    cr_expect_eq(get_status(&ss, "/api/sessions"), 401, "session alive after 15:01 idle");
    /* Expired for good: going back in time does not revive it. */
    srv_clock_at(&S, hi + MIN_MS);
    cr_expect_eq(get_status(&ss, "/api/session"), 401, "expired session came back");
}

Test(auth, absolute_timeout_12_hours)
{
    REQUIRE_TEST_HOOKS();
    struct sess ss;
    int64_t lo0 = srv_now_ms(&S);
    login_ok(&S, "voorzitter", &ss);
    int64_t hi0 = srv_now_ms(&S);
    /* Keep it busy: a request every 14 minutes up to 11:59 h. */
    int n = 0;
    for (int64_t t = lo0 + 14 * MIN_MS; t <= lo0 + 11 * HOUR_MS + 59 * MIN_MS; t += 14 * MIN_MS) {
        srv_clock_at(&S, t);
        cr_assert_eq(get_status(&ss, "/api/sessions"), 200, "session ended at %lld min",
                     (long long)((t - lo0) / MIN_MS));
        n++;
    }
    cr_assert(n >= 50);
    srv_clock_at(&S, lo0 + 11 * HOUR_MS + 59 * MIN_MS);
    struct resp r;
    cr_assert_eq(sess_do(&S, &ss, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "session ended before 11:59 h");
    json_int_t left = json_integer_value(json_object_get(r.json, "absolute_seconds_left"));
    cr_expect(left <= 60 && left >= 55, "absolute_seconds_left %lld at 11:59 h", (long long)left);
    resp_free(&r);
    srv_clock_at(&S, hi0 + 12 * HOUR_MS + MIN_MS);
    cr_expect_eq(get_status(&ss, "/api/sessions"), 401, "session alive after 12:01 h");
}

Test(auth, logout_kills_the_cookie)
{
    struct sess ss;
    login_ok(&S, "partner", &ss);
    struct resp r;
    cr_assert_eq(sess_do(&S, &ss, "DELETE", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 204);
    char sc[256];
    cr_assert(resp_header(&r, "Set-Cookie", sc, sizeof(sc)), "logout does not clear the cookie");
    cr_expect(strncmp(sc, COOKIE "=;", strlen(COOKIE) + 2) == 0, "cookie not emptied");
    cr_expect(strstr(sc, "Max-Age=0") != NULL);
    cr_expect(resp_header_count(&r, "Clear-Site-Data") == 1, "no Clear-Site-Data");
    resp_free(&r);
    cr_expect_eq(get_status(&ss, "/api/session"), 401, "old cookie still works after logout");
    cr_expect_eq(sess_status(&S, &ss, "DELETE", "/api/session", NULL, NULL), 401);
}

Test(auth, disabling_a_user_ends_their_sessions)
{
    struct sess d, adm;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "beheerder", &adm);
    cr_assert_eq(get_status(&d, "/api/session"), 200);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)d.user_id);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm, "POST", path, NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "disable: %d", r.status);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "geblokkeerd");
    resp_free(&r);
    cr_expect_eq(get_status(&d, "/api/session"), 401, "disabled user's session still works");
    cr_expect_eq(login(&S, "dossierhouder", NULL), 401, "disabled user can log in");
    cr_expect_eq(get_status(&adm, "/api/session"), 200, "the admin's own session ended");
    /* The admin cannot disable their own account. */
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)adm.user_id);
    cr_expect_eq(sess_status(&S, &adm, "POST", path, NULL, NULL), 409);
}

/* Activation steps 1 and 2 for username with activation code; returns the TOTP secret in
 * secret_out (base32) after checking both steps succeed. */
static void activate(const char *username, const char *code, const char *password, char *secret_out,
                     size_t cap)
{
    struct resp r;
    cr_assert_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", username, "activation_code",
                                    code, "password", password),
                          &r),
                 200, "activation step 1: %d", r.status);
    const char *sec = json_string_value(json_object_get(r.json, "totp_secret"));
    const char *uri = json_string_value(json_object_get(r.json, "otpauth_uri"));
    cr_assert(sec != NULL && strlen(sec) >= 16 && strlen(sec) < cap, "no usable totp_secret");
    cr_expect(uri != NULL && strncmp(uri, "otpauth://totp/", 15) == 0, "no otpauth URI");
    snprintf(secret_out, cap, "%s", sec);
    resp_free(&r);
    char c[7];
    totp_fresh(&S, username, secret_out, c);
    cr_assert_eq(req_json(NULL, "POST", "/api/activation/confirm",
                          json_pack("{s:s, s:s, s:s}", "username", username, "activation_code",
                                    code, "totp", c),
                          &r),
                 204, "activation step 2: %d", r.status);
    resp_free(&r);
}

Test(auth, reset_ends_sessions_and_needs_new_enrolment)
{
    struct sess m, adm;
    login_ok(&S, "melder", &m);
    login_ok(&S, "beheerder", &adm);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/reset", (long long)m.user_id);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm, "POST", path, NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "reset: %d", r.status);
    const char *code = json_string_value(json_object_get(r.json, "activation_code"));
    cr_assert(code != NULL && strlen(code) == 19, "no activation code");
    cr_expect(!json_has_secret_key(json_object_get(r.json, "user")));
    char acode[32];
    snprintf(acode, sizeof(acode), "%s", code);
    resp_free(&r);
    cr_expect_eq(get_status(&m, "/api/session"), 401, "session survived the reset");
    char old[7];
    cr_assert(totp_code_at(demo_str(&S, "melder", "totp_secret"), srv_now_ms(&S), old));
    cr_expect_eq(login_with(&S, "melder", demo_str(&S, "melder", "password"), old, NULL, NULL), 401,
                 "old password + TOTP still work after reset");
    totp_forget(&S, "melder"); /* a new secret starts a new sequence of codes */
    /* Re-enrolment: new password and a new TOTP secret (the old one is gone). */
    char pw[32], secret[128];
    random_password(pw, 20);
    activate("melder", acode, pw, secret, sizeof(secret));
    cr_expect(strcmp(secret, demo_str(&S, "melder", "totp_secret")) != 0, "TOTP secret reused");
    char c[7];
    totp_fresh(&S, "melder", secret, c);
    cr_expect_eq(login_with(&S, "melder", pw, c, NULL, NULL), 201, "login after re-enrolment");
    sodium_memzero(pw, sizeof(pw));
}

/* True when needle[0..n) occurs in the file (absent file: false). */
static bool file_contains(const char *path, const void *needle, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    size_t got = fread(b, 1, (size_t)len, f);
    fclose(f);
    bool hit = memmem(b, got, needle, n) != NULL;
    free(b);
    return hit;
}

Test(auth, database_holds_no_session_token)
{
    struct sess a, b;
    login_ok(&S, "dossierhouder", &a);
    login_ok(&S, "voorzitter", &b);
    cr_assert_eq(get_status(&a, "/api/sessions"), 200);
    const struct sess *all[] = {&a, &b};
    const char *files[] = {"regie.db", "regie.db-wal"};
    for (size_t i = 0; i < 2; i++) {
        unsigned char raw[64];
        size_t rn = 0;
        cr_assert_eq(sodium_base642bin(raw, sizeof(raw), all[i]->token, strlen(all[i]->token), NULL,
                                       &rn, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
        cr_assert_eq(rn, 32, "token is not 256 bits");
        for (size_t k = 0; k < 2; k++) {
            char path[512];
            snprintf(path, sizeof(path), "%s/%s", S.dir, files[k]);
            cr_expect(!file_contains(path, all[i]->token, strlen(all[i]->token)),
                      "session token stored as text in %s", files[k]);
            cr_expect(!file_contains(path, raw, rn), "raw session token stored in %s", files[k]);
            cr_expect(!file_contains(path, all[i]->csrf, strlen(all[i]->csrf)),
                      "CSRF token stored in %s", files[k]);
        }
        sodium_memzero(raw, sizeof(raw));
    }
}

Test(auth, activation_code_expires_after_7_days)
{
    REQUIRE_TEST_HOOKS();
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    cr_assert_eq(
        req_json(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:[s]}", "username", "laat.lid", "display_name",
                           "Laat Lid (test)", "org_id", (json_int_t)adm.org_id, "roles", "melder"),
                 &r),
        201);
    char acode[32];
    snprintf(acode, sizeof(acode), "%s",
             json_string_value(json_object_get(r.json, "activation_code")));
    resp_free(&r);
    char pw[32];
    random_password(pw, 20);
    srv_clock_set(&S, S.clock_off_ms + 7 * 24 * HOUR_MS + MIN_MS);
    cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "laat.lid", "activation_code",
                                    acode, "password", pw),
                          &r),
                 401, "expired activation code accepted");
    resp_free(&r);
    /* Two hours earlier (6 d 22 h after creation): still valid, so the code itself was right. */
    srv_clock_set(&S, S.clock_off_ms - 2 * HOUR_MS);
    cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "laat.lid", "activation_code",
                                    acode, "password", pw),
                          &r),
                 200, "activation code refused before it expired");
    resp_free(&r);
    sodium_memzero(pw, sizeof(pw));
}

Test(auth, new_token_at_every_login)
{
    /* A cookie planted before login (fixation) is never adopted. */
    static const char planted[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    struct sess fake = {0};
    snprintf(fake.token, sizeof(fake.token), "%s", planted);
    cr_expect_eq(get_status(&fake, "/api/session"), 401);
    struct sess a, b;
    login_ok(&S, "burgemeester", &a);
    login_ok(&S, "burgemeester", &b);
    cr_expect(strcmp(a.token, b.token) != 0, "two logins got the same token");
    cr_expect(strcmp(a.csrf, b.csrf) != 0, "two sessions share a CSRF token");
    cr_expect(strcmp(a.token, planted) != 0 && strcmp(b.token, planted) != 0);
    cr_expect_eq(get_status(&a, "/api/session"), 200, "first session ended by the second login");
    cr_expect_eq(get_status(&b, "/api/session"), 200);
    cr_expect_eq(get_status(&fake, "/api/session"), 401);
}

Test(auth, at_most_three_sessions_oldest_ended)
{
    REQUIRE_TEST_HOOKS();
    struct sess s[4];
    for (int i = 0; i < 4; i++) {
        srv_clock_set(&S, S.clock_off_ms + 30000); /* a fresh TOTP step for every login */
        login_ok(&S, "fg", &s[i]);
        if (i < 3)
            cr_expect_eq(get_status(&s[0], "/api/session"), 200, "session 1 ended after login %d",
                         i + 1);
    }
    cr_expect_eq(get_status(&s[0], "/api/session"), 401, "4th login did not end the oldest");
    for (int i = 1; i < 4; i++)
        cr_expect_eq(get_status(&s[i], "/api/session"), 200, "session %d ended", i + 1);
    size_t n = 0;
    (void)current_session_id(&s[3], &n);
    cr_expect_eq(n, 3, "%zu sessions listed", n);
}

Test(auth, my_sessions_list_and_end_one)
{
    struct sess a, b, other;
    login_ok(&S, "dossierhouder", &a);
    login_ok(&S, "dossierhouder", &b);
    login_ok(&S, "melder", &other);
    size_t n = 0;
    int64_t ida = current_session_id(&a, &n);
    cr_expect_eq(n, 2, "own list has %zu sessions", n);
    int64_t idb = current_session_id(&b, NULL);
    int64_t ido = current_session_id(&other, &n);
    cr_expect_eq(n, 1, "another user's list leaks sessions");
    cr_expect(ida != idb);
    /* The list shows when and from where, and never a token. */
    struct resp r;
    cr_assert_eq(sess_do(&S, &a, "GET", "/api/sessions", NULL, NULL, NULL, &r), 0);
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    cr_expect(json_is_string(json_object_get(it, "created_at")));
    cr_expect(json_is_string(json_object_get(it, "last_seen_at")));
    cr_expect(json_is_string(json_object_get(it, "client")));
    cr_expect(strstr(r.body, a.token) == NULL && strstr(r.body, b.token) == NULL);
    resp_free(&r);
    /* Another user's session cannot be ended (not found, and it lives on). */
    char path[64];
    snprintf(path, sizeof(path), "/api/sessions/%lld", (long long)ido);
    cr_expect_eq(sess_status(&S, &a, "DELETE", path, NULL, NULL), 404);
    cr_expect_eq(get_status(&other, "/api/session"), 200, "another user's session was ended");
    /* End b from a. */
    snprintf(path, sizeof(path), "/api/sessions/%lld", (long long)idb);
    cr_expect_eq(sess_status(&S, &a, "DELETE", path, NULL, NULL), 204);
    cr_expect_eq(get_status(&b, "/api/session"), 401, "ended session still works");
    cr_expect_eq(get_status(&a, "/api/session"), 200);
    (void)current_session_id(&a, &n);
    cr_expect_eq(n, 1);
    cr_expect_eq(sess_status(&S, &a, "DELETE", path, NULL, NULL), 404, "ended twice");
    cr_expect_eq(sess_status(&S, &a, "DELETE", "/api/sessions/abc", NULL, NULL), 404);
}

Test(auth, my_sessions_end_others)
{
    struct sess a, b;
    login_ok(&S, "partner", &a);
    login_ok(&S, "partner", &b);
    cr_expect_eq(sess_status(&S, &a, "DELETE", "/api/sessions", NULL, NULL), 204);
    cr_expect_eq(get_status(&b, "/api/session"), 401, "other session survived");
    cr_expect_eq(get_status(&a, "/api/session"), 200, "current session ended too");
    size_t n = 0;
    (void)current_session_id(&a, &n);
    cr_expect_eq(n, 1);
}

/* ---- C1: CSRF and origin checks ----------------------------------------------------------------
 */

Test(auth, csrf_and_origin_checks)
{
    struct sess a, a2, m;
    login_ok(&S, "voorzitter", &a);
    login_ok(&S, "voorzitter", &a2);
    login_ok(&S, "melder", &m);
    char h[512];
    /* No X-CSRF-Token. */
    cr_expect_eq(logout_with(&a, ""), 403, "no CSRF token accepted");
    /* Another user's token, and another session's token of the same user. */
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\n", m.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "another user's CSRF token accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\n", a2.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "another session's CSRF token accepted");
    /* A token with one character changed, and an empty one. */
    snprintf(h, sizeof(h), "X-CSRF-Token: %.42s%c\r\n", a.csrf, a.csrf[42] == 'A' ? 'B' : 'A');
    cr_expect_eq(logout_with(&a, h), 403, "altered CSRF token accepted");
    cr_expect_eq(logout_with(&a, "X-CSRF-Token: \r\n"), 403);
    /* Right token, wrong origin. */
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nOrigin: https://evil.example\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "foreign Origin accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nOrigin: http://127.0.0.1:1\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "Origin with another port accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nOrigin: null\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "Origin: null accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nSec-Fetch-Site: cross-site\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "Sec-Fetch-Site: cross-site accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nSec-Fetch-Site: same-site\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "Sec-Fetch-Site: same-site accepted");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nX-No-Origin: 1\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 403, "no Origin and no Sec-Fetch-Site accepted");
    /* None of these ended the session. */
    cr_expect_eq(get_status(&a, "/api/session"), 200, "a refused request logged out");
    /* Positive controls: Sec-Fetch-Site same-origin alone is enough; then the normal way. */
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\nX-No-Origin: 1\r\nSec-Fetch-Site: same-origin\r\n",
             a2.csrf);
    cr_expect_eq(logout_with(&a2, h), 204, "same-origin request refused");
    snprintf(h, sizeof(h), "X-CSRF-Token: %s\r\n", a.csrf);
    cr_expect_eq(logout_with(&a, h), 204, "correct request refused");
    sodium_memzero(h, sizeof(h));
}

Test(auth, login_csrf_and_get_on_state_changing_route)
{
    static const char body[] =
        "{\"username\":\"niemand\",\"password\":\"geen-geldig-wachtwoord\",\"totp\":\"123456\"}";
    struct resp r;
    cr_assert_eq(http_do(&S, "POST", "/api/session", "application/json", body,
                         "Origin: https://evil.example\r\n", &r),
                 0);
    cr_expect_eq(r.status, 403, "cross-origin login: %d", r.status);
    resp_free(&r);
    cr_assert_eq(
        http_do(&S, "POST", "/api/session", "application/json", body, "X-No-Origin: 1\r\n", &r), 0);
    cr_expect_eq(r.status, 403, "login without Origin: %d", r.status);
    resp_free(&r);
    cr_assert_eq(http_do(&S, "POST", "/api/session", "application/json", body,
                         "Sec-Fetch-Site: cross-site\r\n", &r),
                 0);
    cr_expect_eq(r.status, 403, "cross-site login: %d", r.status);
    resp_free(&r);
    /* A state-changing route is never reachable with GET. */
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)demo_id(&S, "melder"));
    /* POST and PATCH without the CSRF token (cookie only): refused, nothing changes. */
    char h[256];
    snprintf(h, sizeof(h), "Cookie: " COOKIE "=%s\r\n", adm.token);
    cr_assert_eq(http_do(&S, "POST", path, NULL, NULL, h, &r), 0);
    cr_expect_eq(r.status, 403, "POST without CSRF token: %d", r.status);
    resp_free(&r);
    char org[64];
    snprintf(org, sizeof(org), "/api/orgs/%lld", (long long)adm.org_id);
    cr_assert_eq(http_do(&S, "PATCH", org, "application/json",
                         "{\"instrument_status\":\"verlopen\"}", h, &r),
                 0);
    cr_expect_eq(r.status, 403, "PATCH without CSRF token: %d", r.status);
    resp_free(&r);
    sodium_memzero(h, sizeof(h));
    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_expect(json_is_true(json_object_get(
                  json_object_get(json_object_get(r.json, "user"), "organisation"), "access_ok")),
              "PATCH without CSRF token changed the covenant");
    resp_free(&r);
    cr_assert_eq(sess_do(&S, &adm, "GET", path, NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 405);
    char allow[64];
    cr_expect(resp_header(&r, "Allow", allow, sizeof(allow)) && strstr(allow, "POST") != NULL);
    resp_free(&r);
    struct sess m;
    login_ok(&S, "melder", &m);
    cr_expect_eq(get_status(&m, "/api/session"), 200,
                 "GET, or POST without CSRF token, on the disable route disabled the user");
}

/* ---- A3: throttling ---------------------------------------------------------------------------
 */

static void restart_with(const char *const *args)
{
    struct srv_opts o = {.args = args};
    cr_assert_eq(srv_restart(&S, &o), 0, "server did not stop cleanly");
}

Test(auth, throttle_per_account)
{
    static const char *const args[] = {"--login_per_hour", "5", NULL};
    restart_with(args);
    const char *secret = demo_str(&S, "dossierhouder", "totp_secret");
    char code[7];
    for (int i = 0; i < 5; i++) {
        cr_assert(totp_code_at(secret, srv_now_ms(&S), code));
        cr_expect_eq(
            login_with(&S, "dossierhouder", "dit-is-niet-het-wachtwoord", code, NULL, NULL), 401,
            "attempt %d", i + 1);
    }
    /* The 6th verification within the hour is not done, even with the right credentials. */
    struct resp r;
    totp_fresh(&S, "dossierhouder", secret, code);
    cr_expect_eq(
        login_with(&S, "dossierhouder", demo_str(&S, "dossierhouder", "password"), code, NULL, &r),
        429, "6th attempt not throttled");
    cr_expect(resp_header_count(&r, "Retry-After") == 1, "no Retry-After");
    cr_expect(!has_set_cookie(&r));
    resp_free(&r);
    /* Throttling is per account: another account logs in. */
    struct sess m;
    cr_expect_eq(login(&S, "melder", &m), 201, "another account was throttled too");
    /* Unknown accounts are throttled the same way (no enumeration through 429). */
    for (int i = 0; i < 5; i++)
        cr_expect_eq(
            login_with(&S, "bestaat-niet", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL),
            401);
    cr_expect_eq(login_with(&S, "bestaat-niet", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL),
                 429, "unknown account not throttled");
    /* The username is matched case-insensitively for the count. */
    cr_expect_eq(
        login_with(&S, "DossierHouder", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL), 429,
        "throttle bypassed by changing the case of the username");
}

Test(auth, throttle_ends_after_an_hour)
{
    REQUIRE_TEST_HOOKS();
    static const char *const args[] = {"--login_per_hour", "5", NULL};
    restart_with(args);
    for (int i = 0; i < 5; i++)
        cr_expect_eq(login_with(&S, "fg", "dit-is-niet-het-wachtwoord", "123456", NULL, NULL), 401);
    cr_expect_eq(login(&S, "fg", NULL), 429);
    srv_clock_set(&S, S.clock_off_ms + 59 * MIN_MS);
    cr_expect_eq(login(&S, "fg", NULL), 429, "throttle lifted before the hour was over");
    srv_clock_set(&S, S.clock_off_ms + 2 * MIN_MS);
    struct sess ss;
    cr_expect_eq(login(&S, "fg", &ss), 201, "legitimate login refused after the hour");
}

/* ---- demo accounts only on loopback -----------------------------------------------------------
 */

Test(auth, demo_accounts_refused_off_loopback)
{
    /* Listen on every address (we still only connect to 127.0.0.1); the tests run as root. */
    static const char *const any[] = {"--listen", "0.0.0.0:0", "--allow-root", NULL};
    restart_with(any);
    struct resp r, ref;
    cr_expect_eq(login(&S, "dossierhouder", NULL), 401, "demo account works off loopback");
    cr_assert_eq(
        login_with(&S, "dossierhouder", "dit-is-niet-het-wachtwoord", "123456", NULL, &ref), 401);
    struct sess ss;
    cr_assert_eq(login(&S, "beheerder", NULL), 401);
    cr_assert_eq(
        login_with(&S, "beheerder", demo_str(&S, "beheerder", "password"), "000000", NULL, &r),
        401);
    cr_expect_str_eq(detail_of(&r), detail_of(&ref));
    resp_free(&r);
    resp_free(&ref);
    /* The same data dir on loopback: the same accounts work (so the credentials were right). */
    restart_with(NULL);
    cr_expect_eq(login(&S, "dossierhouder", &ss), 201, "positive control on loopback failed");
}

/* ---- A1/A4: activation -------------------------------------------------------------------------
 */

Test(auth, activation_end_to_end)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t org = adm.org_id;
    struct resp r;
    cr_assert_eq(
        req_json(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:[s]}", "username", "nieuw.lid", "display_name",
                           "Nieuw Lid (test)", "org_id", (json_int_t)org, "roles", "melder"),
                 &r),
        201, "create user: %d", r.status);
    const char *code = json_string_value(json_object_get(r.json, "activation_code"));
    cr_assert(code != NULL && strlen(code) == 19);
    char acode[32];
    snprintf(acode, sizeof(acode), "%s", code);
    json_t *user = json_object_get(r.json, "user");
    cr_expect_str_eq(json_string_value(json_object_get(user, "status")), "wacht_op_activatie");
    cr_expect(!json_has_secret_key(user), "user JSON has a secret-looking field");
    resp_free(&r);

    /* Not active yet: no login with any password. */
    cr_expect_eq(login_with(&S, "nieuw.lid", "nog-geen-wachtwoord-gekozen", "123456", NULL, NULL),
                 401);
    /* Wrong activation code: 401 and nothing changes. */
    cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    "AAAA-BBBB-CCCC-DDDD", "password", "een-prima-lang-wachtwoord"),
                          &r),
                 401);
    resp_free(&r);
    /* Weak passwords: 400 naming the field. */
    const char *weak[] = {"kort",                           /* too short */
                          "abcdefghijklmn",                 /* 14 characters */
                          "aaaaaaaaaaaaaaaaaaaa",           /* repeated */
                          "12345678901234567890",           /* sequence */
                          "Voorbeeldstad2024Voorbeeldstad", /* organisation name */
                          "gemeentegemeente1",              /* context word */
                          "nieuwnieuwnieuw-2024"};          /* the username */
    for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
        cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                              json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid",
                                        "activation_code", acode, "password", weak[i]),
                              &r),
                     400, "weak password #%zu accepted (%d)", i, r.status);
        cr_expect(names_field(&r, "password"), "weak password #%zu: field not named", i);
        resp_free(&r);
    }
    char *huge = malloc(1026);
    random_password(huge, 1025);
    cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    acode, "password", huge),
                          &r),
                 400, "1025-character password accepted");
    free(huge);
    resp_free(&r);

    /* A good password: 64 characters with non-ASCII letters; used exactly as typed later. */
    char pw[160];
    random_password(pw, 40);
    strcat(pw, "\xc3\xa9\xc3\xab\xc3\xaf\xe2\x82\xac"); /* é ë ï € */
    char secret[128];
    struct resp s1;
    cr_assert_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    acode, "password", pw),
                          &s1),
                 200, "activation step 1: %d", s1.status);
    snprintf(secret, sizeof(secret), "%s",
             json_string_value(json_object_get(s1.json, "totp_secret")));
    resp_free(&s1);
    /* Not active before the TOTP is confirmed. */
    char c[7];
    cr_assert(totp_code_at(secret, srv_now_ms(&S), c));
    cr_expect_eq(login_with(&S, "nieuw.lid", pw, c, NULL, NULL), 401, "login before confirmation");
    /* Confirm with a wrong code: refused, names the field. */
    char bad[7];
    wrong_code(secret, bad);
    cr_expect_eq(req_json(NULL, "POST", "/api/activation/confirm",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    acode, "totp", bad),
                          &r),
                 400, "wrong confirmation code: %d", r.status);
    cr_expect(names_field(&r, "totp"));
    resp_free(&r);
    /* Right code. */
    totp_fresh(&S, "nieuw.lid", secret, c);
    cr_assert_eq(req_json(NULL, "POST", "/api/activation/confirm",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    acode, "totp", c),
                          &r),
                 204, "confirmation: %d", r.status);
    resp_free(&r);
    /* The activation code is single-use. */
    cr_expect_eq(req_json(NULL, "POST", "/api/activation",
                          json_pack("{s:s, s:s, s:s}", "username", "nieuw.lid", "activation_code",
                                    acode, "password", "nog-een-heel-ander-wachtwoord"),
                          &r),
                 401, "activation code reused");
    resp_free(&r);
    /* Login with the password exactly as typed; one character less is refused. */
    totp_fresh(&S, "nieuw.lid", secret, c);
    char shorter[160];
    snprintf(shorter, sizeof(shorter), "%.*s", (int)strlen(pw) - 3, pw); /* drop "€" */
    cr_expect_eq(login_with(&S, "nieuw.lid", shorter, c, NULL, NULL), 401, "shortened password");
    struct sess nu;
    cr_expect_eq(login_with(&S, "nieuw.lid", pw, c, &nu, NULL), 201, "login after activation");
    sodium_memzero(pw, sizeof(pw));
    sodium_memzero(shorter, sizeof(shorter));

    /* The admin never sees a password or a secret in any user JSON. */
    cr_assert_eq(sess_do(&S, &adm, "GET", "/api/users", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200);
    cr_expect(!json_has_secret_key(r.json), "GET /api/users shows a secret-looking field");
    size_t i;
    json_t *it;
    bool found = false;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        const char *un = json_string_value(json_object_get(it, "username"));
        if (un && strcmp(un, "nieuw.lid") == 0) {
            found = true;
            cr_expect_str_eq(json_string_value(json_object_get(it, "status")), "actief");
        }
    }
    cr_expect(found, "new user not listed");
    resp_free(&r);
}
