/* doc.c: sealed JSON documents and small statement helpers shared by the repositories that keep
 * personal content as documents (signal.c, meeting.c). A document is sealed under a group's data
 * key with AAD (table, "doc", row id). */
#include "core/common.h"

#include "core/rand.h"
#include "store/row.h"
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
                    store_stmt *s, int col, char **out, size_t *out_len, struct err *e)
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
    store_stmt *s = NULL;
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
            rc = store__step_try(st, s, op, e);
        store__done(s);
        free(ct);
        if (rc == 0) {
            *out_id = id;
            return 0;
        }
        /* A collision on the primary key is retried; other conflicts are the caller's. */
        if (rc != ERR_CONFLICT || store__last_constraint(st) != STORE_CONSTRAINT_PK)
            return rc;
        err_clear(e);
    }
    return err_internal(e, ERR_DB, "%s: no free id after %d attempts", op, STORE__ID_ATTEMPTS);
}

int store__bind_opt_i64(struct store *st, store_stmt *s, int idx, int64_t v, struct err *e)
{
    return v != 0 ? store__bind_i64(st, s, idx, v, e) : store__bind_null(st, s, idx, e);
}

int store__bind_opt_text(struct store *st, store_stmt *s, int idx, const char *v, struct err *e)
{
    return v != NULL && v[0] ? store__bind_text(st, s, idx, str_from_cstr(v), e)
                             : store__bind_null(st, s, idx, e);
}


int store__id_list(struct store *st, const char *sql, const char *op, int64_t key, int64_t *out,
                   size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, key, e);
    while (rc == 0 && (rc = store__step(st, s, op, e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel resultaten");
            break;
        }
        out[n++] = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store__exec_ids(struct store *st, const char *sql, const char *op, int64_t a, int64_t b,
                    int64_t c, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, a, e);
    if (rc == 0 && store__param_count(s) >= 2)
        rc = store__bind_i64(st, s, 2, b, e);
    if (rc == 0 && store__param_count(s) >= 3)
        rc = store__bind_i64(st, s, 3, c, e);
    if (rc == 0)
        rc = store__step_done(st, s, op, e);
    store__done(s);
    return rc;
}


/* ---- rows of the common shape (row.h) ------------------------------------------------------ */

void store_row_release(struct store_row *r)
{
    if (r == NULL)
        return;
    store_doc_free(r->doc, r->doc_len);
    r->doc = NULL;
    r->doc_len = 0;
}

void store_rows_release(struct store_row *r, size_t n)
{
    for (size_t i = 0; r != NULL && i < n; i++)
        store_row_release(&r[i]);
}

int store__row_cols(store_stmt *s, struct store_row *r, struct err *e)
{
    size_t len = 0;
    r->id = store__col_i64(s, 0);
    r->meeting_id = store__col_i64(s, 1);
    r->item_id = store__col_i64(s, 2);
    r->group_id = store__col_i64(s, 3);
    r->a = store__col_i64(s, 4);
    r->b = store__col_i64(s, 5);
    r->c = store__col_i64(s, 6);
    r->d = store__col_i64(s, 7);
    r->by = store__col_i64(s, 8);
    r->at = store__col_i64(s, 9);
    int rc = store__col_text(s, 10, r->code, sizeof(r->code), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 11, r->code2, sizeof(r->code2), &len, e);
    if (rc == 0)
        rc = store__col_text(s, 12, r->code3, sizeof(r->code3), &len, e);
    return rc;
}

/* Reads rows of the common shape; documents (column 13, when not NULL) are opened under each
 * row's group for (table, "doc", id). The last group key is kept while consecutive rows share
 * it. */
int store__read_rows(struct store *st, store_stmt *s, const char *table, const char *op,
                     struct store_row *out, size_t cap, size_t *out_n, struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int64_t key_group = 0;
    size_t n = 0;
    int rc = 0;
    while ((rc = store__step(st, s, op, e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel regels");
            break;
        }
        struct store_row *r = &out[n];
        memset(r, 0, sizeof(*r));
        rc = store__row_cols(s, r, e);
        if (rc == 0 && !store__col_is_null(s, 13)) {
            if (key_group != r->group_id) {
                crypto_wipe(dk, sizeof(dk));
                key_group = 0;
                rc = store__group_key(st, r->group_id, dk, e);
                if (rc == 0)
                    key_group = r->group_id;
            }
            if (rc == 0)
                rc = store__open_doc(dk, table, r->id, s, 13, &r->doc, &r->doc_len, e);
        }
        if (rc != 0)
            break;
        n++;
    }
    crypto_wipe(dk, sizeof(dk));
    if (rc != 0)
        store_rows_release(out, n);
    *out_n = rc == 0 ? n : 0;
    return rc;
}

int store__list_rows(struct store *st, const char *sql, const char *table, const char *op,
                     int64_t k1, int64_t k2, struct store_row *out, size_t cap, size_t *out_n,
                     struct err *e)
{
    store_stmt *s = NULL;
    *out_n = 0;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, k1, e);
    if (rc == 0 && store__param_count(s) >= 2)
        rc = store__bind_i64(st, s, 2, k2, e);
    if (rc == 0)
        rc = store__read_rows(st, s, table, op, out, cap, out_n, e);
    store__done(s);
    return rc;
}

/* Binds ?3.. of an insert from a row: the order is given per statement by the callers below. */
int store__bind_seq(struct store *st, store_stmt *s, const int64_t *v, size_t n, int first,
                    struct err *e)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__bind_i64(st, s, first + (int)i, v[i], e);
    return rc;
}

int store__insert_row(struct store *st, int64_t group_id, const char *sql, const char *table,
                      struct str doc, store__bind_fn fn, const void *ctx, int64_t *out_id,
                      struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int rc = store__group_key(st, group_id, dk, e);
    if (rc == 0)
        rc = store__insert_sealed(st, sql, table, dk, table, doc, 2, fn, ctx, out_id, e);
    crypto_wipe(dk, sizeof(dk));
    return rc;
}

int store__single_i64(struct store *st, const char *sql, const char *op, int64_t key,
                      int64_t *out, struct err *e)
{
    size_t n = 0;
    int rc = store__id_list(st, sql, op, key, out, 1, &n, e);
    if (rc == 0 && n == 0)
        rc = ERR_NOTFOUND;
    return rc;
}
