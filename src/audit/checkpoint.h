/* checkpoint.h: signing keys and signed checkpoints of the access log, in the C2SP formats
 * (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint), so standard witnesses and
 * tools can read them.
 *
 * A checkpoint is a signed note whose text is
 *     <origin>\n<tree size, decimal>\n<base64 root hash>\n
 * followed by an empty line and one or more signature lines
 *     — <key name> <base64(key id[4] | Ed25519 signature[64])>\n
 * where the key id is SHA-256(key name | 0x0A | 0x01 | public key)[0..4) and the signature is
 * over the note text (everything before the empty line). Regie uses the key name as the origin.
 * Extension lines in the checkpoint body are not accepted. Signature lines of other keys (e.g.
 * witness cosignatures) are allowed and ignored.
 *
 * Key formats (those of golang.org/x/mod/sumdb/note):
 *   private key file  "PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 | 32-byte seed)>\n"
 *   verifier key      "<name>+<8 hex key id>+<base64(0x01 | 32-byte public key)>"
 * Key names are 1..AUDIT_KEYNAME_MAX printable ASCII characters without space and '+'.
 *
 * Thread-safety: a loaded signer or verifier is immutable and may be shared; all functions are
 * reentrant. libsodium must be initialised (core_init). */
#ifndef REGIE_AUDIT_CHECKPOINT_H
#define REGIE_AUDIT_CHECKPOINT_H

#include "core/common.h"
#include "core/err.h"
#include "core/str.h"
#include "audit/merkle.h"

#define AUDIT_KEYNAME_MAX 64u
#define AUDIT_KEY_ID_BYTES 4u
#define AUDIT_PK_BYTES 32u
#define AUDIT_SIG_BYTES 64u
#define AUDIT_NOTE_MAX 8192u    /* longest signed note we write or accept */
#define AUDIT_NOTE_SIGS_MAX 16u /* signature lines accepted on one note */
#define AUDIT_VERIFIER_KEY_MAX (AUDIT_KEYNAME_MAX + 64u) /* formatted verifier key + NUL */

/* A public key that checks log signatures. */
struct audit_verifier {
    char name[AUDIT_KEYNAME_MAX + 1]; /* NUL-terminated key name = log origin */
    uint8_t key_id[AUDIT_KEY_ID_BYTES];
    uint8_t pk[AUDIT_PK_BYTES];
};

/* Produces a detached Ed25519 signature of msg[0..n) (for keys held elsewhere: another process,
 * an HSM, or core/crypto's keyring via crypto_sig_sign). */
struct audit_sign_fn {
    void (*sign)(void *ctx, const void *msg, size_t n, uint8_t out_sig[AUDIT_SIG_BYTES]);
    void *ctx;
};

/* A signing key. Holds a secret: wipe it with audit_signer_cleanup. */
struct audit_signer {
    struct audit_verifier pub;
    uint8_t sk[64];           /* libsodium Ed25519 secret key; unused when ext.sign is set */
    struct audit_sign_fn ext; /* external signer, or {NULL, NULL} */
};

/* True if name is a valid key name (see above). */
bool audit_keyname_valid(struct str name);

/* Deterministic signer from a 32-byte seed (tests, and keys derived elsewhere). The seed is not
 * kept. Errors: ERR_INVAL (name). */
int audit_signer_from_seed(struct audit_signer *out, const char *name, const uint8_t seed[32],
                           struct err *e) WUR;

/* Signer whose signatures come from fn (the secret stays with the caller); pk must be the
 * matching public key. Errors: ERR_INVAL (name, fn). */
int audit_signer_external(struct audit_signer *out, const char *name,
                          const uint8_t pk[AUDIT_PK_BYTES], struct audit_sign_fn fn,
                          struct err *e) WUR;

/* Wipes the secret key. s may be NULL. */
void audit_signer_cleanup(struct audit_signer *s);

/* Creates a new random signing key named `name` in a new file at path: O_CREAT|O_EXCL|
 * O_NOFOLLOW, mode 0600, written and fsync'ed (and its directory). An existing file is never
 * overwritten. On success *out_pub (may be NULL) receives the public key to publish and give to
 * witnesses. Errors: ERR_CONFLICT (path exists), ERR_INVAL (name/path), ERR_IO (no partial file
 * is left behind). */
int audit_key_generate_file(const char *path, const char *name, struct audit_verifier *out_pub,
                            struct err *e) WUR;

/* Loads a private key file made by audit_key_generate_file. The file must be a regular file not
 * accessible to group or others (mode & 077 == 0), at most 512 bytes, in the exact format above
 * (the key id must match). Errors: ERR_NOTFOUND, ERR_FORBIDDEN (type or mode), ERR_TOOBIG,
 * ERR_INVAL (format), ERR_IO. *out is zeroed on error; on success wipe it with
 * audit_signer_cleanup. */
int audit_signer_load_file(const char *path, struct audit_signer *out, struct err *e) WUR;

/* Formats v as a verifier key into out (cap >= AUDIT_VERIFIER_KEY_MAX), NUL-terminated.
 * Errors: ERR_TOOBIG. */
int audit_verifier_format(const struct audit_verifier *v, char *out, size_t cap, struct err *e) WUR;

/* Parses a verifier key (untrusted; e.g. from config). The key id must match the name and key.
 * Errors: ERR_INVAL. */
int audit_verifier_parse(struct str s, struct audit_verifier *out, struct err *e) WUR;

/* Signs an arbitrary note text[0..n) (non-empty printable-ASCII lines, each ending in '\n', no
 * empty line) and writes text, the empty line and one signature line into out (capacity cap),
 * NUL-terminated; *out_len excludes the NUL. Errors: ERR_INVAL (text), ERR_TOOBIG (cap or
 * AUDIT_NOTE_MAX). */
int audit_note_sign(const struct audit_signer *s, const char *text, size_t n, char *out, size_t cap,
                    size_t *out_len, struct err *e) WUR;

/* Strictly parses a signed note (the rules of audit_checkpoint_parse_verify, without the
 * checkpoint body rules; at most 140 text lines) and checks that pk signed it. *out_text is the
 * note text including its final '\n', borrowed from note[]. Errors: ERR_INVAL, ERR_CRYPTO. */
int audit_note_open(const char *note, size_t n, const struct audit_verifier *pk,
                    struct str *out_text, struct err *e) WUR;

/* Writes the signed checkpoint for (size, root) into out (capacity cap; AUDIT_NOTE_MAX always
 * suffices), origin = signer key name. *out_len excludes the NUL that is also written.
 * Errors: ERR_TOOBIG (cap), ERR_INVAL (size > AUDIT_TREE_MAX_SIZE). */
int audit_checkpoint_sign(const struct audit_signer *s, uint64_t size,
                          const uint8_t root[AUDIT_HASH_BYTES], char *out, size_t cap,
                          size_t *out_len, struct err *e) WUR;

/* Parses and verifies a checkpoint text[0..n) (untrusted input; need not be NUL-terminated).
 * Accepted only if: n <= AUDIT_NOTE_MAX; the body is exactly three lines of printable ASCII; the
 * origin equals pk->name; the size is canonical decimal <= AUDIT_TREE_MAX_SIZE; the root is
 * canonical base64 of 32 bytes; 1..AUDIT_NOTE_SIGS_MAX well-formed signature lines follow the
 * empty line and nothing else; and one of them is by pk (name and key id) and verifies.
 * Outputs are written only on success.
 * Errors: ERR_INVAL (malformed), ERR_CRYPTO (no valid signature by pk). */
int audit_checkpoint_parse_verify(const char *text, size_t n, const struct audit_verifier *pk,
                                  uint64_t *out_size, uint8_t out_root[AUDIT_HASH_BYTES],
                                  struct err *e) WUR;

#endif
