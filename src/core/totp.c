/* totp.c: RFC 6238 codes through liboath (initialised once), strict base32, the otpauth URI, and
 * verification with a ±1-step window and replay refusal. We generate each candidate code with
 * oath_totp_generate2 and compare them ourselves (sodium_memcmp) instead of calling
 * oath_totp_validate3: that lets us skip counters that were already used without stopping at the
 * first match (validate3 returns the first matching step, which may be a used one while a later
 * step also matches), and keeps the comparison constant time. */
#include "core/common.h"

#include "core/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <time.h>

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_oath_rc = OATH_CRYPTO_ERROR;

static void once_init(void)
{
    g_oath_rc = oath_init();
}

void totp_secret_new(uint8_t out[TOTP_SECRET_BYTES])
{
    randombytes_buf(out, TOTP_SECRET_BYTES);
}

int totp_base32_encode(const void *p, size_t n, char *out, size_t cap, size_t *out_len)
{
    int rc = 0;
    const uint8_t *in = p;
    size_t need = TOTP_B32_LEN(n);
    size_t o = 0;
    uint32_t acc = 0;
    unsigned bits = 0;

    if (out == NULL || cap == 0 || n > SIZE_MAX / 8 - 1 || cap < need + 1) {
        rc = ERR_TOOBIG;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = b32_alphabet[(acc >> bits) & 31U];
        }
        acc &= (1U << bits) - 1U;
    }
    if (bits > 0)
        out[o++] = b32_alphabet[(acc << (5 - bits)) & 31U];
    out[o] = '\0';
    if (out_len)
        *out_len = o;
out:
    if (rc != 0 && out != NULL && cap > 0)
        out[0] = '\0';
    return rc;
}

static int b32_value(char c)
{
    int v = -1;
    if (c >= 'A' && c <= 'Z')
        v = c - 'A';
    else if (c >= 'a' && c <= 'z')
        v = c - 'a';
    else if (c >= '2' && c <= '7')
        v = c - '2' + 26;
    return v;
}

int totp_base32_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
    int rc = 0;
    size_t rem = n % 8;
    size_t need = n * 5 / 8;
    size_t o = 0;
    uint32_t acc = 0;
    unsigned bits = 0;

    if ((s == NULL && n > 0) || rem == 1 || rem == 3 || rem == 6) {
        rc = ERR_INVAL;
        goto out;
    }
    if (need > cap) {
        rc = ERR_TOOBIG;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int v = b32_value(s[i]);
        if (v < 0) {
            rc = ERR_INVAL;
            goto out;
        }
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
        }
        acc &= (1U << bits) - 1U;
    }
    /* Leftover bits must be zero padding, else two strings would decode to the same bytes. */
    if (acc != 0) {
        rc = ERR_INVAL;
        goto out;
    }
    if (out_len)
        *out_len = o;
out:
    if (rc != 0 && out != NULL)
        sodium_memzero(out, o);
    return rc;
}

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* Appends s[0..n) to out at *pos, or records overflow in *over. */
static void put(char *out, size_t cap, size_t *pos, const char *s, size_t n, bool *over)
{
    if (*over || n >= cap - *pos) {
        *over = true;
        return;
    }
    memcpy(out + *pos, s, n);
    *pos += n;
    out[*pos] = '\0';
}

int totp_otpauth_uri(const char *account, size_t account_n, const uint8_t *secret, size_t secret_n,
                     char *out, size_t cap, struct err *e)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char prefix[] = "otpauth://totp/" TOTP_ISSUER ":";
    static const char suffix[] = "&issuer=" TOTP_ISSUER "&algorithm=SHA1&digits=6&period=30";
    int rc = 0;
    size_t pos = 0;
    bool over = false;
    char b32[TOTP_B32_LEN(TOTP_SECRET_MAX) + 1];
    size_t b32_n = 0;

    if (out == NULL || cap == 0) {
        rc = err_internal(e, ERR_TOOBIG, "totp_otpauth_uri: no output buffer");
        goto out;
    }
    out[0] = '\0';
    if (account == NULL || account_n == 0 || account_n > TOTP_ACCOUNT_MAX) {
        rc = err_field(e, "account", "De accountnaam moet 1 tot %d tekens lang zijn.",
                       TOTP_ACCOUNT_MAX);
        goto out;
    }
    if (secret == NULL || secret_n < TOTP_SECRET_MIN || secret_n > TOTP_SECRET_MAX) {
        rc = err_internal(e, ERR_INVAL, "totp_otpauth_uri: secret length %zu", secret_n);
        goto out;
    }
    rc = totp_base32_encode(secret, secret_n, b32, sizeof(b32), &b32_n);
    if (rc != 0)
        goto out;
    put(out, cap, &pos, prefix, sizeof(prefix) - 1, &over);
    for (size_t i = 0; i < account_n; i++) {
        unsigned char c = (unsigned char)account[i];
        if (unreserved(c)) {
            put(out, cap, &pos, (const char *)&c, 1, &over);
        } else {
            char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(out, cap, &pos, pct, 3, &over);
        }
    }
    put(out, cap, &pos, "?secret=", 8, &over);
    put(out, cap, &pos, b32, b32_n, &over);
    put(out, cap, &pos, suffix, sizeof(suffix) - 1, &over);
    if (over) {
        sodium_memzero(out, cap);
        rc = err_internal(e, ERR_TOOBIG, "totp_otpauth_uri: output buffer too small");
    }
out:
    sodium_memzero(b32, sizeof(b32));
    return rc;
}

/* Code for step `counter` (time counter * 30 s) into out[digits + 1]. */
static int code_for_counter(const uint8_t *secret, size_t n, int64_t counter, unsigned digits,
                            char *out)
{
    int rc = 0;

    pthread_once(&g_once, once_init);
    if (g_oath_rc != OATH_OK) {
        rc = ERR_CRYPTO;
        goto out;
    }
    if (oath_totp_generate2((const char *)secret, n, (time_t)(counter * TOTP_STEP_S), TOTP_STEP_S,
                            OATH_TOTP_DEFAULT_START_TIME, digits, 0, out) != OATH_OK)
        rc = ERR_CRYPTO;
out:
    return rc;
}

int totp_generate(const uint8_t *secret, size_t n, int64_t now_ms, unsigned digits, char *out,
                  size_t cap)
{
    int rc = 0;

    if (secret == NULL || n == 0 || n > TOTP_SECRET_MAX || now_ms < 0 || digits < 6 || digits > 8 ||
        out == NULL || cap < digits + 1) {
        rc = ERR_INVAL;
        goto out;
    }
    rc = code_for_counter(secret, n, now_ms / 1000 / TOTP_STEP_S, digits, out);
out:
    return rc;
}

int totp_code_at(const uint8_t *secret, size_t n, int64_t now_ms, char out[7])
{
    return totp_generate(secret, n, now_ms, TOTP_DIGITS, out, 7);
}

static bool code_wellformed(const char *code, size_t code_n)
{
    bool ok = code != NULL && code_n == TOTP_DIGITS;
    for (size_t i = 0; ok && i < code_n; i++)
        ok = code[i] >= '0' && code[i] <= '9';
    return ok;
}

int totp_verify(const uint8_t *secret, size_t n, const char *code, size_t code_n, int64_t now_ms,
                int64_t last_used_counter, int64_t *out_counter, struct err *e)
{
    int rc = 0;
    int64_t now_counter;
    int64_t matched = -1;
    char cand[TOTP_DIGITS + 1];

    if (!code_wellformed(code, code_n)) {
        rc = err_field(e, "code", "De code moet uit precies %d cijfers bestaan.", TOTP_DIGITS);
        goto out;
    }
    if (secret == NULL || n < TOTP_SECRET_MIN || n > TOTP_SECRET_MAX || now_ms < 0 ||
        out_counter == NULL) {
        rc = err_internal(e, ERR_INVAL, "totp_verify: bad secret length %zu or time", n);
        goto out;
    }
    now_counter = now_ms / 1000 / TOTP_STEP_S;
    /* Check every candidate (no early exit); keep the lowest unused step that matches. */
    for (int64_t c = now_counter + TOTP_WINDOW; c >= now_counter - TOTP_WINDOW; c--) {
        if (c < 0)
            continue;
        rc = code_for_counter(secret, n, c, TOTP_DIGITS, cand);
        if (rc != 0) {
            err_internal(e, rc, "totp_verify: liboath generate failed");
            goto out;
        }
        if (sodium_memcmp(cand, code, TOTP_DIGITS) == 0 && c > last_used_counter)
            matched = c;
    }
    if (matched < 0) {
        rc = err_set(e, ERR_UNAUTH, "De code is onjuist of al gebruikt.");
        err_field(e, "code", "De code is onjuist of al gebruikt.");
        goto out;
    }
    *out_counter = matched;
out:
    sodium_memzero(cand, sizeof(cand));
    return rc;
}
