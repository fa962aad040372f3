/* logfix.h: deterministic in-memory access logs for the audit tests: realistic random records
 * (fixed seed), written through audit_state_append exactly as the writer would, with signed
 * checkpoints every cp_every records and the writer state kept at each checkpoint. */
#ifndef REGIE_TESTS_AUDIT_LOGFIX_H
#define REGIE_TESTS_AUDIT_LOGFIX_H

#include "core/common.h"
#include "audit/checkpoint.h"
#include "audit/record.h"
#include "audit/segment.h"
#include "audit/verify.h"

#define LF_BUF 640 /* room for every string field of one generated record */

/* A row whose strings live in its own buffer. */
struct lf_row {
    struct audit_row row;
    char buf[LF_BUF];
};

struct lf_log {
    size_t n;
    struct lf_row *rows;
    struct audit_signer key;
    size_t n_cps;
    uint64_t *cp_size;
    char **cp_text;
    struct str *cps;              /* cp_text as slices, for audit_verify_opts */
    struct audit_state *cp_state; /* writer state right after cp_size[i] records */
    struct audit_state end_state;
};

/* splitmix64 */
uint64_t lf_rand(uint64_t *s);
/* uniform in [0, n), n > 0 */
uint64_t lf_below(uint64_t *s, uint64_t n);

/* The fixed log signing key (seed 1..32) and another key with the same name (seed 101..132). */
void lf_key(struct audit_signer *out);
void lf_other_key(struct audit_signer *out);

/* Fills r with a random valid record at seq with timestamp ts (strings in r->buf). */
void lf_rec_random(struct lf_row *r, uint64_t seq, int64_t ts, uint64_t *rng);

/* Deep copy: dst's strings point into dst->buf. */
void lf_row_copy(struct lf_row *dst, const struct lf_row *src);

/* Builds n records with checkpoints at every multiple of cp_every (0: none). Aborts the test
 * process on any unexpected error. */
void lf_build(struct lf_log *l, size_t n, size_t cp_every, uint64_t seed);
void lf_free(struct lf_log *l);

/* Signs (size, root) with s into a heap string; caller frees. */
char *lf_sign_cp(const struct audit_signer *s, uint64_t size, const uint8_t root[32]);

/* Iterator over rows[i..n) of an array (for audit_verify). */
struct lf_iter {
    const struct lf_row *rows;
    size_t i;
    size_t n;
};
int lf_iter_next(void *ctx, struct audit_row *out, struct err *e);

/* Runs audit_verify over rows[from..to) with the given checkpoints/witness/deletions. */
int lf_verify(const struct lf_log *l, const struct lf_row *rows, size_t from, size_t to,
              const struct str *cps, size_t n_cps, struct str witness, const struct str *dels,
              size_t n_dels, const struct audit_state *trusted, struct audit_verify_report *rep);

/* Builds the head of segment [a, b) of l (from the clean rows). */
void lf_seg_head(const struct lf_log *l, uint64_t a, uint64_t b, struct audit_seg_head *out);

#endif
