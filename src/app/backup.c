/* backup.c: `regie backup` and `regie restore` (backup.h). Files are copied with O_EXCL and
 * O_NOFOLLOW, hashed (BLAKE2b-256) while copied, and fsynced; the manifest is written last through
 * a temporary file and a rename, so a directory with a manifest holds a complete backup. */
#include "core/common.h"

#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/backup.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/rand.h"
#include "store/backup.h"
#include "store/store.h"

#define HASH_BYTES 32
#define PATH_CAP (CONFIG_PATH_MAX + 64)
#define MANIFEST_MAX 65536
#define FORMAT "regie-backup 1"
#define WITNESS_COPY "audit-witness"

/* The files each kind may hold, and the mode a restore gives them. */
static const struct {
    const char *name;
    bool keys;
    mode_t mode;
} FILES[] = {
    {APP_DB_FILE, false, 0600},   {APP_SIGNING_PUB_FILE, false, 0644},
    {WITNESS_COPY, false, 0600},  {APP_KEY_FILE, true, 0600},
    {APP_VAULT_FILE, true, 0600}, {APP_SIGNING_KEY_FILE, true, 0600},
};

static int join(const char *dir, const char *name, char out[PATH_CAP], struct err *e)
{
    int n = snprintf(out, PATH_CAP, "%s/%s", dir, name);
    if (n < 0 || n >= PATH_CAP)
        return err_set(e, ERR_INVAL, "pad is te lang");
    return 0;
}

static int io_fail(struct err *e, const char *what)
{
    err_set(e, ERR_IO, "kan %s niet lezen of schrijven", what);
    return err_internal(e, ERR_IO, "backup io %s errno=%d", what, errno);
}

/* Hashes (and, with to != NULL, copies into a new file of the given mode) the file from. */
static int copy_hash(const char *from, const char *to, mode_t mode, uint8_t hash[HASH_BYTES],
                     int64_t *out_bytes, struct err *e)
{
    int rc = 0;
    uint8_t buf[65536];
    crypto_generichash_state h;
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1;
    *out_bytes = 0;
    if (in < 0)
        return io_fail(e, "een bestand van de back-up");
    if (to != NULL) {
        out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (out < 0) {
            rc = errno == EEXIST ? err_set(e, ERR_CONFLICT, "het doelbestand bestaat al")
                                 : io_fail(e, "het doelbestand");
            goto out;
        }
    }
    crypto_generichash_init(&h, NULL, 0, HASH_BYTES);
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = io_fail(e, "een bestand van de back-up");
            goto out;
        }
        if (n == 0)
            break;
        crypto_generichash_update(&h, buf, (unsigned long long)n);
        *out_bytes += n;
        for (ssize_t off = 0; out >= 0 && off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = io_fail(e, "het doelbestand");
                goto out;
            }
            off += w;
        }
    }
    crypto_generichash_final(&h, hash, HASH_BYTES);
    if (out >= 0 && (fchmod(out, mode) != 0 || fsync(out) != 0))
        rc = io_fail(e, "het doelbestand");
out:
    crypto_wipe(buf, sizeof(buf)); /* it may have held a key file */
    close(in);
    if (out >= 0 && close(out) != 0 && rc == 0)
        rc = io_fail(e, "het doelbestand");
    if (rc != 0 && out >= 0)
        unlink(to);
    return rc;
}

/* Appends {name, bytes, blake2b} of dir/name to files (hashing the file as it is on disk). */
static int add_file(json_t *files, const char *dir, const char *name, struct backup_report *r,
                    struct err *e)
{
    char p[PATH_CAP], hex[2 * HASH_BYTES + 1];
    uint8_t hash[HASH_BYTES];
    int64_t bytes = 0;
    int rc = join(dir, name, p, e);
    if (rc == 0)
        rc = copy_hash(p, NULL, 0, hash, &bytes, e);
    if (rc != 0)
        return rc;
    hex_encode(hash, sizeof(hash), hex, sizeof(hex));
    if (json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "name", name, "bytes",
                                               (json_int_t)bytes, "blake2b", hex)) != 0)
        return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    r->bytes += bytes;
    r->files++;
    return 0;
}

/* Copies src_dir/name into dir/name (mode) and records it. */
static int copy_in(json_t *files, const char *src_dir, const char *dir, const char *name,
                   mode_t mode, struct backup_report *r, struct err *e)
{
    char from[PATH_CAP], to[PATH_CAP];
    uint8_t hash[HASH_BYTES];
    int64_t bytes = 0;
    int rc = join(src_dir, name, from, e);
    if (rc == 0)
        rc = join(dir, name, to, e);
    if (rc == 0)
        rc = copy_hash(from, to, mode, hash, &bytes, e);
    return rc == 0 ? add_file(files, dir, name, r, e) : rc;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : ERR_IO;
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Writes m as dir/manifest.json through a temporary file, fsync and rename. */
static int write_manifest(const char *dir, json_t *m, struct backup_report *r, struct err *e)
{
    char p[PATH_CAP], tmp[PATH_CAP];
    char *text = json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
    int rc = text != NULL ? 0 : err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    if (rc == 0)
        rc = join(dir, BACKUP_MANIFEST, p, e);
    if (rc == 0)
        rc = join(dir, BACKUP_MANIFEST ".tmp", tmp, e);
    if (rc != 0)
        goto out;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
        fsync(fd) != 0) {
        rc = io_fail(e, "het manifest");
    }
    if (fd >= 0)
        close(fd);
    if (rc == 0 && rename(tmp, p) != 0)
        rc = io_fail(e, "het manifest");
    if (rc == 0 && fsync_dir(dir) != 0)
        rc = io_fail(e, "de back-upmap");
    if (rc == 0)
        r->files++;
    else
        unlink(tmp);
out:
    free(text);
    return rc;
}

int app_backup(const struct config *cfg, const char *out_dir, bool keys, struct backup_report *out,
               struct err *e)
{
    struct app *a = NULL;
    struct store *st = NULL;
    struct store_backup_info bi;
    char p[PATH_CAP], ts[32];
    json_t *files = json_array(), *m = NULL;
    int rc = files != NULL ? 0 : ERR_NOMEM;

    memset(out, 0, sizeof(out[0]));
    memset(&bi, 0, sizeof(bi));
    out->keys = keys;
    if (rc == 0 && mkdir(out_dir, 0700) != 0 && errno != EEXIST)
        rc = io_fail(e, "de back-upmap");
    if (rc == 0)
        rc = app_open(cfg, false, &a, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = join(out_dir, keys ? APP_VAULT_FILE : APP_DB_FILE, p, e);
    if (rc == 0 && !keys)
        rc = store_backup(st, p, &bi, e);
    if (rc == 0 && keys)
        rc = store_backup_vault(st, p, e);
    if (rc == 0 && keys)
        rc = store_schema_version(st, &bi.schema_version, e);
    if (rc == 0)
        rc = add_file(files, out_dir, keys ? APP_VAULT_FILE : APP_DB_FILE, out, e);
    if (rc == 0 && !keys)
        rc = copy_in(files, cfg->data_dir, out_dir, APP_SIGNING_PUB_FILE, 0644, out, e);
    if (rc == 0 && !keys && cfg->audit_witness[0] != '\0') {
        uint8_t hash[HASH_BYTES];
        int64_t bytes = 0;
        rc = join(out_dir, WITNESS_COPY, p, e);
        if (rc == 0)
            rc = copy_hash(cfg->audit_witness, p, 0600, hash, &bytes, e);
        if (rc == 0)
            rc = add_file(files, out_dir, WITNESS_COPY, out, e);
    }
    if (rc == 0 && keys)
        rc = copy_in(files, cfg->data_dir, out_dir, APP_KEY_FILE, 0600, out, e);
    if (rc == 0 && keys)
        rc = copy_in(files, cfg->data_dir, out_dir, APP_SIGNING_KEY_FILE, 0600, out, e);
    if (rc == 0) {
        clock_fmt_utc(clock_now_ms(), ts, sizeof(ts));
        m = json_pack("{s:s, s:s, s:s, s:i, s:O}", "format", FORMAT, "kind",
                      keys ? "keys" : "database", "created_at", ts, "schema_version",
                      bi.schema_version, "files", files);
        if (m != NULL && !keys)
            json_object_set_new(m, "audit",
                                json_pack("{s:I, s:I, s:I}", "records",
                                          (json_int_t)bi.audit_records, "size",
                                          (json_int_t)bi.audit_size, "checkpoint_size",
                                          (json_int_t)bi.audit_checkpoint_size));
        rc = m != NULL ? write_manifest(out_dir, m, out, e) : ERR_NOMEM;
    }
    out->schema_version = bi.schema_version;
    out->audit_records = bi.audit_records;
    out->audit_size = bi.audit_size;
    if (rc == 0)
        log_info("backup.done",
                 "kind=%s files=%zu bytes=%" PRId64 " schema=%d audit_records=%" PRId64,
                 keys ? "keys" : "database", out->files, out->bytes, out->schema_version,
                 out->audit_records);
    json_decref(m);
    json_decref(files);
    app_close(a);
    return rc;
}

/* ---- restore ----------------------------------------------------------------------------------
 */

/* Reads dir's manifest, checks its kind and every file it lists (allowed name, size, hash).
 * *out: the manifest (caller decrefs). */
static int manifest_check(const char *dir, bool keys, json_t **out, struct err *e)
{
    char p[PATH_CAP];
    json_error_t je;
    json_t *m = NULL;
    int rc = join(dir, BACKUP_MANIFEST, p, e);
    *out = NULL;
    if (rc == 0) {
        m = json_load_file(p, JSON_REJECT_DUPLICATES, &je);
        if (m == NULL)
            rc = err_field(e, keys ? "keys_from" : "from", "geen leesbaar %s in de map",
                           BACKUP_MANIFEST);
    }
    const char *fmt = json_string_value(json_object_get(m, "format"));
    const char *kind = json_string_value(json_object_get(m, "kind"));
    json_t *files = json_object_get(m, "files");
    if (rc == 0 && (fmt == NULL || strcmp(fmt, FORMAT) != 0 || kind == NULL ||
                    strcmp(kind, keys ? "keys" : "database") != 0 || !json_is_array(files)))
        rc = err_field(e, keys ? "keys_from" : "from", "is geen %s",
                       keys ? "sleutelback-up" : "databaseback-up");
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        if (rc != 0)
            break;
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *want = json_string_value(json_object_get(f, "blake2b"));
        json_int_t bytes = json_integer_value(json_object_get(f, "bytes"));
        bool allowed = false;
        for (size_t k = 0; name != NULL && k < ARRAY_LEN(FILES); k++)
            allowed = allowed || (strcmp(FILES[k].name, name) == 0 && FILES[k].keys == keys);
        uint8_t hash[HASH_BYTES];
        char hex[2 * HASH_BYTES + 1];
        int64_t got = 0;
        if (!allowed || want == NULL) {
            rc = err_field(e, keys ? "keys_from" : "from", "onbekend bestand in het manifest");
            break;
        }
        rc = join(dir, name, p, e);
        if (rc == 0)
            rc = copy_hash(p, NULL, 0, hash, &got, e);
        if (rc == 0) {
            hex_encode(hash, sizeof(hash), hex, sizeof(hex));
            if (got != bytes || strcmp(hex, want) != 0)
                rc = err_field(e, name, "wijkt af van het manifest (grootte of hash)");
        }
    }
    if (rc == 0)
        *out = m;
    else
        json_decref(m);
    return rc;
}

static int restore_files(const char *from, json_t *m, const char *to, struct backup_report *r,
                         struct err *e)
{
    int rc = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        const char *name = json_string_value(json_object_get(f, "name"));
        mode_t mode = 0600;
        char a[PATH_CAP], b[PATH_CAP];
        uint8_t hash[HASH_BYTES];
        int64_t bytes = 0;
        if (strcmp(name, WITNESS_COPY) == 0)
            continue; /* the witness lives outside the data directory (audit_witness) */
        for (size_t k = 0; k < ARRAY_LEN(FILES); k++)
            if (strcmp(FILES[k].name, name) == 0)
                mode = FILES[k].mode;
        rc = join(from, name, a, e);
        if (rc == 0)
            rc = join(to, name, b, e);
        if (rc == 0)
            rc = copy_hash(a, b, mode, hash, &bytes, e);
        if (rc != 0)
            break;
        r->files++;
        r->bytes += bytes;
    }
    return rc;
}

int app_restore(const struct config *cfg, const char *from_dir, const char *keys_from,
                struct backup_report *out, struct err *e)
{
    json_t *dm = NULL, *km = NULL;
    struct store_backup_info bi;
    struct app *a = NULL;
    char p[PATH_CAP];
    struct stat sb;
    memset(out, 0, sizeof(out[0]));
    memset(&bi, 0, sizeof(bi));
    int rc = manifest_check(from_dir, false, &dm, e);
    if (rc == 0)
        rc = manifest_check(keys_from, true, &km, e);
    if (rc == 0 && mkdir(cfg->data_dir, 0700) != 0 && errno != EEXIST)
        rc = io_fail(e, "de datamap");
    if (rc == 0)
        rc = join(cfg->data_dir, APP_DB_FILE, p, e);
    if (rc == 0 && stat(p, &sb) == 0)
        rc = err_set(e, ERR_CONFLICT,
                     "de datamap bevat al een database; restore overschrijft "
                     "niets");
    if (rc == 0)
        rc = restore_files(from_dir, dm, cfg->data_dir, out, e);
    if (rc == 0)
        rc = restore_files(keys_from, km, cfg->data_dir, out, e);
    if (rc == 0 && fsync_dir(cfg->data_dir) != 0)
        rc = io_fail(e, "de datamap");
    if (rc == 0)
        rc = store_backup_check(p, &bi, e);
    /* One open links the database to the restored vault (or refuses a foreign one); the sweep
     * deletes the keys of groups this database does not hold. */
    if (rc == 0)
        rc = app_open(cfg, true, &a, e);
    if (rc == 0)
        rc = app_vault_sweep(a, NULL, e);
    app_close(a);
    out->schema_version = bi.schema_version;
    out->audit_records = bi.audit_records;
    out->audit_size = bi.audit_size;
    if (rc == 0)
        log_info("restore.done", "files=%zu bytes=%" PRId64 " schema=%d audit_records=%" PRId64,
                 out->files, out->bytes, out->schema_version, out->audit_records);
    json_decref(dm);
    json_decref(km);
    return rc;
}
