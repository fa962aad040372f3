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

/* The current TOTP code of a demo account (refused for any other account). */
int app_demo_code(struct app *a, struct str username, char out[7], struct err *e) WUR;

#endif
