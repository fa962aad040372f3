/* api_meeting.c: the overleg (docs/meetings.md). Handlers only translate HTTP to the use-cases
 * in app/meeting.c; reads answer through api_logged so their access-log records are durable
 * before the body leaves. */
#include "core/common.h"

#include "app/meeting.h"
#include "http/api.h"
#include "http/session.h"

typedef int (*m_write_fn)(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                          json_t **out, struct err *e);
typedef int (*item_write_fn)(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                             const json_t *in, json_t **out, struct err *e);

static int no_params(const struct http_req *req, struct err *e)
{
    return api_only_params(req, NULL, 0, e);
}

/* Exactly the query parameters k1 and k2 (both optional), copied into v1 and v2. */
static int two_params(const struct http_req *req, const char *k1, const char *k2,
                      char v1[API_QV_MAX], char v2[API_QV_MAX], struct err *e)
{
    const char *const known[] = {k1, k2};
    int rc = api_only_params(req, known, ARRAY_LEN(known), e);
    api_qv(req, k1, v1, e);
    api_qv(req, k2, v2, e);
    return rc != 0 || (e && e->n_fields) ? ERR_INVAL : 0;
}

static int by_id_write(struct http_req *req, struct http_resp *resp, int status, m_write_fn fn,
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

static int item_write(struct http_req *req, struct http_resp *resp, int status, item_write_fn fn,
                      struct err *e)
{
    json_t *j = NULL;
    int64_t id, item;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_param_id(req, 1, &item, e);
    if (rc == 0)
        rc = fn(req->app, rq, id, item, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_meeting_options(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? no_params(req, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_meeting_options(req->app, rq, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_bodies_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? no_params(req, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_body_list(req->app, rq, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_bodies_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_body_create(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}

int api_bodies_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_body_update, e);
}

int api_meetings_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    char from[API_QV_MAX], to[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? two_params(req, "from", "to", from, to, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_meeting_list(req->app, rq, from, to, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_meetings_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_meeting_create(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}

int api_meetings_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = no_params(req, e);
    if (rc == 0)
        rc = app_meeting_read(req->app, rq, id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_meetings_pack(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"user_id"};
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, known, ARRAY_LEN(known), e);
    int64_t user = rc == 0 ? api_qi(req, "user_id", INT64_MAX, e) : 0;
    if (rc == 0 && e && e->n_fields)
        rc = ERR_INVAL;
    if (rc == 0)
        rc = app_meeting_pack(req->app, rq, id, user, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_meetings_queue(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = no_params(req, e);
    if (rc == 0)
        rc = app_meeting_queue(req->app, rq, id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_meetings_items(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 201, app_meeting_add_item, e);
}

int api_meetings_attendance(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_meeting_attendance, e);
}

int api_meetings_adopt(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_meeting_adopt, e);
}

int api_meetings_invitations(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return item_write(req, resp, 201, app_meeting_invite, e);
}

int api_meetings_minutes(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return item_write(req, resp, 200, app_meeting_minutes, e);
}

int api_meetings_decisions(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return item_write(req, resp, 201, app_meeting_decide, e);
}

int api_meetings_actions(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return item_write(req, resp, 201, app_meeting_add_action, e);
}

int api_actions_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    char scope[API_QV_MAX], status[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? two_params(req, "scope", "status", scope, status, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_action_list(req->app, rq, scope, status, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_actions_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_action_update, e);
}
