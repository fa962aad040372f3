/* user.h: users, their factors and sessions (store side). Included by store.h users: app/ only.
 * Conventions as store.h. The TOTP secret is personal security data: it is sealed under the
 * user's own data-key group (so destroying that group shreds it) with AAD ("user", column, id).
 * Passwords are stored only as argon2id strings; activation codes and session tokens only as
 * keyed or plain hashes. */
#ifndef REGIE_STORE_USER_H
#define REGIE_STORE_USER_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

struct store;

#define STORE_USERNAME_MAX 64
#define STORE_DISPLAY_MAX 200
#define STORE_PWHASH_MAX 128
#define STORE_TOTP_MAX 64
#define STORE_CLIENT_MAX 120

enum store_user_status {
    STORE_USER_PENDING = 1, /* wacht_op_activatie: has an activation code, no usable factors */
    STORE_USER_ACTIVE,      /* actief */
    STORE_USER_DISABLED,    /* geblokkeerd */
};

const char *store_user_status_name(enum store_user_status s);

struct store_user_in {
    int64_t org_id;
    struct str username;     /* 3..64 bytes [a-z0-9._-] (checked by the use-case) */
    struct str display_name; /* 1..200 bytes UTF-8 */
    uint32_t roles;          /* policy role bitmask, non-zero */
};

struct store_user {
    int64_t id;
    int64_t org_id;
    int64_t group_id;
    char username[STORE_USERNAME_MAX + 1];
    char display_name[STORE_DISPLAY_MAX + 1];
    uint32_t roles;
    enum store_user_status status;
    char pw_hash[STORE_PWHASH_MAX + 1]; /* "" when none */
    bool has_totp;
    bool has_pending_totp;
    int64_t totp_last_counter;
    uint8_t activation_hash[32];
    bool has_activation;
    int64_t activation_expires;
    int64_t deputy_of;       /* 0: none */
    int64_t factors_changed_at;
    bool demo;               /* a fictional demo account: refused unless serving on loopback */
    int64_t created_at;
    int64_t updated_at;
};

/* Creates a pending user with an activation code hash; makes the user's data-key group. */
int store_user_create(struct store *st, const struct store_user_in *in,
                      const uint8_t activation_hash[32], int64_t activation_expires,
                      int64_t *out_id, struct err *e) WUR;
int store_user_get(struct store *st, int64_t id, struct store_user *out, struct err *e) WUR;
int store_user_get_by_username(struct store *st, struct str username, struct store_user *out,
                               struct err *e) WUR;
/* All users ordered by username; ERR_TOOBIG past cap (out holds the first cap). */
int store_user_list(struct store *st, struct store_user *out, size_t cap, size_t *out_n,
                    struct err *e) WUR;
int store_user_set_status(struct store *st, int64_t id, enum store_user_status s,
                          struct err *e) WUR;
/* Reset: new activation code; password, TOTP and pending TOTP are cleared; status pending. */
int store_user_reset(struct store *st, int64_t id, const uint8_t activation_hash[32],
                     int64_t activation_expires, struct err *e) WUR;
int store_user_set_password(struct store *st, int64_t id, const char *pw_hash,
                            struct err *e) WUR;
/* Stores a pending (not yet confirmed) TOTP secret, sealed. */
int store_user_set_pending_totp(struct store *st, int64_t id, const uint8_t *secret, size_t n,
                                struct err *e) WUR;
/* Opens the active (pending=false) or pending TOTP secret into out[0..STORE_TOTP_MAX). */
int store_user_get_totp(struct store *st, int64_t id, bool pending, uint8_t *out, size_t cap,
                        size_t *out_n, struct err *e) WUR;
/* Makes the pending TOTP the active one, clears the activation code, sets status active and
 * factors_changed_at, records counter as the last used TOTP counter. */
int store_user_activate(struct store *st, int64_t id, int64_t counter, struct err *e) WUR;
/* Records that TOTP counter was used; atomic compare: ERR_CONFLICT when counter is not larger
 * than the last used one (a replayed code). */
int store_user_totp_used(struct store *st, int64_t id, int64_t counter, struct err *e) WUR;
/* Marks a fictional demo account. */
int store_user_mark_demo(struct store *st, int64_t id, struct err *e) WUR;
int store_user_set_deputy(struct store *st, int64_t id, int64_t deputy_of, struct err *e) WUR;

struct store_session {
    int64_t id;
    int64_t user_id;
    int64_t created_at;
    int64_t last_seen_at;
    int64_t expires_at;
    char client[STORE_CLIENT_MAX + 1];
};

int store_session_create(struct store *st, int64_t user_id, const uint8_t token_hash[32],
                         int64_t now, int64_t expires_at, struct str client, int64_t *out_id,
                         struct err *e) WUR;
/* The session with this token hash, its user and the user's organisation, read together.
 * ERR_NOTFOUND when no session has this token hash (or its user or organisation is gone). */
int store_session_identity(struct store *st, const uint8_t token_hash[32],
                           struct store_session *out, struct store_user *user,
                           struct store_org *org, struct err *e) WUR;
int store_session_touch(struct store *st, int64_t id, int64_t now, struct err *e) WUR;
/* Deletes one session of user_id (ERR_NOTFOUND if it is not theirs). */
int store_session_delete(struct store *st, int64_t user_id, int64_t id, struct err *e) WUR;
/* Deletes all sessions of user_id except keep_id (0: all). */
int store_session_delete_user(struct store *st, int64_t user_id, int64_t keep_id,
                              struct err *e) WUR;
/* Deletes the oldest sessions of user_id so that at most keep remain. */
int store_session_trim(struct store *st, int64_t user_id, size_t keep, struct err *e) WUR;
/* Newest first. */
int store_session_list(struct store *st, int64_t user_id, struct store_session *out, size_t cap,
                       size_t *out_n, struct err *e) WUR;

/* Login throttling: one row per password verification, keyed by a blind index of the username
 * (so unknown usernames are throttled the same way). Rows older than `since` are pruned. */
int store_login_attempt_add(struct store *st, const uint8_t key[32], int64_t now,
                            struct err *e) WUR;
int store_login_attempt_count(struct store *st, const uint8_t key[32], int64_t since,
                              int64_t *out_n, struct err *e) WUR;

#endif
