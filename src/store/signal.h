/* signal.h: the repositories of phase 1 and 2 (melding → weging): signals, their subjects,
 * participants, information items, feedback, weighings, the case an admission creates, the
 * restricted ambtsbericht data and the keyed word index. Same conventions as store.h.
 *
 * Personal content is passed in and out as JSON text ("documents") that this layer seals under
 * the signal's data key with AAD (table, "doc", row id); the database holds only ciphertext, the
 * columns queues and figures need, and keyed hashes. Returned documents are malloc'd: release
 * them with the matching *_release function, which wipes them. Ids are random positive integers
 * below 2^53. Values in the enum-like text columns (route, state, category, outcome, ...) are
 * validated by the app layer and again by CHECK constraints (violation → ERR_INVAL). */
#ifndef REGIE_STORE_SIGNAL_H
#define REGIE_STORE_SIGNAL_H

#include "store/store.h"

#define STORE_DOC_MAX (256 * 1024) /* bytes of a sealed JSON document */
#define STORE_CODE_MAX 40          /* route, state, category, outcome, phenomenon codes */
#define STORE_REF_MAX 24

/* ---- signals ---------------------------------------------------------------------------------- */

struct store_signal_in {
    int64_t municipality_id;
    const char *route;
    const char *state;
    const char *reporter_kind;
    int64_t reporter_org_id;   /* 0: none */
    int64_t submitter_id;      /* 0: public intake */
    int64_t received_day;      /* days since epoch */
    bool acute;
    const char *phenomenon;    /* NULL: none */
    int64_t due_day;           /* 0: none */
    struct str doc;            /* sealed */
};

struct store_signal {
    int64_t id;
    int64_t group_id;
    int64_t municipality_id;
    int64_t reporter_org_id;
    int64_t submitter_id;
    int64_t received_day;
    int64_t received_at;
    int64_t state_at;
    int64_t due_day;
    int64_t case_id;
    bool acute;
    char reference[STORE_REF_MAX + 1];
    char route[STORE_CODE_MAX + 1];
    char state[STORE_CODE_MAX + 1];
    char reporter_kind[STORE_CODE_MAX + 1];
    char phenomenon[STORE_CODE_MAX + 1];
    char *doc; /* opened document when asked for (malloc'd, NUL-terminated), else NULL */
    size_t doc_len;
};

/* Creates the signal in a new data-key group with a random id and a reference "M-XXXX-XXXX"
 * (unambiguous letters and digits, not sequential). *out_group_id (NULL ok): the new group. */
int store_signal_create(struct store *st, const struct store_signal_in *in, int64_t *out_id,
                        char out_ref[STORE_REF_MAX + 1], int64_t *out_group_id,
                        struct err *e) WUR;

/* with_doc: also open the document. ERR_NOTFOUND; ERR_CRYPTO (destroyed). */
int store_signal_get(struct store *st, int64_t id, bool with_doc, struct store_signal *out,
                     struct err *e) WUR;
void store_signal_release(struct store_signal *s);

/* Replaces the signal's sealed document (same AAD). ERR_NOTFOUND. */
int store_signal_set_doc(struct store *st, int64_t id, struct str doc, struct err *e) WUR;

/* How many items a signal has, for the limits enforced at write time. */
struct store_signal_counts {
    int64_t information, feedback, weighings, participants;
};
int store_signal_counts(struct store *st, int64_t id, struct store_signal_counts *out,
                        struct err *e) WUR;

/* Sets state, state_at = now and due_day (0: none). ERR_NOTFOUND. */
int store_signal_set_state(struct store *st, int64_t id, const char *state, int64_t due_day,
                           struct err *e) WUR;

/* Who may see what in a list: rows matching any of the set conditions (0 = condition not used).
 * Restricted (ambtsbericht) signals are included only when restricted_municipality_id matches
 * or restricted_reader_id is a named reader. */
struct store_signal_filter {
    bool all;
    int64_t municipality_id;
    int64_t participant_org_id;
    int64_t submitter_id;
    int64_t restricted_municipality_id;
    int64_t restricted_reader_id;
    const char *state;   /* NULL: any */
    bool overdue;        /* only open signals with due_day < today */
    int64_t today;       /* days since epoch, for overdue */
    int64_t offset;
    int64_t limit;       /* 1..500 */
};

/* Rows (without documents) newest first into out[0..cap) (cap >= limit); *out_total = all
 * matching rows. */
int store_signal_list(struct store *st, const struct store_signal_filter *f,
                      struct store_signal *out, size_t cap, size_t *out_n, int64_t *out_total,
                      struct err *e) WUR;

/* ---- subjects --------------------------------------------------------------------------------- */

int store_signal_subject_add(struct store *st, int64_t signal_id, int64_t person_id, int position,
                             struct err *e) WUR;
/* Person ids of the signal's subjects in position order. ERR_TOOBIG beyond cap. */
int store_signal_subjects(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                          size_t *out_n, struct err *e) WUR;
/* Signals that have person_id as a subject. */
int store_signal_ids_by_person(struct store *st, int64_t person_id, int64_t *out, size_t cap,
                               size_t *out_n, struct err *e) WUR;

/* ---- participants ------------------------------------------------------------------------------ */

struct store_participant {
    int64_t org_id;
    int64_t added_by;
    int64_t added_at;
    char *doc; /* opened reason document, or NULL */
    size_t doc_len;
};

/* ERR_CONFLICT when the organisation already takes part. */
int store_signal_participant_add(struct store *st, int64_t signal_id, int64_t org_id,
                                 int64_t added_by, struct str doc, struct err *e) WUR;
/* Organisation ids only (for policy checks). */
int store_signal_participant_orgs(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                                  size_t *out_n, struct err *e) WUR;
/* With opened documents; release each with store_participant_release. */
int store_signal_participants(struct store *st, int64_t signal_id, struct store_participant *out,
                              size_t cap, size_t *out_n, struct err *e) WUR;
void store_participant_release(struct store_participant *p);

/* ---- information items, feedback ------------------------------------------------------------- */

struct store_item {
    int64_t id;
    int64_t signal_id;
    int64_t org_id;      /* information: source organisation; feedback: 0 */
    int64_t author_id;
    int64_t created_at;
    bool purpose_bound;
    char category[STORE_CODE_MAX + 1]; /* information only */
    char *doc;
    size_t doc_len;
};
void store_item_release(struct store_item *it);

int store_signal_info_add(struct store *st, int64_t signal_id, int64_t source_org_id,
                          int64_t author_id, const char *category, bool purpose_bound,
                          struct str doc, int64_t *out_id, struct err *e) WUR;
/* Oldest first, documents opened. */
int store_signal_info_list(struct store *st, int64_t signal_id, struct store_item *out,
                           size_t cap, size_t *out_n, struct err *e) WUR;

int store_signal_feedback_add(struct store *st, int64_t signal_id, int64_t author_id,
                              struct str doc, int64_t *out_id, struct err *e) WUR;
int store_signal_feedback_list(struct store *st, int64_t signal_id, struct store_item *out,
                               size_t cap, size_t *out_n, struct err *e) WUR;

/* ---- weighings and the case an admission creates ---------------------------------------------- */

struct store_weighing_in {
    int64_t signal_id;
    int64_t corrects;      /* 0: first or new weighing */
    const char *outcome;
    int64_t decided_day;
    bool joint;
    int64_t case_id;       /* 0: none */
    int64_t created_by;
    struct str doc;
};

struct store_weighing {
    int64_t id;
    int64_t signal_id;
    int64_t version;
    int64_t corrects;
    int64_t superseded_by;
    int64_t decided_day;
    int64_t case_id;
    int64_t created_by;
    int64_t created_at;
    bool joint;
    char outcome[STORE_CODE_MAX + 1];
    char *doc;
    size_t doc_len;
};
void store_weighing_release(struct store_weighing *w);

/* version = previous count + 1. ERR_CONFLICT when corrects was already corrected. */
int store_weighing_add(struct store *st, const struct store_weighing_in *in, int64_t *out_id,
                       struct err *e) WUR;
/* Newest first, documents opened. */
int store_weighing_list(struct store *st, int64_t signal_id, struct store_weighing *out,
                        size_t cap, size_t *out_n, struct err *e) WUR;

/* Creates the case of an admitted signal (one per signal: ERR_CONFLICT otherwise) in the
 * signal's data-key group and records it on the signal. */
int store_case_create(struct store *st, int64_t signal_id, int64_t casusregisseur_id,
                      int64_t first_overleg_day, int64_t created_by, int64_t *out_id,
                      struct err *e) WUR;

/* ---- ambtsbericht (restricted store) ---------------------------------------------------------- */

/* Inserts or replaces the document. */
int store_ambtsbericht_put(struct store *st, int64_t signal_id, struct str doc,
                           struct err *e) WUR;
/* ERR_NOTFOUND when absent. *out_doc malloc'd; wipe and free with store_doc_free. */
int store_ambtsbericht_get(struct store *st, int64_t signal_id, char **out_doc, size_t *out_len,
                           struct err *e) WUR;
/* Replaces the set of named readers. */
int store_ambtsbericht_set_readers(struct store *st, int64_t signal_id, const int64_t *users,
                                   size_t n, struct err *e) WUR;
int store_ambtsbericht_readers(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                               size_t *out_n, struct err *e) WUR;
void store_doc_free(char *doc, size_t n);

/* ---- keyed word index ------------------------------------------------------------------------- */

/* part: 0 = the signal's own document, otherwise an information item id. Duplicate tokens are
 * ignored. */
int store_signal_tokens_add(struct store *st, int64_t signal_id, int64_t part,
                            const uint8_t (*toks)[CRYPTO_HASH_BYTES], size_t n,
                            struct err *e) WUR;

struct store_token_hit {
    int64_t signal_id;
    int64_t part;
};
/* (signal, part) pairs holding tok, at most cap (ERR_TOOBIG beyond). */
int store_signal_token_find(struct store *st, const uint8_t tok[CRYPTO_HASH_BYTES],
                            struct store_token_hit *out, size_t cap, size_t *out_n,
                            struct err *e) WUR;

#endif
