/* breakglass.c: break-glass access to a case (see breakglass.h and docs/breakglass.md). */
#include "core/common.h"

#include "app/breakglass.h"
#include "app/case.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/totp.h"
#include "store/breakglass.h"
#include "store/case.h"
#include "store/store.h"
#include "store/user.h"

#define PURPOSE_REASON_MAX 500 /* bytes of the reason in the grant record (AUDIT_PURPOSE_MAX 512)  \
                                */

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Deze casus bestaat niet of u heeft er geen toegang toe.");
}

static bool has_field(const struct err *e, const char *name)
{
    for (size_t i = 0; e != NULL && i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return true;
    return false;
}

static int64_t minutes(struct app *a)
{
    return app_config(a)->breakglass_minutes;
}

/* The grant of who for case_id among rows (same organisation as when it was granted), or NULL. */
static const struct store_row *grant_for(const struct store_row *rows, size_t n,
                                         const struct actor *who, int64_t case_id)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].meeting_id == case_id && rows[i].b == who->org_id)
            return &rows[i];
    return NULL;
}

int app_breakglass_active(struct store *st, const struct actor *who, int64_t case_id,
                          int64_t *out_grant_id, int64_t *out_until, const char **out_rule)
{
    const char *rule = NULL;
    *out_grant_id = 0;
    *out_until = 0;
    *out_rule = NULL;
    /* The role and the covenant still have to allow break-glass at the moment of reading. */
    if (policy_check(who, "create", "break_glass", NULL, &rule) != 0)
        return ERR_NOTFOUND;
    struct store_row *rows = calloc(STORE_BREAKGLASS_LIST_MAX, sizeof(*rows));
    size_t n = 0;
    int rc = rows ? store_breakglass_active(st, who->user_id, clock_now_ms(), rows,
                                            STORE_BREAKGLASS_LIST_MAX, &n, NULL)
                  : ERR_NOMEM;
    const struct store_row *g = rc == 0 ? grant_for(rows, n, who, case_id) : NULL;
    if (g != NULL) {
        *out_grant_id = g->id;
        *out_until = g->a;
        *out_rule = rule;
    }
    store_rows_release(rows, n);
    free(rows);
    return *out_grant_id ? 0 : ERR_NOTFOUND;
}

/* The reason as the grant record's purpose: "break-glass: <reason>", cut at a UTF-8 character
 * boundary so that it fits the record. */
static void purpose_of(struct str reason, char *out, size_t cap)
{
    size_t n = reason.n;
    bool cut = n > PURPOSE_REASON_MAX;
    if (cut) {
        n = PURPOSE_REASON_MAX;
        while (n > 0 && ((unsigned char)reason.p[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(out, cap, "break-glass: %.*s%s", (int)n, reason.p, cut ? "…" : "");
}

struct grant {
    struct app *a;
    const struct alog_req *rq;
    int64_t case_id;
    const struct app_case_bg *cb;
    struct str reason, totp;
    const char *rule;
    int64_t now, until, grant_id, task_id;
    bool totp_refused;
};

/* The second factor: a fresh code of the caller's own TOTP secret, accepted once (the same
 * last-used counter as the login, updated in this transaction). */
static int verify_totp(struct store *st, struct grant *g, struct err *e)
{
    struct store_user u;
    uint8_t secret[STORE_TOTP_MAX];
    size_t n = 0;
    int64_t counter = 0;
    struct err te;
    err_clear(&te);
    int rc = store_user_get(st, g->rq->actor.user_id, &u, e);
    if (rc == 0 && (!u.has_totp || u.status != STORE_USER_ACTIVE))
        rc = ERR_UNAUTH;
    if (rc == 0)
        rc = store_user_get_totp(st, u.id, false, secret, sizeof(secret), &n, e);
    if (rc == 0)
        rc = totp_verify(secret, n, g->totp.p, g->totp.n, g->now, u.totp_last_counter, &counter,
                         &te);
    if (rc == 0)
        rc = store_user_totp_used(st, u.id, counter, &te); /* atomic: a replay loses the race */
    crypto_wipe(secret, sizeof(secret));
    if (rc == ERR_UNAUTH || rc == ERR_INVAL || rc == ERR_CONFLICT) {
        g->totp_refused = true;
        err_clear(e);
        return err_field(e, "totp",
                         "de code klopt niet of is al gebruikt; wacht op een nieuwe "
                         "code van uw authenticator-app");
    }
    return rc;
}

static int grant_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct grant *g = ctx;
    const struct actor *who = &g->rq->actor;
    int rc = verify_totp(st, g, e);
    if (rc != 0)
        return rc;
    /* The alert: a task for the casusregisseur in the case (so it is in the work list). It names
     * the organisation, never the reason. */
    struct store_org org;
    char title[STORE_NAME_MAX + 96], until[32];
    rc = store_org_get(st, who->org_id, &org, e);
    if (rc != 0)
        return rc;
    clock_fmt_local(g->until, until, sizeof(until));
    snprintf(title, sizeof(title), "Break-glass-toegang door %s beoordelen (geldig tot %s)",
             org.name, until);
    char *tdoc = doc_dump(json_pack("{s:s, s:s}", "title", title, "kind", "break_glass"));
    if (tdoc == NULL)
        return ERR_NOMEM;
    struct store_row t = {.meeting_id = g->case_id,
                          .group_id = g->cb->group_id,
                          .a = g->cb->casusregisseur_id,
                          .b = g->cb->municipality_id,
                          .c = signal_today(),
                          .by = who->user_id,
                          .doc = tdoc,
                          .doc_len = strlen(tdoc)};
    snprintf(t.code, sizeof(t.code), "BG");
    snprintf(t.code2, sizeof(t.code2), "open");
    rc = store_case_add(st, STORE_CASE_TASK, &t, NULL, &g->task_id, e);
    doc_free(tdoc);
    if (rc != 0)
        return rc;
    /* The grant, its reason sealed under the case's key. */
    char *gdoc = doc_dump(json_pack("{s:s%}", "reason", g->reason.p, g->reason.n));
    if (gdoc == NULL)
        return ERR_NOMEM;
    struct store_row r = {.meeting_id = g->case_id,
                          .group_id = g->cb->group_id,
                          .a = g->until,
                          .b = who->org_id,
                          .c = g->task_id,
                          .by = who->user_id,
                          .doc = gdoc,
                          .doc_len = strlen(gdoc)};
    rc = store_breakglass_add(st, &r, &g->grant_id, e);
    doc_free(gdoc);
    if (rc != 0)
        return rc;
    /* The access log: the grant (one record per data subject, the reason as purpose) and the
     * alert task written into the case. */
    uint8_t subj[ARRAY_LEN(g->cb->persons)][AUDIT_SUBJECT_BYTES];
    for (size_t i = 0; i < g->cb->n_persons; i++)
        alog_subject(g->a, "person", g->cb->persons[i], subj[i]);
    char oid[24], tid[24], purpose[AUDIT_PURPOSE_MAX];
    snprintf(oid, sizeof(oid), "%" PRId64, g->case_id);
    snprintf(tid, sizeof(tid), "%" PRId64, g->task_id);
    purpose_of(g->reason, purpose, sizeof(purpose));
    struct alog_ev ev = {.action = AUDIT_ACT_BREAK_GLASS,
                         .object_type = "case",
                         .object_id = oid,
                         .fields = "break_glass:grant",
                         .purpose = purpose,
                         .authz_rule = g->rule,
                         .subject_type = g->cb->n_persons ? "person" : NULL,
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = g->cb->n_persons};
    rc = alog_tx_add(tx, g->rq, &ev, e);
    if (rc == 0) {
        struct alog_ev tev = {.action = AUDIT_ACT_CREATE,
                              .object_type = "checklist",
                              .object_id = tid,
                              .categories = AUDIT_CAT_PLAN,
                              .fields = "task:break_glass_alert",
                              .authz_rule = g->rule,
                              .subject_type = g->cb->n_persons ? "person" : NULL,
                              .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                              .n_subjects = g->cb->n_persons};
        rc = alog_tx_add(tx, g->rq, &tev, e);
    }
    return rc;
}

/* A refused attempt is itself an event of the access log (ASVS 16.3.2): authz_denied on the case,
 * naming what was missing or wrong, never the code or the reason. Returns 0 or ERR_UNAVAILABLE. */
static int log_refused(struct app *a, const struct alog_req *rq, int64_t case_id,
                       const char *fields, const char *rule)
{
    char oid[24];
    struct err le;
    err_clear(&le);
    snprintf(oid, sizeof(oid), "%" PRId64, case_id);
    struct alog_ev ev = {.action = AUDIT_ACT_AUTHZ_DENIED,
                         .outcome = AUDIT_OUT_DENIED,
                         .object_type = "case",
                         .object_id = oid,
                         .fields = fields,
                         .purpose = "break-glass geweigerd",
                         .authz_rule = rule};
    return alog_write(a, rq, &ev, &le);
}

int app_breakglass_create(struct app *a, const struct alog_req *rq, int64_t case_id,
                          const json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {"reason", "totp"};
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct app_case_bg cb;
    const char *rule = NULL;
    *out = NULL;
    if (policy_scope(who, "create", "break_glass") == 0)
        return who->org_access_ok ? in_denied(e) : not_found(e);
    if (policy_check(who, "create", "break_glass", NULL, &rule) != 0)
        return not_found(e);
    int rc = app_store(a, &st, e);
    /* a case outside the user's own by definition: the database's scope would hide it */
    app_act_for_region(a);
    if (rc == 0)
        rc = app_case_breakglass_info(st, who, case_id, &cb, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    if (cb.readable)
        return in_conflict(e, NULL,
                           "U heeft al toegang tot deze casus; break-glass is niet nodig.");
    /* Already a grant for this case, or too many at once. */
    struct store_row *rows = calloc(STORE_BREAKGLASS_LIST_MAX, sizeof(*rows));
    size_t n = 0;
    int64_t now = clock_now_ms();
    rc = rows ? store_breakglass_active(st, who->user_id, now, rows, STORE_BREAKGLASS_LIST_MAX, &n,
                                        e)
              : ERR_NOMEM;
    bool have = rc == 0 && grant_for(rows, n, who, case_id) != NULL;
    store_rows_release(rows, n);
    free(rows);
    if (rc != 0)
        return rc;
    if (have)
        return in_conflict(e, NULL, "U heeft al een geldige break-glass-toegang tot deze casus.");
    if (n >= APP_BREAKGLASS_ACTIVE_MAX)
        return in_conflict(e, NULL, "U heeft te veel break-glass-toegangen tegelijk.");
    /* Input: a typed reason and the shape of the code; both errors at once. */
    struct str reason, totp;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "reason", true, APP_BREAKGLASS_REASON_MAX * 4, true, &reason, e);
    if (reason.p) {
        size_t chars = str_utf8_len(reason), lead = 0, trail = 0;
        while (lead < reason.n && (reason.p[lead] == ' ' || reason.p[lead] == '\n' ||
                                   reason.p[lead] == '\t' || reason.p[lead] == '\r'))
            lead++;
        /* cppcheck-suppress knownConditionTrueFalse ; false only for an all-blank reason */
        while (trail < reason.n - lead &&
               (reason.p[reason.n - 1 - trail] == ' ' || reason.p[reason.n - 1 - trail] == '\n' ||
                reason.p[reason.n - 1 - trail] == '\t' || reason.p[reason.n - 1 - trail] == '\r'))
            trail++;
        if (chars - lead - trail < APP_BREAKGLASS_REASON_MIN)
            err_field(e, "reason", "beschrijf de reden in minstens %d tekens",
                      APP_BREAKGLASS_REASON_MIN);
        else if (chars > APP_BREAKGLASS_REASON_MAX)
            err_field(e, "reason", "is te lang (maximaal %d tekens)", APP_BREAKGLASS_REASON_MAX);
    }
    in_text(in, NULL, "totp", false, 16, false, &totp, e);
    bool digits = totp.p != NULL && totp.n == 6;
    for (size_t i = 0; digits && i < totp.n; i++)
        digits = totp.p[i] >= '0' && totp.p[i] <= '9';
    if (!digits && (e == NULL || !has_field(e, "totp")))
        err_field(e, "totp", "vul de 6 cijfers van uw authenticator-app in");
    if (in_has_errors(e)) {
        bool no_reason = has_field(e, "reason");
        if (log_refused(a, rq, case_id,
                        !digits ? (no_reason ? "break_glass:reason,totp" : "break_glass:totp")
                                : "break_glass:reason",
                        rule) != 0) {
            err_clear(e);
            return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        }
        return ERR_INVAL;
    }
    struct grant g = {.a = a,
                      .rq = rq,
                      .case_id = case_id,
                      .cb = &cb,
                      .reason = reason,
                      .totp = totp,
                      .rule = rule,
                      .now = now,
                      .until = now + minutes(a) * 60 * 1000};
    rc = alog_run(a, grant_fn, &g, e);
    if (rc != 0 && g.totp_refused) {
        if (log_refused(a, rq, case_id, "break_glass:totp", rule) != 0) {
            err_clear(e);
            return err_set(e, ERR_UNAVAILABLE, "Het toegangslogboek is niet beschikbaar.");
        }
        return ERR_INVAL;
    }
    if (rc != 0)
        return rc;
    log_info("breakglass.grant", "grant=%" PRId64 " case=%" PRId64 " user=%" PRId64, g.grant_id,
             case_id, who->user_id);
    *out = json_pack("{s:I, s:I, s:o, s:I}", "grant_id", (json_int_t)g.grant_id, "case_id",
                     (json_int_t)case_id, "expires_at", json_time(g.until), "minutes",
                     (json_int_t)minutes(a));
    return *out ? 0 : ERR_NOMEM;
}

int app_breakglass_list(struct app *a, const struct alog_req *rq, json_t **out,
                        struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    const char *rule = NULL;
    *out = NULL;
    *out_log = NULL;
    if (policy_check(who, "list", "break_glass", NULL, &rule) != 0)
        return in_denied(e);
    struct store_row *rows = calloc(STORE_BREAKGLASS_LIST_MAX, sizeof(*rows));
    size_t n = 0;
    int rc = rows ? app_store(a, &st, e) : ERR_NOMEM;
    if (rc == 0)
        rc = store_breakglass_active(st, who->user_id, clock_now_ms(), rows,
                                     STORE_BREAKGLASS_LIST_MAX, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (rows[i].b != who->org_id)
            continue;
        json_t *d = doc_parse(rows[i].doc, rows[i].doc_len);
        json_t *reason = json_object_get(d, "reason");
        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:o, s:o, s:O}", "grant_id", (json_int_t)rows[i].id, "case_id",
                      (json_int_t)rows[i].meeting_id, "created_at", json_time(rows[i].at),
                      "expires_at", json_time(rows[i].a), "reason", reason ? reason : json_null()));
        json_decref(d);
    }
    store_rows_release(rows, n);
    free(rows);
    if (rc == 0) {
        struct alog_ev ev = {.action = AUDIT_ACT_READ,
                             .object_type = "case",
                             .object_id = "",
                             .fields = "break_glass:own_grants",
                             .authz_rule = rule};
        rc = alog_pending_new(a, rq, &ev, out_log, e);
    }
    if (rc == 0) {
        *out = json_pack("{s:O, s:I}", "items", items, "minutes", (json_int_t)minutes(a));
        if (*out == NULL)
            rc = ERR_NOMEM;
    }
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    json_decref(items);
    return rc;
}
