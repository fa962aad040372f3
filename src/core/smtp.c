/* smtp.c: the minimal SMTP client and message builder of core/smtp.h. One connection per
 * message; the socket is non-blocking and every wait goes through poll() with the configured
 * timeout, so a silent or slow relay can never hold the digest job longer than that. */
#include "core/common.h"

#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/net.h"
#include "core/parse.h"
#include "core/rand.h"
#include "core/smtp.h"

#define REPLY_LINE_MAX 1024 /* RFC 5321 says 512; be lenient, but bounded */
#define REPLY_LINES_MAX 64

bool smtp_addr_ok(const char *s, size_t n)
{
    if (s == NULL || n < 3 || n > SMTP_ADDR_MAX)
        return false;
    size_t at = n, n_at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x21 || c > 0x7e || strchr("<>\"(),;:\\[]", c) != NULL)
            return false;
        if (c == '@') {
            at = i;
            n_at++;
        }
    }
    if (n_at != 1 || at == 0 || at + 1 >= n || at > 64)
        return false;
    /* Domain: labels of letters, digits and '-', separated by single dots. */
    size_t label = 0;
    for (size_t i = at + 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || ++label > 63)
            return false;
    }
    return label > 0;
}

int smtp_relay_check(const char *relay, struct err *e)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return net_addr_parse(relay, "smtp_relay", &ss, &len, e);
}

/* ---- the message ---------------------------------------------------------------------------- */

static bool header_value_ok(const char *s, size_t max)
{
    if (s == NULL)
        return false;
    size_t n = strlen(s);
    if (n == 0 || n > max || !str_utf8_valid((struct str){s, n}, false))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
            return false; /* CR, LF, tab and the rest: no header injection, no folding tricks */
    return true;
}

static bool ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* Subject as RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75 characters, folded
 * with CRLF SP; a UTF-8 sequence is never split across two words. */
static int subject_encoded(struct buf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    int rc = 0;
    bool first = true;
    while (rc == 0 && i < n) {
        size_t take = n - i < 45 ? n - i : 45; /* 45 bytes → 60 base64 chars + 12 = 72 */
        while (take > 0 && i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80)
            take--;
        char b64[64];
        sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, take,
                          sodium_base64_VARIANT_ORIGINAL);
        rc = buf_printf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
        first = false;
        i += take;
    }
    return rc;
}

static const char *const WDAY[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int smtp_message_build(const struct smtp_mail *m, int64_t now_ms, struct buf *out, struct err *e)
{
    if (m->from == NULL || !smtp_addr_ok(m->from, strlen(m->from)))
        err_field(e, "from", "geen geldig e-mailadres");
    if (m->to == NULL || !smtp_addr_ok(m->to, strlen(m->to)))
        err_field(e, "to", "geen geldig e-mailadres");
    if (!header_value_ok(m->subject, SMTP_SUBJECT_MAX))
        err_field(e, "subject", "één regel tekst zonder stuurtekens");
    size_t bn = m->body ? strlen(m->body) : 0;
    bool body_ok =
        m->body != NULL && bn <= SMTP_BODY_MAX && str_utf8_valid((struct str){m->body, bn}, false);
    for (size_t i = 0, line = 0; body_ok && i < bn; i++) {
        unsigned char c = (unsigned char)m->body[i];
        if (c == '\n') {
            line = 0;
        } else if (c == '\r' && i + 1 < bn && m->body[i + 1] == '\n') {
            continue;
        } else if (c == '\r' || ++line > SMTP_LINE_MAX) {
            body_ok = false; /* a lone CR, or a line past the RFC 5322 limit */
        }
    }
    if (!body_ok)
        err_field(e, "body", "te lang of ongeldige tekst");
    if (e != NULL && e->n_fields > 0)
        return ERR_INVAL;
    if (m->from == NULL || m->to == NULL || !body_ok ||
        !header_value_ok(m->subject, SMTP_SUBJECT_MAX))
        return ERR_INVAL; /* e == NULL */

    int64_t secs = now_ms / 1000;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int y, mo, d;
    clock_civil_from_days(days, &y, &mo, &d);
    char id[33];
    rand_hex_id(id);
    const char *domain = strchr(m->from, '@') + 1;
    int rc = buf_printf(out,
                        "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n"
                        "Message-ID: <%s@%s>\r\n"
                        "From: <%s>\r\n"
                        "To: <%s>\r\n"
                        "Subject: ",
                        WDAY[((days % 7) + 7) % 7], d, MON[mo - 1], y, (int)(rem / 3600),
                        (int)(rem / 60 % 60), (int)(rem % 60), id, domain, m->from, m->to);
    if (rc == 0)
        rc = ascii_printable(m->subject) ? buf_append_cstr(out, m->subject)
                                         : subject_encoded(out, m->subject);
    if (rc == 0)
        rc = buf_append_cstr(out, "\r\nMIME-Version: 1.0\r\n"
                                  "Content-Type: text/plain; charset=utf-8\r\n"
                                  "Content-Transfer-Encoding: 8bit\r\n"
                                  "Auto-Submitted: auto-generated\r\n\r\n");
    for (size_t i = 0; rc == 0 && i < bn; i++) {
        if (m->body[i] == '\r')
            continue; /* only as part of CRLF (checked above) */
        rc = m->body[i] == '\n' ? buf_append(out, "\r\n", 2) : buf_append(out, m->body + i, 1);
    }
    if (rc == 0 && (bn == 0 || m->body[bn - 1] != '\n'))
        rc = buf_append(out, "\r\n", 2);
    return rc == 0 ? 0 : err_set(e, rc, "bericht te groot");
}

/* ---- the conversation ----------------------------------------------------------------------- */

struct conn {
    struct net_conn nc;
    char in[REPLY_LINE_MAX * 2];
    size_t in_len;
    struct buf out; /* pending output, flushed before each reply is read */
};

static int flush(struct conn *c)
{
    if (net_send_all(&c->nc, c->out.p, c->out.len) != 0)
        return ERR_IO;
    buf_reset(&c->out);
    return 0;
}

/* Reads one line (without CRLF) into line; ERR_IO on timeout, close or an over-long line. */
static int read_line(struct conn *c, char *line, size_t cap)
{
    for (;;) {
        char *nl = memchr(c->in, '\n', c->in_len);
        if (nl != NULL) {
            size_t n = (size_t)(nl - c->in);
            size_t ln = n > 0 && c->in[n - 1] == '\r' ? n - 1 : n;
            if (ln >= cap)
                return ERR_IO;
            memcpy(line, c->in, ln);
            line[ln] = '\0';
            memmove(c->in, nl + 1, c->in_len - n - 1);
            c->in_len -= n + 1;
            return 0;
        }
        if (c->in_len >= sizeof(c->in) - 1)
            return ERR_IO;
        if (net_wait(&c->nc, POLLIN) != 0)
            return ERR_IO;
        ssize_t r = recv(c->nc.fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, 0);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        if (r <= 0)
            return ERR_IO;
        c->in_len += (size_t)r;
    }
}

/* Flushes pending output and reads one reply (all lines of a multi-line reply); *code gets its
 * three-digit code. Every line must carry the same code, "NNN-" continues, "NNN " or "NNN" ends. */
static int reply(struct conn *c, int *code)
{
    char line[REPLY_LINE_MAX];
    *code = 0;
    if (flush(c) != 0)
        return ERR_IO;
    for (int i = 0; i < REPLY_LINES_MAX; i++) {
        if (read_line(c, line, sizeof(line)) != 0)
            return ERR_IO;
        size_t n = strlen(line);
        if (n < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
            line[2] < '0' || line[2] > '9' || (n > 3 && line[3] != ' ' && line[3] != '-'))
            return ERR_IO;
        int v = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (i > 0 && v != *code)
            return ERR_IO;
        *code = v;
        if (n == 3 || line[3] == ' ')
            return 0;
    }
    return ERR_IO;
}

static int fail(struct err *e, const char *stage, int code)
{
    return err_internal(e, ERR_IO, "smtp stage=%s code=%d", stage, code);
}

/* Sends a command and expects a reply in [lo, hi]. */
static int step(struct conn *c, const char *stage, const char *cmd, const char *arg, int lo, int hi,
                struct err *e)
{
    int code = 0;
    int rc = buf_printf(&c->out, "%s%s%s\r\n", cmd, arg ? arg : "", arg ? ">" : "");
    if (rc != 0 || reply(c, &code) != 0 || code < lo || code > hi)
        return fail(e, stage, code);
    return 0;
}

/* Appends data to out as SMTP DATA: CRLF line ends, a leading '.' doubled, the final dot. */
static int data_append(struct buf *out, const char *data, size_t n)
{
    int rc = 0;
    bool bol = true;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char ch = data[i];
        if (bol && ch == '.')
            rc = buf_append(out, ".", 1);
        bol = false;
        if (rc != 0)
            break;
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < n && data[i + 1] == '\n')
                i++;
            rc = buf_append(out, "\r\n", 2);
            bol = true;
        } else {
            rc = buf_append(out, &ch, 1);
        }
    }
    if (rc == 0 && !bol)
        rc = buf_append(out, "\r\n", 2);
    if (rc == 0)
        rc = buf_append(out, ".\r\n", 3);
    return rc;
}

int smtp_send(const struct smtp_cfg *cfg, const char *from, const char *to, const char *data,
              size_t n, struct err *e)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;
    int rc = net_addr_parse(cfg->relay, "smtp_relay", &ss, &len, e);
    if (rc != 0)
        return rc;
    if (from == NULL || !smtp_addr_ok(from, strlen(from)))
        return err_field(e, "from", "geen geldig e-mailadres");
    if (to == NULL || !smtp_addr_ok(to, strlen(to)))
        return err_field(e, "to", "geen geldig e-mailadres");
    const char *helo = cfg->helo ? cfg->helo : "localhost";
    if (!header_value_ok(helo, 255) || strchr(helo, ' ') != NULL)
        return err_internal(e, ERR_INVAL, "smtp helo name");
    struct conn *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return ERR_NOMEM;
    c->nc.fd = -1;
    c->nc.timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 10000;
    buf_init(&c->out, SMTP_BODY_MAX * 2 + 64 * 1024);
    int code = 0;
    if (net_connect(&c->nc, &ss, len) != 0) {
        rc = fail(e, "connect", 0);
        goto out;
    }
    if (reply(c, &code) != 0 || code != 220) {
        rc = fail(e, "greeting", code);
        goto out;
    }
    rc = buf_printf(&c->out, "EHLO %s\r\n", helo);
    if (rc != 0 || reply(c, &code) != 0) {
        rc = fail(e, "ehlo", code);
        goto out;
    }
    if (code != 250) {
        /* An old relay without ESMTP: plain HELO (RFC 5321 §3.2). */
        rc = buf_printf(&c->out, "HELO %s\r\n", helo);
        if (rc != 0 || reply(c, &code) != 0 || code != 250) {
            rc = fail(e, "helo", code);
            goto out;
        }
    }
    rc = step(c, "mail", "MAIL FROM:<", from, 250, 250, e);
    if (rc == 0)
        rc = step(c, "rcpt", "RCPT TO:<", to, 250, 251, e);
    if (rc == 0)
        rc = step(c, "data", "DATA", NULL, 354, 354, e);
    if (rc != 0)
        goto out;
    rc = data_append(&c->out, data, n);
    if (rc != 0 || reply(c, &code) != 0 || code != 250) {
        rc = fail(e, "message", code);
        goto out;
    }
    /* The message is accepted; a failing QUIT does not undo that. */
    if (buf_printf(&c->out, "QUIT\r\n") == 0)
        (void)reply(c, &code);
    rc = 0;
out:
    net_close(&c->nc);
    buf_cleanup(&c->out);
    free(c);
    return rc;
}
