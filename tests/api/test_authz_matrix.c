/* test_authz_matrix.c: the function-level authorisation matrix (security.md §1.3, plan rows Z1,
 * Z2; AuthMatrix method). The oracle is read at test time from the two sources of truth: the
 * route table (src/http/routes.c) and the policy table (src/policy/policy.csv), both under
 * REGIE_SRC. For every demo account (one per role, plus a partner whose organisation has no
 * covenant) × every route, the request is replayed with a valid session and CSRF token and the
 * answer compared with the route-level rule of the server:
 *   allowed  ⇔  some role of the account has a row (any condition) for the route's (action,
 *               object), and, if the object is case data, the organisation's covenant is ok;
 *   allowed → the status is not 401/403; denied → 403; public routes are never 401/403;
 *   without a session every non-public route answers 401.
 * Path parameters are filled so that a conditional row's condition holds for the object (own
 * user id for `self`, own organisation for `own_org`); for `any` rows and for sessions (which the
 * server always scopes to the caller) a non-existent id is used, so no request changes data
 * beyond the caller's own session. Only counts and role/route names are printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAX_ROUTES 192
#define MAX_RULES 1024
#define MAX_ACCOUNTS 16
#define NO_SUCH_ID "999999"

static struct srv S;

static void start(void)
{
    srv_start(&S, true, NULL);
}

static void stop(void)
{
    cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(authz, .init = start, .fini = stop, .timeout = 300);

/* ---- the oracle: route table and policy table ------------------------------------------------ */

struct route {
    char method[32];
    char pattern[128];
    char action[32];
    char object[32]; /* "public" for public routes */
    bool is_public, json, is_static;
};

struct rule {
    char role[32], action[32], object[32], cond[32];
};

static struct route routes[MAX_ROUTES];
static size_t n_routes;
static struct rule rules[MAX_RULES];
static size_t n_rules;

static char *slurp(const char *rel)
{
    const char *root = getenv("REGIE_SRC");
    cr_assert_not_null(root, "REGIE_SRC is not set");
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot read %s", rel);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

/* Copies a field, trimming blanks and one pair of double quotes. */
static void field(char *out, size_t cap, const char *p, size_t n)
{
    while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
        p++;
        n -= 2;
    }
    cr_assert(n < cap, "field too long");
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Parses the entries {HTTP_X, "pattern", fn, "action", object, cap, flags} of http_routes[]. */
static void load_routes(void)
{
    char *src = slurp("src/http/routes.c");
    /* Blank out comments so they cannot hide or fake entries. */
    for (char *c = strstr(src, "/*"); c; c = strstr(c, "/*")) {
        char *e = strstr(c + 2, "*/");
        cr_assert_not_null(e);
        memset(c, ' ', (size_t)(e + 2 - c));
    }
    char *tbl = strstr(src, "http_routes[] = {");
    cr_assert_not_null(tbl, "route table not found in routes.c");
    char *end = strstr(tbl, "\n};");
    cr_assert_not_null(end);
    *end = '\0';
    n_routes = 0;
    for (char *p = strstr(tbl + 17, "{HTTP_"); p; p = strstr(p, "{HTTP_")) {
        /* Split at commas outside string literals, up to the entry's closing brace. */
        const char *f[8];
        size_t fl[8], nf = 0;
        const char *q = p + 1, *c = p + 1;
        bool in_str = false;
        for (;; c++) {
            cr_assert(*c != '\0', "unterminated route entry");
            if (*c == '"')
                in_str = !in_str;
            if (in_str || (*c != ',' && *c != '}'))
                continue;
            cr_assert(nf < 8, "route entry with too many fields");
            f[nf] = q;
            fl[nf] = (size_t)(c - q);
            nf++;
            q = c + 1;
            if (*c == '}')
                break;
        }
        char *close = (char *)c;
        cr_assert_eq(nf, 7, "route entry with %zu fields", nf);
        cr_assert(n_routes < MAX_ROUTES);
        struct route *r = &routes[n_routes++];
        char m[32];
        field(m, sizeof(m), f[0], fl[0]);
        cr_assert(strncmp(m, "HTTP_", 5) == 0);
        snprintf(r->method, sizeof(r->method), "%s", m + 5);
        field(r->pattern, sizeof(r->pattern), f[1], fl[1]);
        field(r->action, sizeof(r->action), f[3], fl[3]);
        field(r->object, sizeof(r->object), f[4], fl[4]);
        if (strcmp(r->object, "PUB") == 0)
            snprintf(r->object, sizeof(r->object), "public");
        char flags[128];
        field(flags, sizeof(flags), f[6], fl[6]);
        r->is_public = strstr(flags, "ROUTE_PUBLIC") != NULL;
        r->json = strstr(flags, "ROUTE_JSON") != NULL;
        r->is_static = strstr(flags, "ROUTE_STATIC") != NULL;
        p = close;
    }
    free(src);
    cr_assert(n_routes >= 10, "only %zu routes parsed", n_routes);
}

static void load_policy(void)
{
    char *src = slurp("src/policy/policy.csv");
    n_rules = 0;
    bool header = false;
    for (char *line = strtok(src, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (strcmp(line, "[categories]") == 0)
            break;
        if (!header) {
            cr_assert(strncmp(line, "role,action,object,condition", 28) == 0, "policy header");
            header = true;
            continue;
        }
        const char *f[4];
        size_t fl[4];
        const char *q = line;
        for (int i = 0; i < 4; i++) {
            const char *comma = strchr(q, ',');
            f[i] = q;
            fl[i] = comma ? (size_t)(comma - q) : strlen(q);
            cr_assert(comma != NULL || i == 3, "short policy row");
            q = comma ? comma + 1 : q + strlen(q);
        }
        cr_assert(n_rules < MAX_RULES);
        struct rule *r = &rules[n_rules++];
        field(r->role, sizeof(r->role), f[0], fl[0]);
        field(r->action, sizeof(r->action), f[1], fl[1]);
        field(r->object, sizeof(r->object), f[2], fl[2]);
        field(r->cond, sizeof(r->cond), f[3], fl[3]);
    }
    free(src);
    cr_assert(header && n_rules > 50, "only %zu policy rows parsed", n_rules);
}

/* policy.h: everything except these objects is case data (fail closed for new objects). */
static bool is_case_data(const char *object)
{
    static const char *const non_case[] = {"session",  "user",    "organisation", "region",
                                           "settings", "figures", "audit_log",    "readiness",
                                           "key_figure", "support_org", "breach"};
    for (size_t i = 0; i < sizeof(non_case) / sizeof(non_case[0]); i++)
        if (strcmp(object, non_case[i]) == 0)
            return false;
    return true;
}

/* Conditions of the rows for (role, action, object), as a bitmask of COND_*. */
enum { COND_ANY = 1, COND_SELF = 2, COND_OWN_ORG = 4, COND_OTHER = 8 };

static unsigned conds(const char *role, const char *action, const char *object)
{
    unsigned c = 0;
    for (size_t i = 0; i < n_rules; i++) {
        const struct rule *r = &rules[i];
        if (strcmp(r->role, role) || strcmp(r->action, action) || strcmp(r->object, object))
            continue;
        if (strcmp(r->cond, "any") == 0)
            c |= COND_ANY;
        else if (strcmp(r->cond, "self") == 0)
            c |= COND_SELF;
        else if (strcmp(r->cond, "own_org") == 0)
            c |= COND_OWN_ORG;
        else
            c |= COND_OTHER;
    }
    return c;
}

static bool key_exists(const char *action, const char *object)
{
    for (size_t i = 0; i < n_rules; i++)
        if (strcmp(rules[i].action, action) == 0 && strcmp(rules[i].object, object) == 0)
            return true;
    return false;
}

/* ---- accounts ----------------------------------------------------------------------------- */

struct account {
    const char *username;
    const char *roles[8];
    size_t n_roles;
    bool access_ok; /* from the demo's organisation list */
    struct sess ss;
    int logins;
};

static struct account accounts[MAX_ACCOUNTS];
static size_t n_accounts;

static void load_accounts(void)
{
    json_t *orgs = json_object_get(S.demo, "organisations");
    json_t *accs = json_object_get(S.demo, "accounts");
    n_accounts = 0;
    size_t i;
    json_t *a;
    json_array_foreach(accs, i, a)
    {
        cr_assert(n_accounts < MAX_ACCOUNTS);
        struct account *acc = &accounts[n_accounts++];
        memset(acc, 0, sizeof(*acc));
        acc->username = json_string_value(json_object_get(a, "username"));
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(a, "roles"), k, r)
        {
            if (acc->n_roles < 8)
                acc->roles[acc->n_roles++] = json_string_value(r);
        }
        const char *org = json_string_value(json_object_get(a, "organisation"));
        size_t j;
        json_t *o;
        json_array_foreach(orgs, j, o)
        {
            const char *name = json_string_value(json_object_get(o, "name"));
            if (org && name && strcmp(org, name) == 0) {
                const char *st = json_string_value(json_object_get(o, "instrument_status"));
                acc->access_ok = st && strcmp(st, "getekend") == 0;
            }
        }
    }
    cr_assert(n_accounts >= 8, "the demo has %zu accounts", n_accounts);
}

static void acc_login(struct account *acc)
{
    cr_assert(acc->logins < 2, "%s needed a third login", acc->username);
    login_ok(&S, acc->username, &acc->ss);
    acc->logins++;
    cr_expect_eq(acc->ss.access_ok, acc->access_ok,
                 "%s: access_ok differs from the covenant status", acc->username);
}

/* The oracle for one account and route; *cond_out gets the union of the row conditions. */
static bool expect_allowed(const struct account *acc, const struct route *rt, unsigned *cond_out)
{
    unsigned c = 0;
    for (size_t i = 0; i < acc->n_roles; i++)
        c |= conds(acc->roles[i], rt->action, rt->object);
    *cond_out = c;
    if (rt->is_public)
        return true;
    if (c == 0)
        return false;
    if (is_case_data(rt->object) && !acc->access_ok)
        return false;
    return true;
}

/* Fills the route's {params}: see the file comment. */
static void make_path(const struct account *acc, const struct route *rt, unsigned cond, char *out,
                      size_t cap)
{
    char id[32] = NO_SUCH_ID;
    if (strcmp(rt->object, "session") != 0 && !(cond & COND_ANY)) {
        if ((cond & COND_SELF) && strcmp(rt->object, "user") == 0)
            snprintf(id, sizeof(id), "%lld", (long long)acc->ss.user_id);
        else if ((cond & COND_OWN_ORG) && strcmp(rt->object, "organisation") == 0)
            snprintf(id, sizeof(id), "%lld", (long long)acc->ss.org_id);
    }
    size_t o = 0;
    for (const char *p = rt->pattern; *p && o + 1 < cap;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            cr_assert_not_null(e);
            o += (size_t)snprintf(out + o, cap - o, "%s", id);
            p = e + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o < cap ? o : cap - 1] = '\0';
}

static bool is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0;
}

static bool changes_state(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* ---- the tests ---------------------------------------------------------------------------- */

Test(authz, every_route_has_a_policy_key)
{
    load_routes();
    load_policy();
    int missing = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *rt = &routes[i];
        if (rt->is_public) {
            cr_expect_str_eq(rt->object, "public", "public route %s %s with a policy object",
                             rt->method, rt->pattern);
            continue;
        }
        cr_expect_str_neq(rt->object, "public", "%s %s: object public without ROUTE_PUBLIC",
                          rt->method, rt->pattern);
        if (!key_exists(rt->action, rt->object)) {
            missing++;
            cr_expect_fail("%s %s: no policy row for (%s, %s)", rt->method, rt->pattern, rt->action,
                           rt->object);
        }
    }
    fprintf(stderr, "authz: %zu routes, %zu policy rows, %d routes without a policy key\n",
            n_routes, n_rules, missing);
}

Test(authz, unauthenticated_gets_401_everywhere_but_public)
{
    load_routes();
    int checked = 0, bad = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *rt = &routes[i];
        char path[256];
        struct account none = {0};
        make_path(&none, rt, COND_ANY, path, sizeof(path));
        struct resp r;
        cr_assert_eq(http_do(&S, rt->method, path, rt->json ? "application/json" : NULL,
                             rt->json ? "{}" : NULL, NULL, &r),
                     0, "%s %s: no response", rt->method, rt->pattern);
        int st = r.status;
        resp_free(&r);
        checked++;
        if (rt->is_public) {
            if (st == 401 || st == 403) {
                bad++;
                cr_expect_fail("public %s %s answered %d", rt->method, rt->pattern, st);
            }
        } else if (st != 401) {
            bad++;
            cr_expect_fail("%s %s without a session answered %d, want 401", rt->method, rt->pattern,
                           st);
        }
        /* A cookie that is not a session changes nothing. */
        if (!rt->is_public) {
            struct sess fake = {0};
            snprintf(fake.token, sizeof(fake.token), "%s",
                     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            snprintf(fake.csrf, sizeof(fake.csrf), "x");
            st = sess_status(&S, &fake, rt->method, path, rt->json ? "application/json" : NULL,
                             rt->json ? "{}" : NULL);
            if (st != 401) {
                bad++;
                cr_expect_fail("%s %s with a forged cookie answered %d", rt->method, rt->pattern,
                               st);
            }
        }
    }
    fprintf(stderr, "authz: unauthenticated: %d routes checked, %d unexpected answers\n", checked,
            bad);
}

Test(authz, matrix)
{
    load_routes();
    load_policy();
    load_accounts();
    for (size_t a = 0; a < n_accounts; a++)
        acc_login(&accounts[a]);
    int requests = 0, unexpected_allow = 0, unexpected_deny = 0, server_errors = 0;
    int beheerder_case = 0, raadslid_allowed = 0;
    for (size_t a = 0; a < n_accounts; a++) {
        struct account *acc = &accounts[a];
        for (size_t i = 0; i < n_routes; i++) {
            const struct route *rt = &routes[i];
            unsigned cond = 0;
            bool want = expect_allowed(acc, rt, &cond);
            char path[256];
            make_path(acc, rt, cond, path, sizeof(path));
            struct resp r;
            cr_assert_eq(sess_do(&S, &acc->ss, rt->method, path,
                                 rt->json ? "application/json" : NULL, rt->json ? "{}" : NULL, NULL,
                                 &r),
                         0, "%s %s: no response", rt->method, rt->pattern);
            int st = r.status;
            resp_free(&r);
            requests++;
            bool got = st != 401 && st != 403;
            if (want && !got) {
                unexpected_deny++;
                cr_expect_fail("unexpected deny: %s %s %s -> %d", acc->username, rt->method,
                               rt->pattern, st);
            } else if (!want && st != 403) {
                unexpected_allow++;
                cr_expect_fail("unexpected allow: %s %s %s -> %d (want 403)", acc->username,
                               rt->method, rt->pattern, st);
            }
            if (is_api(path) && st >= 500) {
                server_errors++;
                cr_expect_fail("%s %s %s -> %d", acc->username, rt->method, rt->pattern, st);
            }
            for (size_t k = 0; k < acc->n_roles; k++) {
                if (strcmp(acc->roles[k], "beheerder") == 0 && !rt->is_public &&
                    is_case_data(rt->object)) {
                    beheerder_case++;
                    cr_expect_eq(st, 403, "beheerder reached case data: %s %s", rt->method,
                                 rt->pattern);
                }
                if (strcmp(acc->roles[k], "raadslid") == 0 && !rt->is_public && got) {
                    raadslid_allowed++;
                    /* The council member: session routes and figures, plus own profile/own
                     * organisation through self/own_org rows; never anything else. */
                    bool ok = strcmp(rt->object, "session") == 0 ||
                              strcmp(rt->object, "figures") == 0 ||
                              ((strcmp(rt->object, "user") == 0 ||
                                strcmp(rt->object, "organisation") == 0) &&
                               !(cond & (COND_ANY | COND_OTHER)));
                    cr_expect(ok, "raadslid reaches %s %s", rt->method, rt->pattern);
                }
            }
            /* A request that ended the caller's own session (logout): log in again. */
            if (changes_state(rt->method) &&
                sess_status(&S, &acc->ss, "GET", "/api/session", NULL, NULL) == 401)
                acc_login(acc);
        }
    }
    fprintf(stderr,
            "authz matrix: %zu accounts x %zu routes = %d requests; %d unexpected allows, %d "
            "unexpected denies, %d server errors; beheerder on case-data routes: %d (all 403); "
            "raadslid allowed on %d non-public routes\n",
            n_accounts, n_routes, requests, unexpected_allow, unexpected_deny, server_errors,
            beheerder_case, raadslid_allowed);
    cr_expect_eq(requests, (int)(n_accounts * n_routes));
    cr_expect_eq(unexpected_allow, 0);
    cr_expect_eq(unexpected_deny, 0);
    cr_expect_eq(server_errors, 0);
}

Test(authz, policy_gives_no_case_data_to_beheerder_fg_raadslid)
{
    load_policy();
    int rows = 0;
    for (size_t i = 0; i < n_rules; i++) {
        const struct rule *r = &rules[i];
        if (!is_case_data(r->object))
            continue;
        rows++;
        cr_expect(strcmp(r->role, "beheerder") != 0, "beheerder has case data: %s,%s", r->action,
                  r->object);
        cr_expect(strcmp(r->role, "raadslid") != 0, "raadslid has case data: %s,%s", r->action,
                  r->object);
        /* retention: the FG oversees destruction (tombstones, hold and extension dates; the
         * reasons are left out for an `any` reader, docs/retention.md) */
        /* inzage: the FG is a second approver of a data subject's export (docs/inzage.md) */
        cr_expect(strcmp(r->role, "fg") != 0 || strcmp(r->object, "rights_request") == 0 ||
                      strcmp(r->object, "retention") == 0 || strcmp(r->object, "inzage") == 0,
                  "fg has case data: %s,%s", r->action, r->object);
    }
    cr_expect(rows > 0, "no case-data rows parsed");
}

Test(authz, no_covenant_no_case_data)
{
    load_accounts();
    struct account *ggz = NULL, *partner = NULL;
    for (size_t a = 0; a < n_accounts; a++) {
        if (strcmp(accounts[a].username, "ggz") == 0)
            ggz = &accounts[a];
        if (strcmp(accounts[a].username, "partner") == 0)
            partner = &accounts[a];
    }
    cr_assert(ggz && partner, "demo lacks the ggz or partner account");
    cr_assert(!ggz->access_ok && partner->access_ok, "demo covenant statuses changed");
    /* The user of an organisation without a covenant can log in ... */
    acc_login(ggz);
    acc_login(partner);
    struct resp r;
    cr_assert_eq(sess_do(&S, &ggz->ss, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    cr_assert_eq(r.status, 200);
    json_t *org = json_object_get(json_object_get(r.json, "user"), "organisation");
    cr_expect(json_is_false(json_object_get(org, "access_ok")), "ggz: access_ok is not false");
    /* ... with the same roles as the partner, but no case-data permission at all. */
    json_t *perms = json_incref(json_object_get(r.json, "permissions"));
    resp_free(&r);
    cr_assert_eq(sess_do(&S, &partner->ss, "GET", "/api/session", NULL, NULL, NULL, &r), 0);
    json_t *pperms = json_incref(json_object_get(r.json, "permissions"));
    resp_free(&r);
    int case_perms = 0, partner_case = 0;
    size_t i;
    json_t *p;
    json_array_foreach(perms, i, p)
    {
        const char *dot = strchr(json_string_value(p), '.');
        if (dot && is_case_data(dot + 1)) {
            case_perms++;
            cr_expect_fail("ggz has case-data permission %s", json_string_value(p));
        }
    }
    json_array_foreach(pperms, i, p)
    {
        const char *dot = strchr(json_string_value(p), '.');
        partner_case += dot && is_case_data(dot + 1);
    }
    cr_expect(partner_case > 0, "partner with a covenant has no case-data permission");
    cr_expect(json_array_size(perms) > 0, "ggz has no permission at all");
    cr_expect_eq(case_perms, 0);
    json_decref(perms);
    json_decref(pperms);
}

Test(authz, user_routes_are_object_checked)
{
    /* Conditional rows (`self`) pass the route-level check; the object check must still stop
     * access to another user's account (IDOR/BOLA, plan row Z3). */
    load_accounts();
    int64_t victim = demo_id(&S, "beheerder");
    char get[64], dis[64], res[64];
    snprintf(get, sizeof(get), "/api/users/%lld", (long long)victim);
    snprintf(dis, sizeof(dis), "/api/users/%lld/disable", (long long)victim);
    snprintf(res, sizeof(res), "/api/users/%lld/reset", (long long)victim);
    /* Deputy: another account of the victim's organisation (beheerder and dossierhouder share
     * theirs in the demo). */
    char dep[64], dep_body[64];
    snprintf(dep, sizeof(dep), "/api/users/%lld/deputy", (long long)victim);
    snprintf(dep_body, sizeof(dep_body), "{\"deputy_of\":%lld}",
             (long long)demo_id(&S, "dossierhouder"));
    for (size_t a = 0; a < n_accounts; a++) {
        struct account *acc = &accounts[a];
        if (strcmp(acc->username, "beheerder") == 0)
            continue;
        acc_login(acc);
        int st = sess_status(&S, &acc->ss, "GET", get, NULL, NULL);
        bool list_any = false;
        for (size_t k = 0; k < acc->n_roles; k++)
            list_any = list_any || (conds(acc->roles[k], "read", "user") & COND_ANY);
        if (!list_any)
            cr_expect_eq(st, 403, "%s reads another user's account: %d", acc->username, st);
        /* Own account: allowed by the self row. */
        char own[64];
        snprintf(own, sizeof(own), "/api/users/%lld", (long long)acc->ss.user_id);
        st = sess_status(&S, &acc->ss, "GET", own, NULL, NULL);
        cr_expect_eq(st, 200, "%s cannot read its own account: %d", acc->username, st);
        st = sess_status(&S, &acc->ss, "POST", dis, NULL, NULL);
        cr_expect_eq(st, 403, "%s disables another user's account: %d", acc->username, st);
        st = sess_status(&S, &acc->ss, "POST", res, NULL, NULL);
        cr_expect_eq(st, 403, "%s resets another user's account: %d", acc->username, st);
        st = sess_status(&S, &acc->ss, "POST", dep, "application/json", dep_body);
        cr_expect_eq(st, 403, "%s sets another user's deputy: %d", acc->username, st);
    }
    /* The victim is untouched. */
    struct account *adm = NULL;
    for (size_t a = 0; a < n_accounts; a++)
        if (strcmp(accounts[a].username, "beheerder") == 0)
            adm = &accounts[a];
    cr_assert_not_null(adm);
    acc_login(adm);
    cr_expect_eq(sess_status(&S, &adm->ss, "GET", "/api/session", NULL, NULL), 200);
    struct resp r;
    cr_assert_eq(sess_do(&S, &adm->ss, "GET", get, NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 200);
    cr_expect(json_is_null(json_object_get(r.json, "deputy_of")),
              "another user changed the beheerder's deputy");
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "status")), "actief");
    resp_free(&r);
}
