/* purpose.c: the recorded legal bases for re-use (see purpose.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/purpose.h"
#include "store/store_int.h"

static const char SQL_REUSE_ADD[] =
    "INSERT INTO reuse_basis(id, doc_ct, case_id, group_id, decided_by, decided_at, task) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_REUSE_LIST[] =
    "SELECT id, case_id, 0, group_id, 0, 0, 0, 0, decided_by, decided_at, task, '', '', doc_ct "
    "FROM reuse_basis WHERE case_id = ?1 ORDER BY decided_at, id LIMIT 51";

static int reuse_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->meeting_id, r->group_id, r->by, clock_now_ms()};
    int rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
    return rc == 0 ? store__bind_text(st, s, 7, str_from_cstr(r->code), e) : rc;
}

int store_reuse_add(struct store *st, const struct store_row *r, int64_t *out_id, struct err *e)
{
    return store__insert_row(st, r->group_id, SQL_REUSE_ADD, "reuse_basis",
                             (struct str){r->doc, r->doc_len}, reuse_bind, r, out_id, e);
}

int store_reuse_list(struct store *st, int64_t case_id, struct store_row *out, size_t cap,
                     size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_REUSE_LIST, "reuse_basis", "reuse_basis.list", case_id, 0, out,
                            cap, out_n, e);
}
