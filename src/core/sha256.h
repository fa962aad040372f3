/* sha256.h: SHA-256, using the CPU's SHA extensions when it has them (see sha256.c). */
#ifndef REGIE_CORE_SHA256_H
#define REGIE_CORE_SHA256_H

#include "core/common.h"

#define SHA256_BYTES 32u

struct sha256 {
    uint32_t h[8];
    uint8_t buf[64];
    size_t n;
    uint64_t total;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_BYTES]);
/* One-shot. */
void sha256(uint8_t out[SHA256_BYTES], const void *data, size_t len);

/* The block level, for callers that lay out their own padded message (audit/hashx.c): h starts
 * as sha256_state_init, sha256_blocks runs the compression function over nblocks 64-byte blocks
 * at p (any alignment; the same block function, SHA extensions or portable, as sha256_update),
 * and sha256_state_out writes the digest (H0..H7 big-endian). Padding is the caller's: 0x80,
 * zeros, the message length in bits as a 64-bit big-endian number ending the last block.
 * Tested against sha256() in tests/unit/audit/test_hashx.c. */
void sha256_state_init(uint32_t h[8]);
void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);
void sha256_state_out(const uint32_t h[8], uint8_t out[SHA256_BYTES]);

/* For tests and the benchmark: use the portable block function (true) or the best one (false).
 * Returns whether the SHA extensions are now in use. Not thread-safe against concurrent hashing. */
bool sha256_force_portable(bool portable);

#endif
