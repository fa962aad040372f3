/* test_dashboard.c: the percentile estimate behind the dashboard lead times (docs/dashboards.md):
 * linear interpolation between the closest ranks, h = (n - 1) * p / 100. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/dashboard.h"

static void expect_pct(const int64_t *v, size_t n, double p, double want)
{
    double got = app_dashboard_percentile(v, n, p);
    cr_expect(got > want - 1e-9 && got < want + 1e-9, "p%g of %zu values: %g, want %g", p, n, got,
              want);
}

Test(dashboard, one_value_is_every_percentile)
{
    const int64_t v[] = {7};
    expect_pct(v, 1, 25, 7);
    expect_pct(v, 1, 50, 7);
    expect_pct(v, 1, 75, 7);
}

Test(dashboard, even_count_interpolates)
{
    const int64_t v[] = {1, 2, 3, 4};
    expect_pct(v, 4, 50, 2.5);
    expect_pct(v, 4, 25, 1.75);
    expect_pct(v, 4, 75, 3.25);
    expect_pct(v, 4, 0, 1);
    expect_pct(v, 4, 100, 4);
}

Test(dashboard, odd_count_hits_a_value)
{
    const int64_t v[] = {0, 3, 10, 40, 41};
    expect_pct(v, 5, 50, 10);
    expect_pct(v, 5, 25, 3);
    expect_pct(v, 5, 75, 40);
}

Test(dashboard, ties_and_negative_spans)
{
    const int64_t v[] = {-2, 5, 5, 5, 90};
    expect_pct(v, 5, 50, 5);
    expect_pct(v, 5, 25, 5);
    expect_pct(v, 5, 10, -2 + 0.4 * 7);
}
