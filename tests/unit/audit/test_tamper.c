/* test_tamper.c: the tamper test of security.md §2.3 / test plan L2.
 *
 * A 10,000-record log (fixed seed) with a signed checkpoint every 1,000 records; the last one
 * (10,000) is also held by the witness. For each attack class, 1,000 seeded mutations positioned
 * before the last checkpoint; every one must be detected, with the reported first bad position
 * equal to the mutated position where that is well defined, and never after it otherwise (see
 * struct expect). Each mutation is verified incrementally: from the trusted state at the last
 * checkpoint at or before the mutation, up to the first checkpoint that covers it (verify.h's
 * opts.trusted). The first FULL_SAMPLES mutations of every class are also verified in full (from
 * seq 0, every checkpoint, the witness), and must report the same first bad position. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <sodium.h>

#include "audit/vpipe.h"
#include "logfix.h"

#define N 10000u
#define CP 1000u
#define MUT 1000
#define FULL_SAMPLES 4
#define MAX_CPS 16

static struct lf_log L;
static struct audit_signer attacker; /* same key name, another key */

static void setup(void)
{
    lf_build(&L, N, CP, 0x7a3be7);
    lf_other_key(&attacker);
}

static void teardown(void)
{
    audit_signer_cleanup(&attacker);
    lf_free(&L);
}

TestSuite(audit_tamper, .init = setup, .fini = teardown, .timeout = 240);

/* ---- a mutated view of the log, produced row by row ----------------------------------------- */

enum map_kind { MAP_ID, MAP_DELETE, MAP_INSERT, MAP_SWAP, MAP_DROP };

struct view {
    enum map_kind map;
    uint64_t p, q;             /* DELETE/INSERT at p; SWAP p<q; DROP [p, q) */
    uint64_t len;              /* rows in the mutated log */
    bool renumber;             /* seq := position in the mutated log */
    const struct lf_row *over; /* replaces the row at position over_at */
    uint64_t over_at;
    const struct lf_row *forged; /* the inserted row (MAP_INSERT) */
    bool rehash;                 /* the attacker recomputes leaf and chain from rehash_from on */
    uint64_t rehash_from;
    /* iteration */
    uint64_t j, end;
    uint8_t chain[32];
    bool chain_ready;
    struct audit_row cur;
};

static const struct lf_row *view_src(const struct view *v, uint64_t j)
{
    const struct lf_row *r = NULL;
    switch (v->map) {
    case MAP_ID: r = &L.rows[j]; break;
    case MAP_DELETE: r = &L.rows[j < v->p ? j : j + 1]; break;
    case MAP_INSERT: r = j < v->p ? &L.rows[j] : j == v->p ? v->forged : &L.rows[j - 1]; break;
    case MAP_SWAP: r = &L.rows[j == v->p ? v->q : j == v->q ? v->p : j]; break;
    case MAP_DROP: r = &L.rows[j < v->p ? j : j + (v->q - v->p)]; break;
    }
    if (v->over != NULL && j == v->over_at)
        r = v->over;
    return r;
}

static int view_next(void *ctx, struct audit_row *out, struct err *e)
{
    struct view *v = ctx;
    UNUSED(e);
    int rc = 0;
    if (v->j < v->end && v->j < v->len) {
        uint64_t j = v->j++;
        *out = view_src(v, j)->row;
        if (v->renumber)
            out->rec.seq = j;
        if (v->rehash && j >= v->rehash_from) {
            if (!v->chain_ready) {
                if (v->rehash_from == 0)
                    audit_chain_init(v->chain);
                else
                    memcpy(v->chain, L.rows[v->rehash_from - 1].row.chain_hash, 32);
                v->chain_ready = true;
            }
            cr_assert_eq(audit_rec_hash(&out->rec, NULL, out->leaf_hash, NULL), 0);
            audit_chain_next(v->chain, out->leaf_hash, v->chain);
            memcpy(out->chain_hash, v->chain, 32);
        }
        rc = 1;
    }
    return rc;
}

/* ---- scenarios ----------------------------------------------------------------------------- */

struct scen {
    struct view v;
    struct str cps[MAX_CPS]; /* checkpoint list, issue order */
    uint64_t cp_sz[MAX_CPS];
    size_t n_cps;
    struct str witness;
    uint64_t witness_sz;
    struct str dels[2];
    size_t n_dels;
    uint64_t first_mut; /* first position the mutation touches (incremental start <= it) */
    uint64_t inc_end;   /* incremental run stops here and uses checkpoints up to it */
    char *owned[MAX_CPS + 4];
    size_t n_owned;
};

/* What must be reported. Always: detected, an acceptable status, and good_size <= pos (the
 * verifier never vouches for a tampered row). Then, for the position: when the evidence is that
 * the log ends early (TRUNCATED, BEHIND_WITNESS), bad_seq is exactly where the presented log
 * ends; otherwise bad_seq == pos when `exact`, else bad_seq <= pos + slack. */
struct expect {
    uint64_t pos; /* the mutated position */
    bool exact;
    uint64_t slack;
    uint32_t statuses; /* bit per acceptable enum audit_verify_status */
    uint64_t end_pos;  /* where the presented log ends (set by make) */
};

#define ST(s) (1u << (s))

static struct expect mkexp(uint64_t pos, bool exact, uint64_t slack, uint32_t statuses)
{
    struct expect x = {pos, exact, slack, statuses, 0};
    return x;
}

static char *own(struct scen *s, char *t)
{
    cr_assert(s->n_owned < ARRAY_LEN(s->owned));
    s->owned[s->n_owned++] = t;
    return t;
}

static void scen_free(struct scen *s)
{
    for (size_t i = 0; i < s->n_owned; i++)
        free(s->owned[i]);
}

static void base_scen(struct scen *s)
{
    memset(s, 0, sizeof *s);
    s->v.map = MAP_ID;
    s->v.len = N;
    for (size_t i = 0; i < L.n_cps; i++) {
        s->cps[i] = L.cps[i];
        s->cp_sz[i] = L.cp_size[i];
    }
    s->n_cps = L.n_cps;
    s->witness = L.cps[L.n_cps - 1];
    s->witness_sz = L.cp_size[L.n_cps - 1];
}

/* Smallest checkpoint size > x (all checkpoints are the multiples of CP up to N). */
static uint64_t cp_above(uint64_t x)
{
    uint64_t c = (x / CP + 1) * CP;
    return c > N ? N : c;
}

static void keep_cps_upto(struct scen *s, uint64_t max)
{
    size_t w = 0;
    for (size_t i = 0; i < s->n_cps; i++)
        if (s->cp_sz[i] <= max) {
            s->cps[w] = s->cps[i];
            s->cp_sz[w++] = s->cp_sz[i];
        }
    s->n_cps = w;
}

static void add_cp(struct scen *s, size_t at, char *text, uint64_t size)
{
    cr_assert(s->n_cps < MAX_CPS);
    memmove(&s->cps[at + 1], &s->cps[at], (s->n_cps - at) * sizeof s->cps[0]);
    memmove(&s->cp_sz[at + 1], &s->cp_sz[at], (s->n_cps - at) * sizeof s->cp_sz[0]);
    s->cps[at] = str_from_cstr(own(s, text));
    s->cp_sz[at] = size;
    s->n_cps++;
}

/* Flips one bit of one field of r (its own copy). columns: the stored hash columns may be hit;
 * ranges: fields with a closed range (enums, categories) may go out of range. */
static void mutate_field(struct lf_row *r, uint64_t *rng, bool columns, bool ranges)
{
    struct audit_rec *x = &r->row.rec;
    struct str *strs[] = {&x->role,           &x->purpose,     &x->processing_activity,
                          &x->legal_basis,    &x->object_type, &x->object_id,
                          &x->fields_touched, &x->request_id,  &x->client_addr,
                          &x->session_ref,    &x->authz_rule,  &x->subject_id_type};
    uint8_t bit = (uint8_t)(1u << lf_below(rng, 8));
    for (;;) {
        unsigned f = (unsigned)lf_below(rng, 16);
        uint8_t *b = NULL;
        switch (f) {
        case 0: b = (uint8_t *)&x->ts_ms + lf_below(rng, 8); break;
        case 1: b = (uint8_t *)&x->user_id + lf_below(rng, 8); break;
        case 2: b = (uint8_t *)&x->org_id + lf_below(rng, 8); break;
        case 3: b = (uint8_t *)&x->on_behalf_of + lf_below(rng, 8); break;
        case 4:
            if (ranges) {
                x->action = (enum audit_action)((unsigned)x->action ^ bit);
                return;
            }
            x->categories ^= 1u << lf_below(rng, 10);
            return;
        case 5:
            if (ranges) {
                x->categories ^= 1u << lf_below(rng, 32);
                return;
            }
            x->outcome = x->outcome == AUDIT_OUT_OK ? AUDIT_OUT_ERROR : AUDIT_OUT_OK;
            return;
        case 6: x->has_subject = !x->has_subject; return;
        case 7:
            b = x->has_subject ? &x->subject[lf_below(rng, 32)] : &x->salt[lf_below(rng, 16)];
            break;
        case 8: b = &x->trace_id[lf_below(rng, 16)]; break;
        case 9:
            b = lf_below(rng, 2) ? &x->span_id[lf_below(rng, 8)]
                                 : &x->parent_span_id[lf_below(rng, 8)];
            break;
        case 10: b = &x->salt[lf_below(rng, 16)]; break;
        case 11:
        case 12:
        case 13: {
            struct str *s = strs[lf_below(rng, ARRAY_LEN(strs))];
            if (s->n == 0)
                continue;
            b = (uint8_t *)(uintptr_t)(s->p + lf_below(rng, s->n));
            break;
        }
        case 14:
            if (!columns)
                continue;
            b = &r->row.leaf_hash[lf_below(rng, 32)];
            break;
        default:
            if (!columns)
                continue;
            b = &r->row.chain_hash[lf_below(rng, 32)];
            break;
        }
        *b ^= bit;
        return;
    }
}

static struct lf_row mod_row, forged_row;

/* A checkpoint for size (prefix of the clean log, with leaf p replaced by alt). */
static void root_with_leaf(uint64_t size, uint64_t p, const uint8_t alt[32], uint8_t out[32])
{
    struct audit_crange fr;
    uint64_t from = (p / CP) * CP;
    if (from > 0)
        fr = L.cp_state[from / CP - 1].fr;
    else
        audit_crange_init(&fr, 0);
    for (uint64_t i = from; i < size; i++)
        cr_assert_eq(audit_crange_append_leaf(&fr, i == p ? alt : L.rows[i].row.leaf_hash), 0);
    cr_assert_eq(audit_crange_root(&fr, out), 0);
}

/* Signs a copy of a checkpoint body with the attacker's key. */
static char *resign(const struct str cp)
{
    const char *sep = memmem(cp.p, cp.n, "\n\n", 2);
    char *out = malloc(AUDIT_NOTE_MAX);
    size_t n = 0;
    cr_assert(sep != NULL && out != NULL);
    cr_assert_eq(
        audit_note_sign(&attacker, cp.p, (size_t)(sep - cp.p) + 1, out, AUDIT_NOTE_MAX, &n, NULL),
        0);
    return out;
}

/* Copy of a checkpoint with one bit of the signature flipped (the key id stays ours). */
static char *flip_sig(const struct str cp, uint64_t *rng)
{
    char *out = malloc(AUDIT_NOTE_MAX);
    uint8_t blob[68];
    size_t len = 0;
    cr_assert_not_null(out);
    memcpy(out, cp.p, cp.n);
    out[cp.n] = '\0';
    char *b64 = strrchr(out, ' ') + 1;
    size_t bn = strlen(b64) - 1; /* without the final '\n' */
    cr_assert_eq(sodium_base642bin(blob, sizeof blob, b64, bn, NULL, &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    cr_assert_eq(len, sizeof blob);
    blob[4 + lf_below(rng, 64)] ^= (uint8_t)(1u << lf_below(rng, 8));
    sodium_bin2base64(b64, bn + 1, blob, len, sodium_base64_VARIANT_ORIGINAL);
    b64[bn] = '\n';
    b64[bn + 1] = '\0';
    return out;
}

enum cls {
    C_MODIFY,
    C_DELETE,
    C_INSERT,
    C_REORDER,
    C_TRUNCATE,
    C_ROLLBACK,
    C_REHASH,
    C_FORK,
    C_WRONG_KEY,
    C_SEGMENT_DROP,
};

static const char *const cls_name[] = {"modify",   "delete", "insert", "reorder",   "truncate",
                                       "rollback", "rehash", "fork",   "wrong_key", "segment_drop"};

static char *deletion(const struct audit_signer *k, uint64_t a, uint64_t b)
{
    struct audit_seg_head h;
    char *t = malloc(AUDIT_NOTE_MAX);
    size_t n = 0;
    lf_seg_head(&L, a, b, &h);
    cr_assert_eq(audit_segdel_sign(k, &h, L.rows[N - 1].row.rec.ts_ms + 86400000LL * 800, t,
                                   AUDIT_NOTE_MAX, &n, NULL),
                 0);
    return t;
}

static const uint32_t REC_LEVEL =
    ST(AUDIT_VERIFY_LEAF_MISMATCH) | ST(AUDIT_VERIFY_CHAIN_MISMATCH) | ST(AUDIT_VERIFY_BAD_RECORD);

static void make(enum cls c, uint64_t *rng, struct scen *s, struct expect *x)
{
    base_scen(s);
    memset(x, 0, sizeof *x);
    x->exact = true;
    switch (c) {
    case C_MODIFY: {
        uint64_t p = lf_below(rng, N);
        lf_row_copy(&mod_row, &L.rows[p]);
        mutate_field(&mod_row, rng, true, true);
        s->v.over = &mod_row;
        s->v.over_at = p;
        s->first_mut = p;
        s->inc_end = cp_above(p);
        *x = mkexp(p, true, 0, REC_LEVEL);
        break;
    }
    case C_DELETE: {
        uint64_t p = lf_below(rng, N), var = lf_below(rng, 3);
        s->v.map = MAP_DELETE;
        s->v.p = p;
        s->v.len = N - 1;
        s->v.renumber = var >= 1;
        s->v.rehash = var == 2;
        s->v.rehash_from = p;
        s->first_mut = p;
        s->inc_end = cp_above(p);
        if (var == 0)
            *x = mkexp(p, true, 0, ST(AUDIT_VERIFY_SEQ_GAP) | ST(AUDIT_VERIFY_TRUNCATED));
        else if (var == 1)
            *x = mkexp(p, true, 0, REC_LEVEL | ST(AUDIT_VERIFY_TRUNCATED));
        else
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_ROOT_MISMATCH) | ST(AUDIT_VERIFY_TRUNCATED));
        break;
    }
    case C_INSERT: {
        uint64_t p = lf_below(rng, N), var = lf_below(rng, 3);
        int64_t ts = L.rows[p].row.rec.ts_ms - 1;
        lf_rec_random(&forged_row, p, ts, rng);
        cr_assert_eq(audit_rec_hash(&forged_row.row.rec, NULL, forged_row.row.leaf_hash, NULL), 0);
        uint8_t prev[32];
        if (p == 0)
            audit_chain_init(prev);
        else
            memcpy(prev, L.rows[p - 1].row.chain_hash, 32);
        audit_chain_next(prev, forged_row.row.leaf_hash, forged_row.row.chain_hash);
        s->v.map = MAP_INSERT;
        s->v.p = p;
        s->v.forged = &forged_row;
        s->v.len = N + 1;
        s->v.renumber = var >= 1;
        s->v.rehash = var == 2;
        s->v.rehash_from = p;
        s->first_mut = p;
        s->inc_end = cp_above(p);
        if (var == 0) /* two rows with seq p: the forged one is self-consistent, so the repeat
                         is seen at p+1, unless a checkpoint at p+1 already caught the forgery */
            *x = mkexp(p, (p + 1) % CP != 0, 0,
                       ST(AUDIT_VERIFY_SEQ_GAP) | ST(AUDIT_VERIFY_ROOT_MISMATCH));
        else if (var == 1) /* the displaced original is the first inconsistent row */
            *x = mkexp(p, false, 1, REC_LEVEL | ST(AUDIT_VERIFY_ROOT_MISMATCH));
        else
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_ROOT_MISMATCH));
        break;
    }
    case C_REORDER: {
        uint64_t i = lf_below(rng, N - 1), var = lf_below(rng, 3);
        uint64_t span = N - 1 - i < 1500 ? N - 1 - i : 1500;
        uint64_t q = i + 1 + lf_below(rng, span);
        s->v.map = MAP_SWAP;
        s->v.p = i;
        s->v.q = q;
        s->v.renumber = var <= 1;
        s->v.rehash = var == 1;
        s->v.rehash_from = i;
        s->first_mut = i;
        s->inc_end = cp_above(q);
        if (var == 0)
            *x = mkexp(i, true, 0, REC_LEVEL);
        else if (var == 1)
            *x = mkexp(i, false, 0, ST(AUDIT_VERIFY_ROOT_MISMATCH));
        else
            *x = mkexp(i, true, 0, ST(AUDIT_VERIFY_SEQ_GAP));
        break;
    }
    case C_TRUNCATE: {
        uint64_t t = lf_below(rng, N), var = lf_below(rng, 2);
        s->v.len = t;
        s->first_mut = t;
        if (var == 0) {
            s->inc_end = cp_above(t);
            *x = mkexp(t, true, 0, ST(AUDIT_VERIFY_TRUNCATED));
        } else { /* the checkpoints after t are deleted too: only the witness remembers */
            keep_cps_upto(s, t);
            s->inc_end = N;
            *x = mkexp(t, true, 0, ST(AUDIT_VERIFY_BEHIND_WITNESS));
        }
        break;
    }
    case C_ROLLBACK: {
        /* the whole database restored from a backup taken when the log had r rows */
        uint64_t r = lf_below(rng, N);
        s->v.len = r;
        keep_cps_upto(s, r);
        s->first_mut = r;
        s->inc_end = N;
        *x = mkexp(r, true, 0, ST(AUDIT_VERIFY_BEHIND_WITNESS));
        break;
    }
    case C_REHASH: {
        uint64_t p = lf_below(rng, N);
        lf_row_copy(&mod_row, &L.rows[p]);
        mutate_field(&mod_row, rng, false, false);
        s->v.over = &mod_row;
        s->v.over_at = p;
        s->v.rehash = true;
        s->v.rehash_from = p;
        s->first_mut = p;
        s->inc_end = cp_above(p);
        *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_ROOT_MISMATCH));
        break;
    }
    case C_FORK: {
        size_t k = (size_t)lf_below(rng, L.n_cps);
        uint64_t S = L.cp_size[k], prev = k > 0 ? L.cp_size[k - 1] : 0;
        uint64_t p = prev + lf_below(rng, S - prev), var = lf_below(rng, 4);
        /* the other view: leaf p differs */
        lf_row_copy(&mod_row, &L.rows[p]);
        mutate_field(&mod_row, rng, false, false);
        uint8_t alt[32], root[32];
        cr_assert_eq(audit_rec_hash(&mod_row.row.rec, NULL, alt, NULL), 0);
        uint64_t size = var == 3 ? p + 1 + lf_below(rng, S - p) : S;
        root_with_leaf(size, p, alt, root);
        char *t = lf_sign_cp(&L.key, size, root);
        s->first_mut = p;
        s->inc_end = size;
        if (var == 0) { /* in the list, right after the genuine one */
            add_cp(s, k + 1, t, size);
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_FORK));
        } else if (var == 1) { /* in the list, issued last */
            add_cp(s, s->n_cps, t, size);
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_FORK) | ST(AUDIT_VERIFY_CONSISTENCY));
        } else { /* the witness was shown the other view */
            s->witness = str_from_cstr(own(s, t));
            s->witness_sz = size;
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_FORK) | ST(AUDIT_VERIFY_ROOT_MISMATCH));
        }
        break;
    }
    case C_WRONG_KEY: {
        uint64_t var = lf_below(rng, 4);
        if (var == 0 || var == 2) { /* one checkpoint re-signed / its signature altered */
            size_t k = (size_t)lf_below(rng, L.n_cps);
            uint64_t prev = k > 0 ? L.cp_size[k - 1] : 0;
            s->cps[k] =
                str_from_cstr(own(s, var == 0 ? resign(L.cps[k]) : flip_sig(L.cps[k], rng)));
            s->first_mut = prev;
            s->inc_end = L.cp_size[k];
            *x = mkexp(L.cp_size[k] - 1, false, 0, ST(AUDIT_VERIFY_BAD_SIGNATURE));
        } else if (var == 1) { /* a record rewritten, hashes redone, checkpoints re-signed */
            uint64_t p = lf_below(rng, N);
            lf_row_copy(&mod_row, &L.rows[p]);
            mutate_field(&mod_row, rng, false, false);
            s->v.over = &mod_row;
            s->v.over_at = p;
            s->v.rehash = true;
            s->v.rehash_from = p;
            size_t k = (size_t)(p / CP);
            uint8_t alt[32], root[32];
            cr_assert_eq(audit_rec_hash(&mod_row.row.rec, NULL, alt, NULL), 0);
            root_with_leaf(L.cp_size[k], p, alt, root);
            s->cps[k] = str_from_cstr(own(s, lf_sign_cp(&attacker, L.cp_size[k], root)));
            for (size_t i = k + 1; i < L.n_cps; i++)
                s->cps[i] = str_from_cstr(own(s, resign(L.cps[i])));
            s->witness = s->cps[L.n_cps - 1]; /* the witness took the attacker's word */
            s->first_mut = p;
            s->inc_end = L.cp_size[k];
            *x = mkexp(p, false, 0, ST(AUDIT_VERIFY_BAD_SIGNATURE));
        } else { /* the witness copy signed by another key */
            s->witness = str_from_cstr(own(s, resign(L.cps[L.n_cps - 1])));
            s->first_mut = N - CP;
            s->inc_end = N;
            *x = mkexp(N - 1, false, 0, ST(AUDIT_VERIFY_BAD_SIGNATURE));
        }
        break;
    }
    case C_SEGMENT_DROP: {
        uint64_t a = lf_below(rng, N), var = lf_below(rng, 3);
        uint64_t b = a + 1 + lf_below(rng, N - a < 1000 ? N - a : 1000);
        s->v.map = MAP_DROP;
        s->v.p = a;
        s->v.q = b;
        s->v.len = N - (b - a);
        s->first_mut = a;
        s->inc_end = cp_above(b);
        *x = mkexp(a, true, 0, ST(AUDIT_VERIFY_SEQ_GAP) | ST(AUDIT_VERIFY_TRUNCATED));
        if (var == 1 && b - a >= 2) { /* an entry, but for [a+1, b): a was dropped unlogged */
            s->dels[s->n_dels++] = str_from_cstr(own(s, deletion(&L.key, a + 1, b)));
        } else if (var == 1 && b < N) { /* an entry for [a, b+1): does not match the gap */
            s->dels[s->n_dels++] = str_from_cstr(own(s, deletion(&L.key, a, b + 1)));
        } else if (var == 2) { /* an entry for exactly [a, b), forged with another key */
            s->dels[s->n_dels++] = str_from_cstr(own(s, deletion(&attacker, a, b)));
            x->statuses = ST(AUDIT_VERIFY_BAD_SIGNATURE);
        }
        break;
    }
    }
}

/* ---- running ------------------------------------------------------------------------------- */

/* The mutated view a run reads: from T, up to the end of the run. */
static struct view view_for(const struct scen *s, bool full, uint64_t T)
{
    struct view v = s->v;
    v.j = T;
    v.chain_ready = false;
    v.end = full ? UINT64_MAX : s->inc_end;
    if (!full && v.map == MAP_DROP && v.end > v.p) /* positions past the gap are shifted */
        v.end = v.end < v.q ? v.p : v.end - (v.q - v.p);
    if (!full && v.map == MAP_INSERT && v.end > v.p)
        v.end += 1;
    return v;
}

/* The same rows, stored: an in-memory table whose seq column is T + position in the view (what a
 * database returns ORDER BY seq), read by range for audit_verify_ranges. */
struct mem_tab {
    uint64_t T, n;
    uint8_t (*enc)[AUDIT_REC_MAX];
    size_t *len;
    struct audit_row *rows;
};

static int mem_scan(void *ctx, unsigned worker, uint64_t from, uint64_t to,
                    int (*cb)(void *cbctx, const struct audit_raw_row *row), void *cbctx,
                    struct err *e)
{
    const struct mem_tab *t = ctx;
    (void)worker;
    (void)e;
    for (uint64_t c = from < t->T ? t->T : from; c < to && c - t->T < t->n; c++) {
        uint64_t i = c - t->T;
        const struct audit_row *row = &t->rows[i];
        struct audit_raw_row rr = {row->rec.seq, t->enc[i], t->len[i], row->rec.salt,
                                   row->leaf_hash, row->chain_hash};
        int r = cb(cbctx, &rr);
        if (r != 0)
            return r;
    }
    return 0;
}

static int run(struct scen *s, bool full, struct audit_verify_report *rep)
{
    struct str cps[MAX_CPS];
    size_t n = 0;
    uint64_t T = full ? 0 : (s->first_mut / CP) * CP;
    const struct audit_state *trusted = T > 0 ? &L.cp_state[T / CP - 1] : NULL;
    struct audit_verify_opts o = {
        .key = &L.key.pub, .deletions = s->dels, .n_deletions = s->n_dels, .trusted = trusted};
    for (size_t i = 0; i < s->n_cps; i++)
        if (full || (s->cp_sz[i] >= T && s->cp_sz[i] <= s->inc_end))
            cps[n++] = s->cps[i];
    o.checkpoints = cps;
    o.n_checkpoints = n;
    if (full || (s->witness_sz >= T && s->witness_sz <= s->inc_end))
        o.witness = s->witness;
    struct view v = view_for(s, full, T);
    struct audit_verify_report raw;
    int rc = audit_verify(&o, (struct audit_row_iter){view_next, &v}, rep, NULL);
    /* The same rows in their stored form through the verifier's fast path (no decode, hashes of
     * the stored bytes) must give the very same report: every fourth run through the two-thread
     * pipe, every fourth by ranges (half the runs, to keep the suite fast). */
    static unsigned turn;
    unsigned mode = turn++ & 3;
    if (mode >= 2)
        return rc;
    if (mode == 1) {
#ifdef REGIE_SANITIZED
        /* The sanitizer build is about ten times slower and the two threads of each small-chunk
         * run cost most of it: there the range path checks a quarter of its runs (every
         * sixteenth run in all); the gcc build checks all of them. */
        if ((turn / 16) % 4 != 0) /* not turn / 4: that picks the chunk size below */
            return rc;
#endif
        /* Range-parallel: small chunks (4..32 rows) on two threads, so that chunk borders, the
         * fold of partial roots and the row-by-row fallback are all crossed many times. */
        struct mem_tab t = {T, 0, NULL, NULL, NULL};
        size_t cap = 0;
        v = view_for(s, full, T);
        struct audit_row row;
        while (view_next(&v, &row, NULL) == 1) {
            if (t.n == cap) {
                cap = cap ? 2 * cap : 1024;
                t.enc = realloc(t.enc, cap * sizeof t.enc[0]);
                t.len = realloc(t.len, cap * sizeof t.len[0]);
                t.rows = realloc(t.rows, cap * sizeof t.rows[0]);
                cr_assert(t.enc != NULL && t.len != NULL && t.rows != NULL);
            }
            if (audit_rec_encode(&row.rec, t.enc[t.n], AUDIT_REC_MAX, &t.len[t.n], NULL) != 0)
                t.len[t.n] = 3;
            t.rows[t.n] = row; /* string fields are not used below: only the encoding */
            t.n++;
        }
        struct audit_verify *vr = NULL;
        cr_assert_eq(audit_verify_new(&o, &vr, NULL), 0);
        struct audit_range_src src = {mem_scan, &t};
        cr_assert_eq(audit_verify_ranges(vr, &src, T, T + t.n, 2, 2 + (turn / 4) % 4, NULL), 0);
        int rrc = audit_verify_finish(vr, &raw);
        audit_verify_free(vr);
        free(t.enc);
        free(t.len);
        free(t.rows);
        cr_assert_eq(rrc, rc, "range path rc %d vs %d", rrc, rc);
        cr_assert(memcmp(&raw, rep, sizeof raw) == 0,
                  "range path: %s at %" PRIu64 " vs %s at %" PRIu64 " (%s)",
                  audit_verify_status_name(raw.status), raw.bad_seq,
                  audit_verify_status_name(rep->status), rep->bad_seq, raw.detail);
        return rc;
    }
    struct audit_verify *vf = NULL;
    struct audit_vpipe *pipe = NULL;
    cr_assert_eq(audit_verify_new(&o, &vf, NULL), 0);
    cr_assert_eq(audit_vpipe_new(vf, true, &pipe, NULL), 0);
    v = view_for(s, full, T);
    struct audit_row row;
    while (view_next(&v, &row, NULL) == 1) {
        uint8_t enc[AUDIT_REC_MAX];
        size_t len = 0;
        if (audit_rec_encode(&row.rec, enc, sizeof enc, &len, NULL) != 0)
            len = 3; /* not encodable: stored as bytes that do not decode */
        struct audit_raw_row rr = {row.rec.seq, enc, len, row.rec.salt, row.leaf_hash,
                                   row.chain_hash};
        if (audit_vpipe_push(pipe, &rr) != 0)
            break;
    }
    audit_vpipe_end(pipe);
    int rrc = audit_verify_finish(vf, &raw);
    audit_verify_free(vf);
    cr_assert_eq(rrc, rc, "raw path rc %d vs %d", rrc, rc);
    cr_assert(memcmp(&raw, rep, sizeof raw) == 0, "raw path: %s at %" PRIu64 " vs %s at %" PRIu64,
              audit_verify_status_name(raw.status), raw.bad_seq,
              audit_verify_status_name(rep->status), rep->bad_seq);
    return rc;
}

static void check(const struct expect *x, const struct audit_verify_report *rep, int rc, enum cls c,
                  int m, const char *mode)
{
    cr_assert_eq(rc, ERR_CONFLICT, "%s #%d (%s): NOT DETECTED (%s)", cls_name[c], m, mode,
                 rep->detail);
    cr_assert(x->statuses & ST(rep->status), "%s #%d (%s): unexpected status %s (%s)", cls_name[c],
              m, mode, audit_verify_status_name(rep->status), rep->detail);
    if (rep->status == AUDIT_VERIFY_TRUNCATED || rep->status == AUDIT_VERIFY_BEHIND_WITNESS)
        cr_assert_eq(rep->bad_seq, x->end_pos, "%s #%d (%s): log ends at %" PRIu64 " (%s)",
                     cls_name[c], m, mode, x->end_pos, rep->detail);
    else if (x->exact)
        cr_assert_eq(rep->bad_seq, x->pos, "%s #%d (%s): bad_seq %" PRIu64 " != %" PRIu64 " (%s)",
                     cls_name[c], m, mode, rep->bad_seq, x->pos, rep->detail);
    else
        cr_assert(rep->bad_seq <= x->pos + x->slack,
                  "%s #%d (%s): bad_seq %" PRIu64 " after mutation at %" PRIu64 " (%s)",
                  cls_name[c], m, mode, rep->bad_seq, x->pos, rep->detail);
    cr_assert(rep->good_size <= x->pos, "%s #%d (%s): good_size %" PRIu64 " > %" PRIu64,
              cls_name[c], m, mode, rep->good_size, x->pos);
}

static void run_class(enum cls c)
{
    uint64_t rng = 0xC0FFEEull + (uint64_t)c * 7919u;
    size_t detected = 0, exact = 0, hist[AUDIT_VERIFY_INCOMPLETE + 1] = {0};
    for (int m = 0; m < MUT; m++) {
        struct scen s;
        struct expect x;
        struct audit_verify_report rep, full;
        make(c, &rng, &s, &x);
        cr_assert(x.pos < N);
        x.end_pos = s.v.map == MAP_DROP && s.v.q == N ? s.v.p : s.v.len;
        int rc = run(&s, false, &rep);
        check(&x, &rep, rc, c, m, "incremental");
        detected++;
        exact += rep.bad_seq == x.pos;
        hist[rep.status]++;
        if (m < FULL_SAMPLES) {
            int frc = run(&s, true, &full);
            check(&x, &full, frc, c, m, "full");
            cr_assert_eq(full.bad_seq, rep.bad_seq, "%s #%d: full %" PRIu64 " vs incr %" PRIu64,
                         cls_name[c], m, full.bad_seq, rep.bad_seq);
        }
        scen_free(&s);
    }
    cr_assert_eq(detected, MUT);
    char line[512];
    size_t len = (size_t)snprintf(line, sizeof line,
                                  "%s: %zu/%d detected, %zu at the exact "
                                  "position;",
                                  cls_name[c], detected, MUT, exact);
    for (int i = 0; i <= AUDIT_VERIFY_INCOMPLETE && len < sizeof line; i++)
        if (hist[i] > 0)
            len += (size_t)snprintf(line + len, sizeof line - len, " %s=%zu",
                                    audit_verify_status_name((enum audit_verify_status)i), hist[i]);
    cr_log_info("%s", line);
}

Test(audit_tamper, clean_log_verifies_full_and_incremental)
{
    struct scen s;
    struct audit_verify_report rep;
    base_scen(&s);
    cr_assert_eq(run(&s, true, &rep), 0, "%s", rep.detail);
    cr_assert_eq(rep.good_size, N);
    for (uint64_t first = 0; first < N; first += 997) {
        s.first_mut = first;
        s.inc_end = cp_above(first);
        cr_assert_eq(run(&s, false, &rep), 0, "%s", rep.detail);
        cr_assert_eq(rep.good_size, s.inc_end);
    }
}

Test(audit_tamper, modify_a_field)
{
    run_class(C_MODIFY);
}
Test(audit_tamper, delete_a_record)
{
    run_class(C_DELETE);
}
Test(audit_tamper, insert_a_forged_record)
{
    run_class(C_INSERT);
}
Test(audit_tamper, reorder_two_records)
{
    run_class(C_REORDER);
}
Test(audit_tamper, truncate_the_tail)
{
    run_class(C_TRUNCATE);
}
Test(audit_tamper, rollback_to_backup)
{
    run_class(C_ROLLBACK);
}
Test(audit_tamper, rehash_after_change)
{
    run_class(C_REHASH);
}
Test(audit_tamper, fork)
{
    run_class(C_FORK);
}
Test(audit_tamper, wrong_signing_key)
{
    run_class(C_WRONG_KEY);
}
Test(audit_tamper, unlogged_segment_drop)
{
    run_class(C_SEGMENT_DROP);
}

/* Rollback and then carry on: the server restored from a backup at r keeps logging and signing
 * with the real key. Detected (behind the witness, or a fork with it); the position of the
 * divergence cannot be known from one view, so only detection is asserted. */
Test(audit_tamper, rollback_and_continue)
{
    const uint64_t cases[][2] = {{4321, 9500}, {4321, 10500}, {9999, 10000}, {0, 12000}};
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        uint64_t r = cases[c][0], n2 = cases[c][1], rng = 99 + c;
        struct lf_row *rows = calloc(n2, sizeof *rows);
        struct str cps[32];
        char *texts[32];
        size_t n_cps = 0;
        struct audit_state st = r >= CP ? L.cp_state[r / CP - 1] : L.cp_state[0];
        if (r < CP)
            audit_state_init(&st);
        for (uint64_t i = (r / CP) * CP; i < r; i++) {
            uint8_t l[32], ch[32];
            cr_assert_eq(audit_state_append(&st, &L.rows[i].row.rec, l, ch, NULL), 0);
        }
        for (uint64_t i = 0; i < n2; i++) {
            if (i < r) {
                lf_row_copy(&rows[i], &L.rows[i]);
            } else {
                lf_rec_random(&rows[i], i, L.rows[N - 1].row.rec.ts_ms + (int64_t)i, &rng);
                cr_assert_eq(audit_state_append(&st, &rows[i].row.rec, rows[i].row.leaf_hash,
                                                rows[i].row.chain_hash, NULL),
                             0);
            }
            if ((i + 1) % CP == 0) {
                uint8_t root[32];
                if (i < r) {
                    texts[n_cps] = NULL;
                    cps[n_cps++] = L.cps[i / CP];
                } else {
                    audit_state_root(&st, root);
                    texts[n_cps] = lf_sign_cp(&L.key, i + 1, root);
                    cps[n_cps] = str_from_cstr(texts[n_cps]);
                    n_cps++;
                }
            }
        }
        struct audit_verify_report rep;
        int rc = lf_verify(&L, rows, 0, n2, cps, n_cps, L.cps[L.n_cps - 1], NULL, 0, NULL, &rep);
        cr_assert_eq(rc, ERR_CONFLICT, "case %zu not detected: %s", c, rep.detail);
        cr_assert(rep.status == AUDIT_VERIFY_BEHIND_WITNESS || rep.status == AUDIT_VERIFY_FORK ||
                      rep.status == AUDIT_VERIFY_ROOT_MISMATCH,
                  "case %zu: %s", c, rep.detail);
        for (size_t i = 0; i < n_cps; i++)
            free(texts[i]);
        free(rows);
    }
}
