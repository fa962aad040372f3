/* case.c: the case and its person-centred plan (see case.h and docs/cases.md). */
#include "core/common.h"

#include "app/breakglass.h"
#include "app/case.h"
#include "app/informing.h" /* the admission hook */
#include "app/input.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "app/viewcache.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "store/case.h"
#include "store/meeting.h"
#include "store/store.h"
#include "store/user.h"

#define MAX_PARTS 64
#define MAX_PERSONS 64 /* subjects and supported relatives named in one case */
#define ROWS_MAX 2000
#define NOTE_MAX 10000
#define LINE_MAX_ 500
#define ITEM_MAX 1000
#define LIST_ITEMS 50
#define WORKLIST_ALL_MAX 10000 /* rows app_worklist (the whole list, for counting) reads */
#define WORKLIST_ALL_PAGE 500  /* its pages: the most store_worklist_page returns at once */

/* ---- code lists ------------------------------------------------------------------------------- */

const struct code app_case_states[APP_CASE_N_STATES] = {
    {"opgenomen", "Opgenomen"},
    {"beeldvorming", "Beeldvorming"},
    {"plan_vastgesteld", "Plan vastgesteld"},
    {"uitvoering", "Uitvoering"},
    {"herbeoordeling", "Herbeoordeling"},
    {"afgeschaald", "Afgeschaald (nazorg)"},
    {"afgesloten", "Afgesloten"},
    {"vernietigd", "Vernietigd"},
};

/* Allowed transitions (docs/cases.md). */
static const struct {
    const char *from, *to;
} MOVES[] = {
    {"opgenomen", "beeldvorming"},      {"beeldvorming", "plan_vastgesteld"},
    {"plan_vastgesteld", "uitvoering"}, {"uitvoering", "herbeoordeling"},
    {"herbeoordeling", "uitvoering"},   {"uitvoering", "afgeschaald"},
    {"herbeoordeling", "afgeschaald"},  {"afgeschaald", "uitvoering"},
    {"beeldvorming", "afgesloten"},     {"plan_vastgesteld", "afgesloten"},
    {"uitvoering", "afgesloten"},       {"herbeoordeling", "afgesloten"},
    {"afgeschaald", "afgesloten"},
    {"afgesloten", "herbeoordeling"},
};

/* Flags: the bit of flag i in pga_case.flags is 1 << i. */
const struct code app_case_flags[APP_CASE_N_FLAGS] = {
    {"minderjarig", "Minderjarig"},
    {"uitreis_dreigend", "Dreigt uit te reizen"},
    {"uitgereisd", "Uitgereisd"},
    {"terugkeer_verwacht", "Terugkeer verwacht"},
    {"teruggekeerd", "Teruggekeerd"},
    {"gedetineerd", "Gedetineerd"},
    {"gesneuveld_gemeld", "Overlijden gemeld"},
    {"overlijden_bevestigd", "Overlijden bevestigd"},
    {"strafrechtelijk_traject", "Strafrechtelijk traject"},
    {"twbmt_actief", "Twbmt-maatregel actief"},
    {"paspoort_gesignaleerd", "Paspoort gesignaleerd"},
    {"verhuisd", "Verhuisd naar een andere gemeente"},
};

static const struct code DECIDERS[] = {{"casusoverleg", "Casusoverleg"},
                                       {"burgemeester", "Burgemeester"}};
static const struct code TASK_STATES[] = {
    {"open", "Open"}, {"done", "Gedaan"}, {"nvt", "Niet van toepassing"}};
static const struct code EVIDENCE[] = {{"decision", "Besluit"}, {"measure", "Maatregel"},
                                       {"document", "Document"}, {"meeting", "Overleg"},
                                       {"text", "Toelichting"}};
static const struct code MEASURE_STATUSES[] = {
    {"proposed", "Voorgesteld"}, {"requested", "Aangevraagd"}, {"imposed", "Opgelegd"},
    {"refused", "Afgewezen"},    {"running", "Loopt"},         {"ended", "Beëindigd"},
    {"appealed", "In bezwaar of beroep"},
};
static const struct code SUPPORTERS[] = {{"dossierhouder", "Dossierhouder"},
                                         {"wijkagent", "Wijkagent"},
                                         {"organisatie", "Organisatie (familiesteun)"}};
static const struct code COMM_OWNERS[] = {{"om", "Openbaar Ministerie"}, {"gemeente", "Gemeente"}};
static const struct code PART_KINDS[] = {{"core", "Vaste partner"},
                                         {"invited", "Voor deze casus uitgenodigd"}};

/* The measures catalogue (domain.md §4): type, domain, label, sub-steps. */
struct mtype {
    const char *code, *domain, *label;
    const char *steps[6];
};
static const struct mtype MEASURES[] = {
    {"strafrechtelijk_onderzoek", "straf", "Strafrechtelijk onderzoek of vervolging", {NULL}},
    {"bijzondere_voorwaarden", "straf", "Bijzondere voorwaarden / toezicht reclassering", {NULL}},
    {"paspoort", "bestuurlijk", "Paspoortmaatregel (art. 23 Paspoortwet)",
     {"rps_request", "rps_entry", "verification", "decision", "hand_in", NULL}},
    {"uitreisverbod", "bestuurlijk", "Uitreisverbod (Twbmt)", {NULL}},
    {"meldplicht", "bestuurlijk", "Meldplicht (Twbmt)", {NULL}},
    {"gebiedsverbod", "bestuurlijk", "Gebiedsverbod (Twbmt)", {NULL}},
    {"contactverbod", "bestuurlijk", "Contactverbod (Twbmt)", {NULL}},
    {"subsidie_vergunning", "bestuurlijk", "Subsidie of vergunning geweigerd/ingetrokken", {NULL}},
    {"brp_uitschrijving", "bestuurlijk", "Uitschrijving uit de BRP",
     {"address_investigation", "intention_date", "decision", NULL}},
    {"bijstand_beeindigen", "bestuurlijk", "Bijstand beëindigd", {NULL}},
    {"uitkeringen_toeslagen", "bestuurlijk", "Uitkeringen en toeslagen stopgezet", {NULL}},
    {"kinderbescherming", "bestuurlijk", "Kinderbeschermingsmaatregel (RvdK)", {NULL}},
    {"herhuisvesting", "bestuurlijk", "Herhuisvesting", {NULL}},
    {"nationaliteit", "bestuurlijk", "Intrekking Nederlanderschap (alleen vastleggen)", {NULL}},
    {"vermissing", "politie", "Aangifte van vermissing", {NULL}},
    {"paspoort_signalering", "politie", "Paspoort gesignaleerd (grens, terugkeer)", {NULL}},
    {"deradicalisering", "zorg", "Deradicalisering / exittraject", {NULL}},
    {"familieondersteuning", "zorg", "Familieondersteuning", {NULL}},
    {"ggz_jeugd_wmo", "zorg", "GGZ, jeugdhulp of Wmo (alleen feit en status)", {NULL}},
    {"mentor_sleutelfiguur", "zorg", "Mentor, sleutelfiguur of religieuze begeleiding", {NULL}},
    {"nazorg_overlijden", "zorg", "Steun na een overlijden", {NULL}},
    {"communicatielijn", "communicatie", "Communicatielijn", {NULL}},
    {"overig", "overig", "Overig", {NULL}},
};
static const struct code STEP_LABELS[] = {
    {"rps_request", "Verzoek RPS-signalering aan de minister"},
    {"rps_entry", "Signalering in het RPS"},
    {"verification", "Vergewisplicht burgemeester"},
    {"decision", "Besluit"},
    {"hand_in", "Document ingeleverd"},
    {"address_investigation", "Adresonderzoek"},
    {"intention_date", "Datum voornemen (= vertrekdatum)"},
};

/* Checklist templates (domain.md §6). flag NULL: every case. */
struct tpl {
    const char *code, *group, *flag, *title;
};
static const struct tpl TASKS[] = {
    {"C1", "Per casus", NULL, "Signalen besproken in het casusoverleg"},
    {"C2", "Per casus", NULL, "Persoonsgericht plan opgesteld (maatwerk)"},
    {"C3", "Per casus", NULL, "Netwerkanalyse gemaakt"},
    {"C4", "Per casus", NULL, "Familieondersteuning geregeld"},
    {"C5", "Per casus", NULL, "Gemeenteraad geïnformeerd (besloten, geanonimiseerd)"},
    {"C6", "Per casus", NULL, "Communicatielijn in de driehoek vastgesteld (geen namen of aantallen)"},
    {"N1", "Per casus", NULL, "Noodzaak van de aanpak opnieuw beoordeeld"},
    {"D1", "Dreigende uitreis", "uitreis_dreigend", "Casusoverleg ingericht"},
    {"D2", "Dreigende uitreis", "uitreis_dreigend", "Afspraken over rollen, taken en harde en zachte interventies"},
    {"D3", "Dreigende uitreis", "uitreis_dreigend", "AIVD-ambtsbericht aanwezig? Zo ja: NCTV geconsulteerd?"},
    {"D4", "Dreigende uitreis", "uitreis_dreigend", "Paspoortmaatregel (art. 23 Pw) overwogen; NCTV geraadpleegd voor het stappenplan"},
    {"D5", "Dreigende uitreis", "uitreis_dreigend", "Raad voor de Kinderbescherming ingeschakeld als er minderjarigen zijn"},
    {"U1", "Uitgereisd", "uitgereisd", "Aangifte van vermissing gedaan"},
    {"U2", "Uitgereisd", "uitgereisd", "Paspoort gesignaleerd (grens en terugkeer)"},
    {"U3", "Uitgereisd", "uitgereisd", "Communicatielijn in de driehoek vastgesteld"},
    {"U4", "Uitgereisd", "uitgereisd", "Netwerkanalyse in het casusoverleg"},
    {"U5", "Uitgereisd", "uitgereisd", "Afspraken over wie de achterblijvers steunt, en hoe"},
    {"U6", "Uitgereisd", "uitgereisd", "Uitschrijving uit de BRP beoordeeld (persoon en gezin)"},
    {"U7", "Uitgereisd", "uitgereisd", "Uitkeringen en toeslagen stopgezet"},
    {"U8", "Uitgereisd", "uitgereisd", "Plan klaar voor een mogelijke terugkeer (per kind bij minderjarigen)"},
    {"T1", "Terugkeer", "teruggekeerd", "Strafrechtelijke vervolging aan de orde?"},
    {"T2", "Terugkeer", "teruggekeerd", "Plan van aanpak in het casusoverleg; ambtsbericht besproken, NCTV geconsulteerd?"},
    {"T3", "Terugkeer", "teruggekeerd", "Stappen herhaald: casusoverleg, plan, netwerk, familie, raad, communicatielijn"},
    {"T4", "Terugkeer", "teruggekeerd", "Minderjarigen: LAT-advies, voorlopige OTS via de RvdK, GI aangewezen"},
    {"G1", "Overlijden", "gesneuveld_gemeld", "Familie geïnformeerd over het overlijden (wie brengt het nieuws?)"},
    {"G2", "Overlijden", "gesneuveld_gemeld", "Afspraken over steun aan de nabestaanden"},
    {"G3", "Overlijden", "gesneuveld_gemeld", "Nabestaanden geïnformeerd over de procedure verklaring van overlijden"},
    {"G4", "Overlijden", "gesneuveld_gemeld", "Definitief uitgeschreven uit de BRP"},
    {"K1", "Minderjarige", "minderjarig", "Raad voor de Kinderbescherming ingeschakeld (verzoek tot onderzoek)"},
    {"R1", "Paspoort", "paspoort", "RPS-signalering verlengen of laten vervallen"},
};

/* Tasks other use-cases put on a case's checklist (not created from a template): informing the
 * person (app/informing.c) and reviewing a break-glass access (app/breakglass.c). */
static const struct tpl SYSTEM_TASKS[] = {
    {"I1", "Per casus", NULL, "Betrokkene geïnformeerd (of uitstel vastgelegd)"},
    {"BG", "Toezicht", NULL, "Break-glass-toegang beoordelen"},
};

static const struct tpl *tpl_find(const char *code)
{
    for (size_t i = 0; i < ARRAY_LEN(SYSTEM_TASKS); i++)
        if (strcmp(SYSTEM_TASKS[i].code, code) == 0)
            return &SYSTEM_TASKS[i];
    for (size_t i = 0; i < ARRAY_LEN(TASKS); i++)
        if (strcmp(TASKS[i].code, code) == 0)
            return &TASKS[i];
    return NULL;
}

static const struct mtype *mtype_find(struct str s)
{
    for (size_t i = 0; s.p && i < ARRAY_LEN(MEASURES); i++)
        if (str_eq_cstr(s, MEASURES[i].code))
            return &MEASURES[i];
    return NULL;
}

static const char *domain_category(const char *domain)
{
    if (strcmp(domain, "straf") == 0)
        return "criminal";
    if (strcmp(domain, "politie") == 0)
        return "police";
    if (strcmp(domain, "zorg") == 0)
        return "care";
    return "other";
}

static int flag_index(const char *flag)
{
    for (size_t i = 0; i < ARRAY_LEN(app_case_flags); i++)
        if (strcmp(app_case_flags[i].code, flag) == 0)
            return (int)i;
    return -1;
}

int64_t case_add_months(int64_t day, int64_t months)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0));
    return clock_days_from_civil(ny, nm, d > last ? last : d);
}

/* ---- small helpers ---------------------------------------------------------------------------- */

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze casus bestaat niet of u heeft er geen toegang toe.");
}

static json_t *doc_get(json_t *doc, const char *key)
{
    json_t *v = json_object_get(doc, key);
    return v ? json_incref(v) : json_null();
}

/* A list of 0..LIST_ITEMS texts of <= ITEM_MAX bytes (absent: empty). */
static json_t *text_list(const json_t *in, const char *key, struct err *e)
{
    json_t *v = json_object_get(in, key), *out = json_array();
    if (v == NULL || json_is_null(v))
        return out;
    if (!json_is_array(v) || json_array_size(v) > LIST_ITEMS) {
        err_field(e, key, "een lijst van hoogstens %d teksten", LIST_ITEMS);
        return out;
    }
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        char f[48];
        snprintf(f, sizeof(f), "%s/%zu", key, i);
        if (!json_is_string(x) || json_string_length(x) == 0 ||
            json_string_length(x) > ITEM_MAX ||
            !str_utf8_valid((struct str){json_string_value(x), json_string_length(x)}, false)) {
            err_field(e, f, "moet tekst van 1 tot %d tekens zijn", ITEM_MAX);
            continue;
        }
        json_array_append(out, x);
    }
    return out;
}

/* ---- the loaded case -------------------------------------------------------------------------- */

struct cs {
    struct store_case c;
    char reference[STORE_REF_MAX + 1];
    int64_t persons[16];
    size_t n_persons;
    int64_t parts[MAX_PARTS];
    size_t n_parts;
    struct policy_obj obj;
    int64_t today;
    struct store_row *rows[STORE_CASE_KIND_COUNT];
    size_t n[STORE_CASE_KIND_COUNT];
    bool signal_loaded; /* reference and persons (cs_load_signal) */
    /* Break-glass (app/breakglass.h): set when the case is open only through an active grant */
    int64_t bg_grant, bg_until;
    const char *bg_rule;
};

static void cs_release(struct cs *g)
{
    for (int k = 0; k < STORE_CASE_KIND_COUNT; k++) {
        store_rows_release(g->rows[k], g->n[k]);
        free(g->rows[k]);
    }
    memset(g, 0, sizeof(*g));
}

/* What a load reads besides the case row and the organisations taking part (which access
 * decisions need, CS_GATE): the signal's reference and subjects (CS_SIGNAL) and row kinds (bit
 * k for kind k). CS_ACCESS: who may read it and about whom; CS_HEAD: what lists need (and the
 * events); CS_ALL: everything. */
#define CS_SIGNAL (1u << 31)
#define CS_GATE 0u
#define CS_ACCESS CS_SIGNAL
#define CS_HEAD (CS_SIGNAL | (1u << STORE_CASE_PARTICIPANT) | (1u << STORE_CASE_EVENT))
#define CS_ALL (~0u)
_Static_assert(STORE_CASE_KIND_COUNT < 31, "CS_SIGNAL is above the row kinds");

static int cs_load_kinds(struct store *st, int64_t id, unsigned kinds, struct cs *g,
                         struct err *e);

static int cs_load(struct store *st, int64_t id, bool content, struct cs *g, struct err *e)
{
    return cs_load_kinds(st, id, content ? CS_ALL : CS_HEAD, g, e);
}

/* Reads the row kinds in kinds that g does not hold yet. */
static int cs_load_rows(struct store *st, int64_t id, unsigned kinds, struct cs *g, struct err *e)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < STORE_CASE_KIND_COUNT; k++) {
        if (!(kinds & (1u << k)) || g->rows[k] != NULL)
            continue;
        /* The network's rows are app/network.c's: nothing here shows them, so they are neither
         * read nor decrypted. */
        if (k == STORE_CASE_NPERSON || k == STORE_CASE_NRELATION || k == STORE_CASE_NASSESSMENT)
            continue;
        /* Not zeroed: store_case_rows fills every row it counts, and only those are read or
         * released (zeroing ROWS_MAX rows per kind was most of a case read's CPU time). */
        g->rows[k] = malloc(ROWS_MAX * sizeof(struct store_row));
        rc = g->rows[k] ? store_case_rows(st, (enum store_case_kind)k, id, g->rows[k], ROWS_MAX,
                                          &g->n[k], e)
                        : ERR_NOMEM;
    }
    return rc;
}

/* The signal's reference and subjects (CS_SIGNAL), once. */
static int cs_load_signal(struct store *st, struct cs *g, struct err *e)
{
    struct store_signal s;
    if (g->signal_loaded)
        return 0;
    if (store_signal_get(st, g->c.signal_id, false, &s, NULL) == 0)
        snprintf(g->reference, sizeof(g->reference), "%s", s.reference);
    int rc = store_signal_subjects(st, g->c.signal_id, g->persons, ARRAY_LEN(g->persons),
                                   &g->n_persons, e);
    g->signal_loaded = rc == 0;
    return rc;
}

/* What access decisions need of the last case this thread loaded with CS_GATE inside a
 * request snapshot: a read of case content checks access twice in one request (the purpose
 * binding, then the use-case), from the same snapshot, so the second check reuses the rows. */
static __thread struct {
    uint64_t scope; /* app_read_scope_id when it was read; 0: empty */
    const struct store *st;
    int64_t id, today;
    struct store_case c;
    int64_t parts[MAX_PARTS];
    size_t n_parts;
} gate_memo;

static bool gate_memo_get(const struct store *st, int64_t id, struct cs *g)
{
    uint64_t scope = app_read_scope_id();
    if (scope == 0 || gate_memo.scope != scope || gate_memo.st != st || gate_memo.id != id ||
        gate_memo.today != g->today || !store_read_active(st))
        return false;
    g->c = gate_memo.c;
    memcpy(g->parts, gate_memo.parts, gate_memo.n_parts * sizeof(g->parts[0]));
    g->n_parts = gate_memo.n_parts;
    return true;
}

static void gate_memo_put(const struct store *st, int64_t id, const struct cs *g)
{
    gate_memo.scope = store_read_active(st) ? app_read_scope_id() : 0;
    gate_memo.st = st;
    gate_memo.id = id;
    gate_memo.today = g->today;
    gate_memo.c = g->c;
    memcpy(gate_memo.parts, g->parts, g->n_parts * sizeof(g->parts[0]));
    gate_memo.n_parts = g->n_parts;
}

static int cs_load_kinds(struct store *st, int64_t id, unsigned kinds, struct cs *g,
                         struct err *e)
{
    memset(g, 0, sizeof(*g));
    g->today = signal_today();
    if (kinds == CS_GATE && gate_memo_get(st, id, g)) {
        g->obj = (struct policy_obj){.owner_org_id = g->c.municipality_id,
                                     .participant_org_ids = g->parts,
                                     .n_participants = g->n_parts};
        return 0;
    }
    int rc = store_case_get(st, id, &g->c, e);
    if (rc == 0 && strcmp(g->c.state, "vernietigd") == 0)
        rc = err_set(e, ERR_NOTFOUND, "casus niet gevonden");
    if (rc == 0 && (kinds & CS_SIGNAL))
        rc = cs_load_signal(st, g, e);
    _Static_assert(MAX_PARTS == STORE_CASE_PARTS_MAX, "g->parts holds what the store reads");
    bool part_rows = (kinds & (1u << STORE_CASE_PARTICIPANT)) != 0;
    if (rc == 0 && !part_rows) /* the organisations only, from the index */
        rc = store_case_participant_orgs(st, id, g->parts, &g->n_parts, e);
    if (rc == 0)
        rc = cs_load_rows(st, id, kinds, g, e);
    for (size_t i = 0; rc == 0 && part_rows && i < g->n[STORE_CASE_PARTICIPANT] &&
                       g->n_parts < MAX_PARTS;
         i++)
        g->parts[g->n_parts++] = g->rows[STORE_CASE_PARTICIPANT][i].a;
    g->obj = (struct policy_obj){.owner_org_id = g->c.municipality_id,
                                 .participant_org_ids = g->parts,
                                 .n_participants = g->n_parts};
    if (rc != 0)
        cs_release(g);
    else if (kinds == CS_GATE)
        gate_memo_put(st, id, g);
    return rc;
}

/* Break-glass hook (issue 10, app/breakglass.h): an active grant of who for this case opens it
 * read-only, seen as a participating organisation sees it. Only reads pass grant_ok. */
static bool breakglass_open(struct store *st, const struct actor *who, struct cs *g)
{
    if (g->n_parts >= MAX_PARTS ||
        app_breakglass_active(st, who, g->c.id, &g->bg_grant, &g->bg_until, &g->bg_rule) != 0)
        return false;
    g->parts[g->n_parts++] = who->org_id;
    g->obj.n_participants = g->n_parts;
    return true;
}

/* Loads the case and requires read access (404 otherwise; grant_ok: a break-glass grant counts)
 * and, when action is set, that action on object (403). */
static int cs_open(struct app *a, const struct actor *who, int64_t id, const char *action,
                   const char *object, unsigned kinds, bool grant_ok, struct store **st,
                   struct cs *g, struct err *e)
{
    if (policy_scope(who, "read", "case") == 0)
        return in_denied(e);
    int rc = app_store(a, st, e);
    if (rc == 0)
        rc = cs_load_kinds(*st, id, kinds, g, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    if (policy_check(who, "read", "case", &g->obj, NULL) != 0 &&
        !(grant_ok && breakglass_open(*st, who, g))) {
        cs_release(g);
        return not_found(e);
    }
    if (action && policy_check(who, action, object, &g->obj, NULL) != 0 &&
        policy_scope(who, action, object) == 0) {
        cs_release(g);
        return in_denied(e);
    }
    return 0;
}

/* The policy object of a measure: the case's owner and participants; the measure's owning
 * organisation decides the police and care categories and is "designated" for updates. */
static struct policy_obj measure_obj(const struct actor *who, const struct cs *g,
                                     const struct store_row *m)
{
    struct policy_obj o = g->obj;
    o.designated = who->org_id == m->a;
    return o;
}

static bool measure_visible(const struct actor *who, const struct cs *g, const struct store_row *m)
{
    struct policy_obj o = g->obj;
    /* For police and care data the own_org rows mean: the organisation that owns the measure. */
    if (strcmp(m->code3, "police") == 0 || strcmp(m->code3, "care") == 0)
        o.owner_org_id = m->a;
    return policy_category_visible(who, m->code3, &o);
}

/* ---- the view --------------------------------------------------------------------------------- */

struct seen {
    int64_t persons[MAX_PERSONS];
    size_t n;
    uint32_t cats;
};

static void seen_add(struct seen *s, int64_t p)
{
    if (s->n < MAX_PERSONS && !id_in(s->persons, s->n, p))
        s->persons[s->n++] = p;
}

static json_t *person_brief(struct store *st, int64_t id, bool ident)
{
    struct store_person p;
    if (store_person_get(st, id, &p, NULL) != 0)
        return json_null();
    json_t *j = json_pack("{s:I, s:s}", "id", (json_int_t)id, "kind",
                          p.organisation ? "organisation" : "person");
    if (ident) {
        json_object_set_new(j, "name", p.name[0] ? json_string(p.name) : json_null());
        json_object_set_new(j, "birth_date",
                            p.birth_date[0] ? json_string(p.birth_date) : json_null());
    }
    store_person_wipe(&p);
    return j;
}

static const struct store_row *rows_of(const struct cs *g, enum store_case_kind k, size_t *n)
{
    *n = g->n[k];
    return g->rows[k];
}

static json_t *task_json(struct store *st, const struct store_row *t, int64_t today)
{
    const struct tpl *tp = tpl_find(t->code);
    json_t *d = doc_parse(t->doc, t->doc_len);
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:s?}", "id",
        (json_int_t)t->id, "code", t->code, "title",
        json_string_value(json_object_get(d, "title")) ? json_string_value(json_object_get(d, "title"))
                                                       : (tp ? tp->title : t->code),
        "group", tp ? tp->group : "", "state", t->code2, "state_label",
        LABEL(TASK_STATES, t->code2), "owner", json_user_ref(st, t->a), "owner_org",
        json_org_ref(st, t->b), "due_date", json_day(t->c), "overdue",
        strcmp(t->code2, "open") == 0 && t->c > 0 && t->c < today, "done_date", json_day(t->d),
        "reason", doc_get(d, "reason"), "evidence", doc_get(d, "evidence"), "note",
        doc_get(d, "note"), "activated_by_flag", t->code3[0] ? t->code3 : NULL);
    json_decref(d);
    return j;
}

static json_t *measure_json(struct store *st, const struct store_row *m)
{
    struct str t = str_from_cstr(m->code);
    const struct mtype *mt = mtype_find(t);
    json_t *d = doc_parse(m->doc, m->doc_len);
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
                          " s:o, s:o, s:o, s:o, s:o}",
                          "id", (json_int_t)m->id, "type", m->code, "type_label",
                          mt ? mt->label : m->code, "domain", mt ? mt->domain : "overig",
                          "category", m->code3, "status", m->code2, "status_label",
                          LABEL(MEASURE_STATUSES, m->code2), "owner_org", json_org_ref(st, m->a),
                          "owner", json_user_ref(st, m->b), "review_date", json_day(m->c),
                          "legal_basis", doc_get(d, "legal_basis"), "decider",
                          doc_get(d, "decider"), "description", doc_get(d, "description"),
                          "decided_date", doc_get(d, "decided_date"), "start_date",
                          doc_get(d, "start_date"), "end_date", doc_get(d, "end_date"), "appeal",
                          doc_get(d, "appeal"), "consent", doc_get(d, "consent"), "notes",
                          doc_get(d, "notes"));
    json_t *steps = json_array(), *have = json_object_get(d, "steps");
    for (size_t i = 0; mt && i < ARRAY_LEN(mt->steps) && mt->steps[i]; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s, s:O}", "code", mt->steps[i], "label",
                                               LABEL(STEP_LABELS, mt->steps[i]), "date",
                                               json_object_get(have, mt->steps[i])
                                                   ? json_object_get(have, mt->steps[i])
                                                   : json_null()));
    json_object_set_new(j, "steps", steps);
    json_decref(d);
    return j;
}

static json_t *simple_rows(struct store *st, const struct cs *g, enum store_case_kind k)
{
    size_t n;
    const struct store_row *r = rows_of(g, k, &n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = doc_parse(r[i].doc, r[i].doc_len);
        json_object_set_new(j, "id", json_integer(r[i].id));
        json_object_set_new(j, "created_by", json_user_ref(st, r[i].by));
        json_object_set_new(j, "created_at", json_time(r[i].at));
        if (k == STORE_CASE_PLAN || k == STORE_CASE_ASSESSMENT || k == STORE_CASE_COMM)
            json_object_set_new(j, "version", json_integer(r[i].a));
        if (k == STORE_CASE_PLAN) {
            json_object_set_new(j, "adopted", json_boolean(r[i].b != 0));
            json_object_set_new(j, "adopted_date", json_day(r[i].c));
            json_object_set_new(j, "next_review_date", json_day(r[i].d));
        }
        if (k == STORE_CASE_ASSESSMENT)
            json_object_set_new(j, "date", json_day(r[i].b));
        if (k == STORE_CASE_COMM) {
            json_object_set_new(j, "owner", json_string(r[i].code));
            json_object_set_new(j, "owner_label", json_string(LABEL(COMM_OWNERS, r[i].code)));
            json_object_set_new(j, "decided_date", json_day(r[i].b));
        }
        if (k == STORE_CASE_EVENT) {
            bool flag = strcmp(r[i].code, "flag") == 0;
            json_object_set_new(j, "kind", json_string(r[i].code));
            json_object_set_new(j, "code", json_string(r[i].code2));
            json_object_set_new(j, "label", json_string(flag ? LABEL(app_case_flags, r[i].code2)
                                                             : LABEL(app_case_states, r[i].code2)));
            json_object_set_new(j, "on", json_boolean(r[i].a != 0));
            json_object_set_new(j, "decided_date", json_day(r[i].b));
        }
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *family_json(struct store *st, const struct cs *g, bool ident, struct seen *seen)
{
    size_t n, nc;
    const struct store_row *f = rows_of(g, STORE_CASE_FAMILY, &n);
    const struct store_row *c = rows_of(g, STORE_CASE_CONTACT, &nc);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = doc_parse(f[i].doc, f[i].doc_len);
        seen_add(seen, f[i].a);
        json_object_set_new(j, "id", json_integer(f[i].id));
        json_object_set_new(j, "relative", person_brief(st, f[i].a, ident));
        json_object_set_new(j, "supporter",
                            json_pack("{s:s, s:s, s:o, s:o}", "kind", f[i].code, "label",
                                      LABEL(SUPPORTERS, f[i].code), "user",
                                      json_user_ref(st, f[i].b), "org",
                                      json_org_ref(st, f[i].c)));
        json_t *cl = json_array();
        for (size_t k = 0; k < nc; k++) {
            if (c[k].item_id != f[i].id)
                continue;
            json_t *cd = doc_parse(c[k].doc, c[k].doc_len);
            json_object_set_new(cd, "id", json_integer(c[k].id));
            json_object_set_new(cd, "date", json_day(c[k].a));
            json_object_set_new(cd, "by", json_user_ref(st, c[k].by));
            json_array_append_new(cl, cd);
        }
        json_object_set_new(j, "contacts", cl);
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *flags_json(const struct cs *g)
{
    json_t *a = json_array();
    size_t n;
    const struct store_row *ev = rows_of(g, STORE_CASE_EVENT, &n);
    for (size_t i = 0; i < ARRAY_LEN(app_case_flags); i++) {
        if (!(g->c.flags & (INT64_C(1) << i)))
            continue;
        int64_t since = 0;
        for (size_t k = 0; ev && k < n; k++)
            if (strcmp(ev[k].code, "flag") == 0 && strcmp(ev[k].code2, app_case_flags[i].code) == 0 &&
                ev[k].a)
                since = ev[k].b;
        json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "flag", app_case_flags[i].code, "label",
                                           app_case_flags[i].label, "since", json_day(since)));
    }
    return a;
}

static bool may(const struct actor *who, const struct cs *g, const char *action,
                const char *object)
{
    return policy_check(who, action, object, &g->obj, NULL) == 0;
}

/* The overleg's decisions about this case or its signal (the timeline of decisions). */
static json_t *meeting_decisions(struct store *st, const struct cs *g)
{
    struct store_row *r = calloc(1001, sizeof(*r));
    size_t n = 0;
    json_t *a = json_array();
    if (r && store_decisions_of_case(st, g->c.id, g->c.signal_id, r, 1001, &n, NULL) == 0)
        for (size_t i = 0; i < n; i++) {
            json_t *d = doc_parse(r[i].doc, r[i].doc_len);
            json_array_append_new(
                a, json_pack("{s:I, s:I, s:I, s:o, s:s, s:o, s:o, s:s, s:s, s:I, s:o}", "id",
                             (json_int_t)r[i].id, "meeting_id", (json_int_t)r[i].meeting_id,
                             "item_id", (json_int_t)r[i].item_id, "decided_date",
                             json_day(r[i].c), "type", r[i].code, "text", doc_get(d, "text"),
                             "rationale", doc_get(d, "rationale"), "rule", r[i].code2, "result",
                             r[i].code3, "version", (json_int_t)r[i].a, "corrects",
                             r[i].b ? json_integer(r[i].b) : json_null()));
            json_decref(d);
        }
    store_rows_release(r, n);
    free(r);
    return a;
}

/* Leaves out of a plan's measure_ids, and out of task evidence, the measures who may not see. */
static void hide_measures(json_t *x, const int64_t *visible, size_t nv)
{
    json_t *ids = json_object_get(x, "measure_ids");
    for (size_t i = json_array_size(ids); i-- > 0;)
        if (!id_in(visible, nv, json_integer_value(json_array_get(ids, i))))
            json_array_remove(ids, i);
    json_t *ev = json_object_get(x, "evidence");
    const char *kind = json_string_value(json_object_get(ev, "kind"));
    if (kind && strcmp(kind, "measure") == 0 &&
        !id_in(visible, nv, json_integer_value(json_object_get(ev, "id"))))
        json_object_set_new(x, "evidence", json_pack("{s:s, s:b}", "kind", "measure", "hidden",
                                                     true));
}

/* The case as who sees it; section NULL = the overview. */
static json_t *case_json(struct store *st, const struct actor *who, const struct cs *g,
                         const char *section, struct seen *seen)
{
    bool ident = policy_category_visible(who, "identification", &g->obj);
    bool plan = policy_category_visible(who, "plan", &g->obj);
    bool network = policy_category_visible(who, "network", &g->obj);
    for (size_t i = 0; i < g->n_persons; i++)
        seen_add(seen, g->persons[i]);
    if (ident && g->n_persons)
        seen->cats |= AUDIT_CAT_IDENTIFICATION;
    json_t *subjects = json_array();
    for (size_t i = 0; i < g->n_persons; i++)
        json_array_append_new(subjects, person_brief(st, g->persons[i], ident));
    json_t *j = json_pack("{s:I, s:s, s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                          "id", (json_int_t)g->c.id, "reference", g->reference, "signal_id",
                          (json_int_t)g->c.signal_id, "municipality",
                          json_org_ref(st, g->c.municipality_id), "state", g->c.state,
                          "state_label", LABEL(app_case_states, g->c.state), "flags", flags_json(g),
                          "casusregisseur", json_user_ref(st, g->c.casusregisseur_id),
                          "subjects", subjects, "admitted_date",
                          json_day(g->c.created_at / 86400000), "first_overleg_date",
                          json_day(g->c.first_overleg_day), "next_review_date",
                          json_day(g->c.next_review_day), "closed_date",
                          json_day(g->c.closed_day), "retention_until",
                          json_day(g->c.retention_until_day));
    size_t n;
    const struct store_row *r;
    /* Participants: who is at the table is not case content. */
    json_t *parts = json_array();
    r = rows_of(g, STORE_CASE_PARTICIPANT, &n);
    bool full = policy_check(who, "read", "case",
                             &(struct policy_obj){.owner_org_id = g->c.municipality_id},
                             NULL) == 0;
    for (size_t i = 0; i < n; i++) {
        json_t *d = doc_parse(r[i].doc, r[i].doc_len);
        json_array_append_new(parts, json_pack("{s:o, s:s, s:s, s:o}", "org",
                                               json_org_ref(st, r[i].a), "kind", r[i].code,
                                               "kind_label", LABEL(PART_KINDS, r[i].code),
                                               "reason", full ? doc_get(d, "reason") : json_null()));
        json_decref(d);
    }
    json_object_set_new(j, "participants", parts);
    bool all = section == NULL;
    int64_t *visible = calloc(ROWS_MAX, sizeof(*visible));
    size_t nv = 0;
    r = rows_of(g, STORE_CASE_MEASURE, &n);
    for (size_t i = 0; visible && r && i < n; i++)
        if (measure_visible(who, g, &r[i]))
            visible[nv++] = r[i].id;
    /* cppcheck-suppress nullPointer ; all == (section == NULL), so strcmp never sees NULL */
    if (plan && (all || strcmp(section, "plans") == 0)) {
        json_t *plans = simple_rows(st, g, STORE_CASE_PLAN);
        json_t *cur = NULL, *adopted = NULL;
        size_t i;
        json_t *x;
        json_array_foreach(plans, i, x)
        {
            hide_measures(x, visible, nv);
            cur = x;
            if (json_is_true(json_object_get(x, "adopted")))
                adopted = x;
        }
        json_object_set(j, "plan", cur ? cur : json_null());
        json_object_set(j, "plan_adopted", adopted ? adopted : json_null());
        if (!all)
            json_object_set(j, "plans", plans);
        json_decref(plans);
        seen->cats |= AUDIT_CAT_PLAN;
    }
    /* cppcheck-suppress nullPointer ; all == (section == NULL), so strcmp never sees NULL */
    if (all || strcmp(section, "measures") == 0 || strcmp(section, "plans") == 0) {
        json_t *ms = json_array();
        r = rows_of(g, STORE_CASE_MEASURE, &n);
        for (size_t i = 0; r && i < n; i++) {
            if (!measure_visible(who, g, &r[i]))
                continue;
            json_t *mj = measure_json(st, &r[i]);
            struct policy_obj mo = measure_obj(who, g, &r[i]);
            json_object_set_new(mj, "can_update",
                                json_boolean(policy_check(who, "update", "measure", &mo, NULL) ==
                                             0));
            json_array_append_new(ms, mj);
            if (strcmp(r[i].code3, "criminal") == 0)
                seen->cats |= AUDIT_CAT_CRIMINAL;
            else if (strcmp(r[i].code3, "police") == 0)
                seen->cats |= AUDIT_CAT_POLICE;
            else if (strcmp(r[i].code3, "care") == 0)
                seen->cats |= AUDIT_CAT_SPECIAL;
        }
        json_object_set_new(j, "measures", ms);
    }
    if (plan && (all || strcmp(section, "checklist") == 0)) {
        seen->cats |= AUDIT_CAT_PLAN;
        json_t *ts = json_array();
        int64_t informed = 0;
        r = rows_of(g, STORE_CASE_TASK, &n);
        for (size_t i = 0; r && i < n; i++) {
            json_t *tj = task_json(st, &r[i], g->today);
            hide_measures(tj, visible, nv);
            struct policy_obj to = g->obj;
            to.subject_user_id = r[i].a;
            json_object_set_new(tj, "can_update",
                                json_boolean(policy_check(who, "update", "checklist", &to,
                                                          NULL) == 0));
            json_array_append_new(ts, tj);
            if (strcmp(r[i].code, "C5") == 0 && strcmp(r[i].code2, "done") == 0)
                informed = r[i].d;
        }
        json_object_set_new(j, "tasks", ts);
        json_object_set_new(j, "council_informed_date", json_day(informed));
    }
    if (plan && (all || strcmp(section, "assessments") == 0))
        json_object_set_new(j, "assessments", simple_rows(st, g, STORE_CASE_ASSESSMENT));
    if (plan && (all || strcmp(section, "communication-line") == 0))
        json_object_set_new(j, "communication_lines", simple_rows(st, g, STORE_CASE_COMM));
    if (plan && all)
        json_object_set_new(j, "events", simple_rows(st, g, STORE_CASE_EVENT));
    bool minutes = policy_category_visible(who, "minutes", &g->obj);
    if (minutes && (all || strcmp(section, "plans") == 0)) {
        json_object_set_new(j, "meeting_decisions", meeting_decisions(st, g));
        seen->cats |= AUDIT_CAT_MINUTES;
    }
    if (network && (all || strcmp(section, "family-support") == 0)) {
        json_object_set_new(j, "family_support", family_json(st, g, ident, seen));
        if (g->n[STORE_CASE_FAMILY])
            seen->cats |= AUDIT_CAT_NETWORK | (ident ? AUDIT_CAT_IDENTIFICATION : 0);
    }
    free(visible);
    json_object_set_new(
        j, "can",
        json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "transition",
                  may(who, g, "update", "case"), "close", may(who, g, "close", "case"), "plan",
                  may(who, g, "create", "plan"), "adopt", may(who, g, "adopt", "plan"),
                  "measure", may(who, g, "create", "measure"), "checklist",
                  may(who, g, "update", "checklist"), "assessment",
                  may(who, g, "create", "assessment"), "family", may(who, g, "create", "family"),
                  "communication", may(who, g, "create", "communication")));
    return j;
}

/* ---- access log ------------------------------------------------------------------------------- */

static void ev_of(struct app *a, const char *object, int64_t id, enum audit_action act,
                  const char *fields, const struct seen *s, uint8_t (*subj)[AUDIT_SUBJECT_BYTES],
                  char oid[24], struct alog_ev *ev)
{
    for (size_t i = 0; i < s->n; i++)
        alog_subject(a, "person", s->persons[i], subj[i]);
    snprintf(oid, 24, "%" PRId64, id);
    *ev = (struct alog_ev){.action = act,
                           .object_type = object,
                           .object_id = id ? oid : "",
                           .categories = s->cats,
                           .fields = fields,
                           .subject_type = s->n ? "person" : NULL,
                           .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                           .n_subjects = s->n};
}

/* ---- reads ------------------------------------------------------------------------------------ */

/* The answer as bytes (as the server would send it); NULL when out of memory. */
static char *dump_body(const json_t *j, size_t *len)
{
    char *out = j ? json_dumps(j, JSON_COMPACT) : NULL;
    *len = out ? strlen(out) : 0;
    return out;
}

/* Everything the view of a case depends on besides its data (viewcache.h). */
static struct viewcache_key view_key(const struct actor *who, int64_t id, const char *section,
                                     int64_t today)
{
    struct viewcache_key k;
    memset(&k, 0, sizeof(k));
    snprintf(k.what, sizeof(k.what), "case/%s", section ? section : "");
    k.id = id;
    k.user_id = who->user_id;
    k.org_id = who->org_id;
    k.roles = who->roles;
    k.org_ok = who->org_access_ok;
    k.day = today;
    return k;
}

int app_case_read(struct app *a, const struct alog_req *rq, int64_t id, const char *section,
                  char **out, size_t *out_len, struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct cs g;
    *out = NULL;
    *out_len = 0;
    *out_log = NULL;
    /* The whole dossier from one snapshot: one read transaction for its dozens of statements,
     * and the names of the users and organisations it mentions looked up once each. */
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    uint64_t gen = app_view_gen(a); /* before the snapshot (viewcache.h) */
    bool snap = store_read_begin(st);
    /* Access is decided on the case row and its participants, every time; the content is read
     * only when no current view of this viewer is cached. */
    rc = cs_open(a, &rq->actor, id, NULL, NULL, CS_GATE, true, &st, &g, e);
    if (rc != 0) {
        store_read_end(st, snap);
        return rc;
    }
    /* A read under a break-glass grant is never cached: its answer names the grant. */
    struct viewcache *vc = g.bg_grant ? NULL : app_views(a);
    struct viewcache_key key = view_key(&rq->actor, id, section, g.today);
    struct seen *seen = calloc(1, sizeof(*seen));
    char *body = NULL;
    size_t len = 0;
    if (seen == NULL) {
        rc = ERR_NOMEM;
    } else if (!viewcache_get(vc, &key, gen, &body, &len, seen, sizeof(*seen))) {
        rc = cs_load_signal(st, &g, e);
        if (rc == 0)
            rc = cs_load_rows(st, id, CS_ALL, &g, e);
        json_t *j = NULL;
        if (rc == 0) {
            json_ref_memo_begin();
            j = case_json(st, &rq->actor, &g, section, seen);
            json_ref_memo_end();
        }
        if (j != NULL && g.bg_grant) /* break-glass: every read under a grant is flagged */
            json_object_set_new(j, "break_glass",
                                json_pack("{s:I, s:o}", "grant_id", (json_int_t)g.bg_grant,
                                          "expires_at", json_time(g.bg_until)));
        body = dump_body(j, &len);
        json_decref(j);
        if (rc == 0 && body == NULL)
            rc = ERR_NOMEM;
        if (rc == 0)
            viewcache_put(vc, &key, gen, body, len, seen, sizeof(*seen));
    }
    store_read_end(st, snap);
    if (rc == 0) {
        uint8_t subj[MAX_PERSONS][AUDIT_SUBJECT_BYTES];
        char oid[24];
        struct alog_ev ev;
        ev_of(a, "case", id, AUDIT_ACT_READ, section ? section : "overview", seen, subj, oid,
              &ev);
        if (g.bg_grant) { /* for the FG's break-glass queue */
            ev.action = AUDIT_ACT_BREAK_GLASS;
            ev.purpose = "break-glass: inzage onder noodtoegang";
            ev.authz_rule = g.bg_rule;
        }
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    free(seen);
    cs_release(&g);
    if (rc != 0) {
        if (body != NULL) {
            explicit_bzero(body, len);
            free(body);
        }
        return rc;
    }
    *out = body;
    *out_len = len;
    return 0;
}

/* ---- the paged lists (GET /api/cases, GET /api/worklist) --------------------------------------
 */

/* Paging as GET /api/signals: page 1.., per_page 1..LIST_PER_PAGE_MAX (default 25). */
#define LIST_PER_PAGE_DEFAULT 25
#define LIST_PER_PAGE_MAX 100
#define LIST_PAGE_MAX 100000

static int page_check(int64_t *page, int64_t *per, struct err *e)
{
    if (*per == 0)
        *per = LIST_PER_PAGE_DEFAULT;
    if (*page == 0)
        *page = 1;
    if (*per < 1 || *per > LIST_PER_PAGE_MAX)
        err_field(e, "per_page", "kies 1 tot %d", LIST_PER_PAGE_MAX);
    if (*page < 1 || *page > LIST_PAGE_MAX)
        err_field(e, "page", "moet een positief getal zijn");
    return in_has_errors(e) ? ERR_INVAL : 0;
}

/* The users and organisations a page names, each looked up once (new references). */
struct ref_memo {
    int64_t id[2 * LIST_PER_PAGE_MAX];
    json_t *j[2 * LIST_PER_PAGE_MAX];
    bool org[2 * LIST_PER_PAGE_MAX];
    size_t n;
};

static json_t *ref_of(struct ref_memo *m, struct store *st, int64_t id, bool org)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->id[i] == id && m->org[i] == org)
            return json_incref(m->j[i]);
    json_t *j = org ? json_org_ref(st, id) : json_user_ref(st, id);
    if (j != NULL && m->n < ARRAY_LEN(m->id)) {
        m->id[m->n] = id;
        m->org[m->n] = org;
        m->j[m->n++] = json_incref(j);
    }
    return j;
}

static void ref_memo_free(struct ref_memo *m)
{
    for (size_t i = 0; m && i < m->n; i++)
        json_decref(m->j[i]);
}

/* The set flags with the day each was last switched on (as flags_json, without the events). */
static json_t *list_flags_json(struct store *st, const struct store_case *c)
{
    json_t *arr = json_array();
    struct store_flag_since since[ARRAY_LEN(app_case_flags)];
    size_t n = 0;
    if (c->flags != 0 && store_case_flag_since(st, c->id, since, ARRAY_LEN(since), &n, NULL) != 0)
        n = 0;
    for (size_t i = 0; arr && i < ARRAY_LEN(app_case_flags); i++) {
        if (!(c->flags & (INT64_C(1) << i)))
            continue;
        int64_t day = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(since[k].code, app_case_flags[i].code) == 0)
                day = since[k].day;
        json_array_append_new(arr,
                              json_pack("{s:s, s:s, s:o}", "flag", app_case_flags[i].code, "label",
                                        app_case_flags[i].label, "since", json_day(day)));
    }
    return arr;
}

int app_case_list(struct app *a, const struct alog_req *rq, const char *state, const char *flag,
                  int64_t page, int64_t per_page, json_t **out, struct alog_pending **out_log,
                  struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    *out_log = NULL;
    uint32_t scope = policy_scope(who, "list", "case");
    if (scope == 0)
        return in_denied(e);
    if (state && state[0] && !FIND(app_case_states, str_from_cstr(state)))
        err_field(e, "state", "onbekende fase");
    int fi = flag && flag[0] ? flag_index(flag) : -1;
    if (flag && flag[0] && fi < 0)
        err_field(e, "flag", "onbekende markering");
    if (page_check(&page, &per_page, e) != 0)
        return ERR_INVAL;
    /* The page is chosen in SQL under the policy's conditions (own_org, participant); every row
     * is checked against the policy again (defence in depth). */
    struct store_case_page_q q = {
        .all = (scope & POLICY_COND_ANY) != 0,
        .municipality_id = (scope & POLICY_COND_OWN_ORG) ? who->org_id : 0,
        .participant_org_id = (scope & POLICY_COND_PARTICIPANT) ? who->org_id : 0,
        .state = state,
        .flag_mask = fi >= 0 ? INT64_C(1) << fi : 0,
        .today = signal_today(),
        .limit = per_page,
        .offset = (page - 1) * per_page,
    };
    struct store_case_item *cs = calloc((size_t)per_page, sizeof(*cs));
    struct ref_memo *memo = calloc(1, sizeof(*memo));
    json_t *items = json_array();
    size_t n = 0;
    int64_t total = 0;
    int rc = cs && memo && items ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_case_page(st, &q, cs, (size_t)per_page, &n, &total, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_case *c = &cs[i].c;
        struct policy_obj obj = {.owner_org_id = c->municipality_id,
                                 .participant_org_ids = &who->org_id,
                                 .n_participants = cs[i].participant ? 1 : 0};
        if (policy_check(who, "list", "case", &obj, NULL) != 0)
            continue;
        json_t *j = json_pack(
            "{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:o}", "id", (json_int_t)c->id,
            "reference", cs[i].reference, "state", c->state, "state_label",
            LABEL(app_case_states, c->state), "flags", list_flags_json(st, c), "casusregisseur",
            ref_of(memo, st, c->casusregisseur_id, false), "next_review_date",
            json_day(c->next_review_day), "open_tasks", (json_int_t)cs[i].open_tasks,
            "overdue_tasks", (json_int_t)cs[i].overdue_tasks, "municipality",
            ref_of(memo, st, c->municipality_id, true));
        if (j == NULL || json_array_append_new(items, j) != 0)
            rc = ERR_NOMEM;
    }
    free(cs);
    ref_memo_free(memo);
    free(memo);
    if (rc == 0) {
        /* The list holds references and states, no names: one record without data subjects. */
        struct seen none = {.n = 0};
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        char oid[24];
        struct alog_ev ev;
        ev_of(a, "case", 0, AUDIT_ACT_READ, "reference,state,flags,tasks", &none, subj, oid, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                         (json_int_t)page, "per_page", (json_int_t)per_page);
        items = NULL;
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(items);
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    return rc;
}

int app_case_options(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (policy_scope(who, "read", "case") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    json_t *mt = json_array();
    for (size_t i = 0; i < ARRAY_LEN(MEASURES); i++) {
        json_t *steps = json_array();
        for (size_t k = 0; k < ARRAY_LEN(MEASURES[i].steps) && MEASURES[i].steps[k]; k++)
            json_array_append_new(steps, json_pack("{s:s, s:s}", "code", MEASURES[i].steps[k],
                                                   "label",
                                                   LABEL(STEP_LABELS, MEASURES[i].steps[k])));
        json_array_append_new(mt, json_pack("{s:s, s:s, s:s, s:s, s:o}", "code",
                                             MEASURES[i].code, "label", MEASURES[i].label,
                                             "domain", MEASURES[i].domain, "category",
                                             domain_category(MEASURES[i].domain), "steps", steps));
    }
    json_t *tasks = json_array();
    for (size_t i = 0; i < ARRAY_LEN(TASKS); i++)
        json_array_append_new(tasks, json_pack("{s:s, s:s, s:s, s:s?}", "code", TASKS[i].code,
                                               "group", TASKS[i].group, "title", TASKS[i].title,
                                               "flag", TASKS[i].flag));
    /* Organisations that may own a measure or take part (covenant current), staff. */
    json_t *orgs = json_array(), *staff = json_array();
    struct store_org *os = calloc(500, sizeof(*os));
    struct store_user *us = calloc(2000, sizeof(*us));
    size_t no = 0, nu = 0;
    struct store_org me;
    if (os && store_org_get(st, who->org_id, &me, NULL) == 0 &&
        store_org_list(st, me.region_id, os, 500, &no, NULL) == 0)
        for (size_t i = 0; i < no; i++)
            if (org_covenant_ok(&os[i]))
                json_array_append_new(orgs, json_pack("{s:I, s:s, s:s}", "id",
                                                      (json_int_t)os[i].id, "name", os[i].name,
                                                      "kind", store_org_kind_name(os[i].kind)));
    if (us && policy_scope(who, "update", "case") != 0 &&
        store_user_list(st, us, 2000, &nu, NULL) == 0)
        for (size_t i = 0; i < nu; i++)
            if (us[i].status == STORE_USER_ACTIVE &&
                (us[i].roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER |
                                POLICY_ROLE_PARTNER | POLICY_ROLE_BURGEMEESTER)))
                json_array_append_new(staff, json_pack("{s:I, s:s, s:o}", "id",
                                                       (json_int_t)us[i].id, "name",
                                                       us[i].display_name, "org",
                                                       json_org_ref(st, us[i].org_id)));
    free(os);
    free(us);
    *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "states",
                     codes_json(app_case_states, ARRAY_LEN(app_case_states) - 1), "flags",
                     codes_json(app_case_flags, ARRAY_LEN(app_case_flags)), "deciders",
                     codes_json(DECIDERS, ARRAY_LEN(DECIDERS)), "task_states",
                     codes_json(TASK_STATES, ARRAY_LEN(TASK_STATES)), "evidence_kinds",
                     codes_json(EVIDENCE, ARRAY_LEN(EVIDENCE)), "measure_types", mt,
                     "measure_statuses", codes_json(MEASURE_STATUSES, ARRAY_LEN(MEASURE_STATUSES)),
                     "supporter_kinds", codes_json(SUPPORTERS, ARRAY_LEN(SUPPORTERS)),
                     "comm_owners", codes_json(COMM_OWNERS, ARRAY_LEN(COMM_OWNERS)),
                     "participant_kinds", codes_json(PART_KINDS, ARRAY_LEN(PART_KINDS)),
                     "tasks", tasks, "organisations", orgs, "people", staff);
    return *out ? 0 : ERR_NOMEM;
}

/* ---- writes ----------------------------------------------------------------------------------- */

struct cw {
    struct app *a;
    struct store *st;
    const struct alog_req *rq;
    struct cs *g; /* loaded before the transaction (validation) */
    int64_t case_id;
    const char *object;
    enum audit_action act;
    const char *fields;
    int (*fn)(struct store *st, struct cw *w, struct err *e);
    enum store_case_kind kind;
    struct store_row row;
    const char *domain;
    char *doc;
    /* per operation */
    const char *to_state;
    int64_t closed_day, retention_day, review_day;
    int flag;
    bool flag_on;
    int64_t departure_day;
    int64_t to_muni, new_regisseur;
    bool adopt;
    struct store_person_in relative;
    int64_t rps_entry_day;
    bool n1_next;
    int64_t created_id;
    json_t *out;
};

/* Creates the tasks of the templates for flag (NULL: every case) that have no open task with the
 * same code yet. due_of gives a template's due day (0: none). */
static int activate(struct store *st, struct cw *w, const char *flag, const char *set_flag,
                    int64_t departure_day, struct err *e)
{
    const struct config *cfg = app_config(w->a);
    struct store_row *have = calloc(ROWS_MAX, sizeof(*have));
    size_t n = 0;
    int rc = have ? store_case_rows(st, STORE_CASE_TASK, w->case_id, have, ROWS_MAX, &n, e)
                  : ERR_NOMEM;
    struct store_case c;
    if (rc == 0)
        rc = store_case_get(st, w->case_id, &c, e);
    for (size_t i = 0; rc == 0 && i < ARRAY_LEN(TASKS); i++) {
        const struct tpl *t = &TASKS[i];
        if ((flag == NULL) != (t->flag == NULL) || (flag && strcmp(flag, t->flag) != 0))
            continue;
        bool open = false;
        for (size_t k = 0; k < n; k++)
            open = open || (strcmp(have[k].code, t->code) == 0 && strcmp(have[k].code2, "open") == 0);
        if (open)
            continue;
        int64_t due = 0;
        if (strcmp(t->code, "U6") == 0 && departure_day)
            due = case_add_months(departure_day, cfg->brp_check_months);
        else if (strcmp(t->code, "N1") == 0)
            due = case_add_months(signal_today(), cfg->case_necessity_review_months);
        struct store_row r = {.meeting_id = w->case_id, .group_id = c.group_id,
                              .a = c.casusregisseur_id, .b = c.municipality_id, .c = due,
                              .by = w->rq->actor.user_id};
        snprintf(r.code, sizeof(r.code), "%s", t->code);
        snprintf(r.code2, sizeof(r.code2), "open");
        snprintf(r.code3, sizeof(r.code3), "%s", set_flag ? set_flag : "");
        r.doc = "{}";
        r.doc_len = 2;
        int64_t id = 0;
        rc = store_case_add(st, STORE_CASE_TASK, &r, NULL, &id, e);
    }
    store_rows_release(have, n);
    free(have);
    return rc;
}

static int event(struct store *st, struct cw *w, const char *kind, const char *code, bool on,
                 int64_t day, json_t *doc, struct err *e)
{
    char *d = doc_dump(doc);
    if (d == NULL)
        return ERR_NOMEM;
    struct store_row r = {.meeting_id = w->case_id, .group_id = w->g->c.group_id, .a = on,
                          .b = day, .by = w->rq->actor.user_id, .doc = d, .doc_len = strlen(d)};
    snprintf(r.code, sizeof(r.code), "%s", kind);
    snprintf(r.code2, sizeof(r.code2), "%s", code);
    int64_t id = 0;
    int rc = store_case_add(st, STORE_CASE_EVENT, &r, NULL, &id, e);
    doc_free(d);
    return rc;
}

static int crun(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct cw *w = ctx;
    int rc = w->fn(st, w, e);
    struct cs g;
    struct seen *seen = calloc(1, sizeof(*seen));
    if (rc == 0)
        rc = seen ? cs_load(st, w->case_id, true, &g, e) : ERR_NOMEM;
    if (rc == 0) {
        if (policy_check(&w->rq->actor, "read", "case", &g.obj, NULL) == 0)
            w->out = case_json(st, &w->rq->actor, &g, NULL, seen);
        else /* handed over to another municipality: the caller no longer sees it */
            w->out = json_pack("{s:I, s:b, s:o}", "id", (json_int_t)w->case_id, "transferred",
                               true, "municipality", json_org_ref(st, g.c.municipality_id));
        for (size_t i = 0; i < g.n_persons; i++)
            seen_add(seen, g.persons[i]);
        cs_release(&g);
        if (w->out && w->created_id)
            json_object_set_new(w->out, "created_id", json_integer(w->created_id));
        rc = w->out ? 0 : ERR_NOMEM;
    }
    if (rc == 0) {
        uint8_t subj[MAX_PERSONS][AUDIT_SUBJECT_BYTES];
        char oid[24];
        struct alog_ev ev;
        ev_of(w->a, w->object, w->created_id ? w->created_id : w->case_id, w->act, w->fields,
              seen, subj, oid, &ev);
        rc = alog_tx_add(tx, w->rq, &ev, e);
    }
    free(seen);
    return rc;
}

static int cexec(struct cw *w, json_t **out, struct err *e)
{
    int rc = alog_run(w->a, crun, w, e);
    doc_free(w->doc);
    w->doc = NULL;
    if (rc != 0) {
        json_decref(w->out);
        return rc;
    }
    *out = w->out;
    return 0;
}

/* --- transitions --- */

static bool move_ok(const char *from, const char *to)
{
    for (size_t i = 0; i < ARRAY_LEN(MOVES); i++)
        if (strcmp(MOVES[i].from, from) == 0 && strcmp(MOVES[i].to, to) == 0)
            return true;
    return false;
}

static bool has_adopted_plan(const struct cs *g)
{
    for (size_t i = 0; i < g->n[STORE_CASE_PLAN]; i++)
        if (g->rows[STORE_CASE_PLAN][i].b)
            return true;
    return false;
}

static int transition_fn(struct store *st, struct cw *w, struct err *e)
{
    int rc = store_case_set_state(st, w->case_id, w->to_state, w->closed_day, w->retention_day, e);
    if (rc == 0 && w->review_day)
        rc = store_case_set_review(st, w->case_id, w->review_day, e);
    if (rc == 0) {
        json_t *d = json_loads(w->doc, 0, NULL);
        rc = event(st, w, "transition", w->to_state, true, w->row.b, d, e);
    }
    return rc;
}

/* Reads the decision members every transition, flag and adoption carries. */
static bool decision_of_case(struct cw *w, int64_t id)
{
    struct store_row *r = calloc(1001, sizeof(*r));
    size_t n = 0;
    bool found = false;
    if (r && store_decisions_of_case(w->st, w->case_id, w->g->c.signal_id, r, 1001, &n, NULL) == 0)
        for (size_t i = 0; i < n; i++)
            found = found || r[i].id == id;
    store_rows_release(r, n);
    free(r);
    return found;
}

static json_t *decision_doc(struct cw *w, const json_t *in, const char *prefix, int64_t *day,
                            struct err *e)
{
    struct str rationale, by;
    in_text(in, prefix, "rationale", true, NOTE_MAX, true, &rationale, e);
    in_text(in, prefix, "decided_by", false, 20, false, &by, e);
    *day = in_date(in, prefix, "decided_date", false, e);
    int64_t md = in_id(in, prefix, "meeting_decision_id", false, e);
    char fb[ERR_NAME_MAX];
    if (by.p && !FIND(DECIDERS, by))
        err_field(e, in_fname(fb, sizeof(fb), prefix, "decided_by"),
                  "kies casusoverleg of burgemeester");
    if (*day && *day > signal_today())
        err_field(e, in_fname(fb, sizeof(fb), prefix, "decided_date"), "ligt in de toekomst");
    if (md && !decision_of_case(w, md))
        err_field(e, in_fname(fb, sizeof(fb), prefix, "meeting_decision_id"),
                  "geen besluit van een overleg over deze casus");
    if (*day == 0)
        *day = signal_today();
    return json_pack("{s:s%, s:s, s:o}", "rationale", rationale.p ? rationale.p : "", rationale.n,
                     "decided_by", by.p && FIND(DECIDERS, by) ? FIND(DECIDERS, by)->code
                                                              : "casusoverleg",
                     "meeting_decision_id", md ? json_integer(md) : json_null());
}

static int do_transition(struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"to", "rationale", "decided_by", "decided_date",
                                       "meeting_decision_id", "next_review_date", "closure"};
    static const char *const ckeys[] = {"subject_informed", "informed_note"};
    const struct config *cfg = app_config(w->a);
    struct cs *g = w->g;
    struct str to;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "to", true, 40, false, &to, e);
    int64_t day = 0;
    json_t *doc = decision_doc(w, in, NULL, &day, e);
    int64_t review = in_date(in, NULL, "next_review_date", false, e);
    const json_t *closure = in_obj(in, "closure", false, ckeys, ARRAY_LEN(ckeys), e);
    const struct code *tc = to.p ? FIND(app_case_states, to) : NULL;
    if (to.p && (!tc || strcmp(tc->code, "vernietigd") == 0))
        err_field(e, "to", "onbekende of niet toegestane fase");
    if (review && review < signal_today())
        err_field(e, "next_review_date", "ligt in het verleden");
    bool close = tc && strcmp(tc->code, "afgesloten") == 0;
    if (close && closure == NULL)
        err_field(e, "closure", "is verplicht bij afsluiten: is de betrokkene geïnformeerd, en "
                                "waarom (niet)?");
    if (close && closure) {
        struct str note;
        in_bool(closure, "closure", "subject_informed", true, NULL, e);
        in_text(closure, "closure", "informed_note", true, NOTE_MAX, true, &note, e);
        json_object_set_new(doc, "closure", json_deep_copy(closure));
    }
    if (in_has_errors(e) || tc == NULL) {
        json_decref(doc);
        return ERR_INVAL;
    }
    if (policy_check(&w->rq->actor, close ? "close" : "update", "case", &g->obj, NULL) != 0) {
        json_decref(doc);
        return in_denied(e);
    }
    if (!move_ok(g->c.state, tc->code)) {
        json_decref(doc);
        return in_conflict(e, "to", "deze overgang past niet in de levensloop van de casus");
    }
    if (strcmp(tc->code, "plan_vastgesteld") == 0 && !has_adopted_plan(g)) {
        json_decref(doc);
        return in_conflict(e, "to", "er is nog geen vastgesteld plan van aanpak");
    }
    if (strcmp(g->c.state, "afgesloten") == 0 && g->c.retention_until_day &&
        g->c.retention_until_day < signal_today()) {
        json_decref(doc);
        return in_conflict(e, "to", "de bewaartermijn is verstreken: heropenen kan niet meer");
    }
    json_object_set_new(doc, "from", json_string(g->c.state));
    json_object_set_new(doc, "to", json_string(tc->code));
    w->to_state = tc->code;
    w->row.b = day;
    w->review_day = review;
    if (close) {
        w->closed_day = day;
        w->retention_day = case_add_months(day, cfg->case_retention_years * 12);
    }
    w->doc = doc_dump(doc);
    w->fn = transition_fn;
    w->object = "case";
    w->act = AUDIT_ACT_UPDATE;
    w->fields = close ? "state,closure,retention" : "state,rationale";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- flags --- */

static int flag_fn(struct store *st, struct cw *w, struct err *e)
{
    int64_t flags = w->g->c.flags;
    if (w->flag_on)
        flags |= INT64_C(1) << w->flag;
    else
        flags &= ~(INT64_C(1) << w->flag);
    int rc = store_case_set_flags(st, w->case_id, flags, e);
    if (rc == 0 && w->flag_on && w->to_muni)
        rc = store_case_transfer(st, w->case_id, w->to_muni, w->new_regisseur, e);
    if (rc == 0) {
        json_t *d = json_loads(w->doc, 0, NULL);
        rc = event(st, w, "flag", app_case_flags[w->flag].code, w->flag_on, w->row.b, d, e);
    }
    if (rc == 0 && w->flag_on) {
        const char *f = app_case_flags[w->flag].code;
        /* terugkeer_verwacht and teruggekeerd share the return checklist */
        rc = activate(st, w, strcmp(f, "terugkeer_verwacht") == 0 ? "teruggekeerd" : f, f,
                      w->departure_day, e);
    }
    return rc;
}

static int do_flag(struct store *st, struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"flag", "on", "date", "rationale", "departure_date",
                                       "to_municipality_id", "new_casusregisseur_id",
                                       "decided_by", "decided_date", "meeting_decision_id"};
    struct cs *g = w->g;
    struct str flag;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "flag", true, 40, false, &flag, e);
    bool on = in_bool(in, NULL, "on", true, NULL, e);
    int64_t day = 0;
    json_t *doc = decision_doc(w, in, NULL, &day, e);
    int64_t since = in_date(in, NULL, "date", false, e);
    int64_t dep = in_date(in, NULL, "departure_date", false, e);
    int64_t muni = in_id(in, NULL, "to_municipality_id", false, e);
    int64_t reg = in_id(in, NULL, "new_casusregisseur_id", false, e);
    const struct code *fc = flag.p ? FIND(app_case_flags, flag) : NULL;
    if (flag.p && !fc)
        err_field(e, "flag", "onbekende markering");
    bool departed = fc && on && strcmp(fc->code, "uitgereisd") == 0;
    bool moved = fc && on && strcmp(fc->code, "verhuisd") == 0;
    if (departed && !dep)
        err_field(e, "departure_date", "is verplicht bij uitgereisd");
    if (dep && dep > signal_today())
        err_field(e, "departure_date", "ligt in de toekomst");
    if (dep && !departed)
        err_field(e, "departure_date", "hoort alleen bij uitgereisd");
    if (moved) {
        struct store_org o;
        struct store_user u;
        if (!muni)
            err_field(e, "to_municipality_id", "is verplicht bij verhuisd");
        else if (in_ref_org(st, muni, &o, e) != 0 || o.kind != STORE_ORG_GEMEENTE ||
                 !org_covenant_ok(&o) || muni == g->c.municipality_id)
            err_field(e, "to_municipality_id", "een andere gemeente met een geldig convenant");
        if (!reg)
            err_field(e, "new_casusregisseur_id", "is verplicht bij verhuisd");
        else if (muni && (in_ref_user(st, reg, &u, e) != 0 || u.org_id != muni ||
                          u.status != STORE_USER_ACTIVE || !(u.roles & POLICY_ROLE_DOSSIERHOUDER)))
            err_field(e, "new_casusregisseur_id", "een actieve dossierhouder van die gemeente");
    } else if (muni || reg) {
        err_field(e, muni ? "to_municipality_id" : "new_casusregisseur_id",
                  "hoort alleen bij verhuisd");
    }
    if (in_has_errors(e) || fc == NULL) {
        json_decref(doc);
        return ERR_INVAL;
    }
    int fi = flag_index(fc->code);
    bool now = (g->c.flags & (INT64_C(1) << fi)) != 0;
    if (now == on) {
        json_decref(doc);
        return in_conflict(e, "on", on ? "deze markering staat al aan" : "deze markering staat niet aan");
    }
    if (strcmp(g->c.state, "afgesloten") == 0) {
        json_decref(doc);
        return in_conflict(e, "flag", "de casus is afgesloten: heropen hem eerst");
    }
    json_object_set_new(doc, "since", json_day(since ? since : day));
    if (dep)
        json_object_set_new(doc, "departure_date", json_day(dep));
    if (moved)
        json_object_set_new(doc, "to_municipality_id", json_integer(muni));
    w->flag = fi;
    w->flag_on = on;
    w->departure_day = dep;
    w->to_muni = moved ? muni : 0;
    w->new_regisseur = moved ? reg : 0;
    w->row.b = since ? since : day;
    w->doc = doc_dump(doc);
    w->fn = flag_fn;
    w->object = "case";
    w->act = AUDIT_ACT_UPDATE;
    w->fields = "flags,rationale";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- participants --- */

static int add_fn(struct store *st, struct cw *w, struct err *e)
{
    w->row.meeting_id = w->case_id;
    w->row.group_id = w->g->c.group_id;
    w->row.by = w->rq->actor.user_id;
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    int rc = store_case_add(st, w->kind, &w->row, w->domain, &w->created_id, e);
    if (rc == ERR_CONFLICT && w->kind == STORE_CASE_PARTICIPANT)
        rc = in_conflict(e, "org_id", "deze organisatie neemt al deel");
    return rc;
}

static int do_participant(struct store *st, struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"org_id", "kind", "reason"};
    struct str kind, reason;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t org = in_id(in, NULL, "org_id", true, e);
    in_text(in, NULL, "kind", true, 10, false, &kind, e);
    in_text(in, NULL, "reason", true, ITEM_MAX, true, &reason, e);
    const struct code *kc = kind.p ? FIND(PART_KINDS, kind) : NULL;
    if (kind.p && !kc)
        err_field(e, "kind", "kies core of invited");
    struct store_org o;
    if (org && (in_ref_org(st, org, &o, e) != 0 || !org_covenant_ok(&o)))
        err_field(e, "org_id", "onbekende organisatie, of zonder geldig convenant of "
                               "privacyprotocol: delen is niet toegestaan");
    else if (org && org == w->g->c.municipality_id)
        err_field(e, "org_id", "de gemeente is eigenaar van de casus");
    if (in_has_errors(e) || kc == NULL)
        return ERR_INVAL;
    if (!may(&w->rq->actor, w->g, "update", "case"))
        return in_denied(e);
    w->kind = STORE_CASE_PARTICIPANT;
    w->row.a = org;
    snprintf(w->row.code, sizeof(w->row.code), "%s", kc->code);
    w->doc = doc_dump(json_pack("{s:s%}", "reason", reason.p, reason.n));
    w->fn = add_fn;
    w->object = "case";
    w->act = AUDIT_ACT_UPDATE;
    w->fields = "participants";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- plans --- */

static int plan_fn(struct store *st, struct cw *w, struct err *e)
{
    int rc = add_fn(st, w, e);
    if (rc == 0 && w->adopt && w->row.d)
        rc = store_case_set_review(st, w->case_id, w->row.d, e);
    if (rc == 0 && w->adopt &&
        (strcmp(w->g->c.state, "opgenomen") == 0 || strcmp(w->g->c.state, "beeldvorming") == 0)) {
        rc = store_case_set_state(st, w->case_id, "plan_vastgesteld", 0, 0, e);
        /* The transition is the adoption decision: its rationale and decider. */
        json_t *pd = json_loads(w->doc, 0, NULL), *ad = json_object_get(pd, "adoption");
        json_t *ev = json_pack("{s:s, s:s, s:O, s:O, s:O, s:I}", "from", w->g->c.state, "to",
                               "plan_vastgesteld", "rationale",
                               json_object_get(ad, "rationale") ? json_object_get(ad, "rationale")
                                                                : json_null(),
                               "decided_by",
                               json_object_get(ad, "decided_by") ? json_object_get(ad, "decided_by")
                                                                 : json_null(),
                               "meeting_decision_id",
                               json_object_get(ad, "meeting_decision_id")
                                   ? json_object_get(ad, "meeting_decision_id")
                                   : json_null(),
                               "plan_id", (json_int_t)w->created_id);
        json_decref(pd);
        if (rc == 0)
            rc = event(st, w, "transition", "plan_vastgesteld", true, w->row.c, ev, e);
        else
            json_decref(ev);
    }
    return rc;
}

static json_t *view_doc(const json_t *in, const char *key, struct err *e)
{
    static const char *const vkeys[] = {"heard", "what"};
    const json_t *v = in_obj(in, key, false, vkeys, ARRAY_LEN(vkeys), e);
    if (v == NULL)
        return json_null();
    struct str what;
    bool heard = in_bool(v, key, "heard", true, NULL, e);
    in_text(v, key, "what", false, NOTE_MAX, true, &what, e);
    return json_pack("{s:b, s:s%}", "heard", heard, "what", what.p ? what.p : "", what.n);
}

static int do_plan(struct store *st, struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"goals", "person_view", "family_view", "consent_approach",
                                       "measure_ids", "next_review_date", "adopt"};
    static const char *const akeys[] = {"decided_by", "meeting_decision_id", "decided_date",
                                        "rationale"};
    (void)st;
    struct str consent;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    json_t *goals = text_list(in, "goals", e);
    json_t *pv = view_doc(in, "person_view", e), *fv = view_doc(in, "family_view", e);
    in_text(in, NULL, "consent_approach", false, NOTE_MAX, true, &consent, e);
    int64_t review = in_date(in, NULL, "next_review_date", false, e);
    if (review && review < signal_today())
        err_field(e, "next_review_date", "ligt in het verleden");
    json_t *mids = json_array(), *mv = json_object_get(in, "measure_ids");
    if (mv && !json_is_null(mv)) {
        size_t i;
        json_t *x;
        if (!json_is_array(mv) || json_array_size(mv) > 200)
            err_field(e, "measure_ids", "een lijst van maatregel-id's");
        else
            json_array_foreach(mv, i, x)
            {
                bool found = false;
                for (size_t k = 0; json_is_integer(x) && k < w->g->n[STORE_CASE_MEASURE]; k++)
                    found = found || w->g->rows[STORE_CASE_MEASURE][k].id == json_integer_value(x);
                if (!found) {
                    err_field(e, "measure_ids", "onbekende maatregel van deze casus");
                    break;
                }
                json_array_append(mids, x);
            }
    }
    const json_t *adopt = in_obj(in, "adopt", false, akeys, ARRAY_LEN(akeys), e);
    int64_t day = 0;
    json_t *ad = adopt ? decision_doc(w, adopt, "adopt", &day, e) : json_null();
    if (goals && json_array_size(goals) == 0 && adopt)
        err_field(e, "goals", "een vast te stellen plan heeft minstens één doel");
    json_t *doc = json_pack("{s:o, s:o, s:o, s:s%, s:o, s:o}", "goals", goals, "person_view", pv,
                            "family_view", fv, "consent_approach", consent.p ? consent.p : "",
                            consent.n, "measure_ids", mids, "adoption", ad);
    if (in_has_errors(e)) {
        json_decref(doc);
        return ERR_INVAL;
    }
    if (!may(&w->rq->actor, w->g, "create", "plan") ||
        (adopt && !may(&w->rq->actor, w->g, "adopt", "plan"))) {
        json_decref(doc);
        return in_denied(e);
    }
    if (strcmp(w->g->c.state, "afgesloten") == 0) {
        json_decref(doc);
        return in_conflict(e, NULL, "De casus is afgesloten.");
    }
    w->kind = STORE_CASE_PLAN;
    w->adopt = adopt != NULL;
    w->row.b = adopt != NULL;
    w->row.c = adopt ? day : 0;
    w->row.d = review;
    w->doc = doc_dump(doc);
    w->fn = plan_fn;
    w->object = "plan";
    w->act = AUDIT_ACT_CREATE;
    w->fields = adopt ? "plan:goals,views,consent,measures,adoption" : "plan:goals,views,consent,measures";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- measures --- */

static int r1_task(struct store *st, struct cw *w, int64_t entry_day, struct err *e)
{
    const struct config *cfg = app_config(w->a);
    struct store_row *have = calloc(ROWS_MAX, sizeof(*have));
    size_t n = 0;
    int rc = have ? store_case_rows(st, STORE_CASE_TASK, w->case_id, have, ROWS_MAX, &n, e)
                  : ERR_NOMEM;
    int64_t due = case_add_months(entry_day, cfg->rps_renewal_months);
    const struct store_row *open = NULL;
    for (size_t k = 0; rc == 0 && k < n; k++)
        if (strcmp(have[k].code, "R1") == 0 && strcmp(have[k].code2, "open") == 0)
            open = &have[k];
    if (rc == 0 && open) {
        struct store_row r = *open;
        r.c = due;
        r.by = w->rq->actor.user_id;
        rc = store_case_update(st, STORE_CASE_TASK, &r, e);
    } else if (rc == 0) {
        struct store_row r = {.meeting_id = w->case_id, .group_id = w->g->c.group_id,
                              .a = w->g->c.casusregisseur_id, .b = w->g->c.municipality_id,
                              .c = due, .by = w->rq->actor.user_id, .doc = "{}", .doc_len = 2};
        snprintf(r.code, sizeof(r.code), "R1");
        snprintf(r.code2, sizeof(r.code2), "open");
        snprintf(r.code3, sizeof(r.code3), "paspoort");
        int64_t id = 0;
        rc = store_case_add(st, STORE_CASE_TASK, &r, NULL, &id, e);
    }
    store_rows_release(have, n);
    free(have);
    return rc;
}

static int measure_fn(struct store *st, struct cw *w, struct err *e)
{
    int rc = w->row.id ? store_case_update(st, STORE_CASE_MEASURE, &w->row, e) : add_fn(st, w, e);
    if (rc == 0 && w->rps_entry_day)
        rc = r1_task(st, w, w->rps_entry_day, e);
    return rc;
}

static const struct store_row *measure_find(const struct cs *g, int64_t id)
{
    for (size_t i = 0; i < g->n[STORE_CASE_MEASURE]; i++)
        if (g->rows[STORE_CASE_MEASURE][i].id == id)
            return &g->rows[STORE_CASE_MEASURE][i];
    return NULL;
}

/* The date members of a measure into doc (validated). */
static void measure_dates(const json_t *in, json_t *doc, struct err *e)
{
    static const char *const dates[] = {"decided_date", "start_date", "end_date"};
    for (size_t i = 0; i < ARRAY_LEN(dates); i++) {
        if (json_object_get(in, dates[i]) == NULL)
            continue;
        int64_t d = in_date(in, NULL, dates[i], false, e);
        json_object_set_new(doc, dates[i], json_day(d));
    }
}

static int do_measure(struct store *st, struct cw *w, int64_t mid, const json_t *in,
                      struct err *e)
{
    static const char *const keys[] = {"type", "legal_basis", "owner_org_id", "owner_id",
                                       "decider", "status", "decided_date", "start_date",
                                       "end_date", "review_date", "appeal", "consent",
                                       "description", "steps", "note"};
    const struct actor *who = &w->rq->actor;
    const struct store_row *old = mid ? measure_find(w->g, mid) : NULL;
    if (mid && (old == NULL || !measure_visible(who, w->g, old)))
        return err_set(e, ERR_NOTFOUND, "Deze maatregel bestaat niet of u heeft er geen toegang toe.");
    struct str type, basis, decider, status, desc, note;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "type", !mid, 40, false, &type, e);
    in_text(in, NULL, "legal_basis", !mid, LINE_MAX_, false, &basis, e);
    int64_t org = in_id(in, NULL, "owner_org_id", !mid, e);
    int64_t owner = in_id(in, NULL, "owner_id", false, e);
    in_text(in, NULL, "decider", false, LINE_MAX_, false, &decider, e);
    in_text(in, NULL, "status", false, 20, false, &status, e);
    in_text(in, NULL, "description", false, NOTE_MAX, true, &desc, e);
    in_text(in, NULL, "note", false, ITEM_MAX, true, &note, e);
    int64_t review = in_date(in, NULL, "review_date", false, e);
    bool appeal_set = false, consent_set = false;
    bool appeal = in_bool(in, NULL, "appeal", false, &appeal_set, e);
    bool consent = in_bool(in, NULL, "consent", false, &consent_set, e);
    const struct mtype *mt = mid ? mtype_find(str_from_cstr(old->code)) : mtype_find(type);
    if (!mid && type.p && !mt)
        err_field(e, "type", "onbekende maatregel (zie de catalogus)");
    if (mid && (type.p || basis.p || json_object_get(in, "owner_org_id")))
        err_field(e, type.p ? "type" : basis.p ? "legal_basis" : "owner_org_id",
                  "kan niet worden gewijzigd; leg een nieuwe maatregel vast");
    const struct code *sc = status.p ? FIND(MEASURE_STATUSES, status) : NULL;
    if (status.p && !sc)
        err_field(e, "status", "onbekende status");
    struct store_org o;
    if (org && (in_ref_org(st, org, &o, e) != 0 || !org_covenant_ok(&o)))
        err_field(e, "owner_org_id", "onbekende organisatie, of zonder geldig convenant");
    struct store_user u;
    int64_t owner_org = mid ? old->a : org;
    if (owner && (in_ref_user(st, owner, &u, e) != 0 || u.org_id != owner_org ||
                  u.status != STORE_USER_ACTIVE))
        err_field(e, "owner_id", "een actieve medewerker van de eigenaar-organisatie");
    json_t *doc = mid ? doc_parse(old->doc, old->doc_len) : json_object();
    measure_dates(in, doc, e);
    int64_t rps = 0;
    json_t *steps = json_object_get(in, "steps");
    if (steps && !json_is_null(steps)) {
        json_t *have = json_object_get(doc, "steps");
        if (!json_is_object(have)) {
            have = json_object();
            json_object_set_new(doc, "steps", have);
        }
        if (!json_is_object(steps)) {
            err_field(e, "steps", "een object {stap: datum}");
        } else {
            const char *k;
            json_t *x;
            json_object_foreach(steps, k, x)
            {
                bool known = false;
                for (size_t i = 0; mt && i < ARRAY_LEN(mt->steps) && mt->steps[i]; i++)
                    known = known || strcmp(mt->steps[i], k) == 0;
                char f[64];
                snprintf(f, sizeof(f), "steps/%.40s", k);
                int64_t d = 0;
                if (!known)
                    err_field(e, f, "geen stap van deze maatregel");
                else if (!json_is_string(x) ||
                         clock_parse_date(json_string_value(x), json_string_length(x), &d) != 0)
                    err_field(e, f, "geen geldige datum (JJJJ-MM-DD)");
                else {
                    json_object_set_new(have, k, json_day(d));
                    if (strcmp(k, "rps_entry") == 0)
                        rps = d;
                }
            }
        }
    }
    if (in_has_errors(e)) {
        json_decref(doc);
        return ERR_INVAL;
    }
    if (!mid && !may(who, w->g, "create", "measure")) {
        json_decref(doc);
        return in_denied(e);
    }
    if (mid) {
        struct policy_obj mo = measure_obj(who, w->g, old);
        if (policy_check(who, "update", "measure", &mo, NULL) != 0) {
            json_decref(doc);
            return in_denied(e);
        }
    }
    if (basis.p)
        json_object_set_new(doc, "legal_basis", json_stringn(basis.p, basis.n));
    if (decider.p)
        json_object_set_new(doc, "decider", json_stringn(decider.p, decider.n));
    if (desc.p)
        json_object_set_new(doc, "description", json_stringn(desc.p, desc.n));
    if (appeal_set)
        json_object_set_new(doc, "appeal", json_boolean(appeal));
    if (consent_set)
        json_object_set_new(doc, "consent", json_boolean(consent));
    if (note.p) {
        json_t *notes = json_object_get(doc, "notes");
        if (!json_is_array(notes)) {
            notes = json_array();
            json_object_set_new(doc, "notes", notes);
        }
        if (json_array_size(notes) < 200)
            json_array_append_new(notes, json_pack("{s:o, s:I, s:s%}", "date",
                                                   json_day(signal_today()), "by",
                                                   (json_int_t)who->user_id, "text", note.p,
                                                   note.n));
    }
    w->kind = STORE_CASE_MEASURE;
    if (mid) {
        w->row = *old;
        w->row.doc = NULL;
        w->row.doc_len = 0;
        w->row.by = who->user_id;
        if (owner)
            w->row.b = owner;
        if (review)
            w->row.c = review;
        if (sc)
            snprintf(w->row.code2, sizeof(w->row.code2), "%s", sc->code);
        w->created_id = 0;
    } else {
        w->row.a = org;
        w->row.b = owner;
        w->row.c = review;
        snprintf(w->row.code, sizeof(w->row.code), "%s", mt->code);
        snprintf(w->row.code2, sizeof(w->row.code2), "%s", sc ? sc->code : "proposed");
        snprintf(w->row.code3, sizeof(w->row.code3), "%s", domain_category(mt->domain));
        w->domain = mt->domain;
    }
    w->rps_entry_day = rps;
    w->doc = doc_dump(doc);
    if (mid && w->doc) {
        w->row.doc = w->doc;
        w->row.doc_len = strlen(w->doc);
    }
    w->fn = measure_fn;
    w->object = "measure";
    w->act = mid ? AUDIT_ACT_UPDATE : AUDIT_ACT_CREATE;
    w->fields = "measure:type,legal_basis,owner,status,dates,steps";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- checklist --- */

static int task_fn(struct store *st, struct cw *w, struct err *e)
{
    int rc = store_case_update(st, STORE_CASE_TASK, &w->row, e);
    if (rc == 0 && w->n1_next) {
        const struct config *cfg = app_config(w->a);
        struct store_row r = w->row;
        r.c = case_add_months(signal_today(), cfg->case_necessity_review_months);
        r.d = 0;
        snprintf(r.code2, sizeof(r.code2), "open");
        r.doc = "{}";
        r.doc_len = 2;
        int64_t id = 0;
        rc = store_case_add(st, STORE_CASE_TASK, &r, NULL, &id, e);
    }
    return rc;
}

static int do_task(struct store *st, struct cw *w, int64_t tid, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"state", "reason", "owner_id", "due_date", "evidence",
                                       "note"};
    static const char *const ekeys[] = {"kind", "id", "text"};
    const struct actor *who = &w->rq->actor;
    const struct store_row *old = NULL;
    for (size_t i = 0; i < w->g->n[STORE_CASE_TASK]; i++)
        if (w->g->rows[STORE_CASE_TASK][i].id == tid)
            old = &w->g->rows[STORE_CASE_TASK][i];
    if (old == NULL || !policy_category_visible(who, "plan", &w->g->obj))
        return err_set(e, ERR_NOTFOUND, "Deze taak bestaat niet of u heeft er geen toegang toe.");
    struct str state, reason, note;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "state", false, 10, false, &state, e);
    in_text(in, NULL, "reason", false, ITEM_MAX, true, &reason, e);
    in_text(in, NULL, "note", false, ITEM_MAX, true, &note, e);
    int64_t owner = in_id(in, NULL, "owner_id", false, e);
    int64_t due = in_date(in, NULL, "due_date", false, e);
    const json_t *ev = in_obj(in, "evidence", false, ekeys, ARRAY_LEN(ekeys), e);
    const struct code *sc = state.p ? FIND(TASK_STATES, state) : NULL;
    if (state.p && !sc)
        err_field(e, "state", "kies open, done of nvt");
    if (sc && strcmp(sc->code, "nvt") == 0 && !reason.p)
        err_field(e, "reason", "is verplicht bij niet van toepassing");
    struct str ek, et;
    if (ev) {
        in_text(ev, "evidence", "kind", true, 20, false, &ek, e);
        in_text(ev, "evidence", "text", false, ITEM_MAX, true, &et, e);
        in_id(ev, "evidence", "id", false, e);
        if (ek.p && !FIND(EVIDENCE, ek))
            err_field(e, "evidence/kind", "kies decision, measure, document, meeting of text");
    }
    struct store_user u;
    if (owner && (in_ref_user(st, owner, &u, e) != 0 || u.status != STORE_USER_ACTIVE ||
                  !(u.org_id == w->g->c.municipality_id || id_in(w->g->parts, w->g->n_parts, u.org_id))))
        err_field(e, "owner_id", "een actieve medewerker van de gemeente of een deelnemende "
                                 "organisatie");
    struct policy_obj to = w->g->obj;
    to.subject_user_id = old->a;
    bool municipal = policy_check(who, "update", "checklist",
                                  &(struct policy_obj){.owner_org_id = w->g->c.municipality_id},
                                  NULL) == 0;
    if (!municipal && (owner || due))
        err_field(e, owner ? "owner_id" : "due_date", "alleen de gemeente wijst toe en plant");
    if (in_has_errors(e))
        return ERR_INVAL;
    if (policy_check(who, "update", "checklist", &to, NULL) != 0)
        return in_denied(e);
    json_t *doc = doc_parse(old->doc, old->doc_len);
    if (sc && strcmp(sc->code, "nvt") == 0)
        json_object_set_new(doc, "reason", json_stringn(reason.p, reason.n));
    if (ev)
        json_object_set_new(doc, "evidence", json_deep_copy(ev));
    if (note.p)
        json_object_set_new(doc, "note", json_stringn(note.p, note.n));
    w->row = *old;
    w->row.doc = NULL;
    w->row.by = who->user_id;
    if (owner) {
        w->row.a = owner;
        w->row.b = u.org_id;
    }
    if (due)
        w->row.c = due;
    if (sc) {
        snprintf(w->row.code2, sizeof(w->row.code2), "%s", sc->code);
        w->row.d = strcmp(sc->code, "open") == 0 ? 0 : signal_today();
        w->n1_next = strcmp(old->code, "N1") == 0 && strcmp(sc->code, "done") == 0 &&
                     strcmp(old->code2, "done") != 0;
    }
    w->doc = doc_dump(doc);
    if (w->doc == NULL)
        return ERR_NOMEM;
    w->row.doc = w->doc;
    w->row.doc_len = strlen(w->doc);
    w->fn = task_fn;
    w->object = "checklist";
    w->act = AUDIT_ACT_UPDATE;
    w->fields = "task:state,reason,owner,due,evidence";
    return 0;
}

/* --- assessments --- */

static int do_assessment(struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"instrument", "instrument_version", "date", "risk_factors",
                                       "protective_factors", "needs", "sources", "summary"};
    struct str inst, ver, sources, summary;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "instrument", true, 200, false, &inst, e);
    in_text(in, NULL, "instrument_version", false, 50, false, &ver, e);
    int64_t day = in_date(in, NULL, "date", true, e);
    if (day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    in_text(in, NULL, "sources", false, NOTE_MAX, true, &sources, e);
    in_text(in, NULL, "summary", false, NOTE_MAX, true, &summary, e);
    json_t *doc = json_pack("{s:s%, s:s%, s:o, s:o, s:o, s:s%, s:s%, s:I}", "instrument",
                            inst.p ? inst.p : "", inst.n, "instrument_version", ver.p ? ver.p : "",
                            ver.n, "risk_factors", text_list(in, "risk_factors", e),
                            "protective_factors", text_list(in, "protective_factors", e), "needs",
                            text_list(in, "needs", e), "sources", sources.p ? sources.p : "",
                            sources.n, "summary", summary.p ? summary.p : "", summary.n,
                            "assessor_id", (json_int_t)w->rq->actor.user_id);
    if (in_has_errors(e)) {
        json_decref(doc);
        return ERR_INVAL;
    }
    if (!may(&w->rq->actor, w->g, "create", "assessment")) {
        json_decref(doc);
        return in_denied(e);
    }
    w->kind = STORE_CASE_ASSESSMENT;
    w->row.b = day;
    w->doc = doc_dump(doc);
    w->fn = add_fn;
    w->object = "assessment";
    w->act = AUDIT_ACT_CREATE;
    w->fields = "assessment:instrument,risk,protective,needs";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- family support --- */

static int family_fn(struct store *st, struct cw *w, struct err *e)
{
    int64_t pid = 0;
    int rc = store_person_create(st, w->g->c.group_id, &w->relative, &pid, e);
    w->row.a = pid;
    return rc ? rc : add_fn(st, w, e);
}

static int do_family(struct store *st, struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"relative", "supporter", "needs", "bereavement"};
    static const char *const rkeys[] = {"name", "relation", "birth_date"};
    static const char *const skeys[] = {"kind", "user_id", "org_id"};
    static const char *const nkeys[] = {"practical", "emotional", "care"};
    static const char *const bkeys[] = {"news_by", "aftercare", "civil_procedure_info_date"};
    struct str name, relation, bd, kind, p1, p2, p3, b1, b2;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    const json_t *rel = in_obj(in, "relative", true, rkeys, ARRAY_LEN(rkeys), e);
    const json_t *sup = in_obj(in, "supporter", true, skeys, ARRAY_LEN(skeys), e);
    const json_t *needs = in_obj(in, "needs", false, nkeys, ARRAY_LEN(nkeys), e);
    const json_t *ber = in_obj(in, "bereavement", false, bkeys, ARRAY_LEN(bkeys), e);
    in_text(rel, "relative", "name", rel != NULL, 200, false, &name, e);
    in_text(rel, "relative", "relation", rel != NULL, 100, false, &relation, e);
    in_text(rel, "relative", "birth_date", false, 10, false, &bd, e);
    in_text(sup, "supporter", "kind", sup != NULL, 20, false, &kind, e);
    int64_t suser = in_id(sup, "supporter", "user_id", false, e);
    int64_t sorg = in_id(sup, "supporter", "org_id", false, e);
    in_text(needs, "needs", "practical", false, ITEM_MAX, true, &p1, e);
    in_text(needs, "needs", "emotional", false, ITEM_MAX, true, &p2, e);
    in_text(needs, "needs", "care", false, ITEM_MAX, true, &p3, e);
    in_text(ber, "bereavement", "news_by", false, LINE_MAX_, false, &b1, e);
    in_text(ber, "bereavement", "aftercare", false, ITEM_MAX, true, &b2, e);
    int64_t civil = in_date(ber, "bereavement", "civil_procedure_info_date", false, e);
    int64_t bdd = 0;
    if (bd.p && (clock_parse_date(bd.p, bd.n, &bdd) != 0 || bdd > signal_today()))
        err_field(e, "relative/birth_date", "geen geldige geboortedatum (JJJJ-MM-DD)");
    const struct code *kc = kind.p ? FIND(SUPPORTERS, kind) : NULL;
    if (kind.p && !kc)
        err_field(e, "supporter/kind", "kies dossierhouder, wijkagent of organisatie");
    struct store_user u;
    struct store_org o;
    if (suser && (in_ref_user(st, suser, &u, e) != 0 || u.status != STORE_USER_ACTIVE))
        err_field(e, "supporter/user_id", "onbekend of niet actief account");
    if (sorg && (in_ref_org(st, sorg, &o, e) != 0 || !org_covenant_ok(&o)))
        err_field(e, "supporter/org_id", "onbekende organisatie of zonder geldig convenant");
    if (kc && strcmp(kc->code, "organisatie") == 0 && !sorg)
        err_field(e, "supporter/org_id", "is verplicht bij een organisatie");
    if (in_has_errors(e) || kc == NULL) /* kc: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    if (!may(&w->rq->actor, w->g, "create", "family"))
        return in_denied(e);
    w->relative = (struct store_person_in){.name = name, .birth_date = bd.p ? bd : STR_NULL};
    w->kind = STORE_CASE_FAMILY;
    w->row.b = suser;
    w->row.c = sorg;
    snprintf(w->row.code, sizeof(w->row.code), "%s", kc->code);
    w->doc = doc_dump(json_pack("{s:s%, s:{s:s%, s:s%, s:s%}, s:{s:s%, s:s%, s:o}}", "relation",
                            relation.p, relation.n, "needs", "practical", p1.p ? p1.p : "", p1.n,
                            "emotional", p2.p ? p2.p : "", p2.n, "care", p3.p ? p3.p : "", p3.n,
                            "bereavement", "news_by", b1.p ? b1.p : "", b1.n, "aftercare",
                            b2.p ? b2.p : "", b2.n, "civil_procedure_info_date",
                            json_day(civil)));
    w->fn = family_fn;
    w->object = "family";
    w->act = AUDIT_ACT_CREATE;
    w->fields = "family:relative,relation,supporter,needs,bereavement";
    return w->doc ? 0 : ERR_NOMEM;
}

static int do_contact(struct cw *w, int64_t fid, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"date", "channel", "note"};
    bool found = false;
    for (size_t i = 0; i < w->g->n[STORE_CASE_FAMILY]; i++)
        found = found || w->g->rows[STORE_CASE_FAMILY][i].id == fid;
    if (!found || !policy_category_visible(&w->rq->actor, "network", &w->g->obj))
        return err_set(e, ERR_NOTFOUND, "Deze familieondersteuning bestaat niet of u heeft er "
                                        "geen toegang toe.");
    struct str channel, note;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    int64_t day = in_date(in, NULL, "date", true, e);
    in_text(in, NULL, "channel", true, 40, false, &channel, e);
    in_text(in, NULL, "note", false, LINE_MAX_, true, &note, e);
    if (day > signal_today())
        err_field(e, "date", "ligt in de toekomst");
    if (in_has_errors(e))
        return ERR_INVAL;
    if (!may(&w->rq->actor, w->g, "update", "family"))
        return in_denied(e);
    w->kind = STORE_CASE_CONTACT;
    w->row.item_id = fid;
    w->row.a = day;
    w->doc = doc_dump(json_pack("{s:s%, s:s%}", "channel", channel.p, channel.n, "note",
                            note.p ? note.p : "", note.n));
    w->fn = add_fn;
    w->object = "family";
    w->act = AUDIT_ACT_UPDATE;
    w->fields = "family:contact";
    return w->doc ? 0 : ERR_NOMEM;
}

/* --- communication line --- */

/* Does text contain name (case-insensitive, ASCII folding), or any of its words of 4+ bytes? */
static bool mentions(struct str text, const char *name)
{
    char word[128];
    size_t wn = 0;
    for (const char *p = name;; p++) {
        if (*p && *p != ' ' && *p != '-' && wn < sizeof(word) - 1) {
            word[wn++] = *p;
            continue;
        }
        word[wn] = '\0';
        if (wn >= 4)
            for (size_t i = 0; i + wn <= text.n; i++)
                if (strncasecmp(text.p + i, word, wn) == 0)
                    return true;
        wn = 0;
        if (!*p)
            break;
    }
    return false;
}

static int do_comm(struct store *st, struct cw *w, const json_t *in, struct err *e)
{
    static const char *const keys[] = {"owner", "key_messages", "audience", "decided_date",
                                       "meeting_decision_id", "accept_warnings"};
    struct str owner, msgs, audience;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "owner", true, 20, false, &owner, e);
    in_text(in, NULL, "key_messages", true, NOTE_MAX, true, &msgs, e);
    in_text(in, NULL, "audience", true, LINE_MAX_, false, &audience, e);
    int64_t day = in_date(in, NULL, "decided_date", false, e);
    int64_t md = in_id(in, NULL, "meeting_decision_id", false, e);
    bool accept = in_bool(in, NULL, "accept_warnings", false, NULL, e);
    const struct code *oc = owner.p ? FIND(COMM_OWNERS, owner) : NULL;
    if (owner.p && !oc)
        err_field(e, "owner", "kies om of gemeente (REQ-CASE-05)");
    if (day > signal_today())
        err_field(e, "decided_date", "ligt in de toekomst");
    if (in_has_errors(e) || oc == NULL) /* oc: also when e is NULL (gcc -fanalyzer) */
        return ERR_INVAL;
    if (!may(&w->rq->actor, w->g, "create", "communication"))
        return in_denied(e);
    /* The check: no names of persons in the case, no numbers (factsheet C6). */
    json_t *warnings = json_array();
    bool digit = false;
    for (size_t i = 0; i < msgs.n && !digit; i++)
        digit = msgs.p[i] >= '0' && msgs.p[i] <= '9';
    if (digit)
        json_array_append_new(warnings, json_string("bevat een getal"));
    bool named = false;
    int64_t persons[MAX_PERSONS];
    size_t np = 0;
    for (size_t i = 0; i < w->g->n_persons && np < MAX_PERSONS; i++)
        persons[np++] = w->g->persons[i];
    for (size_t i = 0; i < w->g->n[STORE_CASE_FAMILY] && np < MAX_PERSONS; i++)
        persons[np++] = w->g->rows[STORE_CASE_FAMILY][i].a;
    for (size_t i = 0; i < np && !named; i++) {
        struct store_person p;
        if (store_person_get(st, persons[i], &p, NULL) != 0)
            continue;
        named = p.name[0] && mentions(msgs, p.name);
        store_person_wipe(&p);
    }
    if (named)
        json_array_append_new(warnings, json_string("bevat een naam van een persoon in de casus"));
    if (json_array_size(warnings) && !accept) {
        json_decref(warnings);
        err_field(e, "key_messages", "%s%s; noem geen namen of aantallen, of bevestig met "
                  "accept_warnings",
                  digit ? "bevat een getal" : "", named ? (digit ? " en een naam uit de casus"
                                                                 : "bevat een naam uit de casus")
                                                        : "");
        return ERR_INVAL;
    }
    w->kind = STORE_CASE_COMM;
    w->row.b = day ? day : signal_today();
    snprintf(w->row.code, sizeof(w->row.code), "%s", oc->code);
    w->doc = doc_dump(json_pack("{s:s%, s:s%, s:o, s:o}", "key_messages", msgs.p, msgs.n, "audience",
                            audience.p, audience.n, "warnings", warnings, "meeting_decision_id",
                            md ? json_integer(md) : json_null()));
    w->fn = add_fn;
    w->object = "communication";
    w->act = AUDIT_ACT_CREATE;
    w->fields = "communication:owner,key_messages,audience";
    return w->doc ? 0 : ERR_NOMEM;
}

int app_case_write(struct app *a, const struct alog_req *rq, int64_t id, const char *what,
                   int64_t sub, const json_t *in, json_t **out, struct err *e)
{
    static const struct {
        const char *what, *action, *object;
    } KEYS[] = {
        {"transitions", "update", "case"},   {"flags", "update", "case"},
        {"participants", "update", "case"},  {"plans", "create", "plan"},
        {"measures", "create", "measure"},   {"measure", "update", "measure"},
        {"task", "update", "checklist"},     {"assessments", "create", "assessment"},
        {"family-support", "create", "family"}, {"contact", "update", "family"},
        {"communication-line", "create", "communication"},
    };
    struct store *st = NULL;
    struct cs g;
    *out = NULL;
    size_t k = 0;
    while (k < ARRAY_LEN(KEYS) && strcmp(KEYS[k].what, what) != 0)
        k++;
    if (k == ARRAY_LEN(KEYS))
        return err_internal(e, ERR_INVAL, "case write: unknown %s", what);
    /* transitions may also be a close; the use-case checks the exact action */
    if (policy_scope(&rq->actor, KEYS[k].action, KEYS[k].object) == 0 &&
        !(strcmp(what, "transitions") == 0 && policy_scope(&rq->actor, "close", "case") != 0))
        return in_denied(e);
    int rc = cs_open(a, &rq->actor, id, NULL, NULL, CS_ALL, false, &st, &g, e);
    if (rc != 0)
        return rc;
    struct cw w = {.a = a, .st = st, .rq = rq, .g = &g, .case_id = id};
    if (strcmp(what, "transitions") == 0)
        rc = do_transition(&w, in, e);
    else if (strcmp(what, "flags") == 0)
        rc = do_flag(st, &w, in, e);
    else if (strcmp(what, "participants") == 0)
        rc = do_participant(st, &w, in, e);
    else if (strcmp(what, "plans") == 0)
        rc = do_plan(st, &w, in, e);
    else if (strcmp(what, "measures") == 0)
        rc = do_measure(st, &w, 0, in, e);
    else if (strcmp(what, "measure") == 0)
        rc = do_measure(st, &w, sub, in, e);
    else if (strcmp(what, "task") == 0)
        rc = do_task(st, &w, sub, in, e);
    else if (strcmp(what, "assessments") == 0)
        rc = do_assessment(&w, in, e);
    else if (strcmp(what, "family-support") == 0)
        rc = do_family(st, &w, in, e);
    else if (strcmp(what, "contact") == 0)
        rc = do_contact(&w, sub, in, e);
    else
        rc = do_comm(st, &w, in, e);
    if (rc == 0 && strcmp(g.c.state, "afgesloten") == 0 && strcmp(what, "transitions") != 0 &&
        strcmp(what, "task") != 0)
        rc = in_conflict(e, NULL, "De casus is afgesloten: heropen hem eerst.");
    if (rc == 0)
        rc = cexec(&w, out, e);
    else
        doc_free(w.doc);
    cs_release(&g);
    return rc;
}

/* ---- the admission hook and the work list ----------------------------------------------------- */

int app_case_admitted(struct app *a, struct store *st, int64_t case_id, int64_t by,
                      struct err *e)
{
    struct alog_req rq = {.actor = {.user_id = by}};
    struct cs g;
    int rc = cs_load(st, case_id, false, &g, e);
    if (rc != 0)
        return rc;
    struct cw w = {.a = a, .st = st, .rq = &rq, .g = &g, .case_id = case_id};
    rc = activate(st, &w, NULL, NULL, 0, e);
    /* A subject under 18 makes the case a minor's case (domain.md 3.4: derived from the date of
     * birth): the flag and its checklist (K1: the Raad voor de Kinderbescherming). */
    bool minor = false;
    for (size_t i = 0; rc == 0 && i < g.n_persons && !minor; i++) {
        struct store_person p;
        int64_t bd = 0;
        if (store_person_get(st, g.persons[i], &p, NULL) != 0)
            continue;
        minor = !p.organisation && p.birth_date[0] &&
                clock_parse_date(p.birth_date, 10, &bd) == 0 &&
                case_add_months(bd, 18 * 12) > signal_today();
        store_person_wipe(&p);
    }
    if (rc == 0 && minor) {
        int fi = flag_index("minderjarig");
        rc = store_case_set_flags(st, case_id, g.c.flags | (INT64_C(1) << fi), e);
        if (rc == 0)
            rc = event(st, &w, "flag", "minderjarig", true, signal_today(),
                       json_pack("{s:s}", "rationale",
                                 "Afgeleid uit de geboortedatum: betrokkene is jonger dan 18."),
                       e);
        if (rc == 0)
            rc = activate(st, &w, "minderjarig", "minderjarig", 0, e);
    }
    int64_t orgs[MAX_PARTS];
    size_t n = 0;
    if (rc == 0)
        rc = store_signal_participant_orgs(st, g.c.signal_id, orgs, MAX_PARTS, &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct store_row r = {.meeting_id = case_id, .group_id = g.c.group_id, .a = orgs[i],
                              .by = by, .doc = "{\"reason\":\"deelnemer aan de melding of de "
                                               "weging\"}"};
        r.doc_len = strlen(r.doc);
        snprintf(r.code, sizeof(r.code), "core");
        int64_t pid = 0;
        rc = store_case_add(st, STORE_CASE_PARTICIPANT, &r, NULL, &pid, e);
        if (rc == ERR_CONFLICT) {
            err_clear(e);
            rc = 0;
        }
    }
    /* Hook (issue 10, docs/informing.md): open informing records per subject and the I1 task. */
    if (rc == 0)
        rc = app_informing_admitted(a, st, case_id, by, e);
    cs_release(&g);
    return rc;
}

/* The JSON of one work-list row (task_json's shape for a task, plus kind, escalated, case). */
static json_t *work_item_json(struct store *st, struct ref_memo *memo,
                              const struct store_work_item *it, int64_t today)
{
    const struct store_row *r = &it->r;
    json_t *d = doc_parse(r->doc, r->doc_len);
    json_t *j = NULL;
    if (it->action) {
        j = json_pack("{s:s, s:I, s:O, s:o, s:b, s:s, s:I}", "kind", "action", "id",
                      (json_int_t)r->id, "title",
                      json_object_get(d, "description") ? json_object_get(d, "description")
                                                        : json_null(),
                      "due_date", json_day(r->c), "overdue", r->c > 0 && r->c < today, "state",
                      "open", "meeting_id", (json_int_t)r->meeting_id);
    } else {
        const struct tpl *tp = tpl_find(r->code);
        const char *title = json_string_value(json_object_get(d, "title"));
        j = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:s?, s:s, "
            "s:b, s:{s:I, s:s}}",
            "id", (json_int_t)r->id, "code", r->code, "title",
            title ? title : (tp ? tp->title : r->code), "group", tp ? tp->group : "", "state",
            r->code2, "state_label", LABEL(TASK_STATES, r->code2), "owner",
            ref_of(memo, st, r->a, false), "owner_org", ref_of(memo, st, r->b, true), "due_date",
            json_day(r->c), "overdue", strcmp(r->code2, "open") == 0 && r->c > 0 && r->c < today,
            "done_date", json_day(r->d), "reason", doc_get(d, "reason"), "evidence",
            doc_get(d, "evidence"), "note", doc_get(d, "note"), "activated_by_flag",
            r->code3[0] ? r->code3 : NULL, "kind", "task", "escalated", it->escalated, "case", "id",
            (json_int_t)r->meeting_id, "reference", it->reference);
    }
    json_decref(d);
    return j;
}

/* Adds the subjects of a case's signal to subj[0..*n) (distinct, at most cap): ERR_TOOBIG when
 * they do not fit (the record must name every one). */
static int page_subjects(struct app *a, struct store *st, int64_t signal_id, int64_t *seen,
                         uint8_t (*subj)[AUDIT_SUBJECT_BYTES], size_t cap, size_t *n, struct err *e)
{
    int64_t persons[16];
    size_t np = 0;
    int rc = store_signal_subjects(st, signal_id, persons, ARRAY_LEN(persons), &np, e);
    for (size_t k = 0; rc == 0 && k < np; k++) {
        if (id_in(seen, *n, persons[k]))
            continue;
        if (*n == cap)
            return err_set(e, ERR_TOOBIG,
                           "Te veel betrokkenen op één pagina: kies een kleiner "
                           "aantal per pagina (per_page).");
        seen[*n] = persons[k];
        alog_subject(a, "person", persons[k], subj[(*n)++]);
    }
    return rc;
}

/* One page of the work list; with_log false (the whole list for counting) builds no record. */
static int worklist_page(struct app *a, const struct alog_req *rq, int64_t page, int64_t per,
                         bool with_log, json_t **out, int64_t *out_total,
                         struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    uint32_t scope = policy_scope(who, "list", "task");
    if (scope == 0)
        return in_denied(e);
    /* A chair also sees every overdue task of the own municipality (REQ-CASE-04 escalation).
     * Tasks are shown of the cases the caller may read, chosen in SQL under the read policy's
     * conditions and checked again per row. */
    bool chair = (who->roles & POLICY_ROLE_VOORZITTER) && (scope & POLICY_COND_OWN_ORG);
    uint32_t read = policy_scope(who, "read", "case");
    struct store_work_q q = {
        .owner_id = who->user_id,
        .escalate_municipality_id = chair ? who->org_id : 0,
        .today = signal_today(),
        .all = (read & POLICY_COND_ANY) != 0,
        .municipality_id = (read & POLICY_COND_OWN_ORG) ? who->org_id : 0,
        .participant_org_id = (read & POLICY_COND_PARTICIPANT) ? who->org_id : 0,
        .limit = per,
        .offset = (page - 1) * per,
    };
    struct store_work_item *ws = calloc((size_t)per, sizeof(*ws));
    struct ref_memo *memo = calloc(1, sizeof(*memo));
    int64_t seen[ALOG_MAX_SUBJECTS]; /* 8 KB; the first ns are set */
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] =
        with_log ? calloc(ALOG_MAX_SUBJECTS, sizeof(*subj)) : NULL;
    int64_t done_cases[LIST_PER_PAGE_MAX];
    size_t n = 0, ns = 0, nc = 0;
    json_t *items = json_array();
    int rc =
        ws && memo && items && (!with_log || subj) ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_worklist_page(st, &q, ws, (size_t)per, &n, out_total, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct store_work_item *it = &ws[i];
        if (!it->action) {
            struct policy_obj obj = {.owner_org_id = it->case_municipality_id,
                                     .participant_org_ids = &who->org_id,
                                     .n_participants = it->participant ? 1 : 0};
            if (policy_check(who, "read", "case", &obj, NULL) != 0)
                continue;
            /* The subjects of each case on the page, once per case. */
            if (with_log && !id_in(done_cases, nc, it->r.meeting_id) &&
                nc < ARRAY_LEN(done_cases)) {
                done_cases[nc++] = it->r.meeting_id;
                rc = page_subjects(a, st, it->signal_id, seen, subj, ALOG_MAX_SUBJECTS, &ns, e);
            }
        }
        json_t *j = rc == 0 ? work_item_json(st, memo, it, q.today) : NULL;
        if (rc == 0 && (j == NULL || json_array_append_new(items, j) != 0))
            rc = ERR_NOMEM;
    }
    store_work_items_release(ws, n);
    free(ws);
    ref_memo_free(memo);
    free(memo);
    if (rc == 0 && with_log) {
        /* One record naming the data subjects of this page's tasks (none for actions). */
        struct alog_ev ev = {.action = AUDIT_ACT_READ,
                             .object_type = "checklist",
                             .object_id = "",
                             .categories = AUDIT_CAT_PLAN,
                             .fields = "worklist:tasks,actions",
                             .subject_type = ns ? "person" : NULL,
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                             .n_subjects = ns};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (subj != NULL) { /* not free(NULL): gcc 12 -fanalyzer takes it for a double free */
        crypto_wipe(subj, ALOG_MAX_SUBJECTS * sizeof(*subj));
        free(subj);
    }
    if (rc == 0)
        *out = items;
    else
        json_decref(items);
    return rc;
}

int app_worklist_page(struct app *a, const struct alog_req *rq, int64_t page, int64_t per_page,
                      json_t **out, struct alog_pending **out_log, struct err *e)
{
    json_t *items = NULL;
    int64_t total = 0;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(&rq->actor, "list", "task") == 0)
        return in_denied(e);
    if (page_check(&page, &per_page, e) != 0)
        return ERR_INVAL;
    int rc = worklist_page(a, rq, page, per_page, true, &items, &total, out_log, e);
    if (rc == 0) {
        *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                         (json_int_t)page, "per_page", (json_int_t)per_page);
        rc = *out ? 0 : ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    return rc;
}

int app_worklist(struct app *a, const struct alog_req *rq, json_t **out,
                 struct alog_pending **out_log, struct err *e)
{
    json_t *all = json_array();
    int64_t total = 0;
    int rc = all ? 0 : ERR_NOMEM;
    *out = NULL;
    *out_log = NULL;
    /* Page by page, the same statements as the paged route, in the largest pages the store
     * takes (each page counts and sorts the whole list again); bounded by WORKLIST_ALL_MAX rows.
     * Due first: when the list is longer, what is cut off is the end without a due date. */
    for (int64_t page = 1; rc == 0 && (page - 1) * WORKLIST_ALL_PAGE < WORKLIST_ALL_MAX; page++) {
        json_t *items = NULL;
        rc = worklist_page(a, rq, page, WORKLIST_ALL_PAGE, false, &items, &total, NULL, e);
        if (rc != 0)
            break;
        if (json_array_extend(all, items) != 0)
            rc = ERR_NOMEM;
        json_decref(items);
        if (page * WORKLIST_ALL_PAGE >= total)
            break;
    }
    if (rc == 0) {
        *out = json_pack("{s:o, s:I}", "items", all, "total", (json_int_t)total);
        all = NULL;
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(all);
    return rc;
}

/* ---- documents of a case or a measure (app/document.c) -----------------------------------------
 */

int app_case_may(struct store *st, const struct actor *who, const char *kind, int64_t id,
                 bool write, struct app_item_access *out, struct err *e)
{
    struct cs g;
    struct store_row m;
    int64_t case_id = id;
    bool measure = strcmp(kind, "measure") == 0;
    memset(out, 0, sizeof(*out));
    memset(&m, 0, sizeof(m));
    int rc = measure ? store_case_row(st, STORE_CASE_MEASURE, id, &m, e) : 0;
    if (rc == 0 && measure)
        case_id = m.meeting_id;
    if (rc == 0)
        rc = cs_load(st, case_id, false, &g, e);
    if (rc != 0) {
        store_row_release(&m);
        err_clear(e);
        return err_set(e, ERR_NOTFOUND, "Dit bestaat niet of u heeft er geen toegang toe.");
    }
    bool see = policy_check(who, "read", "case", &g.obj, NULL) == 0 &&
               (!measure || measure_visible(who, &g, &m));
    struct policy_obj mo = measure ? measure_obj(who, &g, &m) : g.obj;
    bool may_write = measure ? policy_check(who, "update", "measure", &mo, NULL) == 0
                             : policy_check(who, "update", "case", &g.obj, NULL) == 0;
    if (!see)
        rc = err_set(e, ERR_NOTFOUND, "Dit bestaat niet of u heeft er geen toegang toe.");
    else if (write && !may_write)
        rc = in_denied(e);
    if (rc == 0) {
        bool owned = measure && (strcmp(m.code3, "police") == 0 || strcmp(m.code3, "care") == 0);
        out->group_id = g.c.group_id;
        out->municipality_id = g.c.municipality_id;
        /* The documents of a police or care measure follow the measure: its organisation only. */
        out->designated = owned && who->org_id == m.a;
        for (size_t i = 0; !owned && i < g.n_parts && i < APP_ITEM_ACCESS_PARTS; i++)
            out->parts[out->n_parts++] = g.parts[i];
        for (size_t i = 0; i < g.n_persons && i < APP_ITEM_ACCESS_PERSONS; i++)
            out->persons[out->n_persons++] = g.persons[i];
    }
    store_row_release(&m);
    cs_release(&g);
    return rc;
}

/* ---- break-glass (app/breakglass.c, issue 10) ------------------------------------------------ */

static int case_access(struct store *st, const struct actor *who, int64_t id, unsigned kinds,
                       struct store_case *row, struct app_case_bg *out, struct err *e)
{
    struct cs g;
    memset(out, 0, sizeof(*out));
    int rc = cs_load_kinds(st, id, kinds, &g, e); /* no events: only who may read it */
    if (rc != 0)
        return rc;
    out->readable = policy_check(who, "read", "case", &g.obj, NULL) == 0;
    out->municipality_id = g.c.municipality_id;
    out->casusregisseur_id = g.c.casusregisseur_id;
    out->group_id = g.c.group_id;
    for (size_t i = 0; i < g.n_persons && i < ARRAY_LEN(out->persons); i++)
        out->persons[out->n_persons++] = g.persons[i];
    if (row != NULL)
        *row = g.c;
    cs_release(&g);
    return 0;
}

int app_case_breakglass_info(struct store *st, const struct actor *who, int64_t id,
                             struct app_case_bg *out, struct err *e)
{
    return case_access(st, who, id, CS_ACCESS, NULL, out, e);
}

int app_case_gate(struct store *st, const struct actor *who, int64_t id, struct store_case *row,
                  struct app_case_bg *out, struct err *e)
{
    return case_access(st, who, id, CS_GATE, row, out, e);
}
