/* test_http.c: the HTTP foundation from the outside: health, OpenAPI, security headers,
 * keep-alive, error mapping (RFC 9457) for malformed requests, and graceful shutdown. */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

static void start(void)
{
    srv_start(&S, false, NULL);
}

static void stop(void)
{
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(http, .init = start, .fini = stop, .timeout = 60);

static void expect_problem(struct resp *r, int status)
{
    char ct[128];
    cr_assert_eq(r->status, status, "status %d, want %d", r->status, status);
    cr_assert(resp_header(r, "Content-Type", ct, sizeof(ct)), "no content type");
    cr_expect(strncmp(ct, "application/problem+json", 24) == 0, "content type %s", ct);
    cr_assert_not_null(r->json, "problem body is not JSON");
    cr_expect(json_is_string(json_object_get(r->json, "type")));
    cr_expect(json_is_string(json_object_get(r->json, "title")));
    cr_expect_eq(json_integer_value(json_object_get(r->json, "status")), status);
    cr_expect(json_is_string(json_object_get(r->json, "detail")));
}

Test(http, health)
{
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/health", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "ok");
    resp_free(&r);
}

Test(http, security_headers_on_every_response)
{
    const char *paths[] = {"/api/health", "/api/nope", "/api/openapi.json"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        struct resp r;
        char v[512];
        cr_assert_eq(http_do(&S, "GET", paths[i], NULL, NULL, NULL, &r), 0);
        cr_assert(resp_header(&r, "Content-Security-Policy", v, sizeof(v)));
        cr_expect(strstr(v, "script-src 'self'") && strstr(v, "object-src 'none'") &&
                  strstr(v, "frame-ancestors 'none'") && strstr(v, "base-uri 'none'"));
        cr_expect(strstr(v, "unsafe-inline") == NULL);
        cr_assert(resp_header(&r, "X-Content-Type-Options", v, sizeof(v)));
        cr_expect_str_eq(v, "nosniff");
        cr_assert(resp_header(&r, "Referrer-Policy", v, sizeof(v)));
        cr_expect_str_eq(v, "no-referrer");
        cr_assert(resp_header(&r, "X-Frame-Options", v, sizeof(v)));
        cr_assert(resp_header(&r, "Cache-Control", v, sizeof(v)));
        if (i != 2)
            cr_expect_str_eq(v, "no-store");
        cr_expect(!resp_header(&r, "Server", v, sizeof(v)) || strstr(v, "microhttpd") == NULL);
        resp_free(&r);
    }
}

Test(http, keep_alive_reuses_one_connection)
{
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    char req[256];
    int n = snprintf(req, sizeof(req), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
                     (unsigned)S.port);
    for (int i = 0; i < 3; i++) {
        struct resp r;
        cr_assert_eq(write(fd, req, (size_t)n), n);
        cr_assert_eq(http_read_resp(fd, &r), 0, "response %d on the same connection", i);
        cr_expect_eq(r.status, 200);
        char v[64];
        cr_expect(!resp_header(&r, "Connection", v, sizeof(v)) || strcasecmp(v, "close") != 0,
                  "server closed the connection after request %d", i);
        resp_free(&r);
    }
    close(fd);
}

Test(http, openapi_served_as_is)
{
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/openapi.json", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    cr_assert_not_null(r.json);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "openapi")), "3.1.0");
    resp_free(&r);
}

Test(http, unknown_route_404)
{
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/does-not-exist", NULL, NULL, NULL, &r), 0);
    expect_problem(&r, 404);
    resp_free(&r);
    cr_assert_eq(http_do(&S, "POST", "/api/does-not-exist", "application/json", "{}", NULL, &r), 0);
    expect_problem(&r, 404);
    resp_free(&r);
}

Test(http, wrong_method_405_with_allow)
{
    struct resp r;
    char allow[128];
    cr_assert_eq(http_do(&S, "DELETE", "/api/health", NULL, NULL, NULL, &r), 0);
    expect_problem(&r, 405);
    cr_assert(resp_header(&r, "Allow", allow, sizeof(allow)));
    cr_expect(strstr(allow, "GET") != NULL);
    resp_free(&r);
    cr_assert_eq(http_do(&S, "TRACE", "/api/health", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 405);
    resp_free(&r);
}

Test(http, path_traversal_and_bad_escapes)
{
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/%2e%2e/%2e%2e/etc/passwd", NULL, NULL, NULL, &r), 0);
    cr_expect(r.status == 404 || r.status == 400, "status %d", r.status);
    resp_free(&r);
    cr_assert_eq(http_do(&S, "GET", "/api/health%00", NULL, NULL, NULL, &r), 0);
    expect_problem(&r, 400);
    resp_free(&r);
    cr_assert_eq(http_do(&S, "GET", "/api%2fhealth", NULL, NULL, NULL, &r), 0);
    expect_problem(&r, 400);
    resp_free(&r);
}

Test(http, repeated_query_key_rejected)
{
    struct resp r;
    cr_assert_eq(http_do(&S, "GET", "/api/health?a=1&a=2", NULL, NULL, NULL, &r), 0);
    expect_problem(&r, 400);
    json_t *errs = json_object_get(r.json, "errors");
    cr_assert(json_array_size(errs) == 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "field")), "a");
    resp_free(&r);
}

Test(http, duplicate_content_length_400)
{
    char raw[512];
    int n = snprintf(raw, sizeof(raw),
                     "POST /api/health HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
                     "application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                     (unsigned)S.port);
    struct resp r;
    cr_assert_eq(http_raw(&S, raw, (size_t)n, &r), 0);
    cr_expect_eq(r.status, 400, "status %d", r.status);
    resp_free(&r);
}

Test(http, te_with_content_length_400)
{
    char raw[512];
    int n = snprintf(raw, sizeof(raw),
                     "POST /api/health HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
                     "application/json\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "2\r\n{}\r\n0\r\n\r\n",
                     (unsigned)S.port);
    struct resp r;
    cr_assert_eq(http_raw(&S, raw, (size_t)n, &r), 0);
    cr_expect_eq(r.status, 400, "status %d", r.status);
    resp_free(&r);
}
