/* informing.c: informing the person and the relatives in a network analysis (see informing.h
 * and docs/informing.md). */
#include "core/common.h"

#include "app/case.h"
#include "app/informing.h"
#include "app/input.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "core/clock.h"
#include "store/case.h"
#include "store/informing.h"
#include "store/store.h"
#include "store/user.h"

#define NOTE_MAX 2000
#define ROWS_CAP 2001 /* network persons, tasks, records of one case */
#define MAX_ENTS (APP_ITEM_ACCESS_PERSONS + ROWS_CAP)
#define TASK_CODE "I1"
#define TASK_TITLE "Betrokkene(n) informeren over de verwerking, of uitstel met reden vastleggen"

static const struct code HOWS[] = {
    {"mondeling", "Mondeling"},
    {"brief", "Per brief"},
    {"via_advocaat", "Via de advocaat"},
    {"via_ouders_voogd", "Via ouders of voogd (minderjarige)"},
};

/* The reasons to defer (AVG art. 23, UAVG art. 41), with a plain-Dutch explanation. */
static const struct {
    const char *code, *label, *help;
} REASONS[] = {
    {"zou_preventie_schaden", "Zou de preventie schaden",
     "Nu informeren zou de aanpak zelf ondermijnen, bijvoorbeeld omdat de persoon zich dan aan "
     "de hulp onttrekt."},
    {"zou_opsporing_of_vervolging_schaden", "Zou opsporing of vervolging schaden",
     "Er loopt een strafrechtelijk onderzoek dat schade zou lijden. Alleen na overleg met het "
     "Openbaar Ministerie."},
    {"veiligheid_van_derden", "Veiligheid van anderen",
     "Informeren brengt iemand anders in gevaar, bijvoorbeeld de melder of een familielid."},
    {"persoon_onbereikbaar", "Persoon niet bereikbaar",
     "De persoon is (nog) niet te bereiken, bijvoorbeeld uitgereisd of zonder bekend adres."},
    {"overig", "Andere reden", "Een andere reden: licht die dan toe (verplicht)."},
};

static const struct code STATUSES[] = {
    {"open", "Nog niet geïnformeerd"},
    {"informed", "Geïnformeerd"},
    {"deferred", "Informeren uitgesteld"},
};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze casus bestaat niet of u heeft er geen toegang toe.");
}

static int reason_index(struct str s)
{
    for (size_t i = 0; s.p && i < ARRAY_LEN(REASONS); i++)
        if (str_eq_cstr(s, REASONS[i].code))
            return (int)i;
    return -1;
}

static const char *reason_label(const char *code)
{
    int i = reason_index(str_from_cstr(code));
    return i < 0 ? code : REASONS[i].label;
}

static json_t *reasons_json(void)
{
    json_t *j = json_array();
    for (size_t i = 0; i < ARRAY_LEN(REASONS); i++)
        json_array_append_new(j, json_pack("{s:s, s:s, s:s}", "code", REASONS[i].code, "label",
                                           REASONS[i].label, "help", REASONS[i].help));
    return j;
}

/* The local calendar day of a millisecond time (as signal_today for now). */
static int64_t day_of(int64_t ms)
{
    int64_t d = ms / 86400000;
    if (clock_local_midnight_ms(d + 1) <= ms)
        d++;
    else if (clock_local_midnight_ms(d) > ms)
        d--;
    return d;
}

/* ---- the loaded case ------------------------------------------------------------------------- */

/* One person concerned: a subject of the case or a network person. */
struct ent {
    int64_t person_id;
    int64_t network_person_id; /* 0: a subject */
    int64_t base_day;          /* admission (subject) or recording (network person) */
    const struct store_row *cur;
};

struct inf {
    int64_t case_id;
    struct store_case c;
    int64_t persons[APP_ITEM_ACCESS_PERSONS]; /* the subjects */
    size_t n_persons;
    struct policy_obj obj;
    int64_t parts[APP_ITEM_ACCESS_PARTS];
    bool ident, network;
    struct store_row *np, *rec;
    size_t n_np, n_rec;
    struct ent *ents;
    size_t n_ents;
};

static void inf_release(struct inf *n)
{
    store_rows_release(n->np, n->n_np);
    store_rows_release(n->rec, n->n_rec);
    free(n->np);
    free(n->rec);
    free(n->ents);
    memset(n, 0, sizeof(*n));
}

static bool natural_person(struct store *st, int64_t id)
{
    struct store_person p;
    if (store_person_get(st, id, &p, NULL) != 0)
        return false;
    bool ok = !p.organisation;
    store_person_wipe(&p);
    return ok;
}

/* (Re)loads the records and builds the persons: the natural-person subjects, then (with_network)
 * the network persons; each with its current record. */
/* gcc 12 -fanalyzer, entering from iw_run (n = ((struct iw *)ctx)->n), reports each calloc below
 * as leaked on the next line: it drops the store into *n, a region it only knows symbolically.
 * The arrays live in *n and inf_release frees them (the ASan runs of the API suite agree). */
#ifndef __clang__ /* gcc only: clang has no -Wanalyzer-* and -Werror refuses unknown groups */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int inf_rows(struct store *st, struct inf *n, bool with_network, struct err *e)
{
    store_rows_release(n->np, n->n_np);
    store_rows_release(n->rec, n->n_rec);
    n->n_np = n->n_rec = n->n_ents = 0;
    if (n->np == NULL)
        n->np = calloc(ROWS_CAP, sizeof(*n->np));
    if (n->rec == NULL)
        n->rec = calloc(ROWS_CAP, sizeof(*n->rec));
    if (n->ents == NULL)
        n->ents = calloc(MAX_ENTS, sizeof(*n->ents));
    int rc = n->np && n->rec && n->ents ? 0 : ERR_NOMEM;
    if (rc == 0 && with_network)
        rc = store_case_rows(st, STORE_CASE_NPERSON, n->case_id, n->np, ROWS_CAP, &n->n_np, e);
    if (rc == 0)
        rc = store_informing_rows(st, n->case_id, n->rec, ROWS_CAP, &n->n_rec, e);
    if (rc != 0)
        return rc;
    int64_t admitted = day_of(n->c.created_at);
    for (size_t i = 0; i < n->n_persons; i++)
        if (natural_person(st, n->persons[i]))
            n->ents[n->n_ents++] = (struct ent){n->persons[i], 0, admitted, NULL};
    for (size_t i = 0; i < n->n_np && n->n_ents < MAX_ENTS; i++)
        if (natural_person(st, n->np[i].a))
            n->ents[n->n_ents++] = (struct ent){n->np[i].a, n->np[i].id, day_of(n->np[i].at), NULL};
    for (size_t k = 0; k < n->n_ents; k++)
        for (size_t i = 0; i < n->n_rec; i++)
            if (n->rec[i].a == n->ents[k].person_id &&
                (n->ents[k].cur == NULL || n->rec[i].b > n->ents[k].cur->b))
                n->ents[k].cur = &n->rec[i];
    return 0;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

/* Opens a case's informing for who: the case must be visible and `read informing` allowed on it
 * (404 otherwise); with write also `create informing` (403). */
static int inf_open(struct app *a, const struct actor *who, int64_t case_id, bool write,
                    struct store **st, struct inf *n, const char **rule, struct err *e)
{
    memset(n, 0, sizeof(*n));
    if (policy_scope(who, "read", "informing") == 0 ||
        (write && policy_scope(who, "create", "informing") == 0))
        return in_denied(e);
    struct app_item_access acc;
    int rc = app_store(a, st, e);
    if (rc == 0)
        rc = app_case_may(*st, who, "case", case_id, false, &acc, e);
    if (rc == 0)
        rc = store_case_get(*st, case_id, &n->c, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    n->case_id = case_id;
    memcpy(n->persons, acc.persons, acc.n_persons * sizeof(acc.persons[0]));
    n->n_persons = acc.n_persons;
    memcpy(n->parts, acc.parts, acc.n_parts * sizeof(acc.parts[0]));
    n->obj = (struct policy_obj){.owner_org_id = acc.municipality_id,
                                 .participant_org_ids = n->parts,
                                 .n_participants = acc.n_parts};
    if (policy_check(who, "read", "informing", &n->obj, rule) != 0)
        return not_found(e);
    if (write && policy_check(who, "create", "informing", &n->obj, rule) != 0)
        return in_denied(e);
    n->ident = policy_category_visible(who, "identification", &n->obj);
    n->network = policy_category_visible(who, "network", &n->obj);
    rc = inf_rows(*st, n, n->network, e);
    if (rc != 0)
        inf_release(n);
    return rc;
}

/* The status of a person today: open / informed / deferred, the day it is due (open: the due
 * day; deferred: the re-assessment day; 0 when informed). */
static const char *ent_status(struct app *a, const struct ent *x, int64_t *due)
{
    const struct store_row *r = x->cur;
    if (r == NULL) {
        *due = x->base_day + app_config(a)->informing_due_days;
        return "open";
    }
    *due = strcmp(r->code, "informed") == 0 ? 0 : r->c;
    return r->code;
}

/* ---- the view -------------------------------------------------------------------------------- */

static json_t *doc_member(const json_t *d, const char *key)
{
    json_t *v = json_object_get(d, key);
    return v ? json_incref(v) : json_null();
}

static json_t *record_json(struct store *st, const struct store_row *r)
{
    json_t *d = doc_parse(r->doc, r->doc_len);
    bool open = strcmp(r->code, "open") == 0, informed = strcmp(r->code, "informed") == 0,
         deferred = strcmp(r->code, "deferred") == 0;
    json_int_t by = (json_int_t)json_integer_value(json_object_get(d, "informed_by"));
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)r->id, "version", (json_int_t)r->b,
                  "outcome", r->code, "outcome_label", LABEL(STATUSES, r->code));
    if (j == NULL) {
        json_decref(d);
        return NULL;
    }
    json_object_set_new(j, "due_date", open ? json_day(r->c) : json_null());
    json_object_set_new(j, "informed_date", informed ? json_day(r->d) : json_null());
    json_object_set_new(j, "how", r->code2[0] ? json_string(r->code2) : json_null());
    json_object_set_new(j, "how_label",
                        r->code2[0] ? json_string(LABEL(HOWS, r->code2)) : json_null());
    json_object_set_new(j, "informed_by", informed ? json_user_ref(st, by) : json_null());
    json_object_set_new(j, "note", doc_member(d, "note"));
    json_object_set_new(j, "reason", r->code3[0] ? json_string(r->code3) : json_null());
    json_object_set_new(j, "reason_label",
                        r->code3[0] ? json_string(reason_label(r->code3)) : json_null());
    json_object_set_new(j, "explanation", doc_member(d, "explanation"));
    json_object_set_new(j, "om_consulted", doc_member(d, "om_consulted"));
    json_object_set_new(j, "decided_date", deferred ? json_day(r->d) : json_null());
    json_object_set_new(j, "reassess_date", deferred ? json_day(r->c) : json_null());
    json_object_set_new(j, "recorded_by", json_user_ref(st, r->by));
    json_object_set_new(j, "recorded_at", json_time(r->at));
    json_decref(d);
    return j;
}

static json_t *ent_json(struct app *a, struct store *st, const struct inf *n, const struct ent *x,
                        int64_t today)
{
    int64_t due = 0;
    const char *status = ent_status(a, x, &due);
    json_t *j = json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:b}", "person_id",
                          (json_int_t)x->person_id, "network_person_id",
                          x->network_person_id ? json_integer(x->network_person_id) : json_null(),
                          "kind", x->network_person_id ? "network" : "subject", "status", status,
                          "status_label", LABEL(STATUSES, status), "due_date", json_day(due),
                          "overdue", due > 0 && today > due);
    if (j == NULL)
        return NULL;
    struct store_person p;
    if (n->ident && store_person_get(st, x->person_id, &p, NULL) == 0) {
        json_object_set_new(j, "name", p.name[0] ? json_string(p.name) : json_null());
        json_object_set_new(j, "birth_date",
                            p.birth_date[0] ? json_string(p.birth_date) : json_null());
        store_person_wipe(&p);
    }
    json_object_set_new(j, "redacted", json_boolean(!n->ident));
    json_object_set_new(j, "current", x->cur ? record_json(st, x->cur) : json_null());
    json_t *hist = json_array();
    for (size_t i = n->n_rec; i-- > 0;)
        if (n->rec[i].a == x->person_id)
            json_array_append_new(hist, record_json(st, &n->rec[i]));
    json_object_set_new(j, "history", hist);
    return j;
}

static void ev_of(enum audit_action act, int64_t case_id, const char *fields, bool ident,
                  bool network, const char *rule, const uint8_t (*subj)[AUDIT_SUBJECT_BYTES],
                  size_t n, char oid[24], struct alog_ev *ev)
{
    snprintf(oid, 24, "%" PRId64, case_id);
    *ev = (struct alog_ev){.action = act,
                           .object_type = "informing",
                           .object_id = oid,
                           .categories = (ident ? AUDIT_CAT_IDENTIFICATION : 0u) |
                                         (network ? AUDIT_CAT_NETWORK : 0u),
                           .fields = fields,
                           .authz_rule = rule,
                           .subject_type = "person",
                           .subjects = subj,
                           .n_subjects = n};
}

int app_informing_get(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                      struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct inf n;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    int rc = inf_open(a, &rq->actor, case_id, false, &st, &n, &rule, e);
    if (rc != 0)
        return rc;
    const struct config *cfg = app_config(a);
    int64_t today = signal_today();
    json_t *items = json_array();
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(n.n_ents ? n.n_ents : 1, AUDIT_SUBJECT_BYTES);
    if (items == NULL || subj == NULL)
        rc = ERR_NOMEM;
    bool any_network = false;
    for (size_t i = 0; rc == 0 && i < n.n_ents; i++) {
        json_t *j = ent_json(a, st, &n, &n.ents[i], today);
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
        alog_subject(a, "person", n.ents[i].person_id, subj[i]);
        any_network = any_network || n.ents[i].network_person_id != 0;
    }
    if (rc == 0) {
        struct alog_ev ev;
        char oid[24];
        ev_of(AUDIT_ACT_READ, case_id, "informing:status,decisions,history", n.ident, any_network,
              rule, (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, n.n_ents, oid, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        bool can = policy_check(&rq->actor, "create", "informing", &n.obj, NULL) == 0;
        *out = json_pack("{s:I, s:O, s:o, s:o, s:o, s:I, s:I, s:o, s:o, s:{s:b}}", "case_id",
                         (json_int_t)case_id, "items", items, "hows",
                         codes_json(HOWS, ARRAY_LEN(HOWS)), "reasons", reasons_json(), "statuses",
                         codes_json(STATUSES, ARRAY_LEN(STATUSES)), "due_days",
                         (json_int_t)cfg->informing_due_days, "reassess_max_days",
                         (json_int_t)cfg->informing_reassess_max_days, "reassess_max_date",
                         json_day(today + cfg->informing_reassess_max_days), "admitted_date",
                         json_day(day_of(n.c.created_at)), "can", "record", can);
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(items);
    free(subj);
    inf_release(&n);
    return rc;
}

/* ---- the I1 task ----------------------------------------------------------------------------- */

/* Brings the case's I1 task in line with the records: done when every person is informed,
 * otherwise open and due on the earliest due or re-assessment day. Inside the caller's
 * transaction; n holds the current records of every person (subjects and network). */
static int task_sync(struct app *a, struct store *st, const struct inf *n, int64_t by,
                     struct err *e)
{
    int64_t next = 0;
    for (size_t i = 0; i < n->n_ents; i++) {
        int64_t due = 0;
        ent_status(a, &n->ents[i], &due);
        if (due > 0 && (next == 0 || due < next))
            next = due;
    }
    struct store_row *ts = calloc(ROWS_CAP, sizeof(*ts));
    size_t nt = 0;
    int rc =
        ts ? store_case_rows(st, STORE_CASE_TASK, n->case_id, ts, ROWS_CAP, &nt, e) : ERR_NOMEM;
    const struct store_row *t = NULL;
    for (size_t i = 0; rc == 0 && i < nt; i++)
        if (strcmp(ts[i].code, TASK_CODE) == 0 && (t == NULL || strcmp(ts[i].code2, "open") == 0))
            t = &ts[i];
    char *doc = NULL;
    if (rc == 0 && (t != NULL || next > 0)) {
        doc = doc_dump(json_pack("{s:s, s:{s:s, s:s}}", "title", TASK_TITLE, "evidence", "kind",
                                 "text", "text", "Bijgehouden op de pagina Informeren"));
        rc = doc ? 0 : ERR_NOMEM;
    }
    if (rc == 0 && t != NULL) {
        struct store_row r = *t;
        r.c = next > 0 ? next : t->c;
        r.d = next > 0 ? 0 : signal_today();
        r.by = by;
        snprintf(r.code2, sizeof(r.code2), "%s", next > 0 ? "open" : "done");
        r.doc = doc;
        r.doc_len = strlen(doc);
        rc = store_case_update(st, STORE_CASE_TASK, &r, e);
    } else if (rc == 0 && next > 0) {
        struct store_row r = {.meeting_id = n->case_id,
                              .group_id = n->c.group_id,
                              .a = n->c.casusregisseur_id,
                              .b = n->c.municipality_id,
                              .c = next,
                              .by = by,
                              .doc = doc,
                              .doc_len = strlen(doc)};
        snprintf(r.code, sizeof(r.code), TASK_CODE);
        snprintf(r.code2, sizeof(r.code2), "open");
        int64_t id = 0;
        rc = store_case_add(st, STORE_CASE_TASK, &r, NULL, &id, e);
    }
    doc_free(doc);
    store_rows_release(ts, nt);
    free(ts);
    return rc;
}

int app_informing_admitted(struct app *a, struct store *st, int64_t case_id, int64_t by,
                           struct err *e)
{
    struct inf n;
    memset(&n, 0, sizeof(n));
    n.case_id = case_id;
    int rc = store_case_get(st, case_id, &n.c, e);
    if (rc == 0)
        rc = store_signal_subjects(st, n.c.signal_id, n.persons, ARRAY_LEN(n.persons), &n.n_persons,
                                   e);
    if (rc == 0)
        rc = inf_rows(st, &n, false, e);
    int64_t due = signal_today() + app_config(a)->informing_due_days;
    for (size_t i = 0; rc == 0 && i < n.n_ents; i++) {
        if (n.ents[i].cur != NULL)
            continue;
        struct store_informing_in in = {.case_id = case_id,
                                        .group_id = n.c.group_id,
                                        .person_id = n.ents[i].person_id,
                                        .outcome = "open",
                                        .due_day = due,
                                        .created_by = by,
                                        .doc = str_from_cstr("{}")};
        int64_t id = 0;
        rc = store_informing_add(st, &in, &id, e);
    }
    if (rc == 0)
        rc = inf_rows(st, &n, false, e);
    if (rc == 0)
        rc = task_sync(a, st, &n, by, e);
    inf_release(&n);
    return rc;
}

/* ---- recording a decision -------------------------------------------------------------------- */

struct iw {
    struct app *a;
    const struct alog_req *rq;
    struct inf *n;
    const char *rule;
    struct store_informing_in in;
    char *doc;
    int64_t created_id;
    int64_t version;
};

static int iw_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct iw *w = ctx;
    int64_t count = 0;
    int rc = store_informing_count(st, w->n->case_id, &count, e);
    if (rc == 0 && count >= APP_INFORMING_RECORDS_MAX)
        rc = in_conflict(e, NULL,
                         "Deze casus heeft het maximum aantal besluiten over informeren "
                         "(2000).");
    if (rc == 0)
        rc = store_informing_add(st, &w->in, &w->created_id, e);
    if (rc == 0)
        rc = inf_rows(st, w->n, true, e);
    for (size_t i = 0; rc == 0 && i < w->n->n_rec; i++)
        if (w->n->rec[i].id == w->created_id)
            w->version = w->n->rec[i].b;
    if (rc == 0)
        rc = task_sync(w->a, st, w->n, w->rq->actor.user_id, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(w->a, "person", w->in.person_id, subj[0]);
    struct alog_ev ev;
    char oid[24];
    ev_of(AUDIT_ACT_CREATE, w->n->case_id,
          strcmp(w->in.outcome, "informed") == 0
              ? "informing:outcome,informed_date,how,informed_by,note"
              : "informing:outcome,reason,explanation,reassess_date",
          true, w->in.network_person_id != 0, w->rule, (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
          1, oid, &ev);
    return alog_tx_add(tx, w->rq, &ev, e);
}

/* Which person the request is about: person "subject" (+ person_id with several subjects) or a
 * network person id (person: <id> or network_person_id). Names the field on error. */
static const struct ent *pick_person(const struct inf *n, const json_t *in, struct err *e)
{
    const json_t *pv = json_object_get(in, "person");
    int64_t np = in_id(in, NULL, "network_person_id", false, e);
    int64_t pid = in_id(in, NULL, "person_id", false, e);
    const char *field = "person";
    if (json_is_integer(pv)) {
        np = json_integer_value(pv);
        if (np <= 0) {
            err_field(e, "person", "\"subject\" of het nummer van een persoon uit het netwerk");
            return NULL;
        }
    } else if (json_is_string(pv) && strcmp(json_string_value(pv), "subject") == 0) {
        if (np) {
            err_field(e, "network_person_id", "geef niet ook person \"subject\"");
            return NULL;
        }
    } else if (pv != NULL && !json_is_null(pv)) {
        err_field(e, "person", "\"subject\" of het nummer van een persoon uit het netwerk");
        return NULL;
    } else if (!np) {
        err_field(e, "person", "kies de persoon: \"subject\" of een persoon uit het netwerk");
        return NULL;
    } else {
        field = "network_person_id";
    }
    if (np && pid) {
        err_field(e, "person_id", "alleen voor een betrokkene van de casus");
        return NULL;
    }
    const struct ent *hit = NULL;
    size_t subjects = 0;
    for (size_t i = 0; i < n->n_ents; i++) {
        const struct ent *x = &n->ents[i];
        if (np && x->network_person_id == np)
            hit = x;
        if (!np && x->network_person_id == 0) {
            subjects++;
            if (pid == 0 || x->person_id == pid)
                hit = hit ? hit : x;
        }
    }
    if (np && hit == NULL)
        err_field(e, field, "geen persoon uit het netwerk van deze casus");
    else if (!np && pid && hit == NULL)
        err_field(e, "person_id", "geen betrokkene van deze casus");
    else if (!np && hit == NULL)
        err_field(e, "person", "deze casus heeft geen betrokkene die een persoon is");
    else if (!np && !pid && subjects > 1)
        err_field(e, "person_id", "de casus heeft meer betrokkenen: kies er een");
    return in_has_errors(e) ? NULL : hit;
}

/* Under 18 on day (birth date known); false when unknown. */
static bool minor_on(struct store *st, int64_t person_id, int64_t day, bool *known)
{
    struct store_person p;
    int64_t bd = 0;
    *known = false;
    if (store_person_get(st, person_id, &p, NULL) != 0)
        return false;
    *known = !p.organisation && p.birth_date[0] && clock_parse_date(p.birth_date, 10, &bd) == 0;
    store_person_wipe(&p);
    return *known && case_add_months(bd, 18 * 12) > day;
}

int app_informing_record(struct app *a, const struct alog_req *rq, int64_t case_id,
                         const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"person",      "person_id",     "network_person_id",
                                       "outcome",     "informed_date", "how",
                                       "informed_by", "note",          "reason",
                                       "explanation", "om_consulted",  "reassess_date"};
    static const char *const only_informed[] = {"informed_date", "how", "informed_by", "note"};
    static const char *const only_deferred[] = {"reason", "explanation", "om_consulted",
                                                "reassess_date"};
    const struct actor *who = &rq->actor;
    const struct config *cfg = app_config(a);
    struct store *st = NULL;
    struct inf n;
    struct iw w = {.a = a, .rq = rq, .n = &n};
    *out = NULL;
    if (policy_scope(who, "create", "informing") == 0)
        return in_denied(e);
    /* What can be checked without the case, first: all field errors in one answer. */
    int64_t today = signal_today();
    struct str outcome, how, note, reason, expl;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "outcome", true, 20, false, &outcome, e);
    bool informed = outcome.p && str_eq_cstr(outcome, "informed");
    bool deferred = outcome.p && str_eq_cstr(outcome, "deferred");
    if (outcome.p && !informed && !deferred)
        err_field(e, "outcome", "kies informed (geïnformeerd) of deferred (uitgesteld)");
    for (size_t i = 0; deferred && i < ARRAY_LEN(only_informed); i++)
        if (json_object_get(in, only_informed[i]))
            err_field(e, only_informed[i], "hoort niet bij uitstel");
    for (size_t i = 0; informed && i < ARRAY_LEN(only_deferred); i++)
        if (json_object_get(in, only_deferred[i]))
            err_field(e, only_deferred[i], "hoort niet bij geïnformeerd");
    int64_t day = 0, reassess = 0, by = 0;
    const struct code *hc = NULL;
    int ri = -1;
    bool om_present = false;
    json_t *doc = json_object();
    if (doc == NULL)
        return ERR_NOMEM;
    if (informed) {
        day = in_date(in, NULL, "informed_date", true, e);
        in_text(in, NULL, "how", true, 40, false, &how, e);
        hc = how.p ? FIND(HOWS, how) : NULL;
        if (how.p && hc == NULL)
            err_field(e, "how", "kies mondeling, brief, via_advocaat of via_ouders_voogd");
        by = in_id(in, NULL, "informed_by", false, e);
        in_text(in, NULL, "note", false, NOTE_MAX, true, &note, e);
        if (day > today)
            err_field(e, "informed_date", "ligt in de toekomst");
        if (note.p)
            json_object_set_new(doc, "note", json_stringn(note.p, note.n));
        json_object_set_new(doc, "informed_by", json_integer(by ? by : who->user_id));
    } else if (deferred) {
        in_text(in, NULL, "reason", true, 40, false, &reason, e);
        ri = reason.p ? reason_index(reason) : -1;
        if (reason.p && ri < 0)
            err_field(e, "reason", "kies een reden uit de lijst");
        in_text(in, NULL, "explanation", ri >= 0 && strcmp(REASONS[ri].code, "overig") == 0,
                NOTE_MAX, true, &expl, e);
        bool om = in_bool(in, NULL, "om_consulted", false, &om_present, e);
        if (ri >= 0 && strcmp(REASONS[ri].code, "zou_opsporing_of_vervolging_schaden") == 0 && !om)
            err_field(e, "om_consulted",
                      "deze reden kan alleen na overleg met het Openbaar Ministerie");
        reassess = in_date(in, NULL, "reassess_date", true, e);
        if (reassess && reassess <= today)
            err_field(e, "reassess_date", "moet in de toekomst liggen");
        else if (reassess > today + cfg->informing_reassess_max_days)
            err_field(e, "reassess_date", "mag hoogstens %" PRId64 " dagen vooruit liggen",
                      cfg->informing_reassess_max_days);
        if (expl.p)
            json_object_set_new(doc, "explanation", json_stringn(expl.p, expl.n));
        if (om_present)
            json_object_set_new(doc, "om_consulted", json_boolean(om));
    }
    if (!json_object_get(in, "person") && !json_object_get(in, "network_person_id"))
        err_field(e, "person", "kies de persoon: \"subject\" of een persoon uit het netwerk");
    int rc = in_has_errors(e) ? ERR_INVAL : 0;
    if (rc == 0)
        rc = inf_open(a, who, case_id, true, &st, &n, &w.rule, e);
    if (rc != 0) {
        json_decref(doc);
        return rc;
    }
    const struct ent *x = pick_person(&n, in, e);
    int64_t admitted = day_of(n.c.created_at);
    if (x && informed && day && day < admitted)
        err_field(e, "informed_date", "ligt voor de opname van de casus");
    bool known = false;
    if (x && hc && strcmp(hc->code, "via_ouders_voogd") == 0 &&
        !minor_on(st, x->person_id, day ? day : today, &known) && known)
        err_field(e, "how", "via ouders of voogd alleen bij een minderjarige");
    struct store_user u;
    if (by && (in_ref_user(st, by, &u, e) != 0 || u.status != STORE_USER_ACTIVE ||
               !(u.org_id == n.c.municipality_id ||
                 id_in(n.obj.participant_org_ids, n.obj.n_participants, u.org_id))))
        err_field(e, "informed_by",
                  "een actieve medewerker van de gemeente of een deelnemende organisatie");
    if (in_has_errors(e)) {
        json_decref(doc);
        inf_release(&n);
        return ERR_INVAL;
    }
    w.doc = doc_dump(doc);
    if (w.doc == NULL) {
        inf_release(&n);
        return ERR_NOMEM;
    }
    w.in = (struct store_informing_in){.case_id = case_id,
                                       .group_id = n.c.group_id,
                                       .person_id = x->person_id,
                                       .network_person_id = x->network_person_id,
                                       .outcome = informed ? "informed" : "deferred",
                                       .decided_day = informed ? day : today,
                                       .reassess_day = reassess,
                                       .how = hc ? hc->code : NULL,
                                       .reason = ri >= 0 ? REASONS[ri].code : NULL,
                                       .informed_by = informed ? (by ? by : who->user_id) : 0,
                                       .created_by = who->user_id,
                                       .doc = str_from_cstr(w.doc)};
    rc = alog_run(a, iw_run, &w, e);
    int64_t person = w.in.person_id;
    doc_free(w.doc);
    inf_release(&n);
    if (rc == 0) {
        *out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "case_id", (json_int_t)case_id, "id",
                         (json_int_t)w.created_id, "created_id", (json_int_t)w.created_id,
                         "person_id", (json_int_t)person, "version", (json_int_t)w.version,
                         "outcome", informed ? "informed" : "deferred");
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}
