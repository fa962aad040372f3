/* test_signal.c: the pure helpers of app/signal.c: working-day deadlines, the Amsterdam calendar
 * day, and the word splitter behind the keyed word index. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/signal.h"
#include "core/clock.h"

static int64_t day_of(const char *ymd)
{
    int64_t d = 0;
    cr_assert_eq(clock_parse_date(ymd, strlen(ymd), &d), 0);
    return d;
}

Test(signal, workdays_skip_weekends)
{
    /* 2026-11-27 is a Friday: five working days later is Friday 2026-12-04. */
    char out[11];
    signal_fmt_day(signal_add_workdays(day_of("2026-11-27"), 5, true), out);
    cr_expect_str_eq(out, "2026-12-04");
    /* From a Saturday, one working day is the Monday. */
    signal_fmt_day(signal_add_workdays(day_of("2026-11-28"), 1, true), out);
    cr_expect_str_eq(out, "2026-11-30");
    cr_expect_eq(signal_add_workdays(day_of("2026-11-30"), 0, true), day_of("2026-11-30"));
}

Test(signal, workdays_skip_general_holidays)
{
    /* Thursday 24 December 2026 + 1 working day: 25 (Fri) and 26 (Sat) are off: Monday 28th. */
    char out[11];
    signal_fmt_day(signal_add_workdays(day_of("2026-12-24"), 1, true), out);
    cr_expect_str_eq(out, "2026-12-28");
    signal_fmt_day(signal_add_workdays(day_of("2026-12-24"), 1, false), out);
    cr_expect_str_eq(out, "2026-12-25");
    /* Easter 2027 is 28 March: Easter Monday 29 March, Ascension 6 May, Whit Monday 17 May. */
    const char *off[] = {"2027-01-01", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06",
                         "2027-05-17", "2026-12-25", "2026-12-26", "2026-04-06", "2026-05-14",
                         "2026-05-25", "2026-04-27"};
    for (size_t i = 0; i < ARRAY_LEN(off); i++)
        cr_expect(signal_public_holiday(day_of(off[i])), "%s is a holiday", off[i]);
    const char *on[] = {"2027-03-26", "2027-04-26", "2026-12-24", "2026-12-27", "2027-05-07"};
    for (size_t i = 0; i < ARRAY_LEN(on); i++)
        cr_expect(!signal_public_holiday(day_of(on[i])), "%s is not a holiday", on[i]);
    /* King's Day 2025: the 27th was a Sunday, so the 26th. */
    cr_expect(signal_public_holiday(day_of("2025-04-26")));
    cr_expect(!signal_public_holiday(day_of("2025-04-27")));
}

Test(signal, today_follows_amsterdam_midnight)
{
    /* 23:30 UTC on 31 December is already 1 January in Amsterdam (UTC+1). */
    int64_t ms = 0;
    cr_assert_eq(clock_parse_utc("2026-12-31T23:30:00Z", 20, &ms), 0);
    clock_set_fixed(ms);
    char out[11];
    signal_fmt_day(signal_today(), out);
    cr_expect_str_eq(out, "2027-01-01");
    cr_assert_eq(clock_parse_utc("2026-07-01T21:59:00Z", 20, &ms), 0); /* 23:59 CEST */
    clock_set_fixed(ms);
    signal_fmt_day(signal_today(), out);
    cr_expect_str_eq(out, "2026-07-01");
    clock_use_real();
}

struct collected {
    char words[16][65];
    size_t n;
};

static void collect(void *ctx, const char *w, size_t n)
{
    struct collected *c = ctx;
    if (c->n < 16) {
        memcpy(c->words[c->n], w, n);
        c->words[c->n][n] = '\0';
        c->n++;
    }
}

Test(signal, words_are_lowercased_whole_words)
{
    struct collected c = {0};
    const char *text = "Hij zei: \"Vertrek naar Syrië!\" (a) 2026, e-mail";
    signal_words(text, strlen(text), collect, &c);
    const char *want[] = {"hij", "zei", "vertrek", "naar", "syrië", "2026", "mail"};
    cr_assert_eq(c.n, ARRAY_LEN(want), "%zu words", c.n);
    for (size_t i = 0; i < ARRAY_LEN(want); i++)
        cr_expect_str_eq(c.words[i], want[i]);
}

Test(signal, overlong_words_are_not_indexed)
{
    struct collected c = {0};
    char text[200];
    memset(text, 'a', 100);
    memcpy(text + 100, " kort", 6);
    signal_words(text, strlen(text), collect, &c);
    cr_assert_eq(c.n, 1);
    cr_expect_str_eq(c.words[0], "kort");
}
