/* rights.c: the register of data-subject requests, its deadline clock, items, decisions and
 * response archive (see rights.h and docs/rights.md). */
#include "core/common.h"

#include "app/case.h"
#include "app/input.h"
#include "app/rights.h"
#include "app/signal.h"
#include "store/rights.h"
#include "store/store.h"

#define PURPOSE "verzoek betrokkene (AVG art. 15-21)"
#define NAME_MAX_ 200
#define MANDATE_MAX 1000
#define EARLIEST_DAY 17676 /* 2018-05-25: the AVG applies */

static const struct code KINDS[] = {
    {"inzage", "Inzage (art. 15 AVG)"},   {"rectificatie", "Rectificatie (art. 16 AVG)"},
    {"wissing", "Wissing (art. 17 AVG)"}, {"beperking", "Beperking (art. 18 AVG)"},
    {"bezwaar", "Bezwaar (art. 21 AVG)"},
};
static const struct code CHANNELS[] = {
    {"balie", "Aan de balie"},   {"post", "Per post"},
    {"email", "Per e-mail"},     {"webformulier", "Via het webformulier"},
    {"telefoon", "Telefonisch"},
};
static const struct code REQUESTERS[] = {{"betrokkene", "De betrokkene zelf"},
                                         {"vertegenwoordiger", "Een vertegenwoordiger"}};
static const struct code ID_METHODS[] = {
    {"balie_identiteitsbewijs", "Identiteitsbewijs getoond aan de balie (geen kopie gemaakt)"},
    {"digid", "Ingelogd met DigiD"},
    {"bekende_vertegenwoordiger", "Bekende vertegenwoordiger (bijv. advocaat of curator)"},
};
static const struct code ID_RESULTS[] = {{"vastgesteld", "Identiteit vastgesteld"},
                                         {"niet_vastgesteld", "Identiteit niet vastgesteld"}};
static const struct code DECISIONS[] = {
    {"open", "Nog te beslissen"},
    {"toegewezen", "Toegewezen"},
    {"gedeeltelijk_geweigerd", "Gedeeltelijk geweigerd"},
    {"geweigerd", "Geweigerd"},
};
static const struct code GROUNDS[] = {
    {"strafbare_feiten", "Voorkomen en opsporen van strafbare feiten (art. 41 lid 1 sub d UAVG)"},
    {"rechten_anderen", "Bescherming van de rechten en vrijheden van anderen (art. 41 lid 1 sub h "
                        "UAVG)"},
    {"nationale_veiligheid", "Nationale veiligheid (art. 41 lid 1 sub a UAVG)"},
    {"openbare_veiligheid", "Openbare veiligheid (art. 41 lid 1 sub c UAVG)"},
    {"toezicht", "Toezicht, inspectie of regelgeving (art. 41 lid 1 sub g UAVG)"},
    {"ongegrond", "Kennelijk ongegrond of buitensporig (art. 12 lid 5 AVG)"},
};
static const struct code REF_KINDS[] = {{"signal", "Melding"},
                                        {"case", "Casus"},
                                        {"network_person", "Persoon in netwerkanalyse"},
                                        {"document", "Document"}};
static const struct code RESP_METHODS[] = {{"brief", "Per brief"},
                                           {"email", "Per beveiligde e-mail"},
                                           {"balie", "Uitgereikt aan de balie"},
                                           {"berichtenbox", "Via de Berichtenbox"}};
static const struct code STATUSES[] = {{"open", "Lopend"},
                                       {"due_soon", "Verloopt binnen 7 dagen"},
                                       {"overdue", "Termijn verstreken"},
                                       {"closed", "Afgehandeld"}};

int64_t rights_deadline(int64_t received_day, int64_t ext_months)
{
    return case_add_months(received_day, 1 + ext_months);
}

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit verzoek bestaat niet of u heeft er geen toegang toe.");
}

static json_t *member(const json_t *d, const char *key)
{
    json_t *v = json_object_get(d, key);
    return v ? json_incref(v) : json_null();
}

static const char *status_of(const struct store_row *r, int64_t today)
{
    if (r->c != 0)
        return "closed";
    if (today > r->b)
        return "overdue";
    return r->b - today <= APP_RIGHTS_SOON_DAYS ? "due_soon" : "open";
}

static json_t *coded(const struct code *t, size_t n, const char *c)
{
    return c && c[0] ? json_string(code_label(t, n, c)) : json_null();
}
#define CODED(tbl, c) coded(tbl, ARRAY_LEN(tbl), c)

static const char *dstr(const json_t *d, const char *k)
{
    return json_string_value(json_object_get(d, k));
}

static int64_t dint(const json_t *d, const char *k)
{
    return (int64_t)json_integer_value(json_object_get(d, k));
}

static json_t *codes_all(void)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kinds",
                     codes_json(KINDS, ARRAY_LEN(KINDS)), "channels",
                     codes_json(CHANNELS, ARRAY_LEN(CHANNELS)), "requesters",
                     codes_json(REQUESTERS, ARRAY_LEN(REQUESTERS)), "identity_methods",
                     codes_json(ID_METHODS, ARRAY_LEN(ID_METHODS)), "identity_results",
                     codes_json(ID_RESULTS, ARRAY_LEN(ID_RESULTS)), "decisions",
                     codes_json(DECISIONS + 1, ARRAY_LEN(DECISIONS) - 1), "grounds",
                     codes_json(GROUNDS, ARRAY_LEN(GROUNDS)), "ref_kinds",
                     codes_json(REF_KINDS, ARRAY_LEN(REF_KINDS)), "response_methods",
                     codes_json(RESP_METHODS, ARRAY_LEN(RESP_METHODS)), "statuses",
                     codes_json(STATUSES, ARRAY_LEN(STATUSES)));
}

/* The part of a request every reader sees: kind, dates, deadline status, the data subject's
 * name and birth date (a partner needs them to find its data). */
static json_t *rq_json(struct store *st, const struct store_row *r, const json_t *d, bool full,
                       int64_t today)
{
    const char *s = status_of(r, today);
    const json_t *sub = json_object_get(d, "subject");
    const json_t *resp = json_object_get(d, "response");
    json_t *j = json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->id, "kind",
                          r->code, "kind_label", CODED(KINDS, r->code), "deadline_status", s,
                          "deadline_status_label", CODED(STATUSES, s), "subject_name",
                          member(sub, "name"), "subject_birth_date", member(sub, "birth_date"));
    if (j == NULL)
        return NULL;
    json_object_set_new(j, "municipality", json_org_ref(st, r->meeting_id));
    json_object_set_new(j, "received_date", json_day(r->a));
    json_object_set_new(j, "due_date", json_day(r->b));
    json_object_set_new(j, "base_due_date", json_day(rights_deadline(r->a, 0)));
    json_object_set_new(j, "extended", json_boolean(json_object_get(d, "extension") != NULL));
    json_object_set_new(j, "days_left", r->c ? json_null() : json_integer(r->b - today));
    json_object_set_new(j, "closed_date", json_day(r->c));
    json_object_set_new(j, "answered_late", json_boolean(r->c != 0 && r->c > r->b));
    json_object_set_new(j, "identity_result", r->code3[0] ? json_string(r->code3) : json_null());
    json_object_set_new(j, "identity_result_label", CODED(ID_RESULTS, r->code3));
    json_object_set_new(j, "police_routed", json_boolean(json_object_get(d, "police") != NULL));
    if (!full)
        return j;
    json_object_set_new(j, "channel", json_string(r->code2));
    json_object_set_new(j, "channel_label", CODED(CHANNELS, r->code2));
    json_object_set_new(j, "requester", member(d, "requester"));
    json_object_set_new(j, "requester_label", CODED(REQUESTERS, dstr(d, "requester")));
    json_object_set_new(j, "representative_name", member(d, "representative_name"));
    json_object_set_new(j, "mandate", member(d, "mandate"));
    json_object_set_new(j, "subject_bsn", member(sub, "bsn"));
    json_object_set_new(j, "note", member(d, "note"));
    json_object_set_new(j, "created_by", json_user_ref(st, r->by));
    json_object_set_new(j, "created_at", json_time(r->at));
    const json_t *idc = json_object_get(d, "identity");
    json_object_set_new(j, "identity",
                        idc ? json_pack("{s:o, s:o, s:o, s:o, s:o}", "method",
                                        member(idc, "method"), "method_label",
                                        CODED(ID_METHODS, dstr(idc, "method")), "result",
                                        member(idc, "result"), "date", json_day(r->d), "by",
                                        json_user_ref(st, dint(idc, "by")))
                            : json_null());
    const json_t *ex = json_object_get(d, "extension");
    json_object_set_new(
        j, "extension",
        ex ? json_pack("{s:o, s:o, s:o, s:o, s:o}", "months", member(ex, "months"), "reason",
                       member(ex, "reason"), "told_date", member(ex, "told_date"), "decided_date",
                       member(ex, "decided_date"), "by", json_user_ref(st, dint(ex, "by")))
           : json_null());
    const json_t *po = json_object_get(d, "police");
    json_object_set_new(j, "police",
                        po ? json_pack("{s:o, s:o, s:o}", "organisation",
                                       json_org_ref(st, dint(po, "org_id")), "date",
                                       member(po, "date"), "by", json_user_ref(st, dint(po, "by")))
                           : json_null());
    json_object_set_new(j, "response",
                        resp ? json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "date", json_day(r->c),
                                         "method", member(resp, "method"), "method_label",
                                         CODED(RESP_METHODS, dstr(resp, "method")), "summary",
                                         member(resp, "summary"), "export_id",
                                         member(resp, "export_id"), "by",
                                         json_user_ref(st, dint(resp, "by")))
                             : json_null());
    return j;
}

static json_t *item_json(struct store *st, const struct store_row *it)
{
    json_t *d = doc_parse(it->doc, it->doc_len);
    json_t *j = json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)it->id, "owner", json_org_ref(st, it->item_id), "text", member(d, "text"),
        "ref_kind", member(d, "ref_kind"), "ref_id", member(d, "ref_id"), "decision", it->code,
        "decision_label", CODED(DECISIONS, it->code), "ground",
        it->code2[0] ? json_string(it->code2) : json_null(), "ground_label",
        CODED(GROUNDS, it->code2), "reason", member(d, "reason"), "changes", member(d, "changes"),
        "decided_date", json_day(it->a), "decided_by", json_user_ref(st, it->by), "police",
        it->c ? json_pack("{s:o, s:o}", "organisation", json_org_ref(st, it->c), "date",
                          json_day(it->b))
              : json_null());
    json_decref(d);
    return j;
}

/* One access-log event about request id (0: a list) with the pseudonyms subj[0..n). */
static void rq_event(enum audit_action act, int64_t id, const char *fields,
                     const uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t n, char oid[24],
                     const char *rule, struct alog_ev *ev)
{
    if (id > 0)
        snprintf(oid, 24, "%" PRId64, id);
    else
        oid[0] = '\0';
    *ev = (struct alog_ev){.action = act,
                           .object_type = "rights_request",
                           .object_id = oid,
                           .categories = AUDIT_CAT_IDENTIFICATION,
                           .fields = fields,
                           .purpose = PURPOSE,
                           .authz_rule = rule,
                           .subject_type = "rights_request",
                           .subjects = subj,
                           .n_subjects = n};
}

/* ---- opening a request ------------------------------------------------------------------------
 */

struct opened {
    struct store *st;
    struct store_row r;
    struct store_row *items; /* APP_RIGHTS_ITEMS_MAX */
    size_t n_items;
    json_t *doc;
    bool full; /* the municipality's view (not only a partner's own items) */
    const char *rule;
};

static void opened_release(struct opened *o)
{
    store_rows_release(o->items, o->n_items);
    free(o->items);
    store_row_release(&o->r);
    json_decref(o->doc);
    memset(o, 0, sizeof(*o));
}

static bool owns_item(const struct opened *o, int64_t org_id)
{
    for (size_t i = 0; i < o->n_items; i++)
        if (o->items[i].item_id == org_id)
            return true;
    return false;
}

/* Loads request id with its items (st set) and checks that the actor may read it (else
 * ERR_NOTFOUND) and do action with the municipality's rights (muni) or as owner of an item.
 * ERR_FORBIDDEN when the actor sees it but may not do action. */
static int rq_load(struct app *a, int64_t id, struct opened *o, struct err *e)
{
    int rc = app_store(a, &o->st, e);
    o->items = calloc(APP_RIGHTS_ITEMS_MAX, sizeof(*o->items));
    if (rc == 0 && o->items == NULL)
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = store_rights_get(o->st, id, &o->r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc == 0)
        rc = store_rights_items(o->st, id, o->items, APP_RIGHTS_ITEMS_MAX, &o->n_items, e);
    if (rc == 0) {
        o->doc = doc_parse(o->r.doc, o->r.doc_len);
        rc = o->doc ? 0 : ERR_NOMEM;
    }
    return rc;
}

static int rq_open(struct app *a, const struct actor *who, const char *action, bool muni,
                   int64_t id, struct opened *o, struct err *e)
{
    memset(o, 0, sizeof(*o));
    if (policy_scope(who, action, "rights_request") == 0)
        return in_denied(e);
    int rc = rq_load(a, id, o, e);
    if (rc != 0)
        return rc;
    struct policy_obj full = {.owner_org_id = o->r.meeting_id};
    struct policy_obj des = {.owner_org_id = o->r.meeting_id,
                             .designated = owns_item(o, who->org_id)};
    if (policy_check(who, "read", "rights_request", &des, NULL) != 0)
        return not_found(e);
    o->full = policy_check(who, "read", "rights_request", &full, NULL) == 0;
    if (policy_check(who, action, "rights_request", muni ? &full : &des, &o->rule) != 0)
        return in_denied(e);
    return 0;
}

/* ---- reads ------------------------------------------------------------------------------------
 */

int app_rights_list(struct app *a, const struct alog_req *rq, const char *status, json_t **out,
                    struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    uint32_t scope = policy_scope(who, "list", "rights_request");
    if (scope == 0)
        return in_denied(e);
    const struct code *stc = status && status[0] ? FIND(STATUSES, str_from_cstr(status)) : NULL;
    if (status && status[0] && stc == NULL)
        err_field(e, "status", "kies open, due_soon, overdue of closed");
    if (in_has_errors(e))
        return ERR_INVAL;
    /* The widest view the actor has: every municipality (fg), the own one, or the requests
     * with items of the own organisation (partner). */
    struct policy_obj own = {.owner_org_id = who->org_id};
    struct policy_obj des = {.owner_org_id = who->org_id, .designated = true};
    bool all = scope & POLICY_COND_ANY;
    bool muni = !all && policy_check(who, "list", "rights_request", &own, &rule) == 0;
    if (all && policy_check(who, "list", "rights_request", NULL, &rule) != 0)
        return in_denied(e);
    if (!all && !muni && policy_check(who, "list", "rights_request", &des, &rule) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    struct store_row *rows = calloc(APP_RIGHTS_MAX, sizeof(*rows));
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(APP_RIGHTS_MAX, AUDIT_SUBJECT_BYTES);
    size_t n = 0, k = 0;
    int64_t n_overdue = 0, n_soon = 0, today = signal_today();
    if (rc == 0 && (rows == NULL || subj == NULL))
        rc = ERR_NOMEM;
    if (rc == 0 && (all || muni))
        rc = store_rights_list(st, all ? 0 : who->org_id, rows, APP_RIGHTS_MAX, &n, e);
    else if (rc == 0)
        rc = store_rights_list_owner(st, who->org_id, rows, APP_RIGHTS_MAX, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *s = status_of(&rows[i], today);
        n_overdue += strcmp(s, "overdue") == 0;
        n_soon += strcmp(s, "due_soon") == 0;
        if (stc && strcmp(stc->code, s) != 0 &&
            !(strcmp(stc->code, "open") == 0 && strcmp(s, "closed") != 0))
            continue;
        json_t *d = doc_parse(rows[i].doc, rows[i].doc_len);
        json_t *j = rq_json(st, &rows[i], d, false, today);
        json_decref(d);
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
        alog_subject(a, "rights_request", rows[i].id, subj[k++]);
    }
    if (rc == 0) {
        struct alog_ev ev;
        char oid[24];
        rq_event(AUDIT_ACT_READ, 0, "rights_request:kind,dates,subject_name,birth_date",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, k, oid, rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = json_pack("{s:O, s:I, s:I, s:I, s:I, s:o}", "items", items, "total", (json_int_t)k,
                         "overdue", (json_int_t)n_overdue, "due_soon", (json_int_t)n_soon,
                         "soon_days", (json_int_t)APP_RIGHTS_SOON_DAYS, "codes", codes_all());
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(items);
    store_rows_release(rows, n);
    free(rows);
    free(subj);
    return rc;
}

int app_rights_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e)
{
    struct opened o;
    *out = NULL;
    *out_log = NULL;
    int rc = rq_open(a, &rq->actor, "read", false, id, &o, e);
    json_t *j = rc == 0 ? rq_json(o.st, &o.r, o.doc, o.full, signal_today()) : NULL;
    json_t *items = json_array();
    if (rc == 0 && (j == NULL || items == NULL))
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < o.n_items; i++) {
        if (!o.full && o.items[i].item_id != rq->actor.org_id)
            continue;
        if (json_array_append_new(items, item_json(o.st, &o.items[i])) != 0)
            rc = ERR_NOMEM;
    }
    if (rc == 0) {
        json_object_set(j, "items", items);
        json_object_set_new(j, "full_view", json_boolean(o.full));
        json_object_set_new(j, "codes", codes_all());
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        alog_subject(a, "rights_request", id, subj[0]);
        struct alog_ev ev;
        char oid[24];
        rq_event(AUDIT_ACT_READ, id,
                 o.full ? "rights_request:all,items" : "rights_request:own_items",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, 1, oid, o.rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    json_decref(items);
    opened_release(&o);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- input ------------------------------------------------------------------------------------
 */

/* A coded member: *out the entry, or NULL when absent; an unknown code is a field error. */
static const struct code *in_code(const json_t *in, const char *key, bool required,
                                  const struct code *t, size_t n, struct err *e)
{
    struct str s;
    size_t before = e ? e->n_fields : 0;
    in_text(in, NULL, key, required, 40, false, &s, e);
    const struct code *c = s.p ? code_find(t, n, s) : NULL;
    if (s.p && c == NULL && (!e || e->n_fields == before))
        err_field(e, key, "onbekende waarde");
    return c;
}
#define IN_CODE(in, key, req, tbl, e) in_code(in, key, req, tbl, ARRAY_LEN(tbl), e)

/* A date member that is not in the future and not before `earliest` (0 when absent or bad). */
static int64_t in_past_date(const json_t *in, const char *key, bool required, int64_t earliest,
                            struct err *e)
{
    int64_t d = in_date(in, NULL, key, required, e);
    if (d > signal_today())
        err_field(e, key, "ligt in de toekomst");
    else if (d != 0 && d < earliest)
        err_field(e, key, "ligt te ver terug");
    return d;
}

/* The create/update members of in into patch (the document's members; null = clear an optional
 * one) and the clear columns. On create the required ones must be there; on update at least
 * one member. */
struct intake {
    json_t *patch;
    const struct code *kind, *channel;
    int64_t received_day;
};

static void read_intake(const json_t *in, bool create, struct intake *t, struct err *e)
{
    static const char *const keys[] = {
        "kind",    "received_date", "channel", "requester", "representative_name",
        "mandate", "subject",       "note"};
    static const char *const skeys[] = {"name", "birth_date", "bsn"};
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    if (!create && json_object_size(in) == 0)
        err_field(e, "kind", "geef minstens één gegeven om te wijzigen");
    t->kind = IN_CODE(in, "kind", create, KINDS, e);
    t->channel = IN_CODE(in, "channel", create, CHANNELS, e);
    t->received_day = in_past_date(in, "received_date", create, EARLIEST_DAY, e);
    const struct code *req = IN_CODE(in, "requester", create, REQUESTERS, e);
    if (req)
        json_object_set_new(t->patch, "requester", json_string(req->code));
    static const struct {
        const char *key;
        size_t max;
    } TEXTS[] = {{"representative_name", NAME_MAX_},
                 {"mandate", MANDATE_MAX},
                 {"note", APP_RIGHTS_TEXT_MAX}};
    for (size_t i = 0; i < ARRAY_LEN(TEXTS); i++) {
        struct str v;
        size_t before = e ? e->n_fields : 0;
        in_text(in, NULL, TEXTS[i].key, false, TEXTS[i].max, i > 0, &v, e);
        if (v.p)
            json_object_set_new(t->patch, TEXTS[i].key, json_stringn(v.p, v.n));
        else if (json_object_get(in, TEXTS[i].key) && (!e || e->n_fields == before))
            json_object_set_new(t->patch, TEXTS[i].key, json_null());
    }
    const json_t *sub = in_obj(in, "subject", create, skeys, ARRAY_LEN(skeys), e);
    if (sub == NULL)
        return;
    json_t *s = json_object();
    struct str name, bsn;
    in_text(sub, "subject", "name", create, NAME_MAX_, false, &name, e);
    struct str bd;
    in_birth_date(sub, "subject", "birth_date", create, &bd, e);
    in_text(sub, "subject", "bsn", false, 20, false, &bsn, e);
    char norm[10] = "";
    if (bsn.p) {
        in_bsn(bsn, "subject", e);
        if (crypto_normalise_bsn(bsn.p, bsn.n, norm, NULL) != 0)
            norm[0] = '\0';
    }
    if (name.p)
        json_object_set_new(s, "name", json_stringn(name.p, name.n));
    else if (!create && json_object_get(sub, "name"))
        err_field(e, "subject/name", "is verplicht");
    if (bd.p)
        json_object_set_new(s, "birth_date", json_stringn(bd.p, bd.n));
    if (norm[0])
        json_object_set_new(s, "bsn", json_string(norm));
    else if (json_object_get(sub, "bsn") && bsn.p == NULL)
        json_object_set_new(s, "bsn", json_null());
    crypto_wipe(norm, sizeof(norm));
    json_object_set_new(t->patch, "subject", s);
}

/* A representative needs a name and a mandate (checked on the merged document). */
static void check_requester(const json_t *d, struct err *e)
{
    if (dstr(d, "requester") == NULL || strcmp(dstr(d, "requester"), "vertegenwoordiger") != 0)
        return;
    if (dstr(d, "representative_name") == NULL)
        err_field(e, "representative_name", "is verplicht bij een vertegenwoordiger");
    if (dstr(d, "mandate") == NULL)
        err_field(e, "mandate", "is verplicht bij een vertegenwoordiger: leg de machtiging vast");
}

/* Merges patch into d: null removes a member; "subject" is merged member by member. */
static void merge(json_t *d, const json_t *patch)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)patch, k, v)
    {
        if (strcmp(k, "subject") == 0 && json_is_object(v)) {
            json_t *s = json_object_get(d, "subject");
            if (s == NULL) {
                s = json_object();
                json_object_set_new(d, "subject", s);
            }
            merge(s, v);
        } else if (json_is_null(v)) {
            json_object_del(d, k);
        } else {
            json_object_set(d, k, v);
        }
    }
}

/* ---- writes -----------------------------------------------------------------------------------
 */

enum rw_op {
    RW_CREATE,
    RW_UPDATE,
    RW_IDENTITY,
    RW_EXTEND,
    RW_POLICE,
    RW_ITEM,
    RW_DECIDE,
    RW_RESPOND
};

struct rw {
    struct app *a;
    const struct alog_req *rq;
    enum rw_op op;
    int64_t id, item_id;
    const char *rule;
    struct intake t; /* create, update */
    json_t *in;      /* the validated members of the other operations */
    int64_t day, months, org_id;
    const char *code;
    /* results */
    int64_t created_id, due_day;
};

static int closed_conflict(struct err *e)
{
    return in_conflict(e, NULL, "Dit verzoek is afgehandeld en kan niet meer worden gewijzigd.");
}

static int need_identity(const struct store_row *r, bool established, struct err *e)
{
    if (r->code3[0] == '\0')
        return in_conflict(e, NULL,
                           "Leg eerst de identiteitscontrole vast; pas daarna kan het verzoek "
                           "inhoudelijk worden behandeld.");
    if (established && strcmp(r->code3, "vastgesteld") != 0)
        return in_conflict(e, NULL,
                           "De identiteit van de verzoeker is niet vastgesteld; het verzoek kan "
                           "niet inhoudelijk worden behandeld.");
    return 0;
}

static struct store_row *find_item(struct opened *o, int64_t item_id)
{
    for (size_t i = 0; i < o->n_items; i++)
        if (o->items[i].id == item_id)
            return &o->items[i];
    return NULL;
}

static int set_doc(struct store_row *r, json_t *d, char **keep)
{
    *keep = doc_dump(json_incref(d));
    if (*keep == NULL)
        return ERR_NOMEM;
    r->doc = *keep;
    r->doc_len = strlen(*keep);
    return 0;
}

/* The checks and changes of one operation on an open request, inside the transaction. */
static int rw_change(struct rw *w, struct opened *o, struct err *e)
{
    struct store_row *r = &o->r;
    json_t *d = o->doc;
    int64_t today = signal_today();
    struct store_row *it = NULL;
    char *doc = NULL;
    char *orig = r->doc;
    size_t orig_n = r->doc_len;
    int rc = 0;
    if (r->c != 0)
        return closed_conflict(e);
    switch (w->op) {
    case RW_UPDATE: {
        merge(d, w->t.patch);
        check_requester(d, e);
        if (in_has_errors(e))
            return ERR_INVAL;
        if (w->t.kind)
            snprintf(r->code, sizeof(r->code), "%s", w->t.kind->code);
        if (w->t.channel)
            snprintf(r->code2, sizeof(r->code2), "%s", w->t.channel->code);
        if (w->t.received_day) {
            r->a = w->t.received_day;
            r->b = rights_deadline(r->a, dint(json_object_get(d, "extension"), "months"));
        }
        break;
    }
    case RW_IDENTITY:
        json_object_set_new(d, "identity",
                            json_pack("{s:s, s:s, s:I}", "method", dstr(w->in, "method"), "result",
                                      w->code, "by", (json_int_t)w->rq->actor.user_id));
        if (w->day < r->a) {
            err_field(e, "date", "ligt voor de ontvangst van het verzoek");
            return ERR_INVAL;
        }
        r->d = w->day;
        snprintf(r->code3, sizeof(r->code3), "%s", w->code);
        break;
    case RW_EXTEND: {
        int64_t base = rights_deadline(r->a, 0);
        if (json_object_get(d, "extension"))
            return in_conflict(e, NULL, "De termijn is al verlengd; dat kan maar één keer.");
        if (today > base)
            return in_conflict(e, NULL,
                               "De eerste termijn is verstreken; verlengen kan alleen binnen de "
                               "eerste maand.");
        if (w->day < r->a || w->day > base) {
            err_field(e, "told_date",
                      "de verzoeker moet binnen de eerste termijn over de verlenging zijn "
                      "ingelicht");
            return ERR_INVAL;
        }
        json_t *x = json_deep_copy(w->in);
        json_object_set_new(x, "decided_date", json_day(today));
        json_object_set_new(x, "by", json_integer(w->rq->actor.user_id));
        json_object_set_new(d, "extension", x);
        r->b = rights_deadline(r->a, w->months);
        break;
    }
    case RW_POLICE:
        rc = need_identity(r, true, e);
        if (rc == 0 && w->day < r->a) {
            err_field(e, "date", "ligt voor de ontvangst van het verzoek");
            rc = ERR_INVAL;
        }
        if (rc != 0)
            return rc;
        if (w->item_id) {
            it = find_item(o, w->item_id);
            if (it == NULL) {
                err_field(e, "item_id", "dit onderdeel hoort niet bij dit verzoek");
                return ERR_INVAL;
            }
            if (it->c != 0 || strcmp(it->code, "open") != 0)
                return in_conflict(e, "item_id",
                                   "Over dit onderdeel is al beslist of het is al doorgezonden.");
            it->b = w->day;
            it->c = w->org_id;
        } else {
            if (json_object_get(d, "police"))
                return in_conflict(e, NULL, "Het verzoek is al doorgezonden aan de politie.");
            json_object_set_new(d, "police",
                                json_pack("{s:I, s:o, s:I}", "org_id", (json_int_t)w->org_id,
                                          "date", json_day(w->day), "by",
                                          (json_int_t)w->rq->actor.user_id));
        }
        break;
    case RW_ITEM:
        rc = need_identity(r, true, e);
        if (rc == 0 && o->n_items >= APP_RIGHTS_ITEMS_MAX)
            rc = in_conflict(e, NULL, "Een verzoek heeft ten hoogste 50 onderdelen.");
        if (rc == 0) {
            doc = doc_dump(json_incref(w->in));
            rc = doc ? store_rights_item_add(o->st, r->id, r->group_id, w->org_id,
                                             str_from_cstr(doc), &w->created_id, e)
                     : ERR_NOMEM;
        }
        doc_free(doc);
        return rc;
    case RW_DECIDE: {
        it = find_item(o, w->item_id);
        if (it == NULL)
            return not_found(e);
        rc = need_identity(r, true, e);
        if (rc != 0)
            return rc;
        if (it->c != 0)
            return in_conflict(e, NULL,
                               "Dit onderdeel is doorgezonden aan de politie; die beantwoordt het "
                               "(Wpg). Regie beslist er niet over.");
        bool grant = strcmp(w->code, "geweigerd") != 0;
        if (grant && strcmp(r->code, "inzage") != 0 && json_object_get(w->in, "changes") == NULL) {
            err_field(e, "changes", "leg vast wat waar is gewijzigd, gewist of beperkt");
            return ERR_INVAL;
        }
        json_t *idoc = doc_parse(it->doc, it->doc_len);
        json_object_del(idoc, "reason");
        json_object_del(idoc, "changes");
        json_object_update(idoc, w->in);
        json_object_del(idoc, "decision");
        json_object_del(idoc, "ground");
        char *orig_i = it->doc;
        size_t orig_in = it->doc_len;
        rc = set_doc(it, idoc, &doc);
        snprintf(it->code, sizeof(it->code), "%s", w->code);
        const char *g = dstr(w->in, "ground");
        snprintf(it->code2, sizeof(it->code2), "%s", g ? g : "");
        it->a = today;
        it->by = w->rq->actor.user_id;
        if (rc == 0)
            rc = store_rights_item_update(o->st, it, e);
        it->doc = orig_i;
        it->doc_len = orig_in;
        json_decref(idoc);
        doc_free(doc);
        return rc;
    }
    case RW_RESPOND:
        rc = need_identity(r, false, e);
        for (size_t i = 0; rc == 0 && i < o->n_items; i++)
            if (strcmp(o->items[i].code, "open") == 0 && o->items[i].c == 0)
                rc = in_conflict(e, NULL,
                                 "Niet over elk onderdeel is beslist; beslis eerst of zend het "
                                 "door aan de politie.");
        if (rc == 0 && w->day < r->a) {
            err_field(e, "date", "ligt voor de ontvangst van het verzoek");
            rc = ERR_INVAL;
        }
        if (rc != 0)
            return rc;
        json_t *x = json_deep_copy(w->in);
        json_object_del(x, "date");
        json_object_set_new(x, "by", json_integer(w->rq->actor.user_id));
        json_object_set_new(d, "response", x);
        r->c = w->day;
        break;
    case RW_CREATE: break;
    }
    if (w->op == RW_POLICE && it != NULL) {
        rc = store_rights_item_update(o->st, it, e);
    } else {
        rc = set_doc(r, d, &doc);
        if (rc == 0)
            rc = store_rights_update(o->st, r, e);
        r->doc = orig;
        r->doc_len = orig_n;
    }
    w->due_day = r->b;
    doc_free(doc);
    return rc;
}

static int rw_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct rw *w = ctx;
    int rc = 0;
    enum audit_action act = AUDIT_ACT_UPDATE;
    static const char *const FIELDS[] = {
        [RW_CREATE] = "rights_request:kind,dates,requester,subject,note",
        [RW_UPDATE] = "rights_request:kind,dates,requester,subject,note",
        [RW_IDENTITY] = "rights_request:identity_check",
        [RW_EXTEND] = "rights_request:extension,due_date",
        [RW_POLICE] = "rights_request:police_routing",
        [RW_ITEM] = "rights_request:item",
        [RW_DECIDE] = "rights_request:item_decision",
        [RW_RESPOND] = "rights_request:response,closed",
    };
    if (w->op == RW_CREATE) {
        int64_t n = 0;
        rc = store_rights_count(st, w->rq->actor.org_id, &n, e);
        if (rc == 0 && n >= APP_RIGHTS_MAX)
            rc = in_conflict(e, NULL, "Het register heeft het maximum aantal verzoeken (1000).");
        char *doc = rc == 0 ? doc_dump(json_incref(w->t.patch)) : NULL;
        if (rc == 0 && doc == NULL)
            rc = ERR_NOMEM;
        w->due_day = rights_deadline(w->t.received_day, 0);
        struct store_rights_in in = {.municipality_id = w->rq->actor.org_id,
                                     .kind = w->t.kind ? w->t.kind->code : "",
                                     .channel = w->t.channel ? w->t.channel->code : "",
                                     .received_day = w->t.received_day,
                                     .due_day = w->due_day,
                                     .created_by = w->rq->actor.user_id,
                                     .doc = str_from_cstr(doc ? doc : "")};
        if (rc == 0)
            rc = store_rights_create(st, &in, &w->id, e);
        doc_free(doc);
        act = AUDIT_ACT_CREATE;
    } else {
        struct opened o;
        memset(&o, 0, sizeof(o));
        rc = rq_load(w->a, w->id, &o, e);
        if (rc == 0)
            rc = rw_change(w, &o, e);
        opened_release(&o);
        if (w->op == RW_ITEM)
            act = AUDIT_ACT_CREATE;
    }
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(w->a, "rights_request", w->id, subj[0]);
    struct alog_ev ev;
    char oid[24];
    rq_event(act, w->id, FIELDS[w->op], (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, 1, oid,
             w->rule, &ev);
    return alog_tx_add(tx, w->rq, &ev, e);
}

/* Opens the request for the operation (the municipality's rights unless muni is false), then
 * runs w in one transaction with its record. */
static int rw_exec(struct rw *w, bool muni, struct err *e)
{
    struct opened o;
    int rc = rq_open(w->a, &w->rq->actor, "update", muni, w->id, &o, e);
    if (rc == 0 && !muni) {
        /* an item decision: the municipality, or the organisation that owns the item */
        struct store_row *it = find_item(&o, w->item_id);
        struct policy_obj obj = {.owner_org_id = o.r.meeting_id,
                                 .designated = it && it->item_id == w->rq->actor.org_id};
        if (it == NULL || (!o.full && !obj.designated))
            rc = not_found(e);
        else if (policy_check(&w->rq->actor, "update", "rights_request", &obj, &w->rule) != 0)
            rc = in_denied(e);
    } else if (rc == 0) {
        w->rule = o.rule;
    }
    opened_release(&o);
    return rc == 0 ? alog_run(w->a, rw_run, w, e) : rc;
}

static int answer(int rc, struct rw *w, json_t **out)
{
    if (rc == 0) {
        *out = json_pack("{s:I, s:o}", "id", (json_int_t)w->id, "due_date", json_day(w->due_day));
        if (*out && w->created_id)
            json_object_set_new(*out, "created_id", json_integer(w->created_id));
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(w->t.patch);
    json_decref(w->in);
    return rc;
}

int app_rights_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e)
{
    const struct actor *who = &rq->actor;
    struct rw w = {.a = a, .rq = rq, .op = RW_CREATE};
    *out = NULL;
    if (policy_scope(who, "create", "rights_request") == 0)
        return in_denied(e);
    struct policy_obj obj = {.owner_org_id = who->org_id};
    if (policy_check(who, "create", "rights_request", &obj, &w.rule) != 0)
        return in_denied(e);
    w.t.patch = json_object();
    if (w.t.patch == NULL)
        return ERR_NOMEM;
    read_intake(in, true, &w.t, e);
    check_requester(w.t.patch, e);
    int rc = in_has_errors(e) ? ERR_INVAL : alog_run(a, rw_run, &w, e);
    return answer(rc, &w, out);
}

int app_rights_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    struct rw w = {.a = a, .rq = rq, .op = RW_UPDATE, .id = id};
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    w.t.patch = json_object();
    if (w.t.patch == NULL)
        return ERR_NOMEM;
    read_intake(in, false, &w.t, e);
    int rc = in_has_errors(e) ? ERR_INVAL : rw_exec(&w, true, e);
    return answer(rc, &w, out);
}

int app_rights_identity(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                        json_t **out, struct err *e)
{
    static const char *const keys[] = {"method", "result", "date"};
    struct rw w = {.a = a, .rq = rq, .op = RW_IDENTITY, .id = id};
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    const struct code *m = IN_CODE(in, "method", true, ID_METHODS, e);
    const struct code *res = IN_CODE(in, "result", true, ID_RESULTS, e);
    w.day = in_past_date(in, "date", true, EARLIEST_DAY, e);
    w.code = res ? res->code : NULL;
    w.in = m ? json_pack("{s:s}", "method", m->code) : NULL;
    int rc = in_has_errors(e) ? ERR_INVAL : rw_exec(&w, true, e);
    return answer(rc, &w, out);
}

int app_rights_extend(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {"months", "reason", "told_date"};
    struct rw w = {.a = a, .rq = rq, .op = RW_EXTEND, .id = id};
    struct str reason;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    json_t *m = json_object_get(in, "months");
    if (m == NULL || !json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 2)
        err_field(e, "months", "kies 1 of 2 maanden (ten hoogste 2 maanden verlenging)");
    else
        w.months = (int64_t)json_integer_value(m);
    in_text(in, NULL, "reason", true, APP_RIGHTS_TEXT_MAX, true, &reason, e);
    w.day = in_past_date(in, "told_date", true, EARLIEST_DAY, e);
    if (!in_has_errors(e))
        w.in = json_pack("{s:I, s:s%, s:o}", "months", (json_int_t)w.months, "reason", reason.p,
                         reason.n, "told_date", json_day(w.day));
    int rc = in_has_errors(e) ? ERR_INVAL : rw_exec(&w, true, e);
    return answer(rc, &w, out);
}

int app_rights_route_police(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                            json_t **out, struct err *e)
{
    static const char *const keys[] = {"police_org_id", "date", "item_id"};
    struct rw w = {.a = a, .rq = rq, .op = RW_POLICE, .id = id};
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    w.org_id = in_id(in, NULL, "police_org_id", true, e);
    w.day = in_past_date(in, "date", true, EARLIEST_DAY, e);
    w.item_id = in_id(in, NULL, "item_id", false, e);
    struct store *st = NULL;
    struct store_org org;
    if (w.org_id > 0 && app_store(a, &st, e) == 0 &&
        (store_org_get(st, w.org_id, &org, NULL) != 0 || org.kind != STORE_ORG_POLITIE))
        err_field(e, "police_org_id", "kies een politieorganisatie");
    int rc = in_has_errors(e) ? ERR_INVAL : rw_exec(&w, true, e);
    return answer(rc, &w, out);
}

int app_rights_item_add(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                        json_t **out, struct err *e)
{
    static const char *const keys[] = {"text", "owner_org_id", "ref_kind", "ref_id"};
    struct rw w = {.a = a, .rq = rq, .op = RW_ITEM, .id = id};
    struct str text;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "text", true, APP_RIGHTS_TEXT_MAX, true, &text, e);
    w.org_id = in_id(in, NULL, "owner_org_id", true, e);
    const struct code *rk = IN_CODE(in, "ref_kind", false, REF_KINDS, e);
    int64_t ref_id = in_id(in, NULL, "ref_id", rk != NULL, e);
    if (ref_id && rk == NULL)
        err_field(e, "ref_kind", "is verplicht bij een verwijzing");
    struct store *st = NULL;
    struct store_org org;
    if (w.org_id > 0 && app_store(a, &st, e) == 0 && store_org_get(st, w.org_id, &org, NULL) != 0)
        err_field(e, "owner_org_id", "onbekende organisatie");
    if (!in_has_errors(e)) {
        w.in = json_pack("{s:s%}", "text", text.p, text.n);
        if (rk)
            json_object_set_new(w.in, "ref_kind", json_string(rk->code));
        if (ref_id)
            json_object_set_new(w.in, "ref_id", json_integer(ref_id));
    }
    int rc = in_has_errors(e) ? ERR_INVAL : rw_exec(&w, true, e);
    return answer(rc, &w, out);
}

int app_rights_item_decide(struct app *a, const struct alog_req *rq, int64_t id, int64_t item_id,
                           const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"decision", "ground", "reason", "changes"};
    struct rw w = {.a = a, .rq = rq, .op = RW_DECIDE, .id = id, .item_id = item_id};
    struct str reason, changes;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    const struct code *dec = IN_CODE(in, "decision", true, DECISIONS, e);
    if (dec == DECISIONS) {
        err_field(e, "decision", "kies toegewezen, gedeeltelijk_geweigerd of geweigerd");
        dec = NULL;
    }
    const struct code *g = IN_CODE(in, "ground", false, GROUNDS, e);
    in_text(in, NULL, "reason", false, APP_RIGHTS_TEXT_MAX, true, &reason, e);
    in_text(in, NULL, "changes", false, APP_RIGHTS_TEXT_MAX, true, &changes, e);
    bool refusal = dec && strcmp(dec->code, "toegewezen") != 0;
    if (refusal && g == NULL && json_object_get(in, "ground") == NULL)
        err_field(e, "ground", "is verplicht bij een (gedeeltelijke) weigering");
    if (refusal && reason.p == NULL)
        err_field(e, "reason", "is verplicht bij een (gedeeltelijke) weigering");
    if (dec && !refusal && g)
        err_field(e, "ground", "alleen bij een (gedeeltelijke) weigering");
    bool bad = in_has_errors(e) || dec == NULL; /* dec: also when e is NULL (gcc -fanalyzer) */
    if (!bad) {
        w.code = dec->code;
        w.in = json_object();
        if (g)
            json_object_set_new(w.in, "ground", json_string(g->code));
        if (reason.p)
            json_object_set_new(w.in, "reason", json_stringn(reason.p, reason.n));
        if (changes.p)
            json_object_set_new(w.in, "changes", json_stringn(changes.p, changes.n));
    }
    int rc = bad ? ERR_INVAL : rw_exec(&w, false, e);
    return answer(rc, &w, out);
}

int app_rights_respond(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                       json_t **out, struct err *e)
{
    static const char *const keys[] = {"date", "method", "summary", "export_id"};
    struct rw w = {.a = a, .rq = rq, .op = RW_RESPOND, .id = id};
    struct str summary;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "rights_request") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    w.day = in_past_date(in, "date", true, EARLIEST_DAY, e);
    const struct code *m = IN_CODE(in, "method", true, RESP_METHODS, e);
    in_text(in, NULL, "summary", true, APP_RIGHTS_SUMMARY_MAX, true, &summary, e);
    int64_t export_id = in_id(in, NULL, "export_id", false, e);
    bool bad = in_has_errors(e) || m == NULL; /* m: also when e is NULL (gcc -fanalyzer) */
    if (!bad) {
        w.in = json_pack("{s:s, s:s%}", "method", m->code, "summary", summary.p, summary.n);
        if (export_id)
            json_object_set_new(w.in, "export_id", json_integer(export_id));
    }
    int rc = bad ? ERR_INVAL : rw_exec(&w, true, e);
    json_decref(w.in);
    if (rc == 0) {
        *out = json_pack("{s:I, s:o}", "id", (json_int_t)id, "closed_date", json_day(w.day));
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}
