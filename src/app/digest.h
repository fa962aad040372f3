/* digest.h: the optional daily e-mail digest (issue 9 item 6; docs/operations.md "E-mail
 * digest"). A user may switch it on for the own account with an address; once a day after
 * digest_hour (Europe/Amsterdam) every user who did, is actief and has not had today's digest
 * gets one plain-text mail with counts only: work-list items past due and due today (the own
 * case tasks and meeting actions, as in GET /api/worklist, without a chair's escalated tasks of
 * others), meetings tomorrow where the user is chair, secretary, core member or invited, and for
 * a dossierhouder or voorzitter the signals of the own municipality waiting for weighing and
 * the key figures overdue for contact. No names, references, titles or other free text ever go
 * into a mail; nothing to report: no mail.
 *
 * Access log: saving or reading the settings is a write / read of the user's personal data (the
 * address) with the user as subject. Building a digest reads the user's work list to count it;
 * only the counts leave, so it writes one record per user per day (action read, object user,
 * subject the user, purpose "digest", actor role "digest") before the mail goes out, not one
 * per case person. The address never goes to the operational log (user ids and counts only). */
#ifndef REGIE_APP_DIGEST_H
#define REGIE_APP_DIGEST_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "core/buf.h"

#define APP_DIGEST_USERS_MAX 10000 /* users per run; more wait for the next run (logged) */

/* GET /api/account/digest: {enabled, email (null when none), last_sent_date, available (an
 * SMTP relay is configured), hour}. Policy read user (self). *out_log: the read record. */
int app_digest_get(struct app *a, const struct alog_req *rq, json_t **out,
                   struct alog_pending **out_log, struct err *e) WUR;

/* PUT /api/account/digest {enabled (required), email}: email absent or "" removes the address;
 * enabled true needs an address. Address: <= 254 bytes of printable ASCII, one '@', no spaces
 * or control characters (core/smtp.h smtp_addr_ok); errors name "email" / "enabled" and change
 * nothing. Policy update user (self). Written with its access-log record in one transaction.
 * *out as app_digest_get. */
int app_digest_put(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                   struct err *e) WUR;

struct digest_counts {
    int64_t overdue;            /* own open tasks and actions due before day */
    int64_t due_today;          /* due on day */
    int64_t meetings_tomorrow;  /* on day + 1 where the user is chair/secretary/member/invited */
    int64_t signals_waiting;    /* dossierhouder/voorzitter: states weging and herwegen */
    int64_t keyfigures_overdue; /* key figures of the own municipality with contact due */
};

/* The counts for user_id on day (days since 1970-01-01), asked with the user's own rights
 * (policy as for the user's own requests; what the user may not see counts as 0). Writes no
 * access-log record (app_digest_run does). ERR_NOTFOUND for an unknown user. */
int app_digest_counts(struct app *a, int64_t user_id, int64_t day, struct digest_counts *out,
                      struct err *e) WUR;

/* Subject ("Regie: 3 taken te laat, 1 overleg morgen") and plain-text body (counts only, the
 * link public_url + "/app/werklijst") in Dutch. Returns false (nothing built) when every count
 * is 0. day: the digest's day, shown as dd-mm-jjjj. */
bool digest_compose(const struct digest_counts *c, int64_t day, const char *public_url,
                    char *subject, size_t subject_cap, struct buf *body);

struct digest_stats {
    int64_t considered; /* users due (enabled, actief, with an address, not yet sent for day) */
    int64_t sent;       /* mails accepted by the relay (dry run: mails that would be sent) */
    int64_t empty;      /* nothing to report: no mail */
    int64_t failed;     /* counting, logging or sending failed: retried next run */
};

/* The daily job for day: for every due user, counts, an access-log record, one mail through
 * smtp_relay, then last_sent_day = day (so a restart does not send twice and a failed send is
 * retried by the next run). dry_run: counts only; nothing is sent, logged or marked. Errors:
 * ERR_INVAL (no or bad smtp_relay / smtp_from when not a dry run), ERR_DB; a failure for one
 * user only counts in out->failed. */
int app_digest_run(struct app *a, int64_t day, bool dry_run, struct digest_stats *out,
                   struct err *e) WUR;

/* The background job of `regie serve`: a thread that checks once a minute whether the local
 * hour (Europe/Amsterdam) is at least digest_hour and today's run has not completed, and runs
 * app_digest_run for today (after a failure again an hour later). *out stays NULL when
 * smtp_relay is empty (the digest is off). ERR_INVAL (field smtp_relay or smtp_from) for a bad
 * setting: the server refuses to start. Stop with app_digest_job_stop (NULL ok) before
 * app_close. */
struct digest_job;
int app_digest_job_start(struct app *a, struct digest_job **out, struct err *e) WUR;
void app_digest_job_stop(struct digest_job *j);

#endif
