/* writer.h: the one writer thread (performance.md): it owns a database connection, takes the
 * queued jobs as one batch, runs each job in its own savepoint inside one transaction together
 * with its access-log records, and commits the batch with one fsync (synchronous=FULL): group
 * commit. Workers never block on fsync: they hand a job over and return; the job's done callback
 * (on the writer thread) resumes the suspended HTTP connection. Adaptive batching: after a large
 * batch the writer lets the next one collect for a short window; after a small one it commits at
 * once, so low concurrency keeps low latency. */
#ifndef REGIE_APP_WRITER_H
#define REGIE_APP_WRITER_H

#include "app/access_log.h"
#include "app/app.h"

struct writer;
struct store;

struct writer_job {
    /* Runs on the writer thread inside the batch transaction, in its own savepoint: write data
     * and call alog_tx_add. A non-zero return rolls back this job only. */
    int (*run)(struct store *st, struct alog_tx *tx, void *ctx, struct err *e);
    /* Called on the writer thread once the batch committed (rc 0: durable) or failed. */
    void (*done)(void *ctx, int rc, const struct err *e);
    void *ctx;
    /* true when run only appends access-log records: no savepoint is needed, because a failed
     * append fails the whole batch anyway (fail closed). */
    bool log_only;
    /* private */
    struct writer_job *next;
    int rc;
    struct err err;
};

/* Starts the writer thread with its own connection. *out: stop with writer_stop. */
int writer_start(struct app *a, struct writer **out, struct err *e) WUR;

/* Queues a job; never blocks on I/O. The job memory must stay valid until done is called. After
 * writer_stop began, the job is completed at once with ERR_UNAVAILABLE. */
void writer_submit(struct writer *w, struct writer_job *job);

/* Finishes the queued jobs, stops the thread, closes its connection. NULL ok. */
void writer_stop(struct writer *w);

/* Figures for the operational log and the benchmark: batches committed and jobs done. */
void writer_stats(struct writer *w, uint64_t *out_batches, uint64_t *out_jobs);

/* true when the calling thread is w's writer thread (a job must not wait for its own batch). */
bool writer_on_thread(const struct writer *w);

#endif
