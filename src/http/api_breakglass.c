/* api_breakglass.c: break-glass access to a case (docs/breakglass.md). Handlers only translate
 * HTTP to the use-cases in app/breakglass.c; the list answers through api_logged. */
#include "core/common.h"

#include "app/breakglass.h"
#include "http/api.h"
#include "http/session.h"

int api_breakglass_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_breakglass_create(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}

int api_breakglass_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_breakglass_list(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}
