/* demo_scale.c: the synthetic region loader (`regie demo --scale N`, issue 11): on top of the demo
 * region, N times a base unit of fictional data so that benchmarks and searches run on a region
 * of realistic size. Per unit of N: 10,000 signals (spread over the three demo municipalities, in
 * realistic states, one subject each drawn from 1,000 fictional identities), 200 admitted cases
 * (with checklist, measures, plans in every phase, and a network of 10 persons and 25 relations),
 * 50 casusoverleg meetings with 4 case items each, and 100,000 access-log records in all.
 *
 * Everything goes through the real write paths: signals, persons, word index and network rows
 * through the store repositories (sealed under a fresh data-key group per signal, blind indexes,
 * keyed word tokens), admissions, case phases and meetings through the use-cases as the demo
 * accounts, and every access-log record through alog_tx (hash chain, Merkle tree, a signed
 * checkpoint every audit_checkpoint_records records), so `regie audit verify` checks the result.
 * Bulk rows are committed 5,000 signals (or 10,000 log records) per transaction; the connection
 * runs with synchronous=OFF during the load and is checkpointed and synced at the end
 * (store_bulk_mode): a crash mid-load leaves a half-loaded demo data dir, to be thrown away.
 *
 * Names are made up from syllables ("Anouk Oefenhoven"), deterministic from the seed; no BSNs
 * are generated. Nothing personal is logged: progress lines carry counts and rates only. */
#include "core/common.h"

#include <time.h>

#include "app/access_log.h"
#include "app/case.h"
#include "app/demo.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "store/bulk.h"
#include "store/case.h"
#include "store/meeting.h"
#include "store/signal.h"
#include "store/store.h"
#include "store/user.h"

#define PER_N_IDENTITIES 1000
#define PER_N_SIGNALS 10000
#define PER_N_CASES 200
#define PER_N_MEETINGS 50
#define PER_N_LOG 100000
#define NET_PERSONS 10   /* per case, the subject included */
#define NET_RELATIONS 25 /* per case */
#define ITEMS_PER_MEETING 4
#define SIGNAL_TX 5000
#define LOG_TX 10000
#define SCALE_WORD "trainingsschema" /* in about 1 of 100 signals: the text-search handle */

/* ---- deterministic fictional identities --------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static const char *const FIRST[] = {
    "Anouk", "Bas", "Cas", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Isa", "Jesse",
    "Kiki", "Lars", "Mila", "Noah", "Olaf", "Puck", "Quinn", "Roos", "Sem", "Tess",
    "Uma", "Vince", "Wout", "Xander", "Yara", "Zoë", "Amir", "Bilal", "Dewi", "Elif",
    "Farah", "Hamza", "Ilias", "Jamila", "Kenza", "Lina", "Mees", "Nora", "Owen", "Rayan",
};
static const char *const PRE[] = {"Oefen", "Proef", "Voorbeeld", "Schets", "Model",
                                  "Fictie", "Ontwerp", "Toets"};
static const char *const POST[] = {"hoven", "berg", "dijk", "kamp", "veld",
                                   "huis", "meer", "broek", "zand", "laar"};

struct ident {
    char name[64];
    char dob[11];
};

static void identity(uint64_t seed, int64_t i, struct ident *out)
{
    uint64_t h = mix(seed ^ mix((uint64_t)i));
    snprintf(out->name, sizeof(out->name), "%s %s%s", FIRST[h % ARRAY_LEN(FIRST)],
             PRE[(h >> 8) % ARRAY_LEN(PRE)], POST[(h >> 16) % ARRAY_LEN(POST)]);
    /* born 1971..2011 (kept so that regions loaded before stay comparable); day 1..28 keeps
     * every date valid */
    snprintf(out->dob, sizeof(out->dob), "%04d-%02d-%02d", 1971 + (int)((h >> 24) % 41),
             1 + (int)((h >> 32) % 12), 1 + (int)((h >> 40) % 28));
}

static const char *const OBSERVED[] = {
    "Fictief: leerling deelt in de klas filmpjes die geweld verheerlijken.",
    "Fictief: moeder maakt zich zorgen over nieuwe online contacten van haar zoon.",
    "Fictief: jongerenwerker hoort uitspraken over uitreizen naar een conflictgebied.",
    "Fictief: buurtbewoner ziet folders van een extremistische groep in de portiek.",
    "Fictief: sportclub meldt dat een lid anderen onder druk zet om mee te gaan naar bijeenkomsten.",
    "Fictief: docent merkt dat een student zich afzondert en de rechtsstaat afwijst.",
    "Fictief: wijkagent ziet een groepje jongeren met symbolen van een verboden organisatie.",
    "Fictief: werkgever meldt dreigende berichten van een medewerker op sociale media.",
};

/* ---- the access log: one alog_tx per checkpoint interval inside a bulk transaction ---------- */

struct logger {
    struct app *a;
    struct store *st;
    struct alog_tx tx;
    bool open;
    int64_t in_cycle, every, total;
    char **notes; /* checkpoint notes made in the open store transaction */
    size_t n_notes, cap_notes;
};

static int lg_begin(struct logger *lg, struct err *e)
{
    int rc = alog_tx_begin(lg->a, lg->st, &lg->tx, e);
    lg->open = rc == 0;
    lg->in_cycle = 0;
    return rc;
}

/* Ends the current cycle (head, and the checkpoint when due), keeping its note for the witness. */
static int lg_end(struct logger *lg, struct err *e)
{
    if (!lg->open)
        return 0;
    lg->open = false;
    int rc = alog_tx_end(&lg->tx, e);
    if (rc == 0 && lg->tx.note != NULL) {
        if (lg->n_notes == lg->cap_notes) {
            size_t cap = lg->cap_notes ? lg->cap_notes * 2 : 16;
            char **nn = realloc(lg->notes, cap * sizeof(*nn));
            if (nn == NULL)
                rc = ERR_NOMEM;
            else {
                lg->notes = nn;
                lg->cap_notes = cap;
            }
        }
        if (rc == 0) {
            lg->notes[lg->n_notes++] = lg->tx.note;
            lg->tx.note = NULL;
        }
    }
    alog_tx_abort(&lg->tx);
    return rc;
}

static int lg_add(struct logger *lg, const struct alog_req *rq, const struct alog_ev *ev,
                  struct err *e)
{
    int rc = lg->open ? 0 : lg_begin(lg, e);
    if (rc == 0)
        rc = alog_tx_add(&lg->tx, rq, ev, e);
    if (rc == 0) {
        int64_t n = ev->n_subjects ? (int64_t)ev->n_subjects : 1;
        lg->in_cycle += n;
        lg->total += n;
        if (lg->in_cycle >= lg->every)
            rc = lg_end(lg, e);
    }
    return rc;
}

/* After the store commit: the checkpoints go to the witness file. */
static void lg_committed(struct logger *lg)
{
    for (size_t i = 0; i < lg->n_notes; i++) {
        struct alog_tx t;
        memset(&t, 0, sizeof(t));
        t.app = lg->a;
        t.note = lg->notes[i];
        alog_tx_after_commit(&t); /* frees the note */
    }
    lg->n_notes = 0;
}

static void lg_rolled_back(struct logger *lg)
{
    if (lg->open)
        alog_tx_abort(&lg->tx);
    lg->open = false;
    for (size_t i = 0; i < lg->n_notes; i++)
        free(lg->notes[i]);
    lg->n_notes = 0;
}

static int tx_begin(struct logger *lg, struct err *e)
{
    return store_tx_begin(lg->st, e);
}

static int tx_commit(struct logger *lg, struct err *e)
{
    int rc = lg_end(lg, e);
    if (rc == 0)
        rc = store_tx_commit(lg->st, e);
    if (rc != 0) {
        (void)store_tx_rollback(lg->st, NULL);
        lg_rolled_back(lg);
        return rc;
    }
    lg_committed(lg);
    return 0;
}

/* ---- the loader ---------------------------------------------------------------------------- */

struct loader {
    struct app *a;
    struct store *st;
    const struct demo_scale_opts *o;
    struct logger lg;
    struct demo_ids ids;
    struct alog_req rq[DEMO_AS_COUNT];
    int64_t muni[3];          /* Voorbeeldstad, Proefdorp, Oefenveen */
    int64_t body_casus;       /* Casusoverleg Voorbeeldstad */
    int64_t n_sig;            /* bulk signals made */
    int64_t *sig_ids, *sig_persons;
    int64_t *case_ids;        /* admitted cases; [0..n_cases_vbs) are Voorbeeldstad's */
    int64_t n_cases, n_cases_vbs;
    int64_t handle_signal;
    int64_t handle_case;
    bool handle_exec;
    struct ident handle_person;
    uint8_t (*toks)[CRYPTO_HASH_BYTES];
    size_t n_toks;
    int tok_rc;
    int64_t t0_ns;
    int64_t rows;             /* data rows written (not log records) */
};

/* CPU seconds of the process: on a shared machine the wall clock says little. */
static double cpu_s(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(struct loader *L, const char *what, int64_t n, int64_t t_ns)
{
    if (L->o->progress == NULL)
        return;
    char line[200];
    double s = (double)(clock_mono_ns() - t_ns) / 1e9;
    snprintf(line, sizeof(line), "demo scale: %" PRId64 " %s, %.1f s wall (%.0f/s), process CPU %.1f s",
             n, what, s, s > 0 ? (double)n / s : 0.0, cpu_s());
    L->o->progress(L->o->progress_ctx, line);
}

static const char *const DEMO_USERS[DEMO_AS_COUNT] = {
    [DEMO_AS_DOSSIERHOUDER] = "dossierhouder", [DEMO_AS_DOSSIERHOUDER2] = "dossierhouder2",
    [DEMO_AS_BURGEMEESTER] = "burgemeester",   [DEMO_AS_PARTNER] = "partner",
    [DEMO_AS_OM] = "om",                       [DEMO_AS_RVDK] = "rvdk",
    [DEMO_AS_MELDER] = "melder",               [DEMO_AS_VOORZITTER] = "voorzitter",
    [DEMO_AS_JEUGDZORG] = "jeugdzorg",
};

static int find_demo(struct loader *L, struct err *e)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < DEMO_AS_COUNT; i++) {
        struct store_user u;
        rc = store_user_get_by_username(L->st, str_from_cstr(DEMO_USERS[i]), &u, e);
        if (rc != 0) {
            err_clear(e);
            return err_set(e, ERR_CONFLICT, "maak eerst de demoregio (regie demo) in deze datamap");
        }
        L->ids.user[i] = u.id;
        L->ids.org[i] = u.org_id;
        L->ids.roles[i] = u.roles;
        crypto_wipe(&u, sizeof(u));
        struct actor act = {.user_id = L->ids.user[i], .org_id = L->ids.org[i],
                            .roles = L->ids.roles[i], .org_access_ok = true};
        alog_req_init(L->a, &L->rq[i], &act, "demo-scale", "127.0.0.1", NULL, NULL);
    }
    L->muni[0] = L->ids.org[DEMO_AS_DOSSIERHOUDER];
    L->muni[1] = L->ids.org[DEMO_AS_DOSSIERHOUDER2];
    struct store_region reg;
    struct store_org orgs[32];
    size_t n = 0;
    if (rc == 0)
        rc = store_region_get_by_name(L->st, STR_LIT("Regio Voorbeeld"), &reg, e);
    if (rc == 0)
        rc = store_org_list(L->st, reg.id, orgs, ARRAY_LEN(orgs), &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (orgs[i].kind == STORE_ORG_GEMEENTE && orgs[i].id != L->muni[0] &&
            orgs[i].id != L->muni[1])
            L->muni[2] = orgs[i].id;
    struct store_body bodies[32];
    if (rc == 0)
        rc = store_body_list(L->st, bodies, ARRAY_LEN(bodies), &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strcmp(bodies[i].kind, "casusoverleg") == 0 && bodies[i].municipality_id == L->muni[0])
            L->body_casus = bodies[i].id;
    if (rc == 0 && (L->muni[2] == 0 || L->body_casus == 0))
        rc = err_set(e, ERR_CONFLICT, "de demoregio is onvolledig; maak een nieuwe datamap");
    return rc;
}

static void tok_add(void *ctx, const char *w, size_t wn)
{
    struct loader *L = ctx;
    if (L->tok_rc != 0 || L->n_toks == 64)
        return;
    uint8_t h[CRYPTO_HASH_BYTES];
    L->tok_rc = crypto_blind_index(app_keys(L->a), "word", w, wn, h, NULL);
    if (L->tok_rc != 0)
        return;
    for (size_t i = 0; i < L->n_toks; i++)
        if (memcmp(L->toks[i], h, sizeof(h)) == 0)
            return;
    memcpy(L->toks[L->n_toks++], h, sizeof(h));
}

/* Realistic end states of the signal process, per mille (admissions are made separately). */
static const struct {
    const char *state;
    int permille;
} STATES[] = {
    {"ontvangen", 60},       {"geregistreerd", 90}, {"informatie_aanvullen", 70},
    {"weging", 50},          {"geen_zorg", 380},    {"verwezen_regulier", 280},
    {"herwegen", 60},        {"acuut_escalatie", 10},
};
static const char *const ROUTES[] = {"professional", "professional", "professional", "family",
                                     "community",    "citizen",      "police_om",    "other"};
static const char *const PHENOMENA[] = {"jihadisme", "rechts", "links", "overig"};

static const char *pick_state(uint64_t h)
{
    int r = (int)(h % 1000), acc = 0;
    for (size_t i = 0; i < ARRAY_LEN(STATES); i++) {
        acc += STATES[i].permille;
        if (r < acc)
            return STATES[i].state;
    }
    return "geen_zorg";
}

/* One bulk signal: signal row (own data-key group, sealed document), its subject (sealed, blind
 * indexes), the keyed word index of the observation, and its access-log record. */
static int one_signal(struct loader *L, int64_t k, struct err *e)
{
    uint64_t h = mix(L->o->seed ^ mix((uint64_t)k + 0x5151));
    int64_t who = (int64_t)(h % (uint64_t)(PER_N_IDENTITIES * L->o->scale));
    struct ident id;
    identity(L->o->seed, who, &id);
    int m = (int)((h >> 12) % 10);
    int mi = m < 5 ? 0 : m < 8 ? 1 : 2;
    enum demo_as as = mi == 1 ? DEMO_AS_DOSSIERHOUDER2 : DEMO_AS_DOSSIERHOUDER;
    int64_t today = signal_today();
    /* within the 12-month retention term of a signal without a case (docs/retention.md):
     * older ones would be destroyed by the first daily purge of the server */
    int64_t received = today - (int64_t)((h >> 20) % 330);
    const char *state = pick_state(h >> 32);
    char observed[300];
    snprintf(observed, sizeof(observed), "%s%s", OBSERVED[(h >> 44) % ARRAY_LEN(OBSERVED)],
             (h >> 52) % 100 == 0 ? " Er is een " SCALE_WORD " voor een training gevonden." : "");
    char doc[600];
    snprintf(doc, sizeof(doc),
             "{\"observed\":\"%s\",\"legal_ground\":\"\",\"acute\":{\"danger\":%s},"
             "\"reporter\":{\"name\":\"Fictieve Melder\",\"function\":\"mentor\",\"contact\":\"\"}}",
             observed, strcmp(state, "acuut_escalatie") == 0 ? "true" : "false");
    bool open = strcmp(state, "ontvangen") == 0 || strcmp(state, "geregistreerd") == 0 ||
                strcmp(state, "informatie_aanvullen") == 0 || strcmp(state, "weging") == 0;
    struct store_signal_in si = {
        .municipality_id = L->muni[mi],
        .route = ROUTES[(h >> 40) % ARRAY_LEN(ROUTES)],
        .state = state,
        .reporter_kind = "named",
        .submitter_id = L->ids.user[as],
        .received_day = received,
        .acute = strcmp(state, "acuut_escalatie") == 0,
        .phenomenon = PHENOMENA[(h >> 36) % ARRAY_LEN(PHENOMENA)],
        .due_day = open ? signal_add_workdays(received, 5, true) : 0,
        .doc = str_from_cstr(doc),
    };
    int64_t sid = 0, pid = 0;
    char ref[STORE_REF_MAX + 1];
    struct store_signal s;
    memset(&s, 0, sizeof(s));
    int rc = store_signal_create(L->st, &si, &sid, ref, NULL, e);
    if (rc == 0)
        rc = store_signal_get(L->st, sid, false, &s, e);
    struct store_person_in pin = {.name = str_from_cstr(id.name),
                                  .birth_date = str_from_cstr(id.dob)};
    if (rc == 0)
        rc = store_person_create(L->st, s.group_id, &pin, &pid, e);
    if (rc == 0)
        rc = store_signal_subject_add(L->st, sid, pid, 0, e);
    L->n_toks = 0;
    L->tok_rc = 0;
    signal_words(observed, strlen(observed), tok_add, L);
    if (rc == 0 && L->tok_rc != 0)
        rc = err_internal(e, ERR_CRYPTO, "word index");
    if (rc == 0)
        rc = store_signal_tokens_add(L->st, sid, 0, (const uint8_t(*)[CRYPTO_HASH_BYTES])L->toks,
                                     L->n_toks, e);
    store_signal_release(&s);
    if (rc != 0)
        return rc;
    L->sig_ids[L->n_sig] = sid;
    L->sig_persons[L->n_sig] = pid;
    L->n_sig++;
    L->rows += 3 + (int64_t)L->n_toks;
    if (L->handle_signal == 0 && mi == 0)
        L->handle_signal = sid;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(L->a, "person", pid, subj[0]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, sid);
    struct alog_ev ev = {.action = AUDIT_ACT_CREATE, .object_type = "signal", .object_id = oid,
                         .categories = AUDIT_CAT_IDENTIFICATION | AUDIT_CAT_SIGNAL,
                         .fields = "route,reporter,subjects,observed,phenomenon,legal_ground,acute",
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = 1};
    return lg_add(&L->lg, &L->rq[as], &ev, e);
}

static int load_signals(struct loader *L, int64_t n, struct err *e)
{
    int64_t t0 = clock_mono_ns();
    int rc = 0;
    for (int64_t k = 0; rc == 0 && k < n;) {
        rc = tx_begin(&L->lg, e);
        int64_t end = k + SIGNAL_TX < n ? k + SIGNAL_TX : n;
        for (; rc == 0 && k < end; k++)
            rc = one_signal(L, k, e);
        if (rc == 0)
            rc = tx_commit(&L->lg, e);
        else {
            (void)store_tx_rollback(L->st, NULL);
            lg_rolled_back(&L->lg);
        }
        if (rc == 0 && (k % 100000 == 0 || k == n))
            progress(L, "signals", k, t0);
    }
    return rc;
}

/* ---- cases through the use-cases ------------------------------------------------------------- */

static int cw(struct loader *L, enum demo_as as, int64_t case_id, const char *what, json_t *body,
              int64_t *created, struct err *e)
{
    json_t *out = NULL;
    if (body == NULL)
        return ERR_NOMEM;
    int rc = app_case_write(L->a, &L->rq[as], case_id, what, 0, body, &out, e);
    if (rc == 0 && created)
        *created = (int64_t)json_integer_value(json_object_get(out, "created_id"));
    json_decref(out);
    json_decref(body);
    return rc;
}

static int move(struct loader *L, enum demo_as as, int64_t c, const char *to, struct err *e)
{
    return cw(L, as, c, "transitions",
              json_pack("{s:s, s:s, s:s}", "to", to, "rationale",
                        "Fictief: besloten in het casusoverleg.", "decided_by", "casusoverleg"),
              NULL, e);
}

static int plan(struct loader *L, enum demo_as as, int64_t c, struct err *e)
{
    const struct demo_ids *d = &L->ids;
    int64_t m[3] = {0};
    char r[11];
    signal_fmt_day(signal_today() + 60, r);
    int rc = move(L, as, c, "beeldvorming", e);
    if (rc == 0)
        rc = cw(L, as, c, "measures",
                json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "type", "deradicalisering",
                          "owner_org_id", (json_int_t)d->org[as], "legal_basis",
                          "vrijwillig (toestemming)", "status", "running", "description",
                          "Fictief: exittraject bij een erkende aanbieder.", "decider",
                          "casusoverleg"),
                &m[0], e);
    if (rc == 0)
        rc = cw(L, as, c, "measures",
                json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "type", "strafrechtelijk_onderzoek",
                          "owner_org_id", (json_int_t)d->org[DEMO_AS_OM], "legal_basis",
                          "Sv (fictief)", "status", "running", "description",
                          "Fictief: OM onderzoekt een bedreiging.", "decider", "casusoverleg"),
                &m[1], e);
    if (rc == 0)
        rc = cw(L, as, c, "measures",
                json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "type", "paspoort_signalering",
                          "owner_org_id", (json_int_t)d->org[DEMO_AS_PARTNER], "legal_basis",
                          "Paspoortwet / RPS", "status", "imposed", "description",
                          "Fictief: signalering bij de grens.", "decider", "casusoverleg"),
                &m[2], e);
    if (rc == 0)
        rc = cw(L, as, c, "plans",
                json_pack("{s:[s, s], s:{s:b, s:s}, s:{s:b, s:s}, s:s, s:[I, I, I], s:s,"
                          " s:{s:s, s:s}}",
                          "goals", "Fictief: vertrek voorkomen", "Fictief: terug naar school",
                          "person_view", "heard", true, "what", "Fictief: wil met rust gelaten worden",
                          "family_view", "heard", true, "what", "Fictief: ouders maken zich zorgen",
                          "consent_approach", "Fictief: de casusregisseur vraagt toestemming.",
                          "measure_ids", (json_int_t)m[0], (json_int_t)m[1], (json_int_t)m[2],
                          "next_review_date", r, "adopt", "decided_by", "casusoverleg",
                          "rationale", "Fictief: het casusoverleg stelt het plan vast."),
                NULL, e);
    return rc;
}

/* A network of NET_PERSONS (the subject and nine others drawn from the identities) and
 * NET_RELATIONS relations, written through the store like app/network.c does, with one
 * access-log record per person and relation added. */
static int network(struct loader *L, enum demo_as as, int64_t case_id, int64_t k, struct err *e)
{
    static const char *const TYPES[] = {"parent", "sibling", "friend", "classmate",
                                        "online_contact", "key_figure"};
    struct store_case c;
    int64_t subjects[4];
    size_t ns = 0;
    int64_t p[NET_PERSONS] = {0};
    /* The subjects of the admitted signal are the network's first persons (app/network.c). */
    int rc = store_case_get(L->st, case_id, &c, e);
    if (rc == 0)
        rc = store_signal_subjects(L->st, c.signal_id, subjects, ARRAY_LEN(subjects), &ns, e);
    if (rc == 0 && ns == 0)
        rc = err_internal(e, ERR_DB, "case without subject");
    if (rc == 0)
        p[0] = subjects[0];
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, case_id);
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    struct alog_ev ev = {.action = AUDIT_ACT_CREATE, .object_type = "case", .object_id = oid,
                         .categories = AUDIT_CAT_NETWORK | AUDIT_CAT_IDENTIFICATION,
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = 1};
    for (int i = 1; rc == 0 && i < NET_PERSONS; i++) {
        struct ident id;
        uint64_t h = mix(L->o->seed ^ mix((uint64_t)(k * NET_PERSONS + i) + 0x7e7));
        identity(L->o->seed, (int64_t)(h % (uint64_t)(PER_N_IDENTITIES * L->o->scale)), &id);
        struct store_person_in pin = {.name = str_from_cstr(id.name),
                                      .birth_date = str_from_cstr(id.dob)};
        rc = store_person_create(L->st, c.group_id, &pin, &p[i], e);
        struct store_row r = {.meeting_id = case_id, .group_id = c.group_id, .a = p[i],
                              .d = L->ids.org[as], .by = L->ids.user[as], .doc = "{}",
                              .doc_len = 2};
        int64_t rid = 0;
        if (rc == 0)
            rc = store_case_add(L->st, STORE_CASE_NPERSON, &r, NULL, &rid, e);
        if (rc == 0) {
            alog_subject(L->a, "person", p[i], subj[0]);
            ev.fields = "network:person,source";
            rc = lg_add(&L->lg, &L->rq[as], &ev, e);
        }
        L->rows += 2;
    }
    char rdoc[64];
    snprintf(rdoc, sizeof(rdoc), "{\"source_org_id\":%" PRId64 ",\"note\":\"\"}",
             L->ids.org[as]);
    /* 25 distinct pairs of the 45: a star from the subject plus pairs walked in a fixed order */
    int made = 0;
    for (int i = 0; rc == 0 && i < NET_PERSONS && made < NET_RELATIONS; i++)
        for (int j = i + 1; rc == 0 && j < NET_PERSONS && made < NET_RELATIONS; j++) {
            if (i > 0 && ((i + j + k) % 3) == 0)
                continue;
            struct store_row r = {.meeting_id = case_id, .group_id = c.group_id, .a = p[i],
                                  .b = p[j], .by = L->ids.user[as], .doc = rdoc,
                                  .doc_len = strlen(rdoc)};
            snprintf(r.code, sizeof(r.code), "%s", TYPES[(i * 7 + j) % ARRAY_LEN(TYPES)]);
            snprintf(r.code2, sizeof(r.code2), "%s",
                     strcmp(r.code, "online_contact") == 0 ? "reported" : "confirmed");
            int64_t rid = 0;
            rc = store_case_add(L->st, STORE_CASE_NRELATION, &r, NULL, &rid, e);
            if (rc == 0) {
                alog_subject(L->a, "person", p[i], subj[0]);
                ev.fields = "network:relation,type,confidence,dates,source";
                rc = lg_add(&L->lg, &L->rq[as], &ev, e);
            }
            made++;
            L->rows++;
        }
    if (rc == 0 && made < NET_RELATIONS)
        rc = err_internal(e, ERR_DB, "network: too few pairs");
    return rc;
}

static int load_cases(struct loader *L, int64_t n, struct err *e)
{
    int64_t t0 = clock_mono_ns();
    int rc = 0;
    /* 70% Voorbeeldstad (the demo dossierhouder), 30% Proefdorp (dossierhouder2): first all of
     * Voorbeeldstad's, so case_ids[0..n_cases_vbs) are readable by "dossierhouder". */
    L->n_cases_vbs = n * 7 / 10;
    for (int64_t k = 0; rc == 0 && k < n; k++) {
        enum demo_as as = k < L->n_cases_vbs ? DEMO_AS_DOSSIERHOUDER : DEMO_AS_DOSSIERHOUDER2;
        uint64_t h = mix(L->o->seed ^ mix((uint64_t)k + 0xca5e));
        struct ident id;
        identity(L->o->seed, (int64_t)(h % (uint64_t)(PER_N_IDENTITIES * L->o->scale)), &id);
        int64_t case_id = 0;
        rc = app_demo_admit(L->a, &L->ids, as, id.name, id.dob,
                            "Fictief: zorgelijke uitingen gemeld door een professional.",
                            30 + (int64_t)(h % 300), &case_id, e);
        if (rc != 0)
            break;
        L->case_ids[k] = case_id;
        L->n_cases = k + 1;
        /* phases: 10% opgenomen, 15% beeldvorming, 20% plan_vastgesteld, 35% uitvoering,
         * 10% afgeschaald, 10% afgesloten */
        int ph = (int)((h >> 20) % 100);
        /* The benchmark's handle: an open Voorbeeldstad case in uitvoering (a closed case refuses
         * the purpose "casusoverleg"), else the first open one. */
        if (as == DEMO_AS_DOSSIERHOUDER && ph < 90 &&
            (L->handle_case == 0 || (!L->handle_exec && ph >= 45))) {
            L->handle_case = case_id;
            L->handle_exec = ph >= 45;
            L->handle_person = id;
        }
        if (ph >= 10 && ph < 25)
            rc = move(L, as, case_id, "beeldvorming", e);
        else if (ph >= 25)
            rc = plan(L, as, case_id, e);
        if (rc == 0 && ph >= 45 && ph < 90)
            rc = move(L, as, case_id, "uitvoering", e);
        if (rc == 0 && ph >= 80 && ph < 90)
            rc = move(L, as, case_id, "afgeschaald", e);
        if (rc == 0 && ph >= 90)
            rc = cw(L, as, case_id, "transitions",
                    json_pack("{s:s, s:s, s:s, s:{s:b, s:s}}", "to", "afgesloten", "rationale",
                              "Fictief: de risico's zijn voldoende verminderd.", "decided_by",
                              "casusoverleg", "closure", "subject_informed", true,
                              "informed_note", "Fictief: betrokkene is geïnformeerd."),
                    NULL, e);
        L->rows += 12;
        if (rc == 0 && ((k + 1) % 2000 == 0 || k + 1 == n))
            progress(L, "cases (use-cases)", k + 1, t0);
    }
    if (rc != 0)
        return rc;
    int64_t t1 = clock_mono_ns();
    for (int64_t k = 0; rc == 0 && k < n;) {
        rc = tx_begin(&L->lg, e);
        int64_t end = k + 200 < n ? k + 200 : n;
        for (; rc == 0 && k < end; k++)
            rc = network(L, k < L->n_cases_vbs ? DEMO_AS_DOSSIERHOUDER : DEMO_AS_DOSSIERHOUDER2,
                         L->case_ids[k], k, e);
        if (rc == 0)
            rc = tx_commit(&L->lg, e);
        else {
            (void)store_tx_rollback(L->st, NULL);
            lg_rolled_back(&L->lg);
        }
    }
    if (rc == 0)
        progress(L, "case networks", n, t1);
    return rc;
}

static int load_meetings(struct loader *L, int64_t n, struct err *e)
{
    int64_t t0 = clock_mono_ns();
    int rc = 0;
    int64_t next_case = 0;
    for (int64_t k = 0; rc == 0 && k < n; k++) {
        char d[11];
        signal_fmt_day(signal_today() - 350 + (k * 364) / (n > 0 ? n : 1), d);
        json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "body_id",
                               (json_int_t)L->body_casus, "date", d, "start_time", "10:00",
                               "location", "Stadskantoor Voorbeeldstad, kamer 3.14", "chair_id",
                               (json_int_t)L->ids.user[DEMO_AS_VOORZITTER], "secretary_id",
                               (json_int_t)L->ids.user[DEMO_AS_DOSSIERHOUDER]);
        json_t *out = NULL;
        rc = in ? app_meeting_create(L->a, &L->rq[DEMO_AS_DOSSIERHOUDER], in, &out, e) : ERR_NOMEM;
        int64_t mid = rc == 0 ? (int64_t)json_integer_value(json_object_get(out, "created_id")) : 0;
        json_decref(in);
        json_decref(out);
        L->rows++;
        for (int i = 0; rc == 0 && i < ITEMS_PER_MEETING && L->n_cases_vbs > 0; i++) {
            int64_t cid = L->case_ids[next_case++ % L->n_cases_vbs];
            in = json_pack("{s:s, s:I, s:s}", "kind", "case", "case_id", (json_int_t)cid,
                           "material", "Fictief: voortgang van het plan van aanpak.");
            out = NULL;
            rc = in ? app_meeting_add_item(L->a, &L->rq[DEMO_AS_DOSSIERHOUDER], mid, in, &out, e)
                    : ERR_NOMEM;
            json_decref(in);
            json_decref(out);
            L->rows++;
        }
    }
    if (rc == 0)
        progress(L, "meetings", n, t0);
    return rc;
}

/* The rest of the access log: what the users of such a region do all day (case and signal reads
 * by the case director, network views, known-person searches, list views), over the synthetic
 * objects, with the data subjects pseudonymised as the use-cases do. */
static int load_log(struct loader *L, int64_t target, struct err *e)
{
    int64_t t0 = clock_mono_ns();
    int64_t start = L->lg.total;
    int rc = 0;
    uint64_t k = 0;
    while (rc == 0 && L->lg.total < target) {
        rc = tx_begin(&L->lg, e);
        int64_t end = L->lg.total + LOG_TX < target ? L->lg.total + LOG_TX : target;
        while (rc == 0 && L->lg.total < end) {
            uint64_t h = mix(L->o->seed ^ mix(k++ + 0x106));
            uint8_t subj[1][AUDIT_SUBJECT_BYTES];
            char oid[24];
            struct alog_ev ev = {.action = AUDIT_ACT_READ, .subject_type = "person",
                                 .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                                 .n_subjects = 1};
            enum demo_as as = DEMO_AS_DOSSIERHOUDER;
            int kind = (int)(h % 100);
            if (kind < 45 && L->n_cases_vbs > 0) {
                int64_t c = (int64_t)((h >> 8) % (uint64_t)L->n_cases_vbs);
                snprintf(oid, sizeof(oid), "%" PRId64, L->case_ids[c]);
                alog_subject(L->a, "person", L->sig_persons[(h >> 30) % (uint64_t)L->n_sig], subj[0]);
                ev.object_type = "case";
                ev.categories = AUDIT_CAT_IDENTIFICATION | AUDIT_CAT_PLAN;
                ev.fields = (kind % 3) == 0 ? "network" : "overview,plan,measures";
                if ((kind % 3) == 0)
                    ev.categories |= AUDIT_CAT_NETWORK;
            } else if (kind < 90) {
                int64_t s = (int64_t)((h >> 8) % (uint64_t)L->n_sig);
                snprintf(oid, sizeof(oid), "%" PRId64, L->sig_ids[s]);
                alog_subject(L->a, "person", L->sig_persons[s], subj[0]);
                ev.object_type = "signal";
                ev.categories = AUDIT_CAT_IDENTIFICATION | AUDIT_CAT_SIGNAL;
                ev.fields = "route,reporter,subjects,observed,phenomenon";
            } else if (kind < 95) {
                int64_t s = (int64_t)((h >> 8) % (uint64_t)L->n_sig);
                snprintf(oid, sizeof(oid), "%s", "");
                alog_subject(L->a, "person", L->sig_persons[s], subj[0]);
                ev.action = AUDIT_ACT_SEARCH;
                ev.object_type = "person";
                ev.categories = AUDIT_CAT_IDENTIFICATION;
                ev.fields = "name,birth_date";
                ev.purpose = "bekende-persoon-controle";
            } else {
                snprintf(oid, sizeof(oid), "%s", "");
                ev.object_type = "signal";
                ev.fields = "reference,state,route,due_date";
                ev.n_subjects = 0;
                ev.subjects = NULL;
                as = (h >> 40) % 2 ? DEMO_AS_DOSSIERHOUDER : DEMO_AS_DOSSIERHOUDER2;
            }
            ev.object_id = oid;
            rc = lg_add(&L->lg, &L->rq[as], &ev, e);
        }
        if (rc == 0)
            rc = tx_commit(&L->lg, e);
        else {
            (void)store_tx_rollback(L->st, NULL);
            lg_rolled_back(&L->lg);
        }
        if (rc == 0 && ((L->lg.total - start) % 1000000 < LOG_TX || L->lg.total >= target))
            progress(L, "access-log records (filling)", L->lg.total - start, t0);
    }
    return rc;
}

static json_t *counts_json(const struct store_bulk_counts *c)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
                     " s:I}",
                     "persons", (json_int_t)c->persons, "signals", (json_int_t)c->signals,
                     "cases", (json_int_t)c->cases, "weighings", (json_int_t)c->weighings,
                     "plans", (json_int_t)c->plans, "measures", (json_int_t)c->measures,
                     "checklist_items", (json_int_t)c->tasks, "network_persons",
                     (json_int_t)c->network_persons, "relations", (json_int_t)c->relations,
                     "meetings", (json_int_t)c->meetings, "agenda_items",
                     (json_int_t)c->agenda_items, "word_tokens", (json_int_t)c->word_tokens,
                     "access_log_records", (json_int_t)c->audit_records, "checkpoints",
                     (json_int_t)c->checkpoints, "data_key_groups", (json_int_t)c->data_keys);
}

int app_demo_scale(struct app *a, const struct demo_scale_opts *o, json_t **out, struct err *e)
{
    struct loader L;
    struct store_bulk_counts before, after;
    int rc = 0;
    bool bulk = false;
    *out = NULL;
    memset(&L, 0, sizeof(L));
    if (o->scale < DEMO_SCALE_MIN || o->scale > DEMO_SCALE_MAX)
        return err_field(e, "scale", "kies een geheel getal van 1 tot en met 1000");
    L.a = a;
    L.o = o;
    L.t0_ns = clock_mono_ns();
    rc = app_store(a, &L.st, e);
    if (rc == 0)
        rc = find_demo(&L, e);
    if (rc == 0)
        rc = store_bulk_counts(L.st, &before, e);
    if (rc != 0)
        return rc;
    const struct config *cfg = app_config(a);
    L.lg.a = a;
    L.lg.st = L.st;
    L.lg.every = cfg->audit_checkpoint_records > 0 && cfg->audit_checkpoint_records <= LOG_TX
                     ? cfg->audit_checkpoint_records
                     : 1000;
    int64_t n_sig = PER_N_SIGNALS * o->scale, n_cases = PER_N_CASES * o->scale;
    L.sig_ids = calloc((size_t)n_sig, sizeof(int64_t));
    L.sig_persons = calloc((size_t)n_sig, sizeof(int64_t));
    L.case_ids = calloc((size_t)n_cases, sizeof(int64_t));
    L.toks = calloc(64, sizeof(*L.toks));
    if (!L.sig_ids || !L.sig_persons || !L.case_ids || !L.toks) {
        rc = ERR_NOMEM;
        goto out;
    }
    rc = store_bulk_mode(L.st, true, e);
    if (rc != 0)
        goto out;
    bulk = true;
    /* The admissions make a signal each: the bulk signals make up the rest of 10,000 per N. */
    rc = load_signals(&L, n_sig - n_cases, e);
    if (rc == 0)
        rc = load_cases(&L, n_cases, e);
    if (rc == 0)
        rc = load_meetings(&L, PER_N_MEETINGS * o->scale, e);
    /* Records so far: the bulk ones (L.lg.total) and the use-cases' own; fill up to the target. */
    int64_t logged = 0;
    if (rc == 0) {
        struct store_bulk_counts mid;
        rc = store_bulk_counts(L.st, &mid, e);
        logged = rc == 0 ? mid.audit_records - before.audit_records : 0;
    }
    if (rc == 0)
        rc = load_log(&L, L.lg.total + (PER_N_LOG * o->scale - logged), e);
    /* A last signed checkpoint, so that verify covers every record of the load. */
    uint64_t cp_size = 0;
    if (rc == 0)
        rc = alog_checkpoint_now(a, &cp_size, e);
    int64_t t_sync = clock_mono_ns();
    if (rc == 0) {
        bulk = false;
        rc = store_bulk_mode(L.st, false, e); /* FULL again, WAL checkpoint + sync */
    }
    if (rc == 0)
        progress(&L, "(checkpoint and sync)", 0, t_sync);
    if (rc == 0)
        rc = store_bulk_counts(L.st, &after, e);
    if (rc != 0)
        goto out;
    double secs = (double)(clock_mono_ns() - L.t0_ns) / 1e9;
    int64_t rows = L.rows + (after.audit_records - before.audit_records);
    if (o->progress) {
        char line[200];
        snprintf(line, sizeof(line),
                 "demo scale: done, N=%" PRId64 ": %" PRId64 " rows (%" PRId64
                 " access-log records) in %.1f s wall = %.0f rows/s; process CPU %.1f s",
                 o->scale, rows, after.audit_records - before.audit_records, secs,
                 secs > 0 ? (double)rows / secs : 0.0, cpu_s());
        o->progress(o->progress_ctx, line);
    }
    json_t *counts = counts_json(&after);
    *out = json_pack("{s:I, s:I, s:o, s:I, s:f, s:f, s:f, s:{s:I, s:s, s:I, s:s, s:s, s:s, s:I}}",
                     "scale", (json_int_t)o->scale, "seed", (json_int_t)(o->seed & INT64_MAX),
                     "counts", counts, "rows_written", (json_int_t)rows, "seconds", secs, "cpu_seconds", cpu_s(),
                     "rows_per_s", secs > 0 ? (double)rows / secs : 0.0, "handles", "case_id",
                     (json_int_t)L.handle_case, "case_user", "dossierhouder", "signal_id",
                     (json_int_t)L.handle_signal, "person_name", L.handle_person.name,
                     "person_birth_date", L.handle_person.dob, "word", SCALE_WORD,
                     "network_case_id", (json_int_t)L.handle_case);
    if (*out == NULL)
        rc = ERR_NOMEM;
out:
    if (bulk) {
        int r2 = store_bulk_mode(L.st, false, NULL);
        (void)r2;
    }
    lg_rolled_back(&L.lg);
    free(L.lg.notes);
    free(L.sig_ids);
    free(L.sig_persons);
    free(L.case_ids);
    free(L.toks);
    crypto_wipe(&L.handle_person, sizeof(L.handle_person));
    return rc;
}
