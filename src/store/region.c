/* region.c: the region repository (a region is a group of municipalities around one safety
 * house). Reference data, not personal data: stored in plain text. */
#include "core/common.h"

#include "core/clock.h"
#include "store/store_int.h"

static const char SQL_REGION_INSERT[] = "INSERT INTO region(name, created_at) VALUES (?1, ?2) "
                                        "RETURNING id";
static const char SQL_REGION_GET[] = "SELECT id, name, created_at FROM region WHERE id = ?1";
static const char SQL_REGION_BY_NAME[] = "SELECT id, name, created_at FROM region "
                                         "WHERE name = ?1";
static const char SQL_REGION_LIST[] = "SELECT id, name, created_at FROM region "
                                      "ORDER BY name, id";

static int region_row(store_stmt *s, struct store_region *out, struct err *e)
{
    out->id = store__col_i64(s, 0);
    out->created_at = store__col_i64(s, 2);
    return store__col_text(s, 1, out->name, sizeof(out->name), NULL, e);
}

int store_region_create(struct store *st, struct str name, int64_t *out_id, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;

    *out_id = 0;
    rc = store__check_name(name, STORE_NAME_MAX, "name", e);
    if (rc != 0)
        goto out;
    rc = store__stmt(st, SQL_REGION_INSERT, &s, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 1, name, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "region.insert", e);
    if (rc == ERR_CONFLICT) {
        err_field(e, "name", "er bestaat al een regio met deze naam");
        goto out;
    }
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_internal(e, ERR_DB, "region.insert returned no id");
        goto out;
    }
    *out_id = store__col_i64(s, 0);
    rc = store__step_done(st, s, "region.insert", e);
out:
    store__done(s);
    return rc;
}

static int region_get_one(struct store *st, const char *sql, bool by_name, int64_t id,
                          struct str name, struct store_region *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;

    memset(out, 0, sizeof(*out));
    rc = store__stmt(st, sql, &s, e);
    if (rc != 0)
        goto out;
    rc = by_name ? store__bind_text(st, s, 1, name, e) : store__bind_i64(st, s, 1, id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "region.get", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "regio niet gevonden");
        goto out;
    }
    rc = region_row(s, out, e);
out:
    store__done(s);
    return rc;
}

int store_region_get(struct store *st, int64_t id, struct store_region *out, struct err *e)
{
    return region_get_one(st, SQL_REGION_GET, false, id, STR_NULL, out, e);
}

int store_region_get_by_name(struct store *st, struct str name, struct store_region *out,
                             struct err *e)
{
    return region_get_one(st, SQL_REGION_BY_NAME, true, 0, name, out, e);
}

int store_region_list(struct store *st, struct store_region *out, size_t cap, size_t *out_n,
                      struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    size_t n = 0;

    rc = store__stmt(st, SQL_REGION_LIST, &s, e);
    if (rc != 0)
        goto out;
    for (;;) {
        rc = store__step(st, s, "region.list", e);
        if (rc <= 0)
            goto out;
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel regio's voor de lijst");
            goto out;
        }
        rc = region_row(s, &out[n], e);
        if (rc != 0)
            goto out;
        n++;
    }
out:
    store__done(s);
    *out_n = n;
    return rc;
}
