/* metrics.c: process-wide counters (see metrics.h). Lock-free: relaxed atomics only. */
#include "core/common.h"

#include <malloc.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "core/metrics.h"
#include "regie_version.h"

/* Upper bounds of the commit batch size buckets (jobs per group commit); +Inf is implied. */
static const unsigned batch_le[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
#define N_BATCH_LE (sizeof(batch_le) / sizeof(batch_le[0]))

static atomic_uint_fast64_t batch_bucket[N_BATCH_LE + 1]; /* non-cumulative; last = above all */
static atomic_uint_fast64_t batch_sum;
static atomic_size_t queue_depth;
static atomic_uint_fast64_t read_cache_hits, read_cache_misses;
static atomic_int_fast64_t start_s;
static _Atomic(metrics_db_memory_fn) db_memory;

void metrics_set_db_memory(metrics_db_memory_fn fn)
{
    atomic_store_explicit(&db_memory, fn, memory_order_release);
}

void metrics_process_start(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    atomic_store_explicit(&start_s, (int_fast64_t)ts.tv_sec, memory_order_relaxed);
}

void metrics_batch_observe(size_t n)
{
    size_t i = 0;
    while (i < N_BATCH_LE && n > batch_le[i])
        i++;
    atomic_fetch_add_explicit(&batch_bucket[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&batch_sum, (uint_fast64_t)n, memory_order_relaxed);
}

void metrics_read_cache_observe(bool hit)
{
    atomic_fetch_add_explicit(hit ? &read_cache_hits : &read_cache_misses, 1,
                              memory_order_relaxed);
}

void metrics_queue_depth_set(size_t n)
{
    atomic_store_explicit(&queue_depth, n, memory_order_relaxed);
}

int metrics_label(struct buf *b, const char *s)
{
    int rc = buf_append_cstr(b, "\"");
    for (const char *p = s; rc == 0 && *p; p++) {
        if (*p == '\\' || *p == '"')
            rc = buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            rc = buf_append_cstr(b, "\\n");
        else
            rc = buf_append(b, p, 1);
    }
    return rc == 0 ? buf_append_cstr(b, "\"") : rc;
}

/* Resident set size from /proc/self/statm (second field, in pages); 0 when unreadable. */
static uint64_t rss_bytes(void)
{
    char line[128];
    FILE *f = fopen("/proc/self/statm", "re");
    if (f == NULL)
        return 0;
    bool got = fgets(line, sizeof(line), f) != NULL;
    fclose(f);
    if (!got)
        return 0;
    /* strtoull rather than fscanf, which cannot report an out-of-range number (cert-err34-c). */
    char *end = NULL;
    errno = 0;
    (void)strtoull(line, &end, 10); /* size */
    const char *p = end;
    unsigned long long resident = end != line ? strtoull(p, &end, 10) : 0;
    if (end == p || errno != 0)
        return 0;
    long page = sysconf(_SC_PAGESIZE);
    return (uint64_t)resident * (uint64_t)(page > 0 ? page : 4096);
}

/* Where the resident memory goes: the C library's heap (all arenas: in use and free but kept)
 * and, when serve has set the probe, the part of it that SQLite holds. The rest of the RSS is
 * code, thread stacks and mapped files. */
static int render_memory(struct buf *b)
{
    int rc = 0;
#if !defined(REGIE_SANITIZED)
    /* Under the sanitizers the heap is theirs and glibc's accounting does not see it: left out
     * rather than reported as zero. */
    struct mallinfo2 mi = mallinfo2();
    rc = buf_printf(b,
                        "# HELP regie_heap_bytes The C library heap: bytes in use and bytes freed "
                        "but not yet returned to the system.\n"
                        "# TYPE regie_heap_bytes gauge\n"
                        "regie_heap_bytes{state=\"in_use\"} %zu\n"
                        "regie_heap_bytes{state=\"free\"} %zu\n",
                        mi.uordblks + mi.hblkhd, mi.fordblks);
#endif
    metrics_db_memory_fn fn = atomic_load_explicit(&db_memory, memory_order_acquire);
    if (rc == 0 && fn != NULL) {
        int64_t now = 0, hi = 0, pc = 0;
        fn(&now, &hi, &pc);
        rc = buf_printf(b,
                        "# HELP regie_db_memory_bytes Heap bytes the database engine holds (page "
                        "caches, statements, schema), all connections.\n"
                        "# TYPE regie_db_memory_bytes gauge\n"
                        "regie_db_memory_bytes %" PRId64 "\n"
                        "# HELP regie_db_memory_highwater_bytes The most the database engine has "
                        "held since start.\n"
                        "# TYPE regie_db_memory_highwater_bytes gauge\n"
                        "regie_db_memory_highwater_bytes %" PRId64 "\n"
                        "# HELP regie_db_page_cache_bytes The part of regie_db_memory_bytes that "
                        "holds cached database pages (the rest: schema and prepared statements "
                        "of each connection).\n"
                        "# TYPE regie_db_page_cache_bytes gauge\n"
                        "regie_db_page_cache_bytes %" PRId64 "\n",
                        now, hi, pc);
    }
    return rc;
}

int metrics_render_process(struct buf *b)
{
    int rc = buf_append_cstr(b, "# HELP regie_access_log_commit_batch_size Jobs per access-log "
                                "group commit of the writer thread.\n"
                                "# TYPE regie_access_log_commit_batch_size histogram\n");
    uint64_t cum = 0;
    for (size_t i = 0; rc == 0 && i <= N_BATCH_LE; i++) {
        cum += atomic_load_explicit(&batch_bucket[i], memory_order_relaxed);
        if (i < N_BATCH_LE)
            rc = buf_printf(b, "regie_access_log_commit_batch_size_bucket{le=\"%u\"} %" PRIu64 "\n",
                            batch_le[i], cum);
        else
            rc = buf_printf(
                b, "regie_access_log_commit_batch_size_bucket{le=\"+Inf\"} %" PRIu64 "\n", cum);
    }
    if (rc == 0)
        rc = buf_printf(b,
                        "regie_access_log_commit_batch_size_sum %" PRIu64 "\n"
                        "regie_access_log_commit_batch_size_count %" PRIu64 "\n",
                        (uint64_t)atomic_load_explicit(&batch_sum, memory_order_relaxed), cum);
    if (rc == 0)
        rc = buf_printf(b,
                        "# HELP regie_writer_queue_depth Jobs waiting for the next group commit.\n"
                        "# TYPE regie_writer_queue_depth gauge\n"
                        "regie_writer_queue_depth %zu\n"
                        "# HELP regie_read_cache_lookups_total Case reads answered from the "
                        "viewer's cached view (hit) or built (miss).\n"
                        "# TYPE regie_read_cache_lookups_total counter\n"
                        "regie_read_cache_lookups_total{result=\"hit\"} %" PRIu64 "\n"
                        "regie_read_cache_lookups_total{result=\"miss\"} %" PRIu64 "\n"
                        "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                        "# TYPE process_resident_memory_bytes gauge\n"
                        "process_resident_memory_bytes %" PRIu64 "\n"
                        "# HELP process_start_time_seconds Start time of the process since the "
                        "Unix epoch in seconds.\n"
                        "# TYPE process_start_time_seconds gauge\n"
                        "process_start_time_seconds %" PRId64 "\n"
                        "# HELP regie_build_info The version of this binary.\n"
                        "# TYPE regie_build_info gauge\n"
                        "regie_build_info{version=\"%s\"} 1\n",
                        atomic_load_explicit(&queue_depth, memory_order_relaxed),
                        (uint64_t)atomic_load_explicit(&read_cache_hits, memory_order_relaxed),
                        (uint64_t)atomic_load_explicit(&read_cache_misses, memory_order_relaxed),
                        rss_bytes(),
                        (int64_t)atomic_load_explicit(&start_s, memory_order_relaxed),
                        REGIE_VERSION);
    if (rc == 0)
        rc = render_memory(b);
    return rc;
}
