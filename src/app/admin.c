/* admin.c: regions, organisations and user accounts (see admin.h). */
#include "core/common.h"

#include "app/admin.h"
#include "app/input.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/jsonv.h"
#include "core/log.h"
#include "store/store.h"
#include "store/user.h"

#define LIST_MAX 1000

static int deny(struct err *e)
{
    return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot deze functie.");
}

static int allowed(const struct actor *who, const char *action, const char *object,
                   const struct policy_obj *obj)
{
    return policy_check(who, action, object, obj, NULL);
}

static json_t *org_json(const struct store_org *o)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:b}", "id", (json_int_t)o->id, "name",
                     o->name, "kind", store_org_kind_name(o->kind), "region_id",
                     o->region_id ? json_integer(o->region_id) : json_null(), "instrument",
                     o->instrument ? json_string(store_org_instrument_name(o->instrument))
                                   : json_null(),
                     "instrument_date",
                     o->instrument_date[0] ? json_string(o->instrument_date) : json_null(),
                     "instrument_status", store_org_status_name(o->status), "access_ok",
                     o->status == STORE_ORG_GETEKEND && o->instrument != STORE_INSTR_GEEN);
}

int app_region_list(struct app *a, const struct actor *who, json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct store_region *list = NULL;
    size_t n = 0;
    *out = NULL;
    if (allowed(who, "list", "region", NULL) != 0)
        return deny(e);
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    list = calloc(100, sizeof(*list));
    if (list == NULL)
        return ERR_NOMEM;
    rc = store_region_list(st, list, 100, &n, e);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && items && i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s}", "id", (json_int_t)list[i].id, "name",
                                               list[i].name));
    free(list);
    if (rc != 0 || items == NULL) {
        json_decref(items);
        return rc ? rc : ERR_NOMEM;
    }
    *out = json_pack("{s:o}", "items", items);
    return *out ? 0 : ERR_NOMEM;
}

int app_org_list(struct app *a, const struct actor *who, json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct store_region *regions = NULL;
    struct store_org *orgs = NULL;
    size_t nr = 0;
    json_t *items = NULL;
    *out = NULL;
    uint32_t scope = policy_scope(who, "list", "organisation");
    bool own_only = false;
    if (scope == 0) {
        /* Roles without the list right may still read their own organisation. */
        if (policy_scope(who, "read", "organisation") == 0)
            return deny(e);
        own_only = true;
    }
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    regions = calloc(100, sizeof(*regions));
    orgs = calloc(LIST_MAX, sizeof(*orgs));
    items = json_array();
    if (regions == NULL || orgs == NULL || items == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    rc = store_region_list(st, regions, 100, &nr, e);
    for (size_t r = 0; rc == 0 && r <= nr; r++) {
        size_t n = 0;
        rc = store_org_list(st, r < nr ? regions[r].id : 0, orgs, LIST_MAX, &n, e);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            struct policy_obj obj = {.owner_org_id = orgs[i].id};
            const char *act = own_only ? "read" : "list";
            if (policy_check(who, act, "organisation", &obj, NULL) != 0)
                continue;
            json_array_append_new(items, org_json(&orgs[i]));
        }
    }
    if (rc != 0)
        goto out;
    *out = json_pack("{s:O}", "items", items);
    rc = *out ? 0 : ERR_NOMEM;
out:
    json_decref(items);
    free(regions);
    free(orgs);
    return rc;
}

static int parse_org_fields(const json_t *in, struct store_org_in *o, bool creating, struct err *e)
{
    struct str kind, instr, status, date;
    int rc = 0;
    rc |= jsonv_str(in, "instrument", false, 4096, &instr, e);
    rc |= jsonv_str(in, "instrument_date", false, 4096, &date, e);
    rc |= jsonv_str(in, "instrument_status", creating, 4096, &status, e);
    if (creating) {
        rc |= jsonv_str(in, "name", true, 4096, &o->name, e);
        rc |= jsonv_str(in, "kind", true, 4096, &kind, e);
        json_t *r = json_object_get(in, "region_id");
        if (r != NULL && !json_is_null(r) && (!json_is_integer(r) || json_integer_value(r) <= 0))
            err_field(e, "region_id", "moet een regio-id zijn");
        o->region_id = r && json_is_integer(r) ? (int64_t)json_integer_value(r) : 0;
        if (kind.p && store_org_kind_parse(kind, &o->kind) != 0)
            err_field(e, "kind", "onbekend soort organisatie");
    }
    if (instr.p && store_org_instrument_parse(instr, &o->instrument) != 0)
        err_field(e, "instrument", "kies convenant, privacyprotocol, wet of geen");
    if (status.p && store_org_status_parse(status, &o->status) != 0)
        err_field(e, "instrument_status", "kies getekend, verlopen, ingetrokken of niet_getekend");
    if (date.p && date.n > 0) {
        int64_t days;
        if (clock_parse_date(date.p, date.n, &days) != 0)
            err_field(e, "instrument_date", "datum als JJJJ-MM-DD");
        else
            o->instrument_date = date;
    }
    (void)rc;
    return (e && e->n_fields) ? ERR_INVAL : 0;
}

int app_org_create(struct app *a, const struct actor *who, const json_t *in, json_t **out,
                   struct err *e)
{
    static const char *const keys[] = {"name", "kind", "region_id", "instrument",
                                       "instrument_date", "instrument_status"};
    struct store *st = NULL;
    struct store_org_in o;
    struct store_org org;
    int64_t id = 0;
    *out = NULL;
    memset(&o, 0, sizeof(o));
    if (allowed(who, "create", "organisation", NULL) != 0)
        return deny(e);
    int rc = jsonv_only_keys(in, keys, ARRAY_LEN(keys), e);
    if (rc == 0)
        rc = parse_org_fields(in, &o, true, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_org_create(st, &o, &id, e);
    if (rc == 0)
        rc = store_org_get(st, id, &org, e);
    if (rc == 0) {
        *out = org_json(&org);
        log_info("admin.org_created", "org=%" PRId64 " by=%" PRId64, id, who->user_id);
    }
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

int app_org_update(struct app *a, const struct actor *who, int64_t id, const json_t *in,
                   json_t **out, struct err *e)
{
    static const char *const keys[] = {"instrument", "instrument_date", "instrument_status"};
    struct store *st = NULL;
    struct store_org_in o;
    struct store_org org;
    *out = NULL;
    memset(&o, 0, sizeof(o));
    if (allowed(who, "update", "organisation", NULL) != 0)
        return deny(e);
    int rc = jsonv_only_keys(in, keys, ARRAY_LEN(keys), e);
    if (rc == 0 && json_object_size(in) == 0)
        rc = err_field(e, "instrument_status", "geef minstens één veld om te wijzigen");
    if (rc == 0)
        rc = parse_org_fields(in, &o, false, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_org_get(st, id, &org, e);
    if (rc != 0)
        return rc;
    struct store_org_upd upd = {
        .instrument = json_object_get(in, "instrument") ? o.instrument : org.instrument,
        .instrument_date = json_object_get(in, "instrument_date")
                               ? o.instrument_date
                               : str_from_cstr(org.instrument_date),
        .status = o.status ? o.status : org.status,
    };
    rc = store_org_update(st, id, &upd, e);
    if (rc == 0)
        rc = store_org_get(st, id, &org, e);
    if (rc == 0) {
        *out = org_json(&org);
        log_info("admin.org_updated", "org=%" PRId64 " by=%" PRId64, id, who->user_id);
    }
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

static json_t *roles_json(uint32_t roles)
{
    json_t *arr = json_array();
    for (uint32_t b = 0; arr && b < POLICY_ROLE_COUNT; b++)
        if (roles & (1u << b))
            json_array_append_new(arr, json_string(policy_role_name(1u << b)));
    return arr;
}

static json_t *user_json(const struct store_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:o}", "id", (json_int_t)u->id, "username",
                     u->username, "display_name", u->display_name, "org_id", (json_int_t)u->org_id,
                     "roles", roles_json(u->roles), "status", store_user_status_name(u->status),
                     "deputy_of", u->deputy_of ? json_integer(u->deputy_of) : json_null());
}

int app_user_list(struct app *a, const struct alog_req *rq, json_t **out,
                  struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    size_t n = 0;
    uint8_t(*subj)[AUDIT_SUBJECT_BYTES] = NULL;
    const struct actor *who = &rq->actor;
    *out = NULL;
    *out_log = NULL;
    if (allowed(who, "list", "user", NULL) != 0)
        return deny(e);
    struct store_user *list = calloc(LIST_MAX, sizeof(*list));
    if (list == NULL)
        return ERR_NOMEM;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_list(st, list, LIST_MAX, &n, e);
    /* One read record per listed account; the caller answers once they are durable. */
    if (rc == 0) {
        subj = calloc(n ? n : 1, sizeof(*subj));
        if (subj == NULL)
            rc = ERR_NOMEM;
        for (size_t i = 0; rc == 0 && i < n; i++)
            alog_subject(a, "user", list[i].id, subj[i]);
        struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "user",
                             .subject_type = "user", .fields = "username,display_name,org,roles,status",
                             .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = n};
        if (rc == 0 && n > 0)
            rc = alog_pending_new(a, rq, &ev, out_log, e);
        free(subj);
    }
    json_t *items = rc == 0 ? json_array() : NULL;
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, user_json(&list[i]));
    free(list);
    if (rc != 0)
        return rc;
    *out = json_pack("{s:o}", "items", items);
    if (*out == NULL) {
        alog_pending_free(*out_log);
        *out_log = NULL;
        return ERR_NOMEM;
    }
    return 0;
}

int app_user_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                  struct alog_pending **out_log, struct err *e)
{
    struct store *st = NULL;
    struct store_user u;
    *out = NULL;
    *out_log = NULL;
    struct policy_obj obj = {.subject_user_id = id};
    if (allowed(&rq->actor, "read", "user", &obj) != 0)
        return deny(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, id, &u, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return err_set(e, ERR_NOTFOUND, "Dit account bestaat niet.");
    }
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(a, "user", id, subj[0]);
    char oid[24];
    snprintf(oid, sizeof(oid), "%" PRId64, id);
    struct alog_ev ev = {.action = AUDIT_ACT_READ, .object_type = "user", .object_id = oid,
                         .subject_type = "user", .fields = "username,display_name,org,roles,status",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    rc = alog_pending_new(a, rq, &ev, out_log, e);
    if (rc != 0)
        return rc;
    *out = user_json(&u);
    if (*out == NULL) {
        alog_pending_free(*out_log);
        *out_log = NULL;
        return ERR_NOMEM;
    }
    return 0;
}

static bool username_ok(struct str s)
{
    if (s.n < 2 || s.n > STORE_USERNAME_MAX)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

struct create_tx {
    struct app *a;
    const struct alog_req *rq;
    struct store_user_in in;
    const uint8_t *hash;
    int64_t id;
};

static int create_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct create_tx *c = ctx;
    int rc = store_user_create(st, &c->in, c->hash, clock_now_ms() + 7LL * 24 * 3600 * 1000,
                               &c->id, e);
    if (rc != 0 || c->rq == NULL)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(c->a, "user", c->id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_CREATE, .object_type = "user", .subject_type = "user",
                         .fields = "username,display_name,org,roles",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, c->rq, &ev, e);
}

static int user_create(struct app *a, const struct alog_req *rq, struct str username,
                       struct str display_name, int64_t org_id, uint32_t roles, int64_t *out_id,
                       char out_code[TOKEN_CODE_STR_LEN + 1], struct err *e);

int app_user_create_local(struct app *a, struct str username, struct str display_name,
                          int64_t org_id, uint32_t roles, int64_t *out_id,
                          char out_code[TOKEN_CODE_STR_LEN + 1], struct err *e)
{
    return user_create(a, NULL, username, display_name, org_id, roles, out_id, out_code, e);
}

static int user_create(struct app *a, const struct alog_req *rq, struct str username,
                       struct str display_name, int64_t org_id, uint32_t roles, int64_t *out_id,
                       char out_code[TOKEN_CODE_STR_LEN + 1], struct err *e)
{
    struct store *st = NULL;
    char norm[TOKEN_CODE_CHARS + 1];
    uint8_t h[32];
    struct store_org org;
    if (!username_ok(username))
        err_field(e, "username", "2 tot 64 tekens: kleine letters, cijfers, punt, - of _");
    if (display_name.n == 0 || display_name.n > STORE_DISPLAY_MAX ||
        !str_utf8_valid(display_name, false))
        err_field(e, "display_name", "vul een naam in (maximaal %d tekens)", STORE_DISPLAY_MAX);
    if (roles == 0 || (roles & ~POLICY_ROLE_ALL) != 0)
        err_field(e, "roles", "kies minstens één rol");
    if (e && e->n_fields)
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    rc = store_org_get(st, org_id, &org, NULL);
    if (rc != 0)
        return err_field(e, "org_id", "deze organisatie bestaat niet");
    token_code_new(out_code);
    rc = token_code_normalize(out_code, strlen(out_code), norm);
    if (rc == 0)
        rc = crypto_blind_index(app_keys(a), "activation", norm, TOKEN_CODE_CHARS, h, e);
    if (rc != 0)
        return rc;
    struct create_tx c = {a, rq, {.org_id = org_id, .username = username,
                                  .display_name = display_name, .roles = roles}, h, 0};
    /* Without a request (CLI on the server, demo) the caller's own transaction holds the row. */
    rc = rq ? alog_run(a, create_fn, &c, e) : create_fn(st, NULL, &c, e);
    *out_id = c.id;
    crypto_wipe(norm, sizeof(norm));
    return rc;
}

static int parse_roles(const json_t *v, uint32_t *out, struct err *e)
{
    size_t i;
    json_t *r;
    *out = 0;
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > POLICY_ROLE_COUNT)
        return err_field(e, "roles", "kies minstens één rol");
    json_array_foreach(v, i, r)
    {
        uint32_t bit = 0;
        if (!json_is_string(r) ||
            policy_role_from_name(json_string_value(r), json_string_length(r), &bit) != 0)
            return err_field(e, "roles", "onbekende rol");
        *out |= bit;
    }
    return 0;
}

int app_user_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                    struct err *e)
{
    static const char *const keys[] = {"username", "display_name", "org_id", "roles"};
    struct str username, display;
    uint32_t roles = 0;
    int64_t id = 0;
    char code[TOKEN_CODE_STR_LEN + 1];
    struct store *st = NULL;
    struct store_user u;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (allowed(who, "create", "user", NULL) != 0)
        return deny(e);
    int rc = jsonv_only_keys(in, keys, ARRAY_LEN(keys), e);
    if (rc != 0)
        return rc;
    int r1 = jsonv_str(in, "username", true, 4096, &username, e);
    int r2 = jsonv_str(in, "display_name", true, 4096, &display, e);
    json_t *org = json_object_get(in, "org_id");
    if (!json_is_integer(org) || json_integer_value(org) <= 0)
        err_field(e, "org_id", "kies een organisatie");
    int r3 = parse_roles(json_object_get(in, "roles"), &roles, e);
    if (r1 || r2 || r3 || (e && e->n_fields))
        return ERR_INVAL;
    rc = user_create(a, rq, username, display, (int64_t)json_integer_value(org), roles, &id, code,
                     e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, id, &u, e);
    if (rc == 0) {
        *out = json_pack("{s:o, s:s}", "user", user_json(&u), "activation_code", code);
        log_info("admin.user_created", "user=%" PRId64 " by=%" PRId64, id, who->user_id);
    }
    crypto_wipe(code, sizeof(code));
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

struct upd_tx {
    struct app *a;
    const struct alog_req *rq;
    int64_t id;
    const uint8_t *hash; /* reset: new activation code hash; NULL: disable */
};

static int upd_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct upd_tx *u = ctx;
    int rc = u->hash ? store_user_reset(st, u->id, u->hash, clock_now_ms() + 7LL * 24 * 3600 * 1000, e)
                     : store_user_set_status(st, u->id, STORE_USER_DISABLED, e);
    if (rc == 0)
        rc = store_session_delete_user(st, u->id, 0, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(u->a, "user", u->id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_UPDATE, .object_type = "user", .subject_type = "user",
                         .fields = u->hash ? "password,totp,activation,status" : "status",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, u->rq, &ev, e);
}

int app_user_disable(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                     struct err *e)
{
    struct store *st = NULL;
    struct store_user u;
    const struct actor *who = &rq->actor;
    *out = NULL;
    if (allowed(who, "update", "user", &(struct policy_obj){.subject_user_id = id}) != 0)
        return deny(e);
    if (id == who->user_id)
        return err_set(e, ERR_CONFLICT, "U kunt uw eigen account niet blokkeren.");
    struct upd_tx t = {a, rq, id, NULL};
    int rc = alog_run(a, upd_fn, &t, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, id, &u, e);
    if (rc == 0) {
        *out = user_json(&u);
        log_info("admin.user_disabled", "user=%" PRId64 " by=%" PRId64, id, who->user_id);
    }
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

int app_user_reset(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                   struct err *e)
{
    char code[TOKEN_CODE_STR_LEN + 1], norm[TOKEN_CODE_CHARS + 1];
    uint8_t h[32];
    const struct actor *who = &rq->actor;
    *out = NULL;
    struct policy_obj obj = {.subject_user_id = id};
    if (allowed(who, "reset", "user", &obj) != 0)
        return deny(e);
    token_code_new(code);
    int rc = token_code_normalize(code, strlen(code), norm);
    if (rc == 0)
        rc = crypto_blind_index(app_keys(a), "activation", norm, TOKEN_CODE_CHARS, h, e);
    struct upd_tx t = {a, rq, id, h};
    if (rc == 0)
        rc = alog_run(a, upd_fn, &t, e);
    if (rc == 0)
        *out = json_pack("{s:s}", "activation_code", code);
    crypto_wipe(code, sizeof(code));
    crypto_wipe(norm, sizeof(norm));
    if (rc == 0)
        log_info("admin.user_reset", "user=%" PRId64 " by=%" PRId64, id, who->user_id);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}

struct deputy_tx {
    struct app *a;
    const struct alog_req *rq;
    int64_t id, deputy_of;
};

static int deputy_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct deputy_tx *d = ctx;
    int rc = store_user_set_deputy(st, d->id, d->deputy_of, e);
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    alog_subject(d->a, "user", d->id, subj[0]);
    struct alog_ev ev = {.action = AUDIT_ACT_UPDATE, .object_type = "user", .subject_type = "user",
                         .fields = "deputy_of",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj, .n_subjects = 1};
    return alog_tx_add(tx, d->rq, &ev, e);
}

int app_user_set_deputy(struct app *a, const struct alog_req *rq, int64_t id, int64_t deputy_of,
                        json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct store_user u, v;
    *out = NULL;
    /* Naming a deputy is account administration: the "self" rows (own password) do not cover
     * it, so the check is made on another user's account even when id is the caller's own. */
    struct policy_obj obj = {.subject_user_id = -1};
    if (allowed(&rq->actor, "update", "user", &obj) != 0)
        return deny(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get(st, id, &u, e);
    if (rc != 0)
        return rc;
    if (deputy_of != 0) {
        if (deputy_of == id)
            return err_field(e, "deputy_of", "een account kan niet zijn eigen plaatsvervanger zijn");
        if (in_ref_user(st, deputy_of, &v, e) != 0)
            return err_field(e, "deputy_of", "dit account bestaat niet");
        if (v.org_id != u.org_id)
            return err_field(e, "deputy_of", "een plaatsvervanger hoort bij dezelfde organisatie");
    }
    struct deputy_tx d = {a, rq, id, deputy_of};
    rc = alog_run(a, deputy_fn, &d, e);
    if (rc == 0)
        rc = store_user_get(st, id, &u, e);
    if (rc == 0)
        *out = user_json(&u);
    return rc == 0 && *out == NULL ? ERR_NOMEM : rc;
}
