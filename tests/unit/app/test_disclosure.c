/* test_disclosure.c: the disclosure control of the council figures (src/app/disclosure.c).
 * A property test over 10,000 seeded random tables checks, with an oracle written apart from
 * the production code (a depth-first search for an alternating cycle through each suppressed
 * cell, not Tarjan's low-link), that no published cell is below the threshold and that no
 * suppressed cell can be recovered exactly from the published cells; plus hand-made tables. */
#include <criterion/criterion.h>

#include "app/disclosure.h"

#define T_MAX_R (DISC_MAX_ROWS + 1)
#define T_MAX_C (DISC_MAX_COLS + 1)

/* ---- a seeded PRNG (xorshift64*) ----------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int64_t rng_between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* Counts skewed toward small values, zeros included. */
static int64_t small_count(void)
{
    int64_t p = rng_between(0, 99);
    if (p < 30)
        return 0;
    if (p < 70)
        return rng_between(1, 12);
    if (p < 90)
        return rng_between(1, 30);
    return rng_between(1, 200);
}

/* ---- the oracle --------------------------------------------------------------------------------
 * The published cells fix every row sum and column sum of the table with margins. A suppressed
 * cell is free (not uniquely determined) iff it lies on an alternating cycle of suppressed cells:
 * row -> column along a suppressed cell of that row, column -> row along a suppressed cell of
 * that column. Moving +1/-1 around such a cycle keeps every published cell and, when all
 * suppressed values are >= 1, keeps the table non-negative. */

static bool sup(const struct disc_table *t, size_t r, size_t c)
{
    return t->shown[r][c] < 0;
}

/* Is there a path from row r0 to column c0 over suppressed cells other than (r0, c0)? */
static bool on_cycle(const struct disc_table *t, size_t r0, size_t c0)
{
    size_t nr = t->rows + 1, nc = t->cols + 1;
    bool seen_row[T_MAX_R] = {false}, seen_col[T_MAX_C] = {false};
    /* stack of (is_row, index) */
    size_t stack[T_MAX_R + T_MAX_C][2];
    size_t sp = 0;
    stack[sp][0] = 1;
    stack[sp][1] = r0;
    sp++;
    seen_row[r0] = true;
    while (sp > 0) {
        sp--;
        bool is_row = stack[sp][0] == 1;
        size_t x = stack[sp][1];
        if (is_row) {
            for (size_t c = 0; c < nc; c++) {
                if (!sup(t, x, c) || (x == r0 && c == c0))
                    continue;
                if (c == c0)
                    return true;
                if (!seen_col[c]) {
                    seen_col[c] = true;
                    stack[sp][0] = 0;
                    stack[sp][1] = c;
                    sp++;
                }
            }
        } else {
            for (size_t r = 0; r < nr; r++) {
                if (!sup(t, r, x) || (r == r0 && x == c0) || seen_row[r])
                    continue;
                seen_row[r] = true;
                stack[sp][0] = 1;
                stack[sp][1] = r;
                sp++;
            }
        }
    }
    return false;
}

struct verdict {
    size_t published_small; /* published cells with a true value 1 .. threshold-1 */
    size_t recoverable;     /* suppressed cells on no alternating cycle */
    size_t suppressed_zero; /* suppressed cells with value 0 (would break non-negativity) */
    size_t bad_rounding;    /* published values not a multiple of rounding or off by more */
    size_t wrong_margins;   /* a margin that is not the sum of its cells */
};

static struct verdict check(const struct disc_table *t, int64_t threshold, int64_t rounding)
{
    struct verdict v = {0};
    size_t R = t->rows, C = t->cols;
    for (size_t r = 0; r < R; r++) {
        int64_t s = 0;
        for (size_t c = 0; c < C; c++)
            s += t->v[r][c];
        v.wrong_margins += s != t->v[r][C];
    }
    for (size_t c = 0; c < C; c++) {
        int64_t s = 0;
        for (size_t r = 0; r < R; r++)
            s += t->v[r][c];
        v.wrong_margins += s != t->v[R][c];
    }
    for (size_t r = 0; r <= R; r++)
        for (size_t c = 0; c <= C; c++) {
            int64_t x = t->v[r][c];
            if (sup(t, r, c)) {
                v.recoverable += !on_cycle(t, r, c);
                v.suppressed_zero += x == 0;
            } else {
                v.published_small += x > 0 && x < threshold;
                int64_t d = t->shown[r][c] - x;
                v.bad_rounding +=
                    t->shown[r][c] % rounding != 0 || d > rounding / 2 || -d > rounding / 2;
            }
        }
    return v;
}

static struct disc_table *table_new(size_t rows, size_t cols)
{
    struct disc_table *t = calloc(1, sizeof(*t));
    cr_assert_not_null(t);
    t->rows = rows;
    t->cols = cols;
    return t;
}

Test(disclosure, property_10000_random_tables)
{
    struct disc_table *t = table_new(1, 1);
    struct disc_table *again = table_new(1, 1);
    struct verdict sum = {0};
    size_t n_suppressed = 0, n_secondary = 0, n_published = 0;
    rng_state = 0x5EED5EED12345678ULL;
    for (int i = 0; i < 10000; i++) {
        memset(t, 0, sizeof(*t));
        t->rows = (size_t)rng_between(1, 12);
        t->cols = (size_t)rng_between(1, 8);
        for (size_t r = 0; r < t->rows; r++)
            for (size_t c = 0; c < t->cols; c++)
                t->v[r][c] = small_count();
        int64_t threshold = i % 4 == 0 ? rng_between(3, 25) : 10;
        int64_t rounding = 5;
        memcpy(again, t, sizeof(*t));
        cr_assert_eq(disc_protect(t, threshold, rounding), 0);
        cr_assert_eq(disc_protect(again, threshold, rounding), 0);
        cr_assert(memcmp(t->shown, again->shown, sizeof(t->shown)) == 0, "deterministic");
        struct verdict v = check(t, threshold, rounding);
        sum.published_small += v.published_small;
        sum.recoverable += v.recoverable;
        sum.suppressed_zero += v.suppressed_zero;
        sum.bad_rounding += v.bad_rounding;
        sum.wrong_margins += v.wrong_margins;
        for (size_t r = 0; r <= t->rows; r++)
            for (size_t c = 0; c <= t->cols; c++) {
                n_suppressed += t->shown[r][c] < 0;
                n_secondary += t->state[r][c] == DISC_SECONDARY;
                n_published += t->shown[r][c] > 0;
            }
    }
    cr_expect_eq(sum.published_small, 0, "published cells below the threshold: %zu",
                 sum.published_small);
    cr_expect_eq(sum.recoverable, 0, "suppressed cells recoverable from the margins: %zu",
                 sum.recoverable);
    cr_expect_eq(sum.suppressed_zero, 0, "suppressed zeros: %zu", sum.suppressed_zero);
    cr_expect_eq(sum.bad_rounding, 0, "badly rounded cells: %zu", sum.bad_rounding);
    cr_expect_eq(sum.wrong_margins, 0);
    /* the generator exercises every rule */
    cr_expect_gt(n_suppressed, 1000);
    cr_expect_gt(n_secondary, 1000);
    cr_expect_gt(n_published, 1000);
    free(t);
    free(again);
}

/* A larger table, as a region with many municipalities gives. */
Test(disclosure, property_large_tables)
{
    struct disc_table *t = table_new(1, 1);
    rng_state = 42;
    for (int i = 0; i < 200; i++) {
        memset(t, 0, sizeof(*t));
        t->rows = (size_t)rng_between(20, DISC_MAX_ROWS);
        t->cols = (size_t)rng_between(4, DISC_MAX_COLS);
        for (size_t r = 0; r < t->rows; r++)
            for (size_t c = 0; c < t->cols; c++)
                t->v[r][c] = small_count();
        cr_assert_eq(disc_protect(t, 10, 5), 0);
        struct verdict v = check(t, 10, 5);
        cr_assert_eq(v.published_small + v.recoverable + v.suppressed_zero + v.bad_rounding, 0);
    }
    free(t);
}

/* One small cell in a row: its row total is published, so a partner in the same row (and in the
 * same column) must be suppressed too. */
Test(disclosure, one_small_cell_gets_a_partner)
{
    struct disc_table *t = table_new(3, 3);
    int64_t v[3][3] = {{3, 20, 30}, {40, 25, 50}, {45, 60, 35}};
    for (size_t r = 0; r < 3; r++)
        for (size_t c = 0; c < 3; c++)
            t->v[r][c] = v[r][c];
    cr_assert_eq(disc_protect(t, 10, 5), 0);
    cr_assert_eq(t->state[0][0], DISC_PRIMARY);
    size_t in_row = 0, in_col = 0;
    for (size_t c = 1; c < 3; c++)
        in_row += t->shown[0][c] < 0;
    for (size_t r = 1; r < 3; r++)
        in_col += t->shown[r][0] < 0;
    cr_assert_geq(in_row, 1, "a partner in the same row");
    cr_assert_geq(in_col, 1, "a partner in the same column");
    /* the cheapest partners: 20 in the row, 40 in the column, and 25 closes the rectangle */
    cr_assert_eq(t->state[0][1], DISC_SECONDARY);
    cr_assert_eq(t->state[1][0], DISC_SECONDARY);
    cr_assert_eq(t->state[1][1], DISC_SECONDARY);
    cr_assert_eq(t->shown[2][2], 35);
    cr_assert_eq(t->shown[3][3], disc_round(308, 5));
    struct verdict vd = check(t, 10, 5);
    cr_assert_eq(vd.recoverable, 0);
    free(t);
}

/* A bridge between two cycles: the connecting cell is derivable until the algorithm closes a
 * cycle through it. */
Test(disclosure, bridge_between_two_cycles_is_fixed)
{
    struct disc_table *t = table_new(4, 4);
    for (size_t r = 0; r < 4; r++)
        for (size_t c = 0; c < 4; c++)
            t->v[r][c] = 50;
    disc_totals(t);
    /* two 4-cycles of suppressed cells: rows 0,1 x cols 0,1 and rows 2,3 x cols 2,3, joined by
     * the single suppressed cell (1,2) */
    static const size_t cells[][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2},
                                      {2, 3}, {3, 2}, {3, 3}, {1, 2}};
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
        t->state[cells[i][0]][cells[i][1]] = DISC_PRIMARY;
    cr_assert(disc_is_bridge(t, 1, 2), "the joining cell is a bridge");
    cr_assert(!disc_is_bridge(t, 0, 0));
    for (size_t r = 0; r <= 4; r++)
        for (size_t c = 0; c <= 4; c++)
            t->shown[r][c] = t->state[r][c] ? -1 : t->v[r][c];
    cr_assert(!on_cycle(t, 1, 2), "the oracle agrees");
    cr_assert(on_cycle(t, 0, 0));

    /* the same pattern from small values: everything suppressed ends on a cycle */
    struct disc_table *u = table_new(4, 4);
    int64_t v[4][4] = {{4, 6, 50, 50}, {7, 3, 2, 50}, {50, 50, 5, 8}, {50, 50, 9, 1}};
    for (size_t r = 0; r < 4; r++)
        for (size_t c = 0; c < 4; c++)
            u->v[r][c] = v[r][c];
    cr_assert_eq(disc_protect(u, 10, 5), 0);
    for (size_t r = 0; r <= 4; r++)
        for (size_t c = 0; c <= 4; c++)
            cr_assert(!disc_is_bridge(u, r, c), "no bridge left at (%zu,%zu)", r, c);
    struct verdict vd = check(u, 10, 5);
    cr_assert_eq(vd.recoverable + vd.published_small, 0);
    free(t);
    free(u);
}

Test(disclosure, zeros_and_empty_rows)
{
    struct disc_table *t = table_new(3, 2);
    int64_t v[3][2] = {{0, 0}, {12, 30}, {0, 25}};
    for (size_t r = 0; r < 3; r++)
        for (size_t c = 0; c < 2; c++)
            t->v[r][c] = v[r][c];
    cr_assert_eq(disc_protect(t, 10, 5), 0);
    /* nothing below the threshold: every cell is published, rounded */
    cr_assert_eq(t->shown[0][0], 0);
    cr_assert_eq(t->shown[0][2], 0);
    cr_assert_eq(t->shown[1][0], 10);
    cr_assert_eq(t->shown[1][2], 40);
    cr_assert_eq(t->shown[3][2], 65);

    /* a one-cell table below the threshold: all four values hidden, none derivable */
    struct disc_table *one = table_new(1, 1);
    one->v[0][0] = 4;
    cr_assert_eq(disc_protect(one, 10, 5), 0);
    cr_assert(one->shown[0][0] < 0 && one->shown[0][1] < 0 && one->shown[1][0] < 0 &&
              one->shown[1][1] < 0);
    /* all-suppressed row */
    struct disc_table *w = table_new(2, 3);
    int64_t x[2][3] = {{1, 2, 3}, {40, 50, 60}};
    for (size_t r = 0; r < 2; r++)
        for (size_t c = 0; c < 3; c++)
            w->v[r][c] = x[r][c];
    cr_assert_eq(disc_protect(w, 10, 5), 0);
    struct verdict vd = check(w, 10, 5);
    cr_assert_eq(vd.recoverable + vd.published_small + vd.suppressed_zero, 0);
    free(t);
    free(one);
    free(w);
}

Test(disclosure, rounding_and_bad_input)
{
    cr_assert_eq(disc_round(12, 5), 10);
    cr_assert_eq(disc_round(13, 5), 15);
    cr_assert_eq(disc_round(10, 5), 10);
    cr_assert_eq(disc_round(0, 5), 0);
    cr_assert_eq(disc_round(7, 1), 7);
    struct disc_table *t = table_new(0, 1);
    cr_assert_eq(disc_protect(t, 10, 5), ERR_INVAL);
    t->rows = DISC_MAX_ROWS + 1;
    cr_assert_eq(disc_protect(t, 10, 5), ERR_INVAL);
    t->rows = 1;
    t->v[0][0] = -1;
    cr_assert_eq(disc_protect(t, 10, 5), ERR_INVAL);
    t->v[0][0] = 1;
    cr_assert_eq(disc_protect(t, 0, 5), ERR_INVAL);
    cr_assert_eq(disc_protect(t, 10, 0), ERR_INVAL);
    free(t);
}
