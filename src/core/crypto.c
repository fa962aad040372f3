/* crypto.c: the key file, the keyring of derived sub-keys, per-group data-key wrapping, sealed
 * fields bound to their cell, blind indexes, pseudonyms and checkpoint signatures, all on
 * libsodium. Formats and contracts are in crypto.h; this file keeps secrets in locked memory and
 * wipes every temporary copy before returning. */
#include "core/common.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/str.h"

#define KEYFILE_MAX 4096
#define KEYFILE_HEADER "regie-key v1"
#define KEYFILE_HEADER_V2 "regie-key v2"
#define KDF_SUBKEY_ID 1

/* The AEAD and KDF sizes we hard-code in the formats must match libsodium's. */
_Static_assert(CRYPTO_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
_Static_assert(CRYPTO_TAG_BYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag");
_Static_assert(CRYPTO_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key");
_Static_assert(CRYPTO_KEY_BYTES == crypto_kdf_KEYBYTES, "kdf key");
_Static_assert(CRYPTO_KEY_BYTES == crypto_sign_SEEDBYTES, "sign seed");
_Static_assert(CRYPTO_SIG_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "sign pk");
_Static_assert(CRYPTO_SIG_BYTES == crypto_sign_BYTES, "sign sig");
_Static_assert(CRYPTO_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
                   CRYPTO_HASH_BYTES <= crypto_generichash_BYTES_MAX,
               "hash");

struct keyring {
    uint8_t wrap[CRYPTO_KEYRING_MAX_VERSIONS][CRYPTO_KEY_BYTES]; /* one per loaded master version */
    unsigned wrap_version[CRYPTO_KEYRING_MAX_VERSIONS];
    size_t n_wrap;
    uint8_t idx[CRYPTO_KEY_BYTES];
    uint8_t log[CRYPTO_KEY_BYTES];
    uint8_t sig_pk[crypto_sign_PUBLICKEYBYTES];
    uint8_t sig_sk[crypto_sign_SECRETKEYBYTES];
    unsigned key_version;
    size_t alloc_size; /* page-rounded size of this allocation, for munlock */
    bool locked;
};

static void put_be64(uint8_t *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)(u & 0xFFu);
        u >>= 8;
    }
}

/* ---- key file ------------------------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fsync the directory holding path, so the new directory entry survives a crash. */
static int fsync_parent(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    int rc = 0;
    if (slash == NULL) {
        dir[0] = '.';
        dir[1] = '\0';
    } else {
        size_t len = (size_t)(slash - path);
        if (len == 0)
            len = 1; /* "/file" → "/" */
        if (len >= sizeof(dir))
            return -1;
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fsync(fd) != 0)
        rc = -1;
    close(fd);
    return rc;
}

int crypto_keyfile_create(const char *path, struct err *e)
{
    int rc = 0;
    int fd = -1;
    bool created = false;
    uint8_t master[CRYPTO_KEY_BYTES];
    char b64[sodium_base64_ENCODED_LEN(CRYPTO_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    char text[256];
    int tn = 0;

    if (path == NULL || path[0] == '\0') {
        rc = err_set(e, ERR_INVAL, "geen pad voor het sleutelbestand");
        goto out;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            rc = err_set(e, ERR_CONFLICT,
                         "sleutelbestand bestaat al; het wordt nooit overschreven");
        } else {
            rc = err_set(e, ERR_IO, "sleutelbestand kan niet worden aangemaakt");
            err_internal(e, ERR_IO, "keyfile create errno=%d", errno);
        }
        goto out;
    }
    created = true;
    /* The umask can only remove bits, but be exact about the mode we promise. */
    if (fchmod(fd, 0600) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile fchmod errno=%d", errno);
        goto out;
    }
    crypto_kdf_keygen(master);
    sodium_bin2base64(b64, sizeof(b64), master, sizeof(master), sodium_base64_VARIANT_ORIGINAL);
    tn = snprintf(text, sizeof(text), "%s\nkey-version 1\nmaster %s\n", KEYFILE_HEADER, b64);
    if (tn < 0 || (size_t)tn >= sizeof(text)) {
        rc = err_internal(e, ERR_IO, "keyfile format overflow");
        goto out;
    }
    if (write_all(fd, text, (size_t)tn) != 0 || fsync(fd) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile write errno=%d", errno);
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = err_internal(e, ERR_IO, "keyfile close errno=%d", errno);
        goto out;
    }
    fd = -1;
    if (fsync_parent(path) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile dir fsync errno=%d", errno);
        goto out;
    }
out:
    if (fd >= 0)
        close(fd);
    if (rc != 0 && created)
        unlink(path);
    sodium_memzero(master, sizeof(master));
    sodium_memzero(b64, sizeof(b64));
    sodium_memzero(text, sizeof(text));
    return rc;
}

/* ---- keyring -------------------------------------------------------------------------------- */

/* A page-aligned allocation of its own, so locking and unlocking it touches no other data.
 * Returns NULL on out-of-memory. */
static struct keyring *keyring_alloc(void)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t ps = page > 0 ? (size_t)page : 4096u;
    size_t size = (sizeof(struct keyring) + ps - 1) / ps * ps;
    void *p = NULL;
    if (posix_memalign(&p, ps, size) != 0 || p == NULL)
        return NULL;
    memset(p, 0, size);
    struct keyring *kr = p;
    kr->alloc_size = size;
    if (sodium_mlock(p, size) == 0)
        kr->locked = true;
    else
        log_warn("crypto.mlock_failed", "errno=%d bytes=%zu", errno, size);
    return kr;
}

void keyring_free(struct keyring *kr)
{
    if (kr == NULL)
        return;
    size_t size = kr->alloc_size;
    if (kr->locked)
        sodium_munlock(kr, size); /* zeroes, then unlocks */
    else
        sodium_memzero(kr, size);
    free(kr);
}

unsigned keyring_key_version(const struct keyring *kr)
{
    return kr->key_version;
}

/* The contents of a key file (see crypto.h). A version-1 file has one master and no stable
 * sub-keys (they are derived from that master); a version-2 file, written by the first rotation,
 * carries the stable sub-keys explicitly so they survive the retirement of the master they were
 * derived from. Secrets: wipe with kf_wipe. */
struct keyfile {
    unsigned current;
    size_t n;
    unsigned version[CRYPTO_KEYRING_MAX_VERSIONS];
    uint8_t master[CRYPTO_KEYRING_MAX_VERSIONS][CRYPTO_KEY_BYTES];
    bool has_stable;
    uint8_t idx[CRYPTO_KEY_BYTES];
    uint8_t log[CRYPTO_KEY_BYTES];
    uint8_t sig_seed[crypto_sign_SEEDBYTES];
};

static void kf_wipe(struct keyfile *kf)
{
    sodium_memzero(kf, sizeof(*kf));
}

/* Index of version v in kf, or kf->n when absent. */
static size_t kf_find(const struct keyfile *kf, unsigned v)
{
    size_t i = 0;
    while (i < kf->n && kf->version[i] != v)
        i++;
    return i;
}

/* Derives the stable sub-keys (index, log, signing seed) from a master key. */
static int derive_stable(const uint8_t master[CRYPTO_KEY_BYTES], uint8_t idx[CRYPTO_KEY_BYTES],
                         uint8_t log[CRYPTO_KEY_BYTES], uint8_t seed[crypto_sign_SEEDBYTES])
{
    if (crypto_kdf_derive_from_key(idx, CRYPTO_KEY_BYTES, KDF_SUBKEY_ID, "regieidx", master) != 0 ||
        crypto_kdf_derive_from_key(log, CRYPTO_KEY_BYTES, KDF_SUBKEY_ID, "regielog", master) != 0 ||
        crypto_kdf_derive_from_key(seed, crypto_sign_SEEDBYTES, KDF_SUBKEY_ID, "regiesig",
                                   master) != 0)
        return ERR_CRYPTO;
    return 0;
}

static int keyring_from_keyfile(const struct keyfile *kf, struct keyring **out, struct err *e)
{
    int rc = 0;
    struct keyring *kr = NULL;
    uint8_t seed[crypto_sign_SEEDBYTES];
    size_t cur = kf_find(kf, kf->current);

    *out = NULL;
    if (kf->n == 0 || cur == kf->n || kf->current < 1 || kf->current > 255) {
        rc = err_set(e, ERR_INVAL, "sleutelversie moet 1..255 zijn");
        goto out;
    }
    kr = keyring_alloc();
    if (kr == NULL) {
        rc = err_set(e, ERR_NOMEM, "onvoldoende geheugen");
        goto out;
    }
    kr->key_version = kf->current;
    for (size_t i = 0; i < kf->n; i++) {
        if (crypto_kdf_derive_from_key(kr->wrap[i], CRYPTO_KEY_BYTES, KDF_SUBKEY_ID, "regiewrp",
                                       kf->master[i]) != 0) {
            rc = err_internal(e, ERR_CRYPTO, "kdf derive failed");
            goto out;
        }
        kr->wrap_version[i] = kf->version[i];
    }
    kr->n_wrap = kf->n;
    if (kf->has_stable) {
        memcpy(kr->idx, kf->idx, CRYPTO_KEY_BYTES);
        memcpy(kr->log, kf->log, CRYPTO_KEY_BYTES);
        memcpy(seed, kf->sig_seed, sizeof(seed));
    } else if (derive_stable(kf->master[cur], kr->idx, kr->log, seed) != 0) {
        rc = err_internal(e, ERR_CRYPTO, "kdf derive failed");
        goto out;
    }
    if (crypto_sign_seed_keypair(kr->sig_pk, kr->sig_sk, seed) != 0) {
        rc = err_internal(e, ERR_CRYPTO, "kdf derive failed");
        goto out;
    }
    *out = kr;
    kr = NULL;
out:
    sodium_memzero(seed, sizeof(seed));
    keyring_free(kr);
    return rc;
}

int keyring_from_master(const uint8_t master[CRYPTO_KEY_BYTES], unsigned key_version,
                        struct keyring **out, struct err *e)
{
    struct keyfile kf;
    int rc = 0;
    memset(&kf, 0, sizeof(kf));
    *out = NULL;
    if (key_version < 1 || key_version > 255)
        return err_set(e, ERR_INVAL, "sleutelversie moet 1..255 zijn");
    kf.current = key_version;
    kf.n = 1;
    kf.version[0] = key_version;
    memcpy(kf.master[0], master, CRYPTO_KEY_BYTES);
    rc = keyring_from_keyfile(&kf, out, e);
    kf_wipe(&kf);
    return rc;
}

bool keyring_has_version(const struct keyring *kr, unsigned key_version)
{
    for (size_t i = 0; i < kr->n_wrap; i++)
        if (kr->wrap_version[i] == key_version)
            return true;
    return false;
}

/* The wrap sub-key of key_version, or NULL when that master is not loaded. */
static const uint8_t *wrap_key(const struct keyring *kr, unsigned key_version)
{
    for (size_t i = 0; i < kr->n_wrap; i++)
        if (kr->wrap_version[i] == key_version)
            return kr->wrap[i];
    return NULL;
}

/* Decodes base64 of exactly CRYPTO_KEY_BYTES into out. */
static bool b64_key(struct str v, uint8_t out[CRYPTO_KEY_BYTES])
{
    size_t bin_len = 0;
    const char *b64_end = NULL;
    return sodium_base642bin(out, CRYPTO_KEY_BYTES, v.p, v.n, NULL, &bin_len, &b64_end,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           bin_len == CRYPTO_KEY_BYTES && b64_end == v.p + v.n;
}

/* Parses the key-file text into kf.
 * v1: the header, then "key-version N" (optional, default 1) and "master <base64>" (required),
 *     each at most once, in any order.
 * v2: the header, then "key-version N" (the current version), "index", "log" and "sign" (base64
 *     of 32 bytes each) exactly once, and 1..CRYPTO_KEYRING_MAX_VERSIONS lines "master N <base64>"
 *     with distinct N, one of them the current version.
 * Empty lines are ignored; anything else is refused. */
static int keyfile_parse(const char *p, size_t n, struct keyfile *kf, struct err *e)
{
    int rc = 0;
    bool seen_header = false, v2 = false, seen_version = false;
    bool seen_idx = false, seen_log = false, seen_sig = false;
    int64_t version = 1;
    size_t pos = 0;

    memset(kf, 0, sizeof(*kf));
    while (pos < n) {
        const char *nl = memchr(p + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - p) : n;
        struct str line = {p + pos, end - pos};
        pos = end + 1;
        if (line.n == 0)
            continue;
        if (!seen_header) {
            if (str_eq_cstr(line, KEYFILE_HEADER_V2)) {
                v2 = true;
            } else if (!str_eq_cstr(line, KEYFILE_HEADER)) {
                rc = err_set(e, ERR_INVAL, "sleutelbestand: onbekend formaat (kop ontbreekt)");
                goto out;
            }
            seen_header = true;
        } else if (str_starts_with(line, STR_LIT("key-version ")) && !seen_version) {
            struct str v = {line.p + 12, line.n - 12};
            if (parse_i64(v, 1, 255, &version) != 0) {
                rc = err_set(e, ERR_INVAL, "sleutelbestand: ongeldige key-version (1..255)");
                goto out;
            }
            seen_version = true;
        } else if (v2 && str_starts_with(line, STR_LIT("index ")) && !seen_idx) {
            seen_idx = b64_key((struct str){line.p + 6, line.n - 6}, kf->idx);
            if (!seen_idx)
                goto bad_key;
        } else if (v2 && str_starts_with(line, STR_LIT("log ")) && !seen_log) {
            seen_log = b64_key((struct str){line.p + 4, line.n - 4}, kf->log);
            if (!seen_log)
                goto bad_key;
        } else if (v2 && str_starts_with(line, STR_LIT("sign ")) && !seen_sig) {
            seen_sig = b64_key((struct str){line.p + 5, line.n - 5}, kf->sig_seed);
            if (!seen_sig)
                goto bad_key;
        } else if (str_starts_with(line, STR_LIT("master ")) &&
                   kf->n < (v2 ? CRYPTO_KEYRING_MAX_VERSIONS : 1u)) {
            struct str v = {line.p + 7, line.n - 7};
            int64_t mv = 0;
            if (v2) {
                const char *sp = memchr(v.p, ' ', v.n);
                size_t vl = sp ? (size_t)(sp - v.p) : v.n;
                if (sp == NULL || parse_i64((struct str){v.p, vl}, 1, 255, &mv) != 0 ||
                    kf_find(kf, (unsigned)mv) != kf->n) {
                    rc = err_set(e, ERR_INVAL, "sleutelbestand: ongeldige of dubbele masterversie");
                    goto out;
                }
                v.p += vl + 1;
                v.n -= vl + 1;
            }
            if (!b64_key(v, kf->master[kf->n]))
                goto bad_key;
            kf->version[kf->n++] = (unsigned)mv; /* v1: set below */
        } else {
            rc = err_set(e, ERR_INVAL, "sleutelbestand: onbekende of dubbele regel");
            goto out;
        }
    }
    if (!seen_header || kf->n == 0) {
        rc = err_set(e, ERR_INVAL, "sleutelbestand: kop of master ontbreekt");
        goto out;
    }
    if (v2 && (!seen_version || !seen_idx || !seen_log || !seen_sig)) {
        rc = err_set(e, ERR_INVAL, "sleutelbestand: key-version, index, log of sign ontbreekt");
        goto out;
    }
    kf->current = (unsigned)version;
    kf->has_stable = v2;
    if (!v2)
        kf->version[0] = kf->current;
    if (kf_find(kf, kf->current) == kf->n) {
        rc = err_set(e, ERR_INVAL, "sleutelbestand: de huidige masterversie ontbreekt");
        goto out;
    }
    goto out;
bad_key:
    rc = err_set(e, ERR_INVAL, "sleutelbestand: master is geen base64 van 32 bytes");
out:
    if (rc != 0)
        kf_wipe(kf);
    return rc;
}

/* Reads and parses the key file at path into kf (checks: regular file, no symlink, mode & 077 == 0,
 * at most KEYFILE_MAX bytes). Errors as keyring_load. */
static int keyfile_read(const char *path, struct keyfile *kf, struct err *e)
{
    int rc = 0;
    int fd = -1;
    char text[KEYFILE_MAX + 1];
    size_t len = 0;
    struct stat sb;

    memset(kf, 0, sizeof(*kf));
    if (path == NULL || path[0] == '\0') {
        rc = err_set(e, ERR_INVAL, "geen pad voor het sleutelbestand");
        goto out;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            rc = err_set(e, ERR_NOTFOUND, "sleutelbestand niet gevonden");
        else if (errno == ELOOP)
            rc = err_set(e, ERR_FORBIDDEN, "sleutelbestand mag geen symbolische link zijn");
        else
            rc = err_set(e, ERR_IO, "sleutelbestand kan niet worden geopend");
        err_internal(e, rc, "keyfile open errno=%d", errno);
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile fstat errno=%d", errno);
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        rc = err_set(e, ERR_FORBIDDEN, "sleutelbestand is geen gewoon bestand");
        goto out;
    }
    if ((sb.st_mode & 077) != 0) {
        rc = err_set(e, ERR_FORBIDDEN,
                     "sleutelbestand is toegankelijk voor groep of anderen (modus %03o); "
                     "zet het op 0600 of 0400 (chmod 600)",
                     (unsigned)(sb.st_mode & 0777));
        goto out;
    }
    if (sb.st_size > KEYFILE_MAX) {
        rc = err_set(e, ERR_TOOBIG, "sleutelbestand is te groot");
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, text + len, sizeof(text) - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = err_internal(e, ERR_IO, "keyfile read errno=%d", errno);
            goto out;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len > KEYFILE_MAX) {
            rc = err_set(e, ERR_TOOBIG, "sleutelbestand is te groot");
            goto out;
        }
    }
    rc = keyfile_parse(text, len, kf, e);
out:
    if (fd >= 0)
        close(fd);
    sodium_memzero(text, sizeof(text));
    return rc;
}

int keyring_load(const char *path, struct keyring **out, struct err *e)
{
    struct keyfile kf;
    int rc = 0;

    *out = NULL;
    rc = keyfile_read(path, &kf, e);
    if (rc == 0)
        rc = keyring_from_keyfile(&kf, out, e);
    kf_wipe(&kf);
    return rc;
}

/* Appends "<label><base64 of 32 bytes>\n" to text at *pos. */
static int put_key_line(char *text, size_t cap, size_t *pos, const char *label,
                        const uint8_t key[CRYPTO_KEY_BYTES])
{
    char b64[sodium_base64_ENCODED_LEN(CRYPTO_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof(b64), key, CRYPTO_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
    int n = snprintf(text + *pos, cap - *pos, "%s%s\n", label, b64);
    sodium_memzero(b64, sizeof(b64));
    if (n < 0 || (size_t)n >= cap - *pos)
        return -1;
    *pos += (size_t)n;
    return 0;
}

/* Writes kf as a version-2 key file over path, atomically: a temporary file "<path>.new" (mode
 * 0600, O_EXCL; a stale one from a crashed run is removed first) is written and fsync'ed, renamed
 * over path, and the directory is fsync'ed. Either the old or the new file survives a crash. */
static int keyfile_write(const char *path, const struct keyfile *kf, struct err *e)
{
    int rc = 0;
    int fd = -1;
    char tmp[4096];
    char text[KEYFILE_MAX];
    size_t pos = 0;
    bool created = false;
    int n = snprintf(tmp, sizeof(tmp), "%s.new", path);

    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        rc = err_set(e, ERR_INVAL, "pad van het sleutelbestand is te lang");
        goto out;
    }
    n = snprintf(text, sizeof(text), "%s\nkey-version %u\n", KEYFILE_HEADER_V2, kf->current);
    if (n < 0 || (size_t)n >= sizeof(text))
        goto overflow;
    pos = (size_t)n;
    if (put_key_line(text, sizeof(text), &pos, "index ", kf->idx) != 0 ||
        put_key_line(text, sizeof(text), &pos, "log ", kf->log) != 0 ||
        put_key_line(text, sizeof(text), &pos, "sign ", kf->sig_seed) != 0)
        goto overflow;
    for (size_t i = 0; i < kf->n; i++) {
        char label[16];
        snprintf(label, sizeof(label), "master %u ", kf->version[i]);
        if (put_key_line(text, sizeof(text), &pos, label, kf->master[i]) != 0)
            goto overflow;
    }
    if (unlink(tmp) != 0 && errno != ENOENT) {
        rc = err_internal(e, ERR_IO, "keyfile tmp unlink errno=%d", errno);
        goto out;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = err_set(e, ERR_IO, "nieuw sleutelbestand kan niet worden aangemaakt");
        err_internal(e, ERR_IO, "keyfile tmp create errno=%d", errno);
        goto out;
    }
    created = true;
    if (fchmod(fd, 0600) != 0 || write_all(fd, text, pos) != 0 || fsync(fd) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile tmp write errno=%d", errno);
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = err_internal(e, ERR_IO, "keyfile tmp close errno=%d", errno);
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile rename errno=%d", errno);
        goto out;
    }
    created = false;
    if (fsync_parent(path) != 0) {
        rc = err_internal(e, ERR_IO, "keyfile dir fsync errno=%d", errno);
        goto out;
    }
    goto out;
overflow:
    rc = err_internal(e, ERR_TOOBIG, "keyfile format overflow");
out:
    if (fd >= 0)
        close(fd);
    if (created)
        unlink(tmp);
    if (rc != 0 && e != NULL && e->detail[0] == '\0')
        err_set(e, rc, "sleutelbestand kon niet worden geschreven");
    sodium_memzero(text, sizeof(text));
    return rc;
}

int crypto_keyfile_rotate(const char *path, unsigned *out_version, struct err *e)
{
    struct keyfile kf;
    int rc = 0;
    unsigned next = 0;

    *out_version = 0;
    rc = keyfile_read(path, &kf, e);
    if (rc != 0)
        goto out;
    if (!kf.has_stable) {
        /* First rotation: pin the index, log and signing sub-keys of the original master, so
         * blind indexes, pseudonyms and their searches stay valid after it is retired. */
        if (derive_stable(kf.master[kf_find(&kf, kf.current)], kf.idx, kf.log, kf.sig_seed) != 0) {
            rc = err_internal(e, ERR_CRYPTO, "kdf derive failed");
            goto out;
        }
        kf.has_stable = true;
    }
    for (size_t i = 0; i < kf.n; i++)
        if (kf.version[i] > next)
            next = kf.version[i];
    next++;
    if (kf.n >= CRYPTO_KEYRING_MAX_VERSIONS || next > 255) {
        rc = err_set(e, ERR_CONFLICT,
                     "te veel masterversies in het sleutelbestand; trek eerst een oude versie in "
                     "(regie keys retire)");
        goto out;
    }
    crypto_kdf_keygen(kf.master[kf.n]);
    kf.version[kf.n++] = next;
    kf.current = next;
    rc = keyfile_write(path, &kf, e);
    if (rc == 0)
        *out_version = next;
out:
    kf_wipe(&kf);
    return rc;
}

int crypto_keyfile_retire(const char *path, unsigned version, struct err *e)
{
    struct keyfile kf;
    int rc = keyfile_read(path, &kf, e);
    size_t i = 0;

    if (rc != 0)
        goto out;
    i = kf_find(&kf, version);
    if (i == kf.n) {
        rc = err_set(e, ERR_NOTFOUND, "masterversie %u staat niet in het sleutelbestand", version);
        goto out;
    }
    if (version == kf.current || !kf.has_stable) {
        rc = err_set(e, ERR_CONFLICT, "de huidige masterversie kan niet worden ingetrokken");
        goto out;
    }
    sodium_memzero(kf.master[i], CRYPTO_KEY_BYTES);
    for (; i + 1 < kf.n; i++) {
        memcpy(kf.master[i], kf.master[i + 1], CRYPTO_KEY_BYTES);
        kf.version[i] = kf.version[i + 1];
    }
    kf.n--;
    sodium_memzero(kf.master[kf.n], CRYPTO_KEY_BYTES);
    rc = keyfile_write(path, &kf, e);
out:
    kf_wipe(&kf);
    return rc;
}

int crypto_keyfile_versions(const char *path, unsigned out_versions[CRYPTO_KEYRING_MAX_VERSIONS],
                            size_t *out_n, unsigned *out_current, struct err *e)
{
    struct keyfile kf;
    int rc = keyfile_read(path, &kf, e);
    *out_n = 0;
    *out_current = 0;
    if (rc == 0) {
        for (size_t i = 0; i < kf.n; i++)
            out_versions[i] = kf.version[i];
        *out_n = kf.n;
        *out_current = kf.current;
    }
    kf_wipe(&kf);
    return rc;
}

/* ---- data keys ------------------------------------------------------------------------------ */

#define DK_AAD_LEN (8u + 2u + 8u)

static void dk_aad(uint8_t aad[DK_AAD_LEN], unsigned key_version, int64_t group_id)
{
    memcpy(aad, "regie-dk", 8); /* NOLINT(bugprone-not-null-terminated-result): binary AAD */
    aad[8] = CRYPTO_FORMAT_V1;
    aad[9] = (uint8_t)key_version;
    put_be64(aad + 10, group_id);
}

int crypto_dk_new(const struct keyring *kr, int64_t group_id, uint8_t out_dk[CRYPTO_KEY_BYTES],
                  uint8_t *out_wrapped, size_t cap, size_t *out_len, struct err *e)
{
    int rc = 0;
    uint8_t aad[DK_AAD_LEN];
    unsigned long long clen = 0;

    *out_len = 0;
    if (cap < CRYPTO_DK_WRAPPED_BYTES) {
        rc = err_internal(e, ERR_TOOBIG, "dk_new cap=%zu", cap);
        goto out;
    }
    crypto_aead_xchacha20poly1305_ietf_keygen(out_dk);
    dk_aad(aad, kr->key_version, group_id);
    out_wrapped[0] = CRYPTO_FORMAT_V1;
    out_wrapped[1] = (uint8_t)kr->key_version;
    randombytes_buf(out_wrapped + 2, CRYPTO_NONCE_BYTES);
    const uint8_t *wk = wrap_key(kr, kr->key_version); /* NULL: no wrap key for the version */
    if (wk == NULL ||
        crypto_aead_xchacha20poly1305_ietf_encrypt(out_wrapped + 2 + CRYPTO_NONCE_BYTES, &clen,
                                                   out_dk, CRYPTO_KEY_BYTES, aad, sizeof(aad), NULL,
                                                   out_wrapped + 2, wk) != 0 ||
        clen != CRYPTO_KEY_BYTES + CRYPTO_TAG_BYTES) {
        sodium_memzero(out_dk, CRYPTO_KEY_BYTES);
        rc = err_internal(e, ERR_CRYPTO, "dk wrap failed");
        goto out;
    }
    *out_len = CRYPTO_DK_WRAPPED_BYTES;
out:
    return rc;
}

int crypto_dk_unwrap(const struct keyring *kr, int64_t group_id, const uint8_t *wrapped,
                     size_t n, uint8_t out_dk[CRYPTO_KEY_BYTES], struct err *e)
{
    int rc = 0;
    uint8_t aad[DK_AAD_LEN];
    unsigned long long mlen = 0;
    const uint8_t *wk = NULL;

    if (n != CRYPTO_DK_WRAPPED_BYTES || wrapped[0] != CRYPTO_FORMAT_V1) {
        rc = err_internal(e, ERR_CRYPTO, "dk unwrap: bad length or format");
        goto out;
    }
    wk = wrap_key(kr, wrapped[1]);
    if (wk == NULL) {
        rc = err_internal(e, ERR_CRYPTO, "dk unwrap: key version %u not loaded (current %u)",
                          (unsigned)wrapped[1], kr->key_version);
        goto out;
    }
    dk_aad(aad, wrapped[1], group_id);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out_dk, &mlen, NULL,
                                                   wrapped + 2 + CRYPTO_NONCE_BYTES,
                                                   CRYPTO_KEY_BYTES + CRYPTO_TAG_BYTES, aad,
                                                   sizeof(aad), wrapped + 2, wk) != 0 ||
        mlen != CRYPTO_KEY_BYTES) {
        rc = err_internal(e, ERR_CRYPTO, "dk unwrap: authentication failed");
        goto out;
    }
out:
    if (rc != 0) {
        sodium_memzero(out_dk, CRYPTO_KEY_BYTES);
        if (e != NULL && e->detail[0] == '\0')
            err_set(e, ERR_CRYPTO, "gegevens konden niet worden ontsleuteld");
    }
    return rc;
}

int crypto_dk_rewrap(const struct keyring *kr, int64_t group_id, const uint8_t *wrapped, size_t n,
                     uint8_t *out_wrapped, size_t cap, size_t *out_len, struct err *e)
{
    int rc = 0;
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t aad[DK_AAD_LEN];
    unsigned long long clen = 0;

    *out_len = 0;
    if (cap < CRYPTO_DK_WRAPPED_BYTES) {
        rc = err_internal(e, ERR_TOOBIG, "dk_rewrap cap=%zu", cap);
        goto out;
    }
    rc = crypto_dk_unwrap(kr, group_id, wrapped, n, dk, e);
    if (rc != 0)
        goto out;
    dk_aad(aad, kr->key_version, group_id);
    out_wrapped[0] = CRYPTO_FORMAT_V1;
    out_wrapped[1] = (uint8_t)kr->key_version;
    randombytes_buf(out_wrapped + 2, CRYPTO_NONCE_BYTES);
    const uint8_t *wk = wrap_key(kr, kr->key_version); /* NULL: no wrap key for the version */
    if (wk == NULL ||
        crypto_aead_xchacha20poly1305_ietf_encrypt(out_wrapped + 2 + CRYPTO_NONCE_BYTES, &clen, dk,
                                                   CRYPTO_KEY_BYTES, aad, sizeof(aad), NULL,
                                                   out_wrapped + 2, wk) != 0 ||
        clen != CRYPTO_KEY_BYTES + CRYPTO_TAG_BYTES) {
        rc = err_internal(e, ERR_CRYPTO, "dk rewrap failed");
        goto out;
    }
    *out_len = CRYPTO_DK_WRAPPED_BYTES;
out:
    sodium_memzero(dk, sizeof(dk));
    return rc;
}

/* ---- sealed fields -------------------------------------------------------------------------- */

#define FIELD_AAD_MAX (1u + CRYPTO_AAD_NAME_MAX + 1u + CRYPTO_AAD_NAME_MAX + 1u + 8u)

size_t crypto_sealed_len(size_t n)
{
    return n + CRYPTO_SEAL_OVERHEAD;
}

static int field_aad(const char *table, const char *column, int64_t row_id,
                     uint8_t aad[FIELD_AAD_MAX], size_t *out_len, struct err *e)
{
    size_t tl = table ? strnlen(table, CRYPTO_AAD_NAME_MAX + 1) : 0;
    size_t cl = column ? strnlen(column, CRYPTO_AAD_NAME_MAX + 1) : 0;
    if (tl == 0 || tl > CRYPTO_AAD_NAME_MAX || cl == 0 || cl > CRYPTO_AAD_NAME_MAX)
        return err_internal(e, ERR_INVAL, "seal: table/column name empty or too long");
    size_t k = 0;
    aad[k++] = CRYPTO_FORMAT_V1;
    memcpy(aad + k, table, tl);
    k += tl;
    aad[k++] = 0;
    memcpy(aad + k, column, cl);
    k += cl;
    aad[k++] = 0;
    put_be64(aad + k, row_id);
    k += 8;
    *out_len = k;
    return 0;
}

int crypto_seal(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, const char *column,
                int64_t row_id, const void *pt, size_t n, uint8_t *out, size_t cap,
                size_t *out_len, struct err *e)
{
    int rc = 0;
    uint8_t aad[FIELD_AAD_MAX];
    size_t aad_len = 0;
    unsigned long long clen = 0;

    *out_len = 0;
    rc = field_aad(table, column, row_id, aad, &aad_len, e);
    if (rc != 0)
        goto out;
    if (n > SIZE_MAX - CRYPTO_SEAL_OVERHEAD || cap < crypto_sealed_len(n)) {
        rc = err_internal(e, ERR_TOOBIG, "seal: cap too small");
        goto out;
    }
    out[0] = CRYPTO_FORMAT_V1;
    randombytes_buf(out + 1, CRYPTO_NONCE_BYTES);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + CRYPTO_NONCE_BYTES, &clen, pt, n, aad,
                                                   aad_len, NULL, out + 1, dk) != 0) {
        rc = err_internal(e, ERR_CRYPTO, "seal failed");
        goto out;
    }
    *out_len = 1 + CRYPTO_NONCE_BYTES + (size_t)clen;
out:
    return rc;
}

int crypto_open(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, const char *column,
                int64_t row_id, const uint8_t *ct, size_t n, void *out, size_t cap,
                size_t *out_len, struct err *e)
{
    int rc = 0;
    uint8_t aad[FIELD_AAD_MAX];
    size_t aad_len = 0;
    unsigned long long mlen = 0;

    *out_len = 0;
    rc = field_aad(table, column, row_id, aad, &aad_len, e);
    if (rc != 0)
        goto out;
    if (n < CRYPTO_SEAL_OVERHEAD || ct[0] != CRYPTO_FORMAT_V1) {
        rc = err_internal(e, ERR_CRYPTO, "open: bad length or format");
        goto out;
    }
    if (cap < n - CRYPTO_SEAL_OVERHEAD) {
        rc = err_internal(e, ERR_TOOBIG, "open: cap too small");
        goto out;
    }
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, ct + 1 + CRYPTO_NONCE_BYTES,
                                                   n - 1 - CRYPTO_NONCE_BYTES, aad, aad_len,
                                                   ct + 1, dk) != 0) {
        rc = err_internal(e, ERR_CRYPTO, "open: authentication failed");
        goto out;
    }
    *out_len = (size_t)mlen;
out:
    if (rc != 0 && out != NULL && cap > 0)
        sodium_memzero(out, cap);
    if (rc == ERR_CRYPTO && e != NULL)
        err_set(e, ERR_CRYPTO, "gegevens konden niet worden ontsleuteld");
    return rc;
}

/* ---- blind indexes and pseudonyms ----------------------------------------------------------- */

static int keyed_hash(const uint8_t key[CRYPTO_KEY_BYTES], const char *domain, const void *p,
                      size_t n, uint8_t out[CRYPTO_HASH_BYTES])
{
    crypto_generichash_state st;
    int rc = 0;
    if (crypto_generichash_init(&st, key, CRYPTO_KEY_BYTES, CRYPTO_HASH_BYTES) != 0 ||
        crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1) != 0 ||
        (n > 0 && crypto_generichash_update(&st, p, n) != 0) ||
        crypto_generichash_final(&st, out, CRYPTO_HASH_BYTES) != 0)
        rc = ERR_CRYPTO;
    sodium_memzero(&st, sizeof(st));
    return rc;
}

int crypto_blind_index(const struct keyring *kr, const char *kind, const void *p, size_t n,
                       uint8_t out[CRYPTO_HASH_BYTES], struct err *e)
{
    int rc = 0;
    /* The domain "idx:<kind>" keeps index inputs disjoint from any other use of the primitive. */
    char domain[4 + CRYPTO_AAD_NAME_MAX + 1];
    size_t kl = kind ? strnlen(kind, CRYPTO_AAD_NAME_MAX + 1) : 0;
    if (kl == 0 || kl > CRYPTO_AAD_NAME_MAX) {
        rc = err_internal(e, ERR_INVAL, "blind index: kind empty or too long");
        goto out;
    }
    memcpy(domain, "idx:", 4);
    memcpy(domain + 4, kind, kl);
    domain[4 + kl] = '\0';
    if (keyed_hash(kr->idx, domain, p, n, out) != 0)
        rc = err_internal(e, ERR_CRYPTO, "blind index hash failed");
out:
    return rc;
}

/* ---- known elsewhere -------------------------------------------------------------------------- */

#define PEER_KDF_CTX "regiepr1"
#define PEER_TAG_DOMAIN "regie/known-elsewhere/v1"

int crypto_peer_tag(const uint8_t key[CRYPTO_KEY_BYTES], unsigned ops, unsigned mem_kib,
                    const char *kind, const void *id, size_t n, uint8_t out[CRYPTO_HASH_BYTES],
                    struct err *e)
{
    uint8_t sub[CRYPTO_KEY_BYTES], salt_full[CRYPTO_HASH_BYTES], slow[CRYPTO_HASH_BYTES];
    char domain[sizeof(PEER_TAG_DOMAIN) + CRYPTO_AAD_NAME_MAX + 1];
    int rc = 0;
    size_t kl = kind ? strnlen(kind, CRYPTO_AAD_NAME_MAX + 1) : 0;
    if (kl == 0 || kl > CRYPTO_AAD_NAME_MAX)
        return err_internal(e, ERR_INVAL, "peer tag: kind empty or too long");
    if (ops < 1 || ops > CRYPTO_PEER_OPS_MAX || mem_kib < CRYPTO_PEER_MEM_KIB_MIN ||
        mem_kib > CRYPTO_PEER_MEM_KIB_MAX)
        return err_internal(e, ERR_INVAL, "peer tag: cost out of range");
    crypto_kdf_derive_from_key(sub, sizeof(sub), 1, PEER_KDF_CTX, key);
    snprintf(domain, sizeof(domain), "%s%s", PEER_TAG_DOMAIN, kind);
    if (keyed_hash(sub, "peer-salt", NULL, 0, salt_full) != 0) {
        rc = err_internal(e, ERR_CRYPTO, "peer tag: salt");
        goto out;
    }
    if (crypto_pwhash(slow, sizeof(slow), (const char *)id, n, salt_full, ops,
                      (size_t)mem_kib * 1024u, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        rc = err_internal(e, ERR_NOMEM, "peer tag: argon2id");
        goto out;
    }
    /* domain | kind | 0x00 (keyed_hash adds the NUL), then the slow hash */
    if (keyed_hash(sub, domain, slow, sizeof(slow), out) != 0)
        rc = err_internal(e, ERR_CRYPTO, "peer tag: hash");
out:
    sodium_memzero(sub, sizeof(sub));
    sodium_memzero(slow, sizeof(slow));
    sodium_memzero(salt_full, sizeof(salt_full));
    return rc;
}

void crypto_peer_fingerprint(const uint8_t key[CRYPTO_KEY_BYTES], unsigned ops, unsigned mem_kib,
                             uint8_t out[CRYPTO_HASH_BYTES])
{
    uint8_t sub[CRYPTO_KEY_BYTES], cost[8];
    crypto_kdf_derive_from_key(sub, sizeof(sub), 3, PEER_KDF_CTX, key);
    for (int i = 0; i < 4; i++) {
        cost[i] = (uint8_t)(ops >> (24 - 8 * i));
        cost[4 + i] = (uint8_t)(mem_kib >> (24 - 8 * i));
    }
    if (keyed_hash(sub, "peer-fingerprint", cost, sizeof(cost), out) != 0)
        memset(out, 0, CRYPTO_HASH_BYTES); /* cannot happen; all zero never matches a real one */
    sodium_memzero(sub, sizeof(sub));
}

int crypto_peer_seal(const uint8_t key[CRYPTO_KEY_BYTES], const char *ad, const void *pt, size_t n,
                     uint8_t *out, size_t cap, size_t *out_len, struct err *e)
{
    uint8_t sub[CRYPTO_KEY_BYTES];
    unsigned long long clen = 0;
    *out_len = 0;
    if (cap < n + CRYPTO_PEER_OVERHEAD)
        return err_internal(e, ERR_TOOBIG, "peer seal: buffer");
    crypto_kdf_derive_from_key(sub, sizeof(sub), 2, PEER_KDF_CTX, key);
    out[0] = CRYPTO_FORMAT_V1;
    randombytes_buf(out + 1, CRYPTO_NONCE_BYTES);
    int r = crypto_aead_xchacha20poly1305_ietf_encrypt(
        out + 1 + CRYPTO_NONCE_BYTES, &clen, pt, n, (const unsigned char *)ad, strlen(ad), NULL,
        out + 1, sub);
    sodium_memzero(sub, sizeof(sub));
    if (r != 0)
        return err_internal(e, ERR_CRYPTO, "peer seal");
    *out_len = 1 + CRYPTO_NONCE_BYTES + (size_t)clen;
    return 0;
}

int crypto_peer_open(const uint8_t key[CRYPTO_KEY_BYTES], const char *ad, const uint8_t *ct,
                     size_t n, uint8_t *out, size_t cap, size_t *out_len, struct err *e)
{
    uint8_t sub[CRYPTO_KEY_BYTES];
    unsigned long long plen = 0;
    *out_len = 0;
    if (n < CRYPTO_PEER_OVERHEAD || ct[0] != CRYPTO_FORMAT_V1)
        return err_internal(e, ERR_CRYPTO, "peer open: format");
    if (cap < n - CRYPTO_PEER_OVERHEAD)
        return err_internal(e, ERR_TOOBIG, "peer open: buffer");
    crypto_kdf_derive_from_key(sub, sizeof(sub), 2, PEER_KDF_CTX, key);
    int r = crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, &plen, NULL, ct + 1 + CRYPTO_NONCE_BYTES, n - 1 - CRYPTO_NONCE_BYTES,
        (const unsigned char *)ad, strlen(ad), ct + 1, sub);
    sodium_memzero(sub, sizeof(sub));
    if (r != 0)
        return err_internal(e, ERR_CRYPTO, "peer open");
    *out_len = (size_t)plen;
    return 0;
}

int crypto_pseudonym(const struct keyring *kr, const void *p, size_t n,
                     uint8_t out[CRYPTO_HASH_BYTES], struct err *e)
{
    int rc = 0;
    if (keyed_hash(kr->log, "pseudonym", p, n, out) != 0)
        rc = err_internal(e, ERR_CRYPTO, "pseudonym hash failed");
    return rc;
}

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int crypto_normalise_name(const char *in, size_t n, char *out, size_t cap, size_t *out_len,
                          struct err *e)
{
    int rc = 0;
    size_t j = 0;
    bool pending_space = false;

    *out_len = 0;
    if (cap < n) {
        rc = err_internal(e, ERR_TOOBIG, "normalise_name: cap < n");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (ascii_space(c)) {
            pending_space = j > 0; /* leading whitespace is dropped */
            continue;
        }
        if (pending_space) {
            out[j++] = ' ';
            pending_space = false;
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[j++] = c;
    }
    *out_len = j; /* trailing whitespace never emitted: pending_space is dropped */
out:
    return rc;
}

int crypto_normalise_bsn(const char *in, size_t n, char out[10], struct err *e)
{
    int rc = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c == ' ' || c == '.' || c == '-')
            continue;
        if (c < '0' || c > '9' || j >= 9) {
            rc = err_field(e, "bsn", "BSN moet uit 9 cijfers bestaan");
            goto out;
        }
        out[j++] = c;
    }
    if (j != 9) {
        rc = err_field(e, "bsn", "BSN moet uit 9 cijfers bestaan");
        goto out;
    }
out:
    out[rc == 0 ? 9 : 0] = '\0';
    return rc;
}

/* ---- signatures ----------------------------------------------------------------------------- */

void crypto_sig_public_key(const struct keyring *kr, uint8_t out_pk[CRYPTO_SIG_PK_BYTES])
{
    memcpy(out_pk, kr->sig_pk, CRYPTO_SIG_PK_BYTES);
}

void crypto_sig_sign(const struct keyring *kr, const void *msg, size_t n,
                     uint8_t out_sig[CRYPTO_SIG_BYTES])
{
    crypto_sign_detached(out_sig, NULL, msg, n, kr->sig_sk);
}

bool crypto_sig_verify(const uint8_t pk[CRYPTO_SIG_PK_BYTES], const void *msg, size_t n,
                       const uint8_t sig[CRYPTO_SIG_BYTES])
{
    return crypto_sign_verify_detached(sig, msg, n, pk) == 0;
}

/* ---- helpers -------------------------------------------------------------------------------- */

bool crypto_eq(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

void crypto_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0)
        sodium_memzero(p, n);
}
