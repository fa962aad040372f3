/* raw.c: the unit tests' access under the store, on the backend the test runs on: the SQLite
 * file, or on PostgreSQL (the suite of tests/pg/suite.py redirects every store opened on a file
 * path to a database of its own) that database, as its owner. The SQL given must be what both
 * run; ?N placeholders become $N on PostgreSQL. Every failure is a Criterion assertion. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "raw.h"


#ifdef REGIE_TEST_HOOKS
/* store/pgstore.c, in test-hooks builds only (the suite on PostgreSQL runs one) */
bool store_test_pg_uri(const char *path, char *out, size_t cap);
#endif

bool raw_pg_uri(const char *path, char *uri, size_t cap)
{
#ifdef REGIE_TEST_HOOKS
    return store_test_pg_uri(path, uri, cap);
#else
    (void)path;
    (void)uri;
    (void)cap;
    return false;
#endif
}

struct raw raw_open_path(const char *path, bool readonly)
{
    struct raw r = {0};
    char uri[600];
    if (raw_pg_uri(path, uri, sizeof(uri))) {
        r.pg = PQconnectdb(uri);
        cr_assert_eq(PQstatus(r.pg), CONNECTION_OK, "connect to the test database");
        return r;
    }
    cr_assert_eq(sqlite3_open_v2(path, &r.lite, readonly ? SQLITE_OPEN_READONLY
                                                         : SQLITE_OPEN_READWRITE, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_busy_timeout(r.lite, 3000), SQLITE_OK);
    return r;
}

void raw_close(struct raw *r)
{
    if (r->pg != NULL)
        PQfinish(r->pg);
    if (r->lite != NULL)
        cr_assert_eq(sqlite3_close(r->lite), SQLITE_OK);
    memset(r, 0, sizeof(*r));
}

/* ?N -> $N for PostgreSQL (the SQL here has no '?' in text). */
char *dollars(const char *sql)
{
    char *q = strdup(sql);
    cr_assert_not_null(q);
    for (char *p = q; *p; p++)
        if (*p == '?' && p[1] >= '0' && p[1] <= '9')
            *p = '$';
    return q;
}

/* Runs sql; returns SQLITE_OK or the extended result code (on PostgreSQL: a foreign key
 * violation as SQLITE_CONSTRAINT_FOREIGNKEY, any other integrity error as SQLITE_CONSTRAINT,
 * anything else SQLITE_ERROR). */
int raw_exec(struct raw *r, const char *sql)
{
    if (r->pg != NULL) {
        PGresult *res = PQexec(r->pg, sql);
        ExecStatusType t = PQresultStatus(res);
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        int rc = (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) ? SQLITE_OK
                 : state != NULL && strcmp(state, "23503") == 0 ? SQLITE_CONSTRAINT_FOREIGNKEY
                 : state != NULL && strncmp(state, "23", 2) == 0 ? SQLITE_CONSTRAINT
                                                                  : SQLITE_ERROR;
        PQclear(res);
        return rc;
    }
    int rc = sqlite3_exec(r->lite, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(r->lite);
}

int64_t raw_i64(struct raw *r, const char *sql)
{
    return raw_i64p(r, sql, NULL, 0);
}

int64_t raw_i64p(struct raw *r, const char *sql, const int64_t *v, int n)
{
    if (r->pg != NULL) {
        char vals[8][24], *q = dollars(sql);
        const char *params[8];
        cr_assert(n >= 0 && n <= 8);
        for (int i = 0; i < n; i++) {
            snprintf(vals[i], sizeof(vals[i]), "%lld", (long long)v[i]);
            params[i] = vals[i];
        }
        Oid types[8]; /* int8 each, so that a placeholder the statement does not use is typed */
        for (int i = 0; i < n; i++)
            types[i] = 20;
        PGresult *res = PQexecParams(r->pg, q, n, types, params, NULL, NULL, 0);
        free(q);
        cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
        cr_assert(PQntuples(res) > 0);
        int64_t x = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        return x;
    }
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(r->lite, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
    int np = sqlite3_bind_parameter_count(s);
    for (int k = 0; k < np && k < n; k++)
        cr_assert_eq(sqlite3_bind_int64(s, k + 1, v[k]), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    int64_t x = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return x;
}

/* Copies the BLOB column of the one row of sql(?1 = id) into out (malloc'd, caller frees). */
uint8_t *raw_blob(struct raw *r, const char *sql, int64_t id, size_t *out_n)
{
    if (r->pg != NULL) {
        char ids[24], *q = dollars(sql);
        snprintf(ids, sizeof(ids), "%lld", (long long)id);
        const char *params[1] = {ids};
        PGresult *res = PQexecParams(r->pg, q, 1, NULL, params, NULL, NULL, 1);
        free(q);
        cr_assert_eq(PQresultStatus(res), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
        cr_assert_eq(PQntuples(res), 1);
        int n = PQgetlength(res, 0, 0);
        cr_assert(n > 0);
        uint8_t *p = malloc((size_t)n);
        cr_assert_not_null(p);
        memcpy(p, PQgetvalue(res, 0, 0), (size_t)n);
        PQclear(res);
        *out_n = (size_t)n;
        return p;
    }
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(r->lite, sql, -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_bind_int64(s, 1, id), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    int n = sqlite3_column_bytes(s, 0);
    cr_assert(n > 0);
    uint8_t *p = malloc((size_t)n);
    cr_assert_not_null(p);
    memcpy(p, sqlite3_column_blob(s, 0), (size_t)n);
    sqlite3_finalize(s);
    *out_n = (size_t)n;
    return p;
}

/* Runs sql(?1 = the blob p[0..n), ?2 = id), which must change exactly one row. */
void raw_set_blob(struct raw *r, const char *sql, int64_t id, const uint8_t *p, size_t n)
{
    if (r->pg != NULL) {
        char ids[24], *q = dollars(sql);
        snprintf(ids, sizeof(ids), "%lld", (long long)id);
        const char *params[2] = {(const char *)p, ids};
        const int lens[2] = {(int)n, 0}, formats[2] = {1, 0};
        PGresult *res = PQexecParams(r->pg, q, 2, NULL, params, lens, formats, 0);
        free(q);
        cr_assert_eq(PQresultStatus(res), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(res));
        cr_assert_str_eq(PQcmdTuples(res), "1");
        PQclear(res);
        return;
    }
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_prepare_v2(r->lite, sql, -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_bind_blob(s, 1, p, (int)n, SQLITE_TRANSIENT), SQLITE_OK);
    cr_assert_eq(sqlite3_bind_int64(s, 2, id), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
    cr_assert_eq(sqlite3_changes(r->lite), 1);
    sqlite3_finalize(s);
}
