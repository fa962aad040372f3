/* org.c: the organisation repository: the partners of the approach (municipality, police, OM,
 * ...) with the legal instrument under which they share data and its status. Reference data,
 * stored in plain text. Enum values map to the TEXT values of the CHECK constraints. */
#include "core/common.h"

#include "core/clock.h"
#include "store/store_int.h"

static const char SQL_ORG_INSERT[] =
    "INSERT INTO organisation(region_id, kind, name, instrument, instrument_date, "
    "instrument_status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
    "RETURNING id";
static const char SQL_ORG_GET[] =
    "SELECT " STORE__ORG_COLS_OF("") " FROM organisation WHERE id = ?1";
static const char SQL_ORG_LIST_REGION[] =
    "SELECT id, region_id, kind, name, instrument, instrument_date, instrument_status, "
    "created_at, updated_at FROM organisation WHERE region_id = ?1 ORDER BY name, id";
static const char SQL_ORG_LIST_NATIONAL[] =
    "SELECT id, region_id, kind, name, instrument, instrument_date, instrument_status, "
    "created_at, updated_at FROM organisation WHERE region_id IS NULL ORDER BY name, id";
static const char SQL_ORG_UPDATE[] =
    "UPDATE organisation SET instrument = ?2, instrument_date = ?3, instrument_status = ?4, "
    "updated_at = ?5 WHERE id = ?1";
static const char SQL_ORG_SET_STATUS[] =
    "UPDATE organisation SET instrument_status = ?2, updated_at = ?3 WHERE id = ?1";

static const char *const kind_names[] = {
    [STORE_ORG_GEMEENTE] = "gemeente",         [STORE_ORG_POLITIE] = "politie",
    [STORE_ORG_OM] = "om",                     [STORE_ORG_RVDK] = "rvdk",
    [STORE_ORG_RECLASSERING] = "reclassering", [STORE_ORG_JEUGDZORG] = "jeugdzorg",
    [STORE_ORG_GGZ] = "ggz",                   [STORE_ORG_ZVH] = "zvh",
    [STORE_ORG_NCTV] = "nctv",                 [STORE_ORG_OVERIG] = "overig",
};

static const char *const instrument_names[] = {
    [STORE_INSTR_UNKNOWN] = NULL,
    [STORE_INSTR_CONVENANT] = "convenant",
    [STORE_INSTR_PRIVACYPROTOCOL] = "privacyprotocol",
    [STORE_INSTR_WET] = "wet",
    [STORE_INSTR_GEEN] = "geen",
};

static const char *const status_names[] = {
    [STORE_ORG_GETEKEND] = "getekend",
    [STORE_ORG_VERLOPEN] = "verlopen",
    [STORE_ORG_INGETROKKEN] = "ingetrokken",
    [STORE_ORG_NIET_GETEKEND] = "niet_getekend",
};

static const char *name_of(const char *const *names, size_t n, int v)
{
    if (v < 0 || (size_t)v >= n)
        return NULL;
    return names[v];
}

static int parse_of(const char *const *names, size_t n, struct str s, int *out)
{
    for (size_t i = 0; i < n; i++) {
        if (names[i] != NULL && str_eq_cstr(s, names[i])) {
            *out = (int)i;
            return 0;
        }
    }
    return ERR_INVAL;
}

const char *store_org_kind_name(enum store_org_kind k)
{
    return name_of(kind_names, ARRAY_LEN(kind_names), (int)k);
}

const char *store_org_instrument_name(enum store_org_instrument i)
{
    return name_of(instrument_names, ARRAY_LEN(instrument_names), (int)i);
}

const char *store_org_status_name(enum store_org_status s)
{
    return name_of(status_names, ARRAY_LEN(status_names), (int)s);
}

int store_org_kind_parse(struct str s, enum store_org_kind *out)
{
    int v = 0;
    int rc = parse_of(kind_names, ARRAY_LEN(kind_names), s, &v);
    if (rc == 0)
        *out = (enum store_org_kind)v;
    return rc;
}

int store_org_instrument_parse(struct str s, enum store_org_instrument *out)
{
    int v = 0;
    int rc = parse_of(instrument_names, ARRAY_LEN(instrument_names), s, &v);
    if (rc == 0)
        *out = (enum store_org_instrument)v;
    return rc;
}

int store_org_status_parse(struct str s, enum store_org_status *out)
{
    int v = 0;
    int rc = parse_of(status_names, ARRAY_LEN(status_names), s, &v);
    if (rc == 0)
        *out = (enum store_org_status)v;
    return rc;
}

/* Reads an enum TEXT column back; an unknown value means the schema and code disagree. */
static int col_enum(store_stmt *s, int col, const char *const *names, size_t n, bool null_ok,
                    int *out, struct err *e)
{
    char buf[32];
    int rc = store__col_text(s, col, buf, sizeof(buf), NULL, e);
    if (rc != 0)
        return rc;
    if (store__col_is_null(s, col) && null_ok) {
        *out = 0;
        return 0;
    }
    rc = parse_of(names, n, str_from_cstr(buf), out);
    if (rc != 0)
        return err_internal(e, ERR_DB, "organisation column %d has an unknown value", col);
    return 0;
}

int store__org_row(store_stmt *s, int base, struct store_org *out, struct err *e)
{
    int rc = 0;
    int kind = 0, instr = 0, status = 0;

    memset(out, 0, sizeof(*out));
    out->id = store__col_i64(s, base + 0);
    out->region_id = store__col_is_null(s, base + 1) ? 0 : store__col_i64(s, base + 1);
    rc = col_enum(s, base + 2, kind_names, ARRAY_LEN(kind_names), false, &kind, e);
    if (rc == 0)
        rc = store__col_text(s, base + 3, out->name, sizeof(out->name), NULL, e);
    if (rc == 0)
        rc = col_enum(s, base + 4, instrument_names, ARRAY_LEN(instrument_names), true, &instr, e);
    if (rc == 0)
        rc = store__col_text(s, base + 5, out->instrument_date, sizeof(out->instrument_date), NULL, e);
    if (rc == 0)
        rc = col_enum(s, base + 6, status_names, ARRAY_LEN(status_names), false, &status, e);
    if (rc != 0)
        goto out;
    out->kind = (enum store_org_kind)kind;
    out->instrument = (enum store_org_instrument)instr;
    out->status = (enum store_org_status)status;
    out->created_at = store__col_i64(s, base + 7);
    out->updated_at = store__col_i64(s, base + 8);
out:
    return rc;
}

static int org_validate(const struct store_org_in *in, struct err *e)
{
    int rc = 0;
    int64_t days = 0;

    if (store_org_kind_name(in->kind) == NULL)
        rc = err_field(e, "kind", "onbekend soort organisatie");
    if (store__check_name(in->name, STORE_NAME_MAX, "name", e) != 0)
        rc = ERR_INVAL;
    if (in->instrument != STORE_INSTR_UNKNOWN && store_org_instrument_name(in->instrument) == NULL)
        rc = err_field(e, "instrument", "onbekend instrument");
    if (in->instrument_date.n > 0 &&
        clock_parse_date(in->instrument_date.p, in->instrument_date.n, &days) != 0)
        rc = err_field(e, "instrument_date", "geen geldige datum (JJJJ-MM-DD)");
    if (store_org_status_name(in->status) == NULL)
        rc = err_field(e, "status", "onbekende status");
    if (in->region_id < 0)
        rc = err_field(e, "region_id", "ongeldige regio");
    return rc;
}

int store_org_create(struct store *st, const struct store_org_in *in, int64_t *out_id,
                     struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const char *instr = store_org_instrument_name(in->instrument);

    *out_id = 0;
    rc = org_validate(in, e);
    if (rc != 0)
        goto out;
    rc = store__stmt(st, SQL_ORG_INSERT, &s, e);
    if (rc != 0)
        goto out;
    rc = in->region_id > 0 ? store__bind_i64(st, s, 1, in->region_id, e)
                           : store__bind_null(st, s, 1, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(store_org_kind_name(in->kind)), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, in->name, e);
    if (rc == 0)
        rc = instr ? store__bind_text(st, s, 4, str_from_cstr(instr), e)
                   : store__bind_null(st, s, 4, e);
    if (rc == 0)
        rc = in->instrument_date.n > 0 ? store__bind_text(st, s, 5, in->instrument_date, e)
                                       : store__bind_null(st, s, 5, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 6, str_from_cstr(store_org_status_name(in->status)), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, clock_now_ms(), e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "organisation.insert", e);
    if (rc == ERR_CONFLICT) {
        err_field(e, "name", "deze organisatie bestaat al in de regio");
        goto out;
    }
    if (rc == ERR_INVAL) {
        /* Everything else was validated above, so the foreign key is what failed. */
        err_field(e, "region_id", "regio bestaat niet");
        goto out;
    }
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "organisation.insert returned no id");
        goto out;
    }
    *out_id = store__col_i64(s, 0);
    rc = store__step_done(st, s, "organisation.insert", e);
out:
    store__done(s);
    return rc;
}

int store_org_get(struct store *st, int64_t id, struct store_org *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;

    memset(out, 0, sizeof(*out));
    rc = store__stmt(st, SQL_ORG_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "organisation.get", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "organisatie niet gevonden");
        goto out;
    }
    rc = store__org_row(s, 0, out, e);
out:
    store__done(s);
    return rc;
}

int store_org_list(struct store *st, int64_t region_id, struct store_org *out, size_t cap,
                   size_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    size_t n = 0;

    rc = store__stmt(st, region_id > 0 ? SQL_ORG_LIST_REGION : SQL_ORG_LIST_NATIONAL, &s, e);
    if (rc == 0 && region_id > 0)
        rc = store__bind_i64(st, s, 1, region_id, e);
    if (rc != 0)
        goto out;
    for (;;) {
        rc = store__step(st, s, "organisation.list", e);
        if (rc <= 0)
            goto out;
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel organisaties voor de lijst");
            goto out;
        }
        rc = store__org_row(s, 0, &out[n], e);
        if (rc != 0)
            goto out;
        n++;
    }
out:
    store__done(s);
    *out_n = n;
    return rc;
}

int store_org_set_status(struct store *st, int64_t id, enum store_org_status status,
                         struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const char *name = store_org_status_name(status);

    if (name == NULL) {
        rc = err_field(e, "status", "onbekende status");
        goto out;
    }
    rc = store__stmt(st, SQL_ORG_SET_STATUS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(name), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "organisation.set_status", e);
    if (rc != 0)
        goto out;
    if (store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "organisatie niet gevonden");
out:
    store__done(s);
    return rc;
}

int store_org_update(struct store *st, int64_t id, const struct store_org_upd *in, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const char *status = store_org_status_name(in->status);
    const char *instr = store_org_instrument_name(in->instrument);
    int64_t days;

    if (status == NULL)
        rc = err_field(e, "instrument_status", "onbekende status");
    if (in->instrument != STORE_INSTR_UNKNOWN && instr == NULL)
        rc = err_field(e, "instrument", "onbekend instrument");
    if (in->instrument_date.n > 0 &&
        clock_parse_date(in->instrument_date.p, in->instrument_date.n, &days) != 0)
        rc = err_field(e, "instrument_date", "geen geldige datum (JJJJ-MM-DD)");
    if (rc != 0)
        goto out;
    rc = store__stmt(st, SQL_ORG_UPDATE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = instr ? store__bind_text(st, s, 2, str_from_cstr(instr), e) : store__bind_null(st, s, 2, e);
    if (rc == 0)
        rc = in->instrument_date.n > 0 ? store__bind_text(st, s, 3, in->instrument_date, e)
                                       : store__bind_null(st, s, 3, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(status), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "organisation.update", e);
    if (rc != 0)
        goto out;
    if (store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "organisatie niet gevonden");
out:
    store__done(s);
    return rc;
}
