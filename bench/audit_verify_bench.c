/* audit_verify_bench.c: how fast does `regie audit verify` check the access log?
 *
 * Generates N records (argv[1], default 10,000,000) in memory the way the writer would (leaf and
 * chain columns, a signed checkpoint every 1,000 records), then times one full single-threaded
 * verification over them (recompute every entry, leaf and chain hash, the Merkle frontier, and
 * every checkpoint signature and root) and prints records/s. The records are small but realistic
 * (about 250 bytes canonical); the store's read cost is not included.
 * Then the same log in its stored form (the canonical bytes, as the store keeps them) through the
 * path `regie audit verify` takes: audit_verify_feed_raw on one thread, and the two-thread
 * pipeline (audit/vpipe.h).
 * Usage: bench_audit_verify [N] [checkpoint interval] [raw]   (raw: skip the struct path) */
#include "core/common.h"

#include <time.h>

#include "audit/checkpoint.h"
#include "audit/record.h"
#include "audit/verify.h"
#include "audit/vpipe.h"
#include "core/parse.h"
#include "core/rand.h"

/* Compact per-row storage: the varying fields and the two stored hash columns. The string
 * fields come from small tables, as most of them do in a real log. */
struct brow {
    int64_t ts_ms;
    int64_t user_id;
    uint32_t obj;
    uint32_t req;
    uint8_t action;
    uint8_t pick;
    uint8_t salt[AUDIT_SALT_BYTES];
    uint8_t subject[AUDIT_SUBJECT_BYTES];
    uint8_t leaf[AUDIT_HASH_BYTES];
    uint8_t chain[AUDIT_HASH_BYTES];
};

static const char *const roles[] = {"procesregisseur", "casusregisseur", "ketenpartner", "fg"};
static const char *const purposes[] = {"casusoverleg", "weging signaal", "plan van aanpak"};
static const char *const rules[] = {"case.read.member", "case.update.owner", "signal.read"};

struct gen {
    char obj[24];
    char req[24];
};

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this process: robust when other jobs share the machine. */
static double cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Expands compact row i into a full record (strings in g). */
static void expand(const struct brow *b, uint64_t i, struct gen *g, struct audit_rec *r)
{
    memset(r, 0, sizeof *r);
    r->seq = i;
    r->ts_ms = b->ts_ms;
    r->action = (enum audit_action)b->action;
    r->outcome = AUDIT_OUT_OK;
    r->user_id = b->user_id;
    r->org_id = 1 + (int64_t)(b->pick % 7);
    r->role = str_from_cstr(roles[b->pick % ARRAY_LEN(roles)]);
    r->purpose = str_from_cstr(purposes[b->pick % ARRAY_LEN(purposes)]);
    r->processing_activity = STR_LIT("https://register.example.nl/va/12");
    r->legal_basis = STR_LIT("avg-6-1-e");
    r->has_subject = true;
    memcpy(r->subject, b->subject, AUDIT_SUBJECT_BYTES);
    r->subject_id_type = STR_LIT("person");
    r->object_type = STR_LIT("case");
    int k = snprintf(g->obj, sizeof g->obj, "c-%06u", (unsigned)b->obj);
    r->object_id = (struct str){g->obj, (size_t)k};
    r->categories = AUDIT_CAT_SIGNAL | AUDIT_CAT_PLAN;
    r->fields_touched = STR_LIT("summary,plan");
    k = snprintf(g->req, sizeof g->req, "req-%08x", (unsigned)b->req);
    r->request_id = (struct str){g->req, (size_t)k};
    memcpy(r->trace_id, b->salt, AUDIT_TRACE_ID_BYTES);
    memcpy(r->span_id, b->subject, AUDIT_SPAN_ID_BYTES);
    r->trace_id[0] |= 1;
    r->span_id[0] |= 1;
    r->client_addr = STR_LIT("10.1.2.3");
    r->session_ref = STR_LIT("9f86d081884c7d65");
    r->authz_rule = str_from_cstr(rules[b->pick % ARRAY_LEN(rules)]);
    memcpy(r->salt, b->salt, AUDIT_SALT_BYTES);
}

struct iter {
    const struct brow *rows;
    uint64_t i, n;
    struct gen g;
};

static int next_row(void *ctx, struct audit_row *out, struct err *e)
{
    struct iter *it = ctx;
    int rc = 0;
    UNUSED(e);
    if (it->i < it->n) {
        const struct brow *b = &it->rows[it->i];
        expand(b, it->i, &it->g, &out->rec);
        memcpy(out->leaf_hash, b->leaf, AUDIT_HASH_BYTES);
        memcpy(out->chain_hash, b->chain, AUDIT_HASH_BYTES);
        it->i++;
        rc = 1;
    }
    return rc;
}

/* Verifies the stored form of rows[0..n): single-threaded feed_raw (threads 0) or the pipe. */
static int run_raw(const struct brow *rows, const uint8_t *enc, const uint32_t *off, uint64_t n,
                   const struct audit_verify_opts *o, int threads)
{
    struct audit_verify *v = NULL;
    struct audit_vpipe *p = NULL;
    struct audit_verify_report rep;
    if (audit_verify_new(o, &v, NULL) != 0 ||
        (threads > 0 && audit_vpipe_new(v, true, &p, NULL) != 0))
        return 1;
    double t0 = now_s(), c0 = cpu_s();
    for (uint64_t i = 0; i < n; i++) {
        struct audit_raw_row r = {i, enc + off[i], off[i + 1] - off[i], rows[i].salt, rows[i].leaf,
                                  rows[i].chain};
        if ((p != NULL ? audit_vpipe_push(p, &r) : audit_verify_feed_raw(v, &r)) != 0)
            break;
    }
    audit_vpipe_end(p);
    int vrc = audit_verify_finish(v, &rep);
    double t1 = now_s(), c1 = cpu_s();
    printf("verify stored form, %s: %s, %" PRIu64 " records in %.2f s wall, %.2f s CPU: "
           "%.0f records/s (wall), %.0f records/s per CPU second\n",
           threads > 0 ? "2 threads (vpipe)" : "1 thread (feed_raw)",
           audit_verify_status_name(rep.status), rep.records, t1 - t0, c1 - c0,
           (double)rep.records / (t1 - t0), (double)rep.records / (c1 - c0));
    audit_verify_free(v);
    return vrc == 0 ? 0 : 1;
}

static int bench_raw(const struct brow *rows, uint64_t n, const struct audit_verify_opts *o)
{
    int rc = 1;
    uint32_t *off = malloc((n + 1) * sizeof off[0]);
    size_t cap = (size_t)n * 400 + AUDIT_REC_MAX; /* records here are about 270 bytes */
    uint8_t *enc = malloc(cap);
    struct gen g;
    if (off == NULL || enc == NULL)
        goto out;
    off[0] = 0;
    for (uint64_t i = 0; i < n; i++) {
        struct audit_rec r;
        size_t len = 0;
        expand(&rows[i], i, &g, &r);
        if (off[i] + AUDIT_REC_MAX > cap || off[i] > UINT32_MAX - AUDIT_REC_MAX ||
            audit_rec_encode(&r, enc + off[i], AUDIT_REC_MAX, &len, NULL) != 0)
            goto out;
        off[i + 1] = off[i] + (uint32_t)len;
    }
    rc = run_raw(rows, enc, off, n, o, 0);
    if (rc == 0)
        rc = run_raw(rows, enc, off, n, o, 2);
out:
    free(off);
    free(enc);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 1;
    int64_t n64 = 10000000, every64 = 1000;
    struct brow *rows = NULL;
    char **cps = NULL;
    struct str *cp_strs = NULL;
    size_t n_cps = 0;
    struct audit_signer key;
    memset(&key, 0, sizeof key);
    if ((argc > 1 && parse_i64(str_from_cstr(argv[1]), 1, 1000000000, &n64) != 0) ||
        (argc > 2 && parse_i64(str_from_cstr(argv[2]), 1, 1000000000, &every64) != 0)) {
        fprintf(stderr, "usage: %s [records] [checkpoint interval]\n", argv[0]);
        goto out;
    }
    if (core_init() != 0)
        goto out;
    uint64_t n = (uint64_t)n64, every = (uint64_t)every64;
    uint8_t seed[32] = {1};
    if (audit_signer_from_seed(&key, "bench.regie/audit", seed, NULL) != 0)
        goto out;
    rows = malloc(n * sizeof rows[0]);
    cps = calloc(n / every + 1, sizeof cps[0]);
    cp_strs = calloc(n / every + 1, sizeof cp_strs[0]);
    if (rows == NULL || cps == NULL || cp_strs == NULL) {
        fprintf(stderr, "out of memory\n");
        goto out;
    }

    /* Write the log as the writer would. */
    double t0 = now_s();
    struct audit_state *st = malloc(sizeof *st);
    struct gen g;
    if (st == NULL)
        goto out;
    audit_state_init(st);
    for (uint64_t i = 0; i < n; i++) {
        struct brow *b = &rows[i];
        struct audit_rec r;
        uint64_t z = mix(i + 1);
        b->ts_ms = 1764000000000 + (int64_t)(i * 37);
        b->user_id = (int64_t)(1 + z % 500);
        b->obj = (uint32_t)(z >> 20) % 1000000;
        b->req = (uint32_t)(z >> 32);
        b->action = (uint8_t)(1 + (z >> 8) % AUDIT_ACT_LAST);
        b->pick = (uint8_t)(z >> 16);
        uint64_t s1 = mix(z), s2 = mix(s1), s3 = mix(s2), s4 = mix(s3);
        memcpy(b->salt, &s1, 8);
        memcpy(b->salt + 8, &s2, 8);
        memcpy(b->subject, &s3, 8);
        memcpy(b->subject + 8, &s4, 8);
        memset(b->subject + 16, 0x5a, 16);
        expand(b, i, &g, &r);
        struct err e;
        err_clear(&e);
        if (audit_state_append(st, &r, b->leaf, b->chain, &e) != 0) {
            fprintf(stderr, "append %" PRIu64 " failed: %s\n", i, e.detail);
            free(st);
            goto out;
        }
        if ((i + 1) % every == 0) {
            uint8_t root[AUDIT_HASH_BYTES];
            size_t len = 0;
            audit_state_root(st, root);
            cps[n_cps] = malloc(AUDIT_NOTE_MAX);
            if (cps[n_cps] == NULL || audit_checkpoint_sign(&key, i + 1, root, cps[n_cps],
                                                            AUDIT_NOTE_MAX, &len, NULL) != 0) {
                free(st);
                goto out;
            }
            cp_strs[n_cps] = (struct str){cps[n_cps], len};
            n_cps++;
        }
    }
    free(st);
    double t1 = now_s();
    printf("wrote %" PRIu64 " records and %zu checkpoints in %.2f s (%.0f records/s)\n", n, n_cps,
           t1 - t0, (double)n / (t1 - t0));

    bool raw_only = argc > 3 && strcmp(argv[3], "raw") == 0;
    struct audit_verify_opts o = {
        .key = &key.pub,
        .checkpoints = cp_strs,
        .n_checkpoints = n_cps,
        .witness = n_cps > 0 ? cp_strs[n_cps - 1] : STR_NULL,
    };
    rc = 0;
    if (!raw_only) {
        /* Verify everything from records (struct path: encode, then hash), single-threaded. */
        struct iter it = {rows, 0, n, {{0}, {0}}};
        struct audit_verify_report rep;
        double t2 = now_s(), c2 = cpu_s();
        int vrc = audit_verify(&o, (struct audit_row_iter){next_row, &it}, &rep, NULL);
        double t3 = now_s(), c3 = cpu_s();
        printf("verify records (struct path): %s, %" PRIu64 " records, %zu checkpoints in %.2f s "
               "wall, %.2f s CPU: %.0f records/s (wall), %.0f records/s (CPU)\n",
               audit_verify_status_name(rep.status), rep.records, rep.checkpoints_checked,
               t3 - t2, c3 - c2, (double)rep.records / (t3 - t2),
               (double)rep.records / (c3 - c2));
        rc = vrc == 0 ? 0 : 1;
    }
    if (rc == 0)
        rc = bench_raw(rows, n, &o);
out:
    for (size_t i = 0; cps != NULL && i < n_cps; i++)
        free(cps[i]);
    free(cps);
    free(cp_strs);
    free(rows);
    audit_signer_cleanup(&key);
    return rc;
}
