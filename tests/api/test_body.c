/* test_body.c: request-body handling on a public JSON route (POST /api/session) from the outside
 * (security.md I1, C3): malformed JSON, duplicate keys, invalid UTF-8, NUL escapes, nesting depth,
 * size cap (Content-Length and chunked), media type, unknown and missing fields; nothing is stored
 * for a refused body; and a request whose body is still arriving survives a graceful shutdown. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define ROUTE "/api/session"
#define CAP 8192 /* body cap of POST /api/session in src/http/routes.c */

static struct srv S;

static void start(void)
{
    srv_start(&S, false, NULL);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
    else
        srv_stop(&S, false);
}

TestSuite(body, .init = start, .fini = stop, .timeout = 120);

static void expect_problem(const struct resp *r, int status, const char *what)
{
    char ct[128];
    cr_assert_eq(r->status, status, "%s: status %d, want %d", what, r->status, status);
    cr_assert(resp_header(r, "Content-Type", ct, sizeof(ct)), "%s: no content type", what);
    cr_expect(strncmp(ct, "application/problem+json", 24) == 0, "%s: content type %s", what, ct);
    cr_assert_not_null(r->json, "%s: problem body is not JSON", what);
    cr_expect_eq(json_integer_value(json_object_get(r->json, "status")), status, "%s", what);
    cr_expect(json_is_string(json_object_get(r->json, "detail")), "%s: no detail", what);
}

/* True when the problem's errors[] names field. */
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

/* POST ROUTE with a body of n bytes (may contain NUL) and the given Content-Type (NULL: none). */
static void post_raw(const char *ctype, const char *body, size_t n, struct resp *r)
{
    char head[512];
    int hn =
        snprintf(head, sizeof(head),
                 "POST " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                 "%s%s%sContent-Length: %zu\r\n\r\n",
                 (unsigned)S.port, (unsigned)S.port, ctype ? "Content-Type: " : "",
                 ctype ? ctype : "", ctype ? "\r\n" : "", n);
    char *req = malloc((size_t)hn + n);
    memcpy(req, head, (size_t)hn);
    memcpy(req + hn, body, n);
    cr_assert_eq(http_raw(&S, req, (size_t)hn + n, r), 0, "no response");
    free(req);
}

static void post_json(const char *body, struct resp *r)
{
    post_raw("application/json", body, strlen(body), r);
}

/* {"username":<depth-deep array>} with depth counting the outer object as 1. */
static char *nested(int depth)
{
    size_t n = (size_t)depth * 2 + 64;
    char *b = malloc(n);
    int k = snprintf(b, n, "{\"username\":");
    for (int i = 1; i < depth; i++)
        b[k++] = '[';
    for (int i = 1; i < depth; i++)
        b[k++] = ']';
    b[k++] = '}';
    b[k] = '\0';
    return b;
}

Test(body, malformed_json_400)
{
    const char *bad[] = {
        "{\"username\":",                                  /* truncated */
        "{username: \"a\", password: \"b\", totp: \"1\"}", /* unquoted keys */
        "{\"username\":\"a\",}",                           /* trailing comma */
        "[\"username\"]",                                  /* not an object */
        "\"just a string\"",
        "{\"username\":\"a\"} trailing",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        post_json(bad[i], &r);
        char what[32];
        snprintf(what, sizeof(what), "malformed #%zu", i);
        expect_problem(&r, 400, what);
        resp_free(&r);
    }
    /* An empty body (Content-Length: 0) is not a JSON object either. */
    struct resp r;
    post_json("", &r);
    expect_problem(&r, 400, "empty body");
    resp_free(&r);
}

Test(body, duplicate_keys_400)
{
    struct resp r;
    post_json("{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\",\"totp\":\"123456\"}", &r);
    expect_problem(&r, 400, "duplicate username");
    resp_free(&r);
    /* Duplicates in a nested object count as well. */
    post_json("{\"username\":{\"k\":1,\"k\":2},\"password\":\"x\",\"totp\":\"123456\"}", &r);
    expect_problem(&r, 400, "nested duplicate");
    cr_expect(!names_field(&r, "username"), "the duplicate reached field validation");
    resp_free(&r);
}

Test(body, invalid_utf8_400)
{
    const char *bad[] = {
        "{\"username\":\"\xff\xfe\",\"password\":\"x\",\"totp\":\"123456\"}", /* invalid bytes */
        "{\"username\":\"\xc0\xaf\",\"password\":\"x\",\"totp\":\"123456\"}", /* overlong '/' */
        "{\"username\":\"\xed\xa0\x80\",\"password\":\"x\",\"totp\":\"123456\"}", /* surrogate */
        "{\"username\":\"a\xe2\x82\",\"password\":\"x\",\"totp\":\"123456\"}",    /* truncated */
        "{\"user\xff\":\"a\"}",                                                   /* in a key */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        post_json(bad[i], &r);
        char what[32];
        snprintf(what, sizeof(what), "invalid utf-8 #%zu", i);
        expect_problem(&r, 400, what);
        resp_free(&r);
    }
    /* A raw NUL byte in the body. */
    static const char nul[] = "{\"username\":\"a\0b\",\"password\":\"x\",\"totp\":\"123456\"}";
    struct resp r;
    post_raw("application/json", nul, sizeof(nul) - 1, &r);
    expect_problem(&r, 400, "raw NUL byte");
    resp_free(&r);
}

Test(body, nul_escape_400)
{
    struct resp r;
    post_json("{\"username\":\"a\\u0000b\",\"password\":\"x\",\"totp\":\"123456\"}", &r);
    expect_problem(&r, 400, "\\u0000 in a value");
    resp_free(&r);
    post_json("{\"user\\u0000name\":\"a\",\"password\":\"x\",\"totp\":\"123456\"}", &r);
    expect_problem(&r, 400, "\\u0000 in a key");
    resp_free(&r);
}

Test(body, nesting_depth)
{
    /* Depth 40 is refused before field validation (no errors[] about username) ... */
    char *deep = nested(40);
    struct resp r;
    post_json(deep, &r);
    free(deep);
    expect_problem(&r, 400, "depth 40");
    cr_expect(!names_field(&r, "username"), "depth 40 reached field validation");
    resp_free(&r);
    /* ... while depth 30 parses and fails only on the field's type. */
    deep = nested(30);
    post_json(deep, &r);
    free(deep);
    expect_problem(&r, 400, "depth 30");
    cr_expect(names_field(&r, "username"), "depth 30 should parse and fail on the username type");
    resp_free(&r);
    /* Brackets inside strings do not count as nesting. */
    char body[256];
    snprintf(body, sizeof(body), "{\"username\":\"%s\"}",
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    post_json(body, &r);
    expect_problem(&r, 400, "brackets in a string");
    cr_expect(names_field(&r, "password"), "brackets inside a string were counted as nesting");
    resp_free(&r);
}

/* A login body for an unknown user padded with whitespace to exactly n bytes. */
static char *padded_login(size_t n)
{
    static const char core[] =
        "{\"username\":\"niemand\",\"password\":\"geen-geldig-wachtwoord\",\"totp\":\"123456\"";
    char *b = malloc(n + 1);
    size_t k = sizeof(core) - 1;
    memcpy(b, core, k);
    while (k < n - 1)
        b[k++] = ' ';
    b[k++] = '}';
    b[k] = '\0';
    return b;
}

Test(body, over_cap_413_before_the_body_is_read)
{
    /* Headers announcing 9000 bytes: the server refuses at once, without waiting for the body. */
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    char head[512];
    int hn =
        snprintf(head, sizeof(head),
                 "POST " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                 "Content-Type: application/json\r\nContent-Length: 9000\r\n\r\n",
                 (unsigned)S.port, (unsigned)S.port);
    cr_assert_eq(write(fd, head, (size_t)hn), hn);
    struct resp r;
    cr_assert_eq(http_read_resp(fd, &r), 0, "no answer before the body was sent");
    close(fd);
    expect_problem(&r, 413, "Content-Length 9000");
    resp_free(&r);
}

Test(body, cap_boundary)
{
    /* Exactly the cap is read and handled (unknown user: 401) ... */
    char *b = padded_login(CAP);
    struct resp r;
    post_json(b, &r);
    free(b);
    cr_expect_eq(r.status, 401, "body of exactly %d bytes: status %d", CAP, r.status);
    resp_free(&r);
    /* ... one byte more is refused, also when the whole body is sent at once. */
    b = padded_login(CAP + 1);
    post_json(b, &r);
    free(b);
    expect_problem(&r, 413, "cap + 1");
    resp_free(&r);
    b = padded_login(9000);
    post_json(b, &r);
    free(b);
    expect_problem(&r, 413, "9000 bytes");
    resp_free(&r);
}

Test(body, media_type_415)
{
    static const char body[] = "{\"username\":\"a\",\"password\":\"b\",\"totp\":\"123456\"}";
    const char *bad[] = {"text/plain",          "application/x-www-form-urlencoded",
                         "multipart/form-data", "application/json; charset=latin1",
                         "application/jsonx",   NULL};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        post_raw(bad[i], body, sizeof(body) - 1, &r);
        char what[64];
        snprintf(what, sizeof(what), "Content-Type %s", bad[i] ? bad[i] : "(none)");
        expect_problem(&r, 415, what);
        resp_free(&r);
    }
    /* The accepted spellings reach the handler (401: unknown user). */
    const char *good[] = {"application/json", "application/json; charset=utf-8",
                          "Application/JSON;charset=UTF-8"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        struct resp r;
        post_raw(good[i], body, sizeof(body) - 1, &r);
        cr_expect_eq(r.status, 401, "Content-Type %s: status %d", good[i], r.status);
        resp_free(&r);
    }
}

Test(body, unknown_field_named)
{
    struct resp r;
    post_json("{\"username\":\"a\",\"password\":\"b\",\"totp\":\"123456\",\"is_admin\":true}", &r);
    expect_problem(&r, 400, "unknown field");
    json_t *errs = json_object_get(r.json, "errors");
    cr_assert_eq(json_array_size(errs), 1, "errors should name exactly the unknown field");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "field")),
                     "is_admin");
    resp_free(&r);
}

Test(body, missing_fields_listed)
{
    struct resp r;
    post_json("{}", &r);
    expect_problem(&r, 400, "empty object");
    cr_expect_eq(json_array_size(json_object_get(r.json, "errors")), 3);
    cr_expect(names_field(&r, "username"));
    cr_expect(names_field(&r, "password"));
    cr_expect(names_field(&r, "totp"));
    resp_free(&r);
    post_json("{\"username\":\"a\"}", &r);
    expect_problem(&r, 400, "only username");
    cr_expect_eq(json_array_size(json_object_get(r.json, "errors")), 2);
    cr_expect(!names_field(&r, "username"));
    cr_expect(names_field(&r, "password"));
    cr_expect(names_field(&r, "totp"));
    resp_free(&r);
    /* Wrong types are named too. */
    post_json("{\"username\":1,\"password\":[],\"totp\":null}", &r);
    expect_problem(&r, 400, "wrong types");
    cr_expect(names_field(&r, "username"));
    cr_expect(names_field(&r, "password"));
    cr_expect(names_field(&r, "totp"));
    resp_free(&r);
}

Test(body, refused_bodies_store_nothing)
{
    /* The access log (audit_*) may record refused requests; nothing else may change. */
    static const char *const skip[] = {"audit", NULL};
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, skip, before);
    static const char nul[] = "{\"username\":\"a\0b\",\"password\":\"x\",\"totp\":\"123456\"}";
    struct {
        const char *ctype;
        const char *body;
        size_t n;
        int want;
    } cases[] = {
        {"application/json", "{\"username\":", 0, 400},
        {"application/json", "{\"username\":\"a\",\"username\":\"b\"}", 0, 400},
        {"application/json", "{\"username\":\"\xff\",\"password\":\"x\",\"totp\":\"123456\"}", 0,
         400},
        {"application/json", "{\"username\":\"a\\u0000\",\"password\":\"x\",\"totp\":\"123456\"}",
         0, 400},
        {"application/json", nul, sizeof(nul) - 1, 400},
        {"text/plain", "{\"username\":\"a\",\"password\":\"x\",\"totp\":\"123456\"}", 0, 415},
        {NULL, "{\"username\":\"a\",\"password\":\"x\",\"totp\":\"123456\"}", 0, 415},
        {"application/json", "{\"username\":\"a\",\"password\":\"x\",\"totp\":\"123456\",\"x\":1}",
         0, 400},
        {"application/json", "{}", 0, 400},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct resp r;
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].body);
        post_raw(cases[i].ctype, cases[i].body, n, &r);
        cr_expect_eq(r.status, cases[i].want, "case %zu: status %d, want %d", i, r.status,
                     cases[i].want);
        resp_free(&r);
    }
    char *deep = nested(40);
    struct resp r;
    post_json(deep, &r);
    free(deep);
    cr_expect_eq(r.status, 400);
    resp_free(&r);
    char *big = padded_login(9000);
    post_json(big, &r);
    free(big);
    cr_expect_eq(r.status, 413);
    resp_free(&r);
    db_fingerprint_skip(&S, skip, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused body changed the database");
}

/* ---- chunked bodies ----------------------------------------------------------------------- */

static bool send_all_ignore(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Sends body as chunks of at most chunk bytes; returns false if the server stopped reading. */
static bool send_chunked(int fd, const char *body, size_t n, size_t chunk)
{
    char head[512];
    int hn =
        snprintf(head, sizeof(head),
                 "POST " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                 (unsigned)S.port, (unsigned)S.port);
    if (!send_all_ignore(fd, head, (size_t)hn))
        return false;
    for (size_t off = 0; off < n; off += chunk) {
        size_t len = n - off < chunk ? n - off : chunk;
        char sz[32];
        int sn = snprintf(sz, sizeof(sz), "%zx\r\n", len);
        if (!send_all_ignore(fd, sz, (size_t)sn) || !send_all_ignore(fd, body + off, len) ||
            !send_all_ignore(fd, "\r\n", 2))
            return false;
    }
    return send_all_ignore(fd, "0\r\n\r\n", 5);
}

Test(body, chunked_body_on_json_route)
{
    static const char login[] =
        "{\"username\":\"niemand\",\"password\":\"geen-geldig-wachtwoord\",\"totp\":\"123456\"}";
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    cr_assert(send_chunked(fd, login, sizeof(login) - 1, 7));
    struct resp r;
    cr_assert_eq(http_read_resp(fd, &r), 0);
    close(fd);
    cr_expect_eq(r.status, 401, "chunked login body: status %d", r.status);
    resp_free(&r);

    /* The body really is parsed: a chunked "{}" gets the missing-field list. */
    fd = srv_connect(&S);
    cr_assert(fd >= 0);
    cr_assert(send_chunked(fd, "{}", 2, 1));
    cr_assert_eq(http_read_resp(fd, &r), 0);
    close(fd);
    expect_problem(&r, 400, "chunked {}");
    cr_expect(names_field(&r, "username") && names_field(&r, "totp"));
    resp_free(&r);
}

static void chunked_too_big(size_t total)
{
    char *b = padded_login(total);
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    bool sent = send_chunked(fd, b, total, 1024);
    free(b);
    struct resp r;
    int rc = http_read_resp(fd, &r);
    close(fd);
    /* Either a 413, or the connection was closed without any answer; never a 2xx or 401. */
    if (rc == 0) {
        cr_expect_eq(r.status, 413, "chunked %zu bytes: status %d", total, r.status);
        resp_free(&r);
    } else {
        cr_expect(!sent || rc != 0, "chunked %zu bytes: no answer", total);
    }
}

Test(body, chunked_over_cap)
{
    chunked_too_big(CAP + 1);
    chunked_too_big(12 * 1024);
    chunked_too_big(256 * 1024); /* past the drain limit: the server may drop the connection */
    /* The server still serves afterwards. */
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/health", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    resp_free(&r);
}

/* ---- graceful shutdown with a body in flight ------------------------------------------------ */

/* Reads an interim response ("HTTP/1.1 100 Continue\r\n\r\n") byte by byte, so nothing of the
 * final response is consumed. Returns its status or -1. */
static int read_interim(int fd)
{
    char buf[512];
    size_t n = 0;
    while (n + 1 < sizeof(buf)) {
        ssize_t got = recv(fd, buf + n, 1, 0);
        if (got <= 0)
            return -1;
        n++;
        buf[n] = '\0';
        if (n >= 4 && memcmp(buf + n - 4, "\r\n\r\n", 4) == 0)
            break;
    }
    return n > 12 ? (int)strtol(buf + 9, NULL, 10) : -1;
}

Test(body, shutdown_waits_for_a_body_in_flight)
{
    static const char body[] =
        "{\"username\":\"niemand\",\"password\":\"geen-geldig-wachtwoord\",\"totp\":\"123456\"}";
    size_t n = sizeof(body) - 1, half = n / 2;
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    char head[512];
    int hn =
        snprintf(head, sizeof(head),
                 "POST " ROUTE " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                 "Expect: 100-continue\r\n\r\n",
                 (unsigned)S.port, (unsigned)S.port, n);
    cr_assert_eq(write(fd, head, (size_t)hn), hn);
    /* 100 Continue proves the server has accepted the headers: the request is in flight. */
    cr_assert_eq(read_interim(fd), 100, "no 100 Continue for the request headers");
    cr_assert_eq(write(fd, body, half), (ssize_t)half);
    cr_assert_eq(kill(S.pid, SIGTERM), 0);
    /* Wait until the server has begun to stop: it closes its listening socket first. */
    bool refused = false;
    for (int i = 0; i < 2000 && !refused; i++) {
        int probe = srv_connect(&S);
        if (probe < 0)
            refused = true;
        else {
            close(probe);
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, NULL);
        }
    }
    cr_assert(refused, "the server kept accepting connections after SIGTERM");
    /* It is stopping, but waits for the request whose body is incomplete. */
    int st = 0;
    cr_assert_eq(waitpid(S.pid, &st, WNOHANG), 0, "the server exited with a request in flight");
    cr_assert_eq(write(fd, body + half, n - half), (ssize_t)(n - half));
    struct resp r;
    int rc = http_read_resp(fd, &r);
    close(fd);
    cr_expect_eq(rc, 0, "the in-flight request lost its answer");
    if (rc == 0) {
        cr_expect_eq(r.status, 401, "status %d", r.status);
        resp_free(&r);
    }
    pid_t w = waitpid(S.pid, &st, 0);
    cr_assert_eq(w, S.pid);
    S.pid = 0;
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "server exit status %d", st);
}
