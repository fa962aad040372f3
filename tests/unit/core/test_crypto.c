/* test_crypto.c: core/crypto through its public header: key file, keyring, data-key wrapping,
 * sealed fields bound to their cell, blind indexes, pseudonyms, signatures. Assertion messages
 * never print plaintext (all values here are fictitious anyway). */
#include "core/common.h"

#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/rand.h"

static char tmpdir[64];
static struct keyring *kr;
static struct keyring *kr2;

static void setup(void)
{
    uint8_t m1[CRYPTO_KEY_BYTES], m2[CRYPTO_KEY_BYTES];
    cr_assert_eq(core_init(), 0);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/regie-crypto-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    rand_bytes(m1, sizeof(m1));
    rand_bytes(m2, sizeof(m2));
    cr_assert_eq(keyring_from_master(m1, 1, &kr, NULL), 0);
    cr_assert_eq(keyring_from_master(m2, 1, &kr2, NULL), 0);
    crypto_wipe(m1, sizeof(m1));
    crypto_wipe(m2, sizeof(m2));
}

static void teardown(void)
{
    char p[128];
    static const char *const files[] = {"key", "key2", "bad"};
    keyring_free(kr);
    keyring_free(kr2);
    kr = kr2 = NULL;
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        snprintf(p, sizeof(p), "%s/%s", tmpdir, files[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

static void path_in(char *out, size_t cap, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", tmpdir, name);
    cr_assert(n > 0 && (size_t)n < cap);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    cr_assert_eq(fputs(text, f) >= 0, true);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(chmod(path, mode), 0);
}

TestSuite(crypto, .init = setup, .fini = teardown);

/* ---- sealed fields -------------------------------------------------------------------------- */

Test(crypto, seal_open_round_trip)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t ct[256];
    char pt[256];
    size_t ct_n = 0, pt_n = 0;
    static const char *const msgs[] = {"", "x", "Fictief Persoon", "ééé ünïcødé ✓"};

    rand_bytes(dk, sizeof(dk));
    for (size_t i = 0; i < ARRAY_LEN(msgs); i++) {
        size_t n = strlen(msgs[i]);
        cr_assert_eq(crypto_seal(dk, "person", "name", 42, msgs[i], n, ct, sizeof(ct), &ct_n, NULL),
                     0);
        cr_assert_eq(ct_n, crypto_sealed_len(n));
        cr_assert_eq(ct_n, n + 41);
        cr_assert_eq(ct[0], CRYPTO_FORMAT_V1);
        cr_assert_eq(crypto_open(dk, "person", "name", 42, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                     0);
        cr_assert_eq(pt_n, n);
        cr_assert(memcmp(pt, msgs[i], n) == 0, "round trip mismatch for message %zu", i);
    }
}

Test(crypto, seal_capacity_checked)
{
    uint8_t dk[CRYPTO_KEY_BYTES] = {0};
    uint8_t ct[64];
    char pt[8];
    size_t n = 0;
    struct err e;
    err_clear(&e);
    cr_assert_eq(crypto_seal(dk, "t", "c", 1, "0123456789", 10, ct, 50, &n, &e), ERR_TOOBIG);
    cr_assert_eq(crypto_seal(dk, "t", "c", 1, "0123456789", 10, ct, 51, &n, NULL), 0);
    cr_assert_eq(crypto_open(dk, "t", "c", 1, ct, n, pt, sizeof(pt), &n, NULL), ERR_TOOBIG);
    cr_assert_eq(crypto_seal(dk, "", "c", 1, "x", 1, ct, sizeof(ct), &n, NULL), ERR_INVAL);
    cr_assert_eq(crypto_seal(dk, "t", NULL, 1, "x", 1, ct, sizeof(ct), &n, NULL), ERR_INVAL);
    char longname[CRYPTO_AAD_NAME_MAX + 2];
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    cr_assert_eq(crypto_seal(dk, longname, "c", 1, "x", 1, ct, sizeof(ct), &n, NULL), ERR_INVAL);
}

Test(crypto, every_bit_flip_fails)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t ct[64];
    char pt[64];
    size_t ct_n = 0, pt_n = 0;
    struct err e;

    rand_bytes(dk, sizeof(dk));
    cr_assert_eq(crypto_seal(dk, "person", "bsn", 7, "123456782", 9, ct, sizeof(ct), &ct_n, NULL),
                 0);
    /* version byte, nonce, ciphertext and tag: every single-bit change must be detected */
    for (size_t i = 0; i < ct_n; i++) {
        for (int b = 0; b < 8; b++) {
            ct[i] ^= (uint8_t)(1u << b);
            err_clear(&e);
            int rc = crypto_open(dk, "person", "bsn", 7, ct, ct_n, pt, sizeof(pt), &pt_n, &e);
            cr_assert_eq(rc, ERR_CRYPTO, "bit %d of byte %zu flipped but opened", b, i);
            cr_assert_eq(e.code, ERR_CRYPTO);
            ct[i] ^= (uint8_t)(1u << b);
        }
    }
    cr_assert_eq(crypto_open(dk, "person", "bsn", 7, ct, ct_n, pt, sizeof(pt), &pt_n, NULL), 0);
    /* truncation (every shorter length) fails */
    for (size_t n = 0; n < ct_n; n++)
        cr_assert_eq(crypto_open(dk, "person", "bsn", 7, ct, n, pt, sizeof(pt), &pt_n, NULL),
                     ERR_CRYPTO, "truncated to %zu opened", n);
}

Test(crypto, wrong_cell_or_key_fails)
{
    uint8_t dk[CRYPTO_KEY_BYTES], other[CRYPTO_KEY_BYTES];
    uint8_t ct[64];
    char pt[64];
    size_t ct_n = 0, pt_n = 0;

    rand_bytes(dk, sizeof(dk));
    rand_bytes(other, sizeof(other));
    cr_assert_eq(crypto_seal(dk, "person", "name", 1000, "A. Fictief", 10, ct, sizeof(ct), &ct_n,
                             NULL),
                 0);
    cr_assert_eq(crypto_open(dk, "person", "name", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL), 0);
    cr_assert_eq(crypto_open(dk, "persons", "name", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(dk, "signal", "name", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(dk, "person", "bsn", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(dk, "person", "name", 1001, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(dk, "person", "name", -1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    /* the table/column boundary is unambiguous: ("pe", "rsonname") is not ("person", "name") */
    cr_assert_eq(crypto_open(dk, "personn", "ame", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(other, "person", "name", 1000, ct, ct_n, pt, sizeof(pt), &pt_n,
                             NULL),
                 ERR_CRYPTO);
    /* a failed open leaves no plaintext behind in the output buffer */
    for (size_t i = 0; i < sizeof(pt); i++)
        cr_assert_eq(pt[i], 0);
    /* unknown format version */
    ct[0] = 0x02;
    cr_assert_eq(crypto_open(dk, "person", "name", 1000, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
}

static int cmp_nonce(const void *a, const void *b)
{
    return memcmp(a, b, CRYPTO_NONCE_BYTES);
}

Test(crypto, nonces_unique_over_100k_seals)
{
    enum { N = 100000 };
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t ct[64];
    size_t ct_n = 0;
    uint8_t *nonces = malloc((size_t)N * CRYPTO_NONCE_BYTES);
    cr_assert_not_null(nonces);

    rand_bytes(dk, sizeof(dk));
    for (size_t i = 0; i < N; i++) {
        cr_assert_eq(crypto_seal(dk, "t", "c", 1, "same", 4, ct, sizeof(ct), &ct_n, NULL), 0);
        memcpy(nonces + i * CRYPTO_NONCE_BYTES, ct + 1, CRYPTO_NONCE_BYTES);
    }
    qsort(nonces, N, CRYPTO_NONCE_BYTES, cmp_nonce);
    for (size_t i = 1; i < N; i++)
        cr_assert_neq(memcmp(nonces + (i - 1) * CRYPTO_NONCE_BYTES,
                             nonces + i * CRYPTO_NONCE_BYTES, CRYPTO_NONCE_BYTES),
                      0, "nonce repeated");
    free(nonces);
}

/* ---- data keys ------------------------------------------------------------------------------ */

Test(crypto, data_key_wrap_unwrap)
{
    uint8_t dk[CRYPTO_KEY_BYTES], back[CRYPTO_KEY_BYTES];
    uint8_t w[CRYPTO_DK_WRAPPED_BYTES + 8];
    size_t wn = 0;
    static const uint8_t zero[CRYPTO_KEY_BYTES] = {0};

    cr_assert_eq(crypto_dk_new(kr, 77, dk, w, sizeof(w), &wn, NULL), 0);
    cr_assert_eq(wn, CRYPTO_DK_WRAPPED_BYTES);
    cr_assert_eq(w[0], CRYPTO_FORMAT_V1);
    cr_assert_eq(w[1], keyring_key_version(kr));
    cr_assert_eq(crypto_dk_unwrap(kr, 77, w, wn, back, NULL), 0);
    cr_assert(crypto_eq(dk, back, sizeof(dk)));
    cr_assert(!crypto_eq(dk, zero, sizeof(dk)));

    /* wrong group, wrong keyring, truncated, flipped bit: all refused, output zeroed */
    cr_assert_eq(crypto_dk_unwrap(kr, 78, w, wn, back, NULL), ERR_CRYPTO);
    cr_assert(crypto_eq(back, zero, sizeof(back)));
    cr_assert_eq(crypto_dk_unwrap(kr2, 77, w, wn, back, NULL), ERR_CRYPTO);
    cr_assert_eq(crypto_dk_unwrap(kr, 77, w, wn - 1, back, NULL), ERR_CRYPTO);
    for (size_t i = 0; i < wn; i++) {
        w[i] ^= 0x01;
        cr_assert_eq(crypto_dk_unwrap(kr, 77, w, wn, back, NULL), ERR_CRYPTO, "byte %zu", i);
        w[i] ^= 0x01;
    }
    cr_assert_eq(crypto_dk_new(kr, 77, dk, w, CRYPTO_DK_WRAPPED_BYTES - 1, &wn, NULL), ERR_TOOBIG);
}

Test(crypto, data_key_key_version_bound)
{
    uint8_t m[CRYPTO_KEY_BYTES];
    struct keyring *v2 = NULL, *v1 = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES], back[CRYPTO_KEY_BYTES];
    uint8_t w[CRYPTO_DK_WRAPPED_BYTES];
    size_t wn = 0;

    rand_bytes(m, sizeof(m));
    cr_assert_eq(keyring_from_master(m, 2, &v2, NULL), 0);
    cr_assert_eq(keyring_from_master(m, 1, &v1, NULL), 0);
    cr_assert_eq(keyring_key_version(v2), 2);
    cr_assert_eq(crypto_dk_new(v2, 5, dk, w, sizeof(w), &wn, NULL), 0);
    cr_assert_eq(w[1], 2);
    cr_assert_eq(crypto_dk_unwrap(v2, 5, w, wn, back, NULL), 0);
    /* same master bytes, other version: refused (the version is in the AAD and checked) */
    cr_assert_eq(crypto_dk_unwrap(v1, 5, w, wn, back, NULL), ERR_CRYPTO);
    keyring_free(v1);
    keyring_free(v2);
    struct keyring *bad = NULL;
    cr_assert_eq(keyring_from_master(m, 0, &bad, NULL), ERR_INVAL);
    cr_assert_null(bad);
    cr_assert_eq(keyring_from_master(m, 256, &bad, NULL), ERR_INVAL);
    crypto_wipe(m, sizeof(m));
}

Test(crypto, sealed_under_group_key_fails_with_other_group_key)
{
    uint8_t dk1[CRYPTO_KEY_BYTES], dk2[CRYPTO_KEY_BYTES];
    uint8_t w[CRYPTO_DK_WRAPPED_BYTES];
    uint8_t ct[64];
    char pt[64];
    size_t wn = 0, ct_n = 0, pt_n = 0;

    cr_assert_eq(crypto_dk_new(kr, 1, dk1, w, sizeof(w), &wn, NULL), 0);
    cr_assert_eq(crypto_dk_new(kr, 2, dk2, w, sizeof(w), &wn, NULL), 0);
    cr_assert_eq(crypto_seal(dk1, "person", "name", 9, "B. Fictief", 10, ct, sizeof(ct), &ct_n,
                             NULL),
                 0);
    cr_assert_eq(crypto_open(dk2, "person", "name", 9, ct, ct_n, pt, sizeof(pt), &pt_n, NULL),
                 ERR_CRYPTO);
    cr_assert_eq(crypto_open(dk1, "person", "name", 9, ct, ct_n, pt, sizeof(pt), &pt_n, NULL), 0);
    crypto_wipe(dk1, sizeof(dk1));
    crypto_wipe(dk2, sizeof(dk2));
}

/* ---- blind index, pseudonym, normalisation -------------------------------------------------- */

static void norm(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    cr_assert_eq(crypto_normalise_name(in, strlen(in), out, cap - 1, &n, NULL), 0);
    out[n] = '\0';
}

Test(crypto, normalise_name)
{
    char out[64];
    norm("Jan  de Vries", out, sizeof(out));
    cr_assert(strcmp(out, "jan de vries") == 0);
    norm("  JAN\tde \r\n VRIES  ", out, sizeof(out));
    cr_assert(strcmp(out, "jan de vries") == 0);
    norm("", out, sizeof(out));
    cr_assert(strcmp(out, "") == 0);
    norm("   \t ", out, sizeof(out));
    cr_assert(strcmp(out, "") == 0);
    /* non-ASCII bytes are kept as they are (no Unicode folding) */
    norm("\xC3\x89LISE  M\xC3\xBCLLER", out, sizeof(out));
    cr_assert(strcmp(out, "\xC3\x89lise m\xC3\xBCller") == 0);
    /* capacity must be at least the input length */
    size_t n = 0;
    cr_assert_eq(crypto_normalise_name("abcdef", 6, out, 5, &n, NULL), ERR_TOOBIG);
}

Test(crypto, normalise_bsn)
{
    char out[10];
    cr_assert_eq(crypto_normalise_bsn("123456782", 9, out, NULL), 0);
    cr_assert(strcmp(out, "123456782") == 0);
    cr_assert_eq(crypto_normalise_bsn("1234.56.782", 11, out, NULL), 0);
    cr_assert(strcmp(out, "123456782") == 0);
    cr_assert_eq(crypto_normalise_bsn(" 12-34 56 782 ", 14, out, NULL), 0);
    cr_assert(strcmp(out, "123456782") == 0);
    struct err e;
    err_clear(&e);
    cr_assert_eq(crypto_normalise_bsn("12345678", 8, out, &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_assert(strcmp(e.fields[0].name, "bsn") == 0);
    cr_assert_eq(crypto_normalise_bsn("1234567890", 10, out, NULL), ERR_INVAL);
    cr_assert_eq(crypto_normalise_bsn("12345678a", 9, out, NULL), ERR_INVAL);
    cr_assert_eq(crypto_normalise_bsn("", 0, out, NULL), ERR_INVAL);
}

static void index_of(const struct keyring *k, const char *kind, const char *name,
                     uint8_t out[CRYPTO_HASH_BYTES])
{
    char buf[128];
    norm(name, buf, sizeof(buf));
    cr_assert_eq(crypto_blind_index(k, kind, buf, strlen(buf), out, NULL), 0);
}

Test(crypto, blind_index_equal_for_normalised_equal_names)
{
    uint8_t a[32], b[32], c[32], d[32], x[32], y[32];
    index_of(kr, "name", "Jan  de Vries", a);
    index_of(kr, "name", "jan de vries", b);
    index_of(kr, "name", "  JAN de\tVRIES ", c);
    index_of(kr, "name", "Jan de Vries-Bakker", d);
    cr_assert(crypto_eq(a, b, 32));
    cr_assert(crypto_eq(a, c, 32));
    cr_assert(!crypto_eq(a, d, 32));
    /* domain separation by kind, and by key */
    index_of(kr, "bsn", "jan de vries", x);
    cr_assert(!crypto_eq(a, x, 32));
    index_of(kr2, "name", "jan de vries", y);
    cr_assert(!crypto_eq(a, y, 32));
    cr_assert_eq(crypto_blind_index(kr, "", "x", 1, x, NULL), ERR_INVAL);
    cr_assert_eq(crypto_blind_index(kr, NULL, "x", 1, x, NULL), ERR_INVAL);
    /* the index is not simply an unkeyed hash: the same input under the log key differs */
    cr_assert_eq(crypto_pseudonym(kr, "jan de vries", 12, y, NULL), 0);
    cr_assert(!crypto_eq(a, y, 32));
}

Test(crypto, pseudonym_stable_and_keyed)
{
    uint8_t a[32], b[32], c[32], d[32];
    cr_assert_eq(crypto_pseudonym(kr, "person:42", 9, a, NULL), 0);
    cr_assert_eq(crypto_pseudonym(kr, "person:42", 9, b, NULL), 0);
    cr_assert_eq(crypto_pseudonym(kr, "person:43", 9, c, NULL), 0);
    cr_assert_eq(crypto_pseudonym(kr2, "person:42", 9, d, NULL), 0);
    cr_assert(crypto_eq(a, b, 32));
    cr_assert(!crypto_eq(a, c, 32));
    cr_assert(!crypto_eq(a, d, 32));
}

/* ---- signatures ----------------------------------------------------------------------------- */

Test(crypto, checkpoint_signature)
{
    uint8_t pk[CRYPTO_SIG_PK_BYTES], pk2[CRYPTO_SIG_PK_BYTES], sig[CRYPTO_SIG_BYTES];
    crypto_sig_public_key(kr, pk);
    crypto_sig_public_key(kr2, pk2);
    crypto_sig_sign(kr, "checkpoint 1", 12, sig);
    cr_assert(crypto_sig_verify(pk, "checkpoint 1", 12, sig));
    cr_assert(!crypto_sig_verify(pk, "checkpoint 2", 12, sig));
    cr_assert(!crypto_sig_verify(pk2, "checkpoint 1", 12, sig));
    sig[0] ^= 1;
    cr_assert(!crypto_sig_verify(pk, "checkpoint 1", 12, sig));
}

/* ---- key file ------------------------------------------------------------------------------- */

Test(crypto, keyfile_create_mode_0600_and_load)
{
    char p[128];
    struct stat sb;
    struct keyring *a = NULL, *b = NULL;
    uint8_t ia[32], ib[32];
    mode_t old = umask(0); /* even with a permissive umask the file is 0600 */

    path_in(p, sizeof(p), "key");
    cr_assert_eq(crypto_keyfile_create(p, NULL), 0);
    umask(old);
    cr_assert_eq(stat(p, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600, "mode is %o", (unsigned)(sb.st_mode & 0777));
    cr_assert_eq(keyring_load(p, &a, NULL), 0);
    cr_assert_eq(keyring_load(p, &b, NULL), 0);
    cr_assert_eq(keyring_key_version(a), 1);
    /* same file → same derived keys; different from an unrelated keyring */
    cr_assert_eq(crypto_blind_index(a, "bsn", "123456782", 9, ia, NULL), 0);
    cr_assert_eq(crypto_blind_index(b, "bsn", "123456782", 9, ib, NULL), 0);
    cr_assert(crypto_eq(ia, ib, 32));
    cr_assert_eq(crypto_blind_index(kr, "bsn", "123456782", 9, ib, NULL), 0);
    cr_assert(!crypto_eq(ia, ib, 32));
    keyring_free(a);
    keyring_free(b);
    /* 0400 is accepted too */
    cr_assert_eq(chmod(p, 0400), 0);
    cr_assert_eq(keyring_load(p, &a, NULL), 0);
    keyring_free(a);
}

Test(crypto, keyfile_two_files_differ)
{
    char p1[128], p2[128];
    struct keyring *a = NULL, *b = NULL;
    uint8_t ia[32], ib[32];
    path_in(p1, sizeof(p1), "key");
    path_in(p2, sizeof(p2), "key2");
    cr_assert_eq(crypto_keyfile_create(p1, NULL), 0);
    cr_assert_eq(crypto_keyfile_create(p2, NULL), 0);
    cr_assert_eq(keyring_load(p1, &a, NULL), 0);
    cr_assert_eq(keyring_load(p2, &b, NULL), 0);
    cr_assert_eq(crypto_pseudonym(a, "x", 1, ia, NULL), 0);
    cr_assert_eq(crypto_pseudonym(b, "x", 1, ib, NULL), 0);
    cr_assert(!crypto_eq(ia, ib, 32));
    keyring_free(a);
    keyring_free(b);
}

Test(crypto, keyfile_refuses_overwrite)
{
    char p[128];
    struct stat before, after;
    struct err e;
    struct keyring *a = NULL, *b = NULL;
    uint8_t ia[32], ib[32];

    path_in(p, sizeof(p), "key");
    cr_assert_eq(crypto_keyfile_create(p, NULL), 0);
    cr_assert_eq(keyring_load(p, &a, NULL), 0);
    cr_assert_eq(stat(p, &before), 0);
    err_clear(&e);
    cr_assert_eq(crypto_keyfile_create(p, &e), ERR_CONFLICT);
    cr_assert_eq(e.code, ERR_CONFLICT);
    cr_assert_eq(stat(p, &after), 0);
    cr_assert_eq(before.st_size, after.st_size);
    cr_assert_eq(before.st_ino, after.st_ino);
    cr_assert_eq(keyring_load(p, &b, NULL), 0);
    cr_assert_eq(crypto_pseudonym(a, "x", 1, ia, NULL), 0);
    cr_assert_eq(crypto_pseudonym(b, "x", 1, ib, NULL), 0);
    cr_assert(crypto_eq(ia, ib, 32), "key changed by a refused overwrite");
    keyring_free(a);
    keyring_free(b);
    /* a symlink at the path is not followed either */
    char l[128];
    path_in(l, sizeof(l), "key2");
    cr_assert_eq(symlink(p, l), 0);
    cr_assert_eq(crypto_keyfile_create(l, NULL), ERR_CONFLICT);
    cr_assert_eq(keyring_load(l, &a, NULL), ERR_FORBIDDEN);
    cr_assert_null(a);
}

Test(crypto, keyfile_refuses_group_or_other_access)
{
    char p[128];
    struct err e;
    struct keyring *a = NULL;
    static const mode_t bad_modes[] = {0644, 0640, 0604, 0660, 0602, 0610, 0601};

    path_in(p, sizeof(p), "key");
    cr_assert_eq(crypto_keyfile_create(p, NULL), 0);
    for (size_t i = 0; i < ARRAY_LEN(bad_modes); i++) {
        cr_assert_eq(chmod(p, bad_modes[i]), 0);
        err_clear(&e);
        cr_assert_eq(keyring_load(p, &a, &e), ERR_FORBIDDEN, "mode %o accepted",
                     (unsigned)bad_modes[i]);
        cr_assert_null(a);
        cr_assert_eq(e.code, ERR_FORBIDDEN);
        cr_assert(strstr(e.detail, "0600") != NULL, "message should say how to fix it");
    }
}

Test(crypto, keyfile_bad_formats)
{
    char p[128];
    struct keyring *a = NULL;
    struct err e;
    static const char *const bad[] = {
        "",
        "regie-key v2\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "regie-key v1\n",
        "regie-key v1\nmaster AAAA\n",                                       /* 3 bytes */
        "regie-key v1\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", /* 35 bytes */
        "regie-key v1\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=!\n",
        "regie-key v1\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nextra 1\n",
        ("regie-key v1\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
         "master AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"), /* master twice */
        "regie-key v1\nkey-version 0\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "regie-key v1\nkey-version 256\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "regie-key v1\nkey-version x\nmaster AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    };
    path_in(p, sizeof(p), "bad");
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        write_file(p, bad[i], 0600);
        err_clear(&e);
        cr_assert_eq(keyring_load(p, &a, &e), ERR_INVAL, "bad key file %zu accepted", i);
        cr_assert_null(a);
        cr_assert_eq(unlink(p), 0);
    }
    /* a good hand-written one with an explicit version loads */
    write_file(p,
               "regie-key v1\nkey-version 3\n"
               "master AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
               0600);
    cr_assert_eq(keyring_load(p, &a, NULL), 0);
    cr_assert_eq(keyring_key_version(a), 3);
    keyring_free(a);
    /* missing file */
    cr_assert_eq(unlink(p), 0);
    cr_assert_eq(keyring_load(p, &a, NULL), ERR_NOTFOUND);
    /* too large */
    char big[5000];
    memset(big, '\n', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    write_file(p, big, 0600);
    cr_assert_eq(keyring_load(p, &a, NULL), ERR_TOOBIG);
    /* a directory is not a key file */
    cr_assert_eq(keyring_load(tmpdir, &a, NULL), ERR_FORBIDDEN);
}

Test(crypto, constant_time_eq)
{
    cr_assert(crypto_eq("abcd", "abcd", 4));
    cr_assert(!crypto_eq("abcd", "abce", 4));
    cr_assert(crypto_eq("", "", 0));
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    crypto_wipe(buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        cr_assert_eq(buf[i], 0);
}

/* ---- known elsewhere: pair-keyed tags and sealed messages ------------------------------------- */

Test(crypto, peer_tag_is_equal_for_equal_input_and_apart_otherwise)
{
    uint8_t k1[CRYPTO_KEY_BYTES], k2[CRYPTO_KEY_BYTES];
    uint8_t a[CRYPTO_HASH_BYTES], b[CRYPTO_HASH_BYTES], c[CRYPTO_HASH_BYTES];
    uint8_t d[CRYPTO_HASH_BYTES], f[CRYPTO_HASH_BYTES], g[CRYPTO_HASH_BYTES];
    memset(k1, 1, sizeof(k1));
    memset(k2, 2, sizeof(k2));
    cr_assert_eq(crypto_peer_tag(k1, 1, 8, "bsn", "123456782", 9, a, NULL), 0);
    cr_assert_eq(crypto_peer_tag(k1, 1, 8, "bsn", "123456782", 9, b, NULL), 0);
    cr_expect(memcmp(a, b, sizeof(a)) == 0, "the same pair, kind and id give the same tag");
    cr_assert_eq(crypto_peer_tag(k2, 1, 8, "bsn", "123456782", 9, c, NULL), 0);
    cr_expect(memcmp(a, c, sizeof(a)) != 0, "another pair key, another tag");
    cr_assert_eq(crypto_peer_tag(k1, 1, 8, "name_dob", "123456782", 9, d, NULL), 0);
    cr_expect(memcmp(a, d, sizeof(a)) != 0, "another kind, another tag");
    cr_assert_eq(crypto_peer_tag(k1, 2, 8, "bsn", "123456782", 9, f, NULL), 0);
    cr_expect(memcmp(a, f, sizeof(a)) != 0, "another cost, another tag");
    cr_assert_eq(crypto_peer_tag(k1, 1, 8, "bsn", "123456783", 9, g, NULL), 0);
    cr_expect(memcmp(a, g, sizeof(a)) != 0, "another id, another tag");
    cr_expect_eq(crypto_peer_tag(k1, 0, 8, "bsn", "1", 1, g, NULL), ERR_INVAL);
    cr_expect_eq(crypto_peer_tag(k1, 1, 7, "bsn", "1", 1, g, NULL), ERR_INVAL);
    cr_expect_eq(crypto_peer_tag(k1, CRYPTO_PEER_OPS_MAX + 1, 8, "bsn", "1", 1, g, NULL), ERR_INVAL);
    cr_expect_eq(crypto_peer_tag(k1, 1, 8, "", "1", 1, g, NULL), ERR_INVAL);
}

Test(crypto, peer_seal_opens_only_with_its_key_and_direction)
{
    uint8_t k1[CRYPTO_KEY_BYTES], k2[CRYPTO_KEY_BYTES], ct[128], pt[128];
    size_t cn = 0, pn = 0;
    static const char msg[] = "{\"qid\":\"00\",\"answer\":\"nee\"}";
    memset(k1, 7, sizeof(k1));
    memset(k2, 8, sizeof(k2));
    cr_assert_eq(crypto_peer_seal(k1, "regie-ke-v1 a b>a", msg, sizeof(msg) - 1, ct, sizeof(ct),
                                  &cn, NULL), 0);
    cr_assert_eq(cn, sizeof(msg) - 1 + CRYPTO_PEER_OVERHEAD);
    cr_assert_eq(crypto_peer_open(k1, "regie-ke-v1 a b>a", ct, cn, pt, sizeof(pt), &pn, NULL), 0);
    cr_expect(pn == sizeof(msg) - 1 && memcmp(pt, msg, pn) == 0);
    cr_expect_eq(crypto_peer_open(k2, "regie-ke-v1 a b>a", ct, cn, pt, sizeof(pt), &pn, NULL),
                 ERR_CRYPTO, "another pair key");
    cr_expect_eq(crypto_peer_open(k1, "regie-ke-v1 q a>b", ct, cn, pt, sizeof(pt), &pn, NULL),
                 ERR_CRYPTO, "a question's direction does not open an answer");
    for (size_t i = 0; i < cn; i++) {
        ct[i] ^= 0x01;
        cr_expect_eq(crypto_peer_open(k1, "regie-ke-v1 a b>a", ct, cn, pt, sizeof(pt), &pn, NULL),
                     ERR_CRYPTO, "byte %zu changed", i);
        ct[i] ^= 0x01;
    }
    cr_expect_eq(crypto_peer_open(k1, "regie-ke-v1 a b>a", ct, CRYPTO_PEER_OVERHEAD - 1, pt,
                                  sizeof(pt), &pn, NULL), ERR_CRYPTO, "too short");
    cr_expect_eq(crypto_peer_seal(k1, "x", msg, sizeof(msg) - 1, ct, sizeof(msg), &cn, NULL),
                 ERR_TOOBIG);
}
