/* document.h: the repository of attached documents (docs/documents.md): files attached to a
 * signal, an agenda item (and later a case, measure or decision). Same conventions as store.h.
 *
 * A document is one row in `document` (owner, data-key group, municipality, detected media type,
 * size, uploader, time; the display file name sealed with AAD ("document", "filename", id)) and
 * its content in `document_chunk` rows of at most STORE_DOC_CHUNK bytes, each sealed under the
 * owner's group key with AAD ("document", "content:<seq>/<chunks>", id): a chunk cannot be moved
 * to another document or position, and a removed last chunk is noticed (every chunk names the
 * total). Nothing of the file is stored in clear, not even a hash (a plaintext hash would show
 * that two documents are equal). Rows are immutable (triggers refuse updates); destroying the
 * group's key makes every document of the group unreadable. This layer does not decide access
 * and does not look at the content: the app layer checks the type. */
#ifndef REGIE_STORE_DOCUMENT_H
#define REGIE_STORE_DOCUMENT_H

#include "store/store.h"

#define STORE_DOC_CHUNK (1024 * 1024)            /* plaintext bytes per sealed chunk */
#define STORE_DOC_CONTENT_MAX (64 * 1024 * 1024) /* hard ceiling on one document's size */
#define STORE_DOC_NAME_MAX 200                   /* bytes of the display file name */
#define STORE_DOC_MEDIA_MAX 100                  /* bytes of the media type */
#define STORE_DOC_OWNER_MAX 24                   /* bytes of the owner kind code */

struct store_document_in {
    const char *owner_kind; /* "signal", "case", "meeting_item", "measure", "decision" */
    int64_t owner_id;
    int64_t group_id;        /* the data-key group of the owner: the content is sealed under it */
    int64_t municipality_id; /* the municipality that owns the owner */
    const char *media_type;  /* detected by the app layer */
    struct str filename;     /* display name, 1..STORE_DOC_NAME_MAX bytes, already cleaned */
    const void *content;     /* 1..STORE_DOC_CONTENT_MAX bytes */
    size_t size;
    int64_t uploaded_by;
};

/* Metadata of a document with its opened display name: wipe with store_document_wipe. */
struct store_document {
    int64_t id;
    char owner_kind[STORE_DOC_OWNER_MAX + 1];
    int64_t owner_id;
    int64_t group_id;
    int64_t municipality_id;
    char media_type[STORE_DOC_MEDIA_MAX + 1];
    int64_t size;
    int64_t chunks;
    int64_t uploaded_by;
    int64_t uploaded_at; /* ms */
    char filename[STORE_DOC_NAME_MAX + 1];
    size_t filename_len;
};

/* Stores a document with a random id (< 2^53) atomically (an internal savepoint: the row and all
 * its chunks, or nothing). Errors: ERR_INVAL (fields "owner_kind", "filename", "content";
 * CHECK/foreign-key violations; no keyring), ERR_NOTFOUND (no such group), ERR_CRYPTO (the group
 * was destroyed), ERR_TOOBIG, ERR_NOMEM, ERR_DB. Not thread-safe (one connection per thread). */
int store_document_add(struct store *st, const struct store_document_in *in, int64_t *out_id,
                       struct err *e) WUR;

/* Reads one document's metadata and opens its name. ERR_NOTFOUND; ERR_CRYPTO when the group
 * was destroyed or the name does not authenticate (*out is wiped then). */
int store_document_get(struct store *st, int64_t id, struct store_document *out, struct err *e) WUR;

/* The documents of one owner, oldest first, into out[0..cap) (ERR_TOOBIG beyond cap; the first
 * cap are written). A document whose name cannot be opened fails the whole list (ERR_CRYPTO). */
int store_document_list(struct store *st, const char *owner_kind, int64_t owner_id,
                        struct store_document *out, size_t cap, size_t *out_n, struct err *e) WUR;

/* How many documents an owner has (for the write-time limit). */
int store_document_count(struct store *st, const char *owner_kind, int64_t owner_id, int64_t *out,
                         struct err *e) WUR;

/* Opens the content of d (as read by store_document_get) into a malloc'd buffer of d->size
 * bytes: *out is the caller's, release it with store_document_content_free. Every chunk must be
 * present, in order, authentic and of the right length, else ERR_CRYPTO (nothing is returned). */
int store_document_content(struct store *st, const struct store_document *d, uint8_t **out,
                           size_t *out_n, struct err *e) WUR;

/* Wipes and frees a buffer from store_document_content. NULL ok. */
void store_document_content_free(uint8_t *p, size_t n);

/* Wipes a store_document (sodium_memzero). NULL ok. */
void store_document_wipe(struct store_document *d);

/* The meeting an agenda item belongs to (to resolve the owner "meeting_item"). ERR_NOTFOUND. */
int store_document_item_meeting(struct store *st, int64_t item_id, int64_t *out_meeting_id,
                                struct err *e) WUR;

#endif
