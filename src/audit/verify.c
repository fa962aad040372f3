/* verify.c: the streaming access-log verifier. All signed inputs are parsed up front; problems
 * found there become "pending" findings with a position, and the row stream reports whichever
 * finding comes first by position. The per-row path does no allocation: for stored rows
 * (audit_verify_feed_raw) a bounds walk over the stored encoding and the hashes of those very
 * bytes (no decode, no re-encode), two compares and an amortised O(1) frontier update; the leaf
 * step (audit_raw_leaf) is independent per row, so a caller can run it on another thread. */
#include "core/common.h"

#include <pthread.h>

#include "audit/audit_int.h"
#include "audit/verify.h"

#define INPUTS_MAX 10000000u /* checkpoints or deletion entries per run */

struct vcp {
    uint64_t size;
    uint8_t root[AUDIT_HASH_BYTES];
    size_t idx; /* index in opts.checkpoints, or AUDIT_VERIFY_WITNESS */
};

struct finding {
    enum audit_verify_status status;
    uint64_t pos;
    uint64_t end;
    size_t idx;
    char detail[160];
};

struct audit_verify {
    struct audit_verifier key;
    int64_t min_retention_ms;
    struct vcp *cps; /* validly signed checkpoints (list and witness), by size */
    size_t n_cps;
    size_t next_cp;
    struct audit_seg_deletion *dels; /* validly signed deletion entries, by start */
    size_t n_dels;
    size_t next_del;
    uint64_t start_size;
    struct audit_state st;
    uint64_t good_size;
    bool has_list_max;
    uint64_t list_max; /* largest validly signed listed checkpoint size */
    size_t list_max_idx;
    bool has_witness;
    uint64_t witness_size;
    bool has_pending;
    struct finding pending;
    bool done;
    struct finding found;
    uint64_t records;
    size_t cps_checked;
    size_t dels_applied;
};

static const char *const status_names[] = {
    [AUDIT_VERIFY_OK] = "ok",
    [AUDIT_VERIFY_SEQ_GAP] = "seq_gap",
    [AUDIT_VERIFY_BAD_RECORD] = "bad_record",
    [AUDIT_VERIFY_LEAF_MISMATCH] = "leaf_mismatch",
    [AUDIT_VERIFY_CHAIN_MISMATCH] = "chain_mismatch",
    [AUDIT_VERIFY_ROOT_MISMATCH] = "root_mismatch",
    [AUDIT_VERIFY_BAD_CHECKPOINT] = "bad_checkpoint",
    [AUDIT_VERIFY_BAD_SIGNATURE] = "bad_signature",
    [AUDIT_VERIFY_TRUNCATED] = "truncated",
    [AUDIT_VERIFY_BEHIND_WITNESS] = "behind_witness",
    [AUDIT_VERIFY_FORK] = "fork",
    [AUDIT_VERIFY_CONSISTENCY] = "consistency",
    [AUDIT_VERIFY_BAD_DELETION] = "bad_deletion",
    [AUDIT_VERIFY_INCOMPLETE] = "incomplete",
};

const char *audit_verify_status_name(enum audit_verify_status s)
{
    return (int)s >= 0 && (size_t)s < ARRAY_LEN(status_names) ? status_names[s] : "?";
}

static struct finding mkfind(enum audit_verify_status st, uint64_t pos, uint64_t end, size_t idx)
{
    struct finding f;
    memset(&f, 0, sizeof f);
    f.status = st;
    f.pos = pos;
    f.end = end > pos ? end : pos + 1;
    f.idx = idx;
    return f;
}

/* Records a pending finding if it comes before the current one (ties keep the first). */
static void add_pending(struct audit_verify *v, const struct finding *f)
{
    if (!v->has_pending || f->pos < v->pending.pos) {
        v->pending = *f;
        v->has_pending = true;
    }
}

/* Makes f the verdict; returns ERR_CONFLICT for the caller to pass up. */
static int conclude(struct audit_verify *v, const struct finding *f)
{
    v->found = *f;
    v->done = true;
    return ERR_CONFLICT;
}

/* Largest validly signed checkpoint size strictly below s, or the trusted start, or 0. */
static uint64_t prev_size(const struct audit_verify *v, uint64_t s)
{
    uint64_t best = v->start_size < s ? v->start_size : 0;
    size_t lo = 0, hi = v->n_cps;
    while (lo < hi) { /* first index with size >= s */
        size_t mid = lo + (hi - lo) / 2;
        if (v->cps[mid].size < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && v->cps[lo - 1].size > best)
        best = v->cps[lo - 1].size;
    return best;
}

static int cmp_cp(const void *a, const void *b)
{
    const struct vcp *x = a, *y = b;
    int c = (x->size > y->size) - (x->size < y->size);
    if (c == 0)
        c = memcmp(x->root, y->root, AUDIT_HASH_BYTES);
    if (c == 0)
        c = (x->idx > y->idx) - (x->idx < y->idx);
    return c;
}

static int cmp_del(const void *a, const void *b)
{
    const struct audit_seg_deletion *x = a, *y = b;
    int c = (x->head.start > y->head.start) - (x->head.start < y->head.start);
    if (c == 0)
        c = (x->head.end > y->head.end) - (x->head.end < y->head.end);
    return c;
}

/* A checkpoint finding whose position depends on all valid sizes: resolved after sorting. */
struct deferred {
    enum audit_verify_status status;
    bool has_size;
    uint64_t size;  /* the checkpoint's (claimed) size */
    uint64_t floor; /* position to use when the size is unknown */
    size_t idx;
};

/* One checkpoint text parsed and its signature checked (audit__checkpoint_parse). */
struct parsed_cp {
    bool parsed;
    bool sig_ok;
    uint64_t size;
    uint8_t root[AUDIT_HASH_BYTES];
};

struct parse_job {
    const struct audit_verifier *key;
    const struct str *t;
    struct parsed_cp *out;
    size_t from, to;
};

static void *parse_range(void *arg)
{
    const struct parse_job *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        struct parsed_cp *c = &j->out[i];
        c->parsed = audit__checkpoint_parse(j->t[i].p, j->t[i].n, j->key, &c->size, c->root,
                                            &c->sig_ok, NULL) == 0;
    }
    return NULL;
}

/* Parses texts t[0..n) into out[0..n). The signature checks (about 50 us of CPU each; a log of
 * 10 M records has 10,000 checkpoints) are split over `threads` threads; the results do not
 * depend on the split. */
static void parse_checkpoints(const struct audit_verifier *key, const struct str *t, size_t n,
                              unsigned threads, struct parsed_cp *out)
{
    pthread_t th[AUDIT_VERIFY_PARSE_THREADS_MAX] = {0};
    struct parse_job job[AUDIT_VERIFY_PARSE_THREADS_MAX];
    unsigned started = 0;
    if (threads > AUDIT_VERIFY_PARSE_THREADS_MAX)
        threads = AUDIT_VERIFY_PARSE_THREADS_MAX;
    if (threads < 1 || n < 64)
        threads = 1;
    for (unsigned w = 0; w < threads; w++)
        job[w] = (struct parse_job){key, t, out, n * w / threads, n * (w + 1) / threads};
    for (unsigned w = 1; w < threads; w++) {
        if (pthread_create(&th[w - 1], NULL, parse_range, &job[w]) != 0)
            break;
        started++;
    }
    for (unsigned w = started + 1; w < threads; w++)
        parse_range(&job[w]); /* a helper that could not start: its share on this thread */
    parse_range(&job[0]);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
}

/* Takes one parsed checkpoint; valid ones go to cps, problems to *d (returns true then). */
static bool load_checkpoint(struct audit_verify *v, const struct parsed_cp *p, size_t idx,
                            uint64_t floor, struct deferred *d)
{
    bool bad = true;
    d->idx = idx;
    d->floor = floor;
    if (!p->parsed) {
        d->status = AUDIT_VERIFY_BAD_CHECKPOINT;
        d->has_size = false;
    } else if (!p->sig_ok) {
        d->status = AUDIT_VERIFY_BAD_SIGNATURE;
        d->has_size = true;
        d->size = p->size;
    } else {
        struct vcp *c = &v->cps[v->n_cps++];
        c->size = p->size;
        memcpy(c->root, p->root, AUDIT_HASH_BYTES);
        c->idx = idx;
        bad = false;
    }
    return bad;
}

static void set_detail(struct finding *f, const char *what)
{
    if (f->idx == AUDIT_VERIFY_WITNESS)
        snprintf(f->detail, sizeof f->detail,
                 "%s: witness checkpoint, positions [%" PRIu64 ", %" PRIu64 ")", what, f->pos,
                 f->end);
    else if (f->idx != AUDIT_VERIFY_NONE)
        snprintf(f->detail, sizeof f->detail,
                 "%s: checkpoint #%zu, positions [%" PRIu64 ", %" PRIu64 ")", what, f->idx, f->pos,
                 f->end);
    else
        snprintf(f->detail, sizeof f->detail, "%s at seq %" PRIu64, what, f->pos);
}

static int load_inputs(struct audit_verify *v, const struct audit_verify_opts *o,
                       struct parsed_cp *pcs, struct deferred *defs, size_t *n_defs)
{
    int rc = 0;
    uint64_t max_so_far = v->start_size;
    bool any_valid = false;
    parse_checkpoints(&v->key, o->checkpoints, o->n_checkpoints, o->threads, pcs);
    if (o->witness.n > 0)
        parse_checkpoints(&v->key, &o->witness, 1, 1, &pcs[o->n_checkpoints]);
    /* Checkpoints in issue order: a later one must not be smaller (append-only). */
    for (size_t i = 0; i < o->n_checkpoints; i++) {
        size_t before = v->n_cps;
        if (load_checkpoint(v, &pcs[i], i, max_so_far, &defs[*n_defs])) {
            (*n_defs)++;
            continue;
        }
        uint64_t s = v->cps[before].size;
        if (any_valid && s < max_so_far) {
            defs[*n_defs] = (struct deferred){AUDIT_VERIFY_CONSISTENCY, true, s, 0, i};
            (*n_defs)++;
        }
        if (!any_valid || s > max_so_far)
            max_so_far = s;
        any_valid = true;
        if (!v->has_list_max || s > v->list_max) {
            v->has_list_max = true;
            v->list_max = s;
            v->list_max_idx = i;
        }
    }
    if (o->witness.n > 0) {
        size_t before = v->n_cps;
        if (load_checkpoint(v, &pcs[o->n_checkpoints], AUDIT_VERIFY_WITNESS, v->start_size,
                            &defs[*n_defs])) {
            (*n_defs)++;
        } else {
            v->has_witness = true;
            v->witness_size = v->cps[before].size;
        }
    }
    qsort(v->cps, v->n_cps, sizeof v->cps[0], cmp_cp);

    /* Forks: equal sizes with different roots (sorted, so they are neighbours). Then drop exact
     * duplicates, keeping the forked ones so each root is still compared with the data. */
    size_t w = 0;
    for (size_t i = 0; i < v->n_cps; i++) {
        if (w > 0 && v->cps[w - 1].size == v->cps[i].size) {
            if (memcmp(v->cps[w - 1].root, v->cps[i].root, AUDIT_HASH_BYTES) == 0)
                continue;
            bool wit =
                v->cps[i].idx == AUDIT_VERIFY_WITNESS || v->cps[w - 1].idx == AUDIT_VERIFY_WITNESS;
            size_t idx = wit ? AUDIT_VERIFY_WITNESS : v->cps[i].idx;
            defs[*n_defs] = (struct deferred){AUDIT_VERIFY_FORK, true, v->cps[i].size, 0, idx};
            (*n_defs)++;
        }
        v->cps[w++] = v->cps[i];
    }
    v->n_cps = w;

    /* Positions can be computed now that the valid sizes are known. */
    for (size_t i = 0; i < *n_defs; i++) {
        const struct deferred *d = &defs[i];
        uint64_t pos = d->has_size ? prev_size(v, d->size) : d->floor;
        struct finding f = mkfind(d->status, pos, d->has_size ? d->size : pos + 1, d->idx);
        set_detail(&f, audit_verify_status_name(d->status));
        add_pending(v, &f);
    }

    /* Deletion entries: only validly signed ones can explain a gap. */
    for (size_t i = 0; i < o->n_deletions; i++) {
        struct audit_seg_deletion *d = &v->dels[v->n_dels];
        bool sig_ok = false;
        struct finding f;
        if (audit__segdel_parse(o->deletions[i].p, o->deletions[i].n, &v->key, d, &sig_ok, NULL) !=
            0) {
            f = mkfind(AUDIT_VERIFY_BAD_DELETION, v->start_size, 0, AUDIT_VERIFY_NONE);
            snprintf(f.detail, sizeof f.detail, "deletion entry #%zu is malformed", i);
            add_pending(v, &f);
        } else if (!sig_ok) {
            f = mkfind(AUDIT_VERIFY_BAD_SIGNATURE, d->head.start, d->head.end, AUDIT_VERIFY_NONE);
            snprintf(f.detail, sizeof f.detail,
                     "deletion entry #%zu for [%" PRIu64 ", %" PRIu64 ") has no valid signature", i,
                     d->head.start, d->head.end);
            add_pending(v, &f);
        } else if (o->min_retention_ms > 0 &&
                   (d->deleted_at_ms < d->head.last_ts_ms ||
                    d->deleted_at_ms - d->head.last_ts_ms < o->min_retention_ms)) {
            f = mkfind(AUDIT_VERIFY_BAD_DELETION, d->head.start, d->head.end, AUDIT_VERIFY_NONE);
            snprintf(f.detail, sizeof f.detail,
                     "segment [%" PRIu64 ", %" PRIu64 ") deleted before its retention period",
                     d->head.start, d->head.end);
            add_pending(v, &f);
        } else {
            v->n_dels++;
        }
    }
    qsort(v->dels, v->n_dels, sizeof v->dels[0], cmp_del);
    for (size_t i = 1; i < v->n_dels; i++) {
        if (v->dels[i].head.start < v->dels[i - 1].head.end) {
            struct finding f = mkfind(AUDIT_VERIFY_BAD_DELETION, v->dels[i].head.start,
                                      v->dels[i].head.end, AUDIT_VERIFY_NONE);
            snprintf(f.detail, sizeof f.detail, "deletion entries overlap at seq %" PRIu64,
                     v->dels[i].head.start);
            add_pending(v, &f);
        }
    }
    return rc;
}

int audit_verify_new(const struct audit_verify_opts *o, struct audit_verify **out, struct err *e)
{
    int rc = 0;
    struct audit_verify *v = NULL;
    struct deferred *defs = NULL;
    struct parsed_cp *pcs = NULL;
    *out = NULL;
    if (o == NULL || o->key == NULL || o->n_checkpoints > INPUTS_MAX ||
        o->n_deletions > INPUTS_MAX || (o->n_checkpoints > 0 && o->checkpoints == NULL) ||
        (o->n_deletions > 0 && o->deletions == NULL) ||
        (o->trusted != NULL && !audit_state_valid(o->trusted))) {
        rc = err_set(e, ERR_INVAL, "ongeldige verificatie-opties");
        goto out;
    }
    v = calloc(1, sizeof *v);
    size_t n_in = o->n_checkpoints + 1;
    if (v != NULL) {
        v->cps = calloc(n_in, sizeof v->cps[0]);
        v->dels = calloc(o->n_deletions + 1, sizeof v->dels[0]);
    }
    /* At most one deferred finding per checkpoint (two with a consistency finding), plus forks. */
    defs = calloc(3 * n_in, sizeof defs[0]);
    pcs = calloc(n_in, sizeof pcs[0]);
    if (v == NULL || v->cps == NULL || v->dels == NULL || defs == NULL || pcs == NULL) {
        rc = err_set(e, ERR_NOMEM, "geen geheugen voor verificatie");
        goto out;
    }
    v->key = *o->key;
    v->min_retention_ms = o->min_retention_ms;
    if (o->trusted != NULL)
        v->st = *o->trusted;
    else
        audit_state_init(&v->st);
    v->start_size = v->st.fr.end;
    v->good_size = v->start_size;

    size_t n_defs = 0;
    rc = load_inputs(v, o, pcs, defs, &n_defs);
    if (rc != 0)
        goto out;

    /* The starting state (empty, or trusted) must agree with a checkpoint at its own size. */
    bool start_checked = false, start_bad = false;
    for (size_t i = 0; i < v->n_cps && v->cps[i].size <= v->start_size; i++) {
        uint8_t root[AUDIT_HASH_BYTES];
        if (v->cps[i].size != v->start_size)
            continue;
        audit_state_root(&v->st, root);
        start_checked = true;
        if (memcmp(root, v->cps[i].root, AUDIT_HASH_BYTES) != 0) {
            struct finding f = mkfind(AUDIT_VERIFY_ROOT_MISMATCH, prev_size(v, v->start_size),
                                      v->start_size, v->cps[i].idx);
            set_detail(&f, "starting state does not match the checkpoint at its size");
            add_pending(v, &f);
            v->good_size = prev_size(v, v->start_size);
            start_bad = true;
        }
    }
    if (start_checked && !start_bad)
        v->cps_checked++;
    while (v->next_cp < v->n_cps && v->cps[v->next_cp].size <= v->start_size)
        v->next_cp++;
    while (v->next_del < v->n_dels && v->dels[v->next_del].head.start < v->start_size)
        v->next_del++;
    *out = v;
    v = NULL;
out:
    free(pcs);
    free(defs);
    audit_verify_free(v);
    return rc;
}

void audit_verify_free(struct audit_verify *v)
{
    if (v != NULL) {
        free(v->cps);
        free(v->dels);
        free(v);
    }
}

/* Compares the root at the current size with every checkpoint of exactly that size. */
static int check_checkpoints(struct audit_verify *v)
{
    int rc = 0;
    uint64_t size = v->st.fr.end;
    bool any = false;
    uint8_t root[AUDIT_HASH_BYTES];
    while (rc == 0 && v->next_cp < v->n_cps && v->cps[v->next_cp].size == size) {
        const struct vcp *c = &v->cps[v->next_cp];
        if (!any)
            audit_state_root(&v->st, root);
        any = true;
        if (memcmp(root, c->root, AUDIT_HASH_BYTES) != 0) {
            struct finding f = mkfind(AUDIT_VERIFY_ROOT_MISMATCH, v->good_size, size, c->idx);
            set_detail(&f, "root mismatch");
            rc = conclude(v, &f);
        }
        v->next_cp++;
    }
    if (rc == 0 && any) {
        v->good_size = size;
        v->cps_checked++;
    }
    return rc;
}

/* Reports the pending finding if the stream has reached its position. */
static int check_pending(struct audit_verify *v)
{
    int rc = 0;
    if (v->has_pending && v->pending.pos <= v->st.fr.end)
        rc = conclude(v, &v->pending);
    return rc;
}

/* Applies deletion entries that start exactly at the current size and end at or before limit. */
static int apply_deletions(struct audit_verify *v, uint64_t limit)
{
    int rc = 0;
    while (rc == 0 && v->next_del < v->n_dels) {
        const struct audit_seg_deletion *d = &v->dels[v->next_del];
        uint64_t pos = v->st.fr.end;
        if (d->head.start < pos) {
            v->next_del++; /* describes rows that are present: nothing to apply */
            continue;
        }
        if (d->head.start != pos || d->head.end > limit)
            break;
        if (memcmp(d->head.chain_in, v->st.chain, AUDIT_HASH_BYTES) != 0 ||
            audit_crange_merge(&v->st.fr, &d->head.nodes) != 0) {
            struct finding f =
                mkfind(AUDIT_VERIFY_BAD_DELETION, pos, d->head.end, AUDIT_VERIFY_NONE);
            snprintf(f.detail, sizeof f.detail,
                     "deletion entry for [%" PRIu64 ", %" PRIu64 ") does not continue the chain",
                     d->head.start, d->head.end);
            rc = conclude(v, &f);
            break;
        }
        memcpy(v->st.chain, d->head.chain_out, AUDIT_HASH_BYTES);
        v->dels_applied++;
        v->next_del++;
        /* Checkpoints inside the dropped segment cannot be recomputed (their leaves are gone);
         * they were checked for signature and forks when loaded. */
        while (v->next_cp < v->n_cps && v->cps[v->next_cp].size < v->st.fr.end)
            v->next_cp++;
        rc = check_pending(v);
        if (rc == 0)
            rc = check_checkpoints(v);
    }
    return rc;
}

static int row_finding(struct audit_verify *v, enum audit_verify_status st, uint64_t pos,
                       const char *what)
{
    struct finding f = mkfind(st, pos, pos + 1, AUDIT_VERIFY_NONE);
    set_detail(&f, what);
    return conclude(v, &f);
}

/* The per-row step once the leaf is known: seq order (and deletion gaps), the stored leaf and
 * chain columns, the frontier, and the checkpoints at the new size. leaf == NULL means the record
 * could not be encoded (BAD_RECORD). */
static int feed_leaf(struct audit_verify *v, uint64_t seq, const uint8_t *leaf,
                     const uint8_t stored_leaf[AUDIT_HASH_BYTES],
                     const uint8_t stored_chain[AUDIT_HASH_BYTES])
{
    int rc = 0;
    uint8_t chain[AUDIT_HASH_BYTES];
    if (v->done) {
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = check_pending(v);
    if (rc == 0 && seq > v->st.fr.end)
        rc = apply_deletions(v, seq);
    if (rc != 0)
        goto out;
    uint64_t pos = v->st.fr.end;
    if (seq != pos) {
        uint64_t at = seq < pos ? seq : pos;
        rc = row_finding(v, AUDIT_VERIFY_SEQ_GAP, at,
                         seq < pos ? "seq repeated or out of order" : "seq gap");
        v->found.end = seq < pos ? pos : seq;
        goto out;
    }
    if (leaf == NULL) {
        rc = row_finding(v, AUDIT_VERIFY_BAD_RECORD, pos, "record field out of range");
        goto out;
    }
    if (memcmp(leaf, stored_leaf, AUDIT_HASH_BYTES) != 0) {
        rc = row_finding(v, AUDIT_VERIFY_LEAF_MISMATCH, pos, "leaf hash mismatch");
        goto out;
    }
    audit_chain_next(v->st.chain, leaf, chain);
    if (memcmp(chain, stored_chain, AUDIT_HASH_BYTES) != 0) {
        rc = row_finding(v, AUDIT_VERIFY_CHAIN_MISMATCH, pos, "chain hash mismatch");
        goto out;
    }
    if (audit_crange_append_leaf(&v->st.fr, leaf) != 0) {
        rc = row_finding(v, AUDIT_VERIFY_BAD_RECORD, pos, "log too large");
        goto out;
    }
    memcpy(v->st.chain, chain, AUDIT_HASH_BYTES);
    v->records++;
    rc = check_checkpoints(v);
out:
    return rc;
}

int audit_verify_feed(struct audit_verify *v, const struct audit_row *row)
{
    uint8_t leaf[AUDIT_HASH_BYTES];
    bool ok = !v->done && audit_rec_hash(&row->rec, NULL, leaf, NULL) == 0;
    return feed_leaf(v, row->rec.seq, ok ? leaf : NULL, row->leaf_hash, row->chain_hash);
}

void audit_raw_leaf(const struct audit_raw_row *row, struct audit_leaf *out)
{
    out->ok = audit_rec_check(row->rec, row->rec_n, &out->seq) == 0;
    if (out->ok)
        audit_rec_hash_encoded(row->salt, row->rec, row->rec_n, out->leaf);
    else
        out->seq = row->seq; /* as if decoded to a zeroed record at the stored seq */
    memcpy(out->stored_leaf, row->leaf_hash, AUDIT_HASH_BYTES);
    memcpy(out->stored_chain, row->chain_hash, AUDIT_HASH_BYTES);
}

int audit_verify_feed_leaf(struct audit_verify *v, const struct audit_leaf *l)
{
    return feed_leaf(v, l->seq, l->ok ? l->leaf : NULL, l->stored_leaf, l->stored_chain);
}

int audit_verify_feed_raw(struct audit_verify *v, const struct audit_raw_row *row)
{
    struct audit_leaf l;
    int rc = ERR_CONFLICT;
    if (!v->done) {
        audit_raw_leaf(row, &l);
        rc = audit_verify_feed_leaf(v, &l);
    }
    return rc;
}

/* ---- range-parallel chunks ---------------------------------------------------------------- */

struct chunk_acc {
    uint64_t size;
    uint8_t acc[AUDIT_HASH_BYTES]; /* MTH fold of the chunk's nodes at that size */
};

/* Rows whose chain check waits, so the chain hashes are computed several at once
 * (audit__chain_next_n); a multiple of every lane count. */
#define CHAIN_BATCH 16u

struct audit_chunk {
    uint64_t start; /* aligned to width */
    uint64_t width; /* a power of two */
    uint64_t n;     /* rows fed and found clean */
    bool clean;
    const struct vcp *cps; /* the verifier's checkpoints (immutable after audit_verify_new) */
    size_t cp_i, cp_end;   /* those with size in (start, start + AUDIT_CHUNK_ROWS] */
    struct chunk_acc *acc; /* one per distinct checkpoint size reached */
    size_t n_acc, cap_acc;
    uint8_t first_leaf[AUDIT_HASH_BYTES];
    uint8_t first_chain[AUDIT_HASH_BYTES];
    uint8_t last_chain[AUDIT_HASH_BYTES];
    struct audit_crange cr; /* [start, start + n) */
    /* Rows fed (counted in n, in cr) whose stored chain is not checked yet: row i's chain must be
     * audit_chain_next(stored chain of the row before it, its leaf); the row before the first
     * pending one is pend_prev. Checked when the batch is full and by audit_chunk_end. */
    size_t n_pend;
    uint8_t pend_prev[AUDIT_HASH_BYTES];
    uint8_t pend_leaf[CHAIN_BATCH][AUDIT_HASH_BYTES];
    uint8_t pend_chain[CHAIN_BATCH][AUDIT_HASH_BYTES];
};

int audit_chunk_new(struct audit_chunk **out)
{
    *out = calloc(1, sizeof **out);
    return *out != NULL ? 0 : ERR_NOMEM;
}

void audit_chunk_free(struct audit_chunk *c)
{
    if (c != NULL) {
        free(c->acc);
        free(c);
    }
}

/* First index of v->cps with size > s. */
static size_t cps_after(const struct audit_verify *v, uint64_t s)
{
    size_t lo = 0, hi = v->n_cps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->cps[mid].size <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int audit_chunk_begin(struct audit_chunk *c, const struct audit_verify *v, uint64_t start,
                      unsigned log2)
{
    uint64_t width = (uint64_t)1 << (log2 >= 1 && log2 <= 40 ? log2 : 1);
    if (log2 < 1 || log2 > 40 || (start & (width - 1)) != 0 ||
        start > AUDIT_TREE_MAX_SIZE - width)
        return ERR_INVAL;
    c->start = start;
    c->width = width;
    c->n = 0;
    c->clean = true;
    c->cps = v->cps;
    c->cp_i = cps_after(v, start);
    c->cp_end = cps_after(v, start + width);
    c->n_acc = 0;
    c->n_pend = 0;
    size_t need = c->cp_end - c->cp_i;
    if (need > c->cap_acc) {
        struct chunk_acc *a = realloc(c->acc, need * sizeof a[0]);
        if (a == NULL)
            return ERR_NOMEM;
        c->acc = a;
        c->cap_acc = need;
    }
    audit_crange_init(&c->cr, start);
    return 0;
}

/* MTH-style fold of a range's nodes from the right (r->n > 0). */
static void fold_nodes(const struct audit_crange *r, uint8_t acc[AUDIT_HASH_BYTES])
{
    memcpy(acc, r->node[r->n - 1], AUDIT_HASH_BYTES);
    for (size_t i = r->n - 1; i > 0; i--)
        audit_merkle_node_hash(r->node[i - 1], acc, acc);
}

/* Checks the pending chains; false (and the chunk not clean) if one does not match. */
static bool check_pending_chains(struct audit_chunk *c)
{
    const uint8_t *prev[CHAIN_BATCH] = {NULL}, *leaf[CHAIN_BATCH] = {NULL};
    uint8_t chain[CHAIN_BATCH][AUDIT_HASH_BYTES];
    size_t n = c->n_pend;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        prev[i] = i == 0 ? c->pend_prev : c->pend_chain[i - 1];
        leaf[i] = c->pend_leaf[i];
    }
    audit__chain_next_n(n, prev, leaf, chain);
    for (size_t i = 0; i < n; i++)
        ok &= memcmp(chain[i], c->pend_chain[i], AUDIT_HASH_BYTES) == 0;
    c->n_pend = 0;
    c->clean = c->clean && ok;
    return ok;
}

int audit_chunk_end(struct audit_chunk *c)
{
    if (c->n_pend > 0)
        (void)check_pending_chains(c);
    return c->clean ? 0 : ERR_CONFLICT;
}

int audit_chunk_feed(struct audit_chunk *c, const struct audit_raw_row *row)
{
    uint64_t pos = c->start + c->n, seq = 0;
    uint8_t leaf[AUDIT_HASH_BYTES];
    if (!c->clean || c->n >= c->width)
        goto bad;
    /* The same bytes and checks as audit_raw_leaf + feed_leaf, with the stored chain of the
     * previous row standing in for the verifier's chain (the fold checks the first one). The
     * chain check waits for a batch of rows (check_pending_chains); a bad chain then makes the
     * chunk unclean a few rows later, which changes nothing: an unclean chunk is fed again row
     * by row by the fold. */
    if (audit_rec_check(row->rec, row->rec_n, &seq) != 0 || seq != pos)
        goto bad;
    audit_rec_hash_encoded(row->salt, row->rec, row->rec_n, leaf);
    if (memcmp(leaf, row->leaf_hash, AUDIT_HASH_BYTES) != 0)
        goto bad;
    if (c->n == 0) {
        memcpy(c->first_leaf, leaf, AUDIT_HASH_BYTES);
        memcpy(c->first_chain, row->chain_hash, AUDIT_HASH_BYTES);
    } else {
        if (c->n_pend == 0)
            memcpy(c->pend_prev, c->last_chain, AUDIT_HASH_BYTES);
        memcpy(c->pend_leaf[c->n_pend], leaf, AUDIT_HASH_BYTES);
        memcpy(c->pend_chain[c->n_pend], row->chain_hash, AUDIT_HASH_BYTES);
        if (++c->n_pend == CHAIN_BATCH && !check_pending_chains(c))
            goto bad;
    }
    if (audit_crange_append_leaf(&c->cr, leaf) != 0)
        goto bad;
    memcpy(c->last_chain, row->chain_hash, AUDIT_HASH_BYTES);
    c->n++;
    bool first = true;
    while (c->cp_i < c->cp_end && c->cps[c->cp_i].size == pos + 1) {
        if (first) {
            struct chunk_acc *a = &c->acc[c->n_acc++];
            a->size = pos + 1;
            fold_nodes(&c->cr, a->acc);
            first = false;
        }
        c->cp_i++;
    }
    return 0;
bad:
    c->clean = false;
    return ERR_CONFLICT;
}

int audit_verify_apply_chunk(struct audit_verify *v, const struct audit_chunk *c)
{
    if (v->done)
        return ERR_CONFLICT;
    if (c->clean && c->n == 0)
        return 0; /* no rows in the chunk: feeding none changes nothing */
    if (c->n_pend > 0)
        return 1; /* audit_chunk_end was not called: chains unchecked */
    uint64_t end = c->start + c->n;
    if (!c->clean || c->start != v->st.fr.end || (c->start & (c->width - 1)) != 0 ||
        (v->has_pending && v->pending.pos < end) ||
        (v->next_cp < v->n_cps && v->cps[v->next_cp].size <= c->start))
        return 1;
    uint8_t chain[AUDIT_HASH_BYTES], root[AUDIT_HASH_BYTES];
    audit_chain_next(v->st.chain, c->first_leaf, chain);
    if (memcmp(chain, c->first_chain, AUDIT_HASH_BYTES) != 0)
        return 1;
    /* Root at each checkpoint size S in the chunk: the frontier of [0, start) (nodes of height
     * >= log2 of the width, start being aligned to it) folded onto the chunk's partial fold at S;
     * when S - start is the whole width, the last frontier node may have the chunk's height, and
     * folding it onto the chunk's root is the same hash as merging the two first. */
    size_t cp = v->next_cp, checked = 0;
    uint64_t good = v->good_size;
    for (size_t i = 0; i < c->n_acc; i++) {
        uint64_t size = c->acc[i].size;
        memcpy(root, c->acc[i].acc, AUDIT_HASH_BYTES);
        for (size_t k = v->st.fr.n; k > 0; k--)
            audit_merkle_node_hash(v->st.fr.node[k - 1], root, root);
        if (cp >= v->n_cps || v->cps[cp].size != size)
            return 1;
        for (; cp < v->n_cps && v->cps[cp].size == size; cp++)
            if (memcmp(root, v->cps[cp].root, AUDIT_HASH_BYTES) != 0)
                return 1; /* the row-by-row feed reports the root mismatch */
        checked++;
        good = size;
    }
    if (cp < v->n_cps && v->cps[cp].size <= end)
        return 1;
    struct audit_crange fr = v->st.fr;
    if (audit_crange_merge(&fr, &c->cr) != 0)
        return 1;
    v->st.fr = fr;
    memcpy(v->st.chain, c->last_chain, AUDIT_HASH_BYTES);
    v->records += c->n;
    v->next_cp = cp;
    v->cps_checked += checked;
    v->good_size = good;
    return 0;
}

static void fill_report(const struct audit_verify *v, struct audit_verify_report *out)
{
    memset(out, 0, sizeof *out);
    out->good_size = v->good_size;
    out->size = v->st.fr.end;
    out->records = v->records;
    out->checkpoints_checked = v->cps_checked;
    out->deletions_applied = v->dels_applied;
    audit_state_root(&v->st, out->root);
    if (v->done) {
        out->status = v->found.status;
        out->bad_seq = v->found.pos;
        out->bad_end = v->found.end;
        out->checkpoint = v->found.idx;
        memcpy(out->detail, v->found.detail, sizeof out->detail);
        if (out->good_size > out->bad_seq)
            out->good_size = out->bad_seq;
    } else {
        out->status = AUDIT_VERIFY_OK;
        out->bad_seq = out->size;
        out->bad_end = out->size;
        out->checkpoint = AUDIT_VERIFY_NONE;
        snprintf(out->detail, sizeof out->detail,
                 "ok: %" PRIu64 " positions, %" PRIu64 " rows, proven up to %" PRIu64, out->size,
                 out->records, out->good_size);
    }
}

int audit_verify_finish(struct audit_verify *v, struct audit_verify_report *out)
{
    int rc = v->done ? ERR_CONFLICT : 0;
    if (rc == 0)
        rc = check_pending(v);
    if (rc == 0)
        rc = apply_deletions(v, UINT64_MAX);
    if (rc == 0) {
        uint64_t n = v->st.fr.end;
        struct finding f;
        bool have = false;
        if (v->has_list_max && v->list_max > n) {
            f = mkfind(AUDIT_VERIFY_TRUNCATED, n, v->list_max, v->list_max_idx);
            set_detail(&f, "log ends before a checkpoint");
            have = true;
        } else if (v->has_witness && v->witness_size > n) {
            f = mkfind(AUDIT_VERIFY_BEHIND_WITNESS, n, v->witness_size, AUDIT_VERIFY_WITNESS);
            set_detail(&f, "log is smaller than witnessed");
            have = true;
        }
        if (v->has_pending && (!have || v->pending.pos <= n))
            rc = conclude(v, &v->pending);
        else if (have)
            rc = conclude(v, &f);
    }
    fill_report(v, out);
    return rc;
}

int audit_verify_state(const struct audit_verify *v, struct audit_state *out,
                       uint64_t *out_good_size)
{
    int rc = v->done ? ERR_CONFLICT : 0;
    if (rc == 0) {
        *out = v->st;
        if (out_good_size != NULL)
            *out_good_size = v->good_size;
    }
    return rc;
}

int audit_verify(const struct audit_verify_opts *o, struct audit_row_iter it,
                 struct audit_verify_report *out, struct err *e)
{
    struct audit_verify *v = NULL;
    struct audit_row row;
    int rc = audit_verify_new(o, &v, e);
    if (rc != 0)
        goto out;
    for (;;) {
        int got = it.next(it.ctx, &row, e);
        if (got < 0) {
            rc = got;
            goto out;
        }
        if (got == 0 || audit_verify_feed(v, &row) != 0)
            break;
    }
    rc = audit_verify_finish(v, out);
out:
    if (rc != 0 && rc != ERR_CONFLICT) {
        memset(out, 0, sizeof *out);
        out->status = AUDIT_VERIFY_INCOMPLETE;
        out->checkpoint = AUDIT_VERIFY_NONE;
        snprintf(out->detail, sizeof out->detail, "verification incomplete (%d)", rc);
    }
    audit_verify_free(v);
    return rc;
}
