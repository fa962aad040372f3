/* harness.c: see harness.h. */
#define _GNU_SOURCE 1
#include "harness.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bin_path(void)
{
    const char *b = getenv("REGIE_BIN");
    return b ? b : "build/regie";
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int srv_run(struct srv *s, char **out, const char *const *args)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        const char *argv[32];
        size_t n = 0;
        argv[n++] = s->bin;
        for (size_t i = 0; args[i] && n < 28; i++)
            argv[n++] = args[i];
        argv[n++] = "--data-dir";
        argv[n++] = s->dir;
        argv[n] = NULL;
        dup2(pfd[1], 1);
        char logp[300];
        snprintf(logp, sizeof(logp), "%s/../cli.log", s->dir);
        int lfd = open(logp, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (lfd >= 0)
            dup2(lfd, 2);
        close(pfd[0]);
        execv(s->bin, (char *const *)argv);
        _exit(127);
    }
    close(pfd[1]);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 1024 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t got = read(pfd[0], buf + len, cap - len - 1);
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    buf[len] = '\0';
    close(pfd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void srv_start(struct srv *s, bool with_demo, const char *const *extra)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->bin, sizeof(s->bin), "%s", bin_path());
    snprintf(s->dir, sizeof(s->dir), "/tmp/regie-api-XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir), "mkdtemp");
    strncat(s->dir, "/d", sizeof(s->dir) - strlen(s->dir) - 1);
    const char *init[] = {"init", NULL};
    cr_assert_eq(srv_run(s, NULL, init), 0, "regie init failed");
    if (with_demo) {
        char *out = NULL;
        const char *demo[] = {"demo", "--json", NULL};
        cr_assert_eq(srv_run(s, &out, demo), 0, "regie demo failed");
        json_error_t je;
        s->demo = json_loads(out, 0, &je);
        free(out);
        cr_assert_not_null(s->demo, "demo --json is not JSON");
    }
    char ready[300];
    snprintf(ready, sizeof(ready), "%s/ready", s->dir);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        const char *argv[40];
        size_t n = 0;
        argv[n++] = s->bin;
        argv[n++] = "serve";
        argv[n++] = "--data-dir";
        argv[n++] = s->dir;
        argv[n++] = "--listen";
        argv[n++] = "127.0.0.1:0";
        argv[n++] = "--ready-file";
        argv[n++] = ready;
        for (size_t i = 0; extra && extra[i] && n < 38; i++)
            argv[n++] = extra[i];
        argv[n] = NULL;
        char logp[300];
        snprintf(logp, sizeof(logp), "%s/server.log", s->dir);
        int lfd = open(logp, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (lfd >= 0) {
            dup2(lfd, 1);
            dup2(lfd, 2);
        }
        execv(s->bin, (char *const *)argv);
        _exit(127);
    }
    s->pid = pid;
    /* Wait for the ready file (the server writes it once it listens), up to 30 s. */
    for (int i = 0; i < 3000; i++) {
        FILE *f = fopen(ready, "r");
        if (f != NULL) {
            char line[128] = {0};
            char *ok = fgets(line, sizeof(line), f);
            fclose(f);
            char *colon = ok ? strrchr(line, ':') : NULL;
            if (colon) {
                s->port = (uint16_t)strtoul(colon + 1, NULL, 10);
                return;
            }
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            cr_assert_fail("regie serve exited early (see %s/server.log)", s->dir);
        nap_ms(10);
    }
    cr_assert_fail("regie serve did not become ready");
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int srv_stop(struct srv *s, bool keep)
{
    int code = -1;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        int st = 0;
        for (int i = 0; i < 3000; i++) {
            pid_t r = waitpid(s->pid, &st, WNOHANG);
            if (r == s->pid) {
                code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
                break;
            }
            nap_ms(10);
        }
        if (code == -1) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &st, 0);
        }
        s->pid = 0;
    }
    if (s->demo) {
        json_decref(s->demo);
        s->demo = NULL;
    }
    if (!keep) {
        char top[256];
        snprintf(top, sizeof(top), "%s", s->dir);
        char *slash = strrchr(top, '/');
        if (slash)
            *slash = '\0';
        nftw(top, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    }
    return code;
}

int srv_connect(const struct srv *s)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

bool resp_header(const struct resp *r, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    const char *p = strstr(r->head, "\r\n");
    while (p != NULL && p[2] != '\0') {
        p += 2;
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            const char *end = strstr(v, "\r\n");
            size_t len = end ? (size_t)(end - v) : strlen(v);
            if (len >= cap)
                len = cap - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return true;
        }
        p = strstr(p, "\r\n");
    }
    return false;
}

int resp_header_count(const struct resp *r, const char *name)
{
    int n = 0;
    size_t nl = strlen(name);
    const char *p = strstr(r->head, "\r\n");
    while (p != NULL && p[2] != '\0') {
        p += 2;
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':')
            n++;
        p = strstr(p, "\r\n");
    }
    return n;
}

int http_read_resp(int fd, struct resp *out)
{
    memset(out, 0, sizeof(*out));
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    char *hend = NULL;
    for (;;) {
        if (len + 4096 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t got = recv(fd, buf + len, cap - len - 1, 0);
        if (got <= 0)
            break;
        len += (size_t)got;
        buf[len] = '\0';
        hend = strstr(buf, "\r\n\r\n");
        if (hend == NULL)
            continue;
        size_t hlen = (size_t)(hend - buf) + 2;
        if (hlen >= sizeof(out->head))
            hlen = sizeof(out->head) - 1;
        memcpy(out->head, buf, hlen);
        out->head[hlen] = '\0';
        char cl[32];
        if (resp_header(out, "Content-Length", cl, sizeof(cl))) {
            size_t want = (size_t)strtoul(cl, NULL, 10);
            size_t have = len - (size_t)(hend + 4 - buf);
            if (have >= want) {
                len = (size_t)(hend + 4 - buf) + want;
                break;
            }
        }
    }
    if (hend == NULL) {
        free(buf);
        return -1;
    }
    out->status = (int)strtol(buf + 9, NULL, 10);
    size_t off = (size_t)(hend + 4 - buf);
    out->body_len = len - off;
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, buf + off, out->body_len);
    out->body[out->body_len] = '\0';
    free(buf);
    if (out->body_len > 0 && (out->body[0] == '{' || out->body[0] == '[')) {
        json_error_t je;
        out->json = json_loadb(out->body, out->body_len, 0, &je);
    }
    return 0;
}

int http_raw(const struct srv *s, const char *raw, size_t n, struct resp *out)
{
    int fd = srv_connect(s);
    if (fd < 0)
        return -1;
    int rc = -1;
    if (send_all(fd, raw, n))
        rc = http_read_resp(fd, out);
    close(fd);
    return rc;
}

int http_do(const struct srv *s, const char *method, const char *path, const char *ctype,
            const char *body, const char *extra_headers, struct resp *out)
{
    size_t blen = body ? strlen(body) : 0;
    const char *extra = extra_headers ? extra_headers : "";
    bool origin = strstr(extra, "Origin:") == NULL && strstr(extra, "X-No-Origin") == NULL;
    size_t cap = blen + strlen(extra) + 1024;
    char *req = malloc(cap);
    int n;
    if (origin) {
        n = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                     "%s%s%sContent-Length: %zu\r\n%s\r\n",
                     method, path, (unsigned)s->port, (unsigned)s->port,
                     ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "", blen,
                     extra);
    } else {
        n = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s%s%sContent-Length: %zu\r\n%s\r\n",
                     method, path, (unsigned)s->port, ctype ? "Content-Type: " : "",
                     ctype ? ctype : "", ctype ? "\r\n" : "", blen, extra);
    }
    size_t len = (size_t)n;
    if (blen) {
        memcpy(req + len, body, blen);
        len += blen;
    }
    int rc = http_raw(s, req, len, out);
    free(req);
    return rc;
}

void resp_free(struct resp *r)
{
    free(r->body);
    r->body = NULL;
    if (r->json)
        json_decref(r->json);
    r->json = NULL;
}

void db_fingerprint(const struct srv *s, unsigned char out[32])
{
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    sqlite3_stmt *tables = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
                                    -1, &tables, NULL),
                 SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        char sql[300];
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", t); /* table names from the schema */
        sqlite3_stmt *rows = NULL;
        cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
        crypto_generichash_update(&h, (const unsigned char *)t, strlen(t));
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                const void *b = sqlite3_column_blob(rows, c);
                int bn = sqlite3_column_bytes(rows, c);
                if (b && bn > 0)
                    crypto_generichash_update(&h, b, (unsigned long long)bn);
                crypto_generichash_update(&h, (const unsigned char *)"|", 1);
            }
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    crypto_generichash_final(&h, out, 32);
}
