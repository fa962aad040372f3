/* backup.h: `regie backup` and `regie restore` (issue 12 item 6, docs/operations.md "Back-up and
 * restore"). Operator tasks on the data directory, like `regie keys`: whoever runs them holds the
 * files already, so there is no HTTP route and no policy row; they decrypt nothing (a database
 * backup is ciphertext and blind indexes), so they write no access-log records; the operational
 * log gets sizes and counts only.
 *
 * Two kinds of backup, kept apart on purpose (docs/retention.md "Backups"):
 * - database (`regie backup --out DIR`): regie.db as one consistent snapshot taken while the server
 *   serves (store/backup.h: SQLite online backup), which includes the access log with its
 *   checkpoints and segment deletions (they live in the database), plus audit-signing.pub and,
 *   when `audit_witness` is set, a copy of the witness file. No key: unreadable on its own.
 * - keys (`regie backup --keys --out DIR`): regie.key, the key vault regie-keys.db (consistent
 *   copy) and audit-signing.key. A destroyed group's key is gone from every key backup made after
 *   the destruction; older key backups still hold it until they are rotated out, so keep them
 *   short-lived.
 * Each directory gets manifest.json (written last, atomically): kind, time, schema version, the
 *   access log's size, and per file its size and BLAKE2b-256. */
#ifndef REGIE_APP_BACKUP_H
#define REGIE_APP_BACKUP_H

#include "core/common.h"
#include "core/config.h"
#include "core/err.h"

#define BACKUP_MANIFEST "manifest.json"

struct backup_report {
    bool keys; /* a key backup */
    int schema_version;
    int64_t audit_records; /* access-log records in the copied database */
    int64_t audit_size;
    int64_t bytes; /* total bytes written */
    size_t files;  /* files written, manifest included */
};

/* Backs up the data directory of cfg into out_dir (created 0700 when missing; files in it must not
 * exist yet: ERR_CONFLICT). keys selects the kind (above). The database copy is checked with
 * integrity_check before the manifest is written. Errors: ERR_CONFLICT, ERR_IO, ERR_DB, as
 * app_open. */
int app_backup(const struct config *cfg, const char *out_dir, bool keys, struct backup_report *out,
               struct err *e) WUR;

/* Restores a database backup (from_dir) and a key backup (keys_from) into cfg->data_dir, which
 * must not hold a database yet (created 0700 when missing): checks both manifests (every file's
 * size and hash; ERR_INVAL naming the file when one differs), copies the files (0600, the public
 * key 0644), checks the database (integrity_check), then opens it once, which links it to the
 * restored vault (ERR_CONFLICT when the key backup belongs to another installation) and deletes
 * vault keys of groups the restored database does not hold. A key backup older than the database
 * backup restores, but the groups made in between cannot be decrypted. Errors: ERR_INVAL,
 * ERR_CONFLICT, ERR_NOTFOUND, ERR_IO, ERR_DB. */
int app_restore(const struct config *cfg, const char *from_dir, const char *keys_from,
                struct backup_report *out, struct err *e) WUR;

#endif
