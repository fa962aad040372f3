/* breach.c: the breach register (see breach.h). Rows use the common shape of row.h, so
 * store__read_rows opens each document under its breach's own group. */
#include "core/common.h"

#include "core/clock.h"
#include "store/breach.h"
#include "store/store_int.h"

/* id, parent, second parent, group_id, a, b, c, d, by, at, code, code2, code3, doc_ct */
#define BR_COLS                                                                                    \
    "id, org_id, 0, group_id, discovered_at, deadline_at, coalesce(ap_day, 0), "                   \
    "coalesce(closed_at, 0), reported_by, updated_at, ap_decision, subjects_decision, '', doc_ct"
static const char SQL_BR_ADD[] =
    "INSERT INTO breach(id, doc_ct, org_id, group_id, reported_by, discovered_at, deadline_at, "
    "ap_decision, subjects_decision, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', 'open', ?8, ?8)";
static const char SQL_BR_GET[] = "SELECT " BR_COLS " FROM breach WHERE id = ?1";
static const char SQL_BR_LIST[] =
    "SELECT " BR_COLS " FROM breach WHERE id > ?1 ORDER BY discovered_at DESC, id LIMIT 5001";
static const char SQL_BR_COUNT[] = "SELECT count(*) FROM breach WHERE id > ?1";
static const char SQL_BR_UPDATE[] =
    "UPDATE breach SET ap_decision = ?2, subjects_decision = ?3, ap_day = nullif(?4, 0), "
    "closed_at = nullif(?5, 0), doc_ct = ?6, updated_at = ?7 WHERE id = ?1";

struct br_bind {
    const struct store_breach_in *in;
    int64_t group_id;
};

static int br_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct br_bind *b = ctx;
    const int64_t v[] = {b->in->org_id,
                         b->group_id,
                         b->in->reported_by,
                         b->in->discovered_at,
                         b->in->discovered_at + STORE_BREACH_DEADLINE_MS,
                         clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}

int store_breach_create(struct store *st, const struct store_breach_in *in, int64_t *out_id,
                        struct err *e)
{
    struct br_bind b = {in, 0};
    int rc = store_group_new(st, &b.group_id, e);
    if (rc == 0)
        rc = store__insert_row(st, b.group_id, SQL_BR_ADD, "breach", in->doc, br_bind, &b, out_id,
                               e);
    return rc;
}

int store_breach_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    int rc = store__list_rows(st, SQL_BR_GET, "breach", "breach.get", id, 0, out, 1, &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_breach_list(struct store *st, struct store_row *out, size_t cap, size_t *out_n,
                      struct err *e)
{
    return store__list_rows(st, SQL_BR_LIST, "breach", "breach.list", 0, 0, out, cap, out_n, e);
}

int store_breach_count(struct store *st, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_BR_COUNT, "breach.count", 0, out, e);
}

int store_breach_update(struct store *st, const struct store_row *r, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    int rc = store__group_key(st, r->group_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, "breach", r->id, (struct str){r->doc, r->doc_len}, &ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, SQL_BR_UPDATE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, r->id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(r->code2), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, r->c, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, r->d, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 6, ct, ctn, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "breach.update", e);
    store__done(s);
    free(ct);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}
