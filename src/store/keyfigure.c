/* keyfigure.c: the key-figure register and its contact log (see keyfigure.h). Every list query
 * returns the common row shape of row.h, so store__read_rows opens each document under its key
 * figure's own group. */
#include "core/common.h"

#include "core/clock.h"
#include "store/keyfigure.h"
#include "store/store_int.h"

/* The row shape: id, parent, second parent, group_id, a, b, c, d, by, at, code, code2, code3,
 * doc_ct. */
#define KF_COLS                                                                                    \
    "id, municipality_id, 0, group_id, consent_day, coalesce(last_contact_day, 0), "               \
    "coalesce(ended_day, 0), created_at, created_by, updated_at, level, '', '', doc_ct"
static const char SQL_KF_ADD[] =
    "INSERT INTO key_figure(id, doc_ct, municipality_id, group_id, level, consent_day, "
    "created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
static const char SQL_KF_GET[] = "SELECT " KF_COLS " FROM key_figure WHERE id = ?1";
static const char SQL_KF_LIST[] =
    "SELECT " KF_COLS " FROM key_figure WHERE municipality_id = ?1 ORDER BY id LIMIT 5001";
static const char SQL_KF_COUNT[] = "SELECT count(*) FROM key_figure WHERE municipality_id = ?1";
static const char SQL_KF_OVERDUE[] =
    "SELECT count(*) FROM key_figure WHERE municipality_id = ?1 AND ended_day IS NULL AND "
    "(CASE WHEN last_contact_day > consent_day THEN last_contact_day ELSE consent_day END) <= ?2";
static const char SQL_KF_UPDATE[] =
    "UPDATE key_figure SET level = ?2, consent_day = ?3, ended_day = nullif(?4, 0), doc_ct = ?5, "
    "updated_at = ?6 WHERE id = ?1";
static const char SQL_KF_TOUCH[] =
    "UPDATE key_figure SET last_contact_day = CASE WHEN last_contact_day IS NULL OR "
    "last_contact_day < ?2 THEN ?2 ELSE last_contact_day END, updated_at = ?3 WHERE id = ?1";
static const char SQL_KF_GROUP[] = "SELECT group_id FROM key_figure WHERE id = ?1";
static const char SQL_KF_DELETE[] = "DELETE FROM key_figure WHERE id = ?1";

static const char SQL_KFC_ADD[] =
    "INSERT INTO key_figure_contact(id, doc_ct, key_figure_id, day, user_id, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_KFC_LIST[] =
    "SELECT c.id, c.key_figure_id, 0, k.group_id, c.day, 0, 0, 0, c.user_id, c.created_at, '', "
    "'', '', c.doc_ct FROM key_figure_contact c JOIN key_figure k ON k.id = c.key_figure_id "
    "WHERE c.key_figure_id = ?1 ORDER BY c.day DESC, c.created_at DESC, c.id LIMIT 5001";
static const char SQL_KFC_COUNT[] =
    "SELECT count(*) FROM key_figure_contact WHERE key_figure_id = ?1";
static const char SQL_KFC_DELETE[] = "DELETE FROM key_figure_contact WHERE key_figure_id = ?1";

/* ---- key figures ------------------------------------------------------------------------------
 */

struct kf_bind {
    const struct store_keyfigure_in *in;
    int64_t group_id;
};

static int kf_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct kf_bind *b = ctx;
    int rc = store__bind_i64(st, s, 3, b->in->municipality_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, b->group_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(b->in->level), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, b->in->consent_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, b->in->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, clock_now_ms(), e);
    return rc;
}

int store_keyfigure_create(struct store *st, const struct store_keyfigure_in *in, int64_t *out_id,
                           int64_t *out_group_id, struct err *e)
{
    struct kf_bind b = {in, 0};
    int rc = store_group_new(st, &b.group_id, e);
    if (rc == 0)
        rc = store__insert_row(st, b.group_id, SQL_KF_ADD, "key_figure", in->doc, kf_bind, &b,
                               out_id, e);
    if (rc == 0 && out_group_id != NULL)
        *out_group_id = b.group_id;
    return rc;
}

int store_keyfigure_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    int rc = store__list_rows(st, SQL_KF_GET, "key_figure", "key_figure.get", id, 0, out, 1, &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_keyfigure_list(struct store *st, int64_t municipality_id, struct store_row *out,
                         size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_KF_LIST, "key_figure", "key_figure.list", municipality_id, 0,
                            out, cap, out_n, e);
}

int store_keyfigure_count(struct store *st, int64_t municipality_id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_KF_COUNT, "key_figure.count", municipality_id, out, e);
}

int store_keyfigure_overdue_count(struct store *st, int64_t municipality_id, int64_t due_before,
                                  int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    *out = 0;
    int rc = store__stmt(st, SQL_KF_OVERDUE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, municipality_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, due_before, e);
    if (rc == 0)
        rc = store__step(st, s, "key_figure.overdue", e);
    if (rc == 1) {
        *out = store__col_i64(s, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = err_internal(e, ERR_DB, "key_figure.overdue: no row");
    }
    store__done(s);
    return rc;
}

int store_keyfigure_update(struct store *st, const struct store_row *r, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    int rc = store__group_key(st, r->group_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, "key_figure", r->id, (struct str){r->doc, r->doc_len}, &ct, &ctn,
                             e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, SQL_KF_UPDATE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, r->id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, r->a, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, r->c, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 5, ct, ctn, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "key_figure.update", e);
    store__done(s);
    free(ct);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

/* ---- the contact log --------------------------------------------------------------------------
 */

struct kfc_bind {
    int64_t key_figure_id, day, user_id;
};

static int kfc_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct kfc_bind *b = ctx;
    const int64_t v[] = {b->key_figure_id, b->day, b->user_id, clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}

int store_keyfigure_contact_add(struct store *st, int64_t key_figure_id, int64_t group_id,
                                int64_t day, int64_t user_id, struct str doc, int64_t *out_id,
                                struct err *e)
{
    struct kfc_bind b = {key_figure_id, day, user_id};
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__insert_row(st, group_id, SQL_KFC_ADD, "key_figure_contact", doc, kfc_bind, &b,
                           out_id, e);
    if (rc == 0)
        rc = store__exec_ids(st, SQL_KF_TOUCH, "key_figure.touch", key_figure_id, day,
                             clock_now_ms(), e);
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}

int store_keyfigure_contacts(struct store *st, int64_t key_figure_id, struct store_row *out,
                             size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_KFC_LIST, "key_figure_contact", "key_figure_contact.list",
                            key_figure_id, 0, out, cap, out_n, e);
}

int store_keyfigure_contact_count(struct store *st, int64_t key_figure_id, int64_t *out,
                                  struct err *e)
{
    return store__single_i64(st, SQL_KFC_COUNT, "key_figure_contact.count", key_figure_id, out, e);
}

/* ---- destruction ------------------------------------------------------------------------------
 */

int store_keyfigure_destroy(struct store *st, int64_t id, struct err *e)
{
    int64_t group_id = 0;
    int rc = store__single_i64(st, SQL_KF_GROUP, "key_figure.group", id, &group_id, e);
    if (rc != 0)
        return rc;
    rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__exec_ids(st, SQL_KFC_DELETE, "key_figure_contact.delete", id, 0, 0, e);
    if (rc == 0)
        rc = store__exec_ids(st, SQL_KF_DELETE, "key_figure.delete", id, 0, 0, e);
    if (rc == 0)
        rc = store_group_destroy(st, group_id, e);
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}
