/* backup.h: consistent online copies of the database and of the key vault (`regie backup`,
 * docs/operations.md). SQLite's online backup API copies the whole file in one step, under one
 * read transaction of the source: with WAL a running server keeps writing meanwhile and the copy
 * is exactly the state of one commit. The database copy holds no data key (they are in the
 * vault), so it is unreadable without a vault of the same or a later date; the vault is copied on
 * its own (store_backup_vault) for the separate, short-lived key backup. */
#ifndef REGIE_STORE_BACKUP_H
#define REGIE_STORE_BACKUP_H

#include "store/store.h"

struct store_backup_info {
    int schema_version;            /* migration level of the copy */
    int64_t pages;                 /* page count of the copy */
    int64_t audit_records;         /* access-log records in the copy */
    int64_t audit_size;            /* the log's tree size (audit_head.size) */
    int64_t audit_checkpoint_size; /* size of the last signed checkpoint (0: none yet) */
};

/* Copies the database into a new file dest (created 0600, O_EXCL: ERR_CONFLICT when it exists),
 * switches the copy to a self-contained rollback journal, then checks it: PRAGMA integrity_check
 * must say "ok" (else ERR_DB and the copy is removed) and *out is filled from the copy. Not inside
 * a transaction (ERR_INVAL). Errors: ERR_CONFLICT, ERR_IO, ERR_DB (busy after retries, or
 * corrupt). */
int store_backup(struct store *st, const char *dest, struct store_backup_info *out,
                 struct err *e) WUR;

/* The same for the key vault of st (no info; integrity checked). ERR_INVAL without a vault. */
int store_backup_vault(struct store *st, const char *dest, struct err *e) WUR;

/* Opens the database file at path read-only (no vault, no keys) and checks it: integrity_check
 * "ok" and *out as above. For `regie restore` and tests. Errors: ERR_NOTFOUND, ERR_DB. */
int store_backup_check(const char *path, struct store_backup_info *out, struct err *e) WUR;

#endif
