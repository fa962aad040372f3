/* api_rights.c: the register of data-subject requests (docs/rights.md). Handlers only translate
 * HTTP to the use-cases in app/rights.c; reads answer through api_logged. */
#include "core/common.h"

#include "app/rights.h"
#include "http/api.h"
#include "http/session.h"

int api_rights_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"status"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    char status[API_QV_MAX];
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0) {
        api_qv(req, "status", status, e);
        if (e && e->n_fields)
            rc = ERR_INVAL;
    }
    if (rc == 0)
        rc = app_rights_list(req->app, rq, status, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_rights_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_rights_create, e);
}

int api_rights_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_rights_get, e);
}

int api_rights_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_rights_update, e);
}

int api_rights_identity(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_rights_identity, e);
}

int api_rights_extension(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_rights_extend, e);
}

int api_rights_police(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_rights_route_police, e);
}

int api_rights_item_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 201, app_rights_item_add, e);
}

int api_rights_response(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_call(req, resp, 200, app_rights_respond, e);
}

int api_rights_item_decide(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id, item_id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_param_id(req, 1, &item_id, e);
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_rights_item_decide(req->app, rq, id, item_id, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}
