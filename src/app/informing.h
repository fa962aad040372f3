/* informing.h: informing the person (docs/informing.md; domain.md REQ-PRIV-09/10). After
 * admission every subject of the case gets an open informing record with a due date
 * (informing_due_days) and the case an I1 checklist task for the casusregisseur, so it shows on
 * the case and in the work list. The dossierhouder then records either "informed" (date, how,
 * by whom, note) or "deferred" (a structured reason from a fixed list, an explanation, a
 * re-assessment date in the future and at most informing_reassess_max_days ahead). Relatives
 * and others in the case's network analysis are data subjects too and get the same records.
 * Every decision is immutable: a new one is the next version, the history stays. An open item
 * past its due date and a deferral past its re-assessment date are overdue.
 *
 * Policy object "informing": record = create (dossierhouder, own municipality); read =
 * dossierhouder, voorzitter, burgemeester (own municipality), partner (participant). A case the
 * caller may not see: ERR_NOTFOUND. Every person shown is one access-log record; every record
 * written is logged in the same transaction (subject = the person concerned). Bad input:
 * ERR_INVAL with named fields, nothing changed. Answers are new JSON objects the caller
 * decrefs. Thread-safe (per-thread store). No selection or ranking of people: the list is in
 * the order of the case (subjects, then the network in the order recorded). */
#ifndef REGIE_APP_INFORMING_H
#define REGIE_APP_INFORMING_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

struct store;

#define APP_INFORMING_RECORDS_MAX 2000 /* decisions per case (all persons, all versions) */

/* GET /api/cases/{id}/informing: {case_id, items:[per person: status, due/overdue, the current
 * decision and its history], hows, reasons (with a plain-Dutch explanation), due_days,
 * reassess_max_days, reassess_max_date, can:{record}}. *out_log: one read record per person
 * listed, to submit before the answer leaves. */
int app_informing_get(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                      struct alog_pending **out_log, struct err *e) WUR;

/* POST /api/cases/{id}/informing: {person: "subject" | <network person id>, person_id? (which
 * subject, when the case has several), network_person_id? (alias of person: <id>), outcome:
 * informed | deferred, informed: informed_date, how, informed_by?, note?; deferred: reason,
 * explanation? (required for overig), om_consulted (true for zou_opsporing_of_vervolging_schaden),
 * reassess_date}. Re-syncs the case's I1 task. *out {case_id, created_id, person_id, version,
 * outcome}. */
int app_informing_record(struct app *a, const struct alog_req *rq, int64_t case_id,
                         const json_t *in, json_t **out, struct err *e) WUR;

/* The admission hook (app_case_admitted, inside the admission's transaction, whose access-log
 * records name the same subjects): an open record per subject that is a natural person, due
 * today + informing_due_days, and the I1 task for the casusregisseur. */
int app_informing_admitted(struct app *a, struct store *st, int64_t case_id, int64_t by,
                           struct err *e) WUR;

#endif
