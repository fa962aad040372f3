/* vault.c: the key vault (docs/architecture.md "Data at rest"). The wrapped data keys of the
 * data-key groups live in their own SQLite file beside the database ("regie-keys.db" beside
 * "regie.db"), opened by a second connection with the same hardened settings and never attached
 * to the main database. A database backup therefore holds no key: destroying a group's key in
 * the vault reaches every database backup at once, and the vault is backed up on its own, short
 * rotation (docs/operations.md). The main table data_key keeps the group id, creation and
 * destruction times (foreign keys and counts), its `wrapped` column stays empty.
 *
 * A transaction over two SQLite files is not atomic, so the order of commits carries the safety:
 * - a key is durable in the vault before any main commit uses it: keys are reserved in batches of
 *   STORE_POOL_MAX (one vault commit, one fsync) and handed out from memory; a reservation not
 *   used because of a crash is a harmless orphan (a random key nothing is sealed under), swept
 *   once it is older than VAULT_SWEEP_AGE_MS (store_vault_sweep: `regie migrate`, and serve's
 *   daily job, which runs once soon after start: not on the start-up path, where it would cost
 *   time in proportion to the number of keys);
 * - a destroyed group's key leaves the vault (commit, fsync) before the main commit that deletes
 *   the group's rows; if the process dies in between, the group is already unreadable and the
 *   next purge finishes its rows.
 * Reservations carry the real (never the injected) time: they are a lease between processes. */
#include "core/common.h"

#include <sys/stat.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/rand.h"
#include "store/store_int.h"

#define VAULT_LEASE_MS (60LL * 60 * 1000)          /* a reservation is handed out within 1 h */
#define VAULT_SWEEP_AGE_MS (24LL * 60 * 60 * 1000) /* unclaimed after 24 h: an orphan */
#define VAULT_ID_BYTES 16
#define VAULT_CACHE_KIB 1024
#define VAULT_MOVE_CHUNK 256

static const char SQL_V_SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS vault_meta (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " vault_id BLOB NOT NULL, created_at INTEGER NOT NULL,"
    " linked INTEGER NOT NULL DEFAULT 0 CHECK (linked IN (0, 1))) STRICT;"
    "CREATE TABLE IF NOT EXISTS vault_key (group_id INTEGER PRIMARY KEY, wrapped BLOB NOT NULL,"
    " key_version INTEGER NOT NULL, reserved_at INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS vault_retired (version INTEGER PRIMARY KEY,"
    " retired_at INTEGER NOT NULL) STRICT;"
    "CREATE TRIGGER IF NOT EXISTS vault_key_retired_ins BEFORE INSERT ON vault_key WHEN EXISTS"
    " (SELECT 1 FROM vault_retired WHERE version = NEW.key_version) BEGIN SELECT RAISE(ABORT,"
    " 'master key version retired'); END;"
    "CREATE TRIGGER IF NOT EXISTS vault_key_retired_upd BEFORE UPDATE OF key_version ON vault_key"
    " WHEN EXISTS (SELECT 1 FROM vault_retired WHERE version = NEW.key_version) BEGIN SELECT"
    " RAISE(ABORT, 'master key version retired'); END;";
static const char SQL_V_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_V_META_ADD[] =
    "INSERT INTO vault_meta(id, vault_id, created_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING";
static const char SQL_V_META_EXISTS[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'vault_meta'";
/* PostgreSQL: the tables come with the baseline schema (src/store/pg/vault.sql, laid by
 * store_migrate); the vault is made once its identity row is. */
static const char SQL_V_META_EXISTS_PG[] =
    "SELECT count(*) FROM pg_catalog.pg_tables "
    "WHERE schemaname = current_schema() AND tablename = 'vault_meta'";
static const char SQL_V_META_ROWS_PG[] = "SELECT count(*) FROM vault_meta";
static const char SQL_V_META_GET[] = "SELECT vault_id, linked FROM vault_meta WHERE id = 1";
static const char SQL_V_META_LINK[] = "UPDATE vault_meta SET linked = 1 WHERE id = 1";
/* A taken group id changes no row (rather than failing, which would end a PostgreSQL
 * transaction: docs/postgres-port.md item 47); the reservation draws again. */
static const char SQL_V_KEY_ADD[] =
    "INSERT INTO vault_key(group_id, wrapped, key_version, reserved_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (group_id) DO NOTHING";
static const char SQL_V_KEY_MOVE[] =
    "INSERT INTO vault_key(group_id, wrapped, key_version, reserved_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING";
static const char SQL_V_KEY_GET[] = "SELECT wrapped FROM vault_key WHERE group_id = ?1";
static const char SQL_V_KEY_DEL[] = "DELETE FROM vault_key WHERE group_id = ?1";
static const char SQL_V_OLD[] =
    "SELECT group_id FROM vault_key WHERE reserved_at < ?1 AND group_id > ?2 "
    "ORDER BY group_id LIMIT 256";
static const char SQL_V_RETIRED_ADD[] =
    "INSERT INTO vault_retired(version, retired_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

static const char SQL_M_LINK_EXISTS[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'key_vault_link'";
static const char SQL_M_LINK_EXISTS_PG[] =
    "SELECT count(*) FROM pg_catalog.pg_tables "
    "WHERE schemaname = current_schema() AND tablename = 'key_vault_link'";
static const char SQL_M_LINK_GET[] = "SELECT vault_id FROM key_vault_link WHERE id = 1";
static const char SQL_M_LINK_ADD[] =
    "INSERT INTO key_vault_link(id, vault_id, linked_at) VALUES (1, ?1, ?2)";
static const char SQL_M_WRAPPED[] =
    "SELECT group_id, wrapped, key_version FROM data_key "
    "WHERE length(wrapped) > 0 AND destroyed_at IS NULL AND group_id > ?1 "
    "ORDER BY group_id LIMIT 256";
static const char SQL_M_CLEAR[] =
    "UPDATE data_key SET wrapped = ?1 WHERE length(wrapped) > 0"; /* ?1: an empty blob */
static const char SQL_M_RETIRED_N[] = "SELECT count(*) FROM key_retired";
static const char SQL_M_RETIRED[] = "SELECT version, retired_at FROM key_retired";
static const char SQL_M_RETIRED_CLEAR[] = "DELETE FROM key_retired";
static const char SQL_M_LIVE[] =
    "SELECT count(*) FROM data_key WHERE group_id = ?1 AND destroyed_at IS NULL";

/* ---- opening ----------------------------------------------------------------------------------
 */

/* "<dir>/<stem>-keys.db" for "<dir>/<stem>.db" (anything else: "<path>-keys.db"). */
static int vault_path(const struct store_cfg *cfg, char *out, size_t cap, struct err *e)
{
    int n = 0;
    if (store_is_server(cfg->db_path)) /* PostgreSQL: tables in the same database */
        n = snprintf(out, cap, "%s", cfg->db_path);
    else if (cfg->vault_path != NULL && cfg->vault_path[0] != '\0') {
        n = snprintf(out, cap, "%s", cfg->vault_path);
    } else {
        size_t len = strlen(cfg->db_path);
        if (len > 3 && strcmp(cfg->db_path + len - 3, ".db") == 0)
            len -= 3;
        n = snprintf(out, cap, "%.*s-keys.db", (int)len, cfg->db_path);
    }
    if (n < 0 || (size_t)n >= cap)
        return err_set(e, ERR_INVAL, "pad van de sleutelkluis is te lang");
    return 0;
}

/* Column 0 of the first row of a parameterless statement as an integer. */
static int one_i64(struct store *st, const char *sql, const char *op, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__step(st, s, op, e);
    *out = rc == 1 ? store__col_i64(s, 0) : 0;
    store__done(s);
    return rc < 0 ? rc : 0;
}

/* The 16-byte id of sql's first row, column 0: *out_found false when there is none. */
static int read_id(struct store *st, const char *sql, const char *op, uint8_t id[VAULT_ID_BYTES],
                   bool *out_found, int64_t *out_linked, struct err *e)
{
    store_stmt *s = NULL;
    const uint8_t *p = NULL;
    size_t n = 0;
    *out_found = false;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__step(st, s, op, e);
    if (rc == 1) {
        rc = 0;
        store__col_blob(s, 0, &p, &n, NULL);
        if (n != VAULT_ID_BYTES) {
            rc = err_internal(e, ERR_DB, "%s: id of %zu bytes", op, n);
        } else {
            memcpy(id, p, n);
            *out_found = true;
            if (out_linked != NULL)
                *out_linked = store__col_i64(s, 1);
        }
    }
    store__done(s);
    return rc < 0 ? rc : 0;
}

static const char *meta_exists(const struct store *vs)
{
    return vs->pg != NULL ? SQL_V_META_EXISTS_PG : SQL_V_META_EXISTS;
}

/* The main database's link to its vault: *out_linked false before migration 24 / the first
 * sync. */
static int main_link(struct store *st, uint8_t id[VAULT_ID_BYTES], bool *out_linked, struct err *e)
{
    int64_t has = 0;
    *out_linked = false;
    int rc = one_i64(st, st->pg != NULL ? SQL_M_LINK_EXISTS_PG : SQL_M_LINK_EXISTS,
                     "key_vault_link.exists", &has, e);
    if (rc == 0 && has > 0)
        rc = read_id(st, SQL_M_LINK_GET, "key_vault_link.get", id, out_linked, NULL, e);
    return rc;
}

/* The vault's id and link flag (*out_found false in an empty read-only vault). */
static int vault_meta(struct store *vs, uint8_t id[VAULT_ID_BYTES], bool *out_found,
                      int64_t *out_linked, struct err *e)
{
    int64_t has = 0;
    *out_found = false;
    *out_linked = 0;
    int rc = one_i64(vs, meta_exists(vs), "vault_meta.exists", &has, e);
    if (rc == 0 && has > 0)
        rc = read_id(vs, SQL_V_META_GET, "vault_meta.get", id, out_found, out_linked, e);
    return rc;
}

/* Creates the vault's schema and identity (idempotent, under the vault's write lock). */
static int vault_schema(struct store *vs, struct err *e)
{
    uint8_t id[VAULT_ID_BYTES];
    store_stmt *s = NULL;
    int64_t has = 0;
    int rc = one_i64(vs, meta_exists(vs), "vault_meta.exists", &has, e);
    if (vs->pg != NULL && rc == 0) {
        if (has == 0)
            return 0; /* before the first migration: store__vault_sync comes back */
        rc = one_i64(vs, SQL_V_META_ROWS_PG, "vault_meta.rows", &has, e);
    }
    if (rc != 0 || has > 0)
        return rc; /* made before: nothing to write (every connection comes here) */
    rc = store__begin_fresh(vs, SQL_V_BEGIN, "vault.begin", e);
    if (rc != 0)
        return rc;
    /* Again under the write lock: another process opening the same new data dir may have made
     * the vault between the look above and the lock (two identities would collide on id 1). */
    rc = one_i64(vs, vs->pg != NULL ? SQL_V_META_ROWS_PG : meta_exists(vs), "vault_meta.exists",
                 &has, e);
    if (rc != 0 || has > 0) {
        (void)store_tx_rollback(vs, NULL);
        return rc;
    }
    if (vs->db != NULL) { /* PostgreSQL: the baseline schema made the tables */
        int src = sqlite3_exec(vs->db, SQL_V_SCHEMA, NULL, NULL, NULL);
        if (src != SQLITE_OK)
            rc = store__fail(vs, src, "vault.schema", e);
    }
    rand_bytes(id, sizeof(id));
    if (rc == 0)
        rc = store__stmt(vs, SQL_V_META_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_blob(vs, s, 1, id, sizeof(id), e);
    if (rc == 0)
        rc = store__bind_i64(vs, s, 2, clock_real_ms(), e);
    if (rc == 0)
        rc = store__step_done(vs, s, "vault_meta.add", e);
    store__done(s);
    if (rc == 0)
        rc = store_tx_commit(vs, e);
    if (rc != 0)
        (void)store_tx_rollback(vs, NULL);
    return rc;
}

int store__vault_attach(struct store *st, const struct store_cfg *cfg, struct err *e)
{
    char path[4096];
    uint8_t link_id[VAULT_ID_BYTES], vid[VAULT_ID_BYTES];
    bool linked = false, found = false;
    int64_t vlinked = 0;
    struct stat sb;

    int rc = vault_path(cfg, path, sizeof(path), e);
    if (rc == 0)
        rc = main_link(st, link_id, &linked, e);
    if (rc != 0)
        return rc;
    bool exists = store_is_server(path) || stat(path, &sb) == 0;
    if (!exists && linked) {
        return err_set(e, ERR_NOTFOUND,
                       "de sleutelkluis (regie-keys.db) ontbreekt; zet haar "
                       "terug uit de sleutelback-up (docs/operations.md)");
    }
    if (!exists && cfg->readonly)
        return 0; /* a read-only look at an unlinked database: no keys to read */
    struct store_cfg vc = {.db_path = path,
                           .keys = cfg->keys,
                           .busy_timeout_ms = cfg->busy_timeout_ms,
                           .cache_kib = VAULT_CACHE_KIB,
                           .readonly = cfg->readonly,
                           .create = !exists};
    /* Several processes opening the same new data dir at once (serve beside a CLI command) race
     * on the new vault's first journal-mode switch: SQLite answers "locked" or an I/O error to
     * the losers without waiting. Such an open is retried (up to ~2 s); nothing was written. */
    for (int attempt = 0;; attempt++) {
        rc = store__open_conn(&vc, &st->vault, e);
        if (rc == 0 && !cfg->readonly)
            rc = vault_schema(st->vault, e);
        if (rc == 0 || (rc != ERR_DB && rc != ERR_UNAVAILABLE) || attempt >= 100)
            break;
        store_close(st->vault);
        st->vault = NULL;
        err_clear(e);
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (rc == 0 && linked)
        rc = vault_meta(st->vault, vid, &found, &vlinked, e);
    if (rc == 0 && linked && (!found || memcmp(vid, link_id, sizeof(vid)) != 0)) {
        rc = err_set(e, ERR_CONFLICT, "de sleutelkluis hoort niet bij deze database");
        err_internal(e, ERR_CONFLICT, "vault id differs from key_vault_link");
    }
    return rc;
}

/* ---- sync at start (after the migrations) -----------------------------------------------------
 */

/* Links an unlinked database to its (unlinked) vault inside the caller's main transaction;
 * *out_flag: the vault's own flag must be set after that commits (main first, so a crash in
 * between leaves a link the flag catches up with, never a flagged vault without its database). */
static int link(struct store *st, bool *out_flag, struct err *e)
{
    uint8_t link_id[VAULT_ID_BYTES], vid[VAULT_ID_BYTES];
    bool linked = false, found = false;
    int64_t vlinked = 0;
    store_stmt *s = NULL;
    *out_flag = false;
    int rc = main_link(st, link_id, &linked, e);
    if (rc == 0)
        rc = vault_meta(st->vault, vid, &found, &vlinked, e);
    if (rc != 0)
        return rc;
    if (!found)
        return err_internal(e, ERR_DB, "vault without identity");
    if (!linked && vlinked) {
        rc = err_set(e, ERR_CONFLICT, "de sleutelkluis hoort al bij een andere database");
        return rc;
    }
    if (!linked) {
        rc = store__stmt(st, SQL_M_LINK_ADD, &s, e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 1, vid, sizeof(vid), e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
        if (rc == 0)
            rc = store__step_done(st, s, "key_vault_link.add", e);
        store__done(s);
        if (rc == 0)
            log_info("store.vault_linked", "result=ok");
    }
    *out_flag = rc == 0 && !vlinked;
    return rc;
}

struct moved {
    int64_t gid, version;
    uint8_t w[CRYPTO_DK_WRAPPED_BYTES];
    size_t wn;
};

/* Moves the wrapped keys a database made before migration 24 holds into the vault (durable),
 * then empties data_key.wrapped; the same for retired versions. Idempotent. *out_n: keys moved. */
static int move_keys(struct store *st, int64_t *out_n, struct err *e)
{
    struct moved *rows = calloc(VAULT_MOVE_CHUNK, sizeof(*rows));
    store_stmt *s = NULL;
    int64_t after = INT64_MIN;
    int rc = rows != NULL ? 0 : ERR_NOMEM;
    *out_n = 0;
    while (rc == 0) {
        size_t n = 0;
        rc = store__stmt(st, SQL_M_WRAPPED, &s, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 1, after, e);
        while (rc == 0 && n < VAULT_MOVE_CHUNK) {
            rc = store__step(st, s, "data_key.wrapped", e);
            if (rc != 1)
                break;
            rc = 0;
            const uint8_t *p = NULL;
            size_t pn = 0;
            store__col_blob(s, 1, &p, &pn, NULL);
            rows[n].gid = store__col_i64(s, 0);
            rows[n].version = store__col_i64(s, 2);
            rows[n].wn = pn <= CRYPTO_DK_WRAPPED_BYTES ? pn : 0;
            if (rows[n].wn > 0)
                memcpy(rows[n].w, p, rows[n].wn);
            n++;
        }
        store__done(s);
        s = NULL;
        if (rc < 0 || n == 0)
            break;
        rc = store__begin_fresh(st->vault, SQL_V_BEGIN, "vault.begin", e);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            after = rows[i].gid;
            if (rows[i].wn == 0)
                continue;
            rc = store__stmt(st->vault, SQL_V_KEY_MOVE, &s, e);
            if (rc == 0)
                rc = store__bind_i64(st->vault, s, 1, rows[i].gid, e);
            if (rc == 0)
                rc = store__bind_blob(st->vault, s, 2, rows[i].w, rows[i].wn, e);
            if (rc == 0)
                rc = store__bind_i64(st->vault, s, 3, rows[i].version, e);
            if (rc == 0)
                rc = store__bind_i64(st->vault, s, 4, clock_real_ms(), e);
            if (rc == 0)
                rc = store__step_done(st->vault, s, "vault_key.move", e);
            store__done(s);
            s = NULL;
            *out_n += rc == 0;
        }
        if (rc == 0)
            rc = store_tx_commit(st->vault, e);
        if (rc != 0)
            (void)store_tx_rollback(st->vault, NULL);
    }
    if (rows != NULL)
        crypto_wipe(rows, VAULT_MOVE_CHUNK * sizeof(*rows));
    free(rows);
    if (rc < 0)
        return rc;
    /* Retired versions: the vault's triggers guard new keys from now on. */
    int64_t has = 0;
    rc = one_i64(st, SQL_M_RETIRED_N, "key_retired.count", &has, e);
    if (rc == 0 && has > 0) {
        rc = store__stmt(st, SQL_M_RETIRED, &s, e);
        while (rc == 0) {
            rc = store__step(st, s, "key_retired.read", e);
            if (rc != 1)
                break;
            store_stmt *v = NULL;
            rc = store__stmt(st->vault, SQL_V_RETIRED_ADD, &v, e);
            if (rc == 0)
                rc = store__bind_i64(st->vault, v, 1, store__col_i64(s, 0), e);
            if (rc == 0)
                rc = store__bind_i64(st->vault, v, 2, store__col_i64(s, 1), e);
            if (rc == 0)
                rc = store__step_done(st->vault, v, "vault_retired.add", e);
            store__done(v);
        }
        store__done(s);
        if (rc == 0)
            rc = store__exec(st, SQL_M_RETIRED_CLEAR, "key_retired.clear", e);
    }
    /* Only now that every key is durable in the vault: empty the column in the database. */
    if (rc == 0 && *out_n > 0) {
        store_stmt *c = NULL;
        rc = store__stmt(st, SQL_M_CLEAR, &c, e);
        if (rc == 0)
            rc = store__bind_blob(st, c, 1, "", 0, e);
        if (rc == 0)
            rc = store__step_done(st, c, "data_key.clear", e);
        store__done(c);
    }
    return rc;
}

/* Deletes vault keys older than VAULT_SWEEP_AGE_MS whose group the database does not hold (alive):
 * reservations lost in a crash, and after a restore of an older database the keys of groups it
 * never had. *out_n: keys deleted. */
static int sweep(struct store *st, int64_t *out_n, struct err *e)
{
    int64_t ids[256], dead[256];
    int64_t after = INT64_MIN;
    int64_t before = clock_real_ms() - VAULT_SWEEP_AGE_MS;
    int rc = 0;
    *out_n = 0;
    for (;;) {
        size_t n = 0, nd = 0;
        store_stmt *s = NULL;
        rc = store__stmt(st->vault, SQL_V_OLD, &s, e);
        if (rc == 0)
            rc = store__bind_i64(st->vault, s, 1, before, e);
        if (rc == 0)
            rc = store__bind_i64(st->vault, s, 2, after, e);
        while (rc == 0 && n < ARRAY_LEN(ids)) {
            rc = store__step(st->vault, s, "vault_key.old", e);
            if (rc == 1) {
                ids[n++] = store__col_i64(s, 0);
                rc = 0;
            } else {
                break;
            }
        }
        store__done(s);
        if (rc < 0 || n == 0)
            break;
        /* Which of them no group in the database holds; a vault transaction (one fsync) only
         * for a chunk that has such keys: after a day every key is old, and most are live. */
        for (size_t i = 0; rc == 0 && i < n; i++) {
            int64_t live = 0;
            after = ids[i];
            rc = store__single_i64(st, SQL_M_LIVE, "data_key.live", ids[i], &live, e);
            if (rc == 0 && live == 0)
                dead[nd++] = ids[i];
        }
        if (rc == 0 && nd > 0)
            rc = store__begin_fresh(st->vault, SQL_V_BEGIN, "vault.begin", e);
        for (size_t i = 0; rc == 0 && i < nd; i++)
            rc = store__exec_ids(st->vault, SQL_V_KEY_DEL, "vault_key.sweep", dead[i], 0, 0, e);
        if (rc == 0 && nd > 0)
            rc = store_tx_commit(st->vault, e);
        if (rc != 0) {
            (void)store_tx_rollback(st->vault, NULL);
            break;
        }
        *out_n += (int64_t)nd;
        if (n < ARRAY_LEN(ids))
            break;
    }
    return rc < 0 ? rc : 0;
}

int store_vault_sweep(struct store *st, int64_t *out_n, struct err *e)
{
    int64_t swept = 0;
    if (out_n != NULL)
        *out_n = 0;
    if (st->vault == NULL)
        return err_internal(e, ERR_INVAL, "store without key vault");
    int rc = sweep(st, &swept, e);
    if (rc == 0 && swept > 0)
        log_info("store.vault_swept", "keys=%" PRId64, swept);
    if (out_n != NULL)
        *out_n = swept;
    return rc;
}

int store__vault_sync(struct store *st, struct err *e)
{
    int64_t moved = 0;
    bool flag = false;
    if (st->vault == NULL)
        return err_internal(e, ERR_INVAL, "store without key vault");
    /* PostgreSQL: the vault's tables came with the migration just run; its identity now. */
    int rc = st->vault->pg != NULL ? vault_schema(st->vault, e) : 0;
    if (rc == 0)
        rc = store_tx_begin(st, e);
    if (rc == 0)
        rc = link(st, &flag, e);
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc == 0 && flag)
        rc = store__exec(st->vault, SQL_V_META_LINK, "vault_meta.link", e);
    if (rc == 0)
        rc = store_tx_begin(st, e);
    if (rc == 0)
        rc = move_keys(st, &moved, e);
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc != 0) {
        (void)store_tx_rollback(st, NULL);
        return rc;
    }
    if (moved > 0) {
        log_info("store.vault_moved", "keys=%" PRId64, moved);
        if (store_checkpoint(st, NULL) != 0)
            log_warn("store.vault_moved_checkpoint", "result=busy");
    }
    return 0;
}

/* ---- keys -------------------------------------------------------------------------------------
 */

/* Deletes the connection's unused reservations from the vault (they were never handed out). */
static void pool_drop(struct store *st)
{
    struct err tmp;
    err_clear(&tmp);
    if (st->vault == NULL || st->pool_n == 0) {
        st->pool_n = 0;
        return;
    }
    /* One vault transaction; on any failure the rest is left behind for the sweep. */
    int rc = store__begin_fresh(st->vault, SQL_V_BEGIN, "vault.begin", &tmp);
    for (size_t i = 0; rc == 0 && i < st->pool_n; i++)
        rc = store__exec_ids(st->vault, SQL_V_KEY_DEL, "vault_key.unreserve", st->pool[i], 0, 0,
                             &tmp);
    if (rc == 0)
        rc = store_tx_commit(st->vault, &tmp);
    if (rc != 0)
        (void)store_tx_rollback(st->vault, NULL);
    st->pool_n = 0;
}

/* Reserves STORE_POOL_MAX fresh keys in one vault transaction (one fsync). */
static int reserve(struct store *st, struct err *e)
{
    const struct keyring *kr = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t w[CRYPTO_DK_WRAPPED_BYTES];
    size_t wn = 0, n = 0;
    int64_t now = clock_real_ms();
    struct store *vs = st->vault;
    int rc = store__keys(st, &kr, e);
    if (rc == 0 && vs == NULL)
        rc = err_internal(e, ERR_INVAL, "store without key vault");
    if (rc == 0)
        rc = store__begin_fresh(vs, SQL_V_BEGIN, "vault.begin", e);
    if (rc != 0)
        return rc;
    for (int tries = 0; rc == 0 && n < STORE_POOL_MAX && tries < 2 * STORE_POOL_MAX; tries++) {
        store_stmt *s = NULL;
        int64_t gid = rand_i63();
        rc = crypto_dk_new(kr, gid, dk, w, sizeof(w), &wn, e);
        crypto_wipe(dk, sizeof(dk)); /* only the wrapped form is kept */
        if (rc == 0)
            rc = store__stmt(vs, SQL_V_KEY_ADD, &s, e);
        if (rc == 0)
            rc = store__bind_i64(vs, s, 1, gid, e);
        if (rc == 0)
            rc = store__bind_blob(vs, s, 2, w, wn, e);
        if (rc == 0)
            rc = store__bind_i64(vs, s, 3, (int64_t)keyring_key_version(kr), e);
        if (rc == 0)
            rc = store__bind_i64(vs, s, 4, now, e);
        if (rc == 0)
            rc = store__step_done(vs, s, "vault_key.reserve", e);
        store__done(s);
        if (rc == 0 && store__changes(vs) == 0) /* an id collision: draw again */
            continue;
        if (rc == 0)
            st->pool[n++] = gid;
    }
    if (rc == 0)
        rc = store_tx_commit(vs, e); /* synchronous=FULL: durable before any use */
    if (rc != 0) {
        (void)store_tx_rollback(vs, NULL);
        n = 0;
    }
    crypto_wipe(w, sizeof(w));
    st->pool_n = n;
    st->pool_at = now;
    if (rc == 0 && n == 0)
        rc = err_internal(e, ERR_DB, "vault_key.reserve: no free id");
    return rc;
}

int store__vault_take(struct store *st, int64_t *out_gid, struct err *e)
{
    int64_t age = clock_real_ms() - st->pool_at;
    int rc = 0;
    *out_gid = 0;
    if (st->pool_n > 0 && (age < 0 || age > VAULT_LEASE_MS))
        pool_drop(st); /* stale lease: a sweep elsewhere may treat them as orphans soon */
    if (st->pool_n == 0)
        rc = reserve(st, e);
    if (rc == 0)
        *out_gid = st->pool[--st->pool_n];
    return rc;
}

int store__vault_key(struct store *st, int64_t group_id, uint8_t *wrapped, size_t *out_wn,
                     struct err *e)
{
    store_stmt *s = NULL;
    const uint8_t *p = NULL;
    size_t n = 0;
    *out_wn = 0;
    if (st->vault == NULL)
        return 0; /* no vault: no key */
    int rc = store__stmt(st->vault, SQL_V_KEY_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st->vault, s, 1, group_id, e);
    if (rc == 0)
        rc = store__step(st->vault, s, "vault_key.get", e);
    if (rc == 1) {
        rc = 0;
        store__col_blob(s, 0, &p, &n, NULL);
        if (n > 0 && n <= CRYPTO_DK_WRAPPED_BYTES) {
            memcpy(wrapped, p, n);
            *out_wn = n;
        }
    }
    store__done(s);
    return rc < 0 ? rc : 0;
}

int store__vault_flush(struct store *st, struct err *e)
{
    int rc = 0;
    if (st->pending_n == 0)
        return 0;
    if (st->vault == NULL)
        return err_internal(e, ERR_INVAL, "store without key vault");
    rc = store__begin_fresh(st->vault, SQL_V_BEGIN, "vault.begin", e);
    for (size_t i = 0; rc == 0 && i < st->pending_n; i++)
        rc =
            store__exec_ids(st->vault, SQL_V_KEY_DEL, "vault_key.destroy", st->pending[i], 0, 0, e);
    if (rc == 0)
        rc = store_tx_commit(st->vault, e); /* durable before the main commit */
    if (rc != 0)
        (void)store_tx_rollback(st->vault, NULL);
    else
        st->pending_n = 0;
    return rc;
}

int store__vault_forget(struct store *st, int64_t group_id, struct err *e)
{
    if (st->pending_n == st->pending_cap) {
        size_t cap = st->pending_cap ? 2 * st->pending_cap : 16;
        int64_t *p = realloc(st->pending, cap * sizeof(*p));
        if (p == NULL)
            return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
        st->pending = p;
        st->pending_cap = cap;
    }
    st->pending[st->pending_n++] = group_id;
    return 0;
}

void store__vault_close(struct store *st)
{
    if (st->vault == NULL)
        return;
    pool_drop(st);
    store_close(st->vault);
    st->vault = NULL;
}
