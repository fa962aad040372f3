/* policy.c: the access table and the decision function. The CSV (embedded from policy.csv by
 * scripts/embed.py, or handed to policy_load by tests) is parsed strictly into an immutable table:
 * rules sorted by (object, action) with an index of distinct keys, so a check is one binary search
 * plus a scan of the few rows of that key. Any parse error rejects the whole table and names the
 * line. Deny is the default and the answer to every error. */
#include "core/common.h"

#include "policy/policy.h"
#include "core/str.h"

extern const char regie_policy_csv[];
extern const size_t regie_policy_csv_len;

#define CSV_MAX_BYTES ((size_t)1 << 20)
#define LINE_MAX_BYTES 1024
#define NAME_MAX_BYTES 48
#define MAX_FIELDS 8

static const char rules_header[] = "role,action,object,condition,comment";
static const char cats_marker[] = "[categories]";
static const char cats_header[] = "category,role,condition,comment";

static const char *const role_names[POLICY_ROLE_COUNT] = {
    "beheerder", "dossierhouder", "voorzitter", "partner",
    "melder",    "burgemeester",  "raadslid",   "fg",
};

static const char *const cond_names[POLICY_COND_COUNT] = {
    "any", "self", "own_org", "participant", "own_submission", "designated",
};

/* Objects that are not case data: the covenant rule does not apply to them. The preparedness
 * registers (readiness, key figures, support directory) are municipal, never linked to a case,
 * and a municipality without a signed instrument must still see what it lacks. */
static const char *const non_case_objects[] = {
    "session",   "user",       "organisation", "region",      "settings",
    "figures",   "audit_log",  "readiness",    "key_figure",  "support_org",
    "breach", /* the breach register (docs/breaches.md): about incidents, not case content */
};

/* Categories that stay visible without a covenant (no personal case data in them). */
static const char *const non_case_categories[] = {"figures", "audit"};

struct key {
    const char *action;
    const char *object;
    size_t start, end; /* rules[start..end) */
};

struct table {
    struct policy_rule *rules;
    size_t n_rules;
    struct key *keys;
    size_t n_keys;
    struct policy_category_rule *cats;
    size_t n_cats;
};

static struct table *g_table;

/* ---- names ------------------------------------------------------------------------------- */

static bool name_eq(const char *a, struct str b)
{
    return strlen(a) == b.n && memcmp(a, b.p, b.n) == 0;
}

int policy_role_from_name(const char *s, size_t n, uint32_t *out_role)
{
    int rc = ERR_INVAL;
    for (size_t i = 0; s != NULL && i < POLICY_ROLE_COUNT; i++) {
        if (name_eq(role_names[i], (struct str){s, n})) {
            *out_role = 1u << i;
            rc = 0;
            break;
        }
    }
    return rc;
}

static int bit_index(uint32_t v, unsigned count)
{
    int idx = -1;
    if (v != 0 && (v & (v - 1)) == 0) {
        for (unsigned i = 0; i < count; i++) {
            if (v == (1u << i))
                idx = (int)i;
        }
    }
    return idx;
}

const char *policy_role_name(uint32_t role)
{
    int i = bit_index(role, POLICY_ROLE_COUNT);
    return i < 0 ? NULL : role_names[i];
}

const char *policy_cond_name(uint32_t cond)
{
    int i = bit_index(cond, POLICY_COND_COUNT);
    return i < 0 ? NULL : cond_names[i];
}

static int cond_from_name(struct str s, uint32_t *out)
{
    int rc = ERR_INVAL;
    for (size_t i = 0; i < POLICY_COND_COUNT; i++) {
        if (name_eq(cond_names[i], s)) {
            *out = 1u << i;
            rc = 0;
            break;
        }
    }
    return rc;
}

/* [a-z][a-z0-9_]* of at most NAME_MAX_BYTES. */
static bool name_valid(struct str s)
{
    bool ok = s.n > 0 && s.n <= NAME_MAX_BYTES && s.p[0] >= 'a' && s.p[0] <= 'z';
    for (size_t i = 1; ok && i < s.n; i++) {
        char c = s.p[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    return ok;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    bool found = false;
    for (size_t i = 0; s != NULL && i < n && !found; i++)
        found = strcmp(s, list[i]) == 0;
    return found;
}

bool policy_object_is_case_data(const char *object)
{
    return !in_list(object, non_case_objects, ARRAY_LEN(non_case_objects));
}

/* ---- table lifetime ---------------------------------------------------------------------- */

static void table_free(struct table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_rules; i++) {
        free((char *)t->rules[i].action);
        free((char *)t->rules[i].object);
        free((char *)t->rules[i].text);
    }
    for (size_t i = 0; i < t->n_cats; i++) {
        free((char *)t->cats[i].category);
        free((char *)t->cats[i].text);
    }
    free(t->rules);
    free(t->keys);
    free(t->cats);
    free(t);
}

void policy_cleanup(void)
{
    table_free(g_table);
    g_table = NULL;
}

static char *dup_str(struct str s)
{
    char *p = malloc(s.n + 1);
    if (p != NULL) {
        memcpy(p, s.p, s.n);
        p[s.n] = '\0';
    }
    return p;
}

/* "a,b,c,d (regel N)" in a new allocation. */
static char *rule_text(const char *a, const char *b, const char *c, const char *d, unsigned line)
{
    int len = snprintf(NULL, 0, "%s,%s,%s%s%s (regel %u)", a, b, c, d ? "," : "", d ? d : "", line);
    char *p = len < 0 ? NULL : malloc((size_t)len + 1);
    if (p != NULL)
        snprintf(p, (size_t)len + 1, "%s,%s,%s%s%s (regel %u)", a, b, c, d ? "," : "", d ? d : "",
                 line);
    return p;
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* Splits one line into fields (RFC 4180 quoting, no newlines inside quotes). Quoted fields are
 * returned without the surrounding quotes and with "" left as is (names never contain quotes,
 * so they then fail validation; comments are not used). Returns NULL or the reason. */
static const char *split_fields(struct str line, struct str *f, size_t *out_n)
{
    const char *why = NULL;
    size_t i = 0;
    size_t nf = 0;

    for (;;) {
        size_t start;
        if (nf == MAX_FIELDS) {
            why = "te veel kolommen";
            goto out;
        }
        if (i < line.n && line.p[i] == '"') {
            i++;
            start = i;
            for (;;) {
                if (i >= line.n) {
                    why = "aanhalingsteken niet gesloten";
                    goto out;
                }
                if (line.p[i] == '"') {
                    if (i + 1 < line.n && line.p[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            f[nf++] = (struct str){line.p + start, i - start};
            i++; /* closing quote */
            if (i < line.n && line.p[i] != ',') {
                why = "tekens na een aanhalingsteken";
                goto out;
            }
        } else {
            start = i;
            while (i < line.n && line.p[i] != ',') {
                if (line.p[i] == '"') {
                    why = "aanhalingsteken midden in een veld";
                    goto out;
                }
                i++;
            }
            f[nf++] = (struct str){line.p + start, i - start};
        }
        if (i >= line.n)
            break;
        i++; /* the comma */
    }
    *out_n = nf;
out:
    return why;
}

static int rule_cmp(const void *pa, const void *pb)
{
    const struct policy_rule *a = pa, *b = pb;
    int c = strcmp(a->object, b->object);
    if (c == 0)
        c = strcmp(a->action, b->action);
    if (c == 0)
        c = (a->role > b->role) - (a->role < b->role);
    if (c == 0)
        c = (a->cond > b->cond) - (a->cond < b->cond);
    return c;
}

static int cat_cmp(const void *pa, const void *pb)
{
    const struct policy_category_rule *a = pa, *b = pb;
    int c = strcmp(a->category, b->category);
    if (c == 0)
        c = (a->role > b->role) - (a->role < b->role);
    if (c == 0)
        c = (a->cond > b->cond) - (a->cond < b->cond);
    return c;
}

enum section { SEC_START, SEC_RULES, SEC_CATS_HEADER, SEC_CATS };

struct parser {
    struct table *t;
    enum section sec;
    unsigned line;
    const char *why;
};

static int parse_rule(struct parser *ps, const struct str *f, size_t nf)
{
    int rc = 0;
    uint32_t role = 0, cond = 0;
    struct policy_rule *r;

    if (nf < 4) {
        ps->why = "te weinig kolommen (verwacht: rol,actie,object,voorwaarde[,toelichting])";
    } else if (nf > 5) {
        ps->why = "te veel kolommen";
    } else if (policy_role_from_name(f[0].p, f[0].n, &role) != 0) {
        ps->why = "onbekende rol";
    } else if (!name_valid(f[1])) {
        ps->why = "ongeldige actie";
    } else if (!name_valid(f[2])) {
        ps->why = "ongeldig object";
    } else if (cond_from_name(f[3], &cond) != 0) {
        ps->why = "onbekende voorwaarde";
    }
    if (ps->why != NULL) {
        rc = ERR_INVAL;
        goto out;
    }
    r = &ps->t->rules[ps->t->n_rules];
    r->role = role;
    r->cond = cond;
    r->line = ps->line;
    r->action = dup_str(f[1]);
    r->object = dup_str(f[2]);
    r->text = NULL;
    ps->t->n_rules++;
    if (r->action == NULL || r->object == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    r->text = rule_text(role_names[bit_index(role, POLICY_ROLE_COUNT)], r->action, r->object,
                        cond_names[bit_index(cond, POLICY_COND_COUNT)], ps->line);
    if (r->text == NULL)
        rc = ERR_NOMEM;
out:
    return rc;
}

static int parse_category(struct parser *ps, const struct str *f, size_t nf)
{
    int rc = 0;
    uint32_t role = 0, cond = 0;
    struct policy_category_rule *r;

    if (nf < 3) {
        ps->why = "te weinig kolommen (verwacht: categorie,rol,voorwaarde[,toelichting])";
    } else if (nf > 4) {
        ps->why = "te veel kolommen";
    } else if (!name_valid(f[0])) {
        ps->why = "ongeldige categorie";
    } else if (policy_role_from_name(f[1].p, f[1].n, &role) != 0) {
        ps->why = "onbekende rol";
    } else if (cond_from_name(f[2], &cond) != 0) {
        ps->why = "onbekende voorwaarde";
    }
    if (ps->why != NULL) {
        rc = ERR_INVAL;
        goto out;
    }
    r = &ps->t->cats[ps->t->n_cats];
    r->role = role;
    r->cond = cond;
    r->line = ps->line;
    r->category = dup_str(f[0]);
    r->text = NULL;
    ps->t->n_cats++;
    if (r->category == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    r->text = rule_text(r->category, role_names[bit_index(role, POLICY_ROLE_COUNT)],
                        cond_names[bit_index(cond, POLICY_COND_COUNT)], NULL, ps->line);
    if (r->text == NULL)
        rc = ERR_NOMEM;
out:
    return rc;
}

static int parse_line(struct parser *ps, struct str line)
{
    int rc = 0;
    struct str f[MAX_FIELDS];
    size_t nf = 0;

    if (line.n > LINE_MAX_BYTES) {
        ps->why = "regel te lang";
    } else if (!str_utf8_valid(line, false) || memchr(line.p, '\r', line.n) != NULL) {
        ps->why = "ongeldige tekens";
    }
    if (ps->why != NULL) {
        rc = ERR_INVAL;
        goto out;
    }
    if (line.n == 0 || line.p[0] == '#')
        goto out;
    switch (ps->sec) {
    case SEC_START:
        if (!str_eq_cstr(line, rules_header))
            ps->why = "kopregel 'role,action,object,condition,comment' ontbreekt";
        ps->sec = SEC_RULES;
        break;
    case SEC_RULES:
        if (str_eq_cstr(line, cats_marker)) {
            ps->sec = SEC_CATS_HEADER;
            break;
        }
        ps->why = split_fields(line, f, &nf);
        if (ps->why == NULL)
            rc = parse_rule(ps, f, nf);
        break;
    case SEC_CATS_HEADER:
        if (!str_eq_cstr(line, cats_header))
            ps->why = "kopregel 'category,role,condition,comment' ontbreekt";
        ps->sec = SEC_CATS;
        break;
    case SEC_CATS:
        if (str_eq_cstr(line, cats_marker)) {
            ps->why = "sectie [categories] staat er twee keer in";
            break;
        }
        ps->why = split_fields(line, f, &nf);
        if (ps->why == NULL)
            rc = parse_category(ps, f, nf);
        break;
    }
    if (ps->why != NULL && rc == 0)
        rc = ERR_INVAL;
out:
    return rc;
}

/* Sorts, rejects duplicates (reporting the later line), builds the key index. */
static int table_finish(struct parser *ps)
{
    int rc = 0;
    struct table *t = ps->t;

    qsort(t->rules, t->n_rules, sizeof(*t->rules), rule_cmp);
    qsort(t->cats, t->n_cats, sizeof(*t->cats), cat_cmp);
    for (size_t i = 1; i < t->n_rules; i++) {
        if (rule_cmp(&t->rules[i - 1], &t->rules[i]) == 0) {
            ps->line =
                t->rules[i].line > t->rules[i - 1].line ? t->rules[i].line : t->rules[i - 1].line;
            ps->why = "dubbele regel";
            rc = ERR_INVAL;
            goto out;
        }
    }
    for (size_t i = 1; i < t->n_cats; i++) {
        if (cat_cmp(&t->cats[i - 1], &t->cats[i]) == 0) {
            ps->line =
                t->cats[i].line > t->cats[i - 1].line ? t->cats[i].line : t->cats[i - 1].line;
            ps->why = "dubbele regel";
            rc = ERR_INVAL;
            goto out;
        }
    }
    t->keys = calloc(t->n_rules > 0 ? t->n_rules : 1, sizeof(*t->keys));
    if (t->keys == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    t->n_keys = 0; /* the new array is empty (so k below is never a zeroed entry) */
    for (size_t i = 0; i < t->n_rules; i++) {
        struct key *k = t->n_keys ? &t->keys[t->n_keys - 1] : NULL;
        if (k != NULL && strcmp(k->object, t->rules[i].object) == 0 &&
            strcmp(k->action, t->rules[i].action) == 0) {
            k->end = i + 1;
        } else {
            t->keys[t->n_keys++] = (struct key){t->rules[i].action, t->rules[i].object, i, i + 1};
        }
    }
out:
    return rc;
}

static int parse_table(const char *csv, size_t n, struct table **out, struct err *e)
{
    int rc = 0;
    size_t lines = 1;
    struct parser ps = {NULL, SEC_START, 0, NULL};
    const char *p = csv;
    const char *end = NULL;

    *out = NULL;
    if (csv == NULL || n > CSV_MAX_BYTES || memchr(csv, '\0', n) != NULL) {
        rc = err_set(e, ERR_INVAL, "policy.csv: leeg, te groot of bevat een NUL-teken");
        goto out;
    }
    end = csv + n; /* only now: NULL + n is undefined behaviour (cppcheck) */
    for (size_t i = 0; i < n; i++)
        lines += csv[i] == '\n';
    ps.t = calloc(1, sizeof(*ps.t));
    if (ps.t == NULL)
        goto nomem;
    ps.t->rules = calloc(lines, sizeof(*ps.t->rules));
    ps.t->cats = calloc(lines, sizeof(*ps.t->cats));
    if (ps.t->rules == NULL || ps.t->cats == NULL)
        goto nomem;
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        struct str line = {p, len};
        ps.line++;
        /* Accept CRLF files: the CR belongs to the line break, not the last field. */
        if (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        rc = parse_line(&ps, line);
        p += len + (nl ? 1 : 0);
    }
    if (rc == 0 && ps.sec == SEC_START) {
        ps.why = "kopregel 'role,action,object,condition,comment' ontbreekt";
        rc = ERR_INVAL;
    }
    if (rc == 0 && ps.sec == SEC_CATS_HEADER) {
        ps.why = "kopregel 'category,role,condition,comment' ontbreekt";
        rc = ERR_INVAL;
    }
    if (rc == 0)
        rc = table_finish(&ps);
    if (rc == ERR_NOMEM)
        goto nomem;
    if (rc != 0) {
        err_set(e, rc, "policy.csv regel %u: %s", ps.line, ps.why ? ps.why : "ongeldig");
        goto out;
    }
    *out = ps.t;
    ps.t = NULL;
    goto out;
nomem:
    rc = err_internal(e, ERR_NOMEM, "policy: out of memory while loading the table");
out:
    table_free(ps.t);
    return rc;
}

int policy_load(const char *csv, size_t n, struct err *e)
{
    struct table *t = NULL;
    int rc = parse_table(csv, n, &t, e);
    if (rc == 0) {
        table_free(g_table);
        g_table = t;
    }
    return rc;
}

int policy_init(struct err *e)
{
    return policy_load(regie_policy_csv, regie_policy_csv_len, e);
}

/* ---- decisions --------------------------------------------------------------------------- */

static const struct key *key_find(const struct table *t, const char *action, const char *object)
{
    const struct key *found = NULL;
    size_t lo = 0, hi = t ? t->n_keys : 0;

    while (lo < hi && action != NULL && object != NULL) {
        size_t mid = lo + (hi - lo) / 2;
        const struct key *k = &t->keys[mid];
        int c = strcmp(object, k->object);
        if (c == 0)
            c = strcmp(action, k->action);
        if (c == 0) {
            found = k;
            break;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return found;
}

static bool id_match(int64_t a, int64_t b)
{
    return a > 0 && a == b;
}

/* Whether cond holds for actor a and object obj (non-NULL). */
static bool cond_holds(uint32_t cond, const struct actor *a, const struct policy_obj *obj)
{
    bool ok = false;

    switch (cond) {
    case POLICY_COND_ANY:
        ok = true;
        break;
    case POLICY_COND_SELF:
        ok = id_match(a->user_id, obj->subject_user_id);
        break;
    case POLICY_COND_OWN_ORG:
        ok = id_match(a->org_id, obj->owner_org_id);
        break;
    case POLICY_COND_PARTICIPANT:
        for (size_t i = 0; obj->participant_org_ids != NULL && i < obj->n_participants && !ok; i++)
            ok = id_match(a->org_id, obj->participant_org_ids[i]);
        break;
    case POLICY_COND_OWN_SUBMISSION:
        ok = id_match(a->user_id, obj->submitter_user_id);
        break;
    case POLICY_COND_DESIGNATED:
        ok = obj->designated;
        break;
    default:
        ok = false;
        break;
    }
    return ok;
}

/* Common gate of every decision: a well-formed actor, and the covenant rule. */
static bool actor_ok(const struct actor *a, const char *object)
{
    return a != NULL && a->roles != 0 && (a->roles & ~POLICY_ROLE_ALL) == 0 && object != NULL &&
           (a->org_access_ok || !policy_object_is_case_data(object));
}

int policy_check(const struct actor *a, const char *action, const char *object,
                 const struct policy_obj *obj, const char **out_rule)
{
    int rc = ERR_FORBIDDEN;
    const struct key *k = NULL;

    if (out_rule != NULL)
        *out_rule = NULL;
    if (!actor_ok(a, object))
        goto out;
    k = key_find(g_table, action, object);
    for (size_t i = k ? k->start : 0; k != NULL && i < k->end; i++) {
        const struct policy_rule *r = &g_table->rules[i];
        if ((r->role & a->roles) != 0 && (obj == NULL || cond_holds(r->cond, a, obj))) {
            rc = 0;
            if (out_rule != NULL)
                *out_rule = r->text;
            break;
        }
    }
out:
    return rc;
}

uint32_t policy_scope(const struct actor *a, const char *action, const char *object)
{
    uint32_t scope = 0;
    const struct key *k = NULL;

    if (!actor_ok(a, object))
        goto out;
    k = key_find(g_table, action, object);
    for (size_t i = k ? k->start : 0; k != NULL && i < k->end; i++) {
        if ((g_table->rules[i].role & a->roles) != 0)
            scope |= g_table->rules[i].cond;
    }
out:
    return scope;
}

bool policy_has_key(const char *action, const char *object)
{
    return key_find(g_table, action, object) != NULL;
}

bool policy_category_visible(const struct actor *a, const char *category,
                             const struct policy_obj *obj)
{
    bool visible = false;
    const struct table *t = g_table;

    if (t == NULL || a == NULL || category == NULL || a->roles == 0 ||
        (a->roles & ~POLICY_ROLE_ALL) != 0)
        goto out;
    if (!a->org_access_ok &&
        !in_list(category, non_case_categories, ARRAY_LEN(non_case_categories)))
        goto out;
    for (size_t i = 0; i < t->n_cats && !visible; i++) {
        const struct policy_category_rule *r = &t->cats[i];
        if ((r->role & a->roles) == 0 || strcmp(r->category, category) != 0)
            continue;
        visible = r->cond == POLICY_COND_ANY || (obj != NULL && cond_holds(r->cond, a, obj));
    }
out:
    return visible;
}

/* ---- iteration --------------------------------------------------------------------------- */

size_t policy_rule_count(void)
{
    return g_table ? g_table->n_rules : 0;
}

bool policy_rule_at(size_t i, struct policy_rule *out)
{
    bool ok = g_table != NULL && i < g_table->n_rules && out != NULL;
    if (ok)
        *out = g_table->rules[i];
    return ok;
}

size_t policy_key_count(void)
{
    return g_table ? g_table->n_keys : 0;
}

bool policy_key_at(size_t i, const char **out_action, const char **out_object)
{
    bool ok = g_table != NULL && i < g_table->n_keys;
    if (ok) {
        *out_action = g_table->keys[i].action;
        *out_object = g_table->keys[i].object;
    }
    return ok;
}

size_t policy_category_rule_count(void)
{
    return g_table ? g_table->n_cats : 0;
}

bool policy_category_rule_at(size_t i, struct policy_category_rule *out)
{
    bool ok = g_table != NULL && i < g_table->n_cats && out != NULL;
    if (ok)
        *out = g_table->cats[i];
    return ok;
}

bool policy_narrowed(const struct actor *a)
{
    const uint32_t across = POLICY_ROLE_FG | POLICY_ROLE_BEHEERDER | POLICY_ROLE_RAADSLID;
    return a != NULL && a->user_id > 0 && a->municipal && (a->roles & across) == 0;
}
