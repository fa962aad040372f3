/* fuzz_http.c: libFuzzer target for request handling through the whole HTTP adapter: the real
 * server (libmicrohttpd through src/http/server.c, the router, the session and CSRF checks, body
 * assembly and limits, JSON parsing, the handlers with their per-route validators, the writer
 * thread) runs in this process on loopback over a demo region in a temporary data dir. Each input
 * is sent as raw bytes on a new connection (then the write side is shut), and the answer is read
 * until the server closes.
 *
 * To reach the authenticated routes, the target logs in once as the demo dossierhouder; in an
 * input, "@S@" is replaced by that session's cookie value and "@C@" by its CSRF token (the seed
 * corpus uses them). Properties: no crash, leak or sanitizer report anywhere in the server, and
 * any answer starts with an HTTP/1.x status line. */
#include "core/common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/app.h"
#include "app/demo.h"
#include "app/writer.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/rand.h"
#include "core/totp.h"
#include "http/server.h"
#include "http/session.h"
#include "policy/policy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint16_t port;
static char cookie[128];
static char csrf[64];
static struct config cfg;

static int connect_srv(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* True when buf holds a whole answer: the header block and Content-Length bytes of body. */
static bool answer_complete(const char *buf, size_t n)
{
    const char *end = strstr(buf, "\r\n\r\n");
    if (end == NULL)
        return false;
    size_t head = (size_t)(end - buf) + 4;
    for (const char *p = buf; p < end; p++) {
        if ((p == buf || p[-1] == '\n') && strncasecmp(p, "Content-Length:", 15) == 0)
            return n >= head + strtoul(p + 15, NULL, 10);
    }
    return false;
}

/* Sends n bytes, shuts the write side, reads the answer into out (up to cap-1, NUL-terminated)
 * until the server closes or 3 s pass. Returns the bytes read, or -1. */
static ssize_t exchange(const char *p, size_t n, char *out, size_t cap)
{
    int fd = connect_srv();
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(fd, p + off, n - off, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may close early on a bad request: fine */
        off += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    for (;;) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, 3000) <= 0)
            break;
        char tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof(tmp), 0);
        if (r <= 0)
            break;
        size_t k = (size_t)r;
        if (got + k >= cap)
            k = cap - 1 - got;
        memcpy(out + got, tmp, k);
        got += k;
        out[got] = '\0';
        if (answer_complete(out, got))
            break; /* one answer is enough: do not wait for a keep-alive connection to close */
    }
    out[got] = '\0';
    close(fd);
    return (ssize_t)got;
}

static void die(const char *what, const struct err *e)
{
    fprintf(stderr, "fuzz_http: %s failed: %s\n", what, e ? e->detail : "");
    abort();
}

static void login(json_t *demo)
{
    json_t *acc;
    size_t i;
    const char *pw = NULL, *b32 = NULL;
    json_array_foreach(json_object_get(demo, "accounts"), i, acc) {
        if (strcmp(json_string_value(json_object_get(acc, "username")), "dossierhouder") == 0) {
            pw = json_string_value(json_object_get(acc, "password"));
            b32 = json_string_value(json_object_get(acc, "totp_secret"));
        }
    }
    if (pw == NULL || b32 == NULL)
        die("demo account", NULL);
    uint8_t secret[64];
    size_t sn = 0;
    char code[7];
    if (totp_base32_decode(b32, strlen(b32), secret, sizeof(secret), &sn) != 0 ||
        totp_code_at(secret, sn, clock_now_ms(), code) != 0)
        die("totp", NULL);
    json_t *body = json_pack("{s:s, s:s, s:s}", "username", "dossierhouder", "password", pw,
                             "totp", code);
    char *b = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char req[1024], resp[16384];
    int n = snprintf(req, sizeof(req),
                     "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: "
                     "http://127.0.0.1:%u\r\nContent-Type: application/json\r\nContent-Length: "
                     "%zu\r\nConnection: close\r\n\r\n%s",
                     port, port, strlen(b), b);
    free(b);
    if (n < 0 || (size_t)n >= sizeof(req) || exchange(req, (size_t)n, resp, sizeof(resp)) <= 0)
        die("login request", NULL);
    const char *c = strstr(resp, "__Host-regie=");
    const char *t = strstr(resp, "\"csrf_token\":\"");
    if (c == NULL || t == NULL)
        die("login answer", NULL);
    c += strlen("__Host-regie=");
    t += strlen("\"csrf_token\":\"");
    size_t cl = strcspn(c, ";\r\n"), tl = strcspn(t, "\"");
    if (cl >= sizeof(cookie) || tl >= sizeof(csrf))
        die("login tokens", NULL);
    memcpy(cookie, c, cl);
    memcpy(csrf, t, tl);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct err e;
    err_clear(&e);
    if (core_init() != 0 || policy_init(&e) != 0)
        die("init", &e);
    log_set_level(LOG_ERROR);
    char dir[] = "/tmp/regie-fuzz-http-XXXXXX";
    if (mkdtemp(dir) == NULL)
        die("mkdtemp", NULL);
    config_defaults(&cfg);
    if (config_set(&cfg, "data_dir", dir, &e) != 0 || config_set(&cfg, "listen", "127.0.0.1:0", &e) != 0)
        die("config", &e);
    struct app *a = NULL;
    struct writer *w = NULL;
    struct http_server *srv = NULL;
    json_t *demo = NULL;
    if (app_init_datadir(&cfg, &e) != 0 || app_open(&cfg, true, &a, &e) != 0 ||
        app_demo_create(a, &demo, &e) != 0 || writer_start(a, &w, &e) != 0)
        die("data dir", &e);
    app_set_writer(a, w);
    struct http_server_cfg sc = {.cfg = &cfg, .app = a, .auth = http_session_auth};
    if (http_server_start(&sc, &srv, &e) != 0)
        die("server", &e);
    port = http_server_port(srv);
    login(demo);
    json_decref(demo);
    /* The server runs until the process ends (libFuzzer exits without a teardown hook); the data
     * dir is a fictional demo region in /tmp. */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    /* Expand @S@ (session cookie) and @C@ (CSRF token). */
    size_t cap = size * 40 + 16;
    char *req = malloc(cap);
    if (req == NULL)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        if (i + 2 < size && data[i] == '@' && data[i + 2] == '@' && (data[i + 1] == 'S' || data[i + 1] == 'C')) {
            const char *v = data[i + 1] == 'S' ? cookie : csrf;
            size_t k = strlen(v);
            memcpy(req + n, v, k);
            n += k;
            i += 2;
        } else {
            req[n++] = (char)data[i];
        }
    }
    static char resp[1 << 20];
    ssize_t got = exchange(req, n, resp, sizeof(resp));
    free(req);
    if (got > 0 && strncmp(resp, "HTTP/1.", 7) != 0)
        __builtin_trap(); /* whatever came back must be an HTTP answer */
    return 0;
}
