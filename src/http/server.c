/* server.c: the libmicrohttpd adapter, and the only file that includes microhttpd.h.
 *
 * Per request: the first call of the access handler checks the request line and headers (framing,
 * route, media type, size) and never queues a response unless the request must be refused before
 * its body is read; the body is collected into a buffer capped per route; the last call runs the
 * handler and queues the response. Queueing on a later call keeps keep-alive working in MHD
 * 0.9.75 (queueing on the first call makes it answer "Connection: close"). */
#include "core/common.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/crypto.h"
#include "core/rand.h"
#include "core/sha256.h"
#include "http/metrics.h"
#include "http/pool.h"
#include "http/router.h"
#include "http/server.h"

#define REQ_ARENA_BUDGET (8u * 1024 * 1024)
#define CHUNKED_DRAIN_FACTOR 4
#define OUT_GUESS (16u * 1024) /* first buffer for a JSON body: dumped once if it fits */
#define RAW_INFLIGHT_FACTOR 4 /* raw upload bytes buffered at once, in document_max_bytes */

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

struct http_server {
    struct MHD_Daemon *d;
    const struct config *cfg;
    struct app *app;
    http_auth_fn auth;
    bool (*read_scope_begin)(struct app *a); /* optional, around a read request (server.h) */
    void (*read_scope_end)(struct app *a, bool opened);
    void (*act_as)(struct app *a, const struct actor *who);
    uint16_t port;
    char host[64];                  /* the listen address, for the ready file */
    atomic_int inflight;
    atomic_size_t raw_inflight; /* bytes of raw (ROUTE_RAW) bodies buffered right now */
    struct MHD_Daemon *md;          /* the separate /metrics listener (metrics_listen), or NULL */
    bool metrics_token;             /* metrics_token_file set: /metrics asks for this bearer token */
    uint8_t metrics_token_hash[SHA256_BYTES]; /* SHA-256 of the token (the token is not kept) */
    pthread_mutex_t metrics_mu; /* guards metrics_token_hash: SIGHUP reloads it (http_server_reload) */
    struct pool *pool;              /* runs state-changing requests (write_threads), or NULL */
    struct http_metrics *metrics;   /* per-route counters, updated when a request completes */
};

struct reqstate {
    struct http_server *srv;
    struct MHD_Connection *conn;
    struct http_req req;
    struct http_resp resp;
    struct err err;        /* early or handler error */
    bool failed;           /* err holds the answer */
    bool queue_now;        /* refuse before reading the body (connection will close) */
    bool too_big;          /* chunked body grew past the cap */
    bool busy;             /* raw body refused: too many upload bytes buffered server-wide */
    bool authed;           /* authenticated in the first call (ROUTE_RAW) */
    bool pending;          /* suspended, waiting for http_server_resume */
    atomic_bool resumed;   /* set by the thread that finished the request (pool or writer) */
    struct pool_job job;   /* a state-changing request on the request pool */
    bool done;             /* response queued */
    size_t cap;
    size_t drained;
    size_t raw_held;       /* this request's share of srv->raw_inflight */
    struct buf body;
    unsigned allow;
    int64_t t0;
    int status;
};

/* ---- small helpers ---------------------------------------------------------------------- */

const char *http_req_header(const struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, name);
}

const char *http_req_cookie(const struct http_req *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_COOKIE_KIND, name);
}

void http_req_fail(struct http_req *req, const struct err *e)
{
    struct reqstate *rs = req->server_priv;
    rs->err = *e;
    rs->failed = true;
}

struct hdr_count {
    int content_length;
    int transfer_encoding;
    int content_type;
    int host;
};

static enum MHD_Result count_headers(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    (void)value;
    struct hdr_count *h = cls;
    if (strcasecmp(key, "Content-Length") == 0)
        h->content_length++;
    else if (strcasecmp(key, "Transfer-Encoding") == 0)
        h->transfer_encoding++;
    else if (strcasecmp(key, "Content-Type") == 0)
        h->content_type++;
    else if (strcasecmp(key, "Host") == 0)
        h->host++;
    return MHD_YES;
}

/* Raw query arguments: MHD already split them at '&' and '='; our unescape callback leaves
 * them undecoded so that decoding happens exactly once, here. */
struct qstate {
    struct http_req *req;
    struct err *e;
    int rc;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct qstate *q = cls;
    struct str v = {value ? value : "", value ? value_size : 0};
    q->rc = http_query_add(q->req, (struct str){key, key_size}, v, q->e);
    return q->rc == 0 ? MHD_YES : MHD_NO;
}

static size_t unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static void client_addr(struct reqstate *rs)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rs->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char *out = rs->req.client_addr;
    size_t cap = sizeof(rs->req.client_addr);
    snprintf(out, cap, "unknown");
    if (ci == NULL || ci->client_addr == NULL)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
    /* Only the configured proxy may tell us who the client is. */
    const char *proxy = rs->srv->cfg->trusted_proxy;
    if (proxy[0] != '\0' && strcmp(proxy, out) == 0) {
        const char *xff = http_req_header(&rs->req, "X-Forwarded-For");
        if (xff != NULL) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            unsigned char tmp[16];
            if (inet_pton(AF_INET, last, tmp) == 1 || inet_pton(AF_INET6, last, tmp) == 1)
                snprintf(out, cap, "%s", last);
        }
    }
}

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    size_t n = sizeof(want) - 1;
    if (ct == NULL || strncasecmp(ct, want, n) != 0)
        return false;
    const char *rest = ct + n;
    while (*rest == ' ')
        rest++;
    if (*rest == '\0')
        return true;
    if (*rest != ';')
        return false;
    rest++;
    while (*rest == ' ')
        rest++;
    return strcasecmp(rest, "charset=utf-8") == 0 || strcasecmp(rest, "charset=\"utf-8\"") == 0;
}

static bool is_octet_type(const char *ct)
{
    static const char want[] = "application/octet-stream";
    size_t n = sizeof(want) - 1;
    if (ct == NULL || strncasecmp(ct, want, n) != 0)
        return false;
    const char *rest = ct + n;
    while (*rest == ' ')
        rest++;
    return *rest == '\0';
}

static bool method_changes_state(enum http_method m)
{
    return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* Same-origin check for state-changing requests (CSRF defence for every route, login included):
 * Sec-Fetch-Site must say same-origin when present, and Origin, when present, must name the Host
 * we were asked for. At least one of them must be present. */
static int check_origin(struct http_req *req, struct err *e)
{
    const char *sfs = http_req_header(req, "Sec-Fetch-Site");
    const char *origin = http_req_header(req, "Origin");
    const char *host = http_req_header(req, "Host");
    if (sfs == NULL && origin == NULL)
        return err_set(e, ERR_FORBIDDEN,
                       "Verzoek geweigerd: de herkomst (Origin of Sec-Fetch-Site) ontbreekt.");
    if (sfs != NULL && strcmp(sfs, "same-origin") != 0)
        return err_set(e, ERR_FORBIDDEN, "Verzoek geweigerd: het komt van een andere site.");
    if (origin != NULL) {
        const char *p = strstr(origin, "://");
        if (p == NULL || host == NULL || strcasecmp(p + 3, host) != 0)
            return err_set(e, ERR_FORBIDDEN, "Verzoek geweigerd: de herkomst klopt niet.");
    }
    return 0;
}

/* ---- responses -------------------------------------------------------------------------- */

struct outbuf {
    size_t n;
    char data[];
};

static void outbuf_free(void *cls)
{
    struct outbuf *ob = cls;
    explicit_bzero(ob->data, ob->n);
    free(ob);
}

static struct outbuf *outbuf_from(const char *p, size_t n)
{
    struct outbuf *ob = malloc(sizeof(*ob) + n + 1);
    if (ob == NULL)
        return NULL;
    ob->n = n;
    if (n)
        memcpy(ob->data, p, n);
    ob->data[n] = '\0';
    return ob;
}

struct blob {
    void *p;
    size_t n;
};

static void blob_free(void *cls)
{
    struct blob *b = cls;
    explicit_bzero(b->p, b->n);
    free(b->p);
    free(b);
}

static void resp_blob_discard(struct http_resp *resp)
{
    if (resp->blob != NULL) {
        explicit_bzero(resp->blob, resp->blob_len);
        free(resp->blob);
    }
    resp->blob = NULL;
    resp->blob_len = 0;
}

static void add_security_headers(struct MHD_Response *r, const char *cache, const char *csp)
{
    MHD_add_response_header(r, "Content-Security-Policy", csp ? csp : CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(r, "Cache-Control", cache ? cache : "no-store");
}

/* The answer when no other can be built (out of memory): a constant problem+json. */
static const char fallback_problem[] =
    "{\"type\":\"urn:regie:problem:internal\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"Er ging iets mis aan onze kant.\"}";

/* con_cls of a request whose state could not be allocated: it is answered with the fallback
 * (a 500 problem+json, no allocation of ours) once its body has been read. */
static char nomem_marker;

static enum MHD_Result queue_nomem(struct MHD_Connection *c)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof(fallback_problem) - 1, (void *)fallback_problem, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/problem+json; charset=utf-8");
    add_security_headers(r, NULL, NULL);
    enum MHD_Result ret = MHD_queue_response(c, 500, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result queue(struct reqstate *rs)
{
    struct http_resp *resp = &rs->resp;
    if (rs->failed) {
        if (resp->json) {
            json_decref(resp->json);
            resp->json = NULL;
        }
        buf_reset(&resp->body);
        resp_blob_discard(resp);
        resp->n_headers = 0;
        resp->cache_control = NULL;
        resp->csp = NULL;
        http_problem(resp, &rs->err, rs->req.req_id);
        if (rs->err.code == ERR_METHOD && rs->allow) {
            char allow[96];
            http_allow_header(rs->allow, allow, sizeof(allow));
            if (http_resp_header(&rs->req, resp, "Allow", allow) != 0)
                log_warn("http.header", "req=%s what=allow", rs->req.req_id);
        }
        if ((rs->err.code == ERR_UNAVAILABLE || rs->err.code == ERR_RATELIMIT) && resp->n_headers < HTTP_MAX_RESP_HEADERS) {
            if (http_resp_header(&rs->req, resp, "Retry-After", "1") != 0)
                log_warn("http.header", "req=%s what=retry", rs->req.req_id);
        }
        if (rs->err.log[0] != '\0' || rs->err.code == ERR_DB || rs->err.code == ERR_NOMEM ||
            rs->err.code == ERR_IO || rs->err.code == ERR_CRYPTO)
            log_warn("http.error", "req=%s code=%s log=\"%s\"", rs->req.req_id,
                     err_code_name(rs->err.code), rs->err.log);
    }
    struct outbuf *ob = NULL;
    struct blob *bl = NULL;
    if (rs->failed && resp->json == NULL) {
        /* the problem document itself could not be built (out of memory): the fallback */
    } else if (resp->json != NULL) {
        /* jansson allocates while it dumps (its loop check): 0, or a second size that differs
         * from the first, is a failure, answered with the fallback, never a partial body. */
        /* One pass when the body fits a first guess (most do; jansson's dump is a large part
         * of a big read's CPU time), a second into the exact size otherwise. */
        size_t n = OUT_GUESS;
        ob = malloc(sizeof(*ob) + n + 1);
        if (ob != NULL) {
            ob->n = json_dumpb(resp->json, ob->data, n, JSON_COMPACT);
            if (ob->n > n) {
                n = ob->n;
                explicit_bzero(ob->data, OUT_GUESS);
                free(ob);
                ob = malloc(sizeof(*ob) + n + 1);
                if (ob != NULL)
                    ob->n = json_dumpb(resp->json, ob->data, n, JSON_COMPACT);
            } else {
                n = ob->n;
            }
        }
        if (ob != NULL) {
            ob->data[ob->n <= n ? ob->n : 0] = '\0';
            if (ob->n == 0 || ob->n != n) {
                ob->n = ob->n <= n ? ob->n : n;
                outbuf_free(ob);
                ob = NULL;
            }
        }
    } else if (resp->blob != NULL) {
        /* A raw body handed over by the handler: sent from its own buffer, no copy. */
        bl = malloc(sizeof(*bl));
        if (bl != NULL) {
            bl->p = resp->blob;
            bl->n = resp->blob_len;
            resp->blob = NULL;
            resp->blob_len = 0;
        } else {
            resp_blob_discard(resp);
        }
    } else {
        ob = outbuf_from(resp->body.p ? resp->body.p : "", resp->body.len);
    }
    int status = resp->status ? resp->status : 200;
    struct MHD_Response *r = NULL;
    if (ob != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback_cls(ob->n, ob->data, outbuf_free, ob);
        if (r == NULL)
            outbuf_free(ob);
    } else if (bl != NULL) {
        r = MHD_create_response_from_buffer_with_free_callback_cls(bl->n, bl->p, blob_free, bl);
        if (r == NULL)
            blob_free(bl);
    }
    if (r == NULL) {
        r = MHD_create_response_from_buffer(sizeof(fallback_problem) - 1,
                                            (void *)fallback_problem, MHD_RESPMEM_PERSISTENT);
        status = 500;
        resp->content_type = "application/problem+json";
        if (r == NULL)
            return MHD_NO;
    }
    const char *ct = resp->content_type ? resp->content_type : "application/json";
    char ctbuf[96];
    if (strncmp(ct, "text/", 5) == 0 || strstr(ct, "json") || strstr(ct, "javascript")) {
        snprintf(ctbuf, sizeof(ctbuf), "%s; charset=utf-8", ct);
        ct = ctbuf;
    }
    MHD_add_response_header(r, "Content-Type", ct);
    add_security_headers(r, resp->cache_control, resp->csp);
    MHD_add_response_header(r, "X-Request-Id", rs->req.req_id);
    for (size_t i = 0; i < resp->n_headers; i++)
        MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
    rs->status = status;
    enum MHD_Result ret = MHD_queue_response(rs->conn, (unsigned)status, r);
    MHD_destroy_response(r);
    rs->done = true;
    return ret;
}

/* ---- request lifecycle ------------------------------------------------------------------ */

static struct reqstate *reqstate_new(struct http_server *srv, struct MHD_Connection *c)
{
    struct reqstate *rs = calloc(1, sizeof(*rs));
    if (rs == NULL)
        return NULL;
    rs->req.arena = arena_new(REQ_ARENA_BUDGET);
    if (rs->req.arena == NULL) {
        free(rs);
        return NULL;
    }
    rs->srv = srv;
    rs->conn = c;
    rs->req.conn = c;
    rs->req.server_priv = rs;
    rs->req.app = srv->app;
    rs->req.cfg = srv->cfg;
    rs->t0 = clock_mono_ns();
    rand_hex_id(rs->req.req_id);
    buf_init(&rs->resp.body, 64u * 1024 * 1024);
    atomic_fetch_add(&srv->inflight, 1);
    return rs;
}

static void reqstate_free(struct reqstate *rs)
{
    if (rs == NULL)
        return;
    if (rs->resp.json)
        json_decref(rs->resp.json);
    resp_blob_discard(&rs->resp);
    if (rs->raw_held)
        atomic_fetch_sub(&rs->srv->raw_inflight, rs->raw_held);
    buf_cleanup(&rs->resp.body);
    buf_cleanup(&rs->body);
    arena_free(rs->req.arena);
    atomic_fetch_sub(&rs->srv->inflight, 1);
    explicit_bzero(rs, sizeof(*rs));
    free(rs);
}

static int fail(struct reqstate *rs, int code, int status, const char *msg)
{
    rs->failed = true;
    rs->err.code = code;
    rs->err.status = status;
    snprintf(rs->err.detail, sizeof(rs->err.detail), "%s", msg);
    return code;
}

/* First call: everything that can be decided from the request line and headers. */
static void first_call(struct reqstate *rs, const char *url, const char *method)
{
    struct http_req *req = &rs->req;
    struct err *e = &rs->err;
    struct hdr_count h = {0};
    MHD_get_connection_values(rs->conn, MHD_HEADER_KIND, count_headers, &h);
    const char *cl = http_req_header(req, "Content-Length");
    const char *te = http_req_header(req, "Transfer-Encoding");
    bool has_body = te != NULL || (cl != NULL && strcmp(cl, "0") != 0);
    req->method_name = method;
    req->method = http_method_parse(method);

    /* Framing first: request smuggling defences. */
    if (h.content_length > 1) {
        fail(rs, ERR_INVAL, 400, "Content-Length komt meer dan eens voor.");
        rs->queue_now = true;
        return;
    }
    if (h.transfer_encoding > 0 && h.content_length > 0) {
        fail(rs, ERR_INVAL, 400, "Transfer-Encoding en Content-Length samen zijn niet toegestaan.");
        rs->queue_now = true;
        return;
    }
    if (h.transfer_encoding > 1 || (te != NULL && strcasecmp(te, "chunked") != 0)) {
        fail(rs, ERR_INVAL, 400, "Alleen Transfer-Encoding: chunked wordt ondersteund.");
        rs->queue_now = true;
        return;
    }
    int64_t clen = 0;
    if (cl != NULL && parse_i64(str_from_cstr(cl), 0, INT64_MAX, &clen) != 0) {
        fail(rs, ERR_INVAL, 400, "Content-Length is ongeldig.");
        rs->queue_now = true;
        return;
    }

    struct str raw = str_from_cstr(url);
    if (raw.n == 0 || raw.p[0] != '/' || http_percent_decode(req->arena, raw, true, &req->path) != 0) {
        req->path = STR_LIT("/");
        fail(rs, ERR_INVAL, 400, "Het pad van het verzoek is ongeldig.");
        rs->queue_now = has_body;
        return;
    }
    if (req->method == 0) {
        rs->allow = 0;
        fail(rs, ERR_METHOD, 405, "Deze methode wordt niet ondersteund.");
        rs->queue_now = has_body;
        return;
    }
    int rc = router_match(http_routes, http_n_routes, req->method, req->path, req->params,
                          &req->n_params, &req->route, &rs->allow);
    if (rc == ERR_NOTFOUND) {
        fail(rs, ERR_NOTFOUND, 404, "Deze pagina of API-route bestaat niet.");
        rs->queue_now = has_body;
        return;
    }
    if (rc == ERR_METHOD) {
        fail(rs, ERR_METHOD, 405, "Deze methode is niet toegestaan op deze route.");
        rs->queue_now = has_body;
        return;
    }
    const struct route *rt = req->route;
    bool is_raw = (rt->flags & ROUTE_RAW) != 0;
    rs->cap = rt->body_cap ? rt->body_cap
              : is_raw     ? (size_t)rs->srv->cfg->document_max_bytes
                           : (size_t)rs->srv->cfg->max_body;
    if (has_body) {
        if (!(rt->flags & (ROUTE_JSON | ROUTE_RAW))) {
            fail(rs, ERR_INVAL, 400, "Deze route verwacht geen inhoud.");
            rs->queue_now = true;
            return;
        }
        const char *ct = http_req_header(req, "Content-Type");
        if (is_raw && (h.content_type != 1 || !is_octet_type(ct))) {
            fail(rs, ERR_MEDIA, 415, "Alleen application/octet-stream wordt geaccepteerd.");
            rs->queue_now = true;
            return;
        }
        if (!is_raw && (h.content_type != 1 || !is_json_type(ct))) {
            fail(rs, ERR_MEDIA, 415, "Alleen application/json wordt geaccepteerd.");
            rs->queue_now = true;
            return;
        }
        if (cl != NULL && (uint64_t)clen > rs->cap) {
            snprintf(e->detail, sizeof(e->detail), "De inhoud is groter dan %zu bytes.", rs->cap);
            rs->failed = true;
            e->code = ERR_TOOBIG;
            e->status = 413;
            rs->queue_now = true;
            return;
        }
    }
    buf_init(&rs->body, rs->cap);
    /* A raw upload may be large: the caller is authenticated from the headers before a byte of
     * it is read, so nobody without a session can make us buffer it. */
    if (is_raw && !(rt->flags & ROUTE_PUBLIC)) {
        client_addr(rs);
        rc = method_changes_state(req->method) ? check_origin(req, e) : 0;
        if (rc == 0)
            rc = rs->srv->auth ? rs->srv->auth(req, &rs->resp, e)
                               : err_internal(e, ERR_FORBIDDEN, "no authentication hook");
        if (rc != 0) {
            rs->failed = true;
            if (e->code == 0)
                e->code = rc;
            rs->queue_now = has_body;
            return;
        }
        rs->authed = true;
    }
}

/* Origin check, authentication, body parsing and the handler: on the HTTP worker for reads, on
 * a pool thread for state-changing requests. Returns the handler's code (HTTP_PENDING: a logged
 * answer waits for its access-log commit). */
static int run_handler_in(struct reqstate *rs);

static int run_handler(struct reqstate *rs)
{
    const struct http_server *srv = rs->srv;
    /* A read of a non-public route: one database snapshot from authentication to answer. */
    bool scoped = srv->read_scope_begin != NULL && srv->read_scope_end != NULL &&
                  !method_changes_state(rs->req.method) && !(rs->req.route->flags & ROUTE_PUBLIC);
    bool opened = scoped && srv->read_scope_begin(rs->req.app);
    int rc = run_handler_in(rs);
    if (scoped)
        srv->read_scope_end(rs->req.app, opened);
    return rc;
}

static int run_handler_in(struct reqstate *rs)
{
    struct http_req *req = &rs->req;
    struct err *e = &rs->err;
    const struct route *rt = req->route;
    int rc;
    if (!rs->authed && method_changes_state(req->method) && !(rt->flags & ROUTE_PEER)) {
        rc = check_origin(req, e);
        if (rc != 0)
            return rc;
    }
    /* Authenticate before parsing: without a session nobody reaches the JSON parser of a
     * non-public route. */
    if (!(rt->flags & ROUTE_PUBLIC) && !rs->authed) {
        if (rs->srv->auth == NULL)
            return err_internal(e, ERR_FORBIDDEN, "no authentication hook");
        rc = rs->srv->auth(req, &rs->resp, e);
        if (rc != 0)
            return rc;
    }
    if (rt->flags & ROUTE_JSON) {
        req->body = (struct str){rs->body.p ? rs->body.p : "", rs->body.len};
        rc = http_json_parse(req->arena, req->body, &req->json, e);
        if (rc != 0)
            return rc;
    }
    if (rt->flags & ROUTE_RAW)
        req->body = (struct str){rs->body.p ? rs->body.p : "", rs->body.len};
    if (rs->srv->act_as != NULL)
        rs->srv->act_as(req->app, (rt->flags & ROUTE_PUBLIC) ? NULL : &req->actor);
    return rt->fn(req, &rs->resp, e);
}

static void note_failure(struct reqstate *rs, int rc)
{
    if (rc != 0) {
        rs->failed = true;
        if (rs->err.code == 0)
            rs->err.code = rc;
    }
}

/* A pool thread: the connection is suspended; run the request and resume it, or hand it on to
 * the access log's commit (HTTP_PENDING), which resumes it. */
static void pool_run(void *ctx)
{
    struct reqstate *rs = ctx;
    int rc = run_handler(rs);
    if (rc == HTTP_PENDING && rs->resp.pending_start != NULL) {
        rs->resp.pending_start(rs->resp.pending_ctx);
        return;
    }
    note_failure(rs, rc == HTTP_PENDING ? 0 : rc);
    http_server_resume(&rs->req);
}

static void last_call(struct reqstate *rs)
{
    struct http_req *req = &rs->req;
    struct err *e = &rs->err;
    if (rs->failed)
        return;
    if (rs->too_big) {
        fail(rs, ERR_TOOBIG, 413, "De inhoud is te groot.");
        return;
    }
    if (rs->busy) {
        fail(rs, ERR_UNAVAILABLE, 503, "Er worden nu te veel bestanden tegelijk ontvangen.");
        return;
    }
    client_addr(rs);
    struct qstate q = {req, e, 0};
    MHD_get_connection_values_n(rs->conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
    if (q.rc != 0) {
        rs->failed = true;
        return;
    }
    if (rs->srv->pool != NULL && method_changes_state(req->method)) {
        /* A write waits for its group commit: on a pool thread, never on this worker. */
        rs->pending = true;
        MHD_suspend_connection(rs->conn);
        rs->job.run = pool_run;
        rs->job.ctx = rs;
        pool_submit(rs->srv->pool, &rs->job);
        return;
    }
    int rc = run_handler(rs);
    if (rc == HTTP_PENDING) {
        rs->pending = true;
        MHD_suspend_connection(rs->conn);
        if (rs->resp.pending_start != NULL)
            rs->resp.pending_start(rs->resp.pending_ctx);
        rc = 0;
    }
    note_failure(rs, rc);
}

/* Counts n more raw-body bytes against the server-wide budget (RAW_INFLIGHT_FACTOR uploads of
 * the maximum size); false, and nothing counted, when it would be exceeded. */
static bool raw_reserve(struct reqstate *rs, size_t n)
{
    size_t limit = (size_t)rs->srv->cfg->document_max_bytes * RAW_INFLIGHT_FACTOR;
    size_t before = atomic_fetch_add(&rs->srv->raw_inflight, n);
    if (before + n > limit) {
        atomic_fetch_sub(&rs->srv->raw_inflight, n);
        return false;
    }
    rs->raw_held += n;
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct http_server *srv = cls;
    if (*con_cls == (void *)&nomem_marker) {
        if (*upload_data_size > 0) {
            *upload_data_size = 0; /* read and dropped: the answer is the fallback */
            return MHD_YES;
        }
        return queue_nomem(c);
    }
    struct reqstate *rs = *con_cls;
    if (rs == NULL) {
        rs = reqstate_new(srv, c);
        if (rs == NULL) {
            *con_cls = &nomem_marker;
            return MHD_YES;
        }
        *con_cls = rs;
        first_call(rs, url, method);
        if (rs->failed && rs->queue_now)
            return queue(rs);
        return MHD_YES;
    }
    if (rs->done)
        return MHD_YES;
    if (*upload_data_size > 0) {
        if (!rs->failed && !rs->too_big && !rs->busy && rs->req.route != NULL &&
            (rs->req.route->flags & ROUTE_RAW) && !raw_reserve(rs, *upload_data_size))
            rs->busy = true;
        if (!rs->failed && !rs->too_big && !rs->busy) {
            if (buf_append(&rs->body, upload_data, *upload_data_size) != 0)
                rs->too_big = true;
        }
        if (rs->too_big || rs->busy || rs->failed) {
            rs->drained += *upload_data_size;
            if (rs->drained > rs->cap * CHUNKED_DRAIN_FACTOR) {
                *upload_data_size = 0;
                return MHD_NO; /* a client that keeps streaming past the cap loses its connection */
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rs->pending && !atomic_load(&rs->resumed))
        return MHD_YES;
    if (!rs->pending)
        last_call(rs);
    if (rs->pending && !atomic_load(&rs->resumed))
        return MHD_YES;
    return queue(rs);
}

void http_server_resume(struct http_req *req)
{
    struct reqstate *rs = req->server_priv;
    atomic_store(&rs->resumed, true);
    MHD_resume_connection(rs->conn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    if (*con_cls == (void *)&nomem_marker) {
        log_warn("http.request", "req=- status=500 code=nomem term=%d", (int)toe);
        *con_cls = NULL;
        return;
    }
    struct reqstate *rs = *con_cls;
    if (rs == NULL)
        return;
    int64_t ns = clock_mono_ns() - rs->t0;
    double ms = (double)ns / 1e6;
    http_metrics_observe(rs->srv->metrics, rs->req.route, rs->req.method, rs->status, ns);
    const char *pattern = rs->req.route ? rs->req.route->pattern : "-";
    log_info("http.request", "req=%s method=%s route=%s status=%d ms=%.2f term=%d",
             rs->req.req_id, rs->req.method ? rs->req.method_name : "other", pattern,
             rs->status, ms, (int)toe);
    reqstate_free(rs);
    *con_cls = NULL;
}

static void on_panic(void *cls, const char *file, unsigned int line, const char *reason)
{
    (void)cls;
    (void)reason;
    log_error("http.panic", "file=%s line=%u", file ? file : "-", line);
    abort();
}

/* Parses the setting `name` (ADDR:PORT with an IP literal) into ss, host and port; adds
 * MHD_USE_IPv6 to *flags for an IPv6 address. Errors name the setting (ERR_INVAL). */
static int listen_addr(const char *name, const char *value, struct sockaddr_storage *ss,
                       char *host, size_t host_cap, uint16_t *port, unsigned *flags, struct err *e)
{
    if (parse_hostport(str_from_cstr(value), host, host_cap, port) != 0)
        return err_field(e, name, "verwacht ADRES:POORT, bijvoorbeeld 127.0.0.1:8080");
    memset(ss, 0, sizeof(*ss));
    struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)ss;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons(*port);
    } else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(*port);
        *flags |= MHD_USE_IPv6;
    } else {
        return err_field(e, name, "het adres moet een IP-adres zijn");
    }
    return 0;
}

/* ---- the /metrics listener (docs/operations.md "Metrics") ------------------------------- */

static char metrics_seen; /* con_cls marker: the request line and headers have been read */

/* The token bounds (metrics_token_load) and the scheme of the Authorization header. */
#define METRICS_TOKEN_MIN 32
#define METRICS_TOKEN_MAX 256

/* true when the request carries "Authorization: Bearer <the token>" (RFC 6750 2.1; the scheme
 * is matched without regard to case, RFC 7235 2.1). Compared as SHA-256 digests in constant
 * time, so neither the token's bytes nor its length show in the timing. */
static bool metrics_authorised(struct http_server *s, struct MHD_Connection *c)
{
    if (!s->metrics_token)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    const char *t = h + 7;
    while (*t == ' ')
        t++;
    size_t n = strlen(t);
    while (n > 0 && t[n - 1] == ' ')
        n--;
    if (n == 0 || n > METRICS_TOKEN_MAX)
        return false;
    uint8_t d[SHA256_BYTES];
    sha256(d, t, n);
    pthread_mutex_lock(&s->metrics_mu);
    bool ok = crypto_eq(d, s->metrics_token_hash, sizeof(d));
    pthread_mutex_unlock(&s->metrics_mu);
    return ok;
}

static enum MHD_Result on_metrics(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    struct http_server *s = cls;
    if (*con_cls == NULL) {
        *con_cls = &metrics_seen;
        return MHD_YES;
    }
    if (*upload_data_size > 0) { /* no route here takes a body: discard it */
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct buf b;
    buf_init(&b, 4u * 1024 * 1024);
    unsigned status = 200;
    const char *ct = "text/plain; version=0.0.4; charset=utf-8";
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int rc = 0;
    bool authorised = metrics_authorised(s, c);
    if (!authorised) { /* before anything else: without the token not even a 404 */
        status = 401;
        ct = "text/plain; charset=utf-8";
        rc = buf_append_cstr(&b, "Unauthorized: this listener asks for its bearer token.\n");
        log_warn("metrics.unauthorized", "reason=bearer_missing_or_wrong");
    } else if (strcmp(url, "/metrics") != 0) {
        status = 404;
        ct = "text/plain; charset=utf-8";
        rc = buf_append_cstr(&b, "Not found: only /metrics is served here.\n");
    } else if (!get) {
        status = 405;
        ct = "text/plain; charset=utf-8";
        rc = buf_append_cstr(&b, "Method not allowed.\n");
    } else {
        rc = http_metrics_render(s->metrics, atomic_load(&s->inflight), &b);
    }
    if (rc != 0) {
        log_warn("metrics.render", "code=%s", err_code_name(rc));
        buf_cleanup(&b);
        return MHD_NO;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.p ? b.p : (void *)"",
                                                             MHD_RESPMEM_MUST_COPY);
    buf_cleanup(&b);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", ct);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (status == 405)
        MHD_add_response_header(r, "Allow", "GET, HEAD");
    if (status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"regie-metrics\"");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Reads the bearer token from cfg->metrics_token_file (nothing when it is empty): a regular file
 * that only its owner may read or write, holding one token of METRICS_TOKEN_MIN to
 * METRICS_TOKEN_MAX visible ASCII characters (a final newline is allowed). Only its SHA-256 is
 * kept. Read at start before the privileges are dropped; SIGHUP reads it again as the service
 * user (http_server_reload), and a file that fails these checks then keeps the previous token. */
static int metrics_token_load(struct http_server *s, struct err *e)
{
    const char *path = s->cfg->metrics_token_file;
    char buf[METRICS_TOKEN_MAX + 3];
    ssize_t n = -1;
    struct stat sb;
    if (path[0] == '\0')
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return err_field(e, "metrics_token_file", "kan het bestand niet openen (bestaat het?)");
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return err_field(e, "metrics_token_file", "is geen gewoon bestand");
    }
    if ((sb.st_mode & 077) != 0) {
        close(fd);
        return err_field(e, "metrics_token_file",
                         "mag alleen door de eigenaar leesbaar zijn (chmod 600)");
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    size_t len = n > 0 ? (size_t)n : 0;
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    bool ok = n >= 0 && (size_t)n < sizeof(buf) - 1 && len >= METRICS_TOKEN_MIN &&
              len <= METRICS_TOKEN_MAX;
    for (size_t i = 0; ok && i < len; i++)
        ok = buf[i] > 0x20 && buf[i] < 0x7F;
    if (!ok) {
        crypto_wipe(buf, sizeof(buf));
        return err_field(e, "metrics_token_file",
                         "moet één token van %d tot %d zichtbare ASCII-tekens bevatten",
                         METRICS_TOKEN_MIN, METRICS_TOKEN_MAX);
    }
    uint8_t d[SHA256_BYTES];
    sha256(d, buf, len);
    crypto_wipe(buf, sizeof(buf));
    pthread_mutex_lock(&s->metrics_mu);
    memcpy(s->metrics_token_hash, d, sizeof(d));
    pthread_mutex_unlock(&s->metrics_mu);
    s->metrics_token = true;
    return 0;
}

int http_server_reload(struct http_server *s, struct err *e)
{
    /* a token is never switched on or off at run time: the listener was opened with or
     * without one */
    if (s == NULL || !s->metrics_token)
        return 0;
    int rc = metrics_token_load(s, e);
    if (rc == 0)
        log_info("metrics.bearer_reloaded", "ok=1");
    else
        log_error("metrics.bearer_reload", "ok=0 code=%s kept=previous", err_code_name(rc));
    return rc;
}

/* Starts the metrics listener on cfg->metrics_listen (nothing when it is empty). */
static int metrics_start(struct http_server *s, struct err *e)
{
    char host[64];
    uint16_t port;
    struct sockaddr_storage ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    if (s->cfg->metrics_listen[0] == '\0')
        return 0;
    int rc = metrics_token_load(s, e);
    if (rc != 0)
        return rc;
    rc = listen_addr("metrics_listen", s->cfg->metrics_listen, &ss, host, sizeof(host), &port,
                         &flags, e);
    if (rc != 0)
        return rc;
    s->md = MHD_start_daemon(flags, port, NULL, NULL, on_metrics, s,
                             MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                             MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
                             MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
                             MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                             MHD_OPTION_END);
    if (s->md == NULL)
        return err_set(e, ERR_IO, "kan niet luisteren op %s (metrics_listen: adres in gebruik of "
                                  "geen rechten)", s->cfg->metrics_listen);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->md, MHD_DAEMON_INFO_BIND_PORT);
    log_info("metrics.listen", "addr=%s port=%u bearer=%d", host,
             di ? (unsigned)di->port : (unsigned)port, s->metrics_token ? 1 : 0);
    return 0;
}

int http_server_start(const struct http_server_cfg *sc, struct http_server **out, struct err *e)
{
    int rc = 0;
    struct http_server *s = NULL;
    char host[64];
    uint16_t port;
    struct sockaddr_storage ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_TURBO;
    rc = router_check(http_routes, http_n_routes, e);
    if (rc != 0)
        goto out;
    rc = listen_addr("listen", sc->cfg->listen, &ss, host, sizeof(host), &port, &flags, e);
    if (rc != 0)
        goto out;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    pthread_mutex_init(&s->metrics_mu, NULL);
    s->metrics = http_metrics_new(http_routes, http_n_routes);
    if (s->metrics == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    s->cfg = sc->cfg;
    s->app = sc->app;
    s->auth = sc->auth;
    s->read_scope_begin = sc->read_scope_begin;
    s->read_scope_end = sc->read_scope_end;
    s->act_as = sc->act_as;
    if (sc->cfg->write_threads > 0) {
        rc = pool_start((size_t)sc->cfg->write_threads, &s->pool, e);
        if (rc != 0)
            goto out;
    }
    MHD_set_panic_func(on_panic, NULL);
    s->d = MHD_start_daemon(
        flags, port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)sc->cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)sc->cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)sc->cfg->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)sc->cfg->conn_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)sc->cfg->max_header,
        MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_none, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    if (s->d == NULL) {
        rc = err_set(e, ERR_IO, "kan niet luisteren op %s (adres in gebruik of geen rechten)",
                     sc->cfg->listen);
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : port;
    rc = metrics_start(s, e); /* before the ready file: a test may ask for /metrics at once */
    if (rc != 0)
        goto out;
    snprintf(s->host, sizeof(s->host), "%s", host);
    if (sc->ready_file != NULL && sc->ready_file[0] != '\0') {
        rc = http_server_write_ready(s, sc->ready_file, e);
        if (rc != 0)
            goto out;
    }
    log_info("http.listen", "addr=%s port=%u threads=%" PRId64 " write_threads=%" PRId64, host,
             (unsigned)s->port, sc->cfg->threads, sc->cfg->write_threads);
    *out = s;
    s = NULL;
out:
    if (s != NULL) {
        if (s->md)
            MHD_stop_daemon(s->md);
        if (s->d)
            MHD_stop_daemon(s->d);
        pool_free(s->pool);
        http_metrics_free(s->metrics);
        pthread_mutex_destroy(&s->metrics_mu);
        free(s);
    }
    return rc;
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}

int http_server_write_ready(const struct http_server *s, const char *path, struct err *e)
{
    char tmp[CONFIG_PATH_MAX + 8];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    bool ok = f != NULL && fprintf(f, "%s:%u\n", s->host, (unsigned)s->port) >= 0;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0)
        return err_set(e, ERR_IO, "kan het ready-bestand niet schrijven");
    return 0;
}

void http_server_stop(struct http_server *s, int grace_ms)
{
    if (s == NULL)
        return;
    MHD_socket lfd = MHD_quiesce_daemon(s->d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    int64_t deadline = clock_mono_ns() + (int64_t)grace_ms * 1000000;
    while (atomic_load(&s->inflight) > 0 && clock_mono_ns() < deadline)
        nanosleep(&(struct timespec){0, 5000000}, NULL); /* 5 ms; usleep is obsolescent in POSIX */
    int left = atomic_load(&s->inflight);
    /* The pool first: its requests finish (their commits are still served by the writer) and
     * resume their connections before the daemon that owns them goes away; a write arriving
     * after this runs on its worker. */
    pool_stop(s->pool);
    MHD_stop_daemon(s->d);
    if (s->md)
        MHD_stop_daemon(s->md);
    log_info("http.stopped", "inflight_at_stop=%d", left);
    pool_free(s->pool);
    http_metrics_free(s->metrics);
    pthread_mutex_destroy(&s->metrics_mu);
    free(s);
}
