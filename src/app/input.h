/* input.h: reading a JSON request with named field errors (Dutch reasons; the HTTP layer turns
 * e->fields into RFC 9457 `errors`), and the small shared parts of JSON answers. Field names of
 * nested members are paths "prefix/key". Every reader records its error in e and goes on, so a
 * request gets all its errors at once; in_has_errors tells whether any was recorded. */
#ifndef REGIE_APP_INPUT_H
#define REGIE_APP_INPUT_H

#include <jansson.h>

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"

struct store;

/* A code list entry: machine code and Dutch label. */
struct code {
    const char *code;
    const char *label;
};
const struct code *code_find(const struct code *t, size_t n, struct str s);
/* The label of code, or code itself when unknown. */
const char *code_label(const struct code *t, size_t n, const char *code);
/* [{code,label}] */
json_t *codes_json(const struct code *t, size_t n);
#define FIND(tbl, s) code_find(tbl, ARRAY_LEN(tbl), s)
#define LABEL(tbl, s) code_label(tbl, ARRAY_LEN(tbl), s)

/* "YYYY-MM-DD" of a day number (days since 1970-01-01), null for day <= 0. */
json_t *json_day(int64_t day);
/* RFC 3339 UTC of a millisecond time. */
json_t *json_time(int64_t ms);
/* {id, name, kind} of an organisation / {id, name} of a user; null for id <= 0. */
json_t *json_org_ref(struct store *st, int64_t id);
json_t *json_user_ref(struct store *st, int64_t id);

/* Between begin and end, json_org_ref and json_user_ref on this thread look each id up once and
 * hand out the same (shared, never to be changed) object: for one response that names the same
 * people many times. end releases them; a begin without end is ended by the next begin. */
void json_ref_memo_begin(void);
void json_ref_memo_end(void);

/* "prefix/key" (or key) in buf. */
const char *in_fname(char *buf, size_t cap, const char *prefix, const char *key);
/* A text member: string, <= max bytes of valid UTF-8, one line unless multiline; "" counts as
 * absent. *out borrows from obj. */
void in_text(const json_t *obj, const char *prefix, const char *key, bool required, size_t max,
             bool multiline, struct str *out, struct err *e);
/* A birth date "YYYY-MM-DD", 1900-01-01 up to today (before 1970 too): true and *out set when
 * present and valid; a bad one is a field error. */
bool in_birth_date(const json_t *obj, const char *prefix, const char *key, bool required,
                   struct str *out, struct err *e);
/* A date member "YYYY-MM-DD" → days (0 when absent or bad; so never a day before 1970-01-02:
 * birth dates use in_birth_date). */
int64_t in_date(const json_t *obj, const char *prefix, const char *key, bool required,
                struct err *e);
bool in_bool(const json_t *obj, const char *prefix, const char *key, bool required, bool *present,
             struct err *e);
/* A positive integer id (0 when absent or bad). */
int64_t in_id(const json_t *obj, const char *prefix, const char *key, bool required,
              struct err *e);
/* Names every member of obj not in keys[] as "prefix/member": unknown field. */
void in_check_keys(const json_t *obj, const char *prefix, const char *const *keys, size_t n,
                   struct err *e);
/* Element i of an array member: an object with only keys[]; pre receives "name/i". */
bool in_array_item(const json_t *x, const char *name, size_t i, const char *const *keys,
                   size_t n, char pre[32], struct err *e);
/* An object member (absent → NULL; not an object → error), its keys checked. */
const json_t *in_obj(const json_t *obj, const char *key, bool required, const char *const *keys,
                     size_t nkeys, struct err *e);
bool in_has_errors(const struct err *e);

/* A BSN member value: 9 digits (spaces, dots, hyphens dropped) passing the elfproef; the error
 * names "prefix/bsn". */
void in_bsn(struct str bsn, const char *prefix, struct err *e);

/* ERR_FORBIDDEN "no access to this function" (clears e first). Inline, like err_set, so that
 * gcc -fanalyzer sees the non-zero return in every file. */
static inline int in_denied(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot deze functie.");
}
/* ERR_CONFLICT with msg, naming field when given (clears e first). Inline, as in_denied. */
static inline int in_conflict(struct err *e, const char *field, const char *msg)
{
    err_clear(e);
    if (field)
        err_field(e, field, "%s", msg);
    return err_set(e, ERR_CONFLICT, "%s", msg);
}
bool id_in(const int64_t *v, size_t n, int64_t x);
struct store_org;
struct store_user;
struct store_signal;
struct store_case;
/* An object an input names, looked up for its validation: 0 when found; otherwise non-zero and
 * *out zeroed, so that the caller names the field. When the database failed (anything but
 * ERR_NOTFOUND) e takes the store's error code and detail as well: the answer is then a 5xx
 * (its field errors are not shown), never a 400 for input that may be right. */
int in_ref_org(struct store *st, int64_t id, struct store_org *out, struct err *e);
int in_ref_user(struct store *st, int64_t id, struct store_user *out, struct err *e);
int in_ref_signal(struct store *st, int64_t id, struct store_signal *out, struct err *e);
int in_ref_case(struct store *st, int64_t id, struct store_case *out, struct err *e);
/* The organisation has a signed, current covenant (REQ-ACT-01). */
bool org_covenant_ok(const struct store_org *o);

/* Sealed documents: JSON text of j (takes j; NULL on failure), wiped and freed by doc_free;
 * doc_parse gives an object (empty when doc is NULL or not JSON). */
char *doc_dump(json_t *j);
void doc_free(char *s);
json_t *doc_parse(const char *doc, size_t n);

#endif
