/* test_totp.c: core/totp through its public header: RFC 6238 Appendix B vectors (SHA-1, 8 digits),
 * RFC 4648 base32 vectors, the otpauth URI, the ±1-step window at -61/-31/0/+31/+61 s, replay
 * refusal, wrong and malformed codes. Time is always injected. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/rand.h"
#include "core/totp.h"

static const uint8_t rfc_secret[] = "12345678901234567890"; /* 20 bytes + NUL */
#define RFC_SECRET_N 20

static void setup(void)
{
    cr_assert_eq(core_init(), 0);
}

TestSuite(totp, .init = setup);

Test(totp, rfc6238_sha1_vectors_8_digits)
{
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
    };
    char out[9];
    for (size_t i = 0; i < ARRAY_LEN(v); i++) {
        cr_assert_eq(totp_generate(rfc_secret, RFC_SECRET_N, v[i].t * 1000, 8, out, sizeof(out)),
                     0);
        cr_expect_str_eq(out, v[i].code, "T=%" PRId64, v[i].t);
    }
}

Test(totp, six_digits_are_the_low_digits_of_the_rfc_value)
{
    char out[7];
    /* HOTP truncation: the 6-digit code is the 8-digit value mod 10^6. */
    cr_assert_eq(totp_code_at(rfc_secret, RFC_SECRET_N, 59 * 1000, out), 0);
    cr_expect_str_eq(out, "287082");
    cr_assert_eq(totp_code_at(rfc_secret, RFC_SECRET_N, 1111111109LL * 1000 + 999, out), 0);
    cr_expect_str_eq(out, "081804");
}

Test(totp, generate_rejects_bad_arguments)
{
    char out[9];
    cr_expect_eq(totp_generate(rfc_secret, RFC_SECRET_N, -1, 6, out, sizeof(out)), ERR_INVAL);
    cr_expect_eq(totp_generate(rfc_secret, RFC_SECRET_N, 0, 5, out, sizeof(out)), ERR_INVAL);
    cr_expect_eq(totp_generate(rfc_secret, RFC_SECRET_N, 0, 9, out, sizeof(out)), ERR_INVAL);
    cr_expect_eq(totp_generate(rfc_secret, RFC_SECRET_N, 0, 8, out, 8), ERR_INVAL);
    cr_expect_eq(totp_generate(NULL, 0, 0, 6, out, sizeof(out)), ERR_INVAL);
}

Test(totp, base32_rfc4648_vectors_roundtrip)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const enc[] = {"",        "MY",       "MZXQ",      "MZXW6",
                                      "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    char out[32];
    uint8_t back[16];
    size_t n = 99;
    for (size_t i = 0; i < ARRAY_LEN(plain); i++) {
        size_t pn = strlen(plain[i]);
        cr_assert_eq(totp_base32_encode(plain[i], pn, out, sizeof(out), &n), 0);
        cr_expect_str_eq(out, enc[i]);
        cr_expect_eq(n, strlen(enc[i]));
        cr_assert_eq(totp_base32_decode(enc[i], strlen(enc[i]), back, sizeof(back), &n), 0);
        cr_expect_eq(n, pn);
        cr_expect(pn == 0 || memcmp(back, plain[i], pn) == 0);
    }
}

Test(totp, base32_decode_is_strict)
{
    uint8_t out[32];
    size_t n = 0;
    cr_expect_eq(totp_base32_decode("mzxw6ytboi", 10, out, sizeof(out), &n), 0, "lowercase ok");
    cr_expect_eq(n, 6);
    cr_expect_eq(totp_base32_decode("MY======", 8, out, sizeof(out), &n), ERR_INVAL, "padding");
    cr_expect_eq(totp_base32_decode("M", 1, out, sizeof(out), &n), ERR_INVAL, "length 1");
    cr_expect_eq(totp_base32_decode("MZX", 3, out, sizeof(out), &n), ERR_INVAL, "length 3");
    cr_expect_eq(totp_base32_decode("MZ", 2, out, sizeof(out), &n), ERR_INVAL, "trailing bits");
    cr_expect_eq(totp_base32_decode("MZXW1", 5, out, sizeof(out), &n), ERR_INVAL, "digit 1");
    cr_expect_eq(totp_base32_decode("MZ W6", 5, out, sizeof(out), &n), ERR_INVAL, "space");
    cr_expect_eq(totp_base32_decode("MZXW6YTBOI", 10, out, 5, &n), ERR_TOOBIG, "small out");
}

Test(totp, secret_roundtrips_through_base32)
{
    uint8_t s[TOTP_SECRET_BYTES], back[TOTP_SECRET_BYTES], s2[TOTP_SECRET_BYTES];
    char b32[TOTP_B32_LEN(TOTP_SECRET_BYTES) + 1];
    size_t n = 0;
    totp_secret_new(s);
    totp_secret_new(s2);
    cr_expect_neq(memcmp(s, s2, sizeof(s)), 0);
    cr_assert_eq(totp_base32_encode(s, sizeof(s), b32, sizeof(b32), &n), 0);
    cr_expect_eq(n, 32);
    cr_assert_eq(totp_base32_decode(b32, n, back, sizeof(back), &n), 0);
    cr_expect_eq(n, sizeof(s));
    cr_expect_eq(memcmp(s, back, sizeof(s)), 0);
    cr_expect_eq(totp_base32_encode(s, sizeof(s), b32, 32, &n), ERR_TOOBIG);
    cr_expect_str_eq(b32, "");
}

Test(totp, otpauth_uri_percent_encodes_the_account)
{
    char uri[256];
    const char *acct = "j.de vries@gemeente:utrecht?x&y#z";
    cr_assert_eq(
        totp_otpauth_uri(acct, strlen(acct), rfc_secret, RFC_SECRET_N, uri, sizeof(uri), NULL), 0);
    cr_expect_str_eq(uri, "otpauth://totp/Regie:j.de%20vries%40gemeente%3Autrecht%3Fx%26y%23z"
                          "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Regie&algorithm=SHA1"
                          "&digits=6&period=30");
    cr_expect_eq(totp_otpauth_uri(acct, strlen(acct), rfc_secret, RFC_SECRET_N, uri, 60, NULL),
                 ERR_TOOBIG);
    cr_expect_str_eq(uri, "");
    cr_expect_eq(totp_otpauth_uri("", 0, rfc_secret, RFC_SECRET_N, uri, sizeof(uri), NULL),
                 ERR_INVAL);
    cr_expect_eq(totp_otpauth_uri("a", 1, rfc_secret, 9, uri, sizeof(uri), NULL), ERR_INVAL);
}

/* A time 15 s into step k, so ±31 s stays within one step and ±61 s leaves the window. */
#define STEP_K 56666666LL
#define T0_MS ((STEP_K * 30 + 15) * 1000)

static void code_at(const uint8_t *s, int64_t ms, char out[7])
{
    cr_assert_eq(totp_code_at(s, TOTP_SECRET_BYTES, ms, out), 0);
}

Test(totp, window_is_one_step_either_side)
{
    uint8_t s[TOTP_SECRET_BYTES];
    static const struct {
        int64_t delta_s;
        bool ok;
        int64_t counter;
    } v[] = {
        {-61, false, 0},        {-31, true, STEP_K - 1}, {0, true, STEP_K},
        {31, true, STEP_K + 1}, {61, false, 0},
    };
    char code[7];
    totp_secret_new(s);
    for (size_t i = 0; i < ARRAY_LEN(v); i++) {
        int64_t ctr = -7;
        struct err e;
        err_clear(&e);
        code_at(s, T0_MS + v[i].delta_s * 1000, code);
        int rc = totp_verify(s, sizeof(s), code, 6, T0_MS, -1, &ctr, &e);
        if (v[i].ok) {
            cr_expect_eq(rc, 0, "delta %" PRId64 " s should be accepted", v[i].delta_s);
            cr_expect_eq(ctr, v[i].counter);
        } else {
            cr_expect_eq(rc, ERR_UNAUTH, "delta %" PRId64 " s should be refused", v[i].delta_s);
            cr_expect_eq(ctr, -7, "out_counter untouched on failure");
            cr_expect_str_eq(e.fields[0].name, "code");
        }
    }
}

Test(totp, each_code_is_accepted_once)
{
    uint8_t s[TOTP_SECRET_BYTES];
    char now_code[7], prev_code[7], next_code[7];
    int64_t ctr = -1, ctr2 = -1;
    totp_secret_new(s);
    code_at(s, T0_MS, now_code);
    code_at(s, T0_MS - 30000, prev_code);
    code_at(s, T0_MS + 30000, next_code);

    cr_assert_eq(totp_verify(s, sizeof(s), now_code, 6, T0_MS, -1, &ctr, NULL), 0);
    cr_assert_eq(ctr, STEP_K);
    /* Replay of the same code, a second later: refused. */
    cr_expect_eq(totp_verify(s, sizeof(s), now_code, 6, T0_MS + 1000, ctr, &ctr2, NULL),
                 ERR_UNAUTH);
    /* An older code, still inside the window, after a newer one was used: refused. */
    if (strcmp(prev_code, now_code) != 0)
        cr_expect_eq(totp_verify(s, sizeof(s), prev_code, 6, T0_MS, ctr, &ctr2, NULL), ERR_UNAUTH);
    /* The next step's code is fresh and accepted. */
    cr_expect_eq(totp_verify(s, sizeof(s), next_code, 6, T0_MS + 30000, ctr, &ctr2, NULL), 0);
    cr_expect_eq(ctr2, STEP_K + 1);
}

Test(totp, wrong_code_refused)
{
    uint8_t s[TOTP_SECRET_BYTES];
    char code[7];
    int64_t ctr = -1;
    totp_secret_new(s);
    code_at(s, T0_MS, code);
    /* Change one digit; make sure the result matches no step in the window. */
    for (int d = 1; d < 10; d++) {
        char wrong[7], c[7];
        bool collides = false;
        memcpy(wrong, code, 7);
        wrong[5] = (char)('0' + (code[5] - '0' + d) % 10);
        for (int k = -1; k <= 1; k++) {
            code_at(s, T0_MS + k * 30000, c);
            collides = collides || strcmp(c, wrong) == 0;
        }
        if (!collides) {
            cr_expect_eq(totp_verify(s, sizeof(s), wrong, 6, T0_MS, -1, &ctr, NULL), ERR_UNAUTH);
            break;
        }
    }
}

Test(totp, malformed_codes_refused_as_invalid)
{
    uint8_t s[TOTP_SECRET_BYTES];
    int64_t ctr = -1;
    static const char *const bad[] = {
        "",        "12345",   "1234567", "12a456", " 123456",
        "123456 ", "12345\n", "-12345",  "+12345", "\xef\xbc\x91\xef\xbc\x92",
        "12 456",
    };
    totp_secret_new(s);
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct err e;
        err_clear(&e);
        cr_expect_eq(totp_verify(s, sizeof(s), bad[i], strlen(bad[i]), T0_MS, -1, &ctr, &e),
                     ERR_INVAL, "case %zu", i);
        cr_expect_str_eq(e.fields[0].name, "code");
    }
    cr_expect_eq(totp_verify(s, sizeof(s), NULL, 6, T0_MS, -1, &ctr, NULL), ERR_INVAL);
    /* "123456" followed by a NUL inside the given length is 7 bytes: refused. */
    cr_expect_eq(totp_verify(s, sizeof(s), "123456", 7, T0_MS, -1, &ctr, NULL), ERR_INVAL);
    cr_expect_eq(totp_verify(s, sizeof(s), "123456", 6, -1, -1, &ctr, NULL), ERR_INVAL);
    cr_expect_eq(totp_verify(s, 9, "123456", 6, T0_MS, -1, &ctr, NULL), ERR_INVAL);
    cr_expect_eq(ctr, -1);
}
