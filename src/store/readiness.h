/* readiness.h: the repositories of a municipality's preparedness (docs/preparedness.md,
 * domain.md 6.1 P1-P7): the readiness row (named dossierhouder and deputy, or the regional
 * organisation and body it relies on), policy documents with their college decision day, the
 * joint training log and its attendees, the COT role mapping, the key-figure counts the
 * dashboard shows (counts only, never names) and the support directory. Nothing here is sealed:
 * these tables hold ids, codes, dates and short official titles, no personal data beyond the user
 * ids of officials. Days are days since 1970-01-01; times are UTC milliseconds. Enum-like
 * columns are validated by the app layer and again by CHECK constraints (ERR_INVAL). Strings are
 * copied into the structs (NUL-terminated); nothing is allocated for the caller. */
#ifndef REGIE_STORE_READINESS_H
#define REGIE_STORE_READINESS_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

struct store;

#define STORE_RD_TITLE_MAX 200
#define STORE_RD_NOTE_MAX 500
#define STORE_SUPPORT_DESC_MAX 1000
#define STORE_SUPPORT_CONTACT_MAX 500
#define STORE_SUPPORT_URL_MAX 500

/* ---- the readiness row ------------------------------------------------------------------------
 */

struct store_readiness {
    int64_t municipality_id;
    int64_t dossierhouder_id; /* 0: none */
    int64_t deputy_id;
    int64_t regional_org_id;
    int64_t regional_body_id;
    int64_t updated_by;
    int64_t updated_at;
};

/* The row of a municipality; ERR_NOTFOUND (no detail) when none was ever saved. */
int store_readiness_get(struct store *st, int64_t municipality_id, struct store_readiness *out,
                        struct err *e) WUR;
/* Inserts or replaces the row (zero ids are stored as NULL). */
int store_readiness_set(struct store *st, const struct store_readiness *in, struct err *e) WUR;

/* ---- policy documents -------------------------------------------------------------------------
 */

struct store_policy_doc {
    int64_t id;
    int64_t municipality_id;
    int64_t decision_day; /* 0: no college decision recorded */
    int64_t created_by;
    int64_t created_at;
    int64_t withdrawn_by; /* 0: current */
    int64_t withdrawn_at;
    char kind[24];
    char title[STORE_RD_TITLE_MAX + 1];
    char reference[STORE_RD_TITLE_MAX + 1];
};

/* Adds a document (id, withdrawn_* ignored); *out_id the new random id. */
int store_policy_doc_add(struct store *st, const struct store_policy_doc *in, int64_t *out_id,
                         struct err *e) WUR;
int store_policy_doc_get(struct store *st, int64_t id, struct store_policy_doc *out,
                         struct err *e) WUR;
/* Documents of a municipality, current ones first, then by decision day (newest first).
 * ERR_TOOBIG beyond cap. */
int store_policy_doc_list(struct store *st, int64_t municipality_id, struct store_policy_doc *out,
                          size_t cap, size_t *out_n, struct err *e) WUR;
/* Marks a current document withdrawn; ERR_CONFLICT when it already was. */
int store_policy_doc_withdraw(struct store *st, int64_t id, int64_t by, int64_t at,
                              struct err *e) WUR;

/* ---- training log -----------------------------------------------------------------------------
 */

struct store_training {
    int64_t id;
    int64_t municipality_id;
    int64_t day;
    int64_t created_by;
    int64_t created_at;
    char topic[STORE_RD_TITLE_MAX + 1];
    char provider[STORE_RD_TITLE_MAX + 1];
};

/* Adds a training and its attendees (user ids, distinct) atomically. */
int store_training_add(struct store *st, const struct store_training *in, const int64_t *attendees,
                       size_t n, int64_t *out_id, struct err *e) WUR;
/* Trainings of a municipality, newest day first. ERR_TOOBIG beyond cap. */
int store_training_list(struct store *st, int64_t municipality_id, struct store_training *out,
                        size_t cap, size_t *out_n, struct err *e) WUR;
int store_training_attendees(struct store *st, int64_t training_id, int64_t *out, size_t cap,
                             size_t *out_n, struct err *e) WUR;
/* Per organisation of an attendee: the last training day of the municipality's log. */
int store_training_last_by_org(struct store *st, int64_t municipality_id, int64_t *out_org,
                               int64_t *out_day, size_t cap, size_t *out_n, struct err *e) WUR;

/* ---- COT role mapping -------------------------------------------------------------------------
 */

struct store_cot {
    char function[24];
    int64_t org_id;
    char note[STORE_RD_NOTE_MAX + 1];
    int64_t updated_by;
    int64_t updated_at;
};

/* The mapping of a municipality, by function then organisation. */
int store_cot_list(struct store *st, int64_t municipality_id, struct store_cot *out, size_t cap,
                   size_t *out_n, struct err *e) WUR;
/* Replaces the whole mapping of a municipality atomically (updated_by/at from each row). */
int store_cot_replace(struct store *st, int64_t municipality_id, const struct store_cot *rows,
                      size_t n, struct err *e) WUR;

/* ---- key-figure counts (P3) -------------------------------------------------------------------
 */

/* Active key figures (not ended) of a municipality and how many of them are due for contact:
 * the last contact (or the consent, when later or there was none) on or before due_day (today
 * minus keyfigure_contact_days), the same rule as the key-figure register. */
int store_readiness_keyfigures(struct store *st, int64_t municipality_id, int64_t due_day,
                               int64_t *out_active, int64_t *out_overdue, struct err *e) WUR;

/* ---- support directory ------------------------------------------------------------------------
 */

struct store_support_org {
    int64_t id;
    int64_t sort;
    int64_t updated_by;
    int64_t updated_at;
    int64_t removed_at; /* 0: listed */
    char name[STORE_RD_TITLE_MAX + 1];
    char description[STORE_SUPPORT_DESC_MAX + 1];
    char contact[STORE_SUPPORT_CONTACT_MAX + 1];
    char url[STORE_SUPPORT_URL_MAX + 1]; /* "" when none */
};

/* Listed (not removed) entries by sort, then name. ERR_TOOBIG beyond cap. */
int store_support_list(struct store *st, struct store_support_org *out, size_t cap, size_t *out_n,
                       struct err *e) WUR;
/* ERR_NOTFOUND (also for a removed entry). */
int store_support_get(struct store *st, int64_t id, struct store_support_org *out,
                      struct err *e) WUR;
/* ERR_CONFLICT when the name is taken. */
int store_support_add(struct store *st, const struct store_support_org *in, int64_t *out_id,
                      struct err *e) WUR;
/* Replaces name, description, contact, url and sort of a listed entry. */
int store_support_update(struct store *st, const struct store_support_org *in, struct err *e) WUR;
/* Sets removed_at (soft delete). ERR_NOTFOUND when not listed. */
int store_support_remove(struct store *st, int64_t id, int64_t by, int64_t at, struct err *e) WUR;

#endif
