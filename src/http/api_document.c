/* api_document.c: attached documents (docs/documents.md). Handlers translate HTTP to the
 * use-cases in app/document.c. The upload is a raw body (ROUTE_RAW); the download is an
 * attachment that a browser will not render in the application's origin: Content-Disposition
 * attachment with an RFC 6266 / RFC 8187 encoded name, a sandboxing Content-Security-Policy,
 * nosniff and no-store, sent only once its access-log record is durable. */
#include "core/common.h"

#include "app/document.h"
#include "core/crypto.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"

#define ID_MAX ((INT64_C(1) << 53) - 1)

static const char DOWNLOAD_CSP[] = "sandbox; default-src 'none'";

/* owner and owner_id of the query (the other known parameters are the caller's to read). */
static int owner_params(const struct http_req *req, const char *const *known, size_t n,
                        char owner[API_QV_MAX], int64_t *owner_id, struct err *e)
{
    api_only_params(req, known, n, e);
    api_qv(req, "owner", owner, e);
    *owner_id = api_qi(req, "owner_id", ID_MAX, e);
    return e && e->n_fields ? ERR_INVAL : 0;
}

int api_documents_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"owner", "owner_id", "filename"};
    char owner[API_QV_MAX];
    int64_t owner_id = 0;
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? owner_params(req, known, ARRAY_LEN(known), owner, &owner_id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_document_upload(req->app, rq, owner, owner_id, http_req_query(req, "filename"),
                                 req->body, &j, e);
    return api_reply(resp, 201, rc, j);
}

int api_documents_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"owner", "owner_id"};
    char owner[API_QV_MAX];
    int64_t owner_id = 0;
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? owner_params(req, known, ARRAY_LEN(known), owner, &owner_id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = app_document_list(req->app, rq, owner, owner_id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

/* RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" /
 * "`" / "|" / "~"; everything else is percent-encoded. */
static bool attr_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

/* "attachment; filename*=UTF-8''<percent-encoded name>" into out (cap >= 3 * name + 64). */
static void disposition(const char *name, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = (size_t)snprintf(out, cap, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < cap; p++) {
        if (attr_char(*p)) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

int api_documents_content(struct http_req *req, struct http_resp *resp, struct err *e)
{
    struct document_content c;
    struct alog_pending *log = NULL;
    char cd[3 * DOCUMENT_NAME_MAX + 64];
    int64_t id = 0;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_only_params(req, NULL, 0, e) : ERR_NOMEM;
    if (rc == 0)
        rc = api_param_id(req, 0, &id, e);
    if (rc == 0)
        rc = app_document_content(req->app, rq, id, &c, &log, e);
    if (rc != 0)
        return rc;
    disposition(c.filename, cd, sizeof(cd));
    rc = http_resp_header(req, resp, "Content-Disposition", cd);
    crypto_wipe(cd, sizeof(cd));
    if (rc != 0) {
        document_content_release(&c);
        alog_pending_free(log);
        return rc;
    }
    http_resp_blob(resp, 200, c.data, c.n, c.media_type);
    c.data = NULL; /* the response owns it now */
    document_content_release(&c);
    resp->csp = DOWNLOAD_CSP;
    resp->cache_control = "no-store";
    return http_logged_send(req, resp, log);
}
