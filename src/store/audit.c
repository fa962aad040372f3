/* audit.c: the access-log tables (see store/audit.h). */
#include "core/common.h"

#include "store/audit.h"
#include "store/store_int.h"

#define ROW_COLS "seq, ts, action, user_id, org_id, subject, object_type, rec, salt, leaf_hash, chain_hash"

static const char SQL_INSERT[] =
    "INSERT INTO audit_log(seq, ts, action, user_id, org_id, subject, object_type, rec, salt, "
    "leaf_hash, chain_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_HEAD_GET[] =
    "SELECT size, state, dropped_below, last_checkpoint_size, last_checkpoint_at FROM audit_head "
    "WHERE id = 1";
static const char SQL_HEAD_PUT[] =
    "INSERT INTO audit_head(id, size, state, dropped_below, last_checkpoint_size, "
    "last_checkpoint_at) VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET "
    "size = excluded.size, state = excluded.state, dropped_below = excluded.dropped_below, "
    "last_checkpoint_size = excluded.last_checkpoint_size, "
    "last_checkpoint_at = excluded.last_checkpoint_at";
static const char SQL_CP_ADD[] =
    "INSERT INTO audit_checkpoint(size, created_at, note) VALUES (?1, ?2, ?3)";
static const char SQL_CP_EACH[] = "SELECT size, created_at, note FROM audit_checkpoint ORDER BY size";
static const char SQL_SCAN[] = "SELECT " ROW_COLS " FROM audit_log WHERE seq >= ?1 ORDER BY seq";
/* The verifier's scan: only what it hashes and compares (see store_audit_scan_verify). */
static const char SQL_SCAN_VERIFY[] =
    "SELECT seq, rec, salt, leaf_hash, chain_hash FROM audit_log WHERE seq >= ?1 AND seq < ?2 "
    "ORDER BY seq";
/* The verifier reads every page of the log once: mapped, SQLite reads the pages in place instead
 * of copying each one with pread (about a quarter of the scan's CPU at 10 M records). Any size
 * > 0 turns it on; store/mapvfs.c then maps the whole file, past SQLite's compile-time cap (2 GiB
 * in Debian's build). Set for one scan and reset after it: the connection's other work keeps
 * ordinary reads (an I/O error in a mapped read would be a signal instead of an error code).
 * PRAGMA values cannot be bound; these are constants. */
static const char SQL_MMAP_ON[] = "PRAGMA mmap_size = 2147418112";
static const char SQL_MMAP_OFF[] = "PRAGMA mmap_size = 0";
static const char SQL_SEQ_BOUNDS[] =
    "SELECT (SELECT min(seq) FROM audit_log WHERE seq >= 0), (SELECT max(seq) FROM audit_log)";
static const char SQL_Q_SUBJECT[] =
    "SELECT " ROW_COLS " FROM audit_log WHERE subject = ?1 AND seq < ?2 "
    "AND (?3 = 0 OR ts >= ?3) AND (?4 = 0 OR ts < ?4) AND (?5 = 0 OR action = ?5) "
    "ORDER BY seq DESC LIMIT ?6";
static const char SQL_Q_USER[] =
    "SELECT " ROW_COLS " FROM audit_log WHERE user_id = ?1 AND seq < ?2 "
    "AND (?3 = 0 OR ts >= ?3) AND (?4 = 0 OR ts < ?4) AND (?5 = 0 OR action = ?5) "
    "ORDER BY seq DESC LIMIT ?6";
static const char SQL_Q_ORG[] =
    "SELECT " ROW_COLS " FROM audit_log WHERE org_id = ?1 AND seq < ?2 "
    "AND (?3 = 0 OR ts >= ?3) AND (?4 = 0 OR ts < ?4) AND (?5 = 0 OR action = ?5) "
    "ORDER BY seq DESC LIMIT ?6";
static const char SQL_Q_PERIOD[] =
    "SELECT " ROW_COLS " FROM audit_log WHERE ?1 = 0 AND seq < ?2 "
    "AND (?3 = 0 OR ts >= ?3) AND (?4 = 0 OR ts < ?4) AND (?5 = 0 OR action = ?5) "
    "ORDER BY seq DESC LIMIT ?6";
static const char SQL_DROP_ADD[] =
    "INSERT INTO audit_segment_drop(start_seq, end_seq, created_at, note) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_DROP_HEAD[] =
    "UPDATE audit_head SET dropped_below = ?2 WHERE id = 1 AND dropped_below = ?1";
static const char SQL_DROP_ROWS[] = "DELETE FROM audit_log WHERE seq >= ?1 AND seq < ?2";
/* PostgreSQL: the application's role cannot DELETE log rows (src/store/pg/guard.sql); the owner's
 * function removes them, and only below the horizon SQL_DROP_HEAD has just moved. Answers the
 * number of rows removed (one row). */
static const char SQL_DROP_ROWS_PG[] = "SELECT regie_audit_drop(?1, ?2)";
static const char SQL_DROP_EACH[] =
    "SELECT start_seq, end_seq, note FROM audit_segment_drop ORDER BY start_seq";

int store_audit_insert(struct store *st, const struct store_audit_row *r, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_INSERT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)r->seq, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, r->ts, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, r->action, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, r->user_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, r->org_id, e);
    if (rc == 0)
        rc = r->subject ? store__bind_blob(st, s, 6, r->subject, 32, e) : store__bind_null(st, s, 6, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 7, r->object_type, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 8, r->rec, r->rec_n, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 9, r->salt, 16, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 10, r->leaf, 32, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 11, r->chain, 32, e);
    if (rc == 0)
        rc = store__step_done(st, s, "audit.insert", e);
    store__done(s);
    return rc;
}

int store_audit_head_get(struct store *st, void *state, size_t state_cap,
                         struct store_audit_head *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    rc = store__stmt(st, SQL_HEAD_GET, &s, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "audit.head", e);
    if (rc <= 0)
        goto out;
    const uint8_t *p;
    size_t n;
    bool isnull;
    out->found = true;
    out->size = (uint64_t)store__col_i64(s, 0);
    store__col_blob(s, 1, &p, &n, &isnull);
    if (n > state_cap) {
        rc = err_internal(e, ERR_TOOBIG, "audit head state too large");
        goto out;
    }
    if (n > 0)
        memcpy(state, p, n);
    out->state_n = n;
    out->dropped_below = store__col_i64(s, 2);
    out->last_checkpoint_size = store__col_i64(s, 3);
    out->last_checkpoint_at = store__col_i64(s, 4);
    rc = 0;
out:
    store__done(s);
    return rc;
}

int store_audit_head_put(struct store *st, const struct store_audit_head *h, const void *state,
                         size_t state_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_HEAD_PUT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)h->size, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, state, state_n, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, h->dropped_below, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, h->last_checkpoint_size, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, h->last_checkpoint_at, e);
    if (rc == 0)
        rc = store__step_done(st, s, "audit.head_put", e);
    store__done(s);
    return rc;
}

int store_audit_checkpoint_add(struct store *st, uint64_t size, int64_t created_at,
                               struct str note, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_CP_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)size, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, created_at, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, note, e);
    if (rc == 0)
        rc = store__step_done(st, s, "audit.checkpoint", e);
    store__done(s);
    return rc;
}

int store_audit_checkpoint_each(struct store *st,
                                int (*cb)(void *ctx, uint64_t size, int64_t at, struct str note),
                                void *ctx, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_CP_EACH, &s, e);
    while (rc == 0) {
        rc = store__step(st, s, "audit.checkpoints", e);
        if (rc <= 0)
            break;
        struct str note = {(const char *)store__col_text_raw(s, 2), (size_t)store__col_bytes(s, 2)};
        rc = cb(ctx, (uint64_t)store__col_i64(s, 0), store__col_i64(s, 1), note);
    }
    store__done(s);
    return rc;
}

static int emit_rows(struct store *st, store_stmt *s,
                     int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                     struct err *e)
{
    int rc = 0;
    for (;;) {
        rc = store__step(st, s, "audit.rows", e);
        if (rc <= 0)
            break;
        struct store_audit_row r;
        bool isnull;
        size_t n;
        r.seq = (uint64_t)store__col_i64(s, 0);
        r.ts = store__col_i64(s, 1);
        r.action = store__col_int(s, 2);
        r.user_id = store__col_i64(s, 3);
        r.org_id = store__col_i64(s, 4);
        store__col_blob(s, 5, &r.subject, &n, &isnull);
        if (isnull || n != 32)
            r.subject = NULL;
        r.object_type = (struct str){(const char *)store__col_text_raw(s, 6),
                                     (size_t)store__col_bytes(s, 6)};
        store__col_blob(s, 7, &r.rec, &r.rec_n, &isnull);
        store__col_blob(s, 8, &r.salt, &n, &isnull);
        if (n != 16)
            return err_internal(e, ERR_DB, "audit row %" PRIu64 " salt", r.seq);
        store__col_blob(s, 9, &r.leaf, &n, &isnull);
        if (n != 32)
            return err_internal(e, ERR_DB, "audit row %" PRIu64 " leaf", r.seq);
        store__col_blob(s, 10, &r.chain, &n, &isnull);
        if (n != 32)
            return err_internal(e, ERR_DB, "audit row %" PRIu64 " chain", r.seq);
        rc = cb(ctx, &r);
        if (rc != 0)
            break;
    }
    return rc;
}

int store_audit_scan(struct store *st, uint64_t from,
                     int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                     struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_SCAN, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)from, e);
    if (rc == 0)
        rc = emit_rows(st, s, cb, ctx, e);
    store__done(s);
    return rc;
}

int store_audit_scan_verify(struct store *st, uint64_t from,
                            int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                            struct err *e)
{
    return store_audit_scan_verify_range(st, from, (uint64_t)INT64_MAX, cb, ctx, e);
}

int store_audit_seq_bounds(struct store *st, bool *out_any, uint64_t *out_min, uint64_t *out_max,
                           struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    *out_any = false;
    *out_min = *out_max = 0;
    rc = store__stmt(st, SQL_SEQ_BOUNDS, &s, e);
    if (rc == 0)
        rc = store__step(st, s, "audit.seq_bounds", e);
    if (rc > 0) {
        rc = 0;
        if (!store__col_is_null(s, 0)) {
            *out_any = true;
            *out_min = (uint64_t)store__col_i64(s, 0);
            *out_max = (uint64_t)store__col_i64(s, 1);
        }
    }
    store__done(s);
    return rc;
}

static int set_mmap(struct store *st, const char *sql, struct err *e)
{
    return store__pragma(st, sql, "audit.mmap", e);
}

int store_audit_scan_verify_range(struct store *st, uint64_t from, uint64_t to,
                                  int (*cb)(void *ctx, const struct store_audit_row *row),
                                  void *ctx, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    struct store_audit_row r;
    memset(&r, 0, sizeof r);
    rc = set_mmap(st, SQL_MMAP_ON, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_SCAN_VERIFY, &s, e);
    if (rc == 0)
        store__stream(s, true); /* ~10 M rows: one at a time, not all at once (PostgreSQL) */
    if (from > (uint64_t)INT64_MAX)
        from = (uint64_t)INT64_MAX;
    if (to > (uint64_t)INT64_MAX)
        to = (uint64_t)INT64_MAX;
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)from, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, (int64_t)to, e);
    while (rc == 0) {
        rc = store__step(st, s, "audit.scan_verify", e);
        if (rc <= 0)
            break;
        /* Borrowed column pointers, no copies; the same checks as emit_rows. */
        r.seq = (uint64_t)store__col_i64(s, 0);
        r.rec = store__col_blob_raw(s, 1);
        r.rec_n = (size_t)store__col_bytes(s, 1);
        r.salt = store__col_blob_raw(s, 2);
        r.leaf = store__col_blob_raw(s, 3);
        r.chain = store__col_blob_raw(s, 4);
        const char *bad = r.salt == NULL || store__col_bytes(s, 2) != 16    ? "salt"
                          : r.leaf == NULL || store__col_bytes(s, 3) != 32  ? "leaf"
                          : r.chain == NULL || store__col_bytes(s, 4) != 32 ? "chain"
                                                                                : NULL;
        rc = bad != NULL ? err_internal(e, ERR_DB, "audit row %" PRIu64 " %s", r.seq, bad)
                         : cb(ctx, &r);
    }
    store__done(s);
    int rc2 = set_mmap(st, SQL_MMAP_OFF, rc == 0 ? e : NULL);
    return rc != 0 ? rc : rc2;
}

int store_audit_query(struct store *st, const struct store_audit_query *q,
                      int (*cb)(void *ctx, const struct store_audit_row *row), void *ctx,
                      struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const char *sql = NULL;
    switch (q->by) {
    case STORE_AUDIT_BY_SUBJECT: sql = SQL_Q_SUBJECT; break;
    case STORE_AUDIT_BY_USER: sql = SQL_Q_USER; break;
    case STORE_AUDIT_BY_ORG: sql = SQL_Q_ORG; break;
    case STORE_AUDIT_BY_PERIOD: sql = SQL_Q_PERIOD; break;
    default: return err_field(e, "by", "onbekende zoeksoort");
    }
    if (q->limit < 1 || q->limit > 10000)
        return err_field(e, "limit", "1 tot 10000");
    rc = store__stmt(st, sql, &s, e);
    if (rc != 0)
        goto out;
    switch (q->by) {
    case STORE_AUDIT_BY_SUBJECT: rc = store__bind_blob(st, s, 1, q->subject, 32, e); break;
    case STORE_AUDIT_BY_USER: rc = store__bind_i64(st, s, 1, q->user_id, e); break;
    case STORE_AUDIT_BY_ORG: rc = store__bind_i64(st, s, 1, q->org_id, e); break;
    default: rc = store__bind_i64(st, s, 1, 0, e); break;
    }
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, q->before_seq ? (int64_t)q->before_seq : INT64_MAX, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, q->from_ts, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 4, q->to_ts, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 5, q->action, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, q->limit, e);
    if (rc == 0)
        rc = emit_rows(st, s, cb, ctx, e);
out:
    store__done(s);
    return rc;
}

int store_audit_drop_segment(struct store *st, uint64_t start, uint64_t end, int64_t at,
                             struct str note, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    if (end <= start)
        return err_internal(e, ERR_INVAL, "empty segment");
    rc = store__sp_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store__stmt(st, SQL_DROP_ADD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)start, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, (int64_t)end, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, at, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, note, e);
    if (rc == 0)
        rc = store__step_done(st, s, "audit.drop_add", e);
    store__done(s);
    s = NULL;
    if (rc == 0)
        rc = store__stmt(st, SQL_DROP_HEAD, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)start, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, (int64_t)end, e);
    if (rc == 0)
        rc = store__step_done(st, s, "audit.drop_head", e);
    if (rc == 0 && store__changes(st) != 1)
        rc = err_internal(e, ERR_CONFLICT, "segment does not start at the retention horizon");
    store__done(s);
    s = NULL;
    if (rc == 0)
        rc = store__stmt(st, store__pick(st, SQL_DROP_ROWS, SQL_DROP_ROWS_PG), &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, (int64_t)start, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, (int64_t)end, e);
    if (rc == 0)
        rc = store__step(st, s, "audit.drop_rows", e);
    if (rc == 1) /* PostgreSQL: the count of rows removed */
        rc = 0;
    store__done(s);
    int rc2 = store__sp_end(st, rc == 0, e);
    return rc ? rc : rc2;
}

int store_audit_drop_each(struct store *st,
                          int (*cb)(void *ctx, uint64_t start, uint64_t end, struct str note),
                          void *ctx, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    rc = store__stmt(st, SQL_DROP_EACH, &s, e);
    while (rc == 0) {
        rc = store__step(st, s, "audit.drops", e);
        if (rc <= 0)
            break;
        struct str note = {(const char *)store__col_text_raw(s, 2), (size_t)store__col_bytes(s, 2)};
        rc = cb(ctx, (uint64_t)store__col_i64(s, 0), (uint64_t)store__col_i64(s, 1), note);
    }
    store__done(s);
    return rc;
}
