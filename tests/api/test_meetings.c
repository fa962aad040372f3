/* test_meetings.c: the overleg (issue 6) over real HTTP, against the contract in docs/meetings.md
 * and the policy table src/policy/policy.csv.
 *
 *  - an invited partner ("jeugdzorg") sees exactly the items they are invited to, on every
 *    meeting route (list, view, pack, queue, every POST), only inside the invitation window
 *    (meeting_invite_days_before / _after: by meeting date, by setting and, in a test-hooks
 *    build, by moving the server's clock); the linked signal stays closed to them;
 *  - bad input (decision without rationale, action without owner or due date, minutes of adopted
 *    minutes without correction_reason, ...) is refused naming the field and changes nothing;
 *  - the decision rule: unanimous / majority / chair (casting vote on a tie only);
 *  - decisions are immutable (corrections are new versions, once per decision), adoption freezes
 *    the meeting and happens once, not before the meeting date;
 *  - reads and writes are in the access log, with the data subjects of the signals shown;
 *  - a core member ("partner", police) sees every item; the actions work list with overdue.
 * Fixtures are made through the API as the demo "dossierhouder" (secretary) in every test.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1 /* strptime */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct srv S;

/* Tables that change with logins and session activity, and the access log (which records
 * refused requests by design). */
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_POL, ORG_JZ;
static int64_t U_DH, U_VZ, U_PA, U_JZ, U_RV, U_GGZ;

static void ids(void)
{
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    ORG_JZ = demo_org_id(&S, "Jeugdzorg Voorbeeldregio");
    cr_assert(ORG_VS > 0 && ORG_POL > 0, "demo organisations missing");
    cr_assert(ORG_JZ > 0, "demo organisation Jeugdzorg Voorbeeldregio missing");
    U_DH = demo_id(&S, "dossierhouder");
    U_VZ = demo_id(&S, "voorzitter");
    U_PA = demo_id(&S, "partner");
    U_JZ = demo_id(&S, "jeugdzorg");
    U_RV = demo_id(&S, "rvdk");
    U_GGZ = demo_id(&S, "ggz");
    cr_assert(U_DH > 0 && U_VZ > 0 && U_PA > 0 && U_RV > 0 && U_GGZ > 0, "demo accounts missing");
    cr_assert(U_JZ > 0, "demo account jeugdzorg missing");
}

static void boot(const struct srv_opts *o)
{
    srv_start_opts(&S, o);
    ids();
}

static void start(void)
{
    struct srv_opts o = {.demo = true};
    boot(&o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

/* One suite; every test starts its own server (some with their own settings or the clock). */
TestSuite(meetings, .fini = stop, .timeout = 300);

/* ---- small helpers ------------------------------------------------------------------------- */

static int req(const struct sess *ss, const char *method, const char *path, json_t *body,
               struct resp *r)
{
    return sess_json(&S, ss, method, path, body, r);
}

static int st(const struct sess *ss, const char *method, const char *path, json_t *body)
{
    return sess_json_status(&S, ss, method, path, body);
}

static json_t *get_ok(const struct sess *ss, const char *path)
{
    struct resp r;
    int s = req(ss, "GET", path, NULL, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    cr_assert(json_is_object(r.json), "GET %s: not a JSON object", path);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

#define MP(buf, mid, suffix)                                                                       \
    snprintf(buf, sizeof(buf), "/api/meetings/%lld%s", (long long)(mid), suffix)
#define IP(buf, mid, item, suffix)                                                                 \
    snprintf(buf, sizeof(buf), "/api/meetings/%lld/items/%lld%s", (long long)(mid),               \
             (long long)(item), suffix)

static json_t *find_id(const json_t *arr, const char *key, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        if (jint(it, key) == id)
            return it;
    }
    return NULL;
}

static void expect_deny(const struct resp *r, const char *what)
{
    cr_expect(r->status == 403 || r->status == 404, "%s: status %d, want 403/404", what,
              r->status);
    if (r->status >= 400)
        cr_expect(resp_is_problem(r), "%s: refusal is not problem+json", what);
}

static void expect_404(const struct resp *r, const char *what)
{
    cr_expect_eq(r->status, 404, "%s: status %d, want 404", what, r->status);
    if (r->status >= 400)
        cr_expect(resp_is_problem(r), "%s: refusal is not problem+json", what);
}

/* ---- fixtures ------------------------------------------------------------------------------ */

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s*, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A signal of Voorbeeldstad about one fictional person, moved forward to state weging. */
static int64_t signal_weging(const struct sess *d, const char *name, const char *bsn,
                             const char *observed)
{
    json_t *b = json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                          "route", "professional", "subjects", person(name, "2008-04-01", bsn),
                          "observed", observed, "acute", "danger", 0);
    struct resp r;
    int s = req(d, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    int64_t id = jint(r.json, "id");
    resp_free(&r);
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)id);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        s = st(d, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "signal status %s: %d", steps[i], s);
    }
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)id);
    json_t *j = get_ok(d, p);
    cr_assert(jstr(j, "state") && strcmp(jstr(j, "state"), "weging") == 0,
              "signal did not reach state weging");
    json_decref(j);
    return id;
}

static bool body_has_member(const json_t *body, int64_t user)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(body, "members"), i, m)
    {
        if (jint(json_object_get(m, "user"), "id") == user)
            return true;
    }
    return false;
}

/* A casusoverleg of Voorbeeldstad made here, with the police partner as its only core member
 * (the demo bodies have more members, and demo meetings of their own). */
static int64_t the_body(const struct sess *d)
{
    struct resp r;
    int s = req(d, "POST", "/api/bodies",
                json_pack("{s:s, s:s, s:[I]}", "kind", "casusoverleg", "name",
                          "Fictief Testoverleg", "members", (json_int_t)U_PA),
                &r);
    cr_assert_eq(s, 201, "POST /api/bodies: %d", s);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0, "POST /api/bodies: no id");
    cr_expect(body_has_member(r.json, U_PA), "POST /api/bodies: member not kept");
    cr_expect_eq(jint(json_object_get(r.json, "municipality"), "id"), ORG_VS,
                 "POST /api/bodies: not owned by the secretary's municipality");
    resp_free(&r);
    return id;
}

/* A meeting of body on today + add_days (server's clock), chaired by the demo voorzitter with
 * the demo dossierhouder as secretary. */
static int64_t meeting_new(const struct sess *d, int64_t body, int add_days)
{
    char date[11];
    srv_date(&S, add_days, date);
    json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "body_id", (json_int_t)body, "date",
                          date, "start_time", "10:00", "location", "Fictieve vergaderzaal",
                          "chair_id", (json_int_t)U_VZ, "secretary_id", (json_int_t)U_DH);
    struct resp r;
    int s = req(d, "POST", "/api/meetings", b, &r);
    cr_assert_eq(s, 201, "POST /api/meetings (day %+d): %d", add_days, s);
    json_t *id = json_object_get(r.json, "id");
    cr_assert(valid_id(id), "POST /api/meetings: no valid id");
    cr_expect(jstr(r.json, "date") && strcmp(jstr(r.json, "date"), date) == 0,
              "POST /api/meetings: date not kept");
    cr_expect(jstr(r.json, "state") && strcmp(jstr(r.json, "state"), "gepland") == 0,
              "a new meeting is not gepland");
    int64_t v = (int64_t)json_integer_value(id);
    resp_free(&r);
    return v;
}

/* created_id of a POST answer (the meeting view); fails the test without one. */
static int64_t created(const struct resp *r, const char *what)
{
    json_t *c = json_object_get(r->json, "created_id");
    cr_assert(valid_id(c), "%s: answer without a valid created_id", what);
    return (int64_t)json_integer_value(c);
}

/* POST body (stolen) to path as d; asserts 201 and returns created_id. */
static int64_t post_created(const struct sess *d, const char *path, json_t *body,
                            const char *what)
{
    struct resp r;
    int s = req(d, "POST", path, body, &r);
    cr_assert_eq(s, 201, "%s: %d", what, s);
    int64_t id = created(&r, what);
    resp_free(&r);
    return id;
}

static int64_t free_item(const struct sess *d, int64_t mid, const char *title,
                         const char *material)
{
    char p[128];
    MP(p, mid, "/items");
    return post_created(d, p,
                        json_pack("{s:s, s:s, s:s}", "kind", "free", "title", title, "material",
                                  material),
                        "POST items (free)");
}

static int64_t signal_item(const struct sess *d, int64_t mid, int64_t sid, const char *material)
{
    char p[128];
    MP(p, mid, "/items");
    return post_created(d, p,
                        json_pack("{s:s, s:I, s:s}", "kind", "signal", "signal_id",
                                  (json_int_t)sid, "material", material),
                        "POST items (signal)");
}

static int64_t invite(const struct sess *d, int64_t mid, int64_t item, int64_t user,
                      const char *reason)
{
    char p[160];
    IP(p, mid, item, "/invitations");
    return post_created(d, p, json_pack("{s:I, s:s}", "user_id", (json_int_t)user, "reason", reason),
                        "POST invitations");
}

static json_t *dec_body(const char *text)
{
    return json_pack("{s:s, s:s, s:s}", "type", "plan", "text", text, "rationale",
                     "Fictieve onderbouwing van het besluit");
}

static json_t *votes(int voor, int tegen, int onthouding)
{
    return json_pack("{s:i, s:i, s:i}", "voor", voor, "tegen", tegen, "onthouding", onthouding);
}

static json_t *action_body(int64_t owner, const char *due)
{
    return json_pack("{s:s, s:I, s:s}", "description", "Fictieve actie", "owner_id",
                     (json_int_t)owner, "due_date", due);
}

static json_t *view(const struct sess *ss, int64_t mid)
{
    char p[96];
    MP(p, mid, "");
    return get_ok(ss, p);
}

/* The meeting view as text with sorted keys (malloc'd), to compare before and after. */
static char *view_text(const struct sess *ss, int64_t mid)
{
    json_t *v = view(ss, mid);
    char *t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(v);
    cr_assert_not_null(t);
    return t;
}

static json_t *item_of(const json_t *v, int64_t item)
{
    return find_id(json_object_get(v, "items"), "id", item);
}

static json_t *decision_of(const json_t *v, int64_t item, int64_t dec)
{
    return find_id(json_object_get(item_of(v, item), "decisions"), "id", dec);
}

/* True if the items[] of v are exactly the n ids in want (any order). */
static bool items_exactly(const json_t *v, const int64_t *want, size_t n)
{
    json_t *items = json_object_get(v, "items");
    if (!json_is_array(items) || json_array_size(items) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (find_id(items, "id", want[i]) == NULL)
            return false;
    return true;
}

/* The entry for meeting mid in GET path as ss (NULL if absent; new reference). */
static json_t *listed(const struct sess *ss, const char *path, int64_t mid)
{
    json_t *l = get_ok(ss, path);
    json_t *items = json_object_get(l, "items");
    cr_assert(json_is_array(items), "GET %s: no items[]", path);
    json_t *e = find_id(items, "id", mid);
    if (e)
        json_incref(e);
    json_decref(l);
    return e;
}

static json_t *listed_default(const struct sess *ss, int64_t mid)
{
    return listed(ss, "/api/meetings", mid);
}

/* The work-list entry of action aid as ss (NULL if absent; new reference). */
static json_t *work_item(const struct sess *ss, const char *query, int64_t aid)
{
    char p[160];
    snprintf(p, sizeof(p), "/api/actions%s", query);
    return listed(ss, p, aid);
}

/* ---- 1. the invitee sees exactly their items ----------------------------------------------- */

struct fx {
    int64_t body, m1, m2;
    int64_t sig, sig2;           /* signals: sig is on item i_sig (jeugdzorg invited), sig2 not */
    int64_t i_sig, i_fa, i_fb, i_sig2;
    int64_t inv_jz, inv_rv;      /* invitations of jeugdzorg (on i_sig) and of rvdk (on i_sig) */
    int64_t act_fb;              /* an action on i_fb owned by the police partner */
    char bsn1[10], bsn2[10];
    char ref1[64], ref2[64];
    char from[11], until[11]; /* jeugdzorg's window for m1 with the default settings */
};

/* Meeting m1 (today + 2): items i_sig (signal, jeugdzorg and rvdk invited), i_fa (free,
 * jeugdzorg invited), i_fb (free) and i_sig2 (signal); meeting m2 (today + 3), same body, one free
 * item, nobody invited. */
static void fixture(const struct sess *d, struct fx *f)
{
    memset(f, 0, sizeof(*f));
    bsn_make(601, f->bsn1);
    bsn_make(602, f->bsn2);
    f->body = the_body(d);
    f->sig = signal_weging(d, "Fictief Kwikstaart Eerstemans", f->bsn1, "Fictief waarneming een");
    f->sig2 = signal_weging(d, "Fictief Roerdomp Tweedemans", f->bsn2, "Fictief waarneming twee");
    char p[96];
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)f->sig2);
    json_t *s2 = get_ok(d, p);
    cr_assert(jstr(s2, "reference") != NULL, "signal without reference");
    snprintf(f->ref2, sizeof(f->ref2), "%s", jstr(s2, "reference"));
    json_decref(s2);

    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)f->sig);
    json_t *s1 = get_ok(d, p);
    cr_assert(jstr(s1, "reference") != NULL, "signal without reference");
    snprintf(f->ref1, sizeof(f->ref1), "%s", jstr(s1, "reference"));
    json_decref(s1);
    srv_date(&S, 2 - 7, f->from);
    srv_date(&S, 2 + 1, f->until);

    f->m1 = meeting_new(d, f->body, 2);
    f->i_sig = signal_item(d, f->m1, f->sig, "Fictief materiaal ZICHTBAAR-SIG");
    f->i_fa = free_item(d, f->m1, "Fictief punt ZICHTBAAR-FA", "Fictief materiaal ZICHTBAAR-FA");
    f->i_fb = free_item(d, f->m1, "Fictief punt GEHEIM-FB-titel", "Fictief materiaal GEHEIM-FB");
    f->i_sig2 = signal_item(d, f->m1, f->sig2, "Fictief materiaal GEHEIM-SIG2");
    f->inv_jz = invite(d, f->m1, f->i_sig, U_JZ, "Fictieve reden JZ-SIG");
    invite(d, f->m1, f->i_fa, U_JZ, "Fictieve reden JZ-FA");
    f->inv_rv = invite(d, f->m1, f->i_sig, U_RV, "Fictieve reden GEHEIM-RV");
    /* Minutes, a decision and an action on the hidden item, to see that none of it leaks. */
    char ip[160];
    IP(ip, f->m1, f->i_fb, "/minutes");
    cr_assert_eq(st(d, "POST", ip, json_pack("{s:s}", "text", "Fictieve notulen GEHEIM-FB")), 200,
                 "POST minutes");
    IP(ip, f->m1, f->i_fb, "/decisions");
    post_created(d, ip, dec_body("Fictief besluit GEHEIM-FB"), "POST decisions");
    char due[11];
    srv_date(&S, 10, due);
    IP(ip, f->m1, f->i_fb, "/actions");
    f->act_fb = post_created(d, ip, action_body(U_PA, due), "POST actions");

    f->m2 = meeting_new(d, f->body, 3);
    free_item(d, f->m2, "Fictief punt GEHEIM-M2", "Fictief materiaal GEHEIM-M2");
}

static const char *const HIDDEN[] = {"GEHEIM-FB", "GEHEIM-SIG2", "GEHEIM-RV", "GEHEIM-M2",
                                     "Roerdomp", NULL};

/* Checks an invitee's view (meeting view or pack) of m1: exactly i_sig and i_fa, nothing of the
 * other items, only their own invitation. */
static void check_invitee_view(const struct fx *f, const struct resp *r, const char *what)
{
    cr_assert_eq(r->status, 200, "%s: %d", what, r->status);
    const json_t *v = r->json;
    cr_expect_eq(jint(v, "id"), f->m1, "%s: another meeting", what);
    cr_expect(jstr(v, "access") && strcmp(jstr(v, "access"), "invited") == 0,
              "%s: access is not invited", what);
    int64_t want[] = {f->i_sig, f->i_fa};
    cr_expect(items_exactly(v, want, 2), "%s: items are not exactly the invited two (%zu items)",
              what, json_array_size(json_object_get(v, "items")));
    for (size_t i = 0; HIDDEN[i]; i++)
        cr_expect(r->body && strstr(r->body, HIDDEN[i]) == NULL,
                  "%s: text of a hidden item (marker %zu) in the body", what, i);
    cr_expect(r->body && strstr(r->body, f->ref2) == NULL,
              "%s: reference of the hidden signal in the body", what);
    cr_expect(!id_in_resp(r, f->i_fb) && !id_in_resp(r, f->i_sig2), "%s: a hidden item id", what);
    cr_expect(!id_in_resp(r, f->sig2), "%s: the hidden signal's id", what);
    cr_expect(!id_in_resp(r, f->act_fb), "%s: the hidden item's action id", what);
    cr_expect(!id_in_resp(r, f->inv_rv), "%s: another partner's invitation id", what);
    cr_expect(!id_in_resp(r, f->m2), "%s: the other meeting's id", what);
    cr_expect(!json_is_true(json_object_get(v, "can_edit")), "%s: can_edit for an invitee", what);
    cr_expect(!json_is_true(json_object_get(v, "can_adopt")), "%s: can_adopt for an invitee",
              what);
    /* Their own invitation only. */
    json_t *it = item_of(v, f->i_sig);
    json_t *inv = json_object_get(it, "invitations");
    cr_expect(json_is_array(inv) && json_array_size(inv) == 1,
              "%s: the invitee sees %zu invitations on their item, want 1", what,
              json_array_size(inv));
    cr_expect(find_id(inv, "id", f->inv_jz) != NULL, "%s: own invitation missing", what);
    json_t *own = json_array_get(inv, 0);
    cr_expect_eq(jint(json_object_get(own, "user"), "id"), U_JZ,
                 "%s: the invitation shown is not the invitee's", what);
    cr_expect(jstr(own, "from") && strcmp(jstr(own, "from"), f->from) == 0,
              "%s: invitation.from is not 7 days before the meeting", what);
    cr_expect(jstr(own, "until") && strcmp(jstr(own, "until"), f->until) == 0,
              "%s: invitation.until is not 1 day after the meeting", what);
    /* The signal item carries its signal summary (the item, not the signal route). */
    cr_expect_eq(jint(json_object_get(it, "signal"), "id"), f->sig,
                 "%s: the invited signal item without its signal", what);
    /* Who is at the table is not case content: present for the invitee too. */
    cr_expect(json_is_array(json_object_get(v, "core_members")), "%s: no core_members", what);
    cr_expect(json_is_array(json_object_get(v, "attendance")), "%s: no attendance", what);
}

Test(meetings, invitee_sees_exactly_their_items_on_every_read)
{
    start();
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    cr_assert(j.access_ok, "jeugdzorg's organisation has no current covenant in the demo");
    struct fx f;
    fixture(&d, &f);
    char p[160];
    struct resp r;

    /* The secretary sees all four. */
    json_t *dv = view(&d, f.m1);
    int64_t all[] = {f.i_sig, f.i_fa, f.i_fb, f.i_sig2};
    cr_expect(items_exactly(dv, all, 4), "the secretary does not see the four items");
    cr_expect(jstr(dv, "access") && strcmp(jstr(dv, "access"), "full") == 0,
              "secretary: access is not full");
    cr_expect_eq(json_array_size(json_object_get(item_of(dv, f.i_sig), "invitations")), 2,
                 "secretary: both invitations of the signal item");
    json_decref(dv);

    /* GET /api/meetings: m1 (invited, 2 items), not m2 (same body, no invitation). */
    json_t *e = listed_default(&j, f.m1);
    cr_expect(e != NULL, "the invitee's list lacks the meeting they are invited to");
    if (e) {
        cr_expect(jstr(e, "access") && strcmp(jstr(e, "access"), "invited") == 0,
                  "list: access is not invited");
        cr_expect_eq(jint(e, "items"), 2, "list: the invitee's item count is %lld, want 2",
                     (long long)jint(e, "items"));
        json_decref(e);
    }
    e = listed_default(&j, f.m2);
    cr_expect(e == NULL, "the invitee's list shows a meeting without an invitation");
    json_decref(e);
    /* Every meeting in the invitee's list is one they are invited to (or a core member of). */
    json_t *l = get_ok(&j, "/api/meetings");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(l, "items"), i, it)
    {
        const char *acc = jstr(it, "access");
        cr_expect(acc && (strcmp(acc, "invited") == 0 || strcmp(acc, "core") == 0),
                  "invitee list: an entry with access other than invited/core");
        if (acc && strcmp(acc, "invited") == 0)
            cr_expect(jint(it, "items") >= 1, "invitee list: an invited meeting with 0 items");
    }
    json_decref(l);

    /* GET /api/meetings/{id}. */
    MP(p, f.m1, "");
    req(&j, "GET", p, NULL, &r);
    check_invitee_view(&f, &r, "invitee GET meeting");
    resp_free(&r);

    /* Pack: own (absent user_id, own id); another user's is refused or gives their own. */
    MP(p, f.m1, "/pack");
    req(&j, "GET", p, NULL, &r);
    check_invitee_view(&f, &r, "invitee pack");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/meetings/%lld/pack?user_id=%lld", (long long)f.m1,
             (long long)U_JZ);
    req(&j, "GET", p, NULL, &r);
    check_invitee_view(&f, &r, "invitee pack with own user_id");
    resp_free(&r);
    const int64_t others[] = {U_PA, U_RV, U_DH};
    for (size_t k = 0; k < 3; k++) {
        snprintf(p, sizeof(p), "/api/meetings/%lld/pack?user_id=%lld", (long long)f.m1,
                 (long long)others[k]);
        req(&j, "GET", p, NULL, &r);
        if (r.status == 200) {
            check_invitee_view(&f, &r, "invitee pack asking for another user");
        } else {
            /* Refused: 400 naming user_id (bad input for this caller), 403 or 404. */
            cr_expect(r.status == 400 || r.status == 403 || r.status == 404,
                      "invitee pack asking for another user: status %d", r.status);
            cr_expect(resp_is_problem(&r), "invitee pack for another user: not problem+json");
            for (size_t h = 0; HIDDEN[h]; h++)
                cr_expect(strstr(r.body, HIDDEN[h]) == NULL, "the refusal leaks item text");
        }
        resp_free(&r);
    }

    /* Queue: full access only. */
    MP(p, f.m1, "/queue");
    req(&j, "GET", p, NULL, &r);
    expect_deny(&r, "invitee GET queue");
    cr_expect(r.body == NULL || strstr(r.body, f.ref2) == NULL, "queue refusal leaks");
    resp_free(&r);

    /* Another meeting (same body, not invited), and one that does not exist: the same 404. */
    struct resp r404;
    MP(p, f.m2, "");
    req(&j, "GET", p, NULL, &r);
    expect_404(&r, "invitee GET a meeting without invitation");
    cr_expect(!json_has_substring(r.json, "GEHEIM-M2"), "404 leaks the other meeting");
    MP(p, 9007199254740990LL, "");
    req(&j, "GET", p, NULL, &r404);
    expect_404(&r404, "GET a meeting that does not exist");
    cr_expect(jstr(r.json, "title") && jstr(r404.json, "title") &&
                  strcmp(jstr(r.json, "title"), jstr(r404.json, "title")) == 0,
              "a meeting without invitation answers unlike a missing one");
    resp_free(&r404);
    resp_free(&r);
    MP(p, f.m2, "/pack");
    req(&j, "GET", p, NULL, &r);
    expect_404(&r, "invitee pack of a meeting without invitation");
    resp_free(&r);

    /* The linked signal stays closed. */
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)f.sig);
    req(&j, "GET", p, NULL, &r);
    expect_deny(&r, "invitee GET the linked signal");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)f.sig);
    req(&j, "GET", p, NULL, &r);
    expect_deny(&r, "invitee GET the linked signal's weighings");
    resp_free(&r);
    json_t *sl = sess_list_all(&S, &j, "/api/signals?per_page=100");
    cr_expect(find_id(sl, "id", f.sig) == NULL, "the linked signal in the invitee's work queue");
    json_decref(sl);

    /* The invitee's meeting-options: no management. */
    json_t *o = get_ok(&j, "/api/meeting-options");
    cr_expect(!json_is_true(json_object_get(o, "can_manage")), "invitee can_manage");
    json_decref(o);
}

Test(meetings, invitee_every_write_is_refused_and_changes_nothing)
{
    start();
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    struct fx f;
    fixture(&d, &f);
    char day[11], due[11];
    srv_date(&S, 2, day);
    srv_date(&S, 9, due);
    char *before1 = view_text(&d, f.m1), *before2 = view_text(&d, f.m2);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);

    /* Every POST on the item they are invited to (i_fa), the hidden item (i_fb) and a hidden
     * signal item (i_sig2) of m1, and the meeting-level POSTs on m1 and m2. */
    const int64_t items[] = {f.i_fa, f.i_sig, f.i_fb, f.i_sig2};
    for (size_t k = 0; k < 4; k++) {
        char p[200], what[96];
        IP(p, f.m1, items[k], "/invitations");
        snprintf(what, sizeof(what), "invitee POST invitations (item %zu)", k);
        struct resp r;
        req(&j, "POST", p, json_pack("{s:I, s:s}", "user_id", (json_int_t)U_RV, "reason", "x"),
            &r);
        expect_deny(&r, what);
        resp_free(&r);
        IP(p, f.m1, items[k], "/minutes");
        snprintf(what, sizeof(what), "invitee POST minutes (item %zu)", k);
        req(&j, "POST", p, json_pack("{s:s}", "text", "Fictief overschreven"), &r);
        expect_deny(&r, what);
        resp_free(&r);
        IP(p, f.m1, items[k], "/decisions");
        snprintf(what, sizeof(what), "invitee POST decisions (item %zu)", k);
        req(&j, "POST", p, dec_body("Fictief besluit van de genodigde"), &r);
        expect_deny(&r, what);
        resp_free(&r);
        IP(p, f.m1, items[k], "/actions");
        snprintf(what, sizeof(what), "invitee POST actions (item %zu)", k);
        req(&j, "POST", p, action_body(U_JZ, due), &r);
        expect_deny(&r, what);
        resp_free(&r);
    }
    const int64_t meetings[] = {f.m1, f.m2};
    for (size_t k = 0; k < 2; k++) {
        char p[160], what[96];
        struct resp r;
        MP(p, meetings[k], "/items");
        snprintf(what, sizeof(what), "invitee POST items (meeting %zu)", k);
        req(&j, "POST", p, json_pack("{s:s, s:s}", "kind", "free", "title", "Fictief"), &r);
        expect_deny(&r, what);
        resp_free(&r);
        MP(p, meetings[k], "/attendance");
        snprintf(what, sizeof(what), "invitee POST attendance (meeting %zu)", k);
        req(&j, "POST", p,
            json_pack("{s:[{s:I, s:s}]}", "entries", "user_id", (json_int_t)U_JZ, "status",
                      "aanwezig"),
            &r);
        expect_deny(&r, what);
        resp_free(&r);
        MP(p, meetings[k], "/adopt");
        snprintf(what, sizeof(what), "invitee POST adopt (meeting %zu)", k);
        req(&j, "POST", p, json_object(), &r);
        expect_deny(&r, what);
        resp_free(&r);
    }
    /* Creating meetings and bodies. */
    struct resp r;
    req(&j, "POST", "/api/meetings",
        json_pack("{s:I, s:s, s:I, s:I}", "body_id", (json_int_t)f.body, "date", day, "chair_id",
                  (json_int_t)U_JZ, "secretary_id", (json_int_t)U_JZ),
        &r);
    expect_deny(&r, "invitee POST /api/meetings");
    resp_free(&r);
    req(&j, "POST", "/api/bodies",
        json_pack("{s:s, s:s, s:[]}", "kind", "casusoverleg", "name", "Fictief", "members"), &r);
    expect_deny(&r, "invitee POST /api/bodies");
    resp_free(&r);
    char bp[96];
    snprintf(bp, sizeof(bp), "/api/bodies/%lld", (long long)f.body);
    req(&j, "POST", bp, json_pack("{s:[I]}", "members", (json_int_t)U_JZ), &r);
    expect_deny(&r, "invitee POST /api/bodies/{id}");
    resp_free(&r);
    /* Someone else's action (on the hidden item). */
    char ap[96];
    snprintf(ap, sizeof(ap), "/api/actions/%lld", (long long)f.act_fb);
    req(&j, "POST", ap, json_pack("{s:s}", "status", "gereed"), &r);
    expect_deny(&r, "invitee POST another owner's action");
    resp_free(&r);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "a refused invitee request changed the database");
    char *after1 = view_text(&d, f.m1), *after2 = view_text(&d, f.m2);
    cr_expect(strcmp(before1, after1) == 0, "the meeting view changed after refused requests");
    cr_expect(strcmp(before2, after2) == 0, "the other meeting changed after refused requests");
    free(before1);
    free(before2);
    free(after1);
    free(after2);
}

/* ---- the invitation window ----------------------------------------------------------------- */

/* Meeting on today + day with one free item, jeugdzorg invited; returns the meeting id. */
static int64_t invited_meeting(const struct sess *d, int64_t body, int day)
{
    int64_t m = meeting_new(d, body, day);
    int64_t it = free_item(d, m, "Fictief punt venster", "Fictief materiaal venster");
    invite(d, m, it, U_JZ, "Fictieve reden venster");
    return m;
}

/* Checks visibility of meeting m to the invitee on every read route. */
static void expect_visible(const struct sess *j, int64_t m, bool visible, const char *what)
{
    char p[200], from[11], to[11];
    srv_date(&S, -60, from);
    srv_date(&S, 60, to);
    json_t *e = listed_default(j, m);
    cr_expect((e != NULL) == visible, "%s: %s in the default list", what,
              visible ? "missing" : "present");
    json_decref(e);
    snprintf(p, sizeof(p), "/api/meetings?from=%s&to=%s", from, to);
    e = listed(j, p, m);
    cr_expect((e != NULL) == visible, "%s: %s in the list from/to", what,
              visible ? "missing" : "present");
    json_decref(e);
    struct resp r;
    MP(p, m, "");
    req(j, "GET", p, NULL, &r);
    if (visible)
        cr_expect_eq(r.status, 200, "%s: GET meeting %d, want 200", what, r.status);
    else
        expect_404(&r, what);
    if (!visible)
        cr_expect(r.body == NULL || strstr(r.body, "venster") == NULL, "%s: 404 leaks", what);
    resp_free(&r);
    MP(p, m, "/pack");
    req(j, "GET", p, NULL, &r);
    if (visible)
        cr_expect_eq(r.status, 200, "%s: pack %d, want 200", what, r.status);
    else
        expect_404(&r, what);
    resp_free(&r);
}

/* By the meeting date with the default window (7 days before, 1 day after, both inclusive). */
Test(meetings, invitee_window_by_meeting_date)
{
    start();
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    int64_t body = the_body(&d);
    json_t *o = get_ok(&d, "/api/meeting-options");
    json_t *w = json_object_get(o, "invite_window");
    cr_expect_eq(jint(w, "before_days"), 7, "invite_window.before_days default");
    cr_expect_eq(jint(w, "after_days"), 1, "invite_window.after_days default");
    json_decref(o);
    static const struct {
        int day;
        bool visible;
        const char *what;
    } cases[] = {
        {0, true, "meeting today"},
        {3, true, "meeting in 3 days"},
        {7, true, "meeting in 7 days (first day of the window)"},
        {8, false, "meeting in 8 days (before the window)"},
        {30, false, "meeting in 30 days"},
        {-1, true, "meeting yesterday (last day of the window)"},
        {-2, false, "meeting 2 days ago (after the window)"},
        {-20, false, "meeting 20 days ago"},
    };
    int64_t m[sizeof(cases) / sizeof(cases[0])];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        m[k] = invited_meeting(&d, body, cases[k].day);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        expect_visible(&j, m[k], cases[k].visible, cases[k].what);
    /* The secretary sees them all. */
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        json_t *v = view(&d, m[k]);
        json_decref(v);
    }
}

/* The window follows the settings. */
static const char *const ENV_WINDOW[] = {"REGIE_MEETING_INVITE_DAYS_BEFORE=40",
                                         "REGIE_MEETING_INVITE_DAYS_AFTER=3", NULL};

Test(meetings, invitee_window_follows_the_settings)
{
    struct srv_opts opt = {.demo = true, .env = ENV_WINDOW};
    boot(&opt);
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    int64_t body = the_body(&d);
    json_t *o = get_ok(&d, "/api/meeting-options");
    json_t *w = json_object_get(o, "invite_window");
    cr_expect_eq(jint(w, "before_days"), 40, "invite_window.before_days from the setting");
    cr_expect_eq(jint(w, "after_days"), 3, "invite_window.after_days from the setting");
    json_decref(o);
    int64_t m30 = invited_meeting(&d, body, 30), m41 = invited_meeting(&d, body, 41);
    int64_t mm3 = invited_meeting(&d, body, -3), mm4 = invited_meeting(&d, body, -4);
    expect_visible(&j, m30, true, "before_days 40: meeting in 30 days");
    expect_visible(&j, m41, false, "before_days 40: meeting in 41 days");
    expect_visible(&j, mm3, true, "after_days 3: meeting 3 days ago");
    expect_visible(&j, mm4, false, "after_days 3: meeting 4 days ago");
}

/* 11:00 UTC (12:00 or 13:00 in Amsterdam) on the server's date today + add_days, epoch ms. */
static int64_t noon_ms(int add_days)
{
    char d[11];
    srv_date(&S, add_days, d);
    struct tm t = {0};
    cr_assert(strptime(d, "%Y-%m-%d", &t) != NULL);
    t.tm_hour = 11;
    return (int64_t)timegm(&t) * 1000;
}

/* Moving the clock over a meeting made now: the same invitation opens and closes. */
Test(meetings, invitee_window_by_clock)
{
    REQUIRE_TEST_HOOKS();
    struct srv_opts opt = {.demo = true, .clock = true};
    boot(&opt);
    /* The clock only moves forward: a session made at a time before the demo accounts' factors
     * were set is not valid (factors_changed_at), and a TOTP step earlier than one already used
     * is a replay. So: start tomorrow 11:00 UTC, meeting 8 days later. */
    int64_t base = noon_ms(1);
    srv_clock_at(&S, base);
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    int64_t body = the_body(&d);
    int64_t m = meeting_new(&d, body, 8);
    int64_t it = free_item(&d, m, "Fictief punt KLOK", "Fictief materiaal KLOK");
    invite(&d, m, it, U_JZ, "Fictieve reden klok");
    char due[11], p[160];
    srv_date(&S, 9, due);
    int64_t act = 0;

    static const struct {
        int day; /* clock: base + day; the meeting is on day 8, the action due on day 9 */
        bool visible;
        const char *what;
    } cases[] = {
        {0, false, "clock 8 days before the meeting"},
        {1, true, "clock 7 days before the meeting"},
        {8, true, "clock on the meeting date"},
        {9, true, "clock 1 day after the meeting"},
        {10, false, "clock 2 days after the meeting"},
        {46, false, "clock 38 days after the meeting"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        srv_clock_at(&S, base + (int64_t)cases[k].day * 86400000LL);
        login_ok(&S, "jeugdzorg", &j);
        expect_visible(&j, m, cases[k].visible, cases[k].what);
        if (cases[k].day == 1) {
            /* An action for the invitee, made inside their window (outside it the backend
             * refuses the owner: see invitee_outside_the_window_can_own_an_action...). */
            login_ok(&S, "dossierhouder", &d);
            IP(p, m, it, "/actions");
            act = post_created(&d, p, action_body(U_JZ, due), "POST actions");
        }
        if (cases[k].day == 8) {
            json_t *wi = work_item(&j, "", act);
            cr_expect(wi != NULL, "own action missing from the work list");
            if (wi) {
                cr_expect(jstr(wi, "item_title") != NULL, "item_title missing inside the window");
                cr_expect(!json_is_true(json_object_get(wi, "overdue")),
                          "overdue before the due date");
            }
            json_decref(wi);
        }
    }
    /* After the window (clock at day 46) the action is still in the owner's work list, overdue,
     * without the item's title. */
    json_t *wi = work_item(&j, "", act);
    cr_expect(wi != NULL, "own action missing from the work list after the window");
    if (wi) {
        cr_expect(jstr(wi, "item_title") == NULL, "item_title given after the window");
        cr_expect(json_is_true(json_object_get(wi, "overdue")), "open and past due: not overdue");
        cr_expect(!json_has_substring(wi, "KLOK"), "the item's text in the work list");
    }
    json_decref(wi);
    /* The owner can still close it. */
    snprintf(p, sizeof(p), "/api/actions/%lld", (long long)act);
    cr_expect_eq(st(&j, "POST", p, json_pack("{s:s}", "status", "gereed")), 200,
                 "owner sets own action to gereed");
    wi = work_item(&j, "?status=all", act);
    cr_expect(wi != NULL && !json_is_true(json_object_get(wi, "overdue")),
              "a gereed action is still overdue");
    json_decref(wi);
}

/* ---- 2. bad input ---------------------------------------------------------------------------- */

Test(meetings, bad_input_names_the_field_and_changes_nothing)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t body = the_body(&d);
    int64_t m = meeting_new(&d, body, 2);
    int64_t it = free_item(&d, m, "Fictief punt invoer", "Fictief materiaal invoer");
    char bsn[10];
    bsn_make(611, bsn);
    int64_t sid = signal_weging(&d, "Fictief Putter Invoermans", bsn, "Fictief invoer");
    signal_item(&d, m, sid, "Fictief");
    invite(&d, m, it, U_JZ, "Fictieve reden invoer");
    char mdate[11], before_date[11], due[11];
    srv_date(&S, 2, mdate);
    srv_date(&S, 1, before_date);
    srv_date(&S, 9, due);
    char *before = view_text(&d, m);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    char dp[160], ap[160], ip[160], mp[160];
    IP(dp, m, it, "/decisions");
    IP(ap, m, it, "/actions");
    IP(ip, m, it, "/invitations");
    MP(mp, m, "/items");
    struct resp r;

    /* Decisions. */
    json_t *b = dec_body("Fictief besluit");
    json_object_del(b, "rationale");
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "rationale", "decision without rationale");
    resp_free(&r);
    b = dec_body("Fictief besluit");
    json_object_set_new(b, "rationale", json_string(""));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "rationale", "decision with empty rationale");
    resp_free(&r);
    b = dec_body("Fictief besluit");
    json_object_del(b, "text");
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "text", "decision without text");
    resp_free(&r);
    b = dec_body("Fictief besluit");
    json_object_set_new(b, "type", json_string("geen_type"));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "type", "decision with an unknown type");
    resp_free(&r);
    b = dec_body("Fictief besluit");
    json_object_set_new(b, "votes", votes(3, 1, 0)); /* aangenomen with votes against */
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "dissent", "majority with votes against and no dissent");
    resp_free(&r);
    b = dec_body("Fictief besluit");
    json_object_set_new(b, "corrects", json_integer(9007199254740990LL));
    req(&d, "POST", dp, b, &r);
    cr_expect(r.status == 400 || r.status == 404 || r.status == 409,
              "decision correcting a decision that does not exist: %d", r.status);
    resp_free(&r);

    /* Actions. */
    json_t *a = action_body(U_PA, due);
    json_object_del(a, "owner_id");
    req(&d, "POST", ap, a, &r);
    expect_problem_field(&r, 400, "owner_id", "action without owner");
    resp_free(&r);
    a = action_body(U_PA, due);
    json_object_del(a, "due_date");
    req(&d, "POST", ap, a, &r);
    expect_problem_field(&r, 400, "due_date", "action without due date");
    resp_free(&r);
    req(&d, "POST", ap, action_body(U_PA, before_date), &r);
    expect_problem_field(&r, 400, "due_date", "action due before the meeting date");
    resp_free(&r);
    req(&d, "POST", ap, action_body(U_PA, "2026-02-30"), &r);
    expect_problem_field(&r, 400, "due_date", "action with an impossible due date");
    resp_free(&r);
    a = action_body(U_PA, due);
    json_object_set_new(a, "owner_org_id", json_integer(ORG_VS));
    req(&d, "POST", ap, a, &r);
    expect_problem_field(&r, 400, "owner_org_id", "action with an organisation not the owner's");
    resp_free(&r);
    a = action_body(U_PA, due);
    json_object_del(a, "description");
    req(&d, "POST", ap, a, &r);
    expect_problem_field(&r, 400, "description", "action without description");
    resp_free(&r);
    /* An owner who is neither a core member, an invitee nor municipality staff. */
    req(&d, "POST", ap, action_body(U_RV, due), &r);
    expect_problem_field(&r, 400, "owner_id", "action owned by someone outside the meeting");
    resp_free(&r);

    /* Invitations. */
    req(&d, "POST", ip, json_pack("{s:I}", "user_id", (json_int_t)U_JZ), &r);
    expect_problem_field(&r, 400, "reason", "invitation without reason");
    resp_free(&r);
    /* A core member: refused (the contract gives 409 only for a user already invited). */
    req(&d, "POST", ip, json_pack("{s:I, s:s}", "user_id", (json_int_t)U_PA, "reason", "Fictief"),
        &r);
    cr_expect(r.status == 400 || r.status == 409, "inviting a core member: %d, want 400/409",
              r.status);
    cr_expect(resp_is_problem(&r), "inviting a core member: not problem+json");
    cr_expect(resp_names_field(&r, "user_id"), "inviting a core member: user_id not named");
    resp_free(&r);
    req(&d, "POST", ip, json_pack("{s:I, s:s}", "user_id", (json_int_t)U_JZ, "reason", "Fictief"),
        &r);
    cr_expect_eq(r.status, 409, "inviting the same user twice to an item: %d, want 409",
                 r.status);
    cr_expect(resp_is_problem(&r), "inviting twice: not problem+json");
    resp_free(&r);
    /* GGZ has no signed covenant in the demo (REQ-ACT-01). */
    req(&d, "POST", ip, json_pack("{s:I, s:s}", "user_id", (json_int_t)U_GGZ, "reason", "Fictief"),
        &r);
    cr_expect(r.status == 400 || r.status == 409 || r.status == 422,
              "inviting a partner without covenant: %d", r.status);
    cr_expect(resp_is_problem(&r), "inviting without covenant: not problem+json");
    resp_free(&r);

    /* Items. */
    req(&d, "POST", mp, json_pack("{s:s, s:s}", "kind", "free", "material", "Fictief"), &r);
    expect_problem_field(&r, 400, "title", "free item without title");
    resp_free(&r);
    req(&d, "POST", mp, json_pack("{s:s, s:I}", "kind", "signal", "signal_id", (json_int_t)sid),
        &r);
    cr_expect_eq(r.status, 409, "the same signal twice on a meeting: %d, want 409", r.status);
    resp_free(&r);
    req(&d, "POST", mp, json_pack("{s:s, s:s}", "kind", "vrij", "title", "Fictief"), &r);
    expect_problem_field(&r, 400, "kind", "item with an unknown kind");
    resp_free(&r);

    /* Attendance of someone not at the table. */
    MP(mp, m, "/attendance");
    req(&d, "POST", mp,
        json_pack("{s:[{s:I, s:s}]}", "entries", "user_id", (json_int_t)U_GGZ, "status",
                  "aanwezig"),
        &r);
    cr_expect(r.status == 400 || r.status == 422, "attendance of an outsider: %d", r.status);
    resp_free(&r);
    req(&d, "POST", mp,
        json_pack("{s:[{s:I, s:s}]}", "entries", "user_id", (json_int_t)U_PA, "status", "later"),
        &r);
    expect_problem_field(&r, 400, "entries[0].status", "attendance with an unknown status");
    resp_free(&r);

    /* Adopting a meeting that has not taken place yet. */
    MP(mp, m, "/adopt");
    req(&d, "POST", mp, json_object(), &r);
    cr_expect_eq(r.status, 409, "adopt before the meeting date: %d, want 409", r.status);
    cr_expect(resp_is_problem(&r), "adopt before the date: not problem+json");
    resp_free(&r);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused input changed the database");
    char *after = view_text(&d, m);
    cr_expect(strcmp(before, after) == 0, "refused input changed the meeting view");
    free(before);
    free(after);
}

/* ---- 3. the decision rule ------------------------------------------------------------------ */

/* POSTs a decision (body stolen) and returns the decision object from the answer (new ref). */
static json_t *decide(const struct sess *d, int64_t m, int64_t it, json_t *body, const char *what)
{
    char p[160];
    IP(p, m, it, "/decisions");
    struct resp r;
    int s = req(d, "POST", p, body, &r);
    cr_assert_eq(s, 201, "%s: %d", what, s);
    int64_t id = created(&r, what);
    json_t *dec = decision_of(r.json, it, id);
    cr_assert(dec != NULL, "%s: the created decision is not in the answer", what);
    json_incref(dec);
    resp_free(&r);
    return dec;
}

static void expect_rule(const json_t *dec, const char *rule, const char *result, const char *what)
{
    cr_expect(jstr(dec, "rule") && strcmp(jstr(dec, "rule"), rule) == 0, "%s: rule is not %s",
              what, rule);
    cr_expect(jstr(dec, "result") && strcmp(jstr(dec, "result"), result) == 0,
              "%s: result is not %s", what, result);
}

Test(meetings, decision_rule_and_casting_vote)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t body = the_body(&d);
    int64_t m = meeting_new(&d, body, 1);
    int64_t it = free_item(&d, m, "Fictief punt stemming", "Fictief materiaal stemming");
    char dp[160], mdate[11];
    IP(dp, m, it, "/decisions");
    srv_date(&S, 1, mdate);
    char *before = view_text(&d, m);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;

    /* A tie without the chair's vote. */
    json_t *b = dec_body("Fictief gelijk");
    json_object_set_new(b, "votes", votes(2, 2, 0));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "chair_vote", "tie without chair_vote");
    resp_free(&r);
    /* chair_vote on a non-tie, and without votes. */
    b = dec_body("Fictief geen gelijk");
    json_object_set_new(b, "votes", votes(3, 1, 0));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    json_object_set_new(b, "chair_vote", json_string("voor"));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "chair_vote", "chair_vote on a majority");
    resp_free(&r);
    b = dec_body("Fictief consensus");
    json_object_set_new(b, "chair_vote", json_string("tegen"));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "chair_vote", "chair_vote without votes");
    resp_free(&r);
    b = dec_body("Fictief gelijk");
    json_object_set_new(b, "votes", votes(2, 2, 0));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    json_object_set_new(b, "chair_vote", json_string("misschien"));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "chair_vote", "chair_vote neither voor nor tegen");
    resp_free(&r);
    /* Majority without the required dissent. */
    b = dec_body("Fictief meerderheid");
    json_object_set_new(b, "votes", votes(3, 1, 0));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "dissent", "majority aangenomen without dissent");
    resp_free(&r);
    b = dec_body("Fictief verworpen");
    json_object_set_new(b, "votes", votes(1, 3, 0));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "dissent", "majority verworpen (votes for) without dissent");
    resp_free(&r);
    b = dec_body("Fictief negatief");
    json_object_set_new(b, "votes", votes(-1, 0, 0));
    req(&d, "POST", dp, b, &r);
    expect_problem_field(&r, 400, "votes", "negative votes");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused decisions changed the database");
    char *after = view_text(&d, m);
    cr_expect(strcmp(before, after) == 0, "refused decisions changed the meeting view");
    free(before);
    free(after);

    /* A tie decided by the chair, both ways. */
    b = dec_body("Fictief gelijk voor");
    json_object_set_new(b, "votes", votes(2, 2, 1));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    json_object_set_new(b, "chair_vote", json_string("voor"));
    json_t *dec = decide(&d, m, it, b, "tie, chair voor");
    expect_rule(dec, "chair", "aangenomen", "tie, chair voor");
    cr_expect(jstr(dec, "chair_vote") && strcmp(jstr(dec, "chair_vote"), "voor") == 0,
              "chair_vote not kept");
    cr_expect_eq(jint(json_object_get(dec, "votes"), "voor"), 2, "votes.voor not kept");
    cr_expect_eq(jint(json_object_get(dec, "votes"), "tegen"), 2, "votes.tegen not kept");
    cr_expect_eq(jint(json_object_get(dec, "votes"), "onthouding"), 1, "votes.onthouding");
    cr_expect(jstr(dec, "decided_date") && strcmp(jstr(dec, "decided_date"), mdate) == 0,
              "decided_date does not default to the meeting date");
    cr_expect_eq(jint(dec, "version"), 1, "a new decision is not version 1");
    json_decref(dec);
    b = dec_body("Fictief gelijk tegen");
    json_object_set_new(b, "votes", votes(2, 2, 0));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    json_object_set_new(b, "chair_vote", json_string("tegen"));
    dec = decide(&d, m, it, b, "tie, chair tegen");
    expect_rule(dec, "chair", "verworpen", "tie, chair tegen");
    json_decref(dec);
    /* Majorities. */
    b = dec_body("Fictief meerderheid");
    json_object_set_new(b, "votes", votes(3, 1, 0));
    json_object_set_new(b, "dissent", json_string("Fictief tegengeluid"));
    dec = decide(&d, m, it, b, "3-1");
    expect_rule(dec, "majority", "aangenomen", "3-1");
    cr_expect(jstr(dec, "dissent") != NULL, "dissent not kept");
    cr_expect(json_is_null(json_object_get(dec, "chair_vote")) ||
                  json_object_get(dec, "chair_vote") == NULL,
              "3-1: a chair_vote recorded");
    json_decref(dec);
    b = dec_body("Fictief minderheid");
    json_object_set_new(b, "votes", votes(1, 3, 0));
    json_object_set_new(b, "dissent", json_string("Fictief voorstemmers"));
    dec = decide(&d, m, it, b, "1-3");
    expect_rule(dec, "majority", "verworpen", "1-3");
    json_decref(dec);
    /* Unanimous: no votes, and votes without any against. */
    dec = decide(&d, m, it, dec_body("Fictief consensus"), "no votes");
    expect_rule(dec, "unanimous", "aangenomen", "no votes");
    cr_expect(json_is_null(json_object_get(dec, "votes")) || json_object_get(dec, "votes") == NULL,
              "no votes: votes is not null");
    json_decref(dec);
    b = dec_body("Fictief eensgezind");
    json_object_set_new(b, "votes", votes(4, 0, 1));
    dec = decide(&d, m, it, b, "4-0");
    expect_rule(dec, "unanimous", "aangenomen", "4-0");
    json_decref(dec);

    json_t *v = view(&d, m);
    cr_expect_eq(json_array_size(json_object_get(item_of(v, it), "decisions")), 6,
                 "the item does not list the six decisions");
    json_decref(v);
}

/* ---- 4. immutability and adoption ---------------------------------------------------------- */

Test(meetings, decisions_immutable_and_adoption_freezes)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    int64_t body = the_body(&d);
    int64_t m = meeting_new(&d, body, -2); /* held two days ago */
    int64_t it = free_item(&d, m, "Fictief punt vaststelling", "Fictief materiaal vaststelling");
    char dp[160], ap[160], np[160], mp[160], due[11];
    IP(dp, m, it, "/decisions");
    IP(ap, m, it, "/actions");
    IP(np, m, it, "/minutes");
    srv_date(&S, 5, due);
    struct resp r;

    /* Attendance before the decisions: those present are copied into a decision. */
    MP(mp, m, "/attendance");
    cr_expect_eq(st(&d, "POST", mp,
                    json_pack("{s:[{s:I, s:s}, {s:I, s:s}]}", "entries", "user_id",
                              (json_int_t)U_PA, "status", "aanwezig", "user_id", (json_int_t)U_VZ,
                              "status", "aanwezig")),
                 200, "POST attendance");
    /* Draft minutes, saved twice: still version 1. */
    cr_assert_eq(st(&d, "POST", np, json_pack("{s:s}", "text", "Fictief concept een")), 200,
                 "POST minutes (draft)");
    cr_assert_eq(st(&d, "POST", np, json_pack("{s:s}", "text", "Fictief concept VERSIE-EEN")), 200,
                 "POST minutes (draft again)");
    json_t *v = view(&d, m);
    json_t *mins = json_object_get(item_of(v, it), "minutes");
    cr_expect(jstr(mins, "text") && strcmp(jstr(mins, "text"), "Fictief concept VERSIE-EEN") == 0,
              "draft minutes not saved");
    cr_expect_eq(jint(mins, "version"), 1, "a draft saved twice is not version 1");
    json_decref(v);

    json_t *d1 = decide(&d, m, it, dec_body("Fictief besluit een"), "decision 1");
    int64_t id1 = jint(d1, "id");
    bool attended = false;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(d1, "attendees"), i, a)
    {
        attended = attended || jint(a, "id") == U_PA;
    }
    cr_expect(attended, "a present core member is not among the decision's attendees");
    json_decref(d1);

    /* A correction is a new version; the original stays, superseded. */
    json_t *b = dec_body("Fictief besluit een, gecorrigeerd");
    json_object_set_new(b, "corrects", json_integer(id1));
    json_t *d2 = decide(&d, m, it, b, "correction of decision 1");
    int64_t id2 = jint(d2, "id");
    cr_expect(id2 != id1, "a correction did not make a new decision");
    cr_expect_eq(jint(d2, "corrects"), id1, "corrects not kept");
    cr_expect_eq(jint(d2, "version"), 2, "a correction is not version 2");
    json_decref(d2);
    v = view(&d, m);
    json_t *o1 = decision_of(v, it, id1);
    cr_expect(o1 != NULL, "the corrected decision is gone");
    cr_expect(jstr(o1, "text") && strcmp(jstr(o1, "text"), "Fictief besluit een") == 0,
              "the corrected decision's text changed");
    cr_expect_eq(jint(o1, "superseded_by"), id2, "superseded_by does not point to the correction");
    json_decref(v);

    /* Correcting the same decision twice. */
    char *before = view_text(&d, m);
    b = dec_body("Fictief tweede correctie");
    json_object_set_new(b, "corrects", json_integer(id1));
    req(&d, "POST", dp, b, &r);
    cr_expect_eq(r.status, 409, "second correction of one decision: %d, want 409", r.status);
    cr_expect(resp_is_problem(&r), "second correction: not problem+json");
    resp_free(&r);
    char *after = view_text(&d, m);
    cr_expect(strcmp(before, after) == 0, "a refused correction changed the meeting");
    free(before);
    free(after);
    /* The chain goes on from the correction. */
    b = dec_body("Fictief correctie van de correctie");
    json_object_set_new(b, "corrects", json_integer(id2));
    json_t *d3 = decide(&d, m, it, b, "correction of the correction");
    int64_t id3 = jint(d3, "id");
    cr_expect_eq(jint(d3, "version"), 3, "the second link of the chain is not version 3");
    json_decref(d3);

    /* Adoption: not of a meeting still to come; once for this one. */
    int64_t later = meeting_new(&d, body, 3);
    MP(mp, later, "/adopt");
    req(&d, "POST", mp, json_object(), &r);
    cr_expect_eq(r.status, 409, "adopt before the meeting date: %d, want 409", r.status);
    cr_expect(resp_is_problem(&r), "adopt before the date: not problem+json");
    resp_free(&r);
    v = view(&d, later);
    cr_expect(json_is_null(json_object_get(v, "adopted")), "a refused adoption adopted");
    json_decref(v);

    MP(mp, m, "/adopt");
    req(&d, "POST", mp, json_object(), &r);
    cr_assert_eq(r.status, 200, "adopt: %d", r.status);
    cr_expect(jstr(r.json, "state") && strcmp(jstr(r.json, "state"), "vastgesteld") == 0,
              "adopted meeting is not vastgesteld");
    json_t *ad = json_object_get(r.json, "adopted");
    cr_expect(json_is_object(ad), "adopted is not filled in");
    cr_expect_eq(jint(json_object_get(ad, "by"), "id"), U_DH, "adopted.by");
    resp_free(&r);

    before = view_text(&d, m);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    req(&d, "POST", mp, json_object(), &r);
    cr_expect_eq(r.status, 409, "adopt twice: %d, want 409", r.status);
    resp_free(&r);
    req(&d, "POST", dp, dec_body("Fictief nieuw besluit na vaststelling"), &r);
    cr_expect_eq(r.status, 409, "a new decision after adoption: %d, want 409", r.status);
    cr_expect(resp_is_problem(&r), "new decision after adoption: not problem+json");
    resp_free(&r);
    req(&d, "POST", ap, action_body(U_PA, due), &r);
    cr_expect_eq(r.status, 409, "a new action after adoption: %d, want 409", r.status);
    resp_free(&r);
    MP(mp, m, "/attendance");
    req(&d, "POST", mp,
        json_pack("{s:[{s:I, s:s}]}", "entries", "user_id", (json_int_t)U_PA, "status", "afwezig"),
        &r);
    cr_expect_eq(r.status, 409, "attendance after adoption: %d, want 409", r.status);
    resp_free(&r);
    /* Editing adopted minutes without a reason: 409 naming correction_reason. */
    req(&d, "POST", np, json_pack("{s:s}", "text", "Fictief stiekem aangepast"), &r);
    expect_problem_field(&r, 409, "correction_reason", "minutes after adoption without correction_reason");
    resp_free(&r);
    b = dec_body("Fictief tweede correctie na vaststelling");
    json_object_set_new(b, "corrects", json_integer(id1)); /* already corrected */
    req(&d, "POST", dp, b, &r);
    cr_expect_eq(r.status, 409, "correcting a superseded decision after adoption: %d", r.status);
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused requests after adoption changed the database");
    after = view_text(&d, m);
    cr_expect(strcmp(before, after) == 0, "refused requests after adoption changed the meeting");
    free(before);
    free(after);

    /* What adoption still allows: a correction of the latest decision, minutes with a reason. */
    b = dec_body("Fictief correctie na vaststelling");
    json_object_set_new(b, "corrects", json_integer(id3));
    json_t *d4 = decide(&d, m, it, b, "correction after adoption");
    cr_expect_eq(jint(d4, "corrects"), id3);
    json_decref(d4);
    cr_expect_eq(st(&d, "POST", np,
                    json_pack("{s:s, s:s}", "text", "Fictief VERSIE-TWEE", "correction_reason",
                              "Fictieve reden van correctie")),
                 200, "minutes after adoption with correction_reason");
    v = view(&d, m);
    mins = json_object_get(item_of(v, it), "minutes");
    cr_expect(jstr(mins, "text") && strcmp(jstr(mins, "text"), "Fictief VERSIE-TWEE") == 0,
              "corrected minutes not current");
    cr_expect_eq(jint(mins, "version"), 2, "corrected minutes are not version 2");
    bool kept = false;
    json_array_foreach(json_object_get(mins, "history"), i, a)
    {
        kept = kept || (jstr(a, "text") && strcmp(jstr(a, "text"), "Fictief concept VERSIE-EEN") == 0 &&
                        jint(a, "version") == 1);
    }
    cr_expect(kept, "the adopted version is not kept in the minutes history");
    json_decref(v);

    /* The database itself refuses to change a decision (trigger), also outside the API. */
    char sql[200];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM decision WHERE id = %lld", (long long)id1);
    cr_assert_eq(db_int(&S, sql), 1, "decision row not found by id");
    /* Control: the same statement on no row succeeds, so a failure below is the trigger's. */
    cr_assert(db_try_exec(&S, "UPDATE decision SET result = 'verworpen' WHERE 1 = 0"),
              "no write access to the test database");
    before = view_text(&d, m);
    snprintf(sql, sizeof(sql), "UPDATE decision SET result = 'verworpen' WHERE id = %lld",
             (long long)id1);
    cr_expect(!db_try_exec(&S, sql), "the database lets a decision be updated");
    snprintf(sql, sizeof(sql), "UPDATE decision SET decided_day = decided_day + 1 WHERE id = %lld",
             (long long)id2);
    cr_expect(!db_try_exec(&S, sql), "the database lets a correction be updated");
    after = view_text(&d, m);
    cr_expect(strcmp(before, after) == 0, "a decision changed in the database");
    free(before);
    free(after);
}

/* ---- 5. the access log --------------------------------------------------------------------- */

static json_t *logged(const struct sess *ss, const char *path, int *status)
{
    struct resp r;
    *status = req(ss, "GET", path, NULL, &r);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    return audit_records_for(&S, rid, NULL);
}

static json_t *logged_person(const struct sess *ss, const char *path, const char *bsn,
                             int *status)
{
    struct resp r;
    *status = req(ss, "GET", path, NULL, &r);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    return audit_records_for(&S, rid, bsn);
}

static size_t count_recs(const json_t *recs, const char *name, const char *object_type,
                         int64_t user)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        if ((name == NULL || (nm && strcmp(nm, name) == 0)) &&
            (object_type == NULL || (ot && strcmp(ot, object_type) == 0)) &&
            (user == 0 || jint(at, "regie.user_id") == user))
            n++;
    }
    return n;
}

Test(meetings, reads_and_writes_are_in_the_access_log)
{
    start();
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    struct fx f;
    fixture(&d, &f);
    char p[160];
    int s;

    /* The secretary's read names both signals' subjects. */
    MP(p, f.m1, "");
    json_t *recs = logged(&d, p, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", NULL, U_DH) >= 1, "secretary read: no read record");
    json_decref(recs);
    recs = logged_person(&d, p, f.bsn1, &s);
    cr_expect(json_array_size(recs) >= 1, "secretary read: no record about signal 1's subject");
    json_decref(recs);
    recs = logged_person(&d, p, f.bsn2, &s);
    cr_expect(json_array_size(recs) >= 1, "secretary read: no record about signal 2's subject");
    json_decref(recs);

    /* The invitee's read: recorded, about the subject of their item, not of the hidden one. */
    recs = logged(&j, p, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", NULL, U_JZ) >= 1, "invitee read: no read record");
    json_decref(recs);
    recs = logged_person(&j, p, f.bsn1, &s);
    cr_expect(json_array_size(recs) >= 1, "invitee read: no record about their item's subject");
    json_decref(recs);
    recs = logged_person(&j, p, f.bsn2, &s);
    cr_expect_eq(json_array_size(recs), 0,
                 "invitee read: a record about the subject of an item they do not see");
    json_decref(recs);
    MP(p, f.m1, "/pack");
    recs = logged(&j, p, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, NULL, NULL, U_JZ) >= 1, "invitee pack: no record");
    json_decref(recs);
    /* The invitee's 404 on a meeting without invitation names nobody. */
    MP(p, f.m2, "");
    recs = logged(&j, p, &s);
    cr_expect_eq(s, 404);
    json_decref(recs);
    recs = logged_person(&j, p, f.bsn1, &s);
    cr_expect_eq(json_array_size(recs), 0, "a refused read is logged about a data subject");
    json_decref(recs);

    /* Lists, queue, work list. */
    recs = logged(&d, "/api/meetings", &s);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "meeting list: no record");
    json_decref(recs);
    MP(p, f.m1, "/queue");
    recs = logged(&d, p, &s);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "queue: no record");
    json_decref(recs);
    recs = logged(&d, "/api/actions?scope=municipality", &s);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "work list: no record");
    json_decref(recs);

    /* A meeting with only a free item: one record without subject. */
    recs = logged(&d, "/api/bodies", &s);
    cr_expect_eq(s, 200);
    cr_expect(json_array_size(recs) >= 1, "bodies: no record");
    json_decref(recs);
    MP(p, f.m2, "");
    recs = logged(&d, p, &s);
    cr_expect_eq(s, 200);
    cr_expect(count_recs(recs, "read", NULL, U_DH) >= 1, "free-item meeting read: no record");
    json_decref(recs);

    /* Writes: a decision and an action, recorded with their object types. */
    IP(p, f.m1, f.i_fa, "/decisions");
    struct resp r;
    req(&d, "POST", p, dec_body("Fictief besluit log"), &r);
    cr_expect_eq(r.status, 201);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect(count_recs(recs, "create", "decision", U_DH) >= 1, "decision: no create record");
    json_decref(recs);
    char due[11];
    srv_date(&S, 10, due);
    IP(p, f.m1, f.i_sig, "/actions");
    req(&d, "POST", p, action_body(U_JZ, due), &r);
    cr_expect_eq(r.status, 201);
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, NULL);
    cr_expect(count_recs(recs, "create", "task", U_DH) >= 1, "action: no create record (task)");
    json_decref(recs);
    recs = audit_records_for(&S, rid, f.bsn1);
    cr_expect(json_array_size(recs) >= 1, "action on a signal item: no record about its subject");
    json_decref(recs);
}

/* ---- 6. the core member and the actions work list ----------------------------------------- */

Test(meetings, core_member_sees_every_item)
{
    start();
    struct sess d, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    /* The demo casusoverleg has the police partner as a core member. */
    json_t *o = get_ok(&d, "/api/meeting-options");
    bool demo_core = false;
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(o, "bodies"), i, b)
    {
        if (jstr(b, "name") && strcmp(jstr(b, "name"), "Casusoverleg Voorbeeldstad") == 0)
            demo_core = body_has_member(b, U_PA);
    }
    cr_expect(demo_core, "the demo Casusoverleg Voorbeeldstad lacks the police partner as member");
    cr_expect(json_is_true(json_object_get(o, "can_manage")), "secretary: can_manage false");
    json_decref(o);

    struct fx f;
    fixture(&d, &f);
    char p[160];
    struct resp r;
    int64_t all[] = {f.i_sig, f.i_fa, f.i_fb, f.i_sig2};

    json_t *e = listed_default(&pa, f.m1);
    cr_expect(e != NULL, "the core member's list lacks the meeting");
    if (e) {
        cr_expect(jstr(e, "access") && strcmp(jstr(e, "access"), "core") == 0,
                  "core list: access is not core");
        cr_expect_eq(jint(e, "items"), 4, "core list: item count");
    }
    json_decref(e);
    e = listed_default(&pa, f.m2);
    cr_expect(e != NULL, "the core member's list lacks the body's other meeting");
    json_decref(e);
    json_t *v = view(&pa, f.m1);
    cr_expect(jstr(v, "access") && strcmp(jstr(v, "access"), "core") == 0,
              "core view: access is not core");
    cr_expect(items_exactly(v, all, 4), "the core member does not see every item");
    const char *t1 = jstr(item_of(v, f.i_sig), "title");
    cr_expect(t1 && strcmp(t1, f.ref1) == 0, "a signal item's title is not its reference");
    cr_expect_eq(jint(json_object_get(item_of(v, f.i_sig), "signal"), "id"), f.sig,
                 "core view: the signal item without its signal");
    cr_expect(!json_is_true(json_object_get(v, "can_edit")), "core member: can_edit");
    json_decref(v);
    MP(p, f.m1, "/pack");
    req(&pa, "GET", p, NULL, &r);
    cr_expect_eq(r.status, 200, "core member's pack: %d", r.status);
    if (r.status == 200)
        cr_expect(items_exactly(r.json, all, 4), "the core member's pack lacks items");
    resp_free(&r);
    MP(p, f.m1, "/queue");
    req(&pa, "GET", p, NULL, &r);
    expect_deny(&r, "core member GET queue");
    resp_free(&r);
    IP(p, f.m1, f.i_fa, "/decisions");
    req(&pa, "POST", p, dec_body("Fictief besluit van een kernlid"), &r);
    expect_deny(&r, "core member POST decisions");
    resp_free(&r);

    /* Staff: any invitee's or member's pack; the queue. */
    snprintf(p, sizeof(p), "/api/meetings/%lld/pack?user_id=%lld", (long long)f.m1,
             (long long)U_JZ);
    req(&d, "GET", p, NULL, &r);
    check_invitee_view(&f, &r, "secretary asks jeugdzorg's pack");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/meetings/%lld/pack?user_id=%lld", (long long)f.m1,
             (long long)U_PA);
    req(&d, "GET", p, NULL, &r);
    cr_expect_eq(r.status, 200, "secretary asks the core member's pack: %d", r.status);
    if (r.status == 200)
        cr_expect(items_exactly(r.json, all, 4), "the core member's pack (by staff) lacks items");
    resp_free(&r);
    char bsn3[10];
    bsn_make(603, bsn3);
    int64_t sig3 = signal_weging(&d, "Fictief Wielewaal Derdemans", bsn3, "Fictief drie");
    MP(p, f.m1, "/queue");
    json_t *q = get_ok(&d, p);
    cr_expect(find_id(json_object_get(q, "signals"), "id", sig3) != NULL,
              "queue lacks a signal in weging");
    cr_expect(find_id(json_object_get(q, "signals"), "id", f.sig) == NULL,
              "queue offers a signal already on the meeting");
    json_decref(q);
}

Test(meetings, actions_work_list_with_overdue)
{
    start();
    struct sess d, pa, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "jeugdzorg", &j);
    int64_t body = the_body(&d);
    /* A meeting yesterday (the invitee's last day of the window) with an action due that day,
     * and one today with an action due in five days. */
    int64_t mold = meeting_new(&d, body, -1), mnew = meeting_new(&d, body, 0);
    int64_t iold = free_item(&d, mold, "Fictief punt OUD", "Fictief materiaal oud");
    int64_t inew = free_item(&d, mnew, "Fictief punt NIEUW", "Fictief materiaal nieuw");
    invite(&d, mold, iold, U_JZ, "Fictieve reden oud");
    invite(&d, mnew, inew, U_JZ, "Fictieve reden nieuw");
    char past[11], future[11], p[160];
    srv_date(&S, -1, past);
    srv_date(&S, 5, future);
    IP(p, mold, iold, "/actions");
    int64_t a_old = post_created(&d, p, action_body(U_JZ, past), "POST action (old meeting)");
    IP(p, mnew, inew, "/actions");
    int64_t a_new = post_created(&d, p, action_body(U_JZ, future), "POST action (new meeting)");
    int64_t a_pol = post_created(&d, p, action_body(U_PA, future), "POST action (police)");

    /* The owner's list: both of their actions from both meetings, not the police's. */
    json_t *l = get_ok(&j, "/api/actions");
    json_t *items = json_object_get(l, "items");
    cr_assert(json_is_array(items), "work list: no items[]");
    json_t *eo = find_id(items, "id", a_old), *en = find_id(items, "id", a_new);
    cr_expect(eo != NULL, "work list lacks the action of the earlier meeting");
    cr_expect(en != NULL, "work list lacks the action of today's meeting");
    cr_expect(find_id(items, "id", a_pol) == NULL, "work list shows another owner's action");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        cr_expect_eq(jint(json_object_get(it, "owner"), "id"), U_JZ,
                     "'mine' lists an action of another owner");
    }
    if (eo) {
        cr_expect(json_is_true(json_object_get(eo, "overdue")), "open and past due: not overdue");
        cr_expect_eq(jint(json_object_get(eo, "meeting"), "id"), mold, "meeting.id");
        cr_expect(jstr(eo, "item_title") && strcmp(jstr(eo, "item_title"), "Fictief punt OUD") == 0,
                  "item_title missing inside the window");
    }
    if (en) {
        cr_expect(!json_is_true(json_object_get(en, "overdue")), "due in 5 days: overdue");
        cr_expect(jstr(en, "item_title") && strcmp(jstr(en, "item_title"), "Fictief punt NIEUW") == 0,
                  "item_title missing inside the window");
    }
    /* Ordered by due date. */
    if (eo && en) {
        size_t io = 0, in = 0;
        json_array_foreach(items, i, it)
        {
            if (jint(it, "id") == a_old)
                io = i;
            if (jint(it, "id") == a_new)
                in = i;
        }
        cr_expect(io < in, "work list not ordered by due date");
    }
    cr_expect_eq(jint(l, "total"), (int64_t)json_array_size(items), "total");
    json_decref(l);

    /* The police's list has its own action only. */
    json_t *e = work_item(&pa, "", a_pol);
    cr_expect(e != NULL, "the police partner's list lacks their action");
    json_decref(e);
    e = work_item(&pa, "", a_old);
    cr_expect(e == NULL, "the police partner's list shows jeugdzorg's action");
    json_decref(e);
    /* The municipality sees all three, with titles. */
    e = work_item(&d, "?scope=municipality", a_old);
    cr_expect(e != NULL && jstr(e, "item_title") != NULL,
              "municipality list lacks the old action or its title");
    cr_expect(e == NULL || json_is_true(json_object_get(e, "overdue")),
              "municipality list: not overdue");
    json_decref(e);
    e = work_item(&d, "?scope=municipality", a_pol);
    cr_expect(e != NULL, "municipality list lacks the police action");
    json_decref(e);
    /* A partner may not ask for the municipality's list. */
    struct resp r;
    req(&j, "GET", "/api/actions?scope=municipality", NULL, &r);
    if (r.status == 200) {
        cr_expect(find_id(json_object_get(r.json, "items"), "id", a_pol) == NULL,
                  "scope=municipality as a partner shows another owner's action");
    } else if (r.status == 400) {
        cr_expect(resp_is_problem(&r) && resp_names_field(&r, "scope"),
                  "scope=municipality as a partner: 400 without naming scope");
    } else {
        expect_deny(&r, "scope=municipality as a partner");
    }
    resp_free(&r);

    /* The owner closes the overdue one: gereed, no longer overdue, out of the open list. */
    snprintf(p, sizeof(p), "/api/actions/%lld", (long long)a_old);
    req(&j, "POST", p, json_pack("{s:s}", "status", "onzin"), &r);
    expect_problem_field(&r, 400, "status", "action with an unknown status");
    resp_free(&r);
    cr_expect_eq(st(&j, "POST", p, json_pack("{s:s, s:s}", "status", "gereed", "note", "Fictief")),
                 200, "owner sets own action to gereed");
    e = work_item(&j, "?status=open", a_old);
    cr_expect(e == NULL, "a gereed action in the open list");
    json_decref(e);
    e = work_item(&j, "?status=gereed", a_old);
    cr_expect(e != NULL, "a gereed action missing from status=gereed");
    if (e) {
        cr_expect(jstr(e, "status") && strcmp(jstr(e, "status"), "gereed") == 0, "status");
        cr_expect(!json_is_true(json_object_get(e, "overdue")), "a gereed action is overdue");
    }
    json_decref(e);
    /* The police partner cannot close jeugdzorg's action. */
    snprintf(p, sizeof(p), "/api/actions/%lld", (long long)a_new);
    req(&pa, "POST", p, json_pack("{s:s}", "status", "vervallen"), &r);
    expect_deny(&r, "another partner sets an action's status");
    resp_free(&r);
    e = work_item(&j, "", a_new);
    cr_expect(e != NULL && jstr(e, "status") && strcmp(jstr(e, "status"), "open") == 0,
              "a refused status change changed the action");
    json_decref(e);
}

/* An invitee is an invitee of the item also outside their reading window: the secretary records
 * actions for them after the meeting and their apology before it (docs/meetings.md: "owner must
 * be an active user (core member, invitee or municipality staff)"; attendance: "the user must be
 * a core member, invitee of an item, the chair or the secretary"). */
Test(meetings, invitee_outside_the_window_can_own_an_action_and_send_apologies)
{
    start();
    struct sess d, j;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "jeugdzorg", &j);
    int64_t body = the_body(&d);
    int64_t mold = meeting_new(&d, body, -3), mlater = meeting_new(&d, body, 10);
    int64_t iold = free_item(&d, mold, "Fictief punt OUD", "Fictief materiaal oud");
    int64_t ilater = free_item(&d, mlater, "Fictief punt LATER", "Fictief materiaal later");
    invite(&d, mold, iold, U_JZ, "Fictieve reden oud");
    invite(&d, mlater, ilater, U_JZ, "Fictieve reden later");
    char due[11], p[160];
    srv_date(&S, 2, due);
    IP(p, mold, iold, "/actions");
    struct resp r;
    req(&d, "POST", p, action_body(U_JZ, due), &r);
    cr_expect_eq(r.status, 201, "action owned by the item's invitee, 3 days after the meeting: %d",
                 r.status);
    int64_t act = r.status == 201 ? created(&r, "POST actions") : 0;
    resp_free(&r);
    if (act) {
        json_t *e = work_item(&j, "", act);
        cr_expect(e != NULL, "the invitee's action missing from their work list");
        if (e) {
            cr_expect(jstr(e, "item_title") == NULL,
                      "item_title given for an item outside the invitee's window");
            cr_expect(!json_has_substring(e, "OUD"), "the old item's text in the work list");
        }
        json_decref(e);
    }
    MP(p, mlater, "/attendance");
    req(&d, "POST", p,
        json_pack("{s:[{s:I, s:s}]}", "entries", "user_id", (json_int_t)U_JZ, "status",
                  "afgemeld"),
        &r);
    cr_expect_eq(r.status, 200, "apology of the item's invitee 10 days before the meeting: %d",
                 r.status);
    resp_free(&r);
}

/* ---- roles without access to the meeting ---------------------------------------------------- */

Test(meetings, other_roles_and_municipalities_see_nothing)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct fx f;
    fixture(&d, &f);
    char p[160], pi[160], due[11];
    MP(p, f.m1, "");
    IP(pi, f.m1, f.i_fa, "/actions");
    srv_date(&S, 9, due);
    /* Logins first: a login records the TOTP step on the account (the database changes). */
    static const char *const none[] = {"melder", "raadslid", "fg", "beheerder"};
    struct sess xs[4], d2, g, b;
    for (size_t k = 0; k < 4; k++)
        login_ok(&S, none[k], &xs[k]);
    login_ok(&S, "dossierhouder2", &d2);
    bool ggz_in = login(&S, "ggz", &g) == 201;
    login_ok(&S, "burgemeester", &b);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
    struct resp r;

    /* Roles that have nothing to do with the overleg: 403 on every route. */
    for (size_t k = 0; k < 4; k++) {
        const struct sess *x = &xs[k];
        const char *gets[] = {"/api/meetings", "/api/meeting-options", "/api/bodies",
                              "/api/actions", p};
        for (size_t q = 0; q < 5; q++) {
            char what[96];
            snprintf(what, sizeof(what), "role %zu GET route %zu", k, q);
            req(x, "GET", gets[q], NULL, &r);
            expect_deny(&r, what);
            cr_expect(r.body == NULL || strstr(r.body, "ZICHTBAAR") == NULL, "%s leaks", what);
            resp_free(&r);
        }
        req(x, "POST", pi, action_body(x->user_id, due), &r);
        expect_deny(&r, "POST actions by a role without access");
        resp_free(&r);
    }

    /* Another municipality's dossierhouder: the meeting does not exist for them. */
    req(&d2, "GET", p, NULL, &r);
    expect_404(&r, "other municipality GET meeting");
    resp_free(&r);
    json_t *e = listed_default(&d2, f.m1);
    cr_expect(e == NULL, "another municipality lists the meeting");
    json_decref(e);
    char pp[160];
    MP(pp, f.m1, "/queue");
    req(&d2, "GET", pp, NULL, &r);
    expect_deny(&r, "other municipality GET queue");
    resp_free(&r);
    MP(pp, f.m1, "/items");
    req(&d2, "POST", pp, json_pack("{s:s, s:s}", "kind", "free", "title", "Fictief"), &r);
    expect_deny(&r, "other municipality POST items");
    resp_free(&r);
    json_t *ml = get_ok(&d2, "/api/actions?scope=municipality");
    cr_expect(find_id(json_object_get(ml, "items"), "id", f.act_fb) == NULL,
              "another municipality's work list shows the action");
    json_decref(ml);

    /* A partner organisation without a covenant (GGZ in the demo). */
    if (ggz_in) {
        req(&g, "GET", p, NULL, &r);
        expect_deny(&r, "partner without covenant GET meeting");
        resp_free(&r);
    }

    /* The burgemeester of the municipality reads the whole meeting. */
    json_t *v = view(&b, f.m1);
    int64_t all[] = {f.i_sig, f.i_fa, f.i_fb, f.i_sig2};
    cr_expect(items_exactly(v, all, 4), "the burgemeester does not see every item");
    json_decref(v);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused requests changed the database");

    /* The list window: from/to at most two years apart. */
    req(&d, "GET", "/api/meetings?from=2020-01-01&to=2023-01-02", NULL, &r);
    cr_expect_eq(r.status, 400, "a list window over two years: %d", r.status);
    cr_expect(resp_names_field(&r, "from") || resp_names_field(&r, "to"),
              "a list window over two years: from/to not named");
    resp_free(&r);
}

/* The privacy officer's review queue ("not owner or participant at that moment") covers reads
 * of meetings: the secretary, a core member and an invitee in the window are expected; once the
 * member has left the body, the member's earlier read is flagged for review (membership is
 * judged as it is now: docs/meetings.md). */
static size_t flagged(const struct sess *fg, int64_t mid, int64_t user)
{
    struct resp r;
    char oid[24], uid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)mid);
    snprintf(uid, sizeof(uid), "%lld", (long long)user);
    cr_assert_eq(sess_do(&S, fg, "GET", "/api/audit?queue=not_participant", NULL, NULL, NULL, &r),
                 0, "review queue: transport");
    cr_assert_eq(r.status, 200, "review queue: %d", r.status);
    size_t n = 0, i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *ot = json_string_value(json_object_get(at, "regie.object_type"));
        const char *oi = json_string_value(json_object_get(at, "regie.object_id"));
        json_t *u = json_object_get(at, "regie.user_id");
        char ub[24] = "";
        if (json_is_integer(u))
            snprintf(ub, sizeof(ub), "%lld", (long long)json_integer_value(u));
        else if (json_is_string(u))
            snprintf(ub, sizeof(ub), "%s", json_string_value(u));
        n += ot && oi && strcmp(ot, "meeting") == 0 && strcmp(oi, oid) == 0 &&
             strcmp(ub, uid) == 0;
    }
    resp_free(&r);
    return n;
}

Test(meetings, review_queue_flags_a_read_by_a_member_who_left)
{
    start();
    struct sess d, p, j, fg;
    login_ok(&S, "dossierhouder", &d);
    int64_t body = the_body(&d);
    int64_t m = meeting_new(&d, body, 1);
    int64_t it = free_item(&d, m, "Fictief punt REVIEW", "Fictief materiaal REVIEW");
    invite(&d, m, it, U_JZ, "Fictieve reden review");
    login_ok(&S, "partner", &p);
    login_ok(&S, "jeugdzorg", &j);
    char path[64];
    snprintf(path, sizeof(path), "/api/meetings/%lld", (long long)m);
    cr_assert_eq(st(&p, "GET", path, NULL), 200, "core member reads the meeting");
    cr_assert_eq(st(&j, "GET", path, NULL), 200, "invitee reads the meeting");
    cr_assert_eq(st(&d, "GET", path, NULL), 200, "secretary reads the meeting");
    login_ok(&S, "fg", &fg);
    cr_expect_eq(flagged(&fg, m, U_PA), 0, "a core member's read was flagged");
    cr_expect_eq(flagged(&fg, m, U_JZ), 0, "an invitee's read in the window was flagged");
    cr_expect_eq(flagged(&fg, m, U_DH), 0, "the secretary's read was flagged");
    char bp[64];
    snprintf(bp, sizeof(bp), "/api/bodies/%lld", (long long)body);
    cr_assert_eq(st(&d, "POST", bp, json_pack("{s:[]}", "members")), 200, "member removed");
    cr_expect_eq(flagged(&fg, m, U_PA), 1, "the read of a member who left is not flagged");
    cr_expect_eq(flagged(&fg, m, U_JZ), 0, "the invitee's read became flagged");
}
