/* access_log.h: the hooks every use-case calls to write access-log records (security.md §2.2):
 * one record per data subject per operation. Records are appended inside the caller's store
 * transaction, so a write and its records commit together and a read's records are durable
 * (synchronous=FULL) before the caller answers. If a record cannot be written the operation fails
 * with ERR_UNAVAILABLE (fail closed). Signed checkpoints are made every N records or M seconds
 * (config audit_checkpoint_records / audit_checkpoint_s) and copied to the witness file. */
#ifndef REGIE_APP_ACCESS_LOG_H
#define REGIE_APP_ACCESS_LOG_H

#include "app/app.h"
#include "audit/record.h"
#include "policy/policy.h"

struct store;

/* Who asks, and where from: filled once per request by the HTTP layer (or the CLI). */
struct alog_req {
    struct actor actor;
    char role[96];                 /* comma-separated role names of the actor */
    char request_id[33];
    uint8_t trace_id[AUDIT_TRACE_ID_BYTES];
    uint8_t span_id[AUDIT_SPAN_ID_BYTES];
    uint8_t parent_span_id[AUDIT_SPAN_ID_BYTES];
    char client_addr[64];
    char session_ref[65];          /* hex of a hash of the session, never the token */
    char authz_rule[128];          /* the policy row that let the request in (route level) */
    /* Purpose binding (app/purpose.h, docs/purpose.md): the purpose of a case-content read as
     * "code: label", and for a re-use the recorded legal basis. Events whose .purpose (or
     * .legal_basis) is NULL take these; empty = none bound. */
    char purpose[192];
    char legal_basis[AUDIT_LEGAL_BASIS_MAX];
};

/* Fills the request context: a new trace (or the caller's W3C traceparent when given and valid)
 * and span, role names from actor. traceparent may be NULL. */
void alog_req_init(struct app *a, struct alog_req *r, const struct actor *actor,
                   const char *request_id,
                   const char *client_addr, const uint8_t *session_hash, const char *traceparent);

#define ALOG_MAX_SUBJECTS 1000

/* One event. n_subjects == 0 writes one record without a data subject. */
struct alog_ev {
    enum audit_action action;
    enum audit_outcome outcome;
    const char *object_type;       /* "user", "person", "case", "audit_log", "session" */
    const char *object_id;         /* public id, "" for lists */
    uint32_t categories;           /* enum audit_category */
    const char *fields;            /* comma-separated field codes, no values */
    const char *purpose;           /* mandatory for search, export, break-glass */
    const char *processing_activity; /* URI; default: the activity of the object type */
    const char *legal_basis;       /* default: the basis of the object type */
    const char *authz_rule;        /* the policy row that allowed/denied */
    const char *subject_type;      /* "user", "person" */
    const uint8_t (*subjects)[AUDIT_SUBJECT_BYTES];
    size_t n_subjects;
    /* The type of each subject when they differ (n_subjects string literals: alog_pending keeps
     * the pointers), or NULL: subject_type for all. */
    const char *const *subject_types;
};

/* A batch of records inside one open store transaction. */
struct alog_tx {
    struct app *app;
    struct store *st;
    struct audit_state state;
    uint64_t start_size;
    int64_t dropped_below;
    int64_t last_cp_size;
    int64_t last_cp_at;
    char *note;                    /* checkpoint made in this transaction (malloc'd) or NULL */
};

/* Loads the log head. Call inside a store transaction (store_tx_begin). */
int alog_tx_begin(struct app *a, struct store *st, struct alog_tx *tx, struct err *e) WUR;

/* Appends the records of ev (one per subject). ERR_UNAVAILABLE when a record cannot be written;
 * the caller must then roll back the whole transaction. */
int alog_tx_add(struct alog_tx *tx, const struct alog_req *rq, const struct alog_ev *ev,
                struct err *e) WUR;

/* Writes the head and, when due, a signed checkpoint. Still inside the transaction. */
int alog_tx_end(struct alog_tx *tx, struct err *e) WUR;

/* After the transaction committed: hands a checkpoint made in it to the witness; frees tx. */
void alog_tx_after_commit(struct alog_tx *tx);
/* After a rollback: frees tx. */
void alog_tx_abort(struct alog_tx *tx);

/* Runs fn inside one store transaction together with an open alog_tx: fn writes its data and
 * calls alog_tx_add; then the head/checkpoint are written and everything commits at once. Any
 * failure rolls back the data and the records together. Returns fn's error, or ERR_UNAVAILABLE
 * when the log could not be written. */
typedef int (*alog_fn)(struct store *st, struct alog_tx *tx, void *ctx, struct err *e);
int alog_run(struct app *a, alog_fn fn, void *ctx, struct err *e) WUR;

/* Convenience: one transaction holding just these records (reads logged synchronously). */
int alog_write(struct app *a, const struct alog_req *rq, const struct alog_ev *ev,
               struct err *e) WUR;

/* A read's records, prepared on a worker thread and committed by the writer thread (group
 * commit), so the worker never waits for fsync. The caller keeps the response until done reports
 * rc == 0: only then are the records durable and may the data leave. */
struct alog_pending;

/* Copies rq and ev (and the subjects) into a new pending batch. ERR_NOMEM. */
int alog_pending_new(struct app *a, const struct alog_req *rq, const struct alog_ev *ev,
                     struct alog_pending **out, struct err *e) WUR;

/* Hands the records to the writer thread (or, without one, writes them now on this thread) and
 * calls done(ctx, rc, e) once they are durable (rc 0) or could not be written (ERR_UNAVAILABLE).
 * Takes ownership of p (freed after done). done may run on another thread. */
void alog_pending_submit(struct alog_pending *p,
                         void (*done)(void *ctx, int rc, const struct err *e), void *ctx);

/* Frees a pending batch that was never submitted. NULL ok. */
void alog_pending_free(struct alog_pending *p);

/* Pseudonym of a data subject: keyed hash of "<kind>:<id>" with the log key. */
void alog_subject(struct app *a, const char *kind, int64_t id, uint8_t out[AUDIT_SUBJECT_BYTES]);

/* Forces a signed checkpoint of the current log (CLI `regie audit checkpoint`). *out_size
 * receives the size it covers. */
int alog_checkpoint_now(struct app *a, uint64_t *out_size, struct err *e) WUR;

#endif
