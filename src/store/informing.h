/* informing.h: the repository of the informing records (docs/informing.md; domain.md
 * REQ-PRIV-09/10): per case and per person concerned (a subject of the case's signal or a
 * network person of the case) a chain of immutable decisions, version 1, 2, ...; the highest
 * version is the current one. The note and explanation are sealed under the case's data key
 * (AAD "informing_record", "doc", id), so destroying the case's group shreds them too. Rows use
 * the common shape of row.h; documents are malloc'd (release with store_row_release):
 *   meeting_id = case_id, item_id = network_person_id (0: a subject), a = person_id,
 *   b = version, c = due day (open) or re-assessment day (deferred), 0 for informed,
 *   d = decided day (informed: the day of informing; deferred: the day of the decision),
 *   by = created_by, at = created_at, code = outcome (open|informed|deferred), code2 = how,
 *   code3 = reason. */
#ifndef REGIE_STORE_INFORMING_H
#define REGIE_STORE_INFORMING_H

#include "store/row.h"

struct store_informing_in {
    int64_t case_id;
    int64_t group_id; /* the case's data-key group */
    int64_t person_id;
    int64_t network_person_id; /* 0: a subject of the case */
    const char *outcome;       /* "open" | "informed" | "deferred" (CHECK: ERR_INVAL) */
    int64_t due_day;           /* open */
    int64_t decided_day;       /* informed, deferred */
    int64_t reassess_day;      /* deferred */
    const char *how;           /* informed; NULL otherwise */
    const char *reason;        /* deferred; NULL otherwise */
    int64_t informed_by;       /* informed; 0 otherwise */
    int64_t created_by;
    struct str doc;
};

/* Adds the next version for (case, person), sealed under in->group_id. *out_id. ERR_INVAL (a
 * CHECK), ERR_CRYPTO, ERR_DB. */
int store_informing_add(struct store *st, const struct store_informing_in *in, int64_t *out_id,
                        struct err *e) WUR;

/* Every record of a case (all versions), by person then version, with documents, into
 * out[0..cap) (ERR_TOOBIG beyond cap). */
int store_informing_rows(struct store *st, int64_t case_id, struct store_row *out, size_t cap,
                         size_t *out_n, struct err *e) WUR;

/* Number of records of a case (all versions). */
int store_informing_count(struct store *st, int64_t case_id, int64_t *out, struct err *e) WUR;

#endif
