/* dashboard.h: the operational dashboards of one municipality (docs/dashboards.md): signals per
 * month by route and by outcome, cases per phase and per active flag, overdue checklist items and
 * actions, the lead times an evaluation of the approach needs (n, median, 25th and 75th
 * percentile in days, and how many are still open) and re-referrals within retention. Exact
 * counts, for the officials of the municipality who may see its cases anyway (policy object
 * `dashboard`, own_org); aggregates only: no names, ids or free text in the answer. Restricted
 * signals (route ambtsbericht) count only for an actor who may read the municipality's
 * ambtsberichten; otherwise they are left out and the answer says so. One access-log record (no
 * data subject) per request. */
#ifndef REGIE_APP_DASHBOARD_H
#define REGIE_APP_DASHBOARD_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_DASHBOARD_MONTHS_MAX 36
#define APP_DASHBOARD_MONTHS_DEFAULT 13 /* the last 12 full months and the current one */

/* GET /api/dashboard?from=YYYY-MM&to=YYYY-MM. from/to: NUL-terminated, "" when absent (default:
 * the current month and the twelve before it). Errors: ERR_INVAL naming "from" or "to" (bad
 * month, from after to, to after the current month, more than 36 months), ERR_FORBIDDEN (no
 * dashboard for this actor), ERR_NOMEM, ERR_TOOBIG, ERR_DB. On success *out (caller decrefs) and
 * *out_log, the request's access-log record to submit before the answer leaves (api_logged). */
int app_dashboard(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                  json_t **out, struct alog_pending **out_log, struct err *e) WUR;

/* The percentile p (0..100) of the sorted values v[0..n) by linear interpolation between the
 * closest ranks (the "type 7" estimate): v[floor(h)] + (h - floor(h)) * (v[floor(h)+1] -
 * v[floor(h)]) with h = (n - 1) * p / 100. n must be > 0. Pure; for the unit tests too. */
double app_dashboard_percentile(const int64_t *v, size_t n, double p);

#endif
