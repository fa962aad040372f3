/* audit_admin.h: reading, verifying and exporting the access log. Reading the log is itself
 * logged (action log_view). Only roles with the audit_log rows of the policy (fg) may query it
 * through the API; the CLI commands run as the operator on the server. */
#ifndef REGIE_APP_AUDIT_ADMIN_H
#define REGIE_APP_AUDIT_ADMIN_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "audit/verify.h"

/* Verifies the whole log against the chain, the Merkle tree, the signed checkpoints, the
 * recorded segment deletions, and (when witness_file is given and holds checkpoints) the last
 * checkpoint in the witness file. Returns 0 when it verified, ERR_CONFLICT with *out filled when a
 * finding was made, other errors when it could not run. */
int app_audit_verify(struct app *a, const char *witness_file, struct audit_verify_report *out,
                     struct err *e) WUR;

/* Query filters as they arrive (from the API or the CLI), validated here. */
struct app_audit_filter {
    struct str person_bsn;      /* data subject by BSN (person records) */
    int64_t subject_user_id;    /* data subject: a user account */
    int64_t user_id;            /* who acted */
    int64_t org_id;
    struct str from;            /* YYYY-MM-DD, inclusive (Europe/Amsterdam day not applied: UTC) */
    struct str to;              /* YYYY-MM-DD, inclusive */
    struct str action;          /* audit action name */
    int64_t limit;              /* default 100, max 1000 */
    int64_t before;             /* paging: seq */
    bool break_glass;           /* the break-glass queue (action break_glass) */
    bool not_participant;       /* review queue: accesses to a signal by an organisation that was
                                   not its municipality or a participant at that moment */
};

/* Runs a query and returns {items:[...], next_before} as JSON. rq may be NULL (CLI: the operator
 * on the server); with rq the policy is asked and a log_view record is written first. */
int app_audit_query(struct app *a, const struct alog_req *rq, const struct app_audit_filter *f,
                    json_t **out, struct err *e) WUR;

/* Writes the log (or the rows matching f) as JSON lines in the shape of the Logboek
 * Dataverwerkingen standard to fd. */
int app_audit_export(struct app *a, const struct alog_req *rq, const struct app_audit_filter *f,
                     int fd, size_t *out_n, struct err *e) WUR;

/* Retention of the log itself (NEN 7513 practice: 5 years at least; audit_retention_days):
 * drops whole segments (from the oldest record up to a checkpoint) whose newest record is older
 * than the retention period, after signing a deletion entry for each, so the rest of the log still
 * verifies and the deletion is told apart from tampering. *out_dropped = records removed. */
int app_audit_retention(struct app *a, uint64_t *out_dropped, struct err *e) WUR;

/* An inclusion proof for record seq against the newest checkpoint (JSON: size, root, proof[]),
 * and a consistency proof between two checkpoint sizes. */
int app_audit_inclusion(struct app *a, uint64_t seq, json_t **out, struct err *e) WUR;
int app_audit_consistency(struct app *a, uint64_t size1, uint64_t size2, json_t **out,
                          struct err *e) WUR;

/* One row as an LDV-shaped JSON object (caller decrefs). */
json_t *app_audit_row_json(const struct audit_rec *r);

#endif
