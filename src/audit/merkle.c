/* merkle.c: RFC 9162 §2.1 Merkle tree hashing, compact ranges, and inclusion/consistency proofs
 * for the access log. The proof algorithms follow the RFC text step by step; generation walks the
 * RFC's recursive definitions iteratively and reads interior nodes through struct audit_tree_src.
 */
#include "core/common.h"

#include "core/sha256.h"

#include <sodium.h>

#include "audit/audit_int.h"
#include "audit/merkle.h"

/* Sibling subtree [a, a+len) collected while walking down the tree. */
struct span {
    uint64_t a;
    uint64_t len;
};

/* More than the depth of any tree below 2^63 leaves (63) plus the consistency proof's extra. */
#define SPAN_MAX 72

void audit_merkle_leaf_hash(const void *data, size_t n, uint8_t out[AUDIT_HASH_BYTES])
{
    static const uint8_t prefix = 0x00;
    if (n <= AUDIT_HASH_BYTES) {
        /* The common case (an entry hash): one one-shot call over a stack copy is cheaper. */
        uint8_t buf[1 + AUDIT_HASH_BYTES];
        buf[0] = prefix;
        if (n > 0)
            memcpy(buf + 1, data, n);
        sha256(out, buf, 1 + n);
    } else {
        struct sha256 st;
        sha256_init(&st);
        sha256_update(&st, &prefix, 1);
        sha256_update(&st, data, n);
        sha256_final(&st, out);
    }
}

void audit_merkle_node_hash(const uint8_t left[AUDIT_HASH_BYTES],
                            const uint8_t right[AUDIT_HASH_BYTES], uint8_t out[AUDIT_HASH_BYTES])
{
    audit__node_hash(left, right, out); /* hashx.c; out may alias left or right */
}

void audit_merkle_empty_root(uint8_t out[AUDIT_HASH_BYTES])
{
    sha256(out, "", 0);
}

/* Largest power of two strictly smaller than n (n >= 2): the RFC's split point k. */
static uint64_t split_point(uint64_t n)
{
    return (uint64_t)1 << (63 - __builtin_clzll(n - 1));
}

/* ---- compact ranges ------------------------------------------------------------------------ */

void audit_crange_init(struct audit_crange *r, uint64_t begin)
{
    memset(r, 0, sizeof *r); /* no uninitialised bytes if the state is stored as a blob */
    r->begin = begin;
    r->end = begin;
    r->n = 0;
}

int audit_crange_append_node(struct audit_crange *r, unsigned level,
                             const uint8_t hash[AUDIT_HASH_BYTES])
{
    int rc = 0;
    if (level > 62 || (r->end & (((uint64_t)1 << level) - 1)) != 0) {
        rc = ERR_INVAL;
        goto out;
    }
    uint64_t width = (uint64_t)1 << level;
    if (r->end > AUDIT_TREE_MAX_SIZE - width) {
        rc = ERR_TOOBIG;
        goto out;
    }
    /* The new node is a right child exactly when its index at its level is odd; its left sibling
     * is then the last node of the range if that node has the same height (nodes of a compact
     * range are adjacent, so same height and odd index means it is the sibling). */
    uint8_t carry[AUDIT_HASH_BYTES];
    memcpy(carry, hash, AUDIT_HASH_BYTES);
    unsigned lvl = level;
    uint64_t idx = r->end >> level;
    size_t n = r->n;
    while (n > 0 && (idx & 1) != 0 && r->level[n - 1] == lvl) {
        audit_merkle_node_hash(r->node[n - 1], carry, carry);
        n--;
        lvl++;
        idx >>= 1;
    }
    if (n >= AUDIT_CRANGE_MAX) {
        /* Unreachable for a valid range (at most two nodes per level); kept as a hard stop. */
        rc = ERR_TOOBIG;
        goto out;
    }
    memcpy(r->node[n], carry, AUDIT_HASH_BYTES);
    r->level[n] = (uint8_t)lvl;
    r->n = n + 1;
    r->end += width;
out:
    return rc;
}

int audit_crange_append_leaf(struct audit_crange *r, const uint8_t leaf[AUDIT_HASH_BYTES])
{
    return audit_crange_append_node(r, 0, leaf);
}

int audit_crange_root(const struct audit_crange *r, uint8_t out[AUDIT_HASH_BYTES])
{
    int rc = 0;
    if (r->begin != 0) {
        rc = ERR_INVAL;
        goto out;
    }
    if (r->n == 0) {
        audit_merkle_empty_root(out);
        goto out;
    }
    /* Frontier nodes have decreasing heights; the MTH folds them from the right. */
    uint8_t acc[AUDIT_HASH_BYTES];
    memcpy(acc, r->node[r->n - 1], AUDIT_HASH_BYTES);
    for (size_t i = r->n - 1; i > 0; i--)
        audit_merkle_node_hash(r->node[i - 1], acc, acc);
    memcpy(out, acc, AUDIT_HASH_BYTES);
out:
    return rc;
}

size_t audit_crange_levels(uint64_t begin, uint64_t end, uint8_t out_levels[AUDIT_CRANGE_MAX])
{
    size_t k = 0;
    if (end > AUDIT_TREE_MAX_SIZE)
        end = AUDIT_TREE_MAX_SIZE;
    while (begin < end && k < AUDIT_CRANGE_MAX) {
        unsigned align = begin == 0 ? 62u : (unsigned)__builtin_ctzll(begin);
        unsigned fit = 63u - (unsigned)__builtin_clzll(end - begin);
        unsigned lvl = align < fit ? align : fit;
        out_levels[k++] = (uint8_t)lvl;
        begin += (uint64_t)1 << lvl;
    }
    return k;
}

int audit_crange_merge(struct audit_crange *dst, const struct audit_crange *src)
{
    int rc = 0;
    if (src->begin != dst->end || src->end < src->begin) {
        rc = ERR_INVAL;
        goto out;
    }
    if (src->end > AUDIT_TREE_MAX_SIZE) {
        rc = ERR_TOOBIG;
        goto out;
    }
    /* Nodes of a compact range start at positions aligned to their height, and each starts
     * where the previous ends, so every append below is aligned. Work on a copy anyway so dst
     * stays untouched if src was not a well-formed range. */
    struct audit_crange tmp = *dst;
    for (size_t i = 0; i < src->n && rc == 0; i++)
        rc = audit_crange_append_node(&tmp, src->level[i], src->node[i]);
    if (rc == 0 && tmp.end != src->end)
        rc = ERR_INVAL;
    if (rc == 0)
        *dst = tmp;
out:
    return rc;
}

void audit_merkle_root_of(const uint8_t *leaves, uint64_t n, uint8_t out[AUDIT_HASH_BYTES])
{
    struct audit_crange r;
    audit_crange_init(&r, 0);
    for (uint64_t i = 0; i < n; i++) {
        if (audit_crange_append_leaf(&r, leaves + i * AUDIT_HASH_BYTES) != 0)
            break; /* only past 2^63 leaves */
    }
    if (audit_crange_root(&r, out) != 0)
        audit_merkle_empty_root(out);
}

/* ---- tree sources -------------------------------------------------------------------------- */

/* Root of the perfect subtree (level, index) from a leaf getter; ERR_NOTFOUND beyond n. */
static int perfect_root(int (*get)(void *, uint64_t, uint8_t *), void *ctx, uint64_t n,
                        unsigned level, uint64_t index, uint8_t out[AUDIT_HASH_BYTES])
{
    int rc = 0;
    if (level > 62 || index > (AUDIT_TREE_MAX_SIZE >> level)) {
        rc = ERR_INVAL;
        goto out;
    }
    uint64_t first = index << level;
    uint64_t count = (uint64_t)1 << level;
    if (first >= n || n - first < count) {
        rc = ERR_NOTFOUND;
        goto out;
    }
    if (level == 0) {
        rc = get(ctx, first, out);
        goto out;
    }
    struct audit_crange r;
    audit_crange_init(&r, first);
    uint8_t leaf[AUDIT_HASH_BYTES];
    for (uint64_t i = 0; i < count && rc == 0; i++) {
        rc = get(ctx, first + i, leaf);
        if (rc == 0)
            rc = audit_crange_append_leaf(&r, leaf);
    }
    if (rc == 0)
        memcpy(out, r.node[0], AUDIT_HASH_BYTES);
out:
    return rc;
}

static int array_get(void *ctx, uint64_t i, uint8_t *out)
{
    const struct audit_leaf_array *a = ctx;
    memcpy(out, a->leaf + i * AUDIT_HASH_BYTES, AUDIT_HASH_BYTES);
    return 0;
}

int audit_leaf_array_node(void *ctx, unsigned level, uint64_t index, uint8_t out[AUDIT_HASH_BYTES])
{
    const struct audit_leaf_array *a = ctx;
    return perfect_root(array_get, ctx, a->n, level, index, out);
}

static int fn_get(void *ctx, uint64_t i, uint8_t *out)
{
    const struct audit_leaf_fn *f = ctx;
    return f->leaf(f->ctx, i, out);
}

int audit_leaf_fn_node(void *ctx, unsigned level, uint64_t index, uint8_t out[AUDIT_HASH_BYTES])
{
    const struct audit_leaf_fn *f = ctx;
    return perfect_root(fn_get, ctx, f->n, level, index, out);
}

/* MTH of the RFC subtree [a, a+len): a is aligned to the smallest power of two >= len, so the
 * compact range of [a, a+len) has decreasing heights and folds from the right like a frontier. */
static int subtree_hash(const struct audit_tree_src *src, uint64_t a, uint64_t len,
                        uint8_t out[AUDIT_HASH_BYTES])
{
    int rc = 0;
    uint8_t levels[AUDIT_CRANGE_MAX];
    uint8_t nodes[AUDIT_CRANGE_MAX][AUDIT_HASH_BYTES];
    size_t k = audit_crange_levels(a, a + len, levels);
    uint64_t pos = a;
    for (size_t i = 0; i < k && rc == 0; i++) {
        rc = src->node(src->ctx, levels[i], pos >> levels[i], nodes[i]);
        pos += (uint64_t)1 << levels[i];
    }
    if (rc == 0 && k > 0) {
        for (size_t i = k - 1; i > 0; i--)
            audit_merkle_node_hash(nodes[i - 1], nodes[i], nodes[i - 1]);
        memcpy(out, nodes[0], AUDIT_HASH_BYTES);
    }
    return rc;
}

/* Emits the collected sibling spans bottom-up (the RFC appends each sibling after the recursive
 * part, so the deepest comes first). */
static int emit_spans(const struct audit_tree_src *src, const struct span *sp, size_t k,
                      uint8_t *out, size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    if (k > cap || k > AUDIT_PROOF_MAX) {
        rc = err_set(e, ERR_TOOBIG, "bewijs past niet in de buffer");
        goto out;
    }
    for (size_t j = 0; j < k && rc == 0; j++)
        rc = subtree_hash(src, sp[k - 1 - j].a, sp[k - 1 - j].len, out + j * AUDIT_HASH_BYTES);
    if (rc != 0) {
        err_internal(e, rc, "audit: tree source failed (%d)", rc);
        goto out;
    }
    *out_n = k;
out:
    return rc;
}

int audit_merkle_inclusion_proof(const struct audit_tree_src *src, uint64_t index, uint64_t size,
                                 uint8_t *out, size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    struct span sp[SPAN_MAX];
    size_t k = 0;
    if (size == 0 || index >= size || size > AUDIT_TREE_MAX_SIZE) {
        rc = err_set(e, ERR_INVAL, "ongeldige index of boomgrootte");
        goto out;
    }
    uint64_t a = 0, n = size, m = index;
    while (n > 1) {
        uint64_t s = split_point(n);
        if (m < s) {
            sp[k++] = (struct span){a + s, n - s};
            n = s;
        } else {
            sp[k++] = (struct span){a, s};
            a += s;
            m -= s;
            n -= s;
        }
    }
    rc = emit_spans(src, sp, k, out, cap, out_n, e);
out:
    return rc;
}

int audit_merkle_consistency_proof(const struct audit_tree_src *src, uint64_t size1, uint64_t size2,
                                   uint8_t *out, size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    struct span sp[SPAN_MAX];
    size_t k = 0;
    if (size1 > size2 || size2 > AUDIT_TREE_MAX_SIZE) {
        rc = err_set(e, ERR_INVAL, "ongeldige boomgroottes");
        goto out;
    }
    if (size1 == 0 || size1 == size2) {
        *out_n = 0;
        goto out;
    }
    /* SUBPROOF(m, D[a:a+n], b) of RFC 9162 §2.1.4.1, unrolled. */
    uint64_t a = 0, n = size2, m = size1;
    bool whole = true; /* the RFC's b: true while m still ends a left-most subtree */
    for (;;) {
        if (m == n) {
            if (!whole)
                sp[k++] = (struct span){a, n};
            break;
        }
        uint64_t s = split_point(n);
        if (m <= s) {
            sp[k++] = (struct span){a + s, n - s};
            n = s;
        } else {
            sp[k++] = (struct span){a, s};
            a += s;
            m -= s;
            n -= s;
            whole = false;
        }
    }
    rc = emit_spans(src, sp, k, out, cap, out_n, e);
out:
    return rc;
}

static bool hash_eq(const uint8_t a[AUDIT_HASH_BYTES], const uint8_t b[AUDIT_HASH_BYTES])
{
    return memcmp(a, b, AUDIT_HASH_BYTES) == 0;
}

int audit_merkle_inclusion_verify(uint64_t index, uint64_t size,
                                  const uint8_t leaf[AUDIT_HASH_BYTES], const uint8_t *proof,
                                  size_t n, const uint8_t root[AUDIT_HASH_BYTES], struct err *e)
{
    int rc = 0;
    if (index >= size || n > AUDIT_PROOF_MAX) {
        rc = err_set(e, ERR_INVAL, "ongeldige index, boomgrootte of bewijslengte");
        goto out;
    }
    /* RFC 9162 §2.1.3.2, steps 2-5. */
    uint64_t fn = index, sn = size - 1;
    uint8_t r[AUDIT_HASH_BYTES];
    memcpy(r, leaf, AUDIT_HASH_BYTES);
    for (size_t i = 0; i < n; i++) {
        if (sn == 0) {
            rc = ERR_CRYPTO; /* more elements than the path is long */
            goto fail;
        }
        if ((fn & 1) != 0 || fn == sn) {
            audit_merkle_node_hash(proof + i * AUDIT_HASH_BYTES, r, r);
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            audit_merkle_node_hash(r, proof + i * AUDIT_HASH_BYTES, r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0 || !hash_eq(r, root))
        rc = ERR_CRYPTO;
fail:
    if (rc != 0)
        err_set(e, rc, "inclusiebewijs klopt niet");
out:
    return rc;
}

int audit_merkle_consistency_verify(uint64_t size1, uint64_t size2,
                                    const uint8_t root1[AUDIT_HASH_BYTES],
                                    const uint8_t root2[AUDIT_HASH_BYTES], const uint8_t *proof,
                                    size_t n, struct err *e)
{
    int rc = 0;
    if (size1 > size2 || n > AUDIT_PROOF_MAX) {
        rc = err_set(e, ERR_INVAL, "ongeldige boomgroottes of bewijslengte");
        goto out;
    }
    if (size1 == size2) {
        if (n != 0 || !hash_eq(root1, root2))
            rc = ERR_CRYPTO;
        goto done;
    }
    if (size1 == 0) {
        if (n != 0)
            rc = ERR_CRYPTO;
        goto done;
    }
    if (n == 0) {
        rc = ERR_CRYPTO; /* step 1 */
        goto done;
    }
    /* Step 2: when size1 is a power of two the proof omits root1; treat it as element -1. */
    bool pre = (size1 & (size1 - 1)) == 0;
    size_t total = n + (pre ? 1u : 0u);
    uint64_t fn = size1 - 1, sn = size2 - 1;
    while ((fn & 1) != 0) { /* step 4 */
        fn >>= 1;
        sn >>= 1;
    }
    uint8_t fr[AUDIT_HASH_BYTES], sr[AUDIT_HASH_BYTES];
    const uint8_t *first = pre ? root1 : proof;
    memcpy(fr, first, AUDIT_HASH_BYTES);
    memcpy(sr, first, AUDIT_HASH_BYTES);
    for (size_t i = 1; i < total; i++) {
        const uint8_t *c = proof + (pre ? i - 1 : i) * AUDIT_HASH_BYTES;
        if (sn == 0) {
            rc = ERR_CRYPTO;
            goto done;
        }
        if ((fn & 1) != 0 || fn == sn) {
            audit_merkle_node_hash(c, fr, fr);
            audit_merkle_node_hash(c, sr, sr);
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            audit_merkle_node_hash(sr, c, sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0 || !hash_eq(fr, root1) || !hash_eq(sr, root2))
        rc = ERR_CRYPTO;
done:
    if (rc != 0)
        err_set(e, rc, "consistentiebewijs klopt niet");
out:
    return rc;
}

int audit__b64_decode(struct str s, uint8_t *out, size_t cap, size_t *out_len)
{
    int rc = ERR_INVAL;
    size_t len = 0;
    const char *end = NULL;
    char again[AUDIT__B64_MAX + 2];
    if (s.p == NULL || s.n == 0 || s.n % 4 != 0 || s.n > AUDIT__B64_MAX)
        goto out;
    if (sodium_base642bin(out, cap, s.p, s.n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) !=
            0 ||
        end != s.p + s.n)
        goto out;
    /* Reject non-zero padding bits: the re-encoding must give back the same text. */
    sodium_bin2base64(again, sizeof again, out, len, sodium_base64_VARIANT_ORIGINAL);
    if (strlen(again) != s.n || memcmp(again, s.p, s.n) != 0)
        goto out;
    *out_len = len;
    rc = 0;
out:
    return rc;
}

int audit_hash_from_b64(struct str s, uint8_t out[AUDIT_HASH_BYTES], struct err *e)
{
    uint8_t tmp[AUDIT_HASH_BYTES];
    size_t len = 0;
    /* 32 bytes are exactly 44 padded characters; anything else cannot be canonical. */
    int rc = s.n == 44 ? audit__b64_decode(s, tmp, sizeof tmp, &len) : ERR_INVAL;
    if (rc == 0 && len != AUDIT_HASH_BYTES)
        rc = ERR_INVAL;
    if (rc == 0)
        memcpy(out, tmp, AUDIT_HASH_BYTES);
    else
        err_set(e, rc, "hash is geen base64 van 32 bytes");
    return rc;
}

int audit_merkle_proof_from_b64(const struct str *elems, size_t n, uint8_t *out, size_t cap,
                                struct err *e)
{
    int rc = 0;
    if (n > cap || n > AUDIT_PROOF_MAX) {
        rc = err_set(e, ERR_TOOBIG, "bewijs heeft te veel elementen");
        goto out;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = audit_hash_from_b64(elems[i], out + i * AUDIT_HASH_BYTES, NULL);
        if (rc != 0)
            err_field(e, "proof", "element %zu is geen base64 van 32 bytes", i);
    }
out:
    return rc;
}
