/* disclosure.h: statistical disclosure control of a two-way frequency table with margins, for
 * the council figures (REQ-PRIV-17, docs/figures.md). Pure C, no I/O, no allocation.
 *
 * The table is rows x cols inner counts plus a total column, a total row and the grand total.
 * disc_protect decides, for every cell including the margins:
 *   - primary suppression: every true value 1 .. threshold-1 is suppressed (a zero is published
 *     as "0": it says nobody, and zeros are never used to hide other cells, see below);
 *   - complementary suppression: the table is a bipartite graph (row vertices 0..rows, where
 *     rows is the total row; column vertices 0..cols, where cols is the total column) whose
 *     edges are the suppressed cells. A suppressed cell whose edge is a bridge (on no cycle)
 *     follows exactly from the published cells by the row and column sums; for the first such
 *     cell (row-major order) the cheapest path between its two vertices that avoids it is found
 *     (Dijkstra; a suppressed cell costs 0, a published positive cell its value, a zero cell is
 *     never taken; ties go to the lower vertex index), and every published cell on that path is
 *     suppressed too. Repeated until no suppressed cell is a bridge (a fixpoint: each round adds
 *     at least one cell, so at most (rows+1)(cols+1) rounds).
 *   - rounding: every published value is rounded to the nearest multiple of `rounding` (halves
 *     up); margins are rounded on their own, so published rows need not add up.
 * Every suppressed cell then lies on a cycle of suppressed cells whose values are all >= 1, so
 * moving +1/-1 around that cycle gives another non-negative table with the same published
 * cells: no suppressed value can be derived exactly, not even with the knowledge that counts are
 * never negative. Limits: this is about exact recovery; a suppressed value can still be bounded
 * (e.g. "at most 14") from the margins, and rounding is not taken into account (the worst case,
 * unrounded margins, is assumed). Thread-safety: functions are reentrant. */
#ifndef REGIE_APP_DISCLOSURE_H
#define REGIE_APP_DISCLOSURE_H

#include "core/common.h"
#include "core/err.h"

#define DISC_MAX_ROWS 64
#define DISC_MAX_COLS 16

enum disc_state {
    DISC_PUBLISHED = 0,
    DISC_PRIMARY = 1,   /* below the threshold */
    DISC_SECONDARY = 2, /* suppressed so that a primary cell cannot be derived */
};

/* v[r][c] for r < rows, c < cols are the inner counts (>= 0); v[r][cols] the row totals,
 * v[rows][c] the column totals, v[rows][cols] the grand total (filled by disc_totals).
 * shown[r][c] is the published (rounded) value, or -1 when suppressed. */
struct disc_table {
    size_t rows, cols;
    int64_t v[DISC_MAX_ROWS + 1][DISC_MAX_COLS + 1];
    uint8_t state[DISC_MAX_ROWS + 1][DISC_MAX_COLS + 1];
    int64_t shown[DISC_MAX_ROWS + 1][DISC_MAX_COLS + 1];
};

/* Computes the margins from the inner counts. */
void disc_totals(struct disc_table *t);

/* v rounded to the nearest multiple of base (halves up); base <= 1 returns v. */
int64_t disc_round(int64_t v, int64_t base);

/* Computes the margins, then applies the rules above and fills state and shown.
 * ERR_INVAL: rows or cols outside 1..DISC_MAX_*, a negative count, threshold < 1, rounding < 1,
 * or a count above 10^12 (nothing is changed then). */
int disc_protect(struct disc_table *t, int64_t threshold, int64_t rounding) WUR;

/* True when a suppressed cell's edge is a bridge of the suppressed-cell graph (for tests: after
 * disc_protect this is false for every cell). */
bool disc_is_bridge(const struct disc_table *t, size_t r, size_t c);

#endif
