/* jsonv.h: validation helpers for JSON objects that arrive from clients (request bodies). Used by
 * the HTTP handlers and by the use-cases that take a JSON body, so both name fields and reasons
 * the same way (Dutch, client-safe). */
#ifndef REGIE_CORE_JSONV_H
#define REGIE_CORE_JSONV_H

#include <jansson.h>

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

/* String member `key` of obj as a borrowed slice. Absent or null: STR_NULL, and with required an
 * error "is verplicht" (also for an empty string). Not a string, or longer than max bytes:
 * ERR_INVAL with the field named. */
int jsonv_str(const json_t *obj, const char *key, bool required, size_t max, struct str *out,
              struct err *e) WUR;

/* ERR_INVAL naming every member of obj that is not in keys[0..n) (no mass assignment). */
int jsonv_only_keys(const json_t *obj, const char *const *keys, size_t n, struct err *e) WUR;

#endif
