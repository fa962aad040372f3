/* breakglass.c: the break-glass grants (see breakglass.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/breakglass.h"
#include "store/store_int.h"

static const char SQL_BG_ADD[] =
    "INSERT INTO break_glass(id, doc_ct, case_id, group_id, expires_at, org_id, task_id, user_id, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8, ?9)";
static const char SQL_BG_ACTIVE[] =
    "SELECT id, case_id, 0, group_id, expires_at, org_id, coalesce(task_id, 0), 0, user_id, "
    "created_at, '', '', '', doc_ct FROM break_glass WHERE user_id = ?1 AND expires_at > ?2 "
    "ORDER BY expires_at DESC, id LIMIT 101";

static int bg_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->meeting_id, r->group_id, r->a, r->b, r->c, r->by, clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}

int store_breakglass_add(struct store *st, const struct store_row *r, int64_t *out_id,
                         struct err *e)
{
    return store__insert_row(st, r->group_id, SQL_BG_ADD, "break_glass",
                             (struct str){r->doc, r->doc_len}, bg_bind, r, out_id, e);
}

int store_breakglass_active(struct store *st, int64_t user_id, int64_t now_ms,
                            struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_BG_ACTIVE, "break_glass", "break_glass.active", user_id, now_ms,
                            out, cap, out_n, e);
}
