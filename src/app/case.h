/* case.h: the case and its person-centred plan (docs/cases.md): lifecycle transitions and flags
 * (each a decision with rationale), participants, checklists that activate on flags with their
 * timers, plan versions adopted by a decision, measures from the catalogue with sub-steps and
 * per-category visibility, assessments (no score), family support with a contact log, the
 * communication line with its names-and-numbers check, and the work list.
 *
 * Every use-case asks policy/ first, answers 404 for a case the caller may not see and writes
 * access-log records (writes in the same transaction, reads through *out_log). Every POST and
 * PATCH answers with the case view. */
#ifndef REGIE_APP_CASE_H
#define REGIE_APP_CASE_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/input.h"

/* The phases of a case in the order of the approach (the last is "vernietigd") and its flags
 * (flag i is bit i of pga_case.flags): the one list the figures and dashboards report in. */
#define APP_CASE_N_STATES 8
#define APP_CASE_N_FLAGS 12
extern const struct code app_case_states[APP_CASE_N_STATES];
extern const struct code app_case_flags[APP_CASE_N_FLAGS];

struct store;

int app_case_options(struct app *a, const struct alog_req *rq, json_t **out,
                     struct err *e) WUR;
/* GET /api/cases?state=&flag=&page=&per_page= (strings NULL or "" and numbers 0 when absent):
 * one page, newest first, {items, total, page, per_page}, paged as GET /api/signals (per_page
 * default 25, at most 100; ERR_INVAL naming page or per_page). One access-log record without
 * data subjects (the list holds no names). */
int app_case_list(struct app *a, const struct alog_req *rq, const char *state, const char *flag,
                  int64_t page, int64_t per_page, json_t **out, struct alog_pending **out_log,
                  struct err *e) WUR;
/* GET /api/cases/{id}[/section]: section NULL (overview), "plans", "checklist", "assessments",
 * "family-support", "communication-line". *out: the answer as compact JSON bytes (malloc'd,
 * *out_len long; the caller wipes and frees it), from the viewer's cached view when it is
 * current (app/viewcache.h); access is decided and the access-log record made on every call. */
int app_case_read(struct app *a, const struct alog_req *rq, int64_t id, const char *section,
                  char **out, size_t *out_len, struct alog_pending **out_log,
                  struct err *e) WUR;

/* Writes: what selects the use-case ("transitions", "flags", "participants", "plans",
 * "measures", "assessments", "family-support", "communication-line"); sub = a measure, task or
 * family-support id for the PATCH/contact routes (what "measure", "task", "contact"). */
int app_case_write(struct app *a, const struct alog_req *rq, int64_t id, const char *what,
                   int64_t sub, const json_t *in, json_t **out, struct err *e) WUR;

/* GET /api/worklist?page=&per_page=: open checklist tasks and meeting actions of the caller, and
 * for a chair the overdue tasks of the own municipality; one page (0: default), due first (none
 * last), {items, total, page, per_page}, paged as app_case_list. The access-log record names the
 * data subjects of the cases of this page's tasks only. */
int app_worklist_page(struct app *a, const struct alog_req *rq, int64_t page, int64_t per_page,
                      json_t **out, struct alog_pending **out_log, struct err *e) WUR;
/* The whole work list ({items, total}, at most 10,000 rows) for counting inside the app (the
 * digest, which writes its own record): *out_log is always NULL, so never answer a request
 * with it. */
int app_worklist(struct app *a, const struct alog_req *rq, json_t **out,
                 struct alog_pending **out_log, struct err *e) WUR;

/* Called by the admission (app/signal.c) inside its transaction: the C1-C6 and N1 tasks and the
 * signal's participating organisations as core participants. */
int app_case_admitted(struct app *a, struct store *st, int64_t case_id, int64_t by,
                      struct err *e) WUR;

/* For documents attached to a case or a measure (kind "case" or "measure"): fills the owning
 * object's key group, municipality, the organisations that may see it (none for a police or
 * care measure: then only its own organisation, as designated) and its data subjects.
 * ERR_NOTFOUND when who may not see it; ERR_FORBIDDEN when write and who may not change it. */
struct app_item_access;
int app_case_may(struct store *st, const struct actor *who, const char *kind, int64_t id,
                 bool write, struct app_item_access *out, struct err *e) WUR;

/* Break-glass (app/breakglass.c, issue 10): whether who can already read case id through the
 * ordinary rules, and its municipality, casusregisseur, data-key group and data subjects.
 * ERR_NOTFOUND when the case does not exist or was destroyed. */
struct app_case_bg;
int app_case_breakglass_info(struct store *st, const struct actor *who, int64_t id,
                             struct app_case_bg *out, struct err *e) WUR;
/* The same without the data subjects (out->n_persons 0), and the case row in *row: the access
 * check of the purpose binding, on every read of case content. */
struct store_case;
int app_case_gate(struct store *st, const struct actor *who, int64_t id, struct store_case *row,
                  struct app_case_bg *out, struct err *e) WUR;

/* Months after a day (calendar months; the 31st → the last day of a shorter month). */
int64_t case_add_months(int64_t day, int64_t months);

#endif
