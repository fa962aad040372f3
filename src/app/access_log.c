/* access_log.c: building and appending access-log records; checkpoints and the witness copy. */
#include "core/common.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "app/access_log.h"
#include "app/writer.h"
#include "audit/checkpoint.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/rand.h"
#include "store/audit.h"
#include "store/store.h"

/* Register of processing activities (Art. 30 GDPR): the activity and legal basis of each object
 * type. The URIs are the municipality's register entries; the defaults name Regie's own. */
static const struct {
    const char *object;
    const char *activity;
    const char *basis;
} activities[] = {
    {"user", "regie:verwerking/accountbeheer", "avg-6-1-c"},
    {"session", "regie:verwerking/authenticatie", "avg-6-1-c"},
    {"person", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"case", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"signal", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"weighing", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"ambtsbericht", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"document", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"},
    {"audit_log", "regie:verwerking/toezicht-logging", "avg-6-1-c"},
    {"organisation", "regie:verwerking/partnerregister", "avg-6-1-e"},
    {"region", "regie:verwerking/partnerregister", "avg-6-1-e"},
    {"settings", "regie:verwerking/accountbeheer", "avg-6-1-c"},
    {"figures", "regie:verwerking/verantwoording-raad", "avg-6-1-e"},
    {"key_figure", "regie:verwerking/sleutelfiguren", "avg-6-1-e"},
    {"informing", "regie:verwerking/informeren-betrokkene", "avg-6-1-c"},
    {"dashboard", "regie:verwerking/evaluatie-aanpak", "avg-6-1-e"},
    {"retention", "regie:verwerking/bewaren-en-vernietigen", "avg-6-1-c"}, /* docs/retention.md */
    {"breach", "regie:verwerking/datalekregister", "avg-6-1-c"}, /* docs/breaches.md, art. 33(5) */
    {"inzage", "regie:verwerking/rechten-betrokkenen", "avg-6-1-c"}, /* docs/inzage.md, art. 15 */
    {"rights_request", "regie:verwerking/rechten-betrokkenen", "avg-6-1-c"}, /* docs/rights.md */
    {"reuse_basis", "regie:verwerking/persoonsgerichte-aanpak", "avg-6-1-e"}, /* docs/purpose.md */
};

static void role_names(uint32_t roles, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (uint32_t b = 0; b < POLICY_ROLE_COUNT; b++) {
        if (!(roles & (1u << b)))
            continue;
        int n = snprintf(out + len, cap - len, "%s%s", len ? "," : "", policy_role_name(1u << b));
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
}

void alog_req_init(struct app *a, struct alog_req *r, const struct actor *actor,
                   const char *request_id,
                   const char *client_addr, const uint8_t *session_hash, const char *traceparent)
{
    memset(r, 0, sizeof(*r));
    if (actor != NULL) {
        r->actor = *actor;
        role_names(actor->roles, r->role, sizeof(r->role));
    }
    (void)str_copy(r->request_id, sizeof(r->request_id), request_id);
    (void)str_copy(r->client_addr, sizeof(r->client_addr), client_addr);
    /* W3C traceparent "00-<32 hex trace>-<16 hex parent>-<2 hex flags>" from a partner system */
    bool have_trace = false;
    if (traceparent != NULL && strlen(traceparent) == 55 && traceparent[2] == '-' &&
        traceparent[35] == '-' && traceparent[52] == '-' &&
        hex_decode(traceparent + 3, 32, r->trace_id, sizeof(r->trace_id)) == 0 &&
        hex_decode(traceparent + 36, 16, r->parent_span_id, sizeof(r->parent_span_id)) == 0) {
        static const uint8_t zero[AUDIT_TRACE_ID_BYTES];
        have_trace = memcmp(r->trace_id, zero, sizeof(r->trace_id)) != 0;
    }
    if (!have_trace) {
        rand_id_bytes(r->trace_id, sizeof(r->trace_id));
        memset(r->parent_span_id, 0, sizeof(r->parent_span_id));
    }
    rand_id_bytes(r->span_id, sizeof(r->span_id));
    if (session_hash != NULL) {
        uint8_t h[32];
        if (crypto_blind_index(app_keys(a), "session_ref", session_hash, 32, h, NULL) == 0)
            hex_encode(h, 16, r->session_ref, sizeof(r->session_ref));
    }
}

void alog_subject(struct app *a, const char *kind, int64_t id, uint8_t out[AUDIT_SUBJECT_BYTES])
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%s:%" PRId64, kind, id);
    if (crypto_pseudonym(app_keys(a), buf, (size_t)n, out, NULL) != 0)
        memset(out, 0, AUDIT_SUBJECT_BYTES);
}

#ifdef REGIE_TEST_HOOKS
/* Test builds: REGIE_TEST_FAULT_FILE names a file; while it contains "audit", every record
 * append fails (to prove that requests then fail closed). */
static bool fault_audit(void)
{
    const char *path = getenv("REGIE_TEST_FAULT_FILE");
    if (path == NULL)
        return false;
    char buf[64] = {0};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    return n > 0 && strstr(buf, "audit") != NULL;
}
#else
static bool fault_audit(void)
{
    return false;
}
#endif

int alog_tx_begin(struct app *a, struct store *st, struct alog_tx *tx, struct err *e)
{
    struct store_audit_head h;
    memset(tx, 0, sizeof(*tx));
    tx->app = a;
    tx->st = st;
    int rc = store_audit_head_get(st, &tx->state, sizeof(tx->state), &h, e);
    if (rc != 0)
        return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    if (!h.found) {
        audit_state_init(&tx->state);
    } else if (h.state_n != sizeof(tx->state) || tx->state.fr.end != h.size ||
               !audit_state_valid(&tx->state)) {
        log_error("audit.head", "reason=state_mismatch size=%" PRIu64, h.size);
        return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    }
    tx->start_size = tx->state.fr.end;
    tx->dropped_below = h.dropped_below;
    tx->last_cp_size = h.last_checkpoint_size;
    tx->last_cp_at = h.last_checkpoint_at;
    return 0;
}

static const char *str_or(const char *s, const char *def)
{
    return (s != NULL && s[0] != '\0') ? s : def;
}

int alog_tx_add(struct alog_tx *tx, const struct alog_req *rq, const struct alog_ev *ev,
                struct err *e)
{
    const char *activity = "regie:verwerking/onbekend", *basis = "avg-6-1-e";
    for (size_t i = 0; i < ARRAY_LEN(activities); i++)
        if (strcmp(activities[i].object, ev->object_type) == 0) {
            activity = activities[i].activity;
            basis = activities[i].basis;
        }
    size_t n = ev->n_subjects ? ev->n_subjects : 1;
    if (ev->n_subjects > ALOG_MAX_SUBJECTS)
        return err_internal(e, ERR_UNAVAILABLE, "too many subjects in one event");
    int64_t now = clock_now_ms();
    /* The role names follow rq->actor: login and activation fill in the actor after
     * alog_req_init, so rq->role may be stale (empty) there. */
    char role[sizeof(rq->role)];
    role_names(rq->actor.roles, role, sizeof(role));
    for (size_t i = 0; i < n; i++) {
        struct audit_rec r;
        uint8_t buf[AUDIT_REC_MAX], leaf[AUDIT_HASH_BYTES], chain[AUDIT_HASH_BYTES];
        size_t len = 0;
        memset(&r, 0, sizeof(r));
        r.seq = tx->state.fr.end;
        r.ts_ms = now;
        r.action = ev->action;
        r.outcome = ev->outcome ? ev->outcome : AUDIT_OUT_OK;
        r.user_id = rq->actor.user_id;
        r.org_id = rq->actor.org_id;
        r.role = str_from_cstr(role);
        /* purpose binding (app/purpose.h): the request's purpose unless the event has its own */
        r.purpose = str_from_cstr(str_or(ev->purpose, rq->purpose));
        r.processing_activity = str_from_cstr(str_or(ev->processing_activity, activity));
        r.legal_basis = str_from_cstr(str_or(ev->legal_basis, str_or(rq->legal_basis, basis)));
        if (ev->n_subjects) {
            r.has_subject = true;
            memcpy(r.subject, ev->subjects[i], AUDIT_SUBJECT_BYTES);
            r.subject_id_type = str_from_cstr(
                str_or(ev->subject_types ? ev->subject_types[i] : ev->subject_type, "person"));
        }
        r.object_type = str_from_cstr(ev->object_type);
        r.object_id = str_from_cstr(str_or(ev->object_id, ""));
        r.categories = ev->categories;
        r.fields_touched = str_from_cstr(str_or(ev->fields, ""));
        r.request_id = str_from_cstr(rq->request_id);
        memcpy(r.trace_id, rq->trace_id, sizeof(r.trace_id));
        memcpy(r.span_id, rq->span_id, sizeof(r.span_id));
        memcpy(r.parent_span_id, rq->parent_span_id, sizeof(r.parent_span_id));
        r.client_addr = str_from_cstr(rq->client_addr);
        r.session_ref = str_from_cstr(rq->session_ref);
        r.authz_rule = str_from_cstr(str_or(ev->authz_rule, rq->authz_rule));
        rand_id_bytes(r.salt, sizeof(r.salt)); /* stored beside the record */
        int rc = fault_audit() ? ERR_IO : 0;
        /* cppcheck-suppress knownConditionTrueFalse ; fault_audit() is false without test hooks */
        if (rc == 0)
            rc = audit_state_append(&tx->state, &r, leaf, chain, e);
        if (rc == 0)
            rc = audit_rec_encode(&r, buf, sizeof(buf), &len, e);
        if (rc == 0) {
            struct store_audit_row row = {
                .seq = r.seq, .ts = r.ts_ms, .action = (int)r.action, .user_id = r.user_id,
                .org_id = r.org_id, .subject = r.has_subject ? r.subject : NULL,
                .object_type = r.object_type, .rec = buf, .rec_n = len, .salt = r.salt,
                .leaf = leaf, .chain = chain,
            };
            rc = store_audit_insert(tx->st, &row, e);
        }
        if (rc != 0) {
            log_error("audit.append", "req=%s code=%s", rq->request_id, err_code_name(rc));
            err_clear(e);
            return err_set(e, ERR_UNAVAILABLE,
                           "Het toegangslogboek kon niet worden bijgewerkt; er is niets "
                           "getoond of gewijzigd. Probeer het later opnieuw.");
        }
    }
    return 0;
}

int alog_tx_end(struct alog_tx *tx, struct err *e)
{
    const struct config *cfg = app_config(tx->app);
    int64_t now = clock_now_ms();
    uint64_t size = tx->state.fr.end;
    int rc = 0;
    bool due = size > (uint64_t)tx->last_cp_size &&
               (size - (uint64_t)tx->last_cp_size >= (uint64_t)cfg->audit_checkpoint_records ||
                now - tx->last_cp_at >= cfg->audit_checkpoint_s * 1000);
    if (due && app_signer(tx->app) != NULL) {
        uint8_t root[AUDIT_HASH_BYTES];
        size_t n = 0;
        audit_state_root(&tx->state, root);
        tx->note = malloc(AUDIT_NOTE_MAX);
        if (tx->note == NULL)
            return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        rc = audit_checkpoint_sign(app_signer(tx->app), size, root, tx->note, AUDIT_NOTE_MAX, &n, e);
        if (rc == 0)
            rc = store_audit_checkpoint_add(tx->st, size, now, (struct str){tx->note, n}, e);
        if (rc != 0)
            return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        tx->last_cp_size = (int64_t)size;
        tx->last_cp_at = now;
    }
    if (size == tx->start_size && tx->note == NULL)
        return 0;
    struct store_audit_head h = {
        .found = true, .size = size, .dropped_below = tx->dropped_below,
        .last_checkpoint_size = tx->last_cp_size, .last_checkpoint_at = tx->last_cp_at,
    };
    rc = store_audit_head_put(tx->st, &h, &tx->state, sizeof(tx->state), e);
    if (rc != 0)
        return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    return 0;
}

void alog_tx_after_commit(struct alog_tx *tx)
{
    const struct config *cfg = app_config(tx->app);
    if (tx->note != NULL && cfg->audit_witness[0] != '\0') {
        /* The witness file receives every checkpoint, appended; it should live on storage the
         * server cannot rewrite (another host, a write-once share). */
        int fd = open(cfg->audit_witness, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        size_t n = strlen(tx->note);
        bool ok = fd >= 0 && write(fd, tx->note, n) == (ssize_t)n && write(fd, "\n", 1) == 1 &&
                  fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
        if (!ok)
            log_error("audit.witness", "reason=write_failed");
    }
    free(tx->note);
    tx->note = NULL;
}

void alog_tx_abort(struct alog_tx *tx)
{
    free(tx->note);
    tx->note = NULL;
}

/* alog_run through the writer thread (config write_batching): the caller's job joins the
 * writer's next batch, runs in its own savepoint there and the caller waits until that batch
 * committed (or failed). fn gets the caller's err, so field errors (422) reach the client as
 * before. The wait is a flag under a mutex: the writer sets it and signals while holding the
 * mutex, so the wake-up cannot be lost and the waiter may free the struct once it saw the flag. */
struct alog_wait {
    struct writer_job job;
    alog_fn fn;
    void *ctx;
    struct err *e;    /* the caller's, written by fn on the writer thread while the caller waits */
    int fn_rc;
    bool fn_ran;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
    int rc;
};

static int wait_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct alog_wait *w = ctx;
    (void)e;
    w->fn_ran = true;
    w->fn_rc = w->fn(st, tx, w->ctx, w->e);
    return w->fn_rc;
}

static void wait_done(void *ctx, int rc, const struct err *e)
{
    struct alog_wait *w = ctx;
    if (rc != 0 && !(w->fn_ran && w->fn_rc != 0) && w->e != NULL) {
        /* fn succeeded (or never ran) but the batch failed: the batch's error stands */
        err_clear(w->e);
        if (e != NULL && e->code != 0)
            *w->e = *e;
        else
            err_set(w->e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    }
    pthread_mutex_lock(&w->mu);
    w->rc = (w->fn_ran && w->fn_rc != 0) ? w->fn_rc : rc;
    w->done = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static int run_on_writer(struct writer *wr, alog_fn fn, void *ctx, bool log_only, struct err *e)
{
    struct alog_wait w;
    memset(&w, 0, sizeof(w));
    w.fn = fn;
    w.ctx = ctx;
    w.e = e;
    w.job.run = wait_run;
    w.job.done = wait_done;
    w.job.ctx = &w;
    w.job.log_only = log_only;
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    writer_submit(wr, &w.job);
    pthread_mutex_lock(&w.mu);
    while (!w.done)
        pthread_cond_wait(&w.cv, &w.mu);
    pthread_mutex_unlock(&w.mu);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    return w.rc;
}

static int write_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e);

int alog_run(struct app *a, alog_fn fn, void *ctx, struct err *e)
{
    /* With the server's writer thread: group commit. Without one (CLI, tests) or on the writer
     * thread itself: one transaction of our own on this thread's connection. */
    struct writer *wr = app_writer(a);
    if (wr != NULL && app_config(a)->write_batching && !writer_on_thread(wr)) {
        int rc = run_on_writer(wr, fn, ctx, fn == write_fn, e);
        if (fn != write_fn) /* before the answer, committed or not: no later read sees an */
            app_data_changed(a); /* older cached view (viewcache.h) */
        /* committed on the writer's connection: what this request reads next must see it */
        app_read_scope_yield(a);
        return rc;
    }
    struct store *st = NULL;
    struct alog_tx tx;
    memset(&tx, 0, sizeof(tx));
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_tx_begin(st, e);
    if (rc != 0)
        return rc;
    rc = alog_tx_begin(a, st, &tx, e);
    if (rc == 0)
        rc = fn(st, &tx, ctx, e);
    if (rc == 0)
        rc = alog_tx_end(&tx, e);
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc != 0) {
        int r2 = store_tx_rollback(st, NULL);
        (void)r2;
        alog_tx_abort(&tx);
        return rc;
    }
    alog_tx_after_commit(&tx);
    if (fn != write_fn)
        app_data_changed(a);
    return 0;
}

struct write_ctx {
    const struct alog_req *rq;
    const struct alog_ev *ev;
};

static int write_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    (void)st;
    struct write_ctx *w = ctx;
    return alog_tx_add(tx, w->rq, w->ev, e);
}

int alog_write(struct app *a, const struct alog_req *rq, const struct alog_ev *ev, struct err *e)
{
    struct write_ctx w = {rq, ev};
    int rc = alog_run(a, write_fn, &w, e);
    if (rc != 0 && rc != ERR_UNAVAILABLE) {
        err_clear(e);
        rc = err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
    }
    return rc;
}

static int force_checkpoint_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    (void)st;
    (void)e;
    tx->last_cp_at = 0; /* due now, whenever the log grew since the last checkpoint */
    *(uint64_t *)ctx = tx->state.fr.end;
    return 0;
}

int alog_checkpoint_now(struct app *a, uint64_t *out_size, struct err *e)
{
    *out_size = 0;
    return alog_run(a, force_checkpoint_fn, out_size, e);
}

struct alog_pending {
    struct writer_job job;
    struct app *app;
    struct alog_req rq;
    struct alog_ev ev;
    char object_type[32];
    char object_id[64];
    char fields[128];
    char subject_type[16];
    void (*done)(void *ctx, int rc, const struct err *e);
    void *done_ctx;
    size_t n_subjects;
    uint8_t subjects[][AUDIT_SUBJECT_BYTES];
};

int alog_pending_new(struct app *a, const struct alog_req *rq, const struct alog_ev *ev,
                     struct alog_pending **out, struct err *e)
{
    *out = NULL;
    if (ev->n_subjects > ALOG_MAX_SUBJECTS)
        return err_internal(e, ERR_INVAL, "too many subjects");
    size_t types = ev->subject_types ? ev->n_subjects * sizeof(ev->subject_types[0]) : 0;
    struct alog_pending *p =
        calloc(1, sizeof(*p) + ev->n_subjects * sizeof(p->subjects[0]) + types);
    if (p == NULL)
        return ERR_NOMEM;
    p->app = a;
    p->rq = *rq;
    p->ev = *ev;
    (void)str_copy(p->object_type, sizeof(p->object_type), ev->object_type);
    (void)str_copy(p->object_id, sizeof(p->object_id), ev->object_id);
    (void)str_copy(p->fields, sizeof(p->fields), ev->fields);
    (void)str_copy(p->subject_type, sizeof(p->subject_type), ev->subject_type);
    p->ev.object_type = p->object_type;
    p->ev.object_id = p->object_id;
    p->ev.fields = p->fields;
    p->ev.subject_type = p->subject_type;
    /* purpose, activity, basis and rule point at static strings or are unset for reads */
    p->n_subjects = ev->n_subjects;
    if (ev->n_subjects)
        memcpy(p->subjects, ev->subjects, ev->n_subjects * sizeof(p->subjects[0]));
    p->ev.subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])p->subjects;
    if (types) { /* after the subjects: the pointers (to string literals) */
        const char **t = (const char **)(void *)(p->subjects + ev->n_subjects);
        memcpy(t, ev->subject_types, types);
        p->ev.subject_types = t;
    }
    *out = p;
    return 0;
}

static int pending_run(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    (void)st;
    struct alog_pending *p = ctx;
    return alog_tx_add(tx, &p->rq, &p->ev, e);
}

static void pending_done(void *ctx, int rc, const struct err *e)
{
    struct alog_pending *p = ctx;
    p->done(p->done_ctx, rc, e);
    free(p);
}

void alog_pending_submit(struct alog_pending *p,
                         void (*done)(void *ctx, int rc, const struct err *e), void *ctx)
{
    p->done = done;
    p->done_ctx = ctx;
    p->job.run = pending_run;
    p->job.done = pending_done;
    p->job.ctx = p;
    p->job.log_only = true;
    struct writer *w = app_writer(p->app);
    if (w != NULL) {
        writer_submit(w, &p->job);
        return;
    }
    struct err e;
    err_clear(&e);
    int rc = alog_write(p->app, &p->rq, &p->ev, &e);
    pending_done(p, rc, &e);
}

void alog_pending_free(struct alog_pending *p)
{
    free(p);
}
