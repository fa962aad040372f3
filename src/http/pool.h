/* pool.h: the request pool: a fixed set of threads that run state-changing requests, so that a
 * request waiting for its group commit (app/writer.h) holds one of these threads and never an
 * HTTP worker (performance.md: never block workers on fsync). The HTTP worker suspends the
 * connection and hands the request over; the pool thread runs the handler and resumes it. The
 * pool size bounds how many writes can share one commit. */
#ifndef REGIE_HTTP_POOL_H
#define REGIE_HTTP_POOL_H

#include "core/common.h"
#include "core/err.h"

struct pool;

struct pool_job {
    void (*run)(void *ctx); /* on a pool thread */
    void *ctx;
    struct pool_job *next;  /* private */
};

/* Starts n threads (1..256). *out: stop with pool_stop, free with pool_free. */
int pool_start(size_t n, struct pool **out, struct err *e) WUR;

/* Queues a job; never blocks on I/O. The job memory must stay valid until run returned. After
 * pool_stop the job runs at once on the caller's thread (a request arriving during shutdown). */
void pool_submit(struct pool *p, struct pool_job *job);

/* Runs every queued job, then stops and joins the threads; the pool stays usable as above.
 * NULL ok; a second call does nothing. */
void pool_stop(struct pool *p);

/* pool_stop, then frees it. NULL ok. */
void pool_free(struct pool *p);

/* Jobs waiting for a thread right now (GET /metrics, tests). */
size_t pool_queued(struct pool *p);

#endif
