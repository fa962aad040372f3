/* demo_readiness.c: the preparedness of the three demo municipalities, made through the same
 * use-cases (policy checks and access-log records included) as the demo accounts would:
 * Voorbeeldstad fully prepared (dossierhouder and deputy, adopted local scan and policy
 * strategy, recent joint trainings with partners, all seven COT functions mapped, own bodies),
 * Proefdorp half-prepared (one dossierhouder and no deputy: the continuity warning; no policy
 * strategy; an old training; four COT functions open) and Oefenveen relying on the regional
 * structure (the Zorg- en Veiligheidshuis's dossierhouder and a regional overleg). */
#include "core/common.h"

#include "app/demo.h"
#include "app/meeting.h"
#include "app/readiness.h"
#include "app/signal.h"
#include "store/store.h"
#include "store/user.h"

struct rdemo {
    struct app *a;
    struct alog_req rq;
};

static int64_t user_id(struct store *st, const char *username)
{
    struct store_user u;
    return store_user_get_by_username(st, str_from_cstr(username), &u, NULL) == 0 ? u.id : 0;
}

static int64_t org_id(struct store *st, int64_t region_id, const char *name)
{
    struct store_org *list = calloc(100, sizeof(*list));
    size_t n = 0;
    int64_t id = 0;
    if (list && store_org_list(st, region_id, list, 100, &n, NULL) == 0)
        for (size_t i = 0; i < n && !id; i++)
            if (strcmp(list[i].name, name) == 0)
                id = list[i].id;
    free(list);
    return id;
}

static void act_as(struct rdemo *c, struct store *st, const char *username)
{
    struct store_user u;
    struct actor who = {0};
    if (store_user_get_by_username(st, str_from_cstr(username), &u, NULL) == 0)
        who = (struct actor){
            .user_id = u.id, .org_id = u.org_id, .roles = u.roles, .org_access_ok = true};
    alog_req_init(c->a, &c->rq, &who, "demo", "127.0.0.1", NULL, NULL);
}

typedef int (*rd_fn)(struct app *, const struct alog_req *, int64_t, const json_t *, json_t **,
                     struct err *);

/* Runs a write use-case on municipality muni with body (owned); *created the new id. */
static int run(struct rdemo *c, rd_fn fn, int64_t muni, json_t *body, int64_t *created,
               struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = fn(c->a, &c->rq, muni, body, &out, e);
    if (rc == 0 && created)
        *created = (int64_t)json_integer_value(json_object_get(out, "created_id"));
    json_decref(out);
    json_decref(body);
    return rc;
}

static const char *day_str(int64_t offset, char out[11])
{
    signal_fmt_day(signal_today() + offset, out);
    return out;
}

static json_t *ids_json(const int64_t *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (v[i] > 0)
            json_array_append_new(arr, json_integer(v[i]));
    return arr;
}

static int doc(struct rdemo *c, int64_t muni, const char *kind, const char *title, const char *ref,
               int64_t decided_offset, int64_t *id, struct err *e)
{
    char d[11];
    json_t *in = json_pack("{s:s, s:s, s:s}", "kind", kind, "title", title, "reference", ref);
    if (in && decided_offset)
        json_object_set_new(in, "decision_date", json_string(day_str(decided_offset, d)));
    return run(c, app_readiness_add_document, muni, in, id, e);
}

static int training(struct rdemo *c, int64_t muni, int64_t offset, const char *topic,
                    const char *provider, const int64_t *who, size_t n, struct err *e)
{
    char d[11];
    return run(c, app_readiness_add_training, muni,
               json_pack("{s:s, s:s, s:s, s:o}", "date", day_str(offset, d), "topic", topic,
                         "provider", provider, "attendee_ids", ids_json(who, n)),
               NULL, e);
}

/* One COT row: function and up to five organisations (0 ends the list). */
struct cot_row {
    const char *function;
    int64_t orgs[5];
    const char *note;
};

static int cot(struct rdemo *c, int64_t muni, const struct cot_row *rows, size_t n, struct err *e)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_pack("{s:s, s:o}", "function", rows[i].function, "org_ids",
                              ids_json(rows[i].orgs, ARRAY_LEN(rows[i].orgs)));
        if (r && rows[i].note)
            json_object_set_new(r, "note", json_string(rows[i].note));
        json_array_append_new(roles, r);
    }
    return run(c, app_readiness_set_cot, muni, json_pack("{s:o}", "roles", roles), NULL, e);
}

static int people(struct rdemo *c, int64_t muni, int64_t dh, int64_t dep, int64_t reg_org,
                  int64_t reg_body, struct err *e)
{
    json_t *in = json_object();
    if (in && dh)
        json_object_set_new(in, "dossierhouder_id", json_integer(dh));
    if (in && dep)
        json_object_set_new(in, "deputy_id", json_integer(dep));
    if (in && reg_org)
        json_object_set_new(in, "regional_org_id", json_integer(reg_org));
    if (in && reg_body)
        json_object_set_new(in, "regional_body_id", json_integer(reg_body));
    return run(c, app_readiness_set_people, muni, in, NULL, e);
}

static int regional_body(struct rdemo *c, const int64_t *members, size_t n, int64_t *out_id,
                         struct err *e)
{
    json_t *in =
        json_pack("{s:s, s:s, s:o}", "kind", "regionaal", "name",
                  "Regionaal casusoverleg Regio Voorbeeld (ZVH)", "members", ids_json(members, n));
    json_t *out = NULL;
    int rc = in ? app_body_create(c->a, &c->rq, in, &out, e) : ERR_NOMEM;
    if (rc == 0)
        *out_id = (int64_t)json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return rc;
}

int app_demo_readiness(struct app *a, const struct demo_ids *ids, struct err *e)
{
    struct rdemo c = {.a = a};
    struct store *st = NULL;
    struct store_org vb;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_org_get(st, ids->org[DEMO_AS_DOSSIERHOUDER], &vb, e);
    if (rc != 0)
        return rc;
    int64_t r = vb.region_id;
    int64_t g_vb = vb.id, g_pd = ids->org[DEMO_AS_DOSSIERHOUDER2];
    int64_t g_ov = org_id(st, r, "Gemeente Oefenveen");
    int64_t pol = org_id(st, r, "Politie eenheid Voorbeeld"), om = ids->org[DEMO_AS_OM];
    int64_t rvdk = ids->org[DEMO_AS_RVDK], recl = org_id(st, r, "Reclassering Voorbeeld");
    int64_t zvh = org_id(st, r, "Zorg- en Veiligheidshuis Voorbeeld");
    int64_t jz = ids->org[DEMO_AS_JEUGDZORG];
    int64_t dh = ids->user[DEMO_AS_DOSSIERHOUDER], dh2 = ids->user[DEMO_AS_DOSSIERHOUDER2];
    int64_t dep = user_id(st, "plaatsvervanger");
    if (!g_ov || !pol || !recl || !zvh || !dep)
        return err_internal(e, ERR_INVAL, "demo readiness: demo organisations missing");

    /* Voorbeeldstad: fully prepared, by its own dossierhouder. */
    act_as(&c, st, "dossierhouder");
    int64_t old_strategy = 0, reg_body = 0;
    const int64_t reg_members[] = {dh, ids->user[DEMO_AS_PARTNER], ids->user[DEMO_AS_OM],
                                   ids->user[DEMO_AS_RVDK]};
    rc = people(&c, g_vb, dh, dep, 0, 0, e);
    if (rc == 0)
        rc = doc(&c, g_vb, "lokale_scan", "Lokale scan radicalisering Voorbeeldstad",
                 "Collegebesluit 2025/113", -300, NULL, e);
    if (rc == 0)
        rc = doc(&c, g_vb, "beleidsstrategie", "Aanpak radicalisering 2021-2024",
                 "Collegebesluit 2021/045", -1500, &old_strategy, e);
    if (rc == 0)
        rc = doc(&c, g_vb, "beleidsstrategie", "Beleidsstrategie sociale stabiliteit 2025-2028",
                 "Collegebesluit 2025/187", -250, NULL, e);
    if (rc == 0)
        rc = doc(&c, g_vb, "werkafspraken", "Werkafspraken driehoek en sociaal domein",
                 "Kenmerk OOV/2025/12", -200, NULL, e);
    if (rc == 0) {
        json_t *out = NULL;
        rc = app_readiness_withdraw_document(a, &c.rq, old_strategy, &out, e);
        json_decref(out);
    }
    const int64_t t1[] = {dh,
                          dep,
                          ids->user[DEMO_AS_PARTNER],
                          ids->user[DEMO_AS_OM],
                          ids->user[DEMO_AS_RVDK],
                          ids->user[DEMO_AS_JEUGDZORG]};
    const int64_t t2[] = {dh, ids->user[DEMO_AS_VOORZITTER], ids->user[DEMO_AS_PARTNER]};
    if (rc == 0)
        rc = training(&c, g_vb, -60, "Signalen van radicalisering herkennen",
                      "Expertise-unit Sociale Stabiliteit", t1, ARRAY_LEN(t1), e);
    if (rc == 0)
        rc = training(&c, g_vb, -400, "Werken met het privacyprotocol",
                      "Zorg- en "
                      "Veiligheidshuis Voorbeeld",
                      t2, ARRAY_LEN(t2), e);
    const struct cot_row vb_cot[] = {
        {"agenderen", {g_vb}, "De burgemeester agendeert in de lokale driehoek."},
        {"voorkomen", {g_vb, jz}, NULL},
        {"signaleren", {pol, jz, g_vb}, NULL},
        {"melden", {pol, g_vb}, "Meldingen via het meldpunt van de gemeente."},
        {"duiden", {g_vb, pol, om}, NULL},
        {"informatie_aanvullen", {pol, om, rvdk, recl}, NULL},
        {"reageren", {g_vb, om, rvdk, recl, zvh}, NULL},
    };
    if (rc == 0)
        rc = cot(&c, g_vb, vb_cot, ARRAY_LEN(vb_cot), e);
    /* The regional overleg that Oefenveen relies on (owned by Voorbeeldstad, run by the ZVH). */
    if (rc == 0)
        rc = regional_body(&c, reg_members, ARRAY_LEN(reg_members), &reg_body, e);

    /* Proefdorp: half-prepared, by its only dossierhouder. */
    act_as(&c, st, "dossierhouder2");
    const int64_t t3[] = {dh2, ids->user[DEMO_AS_PARTNER]};
    if (rc == 0)
        rc = people(&c, g_pd, dh2, 0, 0, 0, e);
    if (rc == 0)
        rc = doc(&c, g_pd, "lokale_scan", "Quickscan radicalisering Proefdorp",
                 "Collegebesluit 2024/031", -500, NULL, e);
    if (rc == 0)
        rc = training(&c, g_pd, -600, "Introductie persoonsgerichte aanpak", "VNG", t3,
                      ARRAY_LEN(t3), e);
    const struct cot_row pd_cot[] = {
        {"agenderen", {g_pd}, NULL},
        {"signaleren", {pol}, NULL},
        {"melden", {pol, g_pd}, NULL},
    };
    if (rc == 0)
        rc = cot(&c, g_pd, pd_cot, ARRAY_LEN(pd_cot), e);

    /* Oefenveen: the regional structure, set up by the functional administrator. */
    act_as(&c, st, "beheerder");
    const int64_t t4[] = {ids->user[DEMO_AS_PARTNER], ids->user[DEMO_AS_OM], dh};
    if (rc == 0)
        rc = people(&c, g_ov, 0, 0, zvh, reg_body, e);
    if (rc == 0)
        rc = doc(&c, g_ov, "lokale_scan", "Regionale scan Regio Voorbeeld (deel Oefenveen)",
                 "Collegebesluit 2025/020", -320, NULL, e);
    if (rc == 0)
        rc = doc(&c, g_ov, "beleidsstrategie", "Regionale aanpak radicalisering 2025-2028",
                 "Collegebesluit 2025/021", -310, NULL, e);
    if (rc == 0)
        rc = training(&c, g_ov, -90, "Regionale casusoverleggen: werkwijze",
                      "Zorg- en Veiligheidshuis Voorbeeld", t4, ARRAY_LEN(t4), e);
    const struct cot_row ov_cot[] = {
        {"agenderen", {g_ov}, NULL},
        {"voorkomen", {g_ov, jz}, NULL},
        {"signaleren", {pol, jz}, NULL},
        {"melden", {pol}, NULL},
        {"duiden", {zvh, pol, om}, "Via het regionale casusoverleg."},
        {"informatie_aanvullen", {pol, om, rvdk}, NULL},
        {"reageren", {g_ov, zvh, om}, NULL},
    };
    if (rc == 0)
        rc = cot(&c, g_ov, ov_cot, ARRAY_LEN(ov_cot), e);
    return rc;
}
