/* breakglass.h: the break-glass grants (store side; docs/breakglass.md). One row per grant: the
 * case, the user and organisation it was granted to, the alert task made for the casusregisseur,
 * when it was made and when it expires, and a sealed document {reason} under the case's data key
 * (AAD "break_glass", "doc", id), so destroying the case shreds the reason too. Rows are immutable
 * (a trigger refuses updates) and go with the case (ON DELETE CASCADE). Conventions as store.h;
 * the generic columns of struct store_row (row.h):
 *   meeting_id = case_id, group_id = the case's group, a = expires_at (ms), b = org_id,
 *   c = task_id, by = user_id, at = created_at (ms). */
#ifndef REGIE_STORE_BREAKGLASS_H
#define REGIE_STORE_BREAKGLASS_H

#include "store/row.h"

#define STORE_BREAKGLASS_LIST_MAX 100 /* active grants of one user that a list returns */

/* Adds a grant from r (meeting_id, group_id, a, b, c, by, doc; at = now). *out_id the new id. */
int store_breakglass_add(struct store *st, const struct store_row *r, int64_t *out_id,
                         struct err *e) WUR;

/* The grants of user_id that are still active at now_ms (expires_at > now_ms), latest expiry
 * first, at most cap (ERR_TOOBIG beyond). Documents opened; release with store_rows_release. */
int store_breakglass_active(struct store *st, int64_t user_id, int64_t now_ms,
                            struct store_row *out, size_t cap, size_t *out_n, struct err *e) WUR;

#endif
