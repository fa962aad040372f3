/* inzage.h: the inzage export (right of access, AVG art. 15 / REQ-PRIV-12; docs/inzage.md). A
 * dossierhouder finds a person by BSN or by name + birth date through the blind indexes (exact
 * matches only, never fuzzy or scored), confirms which person rows of the own municipality are
 * this person (a human decision), and compiles a concept export of everything Regie holds on
 * them: signals (with information items, weighings, feedback, documents, overleg), cases (phase
 * history, plans, measures, assessments, tasks, family support and informing records about the
 * person), network entries in other cases (the relation type, never the other people), each with
 * source organisation, controller and retention end, plus the recipients from the access log
 * (date, organisation, role, purpose, action; never the staff member). Police data (category
 * police or purpose-bound) and ambtsberichten are never exported: they are listed as withheld,
 * without content, and flagged for human review. No identifier of another person is included.
 *
 * A concept is released only when a second approver (another dossierhouder of the municipality,
 * or the FG; never its creator) approves it; only a released export can be downloaded. Every
 * step writes access-log records (action search / export, subjects = the person's pseudonyms,
 * purpose "inzageverzoek betrokkene"). The export is sealed under its own data key.
 *
 * Policy object inzage: dossierhouder own_org create/read/list/update (approve); fg any
 * read/list/update. Object-level denial: ERR_NOTFOUND. Bad input: ERR_INVAL with named fields,
 * nothing changed. Answers are new JSON objects the caller decrefs. Thread-safe (per-thread
 * store). */
#ifndef REGIE_APP_INZAGE_H
#define REGIE_APP_INZAGE_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_INZAGE_PURPOSE "inzageverzoek betrokkene"
#define APP_INZAGE_PERSONS_MAX 50 /* confirmed person rows per export */
#define APP_INZAGE_MAX 10000      /* exports per municipality */

/* POST /api/inzage/search {bsn} | {name, birth_date}: the person rows of the own municipality
 * with exactly this BSN or name + birth date, each with where it appears (kind, date,
 * municipality, signal reference), never any other person's data. {items:[{person_id, matched_by,
 * links:[{kind, kind_label, date, municipality, reference}]}]}. *out_log: a search record per
 * person row found (none found: one record without a subject). */
int app_inzage_search(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct alog_pending **out_log, struct err *e) WUR;

/* POST /api/inzage {request_id?, person_ids:[1..50]}: compiles the concept export of the
 * confirmed person rows (each must appear in the own municipality, else a field error
 * person_ids/i). *out: the export view (as app_inzage_get). */
int app_inzage_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e) WUR;

/* GET /api/inzage: the exports of the own municipality (FG: all), newest first, without
 * content: {items:[{id, status, status_label, municipality, request_id, n_items, n_withheld,
 * created_by, created_at, approved_by, approved_at}]}. No personal data: no record. */
int app_inzage_list(struct app *a, const struct alog_req *rq, json_t **out, struct err *e) WUR;

/* GET /api/inzage/{id}: metadata plus the compiled export for review ({..., export}). */
int app_inzage_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e) WUR;

/* POST /api/inzage/{id}/approve: releases a concept. ERR_CONFLICT when the caller created it or
 * it was already released. *out: the export view. */
int app_inzage_approve(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct err *e) WUR;

/* GET /api/inzage/{id}/export.json: the released export itself (ERR_CONFLICT for a concept).
 * *out_name: "inzage-<id>.json". */
int app_inzage_download(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                        char out_name[64], struct alog_pending **out_log, struct err *e) WUR;

/* The access-log pseudonyms of the persons in export id (the confirmed person rows its own
 * records carry), opened on st without a policy check: for the purge (app/retention.c), which
 * checked its own rule. *n: how many (at most cap). */
int app_inzage_subjects(struct app *a, struct store *st, int64_t id,
                        uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t cap, size_t *n,
                        struct err *e) WUR;

#endif
