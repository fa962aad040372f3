/* network.h: the network analysis of a case (docs/network.md): persons (data subjects in their
 * own right, sealed in the case's data-key group), typed relations, concern assessments by a
 * named user (never computed), preventive follow-up (a new signal or a care measure), structural
 * analysis with libigraph (k-step neighbourhood, shortest connection, connected groups) and the
 * cross-case hit/no-hit through the blind indexes. Regie does not score, rank or select people.
 * Every person returned is one access-log record. */
#ifndef REGIE_APP_NETWORK_H
#define REGIE_APP_NETWORK_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

int app_network_persons(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                        struct alog_pending **out_log, struct err *e) WUR;
int app_network_add_person(struct app *a, const struct alog_req *rq, int64_t case_id,
                           const json_t *in, json_t **out, struct err *e) WUR;
int app_network_add_relation(struct app *a, const struct alog_req *rq, int64_t case_id,
                             const json_t *in, json_t **out, struct err *e) WUR;
/* person_id: a network person's person id. */
int app_network_assess(struct app *a, const struct alog_req *rq, int64_t person_id,
                       const json_t *in, json_t **out, struct err *e) WUR;
int app_network_followup(struct app *a, const struct alog_req *rq, int64_t person_id,
                         const json_t *in, json_t **out, struct err *e) WUR;
/* depth 0: 2; from 0: the first subject. */
int app_network_graph(struct app *a, const struct alog_req *rq, int64_t case_id, int64_t depth,
                      int64_t from, json_t **out, struct alog_pending **out_log,
                      struct err *e) WUR;
int app_network_path(struct app *a, const struct alog_req *rq, int64_t case_id, int64_t from,
                     int64_t to, json_t **out, struct alog_pending **out_log, struct err *e) WUR;
int app_person_links(struct app *a, const struct alog_req *rq, int64_t person_id, json_t **out,
                     struct alog_pending **out_log, struct err *e) WUR;

#endif
