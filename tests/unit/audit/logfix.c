/* logfix.c: see logfix.h. */
#include "core/common.h"

#include <stdarg.h>

#include <criterion/criterion.h>

#include "core/rand.h"
#include "logfix.h"

uint64_t lf_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t lf_below(uint64_t *s, uint64_t n)
{
    return lf_rand(s) % n;
}

static void key_from(struct audit_signer *out, uint8_t base)
{
    uint8_t seed[32];
    for (size_t i = 0; i < sizeof seed; i++)
        seed[i] = (uint8_t)(base + i);
    cr_assert_eq(audit_signer_from_seed(out, "regie.test/audit", seed, NULL), 0);
}

void lf_key(struct audit_signer *out)
{
    key_from(out, 1);
}

void lf_other_key(struct audit_signer *out)
{
    key_from(out, 101);
}

static const char *const roles[] = {
    "procesregisseur", "casusregisseur", "ketenpartner", "functioneel_beheerder", "fg",
    "wijkagent"};
static const char *const purposes[] = {"casusoverleg", "weging signaal", "plan van aanpak",
                                       "evaluatie", "informatieverzoek betrokkene"};
static const char *const legal[] = {"avg-6-1-e", "avg-6-1-c", "wpg-16", "wjsg-15"};
static const char *const otypes[] = {"case", "signal", "plan", "meeting", "person", "network"};
static const char *const fields[] = {
    "", "summary", "summary,plan", "persons,relations", "minutes", "status,phase,owner"};
static const char *const rules[] = {"case.read.member", "case.update.owner",        "signal.read",
                                    "plan.adopt",       "meeting.read.participant", "deny.default"};

/* Appends a formatted string to r->buf and returns it as a slice. */
static struct str put(struct lf_row *r, size_t *used, const char *fmt, ...) PRINTF_LIKE(3, 4);
static struct str put(struct lf_row *r, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(r->buf + *used, LF_BUF - *used, fmt, ap);
    va_end(ap);
    cr_assert(k >= 0 && (size_t)k < LF_BUF - *used, "logfix buffer too small");
    struct str s = {r->buf + *used, (size_t)k};
    *used += (size_t)k + 1;
    return s;
}

void lf_rec_random(struct lf_row *r, uint64_t seq, int64_t ts, uint64_t *rng)
{
    struct audit_rec *x = &r->row.rec;
    size_t used = 0;
    memset(r, 0, sizeof *r);
    x->seq = seq;
    x->ts_ms = ts;
    x->action = (enum audit_action)(1 + lf_below(rng, AUDIT_ACT_LAST));
    x->outcome = (enum audit_outcome)(1 + lf_below(rng, AUDIT_OUT_LAST));
    x->user_id = (int64_t)(1 + lf_below(rng, 500));
    x->org_id = (int64_t)(1 + lf_below(rng, 40));
    x->role = put(r, &used, "%s", roles[lf_below(rng, ARRAY_LEN(roles))]);
    x->on_behalf_of = lf_below(rng, 4) == 0 ? (int64_t)(1 + lf_below(rng, 500)) : 0;
    x->purpose = put(r, &used, "%s", purposes[lf_below(rng, ARRAY_LEN(purposes))]);
    x->processing_activity =
        put(r, &used, "https://register.example.nl/va/%u", (unsigned)lf_below(rng, 30));
    x->legal_basis = put(r, &used, "%s", legal[lf_below(rng, ARRAY_LEN(legal))]);
    x->has_subject = lf_below(rng, 8) != 0;
    if (x->has_subject) {
        for (size_t i = 0; i < AUDIT_SUBJECT_BYTES; i++)
            x->subject[i] = (uint8_t)lf_rand(rng);
        x->subject_id_type = put(r, &used, "person");
    }
    x->object_type = put(r, &used, "%s", otypes[lf_below(rng, ARRAY_LEN(otypes))]);
    x->object_id = put(r, &used, "c-%06u", (unsigned)lf_below(rng, 1000000));
    x->categories = (uint32_t)lf_below(rng, AUDIT_CAT_ALL + 1);
    x->fields_touched = put(r, &used, "%s", fields[lf_below(rng, ARRAY_LEN(fields))]);
    x->request_id = put(r, &used, "req-%016" PRIx64, lf_rand(rng));
    uint64_t t1 = lf_rand(rng) | 1, t2 = lf_rand(rng), sp = lf_rand(rng) | 1;
    memcpy(x->trace_id, &t1, 8);
    memcpy(x->trace_id + 8, &t2, 8);
    memcpy(x->span_id, &sp, 8);
    if (lf_below(rng, 2) == 0) {
        uint64_t ps = lf_rand(rng) | 1;
        memcpy(x->parent_span_id, &ps, 8);
    }
    x->client_addr = put(r, &used, "10.%u.%u.%u", (unsigned)lf_below(rng, 256),
                         (unsigned)lf_below(rng, 256), (unsigned)lf_below(rng, 256));
    x->session_ref = put(r, &used, "%016" PRIx64, lf_rand(rng));
    x->authz_rule = put(r, &used, "%s", rules[lf_below(rng, ARRAY_LEN(rules))]);
    for (size_t i = 0; i < AUDIT_SALT_BYTES; i++)
        x->salt[i] = (uint8_t)lf_rand(rng);
}

/* The string members of struct audit_rec, for lf_row_copy. */
static const size_t str_offs[] = {
    offsetof(struct audit_rec, role),
    offsetof(struct audit_rec, purpose),
    offsetof(struct audit_rec, processing_activity),
    offsetof(struct audit_rec, legal_basis),
    offsetof(struct audit_rec, subject_id_type),
    offsetof(struct audit_rec, object_type),
    offsetof(struct audit_rec, object_id),
    offsetof(struct audit_rec, fields_touched),
    offsetof(struct audit_rec, request_id),
    offsetof(struct audit_rec, client_addr),
    offsetof(struct audit_rec, session_ref),
    offsetof(struct audit_rec, authz_rule),
};

void lf_row_copy(struct lf_row *dst, const struct lf_row *src)
{
    *dst = *src;
    for (size_t i = 0; i < ARRAY_LEN(str_offs); i++) {
        struct str *s = (struct str *)((char *)&dst->row.rec + str_offs[i]);
        if (s->p != NULL && s->p >= src->buf && s->p < src->buf + LF_BUF)
            s->p = dst->buf + (s->p - src->buf);
    }
}

char *lf_sign_cp(const struct audit_signer *s, uint64_t size, const uint8_t root[32])
{
    char *out = malloc(AUDIT_NOTE_MAX);
    size_t len = 0;
    cr_assert_not_null(out);
    cr_assert_eq(audit_checkpoint_sign(s, size, root, out, AUDIT_NOTE_MAX, &len, NULL), 0);
    return out;
}

void lf_build(struct lf_log *l, size_t n, size_t cp_every, uint64_t seed)
{
    uint64_t rng = seed;
    struct audit_state st;
    memset(l, 0, sizeof *l);
    cr_assert_eq(core_init(), 0);
    lf_key(&l->key);
    l->n = n;
    l->rows = calloc(n + 1, sizeof l->rows[0]);
    size_t max_cps = cp_every > 0 ? n / cp_every + 1 : 1;
    l->cp_size = calloc(max_cps, sizeof l->cp_size[0]);
    l->cp_text = calloc(max_cps, sizeof l->cp_text[0]);
    l->cps = calloc(max_cps, sizeof l->cps[0]);
    l->cp_state = calloc(max_cps, sizeof l->cp_state[0]);
    cr_assert(l->rows && l->cp_size && l->cp_text && l->cps && l->cp_state);
    audit_state_init(&st);
    int64_t ts = 1764000000000;
    for (size_t i = 0; i < n; i++) {
        struct lf_row *r = &l->rows[i];
        ts += (int64_t)(50 + lf_below(&rng, 2000));
        lf_rec_random(r, i, ts, &rng);
        struct err e;
        err_clear(&e);
        int rc = audit_state_append(&st, &r->row.rec, r->row.leaf_hash, r->row.chain_hash, &e);
        cr_assert_eq(rc, 0, "append %zu: %s / %s", i, e.detail, e.n_fields ? e.fields[0].name : "");
        if (cp_every > 0 && (i + 1) % cp_every == 0) {
            uint8_t root[32];
            audit_state_root(&st, root);
            size_t k = l->n_cps++;
            l->cp_size[k] = i + 1;
            l->cp_text[k] = lf_sign_cp(&l->key, i + 1, root);
            l->cps[k] = str_from_cstr(l->cp_text[k]);
            l->cp_state[k] = st;
        }
    }
    l->end_state = st;
}

void lf_free(struct lf_log *l)
{
    for (size_t i = 0; i < l->n_cps; i++)
        free(l->cp_text[i]);
    free(l->cp_text);
    free(l->cps);
    free(l->cp_size);
    free(l->cp_state);
    free(l->rows);
    audit_signer_cleanup(&l->key);
    memset(l, 0, sizeof *l);
}

int lf_iter_next(void *ctx, struct audit_row *out, struct err *e)
{
    struct lf_iter *it = ctx;
    UNUSED(e);
    int rc = 0;
    if (it->i < it->n) {
        *out = it->rows[it->i++].row;
        rc = 1;
    }
    return rc;
}

int lf_verify(const struct lf_log *l, const struct lf_row *rows, size_t from, size_t to,
              const struct str *cps, size_t n_cps, struct str witness, const struct str *dels,
              size_t n_dels, const struct audit_state *trusted, struct audit_verify_report *rep)
{
    struct lf_iter it = {rows, from, to};
    struct audit_verify_opts o = {
        .key = &l->key.pub,
        .checkpoints = cps,
        .n_checkpoints = n_cps,
        .witness = witness,
        .deletions = dels,
        .n_deletions = n_dels,
        .trusted = trusted,
    };
    return audit_verify(&o, (struct audit_row_iter){lf_iter_next, &it}, rep, NULL);
}

void lf_seg_head(const struct lf_log *l, uint64_t a, uint64_t b, struct audit_seg_head *out)
{
    struct audit_seg_builder sb;
    uint8_t chain_in[32];
    if (a == 0)
        audit_chain_init(chain_in);
    else
        memcpy(chain_in, l->rows[a - 1].row.chain_hash, 32);
    audit_seg_builder_init(&sb, a, chain_in);
    for (uint64_t i = a; i < b; i++)
        cr_assert_eq(audit_seg_builder_add(&sb, &l->rows[i].row, NULL), 0);
    cr_assert_eq(audit_seg_builder_finish(&sb, out, NULL), 0);
}
