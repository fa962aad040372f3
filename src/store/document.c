/* document.c: attached documents (see document.h): one metadata row with the sealed display name
 * and the content in sealed chunks, all under the owner's data-key group. */
#include "core/common.h"

#include "core/clock.h"
#include "core/rand.h"
#include "store/document.h"
#include "store/store_int.h"

#define DOC_COLS                                                                                   \
    "id, owner_kind, owner_id, group_id, municipality_id, media_type, size, chunks, uploaded_by, " \
    "uploaded_at, filename_ct"

static const char SQL_DOC_ADD[] =
    "INSERT INTO document(id, filename_ct, owner_kind, owner_id, group_id, municipality_id, "
    "media_type, size, chunks, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11)";
static const char SQL_CHUNK_ADD[] =
    "INSERT INTO document_chunk(document_id, seq, content_ct) VALUES (?1, ?2, ?3)";
static const char SQL_DOC_GET[] = "SELECT " DOC_COLS " FROM document WHERE id = ?1";
static const char SQL_DOC_LIST[] =
    "SELECT " DOC_COLS " FROM document WHERE owner_kind = ?1 AND owner_id = ?2 "
    "ORDER BY uploaded_at, id LIMIT ?3";
static const char SQL_DOC_COUNT[] =
    "SELECT count(*) FROM document WHERE owner_kind = ?1 AND owner_id = ?2";
static const char SQL_CHUNKS[] =
    "SELECT seq, content_ct FROM document_chunk WHERE document_id = ?1 ORDER BY seq";
static const char SQL_ITEM_MEETING[] = "SELECT meeting_id FROM agenda_item WHERE id = ?1";

/* The AAD column of chunk seq of a document with n chunks. */
static void chunk_col(int64_t seq, int64_t n, char out[48])
{
    snprintf(out, 48, "content:%" PRId64 "/%" PRId64, seq, n);
}

static int64_t chunk_count(size_t size)
{
    return (int64_t)((size + STORE_DOC_CHUNK - 1) / STORE_DOC_CHUNK);
}

void store_document_wipe(struct store_document *d)
{
    if (d != NULL)
        crypto_wipe(d, sizeof(*d));
}

void store_document_content_free(uint8_t *p, size_t n)
{
    if (p == NULL)
        return;
    crypto_wipe(p, n);
    free(p);
}

/* ---- add ------------------------------------------------------------------------------------- */

/* Inserts the metadata row with a fresh random id (retried on a collision). */
static int insert_row(struct store *st, const struct store_document_in *in,
                      const uint8_t dk[CRYPTO_KEY_BYTES], int64_t chunks, int64_t *out_id,
                      struct err *e)
{
    uint8_t ct[STORE_DOC_NAME_MAX + CRYPTO_SEAL_OVERHEAD];
    for (int attempt = 0; attempt < STORE__ID_ATTEMPTS; attempt++) {
        store_stmt *s = NULL;
        int64_t id = rand_i53();
        size_t ctn = 0;
        int rc = crypto_seal(dk, "document", "filename", id, in->filename.p, in->filename.n, ct,
                             sizeof(ct), &ctn, e);
        if (rc == 0)
            rc = store__stmt(st, SQL_DOC_ADD, &s, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 1, id, e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 2, ct, ctn, e);
        if (rc == 0)
            rc = store__bind_text(st, s, 3, str_from_cstr(in->owner_kind), e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 4, in->owner_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 5, in->group_id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 6, in->municipality_id, e);
        if (rc == 0)
            rc = store__bind_text(st, s, 7, str_from_cstr(in->media_type), e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 8, (int64_t)in->size, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 9, chunks, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 10, in->uploaded_by, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 11, clock_now_ms(), e);
        if (rc == 0)
            rc = store__step_try(st, s, "document.add", e);
        store__done(s);
        crypto_wipe(ct, sizeof(ct));
        if (rc == 0) {
            *out_id = id;
            return 0;
        }
        if (rc != ERR_CONFLICT || store__last_constraint(st) != STORE_CONSTRAINT_PK)
            return rc;
        err_clear(e);
    }
    return err_internal(e, ERR_DB, "document.add: no free id after %d attempts",
                        STORE__ID_ATTEMPTS);
}

/* Seals and inserts every chunk of the content (one reused buffer). */
static int insert_chunks(struct store *st, const struct store_document_in *in,
                         const uint8_t dk[CRYPTO_KEY_BYTES], int64_t id, int64_t chunks,
                         struct err *e)
{
    size_t cap = STORE_DOC_CHUNK + CRYPTO_SEAL_OVERHEAD;
    uint8_t *ct = malloc(cap);
    int rc = ct ? 0 : ERR_NOMEM;
    const uint8_t *p = in->content;
    for (int64_t seq = 0; rc == 0 && seq < chunks; seq++) {
        size_t off = (size_t)seq * STORE_DOC_CHUNK;
        size_t n = in->size - off < STORE_DOC_CHUNK ? in->size - off : STORE_DOC_CHUNK;
        size_t ctn = 0;
        char col[48];
        store_stmt *s = NULL;
        chunk_col(seq, chunks, col);
        rc = crypto_seal(dk, "document", col, id, p + off, n, ct, cap, &ctn, e);
        if (rc == 0)
            rc = store__stmt(st, SQL_CHUNK_ADD, &s, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 1, id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, seq, e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 3, ct, ctn, e);
        if (rc == 0)
            rc = store__step_done(st, s, "document_chunk.add", e);
        store__done(s);
    }
    free(ct); /* ciphertext only: nothing to wipe */
    return rc;
}

int store_document_add(struct store *st, const struct store_document_in *in, int64_t *out_id,
                       struct err *e)
{
    uint8_t dk[CRYPTO_KEY_BYTES];
    int64_t id = 0;
    *out_id = 0;
    if (in->owner_kind == NULL || in->owner_kind[0] == '\0' ||
        strlen(in->owner_kind) > STORE_DOC_OWNER_MAX)
        return err_field(e, "owner_kind", "onbekende soort eigenaar");
    if (in->media_type == NULL || in->media_type[0] == '\0' ||
        strlen(in->media_type) > STORE_DOC_MEDIA_MAX)
        return err_field(e, "content", "onbekend bestandstype");
    if (in->content == NULL || in->size == 0 || in->size > STORE_DOC_CONTENT_MAX)
        return err_field(e, "content", "het bestand is leeg of te groot");
    int rc = store__check_name(in->filename, STORE_DOC_NAME_MAX, "filename", e);
    if (rc != 0)
        return rc;
    int64_t chunks = chunk_count(in->size);
    rc = store__group_key(st, in->group_id, dk, e);
    if (rc != 0)
        return rc;
    rc = store__sp_begin(st, e);
    if (rc == 0) {
        rc = insert_row(st, in, dk, chunks, &id, e);
        if (rc == 0)
            rc = insert_chunks(st, in, dk, id, chunks, e);
        int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
        if (rc == 0)
            rc = rc2;
    }
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0)
        *out_id = id;
    return rc;
}

/* ---- reads ----------------------------------------------------------------------------------- */

/* Fills d from the current row (DOC_COLS) and opens the name under dk. */
static int read_row(store_stmt *s, const uint8_t dk[CRYPTO_KEY_BYTES], struct store_document *d,
                    struct err *e)
{
    size_t len = 0;
    const uint8_t *ct = NULL;
    size_t ctn = 0;
    bool is_null = false;
    memset(d, 0, sizeof(*d));
    d->id = store__col_i64(s, 0);
    int rc = store__col_text(s, 1, d->owner_kind, sizeof(d->owner_kind), &len, e);
    d->owner_id = store__col_i64(s, 2);
    d->group_id = store__col_i64(s, 3);
    d->municipality_id = store__col_i64(s, 4);
    if (rc == 0)
        rc = store__col_text(s, 5, d->media_type, sizeof(d->media_type), &len, e);
    d->size = store__col_i64(s, 6);
    d->chunks = store__col_i64(s, 7);
    d->uploaded_by = store__col_i64(s, 8);
    d->uploaded_at = store__col_i64(s, 9);
    store__col_blob(s, 10, &ct, &ctn, &is_null);
    if (rc == 0 && (is_null || ctn < CRYPTO_SEAL_OVERHEAD))
        rc = err_set(e, ERR_CRYPTO, "gegevens konden niet worden ontsleuteld");
    if (rc == 0)
        rc = crypto_open(dk, "document", "filename", d->id, ct, ctn, d->filename,
                         sizeof(d->filename) - 1, &d->filename_len, e);
    if (rc == 0)
        d->filename[d->filename_len] = '\0';
    else
        store_document_wipe(d);
    return rc;
}

int store_document_get(struct store *st, int64_t id, struct store_document *out, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    memset(out, 0, sizeof(*out));
    int rc = store__stmt(st, SQL_DOC_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc == 0)
        rc = store__step(st, s, "document.get", e);
    if (rc == 0)
        rc = err_set(e, ERR_NOTFOUND, "document niet gevonden");
    if (rc == 1) {
        /* The key lookup uses other statements; this one stays on its row meanwhile. */
        rc = store__group_key(st, store__col_i64(s, 3), dk, e);
        if (rc == 0)
            rc = read_row(s, dk, out, e);
        crypto_wipe(dk, sizeof(dk));
    }
    store__done(s);
    return rc;
}

int store_document_list(struct store *st, const char *owner_kind, int64_t owner_id,
                        struct store_document *out, size_t cap, size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    int64_t key_group = 0;
    size_t n = 0;
    *out_n = 0;
    int rc = store__stmt(st, SQL_DOC_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(owner_kind), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, owner_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 3, (int64_t)cap + 1, e);
    while (rc == 0 && (rc = store__step(st, s, "document.list", e)) == 1) {
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel documenten");
            break;
        }
        int64_t g = store__col_i64(s, 3);
        rc = 0;
        if (g != key_group) {
            crypto_wipe(dk, sizeof(dk));
            key_group = 0;
            rc = store__group_key(st, g, dk, e);
            if (rc == 0)
                key_group = g;
        }
        if (rc == 0)
            rc = read_row(s, dk, &out[n], e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    if (rc != 0 && rc != ERR_TOOBIG) {
        for (size_t i = 0; i < n; i++)
            store_document_wipe(&out[i]);
        n = 0;
    }
    *out_n = n;
    return rc;
}

int store_document_count(struct store *st, const char *owner_kind, int64_t owner_id, int64_t *out,
                         struct err *e)
{
    store_stmt *s = NULL;
    *out = 0;
    int rc = store__stmt(st, SQL_DOC_COUNT, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, str_from_cstr(owner_kind), e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, owner_id, e);
    if (rc == 0)
        rc = store__step(st, s, "document.count", e);
    if (rc == 1) {
        *out = store__col_i64(s, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = err_internal(e, ERR_DB, "document.count: no row");
    }
    store__done(s);
    return rc;
}

int store_document_content(struct store *st, const struct store_document *d, uint8_t **out,
                           size_t *out_n, struct err *e)
{
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    *out = NULL;
    *out_n = 0;
    /* size and chunks are clear columns: bound them before trusting them with an allocation. */
    if (d->size <= 0 || d->size > STORE_DOC_CONTENT_MAX ||
        d->chunks != chunk_count((size_t)d->size))
        return err_set(e, ERR_CRYPTO, "het document is beschadigd");
    size_t size = (size_t)d->size;
    uint8_t *buf = malloc(size);
    if (buf == NULL)
        return ERR_NOMEM;
    int rc = store__group_key(st, d->group_id, dk, e);
    if (rc == 0)
        rc = store__stmt(st, SQL_CHUNKS, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, d->id, e);
    int64_t seq = 0;
    size_t off = 0;
    while (rc == 0 && (rc = store__step(st, s, "document.content", e)) == 1) {
        const uint8_t *ct = NULL;
        size_t ctn = 0, len = 0;
        bool is_null = false;
        char col[48];
        size_t want = size - off < STORE_DOC_CHUNK ? size - off : STORE_DOC_CHUNK;
        store__col_blob(s, 1, &ct, &ctn, &is_null);
        if (seq >= d->chunks || store__col_i64(s, 0) != seq || is_null ||
            ctn != want + CRYPTO_SEAL_OVERHEAD) {
            rc = err_set(e, ERR_CRYPTO, "het document is beschadigd");
            break;
        }
        chunk_col(seq, d->chunks, col);
        rc = crypto_open(dk, "document", col, d->id, ct, ctn, buf + off, want, &len, e);
        if (rc == 0 && len != want)
            rc = err_set(e, ERR_CRYPTO, "het document is beschadigd");
        off += len;
        seq++;
    }
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    if (rc == 0 && (seq != d->chunks || off != size))
        rc = err_set(e, ERR_CRYPTO, "het document is beschadigd");
    if (rc != 0) {
        store_document_content_free(buf, size);
        return rc == ERR_TOOBIG ? err_set(e, ERR_CRYPTO, "het document is beschadigd") : rc;
    }
    *out = buf;
    *out_n = size;
    return 0;
}

int store_document_item_meeting(struct store *st, int64_t item_id, int64_t *out_meeting_id,
                                struct err *e)
{
    store_stmt *s = NULL;
    *out_meeting_id = 0;
    int rc = store__stmt(st, SQL_ITEM_MEETING, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, item_id, e);
    if (rc == 0)
        rc = store__step(st, s, "document.item_meeting", e);
    if (rc == 1) {
        *out_meeting_id = store__col_i64(s, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "agendapunt niet gevonden");
    }
    store__done(s);
    return rc;
}
