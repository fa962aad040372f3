/* smtp_sink.c: the in-process SMTP sink of smtp_sink.h. One connection at a time. */
#define _GNU_SOURCE 1
#include "smtp_sink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct sconn {
    int fd;
    char in[65536];
    size_t len;
};

static void say(int fd, const char *s)
{
    size_t n = strlen(s), off = 0;
    while (off < n) {
        ssize_t w = send(fd, s + off, n - off, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        off += (size_t)w;
    }
}

/* Reads more bytes; false on close, error or stop. */
static bool more(struct smtp_sink *s, struct sconn *c)
{
    while (!s->stop) {
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int r = poll(&p, 1, 50);
        if (r == 0)
            continue;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || c->len >= sizeof(c->in))
            return false;
        ssize_t n = recv(c->fd, c->in + c->len, sizeof(c->in) - c->len, 0);
        if (n <= 0)
            return false;
        for (ssize_t i = 0; i < n; i++) {
            size_t at = c->len + (size_t)i;
            if (c->in[at] == '\n' && (at == 0 || c->in[at - 1] != '\r'))
                s->bare_lf = true;
        }
        c->len += (size_t)n;
        return true;
    }
    return false;
}

/* One command line (without CRLF) into line. */
static bool line_of(struct smtp_sink *s, struct sconn *c, char *line, size_t cap)
{
    for (;;) {
        char *nl = memchr(c->in, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->in);
            size_t ln = n > 0 && c->in[n - 1] == '\r' ? n - 1 : n;
            if (ln >= cap)
                ln = cap - 1;
            memcpy(line, c->in, ln);
            line[ln] = '\0';
            memmove(c->in, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return true;
        }
        if (!more(s, c))
            return false;
    }
}

/* The DATA bytes up to CRLF "." CRLF (or "." CRLF at the very start). */
static bool data_of(struct smtp_sink *s, struct sconn *c, struct sink_msg *m)
{
    for (;;) {
        size_t end = 0;
        bool found = false;
        if (c->len >= 3 && memcmp(c->in, ".\r\n", 3) == 0) {
            end = 0;
            found = true;
        } else {
            char *p = memmem(c->in, c->len, "\r\n.\r\n", 5);
            if (p) {
                end = (size_t)(p - c->in) + 2;
                found = true;
            }
        }
        if (found) {
            m->data = malloc(end + 1);
            if (!m->data)
                return false;
            memcpy(m->data, c->in, end);
            m->data[end] = '\0';
            m->len = end;
            memmove(c->in, c->in + end + 3, c->len - end - 3);
            c->len -= end + 3;
            return true;
        }
        if (!more(s, c))
            return false;
    }
}

static void copy_path(char *out, size_t cap, const char *arg)
{
    const char *lt = strchr(arg, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    size_t n = lt && gt ? (size_t)(gt - lt - 1) : 0;
    if (n >= cap)
        n = cap - 1;
    if (lt)
        memcpy(out, lt + 1, n);
    out[n] = '\0';
}

static void session(struct smtp_sink *s, int fd)
{
    struct sconn *c = calloc(1, sizeof(*c));
    struct sink_msg m;
    char line[2048];
    if (!c)
        return;
    c->fd = fd;
    memset(&m, 0, sizeof(m));
    if (s->mode == SINK_SILENT) {
        while (more(s, c))
            c->len = 0; /* swallow everything, never answer */
        free(c);
        return;
    }
    say(fd, "220 sink.test ESMTP ready\r\n");
    while (line_of(s, c, line, sizeof(line))) {
        if (strncasecmp(line, "EHLO", 4) == 0) {
            if (s->mode == SINK_NO_EHLO) {
                say(fd, "502 5.5.1 command not implemented\r\n");
            } else {
                say(fd, "250-sink.test greets you\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                        "250 SIZE 1000000\r\n");
                s->ehlo_lines = 4;
            }
        } else if (strncasecmp(line, "HELO", 4) == 0) {
            s->helo_seen = true;
            say(fd, "250 sink.test\r\n");
        } else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
            copy_path(m.from, sizeof(m.from), line + 10);
            say(fd, "250 2.1.0 ok\r\n");
        } else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
            if (s->mode == SINK_REJECT_RCPT) {
                say(fd, "550 5.1.1 no such user\r\n");
            } else {
                copy_path(m.to, sizeof(m.to), line + 8);
                say(fd, "250 2.1.5 ok\r\n");
            }
        } else if (strcasecmp(line, "DATA") == 0) {
            say(fd, "354 end with <CRLF>.<CRLF>\r\n");
            if (!data_of(s, c, &m))
                break;
            pthread_mutex_lock(&s->mu);
            if (s->n_msgs < SINK_MSGS)
                s->msgs[s->n_msgs++] = m;
            else
                free(m.data);
            pthread_mutex_unlock(&s->mu);
            memset(&m, 0, sizeof(m));
            say(fd, "250 2.0.0 queued\r\n");
        } else if (strcasecmp(line, "RSET") == 0 || strcasecmp(line, "NOOP") == 0) {
            say(fd, "250 ok\r\n");
        } else if (strcasecmp(line, "QUIT") == 0) {
            say(fd, "221 2.0.0 bye\r\n");
            break;
        } else {
            say(fd, "500 5.5.2 what\r\n");
        }
    }
    free(m.data);
    free(c);
}

static void *run(void *arg)
{
    struct smtp_sink *s = arg;
    while (!s->stop) {
        struct pollfd p = {.fd = s->fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0)
            continue;
        pthread_mutex_lock(&s->mu);
        s->n_conns++;
        pthread_mutex_unlock(&s->mu);
        session(s, fd);
        close(fd);
    }
    return NULL;
}

bool sink_start(struct smtp_sink *s, enum sink_mode mode)
{
    memset(s, 0, sizeof(*s));
    s->mode = mode;
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->fd < 0)
        return false;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof(a);
    if (bind(s->fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s->fd, 8) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &al) != 0) {
        close(s->fd);
        return false;
    }
    s->port = ntohs(a.sin_port);
    snprintf(s->relay, sizeof(s->relay), "127.0.0.1:%u", (unsigned)s->port);
    pthread_mutex_init(&s->mu, NULL);
    if (pthread_create(&s->th, NULL, run, s) != 0) {
        close(s->fd);
        return false;
    }
    return true;
}

void sink_stop(struct smtp_sink *s)
{
    s->stop = true;
    pthread_join(s->th, NULL);
    close(s->fd);
    for (size_t i = 0; i < s->n_msgs; i++)
        free(s->msgs[i].data);
    s->n_msgs = 0;
    pthread_mutex_destroy(&s->mu);
}

size_t sink_count(struct smtp_sink *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->n_msgs;
    pthread_mutex_unlock(&s->mu);
    return n;
}
