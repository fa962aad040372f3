/* dashboard.h: the aggregate queries behind the operational dashboards (docs/dashboards.md).
 * Every query is a GROUP BY (or, for the lead times, a list of start/end days without ids) over
 * the columns in clear of one municipality's signals, weighings, cases, tasks and actions; no
 * row carries a name, an id or free text. Access is decided in app/dashboard.c, not here. */
#ifndef REGIE_STORE_DASHBOARD_H
#define REGIE_STORE_DASHBOARD_H

#include "core/common.h"
#include "core/err.h"

struct store;

#define STORE_DASH_CODE_MAX 40

/* The parameters of every query. Days are days since 1970-01-01 (Europe/Amsterdam calendar
 * days, as stored). restricted: include signals of the restricted route (ambtsbericht). */
struct store_dash_args {
    int64_t municipality_id;
    int64_t from_day; /* first day of the period */
    int64_t to_day;   /* last day of the period */
    int64_t today;
    bool restricted;
};

enum store_dash_count_kind {
    STORE_DASH_SIGNAL_ROUTE,   /* day = received_day, code = route */
    STORE_DASH_SIGNAL_OUTCOME, /* day = received_day, code = latest weighing outcome or
                                  "niet_gewogen" */
    STORE_DASH_REREFERRAL,     /* day = received_day, code = "" */
    STORE_DASH_CASE_STATE,     /* day = 0, code = state (herbeoordeling for 'evaluatie') */
    STORE_DASH_CASE_FLAGS,     /* day = flags bitmask of open cases, code = "" */
    STORE_DASH_TASK_OVERDUE,   /* day = 0, code = first letter of the checklist code */
    STORE_DASH_ACTION_OVERDUE, /* day = 0, code = kind of the overleg body */
    STORE_DASH_COUNT_KIND_COUNT
};

struct store_dash_count {
    int64_t day;
    int64_t n;
    char code[STORE_DASH_CODE_MAX + 1];
};

/* Rows of the grouped query k for args into out[0..cap); ERR_TOOBIG beyond cap, ERR_DB. */
int store_dash_counts(struct store *st, enum store_dash_count_kind k,
                      const struct store_dash_args *args, struct store_dash_count *out, size_t cap,
                      size_t *out_n, struct err *e) WUR;

enum store_dash_span_kind {
    STORE_DASH_SIGNAL_TO_WEIGHING, /* signal received -> first weighing */
    STORE_DASH_OPNAME_TO_PLAN, /* first weighing with outcome opname_pga -> first adopted plan */
    STORE_DASH_PLAN_TO_CLOSED, /* first adopted plan -> case closed */
    STORE_DASH_SPAN_KIND_COUNT
};

/* One item of a lead time: start day and end day (0: not ended). */
struct store_dash_span {
    int64_t start_day;
    int64_t end_day;
};

/* The spans of kind k that started on or before args->to_day and did not end before
 * args->from_day, in no particular order. ERR_TOOBIG beyond cap, ERR_DB. */
int store_dash_spans(struct store *st, enum store_dash_span_kind k,
                     const struct store_dash_args *args, struct store_dash_span *out, size_t cap,
                     size_t *out_n, struct err *e) WUR;

#endif
