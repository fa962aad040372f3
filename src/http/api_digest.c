/* api_digest.c: the own account's daily e-mail digest settings (app/digest.h). Handlers only
 * translate HTTP to the use-cases; the read answers through api_logged. */
#include "core/common.h"

#include "app/digest.h"
#include "http/api.h"
#include "http/session.h"

int api_digest_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_digest_get(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_digest_put(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_digest_put(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 200, rc, j);
}
