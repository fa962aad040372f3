/* session.c: session cookie, CSRF and route-level policy for every non-public route. */
#include "core/common.h"

#include "http/api.h" /* http_purpose_bind */
#include "http/router.h"
#include "http/session.h"
#include "core/crypto.h"


int http_session_auth(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)resp;
    const char *cookie = http_req_cookie(req, SESSION_COOKIE);
    struct app_who *who = arena_alloc(req->arena, sizeof(*who));
    if (who == NULL)
        return ERR_NOMEM;
    bool extend = !(req->route->flags & ROUTE_NO_EXTEND);
    int rc = app_session_auth(req->app, str_from_cstr(cookie), extend, who, e);
    if (rc != 0)
        return rc;
    /* CSRF: every state-changing request carries the session's token in a header. */
    if (req->method == HTTP_POST || req->method == HTTP_PUT || req->method == HTTP_PATCH ||
        req->method == HTTP_DELETE) {
        char want[TOKEN_STR_LEN + 1];
        app_session_csrf(req->app, who->session_hash, want);
        const char *got = http_req_header(req, "X-CSRF-Token");
        bool ok = got != NULL && strlen(got) == TOKEN_STR_LEN && crypto_eq(got, want, TOKEN_STR_LEN);
        crypto_wipe(want, sizeof(want));
        if (!ok)
            return err_set(e, ERR_FORBIDDEN, "Verzoek geweigerd: het CSRF-token ontbreekt of klopt niet.");
    }
    req->actor = who->actor;
    /* the database's scope for this user from here on: purpose binding below reads cases */
    app_act_as(req->app, &req->actor);
    req->session_id = who->session_id;
    memcpy(req->session_hash, who->session_hash, sizeof(req->session_hash));
    /* Function-level check of the route (deny by default); use-cases check objects again. */
    const char *rule = NULL;
    if (policy_check(&who->actor, req->route->action, req->route->object, NULL, &rule) != 0) {
        /* A failed authorisation is itself an event of the access log (ASVS 16.3.2). */
        const struct alog_req *rq = http_req_alog(req);
        struct alog_ev ev = {.action = AUDIT_ACT_AUTHZ_DENIED, .outcome = AUDIT_OUT_DENIED,
                             .object_type = req->route->object, .fields = req->route->action};
        if (rq == NULL || alog_write(req->app, rq, &ev, e) != 0)
            return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot deze functie.");
    }
    req->who = who;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    snprintf(((struct alog_req *)rq)->authz_rule, sizeof(rq->authz_rule), "%s", rule ? rule : "");
    /* Purpose binding (docs/purpose.md): a read of case content states its purpose. */
    if (req->route->flags & ROUTE_PURPOSE)
        return http_purpose_bind(req, e);
    return 0;
}

const struct app_who *http_session_who(const struct http_req *req)
{
    return req->who;
}

int http_session_set_cookie(struct http_req *req, struct http_resp *resp, const char *token)
{
    char v[128];
    snprintf(v, sizeof(v), "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict", SESSION_COOKIE,
             token);
    int rc = http_resp_header(req, resp, "Set-Cookie", v);
    crypto_wipe(v, sizeof(v));
    return rc;
}

int http_session_clear_cookie(struct http_req *req, struct http_resp *resp)
{
    int rc = http_resp_header(req, resp, "Set-Cookie",
                              SESSION_COOKIE "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    if (rc == 0)
        rc = http_resp_header(req, resp, "Clear-Site-Data", "\"cookies\", \"storage\"");
    return rc;
}

json_t *http_session_json(struct http_req *req, const struct app_who *who)
{
    char csrf[TOKEN_STR_LEN + 1];
    app_session_csrf(req->app, who->session_hash, csrf);
    json_t *roles = json_array();
    for (uint32_t b = 0; roles && b < POLICY_ROLE_COUNT; b++)
        if (who->actor.roles & (1u << b))
            json_array_append_new(roles, json_string(policy_role_name(1u << b)));
    json_t *j = json_pack(
        "{s:{s:I, s:s, s:s, s:o, s:{s:I, s:s, s:s, s:b}}, s:s, s:I, s:I, s:o}", "user", "id",
        (json_int_t)who->actor.user_id, "username", who->username, "display_name",
        who->display_name, "roles", roles, "organisation", "id", (json_int_t)who->actor.org_id,
        "name", who->org_name, "kind", who->org_kind ? who->org_kind : "overig", "access_ok",
        who->actor.org_access_ok, "csrf_token", csrf, "idle_seconds_left",
        (json_int_t)who->idle_left_s, "absolute_seconds_left", (json_int_t)who->absolute_left_s,
        "permissions", app_permissions(&who->actor));
    crypto_wipe(csrf, sizeof(csrf));
    return j;
}

const struct alog_req *http_req_alog(struct http_req *req)
{
    if (req->alog != NULL)
        return req->alog;
    struct alog_req *r = arena_alloc(req->arena, sizeof(*r));
    if (r == NULL)
        return NULL;
    alog_req_init(req->app, r, &req->actor, req->req_id, req->client_addr,
                  req->session_id ? req->session_hash : NULL, http_req_header(req, "traceparent"));
    req->alog = r;
    return r;
}
