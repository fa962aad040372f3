/* purpose.h: the recorded legal bases for re-using a case's data for another municipal task
 * (store side; docs/purpose.md). One row per decision: the case, the task code, who decided and
 * when, and a sealed document {legal_basis, rationale} under the case's data key (AAD
 * "reuse_basis", "doc", id), so destroying the case shreds it too. Rows are immutable (a trigger
 * refuses updates) and go with the case (ON DELETE CASCADE). Conventions as store.h; the generic
 * columns of struct store_row (row.h):
 *   meeting_id = case_id, group_id = the case's group, code = task, by = decided_by,
 *   at = decided_at (ms). */
#ifndef REGIE_STORE_PURPOSE_H
#define REGIE_STORE_PURPOSE_H

#include "store/row.h"

#define STORE_REUSE_MAX 50 /* recorded bases of one case */

/* Adds a basis from r (meeting_id, group_id, code, by, doc; at = now). *out_id the new id. */
int store_reuse_add(struct store *st, const struct store_row *r, int64_t *out_id,
                    struct err *e) WUR;

/* The bases of case_id, oldest first, at most cap (ERR_TOOBIG beyond). Documents opened;
 * release with store_rows_release. */
int store_reuse_list(struct store *st, int64_t case_id, struct store_row *out, size_t cap,
                     size_t *out_n, struct err *e) WUR;

#endif
