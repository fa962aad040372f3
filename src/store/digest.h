/* digest.h: the per-user settings of the daily e-mail digest (table user_digest, migration 14;
 * docs/operations.md "E-mail digest"). Same conventions as store.h. The address is personal data
 * of the user: it is sealed under the user's own data-key group (app_user.group_id, like the
 * TOTP secret) with AAD ("user_digest", "email_ct", user id), so destroying that group shreds
 * it. Included by app/ only. */
#ifndef REGIE_STORE_DIGEST_H
#define REGIE_STORE_DIGEST_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

struct store;

#define STORE_DIGEST_EMAIL_MAX 254

struct store_digest {
    int64_t user_id;
    bool enabled;
    bool has_email;
    char email[STORE_DIGEST_EMAIL_MAX + 1]; /* "" when none */
    int64_t last_sent_day;                  /* days since 1970-01-01; 0: never */
    int64_t updated_at;
};

/* The settings of a user: ERR_NOTFOUND (no detail) when the user never saved any. The address
 * is opened into out->email (the caller wipes out after use). */
int store_digest_get(struct store *st, int64_t user_id, struct store_digest *out,
                     struct err *e) WUR;
/* Creates or replaces the settings (enabled, address; email.n == 0: no address). last_sent_day
 * is kept. ERR_NOTFOUND when the user does not exist; ERR_INVAL for an address over the cap. */
int store_digest_set(struct store *st, int64_t user_id, bool enabled, struct str email,
                     struct err *e) WUR;
/* Users due for the digest of day: enabled, with an address, status actief, and last_sent_day
 * absent or before day; ordered by id. ERR_TOOBIG beyond cap (out holds the first cap). */
int store_digest_due(struct store *st, int64_t day, int64_t *out, size_t cap, size_t *out_n,
                     struct err *e) WUR;
/* Records that the digest of day went out to user_id. */
int store_digest_sent(struct store *st, int64_t user_id, int64_t day, struct err *e) WUR;

#endif
