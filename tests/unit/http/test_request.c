/* test_request.c: the libmicrohttpd-free request helpers of src/http/request.c through
 * http/http.h: percent-decoding (paths and query values), query parsing and its limits, JSON body
 * validation (top-level object, duplicates, UTF-8, NUL, depth without recursion on hostile
 * nesting) and RFC 9457 problem bodies. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <jansson.h>

#include "http/http.h"

static struct arena *A;

static void setup(void)
{
    A = arena_new(8 << 20);
    cr_assert_not_null(A);
}

static void teardown(void)
{
    arena_free(A);
    A = NULL;
}

TestSuite(percent, .init = setup, .fini = teardown);
TestSuite(query, .init = setup, .fini = teardown);
TestSuite(json, .init = setup, .fini = teardown);
TestSuite(problem);

/* ---- http_percent_decode ---- */

static int dec(const char *s, bool is_path, struct str *out)
{
    return http_percent_decode(A, str_from_cstr(s), is_path, out);
}

Test(percent, plain_and_escaped)
{
    struct str out;
    cr_assert_eq(dec("/api/cases/12", true, &out), 0);
    cr_expect(str_eq_cstr(out, "/api/cases/12"));
    cr_assert_eq(dec("/a%20b%41%7e%7E", true, &out), 0);
    cr_expect(str_eq_cstr(out, "/a bA~~"));
    cr_expect_eq(out.p[out.n], '\0', "NUL-terminated for convenience");
    cr_assert_eq(dec("caf%C3%A9", true, &out), 0);
    cr_expect(str_eq_cstr(out, "caf\xC3\xA9"));
    cr_assert_eq(dec("", true, &out), 0);
    cr_expect_eq(out.n, 0);
}

Test(percent, encoded_slash_refused_in_paths_only)
{
    struct str out;
    cr_expect_eq(dec("/files/a%2Fb", true, &out), ERR_INVAL);
    cr_expect_eq(dec("/files/a%2fb", true, &out), ERR_INVAL);
    cr_assert_eq(dec("a%2Fb", false, &out), 0, "a '/' in a query value is data");
    cr_expect(str_eq_cstr(out, "a/b"));
}

Test(percent, nul_refused)
{
    struct str out;
    cr_expect_eq(dec("/a%00b", true, &out), ERR_INVAL);
    cr_expect_eq(dec("a%00", false, &out), ERR_INVAL);
    cr_expect_eq(http_percent_decode(A, (struct str){"a\0b", 3}, false, &out), ERR_INVAL,
                 "raw NUL");
}

Test(percent, malformed_escapes_refused)
{
    const char *bad[] = {"%G1", "%1G", "%", "%4", "a%", "a%4", "%%", "%%41", "% 41", "%-1", "%+1"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct str out = {"untouched", 9};
        cr_expect_eq(dec(bad[i], true, &out), ERR_INVAL, "path \"%s\"", bad[i]);
        cr_expect_eq(dec(bad[i], false, &out), ERR_INVAL, "query \"%s\"", bad[i]);
        cr_expect(str_eq_cstr(out, "untouched"));
    }
}

Test(percent, escape_at_the_very_end_does_not_read_past_n)
{
    struct str out;
    /* "%41" cut after "%4": the '1' beyond n must not be used. */
    cr_expect_eq(http_percent_decode(A, (struct str){"ab%41", 4}, true, &out), ERR_INVAL);
    cr_expect_eq(http_percent_decode(A, (struct str){"ab%41", 5}, true, &out), 0);
    cr_expect(str_eq_cstr(out, "abA"));
}

Test(percent, plus_is_literal_in_paths_and_space_in_queries)
{
    struct str out;
    cr_assert_eq(dec("/a+b", true, &out), 0);
    cr_expect(str_eq_cstr(out, "/a+b"));
    cr_assert_eq(dec("a+b", false, &out), 0);
    cr_expect(str_eq_cstr(out, "a b"));
    cr_assert_eq(dec("a%2Bb+c", false, &out), 0, "an encoded '+' stays a '+'");
    cr_expect(str_eq_cstr(out, "a+b c"));
}

Test(percent, decoded_invalid_utf8_refused)
{
    const char *bad[] = {"%FF", "%C3", "%C3%28", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%E2%82",
                         "a%80b"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct str out;
        cr_expect_eq(dec(bad[i], true, &out), ERR_INVAL, "path \"%s\"", bad[i]);
        cr_expect_eq(dec(bad[i], false, &out), ERR_INVAL, "query \"%s\"", bad[i]);
    }
    struct str out;
    cr_expect_eq(http_percent_decode(A, STR_LIT("\xC3"), true, &out), ERR_INVAL, "raw bytes too");
}

Test(percent, decoded_control_characters_refused)
{
    struct str out;
    cr_expect_eq(dec("/a%01", true, &out), ERR_INVAL);
    cr_expect_eq(dec("/a%1B", true, &out), ERR_INVAL);
    cr_expect_eq(dec("a%7F", false, &out), ERR_INVAL);
}

Test(percent, arena_exhaustion_is_nomem)
{
    struct arena *small = arena_new(16);
    struct str out;
    cr_expect_eq(http_percent_decode(small, STR_LIT("0123456789abcdefghij"), true, &out), ERR_NOMEM);
    arena_free(small);
}

/* ---- http_parse_query ---- */

static struct http_req req_with_arena(void)
{
    struct http_req r;
    memset(&r, 0, sizeof(r));
    r.arena = A;
    return r;
}

Test(query, pairs_are_decoded)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, STR_LIT("q=jan+de+vries&page=2&f%C3%A9=%C3%A9"), &e), 0);
    cr_assert_eq(r.n_query, 3);
    cr_expect(str_eq_cstr(http_req_query(&r, "q"), "jan de vries"));
    cr_expect(str_eq_cstr(http_req_query(&r, "page"), "2"));
    cr_expect(str_eq_cstr(http_req_query(&r, "f\xC3\xA9"), "\xC3\xA9"));
    struct str none = http_req_query(&r, "absent");
    cr_expect_null(none.p);
    cr_expect_eq(none.n, 0);
}

Test(query, empty_pairs_are_skipped)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, STR_LIT("&&a=1&&&b=2&"), &e), 0);
    cr_expect_eq(r.n_query, 2);
    cr_assert_eq(http_parse_query(&r, STR_LIT(""), &e), 0);
    cr_expect_eq(r.n_query, 0, "reparsing resets");
    cr_assert_eq(http_parse_query(&r, STR_LIT("&"), &e), 0);
    cr_expect_eq(r.n_query, 0);
}

Test(query, key_without_equals_has_empty_value)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, STR_LIT("flag&x=&y=1"), &e), 0);
    cr_assert_eq(r.n_query, 3);
    struct str v = http_req_query(&r, "flag");
    cr_expect_not_null(v.p, "present, not absent");
    cr_expect_eq(v.n, 0);
    v = http_req_query(&r, "x");
    cr_expect_not_null(v.p);
    cr_expect_eq(v.n, 0);
    cr_expect(str_eq_cstr(http_req_query(&r, "y"), "1"));
}

Test(query, value_may_contain_equals)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, STR_LIT("a=b=c"), &e), 0);
    cr_expect(str_eq_cstr(http_req_query(&r, "a"), "b=c"));
}

Test(query, repeated_key_is_refused_and_named)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("status=open&page=1&status=closed"), &e), ERR_INVAL);
    cr_expect_eq(e.code, ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "status");

    /* Repeated after decoding counts too. */
    r = req_with_arena();
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("a=1&%61=2"), &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "a");
}

Test(query, at_most_16_pairs)
{
    char q[512];
    size_t n = 0;
    for (int i = 0; i < HTTP_MAX_QUERY; i++)
        n += (size_t)snprintf(q + n, sizeof(q) - n, "%sk%d=%d", i ? "&" : "", i, i);
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, (struct str){q, n}, &e), 0, "16 pairs are fine");
    cr_expect_eq(r.n_query, HTTP_MAX_QUERY);

    n += (size_t)snprintf(q + n, sizeof(q) - n, "&k16=16");
    r = req_with_arena();
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, (struct str){q, n}, &e), ERR_INVAL, "17 are not");
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "query");
}

Test(query, malformed_key_or_value)
{
    struct http_req r = req_with_arena();
    struct err e;
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("a=1&%ZZ=2"), &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "query", "an undecodable key is not echoed");

    r = req_with_arena();
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("=1"), &e), ERR_INVAL, "empty key");
    cr_expect_str_eq(e.fields[0].name, "query");

    r = req_with_arena();
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("date=2026%2"), &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "date");

    r = req_with_arena();
    err_clear(&e);
    cr_expect_eq(http_parse_query(&r, STR_LIT("name=%00"), &e), ERR_INVAL);
    cr_expect_str_eq(e.fields[0].name, "name");
}

/* ---- http_json_parse ---- */

static int jparse(const char *s, size_t n, json_t **out, struct err *e)
{
    err_clear(e);
    return http_json_parse(A, (struct str){s, n}, out, e);
}

static int jp(const char *s, json_t **out, struct err *e)
{
    return jparse(s, strlen(s), out, e);
}

Test(json, object_ok_and_owned_by_the_arena)
{
    json_t *j = NULL;
    struct err e;
    cr_assert_eq(jp("{\"name\": \"caf\\u00e9\", \"n\": 3, \"list\": [1, {\"a\": null}]}", &j, &e), 0,
                 "%s", e.detail);
    cr_assert_not_null(j);
    cr_expect(json_is_object(j));
    cr_expect_str_eq(json_string_value(json_object_get(j, "name")), "caf\xC3\xA9");
    cr_expect_eq(json_integer_value(json_object_get(j, "n")), 3);
    /* No json_decref here: arena_free in teardown releases it (a leak would show under LSan). */
}

Test(json, top_level_must_be_an_object)
{
    const char *bad[] = {"[]", "[1,2]", "\"s\"", "1", "true", "null"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        json_t *j = (json_t *)1;
        struct err e;
        cr_expect_eq(jp(bad[i], &j, &e), ERR_INVAL, "%s", bad[i]);
        cr_expect_null(j);
        cr_expect_eq(e.code, ERR_INVAL);
        cr_expect_neq(e.detail[0], '\0');
    }
}

Test(json, empty_body_refused)
{
    json_t *j = (json_t *)1;
    struct err e;
    cr_expect_eq(jparse("", 0, &j, &e), ERR_INVAL);
    cr_expect_null(j);
    cr_expect_neq(e.detail[0], '\0');
    cr_expect_eq(jp("   ", &j, &e), ERR_INVAL, "whitespace only");
}

Test(json, duplicate_keys_refused)
{
    json_t *j;
    struct err e;
    cr_expect_eq(jp("{\"a\": 1, \"a\": 2}", &j, &e), ERR_INVAL);
    cr_expect_eq(jp("{\"x\": {\"a\": 1, \"b\": 2, \"a\": 3}}", &j, &e), ERR_INVAL, "nested");
    cr_expect_eq(jp("{\"a\": 1, \"\\u0061\": 2}", &j, &e), ERR_INVAL, "same key after unescaping");
    cr_expect_eq(jp("{\"a\": 1, \"A\": 2}", &j, &e), 0, "case matters");
}

Test(json, invalid_utf8_refused)
{
    json_t *j;
    struct err e;
    cr_expect_eq(jp("{\"a\": \"\xC3\"}", &j, &e), ERR_INVAL);
    cr_expect_eq(jp("{\"a\": \"\xED\xA0\x80\"}", &j, &e), ERR_INVAL, "surrogate");
    cr_expect_eq(jp("{\"a\": \"\xC0\xAF\"}", &j, &e), ERR_INVAL, "overlong");
    cr_expect_eq(jp("{\"\xFF\": 1}", &j, &e), ERR_INVAL, "in a key");
    cr_expect_eq(jp("{\"a\": \"\\ud800\"}", &j, &e), ERR_INVAL, "escaped lone surrogate");
    cr_expect_eq(jp("{\"a\": \"\\ud83d\\ude00\"}", &j, &e), 0, "escaped surrogate pair is fine");
}

Test(json, nul_refused)
{
    json_t *j;
    struct err e;
    cr_expect_eq(jp("{\"a\": \"x\\u0000y\"}", &j, &e), ERR_INVAL, "escaped NUL in a value");
    cr_expect_eq(jp("{\"\\u0000\": 1}", &j, &e), ERR_INVAL, "escaped NUL in a key");
    static const char raw[] = "{\"a\": \"x\0y\"}";
    cr_expect_eq(jparse(raw, sizeof(raw) - 1, &j, &e), ERR_INVAL, "raw NUL in a string");
    static const char after[] = "{\"a\": 1}\0";
    cr_expect_eq(jparse(after, sizeof(after) - 1, &j, &e), ERR_INVAL, "raw NUL after the object");
}

Test(json, trailing_garbage_refused)
{
    json_t *j;
    struct err e;
    cr_expect_eq(jp("{\"a\": 1} x", &j, &e), ERR_INVAL);
    cr_expect_eq(jp("{\"a\": 1}{}", &j, &e), ERR_INVAL);
    cr_expect_eq(jp("{\"a\": 1}]", &j, &e), ERR_INVAL);
    cr_expect_eq(jp("{\"a\": 1", &j, &e), ERR_INVAL, "truncated");
    cr_expect_eq(jp("{\"a\": 1}\n", &j, &e), 0, "trailing whitespace is fine");
}

Test(json, syntax_error_reports_position_not_input)
{
    json_t *j;
    struct err e;
    cr_expect_eq(jp("{\"secret-bsn-123456782\": nope}", &j, &e), ERR_INVAL);
    cr_expect_eq(strstr(e.detail, "secret"), NULL, "detail: %s", e.detail);
    cr_expect_eq(strstr(e.detail, "nope"), NULL, "detail: %s", e.detail);
    cr_expect_neq(strstr(e.detail, "kolom"), NULL, "detail: %s", e.detail);
}

/* "{"a":" repeated, then the innermost value, then "}" repeated: depth objects in all. */
static char *nested_objects(int depth, const char *leaf)
{
    size_t n = (size_t)depth * 6 + strlen(leaf) + 1;
    char *s = malloc(n);
    cr_assert_not_null(s);
    size_t k = 0;
    for (int i = 0; i < depth; i++) {
        memcpy(s + k, "{\"a\":", 5);
        k += 5;
    }
    memcpy(s + k, leaf, strlen(leaf));
    k += strlen(leaf);
    for (int i = 0; i < depth; i++)
        s[k++] = '}';
    s[k] = '\0';
    return s;
}

/* {"a": [[[...]]]} with depth containers in all (the object plus depth-1 arrays). */
static char *nested_arrays(int depth, const char *leaf)
{
    size_t n = 5 + 2 * (size_t)depth + strlen(leaf) + 2;
    char *s = malloc(n);
    cr_assert_not_null(s);
    size_t k = 0;
    memcpy(s, "{\"a\":", 5);
    k = 5;
    for (int i = 1; i < depth; i++)
        s[k++] = '[';
    memcpy(s + k, leaf, strlen(leaf));
    k += strlen(leaf);
    for (int i = 1; i < depth; i++)
        s[k++] = ']';
    s[k++] = '}';
    s[k] = '\0';
    return s;
}

Test(json, depth_32_ok_33_refused)
{
    const char *leaves[] = {"", "1", "\"x\"", "null"};
    for (size_t i = 0; i < ARRAY_LEN(leaves); i++) {
        json_t *j;
        struct err e;
        char *s = nested_arrays(32, leaves[i]);
        cr_expect_eq(jp(s, &j, &e), 0, "32 levels, leaf '%s': %s", leaves[i], e.detail);
        free(s);
        s = nested_arrays(33, leaves[i]);
        cr_expect_eq(jp(s, &j, &e), ERR_INVAL, "33 levels, leaf '%s'", leaves[i]);
        free(s);
    }
    const char *oleaves[] = {"{}", "1", "[]"};
    for (size_t i = 0; i < ARRAY_LEN(oleaves); i++) {
        json_t *j;
        struct err e;
        /* nested_objects(31, "{}") and (31, "[]") are 32 containers; (32, "1") too. */
        int d = strcmp(oleaves[i], "1") == 0 ? 32 : 31;
        char *s = nested_objects(d, oleaves[i]);
        cr_expect_eq(jp(s, &j, &e), 0, "32 objects, leaf %s: %s", oleaves[i], e.detail);
        free(s);
        s = nested_objects(d + 1, oleaves[i]);
        cr_expect_eq(jp(s, &j, &e), ERR_INVAL, "33 objects, leaf %s", oleaves[i]);
        free(s);
    }
}

Test(json, brackets_inside_strings_do_not_count)
{
    char s[200];
    memset(s, '[', sizeof(s));
    memcpy(s, "{\"a\":\"", 6);
    memcpy(s + sizeof(s) - 9, "\\\"]]\\\\\"}", 8);
    s[sizeof(s) - 1] = '\0';
    json_t *j;
    struct err e;
    cr_expect_eq(jp(s, &j, &e), 0, "%s: %s", s, e.detail);
}

Test(json, hostile_nesting_refused_without_recursion)
{
    /* 100000 levels would overflow the stack of a recursive parser; the pre-check refuses it. */
    size_t n = 100000;
    char *s = malloc(n + 1);
    cr_assert_not_null(s);
    memset(s, '[', n);
    s[n] = '\0';
    json_t *j = (json_t *)1;
    struct err e;
    cr_expect_eq(jparse(s, n, &j, &e), ERR_INVAL);
    cr_expect_null(j);
    memset(s, '{', n);
    cr_expect_eq(jparse(s, n, &j, &e), ERR_INVAL);
    /* Closing brackets first drive a naive counter negative; it must not then allow deep input. */
    memset(s, ']', 1000);
    memset(s + 1000, '[', n - 1000);
    cr_expect_eq(jparse(s, n, &j, &e), ERR_INVAL);
    free(s);
}

Test(json, closers_inside_strings_do_not_lower_the_depth)
{
    /* {"a":"}}}...}","b":[[[...]]]}: the '}' inside the string must not be counted, or the 40
     * levels of arrays after it would pass the pre-check. */
    char s[256];
    size_t k = 0;
    memcpy(s, "{\"a\":\"", 6);
    k = 6;
    for (int i = 0; i < 40; i++)
        s[k++] = '}';
    memcpy(s + k, "\",\"b\":", 6);
    k += 6;
    for (int i = 0; i < 40; i++)
        s[k++] = '[';
    for (int i = 0; i < 40; i++)
        s[k++] = ']';
    s[k++] = '}';
    s[k] = '\0';
    json_t *j;
    struct err e;
    cr_expect_eq(jparse(s, k, &j, &e), ERR_INVAL, "%s", s);
    cr_expect_neq(strstr(e.detail, "32"), NULL, "refused for depth: %s", e.detail);
}

/* ---- http_problem ---- */

static json_t *problem(const struct err *e, const char *req_id, struct http_resp *resp)
{
    memset(resp, 0, sizeof(*resp));
    http_problem(resp, e, req_id);
    cr_assert_not_null(resp->json);
    cr_expect_str_eq(resp->content_type, "application/problem+json");
    return resp->json;
}

Test(problem, validation_with_fields)
{
    struct err e;
    struct http_resp resp;
    err_clear(&e);
    err_set(&e, ERR_INVAL, "Controleer de gemarkeerde velden.");
    err_field(&e, "date", "geen geldige datum");
    err_field(&e, "items/2/name", "verplicht");
    json_t *j = problem(&e, "3f2a9c", &resp);
    cr_expect_eq(resp.status, 400);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "urn:regie:problem:validation");
    cr_expect_str_eq(json_string_value(json_object_get(j, "title")), "Bad Request");
    cr_expect_eq(json_integer_value(json_object_get(j, "status")), 400);
    cr_expect_str_eq(json_string_value(json_object_get(j, "detail")),
                     "Controleer de gemarkeerde velden.");
    cr_expect_str_eq(json_string_value(json_object_get(j, "request_id")), "3f2a9c");
    json_t *errs = json_object_get(j, "errors");
    cr_assert(json_is_array(errs));
    cr_assert_eq(json_array_size(errs), 2);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "field")), "date");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 0), "reason")),
                     "geen geldige datum");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 1), "field")),
                     "items/2/name");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(errs, 1), "reason")),
                     "verplicht");
    cr_expect_eq(json_object_size(j), 6, "type, title, status, detail, request_id, errors");
    json_decref(resp.json);
}

Test(problem, no_fields_no_errors_member)
{
    struct err e;
    struct http_resp resp;
    err_clear(&e);
    err_set(&e, ERR_CONFLICT, "Iemand anders heeft dit intussen gewijzigd.");
    json_t *j = problem(&e, "r1", &resp);
    cr_expect_eq(resp.status, 409);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "urn:regie:problem:conflict");
    cr_expect_str_eq(json_string_value(json_object_get(j, "title")), "Conflict");
    cr_expect_null(json_object_get(j, "errors"));
    json_decref(resp.json);
}

Test(problem, internal_error_hides_the_log_detail)
{
    struct err e;
    struct http_resp resp;
    err_clear(&e);
    err_internal(&e, ERR_DB, "sqlite: disk I/O error on /srv/regie/regie.db");
    json_t *j = problem(&e, NULL, &resp);
    cr_expect_eq(resp.status, 500);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "urn:regie:problem:internal");
    char *dump = json_dumps(j, 0);
    cr_assert_not_null(dump);
    cr_expect_eq(strstr(dump, "sqlite"), NULL, "%s", dump);
    cr_expect_eq(strstr(dump, "/srv"), NULL, "%s", dump);
    free(dump);
    cr_expect_str_eq(json_string_value(json_object_get(j, "request_id")), "", "NULL req_id");
    cr_expect_neq(json_string_value(json_object_get(j, "detail"))[0], '\0');
    json_decref(resp.json);
}

Test(problem, explicit_status_and_title_win)
{
    struct err e;
    struct http_resp resp;
    err_clear(&e);
    e.status = 404;
    json_t *j = problem(&e, "r", &resp);
    cr_expect_eq(resp.status, 404);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "urn:regie:problem:not-found");
    cr_expect_str_eq(json_string_value(json_object_get(j, "title")), "Not Found");
    json_decref(resp.json);

    err_clear(&e);
    err_set(&e, ERR_UNAVAILABLE, "Het toegangslog kan niet worden geschreven.");
    snprintf(e.title, sizeof(e.title), "Tijdelijk niet beschikbaar");
    j = problem(&e, "r", &resp);
    cr_expect_eq(resp.status, 503);
    cr_expect_str_eq(json_string_value(json_object_get(j, "title")), "Tijdelijk niet beschikbaar");
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "urn:regie:problem:unavailable");
    json_decref(resp.json);
}

Test(problem, replaces_an_earlier_body)
{
    struct err e;
    struct http_resp resp;
    memset(&resp, 0, sizeof(resp));
    resp.json = json_pack("{s:s}", "half", "done");
    err_clear(&e);
    err_set(&e, ERR_INVAL, "x");
    http_problem(&resp, &e, "r");
    cr_assert_not_null(resp.json);
    cr_expect_null(json_object_get(resp.json, "half"), "the old body is dropped (and freed)");
    json_decref(resp.json);
}

Test(problem, long_multibyte_field_name_survives_truncation)
{
    /* A repeated query key of 40 'é' (80 bytes) is echoed as the field name, which is cut to
     * ERR_NAME_MAX - 1 bytes: the cut must not split a character, or jansson refuses the string
     * and the entry silently disappears from errors[]. */
    struct arena *a = arena_new(1 << 16);
    char q[512];
    size_t n = 0;
    for (int rep = 0; rep < 2; rep++) {
        if (rep)
            q[n++] = '&';
        for (int i = 0; i < 40; i++) {
            memcpy(q + n, "%C3%A9", 6);
            n += 6;
        }
        q[n++] = '=';
        q[n++] = '1';
    }
    struct http_req r;
    memset(&r, 0, sizeof(r));
    r.arena = a;
    struct err e;
    err_clear(&e);
    cr_assert_eq(http_parse_query(&r, (struct str){q, n}, &e), ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    struct http_resp resp;
    json_t *j = problem(&e, "r", &resp);
    json_t *errs = json_object_get(j, "errors");
    cr_assert(json_is_array(errs));
    cr_expect_eq(json_array_size(errs), 1);
    const char *field = json_string_value(json_object_get(json_array_get(errs, 0), "field"));
    cr_assert_not_null(field);
    cr_expect_eq(strncmp(field, "\xC3\xA9\xC3\xA9", 4), 0);
    json_decref(resp.json);
    arena_free(a);
}
