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
bool str_utf8_valid(struct str s, bool allow_ctl);

/* Number of Unicode code points in valid UTF-8 s. */
size_t str_utf8_len(struct str s);

#endif
