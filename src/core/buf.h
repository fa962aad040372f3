/* buf.h: a growable byte buffer that carries its own ceiling (curl's dynbuf idea). Growing past
 * the ceiling is an ordinary error (ERR_TOOBIG), never unbounded growth. Failure is sticky. The
 * content is always NUL-terminated for convenience (the NUL is not counted in len). */
#ifndef REGIE_CORE_BUF_H
#define REGIE_CORE_BUF_H

#include "core/common.h"
#include "core/str.h"

struct buf {
    char *p;
    size_t len;
    size_t cap;
    size_t max;  /* ceiling on len, set at init */
    int failed;  /* sticky: 0 or the first enum err_code */
};

/* Initialise an empty buffer with ceiling max (> 0). No allocation yet. */
void buf_init(struct buf *b, size_t max);

/* Wipe (explicit_bzero) and free the content; b can be reused after buf_init. */
void buf_cleanup(struct buf *b);

/* Append n bytes. Returns 0, ERR_TOOBIG (ceiling) or ERR_NOMEM; once failed, keeps failing. */
int buf_append(struct buf *b, const void *p, size_t n) WUR;
int buf_append_str(struct buf *b, struct str s) WUR;
int buf_append_cstr(struct buf *b, const char *s) WUR;
int buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3) WUR;

/* Empties the buffer (keeps the allocation and the ceiling, clears failure). */
void buf_reset(struct buf *b);

/* Hands the content to the caller (caller frees with free()); the buffer is left empty.
 * Returns NULL if nothing was ever appended or the buffer failed. */
char *buf_take(struct buf *b, size_t *out_len);

static inline struct str buf_str(const struct buf *b)
{
    return (struct str){b->p ? b->p : "", b->len};
}

#endif
