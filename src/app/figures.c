/* figures.c: the council figures and their copies (see figures.h and docs/figures.md). */
#include "core/common.h"

#include <sodium.h>

#include "app/disclosure.h"
#include "app/figures.h"
#include "app/case.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/parse.h"
#include "store/figures.h"
#include "store/store.h"

#define ORGS_CAP 512
#define COUNTS_CAP 4096
#define COPIES_CAP 1000
#define PHEN_MAX (DISC_MAX_COLS - 1)

/* Phases of a case, in the order of the approach: case.c's list without "vernietigd". */
#define N_PHASES (APP_CASE_N_STATES - 1)

/* Kinds of measure: the domains of the measures catalogue (case.c) in four groups. */
static const struct code KINDS[] = {
    {"strafrechtelijk", "Strafrechtelijk"},
    {"bestuurlijk", "Bestuurlijk"},
    {"zorg", "Zorg en ondersteuning"},
    {"overig", "Overig (politie, communicatie, overig)"},
};

int figures_period_parse(struct str s, int this_year, struct figures_period *out)
{
    memset(out, 0, sizeof(*out));
    if (s.p == NULL || (s.n != 4 && s.n != 6))
        return ERR_INVAL;
    int64_t y = 0;
    if (parse_i64((struct str){s.p, 4}, 2015, this_year, &y) != 0)
        return ERR_INVAL;
    int q = 0;
    if (s.n == 6) {
        if ((s.p[4] != 'Q' && s.p[4] != 'q') || s.p[5] < '1' || s.p[5] > '4')
            return ERR_INVAL;
        q = s.p[5] - '0';
    }
    out->year = (int)y;
    out->quarter = q;
    int m0 = q ? 3 * (q - 1) + 1 : 1, m1 = q ? m0 + 3 : 13;
    out->from_day = clock_days_from_civil(out->year, m0, 1);
    out->to_day = (m1 == 13 ? clock_days_from_civil(out->year + 1, 1, 1)
                            : clock_days_from_civil(out->year, m1, 1)) -
                  1;
    if (q)
        snprintf(out->text, sizeof(out->text), "%dQ%d", out->year, q);
    else
        snprintf(out->text, sizeof(out->text), "%d", out->year);
    return 0;
}

static int period_of(const char *text, struct figures_period *p, struct err *e)
{
    int y, m, d;
    clock_civil_from_days(signal_today(), &y, &m, &d);
    if (text == NULL || text[0] == '\0') {
        err_field(e, "period", "is verplicht: een kwartaal (2026Q3) of een jaar (2026)");
        return ERR_INVAL;
    }
    if (figures_period_parse(str_from_cstr(text), y, p) != 0) {
        err_field(e, "period",
                  "kies een kwartaal (bijvoorbeeld 2026Q3) of een jaar, van 2015 "
                  "tot en met %d",
                  y);
        return ERR_INVAL;
    }
    return 0;
}

/* ---- scope: the region and its municipalities ------------------------------------------------ */

struct scope {
    int64_t region_id;
    int64_t municipality_id; /* 0: the whole region */
    struct store_org *orgs;  /* the municipalities (rows), by name */
    size_t n;
};

static int scope_open(struct store *st, const struct actor *who, int64_t muni, const char *field,
                      struct scope *sc, struct err *e)
{
    memset(sc, 0, sizeof(*sc));
    struct store_org o;
    int rc = 0;
    if (who->org_id > 0) {
        rc = store_org_get(st, who->org_id, &o, e);
        if (rc != 0)
            return rc;
        sc->region_id = o.region_id;
        if (sc->region_id == 0)
            return in_conflict(e, NULL,
                               "Uw organisatie hoort niet bij een regio: er zijn geen "
                               "raadscijfers.");
    }
    if (muni) {
        struct err e2 = {0};
        bool ok = store_org_get(st, muni, &o, &e2) == 0 && o.kind == STORE_ORG_GEMEENTE &&
                  o.region_id != 0 && (sc->region_id == 0 || o.region_id == sc->region_id);
        if (!ok) {
            err_field(e, field, "geen gemeente in uw regio");
            return ERR_INVAL;
        }
        sc->region_id = o.region_id;
        sc->municipality_id = muni;
    }
    if (sc->region_id == 0) {
        struct store_region regs[2];
        size_t nr = 0;
        rc = store_region_list(st, regs, ARRAY_LEN(regs), &nr, NULL);
        if (rc != 0 || nr != 1) {
            err_field(e, field, "kies een gemeente (er is niet precies één regio)");
            return ERR_INVAL;
        }
        sc->region_id = regs[0].id;
    }
    sc->orgs = calloc(ORGS_CAP, sizeof(*sc->orgs));
    if (sc->orgs == NULL)
        return ERR_NOMEM;
    size_t n = 0;
    rc = store_org_list(st, sc->region_id, sc->orgs, ORGS_CAP, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (sc->orgs[i].kind == STORE_ORG_GEMEENTE &&
            (sc->municipality_id == 0 || sc->orgs[i].id == sc->municipality_id))
            sc->orgs[sc->n++] = sc->orgs[i];
    if (rc == 0 && sc->n > DISC_MAX_ROWS)
        rc = in_conflict(e, NULL, "De regio heeft meer gemeenten dan de raadscijfers aankunnen.");
    if (rc == 0 && sc->n == 0)
        rc = in_conflict(e, NULL, "De regio heeft nog geen gemeenten.");
    if (rc != 0) {
        free(sc->orgs);
        sc->orgs = NULL;
    }
    return rc;
}

/* ---- the tables ------------------------------------------------------------------------------ */

struct cols {
    char code[DISC_MAX_COLS][STORE_CODE_MAX + 1];
    char label[DISC_MAX_COLS][128];
    size_t n;
};

static void cols_add(struct cols *c, const char *code, size_t cn, const char *label, size_t ln)
{
    if (c->n >= DISC_MAX_COLS)
        return;
    snprintf(c->code[c->n], sizeof(c->code[0]), "%.*s", (int)cn, code);
    snprintf(c->label[c->n], sizeof(c->label[0]), "%.*s", (int)ln, label);
    c->n++;
}

/* The configured phenomena "code=Label;..." (at most PHEN_MAX), then "" for none/other. */
static void phenomena_cols(const char *spec, struct cols *c)
{
    const char *p = spec;
    while (*p && c->n < PHEN_MAX) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t cn = eq ? (size_t)(eq - p) : len;
        if (cn > 0 && cn <= STORE_CODE_MAX)
            cols_add(c, p, cn, eq ? eq + 1 : p, eq ? len - cn - 1 : cn);
        p += len;
        if (*p == ';')
            p++;
    }
    cols_add(c, "", 0, "Niet vastgelegd", strlen("Niet vastgelegd"));
}

/* The column of a stored code, or -1 (not counted). */
static int col_of(enum store_fig_kind k, const struct cols *c, const char *code)
{
    if (k == STORE_FIG_PHASE && strcmp(code, "evaluatie") == 0)
        code = "herbeoordeling";
    if (k == STORE_FIG_MEASURE) {
        if (strcmp(code, "straf") == 0)
            code = "strafrechtelijk";
        else if (strcmp(code, "bestuurlijk") != 0 && strcmp(code, "zorg") != 0)
            code = "overig";
    }
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->code[i], code) == 0)
            return (int)i;
    return k == STORE_FIG_PHENOMENON ? (int)c->n - 1 : -1;
}

static json_t *cell(const struct disc_table *t, size_t r, size_t c)
{
    return t->shown[r][c] < 0 ? json_null() : json_integer(t->shown[r][c]);
}

static int table_json(struct store *st, const struct config *cfg, const struct scope *sc,
                      const struct figures_period *p, enum store_fig_kind k, json_t **out,
                      struct err *e)
{
    static const char *const codes[] = {"phase", "phenomenon", "measure"};
    static const char *const titles[] = {
        "Casussen in de aanpak, naar fase aan het eind van de periode",
        "Ontvangen signalen, naar fenomeen",
        "Lopende maatregelen, naar soort",
    };
    static const char *const units[] = {"casussen", "signalen", "maatregelen"};
    struct cols c = {0};
    if (k == STORE_FIG_PHASE)
        for (size_t i = 0; i < N_PHASES; i++) {
            const struct code *ph = &app_case_states[i];
            cols_add(&c, ph->code, strlen(ph->code), ph->label, strlen(ph->label));
        }
    else if (k == STORE_FIG_MEASURE)
        for (size_t i = 0; i < ARRAY_LEN(KINDS); i++)
            cols_add(&c, KINDS[i].code, strlen(KINDS[i].code), KINDS[i].label,
                     strlen(KINDS[i].label));
    else
        phenomena_cols(cfg->phenomena, &c);
    struct store_fig_count *cnt = calloc(COUNTS_CAP, sizeof(*cnt));
    struct disc_table *t = calloc(1, sizeof(*t));
    size_t n = 0;
    int rc = cnt && t ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = store_figures_counts(st, k, sc->region_id, sc->municipality_id, p->from_day, p->to_day,
                                  cnt, COUNTS_CAP, &n, e);
    if (rc == 0) {
        t->rows = sc->n;
        t->cols = c.n;
        for (size_t i = 0; i < n; i++) {
            int col = col_of(k, &c, cnt[i].code);
            for (size_t r = 0; col >= 0 && r < sc->n; r++)
                if (sc->orgs[r].id == cnt[i].municipality_id)
                    t->v[r][col] += cnt[i].n;
        }
        rc = disc_protect(t, cfg->council_threshold, cfg->council_rounding);
    }
    json_t *j = NULL;
    if (rc == 0) {
        json_t *columns = json_array(), *rows = json_array(), *tot = json_array();
        for (size_t i = 0; i < c.n; i++) {
            json_array_append_new(columns,
                                  json_pack("{s:s, s:s}", "code", c.code[i], "label", c.label[i]));
            json_array_append_new(tot, cell(t, t->rows, i));
        }
        for (size_t r = 0; r < t->rows; r++) {
            json_t *cells = json_array();
            for (size_t i = 0; i < c.n; i++)
                json_array_append_new(cells, cell(t, r, i));
            json_array_append_new(rows,
                                  json_pack("{s:{s:I, s:s}, s:o, s:o}", "municipality", "id",
                                            (json_int_t)sc->orgs[r].id, "name", sc->orgs[r].name,
                                            "cells", cells, "total", cell(t, r, t->cols)));
        }
        j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:{s:o, s:o}}", "code", codes[k], "title",
                      titles[k], "unit", units[k], "columns", columns, "rows", rows, "totals",
                      "cells", tot, "total", cell(t, t->rows, t->cols));
        rc = j ? 0 : ERR_NOMEM;
    }
    if (t)
        sodium_memzero(t, sizeof(*t)); /* true counts do not linger */
    free(t);
    free(cnt);
    *out = j;
    return rc;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[p[i] >> 4];
        out[2 * i + 1] = h[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* The figures of a period and scope, and the BLAKE2b-256 digest of their canonical JSON (compact,
 * keys sorted). */
static int build(struct store *st, const struct config *cfg, const struct scope *sc,
                 const struct figures_period *p, json_t **out,
                 uint8_t digest[STORE_COPY_DIGEST_BYTES], struct err *e)
{
    char d0[11], d1[11];
    signal_fmt_day(p->from_day, d0);
    signal_fmt_day(p->to_day, d1);
    struct store_region reg;
    int rc = store_region_get(st, sc->region_id, &reg, e);
    json_t *tables = json_array();
    for (int k = STORE_FIG_PHASE; rc == 0 && k <= STORE_FIG_MEASURE; k++) {
        json_t *t = NULL;
        rc = table_json(st, cfg, sc, p, (enum store_fig_kind)k, &t, e);
        if (rc == 0)
            json_array_append_new(tables, t);
    }
    if (rc != 0) {
        json_decref(tables);
        return rc;
    }
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:{s:I, s:s}, s:o, s:s, s:I, s:I, s:o}", "period", p->text, "from", d0,
        "to", d1, "region", "id", (json_int_t)reg.id, "name", reg.name, "municipality",
        sc->municipality_id
            ? json_pack("{s:I, s:s}", "id", (json_int_t)sc->orgs[0].id, "name", sc->orgs[0].name)
            : json_null(),
        "marking", FIGURES_MARKING, "threshold", (json_int_t)cfg->council_threshold, "rounding",
        (json_int_t)cfg->council_rounding, "tables", tables);
    char *canon = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (canon == NULL) {
        json_decref(j);
        return ERR_NOMEM;
    }
    crypto_generichash(digest, STORE_COPY_DIGEST_BYTES, (const unsigned char *)canon, strlen(canon),
                       NULL, 0);
    free(canon);
    char hx[2 * STORE_COPY_DIGEST_BYTES + 1];
    hex(digest, STORE_COPY_DIGEST_BYTES, hx);
    json_object_set_new(j, "digest", json_string(hx));
    *out = j;
    return 0;
}

static struct alog_ev figures_ev(enum audit_action act, const char *period, const char *fields)
{
    return (struct alog_ev){.action = act,
                            .object_type = "figures",
                            .object_id = period,
                            .fields = fields,
                            .purpose =
                                act == AUDIT_ACT_EXPORT ? "verantwoording aan de raad" : NULL};
}

int app_figures_council(struct app *a, const struct alog_req *rq, const char *period,
                        int64_t municipality_id, json_t **out, struct alog_pending **out_log,
                        struct err *e)
{
    struct store *st = NULL;
    struct figures_period p;
    struct scope sc = {0};
    uint8_t digest[STORE_COPY_DIGEST_BYTES];
    *out = NULL;
    *out_log = NULL;
    const char *rule = NULL;
    if (policy_check(&rq->actor, "read", "figures", &(struct policy_obj){0}, &rule) != 0)
        return in_denied(e);
    int rc = period_of(period, &p, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    /* anonymised counts of every municipality of the region, by design (docs/figures.md) */
    app_act_for_region(a);
    if (rc == 0)
        rc = scope_open(st, &rq->actor, municipality_id, "municipality", &sc, e);
    if (rc != 0)
        return rc;
    json_t *j = NULL;
    rc = build(st, app_config(a), &sc, &p, &j, digest, e);
    free(sc.orgs);
    if (rc == 0) {
        json_object_set_new(
            j, "may_issue",
            json_boolean(policy_check(&rq->actor, "export", "figures", NULL, NULL) == 0));
        struct alog_ev ev = figures_ev(AUDIT_ACT_READ, p.text, "council:phase,phenomenon,measure");
        ev.authz_rule = rule;
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

struct issue {
    const struct alog_req *rq;
    struct store_council_copy copy;
    const char *rule;
    int64_t id;
};

static int issue_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct issue *w = ctx;
    int rc = store_council_copy_add(st, &w->copy, &w->id, e);
    if (rc != 0)
        return rc;
    struct alog_ev ev = figures_ev(AUDIT_ACT_EXPORT, w->copy.period, "council:copy,recipient");
    ev.authz_rule = w->rule;
    return alog_tx_add(tx, w->rq, &ev, e);
}

int app_figures_copy_issue(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                           struct err *e)
{
    static const char *const keys[] = {"period", "recipient", "municipality_id"};
    struct store *st = NULL;
    struct figures_period p;
    struct scope sc = {0};
    struct issue w = {.rq = rq};
    *out = NULL;
    if (policy_check(&rq->actor, "export", "figures", &(struct policy_obj){0}, &w.rule) != 0)
        return in_denied(e);
    struct str period, recipient;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "period", true, 16, false, &period, e);
    in_text(in, NULL, "recipient", true, FIGURES_RECIPIENT_MAX, false, &recipient, e);
    int64_t muni = in_id(in, NULL, "municipality_id", false, e);
    char ptext[17] = "";
    if (period.p) {
        snprintf(ptext, sizeof(ptext), "%.*s", (int)period.n, period.p);
        if (period_of(ptext, &p, e) != 0)
            period.p = NULL;
    }
    /* period.p and recipient.p too: with e == NULL the errors are not recorded. */
    if (in_has_errors(e) || period.p == NULL || recipient.p == NULL)
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    app_act_for_region(a); /* the region's anonymised counts, as app_figures_council */
    if (rc == 0)
        rc = scope_open(st, &rq->actor, muni, "municipality_id", &sc, e);
    if (rc != 0)
        return rc;
    json_t *figs = NULL;
    rc = build(st, app_config(a), &sc, &p, &figs, w.copy.digest, e);
    free(sc.orgs);
    if (rc != 0)
        return rc;
    w.copy.region_id = sc.region_id;
    w.copy.municipality_id = sc.municipality_id;
    w.copy.issued_by = rq->actor.user_id;
    snprintf(w.copy.period, sizeof(w.copy.period), "%s", p.text);
    snprintf(w.copy.recipient, sizeof(w.copy.recipient), "%.*s", (int)recipient.n, recipient.p);
    rc = alog_run(a, issue_run, &w, e);
    if (rc != 0) {
        json_decref(figs);
        return rc;
    }
    *out = json_pack("{s:I, s:O, s:s, s:s, s:o, s:o}", "id", (json_int_t)w.id, "digest",
                     json_object_get(figs, "digest"), "period", p.text, "recipient",
                     w.copy.recipient, "issued_at", json_time(clock_now_ms()), "figures", figs);
    return *out ? 0 : ERR_NOMEM;
}

int app_figures_copies(struct app *a, const struct alog_req *rq, const char *period, json_t **out,
                       struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct figures_period p;
    struct scope sc = {0};
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_check(&rq->actor, "export", "figures", &(struct policy_obj){0}, &rule) != 0)
        return in_denied(e);
    if (period && period[0] && period_of(period, &p, e) != 0)
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = scope_open(st, &rq->actor, 0, "municipality", &sc, e);
    if (rc != 0)
        return rc;
    free(sc.orgs);
    struct store_council_copy *c = calloc(COPIES_CAP, sizeof(*c));
    size_t n = 0;
    rc = c ? store_council_copy_list(st, sc.region_id, period && period[0] ? p.text : "", c,
                                     COPIES_CAP, &n, e)
           : ERR_NOMEM;
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char hx[2 * STORE_COPY_DIGEST_BYTES + 1];
        hex(c[i].digest, sizeof(c[i].digest), hx);
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:s}", "id", (json_int_t)c[i].id, "period",
                      c[i].period, "municipality", json_org_ref(st, c[i].municipality_id),
                      "recipient", c[i].recipient, "issued_by",
                      c[i].issued_by
                          ? json_user_ref(st, c[i].issued_by)
                          : json_pack("{s:n, s:s}", "id", "name", "Beheer (opdrachtregel)"),
                      "issued_at", json_time(c[i].issued_at), "digest", hx));
    }
    free(c);
    if (rc == 0) {
        struct alog_ev ev = figures_ev(AUDIT_ACT_READ, period ? period : "", "council:copies");
        ev.authz_rule = rule;
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}
