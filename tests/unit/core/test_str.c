/* test_str.c: core/str through its public header: UTF-8 validation (RFC 3629: overlongs,
 * surrogates, > U+10FFFF, truncation; control characters), code point counting and the inline
 * slice helpers. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/str.h"

struct utf8_case {
    const char *name;
    const char *bytes;
    size_t n;
    bool valid;
};

#define C(name, lit, ok) {name, lit, sizeof(lit) - 1, ok}

static const struct utf8_case utf8_cases[] = {
    C("empty", "", true),
    C("ascii", "hello, world", true),
    C("U+0080 (first 2-byte)", "\xC2\x80", true),
    C("U+00E9 e-acute", "caf\xC3\xA9", true),
    C("U+07FF (last 2-byte)", "\xDF\xBF", true),
    C("U+0800 (first 3-byte)", "\xE0\xA0\x80", true),
    C("U+20AC euro", "\xE2\x82\xAC", true),
    C("U+D7FF (before surrogates)", "\xED\x9F\xBF", true),
    C("U+E000 (after surrogates)", "\xEE\x80\x80", true),
    C("U+FFFD", "\xEF\xBF\xBD", true),
    C("U+FFFF", "\xEF\xBF\xBF", true),
    C("U+10000 (first 4-byte)", "\xF0\x90\x80\x80", true),
    C("U+1F600 emoji", "\xF0\x9F\x98\x80", true),
    C("U+10FFFF (last)", "\xF4\x8F\xBF\xBF", true),
    C("mixed", "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", true),

    C("overlong NUL C0 80", "\xC0\x80", false),
    C("overlong C1 BF", "\xC1\xBF", false),
    C("overlong '/' C0 AF", "\xC0\xAF", false),
    C("overlong E0 80 80", "\xE0\x80\x80", false),
    C("overlong E0 9F BF", "\xE0\x9F\xBF", false),
    C("overlong F0 80 80 80", "\xF0\x80\x80\x80", false),
    C("overlong F0 8F BF BF", "\xF0\x8F\xBF\xBF", false),
    C("surrogate ED A0 80 (U+D800)", "\xED\xA0\x80", false),
    C("surrogate ED BF BF (U+DFFF)", "\xED\xBF\xBF", false),
    C("surrogate pair CESU-8", "\xED\xA0\xBD\xED\xB8\x80", false),
    C("> U+10FFFF F4 90 80 80", "\xF4\x90\x80\x80", false),
    C("F5 lead", "\xF5\x80\x80\x80", false),
    C("F8 5-byte lead", "\xF8\x88\x80\x80\x80", false),
    C("FE", "\xFE", false),
    C("FF", "\xFF", false),
    C("lone continuation 80", "\x80", false),
    C("lone continuation BF in text", "ab\xBF" "cd", false),
    C("truncated 2-byte at end", "ab\xC3", false),
    C("truncated 3-byte at end (1 of 2)", "\xE2\x82", false),
    C("truncated 3-byte at end (0 of 2)", "\xE2", false),
    C("truncated 4-byte at end", "\xF0\x9F\x98", false),
    C("truncated 2-byte followed by ascii", "\xC3" "a", false),
    C("truncated 3-byte followed by ascii", "\xE2\x82" "a", false),
    C("truncated 4-byte followed by ascii", "\xF0\x9F\x98" "a", false),
    C("continuation missing in the middle", "\xE2\x28\xA1", false),
};

Test(str, utf8_valid_table)
{
    for (size_t i = 0; i < ARRAY_LEN(utf8_cases); i++) {
        const struct utf8_case *c = &utf8_cases[i];
        struct str s = {c->bytes, c->n};
        cr_expect_eq(str_utf8_valid(s, false), c->valid, "%s (allow_ctl=false)", c->name);
        cr_expect_eq(str_utf8_valid(s, true), c->valid, "%s (allow_ctl=true)", c->name);
    }
}

Test(str, utf8_valid_does_not_read_past_n)
{
    /* A valid 2-byte sequence cut by n is truncated, even though the byte after n would complete it. */
    const char buf[] = "a\xC3\xA9";
    cr_expect_not(str_utf8_valid((struct str){buf, 2}, true));
    cr_expect(str_utf8_valid((struct str){buf, 3}, true));
    cr_expect(str_utf8_valid((struct str){NULL, 0}, false));
}

Test(str, control_characters)
{
    /* Every C0 control except tab, LF and CR, plus DEL, is refused unless allow_ctl. */
    for (int c = 0; c < 0x20; c++) {
        char b[3] = {'a', (char)c, 'b'};
        bool ok_strict = c == '\t' || c == '\n' || c == '\r';
        cr_expect_eq(str_utf8_valid((struct str){b, 3}, false), ok_strict, "0x%02x strict", c);
        cr_expect(str_utf8_valid((struct str){b, 3}, true), "0x%02x allow_ctl", c);
    }
    cr_expect_not(str_utf8_valid(STR_LIT("a\x7F"), false), "DEL");
    cr_expect(str_utf8_valid(STR_LIT("a\x7F"), true), "DEL with allow_ctl");
    cr_expect_not(str_utf8_valid((struct str){"a\0b", 3}, false), "NUL");
    cr_expect(str_utf8_valid((struct str){"a\0b", 3}, true), "NUL with allow_ctl");
    /* Printable ASCII is always fine. */
    for (int c = 0x20; c < 0x7F; c++) {
        char b = (char)c;
        cr_expect(str_utf8_valid((struct str){&b, 1}, false), "0x%02x", c);
    }
}

Test(str, utf8_len_counts_code_points)
{
    cr_expect_eq(str_utf8_len(STR_NULL), 0);
    cr_expect_eq(str_utf8_len(STR_LIT("")), 0);
    cr_expect_eq(str_utf8_len(STR_LIT("abc")), 3);
    cr_expect_eq(str_utf8_len(STR_LIT("caf\xC3\xA9")), 4);
    cr_expect_eq(str_utf8_len(STR_LIT("\xE2\x82\xAC")), 1);
    cr_expect_eq(str_utf8_len(STR_LIT("\xF0\x9F\x98\x80")), 1);
    cr_expect_eq(str_utf8_len(STR_LIT("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z")), 5);
    cr_expect_eq(str_utf8_len(STR_LIT("\xF4\x8F\xBF\xBF\xC2\x80")), 2);
}

Test(str, slice_helpers)
{
    cr_expect(str_eq(STR_LIT("abc"), str_from_cstr("abc")));
    cr_expect_not(str_eq(STR_LIT("abc"), STR_LIT("abd")));
    cr_expect_not(str_eq(STR_LIT("abc"), STR_LIT("ab")));
    cr_expect(str_eq(STR_NULL, STR_LIT("")));
    cr_expect(str_eq_cstr((struct str){"abcdef", 3}, "abc"), "not NUL-terminated at n");
    cr_expect_eq(str_from_cstr(NULL).n, 0);
    cr_expect(str_starts_with(STR_LIT("/api/x"), STR_LIT("/api/")));
    cr_expect(str_starts_with(STR_LIT("x"), STR_NULL));
    cr_expect_not(str_starts_with(STR_LIT("/ap"), STR_LIT("/api")));
}

Test(str, copy_cuts_terminates_and_says_so)
{
    char d[6];
    memset(d, 'x', sizeof(d));
    cr_assert(str_copy(d, sizeof(d), "abc"));
    cr_assert_str_eq(d, "abc");
    cr_assert(str_copy(d, sizeof(d), "abcde")); /* exactly cap - 1 */
    cr_assert_str_eq(d, "abcde");
    cr_assert_not(str_copy(d, sizeof(d), "abcdef"));
    cr_assert_str_eq(d, "abcde");
    cr_assert(str_copy(d, sizeof(d), NULL));
    cr_assert_str_eq(d, "");
    char one[1] = {'x'};
    cr_assert_not(str_copy(one, 1, "a"));
    cr_assert_eq(one[0], '\0');
}
