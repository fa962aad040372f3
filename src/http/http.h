/* http.h: what route handlers see of a request and give back as a response. No libmicrohttpd
 * types here: all MHD calls stay in server.c. A handler gets a parsed, size-checked request with
 * its path parameters and (for JSON routes) a parsed JSON object, and fills a response.
 * Memory: everything in a request lives in req->arena until the response has been sent. */
#ifndef REGIE_HTTP_HTTP_H
#define REGIE_HTTP_HTTP_H

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "policy/policy.h"

struct http_server;
struct route;
struct app;
struct config;
struct app_who;
struct alog_req;

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_QUERY 16
#define HTTP_MAX_RESP_HEADERS 8

enum http_method {
    HTTP_GET = 1 << 0,
    HTTP_HEAD = 1 << 1,
    HTTP_POST = 1 << 2,
    HTTP_PUT = 1 << 3,
    HTTP_PATCH = 1 << 4,
    HTTP_DELETE = 1 << 5,
    HTTP_OPTIONS = 1 << 6,
};

struct http_kv {
    struct str key;
    struct str value;
};

struct http_req {
    struct arena *arena;
    enum http_method method;
    const char *method_name;
    struct str path;                /* percent-decoded, starts with '/' */
    struct http_kv query[HTTP_MAX_QUERY];
    size_t n_query;
    struct str params[HTTP_MAX_PARAMS]; /* values of {name} segments, in pattern order */
    size_t n_params;
    struct str body;                /* raw body (arena) */
    json_t *json;                   /* parsed body for JSON routes (owned by the arena) */
    char req_id[33];
    char client_addr[64];
    const struct route *route;
    struct actor actor;             /* the authenticated caller (zero for public routes) */
    int64_t session_id;
    uint8_t session_hash[32];
    const struct app_who *who;      /* set by the session check; see http/session.h */
    const struct alog_req *alog;    /* access-log context, built on first use (http_req_alog) */
    struct app *app;
    const struct config *cfg;
    void *conn;                     /* opaque, for http_req_header */
    void *server_priv;              /* opaque, owned by server.c */
};

struct http_resp {
    int status;
    json_t *json;                   /* body as JSON (the response takes ownership) */
    struct buf body;                /* or raw body bytes */
    void *blob;                     /* or a malloc'd body the server takes over (http_resp_blob) */
    size_t blob_len;
    const char *content_type;       /* static string; default application/json */
    const char *cache_control;      /* static string; default no-store */
    const char *csp;                /* static string; default the web UI's Content-Security-Policy */
    struct {
        const char *name;           /* static */
        char *value;                /* arena */
    } headers[HTTP_MAX_RESP_HEADERS];
    size_t n_headers;
    /* For HTTP_PENDING: called by the server right after it suspended the connection, so the
     * work it starts (the writer thread) can never resume a connection not yet suspended. */
    void (*pending_start)(void *ctx);
    void *pending_ctx;
};

/* A route handler. Returns 0 with resp filled, or a negative err code with e filled; the server
 * turns e into problem+json. A handler may instead return HTTP_PENDING after handing work to
 * another thread (the writer): the connection is suspended without blocking the worker, and that
 * thread later fills resp (or e via http_req_fail) and calls http_server_resume(req). */
#define HTTP_PENDING 1
typedef int (*http_handler_fn)(struct http_req *req, struct http_resp *resp, struct err *e);

/* Request header by name (case-insensitive), borrowed until the request ends; NULL if absent. */
const char *http_req_header(const struct http_req *req, const char *name);

/* Cookie value by name from the Cookie header(s), borrowed; NULL if absent. */
const char *http_req_cookie(const struct http_req *req, const char *name);

/* Query parameter by name; STR_NULL if absent. */
struct str http_req_query(const struct http_req *req, const char *name);

/* Adds a response header; name must be a static string. Returns 0 or ERR_TOOBIG. */
int http_resp_header(struct http_req *req, struct http_resp *resp, const char *name, const char *value) WUR;

/* Sets a JSON body (takes ownership of j, even on failure) and status. */
void http_resp_json(struct http_resp *resp, int status, json_t *j);

/* Sets a raw body of n bytes at p, a malloc'd buffer the response takes over (wiped and freed
 * once sent or discarded), its content type (static string) and status. */
void http_resp_blob(struct http_resp *resp, int status, void *p, size_t n,
                    const char *content_type);

/* Percent-decodes s into the arena. '+' is not special (paths); rejects malformed escapes, NUL
 * and (when is_path) an encoded '/'. Returns 0 or ERR_INVAL. */
int http_percent_decode(struct arena *a, struct str s, bool is_path, struct str *out) WUR;

/* Decodes one raw key/value pair and adds it to req->query: a malformed escape, a repeated key
 * or more than HTTP_MAX_QUERY pairs → ERR_INVAL with the field named in e. */
int http_query_add(struct http_req *req, struct str raw_key, struct str raw_value,
                   struct err *e) WUR;

/* Parses a query string "a=1&b=2" into req->query (decoded). Repeated keys, more than
 * HTTP_MAX_QUERY pairs, or malformed escapes → ERR_INVAL with the field named in e. */
int http_parse_query(struct http_req *req, struct str q, struct err *e) WUR;

/* Parses and validates a JSON request body: valid UTF-8, no duplicate keys, no NUL, an object at
 * the top, nesting depth <= 32. The result is owned by the arena. Errors are ERR_INVAL with the
 * position in e->detail. */
int http_json_parse(struct arena *a, struct str body, json_t **out, struct err *e) WUR;

/* For a pending request: records the error the response should carry (copied). */
void http_req_fail(struct http_req *req, const struct err *e);

/* Serialises an RFC 9457 problem for e into resp (status, title, detail, errors[]). */
void http_problem(struct http_resp *resp, const struct err *e, const char *req_id);

#endif
