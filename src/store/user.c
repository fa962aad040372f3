/* user.c: users, factors, sessions and login throttling (see store/user.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/store_int.h"
#include "store/user.h"

#define T_USER "app_user"
/* The columns user_row reads, each prefixed with P ("" or a table alias and a dot). */
#define USER_COLS_OF(P)                                                                            \
    P "id, " P "org_id, " P "group_id, " P "username, " P "display_name, " P "roles, " P           \
    "status, " P "pw_hash, CASE WHEN " P "totp_ct IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN " P      \
    "totp_pending_ct IS NOT NULL THEN 1 ELSE 0 END, " P "totp_last_counter, " P "activation_hash, " \
    P "activation_expires, " P "deputy_of, " P "factors_changed_at, " P "created_at, " P           \
    "updated_at, " P "demo"
#define USER_COLS USER_COLS_OF("")
#define USER_NCOLS 18

static const char SQL_USER_INSERT[] =
    "INSERT INTO app_user(org_id, group_id, username, display_name, roles, status, "
    "activation_hash, activation_expires, factors_changed_at, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, 'wacht_op_activatie', ?6, ?7, ?8, ?8, ?8) RETURNING id";
static const char SQL_USER_GET[] = "SELECT " USER_COLS " FROM app_user WHERE id = ?1";
static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLS " FROM app_user WHERE username = ?1";
static const char SQL_USER_LIST[] = "SELECT " USER_COLS " FROM app_user ORDER BY username";
static const char SQL_USER_STATUS[] =
    "UPDATE app_user SET status = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_USER_RESET[] =
    "UPDATE app_user SET status = 'wacht_op_activatie', pw_hash = NULL, totp_ct = NULL, "
    "totp_pending_ct = NULL, activation_hash = ?2, activation_expires = ?3, "
    "factors_changed_at = ?4, updated_at = ?4 WHERE id = ?1";
static const char SQL_USER_PASSWORD[] =
    "UPDATE app_user SET pw_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_USER_PENDING_TOTP[] =
    "UPDATE app_user SET totp_pending_ct = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_USER_TOTP_GET[] =
    "SELECT group_id, totp_ct, totp_pending_ct FROM app_user WHERE id = ?1";
static const char SQL_USER_ACTIVATE[] =
    "UPDATE app_user SET totp_ct = ?4, totp_pending_ct = NULL, "
    "activation_hash = NULL, activation_expires = NULL, status = 'actief', "
    "totp_last_counter = ?2, factors_changed_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND totp_pending_ct IS NOT NULL";
static const char SQL_USER_TOTP_USED[] =
    "UPDATE app_user SET totp_last_counter = ?2 WHERE id = ?1 AND totp_last_counter < ?2";
static const char SQL_USER_DEMO[] = "UPDATE app_user SET demo = 1 WHERE id = ?1 AND ?2 = 0";
static const char SQL_USER_DEPUTY[] =
    "UPDATE app_user SET deputy_of = ?2, updated_at = ?3 WHERE id = ?1";

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session(user_id, token_hash, created_at, last_seen_at, expires_at, client) "
    "VALUES (?1, ?2, ?3, ?3, ?4, ?5) RETURNING id";
/* A request's session, its user and the user's organisation in one statement (every
 * authenticated request asks: three statements before, ~1.5 us more). */
#define SESSION_NCOLS 6
static const char SQL_SESSION_IDENTITY[] =
    "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.client, "
    USER_COLS_OF("u.") ", " STORE__ORG_COLS_OF("o.") " FROM session s "
    "JOIN app_user u ON u.id = s.user_id JOIN organisation o ON o.id = u.org_id "
    "WHERE s.token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen_at = ?2 WHERE id = ?1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE id = ?1 AND user_id = ?2";
static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM session WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_TRIM[] =
    "DELETE FROM session WHERE user_id = ?1 AND id NOT IN "
    "(SELECT id FROM session WHERE user_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2)";
static const char SQL_SESSION_LIST[] =
    "SELECT id, user_id, created_at, last_seen_at, expires_at, client FROM session "
    "WHERE user_id = ?1 ORDER BY created_at DESC, id DESC";

static const char SQL_ATTEMPT_ADD[] = "INSERT INTO login_attempt(key, at) VALUES (?1, ?2)";
static const char SQL_ATTEMPT_PRUNE[] = "DELETE FROM login_attempt WHERE key = ?1 AND at < ?2";
static const char SQL_ATTEMPT_COUNT[] =
    "SELECT count(*) FROM login_attempt WHERE key = ?1 AND at >= ?2";

static const char *const status_names[] = {NULL, "wacht_op_activatie", "actief", "geblokkeerd"};

const char *store_user_status_name(enum store_user_status s)
{
    return (s >= STORE_USER_PENDING && s <= STORE_USER_DISABLED) ? status_names[s] : NULL;
}

static int user_row(store_stmt *s, int base, struct store_user *u, struct err *e)
{
    int rc = 0;
    char status[32];
    memset(u, 0, sizeof(*u));
    u->id = store__col_i64(s, base + 0);
    u->org_id = store__col_i64(s, base + 1);
    u->group_id = store__col_i64(s, base + 2);
    rc = store__col_text(s, base + 3, u->username, sizeof(u->username), NULL, e);
    if (rc == 0)
        rc = store__col_text(s, base + 4, u->display_name, sizeof(u->display_name), NULL, e);
    if (rc == 0)
        rc = store__col_text(s, base + 6, status, sizeof(status), NULL, e);
    if (rc == 0)
        rc = store__col_text(s, base + 7, u->pw_hash, sizeof(u->pw_hash), NULL, e);
    if (rc != 0)
        return rc;
    u->roles = (uint32_t)store__col_i64(s, base + 5);
    for (int i = STORE_USER_PENDING; i <= STORE_USER_DISABLED; i++)
        if (strcmp(status, status_names[i]) == 0)
            u->status = (enum store_user_status)i;
    u->has_totp = store__col_int(s, base + 8) != 0;
    u->has_pending_totp = store__col_int(s, base + 9) != 0;
    u->totp_last_counter = store__col_i64(s, base + 10);
    const uint8_t *p;
    size_t n;
    bool isnull;
    store__col_blob(s, base + 11, &p, &n, &isnull);
    if (!isnull && n == sizeof(u->activation_hash)) {
        memcpy(u->activation_hash, p, n);
        u->has_activation = true;
    }
    u->activation_expires = store__col_i64(s, base + 12);
    u->deputy_of = store__col_i64(s, base + 13);
    u->factors_changed_at = store__col_i64(s, base + 14);
    u->created_at = store__col_i64(s, base + 15);
    u->updated_at = store__col_i64(s, base + 16);
    u->demo = store__col_int(s, base + 17) != 0;
    return u->status ? 0 : err_internal(e, ERR_DB, "user.status unknown");
}

int store_user_create(struct store *st, const struct store_user_in *in,
                      const uint8_t activation_hash[32], int64_t activation_expires,
                      int64_t *out_id, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    int64_t group = 0;
    bool sp = false;
    *out_id = 0;
    rc = store__check_name(in->username, STORE_USERNAME_MAX, "username", e);
    if (rc == 0)
        rc = store__check_name(in->display_name, STORE_DISPLAY_MAX, "display_name", e);
    if (rc != 0)
        goto out;
    rc = store__sp_begin(st, e);
    if (rc != 0)
        goto out;
    sp = true;
    rc = store_group_new(st, &group, e);
    if (rc != 0)
        goto out;
    int64_t now = clock_now_ms();
    rc = store__stmt(st, SQL_USER_INSERT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, in->org_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, group, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, in->username, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, in->display_name, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, (int64_t)in->roles, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 6, activation_hash, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, activation_expires, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, now, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "user.insert", e);
    if (rc == ERR_CONFLICT) {
        err_field(e, "username", "deze gebruikersnaam bestaat al");
        goto out;
    }
    if (rc == ERR_INVAL) {
        err_field(e, "org_id", "deze organisatie bestaat niet");
        goto out;
    }
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "user.insert returned no id");
        goto out;
    }
    *out_id = store__col_i64(s, 0);
    rc = store__step_done(st, s, "user.insert", e);
out:
    store__done(s);
    if (sp) {
        int rc2 = store__sp_end(st, rc == 0, e);
        if (rc == 0)
            rc = rc2;
    }
    return rc;
}

static int user_get(struct store *st, const char *sql, int64_t id, struct str name,
                    struct store_user *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, sql, &s, e);
    if (rc != 0)
        goto out;
    rc = name.p ? store__bind_text(st, s, 1, name, e) : store__bind_i64(st, s, 1, id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "user.get", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        memset(out, 0, sizeof(*out));
        rc = err_set(e, ERR_NOTFOUND, "gebruiker niet gevonden");
        goto out;
    }
    rc = user_row(s, 0, out, e);
out:
    store__done(s);
    return rc;
}

int store_user_get(struct store *st, int64_t id, struct store_user *out, struct err *e)
{
    return user_get(st, SQL_USER_GET, id, STR_NULL, out, e);
}

int store_user_get_by_username(struct store *st, struct str username, struct store_user *out,
                               struct err *e)
{
    if (username.p == NULL)
        username = STR_LIT("");
    return user_get(st, SQL_USER_BY_NAME, 0, username, out, e);
}

int store_user_list(struct store *st, struct store_user *out, size_t cap, size_t *out_n,
                    struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_n = 0;
    rc = store__stmt(st, SQL_USER_LIST, &s, e);
    while (rc == 0) {
        rc = store__step(st, s, "user.list", e);
        if (rc <= 0)
            break;
        if (*out_n >= cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel gebruikers voor één lijst");
            break;
        }
        rc = user_row(s, 0, &out[*out_n], e);
        if (rc == 0)
            (*out_n)++;
    }
    store__done(s);
    return rc;
}

/* Runs an UPDATE on app_user bound by the caller; ERR_NOTFOUND when no row changed. */
static int user_update(struct store *st, store_stmt *s, const char *op, struct err *e)
{
    int rc = store__step_done(st, s, op, e);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "gebruiker niet gevonden");
    return rc;
}

int store_user_set_status(struct store *st, int64_t id, enum store_user_status status,
                          struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const char *name = store_user_status_name(status);
    if (name == NULL)
        return err_field(e, "status", "onbekende status");
    rc = store__stmt(st, SQL_USER_STATUS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(name), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = user_update(st, s, "user.status", e);
    store__done(s);
    return rc;
}

int store_user_reset(struct store *st, int64_t id, const uint8_t activation_hash[32],
                     int64_t activation_expires, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_USER_RESET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, activation_hash, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, activation_expires, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
    if (rc == 0)
        rc = user_update(st, s, "user.reset", e);
    store__done(s);
    return rc;
}

int store_user_set_password(struct store *st, int64_t id, const char *pw_hash, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_USER_PASSWORD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(pw_hash), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = user_update(st, s, "user.password", e);
    store__done(s);
    return rc;
}

int store_user_set_pending_totp(struct store *st, int64_t id, const uint8_t *secret, size_t n,
                                struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    struct store_user u;
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t ct[STORE_TOTP_MAX + CRYPTO_SEAL_OVERHEAD];
    size_t ctn = 0;
    if (n == 0 || n > STORE_TOTP_MAX)
        return err_internal(e, ERR_INVAL, "totp secret length");
    rc = store_user_get(st, id, &u, e);
    if (rc == 0)
        rc = store__group_key(st, u.group_id, dk, e);
    if (rc == 0)
        rc = crypto_seal(dk, T_USER, "totp_pending_ct", id, secret, n, ct, sizeof(ct), &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc != 0)
        goto out;
    rc = store__stmt(st, SQL_USER_PENDING_TOTP, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, ct, ctn, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = user_update(st, s, "user.pending_totp", e);
out:
    store__done(s);
    return rc;
}

int store_user_get_totp(struct store *st, int64_t id, bool pending, uint8_t *out, size_t cap,
                        size_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    *out_n = 0;
    rc = store__stmt(st, SQL_USER_TOTP_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "user.totp", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "gebruiker niet gevonden");
        goto out;
    }
    int64_t group = store__col_i64(s, 0);
    const uint8_t *ct;
    size_t ctn;
    bool isnull;
    store__col_blob(s, pending ? 2 : 1, &ct, &ctn, &isnull);
    if (isnull) {
        rc = err_set(e, ERR_NOTFOUND, "geen tweede factor ingesteld");
        goto out;
    }
    rc = store__group_key(st, group, dk, e);
    if (rc == 0)
        rc = crypto_open(dk, T_USER, pending ? "totp_pending_ct" : "totp_ct", id, ct, ctn, out,
                         cap, out_n, e);
    crypto_wipe(dk, sizeof(dk));
out:
    store__done(s);
    return rc;
}

int store_user_activate(struct store *st, int64_t id, int64_t counter, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    uint8_t secret[STORE_TOTP_MAX], dk[CRYPTO_KEY_BYTES];
    uint8_t ct[STORE_TOTP_MAX + CRYPTO_SEAL_OVERHEAD];
    size_t n = 0, ctn = 0;
    struct store_user u;
    /* The pending secret was sealed for column totp_pending_ct; it is re-sealed for totp_ct so
     * each ciphertext stays bound to its own column. */
    rc = store_user_get(st, id, &u, e);
    if (rc == 0)
        rc = store_user_get_totp(st, id, true, secret, sizeof(secret), &n, e);
    if (rc == 0)
        rc = store__group_key(st, u.group_id, dk, e);
    if (rc == 0)
        rc = crypto_seal(dk, T_USER, "totp_ct", id, secret, n, ct, sizeof(ct), &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    crypto_wipe(secret, sizeof(secret));
    if (rc != 0)
        goto out;
    rc = store__stmt(st, SQL_USER_ACTIVATE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, counter, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 4, ct, ctn, e);
    if (rc == 0)
        rc = user_update(st, s, "user.activate", e);
out:
    store__done(s);
    return rc;
}

int store_user_totp_used(struct store *st, int64_t id, int64_t counter, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_USER_TOTP_USED, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, counter, e);
    if (rc == 0)
        rc = store__step_done(st, s, "user.totp_used", e);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_CONFLICT, "deze code is al gebruikt");
    store__done(s);
    return rc;
}

int store_user_set_deputy(struct store *st, int64_t id, int64_t deputy_of, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_USER_DEPUTY, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = deputy_of ? store__bind_i64(st, s, 2, deputy_of, e) : store__bind_null(st, s, 2, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = user_update(st, s, "user.deputy", e);
    store__done(s);
    return rc;
}

/* ---- sessions ---------------------------------------------------------------------------- */

static int session_row(store_stmt *s, struct store_session *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_i64(s, 0);
    out->user_id = store__col_i64(s, 1);
    out->created_at = store__col_i64(s, 2);
    out->last_seen_at = store__col_i64(s, 3);
    out->expires_at = store__col_i64(s, 4);
    return store__col_text(s, 5, out->client, sizeof(out->client), NULL, e);
}

int store_session_create(struct store *st, int64_t user_id, const uint8_t token_hash[32],
                         int64_t now, int64_t expires_at, struct str client, int64_t *out_id,
                         struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    if (client.n > STORE_CLIENT_MAX)
        client.n = STORE_CLIENT_MAX;
    rc = store__stmt(st, SQL_SESSION_INSERT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, user_id, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, token_hash, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, now, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, expires_at, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, client, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "session.insert", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "session.insert returned no id");
        goto out;
    }
    *out_id = store__col_i64(s, 0);
    rc = store__step_done(st, s, "session.insert", e);
out:
    store__done(s);
    return rc;
}

int store_session_identity(struct store *st, const uint8_t token_hash[32],
                           struct store_session *out, struct store_user *user,
                           struct store_org *org, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_SESSION_IDENTITY, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, token_hash, 32, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "session.identity", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "sessie niet gevonden");
        goto out;
    }
    rc = session_row(s, out, e);
    if (rc == 0)
        rc = user_row(s, SESSION_NCOLS, user, e);
    if (rc == 0)
        rc = store__org_row(s, SESSION_NCOLS + USER_NCOLS, org, e);
out:
    store__done(s);
    return rc;
}

static int exec_ids(struct store *st, const char *sql, const char *op, int64_t a, int64_t b,
                    bool need_change, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, a, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, b, e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    if (rc == 0 && need_change && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "niet gevonden");
    store__done(s);
    return rc;
}

int store_session_touch(struct store *st, int64_t id, int64_t now, struct err *e)
{
    return exec_ids(st, SQL_SESSION_TOUCH, "session.touch", id, now, false, e);
}

int store_session_delete(struct store *st, int64_t user_id, int64_t id, struct err *e)
{
    return exec_ids(st, SQL_SESSION_DELETE, "session.delete", id, user_id, true, e);
}

int store_session_delete_user(struct store *st, int64_t user_id, int64_t keep_id, struct err *e)
{
    return exec_ids(st, SQL_SESSION_DELETE_USER, "session.delete_user", user_id, keep_id, false, e);
}

int store_session_trim(struct store *st, int64_t user_id, size_t keep, struct err *e)
{
    return exec_ids(st, SQL_SESSION_TRIM, "session.trim", user_id, (int64_t)keep, false, e);
}

int store_session_list(struct store *st, int64_t user_id, struct store_session *out, size_t cap,
                       size_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_n = 0;
    rc = store__stmt(st, SQL_SESSION_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, user_id, e);
    while (rc == 0) {
        rc = store__step(st, s, "session.list", e);
        if (rc <= 0)
            break;
        if (*out_n >= cap) {
            rc = 0;
            break; /* the newest cap sessions are enough to show */
        }
        rc = session_row(s, &out[*out_n], e);
        if (rc == 0)
            (*out_n)++;
    }
    store__done(s);
    return rc;
}

int store_login_attempt_add(struct store *st, const uint8_t key[32], int64_t now, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_ATTEMPT_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, key, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, now, e);
    if (rc == 0)
        rc = store__step_done(st, s, "attempt.add", e);
    store__done(s);
    return rc;
}

int store_login_attempt_count(struct store *st, const uint8_t key[32], int64_t since,
                              int64_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_n = 0;
    rc = store__stmt(st, SQL_ATTEMPT_PRUNE, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, key, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, since, e);
    if (rc == 0)
        rc = store__step_done(st, s, "attempt.prune", e);
    store__done(s);
    s = NULL;
    if (rc != 0)
        return rc;
    rc = store__stmt(st, SQL_ATTEMPT_COUNT, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, key, 32, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, since, e);
    if (rc == 0)
        rc = store__step(st, s, "attempt.count", e);
    if (rc == 1) {
        *out_n = store__col_i64(s, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = err_internal(e, ERR_DB, "count returned no row");
    }
    store__done(s);
    return rc;
}

int store_user_mark_demo(struct store *st, int64_t id, struct err *e)
{
    return exec_ids(st, SQL_USER_DEMO, "user.demo", id, 0, true, e);
}
