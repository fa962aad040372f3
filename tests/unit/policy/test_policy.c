/* test_policy.c: the access table, tested as AuthMatrix does: an expected matrix written here by
 * hand from domain.md §2.3-2.4 (NOT generated from policy.csv) is replayed for every role x every
 * (action, object) key x every kind of object relation, and must equal what policy_check says.
 * Then the mutation test: every row of policy.csv is removed in turn and some expected access must
 * disappear, so the table has no dead or duplicate rows. Plus the separation-of-duty rules, the
 * covenant rule, unknown names, and the CSV parser's refusals with line numbers. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "policy/policy.h"

/* Short names for the matrix. */
#define A POLICY_COND_ANY
#define S POLICY_COND_SELF
#define O POLICY_COND_OWN_ORG
#define P POLICY_COND_PARTICIPANT
#define U POLICY_COND_OWN_SUBMISSION
#define N POLICY_COND_DESIGNATED

enum { B_, D_, V_, P_, M_, G_, R_, F_ }; /* column order below = enum policy_role bit order */

struct exp_key {
    const char *object;
    const char *action;
    uint32_t cond[POLICY_ROLE_COUNT]; /* per role: set of conditions that allow */
};

/* The expected matrix. Columns: beheerder, dossierhouder, voorzitter, partner, melder,
 * burgemeester, raadslid, fg. 0 = denied. */
// clang-format off
static const struct exp_key EXP[] = {
    /* object         action      beh   dos   voo   par     mel  bur   raa  fg */
    {"session",      "read",     {S,    S,    S,    S,      S,   S,    S,   S}},
    {"session",      "list",     {A,    S,    S,    S,      S,   S,    S,   S}},
    {"session",      "delete",   {A,    S,    S,    S,      S,   S,    S,   S}},
    {"user",         "read",     {A,    S,    S,    S,      S,   S,    S,   S}},
    {"user",         "update",   {A,    S,    S,    S,      S,   S,    S,   S}},
    {"user",         "create",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"user",         "list",     {A,    A,    A,    0,      0,   0,    0,   0}},
    {"user",         "reset",    {A,    0,    0,    0,      0,   0,    0,   0}},
    {"organisation", "create",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"organisation", "read",     {A,    A,    A,    O,      O,   O,    O,   O}},
    {"organisation", "update",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"organisation", "list",     {A,    A,    A,    0,      0,   0,    0,   0}},
    {"region",       "create",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"region",       "read",     {A,    0,    0,    0,      0,   0,    0,   0}},
    {"region",       "update",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"region",       "list",     {A,    0,    0,    0,      0,   0,    0,   0}},
    {"settings",     "read",     {A,    0,    0,    0,      0,   0,    0,   0}},
    {"settings",     "update",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"figures",      "read",     {0,    A,    A,    A,      0,   A,    A,   A}},
    {"figures",      "export",   {0,    A,    0,    0,      0,   A,    0,   0}},
    {"dashboard",    "read",     {0,    O,    O,    0,      0,   O,    0,   0}},
    {"readiness",    "read",     {A,    O,    O,    0,      0,   O,    0,   0}},
    {"readiness",    "list",     {A,    O,    0,    0,      0,   O,    0,   0}},
    {"readiness",    "update",   {A,    O,    0,    0,      0,   O,    0,   0}},
    {"key_figure",   "create",   {0,    O,    0,    0,      0,   O,    0,   0}},
    {"key_figure",   "read",     {0,    O,    0,    0,      0,   O,    0,   0}},
    {"key_figure",   "update",   {0,    O,    0,    0,      0,   O,    0,   0}},
    {"key_figure",   "list",     {0,    O,    0,    0,      0,   O,    0,   0}},
    {"key_figure",   "delete",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"support_org",  "create",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"support_org",  "read",     {A,    A,    A,    A,      0,   A,    0,   A}},
    {"support_org",  "update",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"support_org",  "delete",   {A,    0,    0,    0,      0,   0,    0,   0}},
    {"support_org",  "list",     {A,    A,    A,    A,      0,   A,    0,   A}},
    {"audit_log",    "read",     {0,    0,    0,    0,      0,   0,    0,   A}},
    {"audit_log",    "list",     {0,    0,    0,    0,      0,   0,    0,   A}},
    {"audit_log",    "search",   {0,    0,    0,    0,      0,   0,    0,   A}},
    {"audit_log",    "export",   {0,    0,    0,    0,      0,   0,    0,   A}},
    {"case",         "read",     {0,    O,    O,    P,      0,   O,    0,   0}},
    {"case",         "update",   {0,    O,    O,    0,      0,   O,    0,   0}},
    {"case",         "list",     {0,    O,    O,    P,      0,   O,    0,   0}},
    {"case",         "close",    {0,    O,    O,    0,      0,   O,    0,   0}},
    {"signal",       "create",   {0,    O,    0,    A,      A,   O,    0,   0}},
    {"signal",       "read",     {0,    O,    O,    U | P,  U,   O,    0,   0}},
    {"signal",       "update",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"signal",       "list",     {0,    O,    O,    U | P,  U,   O,    0,   0}},
    {"signal",       "search",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"signal",       "export",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"information",  "create",   {0,    O,    0,    P,      0,   0,    0,   0}},
    {"weighing",     "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"weighing",     "read",     {0,    O,    O,    P,      0,   O,    0,   0}},
    {"person",       "create",   {0,    A,    0,    0,      0,   0,    0,   0}},
    {"person",       "read",     {0,    A,    A,    P,      0,   A,    0,   0}},
    {"person",       "update",   {0,    A,    0,    0,      0,   0,    0,   0}},
    {"person",       "list",     {0,    A,    A,    0,      0,   0,    0,   0}},
    {"person",       "search",   {0,    A,    A,    0,      0,   A,    0,   0}},
    {"meeting",      "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"meeting",      "read",     {0,    O | N, O | N, N,    0,   O | N, 0,   0}},
    {"meeting",      "update",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"meeting",      "list",     {0,    O | N, O | N, N,    0,   O | N, 0,   0}},
    {"meeting",      "invite",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"meeting",      "adopt",    {0,    O,    O,    0,      0,   0,    0,   0}},
    {"agenda_item",  "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"agenda_item",  "read",     {0,    O | N, O | N, N,    0,   O | N, 0,   0}},
    {"minutes",      "update",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"decision",     "create",   {0,    O,    O,    0,      0,   O,    0,   0}},
    {"plan",         "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"plan",         "adopt",    {0,    O,    O,    0,      0,   O,    0,   0}},
    {"measure",      "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"measure",      "update",   {0,    O,    O,    N,      0,   0,    0,   0}},
    {"checklist",    "update",   {0,    O,    O,    S,      0,   0,    0,   0}},
    {"assessment",   "create",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"family",       "create",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"family",       "update",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"communication", "create",  {0,    O,    0,    0,      0,   O,    0,   0}},
    {"task",         "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"task",         "update",   {0,    O | S, O | S, S,    0,   S,    0,   0}},
    {"task",         "list",     {0,    O | S, O | S, S,    0,   S,    0,   0}},
    {"network",      "create",   {0,    O,    O,    0,      0,   0,    0,   0}},
    {"ambtsbericht", "create",   {0,    0,    0,    0,      0,   O,    0,   0}},
    {"ambtsbericht", "read",     {0,    N,    N,    0,      0,   O,    0,   0}},
    {"ambtsbericht", "update",   {0,    0,    0,    0,      0,   O,    0,   0}},
    {"ambtsbericht", "list",     {0,    0,    0,    0,      0,   O,    0,   0}},
    {"informing",    "create",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"informing",    "read",     {0,    O,    O,    P,      0,   O,    0,   0}},
    /* rights_request (issue 10 item 3, docs/rights.md) */
    {"rights_request", "create", {0,    O,    0,    0,      0,   0,    0,   0}},
    {"rights_request", "read",   {0,    O,    0,    N,      0,   O,    0,   A}},
    {"rights_request", "update", {0,    O,    0,    N,      0,   0,    0,   0}},
    {"rights_request", "list",   {0,    O,    0,    N,      0,   O,    0,   A}},
    {"document",     "create",   {0,    O,    O,    0,      0,   O,    0,   0}},
    {"document",     "read",     {0,    O | N, O | N, P | N, 0,   O | N, 0,   0}},
    {"document",     "list",     {0,    O | N, O | N, P | N, 0,   O | N, 0,   0}},
    /* break_glass (issue 10 item 5, docs/breakglass.md) */
    {"break_glass",  "create",   {0,    A,    A,    A,      0,   A,    0,   0}},
    {"break_glass",  "list",     {0,    A,    A,    A,      0,   A,    0,   0}},
    /* known_elsewhere (issue 13 item 5, docs/known-elsewhere.md) */
    {"known_elsewhere", "search", {0,   O,    0,    0,      0,   0,    0,   0}},
    /* retention (issue 10 item 1, docs/retention.md) */
    {"retention",    "create",   {0,    O,    0,    0,      0,   O,    0,   0}},
    {"retention",    "read",     {0,    O,    0,    0,      0,   O,    0,   A}},
    {"retention",    "list",     {0,    O,    0,    0,      0,   O,    0,   A}},
    {"retention",    "update",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"retention",    "delete",   {0,    O,    0,    0,      0,   0,    0,   0}},
    /* breach (issue 10 item 8, docs/breaches.md) */
    {"breach",       "create",   {A,    O,    0,    0,      0,   0,    0,   A}},
    {"breach",       "read",     {0,    0,    0,    0,      0,   0,    0,   A}},
    {"breach",       "update",   {0,    0,    0,    0,      0,   0,    0,   A}},
    {"breach",       "list",     {0,    0,    0,    0,      0,   0,    0,   A}},
    /* reuse_basis (issue 10 item 4, docs/purpose.md) */
    {"reuse_basis",  "create",   {0,    O,    0,    0,      0,   O,    0,   0}},
    {"reuse_basis",  "read",     {0,    O,    O,    0,      0,   O,    0,   0}},
    /* inzage (issue 10 item 3, docs/inzage.md) */
    {"inzage",       "create",   {0,    O,    0,    0,      0,   0,    0,   0}},
    {"inzage",       "read",     {0,    O,    0,    0,      0,   0,    0,   A}},
    {"inzage",       "list",     {0,    O,    0,    0,      0,   0,    0,   A}},
    {"inzage",       "update",   {0,    O,    0,    0,      0,   0,    0,   A}},
};
// clang-format on

struct exp_cat {
    const char *category;
    uint32_t cond[POLICY_ROLE_COUNT];
};

/* Field-level visibility (domain.md §2.4). Same column order. */
// clang-format off
static const struct exp_cat EXPC[] = {
    /* category          beh  dos  voo  par  mel  bur  raa  fg */
    {"identification",  {0,   A,   A,   P,   0,   A,   0,   0}},
    {"signal",          {0,   A,   A,   P,   0,   A,   0,   0}},
    {"police",          {0,   A,   A,   O,   0,   A,   0,   0}},
    {"criminal",        {0,   A,   A,   P,   0,   A,   0,   0}},
    {"special",         {0,   A,   A,   P,   0,   A,   0,   0}},
    {"youth",           {0,   A,   A,   P,   0,   A,   0,   0}},
    {"care",            {0,   A,   A,   O,   0,   A,   0,   0}},
    {"other",           {0,   A,   A,   P,   0,   A,   0,   0}},
    {"ambtsbericht",    {0,   N,   N,   0,   0,   A,   0,   0}},
    {"plan",            {0,   A,   A,   P,   0,   A,   0,   0}},
    {"network",         {0,   A,   A,   P,   0,   A,   0,   0}},
    {"minutes",         {0,   A,   A,   P,   0,   A,   0,   0}},
    {"figures",         {0,   A,   A,   A,   0,   A,   A,   A}},
    {"audit",           {0,   0,   0,   0,   0,   0,   0,   A}},
};
// clang-format on

/* ---- fixtures ---------------------------------------------------------------------------- */

#define ME 1001
#define MY_ORG 7
#define OTHER_ORG 8

static const int64_t with_me[] = {3, MY_ORG, 9};
static const int64_t without_me[] = {3, OTHER_ORG, 9};

/* Object variants: 0 = function level (NULL), 1 = related in no way, then one per condition. */
#define N_VARIANTS 7
static const uint32_t variant_cond[N_VARIANTS] = {0, 0, S, O, P, U, N};

static struct policy_obj variant_obj(int v)
{
    struct policy_obj o = {OTHER_ORG, 2002, 2003, without_me, ARRAY_LEN(without_me), false};
    switch (variant_cond[v]) {
    case S:
        o.subject_user_id = ME;
        break;
    case O:
        o.owner_org_id = MY_ORG;
        break;
    case P:
        o.participant_org_ids = with_me;
        o.n_participants = ARRAY_LEN(with_me);
        break;
    case U:
        o.submitter_user_id = ME;
        break;
    case N:
        o.designated = true;
        break;
    default:
        break;
    }
    return o;
}

static struct actor actor_of(uint32_t roles, bool covenant)
{
    return (struct actor){ME, MY_ORG, roles, covenant, false};
}

/* Expected decision for a single role (index r) on key k under variant v. */
static bool expected(const uint32_t *cond, int r, int v, bool covenant, const char *object)
{
    uint32_t c = cond[r];
    bool allow = v == 0 ? c != 0 : (c & (A | variant_cond[v])) != 0;
    if (!covenant && policy_object_is_case_data(object))
        allow = false;
    return allow;
}

static bool actual(int r, const char *action, const char *object, int v, bool covenant)
{
    struct actor a = actor_of(1u << r, covenant);
    struct policy_obj o = variant_obj(v);
    const char *rule = NULL;
    int rc = policy_check(&a, action, object, v == 0 ? NULL : &o, &rule);
    if (rc == 0)
        cr_assert_not_null(rule);
    else
        cr_assert_null(rule);
    return rc == 0;
}

/* Counts cells where the expected matrix says allow but the table denies, and the reverse. */
static void replay(bool covenant, size_t *out_lost, size_t *out_extra, bool report)
{
    size_t lost = 0, extra = 0;
    for (size_t k = 0; k < ARRAY_LEN(EXP); k++) {
        for (int r = 0; r < POLICY_ROLE_COUNT; r++) {
            for (int v = 0; v < N_VARIANTS; v++) {
                bool want = expected(EXP[k].cond, r, v, covenant, EXP[k].object);
                bool got = actual(r, EXP[k].action, EXP[k].object, v, covenant);
                if (want && !got)
                    lost++;
                if (!want && got)
                    extra++;
                if (report && want != got)
                    cr_log_error("%s %s/%s variant %d covenant %d: expected %s",
                                 policy_role_name(1u << r), EXP[k].action, EXP[k].object, v,
                                 covenant, want ? "allow" : "deny");
            }
        }
    }
    *out_lost = lost;
    *out_extra = extra;
}

static bool cat_actual(int r, const char *cat, int v, bool covenant)
{
    struct actor a = actor_of(1u << r, covenant);
    struct policy_obj o = variant_obj(v);
    return policy_category_visible(&a, cat, v == 0 ? NULL : &o);
}

static bool cat_expected(const uint32_t *cond, int r, int v, bool covenant, const char *cat)
{
    /* For fields there is no function level: NULL means no relation, so only `any` counts. */
    uint32_t c = cond[r];
    bool allow = (c & (A | (v == 0 ? 0 : variant_cond[v]))) != 0;
    if (!covenant && strcmp(cat, "figures") != 0 && strcmp(cat, "audit") != 0)
        allow = false;
    return allow;
}

static void cat_replay(bool covenant, size_t *out_lost, size_t *out_extra, bool report)
{
    size_t lost = 0, extra = 0;
    for (size_t k = 0; k < ARRAY_LEN(EXPC); k++) {
        for (int r = 0; r < POLICY_ROLE_COUNT; r++) {
            for (int v = 0; v < N_VARIANTS; v++) {
                bool want = cat_expected(EXPC[k].cond, r, v, covenant, EXPC[k].category);
                bool got = cat_actual(r, EXPC[k].category, v, covenant);
                lost += want && !got;
                extra += !want && got;
                if (report && want != got)
                    cr_log_error("%s category %s variant %d: expected %s",
                                 policy_role_name(1u << r), EXPC[k].category, v,
                                 want ? "visible" : "hidden");
            }
        }
    }
    *out_lost = lost;
    *out_extra = extra;
}

static char *csv_text;
static size_t csv_len;

static void load_csv_file(void)
{
    const char *src = getenv("REGIE_SRC");
    char path[512];
    FILE *f;
    long len;
    snprintf(path, sizeof(path), "%s/src/policy/policy.csv", src ? src : ".");
    f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    cr_assert_gt(len, 0);
    rewind(f);
    csv_text = malloc((size_t)len + 1);
    cr_assert_not_null(csv_text);
    cr_assert_eq(fread(csv_text, 1, (size_t)len, f), (size_t)len);
    csv_text[len] = '\0';
    csv_len = (size_t)len;
    fclose(f);
}

static void setup(void)
{
    struct err e;
    err_clear(&e);
    cr_assert_eq(policy_init(&e), 0, "policy_init: %s", e.detail);
    load_csv_file();
}

static void teardown(void)
{
    policy_cleanup();
    free(csv_text);
    csv_text = NULL;
}

TestSuite(policy, .init = setup, .fini = teardown, .timeout = 120);

/* ---- the matrix -------------------------------------------------------------------------- */

Test(policy, embedded_table_equals_the_csv_file)
{
    size_t n_rules = policy_rule_count(), n_cats = policy_category_rule_count();
    cr_assert_eq(policy_load(csv_text, csv_len, NULL), 0);
    cr_expect_eq(policy_rule_count(), n_rules);
    cr_expect_eq(policy_category_rule_count(), n_cats);
    cr_expect_gt(n_rules, 100);
}

Test(policy, keys_in_table_equal_keys_in_expected_matrix)
{
    for (size_t i = 0; i < policy_key_count(); i++) {
        const char *act = NULL, *obj = NULL;
        bool found = false;
        cr_assert(policy_key_at(i, &act, &obj));
        for (size_t k = 0; k < ARRAY_LEN(EXP) && !found; k++)
            found = strcmp(EXP[k].action, act) == 0 && strcmp(EXP[k].object, obj) == 0;
        cr_expect(found, "policy.csv has key %s/%s that the expected matrix lacks", act, obj);
    }
    for (size_t k = 0; k < ARRAY_LEN(EXP); k++) {
        bool any = false;
        for (int r = 0; r < POLICY_ROLE_COUNT; r++)
            any = any || EXP[k].cond[r] != 0;
        cr_expect(any, "expected key %s/%s allows nobody", EXP[k].action, EXP[k].object);
        cr_expect(policy_has_key(EXP[k].action, EXP[k].object), "no row for %s/%s", EXP[k].action,
                  EXP[k].object);
    }
    cr_expect_eq(policy_key_count(), ARRAY_LEN(EXP));
}

Test(policy, every_role_x_key_x_relation_matches_the_expected_matrix)
{
    size_t lost = 0, extra = 0;
    replay(true, &lost, &extra, true);
    cr_expect_eq(lost, 0, "%zu expected allows denied", lost);
    cr_expect_eq(extra, 0, "%zu unexpected allows", extra);
}

Test(policy, every_role_x_category_matches_the_expected_matrix)
{
    size_t lost = 0, extra = 0;
    cat_replay(true, &lost, &extra, true);
    cr_expect_eq(lost, 0);
    cr_expect_eq(extra, 0);
    cat_replay(false, &lost, &extra, true);
    cr_expect_eq(lost, 0);
    cr_expect_eq(extra, 0);
    struct actor d = actor_of(POLICY_ROLE_DOSSIERHOUDER, true);
    cr_expect_not(policy_category_visible(&d, "unknown_category", NULL));
    cr_expect_not(policy_category_visible(NULL, "identification", NULL));
}

Test(policy, org_without_covenant_gets_no_case_data)
{
    size_t lost = 0, extra = 0;
    replay(false, &lost, &extra, true);
    cr_expect_eq(lost, 0);
    cr_expect_eq(extra, 0);
    /* Explicitly: every role at once, every case-data key, every relation: denied. */
    struct actor all = actor_of(POLICY_ROLE_ALL, false);
    for (size_t i = 0; i < policy_key_count(); i++) {
        const char *act, *obj;
        cr_assert(policy_key_at(i, &act, &obj));
        for (int v = 0; v < N_VARIANTS; v++) {
            struct policy_obj o = variant_obj(v);
            int rc = policy_check(&all, act, obj, v == 0 ? NULL : &o, NULL);
            if (policy_object_is_case_data(obj))
                cr_expect_eq(rc, ERR_FORBIDDEN, "%s/%s allowed without covenant", act, obj);
        }
        if (policy_object_is_case_data(obj))
            cr_expect_eq(policy_scope(&all, act, obj), 0);
    }
    /* Own session and profile stay reachable (to log out, to see why). */
    struct policy_obj self = variant_obj(2);
    cr_expect_eq(policy_check(&all, "read", "session", &self, NULL), 0);
}

/* Allowed (key, relation) pairs of a single role, as "action/object" strings, checked against an
 * explicit allow-list. Walks every key of the table, so new rows are covered automatically. */
static void expect_only(uint32_t role, const char *const *allowed, size_t n_allowed)
{
    struct actor a = actor_of(role, true);
    for (size_t i = 0; i < policy_key_count(); i++) {
        const char *act, *obj;
        char key[128];
        bool listed = false;
        cr_assert(policy_key_at(i, &act, &obj));
        snprintf(key, sizeof(key), "%s/%s", act, obj);
        for (size_t j = 0; j < n_allowed && !listed; j++)
            listed = strcmp(allowed[j], key) == 0;
        if (!listed)
            cr_expect_eq(policy_check(&a, act, obj, NULL, NULL), ERR_FORBIDDEN, "%s may %s",
                         policy_role_name(role), key);
    }
}

Test(policy, beheerder_never_reaches_case_content)
{
    struct actor a = actor_of(POLICY_ROLE_BEHEERDER, true);
    for (size_t i = 0; i < policy_key_count(); i++) {
        const char *act, *obj;
        cr_assert(policy_key_at(i, &act, &obj));
        if (!policy_object_is_case_data(obj) && strcmp(obj, "audit_log") != 0 &&
            strcmp(obj, "figures") != 0)
            continue;
        for (int v = 0; v < N_VARIANTS; v++) {
            struct policy_obj o = variant_obj(v);
            cr_expect_eq(policy_check(&a, act, obj, v == 0 ? NULL : &o, NULL), ERR_FORBIDDEN,
                         "beheerder may %s %s", act, obj);
        }
    }
    for (size_t k = 0; k < ARRAY_LEN(EXPC); k++)
        cr_expect_not(policy_category_visible(&a, EXPC[k].category, NULL));
}

Test(policy, raadslid_only_figures)
{
    static const char *const ok[] = {"read/figures",     "read/session", "list/session",
                                     "delete/session",   "read/user",    "update/user",
                                     "read/organisation"};
    expect_only(POLICY_ROLE_RAADSLID, ok, ARRAY_LEN(ok));
    struct actor a = actor_of(POLICY_ROLE_RAADSLID, true);
    cr_expect_eq(policy_check(&a, "read", "figures", NULL, NULL), 0);
}

Test(policy, fg_only_audit_log_not_case_content)
{
    static const char *const ok[] = {
        "read/audit_log",      "list/audit_log",        "search/audit_log",
        "export/audit_log",    "read/figures",          "read/session",
        "list/session",        "delete/session",        "read/user",
        "update/user",         "read/organisation",     "read/rights_request",
        "list/rights_request",
        "read/support_org",    "list/support_org",      "read/retention",
        "list/retention",
        /* the breach register (docs/breaches.md): incidents, not case content */
        "create/breach",       "read/breach",           "update/breach",
        "list/breach",
        /* the inzage export (docs/inzage.md): the FG reviews and approves (four eyes) */
        "read/inzage",         "list/inzage",           "update/inzage"};
    expect_only(POLICY_ROLE_FG, ok, ARRAY_LEN(ok));
    /* Nobody else reads the access log. */
    struct actor others = actor_of(POLICY_ROLE_ALL & ~(uint32_t)POLICY_ROLE_FG, true);
    cr_expect_eq(policy_check(&others, "read", "audit_log", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_scope(&others, "search", "audit_log"), 0);
}

Test(policy, melder_only_submits_and_sees_own_submission)
{
    static const char *const ok[] = {"create/signal", "read/signal",  "list/signal",
                                     "read/session",  "list/session", "delete/session",
                                     "read/user",     "update/user",  "read/organisation"};
    expect_only(POLICY_ROLE_MELDER, ok, ARRAY_LEN(ok));
    struct actor m = actor_of(POLICY_ROLE_MELDER, true);
    struct policy_obj mine = variant_obj(5), other = variant_obj(1);
    cr_expect_eq(policy_check(&m, "read", "signal", &mine, NULL), 0);
    cr_expect_eq(policy_check(&m, "read", "signal", &other, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_scope(&m, "list", "signal"), POLICY_COND_OWN_SUBMISSION);
}

Test(policy, partner_only_as_participant)
{
    struct actor p = actor_of(POLICY_ROLE_PARTNER, true);
    struct policy_obj in = variant_obj(4), out = variant_obj(1);
    const char *rule = NULL;
    cr_expect_eq(policy_check(&p, "read", "case", &in, &rule), 0);
    cr_expect_not_null(strstr(rule, "partner,read,case,participant"), "%s", rule);
    cr_expect_eq(policy_check(&p, "read", "case", &out, &rule), ERR_FORBIDDEN);
    cr_expect_null(rule);
    cr_expect_eq(policy_scope(&p, "list", "case"), POLICY_COND_PARTICIPANT);
    cr_expect_eq(policy_scope(&p, "read", "signal"),
                 POLICY_COND_OWN_SUBMISSION | POLICY_COND_PARTICIPANT);
    /* An org id of 0 never matches an unset participant list entry. */
    int64_t zero[] = {0};
    struct actor no_org = {ME, 0, POLICY_ROLE_PARTNER, true, false};
    struct policy_obj z = {0, 0, 0, zero, 1, false};
    cr_expect_eq(policy_check(&no_org, "read", "case", &z, NULL), ERR_FORBIDDEN);
}

Test(policy, multiple_roles_combine)
{
    struct actor a = actor_of(POLICY_ROLE_DOSSIERHOUDER | POLICY_ROLE_FG, true);
    cr_expect_eq(policy_check(&a, "read", "case", NULL, NULL), 0);
    cr_expect_eq(policy_check(&a, "read", "audit_log", NULL, NULL), 0);
    cr_expect_eq(policy_check(&a, "update", "settings", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_scope(&a, "read", "ambtsbericht"), POLICY_COND_DESIGNATED);
}

Test(policy, unknown_role_action_object_and_bad_input_denied)
{
    struct actor all = actor_of(POLICY_ROLE_ALL, true);
    struct actor none = actor_of(0, true);
    struct actor alien = actor_of(1u << 8, true);
    struct actor mixed = actor_of(POLICY_ROLE_DOSSIERHOUDER | (1u << 20), true);
    cr_expect_eq(policy_check(&all, "frobnicate", "case", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&all, "read", "spaceship", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&all, "", "", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&all, NULL, "case", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&all, "read", NULL, NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(NULL, "read", "case", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&none, "read", "session", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&alien, "read", "session", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_eq(policy_check(&mixed, "read", "case", NULL, NULL), ERR_FORBIDDEN,
                 "an unknown role bit makes the whole actor suspect");
    cr_expect_not(policy_has_key("frobnicate", "case"));
    cr_expect_not(policy_has_key("read", "spaceship"));
    cr_expect(policy_has_key("read", "case"));
    uint32_t r = 0;
    cr_expect_eq(policy_role_from_name("admin", 5, &r), ERR_INVAL);
    cr_expect_eq(policy_role_from_name("dossierhouder", 13, &r), 0);
    cr_expect_eq(r, POLICY_ROLE_DOSSIERHOUDER);
    cr_expect_eq(policy_role_from_name("dossierhouderX", 13, &r), 0, "length-bounded");
    cr_expect_eq(policy_role_from_name("Dossierhouder", 13, &r), ERR_INVAL, "case-sensitive");
    for (int i = 0; i < POLICY_ROLE_COUNT; i++) {
        const char *name = policy_role_name(1u << i);
        cr_assert_not_null(name);
        cr_expect_eq(policy_role_from_name(name, strlen(name), &r), 0);
        cr_expect_eq(r, 1u << i);
    }
    cr_expect_null(policy_role_name(3));
    cr_expect_null(policy_role_name(1u << 8));
    cr_expect_str_eq(policy_cond_name(POLICY_COND_PARTICIPANT), "participant");
}

Test(policy, no_table_denies_everything)
{
    struct actor all = actor_of(POLICY_ROLE_ALL, true);
    policy_cleanup();
    cr_expect_eq(policy_check(&all, "read", "session", NULL, NULL), ERR_FORBIDDEN);
    cr_expect_not(policy_has_key("read", "case"));
    cr_expect_eq(policy_rule_count(), 0);
    cr_expect_not(policy_category_visible(&all, "figures", NULL));
}

/* ---- mutation test ----------------------------------------------------------------------- */

/* Calls fn(line_start, line_len) for every data row of the CSV (not comments, blank lines,
 * headers or the section marker), with is_cat telling which section. */
struct row {
    size_t off, len;
    bool is_cat;
};

static size_t csv_rows(struct row *rows, size_t max)
{
    size_t n = 0, off = 0;
    int header_seen = 0;
    bool cats = false;
    while (off < csv_len) {
        const char *p = csv_text + off;
        const char *nl = memchr(p, '\n', csv_len - off);
        size_t len = nl ? (size_t)(nl - p) + 1 : csv_len - off;
        size_t text = nl ? len - 1 : len;
        if (text == 0 || p[0] == '#') {
            /* skip */
        } else if (text == 12 && memcmp(p, "[categories]", 12) == 0) {
            cats = true;
        } else if (header_seen < (cats ? 2 : 1)) {
            header_seen++;
        } else {
            cr_assert_lt(n, max);
            rows[n++] = (struct row){off, len, cats};
        }
        off += len;
    }
    return n;
}

Test(policy, every_row_is_needed)
{
    static struct row rows[1024];
    size_t n = csv_rows(rows, ARRAY_LEN(rows));
    char *mut = malloc(csv_len + 1);
    cr_assert_not_null(mut);
    cr_expect_eq(n, policy_rule_count() + policy_category_rule_count(),
                 "row walker and parser disagree on the number of rows");
    for (size_t i = 0; i < n; i++) {
        struct err e;
        size_t lost = 0, extra = 0;
        size_t m = 0;
        memcpy(mut, csv_text, rows[i].off);
        m = rows[i].off;
        memcpy(mut + m, csv_text + rows[i].off + rows[i].len, csv_len - rows[i].off - rows[i].len);
        m += csv_len - rows[i].off - rows[i].len;
        err_clear(&e);
        cr_assert_eq(policy_load(mut, m, &e), 0, "mutant %zu does not load: %s", i, e.detail);
        if (rows[i].is_cat)
            cat_replay(true, &lost, &extra, false);
        else
            replay(true, &lost, &extra, false);
        cr_expect_gt(lost, 0, "row is dead or duplicated: %.*s", (int)rows[i].len - 1,
                     csv_text + rows[i].off);
        cr_expect_eq(extra, 0, "unexpected allow with this row removed (see the matrix test): %.*s",
                     (int)rows[i].len - 1, csv_text + rows[i].off);
    }
    free(mut);
}

/* ---- CSV parser -------------------------------------------------------------------------- */

static const char hdr[] = "role,action,object,condition,comment\n";

static void expect_bad(const char *csv, unsigned line, const char *why)
{
    struct err e;
    char want[64];
    size_t before = policy_rule_count();
    err_clear(&e);
    cr_expect_eq(policy_load(csv, strlen(csv), &e), ERR_INVAL, "accepted: %s", why);
    snprintf(want, sizeof(want), "regel %u:", line);
    cr_expect_not_null(strstr(e.detail, want), "%s: detail '%s' lacks '%s'", why, e.detail, want);
    cr_expect_eq(policy_rule_count(), before, "a failed load must keep the old table");
}

Test(policy, csv_parser_refuses_malformed_input_with_line_number)
{
    expect_bad("dossierhouder,read,case,any\n", 1, "no header");
    expect_bad("# c\nrole,action,object\n", 2, "short header");
    expect_bad("role,action,object,condition,comment\nadmin,read,case,any\n", 2, "unknown role");
    expect_bad("role,action,object,condition,comment\n\n# x\ndossierhouder,read,case,always\n", 4,
               "unknown condition");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case,any,c,extra\n", 2,
               "too many columns");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case\n", 2,
               "too few columns");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case,any,\"abc\"def\n", 2,
               "junk after quote");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case,any,\"abc\n", 2,
               "unterminated quote");
    expect_bad("role,action,object,condition,comment\ndossier\"houder,read,case,any\n", 2,
               "quote inside field");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,Case,any\n", 2,
               "uppercase object");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,,any\n", 2,
               "empty object");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case,any\n"
               "voorzitter,read,case,any\ndossierhouder,read,case,any,again\n",
               4, "duplicate row");
    expect_bad("role,action,object,condition,comment\ndossierhouder, read,case,any\n", 2,
               "space in name");
    expect_bad("role,action,object,condition,comment\n[categories]\nfigures,fg,any\n", 3,
               "missing categories header");
    expect_bad("role,action,object,condition,comment\n[categories]\n"
               "category,role,condition,comment\nfigures,fg,any,x,y\n",
               4, "too many category columns");
    expect_bad("role,action,object,condition,comment\n[categories]\n"
               "category,role,condition,comment\nfigures,council,any\n",
               4, "unknown category role");
    expect_bad("role,action,object,condition,comment\n[categories]\n"
               "category,role,condition,comment\n[categories]\n",
               4, "section twice");
    expect_bad("role,action,object,condition,comment\ndossierhouder,read,case,any,\x01\n", 2,
               "control character");
    expect_bad("", 0, "empty");
}

Test(policy, csv_parser_accepts_quotes_crlf_and_comments)
{
    const char csv[] = "# comment\r\n"
                       "role,action,object,condition,comment\r\n"
                       "\r\n"
                       "\"dossierhouder\",read,case,any,\"a, b \"\"quoted\"\" comment\"\r\n"
                       "partner,read,case,participant\r\n"
                       "[categories]\r\n"
                       "category,role,condition,comment\r\n"
                       "figures,raadslid,any,\"rounded, suppressed\"\r\n";
    struct err e;
    err_clear(&e);
    cr_assert_eq(policy_load(csv, strlen(csv), &e), 0, "%s", e.detail);
    cr_expect_eq(policy_rule_count(), 2);
    cr_expect_eq(policy_category_rule_count(), 1);
    struct policy_rule r;
    cr_assert(policy_rule_at(0, &r));
    cr_expect_str_eq(r.object, "case");
    cr_expect_not(policy_rule_at(2, &r));
    struct actor d = actor_of(POLICY_ROLE_DOSSIERHOUDER, true);
    const char *rule = NULL;
    cr_expect_eq(policy_check(&d, "read", "case", NULL, &rule), 0);
    cr_expect_str_eq(rule, "dossierhouder,read,case,any (regel 4)");
    cr_expect_eq(policy_check(&d, "update", "case", NULL, NULL), ERR_FORBIDDEN);
    (void)hdr;
}

/* Row-level security: who the database narrows to its municipality (policy_narrowed). */
Test(policy, narrowed_users_of_a_municipality_except_roles_across_municipalities)
{
    struct actor a = {.user_id = 5, .org_id = 1, .roles = POLICY_ROLE_DOSSIERHOUDER,
                      .org_access_ok = true, .municipal = true};
    cr_expect(policy_narrowed(&a), "a municipality's dossierhouder");
    a.roles = POLICY_ROLE_PARTNER | POLICY_ROLE_MELDER;
    cr_expect(policy_narrowed(&a), "a municipality's partner or melder account");
    const uint32_t across[] = {POLICY_ROLE_FG, POLICY_ROLE_BEHEERDER, POLICY_ROLE_RAADSLID};
    for (size_t i = 0; i < sizeof(across) / sizeof(across[0]); i++) {
        a.roles = POLICY_ROLE_DOSSIERHOUDER | across[i];
        cr_expect(!policy_narrowed(&a), "a role across municipalities (%u) is not narrowed",
                  across[i]);
    }
    a.roles = POLICY_ROLE_PARTNER;
    a.municipal = false;
    cr_expect(!policy_narrowed(&a), "a partner organisation (police) is not narrowed");
    a.municipal = true;
    a.user_id = 0;
    cr_expect(!policy_narrowed(&a), "no user: a job or a public route");
    cr_expect(!policy_narrowed(NULL));
}
