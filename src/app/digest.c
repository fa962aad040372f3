/* digest.c: the daily e-mail digest (see app/digest.h): the own-account settings, the counts
 * (through the work-list, signal-list and key-figure use-cases and the overleg repositories, so
 * no query is written twice), the Dutch text, the daily job and its background thread. */
#include "core/common.h"

#include <pthread.h>
#include <time.h>

#include "app/case.h"
#include "app/digest.h"
#include "app/input.h"
#include "app/keyfigure.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/rand.h"
#include "core/smtp.h"
#include "policy/policy.h"
#include "store/digest.h"
#include "store/meeting.h"
#include "store/store.h"
#include "store/user.h"

#define MEETINGS_MAX 500
#define INVITATIONS_MAX 500
#define MEMBERS_MAX 200

/* ---- the settings ---------------------------------------------------------------------------- */

static int check_self(const struct alog_req *rq, const char *action, struct err *e)
{
    struct policy_obj obj = {.subject_user_id = rq->actor.user_id};
    if (policy_check(&rq->actor, action, "user", &obj, NULL) != 0)
        return in_denied(e);
    return 0;
}

static void user_ev(struct app *a, int64_t user_id, enum audit_action act, const char *fields,
                    const char *purpose, uint8_t subj[1][AUDIT_SUBJECT_BYTES], char oid[24],
                    struct alog_ev *ev)
{
    alog_subject(a, "user", user_id, subj[0]);
    snprintf(oid, 24, "%" PRId64, user_id);
    *ev = (struct alog_ev){.action = act,
                           .object_type = "user",
                           .object_id = oid,
                           .fields = fields,
                           .purpose = purpose,
                           .subject_type = "user",
                           .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                           .n_subjects = 1};
}

static json_t *settings_json(struct app *a, const struct store_digest *d)
{
    const struct config *cfg = app_config(a);
    return json_pack("{s:b, s:s?, s:o, s:b, s:I}", "enabled", d->enabled, "email",
                     d->has_email ? d->email : NULL, "last_sent_date", json_day(d->last_sent_day),
                     "available", cfg->smtp_relay[0] != '\0', "hour", (json_int_t)cfg->digest_hour);
}

int app_digest_get(struct app *a, const struct alog_req *rq, json_t **out,
                   struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_digest d;
    *out = NULL;
    *out_log = NULL;
    memset(&d, 0, sizeof(d));
    int rc = check_self(rq, "read", e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0) {
        struct err ne;
        err_clear(&ne);
        rc = store_digest_get(st, rq->actor.user_id, &d, &ne);
        if (rc == ERR_NOTFOUND)
            rc = 0; /* never saved: off, no address */
        else if (rc != 0 && e != NULL)
            *e = ne;
    }
    if (rc == 0) {
        uint8_t subj[1][AUDIT_SUBJECT_BYTES];
        char oid[24];
        struct alog_ev ev;
        user_ev(a, rq->actor.user_id, AUDIT_ACT_READ, "digest_enabled,digest_email", NULL, subj,
                oid, &ev);
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = settings_json(a, &d);
        if (*out == NULL) {
            alog_pending_free(*out_log);
            *out_log = NULL;
            rc = ERR_NOMEM;
        }
    }
    crypto_wipe(&d, sizeof(d));
    return rc;
}

struct put_tx {
    struct app *a;
    const struct alog_req *rq;
    bool enabled;
    struct str email;
};

static int put_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct put_tx *p = ctx;
    int rc = store_digest_set(st, p->rq->actor.user_id, p->enabled, p->email, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    char oid[24];
    struct alog_ev ev;
    user_ev(p->a, p->rq->actor.user_id, AUDIT_ACT_UPDATE, "digest_enabled,digest_email", NULL, subj,
            oid, &ev);
    return alog_tx_add(tx, p->rq, &ev, e);
}

int app_digest_put(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                   struct err *e)
{
    static const char *const keys[] = {"enabled", "email"};
    struct str email = STR_NULL;
    *out = NULL;
    int rc = check_self(rq, "update", e);
    if (rc != 0)
        return rc;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    bool enabled = in_bool(in, NULL, "enabled", true, NULL, e);
    const json_t *ev = json_object_get(in, "email");
    if (ev != NULL && !json_is_null(ev) && !json_is_string(ev))
        err_field(e, "email", "moet tekst zijn");
    else if (ev != NULL && json_string_length(ev) > STORE_DIGEST_EMAIL_MAX)
        err_field(e, "email", "hoogstens %d tekens", STORE_DIGEST_EMAIL_MAX);
    else if (ev != NULL && json_is_string(ev) && json_string_length(ev) > 0) {
        email = (struct str){json_string_value(ev), json_string_length(ev)};
        if (memchr(email.p, '\0', email.n) != NULL || !smtp_addr_ok(email.p, email.n))
            err_field(e, "email",
                      "geen geldig e-mailadres (zoals naam@gemeente.nl, zonder "
                      "spaties)");
    }
    if (!in_has_errors(e) && enabled && email.n == 0)
        err_field(e, "email", "vul een e-mailadres in om de samenvatting aan te zetten");
    if (in_has_errors(e))
        return ERR_INVAL;
    struct put_tx p = {a, rq, enabled, email};
    rc = alog_run(a, put_fn, &p, e);
    if (rc != 0)
        return rc;
    struct store *st = NULL;
    struct store_digest d;
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_digest_get(st, rq->actor.user_id, &d, e);
    if (rc == 0) {
        *out = settings_json(a, &d);
        rc = *out ? 0 : ERR_NOMEM;
    }
    crypto_wipe(&d, sizeof(d));
    return rc;
}

/* ---- the counts ------------------------------------------------------------------------------ */

static void day_of_json(const json_t *v, int64_t *out)
{
    const char *s = json_string_value(v);
    *out = 0;
    if (s == NULL || clock_parse_date(s, strlen(s), out) != 0)
        *out = 0;
}

static int count_worklist(struct app *a, const struct alog_req *rq, int64_t day,
                          struct digest_counts *c, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    struct err we;
    err_clear(&we);
    int rc = app_worklist(a, rq, &j, &log, &we);
    /* Only the counts leave: app_digest_run writes the one record of the digest instead. */
    alog_pending_free(log);
    if (rc == ERR_FORBIDDEN)
        return 0;
    if (rc != 0) {
        if (e != NULL)
            *e = we;
        return rc;
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
        if (json_is_true(json_object_get(it, "escalated")))
            continue; /* a chair's view of others' tasks: not the user's own */
        int64_t due;
        day_of_json(json_object_get(it, "due_date"), &due);
        if (due > 0 && due < day)
            c->overdue++;
        else if (due == day)
            c->due_today++;
    }
    json_decref(j);
    return 0;
}

static int count_meetings(struct app *a, const struct actor *who, int64_t day,
                          struct digest_counts *c, struct err *e)
{
    if (policy_scope(who, "list", "meeting") == 0)
        return 0;
    struct store *st = NULL;
    struct store_meeting *ms = calloc(MEETINGS_MAX, sizeof(*ms));
    struct store_row *inv = calloc(INVITATIONS_MAX, sizeof(*inv));
    int64_t members[MEMBERS_MAX];
    size_t n = 0, ni = 0, nm = 0;
    int rc = ms && inv ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_meeting_list(st, 0, day + 1, day + 1, ms, MEETINGS_MAX, &n, e);
    if (rc == 0)
        rc = store_invitations_of_user(st, who->user_id, day + 1, inv, INVITATIONS_MAX, &ni, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool mine = ms[i].chair_id == who->user_id || ms[i].secretary_id == who->user_id;
        for (size_t k = 0; !mine && k < ni; k++)
            mine = inv[k].meeting_id == ms[i].id;
        if (!mine) {
            rc = store_body_members(st, ms[i].body_id, members, MEMBERS_MAX, &nm, e);
            mine = rc == 0 && id_in(members, nm, who->user_id);
        }
        if (mine)
            c->meetings_tomorrow++;
    }
    for (size_t i = 0; ms && i < n; i++)
        store_meeting_release(&ms[i]);
    if (inv)
        store_rows_release(inv, ni);
    free(ms);
    free(inv);
    return rc;
}

static int count_signals(struct app *a, const struct alog_req *rq, struct digest_counts *c,
                         struct err *e)
{
    static const char *const states[] = {"weging", "herwegen"};
    for (size_t i = 0; i < ARRAY_LEN(states); i++) {
        json_t *j = NULL;
        struct alog_pending *log = NULL;
        struct signal_query q = {.state = states[i], .page = 1, .per_page = 1};
        struct err se;
        err_clear(&se);
        int rc = app_signal_list(a, rq, &q, &j, &log, &se);
        alog_pending_free(log);
        if (rc == ERR_FORBIDDEN)
            return 0;
        if (rc != 0) {
            if (e != NULL)
                *e = se;
            return rc;
        }
        c->signals_waiting += json_integer_value(json_object_get(j, "total"));
        json_decref(j);
    }
    return 0;
}

/* The user as an actor, the way the session layer builds one. */
static int actor_of(struct app *a, int64_t user_id, struct actor *out, bool *active, struct err *e)
{
    struct store *st = NULL;
    struct store_user u;
    struct store_org org;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, user_id, &u, e);
    if (rc == 0)
        rc = store_org_get(st, u.org_id, &org, e);
    if (rc != 0)
        return rc;
    *out = (struct actor){.user_id = u.id,
                          .org_id = u.org_id,
                          .roles = u.roles,
                          .org_access_ok = org_covenant_ok(&org)};
    *active = u.status == STORE_USER_ACTIVE;
    return 0;
}

int app_digest_counts(struct app *a, int64_t user_id, int64_t day, struct digest_counts *out,
                      struct err *e)
{
    struct actor who;
    struct alog_req rq;
    bool active = false;
    memset(out, 0, sizeof(*out));
    int rc = actor_of(a, user_id, &who, &active, e);
    if (rc != 0 || !active)
        return rc;
    alog_req_init(a, &rq, &who, "digest", "local", NULL, NULL);
    rc = count_worklist(a, &rq, day, out, e);
    if (rc == 0)
        rc = count_meetings(a, &who, day, out, e);
    bool steering = (who.roles & (POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_VOORZITTER)) != 0;
    if (rc == 0 && steering)
        rc = count_signals(a, &rq, out, e);
    if (rc == 0 && steering) {
        int64_t n = 0;
        struct err ke;
        err_clear(&ke);
        int krc = app_keyfigure_overdue_count(a, &who, who.org_id, &n, &ke);
        if (krc == 0)
            out->keyfigures_overdue = n;
        else if (krc != ERR_FORBIDDEN && krc != ERR_NOTFOUND) {
            rc = krc;
            if (e != NULL)
                *e = ke;
        }
    }
    return rc;
}

/* ---- the text -------------------------------------------------------------------------------- */

static int part(char *s, size_t cap, size_t *len, int64_t n, const char *one, const char *many)
{
    if (n <= 0)
        return 0;
    int w = snprintf(s + *len, cap - *len, "%s%" PRId64 " %s", *len > 7 ? ", " : "", n,
                     n == 1 ? one : many);
    if (w < 0 || (size_t)w >= cap - *len)
        return ERR_TOOBIG;
    *len += (size_t)w;
    return 0;
}

bool digest_compose(const struct digest_counts *c, int64_t day, const char *public_url,
                    char *subject, size_t subject_cap, struct buf *body)
{
    if (c->overdue <= 0 && c->due_today <= 0 && c->meetings_tomorrow <= 0 &&
        c->signals_waiting <= 0 && c->keyfigures_overdue <= 0)
        return false;
    size_t len = (size_t)snprintf(subject, subject_cap, "Regie: ");
    int rc = part(subject, subject_cap, &len, c->overdue, "taak te laat", "taken te laat");
    if (rc == 0)
        rc = part(subject, subject_cap, &len, c->due_today, "taak vandaag", "taken vandaag");
    if (rc == 0)
        rc = part(subject, subject_cap, &len, c->meetings_tomorrow, "overleg morgen",
                  "overleggen morgen");
    if (rc == 0)
        rc = part(subject, subject_cap, &len, c->signals_waiting, "melding wacht op weging",
                  "meldingen wachten op weging");
    if (rc == 0)
        rc = part(subject, subject_cap, &len, c->keyfigures_overdue,
                  "sleutelfiguur: contact gewenst", "sleutelfiguren: contact gewenst");
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    if (rc == 0)
        rc = buf_printf(body,
                        "Goedendag,\n\n"
                        "Dit is uw dagelijkse samenvatting uit Regie van %02d-%02d-%04d.\n\n",
                        d, m, y);
    if (rc == 0 && c->overdue > 0)
        rc = buf_printf(body, "- Te laat: %" PRId64 " %s\n", c->overdue,
                        c->overdue == 1 ? "taak of actie" : "taken of acties");
    if (rc == 0 && c->due_today > 0)
        rc = buf_printf(body, "- Vandaag af te ronden: %" PRId64 " %s\n", c->due_today,
                        c->due_today == 1 ? "taak of actie" : "taken of acties");
    if (rc == 0 && c->meetings_tomorrow > 0)
        rc = buf_printf(body, "- Morgen: %" PRId64 " %s\n", c->meetings_tomorrow,
                        c->meetings_tomorrow == 1 ? "overleg" : "overleggen");
    if (rc == 0 && c->signals_waiting > 0)
        rc = buf_printf(body, "- Wachten op weging: %" PRId64 " %s\n", c->signals_waiting,
                        c->signals_waiting == 1 ? "melding" : "meldingen");
    if (rc == 0 && c->keyfigures_overdue > 0)
        rc = buf_printf(body, "- Sleutelfiguren met wie contact gewenst is: %" PRId64 "\n",
                        c->keyfigures_overdue);
    if (rc == 0)
        rc = buf_printf(body,
                        "\nBekijk uw werklijst: %s/app/werklijst\n\n"
                        "In deze e-mail staan bewust geen namen of andere gegevens. U krijgt "
                        "deze\nsamenvatting omdat u haar heeft aangezet bij Mijn account in "
                        "Regie.\nDaar kunt u haar ook weer uitzetten.\n",
                        public_url);
    return rc == 0;
}

/* ---- the job --------------------------------------------------------------------------------- */

struct rec_tx {
    struct app *a;
    const struct alog_req *rq;
    int64_t user_id;
    int64_t day;
    bool mark; /* nothing to send: the day is done for this user */
};

static int rec_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct rec_tx *r = ctx;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    char oid[24];
    struct alog_ev ev;
    user_ev(r->a, r->user_id, AUDIT_ACT_READ, "digest_counts", "digest", subj, oid, &ev);
    int rc = alog_tx_add(tx, r->rq, &ev, e);
    if (rc == 0 && r->mark)
        rc = store_digest_sent(st, r->user_id, r->day, e);
    return rc;
}

static void job_req(struct app *a, int64_t day, struct alog_req *rq)
{
    struct actor sys = {.user_id = 0, .org_id = 0, .roles = 0, .org_access_ok = false};
    char id[33];
    snprintf(id, sizeof(id), "digest-%" PRId64, day);
    alog_req_init(a, rq, &sys, id, "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "digest");
}

/* One user: counts, record, mail, mark. Returns 0 sent, 1 nothing to report, <0 failure. */
static int one_user(struct app *a, const struct alog_req *rq, int64_t uid, int64_t day,
                    bool dry_run)
{
    const struct config *cfg = app_config(a);
    struct store *st = NULL;
    struct store_digest d;
    struct digest_counts c;
    struct buf body, msg;
    char subject[SMTP_SUBJECT_MAX + 1];
    const char *stage = "counts";
    struct err e;
    err_clear(&e);
    buf_init(&body, 8 * 1024);
    buf_init(&msg, 32 * 1024);
    memset(&d, 0, sizeof(d));
    int rc = app_digest_counts(a, uid, day, &c, &e);
    bool any = rc == 0 && digest_compose(&c, day, cfg->public_url, subject, sizeof(subject), &body);
    if (rc != 0 || dry_run)
        goto out;
    stage = "log";
    struct rec_tx r = {a, rq, uid, day, !any};
    rc = alog_run(a, rec_fn, &r, &e);
    if (rc != 0 || !any)
        goto out;
    stage = "address";
    rc = app_store(a, &st, &e);
    if (rc == 0)
        rc = store_digest_get(st, uid, &d, &e);
    if (rc == 0 && !d.has_email)
        rc = ERR_NOTFOUND;
    if (rc == 0) {
        stage = "build";
        struct smtp_mail m = {cfg->smtp_from, d.email, subject, body.p};
        rc = smtp_message_build(&m, clock_now_ms(), &msg, &e);
    }
    if (rc == 0) {
        stage = "send";
        struct smtp_cfg sc = {.relay = cfg->smtp_relay, .helo = NULL, .timeout_ms = 30000};
        rc = smtp_send(&sc, cfg->smtp_from, d.email, msg.p, msg.len, &e);
    }
    if (rc == 0) {
        /* Sent: mark the day (a failure here means the next run may send it once more). */
        stage = "mark";
        rc = store_digest_sent(st, uid, day, &e);
    }
out:
    if (rc != 0) {
        char log[ERR_MSG_MAX];
        log_token(e.log, strlen(e.log), log, sizeof(log));
        log_warn("digest.user_failed", "user=%" PRId64 " stage=%s code=%s detail=%s", uid, stage,
                 err_code_name(rc), log);
    }
    crypto_wipe(&d, sizeof(d));
    buf_cleanup(&body);
    buf_cleanup(&msg);
    return rc != 0 ? rc : any ? 0 : 1;
}

int app_digest_run(struct app *a, int64_t day, bool dry_run, struct digest_stats *out,
                   struct err *e)
{
    const struct config *cfg = app_config(a);
    struct store *st = NULL;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    if (!dry_run) {
        int rc = smtp_relay_check(cfg->smtp_relay, e);
        if (rc != 0)
            return rc;
        if (!smtp_addr_ok(cfg->smtp_from, strlen(cfg->smtp_from)))
            return err_field(e, "smtp_from", "geen geldig e-mailadres");
    }
    int64_t *ids = calloc(APP_DIGEST_USERS_MAX, sizeof(*ids));
    int rc = ids ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_digest_due(st, day, ids, APP_DIGEST_USERS_MAX, &n, e);
    if (rc == ERR_TOOBIG) {
        log_warn("digest.too_many", "day=%" PRId64 " cap=%d", day, APP_DIGEST_USERS_MAX);
        err_clear(e);
        rc = 0;
    }
    struct alog_req rq;
    job_req(a, day, &rq);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        out->considered++;
        int r = one_user(a, &rq, ids[i], day, dry_run);
        if (r == 0)
            out->sent++;
        else if (r == 1)
            out->empty++;
        else
            out->failed++;
    }
    free(ids);
    if (rc == 0)
        log_info("digest.run",
                 "day=%" PRId64 " dry_run=%d considered=%" PRId64 " sent=%" PRId64 " empty=%" PRId64
                 " failed=%" PRId64,
                 day, dry_run ? 1 : 0, out->considered, out->sent, out->empty, out->failed);
    return rc;
}

/* ---- the background thread of `regie serve` -------------------------------------------------- */

struct digest_job {
    struct app *a;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    int64_t done_day; /* the last day whose run completed without failures */
    int64_t retry_at; /* ms: after a failed run, not before */
};

static void *job_main(void *arg)
{
    struct digest_job *j = arg;
    pthread_mutex_lock(&j->mu);
    while (!j->stop) {
        int64_t now = clock_now_ms(), today = signal_today();
        int64_t hour = (now - clock_local_midnight_ms(today)) / 3600000;
        if (hour >= app_config(j->a)->digest_hour && j->done_day < today && now >= j->retry_at) {
            pthread_mutex_unlock(&j->mu);
            struct digest_stats s;
            struct err e;
            err_clear(&e);
            int rc = app_digest_run(j->a, today, false, &s, &e);
            pthread_mutex_lock(&j->mu);
            if (rc == 0 && s.failed == 0) {
                j->done_day = today;
            } else {
                j->retry_at = now + 3600 * 1000;
                if (rc != 0)
                    log_warn("digest.run_failed", "day=%" PRId64 " code=%s", today,
                             err_code_name(rc));
            }
            continue; /* re-check stop before waiting */
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += 60;
        pthread_cond_timedwait(&j->cv, &j->mu, &ts);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

int app_digest_job_start(struct app *a, struct digest_job **out, struct err *e)
{
    const struct config *cfg = app_config(a);
    *out = NULL;
    if (cfg->smtp_relay[0] == '\0')
        return 0;
    int rc = smtp_relay_check(cfg->smtp_relay, e);
    if (rc != 0)
        return rc;
    if (!smtp_addr_ok(cfg->smtp_from, strlen(cfg->smtp_from)))
        return err_field(e, "smtp_from", "geen geldig e-mailadres");
    struct digest_job *j = calloc(1, sizeof(*j));
    if (j == NULL)
        return ERR_NOMEM;
    j->a = a;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&j->th, NULL, job_main, j) != 0) {
        pthread_cond_destroy(&j->cv);
        pthread_mutex_destroy(&j->mu);
        free(j);
        return err_internal(e, ERR_NOMEM, "digest thread");
    }
    log_info("digest.job_started", "hour=%" PRId64, cfg->digest_hour);
    *out = j;
    return 0;
}

void app_digest_job_stop(struct digest_job *j)
{
    if (j == NULL)
        return;
    pthread_mutex_lock(&j->mu);
    j->stop = true;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    pthread_join(j->th, NULL);
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
    free(j);
}
