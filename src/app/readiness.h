/* readiness.h: a municipality's preparedness (docs/preparedness.md, domain.md 6.1 P1-P7) and the
 * support directory. The checklist is computed live from the data on every read (who is named,
 * which partners signed, which documents the college adopted, when partners last trained
 * together, how many key figures are due for contact, which overleg bodies exist, which COT
 * functions have an organisation): nobody ticks a box. Each item has a status (in_orde,
 * aandachtspunt, ontbreekt), the facts behind it and the next step, in plain Dutch. A small
 * municipality may rely on a regional dossierhouder (an organisation) and a regional body; that
 * counts as in order, with the source named. The continuity warning (the Inspectie warns of
 * dependence on one or two staff) appears when no deputy is named or fewer than two active
 * dossierhouders exist, unless a regional dossierhouder serves the municipality.
 *
 * Visibility: policy object `readiness` (own_org for the municipality's own roles, any for the
 * beheerder); a municipality the actor may not see is 404. The dashboard shows counts only for
 * key figures, never names. Training attendees are officials' user ids: writes and reads of the
 * training log leave access-log records with the attendees as subjects (as account
 * administration does); the readiness detail's read record names the dossierhouder and deputy.
 * The support directory (policy object `support_org`) holds no personal data.
 *
 * Each function returns 0 or a negative err_code; *out is JSON for the API (caller decrefs);
 * reads prepare their access-log records in *out_log (the caller answers once they are
 * durable). Thread-safe as the store connection is per thread. */
#ifndef REGIE_APP_READINESS_H
#define REGIE_APP_READINESS_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

/* {items:[{municipality, summary, continuity_warning}]}: the municipalities of the actor's
 * region the actor may read (beheerder: all; others: the own municipality). */
int app_readiness_list(struct app *a, const struct alog_req *rq, json_t **out,
                       struct alog_pending **out_log, struct err *e) WUR;
/* The P1-P7 checklist of one municipality, with documents, trainings (without names), the COT
 * table and, for those who may update, the choices of the forms. ERR_NOTFOUND. */
int app_readiness_get(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                      json_t **out, struct alog_pending **out_log, struct err *e) WUR;
/* in: {dossierhouder_id, deputy_id, regional_org_id, regional_body_id} (each id or null). */
int app_readiness_set_people(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                             const json_t *in, json_t **out, struct err *e) WUR;
/* in: {kind, title, reference, decision_date}; *out {created_id}. */
int app_readiness_add_document(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                               const json_t *in, json_t **out, struct err *e) WUR;
/* Withdraws a current policy document (ERR_CONFLICT when already withdrawn). */
int app_readiness_withdraw_document(struct app *a, const struct alog_req *rq, int64_t doc_id,
                                    json_t **out, struct err *e) WUR;
/* in: {date, topic, provider, attendee_ids[]}; *out {created_id}. */
int app_readiness_add_training(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                               const json_t *in, json_t **out, struct err *e) WUR;
/* The training log with the attendees' names and organisations. */
int app_readiness_trainings(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                            json_t **out, struct alog_pending **out_log, struct err *e) WUR;
/* in: {roles:[{function, org_ids[], note}]}: replaces the whole COT mapping. */
int app_readiness_set_cot(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                          const json_t *in, json_t **out, struct err *e) WUR;

/* The support directory: {items:[...], can_edit}. */
int app_support_list(struct app *a, const struct alog_req *rq, json_t **out, struct err *e) WUR;
/* in: {name, description, contact, url, sort}; url https:// or empty. */
int app_support_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                       struct err *e) WUR;
/* in: any of {name, description, contact, url, sort}. */
int app_support_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                       json_t **out, struct err *e) WUR;
/* Soft delete (removed_at). */
int app_support_remove(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct err *e) WUR;

#endif
