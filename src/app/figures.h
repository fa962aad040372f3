/* figures.h: the council figures (REQ-PRIV-17, issue 10 item 6, docs/figures.md): counts by case
 * phase, signal phenomenon and kind of measure per municipality of the region for one quarter or
 * one year (never finer), protected by app/disclosure.h (rounded, small cells suppressed,
 * complementary suppression), marked "Vertrouwelijk — geheimhouding art. 25 Gemeentewet". The
 * figures hold no names, free text or ids of people. Reading them writes one access-log record
 * (object figures, no data subject); issuing a copy for a closed council session is an export:
 * a council_copy row (recipient, who, when, BLAKE2b digest of the canonical figures) and its
 * record in one transaction. */
#ifndef REGIE_APP_FIGURES_H
#define REGIE_APP_FIGURES_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "core/str.h"

#define FIGURES_MARKING "Vertrouwelijk \xe2\x80\x94 geheimhouding art. 25 Gemeentewet"
#define FIGURES_RECIPIENT_MAX 200

/* A reporting period: a quarter "2026Q3" or a year "2026" (its four quarters). */
struct figures_period {
    char text[8];
    int year;
    int quarter; /* 1..4, 0 for a whole year */
    int64_t from_day, to_day;
};

/* Parses s as a period with a year from 2015 to this_year. ERR_INVAL otherwise. */
int figures_period_parse(struct str s, int this_year, struct figures_period *out) WUR;

/* The figures for period (text, validated here: errors name "period") and the municipalities
 * of the actor's region, or only municipality_id (non-zero: a municipality of that region; the
 * CLI operator, who has no organisation, names one or has a single region). *out: the figures
 * (caller decrefs); *out_log: the read record to submit before answering (api_logged).
 * ERR_FORBIDDEN (no read figures), ERR_INVAL (fields period, municipality). */
int app_figures_council(struct app *a, const struct alog_req *rq, const char *period,
                        int64_t municipality_id, json_t **out, struct alog_pending **out_log,
                        struct err *e) WUR;

/* Issues a copy: in {period, recipient, municipality_id?}; records the copy and its export
 * record in one transaction. *out {id, digest, period, recipient, issued_at, figures}.
 * ERR_FORBIDDEN (no export figures), ERR_INVAL (fields). */
int app_figures_copy_issue(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                           struct err *e) WUR;

/* The copies issued in the actor's region (period "" = all; else validated): {items:[{id,
 * period, municipality, recipient, issued_by, issued_at, digest}]}. Export roles only. */
int app_figures_copies(struct app *a, const struct alog_req *rq, const char *period, json_t **out,
                       struct alog_pending **out_log, struct err *e) WUR;

#endif
