/* retention.h: retention and destruction with proof (issue 10 item 1; docs/retention.md).
 *
 * Terms per data class come from the configuration: a signal that led to no case is kept
 * signal_retention_months after its last weighing (or its receipt when never weighed); a closed
 * case (with the signal it came from, its network persons, its overleg items and minutes and its
 * documents) until the retention date its closure recorded (case_retention_years); an ended key
 * figure keyfigure_retention_months after its end date. The latest extension (a recorded
 * decision with a rationale) replaces the term's end; an open legal hold (objection, court case;
 * reason and end date) suspends destruction while it lasts.
 *
 * The purge destroys each due group in its own transaction: every row in every table, the blind
 * indexes, the attached files (their chunks live in the database), the data key(s); it writes a
 * tombstone (pseudonym = the access-log subject pseudonym of the signal / case / key figure,
 * kind, municipality, start, expiry and destruction dates, who approved, counts) and one
 * access-log record (action purge, subjects = the pseudonyms of the group's persons) in the same
 * transaction, then checkpoints the WAL (wal_checkpoint(TRUNCATE)). secure_delete is on for every
 * connection (store_open), so deleted cells are zeroed in the file. No names, references of
 * persons or free text are ever written to the operational log or the report.
 *
 * Backups (docs/retention.md "Backups"): the data keys are in the key vault, not in the database,
 * so a database backup made before the destruction cannot decrypt the destroyed group with the
 * current vault and regie.key; key backups older than the destruction can, until rotated out. */
#ifndef REGIE_APP_RETENTION_H
#define REGIE_APP_RETENTION_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_RETENTION_BATCH 2000       /* groups considered per purge run; the rest next run */
#define APP_RETENTION_UPCOMING_DAYS 90 /* the overview's window */
#define APP_RETENTION_TEXT_MAX 2000    /* reason / rationale, bytes */
#define APP_RETENTION_MAX_YEARS 30     /* hold / extension end at most N years ahead */

struct retention_report {
    int64_t due;       /* expired groups found */
    int64_t held;      /* skipped: under legal hold */
    int64_t destroyed; /* destroyed (dry run: would be) */
    int64_t failed;    /* could not be destroyed (logged by id; retried next run) */
    int64_t signals, cases, key_figures; /* destroyed per kind */
    int64_t rights_requests, inzage_exports, breaches;
    int64_t rows;      /* rows deleted (dry run: rows that would be) */
    int64_t keys;      /* data keys destroyed */
    bool checkpointed; /* the WAL was truncated afterwards */
};

/* The day a group expires (extension applied), 0 when no term applies yet. */
struct store_retention_item;
int64_t retention_expiry(const struct config *cfg, const struct store_retention_item *it);

/* The purge for day `today` (days since 1970-01-01): destroys every due group not under an
 * open hold. rq: the operator (CLI) or the daily job; its actor needs the policy row delete
 * retention for each item's municipality (the purge acts for that municipality, see
 * retention.c). approved_by: the tombstone's "who approved" (<= 64 bytes, e.g. "regie purge").
 * dry_run: counts only, nothing changes and nothing is logged. A failure of one group only
 * counts in out->failed. Errors: ERR_DB (the candidates could not be read). */
int app_retention_purge(struct app *a, const struct alog_req *rq, const char *approved_by,
                        int64_t today, bool dry_run, struct retention_report *out,
                        struct err *e) WUR;

/* GET /api/retention: {terms, upcoming: [{kind, id, reference, start_date, expiry_date,
 * extended_until, held_until}] (own municipality, expiring within 90 days or overdue), holds,
 * extensions}. Policy list retention (own_org; the FG: every municipality, without the reason
 * and rationale texts, which are case content). *out_log: a read record (subjects: the held or
 * extended objects' pseudonyms). */
int app_retention_overview(struct app *a, const struct alog_req *rq, json_t **out,
                           struct alog_pending **out_log, struct err *e) WUR;

/* POST /api/retention/holds {kind: signal|case, id, reason (1..2000), until (date, future)}.
 * Policy create retention own_org; an unknown or foreign object is ERR_NOTFOUND. */
int app_retention_hold_create(struct app *a, const struct alog_req *rq, const json_t *in,
                              json_t **out, struct err *e) WUR;

/* POST /api/retention/holds/{id}/end (body {} or absent; no members): ends an open hold.
 * Policy update retention own_org. ERR_CONFLICT when it has already ended. */
int app_retention_hold_end(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                           json_t **out, struct err *e) WUR;

/* POST /api/retention/extensions {kind, id, until (after the current expiry), rationale
 * (1..2000)}. Policy create retention own_org. */
int app_retention_extension_create(struct app *a, const struct alog_req *rq, const json_t *in,
                                   json_t **out, struct err *e) WUR;

/* GET /api/retention/report?from=&to= (dates, default the last 365 days, at most 5 years):
 * tombstones of the own municipality (fg: all), no names. Policy read retention. */
int app_retention_report(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                         json_t **out, struct alog_pending **out_log, struct err *e) WUR;

/* The daily job of `regie serve`: a thread that once a minute checks whether the local hour is at
 * least retention_purge_hour and today's purge has not run, and runs it. Stop with
 * app_retention_job_stop (NULL ok) before app_close. */
struct retention_job;
int app_retention_job_start(struct app *a, struct retention_job **out, struct err *e) WUR;
void app_retention_job_stop(struct retention_job *j);

#endif
