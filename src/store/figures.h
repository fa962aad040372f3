/* figures.h: the aggregate counts behind the council figures (docs/figures.md): GROUP BY queries
 * over the clear columns only (municipality, phase, phenomenon, measure domain, dates), never a
 * sealed document, a name or a person id; and the register of issued council copies. */
#ifndef REGIE_STORE_FIGURES_H
#define REGIE_STORE_FIGURES_H

#include "store/signal.h"

enum store_fig_kind {
    STORE_FIG_PHASE,      /* cases in the approach during the period, by phase at its end */
    STORE_FIG_PHENOMENON, /* signals received in the period, by phenomenon ("" = none given) */
    STORE_FIG_MEASURE,    /* measures active in the period, by domain */
};

struct store_fig_count {
    int64_t municipality_id;
    char code[STORE_CODE_MAX + 1];
    int64_t n;
};

/* Counts of kind k per (municipality, code) for the municipalities of region_id (only
 * municipality_id when it is non-zero) over the days from_day..to_day (days since 1970-01-01,
 * Europe/Amsterdam). Phase: a case counts when it was admitted on or before to_day and was not
 * closed before from_day; its phase is the last transition decided on or before to_day
 * ("opgenomen" when none). Measure: imposed, running, appealed or ended, created on or before
 * to_day and not ended before from_day. out[0..cap); ERR_TOOBIG beyond cap; ERR_DB. */
int store_figures_counts(struct store *st, enum store_fig_kind k, int64_t region_id,
                         int64_t municipality_id, int64_t from_day, int64_t to_day,
                         struct store_fig_count *out, size_t cap, size_t *out_n, struct err *e) WUR;

#define STORE_COPY_PERIOD_MAX 16
#define STORE_COPY_RECIPIENT_MAX 200
#define STORE_COPY_DIGEST_BYTES 32

struct store_council_copy {
    int64_t id;
    int64_t region_id;
    int64_t municipality_id; /* 0: the whole region */
    char period[STORE_COPY_PERIOD_MAX + 1];
    char recipient[STORE_COPY_RECIPIENT_MAX + 1];
    int64_t issued_by; /* 0: the operator on the server (CLI) */
    int64_t issued_at; /* ms */
    uint8_t digest[STORE_COPY_DIGEST_BYTES];
};

/* Records an issued copy (issued_at = now). ERR_INVAL (CHECK/foreign key), ERR_DB. */
int store_council_copy_add(struct store *st, const struct store_council_copy *in, int64_t *out_id,
                           struct err *e) WUR;

/* The copies of a region for period ("" = every period), newest first, into out[0..cap);
 * ERR_TOOBIG beyond cap. */
int store_council_copy_list(struct store *st, int64_t region_id, const char *period,
                            struct store_council_copy *out, size_t cap, size_t *out_n,
                            struct err *e) WUR;

#endif
