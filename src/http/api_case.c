/* api_case.c: the case and its plan (docs/cases.md). Handlers only translate HTTP to the
 * use-cases in app/case.c; reads answer through api_logged so their access-log records are
 * durable before the body leaves. */
#include "core/common.h"

#include "app/case.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"

int api_case_options(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_case_options(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_cases_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"state", "flag", "page", "per_page"};
    char state[API_QV_MAX], flag[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    api_qv(req, "state", state, e);
    api_qv(req, "flag", flag, e);
    /* Paging as GET /api/signals (the limits are app_case_list's). */
    int64_t page = api_qi(req, "page", 100000, e);
    int64_t per_page = api_qi(req, "per_page", 100, e);
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_case_list(req->app, rq, state, flag, page, per_page, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

static int read_section(struct http_req *req, struct http_resp *resp, const char *section,
                        struct err *e)
{
    char *body = NULL;
    size_t len = 0;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_case_read(req->app, rq, id, section, &body, &len, &log, e);
    if (rc != 0)
        return rc;
    /* the serialised answer goes out as it is, once its records are durable */
    http_resp_blob(resp, 200, body, len, "application/json");
    return http_logged_send(req, resp, log);
}

int api_cases_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, NULL, e);
}

int api_cases_plans(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, "plans", e);
}

int api_cases_checklist(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, "checklist", e);
}

int api_cases_assessments(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, "assessments", e);
}

int api_cases_family(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, "family-support", e);
}

int api_cases_comm(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return read_section(req, resp, "communication-line", e);
}

/* A write on the case (path {id}) or on a part of it (path {id}/.../{sub}). */
static int write(struct http_req *req, struct http_resp *resp, int status, const char *what,
                 bool with_sub, struct err *e)
{
    json_t *j = NULL;
    int64_t id, sub = 0;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0 && with_sub)
        rc = api_param_id(req, 1, &sub, e);
    if (rc == 0)
        rc = app_case_write(req->app, rq, id, what, sub, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_cases_transition(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "transitions", false, e);
}

int api_cases_flag(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "flags", false, e);
}

int api_cases_participant(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "participants", false, e);
}

int api_cases_plan_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "plans", false, e);
}

int api_cases_measure_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "measures", false, e);
}

int api_cases_measure_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 200, "measure", true, e);
}

int api_cases_task_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 200, "task", true, e);
}

int api_cases_assessment_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "assessments", false, e);
}

int api_cases_family_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "family-support", false, e);
}

int api_cases_contact_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "contact", true, e);
}

int api_cases_comm_add(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return write(req, resp, 201, "communication-line", false, e);
}

int api_worklist(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    static const char *const known[] = {"page", "per_page"};
    int rc = rq ? api_only_params(req, known, ARRAY_LEN(known), e) : ERR_NOMEM;
    int64_t page = api_qi(req, "page", 100000, e);
    int64_t per_page = api_qi(req, "per_page", 100, e);
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_worklist_page(req->app, rq, page, per_page, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}
