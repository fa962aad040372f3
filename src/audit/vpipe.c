/* vpipe.c: the two-thread verification pipeline (see vpipe.h).
 *
 * A ring of batches. The producer (the caller's thread, which reads the store) copies each row
 * into the batch being filled and publishes full batches. The worker takes published batches in
 * order and, row by row, computes the leaf (audit_raw_leaf's work) unless it is already done and
 * folds it (audit_verify_feed_leaf). When the ring is full the producer does not sleep but
 * computes leaves from the back of the published batches, so the hashing goes to whichever thread
 * has time: reading is the producer's, folding the worker's, hashing both. Each row has a state
 * (RAW -> CLAIMED -> HASHED) changed by compare-and-swap, so every leaf is computed once. */
#include "core/common.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "audit/vpipe.h"

#define ROWS 1024u                /* rows per batch */
#define NBATCH 8u                 /* batches in the ring */
#define ARENA (ROWS * 320u)       /* record bytes per batch; a full arena publishes early */

enum { RAW = 0, CLAIMED = 1, HASHED = 2 };

struct prow {
    _Atomic unsigned char state;
    uint32_t off;
    uint32_t n;
    bool big; /* longer than any valid encoding: not copied, counts as malformed */
    uint8_t salt[AUDIT_SALT_BYTES];
    struct audit_leaf l; /* seq, ok and leaf are filled by whoever hashes the row */
};

struct batch {
    size_t n;
    size_t used; /* arena bytes */
    struct prow row[ROWS];
    uint8_t arena[ARENA];
};

struct audit_vpipe {
    struct audit_verify *v;
    pthread_t thread;
    bool threaded;
    pthread_mutex_t mu;
    pthread_cond_t cv_full;  /* a batch was published, or the end */
    pthread_cond_t cv_free;  /* a batch was consumed */
    size_t head;             /* batch index the producer fills (mod NBATCH) */
    size_t tail;             /* next batch the worker takes */
    size_t published;        /* batches published and not yet consumed */
    bool eof;
    _Atomic bool stop;       /* the verifier made a finding: nothing more to feed */
    struct batch *b;         /* NBATCH */
};

static void hash_row(const struct batch *b, struct prow *r)
{
    struct audit_raw_row raw = {r->l.seq, b->arena + r->off, r->n, r->salt, NULL, NULL};
    if (r->big) {
        r->l.ok = false; /* seq stays the stored seq, as audit_raw_leaf does */
        return;
    }
    uint64_t seq = 0;
    r->l.ok = audit_rec_check(raw.rec, raw.rec_n, &seq) == 0;
    if (r->l.ok) {
        r->l.seq = seq;
        audit_rec_hash_encoded(r->salt, raw.rec, raw.rec_n, r->l.leaf);
    }
}

/* Hashes row r unless another thread has claimed it; true if this call did it. */
static bool claim_and_hash(const struct batch *b, struct prow *r)
{
    unsigned char want = RAW;
    if (!atomic_compare_exchange_strong_explicit(&r->state, &want, CLAIMED, memory_order_acquire,
                                                 memory_order_relaxed))
        return false;
    hash_row(b, r);
    atomic_store_explicit(&r->state, HASHED, memory_order_release);
    return true;
}

static void consume(struct audit_vpipe *p, struct batch *b)
{
    for (size_t i = 0; i < b->n && !atomic_load_explicit(&p->stop, memory_order_relaxed); i++) {
        struct prow *r = &b->row[i];
        if (!claim_and_hash(b, r))
            while (atomic_load_explicit(&r->state, memory_order_acquire) != HASHED)
                sched_yield(); /* the producer is hashing this very row: one hash away */
        if (audit_verify_feed_leaf(p->v, &r->l) != 0)
            atomic_store(&p->stop, true);
    }
}

static void *worker(void *arg)
{
    struct audit_vpipe *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->published == 0 && !p->eof)
            pthread_cond_wait(&p->cv_full, &p->mu);
        if (p->published == 0)
            break;
        struct batch *b = &p->b[p->tail];
        pthread_mutex_unlock(&p->mu);
        consume(p, b);
        pthread_mutex_lock(&p->mu);
        p->tail = (p->tail + 1) % NBATCH;
        p->published--;
        pthread_cond_signal(&p->cv_free);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int audit_vpipe_new(struct audit_verify *v, bool threaded, struct audit_vpipe **out,
                    struct err *e)
{
    int rc = 0;
    struct audit_vpipe *p = calloc(1, sizeof *p);
    *out = NULL;
    if (p == NULL || (p->b = calloc(NBATCH, sizeof p->b[0])) == NULL) {
        free(p);
        return err_set(e, ERR_NOMEM, "geen geheugen voor verificatie");
    }
    p->v = v;
    atomic_init(&p->stop, false);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_full, NULL);
    pthread_cond_init(&p->cv_free, NULL);
    /* Without a second thread (or one CPU's worth of a machine) the batches are folded inline. */
    p->threaded = threaded && pthread_create(&p->thread, NULL, worker, p) == 0;
    *out = p;
    return rc;
}

/* While the ring is full: hash rows of published batches, newest first (the worker eats from
 * the front). Returns with the mutex held and a free batch, or stop. */
static void wait_free(struct audit_vpipe *p)
{
    while (p->published == NBATCH) {
        size_t tail = p->tail, n = p->published;
        pthread_mutex_unlock(&p->mu);
        bool did = false;
        for (size_t k = n; k > 1 && !did; k--) { /* never the batch the worker is in */
            struct batch *b = &p->b[(tail + k - 1) % NBATCH];
            for (size_t i = b->n; i > 0 && !atomic_load(&p->stop); i--)
                did |= claim_and_hash(b, &b->row[i - 1]);
        }
        pthread_mutex_lock(&p->mu);
        if (!did && p->published == NBATCH)
            pthread_cond_wait(&p->cv_free, &p->mu);
    }
}

static void publish(struct audit_vpipe *p)
{
    struct batch *b = &p->b[p->head];
    if (b->n == 0)
        return;
    if (!p->threaded) {
        consume(p, b);
        b->n = 0;
        b->used = 0;
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->published++;
    p->head = (p->head + 1) % NBATCH;
    pthread_cond_signal(&p->cv_full);
    wait_free(p);
    pthread_mutex_unlock(&p->mu);
    struct batch *nb = &p->b[p->head];
    nb->n = 0;
    nb->used = 0;
}

int audit_vpipe_push(struct audit_vpipe *p, const struct audit_raw_row *row)
{
    if (atomic_load_explicit(&p->stop, memory_order_relaxed))
        return ERR_CONFLICT;
    struct batch *b = &p->b[p->head];
    bool big = row->rec_n > AUDIT_REC_MAX;
    if (b->n == ROWS || (!big && ARENA - b->used < row->rec_n)) {
        publish(p);
        b = &p->b[p->head];
    }
    struct prow *r = &b->row[b->n];
    atomic_store_explicit(&r->state, RAW, memory_order_relaxed);
    r->big = big;
    r->off = (uint32_t)b->used;
    r->n = big ? 0 : (uint32_t)row->rec_n;
    if (!big && row->rec_n > 0) {
        memcpy(b->arena + b->used, row->rec, row->rec_n);
        b->used += row->rec_n;
    }
    memcpy(r->salt, row->salt, AUDIT_SALT_BYTES);
    r->l.seq = row->seq;
    memcpy(r->l.stored_leaf, row->leaf_hash, AUDIT_HASH_BYTES);
    memcpy(r->l.stored_chain, row->chain_hash, AUDIT_HASH_BYTES);
    b->n++;
    return 0;
}

void audit_vpipe_end(struct audit_vpipe *p)
{
    if (p == NULL)
        return;
    publish(p);
    if (p->threaded) {
        pthread_mutex_lock(&p->mu);
        p->eof = true;
        pthread_cond_signal(&p->cv_full);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
    }
    pthread_cond_destroy(&p->cv_full);
    pthread_cond_destroy(&p->cv_free);
    pthread_mutex_destroy(&p->mu);
    free(p->b);
    free(p);
}

/* ---- range-parallel verification ------------------------------------------------------------
 * Threads take aligned chunks in order (at most WINDOW ahead of the fold), check them with their
 * own reads (audit_chunk_feed), and whoever finishes a chunk folds every ready chunk in order under
 * the mutex. A refused chunk is re-read and fed row by row by the folding thread. */

#define WINDOW 8u

struct par {
    struct audit_verify *v;
    const struct audit_range_src *src;
    uint64_t from, to;
    unsigned log2;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t next;   /* next chunk index to take */
    uint64_t last;   /* chunk index past the end */
    uint64_t folded; /* next chunk index to fold */
    struct audit_chunk *slot[WINDOW];
    bool ready[WINDOW];
    bool stop;
    int rc;
    struct err err;
};

struct par_arg {
    struct par *p;
    unsigned w;
};

static int chunk_cb(void *ctx, const struct audit_raw_row *row)
{
    return audit_chunk_feed(ctx, row) != 0 ? 1 : 0;
}

static int row_cb(void *ctx, const struct audit_raw_row *row)
{
    return audit_verify_feed_raw(ctx, row) != 0 ? 1 : 0; /* 1: a finding; stop */
}

static void chunk_bounds(const struct par *p, uint64_t ci, uint64_t *a, uint64_t *b)
{
    uint64_t s = ci << p->log2, t = s + ((uint64_t)1 << p->log2);
    *a = s > p->from ? s : p->from;
    *b = t < p->to ? t : p->to;
}

static void fail(struct par *p, int rc, const struct err *e)
{
    if (p->rc == 0) {
        p->rc = rc;
        if (e != NULL)
            p->err = *e;
    }
    p->stop = true;
}

/* Folds the ready chunks in order. Mutex held. */
static void fold_ready(struct par *p, unsigned w)
{
    while (!p->stop && p->folded < p->last && p->ready[p->folded % WINDOW]) {
        size_t k = p->folded % WINDOW;
        int r = audit_verify_apply_chunk(p->v, p->slot[k]);
        if (r == 1) {
            uint64_t a, b;
            struct err e;
            err_clear(&e);
            chunk_bounds(p, p->folded, &a, &b);
            r = p->src->scan(p->src->ctx, w, a, b, row_cb, p->v, &e);
            if (r < 0)
                fail(p, r, &e);
        }
        if (r != 0)
            p->stop = true; /* a finding (or an error): nothing after it matters */
        p->ready[k] = false;
        p->folded++;
    }
    pthread_cond_broadcast(&p->cv);
}

static void par_run(struct par *p, unsigned w)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next < p->last && p->next - p->folded >= WINDOW)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next >= p->last)
            break;
        uint64_t ci = p->next++;
        struct audit_chunk *c = p->slot[ci % WINDOW];
        pthread_mutex_unlock(&p->mu);
        struct err e;
        err_clear(&e);
        uint64_t a, b;
        chunk_bounds(p, ci, &a, &b);
        int rc = audit_chunk_begin(c, p->v, ci << p->log2, p->log2);
        if (rc == 0)
            rc = p->src->scan(p->src->ctx, w, a, b, chunk_cb, c, &e); /* 1: chunk not clean */
        if (rc >= 0 && audit_chunk_end(c) != 0)
            rc = 1;
        pthread_mutex_lock(&p->mu);
        if (rc < 0) {
            fail(p, rc, &e);
            pthread_cond_broadcast(&p->cv);
            break;
        }
        p->ready[ci % WINDOW] = true;
        fold_ready(p, w);
    }
    pthread_mutex_unlock(&p->mu);
}

static void *par_thread(void *arg)
{
    struct par_arg *pa = arg;
    par_run(pa->p, pa->w);
    return NULL;
}

int audit_verify_ranges(struct audit_verify *v, const struct audit_range_src *src, uint64_t from,
                        uint64_t to, unsigned threads, unsigned chunk_log2, struct err *e)
{
    int rc = 0;
    struct par *p = calloc(1, sizeof *p);
    pthread_t th[AUDIT_VERIFY_THREADS_MAX];
    struct par_arg args[AUDIT_VERIFY_THREADS_MAX];
    unsigned started = 0;
    if (p == NULL)
        return err_set(e, ERR_NOMEM, "geen geheugen voor verificatie");
    if (to > AUDIT_TREE_MAX_SIZE)
        to = AUDIT_TREE_MAX_SIZE;
    p->v = v;
    p->src = src;
    p->from = from;
    p->to = to;
    p->log2 = chunk_log2 >= 1 && chunk_log2 <= 40 ? chunk_log2 : AUDIT_CHUNK_LOG2;
    p->next = from >> p->log2;
    p->folded = p->next;
    p->last = to > from ? ((to - 1) >> p->log2) + 1 : p->next;
    for (size_t i = 0; i < WINDOW && rc == 0; i++)
        rc = audit_chunk_new(&p->slot[i]);
    if (rc != 0) {
        rc = err_set(e, ERR_NOMEM, "geen geheugen voor verificatie");
        goto out;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (threads > AUDIT_VERIFY_THREADS_MAX)
        threads = AUDIT_VERIFY_THREADS_MAX;
    for (unsigned w = 1; w < threads; w++) {
        args[started] = (struct par_arg){p, w};
        if (pthread_create(&th[started], NULL, par_thread, &args[started]) != 0)
            break; /* fewer helpers: same verdict, slower */
        started++;
    }
    par_run(p, 0);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    rc = p->rc;
    if (rc < 0 && e != NULL)
        *e = p->err;
out:
    for (size_t i = 0; i < WINDOW; i++)
        audit_chunk_free(p->slot[i]);
    free(p);
    return rc;
}
