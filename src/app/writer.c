/* writer.c: the writer thread with adaptive group commit (see writer.h). */
#include "core/common.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "app/writer.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "store/store.h"

#define BATCH_LARGE 8          /* a batch this big makes the next one wait for company */
#define COLLECT_NS 150000      /* ... for at most this long (0.15 ms) */
#define CKPT_PAGES 1000        /* new WAL pages that wake the checkpointer (SQLite's default) */
#define CKPT_EAGER_PAGES 4000  /* a WAL this long: the writer checkpoints itself (see wal_grew) */

struct writer {
    struct app *app;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct writer_job *head, *tail;
    size_t queued;
    bool stopping;
    bool started;
    uint64_t batches, jobs;
    size_t last_batch;
    /* The checkpointer: copies the WAL into the database on its own connection, so that no
     * commit (and no request waiting for one) pays for it. */
    pthread_t ckpt_thread;
    bool ckpt_started;
    bool ckpt_due;     /* under mu */
    bool ckpt_stop;    /* under mu */
    pthread_cond_t ckpt_cv;
    /* The WAL frames the last checkpoint had copied (it reports all frames of the WAL, which
     * stays this long until a writer starts it over from the first frame). */
    _Atomic int ckpt_copied;
    struct store *st; /* the writer's connection (writer thread only) */
};

/* On the writer thread, after each commit (store_wal_notify).
 * The checkpointer wakes for CKPT_PAGES frames that no checkpoint has copied yet (a WAL that was
 * started over is shorter than what was copied of it before). Waking it after every commit once
 * the WAL had CKPT_PAGES frames, as before, made ~350 checkpoints a second under load, each with
 * two fsyncs. But SQLite starts the WAL over only when a write begins with every frame copied
 * and no reader on an older snapshot, which a checkpointer beside a busy writer seldom allows:
 * the WAL grew without end (300 MB in the test below, 400 MB in a bench run). So from
 * CKPT_EAGER_PAGES on the writer copies the rest itself after each commit, before it begins the
 * next transaction, as SQLite's automatic checkpoint would (test: metrics/wal_stays_bounded_*). */
static void wal_grew(void *ctx, int pages)
{
    struct writer *w = ctx;
    int copied = atomic_load_explicit(&w->ckpt_copied, memory_order_relaxed);
    int fresh = pages >= copied ? pages - copied : pages;
    if (pages >= CKPT_EAGER_PAGES && w->st != NULL) {
        int log_pages = 0, done = 0;
        struct err e;
        err_clear(&e);
        if (store_checkpoint_passive(w->st, &log_pages, &done, &e) != 0)
            log_warn("writer.checkpoint_inline", "code=%s", err_code_name(e.code));
        else
            atomic_store_explicit(&w->ckpt_copied, done, memory_order_relaxed);
        return;
    }
    if (fresh < CKPT_PAGES)
        return;
    pthread_mutex_lock(&w->mu);
    w->ckpt_due = true;
    pthread_cond_signal(&w->ckpt_cv);
    pthread_mutex_unlock(&w->mu);
}

static void *ckpt_main(void *arg)
{
    struct writer *w = arg;
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    if (app_store(w->app, &st, &e) != 0)
        log_error("writer.checkpointer", "code=%s", err_code_name(e.code));
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->ckpt_due && !w->ckpt_stop)
            pthread_cond_wait(&w->ckpt_cv, &w->mu);
        if (w->ckpt_stop)
            break;
        w->ckpt_due = false;
        pthread_mutex_unlock(&w->mu);
        int log_pages = 0, done = 0;
        int64_t t0 = clock_mono_ns();
        err_clear(&e);
        int rc = st != NULL ? store_checkpoint_passive(st, &log_pages, &done, &e) : ERR_UNAVAILABLE;
        if (rc != 0)
            log_warn("writer.checkpoint", "code=%s", err_code_name(rc));
        else
            atomic_store_explicit(&w->ckpt_copied, done, memory_order_relaxed);
        if (rc == 0)
            log_debug("writer.checkpoint", "wal_pages=%d copied=%d us=%" PRId64, log_pages, done,
                      (clock_mono_ns() - t0) / 1000);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static struct writer_job *take_all(struct writer *w)
{
    struct writer_job *j = w->head;
    w->head = w->tail = NULL;
    w->queued = 0;
    metrics_queue_depth_set(0);
    return j;
}

static void finish_all(struct writer_job *j, int rc, const struct err *e)
{
    while (j != NULL) {
        struct writer_job *next = j->next;
        if (rc != 0) {
            j->rc = rc;
            if (e != NULL)
                j->err = *e;
        }
        j->done(j->ctx, j->rc, &j->err);
        j = next;
    }
}

static void run_batch(struct writer *w, struct store *st, struct writer_job *batch)
{
    struct err e;
    struct alog_tx tx;
    err_clear(&e);
    memset(&tx, 0, sizeof(tx));
    int64_t t0 = clock_mono_ns();
    int rc = store_tx_begin(st, &e);
    if (rc == 0)
        rc = alog_tx_begin(w->app, st, &tx, &e);
    if (rc != 0) {
        if (e.code == 0)
            err_set(&e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        int r2 = store_tx_rollback(st, NULL);
        (void)r2;
        finish_all(batch, ERR_UNAVAILABLE, &e);
        return;
    }
    size_t n = 0;
    for (struct writer_job *j = batch; j != NULL; j = j->next) {
        n++;
        err_clear(&j->err);
        if (j->log_only) {
            j->rc = j->run(st, &tx, j->ctx, &j->err);
            if (j->rc != 0) { /* the log cannot be written: nothing in this batch may pass */
                int r3 = store_tx_rollback(st, NULL);
                (void)r3;
                alog_tx_abort(&tx);
                finish_all(batch, ERR_UNAVAILABLE, &j->err);
                return;
            }
            continue;
        }
        struct audit_state saved = tx.state; /* a failed job must not advance the log */
        j->rc = store_savepoint_begin(st, &j->err);
        if (j->rc == 0)
            j->rc = j->run(st, &tx, j->ctx, &j->err);
        int r2 = store_savepoint_end(st, j->rc == 0, NULL);
        if (j->rc == 0 && r2 != 0)
            j->rc = r2;
        if (j->rc != 0)
            tx.state = saved;
        if (!store_tx_open(st)) {
            /* SQLite ended the whole transaction (I/O error, disk full, no memory): the jobs
             * before this one are gone too, and later ones must not run outside it. */
            alog_tx_abort(&tx);
            err_clear(&e);
            err_set(&e, ERR_UNAVAILABLE, "De opslag is niet beschikbaar; er is niets gewijzigd.");
            finish_all(batch, ERR_UNAVAILABLE, &e);
            return;
        }
    }
    int64_t t1 = clock_mono_ns();
    rc = alog_tx_end(&tx, &e);
    int64_t t2 = clock_mono_ns();
    if (rc == 0)
        rc = store_tx_commit(st, &e);
    int64_t t3 = clock_mono_ns();
    log_debug("writer.batch", "jobs=%zu run_us=%" PRId64 " log_us=%" PRId64 " commit_us=%" PRId64,
              n, (t1 - t0) / 1000, (t2 - t1) / 1000, (t3 - t2) / 1000);
    if (rc != 0) {
        int r2 = store_tx_rollback(st, NULL);
        (void)r2;
        alog_tx_abort(&tx);
        err_clear(&e);
        err_set(&e, ERR_UNAVAILABLE, "Het toegangslogboek kon niet worden bijgewerkt.");
        finish_all(batch, ERR_UNAVAILABLE, &e);
        return;
    }
    alog_tx_after_commit(&tx);
    w->batches++;
    w->jobs += n;
    w->last_batch = n;
    metrics_batch_observe(n); /* GET /metrics: commit batch sizes */
    finish_all(batch, 0, NULL);
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    if (app_store(w->app, &st, &e) != 0)
        log_error("writer.start", "code=%s", err_code_name(e.code));
    w->st = st;
    if (st != NULL && w->ckpt_started)
        store_wal_notify(st, wal_grew, w);
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->head == NULL && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->head == NULL && w->stopping)
            break;
        /* Adaptive: after a large batch, give concurrent requests a moment to join this one. */
        if (w->last_batch >= BATCH_LARGE && w->queued < w->last_batch && !w->stopping) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += COLLECT_NS;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&w->cv, &w->mu, &until);
        }
        struct writer_job *batch = take_all(w);
        pthread_mutex_unlock(&w->mu);
        if (st == NULL) {
            err_set(&e, ERR_UNAVAILABLE, "De database is niet beschikbaar.");
            finish_all(batch, ERR_UNAVAILABLE, &e);
        } else {
            run_batch(w, st, batch);
        }
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static void stop_ckpt(struct writer *w)
{
    if (!w->ckpt_started)
        return;
    pthread_mutex_lock(&w->mu);
    w->ckpt_stop = true;
    pthread_cond_signal(&w->ckpt_cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->ckpt_thread, NULL);
    w->ckpt_started = false;
}

int writer_start(struct app *a, struct writer **out, struct err *e)
{
    struct writer *w = calloc(1, sizeof(*w));
    if (w == NULL)
        return ERR_NOMEM;
    w->app = a;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    pthread_cond_init(&w->ckpt_cv, NULL);
    /* Without the checkpointer the writer's connection keeps SQLite's automatic checkpoint. */
    if (pthread_create(&w->ckpt_thread, NULL, ckpt_main, w) == 0) {
        w->ckpt_started = true;
        pthread_setname_np(w->ckpt_thread, "regie-ckpt");
    }
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        stop_ckpt(w);
        pthread_cond_destroy(&w->ckpt_cv);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return err_set(e, ERR_NOMEM, "kan de schrijfthread niet starten");
    }
    w->started = true;
    pthread_setname_np(w->thread, "regie-writer"); /* top -H, perf: a name, not a number */
    *out = w;
    return 0;
}

void writer_submit(struct writer *w, struct writer_job *job)
{
    job->next = NULL;
    job->rc = 0;
    err_clear(&job->err);
    pthread_mutex_lock(&w->mu);
    if (w->stopping) {
        pthread_mutex_unlock(&w->mu);
        err_set(&job->err, ERR_UNAVAILABLE, "De server wordt gestopt.");
        job->done(job->ctx, ERR_UNAVAILABLE, &job->err);
        return;
    }
    if (w->tail)
        w->tail->next = job;
    else
        w->head = job;
    w->tail = job;
    w->queued++;
    metrics_queue_depth_set(w->queued);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void writer_stop(struct writer *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (w->started)
        pthread_join(w->thread, NULL);
    stop_ckpt(w);
    log_info("writer.stopped", "batches=%" PRIu64 " jobs=%" PRIu64, w->batches, w->jobs);
    pthread_cond_destroy(&w->ckpt_cv);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

bool writer_on_thread(const struct writer *w)
{
    return w != NULL && w->started && pthread_equal(pthread_self(), w->thread) != 0;
}

void writer_stats(struct writer *w, uint64_t *out_batches, uint64_t *out_jobs)
{
    pthread_mutex_lock(&w->mu);
    *out_batches = w->batches;
    *out_jobs = w->jobs;
    pthread_mutex_unlock(&w->mu);
}
