/* store_int.h: internals shared by the files of src/store/ (never included from outside it).
 * The connection, the prepared-statement cache and small checked wrappers around the SQLite API,
 * so each repository file reads as: get statement, bind, step, read columns, done.
 *
 * Statement cache: every SQL text is a `static const char NAME[]` literal in the repository file
 * that uses it; the cache is keyed by that literal's address, so a new repository file adds its
 * statements without touching a shared enum. Statements are prepared on first use (with
 * SQLITE_PREPARE_PERSISTENT) and live until store_close. Always pair store__stmt with store__done
 * (reset + clear bindings), also on error paths. A statement must not be used re-entrantly. */
#ifndef REGIE_STORE_STORE_INT_H
#define REGIE_STORE_STORE_INT_H

#include "core/common.h"

#include <sqlite3.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

/* ---- the backend seam -----------------------------------------------------------------------
 * The repositories (every file here except the SQLite backend's own: sqlite.c, mapvfs.c,
 * faults.c, backup.c, vault.c) reach the database only through the store__ functions below and
 * these column accessors, never through sqlite3_* directly (scripts/check_layers.sh checks it),
 * so that a second backend (PostgreSQL, issue 13) can run the same repositories. A statement is
 * a store_stmt, which holds the statement of the backend the store was opened on (store_open:
 * a postgres:// URI selects PostgreSQL, pgstore.c; anything else is a SQLite file). */
struct pg_stmt; /* the PostgreSQL backend's statement (pg.h) */
int64_t pg_col_i64(const struct pg_stmt *s, int col);
bool pg_col_is_null(const struct pg_stmt *s, int col);
const void *pg_col_blob(const struct pg_stmt *s, int col);
int pg_col_bytes(const struct pg_stmt *s, int col);
int pg_param_count(const struct pg_stmt *s);

/* One cached statement of one backend: lite on SQLite, pg on PostgreSQL (the other is NULL).
 * writes: the statement may change data (PostgreSQL: it ends a read snapshot first, as SQLite's
 * sqlite3_stmt_readonly decides there). */
typedef struct store_stmt {
    sqlite3_stmt *lite;
    struct pg_stmt *pg;
    bool writes;
} store_stmt;

static inline int64_t store__col_i64(store_stmt *s, int col)
{
    return s->pg != NULL ? pg_col_i64(s->pg, col) : sqlite3_column_int64(s->lite, col);
}
static inline int store__col_int(store_stmt *s, int col)
{
    return s->pg != NULL ? (int)pg_col_i64(s->pg, col) : sqlite3_column_int(s->lite, col);
}
static inline bool store__col_is_null(store_stmt *s, int col)
{
    return s->pg != NULL ? pg_col_is_null(s->pg, col)
                         : sqlite3_column_type(s->lite, col) == SQLITE_NULL;
}
/* Borrowed until the next step or reset of s; see store__col_text / store__col_blob for copies
 * and checked lengths. Text is NUL-terminated in both backends; NULL reads as a NULL pointer. */
static inline const void *store__col_blob_raw(store_stmt *s, int col)
{
    return s->pg != NULL ? pg_col_blob(s->pg, col) : sqlite3_column_blob(s->lite, col);
}
static inline const unsigned char *store__col_text_raw(store_stmt *s, int col)
{
    return s->pg != NULL ? (const unsigned char *)pg_col_blob(s->pg, col)
                         : sqlite3_column_text(s->lite, col);
}
static inline int store__col_bytes(store_stmt *s, int col)
{
    return s->pg != NULL ? pg_col_bytes(s->pg, col) : sqlite3_column_bytes(s->lite, col);
}
static inline int store__param_count(store_stmt *s)
{
    return s->pg != NULL ? pg_param_count(s->pg) : sqlite3_bind_parameter_count(s->lite);
}

/* Which constraint the last failed statement of st broke (after an ERR_CONFLICT from
 * store__step / store__step_done). */
enum store_constraint { STORE_CONSTRAINT_OTHER, STORE_CONSTRAINT_PK, STORE_CONSTRAINT_UNIQUE };
enum store_constraint store__last_constraint(struct store *st);

#define STORE_STMT_SLOTS 512 /* ceiling on distinct statements per connection (power of two) */

struct store_stmt_slot {
    const char *sql;
    store_stmt stmt;
};

#define STORE_SP_DEPTH 32   /* ceiling on nested savepoints per connection */
#define STORE_POOL_MAX 128  /* data keys reserved in the key vault per vault commit (vault.c) */

struct pg_conn;

struct store {
    sqlite3 *db;          /* the SQLite backend's connection; NULL on PostgreSQL */
    struct pg_conn *pg;   /* the PostgreSQL backend's (pg.h); NULL on SQLite */
    const struct keyring *kr;
    bool readonly;
    int busy_ms;          /* how long a writer waits for the write lock */
    size_t n_stmts;
    struct store_stmt_slot slots[STORE_STMT_SLOTS];
    /* The key vault (vault.c): its own connection, a struct store of its own (NULL in the vault
     * itself, and when a read-only store was opened without a vault file). */
    struct store *vault;
    /* Group ids reserved in the vault (keys durable there) and not yet used, with the real time
     * of their reservation; handed out by store_group_new. */
    int64_t pool[STORE_POOL_MAX];
    size_t pool_n;
    int64_t pool_at;
    /* Groups destroyed in the open transaction: their vault keys are deleted (and that commit
     * made durable) just before the main database commits (store__vault_flush). Savepoints
     * remember the length at their start so a rollback to one forgets what it undid. */
    int64_t *pending;
    size_t pending_n, pending_cap;
    size_t sp_mark[STORE_SP_DEPTH];
    bool sp_opened_tx[STORE_SP_DEPTH];
    size_t sp_depth;
    /* A rollback failed (out of memory, I/O error): the transaction may still be open although
     * nothing in it was acknowledged; the next begin rolls it back instead of refusing. */
    bool tx_stale;
    /* A nested savepoint could not be undone (out of memory): the open transaction holds the
     * writes of an operation that failed, so it must never commit (store_tx_commit refuses);
     * cleared when no transaction is left open. */
    bool tx_poisoned;
    /* A read snapshot opened by store_read_begin is open: the first statement that writes, and
     * any begin of a write transaction, end it first (store__snap_yield). */
    bool read_snap;
    /* store_wal_notify: told the WAL's size after each commit instead of checkpointing here */
    void (*wal_fn)(void *ctx, int pages);
    void *wal_ctx;
    /* The bytes of this connection's page cache last added to the process's figure (sqlite.c,
     * "memory") */
    int64_t cache_counted;
    int64_t cache_kib; /* the configured page cache */
    bool cache_held;   /* ... held at MEM_HELD_KIB while the process is past its limit */
};

/* Turns the SQLite result code src (and the connection's extended code) into an err_code, with
 * client-safe detail and "sqlite op=<op> rc=<n> ext=<n> (<errstr>)" in e->log. Returns it. */
/* org.c: the columns store__org_row reads (each prefixed with P: "" or an alias and a dot), and
 * the reader itself, from column base on. */
#define STORE__ORG_COLS_OF(P)                                                                      \
    P "id, " P "region_id, " P "kind, " P "name, " P "instrument, " P "instrument_date, " P         \
    "instrument_status, " P "created_at, " P "updated_at"
struct store_org;
int store__org_row(store_stmt *s, int base, struct store_org *out, struct err *e) WUR;

int store__fail(struct store *st, int src, const char *op, struct err *e);

/* The cached prepared statement for the literal sql (borrowed). ERR_DB/ERR_TOOBIG on failure. */
int store__stmt(struct store *st, const char *sql, store_stmt **out, struct err *e) WUR;

/* Resets the statement and clears its bindings. NULL ok. */
void store__done(store_stmt *s);

/* Checked binds (1-based index). text/blob are bound SQLITE_STATIC: keep the memory alive until
 * store__done. A zero-length blob binds an empty blob, not NULL. */
int store__bind_i64(struct store *st, store_stmt *s, int idx, int64_t v, struct err *e) WUR;
int store__bind_text(struct store *st, store_stmt *s, int idx, struct str v,
                     struct err *e) WUR;
int store__bind_blob(struct store *st, store_stmt *s, int idx, const void *p, size_t n,
                     struct err *e) WUR;
int store__bind_null(struct store *st, store_stmt *s, int idx, struct err *e) WUR;

/* Steps s: returns 1 (a row is ready), 0 (done) or a negative err_code (via store__fail). */
int store__step(struct store *st, store_stmt *s, const char *op, struct err *e) WUR;

/* Steps s and requires SQLITE_DONE (a row is an internal error). */
int store__step_done(struct store *st, store_stmt *s, const char *op, struct err *e) WUR;

/* store__step_done for a statement whose failure the caller handles and then goes on in the same
 * transaction (an id collision, retried with another id). PostgreSQL aborts the whole
 * transaction on a failed statement (docs/postgres-port.md item 47), so there it runs under a
 * savepoint of its own inside a transaction; SQLite undoes the failed statement alone. */
int store__step_try(struct store *st, store_stmt *s, const char *op, struct err *e) WUR;

/* Copies a TEXT column (NULL → "") into out[0..cap) with a NUL; ERR_DB if it does not fit. */
int store__col_text(store_stmt *s, int col, char *out, size_t cap, size_t *out_len,
                    struct err *e) WUR;

/* Borrowed pointer/length of a BLOB column (NULL → p NULL, n 0, *out_null true), valid until the
 * next step or store__done. */
void store__col_blob(store_stmt *s, int col, const uint8_t **out_p, size_t *out_n,
                     bool *out_null);

/* Runs a literal statement that returns no rows (BEGIN, SAVEPOINT, ...) through the cache. */
int store__exec(struct store *st, const char *sql, const char *op, struct err *e) WUR;
/* Begins a transaction with sql ("BEGIN IMMEDIATE", ...) on a connection whose transactions are
 * self-contained (the key vault): a transaction left open by a failed rollback is rolled back
 * first (logged), so one fault cannot block every later begin until a restart. */
int store__begin_fresh(struct store *st, const char *sql, const char *op, struct err *e) WUR;

/* Internal savepoint: atomic multi-statement repository operations that work both inside and
 * outside a caller's transaction. end(ok=false) rolls back to the savepoint and releases it. */
int store__sp_begin(struct store *st, struct err *e) WUR;
int store__sp_end(struct store *st, bool ok, struct err *e) WUR;

/* Runs a SQLite tuning statement (a PRAGMA: mmap, synchronous, cache size) and ignores its
 * answer; on PostgreSQL, where none applies, does nothing. */
int store__pragma(struct store *st, const char *sql, const char *op, struct err *e) WUR;
/* PostgreSQL: s's next execution hands its rows over one at a time (pg_stmt_stream) instead of
 * all at once; nothing else may run on the connection until its last row or store__done. A
 * no-op on SQLite, which always steps lazily. */
void store__stream(store_stmt *s, bool on);

/* The statement for this store's backend, where the two must differ (few: each says why). */
static inline const char *store__pick(const struct store *st, const char *sqlite_sql,
                                      const char *pg_sql)
{
    return st->pg != NULL ? pg_sql : sqlite_sql;
}

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t store__changes(struct store *st);

/* ERR_INVAL with a field unless 1..max bytes of UTF-8 without control characters (tab, LF and
 * CR included: names are one line). */
int store__check_name(struct str s, size_t max, const char *field, struct err *e) WUR;

/* The keyring, or ERR_INVAL when the store was opened without one. */
int store__keys(struct store *st, const struct keyring **out, struct err *e) WUR;

/* The unwrapped data key of a group (person.c): ERR_NOTFOUND (no group), ERR_CRYPTO (destroyed or
 * not authentic). The caller wipes dk. */
int store__group_key(struct store *st, int64_t group_id, uint8_t dk[CRYPTO_KEY_BYTES],
                     struct err *e) WUR;

/* ---- sealed documents and statement helpers (doc.c) ---- */

#define STORE__ID_ATTEMPTS 4 /* random ids: a collision is astronomically unlikely; retry anyway */

/* Seals doc for (table, "doc", id) under dk into a malloc'd buffer (ERR_TOOBIG beyond
 * STORE_DOC_MAX). */
int store__seal_doc(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, int64_t id,
                    struct str doc, uint8_t **out, size_t *out_n, struct err *e) WUR;
/* Opens column col of the current row of s for (table, "doc", id) into a malloc'd
 * NUL-terminated string (release with store_doc_free). */
int store__open_doc(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, int64_t id,
                    store_stmt *s, int col, char **out, size_t *out_len, struct err *e) WUR;
typedef int (*store__bind_fn)(struct store *st, store_stmt *s, const void *ctx, struct err *e);
/* Inserts one row whose random id (bound at ?1) is also in the sealed document's AAD; the
 * document is bound at doc_idx, bind_rest binds the rest; retries on an id collision. doc_idx 0:
 * a row without a document (dk and table unused). */
int store__insert_sealed(struct store *st, const char *sql, const char *op,
                         const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, struct str doc,
                         int doc_idx, store__bind_fn bind_rest, const void *ctx, int64_t *out_id,
                         struct err *e) WUR;
/* Binds v, or NULL when v is 0 / NULL / "". */
int store__bind_opt_i64(struct store *st, store_stmt *s, int idx, int64_t v, struct err *e) WUR;
int store__bind_opt_text(struct store *st, store_stmt *s, int idx, const char *v,
                         struct err *e) WUR;
/* Column 0 of every row of sql(?1 = key) into out[0..cap) (ERR_TOOBIG beyond cap). */
int store__id_list(struct store *st, const char *sql, const char *op, int64_t key, int64_t *out,
                   size_t cap, size_t *out_n, struct err *e) WUR;
/* Runs sql binding a, b, c to as many parameters as it has (up to 3). */
int store__exec_ids(struct store *st, const char *sql, const char *op, int64_t a, int64_t b,
                    int64_t c, struct err *e) WUR;

/* Rows of the common shape (row.h): every list query selects id, parent, second parent,
 * group_id, a, b, c, d, by, at, code, code2, code3, doc_ct (doc_ct may be NULL: no document);
 * each document is opened under its row's group for (table, "doc", id). */
struct store_row;
int store__read_rows(struct store *st, store_stmt *s, const char *table, const char *op,
                     struct store_row *out, size_t cap, size_t *out_n, struct err *e) WUR;
/* Columns 0-12 of the common row shape (id .. at, code, code2, code3) into r, for a query
 * that selects more columns after them (the work list). */
int store__row_cols(store_stmt *s, struct store_row *r, struct err *e) WUR;
/* Binds ?1 = k1 (and ?2 = k2 when the statement has it) and reads the rows. */
int store__list_rows(struct store *st, const char *sql, const char *table, const char *op,
                     int64_t k1, int64_t k2, struct store_row *out, size_t cap, size_t *out_n,
                     struct err *e) WUR;
/* Binds v[0..n) at ?first, ?first+1, ... */
int store__bind_seq(struct store *st, store_stmt *s, const int64_t *v, size_t n, int first,
                    struct err *e) WUR;
/* store__insert_sealed under group_id's key with the document at ?2. */
int store__insert_row(struct store *st, int64_t group_id, const char *sql, const char *table,
                      struct str doc, store__bind_fn fn, const void *ctx, int64_t *out_id,
                      struct err *e) WUR;
/* Column 0 of the first row of sql(?1 = key): ERR_NOTFOUND (no detail) when none. */
int store__single_i64(struct store *st, const char *sql, const char *op, int64_t key,
                      int64_t *out, struct err *e) WUR;

/* ---- the key vault (vault.c) ---- */

/* Opens one SQLite connection with the hardened settings of store_open (sqlite.c), without a
 * vault of its own. */
/* The name of the VFS that maps the whole main database file while mmap_size > 0 (mapvfs.c),
 * registered at the first call; NULL (the default VFS) if it could not be. */
const char *store__map_vfs(void);
int store__open_conn(const struct store_cfg *cfg, struct store **out, struct err *e) WUR;
/* Opens (creating when allowed) st's key vault next to the database and checks that it belongs
 * to this database (store_open). */
int store__vault_attach(struct store *st, const struct store_cfg *cfg, struct err *e) WUR;
/* After the migrations: links a new vault to the database, moves wrapped keys still in data_key
 * (and retired versions) into the vault (store_migrate; the sweep is store_vault_sweep). */
int store__vault_sync(struct store *st, struct err *e) WUR;
/* Takes a reserved group id whose key is durable in the vault (reserving a batch when needed). */
int store__vault_take(struct store *st, int64_t *out_gid, struct err *e) WUR;
/* Copies the wrapped key of group_id from the vault into wrapped[CRYPTO_DK_WRAPPED_BYTES];
 * *out_wn = 0 when the vault has no key for it (destroyed, or never there). */
int store__vault_key(struct store *st, int64_t group_id, uint8_t *wrapped, size_t *out_wn,
                     struct err *e) WUR;
/* Queues group_id's vault key for deletion just before the commit of the transaction (or the
 * release of the outermost savepoint) that destroys the group; a rollback forgets it. */
int store__vault_forget(struct store *st, int64_t group_id, struct err *e) WUR;
/* Deletes the queued keys from the vault in one durable vault transaction. */
int store__vault_flush(struct store *st, struct err *e) WUR;
/* store_close: returns unused reservations to nothing and closes the vault. */
void store__vault_close(struct store *st);

/* ---- the PostgreSQL backend (pgstore.c) ---- */

/* Opens a store on the PostgreSQL database cfg->db_path (a postgres:// URI). */
int store__pg_open_conn(const struct store_cfg *cfg, int busy_ms, struct store **out,
                        struct err *e) WUR;
/* store_migrate on PostgreSQL: an empty database gets the baseline (src/store/pg/, *.sql). */
int store__pg_migrate(struct store *st, int *out_applied, struct err *e) WUR;
int store__pg_settings(struct store *st, struct store_settings *out, struct err *e) WUR;
#ifdef REGIE_TEST_HOOKS
/* Test builds: the PostgreSQL database that stands in for the file cfg->db_path while the
 * suite runs on PostgreSQL (*out_on false otherwise); see pgstore.c. */
int store__test_redirect(const struct store_cfg *cfg, char *uri, size_t cap, bool *out_on,
                         struct err *e) WUR;
#endif

/* Migrations (migrations.c). */
extern const char *const store__migrations[];
extern const size_t store__n_migrations;

#endif
