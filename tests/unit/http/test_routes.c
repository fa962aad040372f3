/* test_routes.c: the route table against docs/openapi.json (both directions), the policy table
 * (every non-public route has a row; router_check accepts the table and rejects broken ones),
 * and the matcher (params, 404 vs 405, static prefix never under /api). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "policy/policy.h"

static void setup(void)
{
    struct err e;
    err_clear(&e);
    cr_assert_eq(policy_init(&e), 0, "%s", e.detail);
}

static void teardown(void)
{
    policy_cleanup();
}

TestSuite(routes, .init = setup, .fini = teardown);

static const char *method_name(enum http_method m)
{
    switch (m) {
    case HTTP_GET: return "get";
    case HTTP_POST: return "post";
    case HTTP_PUT: return "put";
    case HTTP_PATCH: return "patch";
    case HTTP_DELETE: return "delete";
    default: return "?";
    }
}

static json_t *load_openapi(void)
{
    char path[512];
    const char *src = getenv("REGIE_SRC");
    snprintf(path, sizeof(path), "%s/docs/openapi.json", src ? src : ".");
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    cr_assert_not_null(doc, "openapi.json: %s", je.text);
    return doc;
}

Test(routes, every_api_route_is_documented_and_vice_versa)
{
    json_t *doc = load_openapi();
    json_t *paths = json_object_get(doc, "paths");
    size_t api_routes = 0;
    for (size_t i = 0; i < http_n_routes; i++) {
        const struct route *r = &http_routes[i];
        if (strncmp(r->pattern, "/api/", 5) != 0)
            continue;
        api_routes++;
        json_t *p = json_object_get(paths, r->pattern);
        cr_expect_not_null(p, "route %s is not in openapi.json", r->pattern);
        cr_expect_not_null(json_object_get(p, method_name(r->method)), "%s %s missing in openapi.json",
                           method_name(r->method), r->pattern);
    }
    size_t documented = 0;
    const char *path;
    json_t *ops;
    json_object_foreach(paths, path, ops)
    {
        const char *m;
        json_t *o;
        json_object_foreach(ops, m, o)
        {
            documented++;
            bool found = false;
            for (size_t i = 0; i < http_n_routes; i++)
                if (strcmp(http_routes[i].pattern, path) == 0 &&
                    strcmp(method_name(http_routes[i].method), m) == 0)
                    found = true;
            cr_expect(found, "openapi.json documents %s %s, which is not routed", m, path);
        }
    }
    cr_expect_eq(documented, api_routes);
    json_decref(doc);
}

Test(routes, table_passes_router_check)
{
    struct err e;
    err_clear(&e);
    cr_expect_eq(router_check(http_routes, http_n_routes, &e), 0, "%s", e.detail);
}

static int dummy(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)req;
    (void)resp;
    (void)e;
    return 0;
}

Test(routes, router_refuses_route_without_policy_row)
{
    struct route bad[] = {{HTTP_GET, "/api/x", dummy, "read", "no_such_object", 0, 0}};
    struct err e;
    err_clear(&e);
    cr_expect_neq(router_check(bad, 1, &e), 0);
    struct route pub_mismatch[] = {{HTTP_GET, "/api/y", dummy, "read", "public", 0, 0}};
    err_clear(&e);
    cr_expect_neq(router_check(pub_mismatch, 1, &e), 0);
    struct route dup[] = {{HTTP_GET, "/api/z", dummy, "read", "public", 0, ROUTE_PUBLIC},
                          {HTTP_GET, "/api/z", dummy, "read", "public", 0, ROUTE_PUBLIC}};
    err_clear(&e);
    cr_expect_neq(router_check(dup, 2, &e), 0);
}

Test(routes, matcher)
{
    struct str params[HTTP_MAX_PARAMS];
    size_t n = 0;
    const struct route *r = NULL;
    unsigned allow = 0;
    cr_assert_eq(router_match(http_routes, http_n_routes, HTTP_POST, STR_LIT("/api/users/42/reset"),
                              params, &n, &r, &allow), 0);
    cr_expect_eq(n, 1);
    cr_expect(str_eq(params[0], STR_LIT("42")));
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_GET, STR_LIT("/api/users/42/reset"),
                              params, &n, &r, &allow), ERR_METHOD);
    cr_expect(allow & HTTP_POST);
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_GET, STR_LIT("/api/nope"), params, &n,
                              &r, &allow), ERR_NOTFOUND);
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_POST, STR_LIT("/api/nope"), params,
                              &n, &r, &allow), ERR_NOTFOUND, "static prefix must not catch /api");
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_GET, STR_LIT("/api/health/"), params,
                              &n, &r, &allow), ERR_NOTFOUND);
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_GET, STR_LIT("/api/users//reset"),
                              params, &n, &r, &allow), ERR_NOTFOUND);
    cr_expect_eq(router_match(http_routes, http_n_routes, HTTP_HEAD, STR_LIT("/api/health"), params,
                              &n, &r, &allow), 0, "HEAD is served where GET is");
}

/* Purpose binding (docs/purpose.md): every read of case content is ROUTE_PURPOSE — every GET under
 * /api/cases/{id} but the list of purposes, the documents and a person's links — and only reads
 * are. */
Test(routes, case_content_reads_require_a_purpose)
{
    static const char *const other[] = {"/api/documents", "/api/documents/{id}/content",
                                        "/api/persons/{id}/links"};
    int flagged = 0;
    for (size_t i = 0; i < http_n_routes; i++) {
        const struct route *r = &http_routes[i];
        bool content = strncmp(r->pattern, "/api/cases/{id}", 15) == 0 &&
                       strcmp(r->pattern, "/api/cases/{id}/purposes") != 0;
        for (size_t k = 0; k < sizeof(other) / sizeof(other[0]); k++)
            content = content || strcmp(r->pattern, other[k]) == 0;
        bool want = content && r->method == HTTP_GET;
        cr_expect_eq((r->flags & ROUTE_PURPOSE) != 0, want, "%s %s: ROUTE_PURPOSE %s",
                     method_name(r->method), r->pattern, want ? "missing" : "on a non-read");
        flagged += (r->flags & ROUTE_PURPOSE) != 0;
    }
    cr_expect(flagged >= 14, "only %d purpose-bound routes", flagged);
}
