/* segment.h: retention of the access log by whole segments, without breaking verification.
 *
 * The log is one RFC 9162 tree over all records; a segment is a range [start, end) of it (a month,
 * or a fixed count: the store decides the boundaries). Before an expired segment is dropped, its
 * head is computed: the compact range of [start, end) in the global tree (at most two hashes per
 * tree level), the chain values before and after it, and its newest timestamp. The head holds no
 * personal data (only hashes of salted records). The log key signs it as a deletion entry (a C2SP
 * signed note), which the store keeps for the life of the system in the outer log of deletions.
 *
 * When the verifier meets a gap in seq it accepts it only if a validly signed deletion entry
 * covers exactly that gap; it then merges the entry's nodes into its frontier and continues with
 * the entry's chain value, so every checkpoint at or after the segment's end is still recomputed
 * and checked. Checkpoints inside a dropped segment can only be checked for signature and forks.
 * A forged entry cannot be made without the key; a wrong entry signed by the key is caught by the
 * next checkpoint root (which witnesses hold).
 *
 * Deletion entry text (then an empty line and the signature line):
 *   <origin>\n
 *   regie-audit-segment-deletion v1\n
 *   <start> <end>\n
 *   <last_ts_ms> <deleted_at_ms>\n
 *   <base64 chain_in>\n
 *   <base64 chain_out>\n
 *   <base64 node>\n ...        one per node of the compact range [start, end), left to right
 *
 * Thread-safety: reentrant; a builder belongs to one thread. */
#ifndef REGIE_AUDIT_SEGMENT_H
#define REGIE_AUDIT_SEGMENT_H

#include "core/common.h"
#include "core/err.h"
#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "audit/record.h"

struct audit_seg_head {
    uint64_t start;                      /* first seq of the segment */
    uint64_t end;                        /* one past the last seq */
    int64_t last_ts_ms;                  /* newest ts_ms in the segment */
    uint8_t chain_in[AUDIT_HASH_BYTES];  /* chain value before start */
    uint8_t chain_out[AUDIT_HASH_BYTES]; /* chain value of record end - 1 */
    struct audit_crange nodes;           /* compact range [start, end) */
};

/* A segment head with its deletion time, as read back from a signed deletion entry. */
struct audit_seg_deletion {
    struct audit_seg_head head;
    int64_t deleted_at_ms;
};

/* Computes a head from the segment's rows, recomputing every leaf and chain value from the fields
 * and refusing rows whose stored hash columns disagree (never sign away what does not verify). */
struct audit_seg_builder {
    struct audit_seg_head head;
    uint8_t chain[AUDIT_HASH_BYTES];
    int failed; /* sticky: 0 or the first error */
};

/* Starts a segment at start; chain_in is the chain value of record start - 1 (or
 * audit_chain_init() for start 0), taken from a verified state. */
void audit_seg_builder_init(struct audit_seg_builder *b, uint64_t start,
                            const uint8_t chain_in[AUDIT_HASH_BYTES]);

/* Adds the next row (seq must follow). Errors: ERR_INVAL (seq out of order, bad record),
 * ERR_CONFLICT (stored leaf or chain column does not match the recomputed value). Sticky. */
int audit_seg_builder_add(struct audit_seg_builder *b, const struct audit_row *row,
                          struct err *e) WUR;

/* Copies the finished head to *out. Errors: ERR_INVAL (no rows), or the sticky error. */
int audit_seg_builder_finish(const struct audit_seg_builder *b, struct audit_seg_head *out,
                             struct err *e) WUR;

/* Writes the signed deletion entry for h into out (capacity cap; AUDIT_NOTE_MAX suffices),
 * NUL-terminated. deleted_at_ms >= 0. Errors: ERR_INVAL (inconsistent head), ERR_TOOBIG. */
int audit_segdel_sign(const struct audit_signer *s, const struct audit_seg_head *h,
                      int64_t deleted_at_ms, char *out, size_t cap, size_t *out_len,
                      struct err *e) WUR;

/* Parses and verifies a deletion entry (untrusted input; same note rules as checkpoints), and
 * checks that the node count matches [start, end) and start < end. Outputs only on success.
 * Errors: ERR_INVAL (malformed), ERR_CRYPTO (no valid signature by pk). */
int audit_segdel_parse_verify(const char *text, size_t n, const struct audit_verifier *pk,
                              struct audit_seg_deletion *out, struct err *e) WUR;

#endif
