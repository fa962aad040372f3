/* logged.c: answering a read only after its access-log records are durable, without blocking a
 * worker thread: the connection is suspended while the writer thread commits the batch. */
#include "core/common.h"

#include "http/logged.h"
#include "http/server.h"

struct logged {
    struct http_req *req;
    struct alog_pending *log;
};

static void logged_done(void *ctx, int rc, const struct err *e)
{
    struct logged *l = ctx;
    if (rc != 0) {
        struct err fail;
        err_clear(&fail);
        err_set(&fail, ERR_UNAVAILABLE, "%s",
                e && e->detail[0] ? e->detail : "Het toegangslogboek is niet beschikbaar.");
        http_req_fail(l->req, &fail); /* the prepared response (with the data) is discarded */
    }
    http_server_resume(l->req);
}

static void logged_start(void *ctx)
{
    struct logged *l = ctx;
    alog_pending_submit(l->log, logged_done, l);
}

int http_logged_reply(struct http_req *req, struct http_resp *resp, int status, json_t *body,
                      struct alog_pending *log)
{
    http_resp_json(resp, status, body);
    return http_logged_send(req, resp, log);
}

int http_logged_send(struct http_req *req, struct http_resp *resp, struct alog_pending *log)
{
    struct logged *l = arena_alloc(req->arena, sizeof(*l));
    if (l == NULL) {
        alog_pending_free(log);
        return ERR_NOMEM;
    }
    l->req = req;
    l->log = log;
    resp->pending_start = logged_start;
    resp->pending_ctx = l;
    return HTTP_PENDING;
}
