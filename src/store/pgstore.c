/* pgstore.c: the PostgreSQL backend's half of the store (issue 13): opening a store on a
 * postgres:// URI, migrating an empty database to the baseline schema, and the settings report.
 * The statements, transactions and savepoints of the seam dispatch in sqlite.c to pg.c; the
 * repositories are the same for both backends. */
#include "core/common.h"

#include "core/clock.h"

#include "core/log.h"
#include "store/pg.h"
#include "store/store_int.h"

/* src/store/pg/schema.sql, guard.sql and vault.sql (generated: scripts/embed_sql.py). */
extern const unsigned char store__pg_baseline[];
extern const unsigned char store__pg_rls[]; /* src/store/pg/rls.sql */
extern const unsigned char store__pg_rls_children[]; /* src/store/pg/rls_children.sql */

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

/* The first PostgreSQL schema that was released: a database at it or later is upgraded with the
 * PostgreSQL form of each later SQLite migration (PG_UPGRADES, in order, written by hand to the
 * letter of what scripts/pg_schema.py generates for the baseline; tests/pg/test_pg_schema.py
 * compares an upgraded database with a new one). A new table needs its grant to regie_app here,
 * as guard.sql's grant covers only the tables of the baseline. */
#define PG_FIRST_RELEASED 25

static const struct {
    int version;
    const char *sql;
} PG_UPGRADES[] = {
    {26, "CREATE TABLE peer_tag (peer TEXT NOT NULL CHECK (length(peer) BETWEEN 1 AND 32), "
         "person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE, "
         "kind TEXT NOT NULL CHECK (kind IN ('bsn','name_dob','none')), "
         "tag BYTEA NOT NULL CHECK (length(tag) IN (0, 32)), PRIMARY KEY (peer, person_id, kind));"
         "CREATE TABLE peer_nonce (peer TEXT NOT NULL CHECK (length(peer) BETWEEN 1 AND 32), "
         "qid BYTEA NOT NULL CHECK (length(qid) = 16), at BIGINT NOT NULL, "
         "PRIMARY KEY (peer, qid));"
         "CREATE TABLE peer_count (day BIGINT NOT NULL, who TEXT NOT NULL CHECK (length(who) "
         "BETWEEN 1 AND 48), n BIGINT NOT NULL CHECK (n >= 1), PRIMARY KEY (day, who));"
         "CREATE INDEX \"peer_tag_lookup\" ON peer_tag(peer, kind, tag);"
         "CREATE INDEX \"peer_tag_person\" ON peer_tag(person_id);"
         "CREATE INDEX \"peer_nonce_at\" ON peer_nonce(at);"
         "GRANT SELECT, INSERT, UPDATE, DELETE ON peer_tag, peer_nonce, peer_count TO regie_app;"},
    {27, "CREATE TABLE peer_meta (peer TEXT PRIMARY KEY CHECK (length(peer) BETWEEN 1 AND 32), "
         "fingerprint BYTEA NOT NULL CHECK (length(fingerprint) = 32), set_at BIGINT NOT NULL);"
         "CREATE INDEX \"pga_case_open\" ON pga_case(signal_id) WHERE state NOT IN "
         "('afgesloten','vernietigd');"
         "GRANT SELECT, INSERT, UPDATE, DELETE ON peer_meta TO regie_app;"},
    {28, (const char *)store__pg_rls},
    {29, "ALTER TABLE retention_tombstone DROP CONSTRAINT retention_tombstone_kind_check;"
         "ALTER TABLE retention_tombstone ADD CONSTRAINT retention_tombstone_kind_check CHECK "
         "(kind IN ('signal','case','key_figure','rights_request'));"},
    {30, "ALTER TABLE retention_tombstone DROP CONSTRAINT retention_tombstone_kind_check;"
         "ALTER TABLE retention_tombstone ADD CONSTRAINT retention_tombstone_kind_check CHECK "
         "(kind IN ('signal','case','key_figure','rights_request','inzage_export'));"},
    {31, "ALTER TABLE retention_hold DROP CONSTRAINT retention_hold_kind_check;"
         "ALTER TABLE retention_hold ADD CONSTRAINT retention_hold_kind_check CHECK "
         "(kind IN ('signal','case','rights_request','inzage_export'));"
         "ALTER TABLE retention_extension DROP CONSTRAINT retention_extension_kind_check;"
         "ALTER TABLE retention_extension ADD CONSTRAINT retention_extension_kind_check CHECK "
         "(kind IN ('signal','case','rights_request','inzage_export'));"},
    {32, "ALTER TABLE retention_tombstone DROP CONSTRAINT retention_tombstone_kind_check;"
         "ALTER TABLE retention_tombstone ADD CONSTRAINT retention_tombstone_kind_check CHECK "
         "(kind IN ('signal','case','key_figure','rights_request','inzage_export','breach'));"},
    {33, (const char *)store__pg_rls_children},
};

static const char SQL_PG_VERSION_ADD[] =
    "INSERT INTO schema_version(version, applied_at) VALUES (?1, ?2)";
static const char SQL_PG_BASELINE_STAMP[] =
    "UPDATE schema_version SET applied_at = ?1 WHERE applied_at = 0";

/* Applies the upgrades after cur, up to latest, inside the caller's transaction. */
static int pg_upgrade(struct store *st, int cur, int latest, struct err *e)
{
    int rc = 0;
    for (int v = cur + 1; rc == 0 && v <= latest; v++) {
        const char *sql = NULL;
        for (size_t i = 0; i < ARRAY_LEN(PG_UPGRADES); i++)
            if (PG_UPGRADES[i].version == v)
                sql = PG_UPGRADES[i].sql;
        if (sql == NULL) {
            rc = err_set(e, ERR_CONFLICT, "voor deze PostgreSQL-database is geen upgrade beschikbaar");
            err_internal(e, ERR_CONFLICT, "pg upgrade to %d missing", v);
            break;
        }
        rc = pg_exec(st->pg, sql, e);
        if (rc == 0)
            rc = store__exec_ids(st, SQL_PG_VERSION_ADD, "schema_version.add", v, clock_now_ms(),
                                 0, e);
        if (rc == 0)
            log_info("store.migrated", "backend=postgresql version=%d", v);
    }
    return rc;
}

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
    if (cur != 0 && cur < PG_FIRST_RELEASED) {
        rc = err_set(e, ERR_CONFLICT, "voor deze PostgreSQL-database is geen upgrade beschikbaar");
        err_internal(e, ERR_CONFLICT, "pg schema version %d, first released %d", cur,
                     PG_FIRST_RELEASED);
        goto out;
    }
    /* DDL is transactional in PostgreSQL: all of it or nothing. Needs the rights of the schema's
     * owner (and CREATEROLE for regie_app); the application's role has neither. */
    if (cur == 0) {
        rc = pg_exec(st->pg, (const char *)store__pg_baseline, e);
        if (rc == 0) /* when the baseline was laid, as SQLite records each migration */
            rc = store__exec_ids(st, SQL_PG_BASELINE_STAMP, "schema_version.stamp",
                                 clock_now_ms(), 0, 0, e);
        if (rc == 0)
            log_info("store.migrated", "backend=postgresql version=%d", latest);
    } else {
        rc = pg_upgrade(st, cur, latest, e);
    }
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc == 0)
        *out_applied = latest - cur;
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
    /* REGIE_TEST_PG_ROLE=regie_app: the application's role (the harness sets it for serve) */
    const char *role = getenv("REGIE_TEST_PG_ROLE");
    const char *user = role != NULL && strcmp(role, "regie_app") == 0 ? "regie_app" : "regie_owner";
    int n = snprintf(out, cap, "postgresql://%s@/%s?host=%s&port=%s", user, name, host, port);
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
    /* one process at a time from lookup to create (released with the connection): two
     * concurrent CREATE DATABASE from one template fail (55006, template in use) */
    if (test_run(c, "SELECT pg_advisory_lock(7312)", 0, NULL, NULL, NULL) != 0) {
        rc = err_internal(e, ERR_DB, "test pg: lock");
    } else if (test_run(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p, &found, NULL) !=
               0) {
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
