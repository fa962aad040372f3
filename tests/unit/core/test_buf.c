/* test_buf.c: core/buf through its public header: the ceiling (exact boundary, ERR_TOOBIG, sticky
 * failure), printf, NUL termination, buf_take ownership and buf_reset. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/buf.h"
#include "core/err.h"

Test(buf, init_is_empty_without_allocation)
{
    struct buf b;
    buf_init(&b, 16);
    cr_expect_null(b.p);
    cr_expect_eq(b.len, 0);
    cr_expect_eq(b.failed, 0);
    struct str s = buf_str(&b);
    cr_expect_not_null(s.p);
    cr_expect_eq(s.n, 0);
    buf_cleanup(&b);
}

Test(buf, append_keeps_nul_termination)
{
    struct buf b;
    buf_init(&b, 1024);
    cr_assert_eq(buf_append(&b, "abc", 3), 0);
    cr_assert_eq(buf_append_cstr(&b, "def"), 0);
    cr_assert_eq(buf_append_str(&b, STR_LIT("gh")), 0);
    cr_assert_eq(buf_append(&b, "", 0), 0);
    cr_expect_eq(b.len, 8);
    cr_expect_str_eq(b.p, "abcdefgh");
    cr_expect(str_eq_cstr(buf_str(&b), "abcdefgh"));
    buf_cleanup(&b);
}

Test(buf, empty_append_allocates_an_empty_string)
{
    struct buf b;
    buf_init(&b, 8);
    cr_assert_eq(buf_append(&b, NULL, 0), 0);
    cr_assert_not_null(b.p);
    cr_expect_str_eq(b.p, "");
    buf_cleanup(&b);
}

Test(buf, exact_ceiling_is_allowed_one_more_fails)
{
    struct buf b;
    buf_init(&b, 10);
    cr_assert_eq(buf_append(&b, "0123456789", 10), 0, "len == max is fine");
    cr_expect_eq(b.len, 10);
    cr_expect_str_eq(b.p, "0123456789");
    cr_expect_eq(buf_append(&b, "x", 1), ERR_TOOBIG, "max + 1 fails");
    cr_expect_eq(b.failed, ERR_TOOBIG);
    cr_expect_eq(b.len, 10, "nothing half-applied");
    cr_expect_str_eq(b.p, "0123456789");
    buf_cleanup(&b);
}

Test(buf, single_append_over_ceiling_fails)
{
    struct buf b;
    buf_init(&b, 10);
    cr_expect_eq(buf_append(&b, "0123456789A", 11), ERR_TOOBIG);
    cr_expect_eq(b.len, 0);
    cr_expect_eq(buf_append(&b, "x", SIZE_MAX), ERR_TOOBIG,
                 "a size that would wrap is refused");
    buf_cleanup(&b);
}

Test(buf, byte_by_byte_up_to_the_ceiling)
{
    struct buf b;
    buf_init(&b, 1000);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(buf_append(&b, "z", 1), 0, "byte %d", i);
    cr_expect_eq(b.len, 1000);
    cr_expect_leq(b.cap, 1001, "capacity is clamped to the ceiling (+ NUL)");
    cr_expect_eq(strlen(b.p), 1000);
    cr_expect_eq(buf_append(&b, "z", 1), ERR_TOOBIG);
    buf_cleanup(&b);
}

Test(buf, failure_is_sticky)
{
    struct buf b;
    buf_init(&b, 4);
    cr_assert_eq(buf_append(&b, "ab", 2), 0);
    cr_expect_eq(buf_append(&b, "abc", 3), ERR_TOOBIG);
    /* Even appends that would fit keep failing. */
    cr_expect_eq(buf_append(&b, "a", 1), ERR_TOOBIG);
    cr_expect_eq(buf_append(&b, "", 0), ERR_TOOBIG);
    cr_expect_eq(buf_append_cstr(&b, "a"), ERR_TOOBIG);
    cr_expect_eq(buf_printf(&b, "%d", 1), ERR_TOOBIG);
    cr_expect_eq(b.len, 2);
    cr_expect_str_eq(b.p, "ab");
    buf_cleanup(&b);
}

Test(buf, printf_appends_formatted_text)
{
    struct buf b;
    buf_init(&b, 64);
    cr_assert_eq(buf_printf(&b, "%s=%d", "n", 42), 0);
    cr_assert_eq(buf_printf(&b, " %s=%" PRId64, "id", INT64_MIN), 0);
    cr_assert_eq(buf_printf(&b, "%s", ""), 0);
    cr_expect_str_eq(b.p, "n=42 id=-9223372036854775808");
    cr_expect_eq(b.len, strlen("n=42 id=-9223372036854775808"));
    buf_cleanup(&b);
}

Test(buf, printf_respects_the_ceiling)
{
    struct buf b;
    buf_init(&b, 8);
    cr_assert_eq(buf_printf(&b, "%04d", 1234), 0);
    cr_assert_eq(buf_printf(&b, "%04d", 5678), 0, "exactly max");
    cr_expect_str_eq(b.p, "12345678");
    cr_expect_eq(buf_printf(&b, "%d", 9), ERR_TOOBIG);
    cr_expect_str_eq(b.p, "12345678");
    buf_cleanup(&b);

    buf_init(&b, 8);
    cr_expect_eq(buf_printf(&b, "%s", "123456789"), ERR_TOOBIG);
    cr_expect_eq(b.len, 0);
    buf_cleanup(&b);
}

Test(buf, reset_clears_content_and_failure_but_keeps_ceiling)
{
    struct buf b;
    buf_init(&b, 4);
    cr_assert_eq(buf_append(&b, "abcd", 4), 0);
    cr_expect_eq(buf_append(&b, "e", 1), ERR_TOOBIG);
    buf_reset(&b);
    cr_expect_eq(b.failed, 0);
    cr_expect_eq(b.len, 0);
    cr_expect_str_eq(b.p, "");
    cr_expect_eq(b.max, 4);
    cr_expect_eq(buf_append(&b, "wxyz", 4), 0);
    cr_expect_str_eq(b.p, "wxyz");
    cr_expect_eq(buf_append(&b, "!", 1), ERR_TOOBIG, "ceiling still applies");
    buf_cleanup(&b);
}

Test(buf, reset_of_unused_buffer)
{
    struct buf b;
    buf_init(&b, 4);
    buf_reset(&b);
    cr_expect_null(b.p);
    cr_expect_eq(buf_append(&b, "ab", 2), 0);
    buf_cleanup(&b);
}

Test(buf, take_hands_over_the_content)
{
    struct buf b;
    buf_init(&b, 100);
    cr_assert_eq(buf_append_cstr(&b, "hello"), 0);
    size_t n = 99;
    char *p = buf_take(&b, &n);
    cr_assert_not_null(p);
    cr_expect_eq(n, 5);
    cr_expect_str_eq(p, "hello");
    cr_expect_null(b.p, "buffer no longer owns it");
    cr_expect_eq(b.len, 0);
    cr_expect_eq(b.cap, 0);
    /* The buffer is reusable and its ceiling survives. */
    cr_assert_eq(buf_append_cstr(&b, "again"), 0);
    cr_expect_str_eq(b.p, "again");
    cr_expect_neq((void *)b.p, (void *)p);
    buf_cleanup(&b);
    buf_cleanup(&b); /* twice is harmless */
    free(p);         /* caller frees; a leak or double free shows in the sanitizer build */
}

Test(buf, take_without_out_len)
{
    struct buf b;
    buf_init(&b, 100);
    cr_assert_eq(buf_append_cstr(&b, "x"), 0);
    char *p = buf_take(&b, NULL);
    cr_assert_not_null(p);
    cr_expect_str_eq(p, "x");
    free(p);
}

Test(buf, take_of_empty_or_failed_buffer_is_null)
{
    struct buf b;
    size_t n = 7;
    buf_init(&b, 4);
    cr_expect_null(buf_take(&b, &n), "nothing ever appended");
    cr_expect_eq(n, 0);

    buf_init(&b, 4);
    cr_assert_eq(buf_append(&b, "ab", 2), 0);
    cr_expect_eq(buf_append(&b, "abc", 3), ERR_TOOBIG);
    n = 7;
    cr_expect_null(buf_take(&b, &n), "failed buffer");
    cr_expect_eq(n, 0);
    cr_expect_null(b.p, "content released (no leak under LSan)");
    cr_expect_eq(b.failed, 0);
}

Test(buf, unbounded_ceiling_works)
{
    /* SIZE_MAX is a legal ceiling ("> 0"); clamping the capacity to max + 1 must not wrap to 0. */
    struct buf b;
    buf_init(&b, SIZE_MAX);
    char chunk[100];
    memset(chunk, 'q', sizeof(chunk));
    for (int i = 0; i < 50; i++)
        cr_assert_eq(buf_append(&b, chunk, sizeof(chunk)), 0);
    cr_expect_eq(b.len, 5000);
    cr_expect_geq(b.cap, 5001);
    cr_expect_eq(strlen(b.p), 5000);
    buf_cleanup(&b);
}
