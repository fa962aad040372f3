/* backup.c: online copies of the database and the key vault (backup.h). */
#include "core/common.h"

#include <fcntl.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/store_int.h"

#define BUSY_TRIES 50 /* × 100 ms: a writer holding a checkpoint lock */

static const char SQL_B_JOURNAL[] = "PRAGMA journal_mode = DELETE";
static const char SQL_B_INTEGRITY[] = "PRAGMA integrity_check";
static const char SQL_B_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char SQL_B_PAGES[] = "PRAGMA page_count";
static const char SQL_B_AUDIT[] = "SELECT count(*) FROM audit_log";
static const char SQL_B_HEAD[] =
    "SELECT coalesce(max(size), 0), coalesce(max(last_checkpoint_size), 0) FROM audit_head";

/* One integer row of sql on db: columns 0 and 1 (out1 may be NULL). */
static int q2(sqlite3 *db, const char *sql, int64_t *out0, int64_t *out1, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    int rc = src == SQLITE_ROW ? 0 : err_internal(e, ERR_DB, "backup query rc=%d", src);
    if (rc == 0) {
        *out0 = sqlite3_column_int64(s, 0);
        if (out1 != NULL)
            *out1 = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return rc;
}

/* integrity_check of db must be exactly one row "ok". */
static int integrity(sqlite3 *db, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(db, SQL_B_INTEGRITY, -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    const unsigned char *t = src == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
    bool ok = t != NULL && strcmp((const char *)t, "ok") == 0 && sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    if (!ok) {
        err_set(e, ERR_DB, "de kopie is niet in orde (integrity_check)");
        return err_internal(e, ERR_DB, "integrity_check failed rc=%d", src);
    }
    return 0;
}

static int info(sqlite3 *db, struct store_backup_info *out, struct err *e)
{
    int64_t v = 0;
    memset(out, 0, sizeof(*out));
    int rc = q2(db, SQL_B_VERSION, &v, NULL, e);
    if (rc == 0)
        rc = q2(db, SQL_B_PAGES, &out->pages, NULL, e);
    if (rc == 0)
        rc = q2(db, SQL_B_AUDIT, &out->audit_records, NULL, e);
    if (rc == 0)
        rc = q2(db, SQL_B_HEAD, &out->audit_size, &out->audit_checkpoint_size, e);
    out->schema_version = (int)v;
    return rc;
}

/* Copies src's main database into a new file dest and checks it; dest is removed on failure. */
static int copy(sqlite3 *src, const char *dest, struct store_backup_info *out, struct err *e)
{
    int rc = 0;
    sqlite3 *dst = NULL;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return err_set(e, ERR_CONFLICT, "het back-upbestand bestaat al");
        err_set(e, ERR_IO, "kan het back-upbestand niet aanmaken");
        return err_internal(e, ERR_IO, "backup create errno=%d", errno);
    }
    close(fd);
    int r = sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (r == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (b == NULL) {
            r = sqlite3_errcode(dst);
        } else {
            /* -1: all pages in one step, under one read transaction of the source. */
            for (int i = 0; i < BUSY_TRIES; i++) {
                r = sqlite3_backup_step(b, -1);
                if (r != SQLITE_BUSY && r != SQLITE_LOCKED)
                    break;
                sqlite3_sleep(100);
            }
            int fr = sqlite3_backup_finish(b);
            if (r == SQLITE_DONE)
                r = fr;
        }
    }
    if (r != SQLITE_OK) {
        err_set(e, ERR_DB, "de back-up is mislukt");
        rc = err_internal(e, ERR_DB, "sqlite op=backup rc=%d (%s)", r, sqlite3_errstr(r));
    }
    if (rc == 0 && sqlite3_exec(dst, SQL_B_JOURNAL, NULL, NULL, NULL) != SQLITE_OK)
        rc = err_internal(e, ERR_DB, "backup journal_mode");
    if (rc == 0)
        rc = integrity(dst, e);
    if (rc == 0 && out != NULL)
        rc = info(dst, out, e);
    sqlite3_close(dst);
    if (rc != 0)
        unlink(dest);
    return rc;
}

int store_backup(struct store *st, const char *dest, struct store_backup_info *out, struct err *e)
{
    if (st->db == NULL)
        return err_set(e, ERR_INVAL, "een PostgreSQL-database wordt met pg_basebackup geback-upt "
                                     "(docs/deployment.md), niet met regie backup");
    if (sqlite3_get_autocommit(st->db) == 0)
        return err_internal(e, ERR_INVAL, "backup inside a transaction");
    return copy(st->db, dest, out, e);
}

int store_backup_vault(struct store *st, const char *dest, struct err *e)
{
    if (st->vault == NULL)
        return err_internal(e, ERR_INVAL, "store without key vault");
    if (st->vault->db == NULL)
        return err_set(e, ERR_INVAL, "de sleutelkluis staat in de PostgreSQL-database");
    return copy(st->vault->db, dest, NULL, e);
}

int store_backup_check(const char *path, struct store_backup_info *out, struct err *e)
{
    sqlite3 *db = NULL;
    int rc = 0;
    int r = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
    if (r != SQLITE_OK) {
        rc = err_set(e, ERR_NOTFOUND, "de database van de back-up kan niet worden geopend");
        err_internal(e, ERR_NOTFOUND, "sqlite op=open rc=%d", r);
    }
    if (rc == 0)
        rc = integrity(db, e);
    if (rc == 0)
        rc = info(db, out, e);
    sqlite3_close(db);
    return rc;
}
