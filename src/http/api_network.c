/* api_network.c: the network analysis of a case (docs/network.md). Handlers only translate HTTP
 * to the use-cases in app/network.c; reads answer through api_logged. */
#include "core/common.h"

#include "app/network.h"
#include "http/api.h"
#include "http/session.h"

typedef int (*net_write_fn)(struct app *a, const struct alog_req *rq, int64_t id,
                            const json_t *in, json_t **out, struct err *e);

static int write(struct http_req *req, struct http_resp *resp, net_write_fn fn, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = fn(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}

int api_network_persons(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_network_persons, e);
}

int api_network_person_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, app_network_add_person, e);
}

int api_network_relation_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, app_network_add_relation, e);
}

int api_network_assess(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, app_network_assess, e);
}

int api_network_followup(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, app_network_followup, e);
}

int api_network_graph(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"depth", "from"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, known, ARRAY_LEN(known), e);
    int64_t depth = rc == 0 ? api_qi(req, "depth", 3, e) : 0;
    int64_t from = rc == 0 ? api_qi(req, "from", INT64_MAX, e) : 0;
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_network_graph(req->app, rq, id, depth, from, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_network_path(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"from", "to"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, known, ARRAY_LEN(known), e);
    int64_t from = rc == 0 ? api_qi(req, "from", INT64_MAX, e) : 0;
    int64_t to = rc == 0 ? api_qi(req, "to", INT64_MAX, e) : 0;
    if (rc == 0 && !from)
        err_field(e, "from", "is verplicht");
    if (rc == 0 && !to)
        err_field(e, "to", "is verplicht");
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_network_path(req->app, rq, id, from, to, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_person_links(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_person_links, e);
}
