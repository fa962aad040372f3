/* keys.h: master-key rotation (issue 10 item 7, docs/crypto-inventory.md). Operator tasks of the
 * `regie keys` command: they act on the key file in the data directory, so whoever may run them
 * already holds every key; there is no HTTP route and no policy row (like `regie audit
 * retention`). They read and write only wrapped data keys, never personal data, so they write no
 * access-log records; the operational log gets counts only, never key material.
 *
 * Only the wrap sub-key rotates. Blind indexes, access-log pseudonyms and the other "regieidx" /
 * "regielog" uses keep their keys (pinned in the key file at the first rotation), because they are
 * searched. Run `regie keys rotate` with `regie serve` stopped, or restart serve right after: a
 * server reads the key file only at start. */
#ifndef REGIE_APP_KEYS_H
#define REGIE_APP_KEYS_H

#include "core/common.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/err.h"

#define KEYS_BATCH_DEFAULT 500

struct keys_status {
    unsigned current;                               /* current master version */
    unsigned versions[CRYPTO_KEYRING_MAX_VERSIONS]; /* versions in the key file */
    size_t n_versions;
    unsigned used_version[CRYPTO_KEYRING_MAX_VERSIONS + 8]; /* versions live data keys use */
    int64_t used_live[CRYPTO_KEYRING_MAX_VERSIONS + 8];     /* live data keys per used version */
    size_t n_used;
    int64_t destroyed; /* destroyed (shredded) data keys */
};

/* Key versions in the key file and live data keys per version. Errors: as keyring_load, ERR_DB. */
int keys_status(const struct config *cfg, struct keys_status *out, struct err *e) WUR;

struct keys_rotate_out {
    bool created;      /* a new master version was made (false: an interrupted run was resumed) */
    unsigned version;  /* the current version afterwards */
    int64_t rewrapped; /* data keys re-wrapped by this run */
    int64_t remaining; /* live data keys still under another version (0 when complete) */
};

/* Rotates: when every live data key already uses the current version, adds a new master version
 * to the key file (crypto_keyfile_rotate); otherwise resumes an interrupted rotation. Then
 * re-wraps every live data key under the current version, `batch` (1..1000) keys per
 * transaction, so an interruption leaves each key either old or new, both readable. max_batches
 * 0 = until done; n > 0 stops after n batches (tests use it to simulate an interruption).
 * Errors: as keyring_load and crypto_keyfile_rotate, ERR_INVAL (batch), ERR_CRYPTO (a data key
 * under a version missing from the key file), ERR_DB. */
int keys_rotate(const struct config *cfg, size_t batch, size_t max_batches,
                struct keys_rotate_out *out, struct err *e) WUR;

/* Retires master version `version`: refuses (ERR_CONFLICT, with the count) while any live data
 * key still uses it; otherwise records it as retired in the database (triggers refuse new keys
 * under it) and removes it from the key file, both under the database write lock. Errors:
 * ERR_NOTFOUND (not in the key file), ERR_CONFLICT (in use, or the current version), ERR_IO,
 * ERR_DB. */
int keys_retire(const struct config *cfg, unsigned version, struct err *e) WUR;

#endif
