/* api_elsewhere.c: "known elsewhere?" between regions (docs/known-elsewhere.md). Handlers only
 * translate HTTP to the use-cases of app/elsewhere.c. */
#include "core/common.h"

#include "app/elsewhere.h"
#include "http/api.h"
#include "http/session.h"

int api_elsewhere_peers(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_elsewhere_peers(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_elsewhere_ask(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_elsewhere_ask(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_elsewhere_answer(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_elsewhere_answer(req->app, req->client_addr, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}
