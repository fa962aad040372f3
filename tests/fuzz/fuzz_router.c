/* fuzz_router.c: libFuzzer target for request-target parsing: percent-decoding of the path,
 * route matching against the real route table, and query-string parsing. The input is split at
 * the first '?' into path and query, like a request target. */
#include "core/common.h"

#include "core/arena.h"
#include "http/http.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1u << 20);
    if (a == NULL)
        return 0;
    const char *p = (const char *)data;
    size_t q = 0;
    while (q < size && p[q] != '?')
        q++;
    struct http_req req;
    memset(&req, 0, sizeof(req));
    req.arena = a;
    struct str path;
    if (http_percent_decode(a, (struct str){p, q}, true, &path) == 0) {
        static const enum http_method ms[] = {HTTP_GET, HTTP_POST, HTTP_DELETE, HTTP_PATCH};
        for (size_t i = 0; i < ARRAY_LEN(ms); i++) {
            const struct route *r = NULL;
            size_t n = 0;
            unsigned allow = 0;
            int rc = router_match(http_routes, http_n_routes, ms[i], path, req.params, &n, &r, &allow);
            if (rc == 0 && (r == NULL || n > HTTP_MAX_PARAMS))
                __builtin_trap();
            for (size_t k = 0; rc == 0 && k < n; k++)
                if (req.params[k].n == 0 || req.params[k].p < path.p ||
                    req.params[k].p + req.params[k].n > path.p + path.n)
                    __builtin_trap(); /* params are non-empty slices of the path */
        }
    }
    if (q < size) {
        struct err e;
        err_clear(&e);
        int rc = http_parse_query(&req, (struct str){p + q + 1, size - q - 1}, &e);
        (void)rc;
    }
    arena_free(a);
    return 0;
}
