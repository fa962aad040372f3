/* smtp.h: a minimal SMTP client (RFC 5321) over a plain TCP socket, for the daily digest
 * (docs/operations.md "E-mail digest"): greeting, EHLO (HELO when EHLO is refused), MAIL FROM,
 * RCPT TO, DATA with CRLF line endings and dot-stuffing, QUIT. Every connect, read and write has
 * a timeout; every reply code is checked (multi-line replies included). No TLS and no AUTH: the
 * relay must be a local MTA (an IP literal or "localhost", never a name that needs DNS) that
 * forwards with TLS. No shell, no external programs. Also builds the message itself (RFC 5322
 * headers, RFC 2047 subject, text/plain UTF-8 8bit body) and refuses CR/LF or other control
 * characters in addresses and header values, so no header can be injected.
 *
 * Nothing here logs; errors carry the SMTP stage and reply code in e->log, never an address.
 * Thread-safe: no shared state. */
#ifndef REGIE_CORE_SMTP_H
#define REGIE_CORE_SMTP_H

#include "core/buf.h"
#include "core/common.h"
#include "core/err.h"

#define SMTP_ADDR_MAX 254    /* RFC 5321 path limit */
#define SMTP_SUBJECT_MAX 200 /* bytes of UTF-8 before encoding */
#define SMTP_BODY_MAX (64 * 1024)
#define SMTP_LINE_MAX 998 /* RFC 5322 line limit (without CRLF) */

struct smtp_cfg {
    const char *relay; /* "host:port": IPv4 literal, [IPv6] literal or "localhost" */
    const char *helo;  /* name for EHLO/HELO; NULL → "localhost" */
    int timeout_ms;    /* connect, each read, each write; 0 → 10000 */
};

/* True when s[0..n) is an address Regie sends to or from: 3..254 bytes of printable ASCII
 * (0x21..0x7E: no space, no control character, no CR/LF), exactly one '@' with a non-empty
 * local part and domain, no '<', '>', '"', '(', ')', ',', ';', ':', '\\', '[', ']' anywhere, a
 * domain of letters, digits, '-' and '.' without an empty label. */
bool smtp_addr_ok(const char *s, size_t n);

/* Checks a relay "host:port" (see smtp_cfg.relay; port 1..65535). ERR_INVAL with field
 * "smtp_relay" otherwise. */
int smtp_relay_check(const char *relay, struct err *e) WUR;

struct smtp_mail {
    const char *from;    /* smtp_addr_ok */
    const char *to;      /* smtp_addr_ok */
    const char *subject; /* one line of UTF-8, <= SMTP_SUBJECT_MAX bytes, no control chars */
    const char *body;    /* UTF-8 text, LF or CRLF line ends, lines <= SMTP_LINE_MAX bytes */
};

/* Builds the message (headers + blank line + body, CRLF line ends) into out (which keeps its own
 * ceiling): Date (UTC, RFC 5322) from now_ms, Message-ID (random, the sender's domain), From, To,
 * Subject (RFC 2047 "B" encoded words when not plain ASCII), MIME-Version, Content-Type
 * text/plain; charset=utf-8, Content-Transfer-Encoding: 8bit. ERR_INVAL (field "from", "to",
 * "subject" or "body") for anything that could inject a header or break a line limit;
 * ERR_TOOBIG / ERR_NOMEM from out. */
int smtp_message_build(const struct smtp_mail *m, int64_t now_ms, struct buf *out,
                       struct err *e) WUR;

/* Sends data[0..n) (a message as built above; LF or CRLF line ends: sent as CRLF, dot-stuffed)
 * from the envelope sender `from` to the one recipient `to` through cfg->relay. Returns 0 once
 * the relay accepted the message (250 after the final dot). Errors: ERR_INVAL (bad relay or
 * address: nothing is sent), ERR_IO (connect, timeout, broken connection, unexpected or
 * negative reply: e->log says "smtp stage=<stage> code=<reply code>"). */
int smtp_send(const struct smtp_cfg *cfg, const char *from, const char *to, const char *data,
              size_t n, struct err *e) WUR;

#endif
