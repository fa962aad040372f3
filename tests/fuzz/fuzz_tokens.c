/* fuzz_tokens.c: libFuzzer target for the small parsers of untrusted text that are not JSON:
 * session and CSRF tokens (cookie and header values), activation codes, bounded integers and
 * sizes (query parameters), "host:port" and e-mail addresses. Each must accept or refuse
 * cleanly; what is accepted must hold the documented shape (round trips are checked). */
#include "core/common.h"

#include <sodium.h>

#include "core/parse.h"
#include "core/smtp.h"
#include "core/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_token(const char *s, size_t n)
{
    uint8_t raw[TOKEN_BYTES];
    if (token_parse(s, n, raw) != 0)
        return;
    if (n != TOKEN_STR_LEN)
        __builtin_trap(); /* only the canonical 43-character form parses */
    char back[TOKEN_STR_LEN + 1];
    size_t m = 0;
    if (sodium_bin2base64(back, sizeof(back), raw, sizeof(raw),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) == NULL)
        __builtin_trap();
    m = strlen(back);
    if (m != n || memcmp(back, s, n) != 0)
        __builtin_trap(); /* canonical: parse then encode gives the input back */
    char expected[TOKEN_STR_LEN + 1];
    memcpy(expected, back, sizeof(expected));
    if (!token_csrf_eq(s, n, expected))
        __builtin_trap();
}

static void check_code(const char *s, size_t n)
{
    char out[TOKEN_CODE_CHARS + 1];
    if (token_code_normalize(s, n, out) != 0)
        return;
    if (strlen(out) != TOKEN_CODE_CHARS || n > 64)
        __builtin_trap();
    for (size_t i = 0; i < TOKEN_CODE_CHARS; i++)
        if (strchr(TOKEN_CODE_ALPHABET, out[i]) == NULL)
            __builtin_trap();
    char again[TOKEN_CODE_CHARS + 1];
    if (token_code_normalize(out, TOKEN_CODE_CHARS, again) != 0 || strcmp(again, out) != 0)
        __builtin_trap(); /* normalising is idempotent */
}

static void check_numbers(const char *s, size_t n)
{
    struct str in = {s, n};
    int64_t v = 0;
    if (parse_i64(in, -1000000, 1000000, &v) == 0 && (v < -1000000 || v > 1000000))
        __builtin_trap();
    if (parse_i64(in, INT64_MIN, INT64_MAX, &v) == 0) {
        char back[32];
        int k = snprintf(back, sizeof(back), "%" PRId64, v);
        if (k < 0 || (size_t)k != n || memcmp(back, s, n) != 0)
            __builtin_trap(); /* no leading zeros, no '+': the decimal form is the input */
    }
    size_t z = 0;
    if (parse_size(in, 1, 1u << 30, &z) == 0 && (z < 1 || z > (1u << 30)))
        __builtin_trap();
    char host[64];
    uint16_t port = 0;
    if (parse_hostport(in, host, sizeof(host), &port) == 0 && strlen(host) >= sizeof(host))
        __builtin_trap();
}

static void check_addr(const char *s, size_t n)
{
    if (!smtp_addr_ok(s, n))
        return;
    if (n < 3 || n > 254 || memchr(s, '@', n) == NULL)
        __builtin_trap();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
            __builtin_trap(); /* no CR/LF or spaces can reach an SMTP command */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    if (!init) {
        if (sodium_init() < 0)
            return 0;
        init = true;
    }
    const char *s = (const char *)data;
    check_token(s, size);
    check_code(s, size);
    check_numbers(s, size);
    check_addr(s, size);
    return 0;
}
