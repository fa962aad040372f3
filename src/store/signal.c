/* signal.c: signals, subjects, participants, information items, feedback, weighings, the case an
 * admission creates, the ambtsbericht store and the keyed word index (see signal.h). Every
 * document is sealed here under the signal's data key with AAD (table, "doc", row id). */
#include "core/common.h"

#include "core/clock.h"
#include "core/rand.h"
#include "store/signal.h"
#include "store/store_int.h"


static const char SQL_SIG_INSERT[] =
    "INSERT INTO signal(id, reference, group_id, municipality_id, route, state, reporter_kind, "
    "reporter_org_id, submitter_id, received_day, received_at, acute, phenomenon, due_day, "
    "state_at, doc_ct) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?11, "
    "?15)";
#define SIG_COLS                                                                                   \
    "s.id, s.reference, s.group_id, s.municipality_id, s.route, s.state, s.reporter_kind, "       \
    "s.reporter_org_id, s.submitter_id, s.received_day, s.received_at, s.acute, s.phenomenon, "   \
    "s.due_day, s.state_at, (SELECT c.id FROM pga_case c WHERE c.signal_id = s.id), s.doc_ct"
static const char SQL_SIG_GET[] = "SELECT " SIG_COLS " FROM signal s WHERE s.id = ?1";
static const char SQL_SIG_GROUP[] = "SELECT group_id FROM signal WHERE id = ?1";
/* ?2 (now) is unused: the signal keeps state_at as its own time of change. */
static const char SQL_SIG_DOC[] = "UPDATE signal SET doc_ct = ?3 WHERE id = ?1 AND ?2 > 0";
static const char SQL_SIG_COUNTS[] =
    "SELECT (SELECT count(*) FROM signal_info WHERE signal_id = ?1), "
    "(SELECT count(*) FROM signal_feedback WHERE signal_id = ?1), "
    "(SELECT count(*) FROM weighing WHERE signal_id = ?1), "
    "(SELECT count(*) FROM signal_participant WHERE signal_id = ?1)";
static const char SQL_SIG_STATE[] =
    "UPDATE signal SET state = ?2, due_day = ?3, state_at = ?4 WHERE id = ?1";
/* The visibility filter: ?1 all, ?2 municipality, ?3 participant org, ?4 submitter, ?5
 * restricted municipality, ?6 restricted reader, ?7 state, ?8 overdue, ?9 today. */
#define SIG_WHERE                                                                                  \
    " FROM signal s WHERE (?1 = 1 OR s.municipality_id = ?2 OR s.submitter_id = ?4 OR EXISTS "    \
    "(SELECT 1 FROM signal_participant p WHERE p.signal_id = s.id AND p.org_id = ?3)) "            \
    "AND (s.route <> 'ambtsbericht' OR s.municipality_id = ?5 OR EXISTS (SELECT 1 FROM "          \
    "ambtsbericht_reader r WHERE r.signal_id = s.id AND r.user_id = ?6)) "                         \
    "AND (?7 IS NULL OR s.state = ?7) "                                                            \
    "AND (?8 = 0 OR (s.due_day IS NOT NULL AND s.due_day < ?9 AND s.state IN ('ontvangen',"       \
    "'geregistreerd','informatie_aanvullen','weging','herwegen')))"
static const char SQL_SIG_LIST[] =
    "SELECT " SIG_COLS SIG_WHERE " ORDER BY s.received_at DESC, s.id DESC LIMIT ?10 OFFSET ?11";
static const char SQL_SIG_COUNT[] = "SELECT count(*)" SIG_WHERE;

static const char SQL_SUBJ_ADD[] =
    "INSERT INTO signal_subject(signal_id, person_id, position) VALUES (?1, ?2, ?3)";
/* Sorted by position in C: ORDER BY here builds a temporary b-tree for every call (most of the
 * cost of a case read's access check). */
#define STORE_SUBJECTS_SORT_MAX 256 /* more than any signal may have */
static const char SQL_SUBJ_LIST[] =
    "SELECT person_id, position FROM signal_subject WHERE signal_id = ?1";
static const char SQL_SUBJ_BY_PERSON[] =
    "SELECT signal_id FROM signal_subject WHERE person_id = ?1 ORDER BY signal_id";

static const char SQL_PART_ADD[] =
    "INSERT INTO signal_participant(signal_id, org_id, added_by, added_at, reason_ct) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_PART_ORGS[] =
    "SELECT org_id FROM signal_participant WHERE signal_id = ?1 ORDER BY added_at";
static const char SQL_PART_LIST[] =
    "SELECT org_id, added_by, added_at, reason_ct FROM signal_participant WHERE signal_id = ?1 "
    "ORDER BY added_at";

static const char SQL_INFO_ADD[] =
    "INSERT INTO signal_info(id, signal_id, source_org_id, author_id, category, purpose_bound, "
    "created_at, doc_ct) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_INFO_LIST[] =
    "SELECT id, source_org_id, author_id, category, purpose_bound, created_at, doc_ct "
    "FROM signal_info WHERE signal_id = ?1 ORDER BY created_at, id";
static const char SQL_FB_ADD[] =
    "INSERT INTO signal_feedback(id, signal_id, author_id, created_at, doc_ct) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_FB_LIST[] =
    "SELECT id, 0, author_id, '', 0, created_at, doc_ct FROM signal_feedback "
    "WHERE signal_id = ?1 ORDER BY created_at, id";

static const char SQL_W_COUNT[] = "SELECT count(*) FROM weighing WHERE signal_id = ?1";
static const char SQL_W_ADD[] =
    "INSERT INTO weighing(id, signal_id, version, corrects, outcome, decided_day, joint, "
    "case_id, created_by, created_at, doc_ct) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11)";
static const char SQL_W_LIST[] =
    "SELECT w.id, w.version, w.corrects, (SELECT n.id FROM weighing n WHERE n.corrects = w.id), "
    "w.decided_day, w.case_id, w.created_by, w.created_at, w.joint, w.outcome, w.doc_ct "
    "FROM weighing w WHERE w.signal_id = ?1 ORDER BY w.version DESC";

static const char SQL_CASE_ADD[] =
    "INSERT INTO pga_case(id, signal_id, municipality_id, group_id, state, casusregisseur_id, "
    "first_overleg_day, created_by, created_at) SELECT ?1, s.id, s.municipality_id, s.group_id, "
    "'opgenomen', ?3, ?4, ?5, ?6 FROM signal s WHERE s.id = ?2";

static const char SQL_AMB_PUT[] =
    "INSERT INTO ambtsbericht(signal_id, updated_at, doc_ct) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(signal_id) DO UPDATE SET updated_at = excluded.updated_at, "
    "doc_ct = excluded.doc_ct";
static const char SQL_AMB_GET[] = "SELECT doc_ct FROM ambtsbericht WHERE signal_id = ?1";
static const char SQL_AMB_READERS_CLEAR[] = "DELETE FROM ambtsbericht_reader WHERE signal_id = ?1";
static const char SQL_AMB_READER_ADD[] =
    "INSERT INTO ambtsbericht_reader(signal_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char SQL_AMB_READERS[] =
    "SELECT user_id FROM ambtsbericht_reader WHERE signal_id = ?1 ORDER BY user_id";

static const char SQL_TOK_ADD[] =
    "INSERT INTO signal_token(tok, signal_id, part) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
static const char SQL_TOK_FIND[] =
    "SELECT signal_id, part FROM signal_token WHERE tok = ?1 ORDER BY signal_id, part";

/* ---- documents -------------------------------------------------------------------------------- */


static int signal_group(struct store *st, int64_t signal_id, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_SIG_GROUP, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    if (rc == 0)
        rc = store__step(st, s, "signal.group", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "melding niet gevonden");
    else if (rc == 1) {
        *out = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    return rc;
}

/* The data key of a signal's group into dk (caller wipes). */
static int signal_key(struct store *st, int64_t signal_id, uint8_t dk[CRYPTO_KEY_BYTES],
                      struct err *e)
{
    int64_t gid = 0;
    int rc = signal_group(st, signal_id, &gid, e);
    return rc ? rc : store__group_key(st, gid, dk, e);
}

/* ---- signals ---------------------------------------------------------------------------------- */

/* "M-" + 4 + "-" + 4 characters from an alphabet without 0/O, 1/I/L, U. */
static void new_reference(char out[STORE_REF_MAX + 1])
{
    static const char alpha[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    uint8_t r[8];
    rand_bytes(r, sizeof(r));
    char *p = out;
    *p++ = 'M';
    *p++ = '-';
    for (int i = 0; i < 8; i++) {
        if (i == 4)
            *p++ = '-';
        *p++ = alpha[r[i] % (sizeof(alpha) - 1)];
    }
    *p = '\0';
}

struct sig_bind {
    const struct store_signal_in *in;
    const char *ref;
    int64_t gid;
};

static int sig_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct sig_bind *b = ctx;
    const struct store_signal_in *in = b->in;
    int rc = store__bind_text(st, s, 2, str_from_cstr(b->ref), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, b->gid, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, in->municipality_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(in->route), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 6, str_from_cstr(in->state), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 7, str_from_cstr(in->reporter_kind), e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 8, in->reporter_org_id, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 9, in->submitter_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, in->received_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 11, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 12, in->acute ? 1 : 0, e);
    if (rc == 0)
        rc = store__bind_opt_text(st, s, 13, in->phenomenon, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 14, in->due_day, e);
    return rc;
}

int store_signal_create(struct store *st, const struct store_signal_in *in, int64_t *out_id,
                        char out_ref[STORE_REF_MAX + 1], int64_t *out_group_id, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int64_t gid = 0;
    *out_id = 0;
    out_ref[0] = '\0';
    if (in->route == NULL || in->state == NULL || in->reporter_kind == NULL)
        return err_internal(e, ERR_INVAL, "signal_create: missing codes");
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store_group_new(st, &gid, e);
    if (rc == 0)
        rc = store__group_key(st, gid, dk, e);
    for (int attempt = 0; rc == 0 && attempt < STORE__ID_ATTEMPTS; attempt++) {
        new_reference(out_ref);
        struct sig_bind b = {in, out_ref, gid};
        rc = store__insert_sealed(st, SQL_SIG_INSERT, "signal.insert", dk, "signal", in->doc, 15,
                           sig_bind, &b, out_id, e);
        if (rc == ERR_CONFLICT &&
            store__last_constraint(st) == STORE_CONSTRAINT_UNIQUE) { /* reference */
            err_clear(e);
            rc = 0;
            continue;
        }
        break;
    }
    crypto_wipe(dk, sizeof(dk));
    int rc2 = store__sp_end(st, rc == 0 && *out_id != 0, rc == 0 ? e : NULL);
    if (rc == 0 && *out_id == 0)
        rc = err_internal(e, ERR_DB, "signal.insert: no free reference");
    if (out_group_id != NULL)
        *out_group_id = (rc || rc2) ? 0 : gid;
    return rc ? rc : rc2;
}

static int read_signal_row(struct store *st, store_stmt *s, bool with_doc,
                           struct store_signal *out, struct err *e)
{
    int rc = 0;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    out->id = store__col_i64(s, 0);
    out->group_id = store__col_i64(s, 2);
    out->municipality_id = store__col_i64(s, 3);
    out->reporter_org_id = store__col_i64(s, 7);
    out->submitter_id = store__col_i64(s, 8);
    out->received_day = store__col_i64(s, 9);
    out->received_at = store__col_i64(s, 10);
    out->acute = store__col_i64(s, 11) != 0;
    out->due_day = store__col_i64(s, 13);
    out->state_at = store__col_i64(s, 14);
    out->case_id = store__col_i64(s, 15);
    rc = store__col_text(s, 1, out->reference, sizeof(out->reference), &n, e);
    if (rc == 0)
        rc = store__col_text(s, 4, out->route, sizeof(out->route), &n, e);
    if (rc == 0)
        rc = store__col_text(s, 5, out->state, sizeof(out->state), &n, e);
    if (rc == 0)
        rc = store__col_text(s, 6, out->reporter_kind, sizeof(out->reporter_kind), &n, e);
    if (rc == 0)
        rc = store__col_text(s, 12, out->phenomenon, sizeof(out->phenomenon), &n, e);
    if (rc == 0 && with_doc) {
        uint8_t dk[CRYPTO_KEY_BYTES];
        rc = store__group_key(st, out->group_id, dk, e);
        if (rc == 0)
            rc = store__open_doc(dk, "signal", out->id, s, 16, &out->doc, &out->doc_len, e);
        crypto_wipe(dk, sizeof(dk));
    }
    return rc;
}

int store_signal_get(struct store *st, int64_t id, bool with_doc, struct store_signal *out,
                     struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_SIG_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "signal.get", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "melding niet gevonden");
    else if (rc == 1)
        rc = read_signal_row(st, s, with_doc, out, e);
    store__done(s);
    if (rc != 0)
        store_signal_release(out);
    return rc;
}

void store_signal_release(struct store_signal *s)
{
    if (s == NULL)
        return;
    store_doc_free(s->doc, s->doc_len);
    s->doc = NULL;
    s->doc_len = 0;
}

/* Seals doc under the signal's key for (table, "doc", signal_id) and runs sql with ?1 = the
 * signal id, ?2 = now and ?3 = the sealed bytes (one row per signal: signal, ambtsbericht). */
static int put_signal_doc(struct store *st, int64_t signal_id, const char *table, const char *sql,
                          const char *op, struct str doc, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    int rc = signal_key(st, signal_id, dk, e);
    if (rc == 0)
        rc = store__seal_doc(dk, table, signal_id, doc, &ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 3, ct, ctn, e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    free(ct);
    return rc;
}

int store_signal_set_doc(struct store *st, int64_t id, struct str doc, struct err *e)
{
    return put_signal_doc(st, id, "signal", SQL_SIG_DOC, "signal.doc", doc, e);
}

int store_signal_counts(struct store *st, int64_t id, struct store_signal_counts *out,
                        struct err *e)
{
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_SIG_COUNTS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0 && (rc = store__step(st, s, "signal.counts", e)) == 1) {
        out->information = store__col_i64(s, 0);
        out->feedback = store__col_i64(s, 1);
        out->weighings = store__col_i64(s, 2);
        out->participants = store__col_i64(s, 3);
        rc = 0;
    }
    store__done(s);
    return rc;
}

int store_signal_set_state(struct store *st, int64_t id, const char *state, int64_t due_day,
                           struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_SIG_STATE, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(state), e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 3, due_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "signal.state", e);
    store__done(s);
    if (rc == 0 && store__changes(st) == 0)
        rc = err_set(e, ERR_NOTFOUND, "melding niet gevonden");
    return rc;
}

static int bind_filter(struct store *st, store_stmt *s, const struct store_signal_filter *f,
                       struct err *e)
{
    int rc = store__bind_i64(st, s, 1, f->all ? 1 : 0, e);
    /* Unused conditions bind -1, which no id equals. */
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, f->municipality_id ? f->municipality_id : -1, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, f->participant_org_id ? f->participant_org_id : -1, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, f->submitter_id ? f->submitter_id : -1, e);
    if (rc == 0)
        rc = store__bind_i64(
            st, s, 5, f->restricted_municipality_id ? f->restricted_municipality_id : -1, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, f->restricted_reader_id ? f->restricted_reader_id : -1, e);
    if (rc == 0)
        rc = store__bind_opt_text(st, s, 7, f->state, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 8, f->overdue ? 1 : 0, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, f->today, e);
    return rc;
}

int store_signal_list(struct store *st, const struct store_signal_filter *f,
                      struct store_signal *out, size_t cap, size_t *out_n, int64_t *out_total,
                      struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    *out_n = 0;
    *out_total = 0;
    if (f->limit < 1 || f->limit > 500 || (size_t)f->limit > cap || f->offset < 0)
        return err_internal(e, ERR_INVAL, "signal_list: bad paging");
    int rc = store__stmt(st, SQL_SIG_COUNT, &s, e);
    if (rc == 0)
        rc = bind_filter(st, s, f, e);
    if (rc == 0 && (rc = store__step(st, s, "signal.count", e)) == 1) {
        *out_total = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    s = NULL;
    if (rc == 0)
        rc = store__stmt(st, SQL_SIG_LIST, &s, e);
    if (rc == 0)
        rc = bind_filter(st, s, f, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, f->limit, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 11, f->offset, e);
    while (rc == 0 && (rc = store__step(st, s, "signal.list", e)) == 1) {
        rc = read_signal_row(st, s, false, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

/* ---- id lists --------------------------------------------------------------------------------- */

int store_signal_subject_add(struct store *st, int64_t signal_id, int64_t person_id, int position,
                             struct err *e)
{
    return store__exec_ids(st, SQL_SUBJ_ADD, "signal_subject.add", signal_id, person_id, position, e);
}

int store_signal_subjects(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                          size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    int64_t pos[STORE_SUBJECTS_SORT_MAX];
    size_t n = 0;
    *out_n = 0;
    int rc = store__stmt(st, SQL_SUBJ_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    while (rc == 0 && (rc = store__step(st, s, "signal_subject.list", e)) == 1) {
        rc = 0;
        if (n == cap || n == ARRAY_LEN(pos)) {
            rc = err_set(e, ERR_TOOBIG, "te veel resultaten");
            break;
        }
        /* insertion sort by position: a signal has a handful of subjects */
        int64_t id = store__col_i64(s, 0), at = store__col_i64(s, 1);
        size_t k = n++;
        for (; k > 0 && pos[k - 1] > at; k--) {
            pos[k] = pos[k - 1];
            out[k] = out[k - 1];
        }
        pos[k] = at;
        out[k] = id;
    }
    store__done(s);
    *out_n = rc == 0 ? n : 0;
    return rc;
}

int store_signal_ids_by_person(struct store *st, int64_t person_id, int64_t *out, size_t cap,
                               size_t *out_n, struct err *e)
{
    return store__id_list(st, SQL_SUBJ_BY_PERSON, "signal_subject.by_person", person_id, out, cap, out_n,
                   e);
}

/* ---- participants ----------------------------------------------------------------------------- */

int store_signal_participant_add(struct store *st, int64_t signal_id, int64_t org_id,
                                 int64_t added_by, struct str doc, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    uint8_t *ct = NULL;
    size_t ctn = 0;
    store_stmt *s = NULL;
    int rc = signal_key(st, signal_id, dk, e);
    /* AAD row id = the org id; the data key is the signal's own, so reasons cannot move. */
    if (rc == 0)
        rc = store__seal_doc(dk, "signal_participant", org_id, doc, &ct, &ctn, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        rc = store__stmt(st, SQL_PART_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, org_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, added_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 5, ct, ctn, e);
    if (rc == 0)
        rc = store__step_done(st, s, "signal_participant.add", e);
    store__done(s);
    free(ct);
    if (rc == ERR_CONFLICT) {
        err_clear(e);
        rc = err_set(e, ERR_CONFLICT, "Deze organisatie is al uitgenodigd.");
    }
    return rc;
}

int store_signal_participant_orgs(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                                  size_t *out_n, struct err *e)
{
    return store__id_list(st, SQL_PART_ORGS, "signal_participant.orgs", signal_id, out, cap, out_n, e);
}

int store_signal_participants(struct store *st, int64_t signal_id, struct store_participant *out,
                              size_t cap, size_t *out_n, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = signal_key(st, signal_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_PART_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    while (rc == 0 && (rc = store__step(st, s, "signal_participant.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel deelnemers");
            break;
        }
        struct store_participant *p = &out[n];
        memset(p, 0, sizeof(*p));
        p->org_id = store__col_i64(s, 0);
        p->added_by = store__col_i64(s, 1);
        p->added_at = store__col_i64(s, 2);
        rc = store__open_doc(dk, "signal_participant", p->org_id, s, 3, &p->doc,
                      &p->doc_len, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    *out_n = n;
    return rc;
}

void store_participant_release(struct store_participant *p)
{
    if (p == NULL)
        return;
    store_doc_free(p->doc, p->doc_len);
    p->doc = NULL;
}

/* ---- information items and feedback --------------------------------------------------------- */

struct item_bind {
    int64_t signal_id, org_id, author_id;
    const char *category;
    bool purpose_bound;
    bool feedback;
};

static int item_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct item_bind *b = ctx;
    int rc = store__bind_i64(st, s, 2, b->signal_id, e);
    if (b->feedback) {
        if (rc == 0)
            rc = store__bind_i64(st, s, 3, b->author_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 4, clock_now_ms(), e);
        return rc;
    }
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, b->org_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, b->author_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(b->category), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, b->purpose_bound ? 1 : 0, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, clock_now_ms(), e);
    return rc;
}

int store_signal_info_add(struct store *st, int64_t signal_id, int64_t source_org_id,
                          int64_t author_id, const char *category, bool purpose_bound,
                          struct str doc, int64_t *out_id, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int rc = signal_key(st, signal_id, dk, e);
    struct item_bind b = {signal_id, source_org_id, author_id, category, purpose_bound, false};
    if (rc == 0)
        rc = store__insert_sealed(st, SQL_INFO_ADD, "signal_info.add", dk, "signal_info", doc, 8,
                           item_bind, &b, out_id, e);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

int store_signal_feedback_add(struct store *st, int64_t signal_id, int64_t author_id,
                              struct str doc, int64_t *out_id, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int rc = signal_key(st, signal_id, dk, e);
    struct item_bind b = {signal_id, 0, author_id, NULL, false, true};
    if (rc == 0)
        rc = store__insert_sealed(st, SQL_FB_ADD, "signal_feedback.add", dk, "signal_feedback", doc, 5,
                           item_bind, &b, out_id, e);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

static int item_list(struct store *st, const char *sql, const char *table, int64_t signal_id,
                     struct store_item *out, size_t cap, size_t *out_n, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    int rc = signal_key(st, signal_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    while (rc == 0 && (rc = store__step(st, s, table, e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel items");
            break;
        }
        struct store_item *it = &out[n];
        memset(it, 0, sizeof(*it));
        it->id = store__col_i64(s, 0);
        it->signal_id = signal_id;
        it->org_id = store__col_i64(s, 1);
        it->author_id = store__col_i64(s, 2);
        it->purpose_bound = store__col_i64(s, 4) != 0;
        it->created_at = store__col_i64(s, 5);
        rc = store__col_text(s, 3, it->category, sizeof(it->category), &len, e);
        if (rc == 0)
            rc = store__open_doc(dk, table, it->id, s, 6, &it->doc, &it->doc_len, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    *out_n = n;
    return rc;
}

int store_signal_info_list(struct store *st, int64_t signal_id, struct store_item *out,
                           size_t cap, size_t *out_n, struct err *e)
{
    return item_list(st, SQL_INFO_LIST, "signal_info", signal_id, out, cap, out_n, e);
}

int store_signal_feedback_list(struct store *st, int64_t signal_id, struct store_item *out,
                               size_t cap, size_t *out_n, struct err *e)
{
    return item_list(st, SQL_FB_LIST, "signal_feedback", signal_id, out, cap, out_n, e);
}

void store_item_release(struct store_item *it)
{
    if (it == NULL)
        return;
    store_doc_free(it->doc, it->doc_len);
    it->doc = NULL;
}

/* ---- weighings -------------------------------------------------------------------------------- */

struct w_bind {
    const struct store_weighing_in *in;
    int64_t version;
};

static int w_bind(struct store *st, store_stmt *s, const void *ctx, struct err *e)
{
    const struct w_bind *b = ctx;
    const struct store_weighing_in *in = b->in;
    int rc = store__bind_i64(st, s, 2, in->signal_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, b->version, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 4, in->corrects, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 5, str_from_cstr(in->outcome), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, in->decided_day, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 7, in->joint ? 1 : 0, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 8, in->case_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 9, in->created_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 10, clock_now_ms(), e);
    return rc;
}

int store_weighing_add(struct store *st, const struct store_weighing_in *in, int64_t *out_id,
                       struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    store_stmt *s = NULL;
    int64_t count = 0;
    *out_id = 0;
    int rc = signal_key(st, in->signal_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_W_COUNT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, in->signal_id, e);
    if (rc == 0 && (rc = store__step(st, s, "weighing.count", e)) == 1) {
        count = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    struct w_bind b = {in, count + 1};
    if (rc == 0)
        rc = store__insert_sealed(st, SQL_W_ADD, "weighing.add", dk, "weighing", in->doc, 11, w_bind, &b,
                           out_id, e);
    crypto_wipe(dk, sizeof(dk));
    if (rc == ERR_CONFLICT) {
        err_clear(e);
        rc = err_set(e, ERR_CONFLICT, "Deze weging is al gecorrigeerd; corrigeer de nieuwste.");
    }
    return rc;
}

int store_weighing_list(struct store *st, int64_t signal_id, struct store_weighing *out,
                        size_t cap, size_t *out_n, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    store_stmt *s = NULL;
    size_t n = 0, len = 0;
    int rc = signal_key(st, signal_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_W_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    while (rc == 0 && (rc = store__step(st, s, "weighing.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel wegingen");
            break;
        }
        struct store_weighing *w = &out[n];
        memset(w, 0, sizeof(*w));
        w->id = store__col_i64(s, 0);
        w->signal_id = signal_id;
        w->version = store__col_i64(s, 1);
        w->corrects = store__col_i64(s, 2);
        w->superseded_by = store__col_i64(s, 3);
        w->decided_day = store__col_i64(s, 4);
        w->case_id = store__col_i64(s, 5);
        w->created_by = store__col_i64(s, 6);
        w->created_at = store__col_i64(s, 7);
        w->joint = store__col_i64(s, 8) != 0;
        rc = store__col_text(s, 9, w->outcome, sizeof(w->outcome), &len, e);
        if (rc == 0)
            rc = store__open_doc(dk, "weighing", w->id, s, 10, &w->doc, &w->doc_len, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    *out_n = n;
    return rc;
}

void store_weighing_release(struct store_weighing *w)
{
    if (w == NULL)
        return;
    store_doc_free(w->doc, w->doc_len);
    w->doc = NULL;
}

int store_case_create(struct store *st, int64_t signal_id, int64_t casusregisseur_id,
                      int64_t first_overleg_day, int64_t created_by, int64_t *out_id,
                      struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_CASE_ADD, &s, e);
    if (rc != 0)
        return rc;
    for (int attempt = 0; attempt < STORE__ID_ATTEMPTS; attempt++) {
        int64_t id = rand_i53();
        rc = store__bind_i64(st, s, 1, id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, signal_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 3, casusregisseur_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 4, first_overleg_day, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 5, created_by, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 6, clock_now_ms(), e);
        if (rc == 0)
            rc = store__step_try(st, s, "case.insert", e);
        store__done(s);
        if (rc == 0 && store__changes(st) == 0)
            return err_set(e, ERR_NOTFOUND, "melding niet gevonden");
        if (rc == 0) {
            *out_id = id;
            return 0;
        }
        if (rc != ERR_CONFLICT || store__last_constraint(st) != STORE_CONSTRAINT_PK)
            return rc;
        err_clear(e);
    }
    return err_internal(e, ERR_DB, "case.insert: no free id");
}

/* ---- ambtsbericht ----------------------------------------------------------------------------- */

int store_ambtsbericht_put(struct store *st, int64_t signal_id, struct str doc, struct err *e)
{
    return put_signal_doc(st, signal_id, "ambtsbericht", SQL_AMB_PUT, "ambtsbericht.put", doc, e);
}

int store_ambtsbericht_get(struct store *st, int64_t signal_id, char **out_doc, size_t *out_len,
                           struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    store_stmt *s = NULL;
    *out_doc = NULL;
    *out_len = 0;
    int rc = signal_key(st, signal_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_AMB_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, signal_id, e);
    if (rc == 0)
        rc = store__step(st, s, "ambtsbericht.get", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "geen ambtsbericht");
    else if (rc == 1)
        rc = store__open_doc(dk, "ambtsbericht", signal_id, s, 0, out_doc, out_len, e);
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

int store_ambtsbericht_set_readers(struct store *st, int64_t signal_id, const int64_t *users,
                                   size_t n, struct err *e)
{
    int rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__exec_ids(st, SQL_AMB_READERS_CLEAR, "ambtsbericht.readers_clear", signal_id, 0, 0, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__exec_ids(st, SQL_AMB_READER_ADD, "ambtsbericht.reader_add", signal_id, users[i], 0, e);
    int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
    return rc ? rc : rc2;
}

int store_ambtsbericht_readers(struct store *st, int64_t signal_id, int64_t *out, size_t cap,
                               size_t *out_n, struct err *e)
{
    return store__id_list(st, SQL_AMB_READERS, "ambtsbericht.readers", signal_id, out, cap, out_n, e);
}

/* ---- word index ------------------------------------------------------------------------------- */

int store_signal_tokens_add(struct store *st, int64_t signal_id, int64_t part,
                            const uint8_t (*toks)[CRYPTO_HASH_BYTES], size_t n, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_TOK_ADD, &s, e);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = store__bind_blob(st, s, 1, toks[i], CRYPTO_HASH_BYTES, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, signal_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 3, part, e);
        if (rc == 0)
            rc = store__step_done(st, s, "signal_token.add", e);
        store__done(s);
    }
    return rc;
}

int store_signal_token_find(struct store *st, const uint8_t tok[CRYPTO_HASH_BYTES],
                            struct store_token_hit *out, size_t cap, size_t *out_n,
                            struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_TOK_FIND, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, tok, CRYPTO_HASH_BYTES, e);
    while (rc == 0 && (rc = store__step(st, s, "signal_token.find", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel treffers; maak de zoekvraag specifieker");
            break;
        }
        out[n].signal_id = store__col_i64(s, 0);
        out[n].part = store__col_i64(s, 1);
        n++;
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}
