/* rights.h: the register of data-subject requests (issue 10 item 3; REQ-PRIV-11; docs/rights.md):
 * access (AVG art. 15), rectification (16), erasure (17), restriction (18) and objection (21)
 * received by the municipality (the controller). Intake (kind, received date, channel, the
 * requester: the person or a representative with a mandate, and the identification of the data
 * subject), the identity check (method, who, when; no copy of an ID document is ever stored),
 * the deadline clock (received + 1 calendar month, AVG art. 12(3); one extension of 1 or 2 more
 * months with a reason, recorded while the first term runs and after the requester was told),
 * routing of police data to the police (Wpg, never answered by Regie), items with the partner
 * organisation that answers for each, a decision per item (refusals name a ground of art. 23
 * AVG / art. 41 UAVG and a reason) and the response archive (closing makes the request
 * read-only). Regie changes no data itself: what was rectified, erased or restricted where is
 * recorded as text.
 *
 * Policy object rights_request: dossierhouder own_org (create, read, update, list), burgemeester
 * own_org (read, list), fg any (read, list: oversight), partner designated (read, update, list):
 * the partner's organisation owns at least one item; it sees the request's kind, dates and the
 * data subject's name and birth date, and only its own items, and records decisions on them.
 * Object-level denial and another municipality's request: ERR_NOTFOUND. No work on the substance
 * (items, decisions, police routing) before the identity is established, and no response before
 * the identity check is recorded: ERR_CONFLICT. Every request shown or written is one access-log
 * record with the request's pseudonym (subject type rights_request), in the same transaction as
 * a write. Bad input: ERR_INVAL with named fields, nothing changed. Answers are new JSON objects
 * the caller decrefs. Thread-safe (per-thread store). */
#ifndef REGIE_APP_RIGHTS_H
#define REGIE_APP_RIGHTS_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_RIGHTS_MAX 1000         /* requests listed at once; requests per municipality */
#define APP_RIGHTS_ITEMS_MAX 50     /* items per request */
#define APP_RIGHTS_SOON_DAYS 7      /* "verloopt binnen 7 dagen" */
#define APP_RIGHTS_TEXT_MAX 2000    /* note, item text, reason, changes, extension reason */
#define APP_RIGHTS_SUMMARY_MAX 4000 /* summary of the response */

/* The deadline of a request received on day received (days since 1970-01-01) with an extension
 * of ext_months (0, 1 or 2): received + 1 + ext_months calendar months; a day that does not exist
 * in the target month becomes that month's last day (31 January + 1 month = 28/29 February). */
int64_t rights_deadline(int64_t received_day, int64_t ext_months);

/* The register: status NULL/"" = all, else "open" | "closed" | "overdue" | "due_soon". Open
 * requests first by deadline, then closed ones (newest first). {items, total, overdue, due_soon,
 * statuses}. *out_log: one read record per request listed, to submit before the answer leaves. */
int app_rights_list(struct app *a, const struct alog_req *rq, const char *status, json_t **out,
                    struct alog_pending **out_log, struct err *e) WUR;

/* One request with its items (a partner: the limited view and its own items only). */
int app_rights_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e) WUR;

/* {kind, received_date, channel, requester: betrokkene | vertegenwoordiger, representative_name,
 * mandate (both required for a representative), subject_name, subject_birth_date, subject_bsn?,
 * note?} in the actor's municipality. *out {id, due_date}. */
int app_rights_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e) WUR;

/* Any of the create members (at least one). *out {id, due_date}. */
int app_rights_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* {method, result: vastgesteld | niet_vastgesteld, date}: the identity check (by the actor). */
int app_rights_identity(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                        json_t **out, struct err *e) WUR;

/* {months: 1 | 2, reason, told_date}: the one extension, only on or before the first deadline.
 * *out {id, due_date}. */
int app_rights_extend(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* {police_org_id (an organisation of kind politie), date, item_id?}: the request (or one open
 * item) is forwarded to the police, which answers under the Wpg. */
int app_rights_route_police(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                            json_t **out, struct err *e) WUR;

/* {text, owner_org_id, ref_kind?: signal | case | network_person | document, ref_id?}.
 * *out {id, created_id}. */
int app_rights_item_add(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                        json_t **out, struct err *e) WUR;

/* {decision: toegewezen | gedeeltelijk_geweigerd | geweigerd, ground?, reason?, changes?} on
 * item item_id of request id (a partner: only its own organisation's items). */
int app_rights_item_decide(struct app *a, const struct alog_req *rq, int64_t id, int64_t item_id,
                           const json_t *in, json_t **out, struct err *e) WUR;

/* {date, method, summary, export_id?}: the response sent; closes the request (read-only). Every
 * item must be decided or routed to the police. *out {id, closed_date}. */
int app_rights_respond(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                       json_t **out, struct err *e) WUR;

#endif
