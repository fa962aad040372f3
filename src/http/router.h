/* router.h: the route table type and the matcher. A route is method + path pattern → handler,
 * policy key (action, object), body cap and flags. Patterns are literal segments and "{name}"
 * segments that match exactly one non-empty segment. Pure code (no I/O): fuzzed directly. */
#ifndef REGIE_HTTP_ROUTER_H
#define REGIE_HTTP_ROUTER_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "http/http.h"

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,  /* no session needed (health, login, static files) */
    ROUTE_JSON = 1 << 1,    /* takes a JSON object body (Content-Type application/json) */
    ROUTE_STATIC = 1 << 2,  /* serves a file of the web UI; pattern is a prefix ending in '/' */
    ROUTE_NO_EXTEND = 1 << 3, /* does not extend the session's idle time (GET /api/session) */
    ROUTE_RAW = 1 << 4,     /* takes raw bytes (Content-Type application/octet-stream), kept as
                               req->body; cap body_cap or else document_max_bytes; the caller
                               is authenticated from the headers before a byte is read */
    ROUTE_PURPOSE = 1 << 5, /* a read of case content: the session check binds the purpose of the
                               `Regie-Purpose` header (http_purpose_bind, docs/purpose.md) */
    ROUTE_PEER = 1 << 6,    /* server to server (another region; with ROUTE_PUBLIC): no cookie
                               is read, so the browser's same-origin check does not apply; the
                               body carries its own credential (app/elsewhere.h) */
};

struct route {
    enum http_method method;
    const char *pattern;
    http_handler_fn fn;
    const char *action;  /* policy key: action ... */
    const char *object;  /* ... on object type; "public" for ROUTE_PUBLIC routes */
    size_t body_cap;     /* 0 = the configured default (max_body) */
    unsigned flags;
};

/* The application's route table (http/routes.c). */
extern const struct route http_routes[];
extern const size_t http_n_routes;

/* Finds the route for method + decoded path. On a match returns 0, sets *out and fills params
 * (borrowed slices of path) and *n_params. If the path matches but not the method: ERR_METHOD and
 * *out_allow = bitmask of methods that would match (HEAD implied by GET). No match: ERR_NOTFOUND. */
int router_match(const struct route *tbl, size_t n, enum http_method m, struct str path,
                 struct str params[HTTP_MAX_PARAMS], size_t *n_params, const struct route **out,
                 unsigned *out_allow) WUR;

/* Checks a route table at start: every route has a handler, a valid pattern, and a policy key
 * that the policy table knows (public routes must be marked ROUTE_PUBLIC with object "public").
 * Returns 0 or ERR_INVAL naming the first bad route in e->detail. */
int router_check(const struct route *tbl, size_t n, struct err *e) WUR;

/* "GET" → HTTP_GET etc.; 0 for unknown methods. */
enum http_method http_method_parse(const char *name);

/* Writes "GET, HEAD, POST" for a bitmask into out. */
void http_allow_header(unsigned allow, char *out, size_t cap);

#endif
