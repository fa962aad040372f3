/* metrics.c: per-route request counters and latency histograms (see metrics.h). */
#include "core/common.h"

#include <stdatomic.h>

#include "core/metrics.h"
#include "http/metrics.h"

#define N_METHODS 8 /* the 7 methods of enum http_method, then "other" */
#define N_CLASSES 5 /* 1xx .. 5xx */

/* Upper bounds of the latency buckets in microseconds (Prometheus default buckets); +Inf implied.
 */
static const uint64_t lat_le_us[] = {5000,   10000,   25000,   50000,   100000,  250000,
                                     500000, 1000000, 2500000, 5000000, 10000000};
#define N_LAT_LE (sizeof(lat_le_us) / sizeof(lat_le_us[0]))

static const char *const method_names[N_METHODS] = {"GET",   "HEAD",   "POST",    "PUT",
                                                    "PATCH", "DELETE", "OPTIONS", "other"};

struct slot {
    atomic_uint_fast64_t count[N_METHODS][N_CLASSES];
    atomic_uint_fast64_t lat[N_LAT_LE + 1]; /* non-cumulative; the last one is above all bounds */
    atomic_uint_fast64_t lat_sum_us;
};

struct http_metrics {
    const struct route *tbl;
    size_t n;            /* routes; slot n is "unmatched" */
    struct slot slots[]; /* n + 1 */
};

struct http_metrics *http_metrics_new(const struct route *tbl, size_t n)
{
    struct http_metrics *m = calloc(1, sizeof(*m) + (n + 1) * sizeof(struct slot));
    if (m == NULL)
        return NULL;
    m->tbl = tbl;
    m->n = n;
    return m;
}

void http_metrics_free(struct http_metrics *m)
{
    free(m);
}

static size_t method_index(enum http_method method)
{
    for (size_t i = 0; i < N_METHODS - 1; i++)
        if ((unsigned)method == (1u << i))
            return i;
    return N_METHODS - 1;
}

void http_metrics_observe(struct http_metrics *m, const struct route *rt, enum http_method method,
                          int status, int64_t ns)
{
    if (m == NULL || status < 100 || status > 599)
        return;
    size_t si = m->n;
    if (rt != NULL && rt >= m->tbl && rt < m->tbl + m->n)
        si = (size_t)(rt - m->tbl);
    struct slot *s = &m->slots[si];
    atomic_fetch_add_explicit(&s->count[method_index(method)][status / 100 - 1], 1,
                              memory_order_relaxed);
    uint64_t us = ns > 0 ? (uint64_t)ns / 1000 : 0;
    size_t b = 0;
    while (b < N_LAT_LE && us > lat_le_us[b])
        b++;
    atomic_fetch_add_explicit(&s->lat[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->lat_sum_us, us, memory_order_relaxed);
}

/* {route="<pattern>",method="<name>"  (no closing brace) */
static int labels(struct buf *b, const char *family, const char *suffix, const char *route,
                  const char *method)
{
    int rc = buf_printf(b, "%s%s{route=", family, suffix);
    if (rc == 0)
        rc = metrics_label(b, route);
    if (rc == 0)
        rc = buf_printf(b, ",method=\"%s\"", method);
    return rc;
}

static const char *slot_route(const struct http_metrics *m, size_t si)
{
    return si < m->n ? m->tbl[si].pattern : "unmatched";
}

static int render_counts(const struct http_metrics *m, struct buf *b)
{
    static const char fam[] = "regie_http_requests_total";
    int rc = buf_printf(b,
                        "# HELP %s HTTP requests by route template, method and status class.\n"
                        "# TYPE %s counter\n",
                        fam, fam);
    for (size_t si = 0; rc == 0 && si <= m->n; si++)
        for (size_t mi = 0; rc == 0 && mi < N_METHODS; mi++)
            for (size_t c = 0; rc == 0 && c < N_CLASSES; c++) {
                uint64_t v = atomic_load_explicit(&m->slots[si].count[mi][c], memory_order_relaxed);
                if (v == 0)
                    continue;
                rc = labels(b, fam, "", slot_route(m, si), method_names[mi]);
                if (rc == 0)
                    rc = buf_printf(b, ",status=\"%zuxx\"} %" PRIu64 "\n", c + 1, v);
            }
    return rc;
}

static int render_latency(const struct http_metrics *m, struct buf *b)
{
    static const char fam[] = "regie_http_request_duration_seconds";
    int rc = buf_printf(b,
                        "# HELP %s Time from the first byte of a request to its completion, "
                        "by route template.\n# TYPE %s histogram\n",
                        fam, fam);
    for (size_t si = 0; rc == 0 && si <= m->n; si++) {
        const struct slot *s = &m->slots[si];
        uint64_t v[N_LAT_LE + 1], total = 0;
        for (size_t i = 0; i <= N_LAT_LE; i++) {
            v[i] = atomic_load_explicit(&s->lat[i], memory_order_relaxed);
            total += v[i];
        }
        if (total == 0)
            continue;
        const char *method = si < m->n ? method_names[method_index(m->tbl[si].method)] : "any";
        uint64_t cum = 0;
        for (size_t i = 0; rc == 0 && i <= N_LAT_LE; i++) {
            cum += v[i];
            rc = labels(b, fam, "_bucket", slot_route(m, si), method);
            if (rc == 0 && i < N_LAT_LE)
                rc = buf_printf(b, ",le=\"%g\"} %" PRIu64 "\n", (double)lat_le_us[i] / 1e6, cum);
            else if (rc == 0)
                rc = buf_printf(b, ",le=\"+Inf\"} %" PRIu64 "\n", cum);
        }
        if (rc == 0)
            rc = labels(b, fam, "_sum", slot_route(m, si), method);
        if (rc == 0)
            rc = buf_printf(b, "} %.6f\n",
                            (double)atomic_load_explicit(&s->lat_sum_us, memory_order_relaxed) /
                                1e6);
        if (rc == 0)
            rc = labels(b, fam, "_count", slot_route(m, si), method);
        if (rc == 0)
            rc = buf_printf(b, "} %" PRIu64 "\n", cum);
    }
    return rc;
}

int http_metrics_render(const struct http_metrics *m, int inflight, struct buf *b)
{
    int rc = render_counts(m, b);
    if (rc == 0)
        rc = render_latency(m, b);
    if (rc == 0)
        rc = buf_printf(b,
                        "# HELP regie_http_requests_in_flight Requests being handled now.\n"
                        "# TYPE regie_http_requests_in_flight gauge\n"
                        "regie_http_requests_in_flight %d\n",
                        inflight);
    if (rc == 0)
        rc = metrics_render_process(b);
    return rc;
}
