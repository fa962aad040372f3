/* test_hashx.c: the verifier's fast per-row hashes against the plain computations they replace.
 *  - audit__entry_leaf (hashx.c) = SHA-256(0x00 | SHA-256(salt | record)) through core/sha256's
 *    streaming interface, for record lengths 0..300 and random salts, at every offset mod 4;
 *  - audit__node_hash (hashx.c) = SHA-256(0x01 | l | r), also with out aliasing l or r;
 *  - sha256_blocks over messages padded here = sha256();
 *  - audit__chain_next_n (record.c) = libsodium BLAKE2b-256(prev | leaf), unkeyed (the chain of
 *    audit_chain_next), for batch sizes 0..20 and 1000, with every lane count the CPU has.
 * The SHA-256 tests run with both of core/sha256's block functions (portable, SHA extensions).
 * A white-box test of src/audit/: it includes the module's private header. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <sodium.h>

#include "audit/audit_int.h"
#include "audit/merkle.h"
#include "audit/record.h"
#include "core/rand.h"
#include "core/sha256.h"

static void init(void)
{
    cr_assert_eq(core_init(), 0);
    cr_assert(sodium_init() >= 0);
}

static void fini(void)
{
    sha256_force_portable(false);
    audit__chain_force_lanes(0);
}

TestSuite(audit_hashx, .init = init, .fini = fini);

/* ---- SHA-256: entry + leaf, node ------------------------------------------------------------ */

static void ref_entry_leaf(const uint8_t salt[AUDIT_SALT_BYTES], const uint8_t *p, size_t n,
                           uint8_t out_leaf[AUDIT_HASH_BYTES])
{
    struct sha256 s;
    uint8_t entry[1 + AUDIT_HASH_BYTES];
    entry[0] = 0x00;
    sha256_init(&s);
    sha256_update(&s, salt, AUDIT_SALT_BYTES);
    sha256_update(&s, p, n);
    sha256_final(&s, entry + 1);
    sha256(out_leaf, entry, sizeof entry);
}

static void ref_node(const uint8_t l[AUDIT_HASH_BYTES], const uint8_t r[AUDIT_HASH_BYTES],
                     uint8_t out[AUDIT_HASH_BYTES])
{
    struct sha256 s;
    const uint8_t prefix = 0x01;
    sha256_init(&s);
    sha256_update(&s, &prefix, 1);
    sha256_update(&s, l, AUDIT_HASH_BYTES);
    sha256_update(&s, r, AUDIT_HASH_BYTES);
    sha256_final(&s, out);
}

static void check_entry_leaf(void)
{
    uint8_t data[300 + 3], salt[AUDIT_SALT_BYTES];
    rand_bytes(data, sizeof data);
    for (int k = 0; k < 8; k++) {
        rand_bytes(salt, sizeof salt);
        for (size_t n = 0; n <= 300; n++) {
            const uint8_t *p = data + (n + (size_t)k) % 4; /* unaligned records too */
            uint8_t want[AUDIT_HASH_BYTES], got[AUDIT_HASH_BYTES], pub[AUDIT_HASH_BYTES];
            ref_entry_leaf(salt, p, n, want);
            audit__entry_leaf(salt, p, n, got);
            cr_assert(memcmp(want, got, sizeof want) == 0,
                      "entry leaf differs: salt %d, length %zu", k, n);
            audit_rec_hash_encoded(salt, p, n, pub);
            cr_assert(memcmp(want, pub, sizeof want) == 0,
                      "audit_rec_hash_encoded differs: salt %d, length %zu", k, n);
        }
    }
}

static void check_node(void)
{
    for (int k = 0; k < 64; k++) {
        uint8_t l[AUDIT_HASH_BYTES], r[AUDIT_HASH_BYTES], want[AUDIT_HASH_BYTES];
        uint8_t got[AUDIT_HASH_BYTES], a[AUDIT_HASH_BYTES], b[AUDIT_HASH_BYTES];
        rand_bytes(l, sizeof l);
        rand_bytes(r, sizeof r);
        ref_node(l, r, want);
        audit__node_hash(l, r, got);
        cr_assert(memcmp(want, got, sizeof want) == 0, "node differs (%d)", k);
        audit_merkle_node_hash(l, r, got);
        cr_assert(memcmp(want, got, sizeof want) == 0, "audit_merkle_node_hash differs (%d)", k);
        memcpy(a, l, sizeof a);
        audit__node_hash(a, r, a); /* out aliases the left input */
        cr_assert(memcmp(want, a, sizeof want) == 0, "node with out == l differs (%d)", k);
        memcpy(b, r, sizeof b);
        audit__node_hash(l, b, b); /* out aliases the right input */
        cr_assert(memcmp(want, b, sizeof want) == 0, "node with out == r differs (%d)", k);
        ref_node(l, l, want);
        memcpy(a, l, sizeof a);
        audit__node_hash(a, a, a); /* all three the same */
        cr_assert(memcmp(want, a, sizeof want) == 0, "node with l == r == out differs (%d)", k);
    }
}

Test(audit_hashx, entry_leaf_and_node_portable)
{
    sha256_force_portable(true);
    check_entry_leaf();
    check_node();
}

Test(audit_hashx, entry_leaf_and_node_best)
{
    bool ni = sha256_force_portable(false);
    cr_log_info("SHA extensions in use: %s", ni ? "yes" : "no");
    check_entry_leaf();
    check_node();
}

/* ---- sha256_blocks -------------------------------------------------------------------------- */

/* msg[0..n) padded here (FIPS 180-4 §5.1.1) into out; returns the number of blocks. */
static size_t pad(const uint8_t *msg, size_t n, uint8_t *out, size_t cap)
{
    size_t nb = (n + 9 + 63) / 64;
    cr_assert(nb * 64 <= cap);
    memset(out, 0, nb * 64);
    memcpy(out, msg, n);
    out[n] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        out[nb * 64 - 1 - (size_t)i] = (uint8_t)(bits >> (8 * i));
    return nb;
}

static void check_blocks(void)
{
    static const size_t lens[] = {0, 55, 56, 63, 64, 65, 119, 120, 128, 200, 447, 1000, 4096};
    uint8_t msg[4096], padded[4096 + 128 + 1];
    rand_bytes(msg, sizeof msg);
    for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
        for (size_t shift = 0; shift < 2; shift++) { /* the blocks aligned and not */
            size_t n = lens[i];
            size_t nb = pad(msg, n, padded + shift, sizeof padded - shift);
            uint8_t want[SHA256_BYTES], got[SHA256_BYTES];
            uint32_t h[8];
            sha256(want, msg, n);
            sha256_state_init(h);
            sha256_blocks(h, padded + shift, nb);
            sha256_state_out(h, got);
            cr_assert(memcmp(want, got, sizeof want) == 0,
                      "sha256_blocks differs: length %zu, %zu blocks in one call", n, nb);
            /* The same blocks one call at a time (and a call with no blocks) */
            sha256_state_init(h);
            sha256_blocks(h, padded + shift, 0);
            for (size_t b = 0; b < nb; b++)
                sha256_blocks(h, padded + shift + 64 * b, 1);
            sha256_state_out(h, got);
            cr_assert(memcmp(want, got, sizeof want) == 0,
                      "sha256_blocks differs: length %zu, one block a call", n);
        }
    }
}

Test(audit_hashx, sha256_blocks_portable)
{
    sha256_force_portable(true);
    check_blocks();
}

Test(audit_hashx, sha256_blocks_best)
{
    sha256_force_portable(false);
    check_blocks();
}

/* ---- BLAKE2b chain, many rows at once ----------------------------------------------------- */

/* chain = BLAKE2b-256(prev | leaf), no key (record.h, audit_chain_next). */
static void ref_chain(const uint8_t prev[AUDIT_HASH_BYTES], const uint8_t leaf[AUDIT_HASH_BYTES],
                      uint8_t out[AUDIT_HASH_BYTES])
{
    uint8_t m[2 * AUDIT_HASH_BYTES];
    memcpy(m, prev, AUDIT_HASH_BYTES);
    memcpy(m + AUDIT_HASH_BYTES, leaf, AUDIT_HASH_BYTES);
    cr_assert_eq(crypto_generichash(out, AUDIT_HASH_BYTES, m, sizeof m, NULL, 0), 0);
}

#define CHAIN_MAX 1000u

static void check_chain_n(size_t n, uint8_t (*in)[AUDIT_HASH_BYTES],
                          uint8_t (*out)[AUDIT_HASH_BYTES], unsigned lanes)
{
    const uint8_t *prev[CHAIN_MAX], *leaf[CHAIN_MAX];
    rand_bytes(in, 2 * CHAIN_MAX * AUDIT_HASH_BYTES);
    /* Inputs scattered over the array, as the verifier's come from its rows. */
    for (size_t i = 0; i < n; i++) {
        prev[i] = in[(7 * i + 3) % (2 * CHAIN_MAX)];
        leaf[i] = in[(7 * i + 4) % (2 * CHAIN_MAX)];
    }
    memset(out, 0xA5, (CHAIN_MAX + 1) * AUDIT_HASH_BYTES);
    audit__chain_next_n(n, prev, leaf, out);
    for (size_t i = 0; i < n; i++) {
        uint8_t want[AUDIT_HASH_BYTES];
        ref_chain(prev[i], leaf[i], want);
        cr_assert(memcmp(want, out[i], sizeof want) == 0,
                  "chain differs: %u lanes, batch of %zu, row %zu", lanes, n, i);
    }
    for (size_t j = 0; j < AUDIT_HASH_BYTES; j++)
        cr_assert_eq(out[n][j], 0xA5, "%u lanes, batch of %zu: wrote past the batch", lanes, n);
}

Test(audit_hashx, chain_next_n)
{
    uint8_t(*in)[AUDIT_HASH_BYTES] = calloc(2 * CHAIN_MAX, AUDIT_HASH_BYTES);
    uint8_t(*out)[AUDIT_HASH_BYTES] = calloc(CHAIN_MAX + 1, AUDIT_HASH_BYTES);
    cr_assert(in != NULL && out != NULL);
    unsigned best = audit__chain_lanes();
    cr_assert(best == 1 || best == 4 || best == 8, "lanes %u", best);
    cr_log_info("BLAKE2b chain lanes in use: %u", best);
    static const unsigned try_lanes[] = {1, 4, 8, 0};
    for (size_t t = 0; t < ARRAY_LEN(try_lanes); t++) {
        unsigned lanes = audit__chain_force_lanes(try_lanes[t]);
        if (try_lanes[t] != 0 && lanes != try_lanes[t]) {
            cr_log_info("%u lanes: not on this CPU", try_lanes[t]);
            continue;
        }
        cr_assert_eq(lanes, audit__chain_lanes());
        if (try_lanes[t] == 0)
            cr_assert_eq(lanes, best, "lanes 0 did not restore the best implementation");
        for (size_t n = 0; n <= 20; n++)
            check_chain_n(n, in, out, lanes);
        check_chain_n(CHAIN_MAX, in, out, lanes);
    }
    free(in);
    free(out);
}
