/* router.c: route matching over the static route table. */
#include "core/common.h"

#include "http/router.h"
#include "policy/policy.h"

enum http_method http_method_parse(const char *name)
{
    static const struct {
        const char *n;
        enum http_method m;
    } map[] = {
        {"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},       {"PUT", HTTP_PUT},
        {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}, {"OPTIONS", HTTP_OPTIONS},
    };
    for (size_t i = 0; i < ARRAY_LEN(map); i++)
        if (strcmp(map[i].n, name) == 0)
            return map[i].m;
    return 0;
}

void http_allow_header(unsigned allow, char *out, size_t cap)
{
    static const char *names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        if (!(allow & (1u << i)))
            continue;
        int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", names[i]);
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
}

static bool match_pattern(const char *pattern, struct str path, struct str params[HTTP_MAX_PARAMS],
                          size_t *n_params, bool prefix)
{
    struct str pat = str_from_cstr(pattern);
    if (prefix) /* static files: never under /api, which must answer 404 for unknown routes */
        return str_starts_with(path, pat) && !str_eq(path, STR_LIT("/api")) &&
               !str_starts_with(path, STR_LIT("/api/"));
    if (path.n == 0 || path.p[0] != '/' || pat.n == 0 || pat.p[0] != '/')
        return false;
    size_t pi = 1, si = 1, np = 0;
    for (;;) {
        size_t pe = pi, se = si;
        while (pe < pat.n && pat.p[pe] != '/')
            pe++;
        while (se < path.n && path.p[se] != '/')
            se++;
        struct str ps = {pat.p + pi, pe - pi};
        struct str ss = {path.p + si, se - si};
        if (ps.n >= 2 && ps.p[0] == '{' && ps.p[ps.n - 1] == '}') {
            if (ss.n == 0 || np >= HTTP_MAX_PARAMS)
                return false;
            params[np++] = ss;
        } else if (!str_eq(ps, ss)) {
            return false;
        }
        bool pdone = pe >= pat.n, sdone = se >= path.n;
        if (pdone || sdone) {
            if (!(pdone && sdone))
                return false;
            *n_params = np;
            return true;
        }
        pi = pe + 1;
        si = se + 1;
    }
}

int router_match(const struct route *tbl, size_t n, enum http_method m, struct str path,
                 struct str params[HTTP_MAX_PARAMS], size_t *n_params, const struct route **out,
                 unsigned *out_allow)
{
    unsigned allow = 0;
    enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;
    for (size_t i = 0; i < n; i++) {
        struct str tmp[HTTP_MAX_PARAMS];
        size_t ntmp = 0;
        if (!match_pattern(tbl[i].pattern, path, tmp, &ntmp, (tbl[i].flags & ROUTE_STATIC) != 0))
            continue;
        unsigned ma = (unsigned)tbl[i].method;
        if (tbl[i].method == HTTP_GET)
            ma |= HTTP_HEAD;
        allow |= ma;
        if (tbl[i].method == want) {
            for (size_t k = 0; k < ntmp; k++)
                params[k] = tmp[k];
            *n_params = ntmp;
            *out = &tbl[i];
            return 0;
        }
    }
    if (out_allow)
        *out_allow = allow;
    return allow ? ERR_METHOD : ERR_NOTFOUND;
}

int router_check(const struct route *tbl, size_t n, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &tbl[i];
        if (r->fn == NULL || r->pattern == NULL || r->pattern[0] != '/' || r->action == NULL ||
            r->object == NULL)
            return err_set(e, ERR_INVAL, "route %zu is incomplete", i);
        bool is_public = (r->flags & ROUTE_PUBLIC) != 0;
        if (is_public != (strcmp(r->object, "public") == 0))
            return err_set(e, ERR_INVAL, "route %s: public flag and policy object disagree",
                           r->pattern);
        if ((r->flags & ROUTE_PEER) && !is_public)
            return err_set(e, ERR_INVAL, "route %s: a peer route is public", r->pattern);
        if (!is_public && !policy_has_key(r->action, r->object))
            return err_set(e, ERR_INVAL, "route %s has no policy row for %s %s", r->pattern,
                           r->action, r->object);
        for (size_t j = 0; j < i; j++)
            if (tbl[j].method == r->method && strcmp(tbl[j].pattern, r->pattern) == 0 &&
                (tbl[j].flags & ROUTE_STATIC) == (r->flags & ROUTE_STATIC))
                return err_set(e, ERR_INVAL, "route %s is defined twice", r->pattern);
    }
    return 0;
}
