/* datakey.h: the data keys as a whole, for master-key rotation (app/keys.c,
 * docs/crypto-inventory.md): how many data keys each master version wraps, and re-wrapping them
 * under the keyring's current version in batches. The wrapped keys are in the key vault
 * (store/vault.c); no plain key ever leaves the store. Destroyed keys are gone from the vault:
 * there is nothing to re-wrap. The vault also holds keys reserved for groups not made yet (a
 * running server's pool, or orphans of a crash until swept); they are counted and re-wrapped like
 * the others, so no key under a retired version can be handed out later. */
#ifndef REGIE_STORE_DATAKEY_H
#define REGIE_STORE_DATAKEY_H

#include "store/store.h"

#define STORE_DK_REWRAP_BATCH_MAX 1000

struct store_dk_count {
    unsigned key_version;
    int64_t live;
};

/* Keys in the vault per key_version, ascending, into out[0..cap); *out_n rows; *out_destroyed:
 * number of destroyed groups (data_key.destroyed_at set; may be NULL). ERR_TOOBIG beyond cap,
 * ERR_DB. */
int store_dk_count(struct store *st, struct store_dk_count *out, size_t cap, size_t *out_n,
                   int64_t *out_destroyed, struct err *e) WUR;

/* Re-wraps up to `limit` (1..STORE_DK_REWRAP_BATCH_MAX) live data keys whose key_version differs
 * from the keyring's current version and whose group_id is above *io_after, in group_id order,
 * under the current version (crypto_dk_rewrap), setting key_version. Each UPDATE is guarded by
 * the old key_version, so a concurrent change is never overwritten. *io_after advances to the
 * last group id seen; *out_done: keys re-wrapped (0: nothing left above *io_after). One vault
 * transaction per call: all or nothing. Errors: ERR_INVAL (limit, no keyring or vault),
 * ERR_CRYPTO (a key wrapped under a version that is not in the keyring, or not authentic: nothing
 * of the batch should be committed), ERR_DB. */
int store_dk_rewrap_batch(struct store *st, size_t limit, int64_t *io_after, size_t *out_done,
                          struct err *e) WUR;

/* Under the vault's write lock: counts the keys under master version `version` (*out_used) and,
 * when there are none, records the version as retired (vault_retired): from then on the vault's
 * triggers refuse any key inserted or re-wrapped under it (a server still running with the old
 * key file fails closed instead of writing keys nobody can unwrap later). Idempotent.
 * ERR_CONFLICT (keys still use it; nothing recorded), ERR_DB. */
int store_dk_retire(struct store *st, unsigned version, int64_t *out_used, struct err *e) WUR;

#endif
