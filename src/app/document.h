/* document.h: attached documents (docs/documents.md): files (PDF, office documents, images,
 * plain text) attached to a signal or an agenda item, and later to a case, measure or decision.
 * The type is detected from the content (magic bytes and container structure), never from the
 * name; anything else is refused. The file name is kept only as a display name, cleaned. The
 * content is sealed under the owner's data key (store/document.h), so destroying a signal or case
 * shreds its documents too.
 *
 * Access follows the owner: a document may be listed and downloaded by whoever may read the
 * owning object, and uploaded by whoever may change it, each on top of the `document` rows of
 * policy.csv. An object the caller may not see answers 404 (no existence leak). Every upload is
 * an access-log `create` record in the same transaction; every list and download a `read`
 * record through *out_log, which the HTTP layer commits before the body leaves. The records name
 * the data subjects of the owning signal or case.
 *
 * Owners are a table in document.c (kind → one access function); adding the case, measure and
 * decision owners is one function and one table row each. Thread-safety: as every use-case (one
 * store connection per thread via app_store). */
#ifndef REGIE_APP_DOCUMENT_H
#define REGIE_APP_DOCUMENT_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define DOCUMENT_NAME_MAX 200     /* bytes of a cleaned display name */
#define DOCUMENT_NAME_IN_MAX 1024 /* bytes of a file name as sent, before cleaning */
#define DOCUMENT_PER_OWNER_MAX 500

/* The media type of p[0..n) judged by its content only, or NULL when it is none of the accepted
 * types: PDF, PNG, JPEG, GIF, WebP, OOXML (docx, xlsx, pptx: a ZIP archive with
 * [Content_Types].xml and word/, xl/ or ppt/ parts, without macros), legacy Word and Excel
 * (an OLE2 compound file with a WordDocument or Workbook stream, without macros), ODF (text,
 * spreadsheet, presentation: a ZIP archive whose first entry is the stored mimetype) and plain
 * UTF-8 text (no NUL or other control characters but tab, LF and CR; nothing that looks like
 * HTML, SVG or XML markup). Archives are refused when encrypted, with symbolic links, absolute or
 * "../" names, more than 10,000 entries, more than 512 MiB declared uncompressed, or a
 * compression ratio above 200:1 for a part over 1 MiB. Returns a static string. Pure function,
 * thread-safe; never reads outside p[0..n). */
const char *document_sniff(const void *p, size_t n);

/* Cleans a file name for display: the part after the last '/' or '\\'; C0/C1 control characters
 * and the characters Windows refuses (< > : " | ? *) become '_'; bidirectional and invisible
 * format characters (U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF) are
 * dropped; leading dots and spaces and trailing dots and spaces are removed; the result is cut
 * to DOCUMENT_NAME_MAX bytes at a character boundary, keeping a short extension. in must be valid
 * UTF-8 (else 0). Writes a NUL-terminated name into out (cap >= DOCUMENT_NAME_MAX + 1) and
 * returns its length; 0 when nothing usable is left. */
size_t document_filename_clean(struct str in, char *out, size_t cap);

/* POST /api/documents?owner=&owner_id=&filename= with the raw bytes in body. *out: {id,
 * filename, media_type, size, uploaded_at, uploaded_by}. Errors: ERR_INVAL (fields owner,
 * owner_id, filename, body: missing, unknown or empty), ERR_MEDIA (field body: not an accepted
 * type), ERR_TOOBIG (over document_max_bytes), ERR_NOTFOUND (owner not visible), ERR_FORBIDDEN,
 * ERR_CONFLICT (DOCUMENT_PER_OWNER_MAX reached), ERR_UNAVAILABLE (access log). */
int app_document_upload(struct app *a, const struct alog_req *rq, const char *owner,
                        int64_t owner_id, struct str filename, struct str body, json_t **out,
                        struct err *e) WUR;

/* GET /api/documents?owner=&owner_id=: {items:[metadata as above]}, oldest first. */
int app_document_list(struct app *a, const struct alog_req *rq, const char *owner, int64_t owner_id,
                      json_t **out, struct alog_pending **out_log, struct err *e) WUR;

/* One document's bytes for GET /api/documents/{id}/content. */
struct document_content {
    uint8_t *data; /* malloc'd: the caller owns it (wipe and free, or hand it on) */
    size_t n;
    const char *media_type; /* static string */
    char filename[DOCUMENT_NAME_MAX + 1];
};
/* Fills *out (release with document_content_release unless data was handed on). Errors:
 * ERR_NOTFOUND (no such document, or its owner is not visible), ERR_FORBIDDEN, ERR_CRYPTO. */
int app_document_content(struct app *a, const struct alog_req *rq, int64_t id,
                         struct document_content *out, struct alog_pending **out_log,
                         struct err *e) WUR;
/* Wipes and frees out->data (if still set) and wipes the name. NULL ok. */
void document_content_release(struct document_content *c);

#endif
