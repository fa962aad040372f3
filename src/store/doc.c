/* doc.c: sealed JSON documents and small statement helpers shared by the repositories that keep
 * personal content as documents (signal.c, meeting.c). A document is sealed under a group's data
 * key with AAD (table, "doc", row id). */
#include "core/common.h"

#include "core/rand.h"
#include "store/signal.h"
#include "store/store_int.h"

void store_doc_free(char *doc, size_t n)
{
    if (doc == NULL)
        return;
    crypto_wipe(doc, n);
    free(doc);
}

/* Seals doc for (table, "doc", id) under dk into a malloc'd buffer. */
int store__seal_doc(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, int64_t id,
                    struct str doc, uint8_t **out, size_t *out_n, struct err *e)
{
    *out = NULL;
    *out_n = 0;
    if (doc.n > STORE_DOC_MAX)
        return err_set(e, ERR_TOOBIG, "de gegevens zijn te groot");
    size_t cap = doc.n + CRYPTO_SEAL_OVERHEAD;
    uint8_t *ct = malloc(cap);
    if (ct == NULL)
        return ERR_NOMEM;
    int rc = crypto_seal(dk, table, "doc", id, doc.p, doc.n, ct, cap, out_n, e);
    if (rc != 0) {
        free(ct);
        return rc;
    }
    *out = ct;
    return 0;
}

/* Opens column col of the current row of s for (table, "doc", id) into a malloc'd NUL-terminated
 * string. */
int store__open_doc(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, int64_t id,
                    sqlite3_stmt *s, int col, char **out, size_t *out_len, struct err *e)
{
    const uint8_t *ct = NULL;
    size_t n = 0, len = 0;
    bool is_null = false;
    *out = NULL;
    *out_len = 0;
    store__col_blob(s, col, &ct, &n, &is_null);
    if (is_null || n < CRYPTO_SEAL_OVERHEAD)
        return err_set(e, ERR_CRYPTO, "gegevens konden niet worden ontsleuteld");
    char *pt = malloc(n - CRYPTO_SEAL_OVERHEAD + 1);
    if (pt == NULL)
        return ERR_NOMEM;
    int rc = crypto_open(dk, table, "doc", id, ct, n, pt, n - CRYPTO_SEAL_OVERHEAD, &len, e);
    if (rc != 0) {
        free(pt);
        return rc;
    }
    pt[len] = '\0';
    *out = pt;
    *out_len = len;
    return 0;
}


int store__insert_sealed(struct store *st, const char *sql, const char *op,
                         const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, struct str doc,
                         int doc_idx, store__bind_fn bind_rest, const void *ctx, int64_t *out_id,
                         struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc != 0)
        return rc;
    for (int attempt = 0; attempt < STORE__ID_ATTEMPTS; attempt++) {
        int64_t id = rand_i53();
        uint8_t *ct = NULL;
        size_t ctn = 0;
        rc = doc_idx > 0 ? store__seal_doc(dk, table, id, doc, &ct, &ctn, e) : 0;
        if (rc == 0)
            rc = store__bind_i64(st, s, 1, id, e);
        if (rc == 0 && doc_idx > 0)
            rc = store__bind_blob(st, s, doc_idx, ct, ctn, e);
        if (rc == 0)
            rc = bind_rest(st, s, ctx, e);
        if (rc == 0)
            rc = store__step_done(st, s, op, e);
        store__done(s);
        free(ct);
        if (rc == 0) {
            *out_id = id;
            return 0;
        }
        /* A collision on the primary key is retried; other conflicts are the caller's. */
        if (rc != ERR_CONFLICT || sqlite3_extended_errcode(st->db) != SQLITE_CONSTRAINT_PRIMARYKEY)
            return rc;
        err_clear(e);
    }
    return err_internal(e, ERR_DB, "%s: no free id after %d attempts", op, STORE__ID_ATTEMPTS);
}

int store__bind_opt_i64(struct store *st, sqlite3_stmt *s, int idx, int64_t v, struct err *e)
{
    return v != 0 ? store__bind_i64(st, s, idx, v, e) : store__bind_null(st, s, idx, e);
}

int store__bind_opt_text(struct store *st, sqlite3_stmt *s, int idx, const char *v, struct err *e)
{
    return v != NULL && v[0] ? store__bind_text(st, s, idx, str_from_cstr(v), e)
                             : store__bind_null(st, s, idx, e);
}


int store__id_list(struct store *st, const char *sql, const char *op, int64_t key, int64_t *out,
                   size_t cap, size_t *out_n, struct err *e)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, key, e);
    while (rc == 0 && (rc = store__step(st, s, op, e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel resultaten");
            break;
        }
        out[n++] = sqlite3_column_int64(s, 0);
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store__exec_ids(struct store *st, const char *sql, const char *op, int64_t a, int64_t b,
                    int64_t c, struct err *e)
{
    sqlite3_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, a, e);
    if (rc == 0 && sqlite3_bind_parameter_count(s) >= 2)
        rc = store__bind_i64(st, s, 2, b, e);
    if (rc == 0 && sqlite3_bind_parameter_count(s) >= 3)
        rc = store__bind_i64(st, s, 3, c, e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    return rc;
}

