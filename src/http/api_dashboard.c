/* api_dashboard.c: the operational dashboards of the own municipality (docs/dashboards.md). The
 * handler only translates HTTP to app_dashboard; the answer goes out through api_logged once its
 * access-log record is durable. */
#include "core/common.h"

#include "app/dashboard.h"
#include "http/api.h"
#include "http/session.h"

int api_dashboard(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"from", "to"};
    char from[API_QV_MAX], to[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    if (rc == 0) {
        api_qv(req, "from", from, e);
        api_qv(req, "to", to, e);
        rc = e && e->n_fields ? ERR_INVAL : 0;
    }
    if (rc == 0)
        rc = app_dashboard(req->app, rq, from, to, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}
