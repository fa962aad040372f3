/* test_err.c: core/err through its public header: the code → HTTP status / title / problem type
 * tables, err_set and err_internal (and their NULL e), and err_field's accumulation limit. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "core/err.h"
#include "core/str.h"

Test(err, http_status_table)
{
    struct {
        int code;
        int status;
        const char *slug;
        const char *name;
    } t[] = {
        {ERR_OK, 200, "internal", "OK"},
        {ERR_NOMEM, 500, "internal", "ERR_NOMEM"},
        {ERR_TOOBIG, 413, "too-large", "ERR_TOOBIG"},
        {ERR_INVAL, 400, "validation", "ERR_INVAL"},
        {ERR_NOTFOUND, 404, "not-found", "ERR_NOTFOUND"},
        {ERR_FORBIDDEN, 403, "forbidden", "ERR_FORBIDDEN"},
        {ERR_CONFLICT, 409, "conflict", "ERR_CONFLICT"},
        {ERR_DB, 500, "internal", "ERR_DB"},
        {ERR_IO, 500, "internal", "ERR_IO"},
        {ERR_UNAUTH, 401, "unauthenticated", "ERR_UNAUTH"},
        {ERR_UNAVAILABLE, 503, "unavailable", "ERR_UNAVAILABLE"},
        {ERR_RATELIMIT, 429, "rate-limited", "ERR_RATELIMIT"},
        {ERR_MEDIA, 415, "unsupported-media-type", "ERR_MEDIA"},
        {ERR_METHOD, 405, "method-not-allowed", "ERR_METHOD"},
        {ERR_CRYPTO, 500, "internal", "ERR_CRYPTO"},
        {-99, 500, "internal", "ERR_UNKNOWN"},
        {1, 500, "internal", "ERR_UNKNOWN"},
    };
    for (size_t i = 0; i < ARRAY_LEN(t); i++) {
        cr_expect_eq(err_http_status(t[i].code), t[i].status, "code %d", t[i].code);
        cr_expect_str_eq(err_type_slug(t[i].code), t[i].slug, "code %d", t[i].code);
        cr_expect_str_eq(err_code_name(t[i].code), t[i].name, "code %d", t[i].code);
    }
}

Test(err, every_mapped_status_has_a_title)
{
    for (int code = ERR_CRYPTO; code <= ERR_OK; code++) {
        int st = err_http_status(code);
        if (st == 200)
            continue;
        cr_expect_str_neq(err_status_title(st), "Error", "status %d (code %d)", st, code);
    }
    cr_expect_str_eq(err_status_title(400), "Bad Request");
    cr_expect_str_eq(err_status_title(413), "Content Too Large");
    cr_expect_str_eq(err_status_title(431), "Request Header Fields Too Large");
    cr_expect_str_eq(err_status_title(418), "Error");
}

Test(err, clear_resets_everything)
{
    struct err e;
    memset(&e, 0x41, sizeof(e));
    err_clear(&e);
    cr_expect_eq(e.code, 0);
    cr_expect_eq(e.status, 0);
    cr_expect_str_eq(e.title, "");
    cr_expect_str_eq(e.detail, "");
    cr_expect_str_eq(e.log, "");
    cr_expect_eq(e.n_fields, 0);
    err_clear(NULL);
}

Test(err, set_fills_detail_and_returns_code)
{
    struct err e;
    err_clear(&e);
    cr_expect_eq(err_set(&e, ERR_CONFLICT, "versie %d is verouderd", 3), ERR_CONFLICT);
    cr_expect_eq(e.code, ERR_CONFLICT);
    cr_expect_str_eq(e.detail, "versie 3 is verouderd");
    cr_expect_str_eq(e.log, "", "client text does not go to the log field");
}

Test(err, internal_fills_log_only)
{
    struct err e;
    err_clear(&e);
    cr_expect_eq(err_internal(&e, ERR_DB, "sqlite rc=%d", 5), ERR_DB);
    cr_expect_eq(e.code, ERR_DB);
    cr_expect_str_eq(e.log, "sqlite rc=5");
    cr_expect_str_eq(e.detail, "", "the client sees a generic message");
}

Test(err, null_e_still_returns_the_code)
{
    cr_expect_eq(err_set(NULL, ERR_NOTFOUND, "x %s", "y"), ERR_NOTFOUND);
    cr_expect_eq(err_internal(NULL, ERR_IO, "x %d", 1), ERR_IO);
    cr_expect_eq(err_field(NULL, "f", "r"), ERR_INVAL);
}

Test(err, long_texts_are_truncated_not_overflowed)
{
    struct err e;
    char big[1000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    err_clear(&e);
    err_set(&e, ERR_INVAL, "%s", big);
    cr_expect_eq(strlen(e.detail), ERR_MSG_MAX - 1);
    err_internal(&e, ERR_INVAL, "%s", big);
    cr_expect_eq(strlen(e.log), ERR_MSG_MAX - 1);
    err_field(&e, big, "%s", big);
    cr_expect_eq(strlen(e.fields[0].name), ERR_NAME_MAX - 1);
    cr_expect_eq(strlen(e.fields[0].reason), ERR_MSG_MAX - 1);
}

Test(err, truncation_keeps_utf8_whole)
{
    /* The texts end up in JSON (problem+json), which must be valid UTF-8: a cut must not leave
     * half a multibyte character behind. 'é' is two bytes, '€' three. */
    struct err e;
    char two[400] = "", three[400] = "";
    for (int i = 0; i < 150; i++)
        memcpy(two + 2 * i, "\xC3\xA9", 3);
    for (int i = 0; i < 110; i++)
        memcpy(three + 3 * i, "\xE2\x82\xAC", 4);
    static const char *const pads[] = {"", "b", "ab"}; /* move the cut point */
    for (int shift = 0; shift < 3; shift++) {
        const char *pad = pads[shift];
        err_clear(&e);
        err_set(&e, ERR_INVAL, "%s%s", pad, three);
        err_internal(&e, ERR_INVAL, "%s%s", pad, three);
        err_field(&e, two, "%s%s", pad, three);
        err_field(&e, three, "%s%s", pad, two);
        char name[80];
        snprintf(name, sizeof(name), "%s%s", pad, three);
        err_field(&e, name, "x");
        const char *texts[] = {e.detail, e.log, e.fields[0].name, e.fields[0].reason,
                               e.fields[1].name, e.fields[1].reason, e.fields[2].name};
        for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
            size_t n = strlen(texts[i]);
            cr_expect_gt(n, 0);
            cr_expect(str_utf8_valid((struct str){texts[i], n}, false), "shift %d text %zu", shift, i);
        }
    }
}

Test(err, field_accumulates_up_to_the_limit_then_drops)
{
    struct err e;
    err_clear(&e);
    for (int i = 0; i < ERR_MAX_FIELDS + 5; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        cr_expect_eq(err_field(&e, name, "reden %d", i), ERR_INVAL);
    }
    cr_expect_eq(e.n_fields, ERR_MAX_FIELDS);
    cr_expect_eq(e.code, ERR_INVAL);
    cr_expect_str_eq(e.fields[0].name, "f0");
    cr_expect_str_eq(e.fields[0].reason, "reden 0");
    cr_expect_str_eq(e.fields[ERR_MAX_FIELDS - 1].name, "f15");
    cr_expect_str_eq(e.fields[ERR_MAX_FIELDS - 1].reason, "reden 15");
}

Test(err, field_keeps_an_existing_code)
{
    struct err e;
    err_clear(&e);
    err_set(&e, ERR_CONFLICT, "conflict");
    cr_expect_eq(err_field(&e, "version", "verouderd"), ERR_INVAL);
    cr_expect_eq(e.code, ERR_CONFLICT, "the first code wins");
    cr_expect_eq(e.n_fields, 1);
}
