/* test_log.c: core/log through its public header: exactly one logfmt line per log_msg on the fd
 * set with log_set_fd, control characters and newlines in values neutralised, level filtering,
 * truncation of very long lines, and log_token. The clock is fixed so timestamps are known. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"

static int pipefd[2] = {-1, -1};

static void setup(void)
{
    cr_assert_eq(pipe(pipefd), 0);
    /* Non-blocking read end: draining never hangs the test. */
    cr_assert_eq(fcntl(pipefd[0], F_SETFL, O_NONBLOCK), 0);
    log_set_fd(pipefd[1]);
    log_set_level(LOG_INFO);
    clock_set_fixed(INT64_C(1795881773123)); /* 2026-11-28T16:02:53.123Z */
}

static void teardown(void)
{
    log_set_fd(2);
    log_set_level(LOG_INFO);
    clock_use_real();
    close(pipefd[0]);
    close(pipefd[1]);
}

TestSuite(log, .init = setup, .fini = teardown);

/* Everything written so far, NUL-terminated, in a static buffer; *n gets the byte count. */
static const char *drain(size_t *n)
{
    static char buf[16384];
    size_t len = 0;
    for (;;) {
        ssize_t r = read(pipefd[0], buf + len, sizeof(buf) - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(log, one_line_per_call)
{
    log_msg(LOG_INFO, "http.request", "req=%s status=%d", "3f2a", 200);
    const char *out = drain(NULL);
    cr_expect_str_eq(out, "ts=2026-11-28T16:02:53.123Z level=info event=http.request req=3f2a "
                          "status=200\n");

    for (int i = 0; i < 10; i++)
        log_info("tick", "i=%d", i);
    out = drain(NULL);
    cr_expect_eq(count_lines(out), 10);
    cr_expect_neq(strstr(out, "event=tick i=9\n"), NULL);
}

Test(log, empty_or_null_format_gives_just_the_header)
{
    log_msg(LOG_WARN, "boot", "%s", "");
    cr_expect_str_eq(drain(NULL), "ts=2026-11-28T16:02:53.123Z level=warn event=boot \n");
    log_msg(LOG_ERROR, "boot", NULL);
    cr_expect_str_eq(drain(NULL), "ts=2026-11-28T16:02:53.123Z level=error event=boot\n");
}

Test(log, control_characters_in_values_become_underscores)
{
    log_info("ev", "v=%s w=%s", "a\nb\rc\td", "x\x01y\x1b[31mz\x7F");
    size_t n;
    const char *out = drain(&n);
    cr_expect_eq(count_lines(out), 1, "a newline in a value must not split the line: %s", out);
    cr_expect_eq(out[n - 1], '\n');
    cr_expect_neq(strstr(out, " v=a_b_c_d w=x_y_[31mz_\n"), NULL, "%s", out);
    for (size_t i = 0; i + 1 < n; i++)
        cr_expect(out[i] >= 0x20 && out[i] != 0x7F, "byte %zu is 0x%02x", i, (unsigned)out[i]);
}

Test(log, newline_in_event_name_is_neutralised)
{
    log_info("ev\nlevel=error event=forged", "k=1");
    const char *out = drain(NULL);
    cr_expect_eq(count_lines(out), 1);
    cr_expect_str_eq(out, "ts=2026-11-28T16:02:53.123Z level=info event=ev_level=error "
                          "event=forged k=1\n");
}

Test(log, level_filtering)
{
    log_set_level(LOG_WARN);
    log_debug("d", "x=1");
    log_info("i", "x=1");
    log_warn("w", "x=1");
    log_error("e", "x=1");
    const char *out = drain(NULL);
    cr_expect_eq(count_lines(out), 2, "%s", out);
    cr_expect_eq(strstr(out, "event=i "), NULL);
    cr_expect_neq(strstr(out, "level=warn event=w x=1\n"), NULL);
    cr_expect_neq(strstr(out, "level=error event=e x=1\n"), NULL);

    log_set_level(LOG_DEBUG);
    log_debug("d", "x=2");
    cr_expect_neq(strstr(drain(NULL), "level=debug event=d x=2\n"), NULL);

    log_set_level(LOG_ERROR);
    log_warn("w", "x=3");
    cr_expect_str_eq(drain(NULL), "");
}

Test(log, long_lines_are_truncated_to_one_line)
{
    static char big[5000];
    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    log_info("big", "v=%s", big);
    size_t n;
    const char *out = drain(&n);
    cr_expect_eq(count_lines(out), 1);
    cr_expect_leq(n, 1024);
    cr_expect_eq(out[n - 1], '\n');
    cr_expect_eq(strlen(out), n, "no NUL inside the line");

    /* An over-long event name too. */
    log_info(big, "k=%d", 1);
    out = drain(&n);
    cr_expect_eq(count_lines(out), 1);
    cr_expect_leq(n, 1024);
    cr_expect_eq(out[n - 1], '\n');
}

Test(log, restoring_fd_2_stops_writing_to_the_pipe)
{
    log_set_fd(2);
    log_set_level((enum log_level)(LOG_ERROR + 1)); /* nothing reaches stderr */
    log_error("x", "k=1");
    cr_expect_str_eq(drain(NULL), "");
}

Test(log, token_keeps_safe_chars_and_replaces_the_rest)
{
    char out[64];
    const char *safe = "abcXYZ019._:/@-";
    cr_expect_str_eq(log_token(safe, strlen(safe), out, sizeof(out)), safe);
    cr_expect_str_eq(log_token("a b=c\"d\\e\nf", 11, out, sizeof(out)), "a_b_c_d_e_f");
    cr_expect_str_eq(log_token("caf\xC3\xA9", 5, out, sizeof(out)), "caf__");
    cr_expect_str_eq(log_token("a\0b", 3, out, sizeof(out)), "a_b", "embedded NUL");
    cr_expect_str_eq(log_token("", 0, out, sizeof(out)), "");
}

Test(log, token_truncates_to_cap)
{
    char out[8];
    memset(out, 'Z', sizeof(out));
    cr_expect_str_eq(log_token("abcdefghijkl", 12, out, 4), "abc");
    cr_expect_eq(out[4], 'Z', "nothing written past cap");
    cr_expect_str_eq(log_token("abcdefghijkl", 12, out, 1), "");
    memset(out, 'Z', sizeof(out));
    log_token("abc", 3, out, 0);
    cr_expect_eq(out[0], 'Z', "cap 0 writes nothing");
}
