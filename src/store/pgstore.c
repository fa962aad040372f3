/* pgstore.c: the PostgreSQL backend's half of the store (issue 13): opening a store on a
 * postgres:// URI, migrating an empty database to the baseline schema, and the settings report.
 * The statements, transactions and savepoints of the seam dispatch in sqlite.c to pg.c; the
 * repositories are the same for both backends. */
#include "core/common.h"

#include "core/log.h"
#include "store/pg.h"
#include "store/store_int.h"

/* src/store/pg/schema.sql, guard.sql and vault.sql (generated: scripts/embed_sql.py). */
extern const unsigned char store__pg_baseline[];

bool store_is_server(const char *db)
{
    return db != NULL &&
           (strncmp(db, "postgres://", 11) == 0 || strncmp(db, "postgresql://", 13) == 0);
}

int store__pg_open_conn(const struct store_cfg *cfg, int busy_ms, struct store **out,
                        struct err *e)
{
    struct store *st = calloc(1, sizeof(*st));
    *out = NULL;
    if (st == NULL)
        return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    st->kr = cfg->keys;
    st->readonly = cfg->readonly;
    st->busy_ms = busy_ms;
    int rc = pg_open(cfg->db_path, &st->pg, e);
    /* A read-only store cannot write by accident: the server refuses every write. */
    if (rc == 0 && cfg->readonly)
        rc = pg_exec(st->pg, "SET default_transaction_read_only = on", e);
    if (rc != 0) {
        store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

/* The schema is one baseline equal to SQLite's latest migration (docs/postgres-port.md item
 * 54); a later migration will need its PostgreSQL form here as well. */
int store__pg_migrate(struct store *st, int *out_applied, struct err *e)
{
    int cur = 0;
    int latest = store_schema_latest();
    *out_applied = 0;
    int rc = store_tx_begin(st, e); /* the writer lock: one node migrates, the others wait */
    if (rc == 0)
        rc = store_schema_version(st, &cur, e); /* read again under the lock */
    if (rc != 0)
        goto out;
    if (cur == latest)
        goto out;
    if (cur > latest) {
        rc = err_set(e, ERR_CONFLICT, "de database is nieuwer dan dit programma");
        err_internal(e, ERR_CONFLICT, "schema version %d > latest %d", cur, latest);
        goto out;
    }
    if (cur != 0) {
        rc = err_set(e, ERR_CONFLICT, "voor deze PostgreSQL-database is geen upgrade beschikbaar");
        err_internal(e, ERR_CONFLICT, "pg schema version %d, baseline %d", cur, latest);
        goto out;
    }
    /* DDL is transactional in PostgreSQL: all of the baseline or nothing. Needs the rights of
     * the schema's owner (and CREATEROLE for regie_app); the application's role has neither. */
    rc = pg_exec(st->pg, (const char *)store__pg_baseline, e);
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc == 0) {
        *out_applied = latest;
        log_info("store.migrated", "backend=postgresql version=%d", latest);
    }
out:
    if (store_tx_open(st))
        (void)store_tx_rollback(st, NULL);
    return rc;
}

int store__pg_settings(struct store *st, struct store_settings *out, struct err *e)
{
    (void)e;
    memset(out, 0, sizeof(*out));
    /* What the SQLite settings stand for, as this backend has it: foreign keys always hold;
     * commits are durable (synchronous_commit, the server's setting, is the operator's);
     * there is no secure_delete (docs/postgres-port.md item 37). */
    out->defensive = true;
    out->foreign_keys = true;
    out->secure_delete = false;
    snprintf(out->journal_mode, sizeof(out->journal_mode), "%s", "postgresql");
    out->synchronous = 2;
    out->busy_timeout_ms = st->busy_ms;
    return 0;
}

#ifdef REGIE_TEST_HOOKS
#include <libpq-fe.h>
#include <sodium.h>
#include <unistd.h>

/* Test builds only: the whole suite on PostgreSQL (tests/pg/suite.py). With REGIE_TEST_PG_HOST
 * (a socket directory) and REGIE_TEST_PG_PORT set, a store opened on a file path opens instead
 * a PostgreSQL database of its own, named after that path (a hash), made empty on first open
 * and owned by the role regie_owner, as which the store connects: store_migrate then lays the
 * baseline schema, as `regie migrate` does for a deployment. Each database is recorded in
 * regie_test_map so that the runner drops it once the test's directory is gone. Reopening the
 * same path finds the same database; a path never opened with create is "not found", as a
 * missing file. (The application role's narrower rights are tested by tests/pg/.) */
#define TEST_URI_MAX 512

static int test_admin(const char *host, const char *port, PGconn **out, struct err *e)
{
    char ci[TEST_URI_MAX];
    int n = snprintf(ci, sizeof ci, "host=%s port=%s user=postgres dbname=postgres", host, port);
    *out = NULL;
    if (n < 0 || (size_t)n >= sizeof ci)
        return err_internal(e, ERR_INVAL, "test pg: host too long");
    PGconn *c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return err_internal(e, ERR_UNAVAILABLE, "test pg: admin connect");
    }
    *out = c;
    return 0;
}

static int test_run(PGconn *c, const char *sql, int np, const char *const *p, bool *out_row,
                    const char **ok_state)
{
    PGresult *r = PQexecParams(c, sql, np, NULL, p, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(r);
    int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : -1;
    if (rc != 0 && ok_state != NULL) {
        const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (st != NULL && strcmp(st, *ok_state) == 0)
            rc = 0; /* e.g. 42P04: made meanwhile by another process */
    }
    if (out_row != NULL)
        *out_row = s == PGRES_TUPLES_OK && PQntuples(r) > 0;
    PQclear(r);
    return rc;
}

/* The database standing in for path: its name ('t' and 20 hex digits), the absolute path. */
static bool test_name(const char *path, char name[32], char abs[4096])
{
    char cwd[2048];
    int n = 0;
    if (path[0] == '/')
        n = snprintf(abs, 4096, "%s", path);
    else if (getcwd(cwd, sizeof cwd) != NULL)
        n = snprintf(abs, 4096, "%s/%s", cwd, path);
    if (n <= 0 || n >= 4096)
        return false;
    uint8_t h[10];
    crypto_generichash(h, sizeof h, (const uint8_t *)abs, strlen(abs), NULL, 0);
    name[0] = 't';
    sodium_bin2hex(name + 1, 31, h, sizeof h);
    return true;
}

bool store_test_pg_uri(const char *path, char *out, size_t cap)
{
    const char *host = getenv("REGIE_TEST_PG_HOST"), *port = getenv("REGIE_TEST_PG_PORT");
    char name[32], abs[4096];
    if (host == NULL || port == NULL || path == NULL || store_is_server(path) ||
        !test_name(path, name, abs))
        return false;
    int n = snprintf(out, cap, "postgresql://regie_owner@/%s?host=%s&port=%s", name, host, port);
    return n > 0 && (size_t)n < cap;
}

int store__test_redirect(const struct store_cfg *cfg, char *uri, size_t cap, bool *out_on,
                         struct err *e)
{
    const char *host = getenv("REGIE_TEST_PG_HOST"), *port = getenv("REGIE_TEST_PG_PORT");
    *out_on = false;
    if (host == NULL || port == NULL || cfg->db_path == NULL || store_is_server(cfg->db_path))
        return 0;
    char abs[4096], name[32];
    if (!test_name(cfg->db_path, name, abs) || !store_test_pg_uri(cfg->db_path, uri, cap))
        return err_internal(e, ERR_INVAL, "test pg: path too long");
    PGconn *c = NULL;
    int rc = test_admin(host, port, &c, e);
    if (rc != 0)
        return rc;
    const char *p[2] = {name, abs};
    bool found = false;
    if (test_run(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p, &found, NULL) != 0) {
        rc = err_internal(e, ERR_DB, "test pg: lookup");
    } else if (!found && (!cfg->create || cfg->readonly)) {
        rc = err_set(e, ERR_NOTFOUND, "database niet gevonden; maak haar eerst aan (regie init)");
    } else if (!found) {
        char sql[128];
        static const char *dup = "42P04";
        /* name is 't' and hex digits: safe as an identifier */
        snprintf(sql, sizeof sql, "CREATE DATABASE %s OWNER regie_owner", name);
        if (test_run(c, "INSERT INTO regie_test_map(name, path) VALUES ($1, $2) "
                        "ON CONFLICT DO NOTHING", 2, p, NULL, NULL) != 0 ||
            test_run(c, sql, 0, NULL, NULL, &dup) != 0)
            rc = err_internal(e, ERR_DB, "test pg: create database");
    }
    PQfinish(c);
    if (rc != 0)
        return rc;
    *out_on = true;
    return 0;
}
#endif
