/* informing.c: the informing records of a case (see informing.h). Rows are never updated (a
 * trigger refuses it): a new decision is the next version. */
#include "core/common.h"

#include "core/clock.h"
#include "store/informing.h"
#include "store/store_int.h"

static const char SQL_INF_ADD[] =
    "INSERT INTO informing_record(id, doc_ct, case_id, person_id, network_person_id, version, "
    "outcome, due_day, decided_day, reassess_day, how, reason, informed_by, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(version), 0) + 1 FROM "
    "informing_record WHERE case_id = ?3 AND person_id = ?4), ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14)";
static const char SQL_INF_LIST[] =
    "SELECT r.id, r.case_id, coalesce(r.network_person_id, 0), c.group_id, r.person_id, "
    "r.version, coalesce(r.reassess_day, r.due_day, 0), coalesce(r.decided_day, 0), "
    "r.created_by, r.created_at, r.outcome, coalesce(r.how, ''), coalesce(r.reason, ''), "
    "r.doc_ct FROM informing_record r JOIN pga_case c ON c.id = r.case_id WHERE r.case_id = ?1 "
    "ORDER BY r.person_id, r.version LIMIT 5001";
static const char SQL_INF_COUNT[] = "SELECT count(*) FROM informing_record WHERE case_id = ?1";

static int inf_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_informing_in *in = ctx;
    int rc = store__bind_i64(st, s, 3, in->case_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, in->person_id, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 5, in->network_person_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 6, str_from_cstr(in->outcome), e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 7, in->due_day, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 8, in->decided_day, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 9, in->reassess_day, e);
    if (rc == 0)
        rc = store__bind_opt_text(st, s, 10, in->how, e);
    if (rc == 0)
        rc = store__bind_opt_text(st, s, 11, in->reason, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 12, in->informed_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 13, in->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 14, clock_now_ms(), e);
    return rc;
}

int store_informing_add(struct store *st, const struct store_informing_in *in, int64_t *out_id,
                        struct err *e)
{
    return store__insert_row(st, in->group_id, SQL_INF_ADD, "informing_record", in->doc, inf_bind,
                             in, out_id, e);
}

int store_informing_rows(struct store *st, int64_t case_id, struct store_row *out, size_t cap,
                         size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_INF_LIST, "informing_record", "informing_record.list", case_id,
                            0, out, cap, out_n, e);
}

int store_informing_count(struct store *st, int64_t case_id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_INF_COUNT, "informing_record.count", case_id, out, e);
}
