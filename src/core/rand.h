/* rand.h: identifiers and random values, all from libsodium's CSPRNG. Call core_init() first. */
#ifndef REGIE_CORE_RAND_H
#define REGIE_CORE_RAND_H

#include "core/common.h"

/* Initialises libsodium. Returns 0 or ERR_CRYPTO. Safe to call more than once. */
int core_init(void) WUR;

/* n random bytes. */
void rand_bytes(void *out, size_t n);

/* n random bytes for a value that must be unpredictable and unique but is not a secret: ids,
 * and salts stored beside what they salt. Drawn from a per-thread pool of the same CSPRNG (one
 * system call per 512 bytes); a byte is handed out once and wiped from the pool. Above 64 bytes
 * straight from the CSPRNG. Never for keys, seeds, nonces or tokens: those use rand_bytes. */
void rand_id_bytes(void *out, size_t n);

/* A random id as 32 lowercase hex characters (128 bits) + NUL into out[33] (rand_id_bytes). For
 * request ids, trace ids and public object ids. Not a secret. */
void rand_hex_id(char out[33]);

/* A random positive 63-bit integer for opaque numeric ids. */
int64_t rand_i63(void);

/* A random positive integer below 2^53, for ids that travel in JSON (exact in JavaScript). */
int64_t rand_i53(void);

/* Lowercase hex encoding of n bytes into out (2n+1 bytes). Returns out. */
char *hex_encode(const void *p, size_t n, char *out, size_t cap);

/* Decodes exactly 2n hex characters into n bytes. Returns 0 or ERR_INVAL. */
int hex_decode(const char *hex, size_t hex_len, void *out, size_t n) WUR;

#endif
