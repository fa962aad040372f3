/* inzage.c: the inzage export register and the lookups that compile an export (see inzage.h).
 * Every list query returns the common row shape of row.h. */
#include "core/common.h"

#include "core/clock.h"
#include "store/inzage.h"
#include "store/store_int.h"

/* The row shape: id, parent, second parent, group_id, a, b, c, d, by, at, code, code2, code3,
 * doc_ct. */
#define IX_COLS                                                                                    \
    "id, municipality_id, coalesce(request_id, 0), group_id, n_items, n_withheld, "                \
    "coalesce(approved_by, 0), created_at, created_by, coalesce(approved_at, 0), status, '', '', "
static const char SQL_IX_ADD[] =
    "INSERT INTO inzage_export(id, doc_ct, municipality_id, request_id, group_id, status, "
    "n_items, n_withheld, created_by, created_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, "
    "'concept', ?6, ?7, ?8, ?9)";
static const char SQL_IX_GET[] = "SELECT " IX_COLS "doc_ct FROM inzage_export WHERE id = ?1";
static const char SQL_IX_LIST[] = "SELECT " IX_COLS "NULL FROM inzage_export WHERE ?1 = 0 OR "
                                  "municipality_id = ?1 ORDER BY created_at DESC, id LIMIT 5001";
static const char SQL_IX_COUNT[] = "SELECT count(*) FROM inzage_export WHERE municipality_id = ?1";
static const char SQL_IX_APPROVE[] =
    "UPDATE inzage_export SET status = 'vrijgegeven', approved_by = ?2, approved_at = ?3 "
    "WHERE id = ?1 AND status = 'concept' AND created_by != ?2";
static const char SQL_IX_GROUP[] = "SELECT group_id FROM inzage_export WHERE id = ?1";

/* Where a person row appears. */
static const char SQL_LINKS[] =
    "SELECT ss.person_id, s.id, s.municipality_id, 0, s.received_day, 0, 0, 0, 0, 0, 'signal', "
    "s.reference, '', NULL FROM signal_subject ss JOIN signal s ON s.id = ss.signal_id "
    "WHERE ss.person_id = ?1 "
    "UNION ALL SELECT n.person_id, n.case_id, c.municipality_id, 0, n.recorded_at / 86400000, 0, "
    "0, 0, 0, 0, 'network', '', '', NULL FROM network_person n JOIN pga_case c ON c.id = "
    "n.case_id WHERE n.person_id = ?1 "
    "UNION ALL SELECT f.person_id, f.case_id, c.municipality_id, 0, f.created_at / 86400000, 0, "
    "0, 0, 0, 0, 'family', '', '', NULL FROM family_support f JOIN pga_case c ON c.id = "
    "f.case_id WHERE f.person_id = ?1 "
    "UNION ALL SELECT DISTINCT r.person_id, r.case_id, c.municipality_id, 0, 0, 0, 0, 0, 0, 0, "
    "'informing', '', '', NULL FROM informing_record r JOIN pga_case c ON c.id = r.case_id "
    "WHERE r.person_id = ?1 ORDER BY 5, 2 LIMIT 1001";

/* The overleg about a signal and its case. */
#define IX_ITEMS "(SELECT id FROM agenda_item WHERE signal_id = ?1 OR (?2 != 0 AND case_id = ?2))"
static const char SQL_OVERLEG[] =
    "SELECT i.id, i.id, 0, 0, m.day, 0, 0, 0, 0, 0, 'agenda_item', i.kind, '', NULL "
    "FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id IN " IX_ITEMS
    " UNION ALL SELECT x.id, x.item_id, 0, 0, x.saved_at / 86400000, x.version, 0, 0, 0, 0, "
    "'item_minutes', '', '', NULL FROM item_minutes x WHERE x.item_id IN " IX_ITEMS
    " UNION ALL SELECT d.id, d.item_id, 0, 0, d.decided_day, d.version, 0, 0, 0, 0, 'decision', "
    "d.type, d.result, NULL FROM decision d WHERE d.item_id IN " IX_ITEMS
    " UNION ALL SELECT t.id, t.item_id, 0, 0, t.due_day, 0, t.owner_org_id, 0, 0, 0, "
    "'meeting_action', t.status, '', NULL FROM meeting_action t WHERE t.item_id IN " IX_ITEMS
    " ORDER BY 5, 1 LIMIT 2001";

static const char SQL_REQ_MUNI[] = "SELECT municipality_id FROM rights_request WHERE id = ?1";
static const char SQL_IX_REQUEST[] =
    "SELECT coalesce(request_id, 0) FROM inzage_export WHERE id = ?1";
static const char SQL_AMB[] = "SELECT count(*) FROM ambtsbericht WHERE signal_id = ?1";

struct ix_bind {
    const struct store_inzage_in *in;
    int64_t group_id;
};

static int ix_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct ix_bind *b = ctx;
    const int64_t v[] = {b->in->municipality_id, b->in->request_id, b->group_id,   b->in->n_items,
                         b->in->n_withheld,      b->in->created_by, clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}

int store_inzage_create(struct store *st, const struct store_inzage_in *in, int64_t *out_id,
                        struct err *e)
{
    struct ix_bind b = {in, 0};
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store_group_new(st, &b.group_id, e);
    if (rc == 0)
        rc = store__insert_row(st, b.group_id, SQL_IX_ADD, "inzage_export", in->doc, ix_bind, &b,
                               out_id, e);
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}

int store_inzage_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    int rc = store__list_rows(st, SQL_IX_GET, "inzage_export", "inzage_export.get", id, 0, out, 1,
                              &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_inzage_list(struct store *st, int64_t municipality_id, struct store_row *out, size_t cap,
                      size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_IX_LIST, "inzage_export", "inzage_export.list", municipality_id,
                            0, out, cap, out_n, e);
}

int store_inzage_count(struct store *st, int64_t municipality_id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_IX_COUNT, "inzage_export.count", municipality_id, out, e);
}

int store_inzage_approve(struct store *st, int64_t id, int64_t approver, struct err *e)
{
    int64_t group_id = 0;
    int rc = store__single_i64(st, SQL_IX_GROUP, "inzage_export.group", id, &group_id, e);
    if (rc == 0)
        rc = store__exec_ids(st, SQL_IX_APPROVE, "inzage_export.approve", id, approver,
                             clock_now_ms(), e);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_CONFLICT;
    return rc;
}

int store_inzage_links(struct store *st, int64_t person_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_LINKS, "person", "inzage.links", person_id, 0, out, cap, out_n,
                            e);
}

int store_inzage_overleg(struct store *st, int64_t signal_id, int64_t case_id,
                         struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_OVERLEG, "agenda_item", "inzage.overleg", signal_id, case_id,
                            out, cap, out_n, e);
}

int store_inzage_has_ambtsbericht(struct store *st, int64_t signal_id, bool *out, struct err *e)
{
    int64_t n = 0;
    int rc = store__single_i64(st, SQL_AMB, "inzage.ambtsbericht", signal_id, &n, e);
    *out = rc == 0 && n > 0;
    return rc;
}

int store_inzage_request_muni(struct store *st, int64_t request_id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_REQ_MUNI, "inzage.request", request_id, out, e);
}

int store_inzage_request_of(struct store *st, int64_t id, int64_t *out, struct err *e)
{
    return store__single_i64(st, SQL_IX_REQUEST, "inzage_export.request", id, out, e);
}
