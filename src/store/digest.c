/* digest.c: the settings of the daily e-mail digest (see store/digest.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/digest.h"
#include "store/store_int.h"
#include "store/user.h"

#define T_DIGEST "user_digest"

static const char SQL_DIGEST_GET[] =
    "SELECT d.enabled, d.email_ct, d.last_sent_day, d.updated_at, u.group_id "
    "FROM user_digest d JOIN app_user u ON u.id = d.user_id WHERE d.user_id = ?1";
static const char SQL_DIGEST_SET[] =
    "INSERT INTO user_digest(user_id, enabled, email_ct, last_sent_day, updated_at) "
    "VALUES (?1, ?2, ?3, NULL, ?4) ON CONFLICT(user_id) DO UPDATE SET "
    "enabled = excluded.enabled, email_ct = excluded.email_ct, updated_at = excluded.updated_at";
static const char SQL_DIGEST_DUE[] =
    "SELECT d.user_id FROM user_digest d JOIN app_user u ON u.id = d.user_id "
    "WHERE d.enabled = 1 AND d.email_ct IS NOT NULL AND u.status = 'actief' "
    "AND (d.last_sent_day IS NULL OR d.last_sent_day < ?1) ORDER BY d.user_id";
static const char SQL_DIGEST_SENT[] =
    "UPDATE user_digest SET last_sent_day = ?2 WHERE user_id = ?1";

int store_digest_get(struct store *st, int64_t user_id, struct store_digest *out, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_DIGEST_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, user_id, e);
    if (rc == 0)
        rc = store__step(st, s, "digest.get", e);
    if (rc == 0)
        rc = ERR_NOTFOUND;
    if (rc < 0)
        goto out;
    rc = 0;
    out->user_id = user_id;
    out->enabled = store__col_int(s, 0) != 0;
    out->last_sent_day = store__col_i64(s, 2);
    out->updated_at = store__col_i64(s, 3);
    const uint8_t *ct;
    size_t ctn, n = 0;
    bool isnull;
    store__col_blob(s, 1, &ct, &ctn, &isnull);
    if (!isnull) {
        rc = store__group_key(st, store__col_i64(s, 4), dk, e);
        if (rc == 0)
            rc = crypto_open(dk, T_DIGEST, "email_ct", user_id, ct, ctn, (uint8_t *)out->email,
                             STORE_DIGEST_EMAIL_MAX, &n, e);
        crypto_wipe(dk, sizeof(dk));
        out->email[rc == 0 ? n : 0] = '\0';
        out->has_email = rc == 0;
    }
out:
    store__done(s);
    return rc;
}

int store_digest_set(struct store *st, int64_t user_id, bool enabled, struct str email,
                     struct err *e)
{
    store_stmt *s = NULL;
    struct store_user u;
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t ct[STORE_DIGEST_EMAIL_MAX + CRYPTO_SEAL_OVERHEAD];
    size_t ctn = 0;
    if (email.n > STORE_DIGEST_EMAIL_MAX)
        return err_field(e, "email", "hoogstens %d tekens", STORE_DIGEST_EMAIL_MAX);
    int rc = store_user_get(st, user_id, &u, e);
    if (rc == 0 && email.n > 0) {
        rc = store__group_key(st, u.group_id, dk, e);
        if (rc == 0)
            rc = crypto_seal(dk, T_DIGEST, "email_ct", user_id, (const uint8_t *)email.p, email.n,
                             ct, sizeof(ct), &ctn, e);
        crypto_wipe(dk, sizeof(dk));
    }
    if (rc == 0)
        rc = store__stmt(st, SQL_DIGEST_SET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, user_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, enabled ? 1 : 0, e);
    if (rc == 0)
        rc = email.n > 0 ? store__bind_blob(st, s, 3, ct, ctn, e) : store__bind_null(st, s, 3, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "digest.set", e);
    store__done(s);
    return rc;
}

int store_digest_due(struct store *st, int64_t day, int64_t *out, size_t cap, size_t *out_n,
                     struct err *e)
{
    return store__id_list(st, SQL_DIGEST_DUE, "digest.due", day, out, cap, out_n, e);
}

int store_digest_sent(struct store *st, int64_t user_id, int64_t day, struct err *e)
{
    return store__exec_ids(st, SQL_DIGEST_SENT, "digest.sent", user_id, day, 0, e);
}
