/* hashx.c: the verifier's per-row SHA-256 hashes (entry + leaf of a stored record, and the
 * Merkle node), each as one straight run of core/sha256's block function: no streaming state, no
 * buffering of input that is already in place, the padding written once. Through the streaming
 * interface (sha256_init/update/final) these cost about as much again as the blocks themselves.
 * The block function is core/sha256's (SHA extensions where the CPU has them, else portable);
 * tests/unit/audit/test_hashx.c checks both functions against the streaming interface. */
#include "core/common.h"

#include "core/sha256.h"

#include "audit/audit_int.h"
#include "audit/record.h"

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
}

void audit__entry_leaf(const uint8_t salt[AUDIT_SALT_BYTES], const uint8_t *p, size_t n,
                       uint8_t out_leaf[AUDIT_HASH_BYTES])
{
    /* entry = SHA-256(salt | p[0..n)): the first block joins salt and data, the middle blocks
     * are read in place, the last one or two carry the rest and the padding. */
    uint32_t h[8];
    uint8_t buf[128];
    size_t total = AUDIT_SALT_BYTES + n, i = 0, k = AUDIT_SALT_BYTES;
    sha256_state_init(h);
    memcpy(buf, salt, AUDIT_SALT_BYTES);
    if (n >= 64 - AUDIT_SALT_BYTES) {
        memcpy(buf + k, p, 64 - AUDIT_SALT_BYTES);
        sha256_blocks(h, buf, 1);
        i = 64 - AUDIT_SALT_BYTES;
        sha256_blocks(h, p + i, (n - i) / 64);
        i += (n - i) & ~(size_t)63;
        k = 0;
    }
    size_t rest = n - i; /* < 64 - k */
    if (rest > 0)
        memcpy(buf + k, p + i, rest);
    k += rest;
    size_t padn = k < 56 ? 64 : 128;
    memset(buf + k, 0, padn - k);
    buf[k] = 0x80;
    put_be64(buf + padn - 8, (uint64_t)total * 8);
    sha256_blocks(h, buf, padn / 64);
    /* leaf = SHA-256(0x00 | entry): 33 bytes, one block. */
    uint8_t lb[64];
    memset(lb, 0, sizeof lb);
    sha256_state_out(h, lb + 1);
    lb[1 + AUDIT_HASH_BYTES] = 0x80;
    put_be64(lb + 56, (1 + AUDIT_HASH_BYTES) * 8);
    sha256_state_init(h);
    sha256_blocks(h, lb, 1);
    sha256_state_out(h, out_leaf);
}

void audit__node_hash(const uint8_t l[AUDIT_HASH_BYTES], const uint8_t r[AUDIT_HASH_BYTES],
                      uint8_t out[AUDIT_HASH_BYTES])
{
    /* 0x01 | l | r: 65 bytes, two blocks. out may alias l or r: both are read first. */
    uint8_t b[128];
    uint32_t h[8];
    b[0] = 0x01;
    memcpy(b + 1, l, AUDIT_HASH_BYTES);
    memcpy(b + 1 + AUDIT_HASH_BYTES, r, AUDIT_HASH_BYTES);
    memset(b + 65, 0, sizeof b - 65);
    b[65] = 0x80;
    put_be64(b + 120, (1 + 2 * AUDIT_HASH_BYTES) * 8);
    sha256_state_init(h);
    sha256_blocks(h, b, 2);
    sha256_state_out(h, out);
}
