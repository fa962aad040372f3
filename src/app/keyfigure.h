/* keyfigure.h: the key-figure register (docs/keyfigures.md; domain.md 6.1 P3; factsheet ch. 1):
 * key figures and community contacts of the actor's own municipality, with minimal personal data
 * (organisation, role, contact name, optional phone and e-mail), recorded consent (how and when),
 * a level (bestuurlijk / ambtelijk) and a contact log (date, who, topic). Regular contact is the
 * point: a key figure not spoken to for keyfigure_contact_days (since the last contact, or since
 * consent when never spoken to) is "contact gewenst". Ending the relation (consent withdrawn, no
 * longer relevant) takes it off the active list; destroying it (dossierhouder) deletes the rows
 * and destroys its data key. Never linked to a case.
 *
 * Policy object key_figure (own_org). Object-level denial and another municipality's key figure:
 * ERR_NOTFOUND. Every key figure shown is one access-log record (subject pseudonym "key_figure");
 * every write is logged in the same transaction. Bad input: ERR_INVAL with named fields, nothing
 * changed. Answers are new JSON objects the caller decrefs. Thread-safe (per-thread store). */
#ifndef REGIE_APP_KEYFIGURE_H
#define REGIE_APP_KEYFIGURE_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_KEYFIGURES_MAX 1000         /* key figures per municipality (active and ended) */
#define APP_KEYFIGURE_CONTACTS_MAX 2000 /* contacts per key figure */

/* The register: level NULL/"" = both, else "bestuurlijk" | "ambtelijk"; status NULL/"" =
 * "active", else "active" | "ended" | "overdue". Overdue first, then by organisation.
 * {items, total, overdue, contact_days, levels, end_reasons}. *out_log: one read record per key
 * figure listed, to submit before the answer leaves. */
int app_keyfigure_list(struct app *a, const struct alog_req *rq, const char *level,
                       const char *status, json_t **out, struct alog_pending **out_log,
                       struct err *e) WUR;

/* One key figure with its contact log (newest first). */
int app_keyfigure_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e) WUR;

/* {level, consent_date, organisation, role, contact_name, phone?, email?, consent_note, note?}
 * in the actor's municipality. *out {id, created_id}. */
int app_keyfigure_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                         struct err *e) WUR;

/* Any of the create members (at least one); an ended key figure cannot be changed
 * (ERR_CONFLICT). *out {id}. */
int app_keyfigure_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                         json_t **out, struct err *e) WUR;

/* {date, topic}: date not in the future nor before the consent; raises the last contact.
 * *out {id, created_id, last_contact_date}. */
int app_keyfigure_contact_add(struct app *a, const struct alog_req *rq, int64_t id,
                              const json_t *in, json_t **out, struct err *e) WUR;

/* {date, reason: toestemming_ingetrokken | niet_meer_relevant | overig}. ERR_CONFLICT when
 * already ended. *out {id, ended_date}. */
int app_keyfigure_end(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* Deletes the key figure and its contact log and destroys its data key (policy delete
 * key_figure). *out {id, destroyed: true}. */
int app_keyfigure_destroy(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                          struct err *e) WUR;

/* The number of active key figures of municipality_id that are "contact gewenst" today
 * (keyfigure_contact_days). No personal data, so no access-log record; the actor must be allowed
 * to list key figures of that municipality (ERR_FORBIDDEN otherwise). For the dashboard and the
 * daily digest. */
int app_keyfigure_overdue_count(struct app *a, const struct actor *who, int64_t municipality_id,
                                int64_t *out, struct err *e) WUR;

/* {municipality_id, overdue, contact_days} of the actor's own municipality. */
int app_keyfigure_summary(struct app *a, const struct alog_req *rq, json_t **out,
                          struct err *e) WUR;

#endif
