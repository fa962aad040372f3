/* readiness.c: the preparedness repositories (see readiness.h): readiness row, policy documents,
 * training log, COT mapping, key-figure counts and the support directory. */
#include "core/common.h"

#include "store/readiness.h"
#include "store/store_int.h"

/* ---- SQL --------------------------------------------------------------------------------------
 */

static const char SQL_RD_GET[] =
    "SELECT municipality_id, coalesce(dossierhouder_id, 0), coalesce(deputy_id, 0), "
    "coalesce(regional_org_id, 0), coalesce(regional_body_id, 0), updated_by, updated_at "
    "FROM readiness WHERE municipality_id = ?1";
static const char SQL_RD_SET[] =
    "INSERT INTO readiness(municipality_id, dossierhouder_id, deputy_id, regional_org_id, "
    "regional_body_id, updated_by, updated_at) VALUES (?1, nullif(?2, 0), nullif(?3, 0), "
    "nullif(?4, 0), nullif(?5, 0), ?6, ?7) ON CONFLICT (municipality_id) DO UPDATE SET "
    "dossierhouder_id = excluded.dossierhouder_id, deputy_id = excluded.deputy_id, "
    "regional_org_id = excluded.regional_org_id, regional_body_id = excluded.regional_body_id, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at";

#define DOC_COLS                                                                                   \
    "id, municipality_id, coalesce(decision_day, 0), created_by, created_at, "                     \
    "coalesce(withdrawn_by, 0), coalesce(withdrawn_at, 0), kind, title, coalesce(reference, '')"
static const char SQL_DOC_ADD[] =
    "INSERT INTO policy_document(id, municipality_id, kind, title, reference, decision_day, "
    "created_by, created_at) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, 0), ?7, ?8)";
static const char SQL_DOC_GET[] = "SELECT " DOC_COLS " FROM policy_document WHERE id = ?1";
static const char SQL_DOC_LIST[] =
    "SELECT " DOC_COLS " FROM policy_document WHERE municipality_id = ?1 "
    "ORDER BY withdrawn_at IS NOT NULL, coalesce(decision_day, 0) DESC, created_at DESC, id "
    "LIMIT 1001";
static const char SQL_DOC_WITHDRAW[] =
    "UPDATE policy_document SET withdrawn_by = ?2, withdrawn_at = ?3 "
    "WHERE id = ?1 AND withdrawn_at IS NULL";

#define TRAINING_COLS                                                                              \
    "id, municipality_id, day, created_by, created_at, topic, coalesce(provider, '')"
static const char SQL_TR_ADD[] =
    "INSERT INTO training(id, municipality_id, day, topic, provider, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7)";
static const char SQL_TR_ATT_ADD[] =
    "INSERT INTO training_attendee(training_id, user_id) VALUES (?1, ?2)";
static const char SQL_TR_LIST[] =
    "SELECT " TRAINING_COLS " FROM training WHERE municipality_id = ?1 "
    "ORDER BY day DESC, created_at DESC, id LIMIT 1001";
static const char SQL_TR_ATT[] =
    "SELECT user_id FROM training_attendee WHERE training_id = ?1 ORDER BY user_id";
static const char SQL_TR_LAST_BY_ORG[] =
    "SELECT u.org_id, max(t.day) FROM training t JOIN training_attendee a ON a.training_id = t.id"
    " JOIN app_user u ON u.id = a.user_id WHERE t.municipality_id = ?1 GROUP BY u.org_id "
    "ORDER BY u.org_id LIMIT 1001";

static const char SQL_COT_LIST[] =
    "SELECT function, org_id, coalesce(note, ''), updated_by, updated_at FROM cot_role "
    "WHERE municipality_id = ?1 ORDER BY function, org_id LIMIT 1001";
static const char SQL_COT_CLEAR[] = "DELETE FROM cot_role WHERE municipality_id = ?1";
static const char SQL_COT_ADD[] =
    "INSERT INTO cot_role(municipality_id, function, org_id, note, updated_by, updated_at) "
    "VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6)";

static const char SQL_KF_COUNTS[] =
    "SELECT count(*), coalesce(sum(CASE WHEN (CASE WHEN last_contact_day > consent_day THEN "
    "last_contact_day ELSE consent_day END) <= ?2 THEN 1 ELSE 0 END), 0) FROM key_figure "
    "WHERE municipality_id = ?1 AND ended_day IS NULL";

#define SUPPORT_COLS                                                                               \
    "id, sort, coalesce(updated_by, 0), updated_at, coalesce(removed_at, 0), name, description, "  \
    "contact, coalesce(url, '')"
static const char SQL_SUP_LIST[] =
    "SELECT " SUPPORT_COLS " FROM support_org WHERE removed_at IS NULL ORDER BY sort, name, id "
    "LIMIT 1001";
static const char SQL_SUP_GET[] =
    "SELECT " SUPPORT_COLS " FROM support_org WHERE id = ?1 AND removed_at IS NULL";
static const char SQL_SUP_ADD[] =
    "INSERT INTO support_org(id, name, description, contact, url, sort, updated_by, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8)";
static const char SQL_SUP_UPD[] =
    "UPDATE support_org SET name = ?2, description = ?3, contact = ?4, url = nullif(?5, ''), "
    "sort = ?6, updated_by = ?7, updated_at = ?8 WHERE id = ?1 AND removed_at IS NULL";
static const char SQL_SUP_REMOVE[] =
    "UPDATE support_org SET removed_at = ?3, updated_by = ?2, updated_at = ?3 "
    "WHERE id = ?1 AND removed_at IS NULL";

/* ---- the readiness row ------------------------------------------------------------------------
 */

int store_readiness_get(struct store *st, int64_t municipality_id, struct store_readiness *out,
                        struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    out->municipality_id = municipality_id;
    int rc = store__stmt(st, SQL_RD_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    if (rc == 0)
        rc = store__step(st, s, "readiness.get", e);
    if (rc == 0) {
        rc = ERR_NOTFOUND;
    } else if (rc == 1) {
        out->dossierhouder_id = store__col_i64(s, 1);
        out->deputy_id = store__col_i64(s, 2);
        out->regional_org_id = store__col_i64(s, 3);
        out->regional_body_id = store__col_i64(s, 4);
        out->updated_by = store__col_i64(s, 5);
        out->updated_at = store__col_i64(s, 6);
        rc = 0;
    }
    store__done(s);
    return rc;
}

int store_readiness_set(struct store *st, const struct store_readiness *in, struct err *e)
{
    store_stmt *s = NULL;
    int64_t v[] = {in->municipality_id,  in->dossierhouder_id, in->deputy_id, in->regional_org_id,
                   in->regional_body_id, in->updated_by,       in->updated_at};
    int rc = store__stmt(st, SQL_RD_SET, &s, e);
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 1, e);
    if (rc == 0)
        rc = store__step_done(st, s, "readiness.set", e);
    store__done(s);
    return rc;
}

/* ---- policy documents -------------------------------------------------------------------------
 */

static int bind_doc(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_policy_doc *d = ctx;
    int rc = store__bind_i64(st, s, 2, d->municipality_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(d->kind), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(d->title), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(d->reference), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, d->decision_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, d->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, d->created_at, e);
    return rc;
}

int store_policy_doc_add(struct store *st, const struct store_policy_doc *in, int64_t *out_id,
                         struct err *e)
{
    return store__insert_sealed(st, SQL_DOC_ADD, "policy_document.add", NULL, NULL, STR_NULL, 0,
                                bind_doc, in, out_id, e);
}

static int read_doc(store_stmt *s, struct store_policy_doc *d, struct err *e)
{
    size_t len = 0;
    memset(d, 0, sizeof(*d));
    d->id = store__col_i64(s, 0);
    d->municipality_id = store__col_i64(s, 1);
    d->decision_day = store__col_i64(s, 2);
    d->created_by = store__col_i64(s, 3);
    d->created_at = store__col_i64(s, 4);
    d->withdrawn_by = store__col_i64(s, 5);
    d->withdrawn_at = store__col_i64(s, 6);
    int rc = store__col_text(s, 7, d->kind, sizeof(d->kind), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 8, d->title, sizeof(d->title), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 9, d->reference, sizeof(d->reference), &len, e);
    return rc;
}

int store_policy_doc_get(struct store *st, int64_t id, struct store_policy_doc *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_DOC_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "policy_document.get", e);
    if (rc == 0)
        rc = ERR_NOTFOUND;
    else if (rc == 1)
        rc = read_doc(s, out, e);
    store__done(s);
    return rc;
}

int store_policy_doc_list(struct store *st, int64_t municipality_id, struct store_policy_doc *out,
                          size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_DOC_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    while (rc == 0 && (rc = store__step(st, s, "policy_document.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel documenten");
            break;
        }
        rc = read_doc(s, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_policy_doc_withdraw(struct store *st, int64_t id, int64_t by, int64_t at, struct err *e)
{
    int rc = store__exec_ids(st, SQL_DOC_WITHDRAW, "policy_document.withdraw", id, by, at, e);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_CONFLICT, "Dit document is al ingetrokken.");
    return rc;
}

/* ---- training log -----------------------------------------------------------------------------
 */

static int bind_training(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_training *t = ctx;
    int rc = store__bind_i64(st, s, 2, t->municipality_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, t->day, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(t->topic), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(t->provider), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, t->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, t->created_at, e);
    return rc;
}

int store_training_add(struct store *st, const struct store_training *in, const int64_t *attendees,
                       size_t n, int64_t *out_id, struct err *e)
{
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__insert_sealed(st, SQL_TR_ADD, "training.add", NULL, NULL, STR_NULL, 0,
                              bind_training, in, out_id, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__exec_ids(st, SQL_TR_ATT_ADD, "training_attendee.add", *out_id, attendees[i], 0,
                             e);
    int r2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc ? rc : r2;
}

int store_training_list(struct store *st, int64_t municipality_id, struct store_training *out,
                        size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    int rc = store__stmt(st, SQL_TR_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    while (rc == 0 && (rc = store__step(st, s, "training.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel trainingen");
            break;
        }
        struct store_training *t = &out[n];
        memset(t, 0, sizeof(*t));
        t->id = store__col_i64(s, 0);
        t->municipality_id = store__col_i64(s, 1);
        t->day = store__col_i64(s, 2);
        t->created_by = store__col_i64(s, 3);
        t->created_at = store__col_i64(s, 4);
        rc = store__col_text(s, 5, t->topic, sizeof(t->topic), &len, e);
        if (rc == 0)
            rc = store__col_text(s, 6, t->provider, sizeof(t->provider), &len, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_training_attendees(struct store *st, int64_t training_id, int64_t *out, size_t cap,
                             size_t *out_n, struct err *e)
{
    return store__id_list(st, SQL_TR_ATT, "training_attendee.list", training_id, out, cap, out_n,
                          e);
}

int store_training_last_by_org(struct store *st, int64_t municipality_id, int64_t *out_org,
                               int64_t *out_day, size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_TR_LAST_BY_ORG, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    while (rc == 0 && (rc = store__step(st, s, "training.last_by_org", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel organisaties");
            break;
        }
        out_org[n] = store__col_i64(s, 0);
        out_day[n] = store__col_i64(s, 1);
        n++;
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

/* ---- COT role mapping -------------------------------------------------------------------------
 */

int store_cot_list(struct store *st, int64_t municipality_id, struct store_cot *out, size_t cap,
                   size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    int rc = store__stmt(st, SQL_COT_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    while (rc == 0 && (rc = store__step(st, s, "cot_role.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel regels");
            break;
        }
        struct store_cot *c = &out[n];
        memset(c, 0, sizeof(*c));
        rc = store__col_text(s, 0, c->function, sizeof(c->function), &len, e);
        c->org_id = store__col_i64(s, 1);
        if (rc == 0)
            rc = store__col_text(s, 2, c->note, sizeof(c->note), &len, e);
        c->updated_by = store__col_i64(s, 3);
        c->updated_at = store__col_i64(s, 4);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

static int cot_add(struct store *st, int64_t muni, const struct store_cot *c, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_COT_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, muni, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(c->function), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, c->org_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(c->note), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, c->updated_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, c->updated_at, e);
    if (rc == 0)
        rc = store__step_done(st, s, "cot_role.add", e);
    store__done(s);
    return rc;
}

int store_cot_replace(struct store *st, int64_t municipality_id, const struct store_cot *rows,
                      size_t n, struct err *e)
{
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__exec_ids(st, SQL_COT_CLEAR, "cot_role.clear", municipality_id, 0, 0, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = cot_add(st, municipality_id, &rows[i], e);
    int r2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc ? rc : r2;
}

/* ---- key-figure counts ------------------------------------------------------------------------
 */

int store_readiness_keyfigures(struct store *st, int64_t municipality_id, int64_t due_day,
                               int64_t *out_active, int64_t *out_overdue, struct err *e)
{
    store_stmt *s = NULL;
    *out_active = *out_overdue = 0;
    int rc = store__stmt(st, SQL_KF_COUNTS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, due_day, e);
    if (rc == 0)
        rc = store__step(st, s, "key_figure.counts", e);
    if (rc == 1) {
        *out_active = store__col_i64(s, 0);
        *out_overdue = store__col_i64(s, 1);
        rc = 0;
    } else if (rc == 0) {
        rc = err_internal(e, ERR_DB, "key_figure.counts: no row");
    }
    store__done(s);
    return rc;
}

/* ---- support directory ------------------------------------------------------------------------
 */

static int read_support(store_stmt *s, struct store_support_org *o, struct err *e)
{
    size_t len = 0;
    memset(o, 0, sizeof(*o));
    o->id = store__col_i64(s, 0);
    o->sort = store__col_i64(s, 1);
    o->updated_by = store__col_i64(s, 2);
    o->updated_at = store__col_i64(s, 3);
    o->removed_at = store__col_i64(s, 4);
    int rc = store__col_text(s, 5, o->name, sizeof(o->name), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 6, o->description, sizeof(o->description), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 7, o->contact, sizeof(o->contact), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 8, o->url, sizeof(o->url), &len, e);
    return rc;
}

int store_support_list(struct store *st, struct store_support_org *out, size_t cap, size_t *out_n,
                       struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_SUP_LIST, &s, e);
    while (rc == 0 && (rc = store__step(st, s, "support_org.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel steunpunten");
            break;
        }
        rc = read_support(s, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_support_get(struct store *st, int64_t id, struct store_support_org *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_SUP_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "support_org.get", e);
    if (rc == 0)
        rc = ERR_NOTFOUND;
    else if (rc == 1)
        rc = read_support(s, out, e);
    store__done(s);
    return rc;
}

static int bind_support(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_support_org *o = ctx;
    int rc = store__bind_text(st, s, 2, str_from_cstr(o->name), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(o->description), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(o->contact), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(o->url), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, o->sort, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, o->updated_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, o->updated_at, e);
    return rc;
}

int store_support_add(struct store *st, const struct store_support_org *in, int64_t *out_id,
                      struct err *e)
{
    return store__insert_sealed(st, SQL_SUP_ADD, "support_org.add", NULL, NULL, STR_NULL, 0,
                                bind_support, in, out_id, e);
}

int store_support_update(struct store *st, const struct store_support_org *in, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_SUP_UPD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, in->id, e);
    if (rc == 0)
        rc = bind_support(st, s, in, e);
    if (rc == 0)
        rc = store__step_done(st, s, "support_org.update", e);
    store__done(s);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_support_remove(struct store *st, int64_t id, int64_t by, int64_t at, struct err *e)
{
    int rc = store__exec_ids(st, SQL_SUP_REMOVE, "support_org.remove", id, by, at, e);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}
