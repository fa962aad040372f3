/* purpose.c: purpose binding and the recorded legal bases for re-use (see purpose.h and
 * docs/purpose.md, which gives the sources of the list). */
#include "core/common.h"

#include "app/breakglass.h"
#include "app/case.h"
#include "app/input.h"
#include "app/purpose.h"
#include "core/parse.h"
#include "store/case.h"
#include "store/document.h"
#include "store/purpose.h"
#include "store/store.h"

#define REUSE_PREFIX "hergebruik:"

/* THE purpose list. Sources (docs/purpose.md): the 2015 and 2017 purposes of the approach (S1, S8:
 * joint risk assessment, prevention, deradicalisation, help), the covenant's reasons for keeping
 * data after closure (S6, S7: complaints and legal procedures) and the data subject's rights
 * (AVG art. 15-21, Wpg). Codes are stable: they are in the access log. */
const struct app_purpose app_purposes[] = {
    {"casusoverleg", "Voorbereiden of bespreken in het casusoverleg", true, false},
    {"plan", "Opstellen of uitvoeren van het plan van aanpak", true, false},
    {"risicotaxatie", "Gezamenlijke risicotaxatie", true, false},
    {"begeleiding", "Begeleiding of nazorg van de persoon of de familie", true, false},
    {"verantwoording", "Verantwoording: klacht, bezwaar, rechtszaak of toezicht", true, true},
    {"rechten_betrokkene", "Verzoek van de betrokkene (inzage, correctie, verwijdering, bezwaar)",
     true, true},
};
const size_t app_n_purposes = ARRAY_LEN(app_purposes);

/* The other municipal tasks a recorded basis may name. */
static const struct code TASKS[] = {
    {"handhaving", "Toezicht en handhaving (openbare orde)"},
    {"jeugdhulp", "Jeugdhulp of jeugdbescherming"},
    {"wmo", "Maatschappelijke ondersteuning (Wmo)"},
    {"participatiewet", "Bijstand en re-integratie (Participatiewet)"},
    {"huisvesting", "Huisvesting"},
    {"overig", "Andere gemeentelijke taak"},
};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze casus bestaat niet of u heeft er geen toegang toe.");
}

/* The case who may read now (ordinary rules or an active break-glass grant); 404 otherwise.
 * persons: with its data subjects in cb (else cb->n_persons is 0). */
static int case_open(struct store *st, const struct actor *who, int64_t id, bool persons,
                     struct store_case *c, struct app_case_bg *cb, struct err *e)
{
    int64_t grant = 0, until = 0;
    const char *rule = NULL;
    /* a destroyed case is ERR_NOTFOUND there */
    int rc = persons ? store_case_get(st, id, c, e) : app_case_gate(st, who, id, c, cb, e);
    if (rc == 0 && persons && strcmp(c->state, "vernietigd") == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0 && persons)
        rc = app_case_breakglass_info(st, who, id, cb, e);
    if (rc == 0 && !cb->readable && app_breakglass_active(st, who, id, &grant, &until, &rule) != 0)
        rc = ERR_NOTFOUND;
    return rc == ERR_NOTFOUND ? not_found(e) : rc;
}

/* The case whose content kind/id is; *bound false when it is no case content. */
static int case_of(struct store *st, const char *kind, int64_t id, int depth, int64_t *out,
                   bool *bound, struct err *e)
{
    int rc = 0;
    *bound = true;
    if (strcmp(kind, "case") == 0) {
        *out = id;
    } else if (strcmp(kind, "measure") == 0) {
        struct store_row m = {0};
        rc = store_case_row(st, STORE_CASE_MEASURE, id, &m, e);
        *out = m.meeting_id;
        store_row_release(&m);
    } else if (strcmp(kind, "document") == 0 && depth == 0) {
        struct store_document d;
        rc = store_document_get(st, id, &d, e);
        if (rc == 0) {
            rc = case_of(st, d.owner_kind, d.owner_id, 1, out, bound, e);
            store_document_wipe(&d);
        }
    } else if (strcmp(kind, "person") == 0) {
        /* As a network person of a case, or as a subject of an admitted signal. */
        struct store_row r = {0};
        rc = store_network_person_of(st, id, &r, NULL);
        *out = r.meeting_id;
        store_row_release(&r);
        if (rc == ERR_NOTFOUND) {
            int64_t sigs[8];
            size_t ns = 0;
            struct store_signal s;
            rc = store_signal_ids_by_person(st, id, sigs, ARRAY_LEN(sigs), &ns, e);
            *out = 0;
            for (size_t i = 0; rc == 0 && i < ns && *out == 0; i++)
                if (store_signal_get(st, sigs[i], false, &s, NULL) == 0)
                    *out = s.case_id;
            if (rc == 0 && *out == 0)
                rc = ERR_NOTFOUND;
        }
    } else {
        *bound = false;
    }
    return rc;
}

/* A refusal: e already says why (status, field); the authz_denied record names what was wrong in
 * fields, never the header's text unless it is a known code. */
static int refuse(struct app *a, const struct alog_req *rq, int64_t case_id, const char *why,
                  const char *code, struct err *e)
{
    char oid[24], fields[48];
    struct err le;
    err_clear(&le);
    snprintf(oid, sizeof(oid), "%" PRId64, case_id);
    snprintf(fields, sizeof(fields), "purpose:%s", why);
    struct alog_ev ev = {.action = AUDIT_ACT_AUTHZ_DENIED,
                         .outcome = AUDIT_OUT_DENIED,
                         .object_type = "case",
                         .object_id = oid,
                         .fields = fields,
                         .purpose = code,
                         .authz_rule = "purpose"};
    if (alog_write(a, rq, &ev, &le) != 0) {
        err_clear(e);
        return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    }
    return ERR_INVAL;
}

static void problem(struct err *e, int status, const char *title, const char *detail,
                    const char *reason)
{
    err_clear(e);
    err_set(e, ERR_INVAL, "%s", detail);
    err_field(e, "purpose", "%s", reason);
    if (e != NULL) {
        e->status = status;
        snprintf(e->title, sizeof(e->title), "%s", title);
    }
}

static const struct app_purpose *purpose_find(const char *code)
{
    for (size_t i = 0; i < app_n_purposes; i++)
        if (strcmp(app_purposes[i].code, code) == 0)
            return &app_purposes[i];
    return NULL;
}

static bool allowed(const struct app_purpose *p, const struct store_case *c)
{
    return strcmp(c->state, "afgesloten") == 0 ? p->closed : p->open;
}

/* The recorded bases of a case (documents opened). */
struct bases {
    struct store_row *rows;
    size_t n;
};

static int bases_load(struct store *st, int64_t case_id, struct bases *b, struct err *e)
{
    b->n = 0;
    b->rows = calloc(STORE_REUSE_MAX, sizeof(*b->rows));
    return b->rows ? store_reuse_list(st, case_id, b->rows, STORE_REUSE_MAX, &b->n, e) : ERR_NOMEM;
}

static void bases_free(struct bases *b)
{
    store_rows_release(b->rows, b->n);
    free(b->rows);
    memset(b, 0, sizeof(*b));
}

/* The recorded bases of the case when who may read them (else none). */
static int bases_of(struct store *st, const struct actor *who, const struct store_case *c,
                    struct bases *b, struct err *e)
{
    memset(b, 0, sizeof(*b));
    struct policy_obj o = {.owner_org_id = c->municipality_id};
    if (policy_check(who, "read", "reuse_basis", &o, NULL) != 0)
        return 0;
    return bases_load(st, c->id, b, e);
}

/* Binds "hergebruik:<id>" when that basis is recorded for the case and who may use it. */
static bool bind_reuse(struct store *st, struct alog_req *rq, const struct store_case *c,
                       const char *code)
{
    int64_t id = 0;
    const char *digits = code + strlen(REUSE_PREFIX);
    if (parse_i64(str_from_cstr(digits), 1, INT64_C(9007199254740991), &id) != 0)
        return false;
    struct bases b;
    bool ok = false;
    if (bases_of(st, &rq->actor, c, &b, NULL) == 0)
        for (size_t i = 0; i < b.n && !ok; i++) {
            if (b.rows[i].id != id)
                continue;
            json_t *d = doc_parse(b.rows[i].doc, b.rows[i].doc_len);
            const char *basis = json_string_value(json_object_get(d, "legal_basis"));
            ok = basis != NULL;
            if (ok) {
                snprintf(rq->purpose, sizeof(rq->purpose), "%s: hergebruik voor %s", code,
                         LABEL(TASKS, b.rows[i].code));
                snprintf(rq->legal_basis, sizeof(rq->legal_basis), "%s", basis);
            }
            json_decref(d);
        }
    bases_free(&b);
    return ok;
}

/* The binding itself, reading only (in one snapshot); *why and *code name a refusal, which
 * the caller logs after the snapshot ended. */
static int bind(struct store *st, struct alog_req *rq, const char *kind, int64_t id,
                const char *header, int64_t *case_id, const char **why, const char **code,
                struct err *e)
{
    struct store_case c;
    struct app_case_bg cb;
    bool bound = false;
    int rc = case_of(st, kind, id, 0, case_id, &bound, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0 || !bound)
        return rc;
    rc = case_open(st, &rq->actor, *case_id, false, &c, &cb, e);
    if (rc != 0)
        return rc;
    if (header == NULL || header[0] == '\0') {
        problem(e, 428, "Precondition Required", "Geef het doel op waarvoor u dit dossier opent.",
                "verplicht: het doel waarvoor u dit dossier opent (kopregel Regie-Purpose)");
        *why = "missing";
        return ERR_INVAL;
    }
    size_t len = strnlen(header, APP_PURPOSE_IN_MAX + 1);
    const struct app_purpose *p = len <= APP_PURPOSE_IN_MAX ? purpose_find(header) : NULL;
    bool reuse = len <= APP_PURPOSE_IN_MAX && strncmp(header, "hergebruik", 10) == 0 &&
                 (header[10] == '\0' || header[10] == ':');
    if (p == NULL && !reuse) {
        problem(e, 400, "Bad Request", "Dit doel bestaat niet.",
                "onbekend doel; kies een doel uit de lijst van deze casus");
        *why = "unknown";
        return ERR_INVAL;
    }
    if (p != NULL && allowed(p, &c)) {
        snprintf(rq->purpose, sizeof(rq->purpose), "%s: %s", p->code, p->label);
        rq->legal_basis[0] = '\0';
        return 0;
    }
    if (reuse && header[10] == ':' && bind_reuse(st, rq, &c, header))
        return 0;
    problem(e, 422, "Unprocessable Content",
            reuse ? "Hergebruik voor een andere taak kan alleen met een vastgelegde grondslag."
                  : "Dit doel past niet bij deze casus.",
            reuse ? "geen vastgelegde grondslag voor hergebruik bij deze casus"
                  : "dit doel is voor deze casus niet toegestaan");
    *why = reuse ? "no_basis" : "not_allowed";
    *code = p ? p->code : NULL;
    return ERR_INVAL;
}

int app_purpose_bind(struct app *a, struct alog_req *rq, const char *kind, int64_t id,
                     const char *header, struct err *e)
{
    struct store *st = NULL;
    int64_t case_id = 0;
    const char *why = NULL, *code = NULL;
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    /* Its statements share one read transaction (store_read_begin); the refusal's record is
     * written after it ended. */
    bool snap = store_read_begin(st);
    rc = bind(st, rq, kind, id, header, &case_id, &why, &code, e);
    store_read_end(st, snap);
    if (why != NULL)
        return refuse(a, rq, case_id, why, code, e);
    return rc;
}

/* ---- the bases --------------------------------------------------------------------------------
 */

static json_t *basis_json(struct store *st, const struct store_row *r, bool rationale)
{
    char code[48];
    json_t *d = doc_parse(r->doc, r->doc_len);
    json_t *basis = json_object_get(d, "legal_basis");
    snprintf(code, sizeof(code), REUSE_PREFIX "%" PRId64, r->id);
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:s, s:O?}", "id", (json_int_t)r->id, "code", code, "task",
                  r->code, "task_label", LABEL(TASKS, r->code), "legal_basis", basis);
    if (j != NULL && rationale) {
        json_object_set(j, "rationale", json_object_get(d, "rationale"));
        json_object_set_new(j, "decided_by", json_user_ref(st, r->by));
        json_object_set_new(j, "decided_at", json_time(r->at));
    }
    json_decref(d);
    return j;
}

#define CASE_PERSONS ARRAY_LEN(((struct app_case_bg *)0)->persons)

/* An event on object id whose data subjects are the case's persons (subj and oid hold them). */
static struct alog_ev case_ev(struct app *a, const struct app_case_bg *cb, enum audit_action act,
                              const char *object, int64_t id, const char *fields,
                              uint8_t (*subj)[AUDIT_SUBJECT_BYTES], char oid[24])
{
    for (size_t i = 0; i < cb->n_persons; i++)
        alog_subject(a, "person", cb->persons[i], subj[i]);
    snprintf(oid, 24, "%" PRId64, id);
    return (struct alog_ev){.action = act,
                            .object_type = object,
                            .object_id = oid,
                            .fields = fields,
                            .subject_type = cb->n_persons ? "person" : NULL,
                            .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                            .n_subjects = cb->n_persons};
}

/* The read record of a purposes or bases answer. */
static int read_log(struct app *a, const struct alog_req *rq, const struct app_case_bg *cb,
                    int64_t case_id, const char *object, const char *fields,
                    struct alog_pending **out_log, struct err *e)
{
    uint8_t subj[CASE_PERSONS][AUDIT_SUBJECT_BYTES];
    char oid[24];
    struct alog_ev ev = case_ev(a, cb, AUDIT_ACT_READ, object, case_id, fields, subj, oid);
    return alog_pending_new(a, rq, &ev, out_log, e);
}

int app_purpose_options(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                        struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_case c;
    struct app_case_bg cb;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(&rq->actor, "read", "case") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = case_open(st, &rq->actor, case_id, true, &c, &cb, e);
    if (rc != 0)
        return rc;
    json_t *ps = json_array(), *reuse = json_array();
    for (size_t i = 0; i < app_n_purposes; i++)
        json_array_append_new(ps, json_pack("{s:s, s:s, s:b}", "code", app_purposes[i].code,
                                            "label", app_purposes[i].label, "allowed",
                                            allowed(&app_purposes[i], &c)));
    struct bases bs;
    rc = bases_of(st, &rq->actor, &c, &bs, e);
    for (size_t i = 0; rc == 0 && i < bs.n; i++) {
        json_t *b = basis_json(st, &bs.rows[i], false);
        char label[200];
        const char *lb = json_string_value(json_object_get(b, "legal_basis"));
        snprintf(label, sizeof(label), "Hergebruik voor %s (grondslag: %s)",
                 LABEL(TASKS, bs.rows[i].code), lb ? lb : "");
        json_object_set_new(b, "label", json_string(label));
        json_array_append_new(reuse, b);
    }
    bases_free(&bs);
    if (rc == 0)
        rc = read_log(a, rq, &cb, case_id, "case", "purposes", out_log, e);
    if (rc == 0) {
        *out = json_pack("{s:I, s:s, s:o, s:o}", "case_id", (json_int_t)case_id, "state", c.state,
                         "purposes", ps, "reuse", reuse);
        ps = reuse = NULL;
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(ps);
    json_decref(reuse);
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    return rc;
}

/* Loads the case for a bases use-case: 404 unless who reads it; 403 without action. */
static int reuse_open(struct store *st, const struct actor *who, int64_t case_id,
                      const char *action, struct store_case *c, struct app_case_bg *cb,
                      struct err *e)
{
    int rc = store_case_get(st, case_id, c, e);
    if (rc == 0 && strcmp(c->state, "vernietigd") == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = app_case_breakglass_info(st, who, case_id, cb, e);
    if (rc == ERR_NOTFOUND || (rc == 0 && !cb->readable))
        return not_found(e);
    struct policy_obj o = {.owner_org_id = c->municipality_id};
    if (rc == 0 && policy_check(who, action, "reuse_basis", &o, NULL) != 0)
        return in_denied(e);
    return rc;
}

int app_reuse_list(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                   struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_case c;
    struct app_case_bg cb;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(&rq->actor, "read", "reuse_basis") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = reuse_open(st, &rq->actor, case_id, "read", &c, &cb, e);
    if (rc != 0)
        return rc;
    struct bases bs;
    rc = bases_load(st, case_id, &bs, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < bs.n; i++)
        json_array_append_new(items, basis_json(st, &bs.rows[i], true));
    bases_free(&bs);
    if (rc == 0)
        rc = read_log(a, rq, &cb, case_id, "reuse_basis", "task,legal_basis,rationale", out_log, e);
    if (rc == 0) {
        *out =
            json_pack("{s:o, s:o}", "items", items, "tasks", codes_json(TASKS, ARRAY_LEN(TASKS)));
        items = NULL;
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(items);
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    return rc;
}

struct rw {
    struct app *a;
    const struct alog_req *rq;
    const struct app_case_bg *cb;
    struct store_row row;
    int64_t id;
};

static int reuse_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct rw *w = ctx;
    struct bases bs;
    int rc = bases_load(st, w->row.meeting_id, &bs, e);
    size_t n = bs.n;
    bases_free(&bs);
    if (rc == ERR_TOOBIG || (rc == 0 && n >= STORE_REUSE_MAX))
        return in_conflict(e, NULL,
                           "Deze casus heeft het hoogste aantal grondslagen voor "
                           "hergebruik al bereikt.");
    if (rc == 0)
        rc = store_reuse_add(st, &w->row, &w->id, e);
    if (rc == 0) {
        uint8_t subj[CASE_PERSONS][AUDIT_SUBJECT_BYTES];
        char oid[24];
        struct alog_ev ev = case_ev(w->a, w->cb, AUDIT_ACT_CREATE, "reuse_basis", w->id,
                                    "task,legal_basis,rationale", subj, oid);
        rc = alog_tx_add(tx, w->rq, &ev, e);
    }
    return rc;
}

int app_reuse_create(struct app *a, const struct alog_req *rq, int64_t case_id, const json_t *in,
                     json_t **out, struct err *e)
{
    static const char *const keys[] = {"task", "legal_basis", "rationale"};
    struct store *st = NULL;
    struct store_case c;
    struct app_case_bg cb;
    struct str task, basis, rationale;
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "reuse_basis") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = reuse_open(st, &rq->actor, case_id, "create", &c, &cb, e);
    if (rc != 0)
        return rc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "task", true, 32, false, &task, e);
    if (task.p && !FIND(TASKS, task))
        err_field(e, "task", "onbekende taak");
    in_text(in, NULL, "legal_basis", true, APP_REUSE_BASIS_MAX, false, &basis, e);
    if (basis.p && basis.n < 3)
        err_field(e, "legal_basis", "noem het wetsartikel of besluit (minstens 3 tekens)");
    in_text(in, NULL, "rationale", true, APP_REUSE_RATIONALE_MAX, true, &rationale, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    struct rw w = {.a = a, .rq = rq, .cb = &cb};
    w.row =
        (struct store_row){.meeting_id = case_id, .group_id = c.group_id, .by = rq->actor.user_id};
    snprintf(w.row.code, sizeof(w.row.code), "%.*s", (int)task.n, task.p);
    w.row.doc = doc_dump(json_pack("{s:s%, s:s%}", "legal_basis", basis.p, basis.n, "rationale",
                                   rationale.p, rationale.n));
    w.row.doc_len = w.row.doc ? strlen(w.row.doc) : 0;
    rc = w.row.doc ? alog_run(a, reuse_fn, &w, e) : ERR_NOMEM;
    doc_free(w.row.doc);
    if (rc != 0)
        return rc;
    struct bases bs;
    rc = bases_load(st, case_id, &bs, e);
    for (size_t i = 0; rc == 0 && i < bs.n && *out == NULL; i++)
        if (bs.rows[i].id == w.id)
            *out = basis_json(st, &bs.rows[i], true);
    bases_free(&bs);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}
