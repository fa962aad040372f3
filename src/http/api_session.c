/* api_session.c: login, the current session, "mijn sessies", account activation. */
#include "core/common.h"

#include "app/auth.h"
#include "core/crypto.h"
#include "core/jsonv.h"
#include "core/parse.h"
#include "core/totp.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"

int api_body_str(const struct http_req *req, const char *key, size_t max, struct str *out,
                 struct err *e)
{
    return jsonv_str(req->json, key, true, max, out, e);
}

int api_body_only(const struct http_req *req, const char *const *keys, size_t n, struct err *e)
{
    return jsonv_only_keys(req->json, keys, n, e);
}

int api_param_id(const struct http_req *req, size_t i, int64_t *out, struct err *e)
{
    if (i >= req->n_params || parse_i64(req->params[i], 1, INT64_MAX, out) != 0)
        return err_set(e, ERR_NOTFOUND, "Niet gevonden.");
    return 0;
}

int api_session_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const keys[] = {"username", "password", "totp"};
    struct app_login_in in;
    struct app_login_out out;
    int rc = api_body_only(req, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    int r1 = api_body_str(req, "username", 64, &in.username, e);
    int r2 = api_body_str(req, "password", 4096, &in.password, e);
    int r3 = api_body_str(req, "totp", 16, &in.totp, e);
    if (r1 || r2 || r3)
        return ERR_INVAL;
    in.client = str_from_cstr(http_req_header(req, "User-Agent"));
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    rc = app_login(req->app, &in, rq, &out, e);
    if (rc != 0)
        return rc;
    rc = http_session_set_cookie(req, resp, out.token);
    crypto_wipe(out.token, sizeof(out.token));
    if (rc != 0)
        return rc;
    http_resp_json(resp, 201, http_session_json(req, &out.who));
    return resp->json ? 0 : ERR_NOMEM;
}

int api_session_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)e;
    http_resp_json(resp, 200, http_session_json(req, http_session_who(req)));
    return resp->json ? 0 : ERR_NOMEM;
}

int api_session_delete(struct http_req *req, struct http_resp *resp, struct err *e)
{
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    int rc = app_logout(req->app, http_session_who(req), rq, e);
    if (rc == 0)
        rc = http_session_clear_cookie(req, resp);
    resp->status = 204;
    return rc;
}

int api_sessions_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *items = NULL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    struct alog_pending *log = NULL;
    int rc = app_sessions_list(req->app, http_session_who(req), rq, &items, &log, e);
    if (rc != 0)
        return rc;
    json_t *body = json_pack("{s:o}", "items", items);
    if (body == NULL) {
        alog_pending_free(log);
        return ERR_NOMEM;
    }
    return http_logged_reply(req, resp, 200, body, log);
}

int api_sessions_end_one(struct http_req *req, struct http_resp *resp, struct err *e)
{
    int64_t id;
    int rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = http_req_alog(req) ? app_session_end(req->app, http_session_who(req),
                                                  http_req_alog(req), id, e)
                                : ERR_NOMEM;
    if (rc == 0 && id == req->session_id)
        rc = http_session_clear_cookie(req, resp);
    resp->status = 204;
    return rc;
}

int api_sessions_end_others(struct http_req *req, struct http_resp *resp, struct err *e)
{
    resp->status = 204;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    return app_sessions_end_others(req->app, http_session_who(req), rq, e);
}

int api_activation_start(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const keys[] = {"username", "activation_code", "password"};
    struct str user, code, pw;
    char secret[64], uri[512];
    int rc = api_body_only(req, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    int r1 = api_body_str(req, "username", 64, &user, e);
    int r2 = api_body_str(req, "activation_code", 64, &code, e);
    int r3 = api_body_str(req, "password", 4096, &pw, e);
    if (r1 || r2 || r3)
        return ERR_INVAL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    rc = app_activation_start(req->app, rq, user, code, pw, secret, sizeof(secret), uri, sizeof(uri), e);
    if (rc == 0) {
        http_resp_json(resp, 200, json_pack("{s:s, s:s}", "totp_secret", secret, "otpauth_uri", uri));
        rc = resp->json ? 0 : ERR_NOMEM;
    }
    crypto_wipe(secret, sizeof(secret));
    crypto_wipe(uri, sizeof(uri));
    return rc;
}

int api_activation_confirm(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const keys[] = {"username", "activation_code", "totp"};
    struct str user, code, totp;
    int rc = api_body_only(req, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    int r1 = api_body_str(req, "username", 64, &user, e);
    int r2 = api_body_str(req, "activation_code", 64, &code, e);
    int r3 = api_body_str(req, "totp", 16, &totp, e);
    if (r1 || r2 || r3)
        return ERR_INVAL;
    resp->status = 204;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    return app_activation_confirm(req->app, rq, user, code, totp, e);
}

int api_password_change(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const keys[] = {"current_password", "new_password"};
    struct str cur, next;
    int rc = api_body_only(req, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    int r1 = api_body_str(req, "current_password", 4096, &cur, e);
    int r2 = api_body_str(req, "new_password", 4096, &next, e);
    if (r1 || r2)
        return ERR_INVAL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    resp->status = 204;
    return app_password_change(req->app, http_session_who(req), rq, cur, next, e);
}
