/* logged.h: replies whose access-log records must be durable first (group commit). */
#ifndef REGIE_HTTP_LOGGED_H
#define REGIE_HTTP_LOGGED_H

#include "app/access_log.h"
#include "http/http.h"

/* Sets body (ownership taken) as the response and returns HTTP_PENDING: the server suspends the
 * connection, the records of log are committed by the writer thread, and only then is the
 * response sent; if they cannot be written the client gets 503 and none of the body. Takes
 * ownership of log. */
int http_logged_reply(struct http_req *req, struct http_resp *resp, int status, json_t *body,
                      struct alog_pending *log);

/* The same for a response the handler has already filled (a JSON body, or a raw body set with
 * http_resp_blob, with its headers): it leaves only once log's records are durable; otherwise
 * the client gets 503 and the prepared body is wiped unsent. Takes ownership of log. Returns
 * HTTP_PENDING, or ERR_NOMEM (the response is then discarded by the server). */
int http_logged_send(struct http_req *req, struct http_resp *resp, struct alog_pending *log);

#endif
