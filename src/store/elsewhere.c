/* elsewhere.c: the store side of "known elsewhere?" (see elsewhere.h). */
#include "core/common.h"

#include "core/clock.h"
#include "store/elsewhere.h"
#include "store/store_int.h"

#define OPEN_CASE_OF(p)                                                                           \
    "EXISTS (SELECT 1 FROM signal_subject ss JOIN pga_case c ON c.signal_id = ss.signal_id "     \
    "WHERE ss.person_id = " p " AND c.state NOT IN ('afgesloten', 'vernietigd'))"

static const char SQL_TODO[] =
    "SELECT DISTINCT ss.person_id FROM pga_case c JOIN signal_subject ss ON ss.signal_id = "
    "c.signal_id WHERE c.state NOT IN ('afgesloten', 'vernietigd') AND NOT EXISTS (SELECT 1 FROM "
    "peer_tag t WHERE t.peer = ?1 AND t.person_id = ss.person_id) ORDER BY ss.person_id LIMIT ?2";
static const char SQL_PUT[] = "INSERT INTO peer_tag(peer, person_id, kind, tag) "
                              "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
static const char SQL_FIND[] =
    "SELECT t.person_id FROM peer_tag t WHERE t.peer = ?1 AND t.kind = ?2 AND t.tag = ?3 AND "
    OPEN_CASE_OF("t.person_id") " ORDER BY t.person_id LIMIT 1";
static const char SQL_PRUNE_TAGS[] =
    "DELETE FROM peer_tag WHERE NOT " OPEN_CASE_OF("peer_tag.person_id");
static const char SQL_PRUNE_NONCES[] = "DELETE FROM peer_nonce WHERE at < ?1";
static const char SQL_PRUNE_COUNTS[] = "DELETE FROM peer_count WHERE day < ?1";
static const char SQL_DROP_TAGS[] = "DELETE FROM peer_tag WHERE peer = ?1";
static const char SQL_DROP_NONCES[] = "DELETE FROM peer_nonce WHERE peer = ?1";
static const char SQL_DROP_COUNTS[] = "DELETE FROM peer_count WHERE who = 'peer:' || ?1 OR "
                                      "who LIKE 'user:%:' || ?1";
static const char SQL_DROP_META[] = "DELETE FROM peer_meta WHERE peer = ?1";
static const char SQL_META_GET[] = "SELECT fingerprint FROM peer_meta WHERE peer = ?1";
static const char SQL_META_SET[] =
    "INSERT INTO peer_meta(peer, fingerprint, set_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (peer) DO UPDATE SET fingerprint = excluded.fingerprint, set_at = excluded.set_at";
static const char SQL_NONCE[] = "INSERT INTO peer_nonce(peer, qid, at) VALUES (?1, ?2, ?3)";
static const char SQL_COUNT_ADD[] =
    "INSERT INTO peer_count(day, who, n) VALUES (?1, ?2, 1) "
    "ON CONFLICT (day, who) DO UPDATE SET n = peer_count.n + 1";
static const char SQL_COUNT_GET[] = "SELECT n FROM peer_count WHERE day = ?1 AND who = ?2";

int store_elsewhere_todo(struct store *st, const char *peer, int64_t *out, size_t cap,
                         size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    *out_n = 0;
    int rc = store__stmt(st, SQL_TODO, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, (int64_t)cap, e);
    while (rc == 0) {
        int r = store__step(st, s, "peer_tag.todo", e);
        if (r <= 0) {
            rc = r;
            break;
        }
        out[(*out_n)++] = store__col_i64(s, 0);
    }
    store__done(s);
    return rc;
}

int store_elsewhere_put(struct store *st, const char *peer, int64_t person_id, const char *kind,
                        const uint8_t *tag, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_PUT, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, person_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(kind), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 4, tag ? tag : (const uint8_t *)"",
                              tag ? CRYPTO_HASH_BYTES : 0, e);
    if (rc == 0)
        rc = store__step_done(st, s, "peer_tag.put", e);
    store__done(s);
    return rc;
}

int store_elsewhere_find(struct store *st, const char *peer, const char *kind,
                         const uint8_t tag[CRYPTO_HASH_BYTES], int64_t *out_id, struct err *e)
{
    store_stmt *s = NULL;
    *out_id = 0;
    int rc = store__stmt(st, SQL_FIND, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(kind), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 3, tag, CRYPTO_HASH_BYTES, e);
    if (rc == 0) {
        int r = store__step(st, s, "peer_tag.find", e);
        if (r == 1)
            *out_id = store__col_i64(s, 0);
        rc = r < 0 ? r : r == 1 ? 0 : ERR_NOTFOUND;
    }
    store__done(s);
    return rc;
}

int store_elsewhere_prune(struct store *st, int64_t nonce_before_ms, int64_t count_before_day,
                          struct err *e)
{
    int rc = store__exec(st, SQL_PRUNE_TAGS, "peer_tag.prune", e);
    if (rc == 0)
        rc = store__exec_ids(st, SQL_PRUNE_NONCES, "peer_nonce.prune", nonce_before_ms, 0, 0, e);
    if (rc == 0)
        rc = store__exec_ids(st, SQL_PRUNE_COUNTS, "peer_count.prune", count_before_day, 0, 0, e);
    return rc;
}

static int exec_peer(struct store *st, const char *sql, const char *op, const char *peer,
                     struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    return rc;
}

int store_elsewhere_drop(struct store *st, const char *peer, struct err *e)
{
    int rc = exec_peer(st, SQL_DROP_TAGS, "peer_tag.drop", peer, e);
    if (rc == 0)
        rc = exec_peer(st, SQL_DROP_NONCES, "peer_nonce.drop", peer, e);
    if (rc == 0)
        rc = exec_peer(st, SQL_DROP_COUNTS, "peer_count.drop", peer, e);
    return rc == 0 ? exec_peer(st, SQL_DROP_META, "peer_meta.drop", peer, e) : rc;
}

int store_elsewhere_meta(struct store *st, const char *peer, const uint8_t fp[CRYPTO_HASH_BYTES],
                         bool *out_reset, struct err *e)
{
    store_stmt *s = NULL;
    bool same = false, known = false;
    *out_reset = false;
    int rc = store__stmt(st, SQL_META_GET, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0) {
        int r = store__step(st, s, "peer_meta.get", e);
        if (r == 1) {
            const uint8_t *p = NULL;
            size_t n = 0;
            store__col_blob(s, 0, &p, &n, NULL);
            known = true;
            same = n == CRYPTO_HASH_BYTES && crypto_eq(p, fp, n);
        }
        rc = r < 0 ? r : 0;
    }
    store__done(s);
    if (rc != 0 || same)
        return rc;
    /* made under another key or cost (or before the fingerprint was kept): none can match */
    rc = exec_peer(st, SQL_DROP_TAGS, "peer_tag.drop", peer, e);
    *out_reset = rc == 0 && known;
    if (rc == 0)
        rc = store__stmt(st, SQL_META_SET, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, fp, CRYPTO_HASH_BYTES, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
    if (rc == 0)
        rc = store__step_done(st, s, "peer_meta.set", e);
    store__done(s);
    return rc;
}

int store_elsewhere_nonce(struct store *st, const char *peer,
                          const uint8_t qid[STORE_PEER_QID_BYTES], int64_t at_ms, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, SQL_NONCE, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(peer), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 2, qid, STORE_PEER_QID_BYTES, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, at_ms, e);
    if (rc == 0)
        rc = store__step_try(st, s, "peer_nonce.insert", e);
    store__done(s);
    return rc;
}

static int day_who(struct store *st, const char *sql, const char *op, int64_t day,
                   const char *who, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, day, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(who), e);
    if (rc == 0 && out == NULL)
        rc = store__step_done(st, s, op, e);
    else if (rc == 0) {
        int r = store__step(st, s, op, e);
        if (r == 1)
            *out = store__col_i64(s, 0);
        rc = r < 0 ? r : r == 1 ? 0 : err_internal(e, ERR_DB, "%s: no row", op);
    }
    store__done(s);
    return rc;
}

int store_elsewhere_count(struct store *st, int64_t day, const char *who, int64_t *out_n,
                          struct err *e)
{
    *out_n = 0;
    int rc = day_who(st, SQL_COUNT_ADD, "peer_count.add", day, who, NULL, e);
    return rc == 0 ? day_who(st, SQL_COUNT_GET, "peer_count.get", day, who, out_n, e) : rc;
}
