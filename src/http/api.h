/* api.h: the route handlers (one api_<concept>.c each) and their shared request helpers.
 * Private to http/. */
#ifndef REGIE_HTTP_API_H
#define REGIE_HTTP_API_H

#include "http/http.h"

struct alog_pending;

/* Body helpers (api_session.c). */
int api_body_str(const struct http_req *req, const char *key, size_t max, struct str *out,
                 struct err *e) WUR;
int api_body_only(const struct http_req *req, const char *const *keys, size_t n,
                  struct err *e) WUR;
/* Answers j (ownership taken) with status when rc == 0; otherwise frees j and returns rc for the
 * problem+json answer (api_admin.c). */
int api_reply(struct http_resp *resp, int status, int rc, json_t *j);
/* Path parameter i as a positive id; ERR_NOTFOUND otherwise. */
int api_param_id(const struct http_req *req, size_t i, int64_t *out, struct err *e) WUR;

/* Query helpers (api_query.c). */
#define API_QV_MAX 256
/* Answers j through http_logged_reply (200) when rc == 0, so log's records are durable before
 * the body leaves; otherwise frees j and log and returns rc. */
int api_logged(struct http_req *req, struct http_resp *resp, int rc, json_t *j,
               struct alog_pending *log);
/* Names every query parameter not in known[] as an error field; ERR_INVAL when any. */
int api_only_params(const struct http_req *req, const char *const *known, size_t n,
                    struct err *e);
/* A query value as a NUL-terminated string in buf ("" when absent; error field when too long
 * or not UTF-8). */
const char *api_qv(const struct http_req *req, const char *name, char buf[API_QV_MAX],
                   struct err *e);
/* A positive integer query value <= max (0 when absent; error field when bad). */
int64_t api_qi(const struct http_req *req, const char *name, int64_t max, struct err *e);

/* The three handler shapes most registers share (api_query.c): the HTTP part is only "which id,
 * no query parameters, which body", the rest is the use-case's. */
struct alog_req;
struct app;
/* A body without a path id (POST /api/things): fn(in) answered with status. */
typedef int (*api_body_fn)(struct app *a, const struct alog_req *rq, const json_t *in,
                           json_t **out, struct err *e);
int api_body_call(struct http_req *req, struct http_resp *resp, int status, api_body_fn fn,
                  struct err *e);
/* Path id {0} and the body (NULL for a route without one): fn(id, in) answered with status. */
typedef int (*api_id_body_fn)(struct app *a, const struct alog_req *rq, int64_t id,
                              const json_t *in, json_t **out, struct err *e);
int api_id_call(struct http_req *req, struct http_resp *resp, int status, api_id_body_fn fn,
                struct err *e);
/* Path id {0}, a logged read: fn(id) answered through api_logged. */
typedef int (*api_id_read_fn)(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                              struct alog_pending **log, struct err *e);
int api_id_read(struct http_req *req, struct http_resp *resp, api_id_read_fn fn, struct err *e);

int api_health(struct http_req *req, struct http_resp *resp, struct err *e);
int api_openapi(struct http_req *req, struct http_resp *resp, struct err *e);
int api_static_index(struct http_req *req, struct http_resp *resp, struct err *e);
int api_static_file(struct http_req *req, struct http_resp *resp, struct err *e);

int api_session_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_session_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_session_delete(struct http_req *req, struct http_resp *resp, struct err *e);
int api_sessions_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_sessions_end_one(struct http_req *req, struct http_resp *resp, struct err *e);
int api_sessions_end_others(struct http_req *req, struct http_resp *resp, struct err *e);
int api_activation_start(struct http_req *req, struct http_resp *resp, struct err *e);
int api_activation_confirm(struct http_req *req, struct http_resp *resp, struct err *e);

int api_password_change(struct http_req *req, struct http_resp *resp, struct err *e);
int api_digest_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_digest_put(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_deputy(struct http_req *req, struct http_resp *resp, struct err *e);
int api_regions_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_orgs_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_orgs_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_orgs_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_disable(struct http_req *req, struct http_resp *resp, struct err *e);
int api_users_reset(struct http_req *req, struct http_resp *resp, struct err *e);

int api_meeting_options(struct http_req *req, struct http_resp *resp, struct err *e);
int api_bodies_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_bodies_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_bodies_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_pack(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_queue(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_items(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_invitations(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_minutes(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_decisions(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_actions(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_attendance(struct http_req *req, struct http_resp *resp, struct err *e);
int api_meetings_adopt(struct http_req *req, struct http_resp *resp, struct err *e);
int api_actions_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_actions_update(struct http_req *req, struct http_resp *resp, struct err *e);

int api_case_options(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_plans(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_checklist(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_assessments(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_family(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_comm(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_transition(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_flag(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_participant(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_plan_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_measure_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_measure_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_task_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_assessment_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_family_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_contact_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_cases_comm_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_worklist(struct http_req *req, struct http_resp *resp, struct err *e);

int api_network_persons(struct http_req *req, struct http_resp *resp, struct err *e);
int api_dashboard(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_person_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_relation_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_assess(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_followup(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_graph(struct http_req *req, struct http_resp *resp, struct err *e);
int api_network_path(struct http_req *req, struct http_resp *resp, struct err *e);
int api_person_links(struct http_req *req, struct http_resp *resp, struct err *e);

/* Informing the person (api_informing.c, docs/informing.md). */
int api_informing_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_informing_record(struct http_req *req, struct http_resp *resp, struct err *e);

int api_keyfigures_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_summary(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_contact(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_end(struct http_req *req, struct http_resp *resp, struct err *e);
int api_keyfigures_destroy(struct http_req *req, struct http_resp *resp, struct err *e);

/* The breach register (docs/breaches.md, api_breach.c) */
int api_breaches_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_breaches_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_breaches_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_breaches_update(struct http_req *req, struct http_resp *resp, struct err *e);

/* Requests of data subjects (docs/rights.md, api_rights.c) */
int api_rights_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_identity(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_extension(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_police(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_item_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_item_decide(struct http_req *req, struct http_resp *resp, struct err *e);
int api_rights_response(struct http_req *req, struct http_resp *resp, struct err *e);

/* Purpose binding (api_purpose.c, docs/purpose.md): called by the session check for every
 * ROUTE_PURPOSE route; 0 (purpose bound, or the object is no case content) or the refusal. */
int http_purpose_bind(struct http_req *req, struct err *e) WUR;
int api_case_purposes(struct http_req *req, struct http_resp *resp, struct err *e);
int api_reuse_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_reuse_create(struct http_req *req, struct http_resp *resp, struct err *e);

/* "Known elsewhere?" between regions (docs/known-elsewhere.md) */
int api_elsewhere_peers(struct http_req *req, struct http_resp *resp, struct err *e);
int api_elsewhere_ask(struct http_req *req, struct http_resp *resp, struct err *e);
int api_elsewhere_answer(struct http_req *req, struct http_resp *resp, struct err *e);

/* Break-glass access to a case (docs/breakglass.md) */
int api_breakglass_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_breakglass_list(struct http_req *req, struct http_resp *resp, struct err *e);

/* Retention (api_retention.c, docs/retention.md) */
int api_retention_overview(struct http_req *req, struct http_resp *resp, struct err *e);
int api_retention_report(struct http_req *req, struct http_resp *resp, struct err *e);
int api_retention_hold_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_retention_hold_end(struct http_req *req, struct http_resp *resp, struct err *e);
int api_retention_extension_create(struct http_req *req, struct http_resp *resp, struct err *e);

int api_figures_council(struct http_req *req, struct http_resp *resp, struct err *e);
int api_figures_copies_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_figures_copies_create(struct http_req *req, struct http_resp *resp, struct err *e);

int api_readiness_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_people(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_document_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_document_withdraw(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_training_add(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_trainings(struct http_req *req, struct http_resp *resp, struct err *e);
int api_readiness_cot(struct http_req *req, struct http_resp *resp, struct err *e);
int api_support_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_support_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_support_update(struct http_req *req, struct http_resp *resp, struct err *e);
int api_support_delete(struct http_req *req, struct http_resp *resp, struct err *e);

int api_audit_query(struct http_req *req, struct http_resp *resp, struct err *e);
int api_audit_verify(struct http_req *req, struct http_resp *resp, struct err *e);

int api_signal_options(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_export(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_matches(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_weighings(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_status(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_participants(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_information(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_feedback(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_weigh(struct http_req *req, struct http_resp *resp, struct err *e);
int api_signals_ambtsbericht(struct http_req *req, struct http_resp *resp, struct err *e);
int api_search(struct http_req *req, struct http_resp *resp, struct err *e);
int api_public_intake(struct http_req *req, struct http_resp *resp, struct err *e);
int api_public_signals(struct http_req *req, struct http_resp *resp, struct err *e);

int api_documents_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_documents_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_documents_content(struct http_req *req, struct http_resp *resp, struct err *e);

/* The inzage export (api_inzage.c, docs/inzage.md) */
int api_inzage_search(struct http_req *req, struct http_resp *resp, struct err *e);
int api_inzage_create(struct http_req *req, struct http_resp *resp, struct err *e);
int api_inzage_list(struct http_req *req, struct http_resp *resp, struct err *e);
int api_inzage_get(struct http_req *req, struct http_resp *resp, struct err *e);
int api_inzage_approve(struct http_req *req, struct http_resp *resp, struct err *e);
int api_inzage_download(struct http_req *req, struct http_resp *resp, struct err *e);

#endif
