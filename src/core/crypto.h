/* crypto.h: every cryptographic operation of Regie, on libsodium only (no home-made primitives).
 *
 * Key hierarchy. A key file (created by crypto_keyfile_create, mode 0600, kept beside the database
 * but never in it) holds one 32-byte master key and its key version. keyring_load derives four
 * sub-keys from it with crypto_kdf (BLAKE2b) and forgets the master key (rotation: see "key
 * rotation" below):
 *   "regiewrp"  wraps the per-group data keys (XChaCha20-Poly1305-IETF)
 *   "regieidx"  keys the blind indexes (keyed BLAKE2b-256)
 *   "regielog"  keys the data-subject pseudonyms of the access log (keyed BLAKE2b-256)
 *   "regiesig"  seeds the Ed25519 key that signs access-log checkpoints
 * Personal data is sealed per field under a per-group data key (one group per case or signal).
 * The data key is stored only wrapped; destroying the wrapped key makes every field of the group
 * unreadable (crypto-shredding). The wrapped keys live in the key vault, a file apart from the
 * database (store/vault.c), so a database backup holds none and a destruction reaches every
 * database backup at once; key backups made before a destruction still hold the key until they
 * are rotated out (docs/operations.md), or until the master key is rotated and the old one
 * retired (crypto_keyfile_rotate + crypto_dk_rewrap + retire) and its file copies destroyed.
 *
 * Key rotation (docs/crypto-inventory.md). crypto_keyfile_rotate adds a new master version to the
 * key file ("regie-key v2" format): only the wrap sub-key rotates; the index, log and signing
 * sub-keys are pinned in the file as they were derived from the original master (blind indexes
 * and pseudonyms are searched, so they must not change). A keyring holds the wrap sub-key of every
 * master version in the file; data keys wrapped under any of them unwrap (wrapped[1] names the
 * version), new ones are wrapped under the current version, crypto_dk_rewrap moves one to it.
 *   v2 file = "regie-key v2\nkey-version C\nindex <b64>\nlog <b64>\nsign <b64>\n"
 *             "master N <b64>\n" (1..CRYPTO_KEYRING_MAX_VERSIONS lines, one with N = C)
 *
 * Formats (the first byte of every ciphertext is a format version, for crypto agility):
 *   wrapped data key  = 0x01 | key_version | nonce[24] | XChaCha20-Poly1305(dk)[32+16]
 *                       AAD = "regie-dk" | 0x01 | key_version | group_id (8 bytes big-endian)
 *   sealed field      = 0x01 | nonce[24] | XChaCha20-Poly1305(pt)[n+16]
 *                       AAD = 0x01 | table | 0x00 | column | 0x00 | row_id (8 bytes big-endian)
 * Because the AAD binds table, column and row id, a ciphertext copied to another row, column or
 * table fails to open (ERR_CRYPTO). Nonces are random (192 bits), so they never need state.
 *
 * Thread-safety: a loaded keyring is immutable and may be shared by threads; all functions here
 * are reentrant. core_init() (libsodium init) must have run first. */
#ifndef REGIE_CORE_CRYPTO_H
#define REGIE_CORE_CRYPTO_H

#include "core/common.h"
#include "core/err.h"

#define CRYPTO_FORMAT_V1 0x01
#define CRYPTO_KEY_BYTES 32u      /* master, sub-keys and data keys */
#define CRYPTO_HASH_BYTES 32u     /* blind index and pseudonym */
#define CRYPTO_NONCE_BYTES 24u
#define CRYPTO_TAG_BYTES 16u
#define CRYPTO_SEAL_OVERHEAD (1u + CRYPTO_NONCE_BYTES + CRYPTO_TAG_BYTES) /* 41 */
#define CRYPTO_DK_WRAPPED_BYTES (2u + CRYPTO_NONCE_BYTES + CRYPTO_KEY_BYTES + CRYPTO_TAG_BYTES)
#define CRYPTO_AAD_NAME_MAX 64u   /* longest table or column name accepted in an AAD */
#define CRYPTO_SIG_PK_BYTES 32u
#define CRYPTO_SIG_BYTES 64u
#define CRYPTO_KEYRING_MAX_VERSIONS 8u /* master versions one key file may hold */

struct keyring;

/* ---- key file and keyring ------------------------------------------------------------------ */

/* Creates a new key file at path with a fresh random master key, key version 1:
 *   "regie-key v1\nkey-version 1\nmaster <base64 of 32 bytes>\n"
 * The file is created with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 (chmod to 0400 afterwards is
 * fine), written, fsync'ed, and its directory fsync'ed. An existing file is never overwritten.
 * Errors: ERR_CONFLICT (path exists), ERR_IO (create/write/sync failed; no partial file is left),
 * ERR_INVAL (path NULL/empty). */
int crypto_keyfile_create(const char *path, struct err *e) WUR;

/* Loads a key file and derives the sub-keys. The sub-keys live in locked memory (sodium_mlock:
 * not swapped, not in core dumps; if the RLIMIT_MEMLOCK forbids locking, a warning is logged and
 * loading continues). The master key itself is wiped after derivation.
 * *out: caller frees with keyring_free. Errors: ERR_NOTFOUND (no such file), ERR_FORBIDDEN (not
 * a regular file, or readable/writable by group or others: mode & 077), ERR_INVAL (bad format:
 * header, key-version 1..255, base64 of exactly 32 bytes, no unknown lines), ERR_TOOBIG (file
 * larger than 4 KiB), ERR_IO, ERR_NOMEM. */
int keyring_load(const char *path, struct keyring **out, struct err *e) WUR;

/* Builds a keyring from raw master-key bytes (for tests, and for a future HSM/KMS source).
 * key_version 1..255. *out: caller frees with keyring_free. Errors: ERR_INVAL, ERR_NOMEM. */
int keyring_from_master(const uint8_t master[CRYPTO_KEY_BYTES], unsigned key_version,
                        struct keyring **out, struct err *e) WUR;

/* Wipes and frees the keyring. NULL is a no-op. */
void keyring_free(struct keyring *kr);

/* Version (1..255) of the current master key: new data keys are wrapped under it. */
unsigned keyring_key_version(const struct keyring *kr);

/* True if the keyring holds the wrap sub-key of master version key_version. */
bool keyring_has_version(const struct keyring *kr, unsigned key_version);

/* Adds a fresh random master key to the key file at path as version max+1 and makes it current.
 * A version-1 file becomes a version-2 file that pins the index, log and signing sub-keys of its
 * original master. Written atomically (temporary file 0600 + fsync + rename + directory fsync);
 * nothing about the keys is logged. *out_version: the new version. Errors: as keyring_load;
 * ERR_CONFLICT (already CRYPTO_KEYRING_MAX_VERSIONS versions, or version 255 reached); ERR_IO. */
int crypto_keyfile_rotate(const char *path, unsigned *out_version, struct err *e) WUR;

/* Removes master version `version` from the key file (atomically, as above). The caller must
 * first make sure no data key is wrapped under it (app/keys.c). Errors: ERR_NOTFOUND (no such
 * version), ERR_CONFLICT (it is the current version, or the file was never rotated), as
 * keyring_load, ERR_IO. */
int crypto_keyfile_retire(const char *path, unsigned version, struct err *e) WUR;

/* The master versions in the key file (no key material) and the current one. Errors: as
 * keyring_load. */
int crypto_keyfile_versions(const char *path, unsigned out_versions[CRYPTO_KEYRING_MAX_VERSIONS],
                            size_t *out_n, unsigned *out_current, struct err *e) WUR;

/* ---- per-group data keys ------------------------------------------------------------------- */

/* Makes a fresh random data key for group_id and wraps it under the wrap sub-key.
 * out_dk receives the plain key (caller wipes it with sodium_memzero/crypto_wipe when done);
 * out_wrapped (capacity cap >= CRYPTO_DK_WRAPPED_BYTES) receives the wrapped form to store;
 * *out_len = CRYPTO_DK_WRAPPED_BYTES. Errors: ERR_TOOBIG (cap too small), ERR_CRYPTO. */
int crypto_dk_new(const struct keyring *kr, int64_t group_id, uint8_t out_dk[CRYPTO_KEY_BYTES],
                  uint8_t *out_wrapped, size_t cap, size_t *out_len, struct err *e) WUR;

/* Unwraps a data key made by crypto_dk_new (or crypto_dk_rewrap) for the same group_id, with the
 * wrap sub-key of the version recorded in it. Errors: ERR_CRYPTO (wrong group, wrong key, unknown
 * format, key version not in this keyring (retired), truncated, tampered); out_dk is then zeroed. */
int crypto_dk_unwrap(const struct keyring *kr, int64_t group_id, const uint8_t *wrapped,
                     size_t n, uint8_t out_dk[CRYPTO_KEY_BYTES], struct err *e) WUR;

/* Re-wraps a data key of group_id (wrapped under any loaded version) under the current version,
 * with a fresh nonce, into out_wrapped (cap >= CRYPTO_DK_WRAPPED_BYTES); *out_len =
 * CRYPTO_DK_WRAPPED_BYTES. The plain key exists only on the stack and is wiped. Errors:
 * ERR_CRYPTO (as crypto_dk_unwrap), ERR_TOOBIG (cap). */
int crypto_dk_rewrap(const struct keyring *kr, int64_t group_id, const uint8_t *wrapped, size_t n,
                     uint8_t *out_wrapped, size_t cap, size_t *out_len, struct err *e) WUR;

/* ---- sealed fields ------------------------------------------------------------------------- */

/* Length of the sealed form of an n-byte plaintext: n + CRYPTO_SEAL_OVERHEAD. */
size_t crypto_sealed_len(size_t n);

/* Seals pt[0..n) for the cell (table, column, row_id) under data key dk into out (capacity cap
 * >= crypto_sealed_len(n)); *out_len = crypto_sealed_len(n). table and column are NUL-terminated
 * identifiers of 1..CRYPTO_AAD_NAME_MAX bytes. Errors: ERR_INVAL (names), ERR_TOOBIG (cap),
 * ERR_CRYPTO. */
int crypto_seal(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, const char *column,
                int64_t row_id, const void *pt, size_t n, uint8_t *out, size_t cap,
                size_t *out_len, struct err *e) WUR;

/* Opens a sealed field of n bytes for the same (table, column, row_id) into out (capacity cap >=
 * n - CRYPTO_SEAL_OVERHEAD); *out_len = plaintext length. Errors: ERR_CRYPTO (authentication
 * failed: wrong key/cell, tampered, truncated, unknown format), ERR_TOOBIG (cap), ERR_INVAL.
 * On failure out[0..cap) is zeroed. */
int crypto_open(const uint8_t dk[CRYPTO_KEY_BYTES], const char *table, const char *column,
                int64_t row_id, const uint8_t *ct, size_t n, void *out, size_t cap,
                size_t *out_len, struct err *e) WUR;

/* ---- blind indexes and pseudonyms ---------------------------------------------------------- */

/* Keyed BLAKE2b-256 of p[0..n) under the index sub-key, domain-separated by kind (a short
 * NUL-terminated label such as "bsn" or "name_dob": the hash input is kind | 0x00 | p). Normalise
 * the input first (crypto_normalise_name / crypto_normalise_bsn) so equal values index equal.
 * Errors: ERR_INVAL (kind NULL/empty/longer than CRYPTO_AAD_NAME_MAX). */
int crypto_blind_index(const struct keyring *kr, const char *kind, const void *p, size_t n,
                       uint8_t out[CRYPTO_HASH_BYTES], struct err *e) WUR;

/* Keyed BLAKE2b-256 of p[0..n) under the log sub-key: a stable data-subject pseudonym for the
 * access log, unlinkable to the blind indexes. Never fails for valid arguments (returns 0). */
int crypto_pseudonym(const struct keyring *kr, const void *p, size_t n,
                     uint8_t out[CRYPTO_HASH_BYTES], struct err *e) WUR;

/* Normalises a person's name for blind indexing: ASCII letters lowercased, every run of ASCII
 * whitespace (space, \t, \n, \v, \f, \r) collapsed to one space, leading and trailing whitespace
 * removed; all other bytes (digits, punctuation, non-ASCII UTF-8) are kept as they are. So
 * "  Jan\t de  VRIES " becomes "jan de vries". No Unicode case folding or NFC: "É" and "é" stay
 * different. Output is never longer than the input: out needs cap >= n (no NUL is written).
 * Errors: ERR_TOOBIG (cap < n). */
int crypto_normalise_name(const char *in, size_t n, char *out, size_t cap, size_t *out_len,
                          struct err *e) WUR;

/* Normalises a BSN: drops spaces, dots and hyphens, then requires exactly 9 ASCII digits. out
 * receives the 9 digits and a NUL. Does not apply the 11-test (the app layer validates).
 * Errors: ERR_INVAL. */
int crypto_normalise_bsn(const char *in, size_t n, char out[10], struct err *e) WUR;

/* ---- "known elsewhere?" between two regions (app/elsewhere.c, docs/known-elsewhere.md) ----- *
 * Both regions of a pair hold one random 32-byte pair key K (never in a database). Two sub-keys
 * are derived from it with crypto_kdf (context "regiepr1"): 1 keys the tags, 2 seals the
 * messages. A tag is
 *     BLAKE2b-256(key = sub1, "regie/known-elsewhere/v1" | kind | 0x00 | argon2id(id))
 * with argon2id over the normalised identifier, salted with 16 bytes derived from sub1, at the
 * pair's cost (ops, mem_kib): so guessing identifiers offline costs an argon2id per guess even
 * to the other region, who holds K. A message is 0x01 | nonce[24] | XChaCha20-Poly1305(pt) under
 * sub2 with the caller's associated data (direction and the two region ids). */
#define CRYPTO_PEER_OVERHEAD (1u + CRYPTO_NONCE_BYTES + CRYPTO_TAG_BYTES)
#define CRYPTO_PEER_MEM_KIB_MIN 8u              /* libsodium's floor (argon2id) */
#define CRYPTO_PEER_MEM_KIB_MAX (1024u * 1024u) /* 1 GiB */
#define CRYPTO_PEER_OPS_MAX 20u

/* The tag of id[0..n) (normalised by the caller) of kind ("bsn", "name_dob"). ERR_INVAL (kind
 * empty or too long, ops outside 1..CRYPTO_PEER_OPS_MAX, mem_kib outside the range above),
 * ERR_NOMEM (argon2id could not get its memory). */
int crypto_peer_tag(const uint8_t key[CRYPTO_KEY_BYTES], unsigned ops, unsigned mem_kib,
                    const char *kind, const void *id, size_t n, uint8_t out[CRYPTO_HASH_BYTES],
                    struct err *e) WUR;

/* What the tags of a pair depend on: BLAKE2b-256 of sub-key 3 with ops and mem_kib. Stored
 * beside the tags, so tags made under another key or cost are never taken for current ones. */
void crypto_peer_fingerprint(const uint8_t key[CRYPTO_KEY_BYTES], unsigned ops, unsigned mem_kib,
                             uint8_t out[CRYPTO_HASH_BYTES]);

/* Seals pt[0..n) into out (cap >= n + CRYPTO_PEER_OVERHEAD); *out_len its length. ERR_TOOBIG. */
int crypto_peer_seal(const uint8_t key[CRYPTO_KEY_BYTES], const char *ad, const void *pt, size_t n,
                     uint8_t *out, size_t cap, size_t *out_len, struct err *e) WUR;

/* Opens what crypto_peer_seal made under the same key and ad into out (cap >= n). ERR_CRYPTO (a
 * wrong key, another ad, a changed byte, a bad format), ERR_TOOBIG. */
int crypto_peer_open(const uint8_t key[CRYPTO_KEY_BYTES], const char *ad, const uint8_t *ct,
                     size_t n, uint8_t *out, size_t cap, size_t *out_len, struct err *e) WUR;

/* ---- checkpoint signatures ----------------------------------------------------------------- */

/* Ed25519 public key of this keyring's signing key (derived from the "regiesig" sub-key). */
void crypto_sig_public_key(const struct keyring *kr, uint8_t out_pk[CRYPTO_SIG_PK_BYTES]);

/* Detached Ed25519 signature of msg[0..n). */
void crypto_sig_sign(const struct keyring *kr, const void *msg, size_t n,
                     uint8_t out_sig[CRYPTO_SIG_BYTES]);

/* True if sig is a valid signature of msg[0..n) under pk. */
bool crypto_sig_verify(const uint8_t pk[CRYPTO_SIG_PK_BYTES], const void *msg, size_t n,
                       const uint8_t sig[CRYPTO_SIG_BYTES]);

/* ---- helpers ------------------------------------------------------------------------------- */

/* Constant-time equality of a[0..n) and b[0..n) (sodium_memcmp). */
bool crypto_eq(const void *a, const void *b, size_t n);

/* Wipes p[0..n) in a way the compiler cannot elide (sodium_memzero). p may be NULL if n == 0. */
void crypto_wipe(void *p, size_t n);

#endif
