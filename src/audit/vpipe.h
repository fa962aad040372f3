/* vpipe.h: feeds stored rows to a verifier on two threads (`regie audit verify` on 2 cores).
 *
 * The caller's thread reads the store and pushes rows; a worker thread folds them into the
 * verifier in order (audit_verify_feed_leaf). The per-row hashing (audit_raw_leaf) is done by
 * whichever of the two has time. The verdict is exactly that of audit_verify_feed_raw on the same
 * rows in the same order: only where the work runs changes.
 *
 * Thread-safety: one producer thread per pipe. The verifier must not be used by the caller
 * between audit_vpipe_new and audit_vpipe_end. */
#ifndef REGIE_AUDIT_VPIPE_H
#define REGIE_AUDIT_VPIPE_H

#include "core/common.h"
#include "core/err.h"
#include "audit/verify.h"

struct audit_vpipe;

/* Starts a pipe into v. threaded=false (or no thread could be started) folds each batch inline
 * on the caller's thread. *out: end it with audit_vpipe_end. Errors: ERR_NOMEM. */
int audit_vpipe_new(struct audit_verify *v, bool threaded, struct audit_vpipe **out,
                    struct err *e) WUR;

/* Copies row (borrowed for the call) into the pipe. Returns 0, or ERR_CONFLICT once the verifier
 * has made a finding (stop pushing; audit_verify_finish reports it). */
int audit_vpipe_push(struct audit_vpipe *p, const struct audit_raw_row *row) WUR;

/* Feeds what is left, waits for the worker and frees p. v then has every pushed row (up to a
 * finding) and can be finished. NULL is a no-op. */
void audit_vpipe_end(struct audit_vpipe *p);

/* ---- range-parallel verification (audit_chunk_*, verify.h) ---------------------------------- */

/* Row source by seq range. scan streams the stored rows with seq in [from, to), in seq order, to
 * cb on the calling thread; `worker` names the calling thread (0 = the caller of
 * audit_verify_ranges, 1.. its helpers) so that a source can give each thread its own database
 * connection. Returns 0, the first non-zero value cb returned (the scan stops there), or a negative
 * enum err_code. */
struct audit_range_src {
    int (*scan)(void *ctx, unsigned worker, uint64_t from, uint64_t to,
                int (*cb)(void *cbctx, const struct audit_raw_row *row), void *cbctx,
                struct err *e);
    void *ctx;
};

#define AUDIT_VERIFY_THREADS_MAX 8u

/* Feeds the stored rows with seq in [from, to) into v: aligned chunks are checked on `threads`
 * threads (the caller's and threads - 1 helpers, at most AUDIT_VERIFY_THREADS_MAX) of 2^chunk_log2
 * positions (0: AUDIT_CHUNK_LOG2; tests use small ones to cross many chunk borders) and folded into
 * v in seq order; a chunk the fold refuses is read again and fed row by row. The verdict is that of
 * audit_verify_feed_raw over every row in seq order. Call audit_verify_finish afterwards.
 * Returns 0 (every row fed, or stopped at a finding), or a negative code: the source's error, or
 * ERR_NOMEM. */
int audit_verify_ranges(struct audit_verify *v, const struct audit_range_src *src, uint64_t from,
                        uint64_t to, unsigned threads, unsigned chunk_log2, struct err *e) WUR;

#endif
