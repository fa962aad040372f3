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
