/* pwhash.h: password hashing (argon2id through libsodium), verification, rehash detection, a
 * dummy verification for unknown users, a gate that bounds how many hashes run at once (each one
 * holds `mem` bytes), and the password policy for new passwords (length, common-password list,
 * context words). ASVS 5.0 6.2.x, 11.4.2, App. C; security.md §1.1.
 *
 * Thread-safety: every function may be called from any thread. pwhash_configure changes
 * process-wide settings; call it once at startup before serving. */
#ifndef REGIE_CORE_PWHASH_H
#define REGIE_CORE_PWHASH_H

#include "core/common.h"
#include "core/err.h"

/* Size of a stored hash string including its NUL ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"),
 * equal to libsodium's crypto_pwhash_STRBYTES. */
#define PWHASH_STR_MAX 128

/* Floor and defaults (OWASP / ASVS App. C: argon2id t=2, m=19 MiB, p=1). */
#define PWHASH_OPS_MIN 2ULL
#define PWHASH_MEM_MIN ((size_t)19 * 1024 * 1024)
#define PWHASH_OPS_DEFAULT PWHASH_OPS_MIN
#define PWHASH_MEM_DEFAULT PWHASH_MEM_MIN
#define PWHASH_CONCURRENCY_DEFAULT 2U
#define PWHASH_WAIT_MS_DEFAULT 5000

/* Password length limits in Unicode code points, and the byte ceiling that follows from them. */
#define PWHASH_PW_MIN_CHARS 15
#define PWHASH_PW_MAX_CHARS 1024
#define PWHASH_PW_MAX_BYTES (4 * PWHASH_PW_MAX_CHARS)

struct pwhash_params {
    unsigned long long ops; /* argon2id passes (t) */
    size_t mem;             /* argon2id memory in bytes (m) */
    unsigned concurrency;   /* K: at most this many hashes/verifications at once, >= 1 */
    int64_t wait_ms;        /* how long a caller waits for a slot before ERR_UNAVAILABLE, >= 0 */
};

/* Fills *p with the defaults (t=2, m=19 MiB, K=2, wait 5000 ms). */
void pwhash_params_default(struct pwhash_params *p);

/* Checks that p is at least as strong as t=2, m=19 MiB (the only floor we accept; a larger t
 * never compensates a smaller m here), within libsodium's limits, with concurrency in 1..64 and
 * wait_ms in 0..600000. Returns 0 or ERR_INVAL (field "pwhash" named in e). Pure. */
int pwhash_params_check(const struct pwhash_params *p, struct err *e) WUR;

/* Installs p as the process-wide settings after pwhash_params_check, and prepares the dummy hash
 * used by pwhash_verify_dummy (costs one hash). Without a call the defaults apply. Call at startup
 * while no hash is running. Returns 0, ERR_INVAL (weak parameters), ERR_NOMEM or ERR_CRYPTO. */
int pwhash_configure(const struct pwhash_params *p, struct err *e) WUR;

/* Hashes the password pw[0..n) (bytes exactly as typed, no NUL needed, n <= PWHASH_PW_MAX_BYTES)
 * with argon2id, a random salt and the configured cost into out (NUL-terminated, < cap bytes,
 * cap >= PWHASH_STR_MAX). Does not apply the password policy (see pwhash_policy_check). Waits for
 * a gate slot. Returns 0, ERR_TOOBIG (password too long), ERR_INVAL (cap too small, or pw NULL
 * with n > 0), ERR_UNAVAILABLE (no slot within wait_ms), ERR_NOMEM (libsodium could not
 * allocate). */
int pwhash_hash(const char *pw, size_t n, char *out, size_t cap, struct err *e) WUR;

/* Verifies pw[0..n) against a stored hash stored[0..stored_n) (need not be NUL-terminated).
 * The comparison inside libsodium is constant time; the cost is that of the stored parameters.
 * A password longer than PWHASH_PW_MAX_BYTES or a malformed stored hash still costs one dummy
 * verification before failing, so neither is distinguishable by timing. pw NULL counts as the
 * empty password. Waits for a gate slot. Returns 0 (match), ERR_UNAUTH (no match, malformed
 * hash, too long) or ERR_UNAVAILABLE (no slot). */
int pwhash_verify(const char *stored, size_t stored_n, const char *pw, size_t n, struct err *e) WUR;

/* For an unknown user: does the same work as pwhash_verify against a hash made with the current
 * parameters, so a login for a non-existent account takes as long as one for an existing account.
 * Always returns ERR_UNAUTH, or ERR_UNAVAILABLE when no gate slot was free (as pwhash_verify). */
int pwhash_verify_dummy(const char *pw, size_t n, struct err *e) WUR;

/* True when stored was not made with exactly the configured algorithm and cost (or cannot be
 * parsed), so the caller should rehash the password after a successful verification. */
bool pwhash_needs_rehash(const char *stored, size_t stored_n);

/* Password policy for a new password pw[0..n): valid UTF-8 without control characters other than
 * tab; at least 15 and at most 1024 code points; no composition rules. Refused (ERR_INVAL, field
 * "password", Dutch reason in e):
 *  - a common password: the lowercased password, or its core with leading/trailing digits,
 *    spaces and symbols removed, or that core as a repetition of one word ("welkomwelkom"), is in
 *    the embedded common-password list (data/common-passwords.txt, ~14,500 entries);
 *  - a keyboard walk, alphabet or digit run ("qwertyuiopasdfgh", "1234567890123456"), or fewer
 *    than 4 distinct characters;
 *  - a password mostly made of context words: when the occurrences of context words of at least
 *    4 characters cover at least half of the password (ASCII case-insensitive). The context words
 *    are always "regie", "gemeente", "radicalisering", "casusoverleg", "veiligheidshuis", plus
 *    ctx[0..n_ctx) (username, organisation name, ...); each caller word is split on characters
 *    other than letters and digits, so "Gemeente Utrecht" contributes "gemeente" and "utrecht".
 * Returns 0 or ERR_INVAL; ERR_NOMEM if the common list could not be loaded (fail closed). */
int pwhash_policy_check(const char *pw, size_t n, const char *const *ctx, size_t n_ctx,
                        struct err *e) WUR;

#endif
