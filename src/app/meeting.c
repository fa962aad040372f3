/* meeting.c: the overleg (see meeting.h and docs/meetings.md). */
#include "core/common.h"

#include "app/input.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/jsonv.h"
#include "store/meeting.h"
#include "store/store.h"
#include "store/user.h"

#define PROPOSE_MAX 500 /* agenda proposals per kind and municipality (signals, cases) */

#define MAX_BODIES 200
#define MAX_MEMBERS 30
#define MAX_ITEMS 60
#define MAX_INVITES 20   /* per item */
#define MAX_MINUTES 100  /* versions per item */
#define MAX_DECISIONS 50 /* per item */
#define MAX_ACTIONS 100  /* per item */
#define MAX_ATTEND 60    /* entries per request */
#define ROWS_MAX 5000
#define LIST_MAX 2000
#define MAX_SUBJ 1000
#define TITLE_MAX 200
#define MATERIAL_MAX 20000
#define MINUTES_MAX 50000
#define REASON_MAX 1000
#define DTEXT_MAX 2000
#define NOTE_MAX 10000
#define LINE_MAX_ 500

/* ---- code lists ------------------------------------------------------------------------------- */

static const struct code KINDS[] = {
    {"signaleringsoverleg", "Signaleringsoverleg"},
    {"casusoverleg", "Casusoverleg"},
    {"lokale_driehoek", "Lokale driehoek"},
    {"regionaal", "Regionaal overleg"},
};
static const struct code ITEM_KINDS[] = {
    {"signal", "Melding"}, {"case", "Casus"}, {"free", "Vrij agendapunt"}};
static const struct code DEC_TYPES[] = {
    {"weging", "Weging van een melding"},
    {"opname_pga", "Opname in de persoonsgerichte aanpak"},
    {"plan", "Plan van aanpak"},
    {"maatregel", "Maatregel"},
    {"informatie_delen", "Informatie delen"},
    {"escalatie_driehoek", "Escalatie naar de lokale driehoek"},
    {"woordvoering", "Communicatielijn (woordvoering)"},
    {"afschalen", "Afschalen"},
    {"afsluiten", "Afsluiten"},
    {"overig", "Overig"},
};
static const struct code DEC_RULES[] = {
    {"unanimous", "Unaniem"},
    {"majority", "Bij meerderheid"},
    {"chair", "Staken van stemmen: de voorzitter beslist"},
};
static const struct code ACT_STATUSES[] = {
    {"open", "Open"}, {"gereed", "Gereed"}, {"vervallen", "Vervallen"}};
static const struct code ATT_STATUSES[] = {
    {"aanwezig", "Aanwezig"}, {"afwezig", "Afwezig"}, {"afgemeld", "Afgemeld"}};
static const struct code VOTES[] = {{"voor", "Voor"}, {"tegen", "Tegen"}};

/* ---- small helpers ---------------------------------------------------------------------------- */

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit overleg of agendapunt bestaat niet of u heeft er geen "
                                    "toegang toe.");
}

/* The actor a user would be (for the pack "as seen by"). */
static int actor_of_user(struct store *st, int64_t user_id, struct actor *out,
                         struct store_user *u, struct err *e)
{
    struct store_org o;
    int rc = store_user_get(st, user_id, u, e);
    if (rc == 0)
        rc = store_org_get(st, u->org_id, &o, e);
    if (rc != 0)
        return rc;
    *out = (struct actor){.user_id = u->id, .org_id = u->org_id, .roles = u->roles,
                          .org_access_ok = org_covenant_ok(&o)};
    return 0;
}

static const char *doc_str(json_t *doc, const char *key)
{
    const char *s = json_string_value(json_object_get(doc, key));
    return s ? s : "";
}

bool meeting_decision_rule(int64_t voor, int64_t tegen, const char *chair_vote, const char **rule,
                           const char **result)
{
    if (tegen == 0) {
        *rule = "unanimous";
        *result = "aangenomen";
    } else if (voor > tegen) {
        *rule = "majority";
        *result = "aangenomen";
    } else if (tegen > voor) {
        *rule = "majority";
        *result = "verworpen";
    } else {
        *rule = "chair";
        if (chair_vote == NULL || !chair_vote[0])
            return false;
        *result = strcmp(chair_vote, "voor") == 0 ? "aangenomen" : "verworpen";
    }
    return true;
}

/* ---- the loaded meeting and who sees what ----------------------------------------------------- */

enum acc { ACC_NONE, ACC_INVITED, ACC_CORE, ACC_FULL };

struct mtg {
    struct store_meeting m;
    struct store_body body;
    int64_t members[MAX_MEMBERS];
    int64_t member_orgs[MAX_MEMBERS];
    size_t n_members, n_member_orgs;
    int64_t munis[MAX_MEMBERS + 1]; /* municipalities whose signals/cases may be on the agenda */
    size_t n_munis;
    int64_t today;
    struct store_row *items, *invs, *mins, *decs, *acts, *att;
    size_t n_items, n_invs, n_mins, n_decs, n_acts, n_att;
};

static void mtg_release(struct mtg *g)
{
    store_meeting_release(&g->m);
    store_rows_release(g->items, g->n_items);
    store_rows_release(g->invs, g->n_invs);
    store_rows_release(g->mins, g->n_mins);
    store_rows_release(g->decs, g->n_decs);
    store_rows_release(g->acts, g->n_acts);
    store_rows_release(g->att, g->n_att);
    free(g->items);
    free(g->invs);
    free(g->mins);
    free(g->decs);
    free(g->acts);
    free(g->att);
    memset(g, 0, sizeof(*g));
}

static bool inv_active(const struct mtg *g, const struct store_row *v)
{
    return v->c <= g->today && g->today <= v->d;
}

/* user has an invitation in its window for item (0: any item of the meeting) */
static bool invited(const struct mtg *g, int64_t item, int64_t user)
{
    for (size_t i = 0; i < g->n_invs; i++)
        if (g->invs[i].a == user && (item == 0 || g->invs[i].item_id == item) &&
            inv_active(g, &g->invs[i]))
            return true;
    return false;
}

static bool is_member(const struct mtg *g, int64_t user)
{
    return id_in(g->members, g->n_members, user);
}

static struct policy_obj owner_obj(const struct mtg *g)
{
    return (struct policy_obj){.owner_org_id = g->body.municipality_id};
}

static enum acc access_of(const struct actor *who, const struct mtg *g)
{
    struct policy_obj o = owner_obj(g);
    if (policy_check(who, "read", "meeting", &o, NULL) == 0)
        return ACC_FULL;
    bool member = is_member(g, who->user_id);
    o.participant_org_ids = g->member_orgs;
    o.n_participants = g->n_member_orgs;
    o.designated = member || invited(g, 0, who->user_id);
    if (!o.designated || policy_check(who, "read", "meeting", &o, NULL) != 0)
        return ACC_NONE;
    return member ? ACC_CORE : ACC_INVITED;
}

/* The policy object of an item: the owner, the organisations at the table for it (core members
 * and invitees in their window) and whether who is one of them. parts has room for
 * MAX_MEMBERS + MAX_INVITES. */
static struct policy_obj item_obj(const struct actor *who, const struct mtg *g, int64_t item,
                                  int64_t *parts)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_member_orgs; i++)
        parts[n++] = g->member_orgs[i];
    for (size_t i = 0; i < g->n_invs && n < MAX_MEMBERS + MAX_INVITES; i++)
        if (g->invs[i].item_id == item && inv_active(g, &g->invs[i]) &&
            !id_in(parts, n, g->invs[i].b))
            parts[n++] = g->invs[i].b;
    return (struct policy_obj){.owner_org_id = g->body.municipality_id,
                               .participant_org_ids = parts,
                               .n_participants = n,
                               .designated = is_member(g, who->user_id) ||
                                             invited(g, item, who->user_id)};
}

static bool item_visible(const struct actor *who, const struct mtg *g, int64_t item)
{
    int64_t parts[MAX_MEMBERS + MAX_INVITES];
    struct policy_obj o = item_obj(who, g, item, parts);
    return policy_check(who, "read", "agenda_item", &o, NULL) == 0;
}

static const struct store_row *item_find(const struct mtg *g, int64_t item)
{
    for (size_t i = 0; i < g->n_items; i++)
        if (g->items[i].id == item)
            return &g->items[i];
    return NULL;
}

static int rows(struct store_row **out, size_t cap)
{
    *out = calloc(cap, sizeof(**out));
    return *out ? 0 : ERR_NOMEM;
}

/* Loads the meeting, its body, members and invitations, and with content its items, minutes,
 * decisions, actions and attendance. ERR_NOTFOUND. */
static int mtg_load(struct store *st, int64_t id, bool content, struct mtg *g, struct err *e)
{
    memset(g, 0, sizeof(*g));
    g->today = signal_today();
    int rc = store_meeting_get(st, id, true, &g->m, e);
    if (rc == 0)
        rc = store_body_get(st, g->m.body_id, &g->body, e);
    if (rc == 0)
        rc = store_body_members(st, g->body.id, g->members, MAX_MEMBERS, &g->n_members, e);
    g->munis[g->n_munis++] = g->body.municipality_id;
    for (size_t i = 0; rc == 0 && i < g->n_members; i++) {
        struct store_user u;
        struct store_org o;
        if (store_user_get(st, g->members[i], &u, NULL) != 0)
            continue;
        if (!id_in(g->member_orgs, g->n_member_orgs, u.org_id))
            g->member_orgs[g->n_member_orgs++] = u.org_id;
        if (store_org_get(st, u.org_id, &o, NULL) == 0 && o.kind == STORE_ORG_GEMEENTE &&
            !id_in(g->munis, g->n_munis, u.org_id))
            g->munis[g->n_munis++] = u.org_id;
    }
    if (rc == 0)
        rc = rows(&g->invs, ROWS_MAX);
    if (rc == 0)
        rc = store_invitation_list(st, id, g->invs, ROWS_MAX, &g->n_invs, e);
    if (rc == 0 && content) {
        rc = rows(&g->items, MAX_ITEMS + 1);
        if (rc == 0)
            rc = store_item_list(st, id, g->items, MAX_ITEMS + 1, &g->n_items, e);
        if (rc == 0)
            rc = rows(&g->mins, ROWS_MAX);
        if (rc == 0)
            rc = store_minutes_list(st, id, g->mins, ROWS_MAX, &g->n_mins, e);
        if (rc == 0)
            rc = rows(&g->decs, ROWS_MAX);
        if (rc == 0)
            rc = store_decision_list(st, id, g->decs, ROWS_MAX, &g->n_decs, e);
        if (rc == 0)
            rc = rows(&g->acts, ROWS_MAX);
        if (rc == 0)
            rc = store_action_list(st, id, 0, 0, g->acts, ROWS_MAX, &g->n_acts, e);
        if (rc == 0)
            rc = rows(&g->att, ROWS_MAX);
        if (rc == 0)
            rc = store_attendance_list(st, id, g->att, ROWS_MAX, &g->n_att, e);
    }
    if (rc != 0)
        mtg_release(g);
    return rc;
}

/* Loads and requires read access: 404 otherwise. */
static int mtg_open(struct store *st, const struct actor *who, int64_t id, bool content,
                    struct mtg *g, enum acc *acc, struct err *e)
{
    int rc = mtg_load(st, id, content, g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    *acc = access_of(who, g);
    if (*acc == ACC_NONE) {
        mtg_release(g);
        return not_found(e);
    }
    return 0;
}

/* The function-level check, the store and the meeting with read access (404 otherwise). */
static int open_for(struct app *a, const struct actor *who, int64_t id, const char *action,
                    const char *object, struct store **st, struct mtg *g, enum acc *acc,
                    struct err *e)
{
    if (policy_scope(who, action, object) == 0)
        return in_denied(e);
    int rc = app_store(a, st, e);
    return rc ? rc : mtg_open(*st, who, id, true, g, acc, e);
}

bool app_meeting_access_expected(struct store *st, int64_t meeting_id, int64_t user_id,
                                 int64_t org_id, int64_t ts_ms)
{
    struct mtg g;
    if (mtg_load(st, meeting_id, false, &g, NULL) != 0)
        return true; /* gone or unreadable: nothing to judge */
    /* The calendar day of the access (Europe/Amsterdam), for the invitation window. */
    int64_t day = ts_ms / 86400000;
    if (clock_local_midnight_ms(day + 1) <= ts_ms)
        day++;
    else if (clock_local_midnight_ms(day) > ts_ms)
        day--;
    g.today = day;
    bool ok = org_id == g.body.municipality_id || is_member(&g, user_id) ||
              invited(&g, 0, user_id);
    mtg_release(&g);
    return ok;
}

/* ---- access for attachments (app/document.c) ------------------------------------------------ */

_Static_assert(APP_ITEM_ACCESS_PARTS >= MAX_MEMBERS + MAX_INVITES,
               "app_item_access must hold the organisations at the table for an item");

int app_meeting_item_may(struct store *st, const struct actor *who, int64_t meeting_id,
                         int64_t item_id, bool write, struct app_item_access *out, struct err *e)
{
    struct mtg g;
    enum acc acc;
    memset(out, 0, sizeof(*out));
    int rc = mtg_open(st, who, meeting_id, false, &g, &acc, e);
    if (rc != 0)
        return rc;
    rc = rows(&g.items, MAX_ITEMS + 1);
    if (rc == 0)
        rc = store_item_list(st, meeting_id, g.items, MAX_ITEMS + 1, &g.n_items, e);
    const struct store_row *it = rc == 0 ? item_find(&g, item_id) : NULL;
    if (rc == 0 && (it == NULL || (acc == ACC_INVITED ? !invited(&g, item_id, who->user_id)
                                                      : !item_visible(who, &g, item_id))))
        rc = not_found(e);
    if (rc == 0 && write && acc != ACC_FULL)
        rc = in_denied(e);
    if (rc == 0) {
        int64_t parts[MAX_MEMBERS + MAX_INVITES];
        struct policy_obj o = item_obj(who, &g, item_id, parts);
        int64_t signal_id = it->a;
        struct store_case c;
        if (signal_id == 0 && it->b != 0 && store_case_get(st, it->b, &c, NULL) == 0)
            signal_id = c.signal_id;
        if (signal_id != 0)
            rc = store_signal_subjects(st, signal_id, out->persons, APP_ITEM_ACCESS_PERSONS,
                                       &out->n_persons, e);
        out->group_id = it->group_id;
        out->municipality_id = g.body.municipality_id;
        out->designated = o.designated;
        memcpy(out->parts, parts, o.n_participants * sizeof(parts[0]));
        out->n_parts = o.n_participants;
    }
    mtg_release(&g);
    return rc;
}

/* ---- the view --------------------------------------------------------------------------------- */

struct seen {
    int64_t persons[MAX_SUBJ];
    size_t n;
    uint32_t cats;
};

static void seen_add(struct seen *s, int64_t person)
{
    if (s->n < MAX_SUBJ && !id_in(s->persons, s->n, person))
        s->persons[s->n++] = person;
}

static json_t *people_of(struct store *st, const int64_t *persons, size_t n, bool ident,
                         struct seen *seen)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        struct store_person p;
        if (store_person_get(st, persons[i], &p, NULL) != 0)
            continue;
        seen_add(seen, persons[i]);
        json_t *j = json_pack("{s:I, s:s}", "id", (json_int_t)p.id, "kind",
                              p.organisation ? "organisation" : "person");
        if (ident && j) {
            json_object_set_new(j, "name", p.name[0] ? json_string(p.name) : json_null());
            json_object_set_new(j, "birth_date",
                                p.birth_date[0] ? json_string(p.birth_date) : json_null());
        }
        crypto_wipe(&p, sizeof(p));
        json_array_append_new(a, j);
    }
    return a;
}

/* The linked signal (or the case's signal) as the item shows it. */
static json_t *signal_part(struct store *st, const struct actor *who, const struct policy_obj *o,
                           int64_t signal_id, bool brief, struct seen *seen)
{
    struct store_signal s;
    int64_t persons[16];
    size_t np = 0;
    if (store_signal_get(st, signal_id, !brief, &s, NULL) != 0)
        return json_null();
    bool ident = policy_category_visible(who, "identification", o);
    bool sig = policy_category_visible(who, "signal", o);
    char rd[11];
    signal_fmt_day(s.received_day, rd);
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)s.id, "reference",
                          s.reference, "state", s.state, "state_label",
                          signal_state_label(s.state), "received_date", rd, "phenomenon",
                          s.phenomenon[0] ? s.phenomenon : NULL);
    if (store_signal_subjects(st, signal_id, persons, ARRAY_LEN(persons), &np, NULL) == 0) {
        json_object_set_new(j, "subjects", people_of(st, persons, np, ident, seen));
        if (ident && np)
            seen->cats |= AUDIT_CAT_IDENTIFICATION;
    }
    if (!brief && sig && s.doc) {
        json_t *d = json_loadb(s.doc, s.doc_len, 0, NULL);
        json_object_set(j, "observed", json_object_get(d, "observed"));
        json_decref(d);
        seen->cats |= AUDIT_CAT_SIGNAL;
    }
    store_signal_release(&s);
    return j;
}

static json_t *case_part(struct store *st, const struct actor *who, const struct policy_obj *o,
                         int64_t case_id, struct seen *seen)
{
    struct store_case c;
    if (store_case_get(st, case_id, &c, NULL) != 0)
        return json_null();
    json_t *sj = signal_part(st, who, o, c.signal_id, true, seen);
    json_t *j = json_pack("{s:I, s:s, s:s?, s:o, s:o, s:o}", "id", (json_int_t)c.id, "state",
                          c.state, "signal_reference", json_string_value(json_object_get(sj, "reference")),
                          "subjects", json_incref(json_object_get(sj, "subjects")),
                          "first_overleg_date", json_day(c.first_overleg_day), "next_review_date",
                          json_day(c.next_review_day));
    json_decref(sj);
    return j;
}

static json_t *uref(struct store *st, int64_t id)
{
    return json_user_ref(st, id);
}

static json_t *minutes_json(struct store *st, const struct mtg *g, int64_t item)
{
    json_t *hist = json_array(), *cur = NULL;
    for (size_t i = 0; i < g->n_mins; i++) {
        const struct store_row *r = &g->mins[i];
        if (r->item_id != item)
            continue;
        json_t *d = doc_parse(r->doc, r->doc_len);
        json_t *v = json_pack("{s:I, s:s, s:s, s:o, s:o}", "version", (json_int_t)r->a, "text",
                              doc_str(d, "text"), "reason", doc_str(d, "reason"), "saved_at",
                              json_time(r->at), "saved_by", uref(st, r->by));
        json_decref(d);
        json_array_append(hist, v);
        json_decref(cur);
        cur = v;
    }
    if (cur == NULL) {
        json_decref(hist);
        return json_null();
    }
    json_t *j = json_pack("{s:O, s:O, s:O, s:O, s:o}", "text", json_object_get(cur, "text"),
                          "version", json_object_get(cur, "version"), "saved_at",
                          json_object_get(cur, "saved_at"), "saved_by",
                          json_object_get(cur, "saved_by"), "history", hist);
    json_decref(cur);
    return j;
}

static json_t *decisions_json(struct store *st, const struct mtg *g, int64_t item)
{
    json_t *a = json_array();
    for (size_t i = 0; i < g->n_decs; i++) {
        const struct store_row *r = &g->decs[i];
        if (r->item_id != item)
            continue;
        int64_t superseded = 0;
        for (size_t k = 0; k < g->n_decs; k++)
            if (g->decs[k].b == r->id)
                superseded = g->decs[k].id;
        json_t *d = doc_parse(r->doc, r->doc_len);
        json_t *j = json_pack(
            "{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:s, s:s, s:O, s:s, s:o,"
            " s:o, s:o, s:o}",
            "id", (json_int_t)r->id, "version", (json_int_t)r->a, "corrects",
            r->b ? json_integer(r->b) : json_null(), "superseded_by",
            superseded ? json_integer(superseded) : json_null(), "type", r->code, "type_label",
            LABEL(DEC_TYPES, r->code), "text", doc_str(d, "text"), "rationale",
            doc_str(d, "rationale"), "alternatives", doc_str(d, "alternatives"), "legal_basis",
            doc_str(d, "legal_basis"), "dissent", doc_str(d, "dissent"), "votes",
            json_object_get(d, "votes") ? json_object_get(d, "votes") : json_null(), "rule",
            r->code2, "rule_label", LABEL(DEC_RULES, r->code2), "chair_vote",
            json_object_get(d, "chair_vote") ? json_object_get(d, "chair_vote") : json_null(),
            "result", r->code3, "attendees",
            json_object_get(d, "attendees") ? json_incref(json_object_get(d, "attendees"))
                                            : json_array(),
            "decided_date", json_day(r->c), "created_by", uref(st, r->by), "created_at",
            json_time(r->at));
        json_decref(d);
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *action_json(struct store *st, const struct store_row *r, int64_t today)
{
    json_t *d = doc_parse(r->doc, r->doc_len);
    json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:b, s:o}", "id",
                          (json_int_t)r->id, "description", doc_str(d, "description"), "note",
                          doc_str(d, "note"), "owner",
                          uref(st, r->a), "owner_org", json_org_ref(st, r->b), "due_date",
                          json_day(r->c), "status", r->code, "status_label",
                          LABEL(ACT_STATUSES, r->code), "overdue",
                          strcmp(r->code, "open") == 0 && r->c < today, "updated_at",
                          json_time(r->at));
    json_decref(d);
    return j;
}

static json_t *item_json(struct app *a, struct store *st, const struct actor *who,
                         const struct mtg *g, const struct store_row *it, enum acc acc,
                         struct seen *seen)
{
    (void)a;
    int64_t parts[MAX_MEMBERS + MAX_INVITES];
    struct policy_obj o = item_obj(who, g, it->id, parts);
    json_t *d = doc_parse(it->doc, it->doc_len);
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)it->id, "position",
                          (json_int_t)it->c, "kind", it->code, "kind_label",
                          LABEL(ITEM_KINDS, it->code), "title", doc_str(d, "title"), "material",
                          doc_str(d, "material"));
    json_decref(d);
    json_object_set_new(j, "signal",
                        it->a ? signal_part(st, who, &o, it->a, false, seen) : json_null());
    json_object_set_new(j, "case", it->b ? case_part(st, who, &o, it->b, seen) : json_null());
    json_t *inv = json_array();
    for (size_t i = 0; i < g->n_invs; i++) {
        const struct store_row *v = &g->invs[i];
        if (v->item_id != it->id || (acc != ACC_FULL && v->a != who->user_id))
            continue;
        json_t *vd = doc_parse(v->doc, v->doc_len);
        json_array_append_new(
            inv, json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:b}", "id", (json_int_t)v->id, "user",
                           uref(st, v->a), "org", json_org_ref(st, v->b), "reason",
                           doc_str(vd, "reason"), "from", json_day(v->c), "until", json_day(v->d),
                           "active", inv_active(g, v)));
        json_decref(vd);
    }
    json_object_set_new(j, "invitations", inv);
    bool see_minutes = policy_category_visible(who, "minutes", &o);
    if (see_minutes) {
        json_object_set_new(j, "minutes", minutes_json(st, g, it->id));
        json_object_set_new(j, "decisions", decisions_json(st, g, it->id));
        json_t *acts = json_array();
        for (size_t i = 0; i < g->n_acts; i++)
            if (g->acts[i].item_id == it->id)
                json_array_append_new(acts, action_json(st, &g->acts[i], g->today));
        json_object_set_new(j, "actions", acts);
        seen->cats |= AUDIT_CAT_MINUTES;
    }
    return j;
}

static const char *capacity_of(const struct mtg *g, int64_t user)
{
    if (user == g->m.chair_id)
        return "chair";
    if (user == g->m.secretary_id)
        return "secretary";
    if (is_member(g, user))
        return "core";
    for (size_t i = 0; i < g->n_invs; i++)
        if (g->invs[i].a == user)
            return "invited";
    return "other";
}

static json_t *body_json(struct store *st, const struct store_body *b, const int64_t *members,
                         size_t n)
{
    json_t *m = json_array();
    for (size_t i = 0; i < n; i++) {
        struct store_user u;
        if (store_user_get(st, members[i], &u, NULL) != 0)
            continue;
        json_array_append_new(m, json_pack("{s:o, s:o}", "user", uref(st, u.id), "org",
                                           json_org_ref(st, u.org_id)));
    }
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)b->id, "kind", b->kind,
                     "kind_label", LABEL(KINDS, b->kind), "name", b->name, "municipality",
                     json_org_ref(st, b->municipality_id), "members", m);
}

static bool can(const struct actor *who, const struct mtg *g, const char *action,
                const char *object)
{
    struct policy_obj o = owner_obj(g);
    return policy_check(who, action, object, &o, NULL) == 0;
}

/* The meeting as who sees it (acc), with the persons and categories shown in *seen. */
static json_t *meeting_json(struct app *a, struct store *st, const struct actor *who,
                            const struct mtg *g, enum acc acc, struct seen *seen)
{
    json_t *md = doc_parse(g->m.doc, g->m.doc_len);
    json_t *adopted = json_null();
    if (g->m.adopted_at) {
        json_t *in = json_null();
        struct store_meeting later;
        if (g->m.adopted_in && store_meeting_get(st, g->m.adopted_in, false, &later, NULL) == 0)
            in = json_pack("{s:I, s:o}", "id", (json_int_t)later.id, "date", json_day(later.day));
        adopted = json_pack("{s:o, s:o, s:o}", "at", json_time(g->m.adopted_at), "by",
                            uref(st, g->m.adopted_by), "in_meeting", in);
    }
    json_t *body = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)g->body.id, "kind",
                             g->body.kind, "kind_label", LABEL(KINDS, g->body.kind), "name",
                             g->body.name);
    static const char *const acc_names[] = {"none", "invited", "core", "full"};
    json_t *j = json_pack(
        "{s:I, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:b, s:b}", "id",
        (json_int_t)g->m.id, "body", body, "municipality",
        json_org_ref(st, g->body.municipality_id), "date", json_day(g->m.day), "start_time",
        g->m.start_time, "location", doc_str(md, "location"), "chair", uref(st, g->m.chair_id),
        "secretary", uref(st, g->m.secretary_id), "state", g->m.adopted_at ? "vastgesteld" : "gepland",
        "state_label", g->m.adopted_at ? "Notulen vastgesteld" : "Gepland", "adopted", adopted,
        "access", acc_names[acc], "can_edit",
        acc == ACC_FULL && !g->m.adopted_at && can(who, g, "update", "meeting"), "can_adopt",
        acc == ACC_FULL && !g->m.adopted_at && g->m.day < g->today &&
            can(who, g, "adopt", "meeting"));
    json_decref(md);
    json_t *core = json_array();
    for (size_t i = 0; i < g->n_members; i++) {
        struct store_user u;
        if (store_user_get(st, g->members[i], &u, NULL) == 0)
            json_array_append_new(core, json_pack("{s:o, s:o}", "user", uref(st, u.id), "org",
                                                  json_org_ref(st, u.org_id)));
    }
    json_object_set_new(j, "core_members", core);
    json_t *att = json_array();
    for (size_t i = 0; i < g->n_att; i++)
        json_array_append_new(
            att, json_pack("{s:o, s:o, s:s, s:s, s:s}", "user", uref(st, g->att[i].a), "org",
                           json_org_ref(st, g->att[i].b), "capacity",
                           capacity_of(g, g->att[i].a), "status", g->att[i].code, "status_label",
                           LABEL(ATT_STATUSES, g->att[i].code)));
    json_object_set_new(j, "attendance", att);
    json_t *items = json_array();
    for (size_t i = 0; i < g->n_items; i++) {
        const struct store_row *it = &g->items[i];
        if (acc == ACC_INVITED ? !invited(g, it->id, who->user_id)
                               : !item_visible(who, g, it->id))
            continue;
        json_array_append_new(items, item_json(a, st, who, g, it, acc, seen));
    }
    json_object_set_new(j, "items", items);
    return j;
}

/* ---- access-log events ------------------------------------------------------------------------ */

static void ev_of(struct app *a, const char *object, int64_t id, enum audit_action act,
                  const char *fields, const struct seen *s,
                  uint8_t (*subj)[AUDIT_SUBJECT_BYTES], char oid[24], struct alog_ev *ev)
{
    for (size_t i = 0; i < s->n; i++)
        alog_subject(a, "person", s->persons[i], subj[i]);
    snprintf(oid, 24, "%" PRId64, id);
    *ev = (struct alog_ev){.action = act,
                           .object_type = object,
                           .object_id = oid,
                           .categories = s->cats,
                           .fields = fields,
                           .subject_type = s->n ? "person" : NULL,
                           .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                           .n_subjects = s->n};
}

static int pending(struct app *a, const struct alog_req *rq, const char *object, int64_t id,
                   enum audit_action act, const char *fields, const struct seen *s,
                   struct alog_pending **out, struct err *e)
{
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(MAX_SUBJ, AUDIT_SUBJECT_BYTES);
    char oid[24];
    struct alog_ev ev;
    if (subj == NULL)
        return ERR_NOMEM;
    ev_of(a, object, id, act, fields, s, subj, oid, &ev);
    int rc = alog_pending_new(a, rq, &ev, out, e);
    free(subj);
    return rc;
}

/* ---- reads ------------------------------------------------------------------------------------ */

static int view(struct app *a, const struct alog_req *rq, int64_t id, int64_t for_user,
                bool pack, json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    enum acc acc;
    *out = NULL;
    *out_log = NULL;
    int rc = open_for(a, who, id, "read", "meeting", &st, &g, &acc, e);
    if (rc != 0)
        return rc;
    struct actor as = *who;
    enum acc as_acc = acc;
    if (pack && for_user && for_user != who->user_id) {
        struct store_user u;
        if (acc != ACC_FULL) {
            mtg_release(&g);
            err_field(e, "user_id", "u kunt alleen uw eigen agendapakket opvragen");
            return ERR_INVAL;
        }
        if (actor_of_user(st, for_user, &as, &u, NULL) != 0 ||
            (as_acc = access_of(&as, &g)) == ACC_NONE) {
            mtg_release(&g);
            err_field(e, "user_id", "deze persoon is geen lid van of genodigde voor dit overleg");
            return ERR_INVAL;
        }
    }
    struct seen *seen = calloc(1, sizeof(*seen));
    if (seen == NULL) {
        mtg_release(&g);
        return ERR_NOMEM;
    }
    json_t *j = meeting_json(a, st, &as, &g, as_acc, seen);
    if (j == NULL)
        rc = ERR_NOMEM;
    if (rc == 0 && pack) {
        json_object_set_new(j, "pack_for", uref(st, as.user_id));
        json_object_set_new(j, "marking", json_string("Vertrouwelijk"));
    }
    if (rc == 0)
        rc = pending(a, rq, "meeting", id, pack ? AUDIT_ACT_PRINT : AUDIT_ACT_READ,
                     pack ? "agenda_pack,items,material,minutes,decisions,actions"
                          : "items,material,minutes,decisions,actions,attendance",
                     seen, out_log, e);
    free(seen);
    mtg_release(&g);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

int app_meeting_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                     struct alog_pending **out_log, struct err *e)
{
    return view(a, rq, id, 0, false, out, out_log, e);
}

int app_meeting_pack(struct app *a, const struct alog_req *rq, int64_t id, int64_t for_user,
                     json_t **out, struct alog_pending **out_log, struct err *e)
{
    return view(a, rq, id, for_user, true, out, out_log, e);
}

/* Meetings visible to who in [from, to]: acc per meeting into accs. */
int app_meeting_list(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                     json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "list", "meeting") == 0)
        return in_denied(e);
    int64_t today = signal_today(), f = today - 90, t = today + 180;
    if (from && from[0] && (clock_parse_date(from, strlen(from), &f) != 0 || f <= 0))
        err_field(e, "from", "geen geldige datum (JJJJ-MM-DD)");
    if (to && to[0] && (clock_parse_date(to, strlen(to), &t) != 0 || t <= 0))
        err_field(e, "to", "geen geldige datum (JJJJ-MM-DD)");
    if (!in_has_errors(e) && (t < f || t - f > 731))
        err_field(e, "to", "moet na 'from' liggen, hoogstens twee jaar verder");
    if (in_has_errors(e))
        return ERR_INVAL;
    struct store_meeting *ms = calloc(LIST_MAX + 1, sizeof(*ms));
    size_t n = 0;
    int rc = ms ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_meeting_list(st, 0, f, t, ms, LIST_MAX + 1, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct mtg g;
        if (mtg_load(st, ms[i].id, false, &g, NULL) != 0)
            continue;
        enum acc acc = access_of(who, &g);
        if (acc != ACC_NONE) {
            /* Full and core access see every item; an invitee the items invited to. */
            int64_t visible = 0, seen_items[MAX_ITEMS];
            if (acc != ACC_INVITED) {
                visible = store_meeting_item_count(st, g.m.id, NULL);
            } else {
                for (size_t k = 0; k < g.n_invs && visible < MAX_ITEMS; k++)
                    if (g.invs[k].a == who->user_id && inv_active(&g, &g.invs[k]) &&
                        !id_in(seen_items, (size_t)visible, g.invs[k].item_id))
                        seen_items[visible++] = g.invs[k].item_id;
            }
            static const char *const acc_names[] = {"none", "invited", "core", "full"};
            json_array_append_new(
                items, json_pack("{s:I, s:o, s:s, s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:o, s:s,"
                                 " s:I}",
                                 "id", (json_int_t)g.m.id, "date", json_day(g.m.day),
                                 "start_time", g.m.start_time, "body", "id",
                                 (json_int_t)g.body.id, "kind", g.body.kind, "kind_label",
                                 LABEL(KINDS, g.body.kind), "name", g.body.name, "state",
                                 g.m.adopted_at ? "vastgesteld" : "gepland", "state_label",
                                 g.m.adopted_at ? "Notulen vastgesteld" : "Gepland", "chair",
                                 uref(st, g.m.chair_id), "access", acc_names[acc], "items",
                                 (json_int_t)(visible > 0 ? visible : 0)));
        }
        mtg_release(&g);
    }
    free(ms);
    struct seen none = {.n = 0};
    if (rc == 0)
        rc = pending(a, rq, "meeting", 0, AUDIT_ACT_READ, "date,body,state", &none, out_log, e);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}

int app_meeting_queue(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    enum acc acc;
    *out = NULL;
    *out_log = NULL;
    int rc = open_for(a, who, id, "create", "agenda_item", &st, &g, &acc, e);
    if (rc != 0)
        return rc;
    if (acc != ACC_FULL || !can(who, &g, "create", "agenda_item")) {
        mtg_release(&g);
        return acc == ACC_FULL ? in_denied(e) : not_found(e);
    }
    json_t *sigs = json_array(), *cases = json_array();
    /* At most PROPOSE_MAX proposals per kind and municipality; one row more is read so that
     * the store can say there were more (store_signal_list's cap, SQL_CASE_DUE's LIMIT). */
    struct store_signal *ss = calloc(PROPOSE_MAX + 1, sizeof(*ss));
    struct store_case *cs = calloc(PROPOSE_MAX + 1, sizeof(*cs));
    struct seen none = {.n = 0};
    static const char *const states[] = {"weging", "herwegen"};
    if (ss == NULL || cs == NULL)
        rc = ERR_NOMEM;
    for (size_t mi = 0; rc == 0 && mi < g.n_munis; mi++) {
        for (size_t si = 0; rc == 0 && si < ARRAY_LEN(states); si++) {
            size_t n = 0;
            int64_t total = 0;
            struct store_signal_filter f = {.municipality_id = g.munis[mi],
                                            .state = states[si],
                                            .limit = PROPOSE_MAX};
            rc = store_signal_list(st, &f, ss, PROPOSE_MAX + 1, &n, &total, e);
            for (size_t i = 0; rc == 0 && i < n; i++) {
                bool on = false;
                for (size_t k = 0; k < g.n_items; k++)
                    on = on || g.items[k].a == ss[i].id;
                if (on || strcmp(ss[i].route, "ambtsbericht") == 0)
                    continue;
                char rd[11];
                signal_fmt_day(ss[i].received_day, rd);
                json_array_append_new(
                    sigs, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "id",
                                    (json_int_t)ss[i].id, "reference", ss[i].reference, "state",
                                    ss[i].state, "state_label", signal_state_label(ss[i].state),
                                    "received_date", rd, "due_date", json_day(ss[i].due_day),
                                    "overdue", ss[i].due_day > 0 && ss[i].due_day < g.today));
            }
        }
        size_t nc = 0;
        if (rc == 0)
            rc = store_case_due(st, g.munis[mi], g.m.day, cs, STORE_CASE_DUE_MAX + 1, &nc, e);
        for (size_t i = 0; rc == 0 && i < nc; i++) {
            bool on = false;
            for (size_t k = 0; k < g.n_items; k++)
                on = on || g.items[k].b == cs[i].id;
            if (on)
                continue;
            struct store_signal s;
            const char *ref = "";
            if (store_signal_get(st, cs[i].signal_id, false, &s, NULL) == 0)
                ref = s.reference;
            json_array_append_new(
                cases, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)cs[i].id,
                                 "state", cs[i].state, "signal_reference", ref, "reason",
                                 cs[i].next_review_day ? "evaluatie" : "nieuw",
                                 "first_overleg_date", json_day(cs[i].first_overleg_day),
                                 "next_review_date", json_day(cs[i].next_review_day)));
        }
    }
    free(ss);
    free(cs);
    mtg_release(&g);
    if (rc == 0)
        rc = pending(a, rq, "meeting", id, AUDIT_ACT_READ, "queue:signal_reference,state,due",
                     &none, out_log, e);
    if (rc != 0) {
        json_decref(sigs);
        json_decref(cases);
        return rc;
    }
    *out = json_pack("{s:o, s:o}", "signals", sigs, "cases", cases);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- writes ----------------------------------------------------------------------------------- */

struct mw {
    struct app *a;
    const struct alog_req *rq;
    int64_t meeting_id;
    int64_t item_id;
    bool need_open; /* refuse when adopted (checked again inside the transaction) */
    const char *object;
    enum audit_action act;
    const char *fields;
    int (*fn)(struct store *st, struct mw *w, struct err *e);
    /* per operation */
    struct store_row row;
    char *doc;
    int64_t group_id;
    bool correction;
    int64_t in_meeting;
    int64_t att_users[MAX_ATTEND], att_orgs[MAX_ATTEND];
    const char *att_status[MAX_ATTEND];
    size_t n_att;
    int64_t created_id;
    json_t *out;
};

static int mrun(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct mw *w = ctx;
    int rc = 0;
    if (w->need_open) {
        struct store_meeting m;
        rc = store_meeting_get(st, w->meeting_id, false, &m, e);
        if (rc == 0 && m.adopted_at)
            rc = in_conflict(e, NULL, "De notulen van dit overleg zijn vastgesteld.");
    }
    if (rc == 0)
        rc = w->fn(st, w, e);
    struct mtg g;
    struct seen *seen = calloc(1, sizeof(*seen));
    if (rc == 0)
        rc = seen ? mtg_load(st, w->meeting_id, true, &g, e) : ERR_NOMEM;
    if (rc == 0) {
        w->out = meeting_json(w->a, st, &w->rq->actor, &g, access_of(&w->rq->actor, &g), seen);
        mtg_release(&g);
        if (w->out == NULL)
            rc = ERR_NOMEM;
        else if (w->created_id)
            json_object_set_new(w->out, "created_id", json_integer(w->created_id));
    }
    if (rc == 0) {
        uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(MAX_SUBJ, AUDIT_SUBJECT_BYTES);
        char oid[24];
        struct alog_ev ev;
        if (subj == NULL)
            rc = ERR_NOMEM;
        if (rc == 0) {
            int64_t oid_v = w->created_id ? w->created_id
                                          : w->item_id ? w->item_id : w->meeting_id;
            ev_of(w->a, w->object, oid_v, w->act, w->fields, seen, subj, oid, &ev);
            rc = alog_tx_add(tx, w->rq, &ev, e);
        }
        free(subj);
    }
    free(seen);
    return rc;
}

static int wexec(struct mw *w, json_t **out, struct err *e)
{
    int rc = alog_run(w->a, mrun, w, e);
    doc_free(w->doc);
    w->doc = NULL;
    if (rc != 0) {
        json_decref(w->out);
        return rc;
    }
    *out = w->out;
    return 0;
}

/* Opens the meeting for a write: FULL access and (action, object) on it, else 404/403; refuses
 * an adopted meeting when need_open. */
static int wopen(struct app *a, const struct actor *who, int64_t id, const char *action,
                 const char *object, bool need_open, struct store **st, struct mtg *g,
                 struct err *e)
{
    enum acc acc = ACC_NONE; /* set by open_for; initialised for gcc -O3 (release build) */
    int rc = open_for(a, who, id, action, object, st, g, &acc, e);
    if (rc != 0)
        return rc;
    if (acc != ACC_FULL || !can(who, g, action, object)) {
        mtg_release(g);
        return acc == ACC_FULL || acc == ACC_CORE ? in_denied(e) : not_found(e);
    }
    if (need_open && g->m.adopted_at) {
        mtg_release(g);
        return in_conflict(e, NULL, "De notulen van dit overleg zijn vastgesteld; er kan niets meer "
                                 "aan worden toegevoegd.");
    }
    return 0;
}

static int item_fn(struct store *st, struct mw *w, struct err *e)
{
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    int rc = store_item_add(st, &w->row, &w->created_id, e);
    if (rc == ERR_CONFLICT)
        rc = in_conflict(e, w->row.a ? "signal_id" : "case_id", "staat al op de agenda");
    return rc;
}

int app_meeting_add_item(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                         json_t **out, struct err *e)
{
    static const char *const keys[] = {"kind", "signal_id", "case_id", "title", "material"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "create", "agenda_item", true, &st, &g, e);
    if (rc != 0)
        return rc;
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .need_open = true, .object = "agenda_item",
                   .act = AUDIT_ACT_CREATE, .fields = "kind,signal,case,title,material",
                   .fn = item_fn};
    struct str kind, title, material;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "kind", true, 10, false, &kind, e);
    in_text(in, NULL, "title", false, TITLE_MAX, false, &title, e);
    in_text(in, NULL, "material", false, MATERIAL_MAX, true, &material, e);
    const struct code *k = kind.p ? FIND(ITEM_KINDS, kind) : NULL;
    if (kind.p && !k)
        err_field(e, "kind", "kies signal, case of free");
    int64_t sid = in_id(in, NULL, "signal_id", k && strcmp(k->code, "signal") == 0, e);
    int64_t cid = in_id(in, NULL, "case_id", k && strcmp(k->code, "case") == 0, e);
    char ref[STORE_REF_MAX + 8] = "";
    if (k && strcmp(k->code, "free") == 0) {
        if (!title.p)
            err_field(e, "title", "is verplicht bij een vrij agendapunt");
        if (sid || cid)
            err_field(e, sid ? "signal_id" : "case_id", "hoort niet bij een vrij agendapunt");
        w.group_id = g.m.group_id;
    } else if (k && strcmp(k->code, "signal") == 0 && sid) {
        struct store_signal s;
        if (cid)
            err_field(e, "case_id", "hoort niet bij een melding");
        if (in_ref_signal(st, sid, &s, e) != 0 || !id_in(g.munis, g.n_munis,
                                                                    s.municipality_id))
            err_field(e, "signal_id", "onbekende melding van de gemeente(n) van dit overleg");
        else if (strcmp(s.route, "ambtsbericht") == 0)
            err_field(e, "signal_id", "een ambtsbericht wordt niet via de agenda gedeeld; "
                                      "alleen de burgemeester en de aangewezen lezers zien het");
        else {
            w.group_id = s.group_id;
            snprintf(ref, sizeof(ref), "%s", s.reference);
        }
    } else if (k && strcmp(k->code, "case") == 0 && cid) {
        struct store_case c;
        struct store_signal s;
        if (sid)
            err_field(e, "signal_id", "hoort niet bij een casus");
        if (in_ref_case(st, cid, &c, e) != 0 || !id_in(g.munis, g.n_munis, c.municipality_id))
            err_field(e, "case_id", "onbekende casus van de gemeente(n) van dit overleg");
        else {
            w.group_id = c.group_id;
            if (store_signal_get(st, c.signal_id, false, &s, NULL) == 0)
                snprintf(ref, sizeof(ref), "Casus %s", s.reference);
        }
    }
    if (!in_has_errors(e) && g.n_items >= MAX_ITEMS)
        rc = in_conflict(e, NULL, "Dit overleg heeft het maximum aantal agendapunten (60).");
    mtg_release(&g);
    if (in_has_errors(e) || k == NULL) /* k: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    if (rc != 0)
        return rc;
    w.row = (struct store_row){.meeting_id = id, .group_id = w.group_id, .a = sid, .b = cid,
                                .by = who->user_id};
    snprintf(w.row.code, sizeof(w.row.code), "%s", k->code);
    w.doc = doc_dump(json_pack("{s:s%, s:s%}", "title", title.p ? title.p : ref,
                           title.p ? title.n : strlen(ref), "material",
                           material.p ? material.p : "", material.n));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

/* The item of the meeting by id, else 404 (field "item"). */
static const struct store_row *item_require(const struct mtg *g, int64_t item, struct err *e)
{
    const struct store_row *it = item_find(g, item);
    if (it == NULL)
        not_found(e);
    return it;
}

static int inv_fn(struct store *st, struct mw *w, struct err *e)
{
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    int rc = store_invitation_add(st, &w->row, &w->created_id, e);
    if (rc == ERR_CONFLICT)
        rc = in_conflict(e, "user_id", "is al uitgenodigd voor dit agendapunt");
    return rc;
}

int app_meeting_invite(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                       const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"user_id", "reason"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    const struct config *cfg = app_config(a);
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "invite", "meeting", true, &st, &g, e);
    if (rc != 0)
        return rc;
    const struct store_row *it = item_require(&g, item, e);
    if (it == NULL) {
        mtg_release(&g);
        return ERR_NOTFOUND;
    }
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .item_id = item, .need_open = true,
                   .object = "agenda_item", .act = AUDIT_ACT_UPDATE,
                   .fields = "invitation:user,organisation,reason,window", .fn = inv_fn};
    struct str reason;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t uid = in_id(in, NULL, "user_id", true, e);
    in_text(in, NULL, "reason", true, REASON_MAX, true, &reason, e);
    struct store_user u;
    struct store_org o;
    if (uid) {
        if (in_ref_user(st, uid, &u, e) != 0 || u.status != STORE_USER_ACTIVE)
            err_field(e, "user_id", "onbekend of niet actief account");
        else if (in_ref_org(st, u.org_id, &o, e) != 0 || !org_covenant_ok(&o))
            err_field(e, "user_id", "de organisatie van deze persoon heeft geen geldig convenant "
                                    "of privacyprotocol getekend: delen is niet toegestaan");
        else if (!(u.roles & (POLICY_ROLE_PARTNER | POLICY_ROLE_DOSSIERHOUDER |
                              POLICY_ROLE_VOORZITTER | POLICY_ROLE_BURGEMEESTER)))
            err_field(e, "user_id", "deze persoon heeft geen rol in het overleg");
        else if (is_member(&g, uid))
            err_field(e, "user_id", "is al vast lid van dit overleg en ziet alle agendapunten");
    }
    size_t n_inv = 0;
    for (size_t i = 0; i < g.n_invs; i++)
        n_inv += g.invs[i].item_id == item;
    if (!in_has_errors(e) && n_inv >= MAX_INVITES)
        rc = in_conflict(e, NULL, "Dit agendapunt heeft het maximum aantal genodigden (20).");
    int64_t group = it->group_id, day = g.m.day;
    mtg_release(&g);
    if (in_has_errors(e))
        return ERR_INVAL;
    if (rc != 0)
        return rc;
    w.row = (struct store_row){.item_id = item, .group_id = group, .a = uid, .b = u.org_id,
                                .c = day - cfg->meeting_invite_days_before,
                                .d = day + cfg->meeting_invite_days_after, .by = who->user_id};
    w.doc = doc_dump(json_pack("{s:s%}", "reason", reason.p, reason.n));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

static int min_fn(struct store *st, struct mw *w, struct err *e)
{
    struct str d = str_from_cstr(w->doc);
    if (!w->correction) {
        int rc = store_minutes_save_draft(st, w->item_id, w->group_id, w->rq->actor.user_id, d, e);
        if (rc == ERR_CONFLICT)
            rc = in_conflict(e, "correction_reason",
                          "de notulen zijn vastgesteld; leg een wijziging vast als correctie "
                          "met een reden");
        return rc;
    }
    int64_t version = 0;
    int rc = store_minutes_add_version(st, w->item_id, w->group_id, w->rq->actor.user_id, d,
                                       &version, e);
    w->created_id = 0;
    return rc;
}

int app_meeting_minutes(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                        const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"text", "correction_reason"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "update", "minutes", false, &st, &g, e);
    if (rc != 0)
        return rc;
    const struct store_row *it = item_require(&g, item, e);
    if (it == NULL) {
        mtg_release(&g);
        return ERR_NOTFOUND;
    }
    struct str text, reason;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    json_t *tv = json_object_get(in, "text");
    if (tv == NULL || !json_is_string(tv))
        err_field(e, "text", "is verplicht (tekst, mag leeg zijn)");
    in_text(in, NULL, "text", false, MINUTES_MAX, true, &text, e);
    in_text(in, NULL, "correction_reason", false, REASON_MAX, true, &reason, e);
    bool adopted = g.m.adopted_at != 0;
    size_t versions = 0;
    for (size_t i = 0; i < g.n_mins; i++)
        versions += g.mins[i].item_id == item;
    int64_t group = it->group_id;
    mtg_release(&g);
    if (in_has_errors(e))
        return ERR_INVAL;
    if (adopted && !reason.p)
        return in_conflict(e, "correction_reason",
                        "de notulen zijn vastgesteld; een wijziging kan alleen als nieuwe versie "
                        "met een reden (correctie)");
    if (!adopted && reason.p) {
        err_field(e, "correction_reason", "alleen na vaststelling: tot dan is het een concept");
        return ERR_INVAL;
    }
    if (adopted && versions >= MAX_MINUTES)
        return in_conflict(e, NULL, "Dit agendapunt heeft het maximum aantal notulenversies (100).");
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .item_id = item, .object = "minutes",
                   .act = AUDIT_ACT_UPDATE,
                   .fields = adopted ? "minutes:text,correction_reason" : "minutes:text",
                   .fn = min_fn, .group_id = group, .correction = adopted};
    w.doc = doc_dump(json_pack("{s:s%, s:s%}", "text", text.p ? text.p : "", text.n, "reason",
                           reason.p ? reason.p : "", reason.n));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

static int dec_fn(struct store *st, struct mw *w, struct err *e)
{
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    int rc = store_decision_add(st, &w->row, &w->created_id, e);
    if (rc == ERR_CONFLICT)
        rc = in_conflict(e, "corrects", "dit besluit is al gecorrigeerd; corrigeer de nieuwste versie");
    return rc;
}

static int64_t vote_count(const json_t *votes, const char *key, struct err *e)
{
    char f[32];
    json_t *v = json_object_get(votes, key);
    snprintf(f, sizeof(f), "votes/%s", key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
        err_field(e, f, "moet een aantal (0-100) zijn");
        return 0;
    }
    return (int64_t)json_integer_value(v);
}

int app_meeting_decide(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                       const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"type", "text", "rationale", "alternatives", "legal_basis",
                                       "dissent", "votes", "chair_vote", "decided_date",
                                       "corrects"};
    static const char *const vkeys[] = {"voor", "tegen", "onthouding"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "create", "decision", false, &st, &g, e);
    if (rc != 0)
        return rc;
    const struct store_row *it = item_require(&g, item, e);
    if (it == NULL) {
        mtg_release(&g);
        return ERR_NOTFOUND;
    }
    struct str type, text, rationale, alt, basis, dissent, chair;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "type", true, 40, false, &type, e);
    in_text(in, NULL, "text", true, DTEXT_MAX, true, &text, e);
    in_text(in, NULL, "rationale", true, NOTE_MAX, true, &rationale, e);
    in_text(in, NULL, "alternatives", false, NOTE_MAX, true, &alt, e);
    in_text(in, NULL, "legal_basis", false, LINE_MAX_, false, &basis, e);
    in_text(in, NULL, "dissent", false, NOTE_MAX, true, &dissent, e);
    in_text(in, NULL, "chair_vote", false, 10, false, &chair, e);
    const json_t *votes = in_obj(in, "votes", false, vkeys, ARRAY_LEN(vkeys), e);
    int64_t day = in_date(in, NULL, "decided_date", false, e);
    int64_t corrects = in_id(in, NULL, "corrects", false, e);
    const struct code *tc = type.p ? FIND(DEC_TYPES, type) : NULL;
    if (type.p && !tc)
        err_field(e, "type", "onbekend soort besluit");
    if (chair.p && !FIND(VOTES, chair))
        err_field(e, "chair_vote", "kies voor of tegen");
    int64_t voor = vote_count(votes, "voor", e), tegen = vote_count(votes, "tegen", e);
    int64_t onth = vote_count(votes, "onthouding", e);
    const char *rule = NULL, *result = NULL;
    char cv[8] = "";
    if (chair.p)
        snprintf(cv, sizeof(cv), "%.*s", (int)chair.n, chair.p);
    if (!in_has_errors(e)) {
        if (votes && voor + tegen == 0)
            err_field(e, "votes", "noem de stemmen voor en tegen, of laat de stemming weg "
                                  "(unaniem)");
        else if (!meeting_decision_rule(voor, tegen, cv, &rule, &result))
            err_field(e, "chair_vote", "de stemmen staken: leg vast wat de voorzitter besluit");
        else if (chair.p && strcmp(rule, "chair") != 0)
            err_field(e, "chair_vote", "alleen bij staken van stemmen beslist de voorzitter");
        else if (!dissent.p && ((strcmp(result, "aangenomen") == 0 && tegen > 0) ||
                                (strcmp(result, "verworpen") == 0 && voor > 0)))
            err_field(e, "dissent", "leg de afwijkende mening vast (wie en waarom)");
    }
    if (day && (day < g.m.day - 1 || day > g.today))
        err_field(e, "decided_date", "ligt niet rond dit overleg of in de toekomst");
    const struct store_row *old = NULL;
    if (corrects) {
        for (size_t i = 0; i < g.n_decs; i++)
            if (g.decs[i].id == corrects && g.decs[i].item_id == item)
                old = &g.decs[i];
        if (old == NULL)
            err_field(e, "corrects", "onbekend besluit bij dit agendapunt");
    }
    size_t n_dec = 0;
    for (size_t i = 0; i < g.n_decs; i++)
        n_dec += g.decs[i].item_id == item;
    bool adopted = g.m.adopted_at != 0;
    /* Who was there: copied into the decision (REQ-CASE-02 participants). */
    json_t *att = json_array();
    for (size_t i = 0; i < g.n_att; i++) {
        if (strcmp(g.att[i].code, "aanwezig") != 0)
            continue;
        struct store_user u;
        struct store_org o;
        if (store_user_get(st, g.att[i].a, &u, NULL) == 0 &&
            store_org_get(st, u.org_id, &o, NULL) == 0)
            json_array_append_new(att, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u.id,
                                                 "name", u.display_name, "org", o.name));
    }
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .item_id = item, .object = "decision",
                   .act = AUDIT_ACT_CREATE,
                   .fields = "decision:type,text,rationale,alternatives,dissent,votes,rule",
                   .fn = dec_fn};
    w.row = (struct store_row){.item_id = item, .meeting_id = id, .group_id = it->group_id,
                                .b = corrects, .c = day ? day : g.m.day, .by = who->user_id};
    if (!in_has_errors(e) && adopted && !corrects)
        rc = in_conflict(e, "corrects", "de notulen zijn vastgesteld: alleen een correctie van een "
                                     "bestaand besluit is nog mogelijk");
    else if (!in_has_errors(e) && n_dec >= MAX_DECISIONS)
        rc = in_conflict(e, NULL, "Dit agendapunt heeft het maximum aantal besluiten (50).");
    else if (!in_has_errors(e) && old && g.n_decs) {
        for (size_t i = 0; i < g.n_decs; i++)
            if (g.decs[i].b == corrects)
                rc = in_conflict(e, "corrects", "dit besluit is al gecorrigeerd; corrigeer de "
                                             "nieuwste versie");
    }
    mtg_release(&g);
    if (in_has_errors(e) || rc != 0 || tc == NULL) { /* tc: also when e is NULL */
        json_decref(att);
        return rc ? rc : ERR_INVAL;
    }
    snprintf(w.row.code, sizeof(w.row.code), "%s", tc->code);
    snprintf(w.row.code2, sizeof(w.row.code2), "%s", rule);
    snprintf(w.row.code3, sizeof(w.row.code3), "%s", result);
    json_t *vj = votes ? json_pack("{s:I, s:I, s:I}", "voor", (json_int_t)voor, "tegen",
                                   (json_int_t)tegen, "onthouding", (json_int_t)onth)
                       : json_null();
    w.doc = doc_dump(json_pack("{s:s%, s:s%, s:s%, s:s%, s:s%, s:o, s:s?, s:o}", "text", text.p,
                           text.n, "rationale", rationale.p, rationale.n, "alternatives",
                           alt.p ? alt.p : "", alt.n, "legal_basis", basis.p ? basis.p : "",
                           basis.n, "dissent", dissent.p ? dissent.p : "", dissent.n, "votes", vj,
                           "chair_vote", cv[0] ? cv : NULL, "attendees", att));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

static int act_fn(struct store *st, struct mw *w, struct err *e)
{
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    return store_action_add(st, &w->row, &w->created_id, e);
}

/* Is user at the table of this meeting: chair, secretary, core member or invited for an item
 * (whatever the window: the secretary records apologies before it and actions after it)? */
static bool at_table(const struct mtg *g, const struct store_user *u)
{
    bool inv = false;
    for (size_t i = 0; i < g->n_invs && !inv; i++)
        inv = g->invs[i].a == u->id;
    return u->id == g->m.chair_id || u->id == g->m.secretary_id || is_member(g, u->id) || inv;
}

/* May user own an action of this meeting: at the table, or staff of the municipality? */
static bool may_own(const struct mtg *g, const struct store_user *u)
{
    return at_table(g, u) || (u->org_id == g->body.municipality_id &&
                              (u->roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER |
                                           POLICY_ROLE_BURGEMEESTER)));
}

int app_meeting_add_action(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                           const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"description", "owner_id", "owner_org_id", "due_date"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "create", "task", true, &st, &g, e);
    if (rc != 0)
        return rc;
    const struct store_row *it = item_require(&g, item, e);
    if (it == NULL) {
        mtg_release(&g);
        return ERR_NOTFOUND;
    }
    struct str desc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "description", true, REASON_MAX, true, &desc, e);
    int64_t owner = in_id(in, NULL, "owner_id", true, e);
    int64_t owner_org = in_id(in, NULL, "owner_org_id", false, e);
    int64_t due = in_date(in, NULL, "due_date", true, e);
    struct store_user u;
    if (owner) {
        if (store_user_get(st, owner, &u, NULL) != 0 || u.status != STORE_USER_ACTIVE)
            err_field(e, "owner_id", "onbekend of niet actief account");
        else if (!may_own(&g, &u))
            err_field(e, "owner_id", "de eigenaar moet lid, genodigde of medewerker van de "
                                     "gemeente zijn");
        else if (owner_org && owner_org != u.org_id)
            err_field(e, "owner_org_id", "is niet de organisatie van de eigenaar");
    }
    if (due && due < g.m.day)
        err_field(e, "due_date", "ligt voor de datum van het overleg");
    size_t n_act = 0;
    for (size_t i = 0; i < g.n_acts; i++)
        n_act += g.acts[i].item_id == item;
    if (!in_has_errors(e) && n_act >= MAX_ACTIONS)
        rc = in_conflict(e, NULL, "Dit agendapunt heeft het maximum aantal acties (100).");
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .item_id = item, .need_open = true,
                   .object = "task", .act = AUDIT_ACT_CREATE,
                   .fields = "action:description,owner,due_date", .fn = act_fn};
    w.row = (struct store_row){.item_id = item, .meeting_id = id, .group_id = it->group_id,
                                .a = owner, .b = owner ? u.org_id : 0, .c = due,
                                .d = g.body.municipality_id, .by = who->user_id};
    snprintf(w.row.code, sizeof(w.row.code), "open");
    mtg_release(&g);
    if (in_has_errors(e))
        return ERR_INVAL;
    if (rc != 0)
        return rc;
    w.doc = doc_dump(json_pack("{s:s%, s:s}", "description", desc.p, desc.n, "note", ""));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

static int att_fn(struct store *st, struct mw *w, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < w->n_att; i++)
        rc = store_attendance_set(st, w->meeting_id, w->att_users[i], w->att_orgs[i],
                                  w->att_status[i], w->rq->actor.user_id, e);
    return rc;
}

int app_meeting_attendance(struct app *a, const struct alog_req *rq, int64_t id,
                           const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"entries"};
    static const char *const ekeys[] = {"user_id", "status"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "update", "meeting", true, &st, &g, e);
    if (rc != 0)
        return rc;
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .need_open = true, .object = "meeting",
                   .act = AUDIT_ACT_UPDATE, .fields = "attendance", .fn = att_fn};
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    json_t *arr = json_object_get(in, "entries");
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MAX_ATTEND)
        err_field(e, "entries", "een lijst van 1 tot %d aanwezigheden", MAX_ATTEND);
    size_t i;
    json_t *x;
    json_array_foreach(json_is_array(arr) && json_array_size(arr) <= MAX_ATTEND ? arr : NULL, i, x)
    {
        char pre[32], fb[ERR_NAME_MAX];
        struct str status;
        if (!in_array_item(x, "entries", i, ekeys, ARRAY_LEN(ekeys), pre, e))
            continue;
        int64_t uid = in_id(x, pre, "user_id", true, e);
        in_text(x, pre, "status", true, 10, false, &status, e);
        const struct code *sc = status.p ? FIND(ATT_STATUSES, status) : NULL;
        if (status.p && !sc)
            err_field(e, in_fname(fb, sizeof(fb), pre, "status"), "kies aanwezig, afwezig of "
                                                                  "afgemeld");
        struct store_user u;
        if (uid && (store_user_get(st, uid, &u, NULL) != 0 || !at_table(&g, &u)))
            err_field(e, in_fname(fb, sizeof(fb), pre, "user_id"),
                      "geen lid, genodigde, voorzitter of secretaris van dit overleg");
        else if (uid && sc && !id_in(w.att_users, w.n_att, uid)) {
            w.att_users[w.n_att] = uid;
            w.att_orgs[w.n_att] = u.org_id;
            w.att_status[w.n_att++] = sc->code;
        }
    }
    mtg_release(&g);
    if (in_has_errors(e))
        return ERR_INVAL;
    return wexec(&w, out, e);
}

static int adopt_fn(struct store *st, struct mw *w, struct err *e)
{
    int rc = store_meeting_adopt(st, w->meeting_id, w->rq->actor.user_id, w->in_meeting, e);
    if (rc == ERR_CONFLICT)
        rc = in_conflict(e, NULL, "De notulen van dit overleg zijn al vastgesteld.");
    return rc;
}

int app_meeting_adopt(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {"in_meeting_id"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct mtg g;
    *out = NULL;
    int rc = wopen(a, who, id, "adopt", "meeting", false, &st, &g, e);
    if (rc != 0)
        return rc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t later = in_id(in, NULL, "in_meeting_id", false, e);
    struct store_meeting lm;
    if (later && (store_meeting_get(st, later, false, &lm, NULL) != 0 ||
                  lm.body_id != g.m.body_id || lm.day <= g.m.day || lm.day > g.today))
        err_field(e, "in_meeting_id", "moet een later, al gehouden overleg van hetzelfde "
                                      "overlegorgaan zijn");
    if (!in_has_errors(e)) {
        if (g.m.adopted_at)
            rc = in_conflict(e, NULL, "De notulen van dit overleg zijn al vastgesteld.");
        else if (g.m.day >= g.today)
            rc = in_conflict(e, NULL, "Notulen worden vastgesteld na het overleg (op of na het "
                                   "volgende overleg), niet ervoor.");
    }
    mtg_release(&g);
    if (in_has_errors(e))
        return ERR_INVAL;
    if (rc != 0)
        return rc;
    struct mw w = {.a = a, .rq = rq, .meeting_id = id, .need_open = true, .object = "minutes",
                   .act = AUDIT_ACT_UPDATE, .fields = "adopted", .fn = adopt_fn,
                   .in_meeting = later};
    return wexec(&w, out, e);
}

/* ---- meetings and bodies: create ------------------------------------------------------------- */

static int meeting_fn(struct store *st, struct mw *w, struct err *e)
{
    struct store_meeting_in mi = {.body_id = w->row.b, .day = w->row.c,
                                  .start_time = w->row.code[0] ? w->row.code : NULL,
                                  .chair_id = w->row.a, .secretary_id = w->row.d,
                                  .created_by = w->rq->actor.user_id,
                                  .doc = str_from_cstr(w->doc)};
    int rc = store_meeting_create(st, &mi, &w->created_id, e);
    w->meeting_id = w->created_id;
    return rc;
}

static bool staff_of(const struct store_user *u, int64_t muni)
{
    return u->status == STORE_USER_ACTIVE && u->org_id == muni &&
           (u->roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER |
                        POLICY_ROLE_BURGEMEESTER));
}

int app_meeting_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                       struct err *e)
{
    static const char *const keys[] = {"body_id", "date", "start_time", "location", "chair_id",
                                       "secretary_id"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_scope(who, "create", "meeting") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    struct str start, loc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t body_id = in_id(in, NULL, "body_id", true, e);
    int64_t day = in_date(in, NULL, "date", true, e);
    in_text(in, NULL, "start_time", false, 5, false, &start, e);
    in_text(in, NULL, "location", false, TITLE_MAX, false, &loc, e);
    int64_t chair = in_id(in, NULL, "chair_id", true, e);
    int64_t sec = in_id(in, NULL, "secretary_id", true, e);
    struct store_body b;
    int64_t members[MAX_MEMBERS];
    size_t nm = 0;
    if (body_id) {
        struct policy_obj o = {0};
        if (store_body_get(st, body_id, &b, NULL) != 0 ||
            store_body_members(st, body_id, members, MAX_MEMBERS, &nm, NULL) != 0) {
            err_field(e, "body_id", "onbekend overlegorgaan");
            body_id = 0;
        } else if ((o.owner_org_id = b.municipality_id,
                    policy_check(who, "create", "meeting", &o, NULL) != 0)) {
            err_field(e, "body_id", "u kunt alleen overleggen van uw eigen gemeente plannen");
            body_id = 0;
        }
    }
    if (start.p && (start.n != 5 || start.p[2] != ':' || start.p[0] < '0' || start.p[0] > '2' ||
                    start.p[1] < '0' || start.p[1] > '9' || start.p[3] < '0' ||
                    start.p[3] > '5' || start.p[4] < '0' || start.p[4] > '9' ||
                    (start.p[0] == '2' && start.p[1] > '3')))
        err_field(e, "start_time", "gebruik UU:MM (bijvoorbeeld 09:30)");
    if (day && (day < signal_today() - 366 || day > signal_today() + 731))
        err_field(e, "date", "ligt meer dan een jaar terug of twee jaar vooruit");
    const char *role_fields[] = {"chair_id", "secretary_id"};
    int64_t ids[] = {chair, sec};
    for (size_t i = 0; body_id && i < 2; i++) {
        struct store_user u;
        if (ids[i] && (store_user_get(st, ids[i], &u, NULL) != 0 ||
                       !(staff_of(&u, b.municipality_id) ||
                         (id_in(members, nm, u.id) && u.status == STORE_USER_ACTIVE))))
            err_field(e, role_fields[i], "moet een actieve medewerker van de gemeente of een vast "
                                         "lid van het overleg zijn");
    }
    if (in_has_errors(e))
        return ERR_INVAL;
    struct mw w = {.a = a, .rq = rq, .object = "meeting", .act = AUDIT_ACT_CREATE,
                   .fields = "body,date,start_time,location,chair,secretary", .fn = meeting_fn};
    w.row = (struct store_row){.a = chair, .b = body_id, .c = day, .d = sec};
    if (start.p)
        snprintf(w.row.code, sizeof(w.row.code), "%.*s", (int)start.n, start.p);
    w.doc = doc_dump(json_pack("{s:s%}", "location", loc.p ? loc.p : "", loc.n));
    if (w.doc == NULL)
        return ERR_NOMEM;
    return wexec(&w, out, e);
}

/* members: [user ids] → out (active users whose organisation may share). */
static void parse_members(struct store *st, const json_t *in, int64_t *out, size_t *n,
                          struct err *e)
{
    json_t *m = json_object_get(in, "members");
    *n = 0;
    if (m == NULL || json_is_null(m))
        return;
    if (!json_is_array(m) || json_array_size(m) > MAX_MEMBERS) {
        err_field(e, "members", "een lijst van hoogstens %d account-id's", MAX_MEMBERS);
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(m, i, x)
    {
        char f[32];
        struct store_user u;
        struct store_org o;
        snprintf(f, sizeof(f), "members/%zu", i);
        if (!json_is_integer(x) || in_ref_user(st, (int64_t)json_integer_value(x), &u, e) != 0 ||
            u.status != STORE_USER_ACTIVE)
            err_field(e, f, "onbekend of niet actief account");
        else if (in_ref_org(st, u.org_id, &o, e) != 0 || !org_covenant_ok(&o))
            err_field(e, f, "de organisatie heeft geen geldig convenant of privacyprotocol");
        else if (!(u.roles & (POLICY_ROLE_PARTNER | POLICY_ROLE_DOSSIERHOUDER |
                              POLICY_ROLE_VOORZITTER | POLICY_ROLE_BURGEMEESTER)))
            err_field(e, f, "deze persoon heeft geen rol in het overleg");
        else if (!id_in(out, *n, u.id))
            out[(*n)++] = u.id;
    }
}

struct bw {
    const struct alog_req *rq;
    int64_t id;
    int64_t muni;
    const char *kind;
    struct str name;
    int64_t members[MAX_MEMBERS];
    size_t n_members;
    bool set_members;
};

static int body_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct bw *b = ctx;
    int rc = 0;
    bool create = b->id == 0;
    if (create)
        rc = store_body_create(st, b->muni, b->kind, b->name, b->rq->actor.user_id, &b->id, e);
    else if (b->name.p)
        rc = store_body_set_name(st, b->id, b->name, e);
    if (rc == 0 && b->set_members)
        rc = store_body_set_members(st, b->id, b->members, b->n_members, e);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, b->id);
    struct alog_ev ev = {.action = create ? AUDIT_ACT_CREATE : AUDIT_ACT_UPDATE,
                         .object_type = "overleg_body", .object_id = oid,
                         .fields = "kind,name,members"};
    if (rc == 0)
        rc = alog_tx_add(tx, b->rq, &ev, e);
    return rc;
}

static int body_answer(struct store *st, int64_t id, json_t **out, struct err *e)
{
    struct store_body b;
    int64_t members[MAX_MEMBERS];
    size_t nm = 0;
    int rc = store_body_get(st, id, &b, e);
    if (rc == 0)
        rc = store_body_members(st, id, members, MAX_MEMBERS, &nm, e);
    if (rc == 0)
        *out = body_json(st, &b, members, nm);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

int app_body_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                    struct err *e)
{
    static const char *const keys[] = {"kind", "name", "municipality_id", "members"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_scope(who, "create", "meeting") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    struct bw b = {.rq = rq, .set_members = true};
    struct str kind;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "kind", true, 40, false, &kind, e);
    in_text(in, NULL, "name", true, TITLE_MAX, false, &b.name, e);
    b.muni = in_id(in, NULL, "municipality_id", false, e);
    if (b.muni == 0)
        b.muni = who->org_id;
    const struct code *k = kind.p ? FIND(KINDS, kind) : NULL;
    if (kind.p && !k)
        err_field(e, "kind", "kies signaleringsoverleg, casusoverleg, lokale_driehoek of "
                             "regionaal");
    struct policy_obj o = {.owner_org_id = b.muni};
    if (policy_check(who, "create", "meeting", &o, NULL) != 0)
        err_field(e, "municipality_id", "u kunt alleen een overleg van uw eigen gemeente "
                                        "inrichten");
    parse_members(st, in, b.members, &b.n_members, e);
    if (in_has_errors(e) || k == NULL) /* k: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    b.kind = k->code;
    rc = alog_run(a, body_fn, &b, e);
    return rc ? rc : body_answer(st, b.id, out, e);
}

int app_body_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                    json_t **out, struct err *e)
{
    static const char *const keys[] = {"name", "members"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct store_body body;
    *out = NULL;
    if (policy_scope(who, "update", "meeting") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0 && store_body_get(st, id, &body, NULL) != 0)
        rc = not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj o = {.owner_org_id = body.municipality_id};
    if (policy_check(who, "update", "meeting", &o, NULL) != 0)
        return not_found(e);
    struct bw b = {.rq = rq, .id = id};
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "name", false, TITLE_MAX, false, &b.name, e);
    b.set_members = json_object_get(in, "members") != NULL;
    parse_members(st, in, b.members, &b.n_members, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    rc = alog_run(a, body_fn, &b, e);
    return rc ? rc : body_answer(st, id, out, e);
}

/* Bodies the caller may see: of the own municipality (when meetings of it are readable) or
 * those the caller is a member of. */
static json_t *bodies_json(struct store *st, const struct actor *who, int *rc, struct err *e)
{
    struct store_body *bs = calloc(MAX_BODIES, sizeof(*bs));
    size_t n = 0;
    json_t *arr = json_array();
    *rc = bs ? store_body_list(st, bs, MAX_BODIES, &n, e) : ERR_NOMEM;
    for (size_t i = 0; *rc == 0 && i < n; i++) {
        int64_t members[MAX_MEMBERS];
        size_t nm = 0;
        if (store_body_members(st, bs[i].id, members, MAX_MEMBERS, &nm, NULL) != 0)
            continue;
        struct policy_obj o = {.owner_org_id = bs[i].municipality_id};
        bool mine = policy_check(who, "read", "meeting", &o, NULL) == 0;
        o.owner_org_id = 0;
        o.designated = id_in(members, nm, who->user_id);
        if (mine || (o.designated && policy_check(who, "read", "meeting", &o, NULL) == 0)) {
            json_t *bj = body_json(st, &bs[i], members, nm);
            o.owner_org_id = bs[i].municipality_id;
            json_object_set_new(bj, "can_manage",
                                json_boolean(policy_check(who, "update", "meeting", &o, NULL) ==
                                             0));
            json_array_append_new(arr, bj);
        }
    }
    free(bs);
    return arr;
}

int app_body_list(struct app *a, const struct alog_req *rq, json_t **out,
                  struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct seen none = {.n = 0};
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(&rq->actor, "list", "meeting") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    json_t *arr = bodies_json(st, &rq->actor, &rc, e);
    if (rc == 0)
        rc = pending(a, rq, "overleg_body", 0, AUDIT_ACT_READ, "kind,name,members", &none,
                     out_log, e);
    if (rc != 0) {
        json_decref(arr);
        return rc;
    }
    *out = json_pack("{s:o}", "items", arr);
    return *out ? 0 : ERR_NOMEM;
}

int app_meeting_options(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    const struct config *cfg = app_config(a);
    *out = NULL;
    if (policy_scope(who, "list", "meeting") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    json_t *bodies = bodies_json(st, who, &rc, e);
    json_t *staff = json_array(), *people = json_array();
    struct store_user *us = calloc(2000, sizeof(*us));
    size_t n = 0;
    bool manage = policy_scope(who, "create", "meeting") != 0;
    if (rc == 0 && us && manage)
        rc = store_user_list(st, us, 2000, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct store_org o;
        if (us[i].status != STORE_USER_ACTIVE || store_org_get(st, us[i].org_id, &o, NULL) != 0)
            continue;
        if (staff_of(&us[i], who->org_id))
            json_array_append_new(staff, json_pack("{s:I, s:s}", "id", (json_int_t)us[i].id,
                                                   "name", us[i].display_name));
        if (us[i].roles & (POLICY_ROLE_PARTNER | POLICY_ROLE_DOSSIERHOUDER |
                           POLICY_ROLE_VOORZITTER | POLICY_ROLE_BURGEMEESTER))
            json_array_append_new(
                people, json_pack("{s:I, s:s, s:{s:I, s:s}, s:b}", "id", (json_int_t)us[i].id,
                                  "name", us[i].display_name, "org", "id", (json_int_t)o.id,
                                  "name", o.name, "covenant_ok", org_covenant_ok(&o)));
    }
    free(us);
    if (rc != 0) {
        json_decref(bodies);
        json_decref(staff);
        json_decref(people);
        return rc;
    }
    *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:{s:I, s:I}, s:b}",
                     "kinds", codes_json(KINDS, ARRAY_LEN(KINDS)), "decision_types",
                     codes_json(DEC_TYPES, ARRAY_LEN(DEC_TYPES)), "decision_rules",
                     codes_json(DEC_RULES, ARRAY_LEN(DEC_RULES)), "action_statuses",
                     codes_json(ACT_STATUSES, ARRAY_LEN(ACT_STATUSES)), "attendance_statuses",
                     codes_json(ATT_STATUSES, ARRAY_LEN(ATT_STATUSES)), "bodies", bodies, "staff",
                     staff, "people", people, "item_kinds",
                     codes_json(ITEM_KINDS, ARRAY_LEN(ITEM_KINDS)), "own_municipality_id",
                     (json_int_t)who->org_id, "invite_window", "before_days",
                     (json_int_t)cfg->meeting_invite_days_before, "after_days",
                     (json_int_t)cfg->meeting_invite_days_after, "can_manage", manage);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- actions (work list) ---------------------------------------------------------------------- */

static struct policy_obj action_obj(const struct store_row *r)
{
    return (struct policy_obj){.owner_org_id = r->d, .subject_user_id = r->a};
}

int app_action_list(struct app *a, const struct alog_req *rq, const char *scope,
                    const char *status, json_t **out, struct alog_pending **out_log,
                    struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    *out_log = NULL;
    uint32_t sc = policy_scope(who, "list", "task");
    if (sc == 0)
        return in_denied(e);
    bool muni = scope && strcmp(scope, "municipality") == 0;
    if (scope && scope[0] && !muni && strcmp(scope, "mine") != 0)
        err_field(e, "scope", "kies mine of municipality");
    else if (muni && !(sc & (POLICY_COND_OWN_ORG | POLICY_COND_ANY)))
        err_field(e, "scope", "u ziet alleen uw eigen acties");
    const char *want = status && status[0] ? status : "open";
    if (strcmp(want, "all") != 0 && !FIND(ACT_STATUSES, str_from_cstr(want)))
        err_field(e, "status", "kies open, gereed, vervallen of all");
    if (in_has_errors(e))
        return ERR_INVAL;
    struct store_row *rs = NULL;
    size_t n = 0;
    int rc = rows(&rs, ROWS_MAX);
    if (rc != 0)
        return rc; /* (and gcc 12's analyser took free(rs) and free(seen), both NULL, for one) */
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_action_list(st, 0, muni ? 0 : who->user_id, muni ? who->org_id : 0, rs,
                               ROWS_MAX, &n, e);
    json_t *items = json_array();
    struct seen *seen = calloc(1, sizeof(*seen));
    int64_t today = signal_today();
    struct mtg g;
    bool loaded = false;
    if (seen == NULL)
        rc = rc ? rc : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct policy_obj o = action_obj(&rs[i]);
        if (policy_check(who, "list", "task", &o, NULL) != 0)
            continue;
        if (strcmp(want, "all") != 0 && strcmp(rs[i].code, want) != 0)
            continue;
        json_t *j = action_json(st, &rs[i], today);
        /* Actions are ordered by due date: keep the last meeting loaded while it repeats. */
        if (loaded && g.m.id != rs[i].meeting_id) {
            mtg_release(&g);
            loaded = false;
        }
        if (!loaded)
            loaded = mtg_load(st, rs[i].meeting_id, true, &g, NULL) == 0;
        if (loaded) {
            json_object_set_new(j, "meeting",
                                json_pack("{s:I, s:o, s:s}", "id", (json_int_t)g.m.id, "date",
                                          json_day(g.m.day), "body_name", g.body.name));
            json_object_set_new(j, "item_id", json_integer(rs[i].item_id));
            const struct store_row *it = item_find(&g, rs[i].item_id);
            enum acc acc = access_of(who, &g);
            bool see = it && acc != ACC_NONE &&
                       (acc == ACC_INVITED ? invited(&g, it->id, who->user_id)
                                           : item_visible(who, &g, it->id));
            if (see) {
                json_t *d = doc_parse(it->doc, it->doc_len);
                json_object_set_new(j, "item_title", json_string(doc_str(d, "title")));
                json_decref(d);
                struct store_case c;
                int64_t sid = it->a, persons[16];
                size_t np = 0;
                if (!sid && it->b && store_case_get(st, it->b, &c, NULL) == 0)
                    sid = c.signal_id;
                if (sid && store_signal_subjects(st, sid, persons, 16, &np, NULL) == 0)
                    for (size_t k = 0; k < np; k++)
                        seen_add(seen, persons[k]);
            }
        }
        seen->cats |= AUDIT_CAT_MINUTES;
        json_array_append_new(items, j);
    }
    if (loaded)
        mtg_release(&g);
    store_rows_release(rs, n);
    free(rs);
    if (rc == 0)
        rc = pending(a, rq, "task", 0, AUDIT_ACT_READ, "description,owner,due_date,status,item",
                     seen, out_log, e);
    free(seen);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items));
    return *out ? 0 : ERR_NOMEM;
}

struct aw {
    const struct alog_req *rq;
    int64_t id;
    const char *status;
    char *doc;
    json_t *out;
};

static int action_upd_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct aw *w = ctx;
    struct store_row r;
    int rc = store_action_update(st, w->id, w->status, w->rq->actor.user_id,
                                 str_from_cstr(w->doc), e);
    if (rc == 0)
        rc = store_action_get(st, w->id, &r, e);
    if (rc != 0)
        return rc;
    w->out = action_json(st, &r, signal_today());
    store_row_release(&r);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, w->id);
    struct alog_ev ev = {.action = AUDIT_ACT_UPDATE, .object_type = "task", .object_id = oid,
                         .categories = AUDIT_CAT_MINUTES, .fields = "status,note"};
    return w->out ? alog_tx_add(tx, w->rq, &ev, e) : ERR_NOMEM;
}

int app_action_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {"status", "note"};
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    struct store_row r;
    *out = NULL;
    if (policy_scope(who, "update", "task") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0 && store_action_get(st, id, &r, NULL) != 0)
        rc = err_set(e, ERR_NOTFOUND, "Deze actie bestaat niet of u heeft er geen toegang toe.");
    if (rc != 0)
        return rc;
    struct policy_obj o = action_obj(&r);
    bool may = policy_check(who, "update", "task", &o, NULL) == 0;
    store_row_release(&r);
    if (!may)
        return err_set(e, ERR_NOTFOUND, "Deze actie bestaat niet of u heeft er geen toegang toe.");
    struct str status, note;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "status", true, 10, false, &status, e);
    in_text(in, NULL, "note", false, REASON_MAX, true, &note, e);
    const struct code *sc = status.p ? FIND(ACT_STATUSES, status) : NULL;
    if (status.p && !sc)
        err_field(e, "status", "kies open, gereed of vervallen");
    if (in_has_errors(e) || sc == NULL) /* sc: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    struct store_row cur;
    rc = store_action_get(st, id, &cur, e);
    if (rc != 0)
        return rc;
    json_t *doc = doc_parse(cur.doc, cur.doc_len);
    store_row_release(&cur);
    if (note.p)
        json_object_set_new(doc, "note", json_stringn(note.p, note.n));
    struct aw w = {.rq = rq, .id = id, .status = sc->code, .doc = doc_dump(doc)};
    if (w.doc == NULL)
        return ERR_NOMEM;
    rc = alog_run(a, action_upd_fn, &w, e);
    doc_free(w.doc);
    if (rc != 0) {
        json_decref(w.out);
        return rc;
    }
    *out = w.out;
    return 0;
}
