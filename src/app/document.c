/* document.c: attached documents (see document.h and docs/documents.md): the content sniffer,
 * the file-name cleaner, the owner table and the three use-cases. */
#include "core/common.h"

#include <strings.h>

#include "app/case.h"
#include "app/document.h"
#include "app/input.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "core/config.h"
#include "core/crypto.h"
#include "store/document.h"
#include "store/store.h"

#define LIST_MAX DOCUMENT_PER_OWNER_MAX
#define SUBJ_MAX 64
#define PARTS_MAX 64

/* ---- media types ----------------------------------------------------------------------------- */

static const char T_PDF[] = "application/pdf";
static const char T_PNG[] = "image/png";
static const char T_JPEG[] = "image/jpeg";
static const char T_GIF[] = "image/gif";
static const char T_WEBP[] = "image/webp";
static const char T_DOCX[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
static const char T_XLSX[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
static const char T_PPTX[] =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";
static const char T_DOC[] = "application/msword";
static const char T_XLS[] = "application/vnd.ms-excel";
static const char T_ODT[] = "application/vnd.oasis.opendocument.text";
static const char T_ODS[] = "application/vnd.oasis.opendocument.spreadsheet";
static const char T_ODP[] = "application/vnd.oasis.opendocument.presentation";
static const char T_TEXT[] = "text/plain";

static const char *const MEDIA_TYPES[] = {T_PDF,  T_PNG, T_JPEG, T_GIF, T_WEBP, T_DOCX, T_XLSX,
                                          T_PPTX, T_DOC, T_XLS,  T_ODT, T_ODS,  T_ODP,  T_TEXT};

/* The static string of a stored media type (NULL when this binary does not know it). */
static const char *media_static(const char *t)
{
    for (size_t i = 0; i < ARRAY_LEN(MEDIA_TYPES); i++)
        if (strcmp(MEDIA_TYPES[i], t) == 0)
            return MEDIA_TYPES[i];
    return NULL;
}

/* ---- the sniffer ----------------------------------------------------------------------------- */

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)(p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool has_prefix(const uint8_t *p, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(p, magic, m) == 0;
}

/* -- OLE2 compound files (legacy .doc / .xls) -- */

#define OLE_END 0xFFFFFFFAu /* ids at or above this are markers (end of chain, free, ...) */
#define OLE_HEADER_FAT 109u /* FAT sector ids held in the header */
#define OLE_DIR_SECTORS 256 /* directory sectors walked at most (cycle guard) */

/* The FAT entry of sector sid (the next sector of its chain), or OLE_END when it cannot be read
 * within the header's FAT sectors. */
static uint32_t ole_next(const uint8_t *p, size_t n, size_t ss, uint32_t sid)
{
    size_t per = ss / 4;
    size_t idx = sid / per;
    if (idx >= OLE_HEADER_FAT)
        return OLE_END;
    uint32_t fat = le32(p + 76 + 4 * idx);
    if (fat >= OLE_END)
        return OLE_END;
    size_t off = ((size_t)fat + 1) * ss + (sid % per) * 4;
    if (off > n || n - off < 4)
        return OLE_END;
    return le32(p + off);
}

/* Does directory entry de (128 bytes) have the ASCII name want (UTF-16LE in the entry)? */
static bool ole_name_is(const uint8_t *de, const char *want)
{
    size_t wl = strlen(want);
    uint16_t nl = le16(de + 64); /* bytes, with the terminating NUL */
    if (nl != (wl + 1) * 2)
        return false;
    for (size_t i = 0; i < wl; i++)
        if (de[2 * i] != (uint8_t)want[i] || de[2 * i + 1] != 0)
            return false;
    return true;
}

static const char *sniff_ole(const uint8_t *p, size_t n)
{
    if (n < 512)
        return NULL;
    uint16_t shift = le16(p + 30);
    if (shift != 9 && shift != 12)
        return NULL;
    size_t ss = (size_t)1 << shift;
    bool word = false, excel = false, macros = false;
    uint32_t sid = le32(p + 48);
    for (int hops = 0; sid < OLE_END; hops++) {
        size_t off = ((size_t)sid + 1) * ss;
        if (hops >= OLE_DIR_SECTORS || off > n || n - off < ss)
            return NULL; /* a cycle or a directory outside the file */
        for (size_t k = 0; k < ss / 128; k++) {
            const uint8_t *de = p + off + k * 128;
            uint8_t type = de[66]; /* 1 storage, 2 stream, 5 root */
            if (type == 2 && ole_name_is(de, "WordDocument"))
                word = true;
            else if (type == 2 && (ole_name_is(de, "Workbook") || ole_name_is(de, "Book")))
                excel = true;
            else if (type == 1 && (ole_name_is(de, "Macros") ||
                                   ole_name_is(de, "_VBA_PROJECT_CUR") || ole_name_is(de, "VBA")))
                macros = true;
        }
        sid = ole_next(p, n, ss, sid);
    }
    if (macros || word == excel) /* neither (msi, msg, ...), both (crafted) or with macros */
        return NULL;
    return word ? T_DOC : T_XLS;
}

/* -- ZIP containers (OOXML, ODF) -- */

#define ZIP_MAX_ENTRIES 10000u
#define ZIP_MAX_TOTAL (512ull * 1024 * 1024)
#define ZIP_MAX_RATIO 200u
#define ZIP_RATIO_FLOOR (1024u * 1024)

static bool name_has_prefix(const uint8_t *name, size_t nl, const char *pre)
{
    size_t m = strlen(pre);
    return nl >= m && memcmp(name, pre, m) == 0;
}

static bool name_is(const uint8_t *name, size_t nl, const char *s)
{
    return nl == strlen(s) && memcmp(name, s, nl) == 0;
}

static bool name_ends(const uint8_t *name, size_t nl, const char *suf)
{
    size_t m = strlen(suf);
    return nl >= m && memcmp(name + nl - m, suf, m) == 0;
}

/* An entry name that could escape the extraction directory or hide a NUL. */
static bool name_unsafe(const uint8_t *name, size_t nl)
{
    if (nl == 0 || name[0] == '/' || memchr(name, '\\', nl) || memchr(name, '\0', nl))
        return true;
    for (size_t i = 0; i + 1 < nl; i++)
        if (name[i] == '.' && name[i + 1] == '.' && (i == 0 || name[i - 1] == '/') &&
            (i + 2 == nl || name[i + 2] == '/'))
            return true;
    return nl == 2 && name[0] == '.' && name[1] == '.';
}

/* Offset of the end-of-central-directory record, or SIZE_MAX. */
static size_t zip_eocd(const uint8_t *p, size_t n)
{
    if (n < 22)
        return SIZE_MAX;
    size_t lowest = n - 22 > 65535 ? n - 22 - 65535 : 0;
    for (size_t i = n - 22 + 1; i-- > lowest;)
        if (memcmp(p + i, "PK\x05\x06", 4) == 0 && (size_t)le16(p + i + 20) == n - i - 22)
            return i;
    return SIZE_MAX;
}

/* The stored "mimetype" first entry of an ODF package, as a static type, or NULL. */
static const char *odf_type(const uint8_t *p, size_t n)
{
    uint16_t method = le16(p + 8), nl = le16(p + 26), xl = le16(p + 28);
    uint32_t csize = le32(p + 18), usize = le32(p + 22);
    if (method != 0 || nl != 8 || memcmp(p + 30, "mimetype", 8) != 0 || csize != usize)
        return NULL;
    size_t off = 30u + nl + xl;
    if (off > n || n - off < csize)
        return NULL;
    static const char *const types[] = {T_ODT, T_ODS, T_ODP};
    for (size_t i = 0; i < ARRAY_LEN(types); i++)
        if (csize == strlen(types[i]) && memcmp(p + off, types[i], csize) == 0)
            return types[i];
    return NULL;
}

static const char *sniff_zip(const uint8_t *p, size_t n)
{
    if (n < 30 + 8)
        return NULL;
    size_t eo = zip_eocd(p, n);
    if (eo == SIZE_MAX)
        return NULL;
    const uint8_t *ed = p + eo;
    uint16_t disk = le16(ed + 4), cd_disk = le16(ed + 6);
    uint16_t here = le16(ed + 8), total = le16(ed + 10);
    uint32_t cd_size = le32(ed + 12), cd_off = le32(ed + 16);
    if (disk != 0 || cd_disk != 0 || here != total || total == 0 || total > ZIP_MAX_ENTRIES ||
        cd_off == 0xFFFFFFFFu || (size_t)cd_off > eo || eo - cd_off < cd_size)
        return NULL;
    bool content_types = false, word = false, xl = false, ppt = false, macros = false;
    uint64_t sum = 0;
    size_t q = cd_off, end = (size_t)cd_off + cd_size;
    for (uint32_t k = 0; k < total; k++) {
        if (q > end || end - q < 46 || memcmp(p + q, "PK\x01\x02", 4) != 0)
            return NULL;
        const uint8_t *c = p + q;
        uint16_t made_by = le16(c + 4), flags = le16(c + 8);
        uint32_t csize = le32(c + 20), usize = le32(c + 24), ext = le32(c + 38), loc = le32(c + 42);
        uint16_t nl = le16(c + 28), xlen = le16(c + 30), cl = le16(c + 32);
        size_t len = 46u + nl + xlen + cl;
        if (end - q < len)
            return NULL;
        const uint8_t *name = c + 46;
        if ((flags & 1u) != 0 || csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || loc == 0xFFFFFFFFu)
            return NULL; /* encrypted or zip64 */
        if ((made_by >> 8) == 3 && ((ext >> 16) & 0170000u) == 0120000u)
            return NULL; /* a symbolic link */
        if (name_unsafe(name, nl))
            return NULL;
        if ((size_t)loc > cd_off || cd_off - loc < 30 || memcmp(p + loc, "PK\x03\x04", 4) != 0)
            return NULL; /* an entry that points outside the archive */
        sum += usize;
        if (sum > ZIP_MAX_TOTAL)
            return NULL;
        if (usize > ZIP_RATIO_FLOOR && (csize == 0 || usize / csize > ZIP_MAX_RATIO))
            return NULL; /* a compression bomb, or a lie about the sizes */
        content_types = content_types || name_is(name, nl, "[Content_Types].xml");
        word = word || name_has_prefix(name, nl, "word/");
        xl = xl || name_has_prefix(name, nl, "xl/");
        ppt = ppt || name_has_prefix(name, nl, "ppt/");
        macros = macros || name_ends(name, nl, "vbaProject.bin") ||
                 name_has_prefix(name, nl, "Basic/") || name_has_prefix(name, nl, "Scripts/");
        q += len;
    }
    if (macros)
        return NULL;
    const char *odf = odf_type(p, n);
    int kinds = (int)word + (int)xl + (int)ppt;
    if (odf != NULL)
        return content_types || kinds ? NULL : odf;
    if (!content_types || kinds != 1)
        return NULL;
    return word ? T_DOCX : xl ? T_XLSX : T_PPTX;
}

/* -- plain text -- */

/* Markup a browser or viewer might render: refused even as text. */
static bool looks_like_markup(const uint8_t *p, size_t n)
{
    static const char *const tags[] = {
        "<script", "<html",   "<svg",   "<iframe", "<!doctype", "<?xml", "<body",
        "<head",   "<object", "<embed", "<meta",   "<style",    "<img",  "<link",
        "<base",   "<form",   "<frame", "<math",   "<xsl",      "<!--",  "<a ",
    };
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    if (i < n && p[i] == '<')
        return true;
    for (const uint8_t *c = memchr(p, '<', n); c != NULL;
         c = memchr(c + 1, '<', n - (size_t)(c + 1 - p))) {
        size_t left = n - (size_t)(c - p);
        for (size_t t = 0; t < ARRAY_LEN(tags); t++) {
            size_t m = strlen(tags[t]);
            if (left >= m && strncasecmp((const char *)c, tags[t], m) == 0)
                return true;
        }
        if (c + 1 >= p + n)
            break;
    }
    return false;
}

static const char *sniff_text(const uint8_t *p, size_t n)
{
    if (!str_utf8_valid((struct str){(const char *)p, n}, false) || looks_like_markup(p, n))
        return NULL;
    return T_TEXT;
}

const char *document_sniff(const void *data, size_t n)
{
    const uint8_t *p = data;
    if (p == NULL || n == 0)
        return NULL;
    if (has_prefix(p, n, "%PDF-", 5))
        return n > 5 && p[5] >= '1' && p[5] <= '9' ? T_PDF : NULL;
    if (has_prefix(p, n, "\x89PNG\r\n\x1a\n", 8))
        return n > 8 ? T_PNG : NULL;
    if (has_prefix(p, n, "\xFF\xD8\xFF", 3))
        return n > 3 ? T_JPEG : NULL;
    if (has_prefix(p, n, "GIF87a", 6) || has_prefix(p, n, "GIF89a", 6))
        return n > 6 ? T_GIF : NULL;
    if (has_prefix(p, n, "RIFF", 4))
        return n > 12 && memcmp(p + 8, "WEBP", 4) == 0 ? T_WEBP : NULL;
    if (has_prefix(p, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return sniff_ole(p, n);
    if (has_prefix(p, n, "PK\x03\x04", 4))
        return sniff_zip(p, n);
    return sniff_text(p, n);
}

/* ---- file names ------------------------------------------------------------------------------ */

/* Length of the UTF-8 sequence at p[0..n) (input already validated), and its code point. */
static size_t utf8_at(const uint8_t *p, size_t n, uint32_t *cp)
{
    if (p[0] < 0x80 || n < 2) {
        *cp = p[0];
        return 1;
    }
    if (p[0] < 0xE0) {
        *cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
        return 2;
    }
    if (p[0] < 0xF0 && n >= 3) {
        *cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        return 3;
    }
    if (n >= 4) {
        *cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
              (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
        return 4;
    }
    *cp = 0xFFFD;
    return n;
}

static bool invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

static bool replaced(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == '<' || cp == '>' ||
           cp == ':' || cp == '"' || cp == '|' || cp == '?' || cp == '*';
}

size_t document_filename_clean(struct str in, char *out, size_t cap)
{
    char tmp[DOCUMENT_NAME_IN_MAX + 1];
    size_t t = 0;
    if (cap < DOCUMENT_NAME_MAX + 1 || in.p == NULL || in.n > DOCUMENT_NAME_IN_MAX ||
        !str_utf8_valid(in, true)) {
        if (cap)
            out[0] = '\0';
        return 0;
    }
    /* The base name: after the last separator. */
    size_t start = 0;
    for (size_t i = 0; i < in.n; i++)
        if (in.p[i] == '/' || in.p[i] == '\\')
            start = i + 1;
    const uint8_t *p = (const uint8_t *)in.p + start;
    size_t n = in.n - start;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t len = utf8_at(p + i, n - i, &cp);
        if (invisible(cp)) {
            /* dropped */
        } else if (replaced(cp)) {
            tmp[t++] = '_';
        } else {
            memcpy(tmp + t, p + i, len);
            t += len;
        }
        i += len;
    }
    /* Leading dots and spaces (hidden files), trailing dots and spaces (Windows). */
    size_t b = 0;
    while (b < t && (tmp[b] == '.' || tmp[b] == ' '))
        b++;
    while (t > b && (tmp[t - 1] == '.' || tmp[t - 1] == ' '))
        t--;
    size_t len = t - b;
    const char *s = tmp + b;
    if (len <= DOCUMENT_NAME_MAX) {
        memcpy(out, s, len);
        out[len] = '\0';
        return len;
    }
    /* Too long: keep a short extension and cut the stem at a character boundary. */
    size_t ext = 0;
    for (size_t i = len; i-- > 0 && len - i <= 16;)
        if (s[i] == '.') {
            ext = len - i;
            break;
        }
    size_t stem = DOCUMENT_NAME_MAX - ext;
    while (stem > 0 && ((unsigned char)s[stem] & 0xC0) == 0x80)
        stem--;
    memcpy(out, s, stem);
    memcpy(out + stem, s + len - ext, ext);
    out[stem + ext] = '\0';
    return stem + ext;
}

/* ---- owners ---------------------------------------------------------------------------------- */

/* What the use-cases need of an owning object: its key group, municipality, the data subjects
 * for the access log and the relations for the `document` policy rows. */
struct owner {
    int64_t group_id;
    int64_t municipality_id;
    int64_t parts[PARTS_MAX];
    size_t n_parts;
    bool designated;
    int64_t persons[SUBJ_MAX];
    size_t n_persons;
    uint32_t cats; /* access-log data category of its documents */
};

/* Fills *o when who may read (write false) or add to (write true) the owner id; ERR_NOTFOUND
 * when it does not exist or who may not see it, ERR_FORBIDDEN when who may see but not add. */
typedef int (*owner_fn)(struct store *st, const struct actor *who, int64_t id, bool write,
                        struct owner *o, struct err *e);

static int owner_signal(struct store *st, const struct actor *who, int64_t id, bool write,
                        struct owner *o, struct err *e)
{
    struct app_signal_access acc;
    int rc = app_signal_may(st, who, id, write ? "update" : "read", &acc, e);
    if (rc != 0)
        return rc;
    _Static_assert(PARTS_MAX >= APP_SIGNAL_ACCESS_PARTS && SUBJ_MAX >= APP_SIGNAL_ACCESS_PERSONS,
                   "owner must hold a signal's relations");
    o->group_id = acc.group_id;
    o->municipality_id = acc.municipality_id;
    memcpy(o->parts, acc.parts, acc.n_parts * sizeof(acc.parts[0]));
    o->n_parts = acc.n_parts;
    o->designated = acc.designated;
    memcpy(o->persons, acc.persons, acc.n_persons * sizeof(acc.persons[0]));
    o->n_persons = acc.n_persons;
    o->cats = acc.restricted ? AUDIT_CAT_AMBTSBERICHT : AUDIT_CAT_SIGNAL;
    return 0;
}

static int owner_item(struct store *st, const struct actor *who, int64_t id, bool write,
                      struct owner *o, struct err *e)
{
    struct app_item_access acc;
    int64_t meeting_id = 0;
    int rc = store_document_item_meeting(st, id, &meeting_id, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return err_set(e, ERR_NOTFOUND,
                       "Dit agendapunt bestaat niet of u heeft er geen toegang toe.");
    }
    if (rc == 0)
        rc = app_meeting_item_may(st, who, meeting_id, id, write, &acc, e);
    if (rc != 0)
        return rc;
    _Static_assert(PARTS_MAX >= APP_ITEM_ACCESS_PARTS && SUBJ_MAX >= APP_ITEM_ACCESS_PERSONS,
                   "owner must hold an item's relations");
    o->group_id = acc.group_id;
    o->municipality_id = acc.municipality_id;
    memcpy(o->parts, acc.parts, acc.n_parts * sizeof(acc.parts[0]));
    o->n_parts = acc.n_parts;
    o->designated = acc.designated;
    memcpy(o->persons, acc.persons, acc.n_persons * sizeof(acc.persons[0]));
    o->n_persons = acc.n_persons;
    o->cats = AUDIT_CAT_MINUTES;
    return 0;
}

static int owner_case_or_measure(struct store *st, const struct actor *who, const char *kind,
                                 int64_t id, bool write, struct owner *o, struct err *e)
{
    struct app_item_access acc;
    int rc = app_case_may(st, who, kind, id, write, &acc, e);
    if (rc != 0)
        return rc;
    o->group_id = acc.group_id;
    o->municipality_id = acc.municipality_id;
    memcpy(o->parts, acc.parts, acc.n_parts * sizeof(acc.parts[0]));
    o->n_parts = acc.n_parts;
    o->designated = acc.designated;
    memcpy(o->persons, acc.persons, acc.n_persons * sizeof(acc.persons[0]));
    o->n_persons = acc.n_persons;
    o->cats = AUDIT_CAT_PLAN;
    return 0;
}

static int owner_case(struct store *st, const struct actor *who, int64_t id, bool write,
                      struct owner *o, struct err *e)
{
    return owner_case_or_measure(st, who, "case", id, write, o, e);
}

static int owner_measure(struct store *st, const struct actor *who, int64_t id, bool write,
                         struct owner *o, struct err *e)
{
    return owner_case_or_measure(st, who, "measure", id, write, o, e);
}

/* The owner kinds (the CHECK of document.owner_kind also allows 'decision': it needs one
 * function here and one row below). */
static const struct {
    const char *kind;
    owner_fn fn;
} OWNERS[] = {
    {"signal", owner_signal},
    {"meeting_item", owner_item},
    {"case", owner_case},
    {"measure", owner_measure},
};

static owner_fn owner_find(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < ARRAY_LEN(OWNERS); i++)
        if (strcmp(OWNERS[i].kind, kind) == 0)
            return OWNERS[i].fn;
    return NULL;
}

static struct policy_obj owner_obj(const struct owner *o)
{
    return (struct policy_obj){.owner_org_id = o->municipality_id,
                               .participant_org_ids = o->parts,
                               .n_participants = o->n_parts,
                               .designated = o->designated};
}

/* ---- small helpers --------------------------------------------------------------------------- */

static int not_found(struct err *e)
{
    err_clear(e);
    return err_set(e, ERR_NOTFOUND, "Dit document bestaat niet of u heeft er geen toegang toe.");
}

/* Checks the owner query values (named field errors); the owner function or NULL. */
static owner_fn check_owner(const char *owner, int64_t owner_id, struct err *e)
{
    owner_fn fn = owner_find(owner);
    if (owner == NULL || owner[0] == '\0')
        err_field(e, "owner", "verplicht: signal, meeting_item, case of measure");
    else if (fn == NULL)
        err_field(e, "owner", "onbekend (mogelijk: signal, meeting_item, case, measure)");
    if (owner_id <= 0)
        err_field(e, "owner_id", "verplicht: het nummer van de melding, het agendapunt, de "
                                 "casus of de maatregel");
    return fn;
}

/* Loads the owner for who: 404 (also for ERR_FORBIDDEN of a read), 403 for a write that the
 * owner refuses, then the `document` row for action. */
static int owner_open(struct store *st, const struct actor *who, owner_fn fn, int64_t id,
                      const char *action, struct owner *o, struct err *e)
{
    bool write = strcmp(action, "create") == 0;
    memset(o, 0, sizeof(*o));
    int rc = fn(st, who, id, write, o, e);
    if (rc == ERR_NOTFOUND || (rc == ERR_FORBIDDEN && !write))
        return not_found(e);
    if (rc != 0)
        return rc;
    struct policy_obj obj = owner_obj(o);
    if (policy_check(who, action, "document", &obj, NULL) != 0)
        return write ? in_denied(e) : not_found(e);
    return 0;
}

static json_t *meta_json(struct store *st, const struct store_document *d)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)d->id, "filename",
                     d->filename, "media_type", d->media_type, "size", (json_int_t)d->size,
                     "uploaded_at", json_time(d->uploaded_at), "uploaded_by",
                     json_user_ref(st, d->uploaded_by));
}

static void ev_fill(struct app *a, const struct owner *o, enum audit_action act,
                    const char *object_id, const char *fields, uint8_t (*subj)[AUDIT_SUBJECT_BYTES],
                    struct alog_ev *ev)
{
    for (size_t i = 0; i < o->n_persons; i++)
        alog_subject(a, "person", o->persons[i], subj[i]);
    *ev = (struct alog_ev){.action = act,
                           .object_type = "document",
                           .object_id = object_id,
                           .categories = o->cats,
                           .fields = fields,
                           .subject_type = o->n_persons ? "person" : NULL,
                           .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                           .n_subjects = o->n_persons};
}

static int pending(struct app *a, const struct alog_req *rq, const struct owner *o,
                   const char *object_id, const char *fields, struct alog_pending **out,
                   struct err *e)
{
    uint8_t subj[SUBJ_MAX][AUDIT_SUBJECT_BYTES];
    struct alog_ev ev;
    ev_fill(a, o, AUDIT_ACT_READ, object_id, fields, subj, &ev);
    return alog_pending_new(a, rq, &ev, out, e);
}

/* ---- upload ---------------------------------------------------------------------------------- */

struct up {
    struct app *a;
    const struct alog_req *rq;
    const struct owner *o;
    struct store_document_in in;
    int64_t id;
};

static int up_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct up *u = ctx;
    int64_t count = 0;
    int rc = store_document_count(st, u->in.owner_kind, u->in.owner_id, &count, e);
    if (rc == 0 && count >= DOCUMENT_PER_OWNER_MAX) {
        err_clear(e);
        rc = err_set(e, ERR_CONFLICT, "Er zijn al %d documenten bij dit onderwerp.",
                     DOCUMENT_PER_OWNER_MAX);
    }
    if (rc == 0)
        rc = store_document_add(st, &u->in, &u->id, e);
    if (rc == 0) {
        uint8_t subj[SUBJ_MAX][AUDIT_SUBJECT_BYTES];
        struct alog_ev ev;
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, u->id);
        ev_fill(u->a, u->o, AUDIT_ACT_CREATE, oid, "filename,content", subj, &ev);
        rc = alog_tx_add(tx, u->rq, &ev, e);
    }
    return rc;
}

int app_document_upload(struct app *a, const struct alog_req *rq, const char *owner,
                        int64_t owner_id, struct str filename, struct str body, json_t **out,
                        struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct owner o;
    char name[DOCUMENT_NAME_MAX + 1];
    *out = NULL;
    if (policy_scope(who, "create", "document") == 0)
        return in_denied(e);
    owner_fn fn = check_owner(owner, owner_id, e);
    if (filename.p == NULL || filename.n == 0)
        err_field(e, "filename", "verplicht: de naam van het bestand");
    else if (filename.n > DOCUMENT_NAME_IN_MAX)
        err_field(e, "filename", "te lang (hoogstens %d bytes)", DOCUMENT_NAME_IN_MAX);
    else if (!str_utf8_valid(filename, true))
        err_field(e, "filename", "geen geldige UTF-8");
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = owner_open(st, who, fn, owner_id, "create", &o, e);
    if (rc != 0)
        return rc;
    /* The bytes are judged only now, so nobody learns anything about an owner they cannot see. */
    const char *media = document_sniff(body.p, body.n);
    size_t nlen = document_filename_clean(filename, name, sizeof(name));
    if (nlen == 0)
        nlen = (size_t)snprintf(name, sizeof(name), "document");
    if (body.n == 0) {
        err_field(e, "body", "het bestand is leeg");
        return ERR_INVAL;
    }
    if (body.n > (size_t)app_config(a)->document_max_bytes) {
        err_set(e, ERR_TOOBIG, "Het bestand is groter dan %" PRId64 " bytes.",
                app_config(a)->document_max_bytes);
        err_field(e, "body", "te groot");
        e->code = ERR_TOOBIG;
        return ERR_TOOBIG;
    }
    if (media == NULL) {
        err_set(e, ERR_MEDIA,
                "Dit soort bestand wordt niet geaccepteerd (PDF, Word, Excel, PowerPoint, "
                "OpenDocument, afbeelding of platte tekst).");
        err_field(e, "body", "bestandstype niet toegestaan (vastgesteld aan de inhoud)");
        e->code = ERR_MEDIA;
        return ERR_MEDIA;
    }
    struct up u = {.a = a,
                   .rq = rq,
                   .o = &o,
                   .in = {.owner_kind = owner,
                          .owner_id = owner_id,
                          .group_id = o.group_id,
                          .municipality_id = o.municipality_id,
                          .media_type = media,
                          .filename = {name, nlen},
                          .content = body.p,
                          .size = body.n,
                          .uploaded_by = who->user_id}};
    rc = alog_run(a, up_fn, &u, e);
    if (rc == 0) {
        struct store_document d;
        rc = store_document_get(st, u.id, &d, e);
        if (rc == 0) {
            *out = meta_json(st, &d);
            store_document_wipe(&d);
            rc = *out ? 0 : ERR_NOMEM;
        }
    }
    crypto_wipe(name, sizeof(name));
    return rc;
}

/* ---- list ------------------------------------------------------------------------------------ */

int app_document_list(struct app *a, const struct alog_req *rq, const char *owner, int64_t owner_id,
                      json_t **out, struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct owner o;
    *out = NULL;
    *out_log = NULL;
    if (policy_scope(who, "list", "document") == 0)
        return in_denied(e);
    owner_fn fn = check_owner(owner, owner_id, e);
    if (in_has_errors(e))
        return ERR_INVAL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = owner_open(st, who, fn, owner_id, "list", &o, e);
    if (rc != 0)
        return rc;
    struct store_document *ds = calloc(LIST_MAX, sizeof(*ds));
    size_t n = 0;
    rc = ds ? store_document_list(st, owner, owner_id, ds, LIST_MAX, &n, e) : ERR_NOMEM;
    if (rc == ERR_TOOBIG)
        rc = 0; /* the limit is enforced at upload; an older, longer list shows its first part */
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (json_array_append_new(items, meta_json(st, &ds[i])) != 0)
            rc = ERR_NOMEM;
    for (size_t i = 0; ds && i < n; i++)
        store_document_wipe(&ds[i]);
    free(ds);
    char oid[48];
    snprintf(oid, sizeof(oid), "%s:%" PRId64, owner, owner_id);
    if (rc == 0)
        rc = pending(a, rq, &o, oid, "filename,media_type,size", out_log, e);
    if (rc == 0) {
        *out = json_pack("{s:o}", "items", items);
        items = NULL;
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(items);
    if (rc != 0) {
        alog_pending_free(*out_log);
        *out_log = NULL;
    }
    return rc;
}

/* ---- download -------------------------------------------------------------------------------- */

void document_content_release(struct document_content *c)
{
    if (c == NULL)
        return;
    store_document_content_free(c->data, c->n);
    crypto_wipe(c, sizeof(*c));
}

int app_document_content(struct app *a, const struct alog_req *rq, int64_t id,
                         struct document_content *out, struct alog_pending **out_log, struct err *e)
{
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct store_document d;
    struct owner o;
    memset(out, 0, sizeof(*out));
    *out_log = NULL;
    if (policy_scope(who, "read", "document") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_document_get(st, id, &d, e);
    if (rc == ERR_NOTFOUND)
        return not_found(e);
    if (rc != 0)
        return rc;
    owner_fn fn = owner_find(d.owner_kind);
    const char *media = media_static(d.media_type);
    if (fn == NULL || media == NULL)
        rc = not_found(e); /* an owner kind or type this binary does not serve */
    if (rc == 0)
        rc = owner_open(st, who, fn, d.owner_id, "read", &o, e);
    if (rc == 0 && o.group_id != d.group_id)
        rc = err_internal(e, ERR_CRYPTO, "document %" PRId64 ": group differs from owner's", id);
    if (rc == 0)
        rc = store_document_content(st, &d, &out->data, &out->n, e);
    if (rc == 0) {
        char oid[24];
        snprintf(oid, sizeof(oid), "%" PRId64, id);
        out->media_type = media;
        snprintf(out->filename, sizeof(out->filename), "%s", d.filename);
        rc = pending(a, rq, &o, oid, "filename,content", out_log, e);
    }
    store_document_wipe(&d);
    if (rc != 0)
        document_content_release(out);
    return rc;
}
