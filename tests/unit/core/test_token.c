/* test_token.c: core/token through its public header: session and CSRF tokens (shape, strict
 * parsing, hashing), activation codes (format, alphabet, normalisation, keyed hash). */
#include "core/common.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/rand.h"
#include "core/token.h"

static void setup(void)
{
    cr_assert_eq(core_init(), 0);
}

TestSuite(token, .init = setup);

static bool b64url_only(const char *s)
{
    for (; *s; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return false;
    }
    return true;
}

Test(token, new_token_is_43_base64url_chars_and_parses_back)
{
    uint8_t raw[TOKEN_BYTES], raw2[TOKEN_BYTES], back[TOKEN_BYTES];
    char s[TOKEN_STR_LEN + 1], s2[TOKEN_STR_LEN + 1];
    token_new(raw, s);
    token_new(raw2, s2);
    cr_expect_eq(strlen(s), 43);
    cr_expect(b64url_only(s));
    cr_expect_neq(memcmp(raw, raw2, TOKEN_BYTES), 0);
    cr_assert_eq(token_parse(s, strlen(s), back), 0);
    cr_expect_eq(memcmp(raw, back, TOKEN_BYTES), 0);
}

Test(token, parse_is_strict)
{
    uint8_t raw[TOKEN_BYTES], out[TOKEN_BYTES];
    char s[TOKEN_STR_LEN + 2];
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    token_new(raw, s);

    cr_expect_eq(token_parse(s, 42, out), ERR_INVAL, "too short");
    memcpy(s + 43, "A", 2);
    cr_expect_eq(token_parse(s, 44, out), ERR_INVAL, "too long");
    s[43] = '\0';
    for (const char *bad = "+/=. \n"; *bad; bad++) {
        char t[TOKEN_STR_LEN + 1];
        memcpy(t, s, sizeof(t));
        t[10] = *bad;
        cr_expect_eq(token_parse(t, 43, out), ERR_INVAL, "char %02x", (unsigned)*bad);
    }
    cr_expect_eq(token_parse(NULL, 43, out), ERR_INVAL);
    /* The last of 43 characters carries 4 data bits and 2 unused bits: only characters whose
     * 6-bit value has the low 2 bits clear are canonical. */
    for (const char *c = alpha; *c; c++) {
        char t[TOKEN_STR_LEN + 1];
        size_t v = (size_t)(c - alpha);
        memcpy(t, s, sizeof(t));
        t[42] = *c;
        cr_expect_eq(token_parse(t, 43, out), (v & 3) ? ERR_INVAL : 0, "last char %c", *c);
    }
}

Test(token, hash_is_blake2b_256_of_the_raw_bytes)
{
    uint8_t raw[TOKEN_BYTES], h[TOKEN_HASH_BYTES], want[32];
    token_new(raw, NULL);
    token_hash(raw, h);
    crypto_generichash(want, 32, raw, TOKEN_BYTES, NULL, 0);
    cr_expect(token_eq(h, want, 32));
    raw[0] ^= 1;
    token_hash(raw, want);
    cr_expect_not(token_eq(h, want, 32));
}

Test(token, csrf_tokens_compare_exactly)
{
    char a[TOKEN_STR_LEN + 1], b[TOKEN_STR_LEN + 1];
    token_csrf_new(a);
    token_csrf_new(b);
    cr_expect_eq(strlen(a), 43);
    cr_expect(b64url_only(a));
    cr_expect(token_csrf_eq(a, 43, a));
    cr_expect_not(token_csrf_eq(b, 43, a));
    cr_expect_not(token_csrf_eq(a, 42, a));
    cr_expect_not(token_csrf_eq(NULL, 0, a));
    cr_expect_not(token_csrf_eq("", 0, a));
}

Test(token, activation_code_format_and_alphabet)
{
    size_t seen[256] = {0};
    for (int i = 0; i < 1000; i++) {
        char c[TOKEN_CODE_STR_LEN + 1];
        token_code_new(c);
        cr_assert_eq(strlen(c), 19);
        for (size_t j = 0; j < 19; j++) {
            if (j % 5 == 4) {
                cr_assert_eq(c[j], '-');
            } else {
                cr_assert_not_null(strchr(TOKEN_CODE_ALPHABET, c[j]), "char %c", c[j]);
                seen[(unsigned char)c[j]]++;
            }
        }
    }
    /* 16,000 draws from 32 symbols: every symbol shows up (a miss has probability ~1e-219). */
    for (const char *a = TOKEN_CODE_ALPHABET; *a; a++)
        cr_expect_gt(seen[(unsigned char)*a], 0, "symbol %c never drawn", *a);
    for (const char *a = "IO01"; *a; a++)
        cr_expect_eq(seen[(unsigned char)*a], 0);
}

Test(token, activation_code_normalisation)
{
    char out[TOKEN_CODE_CHARS + 1];
    cr_expect_eq(token_code_normalize("abcd efgh-jklm npqr", 19, out), 0);
    cr_expect_str_eq(out, "ABCDEFGHJKLMNPQR");
    cr_expect_eq(token_code_normalize("ABCDEFGHJKLMNPQR", 16, out), 0);
    static const char *const bad[] = {
        "ABCD-EFGH-JKLM-NPQ",   /* 15 */
        "ABCD-EFGH-JKLM-NPQRS", /* 17 */
        "ABCD-EFGH-JKLM-NPQO",  /* O */
        "ABCD-EFGH-JKLM-NPQ0",  /* 0 */
        "ABCD-EFGH-JKLM-NPQ1",  /* 1 */
        "ABCD-EFGH-JKLM-NPQI",  /* I */
        "ABCD_EFGH_JKLM_NPQR",  /* _ */
        "",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        cr_expect_eq(token_code_normalize(bad[i], strlen(bad[i]), out), ERR_INVAL, "case %zu", i);
        cr_expect_str_eq(out, "");
    }
    char longs[80];
    memset(longs, '-', sizeof(longs));
    memcpy(longs, "ABCDEFGHJKLMNPQR", 16);
    cr_expect_eq(token_code_normalize(longs, sizeof(longs), out), ERR_INVAL, "over 64 bytes");
}

Test(token, activation_code_hash_is_keyed_and_normalised)
{
    uint8_t k1[TOKEN_CODE_KEY_BYTES], k2[TOKEN_CODE_KEY_BYTES];
    uint8_t h1[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES], h3[TOKEN_HASH_BYTES];
    char code[TOKEN_CODE_STR_LEN + 1];
    rand_bytes(k1, sizeof(k1));
    rand_bytes(k2, sizeof(k2));
    token_code_new(code);
    cr_assert_eq(token_code_hash(code, strlen(code), k1, h1), 0);
    char typed[TOKEN_CODE_STR_LEN + 1];
    for (size_t i = 0; i < sizeof(typed); i++)
        typed[i] = (code[i] >= 'A' && code[i] <= 'Z') ? (char)(code[i] + 32) : code[i];
    for (size_t i = 0; i < 19; i++)
        if (typed[i] == '-')
            typed[i] = ' ';
    cr_assert_eq(token_code_hash(typed, strlen(typed), k1, h2), 0);
    cr_expect(token_eq(h1, h2, TOKEN_HASH_BYTES), "same code typed differently");
    cr_assert_eq(token_code_hash(code, strlen(code), k2, h3), 0);
    cr_expect_not(token_eq(h1, h3, TOKEN_HASH_BYTES), "other key, other hash");
    cr_expect_eq(token_code_hash("nope", 4, k1, h3), ERR_INVAL);
}

/* rand_id_bytes hands every pooled byte out once: 4,000 ids of 16 bytes (125 refills of the
 * 512-byte pool) are all different, also across threads, and a forked child does not repeat
 * what its parent hands out next (the pool is emptied in the child). */
#define IDS 4000
static uint8_t ids[2][IDS][16];

static void *draw_ids(void *arg)
{
    uint8_t(*out)[16] = arg;
    for (int i = 0; i < IDS; i++)
        rand_id_bytes(out[i], 16);
    return NULL;
}

static int cmp16(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

Test(rand, id_bytes_are_never_handed_out_twice)
{
    cr_assert_eq(core_init(), 0);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, draw_ids, ids[1]), 0);
    draw_ids(ids[0]);
    pthread_join(t, NULL);
    qsort(ids, 2 * IDS, 16, cmp16);
    for (int i = 1; i < 2 * IDS; i++)
        cr_assert_neq(memcmp(((uint8_t(*)[16])ids)[i - 1], ((uint8_t(*)[16])ids)[i], 16), 0,
                      "id %d repeated", i);

    uint8_t first[16], mine[16], child[16];
    rand_id_bytes(first, sizeof(first)); /* the pool now holds bytes for later calls */
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        rand_id_bytes(child, sizeof(child));
        _exit(write(fd[1], child, sizeof(child)) == (ssize_t)sizeof(child) ? 0 : 1);
    }
    rand_id_bytes(mine, sizeof(mine));
    cr_assert_eq(read(fd[0], child, sizeof(child)), (ssize_t)sizeof(child));
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert_neq(memcmp(mine, child, 16), 0, "the child repeated its parent's next id");
    close(fd[0]);
    close(fd[1]);
}
