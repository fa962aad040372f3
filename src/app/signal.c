/* signal.c: signals and weighing (see signal.h and docs/signals.md). */
#include "core/common.h"

#include <pthread.h>

#include "app/case.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/jsonv.h"
#include "core/log.h"
#include "store/signal.h"
#include "store/store.h"
#include "store/user.h"

#define MAX_SUBJECTS 10
#define MAX_PARTS 64        /* participants per signal */
#define MAX_ITEMS 200       /* information items / feedback per signal */
#define MAX_WEIGHINGS 50
#define MAX_READERS 10
#define MAX_ATTENDEES 30
#define MAX_CRITERIA 20
#define TEXT_MAX 20000      /* observed text, information content */
#define NOTE_MAX 10000      /* rationale and other weighing texts */
#define LINE_MAX_ 500       /* one-line fields */
#define WORDS_MAX 4096      /* distinct indexed words per text */
#define MATCH_MAX 50
#define SEARCH_HITS_MAX 20000
#define SEARCH_RESULTS_MAX 50

/* ---- code lists --------------------------------------------------------------------------- */

const struct code app_signal_routes[APP_SIGNAL_N_ROUTES] = {
    {"professional", "Professional (school, jongerenwerk, zorg)"},
    {"citizen", "Burger"},
    {"family", "Familie of naaste"},
    {"community", "Gemeenschap / sleutelfiguur"},
    {"signaleringsoverleg", "Signaleringsoverleg"},
    {"police_om", "Politie of OM"},
    {"ambtsbericht", "AIVD-ambtsbericht"},
    {"pga_advice", "PGA-advies"},
    {"other", "Anders"},
};
static const struct code STATES[] = {
    {"ontvangen", "Ontvangen"},
    {"geregistreerd", "Geregistreerd"},
    {"informatie_aanvullen", "Informatie aanvullen"},
    {"weging", "Klaar voor weging"},
    {"geen_zorg", "Geen zorg (gesloten)"},
    {"verwezen_regulier", "Verwezen naar reguliere zorg of veiligheid"},
    {"herwegen", "Opnieuw wegen"},
    {"opname_pga", "Opgenomen in de persoonsgerichte aanpak"},
    {"acuut_escalatie", "Acuut: lokale driehoek"},
};
#define N_OPEN_STATES 4 /* the first four are before the weighing */
static const struct code OUTCOMES[] = {
    {"geen_zorg", "Geen zorg: sluiten"},
    {"verwezen_regulier", "Verwijzen naar reguliere zorg of veiligheid"},
    {"herwegen", "Opnieuw wegen (meer informatie nodig)"},
    {"opname_pga", "Opnemen in de persoonsgerichte aanpak"},
    {"acuut_escalatie", "Acuut: naar de lokale driehoek"},
};
static const struct code CATEGORIES[] = {
    {"identification", "Identificerende gegevens"},
    {"police", "Politiegegevens (Wpg, doelgebonden)"},
    {"criminal", "Strafrechtelijke gegevens"},
    {"youth", "Jeugd"},
    {"care", "Zorg"},
    {"special", "Bijzondere persoonsgegevens"},
    {"other", "Overig"},
};
static const struct code REPORTER_KINDS[] = {
    {"named", "Bekend"},
    {"anonymous", "Anoniem"},
    {"confidential", "Vertrouwelijk (alleen bekend bij de gemeente)"},
};
static const struct code CHANNELS[] = {
    {"telefoon", "Telefoon"}, {"email", "E-mail"}, {"brief", "Brief"}, {"gesprek", "Gesprek"}};
static const struct code RULES[] = {
    {"unaniem", "Unaniem"},
    {"meerderheid", "Bij meerderheid"},
    {"voorzitter", "Voorzitter beslist"},
};
static const struct code ASSESSMENTS[] = {{"ja", "Ja"}, {"nee", "Nee"}, {"onbekend", "Onbekend"}};




/* A configured list "code=Label;code=Label" as [{code,label}]; when want is given, *found says
 * whether the code occurs. */
static json_t *config_list(const char *spec, struct str want, bool *found)
{
    json_t *a = json_array();
    if (found)
        *found = false;
    const char *p = spec;
    while (a && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t cn = eq ? (size_t)(eq - p) : len;
        if (cn > 0) {
            json_t *c = json_stringn(p, cn);
            json_t *l = eq ? json_stringn(eq + 1, len - cn - 1) : json_stringn(p, cn);
            json_array_append_new(a, json_pack("{s:o, s:o}", "code", c, "label", l));
            if (found && want.p && want.n == cn && memcmp(want.p, p, cn) == 0)
                *found = true;
        }
        p += len;
        if (*p == ';')
            p++;
    }
    return a;
}

/* ---- dates and words -------------------------------------------------------------------------- */

bool signal_public_holiday(int64_t day)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    if ((m == 1 && d == 1) || (m == 12 && (d == 25 || d == 26)) || (m == 5 && d == 5))
        return true;
    /* Koningsdag: 27 April, or the 26th when the 27th is a Sunday. */
    int64_t kd = clock_days_from_civil(y, 4, 27);
    if (((kd % 7) + 7 + 3) % 7 == 6)
        kd--;
    if (day == kd)
        return true;
    /* Easter Sunday (anonymous Gregorian algorithm); then Easter Monday, Ascension, Whit Monday. */
    int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - dd - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, mm = (a + 11 * h + 22 * l) / 451;
    int em = (h + l - 7 * mm + 114) / 31, ed = ((h + l - 7 * mm + 114) % 31) + 1;
    int64_t easter = clock_days_from_civil(y, em, ed);
    return day == easter + 1 || day == easter + 39 || day == easter + 50;
}

int64_t signal_add_workdays(int64_t day, int64_t n, bool skip_holidays)
{
    while (n > 0) {
        day++;
        int64_t wd = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday; 0 = Monday */
        if (wd < 5 && !(skip_holidays && signal_public_holiday(day)))
            n--;
    }
    return day;
}

int64_t signal_today(void)
{
    int64_t now = clock_now_ms();
    int64_t d = now / 86400000;
    if (clock_local_midnight_ms(d + 1) <= now)
        d++;
    else if (clock_local_midnight_ms(d) > now)
        d--;
    return d;
}

const char *signal_state_label(const char *state)
{
    return LABEL(STATES, state);
}

void signal_fmt_day(int64_t day, char out[11])
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        out[0] = '\0';
}



static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

void signal_words(const char *p, size_t n, void (*fn)(void *ctx, const char *w, size_t wn),
                  void *ctx)
{
    char w[64];
    size_t i = 0;
    while (i < n) {
        while (i < n && !word_byte((unsigned char)p[i]))
            i++;
        size_t start = i;
        while (i < n && word_byte((unsigned char)p[i]))
            i++;
        size_t len = i - start;
        if (len < 2 || len > sizeof(w))
            continue;
        for (size_t k = 0; k < len; k++) {
            char c = p[start + k];
            if (c >= 'A' && c <= 'Z') /* not ?:, whose int result narrows to char */
                c = (char)(c - 'A' + 'a');
            w[k] = c;
        }
        fn(ctx, w, len);
    }
    crypto_wipe(w, sizeof(w));
}

struct words {
    const struct keyring *kr;
    uint8_t (*toks)[CRYPTO_HASH_BYTES];
    size_t n, cap;
    int rc;
};

static void word_add(void *ctx, const char *w, size_t wn)
{
    struct words *ws = ctx;
    if (ws->rc != 0 || ws->n == ws->cap)
        return;
    uint8_t h[CRYPTO_HASH_BYTES];
    ws->rc = crypto_blind_index(ws->kr, "word", w, wn, h, NULL);
    if (ws->rc != 0)
        return;
    for (size_t i = 0; i < ws->n; i++)
        if (memcmp(ws->toks[i], h, sizeof(h)) == 0)
            return;
    memcpy(ws->toks[ws->n++], h, sizeof(h));
}

/* Indexes the words of text as part of signal_id. */
static int index_words(struct app *a, struct store *st, int64_t signal_id, int64_t part,
                       struct str text, struct err *e)
{
    struct words ws = {app_keys(a), NULL, 0, WORDS_MAX, 0};
    ws.toks = calloc(WORDS_MAX, sizeof(*ws.toks));
    if (ws.toks == NULL)
        return ERR_NOMEM;
    signal_words(text.p, text.n, word_add, &ws);
    int rc = ws.rc ? err_internal(e, ERR_CRYPTO, "word index") : 0;
    if (rc == 0)
        rc = store_signal_tokens_add(st, signal_id, part,
                                     (const uint8_t(*)[CRYPTO_HASH_BYTES])ws.toks, ws.n, e);
    free(ws.toks);
    return rc;
}

/* ---- validation helpers ---------------------------------------------------------------------- */

static int denied(struct err *e)
{
    return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot deze functie.");
}

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze melding bestaat niet of u heeft er geen toegang toe.");
}









/* Names unknown members in e (checked together with the other fields by has_errors). */
static void only_keys(const json_t *in, const char *const *keys, size_t n, struct err *e)
{
    if (jsonv_only_keys(in, keys, n, e) != 0)
        return;
}


/* ---- loaded signal and the policy object --------------------------------------------------- */

struct sig {
    struct store_signal s;
    int64_t parts[MAX_PARTS];
    size_t n_parts;
    int64_t readers[MAX_READERS];
    size_t n_readers;
    int64_t persons[MAX_SUBJECTS];
    size_t n_persons;
    bool restricted;
    struct policy_obj obj;      /* with the submitter: receipt access */
    struct policy_obj obj_full; /* without it: full access */
};

enum view { VIEW_NONE, VIEW_RECEIPT, VIEW_FULL };

static void sig_release(struct sig *g)
{
    store_signal_release(&g->s);
}

static int sig_load(struct store *st, const struct actor *who, int64_t id, bool with_doc,
                    struct sig *g, struct err *e)
{
    memset(g, 0, sizeof(*g));
    int rc = store_signal_get(st, id, with_doc, &g->s, e);
    if (rc == 0)
        rc = store_signal_participant_orgs(st, id, g->parts, MAX_PARTS, &g->n_parts, e);
    if (rc == 0)
        rc = store_signal_subjects(st, id, g->persons, MAX_SUBJECTS, &g->n_persons, e);
    g->restricted = strcmp(g->s.route, "ambtsbericht") == 0;
    if (rc == 0 && g->restricted)
        rc = store_ambtsbericht_readers(st, id, g->readers, MAX_READERS, &g->n_readers, e);
    if (rc != 0) {
        sig_release(g);
        return rc;
    }
    bool designated = false;
    for (size_t i = 0; i < g->n_readers; i++)
        designated = designated || g->readers[i] == who->user_id;
    g->obj = (struct policy_obj){.owner_org_id = g->s.municipality_id,
                                 .submitter_user_id = g->s.submitter_id,
                                 .participant_org_ids = g->parts,
                                 .n_participants = g->n_parts,
                                 .designated = designated};
    g->obj_full = g->obj;
    g->obj_full.submitter_user_id = 0;
    return 0;
}

static enum view sig_view(const struct actor *who, const struct sig *g)
{
    if (g->restricted) /* the restricted store: named readers and the burgemeester only */
        return policy_check(who, "read", "ambtsbericht", &g->obj_full, NULL) == 0 ? VIEW_FULL
                                                                                  : VIEW_NONE;
    if (policy_check(who, "read", "signal", &g->obj_full, NULL) == 0)
        return VIEW_FULL;
    if (policy_check(who, "read", "signal", &g->obj, NULL) == 0)
        return VIEW_RECEIPT;
    return VIEW_NONE;
}

/* Loads the signal and requires the full view plus (action, object) on it; otherwise 404 when
 * the caller cannot see it at all, 403 when it can see it but not do this. */
static int sig_require(struct store *st, const struct actor *who, int64_t id, bool with_doc,
                       const char *action, const char *object, struct sig *g, struct err *e)
{
    int rc = sig_load(st, who, id, with_doc, g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    enum view v = sig_view(who, g);
    if (v == VIEW_NONE) {
        sig_release(g);
        return not_found(e);
    }
    if (v != VIEW_FULL || (action && policy_check(who, action, object, &g->obj_full, NULL) != 0)) {
        sig_release(g);
        return denied(e);
    }
    return 0;
}

static void subjects_of(struct app *a, const struct sig *g, uint8_t (*out)[AUDIT_SUBJECT_BYTES])
{
    for (size_t i = 0; i < g->n_persons; i++)
        alog_subject(a, "person", g->persons[i], out[i]);
}

static int sig_ev(struct app *a, const struct sig *g, enum audit_action act, const char *object,
                  const char *fields, uint32_t cats, const char *purpose,
                  uint8_t (*subj)[AUDIT_SUBJECT_BYTES], struct alog_ev *ev, char oid[24])
{
    subjects_of(a, g, subj);
    snprintf(oid, 24, "%" PRId64, g->s.id);
    *ev = (struct alog_ev){.action = act,
                           .object_type = object,
                           .object_id = oid,
                           .categories = cats,
                           .fields = fields,
                           .purpose = purpose,
                           .subject_type = "person",
                           .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                           .n_subjects = g->n_persons};
    return 0;
}

/* A pending (logged-read) record for the signal's subjects. */
static int sig_pending(struct app *a, const struct alog_req *rq, const struct sig *g,
                       enum audit_action act, const char *object, const char *fields,
                       uint32_t cats, const char *purpose, struct alog_pending **out,
                       struct err *e)
{
    uint8_t subj[MAX_SUBJECTS][AUDIT_SUBJECT_BYTES];
    struct alog_ev ev;
    char oid[24];
    sig_ev(a, g, act, object, fields, cats, purpose, subj, &ev, oid);
    return alog_pending_new(a, rq, &ev, out, e);
}

static int sig_record(struct app *a, struct alog_tx *tx, const struct alog_req *rq,
                      const struct sig *g, enum audit_action act, const char *object,
                      const char *fields, uint32_t cats, struct err *e)
{
    uint8_t subj[MAX_SUBJECTS][AUDIT_SUBJECT_BYTES];
    struct alog_ev ev;
    char oid[24];
    sig_ev(a, g, act, object, fields, cats, NULL, subj, &ev, oid);
    return alog_tx_add(tx, rq, &ev, e);
}

static uint32_t category_bit(const char *c)
{
    if (strcmp(c, "identification") == 0)
        return AUDIT_CAT_IDENTIFICATION;
    if (strcmp(c, "police") == 0)
        return AUDIT_CAT_POLICE;
    if (strcmp(c, "criminal") == 0)
        return AUDIT_CAT_CRIMINAL;
    if (strcmp(c, "youth") == 0)
        return AUDIT_CAT_YOUTH;
    if (strcmp(c, "special") == 0)
        return AUDIT_CAT_SPECIAL;
    return AUDIT_CAT_SIGNAL;
}

/* ---- JSON views ----------------------------------------------------------------------------- */



static const char *receipt_status(const char *state)
{
    if (strcmp(state, "ontvangen") == 0)
        return "ontvangen";
    for (size_t i = 0; i < N_OPEN_STATES; i++)
        if (strcmp(state, STATES[i].code) == 0)
            return "in_behandeling";
    return strcmp(state, "herwegen") == 0 ? "in_behandeling" : "afgehandeld";
}

static const char *receipt_label(const char *status)
{
    if (strcmp(status, "ontvangen") == 0)
        return "Ontvangen";
    if (strcmp(status, "in_behandeling") == 0)
        return "In behandeling";
    return "Afgehandeld";
}

static bool overdue(const struct store_signal *s)
{
    bool open = strcmp(s->state, "herwegen") == 0;
    for (size_t i = 0; i < N_OPEN_STATES; i++)
        open = open || strcmp(s->state, STATES[i].code) == 0;
    return open && s->due_day > 0 && s->due_day < signal_today();
}

static json_t *feedback_json(const struct store_item *f, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *d = json_loadb(f[i].doc, f[i].doc_len, 0, NULL);
        if (d == NULL)
            continue;
        json_object_set_new(d, "id", json_integer(f[i].id));
        json_object_set_new(d, "created_at", json_time(f[i].created_at));
        json_array_append_new(a, d);
    }
    return a;
}

static int receipt_json(struct store *st, const struct store_signal *s, json_t **out,
                        struct err *e)
{
    struct store_item *fb = calloc(MAX_ITEMS, sizeof(*fb));
    size_t nf = 0;
    if (fb == NULL)
        return ERR_NOMEM;
    int rc = store_signal_feedback_list(st, s->id, fb, MAX_ITEMS, &nf, e);
    const char *status = receipt_status(s->state);
    if (rc == 0)
        *out = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o}", "id", (json_int_t)s->id,
                         "reference", s->reference, "view", "receipt", "received_at",
                         json_time(s->received_at), "status", status, "status_label",
                         receipt_label(status), "feedback", feedback_json(fb, nf));
    for (size_t i = 0; i < nf; i++)
        store_item_release(&fb[i]);
    free(fb);
    if (rc == 0 && *out == NULL)
        rc = ERR_NOMEM;
    return rc;
}

static json_t *weighing_json(struct store *st, const struct store_weighing *w)
{
    json_t *d = json_loadb(w->doc, w->doc_len, 0, NULL);
    if (d == NULL)
        return NULL;
    json_object_set_new(d, "id", json_integer(w->id));
    json_object_set_new(d, "version", json_integer(w->version));
    json_object_set_new(d, "corrects", w->corrects ? json_integer(w->corrects) : json_null());
    json_object_set_new(d, "superseded_by",
                        w->superseded_by ? json_integer(w->superseded_by) : json_null());
    json_object_set_new(d, "outcome", json_string(w->outcome));
    json_object_set_new(d, "outcome_label", json_string(LABEL(OUTCOMES, w->outcome)));
    json_object_set_new(d, "joint", json_boolean(w->joint));
    json_object_set_new(d, "single_org", json_boolean(!w->joint));
    json_object_set_new(d, "case_id", w->case_id ? json_integer(w->case_id) : json_null());
    json_object_set_new(d, "created_at", json_time(w->created_at));
    json_object_set_new(d, "created_by", json_user_ref(st, w->created_by));
    return d;
}

/* The weighings of a signal, newest first, as JSON (NULL on error). *current: the newest. */
static int weighings_json(struct store *st, int64_t signal_id, json_t **out, json_t **current,
                          struct err *e)
{
    struct store_weighing *w = calloc(MAX_WEIGHINGS, sizeof(*w));
    size_t n = 0;
    if (w == NULL)
        return ERR_NOMEM;
    int rc = store_weighing_list(st, signal_id, w, MAX_WEIGHINGS, &n, e);
    json_t *a = json_array();
    for (size_t i = 0; rc == 0 && a && i < n; i++) {
        json_t *j = weighing_json(st, &w[i]);
        if (j == NULL)
            rc = err_internal(e, ERR_DB, "weighing document is not JSON");
        else
            json_array_append_new(a, j);
    }
    for (size_t i = 0; i < n; i++)
        store_weighing_release(&w[i]);
    free(w);
    if (rc == 0 && a == NULL)
        rc = ERR_NOMEM;
    if (rc != 0) {
        json_decref(a);
        return rc;
    }
    if (current)
        *current = json_array_size(a) ? json_incref(json_array_get(a, 0)) : json_null();
    *out = a;
    return 0;
}

static json_t *person_json(const struct store_person *p, bool ident)
{
    json_t *j = json_pack("{s:I, s:s}", "id", (json_int_t)p->id, "kind",
                          p->organisation ? "organisation" : "person");
    if (j == NULL || !ident)
        return j;
    json_object_set_new(j, "name", p->name[0] ? json_string(p->name) : json_null());
    json_object_set_new(j, "birth_date", p->birth_date[0] ? json_string(p->birth_date) : json_null());
    json_object_set_new(j, "bsn", p->bsn[0] ? json_string(p->bsn) : json_null());
    json_object_set_new(j, "description",
                        p->description[0] ? json_string(p->description) : json_null());
    if (p->birth_date[0]) {
        int64_t bd = 0;
        if (clock_parse_date(p->birth_date, 10, &bd) == 0) {
            /* Under 18 today: the birth date plus 18 years is still in the future. */
            char today[11];
            signal_fmt_day(signal_today(), today);
            int by = (p->birth_date[0] - '0') * 1000 + (p->birth_date[1] - '0') * 100 +
                     (p->birth_date[2] - '0') * 10 + (p->birth_date[3] - '0');
            int ty = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
                     (today[3] - '0');
            int cmp = strcmp(p->birth_date + 4, today + 4);
            int age = ty - by - (cmp > 0 ? 1 : 0);
            json_object_set_new(j, "minor", json_boolean(age < 18));
        }
    }
    return j;
}

/* What the full view shows: also used by the export (keep_bound false leaves out purpose-bound
 * items and lists them under "omitted"). *cats receives the categories shown. */
static int full_json(struct app *a, struct store *st, const struct actor *who,
                     const struct sig *g, bool keep_bound, json_t **out, uint32_t *cats,
                     struct err *e)
{
    const struct store_signal *s = &g->s;
    int rc = 0;
    json_t *j = NULL, *doc = NULL;
    struct store_item *items = NULL, *fb = NULL;
    struct store_participant *parts = NULL;
    size_t ni = 0, nf = 0, np = 0;
    *cats = 0;

    doc = json_loadb(s->doc, s->doc_len, 0, NULL);
    if (doc == NULL)
        return err_internal(e, ERR_DB, "signal document is not JSON");
    bool see_ident = policy_category_visible(who, "identification", &g->obj_full);
    bool see_signal = policy_category_visible(who, "signal", &g->obj_full);
    bool municipality = who->org_id == s->municipality_id;
    char due[11] = "";
    if (s->due_day > 0)
        signal_fmt_day(s->due_day, due);

    j = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:o}", "id",
                  (json_int_t)s->id, "reference", s->reference, "view", "full", "municipality",
                  json_org_ref(st, s->municipality_id), "route", s->route, "route_label",
                  LABEL(app_signal_routes, s->route), "state", s->state, "state_label",
                  LABEL(STATES, s->state), "received_date", json_day(s->received_day),
                  "received_at", json_time(s->received_at), "due_date",
                  due[0] ? json_string(due) : json_null(), "overdue", overdue(s), "restricted",
                  g->restricted, "case_id", s->case_id ? json_integer(s->case_id) : json_null());
    if (j == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    json_object_set_new(j, "phenomenon", s->phenomenon[0] ? json_string(s->phenomenon) : json_null());
    if (see_signal) {
        *cats |= AUDIT_CAT_SIGNAL;
        json_object_set(j, "observed", json_object_get(doc, "observed"));
        json_object_set(j, "legal_ground", json_object_get(doc, "legal_ground"));
        json_object_set(j, "acute", json_object_get(doc, "acute"));
        json_t *notes = json_object_get(doc, "status_notes");
        json_object_set_new(j, "status_notes", json_is_array(notes) ? json_incref(notes) : json_array());
        bool reveal = strcmp(s->reporter_kind, "confidential") != 0 || municipality;
        json_t *rep = json_pack("{s:s, s:o}", "kind", s->reporter_kind, "org",
                                reveal ? json_org_ref(st, s->reporter_org_id) : json_null());
        json_t *rd = json_object_get(doc, "reporter");
        if (rep && rd && reveal)
            json_object_update(rep, rd);
        json_object_set_new(j, "reporter", rep);
    }
    /* Subjects: always their ids (the record of who is in the signal), identifying fields only
     * for the identification category. */
    json_t *subjects = json_array();
    for (size_t i = 0; rc == 0 && subjects && i < g->n_persons; i++) {
        struct store_person p;
        rc = store_person_get(st, g->persons[i], &p, e);
        if (rc == 0)
            json_array_append_new(subjects, person_json(&p, see_ident));
        store_person_wipe(&p);
    }
    json_object_set_new(j, "subjects", subjects);
    if (see_ident)
        *cats |= AUDIT_CAT_IDENTIFICATION;
    if (rc != 0)
        goto out;

    parts = calloc(MAX_PARTS, sizeof(*parts));
    items = calloc(MAX_ITEMS, sizeof(*items));
    fb = calloc(MAX_ITEMS, sizeof(*fb));
    if (parts == NULL || items == NULL || fb == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    rc = store_signal_participants(st, s->id, parts, MAX_PARTS, &np, e);
    if (rc == 0)
        rc = store_signal_info_list(st, s->id, items, MAX_ITEMS, &ni, e);
    if (rc == 0)
        rc = store_signal_feedback_list(st, s->id, fb, MAX_ITEMS, &nf, e);
    if (rc != 0)
        goto out;
    json_t *pa = json_array();
    for (size_t i = 0; pa && i < np; i++) {
        json_t *d = json_loadb(parts[i].doc, parts[i].doc_len, 0, NULL);
        json_array_append_new(pa, json_pack("{s:o, s:O, s:o, s:o}", "org", json_org_ref(st, parts[i].org_id),
                                            "reason", d ? json_object_get(d, "reason") : json_null(),
                                            "added_at", json_time(parts[i].added_at), "added_by",
                                            json_user_ref(st, parts[i].added_by)));
        json_decref(d);
    }
    json_object_set_new(j, "participants", pa);
    json_t *ia = json_array();
    size_t omitted[ARRAY_LEN(CATEGORIES)] = {0};
    for (size_t i = 0; ia && i < ni; i++) {
        struct policy_obj io = {.owner_org_id = items[i].org_id,
                                .participant_org_ids = g->parts,
                                .n_participants = g->n_parts};
        if (!policy_category_visible(who, items[i].category, &io))
            continue;
        if (items[i].purpose_bound && !keep_bound) {
            for (size_t c = 0; c < ARRAY_LEN(CATEGORIES); c++)
                if (strcmp(items[i].category, CATEGORIES[c].code) == 0)
                    omitted[c]++;
            continue;
        }
        json_t *d = json_loadb(items[i].doc, items[i].doc_len, 0, NULL);
        if (d == NULL)
            continue;
        *cats |= category_bit(items[i].category);
        json_object_set_new(d, "id", json_integer(items[i].id));
        json_object_set_new(d, "source_org", json_org_ref(st, items[i].org_id));
        json_object_set_new(d, "category", json_string(items[i].category));
        json_object_set_new(d, "category_label", json_string(LABEL(CATEGORIES, items[i].category)));
        json_object_set_new(d, "purpose_bound", json_boolean(items[i].purpose_bound));
        json_object_set_new(d, "created_at", json_time(items[i].created_at));
        json_object_set_new(d, "author", json_user_ref(st, items[i].author_id));
        json_array_append_new(ia, d);
    }
    json_object_set_new(j, "information", ia);
    if (!keep_bound) {
        json_t *om = json_array();
        for (size_t c = 0; om && c < ARRAY_LEN(CATEGORIES); c++)
            if (omitted[c] > 0)
                json_array_append_new(
                    om, json_pack("{s:s, s:I, s:s}", "category", CATEGORIES[c].code, "count",
                                  (json_int_t)omitted[c], "reason",
                                  "Doelgebonden gegevens (zoals politiegegevens) worden niet "
                                  "geëxporteerd."));
        json_object_set_new(j, "omitted", om);
    }
    json_object_set_new(j, "feedback", feedback_json(fb, nf));

    json_t *ws = NULL, *cur = NULL;
    if (policy_check(who, "read", "weighing", &g->obj_full, NULL) == 0 ||
        (g->restricted && policy_check(who, "read", "ambtsbericht", &g->obj_full, NULL) == 0)) {
        rc = weighings_json(st, s->id, &ws, &cur, e);
        if (rc != 0)
            goto out;
        json_decref(ws);
        json_object_set_new(j, "weighing", cur);
        json_t *wc = json_object_get(j, "weighing");
        json_object_set_new(j, "single_org_weighing",
                            json_boolean(json_is_object(wc) &&
                                         json_is_true(json_object_get(wc, "single_org"))));
    }
    if (g->restricted) {
        char *ad = NULL;
        size_t an = 0;
        rc = store_ambtsbericht_get(st, s->id, &ad, &an, e);
        if (rc == 0) {
            json_t *aj = json_loadb(ad, an, 0, NULL);
            json_t *ra = json_array();
            for (size_t i = 0; ra && i < g->n_readers; i++)
                json_array_append_new(ra, json_user_ref(st, g->readers[i]));
            if (aj)
                json_object_set_new(aj, "readers", ra);
            else
                json_decref(ra);
            json_object_set_new(j, "ambtsbericht", aj ? aj : json_null());
            *cats |= AUDIT_CAT_AMBTSBERICHT;
        }
        store_doc_free(ad, an);
        if (rc != 0)
            goto out;
    }
    json_object_set_new(
        j, "can",
        json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "update",
                  policy_check(who, "update", "signal", &g->obj_full, NULL) == 0, "weigh",
                  policy_check(who, "create", "weighing", &g->obj_full, NULL) == 0,
                  "add_information",
                  policy_check(who, "create", "information", &g->obj_full, NULL) == 0, "export",
                  !g->restricted && policy_check(who, "export", "signal", &g->obj_full, NULL) == 0,
                  "matches",
                  policy_check(who, "search", "signal", &g->obj_full, NULL) == 0,
                  "update_ambtsbericht",
                  g->restricted &&
                      policy_check(who, "update", "ambtsbericht", &g->obj_full, NULL) == 0));
    (void)a;
out:
    for (size_t i = 0; parts && i < np; i++)
        store_participant_release(&parts[i]);
    for (size_t i = 0; items && i < ni; i++)
        store_item_release(&items[i]);
    for (size_t i = 0; fb && i < nf; i++)
        store_item_release(&fb[i]);
    free(parts);
    free(items);
    free(fb);
    json_decref(doc);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- options -------------------------------------------------------------------------------- */

static json_t *municipalities_json(struct store *st)
{
    json_t *a = json_array();
    struct store_region regions[16];
    struct store_org *orgs = calloc(500, sizeof(*orgs));
    size_t nr = 0;
    if (orgs == NULL || store_region_list(st, regions, 16, &nr, NULL) != 0) {
        free(orgs);
        return a;
    }
    for (size_t r = 0; a && r < nr; r++) {
        size_t n = 0;
        if (store_org_list(st, regions[r].id, orgs, 500, &n, NULL) != 0)
            continue;
        for (size_t i = 0; i < n; i++)
            if (orgs[i].kind == STORE_ORG_GEMEENTE)
                json_array_append_new(a, json_pack("{s:I, s:s}", "id", (json_int_t)orgs[i].id,
                                                   "name", orgs[i].name));
    }
    free(orgs);
    return a;
}

int app_signal_options(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    const struct config *c = app_config(a);
    *out = NULL;
    if (policy_scope(who, "read", "signal") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    struct store_org own;
    bool own_gemeente = store_org_get(st, who->org_id, &own, NULL) == 0 &&
                        own.kind == STORE_ORG_GEMEENTE;
    /* The dossierhouders of the caller's municipality, for the casusregisseur of an admission;
     * for the burgemeester, its dossierhouders and chairs as possible readers of an ambtsbericht. */
    json_t *regisseurs = json_array(), *readers = json_array();
    struct policy_obj own_obj = {.owner_org_id = who->org_id};
    bool weigh = own_gemeente && policy_check(who, "create", "weighing", &own_obj, NULL) == 0;
    bool amb = own_gemeente && policy_check(who, "create", "ambtsbericht", &own_obj, NULL) == 0;
    if (weigh || amb) {
        struct store_user *users = calloc(1000, sizeof(*users));
        size_t nu = 0;
        if (users && store_user_list(st, users, 1000, &nu, NULL) == 0)
            for (size_t i = 0; i < nu; i++) {
                const struct store_user *u = &users[i];
                if (u->org_id != who->org_id || u->status != STORE_USER_ACTIVE)
                    continue;
                json_t *ref = json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "name",
                                        u->display_name);
                if (weigh && (u->roles & POLICY_ROLE_DOSSIERHOUDER))
                    json_array_append(regisseurs, ref);
                if (amb && (u->roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER)))
                    json_array_append(readers, ref);
                json_decref(ref);
            }
        free(users);
    }
    *out = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:I, s:I}",
        "routes",
        codes_json(app_signal_routes, ARRAY_LEN(app_signal_routes)), "reporter_kinds",
        codes_json(REPORTER_KINDS, ARRAY_LEN(REPORTER_KINDS)), "phenomena",
        config_list(c->phenomena, STR_NULL, NULL), "categories",
        codes_json(CATEGORIES, ARRAY_LEN(CATEGORIES)), "criteria",
        config_list(c->weighing_criteria, STR_NULL, NULL), "outcomes",
        codes_json(OUTCOMES, ARRAY_LEN(OUTCOMES)), "states", codes_json(STATES, ARRAY_LEN(STATES)),
        "feedback_channels", codes_json(CHANNELS, ARRAY_LEN(CHANNELS)), "decision_rules",
        codes_json(RULES, ARRAY_LEN(RULES)), "municipalities", municipalities_json(st),
        "own_municipality_id", own_gemeente ? json_integer(who->org_id) : json_null(),
        "casusregisseurs", regisseurs, "ambtsbericht_readers", readers, "can_ambtsbericht", amb,
        "public_intake", c->public_intake != 0,
        "check_workdays", (json_int_t)c->signal_check_workdays, "weigh_workdays",
        (json_int_t)c->signal_weigh_workdays);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- create --------------------------------------------------------------------------------- */

struct subject_in {
    struct store_person_in p;
};

struct create_in {
    int64_t municipality_id;
    int64_t received_day;
    const char *route;
    const char *reporter_kind;
    int64_t reporter_org_id;
    const char *phenomenon;
    bool acute;
    struct subject_in subj[MAX_SUBJECTS];
    size_t n_subj;
    struct str observed;
    struct str legal_ground;
    json_t *doc;     /* owned */
    json_t *amb_doc; /* owned */
    int64_t readers[MAX_READERS];
    size_t n_readers;
    char phenomenon_buf[STORE_CODE_MAX + 1];
};

static void create_in_free(struct create_in *c)
{
    json_decref(c->doc);
    json_decref(c->amb_doc);
    c->doc = c->amb_doc = NULL;
}

static void parse_subjects(const json_t *in, struct create_in *c, struct err *e)
{
    static const char *const keys[] = {"kind", "name", "birth_date", "bsn", "description"};
    json_t *a = json_object_get(in, "subjects");
    if (!json_is_array(a) || json_array_size(a) == 0) {
        err_field(e, "subjects", "noem minstens één betrokkene");
        return;
    }
    if (json_array_size(a) > MAX_SUBJECTS) {
        err_field(e, "subjects", "maximaal %d betrokkenen per melding", MAX_SUBJECTS);
        return;
    }
    size_t i;
    json_t *s;
    json_array_foreach(a, i, s)
    {
        char pre[32];
        if (!in_array_item(s, "subjects", i, keys, ARRAY_LEN(keys), pre, e))
            continue;
        struct store_person_in *p = &c->subj[i].p;
        struct str kind;
        in_text(s, pre, "kind", false, 20, false, &kind, e);
        if (kind.p && !str_eq_cstr(kind, "person") && !str_eq_cstr(kind, "organisation")) {
            char fb[ERR_NAME_MAX];
            err_field(e, in_fname(fb, sizeof(fb), pre, "kind"), "kies person of organisation");
        }
        p->organisation = kind.p && str_eq_cstr(kind, "organisation");
        in_text(s, pre, "name", false, STORE_PERSON_NAME_MAX, false, &p->name, e);
        in_text(s, pre, "description", false, STORE_PERSON_DESC_MAX, true, &p->description, e);
        in_text(s, pre, "bsn", false, 20, false, &p->bsn, e);
        in_birth_date(s, pre, "birth_date", false, &p->birth_date, e);
        if (p->bsn.p)
            in_bsn(p->bsn, pre, e);
        if (p->birth_date.p && !p->name.p) {
            char fb[ERR_NAME_MAX];
            err_field(e, in_fname(fb, sizeof(fb), pre, "name"), "vul de naam in bij een geboortedatum");
        }
        if (!p->name.p && !p->bsn.p && !p->description.p) {
            char fb[ERR_NAME_MAX];
            err_field(e, in_fname(fb, sizeof(fb), pre, "name"), "vul een naam, BSN of omschrijving in");
        }
    }
    c->n_subj = json_array_size(a);
}

static json_t *acute_doc(const json_t *in, bool *acute, struct err *e)
{
    static const char *const keys[] = {"danger", "police_called", "called_by", "called_at"};
    const json_t *ac = in_obj(in, "acute", true, keys, ARRAY_LEN(keys), e);
    *acute = false;
    if (ac == NULL)
        return NULL;
    bool danger = in_bool(ac, "acute", "danger", true, NULL, e);
    bool called_present = false;
    bool called = in_bool(ac, "acute", "police_called", danger, &called_present, e);
    struct str by, at;
    in_text(ac, "acute", "called_by", danger && called, LINE_MAX_, false, &by, e);
    in_text(ac, "acute", "called_at", danger && called, 40, false, &at, e);
    int64_t at_ms = 0;
    if (at.p && clock_parse_utc(at.p, at.n, &at_ms) != 0)
        err_field(e, "acute/called_at", "tijdstip als 2026-11-28T14:05:00Z");
    else if (at.p && at_ms > clock_now_ms() + 5 * 60 * 1000)
        err_field(e, "acute/called_at", "ligt in de toekomst");
    *acute = danger;
    return json_pack("{s:b, s:o, s:s%, s:s%}", "danger", danger, "police_called",
                     called_present ? json_boolean(called) : json_null(), "called_by",
                     by.p ? by.p : "", by.p ? by.n : 0, "called_at", at.p ? at.p : "",
                     at.p ? at.n : 0);
}

/* The ambtsbericht member (route ambtsbericht only). */
static bool contains(const int64_t *v, size_t n, int64_t x);

static json_t *amb_doc(struct store *st, const json_t *v, const char *prefix, int64_t municipality,
                       int64_t *readers, size_t *n_readers, bool creating, struct err *e)
{
    struct str addressee, contact, decision;
    in_text(v, prefix, "addressee", creating, LINE_MAX_, false, &addressee, e);
    int64_t recv = in_date(v, prefix, "received_date", creating, e);
    bool nctv_present = false;
    bool nctv = in_bool(v, prefix, "nctv_consulted", false, &nctv_present, e);
    int64_t nctv_day = in_date(v, prefix, "nctv_date", false, e);
    in_text(v, prefix, "nctv_contact", false, LINE_MAX_, false, &contact, e);
    in_text(v, prefix, "driehoek_decision", false, NOTE_MAX, true, &decision, e);
    int64_t dh_day = in_date(v, prefix, "driehoek_date", false, e);
    json_t *r = json_object_get(v, "readers");
    *n_readers = 0;
    if (r != NULL && !json_is_null(r)) {
        char fb[ERR_NAME_MAX];
        const char *f = in_fname(fb, sizeof(fb), prefix, "readers");
        if (!json_is_array(r) || json_array_size(r) > MAX_READERS) {
            err_field(e, f, "een lijst van hoogstens %d account-id's", MAX_READERS);
        } else {
            size_t i;
            json_t *x;
            json_array_foreach(r, i, x)
            {
                struct store_user u;
                if (!json_is_integer(x) || store_user_get(st, (int64_t)json_integer_value(x), &u,
                                                          NULL) != 0) {
                    err_field(e, f, "onbekend account");
                    break;
                }
                if (!(u.roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER)) ||
                    u.status != STORE_USER_ACTIVE || u.org_id != municipality) {
                    err_field(e, f, "alleen een actieve dossierhouder of voorzitter van de "
                                    "gemeente kan lezer zijn");
                    break;
                }
                if (!contains(readers, *n_readers, u.id))
                    readers[(*n_readers)++] = u.id;
            }
        }
    }
    return json_pack("{s:s%, s:o, s:o, s:o, s:s%, s:s%, s:o}", "addressee",
                     addressee.p ? addressee.p : "", addressee.n, "received_date", json_day(recv),
                     "nctv_consulted", nctv_present ? json_boolean(nctv) : json_null(), "nctv_date",
                     json_day(nctv_day), "nctv_contact", contact.p ? contact.p : "", contact.n,
                     "driehoek_decision", decision.p ? decision.p : "", decision.n,
                     "driehoek_date", json_day(dh_day));
}

struct created {
    struct app *a;
    const struct alog_req *rq;
    struct create_in *in;
    int64_t id;
    char ref[STORE_REF_MAX + 1];
    int64_t persons[MAX_SUBJECTS];
    json_t *matches; /* dossierhouder: known-person links (owned) */
    bool check_matches;
};

static int find_matches(struct app *a, struct store *st, const struct actor *who,
                        int64_t self_id, const int64_t *persons, size_t n_persons,
                        json_t **out, int64_t *matched, size_t *n_matched, struct err *e);

static int create_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct created *c = ctx;
    struct create_in *in = c->in;
    const struct config *cfg = app_config(c->a);
    char *doc = json_dumps(in->doc, JSON_COMPACT);
    if (doc == NULL)
        return ERR_NOMEM;
    struct store_signal_in si = {
        .municipality_id = in->municipality_id,
        .route = in->route,
        .state = "ontvangen",
        .reporter_kind = in->reporter_kind,
        .reporter_org_id = in->reporter_org_id,
        .submitter_id = c->rq->actor.user_id,
        .received_day = in->received_day,
        .acute = in->acute,
        .phenomenon = in->phenomenon,
        .due_day = signal_add_workdays(in->received_day, cfg->signal_check_workdays,
                                       cfg->signal_skip_holidays != 0),
        .doc = str_from_cstr(doc),
    };
    struct sig g;
    memset(&g, 0, sizeof(g));
    int rc = store_signal_create(st, &si, &c->id, c->ref, &g.s.group_id, e);
    crypto_wipe(doc, strlen(doc));
    free(doc);
    g.s.id = c->id; /* sig_record needs the id and the persons; the group for the persons */
    for (size_t i = 0; rc == 0 && i < in->n_subj; i++) {
        rc = store_person_create(st, g.s.group_id, &in->subj[i].p, &c->persons[i], e);
        if (rc == 0)
            rc = store_signal_subject_add(st, c->id, c->persons[i], (int)i, e);
        if (rc != 0) {
            /* Name the subject in the error: the store names only the member. */
            for (size_t f = 0; e && f < e->n_fields; f++) {
                char nm[ERR_NAME_MAX];
                snprintf(nm, sizeof(nm), "subjects/%zu/%.40s", i, e->fields[f].name);
                snprintf(e->fields[f].name, sizeof(e->fields[f].name), "%s", nm);
            }
        }
        g.persons[g.n_persons++] = c->persons[i];
    }
    if (rc == 0)
        rc = index_words(c->a, st, c->id, 0, in->observed, e);
    if (rc == 0 && in->amb_doc) {
        char *ad = json_dumps(in->amb_doc, JSON_COMPACT);
        if (ad == NULL)
            return ERR_NOMEM;
        rc = store_ambtsbericht_put(st, c->id, str_from_cstr(ad), e);
        crypto_wipe(ad, strlen(ad));
        free(ad);
        if (rc == 0)
            rc = store_ambtsbericht_set_readers(st, c->id, in->readers, in->n_readers, e);
    }
    if (rc != 0 || tx == NULL)
        return rc;
    rc = sig_record(c->a, tx, c->rq, &g, AUDIT_ACT_CREATE, in->amb_doc ? "ambtsbericht" : "signal",
                    "route,reporter,subjects,observed,phenomenon,legal_ground,acute",
                    AUDIT_CAT_IDENTIFICATION | AUDIT_CAT_SIGNAL |
                        (in->amb_doc ? AUDIT_CAT_AMBTSBERICHT : 0),
                    e);
    if (rc != 0 || !c->check_matches)
        return rc;
    /* The known-person check: links only, logged as a search for the persons found. */
    int64_t matched[MATCH_MAX];
    size_t nm = 0;
    rc = find_matches(c->a, st, &c->rq->actor, c->id, c->persons, in->n_subj, &c->matches,
                      matched, &nm, e);
    if (rc != 0 || nm == 0)
        return rc;
    uint8_t subj[MATCH_MAX][AUDIT_SUBJECT_BYTES];
    for (size_t i = 0; i < nm; i++)
        alog_subject(c->a, "person", matched[i], subj[i]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, c->id);
    struct alog_ev ev = {.action = AUDIT_ACT_SEARCH,
                         .object_type = "signal",
                         .object_id = oid,
                         .categories = AUDIT_CAT_IDENTIFICATION,
                         .fields = "known_person_links",
                         .purpose = "bekende-persoon-controle",
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = nm};
    return alog_tx_add(tx, c->rq, &ev, e);
}

/* Validates a create body into c. public: the citizen form (fewer members, no reporter org). */
static int parse_create(struct app *a, struct store *st, const struct actor *who,
                        const json_t *in, bool public, struct create_in *c, struct err *e)
{
    static const char *const keys[] = {"municipality_id", "received_date", "route", "reporter",
                                       "subjects", "observed", "phenomenon", "legal_ground",
                                       "acute", "ambtsbericht"};
    static const char *const pub_keys[] = {"municipality_id", "route", "reporter", "subjects",
                                           "observed", "acute"};
    static const char *const rep_keys[] = {"kind", "org_id", "name", "function", "contact"};
    static const char *const amb_keys[] = {"addressee", "received_date", "readers",
                                           "nctv_consulted", "nctv_date", "nctv_contact",
                                           "driehoek_decision", "driehoek_date"};
    const struct config *cfg = app_config(a);
    memset(c, 0, sizeof(*c));
    only_keys(in, public ? pub_keys : keys, public ? ARRAY_LEN(pub_keys) : ARRAY_LEN(keys), e);

    struct store_org own;
    int orc = who->org_id > 0 ? in_ref_org(st, who->org_id, &own, e) : ERR_NOTFOUND;
    if (orc != 0 && orc != ERR_NOTFOUND)
        return orc; /* the database, not the input: 5xx, not a field error */
    bool own_gemeente = orc == 0 && own.kind == STORE_ORG_GEMEENTE;
    c->municipality_id = in_id(in, NULL, "municipality_id", !own_gemeente || public, e);
    if (c->municipality_id == 0 && own_gemeente && !public)
        c->municipality_id = who->org_id;
    if (c->municipality_id > 0) {
        struct store_org m;
        orc = in_ref_org(st, c->municipality_id, &m, e);
        if (orc != 0 && orc != ERR_NOTFOUND)
            return orc;
        if (orc != 0 || m.kind != STORE_ORG_GEMEENTE)
            err_field(e, "municipality_id", "kies een gemeente");
    }
    int64_t today = signal_today();
    c->received_day = public ? 0 : in_date(in, NULL, "received_date", false, e);
    if (c->received_day > today)
        err_field(e, "received_date", "ligt in de toekomst");
    else if (c->received_day > 0 && c->received_day < today - 366)
        err_field(e, "received_date", "ligt meer dan een jaar terug");
    if (c->received_day == 0)
        c->received_day = today;

    struct str route;
    in_text(in, NULL, "route", !public && !(who->roles & POLICY_ROLE_MELDER), 40, false, &route, e);
    const struct code *rt = FIND(app_signal_routes, route);
    if (route.p && rt == NULL)
        err_field(e, "route", "onbekende route");
    if (public && rt && strcmp(rt->code, "citizen") != 0 && strcmp(rt->code, "family") != 0 &&
        strcmp(rt->code, "community") != 0)
        err_field(e, "route", "kies burger, familie of gemeenschap");
    c->route = rt ? rt->code : public ? "citizen" : "professional";

    /* The reporter: a logged-in melder or partner reports as themselves from their organisation. */
    const json_t *rep = in_obj(in, "reporter", false, rep_keys, ARRAY_LEN(rep_keys), e);
    struct str rkind = STR_NULL, rname = STR_NULL, rfunc = STR_NULL, rcontact = STR_NULL;
    if (rep) {
        in_text(rep, "reporter", "kind", true, 20, false, &rkind, e);
        in_text(rep, "reporter", "name", false, LINE_MAX_, false, &rname, e);
        in_text(rep, "reporter", "function", false, LINE_MAX_, false, &rfunc, e);
        in_text(rep, "reporter", "contact", false, LINE_MAX_, false, &rcontact, e);
        if (!public)
            c->reporter_org_id = in_id(rep, "reporter", "org_id", false, e);
        else if (json_object_get(rep, "org_id"))
            err_field(e, "reporter/org_id", "onbekend veld");
    }
    const struct code *rk = FIND(REPORTER_KINDS, rkind);
    if (rkind.p && rk == NULL)
        err_field(e, "reporter/kind", "kies named, anonymous of confidential");
    if (public && rk && strcmp(rk->code, "confidential") == 0)
        err_field(e, "reporter/kind", "kies named of anonymous");
    c->reporter_kind = rk ? rk->code : (public ? "anonymous" : "named");
    /* A melder or partner reports as itself, from its own organisation (no spoofing of origin);
     * the meldpunt (dossierhouder) records whoever reported. */
    if (!public && (who->roles & (POLICY_ROLE_MELDER | POLICY_ROLE_PARTNER)) &&
        !(who->roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_BURGEMEESTER))) {
        if (c->reporter_org_id != 0 && c->reporter_org_id != who->org_id)
            err_field(e, "reporter/org_id", "u meldt namens uw eigen organisatie");
        c->reporter_org_id = who->org_id;
    }
    if (c->reporter_org_id > 0) {
        struct store_org ro;
        if (store_org_get(st, c->reporter_org_id, &ro, NULL) != 0)
            err_field(e, "reporter/org_id", "deze organisatie bestaat niet");
    }

    parse_subjects(in, c, e);
    in_text(in, NULL, "observed", true, TEXT_MAX, true, &c->observed, e);
    struct str phen = STR_NULL;
    if (!public)
        in_text(in, NULL, "phenomenon", false, STORE_CODE_MAX, false, &phen, e);
    bool found = false;
    json_decref(config_list(cfg->phenomena, phen, &found));
    if (phen.p && !found)
        err_field(e, "phenomenon", "onbekend fenomeen; kies uit de lijst");
    c->phenomenon = NULL;
    if (!public)
        in_text(in, NULL, "legal_ground", false, LINE_MAX_, false, &c->legal_ground, e);
    bool acute = false;
    json_t *acute_j = acute_doc(in, &acute, e);
    c->acute = acute;

    const json_t *amb = in_obj(in, "ambtsbericht", false, amb_keys, ARRAY_LEN(amb_keys), e);
    if (strcmp(c->route, "ambtsbericht") == 0 && amb == NULL &&
        !(json_object_get(in, "ambtsbericht") && !json_is_null(json_object_get(in, "ambtsbericht"))))
        err_field(e, "ambtsbericht", "is verplicht bij een ambtsbericht");
    if (amb && strcmp(c->route, "ambtsbericht") != 0)
        err_field(e, "ambtsbericht", "alleen bij route ambtsbericht");
    if (amb && strcmp(c->route, "ambtsbericht") == 0)
        c->amb_doc = amb_doc(st, amb, "ambtsbericht", c->municipality_id, c->readers,
                             &c->n_readers, true, e);

    if (in_has_errors(e) || acute_j == NULL) {
        json_decref(acute_j);
        create_in_free(c);
        return in_has_errors(e) ? ERR_INVAL : ERR_NOMEM;
    }
    c->doc = json_pack("{s:s%, s:s%, s:o, s:{s:s%, s:s%, s:s%}}", "observed", c->observed.p,
                       c->observed.n, "legal_ground", c->legal_ground.p ? c->legal_ground.p : "",
                       c->legal_ground.n, "acute", acute_j, "reporter", "name",
                       rname.p ? rname.p : "", rname.n, "function", rfunc.p ? rfunc.p : "",
                       rfunc.n, "contact", rcontact.p ? rcontact.p : "", rcontact.n);
    if (phen.p) {
        snprintf(c->phenomenon_buf, sizeof(c->phenomenon_buf), "%.*s", (int)phen.n, phen.p);
        c->phenomenon = c->phenomenon_buf;
    }
    if (c->doc == NULL) {
        create_in_free(c);
        return ERR_NOMEM;
    }
    return 0;
}

static int create_common(struct app *a, const struct alog_req *rq, const json_t *in, bool public,
                         json_t **out, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct create_in c;
    *out = NULL;
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    rc = parse_create(a, st, who, in, public, &c, e);
    if (rc != 0)
        return rc;
    /* Object-level: creating for this municipality (own_org for the meldpunt roles). */
    struct policy_obj obj = {.owner_org_id = c.municipality_id};
    if (!public) {
        if (policy_check(who, "create", "signal", &obj, NULL) != 0) {
            create_in_free(&c);
            return err_field(e, "municipality_id", "u kunt alleen voor uw eigen gemeente registreren");
        }
        if (strcmp(c.route, "ambtsbericht") == 0 &&
            (c.amb_doc == NULL || policy_check(who, "create", "ambtsbericht", &obj, NULL) != 0)) {
            create_in_free(&c);
            return err_field(e, "route", "alleen de burgemeester registreert een ambtsbericht");
        }
    }
    struct created cr = {.a = a, .rq = rq, .in = &c};
    cr.check_matches = !public && policy_check(who, "search", "signal", &obj, NULL) == 0;
    rc = alog_run(a, create_fn, &cr, e);
    create_in_free(&c);
    if (rc != 0) {
        json_decref(cr.matches);
        return rc;
    }
    log_info("signal.created", "signal=%" PRId64 " by=%" PRId64 " route=%s", cr.id, who->user_id,
             c.route);
    if (public) {
        json_decref(cr.matches);
        *out = json_pack("{s:s}", "reference", cr.ref);
        return *out ? 0 : ERR_NOMEM;
    }
    struct sig g;
    rc = sig_load(st, who, cr.id, true, &g, e);
    if (rc == 0) {
        enum view v = sig_view(who, &g);
        uint32_t cats = 0;
        if (v == VIEW_FULL)
            rc = full_json(a, st, who, &g, true, out, &cats, e);
        else
            rc = receipt_json(st, &g.s, out, e);
        if (rc == 0 && v == VIEW_FULL)
            json_object_set_new(*out, "matches", cr.matches ? json_incref(cr.matches) : json_array());
        sig_release(&g);
    }
    json_decref(cr.matches);
    return rc;
}

int app_signal_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e)
{
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "signal") == 0)
        return denied(e);
    return create_common(a, rq, in, false, out, e);
}

/* ---- public intake -------------------------------------------------------------------------- */

#define RL_SLOTS 4096
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    uint8_t key[16];
    int64_t window;
    int64_t count;
} rl[RL_SLOTS];
static int64_t rl_total_window, rl_total;

/* Fixed one-hour windows per client address (keyed hash, never stored) and in total. */
static bool rate_ok(struct app *a, const char *client)
{
    const struct config *c = app_config(a);
    uint8_t h[CRYPTO_HASH_BYTES];
    if (crypto_blind_index(app_keys(a), "ratelimit", client, strlen(client), h, NULL) != 0)
        return false;
    int64_t window = clock_now_ms() / 3600000;
    size_t slot = ((size_t)h[0] | (size_t)h[1] << 8) % RL_SLOTS;
    bool ok = true;
    pthread_mutex_lock(&rl_mu);
    if (rl_total_window != window) {
        rl_total_window = window;
        rl_total = 0;
    }
    if (rl[slot].window != window || memcmp(rl[slot].key, h, 16) != 0) {
        memcpy(rl[slot].key, h, 16);
        rl[slot].window = window;
        rl[slot].count = 0;
    }
    if (rl[slot].count >= c->public_intake_per_hour || rl_total >= c->public_intake_total_per_hour)
        ok = false;
    else {
        rl[slot].count++;
        rl_total++;
    }
    pthread_mutex_unlock(&rl_mu);
    return ok;
}

int app_signal_public_options(struct app *a, json_t **out, struct err *e)
{
    struct store *st = NULL;
    *out = NULL;
    if (!app_config(a)->public_intake) {
        *out = json_pack("{s:b, s:[]}", "enabled", false, "municipalities");
        return *out ? 0 : ERR_NOMEM;
    }
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    *out = json_pack("{s:b, s:o}", "enabled", true, "municipalities", municipalities_json(st));
    return *out ? 0 : ERR_NOMEM;
}

int app_signal_create_public(struct app *a, const struct alog_req *rq, const json_t *in,
                             json_t **out, struct err *e)
{
    *out = NULL;
    if (!app_config(a)->public_intake)
        return err_set(e, ERR_NOTFOUND, "Het openbare meldformulier staat uit.");
    if (!rate_ok(a, rq->client_addr))
        return err_set(e, ERR_RATELIMIT,
                       "Er zijn te veel meldingen verstuurd. Probeer het later opnieuw of bel de "
                       "gemeente; bij acuut gevaar: bel 112.");
    return create_common(a, rq, in, true, out, e);
}

/* ---- list and read -------------------------------------------------------------------------- */

int app_signal_list(struct app *a, const struct alog_req *rq, const struct signal_query *q,
                    json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    *out_log = NULL;
    uint32_t scope = policy_scope(who, "list", "signal");
    if (scope == 0)
        return denied(e);
    const struct code *state = NULL;
    if (q->state && q->state[0] && (state = FIND(STATES, str_from_cstr(q->state))) == NULL)
        return err_field(e, "state", "onbekende status");
    int64_t per = q->per_page ? q->per_page : 25, page = q->page ? q->page : 1;
    if (per < 1 || per > 100)
        return err_field(e, "per_page", "kies 1 tot 100");
    if (page < 1 || page > 100000)
        return err_field(e, "page", "moet een positief getal zijn");
    struct store_signal_filter f = {
        .all = (scope & POLICY_COND_ANY) != 0,
        .municipality_id = (scope & POLICY_COND_OWN_ORG) ? who->org_id : 0,
        .participant_org_id = (scope & POLICY_COND_PARTICIPANT) ? who->org_id : 0,
        .submitter_id = (scope & POLICY_COND_OWN_SUBMISSION) ? who->user_id : 0,
        .state = state ? state->code : NULL,
        .overdue = q->overdue,
        .today = signal_today(),
        .offset = (page - 1) * per,
        .limit = per,
    };
    uint32_t amb = policy_scope(who, "read", "ambtsbericht");
    f.restricted_municipality_id = (amb & POLICY_COND_OWN_ORG) ? who->org_id : 0;
    f.restricted_reader_id = (amb & POLICY_COND_DESIGNATED) ? who->user_id : 0;
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    struct store_signal *rows = calloc((size_t)per, sizeof(*rows));
    size_t n = 0;
    int64_t total = 0;
    if (rows == NULL)
        return ERR_NOMEM;
    rc = store_signal_list(st, &f, rows, (size_t)per, &n, &total, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && items && i < n; i++) {
        struct sig g;
        /* Re-check every row against the policy with the full object (defence in depth). */
        if (sig_load(st, who, rows[i].id, false, &g, NULL) != 0)
            continue;
        enum view v = sig_view(who, &g);
        const struct store_signal *s = &g.s;
        if (v == VIEW_RECEIPT) {
            const char *status = receipt_status(s->state);
            json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id",
                                                   (json_int_t)s->id, "reference", s->reference,
                                                   "view", "receipt", "received_at",
                                                   json_time(s->received_at), "status", status,
                                                   "status_label", receipt_label(status)));
        } else if (v == VIEW_FULL) {
            char due[11] = "";
            if (s->due_day > 0)
                signal_fmt_day(s->due_day, due);
            json_array_append_new(
                items,
                json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:b, "
                          "s:I, s:o}",
                          "id", (json_int_t)s->id, "reference", s->reference, "view", "full",
                          "received_at", json_time(s->received_at), "received_date",
                          json_day(s->received_day), "state", s->state, "state_label",
                          LABEL(STATES, s->state), "route", s->route, "route_label",
                          LABEL(app_signal_routes, s->route), "municipality", json_org_ref(st, s->municipality_id),
                          "acute", s->acute, "due_date", due[0] ? json_string(due) : json_null(),
                          "overdue", overdue(s), "restricted", g.restricted, "subjects",
                          (json_int_t)g.n_persons, "case_id",
                          s->case_id ? json_integer(s->case_id) : json_null()));
        }
        sig_release(&g);
    }
    free(rows);
    if (rc == 0 && items == NULL)
        rc = ERR_NOMEM;
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    /* A list holds references and states, no names: one record without data subjects. */
    struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "signal", .object_id = "",
                         .fields = "reference,state,route,due_date", .categories = 0};
    rc = alog_pending_new(a, rq, &ev, out_log, e);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)page, "per_page", (json_int_t)per);
    return *out ? 0 : ERR_NOMEM;
}

int app_signal_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                    struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct sig g;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "read", "signal") == 0 && policy_scope(who, "read", "ambtsbericht") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_load(st, who, id, true, &g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    enum view v = sig_view(who, &g);
    uint32_t cats = 0;
    if (v == VIEW_NONE)
        rc = not_found(e);
    else if (v == VIEW_RECEIPT)
        rc = receipt_json(st, &g.s, out, e);
    else
        rc = full_json(a, st, who, &g, true, out, &cats, e);
    if (rc == 0)
        rc = sig_pending(a, rq, &g, AUDIT_ACT_READ, g.restricted ? "ambtsbericht" : "signal",
                         v == VIEW_RECEIPT ? "reference,status,feedback"
                                           : "subjects,observed,reporter,information,weighing",
                         cats, NULL, out_log, e);
    sig_release(&g);
    if (rc != 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_signal_export(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct sig g;
    uint32_t cats = 0;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "export", "signal") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, who, id, true, "export", "signal", &g, e);
    if (rc != 0)
        return rc;
    if (g.restricted) {
        /* The restricted store has no export right (policy.csv: read only, for named readers). */
        sig_release(&g);
        return denied(e);
    }
    rc = full_json(a, st, who, &g, false, out, &cats, e);
    if (rc == 0) {
        json_object_del(*out, "can");
        json_object_set_new(*out, "exported_at", json_time(clock_now_ms()));
        rc = sig_pending(a, rq, &g, AUDIT_ACT_EXPORT, "signal",
                         "subjects,observed,reporter,information,weighing", cats,
                         "export-dossier", out_log, e);
    }
    sig_release(&g);
    if (rc != 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_signal_weighings(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                         struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct sig g;
    *out = NULL;
    *out_log = NULL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_load(st, who, id, false, &g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    bool ok = sig_view(who, &g) == VIEW_FULL &&
              (policy_check(who, "read", "weighing", &g.obj_full, NULL) == 0 || g.restricted);
    json_t *items = NULL;
    if (!ok)
        rc = sig_view(who, &g) == VIEW_NONE ? not_found(e) : denied(e);
    if (rc == 0)
        rc = weighings_json(st, id, &items, NULL, e);
    if (rc == 0)
        rc = sig_pending(a, rq, &g, AUDIT_ACT_READ, "weighing",
                         "criteria,rationale,attendees,outcome", AUDIT_CAT_SIGNAL, NULL, out_log, e);
    sig_release(&g);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- known-person check --------------------------------------------------------------------- */

static bool contains(const int64_t *v, size_t n, int64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

/* Signals (other than self_id) that share a subject with persons[] through the blind indexes:
 * links only. Restricted signals are left out unless the actor may read them. *matched receives
 * the persons found (for the access log). */
static int find_matches(struct app *a, struct store *st, const struct actor *who,
                        int64_t self_id, const int64_t *persons, size_t n_persons,
                        json_t **out, int64_t *matched, size_t *n_matched, struct err *e)
{
    int rc = 0;
    int64_t seen[MATCH_MAX];
    size_t ns = 0;
    json_t *items = json_array();
    *n_matched = 0;
    (void)a;
    for (size_t i = 0; rc == 0 && items && i < n_persons; i++) {
        struct store_person p;
        int64_t found[MATCH_MAX];
        size_t nf = 0;
        rc = store_person_get(st, persons[i], &p, e);
        if (rc != 0)
            break;
        for (int via = 0; rc == 0 && via < 2; via++) {
            if (via == 0 && !p.bsn[0])
                continue;
            if (via == 1 && !(p.name[0] && p.birth_date[0]))
                continue;
            rc = via == 0 ? store_person_find_by_bsn(st, str_from_cstr(p.bsn), found, MATCH_MAX,
                                                     &nf, e)
                          : store_person_find_by_name_dob(st, str_from_cstr(p.name),
                                                          str_from_cstr(p.birth_date), found,
                                                          MATCH_MAX, &nf, e);
            if (rc == ERR_TOOBIG) {
                err_clear(e);
                rc = 0;
            }
            for (size_t k = 0; rc == 0 && k < nf; k++) {
                if (contains(persons, n_persons, found[k]))
                    continue;
                int64_t sids[MATCH_MAX];
                size_t nsid = 0;
                rc = store_signal_ids_by_person(st, found[k], sids, MATCH_MAX, &nsid, e);
                if (rc == ERR_TOOBIG) {
                    err_clear(e);
                    rc = 0;
                }
                for (size_t q = 0; rc == 0 && q < nsid; q++) {
                    struct sig g;
                    if (sids[q] == self_id || contains(seen, ns, sids[q]) || ns == MATCH_MAX)
                        continue;
                    if (sig_load(st, who, sids[q], false, &g, NULL) != 0)
                        continue; /* destroyed or unreadable: outside retention */
                    if (g.restricted && sig_view(who, &g) != VIEW_FULL) {
                        sig_release(&g);
                        continue;
                    }
                    seen[ns++] = sids[q];
                    if (*n_matched < MATCH_MAX && !contains(matched, *n_matched, found[k]))
                        matched[(*n_matched)++] = found[k];
                    json_array_append_new(
                        items,
                        json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:b}", "signal_id",
                                  (json_int_t)g.s.id, "reference", g.s.reference, "municipality",
                                  json_org_ref(st, g.s.municipality_id), "state", g.s.state,
                                  "state_label", LABEL(STATES, g.s.state), "received_at",
                                  json_time(g.s.received_at), "case_id",
                                  g.s.case_id ? json_integer(g.s.case_id) : json_null(), "via",
                                  via == 0 ? "bsn" : "name_dob", "accessible",
                                  sig_view(who, &g) == VIEW_FULL));
                    sig_release(&g);
                }
            }
        }
        store_person_wipe(&p);
    }
    if (rc == 0 && items == NULL)
        rc = ERR_NOMEM;
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = items;
    return 0;
}

int app_signal_matches(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct sig g;
    int64_t matched[MATCH_MAX];
    size_t nm = 0;
    json_t *items = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "search", "signal") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, who, id, false, "search", "signal", &g, e);
    if (rc != 0)
        return rc;
    rc = find_matches(a, st, who, id, g.persons, g.n_persons, &items, matched, &nm, e);
    if (rc == 0) {
        /* One record per person found (and one for the signal itself when none was found). */
        uint8_t subj[MATCH_MAX][AUDIT_SUBJECT_BYTES];
        for (size_t i = 0; i < nm; i++)
            alog_subject(a, "person", matched[i], subj[i]);
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, id);
        struct alog_ev ev = {.action = AUDIT_ACT_SEARCH,
                             .object_type = "signal",
                             .object_id = oid,
                             .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = "known_person_links",
                             .purpose = "bekende-persoon-controle",
                             .subject_type = "person",
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = nm};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    sig_release(&g);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}

/* The limits on what one signal holds, enforced when writing (the reads list at most this). */
static int within_limits(struct store *st, int64_t id, const char *what, struct err *e)
{
    struct store_signal_counts c;
    int rc = store_signal_counts(st, id, &c, e);
    if (rc != 0)
        return rc;
    bool full = (strcmp(what, "information") == 0 && c.information >= MAX_ITEMS) ||
                (strcmp(what, "feedback") == 0 && c.feedback >= MAX_ITEMS) ||
                (strcmp(what, "weighing") == 0 && c.weighings >= MAX_WEIGHINGS) ||
                (strcmp(what, "participant") == 0 && c.participants >= MAX_PARTS);
    return full ? err_set(e, ERR_CONFLICT, "Deze melding heeft het maximum aantal bereikt "
                                           "(informatie %d, terugkoppelingen %d, wegingen %d, "
                                           "deelnemers %d).",
                          MAX_ITEMS, MAX_ITEMS, MAX_WEIGHINGS, MAX_PARTS)
                : 0;
}

/* ---- writes on a signal ----------------------------------------------------------------------- */

struct wctx {
    struct app *a;
    const struct alog_req *rq;
    struct sig *g;
    const char *fields;
    const char *object;
    uint32_t cats;
    enum audit_action act; /* 0: update */
    int (*fn)(struct store *st, struct wctx *w, struct err *e);
    /* per operation */
    const char *state;
    int64_t due_day;
    int64_t org_id;
    const char *category;
    bool purpose_bound;
    json_t *doc;
    json_t *doc2;
    struct str text;
    int64_t new_id;
    int64_t readers[MAX_READERS];
    size_t n_readers;
    bool set_readers;
    struct store_weighing_in win;
    int64_t casusregisseur;
    int64_t first_overleg;
    int64_t case_id;
    bool new_case;
    int64_t add_parts[MAX_ATTENDEES];
    size_t n_add_parts;
    json_t *out; /* the answer, built inside the transaction */
};

static int wrun(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct wctx *w = ctx;
    int rc = w->fn(st, w, e);
    /* The answer (the signal's full view after the write) is built in the same transaction, so
     * the record names what it shows, and a failure leaves nothing committed. */
    struct sig g;
    uint32_t view_cats = 0;
    if (rc == 0) {
        rc = sig_load(st, &w->rq->actor, w->g->s.id, true, &g, e);
        if (rc == 0) {
            rc = full_json(w->a, st, &w->rq->actor, &g, true, &w->out, &view_cats, e);
            sig_release(&g);
        }
    }
    char fields[160];
    snprintf(fields, sizeof(fields), "%s;answer:subjects,observed,reporter,information,weighing",
             w->fields);
    if (rc == 0)
        rc = sig_record(w->a, tx, w->rq, w->g, w->act ? w->act : AUDIT_ACT_UPDATE, w->object,
                        fields, w->cats | view_cats, e);
    if (rc == 0 && w->new_case) {
        char cid[24];
        uint8_t subj[MAX_SUBJECTS][AUDIT_SUBJECT_BYTES];
        subjects_of(w->a, w->g, subj);
        snprintf(cid, sizeof(cid), "%" PRId64, w->case_id);
        struct alog_ev ev = {.action = AUDIT_ACT_CREATE,
                             .object_type = "case",
                             .object_id = cid,
                             .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = "signal,casusregisseur,first_overleg_date",
                             .subject_type = "person",
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = w->g->n_persons};
        rc = alog_tx_add(tx, w->rq, &ev, e);
    }
    return rc;
}

/* Runs w->fn, builds the answer and writes the access-log record in one transaction. */
static int wexec(struct app *a, struct store *st, struct wctx *w, json_t **out, struct err *e)
{
    (void)st;
    int rc = alog_run(a, wrun, w, e);
    json_decref(w->doc);
    json_decref(w->doc2);
    w->doc = w->doc2 = NULL;
    if (rc != 0) {
        json_decref(w->out);
        w->out = NULL;
        return rc;
    }
    *out = w->out;
    w->out = NULL;
    return 0;
}

static int dump_doc(json_t *doc, char **out)
{
    *out = json_dumps(doc, JSON_COMPACT);
    return *out ? 0 : ERR_NOMEM;
}

static void free_doc(char *d)
{
    if (d) {
        crypto_wipe(d, strlen(d));
        free(d);
    }
}

static int state_fn(struct store *st, struct wctx *w, struct err *e)
{
    int rc = store_signal_set_state(st, w->g->s.id, w->state, w->due_day, e);
    if (rc != 0 || w->text.n == 0)
        return rc;
    /* The note goes into the signal's sealed document as a status history entry. */
    struct store_signal cur;
    rc = store_signal_get(st, w->g->s.id, true, &cur, e);
    if (rc != 0)
        return rc;
    json_t *doc = json_loadb(cur.doc, cur.doc_len, 0, NULL);
    store_signal_release(&cur);
    if (doc == NULL)
        return err_internal(e, ERR_DB, "signal document is not JSON");
    json_t *hist = json_object_get(doc, "status_notes");
    if (!json_is_array(hist)) {
        hist = json_array();
        json_object_set_new(doc, "status_notes", hist);
    }
    json_array_append_new(hist, json_pack("{s:s, s:s%, s:o, s:I}", "state", w->state, "note",
                                          w->text.p, w->text.n, "at", json_time(clock_now_ms()),
                                          "by", (json_int_t)w->rq->actor.user_id));
    char *d = NULL;
    rc = dump_doc(doc, &d);
    json_decref(doc);
    if (rc == 0)
        rc = store_signal_set_doc(st, w->g->s.id, str_from_cstr(d), e);
    free_doc(d);
    return rc;
}

static int state_index(const char *s)
{
    for (size_t i = 0; i < ARRAY_LEN(STATES); i++)
        if (strcmp(STATES[i].code, s) == 0)
            return (int)i;
    return -1;
}

int app_signal_set_status(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                          json_t **out, struct err *e)
{
    static const char *const keys[] = {"state", "note"};
    struct store *st = NULL;
    struct sig g;
    struct str state, note;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "signal") == 0)
        return denied(e);
    only_keys(in, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "state", true, 40, false, &state, e);
    in_text(in, NULL, "note", false, LINE_MAX_, true, &note, e);
    const struct code *to = FIND(STATES, state);
    if (state.p && (to == NULL || state_index(to->code) >= N_OPEN_STATES || state_index(to->code) == 0))
        err_field(e, "state", "kies geregistreerd, informatie_aanvullen of weging; een besluit "
                              "legt u vast met een weging");
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, &rq->actor, id, false, "update", "signal", &g, e);
    if (rc != 0)
        return rc;
    int from = state_index(g.s.state), dest = state_index(to->code);
    if (from < 0 || from >= N_OPEN_STATES || dest <= from) {
        sig_release(&g);
        return err_set(e, ERR_CONFLICT, "Deze stap kan niet vanuit de huidige status \"%s\".",
                       LABEL(STATES, g.s.state));
    }
    const struct config *cfg = app_config(a);
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "state", .object = "signal",
                     .fn = state_fn, .state = to->code, .text = note.p ? note : STR_NULL};
    w.due_day = signal_add_workdays(g.s.received_day,
                                    dest <= 1 ? cfg->signal_check_workdays
                                              : cfg->signal_weigh_workdays,
                                    cfg->signal_skip_holidays != 0);
    rc = wexec(a, st, &w, out, e);
    sig_release(&g);
    return rc;
}

static int part_fn(struct store *st, struct wctx *w, struct err *e)
{
    int lim = within_limits(st, w->g->s.id, "participant", e);
    if (lim != 0)
        return lim;
    char *d = NULL;
    int rc = dump_doc(w->doc, &d);
    if (rc == 0)
        rc = store_signal_participant_add(st, w->g->s.id, w->org_id, w->rq->actor.user_id,
                                          str_from_cstr(d), e);
    free_doc(d);
    /* Inviting a partner to add information starts that phase. */
    if (rc == 0 && state_index(w->g->s.state) < 2)
        rc = store_signal_set_state(st, w->g->s.id, "informatie_aanvullen", w->due_day, e);
    return rc;
}

/* An organisation that may receive case data: exists and has a signed, current instrument. */
static int org_can_share(struct store *st, int64_t org_id, const char *field, struct store_org *o,
                         struct err *e)
{
    if (store_org_get(st, org_id, o, NULL) != 0)
        return err_field(e, field, "deze organisatie bestaat niet");
    if (o->status != STORE_ORG_GETEKEND || o->instrument == STORE_INSTR_GEEN)
        return err_field(e, field, "deze organisatie heeft geen geldig convenant of "
                                   "privacyprotocol; deel geen gegevens");
    return 0;
}

int app_signal_add_participant(struct app *a, const struct alog_req *rq, int64_t id,
                               const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"org_id", "reason"};
    struct store *st = NULL;
    struct sig g;
    struct str reason;
    struct store_org o;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "signal") == 0)
        return denied(e);
    only_keys(in, keys, ARRAY_LEN(keys), e);
    int64_t org = in_id(in, NULL, "org_id", true, e);
    in_text(in, NULL, "reason", true, LINE_MAX_, true, &reason, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, &rq->actor, id, false, "update", "signal", &g, e);
    if (rc != 0)
        return rc;
    if (g.restricted) {
        sig_release(&g);
        return err_set(e, ERR_CONFLICT, "Een ambtsbericht wordt niet met partners gedeeld.");
    }
    if (org == g.s.municipality_id)
        rc = err_field(e, "org_id", "de eigen gemeente hoeft niet te worden uitgenodigd");
    else
        rc = org_can_share(st, org, "org_id", &o, e);
    if (rc != 0) {
        sig_release(&g);
        return ERR_INVAL;
    }
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "participants", .object = "signal",
                     .fn = part_fn, .org_id = org};
    w.due_day = signal_add_workdays(g.s.received_day, app_config(a)->signal_weigh_workdays,
                                    app_config(a)->signal_skip_holidays != 0);
    w.doc = json_pack("{s:s%}", "reason", reason.p, reason.n);
    rc = w.doc ? wexec(a, st, &w, out, e) : ERR_NOMEM;
    sig_release(&g);
    return rc;
}

static int info_fn(struct store *st, struct wctx *w, struct err *e)
{
    int lim = within_limits(st, w->g->s.id, "information", e);
    if (lim != 0)
        return lim;
    char *d = NULL;
    int rc = dump_doc(w->doc, &d);
    if (rc == 0)
        rc = store_signal_info_add(st, w->g->s.id, w->org_id, w->rq->actor.user_id, w->category,
                                   w->purpose_bound, str_from_cstr(d), &w->new_id, e);
    free_doc(d);
    if (rc == 0)
        rc = index_words(w->a, st, w->g->s.id, w->new_id, w->text, e);
    return rc;
}

int app_signal_add_information(struct app *a, const struct alog_req *rq, int64_t id,
                               const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"category", "legal_basis", "content", "purpose_bound"};
    struct store *st = NULL;
    struct sig g;
    struct str cat, basis, content;
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "information") == 0)
        return denied(e);
    only_keys(in, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "category", true, 40, false, &cat, e);
    in_text(in, NULL, "legal_basis", true, LINE_MAX_, false, &basis, e);
    in_text(in, NULL, "content", true, TEXT_MAX, true, &content, e);
    bool bound = in_bool(in, NULL, "purpose_bound", false, NULL, e);
    const struct code *c = FIND(CATEGORIES, cat);
    if (cat.p && c == NULL)
        err_field(e, "category", "onbekende categorie");
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_load(st, &rq->actor, id, false, &g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    enum view v = sig_view(&rq->actor, &g);
    if (v != VIEW_FULL) {
        sig_release(&g);
        return v == VIEW_NONE ? not_found(e) : denied(e); /* a receipt holder knows it exists */
    }
    if (policy_check(&rq->actor, "create", "information", &g.obj_full, NULL) != 0) {
        sig_release(&g);
        return denied(e);
    }
    /* Police data (Wpg) is always purpose-bound: no onward export. */
    bool police = strcmp(c->code, "police") == 0;
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "information", .object = "signal",
                     .cats = category_bit(c->code), .act = AUDIT_ACT_CREATE, .fn = info_fn,
                     .org_id = rq->actor.org_id,
                     .category = c->code, .purpose_bound = police || bound, .text = content};
    w.doc = json_pack("{s:s%, s:s%}", "legal_basis", basis.p, basis.n, "content", content.p,
                      content.n);
    rc = w.doc ? wexec(a, st, &w, out, e) : ERR_NOMEM;
    if (rc == 0)
        json_object_set_new(*out, "information_id", json_integer(w.new_id));
    sig_release(&g);
    return rc;
}

static int fb_fn(struct store *st, struct wctx *w, struct err *e)
{
    int lim = within_limits(st, w->g->s.id, "feedback", e);
    if (lim != 0)
        return lim;
    char *d = NULL;
    int rc = dump_doc(w->doc, &d);
    if (rc == 0)
        rc = store_signal_feedback_add(st, w->g->s.id, w->rq->actor.user_id, str_from_cstr(d),
                                       &w->new_id, e);
    free_doc(d);
    return rc;
}

int app_signal_add_feedback(struct app *a, const struct alog_req *rq, int64_t id,
                            const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"date", "channel", "text"};
    struct store *st = NULL;
    struct sig g;
    struct str channel, text;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "signal") == 0)
        return denied(e);
    only_keys(in, keys, ARRAY_LEN(keys), e);
    int64_t day = in_date(in, NULL, "date", false, e);
    in_text(in, NULL, "channel", true, 20, false, &channel, e);
    in_text(in, NULL, "text", true, 2000, true, &text, e);
    const struct code *ch = FIND(CHANNELS, channel);
    if (channel.p && ch == NULL)
        err_field(e, "channel", "kies telefoon, email, brief of gesprek");
    if (day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, &rq->actor, id, false, "update", "signal", &g, e);
    if (rc != 0)
        return rc;
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "feedback", .object = "signal",
                     .act = AUDIT_ACT_CREATE, .fn = fb_fn};
    w.doc = json_pack("{s:o, s:s, s:s%}", "date", json_day(day ? day : signal_today()), "channel",
                      ch->code, "text", text.p, text.n);
    rc = w.doc ? wexec(a, st, &w, out, e) : ERR_NOMEM;
    sig_release(&g);
    return rc;
}

/* ---- weighing ------------------------------------------------------------------------------- */

static int weigh_fn(struct store *st, struct wctx *w, struct err *e)
{
    int lim = within_limits(st, w->g->s.id, "weighing", e);
    if (lim != 0)
        return lim;
    int rc = 0;
    if (w->new_case) {
        rc = store_case_create(st, w->g->s.id, w->casusregisseur, w->first_overleg,
                               w->rq->actor.user_id, &w->case_id, e);
        if (rc != 0)
            return rc;
    }
    /* The participants are added below; the case's checklist and participants after them. */
    w->win.case_id = w->case_id;
    char *d = NULL;
    rc = dump_doc(w->doc, &d);
    if (rc == 0) {
        w->win.doc = str_from_cstr(d);
        rc = store_weighing_add(st, &w->win, &w->new_id, e);
    }
    free_doc(d);
    if (rc == 0)
        rc = store_signal_set_state(st, w->g->s.id, w->win.outcome, w->due_day, e);
    /* Partners at the weighing take part in the signal from now on (they weighed it). */
    for (size_t i = 0; rc == 0 && i < w->n_add_parts; i++) {
        json_t *r = json_pack("{s:s}", "reason", "deelnemer aan de weging");
        char *rd = NULL;
        rc = r ? dump_doc(r, &rd) : ERR_NOMEM;
        if (rc == 0)
            rc = store_signal_participant_add(st, w->g->s.id, w->add_parts[i],
                                              w->rq->actor.user_id, str_from_cstr(rd), e);
        free_doc(rd);
        json_decref(r);
    }
    if (rc == 0 && w->new_case)
        rc = app_case_admitted(w->a, st, w->case_id, w->rq->actor.user_id, e);
    return rc;
}

/* attendees: [{org_id, name, function}] → JSON with org names; *joint when gemeente, politie and
 * om are all present. Partner organisations (not the municipality, not already in known[]) go
 * to parts[]. */
static json_t *parse_attendees(struct store *st, const json_t *in, int64_t municipality,
                               const int64_t *known, size_t n_known, bool *joint, int64_t *parts,
                               size_t *n_parts, struct err *e)
{
    static const char *const keys[] = {"org_id", "name", "function"};
    json_t *a = json_object_get(in, "attendees");
    bool g = false, p = false, o = false;
    *joint = false;
    *n_parts = 0;
    if (!json_is_array(a) || json_array_size(a) == 0) {
        err_field(e, "attendees", "noem wie er wogen (minstens één)");
        return NULL;
    }
    if (json_array_size(a) > MAX_ATTENDEES) {
        err_field(e, "attendees", "maximaal %d deelnemers", MAX_ATTENDEES);
        return NULL;
    }
    json_t *outa = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        char pre[32];
        if (!in_array_item(x, "attendees", i, keys, ARRAY_LEN(keys), pre, e))
            continue;
        int64_t org = in_id(x, pre, "org_id", true, e);
        struct str name, func;
        in_text(x, pre, "name", true, LINE_MAX_, false, &name, e);
        in_text(x, pre, "function", false, LINE_MAX_, false, &func, e);
        struct store_org so;
        if (org > 0 && store_org_get(st, org, &so, NULL) != 0) {
            char fb[ERR_NAME_MAX];
            err_field(e, in_fname(fb, sizeof(fb), pre, "org_id"), "deze organisatie bestaat niet");
            continue;
        }
        if (org <= 0 || !name.p)
            continue;
        g = g || so.kind == STORE_ORG_GEMEENTE;
        p = p || so.kind == STORE_ORG_POLITIE;
        o = o || so.kind == STORE_ORG_OM;
        if (org != municipality && so.kind != STORE_ORG_GEMEENTE && !contains(parts, *n_parts, org) &&
            !contains(known, n_known, org) &&
            so.status == STORE_ORG_GETEKEND && so.instrument != STORE_INSTR_GEEN)
            parts[(*n_parts)++] = org;
        json_array_append_new(outa, json_pack("{s:{s:I, s:s, s:s}, s:s%, s:s%}", "org", "id",
                                              (json_int_t)org, "name", so.name, "kind",
                                              store_org_kind_name(so.kind), "name", name.p, name.n,
                                              "function", func.p ? func.p : "", func.n));
    }
    *joint = g && p && o;
    return outa;
}

static json_t *parse_criteria(const struct config *cfg, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"code", "assessment", "note"};
    json_t *want = config_list(cfg->weighing_criteria, STR_NULL, NULL);
    json_t *a = json_object_get(in, "criteria");
    json_t *outa = json_array();
    if (!json_is_array(a) || json_array_size(a) > MAX_CRITERIA) {
        err_field(e, "criteria", "beoordeel elk criterium (ja, nee of onbekend)");
        json_decref(want);
        return outa;
    }
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        char pre[32];
        if (!in_array_item(x, "criteria", i, keys, ARRAY_LEN(keys), pre, e))
            continue;
        struct str code, as, note;
        in_text(x, pre, "code", true, STORE_CODE_MAX, false, &code, e);
        in_text(x, pre, "assessment", true, 20, false, &as, e);
        in_text(x, pre, "note", false, NOTE_MAX, true, &note, e);
        const struct code *ac = FIND(ASSESSMENTS, as);
        char fb[ERR_NAME_MAX];
        if (as.p && ac == NULL)
            err_field(e, in_fname(fb, sizeof(fb), pre, "assessment"), "kies ja, nee of onbekend");
        const char *label = NULL;
        size_t wi;
        json_t *wc;
        json_array_foreach(want, wi, wc)
        {
            if (code.p && str_eq_cstr(code, json_string_value(json_object_get(wc, "code"))))
                label = json_string_value(json_object_get(wc, "label"));
        }
        if (code.p && label == NULL)
            err_field(e, in_fname(fb, sizeof(fb), pre, "code"), "onbekend criterium");
        for (size_t q = 0; code.p && q < json_array_size(outa); q++)
            if (str_eq_cstr(code, json_string_value(json_object_get(json_array_get(outa, q), "code"))))
                err_field(e, in_fname(fb, sizeof(fb), pre, "code"), "dit criterium staat er twee keer");
        if (code.p && label && ac)
            json_array_append_new(outa, json_pack("{s:s%, s:s, s:s, s:s, s:s%}", "code", code.p,
                                                  code.n, "label", label, "assessment", ac->code,
                                                  "assessment_label", ac->label, "note",
                                                  note.p ? note.p : "", note.n));
    }
    if (!in_has_errors(e) && json_array_size(outa) != json_array_size(want))
        err_field(e, "criteria", "beoordeel elk criterium (ja, nee of onbekend)");
    json_decref(want);
    return outa;
}

int app_signal_add_weighing(struct app *a, const struct alog_req *rq, int64_t id,
                            const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"decided_on", "in_meeting", "attendees", "criteria",
                                       "rationale", "proportionality", "subsidiarity", "dissent",
                                       "decision_rule", "outcome", "referral", "reweigh",
                                       "admission", "escalation", "corrects"};
    static const char *const ref_keys[] = {"to", "informed_by"};
    static const char *const rew_keys[] = {"date", "information_sought", "from"};
    static const char *const adm_keys[] = {"casusregisseur_id", "first_overleg_date"};
    static const char *const esc_keys[] = {"driehoek_date", "note"};
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct sig g;
    *out = NULL;
    if (policy_scope(who, "create", "weighing") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, who, id, false, "create", "weighing", &g, e);
    if (rc != 0)
        return rc;
    const struct config *cfg = app_config(a);
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "weighing", .object = "weighing",
                     .cats = AUDIT_CAT_SIGNAL, .act = AUDIT_ACT_CREATE, .fn = weigh_fn};

    only_keys(in, keys, ARRAY_LEN(keys), e);
    int64_t today = signal_today();
    int64_t decided = in_date(in, NULL, "decided_on", false, e);
    if (decided > today)
        err_field(e, "decided_on", "ligt in de toekomst");
    else if (decided > 0 && decided < g.s.received_day)
        err_field(e, "decided_on", "ligt voor de ontvangst van de melding");
    if (decided == 0)
        decided = today;
    bool in_meeting = in_bool(in, NULL, "in_meeting", false, NULL, e);
    bool joint = false;
    json_t *att = parse_attendees(st, in, g.s.municipality_id, g.parts, g.n_parts, &joint,
                                  w.add_parts, &w.n_add_parts, e);
    if (g.restricted)
        w.n_add_parts = 0; /* an ambtsbericht is not shared with the partners who weighed it */
    if (g.n_parts + w.n_add_parts > MAX_PARTS)
        err_field(e, "attendees", "deze melding heeft al het maximum van %d deelnemende "
                                  "organisaties", MAX_PARTS);
    json_t *crit = parse_criteria(cfg, in, e);
    struct str rationale, prop, subs, dissent, rule_s, outcome_s;
    in_text(in, NULL, "rationale", true, NOTE_MAX, true, &rationale, e);
    in_text(in, NULL, "proportionality", true, NOTE_MAX, true, &prop, e);
    in_text(in, NULL, "subsidiarity", true, NOTE_MAX, true, &subs, e);
    in_text(in, NULL, "dissent", false, NOTE_MAX, true, &dissent, e);
    in_text(in, NULL, "decision_rule", true, 20, false, &rule_s, e);
    in_text(in, NULL, "outcome", true, 40, false, &outcome_s, e);
    const struct code *rule = FIND(RULES, rule_s);
    const struct code *oc = FIND(OUTCOMES, outcome_s);
    if (rule_s.p && rule == NULL)
        err_field(e, "decision_rule", "kies unaniem, meerderheid of voorzitter");
    if (outcome_s.p && oc == NULL)
        err_field(e, "outcome", "onbekende uitkomst");
    const char *o = oc ? oc->code : "";
    const json_t *ref = in_obj(in, "referral", strcmp(o, "verwezen_regulier") == 0, ref_keys,
                                ARRAY_LEN(ref_keys), e);
    const json_t *rew = in_obj(in, "reweigh", strcmp(o, "herwegen") == 0, rew_keys,
                                ARRAY_LEN(rew_keys), e);
    const json_t *adm = in_obj(in, "admission", strcmp(o, "opname_pga") == 0, adm_keys,
                                ARRAY_LEN(adm_keys), e);
    const json_t *esc = in_obj(in, "escalation", strcmp(o, "acuut_escalatie") == 0, esc_keys,
                                ARRAY_LEN(esc_keys), e);
    const char *outcome_members[] = {"referral", "reweigh", "admission", "escalation"};
    const char *outcome_for[] = {"verwezen_regulier", "herwegen", "opname_pga", "acuut_escalatie"};
    for (size_t i = 0; oc && i < 4; i++)
        if (json_object_get(in, outcome_members[i]) && strcmp(o, outcome_for[i]) != 0)
            err_field(e, outcome_members[i], "hoort niet bij deze uitkomst");
    json_t *detail = NULL;
    /* Only the member of the chosen outcome is read (the others are errors above). */
    if (strcmp(o, "verwezen_regulier") != 0)
        ref = NULL;
    if (strcmp(o, "herwegen") != 0)
        rew = NULL;
    if (strcmp(o, "opname_pga") != 0)
        adm = NULL;
    if (strcmp(o, "acuut_escalatie") != 0)
        esc = NULL;
    if (ref) {
        struct str to, by;
        in_text(ref, "referral", "to", true, LINE_MAX_, false, &to, e);
        in_text(ref, "referral", "informed_by", true, LINE_MAX_, false, &by, e);
        detail = json_pack("{s:{s:s%, s:s%}}", "referral", "to", to.p ? to.p : "", to.n,
                           "informed_by", by.p ? by.p : "", by.n);
    }
    if (rew) {
        struct str what, from;
        int64_t d = in_date(rew, "reweigh", "date", true, e);
        if (d > 0 && d <= today)
            err_field(e, "reweigh/date", "kies een datum na vandaag");
        in_text(rew, "reweigh", "information_sought", true, NOTE_MAX, true, &what, e);
        in_text(rew, "reweigh", "from", true, LINE_MAX_, false, &from, e);
        w.due_day = d;
        detail = json_pack("{s:{s:o, s:s%, s:s%}}", "reweigh", "date", json_day(d),
                           "information_sought", what.p ? what.p : "", what.n, "from",
                           from.p ? from.p : "", from.n);
    }
    if (adm) {
        w.casusregisseur = in_id(adm, "admission", "casusregisseur_id", true, e);
        w.first_overleg = in_date(adm, "admission", "first_overleg_date", true, e);
        struct store_user u;
        if (w.casusregisseur > 0 &&
            (store_user_get(st, w.casusregisseur, &u, NULL) != 0 ||
             u.org_id != g.s.municipality_id || !(u.roles & POLICY_ROLE_DOSSIERHOUDER) ||
             u.status != STORE_USER_ACTIVE))
            err_field(e, "admission/casusregisseur_id",
                      "kies een actieve dossierhouder van de gemeente van deze melding");
        if (w.first_overleg > 0 && w.first_overleg < decided)
            err_field(e, "admission/first_overleg_date", "ligt voor de datum van de weging");
        detail = json_pack("{s:{s:o, s:o}}", "admission", "casusregisseur",
                           in_has_errors(e) ? json_null() : json_user_ref(st, w.casusregisseur),
                           "first_overleg_date", json_day(w.first_overleg));
    }
    if (esc) {
        struct str note;
        int64_t d = in_date(esc, "escalation", "driehoek_date", true, e);
        in_text(esc, "escalation", "note", false, NOTE_MAX, true, &note, e);
        detail = json_pack("{s:{s:o, s:s%}}", "escalation", "driehoek_date", json_day(d), "note",
                           note.p ? note.p : "", note.n);
    }
    /* A correction must point at the current weighing. */
    int64_t corrects = in_id(in, NULL, "corrects", false, e);
    struct store_weighing *ws = NULL;
    size_t nw = 0;
    if (!in_has_errors(e)) {
        ws = calloc(MAX_WEIGHINGS, sizeof(*ws));
        rc = ws ? store_weighing_list(st, id, ws, MAX_WEIGHINGS, &nw, e) : ERR_NOMEM;
    }
    if (rc == 0 && !in_has_errors(e)) {
        if (corrects && (nw == 0 || ws[0].id != corrects))
            err_field(e, "corrects", "alleen de nieuwste weging van deze melding kan worden "
                                     "gecorrigeerd");
        else if (!corrects && nw > 0 && strcmp(ws[0].outcome, "herwegen") != 0)
            rc = err_set(e, ERR_CONFLICT, "Deze melding is al gewogen. Leg een correctie vast "
                                          "(corrects) of weeg opnieuw na \"opnieuw wegen\".");
        else if (corrects && strcmp(ws[0].outcome, "opname_pga") == 0 &&
                 strcmp(o, "opname_pga") != 0)
            rc = err_set(e, ERR_CONFLICT, "Deze persoon is al opgenomen in de aanpak; de "
                                          "opname intrekken gaat via het sluiten van de casus.");
        else if (!corrects && nw == 0 && state_index(g.s.state) >= N_OPEN_STATES &&
                 strcmp(g.s.state, "herwegen") != 0)
            rc = err_set(e, ERR_CONFLICT, "Deze melding is al afgehandeld.");
    }
    for (size_t i = 0; ws && i < nw; i++)
        store_weighing_release(&ws[i]);
    free(ws);
    if (rc != 0 || in_has_errors(e) || att == NULL) {
        json_decref(att);
        json_decref(crit);
        json_decref(detail);
        sig_release(&g);
        return rc ? rc : ERR_INVAL;
    }
    w.doc = json_pack("{s:o, s:b, s:o, s:o, s:s%, s:s%, s:s%, s:s%, s:s, s:s}", "decided_on",
                      json_day(decided), "in_meeting", in_meeting, "attendees", att, "criteria",
                      crit, "rationale", rationale.p, rationale.n, "proportionality", prop.p,
                      prop.n, "subsidiarity", subs.p, subs.n, "dissent",
                      dissent.p ? dissent.p : "", dissent.n, "decision_rule", rule->code,
                      "decision_rule_label", rule->label);
    if (w.doc && detail)
        json_object_update(w.doc, detail);
    json_decref(detail);
    w.win = (struct store_weighing_in){.signal_id = id, .corrects = corrects, .outcome = o,
                                       .decided_day = decided, .joint = joint,
                                       .created_by = who->user_id};
    if (strcmp(o, "opname_pga") == 0) {
        /* Exactly one case per signal: a correction that admits again keeps it. */
        w.case_id = g.s.case_id;
        w.new_case = g.s.case_id == 0;
    }
    rc = w.doc ? wexec(a, st, &w, out, e) : ERR_NOMEM;
    if (rc == 0) {
        json_object_set_new(*out, "weighing_id", json_integer(w.new_id));
        log_info("signal.weighed", "signal=%" PRId64 " weighing=%" PRId64 " outcome=%s joint=%d",
                 id, w.new_id, o, joint ? 1 : 0);
    }
    sig_release(&g);
    return rc;
}

/* ---- ambtsbericht ----------------------------------------------------------------------------- */

static int amb_fn(struct store *st, struct wctx *w, struct err *e)
{
    char *d = NULL;
    int rc = dump_doc(w->doc, &d);
    if (rc == 0)
        rc = store_ambtsbericht_put(st, w->g->s.id, str_from_cstr(d), e);
    free_doc(d);
    if (rc == 0 && w->set_readers)
        rc = store_ambtsbericht_set_readers(st, w->g->s.id, w->readers, w->n_readers, e);
    return rc;
}

int app_signal_update_ambtsbericht(struct app *a, const struct alog_req *rq, int64_t id,
                                   const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"addressee", "received_date", "readers", "nctv_consulted",
                                       "nctv_date", "nctv_contact", "driehoek_decision",
                                       "driehoek_date"};
    struct store *st = NULL;
    struct sig g;
    char *old = NULL;
    size_t oldn = 0;
    *out = NULL;
    if (policy_scope(&rq->actor, "update", "ambtsbericht") == 0)
        return denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = sig_require(st, &rq->actor, id, false, "update", "ambtsbericht", &g, e);
    if (rc != 0)
        return rc;
    if (!g.restricted) {
        sig_release(&g);
        return not_found(e);
    }
    only_keys(in, keys, ARRAY_LEN(keys), e);
    struct wctx w = {.a = a, .rq = rq, .g = &g, .fields = "ambtsbericht", .object = "ambtsbericht",
                     .cats = AUDIT_CAT_AMBTSBERICHT, .fn = amb_fn};
    json_t *upd = amb_doc(st, in, NULL, g.s.municipality_id, w.readers, &w.n_readers, false, e);
    w.set_readers = json_object_get(in, "readers") != NULL;
    rc = in_has_errors(e) ? ERR_INVAL : upd ? store_ambtsbericht_get(st, id, &old, &oldn, e) : ERR_NOMEM;
    if (rc == 0) {
        /* Members that were sent replace the stored ones. */
        w.doc = json_loadb(old, oldn, 0, NULL);
        const char *k;
        json_t *v;
        json_object_foreach(upd, k, v)
        {
            if (w.doc && json_object_get(in, k))
                json_object_set(w.doc, k, v);
        }
        rc = w.doc ? wexec(a, st, &w, out, e) : err_internal(e, ERR_DB, "ambtsbericht document");
    }
    store_doc_free(old, oldn);
    json_decref(upd);
    sig_release(&g);
    return rc;
}

/* ---- review of accesses ---------------------------------------------------------------------- */

bool app_signal_access_expected(struct store *st, int64_t signal_id, int64_t user_id,
                                int64_t org_id, int64_t ts_ms)
{
    struct store_signal s;
    struct store_participant *parts = NULL;
    int64_t readers[MAX_READERS];
    size_t np = 0, nr = 0;
    if (store_signal_get(st, signal_id, false, &s, NULL) != 0)
        return true;
    if (s.municipality_id == org_id || (s.submitter_id != 0 && s.submitter_id == user_id) ||
        (user_id == 0 && s.submitter_id == 0)) /* the public intake form's own create */
        return true;
    bool ok = false;
    if (store_ambtsbericht_readers(st, signal_id, readers, MAX_READERS, &nr, NULL) == 0)
        ok = contains(readers, nr, user_id);
    parts = calloc(MAX_PARTS, sizeof(*parts));
    if (!ok && parts && store_signal_participants(st, signal_id, parts, MAX_PARTS, &np, NULL) == 0)
        for (size_t i = 0; i < np; i++)
            ok = ok || (parts[i].org_id == org_id && parts[i].added_at <= ts_ms);
    for (size_t i = 0; parts && i < np; i++)
        store_participant_release(&parts[i]);
    free(parts);
    return ok;
}

/* ---- access for attachments (app/document.c) ------------------------------------------------ */

_Static_assert(APP_SIGNAL_ACCESS_PARTS >= MAX_PARTS && APP_SIGNAL_ACCESS_PERSONS >= MAX_SUBJECTS,
               "app_signal_access must hold a loaded signal's participants and subjects");

int app_signal_may(struct store *st, const struct actor *who, int64_t signal_id,
                   const char *action, struct app_signal_access *out, struct err *e)
{
    struct sig g;
    memset(out, 0, sizeof(*out));
    bool update = action != NULL && strcmp(action, "update") == 0;
    if (!update && (action == NULL || strcmp(action, "read") != 0))
        return err_internal(e, ERR_INVAL, "app_signal_may: unknown action");
    int rc = sig_load(st, who, signal_id, false, &g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    if (sig_view(who, &g) != VIEW_FULL)
        rc = not_found(e);
    else if (update && policy_check(who, "update", g.restricted ? "ambtsbericht" : "signal",
                                    &g.obj_full, NULL) != 0)
        rc = denied(e);
    if (rc == 0) {
        out->group_id = g.s.group_id;
        out->municipality_id = g.s.municipality_id;
        out->restricted = g.restricted;
        out->designated = g.obj_full.designated;
        memcpy(out->parts, g.parts, g.n_parts * sizeof(g.parts[0]));
        out->n_parts = g.n_parts;
        memcpy(out->persons, g.persons, g.n_persons * sizeof(g.persons[0]));
        out->n_persons = g.n_persons;
    }
    sig_release(&g);
    return rc;
}

/* ---- search --------------------------------------------------------------------------------- */

struct qwords {
    const struct keyring *kr;
    uint8_t toks[8][CRYPTO_HASH_BYTES];
    size_t n;
    bool too_many;
};

static void qword_add(void *ctx, const char *w, size_t wn)
{
    struct qwords *q = ctx;
    if (q->n == 8) {
        q->too_many = true;
        return;
    }
    if (crypto_blind_index(q->kr, "word", w, wn, q->toks[q->n], NULL) == 0)
        q->n++;
}

/* True when every word of q occurs in a part of signal g that the actor may see. */
static bool text_visible(struct store *st, const struct actor *who, const struct sig *g,
                         struct store_token_hit **hits, const size_t *nhits, size_t nq)
{
    bool see_signal = policy_category_visible(who, "signal", &g->obj_full);
    struct store_item *items = NULL;
    size_t ni = 0;
    bool loaded = false, all = true;
    for (size_t w = 0; all && w < nq; w++) {
        bool found = false;
        for (size_t h = 0; !found && h < nhits[w]; h++) {
            if (hits[w][h].signal_id != g->s.id)
                continue;
            if (hits[w][h].part == 0) {
                found = see_signal;
                continue;
            }
            if (!loaded) {
                items = calloc(MAX_ITEMS, sizeof(*items));
                if (items == NULL || store_signal_info_list(st, g->s.id, items, MAX_ITEMS, &ni,
                                                            NULL) != 0)
                    ni = 0;
                loaded = true;
            }
            for (size_t i = 0; i < ni; i++)
                if (items[i].id == hits[w][h].part) {
                    struct policy_obj io = {.owner_org_id = items[i].org_id,
                                            .participant_org_ids = g->parts,
                                            .n_participants = g->n_parts};
                    found = policy_category_visible(who, items[i].category, &io);
                }
        }
        all = found;
    }
    for (size_t i = 0; items && i < ni; i++)
        store_item_release(&items[i]);
    free(items);
    return all;
}

int app_signal_search(struct app *a, const struct alog_req *rq, const struct signal_search *s,
                      json_t **out, struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "search", "signal") == 0)
        return denied(e);
    int given = (s->bsn && s->bsn[0]) + (s->name && s->name[0]) + (s->q && s->q[0]);
    if (given != 1)
        return err_field(e, "q", "zoek op BSN, op naam met geboortedatum, of op woorden");
    if (s->name && s->name[0] && !(s->birth_date && s->birth_date[0]))
        return err_field(e, "birth_date", "zoeken op naam kan alleen met de geboortedatum");
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    int64_t cand[SEARCH_RESULTS_MAX * 4];
    size_t nc = 0;
    const char *match = "text";
    struct store_token_hit *hits[8] = {0};
    size_t nhits[8] = {0};
    struct qwords qw = {.kr = app_keys(a)};
    int64_t persons[SEARCH_RESULTS_MAX];
    size_t np = 0;
    if ((s->bsn && s->bsn[0]) || (s->name && s->name[0])) {
        match = s->bsn && s->bsn[0] ? "bsn" : "name_dob";
        rc = s->bsn && s->bsn[0]
                 ? store_person_find_by_bsn(st, str_from_cstr(s->bsn), persons,
                                            SEARCH_RESULTS_MAX, &np, e)
                 : store_person_find_by_name_dob(st, str_from_cstr(s->name),
                                                 str_from_cstr(s->birth_date), persons,
                                                 SEARCH_RESULTS_MAX, &np, e);
        if (rc == ERR_INVAL && e && e->n_fields == 0 && s->bsn && s->bsn[0])
            rc = err_field(e, "bsn", "een BSN heeft 9 cijfers");
        if (rc == ERR_TOOBIG) {
            err_clear(e);
            rc = 0;
        }
        for (size_t i = 0; rc == 0 && i < np; i++) {
            int64_t sids[16];
            size_t ns = 0;
            if (store_signal_ids_by_person(st, persons[i], sids, 16, &ns, NULL) != 0)
                continue;
            for (size_t k = 0; k < ns && nc < ARRAY_LEN(cand); k++)
                if (!contains(cand, nc, sids[k]))
                    cand[nc++] = sids[k];
        }
    } else {
        signal_words(s->q, strlen(s->q), qword_add, &qw);
        if (qw.n == 0)
            return err_field(e, "q", "geef minstens één woord van twee of meer tekens");
        if (qw.too_many)
            return err_field(e, "q", "zoek op hoogstens 8 woorden");
        for (size_t w = 0; rc == 0 && w < qw.n; w++) {
            hits[w] = calloc(SEARCH_HITS_MAX, sizeof(*hits[w]));
            rc = hits[w] ? store_signal_token_find(st, qw.toks[w], hits[w], SEARCH_HITS_MAX,
                                                   &nhits[w], e)
                         : ERR_NOMEM;
        }
        for (size_t h = 0; rc == 0 && h < nhits[0] && nc < ARRAY_LEN(cand); h++)
            if (!contains(cand, nc, hits[0][h].signal_id))
                cand[nc++] = hits[0][h].signal_id;
    }
    json_t *items = json_array();
    int64_t subj_ids[ALOG_MAX_SUBJECTS];
    size_t nsubj = 0;
    for (size_t i = 0; rc == 0 && items && i < nc && json_array_size(items) < SEARCH_RESULTS_MAX;
         i++) {
        struct sig g;
        if (sig_load(st, who, cand[i], false, &g, NULL) != 0)
            continue;
        if (sig_view(who, &g) != VIEW_FULL ||
            (strcmp(match, "text") == 0 && !text_visible(st, who, &g, hits, nhits, qw.n)) ||
            (strcmp(match, "text") != 0 &&
             !policy_category_visible(who, "identification", &g.obj_full))) {
            sig_release(&g);
            continue;
        }
        for (size_t k = 0; k < g.n_persons && nsubj < ALOG_MAX_SUBJECTS; k++)
            if (!contains(subj_ids, nsubj, g.persons[k]))
                subj_ids[nsubj++] = g.persons[k];
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "signal_id",
                             (json_int_t)g.s.id, "reference", g.s.reference, "state", g.s.state,
                             "state_label", LABEL(STATES, g.s.state), "received_at",
                             json_time(g.s.received_at), "municipality",
                             json_org_ref(st, g.s.municipality_id), "case_id",
                             g.s.case_id ? json_integer(g.s.case_id) : json_null(), "match", match));
        sig_release(&g);
    }
    for (size_t w = 0; w < 8; w++)
        free(hits[w]);
    if (rc == 0 && items == NULL)
        rc = ERR_NOMEM;
    if (rc == 0) {
        /* One search record per person returned (none returned: one record without subject). */
        uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(nsubj ? nsubj : 1, sizeof(*subj));
        if (subj == NULL)
            rc = ERR_NOMEM;
        for (size_t i = 0; subj && i < nsubj; i++)
            alog_subject(a, "person", subj_ids[i], subj[i]);
        char fields[64];
        snprintf(fields, sizeof(fields), "search_%s,results=%zu", match, json_array_size(items));
        struct alog_ev ev = {.action = AUDIT_ACT_SEARCH,
                             .object_type = "signal",
                             .object_id = "",
                             .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = fields,
                             .purpose = "zoeken-meldingen",
                             .subject_type = "person",
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = nsubj};
        if (rc == 0)
            rc = alog_pending_new(a, rq, &ev, out_log, e);
        free(subj);
    }
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I, s:I}", "items", items, "count", (json_int_t)json_array_size(items),
                     "persons", (json_int_t)nsubj);
    return *out ? 0 : ERR_NOMEM;
}
