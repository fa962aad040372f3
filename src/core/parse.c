/* parse.c: bounded number and address parsing. */
#include "core/common.h"

#include "core/err.h"
#include "core/parse.h"

int parse_i64(struct str s, int64_t min, int64_t max, int64_t *out)
{
    /* No length shortcut: a long non-number is a syntax error (ERR_INVAL), and the overflow
     * check below stops a long run of digits within 20 of them. */
    if (s.n == 0)
        return ERR_INVAL;
    size_t i = 0;
    bool neg = false;
    if (s.p[0] == '-') {
        neg = true;
        i = 1;
        if (s.n == 1)
            return ERR_INVAL;
    }
    if (s.p[i] == '0' && s.n > i + 1)
        return ERR_INVAL; /* leading zeros */
    if (neg && s.p[i] == '0')
        return ERR_INVAL; /* "-0" */
    uint64_t v = 0;
    for (; i < s.n; i++) {
        char c = s.p[i];
        if (c < '0' || c > '9')
            return ERR_INVAL;
        uint64_t d = (uint64_t)(c - '0');
        if (v > (UINT64_MAX - d) / 10)
            return ERR_TOOBIG;
        v = v * 10 + d;
    }
    int64_t r;
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1)
            return ERR_TOOBIG;
        r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > (uint64_t)INT64_MAX)
            return ERR_TOOBIG;
        r = (int64_t)v;
    }
    if (r < min || r > max)
        return ERR_TOOBIG;
    *out = r;
    return 0;
}

int parse_hostport(struct str s, char *host, size_t host_cap, uint16_t *out_port)
{
    size_t colon = SIZE_MAX;
    size_t hs = 0, he = 0;
    if (s.n > 0 && s.p[0] == '[') {
        size_t close = SIZE_MAX;
        for (size_t i = 1; i < s.n; i++)
            if (s.p[i] == ']') {
                close = i;
                break;
            }
        if (close == SIZE_MAX || close + 1 >= s.n || s.p[close + 1] != ':')
            return ERR_INVAL;
        hs = 1;
        he = close;
        colon = close + 1;
    } else {
        for (size_t i = s.n; i > 0; i--)
            if (s.p[i - 1] == ':') {
                colon = i - 1;
                break;
            }
        if (colon == SIZE_MAX)
            return ERR_INVAL;
        hs = 0;
        he = colon;
    }
    if (he <= hs || he - hs >= host_cap)
        return ERR_INVAL;
    for (size_t i = hs; i < he; i++) {
        char c = s.p[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '.' || c == ':' || c == '-';
        if (!ok)
            return ERR_INVAL;
    }
    int64_t port;
    if (parse_i64((struct str){s.p + colon + 1, s.n - colon - 1}, 0, 65535, &port) != 0)
        return ERR_INVAL;
    memcpy(host, s.p + hs, he - hs);
    host[he - hs] = '\0';
    *out_port = (uint16_t)port;
    return 0;
}

int parse_size(struct str s, size_t min, size_t max, size_t *out)
{
    uint64_t mult = 1;
    if (s.n > 0) {
        char c = s.p[s.n - 1];
        if (c == 'k' || c == 'K')
            mult = 1024;
        else if (c == 'm' || c == 'M')
            mult = 1024 * 1024;
        if (mult != 1)
            s.n--;
    }
    int64_t v;
    int rc = parse_i64(s, 0, INT64_MAX / (int64_t)mult, &v);
    if (rc != 0)
        return rc;
    uint64_t r = (uint64_t)v * mult;
    if (r < min || r > max)
        return ERR_TOOBIG;
    *out = (size_t)r;
    return 0;
}
