/* test_metrics.c: the pure part of GET /metrics (http/metrics.c, core/metrics.c): a request is
 * counted under its route's template, method and status class, its duration in the right
 * bucket (bounds inclusive), unmatched requests under route="unmatched", nothing below status
 * 100; label values are escaped; the commit batch histogram is cumulative. The listener itself
 * is tested over HTTP in tests/api/test_metrics.c. */
#include <criterion/criterion.h>

#include "core/common.h"
#include "core/metrics.h"
#include "http/metrics.h"

static int handler(struct http_req *req, struct http_resp *resp, struct err *e)
{
    (void)req;
    (void)resp;
    (void)e;
    return 0;
}

static const struct route tbl[] = {
    {HTTP_GET, "/api/cases/{id}", handler, "read", "case", 0, 0},
    {HTTP_POST, "/api/x\"y\\z", handler, "create", "case", 0, 0},
};

static char *render(struct http_metrics *m)
{
    struct buf b;
    buf_init(&b, 1u << 20);
    cr_assert_eq(http_metrics_render(m, 3, &b), 0);
    cr_assert_eq(buf_append(&b, "", 1), 0);
    size_t n;
    return buf_take(&b, &n);
}

Test(http_metrics, counts_per_template_method_and_class)
{
    struct http_metrics *m = http_metrics_new(tbl, 2);
    cr_assert_not_null(m);
    http_metrics_observe(m, &tbl[0], HTTP_GET, 200, 5000000);  /* exactly 5 ms: le 0.005 */
    http_metrics_observe(m, &tbl[0], HTTP_HEAD, 404, 6000000); /* 6 ms: le 0.01 */
    http_metrics_observe(m, &tbl[0], HTTP_GET, 0, 1000);       /* nothing sent: not counted */
    http_metrics_observe(m, NULL, HTTP_DELETE, 405, 1000);
    http_metrics_observe(m, &tbl[1], HTTP_POST, 503, 20000000000LL); /* 20 s: only +Inf */
    char *t = render(m);
    cr_expect(strstr(t, "regie_http_requests_total{route=\"/api/cases/{id}\",method=\"GET\","
                        "status=\"2xx\"} 1\n"));
    cr_expect(strstr(t, "regie_http_requests_total{route=\"/api/cases/{id}\",method=\"HEAD\","
                        "status=\"4xx\"} 1\n"));
    cr_expect(strstr(t, "regie_http_requests_total{route=\"unmatched\",method=\"DELETE\","
                        "status=\"4xx\"} 1\n"));
    cr_expect(strstr(t, "route=\"/api/x\\\"y\\\\z\",method=\"POST\",status=\"5xx\"} 1\n"),
              "label not escaped");
    cr_expect(strstr(t, "regie_http_request_duration_seconds_bucket{route=\"/api/cases/{id}\","
                        "method=\"GET\",le=\"0.005\"} 1\n"));
    cr_expect(strstr(t, "regie_http_request_duration_seconds_bucket{route=\"/api/cases/{id}\","
                        "method=\"GET\",le=\"0.01\"} 2\n"));
    cr_expect(strstr(t, "regie_http_request_duration_seconds_count{route=\"/api/cases/{id}\","
                        "method=\"GET\"} 2\n"));
    cr_expect(strstr(t, "method=\"POST\",le=\"10\"} 0\n"));
    cr_expect(strstr(t, "method=\"POST\",le=\"+Inf\"} 1\n"));
    cr_expect(strstr(t, "regie_http_requests_in_flight 3\n"));
    cr_expect_null(strstr(t, "status=\"0xx\""));
    free(t);
    http_metrics_free(m);
}

Test(http_metrics, commit_batch_histogram_is_cumulative)
{
    struct http_metrics *m = http_metrics_new(tbl, 2);
    metrics_batch_observe(1);
    metrics_batch_observe(3);
    metrics_batch_observe(1000);
    metrics_queue_depth_set(7);
    char *t = render(m);
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_bucket{le=\"1\"} 1\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_bucket{le=\"2\"} 1\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_bucket{le=\"4\"} 2\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_bucket{le=\"256\"} 2\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_bucket{le=\"+Inf\"} 3\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_sum 1004\n"));
    cr_expect(strstr(t, "regie_access_log_commit_batch_size_count 3\n"));
    cr_expect(strstr(t, "regie_writer_queue_depth 7\n"));
    cr_expect(strstr(t, "regie_build_info{version=\""));
    free(t);
    http_metrics_free(m);
}
