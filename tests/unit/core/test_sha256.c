/* test_sha256.c: core/sha256 against libsodium's SHA-256 and the FIPS 180-4 examples, for both the
 * portable block function and (when the CPU has them) the SHA extensions, over every length from
 * 0 to 300 bytes and random splits of the input into updates. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/rand.h"
#include "core/sha256.h"

static void hex(const uint8_t *p, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void check_known(void)
{
    uint8_t h[32];
    char x[65];
    sha256(h, "abc", 3);
    hex(h, x);
    cr_expect_str_eq(x, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256(h, "", 0);
    hex(h, x);
    cr_expect_str_eq(x, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256(h, m, strlen(m));
    hex(h, x);
    cr_expect_str_eq(x, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void check_against_libsodium(void)
{
    uint8_t data[300];
    rand_bytes(data, sizeof(data));
    for (size_t n = 0; n <= sizeof(data); n++) {
        uint8_t want[32], got[32], split[32];
        crypto_hash_sha256(want, data, n);
        sha256(got, data, n);
        cr_assert(memcmp(want, got, 32) == 0, "one-shot differs at length %zu", n);
        struct sha256 s;
        sha256_init(&s);
        size_t at = 0;
        while (at < n) {
            uint8_t r;
            rand_bytes(&r, 1);
            size_t take = 1 + r % 97;
            if (take > n - at)
                take = n - at;
            sha256_update(&s, data + at, take);
            at += take;
        }
        sha256_final(&s, split);
        cr_assert(memcmp(want, split, 32) == 0, "split updates differ at length %zu", n);
    }
}

Test(sha256, portable)
{
    cr_assert_eq(sodium_init() >= 0, true);
    sha256_force_portable(true);
    check_known();
    check_against_libsodium();
    sha256_force_portable(false);
}

Test(sha256, best_available)
{
    cr_assert_eq(sodium_init() >= 0, true);
    bool ni = sha256_force_portable(false);
    cr_log_info("SHA extensions in use: %s", ni ? "yes" : "no");
    check_known();
    check_against_libsodium();
}
