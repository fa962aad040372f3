/* test_verify.c: the verifier's behaviour case by case, incremental verification from a trusted
 * state, and retention by segment (policy deletion with and without signed deletion entries). */
#include "core/common.h"

#include <criterion/criterion.h>

#include "logfix.h"

#define N 10000
#define CP 1000
#define SEG 2500

static struct lf_log L;

static void setup(void)
{
    lf_build(&L, N, CP, 0x5eed);
}

static void teardown(void)
{
    lf_free(&L);
}

TestSuite(audit_verify, .init = setup, .fini = teardown, .timeout = 120);

static struct str witness_last(void)
{
    return L.cps[L.n_cps - 1];
}

Test(audit_verify, clean_log_verifies)
{
    struct audit_verify_report rep;
    int rc = lf_verify(&L, L.rows, 0, N, L.cps, L.n_cps, witness_last(), NULL, 0, NULL, &rep);
    cr_assert_eq(rc, 0, "%s", rep.detail);
    cr_assert_eq(rep.status, AUDIT_VERIFY_OK);
    cr_assert_eq(rep.size, N);
    cr_assert_eq(rep.records, N);
    cr_assert_eq(rep.good_size, N);
    cr_assert_eq(rep.checkpoints_checked, 10);
    uint8_t root[32];
    audit_state_root(&L.end_state, root);
    cr_assert_arr_eq(rep.root, root, 32);
    cr_assert_str_eq(audit_verify_status_name(rep.status), "ok");
}

Test(audit_verify, empty_log)
{
    struct audit_verify_report rep;
    cr_assert_eq(lf_verify(&L, L.rows, 0, 0, NULL, 0, STR_NULL, NULL, 0, NULL, &rep), 0);
    cr_assert_eq(rep.size, 0);
    uint8_t e[32];
    audit_merkle_empty_root(e);
    char *cp = lf_sign_cp(&L.key, 0, e);
    struct str s = str_from_cstr(cp);
    cr_assert_eq(lf_verify(&L, L.rows, 0, 0, &s, 1, s, NULL, 0, NULL, &rep), 0);
    cr_assert_eq(rep.checkpoints_checked, 1);
    free(cp);
}

/* Records after the last checkpoint are only checked against their own columns: a rewrite of
 * that tail with recomputed hashes passes (the documented window), and good_size shows it. */
Test(audit_verify, tail_after_last_checkpoint_is_the_window)
{
    struct audit_verify_report rep;
    size_t n = 9500; /* last checkpoint at 9000 */
    cr_assert_eq(lf_verify(&L, L.rows, 0, n, L.cps, 9, STR_NULL, NULL, 0, NULL, &rep), 0);
    cr_assert_eq(rep.good_size, 9000);
    cr_assert_eq(rep.size, 9500);
    /* rewrite 9200 and rehash 9200..9499 */
    struct lf_row *rows = calloc(n, sizeof *rows);
    for (size_t i = 0; i < n; i++)
        lf_row_copy(&rows[i], &L.rows[i]);
    rows[9200].row.rec.user_id = 4242;
    uint8_t chain[32];
    memcpy(chain, rows[9199].row.chain_hash, 32);
    for (size_t i = 9200; i < n; i++) {
        cr_assert_eq(audit_rec_hash(&rows[i].row.rec, NULL, rows[i].row.leaf_hash, NULL), 0);
        audit_chain_next(chain, rows[i].row.leaf_hash, chain);
        memcpy(rows[i].row.chain_hash, chain, 32);
    }
    cr_assert_eq(lf_verify(&L, rows, 0, n, L.cps, 9, STR_NULL, NULL, 0, NULL, &rep), 0);
    cr_assert_eq(rep.good_size, 9000);
    /* but not once a checkpoint covers it */
    cr_assert_eq(lf_verify(&L, rows, 0, n, L.cps, 9, L.cps[9], NULL, 0, NULL, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BEHIND_WITNESS);
    free(rows);
}

Test(audit_verify, witness_older_or_equal)
{
    struct audit_verify_report rep;
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, L.cps, L.n_cps, L.cps[4], NULL, 0, NULL, &rep), 0);
    /* a witness at a size that has no listed checkpoint is recomputed too */
    uint8_t root[32];
    struct audit_crange fr;
    audit_crange_init(&fr, 0);
    for (size_t i = 0; i < 4321; i++)
        cr_assert_eq(audit_crange_append_leaf(&fr, L.rows[i].row.leaf_hash), 0);
    cr_assert_eq(audit_crange_root(&fr, root), 0);
    char *w = lf_sign_cp(&L.key, 4321, root);
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, L.cps, L.n_cps, str_from_cstr(w), NULL, 0, NULL, &rep),
                 0);
    cr_assert_eq(rep.checkpoints_checked, 11);
    root[0] ^= 1;
    free(w);
    w = lf_sign_cp(&L.key, 4321, root);
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, L.cps, L.n_cps, str_from_cstr(w), NULL, 0, NULL, &rep),
                 ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_ROOT_MISMATCH);
    cr_assert_eq(rep.checkpoint, AUDIT_VERIFY_WITNESS);
    cr_assert_eq(rep.bad_seq, 4000);
    cr_assert_eq(rep.bad_end, 4321);
    free(w);
}

Test(audit_verify, malformed_and_misordered_checkpoints)
{
    struct audit_verify_report rep;
    struct str cps[11];
    memcpy(cps, L.cps, sizeof(struct str) * 10);
    cps[3] = STR_LIT("garbage");
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, cps, 10, STR_NULL, NULL, 0, NULL, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_CHECKPOINT);
    cr_assert_eq(rep.checkpoint, 3);
    cr_assert_eq(rep.bad_seq, 3000); /* after the last good one issued before it */
    /* issue order going backwards (1000..6000, then 3000 or 2500) breaks append-only */
    memcpy(cps, L.cps, sizeof(struct str) * 6);
    cps[6] = L.cps[2];
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, cps, 7, STR_NULL, NULL, 0, NULL, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_CONSISTENCY);
    cr_assert_eq(rep.checkpoint, 6);
    cr_assert_eq(rep.bad_seq, 2000);
    uint8_t root[32];
    struct audit_crange fr;
    audit_crange_init(&fr, 0);
    for (size_t i = 0; i < 2500; i++)
        cr_assert_eq(audit_crange_append_leaf(&fr, L.rows[i].row.leaf_hash), 0);
    cr_assert_eq(audit_crange_root(&fr, root), 0);
    char *c = lf_sign_cp(&L.key, 2500, root);
    cps[6] = str_from_cstr(c);
    cr_assert_eq(lf_verify(&L, L.rows, 0, N, cps, 7, STR_NULL, NULL, 0, NULL, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_CONSISTENCY);
    cr_assert_eq(rep.bad_seq, 2000);
    free(c);
}

Test(audit_verify, trusted_start)
{
    struct audit_verify_report rep;
    /* from the state at 3000, rows 3000.. */
    cr_assert_eq(lf_verify(&L, L.rows, 3000, N, L.cps, L.n_cps, witness_last(), NULL, 0,
                           &L.cp_state[2], &rep),
                 0);
    cr_assert_eq(rep.records, N - 3000);
    cr_assert_eq(rep.checkpoints_checked, 8); /* 3000 (against the state) .. 10000 */
    /* rows that do not start at the trusted size */
    cr_assert_eq(lf_verify(&L, L.rows, 3001, N, L.cps, L.n_cps, witness_last(), NULL, 0,
                           &L.cp_state[2], &rep),
                 ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_SEQ_GAP);
    cr_assert_eq(rep.bad_seq, 3000);
    /* a trusted state that disagrees with the checkpoint at its size */
    struct audit_state st = L.cp_state[2];
    st.fr.node[0][0] ^= 1;
    cr_assert_eq(lf_verify(&L, L.rows, 3000, N, L.cps, L.n_cps, witness_last(), NULL, 0, &st, &rep),
                 ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_ROOT_MISMATCH);
    cr_assert_eq(rep.bad_seq, 2000);
    /* an inconsistent trusted state is refused outright */
    st = L.cp_state[2];
    st.fr.n = 1;
    struct audit_verify_opts o = {.key = &L.key.pub, .trusted = &st};
    struct audit_verify *v = NULL;
    cr_assert_eq(audit_verify_new(&o, &v, NULL), ERR_INVAL);
    cr_assert_null(v);
}

Test(audit_verify, push_api_and_state_export)
{
    struct audit_verify_opts o = {.key = &L.key.pub, .checkpoints = L.cps, .n_checkpoints = 5};
    struct audit_verify *v = NULL;
    struct audit_state st;
    uint64_t good = 0;
    cr_assert_eq(audit_verify_new(&o, &v, NULL), 0);
    for (size_t i = 0; i < 5000; i++) {
        cr_assert_eq(audit_verify_feed(v, &L.rows[i].row), 0);
        if (i + 1 == 2000) {
            cr_assert_eq(audit_verify_state(v, &st, &good), 0);
            cr_assert_eq(good, 2000);
            uint8_t a[32], b[32];
            audit_state_root(&st, a);
            audit_state_root(&L.cp_state[1], b);
            cr_assert_arr_eq(a, b, 32);
            cr_assert_arr_eq(st.chain, L.cp_state[1].chain, 32);
            cr_assert_eq(st.fr.end, 2000);
        }
    }
    struct audit_row bad = L.rows[5000].row;
    bad.leaf_hash[5] ^= 1;
    cr_assert_eq(audit_verify_feed(v, &bad), ERR_CONFLICT);
    cr_assert_eq(audit_verify_feed(v, &L.rows[5001].row), ERR_CONFLICT); /* sticky */
    cr_assert_eq(audit_verify_state(v, &st, NULL), ERR_CONFLICT);
    struct audit_verify_report rep;
    cr_assert_eq(audit_verify_finish(v, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_LEAF_MISMATCH);
    cr_assert_eq(rep.bad_seq, 5000);
    cr_assert_eq(rep.good_size, 5000);
    audit_verify_free(v);
    audit_verify_free(NULL);
    struct audit_verify_opts none = {0};
    cr_assert_eq(audit_verify_new(&none, &v, NULL), ERR_INVAL);
}

static int failing_next(void *ctx, struct audit_row *out, struct err *e)
{
    size_t *calls = ctx;
    UNUSED(out);
    (*calls)++;
    return err_set(e, ERR_DB, "store failed");
}

Test(audit_verify, iterator_error_is_incomplete)
{
    size_t calls = 0;
    struct audit_verify_opts o = {.key = &L.key.pub};
    struct audit_verify_report rep;
    struct err e;
    err_clear(&e);
    cr_assert_eq(audit_verify(&o, (struct audit_row_iter){failing_next, &calls}, &rep, &e), ERR_DB);
    cr_assert_eq(rep.status, AUDIT_VERIFY_INCOMPLETE);
    cr_assert_eq(calls, 1);
}

Test(audit_verify, bad_record_field)
{
    struct audit_verify_report rep;
    struct lf_row *rows = calloc(N, sizeof *rows);
    for (size_t i = 0; i < N; i++)
        lf_row_copy(&rows[i], &L.rows[i]);
    rows[777].row.rec.action = (enum audit_action)200;
    cr_assert_eq(lf_verify(&L, rows, 0, N, L.cps, L.n_cps, STR_NULL, NULL, 0, NULL, &rep),
                 ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_RECORD);
    cr_assert_eq(rep.bad_seq, 777);
    rows[777] = L.rows[777];
    lf_row_copy(&rows[777], &L.rows[777]);
    rows[778].row.chain_hash[0] ^= 1;
    cr_assert_eq(lf_verify(&L, rows, 0, N, L.cps, L.n_cps, STR_NULL, NULL, 0, NULL, &rep),
                 ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_CHAIN_MISMATCH);
    cr_assert_eq(rep.bad_seq, 778);
    free(rows);
}

/* ---- retention by segment ------------------------------------------------------------------ */

/* Rows of L without [a, b) (ownership of the result: caller frees). */
static struct lf_row *without(uint64_t a, uint64_t b, size_t *out_n)
{
    struct lf_row *rows = calloc(N, sizeof *rows);
    size_t k = 0;
    for (size_t i = 0; i < N; i++)
        if (i < a || i >= b)
            lf_row_copy(&rows[k++], &L.rows[i]);
    *out_n = k;
    return rows;
}

static char *deletion(const struct audit_signer *s, uint64_t a, uint64_t b, int64_t deleted_at)
{
    struct audit_seg_head h;
    char *t = malloc(AUDIT_NOTE_MAX);
    size_t n = 0;
    lf_seg_head(&L, a, b, &h);
    cr_assert_eq(audit_segdel_sign(s, &h, deleted_at, t, AUDIT_NOTE_MAX, &n, NULL), 0);
    return t;
}

static int verify_without(uint64_t a, uint64_t b, const struct str *dels, size_t n_dels,
                          int64_t min_retention, struct audit_verify_report *rep)
{
    size_t n = 0;
    struct lf_row *rows = without(a, b, &n);
    struct lf_iter it = {rows, 0, n};
    struct audit_verify_opts o = {
        .key = &L.key.pub,
        .checkpoints = L.cps,
        .n_checkpoints = L.n_cps,
        .witness = witness_last(),
        .deletions = dels,
        .n_deletions = n_dels,
        .min_retention_ms = min_retention,
    };
    int rc = audit_verify(&o, (struct audit_row_iter){lf_iter_next, &it}, rep, NULL);
    free(rows);
    return rc;
}

#define LATER (L.rows[N - 1].row.rec.ts_ms + 400LL * 86400000)

Test(audit_verify, policy_segment_drop_verifies)
{
    struct audit_verify_report rep;
    for (uint64_t s = 0; s < N / SEG; s++) {
        char *d = deletion(&L.key, s * SEG, (s + 1) * SEG, LATER);
        struct str ds = str_from_cstr(d);
        int rc = verify_without(s * SEG, (s + 1) * SEG, &ds, 1, 0, &rep);
        cr_assert_eq(rc, 0, "segment %" PRIu64 ": %s", s, rep.detail);
        cr_assert_eq(rep.deletions_applied, 1);
        cr_assert_eq(rep.records, N - SEG);
        cr_assert_eq(rep.size, N);
        cr_assert_eq(rep.good_size, N);
        /* checkpoints strictly inside the dropped segment cannot be recomputed */
        size_t inside = 0;
        for (size_t i = 0; i < L.n_cps; i++)
            inside += L.cp_size[i] > s * SEG && L.cp_size[i] < (s + 1) * SEG;
        cr_assert_eq(rep.checkpoints_checked, L.n_cps - inside);
        free(d);
    }
    /* the two oldest segments, as retention does month after month */
    char *d0 = deletion(&L.key, 0, SEG, LATER), *d1 = deletion(&L.key, SEG, 2 * SEG, LATER);
    struct str ds[2] = {str_from_cstr(d1), str_from_cstr(d0)}; /* any order */
    cr_assert_eq(verify_without(0, 2 * SEG, ds, 2, 0, &rep), 0, "%s", rep.detail);
    cr_assert_eq(rep.deletions_applied, 2);
    /* retention period respected / not respected */
    cr_assert_eq(verify_without(0, 2 * SEG, ds, 2, 365LL * 86400000, &rep), 0);
    cr_assert_eq(verify_without(0, 2 * SEG, ds, 2, 500LL * 86400000, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_DELETION);
    cr_assert_eq(rep.bad_seq, 0);
    free(d0);
    free(d1);
}

Test(audit_verify, unlogged_segment_drop_detected)
{
    struct audit_verify_report rep;
    /* no deletion entry */
    cr_assert_eq(verify_without(SEG, 2 * SEG, NULL, 0, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_SEQ_GAP);
    cr_assert_eq(rep.bad_seq, SEG);
    cr_assert_eq(rep.bad_end, 2 * SEG);
    /* an entry for a different range */
    char *d = deletion(&L.key, SEG, 2 * SEG - 1, LATER);
    struct str ds = str_from_cstr(d);
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_SEQ_GAP);
    cr_assert_eq(rep.bad_seq, 2 * SEG - 1);
    free(d);
    d = deletion(&L.key, SEG + 1, 2 * SEG, LATER);
    ds = str_from_cstr(d);
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_SEQ_GAP);
    cr_assert_eq(rep.bad_seq, SEG);
    free(d);
    /* an entry signed by another key */
    struct audit_signer other;
    lf_other_key(&other);
    d = deletion(&other, SEG, 2 * SEG, LATER);
    ds = str_from_cstr(d);
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_SIGNATURE);
    cr_assert_eq(rep.bad_seq, SEG);
    free(d);
    audit_signer_cleanup(&other);
    /* a malformed entry */
    ds = STR_LIT("not a deletion entry");
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_DELETION);
}

/* The key holder signs a deletion entry whose nodes lie: the next checkpoint root exposes it. */
Test(audit_verify, lying_deletion_entry_caught_by_next_checkpoint)
{
    struct audit_verify_report rep;
    struct audit_seg_head h;
    char t[AUDIT_NOTE_MAX];
    size_t n = 0;
    lf_seg_head(&L, SEG, 2 * SEG, &h);
    h.nodes.node[h.nodes.n - 1][7] ^= 1;
    cr_assert_eq(audit_segdel_sign(&L.key, &h, LATER, t, sizeof t, &n, NULL), 0);
    struct str ds = {t, n};
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_ROOT_MISMATCH);
    cr_assert_eq(rep.bad_seq, 2000);
    cr_assert_eq(rep.bad_end, 5000);
    /* wrong chain_in: does not continue the chain */
    lf_seg_head(&L, SEG, 2 * SEG, &h);
    h.chain_in[0] ^= 1;
    cr_assert_eq(audit_segdel_sign(&L.key, &h, LATER, t, sizeof t, &n, NULL), 0);
    ds = (struct str){t, n};
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_DELETION);
    cr_assert_eq(rep.bad_seq, SEG);
    /* wrong chain_out: the first row after the gap has a chain mismatch */
    lf_seg_head(&L, SEG, 2 * SEG, &h);
    h.chain_out[0] ^= 1;
    cr_assert_eq(audit_segdel_sign(&L.key, &h, LATER, t, sizeof t, &n, NULL), 0);
    ds = (struct str){t, n};
    cr_assert_eq(verify_without(SEG, 2 * SEG, &ds, 1, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_CHAIN_MISMATCH);
    cr_assert_eq(rep.bad_seq, 2 * SEG);
}

Test(audit_verify, overlapping_deletions)
{
    struct audit_verify_report rep;
    char *a = deletion(&L.key, 0, SEG, LATER), *b = deletion(&L.key, SEG - 10, 2 * SEG, LATER);
    struct str ds[2] = {str_from_cstr(a), str_from_cstr(b)};
    cr_assert_eq(verify_without(0, SEG, ds, 2, 0, &rep), ERR_CONFLICT);
    cr_assert_eq(rep.status, AUDIT_VERIFY_BAD_DELETION);
    cr_assert_eq(rep.bad_seq, SEG - 10);
    free(a);
    free(b);
}

/* Random ranges of every alignment, dropped with a valid entry: all verify. */
Test(audit_verify, random_policy_drops_verify)
{
    uint64_t rng = 77;
    struct audit_verify_report rep;
    for (int it = 0; it < 60; it++) {
        uint64_t a = lf_below(&rng, N - 1);
        uint64_t b = a + 1 + lf_below(&rng, N - a < 3000 ? N - a : 3000);
        char *d = deletion(&L.key, a, b, LATER);
        struct str ds = str_from_cstr(d);
        int rc = verify_without(a, b, &ds, 1, 0, &rep);
        cr_assert_eq(rc, 0, "[%" PRIu64 ",%" PRIu64 "): %s", a, b, rep.detail);
        cr_assert_eq(rep.size, N);
        free(d);
    }
}

Test(audit_verify, segment_builder_refuses_bad_rows)
{
    struct audit_seg_builder sb;
    struct audit_seg_head h;
    uint8_t c[32];
    memcpy(c, L.rows[99].row.chain_hash, 32);
    audit_seg_builder_init(&sb, 100, c);
    cr_assert_eq(audit_seg_builder_finish(&sb, &h, NULL), ERR_INVAL); /* empty */
    cr_assert_eq(audit_seg_builder_add(&sb, &L.rows[100].row, NULL), 0);
    struct audit_row r = L.rows[101].row;
    r.rec.user_id++;
    cr_assert_eq(audit_seg_builder_add(&sb, &r, NULL), ERR_CONFLICT);
    cr_assert_eq(audit_seg_builder_add(&sb, &L.rows[101].row, NULL), ERR_CONFLICT); /* sticky */
    cr_assert_eq(audit_seg_builder_finish(&sb, &h, NULL), ERR_CONFLICT);
    audit_seg_builder_init(&sb, 100, c);
    cr_assert_eq(audit_seg_builder_add(&sb, &L.rows[101].row, NULL), ERR_INVAL); /* seq */
}

/* The checkpoints' signatures are checked on several threads when asked (opts.threads): the
 * verdict must not depend on how many. 160 checkpoints (every 25 of 4,000 records), some made bad
 * in different threads' shares. */
static void verify_threads(const struct lf_log *l, const struct str *cps, unsigned threads,
                           struct audit_verify_report *rep)
{
    struct lf_iter it = {l->rows, 0, l->n};
    struct audit_verify_opts o = {
        .key = &l->key.pub,
        .checkpoints = cps,
        .n_checkpoints = l->n_cps,
        .threads = threads,
    };
    int rc = audit_verify(&o, (struct audit_row_iter){lf_iter_next, &it}, rep, NULL);
    cr_assert(rc == 0 || rc == ERR_CONFLICT, "audit_verify: %d", rc);
}

Test(audit_verify, checkpoint_signatures_on_several_threads)
{
    struct lf_log m;
    lf_build(&m, 4000, 25, 0x7a11);
    cr_assert_eq(m.n_cps, 160);
    struct str *cps = calloc(m.n_cps, sizeof *cps);
    char *flipped = NULL;
    cr_assert_not_null(cps);
    memcpy(cps, m.cps, m.n_cps * sizeof *cps);
    struct audit_verify_report one, many;
    for (int round = 0; round < 3; round++) {
        if (round == 1) {
            /* a signature that does not verify, in the last thread's share */
            flipped = strndup(cps[150].p, cps[150].n);
            cr_assert_not_null(flipped);
            size_t at = cps[150].n - 6; /* inside the base64 signature */
            flipped[at] = flipped[at] == 'A' ? 'B' : 'A';
            cps[150] = (struct str){flipped, cps[150].n};
        } else if (round == 2) {
            cps[40] = STR_LIT("garbage"); /* and an unreadable one in the first share */
        }
        verify_threads(&m, cps, 1, &one);
        for (unsigned t = 2; t <= AUDIT_VERIFY_PARSE_THREADS_MAX + 1; t += 3) {
            verify_threads(&m, cps, t, &many);
            cr_assert_eq(many.status, one.status, "round %d, %u threads", round, t);
            cr_assert_eq(many.checkpoint, one.checkpoint, "round %d, %u threads", round, t);
            cr_assert_eq(many.bad_seq, one.bad_seq, "round %d, %u threads", round, t);
            cr_assert_eq(many.checkpoints_checked, one.checkpoints_checked);
        }
        if (round == 0) {
            cr_assert_eq(one.status, AUDIT_VERIFY_OK);
            cr_assert_eq(one.checkpoints_checked, 160);
        } else if (round == 1) {
            cr_assert_eq(one.status, AUDIT_VERIFY_BAD_SIGNATURE);
            cr_assert_eq(one.checkpoint, 150);
        } else {
            cr_assert_eq(one.status, AUDIT_VERIFY_BAD_CHECKPOINT);
            cr_assert_eq(one.checkpoint, 40);
        }
    }
    free(flipped);
    free(cps);
    lf_free(&m);
}
