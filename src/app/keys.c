/* keys.c: `regie keys status | rotate | retire` (keys.h). Each call opens its own keyring and
 * database connection from the data directory and closes them again; the key file is changed only
 * through core/crypto.c (atomic rewrite), the data keys only through store/datakey.c. */
#include "core/common.h"

#include "app/app.h"
#include "app/keys.h"
#include "core/log.h"
#include "store/datakey.h"
#include "store/store.h"

struct ctx {
    char key_path[CONFIG_PATH_MAX + 32];
    char db_path[CONFIG_PATH_MAX + 32];
    struct keyring *kr;
    struct store *st;
};

static void ctx_close(struct ctx *c)
{
    store_close(c->st);
    c->st = NULL;
    keyring_free(c->kr);
    c->kr = NULL;
}

/* (Re)loads the key file and opens the database with it. */
static int ctx_open(const struct config *cfg, struct ctx *c, struct err *e)
{
    int rc = 0;
    ctx_close(c);
    if (app_path(cfg, APP_KEY_FILE, c->key_path, sizeof(c->key_path)) != 0 ||
        app_db(cfg, c->db_path, sizeof(c->db_path)) != 0)
        return err_field(e, "data_dir", "pad is te lang");
    rc = keyring_load(c->key_path, &c->kr, e);
    if (rc != 0)
        return rc;
    struct store_cfg sc = {
        .db_path = c->db_path,
        .keys = c->kr,
        .busy_timeout_ms = 10000,
        .cache_kib = cfg->db_cache_kib,
        .readonly = false,
        .create = false,
    };
    rc = store_open(&sc, &c->st, e);
    int applied = 0;
    if (rc == 0)
        rc = store_migrate(c->st, &applied, e); /* key_retired must exist; no-op when current */
    return rc;
}

/* Live data keys under any version other than `current`. */
static int count_stale(struct store *st, unsigned current, int64_t *out, struct err *e)
{
    struct store_dk_count cnt[256];
    size_t n = 0;
    int rc = store_dk_count(st, cnt, ARRAY_LEN(cnt), &n, NULL, e);
    *out = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (cnt[i].key_version != current)
            *out += cnt[i].live;
    return rc;
}

int keys_status(const struct config *cfg, struct keys_status *out, struct err *e)
{
    struct ctx c = {0};
    struct store_dk_count cnt[CRYPTO_KEYRING_MAX_VERSIONS + 8];
    size_t n = 0;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    rc = ctx_open(cfg, &c, e);
    if (rc == 0)
        rc = crypto_keyfile_versions(c.key_path, out->versions, &out->n_versions, &out->current, e);
    if (rc == 0)
        rc = store_dk_count(c.st, cnt, ARRAY_LEN(cnt), &n, &out->destroyed, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        out->used_version[i] = cnt[i].key_version;
        out->used_live[i] = cnt[i].live;
    }
    if (rc == 0)
        out->n_used = n;
    ctx_close(&c);
    return rc;
}

int keys_rotate(const struct config *cfg, size_t batch, size_t max_batches,
                struct keys_rotate_out *out, struct err *e)
{
    struct ctx c = {0};
    int rc = 0;
    int64_t stale = 0;
    size_t batches = 0;

    memset(out, 0, sizeof(*out));
    if (batch < 1 || batch > STORE_DK_REWRAP_BATCH_MAX)
        return err_field(e, "batch", "batch moet 1..1000 zijn");
    rc = ctx_open(cfg, &c, e);
    if (rc == 0)
        rc = count_stale(c.st, keyring_key_version(c.kr), &stale, e);
    if (rc != 0)
        goto out;
    if (stale == 0) {
        unsigned v = 0;
        rc = crypto_keyfile_rotate(c.key_path, &v, e);
        if (rc == 0)
            rc = ctx_open(cfg, &c, e); /* the keyring with the new version as current */
        if (rc != 0)
            goto out;
        out->created = true;
        log_info("keys.rotated", "version=%u", v);
    } else {
        log_info("keys.resume", "version=%u stale=%lld", keyring_key_version(c.kr),
                 (long long)stale);
    }
    out->version = keyring_key_version(c.kr);
    /* Passes over the table in group-id order; a second pass catches keys a concurrent writer
     * added under an old version behind the cursor. */
    for (int pass = 0; pass < 3; pass++) {
        int64_t after = INT64_MIN;
        for (;;) {
            size_t done = 0;
            if (max_batches > 0 && batches >= max_batches)
                goto counted;
            int64_t before = after;
            rc = store_dk_rewrap_batch(c.st, batch, &after, &done, e); /* one vault transaction */
            if (rc != 0)
                goto out;
            batches++;
            out->rewrapped += (int64_t)done;
            if (after == before)
                break; /* nothing left above the cursor */
        }
        rc = count_stale(c.st, out->version, &stale, e);
        if (rc != 0 || stale == 0)
            break;
    }
counted:
    if (rc == 0)
        rc = count_stale(c.st, out->version, &out->remaining, e);
    log_info("keys.rewrapped", "version=%u rewrapped=%lld remaining=%lld", out->version,
             (long long)out->rewrapped, (long long)out->remaining);
out:
    ctx_close(&c);
    return rc;
}

int keys_retire(const struct config *cfg, unsigned version, struct err *e)
{
    struct ctx c = {0};
    unsigned versions[CRYPTO_KEYRING_MAX_VERSIONS];
    size_t nv = 0;
    unsigned current = 0;
    bool found = false;
    int64_t used = 0;
    int rc = ctx_open(cfg, &c, e);

    if (rc == 0)
        rc = crypto_keyfile_versions(c.key_path, versions, &nv, &current, e);
    if (rc != 0)
        goto out;
    for (size_t i = 0; i < nv; i++)
        found = found || versions[i] == version;
    if (!found) {
        rc = err_set(e, ERR_NOTFOUND, "masterversie %u staat niet in het sleutelbestand", version);
        goto out;
    }
    if (version == current) {
        rc = err_set(e, ERR_CONFLICT, "de huidige masterversie kan niet worden ingetrokken");
        goto out;
    }
    /* Counted and marked under the key vault's write lock: once marked, the vault's triggers
     * refuse any key under this version, so none can appear before the key file is rewritten. */
    rc = store_dk_retire(c.st, version, &used, e);
    if (rc == ERR_CONFLICT) {
        rc = err_set(e, ERR_CONFLICT,
                     "%lld gegevenssleutels gebruiken masterversie %u nog; voer eerst "
                     "'regie keys rotate' uit",
                     (long long)used, version);
        goto out;
    }
    if (rc == 0)
        rc = crypto_keyfile_retire(c.key_path, version, e);
    if (rc == 0)
        log_info("keys.retired", "version=%u", version);
out:
    ctx_close(&c);
    return rc;
}
