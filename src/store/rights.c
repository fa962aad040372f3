/* rights.c: the register of data-subject requests and their items (see rights.h). Every query
 * returns the common row shape of row.h, so store__read_rows opens each document under its
 * request's own group. */
#include "core/common.h"

#include "core/clock.h"
#include "store/rights.h"
#include "store/store_int.h"

/* The row shape: id, parent, second parent, group_id, a, b, c, d, by, at, code, code2, code3,
 * doc_ct. */
#define RQ_COLS                                                                                    \
    "id, municipality_id, 0, group_id, received_day, due_day, coalesce(closed_day, 0), "           \
    "coalesce(identity_day, 0), created_by, created_at, kind, channel, "                           \
    "coalesce(identity_result, ''), doc_ct"
#define RQ_ORDER                                                                                   \
    " ORDER BY closed_day IS NOT NULL, CASE WHEN closed_day IS NULL THEN due_day ELSE "            \
    "-closed_day END, id LIMIT ?2"
static const char SQL_RQ_ADD[] =
    "INSERT INTO rights_request(id, doc_ct, municipality_id, group_id, kind, channel, "
    "received_day, due_day, created_by, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char SQL_RQ_GET[] = "SELECT " RQ_COLS " FROM rights_request WHERE id = ?1";
static const char SQL_RQ_LIST[] =
    "SELECT " RQ_COLS " FROM rights_request WHERE municipality_id = ?1" RQ_ORDER;
static const char SQL_RQ_LIST_ALL[] =
    "SELECT " RQ_COLS " FROM rights_request WHERE municipality_id > ?1" RQ_ORDER;
static const char SQL_RQ_LIST_OWNER[] =
    "SELECT " RQ_COLS " FROM rights_request WHERE id IN (SELECT request_id FROM rights_item "
    "WHERE owner_org_id = ?1)" RQ_ORDER;
static const char SQL_RQ_COUNT[] = "SELECT count(*) FROM rights_request WHERE municipality_id = ?1";
static const char SQL_RQ_UPDATE[] =
    "UPDATE rights_request SET kind = ?2, channel = ?3, received_day = ?4, due_day = ?5, "
    "closed_day = nullif(?6, 0), identity_day = nullif(?7, 0), identity_result = nullif(?8, ''), "
    "doc_ct = ?9, updated_at = ?10 WHERE id = ?1";

static const char SQL_IT_ADD[] =
    "INSERT INTO rights_item(id, doc_ct, request_id, owner_org_id, decision, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5)";
static const char SQL_IT_LIST[] =
    "SELECT i.id, i.request_id, i.owner_org_id, r.group_id, coalesce(i.decided_day, 0), "
    "coalesce(i.police_day, 0), coalesce(i.police_org_id, 0), i.created_at, "
    "coalesce(i.decided_by, 0), i.updated_at, i.decision, coalesce(i.ground, ''), '', i.doc_ct "
    "FROM rights_item i JOIN rights_request r ON r.id = i.request_id WHERE i.request_id = ?1 "
    "ORDER BY i.created_at, i.id LIMIT ?2";
static const char SQL_IT_UPDATE[] =
    "UPDATE rights_item SET decision = ?2, ground = nullif(?3, ''), decided_by = nullif(?4, 0), "
    "decided_day = nullif(?5, 0), police_day = nullif(?6, 0), police_org_id = nullif(?7, 0), "
    "doc_ct = ?8, updated_at = ?9 WHERE id = ?1";

/* ---- requests ------------------------------------------------------------------------------- */

struct rq_bind {
    const struct store_rights_in *in;
    int64_t group_id;
};

static int rq_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct rq_bind *b = ctx;
    int rc = store__bind_i64(st, s, 3, b->in->municipality_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, b->group_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(b->in->kind), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 6, str_from_cstr(b->in->channel), e);
    if (rc == 0) {
        const int64_t v[] = {b->in->received_day, b->in->due_day, b->in->created_by,
                             clock_now_ms()};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 7, e);
    }
    return rc;
}

int store_rights_create(struct store *st, const struct store_rights_in *in, int64_t *out_id,
                        struct err *e)
{
    struct rq_bind b = {in, 0};
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store_group_new(st, &b.group_id, e);
    if (rc == 0)
        rc = store__insert_row(st, b.group_id, SQL_RQ_ADD, "rights_request", in->doc, rq_bind, &b,
                               out_id, e);
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}

int store_rights_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    int rc = store__list_rows(st, SQL_RQ_GET, "rights_request", "rights_request.get", id, 0, out, 1,
                              &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_rights_list(struct store *st, int64_t municipality_id, struct store_row *out, size_t cap,
                      size_t *out_n, struct err *e)
{
    return store__list_rows(st, municipality_id > 0 ? SQL_RQ_LIST : SQL_RQ_LIST_ALL,
                            "rights_request", "rights_request.list", municipality_id, (int64_t)cap,
                            out, cap, out_n, e);
}

int store_rights_list_owner(struct store *st, int64_t org_id, struct store_row *out, size_t cap,
                            size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_RQ_LIST_OWNER, "rights_request", "rights_request.owner", org_id,
                            (int64_t)cap, out, cap, out_n, e);
}

int store_rights_count(struct store *st, int64_t municipality_id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_RQ_COUNT, "rights_request.count", municipality_id, out, e);
}

/* Seals r's document under its group for table and prepares sql with ?1 = id and the document
 * at doc_idx (bound without a copy: *ct must live until finish, which frees it); the caller binds
 * the rest. */
static int prepare_sealed(struct store *st, const char *sql, const char *table,
                          const struct store_row *r, int doc_idx, store_stmt **s, uint8_t **ct,
                          struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    size_t ctn = 0;
    *ct = NULL;
    int rc = store__group_key(st, r->group_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, table, r->id, (struct str){r->doc, r->doc_len}, ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, sql, s, e);
    if (rc == 0)
        rc = store__bind_i64(st, *s, 1, r->id, e);
    if (rc == 0)
        rc = store__bind_blob(st, *s, doc_idx, *ct, ctn, e);
    return rc;
}

static int finish(struct store *st, store_stmt *s, uint8_t *ct, int rc, const char *op,
                  struct err *e)
{
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    free(ct);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_rights_update(struct store *st, const struct store_row *r, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t *ct = NULL;
    int rc = prepare_sealed(st, SQL_RQ_UPDATE, "rights_request", r, 9, &s, &ct, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(r->code2), e);
    if (rc == 0) {
        const int64_t v[] = {r->a, r->b, r->c, r->d};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 4, e);
    }
    if (rc == 0)
        rc = store__bind_text(st, s, 8, str_from_cstr(r->code3), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, clock_now_ms(), e);
    return finish(st, s, ct, rc, "rights_request.update", e);
}

/* ---- items ------------------------------------------------------------------------------------
 */

static int it_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const int64_t *v = ctx;
    const int64_t all[] = {v[0], v[1], clock_now_ms()};
    return store__bind_seq(st, s, all, ARRAY_LEN(all), 3, e);
}

int store_rights_item_add(struct store *st, int64_t request_id, int64_t group_id,
                          int64_t owner_org_id, struct str doc, int64_t *out_id, struct err *e)
{
    const int64_t v[] = {request_id, owner_org_id};
    return store__insert_row(st, group_id, SQL_IT_ADD, "rights_item", doc, it_bind, v, out_id, e);
}

int store_rights_items(struct store *st, int64_t request_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_IT_LIST, "rights_item", "rights_item.list", request_id,
                            (int64_t)cap, out, cap, out_n, e);
}

int store_rights_item_update(struct store *st, const struct store_row *r, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t *ct = NULL;
    int rc = prepare_sealed(st, SQL_IT_UPDATE, "rights_item", r, 8, &s, &ct, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(r->code2), e);
    if (rc == 0) {
        const int64_t v[] = {r->by, r->a, r->b, r->c};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 4, e);
    }
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, clock_now_ms(), e);
    return finish(st, s, ct, rc, "rights_item.update", e);
}
