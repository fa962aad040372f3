/* checkpoint.c: Ed25519 signing keys (files, verifier keys), C2SP signed notes, and checkpoints of
 * the access log. Everything read here is untrusted: lengths are bounded before anything is
 * copied, numbers and base64 must be canonical, and unknown structure is rejected. */
#include "core/common.h"

#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/checkpoint.h"
#include "audit/audit_int.h"
#include "core/parse.h"
#include "core/rand.h"

#define EM_DASH_SP "\xE2\x80\x94 " /* "— ": the start of every signature line */
#define EM_DASH_SP_LEN 4u
#define KEYFILE_MAX 512u
#define SIG_BLOB_MAX 256u /* longest decoded signature we look at (id + signature) */
static const char private_prefix[] = "PRIVATE+KEY+";

/* ---- small helpers ------------------------------------------------------------------------- */

int audit__put(char *out, size_t cap, size_t *len, const void *s, size_t n)
{
    int rc = 0;
    if (cap - *len <= n) { /* keep room for the NUL */
        rc = ERR_TOOBIG;
    } else {
        memcpy(out + *len, s, n);
        *len += n;
        out[*len] = '\0';
    }
    return rc;
}

int audit__put_u64(char *out, size_t cap, size_t *len, uint64_t v)
{
    char tmp[24];
    size_t k = sizeof tmp;
    do {
        tmp[--k] = (char)('0' + (v % 10));
        v /= 10;
    } while (v != 0);
    return audit__put(out, cap, len, tmp + k, sizeof tmp - k);
}

int audit__put_hash_line(char *out, size_t cap, size_t *len, const uint8_t h[AUDIT_HASH_BYTES])
{
    char b64[sodium_base64_ENCODED_LEN(AUDIT_HASH_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, h, AUDIT_HASH_BYTES, sodium_base64_VARIANT_ORIGINAL);
    int rc = audit__put(out, cap, len, b64, strlen(b64));
    if (rc == 0)
        rc = audit__put(out, cap, len, "\n", 1);
    return rc;
}

int audit__parse_u64(struct str s, uint64_t max, uint64_t *out)
{
    int64_t v = 0;
    int rc = ERR_INVAL;
    /* parse_i64 already insists on canonical digits; exclude the sign it would allow. */
    if (s.n > 0 && s.p[0] != '-' && parse_i64(s, 0, INT64_MAX, &v) == 0 && (uint64_t)v <= max) {
        *out = (uint64_t)v;
        rc = 0;
    }
    return rc;
}

bool audit_keyname_valid(struct str name)
{
    bool ok = name.n >= 1 && name.n <= AUDIT_KEYNAME_MAX && name.p != NULL;
    for (size_t i = 0; ok && i < name.n; i++) {
        unsigned char c = (unsigned char)name.p[i];
        ok = c > 0x20 && c < 0x7f && c != '+';
    }
    return ok;
}

/* key id = SHA-256(name | '\n' | 0x01 | pk)[0..4) (C2SP signed-note, Ed25519). */
static void key_id(const char *name, size_t n, const uint8_t pk[AUDIT_PK_BYTES],
                   uint8_t out[AUDIT_KEY_ID_BYTES])
{
    static const uint8_t sep[2] = {'\n', 0x01};
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const uint8_t *)name, n);
    crypto_hash_sha256_update(&st, sep, sizeof sep);
    crypto_hash_sha256_update(&st, pk, AUDIT_PK_BYTES);
    crypto_hash_sha256_final(&st, h);
    memcpy(out, h, AUDIT_KEY_ID_BYTES);
}

static int set_public(struct audit_verifier *v, const char *name, const uint8_t pk[AUDIT_PK_BYTES],
                      struct err *e)
{
    int rc = 0;
    struct str s = str_from_cstr(name);
    if (!audit_keyname_valid(s)) {
        rc = err_field(e, "name", "ongeldige sleutelnaam");
        goto out;
    }
    memset(v, 0, sizeof *v);
    memcpy(v->name, s.p, s.n);
    memcpy(v->pk, pk, AUDIT_PK_BYTES);
    key_id(v->name, s.n, pk, v->key_id);
out:
    return rc;
}

/* ---- signers ------------------------------------------------------------------------------- */

int audit_signer_from_seed(struct audit_signer *out, const char *name, const uint8_t seed[32],
                           struct err *e)
{
    uint8_t pk[AUDIT_PK_BYTES];
    memset(out, 0, sizeof *out);
    crypto_sign_seed_keypair(pk, out->sk, seed);
    int rc = set_public(&out->pub, name, pk, e);
    if (rc != 0)
        sodium_memzero(out, sizeof *out);
    return rc;
}

int audit_signer_external(struct audit_signer *out, const char *name,
                          const uint8_t pk[AUDIT_PK_BYTES], struct audit_sign_fn fn, struct err *e)
{
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (fn.sign == NULL) {
        rc = err_set(e, ERR_INVAL, "geen ondertekenfunctie");
        goto out;
    }
    rc = set_public(&out->pub, name, pk, e);
    if (rc == 0)
        out->ext = fn;
out:
    return rc;
}

void audit_signer_cleanup(struct audit_signer *s)
{
    if (s != NULL)
        sodium_memzero(s, sizeof *s);
}

static void signer_sign(const struct audit_signer *s, const void *msg, size_t n,
                        uint8_t sig[AUDIT_SIG_BYTES])
{
    if (s->ext.sign != NULL)
        s->ext.sign(s->ext.ctx, msg, n, sig);
    else
        crypto_sign_detached(sig, NULL, msg, n, s->sk);
}

/* ---- key files ----------------------------------------------------------------------------- */

/* fsyncs the directory that holds path, so the new name survives a crash. */
static int sync_parent_dir(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0 : (size_t)(slash - path);
    int rc = 0;
    if (slash == NULL) {
        dir[0] = '.';
        n = 1;
    } else if (n == 0) {
        dir[0] = '/';
        n = 1;
    } else if (n >= sizeof dir) {
        rc = ERR_INVAL;
        goto out;
    } else {
        memcpy(dir, path, n);
    }
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        rc = ERR_IO;
        goto out;
    }
    if (fsync(fd) != 0)
        rc = ERR_IO;
    close(fd);
out:
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    int rc = 0;
    while (n > 0 && rc == 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = ERR_IO;
        } else {
            p += w;
            n -= (size_t)w;
        }
    }
    return rc;
}

int audit_key_generate_file(const char *path, const char *name, struct audit_verifier *out_pub,
                            struct err *e)
{
    int rc = 0;
    int fd = -1;
    bool created = false;
    uint8_t seed_blob[1 + 32]; /* 0x01 | seed */
    char b64[sodium_base64_ENCODED_LEN(sizeof seed_blob, sodium_base64_VARIANT_ORIGINAL)];
    char text[KEYFILE_MAX];
    char hex[2 * AUDIT_KEY_ID_BYTES + 1];
    size_t len = 0;
    struct audit_signer s;
    memset(&s, 0, sizeof s);

    if (path == NULL || path[0] == '\0') {
        rc = err_set(e, ERR_INVAL, "geen pad voor de sleutel");
        goto out;
    }
    seed_blob[0] = 0x01;
    rand_bytes(seed_blob + 1, 32);
    rc = audit_signer_from_seed(&s, name, seed_blob + 1, e);
    if (rc != 0)
        goto out;
    sodium_bin2base64(b64, sizeof b64, seed_blob, sizeof seed_blob, sodium_base64_VARIANT_ORIGINAL);
    hex_encode(s.pub.key_id, AUDIT_KEY_ID_BYTES, hex, sizeof hex);
    text[0] = '\0';
    rc = audit__put(text, sizeof text, &len, private_prefix, sizeof private_prefix - 1);
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, s.pub.name, strlen(s.pub.name));
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, "+", 1);
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, hex, strlen(hex));
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, "+", 1);
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, b64, strlen(b64));
    if (rc == 0)
        rc = audit__put(text, sizeof text, &len, "\n", 1);
    if (rc != 0) {
        rc = err_internal(e, ERR_INVAL, "audit: key file text too long");
        goto out;
    }

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = errno == EEXIST ? err_set(e, ERR_CONFLICT, "sleutelbestand bestaat al")
                             : err_internal(e, ERR_IO, "audit: create key file: errno %d", errno);
        goto out;
    }
    created = true;
    if (write_all(fd, text, len) != 0 || fsync(fd) != 0) {
        rc = err_internal(e, ERR_IO, "audit: write key file: errno %d", errno);
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = err_internal(e, ERR_IO, "audit: close key file: errno %d", errno);
        goto out;
    }
    fd = -1;
    if (sync_parent_dir(path) != 0) {
        rc = err_internal(e, ERR_IO, "audit: sync key directory: errno %d", errno);
        goto out;
    }
    if (out_pub != NULL)
        *out_pub = s.pub;
out:
    if (fd >= 0)
        close(fd);
    if (rc != 0 && created)
        unlink(path);
    sodium_memzero(seed_blob, sizeof seed_blob);
    sodium_memzero(b64, sizeof b64);
    sodium_memzero(text, sizeof text);
    audit_signer_cleanup(&s);
    return rc;
}

/* Splits "name+hex8+base64" (the tail of both key formats) into its three parts. */
static int split_key(struct str s, struct str *name, struct str *hex, struct str *b64)
{
    int rc = ERR_INVAL;
    const char *p1 = s.n > 0 ? memchr(s.p, '+', s.n) : NULL;
    if (p1 == NULL)
        goto out;
    size_t i1 = (size_t)(p1 - s.p);
    const char *p2 = memchr(p1 + 1, '+', s.n - i1 - 1);
    if (p2 == NULL)
        goto out;
    size_t i2 = (size_t)(p2 - s.p);
    *name = (struct str){s.p, i1};
    *hex = (struct str){p1 + 1, i2 - i1 - 1};
    *b64 = (struct str){p2 + 1, s.n - i2 - 1};
    if (audit_keyname_valid(*name) && hex->n == 2 * AUDIT_KEY_ID_BYTES && b64->n == 44)
        rc = 0;
out:
    return rc;
}

/* Decodes the "hex8" and "base64(0x01 | 32 bytes)" parts. */
static int decode_key_parts(struct str hex, struct str b64, uint8_t id[AUDIT_KEY_ID_BYTES],
                            uint8_t key[32])
{
    uint8_t blob[64];
    size_t len = 0;
    int rc = ERR_INVAL;
    for (size_t i = 0; i < hex.n; i++) {
        char c = hex.p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            goto out; /* lowercase only, as written */
    }
    if (hex_decode(hex.p, hex.n, id, AUDIT_KEY_ID_BYTES) != 0)
        goto out;
    if (audit__b64_decode(b64, blob, sizeof blob, &len) != 0 || len != 33 || blob[0] != 0x01)
        goto out;
    memcpy(key, blob + 1, 32);
    rc = 0;
out:
    sodium_memzero(blob, sizeof blob);
    return rc;
}

int audit_signer_load_file(const char *path, struct audit_signer *out, struct err *e)
{
    int rc = 0;
    int fd = -1;
    char text[KEYFILE_MAX + 1];
    size_t len = 0;
    uint8_t id[AUDIT_KEY_ID_BYTES], seed[32];
    char name[AUDIT_KEYNAME_MAX + 1];
    struct stat sb;
    memset(out, 0, sizeof *out);

    if (path == NULL) {
        rc = err_set(e, ERR_INVAL, "geen pad voor de sleutel");
        goto out;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        rc = errno == ENOENT  ? err_set(e, ERR_NOTFOUND, "sleutelbestand bestaat niet")
             : errno == ELOOP ? err_set(e, ERR_FORBIDDEN, "sleutelbestand is een symlink")
                              : err_internal(e, ERR_IO, "audit: open key file: errno %d", errno);
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        rc = err_internal(e, ERR_IO, "audit: stat key file: errno %d", errno);
        goto out;
    }
    if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077) != 0) {
        rc =
            err_set(e, ERR_FORBIDDEN, "sleutelbestand moet een gewoon bestand met modus 0600 zijn");
        goto out;
    }
    if (sb.st_size > (off_t)KEYFILE_MAX) {
        rc = err_set(e, ERR_TOOBIG, "sleutelbestand is te groot");
        goto out;
    }
    while (len <= KEYFILE_MAX) {
        ssize_t r = read(fd, text + len, KEYFILE_MAX + 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = err_internal(e, ERR_IO, "audit: read key file: errno %d", errno);
            goto out;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > KEYFILE_MAX) {
        rc = err_set(e, ERR_TOOBIG, "sleutelbestand is te groot");
        goto out;
    }
    struct str s = {text, len};
    if (s.n > 0 && s.p[s.n - 1] == '\n')
        s.n--;
    struct str pre = {private_prefix, sizeof private_prefix - 1};
    struct str nm, hex, b64;
    if (!str_starts_with(s, pre) ||
        split_key((struct str){s.p + pre.n, s.n - pre.n}, &nm, &hex, &b64) != 0 ||
        decode_key_parts(hex, b64, id, seed) != 0) {
        rc = err_set(e, ERR_INVAL, "sleutelbestand heeft een ongeldig formaat");
        goto out;
    }
    memcpy(name, nm.p, nm.n);
    name[nm.n] = '\0';
    rc = audit_signer_from_seed(out, name, seed, e);
    if (rc != 0)
        goto out;
    if (memcmp(out->pub.key_id, id, AUDIT_KEY_ID_BYTES) != 0) {
        rc = err_set(e, ERR_INVAL, "sleutel-id in het sleutelbestand klopt niet");
        goto out;
    }
out:
    if (fd >= 0)
        close(fd);
    sodium_memzero(text, sizeof text);
    sodium_memzero(seed, sizeof seed);
    if (rc != 0)
        audit_signer_cleanup(out);
    return rc;
}

int audit_verifier_format(const struct audit_verifier *v, char *out, size_t cap, struct err *e)
{
    uint8_t blob[1 + AUDIT_PK_BYTES];
    char b64[sodium_base64_ENCODED_LEN(sizeof blob, sodium_base64_VARIANT_ORIGINAL)];
    char hex[2 * AUDIT_KEY_ID_BYTES + 1];
    size_t len = 0;
    int rc = cap > 0 ? 0 : ERR_TOOBIG;
    blob[0] = 0x01;
    memcpy(blob + 1, v->pk, AUDIT_PK_BYTES);
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    hex_encode(v->key_id, AUDIT_KEY_ID_BYTES, hex, sizeof hex);
    if (rc == 0) {
        out[0] = '\0';
        rc = audit__put(out, cap, &len, v->name, strlen(v->name));
    }
    if (rc == 0)
        rc = audit__put(out, cap, &len, "+", 1);
    if (rc == 0)
        rc = audit__put(out, cap, &len, hex, strlen(hex));
    if (rc == 0)
        rc = audit__put(out, cap, &len, "+", 1);
    if (rc == 0)
        rc = audit__put(out, cap, &len, b64, strlen(b64));
    if (rc != 0)
        rc = err_set(e, ERR_TOOBIG, "buffer te klein voor de sleutel");
    return rc;
}

int audit_verifier_parse(struct str s, struct audit_verifier *out, struct err *e)
{
    int rc = 0;
    struct str nm, hex, b64;
    uint8_t id[AUDIT_KEY_ID_BYTES], pk[AUDIT_PK_BYTES];
    char name[AUDIT_KEYNAME_MAX + 1];
    if (s.n > AUDIT_VERIFIER_KEY_MAX || split_key(s, &nm, &hex, &b64) != 0 ||
        decode_key_parts(hex, b64, id, pk) != 0) {
        rc = err_set(e, ERR_INVAL, "ongeldige verificatiesleutel");
        goto out;
    }
    memcpy(name, nm.p, nm.n);
    name[nm.n] = '\0';
    struct audit_verifier v;
    rc = set_public(&v, name, pk, e);
    if (rc != 0)
        goto out;
    if (memcmp(v.key_id, id, AUDIT_KEY_ID_BYTES) != 0) {
        rc = err_set(e, ERR_INVAL, "sleutel-id klopt niet bij naam en sleutel");
        goto out;
    }
    *out = v;
out:
    return rc;
}

/* ---- signed notes -------------------------------------------------------------------------- */

static bool body_char_ok(unsigned char c)
{
    return c == '\n' || (c >= 0x20 && c < 0x7f);
}

int audit__note_sign(const struct audit_signer *s, const char *body, size_t n, char *out,
                     size_t cap, size_t *out_len, struct err *e)
{
    int rc = 0;
    size_t len = 0;
    uint8_t blob[AUDIT_KEY_ID_BYTES + AUDIT_SIG_BYTES];
    char b64[sodium_base64_ENCODED_LEN(sizeof blob, sodium_base64_VARIANT_ORIGINAL)];
    if (n == 0 || body[n - 1] != '\n' || (n >= 2 && memmem(body, n, "\n\n", 2) != NULL) ||
        body[0] == '\n') {
        rc = err_internal(e, ERR_INVAL, "audit: note body not well-formed");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!body_char_ok((unsigned char)body[i])) {
            rc = err_internal(e, ERR_INVAL, "audit: note body has a non-printable byte");
            goto out;
        }
    }
    memcpy(blob, s->pub.key_id, AUDIT_KEY_ID_BYTES);
    signer_sign(s, body, n, blob + AUDIT_KEY_ID_BYTES);
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    if (cap == 0) {
        rc = ERR_TOOBIG;
    } else {
        out[0] = '\0';
        rc = audit__put(out, cap, &len, body, n);
    }
    if (rc == 0)
        rc = audit__put(out, cap, &len, "\n" EM_DASH_SP, 1 + EM_DASH_SP_LEN);
    if (rc == 0)
        rc = audit__put(out, cap, &len, s->pub.name, strlen(s->pub.name));
    if (rc == 0)
        rc = audit__put(out, cap, &len, " ", 1);
    if (rc == 0)
        rc = audit__put(out, cap, &len, b64, strlen(b64));
    if (rc == 0)
        rc = audit__put(out, cap, &len, "\n", 1);
    if (rc == 0 && len > AUDIT_NOTE_MAX)
        rc = ERR_TOOBIG;
    if (rc != 0) {
        rc = err_set(e, ERR_TOOBIG, "ondertekende notitie past niet in de buffer");
        goto out;
    }
    *out_len = len;
out:
    return rc;
}

/* One signature line (without its '\n'). Returns ERR_INVAL if malformed; otherwise 0 and sets
 * *mine when it names pk, *good when that signature verifies over body. */
static int parse_sig_line(struct str line, struct str body, const struct audit_verifier *pk,
                          bool *mine, bool *good)
{
    int rc = ERR_INVAL;
    uint8_t blob[SIG_BLOB_MAX];
    size_t len = 0;
    *mine = false;
    *good = false;
    if (line.n < EM_DASH_SP_LEN || memcmp(line.p, EM_DASH_SP, EM_DASH_SP_LEN) != 0)
        goto out;
    struct str rest = {line.p + EM_DASH_SP_LEN, line.n - EM_DASH_SP_LEN};
    const char *sp = rest.n > 0 ? memchr(rest.p, ' ', rest.n) : NULL;
    if (sp == NULL)
        goto out;
    struct str name = {rest.p, (size_t)(sp - rest.p)};
    struct str b64 = {sp + 1, rest.n - name.n - 1};
    if (!audit_keyname_valid(name) || audit__b64_decode(b64, blob, sizeof blob, &len) != 0 ||
        len <= AUDIT_KEY_ID_BYTES)
        goto out;
    rc = 0;
    if (str_eq_cstr(name, pk->name) && memcmp(blob, pk->key_id, AUDIT_KEY_ID_BYTES) == 0) {
        *mine = true;
        *good = len == AUDIT_KEY_ID_BYTES + AUDIT_SIG_BYTES &&
                crypto_sign_verify_detached(blob + AUDIT_KEY_ID_BYTES, (const uint8_t *)body.p,
                                            body.n, pk->pk) == 0;
    }
out:
    return rc;
}

int audit__note_parse(const char *text, size_t n, const struct audit_verifier *pk,
                      struct audit__note *out, struct err *e)
{
    int rc = ERR_INVAL;
    const char *why = "leeg";
    out->n_lines = 0;
    out->sig_ok = false;
    if (text == NULL || n == 0)
        goto out;
    why = "te lang";
    if (n > AUDIT_NOTE_MAX)
        goto out;
    why = "geen lege regel voor de handtekeningen";
    const char *sep = memmem(text, n, "\n\n", 2);
    if (sep == NULL || text[0] == '\n')
        goto out;
    size_t body_n = (size_t)(sep - text) + 1;
    out->body = (struct str){text, body_n};
    why = "tekst bevat een niet-afdrukbaar teken";
    size_t start = 0;
    for (size_t i = 0; i < body_n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!body_char_ok(c))
            goto out;
        if (c == '\n') {
            if (out->n_lines >= AUDIT__NOTE_LINES_MAX) {
                why = "te veel regels";
                goto out;
            }
            out->line[out->n_lines++] = (struct str){text + start, i - start};
            start = i + 1;
        }
    }
    /* Signature lines: from after the empty line to the end; each ends in '\n'. */
    why = "handtekeningregels misvormd";
    size_t pos = body_n + 1, n_sigs = 0;
    bool any_mine = false, all_mine_good = true;
    if (pos >= n || text[n - 1] != '\n')
        goto out;
    while (pos < n) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        struct str line = {text + pos, (size_t)(nl - (text + pos))};
        bool mine = false, good = false;
        if (++n_sigs > AUDIT_NOTE_SIGS_MAX) {
            why = "te veel handtekeningen";
            goto out;
        }
        if (parse_sig_line(line, out->body, pk, &mine, &good) != 0)
            goto out;
        any_mine = any_mine || mine;
        if (mine && !good)
            all_mine_good = false;
        pos += line.n + 1;
    }
    out->sig_ok = any_mine && all_mine_good;
    rc = 0;
out:
    if (rc != 0)
        err_set(e, rc, "ondertekende notitie ongeldig: %s", why);
    return rc;
}

int audit_note_sign(const struct audit_signer *s, const char *text, size_t n, char *out, size_t cap,
                    size_t *out_len, struct err *e)
{
    return audit__note_sign(s, text, n, out, cap, out_len, e);
}

int audit_note_open(const char *note, size_t n, const struct audit_verifier *pk,
                    struct str *out_text, struct err *e)
{
    struct audit__note parsed;
    int rc = audit__note_parse(note, n, pk, &parsed, e);
    if (rc == 0 && !parsed.sig_ok)
        rc = err_set(e, ERR_CRYPTO, "notitie heeft geen geldige handtekening van de sleutel");
    if (rc == 0)
        *out_text = parsed.body;
    return rc;
}

/* ---- checkpoints --------------------------------------------------------------------------- */

int audit_checkpoint_sign(const struct audit_signer *s, uint64_t size,
                          const uint8_t root[AUDIT_HASH_BYTES], char *out, size_t cap,
                          size_t *out_len, struct err *e)
{
    char body[AUDIT_KEYNAME_MAX + 128];
    size_t len = 0;
    int rc = 0;
    if (size > AUDIT_TREE_MAX_SIZE) {
        rc = err_set(e, ERR_INVAL, "boomgrootte te groot");
        goto out;
    }
    body[0] = '\0';
    rc = audit__put(body, sizeof body, &len, s->pub.name, strlen(s->pub.name));
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put_u64(body, sizeof body, &len, size);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put_hash_line(body, sizeof body, &len, root);
    if (rc != 0) {
        rc = err_internal(e, rc, "audit: checkpoint body too long");
        goto out;
    }
    rc = audit__note_sign(s, body, len, out, cap, out_len, e);
out:
    return rc;
}

int audit__checkpoint_parse(const char *text, size_t n, const struct audit_verifier *pk,
                            uint64_t *out_size, uint8_t out_root[AUDIT_HASH_BYTES],
                            bool *out_sig_ok, struct err *e)
{
    struct audit__note note;
    uint64_t size = 0;
    uint8_t root[AUDIT_HASH_BYTES];
    int rc = audit__note_parse(text, n, pk, &note, e);
    if (rc != 0)
        goto out;
    if (note.n_lines != 3 || !str_eq_cstr(note.line[0], pk->name) ||
        audit__parse_u64(note.line[1], AUDIT_TREE_MAX_SIZE, &size) != 0 ||
        audit_hash_from_b64(note.line[2], root, NULL) != 0) {
        rc = err_set(e, ERR_INVAL, "checkpoint heeft een ongeldige inhoud");
        goto out;
    }
    *out_size = size;
    memcpy(out_root, root, AUDIT_HASH_BYTES);
    *out_sig_ok = note.sig_ok;
out:
    return rc;
}

int audit_checkpoint_parse_verify(const char *text, size_t n, const struct audit_verifier *pk,
                                  uint64_t *out_size, uint8_t out_root[AUDIT_HASH_BYTES],
                                  struct err *e)
{
    uint64_t size = 0;
    uint8_t root[AUDIT_HASH_BYTES];
    bool sig_ok = false;
    int rc = audit__checkpoint_parse(text, n, pk, &size, root, &sig_ok, e);
    if (rc == 0 && !sig_ok)
        rc = err_set(e, ERR_CRYPTO, "checkpoint heeft geen geldige handtekening van de logsleutel");
    if (rc == 0) {
        *out_size = size;
        memcpy(out_root, root, AUDIT_HASH_BYTES);
    }
    return rc;
}
