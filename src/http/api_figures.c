/* api_figures.c: the council figures (docs/figures.md). Handlers only translate HTTP to the
 * use-cases in app/figures.c; reads answer through api_logged. */
#include "core/common.h"

#include "app/figures.h"
#include "http/api.h"
#include "http/session.h"

int api_figures_council(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"period", "municipality"};
    char period[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0)
        api_qv(req, "period", period, e);
    int64_t muni = rc == 0 ? api_qi(req, "municipality", INT64_MAX, e) : 0;
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_figures_council(req->app, rq, period, muni, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_figures_copies_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"period"};
    char period[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0)
        api_qv(req, "period", period, e);
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_figures_copies(req->app, rq, period, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_figures_copies_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_figures_copy_issue(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}
