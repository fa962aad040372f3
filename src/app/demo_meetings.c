/* demo_meetings.c: the overleg in the demo region, made through the same use-cases (policy checks
 * and access-log records included) as the demo accounts would: three standing bodies of
 * Voorbeeldstad, a signaleringsoverleg two weeks ago with minutes, a decision, an overdue action
 * and adopted minutes, and a casusoverleg in a week (the admitted case's first discussion) with a
 * youth-care worker invited for one item only. */
#include "core/common.h"

#include "app/demo.h"
#include "app/meeting.h"
#include "app/signal.h"

struct mdemo {
    struct app *a;
    const struct demo_ids *ids;
    struct alog_req rq;
};

static const char *day_str(int64_t offset, char out[11])
{
    signal_fmt_day(signal_today() + offset, out);
    return out;
}

/* Runs a POST use-case on meeting id (and item) with body (owned); *created the new id. */
static int post(struct mdemo *c, int64_t id, int64_t item,
                int (*fn)(struct app *, const struct alog_req *, int64_t, const json_t *,
                          json_t **, struct err *),
                int (*ifn)(struct app *, const struct alog_req *, int64_t, int64_t,
                           const json_t *, json_t **, struct err *),
                json_t *body, int64_t *created, struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = ifn ? ifn(c->a, &c->rq, id, item, body, &out, e) : fn(c->a, &c->rq, id, body, &out, e);
    if (rc == 0 && created)
        *created = (int64_t)json_integer_value(json_object_get(out, "created_id"));
    json_decref(out);
    json_decref(body);
    return rc;
}

static int body(struct mdemo *c, const char *kind, const char *name, const int *who, size_t n,
                int64_t *out_id, struct err *e)
{
    json_t *members = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(members, json_integer(c->ids->user[who[i]]));
    json_t *in = json_pack("{s:s, s:s, s:o}", "kind", kind, "name", name, "members", members);
    json_t *out = NULL;
    int rc = in ? app_body_create(c->a, &c->rq, in, &out, e) : ERR_NOMEM;
    if (rc == 0)
        *out_id = (int64_t)json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    return rc;
}

static int meeting(struct mdemo *c, int64_t body_id, int64_t offset, const char *time,
                   int64_t *out_id, struct err *e)
{
    char d[11];
    json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "body_id", (json_int_t)body_id,
                           "date", day_str(offset, d), "start_time", time, "location",
                           "Stadskantoor Voorbeeldstad, kamer 3.14",
                           "chair_id", (json_int_t)c->ids->user[DEMO_AS_VOORZITTER],
                           "secretary_id", (json_int_t)c->ids->user[DEMO_AS_DOSSIERHOUDER]);
    json_t *out = NULL;
    int rc = in ? app_meeting_create(c->a, &c->rq, in, &out, e) : ERR_NOMEM;
    if (rc == 0)
        *out_id = (int64_t)json_integer_value(json_object_get(out, "created_id"));
    json_decref(in);
    json_decref(out);
    return rc;
}

/* The first signal (or case) the queue of meeting id offers, 0 when none. */
static int64_t from_queue(struct mdemo *c, int64_t id, const char *list, size_t skip,
                          struct err *e)
{
    json_t *out = NULL;
    struct alog_pending *log = NULL;
    int64_t r = 0;
    if (app_meeting_queue(c->a, &c->rq, id, &out, &log, e) != 0)
        return 0;
    alog_pending_free(log); /* the demo reads nothing out: only ids are taken */
    json_t *x = json_array_get(json_object_get(out, list), skip);
    r = (int64_t)json_integer_value(json_object_get(x, "id"));
    json_decref(out);
    return r;
}

int app_demo_meetings(struct app *a, const struct demo_ids *ids, struct err *e)
{
    struct mdemo c = {.a = a, .ids = ids};
    struct actor sec = {.user_id = ids->user[DEMO_AS_DOSSIERHOUDER],
                        .org_id = ids->org[DEMO_AS_DOSSIERHOUDER],
                        .roles = ids->roles[DEMO_AS_DOSSIERHOUDER],
                        .org_access_ok = true};
    alog_req_init(a, &c.rq, &sec, "demo", "127.0.0.1", NULL, NULL);
    static const int sig_members[] = {DEMO_AS_DOSSIERHOUDER, DEMO_AS_PARTNER, DEMO_AS_OM};
    static const int cas_members[] = {DEMO_AS_DOSSIERHOUDER, DEMO_AS_VOORZITTER, DEMO_AS_PARTNER,
                                      DEMO_AS_OM, DEMO_AS_RVDK};
    static const int dh_members[] = {DEMO_AS_BURGEMEESTER, DEMO_AS_PARTNER, DEMO_AS_OM};
    int64_t b_sig = 0, b_cas = 0, b_dh = 0, past = 0, next = 0;
    int rc = body(&c, "signaleringsoverleg", "Signaleringsoverleg Voorbeeldstad", sig_members,
                  ARRAY_LEN(sig_members), &b_sig, e);
    if (rc == 0)
        rc = body(&c, "casusoverleg", "Casusoverleg Voorbeeldstad", cas_members,
                  ARRAY_LEN(cas_members), &b_cas, e);
    if (rc == 0)
        rc = body(&c, "lokale_driehoek", "Lokale driehoek Voorbeeldstad", dh_members,
                  ARRAY_LEN(dh_members), &b_dh, e);

    /* A signaleringsoverleg two weeks ago: minutes, a decision, an action now overdue, adopted. */
    int64_t free_item = 0, sig_item = 0, sig_id = 0;
    char d[11];
    if (rc == 0)
        rc = meeting(&c, b_sig, -14, "09:30", &past, e);
    if (rc == 0)
        rc = post(&c, past, 0, app_meeting_add_item, NULL,
                  json_pack("{s:s, s:s, s:s}", "kind", "free", "title", "Mededelingen en trends",
                            "material", "Landelijk dreigingsbeeld (openbaar): geen wijziging."),
                  &free_item, e);
    if (rc == 0 && (sig_id = from_queue(&c, past, "signals", 0, e)) != 0)
        rc = post(&c, past, 0, app_meeting_add_item, NULL,
                  json_pack("{s:s, s:I, s:s}", "kind", "signal", "signal_id", (json_int_t)sig_id,
                            "material", "Melding van school; informatie van politie aangevuld."),
                  &sig_item, e);
    if (rc == 0) {
        json_t *entries = json_array();
        static const int present[] = {DEMO_AS_VOORZITTER, DEMO_AS_DOSSIERHOUDER, DEMO_AS_PARTNER,
                                      DEMO_AS_OM};
        for (size_t i = 0; i < ARRAY_LEN(present); i++)
            json_array_append_new(entries,
                                  json_pack("{s:I, s:s}", "user_id",
                                            (json_int_t)ids->user[present[i]], "status",
                                            "aanwezig"));
        rc = post(&c, past, 0, app_meeting_attendance, NULL,
                  json_pack("{s:o}", "entries", entries), NULL, e);
    }
    if (rc == 0)
        rc = post(&c, past, free_item, NULL, app_meeting_minutes,
                  json_pack("{s:s}", "text", "Geen bijzonderheden. Volgende keer: terugblik op "
                                             "de werkwijze met scholen."),
                  NULL, e);
    if (rc == 0 && sig_item) {
        rc = post(&c, past, sig_item, NULL, app_meeting_minutes,
                  json_pack("{s:s}", "text", "Besproken. Politie en OM hebben geen aanvullende "
                                             "informatie; school ziet zorgen over uitingen in "
                                             "de klas. Jeugdzorg is mogelijk betrokken."),
                  NULL, e);
        if (rc == 0)
            rc = post(&c, past, sig_item, NULL, app_meeting_decide,
                      json_pack("{s:s, s:s, s:s, s:s}", "type", "weging", "text",
                                "Opnieuw wegen in het casusoverleg, met informatie van jeugdzorg.",
                                "rationale", "Er is nog te weinig bekend om de zorg te wegen; "
                                "jeugdzorg kent het gezin.",
                                "alternatives", "Direct opnemen in de aanpak (te vroeg)."),
                      NULL, e);
        if (rc == 0)
            rc = post(&c, past, sig_item, NULL, app_meeting_add_action,
                      json_pack("{s:s, s:I, s:s}", "description",
                                "Nagaan of er recente incidenten bekend zijn.", "owner_id",
                                (json_int_t)ids->user[DEMO_AS_PARTNER], "due_date",
                                day_str(-4, d)),
                      NULL, e);
    }
    if (rc == 0)
        rc = post(&c, past, 0, app_meeting_adopt, NULL, json_object(), NULL, e);

    /* A casusoverleg in a week: the same signal with jeugdzorg invited for it only, a case
     * and a free item. */
    int64_t item = 0, case_id = 0;
    if (rc == 0)
        rc = meeting(&c, b_cas, 7, "14:00", &next, e);
    if (rc == 0 && sig_id)
        rc = post(&c, next, 0, app_meeting_add_item, NULL,
                  json_pack("{s:s, s:I, s:s}", "kind", "signal", "signal_id", (json_int_t)sig_id,
                            "material", "Herweging na het signaleringsoverleg; jeugdzorg "
                                        "schuift aan voor dit punt."),
                  &item, e);
    if (rc == 0 && item)
        rc = post(&c, next, item, NULL, app_meeting_invite,
                  json_pack("{s:I, s:s}", "user_id", (json_int_t)ids->user[DEMO_AS_JEUGDZORG],
                            "reason", "Jeugdzorg is betrokken bij het gezin en is nodig voor de "
                                      "herweging van dit punt."),
                  NULL, e);
    if (rc == 0 && (case_id = from_queue(&c, next, "cases", 0, e)) != 0)
        rc = post(&c, next, 0, app_meeting_add_item, NULL,
                  json_pack("{s:s, s:I, s:s}", "kind", "case", "case_id", (json_int_t)case_id,
                            "material", "Eerste bespreking: beeldvorming en plan van aanpak."),
                  NULL, e);
    if (rc == 0)
        rc = post(&c, next, 0, app_meeting_add_item, NULL,
                  json_pack("{s:s, s:s}", "kind", "free", "title", "Rondvraag"), NULL, e);
    return rc;
}
