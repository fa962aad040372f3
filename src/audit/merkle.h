/* merkle.h: the RFC 9162 §2.1 Merkle tree of the access log (SHA-256, leaf = H(0x00 | entry),
 * node = H(0x01 | left | right), split at the largest power of two smaller than n), compact ranges
 * for O(log n) appends, and inclusion and consistency proofs (generation per §2.1.3.1/§2.1.4.1,
 * verification per §2.1.3.2/§2.1.4.2).
 *
 * A compact range of leaves [begin, end) is the list of maximal perfect subtrees that exactly
 * cover it, left to right (at most two per level). With begin == 0 it is the "frontier" of a log
 * of size end: enough to append the next leaf in O(log n) and to compute the root at any size
 * without keeping the leaves. A range that starts elsewhere describes a segment of the log, which
 * is what remains of a segment after policy deletion (segment.h).
 *
 * Proof generation reads the tree through struct audit_tree_src, a callback that returns the hash
 * of a perfect subtree (level, index); adapters turn a leaf-hash array or a leaf callback into
 * one. A store that keeps interior nodes (tiles) can answer the callback directly in O(1).
 *
 * Thread-safety: all functions are reentrant; a struct audit_crange belongs to one thread at a
 * time. libsodium must be initialised (core_init). */
#ifndef REGIE_AUDIT_MERKLE_H
#define REGIE_AUDIT_MERKLE_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

#define AUDIT_HASH_BYTES 32u
#define AUDIT_CRANGE_MAX 126u /* nodes of any compact range of a tree below 2^63 leaves */
#define AUDIT_PROOF_MAX 64u   /* elements of any inclusion or consistency proof we accept */
#define AUDIT_TREE_MAX_SIZE ((uint64_t)INT64_MAX) /* sizes stay below 2^63 */

/* ---- hashes -------------------------------------------------------------------------------- */

/* Leaf hash SHA-256(0x00 | data[0..n)). */
void audit_merkle_leaf_hash(const void *data, size_t n, uint8_t out[AUDIT_HASH_BYTES]);

/* Interior node SHA-256(0x01 | left | right). out may alias left or right. */
void audit_merkle_node_hash(const uint8_t left[AUDIT_HASH_BYTES],
                            const uint8_t right[AUDIT_HASH_BYTES], uint8_t out[AUDIT_HASH_BYTES]);

/* Root of the empty tree: SHA-256 of the empty string. */
void audit_merkle_empty_root(uint8_t out[AUDIT_HASH_BYTES]);

/* ---- compact ranges ------------------------------------------------------------------------ */

struct audit_crange {
    uint64_t begin;
    uint64_t end;                    /* exclusive; end - begin leaves are covered */
    size_t n;                        /* nodes in use */
    uint8_t level[AUDIT_CRANGE_MAX]; /* height of node i (0 = a leaf) */
    uint8_t node[AUDIT_CRANGE_MAX][AUDIT_HASH_BYTES];
};

/* Empty range starting at begin (<= AUDIT_TREE_MAX_SIZE). */
void audit_crange_init(struct audit_crange *r, uint64_t begin);

/* Appends one leaf hash at position r->end. Errors: ERR_TOOBIG (the tree would exceed
 * AUDIT_TREE_MAX_SIZE); r is unchanged on error. */
int audit_crange_append_leaf(struct audit_crange *r, const uint8_t leaf[AUDIT_HASH_BYTES]) WUR;

/* Appends the root of a perfect subtree of height `level` covering [r->end, r->end + 2^level).
 * r->end must be a multiple of 2^level. Errors: ERR_INVAL (misaligned, level > 62),
 * ERR_TOOBIG (size limit); r is unchanged on error. */
int audit_crange_append_node(struct audit_crange *r, unsigned level,
                             const uint8_t hash[AUDIT_HASH_BYTES]) WUR;

/* Root (RFC 9162 MTH) of the leaves [0, r->end). Requires r->begin == 0 (ERR_INVAL otherwise);
 * the empty-tree hash when r->end == 0. */
int audit_crange_root(const struct audit_crange *r, uint8_t out[AUDIT_HASH_BYTES]) WUR;

/* Heights, left to right, of the nodes of the compact range [begin, end) (begin <= end <=
 * AUDIT_TREE_MAX_SIZE) into out_levels; returns the count (<= AUDIT_CRANGE_MAX). */
size_t audit_crange_levels(uint64_t begin, uint64_t end, uint8_t out_levels[AUDIT_CRANGE_MAX]);

/* Appends every node of src (a range whose begin equals dst->end) to dst, so dst covers
 * [dst->begin, src->end). Errors: ERR_INVAL (src->begin != dst->end), ERR_TOOBIG; dst is
 * unchanged on error. */
int audit_crange_merge(struct audit_crange *dst, const struct audit_crange *src) WUR;

/* RFC 9162 MTH of n leaf hashes stored back to back in leaves[0 .. 32n) (convenience for tests
 * and small trees). */
void audit_merkle_root_of(const uint8_t *leaves, uint64_t n, uint8_t out[AUDIT_HASH_BYTES]);

/* ---- reading a tree ------------------------------------------------------------------------ */

/* Hash of the perfect subtree of height `level` whose leftmost leaf is index << level. Returns
 * 0, or a negative enum err_code which proof generation passes up unchanged. */
struct audit_tree_src {
    int (*node)(void *ctx, unsigned level, uint64_t index, uint8_t out[AUDIT_HASH_BYTES]);
    void *ctx;
};

/* Adapter: a tree source over n leaf hashes stored back to back (leaf i at leaf + 32 i;
 * borrowed, must outlive the source). Interior nodes are recomputed on demand, so a proof costs
 * O(n) hashes. */
struct audit_leaf_array {
    const uint8_t *leaf;
    uint64_t n;
};
int audit_leaf_array_node(void *ctx, unsigned level, uint64_t index,
                          uint8_t out[AUDIT_HASH_BYTES]); /* ctx: struct audit_leaf_array * */

/* Adapter: a tree source over a callback that returns leaf hash i (e.g. a store query).
 * Returns ERR_NOTFOUND for leaves at or beyond n. */
struct audit_leaf_fn {
    int (*leaf)(void *ctx, uint64_t i, uint8_t out[AUDIT_HASH_BYTES]);
    void *ctx;
    uint64_t n;
};
int audit_leaf_fn_node(void *ctx, unsigned level, uint64_t index,
                       uint8_t out[AUDIT_HASH_BYTES]); /* ctx: struct audit_leaf_fn * */

/* ---- proofs -------------------------------------------------------------------------------- */

/* A proof is n hashes stored back to back: element i at proof + 32 i. */

/* Inclusion proof (RFC 9162 §2.1.3.1 PATH) of leaf `index` in the tree of `size` leaves read
 * through src, into out (room for cap hashes); *out_n hashes, deepest sibling first.
 * 0 <= index < size.
 * Errors: ERR_INVAL (index/size), ERR_TOOBIG (cap too small; AUDIT_PROOF_MAX always suffices),
 * or the source's error. */
int audit_merkle_inclusion_proof(const struct audit_tree_src *src, uint64_t index, uint64_t size,
                                 uint8_t *out, size_t cap, size_t *out_n, struct err *e) WUR;

/* Verifies an inclusion proof per RFC 9162 §2.1.3.2. Returns 0 when leaf `index` with hash
 * leaf is in the tree of `size` leaves with root `root`; ERR_CRYPTO when the proof does not
 * verify (wrong index, size, leaf, root, or a missing, extra or modified element); ERR_INVAL when
 * index >= size or n > AUDIT_PROOF_MAX. */
int audit_merkle_inclusion_verify(uint64_t index, uint64_t size,
                                  const uint8_t leaf[AUDIT_HASH_BYTES], const uint8_t *proof,
                                  size_t n, const uint8_t root[AUDIT_HASH_BYTES],
                                  struct err *e) WUR;

/* Consistency proof (RFC 9162 §2.1.4.1 PROOF) that the tree of size1 leaves is a prefix of the
 * tree of size2 leaves, both read through src. 0 <= size1 <= size2. Empty when size1 == 0 or
 * size1 == size2. Errors: ERR_INVAL, ERR_TOOBIG (cap), or the source's error. */
int audit_merkle_consistency_proof(const struct audit_tree_src *src, uint64_t size1, uint64_t size2,
                                   uint8_t *out, size_t cap, size_t *out_n, struct err *e) WUR;

/* Verifies a consistency proof per RFC 9162 §2.1.4.2. Sizes equal: the proof must be empty and
 * the roots equal. size1 == 0: the proof must be empty (the empty tree is a prefix of every
 * tree). Otherwise the proof must verify. Returns 0, ERR_CRYPTO (does not verify), or
 * ERR_INVAL (size1 > size2, n > AUDIT_PROOF_MAX). */
int audit_merkle_consistency_verify(uint64_t size1, uint64_t size2,
                                    const uint8_t root1[AUDIT_HASH_BYTES],
                                    const uint8_t root2[AUDIT_HASH_BYTES], const uint8_t *proof,
                                    size_t n, struct err *e) WUR;

/* Decodes one standard base64 (RFC 4648 §4, padded, canonical) hash of exactly 32 bytes.
 * Errors: ERR_INVAL. */
int audit_hash_from_b64(struct str s, uint8_t out[AUDIT_HASH_BYTES], struct err *e) WUR;

/* Decodes proof elements as they arrive in JSON (an array of base64 strings, untrusted) into
 * out (room for cap hashes, back to back). Every element must decode to exactly 32 bytes. Errors:
 * ERR_INVAL (bad element; e names its index), ERR_TOOBIG (n > cap or n > AUDIT_PROOF_MAX). */
int audit_merkle_proof_from_b64(const struct str *elems, size_t n, uint8_t *out, size_t cap,
                                struct err *e) WUR;

#endif
