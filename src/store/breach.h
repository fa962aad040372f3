/* breach.h: the repository of the breach register (docs/breaches.md; AVG art. 33/34). Each
 * breach has its own data-key group; its document (description, categories, approximate number of
 * data subjects, organisations involved, measures, rationales, AP reference) is sealed under that
 * key (AAD "breach", "doc", id). In clear: the reporting organisation and user, the discovery time
 * and the 72-hour deadline (a CHECK binds deadline = discovery + 72 h), the two decisions, the AP
 * notification day and the closing time, which the list and its clock need.
 *
 * Rows (row.h): meeting_id = org_id, group_id, a = discovered_at (ms), b = deadline_at (ms),
 * c = ap_day (0: none), d = closed_at (0: open), by = reported_by, at = updated_at,
 * code = ap_decision, code2 = subjects_decision ("open" | "ja" | "nee"). Documents are malloc'd
 * (store_row_release). */
#ifndef REGIE_STORE_BREACH_H
#define REGIE_STORE_BREACH_H

#include "store/row.h"

#define STORE_BREACH_DEADLINE_MS (72 * 3600 * 1000LL)

struct store_breach_in {
    int64_t org_id;
    int64_t reported_by;
    int64_t discovered_at; /* ms UTC */
    struct str doc;
};

/* Creates a data-key group and the breach sealed under it (decisions "open"). ERR_INVAL, ERR_DB,
 * ERR_CRYPTO. */
int store_breach_create(struct store *st, const struct store_breach_in *in, int64_t *out_id,
                        struct err *e) WUR;

/* One breach with its document. ERR_NOTFOUND (no detail), ERR_CRYPTO. */
int store_breach_get(struct store *st, int64_t id, struct store_row *out, struct err *e) WUR;

/* Every breach, newest discovery first, into out[0..cap) (ERR_TOOBIG beyond cap). */
int store_breach_list(struct store *st, struct store_row *out, size_t cap, size_t *out_n,
                      struct err *e) WUR;

/* Number of breaches. */
int store_breach_count(struct store *st, int64_t *out, struct err *e) WUR;

/* Writes r's decisions (code, code2), ap_day (c), closed_at (d) and document (re-sealed).
 * ERR_NOTFOUND, ERR_INVAL (CHECK), ERR_DB. */
int store_breach_update(struct store *st, const struct store_row *r, struct err *e) WUR;

#endif
