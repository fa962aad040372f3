/* demo_keyfigures.c: the key-figure register of the demo region (docs/keyfigures.md), made
 * through the same use-cases (policy checks and access-log records included) as the demo
 * accounts would. Voorbeeldstad (fully prepared): four key figures, bestuurlijk and ambtelijk,
 * with recent contacts and one that is overdue; Proefdorp (half prepared): one overdue key
 * figure; Oefenveen (relies on the regional structure): none. Every name is fictional and marked
 * "(demo)". */
#include "core/common.h"

#include "app/demo.h"
#include "app/keyfigure.h"
#include "app/signal.h"

struct kdemo {
    struct app *a;
    struct alog_req rq;
};

/* One key figure as of consent_ago days ago with contacts contacts_ago[0..n) days ago. */
struct kdemo_fig {
    const char *level, *organisation, *role, *name, *phone, *consent_note, *note;
    int consent_ago;
    int contacts_ago[3];
    const char *topics[3];
};

static const struct kdemo_fig VS[] = {
    {"bestuurlijk",
     "Stichting Moskee Al-Voorbeeld (demo)",
     "Voorzitter van het bestuur",
     "Karim Voorbeeld (demo)",
     "010-555 01 01",
     "Mondeling toestemming gegeven in het kennismakingsgesprek; vastgelegd in het verslag.",
     "Graag contact via het secretariaat van de moskee.",
     400,
     {20, 110, 200},
     {"Kennismaking nieuwe wijkagent en afspraken bij onrust in de wijk.",
      "Terugblik op de bijeenkomst over polarisatie.", "Kennismaking en uitleg van de aanpak."}},
    {"ambtelijk",
     "Jongerencentrum De Brug (demo)",
     "Coördinator jongerenwerk",
     "Sanne Brugman (demo)",
     NULL,
     "Schriftelijk toestemming gegeven per e-mail van de coördinator.",
     NULL,
     300,
     {12, 75, 0},
     {"Signalen uit de jongerenavonden besproken, geen namen.",
      "Afspraken over de training "
      "herkennen van signalen.",
      NULL}},
    {"ambtelijk",
     "Sportvereniging VV Voorbeeld (demo)",
     "Jeugdcoördinator",
     "Tom Trapper (demo)",
     "06-12 34 56 78",
     "Mondeling toestemming gegeven aan de dossierhouder, vastgelegd in het gespreksverslag.",
     NULL,
     250,
     {130, 0, 0},
     {"Kennismaking; wie belt wie bij zorgen over een jeugdlid.", NULL, NULL}},
    {"bestuurlijk",
     "Wijkraad Voorbeeldstad-Noord (demo)",
     "Voorzitter",
     "Ineke Noorderlicht (demo)",
     NULL,
     "Mondeling toestemming gegeven in het overleg met de burgemeester.",
     NULL,
     180,
     {30, 0, 0},
     {"Stand van zaken in de wijk na de bijeenkomst in het buurthuis.", NULL, NULL}},
};

static const struct kdemo_fig PD[] = {
    {"ambtelijk",
     "Buurthuis Het Dorpsplein (demo)",
     "Beheerder",
     "Piet Plein (demo)",
     NULL,
     "Mondeling toestemming gegeven, vastgelegd in het gespreksverslag.",
     NULL,
     300,
     {160, 0, 0},
     {"Kennismaking en uitleg van het netwerk rond de aanpak.", NULL, NULL}},
};

static int add_fig(struct kdemo *c, const struct kdemo_fig *f, struct err *e)
{
    char d[11];
    signal_fmt_day(signal_today() - f->consent_ago, d);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "level", f->level, "consent_date", d,
                           "organisation", f->organisation, "role", f->role, "contact_name",
                           f->name, "consent_note", f->consent_note);
    if (in && f->phone)
        json_object_set_new(in, "phone", json_string(f->phone));
    if (in && f->note)
        json_object_set_new(in, "note", json_string(f->note));
    json_t *out = NULL;
    int rc = in ? app_keyfigure_create(c->a, &c->rq, in, &out, e) : ERR_NOMEM;
    int64_t id = rc == 0 ? (int64_t)json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(in);
    json_decref(out);
    /* Oldest contact first, as they happened. */
    for (int i = 2; rc == 0 && i >= 0; i--) {
        if (f->topics[i] == NULL)
            continue;
        signal_fmt_day(signal_today() - f->contacts_ago[i], d);
        in = json_pack("{s:s, s:s}", "date", d, "topic", f->topics[i]);
        rc = in ? app_keyfigure_contact_add(c->a, &c->rq, id, in, &out, e) : ERR_NOMEM;
        json_decref(in);
        json_decref(out);
        out = NULL;
    }
    return rc;
}

static int add_all(struct app *a, const struct demo_ids *ids, int as, const struct kdemo_fig *f,
                   size_t n, struct err *e)
{
    struct kdemo c = {.a = a};
    struct actor who = {.user_id = ids->user[as],
                        .org_id = ids->org[as],
                        .roles = ids->roles[as],
                        .org_access_ok = true};
    alog_req_init(a, &c.rq, &who, "demo", "127.0.0.1", NULL, NULL);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = add_fig(&c, &f[i], e);
    return rc;
}

int app_demo_keyfigures(struct app *a, const struct demo_ids *ids, struct err *e)
{
    int rc = add_all(a, ids, DEMO_AS_DOSSIERHOUDER, VS, ARRAY_LEN(VS), e);
    if (rc == 0)
        rc = add_all(a, ids, DEMO_AS_DOSSIERHOUDER2, PD, ARRAY_LEN(PD), e);
    return rc;
}
