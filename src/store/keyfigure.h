/* keyfigure.h: the repository of the key-figure register (docs/keyfigures.md): key figures and
 * community contacts of a municipality and their contact log. Each key figure has its own
 * data-key group: its document ({organisation, role, contact_name, phone, email, consent_note,
 * note, end_reason}) and the topics of its contacts are sealed under that key (AAD table, "doc",
 * row id), so destroying the key figure destroys the key and nothing of it stays readable, in old
 * backups neither. Never linked to a case: there is no case column. Rows use the common shape of
 * row.h; documents are malloc'd (release with store_row_release).
 *
 * key_figure rows: meeting_id = municipality_id, a = consent_day, b = last_contact_day (0: none),
 *                  c = ended_day (0: active), d = created_at, by = created_by, at = updated_at,
 *                  code = level.
 * contact rows:    meeting_id = key_figure_id, a = day, by = user_id, at = created_at. */
#ifndef REGIE_STORE_KEYFIGURE_H
#define REGIE_STORE_KEYFIGURE_H

#include "store/row.h"

struct store_keyfigure_in {
    int64_t municipality_id;
    const char *level; /* "bestuurlijk" or "ambtelijk" (CHECK: ERR_INVAL) */
    int64_t consent_day;
    int64_t created_by;
    struct str doc;
};

/* Creates a new data-key group and the key figure sealed under it. *out_id, *out_group_id (may be
 * NULL). ERR_INVAL, ERR_CRYPTO, ERR_DB. */
int store_keyfigure_create(struct store *st, const struct store_keyfigure_in *in, int64_t *out_id,
                           int64_t *out_group_id, struct err *e) WUR;

/* One key figure with its document. ERR_NOTFOUND (no detail), ERR_CRYPTO (key destroyed). */
int store_keyfigure_get(struct store *st, int64_t id, struct store_row *out, struct err *e) WUR;

/* Every key figure of a municipality (active and ended) with documents, by id, into out[0..cap)
 * (ERR_TOOBIG beyond cap). */
int store_keyfigure_list(struct store *st, int64_t municipality_id, struct store_row *out,
                         size_t cap, size_t *out_n, struct err *e) WUR;

/* Number of key figures of a municipality (active and ended). */
int store_keyfigure_count(struct store *st, int64_t municipality_id, int64_t *out,
                          struct err *e) WUR;

/* Active key figures of the municipality whose last contact (or, when later or never, the
 * consent day) is on or before day `due_before` (= today - contact period). */
int store_keyfigure_overdue_count(struct store *st, int64_t municipality_id, int64_t due_before,
                                  int64_t *out, struct err *e) WUR;

/* Rewrites level (r->code), consent day (r->a), ended day (r->c, 0 = active) and the document
 * (r->doc, resealed under r->group_id); updated_at = now. ERR_NOTFOUND when the row is gone. */
int store_keyfigure_update(struct store *st, const struct store_row *r, struct err *e) WUR;

/* Adds a contact (day, user, sealed {topic} under group_id) and raises last_contact_day to day
 * when later, atomically. *out_id. */
int store_keyfigure_contact_add(struct store *st, int64_t key_figure_id, int64_t group_id,
                                int64_t day, int64_t user_id, struct str doc, int64_t *out_id,
                                struct err *e) WUR;

/* The contact log of a key figure, newest first, with documents (ERR_TOOBIG beyond cap). */
int store_keyfigure_contacts(struct store *st, int64_t key_figure_id, struct store_row *out,
                             size_t cap, size_t *out_n, struct err *e) WUR;

/* Number of contacts of a key figure. */
int store_keyfigure_contact_count(struct store *st, int64_t key_figure_id, int64_t *out,
                                  struct err *e) WUR;

/* Destroys a key figure: deletes its contacts and its row and destroys its data key
 * (store_group_destroy), atomically. Call store_checkpoint after the commit so the old key bytes
 * leave the -wal file. ERR_NOTFOUND. */
int store_keyfigure_destroy(struct store *st, int64_t id, struct err *e) WUR;

#endif
