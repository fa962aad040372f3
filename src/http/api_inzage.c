/* api_inzage.c: the inzage export (docs/inzage.md). Handlers only translate HTTP to the
 * use-cases in app/inzage.c; reads answer through api_logged, the released export as a JSON
 * attachment. */
#include "core/common.h"

#include "app/inzage.h"
#include "http/api.h"
#include "http/session.h"

/* The path id and no query parameters. */
static int id_only(struct http_req *req, int64_t *id, struct err *e)
{
    int rc = api_param_id(req, 0, id, e);
    return rc == 0 ? api_only_params(req, NULL, 0, e) : rc;
}

int api_inzage_search(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_inzage_search(req->app, rq, req->json, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_inzage_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_body_call(req, resp, 201, app_inzage_create, e);
}

int api_inzage_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_inzage_list(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_inzage_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? id_only(req, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_inzage_get(req->app, rq, id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_inzage_approve(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? id_only(req, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_inzage_approve(req->app, rq, id, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_inzage_download(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    char name[64], cd[128];
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? id_only(req, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_inzage_download(req->app, rq, id, &j, name, &log, e);
    if (rc == 0) {
        snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", name);
        rc = http_resp_header(req, resp, "Content-Disposition", cd);
    }
    return api_logged(req, resp, rc, j, log);
}
