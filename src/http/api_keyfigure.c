/* api_keyfigure.c: the key-figure register (docs/keyfigures.md). Handlers only translate HTTP to
 * the use-cases in app/keyfigure.c; reads answer through api_logged. */
#include "core/common.h"

#include "app/keyfigure.h"
#include "http/api.h"
#include "http/session.h"

int api_keyfigures_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"level", "status"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    char level[API_QV_MAX], status[API_QV_MAX];
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0) {
        api_qv(req, "level", level, e);
        api_qv(req, "status", status, e);
        if (e && e->n_fields)
            rc = ERR_INVAL;
    }
    if (rc == 0)
        rc = app_keyfigure_list(req->app, rq, level, status, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_keyfigures_summary(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_keyfigure_summary(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_keyfigures_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_keyfigure_create, e);
}

int api_keyfigures_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_keyfigure_get, e);
}

int api_keyfigures_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_keyfigure_update, e);
}

int api_keyfigures_contact(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 201, app_keyfigure_contact_add, e);
}

int api_keyfigures_end(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_keyfigure_end, e);
}

int api_keyfigures_destroy(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_keyfigure_destroy(req->app, rq, id, &j, e);
    return api_reply(resp, 200, rc, j);
}
