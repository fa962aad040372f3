/* pg.h: the statement layer of the PostgreSQL backend (issue 13; docs/postgres-port.md), with the
 * semantics of the SQLite seam in store_int.h, so that the repositories' statements can run on
 * libpq unchanged:
 * - SQL is written with SQLite's ?N placeholders; they become $N at prepare time (numbers may
 *   repeat and come in any order, as in SQLite);
 * - parameters are typed by what is bound (store__bind_i64 -> int8, text -> text, blob -> bytea;
 *   NULL leaves the type to PostgreSQL), so `?3 = 0` with a millisecond time is an int8
 *   comparison, not an int4 overflow (docs/postgres-port.md item 14); a statement is prepared
 *   once per connection and type signature;
 * - a step returns the rows one by one (the whole result is fetched at the first step, or row by
 *   row for a statement marked with pg_stmt_stream);
 * - a NULL column reads as 0, "" or (NULL, 0), as sqlite3_column_* do; int2/int4/int8/bool read
 *   as integers; bytea and text as bytes (binary result format);
 * - errors map to enum err_code by SQLSTATE, and a broken key tells primary key from other
 *   unique constraints by its name (<table>_pkey), as store__last_constraint does.
 *
 * store_open selects it for a postgres:// URI (pgstore.c); tested on its own against a
 * throw-away cluster (tests/pg/test_pg_conn.c). Not thread-safe: one thread per connection. */
#ifndef REGIE_STORE_PG_H
#define REGIE_STORE_PG_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "store/store_int.h"

#define PG_PARAMS_MAX 64  /* ?N up to this */
#define PG_SQL_MAX 16384  /* bytes of one statement */
#define PG_PREPARED_MAX 1024 /* prepared (statement, type signature) pairs per connection */

struct pg_conn;
struct pg_stmt;

/* conninfo: a libpq connection string or URI (never logged: it may hold a password). */
int pg_open(const char *conninfo, struct pg_conn **out, struct err *e) WUR;
void pg_close(struct pg_conn *c);

/* Runs SQL without parameters or rows (BEGIN, SAVEPOINT, DDL). */
int pg_exec(struct pg_conn *c, const char *sql, struct err *e) WUR;

/* Transactions with the SQLite backend's meaning (docs/postgres-port.md items 44-46):
 * - pg_begin_write: BEGIN and the database-wide writer lock (a transaction-level advisory lock,
 *   released at COMMIT/ROLLBACK), so that writers are serialised as under SQLite's BEGIN
 *   IMMEDIATE on every node that shares the database: the access-log chain stays one gap-free
 *   sequence and the max()+1 version counters stay unique. Waits at most lock_timeout_ms for
 *   the lock (0: PostgreSQL's lock_timeout setting); then ERR_DB ("bezet", SQLSTATE 55P03);
 * - pg_begin_read: one snapshot for all statements until pg_end (REPEATABLE READ, READ ONLY);
 * - pg_end: COMMIT (ok) or ROLLBACK.
 * Savepoints are plain SQL (pg_exec "SAVEPOINT x"): unlike SQLite, PostgreSQL aborts the whole
 * transaction on an error unless the failed statement ran inside one (item 47). */
int pg_begin_write(struct pg_conn *c, int lock_timeout_ms, struct err *e) WUR;
int pg_begin_read(struct pg_conn *c, struct err *e) WUR;
int pg_end(struct pg_conn *c, bool ok, struct err *e) WUR;

/* Row-level security (src/store/pg/rls.sql): whose rows this connection's statements see, the
 * text of the setting regie.scope ("all", "ORG:USER" or "none"; at most 47 bytes). Sent before
 * the next statement when it differs from what the server has (no round trip otherwise), and
 * sent again after a rollback that may have undone it and after a reconnection. A connection
 * starts with "all". */
void pg_scope(struct pg_conn *c, const char *scope);

/* A statement for sql (borrowed: the caller keeps it alive, like the store's literals). */
int pg_stmt_new(struct pg_conn *c, const char *sql, struct pg_stmt **out, struct err *e) WUR;
void pg_stmt_free(struct pg_stmt *s);
int pg_param_count(const struct pg_stmt *s);

int pg_bind_i64(struct pg_stmt *s, int idx, int64_t v, struct err *e) WUR;
int pg_bind_text(struct pg_stmt *s, int idx, struct str v, struct err *e) WUR;
int pg_bind_blob(struct pg_stmt *s, int idx, const void *p, size_t n, struct err *e) WUR;
int pg_bind_null(struct pg_stmt *s, int idx, struct err *e) WUR;

/* Streams the next execution's rows one at a time (libpq's single-row mode) instead of fetching
 * the whole result at the first step: for the scans over millions of rows (the verifier's,
 * docs/postgres-port.md item 49). While a streamed statement has rows left, its connection runs
 * nothing else; pg_reset or pg_stmt_free before the last row reads the rest off the connection
 * and drops it (stopping early costs the transfer of the rest, not its processing here). */
void pg_stmt_stream(struct pg_stmt *s, bool on);

/* 1: a row is ready; 0: done; < 0: an enum err_code (set in e). The first step executes. */
int pg_step(struct pg_stmt *s, struct err *e) WUR;
/* Back to before the first step; binds are kept. */
void pg_reset(struct pg_stmt *s);
/* pg_reset, and every parameter back to unbound (NULL, as sqlite3_clear_bindings). NULL ok. */
void pg_clear_binds(struct pg_stmt *s);
/* A transaction is open on c (also one that failed and waits for its ROLLBACK). */
bool pg_in_tx(const struct pg_conn *c);

int64_t pg_col_i64(const struct pg_stmt *s, int col);
bool pg_col_is_null(const struct pg_stmt *s, int col);
const void *pg_col_blob(const struct pg_stmt *s, int col);
int pg_col_bytes(const struct pg_stmt *s, int col);

/* Rows changed by the last INSERT/UPDATE/DELETE of c. */
int64_t pg_changes(const struct pg_conn *c);
/* Which constraint the last failed statement of c broke. */
enum store_constraint pg_last_constraint(const struct pg_conn *c);

/* For the tests: rewrites SQLite placeholders (?N) into $N in out (cap bytes); the highest N in
 * *out_n. Quoted strings and identifiers are copied unchanged. ERR_INVAL for a bare '?', N out of
 * 1..PG_PARAMS_MAX, or a result longer than cap. */
int pg_rewrite_params(const char *sql, char *out, size_t cap, int *out_n, struct err *e) WUR;

#endif
