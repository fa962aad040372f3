/* net.c: outgoing TCP connections and a minimal HTTP/1.1 POST (see net.h). */
#include "core/common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "core/net.h"
#include "core/parse.h"

#define HEAD_MAX 8192 /* status line and headers of an answer */

int net_addr_parse(const char *hostport, const char *field, struct sockaddr_storage *ss,
                   socklen_t *len, struct err *e)
{
    const char *bad = "moet host:poort zijn met een IP-adres of localhost";
    if (hostport == NULL || hostport[0] == '\0')
        return err_field(e, field, "%s", bad);
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || colon == hostport)
        return err_field(e, field, "%s", bad);
    int64_t port = 0;
    if (parse_i64(str_from_cstr(colon + 1), 1, 65535, &port) != 0)
        return err_field(e, field, "%s", bad);
    char host[64];
    size_t hn = (size_t)(colon - hostport);
    if (hn >= sizeof(host))
        return err_field(e, field, "%s", bad);
    memcpy(host, hostport, hn);
    host[hn] = '\0';
    memset(ss, 0, sizeof(*ss));
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (strcmp(host, "localhost") == 0) {
        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        v4->sin_port = htons((uint16_t)port);
        *len = sizeof(*v4);
        return 0;
    }
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *len = sizeof(*v4);
        return 0;
    }
    if (hn > 2 && host[0] == '[' && host[hn - 1] == ']') {
        host[hn - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons((uint16_t)port);
            *len = sizeof(*v6);
            return 0;
        }
    }
    return err_field(e, field, "%s", bad);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int net_wait(struct net_conn *c, short events)
{
    struct pollfd p = {.fd = c->fd, .events = events};
    int r;
    do {
        int wait = c->timeout_ms;
        if (c->deadline_ms > 0) {
            int64_t left = c->deadline_ms - mono_ms();
            if (left <= 0)
                return ERR_IO;
            if (left < wait)
                wait = (int)left;
        }
        r = poll(&p, 1, wait);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
        return ERR_IO; /* timeout */
    return r < 0 ? ERR_IO : 0;
}

int net_connect(struct net_conn *c, const struct sockaddr_storage *ss, socklen_t len)
{
    c->fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (c->fd < 0)
        return ERR_IO;
    if (connect(c->fd, (const struct sockaddr *)ss, len) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return ERR_IO;
    if (net_wait(c, POLLOUT) != 0)
        return ERR_IO;
    int soerr = 0;
    socklen_t sl = sizeof(soerr);
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0)
        return ERR_IO;
    return 0;
}

int net_send_all(struct net_conn *c, const void *p, size_t n)
{
    const char *s = p;
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(c->fd, s + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (net_wait(c, POLLOUT) != 0)
                return ERR_IO;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ERR_IO;
        off += (size_t)w;
    }
    return 0;
}

void net_close(struct net_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

static bool path_ok(const char *p)
{
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              strchr("/._-", ch) != NULL))
            return false;
    }
    return true;
}

/* Splits url into host:port (hp) and path prefix (prefix, "" or starting with '/'). */
static int url_split(const char *url, const char *field, char *hp, size_t hcap, char *prefix,
                     size_t pcap, struct err *e)
{
    static const char scheme[] = "http://";
    const char *bad = "moet http://host:poort[/pad] zijn, met een IP-adres of localhost";
    if (url == NULL || strncmp(url, scheme, sizeof(scheme) - 1) != 0)
        return err_field(e, field, "%s", bad);
    const char *h = url + sizeof(scheme) - 1;
    const char *slash = strchr(h, '/');
    size_t hn = slash ? (size_t)(slash - h) : strlen(h);
    const char *p = slash ? slash : "";
    if (hn == 0 || hn >= hcap || strlen(p) >= pcap || !path_ok(p))
        return err_field(e, field, "%s", bad);
    memcpy(hp, h, hn);
    hp[hn] = '\0';
    size_t pn = strlen(p);
    while (pn > 0 && p[pn - 1] == '/')
        pn--; /* "http://h:1/" and "http://h:1" are the same base */
    memcpy(prefix, p, pn);
    prefix[pn] = '\0';
    return 0;
}

int net_url_check(const char *url, const char *field, struct err *e)
{
    char hp[96], prefix[256];
    struct sockaddr_storage ss;
    socklen_t len = 0;
    int rc = url_split(url, field, hp, sizeof(hp), prefix, sizeof(prefix), e);
    return rc != 0 ? rc : net_addr_parse(hp, field, &ss, &len, e);
}

/* The value of header name (lower case, with its colon) in h[0..n), trimmed, or NULL. */
static const char *header(const char *h, size_t n, const char *name, size_t *out_len)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + 2 + nl < n; i++) {
        if (h[i] != '\r' || h[i + 1] != '\n' || strncasecmp(h + i + 2, name, nl) != 0)
            continue;
        size_t j = i + 2 + nl, k = j;
        while (k < n && h[k] != '\r')
            k++;
        while (j < k && (h[j] == ' ' || h[j] == '\t'))
            j++;
        while (k > j && (h[k - 1] == ' ' || h[k - 1] == '\t'))
            k--;
        *out_len = k - j;
        return h + j;
    }
    return NULL;
}

/* The status line "HTTP/1.x NNN[ reason]" and the framing of h[0..n) (the head up to and with
 * its blank line): a final status (no 1xx), no Transfer-Encoding (a chunked body is not read
 * here), at most one Content-Length of digits only. */
static int parse_head(const char *h, size_t n, int *status, size_t *want, struct err *e)
{
    int64_t st = 0;
    size_t vl = 0;
    if (n < 14 || memcmp(h, "HTTP/1.", 7) != 0 || (h[7] != '0' && h[7] != '1') || h[8] != ' ' ||
        (h[12] != ' ' && h[12] != '\r') ||
        parse_i64((struct str){h + 9, 3}, 100, 599, &st) != 0)
        return err_internal(e, ERR_IO, "http: bad status line");
    if (st < 200)
        return err_internal(e, ERR_IO, "http: interim answer");
    *status = (int)st;
    if (header(h, n, "transfer-encoding:", &vl) != NULL)
        return err_internal(e, ERR_IO, "http: transfer-encoding not read");
    const char *cl = header(h, n, "content-length:", &vl);
    if (cl != NULL) {
        int64_t v = 0;
        size_t other = 0;
        if (header(cl + vl, n - (size_t)(cl + vl - h), "content-length:", &other) != NULL)
            return err_internal(e, ERR_IO, "http: two content-lengths");
        for (size_t i = 0; i < vl; i++)
            if (cl[i] < '0' || cl[i] > '9')
                return err_internal(e, ERR_IO, "http: bad content-length");
        if (vl == 0 || parse_i64((struct str){cl, vl}, 0, NET_HTTP_RESPONSE_MAX, &v) != 0)
            return err_internal(e, ERR_TOOBIG, "http: answer too long");
        *want = (size_t)v;
    }
    return 0;
}

/* Reads until close or until the whole body (Content-Length) is in; parses the status. */
static int read_answer(struct net_conn *c, int *status, struct buf *out, struct err *e)
{
    struct buf in;
    buf_init(&in, HEAD_MAX + NET_HTTP_RESPONSE_MAX);
    int rc = 0;
    size_t head_end = 0, want = SIZE_MAX;
    char chunk[4096];
    for (;;) {
        if (head_end == 0) {
            for (size_t i = 0; i + 3 < in.len; i++)
                if (memcmp(in.p + i, "\r\n\r\n", 4) == 0) {
                    head_end = i + 4;
                    break;
                }
            if (head_end == 0 && in.len > HEAD_MAX) {
                rc = err_internal(e, ERR_IO, "http: header too long");
                goto out;
            }
            if (head_end != 0) {
                rc = parse_head(in.p, head_end, status, &want, e);
                if (rc != 0)
                    goto out;
            }
        }
        if (head_end != 0 && want != SIZE_MAX && in.len - head_end >= want)
            break;
        if (net_wait(c, POLLIN) != 0) {
            rc = err_internal(e, ERR_IO, "http: timeout");
            goto out;
        }
        ssize_t r = recv(c->fd, chunk, sizeof(chunk), 0);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        if (r < 0) {
            rc = err_internal(e, ERR_IO, "http: read");
            goto out;
        }
        if (r == 0) {
            if (head_end == 0 || (want != SIZE_MAX && in.len - head_end < want))
                rc = err_internal(e, ERR_IO, "http: closed early");
            break;
        }
        if (buf_append(&in, chunk, (size_t)r) != 0) {
            rc = err_internal(e, ERR_TOOBIG, "http: answer too long");
            goto out;
        }
    }
    if (rc == 0) {
        size_t n = in.len - head_end;
        if (want != SIZE_MAX && n > want)
            n = want;
        rc = buf_append(out, in.p + head_end, n) == 0 ? 0 : err_internal(e, ERR_TOOBIG, "http");
    }
out:
    buf_cleanup(&in);
    return rc;
}

int net_http_post(const char *url, const char *path, const char *body, size_t n, int timeout_ms,
                  int *out_status, struct buf *out, struct err *e)
{
    char hp[96], prefix[256];
    struct sockaddr_storage ss;
    socklen_t len = 0;
    *out_status = 0;
    int rc = url_split(url, "url", hp, sizeof(hp), prefix, sizeof(prefix), e);
    if (rc == 0)
        rc = net_addr_parse(hp, "url", &ss, &len, e);
    if (rc != 0)
        return rc;
    if (path == NULL || path[0] != '/' || !path_ok(path))
        return err_internal(e, ERR_INVAL, "http: bad path");
    int total = timeout_ms > 0 ? timeout_ms : 5000;
    struct net_conn c = {.fd = -1, .timeout_ms = total, .deadline_ms = mono_ms() + total};
    struct buf req;
    buf_init(&req, HEAD_MAX + n);
    rc = buf_printf(&req,
                    "POST %s%s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                    "Accept: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n"
                    "User-Agent: regie\r\n\r\n",
                    prefix, path, hp, n);
    if (rc == 0)
        rc = buf_append(&req, body, n);
    if (rc != 0) {
        rc = err_internal(e, ERR_NOMEM, "http: request");
        goto out;
    }
    if (net_connect(&c, &ss, len) != 0) {
        rc = err_internal(e, ERR_IO, "http: connect");
        goto out;
    }
    if (net_send_all(&c, req.p, req.len) != 0) {
        rc = err_internal(e, ERR_IO, "http: send");
        goto out;
    }
    rc = read_answer(&c, out_status, out, e);
out:
    net_close(&c);
    buf_cleanup(&req);
    return rc;
}
