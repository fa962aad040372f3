/* datakey.h: the data_key table as a whole, for master-key rotation (app/keys.c,
 * docs/crypto-inventory.md): how many live data keys each master version wraps, and re-wrapping
 * them under the keyring's current version in batches. No plain key ever leaves the store; the
 * wrapped keys are only read here. Destroyed keys (destroyed_at set, wrapped empty) are left
 * alone: there is nothing to re-wrap. */
#ifndef REGIE_STORE_DATAKEY_H
#define REGIE_STORE_DATAKEY_H

#include "store/store.h"

#define STORE_DK_REWRAP_BATCH_MAX 1000

struct store_dk_count {
    unsigned key_version;
    int64_t live;
};

/* Live data keys (destroyed_at NULL) per key_version, ascending, into out[0..cap); *out_n rows;
 * *out_destroyed: number of destroyed keys (may be NULL). ERR_TOOBIG beyond cap, ERR_DB. */
int store_dk_count(struct store *st, struct store_dk_count *out, size_t cap, size_t *out_n,
                   int64_t *out_destroyed, struct err *e) WUR;

/* Re-wraps up to `limit` (1..STORE_DK_REWRAP_BATCH_MAX) live data keys whose key_version differs
 * from the keyring's current version and whose group_id is above *io_after, in group_id order,
 * under the current version (crypto_dk_rewrap), setting key_version. Each UPDATE is guarded by
 * the old key_version, so a concurrent change is never overwritten. *io_after advances to the
 * last group id seen; *out_done: keys re-wrapped (0: nothing left above *io_after). Run inside
 * store_tx_begin/commit for a batch-sized transaction. Errors: ERR_INVAL (limit, no keyring),
 * ERR_CRYPTO (a key wrapped under a version that is not in the keyring, or not authentic: nothing
 * of the batch should be committed), ERR_DB. */
int store_dk_rewrap_batch(struct store *st, size_t limit, int64_t *io_after, size_t *out_done,
                          struct err *e) WUR;

/* Records master version `version` as retired (table key_retired): from now on database triggers
 * refuse any data key inserted or re-wrapped under it (a server still running with the old key
 * file fails closed instead of writing keys nobody can unwrap later). Idempotent. ERR_DB. */
int store_dk_retire_mark(struct store *st, unsigned version, struct err *e) WUR;

#endif
