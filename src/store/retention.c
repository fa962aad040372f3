/* retention.c: retention candidates, destruction of a data-key group in every table, legal
 * holds, extensions and tombstones (see retention.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/retention.h"
#include "store/store_int.h"

/* Columns of an item: kind, id, group, case group, signal, case, municipality, start, until,
 * latest extension, longest open hold, reference. */
// clang-format off
#define EXT(k, id)                                                                                 \
    "coalesce((SELECT x.until_day FROM retention_extension x WHERE x.kind = '" k                   \
    "' AND x.object_id = " id " ORDER BY x.created_at DESC, x.id DESC LIMIT 1), 0)"
#define HOLD(k, id)                                                                                \
    "coalesce((SELECT max(h.until_day) FROM retention_hold h WHERE h.kind = '" k                   \
    "' AND h.object_id = " id " AND h.ended_at IS NULL), 0)"
#define SIG_SEL                                                                                    \
    "SELECT 'signal' AS kind, s.id AS id, s.group_id AS g1, 0 AS g2, s.id AS sid, 0 AS cid, "      \
    "s.municipality_id AS mun, coalesce((SELECT max(w.decided_day) FROM weighing w WHERE "         \
    "w.signal_id = s.id), s.received_day) AS start_day, 0 AS until_day, "                          \
    EXT("signal", "s.id") " AS ext, "                                                              \
    HOLD("signal", "s.id") " AS hold, s.reference AS ref FROM signal s "                           \
    "WHERE NOT EXISTS (SELECT 1 FROM pga_case c WHERE c.signal_id = s.id)"
#define CASE_SEL                                                                                   \
    "SELECT 'case', c.id, s.group_id, c.group_id, c.signal_id, c.id, c.municipality_id, "          \
    "coalesce(c.closed_day, 0), coalesce(c.retention_until_day, 0), "                              \
    EXT("case", "c.id") ", "                                                                       \
    HOLD("case", "c.id") ", s.reference FROM pga_case c JOIN signal s ON s.id = c.signal_id"
#define KF_SEL                                                                                     \
    "SELECT 'key_figure', k.id, k.group_id, 0, 0, 0, k.municipality_id, k.ended_day, 0, 0, 0, '' " \
    "FROM key_figure k WHERE k.ended_day IS NOT NULL"
#define RR_COLS                                                                                    \
    "SELECT 'rights_request', r.id, r.group_id, 0, 0, 0, r.municipality_id, "                      \
    "coalesce(r.closed_day, 0), 0, " EXT("rights_request", "r.id") ", "                            \
    HOLD("rights_request", "r.id") ", '' FROM rights_request r"
#define RR_SEL RR_COLS " WHERE r.closed_day IS NOT NULL"
/* An inzage export that answers no request: from its release (a concept: its creation). */
#define IX_COLS                                                                                    \
    "SELECT 'inzage_export', ie.id, ie.group_id, 0, 0, 0, ie.municipality_id, "                    \
    "coalesce(ie.approved_at, ie.created_at) / 86400000, 0, " EXT("inzage_export", "ie.id") ", "   \
    HOLD("inzage_export", "ie.id") ", '' FROM inzage_export ie"
#define IX_SEL IX_COLS " WHERE ie.request_id IS NULL"
/* A closed breach of the breach register (docs/breaches.md): from the day it was closed. */
#define BREACH_COLS                                                                                \
    "SELECT 'breach', b.id, b.group_id, 0, 0, 0, b.org_id, coalesce(b.closed_at, 0) / 86400000, "  \
    "0, 0, 0, '' FROM breach b"
#define BREACH_SEL BREACH_COLS " WHERE b.closed_at IS NOT NULL"
// clang-format on

static const char SQL_CANDIDATES[] =
    "SELECT * FROM (" SIG_SEL " UNION ALL " CASE_SEL " WHERE c.state = 'afgesloten' AND "
    "c.retention_until_day IS NOT NULL UNION ALL " KF_SEL " UNION ALL " RR_SEL " UNION ALL " IX_SEL
    " UNION ALL " BREACH_SEL ") AS cand WHERE (?1 = 0 OR mun = ?1) AND ((kind = 'signal' AND "
    "start_day <= ?2) OR (kind = 'case' AND until_day <= ?3) OR (kind = 'key_figure' AND "
    "start_day <= ?4) OR (kind IN ('rights_request', 'inzage_export') AND start_day <= ?5) OR "
    "(kind = 'breach' AND start_day <= ?7)) ORDER BY kind, id LIMIT ?6";
static const char SQL_OBJ_SIGNAL[] = SIG_SEL " AND s.id = ?1";
static const char SQL_OBJ_CASE[] = CASE_SEL " WHERE c.id = ?1";
static const char SQL_OBJ_RR[] = RR_COLS " WHERE r.id = ?1";
/* linked or not: the caller checks */
static const char SQL_OBJ_IX[] = IX_COLS " WHERE ie.id = ?1";
static const char SQL_OBJ_BREACH[] = BREACH_COLS " WHERE b.id = ?1";
static const char SQL_PERSONS[] =
    "SELECT id FROM person WHERE group_id IN (?1, ?2) ORDER BY id LIMIT 1001";

/* The destruction, in foreign-key order. ?1 signal id, ?2 case id (0: none), ?3 the signal's
 * group, ?4 the case's group (0: none). Every statement uses what it needs of the four. */
#define ITEMS                                                                                      \
    "(SELECT id FROM agenda_item WHERE signal_id = ?1 OR case_id = ?2 OR group_id IN (?3, ?4))"
static const char *const SQL_DESTROY[] = {
    "UPDATE network_person SET followup_signal_id = NULL WHERE followup_signal_id = ?1",
    "UPDATE network_person SET followup_measure_id = NULL WHERE followup_measure_id IN "
    "(SELECT id FROM case_measure WHERE case_id = ?2)",
    "DELETE FROM document_chunk WHERE document_id IN (SELECT id FROM document WHERE group_id IN "
    "(?3, ?4))",
    "DELETE FROM document WHERE group_id IN (?3, ?4)",
    "DELETE FROM item_minutes WHERE item_id IN " ITEMS,
    "DELETE FROM decision WHERE item_id IN " ITEMS,
    "DELETE FROM meeting_action WHERE item_id IN " ITEMS,
    "DELETE FROM item_invitation WHERE item_id IN " ITEMS,
    "DELETE FROM agenda_item WHERE signal_id = ?1 OR case_id = ?2 OR group_id IN (?3, ?4)",
    "DELETE FROM informing_record WHERE case_id = ?2",
    "DELETE FROM break_glass WHERE case_id = ?2",
    "DELETE FROM network_assessment WHERE case_id = ?2",
    "DELETE FROM network_relation WHERE case_id = ?2",
    "DELETE FROM network_person WHERE case_id = ?2",
    "DELETE FROM family_contact WHERE case_id = ?2",
    "DELETE FROM family_support WHERE case_id = ?2",
    "DELETE FROM comm_line WHERE case_id = ?2",
    "DELETE FROM case_assessment WHERE case_id = ?2",
    "DELETE FROM case_measure WHERE case_id = ?2",
    "DELETE FROM case_plan WHERE case_id = ?2",
    "DELETE FROM case_task WHERE case_id = ?2",
    "DELETE FROM case_participant WHERE case_id = ?2",
    "DELETE FROM case_event WHERE case_id = ?2",
    "DELETE FROM signal_token WHERE signal_id = ?1",
    "DELETE FROM ambtsbericht_reader WHERE signal_id = ?1",
    "DELETE FROM ambtsbericht WHERE signal_id = ?1",
    "DELETE FROM weighing WHERE signal_id = ?1",
    "DELETE FROM signal_feedback WHERE signal_id = ?1",
    "DELETE FROM signal_info WHERE signal_id = ?1",
    "DELETE FROM signal_participant WHERE signal_id = ?1",
    "DELETE FROM signal_subject WHERE signal_id = ?1",
    "DELETE FROM retention_hold WHERE (kind = 'signal' AND object_id = ?1) OR (kind = 'case' AND "
    "object_id = ?2)",
    "DELETE FROM retention_extension WHERE (kind = 'signal' AND object_id = ?1) OR (kind = 'case' "
    "AND object_id = ?2)",
    "DELETE FROM pga_case WHERE id = ?2",
    "DELETE FROM signal WHERE id = ?1",
    "DELETE FROM person WHERE group_id IN (?3, ?4)",
};
/* Key figures: ?1 the key figure, ?3 its group. */
static const char *const SQL_DESTROY_KF[] = {
    "DELETE FROM key_figure_contact WHERE key_figure_id = ?1",
    "DELETE FROM key_figure WHERE id = ?1",
};
/* Rights requests: ?1 the request (its exports' groups are destroyed first, by the caller of
 * these; the request's own group after them). */
static const char *const SQL_DESTROY_RR[] = {
    "DELETE FROM retention_hold WHERE kind = 'rights_request' AND object_id = ?1",
    "DELETE FROM retention_extension WHERE kind = 'rights_request' AND object_id = ?1",
    "DELETE FROM inzage_export WHERE request_id = ?1",
    "DELETE FROM rights_item WHERE request_id = ?1",
    "DELETE FROM rights_request WHERE id = ?1",
};
/* An export that answers no request: ?1 the export (its group is destroyed after it). */
static const char *const SQL_DESTROY_IX[] = {
    "DELETE FROM retention_hold WHERE kind = 'inzage_export' AND object_id = ?1",
    "DELETE FROM retention_extension WHERE kind = 'inzage_export' AND object_id = ?1",
    "DELETE FROM inzage_export WHERE id = ?1 AND request_id IS NULL",
};
/* A closed breach: ?1 the breach (its group is destroyed after it). */
static const char *const SQL_DESTROY_BREACH[] = {
    "DELETE FROM breach WHERE id = ?1 AND closed_at IS NOT NULL",
};
/* Exports of one request the purge takes (more: ERR_TOOBIG, the request is retried next run). */
#define RR_EXPORTS_MAX 256
static const char SQL_RR_EXPORT_GROUPS[] =
    "SELECT group_id FROM inzage_export WHERE request_id = ?1 ORDER BY id LIMIT 257";
/* The same tables, counted (the proof in the tests and the dry run). */
static const char SQL_COUNT[] =
    "SELECT (SELECT count(*) FROM document WHERE group_id IN (?3, ?4))"
    " + (SELECT count(*) FROM document_chunk WHERE document_id IN (SELECT id FROM document WHERE "
    "group_id IN (?3, ?4)))"
    " + (SELECT count(*) FROM agenda_item WHERE signal_id = ?1 OR case_id = ?2 OR group_id IN "
    "(?3, ?4))"
    " + (SELECT count(*) FROM item_minutes WHERE item_id IN " ITEMS ")"
    " + (SELECT count(*) FROM decision WHERE item_id IN " ITEMS ")"
    " + (SELECT count(*) FROM meeting_action WHERE item_id IN " ITEMS ")"
    " + (SELECT count(*) FROM item_invitation WHERE item_id IN " ITEMS ")"
    " + (SELECT count(*) FROM informing_record WHERE case_id = ?2)"
    " + (SELECT count(*) FROM break_glass WHERE case_id = ?2)"
    " + (SELECT count(*) FROM network_assessment WHERE case_id = ?2)"
    " + (SELECT count(*) FROM network_relation WHERE case_id = ?2)"
    " + (SELECT count(*) FROM network_person WHERE case_id = ?2)"
    " + (SELECT count(*) FROM family_contact WHERE case_id = ?2)"
    " + (SELECT count(*) FROM family_support WHERE case_id = ?2)"
    " + (SELECT count(*) FROM comm_line WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_assessment WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_measure WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_plan WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_task WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_participant WHERE case_id = ?2)"
    " + (SELECT count(*) FROM case_event WHERE case_id = ?2)"
    " + (SELECT count(*) FROM signal_token WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM ambtsbericht_reader WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM ambtsbericht WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM weighing WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM signal_feedback WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM signal_info WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM signal_participant WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM signal_subject WHERE signal_id = ?1)"
    " + (SELECT count(*) FROM retention_hold WHERE (kind = 'signal' AND object_id = ?1) OR "
    "(kind = 'case' AND object_id = ?2))"
    " + (SELECT count(*) FROM retention_extension WHERE (kind = 'signal' AND object_id = ?1) OR "
    "(kind = 'case' AND object_id = ?2))"
    " + (SELECT count(*) FROM pga_case WHERE id = ?2)"
    " + (SELECT count(*) FROM signal WHERE id = ?1)"
    " + (SELECT count(*) FROM person WHERE group_id IN (?3, ?4))"
    " + (SELECT count(*) FROM data_key WHERE group_id IN (?3, ?4) AND destroyed_at IS NULL)";
static const char SQL_COUNT_KF[] =
    "SELECT (SELECT count(*) FROM key_figure_contact WHERE key_figure_id = ?1)"
    " + (SELECT count(*) FROM key_figure WHERE id = ?1)"
    " + (SELECT count(*) FROM data_key WHERE group_id = ?3 AND destroyed_at IS NULL)";
static const char SQL_COUNT_RR[] =
    "SELECT (SELECT count(*) FROM inzage_export WHERE request_id = ?1)"
    " + (SELECT count(*) FROM retention_hold WHERE kind = 'rights_request' AND object_id = ?1)"
    " + (SELECT count(*) FROM retention_extension WHERE kind = 'rights_request' AND "
    "object_id = ?1)"
    " + (SELECT count(*) FROM rights_item WHERE request_id = ?1)"
    " + (SELECT count(*) FROM rights_request WHERE id = ?1)"
    " + (SELECT count(*) FROM data_key WHERE (group_id IN (SELECT group_id FROM rights_request "
    "WHERE id = ?1) OR group_id IN (SELECT group_id FROM inzage_export WHERE request_id = ?1)) "
    "AND destroyed_at IS NULL)";

static const char SQL_COUNT_IX[] =
    "SELECT (SELECT count(*) FROM inzage_export WHERE id = ?1 AND request_id IS NULL)"
    " + (SELECT count(*) FROM retention_hold WHERE kind = 'inzage_export' AND object_id = ?1)"
    " + (SELECT count(*) FROM retention_extension WHERE kind = 'inzage_export' AND "
    "object_id = ?1)"
    " + (SELECT count(*) FROM data_key WHERE group_id IN (SELECT group_id FROM inzage_export "
    "WHERE id = ?1 AND request_id IS NULL) AND destroyed_at IS NULL)";

static const char SQL_COUNT_BREACH[] =
    "SELECT (SELECT count(*) FROM breach WHERE id = ?1 AND closed_at IS NOT NULL)"
    " + (SELECT count(*) FROM data_key WHERE group_id IN (SELECT group_id FROM breach WHERE "
    "id = ?1 AND closed_at IS NOT NULL) AND destroyed_at IS NULL)";

static const char SQL_TOMB_ADD[] =
    "INSERT INTO retention_tombstone(kind, pseudonym, municipality_id, start_day, expiry_day, "
    "destroyed_at, destroyed_day, approved_by, n_rows, n_keys) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?9, ?10)";
static const char SQL_TOMB_LIST[] =
    "SELECT id, kind, pseudonym, municipality_id, start_day, expiry_day, destroyed_day, "
    "destroyed_at, approved_by, n_rows, n_keys FROM retention_tombstone WHERE (?1 = 0 OR "
    "municipality_id = ?1) AND destroyed_day BETWEEN ?2 AND ?3 ORDER BY destroyed_at DESC, id "
    "DESC LIMIT ?4";

static const char SQL_HOLD_ADD[] =
    "INSERT INTO retention_hold(id, doc_ct, kind, object_id, group_id, municipality_id, "
    "until_day, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_EXT_ADD[] =
    "INSERT INTO retention_extension(id, doc_ct, kind, object_id, group_id, municipality_id, "
    "until_day, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
#define HOLD_COLS                                                                                  \
    "id, object_id, 0, group_id, until_day, coalesce(ended_at, 0), municipality_id, "              \
    "coalesce(ended_by, 0), created_by, created_at, kind, '', '', doc_ct"
static const char SQL_HOLD_LIST[] =
    "SELECT " HOLD_COLS " FROM retention_hold WHERE (?1 = 0 OR municipality_id = ?1) ORDER BY "
    "created_at DESC, id DESC LIMIT 1001";
static const char SQL_HOLD_GET[] = "SELECT " HOLD_COLS " FROM retention_hold WHERE id = ?1";
static const char SQL_HOLD_END[] =
    "UPDATE retention_hold SET ended_by = ?2, ended_at = ?3 WHERE id = ?1 AND ended_at IS NULL";
static const char SQL_EXT_LIST[] =
    "SELECT id, object_id, 0, group_id, until_day, 0, municipality_id, 0, created_by, "
    "created_at, kind, '', '', doc_ct FROM retention_extension WHERE (?1 = 0 OR municipality_id "
    "= ?1) ORDER BY created_at DESC, id DESC LIMIT 1001";

/* ---- candidates ------------------------------------------------------------------------------ */

static int read_item(store_stmt *s, struct store_retention_item *it, struct err *e)
{
    memset(it, 0, sizeof(*it));
    int rc = store__col_text(s, 0, it->kind, sizeof(it->kind), NULL, e);
    it->id = store__col_i64(s, 1);
    it->group_id = store__col_i64(s, 2);
    it->case_group_id = store__col_i64(s, 3);
    it->signal_id = store__col_i64(s, 4);
    it->case_id = store__col_i64(s, 5);
    it->municipality_id = store__col_i64(s, 6);
    it->start_day = store__col_i64(s, 7);
    it->until_day = store__col_i64(s, 8);
    it->ext_until = store__col_i64(s, 9);
    it->hold_until = store__col_i64(s, 10);
    if (rc == 0)
        rc = store__col_text(s, 11, it->reference, sizeof(it->reference), NULL, e);
    return rc;
}

int store_retention_candidates(struct store *st, int64_t municipality_id, int64_t signal_before,
                               int64_t case_before, int64_t kf_before, int64_t rights_before,
                               int64_t breach_before, struct store_retention_item *out, size_t cap,
                               size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    *out_n = 0;
    const int64_t v[] = {municipality_id, signal_before, case_before,  kf_before,
                         rights_before,   (int64_t)cap,  breach_before};
    int rc = store__stmt(st, SQL_CANDIDATES, &s, e);
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 1, e);
    while (rc == 0) {
        rc = store__step(st, s, "retention.candidates", e);
        if (rc != 1)
            break;
        rc = *out_n < cap ? read_item(s, &out[*out_n], e) : 0;
        if (rc == 0 && *out_n < cap)
            (*out_n)++;
    }
    store__done(s);
    return rc;
}

int store_retention_object(struct store *st, const char *kind, int64_t id,
                           struct store_retention_item *out, struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    const char *sql = strcmp(kind, "case") == 0             ? SQL_OBJ_CASE
                      : strcmp(kind, "rights_request") == 0 ? SQL_OBJ_RR
                      : strcmp(kind, "inzage_export") == 0  ? SQL_OBJ_IX
                      : strcmp(kind, "breach") == 0         ? SQL_OBJ_BREACH
                                                            : SQL_OBJ_SIGNAL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "retention.object", e);
    if (rc == 1)
        rc = read_item(s, out, e);
    else if (rc == 0)
        rc = ERR_NOTFOUND;
    store__done(s);
    return rc;
}

int store_retention_persons(struct store *st, const struct store_retention_item *it, int64_t *out,
                            size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    *out_n = 0;
    int rc = store__stmt(st, SQL_PERSONS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, it->group_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, it->case_group_id, e);
    while (rc == 0) {
        rc = store__step(st, s, "retention.persons", e);
        if (rc != 1)
            break;
        rc = 0;
        if (*out_n >= cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel personen in één groep");
            break;
        }
        out[(*out_n)++] = store__col_i64(s, 0);
    }
    store__done(s);
    return rc;
}

/* ---- destruction ----------------------------------------------------------------------------- */

/* Binds ?1..?4 (as many as sql has) from the item and runs it. */
static int run4(struct store *st, const char *sql, const struct store_retention_item *it,
                bool count, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    bool own = strcmp(it->kind, "key_figure") == 0 || strcmp(it->kind, "rights_request") == 0 ||
               strcmp(it->kind, "inzage_export") == 0 || strcmp(it->kind, "breach") == 0;
    const int64_t v[] = {own ? it->id : it->signal_id, it->case_id, it->group_id,
                         it->case_group_id};
    int rc = store__stmt(st, sql, &s, e);
    int np = rc == 0 ? store__param_count(s) : 0;
    for (int i = 0; rc == 0 && i < np && i < 4; i++)
        rc = store__bind_i64(st, s, i + 1, v[i], e);
    if (rc == 0 && count) {
        rc = store__step(st, s, "retention.count", e);
        if (rc == 1) {
            *out = store__col_i64(s, 0);
            rc = 0;
        } else if (rc == 0) {
            rc = err_internal(e, ERR_DB, "retention.count: no row");
        }
    } else if (rc == 0) {
        rc = store__step_done(st, s, "retention.destroy", e);
        if (rc == 0 && strncmp(sql, "DELETE", 6) == 0)
            *out += store__changes(st);
    }
    store__done(s);
    return rc;
}

/* The data-key groups of a request's inzage exports, destroyed one by one (*n_keys counts). */
static int destroy_export_groups(struct store *st, int64_t request_id, int64_t *n_keys,
                                 struct err *e)
{
    int64_t g[RR_EXPORTS_MAX];
    size_t n = 0;
    int rc = store__id_list(st, SQL_RR_EXPORT_GROUPS, "retention.rr_groups", request_id, g,
                            ARRAY_LEN(g), &n, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = store_group_destroy(st, g[i], e);
        if (rc == 0)
            (*n_keys)++;
    }
    return rc;
}

int store_retention_destroy(struct store *st, const struct store_retention_item *it,
                            int64_t *out_rows, int64_t *out_keys, struct err *e)
{
    bool kf = strcmp(it->kind, "key_figure") == 0, rr = strcmp(it->kind, "rights_request") == 0;
    bool ix = strcmp(it->kind, "inzage_export") == 0, br = strcmp(it->kind, "breach") == 0;
    const char *const *sql = kf   ? SQL_DESTROY_KF
                             : rr ? SQL_DESTROY_RR
                             : ix ? SQL_DESTROY_IX
                             : br ? SQL_DESTROY_BREACH
                                  : SQL_DESTROY;
    size_t n = kf   ? ARRAY_LEN(SQL_DESTROY_KF)
               : rr ? ARRAY_LEN(SQL_DESTROY_RR)
               : ix ? ARRAY_LEN(SQL_DESTROY_IX)
               : br ? ARRAY_LEN(SQL_DESTROY_BREACH)
                    : ARRAY_LEN(SQL_DESTROY);
    *out_rows = 0;
    *out_keys = 0;
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    if (rr)
        rc = destroy_export_groups(st, it->id, out_keys, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = run4(st, sql[i], it, false, out_rows, e);
    if (rc == 0 && *out_rows == 0)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = store_group_destroy(st, it->group_id, e);
    if (rc == 0)
        (*out_keys)++;
    if (rc == 0 && it->case_group_id != 0) {
        rc = store_group_destroy(st, it->case_group_id, e);
        if (rc == 0)
            (*out_keys)++;
    }
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}

int store_retention_count_rows(struct store *st, const struct store_retention_item *it,
                               int64_t *out, struct err *e)
{
    *out = 0;
    const char *sql = strcmp(it->kind, "key_figure") == 0       ? SQL_COUNT_KF
                      : strcmp(it->kind, "rights_request") == 0 ? SQL_COUNT_RR
                      : strcmp(it->kind, "inzage_export") == 0  ? SQL_COUNT_IX
                      : strcmp(it->kind, "breach") == 0         ? SQL_COUNT_BREACH
                                                                : SQL_COUNT;
    return run4(st, sql, it, true, out, e);
}

/* ---- tombstones ------------------------------------------------------------------------------ */

int store_tombstone_add(struct store *st, const struct store_tombstone *t, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_TOMB_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(t->kind), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, t->pseudonym, sizeof(t->pseudonym), e);
    const int64_t v[] = {t->municipality_id, t->start_day, t->expiry_day, t->destroyed_at,
                         t->destroyed_day};
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 8, str_from_cstr(t->approved_by), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, t->n_rows, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, t->n_keys, e);
    if (rc == 0)
        rc = store__step_done(st, s, "retention_tombstone.add", e);
    store__done(s);
    return rc;
}

int store_tombstone_list(struct store *st, int64_t municipality_id, int64_t from_day,
                         int64_t to_day, struct store_tombstone *out, size_t cap, size_t *out_n,
                         struct err *e)
{
    store_stmt *s = NULL;
    *out_n = 0;
    const int64_t v[] = {municipality_id, from_day, to_day, (int64_t)cap};
    int rc = store__stmt(st, SQL_TOMB_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 1, e);
    while (rc == 0 && *out_n < cap) {
        rc = store__step(st, s, "retention_tombstone.list", e);
        if (rc != 1)
            break;
        struct store_tombstone *t = &out[*out_n];
        memset(t, 0, sizeof(*t));
        t->id = store__col_i64(s, 0);
        rc = store__col_text(s, 1, t->kind, sizeof(t->kind), NULL, e);
        const uint8_t *p = NULL;
        size_t pn = 0;
        bool isnull = false;
        store__col_blob(s, 2, &p, &pn, &isnull);
        if (p != NULL)
            memcpy(t->pseudonym, p, pn < sizeof(t->pseudonym) ? pn : sizeof(t->pseudonym));
        t->municipality_id = store__col_i64(s, 3);
        t->start_day = store__col_i64(s, 4);
        t->expiry_day = store__col_i64(s, 5);
        t->destroyed_day = store__col_i64(s, 6);
        t->destroyed_at = store__col_i64(s, 7);
        if (rc == 0)
            rc = store__col_text(s, 8, t->approved_by, sizeof(t->approved_by), NULL, e);
        t->n_rows = store__col_i64(s, 9);
        t->n_keys = store__col_i64(s, 10);
        if (rc == 0)
            (*out_n)++;
    }
    store__done(s);
    return rc;
}

/* ---- holds and extensions -------------------------------------------------------------------- */

struct hx_bind {
    const struct store_retention_item *it;
    int64_t group_id, until_day, by;
};

static int hx_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct hx_bind *b = ctx;
    int rc = store__bind_text(st, s, 3, str_from_cstr(b->it->kind), e);
    const int64_t v[] = {b->it->id,    b->group_id, b->it->municipality_id,
                         b->until_day, b->by,       clock_now_ms()};
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 4, e);
    return rc;
}

static int hx_add(struct store *st, const char *sql, const char *table,
                  const struct store_retention_item *it, int64_t until_day, int64_t by,
                  struct str doc, int64_t *out_id, struct err *e)
{
    struct hx_bind b = {it, it->case_group_id ? it->case_group_id : it->group_id, until_day, by};
    return store__insert_row(st, b.group_id, sql, table, doc, hx_bind, &b, out_id, e);
}

int store_retention_hold_add(struct store *st, const struct store_retention_item *it,
                             int64_t until_day, int64_t by, struct str doc, int64_t *out_id,
                             struct err *e)
{
    return hx_add(st, SQL_HOLD_ADD, "retention_hold", it, until_day, by, doc, out_id, e);
}

int store_retention_extension_add(struct store *st, const struct store_retention_item *it,
                                  int64_t until_day, int64_t by, struct str doc, int64_t *out_id,
                                  struct err *e)
{
    return hx_add(st, SQL_EXT_ADD, "retention_extension", it, until_day, by, doc, out_id, e);
}

int store_retention_holds(struct store *st, int64_t municipality_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_HOLD_LIST, "retention_hold", "retention_hold.list",
                            municipality_id, 0, out, cap, out_n, e);
}

int store_retention_extensions(struct store *st, int64_t municipality_id, struct store_row *out,
                               size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_EXT_LIST, "retention_extension", "retention_extension.list",
                            municipality_id, 0, out, cap, out_n, e);
}

int store_retention_hold_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    int rc = store__list_rows(st, SQL_HOLD_GET, "retention_hold", "retention_hold.get", id, 0, out,
                              1, &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

int store_retention_hold_end(struct store *st, int64_t id, int64_t by, struct err *e)
{
    int rc = store__exec_ids(st, SQL_HOLD_END, "retention_hold.end", id, by, clock_now_ms(), e);
    if (rc == 0 && store__changes(st) == 0)
        rc = ERR_NOTFOUND;
    return rc;
}
