/* api_breach.c: the breach register (docs/breaches.md). Handlers only translate HTTP to the
 * use-cases in app/breach.c; reads answer through api_logged. */
#include "core/common.h"

#include "app/breach.h"
#include "http/api.h"
#include "http/session.h"

int api_breaches_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_breach_list(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_breaches_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_breach_create, e);
}

int api_breaches_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_breach_get, e);
}

int api_breaches_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_breach_update(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}
