/* totp.h: time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second step, T0 = 0)
 * on top of liboath, plus the base32 (RFC 4648) encoding and the otpauth:// URI that
 * authenticator apps read from a QR code. Verification accepts the current step and one step on
 * either side, and accepts each step at most once: the caller stores the matched counter and
 * passes it back as last_used_counter (ASVS 6.5.1, 6.5.5). Time is always passed in (UTC ms from
 * core/clock.h), never read here. Thread-safe. */
#ifndef REGIE_CORE_TOTP_H
#define REGIE_CORE_TOTP_H

#include "core/common.h"
#include "core/err.h"

#define TOTP_SECRET_BYTES 20 /* 160 bits, the RFC 4226 recommendation for HMAC-SHA-1 */
#define TOTP_SECRET_MIN 10   /* shortest secret totp_verify accepts (80 bits, RFC 4226 §4) */
#define TOTP_SECRET_MAX 64
#define TOTP_DIGITS 6
#define TOTP_STEP_S 30
#define TOTP_WINDOW 1 /* steps accepted on either side of the current one */
#define TOTP_ISSUER "Regie"
#define TOTP_ACCOUNT_MAX 256 /* bytes in the account name of an otpauth URI */

/* Base32 length without padding for n bytes: ceil(8n / 5). */
#define TOTP_B32_LEN(n) (((n)*8 + 4) / 5)

/* Fills out with TOTP_SECRET_BYTES bytes from libsodium's CSPRNG. */
void totp_secret_new(uint8_t out[TOTP_SECRET_BYTES]);

/* RFC 4648 base32 (alphabet A-Z2-7, uppercase) of p[0..n) without '=' padding into out, NUL-
 * terminated; cap must be at least TOTP_B32_LEN(n) + 1. Sets *out_len (without NUL). Returns 0
 * or ERR_TOOBIG (cap too small; out is then ""). Pure. */
int totp_base32_encode(const void *p, size_t n, char *out, size_t cap, size_t *out_len) WUR;

/* Decodes unpadded base32 s[0..n) (upper- or lowercase; no spaces, no '=') into out (cap bytes).
 * Strict: rejects characters outside the alphabet, lengths that no byte string encodes
 * (n mod 8 in {1, 3, 6}) and non-zero trailing bits, so every byte string has exactly one
 * accepted encoding. Sets *out_len. Returns 0, ERR_INVAL or ERR_TOOBIG (cap too small). Pure. */
int totp_base32_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *out_len) WUR;

/* Writes "otpauth://totp/Regie:<account>?secret=<base32>&issuer=Regie&algorithm=SHA1&digits=6
 * &period=30" into out (NUL-terminated, cap bytes). The account (1..TOTP_ACCOUNT_MAX bytes, e.g.
 * the username) is percent-encoded: everything except A-Z a-z 0-9 - . _ ~ becomes %XX, so a ':',
 * '?', '&' or '#' in it cannot change the URI's structure. The secret is 10..64 bytes.
 * Returns 0, ERR_INVAL (bad account or secret length) or ERR_TOOBIG (cap too small; out is "").
 * The result holds the secret: wipe it after use. Pure. */
int totp_otpauth_uri(const char *account, size_t account_n, const uint8_t *secret, size_t secret_n,
                     char *out, size_t cap, struct err *e) WUR;

/* The code for the step that contains now_ms (>= 0), with `digits` digits (6, 7 or 8), into out
 * (NUL-terminated, cap >= digits + 1). For tests, the demo helper and the RFC vectors.
 * Returns 0, ERR_INVAL (bad arguments) or ERR_CRYPTO (liboath failed). */
int totp_generate(const uint8_t *secret, size_t n, int64_t now_ms, unsigned digits, char *out,
                  size_t cap) WUR;

/* totp_generate with 6 digits into out[7]. */
int totp_code_at(const uint8_t *secret, size_t n, int64_t now_ms, char out[7]) WUR;

/* Verifies code[0..code_n) (exactly 6 ASCII digits) against secret[0..n) at time now_ms (UTC ms,
 * from clock_now_ms(); >= 0). Accepts the steps counter-1, counter, counter+1 (counter =
 * floor(now_ms / 30000)) but only those strictly greater than last_used_counter (pass -1 when no
 * code was ever accepted): a code is accepted once, and after a later code was accepted an
 * earlier one is refused too. All candidate codes are computed and compared in constant time.
 * On success *out_counter receives the matched counter, which the caller must store (atomically
 * with the login) and pass as last_used_counter next time.
 * Returns 0 (accepted), ERR_UNAUTH (wrong, expired or replayed code: one message for all, field
 * "code"), ERR_INVAL (malformed code, bad secret length or time; field "code" for a malformed
 * code) or ERR_CRYPTO (liboath failed). *out_counter is untouched on failure. */
int totp_verify(const uint8_t *secret, size_t n, const char *code, size_t code_n, int64_t now_ms,
                int64_t last_used_counter, int64_t *out_counter, struct err *e) WUR;

#endif
