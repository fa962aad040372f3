/* inzage.h: the repository of the inzage export (right of access, AVG art. 15; docs/inzage.md):
 * what links a person row to signals and cases, the overleg rows about a signal or case, and the
 * export register itself. Each export has its own data-key group; the compiled export (a JSON
 * document) is sealed under that key (AAD "inzage_export", "doc", id), so destroying the group
 * destroys the export, in old backups too. A released export is frozen (trigger). Same
 * conventions as row.h.
 *
 * export rows: meeting_id = municipality_id, item_id = request_id (0: none), a = n_items,
 *              b = n_withheld, c = approved_by (0: concept), d = created_at, by = created_by,
 *              at = approved_at (0), code = status (concept | vrijgegeven).
 * link rows:   meeting_id = signal id (kind signal) or case id (kinds network, family,
 *              informing), item_id = municipality_id, a = day (received, recorded),
 *              code = kind, code2 = signal reference (kind signal) or "".
 * overleg rows: meeting_id = agenda item, a = day, code = table (agenda_item, item_minutes,
 *              decision, meeting_action), code2 = kind / type / status, code3 = result. */
#ifndef REGIE_STORE_INZAGE_H
#define REGIE_STORE_INZAGE_H

#include "store/row.h"

struct store_inzage_in {
    int64_t municipality_id;
    int64_t request_id; /* 0: none */
    int64_t created_by;
    int64_t n_items, n_withheld;
    struct str doc;
};

/* Creates a new data-key group and the concept export sealed under it. *out_id. ERR_INVAL (a
 * request_id that does not exist), ERR_TOOBIG (document beyond STORE_DOC_MAX), ERR_CRYPTO,
 * ERR_DB. */
int store_inzage_create(struct store *st, const struct store_inzage_in *in, int64_t *out_id,
                        struct err *e) WUR;

/* One export with its opened document. ERR_NOTFOUND (no detail), ERR_CRYPTO (key destroyed). */
int store_inzage_get(struct store *st, int64_t id, struct store_row *out, struct err *e) WUR;

/* Exports of a municipality (0: all), newest first, without documents, into out[0..cap)
 * (ERR_TOOBIG beyond cap). */
int store_inzage_list(struct store *st, int64_t municipality_id, struct store_row *out, size_t cap,
                      size_t *out_n, struct err *e) WUR;

/* Number of exports of a municipality. */
int store_inzage_count(struct store *st, int64_t municipality_id, int64_t *out, struct err *e) WUR;

/* Releases a concept export: status vrijgegeven, approved_by, approved_at = now. ERR_CONFLICT
 * when it is no concept any more or approver is its creator; ERR_NOTFOUND. */
int store_inzage_approve(struct store *st, int64_t id, int64_t approver, struct err *e) WUR;

/* Where a person row appears (link rows above): as subject of a signal, as a network person or
 * family-support relative of a case, in an informing record. ERR_TOOBIG beyond cap. */
int store_inzage_links(struct store *st, int64_t person_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e) WUR;

/* The overleg rows about a signal or its case (case_id 0: none): agenda items, minutes
 * versions, decisions, actions (overleg rows above; no documents). */
int store_inzage_overleg(struct store *st, int64_t signal_id, int64_t case_id,
                         struct store_row *out, size_t cap, size_t *out_n, struct err *e) WUR;

/* The municipality of rights request id (the rights register, migration 21). ERR_NOTFOUND. */
int store_inzage_request_muni(struct store *st, int64_t request_id, int64_t *out,
                              struct err *e) WUR;

/* The rights request export id answers (0: none). ERR_NOTFOUND when there is no such export. */
int store_inzage_request_of(struct store *st, int64_t id, int64_t *out, struct err *e) WUR;

/* Whether the signal has a stored ambtsbericht (no content is read). */
int store_inzage_has_ambtsbericht(struct store *st, int64_t signal_id, bool *out,
                                  struct err *e) WUR;

#endif
