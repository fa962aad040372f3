/* auth.h: login (password + TOTP), sessions, account activation. Pure use-cases: no HTTP. The
 * HTTP layer passes what the client sent and gets back tokens and the caller's identity.
 *
 * Enumeration safety: every login failure (unknown user, wrong password, wrong or reused code,
 * disabled or not yet activated account) returns the same ERR_UNAUTH with the same detail, after
 * the same argon2id work (a dummy hash for unknown users). Throttling counts password
 * verifications per username (known or not) per hour. */
#ifndef REGIE_APP_AUTH_H
#define REGIE_APP_AUTH_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "core/str.h"
#include "core/token.h"
#include "policy/policy.h"

#define AUTH_ACTIVATION_TTL_MS (7LL * 24 * 3600 * 1000)
#define AUTH_TOUCH_MIN_MS 15000 /* last_seen_at is written at most every 15 s per session */

struct app_who {
    struct actor actor;
    int64_t session_id;
    uint8_t session_hash[TOKEN_HASH_BYTES];
    char username[65];
    char display_name[201];
    char org_name[201];
    const char *org_kind;     /* static */
    int64_t idle_left_s;
    int64_t absolute_left_s;
};

struct app_login_in {
    struct str username;
    struct str password;
    struct str totp;
    struct str client;        /* user agent, shown in "mijn sessies" (truncated) */
};

struct app_login_out {
    char token[TOKEN_STR_LEN + 1];
    struct app_who who;
};

/* Logs in. ERR_UNAUTH (generic), ERR_RATELIMIT, ERR_INVAL (shape of input: fields named),
 * ERR_UNAVAILABLE (too many concurrent hashes). On success the previous sessions beyond the
 * per-user limit are ended (oldest first). out->token must reach the client only in the cookie. */
int app_login(struct app *a, const struct app_login_in *in, const struct alog_req *rq,
              struct app_login_out *out, struct err *e) WUR;

/* Checks a session token: exists, not idle-expired, not past its absolute lifetime, user active,
 * factors unchanged since login. extend=true records activity (idle timer restarts). Fills who.
 * ERR_UNAUTH otherwise (an expired session is deleted). */
int app_session_auth(struct app *a, struct str token, bool extend, struct app_who *who,
                     struct err *e) WUR;

/* The CSRF token of a session: a keyed hash of the session's token hash (nothing stored). */
void app_session_csrf(struct app *a, const uint8_t session_hash[TOKEN_HASH_BYTES],
                      char out[TOKEN_STR_LEN + 1]);

/* Ends the caller's current session. */
int app_logout(struct app *a, const struct app_who *who, const struct alog_req *rq,
               struct err *e) WUR;

/* The caller's sessions as JSON array items {id, created_at, last_seen_at, client, current}. */
/* Its read record is prepared in *out_log: the caller submits it and answers once durable. */
int app_sessions_list(struct app *a, const struct app_who *who, const struct alog_req *rq,
                      json_t **out, struct alog_pending **out_log, struct err *e) WUR;

/* Ends one of the caller's sessions (ERR_NOTFOUND if not theirs), or all but the current one. */
int app_session_end(struct app *a, const struct app_who *who, const struct alog_req *rq,
                    int64_t id, struct err *e) WUR;
int app_sessions_end_others(struct app *a, const struct app_who *who, const struct alog_req *rq,
                            struct err *e) WUR;

/* Activation step 1: username + activation code + new password (policy-checked) → a new TOTP
 * secret (base32) and otpauth URI to show once. ERR_UNAUTH for a wrong/expired code. */
int app_activation_start(struct app *a, const struct alog_req *rq, struct str username,
                         struct str code, struct str password, char *out_secret_b32, size_t secret_cap, char *out_uri, size_t uri_cap,
                         struct err *e) WUR;

/* Activation step 2: confirms the TOTP with a first code; the account becomes active and all its
 * sessions end. ERR_UNAUTH for a wrong code or activation code. */
int app_activation_confirm(struct app *a, const struct alog_req *rq, struct str username,
                           struct str code, struct str totp, struct err *e) WUR;

/* Changes the caller's own password: the current one is verified (same throttle and work as a
 * login), the new one must pass the password policy; every other session of the user ends. */
int app_password_change(struct app *a, const struct app_who *who, const struct alog_req *rq,
                        struct str current, struct str next, struct err *e) WUR;

/* The function-level permissions of an actor as "action.object" strings (JSON array). */
json_t *app_permissions(const struct actor *actor);

#endif
