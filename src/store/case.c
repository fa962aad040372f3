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
    "next_review_day <= ?2) ORDER BY first_overleg_day, id LIMIT 501"; /* STORE_CASE_DUE_MAX + 1 */
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
    "GROUP BY match_key HAVING min(case_id) != max(case_id)) AS m";

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

static int read_case(store_stmt *s, struct store_case *c, struct err *e)
{
    size_t len = 0;
    memset(c, 0, sizeof(*c));
    c->id = store__col_i64(s, 0);
    c->signal_id = store__col_i64(s, 1);
    c->municipality_id = store__col_i64(s, 2);
    c->group_id = store__col_i64(s, 3);
    c->casusregisseur_id = store__col_i64(s, 4);
    c->first_overleg_day = store__col_i64(s, 5);
    c->next_review_day = store__col_i64(s, 6);
    c->flags = store__col_i64(s, 7);
    c->state_at = store__col_i64(s, 8);
    c->closed_day = store__col_i64(s, 9);
    c->retention_until_day = store__col_i64(s, 10);
    c->created_at = store__col_i64(s, 11);
    return store__col_text(s, 12, c->state, sizeof(c->state), &len, e);
}

static int case_list(struct store *st, const char *sql, const char *op, int64_t k1, int64_t k2,
                     struct store_case *out, size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, k1, e);
    if (rc == 0 && store__param_count(s) >= 2)
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

static int update_case(struct store *st, const char *sql, const char *op, const int64_t *v,
                       size_t n, const char *text, int text_idx, struct err *e)
{
    store_stmt *s = NULL;
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

static int bind_layout(struct store *st, store_stmt *s, const void *ctx, struct err *e)
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

/* LIMIT is STORE_CASE_PARTS_MAX. In index order (a set): ORDER BY would build a temporary
 * b-tree for every access check instead of reading the covering index. */
static const char SQL_PART_ORGS[] = "SELECT org_id FROM case_participant WHERE case_id = ?1 "
                                    "LIMIT 64";

int store_case_participant_orgs(struct store *st, int64_t case_id,
                                int64_t out[STORE_CASE_PARTS_MAX], size_t *out_n, struct err *e)
{
    _Static_assert(STORE_CASE_PARTS_MAX == 64, "SQL_PART_ORGS's LIMIT");
    return store__id_list(st, SQL_PART_ORGS, "case_participant.orgs", case_id, out,
                          STORE_CASE_PARTS_MAX, out_n, e);
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
    store_stmt *s = NULL;
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
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_TWINS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, person_id, e);
    while (rc == 0 && (rc = store__step(st, s, "person.twins", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel treffers");
            break;
        }
        out[n].person_id = store__col_i64(s, 0);
        out[n].case_id = store__col_i64(s, 1);
        n++;
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_network_overlap(struct store *st, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    *out = 0;
    int rc = store__stmt(st, SQL_OVERLAP, &s, e);
    if (rc == 0)
        rc = store__step(st, s, "network.overlap", e);
    if (rc == 1) {
        *out = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    return rc;
}

/* ---- paged lists: the case list and the work list (GET /api/cases, GET /api/worklist) -------- */

/* The case list's filter: ?1 all, ?2 municipality, ?3 participant org, ?4 state ('' any; the
 * app's name herbeoordeling), ?5 flag mask (0 any). */
#define CASE_PAGE_WHERE                                                                            \
    " FROM pga_case c WHERE c.state != 'vernietigd' AND (?1 = 1 OR c.municipality_id = ?2 OR "     \
    "EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = c.id AND p.org_id = ?3)) AND "     \
    "(?4 = '' OR (CASE c.state WHEN 'evaluatie' THEN 'herbeoordeling' ELSE c.state END) = ?4) "    \
    "AND (?5 = 0 OR (c.flags & ?5) != 0)"
static const char SQL_CASE_PAGE_COUNT[] = "SELECT count(*)" CASE_PAGE_WHERE;
/* ?6 today (overdue tasks), ?7 limit, ?8 offset. Newest first (created_at, then id). The page's
 * ids first, so that the per-case subqueries run for its rows only. */
static const char SQL_CASE_PAGE[] =
    "WITH pg AS (SELECT c.id AS pid, c.created_at AS pcreated" CASE_PAGE_WHERE
    " ORDER BY c.created_at DESC, c.id LIMIT ?7 OFFSET ?8) "
    "SELECT " CASE_COLS ", (SELECT s.reference FROM signal s WHERE s.id = c.signal_id), "
    "CASE WHEN EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = c.id AND p.org_id = ?3) "
    "THEN 1 ELSE 0 END, "
    "(SELECT count(*) FROM case_task t WHERE t.case_id = c.id AND t.state = 'open'), "
    "(SELECT count(*) FROM case_task t WHERE t.case_id = c.id AND t.state = 'open' AND "
    "t.due_day > 0 AND t.due_day < ?6) FROM pg JOIN pga_case c ON c.id = pg.pid "
    "ORDER BY pg.pcreated DESC, pg.pid";
static const char SQL_CASE_FLAG_SINCE[] =
    "SELECT code, decided_day FROM case_event WHERE case_id = ?1 AND kind = 'flag' AND "
    "on_off = 1 ORDER BY created_at, id LIMIT 1001";

/* The work list's rows: ?1 owner, ?2 municipality whose overdue tasks are escalated (0: none),
 * ?3 today, ?4 all cases visible, ?5 visible municipality, ?6 visible participant org. Three
 * branches, so that each uses its index: the owner's tasks (case_task_owner), the
 * municipality's overdue tasks of other owners (pga_case_municipality), the owner's actions
 * (meeting_action_owner). */
#define WL_VISIBLE                                                                                 \
    " AND c.state != 'vernietigd' AND (?4 = 1 OR c.municipality_id = ?5 OR EXISTS (SELECT 1 "      \
    "FROM case_participant p WHERE p.case_id = c.id AND p.org_id = ?6))"
#define WL_OWN                                                                                     \
    " FROM case_task t JOIN pga_case c ON c.id = t.case_id WHERE t.owner_id = ?1 AND t.state = "   \
    "'open'" WL_VISIBLE
#define WL_ESCALATED                                                                               \
    " FROM pga_case c JOIN case_task t ON t.case_id = c.id WHERE c.municipality_id = ?2 AND "      \
    "t.state = 'open' AND t.due_day < ?3 AND (t.owner_id IS NULL OR t.owner_id != ?1)" WL_VISIBLE
#define WL_ACTION " FROM meeting_action a WHERE a.owner_id = ?1 AND a.status = 'open'"
#define WL_REF "(SELECT s.reference FROM signal s WHERE s.id = c.signal_id)"
/* The counts: of each branch all rows and those with a due day (the list's first part). The
 * SQL here is written to mean the same in SQLite and PostgreSQL (docs/postgres-port.md): every
 * subquery in FROM has an alias, a count of a condition is a sum of CASE, a yes/no column is
 * CASE WHEN ... THEN 1 ELSE 0 END. */
#define WL_DUE_CT(x) "coalesce(sum(CASE WHEN " x ".due_day > 0 THEN 1 ELSE 0 END), 0)"
static const char SQL_WL_COUNT[] =
    "SELECT o.n, o.d, x.n, x.d, m.n, m.d FROM (SELECT count(*) AS n, " WL_DUE_CT("t") " AS d" WL_OWN
    ") o, (SELECT count(*) AS n, " WL_DUE_CT("t") " AS d" WL_ESCALATED ") x, (SELECT count(*) "
    "AS n, " WL_DUE_CT("a") " AS d" WL_ACTION ") m";
/* The order: due first (by day; none last), tasks before actions on a day, then case reference,
 * code, id. The list is read in two parts, the rows with a due day and those without, each a
 * page of its own (?7 limit, ?8 offset); the second only when the first does not fill the page.
 * In each part every branch is first cut at ?9 (offset + limit) rows in its own order, so that
 * a page near the top reads that many rows of the owner's tasks in the order of case_task_owner
 * (owner, state, due day), not all of them: the sort of the rest of the key stops early. */
#define WL_KEYS_DUE                                                                                \
    "SELECT * FROM (SELECT 0 AS kind, t.id AS id, 0 AS esc, t.due_day AS due, " WL_REF " AS ref, " \
    "t.code AS code" WL_OWN " AND t.due_day > 0 ORDER BY due, ref, code, id LIMIT ?9) AS b0 "      \
    "UNION ALL "                                                                                   \
    "SELECT * FROM (SELECT 0 AS kind, t.id AS id, 1 AS esc, t.due_day AS due, " WL_REF " AS ref, " \
    "t.code AS code" WL_ESCALATED " AND t.due_day > 0 ORDER BY due, ref, code, id LIMIT ?9) AS b1 " \
    "UNION ALL SELECT * FROM (SELECT 1 AS kind, a.id AS id, 0 AS esc, a.due_day AS due, '' AS "    \
    "ref, '' AS code" WL_ACTION " AND a.due_day > 0 ORDER BY due, id LIMIT ?9) AS b2"
/* Without a due day: the escalated branch has none (it asks for due_day < today). */
#define WL_KEYS_NONE                                                                               \
    "SELECT * FROM (SELECT 0 AS kind, t.id AS id, 0 AS esc, 0 AS due, " WL_REF " AS ref, t.code "  \
    "AS code" WL_OWN " AND coalesce(t.due_day, 0) <= 0 ORDER BY ref, code, id LIMIT ?9) AS b0 "   \
    "UNION ALL "                                                                                   \
    "SELECT * FROM (SELECT 1 AS kind, a.id AS id, 0 AS esc, 0 AS due, '' AS ref, '' AS code"      \
    WL_ACTION " AND a.due_day <= 0 ORDER BY id LIMIT ?9) AS b2"
/* Then the page's rows: tasks in case.h's row layout, actions in meeting.h's, then: kind (0
 * task, 1 action), escalated, the case's municipality, participant (?6 takes part), the case's
 * signal and its reference, and the sort keys. */
#define WL_ROWS                                                                                    \
    " w ORDER BY w.due, w.kind, w.ref, w.code, w.id LIMIT ?7 OFFSET ?8) "                          \
    "SELECT t.id, t.case_id, 0, c.group_id, coalesce(t.owner_id, 0), coalesce(t.owner_org_id, "    \
    "0), coalesce(t.due_day, 0), coalesce(t.done_day, 0), t.updated_by, t.updated_at, t.code, "    \
    "t.state, coalesce(t.flag, ''), t.doc_ct, pg.kind, pg.esc, c.municipality_id, CASE WHEN "      \
    "EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = c.id AND p.org_id = ?6) THEN 1 "   \
    "ELSE 0 END, c.signal_id, "                                                                    \
    "pg.ref, pg.due, pg.code, pg.id FROM pg JOIN case_task t ON t.id = pg.id JOIN "                \
    "pga_case c ON c.id = t.case_id WHERE pg.kind = 0 "                                            \
    "UNION ALL SELECT a.id, a.meeting_id, a.item_id, i.group_id, a.owner_id, a.owner_org_id, "     \
    "a.due_day, a.municipality_id, a.updated_by, a.updated_at, a.status, '', '', a.doc_ct, "       \
    "pg.kind, 0, 0, 0, 0, '', pg.due, pg.code, pg.id FROM pg JOIN meeting_action a "               \
    "ON a.id = pg.id JOIN agenda_item i ON i.id = a.item_id WHERE pg.kind = 1 "                    \
    "ORDER BY 21, 15, 20, 22, 23"
static const char SQL_WL_PAGE_DUE[] = "WITH pg AS (SELECT * FROM (" WL_KEYS_DUE ")" WL_ROWS;
static const char SQL_WL_PAGE_NONE[] = "WITH pg AS (SELECT * FROM (" WL_KEYS_NONE ")" WL_ROWS;

static int bind_i64s(struct store *st, store_stmt *s, const int64_t *v, size_t n, struct err *e)
{
    int rc = 0;
    int np = store__param_count(s);
    for (size_t i = 0; rc == 0 && i < n && (int)i < np; i++)
        rc = store__bind_i64(st, s, (int)i + 1, v[i], e);
    return rc;
}

/* Binds ?1..?8 of the case page statements (only those the statement has). */
static int bind_case_page(struct store *st, store_stmt *s, const struct store_case_page_q *q,
                          struct err *e)
{
    const int64_t v[] = {q->all ? 1 : 0, q->municipality_id, q->participant_org_id};
    int rc = bind_i64s(st, s, v, ARRAY_LEN(v), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(q->state ? q->state : ""), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, q->flag_mask, e);
    if (rc == 0 && store__param_count(s) >= 8) {
        const int64_t w[] = {q->today, q->limit, q->offset};
        for (int i = 0; rc == 0 && i < 3; i++)
            rc = store__bind_i64(st, s, 6 + i, w[i], e);
    }
    return rc;
}

int store_case_page(struct store *st, const struct store_case_page_q *q,
                    struct store_case_item *out, size_t cap, size_t *out_n, int64_t *out_total,
                    struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    *out_n = 0;
    *out_total = 0;
    if (q->limit < 1 || q->limit > 500 || (size_t)q->limit > cap || q->offset < 0)
        return err_internal(e, ERR_INVAL, "case_page: bad paging");
    int rc = store__stmt(st, SQL_CASE_PAGE_COUNT, &s, e);
    if (rc == 0)
        rc = bind_case_page(st, s, q, e);
    if (rc == 0 && (rc = store__step(st, s, "pga_case.page_count", e)) == 1) {
        *out_total = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    s = NULL;
    if (rc == 0)
        rc = store__stmt(st, SQL_CASE_PAGE, &s, e);
    if (rc == 0)
        rc = bind_case_page(st, s, q, e);
    while (rc == 0 && (rc = store__step(st, s, "pga_case.page", e)) == 1) {
        if (n == cap) {
            rc = err_internal(e, ERR_DB, "case_page: more rows than the limit");
            break;
        }
        struct store_case_item *it = &out[n];
        memset(it, 0, sizeof(*it));
        rc = read_case(s, &it->c, e);
        if (rc == 0)
            rc = store__col_text(s, 13, it->reference, sizeof(it->reference), &len, e);
        if (rc != 0)
            break;
        it->participant = store__col_i64(s, 14) != 0;
        it->open_tasks = store__col_i64(s, 15);
        it->overdue_tasks = store__col_i64(s, 16);
        n++;
    }
    store__done(s);
    *out_n = rc == 0 ? n : 0;
    return rc;
}

int store_case_flag_since(struct store *st, int64_t case_id, struct store_flag_since *out,
                          size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    *out_n = 0;
    int rc = store__stmt(st, SQL_CASE_FLAG_SINCE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, case_id, e);
    while (rc == 0 && (rc = store__step(st, s, "case_event.flag_since", e)) == 1) {
        char code[STORE_CODE_MAX + 1];
        rc = store__col_text(s, 0, code, sizeof(code), &len, e);
        if (rc != 0)
            break;
        int64_t day = store__col_i64(s, 1);
        size_t k = 0;
        while (k < n && strcmp(out[k].code, code) != 0)
            k++;
        if (k == n) {
            if (n == cap)
                continue; /* more distinct flags than the caller knows: not one of its flags */
            memcpy(out[n].code, code, sizeof(code));
            n++;
        }
        out[k].day = day; /* the latest switch-on wins (ordered by time) */
    }
    store__done(s);
    *out_n = rc == 0 ? n : 0;
    return rc;
}

/* Runs one part's page statement (?1..?9 bound from v) and appends its rows to out[*n..cap). */
static int worklist_rows(struct store *st, const char *sql, const int64_t v[9],
                         struct store_work_item *out, size_t cap, size_t *n, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    int64_t key_group = 0;
    size_t len = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = bind_i64s(st, s, v, 9, e);
    while (rc == 0 && (rc = store__step(st, s, "worklist.page", e)) == 1) {
        if (*n == cap) {
            rc = err_internal(e, ERR_DB, "worklist_page: more rows than the limit");
            break;
        }
        struct store_work_item *it = &out[*n];
        struct store_row *r = &it->r;
        memset(it, 0, sizeof(*it));
        it->action = store__col_i64(s, 14) != 0;
        it->escalated = store__col_i64(s, 15) != 0;
        it->case_municipality_id = store__col_i64(s, 16);
        it->participant = store__col_i64(s, 17) != 0;
        it->signal_id = store__col_i64(s, 18);
        rc = store__row_cols(s, r, e); /* columns 0-12: the common row shape */
        if (rc == 0)
            rc = store__col_text(s, 19, it->reference, sizeof(it->reference), &len, e);
        /* One data key per group, kept while consecutive rows share it. */
        if (rc == 0 && key_group != r->group_id) {
            crypto_wipe(dk, sizeof(dk));
            key_group = 0;
            rc = store__group_key(st, r->group_id, dk, e);
            if (rc == 0)
                key_group = r->group_id;
        }
        if (rc == 0)
            rc = store__open_doc(dk, it->action ? "meeting_action" : "case_task", r->id, s, 13,
                                 &r->doc, &r->doc_len, e);
        if (rc != 0) {
            store_row_release(r);
            break;
        }
        (*n)++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

int store_worklist_page(struct store *st, const struct store_work_q *q, struct store_work_item *out,
                        size_t cap, size_t *out_n, int64_t *out_total, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int64_t due_rows = 0;
    *out_n = 0;
    *out_total = 0;
    if (q->limit < 1 || q->limit > 500 || (size_t)q->limit > cap || q->offset < 0 ||
        q->offset > INT64_MAX / 2)
        return err_internal(e, ERR_INVAL, "worklist_page: bad paging");
    int64_t v[] = {q->owner_id,        q->escalate_municipality_id, q->today, q->all ? 1 : 0,
                   q->municipality_id, q->participant_org_id,       q->limit, q->offset,
                   q->limit + q->offset};
    int rc = store__stmt(st, SQL_WL_COUNT, &s, e);
    if (rc == 0)
        rc = bind_i64s(st, s, v, ARRAY_LEN(v), e);
    if (rc == 0 && (rc = store__step(st, s, "worklist.count", e)) == 1) {
        for (int i = 0; i < 6; i += 2) {
            *out_total += store__col_i64(s, i);
            due_rows += store__col_i64(s, i + 1);
        }
        rc = 0;
    }
    store__done(s);
    /* The part with a due day, then (when the page reaches past it) the part without one. */
    if (rc == 0 && q->offset < due_rows)
        rc = worklist_rows(st, SQL_WL_PAGE_DUE, v, out, cap, &n, e);
    if (rc == 0 && n < (size_t)q->limit && q->offset + (int64_t)n < *out_total) {
        int64_t off = q->offset > due_rows ? q->offset - due_rows : 0;
        v[6] = q->limit - (int64_t)n;
        v[7] = off;
        v[8] = v[6] + off;
        rc = worklist_rows(st, SQL_WL_PAGE_NONE, v, out, cap, &n, e);
    }
    if (rc != 0)
        store_work_items_release(out, n);
    *out_n = rc == 0 ? n : 0;
    return rc;
}

void store_work_items_release(struct store_work_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        store_row_release(&items[i].r);
}
