/* network.c: the network analysis of a case (see network.h and docs/network.md). */
#include "core/common.h"

#include <igraph/igraph.h>
#include <pthread.h>

#include "app/case.h"
#include "app/input.h"
#include "app/meeting.h"
#include "app/network.h"
#include "app/signal.h"
#include "core/clock.h"
#include "store/case.h"
#include "store/store.h"

#define MAX_NPERSONS 500
#define MAX_NODES (MAX_NPERSONS + APP_ITEM_ACCESS_PERSONS)
#define MAX_RELATIONS 5000
#define ROWS_CAP 10001
#define TWINS_MAX 1000
#define NOTE_MAX 2000
#define LINE_MAX_ 500

static const struct code REL_TYPES[] = {
    {"parent", "Ouder"},         {"sibling", "Broer of zus"},  {"cousin", "Neef of nicht"},
    {"partner", "Partner"},      {"child", "Kind"},            {"friend", "Vriend(in)"},
    {"classmate", "Klasgenoot"}, {"online_contact", "Online contact"},
    {"recruiter", "Ronselaar"},  {"key_figure", "Sleutelfiguur"}, {"other", "Anders"},
};
static const struct code CONFIDENCE[] = {{"confirmed", "Bevestigd"}, {"reported", "Gemeld"}};
static const struct code CONCERN[] = {
    {"none", "Geen zorg"}, {"some", "Enige zorg"}, {"serious", "Ernstige zorg"}};

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit netwerk of deze persoon bestaat niet of u heeft er geen "
                                    "toegang toe.");
}

/* ---- the loaded network ----------------------------------------------------------------------- */

struct net {
    int64_t case_id;
    struct app_item_access acc; /* group, municipality, participants, subjects */
    struct policy_obj obj;
    bool ident;
    struct store_row *np, *nr, *na;
    size_t n_np, n_nr, n_na;
    int64_t ids[MAX_NODES]; /* person ids: the subjects, then the network persons */
    size_t n_ids;
};

static void net_release(struct net *n)
{
    store_rows_release(n->np, n->n_np);
    store_rows_release(n->nr, n->n_nr);
    store_rows_release(n->na, n->n_na);
    free(n->np);
    free(n->nr);
    free(n->na);
    memset(n, 0, sizeof(*n));
}

/* Opens a case's network: read access to the case and the network category (404 otherwise),
 * and with write the `create network` row (403). */
static int net_open(struct app *a, const struct actor *who, int64_t case_id, bool write,
                    struct store **st, struct net *n, struct err *e)
{
    memset(n, 0, sizeof(*n));
    if (policy_scope(who, "read", "case") == 0 ||
        (write && policy_scope(who, "create", "network") == 0))
        return in_denied(e);
    int rc = app_store(a, st, e);
    if (rc == 0)
        rc = app_case_may(*st, who, "case", case_id, false, &n->acc, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    n->case_id = case_id;
    n->obj = (struct policy_obj){.owner_org_id = n->acc.municipality_id,
                                 .participant_org_ids = n->acc.parts,
                                 .n_participants = n->acc.n_parts};
    if (!policy_category_visible(who, "network", &n->obj))
        return not_found(e);
    if (write && policy_check(who, "create", "network", &n->obj, NULL) != 0)
        return in_denied(e);
    n->ident = policy_category_visible(who, "identification", &n->obj);
    n->np = calloc(ROWS_CAP, sizeof(*n->np));
    n->nr = calloc(ROWS_CAP, sizeof(*n->nr));
    n->na = calloc(ROWS_CAP, sizeof(*n->na));
    rc = n->np && n->nr && n->na ? 0 : ERR_NOMEM;
    if (rc == 0)
        rc = store_case_rows(*st, STORE_CASE_NPERSON, case_id, n->np, ROWS_CAP, &n->n_np, e);
    if (rc == 0)
        rc = store_case_rows(*st, STORE_CASE_NRELATION, case_id, n->nr, ROWS_CAP, &n->n_nr, e);
    if (rc == 0)
        rc = store_case_rows(*st, STORE_CASE_NASSESSMENT, case_id, n->na, ROWS_CAP, &n->n_na, e);
    for (size_t i = 0; i < n->acc.n_persons && n->n_ids < MAX_NODES; i++)
        n->ids[n->n_ids++] = n->acc.persons[i];
    for (size_t i = 0; rc == 0 && i < n->n_np && n->n_ids < MAX_NODES; i++)
        n->ids[n->n_ids++] = n->np[i].a;
    if (rc != 0)
        net_release(n);
    return rc;
}

static bool is_subject(const struct net *n, int64_t person)
{
    return id_in(n->acc.persons, n->acc.n_persons, person);
}

static const struct store_row *np_of(const struct net *n, int64_t person)
{
    for (size_t i = 0; i < n->n_np; i++)
        if (n->np[i].a == person)
            return &n->np[i];
    return NULL;
}

static json_t *concern_of(struct store *st, const struct net *n, int64_t person)
{
    const struct store_row *last = NULL;
    for (size_t i = 0; i < n->n_na; i++)
        if (n->na[i].a == person)
            last = &n->na[i];
    if (last == NULL)
        return json_null();
    json_t *d = doc_parse(last->doc, last->doc_len);
    json_t *j = json_pack("{s:s, s:s, s:O, s:o, s:o}", "concern", last->code, "label",
                          LABEL(CONCERN, last->code), "reason",
                          json_object_get(d, "reason") ? json_object_get(d, "reason")
                                                       : json_null(),
                          "date", json_day(last->b), "by", json_user_ref(st, last->by));
    json_decref(d);
    return j;
}

static json_t *person_json(struct store *st, const struct net *n, int64_t person)
{
    struct store_person p;
    json_t *j = json_pack("{s:I, s:b}", "id", (json_int_t)person, "subject",
                          is_subject(n, person));
    if (store_person_get(st, person, &p, NULL) == 0) {
        json_object_set_new(j, "kind", json_string(p.organisation ? "organisation" : "person"));
        if (n->ident) {
            json_object_set_new(j, "name", p.name[0] ? json_string(p.name) : json_null());
            json_object_set_new(j, "birth_date",
                                p.birth_date[0] ? json_string(p.birth_date) : json_null());
            json_object_set_new(j, "description",
                                p.description[0] ? json_string(p.description) : json_null());
        }
        store_person_wipe(&p);
    }
    json_object_set_new(j, "redacted", json_boolean(!n->ident));
    const struct store_row *r = np_of(n, person);
    if (r) {
        json_object_set_new(j, "network_person_id", json_integer(r->id));
        json_object_set_new(j, "source_org", json_org_ref(st, r->d));
        json_object_set_new(j, "recorded_at", json_time(r->at));
        json_object_set_new(j, "followup",
                            json_pack("{s:o, s:o}", "signal_id",
                                      r->b ? json_integer(r->b) : json_null(), "measure_id",
                                      r->c ? json_integer(r->c) : json_null()));
    }
    json_object_set_new(j, "concern", concern_of(st, n, person));
    return j;
}

static json_t *edge_json(const struct store_row *r)
{
    json_t *d = doc_parse(r->doc, r->doc_len);
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:O, s:O}", "id",
                          (json_int_t)r->id, "from", (json_int_t)r->a, "to", (json_int_t)r->b,
                          "type", r->code, "type_label", LABEL(REL_TYPES, r->code),
                          "confidence", r->code2, "since", json_day(r->c), "until",
                          json_day(r->d), "source_org_id",
                          json_object_get(d, "source_org_id") ? json_object_get(d, "source_org_id")
                                                              : json_null(),
                          "note", json_object_get(d, "note") ? json_object_get(d, "note")
                                                             : json_null());
    json_decref(d);
    return j;
}

/* One access-log record per person in persons[0..n). */
static int log_persons(struct app *a, const struct alog_req *rq, const struct net *net,
                       enum audit_action act, const char *fields, const int64_t *persons,
                       size_t n, struct alog_pending **out_log, struct err *e)
{
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(n ? n : 1, AUDIT_SUBJECT_BYTES);
    if (subj == NULL)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        alog_subject(a, "person", persons[i], subj[i]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, net->case_id);
    struct alog_ev ev = {.action = act,
                         .object_type = "network",
                         .object_id = oid,
                         .categories = AUDIT_CAT_NETWORK |
                                       (net->ident ? AUDIT_CAT_IDENTIFICATION : 0),
                         .fields = fields,
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = n};
    int rc = alog_pending_new(a, rq, &ev, out_log, e);
    free(subj);
    return rc;
}

/* ---- reads ------------------------------------------------------------------------------------ */

static json_t *view_json(struct store *st, const struct net *n)
{
    json_t *items = json_array(), *edges = json_array();
    for (size_t i = 0; i < n->n_ids; i++)
        json_array_append_new(items, person_json(st, n, n->ids[i]));
    for (size_t i = 0; i < n->n_nr; i++)
        json_array_append_new(edges, edge_json(&n->nr[i]));
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "case_id", (json_int_t)n->case_id, "items",
                     items, "relations", edges, "relation_types",
                     codes_json(REL_TYPES, ARRAY_LEN(REL_TYPES)), "confidences",
                     codes_json(CONFIDENCE, ARRAY_LEN(CONFIDENCE)), "concerns",
                     codes_json(CONCERN, ARRAY_LEN(CONCERN)));
}

int app_network_persons(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                        struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct net n;
    *out = NULL;
    *out_log = NULL;
    int rc = net_open(a, &rq->actor, case_id, false, &st, &n, e);
    if (rc != 0)
        return rc;
    json_t *j = view_json(st, &n);
    rc = j ? log_persons(a, rq, &n, AUDIT_ACT_READ, "network:persons,relations,concern", n.ids,
                         n.n_ids, out_log, e)
           : ERR_NOMEM;
    net_release(&n);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

static pthread_once_t ig_once = PTHREAD_ONCE_INIT;

static void ig_init(void)
{
    /* igraph's default error handler aborts the process; errors are return codes here. */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

static int64_t index_of(const struct net *n, int64_t person)
{
    for (size_t i = 0; i < n->n_ids; i++)
        if (n->ids[i] == person)
            return (int64_t)i;
    return -1;
}

/* The case's network as an undirected igraph graph (vertex i = n->ids[i]). */
static int build_graph(const struct net *n, igraph_t *g)
{
    pthread_once(&ig_once, ig_init);
    igraph_vector_int_t ev;
    if (igraph_vector_int_init(&ev, 0) != IGRAPH_SUCCESS)
        return ERR_NOMEM;
    bool made = igraph_empty(g, (igraph_integer_t)n->n_ids, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS;
    int rc = made ? 0 : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n->n_nr; i++) {
        int64_t f = index_of(n, n->nr[i].a), t = index_of(n, n->nr[i].b);
        if (f < 0 || t < 0)
            continue;
        if (igraph_vector_int_push_back(&ev, f) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&ev, t) != IGRAPH_SUCCESS)
            rc = ERR_NOMEM;
    }
    if (rc == 0 && igraph_add_edges(g, &ev, NULL) != IGRAPH_SUCCESS)
        rc = ERR_NOMEM;
    igraph_vector_int_destroy(&ev);
    if (rc != 0 && made) /* a failed push or add after igraph_empty: g is ours to destroy */
        igraph_destroy(g);
    return rc;
}

int app_network_graph(struct app *a, const struct alog_req *rq, int64_t case_id, int64_t depth,
                      int64_t from, json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct net n;
    *out = NULL;
    *out_log = NULL;
    if (depth < 0 || depth > 3) {
        err_field(e, "depth", "1, 2 of 3");
        return ERR_INVAL;
    }
    int rc = net_open(a, &rq->actor, case_id, false, &st, &n, e);
    if (rc != 0)
        return rc;
    int64_t centre = from ? index_of(&n, from) : (n.n_ids ? 0 : -1);
    if (centre < 0) {
        net_release(&n);
        if (from) {
            err_field(e, "from", "geen persoon uit dit netwerk");
            return ERR_INVAL;
        }
        *out = json_pack("{s:[], s:[], s:I, s:I}", "nodes", "edges", "components", (json_int_t)0,
                         "depth", (json_int_t)(depth ? depth : 2));
        return 0;
    }
    igraph_t g;
    igraph_vector_int_list_t nb;
    igraph_vector_int_t memb;
    igraph_integer_t ncomp = 0;
    rc = build_graph(&n, &g);
    if (rc != 0) {
        net_release(&n);
        return rc;
    }
    bool *in = calloc(n.n_ids ? n.n_ids : 1, sizeof(*in));
    int64_t *shown = calloc(n.n_ids ? n.n_ids : 1, sizeof(*shown));
    size_t n_shown = 0;
    bool nb_made = false;
    if (in == NULL || shown == NULL || igraph_vector_int_list_init(&nb, 0) != IGRAPH_SUCCESS)
        rc = ERR_NOMEM;
    else
        nb_made = true;
    if (rc == 0 && igraph_neighborhood(&g, &nb, igraph_vss_1(centre), depth ? depth : 2,
                                       IGRAPH_ALL, 0) != IGRAPH_SUCCESS)
        rc = ERR_NOMEM;
    if (rc == 0) {
        igraph_vector_int_t *v = igraph_vector_int_list_get_ptr(&nb, 0);
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(v); i++)
            in[VECTOR(*v)[i]] = true;
    }
    if (nb_made) /* also when igraph_neighborhood failed */
        igraph_vector_int_list_destroy(&nb);
    if (rc == 0 && igraph_vector_int_init(&memb, 0) == IGRAPH_SUCCESS) {
        if (igraph_connected_components(&g, &memb, NULL, &ncomp, IGRAPH_WEAK) != IGRAPH_SUCCESS)
            ncomp = 0;
        igraph_vector_int_destroy(&memb);
    }
    igraph_destroy(&g);
    json_t *nodes = json_array(), *edges = json_array();
    int64_t centre_id = n.ids[centre];
    for (size_t i = 0; rc == 0 && i < n.n_ids; i++) {
        if (!in[i])
            continue;
        json_t *p = person_json(st, &n, n.ids[i]);
        const char *nm = json_string_value(json_object_get(p, "name"));
        json_object_set_new(p, "label", json_string(nm ? nm : n.ident ? "Persoon (naam onbekend)"
                                                                      : "Persoon (afgeschermd)"));
        const char *rel = NULL;
        for (size_t k = 0; k < n.n_nr && !rel; k++)
            if ((n.nr[k].a == centre_id && n.nr[k].b == n.ids[i]) ||
                (n.nr[k].b == centre_id && n.nr[k].a == n.ids[i]))
                rel = n.nr[k].code;
        json_object_set_new(p, "relation_to_centre", rel ? json_string(rel) : json_null());
        json_object_set_new(p, "centre", json_boolean(n.ids[i] == centre_id));
        json_array_append_new(nodes, p);
        shown[n_shown++] = n.ids[i];
    }
    for (size_t k = 0; rc == 0 && k < n.n_nr; k++) {
        int64_t f = index_of(&n, n.nr[k].a), t = index_of(&n, n.nr[k].b);
        if (f >= 0 && t >= 0 && in[f] && in[t])
            json_array_append_new(edges, edge_json(&n.nr[k]));
    }
    if (rc == 0)
        rc = log_persons(a, rq, &n, AUDIT_ACT_READ, "network:graph", shown, n_shown, out_log, e);
    free(in);
    free(shown);
    net_release(&n);
    if (rc != 0) {
        json_decref(nodes);
        json_decref(edges);
        return rc;
    }
    *out = json_pack("{s:o, s:o, s:I, s:I, s:I}", "nodes", nodes, "edges", edges, "components",
                     (json_int_t)ncomp, "depth", (json_int_t)(depth ? depth : 2), "centre",
                     (json_int_t)centre_id);
    return *out ? 0 : ERR_NOMEM;
}

int app_network_path(struct app *a, const struct alog_req *rq, int64_t case_id, int64_t from,
                     int64_t to, json_t **out, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct net n;
    *out = NULL;
    *out_log = NULL;
    int rc = net_open(a, &rq->actor, case_id, false, &st, &n, e);
    if (rc != 0)
        return rc;
    int64_t f = index_of(&n, from), t = index_of(&n, to);
    if (f < 0)
        err_field(e, "from", "geen persoon uit dit netwerk");
    if (t < 0)
        err_field(e, "to", "geen persoon uit dit netwerk");
    if (in_has_errors(e)) {
        net_release(&n);
        return ERR_INVAL;
    }
    igraph_t g;
    igraph_vector_int_t vs;
    rc = build_graph(&n, &g);
    bool g_made = rc == 0; /* destroy g even when a later allocation fails */
    json_t *path = json_array(), *edges = json_array();
    int64_t *persons = calloc(n.n_ids ? n.n_ids : 1, sizeof(*persons));
    size_t np = 0;
    if (rc == 0 && (persons == NULL || igraph_vector_int_init(&vs, 0) != IGRAPH_SUCCESS))
        rc = ERR_NOMEM;
    if (rc == 0) {
        if (igraph_get_shortest_path(&g, &vs, NULL, f, t, IGRAPH_ALL) == IGRAPH_SUCCESS)
            for (igraph_integer_t i = 0; i < igraph_vector_int_size(&vs); i++) {
                int64_t p = n.ids[VECTOR(vs)[i]];
                json_array_append_new(path, json_integer(p));
                persons[np++] = p;
                if (i == 0)
                    continue;
                int64_t prev = n.ids[VECTOR(vs)[i - 1]];
                for (size_t k = 0; k < n.n_nr; k++)
                    if ((n.nr[k].a == prev && n.nr[k].b == p) ||
                        (n.nr[k].b == prev && n.nr[k].a == p)) {
                        json_array_append_new(edges, edge_json(&n.nr[k]));
                        break;
                    }
            }
        igraph_vector_int_destroy(&vs);
    }
    if (g_made)
        igraph_destroy(&g);
    if (rc == 0)
        rc = log_persons(a, rq, &n, AUDIT_ACT_READ, "network:path", persons, np, out_log, e);
    free(persons);
    net_release(&n);
    if (rc != 0) {
        json_decref(path);
        json_decref(edges);
        return rc;
    }
    *out = json_pack("{s:o, s:o, s:b}", "path", path, "edges", edges, "connected",
                     json_array_size(path) > 0);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- writes ----------------------------------------------------------------------------------- */

struct nw {
    struct app *a;
    const struct alog_req *rq;
    struct net *n;
    enum store_case_kind kind;
    struct store_row row;
    struct store_person_in person;
    bool new_person;
    bool update;
    char *doc;
    int64_t subject; /* the person the write is about */
    const char *fields;
    int64_t created_id;
};

static int nrun(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct nw *w = ctx;
    int rc = 0;
    if (w->new_person) {
        rc = store_person_create(st, w->n->acc.group_id, &w->person, &w->row.a, e);
        w->subject = w->row.a;
    }
    w->row.meeting_id = w->n->case_id;
    w->row.group_id = w->n->acc.group_id;
    w->row.by = w->rq->actor.user_id;
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    if (rc == 0)
        rc = w->update ? store_case_update(st, w->kind, &w->row, e)
                       : store_case_add(st, w->kind, &w->row, NULL, &w->created_id, e);
    if (rc != 0)
        return rc;
    if (w->new_person)
        w->created_id = w->row.a; /* the person id: what relations and the graph name */
    uint8_t subj[2][AUDIT_SUBJECT_BYTES];
    size_t ns = 0;
    alog_subject(w->a, "person", w->subject, subj[ns++]);
    if (w->kind == STORE_CASE_NRELATION)
        alog_subject(w->a, "person", w->row.b, subj[ns++]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, w->n->case_id);
    struct alog_ev ev = {.action = w->update ? AUDIT_ACT_UPDATE : AUDIT_ACT_CREATE,
                         .object_type = "network",
                         .object_id = oid,
                         .categories = AUDIT_CAT_NETWORK | AUDIT_CAT_IDENTIFICATION,
                         .fields = w->fields,
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = ns};
    return alog_tx_add(tx, w->rq, &ev, e);
}

/* Runs the write, then answers with the network as it is now; that read is logged (one record
 * per person) and durable before the answer leaves. */
static int nexec(struct nw *w, json_t **out, struct err *e)
{
    int rc = alog_run(w->a, nrun, w, e);
    doc_free(w->doc);
    w->doc = NULL;
    struct store *st = NULL;
    struct net n2;
    if (rc == 0)
        rc = net_open(w->a, &w->rq->actor, w->n->case_id, false, &st, &n2, e);
    if (rc != 0)
        return rc;
    json_t *j = view_json(st, &n2);
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = calloc(n2.n_ids ? n2.n_ids : 1, AUDIT_SUBJECT_BYTES);
    rc = j && subj ? 0 : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < n2.n_ids; i++)
        alog_subject(w->a, "person", n2.ids[i], subj[i]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, n2.case_id);
    struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "network", .object_id = oid,
                         .categories = AUDIT_CAT_NETWORK |
                                       (n2.ident ? AUDIT_CAT_IDENTIFICATION : 0),
                         .fields = "answer:network", .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = n2.n_ids};
    if (rc == 0)
        rc = alog_write(w->a, w->rq, &ev, e);
    free(subj);
    net_release(&n2);
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    if (w->created_id)
        json_object_set_new(j, "created_id", json_integer(w->created_id));
    *out = j;
    return 0;
}

int app_network_add_person(struct app *a, const struct alog_req *rq, int64_t case_id,
                           const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"name", "birth_date", "bsn", "description",
                                       "source_org_id", "kind"};
    struct store *st = NULL;
    struct net n;
    *out = NULL;
    int rc = net_open(a, &rq->actor, case_id, true, &st, &n, e);
    if (rc != 0)
        return rc;
    struct str name, bd, bsn, desc, kind;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "name", false, 200, false, &name, e);
    in_text(in, NULL, "birth_date", false, 10, false, &bd, e);
    in_text(in, NULL, "bsn", false, 20, false, &bsn, e);
    in_text(in, NULL, "description", false, LINE_MAX_, true, &desc, e);
    in_text(in, NULL, "kind", false, 20, false, &kind, e);
    int64_t org = in_id(in, NULL, "source_org_id", false, e);
    int64_t bdd = 0;
    if (bd.p && (clock_parse_date(bd.p, bd.n, &bdd) != 0 || bdd > signal_today()))
        err_field(e, "birth_date", "geen geldige geboortedatum (JJJJ-MM-DD)");
    if (bd.p && !name.p)
        err_field(e, "name", "vul de naam in bij een geboortedatum");
    if (bsn.p)
        in_bsn(bsn, NULL, e);
    if (!name.p && !bsn.p && !desc.p)
        err_field(e, "name", "noem een naam, BSN of omschrijving (iemand mag deels bekend zijn)");
    if (kind.p && !str_eq_cstr(kind, "person") && !str_eq_cstr(kind, "organisation"))
        err_field(e, "kind", "kies person of organisation");
    struct store_org o;
    if (org && store_org_get(st, org, &o, NULL) != 0)
        err_field(e, "source_org_id", "onbekende organisatie");
    if (!in_has_errors(e) && n.n_np >= MAX_NPERSONS)
        rc = in_conflict(e, NULL, "Dit netwerk heeft het maximum aantal personen (500).");
    if (in_has_errors(e) || rc != 0) {
        net_release(&n);
        return rc ? rc : ERR_INVAL;
    }
    struct nw w = {.a = a, .rq = rq, .n = &n, .kind = STORE_CASE_NPERSON, .new_person = true,
                   .fields = "network:person,source"};
    w.person = (struct store_person_in){.name = name.p ? name : STR_NULL,
                                        .birth_date = bd.p ? bd : STR_NULL,
                                        .bsn = bsn.p ? bsn : STR_NULL,
                                        .description = desc.p ? desc : STR_NULL,
                                        .organisation = kind.p && str_eq_cstr(kind, "organisation")};
    w.row.d = org ? org : rq->actor.org_id;
    w.doc = doc_dump(json_object());
    rc = w.doc ? nexec(&w, out, e) : ERR_NOMEM;
    net_release(&n);
    return rc;
}

int app_network_add_relation(struct app *a, const struct alog_req *rq, int64_t case_id,
                             const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"from_id", "to_id", "type", "since_date", "until_date",
                                       "source_org_id", "confidence", "note"};
    struct store *st = NULL;
    struct net n;
    *out = NULL;
    int rc = net_open(a, &rq->actor, case_id, true, &st, &n, e);
    if (rc != 0)
        return rc;
    struct str type, conf, note;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t from = in_id(in, NULL, "from_id", true, e);
    int64_t to = in_id(in, NULL, "to_id", true, e);
    in_text(in, NULL, "type", true, 20, false, &type, e);
    in_text(in, NULL, "confidence", true, 20, false, &conf, e);
    in_text(in, NULL, "note", false, NOTE_MAX, true, &note, e);
    int64_t since = in_date(in, NULL, "since_date", false, e);
    int64_t until = in_date(in, NULL, "until_date", false, e);
    int64_t org = in_id(in, NULL, "source_org_id", false, e);
    const struct code *tc = type.p ? FIND(REL_TYPES, type) : NULL;
    const struct code *cc = conf.p ? FIND(CONFIDENCE, conf) : NULL;
    if (type.p && !tc)
        err_field(e, "type", "onbekend soort relatie");
    if (conf.p && !cc)
        err_field(e, "confidence", "kies confirmed of reported");
    if (from && index_of(&n, from) < 0)
        err_field(e, "from_id", "geen persoon uit dit netwerk");
    if (to && index_of(&n, to) < 0)
        err_field(e, "to_id", "geen persoon uit dit netwerk");
    if (from && from == to)
        err_field(e, "to_id", "een relatie is tussen twee personen");
    if (since && until && until < since)
        err_field(e, "until_date", "ligt voor de begindatum");
    struct store_org o;
    if (org && store_org_get(st, org, &o, NULL) != 0)
        err_field(e, "source_org_id", "onbekende organisatie");
    if (!in_has_errors(e) && n.n_nr >= MAX_RELATIONS)
        rc = in_conflict(e, NULL, "Dit netwerk heeft het maximum aantal relaties (5000).");
    if (in_has_errors(e) || rc != 0 || tc == NULL || cc == NULL) { /* also when e is NULL */
        net_release(&n);
        return rc ? rc : ERR_INVAL;
    }
    struct nw w = {.a = a, .rq = rq, .n = &n, .kind = STORE_CASE_NRELATION, .subject = from,
                   .fields = "network:relation,type,confidence,dates,source"};
    w.row.a = from;
    w.row.b = to;
    w.row.c = since;
    w.row.d = until;
    snprintf(w.row.code, sizeof(w.row.code), "%s", tc->code);
    snprintf(w.row.code2, sizeof(w.row.code2), "%s", cc->code);
    w.doc = doc_dump(json_pack("{s:I, s:s%}", "source_org_id",
                               (json_int_t)(org ? org : rq->actor.org_id), "note",
                               note.p ? note.p : "", note.n));
    rc = w.doc ? nexec(&w, out, e) : ERR_NOMEM;
    net_release(&n);
    return rc;
}

/* The case of a network person (by person id): ERR_NOTFOUND. */
static int case_of_network_person(struct store *st, int64_t person_id, int64_t *case_id,
                                  struct err *e)
{
    struct store_row r = {0};
    int rc = store_network_person_of(st, person_id, &r, e);
    if (rc == 0)
        *case_id = r.meeting_id;
    store_row_release(&r);
    return rc == ERR_NOTFOUND ? not_found(e) : rc;
}

int app_network_assess(struct app *a, const struct alog_req *rq, int64_t person_id,
                       const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"concern", "reason", "date"};
    struct store *st = NULL;
    struct net n;
    int64_t case_id = 0;
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "network") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = case_of_network_person(st, person_id, &case_id, e);
    if (rc == 0)
        rc = net_open(a, &rq->actor, case_id, true, &st, &n, e);
    if (rc != 0)
        return rc;
    struct str concern, reason;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "concern", true, 10, false, &concern, e);
    in_text(in, NULL, "reason", true, NOTE_MAX, true, &reason, e);
    int64_t day = in_date(in, NULL, "date", false, e);
    const struct code *cc = concern.p ? FIND(CONCERN, concern) : NULL;
    if (concern.p && !cc)
        err_field(e, "concern", "kies none, some of serious");
    if (day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    if (in_has_errors(e) || cc == NULL) { /* cc: also when e is NULL (gcc -fanalyzer) */
        net_release(&n);
        return ERR_INVAL;
    }
    struct nw w = {.a = a, .rq = rq, .n = &n, .kind = STORE_CASE_NASSESSMENT,
                   .subject = person_id, .fields = "network:concern,reason"};
    w.row.a = person_id;
    w.row.b = day ? day : signal_today();
    snprintf(w.row.code, sizeof(w.row.code), "%s", cc->code);
    w.doc = doc_dump(json_pack("{s:s%}", "reason", reason.p, reason.n));
    rc = w.doc ? nexec(&w, out, e) : ERR_NOMEM;
    net_release(&n);
    return rc;
}

int app_network_followup(struct app *a, const struct alog_req *rq, int64_t person_id,
                         const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"kind", "observed", "legal_ground", "type", "description",
                                       "owner_org_id", "legal_basis"};
    static const char *const care[] = {"familieondersteuning", "mentor_sleutelfiguur",
                                       "deradicalisering", "ggz_jeugd_wmo", "nazorg_overlijden"};
    struct store *st = NULL;
    struct net n;
    int64_t case_id = 0;
    *out = NULL;
    if (policy_scope(&rq->actor, "create", "network") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = case_of_network_person(st, person_id, &case_id, e);
    if (rc == 0)
        rc = net_open(a, &rq->actor, case_id, true, &st, &n, e);
    if (rc != 0)
        return rc;
    const struct store_row *np = np_of(&n, person_id);
    struct str kind, observed, ground, type, desc, basis;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "kind", true, 10, false, &kind, e);
    bool sig = kind.p && str_eq_cstr(kind, "signal");
    bool mea = kind.p && str_eq_cstr(kind, "measure");
    if (kind.p && !sig && !mea)
        err_field(e, "kind", "kies signal of measure");
    in_text(in, NULL, "observed", sig, 20000, true, &observed, e);
    in_text(in, NULL, "legal_ground", false, LINE_MAX_, false, &ground, e);
    in_text(in, NULL, "type", mea, 40, false, &type, e);
    in_text(in, NULL, "description", false, NOTE_MAX, true, &desc, e);
    in_text(in, NULL, "legal_basis", mea, LINE_MAX_, false, &basis, e);
    int64_t org = in_id(in, NULL, "owner_org_id", mea, e);
    bool care_type = false;
    for (size_t i = 0; type.p && i < ARRAY_LEN(care); i++)
        care_type = care_type || str_eq_cstr(type, care[i]);
    if (mea && type.p && !care_type)
        err_field(e, "type", "een preventieve zorgmaatregel (familieondersteuning, mentor, "
                             "exittraject, GGZ/jeugdhulp)");
    if (np == NULL)
        err_field(e, "id", "de hoofdpersoon heeft al een casus");
    if (in_has_errors(e)) {
        net_release(&n);
        return ERR_INVAL;
    }
    json_t *res = NULL;
    int64_t made = 0;
    if (sig) {
        /* A new signal about the network person: its own access rules and retention. */
        struct store_person p;
        rc = store_person_get(st, person_id, &p, e);
        json_t *subj = json_object();
        if (rc == 0) {
            json_object_set_new(subj, "kind", json_string(p.organisation ? "organisation"
                                                                         : "person"));
            if (p.name[0])
                json_object_set_new(subj, "name", json_string(p.name));
            if (p.birth_date[0])
                json_object_set_new(subj, "birth_date", json_string(p.birth_date));
            if (p.bsn[0])
                json_object_set_new(subj, "bsn", json_string(p.bsn));
            if (p.description[0])
                json_object_set_new(subj, "description", json_string(p.description));
            store_person_wipe(&p);
        }
        json_t *body = json_pack("{s:s, s:[o], s:s%, s:{s:b}}", "route", "professional",
                                 "subjects", subj, "observed", observed.p, observed.n, "acute",
                                 "danger", false);
        if (body && ground.p)
            json_object_set_new(body, "legal_ground", json_stringn(ground.p, ground.n));
        if (rc == 0)
            rc = body ? app_signal_create(a, rq, body, &res, e) : ERR_NOMEM;
        json_decref(body);
        made = rc == 0 ? (int64_t)json_integer_value(json_object_get(res, "id")) : 0;
    } else {
        json_t *body = json_pack("{s:s%, s:I, s:s%, s:s, s:s%}", "type", type.p, type.n,
                                 "owner_org_id", (json_int_t)org, "legal_basis", basis.p, basis.n,
                                 "status", "proposed", "description", desc.p ? desc.p : "",
                                 desc.n);
        rc = body ? app_case_write(a, rq, case_id, "measures", 0, body, &res, e) : ERR_NOMEM;
        json_decref(body);
        made = rc == 0 ? (int64_t)json_integer_value(json_object_get(res, "created_id")) : 0;
    }
    json_decref(res);
    if (rc == 0) {
        struct nw w = {.a = a, .rq = rq, .n = &n, .kind = STORE_CASE_NPERSON, .update = true,
                       .subject = person_id, .fields = "network:followup"};
        w.row = *np;
        w.row.doc = NULL;
        if (sig)
            w.row.b = made;
        else
            w.row.c = made;
        w.doc = doc_dump(doc_parse(np->doc, np->doc_len));
        rc = w.doc ? nexec(&w, out, e) : ERR_NOMEM;
        if (rc == 0)
            json_object_set_new(*out, "followup_id", json_integer(made));
    }
    net_release(&n);
    return rc;
}

/* ---- the cross-case hit/no-hit ---------------------------------------------------------------- */

int app_person_links(struct app *a, const struct alog_req *rq, int64_t person_id, json_t **out,
                     struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct net n;
    int64_t case_id = 0;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(&rq->actor, "read", "case") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    struct store_twin *tw = calloc(TWINS_MAX, sizeof(*tw));
    size_t nt = 0;
    if (rc == 0 && tw == NULL)
        rc = ERR_NOMEM;
    /* The person's own case: as a network person, or as a subject of an admitted signal. */
    if (rc == 0 && case_of_network_person(st, person_id, &case_id, e) != 0) {
        err_clear(e);
        int64_t sigs[8];
        size_t ns = 0;
        if (store_signal_ids_by_person(st, person_id, sigs, ARRAY_LEN(sigs), &ns, NULL) == 0)
            for (size_t i = 0; i < ns && !case_id; i++) {
                struct store_signal s;
                if (store_signal_get(st, sigs[i], false, &s, NULL) == 0)
                    case_id = s.case_id;
            }
        if (!case_id)
            rc = not_found(e);
    }
    if (rc == 0)
        rc = net_open(a, &rq->actor, case_id, false, &st, &n, e);
    if (rc != 0) {
        free(tw);
        return rc;
    }
    /* The caller's own case was opened under the caller's scope; the twins are looked for in
     * every case of the region by design, and of a case the caller may not see only the
     * municipality is said (a blind hit, docs/network.md). */
    app_act_for_region(a);
    rc = store_person_twins(st, person_id, tw, TWINS_MAX, &nt, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < nt; i++) {
        bool seen_case = tw[i].case_id == case_id;
        for (size_t k = 0; k < i && !seen_case; k++)
            seen_case = tw[k].case_id == tw[i].case_id;
        if (seen_case) /* one item per other case: how many of its persons match is not said */
            continue;
        struct app_item_access other;
        struct err e2 = {0};
        struct store_case c;
        if (store_case_get(st, tw[i].case_id, &c, NULL) != 0)
            continue;
        bool see = app_case_may(st, &rq->actor, "case", tw[i].case_id, false, &other, &e2) == 0;
        if (see) {
            struct store_signal s;
            const char *ref = "";
            if (store_signal_get(st, c.signal_id, false, &s, NULL) == 0)
                ref = s.reference;
            json_array_append_new(items,
                                  json_pack("{s:b, s:I, s:s, s:o, s:I}", "hit", true, "case_id",
                                            (json_int_t)c.id, "reference", ref, "municipality",
                                            json_org_ref(st, c.municipality_id), "person_id",
                                            (json_int_t)tw[i].person_id));
        } else {
            struct store_org o;
            char contact[300];
            snprintf(contact, sizeof(contact),
                     "Ook bekend in een andere casus: neem contact op met de dossierhouder van %s.",
                     store_org_get(st, c.municipality_id, &o, NULL) == 0 ? o.name
                                                                           : "die gemeente");
            json_array_append_new(items, json_pack("{s:b, s:{s:I, s:s}, s:s}", "hit", true,
                                                   "municipality", "id",
                                                   (json_int_t)c.municipality_id, "name",
                                                   o.name, "contact", contact));
        }
        /* The other side's log: the lookup touched the other case's person. */
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        char oid[24];
        alog_subject(a, "person", tw[i].person_id, subj[0]);
        snprintf(oid, sizeof(oid), "%" PRId64, tw[i].case_id);
        struct alog_ev ev = {.action = AUDIT_ACT_SEARCH, .object_type = "network",
                             .object_id = oid, .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = see ? "links:case" : "links:hit",
                             .purpose = "netwerkanalyse: ook bekend in een andere casus",
                             .subject_type = "person", .subjects =
                                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = 1};
        rc = alog_write(a, rq, &ev, e);
    }
    free(tw);
    if (rc == 0) {
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        char oid[24];
        alog_subject(a, "person", person_id, subj[0]);
        snprintf(oid, sizeof(oid), "%" PRId64, case_id);
        struct alog_ev ev = {.action = AUDIT_ACT_SEARCH, .object_type = "network",
                             .object_id = oid, .categories = AUDIT_CAT_IDENTIFICATION,
                             .fields = "links", .purpose =
                                 "netwerkanalyse: ook bekend in een andere casus",
                             .subject_type = "person", .subjects =
                                 (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = 1};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    net_release(&n);
    if (rc != 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:I, s:o, s:b}", "person_id", (json_int_t)person_id, "items", items,
                     "known_elsewhere", json_array_size(items) > 0);
    return *out ? 0 : ERR_NOMEM;
}
