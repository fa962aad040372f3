/* pg.c: the statement layer of the PostgreSQL backend (see pg.h). */
#include "core/common.h"

#include <libpq-fe.h>

#include "core/log.h"
#include "store/pg.h"

/* PostgreSQL type oids (catalog/pg_type.h, stable since 7.x). */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_NAME = 19,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_VARCHAR = 1043,
};

struct prepared {
    const char *sql;               /* the literal's address, as the SQLite statement cache */
    char sig[PG_PARAMS_MAX + 1];   /* one letter per parameter: i int8, t text, b bytea, n null */
    char name[16];
};

struct pg_conn {
    PGconn *pc;
    int64_t changes;
    enum store_constraint last;
    struct prepared *prep; /* PG_PREPARED_MAX */
    size_t n_prep;
    /* A transaction was begun and not yet ended by COMMIT or ROLLBACK: what the caller sees as
     * open, also after the connection broke (then only a ROLLBACK, which ends it, is accepted
     * before the connection is made again: see revive). */
    bool in_block;
    /* Row-level security: the scope asked for, the one the server has ("" = unknown: send), and
     * whether the server's was set inside the open transaction (a rollback undoes it). */
    char scope_want[48], scope_have[48];
    bool scope_in_tx;
};

struct pg_stmt {
    struct pg_conn *c;
    const char *sql;
    char *text; /* with $N */
    int n;      /* highest N */
    char type[PG_PARAMS_MAX];
    char *val[PG_PARAMS_MAX];
    int len[PG_PARAMS_MAX];
    uint8_t num[PG_PARAMS_MAX][8];
    PGresult *res;
    int row, rows;
    bool executed;
    bool stream;    /* single-row mode asked for */
    bool streaming; /* its results are coming in: the connection is busy until they end */
};

static int fail_res(struct pg_conn *c, const PGresult *r, const char *op, struct err *e)
{
    const char *state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *cons = r != NULL ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
    int code = ERR_DB;
    const char *msg = "databasefout";
    c->last = STORE_CONSTRAINT_OTHER;
    if (state == NULL) {
        code = ERR_UNAVAILABLE; /* no answer: the connection is gone */
        msg = "de database is niet bereikbaar";
    } else if (strcmp(state, "23505") == 0) {
        code = ERR_CONFLICT;
        msg = "bestaat al";
        size_t n = cons != NULL ? strlen(cons) : 0;
        c->last = n > 5 && strcmp(cons + n - 5, "_pkey") == 0 ? STORE_CONSTRAINT_PK
                                                              : STORE_CONSTRAINT_UNIQUE;
    } else if (strncmp(state, "23", 2) == 0 || strcmp(state, "22003") == 0 ||
               strcmp(state, "22P02") == 0 || strcmp(state, "22021") == 0) {
        code = ERR_INVAL;
        msg = "gegevens voldoen niet aan de regels (verwijzing, waarde of type)";
    } else if (strcmp(state, "54000") == 0) {
        code = ERR_TOOBIG;
        msg = "gegevens te groot";
    } else if (strcmp(state, "53200") == 0) {
        code = ERR_NOMEM;
        msg = "onvoldoende geheugen";
    } else if (strcmp(state, "53100") == 0 || strncmp(state, "08", 2) == 0 ||
               strcmp(state, "57P01") == 0) {
        code = ERR_UNAVAILABLE;
        msg = "de opslag is niet beschikbaar; probeer het later opnieuw";
    } else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
               strcmp(state, "55P03") == 0) {
        msg = "database bezet, probeer het opnieuw";
    }
    err_set(e, code, "%s", msg);
    /* SQLSTATE and the constraint's name only: PostgreSQL's message may quote a value. */
    err_internal(e, code, "pg op=%s sqlstate=%s constraint=%s", op, state ? state : "-",
                 cons ? cons : "-");
    return code;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int pg_open(const char *conninfo, struct pg_conn **out, struct err *e)
{
    *out = NULL;
    if (conninfo == NULL || conninfo[0] == '\0')
        return err_set(e, ERR_INVAL, "geen databaseverbinding ingesteld");
    struct pg_conn *c = calloc(1, sizeof *c);
    if (c == NULL || (c->prep = calloc(PG_PREPARED_MAX, sizeof c->prep[0])) == NULL) {
        free(c);
        return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    }
    c->pc = PQconnectdb(conninfo);
    if (c->pc != NULL) /* the server's notices (and its farewell when idle) go nowhere: no
                          database text reaches stderr or the operational log */
        PQsetNoticeProcessor(c->pc, quiet, NULL);
    if (c->pc == NULL || PQstatus(c->pc) != CONNECTION_OK) {
        pg_close(c);
        err_set(e, ERR_UNAVAILABLE, "de database is niet bereikbaar");
        return err_internal(e, ERR_UNAVAILABLE, "pg op=connect"); /* no conninfo, no message */
    }
    /* Times, numbers and text as the code expects them, whatever the server's defaults. */
    int rc = pg_exec(c, "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; "
                        "SET TIME ZONE 'UTC'; SET regie.scope = 'all'", e);
    if (rc != 0) {
        pg_close(c);
        return rc;
    }
    snprintf(c->scope_want, sizeof(c->scope_want), "all");
    snprintf(c->scope_have, sizeof(c->scope_have), "all");
    *out = c;
    return 0;
}

void pg_close(struct pg_conn *c)
{
    if (c == NULL)
        return;
    if (c->pc != NULL)
        PQfinish(c->pc);
    free(c->prep);
    free(c);
}

static int revive(struct pg_conn *c, struct err *e);
static int scope_apply(struct pg_conn *c, struct err *e);

int pg_exec(struct pg_conn *c, const char *sql, struct err *e)
{
    bool begin = strncmp(sql, "BEGIN", 5) == 0;
    if (begin) { /* a new transaction may need a new connection */
        int rv = revive(c, e);
        if (rv != 0)
            return rv;
    }
    PGresult *r = PQexec(c->pc, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : fail_res(c, r, "exec", e);
    PQclear(r);
    if (begin && rc != 0 && PQstatus(c->pc) == CONNECTION_BAD) {
        /* dropped while idle, found out only now: nothing had begun, so begin again on a new
         * connection (once) */
        c->in_block = false;
        err_clear(e);
        rc = revive(c, e);
        if (rc == 0) {
            r = PQexec(c->pc, sql);
            st = PQresultStatus(r);
            rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : fail_res(c, r, "exec", e);
            PQclear(r);
        }
    }
    if (begin)
        c->in_block = rc == 0 || PQtransactionStatus(c->pc) != PQTRANS_IDLE;
    else if (strncmp(sql, "COMMIT", 6) == 0 ||
             (strncmp(sql, "ROLLBACK", 8) == 0 && strncmp(sql, "ROLLBACK TO", 11) != 0))
        c->in_block = false; /* ended, or gone with a broken connection */
    if (c->scope_in_tx && (strncmp(sql, "ROLLBACK", 8) == 0 || strstr(sql, "ROLLBACK TO") != NULL ||
                           (strncmp(sql, "COMMIT", 6) == 0 && rc != 0)))
        c->scope_have[0] = '\0'; /* the scope set in it may be undone: send it again */
    if (!c->in_block)
        c->scope_in_tx = false;
    return rc;
}

/* A connection the server has dropped (a restart, a failover, an administrator's
 * pg_terminate_backend) is made again, at the start of a transaction or of a statement outside
 * one: never in the middle of a transaction, whose work is lost with the old connection (its
 * statement failed with ERR_UNAVAILABLE). The new session has no prepared statements: they are
 * prepared again on use. Returns 0, or ERR_UNAVAILABLE when the server is still unreachable. */
static int revive(struct pg_conn *c, struct err *e)
{
    if (c->in_block)
        return 0; /* a transaction the caller has yet to roll back */
    /* libpq learns of a drop only when it reads: take in what the server sent while we were
     * idle (its farewell and the end of the stream) without waiting */
    /* (twice: the first read may end at the farewell message, the second meets the end) */
    for (int i = 0; i < 2 && PQstatus(c->pc) == CONNECTION_OK; i++)
        if (!PQconsumeInput(c->pc))
            break;
    if (PQstatus(c->pc) != CONNECTION_BAD)
        return 0;
    PQreset(c->pc);
    c->n_prep = 0;
    if (PQstatus(c->pc) != CONNECTION_OK) {
        err_set(e, ERR_UNAVAILABLE, "de database is niet bereikbaar");
        return err_internal(e, ERR_UNAVAILABLE, "pg op=reconnect");
    }
    log_warn("store.pg_reconnected", "result=ok");
    c->scope_have[0] = '\0'; /* a new session: "all" from the line below, sent again if other */
    c->scope_in_tx = false;
    int rc = pg_exec(c, "SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; "
                        "SET TIME ZONE 'UTC'; SET regie.scope = 'all'",
                     e);
    if (rc == 0) {
        snprintf(c->scope_have, sizeof(c->scope_have), "all");
        rc = scope_apply(c, e); /* the scope asked for, never "all" by accident */
    }
    return rc;
}

/* The writer lock's key: one constant for the whole database ("regie" in ASCII). */
#define WRITE_LOCK_KEY "1919248745"

int pg_begin_write(struct pg_conn *c, int lock_timeout_ms, struct err *e)
{
    char sql[160];
    if (lock_timeout_ms < 0 || lock_timeout_ms > 600000)
        return err_internal(e, ERR_INVAL, "pg: lock timeout %d ms", lock_timeout_ms);
    /* SET LOCAL ends with the transaction; the values are a constant and a checked integer. */
    int n = snprintf(sql, sizeof sql,
                     "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(%s)",
                     lock_timeout_ms, WRITE_LOCK_KEY);
    if (n < 0 || (size_t)n >= sizeof sql)
        return err_internal(e, ERR_INVAL, "pg: begin");
    int rc = pg_exec(c, sql, e);
    if (rc != 0 && PQtransactionStatus(c->pc) != PQTRANS_IDLE) {
        struct err ignored;
        err_clear(&ignored);
        int r2 = pg_exec(c, "ROLLBACK", &ignored); /* the BEGIN succeeded, the lock did not */
        (void)r2;
    }
    return rc;
}

int pg_begin_read(struct pg_conn *c, struct err *e)
{
    return pg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

int pg_end(struct pg_conn *c, bool ok, struct err *e)
{
    return pg_exec(c, ok ? "COMMIT" : "ROLLBACK", e);
}

int pg_rewrite_params(const char *sql, char *out, size_t cap, int *out_n, struct err *e)
{
    size_t o = 0;
    int maxn = 0;
    char quote = 0;
    *out_n = 0;
    for (const char *p = sql; *p != '\0'; p++) {
        char ch = *p;
        if (quote != 0) {
            if (ch == quote)
                quote = 0; /* a doubled quote closes and reopens: same result */
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if (ch == '?') {
            int n = 0, digits = 0;
            while (p[1] >= '0' && p[1] <= '9' && digits < 4) {
                n = n * 10 + (p[1] - '0');
                p++;
                digits++;
            }
            if (digits == 0 || n < 1 || n > PG_PARAMS_MAX)
                return err_internal(e, ERR_INVAL, "pg: placeholder without 1..%d",
                                    PG_PARAMS_MAX);
            if (n > maxn)
                maxn = n;
            int w = snprintf(out + o, cap - o, "$%d", n);
            if (w < 0 || (size_t)w >= cap - o)
                return err_internal(e, ERR_INVAL, "pg: statement too long");
            o += (size_t)w;
            continue;
        }
        if (o + 1 >= cap)
            return err_internal(e, ERR_INVAL, "pg: statement too long");
        out[o++] = ch;
    }
    if (quote != 0)
        return err_internal(e, ERR_INVAL, "pg: unterminated quote");
    out[o] = '\0';
    *out_n = maxn;
    return 0;
}

int pg_stmt_new(struct pg_conn *c, const char *sql, struct pg_stmt **out, struct err *e)
{
    *out = NULL;
    struct pg_stmt *s = calloc(1, sizeof *s);
    size_t cap = strlen(sql) * 2 + 16; /* "?1" -> "$1": never longer than twice */
    if (cap > PG_SQL_MAX)
        cap = PG_SQL_MAX;
    if (s == NULL || (s->text = malloc(cap)) == NULL) {
        free(s);
        return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    }
    int rc = pg_rewrite_params(sql, s->text, cap, &s->n, e);
    if (rc != 0) {
        pg_stmt_free(s);
        return rc;
    }
    s->c = c;
    s->sql = sql;
    s->row = -1;
    *out = s;
    return 0;
}

static void clear_val(struct pg_stmt *s, int i)
{
    if (s->type[i] == 't' || s->type[i] == 'b')
        free(s->val[i]);
    s->val[i] = NULL;
    s->len[i] = 0;
    s->type[i] = 0;
}

/* Ends a streamed execution early: reads the rest of its rows off the connection and drops
 * them. Not a cancel request: that is asynchronous, and arriving late it would cancel whatever
 * the connection runs next. */
static void stream_end(struct pg_stmt *s)
{
    if (!s->streaming)
        return;
    PGresult *r;
    while ((r = PQgetResult(s->c->pc)) != NULL)
        PQclear(r);
    s->streaming = false;
}

void pg_stmt_stream(struct pg_stmt *s, bool on)
{
    pg_reset(s);
    s->stream = on;
}

void pg_reset(struct pg_stmt *s)
{
    if (s == NULL)
        return;
    stream_end(s);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->rows = 0;
    s->executed = false;
}

void pg_stmt_free(struct pg_stmt *s)
{
    if (s == NULL)
        return;
    pg_reset(s);
    for (int i = 0; i < PG_PARAMS_MAX; i++)
        clear_val(s, i);
    free(s->text);
    free(s);
}

void pg_clear_binds(struct pg_stmt *s)
{
    if (s == NULL)
        return;
    pg_reset(s);
    for (int i = 0; i < s->n; i++)
        clear_val(s, i);
}

bool pg_in_tx(const struct pg_conn *c)
{
    if (PQstatus(c->pc) == CONNECTION_BAD)
        return c->in_block; /* the server has rolled it back; the caller still has to end it */
    return PQtransactionStatus(c->pc) != PQTRANS_IDLE;
}

int pg_param_count(const struct pg_stmt *s)
{
    return s->n;
}

static int slot(struct pg_stmt *s, int idx, struct err *e)
{
    if (idx < 1 || idx > s->n)
        return err_internal(e, ERR_INVAL, "pg: bind index %d of %d", idx, s->n);
    pg_reset(s);
    clear_val(s, idx - 1);
    return 0;
}

int pg_bind_i64(struct pg_stmt *s, int idx, int64_t v, struct err *e)
{
    int rc = slot(s, idx, e);
    if (rc != 0)
        return rc;
    uint64_t u = (uint64_t)v;
    for (int k = 7; k >= 0; k--, u >>= 8)
        s->num[idx - 1][k] = (uint8_t)(u & 0xff);
    s->type[idx - 1] = 'i';
    s->val[idx - 1] = (char *)s->num[idx - 1];
    s->len[idx - 1] = 8;
    return 0;
}

static int bind_bytes(struct pg_stmt *s, int idx, char type, const void *p, size_t n,
                      struct err *e)
{
    int rc = slot(s, idx, e);
    if (rc != 0)
        return rc;
    if (n > (size_t)INT32_MAX)
        return err_set(e, ERR_TOOBIG, "gegevens te groot");
    char *copy = malloc(n > 0 ? n : 1); /* a copy: the caller's buffer may go right after */
    if (copy == NULL)
        return err_set(e, ERR_NOMEM, "onvoldoende geheugen");
    if (n > 0)
        memcpy(copy, p, n);
    s->type[idx - 1] = type;
    s->val[idx - 1] = copy;
    s->len[idx - 1] = (int)n;
    return 0;
}

int pg_bind_text(struct pg_stmt *s, int idx, struct str v, struct err *e)
{
    if (v.p == NULL)
        return pg_bind_null(s, idx, e);
    return bind_bytes(s, idx, 't', v.p, v.n, e);
}

int pg_bind_blob(struct pg_stmt *s, int idx, const void *p, size_t n, struct err *e)
{
    return bind_bytes(s, idx, 'b', p, n, e);
}

int pg_bind_null(struct pg_stmt *s, int idx, struct err *e)
{
    int rc = slot(s, idx, e);
    if (rc == 0)
        s->type[idx - 1] = 'n';
    return rc;
}

static unsigned oid_of(char t)
{
    return t == 'i' ? OID_INT8 : t == 't' ? OID_TEXT : t == 'b' ? OID_BYTEA : 0;
}

static bool type_unresolved(const PGresult *r)
{
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* could not determine / inconsistent types of a parameter; no operator for the guess */
    return st != NULL && (strcmp(st, "42P18") == 0 || strcmp(st, "42P08") == 0 ||
                          strcmp(st, "42883") == 0 || strcmp(st, "42804") == 0);
}

/* Prepares s under name. A parameter bound NULL has no type of its own: PostgreSQL infers it
 * from the statement, and where that cannot be done (`?7 IS NULL OR s.state = ?7`) the NULLs are
 * typed text, then int8 (every nullable parameter of the store is one or the other). Inside a
 * transaction the tries run under a savepoint: a failed prepare would abort the transaction.
 * Once per connection and type signature. */
static int prepare_typed(struct pg_conn *c, const char *name, const struct pg_stmt *s,
                         unsigned *types, const char *sig, struct err *e)
{
    static const unsigned guesses[] = {0, OID_TEXT, OID_INT8};
    bool has_null = strchr(sig, 'n') != NULL;
    bool sp = has_null && PQtransactionStatus(c->pc) == PQTRANS_INTRANS;
    int rc = 0;
    if (sp && (rc = pg_exec(c, "SAVEPOINT regie_prep", e)) != 0)
        return rc;
    for (size_t g = 0; g < (has_null ? ARRAY_LEN(guesses) : 1); g++) {
        for (int i = 0; i < s->n; i++)
            if (sig[i] == 'n')
                types[i] = guesses[g];
        PGresult *r = PQprepare(c->pc, name, s->text, s->n, types);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        bool retry = !ok && has_null && g + 1 < ARRAY_LEN(guesses) && type_unresolved(r);
        rc = ok ? 0 : retry ? ERR_DB : fail_res(c, r, "prepare", e);
        PQclear(r);
        if (!retry)
            break;
        if (sp && (rc = pg_exec(c, "ROLLBACK TO SAVEPOINT regie_prep", e)) != 0)
            return rc;
    }
    if (sp) {
        int r2 = pg_exec(c, rc == 0 ? "RELEASE SAVEPOINT regie_prep"
                                    : "ROLLBACK TO SAVEPOINT regie_prep; RELEASE SAVEPOINT regie_prep",
                         rc == 0 ? e : NULL);
        if (rc == 0)
            rc = r2;
    }
    return rc;
}

/* The name of the statement prepared for (sql, the bound types), preparing it if new. */
static int prepared_name(struct pg_stmt *s, const char **out, struct err *e)
{
    struct pg_conn *c = s->c;
    char sig[PG_PARAMS_MAX + 1];
    unsigned types[PG_PARAMS_MAX];
    for (int i = 0; i < s->n; i++) {
        if (s->type[i] == 0)
            s->type[i] = 'n'; /* never bound: NULL, as in SQLite */
        sig[i] = s->type[i];
        types[i] = oid_of(s->type[i]);
    }
    sig[s->n] = '\0';
    for (size_t i = 0; i < c->n_prep; i++) /* linear: a hash when the backend is wired */
        if (c->prep[i].sql == s->sql && strcmp(c->prep[i].sig, sig) == 0) {
            *out = c->prep[i].name;
            return 0;
        }
    if (c->n_prep >= PG_PREPARED_MAX)
        return err_internal(e, ERR_INVAL, "pg: more than %d prepared statements",
                            PG_PREPARED_MAX);
    struct prepared *p = &c->prep[c->n_prep];
    snprintf(p->name, sizeof p->name, "r%zu", c->n_prep);
    int rc = prepare_typed(c, p->name, s, types, sig, e);
    if (rc != 0)
        return rc;
    p->sql = s->sql;
    memcpy(p->sig, sig, (size_t)s->n + 1);
    c->n_prep++;
    *out = p->name;
    return 0;
}

static bool supported(unsigned oid)
{
    return oid == OID_BOOL || oid == OID_BYTEA || oid == OID_NAME || oid == OID_INT8 ||
           oid == OID_INT2 || oid == OID_INT4 || oid == OID_TEXT || oid == OID_VARCHAR;
}

/* True when a failure may be sent once more on a new connection: the connection is gone, no
 * transaction was open on it (nothing of the caller's is lost with it) and what failed changed
 * nothing: preparing a statement, or running a SELECT. A write, or anything inside a
 * transaction, fails to the caller, whose transaction is gone with the session. */
static bool may_resend(const struct pg_stmt *s, bool preparing)
{
    return !s->c->in_block && PQstatus(s->c->pc) == CONNECTION_BAD &&
           (preparing || strncmp(s->text, "SELECT", 6) == 0);
}

void pg_scope(struct pg_conn *c, const char *scope)
{
    snprintf(c->scope_want, sizeof(c->scope_want), "%s", scope);
}

/* Sends the scope asked for when the server may have another (pg_scope). */
static int scope_apply(struct pg_conn *c, struct err *e)
{
    if (strcmp(c->scope_want, c->scope_have) == 0)
        return 0;
    const char *params[1] = {c->scope_want};
    PGresult *r = PQexecParams(c->pc, "SELECT set_config('regie.scope', $1, false)", 1, NULL,
                               params, NULL, NULL, 0);
    int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : fail_res(c, r, "scope", e);
    PQclear(r);
    if (rc == 0) {
        memcpy(c->scope_have, c->scope_want, sizeof(c->scope_have));
        c->scope_in_tx = PQtransactionStatus(c->pc) == PQTRANS_INTRANS;
    }
    return rc;
}

static int execute(struct pg_stmt *s, struct err *e)
{
    const char *name = NULL;
    /* outside a transaction a statement is one of its own: a dropped connection can be made
     * again first (inside one, revive leaves it: the transaction's work is gone) */
    int rc = revive(s->c, e);
    if (rc != 0)
        return rc;
    rc = scope_apply(s->c, e);
    if (rc != 0 && may_resend(s, true)) { /* dropped since revive looked: once more */
        err_clear(e);
        rc = revive(s->c, e);
        if (rc == 0)
            rc = scope_apply(s->c, e);
    }
    if (rc != 0)
        return rc;
    rc = prepared_name(s, &name, e);
    if (rc != 0 && may_resend(s, true)) { /* dropped since revive looked: once more */
        err_clear(e);
        rc = revive(s->c, e);
        if (rc == 0)
            rc = prepared_name(s, &name, e);
    }
    if (rc != 0)
        return rc;
    int formats[PG_PARAMS_MAX];
    for (int i = 0; i < s->n; i++)
        formats[i] = 1; /* binary: int8 big-endian, text and bytea as they are */
    if (s->stream) {
        if (!PQsendQueryPrepared(s->c->pc, name, s->n, (const char *const *)s->val, s->len,
                                 formats, 1) ||
            !PQsetSingleRowMode(s->c->pc)) {
            PGresult *r;
            while ((r = PQgetResult(s->c->pc)) != NULL)
                PQclear(r);
            return fail_res(s->c, NULL, "stream", e);
        }
        s->streaming = true;
        s->executed = true;
        return 0;
    }
    PGresult *r = PQexecPrepared(s->c->pc, name, s->n, (const char *const *)s->val, s->len,
                                 formats, 1);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && may_resend(s, false)) {
        /* a read on a session the server had ended: once more on a new connection */
        PQclear(r);
        rc = revive(s->c, e);
        if (rc == 0)
            rc = scope_apply(s->c, e);
        if (rc == 0)
            rc = prepared_name(s, &name, e);
        if (rc != 0)
            return rc;
        r = PQexecPrepared(s->c->pc, name, s->n, (const char *const *)s->val, s->len, formats,
                           1);
        st = PQresultStatus(r);
    }
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        rc = fail_res(s->c, r, "step", e);
        PQclear(r);
        return rc;
    }
    const char *ct = PQcmdTuples(r);
    if (ct != NULL && ct[0] != '\0')
        s->c->changes = strtoll(ct, NULL, 10);
    for (int k = 0; k < PQnfields(r); k++)
        if (!supported((unsigned)PQftype(r, k))) {
            rc = err_internal(e, ERR_DB, "pg: column %d has type %u (not read by the store)", k,
                              (unsigned)PQftype(r, k));
            PQclear(r);
            return rc;
        }
    s->res = r;
    s->rows = st == PGRES_TUPLES_OK ? PQntuples(r) : 0;
    s->executed = true;
    return 0;
}

/* The next row of a streamed execution: 1, 0 at the end, or an error. */
static int stream_step(struct pg_stmt *s, struct err *e)
{
    PQclear(s->res);
    s->res = NULL;
    s->rows = 0;
    if (!s->streaming)
        return 0;
    PGresult *r = PQgetResult(s->c->pc);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_SINGLE_TUPLE) {
        for (int k = 0; k < PQnfields(r); k++)
            if (!supported((unsigned)PQftype(r, k))) {
                PQclear(r);
                stream_end(s);
                return err_internal(e, ERR_DB, "pg: column %d has an unread type", k);
            }
        s->res = r;
        s->rows = 1;
        s->row = 0;
        return 1;
    }
    int rc = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK ? 0 : fail_res(s->c, r, "step", e);
    PQclear(r);
    while ((r = PQgetResult(s->c->pc)) != NULL) /* the end of this query's results */
        PQclear(r);
    s->streaming = false;
    return rc;
}

int pg_step(struct pg_stmt *s, struct err *e)
{
    if (!s->executed) {
        int rc = execute(s, e);
        if (rc != 0)
            return rc;
    }
    if (s->stream)
        return stream_step(s, e);
    if (s->row + 1 >= s->rows) {
        s->row = s->rows;
        return 0;
    }
    s->row++;
    return 1;
}

static bool cell(const struct pg_stmt *s, int col)
{
    return s->res != NULL && s->row >= 0 && s->row < s->rows && col >= 0 &&
           col < PQnfields(s->res) && !PQgetisnull(s->res, s->row, col);
}

static int64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (n < 8 && (p[0] & 0x80)) /* sign-extend int2 / int4 */
        v |= ~(uint64_t)0 << (8 * n);
    return (int64_t)v;
}

int64_t pg_col_i64(const struct pg_stmt *s, int col)
{
    if (!cell(s, col))
        return 0;
    const uint8_t *p = (const uint8_t *)PQgetvalue(s->res, s->row, col);
    int n = PQgetlength(s->res, s->row, col);
    switch ((unsigned)PQftype(s->res, col)) {
    case OID_INT8:
        return n == 8 ? be(p, 8) : 0;
    case OID_INT4:
        return n == 4 ? be(p, 4) : 0;
    case OID_INT2:
        return n == 2 ? be(p, 2) : 0;
    case OID_BOOL:
        return n == 1 ? p[0] != 0 : 0;
    default:
        return 0; /* text or bytea as a number: SQLite would convert; the store never asks */
    }
}

bool pg_col_is_null(const struct pg_stmt *s, int col)
{
    return !cell(s, col);
}

const void *pg_col_blob(const struct pg_stmt *s, int col)
{
    return cell(s, col) ? PQgetvalue(s->res, s->row, col) : NULL;
}

int pg_col_bytes(const struct pg_stmt *s, int col)
{
    return cell(s, col) ? PQgetlength(s->res, s->row, col) : 0;
}

int64_t pg_changes(const struct pg_conn *c)
{
    return c->changes;
}

enum store_constraint pg_last_constraint(const struct pg_conn *c)
{
    return c->last;
}
