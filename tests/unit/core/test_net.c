/* test_net.c: the outgoing HTTP POST of core/net.h against a scripted server on loopback: a
 * plain answer, an answer without Content-Length, an answer trickled byte by byte (the whole
 * exchange must end at its timeout, not per byte), and the answers it refuses (chunked, 1xx,
 * a malformed Content-Length or status line); and the URL rules. */
#include "core/common.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/net.h"

struct script {
    int lfd;
    uint16_t port;
    const char *answer; /* sent after the request was read */
    bool trickle;       /* then one byte every 100 ms until the client goes away */
    pthread_t th;
};

static void *serve_one(void *arg)
{
    struct script *s = arg;
    int fd = accept(s->lfd, NULL, NULL);
    if (fd < 0)
        return NULL;
    char buf[4096];
    ssize_t r = recv(fd, buf, sizeof(buf), 0); /* the request (small: one read) */
    (void)r;
    if (s->answer != NULL && send(fd, s->answer, strlen(s->answer), MSG_NOSIGNAL) < 0) {
        close(fd);
        return NULL;
    }
    for (int i = 0; s->trickle && i < 600; i++) {
        usleep(100 * 1000);
        if (send(fd, "x", 1, MSG_NOSIGNAL) != 1)
            break;
    }
    close(fd);
    return NULL;
}

static void start(struct script *s, const char *answer, bool trickle)
{
    memset(s, 0, sizeof(*s));
    s->answer = answer;
    s->trickle = trickle;
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert(s->lfd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof(a);
    cr_assert_eq(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(s->lfd, 1), 0);
    cr_assert_eq(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
    s->port = ntohs(a.sin_port);
    cr_assert_eq(pthread_create(&s->th, NULL, serve_one, s), 0);
}

static void finish(struct script *s)
{
    pthread_join(s->th, NULL);
    close(s->lfd);
}

/* POSTs {} to the script; returns the code, status and body in out. */
static int post(struct script *s, int timeout_ms, int *status, struct buf *out)
{
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u", s->port);
    buf_init(out, NET_HTTP_RESPONSE_MAX);
    return net_http_post(url, "/api/x", "{}", 2, timeout_ms, status, out, NULL);
}

Test(net, plain_answer_with_and_without_length)
{
    struct script s;
    struct buf b;
    int status = 0;
    start(&s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-length: 7\r\n\r\n"
              "{\"a\":1}trailing", false);
    cr_assert_eq(post(&s, 5000, &status, &b), 0);
    cr_expect_eq(status, 200);
    cr_expect(b.len == 7 && memcmp(b.p, "{\"a\":1}", 7) == 0, "only Content-Length bytes");
    buf_cleanup(&b);
    finish(&s);
    start(&s, "HTTP/1.0 401 Unauthorized\r\n\r\n{\"b\":2}", false);
    cr_assert_eq(post(&s, 5000, &status, &b), 0);
    cr_expect_eq(status, 401);
    cr_expect(b.len == 7 && memcmp(b.p, "{\"b\":2}", 7) == 0, "the body up to the close");
    buf_cleanup(&b);
    finish(&s);
}

Test(net, a_trickled_answer_ends_at_the_timeout_of_the_whole_exchange, .timeout = 30)
{
    struct script s;
    struct buf b;
    int status = 0;
    struct timespec t0, t1;
    /* a byte every 100 ms: each wait is short, only a deadline for the whole exchange ends it */
    start(&s, "HTTP/1.1 200 OK\r\n", true);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_expect_eq(post(&s, 1000, &status, &b), ERR_IO);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_expect(secs < 10.0, "the exchange went on for %.1f s with a 1 s timeout", secs);
    buf_cleanup(&b);
    finish(&s);
}

Test(net, refused_answers)
{
    static const char *const bad[] = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: 2abc\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x",
        "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/2 200\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct script s;
        struct buf b;
        int status = 0;
        start(&s, bad[i], false);
        cr_expect_eq(post(&s, 5000, &status, &b), ERR_IO, "answer %zu accepted", i);
        buf_cleanup(&b);
        finish(&s);
    }
}

Test(net, url_rules)
{
    cr_expect_eq(net_url_check("http://127.0.0.1:8080", "url", NULL), 0);
    cr_expect_eq(net_url_check("http://localhost:9443/regie/", "url", NULL), 0);
    cr_expect_eq(net_url_check("http://[::1]:8080/x", "url", NULL), 0);
    static const char *const bad[] = {"https://127.0.0.1:8080", "http://example.org:80",
                                      "http://127.0.0.1", "http://127.0.0.1:0",
                                      "http://127.0.0.1:8080/a?b", "http://u@127.0.0.1:80",
                                      "ftp://127.0.0.1:21", "", "http://127.0.0.1:8080/a b"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_expect_neq(net_url_check(bad[i], "url", NULL), 0, "accepted: %s", bad[i]);
}
