/* metrics.h: per-route request metrics for `GET /metrics` on the separate metrics listener
 * (server.c). A request is counted under its route's path template (the route table's pattern,
 * never the concrete path, so no id ever becomes a label), its method and its status class;
 * durations go into a fixed-bucket histogram per route. Requests that match no route are counted
 * under route="unmatched". Lock-free: the counters are C11 atomics updated with relaxed order. */
#ifndef REGIE_HTTP_METRICS_H
#define REGIE_HTTP_METRICS_H

#include "core/common.h"
#include "core/buf.h"
#include "http/router.h"

struct http_metrics;

/* Counters for a route table of n routes (plus the "unmatched" slot). Caller frees with
 * http_metrics_free. NULL on allocation failure. */
struct http_metrics *http_metrics_new(const struct route *tbl, size_t n);

/* NULL is a no-op. */
void http_metrics_free(struct http_metrics *m);

/* Counts one finished request: rt is the matched route of the table (NULL: unmatched), method
 * the request's method (0: unknown), status the HTTP status sent (< 100: nothing was sent, not
 * counted), ns its duration. Thread-safe. */
void http_metrics_observe(struct http_metrics *m, const struct route *rt, enum http_method method,
                          int status, int64_t ns);

/* Appends the whole exposition (per-route families, in-flight requests and the process-wide
 * families of core/metrics.h) to b. ERR_TOOBIG when b's ceiling is hit. */
int http_metrics_render(const struct http_metrics *m, int inflight, struct buf *b) WUR;

#endif
