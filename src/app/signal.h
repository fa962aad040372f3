/* signal.h: phase 1 and 2 of the approach (melding → weging): intake from every route, the
 * known-person check, information from partners, the weighing decision, the ambtsbericht store,
 * the work queue with deadlines, and search. The contract is docs/signals.md.
 *
 * Every use-case asks policy/ first (object-level, with the signal's municipality, submitter,
 * participants and named readers), answers 404 for an object the caller may not see (no
 * existence leak) and writes its access-log records: writes inside the same transaction
 * (alog_run), reads through *out_log, which the HTTP layer commits before the body leaves. */
#ifndef REGIE_APP_SIGNAL_H
#define REGIE_APP_SIGNAL_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/input.h"

/* The nine intake routes of a signal (docs/signals.md), in display order. */
#define APP_SIGNAL_N_ROUTES 9
extern const struct code app_signal_routes[APP_SIGNAL_N_ROUTES];

/* Lists for the forms (routes, phenomena, criteria, categories, outcomes, municipalities, ...). */
int app_signal_options(struct app *a, const struct alog_req *rq, json_t **out,
                       struct err *e) WUR;

/* POST /api/signals. *out: the full view (+ matches) for a caller who may read it in full, else
 * the receipt. */
int app_signal_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                      struct err *e) WUR;

/* Public intake (setting public_intake): only {reference}. client identifies the sender for the
 * rate limit (never stored). ERR_NOTFOUND when the setting is off; ERR_RATE when limited. */
int app_signal_public_options(struct app *a, json_t **out, struct err *e) WUR;
int app_signal_create_public(struct app *a, const struct alog_req *rq, const json_t *in,
                             json_t **out, struct err *e) WUR;

/* GET /api/signals with query values (NULL when absent). */
struct signal_query {
    const char *state;
    bool overdue;
    int64_t page;
    int64_t per_page;
};
int app_signal_list(struct app *a, const struct alog_req *rq, const struct signal_query *q,
                    json_t **out, struct alog_pending **out_log, struct err *e) WUR;

int app_signal_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                    struct alog_pending **out_log, struct err *e) WUR;
int app_signal_export(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e) WUR;
int app_signal_matches(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct alog_pending **out_log, struct err *e) WUR;
int app_signal_weighings(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                         struct alog_pending **out_log, struct err *e) WUR;

int app_signal_set_status(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                          json_t **out, struct err *e) WUR;
int app_signal_add_participant(struct app *a, const struct alog_req *rq, int64_t id,
                               const json_t *in, json_t **out, struct err *e) WUR;
int app_signal_add_information(struct app *a, const struct alog_req *rq, int64_t id,
                               const json_t *in, json_t **out, struct err *e) WUR;
int app_signal_add_feedback(struct app *a, const struct alog_req *rq, int64_t id,
                            const json_t *in, json_t **out, struct err *e) WUR;
int app_signal_add_weighing(struct app *a, const struct alog_req *rq, int64_t id,
                            const json_t *in, json_t **out, struct err *e) WUR;
int app_signal_update_ambtsbericht(struct app *a, const struct alog_req *rq, int64_t id,
                                   const json_t *in, json_t **out, struct err *e) WUR;

/* GET /api/search: exactly one of bsn, name (+ birth_date) or q. */
struct signal_search {
    const char *bsn;
    const char *name;
    const char *birth_date;
    const char *q;
};
int app_signal_search(struct app *a, const struct alog_req *rq, const struct signal_search *s,
                      json_t **out, struct alog_pending **out_log, struct err *e) WUR;

/* For the privacy officer's review queue: was an access to signal_id by (user_id, org_id) at
 * ts_ms expected? True when the organisation owns the signal (its municipality), was a
 * participant by then, the user submitted it or is a named reader, or the signal no longer
 * exists / cannot be read (nothing to judge). False flags the record for review. */
bool app_signal_access_expected(struct store *st, int64_t signal_id, int64_t user_id,
                                int64_t org_id, int64_t ts_ms);

/* For attachments (app/document.c): who may see or add to a signal, by the signal's own rules.
 * action "read": the full view (the dossierhouder, voorzitter and burgemeester of the signal's
 * municipality, an invited partner; for route ambtsbericht only the burgemeester and the named
 * readers); a receipt viewer (the submitter) does not count. action "update": the full view and
 * `update signal` (route ambtsbericht: `update ambtsbericht`). Fills *out (group, municipality,
 * participants, named-reader flag, subjects) on success. Errors: ERR_NOTFOUND (no such signal
 * or not visible to who: answer 404), ERR_FORBIDDEN (visible, but not this action), ERR_INVAL
 * (unknown action), ERR_DB. */
#define APP_SIGNAL_ACCESS_PARTS 64
#define APP_SIGNAL_ACCESS_PERSONS 10
struct app_signal_access {
    int64_t group_id;
    int64_t municipality_id;
    bool restricted; /* route ambtsbericht: the restricted store */
    bool designated; /* who is a named reader */
    int64_t parts[APP_SIGNAL_ACCESS_PARTS]; /* participating organisations */
    size_t n_parts;
    int64_t persons[APP_SIGNAL_ACCESS_PERSONS]; /* the data subjects */
    size_t n_persons;
};
int app_signal_may(struct store *st, const struct actor *who, int64_t signal_id,
                   const char *action, struct app_signal_access *out, struct err *e) WUR;

/* Working days after day (days since 1970-01-01): Monday to Friday, and with skip_holidays not
 * the general holidays of the Algemene termijnenwet art. 3 [U: checked against the act's list,
 * not against a CAO]: New Year's Day, Easter Monday, King's Day (27 April, 26th when the 27th is
 * a Sunday), 5 May, Ascension Day, Whit Monday, Christmas and Boxing Day. */
int64_t signal_add_workdays(int64_t day, int64_t n, bool skip_holidays);
bool signal_public_holiday(int64_t day);
/* Dutch label of a signal state code (the code itself when unknown). */
const char *signal_state_label(const char *state);
/* "YYYY-MM-DD" of a day number. */
void signal_fmt_day(int64_t day, char out[11]);
/* Today in Europe/Amsterdam, as days since 1970-01-01. */
int64_t signal_today(void);

/* Splits text into lowercase words for the keyed word index (ASCII letters/digits and any
 * non-ASCII byte are word characters; 2..64 bytes). Calls fn for each word (duplicates too). */
void signal_words(const char *p, size_t n, void (*fn)(void *ctx, const char *w, size_t wn),
                  void *ctx);

#endif
