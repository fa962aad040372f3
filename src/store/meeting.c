/* meeting.c: bodies, meetings, agenda items, invitations, attendance, minutes, decisions and
 * actions (see meeting.h). Every list query returns the same column shape (see ROW_COLS), so one
 * reader fills struct store_row for all of them and opens each document under its row's group. */
#include "core/common.h"

#include "core/clock.h"
#include "core/rand.h"
#include "store/meeting.h"
#include "store/store_int.h"

/* ---- SQL -------------------------------------------------------------------------------------- */

static const char SQL_BODY_ADD[] =
    "INSERT INTO overleg_body(id, municipality_id, kind, name, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_BODY_NAME[] = "UPDATE overleg_body SET name = ?2 WHERE id = ?1";
static const char SQL_BODY_GET[] =
    "SELECT id, municipality_id, kind, name FROM overleg_body WHERE id = ?1";
static const char SQL_BODY_LIST[] =
    "SELECT id, municipality_id, kind, name FROM overleg_body ORDER BY name, id";
static const char SQL_MEMBERS[] =
    "SELECT user_id FROM overleg_member WHERE body_id = ?1 ORDER BY user_id";
static const char SQL_MEMBERS_CLEAR[] = "DELETE FROM overleg_member WHERE body_id = ?1";
static const char SQL_MEMBER_ADD[] = "INSERT INTO overleg_member(body_id, user_id) VALUES (?1, ?2)";

#define MEETING_COLS                                                                             \
    "id, body_id, group_id, day, chair_id, secretary_id, coalesce(adopted_at, 0), "              \
    "coalesce(adopted_by, 0), coalesce(adopted_in, 0), coalesce(start_time, '')"
static const char SQL_MEETING_ADD[] =
    "INSERT INTO meeting(id, doc_ct, body_id, group_id, day, start_time, chair_id, secretary_id, "
    "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_MEETING_GET[] =
    "SELECT " MEETING_COLS ", doc_ct FROM meeting WHERE id = ?1";
static const char SQL_MEETING_LIST[] =
    "SELECT " MEETING_COLS " FROM meeting WHERE (?1 = 0 OR body_id = ?1) AND (?2 = 0 OR day >= ?2)"
    " AND (?3 = 0 OR day <= ?3) ORDER BY day, start_time, id LIMIT 2001";
static const char SQL_MEETING_ADOPT[] =
    "UPDATE meeting SET adopted_at = ?2, adopted_by = ?3, adopted_in = nullif(?4, 0) "
    "WHERE id = ?1 AND adopted_at IS NULL";
static const char SQL_MEETING_EXISTS[] = "SELECT id FROM meeting WHERE id = ?1";

/* The row shape: id, meeting_id, item_id, group_id, a, b, c, d, by, at, code, code2, code3,
 * doc_ct. */
static const char SQL_ITEM_ADD[] =
    "INSERT INTO agenda_item(id, doc_ct, meeting_id, group_id, signal_id, case_id, kind, "
    "created_by, created_at, position) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), nullif(?6, 0), ?7, "
    "?8, ?9, (SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?3))";
static const char SQL_ITEM_LIST[] =
    "SELECT id, meeting_id, 0, group_id, coalesce(signal_id, 0), coalesce(case_id, 0), position,"
    " 0, created_by, created_at, kind, '', '', doc_ct FROM agenda_item WHERE meeting_id = ?1 "
    "ORDER BY position LIMIT 1001";
static const char SQL_ITEM_COUNT[] = "SELECT count(*) FROM agenda_item WHERE meeting_id = ?1";
static const char SQL_ITEM_COUNTS[] =
    "SELECT (SELECT count(*) FROM item_invitation WHERE item_id = ?1),"
    " (SELECT count(*) FROM item_minutes WHERE item_id = ?1),"
    " (SELECT count(*) FROM decision WHERE item_id = ?1),"
    " (SELECT count(*) FROM meeting_action WHERE item_id = ?1)";

static const char SQL_INV_ADD[] =
    "INSERT INTO item_invitation(id, doc_ct, item_id, user_id, org_id, from_day, until_day, "
    "invited_by, invited_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_INV_LIST[] =
    "SELECT v.id, i.meeting_id, v.item_id, i.group_id, v.user_id, v.org_id, v.from_day, "
    "v.until_day, v.invited_by, v.invited_at, '', '', '', v.doc_ct FROM item_invitation v "
    "JOIN agenda_item i ON i.id = v.item_id WHERE i.meeting_id = ?1 ORDER BY i.position, v.id "
    "LIMIT 5001";
static const char SQL_INV_OF_USER[] =
    "SELECT v.id, i.meeting_id, v.item_id, i.group_id, v.user_id, v.org_id, v.from_day, "
    "v.until_day, v.invited_by, v.invited_at, '', '', '', NULL FROM item_invitation v "
    "JOIN agenda_item i ON i.id = v.item_id WHERE v.user_id = ?1 AND v.from_day <= ?2 "
    "AND v.until_day >= ?2 ORDER BY i.meeting_id, i.position LIMIT 5001";

static const char SQL_ATT_SET[] =
    "INSERT INTO attendance(meeting_id, user_id, org_id, status, recorded_by, recorded_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (meeting_id, user_id) DO UPDATE SET "
    "org_id = excluded.org_id, status = excluded.status, recorded_by = excluded.recorded_by, "
    "recorded_at = excluded.recorded_at";
static const char SQL_ATT_LIST[] =
    "SELECT 0, meeting_id, 0, 0, user_id, org_id, 0, 0, recorded_by, recorded_at, status, '', '',"
    " NULL FROM attendance WHERE meeting_id = ?1 ORDER BY user_id LIMIT 1001";

static const char SQL_MIN_DRAFT_ID[] =
    "SELECT id FROM item_minutes WHERE item_id = ?1 AND version = 1";
static const char SQL_MIN_DRAFT_UPD[] =
    "UPDATE item_minutes SET doc_ct = ?2, saved_by = ?3, saved_at = ?4 WHERE id = ?1 AND "
    "NOT EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
    "WHERE i.id = item_minutes.item_id AND m.adopted_at IS NOT NULL)";
static const char SQL_MIN_ADD[] =
    "INSERT INTO item_minutes(id, doc_ct, item_id, saved_by, saved_at, version) VALUES (?1, ?2, "
    "?3, ?4, ?5, (SELECT coalesce(max(version), 0) + 1 FROM item_minutes WHERE item_id = ?3))";
static const char SQL_MIN_VERSION[] = "SELECT version FROM item_minutes WHERE id = ?1";
static const char SQL_MIN_LIST[] =
    "SELECT n.id, i.meeting_id, n.item_id, i.group_id, n.version, 0, 0, 0, n.saved_by, "
    "n.saved_at, '', '', '', n.doc_ct FROM item_minutes n JOIN agenda_item i ON i.id = n.item_id "
    "WHERE i.meeting_id = ?1 ORDER BY i.position, n.version LIMIT 5001";

static const char SQL_DEC_ADD[] =
    "INSERT INTO decision(id, doc_ct, item_id, meeting_id, corrects, decided_day, type, rule, "
    "result, created_by, created_at, version) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, "
    "?9, ?10, ?11, coalesce((SELECT version + 1 FROM decision WHERE id = ?5), 1))";
static const char SQL_DEC_LIST[] =
    "SELECT d.id, d.meeting_id, d.item_id, i.group_id, d.version, coalesce(d.corrects, 0), "
    "d.decided_day, 0, d.created_by, d.created_at, d.type, d.rule, d.result, d.doc_ct "
    "FROM decision d JOIN agenda_item i ON i.id = d.item_id WHERE d.meeting_id = ?1 "
    "ORDER BY i.position, d.created_at, d.version, d.id LIMIT 5001";
static const char SQL_DEC_OF_CASE[] =
    "SELECT d.id, d.meeting_id, d.item_id, i.group_id, d.version, coalesce(d.corrects, 0), "
    "d.decided_day, 0, d.created_by, d.created_at, d.type, d.rule, d.result, d.doc_ct "
    "FROM decision d JOIN agenda_item i ON i.id = d.item_id WHERE i.case_id = ?1 OR "
    "(?2 != 0 AND i.signal_id = ?2) ORDER BY d.decided_day, d.created_at, d.version, d.id "
    "LIMIT 1001";

#define ACTION_SELECT                                                                            \
    "SELECT t.id, t.meeting_id, t.item_id, i.group_id, t.owner_id, t.owner_org_id, t.due_day, "  \
    "t.municipality_id, t.updated_by, t.updated_at, t.status, '', '', t.doc_ct FROM "            \
    "meeting_action t JOIN agenda_item i ON i.id = t.item_id "
static const char SQL_ACT_ADD[] =
    "INSERT INTO meeting_action(id, doc_ct, item_id, meeting_id, owner_id, owner_org_id, due_day,"
    " municipality_id, status, created_by, created_at, updated_by, updated_at) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11)";
static const char SQL_ACT_GET[] = ACTION_SELECT "WHERE t.id = ?1";
static const char SQL_ACT_UPD[] =
    "UPDATE meeting_action SET status = ?2, doc_ct = ?3, updated_by = ?4, updated_at = ?5 "
    "WHERE id = ?1";
static const char SQL_ACT_BY_MEETING[] =
    ACTION_SELECT "WHERE t.meeting_id = ?1 ORDER BY i.position, t.due_day, t.id LIMIT 5001";
static const char SQL_ACT_BY_OWNER[] =
    ACTION_SELECT "WHERE t.owner_id = ?1 ORDER BY t.due_day, t.id LIMIT 5001";
static const char SQL_ACT_BY_MUNI[] =
    ACTION_SELECT "WHERE t.municipality_id = ?1 ORDER BY t.due_day, t.id LIMIT 5001";


/* ---- bodies ----------------------------------------------------------------------------------- */

struct body_bind {
    int64_t muni, by;
    const char *kind;
    struct str name;
};

static int body_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct body_bind *b = ctx;
    int rc = store__bind_i64(st, s, 2, b->muni, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(b->kind), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, b->name, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, b->by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, clock_now_ms(), e);
    return rc;
}

int store_body_create(struct store *st, int64_t municipality_id, const char *kind, struct str name,
                      int64_t created_by, int64_t *out_id, struct err *e)
{
    struct body_bind b = {municipality_id, created_by, kind, name};
    int rc = store__check_name(name, 200, "name", e);
    if (rc == 0)
        rc = store__insert_sealed(st, SQL_BODY_ADD, "overleg_body.add", NULL, NULL, STR_NULL, 0,
                                  body_bind, &b, out_id, e);
    return rc;
}

int store_body_set_name(struct store *st, int64_t id, struct str name, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__check_name(name, 200, "name", e);
    if (rc == 0)
        rc = store__stmt(st, SQL_BODY_NAME, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, name, e);
    if (rc == 0)
        rc = store__step_done(st, s, "overleg_body.name", e);
    store__done(s);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "overleg niet gevonden");
    return rc;
}

static int read_body(store_stmt *s, struct store_body *b, struct err *e)
{
    size_t len = 0;
    memset(b, 0, sizeof(*b));
    b->id = store__col_i64(s, 0);
    b->municipality_id = store__col_i64(s, 1);
    int rc = store__col_text(s, 2, b->kind, sizeof(b->kind), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 3, b->name, sizeof(b->name), &len, e);
    return rc;
}

int store_body_get(struct store *st, int64_t id, struct store_body *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_BODY_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "overleg_body.get", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "overleg niet gevonden");
    else if (rc == 1)
        rc = read_body(s, out, e);
    store__done(s);
    return rc;
}

int store_body_list(struct store *st, struct store_body *out, size_t cap, size_t *out_n,
                    struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_BODY_LIST, &s, e);
    while (rc == 0 && (rc = store__step(st, s, "overleg_body.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel overlegvormen");
            break;
        }
        rc = read_body(s, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_body_members(struct store *st, int64_t body_id, int64_t *out, size_t cap, size_t *out_n,
                       struct err *e)
{
    return store__id_list(st, SQL_MEMBERS, "overleg_member.list", body_id, out, cap, out_n, e);
}

int store_body_set_members(struct store *st, int64_t body_id, const int64_t *users, size_t n,
                           struct err *e)
{
    int rc = store__exec_ids(st, SQL_MEMBERS_CLEAR, "overleg_member.clear", body_id, 0, 0, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__exec_ids(st, SQL_MEMBER_ADD, "overleg_member.add", body_id, users[i], 0, e);
    return rc;
}

/* ---- meetings --------------------------------------------------------------------------------- */

struct meeting_bind {
    const struct store_meeting_in *in;
    int64_t group_id;
};

static int meeting_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct meeting_bind *b = ctx;
    int rc = store__bind_i64(st, s, 3, b->in->body_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, b->group_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, b->in->day, e);
    if (rc == 0)
        rc = store__bind_opt_text(st, s, 6, b->in->start_time, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, b->in->chair_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, b->in->secretary_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, b->in->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, clock_now_ms(), e);
    return rc;
}

int store_meeting_create(struct store *st, const struct store_meeting_in *in, int64_t *out_id,
                         struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    struct meeting_bind b = {in, 0};
    int rc = store_group_new(st, &b.group_id, e);
    if (rc == 0)
        rc = store__group_key(st, b.group_id, dk, e);
    if (rc == 0)
        rc = store__insert_sealed(st, SQL_MEETING_ADD, "meeting.add", dk, "meeting", in->doc, 2,
                                  meeting_bind, &b, out_id, e);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

static int read_meeting(struct store *st, store_stmt *s, bool with_doc, struct store_meeting *m,
                        struct err *e)
{
    size_t len = 0;
    memset(m, 0, sizeof(*m));
    m->id = store__col_i64(s, 0);
    m->body_id = store__col_i64(s, 1);
    m->group_id = store__col_i64(s, 2);
    m->day = store__col_i64(s, 3);
    m->chair_id = store__col_i64(s, 4);
    m->secretary_id = store__col_i64(s, 5);
    m->adopted_at = store__col_i64(s, 6);
    m->adopted_by = store__col_i64(s, 7);
    m->adopted_in = store__col_i64(s, 8);
    int rc = store__col_text(s, 9, m->start_time, sizeof(m->start_time), &len, e);
    if (rc == 0 && with_doc) {
        uint8_t dk[CRYPTO_KEY_BYTES];
        rc = store__group_key(st, m->group_id, dk, e);
        if (rc == 0)
            rc = store__open_doc(dk, "meeting", m->id, s, 10, &m->doc, &m->doc_len, e);
        crypto_wipe(dk, sizeof(dk));
    }
    return rc;
}

int store_meeting_get(struct store *st, int64_t id, bool with_doc, struct store_meeting *out,
                      struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_MEETING_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "meeting.get", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "overleg niet gevonden");
    else if (rc == 1)
        rc = read_meeting(st, s, with_doc, out, e);
    store__done(s);
    if (rc != 0)
        store_meeting_release(out);
    return rc;
}

void store_meeting_release(struct store_meeting *m)
{
    if (m == NULL)
        return;
    store_doc_free(m->doc, m->doc_len);
    m->doc = NULL;
    m->doc_len = 0;
}

int store_meeting_list(struct store *st, int64_t body_id, int64_t from_day, int64_t to_day,
                       struct store_meeting *out, size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_MEETING_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, body_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, from_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, to_day, e);
    while (rc == 0 && (rc = store__step(st, s, "meeting.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel overleggen in deze periode");
            break;
        }
        rc = read_meeting(st, s, false, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_meeting_adopt(struct store *st, int64_t id, int64_t by, int64_t in_meeting,
                        struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_MEETING_ADOPT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, in_meeting, e);
    if (rc == 0)
        rc = store__step_done(st, s, "meeting.adopt", e);
    store__done(s);
    if (rc == 0 && store__changes(st) == 0) {
        int64_t found = 0;
        rc = store__single_i64(st, SQL_MEETING_EXISTS, "meeting.exists", id, &found, e);
        rc = rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "overleg niet gevonden")
                                : rc ? rc : err_set(e, ERR_CONFLICT, "al vastgesteld");
    }
    return rc;
}

/* ---- rows ------------------------------------------------------------------------------------- */







static int item_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->meeting_id, r->group_id, r->a, r->b};
    int rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 7, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, r->by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, clock_now_ms(), e);
    return rc;
}

int store_item_add(struct store *st, const struct store_row *in, int64_t *out_id, struct err *e)
{
    return store__insert_row(st, in->group_id, SQL_ITEM_ADD, "agenda_item",
                      (struct str){in->doc, in->doc_len}, item_bind, in, out_id, e);
}

int store_item_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                    size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_ITEM_LIST, "agenda_item", "agenda_item.list", meeting_id, 0, out,
                     cap, out_n, e);
}

static int inv_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->item_id, r->a, r->b, r->c, r->d, r->by, clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}

int store_invitation_add(struct store *st, const struct store_row *in, int64_t *out_id,
                         struct err *e)
{
    return store__insert_row(st, in->group_id, SQL_INV_ADD, "item_invitation",
                      (struct str){in->doc, in->doc_len}, inv_bind, in, out_id, e);
}

int store_invitation_list(struct store *st, int64_t meeting_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_INV_LIST, "item_invitation", "item_invitation.list", meeting_id, 0,
                     out, cap, out_n, e);
}

int store_invitations_of_user(struct store *st, int64_t user_id, int64_t day,
                              struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_INV_OF_USER, "item_invitation", "item_invitation.of_user", user_id,
                     day, out, cap, out_n, e);
}

int store_attendance_set(struct store *st, int64_t meeting_id, int64_t user_id, int64_t org_id,
                         const char *status, int64_t by, struct err *e)
{
    store_stmt *s = NULL;
    const int64_t v[] = {meeting_id, user_id, org_id};
    int rc = store__stmt(st, SQL_ATT_SET, &s, e);
    if (rc == 0)
        rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 1, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(status), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "attendance.set", e);
    store__done(s);
    return rc;
}

int store_attendance_list(struct store *st, int64_t meeting_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_ATT_LIST, "attendance", "attendance.list", meeting_id, 0, out, cap,
                     out_n, e);
}

struct min_bind {
    int64_t item_id, by;
};

static int min_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct min_bind *b = ctx;
    const int64_t v[] = {b->item_id, b->by, clock_now_ms()};
    return store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
}


int store_minutes_save_draft(struct store *st, int64_t item_id, int64_t group_id, int64_t by,
                             struct str doc, struct err *e)
{
    int64_t id = 0;
    int rc = store__single_i64(st, SQL_MIN_DRAFT_ID, "item_minutes.draft", item_id, &id, e);
    if (rc == ERR_NOTFOUND) {
        struct min_bind b = {item_id, by};
        return store__insert_row(st, group_id, SQL_MIN_ADD, "item_minutes", doc, min_bind, &b, &id, e);
    }
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    if (rc == 0)
        rc = store__group_key(st, group_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, "item_minutes", id, doc, &ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, SQL_MIN_DRAFT_UPD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, ct, ctn, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "item_minutes.draft", e);
    store__done(s);
    free(ct);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_CONFLICT, "de notulen zijn vastgesteld");
    return rc;
}

int store_minutes_add_version(struct store *st, int64_t item_id, int64_t group_id, int64_t by,
                              struct str doc, int64_t *out_version, struct err *e)
{
    struct min_bind b = {item_id, by};
    int64_t id = 0;
    int rc = store__insert_row(st, group_id, SQL_MIN_ADD, "item_minutes", doc, min_bind, &b, &id, e);
    if (rc == 0)
        rc = store__single_i64(st, SQL_MIN_VERSION, "item_minutes.version", id, out_version, e);
    return rc;
}

int store_minutes_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_MIN_LIST, "item_minutes", "item_minutes.list", meeting_id, 0, out,
                     cap, out_n, e);
}

static int dec_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->item_id, r->meeting_id, r->b, r->c};
    int rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 7, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 8, str_from_cstr(r->code2), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 9, str_from_cstr(r->code3), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, r->by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 11, clock_now_ms(), e);
    return rc;
}

int store_decision_add(struct store *st, const struct store_row *in, int64_t *out_id,
                       struct err *e)
{
    return store__insert_row(st, in->group_id, SQL_DEC_ADD, "decision",
                      (struct str){in->doc, in->doc_len}, dec_bind, in, out_id, e);
}

int store_decisions_of_case(struct store *st, int64_t case_id, int64_t signal_id,
                            struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_DEC_OF_CASE, "decision", "decision.of_case", case_id,
                            signal_id, out, cap, out_n, e);
}

int store_decision_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                        size_t *out_n, struct err *e)
{
    return store__list_rows(st, SQL_DEC_LIST, "decision", "decision.list", meeting_id, 0, out, cap,
                     out_n, e);
}

static int act_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct store_row *r = ctx;
    const int64_t v[] = {r->item_id, r->meeting_id, r->a, r->b, r->c, r->d};
    int rc = store__bind_seq(st, s, v, ARRAY_LEN(v), 3, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 9, str_from_cstr(r->code), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, r->by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 11, clock_now_ms(), e);
    return rc;
}

int store_action_add(struct store *st, const struct store_row *in, int64_t *out_id,
                     struct err *e)
{
    return store__insert_row(st, in->group_id, SQL_ACT_ADD, "meeting_action",
                      (struct str){in->doc, in->doc_len}, act_bind, in, out_id, e);
}

int store_action_get(struct store *st, int64_t id, struct store_row *out, struct err *e)
{
    size_t n = 0;
    int rc = store__list_rows(st, SQL_ACT_GET, "meeting_action", "meeting_action.get", id, 0, out, 1, &n,
                       e);
    if (rc == 0 && n == 0)
        rc = err_set(e, ERR_NOTFOUND, "actie niet gevonden");
    return rc;
}

int store_action_update(struct store *st, int64_t id, const char *status, int64_t by,
                        struct str doc, struct err *e)
{
    struct store_row cur;
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    int rc = store_action_get(st, id, &cur, e);
    if (rc != 0)
        return rc;
    rc = store__group_key(st, cur.group_id, dk, e);
    store_row_release(&cur);
    if (rc == 0)
        rc = store__seal_doc(dk, "meeting_action", id, doc, &ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, SQL_ACT_UPD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(status), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 3, ct, ctn, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "meeting_action.update", e);
    store__done(s);
    free(ct);
    return rc;
}

int store_action_list(struct store *st, int64_t meeting_id, int64_t owner_id,
                      int64_t municipality_id, struct store_row *out, size_t cap, size_t *out_n,
                      struct err *e)
{
    if (meeting_id)
        return store__list_rows(st, SQL_ACT_BY_MEETING, "meeting_action", "meeting_action.list",
                         meeting_id, 0, out, cap, out_n, e);
    if (owner_id)
        return store__list_rows(st, SQL_ACT_BY_OWNER, "meeting_action", "meeting_action.list", owner_id,
                         0, out, cap, out_n, e);
    return store__list_rows(st, SQL_ACT_BY_MUNI, "meeting_action", "meeting_action.list",
                     municipality_id, 0, out, cap, out_n, e);
}

int store_item_counts(struct store *st, int64_t item_id, struct store_item_counts *out,
                      struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_ITEM_COUNTS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, item_id, e);
    if (rc == 0)
        rc = store__step(st, s, "agenda_item.counts", e);
    if (rc == 1) {
        out->invitations = store__col_i64(s, 0);
        out->minutes = store__col_i64(s, 1);
        out->decisions = store__col_i64(s, 2);
        out->actions = store__col_i64(s, 3);
        rc = 0;
    }
    store__done(s);
    return rc;
}

int64_t store_meeting_item_count(struct store *st, int64_t meeting_id, struct err *e)
{
    int64_t n = 0;
    int rc = store__single_i64(st, SQL_ITEM_COUNT, "agenda_item.count", meeting_id, &n, e);
    return rc == 0 ? n : -1;
}
