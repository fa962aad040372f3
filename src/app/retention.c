/* retention.c: retention terms, the purge, legal holds, extensions and the destruction report
 * (see retention.h and docs/retention.md). */
#include "core/common.h"

#include <pthread.h>

#include "app/case.h"
#include "app/input.h"
#include "app/elsewhere.h"
#include "app/inzage.h"
#include "app/retention.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/rand.h"
#include "store/inzage.h"
#include "store/retention.h"
#include "store/store.h"

_Static_assert(STORE_RETENTION_PSEUDONYM_BYTES == AUDIT_SUBJECT_BYTES,
               "a tombstone carries the access-log pseudonym");

static const struct code KINDS[] = {{"signal", "Melding"},
                                    {"case", "Casus"},
                                    {"key_figure", "Sleutelfiguur"},
                                    {"rights_request", "Verzoek betrokkene"},
                                    {"inzage_export", "Inzage-overzicht zonder verzoek"},
                                    {"breach", "Datalek"}};

/* What a legal hold or an extension can be placed on: not a key figure, nor an inzage export
 * that answers a request (it follows the request). */
static const struct code HOLD_KINDS[] = {{"signal", "Melding"},
                                         {"case", "Casus"},
                                         {"rights_request", "Verzoek betrokkene"},
                                         {"inzage_export", "Inzage-overzicht zonder verzoek"}};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND,
                   "Deze melding of casus bestaat niet of u heeft er geen toegang toe.");
}

/* A few days of slack on the candidate cut-offs: month arithmetic clips at month ends, the exact
 * expiry is computed per item. */
#define CUTOFF_SLACK 4

int64_t retention_expiry(const struct config *cfg, const struct store_retention_item *it)
{
    int64_t base = 0;
    if (strcmp(it->kind, "signal") == 0)
        base = case_add_months(it->start_day, cfg->signal_retention_months);
    else if (strcmp(it->kind, "case") == 0)
        base = it->until_day;
    else if (strcmp(it->kind, "key_figure") == 0)
        base = case_add_months(it->start_day, cfg->keyfigure_retention_months);
    else if ((strcmp(it->kind, "rights_request") == 0 || strcmp(it->kind, "inzage_export") == 0) &&
             it->start_day > 0) /* an open request: no term yet */
        base = case_add_months(it->start_day, cfg->rights_retention_months);
    else if (strcmp(it->kind, "breach") == 0 && it->start_day > 0) /* open: no term yet */
        base = case_add_months(it->start_day, cfg->breach_retention_months);
    if (base > 0 && it->ext_until > 0)
        return it->ext_until; /* the latest extension decision replaces the end of the term */
    return base;
}

static bool held(const struct store_retention_item *it, int64_t today)
{
    return it->hold_until >= today;
}

/* Candidates of municipality mun (0: all) expiring on or before day `by`. */
static int candidates(struct app *a, struct store *st, int64_t mun, int64_t by,
                      struct store_retention_item *out, size_t cap, size_t *out_n, struct err *e)
{
    const struct config *cfg = app_config(a);
    int64_t sig = case_add_months(by, -cfg->signal_retention_months) + CUTOFF_SLACK;
    int64_t kf = case_add_months(by, -cfg->keyfigure_retention_months) + CUTOFF_SLACK;
    int64_t rr = case_add_months(by, -cfg->rights_retention_months) + CUTOFF_SLACK;
    int64_t br = case_add_months(by, -cfg->breach_retention_months) + CUTOFF_SLACK;
    return store_retention_candidates(st, mun, sig, by, kf, rr, br, out, cap, out_n, e);
}

/* true for the kinds whose data subject is the item itself (its pseudonym), not persons. */
static bool self_subject(const char *kind)
{
    return strcmp(kind, "key_figure") == 0 || strcmp(kind, "rights_request") == 0;
}

/* Appends the pseudonyms of the item's data subjects to subj[*n..cap) and their kind to *type:
 * a key figure or a rights request is itself the subject, as in its own access-log records; an
 * inzage export is about the persons it was made for, as in its own records (itself when it names
 * none or can no longer be opened); a signal or case is about the persons of its groups; a
 * breach has none. */
static int add_subjects(struct app *a, struct store *st, const struct store_retention_item *it,
                        uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t *n, size_t cap,
                        const char **type, struct err *e)
{
    *type = "person";
    if (strcmp(it->kind, "breach") == 0) /* no person is linked to a breach (docs/breaches.md) */
        return 0;
    if (strcmp(it->kind, "inzage_export") == 0) {
        size_t k = 0;
        int rc = app_inzage_subjects(a, st, it->id, subj + *n, cap - *n, &k, e);
        if (rc == ERR_CRYPTO || rc == ERR_NOTFOUND) { /* its key was destroyed by hand */
            err_clear(e);
            rc = 0;
            k = 0;
        }
        *n += k;
        if (rc != 0 || k > 0)
            return rc;
    }
    if (self_subject(it->kind) || strcmp(it->kind, "inzage_export") == 0) {
        const struct code *k = FIND(KINDS, str_from_cstr(it->kind));
        *type = k ? k->code : "person"; /* a literal: alog_pending keeps the pointer */
        if (*n < cap)
            alog_subject(a, it->kind, it->id, subj[(*n)++]);
        return 0;
    }
    int64_t ids[ALOG_MAX_SUBJECTS];
    size_t k = 0;
    int rc = store_retention_persons(st, it, ids, ARRAY_LEN(ids), &k, e);
    for (size_t i = 0; rc == 0 && i < k && *n < cap; i++)
        alog_subject(a, "person", ids[i], subj[(*n)++]);
    return rc;
}

/* ---- the purge ------------------------------------------------------------------------------- */

struct purge_one {
    struct app *a;
    const struct alog_req *rq;
    const struct store_retention_item *it;
    const char *rule;
    const char *approved_by;
    int64_t today, expiry, rows, keys;
};

static int purge_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct purge_one *p = ctx;
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(ALOG_MAX_SUBJECTS, AUDIT_SUBJECT_BYTES);
    size_t n = 0;
    const char *type = "person";
    int rc =
        subj ? add_subjects(p->a, st, p->it, subj, &n, ALOG_MAX_SUBJECTS, &type, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_retention_destroy(st, p->it, &p->rows, &p->keys, e);
    struct store_tombstone t;
    memset(&t, 0, sizeof(t));
    snprintf(t.kind, sizeof(t.kind), "%s", p->it->kind);
    alog_subject(p->a, p->it->kind, p->it->id, t.pseudonym);
    t.municipality_id = p->it->municipality_id;
    t.start_day = p->it->start_day;
    t.expiry_day = p->expiry;
    t.destroyed_at = clock_now_ms();
    t.destroyed_day = p->today;
    snprintf(t.approved_by, sizeof(t.approved_by), "%s", p->approved_by);
    t.n_rows = p->rows;
    t.n_keys = p->keys;
    if (rc == 0)
        rc = store_tombstone_add(st, &t, e);
    if (rc == 0) {
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, p->it->id);
        struct alog_ev ev = {.action = AUDIT_ACT_PURGE,
                             .object_type = p->it->kind,
                             .object_id = oid,
                             .categories = AUDIT_CAT_ALL,
                             .fields = strcmp(p->it->kind, "rights_request") == 0
                                           ? "all,items,inzage_exports,data_keys"
                                       : strcmp(p->it->kind, "inzage_export") == 0
                                           ? "all,export,data_key"
                                       : strcmp(p->it->kind, "breach") == 0
                                           ? "all,document,data_key"
                                           : "all,documents,persons,blind_indexes,data_key",
                             .purpose = "retention",
                             .processing_activity = "regie:verwerking/bewaren-en-vernietigen",
                             .authz_rule = p->rule,
                             .subject_type = type,
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = n};
        rc = alog_tx_add(tx, p->rq, &ev, e);
    }
    free(subj);
    return rc;
}

int app_retention_purge(struct app *a, const struct alog_req *rq, const char *approved_by,
                        int64_t today, bool dry_run, struct retention_report *out, struct err *e)
{
    struct store *st = NULL;
    memset(out, 0, sizeof(*out));
    if (policy_scope(&rq->actor, "delete", "retention") == 0)
        return in_denied(e);
    struct store_retention_item *items = calloc(APP_RETENTION_BATCH, sizeof(*items));
    size_t n = 0;
    int rc = items ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = candidates(a, st, 0, today, items, APP_RETENTION_BATCH, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_retention_item *it = &items[i];
        int64_t expiry = retention_expiry(app_config(a), it);
        if (expiry <= 0 || expiry > today)
            continue;
        out->due++;
        if (held(it, today)) {
            out->held++;
            continue;
        }
        /* The purge acts for the municipality that is the controller of the item. */
        struct alog_req r2 = *rq;
        r2.actor.org_id = it->municipality_id;
        struct policy_obj obj = {.owner_org_id = it->municipality_id};
        struct purge_one p = {.a = a,
                              .rq = &r2,
                              .it = it,
                              .approved_by = approved_by,
                              .today = today,
                              .expiry = expiry};
        struct err ie;
        err_clear(&ie);
        int r = policy_check(&r2.actor, "delete", "retention", &obj, &p.rule);
        if (r == 0 && dry_run) {
            r = store_retention_count_rows(st, it, &p.rows, &ie);
            p.keys = it->case_group_id ? 2 : 1; /* a request's exports: counted in rows */
        } else if (r == 0) {
            r = alog_run(a, purge_run, &p, &ie);
        }
        if (r != 0) {
            out->failed++;
            log_warn("retention.purge_failed", "kind=%s id=%" PRId64 " code=%s log=%s", it->kind,
                     it->id, err_code_name(r), ie.log);
            continue;
        }
        out->destroyed++;
        out->rows += p.rows;
        out->keys += p.keys;
        if (strcmp(it->kind, "signal") == 0)
            out->signals++;
        else if (strcmp(it->kind, "case") == 0)
            out->cases++;
        else if (strcmp(it->kind, "rights_request") == 0)
            out->rights_requests++;
        else if (strcmp(it->kind, "inzage_export") == 0)
            out->inzage_exports++;
        else if (strcmp(it->kind, "breach") == 0)
            out->breaches++;
        else
            out->key_figures++;
    }
    free(items);
    if (rc == 0 && !dry_run && out->destroyed > 0) {
        /* The old pages and the overwritten keys must leave the -wal file too; a busy reader
         * only delays that to the next run, so a failure does not undo the destruction. */
        out->checkpointed = store_checkpoint(st, NULL) == 0;
        if (!out->checkpointed)
            log_warn("retention.checkpoint", "result=busy");
    }
    if (rc == 0)
        log_info("retention.purge",
                 "day=%" PRId64 " dry_run=%d due=%" PRId64 " held=%" PRId64 " destroyed=%" PRId64
                 " failed=%" PRId64 " rows=%" PRId64 " keys=%" PRId64,
                 today, dry_run, out->due, out->held, out->destroyed, out->failed, out->rows,
                 out->keys);
    return rc;
}

/* ---- reads ----------------------------------------------------------------------------------- */

/* The municipality a list is limited to: 0 for an actor with an `any` row (the FG), else the
 * own organisation; ERR_FORBIDDEN when neither applies. */
static int scope_mun(const struct actor *who, const char *action, int64_t *out, const char **rule,
                     struct err *e)
{
    uint32_t sc = policy_scope(who, action, "retention");
    *out = 0;
    if (sc == 0)
        return in_denied(e);
    if (sc & POLICY_COND_ANY)
        return policy_check(who, action, "retention", NULL, rule) == 0 ? 0 : in_denied(e);
    struct policy_obj obj = {.owner_org_id = who->org_id};
    if (policy_check(who, action, "retention", &obj, rule) != 0)
        return in_denied(e);
    *out = who->org_id;
    return 0;
}

/* with_text false (a reader with an `any` row, the FG): the reason / rationale is case content
 * and is left out; the FG sees that a hold or extension exists, its dates and who decided. */
static json_t *row_json(struct store *st, const struct store_row *r, const char *text_key,
                        bool hold, bool with_text, int64_t today)
{
    json_t *d = doc_parse(r->doc, r->doc_len);
    json_t *txt = with_text ? json_object_get(d, text_key) : NULL;
    json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:o, s:O, s:o, s:o}", "id", (json_int_t)r->id,
                          "kind", r->code, "kind_label", LABEL(KINDS, r->code), "object_id",
                          (json_int_t)r->meeting_id, "until", json_day(r->a), text_key,
                          txt ? txt : json_null(), "created_at", json_time(r->at), "created_by",
                          json_user_ref(st, r->by));
    if (j && hold) {
        json_object_set_new(j, "ended_at", r->b ? json_time(r->b) : json_null());
        json_object_set_new(j, "ended_by", json_user_ref(st, r->d));
        json_object_set_new(j, "active", json_boolean(r->b == 0 && r->a >= today));
    }
    json_decref(d);
    return j;
}

int app_retention_overview(struct app *a, const struct alog_req *rq, json_t **out,
                           struct alog_pending **out_log, struct err *e)
{
    const struct config *cfg = app_config(a);
    struct store *st = NULL;
    const char *rule = NULL;
    int64_t mun = 0, today = signal_today();
    *out = NULL;
    *out_log = NULL;
    int rc = scope_mun(&rq->actor, "list", &mun, &rule, e);
    if (rc != 0)
        return rc;
    struct store_retention_item *items = calloc(APP_RETENTION_BATCH, sizeof(*items));
    struct store_row *holds = calloc(1001, sizeof(*holds));
    struct store_row *exts = calloc(1001, sizeof(*exts));
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(ALOG_MAX_SUBJECTS, AUDIT_SUBJECT_BYTES);
    const char **types = calloc(ALOG_MAX_SUBJECTS, sizeof(*types));
    size_t n = 0, nh = 0, nx = 0, ns = 0;
    rc = items && holds && exts && subj && types ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = candidates(a, st, mun, today + APP_RETENTION_UPCOMING_DAYS, items, APP_RETENTION_BATCH,
                        &n, e);
    if (rc == 0)
        rc = store_retention_holds(st, mun, holds, 1001, &nh, e);
    if (rc == 0)
        rc = store_retention_extensions(st, mun, exts, 1001, &nx, e);
    json_t *up = json_array(), *jh = json_array(), *jx = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_retention_item *it = &items[i];
        int64_t exp = retention_expiry(cfg, it);
        if (exp <= 0 || exp > today + APP_RETENTION_UPCOMING_DAYS)
            continue;
        /* the breach register is the FG's (docs/breaches.md): not even its dates to others */
        struct policy_obj bo = {.owner_org_id = it->municipality_id};
        if (strcmp(it->kind, "breach") == 0 &&
            policy_check(&rq->actor, "list", "breach", &bo, NULL) != 0)
            continue;
        char ref[40];
        if (it->reference[0])
            snprintf(ref, sizeof(ref), "%s", it->reference);
        else /* the numbers the key-figure, rights and inzage screens show */
            snprintf(ref, sizeof(ref), "%s%" PRId64,
                     strcmp(it->kind, "key_figure") == 0 ? "SF-" : "#", it->id);
        json_t *j = json_pack(
            "{s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:b}", "kind", it->kind, "kind_label",
            LABEL(KINDS, it->kind), "id", (json_int_t)it->id, "reference", ref, "start_date",
            json_day(it->start_day), "expiry_date", json_day(exp), "extended_until",
            json_day(it->ext_until), "held_until",
            held(it, today) ? json_day(it->hold_until) : json_null(), "overdue", exp <= today);
        if (j == NULL || json_array_append_new(up, j) != 0)
            rc = ERR_NOMEM;
    }
    for (size_t i = 0; rc == 0 && i < nh + nx; i++) {
        const struct store_row *r = i < nh ? &holds[i] : &exts[i - nh];
        json_t *j = i < nh ? row_json(st, r, "reason", true, mun != 0, today)
                           : row_json(st, r, "rationale", false, mun != 0, today);
        if (j == NULL || json_array_append_new(i < nh ? jh : jx, j) != 0)
            rc = ERR_NOMEM;
        struct store_retention_item it;
        const char *type = "person";
        size_t from = ns;
        if (rc == 0 && store_retention_object(st, r->code, r->meeting_id, &it, NULL) == 0)
            rc = add_subjects(a, st, &it, subj, &ns, ALOG_MAX_SUBJECTS, &type, e);
        while (from < ns)
            types[from++] = type;
    }
    if (rc == 0) {
        struct alog_ev ev = {.action = AUDIT_ACT_READ,
                             .object_type = "retention",
                             .object_id = "",
                             .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = "retention:upcoming,holds,extensions",
                             .authz_rule = rule,
                             .subject_type = "person",
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = ns,
                             .subject_types = types};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out =
            json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}, s:I, s:O, s:O, s:O, s:o}",
                      "terms", "signal_months", (json_int_t)cfg->signal_retention_months,
                      "case_years", (json_int_t)cfg->case_retention_years, "key_figure_months",
                      (json_int_t)cfg->keyfigure_retention_months, "rights_request_months",
                      (json_int_t)cfg->rights_retention_months, "inzage_export_months",
                      (json_int_t)cfg->rights_retention_months, "breach_months",
                      (json_int_t)cfg->breach_retention_months, "audit_log_days",
                      (json_int_t)cfg->audit_retention_days, "network_persons", "volgen hun casus",
                      "minutes", "volgen hun melding of casus", "window_days",
                      (json_int_t)APP_RETENTION_UPCOMING_DAYS, "upcoming", up, "holds", jh,
                      "extensions", jx, "kinds", codes_json(HOLD_KINDS, ARRAY_LEN(HOLD_KINDS)));
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(up);
    json_decref(jh);
    json_decref(jx);
    store_rows_release(holds, nh);
    store_rows_release(exts, nx);
    free(holds);
    free(exts);
    free(items);
    free(subj);
    free(types);
    return rc;
}

int app_retention_report(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                         json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const char *rule = NULL;
    int64_t mun = 0, today = signal_today(), d_from = today - 365, d_to = today;
    *out = NULL;
    *out_log = NULL;
    int rc = scope_mun(&rq->actor, "read", &mun, &rule, e);
    if (rc != 0)
        return rc;
    if (from && from[0] && clock_parse_date(from, strlen(from), &d_from) != 0)
        err_field(e, "from", "geen geldige datum (JJJJ-MM-DD)");
    if (to && to[0] && clock_parse_date(to, strlen(to), &d_to) != 0)
        err_field(e, "to", "geen geldige datum (JJJJ-MM-DD)");
    if (!in_has_errors(e) && d_from > d_to)
        err_field(e, "from", "ligt na de einddatum");
    if (!in_has_errors(e) && d_to - d_from > 5 * 366)
        err_field(e, "from", "kies een periode van hoogstens vijf jaar");
    if (in_has_errors(e))
        return ERR_INVAL;
    enum { CAP = 5000 };
    struct store_tombstone *t = calloc(CAP, sizeof(*t));
    size_t n = 0;
    rc = t ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_tombstone_list(st, mun, d_from, d_to, t, CAP, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char hex[2 * STORE_RETENTION_PSEUDONYM_BYTES + 1];
        hex_encode(t[i].pseudonym, sizeof(t[i].pseudonym), hex, sizeof(hex));
        json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:I, s:I}", "kind",
                              t[i].kind, "kind_label", LABEL(KINDS, t[i].kind), "pseudonym", hex,
                              "municipality_id", (json_int_t)t[i].municipality_id, "start_date",
                              json_day(t[i].start_day), "expiry_date", json_day(t[i].expiry_day),
                              "destroyed_date", json_day(t[i].destroyed_day), "destroyed_at",
                              json_time(t[i].destroyed_at), "approved_by", t[i].approved_by, "rows",
                              (json_int_t)t[i].n_rows, "keys", (json_int_t)t[i].n_keys);
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
    }
    if (rc == 0) {
        struct alog_ev ev = {.action = AUDIT_ACT_READ,
                             .object_type = "retention",
                             .object_id = "",
                             .fields = "retention:tombstones",
                             .authz_rule = rule};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = json_pack("{s:O, s:I, s:o, s:o, s:b}", "items", items, "total", (json_int_t)n,
                         "from", json_day(d_from), "to", json_day(d_to), "truncated", n >= CAP);
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(items);
    free(t);
    return rc;
}

/* ---- holds and extensions -------------------------------------------------------------------- */

enum hx_op { HX_HOLD, HX_EXTENSION, HX_END };

struct hx {
    struct app *a;
    const struct alog_req *rq;
    enum hx_op op;
    const char *rule;
    struct store_retention_item it;
    int64_t until;
    struct str text;
    int64_t id; /* the new or ended hold / extension */
};

static int hx_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct hx *h = ctx;
    int rc = 0;
    const char *fields = "retention:hold";
    enum audit_action act = AUDIT_ACT_CREATE;
    if (h->op == HX_END) {
        rc = store_retention_hold_end(st, h->id, h->rq->actor.user_id, e);
        if (rc == ERR_NOTFOUND)
            rc = in_conflict(e, NULL, "Deze bewaarplicht is al beëindigd.");
        act = AUDIT_ACT_UPDATE;
        fields = "retention:hold_end";
    } else {
        char *doc = doc_dump(
            json_pack("{s:s%}", h->op == HX_HOLD ? "reason" : "rationale", h->text.p, h->text.n));
        rc = doc ? 0 : ERR_NOMEM;
        if (rc == 0 && h->op == HX_HOLD)
            rc = store_retention_hold_add(st, &h->it, h->until, h->rq->actor.user_id,
                                          str_from_cstr(doc), &h->id, e);
        else if (rc == 0)
            rc = store_retention_extension_add(st, &h->it, h->until, h->rq->actor.user_id,
                                               str_from_cstr(doc), &h->id, e);
        if (h->op == HX_EXTENSION)
            fields = "retention:extension";
        doc_free(doc);
    }
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(ALOG_MAX_SUBJECTS, AUDIT_SUBJECT_BYTES);
    size_t n = 0;
    const char *type = "person";
    if (rc == 0)
        rc = subj ? add_subjects(h->a, st, &h->it, subj, &n, ALOG_MAX_SUBJECTS, &type, e)
                  : ERR_NOMEM;
    if (rc == 0) {
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, h->id);
        struct alog_ev ev = {.action = act,
                             .object_type = "retention",
                             .object_id = oid,
                             .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = fields,
                             .authz_rule = h->rule,
                             .subject_type = type,
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = n};
        rc = alog_tx_add(tx, h->rq, &ev, e);
    }
    free(subj);
    return rc;
}

/* Looks up the object named by kind/id for action: ERR_NOTFOUND when it does not exist or is of
 * another municipality (never 403 for an object). */
static int hx_object(struct hx *h, const char *action, const struct code *kind, int64_t id,
                     struct err *e)
{
    struct store *st = NULL;
    int rc = app_store(h->a, &st, e);
    if (rc == 0)
        rc = store_retention_object(st, kind->code, id, &h->it, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj obj = {.owner_org_id = h->it.municipality_id};
    if (policy_check(&h->rq->actor, "read", "retention", &obj, NULL) != 0)
        return not_found(e);
    if (policy_check(&h->rq->actor, action, "retention", &obj, &h->rule) != 0)
        return in_denied(e);
    int64_t request = 0;
    if (strcmp(kind->code, "inzage_export") == 0)
        rc = store_inzage_request_of(st, id, &request, e);
    if (rc == 0 && request != 0)
        rc = in_conflict(e, "id",
                         "Dit inzage-overzicht hoort bij een verzoek van een betrokkene en volgt "
                         "de bewaartermijn daarvan: leg de bewaarplicht of verlenging op het "
                         "verzoek.");
    return rc;
}

/* Reads {kind, id, until, <text_key>} with their limits; errors name the field. */
static void hx_read(const json_t *in, const char *text_key, const struct code **kind, int64_t *id,
                    int64_t *until, struct str *text, struct err *e)
{
    const char *keys[] = {"kind", "id", "until", text_key};
    struct str k;
    int64_t today = signal_today();
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "kind", true, 16, false, &k, e);
    *kind = k.p ? code_find(HOLD_KINDS, ARRAY_LEN(HOLD_KINDS), k) : NULL;
    if (k.p && *kind == NULL)
        err_field(e, "kind", "kies signal, case, rights_request of inzage_export");
    *id = in_id(in, NULL, "id", true, e);
    *until = in_date(in, NULL, "until", true, e);
    if (*until && *until <= today)
        err_field(e, "until", "moet in de toekomst liggen");
    else if (*until > case_add_months(today, 12 * APP_RETENTION_MAX_YEARS))
        err_field(e, "until", "ligt te ver in de toekomst (hoogstens 30 jaar)");
    in_text(in, NULL, text_key, true, APP_RETENTION_TEXT_MAX, true, text, e);
}

static int hx_create(struct app *a, const struct alog_req *rq, const json_t *in, enum hx_op op,
                     json_t **out, struct err *e)
{
    struct hx h = {.a = a, .rq = rq, .op = op};
    const struct code *kind = NULL;
    int64_t id = 0;
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "retention") == 0)
        return in_denied(e);
    hx_read(in, op == HX_HOLD ? "reason" : "rationale", &kind, &id, &h.until, &h.text, e);
    if (in_has_errors(e) || kind == NULL) /* kind: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    int rc = hx_object(&h, "create", kind, id, e);
    if (rc == 0 && op == HX_EXTENSION) {
        int64_t exp = retention_expiry(app_config(a), &h.it);
        if (exp <= 0) {
            rc = in_conflict(e, "id",
                             strcmp(kind->code, "rights_request") == 0
                                 ? "Dit verzoek is nog niet afgehandeld: er loopt nog geen "
                                   "bewaartermijn."
                                 : "Deze casus is nog niet afgesloten: er loopt nog geen "
                                   "bewaartermijn.");
        } else if (h.until <= exp) {
            err_field(e, "until", "moet na de huidige einddatum liggen");
            rc = ERR_INVAL;
        }
    }
    if (rc == 0)
        rc = alog_run(a, hx_run, &h, e);
    if (rc == 0) {
        *out = json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)h.id, "kind", kind->code,
                         "object_id", (json_int_t)id, "until", json_day(h.until));
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

int app_retention_hold_create(struct app *a, const struct alog_req *rq, const json_t *in,
                              json_t **out, struct err *e)
{
    return hx_create(a, rq, in, HX_HOLD, out, e);
}

int app_retention_extension_create(struct app *a, const struct alog_req *rq, const json_t *in,
                                   json_t **out, struct err *e)
{
    return hx_create(a, rq, in, HX_EXTENSION, out, e);
}

int app_retention_hold_end(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                           json_t **out, struct err *e)
{
    struct hx h = {.a = a, .rq = rq, .op = HX_END, .id = id};
    struct store *st = NULL;
    struct store_row r;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "retention") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, NULL, 0, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_retention_hold_get(st, id, &r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    const struct code *kind = FIND(HOLD_KINDS, str_from_cstr(r.code));
    int64_t object_id = r.meeting_id;
    store_row_release(&r);
    rc = kind ? hx_object(&h, "update", kind, object_id, e) : not_found(e);
    h.id = id;
    if (rc == 0)
        rc = alog_run(a, hx_run, &h, e);
    if (rc == 0) {
        *out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "ended", true);
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

/* ---- the daily job --------------------------------------------------------------------------- */

struct retention_job {
    struct app *a;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    int64_t done_day;
    int64_t retry_at;
    int64_t swept_day; /* the vault sweep: once soon after start, then daily */
};

static void job_req(struct app *a, int64_t day, struct alog_req *rq)
{
    /* The job acts for each item's municipality (app_retention_purge sets org_id). */
    struct actor sys = {
        .user_id = 0, .org_id = 0, .roles = POLICY_ROLE_DOSSIERHOUDER, .org_access_ok = true};
    char id[33];
    snprintf(id, sizeof(id), "purge-%" PRId64, day);
    alog_req_init(a, rq, &sys, id, "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "retention-job");
}

static void *job_main(void *arg)
{
    struct retention_job *j = arg;
    pthread_mutex_lock(&j->mu);
    while (!j->stop) {
        int64_t now = clock_now_ms(), today = signal_today();
        if (j->swept_day < today) {
            /* The key vault's orphans (store_vault_sweep): here rather than at start, where it
             * would cost time in proportion to the number of keys. */
            pthread_mutex_unlock(&j->mu);
            struct err e;
            err_clear(&e);
            int64_t n = 0;
            int rc = app_vault_sweep(j->a, &n, &e);
            if (rc != 0)
                log_warn("vault.sweep_failed", "code=%s", err_code_name(rc));
            pthread_mutex_lock(&j->mu);
            j->swept_day = today; /* a failure is retried the next day (or at the next start) */
            continue;
        }
        int64_t hour = (now - clock_local_midnight_ms(today)) / 3600000;
        if (hour >= app_config(j->a)->retention_purge_hour && j->done_day < today &&
            now >= j->retry_at) {
            pthread_mutex_unlock(&j->mu);
            struct retention_report r;
            struct alog_req rq;
            struct err e;
            err_clear(&e);
            memset(&r, 0, sizeof(r));
            /* one node of a deployment at a time; the others look again in an hour */
            struct store *st = NULL;
            bool mine = false;
            int rc = app_store(j->a, &st, &e);
            if (rc == 0)
                rc = store_job_try_lock(st, STORE_JOB_PURGE, &mine, &e);
            if (rc == 0 && !mine) {
                log_info("retention.job_elsewhere", "day=%" PRId64, today);
                pthread_mutex_lock(&j->mu);
                j->retry_at = now + 3600 * 1000;
                continue;
            }
            if (rc == 0) {
                job_req(j->a, today, &rq);
                rc = app_retention_purge(j->a, &rq, "dagelijkse taak", today, false, &r, &e);
                store_job_unlock(st, STORE_JOB_PURGE);
            }
            pthread_mutex_lock(&j->mu);
            if (rc == 0 && r.failed == 0) {
                j->done_day = today;
            } else {
                j->retry_at = now + 3600 * 1000;
                log_warn("retention.job_failed", "day=%" PRId64 " code=%s failed=%" PRId64, today,
                         err_code_name(rc), r.failed);
            }
            continue;
        }
        /* Every minute besides: the tags "known elsewhere?" questions look for (persons of
         * cases admitted since), at most 10 s of it (app/elsewhere.h). */
        pthread_mutex_unlock(&j->mu);
        app_elsewhere_refresh(j->a, 10000);
        pthread_mutex_lock(&j->mu);
        if (j->stop)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += 60;
        pthread_cond_timedwait(&j->cv, &j->mu, &ts);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

int app_retention_job_start(struct app *a, struct retention_job **out, struct err *e)
{
    *out = NULL;
    struct retention_job *j = calloc(1, sizeof(*j));
    if (j == NULL)
        return ERR_NOMEM;
    j->a = a;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&j->th, NULL, job_main, j) != 0) {
        pthread_cond_destroy(&j->cv);
        pthread_mutex_destroy(&j->mu);
        free(j);
        return err_internal(e, ERR_NOMEM, "retention thread");
    }
    log_info("retention.job_started", "hour=%" PRId64, app_config(a)->retention_purge_hour);
    *out = j;
    return 0;
}

void app_retention_job_stop(struct retention_job *j)
{
    if (j == NULL)
        return;
    pthread_mutex_lock(&j->mu);
    j->stop = true;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    pthread_join(j->th, NULL);
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
    free(j);
}
