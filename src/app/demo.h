/* demo.h: the fictional demo region "Regio Voorbeeld". Every name is obviously fictional. */
#ifndef REGIE_APP_DEMO_H
#define REGIE_APP_DEMO_H

#include <jansson.h>

#include "app/app.h"
#include "core/err.h"
#include "core/str.h"

/* Creates the region, its municipalities and partner organisations in one transaction and
 * returns a JSON description of what was created (caller decrefs). ERR_CONFLICT if the demo region
 * already exists (nothing is changed). */
int app_demo_create(struct app *a, json_t **out, struct err *e) WUR;

/* The demo accounts that act in the demo signals. */
enum demo_as {
    DEMO_AS_DOSSIERHOUDER,
    DEMO_AS_DOSSIERHOUDER2,
    DEMO_AS_BURGEMEESTER,
    DEMO_AS_PARTNER,
    DEMO_AS_OM,
    DEMO_AS_RVDK,
    DEMO_AS_MELDER,
    DEMO_AS_VOORZITTER,
    DEMO_AS_JEUGDZORG,
    DEMO_AS_COUNT
};
struct demo_ids {
    int64_t user[DEMO_AS_COUNT];
    int64_t org[DEMO_AS_COUNT];
    uint32_t roles[DEMO_AS_COUNT];
};

/* Fictional signals in every state (demo_signals.c), made through the use-cases as the demo
 * accounts. Called by app_demo_create after the accounts exist. */
int app_demo_signals(struct app *a, const struct demo_ids *ids, struct err *e) WUR;

/* Bodies and meetings of the overleg (demo_meetings.c): a past signaleringsoverleg with adopted
 * minutes and an upcoming casusoverleg with a youth-care worker invited for one item. */
int app_demo_meetings(struct app *a, const struct demo_ids *ids, struct err *e) WUR;

/* One more fictional signal about name (born dob), registered by the demo dossierhouder `as`
 * (enum demo_as) and admitted after a joint weighing days_ago days ago; *case_id the new case
 * (demo_signals.c). */
int app_demo_admit(struct app *a, const struct demo_ids *ids, int as, const char *name,
                   const char *dob, const char *observed, int64_t days_ago, int64_t *case_id,
                   struct err *e) WUR;

/* Cases in every phase (demo_cases.c): built on admitted signals through the case use-cases. */
int app_demo_cases(struct app *a, const struct demo_ids *ids, struct err *e) WUR;

/* The key-figure register (demo_keyfigures.c): Voorbeeldstad four key figures (one overdue),
 * Proefdorp one overdue, Oefenveen none. */
int app_demo_keyfigures(struct app *a, const struct demo_ids *ids, struct err *e) WUR;

/* Preparedness (demo_readiness.c): Voorbeeldstad fully prepared, Proefdorp half-prepared (one
 * dossierhouder, no deputy: the continuity warning), Oefenveen relying on the regional
 * dossierhouder and a regional overleg. */
int app_demo_readiness(struct app *a, const struct demo_ids *ids, struct err *e) WUR;

/* The synthetic region loader (demo_scale.c, `regie demo --scale N`): on top of an existing demo
 * region, N x (10,000 signals, 200 cases with plans, measures, checklists and networks of 10
 * persons / 25 relations, 50 meetings, 100,000 access-log records in all), through the real
 * store and use-case paths and the real access-log chain. Runs the connection with
 * synchronous=OFF and ends with a WAL checkpoint and sync (a crash mid-load leaves a half-loaded
 * demo). progress (may be NULL) receives lines with counts and rates only. *out: {scale, seed,
 * counts{...}, rows_written, seconds, rows_per_s, handles{case_id, case_user, signal_id,
 * person_name, person_birth_date, word, network_case_id}} (caller decrefs). ERR_INVAL (field
 * "scale") outside DEMO_SCALE_MIN..MAX; ERR_CONFLICT without a demo region. Not thread-safe:
 * uses the app's store connection. */
#define DEMO_SCALE_MIN 1
#define DEMO_SCALE_MAX 1000
struct demo_scale_opts {
    int64_t scale;
    uint64_t seed;
    void (*progress)(void *ctx, const char *line);
    void *progress_ctx;
};
int app_demo_scale(struct app *a, const struct demo_scale_opts *o, json_t **out,
                   struct err *e) WUR;

/* The current TOTP code of a demo account (refused for any other account). */
int app_demo_code(struct app *a, struct str username, char out[7], struct err *e) WUR;

#endif
