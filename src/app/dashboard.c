/* dashboard.c: the operational dashboards of one municipality (see dashboard.h and
 * docs/dashboards.md). The store answers grouped counts per day and the start/end days of the
 * lead times; this file puts them into month buckets and computes the percentiles, so the SQL
 * never depends on the period asked for. */
#include "core/common.h"

#include <math.h>

#include "app/dashboard.h"
#include "app/case.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "store/dashboard.h"

#define COUNTS_CAP 20000
#define SPANS_CAP 100000

/* The code lists the figures are reported in: routes, phases and flags are those of signal.c and
 * case.c; the outcomes are named as results here (the weighing form names them as choices). */
#define RESTRICTED_ROUTE "ambtsbericht"
static const struct code OUTCOMES[] = {
    {"geen_zorg", "Geen zorg"},
    {"verwezen_regulier", "Verwezen naar reguliere zorg of veiligheid"},
    {"herwegen", "Opnieuw wegen"},
    {"opname_pga", "Opgenomen in de aanpak"},
    {"acuut_escalatie", "Acuut: lokale driehoek"},
    {"niet_gewogen", "Nog niet gewogen"},
};
/* Checklist groups by the first letter of the task code (the templates of case.c). */
static const struct {
    char letter;
    const char *code;
} TASK_LETTERS[] = {
    {'C', "per_casus"}, {'N', "per_casus"},  {'D', "dreigende_uitreis"}, {'U', "uitgereisd"},
    {'T', "terugkeer"}, {'G', "overlijden"}, {'K', "minderjarige"},      {'R', "paspoort"},
    {'I', "per_casus"}, /* I1: informing the person (app/informing.c) */
};
static const struct code TASK_GROUPS[] = {
    {"per_casus", "Per casus"},   {"dreigende_uitreis", "Dreigende uitreis"},
    {"uitgereisd", "Uitgereisd"}, {"terugkeer", "Terugkeer"},
    {"overlijden", "Overlijden"}, {"minderjarige", "Minderjarige"},
    {"paspoort", "Paspoort"},     {"overig", "Overig"},
};
static const struct code BODIES[] = {
    {"signaleringsoverleg", "Signaleringsoverleg"},
    {"casusoverleg", "Casusoverleg"},
    {"lokale_driehoek", "Lokale driehoek"},
    {"regionaal", "Regionaal overleg"},
};
static const struct code LEAD_TIMES[] = {
    {"melding_weging", "Van melding tot eerste weging"},
    {"opname_plan", "Van opname tot eerste vastgesteld plan"},
    {"plan_afsluiting", "Van eerste vastgesteld plan tot afsluiting"},
};
static const char *const MONTH_NAMES[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                          "jul", "aug", "sep", "okt", "nov", "dec"};

static size_t code_index(const struct code *t, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return i;
    return n;
}

/* ---- the period --------------------------------------------------------------------------- */

/* Month index y * 12 + (m - 1) of a day. */
static int64_t month_of_day(int64_t day)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    return (int64_t)y * 12 + (m - 1);
}

static int64_t first_day_of(int64_t month)
{
    return clock_days_from_civil((int)(month / 12), (int)(month % 12) + 1, 1);
}

/* "YYYY-MM" (year 1970..9999) → month index; "" → -1; otherwise an error naming field. */
static int64_t parse_month(const char *s, const char *field, struct err *e)
{
    if (s == NULL || s[0] == '\0')
        return -1;
    bool ok = strlen(s) == 7 && s[4] == '-';
    for (size_t i = 0; ok && i < 7; i++)
        ok = i == 4 || (s[i] >= '0' && s[i] <= '9');
    /* digits checked above; parse_i64 refuses the leading zero of "08" */
    int64_t y = 0, m = 0;
    for (size_t i = 0; ok && i < 4; i++)
        y = y * 10 + (s[i] - '0');
    if (ok)
        m = (s[5] - '0') * 10 + (s[6] - '0');
    ok = ok && y >= 1970 && m >= 1 && m <= 12;
    if (!ok) {
        err_field(e, field, "moet een maand zijn in de vorm JJJJ-MM");
        return -2;
    }
    return y * 12 + (m - 1);
}

struct period {
    int64_t from, to; /* month indexes */
    size_t n;         /* months */
    int64_t from_day, to_day;
};

static int period_parse(const char *from_s, const char *to_s, int64_t today, struct period *p,
                        struct err *e)
{
    int64_t cur = month_of_day(today);
    int64_t from = parse_month(from_s, "from", e);
    int64_t to = parse_month(to_s, "to", e);
    if (from == -2 || to == -2)
        return ERR_INVAL;
    if (to == -1)
        to = from >= 0 && from + APP_DASHBOARD_MONTHS_DEFAULT - 1 < cur
                 ? from + APP_DASHBOARD_MONTHS_DEFAULT - 1
                 : cur;
    if (from == -1)
        from = to - (APP_DASHBOARD_MONTHS_DEFAULT - 1);
    if (to > cur)
        err_field(e, "to", "mag niet na de huidige maand liggen");
    else if (from > to)
        err_field(e, "from", "moet vóór of in de maand van 'to' liggen");
    else if (to - from + 1 > APP_DASHBOARD_MONTHS_MAX)
        err_field(e, "from", "de periode is hoogstens %d maanden", APP_DASHBOARD_MONTHS_MAX);
    if (in_has_errors(e))
        return ERR_INVAL;
    p->from = from;
    p->to = to;
    p->n = (size_t)(to - from + 1);
    p->from_day = first_day_of(from);
    p->to_day = first_day_of(to + 1) - 1;
    return 0;
}

static json_t *month_code(int64_t month)
{
    char b[16];
    snprintf(b, sizeof(b), "%04d-%02d", (int)(month / 12), (int)(month % 12) + 1);
    return json_string(b);
}

static json_t *month_label(int64_t month)
{
    char b[24];
    snprintf(b, sizeof(b), "%s %04d", MONTH_NAMES[month % 12], (int)(month / 12));
    return json_string(b);
}

/* ---- figures ------------------------------------------------------------------------------ */

struct dash {
    struct store *st;
    struct store_dash_args args;
    struct period p;
    struct store_dash_count *rows;
    struct store_dash_span *spans;
    int64_t *durs;
};

static json_t *int_array(const int64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

/* Monthly series per code of t[0..nt) from a grouped count (day, code, n); skip: a code left
 * out entirely (NULL: none). */
static int monthly(struct dash *d, enum store_dash_count_kind k, const struct code *t, size_t nt,
                   const char *skip, json_t **out, struct err *e)
{
    size_t n = 0;
    int64_t *m = calloc(nt * d->p.n, sizeof(*m));
    if (m == NULL)
        return ERR_NOMEM;
    int rc = store_dash_counts(d->st, k, &d->args, d->rows, COUNTS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t ci = code_index(t, nt, d->rows[i].code);
        int64_t mi = month_of_day(d->rows[i].day) - d->p.from;
        if (ci < nt && mi >= 0 && (size_t)mi < d->p.n)
            m[ci * d->p.n + (size_t)mi] += d->rows[i].n;
    }
    json_t *series = rc == 0 ? json_array() : NULL;
    for (size_t ci = 0; series && ci < nt; ci++) {
        if (skip && strcmp(t[ci].code, skip) == 0)
            continue;
        json_array_append_new(series,
                              json_pack("{s:s, s:s, s:o}", "code", t[ci].code, "label", t[ci].label,
                                        "values", int_array(m + ci * d->p.n, d->p.n)));
    }
    free(m);
    if (rc == 0 && series == NULL)
        rc = ERR_NOMEM;
    if (rc == 0)
        *out = json_pack("{s:o}", "series", series);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

/* [{code, label, value}] with a value for every code of t (0 when absent). */
static json_t *items_json(const struct code *t, size_t nt, const int64_t *v)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < nt; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "code", t[i].code, "label",
                                           t[i].label, "value", (json_int_t)v[i]));
    return a;
}

static int64_t sum(const int64_t *v, size_t n)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static int cases(struct dash *d, json_t **phases, json_t **flags, struct err *e)
{
    int64_t ps[ARRAY_LEN(app_case_states)] = {0}, fs[ARRAY_LEN(app_case_flags)] = {0};
    size_t n = 0;
    int rc = store_dash_counts(d->st, STORE_DASH_CASE_STATE, &d->args, d->rows, COUNTS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t ci = code_index(app_case_states, ARRAY_LEN(app_case_states), d->rows[i].code);
        if (ci < ARRAY_LEN(app_case_states))
            ps[ci] += d->rows[i].n;
    }
    if (rc == 0)
        rc = store_dash_counts(d->st, STORE_DASH_CASE_FLAGS, &d->args, d->rows, COUNTS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t f = 0; f < ARRAY_LEN(app_case_flags); f++)
            if (d->rows[i].day & (INT64_C(1) << f))
                fs[f] += d->rows[i].n;
    if (rc != 0)
        return rc;
    *phases = json_pack("{s:o, s:I}", "items", items_json(app_case_states, ARRAY_LEN(app_case_states), ps), "total",
                        (json_int_t)sum(ps, ARRAY_LEN(app_case_states)));
    *flags = json_pack("{s:o}", "items", items_json(app_case_flags, ARRAY_LEN(app_case_flags), fs));
    return *phases && *flags ? 0 : ERR_NOMEM;
}

static const char *task_group(const char *code)
{
    for (size_t i = 0; i < ARRAY_LEN(TASK_LETTERS); i++)
        if (code[0] == TASK_LETTERS[i].letter)
            return TASK_LETTERS[i].code;
    return "overig";
}

static int overdue(struct dash *d, json_t **out, struct err *e)
{
    int64_t tg[ARRAY_LEN(TASK_GROUPS)] = {0}, ag[ARRAY_LEN(BODIES)] = {0};
    size_t n = 0;
    int rc =
        store_dash_counts(d->st, STORE_DASH_TASK_OVERDUE, &d->args, d->rows, COUNTS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        tg[code_index(TASK_GROUPS, ARRAY_LEN(TASK_GROUPS), task_group(d->rows[i].code))] +=
            d->rows[i].n;
    if (rc == 0)
        rc = store_dash_counts(d->st, STORE_DASH_ACTION_OVERDUE, &d->args, d->rows, COUNTS_CAP, &n,
                               e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t bi = code_index(BODIES, ARRAY_LEN(BODIES), d->rows[i].code);
        if (bi < ARRAY_LEN(BODIES))
            ag[bi] += d->rows[i].n;
    }
    if (rc != 0)
        return rc;
    *out = json_pack(
        "{s:{s:I, s:o}, s:{s:I, s:o}}", "tasks", "total", (json_int_t)sum(tg, ARRAY_LEN(tg)),
        "groups", items_json(TASK_GROUPS, ARRAY_LEN(TASK_GROUPS), tg), "actions", "total",
        (json_int_t)sum(ag, ARRAY_LEN(ag)), "groups", items_json(BODIES, ARRAY_LEN(BODIES), ag));
    return *out ? 0 : ERR_NOMEM;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

double app_dashboard_percentile(const int64_t *v, size_t n, double p)
{
    double h = (double)(n - 1) * p / 100.0;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return (double)v[n - 1];
    return (double)v[lo] + (h - (double)lo) * (double)(v[lo + 1] - v[lo]);
}

/* A number rounded to one decimal, null when there are no values. */
static json_t *pct_json(const int64_t *v, size_t n, double p)
{
    if (n == 0)
        return json_null();
    return json_real(round(app_dashboard_percentile(v, n, p) * 10.0) / 10.0);
}

static int lead_times(struct dash *d, json_t **out, struct err *e)
{
    json_t *items = json_array();
    int rc = items ? 0 : ERR_NOMEM;
    for (size_t k = 0; rc == 0 && k < STORE_DASH_SPAN_KIND_COUNT; k++) {
        size_t n = 0, nd = 0;
        int64_t open = 0;
        rc = store_dash_spans(d->st, (enum store_dash_span_kind)k, &d->args, d->spans, SPANS_CAP,
                              &n, e);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const struct store_dash_span *s = &d->spans[i];
            if (s->end_day >= d->p.from_day && s->end_day <= d->p.to_day)
                d->durs[nd++] = s->end_day - s->start_day;
            else if (s->end_day == 0 || s->end_day > d->p.to_day)
                open++; /* started by the end of the period, not ended within it */
        }
        if (rc != 0)
            break;
        qsort(d->durs, nd, sizeof(*d->durs), cmp_i64);
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:I}", "code", LEAD_TIMES[k].code,
                             "label", LEAD_TIMES[k].label, "n", (json_int_t)nd, "median",
                             pct_json(d->durs, nd, 50), "p25", pct_json(d->durs, nd, 25), "p75",
                             pct_json(d->durs, nd, 75), "open", (json_int_t)open));
    }
    if (rc == 0)
        *out = json_pack("{s:o}", "items", items);
    else
        json_decref(items);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

static int rereferrals(struct dash *d, json_t **out, struct err *e)
{
    size_t n = 0;
    int64_t *m = calloc(d->p.n, sizeof(*m));
    if (m == NULL)
        return ERR_NOMEM;
    int rc = store_dash_counts(d->st, STORE_DASH_REREFERRAL, &d->args, d->rows, COUNTS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int64_t mi = month_of_day(d->rows[i].day) - d->p.from;
        if (mi >= 0 && (size_t)mi < d->p.n)
            m[mi] += d->rows[i].n;
    }
    if (rc == 0)
        *out = json_pack("{s:o, s:I}", "values", int_array(m, d->p.n), "total",
                         (json_int_t)sum(m, d->p.n));
    free(m);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

static json_t *months_json(const struct period *p, bool labels)
{
    json_t *a = json_array();
    for (int64_t m = p->from; a && m <= p->to; m++)
        json_array_append_new(a, labels ? month_label(m) : month_code(m));
    return a;
}

static int build(struct dash *d, json_t **out, struct err *e)
{
    json_t *route = NULL, *outcome = NULL, *phases = NULL, *flags = NULL, *late = NULL,
           *lead = NULL, *rerefs = NULL;
    int rc = monthly(d, STORE_DASH_SIGNAL_ROUTE, app_signal_routes, ARRAY_LEN(app_signal_routes),
                     d->args.restricted ? NULL : RESTRICTED_ROUTE, &route, e);
    if (rc == 0)
        rc =
            monthly(d, STORE_DASH_SIGNAL_OUTCOME, OUTCOMES, ARRAY_LEN(OUTCOMES), NULL, &outcome, e);
    if (rc == 0)
        rc = cases(d, &phases, &flags, e);
    if (rc == 0)
        rc = overdue(d, &late, e);
    if (rc == 0)
        rc = lead_times(d, &lead, e);
    if (rc == 0)
        rc = rereferrals(d, &rerefs, e);
    if (rc != 0) {
        json_decref(route);
        json_decref(outcome);
        json_decref(phases);
        json_decref(flags);
        json_decref(late);
        json_decref(lead);
        json_decref(rerefs);
        return rc;
    }
    *out = json_pack("{s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, "
                     "s:o}",
                     "period", "from", month_code(d->p.from), "to", month_code(d->p.to),
                     "from_date", json_day(d->p.from_day), "to_date", json_day(d->p.to_day),
                     "today", json_day(d->args.today), "months", months_json(&d->p, false),
                     "month_labels", months_json(&d->p, true), "excluded_restricted",
                     !d->args.restricted, "signals_by_route", route, "signals_by_outcome", outcome,
                     "cases_by_phase", phases, "cases_by_flag", flags, "overdue", late,
                     "lead_times", lead, "rereferrals", rerefs);
    return *out ? 0 : ERR_NOMEM;
}

int app_dashboard(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                  json_t **out, struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct dash d = {0};
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    /* The own municipality only: the actor's organisation owns the figures asked for. */
    struct policy_obj own = {.owner_org_id = who->org_id};
    if (policy_check(who, "read", "dashboard", &own, &rule) != 0)
        return in_denied(e);
    d.args.today = signal_today();
    int rc = period_parse(from, to, d.args.today, &d.p, e);
    if (rc != 0)
        return rc;
    d.args.municipality_id = who->org_id;
    d.args.from_day = d.p.from_day;
    d.args.to_day = d.p.to_day;
    d.args.restricted = policy_check(who, "read", "ambtsbericht", &own, NULL) == 0;
    rc = app_store(a, &d.st, e);
    d.rows = rc == 0 ? calloc(COUNTS_CAP, sizeof(*d.rows)) : NULL;
    d.spans = rc == 0 ? calloc(SPANS_CAP, sizeof(*d.spans)) : NULL;
    d.durs = rc == 0 ? calloc(SPANS_CAP, sizeof(*d.durs)) : NULL;
    if (rc == 0 && !(d.rows && d.spans && d.durs))
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = build(&d, out, e);
    free(d.rows);
    free(d.spans);
    free(d.durs);
    if (rc == 0) {
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, who->org_id);
        struct alog_ev ev = {.action = AUDIT_ACT_READ,
                             .object_type = "dashboard",
                             .object_id = oid,
                             .categories = AUDIT_CAT_SIGNAL | AUDIT_CAT_PLAN |
                                           (d.args.restricted ? AUDIT_CAT_AMBTSBERICHT : 0),
                             .fields = "dashboard:signals,cases,overdue,lead_times,rereferrals",
                             .authz_rule = rule};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc != 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
