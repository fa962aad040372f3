/* arena.h: a chunked request arena with a hard byte budget and sticky failure (SQLite's absorbing
 * failure): once an allocation fails, every later one fails too, so a sequence of operations is
 * checked once. Destructors can be registered for foreign objects (jansson values). Freeing the
 * arena runs destructors in reverse order and wipes every chunk (it held personal data).
 * Not thread-safe: one arena belongs to one request. */
#ifndef REGIE_CORE_ARENA_H
#define REGIE_CORE_ARENA_H

#include "core/common.h"

struct arena;

/* New arena that will hand out at most `budget` bytes in total. Caller frees with arena_free.
 * Returns NULL on out-of-memory. */
struct arena *arena_new(size_t budget);

/* Runs destructors (last registered first), wipes and frees every chunk. NULL is a no-op. */
void arena_free(struct arena *a);

/* n bytes aligned to max_align_t, zeroed. NULL when the budget is exceeded or on OOM, and for
 * every later call (sticky). The memory lives until arena_free. */
void *arena_alloc(struct arena *a, size_t n);

/* Copy of s[0..n) plus a NUL terminator, in the arena. NULL on failure. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into the arena. NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Registers fn(ptr) to run at arena_free. Returns 0, or ERR_NOMEM (and runs fn(ptr) at once, so
 * the caller never leaks the object). */
int arena_defer(struct arena *a, void (*fn)(void *), void *ptr) WUR;

/* True once any allocation has failed. */
bool arena_failed(const struct arena *a);

/* Bytes handed out so far. */
size_t arena_used(const struct arena *a);

#endif
