/* readiness.c: a municipality's preparedness checklist P1-P7 and the support directory (see
 * readiness.h and docs/preparedness.md). */
#include "core/common.h"

#include <stdarg.h>

#include "app/input.h"
#include "app/readiness.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/log.h"
#include "store/meeting.h"
#include "store/readiness.h"
#include "store/store.h"
#include "store/user.h"

#define MAX_USERS 2000
#define MAX_ORGS 500
#define MAX_BODIES 200
#define MAX_MEMBERS 30
#define MAX_DOCS 200
#define MAX_TRAININGS 500
#define MAX_ATTENDEES 100
#define MAX_COT_ORGS 20
#define MAX_COT_ROWS (7 * MAX_COT_ORGS)
#define MAX_SUPPORT 200
#define TEXT_MAX STORE_RD_TITLE_MAX
#define FACT_MAX 600

/* ---- code lists -------------------------------------------------------------------------------
 */

static const struct code COT_FUNCTIONS[] = {
    {"agenderen", "Agenderen"},
    {"voorkomen", "Voorkomen"},
    {"signaleren", "Signaleren"},
    {"melden", "Melden"},
    {"duiden", "Duiden"},
    {"informatie_aanvullen", "Informatie aanvullen en uitwisselen"},
    {"reageren", "Reageren en interveniëren"},
};
static const struct code DOC_KINDS[] = {
    {"lokale_scan", "Lokale scan"},
    {"beleidsstrategie", "Beleidsstrategie"},
    {"werkafspraken", "Werkafspraken"},
    {"privacyreglement", "Privacyreglement of -convenant"},
    {"overig", "Overig"},
};
enum status { ST_OK, ST_ATT, ST_MISSING };
static const struct code STATUSES[] = {
    {"in_orde", "In orde"}, {"aandachtspunt", "Aandachtspunt"}, {"ontbreekt", "Ontbreekt"}};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze gemeente bestaat niet of u heeft er geen toegang toe.");
}

/* ---- the loaded region ------------------------------------------------------------------------
 */

struct rctx {
    struct store *st;
    const struct config *cfg;
    int64_t today;
    struct store_user *users;
    size_t n_users;
    struct store_org *orgs; /* the organisations of the region */
    size_t n_orgs;
    struct store_body *bodies; /* the bodies of the region's municipalities */
    int64_t (*members)[MAX_MEMBERS];
    size_t *n_members;
    size_t n_bodies;
};

static void rctx_release(struct rctx *c)
{
    free(c->users);
    free(c->orgs);
    free(c->bodies);
    free(c->members);
    free(c->n_members);
    memset(c, 0, sizeof(*c));
}

static const struct store_org *org_of(const struct rctx *c, int64_t id)
{
    for (size_t i = 0; id > 0 && i < c->n_orgs; i++)
        if (c->orgs[i].id == id)
            return &c->orgs[i];
    return NULL;
}

static const struct store_user *user_of(const struct rctx *c, int64_t id)
{
    for (size_t i = 0; id > 0 && i < c->n_users; i++)
        if (c->users[i].id == id)
            return &c->users[i];
    return NULL;
}

/* An active account of the municipality with the dossierhouder role. */
static bool is_dh(const struct store_user *u, int64_t muni)
{
    return u && u->status == STORE_USER_ACTIVE && u->org_id == muni &&
           (u->roles & POLICY_ROLE_DOSSIERHOUDER);
}

static int rctx_load(struct app *a, struct store *st, int64_t region_id, struct rctx *c,
                     struct err *e)
{
    memset(c, 0, sizeof(*c));
    c->st = st;
    c->cfg = app_config(a);
    c->today = signal_today();
    c->users = calloc(MAX_USERS, sizeof(*c->users));
    c->orgs = calloc(MAX_ORGS, sizeof(*c->orgs));
    struct store_body *all = calloc(MAX_BODIES, sizeof(*all));
    c->bodies = calloc(MAX_BODIES, sizeof(*c->bodies));
    c->members = calloc(MAX_BODIES, sizeof(*c->members));
    c->n_members = calloc(MAX_BODIES, sizeof(*c->n_members));
    size_t n_all = 0;
    int rc = c->users && c->orgs && all && c->bodies && c->members && c->n_members ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = store_user_list(st, c->users, MAX_USERS, &c->n_users, e);
    if (rc == 0)
        rc = store_org_list(st, region_id, c->orgs, MAX_ORGS, &c->n_orgs, e);
    if (rc == 0)
        rc = store_body_list(st, all, MAX_BODIES, &n_all, e);
    for (size_t i = 0; rc == 0 && i < n_all; i++) {
        if (org_of(c, all[i].municipality_id) == NULL)
            continue;
        size_t k = c->n_bodies;
        rc = store_body_members(st, all[i].id, c->members[k], MAX_MEMBERS, &c->n_members[k], e);
        if (rc == 0) {
            c->bodies[k] = all[i];
            c->n_bodies++;
        }
    }
    free(all);
    if (rc != 0)
        rctx_release(c);
    return rc;
}

/* ---- small JSON helpers -----------------------------------------------------------------------
 */

static void fact(json_t *facts, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void fact(json_t *facts, const char *fmt, ...)
{
    char buf[FACT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    json_array_append_new(facts, json_string(buf));
}

static void next_add(char *next, size_t cap, const char *step)
{
    size_t n = strlen(next);
    snprintf(next + n, cap - n, "%s%s", n ? " " : "", step);
}

static const char *day_str(int64_t day, char out[11])
{
    if (day <= 0) {
        out[0] = '\0';
        return out;
    }
    signal_fmt_day(day, out);
    return out;
}

/* "d-m-yyyy" for text (the Dutch way of writing a date). */
static const char *day_nl(int64_t day, char out[16])
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    snprintf(out, 16, "%d-%d-%d", d, m, y);
    return out;
}

/* The day N months before day (the same day of the month, or the month's last day). */
static int64_t months_before(int64_t day, int64_t months)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) - months;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    int64_t first = clock_days_from_civil(ny, nm, 1);
    int64_t next =
        nm == 12 ? clock_days_from_civil(ny + 1, 1, 1) : clock_days_from_civil(ny, nm + 1, 1);
    int64_t last = next - first;
    return first + ((int64_t)d <= last ? d : last) - 1;
}

static json_t *item_json(const char *code, const char *title, enum status s, json_t *facts,
                         const char *next, const char *source)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "code", code, "title", title, "status",
                     STATUSES[s].code, "status_label", STATUSES[s].label, "facts", facts, "next",
                     next && next[0] ? json_string(next) : json_null(), "source",
                     source && source[0] ? json_string(source) : json_null());
}

static json_t *org_ref(const struct store_org *o)
{
    return o ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)o->id, "name", o->name, "kind",
                         store_org_kind_name(o->kind))
             : json_null();
}

static json_t *user_ref(const struct rctx *c, int64_t id)
{
    const struct store_user *u = user_of(c, id);
    return u ? json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "name", u->display_name)
             : json_null();
}

/* ---- one municipality's checklist -------------------------------------------------------------
 */

struct muni {
    const struct store_org *org;
    struct store_readiness r;
    struct store_policy_doc *docs;
    size_t n_docs;
    struct store_training *trs;
    size_t n_trs;
    int64_t last_org[MAX_ORGS], last_day[MAX_ORGS];
    size_t n_last;
    struct store_cot *cot;
    size_t n_cot;
    int64_t kf_active, kf_overdue;
};

static void muni_release(struct muni *m)
{
    free(m->docs);
    free(m->trs);
    free(m->cot);
    free(m);
}

static int muni_load(const struct rctx *c, const struct store_org *org, struct muni **out,
                     struct err *e)
{
    struct muni *m = calloc(1, sizeof(*m));
    *out = NULL;
    if (m == NULL)
        return ERR_NOMEM;
    m->org = org;
    m->docs = calloc(MAX_DOCS, sizeof(*m->docs));
    m->trs = calloc(MAX_TRAININGS, sizeof(*m->trs));
    m->cot = calloc(MAX_COT_ROWS, sizeof(*m->cot));
    int rc = m->docs && m->trs && m->cot ? 0 : ERR_NOMEM;
    if (rc == 0) {
        rc = store_readiness_get(c->st, org->id, &m->r, e);
        if (rc == ERR_NOTFOUND)
            rc = 0;
    }
    if (rc == 0)
        rc = store_policy_doc_list(c->st, org->id, m->docs, MAX_DOCS, &m->n_docs, e);
    if (rc == 0)
        rc = store_training_list(c->st, org->id, m->trs, MAX_TRAININGS, &m->n_trs, e);
    if (rc == 0)
        rc = store_training_last_by_org(c->st, org->id, m->last_org, m->last_day, MAX_ORGS,
                                        &m->n_last, e);
    if (rc == 0)
        rc = store_cot_list(c->st, org->id, m->cot, MAX_COT_ROWS, &m->n_cot, e);
    if (rc == 0)
        rc = store_readiness_keyfigures(c->st, org->id, c->today - c->cfg->keyfigure_contact_days,
                                        &m->kf_active, &m->kf_overdue, e);
    if (rc != 0) {
        muni_release(m);
        return rc;
    }
    *out = m;
    return 0;
}

static size_t count_dh(const struct rctx *c, int64_t muni)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_users; i++)
        n += is_dh(&c->users[i], muni);
    return n;
}

static bool is_partner(const struct store_org *o, int64_t muni)
{
    return o->id != muni && o->kind != STORE_ORG_GEMEENTE;
}

/* The standing partners of the casusoverleg (domain.md 2.2): their signature decides the status;
 * an unsigned care or other organisation is shown, but it only cannot be invited. */
static bool is_core(const struct store_org *o)
{
    return o->kind == STORE_ORG_POLITIE || o->kind == STORE_ORG_OM || o->kind == STORE_ORG_RVDK ||
           o->kind == STORE_ORG_RECLASSERING || o->kind == STORE_ORG_ZVH;
}

/* P1: dossierhouder and deputy, or a regional dossierhouder; the continuity warning. */
static json_t *p1(const struct rctx *c, const struct muni *m, bool *warning)
{
    int64_t id = m->org->id;
    const struct store_user *dh = user_of(c, m->r.dossierhouder_id);
    const struct store_user *dep = user_of(c, m->r.deputy_id);
    bool dh_ok = is_dh(dh, id), dep_ok = is_dh(dep, id) && dep != dh;
    size_t n = count_dh(c, id);
    const struct store_org *reg = org_of(c, m->r.regional_org_id);
    *warning = reg == NULL && (!dep_ok || n < 2);
    json_t *facts = json_array();
    char next[FACT_MAX] = "", source[FACT_MAX] = "";
    if (dh_ok)
        fact(facts, "Dossierhouder: %s.", dh->display_name);
    else if (m->r.dossierhouder_id)
        fact(facts, "De genoemde dossierhouder is geen actieve dossierhouder van deze gemeente "
                    "meer.");
    else
        fact(facts, "Er is geen dossierhouder genoemd.");
    if (dep_ok)
        fact(facts, "Plaatsvervanger: %s.", dep->display_name);
    else
        fact(facts, "Er is geen plaatsvervanger genoemd.");
    fact(facts, "%zu actieve %s in de gemeente.", n, n == 1 ? "dossierhouder" : "dossierhouders");
    if (reg) {
        fact(facts, "Regionale dossierhouder: %s.", reg->name);
        snprintf(source, sizeof(source), "Regionaal: de dossierhouder van %s", reg->name);
    }
    enum status s = ST_MISSING;
    if ((dh_ok && dep_ok) || reg)
        s = ST_OK;
    else if (dh_ok)
        s = ST_ATT;
    if (!dh_ok && !reg)
        next_add(next, sizeof(next),
                 "Noem een dossierhouder, of de organisatie waarvan de "
                 "regionale dossierhouder deze gemeente bedient.");
    if (!reg && !dep_ok)
        next_add(next, sizeof(next),
                 "Noem een plaatsvervanger, zodat het werk doorgaat bij "
                 "ziekte, verlof of vertrek.");
    else if (!reg && n < 2)
        next_add(next, sizeof(next), "Zorg voor een tweede actieve dossierhouder.");
    json_t *j = item_json("P1", "Dossierhouder en plaatsvervanger", s, facts, next,
                          reg && !(dh_ok && dep_ok) ? source : NULL);
    json_object_set_new(j, "dossierhouder", dh_ok ? user_ref(c, dh->id) : json_null());
    json_object_set_new(j, "deputy", dep_ok ? user_ref(c, dep->id) : json_null());
    json_object_set_new(j, "regional_org", org_ref(reg));
    json_object_set_new(j, "dossierhouder_count", json_integer((json_int_t)n));
    json_object_set_new(j, "continuity_warning", json_boolean(*warning));
    return j;
}

struct partners {
    size_t total, signed_, core_unsigned;
};

static struct partners count_partners(const struct rctx *c, int64_t muni, json_t *unsigned_out)
{
    struct partners p = {0, 0, 0};
    for (size_t i = 0; i < c->n_orgs; i++) {
        const struct store_org *o = &c->orgs[i];
        if (!is_partner(o, muni))
            continue;
        p.total++;
        if (org_covenant_ok(o)) {
            p.signed_++;
            continue;
        }
        p.core_unsigned += is_core(o);
        if (unsigned_out)
            json_array_append_new(unsigned_out,
                                  json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)o->id, "name",
                                            o->name, "instrument_status",
                                            store_org_status_name(o->status), "core", is_core(o)));
    }
    return p;
}

/* The newest current document of kind with and without a college decision. */
static void doc_state(const struct muni *m, const char *kind,
                      const struct store_policy_doc **adopted,
                      const struct store_policy_doc **draft)
{
    *adopted = *draft = NULL;
    for (size_t i = 0; i < m->n_docs; i++) {
        const struct store_policy_doc *d = &m->docs[i];
        if (d->withdrawn_at || strcmp(d->kind, kind) != 0)
            continue;
        if (d->decision_day && (*adopted == NULL || d->decision_day > (*adopted)->decision_day))
            *adopted = d;
        else if (!d->decision_day && *draft == NULL)
            *draft = d;
    }
}

static void doc_fact(json_t *facts, const char *label, const struct store_policy_doc *adopted,
                     const struct store_policy_doc *draft)
{
    char d[16];
    if (adopted)
        fact(facts, "%s: vastgesteld door het college op %s.", label,
             day_nl(adopted->decision_day, d));
    else if (draft)
        fact(facts, "%s: aanwezig, maar nog niet vastgesteld door het college.", label);
    else
        fact(facts, "%s: ontbreekt.", label);
}

/* P2: partners known and signed, local scan and policy strategy, joint training. */
static json_t *p2(const struct rctx *c, const struct muni *m)
{
    int64_t id = m->org->id;
    json_t *facts = json_array(), *unsigned_ = json_array(), *per_org = json_array();
    char next[FACT_MAX] = "", d[16], d10[11];
    struct partners p = count_partners(c, id, unsigned_);
    fact(facts,
         "%zu van de %zu partnerorganisaties in de regio hebben het privacyconvenant "
         "getekend.",
         p.signed_, p.total);
    if (json_array_size(unsigned_) > 0) {
        char names[FACT_MAX] = "";
        size_t i;
        json_t *x;
        json_array_foreach(unsigned_, i, x)
        {
            size_t n = strlen(names);
            snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "",
                     json_string_value(json_object_get(x, "name")));
        }
        fact(facts, "Nog niet getekend: %s.%s", names,
             p.core_unsigned ? ""
                             : " Geen van hen is een vaste partner van het casusoverleg: zij "
                               "kunnen pas worden uitgenodigd na ondertekening.");
        next_add(next, sizeof(next),
                 "Vraag de partners die nog niet tekenden om het "
                 "privacyconvenant te tekenen.");
    }
    const struct store_policy_doc *scan, *scan_d, *strat, *strat_d;
    doc_state(m, "lokale_scan", &scan, &scan_d);
    doc_state(m, "beleidsstrategie", &strat, &strat_d);
    doc_fact(facts, "Lokale scan", scan, scan_d);
    doc_fact(facts, "Beleidsstrategie", strat, strat_d);
    if (!scan)
        next_add(next, sizeof(next),
                 "Leg de lokale scan vast met de datum van het "
                 "collegebesluit.");
    if (!strat)
        next_add(next, sizeof(next),
                 "Leg de beleidsstrategie vast met de datum van het "
                 "collegebesluit.");
    int64_t months = c->cfg->readiness_training_months;
    int64_t since = months_before(c->today, months);
    int64_t last = m->n_trs ? m->trs[0].day : 0;
    bool recent = last && last >= since;
    if (last)
        fact(facts, "Laatste gezamenlijke training: %s.", day_nl(last, d));
    else
        fact(facts, "Er is nog geen gezamenlijke training vastgelegd.");
    if (!recent) {
        fact(facts, "Geen gezamenlijke training in de laatste %" PRId64 " maanden.", months);
        next_add(next, sizeof(next),
                 "Plan een gezamenlijke training met de partners en leg "
                 "die vast.");
    }
    for (size_t i = 0; i < c->n_orgs; i++) {
        const struct store_org *o = &c->orgs[i];
        if (!is_partner(o, id))
            continue;
        int64_t ld = 0;
        for (size_t k = 0; k < m->n_last; k++)
            if (m->last_org[k] == o->id)
                ld = m->last_day[k];
        json_array_append_new(per_org, json_pack("{s:o, s:o, s:b}", "org", org_ref(o), "last_date",
                                                 ld ? json_string(day_str(ld, d10)) : json_null(),
                                                 "recent", ld && ld >= since));
    }
    bool problems = p.core_unsigned > 0 || !scan || !strat || !recent;
    enum status s = !problems ? ST_OK : (!scan && !strat && !last) ? ST_MISSING : ST_ATT;
    json_t *j = item_json("P2", "Partners, lokale scan, beleid en training", s, facts, next, NULL);
    json_object_set_new(j, "partners",
                        json_pack("{s:I, s:I, s:o}", "total", (json_int_t)p.total, "signed",
                                  (json_int_t)p.signed_, "unsigned", unsigned_));
    json_object_set_new(j, "training",
                        json_pack("{s:o, s:I, s:b, s:o}", "last_date",
                                  last ? json_string(day_str(last, d10)) : json_null(), "months",
                                  (json_int_t)months, "recent", recent, "per_org", per_org));
    return j;
}

/* P3: key-figure contacts (counts only). */
static json_t *p3(const struct rctx *c, const struct muni *m)
{
    json_t *facts = json_array();
    int64_t days = c->cfg->keyfigure_contact_days;
    const char *next = NULL;
    enum status s = ST_OK;
    if (m->kf_active == 0) {
        s = ST_MISSING;
        fact(facts, "Er zijn nog geen contacten met sleutelfiguren vastgelegd.");
        next = "Leg contacten met sleutelfiguren vast in het sleutelfigurenregister.";
    } else {
        fact(facts, "%" PRId64 " actieve %s.", m->kf_active,
             m->kf_active == 1 ? "sleutelfiguur" : "sleutelfiguren");
        if (m->kf_overdue > 0) {
            s = ST_ATT;
            fact(facts,
                 "%" PRId64 " van de %" PRId64 " langer dan %" PRId64 " dagen niet "
                 "gesproken.",
                 m->kf_overdue, m->kf_active, days);
            next = "Plan contact met de sleutelfiguren die lang niet gesproken zijn, ook als er "
                   "geen incident is.";
        } else {
            fact(facts, "Met iedereen is in de laatste %" PRId64 " dagen contact geweest.", days);
        }
    }
    json_t *j = item_json("P3", "Contacten met sleutelfiguren", s, facts, next, NULL);
    json_object_set_new(j, "key_figures",
                        json_pack("{s:I, s:I, s:I}", "active", (json_int_t)m->kf_active, "overdue",
                                  (json_int_t)m->kf_overdue, "contact_days", (json_int_t)days));
    return j;
}

static bool kind_in(const char *kind, const char *k1, const char *k2)
{
    return strcmp(kind, k1) == 0 || (k2 && strcmp(kind, k2) == 0);
}

/* A body of another municipality that serves muni: named in the readiness row, or one with a
 * core member of muni (as the overleg decides regional eligibility). */
static bool serves(const struct rctx *c, size_t b, const struct muni *m)
{
    if (c->bodies[b].municipality_id == m->org->id)
        return false;
    if (c->bodies[b].id == m->r.regional_body_id)
        return true;
    for (size_t k = 0; k < c->n_members[b]; k++) {
        const struct store_user *u = user_of(c, c->members[b][k]);
        if (u && u->org_id == m->org->id)
            return true;
    }
    return false;
}

/* P4 (casusoverleg) and P7 (signaleringsoverleg): an own body with core members, or a regional
 * one. */
static json_t *body_item(const struct rctx *c, const struct muni *m, const char *code,
                         const char *title, const char *kind)
{
    json_t *facts = json_array(), *own = json_array();
    const char *label = strcmp(kind, "casusoverleg") == 0 ? "casusoverleg" : "signaleringsoverleg";
    bool own_ok = false, own_any = false;
    size_t reg = SIZE_MAX;
    for (size_t b = 0; b < c->n_bodies; b++) {
        const struct store_body *bd = &c->bodies[b];
        if (bd->municipality_id == m->org->id && strcmp(bd->kind, kind) == 0) {
            own_any = true;
            own_ok = own_ok || c->n_members[b] > 0;
            fact(facts, "%s met %zu vaste %s.", bd->name, c->n_members[b],
                 c->n_members[b] == 1 ? "lid" : "leden");
            json_array_append_new(own, json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)bd->id,
                                                 "name", bd->name, "kind", bd->kind, "members",
                                                 (json_int_t)c->n_members[b]));
        } else if (reg == SIZE_MAX && kind_in(bd->kind, kind, "regionaal") && serves(c, b, m)) {
            reg = b;
        }
    }
    char source[FACT_MAX] = "", next[FACT_MAX] = "";
    json_t *regional = json_null();
    if (reg != SIZE_MAX) {
        const struct store_org *o = org_of(c, c->bodies[reg].municipality_id);
        snprintf(source, sizeof(source), "Regionaal: %s (%s)", c->bodies[reg].name,
                 o ? o->name : "andere gemeente");
        fact(facts, "De gemeente neemt deel aan %s (%s).", c->bodies[reg].name,
             o ? o->name : "andere gemeente");
        regional =
            json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)c->bodies[reg].id, "name",
                      c->bodies[reg].name, "kind", c->bodies[reg].kind, "municipality", org_ref(o));
    }
    enum status s = ST_MISSING;
    if (own_ok || reg != SIZE_MAX)
        s = ST_OK;
    else if (own_any)
        s = ST_ATT;
    if (s == ST_ATT) {
        snprintf(next, sizeof(next), "Benoem de vaste leden van het %s.", label);
    } else if (s == ST_MISSING) {
        fact(facts, "Er is geen %s ingericht, ook niet regionaal.", label);
        snprintf(next, sizeof(next),
                 strcmp(kind, "casusoverleg") == 0
                     ? "Richt een casusoverleg in met vaste leden (gemeente, politie, OM en "
                       "partners) of sluit aan bij een regionaal overleg. De burgemeester "
                       "houdt een casusoverleg in stand, ook voordat er een casus is."
                     : "Organiseer een signaleringsoverleg (gemeente, politie, OM), zelf of "
                       "samen met de regio.");
    }
    json_t *j = item_json(code, title, s, facts, next, !own_ok && reg != SIZE_MAX ? source : NULL);
    json_object_set_new(j, "own_bodies", own);
    json_object_set_new(j, "regional_body", regional);
    return j;
}

static size_t cot_open(const struct muni *m, json_t *open_labels)
{
    size_t open = 0;
    for (size_t f = 0; f < ARRAY_LEN(COT_FUNCTIONS); f++) {
        bool any = false;
        for (size_t i = 0; i < m->n_cot && !any; i++)
            any = strcmp(m->cot[i].function, COT_FUNCTIONS[f].code) == 0;
        if (!any) {
            open++;
            if (open_labels)
                json_array_append_new(open_labels, json_string(COT_FUNCTIONS[f].label));
        }
    }
    return open;
}

/* P5: the COT functions mapped to organisations. */
static json_t *p5(const struct muni *m)
{
    json_t *facts = json_array(), *open_labels = json_array();
    size_t open = cot_open(m, open_labels), n = ARRAY_LEN(COT_FUNCTIONS);
    fact(facts, "%zu van de %zu functies hebben een organisatie.", n - open, n);
    if (open) {
        char names[FACT_MAX] = "";
        size_t i;
        json_t *x;
        json_array_foreach(open_labels, i, x)
        {
            size_t k = strlen(names);
            snprintf(names + k, sizeof(names) - k, "%s%s", i ? ", " : "", json_string_value(x));
        }
        fact(facts, "Open: %s.", names);
    }
    enum status s = open == 0 ? ST_OK : open == n ? ST_MISSING : ST_ATT;
    json_t *j = item_json("P5", "Afspraken over de COT-rollen", s, facts,
                          open ? "Maak met de driehoek en het sociaal domein afspraken over wie "
                                 "de open functies oppakt, en leg ze vast in de tabel."
                               : NULL,
                          NULL);
    json_object_set_new(j, "open", open_labels);
    return j;
}

/* P6: the own privacy instrument and the share of partners that signed. */
static json_t *p6(const struct rctx *c, const struct muni *m)
{
    const struct store_org *o = m->org;
    json_t *facts = json_array();
    char d[16], next[FACT_MAX] = "";
    bool own = org_covenant_ok(o);
    if (own) {
        int64_t day = 0;
        if (o->instrument_date[0] &&
            clock_parse_date(o->instrument_date, strlen(o->instrument_date), &day) == 0)
            fact(facts, "De gemeente tekende (%s) op %s.", store_org_instrument_name(o->instrument),
                 day_nl(day, d));
        else
            fact(facts, "De gemeente heeft getekend (%s).",
                 store_org_instrument_name(o->instrument));
    } else {
        fact(facts, "De gemeente heeft het privacyconvenant niet (meer) getekend: status %s.",
             store_org_status_name(o->status));
        next_add(next, sizeof(next),
                 "Laat het college het privacyconvenant (of de "
                 "toetredingsverklaring) tekenen en leg dat vast bij de "
                 "organisatie.");
    }
    struct partners p = count_partners(c, o->id, NULL);
    int64_t pct = p.total ? (int64_t)(p.signed_ * 100 / p.total) : 0;
    fact(facts, "%zu van de %zu partners getekend (%" PRId64 "%%).", p.signed_, p.total, pct);
    if (p.signed_ < p.total)
        next_add(next, sizeof(next),
                 "Vraag de overige partners te tekenen: zonder handtekening "
                 "delen zij geen gegevens.");
    if (p.core_unsigned)
        fact(facts, "%zu vaste %s van het casusoverleg %s niet getekend.", p.core_unsigned,
             p.core_unsigned == 1 ? "partner" : "partners",
             p.core_unsigned == 1 ? "heeft" : "hebben");
    enum status s = !own ? ST_MISSING : p.core_unsigned ? ST_ATT : ST_OK;
    json_t *j = item_json("P6", "Privacyconvenant getekend", s, facts, next, NULL);
    json_object_set_new(j, "own_signed", json_boolean(own));
    json_object_set_new(j, "partners_signed", json_integer((json_int_t)p.signed_));
    json_object_set_new(j, "partners_total", json_integer((json_int_t)p.total));
    json_object_set_new(j, "partners_signed_percent", json_integer((json_int_t)pct));
    return j;
}

/* The seven items, the summary and the continuity warning. */
static json_t *checklist(const struct rctx *c, const struct muni *m, json_t **summary,
                         bool *warning)
{
    json_t *items = json_array();
    json_array_append_new(items, p1(c, m, warning));
    json_array_append_new(items, p2(c, m));
    json_array_append_new(items, p3(c, m));
    json_array_append_new(
        items, body_item(c, m, "P4", "Casusoverleg voor toekomstige casussen", "casusoverleg"));
    json_array_append_new(items, p5(m));
    json_array_append_new(items, p6(c, m));
    json_array_append_new(
        items, body_item(c, m, "P7", "Signaleringsoverleg georganiseerd", "signaleringsoverleg"));
    json_int_t n[3] = {0, 0, 0};
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        const char *s = json_string_value(json_object_get(x, "status"));
        for (size_t k = 0; s && k < 3; k++)
            n[k] += strcmp(s, STATUSES[k].code) == 0;
    }
    *summary =
        json_pack("{s:I, s:I, s:I}", "in_orde", n[0], "aandachtspunt", n[1], "ontbreekt", n[2]);
    return items;
}

static const char *const WARNING_TEXT =
    "Let op de continuïteit: de aanpak in deze gemeente hangt af van één persoon. Noem een "
    "plaatsvervanger of een tweede dossierhouder. De Inspectie waarschuwt voor afhankelijkheid "
    "van één of twee medewerkers.";

/* ---- access --------------------------------------------------------------------------------- */

/* The municipality org (404 unless it is a gemeente the actor may read) and its region. */
static int open_muni(struct app *a, const struct actor *who, int64_t id, const char *action,
                     struct store **st, struct store_org *org, struct err *e)
{
    if (policy_scope(who, action, "readiness") == 0)
        return in_denied(e);
    int rc = app_store(a, st, e);
    if (rc != 0)
        return rc;
    struct policy_obj o = {.owner_org_id = id};
    if (store_org_get(*st, id, org, NULL) != 0 || org->kind != STORE_ORG_GEMEENTE ||
        policy_check(who, "read", "readiness", &o, NULL) != 0)
        return not_found(e);
    if (strcmp(action, "read") != 0 && policy_check(who, action, "readiness", &o, NULL) != 0)
        return in_denied(e);
    return 0;
}

static bool can_update(const struct actor *who, int64_t muni)
{
    struct policy_obj o = {.owner_org_id = muni};
    return policy_check(who, "update", "readiness", &o, NULL) == 0;
}

/* ---- reads ------------------------------------------------------------------------------------
 */

int app_readiness_list(struct app *a, const struct alog_req *rq, json_t **out,
                       struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct store_org own;
    struct rctx c;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "read", "readiness") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_org_get(st, who->org_id, &own, e);
    if (rc == 0)
        rc = rctx_load(a, st, own.region_id, &c, e);
    if (rc != 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < c.n_orgs; i++) {
        const struct store_org *o = &c.orgs[i];
        struct policy_obj po = {.owner_org_id = o->id};
        if (o->kind != STORE_ORG_GEMEENTE || policy_check(who, "read", "readiness", &po, NULL))
            continue;
        struct muni *m = NULL;
        rc = muni_load(&c, o, &m, e);
        if (rc != 0)
            break;
        json_t *summary = NULL;
        bool warning = false;
        json_t *full = checklist(&c, m, &summary, &warning);
        /* The overview carries statuses only: no names, no facts. */
        json_t *brief = json_array();
        size_t k;
        json_t *x;
        json_array_foreach(full, k, x)
        {
            json_array_append_new(brief, json_pack("{s:O, s:O, s:O, s:O}", "code",
                                                   json_object_get(x, "code"), "title",
                                                   json_object_get(x, "title"), "status",
                                                   json_object_get(x, "status"), "status_label",
                                                   json_object_get(x, "status_label")));
        }
        json_decref(full);
        json_array_append_new(items,
                              json_pack("{s:o, s:o, s:b, s:o, s:b}", "municipality", org_ref(o),
                                        "summary", summary, "continuity_warning", warning, "items",
                                        brief, "can_update", can_update(who, o->id)));
        muni_release(m);
    }
    rctx_release(&c);
    struct alog_ev ev = {.action = AUDIT_ACT_READ,
                         .object_type = "readiness",
                         .object_id = "",
                         .fields = "readiness:summary"};
    if (rc == 0)
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}

static json_t *docs_json(const struct muni *m)
{
    json_t *arr = json_array();
    char d[11];
    for (size_t i = 0; i < m->n_docs; i++) {
        const struct store_policy_doc *x = &m->docs[i];
        json_array_append_new(
            arr,
            json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:o}", "id", (json_int_t)x->id, "kind",
                      x->kind, "kind_label", LABEL(DOC_KINDS, x->kind), "title", x->title,
                      "reference", x->reference[0] ? json_string(x->reference) : json_null(),
                      "decision_date",
                      x->decision_day ? json_string(day_str(x->decision_day, d)) : json_null(),
                      "withdrawn", x->withdrawn_at != 0, "withdrawn_at",
                      x->withdrawn_at ? json_time(x->withdrawn_at) : json_null()));
    }
    return arr;
}

/* Trainings without names: the organisations that took part and how many attended. */
static json_t *trainings_json(const struct rctx *c, const struct muni *m, bool names, int64_t *subj,
                              size_t *n_subj, int *rc, struct err *e)
{
    json_t *arr = json_array();
    char d[11];
    for (size_t i = 0; *rc == 0 && i < m->n_trs; i++) {
        const struct store_training *t = &m->trs[i];
        int64_t att[MAX_ATTENDEES];
        size_t na = 0;
        *rc = store_training_attendees(c->st, t->id, att, MAX_ATTENDEES, &na, e);
        json_t *orgs = json_array(), *people = json_array();
        int64_t seen[MAX_ATTENDEES];
        size_t ns = 0;
        for (size_t k = 0; *rc == 0 && k < na; k++) {
            const struct store_user *u = user_of(c, att[k]);
            struct store_org o;
            int64_t org = u ? u->org_id : 0;
            if (names) {
                json_t *ref = json_null();
                if (org && store_org_get(c->st, org, &o, NULL) == 0)
                    ref = json_pack("{s:I, s:s}", "id", (json_int_t)o.id, "name", o.name);
                json_array_append_new(people,
                                      json_pack("{s:I, s:s, s:o}", "id", (json_int_t)att[k], "name",
                                                u ? u->display_name : "?", "org", ref));
                if (subj && !id_in(subj, *n_subj, att[k]) && *n_subj < ALOG_MAX_SUBJECTS)
                    subj[(*n_subj)++] = att[k];
            }
            if (org && !id_in(seen, ns, org)) {
                seen[ns++] = org;
                if (store_org_get(c->st, org, &o, NULL) == 0)
                    json_array_append_new(
                        orgs, json_pack("{s:I, s:s}", "id", (json_int_t)o.id, "name", o.name));
            }
        }
        json_t *tj = json_pack("{s:I, s:s, s:s, s:o, s:I, s:o}", "id", (json_int_t)t->id, "date",
                               day_str(t->day, d), "topic", t->topic, "provider",
                               t->provider[0] ? json_string(t->provider) : json_null(),
                               "attendee_count", (json_int_t)na, "orgs", orgs);
        if (names)
            json_object_set_new(tj, "attendees", people);
        else
            json_decref(people);
        json_array_append_new(arr, tj);
    }
    return arr;
}

static json_t *cot_json(const struct rctx *c, const struct muni *m)
{
    json_t *arr = json_array();
    for (size_t f = 0; f < ARRAY_LEN(COT_FUNCTIONS); f++) {
        json_t *orgs = json_array();
        const char *note = NULL;
        for (size_t i = 0; i < m->n_cot; i++) {
            if (strcmp(m->cot[i].function, COT_FUNCTIONS[f].code) != 0)
                continue;
            struct store_org o;
            const struct store_org *po = org_of(c, m->cot[i].org_id);
            if (po == NULL && store_org_get(c->st, m->cot[i].org_id, &o, NULL) == 0)
                po = &o;
            json_array_append_new(orgs, org_ref(po));
            if (note == NULL && m->cot[i].note[0])
                note = m->cot[i].note;
        }
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o, s:b}", "function",
                                             COT_FUNCTIONS[f].code, "label", COT_FUNCTIONS[f].label,
                                             "orgs", orgs, "note",
                                             note ? json_string(note) : json_null(), "open",
                                             json_array_size(orgs) == 0));
    }
    return arr;
}

/* The choices of the forms (only for those who may update). */
static json_t *options_json(const struct rctx *c, const struct muni *m)
{
    json_t *dhs = json_array(), *people = json_array(), *orgs = json_array(),
           *reg_orgs = json_array(), *reg_bodies = json_array();
    for (size_t i = 0; i < c->n_users; i++) {
        const struct store_user *u = &c->users[i];
        if (is_dh(u, m->org->id))
            json_array_append_new(
                dhs, json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "name", u->display_name));
        const struct store_org *o = org_of(c, u->org_id);
        if (o && u->status == STORE_USER_ACTIVE &&
            (u->roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER | POLICY_ROLE_PARTNER |
                         POLICY_ROLE_BURGEMEESTER)))
            json_array_append_new(people,
                                  json_pack("{s:I, s:s, s:{s:I, s:s}}", "id", (json_int_t)u->id,
                                            "name", u->display_name, "org", "id", (json_int_t)o->id,
                                            "name", o->name));
    }
    for (size_t i = 0; i < c->n_orgs; i++) {
        const struct store_org *o = &c->orgs[i];
        json_array_append_new(orgs, org_ref(o));
        if (o->id != m->org->id && (o->kind == STORE_ORG_GEMEENTE || o->kind == STORE_ORG_ZVH))
            json_array_append_new(reg_orgs, org_ref(o));
    }
    for (size_t b = 0; b < c->n_bodies; b++) {
        const struct store_body *bd = &c->bodies[b];
        if (bd->municipality_id == m->org->id || strcmp(bd->kind, "lokale_driehoek") == 0)
            continue;
        json_array_append_new(reg_bodies,
                              json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)bd->id, "name",
                                        bd->name, "kind", bd->kind, "municipality",
                                        org_ref(org_of(c, bd->municipality_id))));
    }
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "dossierhouders", dhs, "people", people,
                     "orgs", orgs, "regional_orgs", reg_orgs, "regional_bodies", reg_bodies,
                     "cot_functions", codes_json(COT_FUNCTIONS, ARRAY_LEN(COT_FUNCTIONS)),
                     "document_kinds", codes_json(DOC_KINDS, ARRAY_LEN(DOC_KINDS)));
}

int app_readiness_get(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                      json_t **out, struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct store_org org;
    struct rctx c;
    struct muni *m = NULL;
    *out = NULL;
    *out_log = NULL;
    int rc = open_muni(a, who, municipality_id, "read", &st, &org, e);
    if (rc == 0)
        rc = rctx_load(a, st, org.region_id, &c, e);
    if (rc != 0)
        return rc;
    const struct store_org *o = org_of(&c, municipality_id);
    rc = o ? muni_load(&c, o, &m, e) : not_found(e);
    if (rc != 0) {
        rctx_release(&c);
        return rc;
    }
    json_t *summary = NULL;
    bool warning = false, upd = can_update(who, municipality_id);
    json_t *items = checklist(&c, m, &summary, &warning);
    json_t *trs = trainings_json(&c, m, false, NULL, NULL, &rc, e);
    json_t *j = json_pack(
        "{s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o}, s:b, s:{s:I, s:I}}",
        "municipality", org_ref(o), "summary", summary, "continuity_warning", warning,
        "continuity_text", warning ? json_string(WARNING_TEXT) : json_null(), "items", items,
        "documents", docs_json(m), "trainings", trs, "cot", cot_json(&c, m), "readiness",
        "dossierhouder_id",
        m->r.dossierhouder_id ? json_integer(m->r.dossierhouder_id) : json_null(), "deputy_id",
        m->r.deputy_id ? json_integer(m->r.deputy_id) : json_null(), "regional_org_id",
        m->r.regional_org_id ? json_integer(m->r.regional_org_id) : json_null(), "regional_body_id",
        m->r.regional_body_id ? json_integer(m->r.regional_body_id) : json_null(), "can_update",
        upd, "settings", "training_months", (json_int_t)c.cfg->readiness_training_months,
        "keyfigure_contact_days", (json_int_t)c.cfg->keyfigure_contact_days);
    if (j && upd)
        json_object_set_new(j, "options", options_json(&c, m));
    /* The read names the dossierhouder and the deputy: one record each. */
    uint8_t subj[2][AUDIT_SUBJECT_BYTES];
    size_t ns = 0;
    if (m->r.dossierhouder_id)
        alog_subject(a, "user", m->r.dossierhouder_id, subj[ns++]);
    if (m->r.deputy_id)
        alog_subject(a, "user", m->r.deputy_id, subj[ns++]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, municipality_id);
    struct alog_ev ev = {.action = AUDIT_ACT_READ,
                         .object_type = "readiness",
                         .object_id = oid,
                         .fields = "readiness:p1-p7,documents,trainings,cot",
                         .subject_type = "user",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = ns};
    if (rc == 0 && j == NULL)
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    muni_release(m);
    rctx_release(&c);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

int app_readiness_trainings(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                            json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_org org;
    struct rctx c;
    struct muni *m = NULL;
    *out = NULL;
    *out_log = NULL;
    int rc = open_muni(a, &rq->actor, municipality_id, "read", &st, &org, e);
    if (rc == 0)
        rc = rctx_load(a, st, org.region_id, &c, e);
    if (rc != 0)
        return rc;
    const struct store_org *o = org_of(&c, municipality_id);
    rc = o ? muni_load(&c, o, &m, e) : not_found(e);
    if (rc != 0) {
        rctx_release(&c);
        return rc;
    }
    int64_t *ids = calloc(ALOG_MAX_SUBJECTS, sizeof(*ids));
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(ALOG_MAX_SUBJECTS, AUDIT_SUBJECT_BYTES);
    size_t ns = 0;
    json_t *arr = NULL;
    if (ids == NULL || subj == NULL)
        rc = ERR_NOMEM;
    else
        arr = trainings_json(&c, m, true, ids, &ns, &rc, e);
    for (size_t i = 0; rc == 0 && i < ns; i++)
        alog_subject(a, "user", ids[i], subj[i]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, municipality_id);
    struct alog_ev ev = {.action = AUDIT_ACT_READ,
                         .object_type = "training",
                         .object_id = oid,
                         .fields = "training:date,topic,provider,attendees",
                         .subject_type = "user",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = ns};
    if (rc == 0)
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    free(ids);
    free(subj);
    muni_release(m);
    rctx_release(&c);
    if (rc != 0) {
        json_decref(arr);
        return rc;
    }
    *out = json_pack("{s:I, s:o}", "municipality_id", (json_int_t)municipality_id, "items", arr);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- writes -----------------------------------------------------------------------------------
 */

struct rw {
    struct app *a;
    const struct alog_req *rq;
    int64_t muni;
    enum audit_action act;
    const char *object;
    const char *fields;
    const int64_t *subjects; /* user ids */
    size_t n_subjects;
    int (*write)(struct store *st, struct rw *w, struct err *e);
    struct store_readiness r;
    struct store_policy_doc doc;
    struct store_training tr;
    const int64_t *attendees;
    size_t n_att;
    const struct store_cot *cot;
    size_t n_cot;
    int64_t id;
};

static int rw_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct rw *w = ctx;
    int rc = w->write(st, w, e);
    if (rc != 0)
        return rc;
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] =
        calloc(w->n_subjects ? w->n_subjects : 1, AUDIT_SUBJECT_BYTES);
    if (subj == NULL)
        return ERR_NOMEM;
    for (size_t i = 0; i < w->n_subjects; i++)
        alog_subject(w->a, "user", w->subjects[i], subj[i]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, w->id ? w->id : w->muni);
    struct alog_ev ev = {.action = w->act,
                         .object_type = w->object,
                         .object_id = oid,
                         .fields = w->fields,
                         .subject_type = w->n_subjects ? "user" : NULL,
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = w->n_subjects};
    rc = alog_tx_add(tx, w->rq, &ev, e);
    free(subj);
    return rc;
}

static int write_people(struct store *st, struct rw *w, struct err *e)
{
    return store_readiness_set(st, &w->r, e);
}

int app_readiness_set_people(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                             const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"dossierhouder_id", "deputy_id", "regional_org_id",
                                       "regional_body_id"};
    struct store *st = NULL;
    struct store_org org;
    struct rctx c;
    *out = NULL;
    int rc = open_muni(a, &rq->actor, municipality_id, "update", &st, &org, e);
    if (rc == 0)
        rc = rctx_load(a, st, org.region_id, &c, e);
    if (rc != 0)
        return rc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t dh = in_id(in, NULL, "dossierhouder_id", false, e);
    int64_t dep = in_id(in, NULL, "deputy_id", false, e);
    int64_t ro = in_id(in, NULL, "regional_org_id", false, e);
    int64_t rb = in_id(in, NULL, "regional_body_id", false, e);
    if (dh && !is_dh(user_of(&c, dh), municipality_id))
        err_field(e, "dossierhouder_id", "kies een actieve dossierhouder van deze gemeente");
    if (dep && !is_dh(user_of(&c, dep), municipality_id))
        err_field(e, "deputy_id", "kies een actieve dossierhouder van deze gemeente");
    else if (dep && dep == dh)
        err_field(e, "deputy_id", "de plaatsvervanger is een ander dan de dossierhouder");
    else if (dep && !dh)
        err_field(e, "deputy_id", "noem eerst een dossierhouder");
    const struct store_org *reg = org_of(&c, ro);
    if (ro && (reg == NULL || ro == municipality_id ||
               (reg->kind != STORE_ORG_GEMEENTE && reg->kind != STORE_ORG_ZVH)))
        err_field(e, "regional_org_id",
                  "kies een andere gemeente of het Zorg- en "
                  "Veiligheidshuis in de regio");
    bool body_ok = false;
    for (size_t b = 0; rb && b < c.n_bodies; b++)
        body_ok =
            body_ok || (c.bodies[b].id == rb && c.bodies[b].municipality_id != municipality_id &&
                        strcmp(c.bodies[b].kind, "lokale_driehoek") != 0);
    if (rb && !body_ok)
        err_field(e, "regional_body_id", "kies een overleg van een andere gemeente in de regio");
    rctx_release(&c);
    if (in_has_errors(e))
        return ERR_INVAL;
    int64_t subjects[2];
    size_t ns = 0;
    if (dh)
        subjects[ns++] = dh;
    if (dep)
        subjects[ns++] = dep;
    struct rw w = {.a = a,
                   .rq = rq,
                   .muni = municipality_id,
                   .act = AUDIT_ACT_UPDATE,
                   .object = "readiness",
                   .fields = "readiness:dossierhouder,deputy,regional",
                   .subjects = subjects,
                   .n_subjects = ns,
                   .write = write_people};
    w.r = (struct store_readiness){.municipality_id = municipality_id,
                                   .dossierhouder_id = dh,
                                   .deputy_id = dep,
                                   .regional_org_id = ro,
                                   .regional_body_id = rb,
                                   .updated_by = rq->actor.user_id,
                                   .updated_at = clock_now_ms()};
    rc = alog_run(a, rw_fn, &w, e);
    if (rc != 0)
        return rc;
    log_info("readiness.people", "muni=%" PRId64 " by=%" PRId64, municipality_id,
             rq->actor.user_id);
    *out = json_pack("{s:I, s:o, s:o, s:o, s:o}", "municipality_id", (json_int_t)municipality_id,
                     "dossierhouder_id", dh ? json_integer(dh) : json_null(), "deputy_id",
                     dep ? json_integer(dep) : json_null(), "regional_org_id",
                     ro ? json_integer(ro) : json_null(), "regional_body_id",
                     rb ? json_integer(rb) : json_null());
    return *out ? 0 : ERR_NOMEM;
}

static int write_doc(struct store *st, struct rw *w, struct err *e)
{
    return store_policy_doc_add(st, &w->doc, &w->id, e);
}

static void copy_str(char *dst, size_t cap, struct str s)
{
    size_t n = s.p ? (s.n < cap - 1 ? s.n : cap - 1) : 0;
    if (n)
        memcpy(dst, s.p, n);
    dst[n] = '\0';
}

int app_readiness_add_document(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                               const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"kind", "title", "reference", "decision_date"};
    struct store *st = NULL;
    struct store_org org;
    *out = NULL;
    int rc = open_muni(a, &rq->actor, municipality_id, "update", &st, &org, e);
    if (rc != 0)
        return rc;
    struct str kind, title, ref;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "kind", true, 40, false, &kind, e);
    in_text(in, NULL, "title", true, TEXT_MAX, false, &title, e);
    in_text(in, NULL, "reference", false, TEXT_MAX, false, &ref, e);
    int64_t day = in_date(in, NULL, "decision_date", false, e);
    const struct code *k = kind.p ? FIND(DOC_KINDS, kind) : NULL;
    if (kind.p && !k)
        err_field(e, "kind",
                  "kies lokale_scan, beleidsstrategie, werkafspraken, "
                  "privacyreglement of overig");
    if (day > signal_today())
        err_field(e, "decision_date", "ligt in de toekomst");
    if (in_has_errors(e) || k == NULL) /* k: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    struct store_policy_doc *docs = calloc(MAX_DOCS, sizeof(*docs));
    size_t n = 0;
    rc = docs ? store_policy_doc_list(st, municipality_id, docs, MAX_DOCS, &n, e) : ERR_NOMEM;
    free(docs);
    if (rc == ERR_TOOBIG || (rc == 0 && n >= MAX_DOCS))
        return in_conflict(e, NULL, "Deze gemeente heeft het maximum aantal documenten (200).");
    if (rc != 0)
        return rc;
    struct rw w = {.a = a,
                   .rq = rq,
                   .muni = municipality_id,
                   .act = AUDIT_ACT_CREATE,
                   .object = "policy_document",
                   .fields = "kind,title,reference,decision_date",
                   .write = write_doc};
    w.doc.municipality_id = municipality_id;
    w.doc.decision_day = day;
    w.doc.created_by = rq->actor.user_id;
    w.doc.created_at = clock_now_ms();
    snprintf(w.doc.kind, sizeof(w.doc.kind), "%s", k->code);
    copy_str(w.doc.title, sizeof(w.doc.title), title);
    copy_str(w.doc.reference, sizeof(w.doc.reference), ref);
    rc = alog_run(a, rw_fn, &w, e);
    if (rc != 0)
        return rc;
    log_info("readiness.document", "muni=%" PRId64 " doc=%" PRId64, municipality_id, w.id);
    *out = json_pack("{s:I}", "created_id", (json_int_t)w.id);
    return *out ? 0 : ERR_NOMEM;
}

static int write_withdraw(struct store *st, struct rw *w, struct err *e)
{
    return store_policy_doc_withdraw(st, w->id, w->rq->actor.user_id, clock_now_ms(), e);
}

int app_readiness_withdraw_document(struct app *a, const struct alog_req *rq, int64_t doc_id,
                                    json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct store_org org;
    struct store_policy_doc d;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "readiness") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    if (store_policy_doc_get(st, doc_id, &d, NULL) != 0) {
        err_clear(e);
        return err_set(e, ERR_NOTFOUND,
                       "Dit document bestaat niet of u heeft er geen toegang "
                       "toe.");
    }
    rc = open_muni(a, &rq->actor, d.municipality_id, "update", &st, &org, e);
    if (rc != 0)
        return rc;
    if (d.withdrawn_at)
        return in_conflict(e, NULL, "Dit document is al ingetrokken.");
    struct rw w = {.a = a,
                   .rq = rq,
                   .muni = d.municipality_id,
                   .act = AUDIT_ACT_UPDATE,
                   .object = "policy_document",
                   .fields = "withdrawn",
                   .write = write_withdraw,
                   .id = doc_id};
    rc = alog_run(a, rw_fn, &w, e);
    if (rc != 0)
        return rc;
    log_info("readiness.document_withdrawn", "doc=%" PRId64, doc_id);
    *out = json_pack("{s:I, s:b}", "id", (json_int_t)doc_id, "withdrawn", true);
    return *out ? 0 : ERR_NOMEM;
}

static int write_training(struct store *st, struct rw *w, struct err *e)
{
    return store_training_add(st, &w->tr, w->attendees, w->n_att, &w->id, e);
}

int app_readiness_add_training(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                               const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"date", "topic", "provider", "attendee_ids"};
    struct store *st = NULL;
    struct store_org org;
    *out = NULL;
    int rc = open_muni(a, &rq->actor, municipality_id, "update", &st, &org, e);
    if (rc != 0)
        return rc;
    struct str topic, provider;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t day = in_date(in, NULL, "date", true, e);
    in_text(in, NULL, "topic", true, TEXT_MAX, false, &topic, e);
    in_text(in, NULL, "provider", false, TEXT_MAX, false, &provider, e);
    if (day > signal_today())
        err_field(e, "date", "ligt in de toekomst: leg een training vast als hij gegeven is");
    json_t *ids = json_object_get(in, "attendee_ids");
    int64_t att[MAX_ATTENDEES];
    size_t na = 0;
    if (!json_is_array(ids) || json_array_size(ids) == 0) {
        err_field(e, "attendee_ids", "noem minstens één deelnemer");
    } else if (json_array_size(ids) > MAX_ATTENDEES) {
        err_field(e, "attendee_ids", "te veel deelnemers (maximaal %d)", MAX_ATTENDEES);
    } else {
        size_t i;
        json_t *x;
        json_array_foreach(ids, i, x)
        {
            char f[48];
            snprintf(f, sizeof(f), "attendee_ids/%zu", i);
            struct store_user u;
            int64_t id = json_is_integer(x) ? (int64_t)json_integer_value(x) : 0;
            if (id <= 0)
                err_field(e, f, "moet een id (positief getal) zijn");
            else if (id_in(att, na, id))
                err_field(e, f, "staat al in de lijst");
            else if (store_user_get(st, id, &u, NULL) != 0 || u.status == STORE_USER_DISABLED)
                err_field(e, f, "onbekend of geblokkeerd account");
            else
                att[na++] = id;
        }
    }
    if (in_has_errors(e))
        return ERR_INVAL;
    struct store_training *trs = calloc(MAX_TRAININGS, sizeof(*trs));
    size_t n = 0;
    rc = trs ? store_training_list(st, municipality_id, trs, MAX_TRAININGS, &n, e) : ERR_NOMEM;
    free(trs);
    if (rc == ERR_TOOBIG || (rc == 0 && n >= MAX_TRAININGS))
        return in_conflict(e, NULL, "Deze gemeente heeft het maximum aantal trainingen (500).");
    if (rc != 0)
        return rc;
    struct rw w = {.a = a,
                   .rq = rq,
                   .muni = municipality_id,
                   .act = AUDIT_ACT_CREATE,
                   .object = "training",
                   .fields = "training:date,topic,provider,attendees",
                   .subjects = att,
                   .n_subjects = na,
                   .write = write_training,
                   .attendees = att,
                   .n_att = na};
    w.tr.municipality_id = municipality_id;
    w.tr.day = day;
    w.tr.created_by = rq->actor.user_id;
    w.tr.created_at = clock_now_ms();
    copy_str(w.tr.topic, sizeof(w.tr.topic), topic);
    copy_str(w.tr.provider, sizeof(w.tr.provider), provider);
    rc = alog_run(a, rw_fn, &w, e);
    if (rc != 0)
        return rc;
    log_info("readiness.training", "muni=%" PRId64 " training=%" PRId64 " attendees=%zu",
             municipality_id, w.id, na);
    *out = json_pack("{s:I}", "created_id", (json_int_t)w.id);
    return *out ? 0 : ERR_NOMEM;
}

static int write_cot(struct store *st, struct rw *w, struct err *e)
{
    return store_cot_replace(st, w->muni, w->cot, w->n_cot, e);
}

int app_readiness_set_cot(struct app *a, const struct alog_req *rq, int64_t municipality_id,
                          const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"roles"};
    static const char *const rkeys[] = {"function", "org_ids", "note"};
    struct store *st = NULL;
    struct store_org org;
    *out = NULL;
    int rc = open_muni(a, &rq->actor, municipality_id, "update", &st, &org, e);
    if (rc != 0)
        return rc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    json_t *roles = json_object_get(in, "roles");
    struct store_cot *rows = calloc(MAX_COT_ROWS, sizeof(*rows));
    if (rows == NULL)
        return ERR_NOMEM;
    size_t nr = 0;
    bool seen[ARRAY_LEN(COT_FUNCTIONS)] = {false};
    int64_t now = clock_now_ms();
    if (!json_is_array(roles))
        err_field(e, "roles", "is verplicht (een lijst)");
    else if (json_array_size(roles) > ARRAY_LEN(COT_FUNCTIONS))
        err_field(e, "roles", "hoogstens %zu functies", ARRAY_LEN(COT_FUNCTIONS));
    size_t i;
    json_t *x;
    json_array_foreach(
        json_is_array(roles) && json_array_size(roles) <= ARRAY_LEN(COT_FUNCTIONS) ? roles : NULL,
        i, x)
    {
        char pre[32], f[48];
        if (!in_array_item(x, "roles", i, rkeys, ARRAY_LEN(rkeys), pre, e))
            continue;
        struct str fn, note;
        in_text(x, pre, "function", true, 40, false, &fn, e);
        in_text(x, pre, "note", false, STORE_RD_NOTE_MAX, false, &note, e);
        const struct code *fc = fn.p ? FIND(COT_FUNCTIONS, fn) : NULL;
        snprintf(f, sizeof(f), "%s/function", pre);
        if (fn.p && !fc) {
            err_field(e, f, "onbekende functie");
            continue;
        }
        if (fc) {
            size_t fi = (size_t)(fc - COT_FUNCTIONS);
            if (seen[fi])
                err_field(e, f, "deze functie staat er al in");
            seen[fi] = true;
        }
        json_t *orgs = json_object_get(x, "org_ids");
        snprintf(f, sizeof(f), "%s/org_ids", pre);
        if (orgs != NULL && !json_is_array(orgs)) {
            err_field(e, f, "moet een lijst van organisaties zijn");
            continue;
        }
        if (json_array_size(orgs) > MAX_COT_ORGS) {
            err_field(e, f, "te veel organisaties (maximaal %d)", MAX_COT_ORGS);
            continue;
        }
        if (note.p && json_array_size(orgs) == 0) {
            snprintf(f, sizeof(f), "%s/note", pre);
            err_field(e, f, "een toelichting hoort bij minstens één organisatie");
        }
        size_t k;
        json_t *y;
        int64_t done[MAX_COT_ORGS];
        size_t nd = 0;
        json_array_foreach(orgs, k, y)
        {
            char g[64];
            snprintf(g, sizeof(g), "%s/org_ids/%zu", pre, k);
            struct store_org o;
            int64_t oid = json_is_integer(y) ? (int64_t)json_integer_value(y) : 0;
            if (oid <= 0) {
                err_field(e, g, "moet een id (positief getal) zijn");
            } else if (id_in(done, nd, oid)) {
                err_field(e, g, "staat al in de lijst");
            } else if (store_org_get(st, oid, &o, NULL) != 0) {
                err_field(e, g, "onbekende organisatie");
            } else if (fc && nr < MAX_COT_ROWS) {
                done[nd++] = oid;
                struct store_cot *r = &rows[nr++];
                snprintf(r->function, sizeof(r->function), "%s", fc->code);
                r->org_id = oid;
                copy_str(r->note, sizeof(r->note), note);
                r->updated_by = rq->actor.user_id;
                r->updated_at = now;
            }
        }
    }
    if (in_has_errors(e)) {
        free(rows);
        return ERR_INVAL;
    }
    struct rw w = {.a = a,
                   .rq = rq,
                   .muni = municipality_id,
                   .act = AUDIT_ACT_UPDATE,
                   .object = "cot_role",
                   .fields = "function,org,note",
                   .write = write_cot,
                   .cot = rows,
                   .n_cot = nr};
    rc = alog_run(a, rw_fn, &w, e);
    free(rows);
    if (rc != 0)
        return rc;
    log_info("readiness.cot", "muni=%" PRId64 " rows=%zu", municipality_id, nr);
    *out = json_pack("{s:I, s:I}", "municipality_id", (json_int_t)municipality_id, "rows",
                     (json_int_t)nr);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- support directory ------------------------------------------------------------------------
 */

static json_t *support_json(const struct store_support_org *o)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:I}", "id", (json_int_t)o->id, "name", o->name,
                     "description", o->description, "contact", o->contact, "url",
                     o->url[0] ? json_string(o->url) : json_null(), "sort", (json_int_t)o->sort);
}

int app_support_list(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_check(who, "list", "support_org", NULL, NULL) != 0)
        return in_denied(e);
    struct store_support_org *list = calloc(MAX_SUPPORT, sizeof(*list));
    size_t n = 0;
    int rc = list ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_support_list(st, list, MAX_SUPPORT, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++)
        json_array_append_new(items, support_json(&list[i]));
    free(list);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:b}", "items", items, "can_edit",
                     policy_check(who, "update", "support_org", NULL, NULL) == 0);
    return *out ? 0 : ERR_NOMEM;
}

/* Reads the fields of in into o (present ones only, unless all). */
static void support_fields(const json_t *in, bool all, struct store_support_org *o, struct err *e)
{
    struct str name, desc, contact, url;
    in_text(in, NULL, "name", all, STORE_RD_TITLE_MAX, false, &name, e);
    in_text(in, NULL, "description", false, STORE_SUPPORT_DESC_MAX, true, &desc, e);
    in_text(in, NULL, "contact", false, STORE_SUPPORT_CONTACT_MAX, false, &contact, e);
    in_text(in, NULL, "url", false, STORE_SUPPORT_URL_MAX, false, &url, e);
    json_t *sort = json_object_get(in, "sort");
    if (sort && !json_is_null(sort) &&
        (!json_is_integer(sort) || json_integer_value(sort) < 0 ||
         json_integer_value(sort) > 100000))
        err_field(e, "sort", "een getal van 0 tot en met 100000");
    else if (json_is_integer(sort))
        o->sort = (int64_t)json_integer_value(sort);
    if (url.p) {
        bool ok = url.n > 8 && strncmp(url.p, "https://", 8) == 0;
        for (size_t i = 0; ok && i < url.n; i++)
            ok = (unsigned char)url.p[i] > 0x20 && url.p[i] != '"' && url.p[i] != '<' &&
                 url.p[i] != '>' && url.p[i] != '\\';
        if (!ok)
            err_field(e, "url", "een volledig webadres dat met https:// begint");
    }
    if (name.p)
        copy_str(o->name, sizeof(o->name), name);
    if (all || json_object_get(in, "description"))
        copy_str(o->description, sizeof(o->description), desc);
    if (all || json_object_get(in, "contact"))
        copy_str(o->contact, sizeof(o->contact), contact);
    if (all || json_object_get(in, "url"))
        copy_str(o->url, sizeof(o->url), url);
}

static int support_conflict(int rc, struct err *e)
{
    if (rc == ERR_CONFLICT)
        return in_conflict(e, "name", "Er staat al een steunpunt met deze naam in de lijst.");
    return rc;
}

int app_support_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                       struct err *e)
{
    static const char *const keys[] = {"name", "description", "contact", "url", "sort"};
    struct store *st = NULL;
    struct store_support_org o;
    *out = NULL;
    if (policy_check(&rq->actor, "create", "support_org", NULL, NULL) != 0)
        return in_denied(e);
    memset(&o, 0, sizeof(o));
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    support_fields(in, true, &o, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    o.updated_by = rq->actor.user_id;
    o.updated_at = clock_now_ms();
    size_t n = 0;
    struct store_support_org *list = calloc(MAX_SUPPORT, sizeof(*list));
    int rc = list ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_support_list(st, list, MAX_SUPPORT, &n, e);
    free(list);
    if (rc == ERR_TOOBIG || (rc == 0 && n >= MAX_SUPPORT))
        return in_conflict(e, NULL, "De lijst heeft het maximum aantal steunpunten (200).");
    if (rc == 0)
        rc = support_conflict(store_support_add(st, &o, &o.id, e), e);
    if (rc != 0)
        return rc;
    log_info("support.created", "id=%" PRId64 " by=%" PRId64, o.id, rq->actor.user_id);
    *out = support_json(&o);
    return *out ? 0 : ERR_NOMEM;
}

static int support_missing(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit steunpunt bestaat niet (meer).");
}

int app_support_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                       json_t **out, struct err *e)
{
    static const char *const keys[] = {"name", "description", "contact", "url", "sort"};
    struct store *st = NULL;
    struct store_support_org o;
    *out = NULL;
    if (policy_check(&rq->actor, "update", "support_org", NULL, NULL) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    if (store_support_get(st, id, &o, NULL) != 0)
        return support_missing(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    if (json_object_size(in) == 0)
        err_field(e, "name", "geef minstens één veld om te wijzigen");
    support_fields(in, false, &o, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    o.updated_by = rq->actor.user_id;
    o.updated_at = clock_now_ms();
    rc = support_conflict(store_support_update(st, &o, e), e);
    if (rc == ERR_NOTFOUND)
        return support_missing(e);
    if (rc != 0)
        return rc;
    log_info("support.updated", "id=%" PRId64 " by=%" PRId64, id, rq->actor.user_id);
    *out = support_json(&o);
    return *out ? 0 : ERR_NOMEM;
}

int app_support_remove(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct err *e)
{
    struct store *st = NULL;
    *out = NULL;
    if (policy_check(&rq->actor, "delete", "support_org", NULL, NULL) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_support_remove(st, id, rq->actor.user_id, clock_now_ms(), e);
    if (rc == ERR_NOTFOUND)
        return support_missing(e);
    if (rc != 0)
        return rc;
    log_info("support.removed", "id=%" PRId64 " by=%" PRId64, id, rq->actor.user_id);
    *out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "removed", true);
    return *out ? 0 : ERR_NOMEM;
}
