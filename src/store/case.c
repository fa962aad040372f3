/* case.c: the case and its plan (see case.h). One insert, one list and (where rows change) one
 * update statement per kind, described by a small table; the row shape is row.h's. */
#include "core/common.h"

#include "core/clock.h"
#include "store/case.h"
#include "store/store_int.h"

#define CASE_COLS                                                                                 \
    "id, signal_id, municipality_id, group_id, casusregisseur_id, first_overleg_day, "           \
    "coalesce(next_review_day, 0), flags, coalesce(state_at, 0), coalesce(closed_day, 0), "      \
    "coalesce(retention_until_day, 0), created_at, "                                            \
    "CASE state WHEN 'evaluatie' THEN 'herbeoordeling' ELSE state END"
static const char SQL_CASE_GET[] = "SELECT " CASE_COLS " FROM pga_case WHERE id = ?1";
static const char SQL_CASE_DUE[] =
    "SELECT " CASE_COLS " FROM pga_case WHERE municipality_id = ?1 "
    "AND state NOT IN ('afgesloten','vernietigd') AND (first_overleg_day <= ?2 OR "
    "next_review_day <= ?2) ORDER BY first_overleg_day, id LIMIT 501";
static const char SQL_CASE_BY_MUNI[] =
    "SELECT " CASE_COLS " FROM pga_case WHERE municipality_id = ?1 AND state != 'vernietigd' "
    "ORDER BY created_at DESC, id LIMIT 2001";
static const char SQL_CASE_BY_PART[] =
    "SELECT " CASE_COLS " FROM pga_case WHERE state != 'vernietigd' AND id IN "
    "(SELECT case_id FROM case_participant WHERE org_id = ?1) ORDER BY created_at DESC, id "
    "LIMIT 2001";
static const char SQL_CASE_STATE[] =
    "UPDATE pga_case SET state = CASE ?2 WHEN 'herbeoordeling' THEN 'evaluatie' ELSE ?2 END, "
    "state_at = ?3, closed_day = nullif(?4, 0), "
    "retention_until_day = nullif(?5, 0) WHERE id = ?1";
static const char SQL_CASE_FLAGS[] = "UPDATE pga_case SET flags = ?2 WHERE id = ?1";
static const char SQL_CASE_REVIEW[] =
    "UPDATE pga_case SET next_review_day = nullif(?2, 0) WHERE id = ?1";
static const char SQL_CASE_TRANSFER[] =
    "UPDATE pga_case SET municipality_id = ?2, casusregisseur_id = ?3 WHERE id = ?1";

/* Binding layouts of the inserts from ?3 on: P parent (case), I item_id, a-d ints, A-D ints with
 * 0 → NULL, x/y/z code/code2/code3, Z code3 with "" → NULL, u by, n now, m domain. */
struct kind_sql {
    const char *table;
    const char *insert;
    const char *layout;
    const char *list;
    const char *get;
    const char *update;
};

#define EV_SEL                                                                                    \
    "SELECT e.id, e.case_id, 0, c.group_id, e.on_off, e.decided_day, 0, 0, e.created_by, "       \
    "e.created_at, e.kind, e.code, '', e.doc_ct FROM case_event e JOIN pga_case c ON c.id = "    \
    "e.case_id "
#define PA_SEL                                                                                    \
    "SELECT p.id, p.case_id, 0, c.group_id, p.org_id, 0, 0, 0, p.added_by, p.added_at, p.kind, " \
    "'', '', p.doc_ct FROM case_participant p JOIN pga_case c ON c.id = p.case_id "
#define TA_SEL                                                                                    \
    "SELECT t.id, t.case_id, 0, c.group_id, coalesce(t.owner_id, 0), coalesce(t.owner_org_id, "  \
    "0), coalesce(t.due_day, 0), coalesce(t.done_day, 0), t.updated_by, t.updated_at, t.code, "  \
    "t.state, coalesce(t.flag, ''), t.doc_ct FROM case_task t JOIN pga_case c ON c.id = "        \
    "t.case_id "
#define PL_SEL                                                                                    \
    "SELECT p.id, p.case_id, 0, c.group_id, p.version, p.adopted, coalesce(p.adopted_day, 0), "  \
    "coalesce(p.next_review_day, 0), p.created_by, p.created_at, '', '', '', p.doc_ct FROM "     \
    "case_plan p JOIN pga_case c ON c.id = p.case_id "
#define ME_SEL                                                                                    \
    "SELECT m.id, m.case_id, 0, c.group_id, m.owner_org_id, coalesce(m.owner_id, 0), "           \
    "coalesce(m.review_day, 0), 0, m.updated_by, m.updated_at, m.type, m.status, m.category, "   \
    "m.doc_ct FROM case_measure m JOIN pga_case c ON c.id = m.case_id "
#define AS_SEL                                                                                    \
    "SELECT a.id, a.case_id, 0, c.group_id, a.version, a.assessed_day, 0, 0, a.created_by, "     \
    "a.created_at, '', '', '', a.doc_ct FROM case_assessment a JOIN pga_case c ON c.id = "       \
    "a.case_id "
#define FA_SEL                                                                                    \
    "SELECT f.id, f.case_id, 0, c.group_id, f.person_id, coalesce(f.supporter_id, 0), "          \
    "coalesce(f.supporter_org_id, 0), 0, f.created_by, f.updated_at, f.supporter_kind, '', '', " \
    "f.doc_ct FROM family_support f JOIN pga_case c ON c.id = f.case_id "
#define CO_SEL                                                                                    \
    "SELECT f.id, f.case_id, f.support_id, c.group_id, f.contact_day, 0, 0, 0, f.created_by, "   \
    "f.created_at, '', '', '', f.doc_ct FROM family_contact f JOIN pga_case c ON c.id = "        \
    "f.case_id "
#define CL_SEL                                                                                    \
    "SELECT l.id, l.case_id, 0, c.group_id, l.version, l.decided_day, 0, 0, l.created_by, "      \
    "l.created_at, l.owner, '', '', l.doc_ct FROM comm_line l JOIN pga_case c ON c.id = "        \
    "l.case_id "

#define NP_SEL                                                                                    \
    "SELECT n.id, n.case_id, 0, c.group_id, n.person_id, coalesce(n.followup_signal_id, 0), "    \
    "coalesce(n.followup_measure_id, 0), coalesce(n.source_org_id, 0), n.recorded_by, "         \
    "n.recorded_at, '', '', '', n.doc_ct FROM network_person n JOIN pga_case c ON c.id = "       \
    "n.case_id "
#define NR_SEL                                                                                    \
    "SELECT r.id, r.case_id, 0, c.group_id, r.from_person, r.to_person, coalesce(r.since_day, "  \
    "0), coalesce(r.until_day, 0), r.recorded_by, r.recorded_at, r.type, r.confidence, '', "     \
    "r.doc_ct FROM network_relation r JOIN pga_case c ON c.id = r.case_id "
#define NA_SEL                                                                                    \
    "SELECT a.id, a.case_id, 0, c.group_id, a.person_id, a.assessed_day, 0, 0, a.assessor_id, "  \
    "a.created_at, a.concern, '', '', a.doc_ct FROM network_assessment a JOIN pga_case c ON "    \
    "c.id = a.case_id "

static const char SQL_NP_OF[] = NP_SEL "WHERE n.person_id = ?1";
static const char SQL_TWINS[] =
    "WITH me AS (SELECT bsn_idx, name_dob_idx FROM person WHERE id = ?1), "
    "twins AS (SELECT p.id FROM person p, me WHERE p.id != ?1 AND "
    "((me.bsn_idx IS NOT NULL AND p.bsn_idx = me.bsn_idx) OR "
    "(me.name_dob_idx IS NOT NULL AND p.name_dob_idx = me.name_dob_idx))) "
    "SELECT t.id, n.case_id FROM twins t JOIN network_person n ON n.person_id = t.id "
    "UNION SELECT t.id, c.id FROM twins t JOIN signal_subject s ON s.person_id = t.id "
    "JOIN pga_case c ON c.signal_id = s.signal_id WHERE c.state != 'vernietigd' LIMIT 1001";

static const char SQL_OVERLAP[] =
    "SELECT count(*) FROM (SELECT match_key FROM network_person WHERE match_key IS NOT NULL "
    "GROUP BY match_key HAVING min(case_id) != max(case_id))";

static const char SQL_TASKS_FOR[] =
    TA_SEL "WHERE t.state = 'open' AND ((?1 != 0 AND t.owner_id = ?1) OR (?2 != 0 AND "
           "c.municipality_id = ?2 AND t.due_day < ?3)) ORDER BY t.due_day, t.id LIMIT 5001";

static const struct kind_sql KINDS[STORE_CASE_KIND_COUNT] = {
    [STORE_CASE_EVENT] = {"case_event",
                          "INSERT INTO case_event(id, doc_ct, case_id, on_off, decided_day, kind, "
                          "code, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                          "?9)",
                          "Pabxyun", EV_SEL "WHERE e.case_id = ?1 ORDER BY e.created_at, e.id "
                                            "LIMIT 5001",
                          NULL, NULL},
    [STORE_CASE_PARTICIPANT] = {"case_participant",
                                "INSERT INTO case_participant(id, doc_ct, case_id, org_id, kind, "
                                "added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                "Paxun", PA_SEL "WHERE p.case_id = ?1 ORDER BY p.added_at, p.id "
                                                "LIMIT 1001",
                                NULL, NULL},
    [STORE_CASE_TASK] = {"case_task",
                         "INSERT INTO case_task(id, doc_ct, case_id, owner_id, owner_org_id, "
                         "due_day, done_day, code, state, flag, updated_by, created_at, "
                         "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                         "?12)",
                         "PABCDxyZun",
                         TA_SEL "WHERE t.case_id = ?1 ORDER BY t.due_day IS NULL, t.due_day, "
                                "t.code, t.id LIMIT 5001",
                         TA_SEL "WHERE t.id = ?1",
                         "UPDATE case_task SET owner_id = nullif(?2, 0), owner_org_id = "
                         "nullif(?3, 0), due_day = nullif(?4, 0), done_day = nullif(?5, 0), "
                         "state = ?6, doc_ct = ?7, updated_by = ?8, updated_at = ?9 WHERE id = "
                         "?1"},
    [STORE_CASE_PLAN] = {"case_plan",
                         "INSERT INTO case_plan(id, doc_ct, case_id, adopted, adopted_day, "
                         "next_review_day, created_by, created_at, version) VALUES (?1, ?2, ?3, "
                         "?4, ?5, ?6, ?7, ?8, (SELECT coalesce(max(version), 0) + 1 FROM "
                         "case_plan WHERE case_id = ?3))",
                         "PbCDun", PL_SEL "WHERE p.case_id = ?1 ORDER BY p.version LIMIT 1001",
                         NULL, NULL},
    [STORE_CASE_MEASURE] = {"case_measure",
                            "INSERT INTO case_measure(id, doc_ct, case_id, owner_org_id, "
                            "owner_id, review_day, type, status, category, domain, created_by, "
                            "created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                            "?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
                            "PaBCxyzmun",
                            ME_SEL "WHERE m.case_id = ?1 ORDER BY m.created_at, m.id LIMIT 1001",
                            ME_SEL "WHERE m.id = ?1",
                            "UPDATE case_measure SET owner_org_id = ?2, owner_id = nullif(?3, 0), "
                            "review_day = nullif(?4, 0), status = ?5, doc_ct = ?6, updated_by = "
                            "?7, updated_at = ?8 WHERE id = ?1"},
    [STORE_CASE_ASSESSMENT] = {"case_assessment",
                               "INSERT INTO case_assessment(id, doc_ct, case_id, assessed_day, "
                               "created_by, created_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                               "(SELECT coalesce(max(version), 0) + 1 FROM case_assessment WHERE "
                               "case_id = ?3))",
                               "Pbun", AS_SEL "WHERE a.case_id = ?1 ORDER BY a.version LIMIT 1001",
                               NULL, NULL},
    [STORE_CASE_FAMILY] = {"family_support",
                           "INSERT INTO family_support(id, doc_ct, case_id, person_id, "
                           "supporter_id, supporter_org_id, supporter_kind, created_by, "
                           "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                           "?9)",
                           "PaBCxun",
                           FA_SEL "WHERE f.case_id = ?1 ORDER BY f.created_at, f.id LIMIT 1001",
                           FA_SEL "WHERE f.id = ?1",
                           "UPDATE family_support SET supporter_id = nullif(?2, 0), "
                           "supporter_org_id = nullif(?3, 0), supporter_kind = ?4, doc_ct = ?5, "
                           "updated_at = ?6 WHERE id = ?1"},
    [STORE_CASE_CONTACT] = {"family_contact",
                            "INSERT INTO family_contact(id, doc_ct, case_id, support_id, "
                            "contact_day, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                            "?6, ?7)",
                            "PIaun",
                            CO_SEL "WHERE f.case_id = ?1 ORDER BY f.contact_day, f.id LIMIT 5001",
                            NULL, NULL},
    [STORE_CASE_COMM] = {"comm_line",
                         "INSERT INTO comm_line(id, doc_ct, case_id, decided_day, owner, "
                         "created_by, created_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                         "(SELECT coalesce(max(version), 0) + 1 FROM comm_line WHERE case_id = "
                         "?3))",
                         "Pbxun", CL_SEL "WHERE l.case_id = ?1 ORDER BY l.version LIMIT 1001",
                         NULL, NULL},
    [STORE_CASE_NPERSON] = {"network_person",
                            "INSERT INTO network_person(id, doc_ct, case_id, person_id, "
                            "followup_signal_id, followup_measure_id, source_org_id, recorded_by, "
                            "recorded_at, match_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                            "(SELECT coalesce(bsn_idx, name_dob_idx) FROM person WHERE id = ?4))",
                            "PaBCDun",
                            NP_SEL "WHERE n.case_id = ?1 ORDER BY n.recorded_at, n.id LIMIT 1001",
                            NP_SEL "WHERE n.id = ?1",
                            "UPDATE network_person SET followup_signal_id = nullif(?2, 0), "
                            "followup_measure_id = nullif(?3, 0), doc_ct = ?5 WHERE id = ?1 AND "
                            "?4 IS NOT NULL AND ?6 > 0"},
    [STORE_CASE_NRELATION] = {"network_relation",
                              "INSERT INTO network_relation(id, doc_ct, case_id, from_person, "
                              "to_person, since_day, until_day, type, confidence, recorded_by, "
                              "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                              "PabCDxyun",
                              NR_SEL "WHERE r.case_id = ?1 ORDER BY r.recorded_at, r.id "
                                     "LIMIT 10001",
                              NULL, NULL},
    [STORE_CASE_NASSESSMENT] = {"network_assessment",
                                "INSERT INTO network_assessment(id, doc_ct, case_id, person_id, "
                                "assessed_day, concern, assessor_id, created_at) VALUES (?1, ?2, "
                                "?3, ?4, ?5, ?6, ?7, ?8)",
                                "Pabxun",
                                NA_SEL "WHERE a.case_id = ?1 ORDER BY a.created_at, a.id "
                                       "LIMIT 5001",
                                NULL, NULL},
};

/* The state herbeoordeling is stored as 'evaluatie', the code migration 6 gave it (a CHECK
 * cannot be changed without rebuilding a table that others reference); the two statements
 * above translate, so no other code sees 'evaluatie'. */

/* ---- the case row ----------------------------------------------------------------------------- */

static int read_case(sqlite3_stmt *s, struct store_case *c, struct err *e)
{
    size_t len = 0;
    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(s, 0);
    c->signal_id = sqlite3_column_int64(s, 1);
    c->municipality_id = sqlite3_column_int64(s, 2);
    c->group_id = sqlite3_column_int64(s, 3);
    c->casusregisseur_id = sqlite3_column_int64(s, 4);
    c->first_overleg_day = sqlite3_column_int64(s, 5);
    c->next_review_day = sqlite3_column_int64(s, 6);
    c->flags = sqlite3_column_int64(s, 7);
    c->state_at = sqlite3_column_int64(s, 8);
    c->closed_day = sqlite3_column_int64(s, 9);
    c->retention_until_day = sqlite3_column_int64(s, 10);
    c->created_at = sqlite3_column_int64(s, 11);
    return store__col_text(s, 12, c->state, sizeof(c->state), &len, e);
}

static int case_list(struct store *st, const char *sql, const char *op, int64_t k1, int64_t k2,
                     struct store_case *out, size_t cap, size_t *out_n, struct err *e)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, k1, e);
    if (rc == 0 && sqlite3_bind_parameter_count(s) >= 2)
        rc = store__bind_i64(st, s, 2, k2, e);
    while (rc == 0 && (rc = store__step(st, s, op, e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel casussen");
            break;
        }
        rc = read_case(s, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_case_get(struct store *st, int64_t id, struct store_case *out, struct err *e)
{
    size_t n = 0;
    int rc = case_list(st, SQL_CASE_GET, "pga_case.get", id, 0, out, 1, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, ERR_NOTFOUND, "casus niet gevonden");
    return rc;
}

int store_case_due(struct store *st, int64_t municipality_id, int64_t day, struct store_case *out,
                   size_t cap, size_t *out_n, struct err *e)
{
    return case_list(st, SQL_CASE_DUE, "pga_case.due", municipality_id, day, out, cap, out_n, e);
}

int store_case_list(struct store *st, int64_t municipality_id, int64_t participant_org_id,
                    struct store_case *out, size_t cap, size_t *out_n, struct err *e)
{
    if (municipality_id)
        return case_list(st, SQL_CASE_BY_MUNI, "pga_case.list", municipality_id, 0, out, cap,
                         out_n, e);
    return case_list(st, SQL_CASE_BY_PART, "pga_case.list", participant_org_id, 0, out, cap,
                     out_n, e);
}

static int update_case(struct store *st, const char *sql, const char *op, const int64_t *v,
                       size_t n, const char *text, int text_idx, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((int)i + 1 != text_idx)
            rc = store__bind_i64(st, s, (int)i + 1, v[i], e);
    if (rc == 0 && text)
        rc = store__bind_text(st, s, text_idx, str_from_cstr(text), e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "casus niet gevonden");
    return rc;
}

int store_case_set_state(struct store *st, int64_t id, const char *state, int64_t closed_day,
                         int64_t retention_until_day, struct err *e)
{
    const int64_t v[] = {id, 0, clock_now_ms(), closed_day, retention_until_day};
    return update_case(st, SQL_CASE_STATE, "pga_case.state", v, ARRAY_LEN(v), state, 2, e);
}

int store_case_set_flags(struct store *st, int64_t id, int64_t flags, struct err *e)
{
    const int64_t v[] = {id, flags};
    return update_case(st, SQL_CASE_FLAGS, "pga_case.flags", v, ARRAY_LEN(v), NULL, 0, e);
}

int store_case_set_review(struct store *st, int64_t id, int64_t next_review_day, struct err *e)
{
    const int64_t v[] = {id, next_review_day};
    return update_case(st, SQL_CASE_REVIEW, "pga_case.review", v, ARRAY_LEN(v), NULL, 0, e);
}

int store_case_transfer(struct store *st, int64_t id, int64_t municipality_id,
                        int64_t casusregisseur_id, struct err *e)
{
    const int64_t v[] = {id, municipality_id, casusregisseur_id};
    return update_case(st, SQL_CASE_TRANSFER, "pga_case.transfer", v, ARRAY_LEN(v), NULL, 0, e);
}

/* ---- rows ------------------------------------------------------------------------------------- */

struct layout_ctx {
    const struct store_row *r;
    const char *layout;
    const char *domain;
};

static int bind_layout(struct store *st, sqlite3_stmt *s, const void *ctx, struct err *e)
{
    const struct layout_ctx *c = ctx;
    const struct store_row *r = c->r;
    int rc = 0, idx = 3;
    for (const char *p = c->layout; rc == 0 && *p; p++, idx++) {
        switch (*p) {
        case 'P': rc = store__bind_i64(st, s, idx, r->meeting_id, e); break;
        case 'I': rc = store__bind_i64(st, s, idx, r->item_id, e); break;
        case 'a': rc = store__bind_i64(st, s, idx, r->a, e); break;
        case 'b': rc = store__bind_i64(st, s, idx, r->b, e); break;
        case 'A': rc = store__bind_opt_i64(st, s, idx, r->a, e); break;
        case 'B': rc = store__bind_opt_i64(st, s, idx, r->b, e); break;
        case 'C': rc = store__bind_opt_i64(st, s, idx, r->c, e); break;
        case 'D': rc = store__bind_opt_i64(st, s, idx, r->d, e); break;
        case 'x': rc = store__bind_text(st, s, idx, str_from_cstr(r->code), e); break;
        case 'y': rc = store__bind_text(st, s, idx, str_from_cstr(r->code2), e); break;
        case 'z': rc = store__bind_text(st, s, idx, str_from_cstr(r->code3), e); break;
        case 'Z': rc = store__bind_opt_text(st, s, idx, r->code3, e); break;
        case 'm': rc = store__bind_text(st, s, idx, str_from_cstr(c->domain ? c->domain : ""), e); break;
        case 'u': rc = store__bind_i64(st, s, idx, r->by, e); break;
        case 'n': rc = store__bind_i64(st, s, idx, clock_now_ms(), e); break;
        default: rc = err_internal(e, ERR_DB, "case layout: bad code"); break;
        }
    }
    return rc;
}

int store_case_add(struct store *st, enum store_case_kind k, const struct store_row *in,
                   const char *domain, int64_t *out_id, struct err *e)
{
    if ((unsigned)k >= STORE_CASE_KIND_COUNT)
        return err_internal(e, ERR_DB, "case kind out of range");
    const struct kind_sql *q = &KINDS[k];
    struct layout_ctx c = {in, q->layout, domain};
    return store__insert_row(st, in->group_id, q->insert, q->table,
                             (struct str){in->doc, in->doc_len}, bind_layout, &c, out_id, e);
}

int store_case_rows(struct store *st, enum store_case_kind k, int64_t case_id,
                    struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    if ((unsigned)k >= STORE_CASE_KIND_COUNT)
        return err_internal(e, ERR_DB, "case kind out of range");
    return store__list_rows(st, KINDS[k].list, KINDS[k].table, KINDS[k].table, case_id, 0, out,
                            cap, out_n, e);
}

int store_case_row(struct store *st, enum store_case_kind k, int64_t id, struct store_row *out,
                   struct err *e)
{
    size_t n = 0;
    if ((unsigned)k >= STORE_CASE_KIND_COUNT || KINDS[k].get == NULL)
        return err_internal(e, ERR_DB, "case kind has no get");
    int rc = store__list_rows(st, KINDS[k].get, KINDS[k].table, KINDS[k].table, id, 0, out, 1,
                              &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, ERR_NOTFOUND, "niet gevonden");
    return rc;
}

int store_case_update(struct store *st, enum store_case_kind k, const struct store_row *r,
                      struct err *e)
{
    if ((unsigned)k >= STORE_CASE_KIND_COUNT || KINDS[k].update == NULL)
        return err_internal(e, ERR_DB, "case kind has no update");
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    sqlite3_stmt *s = NULL;
    int rc = store__group_key(st, r->group_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, KINDS[k].table, r->id, (struct str){r->doc, r->doc_len}, &ct,
                             &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, KINDS[k].update, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, r->id, e);
    int64_t now = clock_now_ms();
    if (rc == 0 && k == STORE_CASE_TASK) {
        const int64_t v[] = {r->a, r->b, r->c, r->d};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 2, e);
        if (rc == 0)
            rc = store__bind_text(st, s, 6, str_from_cstr(r->code2), e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 7, ct, ctn, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 8, r->by, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 9, now, e);
    } else if (rc == 0 && k == STORE_CASE_MEASURE) {
        const int64_t v[] = {r->a, r->b, r->c};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 2, e);
        if (rc == 0)
            rc = store__bind_text(st, s, 5, str_from_cstr(r->code2), e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 6, ct, ctn, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 7, r->by, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 8, now, e);
    } else if (rc == 0) {
        const int64_t v[] = {r->b, r->c};
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 2, e);
        if (rc == 0)
            rc = store__bind_text(st, s, 4, str_from_cstr(r->code), e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 5, ct, ctn, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 6, now, e);
    }
    if (rc == 0)
        rc = store__step_done(st, s, KINDS[k].table, e);
    store__done(s);
    free(ct);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "niet gevonden");
    return rc;
}

int store_case_tasks_for(struct store *st, int64_t owner_id, int64_t municipality_id,
                         int64_t today, struct store_row *out, size_t cap, size_t *out_n,
                         struct err *e)
{
    sqlite3_stmt *s = NULL;
    const int64_t v[] = {owner_id, municipality_id, today};
    *out_n = 0;
    int rc = store__stmt(st, SQL_TASKS_FOR, &s, e);
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 1, e);
    if (rc == 0)
        rc = store__read_rows(st, s, "case_task", "case_task.for", out, cap, out_n, e);
    store__done(s);
    return rc;
}

int store_network_person_of(struct store *st, int64_t person_id, struct store_row *out,
                            struct err *e)
{
    size_t n = 0;
    int rc = store__list_rows(st, SQL_NP_OF, "network_person", "network_person.of", person_id, 0,
                              out, 1, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, ERR_NOTFOUND, "niet gevonden");
    return rc;
}

int store_person_twins(struct store *st, int64_t person_id, struct store_twin *out, size_t cap,
                       size_t *out_n, struct err *e)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_TWINS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, person_id, e);
    while (rc == 0 && (rc = store__step(st, s, "person.twins", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel treffers");
            break;
        }
        out[n].person_id = sqlite3_column_int64(s, 0);
        out[n].case_id = sqlite3_column_int64(s, 1);
        n++;
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_network_overlap(struct store *st, int64_t *out, struct err *e)
{
    sqlite3_stmt *s = NULL;
    *out = 0;
    int rc = store__stmt(st, SQL_OVERLAP, &s, e);
    if (rc == 0)
        rc = store__step(st, s, "network.overlap", e);
    if (rc == 1) {
        *out = sqlite3_column_int64(s, 0);
        rc = 0;
    }
    store__done(s);
    return rc;
}
