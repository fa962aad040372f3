/* test_keys.c: master-key rotation (app/keys.h, issue 10 item 7). Acceptance: data sealed before
 * a rotation stays readable during (mixed versions) and after it, the old master can be retired
 * once no data key uses it (refused before), a copy of the key file without the new version
 * cannot open the re-wrapped keys, blind indexes keep working, an interrupted rotation resumes,
 * and the key file stays 0600 without the retired master. Fictional data; assertion messages
 * never print names or key material. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/keys.h"
#include "core/config.h"
#include "core/crypto.h"
#include "store/store.h"

#define N_PERSONS 3

static char dir[64];
static struct config cfg;

static const char *const names[N_PERSONS] = {"Testpersoon Een", "Testpersoon Twee",
                                             "Testpersoon Drie"};
static const char *const bsns[N_PERSONS] = {"123456782", "111222333", "999999990"};

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/regie-keys-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    config_defaults(&cfg);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s/data", dir);
    cr_assert_eq(app_init_datadir(&cfg, NULL), 0);
}

static void teardown(void)
{
    static const char *const files[] = {
        "data/regie.db",      "data/regie.db-wal",      "data/regie.db-shm",      "data/regie.key",
        "data/regie.key.new", "data/audit-signing.key", "data/audit-signing.pub", "old.key",
        "data/regie-keys.db", "data/regie-keys.db-wal", "data/regie-keys.db-shm"};
    char p[160];
    for (size_t i = 0; i < ARRAY_LEN(files); i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof(p), "%s/data", dir);
    rmdir(p);
    rmdir(dir);
}

static void key_path(char *out, size_t cap)
{
    cr_assert_eq(app_path(&cfg, APP_KEY_FILE, out, cap), 0);
}

static void read_file(const char *p, char *out, size_t cap)
{
    FILE *f = fopen(p, "r");
    cr_assert_not_null(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
}

static void copy_file(const char *from, const char *to)
{
    char buf[4096];
    read_file(from, buf, sizeof(buf));
    FILE *f = fopen(to, "wx");
    cr_assert_not_null(f);
    cr_assert_eq(chmod(to, 0600), 0);
    cr_assert_eq(fputs(buf, f) >= 0, true);
    cr_assert_eq(fclose(f), 0);
}

/* Opens the database with the keyring of key file kp. */
static void open_with(const char *kp, struct keyring **kr, struct store **st)
{
    char db[CONFIG_PATH_MAX + 32];
    cr_assert_eq(app_path(&cfg, APP_DB_FILE, db, sizeof(db)), 0);
    cr_assert_eq(keyring_load(kp, kr, NULL), 0);
    struct store_cfg sc = {.db_path = db, .keys = *kr};
    cr_assert_eq(store_open(&sc, st, NULL), 0);
}

static void create_persons(int64_t ids[N_PERSONS])
{
    char kp[CONFIG_PATH_MAX + 32];
    struct keyring *kr = NULL;
    struct store *st = NULL;
    key_path(kp, sizeof(kp));
    open_with(kp, &kr, &st);
    for (size_t i = 0; i < N_PERSONS; i++) {
        int64_t gid = 0;
        struct store_person_in in = {.name = {names[i], strlen(names[i])},
                                     .birth_date = {"2008-04-01", 10},
                                     .bsn = {bsns[i], 9}};
        cr_assert_eq(store_group_new(st, &gid, NULL), 0);
        cr_assert_eq(store_person_create(st, gid, &in, &ids[i], NULL), 0);
    }
    store_close(st);
    keyring_free(kr);
}

/* Every person reads back equal with the key file kp, and the BSN blind index still finds it. */
static void expect_readable(const char *kp, const int64_t ids[N_PERSONS])
{
    struct keyring *kr = NULL;
    struct store *st = NULL;
    struct store_person p;
    open_with(kp, &kr, &st);
    for (size_t i = 0; i < N_PERSONS; i++) {
        cr_assert_eq(store_person_get(st, ids[i], &p, NULL), 0, "person %zu unreadable", i);
        cr_expect(p.name_len == strlen(names[i]) && memcmp(p.name, names[i], p.name_len) == 0,
                  "person %zu: name differs", i);
        cr_expect_str_eq(p.bsn, bsns[i]);
        store_person_wipe(&p);
        int64_t found[4];
        size_t nf = 0;
        cr_assert_eq(store_person_find_by_bsn(st, (struct str){bsns[i], 9}, found, 4, &nf, NULL),
                     0);
        bool hit = false;
        for (size_t k = 0; k < nf; k++)
            hit = hit || found[k] == ids[i];
        cr_expect(hit, "blind index lost person %zu", i);
    }
    store_close(st);
    keyring_free(kr);
}

static int64_t live_at(const struct keys_status *s, unsigned v)
{
    for (size_t i = 0; i < s->n_used; i++)
        if (s->used_version[i] == v)
            return s->used_live[i];
    return 0;
}

TestSuite(keys, .init = setup, .fini = teardown);

Test(keys, rotate_keeps_old_ciphertexts_readable_and_retires_the_old_key)
{
    int64_t ids[N_PERSONS];
    char kp[CONFIG_PATH_MAX + 32], old_kp[CONFIG_PATH_MAX + 32];
    char old_text[4096], new_text[4096];
    struct keys_rotate_out r;
    struct keys_status s;
    struct err e;

    key_path(kp, sizeof(kp));
    snprintf(old_kp, sizeof(old_kp), "%s/old.key", dir);
    create_persons(ids);
    copy_file(kp, old_kp); /* a backup of the key file from before the rotation */
    expect_readable(kp, ids);

    /* An interrupted rotation: the new version exists, one batch of one key was re-wrapped. */
    cr_assert_eq(keys_rotate(&cfg, 1, 1, &r, NULL), 0);
    cr_expect(r.created);
    cr_expect_eq(r.version, 2);
    cr_expect_eq(r.rewrapped, 1);
    cr_expect_eq(r.remaining, N_PERSONS - 1);
    cr_assert_eq(keys_status(&cfg, &s, NULL), 0);
    cr_expect_eq(s.current, 2);
    cr_expect_eq(s.n_versions, 2);
    cr_expect_eq(live_at(&s, 1), N_PERSONS - 1);
    cr_expect_eq(live_at(&s, 2), 1);
    expect_readable(kp, ids); /* mixed versions: both readable */

    /* Retiring the old version is refused while keys still use it; nothing changes. */
    err_clear(&e);
    cr_assert_eq(keys_retire(&cfg, 1, &e), ERR_CONFLICT);
    cr_assert_eq(keys_status(&cfg, &s, NULL), 0);
    cr_expect_eq(s.n_versions, 2);

    /* The next run resumes (no third version) and finishes. */
    cr_assert_eq(keys_rotate(&cfg, 500, 0, &r, NULL), 0);
    cr_expect(!r.created);
    cr_expect_eq(r.version, 2);
    cr_expect_eq(r.rewrapped, N_PERSONS - 1);
    cr_expect_eq(r.remaining, 0);
    expect_readable(kp, ids);

    /* Now the old master can go; the current one and unknown ones cannot. */
    cr_assert_eq(keys_retire(&cfg, 2, NULL), ERR_CONFLICT);
    cr_assert_eq(keys_retire(&cfg, 7, NULL), ERR_NOTFOUND);
    cr_assert_eq(keys_retire(&cfg, 1, NULL), 0);
    cr_assert_eq(keys_status(&cfg, &s, NULL), 0);
    cr_expect_eq(s.n_versions, 1);
    cr_expect_eq(s.versions[0], 2);
    cr_expect_eq(live_at(&s, 2), N_PERSONS);
    expect_readable(kp, ids);

    /* The key file: 0600, and the old master's line is gone from it. */
    struct stat sb;
    cr_assert_eq(stat(kp, &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0600);
    read_file(old_kp, old_text, sizeof(old_text));
    read_file(kp, new_text, sizeof(new_text));
    const char *m = strstr(old_text, "master ");
    cr_assert_not_null(m);
    char old_b64[64] = {0};
    cr_assert_eq(sscanf(m, "master %63s", old_b64), 1);
    cr_expect_null(strstr(new_text, old_b64), "retired master still in the key file");
    crypto_wipe(old_b64, sizeof(old_b64));

    /* The pre-rotation key file cannot open any re-wrapped key. */
    struct keyring *kr = NULL;
    struct store *st = NULL;
    struct store_person p;
    open_with(old_kp, &kr, &st);
    for (size_t i = 0; i < N_PERSONS; i++)
        cr_expect_eq(store_person_get(st, ids[i], &p, NULL), ERR_CRYPTO, "person %zu opened", i);
    /* and a server still running with it cannot add keys under the retired version */
    int64_t gid = 0;
    cr_expect_neq(store_group_new(st, &gid, NULL), 0);
    store_close(st);
    keyring_free(kr);

    /* New data after the rotation uses version 2; a second rotation makes version 3. */
    int64_t more[N_PERSONS];
    create_persons(more);
    cr_assert_eq(keys_rotate(&cfg, 2, 0, &r, NULL), 0);
    cr_expect(r.created);
    cr_expect_eq(r.version, 3);
    cr_expect_eq(r.rewrapped, 2 * N_PERSONS);
    cr_assert_eq(keys_retire(&cfg, 2, NULL), 0);
    expect_readable(kp, ids);
    expect_readable(kp, more);
}

Test(keys, destroyed_keys_are_left_alone_and_bad_batch_is_refused)
{
    int64_t ids[N_PERSONS];
    char kp[CONFIG_PATH_MAX + 32];
    struct keys_rotate_out r;
    struct keys_status s;
    struct keyring *kr = NULL;
    struct store *st = NULL;
    struct store_person p;
    struct err e;

    key_path(kp, sizeof(kp));
    create_persons(ids);
    open_with(kp, &kr, &st);
    cr_assert_eq(store_person_get(st, ids[0], &p, NULL), 0);
    int64_t gid = p.group_id;
    store_person_wipe(&p);
    cr_assert_eq(store_group_destroy(st, gid, NULL), 0);
    store_close(st);
    keyring_free(kr);

    err_clear(&e);
    cr_assert_eq(keys_rotate(&cfg, 0, 0, &r, &e), ERR_INVAL);
    cr_assert_eq(keys_rotate(&cfg, 1001, 0, &r, NULL), ERR_INVAL);
    cr_assert_eq(keys_status(&cfg, &s, NULL), 0);
    cr_expect_eq(s.n_versions, 1); /* refused: nothing rotated */
    cr_assert_eq(keys_rotate(&cfg, 10, 0, &r, NULL), 0);
    cr_expect_eq(r.rewrapped, N_PERSONS - 1);
    cr_assert_eq(keys_status(&cfg, &s, NULL), 0);
    cr_expect_eq(s.destroyed, 1);
    cr_expect_eq(live_at(&s, 1), 0);
    cr_assert_eq(keys_retire(&cfg, 1, NULL), 0);
    open_with(kp, &kr, &st);
    cr_expect_eq(store_person_get(st, ids[0], &p, NULL), ERR_CRYPTO); /* still shredded */
    cr_expect_eq(store_person_get(st, ids[1], &p, NULL), 0);
    store_person_wipe(&p);
    store_close(st);
    keyring_free(kr);
}

/* Writes fmt to p with every '@' replaced by the base64 of 32 zero bytes, mode 0600. */
static void write_key_text(const char *p, const char *fmt)
{
    static const char K32[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    for (const char *c = fmt; *c; c++) {
        if (*c == '@')
            fputs(K32, f);
        else
            fputc(*c, f);
    }
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(chmod(p, 0600), 0);
}

Test(keys, v2_key_file_format_is_checked)
{
    char p[160];
    struct keyring *kr = NULL;
    static const char *const bad[] = {
        "regie-key v2\nkey-version 3\nindex @\nlog @\nsign @\nmaster 2 @\n",    /* no current */
        "regie-key v2\nkey-version 2\nlog @\nsign @\nmaster 2 @\nmaster 3 @\n", /* no index */
        "regie-key v2\nkey-version 2\nindex @\nlog @\nsign @\nmaster 2 @\nmaster 2 @\n",
        "regie-key v2\nkey-version 2\nindex @\nlog @\nsign @\nmaster 0 @\nmaster 2 @\n",
        "regie-key v2\nindex @\nlog @\nsign @\nmaster 1 @\n", /* no key-version */
        "regie-key v1\nkey-version 2\nindex @\nlog @\nsign @\nmaster @\n",
        "regie-key v1\nmaster @\nmaster @\n",
    };
    snprintf(p, sizeof(p), "%s/old.key", dir);
    write_key_text(p, "regie-key v2\nkey-version 3\nindex @\nlog @\nsign @\nmaster 2 @\n"
                      "master 3 @\n");
    cr_assert_eq(keyring_load(p, &kr, NULL), 0);
    cr_expect_eq(keyring_key_version(kr), 3);
    cr_expect(keyring_has_version(kr, 2) && keyring_has_version(kr, 3) &&
              !keyring_has_version(kr, 1));
    keyring_free(kr);
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        write_key_text(p, bad[i]);
        cr_expect_eq(keyring_load(p, &kr, NULL), ERR_INVAL, "bad key file %zu accepted", i);
        cr_expect_null(kr);
    }
}
