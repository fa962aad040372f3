/* jsonv.c: see jsonv.h. */
#include "core/common.h"

#include "core/jsonv.h"

int jsonv_str(const json_t *obj, const char *key, bool required, size_t max, struct str *out,
              struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = STR_NULL;
    if (v == NULL || json_is_null(v))
        return required ? err_field(e, key, "is verplicht") : 0;
    if (!json_is_string(v))
        return err_field(e, key, "moet tekst zijn");
    if (json_string_length(v) > max)
        return err_field(e, key, "is te lang (maximaal %zu bytes)", max);
    *out = (struct str){json_string_value(v), json_string_length(v)};
    if (required && out->n == 0)
        return err_field(e, key, "is verplicht");
    return 0;
}

int jsonv_only_keys(const json_t *obj, const char *const *keys, size_t n, struct err *e)
{
    const char *k;
    json_t *v;
    bool bad = false;
    json_object_foreach((json_t *)obj, k, v)
    {
        bool ok = false;
        for (size_t i = 0; i < n; i++)
            ok = ok || strcmp(k, keys[i]) == 0;
        if (!ok) {
            err_field(e, k, "onbekend veld");
            bad = true;
        }
    }
    return bad ? ERR_INVAL : 0;
}
