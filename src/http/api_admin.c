/* api_admin.c: regions, organisations and user accounts for the functional administrator. */
#include "core/common.h"

#include "app/admin.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"

/* The access-log context; handlers fail with ERR_NOMEM before calling a use-case without one. */
#define REQ_ALOG(req) (http_req_alog(req))

static int need_alog(struct http_req *req)
{
    return http_req_alog(req) ? 0 : ERR_NOMEM;
}

int api_reply(struct http_resp *resp, int status, int rc, json_t *j)
{
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    http_resp_json(resp, status, j);
    return j ? 0 : ERR_NOMEM;
}

int api_regions_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_region_list(req->app, &req->actor, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_orgs_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_org_list(req->app, &req->actor, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_orgs_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_org_create(req->app, &req->actor, req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}

int api_orgs_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_org_update(req->app, &req->actor, id, req->json, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_users_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    if (need_alog(req) != 0)
        return ERR_NOMEM;
    int rc = app_user_list(req->app, REQ_ALOG(req), &j, &log, e);
    if (rc != 0)
        return rc;
    if (log == NULL)
        return api_reply(resp, 200, 0, j); /* nothing personal listed: nothing to log */
    return http_logged_reply(req, resp, 200, j, log);
}

int api_users_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    if (need_alog(req) != 0)
        return ERR_NOMEM;
    int rc = app_user_create(req->app, REQ_ALOG(req), req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}

int api_users_disable(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = need_alog(req);
    if (rc == 0)
        rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_user_disable(req->app, REQ_ALOG(req), id, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_users_reset(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = need_alog(req);
    if (rc == 0)
        rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_user_reset(req->app, REQ_ALOG(req), id, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_users_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    int rc = need_alog(req);
    if (rc == 0)
        rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_user_read(req->app, REQ_ALOG(req), id, &j, &log, e);
    if (rc != 0)
        return rc;
    return http_logged_reply(req, resp, 200, j, log);
}

int api_users_deputy(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const keys[] = {"deputy_of"};
    json_t *j = NULL;
    int64_t id;
    int rc = need_alog(req);
    if (rc == 0)
        rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = api_body_only(req, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    json_t *d = json_object_get(req->json, "deputy_of");
    if (d == NULL || !(json_is_null(d) || (json_is_integer(d) && json_integer_value(d) > 0)))
        return err_field(e, "deputy_of", "een account-id, of null om het te wissen");
    rc = app_user_set_deputy(req->app, REQ_ALOG(req), id,
                             json_is_null(d) ? 0 : (int64_t)json_integer_value(d), &j, e);
    return api_reply(resp, 200, rc, j);
}
