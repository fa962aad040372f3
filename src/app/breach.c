/* breach.c: the breach register and its 72-hour clock (see breach.h and docs/breaches.md). */
#include "core/common.h"

#include "app/breach.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "store/breach.h"
#include "store/store.h"

#define HOUR_MS (3600 * 1000LL)
#define FUTURE_SLACK_MS (5 * 60 * 1000LL) /* clocks of browsers drift a little */
#define EARLIEST_MS 946684800000LL        /* 2000-01-01T00:00:00Z */

static const struct code CATEGORIES[] = {
    {"identificatie", "Identificerende gegevens (naam, adres, geboortedatum)"},
    {"bsn", "BSN"},
    {"contact", "Contactgegevens"},
    {"signaal", "Inhoud van meldingen en casussen"},
    {"politie", "Politiegegevens"},
    {"strafrechtelijk", "Strafrechtelijke gegevens"},
    {"bijzonder", "Bijzondere persoonsgegevens (religie, gezondheid)"},
    {"jeugd", "Gegevens van minderjarigen"},
    {"netwerk", "Netwerk en familie"},
    {"ambtsbericht", "Ambtsbericht"},
    {"account", "Inloggegevens van medewerkers"},
    {"overig", "Overig"},
};
static const struct code DECISIONS[] = {{"open", "Nog te besluiten"}, {"ja", "Ja"}, {"nee", "Nee"}};

/* Text members of the sealed document with their limits. */
static const struct {
    const char *key;
    size_t max;
    bool required; /* on create */
} TEXTS[] = {
    {"description", APP_BREACH_TEXT_MAX, true},
    {"organisations", APP_BREACH_ORGS_MAX, false},
    {"measures", APP_BREACH_TEXT_MAX, false},
};

int64_t app_breach_deadline(int64_t discovered_ms)
{
    return discovered_ms + APP_BREACH_DEADLINE_HOURS * HOUR_MS;
}

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit datalek bestaat niet of u heeft er geen toegang toe.");
}

static json_t *member(const json_t *d, const char *key)
{
    json_t *v = json_object_get(d, key);
    return v ? json_incref(v) : json_null();
}

static bool is_open(const struct store_row *r)
{
    return r->d == 0;
}

static bool overdue(const struct store_row *r, int64_t now)
{
    return is_open(r) && strcmp(r->code, "open") == 0 && now > r->b;
}

static json_t *breach_json(struct store *st, const struct store_row *r, const json_t *d,
                           int64_t now)
{
    json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id, "description",
                          member(d, "description"), "organisations", member(d, "organisations"),
                          "measures", member(d, "measures"), "subjects_approx",
                          member(d, "subjects_approx"), "ap_reference", member(d, "ap_reference"));
    if (j == NULL)
        return NULL;
    json_t *cats = json_array();
    const json_t *dc = json_object_get(d, "categories");
    size_t i;
    json_t *v;
    json_array_foreach(dc, i, v)
    {
        const char *c = json_string_value(v);
        if (c != NULL)
            json_array_append_new(
                cats, json_pack("{s:s, s:s}", "code", c, "label", LABEL(CATEGORIES, c)));
    }
    bool ap_open = strcmp(r->code, "open") == 0;
    json_object_set_new(j, "categories", cats);
    json_object_set_new(j, "discovered_at", json_time(r->a));
    json_object_set_new(j, "deadline_at", json_time(r->b));
    json_object_set_new(j, "hours_left",
                        is_open(r) && ap_open ? json_integer((json_int_t)((r->b - now) / HOUR_MS))
                                              : json_null());
    json_object_set_new(j, "overdue", json_boolean(overdue(r, now)));
    json_object_set_new(j, "status", json_string(is_open(r) ? "open" : "gesloten"));
    json_object_set_new(j, "ap_decision", json_string(r->code));
    json_object_set_new(j, "ap_decision_label", json_string(LABEL(DECISIONS, r->code)));
    json_object_set_new(j, "ap_rationale", member(d, "ap_rationale"));
    json_object_set_new(j, "ap_date", json_day(r->c));
    /* Notified on a later calendar day (UTC) than the deadline: art. 33(1) wants the reasons. */
    json_object_set_new(j, "notified_late",
                        json_boolean(r->c > 0 && clock_local_midnight_ms(r->c) > r->b));
    json_object_set_new(j, "subjects_decision", json_string(r->code2));
    json_object_set_new(j, "subjects_decision_label", json_string(LABEL(DECISIONS, r->code2)));
    json_object_set_new(j, "subjects_rationale", member(d, "subjects_rationale"));
    json_object_set_new(j, "closed_at", r->d ? json_time(r->d) : json_null());
    json_object_set_new(j, "reported_by", json_user_ref(st, r->by));
    json_object_set_new(j, "organisation", json_org_ref(st, r->meeting_id));
    json_object_set_new(j, "updated_at", json_time(r->at));
    return j;
}

static void ev_of(enum audit_action act, int64_t id, const char *fields, const char *rule,
                  char oid[24], struct alog_ev *ev)
{
    if (id > 0)
        snprintf(oid, 24, "%" PRId64, id);
    else
        oid[0] = '\0';
    *ev = (struct alog_ev){.action = act,
                           .object_type = "breach",
                           .object_id = oid,
                           .fields = fields,
                           .authz_rule = rule};
}

/* ---- reads ------------------------------------------------------------------------------------
 */

int app_breach_list(struct app *a, const struct alog_req *rq, json_t **out,
                    struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    const char *rule = NULL;
    struct policy_obj obj = {.owner_org_id = who->org_id};
    *out = NULL;
    *out_log = NULL;
    if (policy_check(who, "list", "breach", &obj, &rule) != 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    struct store_row *rows = calloc(APP_BREACHES_MAX, sizeof(*rows));
    size_t n = 0;
    int64_t now = clock_now_ms(), n_open = 0, n_overdue = 0;
    if (rc == 0 && rows == NULL)
        rc = ERR_NOMEM;
    if (rc == 0)
        rc = store_breach_list(st, rows, APP_BREACHES_MAX, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *d = doc_parse(rows[i].doc, rows[i].doc_len);
        json_t *j = breach_json(st, &rows[i], d, now);
        json_decref(d);
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
        n_open += is_open(&rows[i]);
        n_overdue += overdue(&rows[i], now);
    }
    if (rc == 0) {
        struct alog_ev ev;
        char oid[24];
        ev_of(AUDIT_ACT_READ, 0, "breach:all", rule, oid, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out =
            json_pack("{s:O, s:I, s:I, s:I, s:o, s:o, s:I}", "items", items, "total", (json_int_t)n,
                      "open", (json_int_t)n_open, "overdue", (json_int_t)n_overdue, "categories",
                      codes_json(CATEGORIES, ARRAY_LEN(CATEGORIES)), "decisions",
                      codes_json(DECISIONS, ARRAY_LEN(DECISIONS)), "deadline_hours",
                      (json_int_t)APP_BREACH_DEADLINE_HOURS);
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
    return rc;
}

int app_breach_get(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct store_row r;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    memset(&r, 0, sizeof(r));
    if (policy_scope(who, "read", "breach") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_breach_get(st, id, &r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj obj = {.owner_org_id = r.meeting_id};
    if (policy_check(who, "read", "breach", &obj, &rule) != 0) {
        store_row_release(&r);
        return not_found(e);
    }
    json_t *d = doc_parse(r.doc, r.doc_len);
    json_t *j = breach_json(st, &r, d, clock_now_ms());
    json_decref(d);
    if (j == NULL)
        rc = ERR_NOMEM;
    if (rc == 0) {
        json_object_set_new(j, "categories_list", codes_json(CATEGORIES, ARRAY_LEN(CATEGORIES)));
        json_object_set_new(j, "decisions", codes_json(DECISIONS, ARRAY_LEN(DECISIONS)));
        struct alog_ev ev;
        char oid[24];
        ev_of(AUDIT_ACT_READ, id, "breach:all", rule, oid, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    store_row_release(&r);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- input ------------------------------------------------------------------------------------
 */

/* categories: an array of 1..12 distinct known codes, into patch. */
static void read_categories(const json_t *in, bool required, json_t *patch, struct err *e)
{
    const json_t *v = json_object_get(in, "categories");
    if (v == NULL || json_is_null(v)) {
        if (required)
            err_field(e, "categories", "kies minstens één categorie gegevens");
        return;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 ||
        json_array_size(v) > ARRAY_LEN(CATEGORIES)) {
        err_field(e, "categories", "een lijst van 1 tot 12 categorieën");
        return;
    }
    json_t *out = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c)
    {
        const char *s = json_string_value(c);
        const struct code *k = s ? FIND(CATEGORIES, str_from_cstr(s)) : NULL;
        bool dup = false;
        size_t j;
        json_t *o;
        json_array_foreach(out, j, o) dup =
            dup || (k && strcmp(json_string_value(o), k->code) == 0);
        if (k == NULL || dup) {
            err_field(e, "categories",
                      k ? "een categorie staat er dubbel in" : "onbekende categorie");
            json_decref(out);
            return;
        }
        json_array_append_new(out, json_string(k->code));
    }
    json_object_set_new(patch, "categories", out);
}

static void read_subjects(const json_t *in, bool required, json_t *patch, struct err *e)
{
    const json_t *v = json_object_get(in, "subjects_approx");
    if (v == NULL || json_is_null(v)) {
        if (required)
            err_field(e, "subjects_approx", "geef het geschatte aantal betrokkenen (0 of meer)");
        return;
    }
    json_int_t n = json_is_integer(v) ? json_integer_value(v) : -1;
    if (n < 0 || n > APP_BREACH_SUBJECTS_MAX)
        err_field(e, "subjects_approx", "een geheel getal van 0 tot 100000000");
    else
        json_object_set_new(patch, "subjects_approx", json_integer(n));
}

/* The text members into patch (null clears an optional one on update). */
static void read_texts(const json_t *in, bool create, json_t *patch, struct err *e)
{
    for (size_t i = 0; i < ARRAY_LEN(TEXTS); i++) {
        const char *k = TEXTS[i].key;
        bool present = json_object_get(in, k) != NULL;
        struct str v;
        size_t before = e ? e->n_fields : 0;
        in_text(in, NULL, k, create && TEXTS[i].required, TEXTS[i].max, true, &v, e);
        if (e && e->n_fields != before)
            continue;
        if (v.p != NULL)
            json_object_set_new(patch, k, json_stringn(v.p, v.n));
        else if (!create && present && TEXTS[i].required)
            err_field(e, k, "is verplicht");
        else if (!create && present)
            json_object_set_new(patch, k, json_null());
    }
}

/* ---- writes -----------------------------------------------------------------------------------
 */

struct bw {
    const struct alog_req *rq;
    bool create;
    int64_t id;
    const char *rule;
    json_t *patch;          /* document members to set (null: remove) */
    int64_t discovered_at;  /* create */
    const struct code *ap;  /* update: new AP decision, or NULL */
    const struct code *sub; /* update: new data-subject decision, or NULL */
    int64_t ap_day;         /* update: 0 = unchanged */
    bool has_ap_reference;  /* update: ap_reference given */
    bool close;
};

static int bw_change(struct store *st, struct bw *w, struct err *e)
{
    struct store_row r;
    int rc = store_breach_get(st, w->id, &r, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    json_t *d = doc_parse(r.doc, r.doc_len);
    char *doc = NULL;
    if (!is_open(&r)) {
        rc = in_conflict(e, NULL, "Dit datalek is gesloten en kan niet meer worden gewijzigd.");
        goto out;
    }
    if (w->ap) {
        snprintf(r.code, sizeof(r.code), "%s", w->ap->code);
        if (strcmp(w->ap->code, "nee") == 0) {
            r.c = 0; /* a "nee" has no notification date or reference */
            json_object_del(d, "ap_reference");
        }
    }
    if (w->sub)
        snprintf(r.code2, sizeof(r.code2), "%s", w->sub->code);
    if ((w->ap_day || w->has_ap_reference) && strcmp(r.code, "ja") != 0) {
        err_field(e, w->ap_day ? "ap_date" : "ap_reference",
                  "alleen bij het besluit de AP te melden (ap_decision ja)");
        rc = ERR_INVAL;
        goto out;
    }
    if (w->ap_day) {
        int64_t disc_day = (r.a - (r.a % (86400000LL))) / 86400000LL;
        if (w->ap_day < disc_day) {
            err_field(e, "ap_date", "ligt voor de ontdekking van het datalek");
            rc = ERR_INVAL;
            goto out;
        }
        r.c = w->ap_day;
    }
    const char *k;
    json_t *v;
    json_object_foreach(w->patch, k, v)
    {
        if (json_is_null(v))
            json_object_del(d, k);
        else
            json_object_set(d, k, v);
    }
    if (w->close) {
        if (strcmp(r.code, "open") == 0 || strcmp(r.code2, "open") == 0) {
            rc = in_conflict(e, "closed",
                             "Sluiten kan pas als beide besluiten (AP en betrokkenen) zijn "
                             "genomen.");
            goto out;
        }
        r.d = clock_now_ms();
    }
    doc = doc_dump(json_incref(d));
    if (doc == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    char *orig = r.doc;
    size_t orig_n = r.doc_len;
    r.doc = doc;
    r.doc_len = strlen(doc);
    rc = store_breach_update(st, &r, e);
    r.doc = orig;
    r.doc_len = orig_n;
out:
    doc_free(doc);
    json_decref(d);
    store_row_release(&r);
    return rc;
}

static int bw_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct bw *w = ctx;
    int rc = 0;
    enum audit_action act = AUDIT_ACT_UPDATE;
    if (w->create) {
        int64_t n = 0;
        rc = store_breach_count(st, &n, e);
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            rc = 0;
        }
        if (rc == 0 && n >= APP_BREACHES_MAX)
            rc = in_conflict(e, NULL, "Het register heeft het maximum aantal datalekken (2000).");
        char *doc = rc == 0 ? doc_dump(json_incref(w->patch)) : NULL;
        if (rc == 0 && doc == NULL)
            rc = ERR_NOMEM;
        struct store_breach_in in = {.org_id = w->rq->actor.org_id,
                                     .reported_by = w->rq->actor.user_id,
                                     .discovered_at = w->discovered_at,
                                     .doc = str_from_cstr(doc ? doc : "")};
        if (rc == 0)
            rc = store_breach_create(st, &in, &w->id, e);
        doc_free(doc);
        act = AUDIT_ACT_CREATE;
    } else {
        rc = bw_change(st, w, e);
    }
    if (rc != 0)
        return rc;
    struct alog_ev ev;
    char oid[24];
    ev_of(act, w->id, w->create ? "breach:all" : "breach:decisions,texts", w->rule, oid, &ev);
    return alog_tx_add(tx, w->rq, &ev, e);
}

int app_breach_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e)
{
    static const char *const keys[] = {"discovered_at",   "description",   "categories",
                                       "subjects_approx", "organisations", "measures"};
    const struct actor *who = &rq->actor;
    struct policy_obj obj = {.owner_org_id = who->org_id};
    struct bw w = {.rq = rq, .create = true};
    *out = NULL;
    if (policy_check(who, "create", "breach", &obj, &w.rule) != 0)
        return in_denied(e);
    w.patch = json_object();
    if (w.patch == NULL)
        return ERR_NOMEM;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    struct str at;
    size_t before = e ? e->n_fields : 0;
    in_text(in, NULL, "discovered_at", true, 40, false, &at, e);
    if (at.p && (clock_parse_utc(at.p, at.n, &w.discovered_at) != 0))
        err_field(e, "discovered_at", "datum en tijd als JJJJ-MM-DDTUU:MM:SSZ (UTC)");
    else if (at.p && w.discovered_at > clock_now_ms() + FUTURE_SLACK_MS)
        err_field(e, "discovered_at", "ligt in de toekomst");
    else if (at.p && w.discovered_at < EARLIEST_MS)
        err_field(e, "discovered_at", "ligt voor 2000");
    (void)before;
    read_texts(in, true, w.patch, e);
    read_categories(in, true, w.patch, e);
    read_subjects(in, true, w.patch, e);
    int rc = in_has_errors(e) ? ERR_INVAL : alog_run(a, bw_run, &w, e);
    json_decref(w.patch);
    if (rc == 0) {
        *out = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)w.id, "discovered_at",
                         json_time(w.discovered_at), "deadline_at",
                         json_time(app_breach_deadline(w.discovered_at)));
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}

/* A decision member (ja|nee) with its required rationale; the rationale goes into patch. */
static const struct code *read_decision(const json_t *in, const char *key, const char *rkey,
                                        json_t *patch, struct err *e)
{
    struct str v, why;
    const struct code *c = NULL;
    bool present = json_object_get(in, key) != NULL;
    in_text(in, NULL, key, false, 10, false, &v, e);
    in_text(in, NULL, rkey, false, APP_BREACH_RATIONALE_MAX, true, &why, e);
    if (v.p) {
        c = FIND(DECISIONS, v);
        if (c == NULL || strcmp(c->code, "open") == 0) {
            err_field(e, key, "kies ja of nee");
            c = NULL;
        } else if (why.p == NULL) {
            err_field(e, rkey, "een besluit heeft een motivering nodig");
        }
    } else if (present) {
        err_field(e, key, "kies ja of nee");
    }
    if (why.p != NULL && v.p == NULL)
        err_field(e, rkey, "geef de motivering samen met het besluit");
    if (why.p != NULL)
        json_object_set_new(patch, rkey, json_stringn(why.p, why.n));
    return c;
}

int app_breach_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {
        "description",  "categories",        "subjects_approx",    "organisations",
        "measures",     "ap_decision",       "ap_rationale",       "ap_date",
        "ap_reference", "subjects_decision", "subjects_rationale", "closed"};
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct store_row r;
    struct bw w = {.rq = rq, .id = id};
    *out = NULL;
    if (policy_scope(who, "update", "breach") == 0)
        return in_denied(e);
    w.patch = json_object();
    if (w.patch == NULL)
        return ERR_NOMEM;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    if (json_object_size(in) == 0)
        err_field(e, "description", "geef minstens één gegeven om te wijzigen");
    read_texts(in, false, w.patch, e);
    read_categories(in, false, w.patch, e);
    read_subjects(in, false, w.patch, e);
    w.ap = read_decision(in, "ap_decision", "ap_rationale", w.patch, e);
    w.sub = read_decision(in, "subjects_decision", "subjects_rationale", w.patch, e);
    w.ap_day = in_date(in, NULL, "ap_date", w.ap && strcmp(w.ap->code, "ja") == 0, e);
    if (w.ap_day > signal_today())
        err_field(e, "ap_date", "ligt in de toekomst");
    struct str ref;
    in_text(in, NULL, "ap_reference", false, APP_BREACH_REF_MAX, false, &ref, e);
    if (ref.p != NULL) {
        w.has_ap_reference = true;
        json_object_set_new(w.patch, "ap_reference", json_stringn(ref.p, ref.n));
    }
    bool present = false;
    bool closed = in_bool(in, NULL, "closed", false, &present, e);
    if (present && !closed)
        err_field(e, "closed", "een gesloten datalek wordt niet heropend; alleen true");
    w.close = present && closed;
    int rc = in_has_errors(e) ? ERR_INVAL : 0;
    /* Object check before the transaction: 404 for what does not exist. */
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0) {
        rc = store_breach_get(st, id, &r, e);
        if (rc == ERR_NOTFOUND)
            rc = not_found(e);
        if (rc == 0) {
            struct policy_obj obj = {.owner_org_id = r.meeting_id};
            if (policy_check(who, "read", "breach", &obj, NULL) != 0)
                rc = not_found(e);
            else if (policy_check(who, "update", "breach", &obj, &w.rule) != 0)
                rc = in_denied(e);
            store_row_release(&r);
        }
    }
    if (rc == 0)
        rc = alog_run(a, bw_run, &w, e);
    json_decref(w.patch);
    if (rc == 0) {
        *out = json_pack("{s:I}", "id", (json_int_t)id);
        rc = *out ? 0 : ERR_NOMEM;
    }
    return rc;
}
