/* keyfigure.c: the key-figure register and its contact log (see keyfigure.h and
 * docs/keyfigures.md). */
#include "core/common.h"

#include <strings.h>

#include "app/input.h"
#include "app/keyfigure.h"
#include "app/signal.h"
#include "core/log.h"
#include "store/keyfigure.h"
#include "store/store.h"

#define NAME_MAX_ 200 /* organisation, role, contact name */
#define PHONE_MAX 40
#define EMAIL_MAX 254
#define NOTE_MAX 1000 /* consent note, note, contact topic */

static const struct code LEVELS[] = {{"bestuurlijk", "Bestuurlijk"}, {"ambtelijk", "Ambtelijk"}};
static const struct code END_REASONS[] = {
    {"toestemming_ingetrokken", "Toestemming ingetrokken"},
    {"niet_meer_relevant", "Niet meer relevant"},
    {"overig", "Overig"},
};
static const struct code STATUSES[] = {
    {"active", "Actief"}, {"ended", "Beëindigd"}, {"overdue", "Contact gewenst"}};

/* The members of the sealed document a caller may set, with their limits. */
static const struct {
    const char *key;
    size_t max;
    bool required;
    bool multiline;
} DOC_FIELDS[] = {
    {"organisation", NAME_MAX_, true, false}, {"role", NAME_MAX_, true, false},
    {"contact_name", NAME_MAX_, true, false}, {"phone", PHONE_MAX, false, false},
    {"email", EMAIL_MAX, false, false},       {"consent_note", NOTE_MAX, true, true},
    {"note", NOTE_MAX, false, true},
};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND,
                   "Deze sleutelfiguur bestaat niet of u heeft er geen toegang "
                   "toe.");
}

static int64_t contact_days(struct app *a)
{
    return app_config(a)->keyfigure_contact_days;
}

/* The day from which contact is wanted: the last contact, or the consent when that is later or
 * there was no contact, plus the contact period. */
static int64_t due_day(struct app *a, const struct store_row *r)
{
    int64_t ref = r->b > r->a ? r->b : r->a;
    return ref + contact_days(a);
}

static bool overdue(struct app *a, const struct store_row *r)
{
    return r->c == 0 && signal_today() >= due_day(a, r);
}

static json_t *doc_member(const json_t *d, const char *key)
{
    json_t *v = json_object_get(d, key);
    return v ? json_incref(v) : json_null();
}

static json_t *kf_json(struct app *a, const struct store_row *r, const json_t *d)
{
    bool od = overdue(a, r);
    const char *reason = json_string_value(json_object_get(d, "end_reason"));
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
                  "level", r->code, "level_label", LABEL(LEVELS, r->code), "organisation",
                  doc_member(d, "organisation"), "role", doc_member(d, "role"), "contact_name",
                  doc_member(d, "contact_name"), "phone", doc_member(d, "phone"), "email",
                  doc_member(d, "email"), "consent_note", doc_member(d, "consent_note"), "note",
                  doc_member(d, "note"));
    if (j == NULL)
        return NULL;
    json_object_set_new(j, "consent_date", json_day(r->a));
    json_object_set_new(j, "last_contact_date", json_day(r->b));
    json_object_set_new(j, "status", json_string(r->c ? "ended" : "active"));
    json_object_set_new(j, "ended_date", json_day(r->c));
    json_object_set_new(j, "end_reason", reason ? json_string(reason) : json_null());
    json_object_set_new(j, "end_reason_label",
                        reason ? json_string(LABEL(END_REASONS, reason)) : json_null());
    json_object_set_new(j, "contact_wanted", json_boolean(od));
    json_object_set_new(j, "contact_due_date", r->c ? json_null() : json_day(due_day(a, r)));
    json_object_set_new(j, "created_at", json_time(r->d));
    json_object_set_new(j, "updated_at", json_time(r->at));
    return j;
}

/* One access-log event about the key figures ids[0..n) (one record each; none: one record
 * without a subject). */
static void kf_event(struct app *a, enum audit_action act, int64_t id, const char *fields,
                     const uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t n, char oid[24],
                     const char *rule, struct alog_ev *ev)
{
    (void)a;
    if (id > 0)
        snprintf(oid, 24, "%" PRId64, id);
    else
        oid[0] = '\0';
    *ev = (struct alog_ev){.action = act,
                           .object_type = "key_figure",
                           .object_id = oid,
                           .categories = AUDIT_CAT_IDENTIFICATION,
                           .fields = fields,
                           .authz_rule = rule,
                           .subject_type = "key_figure",
                           .subjects = subj,
                           .n_subjects = n};
}

/* Opens key figure id for action: ERR_FORBIDDEN without the function, ERR_NOTFOUND when it does
 * not exist or belongs to another municipality. *r holds its document (store_row_release). */
static int kf_open(struct app *a, const struct actor *who, const char *action, int64_t id,
                   struct store **st, struct store_row *r, const char **rule, struct err *e)
{
    memset(r, 0, sizeof(*r));
    if (policy_scope(who, action, "key_figure") == 0)
        return in_denied(e);
    int rc = app_store(a, st, e);
    if (rc == 0)
        rc = store_keyfigure_get(*st, id, r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj obj = {.owner_org_id = r->meeting_id};
    if (policy_check(who, "read", "key_figure", &obj, NULL) != 0) {
        store_row_release(r);
        return not_found(e);
    }
    if (policy_check(who, action, "key_figure", &obj, rule) != 0) {
        store_row_release(r);
        return in_denied(e);
    }
    return 0;
}

/* ---- reads ------------------------------------------------------------------------------------
 */

struct ent {
    const struct store_row *r;
    json_t *doc;
    bool overdue;
    const char *org;
};

static int ent_cmp(const void *x, const void *y)
{
    const struct ent *p = x, *q = y;
    if (p->overdue != q->overdue)
        return p->overdue ? -1 : 1;
    int c = strcasecmp(p->org, q->org);
    if (c != 0)
        return c;
    return p->r->id < q->r->id ? -1 : p->r->id > q->r->id;
}

int app_keyfigure_list(struct app *a, const struct alog_req *rq, const char *level,
                       const char *status, json_t **out, struct alog_pending **out_log,
                       struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "list", "key_figure") == 0)
        return in_denied(e);
    const struct code *lv = level && level[0] ? FIND(LEVELS, str_from_cstr(level)) : NULL;
    const struct code *stc =
        status && status[0] ? FIND(STATUSES, str_from_cstr(status)) : &STATUSES[0];
    if (level && level[0] && lv == NULL)
        err_field(e, "level", "kies bestuurlijk of ambtelijk");
    if (stc == NULL)
        err_field(e, "status", "kies active, ended of overdue");
    /* Tested directly too: with e == NULL the fields are not recorded. */
    if (in_has_errors(e) || stc == NULL || (level && level[0] && lv == NULL))
        return ERR_INVAL;
    struct policy_obj obj = {.owner_org_id = who->org_id};
    if (policy_check(who, "list", "key_figure", &obj, &rule) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    struct store_row *rows = calloc(APP_KEYFIGURES_MAX, sizeof(*rows));
    struct ent *ents = calloc(APP_KEYFIGURES_MAX, sizeof(*ents));
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(APP_KEYFIGURES_MAX, AUDIT_SUBJECT_BYTES);
    size_t n = 0, k = 0;
    int64_t n_overdue = 0;
    if (rc == 0 && (rows == NULL || ents == NULL || subj == NULL))
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = store_keyfigure_list(st, who->org_id, rows, APP_KEYFIGURES_MAX, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_row *r = &rows[i];
        bool od = overdue(a, r);
        n_overdue += od;
        if (lv && strcmp(r->code, lv->code) != 0)
            continue;
        if (strcmp(stc->code, "active") == 0  ? r->c != 0
            : strcmp(stc->code, "ended") == 0 ? r->c == 0
                                              : !od)
            continue;
        ents[k].r = r;
        ents[k].doc = doc_parse(r->doc, r->doc_len);
        ents[k].overdue = od;
        ents[k].org = json_string_value(json_object_get(ents[k].doc, "organisation"));
        if (ents[k].org == NULL)
            ents[k].org = "";
        k++;
    }
    if (rc == 0)
        qsort(ents, k, sizeof(*ents), ent_cmp);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < k; i++) {
        json_t *j = kf_json(a, ents[i].r, ents[i].doc);
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
        alog_subject(a, "key_figure", ents[i].r->id, subj[i]);
    }
    if (rc == 0) {
        struct alog_ev ev;
        char oid[24];
        kf_event(a, AUDIT_ACT_READ, 0, "key_figure:organisation,role,contact,consent,level",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, k, oid, rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out =
            json_pack("{s:O, s:I, s:I, s:I, s:o, s:o, s:o}", "items", items, "total", (json_int_t)k,
                      "overdue", (json_int_t)n_overdue, "contact_days", (json_int_t)contact_days(a),
                      "levels", codes_json(LEVELS, ARRAY_LEN(LEVELS)), "end_reasons",
                      codes_json(END_REASONS, ARRAY_LEN(END_REASONS)), "statuses",
                      codes_json(STATUSES, ARRAY_LEN(STATUSES)));
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(items);
    for (size_t i = 0; i < k; i++)
        json_decref(ents[i].doc);
    store_rows_release(rows, n);
    free(rows);
    free(ents);
    free(subj);
    return rc;
}

int app_keyfigure_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_row r;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    int rc = kf_open(a, &rq->actor, "read", id, &st, &r, &rule, e);
    if (rc != 0)
        return rc;
    struct store_row *cs = calloc(APP_KEYFIGURE_CONTACTS_MAX, sizeof(*cs));
    size_t nc = 0;
    rc = cs ? store_keyfigure_contacts(st, id, cs, APP_KEYFIGURE_CONTACTS_MAX, &nc, e) : ERR_NOMEM;
    json_t *d = doc_parse(r.doc, r.doc_len);
    json_t *j = rc == 0 ? kf_json(a, &r, d) : NULL;
    json_t *contacts = json_array();
    if (rc == 0 && (j == NULL || contacts == NULL))
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < nc; i++) {
        json_t *cd = doc_parse(cs[i].doc, cs[i].doc_len);
        json_array_append_new(
            contacts, json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)cs[i].id, "date",
                                json_day(cs[i].a), "topic", doc_member(cd, "topic"), "by",
                                json_user_ref(st, cs[i].by), "recorded_at", json_time(cs[i].at)));
        json_decref(cd);
    }
    if (rc == 0) {
        json_object_set(j, "contacts", contacts);
        json_object_set_new(j, "contact_days", json_integer(contact_days(a)));
        json_object_set_new(j, "levels", codes_json(LEVELS, ARRAY_LEN(LEVELS)));
        json_object_set_new(j, "end_reasons", codes_json(END_REASONS, ARRAY_LEN(END_REASONS)));
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        alog_subject(a, "key_figure", id, subj[0]);
        struct alog_ev ev;
        char oid[24];
        kf_event(a, AUDIT_ACT_READ, id, "key_figure:all,contacts",
                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, 1, oid, rule, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    json_decref(contacts);
    json_decref(d);
    store_rows_release(cs, nc);
    free(cs);
    store_row_release(&r);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

int app_keyfigure_overdue_count(struct app *a, const struct actor *who, int64_t municipality_id,
                                int64_t *out, struct err *e)
{
    struct store *st = NULL;
    *out = 0;
    struct policy_obj obj = {.owner_org_id = municipality_id};
    if (policy_check(who, "list", "key_figure", &obj, NULL) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_keyfigure_overdue_count(st, municipality_id, signal_today() - contact_days(a),
                                           out, e);
    return rc;
}

int app_keyfigure_summary(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    int64_t n = 0;
    *out = NULL;
    int rc = app_keyfigure_overdue_count(a, &rq->actor, rq->actor.org_id, &n, e);
    if (rc != 0)
        return rc;
    *out = json_pack("{s:I, s:I, s:I}", "municipality_id", (json_int_t)rq->actor.org_id, "overdue",
                     (json_int_t)n, "contact_days", (json_int_t)contact_days(a));
    return *out ? 0 : ERR_NOMEM;
}

/* ---- input ------------------------------------------------------------------------------------
 */

static bool phone_ok(struct str s)
{
    size_t digits = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!strchr(" +-().", c) || c == '\0')
            return false;
    }
    return digits >= 6;
}

static bool email_ok(struct str s)
{
    size_t at = 0, n_at = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';')
            return false;
        if (c == '@') {
            at = i;
            n_at++;
        }
    }
    if (n_at != 1 || at == 0 || at + 1 >= s.n)
        return false;
    const char *dot = memchr(s.p + at + 1, '.', s.n - at - 1);
    return dot != NULL && dot != s.p + at + 1 && dot != s.p + s.n - 1;
}

/* Reads the create/update members of in into patch (text members; null = clear an optional
 * member on update), *level and *consent_day. On create every required member must be there; on
 * update at least one member. Records field errors in e. */
static void read_fields(const json_t *in, bool create, json_t *patch, const struct code **level,
                        int64_t *consent_day, struct err *e)
{
    static const char *const keys[] = {"level", "consent_date", "organisation",
                                       "role",  "contact_name", "phone",
                                       "email", "consent_note", "note"};
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    if (!create && json_object_size(in) == 0)
        err_field(e, "level", "geef minstens één gegeven om te wijzigen");
    for (size_t i = 0; i < ARRAY_LEN(DOC_FIELDS); i++) {
        const char *k = DOC_FIELDS[i].key;
        bool present = json_object_get(in, k) != NULL;
        struct str v;
        size_t before = e ? e->n_fields : 0;
        in_text(in, NULL, k, create && DOC_FIELDS[i].required, DOC_FIELDS[i].max,
                DOC_FIELDS[i].multiline, &v, e);
        if (e && e->n_fields != before)
            continue;
        if (v.p == NULL) {
            if (!create && present && DOC_FIELDS[i].required)
                err_field(e, k, "is verplicht");
            else if (!create && present)
                json_object_set_new(patch, k, json_null());
            continue;
        }
        if (strcmp(k, "phone") == 0 && !phone_ok(v))
            err_field(e, k, "alleen cijfers, spaties en + - ( ) (minstens 6 cijfers)");
        else if (strcmp(k, "email") == 0 && !email_ok(v))
            err_field(e, k, "geen geldig e-mailadres");
        else
            json_object_set_new(patch, k, json_stringn(v.p, v.n));
    }
    struct str lv;
    bool lv_present = json_object_get(in, "level") != NULL;
    size_t before = e ? e->n_fields : 0;
    in_text(in, NULL, "level", create, 20, false, &lv, e);
    *level = lv.p ? FIND(LEVELS, lv) : NULL;
    if (lv.p && *level == NULL)
        err_field(e, "level", "kies bestuurlijk of ambtelijk");
    else if (!create && lv_present && lv.p == NULL && (!e || e->n_fields == before))
        err_field(e, "level", "is verplicht");
    bool cd_present = json_object_get(in, "consent_date") != NULL;
    before = e ? e->n_fields : 0;
    *consent_day = in_date(in, NULL, "consent_date", create, e);
    if (!create && cd_present && *consent_day == 0 && (!e || e->n_fields == before))
        err_field(e, "consent_date", "is verplicht: leg vast wanneer de persoon toestemming gaf");
    if (*consent_day > signal_today())
        err_field(e, "consent_date", "ligt in de toekomst: leg alleen gegeven toestemming vast");
}

/* ---- writes -----------------------------------------------------------------------------------
 */

enum kw_op { KW_CREATE, KW_UPDATE, KW_CONTACT, KW_END, KW_DESTROY };

struct kw {
    struct app *a;
    const struct alog_req *rq;
    enum kw_op op;
    int64_t id;
    const char *rule;
    /* create / update */
    json_t *patch;
    const struct code *level;
    int64_t consent_day;
    /* contact / end */
    int64_t day;
    const struct code *reason;
    struct str topic;
    /* results */
    int64_t created_id;
    int64_t last_contact;
};

/* Applies an update, contact or end to the current row inside the transaction. */
static int kw_change(struct store *st, struct kw *w, struct err *e)
{
    struct store_row r;
    int rc = store_keyfigure_get(st, w->id, &r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    char *doc = NULL;
    json_t *d = doc_parse(r.doc, r.doc_len);
    if (r.c != 0) {
        rc = in_conflict(e, NULL,
                         "Het contact met deze sleutelfiguur is beëindigd; u kunt het "
                         "alleen nog vernietigen.");
    } else if (w->op == KW_UPDATE) {
        const char *k;
        json_t *v;
        json_object_foreach(w->patch, k, v)
        {
            if (json_is_null(v))
                json_object_del(d, k);
            else
                json_object_set(d, k, v);
        }
        if (w->level)
            snprintf(r.code, sizeof(r.code), "%s", w->level->code);
        if (w->consent_day)
            r.a = w->consent_day;
        doc = doc_dump(json_incref(d));
    } else if (w->day < r.a) {
        err_field(e, "date", "ligt voor de datum van de toestemming");
        rc = ERR_INVAL;
    } else if (w->op == KW_END) {
        r.c = w->day;
        json_object_set_new(d, "end_reason", json_string(w->reason->code));
        doc = doc_dump(json_incref(d));
    } else {
        int64_t nc = 0;
        rc = store_keyfigure_contact_count(st, w->id, &nc, e);
        if (rc == 0 && nc >= APP_KEYFIGURE_CONTACTS_MAX)
            rc = in_conflict(e, NULL, "Het contactlogboek van deze sleutelfiguur is vol (2000).");
        if (rc == 0)
            doc = doc_dump(json_pack("{s:s%}", "topic", w->topic.p, w->topic.n));
        if (rc == 0 && doc == NULL)
            rc = ERR_NOMEM;
        if (rc == 0)
            rc = store_keyfigure_contact_add(st, w->id, r.group_id, w->day, w->rq->actor.user_id,
                                             str_from_cstr(doc), &w->created_id, e);
        w->last_contact = w->day > r.b ? w->day : r.b;
    }
    if (rc == 0 && w->op != KW_CONTACT) {
        char *orig = r.doc;
        size_t orig_n = r.doc_len;
        r.doc = doc;
        r.doc_len = doc ? strlen(doc) : 0;
        rc = doc ? store_keyfigure_update(st, &r, e) : ERR_NOMEM;
        r.doc = orig;
        r.doc_len = orig_n;
    }
    doc_free(doc);
    json_decref(d);
    store_row_release(&r);
    return rc;
}

static int kw_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct kw *w = ctx;
    int rc = 0;
    enum audit_action act = AUDIT_ACT_UPDATE;
    const char *fields = "key_figure:organisation,role,contact,consent,level";
    if (w->op == KW_CREATE) {
        int64_t n = 0;
        rc = store_keyfigure_count(st, w->rq->actor.org_id, &n, e);
        if (rc == 0 && n >= APP_KEYFIGURES_MAX)
            rc = in_conflict(e, NULL,
                             "Het register heeft het maximum aantal sleutelfiguren "
                             "(1000).");
        char *doc = rc == 0 ? doc_dump(json_incref(w->patch)) : NULL;
        if (rc == 0 && doc == NULL)
            rc = ERR_NOMEM;
        struct store_keyfigure_in in = {.municipality_id = w->rq->actor.org_id,
                                        .level = w->level ? w->level->code : "",
                                        .consent_day = w->consent_day,
                                        .created_by = w->rq->actor.user_id,
                                        .doc = str_from_cstr(doc ? doc : "")};
        if (rc == 0)
            rc = store_keyfigure_create(st, &in, &w->id, NULL, e);
        doc_free(doc);
        act = AUDIT_ACT_CREATE;
    } else if (w->op == KW_DESTROY) {
        rc = store_keyfigure_destroy(st, w->id, e);
        if (rc == ERR_NOTFOUND)
            rc = not_found(e);
        act = AUDIT_ACT_DELETE;
        fields = "key_figure:all,contacts,data_key";
    } else {
        rc = kw_change(st, w, e);
        if (w->op == KW_CONTACT) {
            act = AUDIT_ACT_CREATE;
            fields = "key_figure:contact_log";
        } else if (w->op == KW_END) {
            fields = "key_figure:ended,end_reason";
        }
    }
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(w->a, "key_figure", w->id, subj[0]);
    struct alog_ev ev;
    char oid[24];
    kf_event(w->a, act, w->id, fields, (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, 1, oid, w->rule,
             &ev);
    return alog_tx_add(tx, w->rq, &ev, e);
}

int app_keyfigure_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                         struct err *e)
{
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_scope(who, "create", "key_figure") == 0)
        return in_denied(e);
    struct policy_obj obj = {.owner_org_id = who->org_id};
    struct kw w = {.a = a, .rq = rq, .op = KW_CREATE};
    if (policy_check(who, "create", "key_figure", &obj, &w.rule) != 0)
        return in_denied(e);
    w.patch = json_object();
    if (w.patch == NULL)
        return ERR_NOMEM;
    read_fields(in, true, w.patch, &w.level, &w.consent_day, e);
    int rc = in_has_errors(e) ? ERR_INVAL : alog_run(a, kw_run, &w, e);
    json_decref(w.patch);
    if (rc == 0) {
        *out = json_pack("{s:I, s:I}", "id", (json_int_t)w.id, "created_id", (json_int_t)w.id);
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

/* Opens the key figure for action, then runs w in one transaction with its record. */
static int kw_exec(struct kw *w, const char *action, struct err *e)
{
    struct store *st = NULL;
    struct store_row r;
    int rc = kf_open(w->a, &w->rq->actor, action, w->id, &st, &r, &w->rule, e);
    if (rc != 0)
        return rc;
    store_row_release(&r);
    return alog_run(w->a, kw_run, w, e);
}

int app_keyfigure_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                         json_t **out, struct err *e)
{
    struct kw w = {.a = a, .rq = rq, .op = KW_UPDATE, .id = id};
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "key_figure") == 0)
        return in_denied(e);
    w.patch = json_object();
    if (w.patch == NULL)
        return ERR_NOMEM;
    read_fields(in, false, w.patch, &w.level, &w.consent_day, e);
    int rc = in_has_errors(e) ? ERR_INVAL : kw_exec(&w, "update", e);
    json_decref(w.patch);
    if (rc == 0) {
        *out = json_pack("{s:I}", "id", (json_int_t)id);
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

int app_keyfigure_contact_add(struct app *a, const struct alog_req *rq, int64_t id,
                              const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"date", "topic"};
    struct kw w = {.a = a, .rq = rq, .op = KW_CONTACT, .id = id};
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "key_figure") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    w.day = in_date(in, NULL, "date", true, e);
    in_text(in, NULL, "topic", true, NOTE_MAX, true, &w.topic, e);
    if (w.day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    int rc = in_has_errors(e) ? ERR_INVAL : kw_exec(&w, "update", e);
    if (rc == 0) {
        *out = json_pack("{s:I, s:I, s:o}", "id", (json_int_t)id, "created_id",
                         (json_int_t)w.created_id, "last_contact_date", json_day(w.last_contact));
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

int app_keyfigure_end(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {"date", "reason"};
    struct kw w = {.a = a, .rq = rq, .op = KW_END, .id = id};
    struct str reason;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "key_figure") == 0)
        return in_denied(e);
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    w.day = in_date(in, NULL, "date", true, e);
    in_text(in, NULL, "reason", true, 40, false, &reason, e);
    w.reason = reason.p ? FIND(END_REASONS, reason) : NULL;
    if (reason.p && w.reason == NULL)
        err_field(e, "reason", "kies toestemming_ingetrokken, niet_meer_relevant of overig");
    if (w.day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    int rc = in_has_errors(e) ? ERR_INVAL : kw_exec(&w, "update", e);
    if (rc == 0) {
        *out = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "ended_date", json_day(w.day),
                         "end_reason", w.reason->code);
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

int app_keyfigure_destroy(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                          struct err *e)
{
    struct kw w = {.a = a, .rq = rq, .op = KW_DESTROY, .id = id};
    *out = NULL;
    int rc = kw_exec(&w, "delete", e);
    if (rc != 0)
        return rc;
    /* The old wrapped key must leave the -wal file too; a busy reader only delays that until the
     * next checkpoint, so a failure here does not undo the destruction. */
    struct store *st = NULL;
    if (app_store(a, &st, NULL) == 0 && store_checkpoint(st, NULL) != 0)
        log_warn("key_figure.checkpoint", "id=%" PRId64 " result=busy", id);
    *out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "destroyed", true);
    return *out ? 0 : ERR_NOMEM;
}
