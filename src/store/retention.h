/* retention.h: the repository of retention and destruction (docs/retention.md): which signals,
 * cases and ended key figures are due (with their latest extension and longest open legal hold),
 * the destruction of one data-key group in every table, legal holds and extensions (their
 * reason / rationale sealed as a document under the held group's key, AAD table, "doc", id, so
 * they go with the group) and the tombstones that remain (no names, no free text).
 *
 * hold rows (row.h):      meeting_id = object_id, group_id, a = until_day, b = ended_at (0 open),
 *                         c = municipality_id, d = ended_by, by = created_by, at = created_at,
 *                         code = kind, doc = {reason}.
 * extension rows:         meeting_id = object_id, group_id, a = until_day, c = municipality_id,
 *                         by = created_by, at = created_at, code = kind, doc = {rationale}. */
#ifndef REGIE_STORE_RETENTION_H
#define REGIE_STORE_RETENTION_H

#include "store/row.h"

#define STORE_RETENTION_PSEUDONYM_BYTES 32

/* A signal (never admitted), a closed case (with the signal it came from), an ended key figure,
 * a closed data-subject request (with its inzage exports), an inzage export that answers no
 * request or a breach of the breach register, with what the retention rules need; municipality_id
 * is the breach's organisation. */
struct store_retention_item {
    char kind[16]; /* "signal", "case", "key_figure", "rights_request", "inzage_export", "breach" */
    int64_t id;
    int64_t group_id;      /* signal: its group; case: its signal's group; key figure: its group */
    int64_t case_group_id; /* case: the case's own group; else 0 */
    int64_t signal_id;     /* signal and case: the signal; else 0 */
    int64_t case_id;       /* case: the case; else 0 */
    int64_t municipality_id;
    int64_t start_day;  /* signal: last weighing day, else received day; case: closed day;
                           key figure: ended day; rights request: closed day; inzage export:
                           released day (a concept: created day); breach: closed day (0 open) */
    int64_t until_day;  /* case: retention_until_day as set at closing; else 0 */
    int64_t ext_until;  /* the latest extension's until day, 0 when none */
    int64_t hold_until; /* the latest until day of the open (not ended) holds, 0 when none */
    char reference[25]; /* signal reference (no personal data); "" for key figures */
};

/* Items possibly due: signals without a case with start_day <= signal_before, closed cases with
 * retention_until_day <= case_before, key figures with ended_day <= kf_before, closed rights
 * requests and exports of no request with start_day <= rights_before, closed breaches with
 * start_day <= breach_before; of one municipality (0: all),
 * ordered by kind and id, at most cap (*out_n; more wait: no error). */
int store_retention_candidates(struct store *st, int64_t municipality_id, int64_t signal_before,
                               int64_t case_before, int64_t kf_before, int64_t rights_before,
                               int64_t breach_before, struct store_retention_item *out, size_t cap,
                               size_t *out_n, struct err *e) WUR;

/* One signal (without a case) or case by kind and id. ERR_NOTFOUND (no detail) otherwise. */
int store_retention_object(struct store *st, const char *kind, int64_t id,
                           struct store_retention_item *out, struct err *e) WUR;

/* Ids of the persons in the item's group(s), into out[0..cap) (ERR_TOOBIG beyond cap). */
int store_retention_persons(struct store *st, const struct store_retention_item *it, int64_t *out,
                            size_t cap, size_t *out_n, struct err *e) WUR;

/* Deletes every row of the item in every table (documents and chunks, agenda items with their
 * minutes, decisions, actions and invitations, all case_* / plan / measure / family /
 * communication / network tables, the signal and its subjects, information, weighings,
 * feedback, participants, ambtsbericht, word index; persons of the group(s) with their blind
 * indexes; holds and extensions) and destroys the group key(s) (store_group_destroy), in one
 * savepoint. A key figure: its contacts and itself. A rights request: its items, the inzage
 * exports that answer it and their groups (at most 256 exports, else ERR_TOOBIG), then its own.
 * *out_rows: rows deleted, *out_keys: keys destroyed. Call store_checkpoint after the
 * commit. ERR_NOTFOUND (the item is gone), ERR_INVAL (a row elsewhere still refers to it). */
int store_retention_destroy(struct store *st, const struct store_retention_item *it,
                            int64_t *out_rows, int64_t *out_keys, struct err *e) WUR;

/* Rows of the item still in the database, summed over every table the destroy touches plus
 * the data keys still usable (tests and the dry run). */
int store_retention_count_rows(struct store *st, const struct store_retention_item *it,
                               int64_t *out, struct err *e) WUR;

struct store_tombstone {
    int64_t id;
    char kind[16];
    uint8_t pseudonym[STORE_RETENTION_PSEUDONYM_BYTES];
    int64_t municipality_id;
    int64_t start_day, expiry_day, destroyed_day;
    int64_t destroyed_at; /* ms */
    char approved_by[65]; /* "dagelijkse taak", "regie purge (beheer)" */
    int64_t n_rows, n_keys;
};

int store_tombstone_add(struct store *st, const struct store_tombstone *t, struct err *e) WUR;

/* Tombstones of a municipality (0: all) destroyed on days from..to, newest first, at most cap. */
int store_tombstone_list(struct store *st, int64_t municipality_id, int64_t from_day,
                         int64_t to_day, struct store_tombstone *out, size_t cap, size_t *out_n,
                         struct err *e) WUR;

/* A hold / an extension on the item (sealed doc under it->group_id, or case_group_id for a
 * case). *out_id. */
int store_retention_hold_add(struct store *st, const struct store_retention_item *it,
                             int64_t until_day, int64_t by, struct str doc, int64_t *out_id,
                             struct err *e) WUR;
int store_retention_extension_add(struct store *st, const struct store_retention_item *it,
                                  int64_t until_day, int64_t by, struct str doc, int64_t *out_id,
                                  struct err *e) WUR;

/* Holds / extensions of a municipality (0: all), newest first, with documents. */
int store_retention_holds(struct store *st, int64_t municipality_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e) WUR;
int store_retention_extensions(struct store *st, int64_t municipality_id, struct store_row *out,
                               size_t cap, size_t *out_n, struct err *e) WUR;

/* One hold. ERR_NOTFOUND. */
int store_retention_hold_get(struct store *st, int64_t id, struct store_row *out,
                             struct err *e) WUR;

/* Ends an open hold. ERR_NOTFOUND (none, or already ended). */
int store_retention_hold_end(struct store *st, int64_t id, int64_t by, struct err *e) WUR;

#endif
