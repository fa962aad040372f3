/* api_informing.c: informing the person (docs/informing.md). Handlers only translate HTTP to
 * the use-cases in app/informing.c; the read answers through api_logged. */
#include "core/common.h"

#include "app/informing.h"
#include "http/api.h"
#include "http/session.h"

int api_informing_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_informing_get, e);
}

int api_informing_record(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_informing_record(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}
