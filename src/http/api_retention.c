/* api_retention.c: retention, legal holds, extensions and the destruction report
 * (docs/retention.md). Handlers only translate HTTP to app/retention.c; reads answer through
 * api_logged. No route deletes: destruction is `regie purge` and the daily job. */
#include "core/common.h"

#include "app/retention.h"
#include "http/api.h"
#include "http/session.h"

int api_retention_overview(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_retention_overview(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_retention_report(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"from", "to"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    char from[API_QV_MAX], to[API_QV_MAX];
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0) {
        api_qv(req, "from", from, e);
        api_qv(req, "to", to, e);
        if (e && e->n_fields)
            rc = ERR_INVAL;
    }
    if (rc == 0)
        rc = app_retention_report(req->app, rq, from, to, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_retention_hold_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_retention_hold_create, e);
}

int api_retention_hold_end(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_retention_hold_end(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_retention_extension_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_retention_extension_create, e);
}
