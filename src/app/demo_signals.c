/* demo_signals.c: fictional signals for the demo region, in every state of the signal process,
 * made through the same use-cases (and so the same policy checks and access-log records) as a
 * real user would, acting as the demo accounts. Every name is obviously fictional; the BSNs pass
 * the elfproef but are made up. */
#include "core/common.h"

#include "app/demo.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/log.h"

struct demo_ctx {
    struct app *a;
    const struct demo_ids *ids;
    struct alog_req rq[DEMO_AS_COUNT];
    json_t *criteria; /* [{code, assessment}] for every configured criterion */
};

static void rq_for(struct demo_ctx *c, enum demo_as who)
{
    const struct demo_ids *d = c->ids;
    struct actor actor = {.user_id = d->user[who], .org_id = d->org[who], .roles = d->roles[who],
                          .org_access_ok = true};
    alog_req_init(c->a, &c->rq[who], &actor, "demo", "127.0.0.1", NULL, NULL);
}

static char *day_str(int64_t days_ago, char out[11])
{
    signal_fmt_day(signal_today() - days_ago, out);
    return out;
}

/* Takes ownership of body. */
static int call(struct demo_ctx *c, enum demo_as who, int64_t id,
                int (*fn)(struct app *, const struct alog_req *, int64_t, const json_t *,
                          json_t **, struct err *),
                json_t *body, struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = fn(c->a, &c->rq[who], id, body, &out, e);
    json_decref(out);
    json_decref(body);
    return rc;
}

static int create(struct demo_ctx *c, enum demo_as who, json_t *body, int64_t *out_id,
                  struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = app_signal_create(c->a, &c->rq[who], body, &out, e);
    json_decref(body);
    if (rc == 0)
        *out_id = (int64_t)json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return rc;
}

static json_t *attendees(const struct demo_ids *d, bool joint)
{
    json_t *a = json_pack("[{s:I, s:s, s:s}]", "org_id", (json_int_t)d->org[DEMO_AS_DOSSIERHOUDER],
                          "name", "Daan Dossier (demo)", "function", "dossierhouder radicalisering");
    if (a && joint) {
        json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "org_id",
                                           (json_int_t)d->org[DEMO_AS_PARTNER], "name",
                                           "Pim Partner (demo)", "function", "wijkagent"));
        json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "org_id",
                                           (json_int_t)d->org[DEMO_AS_OM], "name",
                                           "Olga Officier (demo)", "function", "officier van justitie"));
    }
    return a;
}

static int weigh(struct demo_ctx *c, int64_t id, bool joint, const char *outcome, json_t *detail,
                 struct err *e)
{
    json_t *w = json_pack("{s:b, s:o, s:O, s:s, s:s, s:s, s:s, s:s}", "in_meeting", joint,
                          "attendees", attendees(c->ids, joint), "criteria", c->criteria,
                          "rationale",
                          "Fictieve onderbouwing voor de demo: de signalen zijn samen gewogen "
                          "tegen de criteria en de bekende context.",
                          "proportionality", "Fictief: de uitkomst staat in verhouding tot de zorg.",
                          "subsidiarity", "Fictief: een lichtere route is overwogen.",
                          "decision_rule", "unaniem", "outcome", outcome);
    if (w && detail)
        json_object_update(w, detail);
    json_decref(detail);
    return call(c, DEMO_AS_DOSSIERHOUDER, id, app_signal_add_weighing, w, e);
}

static json_t *subject(const char *name, const char *dob, const char *bsn)
{
    json_t *s = json_pack("{s:s, s:s}", "kind", "person", "name", name);
    if (s && dob)
        json_object_set_new(s, "birth_date", json_string(dob));
    if (s && bsn)
        json_object_set_new(s, "bsn", json_string(bsn));
    return s;
}

static json_t *registered(const char *route, int64_t days_ago, json_t *subjects,
                          const char *observed, const char *phenomenon)
{
    char d[11];
    return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:s, s:s, s:{s:b}}", "route", route,
                     "received_date", day_str(days_ago, d), "reporter", "kind", "named", "name",
                     "Fictieve Melder", "function", "mentor", "subjects", subjects, "observed",
                     observed, "phenomenon", phenomenon, "acute", "danger", false);
}

int app_demo_signals(struct app *a, const struct demo_ids *ids, struct err *e)
{
    struct demo_ctx c = {.a = a, .ids = ids};
    int64_t id = 0;
    char d1[11], d2[11];
    int rc = 0;
    for (int i = 0; i < DEMO_AS_COUNT; i++)
        rq_for(&c, (enum demo_as)i);
    json_t *opts = NULL;
    rc = app_signal_options(a, &c.rq[DEMO_AS_DOSSIERHOUDER], &opts, e);
    if (rc != 0)
        return rc;
    c.criteria = json_array();
    size_t i;
    json_t *cr;
    json_array_foreach(json_object_get(opts, "criteria"), i, cr)
    {
        json_array_append_new(c.criteria, json_pack("{s:O, s:s}", "code", json_object_get(cr, "code"),
                                                    "assessment", i % 2 ? "onbekend" : "ja"));
    }
    json_decref(opts);
    int64_t muni = ids->org[DEMO_AS_DOSSIERHOUDER];

    /* 1. Ontvangen: a teacher (melder) reports through the short form. */
    rc = create(&c, DEMO_AS_MELDER,
                json_pack("{s:I, s:[{s:s, s:s}], s:s, s:{s:b}}", "municipality_id", (json_int_t)muni,
                          "subjects", "name", "Fictieve Leerling", "description",
                          "klas 3B, ongeveer 15 jaar", "observed",
                          "Fictief: leerling toont in de klas filmpjes die geweld verheerlijken.",
                          "acute", "danger", false),
                &id, e);
    /* 2. Geregistreerd, and overdue: received ten working days ago, first check not done. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("family", 14, json_pack("[o]", subject("Fictieve Broer", "2004-05-17", NULL)),
                               "Fictief: moeder maakt zich zorgen over nieuwe online contacten van haar zoon.",
                               "rechts"),
                    &id, e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_DOSSIERHOUDER, id, app_signal_set_status,
                  json_pack("{s:s}", "state", "geregistreerd"), e);
    /* 3. Informatie aanvullen: police and the child protection board are invited and add items. */
    int64_t info_id = 0;
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("professional", 6,
                               json_pack("[o]", subject("Fictief Voorbeeldkind", "2009-02-11", "111222333")),
                               "Fictief: jongerenwerker hoort uitspraken over uitreizen.", "jihadisme"),
                    &info_id, e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_DOSSIERHOUDER, info_id, app_signal_add_participant,
                  json_pack("{s:I, s:s}", "org_id", (json_int_t)ids->org[DEMO_AS_PARTNER], "reason",
                            "politie-informatie aanvullen"),
                  e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_DOSSIERHOUDER, info_id, app_signal_add_participant,
                  json_pack("{s:I, s:s}", "org_id", (json_int_t)ids->org[DEMO_AS_RVDK], "reason",
                            "lopende jeugdbeschermingsmaatregel?"),
                  e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_PARTNER, info_id, app_signal_add_information,
                  json_pack("{s:s, s:s, s:s}", "category", "police", "legal_basis",
                            "Wpg art. 19 (convenant PGA)", "content",
                            "Fictief: betrokkene is eenmaal aangehouden bij een demonstratie."),
                  e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_RVDK, info_id, app_signal_add_information,
                  json_pack("{s:s, s:s, s:s}", "category", "youth", "legal_basis",
                            "art. 7.1.3.1 Jeugdwet (convenant PGA)", "content",
                            "Fictief: er loopt geen maatregel; wel eerder contact met het wijkteam."),
                  e);
    /* 4. Klaar voor weging. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("community", 8, json_pack("[o]", subject("Fictieve Buurman", NULL, NULL)),
                               "Fictief: sleutelfiguur meldt dat een buurtbewoner jongeren benadert.",
                               "jihadisme"),
                    &id, e);
    if (rc == 0)
        rc = call(&c, DEMO_AS_DOSSIERHOUDER, id, app_signal_set_status,
                  json_pack("{s:s}", "state", "weging"), e);
    /* 5. Geen zorg, weighed by the municipality alone (flagged: not a joint weighing). */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("other", 30, json_pack("[o]", subject("Fictieve Student", "2001-09-30", NULL)),
                               "Fictief: anonieme tip over een student met een vlag op de kamer.",
                               "overig"),
                    &id, e);
    if (rc == 0)
        rc = weigh(&c, id, false, "geen_zorg", NULL, e);
    /* 6. Verwezen naar reguliere zorg (joint weighing). */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("professional", 25, json_pack("[o]", subject("Fictieve Zus", "2006-12-01", NULL)),
                               "Fictief: zorgen over isolement en somberheid, geen ideologische signalen.",
                               "overig"),
                    &id, e);
    if (rc == 0)
        rc = weigh(&c, id, true, "verwezen_regulier",
                   json_pack("{s:{s:s, s:s}}", "referral", "to", "Fictief sociaal wijkteam", "informed_by",
                             "dossierhouder"),
                   e);
    /* 7. Opnieuw wegen over twee weken. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("police_om", 20, json_pack("[o]", subject("Fictieve Neef", "2003-03-03", NULL)),
                               "Fictief: politie ziet contacten met een bekende extremistische groep.",
                               "links"),
                    &id, e);
    if (rc == 0)
        rc = weigh(&c, id, true, "herwegen",
                   json_pack("{s:{s:s, s:s, s:s}}", "reweigh", "date", day_str(-14, d1),
                             "information_sought", "Fictief: schoolgegevens en contacten thuis",
                             "from", "leerplicht en wijkteam"),
                   e);
    /* 8. Opgenomen in de persoonsgerichte aanpak: a case is created. */
    int64_t admitted = 0;
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    registered("signaleringsoverleg", 40,
                               json_pack("[o, {s:s, s:s, s:s}]", subject("Fictieve Uitreiziger", "2000-01-01", "123456782"),
                                         "kind", "organisation", "name", "Stichting Fictief Voorbeeld",
                                         "description", "fictieve stichting waar betrokkene samenkomt"),
                               "Fictief: betrokkene kondigt online aan te willen vertrekken.", "jihadisme"),
                    &admitted, e);
    if (rc == 0)
        rc = weigh(&c, admitted, true, "opname_pga",
                   json_pack("{s:{s:I, s:s}}", "admission", "casusregisseur_id",
                             (json_int_t)ids->user[DEMO_AS_DOSSIERHOUDER], "first_overleg_date",
                             day_str(-7, d2)),
                   e);
    /* 9. Acuut: danger, the police were called, the lokale driehoek acts. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER,
                    json_pack("{s:s, s:s, s:{s:s}, s:[o], s:s, s:s, s:{s:b, s:b, s:s, s:s}}", "route",
                              "professional", "received_date", day_str(1, d1), "reporter", "kind",
                              "confidential", "subjects",
                              subject("Fictieve Dreiger", "1999-07-07", NULL), "observed",
                              "Fictief: dreigende berichten met een datum en een doelwit.",
                              "phenomenon", "jihadisme", "acute", "danger", true, "police_called", true,
                              "called_by", "teamleider school", "called_at", "2026-01-05T09:30:00Z"),
                    &id, e);
    if (rc == 0)
        rc = weigh(&c, id, true, "acuut_escalatie",
                   json_pack("{s:{s:s, s:s}}", "escalation", "driehoek_date", day_str(1, d1), "note",
                             "Fictief: driehoek spreekt maatregelen af."),
                   e);
    /* 10. Ambtsbericht: restricted, the burgemeester and one named dossierhouder only. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_BURGEMEESTER,
                    json_pack("{s:s, s:s, s:{s:s}, s:[o], s:s, s:{s:b}, s:{s:s, s:s, s:[I], s:b, s:s, s:s}}",
                              "route", "ambtsbericht", "received_date", day_str(3, d1), "reporter",
                              "kind", "named", "subjects",
                              subject("Fictieve Persoon Ambtsbericht", "1995-04-04", NULL), "observed",
                              "Fictief: het ambtsbericht meldt voorbereidingen voor vertrek.", "acute",
                              "danger", false, "ambtsbericht", "addressee", "de burgemeester",
                              "received_date", day_str(3, d2), "readers",
                              (json_int_t)ids->user[DEMO_AS_DOSSIERHOUDER], "nctv_consulted", true,
                              "nctv_date", day_str(2, d2), "nctv_contact", "Fictief NCTV-contact"),
                    &id, e);
    /* 11. A signal in another municipality: Daan (Voorbeeldstad) does not see it. */
    if (rc == 0)
        rc = create(&c, DEMO_AS_DOSSIERHOUDER2,
                    registered("citizen", 2, json_pack("[o]", subject("Fictieve Inwoner Proefdorp", NULL, NULL)),
                               "Fictief: buurtbewoner ziet folders van een extremistische groep.",
                               "rechts"),
                    &id, e);
    json_decref(c.criteria);
    if (rc != 0)
        log_warn("demo.signals_failed", "rc=%d", rc);
    return rc;
}

int app_demo_admit(struct app *a, const struct demo_ids *ids, int as, const char *name,
                   const char *dob, const char *observed, int64_t days_ago, int64_t *case_id,
                   struct err *e)
{
    enum demo_as who = (enum demo_as)as;
    struct demo_ctx c = {.a = a, .ids = ids};
    char d[11];
    int64_t id = 0;
    json_t *opts = NULL, *out = NULL;
    *case_id = 0;
    rq_for(&c, who);
    int rc = app_signal_options(a, &c.rq[who], &opts, e);
    if (rc != 0)
        return rc;
    c.criteria = json_array();
    size_t i;
    json_t *cr;
    json_array_foreach(json_object_get(opts, "criteria"), i, cr)
    {
        json_array_append_new(c.criteria, json_pack("{s:O, s:s}", "code",
                                                    json_object_get(cr, "code"), "assessment",
                                                    "ja"));
    }
    json_decref(opts);
    rc = create(&c, who,
                registered("professional", days_ago,
                           json_pack("[o]", subject(name, dob, NULL)), observed, "jihadisme"),
                &id, e);
    json_t *w = json_pack("{s:b, s:o, s:O, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}", "in_meeting",
                          true, "attendees", attendees(ids, true), "criteria", c.criteria,
                          "rationale", "Fictieve onderbouwing voor de demo: samen gewogen.",
                          "proportionality", "Fictief: in verhouding tot de zorg.",
                          "subsidiarity", "Fictief: een lichtere route is overwogen.",
                          "decision_rule", "unaniem", "outcome", "opname_pga", "admission",
                          "casusregisseur_id", (json_int_t)ids->user[who],
                          "first_overleg_date", day_str(-7, d));
    if (rc == 0)
        rc = w ? app_signal_add_weighing(a, &c.rq[who], id, w, &out, e)
               : ERR_NOMEM;
    if (rc == 0)
        *case_id = (int64_t)json_integer_value(json_object_get(out, "case_id"));
    json_decref(w);
    json_decref(out);
    json_decref(c.criteria);
    return rc == 0 && *case_id == 0 ? ERR_DB : rc;
}
