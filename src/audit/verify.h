/* verify.h: the access-log verifier (`regie audit verify`, security.md §2.3).
 *
 * It consumes the stored rows in seq order (streamed: constant memory, so 10 M rows are fine),
 * recomputes every leaf and chain value from the record fields, compares them with the stored
 * columns, rebuilds the Merkle frontier, and compares the root at every checkpoint size with the
 * signed root. It also checks every checkpoint's signature, looks for forks (two validly signed
 * roots for one size, including against the witness's checkpoint), for an append-only violation
 * in the checkpoint list, for truncation below the largest checkpoint or the witnessed size, and
 * accepts a gap in seq only where a validly signed deletion entry covers exactly that gap
 * (segment.h).
 *
 * It reports OK or the first finding by position: bad_seq is the first position found bad.
 * - Record-level findings (SEQ_GAP, BAD_RECORD, LEAF_MISMATCH, CHAIN_MISMATCH) name the exact
 *   row; for a seq that repeats or goes back, the smaller seq.
 * - TRUNCATED and BEHIND_WITNESS name the first missing position (the log size).
 * - Findings about a checkpoint of size S (ROOT_MISMATCH, BAD_SIGNATURE, BAD_CHECKPOINT, FORK,
 *   CONSISTENCY) name the start of the interval that checkpoint was to cover: the largest
 *   validly signed checkpoint size below S (or the trusted start, or 0). A rewrite that
 *   recomputed all hashes cannot be pinned to a row without the original data; it lies in
 *   [bad_seq, bad_end).
 * good_size says how much is proven: rows [0, good_size) match a verified signed root.
 * Rows after the last checkpoint are checked against their own hash columns only: a rewrite of
 * that tail that recomputes the hashes is not detectable (the window is the checkpoint interval).
 *
 * Thread-safety: a struct audit_verify belongs to one thread. Separate verifiers are
 * independent. libsodium must be initialised (core_init). */
#ifndef REGIE_AUDIT_VERIFY_H
#define REGIE_AUDIT_VERIFY_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "audit/checkpoint.h"
#include "audit/record.h"
#include "audit/segment.h"

enum audit_verify_status {
    AUDIT_VERIFY_OK = 0,
    AUDIT_VERIFY_SEQ_GAP,        /* seq missing, repeated or out of order; no deletion entry */
    AUDIT_VERIFY_BAD_RECORD,     /* a field cannot be encoded (value out of its range) */
    AUDIT_VERIFY_LEAF_MISMATCH,  /* recomputed leaf hash != stored leaf_hash */
    AUDIT_VERIFY_CHAIN_MISMATCH, /* recomputed chain hash != stored chain_hash */
    AUDIT_VERIFY_ROOT_MISMATCH,  /* recomputed root at a checkpoint size != signed root */
    AUDIT_VERIFY_BAD_CHECKPOINT, /* checkpoint text malformed */
    AUDIT_VERIFY_BAD_SIGNATURE,  /* checkpoint or deletion entry not signed by the log key */
    AUDIT_VERIFY_TRUNCATED,      /* log ends before the size of a listed checkpoint */
    AUDIT_VERIFY_BEHIND_WITNESS, /* log ends before the witnessed size (rollback) */
    AUDIT_VERIFY_FORK,           /* two validly signed, different roots for one size */
    AUDIT_VERIFY_CONSISTENCY,    /* a checkpoint issued later has a smaller size than an
                                    earlier one (the list is not append-only) */
    AUDIT_VERIFY_BAD_DELETION,   /* deletion entry malformed, overlapping, not matching the
                                    chain, or earlier than the retention period allows */
    AUDIT_VERIFY_INCOMPLETE,     /* verification could not run to the end (iterator error) */
};

/* Static English name of a status, e.g. "leaf_mismatch". */
const char *audit_verify_status_name(enum audit_verify_status s);

#define AUDIT_VERIFY_WITNESS ((size_t)-2) /* report.checkpoint value naming the witness */
#define AUDIT_VERIFY_NONE ((size_t)-1)

/* Inputs. Texts are borrowed for the duration of audit_verify_new only (parsed there). */
struct audit_verify_opts {
    const struct audit_verifier *key; /* the log's public key (required) */
    const struct str *checkpoints;    /* signed checkpoints, in the order they were issued */
    size_t n_checkpoints;
    struct str witness;          /* the witness's latest checkpoint; {NULL, 0} = none */
    const struct str *deletions; /* signed segment-deletion entries, any order */
    size_t n_deletions;
    /* Start from this state instead of the empty log: a state exported by an earlier verified run
     * at a checkpoint (audit_verify_state). Rows must then start at trusted->fr.end; a checkpoint
     * of exactly that size is compared with the state; checkpoints below it (like those inside a
     * dropped segment) are checked for signature, order and forks only. NULL = from 0. */
    const struct audit_state *trusted;
    /* A deletion entry is accepted only if deleted_at_ms - last_ts_ms >= this (0: no check). */
    int64_t min_retention_ms;
    /* Threads for the checkpoints' signature checks in audit_verify_new (the caller's and
     * threads - 1 helpers, at most AUDIT_VERIFY_PARSE_THREADS_MAX; 0 or 1: the caller's only). */
    unsigned threads;
};

#define AUDIT_VERIFY_PARSE_THREADS_MAX 8u

struct audit_verify_report {
    enum audit_verify_status status;
    uint64_t bad_seq;   /* first position found bad (see above); == size when OK */
    uint64_t bad_end;   /* end of the suspect range [bad_seq, bad_end) */
    uint64_t good_size; /* [0, good_size) matches a verified signed root */
    size_t checkpoint;  /* index into opts.checkpoints, AUDIT_VERIFY_WITNESS, or
                           AUDIT_VERIFY_NONE */
    uint64_t size;      /* log size reached (rows consumed + deleted segments) */
    uint64_t records;   /* rows consumed */
    size_t
        checkpoints_checked; /* distinct checkpoint sizes whose root was recomputed and matched */
    size_t deletions_applied;
    uint8_t root[AUDIT_HASH_BYTES]; /* root at size (meaningful when OK) */
    char detail[160];               /* English, ids and numbers only (for the operational log) */
};

struct audit_verify;

/* Parses and checks the checkpoints, the witness and the deletion entries, and prepares to
 * receive rows. Problems in those texts are not errors here: they become findings, reported in
 * position order by feed/finish. *out: caller frees with audit_verify_free.
 * Errors: ERR_INVAL (no key, too many inputs, inconsistent trusted state), ERR_NOMEM. */
int audit_verify_new(const struct audit_verify_opts *o, struct audit_verify **out,
                     struct err *e) WUR;

/* Feeds the next stored row (borrowed for the call). Returns 0 to go on, or ERR_CONFLICT once a
 * finding has been made (sticky: later rows are ignored; call audit_verify_finish). */
int audit_verify_feed(struct audit_verify *v, const struct audit_row *row) WUR;

/* A stored row as it lies in the store: its canonical encoding exactly as written (hashed as
 * is, never decoded and re-encoded), its salt and the two hash columns, all borrowed for the
 * call. seq is the store's seq column; it is used only when rec is not a valid encoding. */
struct audit_raw_row {
    uint64_t seq;
    const uint8_t *rec;
    size_t rec_n;
    const uint8_t *salt;       /* AUDIT_SALT_BYTES */
    const uint8_t *leaf_hash;  /* AUDIT_HASH_BYTES */
    const uint8_t *chain_hash; /* AUDIT_HASH_BYTES */
};

/* Same verdict as audit_verify_feed with the decoded row (a row whose encoding does not decode
 * counts as a zeroed record at the stored seq: BAD_RECORD there), at a fraction of the cost. */
int audit_verify_feed_raw(struct audit_verify *v, const struct audit_raw_row *row) WUR;

/* The feed split in two for a pipeline: audit_raw_leaf is the per-row work that does not depend
 * on the log so far (format check, entry and leaf hash; reentrant, any thread), and
 * audit_verify_feed_leaf folds the results in seq order (chain, frontier, checkpoints).
 * feed_leaf(raw_leaf(row)) == feed_raw(row). */
struct audit_leaf {
    uint64_t seq;
    bool ok; /* rec was a valid encoding; leaf is its leaf hash */
    uint8_t leaf[AUDIT_HASH_BYTES];
    uint8_t stored_leaf[AUDIT_HASH_BYTES];
    uint8_t stored_chain[AUDIT_HASH_BYTES];
};
void audit_raw_leaf(const struct audit_raw_row *row, struct audit_leaf *out);
int audit_verify_feed_leaf(struct audit_verify *v, const struct audit_leaf *l) WUR;

/* Ends the stream and fills *out. Returns 0 when the log verified, ERR_CONFLICT when a finding
 * was made (out->status says which). */
int audit_verify_finish(struct audit_verify *v, struct audit_verify_report *out) WUR;

/* The verifier's current state (frontier and chain after the last row fed), for incremental
 * verification: taken right after the row that completed a verified checkpoint (report
 * good_size == size), it can be stored and passed as opts.trusted next time.
 * Returns 0, or ERR_CONFLICT if a finding was made (the state proves nothing then). */
int audit_verify_state(const struct audit_verify *v, struct audit_state *out,
                       uint64_t *out_good_size) WUR;

/* ---- range-parallel verification -------------------------------------------------------------
 * Every stored row carries its leaf and chain hashes, so the checks of a row need only that row and
 * the stored chain of the row before it. The log can therefore be checked in aligned chunks of
 * AUDIT_CHUNK_ROWS positions on several threads (audit_chunk_*, any thread, each chunk its own
 * struct) and the chunks folded into the verifier in seq order (audit_verify_apply_chunk, the
 * verifier's thread). A chunk carries what the fold needs: the Merkle subtree range it covers, the
 * partial root at every checkpoint size inside it, and its first leaf and chain (checked against
 * the verifier's chain at fold time). Whenever a chunk is not plainly clean (a bad row, a gap, a
 * deletion, a pending finding or a root mismatch inside it), the fold refuses it and the caller
 * feeds that chunk's rows one by one with audit_verify_feed_raw: so the verdict, including the
 * first bad position, is exactly that of feeding every row in order. */
#define AUDIT_CHUNK_LOG2 16u
#define AUDIT_CHUNK_ROWS ((uint64_t)1 << AUDIT_CHUNK_LOG2)

struct audit_chunk;

/* A reusable chunk. Errors: ERR_NOMEM. */
int audit_chunk_new(struct audit_chunk **out) WUR;
void audit_chunk_free(struct audit_chunk *c);

/* Starts checking the rows of positions [start, start + 2^log2) (start a multiple of 2^log2,
 * 1 <= log2 <= 40; AUDIT_CHUNK_LOG2 by default, small ones in tests) for verifier v. Reads only what audit_verify_new set up and never changes
 * (the signed checkpoint sizes), so it may run while another thread folds into v.
 * Errors: ERR_INVAL (start not aligned), ERR_NOMEM. */
int audit_chunk_begin(struct audit_chunk *c, const struct audit_verify *v, uint64_t start,
                      unsigned log2) WUR;

/* Checks the next stored row of the chunk (borrowed for the call): format, seq, leaf, chain
 * against the previous row's stored chain, and the subtree. Returns 0, or ERR_CONFLICT once the
 * chunk is not clean (stop feeding it: the fold will refuse it). The chain checks are made a
 * batch of rows at a time, so a bad chain may be reported some rows later or by
 * audit_chunk_end. */
int audit_chunk_feed(struct audit_chunk *c, const struct audit_raw_row *row) WUR;

/* Ends the feeding of a chunk: finishes the checks audit_chunk_feed left for a batch of rows.
 * Returns 0, or ERR_CONFLICT if the chunk is not clean. Call it before audit_verify_apply_chunk
 * (which refuses a chunk with unfinished checks). */
int audit_chunk_end(struct audit_chunk *c) WUR;

/* Folds a fed chunk into v. Returns 0 (applied: v is as if its rows had been fed one by one),
 * 1 (refused, v unchanged: feed the chunk's rows with audit_verify_feed_raw instead), or
 * ERR_CONFLICT (v has already made a finding). */
int audit_verify_apply_chunk(struct audit_verify *v, const struct audit_chunk *c) WUR;

/* Frees v. NULL is a no-op. */
void audit_verify_free(struct audit_verify *v);

/* Row source for audit_verify: next() returns 1 and fills *out (borrowed until the next call),
 * 0 at the end, or a negative enum err_code. */
struct audit_row_iter {
    int (*next)(void *ctx, struct audit_row *out, struct err *e);
    void *ctx;
};

/* Runs a whole verification: new, feed every row of it, finish. Returns 0 when the log verified,
 * ERR_CONFLICT with out->status set when a finding was made, or another negative code (out->status
 * AUDIT_VERIFY_INCOMPLETE) when it could not run (bad options, iterator error, ERR_NOMEM). */
int audit_verify(const struct audit_verify_opts *o, struct audit_row_iter it,
                 struct audit_verify_report *out, struct err *e) WUR;

#endif
