/* record.c: canonical encoding, decoding, validation and hashing of access-log records, and the
 * writer's running state (frontier + chain). The format is documented in record.h. The encoder
 * computes the exact length first and then writes without per-byte checks, because it sits on
 * the verifier's hot path (millions of records per run). */
#include "core/common.h"

#include "core/sha256.h"

#include <pthread.h>
#include <sodium.h>

#include "audit/audit_int.h"
#include "audit/record.h"

static const uint8_t magic[4] = {'R', 'G', 'A', 0x01};

enum field_tag {
    T_SEQ = 1,
    T_TS,
    T_ACTION,
    T_OUTCOME,
    T_USER,
    T_ORG,
    T_ROLE,
    T_BEHALF,
    T_PURPOSE,
    T_PROCESSING,
    T_LEGAL,
    T_SUBJECT,
    T_SUBJECT_TYPE,
    T_OBJECT_TYPE,
    T_OBJECT_ID,
    T_CATEGORIES,
    T_FIELDS,
    T_REQUEST,
    T_TRACE,
    T_SPAN,
    T_PARENT_SPAN,
    T_CLIENT,
    T_SESSION,
    T_AUTHZ,
};

/* The string fields with their tags, maxima and client-facing names, in encoding order. The
 * offsets let one loop serve encoder, decoder and validator. */
struct str_field {
    uint8_t tag;
    size_t off;
    size_t max;
    const char *name;
};

#define SF(t, member, mx)                                                                          \
    {                                                                                              \
        (t), offsetof(struct audit_rec, member), (mx), #member                                     \
    }
static const struct str_field str_fields[] = {
    SF(T_ROLE, role, AUDIT_ROLE_MAX),
    SF(T_PURPOSE, purpose, AUDIT_PURPOSE_MAX),
    SF(T_PROCESSING, processing_activity, AUDIT_PROCESSING_MAX),
    SF(T_LEGAL, legal_basis, AUDIT_LEGAL_BASIS_MAX),
    SF(T_SUBJECT_TYPE, subject_id_type, AUDIT_SUBJECT_TYPE_MAX),
    SF(T_OBJECT_TYPE, object_type, AUDIT_OBJECT_TYPE_MAX),
    SF(T_OBJECT_ID, object_id, AUDIT_OBJECT_ID_MAX),
    SF(T_FIELDS, fields_touched, AUDIT_FIELDS_MAX),
    SF(T_REQUEST, request_id, AUDIT_REQUEST_ID_MAX),
    SF(T_CLIENT, client_addr, AUDIT_CLIENT_ADDR_MAX),
    SF(T_SESSION, session_ref, AUDIT_SESSION_REF_MAX),
    SF(T_AUTHZ, authz_rule, AUDIT_AUTHZ_RULE_MAX),
};
#undef SF

static const char *const action_names[] = {
    [AUDIT_ACT_CREATE] = "create",
    [AUDIT_ACT_READ] = "read",
    [AUDIT_ACT_UPDATE] = "update",
    [AUDIT_ACT_DELETE] = "delete",
    [AUDIT_ACT_SEARCH] = "search",
    [AUDIT_ACT_EXPORT] = "export",
    [AUDIT_ACT_PRINT] = "print",
    [AUDIT_ACT_MERGE] = "merge",
    [AUDIT_ACT_TRANSFER] = "transfer",
    [AUDIT_ACT_LOGIN] = "login",
    [AUDIT_ACT_LOGOUT] = "logout",
    [AUDIT_ACT_LOGIN_FAILED] = "login_failed",
    [AUDIT_ACT_AUTHZ_DENIED] = "authz_denied",
    [AUDIT_ACT_BREAK_GLASS] = "break_glass",
    [AUDIT_ACT_LOG_VIEW] = "log_view",
    [AUDIT_ACT_PURGE] = "purge",
};

static const char *const outcome_names[] = {
    [AUDIT_OUT_OK] = "ok",
    [AUDIT_OUT_DENIED] = "denied",
    [AUDIT_OUT_ERROR] = "error",
};

static bool action_ok(enum audit_action a)
{
    return (int)a >= 1 && (int)a <= (int)AUDIT_ACT_LAST;
}

static bool outcome_ok(enum audit_outcome o)
{
    return (int)o >= 1 && (int)o <= (int)AUDIT_OUT_LAST;
}

const char *audit_action_name(enum audit_action a)
{
    return action_ok(a) ? action_names[a] : "?";
}

int audit_action_parse(struct str s, enum audit_action *out)
{
    int rc = ERR_INVAL;
    for (int a = 1; a <= (int)AUDIT_ACT_LAST && rc != 0; a++) {
        if (str_eq_cstr(s, action_names[a])) {
            *out = (enum audit_action)a;
            rc = 0;
        }
    }
    return rc;
}

const char *audit_outcome_name(enum audit_outcome o)
{
    return outcome_ok(o) ? outcome_names[o] : "?";
}

static struct str rec_str(const struct audit_rec *r, const struct str_field *f)
{
    struct str s;
    memcpy(&s, (const char *)r + f->off, sizeof s);
    return s;
}

/* ---- encoding ------------------------------------------------------------------------------ */

static uint8_t *put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
    return p + 8;
}

static uint8_t *put_tag_u64(uint8_t *p, uint8_t tag, uint64_t v)
{
    *p++ = tag;
    return put_u64(p, v);
}

static uint8_t *put_tag_raw(uint8_t *p, uint8_t tag, const uint8_t *v, size_t n)
{
    *p++ = tag;
    memcpy(p, v, n);
    return p + n;
}

static uint8_t *put_tag_str(uint8_t *p, uint8_t tag, struct str s)
{
    *p++ = tag;
    *p++ = (uint8_t)(s.n >> 8);
    *p++ = (uint8_t)(s.n & 0xff);
    if (s.n > 0)
        memcpy(p, s.p, s.n);
    return p + s.n;
}

/* Format checks shared by encoder and validator; names the first bad field. */
static int check_format(const struct audit_rec *r, size_t *out_len, struct err *e)
{
    int rc = 0;
    /* magic + 5 x (tag+u64) + 2 x (tag+u8) + (tag+u32) + (tag+flag) + (tag+16) + 2 x (tag+8) */
    size_t len = 4 + 5 * 9 + 2 * 2 + 5 + 2 + 17 + 2 * 9;
    if (!action_ok(r->action)) {
        rc = err_field(e, "action", "onbekende actie");
        goto out;
    }
    if (!outcome_ok(r->outcome)) {
        rc = err_field(e, "outcome", "onbekende uitkomst");
        goto out;
    }
    if ((r->categories & ~(uint32_t)AUDIT_CAT_ALL) != 0) {
        rc = err_field(e, "categories", "onbekende gegevenscategorie");
        goto out;
    }
    if (r->has_subject)
        len += AUDIT_SUBJECT_BYTES;
    for (size_t i = 0; i < ARRAY_LEN(str_fields); i++) {
        struct str s = rec_str(r, &str_fields[i]);
        if (s.n > str_fields[i].max || (s.p == NULL && s.n != 0)) {
            rc = err_field(e, str_fields[i].name, "te lang (max %zu bytes)", str_fields[i].max);
            goto out;
        }
        len += 3 + s.n;
    }
    *out_len = len;
out:
    return rc;
}

int audit_rec_encode(const struct audit_rec *r, uint8_t *out, size_t cap, size_t *out_len,
                     struct err *e)
{
    size_t len = 0;
    int rc = check_format(r, &len, e);
    if (rc != 0)
        goto out;
    if (len > cap) {
        rc = err_set(e, ERR_TOOBIG, "record past niet in de buffer");
        goto out;
    }
    uint8_t *p = out;
    memcpy(p, magic, sizeof magic);
    p += sizeof magic;
    p = put_tag_u64(p, T_SEQ, r->seq);
    p = put_tag_u64(p, T_TS, (uint64_t)r->ts_ms);
    *p++ = T_ACTION;
    *p++ = (uint8_t)r->action;
    *p++ = T_OUTCOME;
    *p++ = (uint8_t)r->outcome;
    p = put_tag_u64(p, T_USER, (uint64_t)r->user_id);
    p = put_tag_u64(p, T_ORG, (uint64_t)r->org_id);
    p = put_tag_str(p, T_ROLE, r->role);
    p = put_tag_u64(p, T_BEHALF, (uint64_t)r->on_behalf_of);
    p = put_tag_str(p, T_PURPOSE, r->purpose);
    p = put_tag_str(p, T_PROCESSING, r->processing_activity);
    p = put_tag_str(p, T_LEGAL, r->legal_basis);
    *p++ = T_SUBJECT;
    *p++ = r->has_subject ? 1 : 0;
    if (r->has_subject) {
        memcpy(p, r->subject, AUDIT_SUBJECT_BYTES);
        p += AUDIT_SUBJECT_BYTES;
    }
    p = put_tag_str(p, T_SUBJECT_TYPE, r->subject_id_type);
    p = put_tag_str(p, T_OBJECT_TYPE, r->object_type);
    p = put_tag_str(p, T_OBJECT_ID, r->object_id);
    *p++ = T_CATEGORIES;
    *p++ = (uint8_t)(r->categories >> 24);
    *p++ = (uint8_t)(r->categories >> 16);
    *p++ = (uint8_t)(r->categories >> 8);
    *p++ = (uint8_t)r->categories;
    p = put_tag_str(p, T_FIELDS, r->fields_touched);
    p = put_tag_str(p, T_REQUEST, r->request_id);
    p = put_tag_raw(p, T_TRACE, r->trace_id, AUDIT_TRACE_ID_BYTES);
    p = put_tag_raw(p, T_SPAN, r->span_id, AUDIT_SPAN_ID_BYTES);
    p = put_tag_raw(p, T_PARENT_SPAN, r->parent_span_id, AUDIT_SPAN_ID_BYTES);
    p = put_tag_str(p, T_CLIENT, r->client_addr);
    p = put_tag_str(p, T_SESSION, r->session_ref);
    p = put_tag_str(p, T_AUTHZ, r->authz_rule);
    *out_len = (size_t)(p - out);
out:
    return rc;
}

/* ---- decoding ------------------------------------------------------------------------------ */

struct rd {
    const uint8_t *p;
    size_t n;
    size_t i;
    bool bad; /* sticky: once a read fails, all later reads fail */
};

static bool rd_tag(struct rd *d, uint8_t tag)
{
    if (d->bad || d->i >= d->n || d->p[d->i] != tag)
        d->bad = true;
    else
        d->i++;
    return !d->bad;
}

static const uint8_t *rd_bytes(struct rd *d, size_t k)
{
    const uint8_t *q = NULL;
    if (d->bad || d->n - d->i < k) {
        d->bad = true;
    } else {
        q = d->p + d->i;
        d->i += k;
    }
    return q;
}

static uint64_t rd_tag_u64(struct rd *d, uint8_t tag)
{
    uint64_t v = 0;
    const uint8_t *q = rd_tag(d, tag) ? rd_bytes(d, 8) : NULL;
    for (int i = 0; q != NULL && i < 8; i++)
        v = (v << 8) | q[i];
    return v;
}

static uint8_t rd_tag_u8(struct rd *d, uint8_t tag)
{
    const uint8_t *q = rd_tag(d, tag) ? rd_bytes(d, 1) : NULL;
    return q != NULL ? q[0] : 0;
}

static void rd_tag_raw(struct rd *d, uint8_t tag, uint8_t *out, size_t k)
{
    const uint8_t *q = rd_tag(d, tag) ? rd_bytes(d, k) : NULL;
    if (q != NULL)
        memcpy(out, q, k);
}

static struct str rd_tag_str(struct rd *d, uint8_t tag, size_t max)
{
    struct str s = STR_NULL;
    const uint8_t *q = rd_tag(d, tag) ? rd_bytes(d, 2) : NULL;
    if (q != NULL) {
        size_t k = ((size_t)q[0] << 8) | q[1];
        const uint8_t *v = k <= max ? rd_bytes(d, k) : NULL;
        if (k > max)
            d->bad = true;
        if (v != NULL)
            s = (struct str){(const char *)v, k};
    }
    return s;
}

int audit_rec_decode(const uint8_t *p, size_t n, struct audit_rec *out, struct err *e)
{
    int rc = 0;
    struct rd d = {p, n, 0, false};
    struct audit_rec r;
    memset(&r, 0, sizeof r);
    const uint8_t *m = rd_bytes(&d, sizeof magic);
    if (m == NULL || memcmp(m, magic, sizeof magic) != 0) {
        rc = err_set(e, ERR_INVAL, "geen access-logrecord (magic/versie)");
        goto out;
    }
    r.seq = rd_tag_u64(&d, T_SEQ);
    r.ts_ms = (int64_t)rd_tag_u64(&d, T_TS);
    r.action = (enum audit_action)rd_tag_u8(&d, T_ACTION);
    r.outcome = (enum audit_outcome)rd_tag_u8(&d, T_OUTCOME);
    r.user_id = (int64_t)rd_tag_u64(&d, T_USER);
    r.org_id = (int64_t)rd_tag_u64(&d, T_ORG);
    r.role = rd_tag_str(&d, T_ROLE, AUDIT_ROLE_MAX);
    r.on_behalf_of = (int64_t)rd_tag_u64(&d, T_BEHALF);
    r.purpose = rd_tag_str(&d, T_PURPOSE, AUDIT_PURPOSE_MAX);
    r.processing_activity = rd_tag_str(&d, T_PROCESSING, AUDIT_PROCESSING_MAX);
    r.legal_basis = rd_tag_str(&d, T_LEGAL, AUDIT_LEGAL_BASIS_MAX);
    uint8_t flag = rd_tag_u8(&d, T_SUBJECT);
    if (flag > 1)
        d.bad = true;
    r.has_subject = flag == 1;
    if (r.has_subject) {
        const uint8_t *q = rd_bytes(&d, AUDIT_SUBJECT_BYTES);
        if (q != NULL)
            memcpy(r.subject, q, AUDIT_SUBJECT_BYTES);
    }
    r.subject_id_type = rd_tag_str(&d, T_SUBJECT_TYPE, AUDIT_SUBJECT_TYPE_MAX);
    r.object_type = rd_tag_str(&d, T_OBJECT_TYPE, AUDIT_OBJECT_TYPE_MAX);
    r.object_id = rd_tag_str(&d, T_OBJECT_ID, AUDIT_OBJECT_ID_MAX);
    uint8_t cat[4] = {0};
    rd_tag_raw(&d, T_CATEGORIES, cat, sizeof cat);
    r.categories = ((uint32_t)cat[0] << 24) | ((uint32_t)cat[1] << 16) | ((uint32_t)cat[2] << 8) |
                   (uint32_t)cat[3];
    r.fields_touched = rd_tag_str(&d, T_FIELDS, AUDIT_FIELDS_MAX);
    r.request_id = rd_tag_str(&d, T_REQUEST, AUDIT_REQUEST_ID_MAX);
    rd_tag_raw(&d, T_TRACE, r.trace_id, AUDIT_TRACE_ID_BYTES);
    rd_tag_raw(&d, T_SPAN, r.span_id, AUDIT_SPAN_ID_BYTES);
    rd_tag_raw(&d, T_PARENT_SPAN, r.parent_span_id, AUDIT_SPAN_ID_BYTES);
    r.client_addr = rd_tag_str(&d, T_CLIENT, AUDIT_CLIENT_ADDR_MAX);
    r.session_ref = rd_tag_str(&d, T_SESSION, AUDIT_SESSION_REF_MAX);
    r.authz_rule = rd_tag_str(&d, T_AUTHZ, AUDIT_AUTHZ_RULE_MAX);
    if (d.bad || d.i != d.n) {
        rc = err_set(e, ERR_INVAL, "access-logrecord is afgekapt of misvormd (byte %zu)", d.i);
        goto out;
    }
    if (!action_ok(r.action) || !outcome_ok(r.outcome) ||
        (r.categories & ~(uint32_t)AUDIT_CAT_ALL) != 0) {
        rc = err_set(e, ERR_INVAL, "access-logrecord heeft een onbekende waarde");
        goto out;
    }
out:
    if (rc != 0)
        memset(&r, 0, sizeof r);
    *out = r;
    return rc;
}

/* ---- checking a stored encoding ------------------------------------------------------------ */

/* A cursor over a stored encoding for audit_rec_check: each step checks the tag and the bytes it
 * needs and returns NULL once anything is wrong (so one test at the end suffices). */
static const uint8_t *ck_take(const uint8_t *p, const uint8_t *end, uint8_t tag, size_t k)
{
    return p != NULL && end - p > (ptrdiff_t)k && p[0] == tag ? p + 1 + k : NULL;
}

static const uint8_t *ck_str(const uint8_t *p, const uint8_t *end, uint8_t tag, size_t max)
{
    if (p == NULL || end - p < 3 || p[0] != tag)
        return NULL;
    size_t k = ((size_t)p[1] << 8) | p[2];
    return k <= max && (size_t)(end - p) - 3 >= k ? p + 3 + k : NULL;
}

static const uint8_t *ck_u8(const uint8_t *p, const uint8_t *end, uint8_t tag, unsigned lo,
                            unsigned hi)
{
    return p != NULL && end - p >= 2 && p[0] == tag && p[1] >= lo && p[1] <= hi ? p + 2 : NULL;
}

int audit_rec_check(const uint8_t *p, size_t n, uint64_t *out_seq)
{
    if (p == NULL || n < sizeof magic + 9 || memcmp(p, magic, sizeof magic) != 0)
        return ERR_INVAL;
    const uint8_t *end = p + n, *q = p; /* after the NULL test: NULL + n is undefined */
    q += sizeof magic;
    const uint8_t *seqp = q + 1;
    q = ck_take(q, end, T_SEQ, 8);
    q = ck_take(q, end, T_TS, 8);
    q = ck_u8(q, end, T_ACTION, 1, AUDIT_ACT_LAST);
    q = ck_u8(q, end, T_OUTCOME, 1, AUDIT_OUT_LAST);
    q = ck_take(q, end, T_USER, 8);
    q = ck_take(q, end, T_ORG, 8);
    q = ck_str(q, end, T_ROLE, AUDIT_ROLE_MAX);
    q = ck_take(q, end, T_BEHALF, 8);
    q = ck_str(q, end, T_PURPOSE, AUDIT_PURPOSE_MAX);
    q = ck_str(q, end, T_PROCESSING, AUDIT_PROCESSING_MAX);
    q = ck_str(q, end, T_LEGAL, AUDIT_LEGAL_BASIS_MAX);
    if (q != NULL && end - q >= 2 && q[0] == T_SUBJECT && q[1] <= 1)
        q = q[1] == 1 ? (end - q >= 2 + (ptrdiff_t)AUDIT_SUBJECT_BYTES ? q + 2 + AUDIT_SUBJECT_BYTES
                                                                       : NULL)
                      : q + 2;
    else
        q = NULL;
    q = ck_str(q, end, T_SUBJECT_TYPE, AUDIT_SUBJECT_TYPE_MAX);
    q = ck_str(q, end, T_OBJECT_TYPE, AUDIT_OBJECT_TYPE_MAX);
    q = ck_str(q, end, T_OBJECT_ID, AUDIT_OBJECT_ID_MAX);
    const uint8_t *cat = q != NULL ? q + 1 : NULL;
    q = ck_take(q, end, T_CATEGORIES, 4);
    if (q != NULL && (cat[0] != 0 || cat[1] != 0 || ((cat[2] << 8 | cat[3]) & ~AUDIT_CAT_ALL)))
        q = NULL;
    q = ck_str(q, end, T_FIELDS, AUDIT_FIELDS_MAX);
    q = ck_str(q, end, T_REQUEST, AUDIT_REQUEST_ID_MAX);
    q = ck_take(q, end, T_TRACE, AUDIT_TRACE_ID_BYTES);
    q = ck_take(q, end, T_SPAN, AUDIT_SPAN_ID_BYTES);
    q = ck_take(q, end, T_PARENT_SPAN, AUDIT_SPAN_ID_BYTES);
    q = ck_str(q, end, T_CLIENT, AUDIT_CLIENT_ADDR_MAX);
    q = ck_str(q, end, T_SESSION, AUDIT_SESSION_REF_MAX);
    q = ck_str(q, end, T_AUTHZ, AUDIT_AUTHZ_RULE_MAX);
    if (q != end)
        return ERR_INVAL;
    uint64_t seq = 0;
    for (int i = 0; i < 8; i++)
        seq = (seq << 8) | seqp[i];
    *out_seq = seq;
    return 0;
}

/* ---- validation ---------------------------------------------------------------------------- */

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

int audit_rec_validate(const struct audit_rec *r, struct err *e)
{
    size_t len = 0;
    int rc = check_format(r, &len, e);
    if (rc != 0)
        goto out;
    if (r->ts_ms <= 0)
        rc = err_field(e, "ts_ms", "tijdstip ontbreekt");
    if (r->user_id < 0)
        rc = err_field(e, "user_id", "negatief id");
    if (r->org_id < 0)
        rc = err_field(e, "org_id", "negatief id");
    if (r->on_behalf_of < 0)
        rc = err_field(e, "on_behalf_of", "negatief id");
    for (size_t i = 0; i < ARRAY_LEN(str_fields); i++) {
        struct str s = rec_str(r, &str_fields[i]);
        if (s.n > 0 && !str_utf8_valid(s, false))
            rc = err_field(e, str_fields[i].name, "geen geldige UTF-8 of bevat stuurtekens");
    }
    if (all_zero(r->trace_id, AUDIT_TRACE_ID_BYTES))
        rc = err_field(e, "trace_id", "trace-id ontbreekt");
    if (all_zero(r->span_id, AUDIT_SPAN_ID_BYTES))
        rc = err_field(e, "span_id", "span-id ontbreekt");
    if ((r->action == AUDIT_ACT_BREAK_GLASS || r->action == AUDIT_ACT_EXPORT ||
         r->action == AUDIT_ACT_SEARCH) &&
        r->purpose.n == 0)
        rc = err_field(e, "purpose", "doel is verplicht bij %s", audit_action_name(r->action));
out:
    return rc;
}

/* ---- hashing ------------------------------------------------------------------------------- */

int audit_rec_hash(const struct audit_rec *r, uint8_t out_entry[AUDIT_HASH_BYTES],
                   uint8_t out_leaf[AUDIT_HASH_BYTES], struct err *e)
{
    /* salt | canonical in one buffer, so the entry hash is a single one-shot call. */
    uint8_t buf[AUDIT_SALT_BYTES + AUDIT_REC_MAX];
    uint8_t entry[AUDIT_HASH_BYTES];
    size_t len = 0;
    int rc = audit_rec_encode(r, buf + AUDIT_SALT_BYTES, AUDIT_REC_MAX, &len, e);
    if (rc != 0)
        goto out;
    memcpy(buf, r->salt, AUDIT_SALT_BYTES);
    sha256(entry, buf, AUDIT_SALT_BYTES + len);
    audit_merkle_leaf_hash(entry, sizeof entry, out_leaf);
    if (out_entry != NULL)
        memcpy(out_entry, entry, sizeof entry);
out:
    return rc;
}

void audit_rec_hash_encoded(const uint8_t salt[AUDIT_SALT_BYTES], const uint8_t *p, size_t n,
                            uint8_t out_leaf[AUDIT_HASH_BYTES])
{
    /* The same bytes audit_rec_hash hashes, straight from storage: no decode, no re-encode. */
    audit__entry_leaf(salt, p, n, out_leaf);
}

void audit_chain_init(uint8_t out[AUDIT_HASH_BYTES])
{
    static const char domain[] = "regie/audit/chain/v1";
    crypto_generichash(out, AUDIT_HASH_BYTES, (const unsigned char *)domain, sizeof domain - 1,
                       NULL, 0);
}

void audit_chain_next(const uint8_t prev[AUDIT_HASH_BYTES], const uint8_t leaf[AUDIT_HASH_BYTES],
                      uint8_t out[AUDIT_HASH_BYTES])
{
    uint8_t buf[2 * AUDIT_HASH_BYTES];
    memcpy(buf, prev, AUDIT_HASH_BYTES);
    memcpy(buf + AUDIT_HASH_BYTES, leaf, AUDIT_HASH_BYTES);
    crypto_generichash(out, AUDIT_HASH_BYTES, buf, sizeof buf, NULL, 0);
}

/* ---- chain hashes of many rows at once ----------------------------------------------------
 * BLAKE2b-256 (RFC 7693) of a 64-byte message is one compression, and it is a long chain of
 * dependent operations: computed one at a time the CPU mostly waits. The range verifier checks
 * rows whose chain inputs are all known (the stored chain of the row before, the row's leaf), so
 * it hashes several at once, one message per 64-bit vector lane. Written with GCC vector
 * extensions and compiled for AVX-512 (8 lanes) or AVX2 (4 lanes), chosen once from the CPU;
 * without either, libsodium's one at a time. The result is checked against libsodium on first
 * use (a wrong answer would only make chunks fall back to the row-by-row path, never change a
 * verdict, but it must not go unnoticed). */

#define B2_LANES_MAX 8u

static const uint64_t b2_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t b2_sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void store_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Message words 8..15 are zero (64 bytes in a 128-byte block): their additions are left out. */
#define B2_ROR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define B2_G(r, i, a, b, c, d)                                                                     \
    do {                                                                                           \
        unsigned s0_ = b2_sigma[r][2 * (i)], s1_ = b2_sigma[r][2 * (i) + 1];                       \
        v[a] += v[b];                                                                              \
        if (s0_ < 8)                                                                               \
            v[a] += m[s0_];                                                                        \
        v[d] = B2_ROR(v[d] ^ v[a], 32);                                                            \
        v[c] += v[d];                                                                              \
        v[b] = B2_ROR(v[b] ^ v[c], 24);                                                            \
        v[a] += v[b];                                                                              \
        if (s1_ < 8)                                                                               \
            v[a] += m[s1_];                                                                        \
        v[d] = B2_ROR(v[d] ^ v[a], 16);                                                            \
        v[c] += v[d];                                                                              \
        v[b] = B2_ROR(v[b] ^ v[c], 63);                                                            \
    } while (0)

/* One function per vector width: LANES messages, prev[l] | leaf[l], each hashed to out[l]. */
#define B2_DEFINE(NAME, VT, LANES, TARGET)                                                         \
    TARGET static void NAME(const uint8_t *const *prev, const uint8_t *const *leaf,               \
                            uint8_t (*out)[AUDIT_HASH_BYTES])                                      \
    {                                                                                              \
        VT m[8], v[16];                                                                            \
        uint64_t t[LANES];                                                                         \
        for (int j = 0; j < 8; j++) {                                                              \
            for (unsigned l = 0; l < (LANES); l++)                                                 \
                t[l] = load_le64((j < 4 ? prev[l] : leaf[l]) + 8 * (j & 3));                       \
            memcpy(&m[j], t, sizeof t);                                                            \
        }                                                                                          \
        for (int i = 0; i < 8; i++) {                                                              \
            uint64_t h = b2_iv[i] ^ (i == 0 ? 0x01010000u | AUDIT_HASH_BYTES : 0u);                \
            v[i] = (VT){0} + h;                                                                    \
            v[8 + i] = (VT){0} + b2_iv[i];                                                         \
        }                                                                                          \
        v[12] ^= 2 * AUDIT_HASH_BYTES; /* bytes hashed */                                          \
        v[14] = ~v[14];                /* last block */                                            \
        _Pragma("GCC unroll 12") for (int r = 0; r < 12; r++)                                      \
        {                                                                                          \
            B2_G(r, 0, 0, 4, 8, 12);                                                               \
            B2_G(r, 1, 1, 5, 9, 13);                                                               \
            B2_G(r, 2, 2, 6, 10, 14);                                                              \
            B2_G(r, 3, 3, 7, 11, 15);                                                              \
            B2_G(r, 4, 0, 5, 10, 15);                                                              \
            B2_G(r, 5, 1, 6, 11, 12);                                                              \
            B2_G(r, 6, 2, 7, 8, 13);                                                               \
            B2_G(r, 7, 3, 4, 9, 14);                                                               \
        }                                                                                          \
        for (int i = 0; i < 4; i++) {                                                              \
            uint64_t h = b2_iv[i] ^ (i == 0 ? 0x01010000u | AUDIT_HASH_BYTES : 0u);                \
            VT o = v[i] ^ v[8 + i] ^ h;                                                            \
            memcpy(t, &o, sizeof t);                                                               \
            for (unsigned l = 0; l < (LANES); l++)                                                 \
                store_le64(out[l] + 8 * i, t[l]);                                                  \
        }                                                                                          \
    }

#if defined(__x86_64__) && defined(__GNUC__)
typedef uint64_t b2_u64x8 __attribute__((vector_size(64)));
typedef uint64_t b2_u64x4 __attribute__((vector_size(32)));
B2_DEFINE(b2_x8_avx512, b2_u64x8, 8u, __attribute__((target("avx512f"))))
B2_DEFINE(b2_x4_avx2, b2_u64x4, 4u, __attribute__((target("avx2"))))
#define B2_X86 1
#endif

static void b2_x1(const uint8_t *const *prev, const uint8_t *const *leaf,
                  uint8_t (*out)[AUDIT_HASH_BYTES])
{
    audit_chain_next(prev[0], leaf[0], out[0]);
}

struct b2_impl {
    void (*fn)(const uint8_t *const *, const uint8_t *const *, uint8_t (*)[AUDIT_HASH_BYTES]);
    unsigned lanes;
};

/* Hashes B2_LANES_MAX known messages with impl and compares with libsodium. */
static bool b2_selftest(const struct b2_impl *impl)
{
    uint8_t in[2 * B2_LANES_MAX][AUDIT_HASH_BYTES], got[B2_LANES_MAX][AUDIT_HASH_BYTES];
    const uint8_t *prev[B2_LANES_MAX], *leaf[B2_LANES_MAX];
    for (size_t i = 0; i < sizeof in; i++)
        in[i / AUDIT_HASH_BYTES][i % AUDIT_HASH_BYTES] = (uint8_t)(i * 131u + 7u);
    for (unsigned l = 0; l < B2_LANES_MAX; l++) {
        prev[l] = in[2 * l];
        leaf[l] = in[2 * l + 1];
    }
    bool ok = true;
    for (unsigned k = 0; k < B2_LANES_MAX; k += impl->lanes) {
        impl->fn(prev + k, leaf + k, got + k);
        for (unsigned l = k; l < k + impl->lanes; l++) {
            uint8_t want[AUDIT_HASH_BYTES];
            audit_chain_next(prev[l], leaf[l], want);
            ok = ok && memcmp(want, got[l], AUDIT_HASH_BYTES) == 0;
        }
    }
    return ok;
}

static struct b2_impl b2_pick(void)
{
    struct b2_impl impl = {b2_x1, 1};
#ifdef B2_X86
    struct b2_impl x8 = {b2_x8_avx512, 8}, x4 = {b2_x4_avx2, 4};
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && b2_selftest(&x8))
        impl = x8;
    else if (__builtin_cpu_supports("avx2") && b2_selftest(&x4))
        impl = x4;
#endif
    return impl;
}

static pthread_once_t b2_once = PTHREAD_ONCE_INIT;
static struct b2_impl b2_best;

static void b2_init(void)
{
    b2_best = b2_pick();
}

unsigned audit__chain_lanes(void)
{
    pthread_once(&b2_once, b2_init);
    return b2_best.lanes;
}

unsigned audit__chain_force_lanes(unsigned lanes)
{
    pthread_once(&b2_once, b2_init);
    struct b2_impl impl = {b2_x1, 1};
    if (lanes == 0)
        impl = b2_pick();
#ifdef B2_X86
    else if (lanes == 8 && __builtin_cpu_supports("avx512f"))
        impl = (struct b2_impl){b2_x8_avx512, 8};
    else if (lanes == 4 && __builtin_cpu_supports("avx2"))
        impl = (struct b2_impl){b2_x4_avx2, 4};
#endif
    b2_best = impl;
    return impl.lanes;
}

void audit__chain_next_n(size_t n, const uint8_t *const prev[], const uint8_t *const leaf[],
                         uint8_t out[][AUDIT_HASH_BYTES])
{
    pthread_once(&b2_once, b2_init);
    size_t i = 0;
    for (; b2_best.lanes > 1 && n - i >= b2_best.lanes; i += b2_best.lanes)
        b2_best.fn(prev + i, leaf + i, out + i);
    for (; i < n; i++)
        audit_chain_next(prev[i], leaf[i], out[i]);
}

/* ---- running state ------------------------------------------------------------------------- */

void audit_state_init(struct audit_state *st)
{
    audit_crange_init(&st->fr, 0);
    audit_chain_init(st->chain);
}

int audit_state_append(struct audit_state *st, const struct audit_rec *r,
                       uint8_t out_leaf[AUDIT_HASH_BYTES], uint8_t out_chain[AUDIT_HASH_BYTES],
                       struct err *e)
{
    uint8_t leaf[AUDIT_HASH_BYTES], chain[AUDIT_HASH_BYTES];
    int rc = audit_rec_validate(r, e);
    if (rc != 0)
        goto out;
    if (!audit_state_valid(st)) {
        rc = err_internal(e, ERR_INVAL, "audit: writer state is inconsistent");
        goto out;
    }
    if (r->seq != st->fr.end) {
        rc = err_field(e, "seq", "volgnummer %" PRIu64 " verwacht", st->fr.end);
        goto out;
    }
    rc = audit_rec_hash(r, NULL, leaf, e);
    if (rc != 0)
        goto out;
    rc = audit_crange_append_leaf(&st->fr, leaf);
    if (rc != 0) {
        err_set(e, rc, "access log is vol");
        goto out;
    }
    audit_chain_next(st->chain, leaf, chain);
    memcpy(st->chain, chain, sizeof chain);
    memcpy(out_leaf, leaf, sizeof leaf);
    memcpy(out_chain, chain, sizeof chain);
out:
    return rc;
}

bool audit_state_valid(const struct audit_state *st)
{
    uint8_t levels[AUDIT_CRANGE_MAX];
    bool ok = st->fr.begin == 0 && st->fr.end <= AUDIT_TREE_MAX_SIZE;
    size_t k = ok ? audit_crange_levels(0, st->fr.end, levels) : 0;
    ok = ok && st->fr.n == k;
    for (size_t i = 0; ok && i < k; i++)
        ok = st->fr.level[i] == levels[i];
    return ok;
}

void audit_state_root(const struct audit_state *st, uint8_t out[AUDIT_HASH_BYTES])
{
    if (audit_crange_root(&st->fr, out) != 0)
        audit_merkle_empty_root(out); /* only for a state whose frontier does not start at 0 */
}
