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

#define SRV_TOTP_USERS 32

struct srv {
    pid_t pid;
    char dir[256];
    char bin[512];
    uint16_t port;
    json_t *demo; /* output of `regie demo --json`, when started with demo */
    /* Test-hooks clock (srv_opts.clock): file named by REGIE_TEST_CLOCK_FILE in the server's
     * environment; its content is an offset in ms added to the server's real clock. */
    char clock_file[300];
    int64_t clock_off_ms;
    long clock_gen;
    /* Last TOTP time step handed out per account (totp_fresh), so no code is used twice. */
    struct {
        char user[65];
        int64_t counter;
    } totp_used[SRV_TOTP_USERS];
    size_t n_totp_used;
    /* Purpose binding (docs/purpose.md): the Regie-Purpose header http_do sends on every request
     * unless extra_headers name one: NULL = "casusoverleg", "" = none. */
    const char *purpose;
};

/* Options for srv_start_opts. Every member may be zero. */
struct srv_opts {
    bool demo;               /* run `regie demo --json` into s->demo */
    const char *const *args; /* extra arguments for `regie serve`, NULL-terminated */
    const char *const *env; /* "NAME=value" strings for the server's environment, NULL-terminated */
    bool clock;             /* set REGIE_TEST_CLOCK_FILE (only effective in a test-hooks build) */
};

struct resp {
    int status;
    char head[16384]; /* status line + headers, NUL-terminated */
    char *body;       /* malloc'd, NUL-terminated */
    size_t body_len;
    json_t *json; /* parsed body if it was JSON, else NULL */
};

/* Runs `regie ARGS...` (NULL-terminated) with --data-dir, capturing stdout into out (malloc'd,
 * may be NULL). Returns the exit code, or -1. */
int srv_run(struct srv *s, char **out, const char *const *args);

/* Creates a temp data dir, runs init (and demo when with_demo), starts serve with the extra
 * arguments (NULL-terminated, may be NULL) and waits until it listens. Aborts the test on failure.
 */
void srv_start(struct srv *s, bool with_demo, const char *const *extra);

/* srv_start with options (extra environment, clock hook). */
void srv_start_opts(struct srv *s, const struct srv_opts *o);

/* Stops the server (keeping its data dir, demo JSON, clock and TOTP bookkeeping) and serves the
 * same data dir again with o->args / o->env (o->demo is ignored). Returns the old exit status. */
int srv_restart(struct srv *s, const struct srv_opts *o);

/* True when REGIE_BIN was built with -Dtest_hooks=true (`regie version` says "(test hooks)"). */
bool regie_test_hooks(void);

/* For tests that need the clock hook: skips the test with a clear message in a release build. */
#define REQUIRE_TEST_HOOKS()                                                                       \
    do {                                                                                           \
        if (!regie_test_hooks())                                                                   \
            cr_skip_test(                                                                          \
                "needs the clock hook of a -Dtest_hooks=true build (runs in build-asan)");         \
    } while (0)

/* Moves the server's clock: offset off_ms from the real clock (needs srv_opts.clock). */
void srv_clock_set(struct srv *s, int64_t off_ms);

/* Moves the server's clock so that its "now" is target_ms (epoch ms) at the time of the call. */
void srv_clock_at(struct srv *s, int64_t target_ms);

/* The server's idea of now in epoch ms: real clock + the offset set through the clock file. */
int64_t srv_now_ms(const struct srv *s);

/* RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret at epoch ms (liboath). */
bool totp_code_at(const char *secret_b32, int64_t ms, char out[7]);

/* A code for user that has not been handed out before on this server: the current step of the
 * server's clock, or the next one when the current one was already used. Fails the test when
 * both were used (move the clock with srv_clock_set first). */
void totp_fresh(struct srv *s, const char *user, const char *secret_b32, char out[7]);

/* Forgets the codes handed out for user (after a reset the account gets a new secret and the
 * server's last-used step is set again at confirmation). */
void totp_forget(struct srv *s, const char *user);

/* A string field ("password", "totp_secret", ...) of a demo account; NULL if absent. */
const char *demo_str(const struct srv *s, const char *user, const char *field);

/* The user id of a demo account (0 if absent). */
int64_t demo_id(const struct srv *s, const char *user);

/* A logged-in session: the cookie value and the CSRF token of the session JSON. */
struct sess {
    char token[128];
    char csrf[128];
    int64_t user_id;
    int64_t org_id;
    bool access_ok; /* organisation.access_ok at login */
};

/* POST /api/session with the given credentials (JSON-encoded here). On 201 fills out (if not
 * NULL). Returns the HTTP status, or -1. r (may be NULL) receives the response. */
int login_with(const struct srv *s, const char *user, const char *password, const char *totp,
               struct sess *out, struct resp *r);

/* Logs in as a demo account with its password and a fresh TOTP code; returns the HTTP status. */
int login(struct srv *s, const char *user, struct sess *out);

/* Logs in as a demo account and fails the test unless it succeeds. */
void login_ok(struct srv *s, const char *user, struct sess *out);

/* http_do with the session cookie and X-CSRF-Token (extra_headers appended, may be NULL). */
int sess_do(const struct srv *s, const struct sess *ss, const char *method, const char *path,
            const char *ctype, const char *body, const char *extra_headers, struct resp *out);

/* Status of a request made with sess_do (the response is freed); -1 on a transport error. */
int sess_status(const struct srv *s, const struct sess *ss, const char *method, const char *path,
                const char *ctype, const char *body);

/* Value of the cookie named name in the response's Set-Cookie headers (first match). */
bool resp_cookie(const struct resp *r, const char *name, char *out, size_t cap);

/* The n-th (0-based) header line named name, copied into out. */
bool resp_header_nth(const struct resp *r, const char *name, int n, char *out, size_t cap);

/* SIGTERM, wait; returns the exit status (0 = clean). Removes the data dir unless keep. */
int srv_stop(struct srv *s, bool keep);

/* Sends raw bytes on a new connection and reads one response (or until close). */
int http_raw(const struct srv *s, const char *raw, size_t n, struct resp *out);

/* Sends a request: method, path, optional body with content type, optional extra header lines
 * ("Name: value\r\n"...). Adds Host, Origin (same-origin) unless extra_headers contains
 * "Origin:" or "X-No-Origin", Regie-Purpose (s->purpose) unless they contain "Regie-Purpose:",
 * and Content-Length. */
int http_do(const struct srv *s, const char *method, const char *path, const char *ctype,
            const char *body, const char *extra_headers, struct resp *out);

/* Value of a response header (case-insensitive) copied into out; false if absent. */
bool resp_header(const struct resp *r, const char *name, char *out, size_t cap);

/* Counts header lines named name. */
int resp_header_count(const struct resp *r, const char *name);

void resp_free(struct resp *r);

/* A fingerprint of every row of every table in the database (BLAKE2b over the content). */
void db_fingerprint(const struct srv *s, unsigned char out[32]);

/* db_fingerprint without the tables whose names start with one of skip[] (NULL-terminated), e.g.
 * {"audit", NULL}: the access log records refused requests by design, and {"session",
 * "login_attempt"} change with every login and (every 15 s) with session activity. */
void db_fingerprint_skip(const struct srv *s, const char *const *skip, unsigned char out[32]);

/* Connects to the server; returns a socket fd or -1. */
int srv_connect(const struct srv *s);

/* Reads one response from fd (Content-Length or until close). */
int http_read_resp(int fd, struct resp *out);

/* True if any key anywhere in j names a secret (password, hash, totp, secret, activation):
 * responses must never carry one. */
bool json_has_secret_key(const json_t *j);

/* ---- helpers added for the signal tests (test_signals*.c) --------------------------------- */

/* sess_do with a JSON body built from obj (stolen; NULL = no body). Fails the test on a
 * transport error; returns the HTTP status. The body is wiped after sending. */
int sess_json(const struct srv *s, const struct sess *ss, const char *method, const char *path,
              json_t *obj, struct resp *out);

/* Status of sess_json; the response is freed. */
int sess_json_status(const struct srv *s, const struct sess *ss, const char *method,
                     const char *path, json_t *obj);

/* True if the response is RFC 9457 problem+json (Content-Type and a JSON body with "status"). */
bool resp_is_problem(const struct resp *r);

/* True if errors[].field of a problem body names field. Field paths are compared after
 * normalising "a[0].b", "a.0.b", "a/0/b" and "/a/0/b" to one form; a field named only by its
 * last (non-index) component, or a member of field ("criteria/5/code" for "criteria"), is
 * accepted too. */
bool resp_names_field(const struct resp *r, const char *field);
/* True when errors[] names one of the '|'-separated fields ("reason|totp"; one field works too). */
bool resp_names_one_of(const struct resp *r, const char *fields);
/* Expects status want (400/409/...), a problem+json body and errors[] naming one of the
 * '|'-separated fields; what labels the failure messages. */
void expect_problem_field(const struct resp *r, int want, const char *fields, const char *what);

/* Id of a demo organisation by exact name (0 if absent). */
int64_t demo_org_id(const struct srv *s, const char *name);

/* True when the suite runs on PostgreSQL (tests/pg/suite.py): the server's database is the
 * test's own PostgreSQL database, not the file regie.db. */
bool db_is_postgres(const struct srv *s);

/* True when this test process runs on PostgreSQL (tests/pg/suite.py set its variables in a
 * test-hooks build), known before any server starts. */
bool suite_on_postgres(void);

/* An oracle query on the server's database, read-only, on SQLite (the file) or PostgreSQL (the
 * suite's database): ?1..?n are bound to iv[0..n) and ?n+1 to txt when it is not NULL (on
 * PostgreSQL ?N becomes $N and the values go as text, typed by the server from their use, so
 * the SQL must be what both run). The first two columns of each row (integers or NULL) go to
 * out[0..cap); returns the number of rows (asserts that the statement runs). */
struct db_row2 {
    int64_t a, b;
    bool a_null, b_null;
};
size_t db_query2(const struct srv *s, const char *sql, const int64_t *iv, int n, const char *txt,
                 struct db_row2 *out, size_t cap);

/* First column of the first row of sql on the server's database (read-only), or -1 when the
 * statement fails or returns no row. */
int64_t db_int(const struct srv *s, const char *sql);

/* Rows of sql (one column: a BLOB or TEXT, e.g. a sealed document) whose bytes contain needle,
 * searched here rather than with SQL functions, so the same check runs on SQLite and on
 * PostgreSQL; -1 when the statement fails. */
int64_t db_rows_containing(const struct srv *s, const char *sql, const char *needle);

/* True if any object anywhere in j has the member key. */
bool json_has_key(const json_t *j, const char *key);

/* True if any string anywhere in j (value, not key) contains needle. */
bool json_has_substring(const json_t *j, const char *needle);

/* `regie audit query --limit 1000 [opt val]` on s's data dir: every record as a JSON array, newest
 * first (caller decrefs). opt NULL: no filter. */
json_t *audit_query(struct srv *s, const char *opt, const char *val);

/* Every access-log record (`regie audit query --limit 1000`, newest first) whose
 * regie.request_id equals request_id (caller decrefs). With person_bsn (may be NULL) the query
 * is `--person BSN`, i.e. only the records about that data subject. */
json_t *audit_records_for(struct srv *s, const char *request_id, const char *person_bsn);

/* X-Request-Id of a response (fails the test when absent). */
void resp_request_id(const struct resp *r, char out[64]);

/* A fictional but valid (elfproef) BSN derived from seed: 9 digits + NUL. */
void bsn_make(uint32_t seed, char out[10]);

/* Every item of a paged list answer {items, total, page, per_page}: GETs path with page=1, 2, ...
 * until an empty page or `total` items (fails the test unless 200). Returns a new array. */
json_t *sess_list_all(const struct srv *s, const struct sess *ss, const char *path);

/* The Europe/Amsterdam calendar date of the server's clock plus add_days, "YYYY-MM-DD". */
void srv_date(const struct srv *s, int add_days, char out[11]);
/* Days since 1970-01-01 of a "YYYY-MM-DD" date (the store's day numbers); -1 if malformed. */
int64_t day_number(const char *ymd);

/* ---- helpers added for the meeting tests (test_meetings.c) -------------------------------- */

/* Runs one statement read-write on the server's database (for tests of database-level guards,
 * such as a trigger that refuses updates). True when it succeeded. */
bool db_try_exec(const struct srv *s, const char *sql);

/* Small JSON helpers shared by the test files: the integer / string member key of j (0 / NULL
 * when absent); v is a positive integer below 2^53; j (recursively) holds the integer v; the
 * response's JSON holds id. */
int64_t jint(const json_t *j, const char *key);
const char *jstr(const json_t *j, const char *key);
bool valid_id(const json_t *v);
bool json_has_int(const json_t *j, int64_t v);
bool id_in_resp(const struct resp *r, int64_t id);

#endif
