/* test_rights.c: the deadline arithmetic of the register of data-subject requests
 * (app/rights.h, docs/rights.md): received + 1 calendar month (AVG art. 12(3)), and + 1 or 2
 * more months after an extension; a day that does not exist in the target month becomes the
 * last day of that month (Regulation 1182/71 art. 3(2)(c)). Pure, no database. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/rights.h"
#include "core/clock.h"

static int64_t day(int y, int m, int d)
{
    return clock_days_from_civil(y, m, d);
}

Test(rights_deadline, one_calendar_month)
{
    cr_expect_eq(rights_deadline(day(2026, 3, 15), 0), day(2026, 4, 15));
    cr_expect_eq(rights_deadline(day(2026, 12, 10), 0), day(2027, 1, 10), "over the year end");
    cr_expect_eq(rights_deadline(day(2026, 1, 31), 0), day(2026, 2, 28), "31 Jan -> 28 Feb");
    cr_expect_eq(rights_deadline(day(2028, 1, 31), 0), day(2028, 2, 29), "leap year");
    cr_expect_eq(rights_deadline(day(2026, 3, 31), 0), day(2026, 4, 30), "31 Mar -> 30 Apr");
    cr_expect_eq(rights_deadline(day(2026, 2, 28), 0), day(2026, 3, 28));
}

Test(rights_deadline, extension_adds_to_the_received_date)
{
    /* From the received date, not from the clipped first deadline: 31 Jan + 3 months = 30 Apr,
     * not 28 Apr. */
    cr_expect_eq(rights_deadline(day(2026, 1, 31), 2), day(2026, 4, 30));
    cr_expect_eq(rights_deadline(day(2026, 1, 31), 1), day(2026, 3, 31));
    cr_expect_eq(rights_deadline(day(2026, 11, 30), 2), day(2027, 2, 28));
    cr_expect_eq(rights_deadline(day(2026, 5, 1), 2), day(2026, 8, 1));
}
