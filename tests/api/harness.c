/* harness.c: see harness.h. */
#define _GNU_SOURCE 1
#include "harness.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <liboath/oath.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef REGIE_TEST_HOOKS
/* src/store/store.h (not included: its core/common.h bans functions this file uses) */
bool store_test_pg_uri(const char *path, char *out, size_t cap);
#endif

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
        snprintf(logp, sizeof(logp), "%s", s->dir);
        char *slash = strrchr(logp, '/'); /* next to the data dir, which may not exist yet */
        if (slash)
            snprintf(slash, sizeof(logp) - (size_t)(slash - logp), "/cli.log");
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

/* Forks `regie serve` on s->dir with the options' arguments and environment and waits until it
 * listens (ready file). */
static void serve(struct srv *s, const struct srv_opts *o)
{
    char ready[300];
    snprintf(ready, sizeof(ready), "%s/ready", s->dir);
    unlink(ready);
    pid_t parent = getpid();
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        /* The server ends with the test process that started it, also when a test is skipped or
         * crashes before its suite's .fini could stop it (no stray servers after `make test`). */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
            _exit(127);
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
        for (size_t i = 0; o->args && o->args[i] && n < 38; i++)
            argv[n++] = o->args[i];
        argv[n] = NULL;
        for (size_t i = 0; o->env && o->env[i]; i++)
            putenv((char *)o->env[i]);
        if (s->clock_file[0] != '\0')
            setenv("REGIE_TEST_CLOCK_FILE", s->clock_file, 1);
        /* on PostgreSQL the server connects as the application's role, as a deployment does
         * (row-level security and the log's grants apply to it); init, demo and the other
         * commands as the schema's owner */
        setenv("REGIE_TEST_PG_ROLE", "regie_app", 1);
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
        if (waitpid(pid, &st, WNOHANG) == pid) {
            s->pid = 0;
            cr_assert_fail("regie serve exited early (see %s/server.log)", s->dir);
        }
        nap_ms(10);
    }
    cr_assert_fail("regie serve did not become ready");
}

void srv_start_opts(struct srv *s, const struct srv_opts *o)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->bin, sizeof(s->bin), "%s", bin_path());
    snprintf(s->dir, sizeof(s->dir), "/tmp/regie-api-XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir), "mkdtemp");
    if (o->clock) {
        snprintf(s->clock_file, sizeof(s->clock_file), "%s/clock", s->dir);
        srv_clock_set(s, 0);
    }
    strncat(s->dir, "/d", sizeof(s->dir) - strlen(s->dir) - 1);
    const char *init[] = {"init", NULL};
    cr_assert_eq(srv_run(s, NULL, init), 0, "regie init failed");
    if (o->demo) {
        char *out = NULL;
        const char *demo[] = {"demo", "--json", NULL};
        cr_assert_eq(srv_run(s, &out, demo), 0, "regie demo failed");
        json_error_t je;
        s->demo = json_loads(out, 0, &je);
        sodium_memzero(out, strlen(out));
        free(out);
        cr_assert_not_null(s->demo, "demo --json is not JSON");
    }
    serve(s, o);
}

void srv_start(struct srv *s, bool with_demo, const char *const *extra)
{
    struct srv_opts o = {.demo = with_demo, .args = extra};
    srv_start_opts(s, &o);
}

static int stop_process(struct srv *s)
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
    return code;
}

int srv_restart(struct srv *s, const struct srv_opts *o)
{
    int code = stop_process(s);
    serve(s, o);
    return code;
}

bool regie_test_hooks(void)
{
    static int cached = -1;
    if (cached >= 0)
        return cached == 1;
    int pfd[2];
    if (pipe(pfd) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        const char *bin = bin_path();
        execl(bin, bin, "version", (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    char buf[256];
    size_t len = 0;
    ssize_t got;
    while (len + 1 < sizeof(buf) && (got = read(pfd[0], buf + len, sizeof(buf) - 1 - len)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    close(pfd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    cached = strstr(buf, "(test hooks)") != NULL ? 1 : 0;
    return cached == 1;
}

void srv_clock_set(struct srv *s, int64_t off_ms)
{
    cr_assert(s->clock_file[0] != '\0', "server was not started with srv_opts.clock");
    char tmp[320];
    snprintf(tmp, sizeof(tmp), "%s.tmp", s->clock_file);
    FILE *f = fopen(tmp, "w");
    cr_assert_not_null(f, "cannot write the clock file");
    fprintf(f, "%lld\n", (long long)off_ms);
    cr_assert_eq(fflush(f), 0);
    /* The server re-reads the file when its mtime or size changes: give every version its own
     * mtime so two writes within one timestamp tick are never mistaken for one. */
    s->clock_gen++;
    struct timespec ts[2] = {{s->clock_gen, 0}, {s->clock_gen, 0}};
    cr_assert_eq(futimens(fileno(f), ts), 0);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(rename(tmp, s->clock_file), 0);
    s->clock_off_ms = off_ms;
}

static int64_t real_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t srv_now_ms(const struct srv *s)
{
    return real_now_ms() + s->clock_off_ms;
}

void srv_clock_at(struct srv *s, int64_t target_ms)
{
    srv_clock_set(s, target_ms - real_now_ms());
}

bool totp_code_at(const char *secret_b32, int64_t ms, char out[7])
{
    static bool inited;
    if (!inited) {
        if (oath_init() != OATH_OK)
            return false;
        inited = true;
    }
    char *secret = NULL;
    size_t n = 0;
    if (oath_base32_decode(secret_b32, strlen(secret_b32), &secret, &n) != OATH_OK)
        return false;
    int rc = oath_totp_generate(secret, n, (time_t)(ms / 1000), 30, 0, 6, out);
    sodium_memzero(secret, n);
    free(secret);
    return rc == OATH_OK;
}

void totp_fresh(struct srv *s, const char *user, const char *secret_b32, char out[7])
{
    int64_t step = srv_now_ms(s) / 30000;
    size_t i;
    for (i = 0; i < s->n_totp_used; i++)
        if (strcmp(s->totp_used[i].user, user) == 0)
            break;
    if (i == s->n_totp_used) {
        cr_assert(i < SRV_TOTP_USERS, "too many accounts for the TOTP bookkeeping");
        snprintf(s->totp_used[i].user, sizeof(s->totp_used[i].user), "%s", user);
        s->totp_used[i].counter = 0;
        s->n_totp_used++;
    }
    int64_t c = s->totp_used[i].counter + 1 > step ? s->totp_used[i].counter + 1 : step;
    /* c and c+1 stay inside the server's +-1 step window even if a step boundary passes
     * between here and the server's check. */
    cr_assert(c <= step + 1, "no unused TOTP time step left for this account: move the clock");
    cr_assert(totp_code_at(secret_b32, c * 30000, out), "TOTP generation failed");
    s->totp_used[i].counter = c;
}

void totp_forget(struct srv *s, const char *user)
{
    for (size_t i = 0; i < s->n_totp_used; i++)
        if (strcmp(s->totp_used[i].user, user) == 0)
            s->totp_used[i].counter = 0;
}

static json_t *demo_account(const struct srv *s, const char *user)
{
    json_t *acc = s->demo ? json_object_get(s->demo, "accounts") : NULL;
    size_t i;
    json_t *a;
    json_array_foreach(acc, i, a)
    {
        const char *u = json_string_value(json_object_get(a, "username"));
        if (u && strcmp(u, user) == 0)
            return a;
    }
    return NULL;
}

const char *demo_str(const struct srv *s, const char *user, const char *field)
{
    json_t *a = demo_account(s, user);
    return a ? json_string_value(json_object_get(a, field)) : NULL;
}

int64_t demo_id(const struct srv *s, const char *user)
{
    json_t *a = demo_account(s, user);
    return a ? (int64_t)json_integer_value(json_object_get(a, "id")) : 0;
}

bool resp_header_nth(const struct resp *r, const char *name, int nth, char *out, size_t cap)
{
    size_t nl = strlen(name);
    int seen = 0;
    const char *p = strstr(r->head, "\r\n");
    while (p != NULL && p[2] != '\0') {
        p += 2;
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':' && seen++ == nth) {
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

bool resp_cookie(const struct resp *r, const char *name, char *out, size_t cap)
{
    char line[1024];
    size_t nl = strlen(name);
    for (int i = 0; resp_header_nth(r, "Set-Cookie", i, line, sizeof(line)); i++) {
        if (strncmp(line, name, nl) == 0 && line[nl] == '=') {
            const char *v = line + nl + 1;
            size_t len = strcspn(v, ";");
            if (len >= cap)
                len = cap - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            sodium_memzero(line, sizeof(line));
            return true;
        }
    }
    sodium_memzero(line, sizeof(line));
    return false;
}

int login_with(const struct srv *s, const char *user, const char *password, const char *totp,
               struct sess *out, struct resp *r)
{
    json_t *j = json_object();
    if (user)
        json_object_set_new(j, "username", json_string(user));
    if (password)
        json_object_set_new(j, "password", json_string(password));
    if (totp)
        json_object_set_new(j, "totp", json_string(totp));
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    struct resp tmp;
    struct resp *rr = r ? r : &tmp;
    int rc = http_do(s, "POST", "/api/session", "application/json", body, NULL, rr);
    sodium_memzero(body, strlen(body));
    free(body);
    if (rc != 0)
        return -1;
    int status = rr->status;
    if (status == 201 && out != NULL) {
        memset(out, 0, sizeof(*out));
        if (!resp_cookie(rr, "__Host-regie", out->token, sizeof(out->token)))
            status = -2;
        const char *csrf = json_string_value(json_object_get(rr->json, "csrf_token"));
        if (csrf == NULL || strlen(csrf) >= sizeof(out->csrf))
            status = -2;
        else
            snprintf(out->csrf, sizeof(out->csrf), "%s", csrf);
        json_t *u = json_object_get(rr->json, "user");
        out->user_id = (int64_t)json_integer_value(json_object_get(u, "id"));
        json_t *org = json_object_get(u, "organisation");
        out->org_id = (int64_t)json_integer_value(json_object_get(org, "id"));
        out->access_ok = json_is_true(json_object_get(org, "access_ok"));
    }
    if (r == NULL)
        resp_free(&tmp);
    return status;
}

int login(struct srv *s, const char *user, struct sess *out)
{
    const char *pw = demo_str(s, user, "password");
    const char *secret = demo_str(s, user, "totp_secret");
    cr_assert(pw != NULL && secret != NULL, "no demo account %s", user);
    char code[7];
    totp_fresh(s, user, secret, code);
    return login_with(s, user, pw, code, out, NULL);
}

void login_ok(struct srv *s, const char *user, struct sess *out)
{
    int st = login(s, user, out);
    cr_assert_eq(st, 201, "login as %s: status %d", user, st);
}

int sess_do(const struct srv *s, const struct sess *ss, const char *method, const char *path,
            const char *ctype, const char *body, const char *extra_headers, struct resp *out)
{
    const char *extra = extra_headers ? extra_headers : "";
    size_t cap = strlen(extra) + 512;
    char *h = malloc(cap);
    snprintf(h, cap, "Cookie: __Host-regie=%s\r\nX-CSRF-Token: %s\r\n%s", ss->token, ss->csrf,
             extra);
    int rc = http_do(s, method, path, ctype, body, h, out);
    sodium_memzero(h, strlen(h));
    free(h);
    return rc;
}

int sess_status(const struct srv *s, const struct sess *ss, const char *method, const char *path,
                const char *ctype, const char *body)
{
    struct resp r;
    if (sess_do(s, ss, method, path, ctype, body, NULL, &r) != 0)
        return -1;
    int st = r.status;
    resp_free(&r);
    return st;
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
    int code = stop_process(s);
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
        int st = (int)strtol(buf + 9, NULL, 10);
        if ((st >= 100 && st < 200) || st == 204 || st == 304) {
            len = (size_t)(hend + 4 -
                           buf); /* no body by definition (RFC 9112 6.3); keep-alive stays open */
            break;
        }
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
    /* Purpose binding (docs/purpose.md): case-content reads state a purpose; default casusoverleg */
    const char *purpose = s->purpose ? s->purpose : "casusoverleg";
    char ph[96] = "";
    if (purpose[0] != '\0' && strstr(extra, "Regie-Purpose:") == NULL)
        snprintf(ph, sizeof(ph), "Regie-Purpose: %s\r\n", purpose);
    size_t cap = blen + strlen(extra) + 1024;
    char *req = malloc(cap);
    int n;
    if (origin) {
        n = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                     "%s%s%s%sContent-Length: %zu\r\n%s\r\n",
                     method, path, (unsigned)s->port, (unsigned)s->port,
                     ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "", ph,
                     blen, extra);
    } else {
        n = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s%s%s%sContent-Length: %zu\r\n%s\r\n",
                     method, path, (unsigned)s->port, ctype ? "Content-Type: " : "",
                     ctype ? ctype : "", ctype ? "\r\n" : "", ph, blen, extra);
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
    db_fingerprint_skip(s, NULL, out);
}

bool suite_on_postgres(void)
{
#ifdef REGIE_TEST_HOOKS
    return getenv("REGIE_TEST_PG_HOST") != NULL && getenv("REGIE_TEST_PG_PORT") != NULL;
#else
    return false;
#endif
}

bool db_is_postgres(const struct srv *s)
{
#ifdef REGIE_TEST_HOOKS
    char path[300], uri[600];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    return store_test_pg_uri(path, uri, sizeof(uri));
#else
    (void)s;
    return false;
#endif
}

/* The suite on PostgreSQL (tests/pg/suite.py): a connection to the database that stands in for
 * the server's regie.db, or NULL when the suite runs on SQLite. */
static PGconn *pg_of(const struct srv *s)
{
#ifdef REGIE_TEST_HOOKS
    char path[300], uri[600];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    if (!store_test_pg_uri(path, uri, sizeof(uri)))
        return NULL;
    PGconn *c = PQconnectdb(uri);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "cannot connect to the test database");
    return c;
#else
    (void)s;
    return NULL;
#endif
}

static void pg_fingerprint(PGconn *c, const char *const *skip, unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    PGresult *tables = PQexec(c, "SELECT tablename FROM pg_tables WHERE schemaname = "
                                 "current_schema() ORDER BY tablename");
    cr_assert_eq(PQresultStatus(tables), PGRES_TUPLES_OK);
    for (int i = 0; i < PQntuples(tables); i++) {
        const char *t = PQgetvalue(tables, i, 0);
        /* The key vault: a file of its own under SQLite (never in the fingerprint there); its
         * tables here. A request reserves keys ahead of use, committed on their own. */
        bool skipped = strncmp(t, "vault_", 6) == 0;
        for (size_t k = 0; skip && skip[k]; k++)
            skipped = skipped || strncmp(t, skip[k], strlen(skip[k])) == 0;
        if (skipped)
            continue;
        char sql[300];
        /* table names from the catalogue; rows in a fixed order (the heap's may change) */
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" AS r ORDER BY r::text", t);
        PGresult *rows = PQexec(c, sql);
        cr_assert_eq(PQresultStatus(rows), PGRES_TUPLES_OK);
        crypto_generichash_update(&h, (const unsigned char *)t, strlen(t));
        for (int r = 0; r < PQntuples(rows); r++)
            for (int col = 0; col < PQnfields(rows); col++) {
                crypto_generichash_update(&h, (const unsigned char *)PQgetvalue(rows, r, col),
                                          (unsigned long long)PQgetlength(rows, r, col));
                crypto_generichash_update(&h, (const unsigned char *)"|", 1);
            }
        PQclear(rows);
    }
    PQclear(tables);
    crypto_generichash_final(&h, out, 32);
}

void db_fingerprint_skip(const struct srv *s, const char *const *skip, unsigned char out[32])
{
    PGconn *pc = pg_of(s);
    if (pc != NULL) {
        pg_fingerprint(pc, skip, out);
        PQfinish(pc);
        return;
    }
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    sqlite3_stmt *tables = NULL;
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
                           -1, &tables, NULL),
        SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        bool skipped = false;
        for (size_t i = 0; skip && skip[i]; i++)
            skipped = skipped || strncmp(t, skip[i], strlen(skip[i])) == 0;
        if (skipped)
            continue;
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

bool json_has_secret_key(const json_t *j)
{
    static const char *const bad[] = {"password", "pw_hash", "hash", "totp", "secret",
                                      "activation"};
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                if (strstr(k, bad[i]) != NULL)
                    return true;
            if (json_has_secret_key(v))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach((json_t *)j, i, v)
        {
            if (json_has_secret_key(v))
                return true;
        }
    }
    return false;
}

/* ---- helpers added for the signal tests ----------------------------------------------------- */

int sess_json(const struct srv *s, const struct sess *ss, const char *method, const char *path,
              json_t *obj, struct resp *out)
{
    char *body = NULL;
    if (obj != NULL) {
        body = json_dumps(obj, JSON_COMPACT);
        json_decref(obj);
        cr_assert_not_null(body, "cannot encode a request body");
    }
    int rc = sess_do(s, ss, method, path, body ? "application/json" : NULL, body, NULL, out);
    if (body != NULL) {
        sodium_memzero(body, strlen(body));
        free(body);
    }
    cr_assert_eq(rc, 0, "%s %s: no response", method, path);
    return out->status;
}

int sess_json_status(const struct srv *s, const struct sess *ss, const char *method,
                     const char *path, json_t *obj)
{
    struct resp r;
    int st = sess_json(s, ss, method, path, obj, &r);
    resp_free(&r);
    return st;
}

bool resp_is_problem(const struct resp *r)
{
    char ct[128];
    if (!resp_header(r, "Content-Type", ct, sizeof(ct)))
        return false;
    return strncasecmp(ct, "application/problem+json", 24) == 0 && json_is_object(r->json) &&
           json_integer_value(json_object_get(r->json, "status")) == r->status;
}

/* "a[0].b", "a.0.b", "a/0/b", "/a/0/b" -> "a.0.b". */
static void field_norm(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < cap; p++) {
        char c = *p;
        if (c == '[' || c == '/')
            c = '.';
        if (c == ']')
            continue;
        if (c == '.' && (n == 0 || out[n - 1] == '.'))
            continue;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == '.')
        n--;
    out[n] = '\0';
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

bool resp_names_field(const struct resp *r, const char *field)
{
    char want[128], leaf[128];
    field_norm(field, want, sizeof(want));
    /* Last component that is not an array index. */
    leaf[0] = '\0';
    char tmp[128];
    snprintf(tmp, sizeof(tmp), "%s", want);
    char *save = NULL;
    for (char *t = strtok_r(tmp, ".", &save); t; t = strtok_r(NULL, ".", &save))
        if (!all_digits(t))
            snprintf(leaf, sizeof(leaf), "%s", t);
    json_t *errs = json_object_get(r->json, "errors");
    size_t i;
    json_t *it;
    json_array_foreach(errs, i, it)
    {
        const char *f = json_string_value(json_object_get(it, "field"));
        if (f == NULL)
            continue;
        char got[128];
        field_norm(f, got, sizeof(got));
        size_t wn = strlen(want);
        if (strcmp(got, want) == 0 || (leaf[0] != '\0' && strcmp(got, leaf) == 0) ||
            (strncmp(got, want, wn) == 0 && got[wn] == '.'))
            return true;
    }
    return false;
}

int64_t demo_org_id(const struct srv *s, const char *name)
{
    json_t *orgs = s->demo ? json_object_get(s->demo, "organisations") : NULL;
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o)
    {
        const char *n = json_string_value(json_object_get(o, "name"));
        if (n && strcmp(n, name) == 0)
            return (int64_t)json_integer_value(json_object_get(o, "id"));
    }
    return 0;
}

/* The server's SQLite file, read-only (NULL if it cannot be opened). */
static sqlite3 *lite_open_ro(const struct srv *s)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

int64_t db_int(const struct srv *s, const char *sql)
{
    PGconn *pc = pg_of(s);
    if (pc != NULL) {
        PGresult *r = PQexec(pc, sql);
        int64_t v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0
                        ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                        : -1;
        PQclear(r);
        PQfinish(pc);
        return v;
    }
    sqlite3 *db = lite_open_ro(s);
    int64_t v = -1;
    if (db == NULL)
        return -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

int64_t db_rows_containing(const struct srv *s, const char *sql, const char *needle)
{
    size_t nn = strlen(needle);
    int64_t hits = 0;
    PGconn *pc = pg_of(s);
    if (pc != NULL) {
        PGresult *r = PQexecParams(pc, sql, 0, NULL, NULL, NULL, NULL, 1); /* binary: raw bytes */
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            hits = -1;
        for (int i = 0; hits >= 0 && i < PQntuples(r); i++)
            if (memmem(PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), needle, nn) != NULL)
                hits++;
        PQclear(r);
        PQfinish(pc);
        return hits;
    }
    sqlite3 *db = lite_open_ro(s);
    sqlite3_stmt *st = NULL;
    if (db == NULL || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *p = sqlite3_column_blob(st, 0);
        int n = sqlite3_column_bytes(st, 0);
        if (p != NULL && n > 0 && memmem(p, (size_t)n, needle, nn) != NULL)
            hits++;
    }
    if (rc != SQLITE_DONE)
        hits = -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return hits;
}

bool json_has_key(const json_t *j, const char *key)
{
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            if (strcmp(k, key) == 0 || json_has_key(v, key))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach((json_t *)j, i, v)
        {
            if (json_has_key(v, key))
                return true;
        }
    }
    return false;
}

bool json_has_substring(const json_t *j, const char *needle)
{
    if (json_is_string(j))
        return strstr(json_string_value(j), needle) != NULL;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            if (json_has_substring(v, needle))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach((json_t *)j, i, v)
        {
            if (json_has_substring(v, needle))
                return true;
        }
    }
    return false;
}

json_t *audit_query(struct srv *s, const char *opt, const char *val)
{
    const char *args[8];
    size_t n = 0;
    args[n++] = "audit";
    args[n++] = "query";
    args[n++] = "--limit";
    args[n++] = "1000"; /* the maximum page */
    if (opt != NULL) {
        args[n++] = opt;
        args[n++] = val;
    }
    args[n] = NULL;
    char *out = NULL;
    int rc = srv_run(s, &out, args);
    cr_assert_eq(rc, 0, "regie audit query failed (exit %d)", rc);
    json_t *arr = json_array();
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        cr_assert_not_null(j, "regie audit query printed a line that is not JSON");
        json_array_append_new(arr, j);
    }
    free(out);
    return arr;
}

json_t *audit_records_for(struct srv *s, const char *request_id, const char *person_bsn)
{
    json_t *all = audit_query(s, person_bsn ? "--person" : NULL, person_bsn);
    json_t *arr = json_array();
    size_t i;
    json_t *j;
    json_array_foreach(all, i, j)
    {
        const char *rid = json_string_value(
            json_object_get(json_object_get(j, "attributes"), "regie.request_id"));
        if (rid != NULL && strcmp(rid, request_id) == 0)
            json_array_append(arr, j);
    }
    json_decref(all);
    return arr;
}

void resp_request_id(const struct resp *r, char out[64])
{
    cr_assert(resp_header(r, "X-Request-Id", out, 64), "response has no X-Request-Id");
    cr_assert(strlen(out) >= 8, "X-Request-Id too short");
}

void bsn_make(uint32_t seed, char out[10])
{
    uint32_t x = seed * 2654435761u + 12345u;
    for (;;) {
        int sum = 0;
        /* First digit 1..9 (no leading zero), then seven more. */
        out[0] = (char)('1' + (x % 9));
        uint32_t y = x / 9;
        for (int i = 1; i < 8; i++) {
            out[i] = (char)('0' + (y % 10));
            y /= 10;
        }
        for (int i = 0; i < 8; i++)
            sum += (9 - i) * (out[i] - '0');
        /* Elfproef: sum + (-1) * last == 0 (mod 11), last in 0..9. */
        int last = sum % 11;
        if (last <= 9) {
            out[8] = (char)('0' + last);
            out[9] = '\0';
            return;
        }
        x = x * 1103515245u + 12345u;
    }
}

void srv_date(const struct srv *s, int add_days, char out[11])
{
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    time_t t = (time_t)(srv_now_ms(s) / 1000);
    struct tm lt;
    localtime_r(&t, &lt);
    struct tm d = {0};
    d.tm_year = lt.tm_year;
    d.tm_mon = lt.tm_mon;
    d.tm_mday = lt.tm_mday + add_days;
    d.tm_hour = 12;
    time_t n = timegm(&d);
    struct tm g;
    gmtime_r(&n, &g);
    strftime(out, 11, "%Y-%m-%d", &g);
}

int64_t day_number(const char *ymd)
{
    struct tm d = {0};
    if (sscanf(ymd, "%4d-%2d-%2d", &d.tm_year, &d.tm_mon, &d.tm_mday) != 3)
        return -1;
    d.tm_year -= 1900;
    d.tm_mon -= 1;
    return (int64_t)(timegm(&d) / 86400);
}

json_t *sess_list_all(const struct srv *s, const struct sess *ss, const char *path)
{
    json_t *all = json_array();
    const char *sep = strchr(path, '?') ? "&" : "?";
    for (int page = 1; page <= 1000; page++) {
        char p[1024];
        snprintf(p, sizeof(p), "%s%spage=%d", path, sep, page);
        struct resp r;
        cr_assert_eq(sess_do(s, ss, "GET", p, NULL, NULL, NULL, &r), 0, "GET %s: no response",
                     path);
        cr_assert_eq(r.status, 200, "GET %s (page %d): %d", path, page, r.status);
        json_t *items = json_object_get(r.json, "items");
        cr_assert(json_is_array(items), "GET %s: no items[]", path);
        size_t n = json_array_size(items);
        json_array_extend(all, items);
        json_int_t total = json_integer_value(json_object_get(r.json, "total"));
        resp_free(&r);
        if (n == 0 || (json_int_t)json_array_size(all) >= total)
            break;
    }
    return all;
}

/* ---- helpers added for the meeting tests ---------------------------------------------------- */

size_t db_query2(const struct srv *s, const char *sql, const int64_t *iv, int n, const char *txt,
                 struct db_row2 *out, size_t cap)
{
    size_t rows = 0;
    PGconn *pc = pg_of(s);
    if (pc != NULL) {
        char *q = malloc(strlen(sql) + 1);
        cr_assert_not_null(q);
        size_t k = 0;
        for (const char *p = sql; *p; p++) /* ?N -> $N (the oracle SQL has no '?' in text) */
            q[k++] = (*p == '?' && p[1] >= '0' && p[1] <= '9') ? '$' : *p;
        q[k] = '\0';
        char vals[8][24];
        const char *params[9];
        cr_assert(n >= 0 && n <= 8);
        for (int i = 0; i < n; i++) {
            snprintf(vals[i], sizeof(vals[i]), "%lld", (long long)iv[i]);
            params[i] = vals[i];
        }
        int np = n;
        if (txt != NULL)
            params[np++] = txt;
        PGresult *r = PQexecParams(pc, q, np, NULL, params, NULL, NULL, 0);
        cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "oracle SQL: %s",
                     PQresultErrorMessage(r));
        for (int i = 0; i < PQntuples(r) && rows < cap; i++, rows++) {
            struct db_row2 *o = &out[rows];
            o->a_null = PQgetisnull(r, i, 0);
            o->a = o->a_null ? 0 : strtoll(PQgetvalue(r, i, 0), NULL, 10);
            o->b_null = PQnfields(r) < 2 || PQgetisnull(r, i, 1);
            o->b = o->b_null ? 0 : strtoll(PQgetvalue(r, i, 1), NULL, 10);
        }
        PQclear(r);
        PQfinish(pc);
        free(q);
        return rows;
    }
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK,
                 "open the database read-only");
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "oracle SQL: %s",
                 sqlite3_errmsg(db));
    for (int i = 0; i < n; i++)
        sqlite3_bind_int64(st, i + 1, iv[i]);
    if (txt != NULL)
        sqlite3_bind_text(st, n + 1, txt, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && rows < cap) {
        struct db_row2 *o = &out[rows++];
        o->a_null = sqlite3_column_type(st, 0) == SQLITE_NULL;
        o->a = sqlite3_column_int64(st, 0);
        o->b_null = sqlite3_column_count(st) < 2 || sqlite3_column_type(st, 1) == SQLITE_NULL;
        o->b = o->b_null ? 0 : sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
}

bool db_try_exec(const struct srv *s, const char *sql)
{
    PGconn *pc = pg_of(s);
    if (pc != NULL) {
        PGresult *r = PQexec(pc, sql);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) /* the server's message names a constraint or a syntax error, never data */
            fprintf(stderr, "db_try_exec: %s", PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(pc);
        return ok;
    }
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", s->dir);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    if (ok)
        ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

/* ---- small JSON and response helpers shared by the API test files ---- */

int64_t jint(const json_t *j, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(j, key));
}

const char *jstr(const json_t *j, const char *key)
{
    return json_string_value(json_object_get(j, key));
}

bool valid_id(const json_t *v)
{
    json_int_t i = json_integer_value(v);
    return json_is_integer(v) && i > 0 && i < ((json_int_t)1 << 53);
}

/* True if any integer anywhere in j (value, not key) equals v. */
bool json_has_int(const json_t *j, int64_t v)
{
    if (json_is_integer(j))
        return (int64_t)json_integer_value(j) == v;
    if (json_is_object(j)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)j, k, x)
        {
            if (json_has_int(x, v))
                return true;
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach((json_t *)j, i, x)
        {
            if (json_has_int(x, v))
                return true;
        }
    }
    return false;
}

/* An id leaks from a response: as a JSON integer anywhere, or (when long enough to be
 * unambiguous) as text anywhere in the body. */
bool id_in_resp(const struct resp *r, int64_t id)
{
    if (json_has_int(r->json, id))
        return true;
    char s[32];
    snprintf(s, sizeof(s), "%lld", (long long)id);
    return strlen(s) >= 7 && r->body != NULL && strstr(r->body, s) != NULL;
}

bool resp_names_one_of(const struct resp *r, const char *fields)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", fields);
    char *save = NULL;
    for (char *f = strtok_r(buf, "|", &save); f; f = strtok_r(NULL, "|", &save))
        if (resp_names_field(r, f))
            return true;
    return false;
}

void expect_problem_field(const struct resp *r, int want, const char *fields, const char *what)
{
    cr_expect_eq(r->status, want, "%s: status %d, want %d", what, r->status, want);
    cr_expect(resp_is_problem(r), "%s: not problem+json", what);
    cr_expect(resp_names_one_of(r, fields), "%s: errors[] does not name %s", what, fields);
}
