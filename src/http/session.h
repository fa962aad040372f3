/* session.h: the authentication hook of the HTTP layer: session cookie → caller, CSRF token for
 * state-changing methods, function-level policy check of the route. */
#ifndef REGIE_HTTP_SESSION_H
#define REGIE_HTTP_SESSION_H

#include "app/auth.h"
#include "http/http.h"

#define SESSION_COOKIE "__Host-regie"

/* http_auth_fn for server.c: fills req->actor (and the who record in the request arena). */
int http_session_auth(struct http_req *req, struct http_resp *resp, struct err *e);

/* The caller's identity of the current request (set by http_session_auth), borrowed. */
const struct app_who *http_session_who(const struct http_req *req);

/* Adds the Set-Cookie header for a new session token (Secure, HttpOnly, SameSite=Strict, Path=/,
 * no Domain; session cookie without Max-Age so it dies with the browser as well). */
int http_session_set_cookie(struct http_req *req, struct http_resp *resp, const char *token) WUR;

/* Adds a Set-Cookie header that removes the session cookie, and Clear-Site-Data. */
int http_session_clear_cookie(struct http_req *req, struct http_resp *resp) WUR;

/* The access-log context of this request (actor, request id, trace, client address, session
 * reference), built once and kept in the request arena. NULL only on out-of-memory. */
const struct alog_req *http_req_alog(struct http_req *req);

/* JSON body describing the caller for POST/GET /api/session. */
json_t *http_session_json(struct http_req *req, const struct app_who *who);

#endif
