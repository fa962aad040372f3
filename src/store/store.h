/* store.h: the persistence layer. The only code with SQL; the only code that includes sqlite3.h
 * (nothing SQLite-specific appears in this header). One struct store is one database connection,
 * used by one thread at a time (open one per worker thread). Personal data is sealed per field
 * inside the store with the keyring from the config (core/crypto.h), so callers pass and get
 * plain values and never see ciphertext; the database file holds only ciphertext, blind indexes
 * and non-personal reference data (regions, organisations).
 *
 * Conventions: every fallible function returns 0 or a negative enum err_code and fills the
 * optional struct err (client-safe Dutch detail; e->log carries the SQLite result code and an
 * operation label, never SQL text or values). Mapping of SQLite failures: UNIQUE/PRIMARY KEY
 * violation → ERR_CONFLICT; FOREIGN KEY/CHECK/NOT NULL/type violation → ERR_INVAL; SQLITE_TOOBIG
 * → ERR_TOOBIG; SQLITE_NOMEM → ERR_NOMEM; anything else (busy, I/O, corruption) → ERR_DB.
 * Timestamps are UTC milliseconds from clock_now_ms(). Output structs are caller-provided with
 * fixed-size, NUL-terminated string fields: nothing returned here needs freeing except the store.
 *
 * Repository functions do not open a transaction of their own; each is atomic by itself (a single
 * statement, or an internal savepoint), and they may be grouped with store_tx_begin/commit (e.g.
 * the data and its access-log record in one transaction). */
#ifndef REGIE_STORE_STORE_H
#define REGIE_STORE_STORE_H

#include "core/common.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/str.h"

struct store;

struct store_cfg {
    const char *db_path;            /* path of the SQLite file, or a postgres:// URI */
    const char *vault_path;         /* the key vault (wrapped data keys, vault.c); NULL: beside
                                       the database, "<dir>/<stem>-keys.db" for "<dir>/<stem>.db" */
    const struct keyring *keys;     /* borrowed; must outlive the store. NULL: repositories with
                                       personal data (group, person) fail with ERR_INVAL */
    int busy_timeout_ms;            /* 0 → 5000; at most 600000 */
    int64_t cache_kib;              /* page cache per connection; 0 → 8192; at most 1048576 */
    bool readonly;
    bool create;                    /* create the file (mode 0600) if it does not exist */
};

/* ---- connection -------------------------------------------------------------------------------
 * store_open: opens (and with cfg->create, creates) the database and configures the connection:
 * NOMUTEX, no symlink, extended result codes; DEFENSIVE on, TRUSTED_SCHEMA off, load_extension
 * off, double-quoted string literals off; foreign_keys, secure_delete, journal_mode=WAL (not when
 * readonly), synchronous=FULL, busy_timeout, cache_size; limits: value length 8 MiB, SQL length
 * 1 MiB, 200 columns, 250 variables, 0 attached databases. Then opens the key vault (its own
 * connection, same settings, never attached): created when the database is not yet linked to one
 * (and the open may write); a linked database refuses a missing vault (ERR_NOTFOUND) or another
 * database's vault (ERR_CONFLICT); a read-only open of an unlinked database without a vault file
 * works without one (no group key opens). The file (and so its -wal/-shm, which
 * SQLite creates with the same mode) is created 0600; an existing file readable by group/others is
 * tightened to 0600 with a warning. Each setting is read back and verified. Does not migrate.
 * *out: caller closes with store_close. Errors: ERR_INVAL (cfg), ERR_NOTFOUND (file missing and
 * !cfg->create), ERR_FORBIDDEN (cannot open: permissions), ERR_DB, ERR_NOMEM. */
int store_open(const struct store_cfg *cfg, struct store **out, struct err *e) WUR;

/* True when db (a store_cfg db_path) names a database server, a postgres:// or postgresql://
 * URI (the PostgreSQL backend, issue 13), rather than a SQLite file. store_open then connects
 * to it: no file is created or checked, the key vault is a set of tables in the same database,
 * and store_checkpoint / store_wal_notify do nothing (the server keeps its own WAL). */
bool store_is_server(const char *db);
#ifdef REGIE_TEST_HOOKS
/* Test builds, while the suite runs on PostgreSQL (tests/pg/suite.py): the URI of the database
 * that stands in for the SQLite file path (the tests inspect it there); false otherwise. */
bool store_test_pg_uri(const char *path, char *out, size_t cap);
#endif

/* Finalises cached statements and closes the connection (a still-open transaction is rolled
 * back). The last connection to close checkpoints the WAL into the database file. NULL ok. */
void store_close(struct store *st);

/* The memory of SQLite in this process, all connections together (their page caches, schemas and
 * prepared statements), kept near kib KiB. Called before SQLite is initialised (the first
 * store_open), it turns SQLite's memory statistics off (their global mutex is taken on every
 * allocation) and counts with its own allocator: each connection, as it ends a transaction,
 * counts its page cache and, while the process is past kib, holds that cache at 256 KiB (SQLite
 * reuses its least recently used pages instead of growing), until the total is a quarter below.
 * Called later, SQLite's own soft heap limit does the same (past it the caches stop growing).
 * A soft limit either way: no allocation fails because of it. May be called again to change kib.
 * 0: no limit. Thread-safe. Errors: ERR_INVAL (kib negative or above 1 TiB), ERR_DB (SQLite
 * cannot be initialised). */
int store_memory_limit(int64_t kib) WUR;
/* The bytes SQLite's allocator holds in this process now and at most since start (page caches,
 * statements, schema), all connections together, and of them the page caches'. */
void store_memory_used(int64_t *now, int64_t *highwater, int64_t *page_cache);

/* Copies the WAL into the database file and truncates the WAL to zero bytes
 * (wal_checkpoint(TRUNCATE)), so that overwritten or deleted bytes (e.g. a destroyed data key)
 * no longer linger in the -wal file; the same for the key vault. Not inside a transaction. Errors: ERR_INVAL (in a
 * transaction), ERR_DB (ERR_DB with "busy" in e->log: another connection is reading; retry). */
int store_checkpoint(struct store *st, struct err *e) WUR;

/* Whose rows the statements of this connection see, where the backend keeps municipalities
 * apart itself (PostgreSQL row-level security, src/store/pg/rls.sql): all rows (all), or those
 * of the municipality org_id and of the others the user user_id is let into by the rules
 * there. A connection starts with all. Cheap: applied with the next statement, and only when it
 * changed. On SQLite a no-op (the application's policy is the only gate there). */
struct store_scope {
    bool all;
    int64_t org_id, user_id;
};
void store_scope_set(struct store *st, const struct store_scope *sc);

/* Background jobs that one node of a deployment runs at a time (several `regie serve` nodes on
 * one PostgreSQL database each start them). */
enum store_job {
    STORE_JOB_PURGE = 1,     /* the daily retention purge (app/retention.c) */
    STORE_JOB_ELSEWHERE = 2, /* the tags "known elsewhere?" answers from (app/elsewhere.c) */
};
/* Takes the job's lock for this connection if no other connection holds it: *out_got. On
 * PostgreSQL a session advisory lock (released by store_job_unlock, or when the connection
 * ends); on SQLite always got (the database file has one serving process). Not inside a
 * transaction. */
int store_job_try_lock(struct store *st, enum store_job job, bool *out_got, struct err *e) WUR;
void store_job_unlock(struct store *st, enum store_job job);

/* Database pages read in place from the whole-file mapping (store/mapvfs.c) since the process
 * started: the access-log verifier's scan reads through it. For tests and diagnostics. */
uint64_t store_mapped_pages(void);

/* The writer's connection (app/writer.c): after each commit fn(ctx, pages in the WAL) is called
 * instead of SQLite's automatic checkpoint, which would run inside the commit and make every
 * waiting request wait for it too; fn wakes a checkpointer on another connection. NULL: the
 * automatic checkpoint again. */
void store_wal_notify(struct store *st, void (*fn)(void *ctx, int pages), void *ctx);

/* A PASSIVE checkpoint (copies what it can, waits for nobody): *out_log pages in the WAL,
 * *out_done of them in the database file now. */
int store_checkpoint_passive(struct store *st, int *out_log, int *out_done, struct err *e) WUR;

/* ---- transactions ------------------------------------------------------------------------------
 * begin: BEGIN IMMEDIATE (takes the write lock now, waiting up to busy_timeout); ERR_INVAL if a
 * transaction is already open. commit: ERR_INVAL if none is open; on ERR_DB the transaction is
 * still open and the caller must roll back. rollback: a no-op (0) when none is open. */
int store_tx_begin(struct store *st, struct err *e) WUR;
int store_tx_commit(struct store *st, struct err *e) WUR;
int store_tx_rollback(struct store *st, struct err *e);
/* true while a transaction is open on st (SQLite may end one by itself on an I/O, full-disk
 * or out-of-memory error: the writer thread then fails the whole batch). */
bool store_tx_open(struct store *st);

/* One snapshot for a read of many statements (a whole dossier, or a whole read request): they
 * share one read transaction instead of each opening and closing its own, which costs locks and,
 * after any other connection's commit, SQLite's page cache, per statement; and they see one
 * consistent state. true: opened (end it with store_read_end(st, true)); false: a transaction
 * was already open or BEGIN failed, and the statements run as before (so nested calls are no-ops).
 * A statement that writes, or a write transaction's begin, ends the snapshot first: what comes
 * after it reads the current state; store_read_end then has nothing left to end. */
bool store_read_begin(struct store *st);
void store_read_end(struct store *st, bool opened);
/* true while a snapshot store_read_begin opened is still open on st. */
bool store_read_active(const struct store *st);
/* Ends st's read snapshot now, if one is open (so the next read sees what another connection
 * committed since, e.g. the writer thread's commit of this request's own write). */
void store_read_yield(struct store *st);

/* Savepoints inside an open transaction (the writer thread isolates each job of a batch):
 * begin pushes one; end(ok) releases it, end(!ok) rolls back to it and releases it. */
int store_savepoint_begin(struct store *st, struct err *e) WUR;
int store_savepoint_end(struct store *st, bool ok, struct err *e) WUR;

/* ---- schema ------------------------------------------------------------------------------------
 * store_migrate applies the numbered migrations the database lacks, each in its own IMMEDIATE
 * transaction, recording (version, applied_at) in schema_version. Then it brings the key vault in
 * line (vault.c): links a new vault to the database, moves wrapped keys a database from before
 * migration 24 still holds into the vault (then empties data_key.wrapped); deleting orphaned vault
 * keys is store_vault_sweep's (not done here: it would make every start cost time in proportion
 * to the number of keys). Safe to run concurrently from
 * several processes and to rerun (then *out_applied = 0). ERR_CONFLICT when the database is newer
 * than this binary (it refuses to touch it); ERR_INVAL inside a transaction; ERR_DB.
 * store_schema_version: highest applied migration (0 for a fresh database).
 * store_schema_latest: number of migrations this binary knows. */
int store_migrate(struct store *st, int *out_applied, struct err *e) WUR;
/* Deletes vault keys older than a day whose group the database does not hold (reservations
 * lost in a crash; after a restore of an older database, the keys of groups it never had):
 * what store_migrate's vault step used to do at every start. Reads every key older than a day
 * (after a day of use: all of them), in chunks; a vault commit only for a chunk with keys to
 * delete. *out_n (may be NULL): keys deleted. Not inside a transaction. */
int store_vault_sweep(struct store *st, int64_t *out_n, struct err *e) WUR;
int store_schema_version(struct store *st, int *out_version, struct err *e) WUR;
int store_schema_latest(void);

/* ---- introspection (ops diagnostics and tests) -------------------------------------------------
 * The connection's effective settings, read back from SQLite. */
struct store_settings {
    bool defensive;
    bool trusted_schema;
    bool load_extension;
    bool dqs_dml;
    bool dqs_ddl;
    bool foreign_keys;
    bool secure_delete;
    char journal_mode[16];  /* "wal" */
    int synchronous;        /* 0 off, 1 normal, 2 full, 3 extra */
    int busy_timeout_ms;
    int64_t cache_size;     /* as PRAGMA cache_size reports it: negative means KiB */
    int limit_length;
    int limit_sql_length;
    int limit_column;
    int limit_variable_number;
    int limit_attached;
};
int store_settings_get(struct store *st, struct store_settings *out, struct err *e) WUR;

/* ---- regions --------------------------------------------------------------------------------- */

#define STORE_NAME_MAX 200 /* bytes, region and organisation names */

struct store_region {
    int64_t id;
    char name[STORE_NAME_MAX + 1];
    int64_t created_at;
};

/* name: 1..STORE_NAME_MAX bytes of UTF-8 without control characters (else ERR_INVAL, field
 * "name"). ERR_CONFLICT if the name exists. */
int store_region_create(struct store *st, struct str name, int64_t *out_id, struct err *e) WUR;
/* ERR_NOTFOUND if there is no such region. */
int store_region_get(struct store *st, int64_t id, struct store_region *out, struct err *e) WUR;
int store_region_get_by_name(struct store *st, struct str name, struct store_region *out,
                             struct err *e) WUR;
/* All regions ordered by name into out[0..cap); *out_n = number written. ERR_TOOBIG if there are
 * more than cap (out then holds the first cap). */
int store_region_list(struct store *st, struct store_region *out, size_t cap, size_t *out_n,
                      struct err *e) WUR;

/* ---- organisations --------------------------------------------------------------------------- */

enum store_org_kind {
    STORE_ORG_GEMEENTE = 1,
    STORE_ORG_POLITIE,
    STORE_ORG_OM,
    STORE_ORG_RVDK,
    STORE_ORG_RECLASSERING,
    STORE_ORG_JEUGDZORG,
    STORE_ORG_GGZ,
    STORE_ORG_ZVH,
    STORE_ORG_NCTV,
    STORE_ORG_OVERIG,
};

/* The legal instrument under which the organisation shares data. UNKNOWN is stored as NULL. */
enum store_org_instrument {
    STORE_INSTR_UNKNOWN = 0,
    STORE_INSTR_CONVENANT,
    STORE_INSTR_PRIVACYPROTOCOL,
    STORE_INSTR_WET,
    STORE_INSTR_GEEN,
};

enum store_org_status {
    STORE_ORG_GETEKEND = 1,
    STORE_ORG_VERLOPEN,
    STORE_ORG_INGETROKKEN,
    STORE_ORG_NIET_GETEKEND,
};

/* Database names of the enum values ("gemeente", "privacyprotocol", "niet_getekend"); NULL for
 * a value outside the enum (and for STORE_INSTR_UNKNOWN). Static strings. */
const char *store_org_kind_name(enum store_org_kind k);
const char *store_org_instrument_name(enum store_org_instrument i);
const char *store_org_status_name(enum store_org_status s);
/* Parse the names above. 0 or ERR_INVAL. */
int store_org_kind_parse(struct str s, enum store_org_kind *out) WUR;
int store_org_instrument_parse(struct str s, enum store_org_instrument *out) WUR;
int store_org_status_parse(struct str s, enum store_org_status *out) WUR;

struct store_org_in {
    int64_t region_id;                 /* 0: national organisation without a region */
    enum store_org_kind kind;
    struct str name;                   /* 1..STORE_NAME_MAX bytes UTF-8 */
    enum store_org_instrument instrument;
    struct str instrument_date;        /* "YYYY-MM-DD" or empty */
    enum store_org_status status;
};

struct store_org {
    int64_t id;
    int64_t region_id;                 /* 0: none */
    enum store_org_kind kind;
    char name[STORE_NAME_MAX + 1];
    enum store_org_instrument instrument;
    char instrument_date[11];          /* "" when absent */
    enum store_org_status status;
    int64_t created_at;
    int64_t updated_at;
};

/* Errors: ERR_INVAL with fields ("kind", "name", "instrument", "instrument_date", "status",
 * "region_id" when the region does not exist), ERR_CONFLICT (same name in the region). */
int store_org_create(struct store *st, const struct store_org_in *in, int64_t *out_id,
                     struct err *e) WUR;
int store_org_get(struct store *st, int64_t id, struct store_org *out, struct err *e) WUR;
/* Organisations of region_id (0: those without a region) ordered by name; cap/ERR_TOOBIG as
 * store_region_list. */
int store_org_list(struct store *st, int64_t region_id, struct store_org *out, size_t cap,
                   size_t *out_n, struct err *e) WUR;
/* Sets instrument_status and updated_at. ERR_NOTFOUND, ERR_INVAL (status). */
int store_org_set_status(struct store *st, int64_t id, enum store_org_status status,
                         struct err *e) WUR;

/* Sets instrument, instrument_date ("" = none) and status in one statement. ERR_NOTFOUND,
 * ERR_INVAL with fields. */
struct store_org_upd {
    enum store_org_instrument instrument;
    struct str instrument_date;
    enum store_org_status status;
};
int store_org_update(struct store *st, int64_t id, const struct store_org_upd *in,
                     struct err *e) WUR;

/* ---- data-key groups (crypto-shredding) ------------------------------------------------------ */

/* Creates a group (one per case or signal) with a random positive 63-bit id and a fresh data key,
 * stored only wrapped by the keyring, in the key vault (not in this database). The key was reserved
 * earlier in a batch and is durable in the vault before the group exists here. Errors: ERR_INVAL
 * (no keyring or vault), ERR_CRYPTO, ERR_DB (also: a retired master version). */
int store_group_new(struct store *st, int64_t *out_group_id, struct err *e) WUR;

/* Crypto-shredding: deletes the group's wrapped data key from the key vault and records
 * destroyed_at; clears the blind indexes of the group's persons so they can no longer be found or
 * linked. The vault deletion is committed (durably) just before the transaction that destroys the
 * group commits (or, outside a transaction, before this call's own commit); a rollback keeps the
 * key. Every sealed field of the group is unreadable from then on (person_get → ERR_CRYPTO), in
 * every database backup too: backups hold no keys. Idempotent for an already destroyed group.
 * Call store_checkpoint after committing so the old key bytes leave the -wal file as well.
 * Errors: ERR_NOTFOUND (no such group), ERR_DB. */
int store_group_destroy(struct store *st, int64_t group_id, struct err *e) WUR;

/* ---- persons (data subjects) ----------------------------------------------------------------- */

#define STORE_PERSON_NAME_MAX 256  /* bytes */
#define STORE_PERSON_DESC_MAX 2000 /* bytes */

/* A data subject may be only partly known: at least one of name, bsn and description. */
struct store_person_in {
    struct str name;        /* optional: 1..STORE_PERSON_NAME_MAX bytes UTF-8, no control chars */
    struct str birth_date;  /* optional (n == 0): "YYYY-MM-DD", a valid calendar date; needs name */
    struct str bsn;         /* optional (n == 0): 9 digits; spaces, dots, hyphens are dropped */
    struct str description; /* optional: what is known ("ca. 16 jaar, klas 4B"), UTF-8 */
    bool organisation;      /* a legal person (REQ-SIG-06); name is then its name */
};

/* Holds personal data: wipe it with store_person_wipe when done. */
struct store_person {
    int64_t id;
    int64_t group_id;
    int64_t created_at;
    char name[STORE_PERSON_NAME_MAX + 1];
    size_t name_len;
    char birth_date[11];    /* "" when absent */
    char bsn[10];           /* normalised 9 digits, "" when absent */
    bool organisation;
    char description[STORE_PERSON_DESC_MAX + 1];
    size_t description_len;
};

/* Stores a person in group_id: name, birth date, BSN and description are sealed with AAD ("person", column,
 * id) under the group's data key; blind indexes "bsn" (normalised BSN) and "name_dob"
 * (crypto_normalise_name(name) | 0x00 | birth date, only when both are given) allow equality
 * search. The id is a random positive integer below 2^53. Errors: ERR_INVAL (fields "name",
 * "birth_date", "bsn", "description"; no keyring), ERR_NOTFOUND (no such group), ERR_CONFLICT (group destroyed),
 * ERR_CRYPTO, ERR_DB. */
int store_person_create(struct store *st, int64_t group_id, const struct store_person_in *in,
                        int64_t *out_id, struct err *e) WUR;

/* Reads and opens a person. Errors: ERR_NOTFOUND; ERR_CRYPTO when the group was destroyed or any
 * field fails to authenticate (moved, swapped or tampered ciphertext); *out is wiped on error. */
int store_person_get(struct store *st, int64_t id, struct store_person *out, struct err *e) WUR;

/* Wipes a store_person (sodium_memzero). NULL ok. */
void store_person_wipe(struct store_person *p);

/* Ids of the persons with this BSN (normalised as above), ascending, into out_ids[0..cap);
 * *out_n = number written. Persons of destroyed groups are not found. ERR_INVAL (bad BSN),
 * ERR_TOOBIG (more than cap matches; the first cap are written). */
int store_person_find_by_bsn(struct store *st, struct str bsn, int64_t *out_ids, size_t cap,
                             size_t *out_n, struct err *e) WUR;

/* As find_by_bsn, on the normalised name plus birth date. */
int store_person_find_by_name_dob(struct store *st, struct str name, struct str birth_date,
                                  int64_t *out_ids, size_t cap, size_t *out_n,
                                  struct err *e) WUR;

#endif
