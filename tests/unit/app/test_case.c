/* test_case.c: the calendar arithmetic behind the case timers (U6 = departure + 3 months, R1 =
 * RPS entry + 24 months, N1 = every 12 months, retention = closure + 5 years). */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/case.h"
#include "app/signal.h"
#include "core/clock.h"

static int64_t day_of(const char *ymd)
{
    int64_t d = 0;
    cr_assert_eq(clock_parse_date(ymd, strlen(ymd), &d), 0);
    return d;
}

static void expect_months(const char *from, int64_t months, const char *want)
{
    char out[11];
    signal_fmt_day(case_add_months(day_of(from), months), out);
    cr_expect_str_eq(out, want, "%s + %lld months", from, (long long)months);
}

Test(case, months_keep_the_day_of_the_month)
{
    expect_months("2026-08-15", 3, "2026-11-15");
    expect_months("2026-11-28", 3, "2027-02-28");
    expect_months("2026-11-28", 24, "2028-11-28");
    expect_months("2026-11-28", 60, "2031-11-28");
    expect_months("2026-01-01", 0, "2026-01-01");
}

Test(case, months_clamp_to_the_end_of_a_shorter_month)
{
    expect_months("2026-11-30", 3, "2027-02-28");
    expect_months("2027-11-30", 3, "2028-02-29"); /* leap year */
    expect_months("2026-01-31", 1, "2026-02-28");
    expect_months("2026-03-31", 1, "2026-04-30");
    expect_months("2024-02-29", 12, "2025-02-28");
    expect_months("2000-02-29", 48, "2004-02-29");
}

Test(case, months_cross_year_boundaries)
{
    expect_months("2026-10-15", 3, "2027-01-15");
    expect_months("2026-12-31", 12, "2027-12-31");
    expect_months("2026-12-31", 14, "2028-02-29");
}
