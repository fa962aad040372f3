/* datakey.c: counting and re-wrapping the data keys for master-key rotation (datakey.h), in the
 * key vault (vault.c; st->vault). The batch is read first into a stack array and the statement
 * reset before any UPDATE, so the read cursor never sees its own writes; plain keys exist only
 * inside crypto_dk_rewrap. */
#include "core/common.h"

#include "core/clock.h"
#include "store/datakey.h"
#include "store/store_int.h"

/* Vault rows are live keys: a destroyed key's row is deleted. */
static const char SQL_DK_COUNT[] =
    "SELECT key_version, count(*) FROM vault_key GROUP BY key_version ORDER BY key_version";
static const char SQL_DK_DESTROYED[] =
    "SELECT count(*) FROM data_key WHERE destroyed_at IS NOT NULL";
static const char SQL_DK_STALE[] =
    "SELECT group_id, wrapped, key_version FROM vault_key "
    "WHERE key_version <> ?1 AND group_id > ?2 ORDER BY group_id LIMIT ?3";
static const char SQL_DK_REWRAP[] =
    "UPDATE vault_key SET wrapped = ?2, key_version = ?3 WHERE group_id = ?1 AND key_version = ?4";
static const char SQL_DK_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_DK_USED[] = "SELECT count(*) FROM vault_key WHERE key_version = ?1";
static const char SQL_DK_RETIRE[] =
    "INSERT INTO vault_retired(version, retired_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

/* The key vault connection, or ERR_INVAL. */
static int vault(struct store *st, struct store **out, struct err *e)
{
    *out = st->vault;
    return st->vault != NULL ? 0 : err_internal(e, ERR_INVAL, "store without key vault");
}

#define REWRAP_CHUNK 100 /* rows read per SELECT inside one batch */

int store_dk_count(struct store *st, struct store_dk_count *out, size_t cap, size_t *out_n,
                   int64_t *out_destroyed, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;

    struct store *vs = NULL;
    *out_n = 0;
    if (out_destroyed != NULL)
        *out_destroyed = 0;
    rc = vault(st, &vs, e);
    if (rc == 0)
        rc = store__stmt(vs, SQL_DK_COUNT, &s, e);
    if (rc != 0)
        goto out;
    for (;;) {
        rc = store__step(vs, s, "vault_key.count", e);
        if (rc <= 0)
            break;
        if (*out_n >= cap) {
            rc = err_internal(e, ERR_TOOBIG, "data_key.count: more than %zu versions", cap);
            goto out;
        }
        int64_t v = store__col_i64(s, 0);
        out[*out_n].key_version = (v >= 0 && v <= 255) ? (unsigned)v : 0u;
        out[*out_n].live = store__col_i64(s, 1);
        (*out_n)++;
    }
    if (rc < 0)
        goto out;
    store__done(s);
    s = NULL;
    rc = 0;
    if (out_destroyed != NULL) {
        rc = store__stmt(st, SQL_DK_DESTROYED, &s, e);
        if (rc == 0)
            rc = store__step(st, s, "data_key.destroyed", e);
        if (rc < 0)
            goto out;
        *out_destroyed = rc == 1 ? store__col_i64(s, 0) : 0;
        rc = 0;
    }
out:
    store__done(s);
    return rc;
}

struct stale {
    int64_t group_id;
    int64_t version;
    uint8_t wrapped[CRYPTO_DK_WRAPPED_BYTES];
    size_t wn;
};

/* Reads up to cap stale rows above after into rows. */
static int read_stale(struct store *st, unsigned current, int64_t after, struct stale *rows,
                      size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_n = 0;
    rc = store__stmt(st, SQL_DK_STALE, &s, e); /* st: the vault */
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)current, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, after, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, (int64_t)cap, e);
    if (rc != 0)
        goto out;
    for (;;) {
        rc = store__step(st, s, "vault_key.stale", e);
        if (rc <= 0)
            break;
        const uint8_t *w = NULL;
        size_t wn = 0;
        struct stale *r = &rows[*out_n];
        r->group_id = store__col_i64(s, 0);
        store__col_blob(s, 1, &w, &wn, NULL);
        r->version = store__col_i64(s, 2);
        r->wn = wn <= CRYPTO_DK_WRAPPED_BYTES ? wn : 0; /* not ours: rewrap refuses it */
        if (r->wn > 0)
            memcpy(r->wrapped, w, r->wn);
        (*out_n)++;
        if (*out_n >= cap)
            break;
    }
    if (rc > 0)
        rc = 0;
out:
    store__done(s);
    return rc;
}

int store_dk_rewrap_batch(struct store *st, size_t limit, int64_t *io_after, size_t *out_done,
                          struct err *e)
{
    int rc = 0;
    const struct keyring *kr = NULL;
    struct stale rows[REWRAP_CHUNK];
    size_t n = 0;
    uint8_t nw[CRYPTO_DK_WRAPPED_BYTES];
    size_t nwn = 0;
    store_stmt *s = NULL;
    struct store *vs = NULL;
    bool tx = false;

    *out_done = 0;
    if (limit < 1 || limit > STORE_DK_REWRAP_BATCH_MAX) {
        rc = err_internal(e, ERR_INVAL, "rewrap limit %zu", limit);
        goto out;
    }
    rc = store__keys(st, &kr, e);
    if (rc == 0)
        rc = vault(st, &vs, e);
    if (rc == 0)
        rc = store__begin_fresh(vs, SQL_DK_BEGIN, "vault.begin", e);
    if (rc != 0)
        goto out;
    tx = true;
    unsigned current = keyring_key_version(kr);
    while (*out_done < limit) {
        size_t want = limit - *out_done < REWRAP_CHUNK ? limit - *out_done : REWRAP_CHUNK;
        rc = read_stale(vs, current, *io_after, rows, want, &n, e);
        if (rc != 0 || n == 0)
            break;
        for (size_t i = 0; i < n; i++) {
            rc = crypto_dk_rewrap(kr, rows[i].group_id, rows[i].wrapped, rows[i].wn, nw, sizeof(nw),
                                  &nwn, e);
            if (rc != 0) {
                err_internal(e, rc, "rewrap: key of version %lld not usable",
                             (long long)rows[i].version);
                goto out;
            }
            rc = store__stmt(vs, SQL_DK_REWRAP, &s, e);
            if (rc == 0)
                rc = store__bind_i64(vs, s, 1, rows[i].group_id, e);
            if (rc == 0)
                rc = store__bind_blob(vs, s, 2, nw, nwn, e);
            if (rc == 0)
                rc = store__bind_i64(vs, s, 3, (int64_t)current, e);
            if (rc == 0)
                rc = store__bind_i64(vs, s, 4, rows[i].version, e);
            if (rc == 0)
                rc = store__step_done(vs, s, "vault_key.rewrap", e);
            store__done(s);
            s = NULL;
            if (rc != 0)
                goto out;
            *out_done += (size_t)store__changes(vs);
            *io_after = rows[i].group_id;
        }
        if (n < want)
            break;
    }
    if (rc == 0)
        rc = store_tx_commit(vs, e);
    if (rc == 0)
        tx = false;
out:
    store__done(s);
    if (tx) {
        (void)store_tx_rollback(vs, NULL);
        *out_done = 0;
    }
    crypto_wipe(rows, sizeof(rows));
    crypto_wipe(nw, sizeof(nw));
    return rc;
}

int store_dk_retire(struct store *st, unsigned version, int64_t *out_used, struct err *e)
{
    struct store *vs = NULL;
    store_stmt *s = NULL;
    bool tx = false;
    *out_used = 0;
    int rc = vault(st, &vs, e);
    if (rc == 0)
        rc = store__begin_fresh(vs, SQL_DK_BEGIN, "vault.begin", e);
    if (rc != 0)
        return rc;
    tx = true;
    rc = store__single_i64(vs, SQL_DK_USED, "vault_key.used", (int64_t)version, out_used, e);
    if (rc == 0 && *out_used > 0)
        rc = ERR_CONFLICT;
    if (rc == 0)
        rc = store__stmt(vs, SQL_DK_RETIRE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(vs, s, 1, (int64_t)version, e);
    if (rc == 0)
        rc = store__bind_i64(vs, s, 2, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(vs, s, "vault_retired.insert", e);
    store__done(s);
    if (rc == 0)
        rc = store_tx_commit(vs, e);
    if (rc == 0)
        tx = false;
    if (tx)
        (void)store_tx_rollback(vs, NULL);
    return rc;
}
