/* str.h: a borrowed byte slice. Input is a struct str, never assumed NUL-terminated. */
#ifndef REGIE_CORE_STR_H
#define REGIE_CORE_STR_H

#include "core/common.h"

struct str {
    const char *p;
    size_t n;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})
#define STR_NULL ((struct str){NULL, 0})

static inline struct str str_from_cstr(const char *s)
{
    return (struct str){s, s ? strlen(s) : 0};
}

static inline bool str_eq(struct str a, struct str b)
{
    /* p is NULL only with n == 0 (STR_NULL, str_from_cstr(NULL)); clang-tidy 14, analysing this
     * function on its own, does not know that. */
    // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): see above
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool str_eq_cstr(struct str a, const char *b)
{
    return str_eq(a, str_from_cstr(b));
}

static inline bool str_starts_with(struct str a, struct str prefix)
{
    return a.n >= prefix.n && (prefix.n == 0 || memcmp(a.p, prefix.p, prefix.n) == 0);
}

/* True if s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF) and, when
 * allow_ctl is false, has no C0 control characters other than tab, LF and CR, and no DEL. */
/* Copies the C string src (NULL: "") into dst[cap], cut to cap - 1 bytes and always terminated
 * (cap > 0). Returns false when it was cut. Cheaper than snprintf(dst, cap, "%s", src), which a
 * request made a dozen times. A cut may split a UTF-8 sequence, as snprintf's did. */
static inline bool str_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src != NULL ? strnlen(src, cap) : 0;
    bool whole = n < cap;
    if (!whole)
        n = cap - 1;
    memcpy(dst, src != NULL ? src : "", n);
    dst[n] = '\0';
    return whole;
}

bool str_utf8_valid(struct str s, bool allow_ctl);

/* Number of Unicode code points in valid UTF-8 s. */
size_t str_utf8_len(struct str s);

#endif
