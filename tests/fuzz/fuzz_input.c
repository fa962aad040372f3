/* fuzz_input.c: libFuzzer target for the request-body validators the use-cases share (app/input.h
 * and core/jsonv.h). The input is parsed as a request body (http_json_parse, the real limits);
 * every member is then read as each kind of field (text one-line and multi-line, date, id,
 * boolean, BSN, nested object, array of objects) under its own name and under a nested prefix.
 * Each reader must accept or record a named error, never crash, overrun the error's field list
 * or leak; accepted values must have the documented shape. */
#include "core/common.h"

#include "app/input.h"
#include "core/arena.h"
#include "core/jsonv.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const KEYS[] = {"title", "date", "id", "flag", "items", "bsn", "person"};

static void read_all(const json_t *obj, const char *prefix, struct err *e)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        struct str s = STR_NULL;
        size_t before = e->n_fields;
        in_text(obj, prefix, key, false, 200, false, &s, e);
        if (before < ERR_MAX_FIELDS && e->n_fields == before && s.p != NULL) {
            if (s.n > 200 || memchr(s.p, '\n', s.n) != NULL)
                __builtin_trap(); /* accepted one-line text within its limit */
        }
        in_text(obj, prefix, key, true, 4000, true, &s, e);
        int64_t day = in_date(obj, prefix, key, false, e);
        if (day < 0)
            __builtin_trap();
        int64_t id = in_id(obj, prefix, key, false, e);
        if (id < 0)
            __builtin_trap();
        bool present = false;
        (void)in_bool(obj, prefix, key, false, &present, e);
        if (json_is_string(v))
            in_bsn((struct str){json_string_value(v), json_string_length(v)}, prefix, e);
        if (json_is_array(v)) {
            for (size_t i = 0; i < json_array_size(v) && i < 50; i++) {
                char pre[32];
                if (in_array_item(json_array_get(v, i), key, i, KEYS, ARRAY_LEN(KEYS), pre, e))
                    read_all(json_array_get(v, i), pre, e);
            }
        }
        const json_t *o = in_obj(obj, key, false, KEYS, ARRAY_LEN(KEYS), e);
        if (o != NULL && !json_is_object(o))
            __builtin_trap();
        struct str js = STR_NULL;
        struct err e2;
        err_clear(&e2);
        if (jsonv_str(obj, key, false, 100, &js, &e2) == 0 && js.n > 100)
            __builtin_trap();
        if (e->n_fields > ERR_MAX_FIELDS)
            __builtin_trap();
    }
    in_check_keys(obj, prefix, KEYS, ARRAY_LEN(KEYS), e);
    struct err e3;
    err_clear(&e3);
    (void)jsonv_only_keys(obj, KEYS, ARRAY_LEN(KEYS), &e3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1u << 20);
    if (a == NULL)
        return 0;
    json_t *j = NULL;
    struct err e;
    err_clear(&e);
    if (http_json_parse(a, (struct str){(const char *)data, size}, &j, &e) == 0) {
        err_clear(&e);
        read_all(j, NULL, &e);
        err_clear(&e);
        read_all(j, "outer/nested", &e);
        if (e.n_fields > ERR_MAX_FIELDS)
            __builtin_trap();
    }
    arena_free(a);
    return 0;
}
