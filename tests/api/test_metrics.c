/* test_metrics.c: GET /metrics (issue 12 item 6, docs/operations.md "Metrics") over real HTTP.
 *
 *  - /metrics is served only on the separate listener (--metrics-listen); on the main listener
 *    it is 404, and the metrics listener answers nothing but /metrics;
 *  - the exposition parses as Prometheus text format 0.0.4 (a small line-format check below:
 *    HELP/TYPE before the samples of a family, names, labels, values, cumulative buckets whose
 *    +Inf bucket equals _count);
 *  - request counts per route template x method x status class match the requests made, and a
 *    request with an id in its path appears only under its template (the id never appears);
 *  - access-log group commits show up in the commit batch size histogram; no user name, token or
 *    other personal data appears anywhere in the output.
 * No response body is printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(metrics, .fini = stop, .timeout = 300);

/* The metrics listener's port, from the "event=metrics.listen ... port=N" line of the log. */
static uint16_t metrics_port(void)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/server.log", S.dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "no server log");
    char line[1024];
    unsigned port = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        const char *p = strstr(line, "event=metrics.listen");
        const char *q = p ? strstr(p, " port=") : NULL;
        if (q != NULL)
            port = (unsigned)strtoul(q + 6, NULL, 10);
    }
    fclose(f);
    cr_assert(port > 0 && port < 65536, "the metrics listener did not log its port");
    return (uint16_t)port;
}

/* Status of one request on the given port (the response is freed); -1 on a transport error. */
static int status_on(uint16_t port, const char *method, const char *path, const char *ctype,
                     const char *body)
{
    struct srv m = S;
    m.port = port;
    struct resp r;
    if (http_do(&m, method, path, ctype, body, NULL, &r) != 0)
        return -1;
    int st = r.status;
    resp_free(&r);
    return st;
}

static char *scrape(uint16_t port)
{
    struct srv m = S;
    m.port = port;
    struct resp r;
    cr_assert_eq(http_do(&m, "GET", "/metrics", NULL, NULL, NULL, &r), 0, "GET /metrics");
    cr_assert_eq(r.status, 200, "GET /metrics");
    char ct[128];
    cr_assert(resp_header(&r, "Content-Type", ct, sizeof(ct)));
    cr_expect(strstr(ct, "text/plain") && strstr(ct, "version=0.0.4"), "content type %s", ct);
    char *body = r.body;
    r.body = NULL;
    resp_free(&r);
    return body;
}

/* ---- a small Prometheus text-format (0.0.4) checker --------------------------------------------
 */

static bool metric_name(const char **p)
{
    const char *s = *p;
    if (!(isalpha((unsigned char)*s) || *s == '_' || *s == ':'))
        return false;
    while (isalnum((unsigned char)*s) || *s == '_' || *s == ':')
        s++;
    *p = s;
    return true;
}

static bool label_set(const char **p)
{
    const char *s = *p;
    if (*s != '{')
        return true;
    s++;
    while (*s != '}') {
        if (!(isalpha((unsigned char)*s) || *s == '_'))
            return false;
        while (isalnum((unsigned char)*s) || *s == '_')
            s++;
        if (*s++ != '=' || *s++ != '"')
            return false;
        while (*s != '"') {
            if (*s == '\0' || *s == '\n')
                return false;
            if (*s == '\\') {
                s++;
                if (*s != '\\' && *s != '"' && *s != 'n')
                    return false;
            }
            s++;
        }
        s++;
        if (*s == ',')
            s++;
        else if (*s != '}')
            return false;
    }
    *p = s + 1;
    return true;
}

static bool sample_value(const char *s)
{
    if (strcmp(s, "+Inf") == 0 || strcmp(s, "-Inf") == 0 || strcmp(s, "NaN") == 0)
        return true;
    char *end = NULL;
    strtod(s, &end);
    return end != s && *end == '\0';
}

/* Checks every line; fails the test naming the line number of the first bad one. */
static void check_format(char *text)
{
    char typed[128][96];
    size_t n_typed = 0;
    int ln = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        ln++;
        if (strncmp(line, "# HELP ", 7) == 0) {
            const char *p = line + 7;
            cr_assert(metric_name(&p) && *p == ' ', "line %d: bad HELP", ln);
            continue;
        }
        if (strncmp(line, "# TYPE ", 7) == 0) {
            const char *p = line + 7, *start = p;
            cr_assert(metric_name(&p) && *p == ' ', "line %d: bad TYPE", ln);
            size_t nlen = (size_t)(p - start);
            p++;
            cr_assert(strcmp(p, "counter") == 0 || strcmp(p, "gauge") == 0 ||
                          strcmp(p, "histogram") == 0 || strcmp(p, "summary") == 0 ||
                          strcmp(p, "untyped") == 0,
                      "line %d: unknown type", ln);
            for (size_t i = 0; i < n_typed; i++)
                cr_assert(strlen(typed[i]) != nlen || strncmp(typed[i], start, nlen) != 0,
                          "line %d: family typed twice", ln);
            cr_assert(n_typed < 128 && nlen < 96);
            memcpy(typed[n_typed], start, nlen);
            typed[n_typed++][nlen] = '\0';
            continue;
        }
        cr_assert(line[0] != '#' && line[0] != ' ', "line %d: not a sample", ln);
        const char *p = line, *start = line;
        cr_assert(metric_name(&p), "line %d: bad metric name", ln);
        size_t nlen = (size_t)(p - start);
        bool known = false;
        static const char *const suffixes[] = {"", "_bucket", "_sum", "_count"};
        for (size_t i = 0; i < n_typed && !known; i++) {
            size_t tl = strlen(typed[i]);
            for (size_t k = 0; k < 4 && !known && nlen >= tl; k++)
                known = strncmp(start, typed[i], tl) == 0 && nlen - tl == strlen(suffixes[k]) &&
                        strncmp(start + tl, suffixes[k], nlen - tl) == 0;
        }
        cr_assert(known, "line %d: sample before its TYPE line", ln);
        cr_assert(label_set(&p), "line %d: bad labels", ln);
        cr_assert(*p == ' ', "line %d: no value", ln);
        cr_assert(sample_value(p + 1), "line %d: bad value", ln);
    }
    cr_assert(ln > 10, "too few lines");
}

/* The value of the sample whose line starts with `series` followed by a space; -1 if absent. */
static double value_of(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, series, n) == 0 && p[n] == ' ')
            return strtod(p + n + 1, NULL);
    return -1;
}

/* Every histogram: buckets non-decreasing, the +Inf bucket equals _count. */
static void check_histograms(const char *text)
{
    const char *fams[] = {"regie_http_request_duration_seconds",
                          "regie_access_log_commit_batch_size"};
    for (size_t f = 0; f < 2; f++) {
        char want[128];
        snprintf(want, sizeof(want), "%s_bucket", fams[f]);
        double prev = -1;
        for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
            if (strncmp(p, want, strlen(want)) != 0)
                continue;
            const char *le = strstr(p, "le=\"");
            const char *sp = strchr(p, ' ');
            cr_assert(le && sp);
            double v = strtod(sp + 1, NULL);
            if (strncmp(le, "le=\"+Inf\"", 9) == 0) {
                /* the _count of the same series: "<fam>_count{<labels but le>}" */
                const char *lb = strchr(p, '{');
                size_t nl = (size_t)(le - (lb + 1));
                if (nl > 0 && lb[nl] == ',')
                    nl--;
                char series[512];
                if (nl == 0)
                    snprintf(series, sizeof(series), "%s_count", fams[f]);
                else
                    snprintf(series, sizeof(series), "%s_count{%.*s}", fams[f], (int)nl, lb + 1);
                cr_expect_eq(value_of(text, series), v, "%s: +Inf bucket != _count", fams[f]);
                prev = -1;
                continue;
            }
            cr_expect(v >= prev, "%s: buckets decrease", fams[f]);
            prev = v;
        }
    }
}

/* ---- tests ------------------------------------------------------------------------------------
 */

Test(metrics, separate_listener_counts_per_template_and_parses)
{
    static const char *const args[] = {"--metrics-listen", "127.0.0.1:0", NULL};
    srv_start(&S, true, args);
    uint16_t mp = metrics_port();

    /* Not on the main listener (behind the proxy every client is 127.0.0.1). */
    cr_expect_eq(status_on(S.port, "GET", "/metrics", NULL, NULL), 404, "main /metrics");
    /* The metrics listener serves nothing else. */
    cr_expect_eq(status_on(mp, "GET", "/api/health", NULL, NULL), 404, "other path");
    cr_expect_eq(status_on(mp, "POST", "/metrics", "application/json", "{}"), 405, "POST");

    char *before = scrape(mp);
    static const char health[] =
        "regie_http_requests_total{route=\"/api/health\",method=\"GET\",status=\"2xx\"}";
    static const char sig[] =
        "regie_http_requests_total{route=\"/api/signals/{id}\",method=\"GET\",status=\"4xx\"}";
    static const char sess[] =
        "regie_http_requests_total{route=\"/api/sessions\",method=\"GET\",status=\"2xx\"}";
    double h0 = value_of(before, health), s0 = value_of(before, sig);
    h0 = h0 < 0 ? 0 : h0;
    s0 = s0 < 0 ? 0 : s0;
    free(before);

    for (int i = 0; i < 3; i++)
        cr_assert_eq(status_on(S.port, "GET", "/api/health", NULL, NULL), 200);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    /* An id in the path: counted under the template only. */
    cr_assert_eq(sess_status(&S, &d, "GET", "/api/signals/987654321", NULL, NULL), 404);
    cr_assert_eq(sess_status(&S, &d, "GET", "/api/signals/987654322", NULL, NULL), 404);
    /* GET of an unknown page falls to the static files ("/"); a DELETE matches no route. */
    cr_assert_eq(status_on(S.port, "GET", "/geen/pagina/55511", NULL, NULL), 404);
    cr_assert_eq(status_on(S.port, "DELETE", "/geen/pagina/55512", NULL, NULL), 405);

    /* A read that goes through the writer thread's group commit (its log record is durable
     * before the answer leaves). */
    cr_assert_eq(sess_status(&S, &d, "GET", "/api/sessions", NULL, NULL), 200);

    /* A request is counted when the server has finished it, which may be just after the client
     * read the answer: wait (bounded) until the last one shows. */
    char *text = scrape(mp);
    for (int i = 0; i < 200 && value_of(text, sess) < 1; i++) {
        free(text);
        usleep(10000);
        text = scrape(mp);
    }
    cr_expect_eq(value_of(text, health), h0 + 3, "health count");
    cr_expect_eq(value_of(text, sig), s0 + 2, "template count");
    cr_expect_null(strstr(text, "98765432"), "an id became a label");
    cr_expect_null(strstr(text, "5551"), "a concrete path became a label");
    cr_expect_null(strstr(text, "dossierhouder"), "a user name in the metrics");
    cr_expect_null(strstr(text, d.token), "a session token in the metrics");
    cr_expect(value_of(text, "regie_http_requests_total{route=\"unmatched\",method=\"DELETE\","
                             "status=\"4xx\"}") >= 1,
              "unmatched count");
    cr_expect(value_of(text, "regie_http_requests_total{route=\"/\",method=\"GET\","
                             "status=\"4xx\"}") >= 1,
              "static files count");
    cr_expect(value_of(text, "regie_http_request_duration_seconds_count{route=\"/api/health\","
                             "method=\"GET\"}") >= 3,
              "latency count");
    cr_expect(value_of(text, "regie_access_log_commit_batch_size_count") >= 1,
              "no access-log group commit counted");
    cr_expect(value_of(text, "regie_writer_queue_depth") >= 0, "queue depth");
    cr_expect(value_of(text, "regie_http_requests_in_flight") >= 0, "in flight");
    cr_expect(value_of(text, "process_resident_memory_bytes") > 0, "rss");
    cr_expect(value_of(text, "process_start_time_seconds") > 1.7e9, "start time");
    /* Where the memory goes: SQLite's part is a part of the heap in use, and at most its own
     * high-water mark. */
    double db = value_of(text, "regie_db_memory_bytes");
    double heap = value_of(text, "regie_heap_bytes{state=\"in_use\"}");
    /* On PostgreSQL the database's memory is the server's: the figures are SQLite's, and only
     * its library's own (tiny) bookkeeping remains in this process. */
    bool pg = db_is_postgres(&S);
    cr_expect(pg ? db >= 0 : db > 0, "db memory");
    cr_expect(db <= value_of(text, "regie_db_memory_highwater_bytes"), "db memory above its peak");
#if defined(REGIE_SANITIZED)
    cr_expect(heap < 0, "the C library's heap figures under the sanitizers' allocator");
#else
    cr_expect(heap >= db, "the heap in use is less than SQLite's part of it");
    cr_expect(value_of(text, "regie_heap_bytes{state=\"free\"}") >= 0, "free heap");
#endif
    double pc = value_of(text, "regie_db_page_cache_bytes");
    cr_expect(pg ? pc >= 0 && pc <= db : pc > 0 && pc < db, "page cache %.0f of %.0f", pc, db);
    cr_expect_null(strstr(text, "version=\"\""), "build info without version");
    check_histograms(text);
    check_format(text); /* last: it cuts the text into lines */
    free(text);
}

Test(metrics, off_by_default)
{
    srv_start(&S, false, NULL);
    char path[300];
    snprintf(path, sizeof(path), "%s/server.log", S.dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char line[1024];
    bool seen = false;
    while (fgets(line, sizeof(line), f) != NULL)
        seen = seen || strstr(line, "event=metrics.listen") != NULL;
    fclose(f);
    cr_expect(!seen, "a metrics listener without --metrics-listen");
}

/* Write batching (issue 11, config write_batching): signal creates from several connections at
 * once are all stored, each with its access-log record, and the writer thread committed them in
 * fewer batches than jobs (GET /metrics: the commit batch size histogram). Without group commit
 * of writes the creates would not pass through the writer at all and the histogram's job sum
 * would not grow by the number of creates; with one commit per job count would equal sum. */
#define GC_THREADS 8
#define GC_EACH 4

struct gc_client {
    const struct sess *d;
    int id;
    int created;
    char rid[GC_EACH][64];
};

static void *gc_client_main(void *arg)
{
    struct gc_client *c = arg;
    for (int i = 0; i < GC_EACH; i++) {
        char bsn[10], body[512];
        bsn_make((uint32_t)(7000 + c->id * GC_EACH + i), bsn);
        snprintf(body, sizeof(body),
                 "{\"route\":\"professional\",\"subjects\":[{\"kind\":\"person\","
                 "\"name\":\"Fictief Groepspersoon %d\",\"bsn\":\"%s\"}],"
                 "\"observed\":\"Fictief: gelijktijdige melding.\",\"acute\":{\"danger\":false}}",
                 c->id * GC_EACH + i, bsn);
        struct resp r;
        if (sess_do(&S, c->d, "POST", "/api/signals", "application/json", body, NULL, &r) != 0)
            continue;
        if (r.status == 201 && resp_header(&r, "X-Request-Id", c->rid[c->created], 64))
            c->created++;
        resp_free(&r);
    }
    return NULL;
}

static void group_commit_run(const char *const *args, bool shared)
{
    struct srv_opts o = {.demo = true, .args = args};
    srv_start_opts(&S, &o);
    uint16_t mp = metrics_port();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t signals0 = db_int(&S, "SELECT count(*) FROM signal");
    char *text = scrape(mp);
    double b0 = value_of(text, "regie_access_log_commit_batch_size_count");
    double j0 = value_of(text, "regie_access_log_commit_batch_size_sum");
    free(text);
    b0 = b0 < 0 ? 0 : b0;
    j0 = j0 < 0 ? 0 : j0;

    struct gc_client cl[GC_THREADS];
    pthread_t th[GC_THREADS];
    for (int i = 0; i < GC_THREADS; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        cl[i].d = &d;
        cl[i].id = i;
        cr_assert_eq(pthread_create(&th[i], NULL, gc_client_main, &cl[i]), 0);
    }
    int created = 0;
    for (int i = 0; i < GC_THREADS; i++) {
        pthread_join(th[i], NULL);
        created += cl[i].created;
    }
    const int n = GC_THREADS * GC_EACH;
    cr_assert_eq(created, n, "only %d of %d concurrent creates answered 201", created, n);
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM signal") - signals0, n, "signals stored");

    text = scrape(mp);
    double batches = value_of(text, "regie_access_log_commit_batch_size_count") - b0;
    double jobs = value_of(text, "regie_access_log_commit_batch_size_sum") - j0;
    free(text);
    cr_expect(jobs >= n, "the writer ran %.0f jobs for %d creates: writes not batched", jobs, n);
    if (shared)
        cr_expect(batches >= 1 && batches < jobs,
                  "%.0f batches for %.0f jobs: no two writes shared a commit", batches, jobs);
    else /* the control: one worker that waits for each commit can only send them one by one */
        cr_expect(batches == jobs, "%.0f batches for %.0f jobs with one blocking worker", batches,
                  jobs);

    /* Every create has its access-log record (the request's create of a signal). */
    json_t *all = audit_query(&S, NULL, NULL);
    for (int i = 0; i < GC_THREADS; i++)
        for (int k = 0; k < cl[i].created; k++) {
            bool found = false;
            size_t x;
            json_t *j;
            json_array_foreach(all, x, j)
            {
                json_t *at = json_object_get(j, "attributes");
                const char *rid = json_string_value(json_object_get(at, "regie.request_id"));
                const char *ot = json_string_value(json_object_get(at, "regie.object_type"));
                if (rid && strcmp(rid, cl[i].rid[k]) == 0 && ot && strcmp(ot, "signal") == 0)
                    found = true;
            }
            cr_expect(found, "create %d/%d has no access-log record", i, k);
        }
    json_decref(all);
}

Test(metrics, concurrent_signal_creates_are_group_committed)
{
    static const char *const args[] = {"--metrics-listen", "127.0.0.1:0", "--threads", "8", NULL};
    group_commit_run(args, true);
}

/* The request pool (write_threads): with ONE HTTP worker, writes still share commits, because
 * each waits for its commit on a pool thread and the worker goes on to the next request. */
Test(metrics, one_worker_with_request_pool_still_shares_commits)
{
    static const char *const args[] = {"--metrics-listen", "127.0.0.1:0", "--threads", "1",
                                       "--write-threads", "8", NULL};
    group_commit_run(args, true);
}

/* The control for the test above: without the pool the one worker waits for every commit
 * itself, so no two writes can ever share one. */
Test(metrics, one_blocking_worker_commits_writes_one_by_one)
{
    static const char *const args[] = {"--metrics-listen", "127.0.0.1:0", "--threads", "1",
                                       "--write-threads", "0", NULL};
    group_commit_run(args, false);
}

/* Case reads: answered from the reader's cached view while nothing changed (app/viewcache.h),
 * counted per lookup; with --read-cache-kib 0 nothing is cached. */
static void three_reads(double *hits, double *misses)
{
    static const char hit[] = "regie_read_cache_lookups_total{result=\"hit\"}";
    static const char miss[] = "regie_read_cache_lookups_total{result=\"miss\"}";
    uint16_t mp = metrics_port();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct resp r;
    cr_assert_eq(sess_json(&S, &d, "GET", "/api/cases", NULL, &r), 200, "GET /api/cases");
    int64_t cid = jint(json_array_get(json_object_get(r.json, "items"), 0), "id");
    resp_free(&r);
    cr_assert(cid > 0, "the demo has no case");
    char *t0 = scrape(mp);
    char p[64];
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)cid);
    for (int i = 0; i < 3; i++)
        cr_expect_eq(sess_json_status(&S, &d, "GET", p, NULL), 200, "GET the case");
    char *t1 = scrape(mp);
    *hits = value_of(t1, hit) - value_of(t0, hit);
    *misses = value_of(t1, miss) - value_of(t0, miss);
    cr_expect(value_of(t0, hit) >= 0 && value_of(t0, miss) >= 0, "no read cache series");
    free(t0);
    free(t1);
}

Test(metrics, case_reads_use_the_readers_cached_view_unless_it_is_off)
{
    static const char *const on[] = {"--metrics-listen", "127.0.0.1:0", NULL};
    srv_start(&S, true, on);
    double hits = 0, misses = 0;
    three_reads(&hits, &misses);
    cr_expect(misses >= 1 && hits >= 1 && hits + misses == 3,
              "3 reads of one case: %.0f hits, %.0f misses", hits, misses);
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
    static const char *const off[] = {"--metrics-listen", "127.0.0.1:0", "--read-cache-kib", "0",
                                      NULL};
    srv_start(&S, true, off);
    three_reads(&hits, &misses);
    cr_expect(hits == 0 && misses == 0, "read cache off: %.0f hits, %.0f misses", hits, misses);
}

/* The WAL stays bounded under a steady load of logged reads (src/app/writer.c, wal_grew):
 * SQLite starts its WAL over only when a write begins with every frame copied into the database,
 * which a checkpointer woken only for new frames almost never allows while readers and the
 * writer are busy: the WAL then grew without end (100,000 frames, 400 MB, in a bench run). Past
 * CKPT_EAGER_PAGES (4,000 frames, 16 MB) the writer checkpoints itself after each commit, before
 * its next transaction. 20,000 logged reads from 8 clients wrote 74,000 frames (a 308 MB WAL)
 * without that, and a 16.6 MB WAL with it; the WAL file (which keeps its largest size) must stay
 * under 8,000 frames of 4 KiB. */
#define WAL_THREADS 8
#define WAL_EACH 2500
#define WAL_MAX_BYTES (8000 * 4120)

struct wal_client {
    const struct sess *d;
    char path[64];
    int ok;
};

static void *wal_client_main(void *arg)
{
    struct wal_client *c = arg;
    for (int i = 0; i < WAL_EACH; i++) {
        struct resp r;
        if (sess_do(&S, c->d, "GET", c->path, NULL, NULL, NULL, &r) != 0)
            continue;
        c->ok += r.status == 200;
        resp_free(&r);
    }
    return NULL;
}

Test(metrics, wal_stays_bounded_under_steady_logged_reads, .timeout = 600)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    if (db_is_postgres(&S))
        cr_skip_test("SQLite only: PostgreSQL keeps its own WAL");
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct resp r;
    cr_assert_eq(sess_do(&S, &d, "GET", "/api/cases?per_page=1", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200);
    int64_t id = jint(json_array_get(json_object_get(r.json, "items"), 0), "id");
    resp_free(&r);
    cr_assert_gt(id, 0, "no case for the dossierhouder");
    struct wal_client cl[WAL_THREADS];
    pthread_t th[WAL_THREADS];
    for (int i = 0; i < WAL_THREADS; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        cl[i].d = &d;
        snprintf(cl[i].path, sizeof(cl[i].path), "/api/cases/%lld", (long long)id);
        cr_assert_eq(pthread_create(&th[i], NULL, wal_client_main, &cl[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < WAL_THREADS; i++) {
        pthread_join(th[i], NULL);
        ok += cl[i].ok;
    }
    cr_assert_eq(ok, WAL_THREADS * WAL_EACH, "only %d logged reads answered 200", ok);
    char p[300];
    snprintf(p, sizeof(p), "%s/regie.db-wal", S.dir);
    struct stat sb;
    cr_assert_eq(stat(p, &sb), 0, "no WAL file");
    cr_expect_lt(sb.st_size, WAL_MAX_BYTES, "the WAL reached %lld bytes", (long long)sb.st_size);
}

/* ---- the bearer token (metrics_token_file) ---------------------------------------------------- */

/* Status of GET path on the metrics port with the given extra header lines ("" = none). */
static int metrics_get(uint16_t port, const char *path, const char *headers, char *www,
                       size_t www_cap)
{
    struct srv m = S;
    m.port = port;
    struct resp r;
    if (http_do(&m, "GET", path, NULL, NULL, headers, &r) != 0)
        return -1;
    int st = r.status;
    if (www != NULL && !resp_header(&r, "WWW-Authenticate", www, www_cap))
        www[0] = '\0';
    resp_free(&r);
    return st;
}

/* Writes token into a new file with the given mode; path receives its name. */
static void token_file(char path[64], const char *token, mode_t mode)
{
    snprintf(path, 64, "/tmp/regie-metrics-token-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0, "mkstemp");
    cr_assert_eq(write(fd, token, strlen(token)), (ssize_t)strlen(token));
    close(fd);
    cr_assert_eq(chmod(path, mode), 0);
}

/* With metrics_token_file the listener answers 401 (with a Bearer challenge) to a request without
 * the token or with another one, whatever the path, and serves /metrics with it; the token never
 * reaches the log. serve refuses to start on a token file others may read, on a token too short,
 * and on a file that is not there. */
Test(metrics, bearer_token_is_asked_for_when_configured)
{
    static const char token[] = "Xq7-metrics-scrape-token-0123456789abcdefGHIJ";
    char path[64];
    token_file(path, "Xq7-metrics-scrape-token-0123456789abcdefGHIJ\n", 0600);
    const char *const args[] = {"--metrics-listen", "127.0.0.1:0", "--metrics-token-file", path,
                                NULL};
    srv_start(&S, true, args);
    uint16_t mp = metrics_port();
    char www[128], hdr[160];
    cr_expect_eq(metrics_get(mp, "/metrics", "", www, sizeof(www)), 401, "no token");
    cr_expect_str_eq(www, "Bearer realm=\"regie-metrics\"");
    cr_expect_eq(metrics_get(mp, "/metrics", "Authorization: Bearer Xq7-metrics-scrape-token-"
                                             "0123456789abcdefGHIK\r\n", NULL, 0),
                 401, "another token of the same length");
    cr_expect_eq(metrics_get(mp, "/metrics", "Authorization: Basic eDp5\r\n", NULL, 0), 401,
                 "another scheme");
    cr_expect_eq(metrics_get(mp, "/api/health", "", NULL, 0), 401, "no token, other path");
    snprintf(hdr, sizeof(hdr), "Authorization: bearer %s\r\n", token);
    cr_expect_eq(metrics_get(mp, "/metrics", hdr, NULL, 0), 200, "the token (scheme any case)");
    cr_expect_eq(metrics_get(mp, "/api/health", hdr, NULL, 0), 404, "the token, other path");
    /* on the main listener /metrics stays 404, token or not */
    cr_expect_eq(metrics_get(S.port, "/metrics", hdr, NULL, 0), 404, "main listener");

    char logp[300];
    snprintf(logp, sizeof(logp), "%s/server.log", S.dir);
    FILE *f = fopen(logp, "r");
    cr_assert_not_null(f);
    char line[2048];
    bool leaked = false, warned = false;
    while (fgets(line, sizeof(line), f) != NULL) {
        leaked = leaked || strstr(line, "metrics-scrape-token") != NULL;
        warned = warned || strstr(line, "event=metrics.unauthorized") != NULL;
    }
    fclose(f);
    cr_expect(!leaked, "the token is in the server log");
    cr_expect(warned, "a refused scrape is not in the log");

    /* refused at start: readable by others, too short, missing */
    char loose[64], shortp[64];
    token_file(loose, token, 0644);
    token_file(shortp, "kort-token", 0600);
    const char *const bad[] = {loose, shortp, "/tmp/regie-metrics-token-bestaat-niet"};
    for (size_t i = 0; i < 3; i++) {
        const char *const a2[] = {"serve", "--listen", "127.0.0.1:0", "--metrics-listen",
                                  "127.0.0.1:0", "--metrics-token-file", bad[i], NULL};
        char *out = NULL;
        cr_expect_eq(srv_run(&S, &out, a2), 1, "serve started with bad token file %zu", i);
        free(out);
    }
    unlink(path);
    unlink(loose);
    unlink(shortp);
}

/* Writes token into the existing file path (mode kept), as an operator rotating it would. */
static void token_rewrite(const char *path, const char *token)
{
    int fd = open(path, O_WRONLY | O_TRUNC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, token, strlen(token)), (ssize_t)strlen(token));
    close(fd);
}

/* The status of /metrics with "Authorization: Bearer <token>", asked until it is want (SIGHUP is
 * handled by the main thread between its waits) or 5 s have passed; the last status. */
static int metrics_until(uint16_t port, const char *token, int want)
{
    char hdr[320];
    snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", token);
    int st = 0;
    for (int i = 0; i < 100; i++) {
        st = metrics_get(port, "/metrics", hdr, NULL, 0);
        if (st == want)
            break;
        nanosleep(&(struct timespec){0, 50 * 1000000L}, NULL);
    }
    return st;
}

/* SIGHUP reads the token file again: the new token works and the old one is refused at once; a
 * file that fails the checks (too short, readable by others) keeps the previous token, and the
 * server keeps serving. The token never reaches the log. */
Test(metrics, sighup_reloads_the_bearer_token)
{
    static const char one[] = "Xq7-first-scrape-token-0123456789abcdefGHIJKL";
    static const char two[] = "Xq7-second-scrape-token-0123456789abcdefGHIJK";
    char path[64];
    token_file(path, one, 0600);
    const char *const args[] = {"--metrics-listen", "127.0.0.1:0", "--metrics-token-file", path,
                                NULL};
    srv_start(&S, true, args);
    uint16_t mp = metrics_port();
    cr_expect_eq(metrics_until(mp, one, 200), 200, "the first token");
    token_rewrite(path, two);
    cr_assert_eq(kill(S.pid, SIGHUP), 0);
    cr_expect_eq(metrics_until(mp, two, 200), 200, "the new token after SIGHUP");
    cr_expect_eq(metrics_until(mp, one, 401), 401, "the old token after SIGHUP");
    /* a bad file keeps the token in use */
    token_rewrite(path, "Xq7-te-kort");
    cr_assert_eq(kill(S.pid, SIGHUP), 0);
    nanosleep(&(struct timespec){0, 300 * 1000000L}, NULL);
    cr_expect_eq(metrics_until(mp, two, 200), 200, "a short token replaced the one in use");
    token_rewrite(path, one);
    cr_assert_eq(chmod(path, 0644), 0);
    cr_assert_eq(kill(S.pid, SIGHUP), 0);
    nanosleep(&(struct timespec){0, 300 * 1000000L}, NULL);
    cr_expect_eq(metrics_until(mp, two, 200), 200, "a file others may read replaced the token");
    cr_expect_eq(metrics_until(mp, one, 401), 401, "the refused file's token works");
    cr_expect_eq(metrics_get(S.port, "/api/health", "", NULL, 0), 200, "serve stopped serving");

    char logp[300];
    snprintf(logp, sizeof(logp), "%s/server.log", S.dir);
    FILE *f = fopen(logp, "r");
    cr_assert_not_null(f);
    char line[2048];
    bool leaked = false;
    int reloaded = 0, refused = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        leaked =
            leaked || strstr(line, "scrape-token") != NULL || strstr(line, "Xq7-te-kort") != NULL;
        reloaded += strstr(line, "event=metrics.bearer_reloaded") != NULL;
        refused += strstr(line, "event=metrics.bearer_reload ") != NULL;
    }
    fclose(f);
    cr_expect(!leaked, "a token is in the server log");
    cr_expect_eq(reloaded, 1);
    cr_expect_eq(refused, 2);
    unlink(path);
}
