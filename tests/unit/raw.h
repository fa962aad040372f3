/* raw.h: the unit tests' raw access to the database under the store (raw.c). */
#ifndef REGIE_TESTS_UNIT_RAW_H
#define REGIE_TESTS_UNIT_RAW_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct raw {
    sqlite3 *lite;
    PGconn *pg;
};

/* True when a store opened on path goes to a PostgreSQL database (a test-hooks build under
 * tests/pg/suite.py); uri receives its address. */
bool raw_pg_uri(const char *path, char *uri, size_t cap);
/* The database of a store opened on path (SQLite file, or its PostgreSQL database). */
struct raw raw_open_path(const char *path, bool readonly);
void raw_close(struct raw *r);
/* ?N -> $N (malloc'd): the SQL here has no '?' in text. */
char *dollars(const char *sql);
/* Runs sql; SQLITE_OK or the extended result code (on PostgreSQL: a foreign key violation as
 * SQLITE_CONSTRAINT_FOREIGNKEY, any other integrity error as SQLITE_CONSTRAINT, else
 * SQLITE_ERROR). */
int raw_exec(struct raw *r, const char *sql);
/* First column of the first row of sql. raw_i64p binds ?1..?n to v[0..n). */
int64_t raw_i64(struct raw *r, const char *sql);
int64_t raw_i64p(struct raw *r, const char *sql, const int64_t *v, int n);
/* The BLOB of the one row of sql(?1 = id), malloc'd (the caller frees). */
uint8_t *raw_blob(struct raw *r, const char *sql, int64_t id, size_t *out_n);
/* Runs sql(?1 = the blob p[0..n), ?2 = id), which must change exactly one row. */
void raw_set_blob(struct raw *r, const char *sql, int64_t id, const uint8_t *p, size_t n);

#endif
