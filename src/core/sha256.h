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

/* For tests and the benchmark: use the portable block function (true) or the best one (false).
 * Returns whether the SHA extensions are now in use. Not thread-safe against concurrent hashing. */
bool sha256_force_portable(bool portable);

#endif
