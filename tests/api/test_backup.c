/* test_backup.c: `regie backup` and `regie restore` (issue 12 item 6, docs/operations.md "Back-up
 * and restore"): the restore test. A demo server serves; `regie backup` runs while it serves (no
 * request in flight: the comparison needs a fixed point, the copy itself is one read snapshot);
 * `regie backup --keys` copies the keys apart; `regie restore` puts both into a new data dir.
 * Then: PRAGMA integrity_check is ok, every table has the same row count and row hash as the live
 * database at backup time, `regie audit verify` passes on the restored dir, and a server on the
 * restored dir serves the same case read (with the session copied in the backup). A backup file
 * that differs from its manifest is refused. Messages name tables, never values. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

static struct srv S;

static void stop(void)
{
    if (S.pid > 0)
        srv_stop(&S, false);
}

TestSuite(backup, .fini = stop, .timeout = 300);

/* "<top>/<name>" beside the server's data dir (removed with it). */
static void beside(const char *name, char *out, size_t cap)
{
    char top[256];
    snprintf(top, sizeof(top), "%s", S.dir);
    char *slash = strrchr(top, '/');
    cr_assert_not_null(slash);
    *slash = '\0';
    int n = snprintf(out, cap, "%.200s/%s", top, name);
    cr_assert(n > 0 && (size_t)n < cap);
}

#define MAX_TABLES 128

struct table_sum {
    char name[64];
    int64_t rows;
    unsigned char hash[32];
};

/* Row count and BLAKE2b of every row (type and bytes of each column, in key order) per table. */
static size_t table_sums(const char *db_path, struct table_sum *out)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *t = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%' ORDER BY name",
                                    -1, &t, NULL),
                 SQLITE_OK);
    size_t n = 0;
    while (sqlite3_step(t) == SQLITE_ROW) {
        cr_assert_lt(n, MAX_TABLES);
        struct table_sum *ts = &out[n++];
        snprintf(ts->name, sizeof(ts->name), "%s", (const char *)sqlite3_column_text(t, 0));
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", ts->name);
        sqlite3_stmt *s = NULL;
        cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", ts->name);
        crypto_generichash_state h;
        crypto_generichash_init(&h, NULL, 0, sizeof(ts->hash));
        ts->rows = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            ts->rows++;
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                unsigned char type = (unsigned char)sqlite3_column_type(s, c);
                const void *p = sqlite3_column_blob(s, c);
                int len = sqlite3_column_bytes(s, c);
                crypto_generichash_update(&h, &type, 1);
                crypto_generichash_update(&h, (const unsigned char *)&len, sizeof(len));
                if (p != NULL && len > 0)
                    crypto_generichash_update(&h, p, (unsigned long long)len);
            }
        }
        sqlite3_finalize(s);
        crypto_generichash_final(&h, ts->hash, sizeof(ts->hash));
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    return n;
}

/* Number of tables whose count or hash differs (each named in a message). */
static size_t table_diffs(const struct table_sum *a, size_t na, const struct table_sum *b,
                          size_t nb, bool report)
{
    size_t bad = na == nb ? 0 : 1;
    for (size_t i = 0; i < na && i < nb; i++) {
        bool same = strcmp(a[i].name, b[i].name) == 0 && a[i].rows == b[i].rows &&
                    memcmp(a[i].hash, b[i].hash, sizeof(a[i].hash)) == 0;
        if (!same && report)
            cr_log_error("table %s differs (rows %lld vs %lld)", a[i].name, (long long)a[i].rows,
                         (long long)b[i].rows);
        bad += !same;
    }
    return bad;
}

static void integrity_ok(const char *db_path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_expect_str_eq((const char *)sqlite3_column_text(s, 0), "ok", "integrity_check");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static bool file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

Test(backup, online_backup_restores_equal_verifying_and_serving)
{
    srv_start(&S, true, NULL);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);

    /* Data written through the server, and the case read the restored server must repeat. */
    struct resp r;
    cr_assert_eq(sess_json(&S, &d, "GET", "/api/cases", NULL, &r), 200);
    json_t *items = json_object_get(r.json, "items");
    cr_assert(json_array_size(items) > 0, "the demo has cases");
    int64_t cid = jint(json_array_get(items, 0), "id");
    resp_free(&r);
    char cpath[64];
    snprintf(cpath, sizeof(cpath), "/api/cases/%lld", (long long)cid);
    cr_assert_eq(sess_json(&S, &d, "GET", cpath, NULL, &r), 200);
    json_t *case_before = json_incref(r.json);
    resp_free(&r);

    char live[300], bdir[256], kdir[256], ndir[256], ndb[320];
    snprintf(live, sizeof(live), "%s/regie.db", S.dir);
    beside("backup-db", bdir, sizeof(bdir));
    beside("backup-keys", kdir, sizeof(kdir));
    beside("restored", ndir, sizeof(ndir));
    snprintf(ndb, sizeof(ndb), "%s/regie.db", ndir);

    /* The backup while the server serves; the live state just before and just after. */
    static struct table_sum before[MAX_TABLES], after[MAX_TABLES], restored[MAX_TABLES];
    size_t nbefore = table_sums(live, before);
    const char *bk[] = {"backup", "--out", bdir, NULL};
    cr_assert_eq(srv_run(&S, NULL, bk), 0, "regie backup failed");
    size_t nafter = table_sums(live, after);
    const char *kk[] = {"backup", "--keys", "--out", kdir, NULL};
    cr_assert_eq(srv_run(&S, NULL, kk), 0, "regie backup --keys failed");
    cr_expect_eq(sess_json_status(&S, &d, "GET", cpath, NULL), 200, "served during the backups");

    /* Kept apart: the database backup holds no key file and no vault, the key backup no db. */
    char p[400];
    snprintf(p, sizeof(p), "%s/manifest.json", bdir);
    cr_assert(file_exists(p), "no manifest in the database backup");
    snprintf(p, sizeof(p), "%s/regie.key", bdir);
    cr_expect(!file_exists(p), "the database backup holds the master key");
    snprintf(p, sizeof(p), "%s/regie-keys.db", bdir);
    cr_expect(!file_exists(p), "the database backup holds the key vault");
    snprintf(p, sizeof(p), "%s/regie.db", kdir);
    cr_expect(!file_exists(p), "the key backup holds the database");
    json_error_t je;
    snprintf(p, sizeof(p), "%s/manifest.json", bdir);
    json_t *m = json_load_file(p, 0, &je);
    cr_assert_not_null(m);
    cr_expect_str_eq(jstr(m, "kind"), "database");
    cr_expect_gt(jint(m, "schema_version"), 0);
    cr_expect_gt(jint(json_object_get(m, "audit"), "records"), 0);
    json_decref(m);

    /* Restore into a new data dir. */
    struct srv R = S;
    snprintf(R.dir, sizeof(R.dir), "%s", ndir);
    const char *rs[] = {"restore", "--from", bdir, "--keys-from", kdir, NULL};
    cr_assert_eq(srv_run(&R, NULL, rs), 0, "regie restore failed");
    integrity_ok(ndb);
    size_t nrest = table_sums(ndb, restored);
    cr_expect_gt(nrest, 20);
    size_t d1 = table_diffs(restored, nrest, before, nbefore, false);
    size_t d2 = table_diffs(restored, nrest, after, nafter, false);
    cr_expect(d1 == 0 || d2 == 0, "restored content differs from the live database");
    if (d1 != 0 && d2 != 0)
        table_diffs(restored, nrest, after, nafter, true);
    const char *verify[] = {"audit", "verify", NULL};
    cr_expect_eq(srv_run(&R, NULL, verify), 0, "regie audit verify fails on the restored dir");

    /* Restoring again into the same dir overwrites nothing. */
    cr_expect_eq(srv_run(&R, NULL, rs), 1, "a second restore into the same dir");

    /* The restored server serves the same case (decrypted with the restored vault). */
    S.pid = 0; /* R takes over the process and the demo JSON */
    S.demo = NULL;
    struct srv_opts o = {0};
    srv_restart(&R, &o);
    cr_assert_eq(sess_json(&R, &d, "GET", cpath, NULL, &r), 200, "restored server: case read");
    cr_expect(json_equal(r.json, case_before), "the restored case differs");
    resp_free(&r);
    json_decref(case_before);
    srv_stop(&R, false);
}

Test(backup, tampered_backup_is_refused)
{
    srv_start(&S, false, NULL);
    char bdir[256], kdir[256], ndir[256], p[400];
    beside("backup-db", bdir, sizeof(bdir));
    beside("backup-keys", kdir, sizeof(kdir));
    beside("restored", ndir, sizeof(ndir));
    const char *bk[] = {"backup", "--out", bdir, NULL};
    const char *kk[] = {"backup", "--keys", "--out", kdir, NULL};
    cr_assert_eq(srv_run(&S, NULL, bk), 0);
    cr_assert_eq(srv_run(&S, NULL, kk), 0);
    /* a second backup into the same directory overwrites nothing */
    cr_expect_eq(srv_run(&S, NULL, bk), 1);
    /* usage errors */
    const char *none[] = {"backup", NULL};
    cr_expect_eq(srv_run(&S, NULL, none), 2);
    /* one flipped byte in the copied database */
    snprintf(p, sizeof(p), "%s/regie.db", bdir);
    FILE *f = fopen(p, "r+b");
    cr_assert_not_null(f);
    fseek(f, 200, SEEK_SET);
    int c = fgetc(f);
    fseek(f, 200, SEEK_SET);
    fputc(c ^ 0x01, f);
    fclose(f);
    struct srv R = S;
    snprintf(R.dir, sizeof(R.dir), "%s", ndir);
    const char *rs[] = {"restore", "--from", bdir, "--keys-from", kdir, NULL};
    cr_expect_eq(srv_run(&R, NULL, rs), 1, "a tampered backup was restored");
    snprintf(p, sizeof(p), "%s/regie.db", ndir);
    cr_expect(!file_exists(p), "a tampered backup left a database behind");
    /* swapped kinds are refused */
    const char *sw[] = {"restore", "--from", kdir, "--keys-from", bdir, NULL};
    cr_expect_eq(srv_run(&R, NULL, sw), 1);
}
