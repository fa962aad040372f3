/* test_checkpoint.c: signing keys, C2SP signed notes and checkpoints, segment-deletion entries.
 *
 * Interoperability vector: the PeterNeumann key pair and signed note of golang.org/x/mod/sumdb/note
 * (note_test.go / package documentation), as reproduced by several independent C2SP
 * implementations. Ed25519 is deterministic, so our signature must match byte for byte. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/checkpoint.h"
#include "audit/segment.h"
#include "core/rand.h"

static char tmpdir[64];

static void init(void)
{
    cr_assert_eq(core_init(), 0);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/regie-audit-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void fini(void)
{
    char path[128];
    /* remove what the test made (files only; the directory is ours) */
    snprintf(path, sizeof path, "%s/k", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/l", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

TestSuite(audit_checkpoint, .init = init, .fini = fini);

static const char go_vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_skey[] =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
                              "then you don't know what your problem is.\n";
static const char go_note[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
    "\n";

static void path_of(char *out, size_t cap, const char *leaf)
{
    snprintf(out, cap, "%s/%s", tmpdir, leaf);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    chmod(path, mode);
}

static void test_key(struct audit_signer *s)
{
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)(i + 1);
    cr_assert_eq(audit_signer_from_seed(s, "regie.test/audit", seed, NULL), 0);
}

Test(audit_checkpoint, go_note_vector_byte_for_byte)
{
    char p[128], out[AUDIT_NOTE_MAX], vk[AUDIT_VERIFIER_KEY_MAX];
    struct audit_signer s;
    struct audit_verifier v;
    size_t n = 0;
    path_of(p, sizeof p, "k");
    write_file(p, go_skey, 0600);
    cr_assert_eq(audit_signer_load_file(p, &s, NULL), 0);
    cr_assert_eq(audit_verifier_format(&s.pub, vk, sizeof vk, NULL), 0);
    cr_assert_str_eq(vk, go_vkey);
    cr_assert_eq(audit_note_sign(&s, go_text, strlen(go_text), out, sizeof out, &n, NULL), 0);
    cr_assert_eq(n, strlen(go_note));
    cr_assert_str_eq(out, go_note);
    cr_assert_eq(audit_verifier_parse(STR_LIT(go_vkey), &v, NULL), 0);
    struct str text;
    cr_assert_eq(audit_note_open(go_note, strlen(go_note), &v, &text, NULL), 0);
    cr_assert(str_eq_cstr(text, go_text));
    /* one changed letter in the text breaks it */
    char bad[sizeof go_note];
    memcpy(bad, go_note, sizeof go_note);
    bad[3] = 'Y';
    cr_assert_eq(audit_note_open(bad, strlen(bad), &v, &text, NULL), ERR_CRYPTO);
    audit_signer_cleanup(&s);
}

Test(audit_checkpoint, verifier_key_manglings_rejected)
{
    struct audit_verifier v;
    char b[sizeof go_vkey];
    size_t n = strlen(go_vkey);
    /* every proper substring, and every single-byte increment (as note_test.go does) */
    for (size_t i = 0; i <= n; i++)
        for (size_t j = i + 1; j <= n; j++)
            if (i != 0 || j != n)
                cr_assert_neq(audit_verifier_parse((struct str){go_vkey + i, j - i}, &v, NULL), 0,
                              "substring %zu..%zu", i, j);
    for (size_t i = 0; i < n; i++) {
        memcpy(b, go_vkey, sizeof b);
        b[i]++;
        cr_assert_neq(audit_verifier_parse((struct str){b, n}, &v, NULL), 0, "byte %zu", i);
    }
    cr_assert_neq(audit_verifier_parse(
                      STR_LIT("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                      &v, NULL),
                  0);
}

Test(audit_checkpoint, sign_and_parse_roundtrip)
{
    struct audit_signer s;
    char out[AUDIT_NOTE_MAX];
    size_t n = 0;
    uint8_t root[32], got[32];
    uint64_t size = 0;
    test_key(&s);
    for (int i = 0; i < 32; i++)
        root[i] = (uint8_t)(0xf0 ^ i);
    const uint64_t sizes[] = {0, 1, 1000, 10000000, AUDIT_TREE_MAX_SIZE};
    for (size_t k = 0; k < ARRAY_LEN(sizes); k++) {
        cr_assert_eq(audit_checkpoint_sign(&s, sizes[k], root, out, sizeof out, &n, NULL), 0);
        cr_assert_eq(n, strlen(out));
        cr_assert_eq(audit_checkpoint_parse_verify(out, n, &s.pub, &size, got, NULL), 0);
        cr_assert_eq(size, sizes[k]);
        cr_assert_arr_eq(got, root, 32);
    }
    cr_assert_eq(audit_checkpoint_sign(&s, 1000, root, out, sizeof out, &n, NULL), 0);
    cr_assert(strncmp(out, "regie.test/audit\n1000\n", 22) == 0, "%s", out);
    cr_assert_eq(
        audit_checkpoint_sign(&s, (uint64_t)INT64_MAX + 1, root, out, sizeof out, &n, NULL),
        ERR_INVAL);
    cr_assert_eq(audit_checkpoint_sign(&s, 1, root, out, 50, &n, NULL), ERR_TOOBIG);
    audit_signer_cleanup(&s);
}

/* Rebuilds a checkpoint from parts and signs the body with s (for malformed-body cases). */
static size_t signed_body(const struct audit_signer *s, const char *body, char *out)
{
    size_t n = 0;
    cr_assert_eq(audit_note_sign(s, body, strlen(body), out, AUDIT_NOTE_MAX, &n, NULL), 0);
    return n;
}

Test(audit_checkpoint, strict_parser_rejects)
{
    struct audit_signer s, other;
    char good[AUDIT_NOTE_MAX], t[AUDIT_NOTE_MAX + 64];
    size_t n = 0;
    uint8_t root[32], got[32];
    uint64_t size = 0;
    test_key(&s);
    uint8_t seed2[32];
    memset(seed2, 9, 32);
    cr_assert_eq(audit_signer_from_seed(&other, "regie.test/audit", seed2, NULL), 0);
    memset(root, 0xab, 32);
    cr_assert_eq(audit_checkpoint_sign(&s, 1234, root, good, sizeof good, &n, NULL), 0);
    const char *sig = strstr(good, "\n\n") + 2; /* the signature line */

    /* structurally malformed: ERR_INVAL */
    struct {
        const char *why;
        const char *text;
    } bad[] = {
        {"empty", ""},
        {"no blank line", "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n"},
        {"blank line, no signature",
         "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n"},
        {"starts with newline", "\nx\n\n"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        cr_assert_eq(audit_checkpoint_parse_verify(bad[i].text, strlen(bad[i].text), &s.pub, &size,
                                                   got, NULL),
                     ERR_INVAL, "%s", bad[i].why);
    cr_assert_eq(audit_checkpoint_parse_verify(NULL, 0, &s.pub, &size, got, NULL), ERR_INVAL);

    /* no final newline */
    cr_assert_eq(audit_checkpoint_parse_verify(good, n - 1, &s.pub, &size, got, NULL), ERR_INVAL);
    /* trailing garbage after the signature line */
    snprintf(t, sizeof t, "%sx", good);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_INVAL);
    /* an empty line among the signatures */
    snprintf(t, sizeof t, "%s\n", good);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_INVAL);
    /* a signature line without the em dash */
    snprintf(t, sizeof t, "%.*s- %s", (int)(sig - good), good, sig + 4);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_INVAL);
    /* NUL and CR inside */
    memcpy(t, good, n + 1);
    t[3] = '\0';
    cr_assert_eq(audit_checkpoint_parse_verify(t, n, &s.pub, &size, got, NULL), ERR_INVAL);
    t[3] = '\r';
    cr_assert_eq(audit_checkpoint_parse_verify(t, n, &s.pub, &size, got, NULL), ERR_INVAL);
    /* too long */
    char *huge = malloc(AUDIT_NOTE_MAX + 2);
    memset(huge, 'a', AUDIT_NOTE_MAX + 1);
    huge[AUDIT_NOTE_MAX + 1] = '\0';
    cr_assert_eq(audit_checkpoint_parse_verify(huge, AUDIT_NOTE_MAX + 1, &s.pub, &size, got, NULL),
                 ERR_INVAL);
    free(huge);

    /* well-signed but the body is not a valid checkpoint: ERR_INVAL */
    const char *bodies[] = {
        "other.origin\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n01234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n-1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n+5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n9223372036854775808\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n12 34\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6t=\n",
        "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s\n",
        "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urqw==\n",
        "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\nextension line\n",
        "regie.test/audit\n1234\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
        size_t k = signed_body(&s, bodies[i], t);
        cr_assert_eq(audit_checkpoint_parse_verify(t, k, &s.pub, &size, got, NULL), ERR_INVAL,
                     "body %zu", i);
    }
    /* sanity: the same construction with a good body parses */
    size_t k = signed_body(
        &s, "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", t);
    cr_assert_eq(audit_checkpoint_parse_verify(t, k, &s.pub, &size, got, NULL), 0);
    cr_assert_eq(size, 1234);

    /* signature problems: ERR_CRYPTO */
    k = signed_body(&other,
                    "regie.test/audit\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n", t);
    cr_assert_eq(audit_checkpoint_parse_verify(t, k, &s.pub, &size, got, NULL), ERR_CRYPTO,
                 "other key, same name");
    memcpy(t, good, n + 1);
    t[17] = '5'; /* 1234 -> 5234: body changed */
    cr_assert_eq(audit_checkpoint_parse_verify(t, n, &s.pub, &size, got, NULL), ERR_CRYPTO);
    cr_assert_eq(size, 1234); /* outputs untouched on failure */

    audit_signer_cleanup(&s);
    audit_signer_cleanup(&other);
}

Test(audit_checkpoint, signature_lines)
{
    struct audit_signer s, w, other;
    char good[AUDIT_NOTE_MAX], wit[AUDIT_NOTE_MAX], t[2 * AUDIT_NOTE_MAX];
    size_t n = 0, wn = 0;
    uint8_t root[32], got[32];
    uint64_t size = 0;
    test_key(&s);
    uint8_t seed[32];
    memset(seed, 7, 32);
    cr_assert_eq(audit_signer_from_seed(&w, "witness.example/w1", seed, NULL), 0);
    memset(seed, 9, 32);
    cr_assert_eq(audit_signer_from_seed(&other, "regie.test/audit", seed, NULL), 0);
    memset(root, 0x11, 32);
    cr_assert_eq(audit_checkpoint_sign(&s, 77, root, good, sizeof good, &n, NULL), 0);
    cr_assert_eq(audit_checkpoint_sign(&w, 77, root, wit, sizeof wit, &wn, NULL), 0);
    const char *wsig = strstr(wit, "\n\n") + 2;
    const char *osig = NULL;
    char ot[AUDIT_NOTE_MAX];
    size_t on = 0;
    cr_assert_eq(audit_checkpoint_sign(&other, 77, root, ot, sizeof ot, &on, NULL), 0);
    osig = strstr(ot, "\n\n") + 2;

    /* a foreign (witness) signature line is ignored, before or after ours */
    snprintf(t, sizeof t, "%s%s", good, wsig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), 0);
    const char *body_end = strstr(good, "\n\n") + 2;
    snprintf(t, sizeof t, "%.*s%s%s", (int)(body_end - good), good, wsig, body_end);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), 0);
    /* only a foreign signature: not signed by us */
    snprintf(t, sizeof t, "%.*s%s", (int)(body_end - good), good, wsig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_CRYPTO);
    /* our name, another key: different key id, not ours -> not signed by us */
    snprintf(t, sizeof t, "%.*s%s", (int)(body_end - good), good, osig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_CRYPTO);
    /* a second line with our key id whose signature is bad poisons the note */
    char badsig[256];
    snprintf(badsig, sizeof badsig, "%s", body_end);
    char *b64 = strrchr(badsig, ' ') + 1;
    b64[10] = b64[10] == 'A' ? 'B' : 'A';
    snprintf(t, sizeof t, "%s%s", good, badsig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_CRYPTO);
    /* 16 signature lines are fine, 17 are too many */
    size_t len = (size_t)snprintf(t, sizeof t, "%s", good);
    for (int i = 0; i < 15; i++)
        len += (size_t)snprintf(t + len, sizeof t - len, "%s", wsig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, len, &s.pub, &size, got, NULL), 0);
    len += (size_t)snprintf(t + len, sizeof t - len, "%s", wsig);
    cr_assert_eq(audit_checkpoint_parse_verify(t, len, &s.pub, &size, got, NULL), ERR_INVAL);
    /* a key name with '+' or a space in a signature line is malformed */
    snprintf(t, sizeof t, "%.*s\xE2\x80\x94 bad+name %s", (int)(body_end - good), good,
             strrchr(body_end, ' ') + 1);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_INVAL);
    /* a signature blob that is only a key id (no signature bytes) is malformed */
    snprintf(t, sizeof t, "%.*s\xE2\x80\x94 x AAAAAA==\n", (int)(body_end - good), good);
    cr_assert_eq(audit_checkpoint_parse_verify(t, strlen(t), &s.pub, &size, got, NULL), ERR_INVAL);
    audit_signer_cleanup(&s);
    audit_signer_cleanup(&w);
    audit_signer_cleanup(&other);
}

/* Random byte mutations of a valid checkpoint are never accepted with changed content, and never
 * crash (run under ASan/UBSan in the sanitizer build). */
Test(audit_checkpoint, mutation_fuzz)
{
    struct audit_signer s;
    char good[AUDIT_NOTE_MAX], t[AUDIT_NOTE_MAX];
    size_t n = 0;
    uint8_t root[32], got[32];
    uint64_t size = 0, rng = 12345;
    test_key(&s);
    memset(root, 0x42, 32);
    cr_assert_eq(audit_checkpoint_sign(&s, 31337, root, good, sizeof good, &n, NULL), 0);
    size_t accepted = 0;
    for (int it = 0; it < 20000; it++) {
        memcpy(t, good, n);
        size_t k = n;
        int edits = 1 + (int)((rng = rng * 6364136223846793005ull + 1442695040888963407ull) >> 62);
        for (int j = 0; j < edits; j++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            size_t pos = (size_t)(rng >> 33) % k;
            switch ((rng >> 20) % 3) {
            case 0: t[pos] = (char)(rng >> 8); break;
            case 1: /* delete a byte */
                memmove(t + pos, t + pos + 1, k - pos - 1);
                k--;
                break;
            default: /* duplicate a byte */
                if (k < sizeof t - 1) {
                    memmove(t + pos + 1, t + pos, k - pos);
                    k++;
                }
                break;
            }
        }
        if (audit_checkpoint_parse_verify(t, k, &s.pub, &size, got, NULL) == 0) {
            accepted++;
            cr_assert(k == n && memcmp(t, good, n) == 0, "mutated checkpoint accepted");
        }
    }
    cr_assert(accepted < 200); /* only no-op mutations can pass */
    audit_signer_cleanup(&s);
}

/* The signer struct is wiped by cleanup. */
static bool all_zero_check(const struct audit_signer *s)
{
    const uint8_t *p = (const uint8_t *)s;
    uint8_t acc = 0;
    for (size_t i = 0; i < sizeof *s; i++)
        acc |= p[i];
    return acc == 0;
}

Test(audit_checkpoint, key_files)
{
    char p[128], l[128];
    struct audit_verifier pub;
    struct audit_signer s;
    struct stat sb;
    struct err e;
    path_of(p, sizeof p, "k");
    err_clear(&e);
    cr_assert_eq(audit_key_generate_file(p, "regie.example/audit", &pub, &e), 0, "%s", e.log);
    cr_assert_eq(stat(p, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600);
    /* never overwritten */
    cr_assert_eq(audit_key_generate_file(p, "regie.example/audit", NULL, NULL), ERR_CONFLICT);
    cr_assert_eq(audit_signer_load_file(p, &s, NULL), 0);
    cr_assert_arr_eq(s.pub.pk, pub.pk, 32);
    cr_assert_str_eq(s.pub.name, "regie.example/audit");
    char cp[AUDIT_NOTE_MAX];
    size_t n = 0;
    uint8_t root[32] = {1}, got[32];
    uint64_t size = 0;
    cr_assert_eq(audit_checkpoint_sign(&s, 5, root, cp, sizeof cp, &n, NULL), 0);
    cr_assert_eq(audit_checkpoint_parse_verify(cp, n, &pub, &size, got, NULL), 0);
    audit_signer_cleanup(&s);
    cr_assert(all_zero_check(&s));

    /* group/world access is refused */
    chmod(p, 0640);
    cr_assert_eq(audit_signer_load_file(p, &s, NULL), ERR_FORBIDDEN);
    chmod(p, 0600);
    /* a symlink is refused */
    path_of(l, sizeof l, "l");
    cr_assert_eq(symlink(p, l), 0);
    cr_assert_eq(audit_signer_load_file(l, &s, NULL), ERR_FORBIDDEN);
    unlink(l);
    /* missing */
    path_of(l, sizeof l, "missing");
    cr_assert_eq(audit_signer_load_file(l, &s, NULL), ERR_NOTFOUND);
    /* bad names and paths */
    cr_assert_eq(audit_key_generate_file(l, "bad name", NULL, NULL), ERR_INVAL);
    cr_assert_eq(audit_key_generate_file(l, "bad+name", NULL, NULL), ERR_INVAL);
    cr_assert_eq(access(l, F_OK), -1); /* nothing left behind */
    cr_assert_eq(audit_key_generate_file("", "x", NULL, NULL), ERR_INVAL);
    unlink(p);

    /* malformed contents */
    const char *bad[] = {
        "",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n\n",
        "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n",
        "PRIVATE+KEY+PeterNeumann+C74F20A3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n",
        "PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        write_file(p, bad[i], 0600);
        cr_assert_eq(audit_signer_load_file(p, &s, NULL), ERR_INVAL, "case %zu", i);
        unlink(p);
    }
    /* too big */
    char big[600];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    write_file(p, big, 0600);
    cr_assert_eq(audit_signer_load_file(p, &s, NULL), ERR_TOOBIG);
    unlink(p);
}

static void ext_sign(void *ctx, const void *msg, size_t n, uint8_t out[64])
{
    const struct audit_signer *inner = ctx;
    crypto_sign_detached(out, NULL, msg, n, inner->sk);
}

Test(audit_checkpoint, external_signer_matches_internal)
{
    struct audit_signer in, ext;
    char a[AUDIT_NOTE_MAX], b[AUDIT_NOTE_MAX];
    size_t an = 0, bn = 0;
    uint8_t root[32];
    test_key(&in);
    cr_assert_eq(audit_signer_external(&ext, in.pub.name, in.pub.pk,
                                       (struct audit_sign_fn){ext_sign, &in}, NULL),
                 0);
    memset(root, 3, 32);
    cr_assert_eq(audit_checkpoint_sign(&in, 9, root, a, sizeof a, &an, NULL), 0);
    cr_assert_eq(audit_checkpoint_sign(&ext, 9, root, b, sizeof b, &bn, NULL), 0);
    cr_assert_str_eq(a, b);
    cr_assert_eq(
        audit_signer_external(&ext, "x", in.pub.pk, (struct audit_sign_fn){NULL, NULL}, NULL),
        ERR_INVAL);
    audit_signer_cleanup(&in);
}

/* ---- segment deletion entries -------------------------------------------------------------- */

static void make_head(struct audit_seg_head *h, uint64_t start, uint64_t end)
{
    uint8_t lv[AUDIT_CRANGE_MAX];
    size_t k = audit_crange_levels(start, end, lv);
    memset(h, 0, sizeof *h);
    h->start = start;
    h->end = end;
    h->last_ts_ms = 1764000000000;
    memset(h->chain_in, 0xc1, 32);
    memset(h->chain_out, 0xc2, 32);
    audit_crange_init(&h->nodes, start);
    for (size_t i = 0; i < k; i++) {
        uint8_t node[32];
        memset(node, (int)i + 1, 32);
        cr_assert_eq(audit_crange_append_node(&h->nodes, lv[i], node), 0);
    }
    cr_assert_eq(h->nodes.n, k);
}

Test(audit_checkpoint, segdel_roundtrip_and_rejects)
{
    struct audit_signer s, other;
    struct audit_seg_head h;
    struct audit_seg_deletion d;
    char t[AUDIT_NOTE_MAX], t2[AUDIT_NOTE_MAX];
    size_t n = 0;
    test_key(&s);
    uint8_t seed[32];
    memset(seed, 9, 32);
    cr_assert_eq(audit_signer_from_seed(&other, "regie.test/audit", seed, NULL), 0);
    const uint64_t ranges[][2] = {{0, 1},
                                  {0, 2500},
                                  {2500, 5000},
                                  {1, 2},
                                  {3, 1000003},
                                  {(uint64_t)1 << 40, ((uint64_t)1 << 40) + 12345},
                                  {1, AUDIT_TREE_MAX_SIZE}};
    for (size_t i = 0; i < ARRAY_LEN(ranges); i++) {
        make_head(&h, ranges[i][0], ranges[i][1]);
        cr_assert_eq(audit_segdel_sign(&s, &h, 1767000000000, t, sizeof t, &n, NULL), 0);
        cr_assert_eq(audit_segdel_parse_verify(t, n, &s.pub, &d, NULL), 0, "range %zu", i);
        cr_assert_eq(d.head.start, h.start);
        cr_assert_eq(d.head.end, h.end);
        cr_assert_eq(d.head.last_ts_ms, h.last_ts_ms);
        cr_assert_eq(d.deleted_at_ms, 1767000000000);
        cr_assert_arr_eq(d.head.chain_in, h.chain_in, 32);
        cr_assert_arr_eq(d.head.chain_out, h.chain_out, 32);
        cr_assert_eq(d.head.nodes.n, h.nodes.n);
        cr_assert_arr_eq(d.head.nodes.node, h.nodes.node, 32 * h.nodes.n);
        cr_assert_arr_eq(d.head.nodes.level, h.nodes.level, h.nodes.n);
    }
    make_head(&h, 2500, 5000);
    cr_assert_eq(audit_segdel_sign(&s, &h, 1767000000000, t, sizeof t, &n, NULL), 0);
    /* a checkpoint is not a deletion entry and vice versa */
    uint64_t size;
    uint8_t root[32];
    cr_assert_eq(audit_checkpoint_parse_verify(t, n, &s.pub, &size, root, NULL), ERR_INVAL);
    /* another key */
    cr_assert_eq(audit_segdel_sign(&other, &h, 1767000000000, t2, sizeof t2, &n, NULL), 0);
    cr_assert_eq(audit_segdel_parse_verify(t2, n, &s.pub, &d, NULL), ERR_CRYPTO);
    /* a node line dropped, or one too many, and start >= end */
    struct str text;
    struct audit_verifier pub = s.pub;
    cr_assert_eq(audit_segdel_sign(&s, &h, 1767000000000, t, sizeof t, &n, NULL), 0);
    cr_assert_eq(audit_note_open(t, n, &pub, &text, NULL), 0);
    char body[AUDIT_NOTE_MAX];
    memcpy(body, text.p, text.n);
    body[text.n] = '\0';
    char *last = body + text.n - 1;
    while (last > body && last[-1] != '\n')
        last--;
    char fewer[AUDIT_NOTE_MAX];
    snprintf(fewer, sizeof fewer, "%.*s", (int)(last - body), body);
    cr_assert_eq(audit_note_sign(&s, fewer, strlen(fewer), t2, sizeof t2, &n, NULL), 0);
    cr_assert_eq(audit_segdel_parse_verify(t2, n, &s.pub, &d, NULL), ERR_INVAL);
    char more[2 * AUDIT_NOTE_MAX];
    snprintf(more, sizeof more, "%s%s", body, last);
    cr_assert_eq(audit_note_sign(&s, more, strlen(more), t2, sizeof t2, &n, NULL), 0);
    cr_assert_eq(audit_segdel_parse_verify(t2, n, &s.pub, &d, NULL), ERR_INVAL);
    char *nums = strchr(strchr(body, '\n') + 1, '\n') + 1;
    char swapped[2 * AUDIT_NOTE_MAX];
    snprintf(swapped, sizeof swapped, "%.*s5000 2500%s", (int)(nums - body), body,
             strchr(nums, '\n'));
    cr_assert_eq(audit_note_sign(&s, swapped, strlen(swapped), t2, sizeof t2, &n, NULL), 0);
    cr_assert_eq(audit_segdel_parse_verify(t2, n, &s.pub, &d, NULL), ERR_INVAL);
    /* an inconsistent head is not signed */
    h.nodes.n--;
    cr_assert_eq(audit_segdel_sign(&s, &h, 1, t, sizeof t, &n, NULL), ERR_INVAL);
    make_head(&h, 2500, 5000);
    cr_assert_eq(audit_segdel_sign(&s, &h, -1, t, sizeof t, &n, NULL), ERR_INVAL);
    audit_signer_cleanup(&s);
    audit_signer_cleanup(&other);
}
