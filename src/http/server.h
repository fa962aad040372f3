/* server.h: the HTTP server: start, wait for SIGTERM/SIGINT, graceful stop. The only module that
 * talks to libmicrohttpd (server.c). */
#ifndef REGIE_HTTP_SERVER_H
#define REGIE_HTTP_SERVER_H

#include "core/common.h"
#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

struct http_server;

/* Authentication hook run before every non-public route: fills req->actor from the session
 * cookie, checks CSRF for state-changing methods, or fails with ERR_UNAUTH / ERR_FORBIDDEN. */
typedef int (*http_auth_fn)(struct http_req *req, struct http_resp *resp, struct err *e);

struct http_server_cfg {
    const struct config *cfg;   /* borrowed; outlives the server */
    struct app *app;            /* borrowed; handed to handlers in req->app */
    http_auth_fn auth;          /* required for non-public routes */
    /* Optional: run around the authentication and handler of a read-only request (GET, HEAD)
     * to a non-public route, on its worker: one database snapshot for the whole request. */
    bool (*read_scope_begin)(struct app *a);
    void (*read_scope_end)(struct app *a, bool opened);
    /* Optional: called on the thread that runs the handler, just before it, with the
     * authenticated caller (NULL on a public route): app_act_as. */
    void (*act_as)(struct app *a, const struct actor *who);
    const char *ready_file;     /* optional: receives "ADDR:PORT\n" once listening (serve
                                   passes NULL and writes it once start-up is complete) */
};

/* Checks the route table, binds the listen address and starts the worker threads. Caller frees
 * with http_server_stop. Errors: ERR_INVAL (route table, address), ERR_IO (bind). */
int http_server_start(const struct http_server_cfg *sc, struct http_server **out, struct err *e) WUR;

/* The bound port (useful with port 0). */
uint16_t http_server_port(const struct http_server *s);

/* Writes "ADDR:PORT\n" to path (through path.tmp and a rename), for whoever waits for the server
 * to be ready. Errors: ERR_IO. */
int http_server_write_ready(const struct http_server *s, const char *path, struct err *e) WUR;

/* What may change without a restart (serve calls it on SIGHUP): the /metrics bearer token is
 * read again from metrics_token_file when the listener has one; a file that fails the start-up
 * checks keeps the previous token (logged). Errors as at start (ERR_INVAL naming the setting). */
int http_server_reload(struct http_server *s, struct err *e) WUR;

/* Stops accepting, lets in-flight requests finish (up to grace_ms), then stops and frees.
 * NULL is a no-op. */
void http_server_stop(struct http_server *s, int grace_ms);

/* Resumes a request whose handler returned HTTP_PENDING (see http.h). Thread-safe: called from
 * the writer thread once the request's work is durable. */
void http_server_resume(struct http_req *req);

#endif
