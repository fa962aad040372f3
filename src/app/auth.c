/* auth.c: login, sessions and activation (see auth.h). */
#include "core/common.h"

#include <ctype.h>

#include "app/access_log.h"
#include "app/auth.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/pwhash.h"
#include "core/totp.h"
#include "store/store.h"
#include "store/user.h"

static const char LOGIN_FAILED[] = "Gebruikersnaam, wachtwoord of code onjuist.";
static const char ACTIVATION_FAILED[] = "Gebruikersnaam of activeringscode onjuist of verlopen.";

/* Shape checks that do not depend on whether the account exists. */
static int check_login_shape(const struct app_login_in *in, struct err *e)
{
    if (in->username.n == 0 || in->username.n > STORE_USERNAME_MAX)
        err_field(e, "username", "vul uw gebruikersnaam in");
    if (in->password.n == 0 || in->password.n > PWHASH_PW_MAX_BYTES)
        err_field(e, "password", "vul uw wachtwoord in");
    bool digits = in->totp.n == 6;
    for (size_t i = 0; digits && i < in->totp.n; i++)
        digits = in->totp.p[i] >= '0' && in->totp.p[i] <= '9';
    if (!digits)
        err_field(e, "totp", "de verificatiecode bestaat uit 6 cijfers");
    return (e && e->n_fields) ? ERR_INVAL : 0;
}

static int username_key(struct app *a, struct str username, uint8_t out[32], struct err *e)
{
    char lower[STORE_USERNAME_MAX + 1];
    size_t n = username.n < STORE_USERNAME_MAX ? username.n : STORE_USERNAME_MAX;
    /* cppcheck-suppress knownConditionTrueFalse ; n is the caller's length, 0..64, not always 0 */
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)tolower((unsigned char)username.p[i]);
    return crypto_blind_index(app_keys(a), "login", lower, n, out, e);
}

/* Demo accounts only work while the server listens on loopback (a demo never faces a network). */
static bool listen_is_loopback(const char *listen)
{
    return strncmp(listen, "127.", 4) == 0 || strncmp(listen, "[::1]:", 6) == 0 ||
           strncmp(listen, "localhost:", 10) == 0;
}

static bool org_access_ok(const struct store_org *o)
{
    return o->status == STORE_ORG_GETEKEND && o->instrument != STORE_INSTR_GEEN;
}

/* Fills who from a user, its organisation and the session. */
static void fill_who_org(const struct store_user *u, const struct store_org *org,
                         const struct store_session *s, const struct config *cfg, int64_t now,
                         struct app_who *who)
{
    who->actor.user_id = u->id;
    who->actor.org_id = u->org_id;
    who->actor.roles = u->roles;
    who->actor.org_access_ok = org_access_ok(org);
    who->actor.municipal = org->kind == STORE_ORG_GEMEENTE;
    who->session_id = s->id;
    (void)str_copy(who->username, sizeof(who->username), u->username);
    (void)str_copy(who->display_name, sizeof(who->display_name), u->display_name);
    (void)str_copy(who->org_name, sizeof(who->org_name), org->name);
    who->org_kind = store_org_kind_name(org->kind);
    int64_t idle_end = s->last_seen_at + cfg->session_idle_s * 1000;
    int64_t end = idle_end < s->expires_at ? idle_end : s->expires_at;
    who->idle_left_s = (end - now) / 1000;
    who->absolute_left_s = (s->expires_at - now) / 1000;
}

/* fill_who_org with the organisation loaded. */
static int fill_who(struct store *st, const struct store_user *u, const struct store_session *s,
                    const struct config *cfg, int64_t now, struct app_who *who, struct err *e)
{
    struct store_org org;
    int rc = store_org_get(st, u->org_id, &org, e);
    if (rc == 0)
        fill_who_org(u, &org, s, cfg, now, who);
    return rc;
}

/* A failed login leaves a record too (NEN 7513: logins and failed logins). The claimed account
 * is the subject when it exists; an unknown username leaves a record without a subject. */
static int log_login_failed(struct app *a, const struct alog_req *rq, int64_t user_id,
                            int64_t org_id, struct err *e)
{
    struct alog_req r = *rq;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    r.actor.user_id = user_id;
    r.actor.org_id = org_id;
    if (user_id)
        alog_subject(a, "user", user_id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_LOGIN_FAILED, .outcome = AUDIT_OUT_DENIED,
                         .object_type = "session", .subject_type = "user",
                         .subjects = user_id ? (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj : NULL,
                         .n_subjects = user_id ? 1 : 0};
    struct err le;
    err_clear(&le);
    if (alog_write(a, &r, &ev, &le) != 0) {
        err_clear(e);
        return err_set(e, ERR_UNAVAILABLE, "%s", le.detail);
    }
    return 0;
}

struct login_tx {
    struct app *a;
    const struct alog_req *rq;
    const struct store_user *u;
    const struct config *cfg;
    int64_t now;
    struct str client;
    struct store_session *s;
    const uint8_t *hash;
};

static int login_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct login_tx *l = ctx;
    int rc = store_session_trim(st, l->u->id, (size_t)(l->cfg->max_sessions_per_user - 1), e);
    if (rc == 0)
        rc = store_session_create(st, l->u->id, l->hash, l->now, l->s->expires_at, l->client,
                                  &l->s->id, e);
    if (rc != 0)
        return rc;
    struct alog_req r = *l->rq;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    r.actor.user_id = l->u->id;
    r.actor.org_id = l->u->org_id;
    r.actor.roles = l->u->roles;
    alog_subject(l->a, "user", l->u->id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_LOGIN, .object_type = "session",
                         .subject_type = "user",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, &r, &ev, e);
}

int app_login(struct app *a, const struct app_login_in *in, const struct alog_req *rq,
              struct app_login_out *out, struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct store_user u;
    uint8_t key[32], secret[STORE_TOTP_MAX], raw[TOKEN_BYTES];
    size_t secret_n = 0;
    bool known = false;
    const struct config *cfg = app_config(a);
    memset(out, 0, sizeof(*out));
    memset(&u, 0, sizeof(u));

    rc = check_login_shape(in, e);
    if (rc != 0)
        goto out;
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = username_key(a, in->username, key, e);
    if (rc != 0)
        goto out;
    int64_t now = clock_now_ms();
    int64_t attempts = 0;
    rc = store_login_attempt_count(st, key, now - 3600 * 1000, &attempts, e);
    if (rc != 0)
        goto out;
    if (attempts >= cfg->login_per_hour) {
        rc = err_set(e, ERR_RATELIMIT,
                     "Te veel inlogpogingen voor dit account. Probeer het over een uur opnieuw.");
        goto out;
    }
    rc = store_login_attempt_add(st, key, now, e);
    if (rc != 0)
        goto out;
    rc = store_user_get_by_username(st, in->username, &u, NULL);
    known = rc == 0 && u.status == STORE_USER_ACTIVE && u.pw_hash[0] != '\0' && u.has_totp &&
            !(u.demo && !listen_is_loopback(cfg->listen));
    if (!known) {
        rc = pwhash_verify_dummy(in->password.p, in->password.n, e);
        if (rc != ERR_UNAVAILABLE) {
            rc = log_login_failed(a, rq, u.id, u.org_id, e);
            if (rc == 0)
                rc = err_set(e, ERR_UNAUTH, "%s", LOGIN_FAILED);
        }
        goto out;
    }
    rc = pwhash_verify(u.pw_hash, strlen(u.pw_hash), in->password.p, in->password.n, e);
    if (rc != 0) {
        if (rc != ERR_UNAVAILABLE) {
            rc = log_login_failed(a, rq, u.id, u.org_id, e);
            if (rc == 0)
                rc = err_set(e, ERR_UNAUTH, "%s", LOGIN_FAILED);
        }
        goto out;
    }
    rc = store_user_get_totp(st, u.id, false, secret, sizeof(secret), &secret_n, e);
    if (rc != 0)
        goto out;
    int64_t counter = 0;
    struct err te;
    err_clear(&te);
    rc = totp_verify(secret, secret_n, in->totp.p, in->totp.n, now, u.totp_last_counter, &counter,
                     &te);
    if (rc == 0)
        rc = store_user_totp_used(st, u.id, counter, &te); /* atomic: a replay loses the race */
    if (rc != 0) {
        rc = log_login_failed(a, rq, u.id, u.org_id, e);
        if (rc == 0)
            rc = err_set(e, ERR_UNAUTH, "%s", LOGIN_FAILED);
        goto out;
    }
    if (pwhash_needs_rehash(u.pw_hash, strlen(u.pw_hash))) {
        char h[PWHASH_STR_MAX];
        if (pwhash_hash(in->password.p, in->password.n, h, sizeof(h), NULL) == 0 &&
            store_user_set_password(st, u.id, h, NULL) == 0)
            log_info("auth.rehash", "user=%" PRId64, u.id);
    }
    /* New session: a fresh token every login (no fixation); at most N sessions per user. The
     * session and its login record commit together. */
    token_new(raw, out->token);
    token_hash(raw, out->who.session_hash);
    struct store_session s = {0};
    s.user_id = u.id;
    s.created_at = now;
    s.last_seen_at = now;
    s.expires_at = now + cfg->session_absolute_s * 1000;
    struct str client = in->client;
    if (client.n > STORE_CLIENT_MAX)
        client.n = STORE_CLIENT_MAX;
    if (!str_utf8_valid(client, false))
        client = STR_LIT("onbekend");
    struct login_tx lt = {a, rq, &u, cfg, now, client, &s, out->who.session_hash};
    rc = alog_run(a, login_fn, &lt, e);
    if (rc != 0)
        goto out;
    rc = fill_who(st, &u, &s, cfg, now, &out->who, e);
    log_info("auth.login", "user=%" PRId64 " session=%" PRId64, u.id, s.id);
out:
    crypto_wipe(secret, sizeof(secret));
    crypto_wipe(raw, sizeof(raw));
    if (rc != 0)
        crypto_wipe(out->token, sizeof(out->token));
    return rc;
}

int app_session_auth(struct app *a, struct str token, bool extend, struct app_who *who,
                     struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct store_session s;
    struct store_user u;
    struct store_org org;
    uint8_t raw[TOKEN_BYTES], hash[TOKEN_HASH_BYTES];
    const struct config *cfg = app_config(a);
    memset(who, 0, sizeof(*who));
    if (token.p == NULL || token_parse(token.p, token.n, raw) != 0)
        return err_set(e, ERR_UNAUTH, "U bent niet ingelogd of uw sessie is verlopen.");
    token_hash(raw, hash);
    crypto_wipe(raw, sizeof(raw));
    rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    /* the session, its user and their organisation in one statement */
    rc = store_session_identity(st, hash, &s, &u, &org, NULL);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_UNAUTH, "U bent niet ingelogd of uw sessie is verlopen.");
    if (rc != 0) /* a fault (out of memory, I/O) is no reason to log out */
        return err_internal(e, rc, "session lookup");
    int64_t now = clock_now_ms();
    bool expired = now >= s.expires_at || now - s.last_seen_at > cfg->session_idle_s * 1000;
    bool user_ok = u.status == STORE_USER_ACTIVE && u.factors_changed_at <= s.created_at;
    if (expired || !user_ok) {
        int drc = store_session_delete(st, s.user_id, s.id, NULL);
        (void)drc;
        return err_set(e, ERR_UNAUTH, "U bent niet ingelogd of uw sessie is verlopen.");
    }
    if (extend && now - s.last_seen_at >= AUTH_TOUCH_MIN_MS) {
        rc = store_session_touch(st, s.id, now, e);
        if (rc != 0)
            return rc;
        s.last_seen_at = now;
    }
    memcpy(who->session_hash, hash, sizeof(hash));
    fill_who_org(&u, &org, &s, cfg, now, who);
    return 0;
}

void app_session_csrf(struct app *a, const uint8_t session_hash[TOKEN_HASH_BYTES],
                      char out[TOKEN_STR_LEN + 1])
{
    uint8_t mac[32];
    if (crypto_blind_index(app_keys(a), "csrf", session_hash, TOKEN_HASH_BYTES, mac, NULL) != 0)
        memset(mac, 0, sizeof(mac)); /* cannot happen with a loaded keyring; never matches a
                                         parsed header because the server compares in full */
    /* base64url without padding, the same alphabet as session tokens */
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t j = 0;
    for (size_t i = 0; i < 32; i += 3) {
        uint32_t v = (uint32_t)mac[i] << 16;
        if (i + 1 < 32)
            v |= (uint32_t)mac[i + 1] << 8;
        if (i + 2 < 32)
            v |= mac[i + 2];
        out[j++] = b64[(v >> 18) & 63];
        out[j++] = b64[(v >> 12) & 63];
        if (i + 1 < 32)
            out[j++] = b64[(v >> 6) & 63];
        if (i + 2 < 32)
            out[j++] = b64[v & 63];
    }
    out[j] = '\0';
}

struct own_session_tx {
    struct app *a;
    const struct app_who *who;
    const struct alog_req *rq;
    enum audit_action action;
    int64_t session_id; /* 0: all but the current */
};

static int own_session_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct own_session_tx *o = ctx;
    int rc = o->session_id ? store_session_delete(st, o->who->actor.user_id, o->session_id, e)
                           : store_session_delete_user(st, o->who->actor.user_id,
                                                       o->who->session_id, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(o->a, "user", o->who->actor.user_id, subj[0]);
    struct alog_ev ev = {.action = o->action, .object_type = "session", .subject_type = "user",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, o->rq, &ev, e);
}

int app_logout(struct app *a, const struct app_who *who, const struct alog_req *rq, struct err *e)
{
    struct own_session_tx o = {a, who, rq, AUDIT_ACT_LOGOUT, who->session_id};
    return alog_run(a, own_session_fn, &o, e);
}

static int check(const struct app_who *who, const char *action, const char *object, struct err *e)
{
    struct policy_obj obj = {.subject_user_id = who->actor.user_id};
    if (policy_check(&who->actor, action, object, &obj, NULL) != 0)
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot deze gegevens.");
    return 0;
}

int app_sessions_list(struct app *a, const struct app_who *who, const struct alog_req *rq,
                      json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_session list[100];
    size_t n = 0;
    *out = NULL;
    int rc = check(who, "list", "session", e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_session_list(st, who->actor.user_id, list, ARRAY_LEN(list), &n, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(a, "user", who->actor.user_id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "session", .subject_type = "user",
                         .fields = "created_at,last_seen_at,client",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    *out_log = NULL;
    rc = alog_pending_new(a, rq, &ev, out_log, e);
    if (rc != 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char c[32], l[32];
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
                                             (json_int_t)list[i].id, "created_at",
                                             clock_fmt_utc(list[i].created_at, c, sizeof(c)),
                                             "last_seen_at",
                                             clock_fmt_utc(list[i].last_seen_at, l, sizeof(l)),
                                             "client", list[i].client, "current",
                                             list[i].id == who->session_id));
    }
    *out = arr;
    if (arr == NULL) {
        alog_pending_free(*out_log);
        *out_log = NULL;
        return ERR_NOMEM;
    }
    return 0;
}

int app_session_end(struct app *a, const struct app_who *who, const struct alog_req *rq,
                    int64_t id, struct err *e)
{
    int rc = check(who, "delete", "session", e);
    if (rc != 0)
        return rc;
    struct own_session_tx o = {a, who, rq, AUDIT_ACT_DELETE, id};
    rc = alog_run(a, own_session_fn, &o, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        err_set(e, ERR_NOTFOUND, "Deze sessie bestaat niet (meer).");
    }
    return rc;
}

int app_sessions_end_others(struct app *a, const struct app_who *who, const struct alog_req *rq,
                            struct err *e)
{
    int rc = check(who, "delete", "session", e);
    if (rc != 0)
        return rc;
    struct own_session_tx o = {a, who, rq, AUDIT_ACT_DELETE, 0};
    return alog_run(a, own_session_fn, &o, e);
}

/* Looks up a pending user by username and activation code; ERR_UNAUTH if anything is off. */
static int activation_user(struct app *a, struct store *st, struct str username, struct str code,
                           struct store_user *u, struct err *e)
{
    char norm[TOKEN_CODE_CHARS + 1];
    uint8_t h[32];
    int rc = store_user_get_by_username(st, username, u, NULL);
    bool ok = rc == 0 && u->status == STORE_USER_PENDING && u->has_activation &&
              u->activation_expires > clock_now_ms();
    /* Each step runs whether or not the user was found (no early return on !ok). */
    if (token_code_normalize(code.p ? code.p : "", code.n, norm) != 0 ||
        crypto_blind_index(app_keys(a), "activation", norm, TOKEN_CODE_CHARS, h, NULL) != 0 ||
        !crypto_eq(h, u->activation_hash, sizeof(h)))
        ok = false;
    return ok ? 0 : err_set(e, ERR_UNAUTH, "%s", ACTIVATION_FAILED);
}

struct activation_tx {
    struct app *a;
    const struct alog_req *rq;
    const struct store_user *u;
    const char *pw_hash;       /* step 1 */
    const uint8_t *secret;
    size_t secret_n;
    int64_t counter;           /* step 2 */
    int step;
};

static int activation_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct activation_tx *t = ctx;
    int rc = 0;
    if (t->step == 0) {
        rc = store_user_set_password(st, t->u->id, t->pw_hash, e);
        if (rc == 0)
            rc = store_user_set_pending_totp(st, t->u->id, t->secret, t->secret_n, e);
    } else {
        rc = store_user_activate(st, t->u->id, t->counter, e);
        if (rc == 0)
            rc = store_session_delete_user(st, t->u->id, 0, e);
    }
    if (rc != 0)
        return rc;
    struct alog_req r = *t->rq;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    r.actor.user_id = t->u->id;
    r.actor.org_id = t->u->org_id;
    r.actor.roles = t->u->roles;
    alog_subject(t->a, "user", t->u->id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_UPDATE, .object_type = "user", .subject_type = "user",
                         .fields = t->step == 0 ? "password,totp_pending" : "totp,status",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, &r, &ev, e);
}

int app_activation_start(struct app *a, const struct alog_req *rq, struct str username,
                         struct str code, struct str password, char *out_secret_b32, size_t secret_cap, char *out_uri, size_t uri_cap,
                         struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct store_user u;
    uint8_t secret[TOTP_SECRET_BYTES];
    char h[PWHASH_STR_MAX];
    size_t bn = 0;
    if (username.n == 0 || username.n > STORE_USERNAME_MAX)
        return err_field(e, "username", "vul uw gebruikersnaam in");
    if (code.n == 0 || code.n > 64)
        return err_field(e, "activation_code", "vul de activeringscode in");
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = activation_user(a, st, username, code, &u, e);
    if (rc != 0)
        return rc;
    struct store_org org;
    rc = store_org_get(st, u.org_id, &org, e);
    if (rc != 0)
        return rc;
    const char *ctx[] = {u.username, u.display_name, org.name};
    rc = pwhash_policy_check(password.p ? password.p : "", password.n, ctx, ARRAY_LEN(ctx), e);
    if (rc != 0)
        return rc;
    rc = pwhash_hash(password.p, password.n, h, sizeof(h), e);
    if (rc != 0)
        goto out;
    totp_secret_new(secret);
    struct activation_tx at = {a, rq, &u, h, secret, sizeof(secret), 0, 0};
    rc = alog_run(a, activation_fn, &at, e);
    if (rc != 0)
        goto out;
    rc = totp_base32_encode(secret, sizeof(secret), out_secret_b32, secret_cap, &bn);
    if (rc == 0)
        rc = totp_otpauth_uri(u.username, strlen(u.username), secret, sizeof(secret), out_uri,
                              uri_cap, e);
out:
    crypto_wipe(secret, sizeof(secret));
    crypto_wipe(h, sizeof(h));
    return rc;
}

int app_activation_confirm(struct app *a, const struct alog_req *rq, struct str username,
                           struct str code, struct str totp, struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct store_user u;
    uint8_t secret[STORE_TOTP_MAX];
    size_t n = 0;
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = activation_user(a, st, username, code, &u, e);
    if (rc != 0)
        return rc;
    if (!u.has_pending_totp || u.pw_hash[0] == '\0')
        return err_set(e, ERR_CONFLICT, "Kies eerst een wachtwoord (stap 1).");
    rc = store_user_get_totp(st, u.id, true, secret, sizeof(secret), &n, e);
    if (rc != 0)
        goto out;
    int64_t counter = 0;
    struct err te;
    err_clear(&te);
    rc = totp_verify(secret, n, totp.p ? totp.p : "", totp.n, clock_now_ms(), 0, &counter, &te);
    if (rc != 0) {
        rc = err_field(e, "totp", "de code klopt niet; controleer de tijd op uw telefoon");
        goto out;
    }
    struct activation_tx at = {a, rq, &u, NULL, NULL, 0, counter, 1};
    rc = alog_run(a, activation_fn, &at, e);
    if (rc != 0)
        goto out;
    log_info("auth.activated", "user=%" PRId64, u.id);
out:
    crypto_wipe(secret, sizeof(secret));
    return rc;
}

json_t *app_permissions(const struct actor *actor)
{
    json_t *arr = json_array();
    size_t n = policy_key_count();
    for (size_t i = 0; arr && i < n; i++) {
        const char *act, *obj;
        if (!policy_key_at(i, &act, &obj))
            continue;
        if (policy_scope(actor, act, obj) == 0)
            continue;
        char k[96];
        snprintf(k, sizeof(k), "%s.%s", act, obj);
        json_array_append_new(arr, json_string(k));
    }
    return arr;
}

struct pw_tx {
    struct app *a;
    const struct app_who *who;
    const struct alog_req *rq;
    const char *hash;
};

static int pw_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct pw_tx *p = ctx;
    int rc = store_user_set_password(st, p->who->actor.user_id, p->hash, e);
    if (rc == 0)
        rc = store_session_delete_user(st, p->who->actor.user_id, p->who->session_id, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(p->a, "user", p->who->actor.user_id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_UPDATE, .object_type = "user", .subject_type = "user",
                         .fields = "password",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, p->rq, &ev, e);
}

int app_password_change(struct app *a, const struct app_who *who, const struct alog_req *rq,
                        struct str current, struct str next, struct err *e)
{
    struct store *st = NULL;
    struct store_user u;
    struct store_org org;
    uint8_t key[32];
    char h[PWHASH_STR_MAX];
    int64_t attempts = 0;
    if (check(who, "update", "user", e) != 0)
        return ERR_FORBIDDEN;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, who->actor.user_id, &u, e);
    if (rc == 0)
        rc = store_org_get(st, u.org_id, &org, e);
    if (rc == 0)
        rc = username_key(a, str_from_cstr(u.username), key, e);
    int64_t now = clock_now_ms();
    if (rc == 0)
        rc = store_login_attempt_count(st, key, now - 3600 * 1000, &attempts, e);
    if (rc != 0)
        return rc;
    if (attempts >= app_config(a)->login_per_hour)
        return err_set(e, ERR_RATELIMIT, "Te veel pogingen. Probeer het over een uur opnieuw.");
    rc = store_login_attempt_add(st, key, now, e);
    if (rc != 0)
        return rc;
    if (current.n == 0 || current.n > PWHASH_PW_MAX_BYTES ||
        pwhash_verify(u.pw_hash, strlen(u.pw_hash), current.p, current.n, NULL) != 0) {
        /* A failed re-authentication is logged like a failed login (ASVS 16.3.1). */
        rc = log_login_failed(a, rq, u.id, u.org_id, e);
        if (rc != 0)
            return rc;
        return err_field(e, "current_password", "het huidige wachtwoord klopt niet");
    }
    if (str_eq(current, next))
        return err_field(e, "new_password", "kies een ander wachtwoord dan het huidige");
    const char *ctx[] = {u.username, u.display_name, org.name};
    rc = pwhash_policy_check(next.p ? next.p : "", next.n, ctx, ARRAY_LEN(ctx), e);
    if (rc != 0) {
        for (size_t i = 0; e != NULL && i < e->n_fields; i++)
            if (strcmp(e->fields[i].name, "password") == 0)
                snprintf(e->fields[i].name, sizeof(e->fields[i].name), "new_password");
        return rc;
    }
    rc = pwhash_hash(next.p, next.n, h, sizeof(h), e);
    if (rc != 0)
        return rc;
    struct pw_tx p = {a, who, rq, h};
    rc = alog_run(a, pw_fn, &p, e);
    crypto_wipe(h, sizeof(h));
    return rc;
}
