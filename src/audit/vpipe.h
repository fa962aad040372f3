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

#endif
