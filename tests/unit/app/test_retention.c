/* test_retention.c: retention and destruction with proof (app/retention.h, issue 10 item 1),
 * in-process with an injected clock (clock_set_fixed), so it runs in every build. The
 * acceptance: a signal that led to nothing and a closed case with an attached document (marker
 * strings in names, free text, the file name and the content), plus a signal under a legal hold;
 * a copy of the database is taken (the "backup"); the clock moves past every term; the purge
 * runs. Then (1) no row of the destroyed items is left in any table (queried per table by id),
 * (2) the raw bytes of regie.db, regie.db-wal, the key vault regie-keys.db and its -wal hold no
 * marker and no byte of the destroyed wrapped data keys, (3) the held signal is intact and
 * readable, (4) the backup taken before the purge (store_backup, as `regie backup`), restored next
 * to the current key vault and regie.key, cannot decrypt the destroyed groups and still decrypts
 * the held one. Fictional data; messages never print names. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/case.h"
#include "app/demo.h"
#include "app/retention.h"
#include "app/rights.h"
#include "app/signal.h"
#include "audit/record.h"
#include "core/clock.h"
#include "core/config.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/breach.h"
#include "store/case.h"
#include "store/document.h"
#include "store/inzage.h"
#include "store/retention.h"
#include "store/store.h"
#include "../raw.h"

static char dir[64];
static struct config cfg;
static struct app *A;
static struct demo_ids ids;
static int64_t T0_DAY;

static const char *const MARKERS[] = {"Zqxmarkeralfa", "ZQXOBSALFA", "Zqxmarkerbeta", "ZQXOBSBETA",
                                      "ZQXFILEBETA",   "ZQXDOCBETA", "ZQXREPALFA"};

static void set_day(int64_t day)
{
    clock_set_fixed(clock_local_midnight_ms(day) + 12 * 3600 * 1000);
}

static const struct {
    const char *user;
    enum demo_as as;
    uint32_t roles;
} AS[] = {
    {"dossierhouder", DEMO_AS_DOSSIERHOUDER, POLICY_ROLE_DOSSIERHOUDER},
    {"dossierhouder2", DEMO_AS_DOSSIERHOUDER2, POLICY_ROLE_DOSSIERHOUDER},
    {"burgemeester", DEMO_AS_BURGEMEESTER, POLICY_ROLE_BURGEMEESTER},
    {"partner", DEMO_AS_PARTNER, POLICY_ROLE_PARTNER},
    {"om", DEMO_AS_OM, POLICY_ROLE_PARTNER},
    {"rvdk", DEMO_AS_RVDK, POLICY_ROLE_PARTNER},
    {"melder", DEMO_AS_MELDER, POLICY_ROLE_MELDER},
    {"voorzitter", DEMO_AS_VOORZITTER, POLICY_ROLE_VOORZITTER},
    {"jeugdzorg", DEMO_AS_JEUGDZORG, POLICY_ROLE_PARTNER},
};

static int64_t fg_id, fg_org;

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/regie-ret-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    config_defaults(&cfg);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s/data", dir);
    T0_DAY = clock_days_from_civil(2026, 11, 2);
    set_day(T0_DAY);
    cr_assert_eq(policy_init(NULL), 0);
    cr_assert_eq(app_init_datadir(&cfg, NULL), 0);
    cr_assert_eq(app_open(&cfg, true, &A, NULL), 0);
    json_t *demo = NULL;
    struct err e;
    err_clear(&e);
    cr_assert_eq(app_demo_create(A, &demo, &e), 0, "demo: %s", e.log);
    json_t *orgs = json_object_get(demo, "organisations"),
           *accs = json_object_get(demo, "accounts");
    size_t i, j;
    json_t *acc, *o;
    memset(&ids, 0, sizeof(ids));
    json_array_foreach(accs, i, acc)
    {
        const char *u = json_string_value(json_object_get(acc, "username"));
        const char *on = json_string_value(json_object_get(acc, "organisation"));
        int64_t org = 0;
        json_array_foreach(orgs, j, o)
        {
            if (strcmp(json_string_value(json_object_get(o, "name")), on) == 0)
                org = json_integer_value(json_object_get(o, "id"));
        }
        for (size_t k = 0; k < ARRAY_LEN(AS); k++)
            if (strcmp(AS[k].user, u) == 0) {
                ids.user[AS[k].as] = json_integer_value(json_object_get(acc, "id"));
                ids.org[AS[k].as] = org;
                ids.roles[AS[k].as] = AS[k].roles;
            }
        if (strcmp(u, "fg") == 0) {
            fg_id = json_integer_value(json_object_get(acc, "id"));
            fg_org = org;
        }
    }
    json_decref(demo);
    cr_assert(ids.user[DEMO_AS_DOSSIERHOUDER] > 0 && fg_id > 0);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)flag;
    (void)f;
    return remove(p);
}

static void teardown(void)
{
    app_close(A);
    A = NULL;
    clock_use_real();
    policy_cleanup();
    cr_assert_eq(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void rq_as(enum demo_as who, struct alog_req *rq)
{
    struct actor act = {.user_id = ids.user[who],
                        .org_id = ids.org[who],
                        .roles = ids.roles[who],
                        .org_access_ok = true};
    alog_req_init(A, rq, &act, "test", "127.0.0.1", NULL, NULL);
}

static void rq_operator(struct alog_req *rq)
{
    struct actor op = {
        .user_id = 0, .org_id = 0, .roles = POLICY_ROLE_DOSSIERHOUDER, .org_access_ok = true};
    alog_req_init(A, rq, &op, "purge", "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "operator");
}

/* The "id" of what a create answered (> 0, else the test fails); frees both. */
static int64_t take_id(json_t *in, json_t *out)
{
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    cr_assert(id > 0);
    return id;
}

static int64_t new_signal(const char *name, const char *observed, const char *reporter)
{
    struct alog_req rq;
    char d[11];
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    signal_fmt_day(T0_DAY - 3, d);
    json_t *in = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:s}], s:s, s:s, s:{s:b}}",
                           "route", "professional", "received_date", d, "reporter", "kind", "named",
                           "name", reporter, "function", "mentor", "subjects", "kind", "person",
                           "name", name, "birth_date", "2001-01-01", "observed", observed,
                           "phenomenon", "jihadisme", "acute", "danger", false);
    json_t *out = NULL;
    struct err e;
    err_clear(&e);
    cr_assert_eq(app_signal_create(A, &rq, in, &out, &e), 0, "signal: %s", e.log);
    return take_id(in, out);
}

static struct store *store(void)
{
    struct store *st = NULL;
    cr_assert_eq(app_store(A, &st, NULL), 0);
    return st;
}

static void path_of(const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", cfg.data_dir, name);
}

/* Occurrences of needle in the file (0 when the file does not exist). */
static size_t grep_file(const char *path, const void *needle, size_t nn)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)sz + 1);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, (size_t)sz, f);
    fclose(f);
    size_t hits = 0;
    for (size_t i = 0; nn > 0 && i + nn <= n; i++)
        if (memcmp(buf + i, needle, nn) == 0)
            hits++;
    free(buf);
    return hits;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    cr_assert(in && out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        cr_assert_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    cr_assert_eq(fclose(out), 0);
}

/* Rows referring to the item, table by table (the oracle, independent of the store's count),
 * on the backend the test runs on. */
static int64_t raw_rows(struct raw *db, const struct store_retention_item *it)
{
    static const char *const q[] = {
        "SELECT count(*) FROM signal WHERE id = ?1",
        "SELECT count(*) FROM signal_subject WHERE signal_id = ?1",
        "SELECT count(*) FROM signal_info WHERE signal_id = ?1",
        "SELECT count(*) FROM signal_feedback WHERE signal_id = ?1",
        "SELECT count(*) FROM signal_participant WHERE signal_id = ?1",
        "SELECT count(*) FROM weighing WHERE signal_id = ?1",
        "SELECT count(*) FROM ambtsbericht WHERE signal_id = ?1",
        "SELECT count(*) FROM signal_token WHERE signal_id = ?1",
        "SELECT count(*) FROM pga_case WHERE id = ?2",
        "SELECT count(*) FROM case_event WHERE case_id = ?2",
        "SELECT count(*) FROM case_participant WHERE case_id = ?2",
        "SELECT count(*) FROM case_task WHERE case_id = ?2",
        "SELECT count(*) FROM case_plan WHERE case_id = ?2",
        "SELECT count(*) FROM case_measure WHERE case_id = ?2",
        "SELECT count(*) FROM case_assessment WHERE case_id = ?2",
        "SELECT count(*) FROM family_support WHERE case_id = ?2",
        "SELECT count(*) FROM comm_line WHERE case_id = ?2",
        "SELECT count(*) FROM network_person WHERE case_id = ?2",
        "SELECT count(*) FROM network_relation WHERE case_id = ?2",
        "SELECT count(*) FROM agenda_item WHERE signal_id = ?1 OR case_id = ?2",
        "SELECT count(*) FROM document WHERE group_id IN (?3, ?4)",
        "SELECT count(*) FROM person WHERE group_id IN (?3, ?4)",
        "SELECT count(*) FROM retention_hold WHERE object_id IN (?1, ?2)",
        "SELECT count(*) FROM data_key WHERE group_id IN (?3, ?4) AND length(wrapped) > 0",
    };
    const int64_t v[] = {it->signal_id, it->case_id ? it->case_id : -1, it->group_id,
                         it->case_group_id ? it->case_group_id : -1};
    int64_t total = 0;
    for (size_t i = 0; i < ARRAY_LEN(q); i++)
        total += raw_i64p(db, q[i], v, 4);
    return total;
}

/* The wrapped data key of a group as stored in the key vault: its own file beside the database,
 * or on PostgreSQL its tables in the same database. */
static size_t wrapped_key(const char *db_path, const char *vault_path, int64_t group, uint8_t *out,
                          size_t cap)
{
    char uri[600];
    struct raw v =
        raw_open_path(raw_pg_uri(db_path, uri, sizeof(uri)) ? db_path : vault_path, true);
    size_t n = 0;
    uint8_t *p = raw_blob(&v, "SELECT wrapped FROM vault_key WHERE group_id = ?1", group, &n);
    raw_close(&v);
    cr_assert_leq(n, cap);
    memcpy(out, p, n);
    free(p);
    return n;
}

TestSuite(retention, .init = setup, .fini = teardown, .timeout = 240);

Test(retention, destroyed_everywhere_held_kept_old_backup_unreadable)
{
    struct err e;
    struct alog_req rq;
    json_t *out = NULL;
    char db_path[600], wal_path[600], vault_path[600], vault_wal[600], backup[600];
    path_of("regie.db", db_path, sizeof(db_path));
    path_of("regie.db-wal", wal_path, sizeof(wal_path));
    path_of("regie-keys.db", vault_path, sizeof(vault_path));
    path_of("regie-keys.db-wal", vault_wal, sizeof(vault_wal));
    snprintf(backup, sizeof(backup), "%s/backup.db", dir);
    /* On PostgreSQL (tests/pg/suite.py) the database and the key vault are tables of one
     * database: the rows are checked there as here; the files are the cluster's, where a deleted
     * row stays until VACUUM (docs/deployment.md: crypto-shredding is weaker there), and the
     * backup is pg_basebackup (tests/pg/test_backup.py), so those checks are SQLite's only. */
    char uri[600];
    bool pg = raw_pg_uri(db_path, uri, sizeof(uri));

    /* A signal that leads to nothing (never weighed: the term counts from its receipt). */
    int64_t sig_a = new_signal("Zqxmarkeralfa Testpersoon", "ZQXOBSALFA waarneming", "ZQXREPALFA");
    /* A signal under a legal hold. */
    int64_t sig_c = new_signal("Zqxheldgamma Testpersoon", "ZQXHELDGAMMA waarneming", "Melder C");
    /* An admitted, then closed case with an attached document. */
    int64_t case_b = 0;
    err_clear(&e);
    cr_assert_eq(app_demo_admit(A, &ids, DEMO_AS_DOSSIERHOUDER, "Zqxmarkerbeta Testpersoon",
                                "1999-09-09", "ZQXOBSBETA zorgelijke uitingen", 10, &case_b, &e),
                 0, "admit: %s", e.log);
    struct store *st = store();
    struct store_retention_item ia, ib, ic;
    cr_assert_eq(store_retention_object(st, "signal", sig_a, &ia, NULL), 0);
    cr_assert_eq(store_retention_object(st, "case", case_b, &ib, NULL), 0);
    cr_assert_eq(store_retention_object(st, "signal", sig_c, &ic, NULL), 0);
    static const char content[] = "ZQXDOCBETA inhoud van het verslag\n";
    struct store_document_in din = {.owner_kind = "case",
                                    .owner_id = case_b,
                                    .group_id = ib.case_group_id,
                                    .municipality_id = ib.municipality_id,
                                    .media_type = "text/plain",
                                    .filename = str_from_cstr("ZQXFILEBETA.txt"),
                                    .content = content,
                                    .size = sizeof(content) - 1,
                                    .uploaded_by = ids.user[DEMO_AS_DOSSIERHOUDER]};
    int64_t doc_id = 0;
    cr_assert_eq(store_document_add(st, &din, &doc_id, NULL), 0);
    int64_t closed = T0_DAY - 1;
    cr_assert_eq(store_case_set_state(st, case_b, "afgesloten", closed,
                                      case_add_months(closed, 12 * cfg.case_retention_years), NULL),
                 0);

    /* Legal hold on C until far beyond the purge day. */
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    json_t *hin = json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig_c,
                            "reason", "Bezwaarprocedure loopt", "until", "2040-01-01");
    err_clear(&e);
    cr_assert_eq(app_retention_hold_create(A, &rq, hin, &out, &e), 0, "hold: %s", e.log);
    json_decref(hin);
    json_decref(out);

    /* Persons of A and B (for the backup check) and their wrapped keys as stored now. */
    int64_t pa[8], pb[8];
    size_t npa = 0, npb = 0;
    cr_assert_eq(store_retention_persons(st, &ia, pa, 8, &npa, NULL), 0);
    cr_assert_eq(store_retention_persons(st, &ib, pb, 8, &npb, NULL), 0);
    cr_assert(npa >= 1 && npb >= 1);
    cr_assert_eq(store_checkpoint(st, NULL), 0);
    uint8_t wk_a[256], wk_b[256];
    size_t nwa = wrapped_key(db_path, vault_path, ia.group_id, wk_a, sizeof(wk_a));
    size_t nwb = wrapped_key(db_path, vault_path, ib.case_group_id, wk_b, sizeof(wk_b));
    cr_assert(nwa > 16 && nwb > 16);
    if (!pg) {
        cr_assert_eq(grep_file(vault_path, wk_a, nwa), 1, "the wrapped key is in the vault before");
        cr_assert_eq(grep_file(db_path, wk_a, nwa), 0, "a wrapped key in the database file");

        /* The backup, taken before destruction (the database only, as `regie backup`). */
        struct store_backup_info bi;
        err_clear(&e);
        cr_assert_eq(store_backup(st, backup, &bi, &e), 0, "backup: %s", e.log);
        cr_expect_eq(bi.schema_version, store_schema_latest());
        cr_expect_eq(grep_file(backup, wk_a, nwa), 0, "a wrapped key in the backup");
    }

    /* Not yet due: a dry run today destroys nothing of ours. */
    struct retention_report rep;
    struct alog_req op;
    rq_operator(&op);
    cr_assert_eq(app_retention_purge(A, &op, "test", T0_DAY, false, &rep, NULL), 0);
    int64_t left = 0;
    cr_assert_eq(store_retention_count_rows(st, &ia, &left, NULL), 0);
    cr_expect_gt(left, 0);

    /* Past every term (5 years for the case, 12 months for signals). */
    int64_t later = case_add_months(T0_DAY, 12 * cfg.case_retention_years + 1);
    set_day(later);
    cr_assert_eq(app_retention_purge(A, &op, "test", later, true, &rep, NULL), 0);
    cr_expect_geq(rep.destroyed, 2, "dry run: A and B at least");
    cr_assert_eq(store_retention_count_rows(st, &ia, &left, NULL), 0);
    cr_expect_gt(left, 0, "a dry run changes nothing");
    err_clear(&e);
    cr_assert_eq(app_retention_purge(A, &op, "test", later, false, &rep, &e), 0, "%s", e.log);
    cr_expect_eq(rep.failed, 0);
    cr_expect_geq(rep.cases, 1);
    cr_expect_geq(rep.signals, 1);
    cr_expect_geq(rep.held, 1);
    cr_expect(rep.checkpointed);

    /* (1) 0 rows of A and B in every table, and their keys gone from the vault; the held C is
     * intact. */
    struct raw db = raw_open_path(db_path, true);
    cr_expect_eq(raw_rows(&db, &ia), 0, "rows of the signal remain");
    cr_expect_eq(raw_rows(&db, &ib), 0, "rows of the case remain");
    cr_expect_gt(raw_rows(&db, &ic), 0, "the held signal was destroyed");
    cr_expect_eq(
        raw_i64p(&db, "SELECT count(*) FROM document_chunk WHERE document_id = ?1", &doc_id, 1), 0,
        "document chunks remain");
    /* tombstones: one per destroyed group, without names */
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM retention_tombstone"), rep.destroyed);
    raw_close(&db);
    struct raw vault = raw_open_path(pg ? db_path : vault_path, true);
    const int64_t groups[] = {ia.group_id, ib.case_group_id, ic.group_id};
    cr_expect_eq(
        raw_i64p(&vault, "SELECT count(*) FROM vault_key WHERE group_id IN (?1, ?2)", groups, 2), 0,
        "a destroyed group's key is still in the vault");
    cr_expect_eq(
        raw_i64p(&vault, "SELECT count(*) FROM vault_key WHERE group_id = ?1", groups + 2, 1), 1,
        "the held group's key left the vault");
    raw_close(&vault);
    int64_t c_left = 0;
    cr_assert_eq(store_retention_count_rows(st, &ic, &c_left, NULL), 0);
    cr_expect_gt(c_left, 0);
    int64_t pc[8];
    size_t npc = 0;
    cr_assert_eq(store_retention_persons(st, &ic, pc, 8, &npc, NULL), 0);
    cr_assert_geq(npc, 1);
    struct store_person p;
    cr_expect_eq(store_person_get(st, pc[0], &p, NULL), 0, "the held person is readable");
    store_person_wipe(&p);

    if (pg) /* (2) and (4) are about SQLite's files and `regie backup` (see above) */
        return;
    /* (2) no marker and no byte of the destroyed wrapped keys in the raw files. Markers are
     * sealed at rest anyway; the wrapped keys were in the file in clear before. */
    for (size_t i = 0; i < ARRAY_LEN(MARKERS); i++) {
        cr_expect_eq(grep_file(db_path, MARKERS[i], strlen(MARKERS[i])), 0, "marker %zu in db", i);
        cr_expect_eq(grep_file(wal_path, MARKERS[i], strlen(MARKERS[i])), 0, "marker %zu in wal",
                     i);
    }
    cr_expect_eq(grep_file(db_path, wk_a, nwa), 0, "the signal's wrapped key is still in the db");
    cr_expect_eq(grep_file(db_path, wk_b, nwb), 0, "the case's wrapped key is still in the db");
    cr_expect_eq(grep_file(wal_path, wk_a, nwa), 0, "the signal's wrapped key is in the wal");
    cr_expect_eq(grep_file(wal_path, wk_b, nwb), 0, "the case's wrapped key is in the wal");
    cr_expect_eq(grep_file(vault_path, wk_a, nwa), 0, "the signal's key is still in the vault");
    cr_expect_eq(grep_file(vault_path, wk_b, nwb), 0, "the case's key is still in the vault");
    cr_expect_eq(grep_file(vault_wal, wk_a, nwa), 0, "the signal's key is in the vault's wal");
    cr_expect_eq(grep_file(vault_wal, wk_b, nwb), 0, "the case's key is in the vault's wal");

    /* (4) The backup taken before destruction, restored into a new directory next to the
     * CURRENT key vault (copied consistently, as `regie backup --keys` does) with the current
     * regie.key: the destroyed groups' keys are gone from the vault, so their persons no longer
     * decrypt; the held signal's person still does. */
    char rdir[600], rdb[700], rvault[700];
    snprintf(rdir, sizeof(rdir), "%s/restore", dir);
    cr_assert_eq(mkdir(rdir, 0700), 0);
    snprintf(rdb, sizeof(rdb), "%s/regie.db", rdir);
    snprintf(rvault, sizeof(rvault), "%s/regie-keys.db", rdir);
    copy_file(backup, rdb);
    err_clear(&e);
    cr_assert_eq(store_backup_vault(st, rvault, &e), 0, "vault copy: %s", e.log);
    struct store_cfg bc = {.db_path = rdb, .keys = app_keys(A)};
    struct store *bst = NULL;
    int applied = -1;
    err_clear(&e);
    cr_assert_eq(store_open(&bc, &bst, &e), 0, "restore open: %s", e.log);
    cr_assert_eq(store_migrate(bst, &applied, &e), 0, "restore sync: %s", e.log);
    cr_assert_eq(store_retention_count_rows(bst, &ia, &left, NULL), 0);
    cr_expect_gt(left, 0, "the old backup holds the destroyed signal's rows");
    err_clear(&e);
    cr_expect_eq(store_person_get(bst, pa[0], &p, &e), ERR_CRYPTO,
                 "the pre-destruction backup still decrypts the destroyed signal");
    store_person_wipe(&p);
    cr_expect_eq(store_person_get(bst, pb[0], &p, NULL), ERR_CRYPTO,
                 "the pre-destruction backup still decrypts the destroyed case");
    store_person_wipe(&p);
    cr_expect_eq(store_person_get(bst, pc[0], &p, NULL), 0,
                 "the held (not destroyed) person no longer decrypts from the backup");
    store_person_wipe(&p);
    store_close(bst);
}

Test(retention, holds_and_extensions_validate_and_hide_other_municipalities)
{
    struct err e;
    struct alog_req rq;
    json_t *out = NULL;
    int64_t sig = new_signal("Testpersoon Delta", "Waarneming delta", "Melder D");
    /* bad input names the field and changes nothing */
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    json_t *bad = json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig,
                            "reason", "", "until", "2020-01-01");
    err_clear(&e);
    cr_expect_eq(app_retention_hold_create(A, &rq, bad, &out, &e), ERR_INVAL);
    cr_expect_geq(e.n_fields, 2);
    json_decref(bad);
    bad = json_pack("{s:s, s:I, s:s, s:s}", "kind", "persoon", "id", (json_int_t)sig, "reason", "x",
                    "until", "2030-01-01");
    err_clear(&e);
    cr_expect_eq(app_retention_hold_create(A, &rq, bad, &out, &e), ERR_INVAL);
    json_decref(bad);
    /* another municipality's dossierhouder: not found (never 403 for an object) */
    rq_as(DEMO_AS_DOSSIERHOUDER2, &rq);
    json_t *in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig,
                           "reason", "Rechtszaak", "until", "2030-01-01");
    err_clear(&e);
    cr_expect_eq(app_retention_hold_create(A, &rq, in, &out, &e), ERR_NOTFOUND);
    /* a partner may not place holds at all */
    rq_as(DEMO_AS_PARTNER, &rq);
    err_clear(&e);
    cr_expect_eq(app_retention_hold_create(A, &rq, in, &out, &e), ERR_FORBIDDEN);
    /* the own dossierhouder may; the overview shows it */
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    cr_assert_eq(app_retention_hold_create(A, &rq, in, &out, &e), 0, "%s", e.log);
    int64_t hold = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(in);
    struct alog_pending *log = NULL;
    cr_assert_eq(app_retention_overview(A, &rq, &out, &log, NULL), 0);
    cr_expect_eq(json_array_size(json_object_get(out, "holds")), 1);
    alog_pending_free(log);
    json_decref(out);
    /* an extension needs a rationale and an end after the current one */
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig, "until",
                   "2027-01-01", "rationale", "");
    err_clear(&e);
    cr_expect_eq(app_retention_extension_create(A, &rq, in, &out, &e), ERR_INVAL);
    json_decref(in);
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "signal", "id", (json_int_t)sig, "until",
                   "2031-01-01", "rationale", "Nodig voor de klachtprocedure");
    err_clear(&e);
    cr_expect_eq(app_retention_extension_create(A, &rq, in, &out, &e), 0, "%s", e.log);
    json_decref(in);
    json_decref(out);
    struct store_retention_item it;
    cr_assert_eq(store_retention_object(store(), "signal", sig, &it, NULL), 0);
    cr_expect_eq(retention_expiry(&cfg, &it), clock_days_from_civil(2031, 1, 1));
    /* ending the hold; a second end is a conflict */
    err_clear(&e);
    cr_expect_eq(app_retention_hold_end(A, &rq, hold, NULL, &out, &e), 0, "%s", e.log);
    json_decref(out);
    err_clear(&e);
    cr_expect_eq(app_retention_hold_end(A, &rq, hold, NULL, &out, &e), ERR_CONFLICT);
    /* the FG reads the report of every municipality; a partner does not */
    struct alog_req fq;
    struct actor fg = {
        .user_id = fg_id, .org_id = fg_org, .roles = POLICY_ROLE_FG, .org_access_ok = true};
    alog_req_init(A, &fq, &fg, "test", "127.0.0.1", NULL, NULL);
    cr_expect_eq(app_retention_report(A, &fq, "", "", &out, &log, NULL), 0);
    alog_pending_free(log);
    json_decref(out);
    rq_as(DEMO_AS_PARTNER, &rq);
    err_clear(&e);
    cr_expect_eq(app_retention_report(A, &rq, "", "", &out, &log, &e), ERR_FORBIDDEN);
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    cr_expect_eq(app_retention_report(A, &rq, "2026-13-01", "", &out, &log, &e), ERR_INVAL);
}

/* One step of a rights request as the dossierhouder (app/rights.h); fails the test on an error. */
static int64_t rights_step(int (*fn)(struct app *, const struct alog_req *, int64_t, const json_t *,
                                     json_t **, struct err *),
                           int64_t id, json_t *in, const char *key)
{
    struct alog_req rq;
    struct err e;
    json_t *out = NULL;
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    cr_assert_eq(fn(A, &rq, id, in, &out, &e), 0, "rights step: %s", e.log);
    int64_t v = key ? json_integer_value(json_object_get(out, key)) : 0;
    json_decref(in);
    json_decref(out);
    return v;
}

static int64_t rights_new(void)
{
    struct alog_req rq;
    struct err e;
    json_t *out = NULL;
    char d[11];
    signal_fmt_day(T0_DAY - 10, d);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "kind", "inzage", "received_date",
                           d, "channel", "balie", "requester", "betrokkene", "subject", "name",
                           "Zqxrechtendelta Testpersoon", "birth_date", "1990-04-01");
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    cr_assert_eq(app_rights_create(A, &rq, in, &out, &e), 0, "rights create: %s", e.log);
    return take_id(in, out);
}

/* The purge of day `day` (the clock set to it), as the operator; fails the test on an error. */
static struct retention_report purge_on(int64_t day, bool dry_run)
{
    struct retention_report rep;
    struct alog_req op;
    struct err e;
    rq_operator(&op);
    set_day(day);
    err_clear(&e);
    cr_assert_eq(app_retention_purge(A, &op, "test", day, dry_run, &rep, &e), 0, "purge: %s",
                 e.log);
    return rep;
}

/* The data-key group of row id of table ("rights_request" or "inzage_export"). */
static int64_t group_of(const char *db_path, const char *table, int64_t id)
{
    struct raw db = raw_open_path(db_path, true);
    const int64_t q[] = {id};
    int64_t g = raw_i64p(&db,
                         strcmp(table, "rights_request") == 0
                             ? "SELECT group_id FROM rights_request WHERE id = ?1"
                             : "SELECT group_id FROM inzage_export WHERE id = ?1",
                         q, 1);
    raw_close(&db);
    return g;
}

/* docs/rights.md "Retention": a closed data-subject request goes rights_retention_months after
 * its closing day, with its items, the inzage exports that answer it and the data keys of both
 * (each export has its own group); a tombstone and one purge record in the access log, under the
 * request's pseudonym, remain. A request still open stays, whatever its age. */
Test(retention, closed_rights_request_goes_with_its_exports_after_the_term)
{
    char db_path[600], vault_path[600], uri[600], d[11];
    path_of("regie.db", db_path, sizeof(db_path));
    path_of("regie-keys.db", vault_path, sizeof(vault_path));
    bool pg = raw_pg_uri(db_path, uri, sizeof(uri));
    int64_t mun = ids.org[DEMO_AS_DOSSIERHOUDER];

    int64_t done = rights_new(), open = rights_new();
    signal_fmt_day(T0_DAY, d);
    rights_step(app_rights_identity, done,
                json_pack("{s:s, s:s, s:s}", "method", "balie_identiteitsbewijs", "result",
                          "vastgesteld", "date", d),
                NULL);
    int64_t item = rights_step(app_rights_item_add, done,
                               json_pack("{s:s, s:I}", "text", "Zqxrechtendelta gegevens",
                                         "owner_org_id", (json_int_t)mun),
                               "created_id");
    cr_assert(item > 0);
    struct alog_req rq;
    struct err e;
    json_t *out = NULL;
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    json_t *dec = json_pack("{s:s}", "decision", "toegewezen");
    cr_assert_eq(app_rights_item_decide(A, &rq, done, item, dec, &out, &e), 0, "decide: %s", e.log);
    json_decref(dec);
    json_decref(out);
    /* Two exports: one answers the request, one stands alone (its own rule: the next test). */
    struct store *st = store();
    int64_t ex_done = 0, ex_alone = 0;
    struct store_inzage_in xi = {.municipality_id = mun,
                                 .request_id = done,
                                 .created_by = ids.user[DEMO_AS_DOSSIERHOUDER],
                                 .doc = str_from_cstr("{\"persons\":[]}")};
    cr_assert_eq(store_inzage_create(st, &xi, &ex_done, NULL), 0);
    xi.request_id = 0;
    cr_assert_eq(store_inzage_create(st, &xi, &ex_alone, NULL), 0);
    rights_step(app_rights_respond, done,
                json_pack("{s:s, s:s, s:s}", "date", d, "method", "brief", "summary", "Antwoord"),
                NULL);

    const int64_t q1[] = {done, ex_done};
    int64_t g_req = group_of(db_path, "rights_request", done);
    int64_t g_ex = group_of(db_path, "inzage_export", ex_done);
    cr_assert(g_req > 0 && g_ex > 0 && g_req != g_ex);

    /* Not due on the day it closed, nor a day before the term ends. */
    struct retention_report rep = purge_on(T0_DAY, false);
    cr_expect_eq(rep.rights_requests, 0);
    int64_t due = case_add_months(T0_DAY, cfg.rights_retention_months);
    rep = purge_on(due - 1, false);
    cr_expect_eq(rep.rights_requests, 0, "destroyed a day early");
    rep = purge_on(due, true);
    cr_expect_eq(rep.rights_requests, 1, "dry run");
    struct raw db = raw_open_path(db_path, true);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM rights_request WHERE id = ?1", q1, 1), 1,
                 "a dry run destroyed the request");
    raw_close(&db);
    rep = purge_on(due, false);
    cr_expect_eq(rep.rights_requests, 1);
    cr_expect_eq(rep.failed, 0);

    db = raw_open_path(db_path, true);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM rights_request WHERE id = ?1", q1, 1), 0,
                 "the request remains");
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM rights_item WHERE request_id = ?1", q1, 1), 0,
                 "its items remain");
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id = ?2", q1, 2), 0,
                 "its export remains");
    const int64_t q2[] = {open, ex_alone};
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM rights_request WHERE id = ?1", q2, 1), 1,
                 "the open request was destroyed");
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id = ?2", q2, 2), 0,
                 "the export of no request stayed (same term, from the same day)");
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM retention_tombstone WHERE kind = "
                              "'rights_request'"),
                 1, "one tombstone");
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM audit_log WHERE object_type = "
                              "'rights_request' AND action = 16"),
                 1, "one purge record");
    raw_close(&db);
    struct raw vault = raw_open_path(pg ? db_path : vault_path, true);
    const int64_t groups[] = {g_req, g_ex};
    cr_expect_eq(
        raw_i64p(&vault, "SELECT count(*) FROM vault_key WHERE group_id IN (?1, ?2)", groups, 2), 0,
        "a destroyed group's key is still in the vault");
    raw_close(&vault);
    /* The tombstone names the request by its access-log pseudonym only. */
    struct store_tombstone tb[32];
    size_t nt = 0;
    cr_assert_eq(store_tombstone_list(st, mun, due, due, tb, 32, &nt, NULL), 0);
    uint8_t ps[AUDIT_SUBJECT_BYTES];
    alog_subject(A, "rights_request", done, ps);
    bool found = false;
    for (size_t i = 0; i < nt; i++)
        found = found || (strcmp(tb[i].kind, "rights_request") == 0 &&
                          memcmp(tb[i].pseudonym, ps, sizeof(ps)) == 0 && tb[i].n_keys == 2);
    cr_expect(found, "no tombstone with the request's pseudonym and its two keys");
}

static int count_purges(void *ctx, const struct store_audit_row *row)
{
    if (row->action == AUDIT_ACT_PURGE && row->object_type.n == strlen("inzage_export") &&
        memcmp(row->object_type.p, "inzage_export", row->object_type.n) == 0)
        (*(int *)ctx)++;
    return 0;
}

/* docs/inzage.md "Storage, limits and retention": an inzage export that answers no request goes
 * rights_retention_months after its release (a concept that was never released: after it was
 * made), with its data-key group; a tombstone under the export's pseudonym and one purge record
 * under the pseudonyms of the persons it was made for remain. */
Test(retention, inzage_export_without_request_goes_after_its_term)
{
    char db_path[600], vault_path[600], uri[600];
    path_of("regie.db", db_path, sizeof(db_path));
    path_of("regie-keys.db", vault_path, sizeof(vault_path));
    bool pg = raw_pg_uri(db_path, uri, sizeof(uri));
    int64_t mun = ids.org[DEMO_AS_DOSSIERHOUDER];
    const int64_t person = 424242; /* only its pseudonym is used */
    char doc[64];
    snprintf(doc, sizeof(doc), "{\"persons\":[{\"id\":%" PRId64 "}]}", person);

    struct store *st = store();
    int64_t concept = 0, released = 0;
    struct store_inzage_in xi = {.municipality_id = mun,
                                 .created_by = ids.user[DEMO_AS_DOSSIERHOUDER],
                                 .doc = str_from_cstr(doc)};
    cr_assert_eq(store_inzage_create(st, &xi, &concept, NULL), 0);
    cr_assert_eq(store_inzage_create(st, &xi, &released, NULL), 0);
    /* Released by a second reviewer 40 days later: its term runs from then. */
    set_day(T0_DAY + 40);
    cr_assert_eq(store_inzage_approve(st, released, ids.user[DEMO_AS_DOSSIERHOUDER2], NULL), 0);

    const int64_t q[] = {concept, released};
    int64_t g_concept = group_of(db_path, "inzage_export", concept);
    int64_t g_released = group_of(db_path, "inzage_export", released);
    cr_assert(g_concept > 0 && g_released > 0 && g_concept != g_released);

    int64_t due_concept = case_add_months(T0_DAY, cfg.rights_retention_months);
    int64_t due_released = case_add_months(T0_DAY + 40, cfg.rights_retention_months);
    struct retention_report rep = purge_on(due_concept - 1, false);
    cr_expect_eq(rep.inzage_exports, 0, "destroyed a day early");
    rep = purge_on(due_concept, true);
    cr_expect_eq(rep.inzage_exports, 1, "dry run");
    rep = purge_on(due_concept, false);
    cr_expect_eq(rep.inzage_exports, 1, "the concept");
    cr_expect_eq(rep.failed, 0);
    struct raw db = raw_open_path(db_path, true);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id = ?1", q, 1), 0,
                 "the concept remains");
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id = ?2", q, 2), 1,
                 "the released export went with the concept's term, not its release's");
    raw_close(&db);

    rep = purge_on(due_released - 1, false);
    cr_expect_eq(rep.inzage_exports, 0, "the released export went a day early");
    rep = purge_on(due_released, false);
    cr_expect_eq(rep.inzage_exports, 1, "the released export");
    db = raw_open_path(db_path, true);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id = ?2", q, 2), 0,
                 "the released export remains");
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM retention_tombstone WHERE kind = "
                              "'inzage_export'"),
                 2, "two tombstones");
    raw_close(&db);
    struct raw vault = raw_open_path(pg ? db_path : vault_path, true);
    const int64_t groups[] = {g_concept, g_released};
    cr_expect_eq(
        raw_i64p(&vault, "SELECT count(*) FROM vault_key WHERE group_id IN (?1, ?2)", groups, 2), 0,
        "a destroyed export's key is still in the vault");
    raw_close(&vault);

    /* The purge records are found under the person's pseudonym, as the export's own records. */
    struct store_audit_query aq = {.by = STORE_AUDIT_BY_SUBJECT, .limit = 100};
    alog_subject(A, "person", person, aq.subject);
    int purges = 0;
    cr_assert_eq(store_audit_query(st, &aq, count_purges, &purges, NULL), 0);
    cr_expect_eq(purges, 2, "purge records under the person's pseudonym");
    /* The tombstones name each export by its own pseudonym only. */
    struct store_tombstone tb[32];
    size_t nt = 0;
    cr_assert_eq(store_tombstone_list(st, mun, due_concept, due_released, tb, 32, &nt, NULL), 0);
    uint8_t ps[AUDIT_SUBJECT_BYTES];
    alog_subject(A, "inzage_export", released, ps);
    bool found = false;
    for (size_t i = 0; i < nt; i++)
        found = found || (strcmp(tb[i].kind, "inzage_export") == 0 &&
                          memcmp(tb[i].pseudonym, ps, sizeof(ps)) == 0 && tb[i].n_keys == 1 &&
                          tb[i].start_day == T0_DAY + 40);
    cr_expect(found, "no tombstone with the released export's pseudonym, its key and release day");
}

/* The access-log records of pseudonym ps with action act on object type "retention": how many,
 * and whether each carries subject type want (audit_rec_decode of the canonical record). */
struct typed_count {
    int act, n, wrong_type;
    const char *want;
};

static int count_typed(void *ctx, const struct store_audit_row *row)
{
    struct typed_count *c = ctx;
    struct audit_rec r;
    if (row->action != c->act || row->object_type.n != strlen("retention") ||
        memcmp(row->object_type.p, "retention", row->object_type.n) != 0)
        return 0;
    c->n++;
    if (audit_rec_decode(row->rec, row->rec_n, &r, NULL) != 0 ||
        r.subject_id_type.n != strlen(c->want) ||
        memcmp(r.subject_id_type.p, c->want, r.subject_id_type.n) != 0)
        c->wrong_type++;
    return 0;
}

/* docs/retention.md "Legal hold and extension": a hold or an extension can be placed on a rights
 * request (open or closed) and on an inzage export of no request, not on an export that answers
 * a request (it follows the request: 409 naming id) nor an extension on an open request (no
 * term yet). A hold keeps a closed request past its term until it ends; an extension moves an
 * export's end. The hold's record is under the request's own pseudonym, typed rights_request. */
Test(retention, holds_and_extensions_on_rights_requests_and_exports)
{
    char db_path[600], d[11];
    path_of("regie.db", db_path, sizeof(db_path));
    int64_t mun = ids.org[DEMO_AS_DOSSIERHOUDER];
    int64_t req = rights_new();
    struct store *st = store();
    int64_t linked = 0, alone = 0;
    struct store_inzage_in xi = {.municipality_id = mun,
                                 .request_id = req,
                                 .created_by = ids.user[DEMO_AS_DOSSIERHOUDER],
                                 .doc = str_from_cstr("{\"persons\":[]}")};
    cr_assert_eq(store_inzage_create(st, &xi, &linked, NULL), 0);
    xi.request_id = 0;
    cr_assert_eq(store_inzage_create(st, &xi, &alone, NULL), 0);

    struct alog_req rq;
    struct err e;
    json_t *out = NULL, *in;
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    int64_t due = case_add_months(T0_DAY, cfg.rights_retention_months);
    char until_hold[11], until_ext[11];
    signal_fmt_day(due + 400, until_hold);
    signal_fmt_day(due + 60, until_ext);
    /* an extension of a request still open: no term to extend */
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "rights_request", "id", (json_int_t)req, "until",
                   until_ext, "rationale", "Klacht bij de AP");
    err_clear(&e);
    cr_expect_eq(app_retention_extension_create(A, &rq, in, &out, &e), ERR_CONFLICT);
    cr_expect_str_eq(e.n_fields ? e.fields[0].name : "", "id");
    json_decref(in);
    /* a hold on the open request is placed: it counts once the request is closed */
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "rights_request", "id", (json_int_t)req, "until",
                   until_hold, "reason", "Klacht bij de Autoriteit Persoonsgegevens");
    err_clear(&e);
    cr_assert_eq(app_retention_hold_create(A, &rq, in, &out, &e), 0, "%s", e.log);
    int64_t hold = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(in);
    /* an export that answers the request follows it */
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "inzage_export", "id", (json_int_t)linked,
                   "until", until_hold, "reason", "Klacht");
    err_clear(&e);
    cr_expect_eq(app_retention_hold_create(A, &rq, in, &out, &e), ERR_CONFLICT);
    cr_expect_str_eq(e.n_fields ? e.fields[0].name : "", "id");
    json_decref(in);
    /* another municipality does not see the export */
    struct alog_req other;
    rq_as(DEMO_AS_DOSSIERHOUDER2, &other);
    in = json_pack("{s:s, s:I, s:s, s:s}", "kind", "inzage_export", "id", (json_int_t)alone,
                   "until", until_ext, "rationale", "Bezwaarprocedure");
    err_clear(&e);
    cr_expect_eq(app_retention_extension_create(A, &other, in, &out, &e), ERR_NOTFOUND);
    /* the own municipality extends the export of no request */
    err_clear(&e);
    cr_assert_eq(app_retention_extension_create(A, &rq, in, &out, &e), 0, "%s", e.log);
    json_decref(out);
    json_decref(in);
    struct alog_pending *log = NULL;
    cr_assert_eq(app_retention_overview(A, &rq, &out, &log, NULL), 0);
    cr_expect_eq(json_array_size(json_object_get(out, "holds")), 1);
    cr_expect_eq(json_array_size(json_object_get(out, "extensions")), 1);
    cr_expect_eq(json_array_size(json_object_get(out, "kinds")), 4);
    alog_pending_free(log);
    json_decref(out);

    /* close the request on T0 */
    signal_fmt_day(T0_DAY, d);
    rights_step(app_rights_identity, req,
                json_pack("{s:s, s:s, s:s}", "method", "balie_identiteitsbewijs", "result",
                          "vastgesteld", "date", d),
                NULL);
    rights_step(app_rights_respond, req,
                json_pack("{s:s, s:s, s:s}", "date", d, "method", "brief", "summary", "Antwoord"),
                NULL);

    /* on the day the term ends: the request is held, the export extended */
    struct retention_report rep = purge_on(due, false);
    cr_expect_eq(rep.rights_requests, 0, "a held request was destroyed");
    cr_expect_eq(rep.inzage_exports, 0, "an extended export was destroyed");
    cr_expect_geq(rep.held, 1);
    /* the hold ends: the request goes with its export, its hold and its history */
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    err_clear(&e);
    cr_assert_eq(app_retention_hold_end(A, &rq, hold, NULL, &out, &e), 0, "%s", e.log);
    json_decref(out);
    rep = purge_on(due, false);
    cr_expect_eq(rep.rights_requests, 1);
    cr_expect_eq(rep.inzage_exports, 0);
    rep = purge_on(due + 59, false);
    cr_expect_eq(rep.inzage_exports, 0, "the export went before its extension ended");
    rep = purge_on(due + 60, false);
    cr_expect_eq(rep.inzage_exports, 1, "the export outlived its extension");
    struct raw db = raw_open_path(db_path, true);
    const int64_t q[] = {req, linked, alone};
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM rights_request WHERE id = ?1", q, 1), 0);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM inzage_export WHERE id IN (?2, ?3)", q, 3), 0);
    cr_expect_eq(raw_i64p(&db,
                          "SELECT (SELECT count(*) FROM retention_hold WHERE kind = "
                          "'rights_request' AND object_id = ?1) + (SELECT count(*) FROM "
                          "retention_extension WHERE kind = 'inzage_export' AND object_id = ?3)",
                          q, 3),
                 0, "a hold or extension outlived its object");
    raw_close(&db);

    /* the hold's records are under the request's pseudonym, typed as a request */
    struct store_audit_query aq = {.by = STORE_AUDIT_BY_SUBJECT, .limit = 100};
    alog_subject(A, "rights_request", req, aq.subject);
    struct typed_count c = {.act = AUDIT_ACT_CREATE, .want = "rights_request"};
    cr_assert_eq(store_audit_query(st, &aq, count_typed, &c, NULL), 0);
    cr_expect_eq(c.n, 1, "hold records under the request's pseudonym");
    cr_expect_eq(c.wrong_type, 0, "a hold record with another subject type");
    c = (struct typed_count){.act = AUDIT_ACT_UPDATE, .want = "rights_request"};
    cr_assert_eq(store_audit_query(st, &aq, count_typed, &c, NULL), 0);
    cr_expect_eq(c.n, 1, "hold-end records under the request's pseudonym");
    cr_expect_eq(c.wrong_type, 0);
}

/* docs/breaches.md "Retention": a closed breach of the breach register goes
 * breach_retention_months after it was closed, with its data-key group; a tombstone and one purge
 * record (no data subject: none is linked to a breach) remain; an open breach stays. Only the
 * roles that may list the register see it among the upcoming expiries. */
Test(retention, closed_breach_goes_after_its_term)
{
    char db_path[600], vault_path[600], uri[600];
    path_of("regie.db", db_path, sizeof(db_path));
    path_of("regie-keys.db", vault_path, sizeof(vault_path));
    bool pg = raw_pg_uri(db_path, uri, sizeof(uri));
    int64_t mun = ids.org[DEMO_AS_DOSSIERHOUDER];
    struct store *st = store();
    struct store_breach_in bi = {.org_id = mun,
                                 .reported_by = ids.user[DEMO_AS_DOSSIERHOUDER],
                                 .discovered_at = clock_now_ms() - 3600 * 1000,
                                 .doc = str_from_cstr("{\"description\":\"Zqxdatalek\"}")};
    int64_t closed = 0, open = 0;
    cr_assert_eq(store_breach_create(st, &bi, &closed, NULL), 0);
    cr_assert_eq(store_breach_create(st, &bi, &open, NULL), 0);
    struct store_row r;
    cr_assert_eq(store_breach_get(st, closed, &r, NULL), 0);
    snprintf(r.code, sizeof(r.code), "nee");
    snprintf(r.code2, sizeof(r.code2), "nee");
    r.d = clock_now_ms(); /* closed on T0 */
    cr_assert_eq(store_breach_update(st, &r, NULL), 0);
    store_row_release(&r);
    int64_t g_closed = 0;
    struct raw db = raw_open_path(db_path, true);
    const int64_t q[] = {closed, open};
    g_closed = raw_i64p(&db, "SELECT group_id FROM breach WHERE id = ?1", q, 1);
    raw_close(&db);
    cr_assert(g_closed > 0);

    int64_t due = case_add_months(T0_DAY, cfg.breach_retention_months);
    /* a month before: the FG sees it coming, the dossierhouder who reported it does not */
    set_day(due - 30);
    struct alog_req fq, rq;
    struct actor fg = {
        .user_id = fg_id, .org_id = fg_org, .roles = POLICY_ROLE_FG, .org_access_ok = true};
    alog_req_init(A, &fq, &fg, "test", "127.0.0.1", NULL, NULL);
    rq_as(DEMO_AS_DOSSIERHOUDER, &rq);
    const struct alog_req *who[] = {&fq, &rq};
    for (int k = 0; k < 2; k++) {
        json_t *out = NULL;
        struct alog_pending *log = NULL;
        cr_assert_eq(app_retention_overview(A, who[k], &out, &log, NULL), 0);
        size_t i, seen = 0;
        json_t *u;
        json_array_foreach(json_object_get(out, "upcoming"), i, u)
        {
            seen += strcmp(json_string_value(json_object_get(u, "kind")), "breach") == 0;
        }
        cr_expect_eq(seen, k == 0 ? 1u : 0u, "%s: %zu breaches upcoming",
                     k ? "dossierhouder" : "fg", seen);
        alog_pending_free(log);
        json_decref(out);
    }

    struct retention_report rep = purge_on(due - 1, false);
    cr_expect_eq(rep.breaches, 0, "destroyed a day early");
    rep = purge_on(due, false);
    cr_expect_eq(rep.breaches, 1);
    cr_expect_eq(rep.failed, 0);
    db = raw_open_path(db_path, true);
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM breach WHERE id = ?1", q, 1), 0,
                 "the closed breach remains");
    cr_expect_eq(raw_i64p(&db, "SELECT count(*) FROM breach WHERE id = ?2", q, 2), 1,
                 "the open breach was destroyed");
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM retention_tombstone WHERE kind = 'breach'"), 1);
    cr_expect_eq(raw_i64(&db, "SELECT count(*) FROM audit_log WHERE object_type = 'breach' AND "
                              "action = 16 AND subject IS NULL"),
                 1, "one purge record without a data subject");
    raw_close(&db);
    struct raw vault = raw_open_path(pg ? db_path : vault_path, true);
    const int64_t g[] = {g_closed};
    cr_expect_eq(raw_i64p(&vault, "SELECT count(*) FROM vault_key WHERE group_id = ?1", g, 1), 0,
                 "the destroyed breach's key is still in the vault");
    raw_close(&vault);
}
