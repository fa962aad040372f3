/* record.h: the access-log record (security.md §2.2), its canonical byte encoding, and the
 * per-record hashes that make the log tamper-evident (§2.3).
 *
 *   canonical  = audit_rec_encode(rec)                   (deterministic, injective; format below)
 *   entry hash = SHA-256(salt[16] | canonical)            (salt: 16 random bytes per record, so an
 *                                                          erased record cannot be guessed back
 *                                                          from its hashes)
 *   leaf hash  = SHA-256(0x00 | entry hash)               (RFC 9162 §2.1.1 leaf of the Merkle tree)
 *   chain hash = BLAKE2b-256(chain of seq-1 | leaf hash)  (chain before seq 0 = audit_chain_init())
 *
 * What the store persists per record: every field of struct audit_rec (seq is the 0-based,
 * gap-free leaf index; salt included), plus the two 32-byte columns leaf_hash and chain_hash.
 * The verifier (verify.h) recomputes both from the fields, so a changed field shows up as a leaf
 * mismatch at that seq; an attacker who also rewrites the hash columns is caught at the next
 * signed checkpoint (checkpoint.h), because he cannot sign.
 *
 * Canonical encoding, version 1 (all integers big-endian, no padding):
 *   "RGA" 0x01                                   magic and format version
 *   then every field, in the fixed order of struct audit_rec, as  tag(u8) | value  where value is
 *     u64/i64      8 bytes            (seq, ts_ms, user_id, org_id, on_behalf_of)
 *     u8           1 byte             (action, outcome)
 *     u32          4 bytes            (categories)
 *     opt32        u8 flag 0|1, then 32 bytes when 1     (subject pseudonym)
 *     raw16/raw8   16 or 8 bytes      (trace_id, span_id, parent_span_id)
 *     string       u16 length | bytes (all struct str fields; the maxima are AUDIT_*_MAX below)
 * The salt is not part of the canonical form (it is prepended when hashing). Every variable field
 * is length-prefixed and the order is fixed, so distinct records never share an encoding; the
 * decoder insists on the exact layout and on consuming every byte.
 *
 * Thread-safety: every function here is reentrant; none keeps state. libsodium must be
 * initialised (core_init) before any hash function is called. */
#ifndef REGIE_AUDIT_RECORD_H
#define REGIE_AUDIT_RECORD_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "audit/merkle.h"

#define AUDIT_SALT_BYTES 16u
#define AUDIT_SUBJECT_BYTES 32u
#define AUDIT_TRACE_ID_BYTES 16u
#define AUDIT_SPAN_ID_BYTES 8u
#define AUDIT_REC_MAX 4096u /* upper bound of a canonical encoding */

/* Maximum byte lengths of the string fields (checked by the encoder). */
#define AUDIT_ROLE_MAX 128u
#define AUDIT_PURPOSE_MAX 512u
#define AUDIT_PROCESSING_MAX 256u
#define AUDIT_LEGAL_BASIS_MAX 128u
#define AUDIT_SUBJECT_TYPE_MAX 32u
#define AUDIT_OBJECT_TYPE_MAX 64u
#define AUDIT_OBJECT_ID_MAX 128u
#define AUDIT_FIELDS_MAX 256u
#define AUDIT_REQUEST_ID_MAX 64u
#define AUDIT_CLIENT_ADDR_MAX 64u
#define AUDIT_SESSION_REF_MAX 128u
#define AUDIT_AUTHZ_RULE_MAX 128u

/* Event actions (NEN 7513 event list, LDV name, BIO action). The numbers are persisted inside the
 * canonical encoding: never renumber, only append. */
enum audit_action {
    AUDIT_ACT_CREATE = 1,
    AUDIT_ACT_READ = 2,
    AUDIT_ACT_UPDATE = 3,
    AUDIT_ACT_DELETE = 4,
    AUDIT_ACT_SEARCH = 5,
    AUDIT_ACT_EXPORT = 6,
    AUDIT_ACT_PRINT = 7,
    AUDIT_ACT_MERGE = 8,
    AUDIT_ACT_TRANSFER = 9,
    AUDIT_ACT_LOGIN = 10,
    AUDIT_ACT_LOGOUT = 11,
    AUDIT_ACT_LOGIN_FAILED = 12,
    AUDIT_ACT_AUTHZ_DENIED = 13,
    AUDIT_ACT_BREAK_GLASS = 14,
    AUDIT_ACT_LOG_VIEW = 15,
    AUDIT_ACT_PURGE = 16, /* retention deletion of personal data */
};
#define AUDIT_ACT_LAST AUDIT_ACT_PURGE

/* Event outcome (NEN EventOutcomeIndicator, LDV status_code, BIO result). Persisted. */
enum audit_outcome {
    AUDIT_OUT_OK = 1,
    AUDIT_OUT_DENIED = 2,
    AUDIT_OUT_ERROR = 3,
};
#define AUDIT_OUT_LAST AUDIT_OUT_ERROR

/* Data categories touched (architecture.md §4), a bitmask. Persisted. */
enum audit_category {
    AUDIT_CAT_IDENTIFICATION = 1u << 0,
    AUDIT_CAT_SIGNAL = 1u << 1,
    AUDIT_CAT_POLICE = 1u << 2,
    AUDIT_CAT_CRIMINAL = 1u << 3,
    AUDIT_CAT_SPECIAL = 1u << 4,
    AUDIT_CAT_YOUTH = 1u << 5,
    AUDIT_CAT_AMBTSBERICHT = 1u << 6,
    AUDIT_CAT_PLAN = 1u << 7,
    AUDIT_CAT_NETWORK = 1u << 8,
    AUDIT_CAT_MINUTES = 1u << 9,
};
#define AUDIT_CAT_ALL 0x3ffu

/* One access-log record. String fields are borrowed slices (never assumed NUL-terminated); an
 * empty field is {NULL, 0} or {p, 0}. Ids are the database ids of the user, organisation etc.;
 * 0 means "none" (e.g. on_behalf_of when the user acted for himself, user_id of a failed login of
 * an unknown account). The record holds no content of the case, only references. */
struct audit_rec {
    uint64_t seq;  /* 0-based, gap-free position in the log (= Merkle leaf index) */
    int64_t ts_ms; /* UTC ms since the epoch, server clock */
    enum audit_action action;
    enum audit_outcome outcome;
    int64_t user_id;
    int64_t org_id;
    struct str role;                /* role code, e.g. "procesregisseur" */
    int64_t on_behalf_of;           /* responsible user (NEN 7513), 0 = none */
    struct str purpose;             /* purpose / justification code and text */
    struct str processing_activity; /* URI into the register of processing activities */
    struct str legal_basis;         /* e.g. "avg-6-1-e" */
    bool has_subject;
    uint8_t subject[AUDIT_SUBJECT_BYTES]; /* HMAC pseudonym of the data subject, when has_subject */
    struct str subject_id_type;           /* e.g. "person" */
    struct str object_type;               /* e.g. "case", "signal", "plan" */
    struct str object_id;                 /* public id of the object */
    uint32_t categories;                  /* enum audit_category bits */
    struct str fields_touched;            /* comma-separated field codes, no values */
    struct str request_id;
    uint8_t trace_id[AUDIT_TRACE_ID_BYTES]; /* W3C trace context */
    uint8_t span_id[AUDIT_SPAN_ID_BYTES];
    uint8_t parent_span_id[AUDIT_SPAN_ID_BYTES]; /* all zero = none */
    struct str client_addr;                      /* IP as seen by the trusted proxy */
    struct str session_ref;                      /* hash of the session id, never the token */
    struct str authz_rule;                       /* policy row that allowed or denied */
    uint8_t salt[AUDIT_SALT_BYTES];              /* random per record; not in the canonical form */
};

/* A record as the store hands it to the verifier: the fields plus the two stored hash columns. */
struct audit_row {
    struct audit_rec rec;
    uint8_t leaf_hash[AUDIT_HASH_BYTES];
    uint8_t chain_hash[AUDIT_HASH_BYTES];
};

/* Static lowercase name of an action ("read", "break_glass", ...), or "?" when out of range. */
const char *audit_action_name(enum audit_action a);

/* Parses an action name made by audit_action_name. Returns 0 or ERR_INVAL. */
int audit_action_parse(struct str s, enum audit_action *out) WUR;

/* Static name of an outcome ("ok", "denied", "error"), or "?". */
const char *audit_outcome_name(enum audit_outcome o);

/* Checks what the writer must guarantee before a record enters the log: known action and
 * outcome, ts_ms > 0, ids >= 0, only known category bits, string lengths within their maxima,
 * strings valid UTF-8 without control characters, a non-zero trace_id and span_id, and a purpose
 * for break_glass, export and search (security.md §2.2). Returns 0 or ERR_INVAL with the offending
 * field named in e. The verifier does not call this: it checks hashes, not policy. */
int audit_rec_validate(const struct audit_rec *r, struct err *e) WUR;

/* Writes the canonical encoding of r into out (capacity cap; AUDIT_REC_MAX always suffices) and
 * its length into *out_len. Checks only what the format needs (enum values fit their range,
 * string lengths within their maxima, a NULL pointer only with length 0). Deterministic.
 * Errors: ERR_INVAL (a field out of range), ERR_TOOBIG (cap too small). */
int audit_rec_encode(const struct audit_rec *r, uint8_t *out, size_t cap, size_t *out_len,
                     struct err *e) WUR;

/* Decodes a canonical encoding (untrusted input) into *out. The strings of *out are borrowed
 * from p and live as long as p. out->salt is zeroed (the salt is not in the encoding; copy it
 * from its own column). Strict: magic, version, every tag, every length and the enum ranges are
 * checked and every byte must be consumed. Errors: ERR_INVAL; *out is then zeroed. */
int audit_rec_decode(const uint8_t *p, size_t n, struct audit_rec *out, struct err *e) WUR;

/* Entry hash SHA-256(salt | canonical) and leaf hash SHA-256(0x00 | entry hash) of r.
 * out_entry may be NULL. Errors: those of audit_rec_encode (ERR_INVAL). */
int audit_rec_hash(const struct audit_rec *r, uint8_t out_entry[AUDIT_HASH_BYTES],
                   uint8_t out_leaf[AUDIT_HASH_BYTES], struct err *e) WUR;

/* Checks that p[0..n) is a canonical encoding exactly as audit_rec_decode would accept it (same
 * magic, tags, lengths, maxima, enum ranges, every byte consumed), without building the record,
 * and gives its seq. For the verifier's hot path. Returns 0 or ERR_INVAL. */
int audit_rec_check(const uint8_t *p, size_t n, uint64_t *out_seq) WUR;

/* Leaf hash of a record given by its stored canonical encoding p[0..n) and salt: for an encoding
 * of r, the same leaf as audit_rec_hash(r). Does not check p (audit_rec_check does). */
void audit_rec_hash_encoded(const uint8_t salt[AUDIT_SALT_BYTES], const uint8_t *p, size_t n,
                            uint8_t out_leaf[AUDIT_HASH_BYTES]);

/* The chain value before the first record: BLAKE2b-256("regie/audit/chain/v1"). */
void audit_chain_init(uint8_t out[AUDIT_HASH_BYTES]);

/* chain_i = BLAKE2b-256(prev | leaf). out may alias prev. */
void audit_chain_next(const uint8_t prev[AUDIT_HASH_BYTES], const uint8_t leaf[AUDIT_HASH_BYTES],
                      uint8_t out[AUDIT_HASH_BYTES]);

/* The log's running state: the Merkle frontier (compact range [0, size)) and the chain value of
 * the last record. Small (about 4 KiB) and self-contained: the writer keeps one in memory, the
 * verifier exports one after a checkpoint so the next run can start there (verify.h). */
struct audit_state {
    struct audit_crange fr; /* begin == 0; fr.end is the log size */
    uint8_t chain[AUDIT_HASH_BYTES];
};

/* Empty log: size 0, chain = audit_chain_init(). */
void audit_state_init(struct audit_state *st);

/* Writer side: validates r (audit_rec_validate), requires r->seq == st->fr.end, computes the
 * leaf and chain hashes to store with the record (out_leaf, out_chain), and advances st.
 * st is unchanged on error. The caller fills r->salt with rand_bytes first.
 * Errors: ERR_INVAL (validation, or seq is not the next position), ERR_TOOBIG (log full).
 * Not thread-safe for one st: the single writer thread owns it. */
int audit_state_append(struct audit_state *st, const struct audit_rec *r,
                       uint8_t out_leaf[AUDIT_HASH_BYTES], uint8_t out_chain[AUDIT_HASH_BYTES],
                       struct err *e) WUR;

/* True if st is internally consistent: a frontier starting at 0 whose nodes are exactly the
 * perfect subtrees of its size (one per set bit, largest first). Call it on a state read back
 * from storage before appending to it or verifying from it: a corrupted blob could otherwise
 * make the frontier index out of bounds. Says nothing about whether the hashes are authentic. */
bool audit_state_valid(const struct audit_state *st);

/* Merkle root of the log at its current size (RFC 9162 MTH; the empty-tree hash at size 0). */
void audit_state_root(const struct audit_state *st, uint8_t out[AUDIT_HASH_BYTES]);

#endif
