/* test_clock.c: core/clock through its public header: the injectable clock, RFC 3339 UTC
 * formatting and parsing, Europe/Amsterdam display across both DST switches, and calendar date
 * validation. Expected instants were computed independently (Python datetime/zoneinfo). */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/clock.h"
#include "core/err.h"

static void teardown(void)
{
    clock_use_real();
}

TestSuite(clock, .fini = teardown);

#define T_2026_11_28 INT64_C(1795881773123) /* 2026-11-28T16:02:53.123Z */

Test(clock, fixed_clock_and_advance)
{
    clock_set_fixed(T_2026_11_28);
    cr_expect_eq(clock_now_ms(), T_2026_11_28);
    cr_expect_eq(clock_now_ms(), T_2026_11_28, "a fixed clock does not move");
    clock_advance(1000);
    cr_expect_eq(clock_now_ms(), T_2026_11_28 + 1000);
    clock_advance(-500);
    cr_expect_eq(clock_now_ms(), T_2026_11_28 + 500);
    clock_set_fixed(0);
    cr_expect_eq(clock_now_ms(), 0);
}

Test(clock, use_real_returns_to_wall_time)
{
    clock_set_fixed(0);
    clock_use_real();
    int64_t now = clock_now_ms();
    /* After 2024-01-01 and before 2100-01-01: the real clock, not the fixed one. */
    cr_expect_gt(now, INT64_C(1704067200000));
    cr_expect_lt(now, INT64_C(4102444800000));
}

Test(clock, advance_on_real_clock_adds_an_offset_until_use_real)
{
    clock_use_real();
    int64_t before = clock_now_ms();
    clock_advance(INT64_C(86400000) * 365);
    int64_t moved = clock_now_ms();
    cr_expect_geq(moved - before, INT64_C(86400000) * 365);
    cr_expect_lt(moved - before, INT64_C(86400000) * 366);
    clock_use_real();
    int64_t back = clock_now_ms();
    cr_expect_lt(back - before, INT64_C(86400000), "offset cleared");
}

Test(clock, mono_does_not_go_backwards)
{
    int64_t a = clock_mono_ns();
    int64_t b = clock_mono_ns();
    cr_expect_geq(b, a);
}

static void expect_utc(int64_t ms, const char *want)
{
    char out[32];
    cr_expect_str_eq(clock_fmt_utc(ms, out, sizeof(out)), want, "ms=%" PRId64, ms);
}

Test(clock, fmt_utc_known_instants)
{
    expect_utc(0, "1970-01-01T00:00:00.000Z");
    expect_utc(T_2026_11_28, "2026-11-28T16:02:53.123Z");
    expect_utc(1, "1970-01-01T00:00:00.001Z");
    expect_utc(86399999, "1970-01-01T23:59:59.999Z");
    expect_utc(INT64_C(951782400000), "2000-02-29T00:00:00.000Z");
    expect_utc(INT64_C(1709164800000), "2024-02-29T00:00:00.000Z");
    expect_utc(INT64_C(253402300799999), "9999-12-31T23:59:59.999Z");
}

Test(clock, fmt_utc_before_1970)
{
    expect_utc(-1, "1969-12-31T23:59:59.999Z");
    expect_utc(-1000, "1969-12-31T23:59:59.000Z");
    expect_utc(-86400000, "1969-12-31T00:00:00.000Z");
    expect_utc(-86400001, "1969-12-30T23:59:59.999Z");
    expect_utc(INT64_C(-2208988800000), "1900-01-01T00:00:00.000Z");
}

Test(clock, fmt_utc_fits_in_25_bytes)
{
    char out[25];
    memset(out, 'x', sizeof(out));
    clock_fmt_utc(T_2026_11_28, out, sizeof(out));
    cr_expect_eq(strlen(out), 24);
}

static void expect_local(int64_t ms, const char *want)
{
    char out[32];
    char utc[32];
    cr_expect_str_eq(clock_fmt_local(ms, out, sizeof(out)), want, "at %s",
                     clock_fmt_utc(ms, utc, sizeof(utc)));
}

Test(clock, fmt_local_spring_forward)
{
    /* 2026-03-29 (last Sunday of March): 01:00Z, clocks go from 02:00 CET to 03:00 CEST. */
    expect_local(INT64_C(1774745999000), "29-03-2026 01:59"); /* 00:59:59Z, CET */
    expect_local(INT64_C(1774746000000), "29-03-2026 03:00"); /* 01:00:00Z, CEST */
    expect_local(INT64_C(1774745999999), "29-03-2026 01:59");
    expect_local(INT64_C(1774746000000) - 86400000, "28-03-2026 02:00"); /* the day before: CET */
}

Test(clock, fmt_local_fall_back)
{
    /* 2026-10-25 (last Sunday of October): 01:00Z, clocks go from 03:00 CEST back to 02:00 CET. */
    expect_local(INT64_C(1792889940000), "25-10-2026 02:59"); /* 00:59Z, CEST */
    expect_local(INT64_C(1792890000000), "25-10-2026 02:00"); /* 01:00Z, CET */
    expect_local(INT64_C(1792890000000) - 1, "25-10-2026 02:59");
    expect_local(INT64_C(1792890000000) + 86400000, "26-10-2026 02:00");
}

Test(clock, fmt_local_ordinary_dates)
{
    expect_local(INT64_C(1768478400000), "15-01-2026 13:00"); /* 12:00Z winter, +1 */
    expect_local(INT64_C(1784116800000), "15-07-2026 14:00"); /* 12:00Z summer, +2 */
    expect_local(T_2026_11_28, "28-11-2026 17:02");            /* the header's example */
    expect_local(INT64_C(1798759800000), "01-01-2027 00:30"); /* 2026-12-31T23:30Z: next year */
    expect_local(0, "01-01-1970 01:00");
}

Test(clock, fmt_local_other_years)
{
    /* 2024: last Sundays are March 31 and October 27. */
    expect_local(INT64_C(1711846800000) - 1, "31-03-2024 01:59");
    expect_local(INT64_C(1711846800000), "31-03-2024 03:00");
    expect_local(INT64_C(1729990800000) - 1, "27-10-2024 02:59");
    expect_local(INT64_C(1729990800000), "27-10-2024 02:00");
}

static int date(const char *s, int64_t *out)
{
    return clock_parse_date(s, strlen(s), out);
}

Test(clock, parse_date_valid)
{
    int64_t d = 0;
    cr_expect_eq(date("1970-01-01", &d), 0);
    cr_expect_eq(d, 0);
    cr_expect_eq(date("1969-12-31", &d), 0);
    cr_expect_eq(d, -1);
    cr_expect_eq(date("2024-02-29", &d), 0, "leap year");
    cr_expect_eq(d, 19782);
    cr_expect_eq(date("2000-02-29", &d), 0, "divisible by 400: leap year");
    cr_expect_eq(d, 11016);
    cr_expect_eq(date("2026-11-28", &d), 0);
    cr_expect_eq(d, 20785);
    cr_expect_eq(date("2026-12-31", &d), 0);
    cr_expect_eq(date("2026-04-30", &d), 0);
    cr_expect_eq(date("0001-01-01", &d), 0);
    cr_expect_eq(date("9999-12-31", &d), 0);
}

Test(clock, parse_date_invalid)
{
    const char *bad[] = {
        "2023-02-29", /* not a leap year */
        "1900-02-29", /* divisible by 100, not by 400 */
        "2024-02-30",
        "2026-13-01", /* month 13 */
        "2026-00-10", /* month 0 */
        "2026-01-00", /* day 0 */
        "2026-01-32",
        "2026-04-31",
        "2026-06-31",
        "2026-09-31",
        "2026-11-31",
        "0000-01-01", /* no year 0 */
        "2026-1-01",  /* wrong length */
        "2026-01-1",
        "26-01-01",
        "2026-01-011",
        "",
        "2026/01/01", /* separators */
        "2026.01.01",
        "2026-01/01",
        "20260101xx",
        "2026-0a-01",
        "2026- 1-01",
        "+026-01-01",
        "-026-01-01",
        "2026-01-01T",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        int64_t d = 42;
        cr_expect_eq(date(bad[i], &d), ERR_INVAL, "\"%s\"", bad[i]);
        cr_expect_eq(d, 42, "\"%s\" touched out", bad[i]);
    }
}

static int utc(const char *s, int64_t *out)
{
    return clock_parse_utc(s, strlen(s), out);
}

Test(clock, parse_utc_known_instants)
{
    int64_t ms = 0;
    cr_expect_eq(utc("2026-11-28T16:02:53.123Z", &ms), 0);
    cr_expect_eq(ms, T_2026_11_28);
    cr_expect_eq(utc("2026-11-28T16:02:53Z", &ms), 0, "milliseconds optional");
    cr_expect_eq(ms, T_2026_11_28 - 123);
    cr_expect_eq(utc("1970-01-01T00:00:00.000Z", &ms), 0);
    cr_expect_eq(ms, 0);
    cr_expect_eq(utc("1969-12-31T23:59:59.999Z", &ms), 0);
    cr_expect_eq(ms, -1);
}

Test(clock, parse_utc_invalid)
{
    const char *bad[] = {
        "",
        "2026-11-28",
        "2026-11-28T16:02:53",       /* no Z */
        "2026-11-28T16:02:53.123",   /* no Z */
        "2026-11-28 16:02:53Z",      /* space instead of T */
        "2026-11-28t16:02:53Z",
        "2026-11-28T16:02:53z",
        "2026-11-28T16:02:53+01:00", /* offsets are not accepted */
        "2026-11-28T24:00:00Z",
        "2026-11-28T23:60:00Z",
        "2026-11-28T23:59:60Z",      /* no leap seconds */
        "2026-11-28T16:02:53.12Z",
        "2026-11-28T16:02:53.1234Z",
        "2026-11-28T16:02:53,123Z",
        "2026-11-28T16-02-53Z",
        "2026-11-28T1a:02:53Z",
        "2023-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-28T16:02:53.12aZ",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        int64_t ms = 42;
        cr_expect_eq(utc(bad[i], &ms), ERR_INVAL, "\"%s\"", bad[i]);
        cr_expect_eq(ms, 42, "\"%s\" touched out", bad[i]);
    }
}

Test(clock, utc_round_trip)
{
    int64_t samples[] = {
        0, 1, 999, 1000, -1, -999, -1000, -86400001, T_2026_11_28, INT64_C(951782400000),
        INT64_C(1709164800000) - 1, INT64_C(1774746000000), INT64_C(1792890000000),
        INT64_C(-2208988800000), INT64_C(253402300799999), INT64_C(-62135596800000), /* 0001-01-01 */
    };
    for (size_t i = 0; i < ARRAY_LEN(samples); i++) {
        char s[32];
        int64_t back = 42;
        clock_fmt_utc(samples[i], s, sizeof(s));
        cr_expect_eq(clock_parse_utc(s, strlen(s), &back), 0, "%s", s);
        cr_expect_eq(back, samples[i], "%s -> %" PRId64, s, back);
    }
    /* A pseudo-random walk over 1970..2100 in uneven steps. */
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 2000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t ms = (int64_t)(x % UINT64_C(4102444800000));
        char s[32];
        int64_t back = 42;
        clock_fmt_utc(ms, s, sizeof(s));
        cr_assert_eq(clock_parse_utc(s, strlen(s), &back), 0, "%s", s);
        cr_assert_eq(back, ms, "%s", s);
    }
}

Test(clock, parse_date_agrees_with_fmt_utc)
{
    /* Every day from 1899 to 2101: formatting the midnight of day d and parsing its date part
     * gives d back. This checks leap-year handling across 1900 and 2000. */
    for (int64_t d = -25567; d <= 48213; d++) {
        char s[32];
        int64_t back = 42;
        clock_fmt_utc(d * 86400000, s, sizeof(s));
        cr_assert_eq(clock_parse_date(s, 10, &back), 0, "%s", s);
        cr_assert_eq(back, d, "%s", s);
    }
}

Test(clock, local_midnight_is_amsterdam_midnight)
{
    int64_t days;
    char buf[32];
    cr_assert_eq(clock_parse_date("2026-11-28", 10, &days), 0);
    cr_expect_str_eq(clock_fmt_utc(clock_local_midnight_ms(days), buf, sizeof(buf)),
                     "2026-11-27T23:00:00.000Z"); /* CET */
    cr_assert_eq(clock_parse_date("2026-07-01", 10, &days), 0);
    cr_expect_str_eq(clock_fmt_utc(clock_local_midnight_ms(days), buf, sizeof(buf)),
                     "2026-06-30T22:00:00.000Z"); /* CEST */
    cr_assert_eq(clock_parse_date("2026-03-29", 10, &days), 0); /* the day summer time starts */
    cr_expect_str_eq(clock_fmt_utc(clock_local_midnight_ms(days), buf, sizeof(buf)),
                     "2026-03-28T23:00:00.000Z");
    cr_assert_eq(clock_parse_date("2026-10-26", 10, &days), 0); /* the day after it ends */
    cr_expect_str_eq(clock_fmt_utc(clock_local_midnight_ms(days), buf, sizeof(buf)),
                     "2026-10-25T23:00:00.000Z");
}
