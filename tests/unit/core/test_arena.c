/* test_arena.c: core/arena through its public header: the hard budget and sticky failure, alignment
 * and zeroing of every block, the string helpers, and destructors running in reverse order. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <stdalign.h>

#include "core/arena.h"
#include "core/err.h"

#define ALIGN alignof(max_align_t)

static bool aligned(const void *p)
{
    return (uintptr_t)p % ALIGN == 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return false;
    return true;
}

Test(arena, fresh_arena_is_empty_and_ok)
{
    struct arena *a = arena_new(1024);
    cr_assert_not_null(a);
    cr_expect_eq(arena_used(a), 0);
    cr_expect_not(arena_failed(a));
    arena_free(a);
}

Test(arena, free_null_is_noop)
{
    arena_free(NULL);
    cr_expect(arena_failed(NULL));
    cr_expect_eq(arena_used(NULL), 0);
    cr_expect_null(arena_alloc(NULL, 8));
}

Test(arena, budget_exceeded_returns_null_and_failure_is_sticky)
{
    struct arena *a = arena_new(4 * ALIGN);
    cr_assert_not_null(a);
    cr_expect_not_null(arena_alloc(a, 2 * ALIGN));
    cr_expect_eq(arena_used(a), 2 * ALIGN);
    cr_expect_null(arena_alloc(a, 3 * ALIGN), "over budget");
    cr_expect(arena_failed(a));
    /* A request that would fit now fails too: the failure is absorbing. */
    cr_expect_null(arena_alloc(a, 1));
    cr_expect_null(arena_strndup(a, "x", 1));
    cr_expect_null(arena_printf(a, "%d", 1));
    cr_expect(arena_failed(a));
    cr_expect_eq(arena_used(a), 2 * ALIGN);
    arena_free(a);
}

Test(arena, budget_is_exact)
{
    struct arena *a = arena_new(4 * ALIGN);
    cr_expect_not_null(arena_alloc(a, 4 * ALIGN), "exactly the budget fits");
    cr_expect_eq(arena_used(a), 4 * ALIGN);
    cr_expect_not(arena_failed(a));
    cr_expect_null(arena_alloc(a, 1));
    cr_expect(arena_failed(a));
    arena_free(a);

    a = arena_new(4 * ALIGN);
    cr_expect_null(arena_alloc(a, 4 * ALIGN + 1), "one byte over (rounds up past the budget)");
    cr_expect(arena_failed(a));
    arena_free(a);
}

Test(arena, zero_budget_refuses_everything)
{
    struct arena *a = arena_new(0);
    cr_assert_not_null(a);
    cr_expect_null(arena_alloc(a, 1));
    cr_expect(arena_failed(a));
    arena_free(a);
}

Test(arena, huge_sizes_fail_instead_of_wrapping)
{
    /* n close to SIZE_MAX must not wrap around to a tiny block (which would then be memset with
     * n bytes). */
    size_t sizes[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - ALIGN + 2};
    for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
        struct arena *a = arena_new(SIZE_MAX);
        cr_assert_not_null(a);
        cr_expect_null(arena_alloc(a, sizes[i]), "n=%zu", sizes[i]);
        cr_expect(arena_failed(a));
        arena_free(a);
    }
    struct arena *a = arena_new(1024);
    cr_expect_null(arena_strndup(a, "x", SIZE_MAX));
    arena_free(a);
}

Test(arena, zero_size_alloc_gives_distinct_usable_pointers)
{
    struct arena *a = arena_new(1024);
    void *p = arena_alloc(a, 0);
    void *q = arena_alloc(a, 0);
    cr_expect_not_null(p);
    cr_expect_not_null(q);
    cr_expect_neq(p, q);
    cr_expect(aligned(p) && aligned(q));
    arena_free(a);
}

Test(arena, every_block_is_aligned_and_zeroed)
{
    struct arena *a = arena_new(4 << 20);
    cr_assert_not_null(a);
    /* Odd sizes, enough of them to cross several 8 KiB chunks, plus blocks larger than a chunk. */
    size_t sizes[] = {1, 3, 7, 8, 13, 15, 16, 17, 31, 33, 100, 255, 4095, 4097, 8191, 8192, 8193, 20000};
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
            unsigned char *p = arena_alloc(a, sizes[i]);
            cr_assert_not_null(p, "size %zu round %d", sizes[i], round);
            cr_expect(aligned(p), "size %zu at %p", sizes[i], (void *)p);
            cr_expect(all_zero(p, sizes[i]), "size %zu not zeroed", sizes[i]);
            memset(p, 0xA5, sizes[i]); /* dirty it: the next block must still come back zeroed */
        }
        if (arena_failed(a))
            break;
    }
    cr_expect_not(arena_failed(a));
    arena_free(a);
}

Test(arena, blocks_do_not_overlap)
{
    struct arena *a = arena_new(1 << 16);
    unsigned char *blocks[64];
    for (size_t i = 0; i < ARRAY_LEN(blocks); i++) {
        blocks[i] = arena_alloc(a, 24 + i * 7);
        cr_assert_not_null(blocks[i]);
        memset(blocks[i], (int)i, 24 + i * 7);
    }
    for (size_t i = 0; i < ARRAY_LEN(blocks); i++)
        for (size_t k = 0; k < 24 + i * 7; k++)
            cr_assert_eq(blocks[i][k], (unsigned char)i, "block %zu byte %zu", i, k);
    arena_free(a);
}

Test(arena, used_counts_rounded_sizes)
{
    struct arena *a = arena_new(1024);
    cr_assert_not_null(arena_alloc(a, 1));
    cr_expect_eq(arena_used(a), ALIGN);
    cr_assert_not_null(arena_alloc(a, ALIGN + 1));
    cr_expect_eq(arena_used(a), 3 * ALIGN);
    arena_free(a);
}

Test(arena, strndup_copies_and_terminates)
{
    struct arena *a = arena_new(1024);
    const char src[] = {'a', 'b', '\0', 'c', 'd'};
    char *p = arena_strndup(a, "hello world", 5);
    cr_assert_not_null(p);
    cr_expect_str_eq(p, "hello");
    char *q = arena_strndup(a, src, sizeof(src));
    cr_assert_not_null(q);
    cr_expect_eq(memcmp(q, src, sizeof(src)), 0, "embedded NUL copied");
    cr_expect_eq(q[sizeof(src)], '\0');
    char *e = arena_strndup(a, NULL, 0);
    cr_assert_not_null(e);
    cr_expect_str_eq(e, "");
    cr_expect(aligned(p) && aligned(q) && aligned(e));
    arena_free(a);
}

Test(arena, printf_formats_into_arena)
{
    struct arena *a = arena_new(1024);
    char *p = arena_printf(a, "%s-%d-%05.1f", "req", 42, 3.5);
    cr_assert_not_null(p);
    cr_expect_str_eq(p, "req-42-003.5");
    char *e = arena_printf(a, "%s", "");
    cr_assert_not_null(e);
    cr_expect_str_eq(e, "");
    arena_free(a);
}

Test(arena, printf_over_budget_fails)
{
    struct arena *a = arena_new(2 * ALIGN);
    char big[3 * ALIGN];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    cr_expect_null(arena_printf(a, "%s", big));
    cr_expect(arena_failed(a));
    arena_free(a);
}

static int order[16];
static size_t n_order;

static void record(void *p)
{
    order[n_order++] = *(int *)p;
}

Test(arena, destructors_run_in_reverse_order_at_free)
{
    static int ids[12];
    struct arena *a = arena_new(1024);
    n_order = 0;
    /* 12 > the initial table size of 8, so the table grows once on the way. */
    for (int i = 0; i < 12; i++) {
        ids[i] = i;
        cr_assert_eq(arena_defer(a, record, &ids[i]), 0);
    }
    cr_expect_eq(n_order, 0, "nothing runs before arena_free");
    arena_free(a);
    cr_assert_eq(n_order, 12);
    for (int i = 0; i < 12; i++)
        cr_expect_eq(order[i], 11 - i, "position %d", i);
}

Test(arena, destructors_run_even_after_allocation_failure)
{
    static int id = 7;
    struct arena *a = arena_new(ALIGN);
    n_order = 0;
    cr_expect_null(arena_alloc(a, 2 * ALIGN));
    cr_expect(arena_failed(a));
    cr_expect_eq(arena_defer(a, record, &id), 0);
    arena_free(a);
    cr_assert_eq(n_order, 1, "a foreign object registered on a failed arena is not leaked");
    cr_expect_eq(order[0], 7);
}

static void free_cb(void *p)
{
    free(p);
}

Test(arena, defer_takes_heap_objects)
{
    /* Under ASan/LSan this fails if the destructor does not run. */
    struct arena *a = arena_new(1024);
    for (int i = 0; i < 20; i++) {
        void *p = malloc(32);
        cr_assert_not_null(p);
        cr_assert_eq(arena_defer(a, free_cb, p), 0);
    }
    arena_free(a);
}
