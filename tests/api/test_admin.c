/* test_admin.c: functional administration by the beheerder over real HTTP (security.md §1.3, plan
 * rows Z1, Z5, I1, A4): the partner register with covenant status (REQ-ACT-01: access_ok follows
 * the status at once), user accounts (create, list, disable, reset; never a password), input
 * validation naming the field, and refusal for every other role. Nothing is stored on an error. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

static void start(void)
{
    srv_start(&S, true, NULL);
}

static void stop(void)
{
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(admin, .init = start, .fini = stop, .timeout = 180);

/* Tables that change with logins and session activity, and the access log. */
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void fp(unsigned char out[32])
{
    db_fingerprint_skip(&S, VOLATILE, out);
}

/* Request with a JSON body built from obj (stolen). */
static int req_json(const struct sess *ss, const char *method, const char *path, json_t *obj,
                    struct resp *r)
{
    char *body = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    int rc = sess_do(&S, ss, method, path, "application/json", body, NULL, r);
    free(body);
    cr_assert_eq(rc, 0, "%s %s: no response", method, path);
    return r->status;
}

/* Status only; the response is freed. */
static int st_json(const struct sess *ss, const char *method, const char *path, json_t *obj)
{
    struct resp r;
    int st = req_json(ss, method, path, obj, &r);
    resp_free(&r);
    return st;
}

static bool names_field(const struct resp *r, const char *field)
{
    json_t *errs = json_object_get(r->json, "errors");
    size_t i;
    json_t *it;
    json_array_foreach(errs, i, it)
    {
        const char *f = json_string_value(json_object_get(it, "field"));
        if (f && strcmp(f, field) == 0)
            return true;
    }
    return false;
}

/* Expects 400 with errors[] naming field. */
static void expect_field(const struct sess *ss, const char *method, const char *path, json_t *obj,
                         const char *field, const char *what)
{
    struct resp r;
    int st = req_json(ss, method, path, obj, &r);
    cr_expect_eq(st, 400, "%s: status %d", what, st);
    cr_expect(names_field(&r, field), "%s: field %s not named", what, field);
    resp_free(&r);
}

/* GET path as ss; returns the parsed "items" (new reference) after checking 200. */
static json_t *list(const struct sess *ss, const char *path)
{
    struct resp r;
    cr_assert_eq(sess_do(&S, ss, "GET", path, NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200, "GET %s: %d", path, r.status);
    json_t *items = json_incref(json_object_get(r.json, "items"));
    resp_free(&r);
    cr_assert(json_is_array(items));
    return items;
}

static json_t *find_by(json_t *items, const char *key, const char *value)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *v = json_string_value(json_object_get(it, key));
        if (v && strcmp(v, value) == 0)
            return it;
    }
    return NULL;
}

static json_t *find_id(json_t *items, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (json_integer_value(json_object_get(it, "id")) == id)
            return it;
    }
    return NULL;
}


static bool json_has_string(const json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach((json_t *)arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    }
    return false;
}

static int64_t region_id(const struct sess *adm)
{
    json_t *items = list(adm, "/api/regions");
    cr_assert_eq(json_array_size(items), 1);
    int64_t id = (int64_t)json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    json_decref(items);
    return id;
}

static int64_t org_id_of(const struct sess *adm, const char *name)
{
    json_t *items = list(adm, "/api/orgs");
    json_t *o = find_by(items, "name", name);
    cr_assert_not_null(o, "organisation not listed");
    int64_t id = (int64_t)json_integer_value(json_object_get(o, "id"));
    json_decref(items);
    return id;
}

/* ---- organisations ------------------------------------------------------------------------- */

Test(admin, orgs_list)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    json_t *items = list(&adm, "/api/orgs");
    cr_expect_eq(json_array_size(items), 10, "%zu organisations", json_array_size(items));
    size_t i;
    json_t *it;
    int not_ok = 0;
    json_array_foreach(items, i, it)
    {
        static const char *const keys[] = {"id",
                                           "name",
                                           "kind",
                                           "region_id",
                                           "instrument",
                                           "instrument_date",
                                           "instrument_status",
                                           "access_ok"};
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
            cr_expect_not_null(json_object_get(it, keys[k]), "organisation without %s", keys[k]);
        bool ok = json_is_true(json_object_get(it, "access_ok"));
        const char *status = json_string_value(json_object_get(it, "instrument_status"));
        cr_expect_eq(ok, status && strcmp(status, "getekend") == 0, "access_ok vs status");
        not_ok += !ok;
    }
    cr_expect_eq(not_ok, 1, "the demo has exactly one organisation without a covenant");
    json_t *ggz = find_by(items, "kind", "ggz");
    cr_expect(ggz != NULL && json_is_false(json_object_get(ggz, "access_ok")));
    json_decref(items);

    /* Roles that may only read their own organisation see only that one. */
    const char *own[] = {"partner", "melder", "raadslid", "fg", "burgemeester"};
    for (size_t k = 0; k < sizeof(own) / sizeof(own[0]); k++) {
        struct sess ss;
        login_ok(&S, own[k], &ss);
        items = list(&ss, "/api/orgs");
        cr_expect_eq(json_array_size(items), 1, "%s sees %zu organisations", own[k],
                     json_array_size(items));
        cr_expect_not_null(find_id(items, ss.org_id), "%s does not see its own organisation",
                           own[k]);
        json_decref(items);
    }
    /* The case director chooses partners: sees all. */
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    items = list(&d, "/api/orgs");
    cr_expect_eq(json_array_size(items), 10);
    json_decref(items);
}

Test(admin, org_create)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t reg = region_id(&adm);
    struct resp r;
    cr_assert_eq(
        req_json(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "name", "Jeugdzorg Testregio", "kind",
                           "jeugdzorg", "region_id", (json_int_t)reg, "instrument", "convenant",
                           "instrument_date", "2024-02-29", "instrument_status", "getekend"),
                 &r),
        201, "create: %d", r.status);
    int64_t id = (int64_t)json_integer_value(json_object_get(r.json, "id"));
    cr_expect(id > 0);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "name")), "Jeugdzorg Testregio");
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "kind")), "jeugdzorg");
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "instrument")), "convenant");
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "instrument_date")), "2024-02-29");
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "instrument_status")), "getekend");
    cr_expect(json_is_true(json_object_get(r.json, "access_ok")));
    resp_free(&r);
    json_t *items = list(&adm, "/api/orgs");
    cr_expect_eq(json_array_size(items), 11);
    cr_expect_not_null(find_id(items, id));
    json_decref(items);

    /* Signed but without an instrument, or not signed: no access. */
    cr_assert_eq(req_json(&adm, "POST", "/api/orgs",
                          json_pack("{s:s, s:s, s:I, s:s, s:s}", "name", "Zonder instrument",
                                    "kind", "overig", "region_id", (json_int_t)reg, "instrument",
                                    "geen", "instrument_status", "getekend"),
                          &r),
                 201, "create: %d", r.status);
    cr_expect(json_is_false(json_object_get(r.json, "access_ok")), "instrument geen gives access");
    resp_free(&r);
    cr_assert_eq(req_json(&adm, "POST", "/api/orgs",
                          json_pack("{s:s, s:s, s:I, s:s, s:s}", "name", "Nog niet getekend",
                                    "kind", "nctv", "region_id", (json_int_t)reg, "instrument",
                                    "wet", "instrument_status", "niet_getekend"),
                          &r),
                 201, "create: %d", r.status);
    cr_expect(json_is_false(json_object_get(r.json, "access_ok")), "unsigned gives access");
    resp_free(&r);

    /* The same name twice in the region: refused, naming the field, nothing stored. */
    unsigned char before[32], after[32];
    fp(before);
    (void)req_json(&adm, "POST", "/api/orgs",
                   json_pack("{s:s, s:s, s:I, s:s}", "name", "Jeugdzorg Testregio", "kind",
                             "jeugdzorg", "region_id", (json_int_t)reg, "instrument_status",
                             "getekend"),
                   &r);
    cr_expect(r.status == 400 || r.status == 409, "duplicate name: %d", r.status);
    cr_expect(names_field(&r, "name"), "duplicate name: field not named");
    resp_free(&r);
    fp(after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused create changed the database");
}

Test(admin, org_create_validation)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t reg = region_id(&adm);
    unsigned char before[32], after[32];
    fp(before);
#define ORG(kind, date, status)                                                                    \
    json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "name", "Validatie", "kind", kind, "region_id",    \
              (json_int_t)reg, "instrument", "convenant", "instrument_date", date,                 \
              "instrument_status", status)
    expect_field(&adm, "POST", "/api/orgs", ORG("bakkerij", "2024-01-01", "getekend"), "kind",
                 "unknown kind");
    expect_field(&adm, "POST", "/api/orgs", ORG("", "2024-01-01", "getekend"), "kind",
                 "empty kind");
    expect_field(&adm, "POST", "/api/orgs", ORG("politie", "2024-02-30", "getekend"),
                 "instrument_date", "30 February");
    expect_field(&adm, "POST", "/api/orgs", ORG("politie", "01-02-2024", "getekend"),
                 "instrument_date", "Dutch date order");
    expect_field(&adm, "POST", "/api/orgs", ORG("politie", "2024-1-1", "getekend"),
                 "instrument_date", "short date");
    expect_field(&adm, "POST", "/api/orgs", ORG("politie", "2024-01-01", "bijna"),
                 "instrument_status", "unknown status");
    expect_field(&adm, "POST", "/api/orgs", ORG("politie", "2024-01-01", "GETEKEND"),
                 "instrument_status", "status in capitals");
#undef ORG
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:s, s:s}", "name", "Validatie", "kind", "politie",
                           "instrument", "handdruk", "instrument_status", "getekend"),
                 "instrument", "unknown instrument");
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:s, s:b}", "name", "Validatie", "kind", "politie",
                           "instrument_status", "getekend", "access_ok", 1),
                 "access_ok", "unknown field access_ok");
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:s, s:i}", "name", "Validatie", "kind", "politie",
                           "instrument_status", "getekend", "id", 1),
                 "id", "unknown field id");
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:s, s:s}", "name", "Validatie", "kind", "politie",
                           "instrument_status", "getekend", "region_id", "1"),
                 "region_id", "region id as text");
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:s, s:i}", "name", "Validatie", "kind", "politie",
                           "instrument_status", "getekend", "region_id", 999999),
                 "region_id", "region that does not exist");
    expect_field(&adm, "POST", "/api/orgs",
                 json_pack("{s:s, s:s, s:i}", "name", "Validatie", "kind", "politie",
                           "instrument_status", 1),
                 "instrument_status", "status as a number");
    /* Everything missing: every required field is listed. */
    struct resp r;
    cr_assert_eq(req_json(&adm, "POST", "/api/orgs", json_object(), &r), 400);
    cr_expect(names_field(&r, "name") && names_field(&r, "kind") &&
                  names_field(&r, "instrument_status"),
              "missing fields not all listed");
    resp_free(&r);
    fp(after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused create changed the database");
    json_t *items = list(&adm, "/api/orgs");
    cr_expect_eq(json_array_size(items), 10, "an organisation was created by a refused request");
    cr_expect_null(find_by(items, "name", "Validatie"));
    json_decref(items);
}

Test(admin, covenant_change_takes_effect_at_once)
{
    struct sess adm, g;
    login_ok(&S, "beheerder", &adm);
    login_ok(&S, "ggz", &g);
    cr_expect(!g.access_ok, "ggz has access before signing");
    int64_t ggz = g.org_id;
    char path[64];
    snprintf(path, sizeof(path), "/api/orgs/%lld", (long long)ggz);

    struct resp r;
    cr_assert_eq(req_json(&adm, "PATCH", path,
                          json_pack("{s:s, s:s, s:s}", "instrument", "convenant", "instrument_date",
                                    "2024-05-01", "instrument_status", "getekend"),
                          &r),
                 200, "update: %d", r.status);
    cr_expect(json_is_true(json_object_get(r.json, "access_ok")));
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "instrument_date")), "2024-05-01");
    resp_free(&r);
    /* The ggz user's existing session sees it on the next request (no cached grants). */
    cr_assert_eq(sess_do(&S, &g, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200);
    json_t *org = json_object_get(json_object_get(r.json, "user"), "organisation");
    cr_expect(json_is_true(json_object_get(org, "access_ok")), "signed covenant not in effect");
    cr_expect(json_has_string(json_object_get(r.json, "permissions"), "read.case"),
              "partner of a signed organisation lacks read.case");
    resp_free(&r);

    const char *revoke[] = {"ingetrokken", "verlopen", "niet_getekend"};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(
            req_json(&adm, "PATCH", path, json_pack("{s:s}", "instrument_status", revoke[i]), &r),
            200);
        cr_expect(json_is_false(json_object_get(r.json, "access_ok")), "%s keeps access",
                  revoke[i]);
        /* A partial update keeps the other fields. */
        cr_expect_str_eq(json_string_value(json_object_get(r.json, "instrument")), "convenant");
        resp_free(&r);
        cr_assert_eq(sess_do(&S, &g, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
        org = json_object_get(json_object_get(r.json, "user"), "organisation");
        cr_expect(json_is_false(json_object_get(org, "access_ok")), "%s: access still ok",
                  revoke[i]);
        cr_expect(!json_has_string(json_object_get(r.json, "permissions"), "read.case"),
                  "%s: case data still permitted", revoke[i]);
        cr_expect(json_has_string(json_object_get(r.json, "permissions"), "read.session"),
                  "%s: session permission lost", revoke[i]);
        resp_free(&r);
        cr_assert_eq(
            req_json(&adm, "PATCH", path, json_pack("{s:s}", "instrument_status", "getekend"), &r),
            200);
        cr_expect(json_is_true(json_object_get(r.json, "access_ok")));
        resp_free(&r);
    }
    /* Signed, but the instrument set to none: no access. */
    cr_assert_eq(req_json(&adm, "PATCH", path, json_pack("{s:s}", "instrument", "geen"), &r), 200);
    cr_expect(json_is_false(json_object_get(r.json, "access_ok")), "instrument geen keeps access");
    resp_free(&r);
}

Test(admin, org_update_validation)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t id = org_id_of(&adm, "Politie eenheid Voorbeeld");
    char path[64];
    snprintf(path, sizeof(path), "/api/orgs/%lld", (long long)id);
    unsigned char before[32], after[32];
    fp(before);
    expect_field(&adm, "PATCH", path, json_pack("{s:s}", "instrument_status", "misschien"),
                 "instrument_status", "unknown status");
    expect_field(&adm, "PATCH", path, json_pack("{s:s}", "instrument_date", "2023-13-01"),
                 "instrument_date", "month 13");
    expect_field(&adm, "PATCH", path, json_pack("{s:s}", "instrument", "handdruk"), "instrument",
                 "unknown instrument");
    expect_field(&adm, "PATCH", path, json_pack("{s:s}", "name", "Andere naam"), "name",
                 "name is not updatable");
    expect_field(&adm, "PATCH", path, json_pack("{s:s}", "kind", "om"), "kind",
                 "kind is not updatable");
    expect_field(&adm, "PATCH", path, json_pack("{s:b}", "access_ok", 1), "access_ok",
                 "access_ok is not updatable");
    /* A valid field next to a bad one: nothing of it is applied. */
    expect_field(
        &adm, "PATCH", path,
        json_pack("{s:s, s:s}", "instrument_status", "ingetrokken", "instrument_date", "gisteren"),
        "instrument_date", "mixed good and bad");
    struct resp r;
    cr_expect_eq(req_json(&adm, "PATCH", path, json_object(), &r), 400, "empty update");
    resp_free(&r);
    cr_expect_eq(st_json(&adm, "PATCH", "/api/orgs/999999",
                         json_pack("{s:s}", "instrument_status", "verlopen")),
                 404);
    cr_expect_eq(
        st_json(&adm, "PATCH", "/api/orgs/0", json_pack("{s:s}", "instrument_status", "verlopen")),
        404);
    cr_expect_eq(
        st_json(&adm, "PATCH", "/api/orgs/x", json_pack("{s:s}", "instrument_status", "verlopen")),
        404);
    fp(after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused update changed the database");
    json_t *items = list(&adm, "/api/orgs");
    json_t *o = find_id(items, id);
    cr_expect_str_eq(json_string_value(json_object_get(o, "instrument_status")), "getekend");
    json_decref(items);
}

/* ---- users ---------------------------------------------------------------------------------- */

Test(admin, users_list)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    json_t *items = list(&adm, "/api/users");
    cr_expect_eq(json_array_size(items), 14, "%zu users", json_array_size(items));
    cr_expect(!json_has_secret_key(items), "user list shows a secret-looking field");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        cr_expect(json_is_integer(json_object_get(it, "id")));
        cr_expect(json_is_string(json_object_get(it, "username")));
        cr_expect(json_is_array(json_object_get(it, "roles")));
        cr_expect_str_eq(json_string_value(json_object_get(it, "status")), "actief");
    }
    json_t *m = find_by(items, "username", "melder");
    cr_assert_not_null(m);
    cr_expect_eq(json_integer_value(json_object_get(m, "id")), demo_id(&S, "melder"));
    cr_expect(json_has_string(json_object_get(m, "roles"), "melder"));
    json_decref(items);
}

Test(admin, user_create_validation)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    int64_t org = adm.org_id;
    unsigned char before[32], after[32];
    fp(before);
#define USER(name, display, orgid, role)                                                           \
    json_pack("{s:s, s:s, s:I, s:[s]}", "username", name, "display_name", display, "org_id",       \
              (json_int_t)(orgid), "roles", role)
    expect_field(&adm, "POST", "/api/users", USER("Hoofd Letter", "Test", org, "melder"),
                 "username", "capitals and space");
    expect_field(&adm, "POST", "/api/users", USER("a", "Test", org, "melder"), "username",
                 "one character");
    expect_field(&adm, "POST", "/api/users", USER("x/../y", "Test", org, "melder"), "username",
                 "path characters");
    expect_field(&adm, "POST", "/api/users", USER("nieuw", "", org, "melder"), "display_name",
                 "empty display name");
    expect_field(&adm, "POST", "/api/users", USER("nieuw", "Test", 999999, "melder"), "org_id",
                 "organisation that does not exist");
    expect_field(&adm, "POST", "/api/users", USER("nieuw", "Test", org, "koning"), "roles",
                 "unknown role");
    expect_field(&adm, "POST", "/api/users", USER("nieuw", "Test", org, "Melder"), "roles",
                 "role in capitals");
#undef USER
    expect_field(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:[]}", "username", "nieuw", "display_name", "Test",
                           "org_id", (json_int_t)org, "roles"),
                 "roles", "no roles");
    expect_field(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:s}", "username", "nieuw", "display_name", "Test",
                           "org_id", (json_int_t)org, "roles", "melder"),
                 "roles", "roles as a string");
    /* The admin can never choose a password or a TOTP secret (ASVS 6.4.6). */
    expect_field(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:[s], s:s}", "username", "nieuw", "display_name",
                           "Test", "org_id", (json_int_t)org, "roles", "melder", "password",
                           "een-wachtwoord-van-de-beheerder"),
                 "password", "password chosen by the admin");
    expect_field(&adm, "POST", "/api/users",
                 json_pack("{s:s, s:s, s:I, s:[s], s:s}", "username", "nieuw", "display_name",
                           "Test", "org_id", (json_int_t)org, "roles", "melder", "status",
                           "actief"),
                 "status", "status chosen by the admin");
    struct resp r;
    cr_assert_eq(req_json(&adm, "POST", "/api/users", json_object(), &r), 400);
    cr_expect(names_field(&r, "username") && names_field(&r, "display_name") &&
                  names_field(&r, "org_id") && names_field(&r, "roles"),
              "missing fields not all listed");
    resp_free(&r);
    /* An existing username. */
    (void)req_json(&adm, "POST", "/api/users",
                   json_pack("{s:s, s:s, s:I, s:[s]}", "username", "melder", "display_name",
                             "Dubbel", "org_id", (json_int_t)org, "roles", "melder"),
                   &r);
    cr_expect(r.status == 409 || r.status == 400, "duplicate username: %d", r.status);
    resp_free(&r);
    fp(after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused create changed the database");
    json_t *items = list(&adm, "/api/users");
    cr_expect_eq(json_array_size(items), 14, "a user was created by a refused request");
    json_decref(items);
}

Test(admin, user_create_disable_reset)
{
    struct sess adm;
    login_ok(&S, "beheerder", &adm);
    struct resp r;
    cr_assert_eq(req_json(&adm, "POST", "/api/users",
                          json_pack("{s:s, s:s, s:I, s:[s, s]}", "username", "twee.rollen",
                                    "display_name", "Twee Rollen (test)", "org_id",
                                    (json_int_t)adm.org_id, "roles", "dossierhouder", "voorzitter"),
                          &r),
                 201, "create: %d", r.status);
    json_t *u = json_object_get(r.json, "user");
    int64_t id = (int64_t)json_integer_value(json_object_get(u, "id"));
    cr_expect(id > 0);
    cr_expect_eq(json_array_size(json_object_get(u, "roles")), 2);
    cr_expect_str_eq(json_string_value(json_object_get(u, "status")), "wacht_op_activatie");
    cr_expect(!json_has_secret_key(u));
    const char *code = json_string_value(json_object_get(r.json, "activation_code"));
    cr_expect(code != NULL && strlen(code) == 19, "no activation code");
    resp_free(&r);
    json_t *items = list(&adm, "/api/users");
    cr_expect_eq(json_array_size(items), 15);
    cr_expect_not_null(find_id(items, id));
    json_decref(items);

    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld/disable", (long long)id);
    cr_assert_eq(sess_do(&S, &adm, "POST", path, NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "geblokkeerd");
    cr_expect(!json_has_secret_key(r.json));
    resp_free(&r);
    /* Reset issues a new activation code (and never a password). */
    snprintf(path, sizeof(path), "/api/users/%lld/reset", (long long)demo_id(&S, "fg"));
    cr_assert_eq(sess_do(&S, &adm, "POST", path, NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    const char *c2 = json_string_value(json_object_get(r.json, "activation_code"));
    cr_expect(c2 != NULL && strlen(c2) == 19);
    cr_expect_eq(json_object_size(r.json), 1, "reset answers more than the activation code");
    resp_free(&r);
    items = list(&adm, "/api/users");
    json_t *fg = find_id(items, demo_id(&S, "fg"));
    cr_expect_str_eq(json_string_value(json_object_get(fg, "status")), "wacht_op_activatie");
    json_decref(items);
    /* Unknown ids. */
    cr_expect_eq(sess_status(&S, &adm, "POST", "/api/users/999999/disable", NULL, NULL), 404);
    cr_expect_eq(sess_status(&S, &adm, "POST", "/api/users/999999/reset", NULL, NULL), 404);
    cr_expect_eq(sess_status(&S, &adm, "POST", "/api/users/-1/reset", NULL, NULL), 404);
}

/* ---- every other role is refused ------------------------------------------------------------- */

Test(admin, other_roles_cannot_administer)
{
    static const char *const roles[] = {"dossierhouder", "voorzitter", "partner", "melder",
                                        "burgemeester",  "raadslid",   "fg",      "ggz"};
    enum { N = sizeof(roles) / sizeof(roles[0]) };
    struct sess ss[N];
    for (size_t i = 0; i < N; i++)
        login_ok(&S, roles[i], &ss[i]);
    int64_t victim = demo_id(&S, "melder");
    int64_t org = ss[0].org_id;
    char dis[64], res[64], upd[64];
    snprintf(dis, sizeof(dis), "/api/users/%lld/disable", (long long)victim);
    snprintf(res, sizeof(res), "/api/users/%lld/reset", (long long)victim);
    snprintf(upd, sizeof(upd), "/api/orgs/%lld", (long long)org);
    unsigned char before[32], after[32];
    fp(before);
    for (size_t i = 0; i < N; i++) {
        /* Valid bodies, so a refusal can only come from the access check. */
        cr_expect_eq(st_json(&ss[i], "POST", "/api/orgs",
                             json_pack("{s:s, s:s, s:s}", "name", "Inbraak", "kind", "overig",
                                       "instrument_status", "getekend")),
                     403, "%s: POST /api/orgs", roles[i]);
        cr_expect_eq(
            st_json(&ss[i], "PATCH", upd, json_pack("{s:s}", "instrument_status", "ingetrokken")),
            403, "%s: PATCH /api/orgs/{id}", roles[i]);
        cr_expect_eq(
            st_json(&ss[i], "POST", "/api/users",
                    json_pack("{s:s, s:s, s:I, s:[s]}", "username", "inbreker", "display_name",
                              "Inbreker", "org_id", (json_int_t)org, "roles", "beheerder")),
            403, "%s: POST /api/users", roles[i]);
        if (strcmp(roles[i], "melder") != 0) {
            int st = sess_status(&S, &ss[i], "POST", dis, NULL, NULL);
            cr_expect_eq(st, 403, "%s: POST /api/users/{other}/disable: %d", roles[i], st);
            st = sess_status(&S, &ss[i], "POST", res, NULL, NULL);
            cr_expect_eq(st, 403, "%s: POST /api/users/{other}/reset: %d", roles[i], st);
        }
    }
    /* The melder cannot disable or reset itself either. */
    int st = sess_status(&S, &ss[3], "POST", dis, NULL, NULL);
    cr_expect(st == 403 || st == 409, "melder: disable itself: %d", st);
    st = sess_status(&S, &ss[3], "POST", res, NULL, NULL);
    cr_expect_eq(st, 403, "melder: reset itself: %d", st);
    fp(after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused admin request changed the database");
    cr_expect_eq(sess_status(&S, &ss[3], "GET", "/api/session", NULL, NULL), 200,
                 "the melder was disabled or reset by a refused request");
    /* Listing users is for the beheerder and those who pick case members only. */
    for (size_t i = 0; i < N; i++) {
        bool may = strcmp(roles[i], "dossierhouder") == 0 || strcmp(roles[i], "voorzitter") == 0;
        st = sess_status(&S, &ss[i], "GET", "/api/users", NULL, NULL);
        cr_expect_eq(st, may ? 200 : 403, "%s: GET /api/users %d", roles[i], st);
    }
}
