/* api_admin.c: regions, organisations and user accounts for the functional administrator. */
#include "core/common.h"

#include "app/admin.h"
#include "http/api.h"

static int reply(struct http_resp *resp, int status, int rc, json_t *j)
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
    return reply(resp, 200, rc, j);
}

int api_orgs_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_org_list(req->app, &req->actor, &j, e);
    return reply(resp, 200, rc, j);
}

int api_orgs_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_org_create(req->app, &req->actor, req->json, &j, e);
    return reply(resp, 201, rc, j);
}

int api_orgs_update(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_org_update(req->app, &req->actor, id, req->json, &j, e);
    return reply(resp, 200, rc, j);
}

int api_users_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_user_list(req->app, &req->actor, &j, e);
    return reply(resp, 200, rc, j);
}

int api_users_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_user_create(req->app, &req->actor, req->json, &j, e);
    return reply(resp, 201, rc, j);
}

int api_users_disable(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_user_disable(req->app, &req->actor, id, &j, e);
    return reply(resp, 200, rc, j);
}

int api_users_reset(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    int rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_user_reset(req->app, &req->actor, id, &j, e);
    return reply(resp, 200, rc, j);
}
