/* test_store.c: store/ through its public header, plus a raw sqlite3 connection where a test has
 * to look under the store (schema, STRICT, tampering with ciphertext). Every test gets its own
 * mkdtemp directory with a fresh key file and a migrated database. Assertion messages never print
 * names, BSNs or birth dates (all values here are fictitious anyway). */
#include "core/common.h"

#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/signal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/rand.h"
#include "store/audit.h"
#include "store/case.h"
#include "store/meeting.h"
#include "store/signal.h"
#include "store/store.h"
#include "store/user.h"
#include "../raw.h"

#define MARKER "MARKER-7f3a9c"
#define DOB "1987-06-05"
#define BSN1 "111222333"
#define BSN2 "123456782"

static char dir[64];
static char db_path[160];
static char key_path[160];
static struct keyring *kr;
static struct store *st;

static void path_in(char *out, size_t cap, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    cr_assert(n > 0 && (size_t)n < cap);
}

static int open_store(bool create, bool readonly, const struct keyring *keys, struct store **out,
                      struct err *e)
{
    struct store_cfg cfg = {
        .db_path = db_path,
        .keys = keys,
        .busy_timeout_ms = 3000,
        .cache_kib = 4096,
        .readonly = readonly,
        .create = create,
    };
    return store_open(&cfg, out, e);
}

static void setup(void)
{
    int applied = -1;
    cr_assert_eq(core_init(), 0);
    snprintf(dir, sizeof(dir), "/tmp/regie-store-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    path_in(db_path, sizeof(db_path), "regie.db");
    path_in(key_path, sizeof(key_path), "regie.key");
    cr_assert_eq(crypto_keyfile_create(key_path, NULL), 0);
    cr_assert_eq(keyring_load(key_path, &kr, NULL), 0);
    cr_assert_eq(open_store(true, false, kr, &st, NULL), 0);
    cr_assert_eq(store_migrate(st, &applied, NULL), 0);
    cr_assert_eq(applied, store_schema_latest());
}

static void teardown(void)
{
    static const char *const files[] = {"regie.db", "regie.db-wal", "regie.db-shm",
                                        "regie.db-journal", "regie.key", "other.db",
                                        "other.db-wal", "other.db-shm", "regie-keys.db",
                                        "regie-keys.db-wal", "regie-keys.db-shm",
                                        "other-keys.db", "other-keys.db-wal",
                                        "other-keys.db-shm"};
    char p[200];
    store_close(st);
    st = NULL;
    keyring_free(kr);
    kr = NULL;
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        path_in(p, sizeof(p), files[i]);
        unlink(p);
    }
    rmdir(dir);
}

TestSuite(store, .init = setup, .fini = teardown, .timeout = 120);

/* ---- raw access helpers ---------------------------------------------------------------------
 * Under the store, on the backend the test runs on: the SQLite file, or on PostgreSQL (the suite
 * of tests/pg/suite.py redirects every store to a database of its own) that database, as its
 * owner. SQL here is what both run; the few tests about SQLite's files and settings skip on
 * PostgreSQL, saying so. */

static bool on_pg(void)
{
    char uri[600];
    return raw_pg_uri(db_path, uri, sizeof(uri));
}

#define SQLITE_ONLY(why)                                                                          \
    do {                                                                                           \
        if (on_pg())                                                                               \
            cr_skip_test("SQLite only: %s", why);                                                 \
    } while (0)

/* A one-byte blob literal of the backend's own form. */
#define BLOB00 (on_pg() ? "'\\x00'::bytea" : "x'00'")
#define BLOB01 (on_pg() ? "'\\x01'::bytea" : "x'01'")

static struct raw raw_open(void)
{
    return raw_open_path(db_path, false);
}

/* The key vault: the file beside the database, or on PostgreSQL its tables in the same one. */
static struct raw vault_raw(void)
{
    char v[200];
    if (on_pg())
        return raw_open();
    path_in(v, sizeof(v), "regie-keys.db");
    return raw_open_path(v, false);
}

/* Whole file into a malloc'd buffer; NULL (and *n = 0) if it does not exist. */
static uint8_t *read_all(const char *path, size_t *out_n)
{
    FILE *f = fopen(path, "rb");
    *out_n = 0;
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *p = malloc(cap);
    cr_assert_not_null(p);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap);
            cr_assert_not_null(p);
        }
        size_t r = fread(p + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    cr_assert_eq(ferror(f), 0);
    fclose(f);
    *out_n = n;
    return p;
}

/* True if needle occurs in the file at path (false if the file does not exist). */
static bool file_contains(const char *path, const void *needle, size_t nn)
{
    size_t n = 0;
    uint8_t *p = read_all(path, &n);
    bool found = p != NULL && memmem(p, n, needle, nn) != NULL;
    free(p);
    return found;
}

static size_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
}

static bool file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static const char *const plaintexts[] = {MARKER, DOB, BSN1, "Fictief", "Persoon"};

/* Asserts that no personal plaintext occurs in the database, its WAL or its shared memory. */
static void assert_no_plaintext_on_disk(const char *stage)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
    char p[200];
    for (size_t i = 0; i < ARRAY_LEN(sfx); i++) {
        int n = snprintf(p, sizeof(p), "%s%s", db_path, sfx[i]);
        cr_assert(n > 0 && (size_t)n < sizeof(p));
        for (size_t j = 0; j < ARRAY_LEN(plaintexts); j++)
            cr_assert(!file_contains(p, plaintexts[j], strlen(plaintexts[j])),
                      "%s: plaintext #%zu found in file regie.db%s", stage, j, sfx[i]);
    }
}

static int64_t add_person(int64_t group, const char *name, const char *dob, const char *bsn)
{
    struct store_person_in in = {
        .name = str_from_cstr(name),
        .birth_date = str_from_cstr(dob),
        .bsn = str_from_cstr(bsn),
    };
    int64_t id = 0;
    struct err e;
    err_clear(&e);
    int rc = store_person_create(st, group, &in, &id, &e);
    cr_assert_eq(rc, 0, "person_create rc=%d log=%s", rc, e.log);
    cr_assert(id > 0);
    return id;
}

static int64_t new_group(void)
{
    int64_t g = 0;
    cr_assert_eq(store_group_new(st, &g, NULL), 0);
    cr_assert(g > 0);
    return g;
}

/* ---- connection, schema, settings ----------------------------------------------------------- */

Test(store, open_missing_without_create_is_notfound)
{
    SQLITE_ONLY("a database is a file that is or is not there");
    struct store *s2 = NULL;
    struct err e;
    char other[200];
    path_in(other, sizeof(other), "other.db");
    struct store_cfg cfg = {.db_path = other, .keys = kr};
    err_clear(&e);
    cr_assert_eq(store_open(&cfg, &s2, &e), ERR_NOTFOUND);
    cr_assert_null(s2);
    cr_assert(e.detail[0] != '\0');
    cr_assert(!file_exists(other), "open without create must not create the file");
    cfg.readonly = true;
    cfg.create = true;
    cr_assert_eq(store_open(&cfg, &s2, NULL), ERR_NOTFOUND);
    struct store_cfg bad = {.db_path = ""};
    cr_assert_eq(store_open(&bad, &s2, NULL), ERR_INVAL);
    struct store_cfg bad2 = {.db_path = other, .busy_timeout_ms = -1, .create = true};
    cr_assert_eq(store_open(&bad2, &s2, NULL), ERR_INVAL);
    store_close(NULL);
}

Test(store, migrate_is_idempotent_and_versioned)
{
    int applied = -1, v = -1;
    cr_assert(store_schema_latest() >= 1);
    cr_assert_eq(store_schema_version(st, &v, NULL), 0);
    cr_assert_eq(v, store_schema_latest());
    cr_assert_eq(store_migrate(st, &applied, NULL), 0);
    cr_assert_eq(applied, 0);
    store_close(st);
    st = NULL;
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    cr_assert_eq(store_migrate(st, &applied, NULL), 0);
    cr_assert_eq(applied, 0);
    cr_assert_eq(store_schema_version(st, &v, NULL), 0);
    cr_assert_eq(v, store_schema_latest());

    struct raw db = raw_open();
    cr_assert_eq(raw_i64(&db, "SELECT count(*) FROM schema_version"), store_schema_latest());
    cr_assert_eq(raw_i64(&db, "SELECT count(*) FROM schema_version WHERE applied_at > 0"),
                 store_schema_latest());
    raw_close(&db);
}

Test(store, fresh_database_has_version_zero)
{
    struct store *s2 = NULL;
    int v = -1;
    char other[200];
    path_in(other, sizeof(other), "other.db");
    struct store_cfg cfg = {.db_path = other, .keys = kr, .create = true};
    cr_assert_eq(store_open(&cfg, &s2, NULL), 0);
    cr_assert_eq(store_schema_version(s2, &v, NULL), 0);
    cr_assert_eq(v, 0);
    store_close(s2);
}

Test(store, concurrent_migrate_from_several_processes)
{
    enum { N = 4 };
    pid_t pids[N];
    char other[200];
    path_in(other, sizeof(other), "other.db");
    for (int i = 0; i < N; i++) {
        pids[i] = fork();
        cr_assert(pids[i] >= 0);
        if (pids[i] == 0) {
            struct store *cs = NULL;
            int applied = 0;
            struct store_cfg cfg = {.db_path = other, .keys = kr, .create = true,
                                    .busy_timeout_ms = 10000};
            struct err ce;
            err_clear(&ce);
            if (store_open(&cfg, &cs, &ce) != 0) {
                fprintf(stderr, "child open: %s / %s\n", ce.detail, ce.log);
                _exit(1);
            }
            if (store_migrate(cs, &applied, &ce) != 0) {
                fprintf(stderr, "child migrate: %s / %s\n", ce.detail, ce.log);
                _exit(2);
            }
            store_close(cs);
            _exit(applied > 0 ? 10 : 0); /* report who applied */
        }
    }
    int appliers = 0;
    for (int i = 0; i < N; i++) {
        int status = 0;
        cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
        cr_assert(WIFEXITED(status), "child %d did not exit", i);
        int code = WEXITSTATUS(status);
        cr_assert(code == 0 || code == 10, "child %d failed with %d", i, code);
        appliers += code == 10;
    }
    cr_assert_geq(appliers, 1);
    struct store *s2 = NULL;
    int v = 0;
    struct store_cfg cfg = {.db_path = other, .keys = kr};
    cr_assert_eq(store_open(&cfg, &s2, NULL), 0);
    cr_assert_eq(store_schema_version(s2, &v, NULL), 0);
    cr_assert_eq(v, store_schema_latest());
    store_close(s2);
    struct raw db = raw_open_path(other, true);
    cr_assert_eq(raw_i64(&db, "SELECT count(*) FROM schema_version"), store_schema_latest());
    raw_close(&db);
}

Test(store, newer_database_is_refused)
{
    int applied = -1;
    struct err e;
    struct raw db = raw_open();
    char sql[128];
    snprintf(sql, sizeof(sql), "INSERT INTO schema_version VALUES (%d, 1)",
             store_schema_latest() + 1);
    cr_assert_eq(raw_exec(&db, sql), SQLITE_OK);
    raw_close(&db);
    err_clear(&e);
    cr_assert_eq(store_migrate(st, &applied, &e), ERR_CONFLICT);
    cr_assert_eq(applied, 0);
    /* the refused migrate left no transaction open */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
}

Test(store, settings_in_effect)
{
    SQLITE_ONLY("SQLite's PRAGMA settings");
    struct store_settings s;
    cr_assert_eq(store_settings_get(st, &s, NULL), 0);
    cr_assert(s.defensive);
    cr_assert(!s.trusted_schema);
    cr_assert(!s.load_extension);
    cr_assert(!s.dqs_dml);
    cr_assert(!s.dqs_ddl);
    cr_assert(s.foreign_keys);
    cr_assert(s.secure_delete);
    cr_assert(strcmp(s.journal_mode, "wal") == 0, "journal_mode=%s", s.journal_mode);
    cr_assert_eq(s.synchronous, 2);
    cr_assert_eq(s.busy_timeout_ms, 3000);
    cr_assert_eq(s.cache_size, -4096);
    cr_assert_eq(s.limit_attached, 0);
    cr_assert_eq(s.limit_length, 8 * 1024 * 1024);
    cr_assert_eq(s.limit_sql_length, 1024 * 1024);
    cr_assert_eq(s.limit_column, 200);
    cr_assert_eq(s.limit_variable_number, 250);
}

Test(store, defaults_apply_when_cfg_is_zero)
{
    SQLITE_ONLY("SQLite's PRAGMA settings");
    struct store *s2 = NULL;
    struct store_settings s;
    struct store_cfg cfg = {.db_path = db_path, .keys = kr};
    cr_assert_eq(store_open(&cfg, &s2, NULL), 0);
    cr_assert_eq(store_settings_get(s2, &s, NULL), 0);
    cr_assert_eq(s.busy_timeout_ms, 5000);
    cr_assert_eq(s.cache_size, -8192);
    store_close(s2);
}

Test(store, files_are_0600)
{
    SQLITE_ONLY("the database files' modes");
    struct stat sb;
    char wal[200], other[200], other_wal[200];
    int applied = 0;

    /* even with a permissive umask */
    mode_t old = umask(0);
    path_in(other, sizeof(other), "other.db");
    path_in(other_wal, sizeof(other_wal), "other.db-wal");
    struct store_cfg cfg = {.db_path = other, .keys = kr, .create = true};
    struct store *s2 = NULL;
    cr_assert_eq(store_open(&cfg, &s2, NULL), 0);
    cr_assert_eq(store_migrate(s2, &applied, NULL), 0);
    umask(old);
    cr_assert_eq(stat(other, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600, "db mode %o", (unsigned)(sb.st_mode & 0777));
    cr_assert_eq(stat(other_wal, &sb), 0, "WAL should exist while open");
    cr_assert_eq(sb.st_mode & 0777, 0600, "wal mode %o", (unsigned)(sb.st_mode & 0777));
    store_close(s2);

    /* the fixture database and its WAL */
    snprintf(wal, sizeof(wal), "%s-wal", db_path);
    add_person(new_group(), "Fictief Persoon", "", "");
    cr_assert_eq(stat(db_path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600);
    cr_assert_eq(stat(wal, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600);

    /* an existing database that is readable by others is tightened on open */
    store_close(st);
    st = NULL;
    cr_assert_eq(chmod(db_path, 0644), 0);
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    cr_assert_eq(stat(db_path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600);
}

Test(store, all_tables_strict_and_wrong_type_rejected)
{
    SQLITE_ONLY("STRICT tables (PostgreSQL's columns are typed anyway)");
    struct raw r = raw_open();
    sqlite3 *db = r.lite;
    sqlite3_stmt *s = NULL;
    int n_tables = 0;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT name, strict FROM pragma_table_list "
                                    "WHERE schema = 'main' AND type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%'",
                                    -1, &s, NULL),
                 SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        n_tables++;
        cr_assert_eq(sqlite3_column_int(s, 1), 1, "table %s is not STRICT",
                     (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    cr_assert_geq(n_tables, 5);

    cr_assert_eq(raw_exec(&r, "INSERT INTO region(name, created_at) VALUES ('r', 'later')"),
                 SQLITE_CONSTRAINT_DATATYPE);
    /* (an INTEGER into a TEXT column converts losslessly, so STRICT allows it; a BLOB not) */
    cr_assert_eq(raw_exec(&r, "INSERT INTO region(name, created_at) VALUES (x'00ff', 1)"),
                 SQLITE_CONSTRAINT_DATATYPE);
    cr_assert_eq(raw_exec(&r, "INSERT INTO region(name, created_at) VALUES ('r', 1.5)"),
                 SQLITE_CONSTRAINT_DATATYPE);
    cr_assert_eq(raw_exec(&r, "INSERT INTO data_key(group_id, wrapped, key_version, created_at) "
                              "VALUES (1, 'text, not a blob', 1, 1)"),
                 SQLITE_CONSTRAINT_DATATYPE);
    cr_assert_eq(raw_exec(&r, "INSERT INTO organisation(kind, name, instrument_status, "
                              "created_at, updated_at) VALUES ('bakker', 'x', 'getekend', 1, 1)"),
                 SQLITE_CONSTRAINT_CHECK);
    raw_close(&r);
}

Test(store, foreign_keys_enforced)
{
    struct err e;
    int64_t id = 0;
    struct store_org_in in = {
        .region_id = 987654,
        .kind = STORE_ORG_GEMEENTE,
        .name = STR_LIT("Gemeente Nergenshuizen"),
        .status = STORE_ORG_GETEKEND,
    };
    err_clear(&e);
    cr_assert_eq(store_org_create(st, &in, &id, &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_assert(strcmp(e.fields[0].name, "region_id") == 0);
    cr_assert(strstr(e.log, "rc=") != NULL || on_pg(), "log should carry the sqlite code");

    struct store_person_in p = {.name = STR_LIT("Fictief Persoon")};
    err_clear(&e);
    cr_assert_eq(store_person_create(st, 123456, &p, &id, &e), ERR_NOTFOUND);

    /* the schema itself declares the reference (checked on a raw connection with FKs on) */
    struct raw db = raw_open();
    if (!on_pg()) /* PostgreSQL enforces them always */
        cr_assert_eq(raw_exec(&db, "PRAGMA foreign_keys = ON"), SQLITE_OK);
    char sql[160];
    snprintf(sql, sizeof(sql), "INSERT INTO person(id, group_id, name_ct, created_at) "
                               "VALUES (1, 424242, %s, 1)", BLOB00);
    cr_assert_eq(raw_exec(&db, sql), SQLITE_CONSTRAINT_FOREIGNKEY);
    raw_close(&db);
}

Test(store, readonly_and_keyless)
{
    struct store *ro = NULL;
    struct store_region r;
    int64_t id = 0, rid = 0;
    cr_assert_eq(store_region_create(st, STR_LIT("Regio Noord"), &rid, NULL), 0);
    cr_assert_eq(open_store(false, true, NULL, &ro, NULL), 0);
    cr_assert_eq(store_region_get(ro, rid, &r, NULL), 0);
    cr_assert_eq(store_region_create(ro, STR_LIT("Regio Zuid"), &id, NULL), ERR_DB);
    /* personal-data repositories need the keyring */
    cr_assert_eq(store_group_new(ro, &id, NULL), ERR_INVAL);
    store_close(ro);
}

Test(store, transactions)
{
    int64_t id = 0;
    struct store_region r;
    struct err e;

    cr_assert_eq(store_tx_rollback(st, NULL), 0); /* none open: no-op */
    err_clear(&e);
    cr_assert_eq(store_tx_commit(st, &e), ERR_INVAL);
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_tx_begin(st, NULL), ERR_INVAL);
    cr_assert_eq(store_region_create(st, STR_LIT("Regio Oost"), &id, NULL), 0);
    cr_assert_eq(store_region_get(st, id, &r, NULL), 0);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
    cr_assert_eq(store_region_get(st, id, &r, NULL), ERR_NOTFOUND);

    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("Regio Oost"), &id, NULL), 0);
    cr_assert_eq(store_tx_commit(st, NULL), 0);
    cr_assert_eq(store_region_get(st, id, &r, NULL), 0);

    /* a migrate or checkpoint inside a transaction is refused */
    int applied = 0;
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_migrate(st, &applied, NULL), ERR_INVAL);
    cr_assert_eq(store_checkpoint(st, NULL), ERR_INVAL);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
    /* closing with an open transaction rolls it back */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("Regio West"), &id, NULL), 0);
    store_close(st);
    st = NULL;
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    cr_assert_eq(store_region_get(st, id, &r, NULL), ERR_NOTFOUND);
}

/* ---- regions and organisations -------------------------------------------------------------- */

Test(store, region_crud)
{
    int64_t a = 0, b = 0, c = 0;
    struct store_region r, list[4];
    size_t n = 0;
    struct err e;

    cr_assert_eq(store_region_create(st, STR_LIT("Zuid-Holland Zuid"), &a, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("Amsterdam-Amstelland"), &b, NULL), 0);
    cr_assert_neq(a, b);
    err_clear(&e);
    cr_assert_eq(store_region_create(st, STR_LIT("Amsterdam-Amstelland"), &c, &e), ERR_CONFLICT);
    cr_assert_eq(e.n_fields, 1);

    cr_assert_eq(store_region_get_by_name(st, STR_LIT("Zuid-Holland Zuid"), &r, NULL), 0);
    cr_assert_eq(r.id, a);
    cr_assert(strcmp(r.name, "Zuid-Holland Zuid") == 0);
    cr_assert(r.created_at > 0);
    cr_assert_eq(store_region_get(st, b, &r, NULL), 0);
    cr_assert(strcmp(r.name, "Amsterdam-Amstelland") == 0);
    cr_assert_eq(store_region_get_by_name(st, STR_LIT("Nergens"), &r, NULL), ERR_NOTFOUND);
    cr_assert_eq(store_region_get(st, 999, &r, NULL), ERR_NOTFOUND);

    cr_assert_eq(store_region_list(st, list, 4, &n, NULL), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(list[0].id, b); /* ordered by name */
    cr_assert_eq(list[1].id, a);
    cr_assert_eq(store_region_list(st, list, 1, &n, NULL), ERR_TOOBIG);
    cr_assert_eq(n, 1);

    /* invalid names */
    char longname[STORE_NAME_MAX + 2];
    memset(longname, 'x', sizeof(longname));
    cr_assert_eq(store_region_create(st, STR_NULL, &c, NULL), ERR_INVAL);
    cr_assert_eq(store_region_create(st, (struct str){longname, STORE_NAME_MAX + 1}, &c, NULL),
                 ERR_INVAL);
    cr_assert_eq(store_region_create(st, (struct str){longname, STORE_NAME_MAX}, &c, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("a\x01" "b"), &c, NULL), ERR_INVAL);
    cr_assert_eq(store_region_create(st, STR_LIT("bad \xff utf8"), &c, NULL), ERR_INVAL);
    /* SQL metacharacters are just data */
    cr_assert_eq(store_region_create(st, STR_LIT("x'); DROP TABLE region; --"), &c, NULL), 0);
    cr_assert_eq(store_region_get(st, c, &r, NULL), 0);
    cr_assert(strcmp(r.name, "x'); DROP TABLE region; --") == 0);
}

Test(store, org_crud)
{
    int64_t reg = 0, reg2 = 0, o1 = 0, o2 = 0, o3 = 0, x = 0;
    struct store_org o, list[4];
    size_t n = 0;
    struct err e;

    cr_assert_eq(store_region_create(st, STR_LIT("Utrecht"), &reg, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("Twente"), &reg2, NULL), 0);
    struct store_org_in in = {
        .region_id = reg,
        .kind = STORE_ORG_POLITIE,
        .name = STR_LIT("Politie Midden-Nederland"),
        .instrument = STORE_INSTR_CONVENANT,
        .instrument_date = STR_LIT("2024-02-29"),
        .status = STORE_ORG_GETEKEND,
    };
    cr_assert_eq(store_org_create(st, &in, &o1, NULL), 0);
    in.kind = STORE_ORG_GEMEENTE;
    in.name = STR_LIT("Gemeente Amersfoort");
    in.instrument = STORE_INSTR_UNKNOWN;
    in.instrument_date = STR_NULL;
    in.status = STORE_ORG_NIET_GETEKEND;
    cr_assert_eq(store_org_create(st, &in, &o2, NULL), 0);
    struct store_org_in nat = {
        .kind = STORE_ORG_NCTV,
        .name = STR_LIT("NCTV"),
        .instrument = STORE_INSTR_WET,
        .status = STORE_ORG_GETEKEND,
    };
    cr_assert_eq(store_org_create(st, &nat, &o3, NULL), 0);

    /* same name in the same region conflicts; in another region it is fine */
    err_clear(&e);
    cr_assert_eq(store_org_create(st, &in, &x, &e), ERR_CONFLICT);
    in.region_id = reg2;
    cr_assert_eq(store_org_create(st, &in, &x, NULL), 0);

    cr_assert_eq(store_org_get(st, o1, &o, NULL), 0);
    cr_assert_eq(o.region_id, reg);
    cr_assert_eq(o.kind, STORE_ORG_POLITIE);
    cr_assert(strcmp(o.name, "Politie Midden-Nederland") == 0);
    cr_assert_eq(o.instrument, STORE_INSTR_CONVENANT);
    cr_assert(strcmp(o.instrument_date, "2024-02-29") == 0);
    cr_assert_eq(o.status, STORE_ORG_GETEKEND);
    cr_assert(o.created_at > 0 && o.updated_at == o.created_at);
    cr_assert_eq(store_org_get(st, o2, &o, NULL), 0);
    cr_assert_eq(o.instrument, STORE_INSTR_UNKNOWN);
    cr_assert(strcmp(o.instrument_date, "") == 0);
    cr_assert_eq(store_org_get(st, o3, &o, NULL), 0);
    cr_assert_eq(o.region_id, 0);
    cr_assert_eq(store_org_get(st, 424242, &o, NULL), ERR_NOTFOUND);

    cr_assert_eq(store_org_list(st, reg, list, 4, &n, NULL), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(list[0].id, o2); /* "Gemeente ..." before "Politie ..." */
    cr_assert_eq(list[1].id, o1);
    cr_assert_eq(store_org_list(st, 0, list, 4, &n, NULL), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(list[0].id, o3);
    cr_assert_eq(store_org_list(st, reg, list, 1, &n, NULL), ERR_TOOBIG);

    cr_assert_eq(store_org_set_status(st, o1, STORE_ORG_INGETROKKEN, NULL), 0);
    cr_assert_eq(store_org_get(st, o1, &o, NULL), 0);
    cr_assert_eq(o.status, STORE_ORG_INGETROKKEN);
    cr_assert(o.updated_at >= o.created_at);
    cr_assert_eq(store_org_set_status(st, 424242, STORE_ORG_VERLOPEN, NULL), ERR_NOTFOUND);
    cr_assert_eq(store_org_set_status(st, o1, (enum store_org_status)99, NULL), ERR_INVAL);

    /* invalid input: every offending field is reported */
    struct store_org_in bad = {
        .kind = (enum store_org_kind)0,
        .name = STR_NULL,
        .instrument = (enum store_org_instrument)42,
        .instrument_date = STR_LIT("2023-02-29"),
        .status = (enum store_org_status)0,
    };
    err_clear(&e);
    cr_assert_eq(store_org_create(st, &bad, &x, &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 5);
}

Test(store, org_enum_names_round_trip)
{
    for (int k = STORE_ORG_GEMEENTE; k <= STORE_ORG_OVERIG; k++) {
        const char *name = store_org_kind_name((enum store_org_kind)k);
        enum store_org_kind back = 0;
        cr_assert_not_null(name);
        cr_assert_eq(store_org_kind_parse(str_from_cstr(name), &back), 0);
        cr_assert_eq((int)back, k);
    }
    enum store_org_status s = 0;
    cr_assert_eq(store_org_status_parse(STR_LIT("niet_getekend"), &s), 0);
    cr_assert_eq(s, STORE_ORG_NIET_GETEKEND);
    enum store_org_instrument i = 0;
    cr_assert_eq(store_org_instrument_parse(STR_LIT("privacyprotocol"), &i), 0);
    cr_assert_eq(i, STORE_INSTR_PRIVACYPROTOCOL);
    cr_assert_eq(store_org_kind_parse(STR_LIT("Gemeente"), &(enum store_org_kind){0}), ERR_INVAL);
    cr_assert_null(store_org_kind_name((enum store_org_kind)0));
    cr_assert_null(store_org_instrument_name(STORE_INSTR_UNKNOWN));
}

/* ---- persons -------------------------------------------------------------------------------- */

Test(store, person_round_trip)
{
    struct store_person p;
    int64_t g = new_group();
    int64_t a = add_person(g, "Fictief Persoon", DOB, "1112.22.333");
    int64_t b = add_person(g, "Alleen Naam", "", "");

    cr_assert_eq(store_person_get(st, a, &p, NULL), 0);
    cr_assert_eq(p.id, a);
    cr_assert_eq(p.group_id, g);
    cr_assert(p.created_at > 0);
    cr_assert(strcmp(p.name, "Fictief Persoon") == 0, "name mismatch");
    cr_assert_eq(p.name_len, 15);
    cr_assert(strcmp(p.birth_date, DOB) == 0, "birth date mismatch");
    cr_assert(strcmp(p.bsn, BSN1) == 0, "bsn mismatch (should be normalised)");
    store_person_wipe(&p);
    cr_assert_eq(p.name[0], 0);

    cr_assert_eq(store_person_get(st, b, &p, NULL), 0);
    cr_assert(strcmp(p.name, "Alleen Naam") == 0, "name mismatch");
    cr_assert(p.birth_date[0] == '\0' && p.bsn[0] == '\0');
    store_person_wipe(&p);

    cr_assert_eq(store_person_get(st, 12345, &p, NULL), ERR_NOTFOUND);

    /* the longest name fits exactly; UTF-8 is kept byte for byte */
    char longname[STORE_PERSON_NAME_MAX + 1];
    memset(longname, 'n', STORE_PERSON_NAME_MAX);
    longname[STORE_PERSON_NAME_MAX] = '\0';
    int64_t c = add_person(g, longname, "", "");
    cr_assert_eq(store_person_get(st, c, &p, NULL), 0);
    cr_assert_eq(p.name_len, STORE_PERSON_NAME_MAX);
    cr_assert(memcmp(p.name, longname, STORE_PERSON_NAME_MAX) == 0);
    store_person_wipe(&p);
    int64_t d = add_person(g, "\xC3\x89lise M\xC3\xBCller", "", "");
    cr_assert_eq(store_person_get(st, d, &p, NULL), 0);
    cr_assert(strcmp(p.name, "\xC3\x89lise M\xC3\xBCller") == 0, "utf-8 name mismatch");
    store_person_wipe(&p);
}

Test(store, person_invalid_input)
{
    int64_t g = new_group(), id = 0;
    struct err e;
    char longname[STORE_PERSON_NAME_MAX + 1];
    memset(longname, 'n', sizeof(longname));
    struct store_person_in in = {
        .name = {longname, sizeof(longname)},
        .birth_date = STR_LIT("1987-02-30"),
        .bsn = STR_LIT("12345678"),
    };
    err_clear(&e);
    cr_assert_eq(store_person_create(st, g, &in, &id, &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 3);
    in.name = STR_NULL;
    in.birth_date = STR_NULL;
    in.bsn = STR_NULL;
    cr_assert_eq(store_person_create(st, g, &in, &id, NULL), ERR_INVAL);
    in.name = STR_LIT("Naam\nmet regeleinde");
    cr_assert_eq(store_person_create(st, g, &in, &id, NULL), ERR_INVAL);
    in.name = STR_LIT("Goed");
    in.bsn = STR_LIT("abcdefghi");
    cr_assert_eq(store_person_create(st, g, &in, &id, NULL), ERR_INVAL);
    cr_assert_eq(id, 0);
}

Test(store, find_by_bsn_and_name_dob)
{
    int64_t ids[4];
    size_t n = 0;
    int64_t g1 = new_group(), g2 = new_group();
    int64_t a = add_person(g1, "Jan de Vries", DOB, BSN1);
    int64_t b = add_person(g2, "JAN  DE VRIES", DOB, "111 222 333"); /* same person, other case */
    int64_t c = add_person(g1, "Piet Fictief", "1990-01-01", BSN2);
    int64_t lo = a < b ? a : b, hi = a < b ? b : a;

    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT(BSN1), ids, 4, &n, NULL), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(ids[0], lo);
    cr_assert_eq(ids[1], hi);
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT("123-456-782"), ids, 4, &n, NULL), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(ids[0], c);
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT("999999990"), ids, 4, &n, NULL), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT(BSN1), ids, 1, &n, NULL), ERR_TOOBIG);
    cr_assert_eq(n, 1);
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT("12"), ids, 4, &n, NULL), ERR_INVAL);

    cr_assert_eq(store_person_find_by_name_dob(st, STR_LIT(" jan de  vries"), STR_LIT(DOB), ids,
                                               4, &n, NULL),
                 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(store_person_find_by_name_dob(st, STR_LIT("Jan de Vries"),
                                               STR_LIT("1987-06-06"), ids, 4, &n, NULL),
                 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(store_person_find_by_name_dob(st, STR_LIT("Jan de Vries"), STR_NULL, ids, 4, &n,
                                               NULL),
                 ERR_INVAL);

    /* the stored index is not the BSN, nor an unkeyed hash of it */
    struct raw db = raw_open();
    cr_assert_eq(raw_i64(&db, "SELECT count(*) FROM person WHERE length(bsn_idx) = 32"), 3);
    raw_close(&db);
}

/* THE acceptance test: personal plaintext never reaches the disk, in the database file, the WAL or
 * the shared-memory index, whether the WAL is live, left behind by a crash (no checkpoint), or
 * checkpointed into the database by a clean close. */
Test(store, no_plaintext_on_disk_in_db_or_wal)
{
    SQLITE_ONLY("the database, WAL and shared-memory files");
    char name[128];
    char wal[200];
    struct store_person p;
    int64_t ids[128];
    size_t n = 0;

    snprintf(wal, sizeof(wal), "%s-wal", db_path);

    /* positive control: plain reference data IS visible to this scan, in the WAL and later in
     * the database file, so the absence checks below are not vacuous */
    int64_t rid = 0;
    cr_assert_eq(store_region_create(st, STR_LIT("CONTROL-b1e2d4"), &rid, NULL), 0);

    /* 1. live WAL: the store is open, the rows are in the WAL only */
    int64_t g = new_group();
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "Fictief " MARKER " Persoon %d", i);
        add_person(g, name, DOB, BSN1);
    }
    cr_assert(file_size(wal) > 0, "expected a live WAL");
    cr_assert(file_contains(wal, "CONTROL-b1e2d4", 14), "control value not seen in the WAL");
    assert_no_plaintext_on_disk("live WAL");

    /* 2. crash without checkpoint: a child process writes and dies without closing, so the
     *    last connection never checkpoints and the WAL is left behind */
    store_close(st);
    st = NULL;
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        struct store *cs = NULL;
        int64_t cg = 0, id = 0;
        if (open_store(false, false, kr, &cs, NULL) != 0 || store_group_new(cs, &cg, NULL) != 0)
            _exit(1);
        for (int i = 0; i < 40; i++) {
            char cname[128];
            snprintf(cname, sizeof(cname), "Persoon " MARKER " Fictief %d", i);
            struct store_person_in in = {.name = str_from_cstr(cname), .birth_date = STR_LIT(DOB), .bsn = STR_LIT(BSN1)};
            if (store_person_create(cs, cg, &in, &id, NULL) != 0)
                _exit(2);
        }
        _exit(0); /* no store_close: no checkpoint, WAL stays */
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    cr_assert(file_size(wal) > 0, "expected the crashed writer's WAL to remain");
    assert_no_plaintext_on_disk("WAL after crash");

    /* the data is intact after recovery */
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT(BSN1), ids, 128, &n, NULL), 0);
    cr_assert_eq(n, 80);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(store_person_get(st, ids[i], &p, NULL), 0);
        cr_assert(strstr(p.name, MARKER) != NULL, "name not recovered");
        cr_assert(strcmp(p.birth_date, DOB) == 0);
        store_person_wipe(&p);
    }
    assert_no_plaintext_on_disk("after recovery");

    /* 3. clean close: the WAL is checkpointed into the database file and removed */
    store_close(st);
    st = NULL;
    cr_assert(!file_exists(wal) || file_size(wal) == 0, "WAL should be checkpointed on close");
    size_t dbn = file_size(db_path);
    cr_assert(dbn > 80 * 60, "database should hold the sealed rows (size %zu)", dbn);
    cr_assert(file_contains(db_path, "CONTROL-b1e2d4", 14), "control value not seen in the db");
    assert_no_plaintext_on_disk("after clean close");
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
}

Test(store, swapped_ciphertext_fails_to_open)
{
    struct store_person p;
    struct err e;
    int64_t g = new_group(), g2 = new_group();
    int64_t a = add_person(g, "Fictief Een", DOB, BSN1);
    int64_t b = add_person(g, "Fictief Twee", "1990-01-01", BSN2);
    int64_t c = add_person(g2, "Fictief Drie", "", "");
    int64_t d = add_person(g, "Fictief Vier", DOB, "");
    size_t an = 0, bn = 0;

    /* all four open before the tampering */
    int64_t all[] = {a, b, c, d};
    for (size_t i = 0; i < ARRAY_LEN(all); i++) {
        cr_assert_eq(store_person_get(st, all[i], &p, NULL), 0);
        store_person_wipe(&p);
    }

    struct raw db = raw_open();
    /* swap name_ct between two rows of the same group (same data key) */
    uint8_t *act = raw_blob(&db, "SELECT name_ct FROM person WHERE id = ?1", a, &an);
    uint8_t *bct = raw_blob(&db, "SELECT name_ct FROM person WHERE id = ?1", b, &bn);
    raw_set_blob(&db, "UPDATE person SET name_ct = ?1 WHERE id = ?2", a, bct, bn);
    raw_set_blob(&db, "UPDATE person SET name_ct = ?1 WHERE id = ?2", b, act, an);
    /* copy a row's ciphertext into another group's row */
    raw_set_blob(&db, "UPDATE person SET name_ct = ?1 WHERE id = ?2", c, act, an);
    /* move a value to another column of the same row */
    uint8_t *dct = raw_blob(&db, "SELECT name_ct FROM person WHERE id = ?1", d, &an);
    raw_set_blob(&db, "UPDATE person SET birth_date_ct = ?1 WHERE id = ?2", d, dct, an);
    raw_close(&db);
    free(act);
    free(bct);
    free(dct);

    err_clear(&e);
    cr_assert_eq(store_person_get(st, a, &p, &e), ERR_CRYPTO);
    cr_assert_eq(e.code, ERR_CRYPTO);
    for (size_t i = 0; i < sizeof(p.name); i++)
        cr_assert_eq(p.name[i], 0, "output not wiped on failure");
    cr_assert_eq(store_person_get(st, b, &p, NULL), ERR_CRYPTO);
    cr_assert_eq(store_person_get(st, c, &p, NULL), ERR_CRYPTO);
    cr_assert_eq(store_person_get(st, d, &p, NULL), ERR_CRYPTO);
}

Test(store, group_destroy_shreds)
{
    struct store_person p;
    struct err e;
    int64_t ids[4];
    size_t n = 0, wn = 0;
    int64_t g = new_group(), keep = new_group();
    int64_t a = add_person(g, "Fictief Weg", DOB, BSN1);
    int64_t b = add_person(keep, "Fictief Blijft", DOB, BSN1);

    /* The wrapped key is in the key vault beside the database, never in the database. */
    char vault[200], vault_wal[200];
    path_in(vault, sizeof(vault), "regie-keys.db");
    path_in(vault_wal, sizeof(vault_wal), "regie-keys.db-wal");
    struct raw db = raw_open();
    cr_assert_eq(raw_i64(&db, "SELECT count(*) FROM data_key WHERE length(wrapped) > 0"), 0);
    raw_close(&db);
    db = vault_raw();
    uint8_t *wrapped = raw_blob(&db, "SELECT wrapped FROM vault_key WHERE group_id = ?1", g, &wn);
    cr_assert_eq(wn, CRYPTO_DK_WRAPPED_BYTES);
    raw_close(&db);
    cr_assert_eq(store_checkpoint(st, NULL), 0);
    if (!on_pg()) { /* the files; on PostgreSQL the vault row is looked at below */
        cr_assert(file_contains(vault, wrapped, wn), "the wrapped key should be in the vault");
        cr_assert(!file_contains(db_path, wrapped, wn), "a wrapped key in the database file");
    }

    cr_assert_eq(store_person_get(st, a, &p, NULL), 0);
    store_person_wipe(&p);
    cr_assert_eq(store_group_destroy(st, g, NULL), 0);

    err_clear(&e);
    cr_assert_eq(store_person_get(st, a, &p, &e), ERR_CRYPTO);
    cr_assert_eq(e.code, ERR_CRYPTO);
    /* other groups are untouched */
    cr_assert_eq(store_person_get(st, b, &p, NULL), 0);
    store_person_wipe(&p);
    /* the shredded person can no longer be found through the blind index */
    cr_assert_eq(store_person_find_by_bsn(st, STR_LIT(BSN1), ids, 4, &n, NULL), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(ids[0], b);
    /* idempotent; unknown group; no new persons in a destroyed group */
    cr_assert_eq(store_group_destroy(st, g, NULL), 0);
    cr_assert_eq(store_group_destroy(st, 31337, NULL), ERR_NOTFOUND);
    struct store_person_in in = {.name = STR_LIT("Fictief Nieuw")};
    int64_t id = 0;
    cr_assert_eq(store_person_create(st, g, &in, &id, NULL), ERR_CONFLICT);

    /* after a checkpoint the old wrapped key is gone from the database and the WAL */
    cr_assert_eq(store_checkpoint(st, NULL), 0);
    char wal[200];
    snprintf(wal, sizeof(wal), "%s-wal", db_path);
    if (on_pg()) { /* the row is gone (the bytes stay in PostgreSQL's heap until VACUUM and in
                    * its WAL: docs/deployment.md, crypto-shredding is weaker there) */
        char q[96];
        snprintf(q, sizeof(q), "SELECT count(*) FROM vault_key WHERE group_id = %lld",
                 (long long)g);
        db = vault_raw();
        cr_assert_eq(raw_i64(&db, q), 0, "the destroyed key is still in the vault");
        raw_close(&db);
    } else {
        cr_assert(!file_contains(db_path, wrapped, wn), "wrapped key still in the database file");
        cr_assert(!file_contains(wal, wrapped, wn), "wrapped key still in the WAL");
        cr_assert(!file_contains(vault, wrapped, wn), "wrapped key still in the vault");
        cr_assert(!file_contains(vault_wal, wrapped, wn), "wrapped key still in the vault's WAL");
    }
    free(wrapped);

    /* also after reopening (as a restored backup would be) */
    store_close(st);
    st = NULL;
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    cr_assert_eq(store_person_get(st, a, &p, NULL), ERR_CRYPTO);
}

Test(store, other_keyring_cannot_read)
{
    struct store_person p;
    struct keyring *other = NULL;
    struct store *s2 = NULL;
    uint8_t m[CRYPTO_KEY_BYTES];
    int64_t g = new_group();
    int64_t a = add_person(g, "Fictief Persoon", DOB, BSN1);
    int64_t ids[2];
    size_t n = 9;

    rand_bytes(m, sizeof(m));
    cr_assert_eq(keyring_from_master(m, 1, &other, NULL), 0);
    cr_assert_eq(open_store(false, false, other, &s2, NULL), 0);
    cr_assert_eq(store_person_get(s2, a, &p, NULL), ERR_CRYPTO);
    cr_assert_eq(store_person_find_by_bsn(s2, STR_LIT(BSN1), ids, 2, &n, NULL), 0);
    cr_assert_eq(n, 0);
    store_close(s2);
    keyring_free(other);
}

Test(store, many_statements_and_rows)
{
    /* exercises the statement cache and reset/clear_bindings across many calls */
    int64_t g = new_group();
    int64_t ids[200];
    struct store_person p;
    char name[64];
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof(name), "Fictief %d", i);
        ids[i] = add_person(g, name, (i % 2) ? DOB : "", (i % 3) ? "" : BSN2);
    }
    for (int i = 0; i < 200; i++) {
        cr_assert_eq(store_person_get(st, ids[i], &p, NULL), 0);
        snprintf(name, sizeof(name), "Fictief %d", i);
        cr_assert(strcmp(p.name, name) == 0, "row %d", i);
        cr_assert_eq(p.birth_date[0] != '\0', (i % 2) != 0);
        cr_assert_eq(p.bsn[0] != '\0', (i % 3) == 0);
        store_person_wipe(&p);
    }
}

/* ---- signals (store/signal.h) ------------------------------------------------------------------ */

struct sig_fixture {
    int64_t muni, other_muni, police, user;
};

static struct sig_fixture sig_fixture(void)
{
    struct sig_fixture f = {0};
    int64_t region = 0;
    cr_assert_eq(store_region_create(st, STR_LIT("Regio Fictief"), &region, NULL), 0);
    struct store_org_in o = {.region_id = region, .kind = STORE_ORG_GEMEENTE,
                             .name = STR_LIT("Gemeente Fictief"), .status = STORE_ORG_GETEKEND};
    cr_assert_eq(store_org_create(st, &o, &f.muni, NULL), 0);
    o.name = STR_LIT("Gemeente Anders");
    cr_assert_eq(store_org_create(st, &o, &f.other_muni, NULL), 0);
    o.kind = STORE_ORG_POLITIE;
    o.name = STR_LIT("Politie Fictief");
    cr_assert_eq(store_org_create(st, &o, &f.police, NULL), 0);
    uint8_t h[32] = {1};
    struct store_user_in u = {.org_id = f.muni, .username = STR_LIT("fictief"),
                              .display_name = STR_LIT("Fictief"), .roles = 2};
    cr_assert_eq(store_user_create(st, &u, h, INT64_MAX, &f.user, NULL), 0);
    return f;
}

static int64_t sig_new(const struct sig_fixture *f, int64_t muni, const char *route,
                       const char *doc)
{
    struct store_signal_in in = {.municipality_id = muni, .route = route, .state = "ontvangen",
                                 .reporter_kind = "named", .submitter_id = f->user,
                                 .received_day = 20000, .doc = str_from_cstr(doc)};
    int64_t id = 0;
    char ref[STORE_REF_MAX + 1];
    cr_assert_eq(store_signal_create(st, &in, &id, ref, NULL, NULL), 0);
    cr_assert(id > 0 && id < (INT64_C(1) << 53), "id not below 2^53");
    cr_assert(strlen(ref) == 11 && ref[0] == 'M' && ref[1] == '-' && ref[6] == '-', "reference format");
    return id;
}

Test(store, signal_document_sealed_and_bound_to_its_row)
{
    struct sig_fixture f = sig_fixture();
    int64_t a = sig_new(&f, f.muni, "professional", "{\"observed\":\"" MARKER "\"}");
    int64_t b = sig_new(&f, f.muni, "professional", "{\"observed\":\"ander\"}");
    struct store_signal s;
    cr_assert_eq(store_signal_get(st, a, true, &s, NULL), 0);
    cr_expect(strstr(s.doc, MARKER) != NULL, "document not recovered");
    cr_expect_str_eq(s.state, "ontvangen");
    store_signal_release(&s);
    store_close(st);
    st = NULL;
    cr_expect(!file_contains(db_path, MARKER, strlen(MARKER)), "plaintext in the database file");
    /* Moving a's sealed document onto b is detected (AAD binds table, column and row id). */
    struct raw db = raw_open();
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE signal SET doc_ct = (SELECT doc_ct FROM signal WHERE id = %lld) WHERE id = %lld",
             (long long)a, (long long)b);
    cr_assert_eq(raw_exec(&db, sql), SQLITE_OK);
    raw_close(&db);
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
    struct err e = {0};
    cr_expect_eq(store_signal_get(st, b, true, &s, &e), ERR_CRYPTO);
    cr_expect_eq(store_signal_get(st, b, false, &s, NULL), 0, "the row itself is still readable");
}

Test(store, weighing_is_immutable_and_one_case_per_signal)
{
    struct sig_fixture f = sig_fixture();
    int64_t sid = sig_new(&f, f.muni, "professional", "{}");
    struct store_weighing_in w = {.signal_id = sid, .outcome = "opname_pga", .decided_day = 20001,
                                  .joint = true, .created_by = f.user, .doc = STR_LIT("{}")};
    int64_t case_id = 0, c2 = 0, w1 = 0, w2 = 0, w3 = 0;
    cr_assert_eq(store_case_create(st, sid, f.user, 20010, f.user, &case_id, NULL), 0);
    cr_expect_eq(store_case_create(st, sid, f.user, 20010, f.user, &c2, NULL), ERR_CONFLICT);
    w.case_id = case_id;
    cr_assert_eq(store_weighing_add(st, &w, &w1, NULL), 0);
    w.corrects = w1;
    cr_assert_eq(store_weighing_add(st, &w, &w2, NULL), 0);
    struct err e = {0};
    cr_expect_eq(store_weighing_add(st, &w, &w3, &e), ERR_CONFLICT, "corrected twice");
    struct store_weighing list[4];
    size_t n = 0;
    cr_assert_eq(store_weighing_list(st, sid, list, 4, &n, NULL), 0);
    cr_assert_eq(n, 2);
    cr_expect_eq(list[0].id, w2);
    cr_expect_eq(list[0].version, 2);
    cr_expect_eq(list[1].superseded_by, w2);
    for (size_t i = 0; i < n; i++)
        store_weighing_release(&list[i]);
    struct raw db = raw_open();
    cr_expect_neq(raw_exec(&db, "UPDATE weighing SET outcome = 'geen_zorg'"), SQLITE_OK,
                  "a weighing could be changed in place");
    raw_close(&db);
    struct store_signal s;
    cr_assert_eq(store_signal_get(st, sid, false, &s, NULL), 0);
    cr_expect_eq(s.case_id, case_id);
}

Test(store, meeting_minutes_decisions_and_adoption_are_guarded)
{
    struct sig_fixture f = sig_fixture();
    int64_t body = 0, mid = 0, item = 0, d1 = 0, d2 = 0, d3 = 0, version = 0;
    cr_assert_eq(store_body_create(st, f.muni, "casusoverleg", STR_LIT("Casusoverleg Fictief"),
                                   f.user, &body, NULL), 0);
    int64_t members[] = {f.user};
    cr_assert_eq(store_body_set_members(st, body, members, 1, NULL), 0);
    struct store_meeting_in mi = {.body_id = body, .day = 20000, .start_time = "10:00",
                                  .chair_id = f.user, .secretary_id = f.user,
                                  .created_by = f.user,
                                  .doc = STR_LIT("{\"location\":\"" MARKER "\"}")};
    cr_assert_eq(store_meeting_create(st, &mi, &mid, NULL), 0);
    struct store_meeting m;
    cr_assert_eq(store_meeting_get(st, mid, true, &m, NULL), 0);
    cr_expect(strstr(m.doc, MARKER) != NULL, "meeting document not recovered");
    struct store_row it = {.meeting_id = mid, .group_id = m.group_id, .code = "free",
                            .by = f.user, .doc = "{\"title\":\"Rondvraag\"}"};
    it.doc_len = strlen(it.doc);
    store_meeting_release(&m);
    cr_assert_eq(store_item_add(st, &it, &item, NULL), 0);
    /* The draft is replaced in place before adoption: still one version. */
    cr_assert_eq(store_minutes_save_draft(st, item, it.group_id, f.user, STR_LIT("{\"text\":\"a\"}"),
                                          NULL), 0);
    cr_assert_eq(store_minutes_save_draft(st, item, it.group_id, f.user, STR_LIT("{\"text\":\"b\"}"),
                                          NULL), 0);
    struct store_row rows[8];
    size_t n = 0;
    cr_assert_eq(store_minutes_list(st, mid, rows, 8, &n, NULL), 0);
    cr_assert_eq(n, 1);
    cr_expect_eq(rows[0].a, 1);
    cr_expect(strstr(rows[0].doc, "\"b\"") != NULL, "the draft was not replaced");
    store_rows_release(rows, n);
    /* Decisions: a correction is version 2; a decision is corrected once; never updated. */
    struct store_row dec = {.item_id = item, .meeting_id = mid, .group_id = it.group_id,
                             .c = 20000, .code = "overig", .code2 = "unanimous",
                             .code3 = "aangenomen", .by = f.user, .doc = "{}", .doc_len = 2};
    cr_assert_eq(store_decision_add(st, &dec, &d1, NULL), 0);
    dec.b = d1;
    cr_assert_eq(store_decision_add(st, &dec, &d2, NULL), 0);
    struct err e = {0};
    cr_expect_eq(store_decision_add(st, &dec, &d3, &e), ERR_CONFLICT, "corrected twice");
    cr_assert_eq(store_decision_list(st, mid, rows, 8, &n, NULL), 0);
    cr_assert_eq(n, 2);
    cr_expect_eq(rows[1].id, d2);
    cr_expect_eq(rows[1].a, 2, "a correction is version 2");
    store_rows_release(rows, n);
    struct raw db = raw_open();
    cr_expect_neq(raw_exec(&db, "UPDATE decision SET result = 'verworpen'"), SQLITE_OK,
                  "a decision could be changed in place");
    raw_close(&db);
    /* Adoption: once; afterwards the draft is frozen and a change is a new version. */
    cr_assert_eq(store_meeting_adopt(st, mid, f.user, 0, NULL), 0);
    cr_expect_eq(store_meeting_adopt(st, mid, f.user, 0, &e), ERR_CONFLICT, "adopted twice");
    cr_expect_eq(store_minutes_save_draft(st, item, it.group_id, f.user, STR_LIT("{}"), &e),
                 ERR_CONFLICT, "adopted minutes were changed in place");
    cr_assert_eq(store_minutes_add_version(st, item, it.group_id, f.user, STR_LIT("{}"), &version,
                                           NULL), 0);
    cr_expect_eq(version, 2);
    store_close(st);
    st = NULL;
    cr_expect(!file_contains(db_path, MARKER, strlen(MARKER)), "plaintext in the database file");
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
}

/* The region-wide overlap of networks works on a copy of the blind index, which goes when the
 * case's data key is destroyed (crypto-shredding), like the index itself. */
static int64_t net_case(const struct sig_fixture *f, int64_t *group)
{
    int64_t sid = sig_new(f, f->muni, "professional", "{}"), cid = 0;
    struct store_signal s;
    cr_assert_eq(store_signal_get(st, sid, false, &s, NULL), 0);
    cr_assert_eq(store_case_create(st, sid, f->user, 20010, f->user, &cid, NULL), 0);
    *group = s.group_id;
    return cid;
}

static void net_person(const struct sig_fixture *f, int64_t cid, int64_t group, const char *name)
{
    struct store_person_in pi = {.name = str_from_cstr(name), .birth_date = STR_LIT("2001-09-09")};
    int64_t pid = 0, id = 0;
    cr_assert_eq(store_person_create(st, group, &pi, &pid, NULL), 0);
    struct store_row r = {.meeting_id = cid, .group_id = group, .a = pid, .by = f->user,
                          .doc = "{}", .doc_len = 2};
    cr_assert_eq(store_case_add(st, STORE_CASE_NPERSON, &r, NULL, &id, NULL), 0);
}

Test(store, network_overlap_follows_the_blind_index)
{
    struct sig_fixture f = sig_fixture();
    int64_t g1 = 0, g2 = 0, n = -1;
    int64_t c1 = net_case(&f, &g1), c2 = net_case(&f, &g2);
    net_person(&f, c1, g1, "Fictieve Neef");
    net_person(&f, c1, g1, "Fictieve Oom");
    net_person(&f, c2, g2, "Fictieve Neef");
    cr_assert_eq(store_network_overlap(st, &n, NULL), 0);
    cr_expect_eq(n, 1, "one person in two networks");
    cr_assert_eq(store_group_destroy(st, g2, NULL), 0);
    cr_assert_eq(store_network_overlap(st, &n, NULL), 0);
    cr_expect_eq(n, 0, "a destroyed case still links its network person");
}

Test(store, signal_list_filters_by_visibility)
{
    struct sig_fixture f = sig_fixture();
    int64_t own = sig_new(&f, f.muni, "professional", "{}");
    int64_t other = sig_new(&f, f.other_muni, "professional", "{}");
    int64_t amb = sig_new(&f, f.muni, "ambtsbericht", "{}");
    cr_assert_eq(store_signal_participant_add(st, other, f.police, f.user, STR_LIT("{}"), NULL), 0);
    struct store_signal rows[10];
    size_t n = 0;
    int64_t total = 0;
    /* The municipality sees its own signals, but not the ambtsbericht without reader rights. */
    struct store_signal_filter fl = {.municipality_id = f.muni, .limit = 10};
    cr_assert_eq(store_signal_list(st, &fl, rows, 10, &n, &total, NULL), 0);
    cr_expect_eq(n, 1);
    cr_expect_eq(total, 1);
    cr_expect_eq(rows[0].id, own);
    /* A named reader sees the ambtsbericht too. */
    int64_t readers[] = {f.user};
    cr_assert_eq(store_ambtsbericht_set_readers(st, amb, readers, 1, NULL), 0);
    fl.restricted_reader_id = f.user;
    cr_assert_eq(store_signal_list(st, &fl, rows, 10, &n, &total, NULL), 0);
    cr_expect_eq(n, 2);
    /* The police see only the signal they take part in. */
    struct store_signal_filter pf = {.participant_org_id = f.police, .limit = 10};
    cr_assert_eq(store_signal_list(st, &pf, rows, 10, &n, &total, NULL), 0);
    cr_expect_eq(n, 1);
    cr_expect_eq(rows[0].id, other);
    /* No condition set: nothing. */
    struct store_signal_filter none = {.limit = 10};
    cr_assert_eq(store_signal_list(st, &none, rows, 10, &n, &total, NULL), 0);
    cr_expect_eq(n, 0);
}

Test(store, signal_word_index_and_partly_known_person)
{
    struct sig_fixture f = sig_fixture();
    int64_t sid = sig_new(&f, f.muni, "professional", "{}");
    uint8_t toks[2][CRYPTO_HASH_BYTES] = {{1}, {2}};
    cr_assert_eq(store_signal_tokens_add(st, sid, 0, (const uint8_t(*)[CRYPTO_HASH_BYTES])toks, 2,
                                         NULL), 0);
    cr_assert_eq(store_signal_tokens_add(st, sid, 0, (const uint8_t(*)[CRYPTO_HASH_BYTES])toks, 1,
                                         NULL), 0, "a duplicate word is ignored");
    struct store_token_hit hits[4];
    size_t n = 0;
    cr_assert_eq(store_signal_token_find(st, toks[1], hits, 4, &n, NULL), 0);
    cr_expect_eq(n, 1);
    cr_expect_eq(hits[0].signal_id, sid);
    struct store_signal s;
    cr_assert_eq(store_signal_get(st, sid, false, &s, NULL), 0);
    /* Only a description: allowed. Nothing at all, or a birth date without a name: refused. */
    struct store_person_in p = {.description = STR_LIT("ca. 16 jaar, klas 4B")};
    int64_t pid = 0;
    cr_expect_eq(store_person_create(st, s.group_id, &p, &pid, NULL), 0);
    struct store_person_in empty = {0};
    struct err e = {0};
    cr_expect_eq(store_person_create(st, s.group_id, &empty, &pid, &e), ERR_INVAL);
    cr_expect_str_eq(e.fields[0].name, "name");
    struct store_person_in dob_only = {.birth_date = STR_LIT(DOB)};
    err_clear(&e);
    cr_expect_eq(store_person_create(st, s.group_id, &dob_only, &pid, &e), ERR_INVAL);
    struct store_person_in org = {.name = STR_LIT("Stichting Fictief"), .organisation = true};
    cr_assert_eq(store_person_create(st, s.group_id, &org, &pid, NULL), 0);
    struct store_person got;
    cr_assert_eq(store_person_get(st, pid, &got, NULL), 0);
    cr_expect(got.organisation);
    store_person_wipe(&got);
}

/* The privacy officer's review queue asks app/signal.c whether an access was expected. */
Test(store, review_flags_access_before_participation)
{
    struct sig_fixture f = sig_fixture();
    int64_t sid = sig_new(&f, f.muni, "professional", "{}");
    int64_t now = clock_now_ms();
    cr_expect(app_signal_access_expected(st, sid, 999, f.muni, now), "the owning municipality");
    cr_expect(app_signal_access_expected(st, sid, f.user, f.police, now), "the submitter");
    cr_expect(!app_signal_access_expected(st, sid, 999, f.police, now - 1000),
              "the police before they were invited");
    cr_assert_eq(store_signal_participant_add(st, sid, f.police, f.user, STR_LIT("{}"), NULL), 0);
    cr_expect(!app_signal_access_expected(st, sid, 999, f.police, now - 60000),
              "an access before the invitation stays flagged");
    cr_expect(app_signal_access_expected(st, sid, 999, f.police, clock_now_ms() + 1),
              "the police once invited");
    cr_expect(app_signal_access_expected(st, 12345, 999, f.police, now), "a destroyed signal");
}

/* ---- the key vault (store/vault.c) ---------------------------------------------------------- */

Test(store, vault_adopts_keys_a_database_still_holds_and_sweeps_orphans)
{
    SQLITE_ONLY("a database from before the vault (migration 24): PostgreSQL starts at 25");
    struct store_person p;
    int applied = 0;
    int64_t g = new_group();
    int64_t a = add_person(g, "Fictief Verhuisd", DOB, BSN1);
    /* A database from before migration 24: the wrapped key in data_key, none in the vault, and
     * a retired version in key_retired. */
    struct raw v = vault_raw();
    size_t wn = 0;
    uint8_t *w = raw_blob(&v, "SELECT wrapped FROM vault_key WHERE group_id = ?1", g, &wn);
    cr_assert_eq(raw_exec(&v, "DELETE FROM vault_key"), SQLITE_OK);
    /* an orphan reserved two days ago (a crash), and a fresh one (another process's pool) */
    cr_assert_eq(raw_exec(&v, "INSERT INTO vault_key VALUES (4242, x'01', 1, "
                             "CAST(strftime('%s','now','-2 days') AS INTEGER) * 1000)"),
                 SQLITE_OK);
    cr_assert_eq(raw_exec(&v, "INSERT INTO vault_key VALUES (4343, x'01', 1, "
                             "CAST(strftime('%s','now') AS INTEGER) * 1000)"),
                 SQLITE_OK);
    struct raw db = raw_open();
    raw_set_blob(&db, "UPDATE data_key SET wrapped = ?1 WHERE group_id = ?2", g, w, wn);
    cr_assert_eq(raw_exec(&db, "INSERT INTO key_retired VALUES (9, 1)"), SQLITE_OK);
    raw_close(&db);
    cr_assert_eq(store_person_get(st, a, &p, NULL), ERR_CRYPTO, "no vault key: unreadable");

    cr_assert_eq(store_migrate(st, &applied, NULL), 0);
    cr_expect_eq(store_person_get(st, a, &p, NULL), 0, "the moved key opens the person");
    store_person_wipe(&p);
    db = raw_open();
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM data_key WHERE length(wrapped) > 0"), 0);
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM key_retired"), 0);
    raw_close(&db);
    cr_expect_eq(raw_i64(&v, "SELECT count(*) FROM vault_retired WHERE version = 9"), 1);
    /* migrate no longer sweeps (a start would cost time per key): store_vault_sweep does */
    cr_expect_eq(raw_i64(&v, "SELECT count(*) FROM vault_key WHERE group_id = 4242"), 1,
                 "migrate swept the vault");
    int64_t swept = -1;
    cr_assert_eq(store_vault_sweep(st, &swept, NULL), 0);
    cr_expect_eq(swept, 1, "%" PRId64 " keys swept, want the one orphan", swept);
    cr_expect_eq(raw_i64(&v, "SELECT count(*) FROM vault_key WHERE group_id = 4242"), 0,
                 "an old orphan survived the sweep");
    char live_sql[96];
    snprintf(live_sql, sizeof(live_sql), "SELECT count(*) FROM vault_key WHERE group_id = %lld",
             (long long)g);
    cr_expect_eq(raw_i64(&v, live_sql), 1, "the sweep took a live group's key");
    cr_expect_eq(raw_i64(&v, "SELECT count(*) FROM vault_key WHERE group_id = 4343"), 1,
                 "a fresh reservation was swept");
    /* idempotent */
    cr_assert_eq(store_vault_sweep(st, &swept, NULL), 0);
    cr_expect_eq(swept, 0);
    cr_assert_eq(store_migrate(st, &applied, NULL), 0);
    cr_expect_eq(store_person_get(st, a, &p, NULL), 0);
    store_person_wipe(&p);
    raw_close(&v);
    free(w);
}

Test(store, vault_must_be_present_and_its_own)
{
    SQLITE_ONLY("the vault file beside the database file");
    struct store *s2 = NULL;
    struct err e;
    int applied = 0;
    char vault[200], moved[200], other[200];
    path_in(vault, sizeof(vault), "regie-keys.db");
    path_in(moved, sizeof(moved), "other-keys.db");
    path_in(other, sizeof(other), "other.db");
    store_close(st);
    st = NULL;
    /* a linked database without its vault does not open */
    cr_assert_eq(rename(vault, moved), 0);
    err_clear(&e);
    cr_expect_eq(open_store(false, false, kr, &st, &e), ERR_NOTFOUND);
    cr_expect_null(st);
    cr_assert_eq(rename(moved, vault), 0);
    /* another database cannot adopt this (linked) vault */
    struct store_cfg cfg = {.db_path = other, .vault_path = vault, .keys = kr, .create = true};
    cr_assert_eq(store_open(&cfg, &s2, NULL), 0);
    err_clear(&e);
    cr_expect_eq(store_migrate(s2, &applied, &e), ERR_CONFLICT);
    store_close(s2);
    /* and a database with its own vault refuses this one */
    struct store_cfg own = {.db_path = other, .keys = kr};
    cr_assert_eq(store_open(&own, &s2, NULL), 0);
    cr_assert_eq(store_migrate(s2, &applied, NULL), 0);
    store_close(s2);
    own.vault_path = vault;
    err_clear(&e);
    cr_expect_eq(store_open(&own, &s2, &e), ERR_CONFLICT);
    cr_expect_null(s2);
    cr_assert_eq(open_store(false, false, kr, &st, NULL), 0);
}

Test(store, destroy_in_a_rolled_back_transaction_keeps_the_key)
{
    struct store_person p;
    int64_t g = new_group();
    int64_t a = add_person(g, "Fictief Terug", DOB, BSN1);
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_group_destroy(st, g, NULL), 0);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
    cr_expect_eq(store_person_get(st, a, &p, NULL), 0, "a rolled-back destroy lost the key");
    store_person_wipe(&p);
    /* a savepoint rolled back inside a committed transaction keeps it too */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_savepoint_begin(st, NULL), 0);
    cr_assert_eq(store_group_destroy(st, g, NULL), 0);
    cr_assert_eq(store_savepoint_end(st, false, NULL), 0);
    cr_assert_eq(store_tx_commit(st, NULL), 0);
    cr_expect_eq(store_person_get(st, a, &p, NULL), 0, "a rolled-back savepoint lost the key");
    store_person_wipe(&p);
    /* committed: gone from the vault */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_assert_eq(store_group_destroy(st, g, NULL), 0);
    cr_assert_eq(store_tx_commit(st, NULL), 0);
    struct raw v = vault_raw();
    char q[96];
    snprintf(q, sizeof(q), "SELECT count(*) FROM vault_key WHERE group_id = %lld", (long long)g);
    cr_expect_eq(raw_i64(&v, q), 0);
    raw_close(&v);
}

/* ---- checkpoints handed to another thread (app/writer.c, issue 11) ----------------------------- */

static int wal_calls;
static int wal_last, wal_max;

static void wal_seen(void *ctx, int pages)
{
    (void)ctx;
    wal_calls++;
    wal_last = pages;
    if (pages > wal_max)
        wal_max = pages;
}

/* With store_wal_notify the connection no longer checkpoints at commit: the WAL grows past
 * SQLite's automatic threshold (1,000 pages), the callback is told its size after every commit,
 * and a PASSIVE checkpoint (the checkpointer thread's) copies all of it. Without the notify the
 * same writes would have been checkpointed and the WAL restarted near 1,000 pages. */
Test(store, wal_notify_replaces_the_automatic_checkpoint)
{
    SQLITE_ONLY("SQLite's WAL and checkpoints");
    char desc[STORE_PERSON_DESC_MAX];
    memset(desc, 'x', sizeof(desc));
    store_wal_notify(st, wal_seen, NULL);
    int64_t g = new_group();
    int commits = 0;
    for (int round = 0; round < 30 && wal_last < 1600; round++) {
        cr_assert_eq(store_tx_begin(st, NULL), 0);
        for (int i = 0; i < 60; i++) {
            struct store_person_in in = {.name = STR_LIT("Fictief Walpersoon"),
                                         .description = {desc, sizeof(desc)}};
            int64_t id = 0;
            cr_assert_eq(store_person_create(st, g, &in, &id, NULL), 0);
        }
        cr_assert_eq(store_tx_commit(st, NULL), 0);
        commits++;
    }
    cr_expect_geq(wal_calls, commits, "the callback runs after every commit");
    cr_expect_geq(wal_last, 1600, "the WAL was checkpointed and restarted at commit (%d pages)",
                  wal_last);
    cr_expect_eq(wal_last, wal_max, "the WAL never restarted: nothing checkpointed it");
    int log_pages = 0, done = 0;
    cr_assert_eq(store_checkpoint_passive(st, &log_pages, &done, NULL), 0);
    cr_expect_eq(log_pages, wal_last);
    cr_expect_eq(done, log_pages, "a passive checkpoint with no reader copies everything");
    /* inside a transaction it is refused, as store_checkpoint is */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_expect_eq(store_checkpoint_passive(st, &log_pages, &done, NULL), ERR_INVAL);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
    store_wal_notify(st, NULL, NULL);
}

/* ---- table rebuilds keep their rows (migrations 29-32) --------------------------------------
 * SQLite cannot change a CHECK in place, so migrations 29-32 rebuild the retention tables (new
 * table, INSERT ... SELECT, DROP, RENAME). A database stopped at version 28 with rows in each of
 * them is built here statement by statement, migrated by the store, and every row must come out
 * with every column unchanged, the new CHECKs in force and the immutability triggers back. */

extern const char *const store__migrations[];

/* Every row of table in id order, each column as its type and bytes: equal dumps, equal rows. */
static void dump_table(sqlite3 *db, const char *table, struct buf *out)
{
    char sql[96];
    sqlite3_stmt *s = NULL;
    int n = snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY id", table);
    cr_assert(n > 0 && (size_t)n < sizeof(sql));
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", table);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(s); c++) {
            int type = sqlite3_column_type(s, c);
            const void *p = sqlite3_column_blob(s, c);
            int len = sqlite3_column_bytes(s, c);
            cr_assert_eq(buf_printf(out, "%d:%d:", type, len), 0);
            if (len > 0)
                cr_assert_eq(buf_append(out, p, (size_t)len), 0);
        }
        cr_assert_eq(buf_append(out, "\n", 1), 0);
    }
    cr_assert_eq(rc, SQLITE_DONE);
    sqlite3_finalize(s);
}

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s", msg != NULL ? msg : "");
    sqlite3_free(msg);
}

Test(store, table_rebuilds_keep_their_rows)
{
    SQLITE_ONLY("the rebuilds are SQLite's; PostgreSQL's upgrades are pg_schema's");
    enum { BEFORE = 28 };
    static const char *const tables[] = {"retention_tombstone", "retention_hold",
                                         "retention_extension"};
    char old[200];
    sqlite3 *db = NULL;
    int applied = 0;
    path_in(old, sizeof(old), "other.db");
    cr_assert_eq(sqlite3_open(old, &db), SQLITE_OK);
    exec_ok(db, "PRAGMA foreign_keys = ON");
    exec_ok(db, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                " applied_at INTEGER NOT NULL) STRICT");
    for (int v = 1; v <= BEFORE; v++) {
        char add[96];
        exec_ok(db, "BEGIN");
        exec_ok(db, store__migrations[v - 1]);
        snprintf(add, sizeof(add), "INSERT INTO schema_version VALUES (%d, 1)", v);
        exec_ok(db, add);
        exec_ok(db, "COMMIT");
    }
    /* rows of every kind version 28 allows, NULLs and blobs included */
    exec_ok(db, "INSERT INTO organisation(id, kind, name, instrument_status, created_at,"
                " updated_at) VALUES (7, 'gemeente', 'Fictiefstad', 'getekend', 1, 1)");
    exec_ok(db, "INSERT INTO data_key VALUES (41, x'0102', 1, 5, NULL), (42, x'03', 1, 6, 9)");
    exec_ok(db, "INSERT INTO retention_tombstone VALUES"
                " (3, 'signal', x'a1a2a3', 7, 100, 200, 1700000000001, 300, 'fg-a', 12, 1),"
                " (5, 'case', x'b1', 7, 101, 201, 1700000000002, 301, 'fg-b', 40, 3),"
                " (9, 'key_figure', x'', 8, 102, 202, 1700000000003, 302, 'job', 0, 0)");
    exec_ok(db, "INSERT INTO retention_hold VALUES"
                " (1, 'signal', 11, 41, 7, 400, 2, 1700000000004, NULL, NULL, x'c0ffee'),"
                " (2, 'case', 12, 42, 7, 401, 2, 1700000000005, 3, 1700000000006, x'00')");
    exec_ok(db, "INSERT INTO retention_extension VALUES"
                " (4, 'case', 12, 42, 7, 500, 2, 1700000000007, x'beef'),"
                " (6, 'signal', 11, 41, 7, 501, 3, 1700000000008, x'01')");
    struct buf before[ARRAY_LEN(tables)];
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        buf_init(&before[i], 1 << 20);
        dump_table(db, tables[i], &before[i]);
    }
    sqlite3_close(db);

    struct store *s2 = NULL;
    struct err e;
    err_clear(&e);
    struct store_cfg cfg = {.db_path = old, .keys = kr};
    cr_assert_eq(store_open(&cfg, &s2, &e), 0, "%s", e.log);
    cr_assert_eq(store_migrate(s2, &applied, &e), 0, "%s", e.log);
    cr_expect_eq(applied, store_schema_latest() - BEFORE);
    store_close(s2);

    cr_assert_eq(sqlite3_open(old, &db), SQLITE_OK);
    exec_ok(db, "PRAGMA foreign_keys = ON");
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        struct buf after;
        buf_init(&after, 1 << 20);
        dump_table(db, tables[i], &after);
        cr_expect(after.len == before[i].len && memcmp(after.p, before[i].p, after.len) == 0,
                  "%s: the rows changed in the rebuild", tables[i]);
        buf_cleanup(&after);
        buf_cleanup(&before[i]);
    }
    /* the new CHECKs hold and the old ones still refuse */
    exec_ok(db, "INSERT INTO retention_tombstone VALUES"
                " (10, 'breach', x'', 7, 1, 2, 3, 4, 'fg', 0, 0),"
                " (11, 'inzage_export', x'01', 7, 1, 2, 3, 4, 'fg', 1, 1),"
                " (12, 'rights_request', x'02', 7, 1, 2, 3, 4, 'fg', 1, 0)");
    exec_ok(db, "INSERT INTO retention_hold VALUES"
                " (8, 'rights_request', 13, 41, 7, 600, 2, 3, NULL, NULL, x'00')");
    exec_ok(db, "INSERT INTO retention_extension VALUES"
                " (9, 'inzage_export', 14, 41, 7, 601, 2, 3, x'00')");
    cr_expect_eq(sqlite3_exec(db,
                              "INSERT INTO retention_tombstone VALUES"
                              " (13, 'person', x'', 7, 1, 2, 3, 4, 'fg', 0, 0)",
                              NULL, NULL, NULL),
                 SQLITE_CONSTRAINT, "an unknown kind passed the rebuilt CHECK");
    cr_expect_eq(sqlite3_exec(db,
                              "INSERT INTO retention_hold VALUES"
                              " (20, 'case', 1, 999, 7, 1, 2, 3, NULL, NULL, x'00')",
                              NULL, NULL, NULL),
                 SQLITE_CONSTRAINT, "the rebuilt hold table lost its data-key reference");
    /* the triggers came back with the tables, and so did the indexes */
    cr_expect_eq(sqlite3_exec(db, "UPDATE retention_tombstone SET n_rows = 0 WHERE id = 3", NULL,
                              NULL, NULL),
                 SQLITE_CONSTRAINT, "a tombstone changed");
    cr_expect_eq(sqlite3_exec(db, "UPDATE retention_extension SET until_day = 0 WHERE id = 4", NULL,
                              NULL, NULL),
                 SQLITE_CONSTRAINT, "an extension changed");
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND"
                                    " name IN ('retention_tombstone_day', 'retention_hold_obj',"
                                    " 'retention_extension_obj')",
                                    -1, &s, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_expect_eq(sqlite3_column_int(s, 0), 3, "an index was lost in a rebuild");
    sqlite3_finalize(s);
    sqlite3_close(db);
}
/* store_read_begin: one snapshot for several reads; a write committed meanwhile by another
 * connection is not seen until store_read_end. Inside an open transaction it opens nothing. */
Test(store, read_snapshot)
{
    struct store *other = NULL;
    struct store_region r;
    int64_t id = 0;
    cr_assert_eq(open_store(false, false, kr, &other, NULL), 0);
    cr_assert_eq(store_region_create(st, STR_LIT("Regio Noord"), &id, NULL), 0);
    bool snap = store_read_begin(st);
    cr_assert(snap);
    cr_assert_eq(store_region_get(st, id, &r, NULL), 0); /* the snapshot starts here */
    int64_t id2 = 0;
    cr_assert_eq(store_region_create(other, STR_LIT("Regio Zuid"), &id2, NULL), 0);
    cr_expect_eq(store_region_get(st, id2, &r, NULL), ERR_NOTFOUND, "a read saw a later commit");
    store_read_end(st, snap);
    cr_expect_eq(store_region_get(st, id2, &r, NULL), 0);
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_expect(!store_read_begin(st), "a read snapshot inside a write transaction");
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
    store_close(other);
}

/* The verifier's scan (store_audit_scan_verify_range, mmap_size on) reads the database file's
 * pages in place from one mapping of the whole file (store/mapvfs.c), not with SQLite's capped
 * mapping or pread; the rows it returns are exactly those written, also after the file has grown
 * behind an existing mapping. */
struct vscan_sum {
    uint64_t n, next, sum;
    bool order_ok;
};

static uint64_t rec_sum(const uint8_t *p, size_t n, uint64_t seq)
{
    uint64_t h = 1469598103934665603ull ^ seq;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static int vscan_add(void *ctx, const struct store_audit_row *r)
{
    struct vscan_sum *s = ctx;
    s->order_ok = s->order_ok && r->seq == s->next;
    s->next = r->seq + 1;
    s->n++;
    s->sum += rec_sum(r->rec, r->rec_n, r->seq) + r->salt[0] + r->leaf[31] + r->chain[0];
    return 0;
}

static uint64_t audit_rows_add(uint64_t from, uint64_t to)
{
    uint64_t sum = 0;
    uint8_t rec[400], salt[16], leaf[32], chain[32];
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    for (uint64_t i = from; i < to; i++) {
        size_t n = 200 + (size_t)(i % 150);
        rand_bytes(rec, n);
        rand_bytes(salt, sizeof salt);
        rand_bytes(leaf, sizeof leaf);
        rand_bytes(chain, sizeof chain);
        struct store_audit_row r = {.seq = i, .ts = (int64_t)i, .action = 1, .user_id = 1,
                                    .org_id = 1, .object_type = STR_LIT("zaak"), .rec = rec,
                                    .rec_n = n, .salt = salt, .leaf = leaf, .chain = chain};
        cr_assert_eq(store_audit_insert(st, &r, NULL), 0);
        sum += rec_sum(rec, n, i) + salt[0] + leaf[31] + chain[0];
    }
    cr_assert_eq(store_tx_commit(st, NULL), 0);
    return sum;
}

Test(store, verify_scan_reads_the_file_through_one_mapping)
{
    SQLITE_ONLY("the memory mapping of the database file");
    uint64_t want = audit_rows_add(0, 20000);
    cr_assert_eq(store_checkpoint(st, NULL), 0); /* the pages into the database file */
    struct stat sb;
    cr_assert_eq(stat(db_path, &sb), 0);
    uint64_t pages_in_file = (uint64_t)sb.st_size / 4096;
    uint64_t before = store_mapped_pages();
    struct vscan_sum s = {.order_ok = true};
    cr_assert_eq(store_audit_scan_verify_range(st, 0, UINT64_MAX >> 1, vscan_add, &s, NULL), 0);
    cr_assert_eq(s.n, 20000);
    cr_assert(s.order_ok);
    cr_assert_eq(s.sum, want);
    uint64_t mapped = store_mapped_pages() - before;
    /* the log's table pages: most of the file (its indexes are the rest) */
    cr_assert_geq(mapped, pages_in_file / 3, "%" PRIu64 " of %" PRIu64 " pages mapped", mapped,
                  pages_in_file);

    /* Outside the scan the connection reads as before. */
    before = store_mapped_pages();
    bool any = false;
    uint64_t lo = 0, hi = 0;
    cr_assert_eq(store_audit_seq_bounds(st, &any, &lo, &hi, NULL), 0);
    cr_assert_eq(store_mapped_pages(), before);

    /* The file grows behind the mapping: new pages in the WAL, then checkpointed. */
    want += audit_rows_add(20000, 30000);
    s = (struct vscan_sum){.order_ok = true};
    cr_assert_eq(store_audit_scan_verify_range(st, 0, UINT64_MAX >> 1, vscan_add, &s, NULL), 0);
    cr_assert_eq(s.n, 30000);
    cr_assert_eq(s.sum, want);
    cr_assert_eq(store_checkpoint(st, NULL), 0);
    before = store_mapped_pages();
    s = (struct vscan_sum){.next = 10000, .order_ok = true};
    cr_assert_eq(store_audit_scan_verify_range(st, 10000, 30000, vscan_add, &s, NULL), 0);
    cr_assert_eq(s.n, 20000);
    cr_assert(s.order_ok);
    cr_assert_gt(store_mapped_pages() - before, 0);
}

/* The job locks: on PostgreSQL one connection of the deployment at a time (the daily purge and
 * the "known elsewhere?" tags on several nodes); on SQLite every caller gets it (one process
 * serves the file). A lock ends with its connection. */
Test(store, job_lock_one_connection_at_a_time)
{
    struct store *other = NULL;
    struct err e;
    err_clear(&e);
    cr_assert_eq(open_store(false, false, kr, &other, &e), 0, "%s", e.log);
    bool a = false, b = false;
    cr_assert_eq(store_job_try_lock(st, STORE_JOB_PURGE, &a, NULL), 0);
    cr_assert(a, "the first connection gets the lock");
    cr_assert_eq(store_job_try_lock(other, STORE_JOB_PURGE, &b, NULL), 0);
    cr_expect_eq(b, !on_pg(), "a second connection gets a held lock (PostgreSQL: it must not)");
    bool c = false;
    cr_assert_eq(store_job_try_lock(other, STORE_JOB_ELSEWHERE, &c, NULL), 0);
    cr_expect(c, "another job's lock is free");
    store_job_unlock(other, STORE_JOB_ELSEWHERE);
    if (b)
        store_job_unlock(other, STORE_JOB_PURGE);
    store_job_unlock(st, STORE_JOB_PURGE);
    cr_assert_eq(store_job_try_lock(other, STORE_JOB_PURGE, &b, NULL), 0);
    cr_expect(b, "the lock is free again once released");
    store_close(other); /* ends its session, and the lock with it (once the server has seen
                           the connection go: it ends the backend asynchronously) */
    a = false;
    for (int i = 0; i < 300 && !a; i++) {
        cr_assert_eq(store_job_try_lock(st, STORE_JOB_PURGE, &a, NULL), 0);
        if (!a)
            usleep(10 * 1000);
    }
    cr_expect(a, "a lock is released when its connection ends (waited 3 s)");
    store_job_unlock(st, STORE_JOB_PURGE);
    /* inside a transaction: refused */
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    cr_expect_neq(store_job_try_lock(st, STORE_JOB_PURGE, &a, NULL), 0);
    cr_assert_eq(store_tx_rollback(st, NULL), 0);
}

/* ---- sessions (store/user.h) -------------------------------------------------------------- */

/* store_session_identity reads the session with its user and organisation in one statement:
 * the session as created, the user and organisation as store_user_get and store_org_get read
 * them, field by field. */
Test(store, session_identity_is_session_user_and_organisation_together)
{
    struct sig_fixture f = sig_fixture();
    uint8_t tok[32], other[32];
    memset(tok, 0x5a, sizeof(tok));
    memset(other, 0xa5, sizeof(other));
    int64_t sid = 0;
    cr_assert_eq(store_session_create(st, f.user, tok, 1000, 99000, STR_LIT("192.0.2.7"), &sid,
                                      NULL), 0);
    struct store_session s1;
    struct store_user u1, u2;
    struct store_org o1, o2;
    cr_assert_eq(store_session_identity(st, tok, &s1, &u1, &o1, NULL), 0);
    cr_assert_eq(store_user_get(st, f.user, &u2, NULL), 0);
    cr_assert_eq(store_org_get(st, f.muni, &o2, NULL), 0);
    cr_assert_eq(s1.id, sid);
    cr_assert_eq(s1.user_id, f.user);
    cr_assert_eq(s1.created_at, 1000);
    cr_assert_eq(s1.last_seen_at, 1000);
    cr_assert_eq(s1.expires_at, 99000);
    cr_assert_str_eq(s1.client, "192.0.2.7");
    cr_assert_eq(u1.id, f.user);
    cr_assert_eq(memcmp(&u1, &u2, sizeof(u1)), 0, "user row differs");
    cr_assert_eq(o1.id, f.muni);
    cr_assert_eq(o1.kind, STORE_ORG_GEMEENTE);
    cr_assert_eq(memcmp(&o1, &o2, sizeof(o1)), 0, "organisation row differs");
    cr_assert_eq(store_session_identity(st, other, &s1, &u1, &o1, NULL), ERR_NOTFOUND);
}

/* ---- the server's SQLite memory (store_memory_limit) -----------------------------------------
 * Its own suite, without the shared setup: the limit must be set before SQLite is initialised,
 * which the first open does. SQLite's statistics are then off and the store counts: the page
 * caches are counted when a transaction ends, and past the limit a connection's cache is held
 * small (the stand-in for SQLite's soft heap limit); well below it, it may grow again. */

static void fill_cache(int n)
{
    char name[160];
    cr_assert_eq(store_tx_begin(st, NULL), 0);
    int64_t g = new_group();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "Fictief Persoon %06d %s", i,
                 "met een lange naam zodat de rijen pagina's vullen, alles verzonnen");
        (void)add_person(g, name, DOB, "");
    }
    cr_assert_eq(store_tx_commit(st, NULL), 0);
}

static int64_t page_cache_now(int64_t *used)
{
    int64_t now = 0, high = 0, pc = 0;
    store_memory_used(&now, &high, &pc);
    cr_assert(now > 0 && high >= now, "counted %lld, at most %lld", (long long)now,
              (long long)high);
    cr_assert(pc >= 0 && pc < now, "page caches %lld of %lld", (long long)pc, (long long)now);
    *used = now;
    return pc;
}

Test(store_memory, counted_and_held_small_past_the_limit, .fini = teardown, .timeout = 120)
{
    cr_assert_eq(store_memory_limit(INT64_C(1) << 20), 0); /* 1 GiB: out of reach */
    setup();
    SQLITE_ONLY("the memory is SQLite's");
    int64_t used = 0;
    fill_cache(3000);
    int64_t grown = page_cache_now(&used);
    cr_assert_gt(grown, 1024 * 1024, "the cache grew past 1 MiB under a limit out of reach: %lld",
                 (long long)grown);

    cr_assert_eq(store_memory_limit(1024), 0); /* 1 MiB: already past it */
    fill_cache(10);
    int64_t held = page_cache_now(&used);
    cr_assert_lt(held, 400 * 1024, "the cache is held near 256 KiB past the limit: %lld",
                 (long long)held);

    cr_assert_eq(store_memory_limit(INT64_C(1) << 20), 0);
    fill_cache(10); /* its end lets the cache grow again */
    fill_cache(3000);
    int64_t again = page_cache_now(&used);
    cr_assert_gt(again, 1024 * 1024, "the cache grows again well below the limit: %lld",
                 (long long)again);
}
