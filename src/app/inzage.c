/* inzage.c: the inzage export (see inzage.h and docs/inzage.md): exact blind-index search,
 * compilation of the export of the confirmed person rows, four-eyes release, download. */
#include "core/common.h"

#include "app/case.h"
#include "app/input.h"
#include "app/inzage.h"
#include "app/retention.h"
#include "app/signal.h"
#include "core/clock.h"
#include "store/audit.h"
#include "store/case.h"
#include "store/document.h"
#include "store/informing.h"
#include "store/inzage.h"
#include "store/retention.h"
#include "store/store.h"

#define LINKS_MAX 200   /* where one person row appears */
#define ROWS_MAX 5000   /* rows of one kind of one case */
#define SUBJECTS_MAX 64 /* subjects of one signal */
#define DOCS_MAX 1000   /* documents of one owner */
#define LOG_PAGE 1000   /* access-log records per query page */
#define LOG_MAX 100000  /* access-log records read per export */
#define NAME_MAX_ 256

static const struct code STATUSES[] = {{"concept", "Concept: wacht op tweede beoordelaar"},
                                       {"vrijgegeven", "Vrijgegeven"}};
static const struct code LINK_KINDS[] = {
    {"signal", "Betrokkene van een melding"},
    {"network", "Persoon in het netwerk van een casus"},
    {"family", "Familielid met familieondersteuning"},
    {"informing", "Geïnformeerde persoon in een casus"},
};
static const char WITHHELD_POLICE[] =
    "Achtergehouden: politiegegevens (Wpg). Verwijs de betrokkene naar de politie.";
static const char WITHHELD_AMB[] =
    "Achtergehouden: ambtsbericht / beperkte inhoud. Menselijke beoordeling nodig (UAVG art. 41).";

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze inzage bestaat niet of u heeft er geen toegang toe.");
}

/* One access-log event of this use-case (action act, subjects = the person pseudonyms). */
static void ix_event(enum audit_action act, const char *oid, const char *fields,
                     const uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t n, const char *rule,
                     struct alog_ev *ev)
{
    *ev = (struct alog_ev){.action = act,
                           .object_type = "inzage",
                           .object_id = oid,
                           .categories = AUDIT_CAT_IDENTIFICATION,
                           .fields = fields,
                           .purpose = APP_INZAGE_PURPOSE,
                           .authz_rule = rule,
                           .subject_type = "person",
                           .subjects = subj,
                           .n_subjects = n};
}

/* ---- search --------------------------------------------------------------------------------- */

/* The links of person id in municipality mun as JSON (NULL: none there). */
static int links_json(struct store *st, int64_t id, int64_t mun, json_t **out, struct err *e)
{
    struct store_row *rows = calloc(LINKS_MAX, sizeof(*rows));
    size_t n = 0;
    *out = NULL;
    int rc = rows ? store_inzage_links(st, id, rows, LINKS_MAX, &n, e) : ERR_NOMEM;
    json_t *arr = rc == 0 ? json_array() : NULL;
    for (size_t i = 0; rc == 0 && arr && i < n; i++) {
        if (rows[i].item_id != mun)
            continue;
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:o, s:o, s:o}", "kind", rows[i].code, "kind_label",
                           LABEL(LINK_KINDS, rows[i].code), "date", json_day(rows[i].a),
                           "municipality", json_org_ref(st, rows[i].item_id), "reference",
                           rows[i].code2[0] ? json_string(rows[i].code2) : json_null()));
    }
    store_rows_release(rows, n);
    free(rows);
    if (rc == 0 && arr == NULL)
        rc = ERR_NOMEM;
    if (rc == 0 && json_array_size(arr) > 0)
        *out = arr;
    else
        json_decref(arr);
    return rc;
}

int app_inzage_search(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct alog_pending **out_log, struct err *e)
{
    static const char *const keys[] = {"bsn", "name", "birth_date"};
    const struct actor *who = &rq->actor;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "create", "inzage") == 0)
        return in_denied(e);
    struct policy_obj obj = {.owner_org_id = who->org_id};
    if (policy_check(who, "create", "inzage", &obj, &rule) != 0)
        return in_denied(e);
    struct str bsn, name, dob = {NULL, 0};
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "bsn", false, 20, false, &bsn, e);
    in_text(in, NULL, "name", false, NAME_MAX_, false, &name, e);
    bool day = in_birth_date(in, NULL, "birth_date", false, &dob, e);
    if (bsn.p)
        in_bsn(bsn, NULL, e);
    if (!bsn.p && !name.p && !day && !in_has_errors(e))
        err_field(e, "bsn", "geef een BSN, of naam en geboortedatum");
    if (name.p && !day && !in_has_errors(e))
        err_field(e, "birth_date", "is verplicht bij zoeken op naam");
    if (!name.p && day)
        err_field(e, "name", "is verplicht bij zoeken op geboortedatum");
    if (in_has_errors(e))
        return ERR_INVAL;
    struct store *st = NULL;
    int64_t ids[2 * SUBJECTS_MAX];
    size_t n = 0, n2 = 0;
    int rc = app_store(a, &st, e);
    if (rc == 0 && bsn.p)
        rc = store_person_find_by_bsn(st, bsn, ids, SUBJECTS_MAX, &n, e);
    if (rc == 0 && name.p)
        rc = store_person_find_by_name_dob(st, name, dob, ids + n, SUBJECTS_MAX, &n2, e);
    if (rc == ERR_TOOBIG)
        rc = in_conflict(e, NULL, "Te veel overeenkomende personen; zoek op BSN.");
    if (rc == ERR_INVAL && !in_has_errors(e))
        err_field(e, bsn.p ? "bsn" : "name", "ongeldige zoekwaarde");
    if (rc != 0)
        return rc;
    json_t *items = json_array();
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(n + n2 + 1, AUDIT_SUBJECT_BYTES);
    size_t k = 0;
    if (items == NULL || subj == NULL)
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n + n2; i++) {
        if (id_in(ids, i, ids[i]))
            continue; /* found by both BSN and name + birth date */
        json_t *links = NULL;
        rc = links_json(st, ids[i], who->org_id, &links, e);
        if (rc != 0 || links == NULL)
            continue;
        bool both = i < n && id_in(ids + n, n2, ids[i]);
        json_array_append_new(items, json_pack("{s:I, s:s, s:o}", "person_id", (json_int_t)ids[i],
                                               "matched_by",
                                               both    ? "bsn, naam en geboortedatum"
                                               : i < n ? "bsn"
                                                       : "naam en geboortedatum",
                                               "links", links));
        alog_subject(a, "person", ids[i], subj[k++]);
    }
    if (rc == 0) {
        struct alog_ev ev;
        ix_event(AUDIT_ACT_SEARCH, "", bsn.p ? "inzage:search:bsn" : "inzage:search:name_dob",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, k, rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = json_pack("{s:O, s:I}", "items", items, "total", (json_int_t)json_array_size(items));
        if (*out == NULL) {
            rc = ERR_NOMEM;
            alog_pending_free(*out_log);
            *out_log = NULL;
        }
    }
    json_decref(items);
    free(subj);
    return rc;
}

/* ---- compiling the export ------------------------------------------------------------------- */

struct bx {
    struct app *a;
    struct store *st;
    int64_t muni;
    const int64_t *pids;
    size_t np;
    int64_t sigs[LINKS_MAX], cases[LINKS_MAX];
    size_t n_sigs, n_cases;
    json_t *ctl; /* the controller of the current signal or case (borrowed) */
    int64_t ret; /* its retention end day, 0: not yet fixed */
    json_t *withheld;
    int64_t n_items, n_withheld, n_other;
};

static bool is_person(const struct bx *b, int64_t id)
{
    return id_in(b->pids, b->np, id);
}

/* A new item {table, id, source_organisation, controller, retention_end}; counted. */
static json_t *item(struct bx *b, const char *table, int64_t id, int64_t src_org)
{
    b->n_items++;
    return json_pack("{s:s, s:I, s:o, s:O, s:o}", "table", table, "id", (json_int_t)id,
                     "source_organisation",
                     src_org > 0 ? json_org_ref(b->st, src_org) : json_incref(b->ctl), "controller",
                     b->ctl, "retention_end", json_day(b->ret));
}

/* Marks j as withheld (no content) and lists it for human review. */
static json_t *withhold(struct bx *b, json_t *j, const char *code, const char *reason)
{
    b->n_withheld++;
    json_object_set_new(j, "withheld", json_true());
    json_object_set_new(j, "withheld_reason", json_string(code));
    json_object_set_new(j, "withheld_text", json_string(reason));
    json_array_append_new(
        b->withheld, json_pack("{s:O, s:O, s:O, s:s, s:s, s:b}", "table",
                               json_object_get(j, "table"), "id", json_object_get(j, "id"),
                               "source_organisation", json_object_get(j, "source_organisation"),
                               "reason", code, "text", reason, "human_review", true));
    return j;
}

/* Copies the members keys[] of the sealed document doc into j (only what is there). */
static void copy_members(json_t *j, const char *doc, size_t n, const char *const *keys,
                         size_t nkeys)
{
    json_t *d = doc_parse(doc, n);
    for (size_t i = 0; i < nkeys; i++) {
        json_t *v = json_object_get(d, keys[i]);
        if (v != NULL && !json_is_null(v))
            json_object_set(j, keys[i], v);
    }
    json_decref(d);
}

static int add(json_t *arr, json_t *j)
{
    return j != NULL && json_array_append_new(arr, j) == 0 ? 0 : ERR_NOMEM;
}

static int documents(struct bx *b, const char *kind, int64_t owner, json_t *arr, struct err *e)
{
    struct store_document *d = calloc(DOCS_MAX, sizeof(*d));
    size_t n = 0;
    int rc = d ? store_document_list(b->st, kind, owner, d, DOCS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *j = item(b, "document", d[i].id, 0);
        if (j) {
            json_object_set_new(j, "title", json_stringn(d[i].filename, d[i].filename_len));
            json_object_set_new(j, "media_type", json_string(d[i].media_type));
            json_object_set_new(j, "size", json_integer(d[i].size));
            json_object_set_new(j, "date", json_time(d[i].uploaded_at));
            json_object_set_new(j, "attached_to", json_string(kind));
        }
        rc = add(arr, j);
    }
    for (size_t i = 0; i < n; i++)
        store_document_wipe(&d[i]);
    free(d);
    return rc;
}

static int overleg(struct bx *b, int64_t sig, int64_t cid, json_t *arr, struct err *e)
{
    struct store_row *r = calloc(2001, sizeof(*r));
    size_t n = 0;
    int rc = r ? store_inzage_overleg(b->st, sig, cid, r, 2001, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *j = item(b, r[i].code, r[i].id, r[i].c);
        if (j) {
            json_object_set_new(j, "date", json_day(r[i].a));
            if (r[i].code2[0])
                json_object_set_new(j, "code", json_string(r[i].code2));
            if (r[i].code3[0])
                json_object_set_new(j, "result", json_string(r[i].code3));
            if (strcmp(r[i].code, "item_minutes") == 0)
                withhold(b, j, "verslag",
                         "Notulen: inhoud niet opgenomen; kan uitspraken over anderen bevatten. "
                         "Menselijke beoordeling nodig.");
        }
        rc = add(arr, j);
    }
    store_rows_release(r, n);
    free(r);
    return rc;
}

/* Retention end of a signal (without a case) or case, 0 when not fixed yet. */
static int64_t ret_end(struct bx *b, const char *kind, int64_t id)
{
    struct store_retention_item it;
    if (store_retention_object(b->st, kind, id, &it, NULL) != 0)
        return 0;
    return retention_expiry(app_config(b->a), &it);
}

/* ---- one case ---- */

static const char *const EVENT_KEYS[] = {"rationale", "decided_by"};
static const char *const PLAN_KEYS[] = {"goals", "person_view", "consent_approach"};
static const char *const MEASURE_KEYS[] = {"legal_basis", "description", "decided_date",
                                           "start_date", "end_date"};
static const char *const ASSESS_KEYS[] = {"instrument", "instrument_version", "risk_factors",
                                          "protective_factors", "needs"};
static const char *const FAMILY_KEYS[] = {"needs", "bereavement"};
static const char *const CONTACT_KEYS[] = {"channel", "note"};
static const char *const TASK_KEYS[] = {"title", "reason"};
static const char *const INFORM_KEYS[] = {"note", "explanation"};

/* The rows of kind k of case cid: full (the person is a subject) or only the rows about the
 * person (a network person or relative). */
static int case_kind(struct bx *b, int64_t cid, enum store_case_kind k, bool full, json_t *sec,
                     int64_t *own_support, size_t *n_support, struct err *e)
{
    struct store_row *r = calloc(ROWS_MAX, sizeof(*r));
    size_t n = 0;
    int rc = r ? store_case_rows(b->st, k, cid, r, ROWS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_row *x = &r[i];
        json_t *j = NULL;
        const char *key = NULL;
        switch (k) {
        case STORE_CASE_EVENT:
            if (!full)
                continue;
            key = "events";
            j = item(b, "case_event", x->id, 0);
            json_object_set_new(j, "kind", json_string(x->code));
            json_object_set_new(j, "code", json_string(x->code2));
            json_object_set_new(j, "on", json_boolean(x->a));
            json_object_set_new(j, "date", json_day(x->b));
            copy_members(j, x->doc, x->doc_len, EVENT_KEYS, ARRAY_LEN(EVENT_KEYS));
            break;
        case STORE_CASE_PARTICIPANT:
            if (!full)
                continue;
            key = "participants";
            j = item(b, "case_participant", x->id, x->a);
            json_object_set_new(j, "kind", json_string(x->code));
            break;
        case STORE_CASE_TASK:
            if (!full)
                continue;
            key = "tasks";
            j = item(b, "case_task", x->id, x->b);
            json_object_set_new(j, "code", json_string(x->code));
            json_object_set_new(j, "state", json_string(x->code2));
            json_object_set_new(j, "due_date", json_day(x->c));
            json_object_set_new(j, "done_date", json_day(x->d));
            copy_members(j, x->doc, x->doc_len, TASK_KEYS, ARRAY_LEN(TASK_KEYS));
            break;
        case STORE_CASE_PLAN:
            if (!full)
                continue;
            key = "plans";
            j = item(b, "case_plan", x->id, 0);
            json_object_set_new(j, "version", json_integer(x->a));
            json_object_set_new(j, "adopted", json_boolean(x->b));
            json_object_set_new(j, "adopted_date", json_day(x->c));
            copy_members(j, x->doc, x->doc_len, PLAN_KEYS, ARRAY_LEN(PLAN_KEYS));
            break;
        case STORE_CASE_MEASURE:
            if (!full)
                continue;
            key = "measures";
            j = item(b, "case_measure", x->id, x->a);
            json_object_set_new(j, "type", json_string(x->code));
            json_object_set_new(j, "status", json_string(x->code2));
            json_object_set_new(j, "category", json_string(x->code3));
            json_object_set_new(j, "owner_organisation", json_org_ref(b->st, x->a));
            if (strcmp(x->code3, "police") == 0) {
                withhold(b, j, "politie", WITHHELD_POLICE);
            } else {
                copy_members(j, x->doc, x->doc_len, MEASURE_KEYS, ARRAY_LEN(MEASURE_KEYS));
                json_t *docs = json_array();
                rc = docs ? documents(b, "measure", x->id, docs, e) : ERR_NOMEM;
                json_object_set_new(j, "documents", docs);
            }
            break;
        case STORE_CASE_ASSESSMENT:
            if (!full)
                continue;
            key = "assessments";
            j = item(b, "case_assessment", x->id, 0);
            json_object_set_new(j, "version", json_integer(x->a));
            json_object_set_new(j, "date", json_day(x->b));
            copy_members(j, x->doc, x->doc_len, ASSESS_KEYS, ARRAY_LEN(ASSESS_KEYS));
            break;
        case STORE_CASE_FAMILY:
            if (!is_person(b, x->a)) {
                b->n_other++;
                continue;
            }
            key = "family_support";
            if (*n_support < ROWS_MAX)
                own_support[(*n_support)++] = x->id;
            j = item(b, "family_support", x->id, x->c);
            json_object_set_new(j, "supporter_kind", json_string(x->code));
            copy_members(j, x->doc, x->doc_len, FAMILY_KEYS, ARRAY_LEN(FAMILY_KEYS));
            break;
        case STORE_CASE_CONTACT:
            if (!id_in(own_support, *n_support, x->item_id)) {
                b->n_other++;
                continue;
            }
            key = "family_contacts";
            j = item(b, "family_contact", x->id, 0);
            json_object_set_new(j, "date", json_day(x->a));
            copy_members(j, x->doc, x->doc_len, CONTACT_KEYS, ARRAY_LEN(CONTACT_KEYS));
            break;
        case STORE_CASE_COMM:
            if (!full)
                continue;
            key = "communication_lines";
            j = item(b, "comm_line", x->id, 0);
            json_object_set_new(j, "version", json_integer(x->a));
            json_object_set_new(j, "date", json_day(x->b));
            json_object_set_new(j, "owner", json_string(x->code));
            break;
        case STORE_CASE_NPERSON:
            if (!is_person(b, x->a)) {
                b->n_other++;
                continue;
            }
            key = "network_entries";
            j = item(b, "network_person", x->id, x->d);
            json_object_set_new(j, "recorded", json_time(x->at));
            break;
        case STORE_CASE_NRELATION:
            if (!is_person(b, x->a) && !is_person(b, x->b)) {
                b->n_other++;
                continue;
            }
            key = "network_relations";
            j = item(b, "network_relation", x->id, 0);
            json_object_set_new(j, "type", json_string(x->code));
            json_object_set_new(j, "confidence", json_string(x->code2));
            json_object_set_new(
                j, "direction",
                json_string(is_person(b, x->a) ? "van betrokkene" : "naar betrokkene"));
            json_object_set_new(j, "other_party", json_string("een andere persoon (afgeschermd)"));
            json_object_set_new(j, "since", json_day(x->c));
            json_object_set_new(j, "until", json_day(x->d));
            break;
        case STORE_CASE_NASSESSMENT:
            if (!is_person(b, x->a)) {
                b->n_other++;
                continue;
            }
            key = "network_assessments";
            j = item(b, "network_assessment", x->id, 0);
            json_object_set_new(j, "concern", json_string(x->code));
            json_object_set_new(j, "date", json_day(x->b));
            break;
        default: continue;
        }
        if (rc == 0) {
            json_t *arr = json_object_get(sec, key);
            if (arr == NULL) {
                arr = json_array();
                json_object_set_new(sec, key, arr);
            }
            rc = add(arr, j);
        } else {
            json_decref(j);
        }
    }
    store_rows_release(r, n);
    free(r);
    return rc;
}

static int informing(struct bx *b, int64_t cid, json_t *sec, struct err *e)
{
    struct store_row *r = calloc(ROWS_MAX, sizeof(*r));
    size_t n = 0;
    json_t *arr = json_array();
    int rc = r && arr ? store_informing_rows(b->st, cid, r, ROWS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!is_person(b, r[i].a)) {
            b->n_other++;
            continue;
        }
        json_t *j = item(b, "informing_record", r[i].id, 0);
        json_object_set_new(j, "version", json_integer(r[i].b));
        json_object_set_new(j, "outcome", json_string(r[i].code));
        json_object_set_new(j, "how", r[i].code2[0] ? json_string(r[i].code2) : json_null());
        json_object_set_new(j, "reason", r[i].code3[0] ? json_string(r[i].code3) : json_null());
        json_object_set_new(j, "decided_date", json_day(r[i].d));
        copy_members(j, r[i].doc, r[i].doc_len, INFORM_KEYS, ARRAY_LEN(INFORM_KEYS));
        rc = add(arr, j);
    }
    json_object_set_new(sec, "informing", arr);
    store_rows_release(r, n);
    free(r);
    return rc;
}

/* Case cid: full when the person is a subject of its signal, else only what is about them. */
static int case_json(struct bx *b, int64_t cid, bool full, json_t **out, struct err *e)
{
    struct store_case c;
    *out = NULL;
    int rc = store_case_get(b->st, cid, &c, e);
    if (rc != 0)
        return rc;
    json_t *saved_ctl = b->ctl;
    int64_t saved_ret = b->ret;
    json_t *ctl = json_org_ref(b->st, c.municipality_id);
    b->ctl = ctl;
    b->ret = ret_end(b, "case", cid);
    json_t *j = full ? item(b, "pga_case", cid, 0)
                     : json_pack("{s:s, s:O, s:o}", "role", "niet de betrokkene van deze casus",
                                 "controller", ctl, "retention_end", json_day(b->ret));
    if (j == NULL)
        rc = ERR_NOMEM;
    if (rc == 0 && full) {
        json_object_set_new(j, "state", json_string(c.state));
        json_object_set_new(j, "state_label",
                            json_string(code_label(app_case_states, APP_CASE_N_STATES, c.state)));
        json_object_set_new(j, "admitted", json_time(c.created_at));
        json_object_set_new(j, "closed_date", json_day(c.closed_day));
        json_t *fl = json_array();
        for (size_t f = 0; f < APP_CASE_N_FLAGS; f++)
            if (c.flags & ((int64_t)1 << f))
                json_array_append_new(fl, json_string(app_case_flags[f].label));
        json_object_set_new(j, "flags", fl);
    }
    int64_t *support = calloc(ROWS_MAX, sizeof(*support));
    size_t n_support = 0;
    if (rc == 0 && support == NULL)
        rc = ERR_NOMEM;
    for (int k = 0; rc == 0 && k < STORE_CASE_KIND_COUNT; k++)
        rc = case_kind(b, cid, (enum store_case_kind)k, full, j, support, &n_support, e);
    free(support);
    if (rc == 0)
        rc = informing(b, cid, j, e);
    if (rc == 0 && full) {
        json_t *docs = json_array();
        rc = docs ? documents(b, "case", cid, docs, e) : ERR_NOMEM;
        json_object_set_new(j, "documents", docs);
    }
    b->ctl = saved_ctl;
    b->ret = saved_ret;
    json_decref(ctl);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- one signal ---- */

static int sig_info(struct bx *b, int64_t sig, json_t *arr, struct err *e)
{
    struct store_item *it = calloc(ROWS_MAX, sizeof(*it));
    size_t n = 0;
    int rc = it ? store_signal_info_list(b->st, sig, it, ROWS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *j = item(b, "signal_info", it[i].id, it[i].org_id);
        json_object_set_new(j, "category", json_string(it[i].category));
        json_object_set_new(j, "recorded", json_time(it[i].created_at));
        if (strcmp(it[i].category, "police") == 0 || it[i].purpose_bound) {
            withhold(b, j, "politie", WITHHELD_POLICE);
        } else {
            static const char *const keys[] = {"legal_basis", "content"};
            copy_members(j, it[i].doc, it[i].doc_len, keys, ARRAY_LEN(keys));
        }
        rc = add(arr, j);
    }
    for (size_t i = 0; i < n; i++)
        store_item_release(&it[i]);
    free(it);
    return rc;
}

static int sig_feedback(struct bx *b, int64_t sig, json_t *arr, struct err *e)
{
    struct store_item *it = calloc(ROWS_MAX, sizeof(*it));
    size_t n = 0;
    int rc = it ? store_signal_feedback_list(b->st, sig, it, ROWS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *j = item(b, "signal_feedback", it[i].id, 0);
        json_object_set_new(j, "recorded", json_time(it[i].created_at));
        json_object_set_new(j, "note", json_string("terugkoppeling aan de melder"));
        rc = add(arr, j);
    }
    for (size_t i = 0; i < n; i++)
        store_item_release(&it[i]);
    free(it);
    return rc;
}

static int sig_weighings(struct bx *b, int64_t sig, json_t *arr, struct err *e)
{
    struct store_weighing *w = calloc(ROWS_MAX, sizeof(*w));
    size_t n = 0;
    int rc = w ? store_weighing_list(b->st, sig, w, ROWS_MAX, &n, e) : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        static const char *const keys[] = {"rationale", "proportionality", "subsidiarity"};
        json_t *j = item(b, "weighing", w[i].id, 0);
        json_object_set_new(j, "version", json_integer(w[i].version));
        json_object_set_new(j, "outcome", json_string(w[i].outcome));
        json_object_set_new(j, "decided_date", json_day(w[i].decided_day));
        json_object_set_new(j, "joint", json_boolean(w[i].joint));
        copy_members(j, w[i].doc, w[i].doc_len, keys, ARRAY_LEN(keys));
        rc = add(arr, j);
    }
    for (size_t i = 0; i < n; i++)
        store_weighing_release(&w[i]);
    free(w);
    return rc;
}

static int signal_json(struct bx *b, int64_t sig, json_t **out, struct err *e)
{
    struct store_signal s;
    *out = NULL;
    int rc = store_signal_get(b->st, sig, true, &s, e);
    if (rc != 0)
        return rc;
    json_t *ctl = json_org_ref(b->st, s.municipality_id);
    b->ctl = ctl;
    b->ret = s.case_id ? ret_end(b, "case", s.case_id) : ret_end(b, "signal", sig);
    bool confidential = strcmp(s.reporter_kind, "confidential") == 0;
    json_t *j = item(b, "signal", sig, confidential ? 0 : s.reporter_org_id);
    json_t *info = json_array(), *wei = json_array(), *fb = json_array(), *docs = json_array(),
           *ov = json_array(), *partners = json_array();
    if (!j || !info || !wei || !fb || !docs || !ov || !partners)
        rc = ERR_NOMEM;
    if (rc == 0) {
        json_object_set_new(j, "reference", json_string(s.reference));
        json_object_set_new(j, "received_date", json_day(s.received_day));
        json_object_set_new(j, "route", json_string(s.route));
        json_object_set_new(j, "route_label", json_string(LABEL(app_signal_routes, s.route)));
        json_object_set_new(j, "state", json_string(s.state));
        json_object_set_new(j, "phenomenon",
                            s.phenomenon[0] ? json_string(s.phenomenon) : json_null());
        json_object_set_new(j, "reporter",
                            json_string(confidential ? "vertrouwelijke melder (afgeschermd)"
                                                     : "melder (naam afgeschermd)"));
        bool amb = false;
        rc = store_inzage_has_ambtsbericht(b->st, sig, &amb, e);
        if (rc == 0 && (amb || strcmp(s.route, "ambtsbericht") == 0)) {
            withhold(b, j, "ambtsbericht", WITHHELD_AMB);
        } else if (rc == 0) {
            static const char *const keys[] = {"observed", "legal_ground"};
            copy_members(j, s.doc, s.doc_len, keys, ARRAY_LEN(keys));
        }
    }
    int64_t subj[SUBJECTS_MAX];
    size_t ns = 0;
    if (rc == 0)
        rc = store_signal_subjects(b->st, sig, subj, SUBJECTS_MAX, &ns, e);
    size_t others = 0;
    for (size_t i = 0; rc == 0 && i < ns; i++)
        others += !is_person(b, subj[i]);
    if (rc == 0)
        json_object_set_new(j, "other_subjects", json_integer((json_int_t)others));
    int64_t orgs[SUBJECTS_MAX];
    size_t no = 0;
    if (rc == 0)
        rc = store_signal_participant_orgs(b->st, sig, orgs, SUBJECTS_MAX, &no, e);
    for (size_t i = 0; rc == 0 && i < no; i++)
        json_array_append_new(partners, json_org_ref(b->st, orgs[i]));
    if (rc == 0)
        rc = sig_info(b, sig, info, e);
    if (rc == 0)
        rc = sig_weighings(b, sig, wei, e);
    if (rc == 0)
        rc = sig_feedback(b, sig, fb, e);
    if (rc == 0)
        rc = documents(b, "signal", sig, docs, e);
    if (rc == 0)
        rc = overleg(b, sig, s.case_id, ov, e);
    if (j) {
        json_object_set_new(j, "partners", partners);
        json_object_set_new(j, "information", info);
        json_object_set_new(j, "weighings", wei);
        json_object_set_new(j, "feedback", fb);
        json_object_set_new(j, "documents", docs);
        json_object_set_new(j, "overleg", ov);
    } else {
        json_decref(partners);
        json_decref(info);
        json_decref(wei);
        json_decref(fb);
        json_decref(docs);
        json_decref(ov);
    }
    if (rc == 0 && s.case_id > 0 && !id_in(b->cases, b->n_cases, s.case_id) &&
        b->n_cases < ARRAY_LEN(b->cases)) {
        json_t *cj = NULL;
        b->cases[b->n_cases++] = s.case_id;
        rc = case_json(b, s.case_id, true, &cj, e);
        if (rc == 0)
            json_object_set_new(j, "case", cj);
    }
    b->ctl = NULL;
    json_decref(ctl);
    store_signal_release(&s);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- recipients from the access log ---- */

struct rcpt {
    struct store *st;
    json_t *agg; /* key → {date, organisation, role, purpose, action, data, count} */
    size_t n;
    uint64_t last;
    int err;
};

static int rcpt_cb(void *ctx, const struct store_audit_row *row)
{
    struct rcpt *r = ctx;
    struct audit_rec rec;
    r->n++;
    r->last = row->seq;
    if (audit_rec_decode(row->rec, row->rec_n, &rec, NULL) != 0)
        return 0;
    char day[16], key[512];
    int64_t d = rec.ts_ms / 86400000; /* the Dutch calendar day of the record */
    if (clock_local_midnight_ms(d + 1) <= rec.ts_ms)
        d++;
    else if (clock_local_midnight_ms(d) > rec.ts_ms)
        d--;
    int y, m, dd;
    clock_civil_from_days(d, &y, &m, &dd);
    snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, dd);
    snprintf(key, sizeof(key), "%s|%" PRId64 "|%.*s|%.*s|%d|%.*s", day, rec.org_id, (int)rec.role.n,
             rec.role.p ? rec.role.p : "", (int)rec.purpose.n, rec.purpose.p ? rec.purpose.p : "",
             (int)rec.action, (int)rec.object_type.n, rec.object_type.p ? rec.object_type.p : "");
    json_t *v = json_object_get(r->agg, key);
    if (v != NULL) {
        json_object_set_new(v, "count",
                            json_integer(json_integer_value(json_object_get(v, "count")) + 1));
        return 0;
    }
    v = json_pack("{s:s, s:o, s:s%, s:s%, s:s, s:s%, s:I}", "date", day, "organisation",
                  json_org_ref(r->st, rec.org_id), "role", rec.role.p ? rec.role.p : "", rec.role.n,
                  "purpose", rec.purpose.p ? rec.purpose.p : "", rec.purpose.n, "action",
                  audit_action_name(rec.action), "data", rec.object_type.p ? rec.object_type.p : "",
                  rec.object_type.n, "count", (json_int_t)1);
    if (v == NULL || json_object_set_new(r->agg, key, v) != 0) {
        r->err = ERR_NOMEM;
        return 1;
    }
    return 0;
}

static int by_date(const void *x, const void *y)
{
    const char *p = json_string_value(json_object_get(*(json_t *const *)x, "date"));
    const char *q = json_string_value(json_object_get(*(json_t *const *)y, "date"));
    return strcmp(p ? p : "", q ? q : "");
}

static int recipients(struct bx *b, json_t **out, bool *truncated, struct err *e)
{
    struct rcpt r = {.st = b->st, .agg = json_object()};
    int rc = r.agg ? 0 : ERR_NOMEM;
    *truncated = false;
    for (size_t i = 0; rc == 0 && i < b->np; i++) {
        struct store_audit_query q = {.by = STORE_AUDIT_BY_SUBJECT, .limit = LOG_PAGE};
        alog_subject(b->a, "person", b->pids[i], q.subject);
        for (;;) {
            size_t before = r.n;
            rc = store_audit_query(b->st, &q, rcpt_cb, &r, e);
            if (rc > 0)
                rc = r.err;
            if (rc != 0 || r.n - before < LOG_PAGE)
                break;
            if (r.n >= LOG_MAX) {
                *truncated = true;
                break;
            }
            q.before_seq = r.last;
        }
    }
    size_t n = rc == 0 ? json_object_size(r.agg) : 0;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): v is an array of json_t pointers
    json_t **v = n ? calloc(n, sizeof(*v)) : NULL;
    if (n && v == NULL)
        rc = ERR_NOMEM;
    const char *k;
    json_t *x;
    size_t i = 0;
    if (rc == 0 && v != NULL) /* v == NULL: n == 0, nothing to visit */
        json_object_foreach(r.agg, k, x) if (i < n) v[i++] = x;
    if (rc == 0 && n)
        // NOLINTNEXTLINE(bugprone-sizeof-expression): v is an array of json_t pointers
        qsort(v, n, sizeof(*v), by_date);
    json_t *arr = rc == 0 ? json_array() : NULL;
    for (i = 0; arr && i < n; i++)
        json_array_append(arr, v[i]);
    free(v);
    json_decref(r.agg);
    if (rc == 0 && arr == NULL)
        rc = ERR_NOMEM;
    *out = arr;
    return rc;
}

/* ---- the whole export ---- */

static int persons_json(struct bx *b, json_t *arr, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->np; i++) {
        struct store_person p;
        rc = store_person_get(b->st, b->pids[i], &p, e);
        if (rc != 0)
            break;
        b->n_items++;
        json_t *j = json_pack("{s:s, s:I, s:s%, s:o, s:o, s:o}", "table", "person", "id",
                              (json_int_t)p.id, "name", p.name, p.name_len, "birth_date",
                              p.birth_date[0] ? json_string(p.birth_date) : json_null(), "bsn",
                              p.bsn[0] ? json_string(p.bsn) : json_null(), "description",
                              p.description_len ? json_stringn(p.description, p.description_len)
                                                : json_null());
        store_person_wipe(&p);
        rc = add(arr, j);
    }
    return rc;
}

static int compile(struct bx *b, int64_t request_id, json_t **out, struct err *e)
{
    json_t *persons = json_array(), *signals = json_array(), *other = json_array();
    json_t *rcpts = NULL;
    b->withheld = json_array();
    int rc = persons && signals && other && b->withheld ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = persons_json(b, persons, e);
    struct store_row *links = calloc(LINKS_MAX, sizeof(*links));
    if (rc == 0 && links == NULL)
        rc = ERR_NOMEM;
    /* Signals first (they carry their cases), then the cases the person is only part of. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; rc == 0 && i < b->np; i++) {
            size_t n = 0;
            rc = store_inzage_links(b->st, b->pids[i], links, LINKS_MAX, &n, e);
            for (size_t l = 0; rc == 0 && l < n; l++) {
                const struct store_row *x = &links[l];
                bool sig = strcmp(x->code, "signal") == 0;
                if (x->item_id != b->muni || sig != (pass == 0))
                    continue;
                json_t *j = NULL;
                if (b->n_sigs == ARRAY_LEN(b->sigs) || b->n_cases == ARRAY_LEN(b->cases)) {
                    rc = in_conflict(e, "person_ids",
                                     "Te veel meldingen en casussen voor één overzicht; maak er "
                                     "meerdere.");
                } else if (sig && !id_in(b->sigs, b->n_sigs, x->meeting_id)) {
                    b->sigs[b->n_sigs++] = x->meeting_id;
                    rc = signal_json(b, x->meeting_id, &j, e);
                    if (rc == 0)
                        rc = add(signals, j);
                } else if (!sig && !id_in(b->cases, b->n_cases, x->meeting_id)) {
                    b->cases[b->n_cases++] = x->meeting_id;
                    rc = case_json(b, x->meeting_id, false, &j, e);
                    if (rc == 0)
                        rc = add(other, j);
                }
            }
            store_rows_release(links, n);
        }
    }
    free(links);
    bool truncated = false;
    if (rc == 0)
        rc = recipients(b, &rcpts, &truncated, e);
    if (rc == 0) {
        char now[32];
        *out = json_pack(
            "{s:s, s:s, s:o, s:o, s:s, s:O, s:O, s:O, s:O, s:O, s:I, s:I, s:I, s:b, s:o}", "format",
            "regie-inzage/1", "generated_at", clock_fmt_utc(clock_now_ms(), now, sizeof(now)),
            "controller", json_org_ref(b->st, b->muni), "request_id",
            request_id ? json_integer(request_id) : json_null(), "purpose", APP_INZAGE_PURPOSE,
            "persons", persons, "signals", signals, "other_cases", other, "withheld", b->withheld,
            "recipients", rcpts, "n_items", (json_int_t)b->n_items, "n_withheld",
            (json_int_t)b->n_withheld, "n_about_others_left_out", (json_int_t)b->n_other,
            "recipients_truncated", truncated, "notes",
            json_pack("[s, s, s, s, s]",
                      "Gegevens over andere personen (medebetrokkenen, netwerk, familie) zijn "
                      "weggelaten; alleen hun aantal en het soort relatie staan erin.",
                      "Politiegegevens (Wpg) en ambtsberichten worden niet verstrekt: verwijs de "
                      "betrokkene voor politiegegevens naar de politie.",
                      "Documenten staan erin met titel, soort, datum en grootte; de inhoud wordt "
                      "na menselijke beoordeling apart verstrekt.",
                      "Sleutelfiguren en andere registers zijn niet aan personen in casussen "
                      "gekoppeld en staan hier daarom niet in.",
                      "Een lege bewaartermijn betekent: de termijn begint pas bij het afsluiten "
                      "van de casus (standaard 5 jaar daarna)."));
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    json_decref(persons);
    json_decref(signals);
    json_decref(other);
    json_decref(rcpts);
    json_decref(b->withheld);
    b->withheld = NULL;
    return rc;
}

/* ---- the register ---------------------------------------------------------------------------- */

static json_t *meta_json(struct store *st, const struct store_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)r->id, "status", r->code, "status_label", LABEL(STATUSES, r->code),
                     "municipality", json_org_ref(st, r->meeting_id), "request_id",
                     r->item_id ? json_integer(r->item_id) : json_null(), "n_items",
                     (json_int_t)r->a, "n_withheld", (json_int_t)r->b, "created_by",
                     json_user_ref(st, r->by), "created_at", json_time(r->d), "approved_by",
                     json_user_ref(st, r->c), "approved_at",
                     r->at ? json_time(r->at) : json_null());
}

/* The person pseudonyms of an opened export document into subj (at most cap). */
static size_t doc_subjects(struct app *a, const json_t *d, uint8_t (*subj)[AUDIT_SUBJECT_BYTES],
                           size_t cap)
{
    size_t n = 0, i;
    json_t *p;
    json_array_foreach(json_object_get(d, "persons"), i, p)
    {
        if (n < cap)
            alog_subject(a, "person", json_integer_value(json_object_get(p, "id")), subj[n++]);
    }
    return n;
}

int app_inzage_subjects(struct app *a, struct store *st, int64_t id,
                        uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t cap, size_t *n, struct err *e)
{
    struct store_row r;
    *n = 0;
    int rc = store_inzage_get(st, id, &r, e);
    if (rc != 0)
        return rc;
    json_t *d = doc_parse(r.doc, r.doc_len);
    if (d != NULL)
        *n = doc_subjects(a, d, subj, cap);
    json_decref(d);
    store_row_release(&r);
    return d != NULL ? 0 : ERR_NOMEM;
}

/* Opens export id for action: ERR_FORBIDDEN without the function, ERR_NOTFOUND when absent or
 * of another municipality for a role bound to the own one. */
static int ix_open(struct app *a, const struct actor *who, const char *action, int64_t id,
                   struct store **st, struct store_row *r, const char **rule, struct err *e)
{
    memset(r, 0, sizeof(*r));
    if (policy_scope(who, action, "inzage") == 0)
        return in_denied(e);
    int rc = app_store(a, st, e);
    if (rc == 0)
        rc = store_inzage_get(*st, id, r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj obj = {.owner_org_id = r->meeting_id};
    if (policy_check(who, "read", "inzage", &obj, NULL) != 0) {
        store_row_release(r);
        return not_found(e);
    }
    if (policy_check(who, action, "inzage", &obj, rule) != 0) {
        store_row_release(r);
        return in_denied(e);
    }
    return 0;
}

/* The view of an opened export: metadata + export. */
static json_t *view_json(struct store *st, const struct store_row *r, json_t *d)
{
    json_t *j = meta_json(st, r);
    if (j)
        json_object_set(j, "export", d);
    return j;
}

int app_inzage_list(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_scope(who, "list", "inzage") == 0)
        return in_denied(e);
    /* Own municipality first; a role with "any" (the FG) sees every municipality. */
    struct policy_obj own = {.owner_org_id = who->org_id}, other = {.owner_org_id = -1};
    if (policy_check(who, "list", "inzage", &own, NULL) != 0)
        return in_denied(e);
    bool all = policy_check(who, "list", "inzage", &other, NULL) == 0;
    struct store *st = NULL;
    struct store_row *rows = calloc(APP_INZAGE_MAX, sizeof(*rows));
    size_t n = 0;
    int rc = rows ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_inzage_list(st, all ? 0 : who->org_id, rows, APP_INZAGE_MAX, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = add(items, meta_json(st, &rows[i]));
    if (rc == 0) {
        *out = json_pack("{s:O, s:I, s:o}", "items", items, "total", (json_int_t)n, "statuses",
                         codes_json(STATUSES, ARRAY_LEN(STATUSES)));
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(items);
    store_rows_release(rows, n);
    free(rows);
    return rc;
}

/* A read of an export (view or download): its record and the answer. */
static int ix_read(struct app *a, const struct alog_req *rq, int64_t id, bool download,
                   json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_row r;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    int rc = ix_open(a, &rq->actor, "read", id, &st, &r, &rule, e);
    if (rc != 0)
        return rc;
    if (download && strcmp(r.code, "vrijgegeven") != 0)
        rc = in_conflict(e, NULL,
                         "Deze inzage is nog een concept: een tweede beoordelaar moet haar eerst "
                         "vrijgeven.");
    json_t *d = rc == 0 ? doc_parse(r.doc, r.doc_len) : NULL;
    uint8_t subj[APP_INZAGE_PERSONS_MAX][AUDIT_SUBJECT_BYTES];
    size_t ns = d ? doc_subjects(a, d, subj, APP_INZAGE_PERSONS_MAX) : 0;
    if (rc == 0) {
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, id);
        struct alog_ev ev;
        ix_event(AUDIT_ACT_EXPORT, oid, download ? "inzage:download" : "inzage:view",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, ns, rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = download ? json_incref(d) : view_json(st, &r, d);
        if (*out == NULL) {
            rc = ERR_NOMEM;
            alog_pending_free(*out_log);
            *out_log = NULL;
        }
    }
    json_decref(d);
    store_row_release(&r);
    return rc;
}

int app_inzage_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e)
{
    return ix_read(a, rq, id, false, out, out_log, e);
}

int app_inzage_download(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                        char out_name[64], struct alog_pending **out_log, struct err *e)
{
    snprintf(out_name, 64, "inzage-%" PRId64 ".json", id);
    return ix_read(a, rq, id, true, out, out_log, e);
}

/* ---- writes ---------------------------------------------------------------------------------- */

struct iw {
    struct app *a;
    const struct alog_req *rq;
    const char *rule;
    bool approve;
    int64_t id;
    int64_t request_id;
    int64_t pids[APP_INZAGE_PERSONS_MAX];
    size_t np;
};

static int iw_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct iw *w = ctx;
    uint8_t subj[APP_INZAGE_PERSONS_MAX][AUDIT_SUBJECT_BYTES];
    size_t ns = 0;
    int rc = 0;
    if (w->approve) {
        struct store_row r;
        rc = store_inzage_get(st, w->id, &r, e);
        if (rc == ERR_NOTFOUND)
            return not_found(e);
        if (rc != 0)
            return rc;
        json_t *d = doc_parse(r.doc, r.doc_len);
        ns = doc_subjects(w->a, d, subj, APP_INZAGE_PERSONS_MAX);
        json_decref(d);
        if (strcmp(r.code, "concept") != 0)
            rc = in_conflict(e, NULL, "Deze inzage is al vrijgegeven.");
        else if (r.by == w->rq->actor.user_id)
            rc = in_conflict(e, NULL,
                             "U heeft deze inzage zelf opgesteld: een andere dossierhouder of de "
                             "FG moet haar vrijgeven (vier ogen).");
        store_row_release(&r);
        if (rc == 0) {
            rc = store_inzage_approve(st, w->id, w->rq->actor.user_id, e);
            if (rc == ERR_CONFLICT) /* released meanwhile by someone else */
                rc = in_conflict(e, NULL, "Deze inzage is al vrijgegeven.");
        }
    } else {
        int64_t n = 0;
        rc = store_inzage_count(st, w->rq->actor.org_id, &n, e);
        if (rc == 0 && n >= APP_INZAGE_MAX)
            rc = in_conflict(e, NULL, "Het maximum aantal inzages (10000) is bereikt.");
        struct bx b = {
            .a = w->a, .st = st, .muni = w->rq->actor.org_id, .pids = w->pids, .np = w->np};
        json_t *d = NULL;
        if (rc == 0)
            rc = compile(&b, w->request_id, &d, e);
        char *doc = rc == 0 ? doc_dump(d) : NULL;
        if (rc == 0 && doc == NULL)
            rc = ERR_NOMEM;
        struct store_inzage_in in = {.municipality_id = w->rq->actor.org_id,
                                     .request_id = w->request_id,
                                     .created_by = w->rq->actor.user_id,
                                     .n_items = b.n_items,
                                     .n_withheld = b.n_withheld,
                                     .doc = str_from_cstr(doc ? doc : "")};
        if (rc == 0)
            rc = store_inzage_create(st, &in, &w->id, e);
        if (rc == ERR_TOOBIG)
            rc = in_conflict(e, "person_ids",
                             "De inzage is te groot voor één export; maak er meerdere.");
        doc_free(doc);
        for (size_t i = 0; i < w->np; i++)
            alog_subject(w->a, "person", w->pids[i], subj[ns++]);
    }
    if (rc != 0)
        return rc;
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, w->id);
    struct alog_ev ev;
    ix_event(AUDIT_ACT_EXPORT, oid, w->approve ? "inzage:approve" : "inzage:concept",
             (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, ns, w->rule, &ev);
    return alog_tx_add(tx, w->rq, &ev, e);
}

/* The view after a write (no further record: the write's record covers it). */
static int after_write(struct app *a, int64_t id, json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct store_row r;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_inzage_get(st, id, &r, e);
    if (rc != 0)
        return rc;
    json_t *d = doc_parse(r.doc, r.doc_len);
    *out = view_json(st, &r, d);
    json_decref(d);
    store_row_release(&r);
    return *out ? 0 : ERR_NOMEM;
}

int app_inzage_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e)
{
    static const char *const keys[] = {"request_id", "person_ids"};
    const struct actor *who = &rq->actor;
    struct iw w = {.a = a, .rq = rq};
    *out = NULL;
    if (policy_scope(who, "create", "inzage") == 0)
        return in_denied(e);
    struct policy_obj obj = {.owner_org_id = who->org_id};
    if (policy_check(who, "create", "inzage", &obj, &w.rule) != 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    w.request_id = in_id(in, NULL, "request_id", false, e);
    const json_t *ids = json_object_get(in, "person_ids");
    size_t n = json_array_size(ids);
    if (!json_is_array(ids) || n == 0)
        err_field(e, "person_ids", "bevestig minstens één persoon");
    else if (n > APP_INZAGE_PERSONS_MAX)
        err_field(e, "person_ids", "ten hoogste 50 personen");
    struct store *st = NULL;
    int rc = in_has_errors(e) ? ERR_INVAL : app_store(a, &st, e);
    struct store_row *links = rc == 0 ? calloc(LINKS_MAX, sizeof(*links)) : NULL;
    if (rc == 0 && links == NULL)
        rc = ERR_NOMEM;
    int64_t req_muni = 0;
    int r1 =
        rc == 0 && w.request_id ? store_inzage_request_muni(st, w.request_id, &req_muni, NULL) : 0;
    if (r1 != 0 && r1 != ERR_NOTFOUND)
        rc = r1;
    else if (w.request_id && req_muni != who->org_id)
        err_field(e, "request_id", "onbekend verzoek, of niet van uw gemeente");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char f[32];
        snprintf(f, sizeof(f), "person_ids/%zu", i);
        json_t *v = json_array_get(ids, i);
        json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
        if (id <= 0) {
            err_field(e, f, "geen geldig persoonsnummer");
            continue;
        }
        if (id_in(w.pids, w.np, id)) {
            err_field(e, f, "staat dubbel in de lijst");
            continue;
        }
        size_t nl = 0;
        bool own = false;
        int r2 = store_inzage_links(st, id, links, LINKS_MAX, &nl, NULL);
        for (size_t l = 0; r2 == 0 && l < nl; l++)
            own = own || links[l].item_id == who->org_id;
        store_rows_release(links, nl);
        if (r2 != 0 && r2 != ERR_TOOBIG) {
            rc = r2;
            break;
        }
        if (!own)
            err_field(e, f, "onbekend, of niet bij uw gemeente");
        else
            w.pids[w.np++] = id;
    }
    free(links);
    if (rc == 0 && in_has_errors(e))
        rc = ERR_INVAL;
    if (rc == 0)
        rc = alog_run(a, iw_run, &w, e);
    if (rc == 0)
        rc = after_write(a, w.id, out, e);
    if (rc == 0)
        json_object_set_new(*out, "created_id", json_integer(w.id));
    return rc;
}

int app_inzage_approve(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct err *e)
{
    struct iw w = {.a = a, .rq = rq, .approve = true, .id = id};
    struct store *st = NULL;
    struct store_row r;
    *out = NULL;
    int rc = ix_open(a, &rq->actor, "update", id, &st, &r, &w.rule, e);
    if (rc != 0)
        return rc;
    store_row_release(&r);
    rc = alog_run(a, iw_run, &w, e);
    if (rc == 0)
        rc = after_write(a, id, out, e);
    return rc;
}
