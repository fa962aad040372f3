/* sqlite.c: the SQLite connection: open with hardened configuration, the prepared-statement
 * cache, checked bind/step/column wrappers, error mapping, transactions, savepoints, migrations
 * and settings introspection. Repositories live in their own files (region.c, org.c, person.c). */
#include "core/common.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "store/pg.h"
#include "store/store_int.h"

#define DEFAULT_BUSY_MS 5000
#define MAX_BUSY_MS 600000
#define DEFAULT_CACHE_KIB 8192
#define MAX_CACHE_KIB 1048576

#define LIMIT_LENGTH (8 * 1024 * 1024)
#define LIMIT_SQL_LENGTH (1024 * 1024)
#define LIMIT_COLUMN 200
#define LIMIT_VARIABLE_NUMBER 250
#define LIMIT_ATTACHED 0

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN DEFERRED";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SP_BEGIN[] = "SAVEPOINT regie_sp";
static const char SQL_SP_RELEASE[] = "RELEASE regie_sp";
static const char SQL_SP_ROLLBACK[] = "ROLLBACK TO regie_sp";
static const char SQL_VERSION_TABLE[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                        "  version INTEGER PRIMARY KEY,"
                                        "  applied_at INTEGER NOT NULL"
                                        ") STRICT";
static const char SQL_VERSION_GET[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char SQL_VERSION_ADD[] = "INSERT INTO schema_version(version, applied_at) "
                                      "VALUES (?1, ?2)";
static const char SQL_VERSION_EXISTS[] = "SELECT count(*) FROM sqlite_schema "
                                         "WHERE type = 'table' AND name = 'schema_version'";
static const char SQL_VERSION_EXISTS_PG[] =
    "SELECT count(*) FROM pg_catalog.pg_tables "
    "WHERE schemaname = current_schema() AND tablename = 'schema_version'";

static void mem_settle(struct store *st);

/* ---- errors --------------------------------------------------------------------------------- */

int store__fail(struct store *st, int src, const char *op, struct err *e)
{
    int ext = st != NULL && st->db != NULL ? sqlite3_extended_errcode(st->db) : src;
    int prim = src & 0xFF;
    int code = ERR_DB;
    const char *msg = "databasefout";

    /* With SQLITE_OPEN_EXRESCODE src is already extended; prefer it when it agrees. */
    if ((ext & 0xFF) != prim)
        ext = src;
    switch (prim) {
    case SQLITE_CONSTRAINT:
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
            code = ERR_CONFLICT;
            msg = "bestaat al";
        } else {
            code = ERR_INVAL;
            msg = "gegevens voldoen niet aan de regels (verwijzing, waarde of type)";
        }
        break;
    case SQLITE_TOOBIG:
        code = ERR_TOOBIG;
        msg = "gegevens te groot";
        break;
    case SQLITE_NOMEM:
        code = ERR_NOMEM;
        msg = "onvoldoende geheugen";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        msg = "database bezet, probeer het opnieuw";
        break;
    case SQLITE_FULL:
        /* Disk full (issue 12, faults): the transaction is rolled back whole; answer 503 so the
         * client retries later, not 500. Writes work again once space returns, no restart. */
        code = ERR_UNAVAILABLE;
        msg = "de opslag is vol; de wijziging is niet opgeslagen, probeer het later opnieuw";
        break;
    default:
        break;
    }
    err_set(e, code, "%s", msg);
    err_internal(e, code, "sqlite op=%s rc=%d ext=%d (%s)", op, src, ext, sqlite3_errstr(ext));
    return code;
}

/* ---- statements ----------------------------------------------------------------------------- */

static size_t slot_hash(const char *sql)
{
    uint64_t h = (uint64_t)(uintptr_t)sql;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)(h & (STORE_STMT_SLOTS - 1));
}

/* PostgreSQL: whether a statement may write (SELECT and WITH ... SELECT do not). */
static bool sql_writes(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    return strncasecmp(sql, "SELECT", 6) != 0 &&
           !(strncasecmp(sql, "WITH", 4) == 0 && strstr(sql, "INSERT") == NULL &&
             strstr(sql, "UPDATE") == NULL && strstr(sql, "DELETE") == NULL);
}

int store__stmt(struct store *st, const char *sql, store_stmt **out, struct err *e)
{
    int rc = 0;
    size_t i = slot_hash(sql);
    *out = NULL;
    for (size_t probes = 0; probes < STORE_STMT_SLOTS; probes++) {
        struct store_stmt_slot *slot = &st->slots[i];
        if (slot->sql == sql) {
            *out = &slot->stmt;
            goto out;
        }
        if (slot->sql == NULL) {
            /* Keep a quarter of the table free so probe chains stay short. */
            if (st->n_stmts >= STORE_STMT_SLOTS - STORE_STMT_SLOTS / 4) {
                rc = err_internal(e, ERR_TOOBIG, "store statement cache full");
                goto out;
            }
            store_stmt s = {0};
            if (st->pg != NULL) {
                rc = pg_stmt_new(st->pg, sql, &s.pg, e);
                if (rc != 0)
                    goto out;
                s.writes = sql_writes(sql);
            } else {
                int src = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                             &s.lite, NULL);
                if (src != SQLITE_OK || s.lite == NULL) {
                    sqlite3_finalize(s.lite);
                    rc = store__fail(st, src == SQLITE_OK ? SQLITE_ERROR : src, "prepare", e);
                    goto out;
                }
                s.writes = !sqlite3_stmt_readonly(s.lite);
            }
            slot->sql = sql;
            slot->stmt = s;
            st->n_stmts++;
            *out = &slot->stmt;
            goto out;
        }
        i = (i + 1) & (STORE_STMT_SLOTS - 1);
    }
    rc = err_internal(e, ERR_TOOBIG, "store statement cache full");
out:
    return rc;
}

void store__done(store_stmt *s)
{
    if (s == NULL)
        return;
    if (s->pg != NULL) {
        pg_clear_binds(s->pg);
        return;
    }
    /* reset's return repeats the last step's error, which the caller has already handled. */
    (void)sqlite3_reset(s->lite);
    (void)sqlite3_clear_bindings(s->lite);
}

int store__bind_i64(struct store *st, store_stmt *s, int idx, int64_t v, struct err *e)
{
    if (s->pg != NULL)
        return pg_bind_i64(s->pg, idx, v, e);
    int src = sqlite3_bind_int64(s->lite, idx, (sqlite3_int64)v);
    return src == SQLITE_OK ? 0 : store__fail(st, src, "bind", e);
}

int store__bind_text(struct store *st, store_stmt *s, int idx, struct str v, struct err *e)
{
    if (v.n > INT_MAX)
        return err_set(e, ERR_TOOBIG, "gegevens te groot");
    if (s->pg != NULL)
        return pg_bind_text(s->pg, idx, (struct str){v.p != NULL ? v.p : "", v.n}, e);
    int src = sqlite3_bind_text(s->lite, idx, v.p != NULL ? v.p : "", (int)v.n, SQLITE_STATIC);
    return src == SQLITE_OK ? 0 : store__fail(st, src, "bind", e);
}

int store__bind_blob(struct store *st, store_stmt *s, int idx, const void *p, size_t n,
                     struct err *e)
{
    int src;
    if (n > INT_MAX)
        return err_set(e, ERR_TOOBIG, "gegevens te groot");
    if (s->pg != NULL)
        return pg_bind_blob(s->pg, idx, p, n, e);
    if (n == 0)
        src = sqlite3_bind_zeroblob(s->lite, idx, 0); /* a NULL pointer would bind SQL NULL */
    else
        src = sqlite3_bind_blob(s->lite, idx, p, (int)n, SQLITE_STATIC);
    return src == SQLITE_OK ? 0 : store__fail(st, src, "bind", e);
}

int store__bind_null(struct store *st, store_stmt *s, int idx, struct err *e)
{
    if (s->pg != NULL)
        return pg_bind_null(s->pg, idx, e);
    int src = sqlite3_bind_null(s->lite, idx);
    return src == SQLITE_OK ? 0 : store__fail(st, src, "bind", e);
}

static void snap_yield(struct store *st);

int store__step(struct store *st, store_stmt *s, const char *op, struct err *e)
{
    /* A write never runs inside a read snapshot: that would upgrade it to a write transaction
     * (which fails when the snapshot is older than the last commit) and leave it open. */
    if (st->read_snap && s->writes)
        snap_yield(st);
    if (s->pg != NULL)
        return pg_step(s->pg, e);
    int src = sqlite3_step(s->lite);
    if (src == SQLITE_ROW)
        return 1;
    if (src == SQLITE_DONE)
        return 0;
    return store__fail(st, src, op, e);
}

int store__step_done(struct store *st, store_stmt *s, const char *op, struct err *e)
{
    int rc = store__step(st, s, op, e);
    if (rc == 1)
        rc = err_internal(e, ERR_DB, "sqlite op=%s unexpected row", op);
    return rc;
}

int store__step_try(struct store *st, store_stmt *s, const char *op, struct err *e)
{
    if (st->pg == NULL || !pg_in_tx(st->pg))
        return store__step_done(st, s, op, e);
    int rc = pg_exec(st->pg, "SAVEPOINT regie_try", e);
    if (rc != 0)
        return rc;
    rc = store__step_done(st, s, op, e);
    struct err tmp;
    err_clear(&tmp);
    /* the statement's error (and its constraint, for the caller) is kept; the transaction is
     * usable again */
    int rc2 = pg_exec(st->pg, rc == 0 ? "RELEASE regie_try"
                                      : "ROLLBACK TO regie_try; RELEASE regie_try",
                      rc == 0 ? e : &tmp);
    return rc != 0 ? rc : rc2;
}

int store__col_text(store_stmt *s, int col, char *out, size_t cap, size_t *out_len,
                    struct err *e)
{
    const unsigned char *p = store__col_text_raw(s, col);
    int n = store__col_bytes(s, col);
    size_t len = n > 0 ? (size_t)n : 0;
    if (out_len != NULL)
        *out_len = 0;
    if (cap == 0)
        return err_internal(e, ERR_DB, "col_text cap 0");
    if (p == NULL || len == 0) {
        out[0] = '\0';
        return 0;
    }
    if (len >= cap) {
        out[0] = '\0';
        return err_internal(e, ERR_DB, "col_text column %d longer than %zu", col, cap - 1);
    }
    memcpy(out, p, len);
    out[len] = '\0';
    if (out_len != NULL)
        *out_len = len;
    return 0;
}

void store__col_blob(store_stmt *s, int col, const uint8_t **out_p, size_t *out_n,
                     bool *out_null)
{
    bool is_null = store__col_is_null(s, col);
    const void *p = store__col_blob_raw(s, col);
    int n = store__col_bytes(s, col);
    *out_p = p;
    *out_n = (p != NULL && n > 0) ? (size_t)n : 0;
    if (out_null != NULL)
        *out_null = is_null;
}

int store__exec(struct store *st, const char *sql, const char *op, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    return rc;
}

int store__pragma(struct store *st, const char *sql, const char *op, struct err *e)
{
    if (st->pg != NULL)
        return 0;
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__step(st, s, op, e); /* some answer the new value, some nothing */
    store__done(s);
    return rc < 0 ? rc : 0;
}

void store__stream(store_stmt *s, bool on)
{
    if (s->pg != NULL)
        pg_stmt_stream(s->pg, on);
}

int64_t store__changes(struct store *st)
{
    if (st->pg != NULL)
        return pg_changes(st->pg);
    return (int64_t)sqlite3_changes64(st->db);
}

int store__check_name(struct str s, size_t max, const char *field, struct err *e)
{
    if (s.n == 0 || s.p == NULL)
        return err_field(e, field, "is verplicht");
    if (s.n > max)
        return err_field(e, field, "is te lang (maximaal %zu bytes)", max);
    /* One line of text: str_utf8_valid allows tab/LF/CR, a name does not. */
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
            return err_field(e, field, "bevat ongeldige tekens");
    if (!str_utf8_valid(s, false))
        return err_field(e, field, "bevat ongeldige tekens");
    return 0;
}

int store__keys(struct store *st, const struct keyring **out, struct err *e)
{
    *out = st->kr;
    if (st->kr == NULL)
        return err_internal(e, ERR_INVAL, "store opened without keyring");
    return 0;
}

/* ---- transactions --------------------------------------------------------------------------- */

static bool in_tx(const struct store *st)
{
    if (st->pg != NULL)
        return pg_in_tx(st->pg);
    return sqlite3_get_autocommit(st->db) == 0;
}

/* A transaction-control statement (COMMIT, ROLLBACK, SAVEPOINT, ...): PostgreSQL runs it as
 * plain SQL, SQLite through the statement cache. */
static int tx_sql(struct store *st, const char *sql, const char *op, struct err *e)
{
    if (st->pg != NULL)
        return pg_exec(st->pg, sql, e);
    return store__exec(st, sql, op, e);
}

/* Ends an open transaction whatever happened before: the cached ROLLBACK statement first, then a
 * freshly prepared one (a failed allocation or I/O error may have hit the first). Returns 0 when
 * no transaction is left open; otherwise marks the connection (tx_stale) for the next begin. */
static int force_rollback(struct store *st, struct err *e)
{
    if (!in_tx(st)) {
        st->tx_stale = false;
        st->tx_poisoned = false;
        return 0;
    }
    int rc = tx_sql(st, SQL_ROLLBACK, "tx.rollback", e);
    if (rc != 0 && in_tx(st) && st->db != NULL) {
        int src = sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        if (src != SQLITE_OK && in_tx(st))
            log_error("store.rollback_failed", "rc=%d", src);
    }
    st->tx_stale = in_tx(st);
    if (!st->tx_stale)
        st->tx_poisoned = false;
    return st->tx_stale ? (rc != 0 ? rc : err_internal(e, ERR_DB, "rollback failed")) : 0;
}

/* A transaction found open at a begin: refused as a programming error, unless a failed rollback
 * left it (tx_stale): then nothing in it was acknowledged and it is rolled back now, instead of
 * blocking every later write until a restart (tests/api/test_faults.c). */
static int end_stale(struct store *st, struct err *e)
{
    if (!st->tx_stale)
        return err_internal(e, ERR_INVAL, "tx_begin: transaction already open");
    log_warn("store.stale_tx", "action=rollback");
    st->pending_n = 0;
    st->sp_depth = 0;
    if (force_rollback(st, e) != 0)
        return err_internal(e, ERR_UNAVAILABLE, "tx_begin: an earlier transaction is still open");
    return 0;
}

bool store_tx_open(struct store *st)
{
    return st != NULL && in_tx(st);
}

int store_tx_begin(struct store *st, struct err *e)
{
    snap_yield(st);
    if (in_tx(st)) {
        int rc = end_stale(st, e);
        if (rc != 0)
            return rc;
    }
    st->tx_poisoned = false;
    if (st->pg != NULL) /* BEGIN and the database-wide writer lock (pg.h) */
        return pg_begin_write(st->pg, st->busy_ms, e);
    return store__exec(st, SQL_BEGIN, "tx.begin", e);
}

bool store_read_begin(struct store *st)
{
    if (in_tx(st))
        return false;
    st->read_snap = (st->pg != NULL ? pg_begin_read(st->pg, NULL)
                                    : store__exec(st, SQL_BEGIN_READ, "read.begin", NULL)) == 0;
    return st->read_snap;
}

bool store_read_active(const struct store *st)
{
    return st->read_snap && in_tx(st);
}

/* Ends the open read snapshot, if any (it read only: its end commits nothing). */
static void snap_yield(struct store *st)
{
    if (!st->read_snap)
        return;
    st->read_snap = false;
    if (in_tx(st) && tx_sql(st, SQL_COMMIT, "read.end", NULL) != 0)
        (void)force_rollback(st, NULL);
    mem_settle(st);
}

void store_read_yield(struct store *st)
{
    snap_yield(st);
}

void store_read_end(struct store *st, bool opened)
{
    if (opened) /* else it was not ours; and one a write ended is no longer open */
        snap_yield(st);
}

int store__begin_fresh(struct store *st, const char *sql, const char *op, struct err *e)
{
    snap_yield(st);
    if (in_tx(st)) {
        st->tx_stale = true; /* this connection never keeps a transaction between calls */
        int rc = end_stale(st, e);
        if (rc != 0)
            return rc;
    }
    st->tx_poisoned = false;
    if (st->pg != NULL) /* the vault's own connection: no writer lock (the main one may hold it) */
        return pg_exec(st->pg, "BEGIN", e);
    return store__exec(st, sql, op, e);
}

int store_tx_commit(struct store *st, struct err *e)
{
    if (!in_tx(st))
        return err_internal(e, ERR_INVAL, "tx_commit: no transaction open");
    if (st->tx_poisoned) /* the caller rolls back: nothing of this transaction is applied */
        return err_internal(e, ERR_DB, "tx_commit: a savepoint could not be undone");
    /* Keys of groups destroyed in this transaction leave the vault durably first (vault.c). */
    int rc = store__vault_flush(st, e);
    if (rc == 0)
        rc = tx_sql(st, SQL_COMMIT, "tx.commit", e);
    if (rc == 0) {
        st->sp_depth = 0;
        mem_settle(st);
    }
    return rc;
}

int store_tx_rollback(struct store *st, struct err *e)
{
    st->pending_n = 0;
    st->sp_depth = 0;
    int rc = force_rollback(st, e);
    mem_settle(st);
    return rc;
}

int store__sp_begin(struct store *st, struct err *e)
{
    if (st->sp_depth >= STORE_SP_DEPTH)
        return err_internal(e, ERR_INVAL, "savepoints nested deeper than %d", STORE_SP_DEPTH);
    bool opens = !in_tx(st);
    int rc = 0;
    if (opens && st->pg != NULL) /* PostgreSQL has no savepoint outside a transaction */
        rc = pg_begin_write(st->pg, st->busy_ms, e);
    else
        rc = tx_sql(st, SQL_SP_BEGIN, "savepoint", e);
    if (rc == 0) {
        st->sp_mark[st->sp_depth] = st->pending_n;
        st->sp_opened_tx[st->sp_depth] = opens;
        st->sp_depth++;
    }
    return rc;
}

/* Undoes and ends the savepoint. The caller's error stays in e: this only fails when the
 * connection is already broken, which is logged. */
static void sp_abort(struct store *st, bool opened)
{
    struct err tmp;
    err_clear(&tmp);
    if (opened && st->pg != NULL) {
        st->sp_depth = 0;
        if (force_rollback(st, &tmp) != 0)
            log_error("store.savepoint_abort_failed", "code=%d", tmp.code);
        return;
    }
    if (tx_sql(st, SQL_SP_ROLLBACK, "savepoint.rollback", &tmp) != 0 ||
        tx_sql(st, SQL_SP_RELEASE, "savepoint.release", &tmp) != 0) {
        log_error("store.savepoint_abort_failed", "code=%d", tmp.code);
        /* The savepoint opened the transaction: end it whole rather than leave it open.
         * Otherwise the enclosing transaction holds the failed operation's writes: it must
         * not commit (a half-applied operation, found by tests/api/test_faults.c). */
        if (opened) {
            st->sp_depth = 0;
            (void)force_rollback(st, &tmp);
        } else {
            st->tx_poisoned = true;
        }
    }
}

int store__sp_end(struct store *st, bool ok, struct err *e)
{
    int rc = 0;
    size_t mark = st->pending_n;
    bool opened = false;
    if (st->sp_depth > 0) {
        st->sp_depth--;
        mark = st->sp_mark[st->sp_depth];
        opened = st->sp_opened_tx[st->sp_depth];
    }
    /* Releasing an outermost savepoint commits: the vault deletions go first, as in commit. */
    if (ok && opened)
        rc = store__vault_flush(st, e);
    if (!ok || rc != 0) {
        st->pending_n = mark;
        sp_abort(st, opened);
        goto out;
    }
    rc = tx_sql(st, opened && st->pg != NULL ? SQL_COMMIT : SQL_SP_RELEASE, "savepoint.release",
                e);
    if (rc != 0) {
        st->pending_n = mark;
        sp_abort(st, opened);
    }
out:
    return rc;
}

/* ---- migrations ----------------------------------------------------------------------------- */

int store_schema_latest(void)
{
    return (int)store__n_migrations;
}

static int version_read(struct store *st, int *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out = 0;
    rc = store__stmt(st, SQL_VERSION_GET, &s, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "schema.version", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "schema.version no row");
        goto out;
    }
    rc = 0;
    int64_t v = store__col_i64(s, 0);
    if (v < 0 || v > INT_MAX) {
        rc = err_internal(e, ERR_DB, "schema.version out of range");
        goto out;
    }
    *out = (int)v;
out:
    store__done(s);
    return rc;
}

int store_schema_version(struct store *st, int *out_version, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_version = 0;
    /* A fresh database has no schema_version table yet: version 0, without creating it (this
     * must also work on a read-only connection). */
    rc = store__stmt(st, st->pg != NULL ? SQL_VERSION_EXISTS_PG : SQL_VERSION_EXISTS, &s, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "schema.exists", e);
    if (rc < 0)
        goto out;
    bool exists = rc == 1 && store__col_i64(s, 0) > 0;
    store__done(s);
    s = NULL;
    rc = 0;
    if (exists)
        rc = version_read(st, out_version, e);
out:
    store__done(s);
    return rc;
}

static int migration_apply(struct store *st, int version, struct err *e)
{
    int rc = 0;
    char *msg = NULL;
    store_stmt *s = NULL;
    /* Multi-statement DDL: sqlite3_exec. Its message can quote SQL, so it is dropped. */
    int src = sqlite3_exec(st->db, store__migrations[version - 1], NULL, NULL, &msg);
    sqlite3_free(msg);
    if (src != SQLITE_OK) {
        rc = store__fail(st, src, "migrate", e);
        err_internal(e, rc, "sqlite op=migrate version=%d rc=%d (%s)", version, src,
                     sqlite3_errstr(src));
        goto out;
    }
    rc = store__stmt(st, SQL_VERSION_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, version, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "schema.record", e);
out:
    store__done(s);
    return rc;
}

int store_migrate(struct store *st, int *out_applied, struct err *e)
{
    int rc = 0;
    int applied = 0;
    int latest = (int)store__n_migrations;
    bool began = false;

    *out_applied = 0;
    if (in_tx(st)) {
        rc = err_internal(e, ERR_INVAL, "migrate inside a transaction");
        goto out;
    }
    if (st->pg != NULL) {
        rc = store__pg_migrate(st, &applied, e);
        if (rc == 0 && !st->readonly)
            rc = store__vault_sync(st, e);
        goto out;
    }
    rc = store__exec(st, SQL_VERSION_TABLE, "schema.bootstrap", e);
    if (rc != 0)
        goto out;
    for (;;) {
        int cur = 0;
        /* Re-read the version under the write lock: another process may have migrated. */
        rc = store_tx_begin(st, e);
        if (rc != 0)
            goto out;
        began = true;
        rc = version_read(st, &cur, e);
        if (rc != 0)
            goto out;
        if (cur > latest) {
            rc = err_set(e, ERR_CONFLICT, "de database is nieuwer dan dit programma");
            err_internal(e, ERR_CONFLICT, "schema version %d > latest %d", cur, latest);
            goto out;
        }
        if (cur == latest)
            break;
        rc = migration_apply(st, cur + 1, e);
        if (rc != 0)
            goto out;
        rc = store_tx_commit(st, e);
        if (rc != 0)
            goto out;
        began = false;
        applied++;
        log_info("store.migrated", "version=%d", cur + 1);
    }
    rc = store_tx_rollback(st, e); /* nothing written in the last, read-only round */
    began = false;
    if (rc == 0 && !st->readonly)
        rc = store__vault_sync(st, e);
out:
    if (rc != 0 && began)
        (void)store_tx_rollback(st, NULL);
    *out_applied = applied;
    return rc;
}

/* ---- settings ------------------------------------------------------------------------------- */

/* Runs a PRAGMA that returns one value. Not cached: used at open and for diagnostics. */
static int pragma_get(struct store *st, const char *sql, int64_t *out_i, char *out_s, size_t cap,
                      struct err *e)
{
    int rc = 0;
    store_stmt s = {0};
    int src = sqlite3_prepare_v2(st->db, sql, -1, &s.lite, NULL);
    if (src != SQLITE_OK || s.lite == NULL) {
        rc = store__fail(st, src == SQLITE_OK ? SQLITE_ERROR : src, "pragma", e);
        goto out;
    }
    rc = store__step(st, &s, "pragma", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "pragma returned no row");
        goto out;
    }
    rc = 0;
    if (out_i != NULL)
        *out_i = sqlite3_column_int64(s.lite, 0);
    if (out_s != NULL)
        rc = store__col_text(&s, 0, out_s, cap, NULL, e);
out:
    sqlite3_finalize(s.lite);
    return rc;
}

static int dbconfig_get(struct store *st, int op, bool *out, struct err *e)
{
    int v = -1;
    int src = sqlite3_db_config(st->db, op, -1, &v);
    if (src != SQLITE_OK)
        return store__fail(st, src, "dbconfig", e);
    *out = v != 0;
    return 0;
}

int store_settings_get(struct store *st, struct store_settings *out, struct err *e)
{
    int rc = 0;
    int64_t v = 0;
    memset(out, 0, sizeof(*out));
    if (st->pg != NULL)
        return store__pg_settings(st, out, e);

    rc = dbconfig_get(st, SQLITE_DBCONFIG_DEFENSIVE, &out->defensive, e);
    if (rc == 0)
        rc = dbconfig_get(st, SQLITE_DBCONFIG_TRUSTED_SCHEMA, &out->trusted_schema, e);
    if (rc == 0)
        rc = dbconfig_get(st, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, &out->load_extension, e);
    if (rc == 0)
        rc = dbconfig_get(st, SQLITE_DBCONFIG_DQS_DML, &out->dqs_dml, e);
    if (rc == 0)
        rc = dbconfig_get(st, SQLITE_DBCONFIG_DQS_DDL, &out->dqs_ddl, e);
    if (rc != 0)
        goto out;
    rc = pragma_get(st, "PRAGMA foreign_keys", &v, NULL, 0, e);
    if (rc != 0)
        goto out;
    out->foreign_keys = v != 0;
    rc = pragma_get(st, "PRAGMA secure_delete", &v, NULL, 0, e);
    if (rc != 0)
        goto out;
    out->secure_delete = v != 0;
    rc = pragma_get(st, "PRAGMA journal_mode", NULL, out->journal_mode,
                    sizeof(out->journal_mode), e);
    if (rc != 0)
        goto out;
    rc = pragma_get(st, "PRAGMA synchronous", &v, NULL, 0, e);
    if (rc != 0)
        goto out;
    out->synchronous = (int)v;
    rc = pragma_get(st, "PRAGMA busy_timeout", &v, NULL, 0, e);
    if (rc != 0)
        goto out;
    out->busy_timeout_ms = (int)v;
    rc = pragma_get(st, "PRAGMA cache_size", &out->cache_size, NULL, 0, e);
    if (rc != 0)
        goto out;
    out->limit_length = sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, -1);
    out->limit_sql_length = sqlite3_limit(st->db, SQLITE_LIMIT_SQL_LENGTH, -1);
    out->limit_column = sqlite3_limit(st->db, SQLITE_LIMIT_COLUMN, -1);
    out->limit_variable_number = sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
    out->limit_attached = sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, -1);
out:
    return rc;
}

/* ---- open / close --------------------------------------------------------------------------- */

static int dbconfig_set(struct store *st, int op, int want, struct err *e)
{
    int got = -1;
    int src = sqlite3_db_config(st->db, op, want, &got);
    if (src != SQLITE_OK)
        return store__fail(st, src, "dbconfig", e);
    if (got != want)
        return err_internal(e, ERR_DB, "dbconfig op=%d not in effect", op);
    return 0;
}

static int exec_plain(struct store *st, const char *sql, const char *op, struct err *e)
{
    int src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? 0 : store__fail(st, src, op, e);
}

/* Tightens path (if it exists) to owner-only access; SQLite gives -wal/-shm the db's mode. */
static int tighten_mode(const char *path, bool warn, struct err *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT ? 0 : err_internal(e, ERR_IO, "stat errno=%d", errno);
    if ((sb.st_mode & 077) == 0)
        return 0;
    if (chmod(path, sb.st_mode & 0700) != 0)
        return err_internal(e, ERR_FORBIDDEN, "chmod 0600 failed errno=%d", errno);
    if (warn)
        log_warn("store.mode_tightened", "old_mode=%03o", (unsigned)(sb.st_mode & 0777));
    return 0;
}

static int prepare_file(const struct store_cfg *cfg, struct err *e)
{
    int rc = 0;
    char side[4096];
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    struct stat sb;

    if (stat(cfg->db_path, &sb) != 0) {
        if (errno != ENOENT) {
            rc = err_set(e, ERR_IO, "database kan niet worden gelezen");
            err_internal(e, ERR_IO, "stat errno=%d", errno);
            goto out;
        }
        if (!cfg->create || cfg->readonly) {
            rc = err_set(e, ERR_NOTFOUND,
                         "database niet gevonden; maak haar eerst aan (regie init)");
            goto out;
        }
        /* Create it empty (a valid empty SQLite database) with mode 0600 before SQLite does,
         * so there is never a moment with a wider mode. */
        int fd = open(cfg->db_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            rc = err_set(e, ERR_IO, "database kan niet worden aangemaakt");
            err_internal(e, ERR_IO, "create errno=%d", errno);
            goto out;
        }
        if (fd >= 0)
            close(fd);
    } else if (!S_ISREG(sb.st_mode)) {
        rc = err_set(e, ERR_INVAL, "database is geen gewoon bestand");
        goto out;
    }
    if (cfg->readonly)
        goto out;
    rc = tighten_mode(cfg->db_path, true, e);
    for (size_t i = 0; rc == 0 && i < ARRAY_LEN(suffixes); i++) {
        int n = snprintf(side, sizeof(side), "%s%s", cfg->db_path, suffixes[i]);
        if (n < 0 || (size_t)n >= sizeof(side)) {
            rc = err_set(e, ERR_INVAL, "databasepad te lang");
            goto out;
        }
        rc = tighten_mode(side, true, e);
    }
out:
    return rc;
}

static int configure(struct store *st, const struct store_cfg *cfg, struct err *e)
{
    int rc = 0;
    char sql[64];
    int busy = cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms : DEFAULT_BUSY_MS;
    int64_t cache = cfg->cache_kib > 0 ? cfg->cache_kib : DEFAULT_CACHE_KIB;
    struct store_settings got;

    rc = dbconfig_set(st, SQLITE_DBCONFIG_DEFENSIVE, 1, e);
    if (rc == 0)
        rc = dbconfig_set(st, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, e);
    if (rc == 0)
        rc = dbconfig_set(st, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, e);
    if (rc == 0)
        rc = dbconfig_set(st, SQLITE_DBCONFIG_DQS_DML, 0, e);
    if (rc == 0)
        rc = dbconfig_set(st, SQLITE_DBCONFIG_DQS_DDL, 0, e);
    if (rc != 0)
        goto out;

    sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, LIMIT_LENGTH);
    sqlite3_limit(st->db, SQLITE_LIMIT_SQL_LENGTH, LIMIT_SQL_LENGTH);
    sqlite3_limit(st->db, SQLITE_LIMIT_COLUMN, LIMIT_COLUMN);
    sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, LIMIT_VARIABLE_NUMBER);
    sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, LIMIT_ATTACHED);

    int src = sqlite3_busy_timeout(st->db, busy);
    if (src != SQLITE_OK) {
        rc = store__fail(st, src, "busy_timeout", e);
        goto out;
    }
    rc = exec_plain(st, "PRAGMA foreign_keys = ON", "pragma.foreign_keys", e);
    if (rc == 0)
        rc = exec_plain(st, "PRAGMA secure_delete = ON", "pragma.secure_delete", e);
    /* A new file switched to WAL by several processes at once (serve beside a CLI command on a
     * new data dir): SQLite answers the losers BUSY (or an I/O error on the shared-memory file)
     * without calling the busy handler, so the switch is retried within the busy timeout. */
    for (int waited = 0; rc == 0 && !cfg->readonly; waited += 10) {
        int jsrc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (jsrc == SQLITE_OK)
            break;
        int prim = jsrc & 0xFF;
        if ((prim != SQLITE_BUSY && prim != SQLITE_IOERR) || waited >= busy) {
            rc = store__fail(st, jsrc, "pragma.journal_mode", e);
            break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (rc == 0)
        rc = exec_plain(st, "PRAGMA synchronous = FULL", "pragma.synchronous", e);
    if (rc != 0)
        goto out;
    /* PRAGMA values cannot be bound; cache is a range-checked integer from the config. */
    st->cache_kib = cache;
    int n = snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%" PRId64, cache);
    if (n < 0 || (size_t)n >= sizeof(sql)) {
        rc = err_internal(e, ERR_INVAL, "cache_size format");
        goto out;
    }
    rc = exec_plain(st, sql, "pragma.cache_size", e);
    if (rc != 0)
        goto out;

    /* Verify: a PRAGMA silently does nothing when a feature is compiled out. */
    rc = store_settings_get(st, &got, e);
    if (rc != 0)
        goto out;
    if (!got.defensive || got.trusted_schema || got.load_extension || !got.foreign_keys ||
        !got.secure_delete || got.synchronous != 2 || got.busy_timeout_ms != busy ||
        got.cache_size != -cache || got.limit_attached != LIMIT_ATTACHED ||
        got.limit_length != LIMIT_LENGTH ||
        (!cfg->readonly && strcmp(got.journal_mode, "wal") != 0)) {
        rc = err_set(e, ERR_DB, "databaseinstellingen konden niet worden toegepast");
        err_internal(e, ERR_DB, "store settings not in effect after open");
        goto out;
    }
out:
    return rc;
}

int store_open(const struct store_cfg *cfg, struct store **out, struct err *e)
{
    struct store *st = NULL;
#ifdef REGIE_TEST_HOOKS
    char uri[512];
    bool on = false;
    struct store_cfg redirected;
    if (cfg != NULL) {
        int trc = store__test_redirect(cfg, uri, sizeof uri, &on, e);
        if (trc != 0) {
            *out = NULL;
            return trc;
        }
        if (on) {
            redirected = *cfg;
            redirected.db_path = uri;
            cfg = &redirected;
        }
    }
#endif
    int rc = store__open_conn(cfg, &st, e);
    if (rc == 0)
        rc = store__vault_attach(st, cfg, e);
    if (rc != 0) {
        store_close(st);
        st = NULL;
    }
    *out = st;
    return rc;
}

/* ---- memory ----------------------------------------------------------------------------------
 * SQLite's own memory statistics take one process-wide mutex around every allocation and free;
 * with HTTP workers, the writer and the checkpointer all allocating at once that mutex cost about
 * a sixth of a logged case read's CPU (docs/performance.md, session 14). A server therefore turns
 * them off and counts for itself: the allocator below wraps SQLite's and keeps a per-thread
 * balance that joins the process's figure in steps of MEM_STEP bytes (so the figure is exact to
 * within MEM_STEP per thread), and every connection, when it ends a transaction, adds its page
 * cache to a second figure and, while the process is past its limit, keeps its page cache small
 * (mem_settle). That stands in for the soft limit SQLite's statistics would have kept: no
 * allocation fails because of it. When SQLite was initialised before (a test build's fault
 * allocator), the statistics stay on and SQLite's own soft heap limit is used instead. */
#define MEM_STEP (64 * 1024)
#define MEM_HELD_KIB 256

static struct {
    sqlite3_mem_methods orig;
    bool counting;         /* our allocator is installed and SQLite's statistics are off */
    _Atomic int64_t limit; /* bytes; 0: none */
    _Atomic int64_t used, high, cache;
} M;
static _Thread_local int64_t mem_balance;

static void mem_flush(void)
{
    int64_t d = mem_balance;
    mem_balance = 0;
    int64_t now = atomic_fetch_add_explicit(&M.used, d, memory_order_relaxed) + d;
    int64_t hi = atomic_load_explicit(&M.high, memory_order_relaxed);
    while (now > hi && !atomic_compare_exchange_weak_explicit(&M.high, &hi, now,
                                                              memory_order_relaxed,
                                                              memory_order_relaxed)) {
    }
}

static void mem_note(int64_t d)
{
    mem_balance += d;
    if (mem_balance > MEM_STEP || mem_balance < -MEM_STEP)
        mem_flush();
}

static void *mem_malloc(int n)
{
    void *p = M.orig.xMalloc(n);
    if (p != NULL)
        mem_note(M.orig.xSize(p));
    return p;
}

static void mem_free(void *p)
{
    if (p != NULL)
        mem_note(-(int64_t)M.orig.xSize(p));
    M.orig.xFree(p);
}

static void *mem_realloc(void *p, int n)
{
    int64_t before = p != NULL ? M.orig.xSize(p) : 0;
    void *q = M.orig.xRealloc(p, n);
    if (q != NULL)
        mem_note(M.orig.xSize(q) - before);
    return q;
}

/* Installs the counting allocator; false when SQLite is already initialised (nothing changed). */
static bool mem_install(void)
{
    static sqlite3_mem_methods m;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &M.orig) != SQLITE_OK)
        return false;
    m = M.orig;
    m.xMalloc = mem_malloc;
    m.xFree = mem_free;
    m.xRealloc = mem_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
        return false;
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK)
        return true;
    /* cannot happen once the allocator went in (same precondition): SQLite's own back */
    (void)sqlite3_config(SQLITE_CONFIG_MALLOC, &M.orig);
    return false;
}

int store_memory_limit(int64_t kib)
{
    if (kib < 0 || kib > (INT64_C(1) << 30))
        return ERR_INVAL;
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&mu);
    if (!M.counting)
        M.counting = mem_install();
    atomic_store_explicit(&M.limit, kib * 1024, memory_order_relaxed);
    pthread_mutex_unlock(&mu);
    if (M.counting) /* SQLite's own limit is off with its statistics */
        return sqlite3_initialize() == SQLITE_OK ? 0 : ERR_DB;
    /* Initialises SQLite if need be; -1: it could not be initialised. */
    return sqlite3_soft_heap_limit64(kib * 1024) < 0 ? ERR_DB : 0;
}

/* At the end of each transaction: the connection's page cache into the process's figure; while
 * the process is past its limit the cache is held at MEM_HELD_KIB (SQLite drops its least
 * recently used pages beyond that and reuses the rest), and it may grow to its configured size
 * again once the process is a quarter below the limit (far enough that the caches of a busy
 * server do not swing between the two, which leaves the heap fragmented). */
static void mem_settle(struct store *st)
{
    if (!M.counting || st->db == NULL)
        return;
    int64_t used = atomic_load_explicit(&M.used, memory_order_relaxed);
    int64_t limit = atomic_load_explicit(&M.limit, memory_order_relaxed);
    bool over = limit > 0 && used > limit;
    if (over ? !st->cache_held : st->cache_held && used < limit - limit / 4) {
        char sql[64];
        int n = snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%" PRId64,
                         over ? (int64_t)MEM_HELD_KIB : st->cache_kib);
        if (n > 0 && (size_t)n < sizeof(sql) &&
            sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
            st->cache_held = over;
    }
    int cur = 0, hi = 0;
    if (sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_USED, &cur, &hi, 0) == SQLITE_OK &&
        cur != st->cache_counted) {
        atomic_fetch_add_explicit(&M.cache, cur - st->cache_counted, memory_order_relaxed);
        st->cache_counted = cur;
    }
}

void store_memory_used(int64_t *now, int64_t *highwater, int64_t *page_cache)
{
    if (M.counting) {
        *now = atomic_load_explicit(&M.used, memory_order_relaxed);
        *highwater = atomic_load_explicit(&M.high, memory_order_relaxed);
        *page_cache = atomic_load_explicit(&M.cache, memory_order_relaxed);
        return;
    }
    *now = sqlite3_memory_used();
    *highwater = sqlite3_memory_highwater(0);
    /* No page-cache buffer is configured, so every page comes from the heap and is counted as
     * "overflow". */
    sqlite3_int64 cur = 0, hi = 0;
    *page_cache = sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &cur, &hi, 0) == SQLITE_OK
                      ? cur
                      : -1;
}

int store__open_conn(const struct store_cfg *cfg, struct store **out, struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;

    *out = NULL;
    if (cfg == NULL || cfg->db_path == NULL || cfg->db_path[0] == '\0') {
        rc = err_set(e, ERR_INVAL, "geen databasepad ingesteld");
        goto out;
    }
    if (cfg->busy_timeout_ms < 0 || cfg->busy_timeout_ms > MAX_BUSY_MS || cfg->cache_kib < 0 ||
        cfg->cache_kib > MAX_CACHE_KIB) {
        rc = err_set(e, ERR_INVAL, "ongeldige database-instelling (busy_timeout of cache)");
        goto out;
    }
    if (store_is_server(cfg->db_path)) {
        rc = store__pg_open_conn(cfg, cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms
                                                                : DEFAULT_BUSY_MS, out, e);
        goto out;
    }
    rc = prepare_file(cfg, e);
    if (rc != 0)
        goto out;
    st = calloc(1, sizeof(*st));
    if (st == NULL) {
        rc = err_set(e, ERR_NOMEM, "onvoldoende geheugen");
        goto out;
    }
    st->kr = cfg->keys;
    st->readonly = cfg->readonly;
    st->busy_ms = cfg->busy_timeout_ms > 0 ? cfg->busy_timeout_ms : DEFAULT_BUSY_MS;
    flags |= cfg->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (cfg->create && !cfg->readonly)
        flags |= SQLITE_OPEN_CREATE;
    int src = sqlite3_open_v2(cfg->db_path, &st->db, flags, store__map_vfs());
    if (src != SQLITE_OK) {
        if ((src & 0xFF) == SQLITE_CANTOPEN) {
            rc = err_set(e, ERR_FORBIDDEN, "database kan niet worden geopend (rechten?)");
            err_internal(e, ERR_FORBIDDEN, "sqlite op=open rc=%d (%s)", src, sqlite3_errstr(src));
        } else {
            rc = store__fail(st, src, "open", e);
        }
        goto out;
    }
    rc = configure(st, cfg, e);
    if (rc != 0)
        goto out;
    *out = st;
    st = NULL;
out:
    store_close(st);
    return rc;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    store__vault_close(st);
    free(st->pending);
    if (st->db != NULL && in_tx(st))
        (void)exec_plain(st, "ROLLBACK", "close.rollback", NULL);
    if (st->pg != NULL && in_tx(st) && pg_exec(st->pg, "ROLLBACK", NULL) != 0)
        log_warn("store.close_rollback_failed", "backend=postgresql");
    for (size_t i = 0; i < STORE_STMT_SLOTS; i++) {
        if (st->slots[i].stmt.lite != NULL)
            sqlite3_finalize(st->slots[i].stmt.lite);
        pg_stmt_free(st->slots[i].stmt.pg);
    }
    pg_close(st->pg);
    if (st->db != NULL) {
        int src = sqlite3_close(st->db);
        if (src != SQLITE_OK)
            log_error("store.close_failed", "rc=%d", src);
        if (M.counting) { /* this thread's balance, and the cache that is gone */
            atomic_fetch_sub_explicit(&M.cache, st->cache_counted, memory_order_relaxed);
            mem_flush();
        }
    }
    free(st);
}

void store_scope_set(struct store *st, const struct store_scope *sc)
{
    if (st == NULL || st->pg == NULL)
        return;
    char text[48];
    if (sc->all || sc->org_id <= 0 || sc->user_id <= 0)
        snprintf(text, sizeof(text), sc->all ? "all" : "none");
    else
        snprintf(text, sizeof(text), "%" PRId64 ":%" PRId64, sc->org_id, sc->user_id);
    pg_scope(st->pg, text);
}

/* The job locks: PostgreSQL session advisory locks on the key JOB_LOCK_BASE + job (the writer
 * lock of pg.c is a transaction lock on the key 1919248745, "regi" in ASCII). */
#define JOB_LOCK_BASE (1919248745LL << 8)
static const char SQL_JOB_LOCK[] = "SELECT pg_try_advisory_lock(?1)";
static const char SQL_JOB_UNLOCK[] = "SELECT pg_advisory_unlock(?1)";

static int job_lock_sql(struct store *st, const char *sql, enum store_job job, bool *out,
                        struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, JOB_LOCK_BASE + (int64_t)job, e);
    if (rc == 0)
        rc = store__step(st, s, "job.lock", e);
    if (rc == 1) {
        *out = store__col_i64(s, 0) != 0;
        rc = 0;
    } else if (rc == 0) {
        rc = err_internal(e, ERR_DB, "job.lock returned no row");
    }
    store__done(s);
    return rc;
}

int store_job_try_lock(struct store *st, enum store_job job, bool *out_got, struct err *e)
{
    *out_got = false;
    if (in_tx(st))
        return err_internal(e, ERR_INVAL, "job lock inside a transaction");
    if (st->pg == NULL) {
        *out_got = true;
        return 0;
    }
    return job_lock_sql(st, SQL_JOB_LOCK, job, out_got, e);
}

void store_job_unlock(struct store *st, enum store_job job)
{
    bool released = false;
    if (st == NULL || st->pg == NULL)
        return;
    struct err e;
    err_clear(&e);
    if (job_lock_sql(st, SQL_JOB_UNLOCK, job, &released, &e) != 0 || !released)
        log_warn("store.job_unlock", "job=%d result=%s", (int)job,
                 e.code != 0 ? err_code_name(e.code) : "not_held"); /* gone with the session */
}

int store_checkpoint(struct store *st, struct err *e)
{
    int rc = 0;
    if (in_tx(st)) {
        rc = err_internal(e, ERR_INVAL, "checkpoint inside a transaction");
        goto out;
    }
    if (st->pg != NULL) /* the server manages its own WAL (docs/deployment.md) */
        goto out;
    int src = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (src != SQLITE_OK)
        rc = store__fail(st, src, "checkpoint", e);
    /* A deleted vault key must leave the vault's -wal file as well. */
    if (rc == 0 && st->vault != NULL)
        rc = store_checkpoint(st->vault, e);
out:
    return rc;
}

static int wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
    (void)db;
    (void)name;
    struct store *st = ctx;
    st->wal_fn(st->wal_ctx, pages);
    return SQLITE_OK;
}

void store_wal_notify(struct store *st, void (*fn)(void *ctx, int pages), void *ctx)
{
    st->wal_fn = fn;
    st->wal_ctx = ctx;
    if (st->pg != NULL) /* no WAL here: the server checkpoints its own */
        return;
    if (fn != NULL)
        sqlite3_wal_hook(st->db, wal_hook, st); /* replaces the automatic checkpoint */
    else
        sqlite3_wal_autocheckpoint(st->db, 1000); /* SQLite's default back */
}

int store_checkpoint_passive(struct store *st, int *out_log, int *out_done, struct err *e)
{
    *out_log = *out_done = 0;
    if (in_tx(st))
        return err_internal(e, ERR_INVAL, "checkpoint inside a transaction");
    if (st->pg != NULL)
        return 0;
    int src = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, out_log, out_done);
    return src == SQLITE_OK ? 0 : store__fail(st, src, "checkpoint_passive", e);
}

int store_savepoint_begin(struct store *st, struct err *e)
{
    return store__sp_begin(st, e);
}

int store_savepoint_end(struct store *st, bool ok, struct err *e)
{
    return store__sp_end(st, ok, e);
}

enum store_constraint store__last_constraint(struct store *st)
{
    if (st != NULL && st->pg != NULL)
        return pg_last_constraint(st->pg);
    int x = st != NULL && st->db != NULL ? sqlite3_extended_errcode(st->db) : SQLITE_OK;
    return x == SQLITE_CONSTRAINT_PRIMARYKEY ? STORE_CONSTRAINT_PK
           : x == SQLITE_CONSTRAINT_UNIQUE   ? STORE_CONSTRAINT_UNIQUE
                                             : STORE_CONSTRAINT_OTHER;
}
