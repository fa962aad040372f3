/* audit_int.h: internals shared by the files of src/audit/ (signed notes, checkpoint parsing).
 * Private to src/audit/. */
#ifndef REGIE_AUDIT_AUDIT_INT_H
#define REGIE_AUDIT_AUDIT_INT_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "audit/checkpoint.h"
#include "audit/record.h"

#define AUDIT__NOTE_LINES_MAX 140u /* body lines: a deletion entry has at most 6 + 126 */

/* A parsed note. Slices borrow from the parsed text. */
struct audit__note {
    struct str body; /* note text, including its final '\n' */
    size_t n_lines;
    struct str line[AUDIT__NOTE_LINES_MAX]; /* body lines without '\n', all non-empty */
    bool sig_ok;                            /* a signature by the expected key verified */
};

/* Writes body[0..n) (printable ASCII lines, each ending in '\n') followed by the empty line and
 * one signature line by s into out (capacity cap), NUL-terminated; *out_len excludes the NUL.
 * Errors: ERR_TOOBIG (cap or AUDIT_NOTE_MAX), ERR_INVAL (body not well-formed). */
int audit__note_sign(const struct audit_signer *s, const char *body, size_t n, char *out,
                     size_t cap, size_t *out_len, struct err *e) WUR;

/* Strictly parses text[0..n) as a signed note and checks the signature lines of pk (see
 * audit_checkpoint_parse_verify for the rules). Returns ERR_INVAL if malformed; otherwise 0 with
 * *out filled and out->sig_ok telling whether pk signed it (a line by pk that fails to verify
 * makes sig_ok false even if another one verifies). */
int audit__note_parse(const char *text, size_t n, const struct audit_verifier *pk,
                      struct audit__note *out, struct err *e) WUR;

/* Parses a checkpoint like audit_checkpoint_parse_verify, but also when its signature does not
 * verify: returns ERR_INVAL if malformed, else 0 with size and root, and *out_sig_ok. */
int audit__checkpoint_parse(const char *text, size_t n, const struct audit_verifier *pk,
                            uint64_t *out_size, uint8_t out_root[AUDIT_HASH_BYTES],
                            bool *out_sig_ok, struct err *e) WUR;

struct audit_seg_deletion;

/* Parses a deletion entry like audit_segdel_parse_verify, but also when its signature does not
 * verify: ERR_INVAL if malformed, else 0 with *out and *out_sig_ok. */
int audit__segdel_parse(const char *text, size_t n, const struct audit_verifier *pk,
                        struct audit_seg_deletion *out, bool *out_sig_ok, struct err *e) WUR;

/* Decodes canonical standard base64 (RFC 4648 §4, padded, no stray bits: re-encoding gives the
 * same text) of at most AUDIT__B64_MAX characters into out (capacity cap). 0 or ERR_INVAL. */
#define AUDIT__B64_MAX 511u
int audit__b64_decode(struct str s, uint8_t *out, size_t cap, size_t *out_len) WUR;

/* Canonical unsigned decimal <= max (no sign, no leading zeros). 0 or ERR_INVAL. */
int audit__parse_u64(struct str s, uint64_t max, uint64_t *out) WUR;

/* Appends the decimal form of v to out[*len..cap). Returns 0 or ERR_TOOBIG. */
int audit__put_u64(char *out, size_t cap, size_t *len, uint64_t v) WUR;

/* Appends s[0..n) to out[*len..cap). Returns 0 or ERR_TOOBIG. */
int audit__put(char *out, size_t cap, size_t *len, const void *s, size_t n) WUR;

/* Appends the canonical base64 of a 32-byte hash and a '\n'. Returns 0 or ERR_TOOBIG. */
int audit__put_hash_line(char *out, size_t cap, size_t *len, const uint8_t h[AUDIT_HASH_BYTES]) WUR;

/* hashx.c: audit_rec_hash_encoded's leaf (SHA-256(0x00 | SHA-256(salt | p[0..n)))) and
 * audit_merkle_node_hash's node (SHA-256(0x01 | l | r); out may alias l or r), laid out as
 * padded blocks for core/sha256's sha256_blocks. Same results as the streaming SHA-256. */
void audit__entry_leaf(const uint8_t salt[AUDIT_SALT_BYTES], const uint8_t *p, size_t n,
                       uint8_t out_leaf[AUDIT_HASH_BYTES]);
void audit__node_hash(const uint8_t l[AUDIT_HASH_BYTES], const uint8_t r[AUDIT_HASH_BYTES],
                      uint8_t out[AUDIT_HASH_BYTES]);

/* Chain hashes of n independent rows: out[i] = audit_chain_next(prev[i], leaf[i]) (out must not
 * alias the inputs). Several rows per call where the CPU has wide vectors (record.c); any n. */
void audit__chain_next_n(size_t n, const uint8_t *const prev[], const uint8_t *const leaf[],
                         uint8_t out[][AUDIT_HASH_BYTES]);

/* Rows audit__chain_next_n hashes at once (1 without vector support): batch at least this many. */
unsigned audit__chain_lanes(void);

/* For tests: use the 8-lane (AVX-512), 4-lane (AVX2) or 1-lane (libsodium) implementation if the
 * CPU has it, else the 1-lane one; lanes 0 goes back to the best one. No self-test. Returns the
 * lanes now in use. Not thread-safe against concurrent audit__chain_next_n. */
unsigned audit__chain_force_lanes(unsigned lanes);

#endif
