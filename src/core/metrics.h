/* metrics.h: process-wide operational counters for `GET /metrics` (Prometheus text exposition
 * format 0.0.4, see http/metrics.h for the per-route part). Counts, sizes and timings only: never
 * ids, names or other personal data. Every update is a relaxed C11 atomic operation, so any
 * thread may call these at any time without a lock. */
#ifndef REGIE_CORE_METRICS_H
#define REGIE_CORE_METRICS_H

#include "core/common.h"
#include "core/buf.h"

/* Records the process start time (wall clock) for process_start_time_seconds. Call once, early. */
void metrics_process_start(void);

/* One access-log group commit of n jobs (app/writer.c): the commit batch size histogram. */
void metrics_batch_observe(size_t n);

/* The writer queue's current depth (jobs waiting for the next group commit). */
void metrics_queue_depth_set(size_t n);

/* One lookup in the cache of read answers (app/viewcache.h): a hit or a miss. */
void metrics_read_cache_observe(bool hit);

/* Where the resident memory goes, for the memory gauges: a function that reports the bytes the
 * database engine holds now, at most since start, and in its page caches (store_memory_used). Set once by `serve`
 * before the listener starts; without it the gauges are left out. */
typedef void (*metrics_db_memory_fn)(int64_t *now, int64_t *highwater, int64_t *page_cache);
void metrics_set_db_memory(metrics_db_memory_fn fn);

/* Appends the process-wide families (commit batch sizes, writer queue depth, resident memory,
 * start time, build info) in Prometheus text format to b. ERR_TOOBIG when b's ceiling is hit. */
int metrics_render_process(struct buf *b) WUR;

/* Appends s to b as a Prometheus label value (backslash, quote and newline escaped). */
int metrics_label(struct buf *b, const char *s) WUR;

#endif
