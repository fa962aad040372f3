/* admin.h: functional administration: regions, organisations (partner register with covenant
 * status, REQ-ACT-01) and user accounts. Every use-case asks policy/ first; the functional
 * administrator (beheerder) manages accounts but can never set or learn a password: creating or
 * resetting an account issues a one-time activation code instead (ASVS 6.4.6). */
#ifndef REGIE_APP_ADMIN_H
#define REGIE_APP_ADMIN_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "core/str.h"
#include "core/token.h"
#include "policy/policy.h"

/* Each returns JSON built for the API (caller decrefs *out). */
int app_region_list(struct app *a, const struct actor *who, json_t **out, struct err *e) WUR;
int app_org_list(struct app *a, const struct actor *who, json_t **out, struct err *e) WUR;

/* in: {name, kind, region_id, instrument, instrument_date, instrument_status} (validated). */
int app_org_create(struct app *a, const struct actor *who, const json_t *in, json_t **out,
                   struct err *e) WUR;
/* in: {instrument, instrument_date, instrument_status} (all optional, at least one). */
int app_org_update(struct app *a, const struct actor *who, int64_t id, const json_t *in,
                   json_t **out, struct err *e) WUR;

/* The accounts; one read record per listed account is prepared in *out_log (NULL when the list is
 * empty): the caller submits it and answers once it is durable. */
int app_user_list(struct app *a, const struct alog_req *rq, json_t **out,
                  struct alog_pending **out_log, struct err *e) WUR;
/* One account. Its read record is prepared in *out_log: the caller submits it
 * (alog_pending_submit) and answers only once it is durable. */
int app_user_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                  struct alog_pending **out_log, struct err *e) WUR;

/* in: {username, display_name, org_id, roles:[...]}; *out = {user, activation_code}. */
int app_user_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                    struct err *e) WUR;
/* Disables the account and ends all its sessions. */
int app_user_disable(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                     struct err *e) WUR;
/* New activation code; password and TOTP cleared; sessions ended. *out = {activation_code}. */
int app_user_reset(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct err *e) WUR;

/* Names deputy_of as the user this account stands in for (0 clears it). Both accounts must
 * exist, differ, and belong to the same organisation. */
int app_user_set_deputy(struct app *a, const struct alog_req *rq, int64_t id, int64_t deputy_of,
                        json_t **out, struct err *e) WUR;

/* Creates a user without the policy check, for `regie user add` run by the operator on the server
 * and for the demo. *out_code receives the activation code. */
int app_user_create_local(struct app *a, struct str username, struct str display_name,
                          int64_t org_id, uint32_t roles, int64_t *out_id,
                          char out_code[TOKEN_CODE_STR_LEN + 1], struct err *e) WUR;

#endif
