/* test_parse.c: core/parse through its public header: parse_i64 (strtonum semantics over a
 * struct str: syntax, range, exact limits), parse_hostport and parse_size. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/err.h"
#include "core/parse.h"

static int p64(const char *s, int64_t *out)
{
    return parse_i64(str_from_cstr(s), INT64_MIN, INT64_MAX, out);
}

Test(parse_i64, accepts_canonical_decimals)
{
    struct {
        const char *s;
        int64_t v;
    } ok[] = {
        {"0", 0},
        {"7", 7},
        {"-7", -7},
        {"10", 10},
        {"1234567890", 1234567890},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
        {"-9223372036854775807", INT64_MIN + 1},
    };
    for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
        int64_t v = 42;
        cr_expect_eq(p64(ok[i].s, &v), 0, "\"%s\"", ok[i].s);
        cr_expect_eq(v, ok[i].v, "\"%s\" -> %" PRId64, ok[i].s, v);
    }
}

Test(parse_i64, syntax_errors_are_inval_and_leave_out_untouched)
{
    const char *bad[] = {
        "", "-", "+1", "+", "01", "00", "-01", "-0", " 1", "1 ", " ", "1 2", "1a", "a1", "0x10",
        "1.0", "1e3", "--1", "-+1", "1-", "\t1", "1\n", "\xC2\xB9", /* superscript one */
        /* long strings are still syntax errors, not range errors */
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "                      ", "0000000000000000000000001",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        int64_t v = 42;
        cr_expect_eq(p64(bad[i], &v), ERR_INVAL, "\"%s\"", bad[i]);
        cr_expect_eq(v, 42, "\"%s\" touched out", bad[i]);
    }
}

Test(parse_i64, embedded_nul_is_not_a_terminator)
{
    int64_t v = 42;
    cr_expect_eq(parse_i64((struct str){"12\0" "3", 4}, 0, 1000, &v), ERR_INVAL);
    cr_expect_eq(parse_i64((struct str){"123", 2}, 0, 1000, &v), 0, "only n bytes are read");
    cr_expect_eq(v, 12);
}

Test(parse_i64, overflow_by_one_is_toobig)
{
    int64_t v = 42;
    cr_expect_eq(p64("9223372036854775808", &v), ERR_TOOBIG, "INT64_MAX + 1");
    cr_expect_eq(p64("-9223372036854775809", &v), ERR_TOOBIG, "INT64_MIN - 1");
    cr_expect_eq(p64("18446744073709551615", &v), ERR_TOOBIG, "UINT64_MAX");
    cr_expect_eq(p64("18446744073709551616", &v), ERR_TOOBIG, "UINT64_MAX + 1");
    cr_expect_eq(p64("99999999999999999999", &v), ERR_TOOBIG);
    cr_expect_eq(p64("-99999999999999999999", &v), ERR_TOOBIG);
    cr_expect_eq(p64("123456789012345678901234567890", &v), ERR_TOOBIG);
    cr_expect_eq(v, 42);
}

Test(parse_i64, bounds_are_inclusive_and_outside_is_toobig)
{
    int64_t v = 42;
    cr_expect_eq(parse_i64(STR_LIT("1"), 1, 64, &v), 0);
    cr_expect_eq(v, 1);
    cr_expect_eq(parse_i64(STR_LIT("64"), 1, 64, &v), 0);
    cr_expect_eq(v, 64);
    v = 42;
    cr_expect_eq(parse_i64(STR_LIT("0"), 1, 64, &v), ERR_TOOBIG, "min - 1");
    cr_expect_eq(parse_i64(STR_LIT("65"), 1, 64, &v), ERR_TOOBIG, "max + 1");
    cr_expect_eq(parse_i64(STR_LIT("-1"), 0, 10, &v), ERR_TOOBIG);
    cr_expect_eq(parse_i64(STR_LIT("-5"), -10, -1, &v), 0);
    cr_expect_eq(v, -5);
    v = 42;
    cr_expect_eq(parse_i64(STR_LIT("0"), -10, -1, &v), ERR_TOOBIG);
    cr_expect_eq(v, 42);
    cr_expect_eq(parse_i64(STR_LIT("5"), 5, 5, &v), 0, "min == max");
    cr_expect_eq(v, 5);
}

Test(parse_hostport, ipv4_and_names)
{
    char host[64];
    uint16_t port = 1;
    cr_assert_eq(parse_hostport(STR_LIT("127.0.0.1:8080"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "127.0.0.1");
    cr_expect_eq(port, 8080);
    cr_assert_eq(parse_hostport(STR_LIT("0.0.0.0:0"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "0.0.0.0");
    cr_expect_eq(port, 0);
    cr_assert_eq(parse_hostport(STR_LIT("localhost:65535"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "localhost");
    cr_expect_eq(port, 65535);
    cr_assert_eq(parse_hostport(STR_LIT("db-1.example.org:5432"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "db-1.example.org");
    cr_expect_eq(port, 5432);
}

Test(parse_hostport, bracketed_ipv6)
{
    char host[64];
    uint16_t port = 1;
    cr_assert_eq(parse_hostport(STR_LIT("[::1]:8080"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "::1");
    cr_expect_eq(port, 8080);
    cr_assert_eq(parse_hostport(STR_LIT("[2001:db8::1]:443"), host, sizeof(host), &port), 0);
    cr_expect_str_eq(host, "2001:db8::1");
    cr_expect_eq(port, 443);
}

Test(parse_hostport, bad_input_is_inval)
{
    const char *bad[] = {
        "",
        "127.0.0.1",         /* missing port */
        "127.0.0.1:",        /* empty port */
        ":8080",             /* empty host */
        "host:65536",        /* port out of range */
        "host:99999999999999999999999",
        "host:-1",
        "host:+80",
        "host:080",
        "host:80 ",
        "host:8a",
        "ho st:80",
        "ho/st:80",
        "host\n:80",
        "h\xC3\xA9st:80",
        "[::1]",             /* missing port */
        "[::1]:",
        "[::1]8080",
        "[::1:8080",
        "[]:80",
        "[::1%eth0]:80",
        "[::1]:65536",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char host[64] = "untouched";
        uint16_t port = 7;
        cr_expect_eq(parse_hostport(str_from_cstr(bad[i]), host, sizeof(host), &port), ERR_INVAL,
                     "\"%s\"", bad[i]);
        cr_expect_eq(port, 7, "\"%s\" touched the port", bad[i]);
    }
}

Test(parse_hostport, host_must_fit)
{
    char host[10];
    uint16_t port = 0;
    cr_expect_eq(parse_hostport(STR_LIT("123456789:80"), host, sizeof(host), &port), 0,
                 "cap - 1 bytes fit");
    cr_expect_str_eq(host, "123456789");
    cr_expect_eq(parse_hostport(STR_LIT("1234567890:80"), host, sizeof(host), &port), ERR_INVAL);
}

Test(parse_size, suffixes)
{
    size_t v = 0;
    cr_expect_eq(parse_size(STR_LIT("64k"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 65536);
    cr_expect_eq(parse_size(STR_LIT("64K"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 65536);
    cr_expect_eq(parse_size(STR_LIT("1M"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 1048576);
    cr_expect_eq(parse_size(STR_LIT("3m"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 3 * 1048576);
    cr_expect_eq(parse_size(STR_LIT("1000"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 1000);
    cr_expect_eq(parse_size(STR_LIT("0"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, 0);
}

Test(parse_size, syntax_errors)
{
    const char *bad[] = {"", "k", "M", "1g", "1kb", "1 k", "k1", "1kk", "01k", "-", "+1k", "1.5M"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        size_t v = 42;
        cr_expect_eq(parse_size(str_from_cstr(bad[i]), 0, SIZE_MAX, &v), ERR_INVAL, "\"%s\"", bad[i]);
        cr_expect_eq(v, 42);
    }
}

Test(parse_size, bounds_apply_after_the_suffix)
{
    size_t v = 42;
    cr_expect_eq(parse_size(STR_LIT("1M"), 1024, 1048576, &v), 0, "max inclusive");
    cr_expect_eq(v, 1048576);
    cr_expect_eq(parse_size(STR_LIT("1k"), 1024, 1048576, &v), 0, "min inclusive");
    cr_expect_eq(v, 1024);
    v = 42;
    cr_expect_eq(parse_size(STR_LIT("1025k"), 1024, 1048576, &v), ERR_TOOBIG);
    cr_expect_eq(parse_size(STR_LIT("1023"), 1024, 1048576, &v), ERR_TOOBIG);
    cr_expect_eq(parse_size(STR_LIT("1048577"), 1024, 1048576, &v), ERR_TOOBIG);
    cr_expect_eq(v, 42);
}

Test(parse_size, suffix_overflow_is_toobig)
{
    size_t v = 42;
    /* INT64_MAX / 1024 + 1 KiB would overflow int64 when multiplied. */
    cr_expect_eq(parse_size(STR_LIT("9007199254740992k"), 0, SIZE_MAX, &v), ERR_TOOBIG);
    cr_expect_eq(parse_size(STR_LIT("8796093022208M"), 0, SIZE_MAX, &v), ERR_TOOBIG);
    cr_expect_eq(parse_size(STR_LIT("99999999999999999999999k"), 0, SIZE_MAX, &v), ERR_TOOBIG);
    cr_expect_eq(v, 42);
    cr_expect_eq(parse_size(STR_LIT("9007199254740991k"), 0, SIZE_MAX, &v), 0);
    cr_expect_eq(v, (size_t)9007199254740991 * 1024);
}
