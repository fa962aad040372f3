/* rand.c: CSPRNG-backed ids and hex helpers on libsodium. */
#include "core/common.h"

#include <pthread.h>
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

/* Ids and salts are drawn from a per-thread pool that one getrandom call fills: a logged case
 * read needs five to six of them, each a system call of its own before (~3 % of its CPU). A
 * byte leaves the pool once and is wiped there. A child process of a fork starts with an empty
 * pool (pthread_atfork), so parent and child never hand out the same bytes. */
#define POOL_BYTES 512
static _Thread_local unsigned char pool[POOL_BYTES];
static _Thread_local size_t pool_left; /* the unused bytes are the last pool_left of pool */
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void pool_forget(void)
{
    sodium_memzero(pool, sizeof(pool));
    pool_left = 0;
}

static void pool_register(void)
{
    if (pthread_atfork(NULL, NULL, pool_forget) != 0)
        abort(); /* without it a child could repeat its parent's ids */
}

void rand_id_bytes(void *out, size_t n)
{
    if (n > POOL_BYTES / 8) {
        randombytes_buf(out, n);
        return;
    }
    pthread_once(&pool_once, pool_register);
    if (pool_left < n) {
        randombytes_buf(pool, sizeof(pool));
        pool_left = sizeof(pool);
    }
    unsigned char *p = pool + sizeof(pool) - pool_left;
    memcpy(out, p, n);
    sodium_memzero(p, n);
    pool_left -= n;
}

void rand_hex_id(char out[33])
{
    unsigned char b[16];
    rand_id_bytes(b, sizeof(b));
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
