/* breach.h: the breach register (issue 10 item 8; AVG art. 33/34; REQ-PRIV-16; docs/breaches.md).
 * A suspected personal-data breach is recorded with when it was discovered, what happened (sealed
 * free text), the categories of data and the approximate number of data subjects, the
 * organisations involved, the measures taken and who reported it. From the discovery runs the
 * 72-hour clock for notifying the Autoriteit Persoonsgegevens (AP): the deadline is shown, and a
 * breach whose AP decision is still open after it is marked overdue. The FG records the decision
 * to notify the AP (ja/nee, with rationale; ja: the date and the AP's reference) and the decision
 * to inform the data subjects (ja/nee, with rationale), and closes the breach once both are made.
 *
 * Policy object breach (not case data): fg create/read/update/list any; beheerder create any;
 * dossierhouder create own_org (they report but cannot read the register). Every read and write
 * writes its access-log record (object breach, no data subject: no person is linked) in the same
 * transaction. Bad input: ERR_INVAL naming the fields, nothing changed. Answers are new JSON
 * objects the caller decrefs. Thread-safe (per-thread store). No automated assessment: the
 * register records the FG's decisions, it never makes them. */
#ifndef REGIE_APP_BREACH_H
#define REGIE_APP_BREACH_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_BREACHES_MAX 2000         /* breaches in the register */
#define APP_BREACH_TEXT_MAX 4000      /* description, measures (bytes) */
#define APP_BREACH_ORGS_MAX 1000      /* organisations involved (bytes) */
#define APP_BREACH_RATIONALE_MAX 2000 /* each rationale (bytes) */
#define APP_BREACH_REF_MAX 100        /* the AP's reference (bytes) */
#define APP_BREACH_SUBJECTS_MAX 100000000
#define APP_BREACH_DEADLINE_HOURS 72

/* {items, total, open, overdue, categories, decisions}; items newest discovery first, each as
 * app_breach_get without the code lists. *out_log: one read record, to submit before the answer
 * leaves. */
int app_breach_list(struct app *a, const struct alog_req *rq, json_t **out,
                    struct alog_pending **out_log, struct err *e) WUR;

/* One breach: {id, discovered_at, deadline_at, hours_left, overdue, status, description,
 * categories, subjects_approx, organisations, measures, ap_decision, ap_rationale, ap_date,
 * ap_reference, notified_late, subjects_decision, subjects_rationale, closed_at, reported_by,
 * organisation, created_at?, updated_at, categories_list, decisions}. ERR_NOTFOUND. */
int app_breach_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e) WUR;

/* {discovered_at (RFC 3339 UTC, not in the future), description, categories [codes, 1..12],
 * subjects_approx (0..1e8), organisations?, measures?}. *out {id, discovered_at, deadline_at}. */
int app_breach_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e) WUR;

/* Any of: description, categories, subjects_approx, organisations, measures; ap_decision (ja|nee,
 * needs ap_rationale; ja needs ap_date), ap_rationale, ap_date, ap_reference; subjects_decision
 * (ja|nee, needs subjects_rationale), subjects_rationale; closed: true (needs both decisions).
 * ERR_CONFLICT when closed, or closing with a decision open. *out {id}. */
int app_breach_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* The deadline of a breach discovered at discovered_ms: + 72 hours. */
int64_t app_breach_deadline(int64_t discovered_ms);

#endif
