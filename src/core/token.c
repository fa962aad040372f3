/* token.c: session/CSRF tokens (base64url of 32 random bytes), their BLAKE2b hashes, and the
 * human-typable activation codes with their keyed hashes. Encoding and decoding use libsodium's
 * constant-time base64 routines; we check the alphabet and length first so that only canonical
 * 43-character tokens are ever accepted. */
#include "core/common.h"

#include "core/token.h"

#include <sodium.h>

_Static_assert(sizeof(TOKEN_CODE_ALPHABET) - 1 == 32, "activation alphabet must have 32 symbols");
_Static_assert(TOKEN_STR_LEN + 1 ==
                   sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "token string length");

#define CODE_INPUT_MAX 64

static void encode(const uint8_t raw[TOKEN_BYTES], char out[TOKEN_STR_LEN + 1])
{
    sodium_bin2base64(out, TOKEN_STR_LEN + 1, raw, TOKEN_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_new(uint8_t out_raw[TOKEN_BYTES], char out_str[TOKEN_STR_LEN + 1])
{
    uint8_t raw[TOKEN_BYTES];

    randombytes_buf(raw, sizeof(raw));
    if (out_str != NULL)
        encode(raw, out_str);
    if (out_raw != NULL)
        memcpy(out_raw, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

void token_csrf_new(char out_str[TOKEN_STR_LEN + 1])
{
    token_new(NULL, out_str);
}

static bool b64url_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

int token_parse(const char *s, size_t n, uint8_t out_raw[TOKEN_BYTES])
{
    int rc = 0;
    size_t bin_len = 0;

    if (s == NULL || n != TOKEN_STR_LEN) {
        rc = ERR_INVAL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!b64url_char(s[i])) {
            rc = ERR_INVAL;
            goto out;
        }
    }
    /* libsodium refuses non-zero unused bits, so the accepted encoding is unique. */
    if (sodium_base642bin(out_raw, TOKEN_BYTES, s, n, NULL, &bin_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        bin_len != TOKEN_BYTES)
        rc = ERR_INVAL;
out:
    if (rc != 0)
        sodium_memzero(out_raw, TOKEN_BYTES);
    return rc;
}

void token_hash(const uint8_t raw[TOKEN_BYTES], uint8_t out_hash[TOKEN_HASH_BYTES])
{
    crypto_generichash(out_hash, TOKEN_HASH_BYTES, raw, TOKEN_BYTES, NULL, 0);
}

bool token_eq(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

bool token_csrf_eq(const char *s, size_t n, const char expected[TOKEN_STR_LEN + 1])
{
    bool eq = false;
    if (s != NULL && expected != NULL && n == TOKEN_STR_LEN)
        eq = sodium_memcmp(s, expected, TOKEN_STR_LEN) == 0;
    return eq;
}

void token_code_new(char out[TOKEN_CODE_STR_LEN + 1])
{
    static const char alphabet[] = TOKEN_CODE_ALPHABET;
    size_t o = 0;

    for (size_t i = 0; i < TOKEN_CODE_CHARS; i++) {
        if (i > 0 && i % 4 == 0)
            out[o++] = '-';
        out[o++] = alphabet[randombytes_uniform(32)];
    }
    out[o] = '\0';
}

static bool code_char(char c)
{
    return c != '\0' && strchr(TOKEN_CODE_ALPHABET, c) != NULL;
}

int token_code_normalize(const char *s, size_t n, char out[TOKEN_CODE_CHARS + 1])
{
    int rc = 0;
    size_t o = 0;

    if (s == NULL || n > CODE_INPUT_MAX) {
        rc = ERR_INVAL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!code_char(c) || o == TOKEN_CODE_CHARS) {
            rc = ERR_INVAL;
            goto out;
        }
        out[o++] = c;
    }
    if (o != TOKEN_CODE_CHARS)
        rc = ERR_INVAL;
out:
    if (rc != 0)
        o = 0;
    out[o] = '\0';
    return rc;
}

int token_code_hash(const char *s, size_t n, const uint8_t key[TOKEN_CODE_KEY_BYTES],
                    uint8_t out_hash[TOKEN_HASH_BYTES])
{
    char norm[TOKEN_CODE_CHARS + 1];
    int rc = token_code_normalize(s, n, norm);

    if (rc == 0)
        crypto_generichash(out_hash, TOKEN_HASH_BYTES, (const unsigned char *)norm,
                           TOKEN_CODE_CHARS, key, TOKEN_CODE_KEY_BYTES);
    sodium_memzero(norm, sizeof(norm));
    return rc;
}
