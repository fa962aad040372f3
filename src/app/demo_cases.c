/* demo_cases.c: fictional cases in every phase of the approach, made through the case use-cases
 * (policy checks and access-log records included) as the demo dossierhouder, on signals that
 * were admitted after a joint weighing: shared picture, plan adopted with one measure of each
 * kind, execution, review, aftercare, closed; a departed person past the 3-month mark, a
 * returnee with a young child, and a reported death. Every name is obviously fictional. */
#include "core/common.h"

#include "app/case.h"
#include "app/demo.h"
#include "app/network.h"
#include "app/signal.h"

struct cdemo {
    struct app *a;
    const struct demo_ids *ids;
    int as; /* enum demo_as: the dossierhouder acting */
    struct alog_req rq;
    int64_t id; /* the current case */
};

static const char *day_str(int64_t offset, char out[11])
{
    signal_fmt_day(signal_today() + offset, out);
    return out;
}

/* Runs one case write with body (owned); *created the new row's id when asked. */
static int w(struct cdemo *c, const char *what, int64_t sub, json_t *body, int64_t *created,
             struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = app_case_write(c->a, &c->rq, c->id, what, sub, body, &out, e);
    if (rc == 0 && created)
        *created = (int64_t)json_integer_value(json_object_get(out, "created_id"));
    json_decref(out);
    json_decref(body);
    return rc;
}

static int move(struct cdemo *c, const char *to, const char *why, struct err *e)
{
    return w(c, "transitions", 0,
             json_pack("{s:s, s:s, s:s}", "to", to, "rationale", why, "decided_by",
                       "casusoverleg"),
             NULL, e);
}

static int measure(struct cdemo *c, const char *type, int64_t org, const char *basis,
                   const char *status, const char *desc, int64_t *id, struct err *e)
{
    return w(c, "measures", 0,
             json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "type", type, "owner_org_id",
                       (json_int_t)org, "legal_basis", basis, "status", status, "description",
                       desc, "decider", "casusoverleg"),
             id, e);
}

/* Beeldvorming, one measure of each kind, and an adopted plan (→ plan_vastgesteld). */
static int planned(struct cdemo *c, struct err *e)
{
    const struct demo_ids *d = c->ids;
    int64_t m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    char r[11];
    int rc = move(c, "beeldvorming", "Fictief: eerste bespreking, beeld wordt gevormd.", e);
    if (rc == 0)
        rc = w(c, "assessments", 0,
               json_pack("{s:s, s:s, s:s, s:[s, s], s:[s, s], s:[s]}", "instrument",
                         "Gestructureerd professioneel oordeel (fictief)", "instrument_version",
                         "1", "date", day_str(-2, r), "risk_factors",
                         "Fictief: contact met een extremistisch netwerk online",
                         "Fictief: uitspraken over vertrek", "protective_factors",
                         "Fictief: betrokken familie", "Fictief: werk als vakkenvuller",
                         "needs", "Fictief: begeleiding naar werk en school"),
               NULL, e);
    if (rc == 0)
        rc = measure(c, "strafrechtelijk_onderzoek", d->org[DEMO_AS_OM], "Sv (fictief)",
                     "running", "Fictief: OM onderzoekt een bedreiging.", &m1, e);
    if (rc == 0)
        rc = measure(c, "meldplicht", d->org[DEMO_AS_DOSSIERHOUDER], "Twbmt art. 2",
                     "proposed", "Fictief: meldplicht voorgesteld aan de minister.", &m2, e);
    if (rc == 0)
        rc = measure(c, "deradicalisering", d->org[DEMO_AS_DOSSIERHOUDER],
                     "vrijwillig (toestemming)", "running",
                     "Fictief: exittraject bij een erkende aanbieder.", &m3, e);
    if (rc == 0)
        rc = measure(c, "paspoort_signalering", d->org[DEMO_AS_PARTNER], "Paspoortwet / RPS",
                     "imposed", "Fictief: signalering bij de grens.", &m4, e);
    if (rc == 0)
        rc = w(c, "plans", 0,
               json_pack("{s:[s, s], s:{s:b, s:s}, s:{s:b, s:s}, s:s, s:[I, I, I, I], s:s,"
                         " s:{s:s, s:s}}",
                         "goals", "Fictief: vertrek voorkomen", "Fictief: terug naar school of werk",
                         "person_view", "heard", true, "what",
                         "Fictief: wil vooral met rust gelaten worden", "family_view", "heard",
                         true, "what", "Fictief: ouders maken zich zorgen",
                         "consent_approach", "Fictief: de casusregisseur vraagt toestemming "
                                             "voor het exittraject in een gesprek thuis.",
                         "measure_ids", (json_int_t)m1, (json_int_t)m2, (json_int_t)m3,
                         (json_int_t)m4, "next_review_date", day_str(60, r), "adopt",
                         "decided_by", "casusoverleg", "rationale",
                         "Fictief: het casusoverleg stelt het plan unaniem vast."),
               NULL, e);
    return rc;
}

static int admit(struct cdemo *c, const char *name, const char *dob, int64_t days_ago,
                 struct err *e)
{
    /* The police and the OM weighed the signal together with the municipality, so they take
     * part in the case from its admission on. */
    return app_demo_admit(c->a, c->ids, c->as, name, dob,
                          "Fictief: zorgelijke uitingen gemeld door een professional.", days_ago,
                          &c->id, e);
}

/* A network person (name, birth date or NULL) related to `to` by type; *out its person id. */
static int nperson(struct cdemo *c, const char *name, const char *dob, int64_t to,
                   const char *type, int64_t *out, struct err *e)
{
    json_t *res = NULL, *in = json_pack("{s:s}", "name", name);
    if (in && dob)
        json_object_set_new(in, "birth_date", json_string(dob));
    int rc = in ? app_network_add_person(c->a, &c->rq, c->id, in, &res, e) : ERR_NOMEM;
    json_decref(in);
    int64_t pid = rc == 0 ? (int64_t)json_integer_value(json_object_get(res, "created_id")) : 0;
    json_decref(res);
    res = NULL;
    if (rc == 0 && to) {
        in = json_pack("{s:I, s:I, s:s, s:s}", "from_id", (json_int_t)to, "to_id",
                       (json_int_t)pid, "type", type, "confidence",
                       strcmp(type, "online_contact") == 0 ? "reported" : "confirmed");
        rc = in ? app_network_add_relation(c->a, &c->rq, c->id, in, &res, e) : ERR_NOMEM;
        json_decref(in);
        json_decref(res);
    }
    if (out)
        *out = pid;
    return rc;
}

/* The subject (first person) of the current case. */
static int64_t subject_of(struct cdemo *c)
{
    json_t *res = NULL;
    struct alog_pending *log = NULL;
    int64_t id = 0;
    if (app_network_persons(c->a, &c->rq, c->id, &res, &log, NULL) == 0)
        id = (int64_t)json_integer_value(
            json_object_get(json_array_get(json_object_get(res, "items"), 0), "id"));
    alog_pending_free(log); /* only the id is taken: nothing is shown */
    json_decref(res);
    return id;
}

/* A fictional family network around the current case's subject; `cousin` is the same fictional
 * cousin in both demo networks (recognised across cases by the blind index). */
static int family_network(struct cdemo *c, const char *fam, struct err *e)
{
    static const struct {
        const char *first, *dob, *type;
        int parent; /* index of the person it hangs from; -1: the subject */
    } P[] = {
        {"Vader", "1965-01-01", "parent", -1},   {"Moeder", "1967-02-02", "parent", -1},
        {"Broer", "1999-03-03", "sibling", -1},  {"Zus", "2003-04-04", "sibling", -1},
        {"Oom", "1963-05-05", "sibling", 0},     {"Tante", "1970-06-06", "sibling", 1},
        {"Vriend", "1998-07-07", "friend", -1},  {"Klasgenoot", NULL, "classmate", 2},
        {"Onlinecontact", NULL, "online_contact", -1}, {"Buurman", NULL, "friend", 0},
        {"Sleutelfiguur", NULL, "key_figure", -1},
    };
    int64_t subj = subject_of(c), ids[ARRAY_LEN(P)] = {0};
    int rc = subj ? 0 : ERR_NOTFOUND;
    for (size_t i = 0; rc == 0 && i < ARRAY_LEN(P); i++) {
        char name[96];
        snprintf(name, sizeof(name), "Fictieve %s %s", P[i].first, fam);
        rc = nperson(c, name, P[i].dob, P[i].parent < 0 ? subj : ids[P[i].parent], P[i].type,
                     &ids[i], e);
    }
    /* The shared cousin: a child of the aunt here; same name and birth date in both networks. */
    if (rc == 0)
        rc = nperson(c, "Fictieve Gedeelde Neef", "2001-09-09", ids[5], "child", NULL, e);
    return rc;
}

int app_demo_cases(struct app *a, const struct demo_ids *ids, struct err *e)
{
    struct cdemo c = {.a = a, .ids = ids, .as = DEMO_AS_DOSSIERHOUDER};
    struct actor dh = {.user_id = ids->user[DEMO_AS_DOSSIERHOUDER],
                       .org_id = ids->org[DEMO_AS_DOSSIERHOUDER],
                       .roles = ids->roles[DEMO_AS_DOSSIERHOUDER],
                       .org_access_ok = true};
    alog_req_init(a, &c.rq, &dh, "demo", "127.0.0.1", NULL, NULL);
    char d[11], d_entry[11];
    int64_t fam = 0, pass = 0;
    /* Beeldvorming. */
    int rc = admit(&c, "Fictieve Beeldvorming", "2010-05-05", 30, e);
    if (rc == 0)
        rc = move(&c, "beeldvorming", "Fictief: het beeld wordt gevormd.", e);
    /* Plan vastgesteld. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Planvorming", "2001-03-03", 60, e);
    if (rc == 0)
        rc = planned(&c, e);
    /* Uitvoering. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Uitvoering", "1999-09-09", 120, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: de partners voeren het plan uit.", e);
    /* Herbeoordeling. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Herbeoordeling", "1998-08-08", 300, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: uitvoering gestart.", e);
    if (rc == 0)
        rc = move(&c, "herbeoordeling", "Fictief: periodieke herbeoordeling.", e);
    /* Afgeschaald. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Nazorg", "1997-07-07", 330, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: uitvoering gestart.", e);
    if (rc == 0)
        rc = move(&c, "afgeschaald", "Fictief: de risico's zijn afgenomen; nazorg door de "
                                     "dossierhouder.", e);
    /* Afgesloten. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Afsluiting", "1996-06-06", 340, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = w(&c, "transitions", 0,
               json_pack("{s:s, s:s, s:s, s:{s:b, s:s}}", "to", "afgesloten", "rationale",
                         "Fictief: de risico's zijn voldoende verminderd.", "decided_by",
                         "casusoverleg", "closure", "subject_informed", true, "informed_note",
                         "Fictief: betrokkene is in een gesprek geïnformeerd."),
               NULL, e);
    /* Uitgereisd, more than 3 months ago: the BRP check (U6) is overdue. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Vertrokkene", "2002-02-02", 200, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: uitvoering gestart.", e);
    if (rc == 0)
        rc = w(&c, "flags", 0,
               json_pack("{s:s, s:b, s:s, s:s}", "flag", "uitgereisd", "on", true,
                         "departure_date", day_str(-120, d), "rationale",
                         "Fictief: familie meldt dat betrokkene is vertrokken."),
               NULL, e);
    if (rc == 0)
        rc = family_network(&c, "Vertrek", e);
    if (rc == 0)
        rc = measure(&c, "paspoort", ids->org[DEMO_AS_DOSSIERHOUDER], "art. 23 Paspoortwet",
                     "requested", "Fictief: paspoortmaatregel aangevraagd.", &pass, e);
    if (rc == 0)
        rc = w(&c, "measure", pass,
               json_pack("{s:{s:s, s:s}}", "steps", "rps_request", day_str(-118, d),
                         "rps_entry", day_str(-110, d_entry)),
               NULL, e);
    /* Teruggekeerd with a young child. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Terugkeerder", "1995-05-05", 350, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: uitvoering gestart.", e);
    if (rc == 0)
        rc = w(&c, "flags", 0,
               json_pack("{s:s, s:b, s:s}", "flag", "teruggekeerd", "on", true, "rationale",
                         "Fictief: betrokkene is met een kind teruggekeerd."),
               NULL, e);
    if (rc == 0)
        rc = w(&c, "family-support", 0,
               json_pack("{s:{s:s, s:s, s:s}, s:{s:s}, s:{s:s, s:s}}", "relative", "name",
                         "Fictief Kind", "relation", "dochter", "birth_date", "2020-04-04",
                         "supporter", "kind", "dossierhouder", "needs", "practical",
                         "Fictief: opvang en school", "care", "Fictief: jeugdhulp"),
               &fam, e);
    if (rc == 0)
        rc = family_network(&c, "Terugkeer", e);
    if (rc == 0)
        rc = measure(&c, "kinderbescherming", ids->org[DEMO_AS_RVDK], "BW boek 1 (OTS)",
                     "requested", "Fictief: de RvdK vraagt een voorlopige OTS.", NULL, e);
    /* Overlijden gemeld. */
    if (rc == 0)
        rc = admit(&c, "Fictieve Gesneuvelde", "1994-04-04", 355, e);
    if (rc == 0)
        rc = planned(&c, e);
    if (rc == 0)
        rc = move(&c, "uitvoering", "Fictief: uitvoering gestart.", e);
    if (rc == 0)
        rc = w(&c, "flags", 0,
               json_pack("{s:s, s:b, s:s}", "flag", "gesneuveld_gemeld", "on", true, "rationale",
                         "Fictief: familie ontving een bericht via sociale media."),
               NULL, e);
    if (rc == 0)
        rc = w(&c, "family-support", 0,
               json_pack("{s:{s:s, s:s}, s:{s:s}, s:{s:s, s:s}}", "relative", "name",
                         "Fictieve Moeder", "relation", "moeder", "supporter", "kind",
                         "wijkagent", "bereavement", "news_by", "Fictief: de wijkagent",
                         "aftercare", "Fictief: slachtofferhulp en familiesteunpunt"),
               &fam, e);
    if (rc == 0)
        rc = w(&c, "contact", fam,
               json_pack("{s:s, s:s, s:s}", "date", day_str(-1, d), "channel", "huisbezoek",
                         "note", "Fictief: nieuws gebracht, nazorg afgesproken."),
               NULL, e);
    /* Proefdorp: a case of another municipality whose network shares the cousin. Voorbeeldstad
     * sees only "also known in another case" for him; Proefdorp the same the other way. */
    if (rc == 0) {
        struct cdemo p = {.a = a, .ids = ids, .as = DEMO_AS_DOSSIERHOUDER2};
        struct actor d2 = {.user_id = ids->user[DEMO_AS_DOSSIERHOUDER2],
                           .org_id = ids->org[DEMO_AS_DOSSIERHOUDER2],
                           .roles = ids->roles[DEMO_AS_DOSSIERHOUDER2],
                           .org_access_ok = true};
        alog_req_init(a, &p.rq, &d2, "demo", "127.0.0.1", NULL, NULL);
        rc = admit(&p, "Fictieve Proefdorper", "2000-10-10", 90, e);
        if (rc == 0)
            rc = move(&p, "beeldvorming", "Fictief: netwerkanalyse in het casusoverleg.", e);
        if (rc == 0)
            rc = family_network(&p, "Proefdorp", e);
    }
    return rc;
}
