/* audit.h: persistence of the access log (the SQL side of src/audit/). Rows are appended inside
 * the caller's transaction; the head row (size, Merkle frontier, chain) is read and written in the
 * same transaction, so concurrent writers serialise on SQLite's write lock and the log stays
 * gap-free. Conventions as store.h. */
#ifndef REGIE_STORE_AUDIT_H
#define REGIE_STORE_AUDIT_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

struct store;

struct store_audit_row {
    uint64_t seq;
    int64_t ts;
    int action;
    int64_t user_id;
    int64_t org_id;
    const uint8_t *subject;     /* 32 bytes or NULL */
    struct str object_type;
    const uint8_t *rec;         /* canonical encoding */
    size_t rec_n;
    const uint8_t *salt;        /* 16 */
    const uint8_t *leaf;        /* 32 */
    const uint8_t *chain;       /* 32 */
};

int store_audit_insert(struct store *st, const struct store_audit_row *row, struct err *e) WUR;

struct store_audit_head {
    bool found;
    uint64_t size;
    int64_t dropped_below;
    int64_t last_checkpoint_size;
    int64_t last_checkpoint_at;
    size_t state_n;             /* bytes written to the caller's state buffer */
};

/* Reads the head row into *out and the state blob into state[0..state_cap). found=false on an
 * empty log. ERR_TOOBIG if the stored state does not fit. */
int store_audit_head_get(struct store *st, void *state, size_t state_cap,
                         struct store_audit_head *out, struct err *e) WUR;
/* Inserts or replaces the head row. */
int store_audit_head_put(struct store *st, const struct store_audit_head *h, const void *state,
                         size_t state_n, struct err *e) WUR;

int store_audit_checkpoint_add(struct store *st, uint64_t size, int64_t created_at,
                               struct str note, struct err *e) WUR;
/* Calls cb for every checkpoint in size order; cb returns 0 to go on, non-zero to stop (passed
 * back). Strings are borrowed for the duration of the call. */
int store_audit_checkpoint_each(struct store *st,
                                int (*cb)(void *ctx, uint64_t size, int64_t at, struct str note),
                                void *ctx, struct err *e) WUR;

/* Streams the rows with seq >= from in seq order to cb (borrowed pointers, valid during the
 * call); cb returns non-zero to stop (passed back). */
int store_audit_scan(struct store *st, uint64_t from,
                     int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                     struct err *e) WUR;

/* store_audit_scan for `regie audit verify`: fills only seq, rec, salt, leaf and chain (the
 * other fields are zero), reading only those columns; same errors as store_audit_scan. */
int store_audit_scan_verify(struct store *st, uint64_t from,
                            int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                            struct err *e) WUR;

/* store_audit_scan_verify over the rows with from <= seq < to only. */
int store_audit_scan_verify_range(struct store *st, uint64_t from, uint64_t to,
                                  int (*cb)(void *ctx, const struct store_audit_row *row),
                                  void *ctx, struct err *e) WUR;

/* Smallest and largest seq >= 0 in the log (*out_any false when it has no such row). */
int store_audit_seq_bounds(struct store *st, bool *out_any, uint64_t *out_min, uint64_t *out_max,
                           struct err *e) WUR;

enum store_audit_by {
    STORE_AUDIT_BY_SUBJECT = 1,
    STORE_AUDIT_BY_USER,
    STORE_AUDIT_BY_ORG,
    STORE_AUDIT_BY_PERIOD,
};

struct store_audit_query {
    enum store_audit_by by;
    uint8_t subject[32];
    int64_t user_id;
    int64_t org_id;
    int64_t from_ts;            /* inclusive; 0 = no lower bound */
    int64_t to_ts;              /* exclusive; 0 = no upper bound */
    int action;                 /* 0 = any */
    uint64_t before_seq;        /* paging: only rows with seq < before_seq; 0 = from the end */
    int64_t limit;              /* 1..10000 */
};

/* Newest first. Same callback contract as store_audit_scan. */
int store_audit_query(struct store *st, const struct store_audit_query *q,
                      int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                      struct err *e) WUR;

/* Records a signed segment deletion and deletes the rows [start, end) — only the oldest rows may
 * go: start must equal the current dropped_below. */
int store_audit_drop_segment(struct store *st, uint64_t start, uint64_t end, int64_t at,
                             struct str note, struct err *e) WUR;
/* Calls cb for every recorded segment deletion, oldest first. */
int store_audit_drop_each(struct store *st,
                          int (*cb)(void *ctx, uint64_t start, uint64_t end, struct str note),
                          void *ctx, struct err *e) WUR;

#endif
