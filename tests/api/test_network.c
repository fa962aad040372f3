/* test_network.c: the network analysis of a case (issue 8) over real HTTP, against the contract
 * in docs/network.md and the policy table src/policy/policy.csv.
 *
 *  - "also known in another case": a viewer who may not read the other case sees for the shared
 *    person (same name + birth date, or same BSN) only {hit, municipality, contact}: no case id,
 *    no reference, no person id, no name, no relation detail; the other way round the same; a
 *    person without a twin is known nowhere else; a case the viewer may read gives its case id
 *    and reference; each other case is named once; every lookup is in the access log on both
 *    sides (a search record about the caller's person and one about the other case's person);
 *  - the graph and the persons list write exactly one access-log record per person returned;
 *  - the graph: depth 1 gives the centre and its direct neighbours, depth 2 and 3 more; depth
 *    outside 1..3 and a centre from another case are 400 naming the parameter; the path is a
 *    connected sequence of returned edges;
 *  - refused inputs (relation to itself or to a person outside the network, unknown type or
 *    confidence, person without name/BSN/description, BSN failing the elfproef, assessment
 *    without reason or with an unknown concern, follow-up measure of a non-care type) name the
 *    field and change nothing (DB fingerprint without the access log and session tables);
 *  - a participating partner reads the network but may not add to it (403); another
 *    municipality's dossierhouder gets 404; melder, raadslid, fg and beheerder 403;
 *  - follow-up: a new signal (readable by the dossierhouder) or a care measure in the case,
 *    both linked back from the network person;
 *  - no score, rank or risk number anywhere; a concern assessment is shown as recorded (newest
 *    first) and cannot be changed in the database;
 *  - the members of the persons list and graph nodes named in docs/network.md.
 * Fixtures are made through the API: a signal moved to weging and weighed to opname_pga with an
 * admission (as in test_cases.c), then network persons and relations.
 * Every person in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1 /* strcasestr */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

/* Tables that change with logins and session activity, and the access log (which records
 * refused requests by design). */
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_PD, ORG_POL, ORG_JZ;
static int64_t U_DH, U_DH2, U_PA, U_VZ;

static void ids(void)
{
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_PD = demo_org_id(&S, "Gemeente Proefdorp");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    ORG_JZ = demo_org_id(&S, "Jeugdzorg Voorbeeldregio");
    cr_assert(ORG_VS > 0 && ORG_PD > 0 && ORG_POL > 0 && ORG_JZ > 0, "demo organisations missing");
    U_DH = demo_id(&S, "dossierhouder");
    U_DH2 = demo_id(&S, "dossierhouder2");
    U_PA = demo_id(&S, "partner");
    U_VZ = demo_id(&S, "voorzitter");
    cr_assert(U_DH > 0 && U_DH2 > 0 && U_PA > 0 && U_VZ > 0, "demo accounts missing");
}

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
    ids();
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

/* One suite; every test starts its own server. */
TestSuite(network, .fini = stop, .timeout = 300);

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

static bool body_has(const struct resp *r, const char *needle)
{
    return r->body != NULL && strstr(r->body, needle) != NULL;
}

static void expect_status(const struct resp *r, int want, const char *what)
{
    cr_expect_eq(r->status, want, "%s: status %d, want %d", what, r->status, want);
    if (r->status >= 400)
        cr_expect(resp_is_problem(r), "%s: refusal is not problem+json", what);
}

/* POSTs body (stolen) as ss; expects 201; returns the answer (new reference). */
static json_t *post_ok(const struct sess *ss, const char *path, json_t *body, const char *what)
{
    struct resp r;
    int s = req(ss, "POST", path, body, &r);
    cr_assert_eq(s, 201, "%s: %d", what, s);
    json_t *j = r.json ? json_incref(r.json) : json_object();
    resp_free(&r);
    return j;
}

/* "/api/cases/{cid}/network{suffix}" */
#define NP(buf, cid, suffix)                                                                       \
    snprintf(buf, sizeof(buf), "/api/cases/%lld/network%s", (long long)(cid), suffix)
/* "/api/network/persons/{pid}{suffix}" */
#define PP(buf, pid, suffix)                                                                       \
    snprintf(buf, sizeof(buf), "/api/network/persons/%lld%s", (long long)(pid), suffix)
/* "/api/persons/{pid}/links" */
#define LP(buf, pid) snprintf(buf, sizeof(buf), "/api/persons/%lld/links", (long long)(pid))

/* ---- fixtures: a signal weighed to an admission -------------------------------------------- */

struct cfx {
    int64_t sig, id, subject;
    char bsn[10];
};

static json_t *person(const char *name, const char *dob, const char *bsn)
{
    return json_pack("{s:s, s:s*, s:s*, s:s*}", "kind", "person", "name", name, "birth_date", dob,
                     "bsn", bsn);
}

/* A weighing body with outcome opname_pga, attended by the municipality only (so no partner
 * becomes a participant by weighing), casusregisseur regisseur. */
static json_t *admission_body(const struct sess *d, int64_t muni, int64_t regisseur)
{
    json_t *opts = get_ok(d, "/api/signal-options");
    char today[11], next_week[11];
    srv_date(&S, 0, today);
    srv_date(&S, 7, next_week);
    json_t *crit = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(opts, "criteria"), i, c)
    {
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s}", "code", jstr(c, "code"),
                                              "assessment", "ja", "note", "Fictieve toelichting"));
    }
    json_decref(opts);
    cr_assert(json_array_size(crit) > 0, "no weighing criteria configured");
    json_t *b =
        json_pack("{s:s, s:b, s:[{s:I, s:s, s:s}], s:o, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}",
                  "decided_on", today, "in_meeting", 1, "attendees", "org_id", (json_int_t)muni,
                  "name", "Fictieve Deelnemer", "function", "Fictieve functie", "criteria", crit,
                  "rationale", "Fictieve onderbouwing van de weging", "proportionality",
                  "Fictieve proportionaliteit", "subsidiarity", "Fictieve subsidiariteit",
                  "decision_rule", "unaniem", "outcome", "opname_pga", "admission",
                  "casusregisseur_id", (json_int_t)regisseur, "first_overleg_date", next_week);
    cr_assert_not_null(b);
    return b;
}

static json_t *persons_of(const struct sess *ss, int64_t cid);
static int64_t item_pid(const json_t *it);

/* A case of municipality muni made by its dossierhouder d (user regisseur): a signal about one
 * fictional person (seed gives the BSN), moved to weging and weighed to opname_pga. f->subject
 * is the subject's person id (from the network persons list). */
static void case_in(const struct sess *d, struct cfx *f, int64_t muni, int64_t regisseur,
                    uint32_t seed, const char *name, const char *dob)
{
    memset(f, 0, sizeof(*f));
    bsn_make(seed, f->bsn);
    json_t *b = json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}}", "municipality_id", (json_int_t)muni,
                          "route", "professional", "subjects", person(name, dob, f->bsn),
                          "observed", "Fictieve waarneming", "acute", "danger", 0);
    struct resp r;
    int s = req(d, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    f->sig = jint(r.json, "id");
    resp_free(&r);
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/status", (long long)f->sig);
    static const char *const steps[] = {"geregistreerd", "informatie_aanvullen", "weging"};
    for (size_t i = 0; i < 3; i++) {
        s = st(d, "POST", p, json_pack("{s:s}", "state", steps[i]));
        cr_assert(s == 200 || s == 201 || s == 409, "signal status %s: %d", steps[i], s);
    }
    snprintf(p, sizeof(p), "/api/signals/%lld/weighings", (long long)f->sig);
    s = req(d, "POST", p, admission_body(d, muni, regisseur), &r);
    cr_assert_eq(s, 201, "weighing opname_pga: %d", s);
    json_t *w = json_object_get(r.json, "weighing");
    f->id = jint(w ? w : r.json, "case_id");
    if (f->id <= 0)
        f->id = jint(r.json, "case_id");
    resp_free(&r);
    cr_assert(f->id > 0, "the admission gave no case_id");
    json_t *l = persons_of(d, f->id);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(l, "items"), i, it)
    {
        if (json_is_true(json_object_get(it, "subject"))) {
            f->subject = item_pid(it);
            break;
        }
    }
    json_decref(l);
    cr_assert(f->subject > 0, "the network of a new case has no subject");
}

/* ---- network helpers ----------------------------------------------------------------------- */

/* The person id of a persons-list item or graph node: person.id when the item nests the person
 * (docs/network.md), else the item's id. */
static int64_t item_pid(const json_t *it)
{
    json_t *p = json_object_get(it, "person");
    if (json_is_object(p) && valid_id(json_object_get(p, "id")))
        return jint(p, "id");
    return jint(it, "id");
}

static json_t *persons_of(const struct sess *ss, int64_t cid)
{
    char p[96];
    NP(p, cid, "/persons");
    json_t *j = get_ok(ss, p);
    cr_assert(json_is_array(json_object_get(j, "items")), "persons list: no items[]");
    return j;
}

/* The item of the persons list l about person pid (borrowed; NULL if absent). */
static json_t *item_of(const json_t *l, int64_t pid)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(l, "items"), i, it)
    {
        if (item_pid(it) == pid)
            return it;
    }
    return NULL;
}

static json_t *np_body(const char *name, const char *dob, const char *bsn, const char *desc)
{
    json_t *b = json_object();
    if (name)
        json_object_set_new(b, "name", json_string(name));
    if (dob)
        json_object_set_new(b, "birth_date", json_string(dob));
    if (bsn)
        json_object_set_new(b, "bsn", json_string(bsn));
    if (desc)
        json_object_set_new(b, "description", json_string(desc));
    return b;
}

/* Adds a network person as ss; returns its person id (created_id). */
static int64_t np_add(const struct sess *ss, int64_t cid, const char *name, const char *dob,
                      const char *bsn)
{
    char p[96];
    NP(p, cid, "/persons");
    json_t *j = post_ok(ss, p, np_body(name, dob, bsn, NULL), "POST network person");
    json_t *c = json_object_get(j, "created_id");
    cr_assert(valid_id(c), "POST network person: no valid created_id");
    int64_t id = (int64_t)json_integer_value(c);
    cr_expect(json_is_array(json_object_get(j, "items")),
              "POST network person: the answer is not the network view");
    json_decref(j);
    return id;
}

static json_t *rel_body(int64_t from, int64_t to, const char *type, const char *conf,
                        const char *note)
{
    json_t *b = json_pack("{s:I, s:I, s:s}", "from_id", (json_int_t)from, "to_id", (json_int_t)to,
                          "type", type);
    if (conf)
        json_object_set_new(b, "confidence", json_string(conf));
    if (note)
        json_object_set_new(b, "note", json_string(note));
    return b;
}

/* Adds a relation as ss; returns its id (created_id). */
static int64_t rel_add(const struct sess *ss, int64_t cid, int64_t from, int64_t to,
                       const char *type, const char *note)
{
    char p[96];
    NP(p, cid, "/relations");
    json_t *j = post_ok(ss, p, rel_body(from, to, type, "confirmed", note), "POST relation");
    json_t *c = json_object_get(j, "created_id");
    cr_assert(valid_id(c), "POST relation: no valid created_id");
    int64_t id = (int64_t)json_integer_value(c);
    json_decref(j);
    return id;
}

/* Sorted-set comparison of the integer member key of every element of arr against want. */
static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static bool ids_exactly(const json_t *arr, bool pids, const int64_t *want, size_t n)
{
    if (!json_is_array(arr) || json_array_size(arr) != n)
        return false;
    int64_t got[64], exp[64];
    cr_assert(n <= 64);
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        got[i] = pids ? item_pid(it) : (int64_t)json_integer_value(it);
    }
    memcpy(exp, want, n * sizeof(*want));
    qsort(got, n, sizeof(*got), cmp64);
    qsort(exp, n, sizeof(*exp), cmp64);
    return memcmp(got, exp, n * sizeof(*got)) == 0;
}

static bool node_in(const json_t *nodes, int64_t pid)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)nodes, i, it)
    {
        if (item_pid(it) == pid)
            return true;
    }
    return false;
}

static json_t *node_of(const json_t *nodes, int64_t pid)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)nodes, i, it)
    {
        if (item_pid(it) == pid)
            return it;
    }
    return NULL;
}

/* True when an edge of edges joins a and b (either direction). */
static bool edge_joins(const json_t *edges, int64_t a, int64_t b)
{
    size_t i;
    json_t *e;
    json_array_foreach((json_t *)edges, i, e)
    {
        int64_t f = jint(e, "from"), t = jint(e, "to");
        if ((f == a && t == b) || (f == b && t == a))
            return true;
    }
    return false;
}

/* Every edge of g joins two returned nodes. */
static bool edges_within_nodes(const json_t *g)
{
    const json_t *nodes = json_object_get(g, "nodes");
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(g, "edges"), i, e)
    {
        if (!node_in(nodes, jint(e, "from")) || !node_in(nodes, jint(e, "to")))
            return false;
    }
    return true;
}

/* GET path (as ss) into r; returns the status. */
static int get(const struct sess *ss, const char *path, struct resp *r)
{
    return req(ss, "GET", path, NULL, r);
}

/* ---- access-log helpers -------------------------------------------------------------------- */

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

/* Records of recs whose regie.object_id is the decimal text of id. */
static size_t count_object(const json_t *recs, int64_t id)
{
    char want[32];
    snprintf(want, sizeof(want), "%lld", (long long)id);
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        const char *o = jstr(json_object_get(it, "attributes"), "regie.object_id");
        if (o && strcmp(o, want) == 0)
            n++;
    }
    return n;
}

/* Distinct data subjects among recs (records without a subject are not counted). */
static size_t distinct_subjects(const json_t *recs)
{
    const char *seen[1024];
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        const char *s = jstr(json_object_get(it, "attributes"), "dpl.core.data_subject_id");
        if (s == NULL)
            continue;
        bool dup = false;
        for (size_t k = 0; k < n && !dup; k++)
            dup = strcmp(seen[k], s) == 0;
        if (!dup && n < 1024)
            seen[n++] = s;
    }
    return n;
}

/* ---- the shared fixture of the graph tests --------------------------------------------------
 *
 *   S (subject, centre) -- P1 (parent) -- P3 (cousin) -- P4 (friend) -- P5 (online_contact)
 *   S -- P2 (sibling)
 *   P6: no relation (its own component)
 */
struct gfx {
    struct cfx c;
    int64_t p[7]; /* p[0] = the subject */
    char bsn1[10], bsn5[10], bsn6[10];
};

static void graph_fixture(const struct sess *d, struct gfx *g, uint32_t seed)
{
    case_in(d, &g->c, ORG_VS, U_DH, seed, "Fictief Centrum Grafmans", "1995-01-15");
    bsn_make(seed + 1, g->bsn1);
    bsn_make(seed + 5, g->bsn5);
    bsn_make(seed + 6, g->bsn6);
    int64_t cid = g->c.id;
    g->p[0] = g->c.subject;
    g->p[1] = np_add(d, cid, "Fictieve Ouder Grafmans", "1965-03-03", g->bsn1);
    g->p[2] = np_add(d, cid, "Fictieve Zus Grafmans", "1997-04-04", NULL);
    g->p[3] = np_add(d, cid, "Fictieve Neef Grafmans", "1994-05-05", NULL);
    g->p[4] = np_add(d, cid, "Fictieve Vriend Grafmans", NULL, NULL);
    g->p[5] = np_add(d, cid, "Fictief Onlinecontact Grafmans", NULL, g->bsn5);
    g->p[6] = np_add(d, cid, "Fictieve Losse Grafmans", "1980-06-06", g->bsn6);
    rel_add(d, cid, g->p[0], g->p[1], "parent", NULL);
    rel_add(d, cid, g->p[0], g->p[2], "sibling", NULL);
    rel_add(d, cid, g->p[1], g->p[3], "cousin", NULL);
    rel_add(d, cid, g->p[3], g->p[4], "friend", NULL);
    rel_add(d, cid, g->p[4], g->p[5], "online_contact", NULL);
}

/* GET graph of cid with query q ("" or "?depth=1&from=..."): 200 expected; new reference. */
static json_t *graph_ok(const struct sess *ss, int64_t cid, const char *q)
{
    char p[192], s[128];
    snprintf(s, sizeof(s), "/graph%s", q);
    NP(p, cid, s);
    json_t *g = get_ok(ss, p);
    cr_assert(json_is_array(json_object_get(g, "nodes")) &&
                  json_is_array(json_object_get(g, "edges")),
              "graph%s: no nodes[] / edges[]", q);
    return g;
}

/* ---- 1. also known in another case --------------------------------------------------------- */

static const char TWIN_NAME[] = "Fictieve Gedeelde Kwartelkoning";
static const char TWIN_DOB[] = "2002-02-12";
static const char REL_B_NOTE[] = "Fictief GEHEIM-RELATIE-B";

/* The item of a hit in a case the caller may not read: only hit, municipality, contact. */
static void expect_blind_hit(const struct resp *r, int64_t muni, const char *muni_word,
                             const char *what)
{
    json_t *items = json_object_get(r->json, "items");
    cr_assert(json_is_array(items), "%s: no items[]", what);
    cr_assert_eq(json_array_size(items), 1, "%s: %zu items, want 1", what, json_array_size(items));
    json_t *it = json_array_get(items, 0);
    cr_expect(json_is_true(json_object_get(it, "hit")), "%s: hit is not true", what);
    cr_expect(json_is_true(json_object_get(r->json, "known_elsewhere")),
              "%s: known_elsewhere is not true", what);
    json_t *m = json_object_get(it, "municipality");
    cr_expect(json_is_object(m) && jint(m, "id") == muni, "%s: wrong or no municipality.id", what);
    cr_expect(json_is_object(m) && jstr(m, "name") && strstr(jstr(m, "name"), muni_word),
              "%s: municipality.name does not name the municipality", what);
    const char *c = jstr(it, "contact");
    cr_expect(c != NULL && strstr(c, "dossierhouder") && strstr(c, muni_word),
              "%s: contact does not point to the other municipality's dossierhouder", what);
    const char *k;
    json_t *v;
    json_object_foreach(it, k, v)
    {
        cr_expect(strcmp(k, "hit") == 0 || strcmp(k, "municipality") == 0 ||
                      strcmp(k, "contact") == 0,
                  "%s: the hit carries the member '%s' (only hit, municipality, contact)", what, k);
    }
    cr_expect(!json_has_key(r->json, "case_id"), "%s: a case_id in the answer", what);
    cr_expect(!json_has_key(r->json, "reference"), "%s: a reference in the answer", what);
    cr_expect(json_object_get(it, "person_id") == NULL && json_object_get(it, "id") == NULL,
              "%s: a person id of the other case", what);
    cr_expect(json_object_get(it, "name") == NULL && !json_has_key(r->json, "birth_date") &&
                  !json_has_key(r->json, "bsn") && !json_has_key(r->json, "relation") &&
                  !json_has_key(r->json, "type"),
              "%s: personal data or a relation of the other case", what);
    cr_expect(json_object_get(r->json, "name") == NULL, "%s: a name in the answer", what);
}

Test(network, links_other_municipality_sees_only_the_hit_and_both_sides_are_logged)
{
    start();
    struct sess d, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    struct cfx a, b;
    case_in(&d, &a, ORG_VS, U_DH, 8101, "Fictieve Ankie Netwerkmans", "1991-01-21");
    case_in(&d2, &b, ORG_PD, U_DH2, 8201, "Fictieve Bertus Proefnetwerk", "1992-02-22");

    /* Case A: the twin by name + birth date, the twin by BSN only, and a person known nowhere
     * else. Case B: the same twins, related to B's subject with a detail of its own. Twins by
     * name + birth date carry different BSNs, so the access log can be searched per side. */
    char bsn_ta[10], bsn_tb[10], bsn_q[10], bsn_na[10];
    bsn_make(8111, bsn_ta);
    bsn_make(8211, bsn_tb);
    bsn_make(8311, bsn_q);
    bsn_make(8411, bsn_na);
    int64_t ta = np_add(&d, a.id, TWIN_NAME, TWIN_DOB, bsn_ta);
    int64_t qa = np_add(&d, a.id, "Fictieve Alleenbsn Anker", NULL, bsn_q);
    int64_t na = np_add(&d, a.id, "Fictieve Zondertweeling Uniek", "1977-07-17", bsn_na);
    rel_add(&d, a.id, a.subject, ta, "friend", "Fictief vriendschap A");
    rel_add(&d, a.id, a.subject, na, "classmate", NULL);
    int64_t tb = np_add(&d2, b.id, TWIN_NAME, TWIN_DOB, bsn_tb);
    int64_t qb = np_add(&d2, b.id, "Fictieve Andersbenoemd Boei", "1960-10-10", bsn_q);
    int64_t rb = rel_add(&d2, b.id, b.subject, tb, "recruiter", REL_B_NOTE);
    rel_add(&d2, b.id, tb, qb, "key_figure", NULL);
    char cp[96];
    snprintf(cp, sizeof(cp), "/api/cases/%lld", (long long)b.id);
    json_t *bv = get_ok(&d2, cp);
    char ref_b[96] = "";
    if (jstr(bv, "reference"))
        snprintf(ref_b, sizeof(ref_b), "%s", jstr(bv, "reference"));
    json_decref(bv);
    cr_assert(strlen(ref_b) >= 3, "case B has no reference");

    /* The Voorbeeldstad dossierhouder looks up A's twin: only the hit for Proefdorp. */
    char p[96];
    struct resp r;
    LP(p, ta);
    cr_assert_eq(get(&d, p, &r), 200, "links of A's twin: %d", r.status);
    cr_expect_eq(jint(r.json, "person_id"), ta, "links: person_id is not the asked person");
    expect_blind_hit(&r, ORG_PD, "Proefdorp", "dossierhouder links A-twin");
    cr_expect(!id_in_resp(&r, b.id), "links: case B's id leaks");
    cr_expect(!id_in_resp(&r, b.sig), "links: case B's signal id leaks");
    cr_expect(!id_in_resp(&r, tb), "links: B's person id leaks");
    cr_expect(!id_in_resp(&r, b.subject), "links: B's subject id leaks");
    cr_expect(!id_in_resp(&r, rb), "links: B's relation id leaks");
    cr_expect(!body_has(&r, ref_b), "links: case B's reference leaks");
    cr_expect(!body_has(&r, "Kwartelkoning") && !body_has(&r, "Bertus") &&
                  !body_has(&r, "Proefnetwerk"),
              "links: a name in the answer");
    cr_expect(!body_has(&r, "GEHEIM-RELATIE-B") && !body_has(&r, "recruiter") &&
                  !body_has(&r, "Ronselaar"),
              "links: B's relation detail leaks");
    cr_expect(!body_has(&r, bsn_tb) && !body_has(&r, TWIN_DOB), "links: B's BSN or birth date");
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    /* Logged on both sides: about A's person (the caller's case) and about B's person. */
    json_t *recs = audit_records_for(&S, rid, bsn_ta);
    cr_expect(count_recs(recs, "search", NULL, U_DH) >= 1,
              "links: no search record about the caller's person");
    cr_expect(count_object(recs, a.id) >= 1, "links: the caller's record does not name case A");
    json_decref(recs);
    recs = audit_records_for(&S, rid, bsn_tb);
    cr_expect(count_recs(recs, "search", NULL, U_DH) >= 1,
              "links: no search record about the other case's person");
    cr_expect(count_object(recs, b.id) >= 1, "links: the other side's record does not name case B");
    json_decref(recs);

    /* The same person by BSN only (different name and birth date in B). */
    LP(p, qa);
    cr_assert_eq(get(&d, p, &r), 200, "links of the BSN twin: %d", r.status);
    expect_blind_hit(&r, ORG_PD, "Proefdorp", "dossierhouder links BSN-twin");
    cr_expect(!id_in_resp(&r, qb) && !id_in_resp(&r, b.id), "links by BSN: B's ids leak");
    cr_expect(!body_has(&r, "Andersbenoemd") && !body_has(&r, "1960-10-10"),
              "links by BSN: B's name or birth date leaks");
    cr_expect(!body_has(&r, bsn_q), "links by BSN: the BSN is echoed");
    resp_free(&r);

    /* A person without a twin: known nowhere else, and the lookup is logged all the same. */
    LP(p, na);
    cr_assert_eq(get(&d, p, &r), 200, "links without a twin: %d", r.status);
    cr_expect(json_is_false(json_object_get(r.json, "known_elsewhere")),
              "no twin: known_elsewhere is not false");
    cr_expect(json_is_array(json_object_get(r.json, "items")) &&
                  json_array_size(json_object_get(r.json, "items")) == 0,
              "no twin: items is not []");
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, bsn_na);
    cr_expect(count_recs(recs, "search", NULL, U_DH) >= 1, "no twin: the lookup is not logged");
    json_decref(recs);

    /* The reverse: Proefdorp sees only the hit for Voorbeeldstad. */
    LP(p, tb);
    cr_assert_eq(get(&d2, p, &r), 200, "links of B's twin: %d", r.status);
    expect_blind_hit(&r, ORG_VS, "Voorbeeldstad", "dossierhouder2 links B-twin");
    cr_expect(!id_in_resp(&r, a.id) && !id_in_resp(&r, ta) && !id_in_resp(&r, a.subject) &&
                  !id_in_resp(&r, a.sig),
              "reverse links: A's ids leak");
    cr_expect(!body_has(&r, "Ankie") && !body_has(&r, "Netwerkmans") &&
                  !body_has(&r, "Kwartelkoning") && !body_has(&r, "vriendschap A"),
              "reverse links: A's names or relation detail leak");
    cr_expect(!body_has(&r, bsn_ta), "reverse links: A's BSN leaks");
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, bsn_ta);
    cr_expect(count_recs(recs, "search", NULL, U_DH2) >= 1,
              "reverse links: no record about A's person (Voorbeeldstad's side)");
    cr_expect(count_object(recs, a.id) >= 1, "reverse links: A's record does not name case A");
    json_decref(recs);
    recs = audit_records_for(&S, rid, bsn_tb);
    cr_expect(count_recs(recs, "search", NULL, U_DH2) >= 1,
              "reverse links: no record about the caller's person");
    json_decref(recs);
    LP(p, qb);
    cr_assert_eq(get(&d2, p, &r), 200, "reverse links by BSN: %d", r.status);
    expect_blind_hit(&r, ORG_VS, "Voorbeeldstad", "dossierhouder2 links BSN-twin");
    cr_expect(!body_has(&r, "Alleenbsn") && !id_in_resp(&r, qa), "reverse links by BSN leak");
    resp_free(&r);

    /* A case's subject is found too: B records A's subject (same name and birth date) in its
     * network; each side sees only the hit. */
    int64_t sa_b = np_add(&d2, b.id, "Fictieve Ankie Netwerkmans", "1991-01-21", NULL);
    LP(p, a.subject);
    cr_assert_eq(get(&d, p, &r), 200, "links of A's subject: %d", r.status);
    expect_blind_hit(&r, ORG_PD, "Proefdorp", "dossierhouder links of the subject");
    cr_expect(!id_in_resp(&r, sa_b) && !id_in_resp(&r, b.id) && !body_has(&r, ref_b),
              "links of the subject: B's ids leak");
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, a.bsn);
    cr_expect(count_recs(recs, "search", NULL, U_DH) >= 1,
              "links of the subject: no search record about the subject");
    json_decref(recs);
    LP(p, sa_b);
    cr_assert_eq(get(&d2, p, &r), 200, "links of B's copy of A's subject: %d", r.status);
    expect_blind_hit(&r, ORG_VS, "Voorbeeldstad", "dossierhouder2 links to a case's subject");
    cr_expect(!id_in_resp(&r, a.subject) && !id_in_resp(&r, a.id) && !body_has(&r, a.bsn),
              "links to a case's subject: A's ids or BSN leak");
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, a.bsn);
    cr_expect(count_recs(recs, "search", NULL, U_DH2) >= 1,
              "links to a case's subject: no record about A's subject (Voorbeeldstad's side)");
    json_decref(recs);

    /* B's relation detail appears nowhere in what Voorbeeldstad reads of its own network. */
    char np[128];
    NP(np, a.id, "/persons");
    cr_assert_eq(get(&d, np, &r), 200);
    /* (The list carries the catalogue of relation types, so the type is not checked here.) */
    cr_expect(!body_has(&r, "GEHEIM-RELATIE-B") && !id_in_resp(&r, tb) && !id_in_resp(&r, b.id) &&
                  !id_in_resp(&r, rb),
              "A's persons list carries something of B");
    resp_free(&r);
    NP(np, a.id, "/graph?depth=3");
    cr_assert_eq(get(&d, np, &r), 200);
    cr_expect(!body_has(&r, "GEHEIM-RELATIE-B") && !body_has(&r, "recruiter") &&
                  !id_in_resp(&r, tb) && !id_in_resp(&r, b.id),
              "A's graph carries something of B");
    cr_expect(!body_has(&r, bsn_ta) && !body_has(&r, a.bsn), "A's graph shows a BSN");
    resp_free(&r);

    /* Neither may look up the other's person at all. */
    LP(p, tb);
    cr_assert_eq(get(&d, p, &r), 404, "links of B's person by Voorbeeldstad: %d", r.status);
    cr_expect(!body_has(&r, "Kwartelkoning") && !body_has(&r, ref_b), "404 leaks");
    resp_free(&r);
    LP(p, ta);
    cr_assert_eq(get(&d2, p, &r), 404, "links of A's person by Proefdorp: %d", r.status);
    resp_free(&r);
}

Test(network, links_to_a_readable_case_give_its_id_and_reference)
{
    start();
    struct sess d, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    struct cfx a, a2;
    case_in(&d, &a, ORG_VS, U_DH, 8501, "Fictieve Eerste Zichtbaar", "1993-03-13");
    case_in(&d, &a2, ORG_VS, U_DH, 8601, "Fictieve Tweede Zichtbaar", "1994-04-14");
    int64_t ta = np_add(&d, a.id, TWIN_NAME, TWIN_DOB, NULL);
    int64_t ta2 = np_add(&d, a2.id, TWIN_NAME, TWIN_DOB, NULL);
    char cp[96];
    snprintf(cp, sizeof(cp), "/api/cases/%lld", (long long)a2.id);
    json_t *v = get_ok(&d, cp);
    char ref2[96] = "";
    if (jstr(v, "reference"))
        snprintf(ref2, sizeof(ref2), "%s", jstr(v, "reference"));
    json_decref(v);

    char p[96];
    struct resp r;
    LP(p, ta);
    cr_assert_eq(get(&d, p, &r), 200, "links: %d", r.status);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 1, "links: %zu items, want 1", json_array_size(items));
    json_t *it = json_array_get(items, 0);
    cr_expect_eq(jint(it, "case_id"), a2.id, "links to a readable case: no or wrong case_id");
    cr_expect(jstr(it, "reference") && strcmp(jstr(it, "reference"), ref2) == 0,
              "links to a readable case: no or wrong reference");
    json_t *m = json_object_get(it, "municipality");
    cr_expect(json_is_object(m) && jint(m, "id") == ORG_VS, "links: municipality is not the own");
    cr_expect(json_is_true(json_object_get(r.json, "known_elsewhere")), "known_elsewhere false");
    resp_free(&r);

    /* The police take part in A, not in A2: for them A2 is only a hit. */
    char pp[128];
    snprintf(pp, sizeof(pp), "/api/cases/%lld/participants", (long long)a.id);
    json_decref(post_ok(&d, pp,
                        json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)ORG_POL, "kind", "core",
                                  "reason", "Fictieve reden van deelname"),
                        "POST participants"));
    LP(p, ta);
    cr_assert_eq(get(&pa, p, &r), 200, "partner links: %d", r.status);
    expect_blind_hit(&r, ORG_VS, "Voorbeeldstad",
                     "partner links to a case it does not take part in");
    cr_expect(!id_in_resp(&r, a2.id) && !id_in_resp(&r, ta2) && !body_has(&r, ref2),
              "partner links: A2's ids or reference leak");
    cr_expect(!body_has(&r, "Tweede Zichtbaar"), "partner links: A2's subject's name leaks");
    resp_free(&r);
    LP(p, ta2);
    cr_assert_eq(get(&pa, p, &r), 404, "partner links of a person of A2: %d", r.status);
    resp_free(&r);
}

Test(network, links_name_each_other_case_once)
{
    start();
    struct sess d, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    struct cfx a, b;
    case_in(&d, &a, ORG_VS, U_DH, 8701, "Fictieve Eenmaal Netwerkmans", "1990-10-20");
    case_in(&d2, &b, ORG_PD, U_DH2, 8801, "Fictieve Eenmaal Proefmans", "1991-11-21");
    char bsn_t[10];
    bsn_make(8711, bsn_t);
    int64_t ta = np_add(&d, a.id, TWIN_NAME, TWIN_DOB, bsn_t);
    /* Two persons of B match A's person: one by name + birth date, one by the BSN. */
    np_add(&d2, b.id, TWIN_NAME, TWIN_DOB, NULL);
    np_add(&d2, b.id, "Fictieve Tweede Treffer", NULL, bsn_t);
    char p[96];
    struct resp r;
    LP(p, ta);
    cr_assert_eq(get(&d, p, &r), 200, "links: %d", r.status);
    size_t n = json_array_size(json_object_get(r.json, "items"));
    cr_expect_eq(n, 1,
                 "links: %zu items for one other case (docs: the other cases; a blind viewer "
                 "learns how many of B's persons match)",
                 n);
    resp_free(&r);
}

/* ---- 2. the graph -------------------------------------------------------------------------- */

Test(network, graph_depth_centre_and_path)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct gfx g;
    graph_fixture(&d, &g, 9101);
    int64_t cid = g.c.id, *P = g.p;

    /* Depth 1 from the subject: the centre and its direct neighbours only. */
    json_t *x = graph_ok(&d, cid, "?depth=1");
    json_t *nodes = json_object_get(x, "nodes");
    int64_t d1[] = {P[0], P[1], P[2]};
    cr_expect(ids_exactly(nodes, true, d1, 3), "depth 1: not exactly the centre and P1, P2 (%zu)",
              json_array_size(nodes));
    cr_expect_eq(json_array_size(json_object_get(x, "edges")), 2, "depth 1: %zu edges, want 2",
                 json_array_size(json_object_get(x, "edges")));
    cr_expect(edges_within_nodes(x), "depth 1: an edge to a node not returned");
    cr_expect(edge_joins(json_object_get(x, "edges"), P[0], P[1]) &&
                  edge_joins(json_object_get(x, "edges"), P[0], P[2]),
              "depth 1: the direct relations are missing");
    json_t *n1 = node_of(nodes, P[1]), *n2 = node_of(nodes, P[2]), *n0 = node_of(nodes, P[0]);
    cr_expect(n1 && jstr(n1, "relation_to_centre") &&
                  strcmp(jstr(n1, "relation_to_centre"), "parent") == 0,
              "depth 1: relation_to_centre of P1 is not parent");
    cr_expect(n2 && jstr(n2, "relation_to_centre") &&
                  strcmp(jstr(n2, "relation_to_centre"), "sibling") == 0,
              "depth 1: relation_to_centre of P2 is not sibling");
    cr_expect(n0 && json_is_true(json_object_get(n0, "subject")), "the centre is not the subject");
    cr_expect(n1 && json_is_false(json_object_get(n1, "subject")), "P1 is marked subject");
    cr_expect_eq(jint(x, "depth"), 1, "depth 1: depth not echoed");
    cr_expect_eq(jint(x, "components"), 2, "components %lld, want 2 (the isolated P6)",
                 (long long)jint(x, "components"));
    json_decref(x);

    /* Depth 2 (also the default) and 3: one more ring each; P5 (4 steps) and P6 never. */
    int64_t d2[] = {P[0], P[1], P[2], P[3]};
    int64_t d3[] = {P[0], P[1], P[2], P[3], P[4]};
    x = graph_ok(&d, cid, "?depth=2");
    cr_expect(ids_exactly(json_object_get(x, "nodes"), true, d2, 4), "depth 2: wrong nodes");
    cr_expect(edges_within_nodes(x) && json_array_size(json_object_get(x, "edges")) == 3,
              "depth 2: wrong edges");
    json_decref(x);
    x = graph_ok(&d, cid, "");
    cr_expect(ids_exactly(json_object_get(x, "nodes"), true, d2, 4),
              "default depth: not the depth-2 neighbourhood");
    cr_expect_eq(jint(x, "depth"), 2, "default depth is not 2");
    json_decref(x);
    x = graph_ok(&d, cid, "?depth=3");
    nodes = json_object_get(x, "nodes");
    cr_expect(ids_exactly(nodes, true, d3, 5), "depth 3: wrong nodes (%zu)",
              json_array_size(nodes));
    cr_expect(!node_in(nodes, P[5]) && !node_in(nodes, P[6]), "depth 3: P5 or P6 returned");
    cr_expect(edges_within_nodes(x) && json_array_size(json_object_get(x, "edges")) == 4,
              "depth 3: wrong edges");
    json_decref(x);

    /* Another centre. */
    char q[96];
    snprintf(q, sizeof(q), "?depth=1&from=%lld", (long long)P[3]);
    x = graph_ok(&d, cid, q);
    nodes = json_object_get(x, "nodes");
    int64_t f3[] = {P[3], P[1], P[4]};
    cr_expect(ids_exactly(nodes, true, f3, 3), "from P3 depth 1: wrong nodes");
    json_t *c4 = node_of(nodes, P[4]);
    cr_expect(c4 && jstr(c4, "relation_to_centre") &&
                  strcmp(jstr(c4, "relation_to_centre"), "friend") == 0,
              "from P3: relation_to_centre of P4 is not friend");
    json_decref(x);
    snprintf(q, sizeof(q), "?depth=3&from=%lld", (long long)P[6]);
    x = graph_ok(&d, cid, q);
    int64_t f6[] = {P[6]};
    cr_expect(ids_exactly(json_object_get(x, "nodes"), true, f6, 1),
              "from the isolated P6: not only P6");
    cr_expect_eq(json_array_size(json_object_get(x, "edges")), 0, "from P6: edges returned");
    json_decref(x);

    /* Refused parameters. */
    struct cfx o;
    case_in(&d, &o, ORG_VS, U_DH, 9201, "Fictieve Andere Casus", "1990-09-19");
    int64_t other = np_add(&d, o.id, "Fictieve Persoon Elders", NULL, NULL);
    struct resp r;
    char p[192];
    static const char *const bad_depth[] = {"?depth=4", "?depth=0", "?depth=-1", "?depth=twee",
                                            "?depth=99999999999999999999"};
    for (size_t i = 0; i < sizeof(bad_depth) / sizeof(bad_depth[0]); i++) {
        char s[96], what[96];
        snprintf(s, sizeof(s), "/graph%s", bad_depth[i]);
        NP(p, cid, s);
        get(&d, p, &r);
        snprintf(what, sizeof(what), "graph %s", bad_depth[i]);
        expect_problem_field(&r, 400, "depth", what);
        resp_free(&r);
    }
    snprintf(q, sizeof(q), "/graph?depth=1&from=%lld", (long long)other);
    NP(p, cid, q);
    get(&d, p, &r);
    expect_problem_field(&r, 400, "from", "graph from a person of another case");
    cr_expect(!body_has(&r, "Elders"), "graph from another case's person: the name leaks");
    resp_free(&r);
    snprintf(q, sizeof(q), "/graph?from=%lld", (long long)o.subject);
    NP(p, cid, q);
    get(&d, p, &r);
    expect_problem_field(&r, 400, "from", "graph from the subject of another case");
    resp_free(&r);
    NP(p, cid, "/graph?from=4503599627370000");
    get(&d, p, &r);
    expect_problem_field(&r, 400, "from", "graph from an unknown person");
    resp_free(&r);
    NP(p, cid, "/graph?centre=1");
    get(&d, p, &r);
    cr_expect_eq(r.status, 400, "graph with an unknown parameter: %d", r.status);
    resp_free(&r);

    /* The path: a connected sequence, each consecutive pair joined by a returned edge. */
    snprintf(q, sizeof(q), "/path?from=%lld&to=%lld", (long long)P[0], (long long)P[5]);
    NP(p, cid, q);
    cr_assert_eq(get(&d, p, &r), 200, "path: %d", r.status);
    json_t *path = json_object_get(r.json, "path"), *edges = json_object_get(r.json, "edges");
    int64_t want_path[] = {P[0], P[1], P[3], P[4], P[5]};
    cr_assert(json_is_array(path) && json_is_array(edges), "path: no path[] / edges[]");
    cr_expect_eq(json_array_size(path), 5, "path: %zu persons, want 5", json_array_size(path));
    cr_expect_eq((int64_t)json_integer_value(json_array_get(path, 0)), P[0],
                 "path does not start at from");
    cr_expect_eq((int64_t)json_integer_value(json_array_get(path, json_array_size(path) - 1)), P[5],
                 "path does not end at to");
    for (size_t i = 0; i + 1 < json_array_size(path); i++) {
        int64_t u = (int64_t)json_integer_value(json_array_get(path, i));
        int64_t w = (int64_t)json_integer_value(json_array_get(path, i + 1));
        cr_expect(edge_joins(edges, u, w), "path: step %zu has no returned edge", i);
        cr_expect(i >= 5 || u == want_path[i], "path: step %zu is not the shortest connection", i);
    }
    cr_expect_eq(json_array_size(edges), 4, "path: %zu edges, want 4", json_array_size(edges));
    resp_free(&r);
    /* No connection to the isolated P6: no path claimed. */
    snprintf(q, sizeof(q), "/path?from=%lld&to=%lld", (long long)P[0], (long long)P[6]);
    NP(p, cid, q);
    get(&d, p, &r);
    cr_expect(r.status == 200 || r.status == 404 || r.status == 400,
              "path to an unconnected person: %d", r.status);
    if (r.status == 200) {
        cr_expect_eq(json_array_size(json_object_get(r.json, "path")), 0,
                     "path to an unconnected person: a path is claimed");
        cr_expect(!json_is_true(json_object_get(r.json, "connected")),
                  "path to an unconnected person: connected");
    }
    resp_free(&r);
    snprintf(q, sizeof(q), "/path?from=%lld&to=%lld", (long long)P[0], (long long)other);
    NP(p, cid, q);
    get(&d, p, &r);
    expect_problem_field(&r, 400, "to", "path to a person of another case");
    resp_free(&r);
    snprintf(q, sizeof(q), "/path?from=%lld", (long long)P[0]);
    NP(p, cid, q);
    get(&d, p, &r);
    expect_problem_field(&r, 400, "to", "path without to");
    resp_free(&r);
}

/* ---- 3. one access-log record per person returned ----------------------------------------- */

/* GETs path as ss (200 expected) and returns its records; *resp_out keeps the answer. */
static json_t *logged_get(const struct sess *ss, const char *path, const char *bsn, json_t **answer)
{
    struct resp r;
    int s = get(ss, path, &r);
    cr_assert_eq(s, 200, "GET %s: %d", path, s);
    char rid[64];
    resp_request_id(&r, rid);
    if (answer)
        *answer = json_incref(r.json);
    resp_free(&r);
    return audit_records_for(&S, rid, bsn);
}

static void expect_one_per_person(const json_t *recs, size_t n, int64_t user, const char *what)
{
    cr_expect_eq(json_array_size(recs), n, "%s: %zu access-log records for %zu persons", what,
                 json_array_size(recs), n);
    cr_expect_eq(distinct_subjects(recs), n, "%s: %zu distinct data subjects for %zu persons", what,
                 distinct_subjects(recs), n);
    cr_expect_eq(count_recs(recs, "read", "network", user), json_array_size(recs),
                 "%s: not every record is a read of the network by the caller", what);
}

Test(network, graph_path_and_persons_log_exactly_one_record_per_person)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct gfx g;
    graph_fixture(&d, &g, 9301);
    int64_t cid = g.c.id;
    char p[192], q[128];
    json_t *ans = NULL;

    static const char *const depths[] = {"?depth=1", "?depth=2", "?depth=3", ""};
    for (size_t i = 0; i < 4; i++) {
        snprintf(q, sizeof(q), "/graph%s", depths[i]);
        NP(p, cid, q);
        json_t *recs = logged_get(&d, p, NULL, &ans);
        char what[64];
        snprintf(what, sizeof(what), "graph%s", depths[i]);
        size_t n = json_array_size(json_object_get(ans, "nodes"));
        cr_expect(n >= 3, "%s: only %zu nodes", what, n);
        expect_one_per_person(recs, n, U_DH, what);
        json_decref(recs);
        json_decref(ans);
    }
    /* About whom: P1 (returned at depth 1) once, P5 and P6 (not returned) never. */
    NP(p, cid, "/graph?depth=1");
    json_t *recs = logged_get(&d, p, g.bsn1, NULL);
    cr_expect_eq(json_array_size(recs), 1, "graph depth 1: %zu records about P1, want 1",
                 json_array_size(recs));
    json_decref(recs);
    recs = logged_get(&d, p, g.bsn5, NULL);
    cr_expect_eq(json_array_size(recs), 0, "graph depth 1: a record about P5 (not returned)");
    json_decref(recs);
    NP(p, cid, "/graph?depth=3");
    recs = logged_get(&d, p, g.bsn6, NULL);
    cr_expect_eq(json_array_size(recs), 0, "graph depth 3: a record about P6 (not returned)");
    json_decref(recs);
    recs = logged_get(&d, p, g.c.bsn, NULL);
    cr_expect_eq(json_array_size(recs), 1, "graph depth 3: %zu records about the subject",
                 json_array_size(recs));
    json_decref(recs);

    /* The persons list: every person of the network (subjects first), one record each. */
    NP(p, cid, "/persons");
    recs = logged_get(&d, p, NULL, &ans);
    json_t *items = json_object_get(ans, "items");
    cr_expect_eq(json_array_size(items), 7, "persons: %zu items, want 7", json_array_size(items));
    cr_expect(json_is_true(json_object_get(json_array_get(items, 0), "subject")),
              "persons: the subject is not first");
    expect_one_per_person(recs, json_array_size(items), U_DH, "persons");
    json_decref(recs);
    json_decref(ans);
    recs = logged_get(&d, p, g.bsn6, NULL);
    cr_expect_eq(json_array_size(recs), 1, "persons: %zu records about P6, want 1",
                 json_array_size(recs));
    json_decref(recs);

    /* The path: one record per person on it. */
    snprintf(q, sizeof(q), "/path?from=%lld&to=%lld", (long long)g.p[0], (long long)g.p[5]);
    NP(p, cid, q);
    recs = logged_get(&d, p, NULL, &ans);
    expect_one_per_person(recs, json_array_size(json_object_get(ans, "path")), U_DH, "path");
    json_decref(recs);
    json_decref(ans);

    /* A refused graph request names nobody. */
    NP(p, cid, "/graph?depth=4");
    struct resp r;
    get(&d, p, &r);
    cr_expect_eq(r.status, 400);
    char rid[64];
    resp_request_id(&r, rid);
    resp_free(&r);
    recs = audit_records_for(&S, rid, g.c.bsn);
    cr_expect_eq(json_array_size(recs), 0, "a refused graph request is logged about the subject");
    json_decref(recs);
}

/* ---- 4. refused input names the field and changes nothing ---------------------------------- */

Test(network, refused_inputs_name_the_field_and_change_nothing)
{
    start();
    struct sess d, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    struct cfx a, b;
    case_in(&d, &a, ORG_VS, U_DH, 9401, "Fictieve Weigeraar Veldmans", "1996-06-16");
    case_in(&d2, &b, ORG_PD, U_DH2, 9501, "Fictieve Proef Veldmans", "1996-07-17");
    int64_t p1 = np_add(&d, a.id, "Fictieve Eerste Veldmans", "1970-01-01", NULL);
    int64_t pb = np_add(&d2, b.id, "Fictieve Vreemde Veldmans", NULL, NULL);
    rel_add(&d, a.id, a.subject, p1, "parent", NULL);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);

    char pp[96], pr[96], pas[96], pfu[96];
    NP(pp, a.id, "/persons");
    NP(pr, a.id, "/relations");
    PP(pas, p1, "/assessments");
    PP(pfu, p1, "/followup");
    char future[11];
    srv_date(&S, 30, future);
    struct {
        const char *path;
        json_t *body;
        const char *fields;
        const char *what;
    } cases[] = {
        /* relations */
        {pr, rel_body(p1, p1, "sibling", "confirmed", NULL), "to_id|from_id", "relation to itself"},
        {pr, rel_body(a.subject, a.subject, "other", "reported", NULL), "to_id|from_id",
         "relation of the subject to itself"},
        {pr, rel_body(a.subject, pb, "cousin", "confirmed", NULL), "to_id",
         "relation to a person of another case"},
        {pr, rel_body(pb, p1, "cousin", "confirmed", NULL), "from_id",
         "relation from a person of another case"},
        {pr, rel_body(a.subject, 4503599627370001LL, "cousin", "confirmed", NULL), "to_id",
         "relation to an unknown person"},
        {pr, rel_body(a.subject, p1, "enemy", "confirmed", NULL), "type", "unknown relation type"},
        {pr, rel_body(a.subject, p1, "", "confirmed", NULL), "type", "empty relation type"},
        {pr, rel_body(a.subject, p1, "parent", "maybe", NULL), "confidence", "unknown confidence"},
        {pr, rel_body(a.subject, p1, "parent", NULL, NULL), "confidence", "no confidence"},
        {pr,
         json_pack("{s:I, s:s, s:s}", "from_id", (json_int_t)a.subject, "type", "parent",
                   "confidence", "confirmed"),
         "to_id", "relation without to_id"},
        {pr,
         json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "from_id", (json_int_t)a.subject, "to_id",
                   (json_int_t)p1, "type", "parent", "confidence", "confirmed", "since_date",
                   "2020-05-05", "until_date", "2019-05-05"),
         "until_date", "relation ending before it starts"},
        {pr,
         json_pack("{s:I, s:I, s:s, s:s, s:I}", "from_id", (json_int_t)a.subject, "to_id",
                   (json_int_t)p1, "type", "parent", "confidence", "confirmed", "source_org_id",
                   (json_int_t)4503599627370002LL),
         "source_org_id", "relation from an unknown source organisation"},
        {pr,
         json_pack("{s:I, s:I, s:s, s:s, s:i}", "from_id", (json_int_t)a.subject, "to_id",
                   (json_int_t)p1, "type", "parent", "confidence", "confirmed", "score", 7),
         "score", "relation with an unknown member"},
        /* persons */
        {pp, json_object(), "name|bsn|description", "person without name, BSN or description"},
        {pp, json_pack("{s:s}", "source_org_id", "x"), "source_org_id",
         "person with a bad source_org_id"},
        {pp, json_pack("{s:s}", "birth_date", "1990-01-01"), "name|bsn|description",
         "person with only a birth date"},
        {pp, np_body("Fictieve Slechtbsn", NULL, "123456789", NULL), "bsn",
         "person with a BSN failing the elfproef"},
        {pp, np_body("Fictieve Kortbsn", NULL, "12345678", NULL), "bsn", "person with 8 digits"},
        {pp, np_body("Fictieve Letterbsn", NULL, "12345678a", NULL), "bsn",
         "person with a letter in the BSN"},
        {pp, np_body(NULL, NULL, "000000000", NULL), "bsn", "person with BSN 000000000"},
        {pp, np_body("Fictieve Toekomst", future, NULL, NULL), "birth_date",
         "person born in the future"},
        {pp, np_body("Fictieve Datum", "1990-13-45", NULL, NULL), "birth_date",
         "person with an impossible birth date"},
        {pp, json_pack("{s:s, s:s}", "name", "Fictieve Risico", "risk", "hoog"), "risk",
         "person with an unknown member"},
        /* assessments */
        {pas, json_pack("{s:s}", "concern", "serious"), "reason", "assessment without reason"},
        {pas, json_pack("{s:s, s:s}", "concern", "some", "reason", ""), "reason",
         "assessment with an empty reason"},
        {pas, json_pack("{s:s, s:s}", "concern", "extreme", "reason", "Fictieve reden"), "concern",
         "assessment with an unknown concern"},
        {pas, json_pack("{s:s}", "reason", "Fictieve reden"), "concern",
         "assessment without concern"},
        {pas,
         json_pack("{s:s, s:s, s:s}", "concern", "some", "reason", "Fictieve reden", "date",
                   future),
         "date", "assessment dated in the future"},
        {pas,
         json_pack("{s:s, s:s, s:i}", "concern", "some", "reason", "Fictieve reden", "score", 3),
         "score", "assessment with a score"},
        /* follow-up */
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type", "paspoort",
                   "description", "Fictief", "owner_org_id", (json_int_t)ORG_VS, "legal_basis",
                   "Fictieve grondslag"),
         "type", "follow-up measure paspoort"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type", "meldplicht",
                   "description", "Fictief", "owner_org_id", (json_int_t)ORG_VS, "legal_basis",
                   "Fictieve grondslag"),
         "type", "follow-up measure meldplicht"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type",
                   "strafrechtelijk_onderzoek", "description", "Fictief", "owner_org_id",
                   (json_int_t)ORG_VS, "legal_basis", "Fictieve grondslag"),
         "type", "follow-up measure strafrechtelijk_onderzoek"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type", "vermissing",
                   "description", "Fictief", "owner_org_id", (json_int_t)ORG_POL, "legal_basis",
                   "Fictieve grondslag"),
         "type", "follow-up measure vermissing (police)"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type", "overig", "description",
                   "Fictief", "owner_org_id", (json_int_t)ORG_VS, "legal_basis",
                   "Fictieve grondslag"),
         "type", "follow-up measure overig"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I}", "kind", "measure", "type", "familieondersteuning",
                   "description", "Fictief", "owner_org_id", (json_int_t)ORG_VS),
         "legal_basis", "follow-up measure without legal basis"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:s}", "kind", "measure", "type", "familieondersteuning",
                   "description", "Fictief", "legal_basis", "Fictieve grondslag"),
         "owner_org_id", "follow-up measure without owner organisation"},
        {pfu,
         json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type", "familieondersteuning",
                   "description", "Fictief", "owner_org_id", (json_int_t)4503599627370003LL,
                   "legal_basis", "Fictieve grondslag"),
         "owner_org_id", "follow-up measure for an unknown organisation"},
        {pfu, json_pack("{s:s}", "kind", "signal"), "observed",
         "follow-up signal without observed"},
        {pfu, json_pack("{s:s, s:s}", "kind", "email", "observed", "Fictief"), "kind",
         "follow-up of an unknown kind"},
        {pfu, json_pack("{s:s}", "observed", "Fictief"), "kind", "follow-up without kind"},
    };
    char *long_note = malloc(2102);
    cr_assert_not_null(long_note);
    memset(long_note, 'x', 2101);
    long_note[2101] = '\0';
    struct resp r0;
    req(&d, "POST", pr, rel_body(a.subject, p1, "other", "reported", long_note), &r0);
    free(long_note);
    expect_problem_field(&r0, 400, "note", "relation with a note over 2000 characters");
    resp_free(&r0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct resp r;
        req(&d, "POST", cases[i].path, cases[i].body, &r);
        expect_problem_field(&r, 400, cases[i].fields, cases[i].what);
        resp_free(&r);
    }
    /* Follow-up on the subject (it already has a case) and on a person of another case. */
    char px[96];
    PP(px, a.subject, "/followup");
    struct resp r;
    req(&d, "POST", px, json_pack("{s:s, s:s}", "kind", "signal", "observed", "Fictief"), &r);
    cr_expect(r.status == 400 || r.status == 404 || r.status == 409, "follow-up on the subject: %d",
              r.status);
    resp_free(&r);
    PP(px, pb, "/assessments");
    req(&d, "POST", px, json_pack("{s:s, s:s}", "concern", "some", "reason", "Fictief"), &r);
    expect_status(&r, 404, "assessment of another municipality's network person");
    resp_free(&r);

    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused requests changed the database");

    /* The same requests made valid succeed (so the refusals were about the named field). */
    json_decref(
        post_ok(&d, pr, rel_body(a.subject, p1, "partner", "reported", NULL), "valid relation"));
    json_decref(post_ok(&d, pas,
                        json_pack("{s:s, s:s}", "concern", "some", "reason", "Fictieve reden"),
                        "valid assessment"));
    json_decref(post_ok(&d, pp, np_body(NULL, NULL, "123456782", NULL), "person by BSN only"));
    json_decref(post_ok(&d, pp, np_body(NULL, NULL, NULL, "Fictief: man bij de moskee"),
                        "person by description only"));
}

/* ---- 5. who may do what -------------------------------------------------------------------- */

Test(network, partner_reads_but_never_writes_other_roles_and_municipalities_refused)
{
    start();
    struct sess d, pa, om, d2, vz, bg;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "om", &om);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "burgemeester", &bg);
    struct cfx a;
    case_in(&d, &a, ORG_VS, U_DH, 9601, "Fictieve Rollen Netwerkmans", "1997-07-27");
    int64_t p1 = np_add(&d, a.id, "Fictieve GEHEIM-ROLNET Ouder", "1966-06-06", NULL);
    rel_add(&d, a.id, a.subject, p1, "parent", "Fictief GEHEIM-ROLNOTE");
    char pa_path[128];
    snprintf(pa_path, sizeof(pa_path), "/api/cases/%lld/participants", (long long)a.id);
    json_decref(post_ok(&d, pa_path,
                        json_pack("{s:I, s:s, s:s}", "org_id", (json_int_t)ORG_POL, "kind", "core",
                                  "reason", "Fictieve reden van deelname"),
                        "POST participants"));

    char pl[96], pg[128], ppath[160], pr[96], pas[96], pfu[96], plk[96];
    NP(pl, a.id, "/persons");
    snprintf(pg, sizeof(pg), "/api/cases/%lld/network/graph?depth=1", (long long)a.id);
    snprintf(ppath, sizeof(ppath), "/api/cases/%lld/network/path?from=%lld&to=%lld",
             (long long)a.id, (long long)a.subject, (long long)p1);
    NP(pr, a.id, "/relations");
    PP(pas, p1, "/assessments");
    PP(pfu, p1, "/followup");
    LP(plk, p1);

    /* A case or person that does not exist: 404. */
    struct resp r0;
    get(&d, "/api/cases/4503599627370004/network/persons", &r0);
    expect_status(&r0, 404, "persons of a case that does not exist");
    resp_free(&r0);
    get(&d, "/api/persons/4503599627370005/links", &r0);
    expect_status(&r0, 404, "links of a person that does not exist");
    resp_free(&r0);

    /* The participating police read the network (the network category) ... */
    struct resp r;
    cr_assert_eq(get(&pa, pl, &r), 200, "partner persons: %d", r.status);
    cr_expect(item_of(r.json, p1) != NULL, "partner persons: P1 missing");
    resp_free(&r);
    cr_assert_eq(get(&pa, pg, &r), 200, "partner graph: %d", r.status);
    cr_expect(node_in(json_object_get(r.json, "nodes"), p1), "partner graph: P1 missing");
    resp_free(&r);
    cr_expect_eq(get(&pa, ppath, &r), 200, "partner path: %d", r.status);
    resp_free(&r);
    cr_expect_eq(get(&pa, plk, &r), 200, "partner links: %d", r.status);
    resp_free(&r);
    /* ... and so do the chair and the mayor. */
    cr_expect_eq(get(&vz, pl, &r), 200, "voorzitter persons: %d", r.status);
    resp_free(&r);
    cr_expect_eq(get(&bg, pg, &r), 200, "burgemeester graph: %d", r.status);
    resp_free(&r);

    /* Everyone logs in before the fingerprint (a login records the TOTP step it used). */
    static const char *const none[] = {"melder", "raadslid", "fg", "beheerder"};
    struct sess xs[4];
    for (size_t k = 0; k < 4; k++)
        login_ok(&S, none[k], &xs[k]);
    unsigned char fb[32], fa[32];
    db_fingerprint_skip(&S, VOLATILE, fb);
#define WRITES(X, WANT, NAME)                                                                      \
    do {                                                                                           \
        char what[160];                                                                            \
        req(X, "POST", pl, np_body("Fictieve Nieuwe", NULL, NULL, NULL), &r);                      \
        snprintf(what, sizeof(what), "%s POST persons", NAME);                                     \
        expect_status(&r, WANT, what);                                                             \
        resp_free(&r);                                                                             \
        req(X, "POST", pr, rel_body(p1, a.subject, "child", "confirmed", NULL), &r);               \
        snprintf(what, sizeof(what), "%s POST relations", NAME);                                   \
        expect_status(&r, WANT, what);                                                             \
        resp_free(&r);                                                                             \
        req(X, "POST", pas, json_pack("{s:s, s:s}", "concern", "some", "reason", "Fictief"), &r);  \
        snprintf(what, sizeof(what), "%s POST assessments", NAME);                                 \
        expect_status(&r, WANT, what);                                                             \
        resp_free(&r);                                                                             \
        req(X, "POST", pfu, json_pack("{s:s, s:s}", "kind", "signal", "observed", "Fictief"), &r); \
        snprintf(what, sizeof(what), "%s POST followup", NAME);                                    \
        expect_status(&r, WANT, what);                                                             \
        resp_free(&r);                                                                             \
    } while (0)
    WRITES(&pa, 403, "partner");
    WRITES(&bg, 403, "burgemeester");

    /* Another municipality's dossierhouder: 404 on every route of case A. */
    const char *reads[] = {pl, pg, ppath, plk};
    for (size_t i = 0; i < 4; i++) {
        char what[200];
        get(&d2, reads[i], &r);
        snprintf(what, sizeof(what), "dossierhouder2 GET %s", reads[i]);
        expect_status(&r, 404, what);
        cr_expect(!body_has(&r, "GEHEIM-ROL"), "%s leaks", what);
        resp_free(&r);
        get(&om, reads[i], &r);
        snprintf(what, sizeof(what), "om (not participating) GET %s", reads[i]);
        expect_status(&r, 404, what);
        cr_expect(!body_has(&r, "GEHEIM-ROL"), "%s leaks", what);
        resp_free(&r);
    }
    WRITES(&d2, 404, "dossierhouder2");

    /* melder, raadslid, fg, beheerder: 403 on everything. */
    for (size_t k = 0; k < 4; k++) {
        struct sess *x = &xs[k];
        for (size_t i = 0; i < 4; i++) {
            char what[200];
            get(x, reads[i], &r);
            snprintf(what, sizeof(what), "%s GET %s", none[k], reads[i]);
            expect_status(&r, 403, what);
            cr_expect(!body_has(&r, "GEHEIM-ROL"), "%s leaks", what);
            resp_free(&r);
        }
        WRITES(x, 403, none[k]);
    }
#undef WRITES
    db_fingerprint_skip(&S, VOLATILE, fa);
    cr_expect(memcmp(fb, fa, 32) == 0, "refused requests changed the database");

    /* The chair of the municipality may add to the network. */
    int64_t pv = np_add(&vz, a.id, "Fictieve Voorzittersnotitie", NULL, NULL);
    rel_add(&vz, a.id, a.subject, pv, "key_figure", NULL);
    json_decref(post_ok(&vz, pas,
                        json_pack("{s:s, s:s}", "concern", "none", "reason", "Fictieve reden"),
                        "voorzitter assessment"));
}

/* ---- 6. follow-up -------------------------------------------------------------------------- */

Test(network, followup_signal_and_measure_are_linked_back)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx a;
    case_in(&d, &a, ORG_VS, U_DH, 9701, "Fictieve Vervolg Netwerkmans", "1998-08-18");
    int64_t p1 = np_add(&d, a.id, "Fictieve Broer Vervolgmans", "2000-12-12", NULL);
    int64_t p2 = np_add(&d, a.id, "Fictieve Zus Vervolgmans", "2004-04-24", NULL);
    rel_add(&d, a.id, a.subject, p1, "sibling", NULL);
    rel_add(&d, a.id, a.subject, p2, "sibling", NULL);
    json_t *l = persons_of(&d, a.id);
    json_t *it = item_of(l, p1);
    cr_assert(it != NULL, "P1 not in the persons list");
    json_t *fu = json_object_get(it, "followup");
    cr_expect(json_is_object(fu) && json_is_null(json_object_get(fu, "signal_id")) &&
                  json_is_null(json_object_get(fu, "measure_id")),
              "a new network person has a follow-up already");
    json_decref(l);

    /* A new signal about P1. */
    char p[96];
    PP(p, p1, "/followup");
    json_decref(post_ok(&d, p,
                        json_pack("{s:s, s:s}", "kind", "signal", "observed",
                                  "Fictief: broer deelt dezelfde filmpjes"),
                        "follow-up signal"));
    l = persons_of(&d, a.id);
    it = item_of(l, p1);
    cr_assert(it != NULL, "P1 not in the persons list after the follow-up");
    fu = json_object_get(it, "followup");
    json_t *sid = json_object_get(fu, "signal_id");
    cr_assert(valid_id(sid), "follow-up signal: followup.signal_id not set");
    int64_t signal_id = (int64_t)json_integer_value(sid);
    cr_expect(signal_id != a.sig, "follow-up signal: the case's own signal is linked");
    json_decref(l);
    char sp[96];
    snprintf(sp, sizeof(sp), "/api/signals/%lld", (long long)signal_id);
    json_t *sv = get_ok(&d, sp);
    cr_expect_eq(jint(sv, "id"), signal_id, "the follow-up signal does not read back");
    cr_expect(json_has_substring(sv, "Vervolgmans"), "the follow-up signal is not about P1");
    cr_expect(json_has_substring(sv, "dezelfde filmpjes"),
              "the follow-up signal does not carry the observation");
    json_decref(sv);

    /* A preventive care measure for P2, in the case's measures. */
    PP(p, p2, "/followup");
    json_decref(post_ok(&d, p,
                        json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type",
                                  "familieondersteuning", "description",
                                  "Fictief NETWERK-VERVOLG gezinsbegeleiding", "owner_org_id",
                                  (json_int_t)ORG_VS, "legal_basis", "Fictief: Jeugdwet"),
                        "follow-up measure"));
    l = persons_of(&d, a.id);
    it = item_of(l, p2);
    cr_assert(it != NULL, "P2 not in the persons list after the follow-up");
    json_t *mid = json_object_get(json_object_get(it, "followup"), "measure_id");
    cr_assert(valid_id(mid), "follow-up measure: followup.measure_id not set");
    int64_t measure_id = (int64_t)json_integer_value(mid);
    json_decref(l);
    char cp[96];
    snprintf(cp, sizeof(cp), "/api/cases/%lld", (long long)a.id);
    json_t *cv = get_ok(&d, cp);
    json_t *m = NULL, *x;
    size_t i;
    json_array_foreach(json_object_get(cv, "measures"), i, x)
    {
        if (jint(x, "id") == measure_id)
            m = x;
    }
    cr_expect(m != NULL, "follow-up measure: not in the case's measures");
    cr_expect(m == NULL ||
                  (jstr(m, "type") && strcmp(jstr(m, "type"), "familieondersteuning") == 0),
              "follow-up measure: wrong type");
    cr_expect(m == NULL || json_has_substring(m, "NETWERK-VERVOLG"),
              "follow-up measure: description not kept");
    json_decref(cv);

    /* The second care type of the contract. */
    int64_t p3 = np_add(&d, a.id, "Fictieve Neef Vervolgmans", NULL, NULL);
    PP(p, p3, "/followup");
    json_decref(
        post_ok(&d, p,
                json_pack("{s:s, s:s, s:s, s:I, s:s}", "kind", "measure", "type",
                          "mentor_sleutelfiguur", "description", "Fictief mentor", "owner_org_id",
                          (json_int_t)ORG_JZ, "legal_basis", "Fictief: vrijwillig"),
                "follow-up measure mentor_sleutelfiguur"));
    l = persons_of(&d, a.id);
    it = item_of(l, p3);
    cr_expect(it && valid_id(json_object_get(json_object_get(it, "followup"), "measure_id")),
              "follow-up mentor: followup.measure_id not set");
    json_decref(l);
}

Test(network, followup_signal_for_a_partly_known_person)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx a;
    case_in(&d, &a, ORG_VS, U_DH, 9751, "Fictieve Deels Netwerkmans", "1998-03-13");
    /* docs/network.md: "a person may be partly known" - here only by a description. */
    char pp[96];
    NP(pp, a.id, "/persons");
    json_t *j =
        post_ok(&d, pp, np_body(NULL, NULL, NULL, "Fictief: onbekende man bij de sportschool"),
                "person by description only");
    int64_t p1 = jint(j, "created_id");
    json_decref(j);
    cr_assert(p1 > 0, "no created_id");
    char p[96];
    PP(p, p1, "/followup");
    struct resp r;
    req(&d, "POST", p,
        json_pack("{s:s, s:s}", "kind", "signal", "observed", "Fictief: ronselt op de sportschool"),
        &r);
    cr_expect_eq(r.status, 201, "follow-up signal for a person known by description only: %d",
                 r.status);
    resp_free(&r);
    json_t *l = persons_of(&d, a.id);
    json_t *it = item_of(l, p1);
    cr_expect(it && valid_id(json_object_get(json_object_get(it, "followup"), "signal_id")),
              "follow-up signal for a partly known person: followup.signal_id not set");
    json_decref(l);
}

/* ---- 7. no score, rank or risk number anywhere --------------------------------------------- */

/* A member named score/rank/risk (or containing those words) with a number, anywhere in j. */
static bool has_number_key(const json_t *j, const char **which)
{
    static const char *const bad[] = {"score", "rank", "risk", "weight", "centrality"};
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                if (strcasestr(k, bad[i]) != NULL &&
                    (json_is_number(v) || strcmp(k, bad[i]) == 0)) {
                    *which = bad[i];
                    return true;
                }
            if (has_number_key(v, which))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach((json_t *)j, i, v)
        {
            if (has_number_key(v, which))
                return true;
        }
    }
    return false;
}

static void expect_no_score(const json_t *j, const char *what)
{
    const char *w = NULL;
    cr_expect(!has_number_key(j, &w), "%s: a '%s' member", what, w ? w : "?");
    cr_expect(!json_has_key(j, "score") && !json_has_key(j, "risk") && !json_has_key(j, "rank"),
              "%s: a score/risk/rank key", what);
}

Test(network, no_score_rank_or_risk_anywhere)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct gfx g;
    graph_fixture(&d, &g, 9801);
    int64_t cid = g.c.id;
    char p[192];
    /* Concern is a human judgement: recorded with a reason and a date, shown as given. */
    PP(p, g.p[3], "/assessments");
    json_t *w = post_ok(&d, p,
                        json_pack("{s:s, s:s}", "concern", "serious", "reason",
                                  "Fictief: deelt oproepen in een besloten groep"),
                        "assessment serious");
    expect_no_score(w, "assessment answer");
    json_decref(w);
    PP(p, g.p[1], "/assessments");
    json_decref(post_ok(&d, p, json_pack("{s:s, s:s}", "concern", "some", "reason", "Fictief"),
                        "assessment some"));
    json_decref(post_ok(&d, p,
                        json_pack("{s:s, s:s}", "concern", "none", "reason", "Fictief later"),
                        "assessment none"));

    json_t *l = persons_of(&d, cid);
    expect_no_score(l, "persons");
    json_t *it3 = item_of(l, g.p[3]);
    json_t *c3 = json_object_get(it3, "concern");
    cr_expect(json_is_object(c3) && jstr(c3, "concern") &&
                  strcmp(jstr(c3, "concern"), "serious") == 0,
              "P3's concern is not the recorded judgement");
    cr_expect(json_is_object(c3) && json_has_substring(c3, "besloten groep"),
              "P3's concern lacks the reason");
    cr_expect(json_is_object(c3) && json_has_int(json_object_get(c3, "by"), U_DH),
              "P3's concern does not name who judged");
    json_t *c1 = json_object_get(item_of(l, g.p[1]), "concern");
    cr_expect(json_is_object(c1) && jstr(c1, "concern") && strcmp(jstr(c1, "concern"), "none") == 0,
              "P1's concern is not the newest judgement");
    cr_expect(json_is_null(json_object_get(item_of(l, g.p[2]), "concern")),
              "P2 has a concern nobody recorded");
    json_decref(l);
    cr_expect(!db_try_exec(&S, "UPDATE network_assessment SET concern = 'none'"),
              "a concern assessment can be changed in the database (docs: immutable)");

    static const char *const qs[] = {"?depth=1", "?depth=2", "?depth=3"};
    for (size_t i = 0; i < 3; i++) {
        json_t *x = graph_ok(&d, cid, qs[i]);
        expect_no_score(x, qs[i]);
        json_decref(x);
    }
    char q[128];
    snprintf(q, sizeof(q), "/path?from=%lld&to=%lld", (long long)g.p[0], (long long)g.p[5]);
    NP(p, cid, q);
    json_t *x = get_ok(&d, p);
    expect_no_score(x, "path");
    json_decref(x);
    LP(p, g.p[3]);
    x = get_ok(&d, p);
    expect_no_score(x, "links");
    json_decref(x);
}

/* ---- 8. the shapes of docs/network.md ------------------------------------------------------ */

Test(network, persons_and_graph_have_the_documented_members)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    struct cfx a;
    case_in(&d, &a, ORG_VS, U_DH, 9901, "Fictieve Vorm Netwerkmans", "1999-09-19");
    int64_t p1 = np_add(&d, a.id, "Fictieve Vader Vormmans", "1969-09-09", NULL);
    rel_add(&d, a.id, a.subject, p1, "parent", NULL);

    /* items:[{id (the person id), subject, kind, name, birth_date, description, redacted,
     * network_person_id, source_org, recorded_at, concern, followup:{signal_id, measure_id}}] */
    json_t *l = persons_of(&d, a.id);
    json_t *it = item_of(l, p1);
    cr_assert(it != NULL, "P1 not in the persons list");
    cr_expect(jint(it, "id") == p1 && json_is_string(json_object_get(it, "name")) &&
                  json_is_string(json_object_get(it, "birth_date")) &&
                  json_is_string(json_object_get(it, "kind")) &&
                  json_is_false(json_object_get(it, "redacted")),
              "persons item: lacks the person id, name, birth_date, kind or redacted");
    cr_expect(valid_id(json_object_get(it, "network_person_id")),
              "persons item: no network_person_id");
    cr_expect(valid_id(json_object_get(it, "id")), "persons item: no id");
    cr_expect(json_is_boolean(json_object_get(it, "subject")), "persons item: no subject bool");
    cr_expect(json_object_get(it, "source_org") != NULL, "persons item: no source_org");
    cr_expect(json_is_string(json_object_get(it, "recorded_at")), "persons item: no recorded_at");
    cr_expect(json_object_get(it, "concern") != NULL, "persons item: no concern");
    cr_expect(json_is_object(json_object_get(it, "followup")), "persons item: no followup");
    json_decref(l);

    /* nodes:[{id, label, subject, relation_to_centre, concern, redacted}], edges:[{id, from, to,
     * type, confidence}], components, depth */
    json_t *g = graph_ok(&d, a.id, "?depth=1");
    json_t *n = node_of(json_object_get(g, "nodes"), p1);
    cr_assert(n != NULL, "P1 not in the graph");
    static const char *const nk[] = {"id",      "label",   "subject", "relation_to_centre",
                                     "concern", "redacted"};
    for (size_t i = 0; i < sizeof(nk) / sizeof(nk[0]); i++)
        cr_expect(json_object_get(n, nk[i]) != NULL, "graph node: no member '%s'", nk[i]);
    cr_expect(json_is_string(json_object_get(n, "label")), "graph node: label is not a string");
    json_t *e = json_array_get(json_object_get(g, "edges"), 0);
    static const char *const ek[] = {"id", "from", "to", "type", "confidence"};
    for (size_t i = 0; e && i < sizeof(ek) / sizeof(ek[0]); i++)
        cr_expect(json_object_get(e, ek[i]) != NULL, "graph edge: no member '%s'", ek[i]);
    cr_expect(json_is_integer(json_object_get(g, "components")) &&
                  json_is_integer(json_object_get(g, "depth")),
              "graph: no components or depth");
    json_decref(g);
}
