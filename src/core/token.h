/* token.h: secrets handed to browsers and people. Session and CSRF tokens are 32 random bytes,
 * base64url without padding (43 characters); the database stores only the BLAKE2b-256 hash of a
 * session token, so a database leak yields no usable session (ASVS 7.2.3). Activation codes for
 * account (re)activation are 16 characters from a 32-letter alphabet without look-alikes (80
 * bits), shown as "ABCD-EFGH-JKLM-NPQR", and stored as a keyed BLAKE2b-256 hash.
 *
 * Why keyed BLAKE2b and not argon2id for activation codes: 80 uniformly random bits cannot be
 * brute-forced offline even with a fast hash (2^80 BLAKE2b evaluations is out of reach), the
 * codes are short-lived and single-use (ASVS 6.4.1), and the key (a server secret that is not in
 * the database) makes a stolen table useless on its own. A keyed fast hash also allows a lookup
 * by hash (no per-row salt) and puts no argon2 load on an unauthenticated endpoint. The ASVS
 * 6.5.2 "slow hash below 112 bits" rule is about long-lived recovery codes; those, if added, go
 * through core/pwhash instead.
 *
 * All functions are thread-safe; randomness comes from libsodium (call core_init first). */
#ifndef REGIE_CORE_TOKEN_H
#define REGIE_CORE_TOKEN_H

#include "core/common.h"
#include "core/err.h"

#define TOKEN_BYTES 32
#define TOKEN_STR_LEN 43 /* base64url, no padding */
#define TOKEN_HASH_BYTES 32
#define TOKEN_CODE_CHARS 16
#define TOKEN_CODE_STR_LEN 19 /* "ABCD-EFGH-JKLM-NPQR" */
#define TOKEN_CODE_KEY_BYTES 32

/* The activation-code alphabet: A-Z and 2-9 without I, O, 0 and 1 (32 symbols, 5 bits each). */
#define TOKEN_CODE_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

/* New session token: out_raw receives the 32 random bytes, out_str their base64url form
 * (NUL-terminated). Either may be NULL if not wanted. */
void token_new(uint8_t out_raw[TOKEN_BYTES], char out_str[TOKEN_STR_LEN + 1]);

/* New CSRF token (same shape as a session token, independent randomness) into out_str. */
void token_csrf_new(char out_str[TOKEN_STR_LEN + 1]);

/* Strictly parses a token as it arrives from a cookie or header: exactly 43 characters from the
 * base64url alphabet A-Z a-z 0-9 - _, no padding, canonical (the unused low bits of the last
 * character are zero). Writes the 32 bytes to out_raw. Returns 0 or ERR_INVAL (out_raw wiped). */
int token_parse(const char *s, size_t n, uint8_t out_raw[TOKEN_BYTES]) WUR;

/* BLAKE2b-256 of the 32 raw token bytes: what the sessions table stores and is looked up by. */
void token_hash(const uint8_t raw[TOKEN_BYTES], uint8_t out_hash[TOKEN_HASH_BYTES]);

/* Constant-time equality of two n-byte values (hashes, raw tokens). */
bool token_eq(const void *a, const void *b, size_t n);

/* Constant-time comparison of a submitted CSRF token s[0..n) with the session's expected token
 * (43 characters). False on any length or content difference. */
bool token_csrf_eq(const char *s, size_t n, const char expected[TOKEN_STR_LEN + 1]);

/* New activation code "XXXX-XXXX-XXXX-XXXX" (NUL-terminated) from TOKEN_CODE_ALPHABET, 80 bits. */
void token_code_new(char out[TOKEN_CODE_STR_LEN + 1]);

/* Normalises a typed activation code: ASCII letters are uppercased; '-' and spaces are ignored;
 * the remaining characters must be exactly 16 from TOKEN_CODE_ALPHABET (so "abcd efgh-jklm npqr"
 * is accepted, "O" and "0" are not). Writes the 16 characters + NUL to out. Returns 0 or
 * ERR_INVAL. Input longer than 64 bytes is refused. */
int token_code_normalize(const char *s, size_t n, char out[TOKEN_CODE_CHARS + 1]) WUR;

/* Keyed BLAKE2b-256 of a typed code (normalised first), the value to store and compare with
 * token_eq. key is a 32-byte server secret kept outside the database. Returns 0 or ERR_INVAL
 * (malformed code). */
int token_code_hash(const char *s, size_t n, const uint8_t key[TOKEN_CODE_KEY_BYTES],
                    uint8_t out_hash[TOKEN_HASH_BYTES]) WUR;

#endif
