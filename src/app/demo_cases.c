/* demo_cases.c: fictional cases in every phase of the approach, made through the case use-cases
 * (policy checks and access-log records included) as the demo dossierhouder, on signals that
 * were admitted after a joint weighing: shared picture, plan adopted with one measure of each
 * kind, execution, review, aftercare, closed; a departed person past the 3-month mark, a
 * returnee with a young child, and a reported death. Every name is obviously fictional. */
#include "core/common.h"

#include "app/case.h"
#include "app/demo.h"
#include "app/signal.h"

struct cdemo {
    struct app *a;
    const struct demo_ids *ids;
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
    return app_demo_admit(c->a, c->ids, name, dob,
                          "Fictief: zorgelijke uitingen gemeld door een professional.", days_ago,
                          &c->id, e);
}

int app_demo_cases(struct app *a, const struct demo_ids *ids, struct err *e)
{
    struct cdemo c = {.a = a, .ids = ids};
    struct actor dh = {.user_id = ids->user[DEMO_AS_DOSSIERHOUDER],
                       .org_id = ids->org[DEMO_AS_DOSSIERHOUDER],
                       .roles = ids->roles[DEMO_AS_DOSSIERHOUDER],
                       .org_access_ok = true};
    alog_req_init(a, &c.rq, &dh, "demo", "127.0.0.1", NULL, NULL);
    char d[11];
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
        rc = measure(&c, "paspoort", ids->org[DEMO_AS_DOSSIERHOUDER], "art. 23 Paspoortwet",
                     "requested", "Fictief: paspoortmaatregel aangevraagd.", &pass, e);
    if (rc == 0)
        rc = w(&c, "measure", pass,
               json_pack("{s:{s:s, s:s}}", "steps", "rps_request", day_str(-118, d),
                         "rps_entry", day_str(-110, d)),
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
    return rc;
}
