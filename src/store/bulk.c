/* bulk.c: load mode and row counts for the synthetic region loader (bulk.h). The PRAGMA texts
 * are fixed literals; nothing is built from input. */
#include "core/common.h"

#include "store/bulk.h"
#include "store/store_int.h"

static const char SQL_SYNC_OFF[] = "PRAGMA synchronous=OFF";
static const char SQL_SYNC_FULL[] = "PRAGMA synchronous=FULL";
static const char SQL_CACHE_BIG[] = "PRAGMA cache_size=-131072";
static const char SQL_CACHE_DEFAULT[] = "PRAGMA cache_size=-8192";

static const char SQL_N_PERSON[] = "SELECT count(*) FROM person";
static const char SQL_N_SIGNAL[] = "SELECT count(*) FROM signal";
static const char SQL_N_CASE[] = "SELECT count(*) FROM pga_case";
static const char SQL_N_WEIGHING[] = "SELECT count(*) FROM weighing";
static const char SQL_N_PLAN[] = "SELECT count(*) FROM case_plan";
static const char SQL_N_MEASURE[] = "SELECT count(*) FROM case_measure";
static const char SQL_N_TASK[] = "SELECT count(*) FROM case_task";
static const char SQL_N_NPERSON[] = "SELECT count(*) FROM network_person";
static const char SQL_N_NREL[] = "SELECT count(*) FROM network_relation";
static const char SQL_N_MEETING[] = "SELECT count(*) FROM meeting";
static const char SQL_N_ITEM[] = "SELECT count(*) FROM agenda_item";
static const char SQL_N_TOKEN[] = "SELECT count(*) FROM signal_token";
static const char SQL_N_AUDIT[] = "SELECT count(*) FROM audit_log";
static const char SQL_N_CP[] = "SELECT count(*) FROM audit_checkpoint";
static const char SQL_N_DK[] = "SELECT count(*) FROM data_key";

static int mode_one(struct store *st, bool on, struct err *e)
{
    int rc = store__pragma(st, on ? SQL_SYNC_OFF : SQL_SYNC_FULL, "bulk.sync", e);
    if (rc == 0)
        rc = store__pragma(st, on ? SQL_CACHE_BIG : SQL_CACHE_DEFAULT, "bulk.cache", e);
    return rc;
}

int store_bulk_mode(struct store *st, bool on, struct err *e)
{
    if (store_tx_open(st))
        return err_internal(e, ERR_INVAL, "bulk mode inside a transaction");
    int rc = mode_one(st, on, e);
    if (rc == 0 && st->vault != NULL)
        rc = mode_one(st->vault, on, e);
    if (rc == 0 && !on)
        rc = store_checkpoint(st, e);
    return rc;
}

static int count(struct store *st, const char *sql, int64_t *out, struct err *e)
{
    store_stmt *s = NULL;
    int rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__step(st, s, "bulk.count", e);
    if (rc == 1) {
        *out = store__col_i64(s, 0);
        rc = 0;
    }
    store__done(s);
    return rc;
}

int store_bulk_counts(struct store *st, struct store_bulk_counts *out, struct err *e)
{
    memset(out, 0, sizeof(*out));
    int rc = count(st, SQL_N_PERSON, &out->persons, e);
    if (rc == 0)
        rc = count(st, SQL_N_SIGNAL, &out->signals, e);
    if (rc == 0)
        rc = count(st, SQL_N_CASE, &out->cases, e);
    if (rc == 0)
        rc = count(st, SQL_N_WEIGHING, &out->weighings, e);
    if (rc == 0)
        rc = count(st, SQL_N_PLAN, &out->plans, e);
    if (rc == 0)
        rc = count(st, SQL_N_MEASURE, &out->measures, e);
    if (rc == 0)
        rc = count(st, SQL_N_TASK, &out->tasks, e);
    if (rc == 0)
        rc = count(st, SQL_N_NPERSON, &out->network_persons, e);
    if (rc == 0)
        rc = count(st, SQL_N_NREL, &out->relations, e);
    if (rc == 0)
        rc = count(st, SQL_N_MEETING, &out->meetings, e);
    if (rc == 0)
        rc = count(st, SQL_N_ITEM, &out->agenda_items, e);
    if (rc == 0)
        rc = count(st, SQL_N_TOKEN, &out->word_tokens, e);
    if (rc == 0)
        rc = count(st, SQL_N_AUDIT, &out->audit_records, e);
    if (rc == 0)
        rc = count(st, SQL_N_CP, &out->checkpoints, e);
    if (rc == 0)
        rc = count(st, SQL_N_DK, &out->data_keys, e);
    return rc;
}
