/* breakglass.h: break-glass access to a case (issue 10 item 5, docs/breakglass.md; NEN 7513
 * "noodtoegang"). A user outside a case (dossierhouder, voorzitter, burgemeester or partner of an
 * organisation with a signed, current covenant) may open it only with a typed reason (20..1000
 * characters) and a fresh TOTP code of the own account (replay-protected with the same
 * totp_last_counter as the login). The result is a read-only grant for that user and case that
 * lasts breakglass_minutes (default 60 [U]).
 *
 * Access log: the grant is one break_glass record per data subject of the case, with the reason
 * as its purpose (cut at 500 bytes; the whole reason is kept sealed under the case's key); every
 * read under the grant is logged with action break_glass instead of read, so the FG's queue
 * (/api/audit?queue=break_glass) lists the grant and each use. A refused second factor (missing,
 * wrong or replayed) or a missing reason leaves an authz_denied record and grants nothing. The
 * casusregisseur is alerted by a checklist task "Break-glass-toegang door <organisatie>
 * beoordelen" in the case (so it is in the work list); no reason is copied into it.
 *
 * Policy object break_glass (create, list; condition any: the point is access outside
 * participation). It counts as case data, so the covenant rule applies. Thread-safe (per-thread
 * store). Answers are new JSON objects the caller decrefs. */
#ifndef REGIE_APP_BREAKGLASS_H
#define REGIE_APP_BREAKGLASS_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

struct store;

#define APP_BREAKGLASS_REASON_MIN 20   /* characters */
#define APP_BREAKGLASS_REASON_MAX 1000 /* characters */
#define APP_BREAKGLASS_ACTIVE_MAX 20   /* active grants of one user at a time */

/* What the grant needs to know about a case, filled by app_case_breakglass_info (case.c). */
struct app_case_bg {
    bool readable; /* who may already read it through the ordinary rules */
    int64_t municipality_id;
    int64_t casusregisseur_id;
    int64_t group_id;
    int64_t persons[16]; /* the data subjects (the admitted signal's subjects) */
    size_t n_persons;
};

/* POST /api/cases/{id}/break-glass {reason, totp}. *out {grant_id, case_id, expires_at,
 * minutes} (201). ERR_FORBIDDEN (role never has break_glass), ERR_NOTFOUND (no such case, or it is
 * destroyed), ERR_CONFLICT (the caller can already read the case, already holds an active grant
 * for it, or holds too many active grants), ERR_INVAL naming "reason" or "totp" (nothing granted;
 * an authz_denied record is written). */
int app_breakglass_create(struct app *a, const struct alog_req *rq, int64_t case_id,
                          const json_t *in, json_t **out, struct err *e) WUR;

/* GET /api/break-glass: the caller's active grants {items:[{grant_id, case_id, created_at,
 * expires_at, reason}], minutes}. *out_log: the read record to submit before the answer leaves. */
int app_breakglass_list(struct app *a, const struct alog_req *rq, json_t **out,
                        struct alog_pending **out_log, struct err *e) WUR;

/* For app/case.c (the single place where a case's readability is decided): 0 when who holds an
 * active grant for case_id now (and may still create break_glass: role and covenant); fills
 * *out_grant_id, *out_until (ms) and *out_rule (the policy row, borrowed from the table).
 * ERR_NOTFOUND otherwise. */
int app_breakglass_active(struct store *st, const struct actor *who, int64_t case_id,
                          int64_t *out_grant_id, int64_t *out_until, const char **out_rule) WUR;

#endif
