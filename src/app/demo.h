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

/* The current TOTP code of a demo account (refused for any other account). */
int app_demo_code(struct app *a, struct str username, char out[7], struct err *e) WUR;

#endif
