/* api_readiness.c: the readiness dashboard and the support directory (docs/preparedness.md).
 * Handlers only translate HTTP to the use-cases in app/readiness.c; reads answer through
 * api_logged so their access-log records are durable before the body leaves. */
#include "core/common.h"

#include "app/readiness.h"
#include "http/api.h"
#include "http/session.h"

typedef int (*rd_write_fn)(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                           json_t **out, struct err *e);

static int rd_write(struct http_req *req, struct http_resp *resp, int status, rd_write_fn fn,
                    struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = fn(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_readiness_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_readiness_list(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_readiness_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_readiness_get, e);
}

int api_readiness_trainings(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_readiness_trainings, e);
}

int api_readiness_people(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return rd_write(req, resp, 200, app_readiness_set_people, e);
}

int api_readiness_document_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return rd_write(req, resp, 201, app_readiness_add_document, e);
}

int api_readiness_training_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return rd_write(req, resp, 201, app_readiness_add_training, e);
}

int api_readiness_cot(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return rd_write(req, resp, 200, app_readiness_set_cot, e);
}

int api_readiness_document_withdraw(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_readiness_withdraw_document(req->app, rq, id, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_support_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_support_list(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_support_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_support_create(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}

int api_support_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return rd_write(req, resp, 200, app_support_update, e);
}

int api_support_delete(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_support_remove(req->app, rq, id, &j, e);
    return api_reply(resp, 200, rc, j);
}
