/* dashboard.c: the aggregate queries of the operational dashboards (see dashboard.h). Every query
 * binds the same parameters: ?1 municipality, ?2 first day, ?3 last day of the period, ?4 1 when
 * restricted signals (route ambtsbericht) count, ?5 today. Month buckets and percentiles are made
 * by the caller from these rows, so no SQL text depends on the period. */
#include "core/common.h"

#include "store/dashboard.h"
#include "store/store_int.h"

/* ---- SQL ---------------------------------------------------------------------------------- */

#define SIG_SCOPE                                                                                  \
    "s.municipality_id = ?1 AND s.received_day BETWEEN ?2 AND ?3 "                                 \
    "AND (?4 = 1 OR s.route <> 'ambtsbericht') "

static const char SQL_SIGNAL_ROUTE[] =
    "SELECT s.received_day, s.route, count(*) FROM signal s WHERE " SIG_SCOPE
    "GROUP BY s.received_day, s.route ORDER BY 1, 2 LIMIT 20001";

/* The latest weighing of a signal is its highest version (a correction is a new version). */
static const char SQL_SIGNAL_OUTCOME[] =
    "SELECT s.received_day, coalesce(w.outcome, 'niet_gewogen'), count(*) FROM signal s "
    "LEFT JOIN weighing w ON w.signal_id = s.id AND w.version = "
    "  (SELECT max(x.version) FROM weighing x WHERE x.signal_id = s.id) "
    "WHERE " SIG_SCOPE "GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 20001";

/* A signal in the period whose subject is (by the blind indexes, or the same person row) a
 * subject of an earlier signal of the same municipality that is still within retention: its
 * data key not destroyed and, when it led to a case, the case not destroyed and its retention
 * date (if any) not passed. Restricted signals count on neither side unless ?4 = 1. The CROSS
 * JOINs keep SQLite's join order (subjects → persons by blind index → their signals), so the
 * lookup goes through the indexes instead of pairing every two signals of the municipality. */
static const char SQL_REREFERRAL[] =
    "SELECT s.received_day, '', count(*) FROM signal s WHERE " SIG_SCOPE
    "AND EXISTS (SELECT 1 FROM signal_subject ss CROSS JOIN person p "
    "  CROSS JOIN signal_subject es CROSS JOIN signal o "
    "  CROSS JOIN data_key k LEFT JOIN pga_case c ON c.signal_id = o.id "
    "  WHERE ss.signal_id = s.id AND p.id = ss.person_id "
    "  AND es.person_id IN (SELECT p.id UNION ALL "
    "    SELECT x.id FROM person x WHERE x.bsn_idx = p.bsn_idx UNION ALL "
    "    SELECT y.id FROM person y WHERE y.name_dob_idx = p.name_dob_idx) "
    "  AND o.id = es.signal_id AND k.group_id = o.group_id "
    "  AND o.id <> s.id AND o.municipality_id = s.municipality_id "
    "  AND (o.received_day < s.received_day OR (o.received_day = s.received_day "
    "       AND (o.received_at < s.received_at OR (o.received_at = s.received_at "
    "       AND o.id < s.id)))) "
    "  AND (?4 = 1 OR o.route <> 'ambtsbericht') AND k.destroyed_at IS NULL "
    "  AND (c.id IS NULL OR (c.state <> 'vernietigd' AND (c.retention_until_day IS NULL "
    "       OR c.retention_until_day >= ?5)))) "
    "GROUP BY s.received_day ORDER BY 1 LIMIT 20001";

static const char SQL_CASE_STATE[] =
    "SELECT 0, CASE state WHEN 'evaluatie' THEN 'herbeoordeling' ELSE state END, count(*) "
    "FROM pga_case WHERE municipality_id = ?1 GROUP BY 2 ORDER BY 2";

static const char SQL_CASE_FLAGS[] =
    "SELECT flags, '', count(*) FROM pga_case WHERE municipality_id = ?1 "
    "AND state NOT IN ('afgesloten', 'vernietigd') AND flags <> 0 GROUP BY flags ORDER BY 1 "
    "LIMIT 20001";

static const char SQL_TASK_OVERDUE[] =
    "SELECT 0, substr(t.code, 1, 1), count(*) FROM case_task t JOIN pga_case c ON c.id = t.case_id "
    "WHERE c.municipality_id = ?1 AND t.state = 'open' AND t.due_day IS NOT NULL "
    "AND t.due_day < ?5 GROUP BY 2 ORDER BY 2";

static const char SQL_ACTION_OVERDUE[] =
    "SELECT 0, b.kind, count(*) FROM meeting_action a JOIN meeting m ON m.id = a.meeting_id "
    "JOIN overleg_body b ON b.id = m.body_id WHERE a.municipality_id = ?1 AND a.status = 'open' "
    "AND a.due_day < ?5 GROUP BY 2 ORDER BY 2";

/* Spans: (start, end or 0), limited to those that overlap the period. */
#define SPAN_WHERE "WHERE st IS NOT NULL AND st <= ?3 AND (en = 0 OR en >= ?2) LIMIT 200001"

static const char SQL_SPAN_WEIGH[] =
    "SELECT st, en FROM (SELECT s.received_day AS st, coalesce((SELECT min(w.decided_day) "
    "  FROM weighing w WHERE w.signal_id = s.id), 0) AS en FROM signal s "
    "  WHERE s.municipality_id = ?1 AND (?4 = 1 OR s.route <> 'ambtsbericht')) AS sp " SPAN_WHERE;

static const char SQL_SPAN_PLAN[] =
    "SELECT st, en FROM (SELECT (SELECT min(w.decided_day) FROM weighing w "
    "  WHERE w.signal_id = c.signal_id AND w.outcome = 'opname_pga') AS st, "
    "  coalesce((SELECT min(p.adopted_day) FROM case_plan p WHERE p.case_id = c.id "
    "  AND p.adopted = 1), 0) AS en FROM pga_case c WHERE c.municipality_id = ?1) AS sp " SPAN_WHERE;

static const char SQL_SPAN_CLOSE[] =
    "SELECT st, en FROM (SELECT (SELECT min(p.adopted_day) FROM case_plan p "
    "  WHERE p.case_id = c.id AND p.adopted = 1) AS st, "
    "  CASE WHEN c.state = 'afgesloten' THEN coalesce(c.closed_day, 0) ELSE 0 END AS en "
    "  FROM pga_case c WHERE c.municipality_id = ?1) AS sp " SPAN_WHERE;

static const char *const COUNT_SQL[STORE_DASH_COUNT_KIND_COUNT] = {
    [STORE_DASH_SIGNAL_ROUTE] = SQL_SIGNAL_ROUTE,
    [STORE_DASH_SIGNAL_OUTCOME] = SQL_SIGNAL_OUTCOME,
    [STORE_DASH_REREFERRAL] = SQL_REREFERRAL,
    [STORE_DASH_CASE_STATE] = SQL_CASE_STATE,
    [STORE_DASH_CASE_FLAGS] = SQL_CASE_FLAGS,
    [STORE_DASH_TASK_OVERDUE] = SQL_TASK_OVERDUE,
    [STORE_DASH_ACTION_OVERDUE] = SQL_ACTION_OVERDUE,
};

static const char *const SPAN_SQL[STORE_DASH_SPAN_KIND_COUNT] = {
    [STORE_DASH_SIGNAL_TO_WEIGHING] = SQL_SPAN_WEIGH,
    [STORE_DASH_OPNAME_TO_PLAN] = SQL_SPAN_PLAN,
    [STORE_DASH_PLAN_TO_CLOSED] = SQL_SPAN_CLOSE,
};

/* ---- queries ------------------------------------------------------------------------------ */

/* Binds the common parameters, as many as the statement has. */
static int bind_args(struct store *st, store_stmt *s, const struct store_dash_args *a,
                     struct err *e)
{
    const int64_t v[] = {a->municipality_id, a->from_day, a->to_day, a->restricted ? 1 : 0,
                         a->today};
    int n = store__param_count(s);
    size_t k = n < 0 ? 0 : (size_t)n;
    return store__bind_seq(st, s, v, k < ARRAY_LEN(v) ? k : ARRAY_LEN(v), 1, e);
}

int store_dash_counts(struct store *st, enum store_dash_count_kind k,
                      const struct store_dash_args *args, struct store_dash_count *out, size_t cap,
                      size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    *out_n = 0;
    if ((unsigned)k >= STORE_DASH_COUNT_KIND_COUNT)
        return err_internal(e, ERR_INVAL, "store_dash_counts: unknown kind");
    int rc = store__stmt(st, COUNT_SQL[k], &s, e);
    if (rc == 0)
        rc = bind_args(st, s, args, e);
    while (rc == 0 && (rc = store__step(st, s, "dashboard.counts", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel rijen voor het dashboard");
            break;
        }
        out[n].day = store__col_i64(s, 0);
        rc = store__col_text(s, 1, out[n].code, sizeof(out[n].code), NULL, e);
        out[n].n = store__col_i64(s, 2);
        n += rc == 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_dash_spans(struct store *st, enum store_dash_span_kind k,
                     const struct store_dash_args *args, struct store_dash_span *out, size_t cap,
                     size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    *out_n = 0;
    if ((unsigned)k >= STORE_DASH_SPAN_KIND_COUNT)
        return err_internal(e, ERR_INVAL, "store_dash_spans: unknown kind");
    int rc = store__stmt(st, SPAN_SQL[k], &s, e);
    if (rc == 0)
        rc = bind_args(st, s, args, e);
    while (rc == 0 && (rc = store__step(st, s, "dashboard.spans", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel rijen voor het dashboard");
            break;
        }
        out[n].start_day = store__col_i64(s, 0);
        out[n].end_day = store__col_i64(s, 1);
        n++;
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}
