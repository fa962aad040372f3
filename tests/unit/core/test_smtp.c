/* test_smtp.c: core/smtp through its public header against an in-process SMTP sink
 * (smtp_sink.c): the address and relay checks, the message builder (headers, RFC 2047 subject,
 * CRLF everywhere, header injection refused), and the conversation: a multi-line EHLO reply,
 * the HELO fallback, dot-stuffing of a line that starts with '.', a 5xx RCPT as an error, a
 * silent server as a timeout, a closed port as a connect error. Addresses here are fictional
 * (example.org / .test) and nothing captured is printed. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/smtp.h"
#include "smtp_sink.h"

static bool named(const struct err *e, const char *field)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, field) == 0)
            return true;
    return false;
}

Test(smtp, address_check)
{
    static const char *const good[] = {"a@b.nl", "jan.de.vries+regie@gemeente.example.org",
                                       "x_y-z@sub-domain.test"};
    static const char *const bad[] = {"",
                                      "a",
                                      "@b.nl",
                                      "a@",
                                      "a@@b.nl",
                                      "a@b@c.nl",
                                      "a b@c.nl",
                                      "a@b.nl\r\nBcc: x@y.nl",
                                      "a@b.nl\n",
                                      "a\t@b.nl",
                                      "<a@b.nl>",
                                      "a@b..nl",
                                      "a@.b.nl",
                                      "a@b.nl.",
                                      "a@b_c.nl",
                                      "\"a\"@b.nl",
                                      "a@[127.0.0.1]",
                                      "j\xc3\xa9@b.nl",
                                      "a,b@c.nl",
                                      "a@b.nl;c@d.nl"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        cr_expect(smtp_addr_ok(good[i], strlen(good[i])), "good address %zu refused", i);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_expect_not(smtp_addr_ok(bad[i], strlen(bad[i])), "bad address %zu accepted", i);
    char longaddr[300];
    memset(longaddr, 'a', sizeof(longaddr));
    memcpy(longaddr + 240, "@example.org", 13); /* 252 bytes, but a 240-byte local part */
    cr_expect_not(smtp_addr_ok(longaddr, strlen(longaddr)));
    memset(longaddr, 'a', sizeof(longaddr));
    longaddr[10] = '@';
    for (size_t i = 60; i < 255; i += 50)
        longaddr[i] = '.';
    longaddr[255] = '\0'; /* 255 bytes */
    cr_expect_not(smtp_addr_ok(longaddr, 255));
    cr_expect(smtp_addr_ok(longaddr, 254));
}

Test(smtp, relay_check)
{
    static const char *const good[] = {"127.0.0.1:25", "localhost:2525", "[::1]:25",
                                       "10.0.0.5:587"};
    static const char *const bad[] = {"",
                                      "127.0.0.1",
                                      "mail.example.org:25",
                                      ":25",
                                      "127.0.0.1:0",
                                      "127.0.0.1:70000",
                                      "127.0.0.1:25x",
                                      "::1:25",
                                      "[::1]",
                                      "localhost"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        cr_expect_eq(smtp_relay_check(good[i], NULL), 0, "good relay %zu refused", i);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct err e;
        err_clear(&e);
        cr_expect_eq(smtp_relay_check(bad[i], &e), ERR_INVAL, "bad relay %zu accepted", i);
        cr_expect(named(&e, "smtp_relay"));
    }
}

static int build(const char *from, const char *to, const char *subject, const char *body,
                 struct buf *b, struct err *e)
{
    struct smtp_mail m = {from, to, subject, body};
    buf_init(b, 256 * 1024);
    err_clear(e);
    return smtp_message_build(&m, 1795939200000LL /* 2026-11-29 08:00:00 UTC */, b, e);
}

Test(smtp, message_headers_and_crlf)
{
    struct buf b;
    struct err e;
    cr_assert_eq(build("regie@gemeente.example.org", "a@b.test", "Regie: 3 taken te laat",
                       "Regel een\nRegel twee\r\n", &b, &e),
                 0);
    const char *m = b.p;
    cr_expect_not_null(strstr(m, "Date: Sun, 29 Nov 2026 08:00:00 +0000\r\n"), "%s", "date");
    cr_expect_not_null(strstr(m, "Message-ID: <"));
    cr_expect_not_null(strstr(m, "@gemeente.example.org>\r\n"));
    cr_expect_not_null(strstr(m, "From: <regie@gemeente.example.org>\r\n"));
    cr_expect_not_null(strstr(m, "To: <a@b.test>\r\n"));
    cr_expect_not_null(strstr(m, "Subject: Regie: 3 taken te laat\r\n"));
    cr_expect_not_null(strstr(m, "Content-Type: text/plain; charset=utf-8\r\n"));
    cr_expect_not_null(strstr(m, "Content-Transfer-Encoding: 8bit\r\n"));
    cr_expect_not_null(strstr(m, "\r\n\r\nRegel een\r\nRegel twee\r\n"));
    for (size_t i = 0; i < b.len; i++)
        if (m[i] == '\n')
            cr_expect(i > 0 && m[i - 1] == '\r', "bare LF at %zu", i);
    buf_cleanup(&b);
}

Test(smtp, non_ascii_subject_is_rfc2047)
{
    struct buf b;
    struct err e;
    cr_assert_eq(build("r@x.test", "a@b.test",
                       "Regie: 1 overleg morgen \xe2\x80\x93 co\xc3\xb6rdinatie", "x", &b, &e),
                 0);
    const char *s = strstr(b.p, "Subject: ");
    cr_assert_not_null(s);
    cr_expect_eq(strncmp(s, "Subject: =?UTF-8?B?", 19), 0);
    const char *end = strstr(s, "\r\nMIME-Version");
    cr_assert_not_null(end);
    for (const char *p = s; p < end; p++)
        cr_expect((unsigned char)*p < 0x80, "raw non-ASCII byte in the subject header");
    buf_cleanup(&b);
}

Test(smtp, header_injection_refused)
{
    struct buf b;
    struct err e;
    cr_expect_eq(build("r@x.test", "a@b.test", "Hallo\r\nBcc: c@d.test", "x", &b, &e), ERR_INVAL);
    cr_expect(named(&e, "subject"));
    cr_expect_eq(b.len, 0, "nothing built");
    buf_cleanup(&b);
    cr_expect_eq(build("r@x.test", "a@b.test", "Hallo\nBcc: c@d.test", "x", &b, &e), ERR_INVAL);
    cr_expect(named(&e, "subject"));
    buf_cleanup(&b);
    cr_expect_eq(build("r@x.test\r\nBcc: c@d.test", "a@b.test", "Hallo", "x", &b, &e), ERR_INVAL);
    cr_expect(named(&e, "from"));
    buf_cleanup(&b);
    cr_expect_eq(build("r@x.test", "a@b.test\nBcc: c@d.test", "Hallo", "x", &b, &e), ERR_INVAL);
    cr_expect(named(&e, "to"));
    buf_cleanup(&b);
    cr_expect_eq(build("r@x.test", "a@b.test", "Hallo", "lone\rCR", &b, &e), ERR_INVAL);
    cr_expect(named(&e, "body"));
    buf_cleanup(&b);
    /* and at the envelope level, nothing is sent */
    struct smtp_cfg cfg = {.relay = "127.0.0.1:9", .timeout_ms = 200};
    err_clear(&e);
    cr_expect_eq(smtp_send(&cfg, "r@x.test", "a@b.test\r\nRCPT TO:<c@d.test>", "x", 1, &e),
                 ERR_INVAL);
    cr_expect(named(&e, "to"));
    err_clear(&e);
    cr_expect_eq(smtp_send(&cfg, "r@x.test\r\n", "a@b.test", "x", 1, &e), ERR_INVAL);
    cr_expect(named(&e, "from"));
}

/* Removes the dot-stuffing of raw DATA bytes. */
static char *unstuff(const char *raw, size_t n)
{
    char *out = malloc(n + 1);
    size_t j = 0;
    bool bol = true;
    for (size_t i = 0; i < n; i++) {
        if (bol && raw[i] == '.') {
            bol = false;
            continue;
        }
        bol = raw[i] == '\n';
        out[j++] = raw[i];
    }
    out[j] = '\0';
    return out;
}

Test(smtp, send_through_sink_with_dot_stuffing)
{
    struct smtp_sink s;
    cr_assert(sink_start(&s, SINK_OK));
    struct buf b;
    struct err e;
    cr_assert_eq(build("regie@x.test", "a@b.test", "Regie: test",
                       ".begint met een punt\nmidden\n.\n..twee\nslot", &b, &e),
                 0);
    struct smtp_cfg cfg = {.relay = s.relay, .helo = "regie.test", .timeout_ms = 5000};
    err_clear(&e);
    cr_assert_eq(smtp_send(&cfg, "regie@x.test", "a@b.test", b.p, b.len, &e), 0, "%s", e.log);
    cr_assert_eq(sink_count(&s), 1);
    cr_expect_eq(s.ehlo_lines, 4, "the multi-line EHLO reply was read to its end");
    cr_expect_not(s.helo_seen);
    cr_expect_str_eq(s.msgs[0].from, "regie@x.test");
    cr_expect_str_eq(s.msgs[0].to, "a@b.test");
    cr_expect_not(s.bare_lf, "every line the client sent ends in CRLF");
    const char *raw = s.msgs[0].data;
    cr_expect_not_null(
        strstr(raw, "\r\n..begint met een punt\r\nmidden\r\n..\r\n...twee\r\nslot\r\n"));
    char *plain = unstuff(raw, s.msgs[0].len);
    cr_expect_str_eq(plain, b.p, "after un-stuffing the relay has the message as built");
    free(plain);
    buf_cleanup(&b);
    sink_stop(&s);
}

Test(smtp, helo_fallback)
{
    struct smtp_sink s;
    cr_assert(sink_start(&s, SINK_NO_EHLO));
    struct smtp_cfg cfg = {.relay = s.relay, .timeout_ms = 5000};
    struct err e;
    err_clear(&e);
    cr_expect_eq(smtp_send(&cfg, "r@x.test", "a@b.test", "Subject: x\r\n\r\nx\r\n", 18, &e), 0,
                 "%s", e.log);
    cr_expect(s.helo_seen);
    cr_expect_eq(sink_count(&s), 1);
    sink_stop(&s);
}

Test(smtp, rcpt_rejected_is_an_error)
{
    struct smtp_sink s;
    cr_assert(sink_start(&s, SINK_REJECT_RCPT));
    struct smtp_cfg cfg = {.relay = s.relay, .timeout_ms = 5000};
    struct err e;
    err_clear(&e);
    cr_expect_eq(smtp_send(&cfg, "r@x.test", "a@b.test", "x\r\n", 3, &e), ERR_IO);
    cr_expect_not_null(strstr(e.log, "stage=rcpt code=550"), "%s", e.log);
    cr_expect_null(strstr(e.log, "b.test"), "no address in the log detail");
    cr_expect_eq(sink_count(&s), 0);
    sink_stop(&s);
}

Test(smtp, silent_server_times_out)
{
    struct smtp_sink s;
    cr_assert(sink_start(&s, SINK_SILENT));
    struct smtp_cfg cfg = {.relay = s.relay, .timeout_ms = 300};
    struct err e;
    err_clear(&e);
    int64_t t0 = clock_mono_ns();
    cr_expect_eq(smtp_send(&cfg, "r@x.test", "a@b.test", "x\r\n", 3, &e), ERR_IO);
    int64_t ms = (clock_mono_ns() - t0) / 1000000;
    cr_expect_not_null(strstr(e.log, "stage=greeting"), "%s", e.log);
    cr_expect_lt(ms, 5000, "gave up after the timeout, not later");
    sink_stop(&s);
}

Test(smtp, closed_port_is_a_connect_error)
{
    struct smtp_sink s;
    cr_assert(sink_start(&s, SINK_OK));
    char relay[32];
    memcpy(relay, s.relay, sizeof(relay));
    sink_stop(&s); /* the port is free again (nobody listens) */
    struct smtp_cfg cfg = {.relay = relay, .timeout_ms = 1000};
    struct err e;
    err_clear(&e);
    cr_expect_eq(smtp_send(&cfg, "r@x.test", "a@b.test", "x\r\n", 3, &e), ERR_IO);
    cr_expect_not_null(strstr(e.log, "stage=connect"), "%s", e.log);
}
