/* api_purpose.c: purpose binding of case-content reads (docs/purpose.md): the session check calls
 * http_purpose_bind for every route flagged ROUTE_PURPOSE, which names what the route reads and
 * hands the `Regie-Purpose` header to app/purpose.c. Plus the routes of the purposes of a case and
 * the recorded legal bases for re-use. */
#include "core/common.h"

#include "app/purpose.h"
#include "core/parse.h"
#include "http/api.h"
#include "http/router.h"
#include "http/session.h"

/* What a purpose-bound route reads: the first path parameter of this kind (every /api/cases/{id}
 * route: the case), or for the document list the owner named in the query. */
static const struct {
    const char *pattern;
    const char *kind; /* NULL: owner and owner_id from the query */
} READS[] = {
    {"/api/documents", NULL},
    {"/api/documents/{id}/content", "document"},
    {"/api/persons/{id}/links", "person"},
};

int http_purpose_bind(struct http_req *req, struct err *e)
{
    const char *kind = strncmp(req->route->pattern, "/api/cases/{id}", 15) == 0 ? "case" : NULL;
    bool query = false;
    for (size_t i = 0; kind == NULL && !query && i < ARRAY_LEN(READS); i++)
        if (strcmp(READS[i].pattern, req->route->pattern) == 0) {
            kind = READS[i].kind;
            query = kind == NULL;
        }
    if (kind == NULL && !query)
        return err_internal(e, ERR_INVAL, "route %s: ROUTE_PURPOSE without a known object",
                            req->route->pattern);
    int64_t id = 0;
    char owner[16] = "";
    if (query) {
        /* Only a case's or a measure's documents are case content; the handler checks the query. */
        struct str o = http_req_query(req, "owner"), oid = http_req_query(req, "owner_id");
        if (o.p == NULL || oid.p == NULL || o.n >= sizeof(owner) ||
            parse_i64(oid, 1, INT64_C(9007199254740991), &id) != 0)
            return 0;
        memcpy(owner, o.p, o.n);
        owner[o.n] = '\0';
        kind = owner;
    } else {
        int rc = api_param_id(req, 0, &id, e);
        if (rc != 0)
            return rc;
    }
    struct alog_req *rq = (struct alog_req *)http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    return app_purpose_bind(req->app, rq, kind, id, http_req_header(req, APP_PURPOSE_HEADER), e);
}

int api_case_purposes(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_purpose_options, e);
}

int api_reuse_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return api_id_read(req, resp, app_reuse_list, e);
}

int api_reuse_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_only_params(req, NULL, 0, e);
    if (rc == 0)
        rc = app_reuse_create(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, 201, rc, j);
}
