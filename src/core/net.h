/* net.h: the outgoing TCP connections of Regie (the SMTP relay of core/smtp.c, the peer regions
 * of app/elsewhere.c): an address is an IP literal or localhost with a port, never a name looked
 * up in DNS (a compromised resolver must not redirect personal data); every socket is
 * non-blocking and every wait goes through poll() with the caller's timeout, so a silent or slow
 * peer holds a thread at most that long. Thread-safe (no state). */
#ifndef REGIE_CORE_NET_H
#define REGIE_CORE_NET_H

#include "core/common.h"
#include "core/buf.h"
#include "core/err.h"

#include <sys/socket.h>

struct net_conn {
    int fd;
    int timeout_ms;      /* the longest one wait may take */
    int64_t deadline_ms; /* CLOCK_MONOTONIC ms by which the whole exchange ends; 0: none */
};

/* Parses "host:port" (host: an IPv4 literal, [IPv6] literal or localhost; port 1..65535) into
 * *ss. ERR_INVAL as a field error naming `field` on anything else. */
int net_addr_parse(const char *hostport, const char *field, struct sockaddr_storage *ss,
                   socklen_t *len, struct err *e) WUR;

/* Connects c (c->timeout_ms set by the caller) to ss. ERR_IO (refused, unreachable, timeout);
 * c->fd is then -1 or an fd the caller still closes with net_close. */
int net_connect(struct net_conn *c, const struct sockaddr_storage *ss, socklen_t len) WUR;

/* Waits for events (POLLIN/POLLOUT) on c, at most timeout_ms and never past deadline_ms. ERR_IO
 * on timeout or error. */
int net_wait(struct net_conn *c, short events) WUR;

/* Sends p[0..n) whole. ERR_IO on timeout, reset or close. */
int net_send_all(struct net_conn *c, const void *p, size_t n) WUR;

/* Closes c->fd when open (fd -1 after). */
void net_close(struct net_conn *c);

/* ---- a minimal HTTP/1.1 client for one JSON POST ------------------------------------------ */

#define NET_HTTP_RESPONSE_MAX (64 * 1024) /* a longer answer is refused (ERR_TOOBIG) */

/* Checks a peer base URL: "http://host:port" with host as in net_addr_parse and an optional path
 * prefix of [A-Za-z0-9/._-] (no query, no user info). TLS is not spoken here: a URL of another
 * region goes through a local TLS proxy (docs/known-elsewhere.md). */
int net_url_check(const char *url, const char *field, struct err *e) WUR;

/* POSTs body[0..n) as application/json to url + path (Connection: close) and reads the answer:
 * *out_status the HTTP status, out the body (Content-Length or until close; at most
 * NET_HTTP_RESPONSE_MAX). timeout_ms bounds the whole exchange (connect, send, answer), however
 * slowly the other side trickles. A chunked or interim (1xx) answer, a malformed status line or
 * Content-Length is refused. ERR_INVAL (url), ERR_IO (connect, timeout, a malformed answer),
 * ERR_TOOBIG, ERR_NOMEM. */
int net_http_post(const char *url, const char *path, const char *body, size_t n, int timeout_ms,
                  int *out_status, struct buf *out, struct err *e) WUR;

#endif
