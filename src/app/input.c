/* input.c: what every use-case needs to read a JSON request (named field errors in Dutch, as
 * RFC 9457 problem+json `errors`) and to write the small shared parts of a JSON answer (dates,
 * times, organisation and user references, code lists). */
#include "core/common.h"

#include <time.h>

#include "app/input.h"
#include "app/signal.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/jsonv.h"
#include "store/case.h"
#include "store/signal.h"
#include "store/store.h"
#include "store/user.h"

const struct code *code_find(const struct code *t, size_t n, struct str s)
{
    for (size_t i = 0; s.p && i < n; i++)
        if (str_eq_cstr(s, t[i].code))
            return &t[i];
    return NULL;
}

const char *code_label(const struct code *t, size_t n, const char *code)
{
    const struct code *c = code_find(t, n, str_from_cstr(code));
    return c ? c->label : code;
}

json_t *codes_json(const struct code *t, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", t[i].code, "label", t[i].label));
    return a;
}

json_t *json_day(int64_t day)
{
    char d[11];
    if (day <= 0)
        return json_null();
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (strftime(d, sizeof(d), "%Y-%m-%d", &tm) != 10)
        return json_null();
    return json_string(d);
}

json_t *json_time(int64_t ms)
{
    char t[32];
    return json_string(clock_fmt_utc(ms, t, sizeof(t)));
}

/* "prefix/key" as a field name. */
const char *in_fname(char *buf, size_t cap, const char *prefix, const char *key)
{
    if (prefix == NULL || !prefix[0])
        return key;
    snprintf(buf, cap, "%s/%s", prefix, key);
    return buf;
}

/* A text member: string, ≤ max bytes, one line unless multiline; "" counts as absent. */
void in_text(const json_t *obj, const char *prefix, const char *key, bool required,
                     size_t max, bool multiline, struct str *out, struct err *e)
{
    char fb[ERR_NAME_MAX];
    const char *f = in_fname(fb, sizeof(fb), prefix, key);
    json_t *v = json_object_get(obj, key);
    *out = STR_NULL;
    if (v == NULL || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
        if (required)
            err_field(e, f, "is verplicht");
        return;
    }
    if (!json_is_string(v)) {
        err_field(e, f, "moet tekst zijn");
        return;
    }
    struct str s = {json_string_value(v), json_string_length(v)};
    if (s.n > max) {
        err_field(e, f, "is te lang (maximaal %zu tekens)", max);
        return;
    }
    bool ok = str_utf8_valid(s, false);
    for (size_t i = 0; ok && !multiline && i < s.n; i++)
        ok = (unsigned char)s.p[i] >= 0x20;
    if (!ok) {
        err_field(e, f, "bevat ongeldige tekens");
        return;
    }
    *out = s;
}

/* A birth date "YYYY-MM-DD" from 1900-01-01 up to today, into *out (borrowed from obj; cleared
 * when absent or bad). Not in_date: its 0 means "absent", so it refuses every day up to
 * 1970-01-01, and people born before 1970 are in these files too. */
bool in_birth_date(const json_t *obj, const char *prefix, const char *key, bool required,
                   struct str *out, struct err *e)
{
    char fb[ERR_NAME_MAX];
    int64_t days = 0;
    size_t before = e ? e->n_fields : 0;
    in_text(obj, prefix, key, required, 10, false, out, e);
    if (out->p == NULL)
        return false;
    const char *why = NULL;
    if (clock_parse_date(out->p, out->n, &days) != 0)
        why = "geen geldige datum (JJJJ-MM-DD)";
    else if (days < clock_days_from_civil(1900, 1, 1))
        why = "ligt voor 1900";
    else if (days > signal_today())
        why = "ligt in de toekomst";
    if (why == NULL)
        return true;
    if (!e || e->n_fields == before)
        err_field(e, in_fname(fb, sizeof(fb), prefix, key), "%s", why);
    *out = (struct str){NULL, 0};
    return false;
}

/* A date member "YYYY-MM-DD" → days (0 when absent). */
int64_t in_date(const json_t *obj, const char *prefix, const char *key, bool required,
                        struct err *e)
{
    char fb[ERR_NAME_MAX];
    struct str s;
    int64_t days = 0;
    size_t before = e ? e->n_fields : 0;
    in_text(obj, prefix, key, required, 10, false, &s, e);
    if (s.p == NULL)
        return 0;
    if (clock_parse_date(s.p, s.n, &days) != 0 || days <= 0) {
        if (!e || e->n_fields == before)
            err_field(e, in_fname(fb, sizeof(fb), prefix, key), "geen geldige datum (JJJJ-MM-DD)");
        return 0;
    }
    return days;
}

bool in_bool(const json_t *obj, const char *prefix, const char *key, bool required,
                     bool *present, struct err *e)
{
    char fb[ERR_NAME_MAX];
    json_t *v = json_object_get(obj, key);
    if (present)
        *present = false;
    if (v == NULL || json_is_null(v)) {
        if (required)
            err_field(e, in_fname(fb, sizeof(fb), prefix, key), "is verplicht (ja of nee)");
        return false;
    }
    if (!json_is_boolean(v)) {
        err_field(e, in_fname(fb, sizeof(fb), prefix, key), "moet ja of nee (true/false) zijn");
        return false;
    }
    if (present)
        *present = true;
    return json_is_true(v);
}

int64_t in_id(const json_t *obj, const char *prefix, const char *key, bool required,
                      struct err *e)
{
    char fb[ERR_NAME_MAX];
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            err_field(e, in_fname(fb, sizeof(fb), prefix, key), "is verplicht");
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        err_field(e, in_fname(fb, sizeof(fb), prefix, key), "moet een id (positief getal) zijn");
        return 0;
    }
    return (int64_t)json_integer_value(v);
}

/* Names every member of obj that is not in keys[] as "prefix/member": unknown field. */
void in_check_keys(const json_t *obj, const char *prefix, const char *const *keys, size_t n,
                       struct err *e)
{
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)obj, k, x)
    {
        bool ok = false;
        for (size_t i = 0; i < n; i++)
            ok = ok || strcmp(k, keys[i]) == 0;
        if (!ok) {
            char fb[ERR_NAME_MAX];
            err_field(e, in_fname(fb, sizeof(fb), prefix, k), "onbekend veld");
        }
    }
}

/* Element i of an array member: must be an object with only keys[]; pre receives "name/i". */
bool in_array_item(const json_t *x, const char *name, size_t i, const char *const *keys,
                       size_t n, char pre[32], struct err *e)
{
    snprintf(pre, 32, "%s/%zu", name, i);
    if (!json_is_object(x)) {
        err_field(e, pre, "moet een object zijn");
        return false;
    }
    in_check_keys(x, pre, keys, n, e);
    return true;
}

/* An object member (absent → NULL; not an object → error). Checks its keys. */
const json_t *in_obj(const json_t *obj, const char *key, bool required,
                             const char *const *keys, size_t nkeys, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            err_field(e, key, "is verplicht");
        return NULL;
    }
    if (!json_is_object(v)) {
        err_field(e, key, "moet een object zijn");
        return NULL;
    }
    in_check_keys(v, key, keys, nkeys, e);
    return v;
}

bool in_has_errors(const struct err *e)
{
    return e != NULL && e->n_fields > 0;
}

/* json_ref_memo_begin/end: the references built on this thread in between, by id. A reference
 * is shared by every place that names it (jansson counts references; nobody changes them). */
#define REF_MEMO_MAX 32
struct ref_memo_entry {
    int64_t id;
    bool org;
    json_t *j;
};
struct ref_memo {
    bool on;
    size_t n;
    struct ref_memo_entry m[REF_MEMO_MAX];
};
static __thread struct ref_memo memo; /* per thread (GNU C, as _Thread_local) */

void json_ref_memo_begin(void)
{
    json_ref_memo_end();
    memo.on = true;
}

void json_ref_memo_end(void)
{
    for (size_t i = 0; i < memo.n; i++)
        json_decref(memo.m[i].j);
    memo.n = 0;
    memo.on = false;
}

static json_t *memo_get(int64_t id, bool org)
{
    for (size_t i = 0; memo.on && i < memo.n; i++)
        if (memo.m[i].id == id && memo.m[i].org == org)
            return json_incref(memo.m[i].j);
    return NULL;
}

static json_t *memo_put(int64_t id, bool org, json_t *j)
{
    if (memo.on && j != NULL && memo.n < REF_MEMO_MAX) {
        memo.m[memo.n].id = id;
        memo.m[memo.n].org = org;
        memo.m[memo.n].j = json_incref(j);
        memo.n++;
    }
    return j;
}

json_t *json_org_ref(struct store *st, int64_t id)
{
    struct store_org o;
    if (id <= 0)
        return json_null();
    json_t *j = memo_get(id, true);
    if (j != NULL)
        return j;
    if (store_org_get(st, id, &o, NULL) != 0)
        return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", "?");
    return memo_put(id, true,
                    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", o.name, "kind",
                              store_org_kind_name(o.kind)));
}

json_t *json_user_ref(struct store *st, int64_t id)
{
    struct store_user u;
    if (id <= 0)
        return json_null();
    json_t *j = memo_get(id, false);
    if (j != NULL)
        return j;
    if (store_user_get(st, id, &u, NULL) != 0)
        return json_null();
    return memo_put(id, false, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", u.display_name));
}

/* Keeps e's field errors and takes from's code, status and texts: a failing database. */
static int ref_failed(int rc, const struct err *from, struct err *e)
{
    if (rc == ERR_NOTFOUND || e == NULL)
        return rc;
    e->code = from->code != 0 ? from->code : rc;
    e->status = from->status;
    memcpy(e->title, from->title, sizeof(e->title));
    memcpy(e->detail, from->detail, sizeof(e->detail));
    memcpy(e->log, from->log, sizeof(e->log));
    return rc;
}

/* The end of an in_ref_*: rc of the lookup, le its error; zeroes the object on failure. */
static int ref_end(int rc, const struct err *le, void *out, size_t size, struct err *e)
{
    if (rc == 0)
        return 0;
    memset(out, 0, size);
    return ref_failed(rc, le, e);
}

int in_ref_org(struct store *st, int64_t id, struct store_org *out, struct err *e)
{
    struct err le;
    err_clear(&le);
    return ref_end(store_org_get(st, id, out, &le), &le, out, sizeof(*out), e);
}

int in_ref_user(struct store *st, int64_t id, struct store_user *out, struct err *e)
{
    struct err le;
    err_clear(&le);
    return ref_end(store_user_get(st, id, out, &le), &le, out, sizeof(*out), e);
}

int in_ref_signal(struct store *st, int64_t id, struct store_signal *out, struct err *e)
{
    struct err le;
    err_clear(&le);
    return ref_end(store_signal_get(st, id, false, out, &le), &le, out, sizeof(*out), e);
}

int in_ref_case(struct store *st, int64_t id, struct store_case *out, struct err *e)
{
    struct err le;
    err_clear(&le);
    return ref_end(store_case_get(st, id, out, &le), &le, out, sizeof(*out), e);
}

bool id_in(const int64_t *v, size_t n, int64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

bool org_covenant_ok(const struct store_org *o)
{
    return o->status == STORE_ORG_GETEKEND && o->instrument != STORE_INSTR_GEEN;
}

char *doc_dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

void doc_free(char *s)
{
    if (s) {
        crypto_wipe(s, strlen(s));
        free(s);
    }
}

json_t *doc_parse(const char *doc, size_t n)
{
    json_t *j = doc ? json_loadb(doc, n, 0, NULL) : NULL;
    return j ? j : json_object();
}

void in_bsn(struct str bsn, const char *prefix, struct err *e)
{
    char norm[10];
    char fb[ERR_NAME_MAX];
    if (crypto_normalise_bsn(bsn.p, bsn.n, norm, NULL) != 0) {
        err_field(e, in_fname(fb, sizeof(fb), prefix, "bsn"), "een BSN heeft 9 cijfers");
        return;
    }
    /* The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11. */
    int sum = 0;
    for (int d = 0; d < 8; d++)
        sum += (9 - d) * (norm[d] - '0');
    sum -= norm[8] - '0';
    if (sum % 11 != 0 || strcmp(norm, "000000000") == 0)
        err_field(e, in_fname(fb, sizeof(fb), prefix, "bsn"), "dit is geen geldig BSN (elfproef)");
    crypto_wipe(norm, sizeof(norm));
}
