/* test_keys.c: master-key rotation end to end (issue 10 item 7, docs/crypto-inventory.md). The
 * demo's sealed signals (subjects, observed text) are read over HTTP, `regie keys rotate` runs on
 * the data dir, the server is restarted (it reads the key file at start), `regie keys retire
 * --version 1` removes the old master, and every signal reads back exactly the same. The CLI
 * output never carries key material. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(keys, .fini = stop, .timeout = 300);

/* Every signal of the dossierhouder's list with its detail, as one JSON array (caller decrefs). */
static json_t *snapshot(void)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    json_t *all = sess_list_all(&S, &d, "/api/signals?per_page=100");
    json_t *out = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
    {
        char p[64];
        struct resp r;
        snprintf(p, sizeof(p), "/api/signals/%lld", (long long)jint(it, "id"));
        cr_assert_eq(sess_do(&S, &d, "GET", p, NULL, NULL, NULL, &r), 0);
        cr_assert_eq(r.status, 200, "GET signal: %d", r.status);
        json_array_append(out, r.json);
        resp_free(&r);
    }
    json_decref(all);
    cr_assert(json_array_size(out) > 0, "demo has no signals");
    return out;
}

Test(keys, signals_read_back_equal_after_rotation_and_retirement)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    json_t *before = snapshot();

    struct srv_opts none = {0};
    char *out = NULL;
    /* rotate on the data dir, restart the server (it reads the key file at start), retire */
    static const char *const rotate[] = {"keys", "rotate", "--batch", "3", NULL};
    cr_assert_eq(srv_run(&S, &out, rotate), 0, "keys rotate failed");
    cr_expect(strstr(out, "masterversie 2") != NULL, "rotate did not report version 2");
    free(out);
    srv_restart(&S, &none);
    static const char *const retire[] = {"keys", "retire", "--version", "1", NULL};
    cr_assert_eq(srv_run(&S, &out, retire), 0, "keys retire failed");
    free(out);
    static const char *const status[] = {"keys", "status", NULL};
    cr_assert_eq(srv_run(&S, &out, status), 0);
    cr_expect(strstr(out, "versie 1:") == NULL, "a data key still under version 1");
    cr_expect(strstr(out, "Versies in het sleutelbestand: 2\n") != NULL, "old version kept");
    /* no key material: the key file's master line must not appear in any output */
    char kp[400], line[256];
    snprintf(kp, sizeof(kp), "%s/regie.key", S.dir);
    FILE *f = fopen(kp, "r");
    cr_assert_not_null(f);
    while (fgets(line, sizeof(line), f)) {
        char *sp = strrchr(line, ' ');
        if (sp && strlen(sp) > 40) {
            sp[strcspn(sp, "\n")] = '\0';
            cr_expect(strstr(out, sp + 1) == NULL, "key material in the output");
        }
    }
    fclose(f);
    free(out);

    json_t *after = snapshot();
    cr_expect(json_equal(before, after), "signals differ after the rotation");
    json_decref(before);
    json_decref(after);
}

/* ---- the vault sweep runs in the background, not on the start-up path --------------------------
 * A key reserved two days ago that no group in the database holds (a reservation lost in a crash)
 * is deleted by serve's daily job, which sweeps once soon after start (store_vault_sweep; before,
 * every start swept and so took time in proportion to the number of keys). */

/* A count from the key vault: the file regie-keys.db beside the database, or on PostgreSQL the
 * vault's tables in the suite's database. */
static int64_t vault_count(const char *sql)
{
    if (db_is_postgres(&S))
        return db_int(&S, sql);
    char path[300];
    snprintf(path, sizeof(path), "%s/regie-keys.db", S.dir);
    sqlite3 *db = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

Test(keys, serve_sweeps_an_orphaned_vault_key_in_the_background)
{
    static const char orphan[] = "SELECT count(*) FROM vault_key WHERE group_id = 424242";
    static const char all[] = "SELECT count(*) FROM vault_key";
    srv_start(&S, false, NULL);
    /* The orphan goes in while the server is down: the sweep a start makes soon after it would
     * otherwise race the count below. */
    cr_assert_eq(srv_stop(&S, true), 0, "stop");
    char ins[200];
    long long two_days_ago = ((long long)time(NULL) - 2 * 86400) * 1000;
    if (db_is_postgres(&S)) {
        snprintf(ins, sizeof(ins), "INSERT INTO vault_key VALUES (424242, '\\x01'::bytea, 1, %lld)",
                 two_days_ago);
        cr_assert(db_try_exec(&S, ins), "insert the orphan");
    } else {
        char path[300];
        snprintf(path, sizeof(path), "%s/regie-keys.db", S.dir);
        sqlite3 *db = NULL;
        cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        snprintf(ins, sizeof(ins), "INSERT INTO vault_key VALUES (424242, x'01', 1, %lld)",
                 two_days_ago);
        cr_assert_eq(sqlite3_exec(db, ins, NULL, NULL, NULL), SQLITE_OK, "insert the orphan");
        sqlite3_close(db);
    }
    int64_t keys = vault_count(all);
    cr_assert_eq(vault_count(orphan), 1, "the orphan is not in the vault");
    struct srv_opts o = {0};
    (void)srv_restart(&S, &o); /* serves the same data dir again (nothing left to stop) */
    int64_t left = 1;
    for (int i = 0; i < 100 && left != 0; i++) {
        usleep(100 * 1000);
        left = vault_count(orphan);
    }
    cr_expect_eq(left, 0, "the orphaned key is still in the vault 10 s after the start");
    cr_expect_eq(vault_count(all), keys - 1, "the sweep deleted other keys too");
}
