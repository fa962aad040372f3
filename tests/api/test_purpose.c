/* test_purpose.c: purpose binding (issue 10 item 4, REQ-PRIV-05, docs/purpose.md) over real HTTP.
 *
 *  - every GET of case content (every GET under /api/cases/{id} in docs/openapi.json but the
 *    purposes list, the case's documents, a document of the case, a person's links) without the
 *    Regie-Purpose header answers 428 naming "purpose" and returns nothing; openapi.json documents
 *    the header on each of them; an unknown code is 400; each refusal leaves an authz_denied
 *    record;
 *  - a closed case allows only verantwoording and rechten_betrokkene (422 otherwise), as
 *    GET /api/cases/{id}/purposes says;
 *  - every record a read writes carries the chosen purpose;
 *  - hergebruik is refused without a recorded basis; the basis is recorded by the dossierhouder
 *    (bad input 400 naming the field, a partner 403); then hergebruik:<id> is allowed and the
 *    records carry the recorded legal basis;
 *  - police data never leaves in an export: every GET export route of openapi.json, after the
 *    police added police data to the case's signal and a police measure to the case.
 * Every person and text in here is fictional; no response body is ever printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct srv S;

#define POLICE_MARKER "WPGMARKER-PB71"

static void start(void)
{
    srv_start(&S, true, NULL);
}

static void stop(void)
{
    S.purpose = NULL;
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(purpose, .init = start, .fini = stop, .timeout = 300);

/* ---- helpers ----------------------------------------------------------------------------------
 */

/* GET path with the purpose header purpose ("" = none), restoring the default afterwards. */
static int get_as(const struct sess *ss, const char *path, const char *purpose, struct resp *r)
{
    S.purpose = purpose;
    int rc = sess_do(&S, ss, "GET", path, NULL, NULL, NULL, r);
    S.purpose = NULL;
    cr_assert_eq(rc, 0, "transport error on GET %s", path);
    return r->status;
}

/* The first demo case of the dossierhouder that is closed (or open, when !closed). */
static int64_t demo_case(const struct sess *d, bool closed)
{
    struct resp r;
    cr_assert_eq(sess_json(&S, d, "GET", "/api/cases", NULL, &r), 200);
    int64_t found = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        bool is_closed = strcmp(jstr(it, "state"), "afgesloten") == 0;
        if (!found && is_closed == closed)
            found = jint(it, "id");
    }
    resp_free(&r);
    cr_assert(found > 0, "no %s demo case", closed ? "closed" : "open");
    return found;
}

/* Every record of the request that answered r (at least one) has attribute key == want (prefix
 * match when prefix). */
static void records_have(const struct resp *r, const char *key, const char *want, bool prefix,
                         const char *what)
{
    char rid[64];
    resp_request_id(r, rid);
    json_t *recs = audit_records_for(&S, rid, NULL);
    cr_expect(json_array_size(recs) > 0, "%s: no access-log record", what);
    size_t i;
    json_t *x;
    json_array_foreach(recs, i, x)
    {
        const char *v = jstr(json_object_get(x, "attributes"), key);
        bool ok = v && (prefix ? strncmp(v, want, strlen(want)) == 0 : strcmp(v, want) == 0);
        cr_expect(ok, "%s: record %zu has %s other than expected", what, i, key);
    }
    json_decref(recs);
}

/* The request that answered r left an authz_denied record naming fields. */
static void denied_logged(const struct resp *r, const char *fields, const char *what)
{
    char rid[64];
    resp_request_id(r, rid);
    json_t *recs = audit_records_for(&S, rid, NULL);
    bool found = false;
    size_t i;
    json_t *x;
    json_array_foreach(recs, i, x)
    {
        json_t *a = json_object_get(x, "attributes");
        found = found || (strcmp(jstr(a, "regie.action"), "authz_denied") == 0 &&
                          strcmp(jstr(a, "regie.fields"), fields) == 0);
    }
    cr_expect(found, "%s: no authz_denied record with fields %s", what, fields);
    json_decref(recs);
}

/* A refusal answers problem+json naming purpose and carries no case content. */
static void refused(const struct resp *r, int status, const char *what)
{
    expect_problem_field(r, status, "purpose", what);
    cr_expect(!json_has_key(r->json, "subjects") && !json_has_key(r->json, "items") &&
                  !json_has_key(r->json, "reference"),
              "%s: case content in a refusal", what);
}

static json_t *load_openapi(void)
{
    char path[1024];
    const char *src = getenv("REGIE_SRC");
    cr_assert_not_null(src, "REGIE_SRC is not set");
    snprintf(path, sizeof(path), "%s/docs/openapi.json", src);
    json_t *doc = json_load_file(path, 0, NULL);
    cr_assert_not_null(doc, "cannot read openapi.json");
    return doc;
}

static bool documents_purpose_header(const json_t *op)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(op, "parameters"), i, p)
    {
        const char *ref = jstr(p, "$ref");
        if (ref && strcmp(ref, "#/components/parameters/Purpose") == 0)
            return true;
    }
    return false;
}

/* "/api/cases/{id}/x" with {id} → id (other {params} → 1). */
static void fill(const char *pattern, int64_t id, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 24 < cap;) {
        if (*p == '{') {
            bool first = strncmp(p, "{id}", 4) == 0;
            o += (size_t)snprintf(out + o, cap - o, "%lld", first ? (long long)id : 1LL);
            p = strchr(p, '}') + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

/* ---- tests ------------------------------------------------------------------------------------
 */

Test(purpose, every_case_content_read_requires_a_purpose)
{
    struct sess d;
    struct resp r;
    login_ok(&S, "dossierhouder", &d);
    int64_t cid = demo_case(&d, false);
    char p[256];
    /* A document of the case and a person of it, for the routes that reach case content
     * indirectly. */
    snprintf(p, sizeof(p), "/api/documents?owner=case&owner_id=%lld&filename=notitie.txt",
             (long long)cid);
    cr_assert_eq(sess_do(&S, &d, "POST", p, "application/octet-stream",
                         "Fictieve notitie bij de casus.\n", NULL, &r),
                 0);
    cr_assert_eq(r.status, 201, "upload a case document: %d", r.status);
    int64_t doc = jint(r.json, "id");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)cid);
    cr_assert_eq(get_as(&d, p, "casusoverleg", &r), 200);
    int64_t person = jint(json_array_get(json_object_get(r.json, "subjects"), 0), "id");
    resp_free(&r);
    cr_assert(person > 0, "the case has no subject");

    json_t *oa = load_openapi();
    const char *path;
    json_t *ops;
    int checked = 0;
    json_object_foreach(json_object_get(oa, "paths"), path, ops)
    {
        json_t *get = json_object_get(ops, "get");
        bool cases = strncmp(path, "/api/cases/{id}", 15) == 0 &&
                     strcmp(path, "/api/cases/{id}/purposes") != 0;
        bool other = strcmp(path, "/api/documents") == 0 ||
                     strcmp(path, "/api/documents/{id}/content") == 0 ||
                     strcmp(path, "/api/persons/{id}/links") == 0;
        if (get == NULL || !(cases || other))
            continue;
        cr_expect(documents_purpose_header(get), "openapi.json: GET %s lacks Regie-Purpose", path);
        if (strcmp(path, "/api/documents") == 0)
            snprintf(p, sizeof(p), "/api/documents?owner=case&owner_id=%lld", (long long)cid);
        else
            fill(path,
                 strncmp(path, "/api/documents", 14) == 0 ? doc
                 : strncmp(path, "/api/persons", 12) == 0 ? person
                                                          : cid,
                 p, sizeof(p));
        cr_expect_eq(get_as(&d, p, "", &r), 428, "GET %s without a purpose: %d", path, r.status);
        refused(&r, 428, path);
        denied_logged(&r, "purpose:missing", path);
        resp_free(&r);
        cr_expect_eq(get_as(&d, p, "zomaar", &r), 400, "GET %s with an unknown purpose", path);
        resp_free(&r);
        checked++;
    }
    json_decref(oa);
    cr_expect(checked >= 14, "only %d case-content routes found in openapi.json", checked);

    /* The list of purposes needs none; a signal's documents need none either. */
    snprintf(p, sizeof(p), "/api/cases/%lld/purposes", (long long)cid);
    cr_expect_eq(get_as(&d, p, "", &r), 200, "purposes without a purpose");
    resp_free(&r);
    /* A case the caller may not see stays 404, with or without a purpose. */
    struct sess pa;
    login_ok(&S, "dossierhouder2", &pa);
    int64_t hidden = 0;
    cr_assert_eq(sess_json(&S, &d, "GET", "/api/cases", NULL, &r), 200);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        char q[64];
        struct resp r2;
        snprintf(q, sizeof(q), "/api/cases/%lld", (long long)jint(it, "id"));
        if (!hidden && get_as(&pa, q, "", &r2) == 404)
            hidden = jint(it, "id");
        resp_free(&r2);
    }
    resp_free(&r);
    cr_expect(hidden > 0, "no demo case hidden from dossierhouder2");
}

Test(purpose, closed_case_and_records)
{
    struct sess d;
    struct resp r;
    char p[128];
    login_ok(&S, "dossierhouder", &d);
    int64_t closed = demo_case(&d, true), open = demo_case(&d, false);

    /* The list: everything for an open case; only accountability and rights for a closed one. */
    snprintf(p, sizeof(p), "/api/cases/%lld/purposes", (long long)closed);
    cr_assert_eq(get_as(&d, p, NULL, &r), 200);
    size_t i;
    json_t *x;
    int n = 0;
    json_array_foreach(json_object_get(r.json, "purposes"), i, x)
    {
        const char *c = jstr(x, "code");
        bool want = strcmp(c, "verantwoording") == 0 || strcmp(c, "rechten_betrokkene") == 0;
        cr_expect_eq(json_is_true(json_object_get(x, "allowed")), want, "closed case: %s", c);
        n++;
    }
    cr_expect_eq(n, 6, "the list has %d purposes", n);
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/cases/%lld/purposes", (long long)open);
    cr_assert_eq(get_as(&d, p, NULL, &r), 200);
    json_array_foreach(json_object_get(r.json, "purposes"), i, x)
    {
        cr_expect(json_is_true(json_object_get(x, "allowed")), "open case: %s not allowed",
                  jstr(x, "code"));
    }
    resp_free(&r);

    /* A closed case refuses the purposes of the approach itself. */
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)closed);
    static const char *const no[] = {"casusoverleg", "plan", "risicotaxatie", "begeleiding"};
    for (size_t k = 0; k < sizeof(no) / sizeof(no[0]); k++) {
        cr_expect_eq(get_as(&d, p, no[k], &r), 422, "closed case read for %s: %d", no[k], r.status);
        refused(&r, 422, no[k]);
        denied_logged(&r, "purpose:not_allowed", no[k]);
        resp_free(&r);
    }
    cr_expect_eq(get_as(&d, p, "verantwoording", &r), 200, "closed case for verantwoording");
    records_have(&r, "regie.purpose", "verantwoording: ", true, "closed case read");
    resp_free(&r);

    /* Every record of a read carries the chosen purpose (the overview and the network). */
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)open);
    cr_expect_eq(get_as(&d, p, "risicotaxatie", &r), 200);
    records_have(&r, "regie.purpose", "risicotaxatie: Gezamenlijke risicotaxatie", false,
                 "overview");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/cases/%lld/checklist", (long long)open);
    cr_expect_eq(get_as(&d, p, "plan", &r), 200);
    records_have(&r, "regie.purpose", "plan: ", true, "checklist");
    resp_free(&r);
}

static json_t *basis_body(const char *task, const char *basis, const char *rationale)
{
    json_t *j = json_object();
    if (task)
        json_object_set_new(j, "task", json_string(task));
    if (basis)
        json_object_set_new(j, "legal_basis", json_string(basis));
    if (rationale)
        json_object_set_new(j, "rationale", json_string(rationale));
    return j;
}

Test(purpose, reuse_needs_a_recorded_basis)
{
    struct sess d, pa, vz;
    struct resp r;
    char p[128], rp[128];
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    int64_t cid = demo_case(&d, false);
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)cid);
    snprintf(rp, sizeof(rp), "/api/cases/%lld/reuse-bases", (long long)cid);

    /* Without a basis: refused. */
    static const char *const bad[] = {"hergebruik", "hergebruik:1", "hergebruik:99999999"};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        cr_expect_eq(get_as(&d, p, bad[k], &r), 422, "%s without a basis: %d", bad[k], r.status);
        refused(&r, 422, bad[k]);
        denied_logged(&r, "purpose:no_basis", bad[k]);
        resp_free(&r);
    }
    /* Bad input: 400 naming the field, nothing recorded; a partner may not record one. */
    int64_t before = db_int(&S, "SELECT count(*) FROM reuse_basis");
    sess_json(&S, &d, "POST", rp, basis_body("kermis", "Gemeentewet art. 172", "Fictief."), &r);
    expect_problem_field(&r, 400, "task", "unknown task");
    resp_free(&r);
    sess_json(&S, &d, "POST", rp, basis_body("handhaving", NULL, "Fictief."), &r);
    expect_problem_field(&r, 400, "legal_basis", "no legal basis");
    resp_free(&r);
    sess_json(&S, &d, "POST", rp, basis_body("handhaving", "Gemeentewet art. 172", NULL), &r);
    expect_problem_field(&r, 400, "rationale", "no rationale");
    resp_free(&r);
    cr_expect_eq(sess_json_status(&S, &pa, "POST", rp,
                                  basis_body("handhaving", "Gemeentewet art. 172", "Fictief.")),
                 403, "a partner records a basis");
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM reuse_basis"), before, "bad input recorded");

    /* Recorded: the purpose hergebruik:<id> is offered and allowed; its records carry the basis. */
    sess_json(&S, &d, "POST", rp,
              basis_body("handhaving", "Gemeentewet art. 172 (fictief)",
                         "Fictief: het college handhaaft de openbare orde rond de woning."),
              &r);
    cr_assert_eq(r.status, 201, "record a basis: %d", r.status);
    char code[64];
    snprintf(code, sizeof(code), "%s", jstr(r.json, "code"));
    cr_expect(strncmp(code, "hergebruik:", 11) == 0, "basis code");
    resp_free(&r);
    cr_expect(!db_try_exec(&S, "UPDATE reuse_basis SET task = 'wmo'"), "a basis can be changed");
    snprintf(rp, sizeof(rp), "/api/cases/%lld/purposes", (long long)cid);
    cr_assert_eq(get_as(&d, rp, NULL, &r), 200);
    cr_expect(json_has_substring(json_object_get(r.json, "reuse"), code), "basis not offered");
    resp_free(&r);
    cr_expect_eq(get_as(&d, p, code, &r), 200, "read for %s", code);
    records_have(&r, "regie.legal_basis", "Gemeentewet art. 172 (fictief)", false, "re-use read");
    records_have(&r, "regie.purpose", code, true, "re-use read");
    resp_free(&r);
    /* The chair of the same municipality may use it too; a partner is not offered it. */
    login_ok(&S, "voorzitter", &vz);
    cr_expect_eq(get_as(&vz, p, code, &r), 200, "voorzitter reads for %s", code);
    resp_free(&r);
    get_as(&pa, rp, NULL, &r);
    if (r.status == 200) {
        cr_expect_eq(json_array_size(json_object_get(r.json, "reuse")), 0, "partner offered reuse");
        resp_free(&r);
        cr_expect_neq(get_as(&pa, p, code, &r), 200, "partner reads for %s", code);
    }
    resp_free(&r);
    /* The bases are listed on the case (a read with a purpose). */
    snprintf(rp, sizeof(rp), "/api/cases/%lld/reuse-bases", (long long)cid);
    cr_expect_eq(get_as(&d, rp, "verantwoording", &r), 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 1);
    resp_free(&r);
}

Test(purpose, police_data_never_leaves_in_an_export)
{
    struct sess d, pol;
    struct resp r;
    char p[256];
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pol);
    int64_t org_pol = demo_org_id(&S, "Politie eenheid Voorbeeld");
    cr_assert(org_pol > 0 && pol.org_id == org_pol, "the demo partner is not the police");
    int64_t cid = demo_case(&d, false);
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)cid);
    cr_assert_eq(get_as(&d, p, NULL, &r), 200);
    int64_t sid = jint(r.json, "signal_id");
    resp_free(&r);
    cr_assert(sid > 0, "case without its signal");

    /* The police takes part in the signal and adds police data; a police measure on the case. */
    snprintf(p, sizeof(p), "/api/signals/%lld/participants", (long long)sid);
    int st = sess_json_status(
        &S, &d, "POST", p,
        json_pack("{s:I, s:s}", "org_id", (json_int_t)org_pol, "reason", "Fictieve reden"));
    cr_expect(st == 201 || st == 409, "invite the police: %d", st);
    snprintf(p, sizeof(p), "/api/signals/%lld/information", (long long)sid);
    st = sess_json_status(&S, &pol, "POST", p,
                          json_pack("{s:s, s:s, s:s}", "category", "police", "legal_basis",
                                    "Fictief: art. 16 Wpg", "content",
                                    "Fictief politiegegeven " POLICE_MARKER));
    cr_expect_eq(st, 201, "police adds police data: %d", st);
    snprintf(p, sizeof(p), "/api/cases/%lld/measures", (long long)cid);
    st = sess_json_status(&S, &d, "POST", p,
                          json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", "vermissing",
                                    "legal_basis", "Fictief: Politiewet", "owner_org_id",
                                    (json_int_t)org_pol, "decider", "burgemeester", "status",
                                    "proposed", "description", "Fictief " POLICE_MARKER));
    cr_expect_eq(st, 201, "police measure on the case: %d", st);
    /* The municipality reads it (purpose-bound, inside the case) ... */
    snprintf(p, sizeof(p), "/api/signals/%lld", (long long)sid);
    cr_assert_eq(get_as(&d, p, NULL, &r), 200);
    cr_expect(json_has_substring(r.json, POLICE_MARKER), "the municipality cannot read it");
    resp_free(&r);

    /* ... but no export route lets it leave: every GET export route of openapi.json. */
    json_t *oa = load_openapi();
    const char *path;
    json_t *ops;
    int exports = 0;
    json_object_foreach(json_object_get(oa, "paths"), path, ops)
    {
        json_t *get = json_object_get(ops, "get");
        const char *pol_key = get ? jstr(get, "x-policy") : NULL;
        if (pol_key == NULL || strncmp(pol_key, "export ", 7) != 0)
            continue;
        fill(path, strncmp(path, "/api/signals", 12) == 0 ? sid : cid, p, sizeof(p));
        if (strstr(path, "/figures/") != NULL)
            snprintf(p + strlen(p), sizeof(p) - strlen(p), "?period=2026");
        get_as(&d, p, NULL, &r);
        cr_expect(r.body == NULL || strstr(r.body, POLICE_MARKER) == NULL,
                  "police data leaves through GET %s", path);
        if (strncmp(path, "/api/signals", 12) == 0)
            cr_expect_eq(r.status, 200, "the signal export: %d", r.status);
        resp_free(&r);
        exports++;
    }
    json_decref(oa);
    cr_expect(exports >= 2, "only %d export routes found", exports);
}
