/* figures.c: aggregate counts for the council figures and the council-copy register (see
 * figures.h). Only clear columns are read; the result is counts per municipality and code. */
#include "core/common.h"

#include "core/clock.h"
#include "store/figures.h"
#include "store/store_int.h"

/* ?1 region, ?2 municipality (0 = all), ?3 from_day, ?4 to_day, ?5 ms of the start of from_day,
 * ?6 ms of the end of to_day (exclusive). Every statement names all six parameters (a trivially
 * true comparison where one is not needed), so one binding routine serves them all. The phase of
 * a case is its last transition decided on or before the end of the period. */
#define LAST_TRANSITION_CODE                                                                       \
    "(SELECT e.code FROM case_event e WHERE e.case_id = c.id AND e.kind = 'transition' "           \
    "AND e.decided_day <= ?4 ORDER BY e.decided_day DESC, e.created_at DESC LIMIT 1)"
#define LAST_TRANSITION_DAY                                                                        \
    "(SELECT e.decided_day FROM case_event e WHERE e.case_id = c.id AND e.kind = 'transition' "    \
    "AND e.decided_day <= ?4 ORDER BY e.decided_day DESC, e.created_at DESC LIMIT 1)"

/* clang-format off */
static const char SQL_FIG_PHASE[] =
    "SELECT municipality_id, phase, count(*) FROM ("
    "SELECT c.municipality_id AS municipality_id, "
    "coalesce(" LAST_TRANSITION_CODE ", 'opgenomen') AS phase, "
    "coalesce(" LAST_TRANSITION_DAY ", 0) AS since "
    "FROM pga_case c JOIN organisation o ON o.id = c.municipality_id "
    "WHERE o.region_id = ?1 AND (?2 = 0 OR c.municipality_id = ?2) AND c.state != 'vernietigd' "
    "AND c.created_at < ?6 AND ?3 <= ?4 AND ?5 <= ?6"
    ") AS ph WHERE NOT (phase = 'afgesloten' AND since < ?3) "
    "GROUP BY municipality_id, phase ORDER BY municipality_id, phase";
/* clang-format on */

static const char SQL_FIG_PHENOMENON[] =
    "SELECT s.municipality_id, coalesce(s.phenomenon, ''), count(*) FROM signal s "
    "JOIN organisation o ON o.id = s.municipality_id "
    "WHERE o.region_id = ?1 AND (?2 = 0 OR s.municipality_id = ?2) "
    "AND s.received_day BETWEEN ?3 AND ?4 AND ?5 <= ?6 "
    "GROUP BY 1, 2 ORDER BY 1, 2";

static const char SQL_FIG_MEASURE[] =
    "SELECT c.municipality_id, m.domain, count(*) FROM case_measure m "
    "JOIN pga_case c ON c.id = m.case_id JOIN organisation o ON o.id = c.municipality_id "
    "WHERE o.region_id = ?1 AND (?2 = 0 OR c.municipality_id = ?2) AND c.state != 'vernietigd' "
    "AND m.status IN ('imposed','running','appealed','ended') AND m.created_at < ?6 "
    "AND NOT (m.status = 'ended' AND m.updated_at < ?5) AND ?3 <= ?4 "
    "GROUP BY 1, 2 ORDER BY 1, 2";

static const char SQL_COPY_INSERT[] =
    "INSERT INTO council_copy(region_id, municipality_id, period, recipient, issued_by, "
    "issued_at, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";

static const char SQL_COPY_LIST[] =
    "SELECT id, region_id, coalesce(municipality_id, 0), period, recipient, "
    "coalesce(issued_by, 0), issued_at, digest FROM council_copy "
    "WHERE region_id = ?1 AND (?2 = '' OR period = ?2) ORDER BY issued_at DESC, id DESC";

int store_figures_counts(struct store *st, enum store_fig_kind k, int64_t region_id,
                         int64_t municipality_id, int64_t from_day, int64_t to_day,
                         struct store_fig_count *out, size_t cap, size_t *out_n, struct err *e)
{
    const char *sql = k == STORE_FIG_PHASE        ? SQL_FIG_PHASE
                      : k == STORE_FIG_PHENOMENON ? SQL_FIG_PHENOMENON
                                                  : SQL_FIG_MEASURE;
    store_stmt *s = NULL;
    size_t n = 0;
    int64_t v[6] = {region_id,
                    municipality_id,
                    from_day,
                    to_day,
                    clock_local_midnight_ms(from_day),
                    clock_local_midnight_ms(to_day + 1)};
    int rc = store__stmt(st, sql, &s, e);
    for (int i = 0; rc == 0 && i < 6; i++)
        rc = store__bind_i64(st, s, i + 1, v[i], e);
    while (rc == 0) {
        rc = store__step(st, s, "figures.counts", e);
        if (rc <= 0)
            break;
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel rijen voor de cijfers");
            break;
        }
        out[n].municipality_id = store__col_i64(s, 0);
        out[n].n = store__col_i64(s, 2);
        rc = store__col_text(s, 1, out[n].code, sizeof(out[n].code), NULL, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}

int store_council_copy_add(struct store *st, const struct store_council_copy *in, int64_t *out_id,
                           struct err *e)
{
    store_stmt *s = NULL;
    *out_id = 0;
    int rc = store__stmt(st, SQL_COPY_INSERT, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, in->region_id, e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 2, in->municipality_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 3, str_from_cstr(in->period), e);
    if (rc == 0)
        rc = store__bind_text(st, s, 4, str_from_cstr(in->recipient), e);
    if (rc == 0)
        rc = store__bind_opt_i64(st, s, 5, in->issued_by, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 6, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 7, in->digest, sizeof(in->digest), e);
    if (rc == 0)
        rc = store__step(st, s, "council_copy.insert", e);
    if (rc == 0)
        rc = err_internal(e, ERR_DB, "council_copy.insert returned no id");
    if (rc == 1) {
        *out_id = store__col_i64(s, 0);
        rc = store__step_done(st, s, "council_copy.insert", e);
    }
    store__done(s);
    return rc;
}

int store_council_copy_list(struct store *st, int64_t region_id, const char *period,
                            struct store_council_copy *out, size_t cap, size_t *out_n,
                            struct err *e)
{
    store_stmt *s = NULL;
    size_t n = 0;
    int rc = store__stmt(st, SQL_COPY_LIST, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, region_id, e);
    if (rc == 0)
        rc = store__bind_text(st, s, 2, str_from_cstr(period), e);
    while (rc == 0) {
        rc = store__step(st, s, "council_copy.list", e);
        if (rc <= 0)
            break;
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel exemplaren voor de lijst");
            break;
        }
        struct store_council_copy *c = &out[n];
        memset(c, 0, sizeof(*c));
        c->id = store__col_i64(s, 0);
        c->region_id = store__col_i64(s, 1);
        c->municipality_id = store__col_i64(s, 2);
        c->issued_by = store__col_i64(s, 5);
        c->issued_at = store__col_i64(s, 6);
        const uint8_t *p;
        size_t pn;
        bool isnull;
        store__col_blob(s, 7, &p, &pn, &isnull);
        if (p && pn == sizeof(c->digest))
            memcpy(c->digest, p, pn);
        rc = store__col_text(s, 3, c->period, sizeof(c->period), NULL, e);
        if (rc == 0)
            rc = store__col_text(s, 4, c->recipient, sizeof(c->recipient), NULL, e);
        if (rc == 0)
            n++;
    }
    store__done(s);
    *out_n = n;
    return rc;
}
