/* test_pg_conn.c: the PostgreSQL backend's statement layer (store/pg.h) against a real,
 * throw-away PostgreSQL 15 cluster with Regie's schema (tests/pg/with_cluster.py starts it and
 * passes the connection string in REGIE_PG; the tests connect as the application's role). Each
 * test checks one promise of pg.h: SQLite's placeholders, parameters typed by what is bound,
 * SQLite's NULL semantics, binary round trips, the error mapping, the statement cache. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "store/pg.h"

static struct pg_conn *c;

static void setup(void)
{
    const char *ci = getenv("REGIE_PG");
    cr_assert_not_null(ci, "REGIE_PG: run through tests/pg/with_cluster.py");
    cr_assert_eq(pg_open(ci, &c, NULL), 0);
    cr_assert_eq(pg_exec(c, "BEGIN", NULL), 0); /* every test rolls back: they share one db */
}

static void teardown(void)
{
    if (c != NULL)
        cr_assert_eq(pg_exec(c, "ROLLBACK", NULL), 0);
    pg_close(c);
    c = NULL;
}

TestSuite(pg, .init = setup, .fini = teardown, .timeout = 60);

static struct pg_stmt *stmt(const char *sql)
{
    struct pg_stmt *s = NULL;
    cr_assert_eq(pg_stmt_new(c, sql, &s, NULL), 0, "prepare");
    return s;
}

Test(pg, placeholders_become_dollar_numbers_outside_quotes)
{
    char out[256];
    int n = 0;
    cr_assert_eq(pg_rewrite_params("SELECT ?1 = ?10, '?2', \"?3\", 'it''s ?4', ?2", out,
                                   sizeof out, &n, NULL),
                 0);
    cr_assert_str_eq(out, "SELECT $1 = $10, '?2', \"?3\", 'it''s ?4', $2");
    cr_assert_eq(n, 10);
    cr_assert_eq(pg_rewrite_params("SELECT ?", out, sizeof out, &n, NULL), ERR_INVAL);
    cr_assert_eq(pg_rewrite_params("SELECT ?0", out, sizeof out, &n, NULL), ERR_INVAL);
    cr_assert_eq(pg_rewrite_params("SELECT ?65", out, sizeof out, &n, NULL), ERR_INVAL);
    cr_assert_eq(pg_rewrite_params("SELECT 'open", out, sizeof out, &n, NULL), ERR_INVAL);
    cr_assert_eq(pg_rewrite_params("SELECT ?1, ?2", out, 12, &n, NULL), ERR_INVAL);
}

Test(pg, insert_returning_and_changes)
{
    struct pg_stmt *s = stmt("INSERT INTO region(name, created_at) VALUES (?1, ?2) RETURNING id");
    cr_assert_eq(pg_bind_text(s, 1, STR_LIT("Regio West"), NULL), 0);
    cr_assert_eq(pg_bind_i64(s, 2, 1764000000000, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    int64_t id = pg_col_i64(s, 0);
    cr_assert_gt(id, 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    cr_assert_eq(pg_changes(c), 1);
    pg_stmt_free(s);
    s = stmt("SELECT name, created_at FROM region WHERE id = ?1");
    cr_assert_eq(pg_bind_i64(s, 1, id, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert_eq(pg_col_bytes(s, 0), 10);
    cr_assert(memcmp(pg_col_blob(s, 0), "Regio West", 10) == 0);
    cr_assert_eq(pg_col_i64(s, 1), 1764000000000);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_stmt_free(s);
}

/* docs/postgres-port.md item 14: `?1 = 0` alone would make ?1 an int4 and overflow. */
Test(pg, parameters_are_typed_by_what_is_bound)
{
    struct pg_stmt *s = stmt("SELECT count(*) FROM audit_log WHERE (?1 = 0 OR ts >= ?1) AND "
                             "(?2 = 0 OR ts < ?2)");
    cr_assert_eq(pg_bind_i64(s, 1, 1764000000000, NULL), 0);
    cr_assert_eq(pg_bind_i64(s, 2, INT64_C(9000000000000000000), NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert_eq(pg_col_i64(s, 0), 0);
    pg_stmt_free(s);
    /* out of order and repeated */
    s = stmt("SELECT ?2 + 1, ?1, ?2");
    cr_assert_eq(pg_param_count(s), 2);
    cr_assert_eq(pg_bind_text(s, 1, STR_LIT("x"), NULL), 0);
    cr_assert_eq(pg_bind_i64(s, 2, -5, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert_eq(pg_col_i64(s, 0), -4);
    cr_assert_eq(pg_col_bytes(s, 1), 1);
    cr_assert_eq(pg_col_i64(s, 2), -5);
    pg_stmt_free(s);
}

Test(pg, null_reads_as_sqlite_reads_it)
{
    struct pg_stmt *s = stmt("SELECT NULL::bigint, NULL::text, NULL::bytea, ?1::bigint");
    cr_assert_eq(pg_bind_null(s, 1, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    for (int k = 0; k < 4; k++) {
        cr_assert(pg_col_is_null(s, k));
        cr_assert_eq(pg_col_i64(s, k), 0);
        cr_assert_null(pg_col_blob(s, k));
        cr_assert_eq(pg_col_bytes(s, k), 0);
    }
    cr_assert(pg_col_is_null(s, 9), "a column past the end is NULL too");
    pg_stmt_free(s);
}

Test(pg, bytes_and_text_round_trip_in_binary)
{
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    struct pg_stmt *s = stmt("SELECT ?1::bytea, ?2::text, length(?2::text), ?3::bytea, "
                             "(2 > 1), 32767::int2, (-2147483648)::int4");
    cr_assert_eq(pg_bind_blob(s, 1, all, sizeof all, NULL), 0);
    cr_assert_eq(pg_bind_text(s, 2, STR_LIT("Co\xc3\xb6rdinator"), NULL), 0);
    cr_assert_eq(pg_bind_blob(s, 3, "", 0, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert_eq(pg_col_bytes(s, 0), 256);
    cr_assert(memcmp(pg_col_blob(s, 0), all, 256) == 0);
    cr_assert_eq(pg_col_bytes(s, 1), 12);
    cr_assert(memcmp(pg_col_blob(s, 1), "Co\xc3\xb6rdinator", 12) == 0);
    cr_assert_eq(pg_col_i64(s, 2), 11, "characters, not bytes");
    cr_assert(!pg_col_is_null(s, 3), "an empty blob is not NULL");
    cr_assert_eq(pg_col_bytes(s, 3), 0);
    cr_assert_eq(pg_col_i64(s, 4), 1);
    cr_assert_eq(pg_col_i64(s, 5), 32767);
    cr_assert_eq(pg_col_i64(s, 6), INT32_MIN);
    pg_stmt_free(s);
}

Test(pg, errors_map_as_the_sqlite_backend_maps_them)
{
    struct err e;
    err_clear(&e);
    struct pg_stmt *s = stmt("INSERT INTO data_key(group_id, wrapped, key_version, created_at) "
                             "VALUES (?1, ?2, 1, 0)");
    cr_assert_eq(pg_bind_i64(s, 1, 77, NULL), 0);
    cr_assert_eq(pg_bind_blob(s, 2, "k", 1, NULL), 0);
    cr_assert_eq(pg_exec(c, "SAVEPOINT a", NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_reset(s);
    cr_assert_eq(pg_step(s, &e), ERR_CONFLICT, "the same primary key again");
    cr_assert_eq(pg_last_constraint(c), STORE_CONSTRAINT_PK);
    cr_assert_eq(pg_exec(c, "ROLLBACK TO a", NULL), 0); /* PostgreSQL: the transaction is kept */
    pg_stmt_free(s);

    s = stmt("INSERT INTO region(name, created_at) VALUES (?1, 0)");
    cr_assert_eq(pg_bind_text(s, 1, STR_LIT("Dubbel"), NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_reset(s);
    cr_assert_eq(pg_step(s, NULL), ERR_CONFLICT);
    cr_assert_eq(pg_last_constraint(c), STORE_CONSTRAINT_UNIQUE, "a unique name, not the key");
    cr_assert_eq(pg_exec(c, "ROLLBACK TO a", NULL), 0);
    pg_stmt_free(s);

    s = stmt("INSERT INTO audit_head(id, size, state) VALUES (?1, 0, ?2)"); /* CHECK (id = 1) */
    cr_assert_eq(pg_bind_i64(s, 1, 2, NULL), 0);
    cr_assert_eq(pg_bind_blob(s, 2, "", 0, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), ERR_INVAL);
    cr_assert_eq(pg_exec(c, "ROLLBACK TO a", NULL), 0);
    pg_stmt_free(s);

    s = stmt("SELECT 1.5::numeric"); /* a type the store does not read: loud, not 0 */
    cr_assert_eq(pg_step(s, NULL), ERR_DB);
    pg_stmt_free(s);
    s = stmt("SELECT 1");
    cr_assert_eq(pg_step(s, NULL), 1, "the connection still works");
    pg_stmt_free(s);
}

Test(pg, out_of_range_binds_are_refused_and_unbound_is_null)
{
    struct pg_stmt *s = stmt("SELECT ?1, ?2::bigint IS NULL");
    cr_assert_eq(pg_bind_i64(s, 3, 1, NULL), ERR_INVAL);
    cr_assert_eq(pg_bind_i64(s, 0, 1, NULL), ERR_INVAL);
    cr_assert_eq(pg_bind_i64(s, 1, 7, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1, "?2 was never bound: NULL, as in SQLite");
    cr_assert_eq(pg_col_i64(s, 0), 7);
    cr_assert_eq(pg_col_i64(s, 1), 1);
    pg_reset(s);
    cr_assert_eq(pg_bind_i64(s, 2, 5, NULL), 0);
    pg_clear_binds(s); /* as sqlite3_clear_bindings: both back to NULL */
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert(pg_col_is_null(s, 0));
    cr_assert_eq(pg_col_i64(s, 1), 1);
    pg_stmt_free(s);
}

Test(pg, a_statement_is_prepared_once_per_type_signature)
{
    static const char sql[] = "SELECT coalesce(?1::text, 'leeg')";
    struct pg_stmt *s = stmt(sql);
    for (int round = 0; round < 3; round++) {
        cr_assert_eq(pg_bind_text(s, 1, STR_LIT("a"), NULL), 0);
        cr_assert_eq(pg_step(s, NULL), 1);
        cr_assert_eq(pg_col_bytes(s, 0), 1);
        cr_assert_eq(pg_bind_null(s, 1, NULL), 0); /* rebinding resets the statement */
        cr_assert_eq(pg_step(s, NULL), 1);
        cr_assert_eq(pg_col_bytes(s, 0), 4);
        pg_reset(s);
    }
    pg_stmt_free(s);
    /* two signatures were prepared for this literal; a new statement object reuses them */
    struct pg_stmt *t = stmt(sql);
    cr_assert_eq(pg_bind_text(t, 1, STR_LIT("b"), NULL), 0);
    cr_assert_eq(pg_step(t, NULL), 1);
    pg_stmt_free(t);
    struct pg_stmt *q = stmt("SELECT count(*) FROM pg_prepared_statements");
    cr_assert_eq(pg_step(q, NULL), 1);
    cr_assert_eq(pg_col_i64(q, 0), 3, "two for the literal, one for this query");
    pg_stmt_free(q);
}

/* Transactions (pg_begin_write / pg_begin_read / pg_end), on connections of their own. */
static struct pg_conn *conn2(void)
{
    struct pg_conn *x = NULL;
    cr_assert_eq(pg_open(getenv("REGIE_PG"), &x, NULL), 0);
    return x;
}

Test(pg, the_writer_lock_admits_one_writer_at_a_time)
{
    struct pg_conn *a = conn2(), *b = conn2();
    struct err e;
    err_clear(&e);
    cr_assert_eq(pg_begin_write(a, 0, NULL), 0);
    /* b waits 100 ms for the lock a holds, then gives up: no transaction is left open */
    cr_assert_eq(pg_begin_write(b, 100, &e), ERR_DB);
    cr_assert_eq(pg_begin_read(b, NULL), 0, "b is usable again");
    cr_assert_eq(pg_end(b, true, NULL), 0);
    cr_assert_eq(pg_end(a, true, NULL), 0); /* COMMIT releases the lock */
    cr_assert_eq(pg_begin_write(b, 100, NULL), 0);
    cr_assert_eq(pg_end(b, false, NULL), 0); /* and ROLLBACK too */
    cr_assert_eq(pg_begin_write(a, 100, NULL), 0);
    cr_assert_eq(pg_end(a, false, NULL), 0);
    cr_assert_eq(pg_begin_write(a, -1, NULL), ERR_INVAL);
    pg_close(a);
    pg_close(b);
}

static int64_t count_named(struct pg_conn *x, struct str name)
{
    struct pg_stmt *s = NULL;
    cr_assert_eq(pg_stmt_new(x, "SELECT count(*) FROM region WHERE name = ?1", &s, NULL), 0);
    cr_assert_eq(pg_bind_text(s, 1, name, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1);
    int64_t n = pg_col_i64(s, 0);
    pg_stmt_free(s);
    return n;
}

Test(pg, a_read_transaction_sees_one_snapshot)
{
    char name[40];
    snprintf(name, sizeof name, "snapshot-%ld", (long)getpid());
    struct str nm = str_from_cstr(name);
    struct pg_conn *a = conn2(), *b = conn2();
    cr_assert_eq(pg_begin_read(a, NULL), 0);
    cr_assert_eq(count_named(a, nm), 0);
    struct pg_stmt *s = NULL;
    cr_assert_eq(pg_stmt_new(b, "INSERT INTO region(name, created_at) VALUES (?1, 0)", &s, NULL),
                 0);
    cr_assert_eq(pg_bind_text(s, 1, nm, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0); /* committed: b is outside a transaction */
    pg_stmt_free(s);
    cr_assert_eq(count_named(a, nm), 0, "a's snapshot does not see b's commit");
    cr_assert_eq(pg_end(a, true, NULL), 0);
    cr_assert_eq(count_named(a, nm), 1, "a new statement does");
    cr_assert_eq(pg_stmt_new(b, "DELETE FROM region WHERE name = ?1", &s, NULL), 0);
    cr_assert_eq(pg_bind_text(s, 1, nm, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_stmt_free(s);
    pg_close(a);
    pg_close(b);
}

/* docs/postgres-port.md item 47: after an error PostgreSQL refuses the rest of the transaction
 * unless the statement ran inside a savepoint; the store's retry loops depend on this. */
Test(pg, an_error_ends_the_transaction_unless_inside_a_savepoint)
{
    struct pg_conn *a = conn2();
    struct pg_stmt *s = NULL, *one = NULL;
    cr_assert_eq(pg_stmt_new(a, "INSERT INTO data_key(group_id, wrapped, key_version, "
                                "created_at) VALUES (?1, ?2, 1, 0)", &s, NULL), 0);
    cr_assert_eq(pg_stmt_new(a, "SELECT 1", &one, NULL), 0);
    cr_assert_eq(pg_bind_i64(s, 1, 4242, NULL), 0);
    cr_assert_eq(pg_bind_blob(s, 2, "", 0, NULL), 0);
    cr_assert_eq(pg_begin_write(a, 0, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_reset(s);
    cr_assert_eq(pg_step(s, NULL), ERR_CONFLICT);
    cr_assert_eq(pg_step(one, NULL), ERR_DB, "25P02: the transaction is aborted");
    cr_assert_eq(pg_end(a, false, NULL), 0);
    pg_reset(one);
    pg_reset(s);
    cr_assert_eq(pg_begin_write(a, 0, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 0);
    pg_reset(s);
    cr_assert_eq(pg_exec(a, "SAVEPOINT retry", NULL), 0);
    cr_assert_eq(pg_step(s, NULL), ERR_CONFLICT);
    cr_assert_eq(pg_exec(a, "ROLLBACK TO SAVEPOINT retry", NULL), 0);
    cr_assert_eq(pg_step(one, NULL), 1, "inside a savepoint the transaction goes on");
    cr_assert_eq(pg_end(a, false, NULL), 0);
    pg_stmt_free(s);
    pg_stmt_free(one);
    pg_close(a);
}

/* pg_stmt_stream: rows one at a time (docs/postgres-port.md item 49). */
Test(pg, a_streamed_scan_returns_every_row_and_can_stop_early)
{
    struct pg_stmt *s = stmt("SELECT g, int8send(g) FROM generate_series(1, ?1) g");
    pg_stmt_stream(s, true);
    cr_assert_eq(pg_bind_i64(s, 1, 100000, NULL), 0);
    int64_t n = 0, sum = 0;
    int rc;
    while ((rc = pg_step(s, NULL)) == 1) {
        n++;
        sum += pg_col_i64(s, 0);
        if (n % 25000 == 0) { /* the bytes of the row it belongs to */
            const uint8_t *b = pg_col_blob(s, 1);
            cr_assert_eq(pg_col_bytes(s, 1), 8);
            cr_assert_eq(b[7], (uint8_t)(n & 0xff));
        }
    }
    cr_assert_eq(rc, 0);
    cr_assert_eq(n, 100000);
    cr_assert_eq(sum, INT64_C(5000050000));
    cr_assert_eq(pg_step(s, NULL), 0, "done stays done");
    /* again, stopped after ten rows: the rest is dropped and the connection is free */
    pg_reset(s);
    for (int i = 0; i < 10; i++)
        cr_assert_eq(pg_step(s, NULL), 1);
    pg_reset(s);
    struct pg_stmt *one = stmt("SELECT 7");
    cr_assert_eq(pg_step(one, NULL), 1);
    cr_assert_eq(pg_col_i64(one, 0), 7);
    pg_reset(one);
    cr_assert_eq(pg_step(s, NULL), 1);
    pg_stmt_free(s); /* mid-stream too */
    cr_assert_eq(pg_step(one, NULL), 1);
    pg_stmt_free(one);
}

Test(pg, an_error_in_the_middle_of_a_stream_is_an_error)
{
    cr_assert_eq(pg_exec(c, "SAVEPOINT s", NULL), 0);
    struct pg_stmt *s = stmt("SELECT 1 / (g - 5000) FROM generate_series(1, 10000) g");
    pg_stmt_stream(s, true);
    int rc, n = 0;
    while ((rc = pg_step(s, NULL)) == 1)
        n++;
    cr_assert_lt(rc, 0, "division by zero at row 5000");
    cr_assert_eq(n, 4999, "streamed: the rows before the error arrive first (buffered: none)");
    pg_stmt_free(s);
    cr_assert_eq(pg_exec(c, "ROLLBACK TO SAVEPOINT s", NULL), 0);
    s = stmt("SELECT 1");
    cr_assert_eq(pg_step(s, NULL), 1, "the connection still works");
    pg_stmt_free(s);
}

/* The server drops a connection (a restart, a failover, pg_terminate_backend). */
static void terminate(struct pg_conn *victim, struct pg_conn *killer)
{
    struct pg_stmt *pid = NULL;
    cr_assert_eq(pg_stmt_new(victim, "SELECT pg_backend_pid()", &pid, NULL), 0);
    cr_assert_eq(pg_step(pid, NULL), 1);
    int64_t p = pg_col_i64(pid, 0);
    pg_stmt_free(pid);
    struct pg_stmt *k = NULL;
    cr_assert_eq(pg_stmt_new(killer, "SELECT pg_terminate_backend(?1::int)", &k, NULL), 0);
    cr_assert_eq(pg_bind_i64(k, 1, p, NULL), 0);
    cr_assert_eq(pg_step(k, NULL), 1);
    cr_assert_eq(pg_col_i64(k, 0), 1, "terminated");
    pg_stmt_free(k);
    usleep(100 * 1000); /* the backend is gone once the signal is handled */
}

Test(pg, a_dropped_connection_is_made_again_but_never_inside_a_transaction)
{
    static const char sql[] = "SELECT 7";
    struct pg_conn *a = conn2(), *b = conn2();
    struct pg_stmt *s = NULL;
    cr_assert_eq(pg_stmt_new(a, sql, &s, NULL), 0);
    cr_assert_eq(pg_step(s, NULL), 1, "prepared and run once");
    pg_reset(s);

    /* Outside a transaction: the next statement finds the drop (what the server sent while
     * the connection was idle), reconnects and prepares again. */
    terminate(a, b);
    cr_assert_eq(pg_step(s, NULL), 1, "a statement on its own reconnects first");
    cr_assert_eq(pg_col_i64(s, 0), 7);
    pg_reset(s);

    /* A transaction's begin finds it and begins again on a new connection: nothing had run. */
    terminate(a, b);
    cr_assert_eq(pg_begin_read(a, NULL), 0, "the begin reconnects");
    cr_assert_eq(pg_step(s, NULL), 1);
    pg_reset(s);
    cr_assert_eq(pg_end(a, true, NULL), 0);

    /* Inside one: the statement fails, the transaction stays open to its caller until the
     * ROLLBACK, and no later statement runs outside it on a new connection. */
    cr_assert_eq(pg_begin_write(a, 0, NULL), 0);
    terminate(a, b);
    struct err e;
    err_clear(&e);
    cr_assert_eq(pg_step(s, &e), ERR_UNAVAILABLE, "the transaction's connection is gone");
    pg_reset(s);
    cr_assert(pg_in_tx(a), "still open for its caller");
    cr_assert_neq(pg_step(s, NULL), 1, "no statement of the lost transaction runs elsewhere");
    pg_reset(s);
    int end_rc = pg_end(a, false, NULL); /* the ROLLBACK ends it, on a dead connection too */
    cr_expect(end_rc == 0 || end_rc == ERR_UNAVAILABLE, "rollback: %d", end_rc);
    cr_assert_not(pg_in_tx(a));
    cr_assert_eq(pg_begin_write(a, 0, NULL), 0, "the next transaction has a new connection");
    cr_assert_eq(pg_step(s, NULL), 1);
    cr_assert_eq(pg_end(a, true, NULL), 0);
    pg_stmt_free(s);
    pg_close(a);
    pg_close(b);
}
