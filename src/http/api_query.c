/* api_query.c: query-string and logged-answer helpers shared by the route handlers. */
#include "core/common.h"

#include "core/parse.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"

int api_logged(struct http_req *req, struct http_resp *resp, int rc, json_t *j,
                  struct alog_pending *log)
{
    if (rc != 0) {
        json_decref(j);
        alog_pending_free(log);
        return rc;
    }
    return http_logged_reply(req, resp, 200, j, log);
}

/* Unknown query parameters are named as errors. */
int api_only_params(const struct http_req *req, const char *const *known, size_t n,
                       struct err *e)
{
    for (size_t i = 0; i < req->n_query; i++) {
        bool ok = false;
        for (size_t k = 0; k < n; k++)
            ok = ok || str_eq_cstr(req->query[i].key, known[k]);
        if (!ok)
            err_field(e, req->query[i].key.p, "onbekende parameter");
    }
    return e && e->n_fields ? ERR_INVAL : 0;
}

/* A query value as a NUL-terminated string in buf ("" when absent). */
const char *api_qv(const struct http_req *req, const char *name, char buf[API_QV_MAX],
                      struct err *e)
{
    struct str v = http_req_query(req, name);
    buf[0] = '\0';
    if (v.p == NULL)
        return buf;
    if (v.n >= API_QV_MAX || memchr(v.p, '\0', v.n) != NULL || !str_utf8_valid(v, false)) {
        err_field(e, name, "is te lang of bevat ongeldige tekens");
        return buf;
    }
    memcpy(buf, v.p, v.n);
    buf[v.n] = '\0';
    return buf;
}

int64_t api_qi(const struct http_req *req, const char *name, int64_t max, struct err *e)
{
    struct str v = http_req_query(req, name);
    int64_t out = 0;
    if (v.p == NULL || v.n == 0)
        return 0;
    if (parse_i64(v, 1, max, &out) != 0)
        err_field(e, name, "moet een positief getal zijn (hoogstens %" PRId64 ")", max);
    return out;
}


/* ---- the shared handler shapes (api.h) ------------------------------------------------------ */

int api_body_call(struct http_req *req, struct http_resp *resp, int status, api_body_fn fn,
                  struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = fn(req->app, rq, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_id_call(struct http_req *req, struct http_resp *resp, int status, api_id_body_fn fn,
                struct err *e)
{
    json_t *j = NULL;
    int64_t id = 0;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = fn(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_id_read(struct http_req *req, struct http_resp *resp, api_id_read_fn fn, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id = 0;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = fn(req->app, rq, id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}
