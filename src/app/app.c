/* app.c: application context: key file, database path and per-thread connections. */
#include "core/common.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/viewcache.h"
#include "audit/checkpoint.h"
#include "core/log.h"
#include "core/pwhash.h"
#include "policy/policy.h"
#include "store/store.h"

#define APP_MAX_CONNS 256

struct app {
    const struct config *cfg;
    struct keyring *keys;
    struct audit_signer signer;
    bool has_signer;
    struct writer *writer;
    char db_path[CONFIG_PATH_MAX + 32];
    pthread_key_t tls;
    pthread_mutex_t mu;
    struct store *conns[APP_MAX_CONNS];
    size_t n_conns;
    size_t n_opening; /* slots taken by app_store calls still connecting (under mu) */
    _Atomic uint64_t data_gen;  /* raised after every committed write (app_data_changed) */
    struct viewcache *views;    /* answers of expensive reads (viewcache.h); NULL: off */
};

int app_path(const struct config *cfg, const char *name, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", cfg->data_dir, name);
    return (n < 0 || (size_t)n >= cap) ? ERR_TOOBIG : 0;
}

int app_db(const struct config *cfg, char *out, size_t cap)
{
    if (cfg->database[0] == '\0')
        return app_path(cfg, APP_DB_FILE, out, cap);
    int n = snprintf(out, cap, "%s", cfg->database);
    return (n < 0 || (size_t)n >= cap) ? ERR_TOOBIG : 0;
}

static int open_store(const struct config *cfg, const char *db, const struct keyring *kr,
                      bool create, struct store **out, struct err *e)
{
    struct store_cfg sc = {
        .db_path = db,
        .keys = kr,
        .busy_timeout_ms = 10000,
        .cache_kib = cfg->db_cache_kib,
        .readonly = false,
        .create = create,
    };
    return store_open(&sc, out, e);
}

int app_init_datadir(const struct config *cfg, struct err *e)
{
    int rc = 0;
    char key[CONFIG_PATH_MAX + 32], db[CONFIG_PATH_MAX + 32];
    struct keyring *kr = NULL;
    struct store *st = NULL;
    if (app_path(cfg, APP_KEY_FILE, key, sizeof(key)) != 0 ||
        app_db(cfg, db, sizeof(db)) != 0)
        return err_field(e, "data_dir", "pad is te lang");
    if (mkdir(cfg->data_dir, 0700) != 0 && errno != EEXIST)
        return err_set(e, ERR_IO, "kan de datamap niet aanmaken");
    struct stat sb;
    if (stat(db, &sb) == 0)
        return err_set(e, ERR_CONFLICT, "de datamap bevat al een database; init overschrijft niets");
    rc = crypto_keyfile_create(key, e);
    if (rc != 0)
        goto out;
    char sig[CONFIG_PATH_MAX + 32], pub[CONFIG_PATH_MAX + 32];
    struct audit_verifier v;
    if (app_path(cfg, APP_SIGNING_KEY_FILE, sig, sizeof(sig)) != 0 ||
        app_path(cfg, APP_SIGNING_PUB_FILE, pub, sizeof(pub)) != 0)
        return err_field(e, "data_dir", "pad is te lang");
    rc = audit_key_generate_file(sig, APP_LOG_ORIGIN, &v, e);
    if (rc != 0)
        goto out;
    char vk[AUDIT_VERIFIER_KEY_MAX];
    rc = audit_verifier_format(&v, vk, sizeof(vk), e);
    if (rc != 0)
        goto out;
    FILE *pf = fopen(pub, "wx");
    bool wrote = pf != NULL && fprintf(pf, "%s\n", vk) >= 0;
    if (pf != NULL && fclose(pf) != 0) /* closed also when fprintf failed (gcc -fanalyzer) */
        wrote = false;
    if (!wrote) {
        rc = err_set(e, ERR_IO, "kan de publieke sleutel van het logboek niet schrijven");
        goto out;
    }
    rc = keyring_load(key, &kr, e);
    if (rc != 0)
        goto out;
    rc = open_store(cfg, db, kr, true, &st, e);
    if (rc != 0)
        goto out;
    int applied = 0;
    rc = store_migrate(st, &applied, e);
out:
    store_close(st);
    keyring_free(kr);
    return rc;
}

int app_open(const struct config *cfg, bool migrate, struct app **out, struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct app *a = calloc(1, sizeof(*a));
    if (a == NULL)
        return ERR_NOMEM;
    a->cfg = cfg;
    pthread_mutex_init(&a->mu, NULL);
    struct pwhash_params pp;
    pwhash_params_default(&pp);
    pp.ops = (unsigned long long)cfg->pwhash_ops;
    pp.mem = (size_t)cfg->pwhash_mem_kib * 1024;
    pp.concurrency = (unsigned)cfg->pwhash_concurrency;
    if (pwhash_configure(&pp, e) != 0) {
        pthread_mutex_destroy(&a->mu);
        free(a);
        return ERR_INVAL;
    }
    if (pthread_key_create(&a->tls, NULL) != 0) {
        pthread_mutex_destroy(&a->mu);
        free(a);
        return ERR_NOMEM;
    }
    a->views = viewcache_new((size_t)cfg->read_cache_kib * 1024); /* NULL: off (or no memory) */
    char key[CONFIG_PATH_MAX + 32];
    if (app_path(cfg, APP_KEY_FILE, key, sizeof(key)) != 0 ||
        app_db(cfg, a->db_path, sizeof(a->db_path)) != 0) {
        rc = err_field(e, "data_dir", "pad is te lang");
        goto out;
    }
    rc = keyring_load(key, &a->keys, e);
    if (rc != 0)
        goto out;
    char sig[CONFIG_PATH_MAX + 32];
    if (app_path(cfg, APP_SIGNING_KEY_FILE, sig, sizeof(sig)) != 0) {
        rc = err_field(e, "data_dir", "pad is te lang");
        goto out;
    }
    rc = audit_signer_load_file(sig, &a->signer, e);
    if (rc != 0)
        goto out;
    a->has_signer = true;
    rc = open_store(cfg, a->db_path, a->keys, false, &st, e);
    if (rc != 0)
        goto out;
    int applied = 0, version = 0;
    if (migrate) {
        rc = store_migrate(st, &applied, e);
        if (rc != 0)
            goto out;
    } else {
        rc = store_schema_version(st, &version, e);
        if (rc != 0)
            goto out;
        if (version != store_schema_latest()) {
            rc = err_set(e, ERR_CONFLICT, "het databaseschema is niet actueel; voer 'regie migrate' uit");
            goto out;
        }
    }
    if (applied > 0)
        log_info("store.migrated", "applied=%d", applied);
    /* This connection becomes the opening thread's. */
    a->conns[a->n_conns++] = st;
    pthread_setspecific(a->tls, st);
    st = NULL;
    *out = a;
    a = NULL;
out:
    store_close(st);
    app_close(a);
    return rc;
}

void app_close(struct app *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n_conns; i++)
        store_close(a->conns[i]);
    keyring_free(a->keys);
    if (a->has_signer)
        audit_signer_cleanup(&a->signer);
    viewcache_free(a->views);
    pthread_key_delete(a->tls);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

int app_store(struct app *a, struct store **out, struct err *e)
{
    struct store *st = pthread_getspecific(a->tls);
    if (st != NULL) {
        *out = st;
        return 0;
    }
    /* A slot is taken under the lock, the connection made outside it: opening one costs a few
     * milliseconds on PostgreSQL (connect, session settings, the vault's second connection), and
     * a burst of requests on fresh threads must not wait for each other's connects. */
    pthread_mutex_lock(&a->mu);
    bool full = a->n_conns + a->n_opening >= APP_MAX_CONNS;
    if (!full)
        a->n_opening++;
    pthread_mutex_unlock(&a->mu);
    if (full)
        return err_internal(e, ERR_UNAVAILABLE, "too many database connections");
    int rc = open_store(a->cfg, a->db_path, a->keys, false, &st, e);
    pthread_mutex_lock(&a->mu);
    a->n_opening--;
    if (rc == 0)
        a->conns[a->n_conns++] = st;
    pthread_mutex_unlock(&a->mu);
    if (rc != 0)
        return rc;
    pthread_setspecific(a->tls, st);
    *out = st;
    return 0;
}

int app_store_extra(struct app *a, struct store **out, struct err *e)
{
    return open_store(a->cfg, a->db_path, a->keys, false, out, e);
}

const struct keyring *app_keys(const struct app *a)
{
    return a->keys;
}

const struct config *app_config(const struct app *a)
{
    return a->cfg;
}

const struct audit_signer *app_signer(const struct app *a)
{
    return a->has_signer ? &a->signer : NULL;
}

struct writer *app_writer(const struct app *a)
{
    return a->writer;
}

void app_set_writer(struct app *a, struct writer *w)
{
    a->writer = w;
}

int app_vault_sweep(struct app *a, int64_t *out_n, struct err *e)
{
    struct store *st = NULL;
    int rc = app_store(a, &st, e);
    return rc != 0 ? rc : store_vault_sweep(st, out_n, e);
}

uint64_t app_data_gen(const struct app *a)
{
    return atomic_load(&a->data_gen);
}

void app_data_changed(struct app *a)
{
    atomic_fetch_add(&a->data_gen, 1);
}

struct viewcache *app_views(const struct app *a)
{
    return a->views;
}

/* The request snapshot of this thread (app_read_scope_begin) and the data generation read just
 * before it began. */
static __thread bool scope_on;
static __thread uint64_t scope_gen;
static __thread uint64_t scope_id, scope_count;

bool app_read_scope_begin(struct app *a)
{
    struct store *st = NULL;
    if (scope_on || app_store(a, &st, NULL) != 0)
        return false;
    scope_gen = app_data_gen(a); /* before the snapshot */
    scope_on = store_read_begin(st);
    scope_id = scope_on ? ++scope_count : 0;
    return scope_on;
}

uint64_t app_read_scope_id(void)
{
    return scope_on ? scope_id : 0;
}

void app_act_as(struct app *a, const struct actor *who)
{
    struct store *st = NULL;
    if (app_store(a, &st, NULL) != 0)
        return; /* no connection: nothing reads through it either */
    struct store_scope sc = {.all = true};
    if (who != NULL && policy_narrowed(who)) /* NULL: a public route, never narrowed */
        sc = (struct store_scope){.all = false, .org_id = who->org_id, .user_id = who->user_id};
    store_scope_set(st, &sc);
}

void app_act_for_region(struct app *a)
{
    app_act_as(a, NULL);
}

void app_read_scope_end(struct app *a, bool opened)
{
    struct store *st = NULL;
    if (!opened || !scope_on)
        return;
    scope_on = false;
    scope_id = 0;
    if (app_store(a, &st, NULL) == 0)
        store_read_end(st, true);
}

void app_read_scope_yield(struct app *a)
{
    struct store *st = NULL;
    if (scope_on && app_store(a, &st, NULL) == 0)
        store_read_yield(st);
}

uint64_t app_view_gen(const struct app *a)
{
    /* Within a request snapshot the data may be as old as its start: the generation of then is
     * never newer than the data read (an older one only makes a view stale sooner). */
    return scope_on ? scope_gen : app_data_gen(a);
}
