/* buf.c: bounded growable buffer with sticky failure. */
#include "core/common.h"

#include <stdarg.h>

#include "core/buf.h"
#include "core/err.h"

void buf_init(struct buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->failed = 0;
}

void buf_cleanup(struct buf *b)
{
    if (b->p != NULL) {
        explicit_bzero(b->p, b->cap);
        free(b->p);
    }
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

static int grow(struct buf *b, size_t extra)
{
    if (b->failed)
        return b->failed;
    if (extra > b->max || b->len > b->max - extra) {
        b->failed = ERR_TOOBIG;
        return ERR_TOOBIG;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap - 1 > b->max) /* cap > max + 1, without wrapping when max == SIZE_MAX */
        cap = b->max + 1;
    char *p = malloc(cap);
    if (p == NULL) {
        b->failed = ERR_NOMEM;
        return ERR_NOMEM;
    }
    if (b->p != NULL) {
        memcpy(p, b->p, b->len);
        explicit_bzero(b->p, b->cap);
        free(b->p);
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
    int rc = grow(b, n);
    if (rc != 0)
        return rc;
    if (n > 0)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int buf_append_str(struct buf *b, struct str s)
{
    return buf_append(b, s.p, s.n);
}

int buf_append_cstr(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above */
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = ERR_INVAL;
        return ERR_INVAL;
    }
    int rc = grow(b, (size_t)n);
    if (rc != 0)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void buf_reset(struct buf *b)
{
    if (b->p != NULL)
        explicit_bzero(b->p, b->len);
    b->len = 0;
    b->failed = 0;
    if (b->p != NULL)
        b->p[0] = '\0';
}

char *buf_take(struct buf *b, size_t *out_len)
{
    if (b->failed || b->p == NULL) {
        buf_cleanup(b);
        if (out_len)
            *out_len = 0;
        return NULL;
    }
    char *p = b->p;
    if (out_len)
        *out_len = b->len;
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
