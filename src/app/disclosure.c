/* disclosure.c: primary and complementary cell suppression and rounding of a two-way table with
 * margins (see disclosure.h and docs/figures.md for the rules and their limits). */
#include "core/common.h"

#include "app/disclosure.h"

#define NV (DISC_MAX_ROWS + 1 + DISC_MAX_COLS + 1)
#define VALUE_MAX 1000000000000LL

void disc_totals(struct disc_table *t)
{
    size_t R = t->rows, C = t->cols;
    for (size_t r = 0; r <= R; r++)
        t->v[r][C] = 0;
    for (size_t c = 0; c <= C; c++)
        t->v[R][c] = 0;
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < C; c++) {
            t->v[r][C] += t->v[r][c];
            t->v[R][c] += t->v[r][c];
            t->v[R][C] += t->v[r][c];
        }
}

int64_t disc_round(int64_t v, int64_t base)
{
    if (base <= 1)
        return v;
    return ((v + base / 2) / base) * base;
}

static bool hidden(const struct disc_table *t, size_t r, size_t c)
{
    return t->state[r][c] != DISC_PUBLISHED;
}

/* ---- bridges of the suppressed-cell graph (Tarjan's low-link) --------------------------------
 * Vertex r (0..rows) is a row, vertex rows+1+c (c in 0..cols) a column. */

struct tarjan {
    const struct disc_table *t;
    int disc[NV], low[NV];
    int timer;
    bool bridge[DISC_MAX_ROWS + 1][DISC_MAX_COLS + 1];
};

static void cell_of(const struct disc_table *t, size_t u, size_t w, size_t *r, size_t *c)
{
    size_t R = t->rows;
    if (u <= R) {
        *r = u;
        *c = w - R - 1;
    } else {
        *r = w;
        *c = u - R - 1;
    }
}

static void tarjan_dfs(struct tarjan *g, size_t u, size_t parent)
{
    const struct disc_table *t = g->t;
    size_t R = t->rows, C = t->cols;
    g->disc[u] = g->low[u] = ++g->timer;
    size_t first = u <= R ? R + 1 : 0, last = u <= R ? R + 1 + C : R;
    for (size_t w = first; w <= last; w++) {
        size_t r, c;
        cell_of(t, u, w, &r, &c);
        if (!hidden(t, r, c) || w == parent)
            continue; /* no parallel edges: one cell per (row, column) pair */
        if (g->disc[w] == 0) {
            tarjan_dfs(g, w, u);
            if (g->low[w] < g->low[u])
                g->low[u] = g->low[w];
            if (g->low[w] > g->disc[u])
                g->bridge[r][c] = true;
        } else if (g->disc[w] < g->low[u]) {
            g->low[u] = g->disc[w];
        }
    }
}

static void bridges(const struct disc_table *t, struct tarjan *g)
{
    memset(g, 0, sizeof(*g));
    g->t = t;
    size_t nv = t->rows + 1 + t->cols + 1;
    for (size_t u = 0; u < nv; u++)
        if (g->disc[u] == 0)
            tarjan_dfs(g, u, SIZE_MAX);
}

bool disc_is_bridge(const struct disc_table *t, size_t r, size_t c)
{
    if (r > t->rows || c > t->cols || !hidden(t, r, c))
        return false;
    struct tarjan *g = malloc(sizeof(*g));
    if (g == NULL)
        return true; /* fail safe: callers treat it as unprotected */
    bridges(t, g);
    bool b = g->bridge[r][c];
    free(g);
    return b;
}

/* ---- the cheapest path that closes a cycle ----------------------------------------------------
 * From the row/column vertex a to b without the cell (er, ec): suppressed cells cost 0,
 * published positive cells their value, zero cells are not used. Every published cell on the
 * path is suppressed. Returns false when there is no such path (cannot happen for a positive
 * cell: see disclosure.h; the caller then suppresses the whole table, fail safe). */
static bool close_cycle(struct disc_table *t, size_t er, size_t ec)
{
    size_t R = t->rows, C = t->cols, nv = R + 1 + C + 1;
    int64_t dist[NV];
    size_t prev[NV];
    bool done[NV];
    size_t a = er, b = R + 1 + ec;
    for (size_t v = 0; v < nv; v++) {
        dist[v] = INT64_MAX;
        prev[v] = SIZE_MAX;
        done[v] = false;
    }
    dist[a] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t v = 0; v < nv; v++)
            if (!done[v] && dist[v] != INT64_MAX && (u == SIZE_MAX || dist[v] < dist[u]))
                u = v;
        if (u == SIZE_MAX || u == b)
            break;
        done[u] = true;
        size_t first = u <= R ? R + 1 : 0, last = u <= R ? R + 1 + C : R;
        for (size_t w = first; w <= last; w++) {
            size_t r, c;
            cell_of(t, u, w, &r, &c);
            if (done[w] || (r == er && c == ec))
                continue;
            int64_t cost;
            if (hidden(t, r, c))
                cost = 0;
            else if (t->v[r][c] > 0)
                cost = t->v[r][c];
            else
                continue;
            if (dist[u] + cost < dist[w]) {
                dist[w] = dist[u] + cost;
                prev[w] = u;
            }
        }
    }
    if (dist[b] == INT64_MAX)
        return false;
    for (size_t w = b; w != a; w = prev[w]) {
        size_t r, c;
        cell_of(t, prev[w], w, &r, &c);
        if (!hidden(t, r, c))
            t->state[r][c] = DISC_SECONDARY;
    }
    return true;
}

int disc_protect(struct disc_table *t, int64_t threshold, int64_t rounding)
{
    if (t->rows < 1 || t->rows > DISC_MAX_ROWS || t->cols < 1 || t->cols > DISC_MAX_COLS ||
        threshold < 1 || rounding < 1)
        return ERR_INVAL;
    for (size_t r = 0; r < t->rows; r++)
        for (size_t c = 0; c < t->cols; c++)
            if (t->v[r][c] < 0 || t->v[r][c] > VALUE_MAX)
                return ERR_INVAL;
    disc_totals(t);
    size_t R = t->rows, C = t->cols;
    for (size_t r = 0; r <= R; r++)
        for (size_t c = 0; c <= C; c++)
            t->state[r][c] =
                t->v[r][c] > 0 && t->v[r][c] < threshold ? DISC_PRIMARY : DISC_PUBLISHED;
    struct tarjan *g = malloc(sizeof(*g));
    if (g == NULL)
        return ERR_NOMEM;
    bool safe = true;
    for (size_t round = 0; round <= (R + 1) * (C + 1) && safe; round++) {
        bridges(t, g);
        size_t br = SIZE_MAX, bc = SIZE_MAX;
        for (size_t r = 0; r <= R && br == SIZE_MAX; r++)
            for (size_t c = 0; c <= C && br == SIZE_MAX; c++)
                if (hidden(t, r, c) && g->bridge[r][c]) {
                    br = r;
                    bc = c;
                }
        if (br == SIZE_MAX)
            break;
        safe = close_cycle(t, br, bc);
    }
    bridges(t, g);
    for (size_t r = 0; r <= R && safe; r++)
        for (size_t c = 0; c <= C; c++)
            safe = safe && !(hidden(t, r, c) && g->bridge[r][c]);
    free(g);
    /* Fail safe (not reachable for valid tables): hide every non-zero cell. */
    for (size_t r = 0; r <= R && !safe; r++)
        for (size_t c = 0; c <= C; c++)
            if (t->v[r][c] > 0 && t->state[r][c] == DISC_PUBLISHED)
                t->state[r][c] = DISC_SECONDARY;
    for (size_t r = 0; r <= R; r++)
        for (size_t c = 0; c <= C; c++)
            t->shown[r][c] = hidden(t, r, c) ? -1 : disc_round(t->v[r][c], rounding);
    return 0;
}
