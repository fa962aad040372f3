/* arena.c: chunked arena with a byte budget, sticky failure and destructors. Chunks are wiped on
 * free because requests keep personal data in them. */
#include "core/common.h"

#include <stdarg.h>
#include <stdalign.h>

#include "core/arena.h"
#include "core/err.h"

#define ARENA_CHUNK 8192

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

struct arena_defer {
    void (*fn)(void *);
    void *ptr;
};

struct arena {
    struct arena_chunk *head;
    size_t budget;
    size_t used;
    bool failed;
    struct arena_defer *defers;
    size_t n_defers;
    size_t cap_defers;
};

struct arena *arena_new(size_t budget)
{
    struct arena *a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->budget = budget;
    return a;
}

void arena_free(struct arena *a)
{
    if (a == NULL)
        return;
    for (size_t i = a->n_defers; i > 0; i--)
        a->defers[i - 1].fn(a->defers[i - 1].ptr);
    free(a->defers);
    struct arena_chunk *c = a->head;
    while (c != NULL) {
        struct arena_chunk *next = c->next;
        explicit_bzero(c->data, c->used);
        free(c);
        c = next;
    }
    free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (a == NULL || a->failed)
        return NULL;
    size_t align = alignof(max_align_t);
    if (n > SIZE_MAX - (align - 1)) {
        /* Rounding up would wrap to a tiny block that memset(n) then overruns. */
        a->failed = true;
        return NULL;
    }
    size_t need = (n + align - 1) & ~(align - 1);
    if (need == 0)
        need = align;
    if (need > a->budget - a->used || a->used > a->budget) {
        a->failed = true;
        return NULL;
    }
    struct arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < need) {
        size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (c == NULL) {
            a->failed = true;
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    if (n > 0)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above */
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    if (a->n_defers == a->cap_defers) {
        size_t cap = a->cap_defers ? a->cap_defers * 2 : 8;
        struct arena_defer *d = realloc(a->defers, cap * sizeof(*d));
        if (d == NULL) {
            fn(ptr);
            a->failed = true;
            return ERR_NOMEM;
        }
        a->defers = d;
        a->cap_defers = cap;
    }
    a->defers[a->n_defers].fn = fn;
    a->defers[a->n_defers].ptr = ptr;
    a->n_defers++;
    return 0;
}

bool arena_failed(const struct arena *a)
{
    return a == NULL || a->failed;
}

size_t arena_used(const struct arena *a)
{
    return a ? a->used : 0;
}
