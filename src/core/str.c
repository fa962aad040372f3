/* str.c: UTF-8 validation for struct str (RFC 3629: no overlongs, no surrogates, max U+10FFFF). */
#include "core/common.h"

#include "core/str.h"

static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (c == 0xE0 && p[1] < 0xA0)
        return 0; /* overlong */
    if (c == 0xED && p[1] > 0x9F)
        return 0; /* surrogates */
    if (c == 0xF0 && p[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xF4 && p[1] > 0x8F)
        return 0; /* > U+10FFFF */
    return len;
}

bool str_utf8_valid(struct str s, bool allow_ctl)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0;
    while (i < s.n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (!allow_ctl && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F))
                return false;
            i++;
            continue;
        }
        size_t len = utf8_seq(p + i, s.n - i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

size_t str_utf8_len(struct str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++)
        if (((unsigned char)s.p[i] & 0xC0) != 0x80)
            n++;
    return n;
}
