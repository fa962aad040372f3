/* rand.c: CSPRNG-backed ids and hex helpers on libsodium. */
#include "core/common.h"

#include <sodium.h>

#include "core/err.h"
#include "core/rand.h"

int core_init(void)
{
    return sodium_init() < 0 ? ERR_CRYPTO : 0;
}

void rand_bytes(void *out, size_t n)
{
    randombytes_buf(out, n);
}

void rand_hex_id(char out[33])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof(b));
    sodium_bin2hex(out, 33, b, sizeof(b));
}

int64_t rand_i63(void)
{
    uint64_t v = 0;
    while (v == 0) {
        randombytes_buf(&v, sizeof(v));
        v &= (uint64_t)INT64_MAX;
    }
    return (int64_t)v;
}

int64_t rand_i53(void)
{
    uint64_t v = 0;
    while (v == 0) {
        randombytes_buf(&v, sizeof(v));
        v &= (UINT64_C(1) << 53) - 1;
    }
    return (int64_t)v;
}

char *hex_encode(const void *p, size_t n, char *out, size_t cap)
{
    if (cap < 2 * n + 1) {
        if (cap > 0)
            out[0] = '\0';
        return out;
    }
    sodium_bin2hex(out, cap, p, n);
    return out;
}

int hex_decode(const char *hex, size_t hex_len, void *out, size_t n)
{
    size_t got = 0;
    if (hex_len != 2 * n)
        return ERR_INVAL;
    if (sodium_hex2bin(out, n, hex, hex_len, NULL, &got, NULL) != 0 || got != n)
        return ERR_INVAL;
    return 0;
}
