/* harness.h: drives the real `regie` binary from the outside (redis-style): a fresh data dir,
 * `regie init` (+ `regie demo`), `regie serve` on an ephemeral port, and a raw-socket HTTP/1.1
 * client so tests can also send malformed requests. The server's log goes to <dir>/server.log,
 * never to the test output. */
#ifndef REGIE_TESTS_API_HARNESS_H
#define REGIE_TESTS_API_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

struct srv {
    pid_t pid;
    char dir[256];
    char bin[512];
    uint16_t port;
    json_t *demo; /* output of `regie demo --json`, when started with demo */
};

struct resp {
    int status;
    char head[16384]; /* status line + headers, NUL-terminated */
    char *body;       /* malloc'd, NUL-terminated */
    size_t body_len;
    json_t *json;     /* parsed body if it was JSON, else NULL */
};

/* Runs `regie ARGS...` (NULL-terminated) with --data-dir, capturing stdout into out (malloc'd,
 * may be NULL). Returns the exit code, or -1. */
int srv_run(struct srv *s, char **out, const char *const *args);

/* Creates a temp data dir, runs init (and demo when with_demo), starts serve with the extra
 * arguments (NULL-terminated, may be NULL) and waits until it listens. Aborts the test on failure. */
void srv_start(struct srv *s, bool with_demo, const char *const *extra);

/* SIGTERM, wait; returns the exit status (0 = clean). Removes the data dir unless keep. */
int srv_stop(struct srv *s, bool keep);

/* Sends raw bytes on a new connection and reads one response (or until close). */
int http_raw(const struct srv *s, const char *raw, size_t n, struct resp *out);

/* Sends a request: method, path, optional body with content type, optional extra header lines
 * ("Name: value\r\n"...). Adds Host, Origin (same-origin) unless extra_headers contains
 * "Origin:" or "X-No-Origin", and Content-Length. */
int http_do(const struct srv *s, const char *method, const char *path, const char *ctype,
            const char *body, const char *extra_headers, struct resp *out);

/* Value of a response header (case-insensitive) copied into out; false if absent. */
bool resp_header(const struct resp *r, const char *name, char *out, size_t cap);

/* Counts header lines named name. */
int resp_header_count(const struct resp *r, const char *name);

void resp_free(struct resp *r);

/* A fingerprint of every row of every table in the database (BLAKE2b over the content). */
void db_fingerprint(const struct srv *s, unsigned char out[32]);

/* Connects to the server; returns a socket fd or -1. */
int srv_connect(const struct srv *s);

/* Reads one response from fd (Content-Length or until close). */
int http_read_resp(int fd, struct resp *out);

#endif
