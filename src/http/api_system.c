/* api_system.c: routes without personal data: liveness and the OpenAPI document. */
#include "core/common.h"

#include "http/api.h"
#include "regie_version.h"

extern const char openapi_json[];
extern const size_t openapi_json_len;

int api_health(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)req;
    (void)e;
    http_resp_json(resp, 200, json_pack("{s:s, s:s}", "status", "ok", "version", REGIE_VERSION));
    return resp->json ? 0 : ERR_NOMEM;
}

int api_openapi(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)req;
    (void)e;
    resp->status = 200;
    resp->cache_control = "no-cache";
    return buf_append(&resp->body, openapi_json, openapi_json_len);
}
