/* audit_admin.c: verify, query and export of the access log (see audit_admin.h). */
#include "core/common.h"

#include <fcntl.h>
#include <unistd.h>

#include "app/audit_admin.h"
#include "app/meeting.h"
#include "app/signal.h"
#include "core/parse.h"
#include "audit/checkpoint.h"
#include "audit/vpipe.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/rand.h"
#include "store/audit.h"
#include "store/store.h"

#define TEXTS_MAX 100000

struct texts {
    struct str *v;
    size_t n, cap;
};

static void texts_free(struct texts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free((void *)t->v[i].p);
    free(t->v);
}

/* gcc 12 -fanalyzer reports p as leaked at the return: it loses track of the pointer once it is
 * stored into the realloc'd array t->v at a variable index (texts_free frees it; cppcheck makes
 * the same mistake, see below). */
#ifndef __clang__ /* gcc only: clang has no -Wanalyzer-* and -Werror refuses unknown groups */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int texts_add(struct texts *t, struct str s)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        if (cap > TEXTS_MAX)
            return ERR_TOOBIG;
        struct str *v = realloc(t->v, cap * sizeof(*v));
        if (v == NULL)
            return ERR_NOMEM;
        t->v = v;
        t->cap = cap;
    }
    char *p = malloc(s.n + 1);
    if (p == NULL)
        return ERR_NOMEM;
    memcpy(p, s.p, s.n);
    p[s.n] = '\0';
    t->v[t->n++] = (struct str){p, s.n};
    /* cppcheck-suppress memleak ; p now belongs to t->v, freed by texts_free() */
    return 0;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

static int cp_cb(void *ctx, uint64_t size, int64_t at, struct str note)
{
    (void)size;
    (void)at;
    return texts_add(ctx, note);
}

static int del_cb(void *ctx, uint64_t start, uint64_t end, struct str note)
{
    (void)start;
    (void)end;
    return texts_add(ctx, note);
}

/* The last checkpoint in the witness file (notes separated by blank lines: a note ends with its
 * signature line followed by an empty line). */
static int witness_last(const char *path, char **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : ERR_IO;
    char *buf = malloc(4u << 20);
    if (buf == NULL) {
        fclose(f);
        return ERR_NOMEM;
    }
    size_t n = fread(buf, 1, (4u << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* notes are "body\n\n— sig\n" followed by "\n": split on "\n\n" that follows a signature */
    const char *last = NULL, *p = buf;
    while (p < buf + n) {
        const char *start = p;
        const char *sig = strstr(p, "\n\n\xe2\x80\x94 ");
        if (sig == NULL)
            break;
        const char *end = strchr(sig + 2, '\n');
        if (end == NULL)
            break;
        end++;
        last = start;
        *out_n = (size_t)(end - start);
        p = end;
        while (*p == '\n')
            p++;
    }
    if (last != NULL) {
        *out = malloc(*out_n + 1);
        if (*out == NULL) {
            free(buf);
            return ERR_NOMEM;
        }
        memcpy(*out, last, *out_n);
        (*out)[*out_n] = '\0';
    }
    free(buf);
    return 0;
}

static int row_to_audit(const struct store_audit_row *r, struct audit_row *out, struct err *e)
{
    int rc = audit_rec_decode(r->rec, r->rec_n, &out->rec, e);
    if (rc != 0) {
        /* An undecodable record still occupies its position: feed the position with zeroed
         * fields so the verifier reports a leaf mismatch there. */
        memset(&out->rec, 0, sizeof(out->rec));
        out->rec.seq = r->seq;
    }
    memcpy(out->rec.salt, r->salt, AUDIT_SALT_BYTES);
    memcpy(out->leaf_hash, r->leaf, AUDIT_HASH_BYTES);
    memcpy(out->chain_hash, r->chain, AUDIT_HASH_BYTES);
    return 0;
}

/* Verify reads the stored rows as they are (no decode, no re-encode) by seq range on two threads,
 * each with its own connection (audit_verify_ranges, audit/vpipe.h). This thread holds the write
 * lock (BEGIN IMMEDIATE) for the whole run, so the helper's reads see the same snapshot: nothing
 * can commit in between. */
#define VERIFY_THREADS 2u

struct vsrc {
    struct store *st[VERIFY_THREADS];
};

struct vscan {
    int (*cb)(void *cbctx, const struct audit_raw_row *row);
    void *cbctx;
};

static int vscan_cb(void *ctx, const struct store_audit_row *r)
{
    const struct vscan *s = ctx;
    struct audit_raw_row raw = {r->seq, r->rec, r->rec_n, r->salt, r->leaf, r->chain};
    return s->cb(s->cbctx, &raw);
}

static int vsrc_scan(void *ctx, unsigned worker, uint64_t from, uint64_t to,
                     int (*cb)(void *cbctx, const struct audit_raw_row *row), void *cbctx,
                     struct err *e)
{
    const struct vsrc *src = ctx;
    struct vscan s = {cb, cbctx};
    if (worker >= VERIFY_THREADS || src->st[worker] == NULL)
        return err_internal(e, ERR_INVAL, "audit verify: no connection for worker %u", worker);
    return store_audit_scan_verify_range(src->st[worker], from, to, vscan_cb, &s, e);
}

int app_audit_verify(struct app *a, const char *witness_file, struct audit_verify_report *out,
                     struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct texts cps = {0}, dels = {0};
    char *witness = NULL;
    size_t witness_n = 0;
    struct audit_verify *v = NULL;
    memset(out, 0, sizeof(*out));
    const struct audit_signer *signer = app_signer(a);
    if (signer == NULL)
        return err_set(e, ERR_INVAL, "de sleutel van het logboek ontbreekt");
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_tx_begin(st, e); /* one consistent snapshot of rows, checkpoints, deletions */
    if (rc != 0)
        return rc;
    rc = store_audit_checkpoint_each(st, cp_cb, &cps, e);
    if (rc == 0)
        rc = store_audit_drop_each(st, del_cb, &dels, e);
    if (rc == 0 && witness_file != NULL && witness_file[0] != '\0')
        rc = witness_last(witness_file, &witness, &witness_n);
    if (rc != 0)
        goto out;
    struct audit_verify_opts o = {
        .key = &signer->pub,
        .checkpoints = cps.v,
        .n_checkpoints = cps.n,
        .witness = witness ? (struct str){witness, witness_n} : STR_NULL,
        .deletions = dels.v,
        .n_deletions = dels.n,
        .min_retention_ms = app_config(a)->audit_retention_days * 86400000LL,
        .threads = VERIFY_THREADS,
    };
    rc = audit_verify_new(&o, &v, e);
    if (rc != 0)
        goto out;
    bool any = false;
    uint64_t lo = 0, hi = 0;
    struct vsrc src = {{st, NULL}};
    rc = store_audit_seq_bounds(st, &any, &lo, &hi, e);
    if (rc == 0 && any && hi - lo >= AUDIT_CHUNK_ROWS &&
        app_store_extra(a, &src.st[1], NULL) != 0)
        src.st[1] = NULL; /* no second connection: verify on this thread alone */
    if (rc == 0 && any) {
        struct audit_range_src rs = {vsrc_scan, &src};
        rc = audit_verify_ranges(v, &rs, lo, hi + 1, src.st[1] != NULL ? 2u : 1u, 0, e);
    }
    store_close(src.st[1]);
    if (rc < 0)
        goto out;
    rc = audit_verify_finish(v, out);
out:
    {
        int r2 = store_tx_rollback(st, NULL);
        (void)r2;
    }
    audit_verify_free(v);
    texts_free(&cps);
    texts_free(&dels);
    free(witness);
    return rc;
}

/* ---- queries ----------------------------------------------------------------------------- */

static void hexs(const uint8_t *p, size_t n, char *out, size_t cap)
{
    hex_encode(p, n, out, cap);
}

static json_t *strj(struct str s)
{
    return json_stringn(s.p ? s.p : "", s.n);
}

json_t *app_audit_row_json(const struct audit_rec *r)
{
    char ts[32], trace[33], span[17], parent[17], subj[65];
    static const uint8_t zero8[8];
    hexs(r->trace_id, sizeof(r->trace_id), trace, sizeof(trace));
    hexs(r->span_id, sizeof(r->span_id), span, sizeof(span));
    hexs(r->parent_span_id, sizeof(r->parent_span_id), parent, sizeof(parent));
    if (r->has_subject)
        hexs(r->subject, sizeof(r->subject), subj, sizeof(subj));
    json_t *cats = json_array();
    static const char *cat_names[] = {"identification", "signal", "police", "criminal", "special",
                                      "youth", "ambtsbericht", "plan", "network", "minutes"};
    for (unsigned b = 0; cats && b < ARRAY_LEN(cat_names); b++)
        if (r->categories & (1u << b))
            json_array_append_new(cats, json_string(cat_names[b]));
    /* Logboek Dataverwerkingen shape: trace/span, name, status, start time, resource, attributes
     * with the processing activity and the pseudonymised data subject. */
    return json_pack(
        "{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:{s:s, s:s}, "
        "s:{s:o, s:o, s:o, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}}",
        "seq", (json_int_t)r->seq, "trace_id", trace, "span_id", span, "parent_span_id",
        memcmp(r->parent_span_id, zero8, 8) ? json_string(parent) : json_null(), "name",
        audit_action_name(r->action), "status_code",
        r->outcome == AUDIT_OUT_OK ? "Ok" : "Error", "start_time",
        clock_fmt_utc(r->ts_ms, ts, sizeof(ts)), "resource", "service.name", "regie",
        "service.version", "0.1.0", "attributes", "dpl.core.processing_activity_id",
        strj(r->processing_activity), "dpl.core.data_subject_id",
        r->has_subject ? json_string(subj) : json_null(), "dpl.core.data_subject_id_type",
        r->has_subject ? strj(r->subject_id_type) : json_null(), "regie.outcome",
        audit_outcome_name(r->outcome), "regie.action", audit_action_name(r->action),
        "regie.user_id", (json_int_t)r->user_id, "regie.org_id", (json_int_t)r->org_id,
        "regie.role", strj(r->role), "regie.purpose", strj(r->purpose), "regie.legal_basis",
        strj(r->legal_basis), "regie.object_type", strj(r->object_type), "regie.object_id",
        strj(r->object_id), "regie.categories", cats, "regie.fields", strj(r->fields_touched),
        "regie.request_id", strj(r->request_id), "regie.client_addr", strj(r->client_addr),
        "regie.authz_rule", strj(r->authz_rule));
}

struct collect {
    json_t *items;
    uint64_t last_seq;
    size_t n;
    int fd;
    int err;
};

static int collect_cb(void *ctx, const struct store_audit_row *row)
{
    struct collect *c = ctx;
    struct audit_rec r;
    struct err e;
    err_clear(&e);
    if (audit_rec_decode(row->rec, row->rec_n, &r, &e) != 0)
        return 0; /* an undecodable row is a verify finding, not a query result */
    json_t *j = app_audit_row_json(&r);
    if (j == NULL) {
        c->err = ERR_NOMEM;
        return 1;
    }
    c->last_seq = row->seq;
    c->n++;
    if (c->fd >= 0) {
        char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (line == NULL) {
            c->err = ERR_NOMEM;
            return 1;
        }
        size_t len = strlen(line);
        bool ok = write(c->fd, line, len) == (ssize_t)len && write(c->fd, "\n", 1) == 1;
        free(line);
        if (!ok) {
            c->err = ERR_IO;
            return 1;
        }
        return 0;
    }
    json_array_append_new(c->items, j);
    return 0;
}

/* The review queue: records on signals whose organisation was not expected at that moment. */
struct review {
    struct collect c;
    struct store *st;
    size_t scanned;
    size_t want;
};

#define REVIEW_SCAN_MAX 200000

static int review_cb(void *ctx, const struct store_audit_row *row)
{
    struct review *rv = ctx;
    struct audit_rec r;
    struct err e;
    int64_t sid = 0;
    err_clear(&e);
    rv->scanned++;
    rv->c.last_seq = row->seq;
    if (audit_rec_decode(row->rec, row->rec_n, &r, &e) != 0)
        return 0;
    bool on_signal = str_eq_cstr(r.object_type, "signal") || str_eq_cstr(r.object_type, "weighing") ||
                     str_eq_cstr(r.object_type, "ambtsbericht");
    bool on_meeting = str_eq_cstr(r.object_type, "meeting");
    if (!(on_signal || on_meeting) || r.object_id.n == 0 || r.outcome != AUDIT_OUT_OK ||
        parse_i64(r.object_id, 1, INT64_MAX, &sid) != 0)
        return 0;
    if (on_signal ? app_signal_access_expected(rv->st, sid, r.user_id, r.org_id, r.ts_ms)
                  : app_meeting_access_expected(rv->st, sid, r.user_id, r.org_id, r.ts_ms))
        return 0;
    json_t *j = app_audit_row_json(&r);
    if (j == NULL) {
        rv->c.err = ERR_NOMEM;
        return 1;
    }
    json_object_set_new(j, "regie.review_reason",
                        json_string("organisatie was op dat moment geen eigenaar of deelnemer"));
    json_array_append_new(rv->c.items, j);
    rv->c.n++;
    return rv->c.n >= rv->want ? 1 : 0;
}

/* Pages back through the period until limit records are flagged or REVIEW_SCAN_MAX scanned. */
static int review_query(struct store *st, struct store_audit_query *q, struct collect *out,
                        bool *more, struct err *e)
{
    struct review rv = {.c = *out, .st = st, .want = (size_t)q->limit};
    int64_t page = q->limit;
    *more = false;
    q->limit = 1000;
    for (;;) {
        size_t before = rv.scanned;
        int rc = store_audit_query(st, q, review_cb, &rv, e);
        if (rc > 0)
            rc = rv.c.err;
        if (rc != 0) {
            *out = rv.c;
            return rc;
        }
        if (rv.c.n >= rv.want || rv.scanned - before < 1000 || rv.scanned >= REVIEW_SCAN_MAX) {
            *more = rv.c.n >= rv.want || rv.scanned >= REVIEW_SCAN_MAX;
            break;
        }
        q->before_seq = rv.c.last_seq;
    }
    q->limit = page;
    *out = rv.c;
    return 0;
}

/* All pseudonyms a BSN search covers: every signal keeps its own person row (its own data key),
 * so one real person can have several. */
#define SUBJECTS_MAX 64
struct subjects {
    uint8_t s[SUBJECTS_MAX][AUDIT_SUBJECT_BYTES];
    size_t n;
};

static int build_query(struct app *a, const struct app_audit_filter *f, struct store_audit_query *q,
                       struct subjects *subj, bool *no_match, struct err *e)
{
    subj->n = 0;
    memset(q, 0, sizeof(*q));
    *no_match = false;
    int64_t days;
    q->limit = f->limit ? f->limit : 100;
    if (q->limit < 1 || q->limit > 1000)
        err_field(e, "limit", "1 tot 1000");
    if (f->from.n && clock_parse_date(f->from.p, f->from.n, &days) != 0)
        err_field(e, "from", "datum als JJJJ-MM-DD");
    else if (f->from.n)
        q->from_ts = clock_local_midnight_ms(days); /* the FG thinks in Dutch calendar days */
    if (f->to.n && clock_parse_date(f->to.p, f->to.n, &days) != 0)
        err_field(e, "to", "datum als JJJJ-MM-DD");
    else if (f->to.n)
        q->to_ts = clock_local_midnight_ms(days + 1);
    if (f->break_glass && f->not_participant)
        err_field(e, "queue", "kies één wachtrij");
    if (f->break_glass) {
        q->action = AUDIT_ACT_BREAK_GLASS;
    } else if (f->action.n) {
        enum audit_action act;
        if (audit_action_parse(f->action, &act) != 0)
            err_field(e, "action", "onbekende handeling");
        else
            q->action = (int)act;
    }
    q->before_seq = f->before > 0 ? (uint64_t)f->before : 0;
    int nsel = (f->person_bsn.n > 0) + (f->subject_user_id > 0) + (f->user_id > 0) + (f->org_id > 0);
    if (nsel > 1)
        err_field(e, "filter", "zoek op één van: persoon, betrokken account, gebruiker, organisatie");
    if (e && e->n_fields)
        return ERR_INVAL;
    if (f->person_bsn.n > 0) {
        /* The FG enters a BSN; the log holds only pseudonyms, so it is looked up in the person
         * register and turned into the same pseudonym. Several persons with one BSN: the first. */
        struct store *st = NULL;
        int64_t ids[SUBJECTS_MAX];
        size_t n = 0;
        struct err fe;
        err_clear(&fe);
        int rc = app_store(a, &st, e);
        if (rc == 0)
            rc = store_person_find_by_bsn(st, f->person_bsn, ids, ARRAY_LEN(ids), &n, &fe);
        if (rc == ERR_INVAL)
            return err_field(e, "person_bsn", "geen geldig BSN (9 cijfers)");
        if (rc != 0 && rc != ERR_TOOBIG)
            return rc;
        q->by = STORE_AUDIT_BY_SUBJECT;
        if (n == 0)
            *no_match = true; /* nobody with this BSN: nothing to search, no subject to log */
        for (size_t i = 0; i < n; i++)
            alog_subject(a, "person", ids[i], subj->s[subj->n++]);
        if (n > 0)
            memcpy(q->subject, subj->s[0], AUDIT_SUBJECT_BYTES);
    } else if (f->subject_user_id > 0) {
        q->by = STORE_AUDIT_BY_SUBJECT;
        alog_subject(a, "user", f->subject_user_id, q->subject);
        memcpy(subj->s[subj->n++], q->subject, AUDIT_SUBJECT_BYTES);
    } else if (f->user_id > 0) {
        q->by = STORE_AUDIT_BY_USER;
        q->user_id = f->user_id;
    } else if (f->org_id > 0) {
        q->by = STORE_AUDIT_BY_ORG;
        q->org_id = f->org_id;
    } else {
        q->by = STORE_AUDIT_BY_PERIOD;
    }
    return 0;
}

static int log_view(struct app *a, const struct alog_req *rq, enum audit_action act,
                    const struct store_audit_query *q, const struct subjects *sj, bool no_match,
                    struct err *e)
{
    if (rq == NULL)
        return 0;
    if (policy_check(&rq->actor, act == AUDIT_ACT_EXPORT ? "export" : "search", "audit_log", NULL,
                     NULL) != 0)
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot het toegangslogboek.");
    /* Reading the log is itself logged; the searched subject is the record's subject. */
    bool subj = q->by == STORE_AUDIT_BY_SUBJECT && !no_match;
    struct alog_ev ev = {.action = act == AUDIT_ACT_EXPORT ? AUDIT_ACT_EXPORT : AUDIT_ACT_LOG_VIEW,
                         .object_type = "audit_log", .purpose = "toezicht op rechtmatige toegang",
                         .subject_type = "pseudonym",
                         .subjects = subj ? (const uint8_t(*)[AUDIT_SUBJECT_BYTES])sj->s : NULL,
                         .n_subjects = subj ? sj->n : 0,
                         .fields = q->by == STORE_AUDIT_BY_USER ? "by_user"
                                   : q->by == STORE_AUDIT_BY_ORG ? "by_org"
                                   : subj ? "by_subject" : "by_period"};
    return alog_write(a, rq, &ev, e);
}

static int by_seq_desc(const void *x, const void *y)
{
    json_int_t a = json_integer_value(json_object_get(*(json_t *const *)x, "seq"));
    json_int_t b = json_integer_value(json_object_get(*(json_t *const *)y, "seq"));
    return a < b ? 1 : a > b ? -1 : 0;
}

/* Several pseudonyms (one person in several signals): the newest `limit` records of each,
 * merged newest first and cut to `limit`; paging by seq stays exact. */
static int merge_subjects(struct store *st, struct store_audit_query *q, const struct subjects *sj,
                          struct collect *c, bool *more, struct err *e)
{
    json_t *all = json_array();
    size_t n = 0;
    int rc = all ? 0 : ERR_NOMEM;
    for (size_t i = 0; rc == 0 && i < sj->n; i++) {
        struct collect one = {all, 0, 0, -1, 0};
        memcpy(q->subject, sj->s[i], AUDIT_SUBJECT_BYTES);
        rc = store_audit_query(st, q, collect_cb, &one, e);
        if (rc > 0)
            rc = one.err;
    }
    json_t **v = NULL;
    if (rc == 0 && (n = json_array_size(all)) > 0) {
        // NOLINTNEXTLINE(bugprone-sizeof-expression): v is an array of json_t pointers
        v = calloc(n, sizeof(*v));
        rc = v ? 0 : ERR_NOMEM;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        v[i] = json_array_get(all, i);
    if (rc == 0 && n > 0)
        // NOLINTNEXTLINE(bugprone-sizeof-expression): v is an array of json_t pointers
        qsort(v, n, sizeof(*v), by_seq_desc);
    size_t keep = n < (size_t)q->limit ? n : (size_t)q->limit;
    for (size_t i = 0; rc == 0 && v != NULL && i < keep; i++) { /* v == NULL: n == 0 */
        json_array_append(c->items, v[i]);
        c->last_seq = (uint64_t)json_integer_value(json_object_get(v[i], "seq"));
    }
    c->n = keep;
    *more = n > keep || keep == (size_t)q->limit;
    free(v);
    json_decref(all);
    return rc;
}

int app_audit_query(struct app *a, const struct alog_req *rq, const struct app_audit_filter *f,
                    json_t **out, struct err *e)
{
    struct store_audit_query q;
    struct store *st = NULL;
    struct subjects sj;
    bool no_match = false;
    *out = NULL;
    if (rq != NULL && policy_check(&rq->actor, "search", "audit_log", NULL, NULL) != 0)
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot het toegangslogboek.");
    int rc = build_query(a, f, &q, &sj, &no_match, e);
    if (rc == 0)
        rc = log_view(a, rq, AUDIT_ACT_LOG_VIEW, &q, &sj, no_match, e);
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    struct collect c = {json_array(), 0, 0, -1, 0};
    if (c.items == NULL)
        return ERR_NOMEM;
    bool more = false;
    if (f->not_participant) {
        rc = review_query(st, &q, &c, &more, e);
    } else if (sj.n > 1) {
        rc = merge_subjects(st, &q, &sj, &c, &more, e);
    } else {
        rc = no_match ? 0 : store_audit_query(st, &q, collect_cb, &c, e);
        if (rc > 0)
            rc = c.err;
        more = c.n == (size_t)q.limit;
    }
    if (rc != 0) {
        json_decref(c.items);
        return rc;
    }
    *out = json_pack("{s:o, s:o}", "items", c.items, "next_before",
                     more && c.last_seq > 0 ? json_integer((json_int_t)c.last_seq) : json_null());
    return *out ? 0 : ERR_NOMEM;
}

int app_audit_export(struct app *a, const struct alog_req *rq, const struct app_audit_filter *f,
                     int fd, size_t *out_n, struct err *e)
{
    struct store_audit_query q;
    struct store *st = NULL;
    *out_n = 0;
    if (rq != NULL && policy_check(&rq->actor, "export", "audit_log", NULL, NULL) != 0)
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot het toegangslogboek.");
    struct app_audit_filter g = *f;
    struct subjects sj;
    bool no_match = false;
    if (g.limit == 0)
        g.limit = 1000;
    int rc = build_query(a, &g, &q, &sj, &no_match, e);
    if (rc == 0)
        rc = log_view(a, rq, AUDIT_ACT_EXPORT, &q, &sj, no_match, e);
    if (rc == 0 && no_match)
        return 0;
    if (rc == 0)
        rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    /* Page through newest-first in pages of `limit` until the log is exhausted; a BSN held by
     * several person rows: one run per pseudonym. */
    uint64_t start = q.before_seq;
    for (size_t i = 0; i < (sj.n > 1 ? sj.n : 1); i++) {
        if (sj.n > 1)
            memcpy(q.subject, sj.s[i], AUDIT_SUBJECT_BYTES);
        q.before_seq = start;
        for (;;) {
            struct collect c = {NULL, 0, 0, fd, 0};
            rc = store_audit_query(st, &q, collect_cb, &c, e);
            if (rc > 0)
                rc = c.err;
            if (rc != 0)
                return rc;
            *out_n += c.n;
            if (c.n < (size_t)q.limit || c.last_seq == 0)
                break;
            q.before_seq = c.last_seq;
        }
    }
    return 0;
}

/* ---- retention ---------------------------------------------------------------------------- */

struct last_cp {
    int64_t cutoff;
    struct store *st;
    uint64_t best;
    uint64_t from;
};

static int ts_cb(void *ctx, const struct store_audit_row *row)
{
    *(int64_t *)ctx = row->ts;
    return 1; /* one row is enough */
}

static int cp_best_cb(void *ctx, uint64_t size, int64_t at, struct str note)
{
    (void)at;
    (void)note;
    struct last_cp *l = ctx;
    if (size <= l->from)
        return 0;
    int64_t ts = INT64_MAX;
    struct err e;
    err_clear(&e);
    /* the newest record of [from, size) is the one at size - 1 */
    int rc = store_audit_scan(l->st, size - 1, ts_cb, &ts, &e);
    if (rc < 0)
        return rc;
    if (ts < l->cutoff)
        l->best = size;
    return 0;
}

struct seg_ctx {
    struct audit_seg_builder b;
    uint64_t end;
    int err;
};

static int seg_cb(void *ctx, const struct store_audit_row *r)
{
    struct seg_ctx *s = ctx;
    if (r->seq >= s->end)
        return 1;
    struct audit_row row;
    struct err e;
    err_clear(&e);
    if (row_to_audit(r, &row, &e) != 0 || audit_seg_builder_add(&s->b, &row, &e) != 0) {
        s->err = ERR_CONFLICT;
        return 1;
    }
    return 0;
}

struct prev_chain {
    const struct audit_verifier *pk;
    uint64_t start;
    uint8_t chain[AUDIT_HASH_BYTES];
    bool found;
};

static int prev_cb(void *ctx, uint64_t start, uint64_t end, struct str note)
{
    (void)start;
    struct prev_chain *p = ctx;
    if (end != p->start)
        return 0;
    struct audit_seg_deletion d;
    struct err e;
    err_clear(&e);
    if (audit_segdel_parse_verify(note.p, note.n, p->pk, &d, &e) == 0) {
        memcpy(p->chain, d.head.chain_out, AUDIT_HASH_BYTES);
        p->found = true;
    }
    return 0;
}

int app_audit_retention(struct app *a, uint64_t *out_dropped, struct err *e)
{
    struct store *st = NULL;
    struct store_audit_head h;
    struct audit_state state;
    char *note = NULL;
    *out_dropped = 0;
    const struct audit_signer *signer = app_signer(a);
    if (signer == NULL)
        return err_set(e, ERR_INVAL, "de sleutel van het logboek ontbreekt");
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_tx_begin(st, e);
    if (rc != 0)
        return rc;
    rc = store_audit_head_get(st, &state, sizeof(state), &h, e);
    if (rc != 0 || !h.found)
        goto out;
    int64_t now = clock_now_ms();
    struct last_cp l = {now - app_config(a)->audit_retention_days * 86400000LL, st, 0,
                        (uint64_t)h.dropped_below};
    rc = store_audit_checkpoint_each(st, cp_best_cb, &l, e);
    if (rc != 0 || l.best == 0)
        goto out;
    uint64_t start = (uint64_t)h.dropped_below, end = l.best;
    uint8_t chain_in[AUDIT_HASH_BYTES];
    if (start == 0) {
        audit_chain_init(chain_in);
    } else {
        struct prev_chain p = {&signer->pub, start, {0}, false};
        rc = store_audit_drop_each(st, prev_cb, &p, e);
        if (rc != 0)
            goto out;
        if (!p.found) {
            rc = err_internal(e, ERR_CONFLICT, "no deletion entry ends at %" PRIu64, start);
            goto out;
        }
        memcpy(chain_in, p.chain, sizeof(chain_in));
    }
    struct seg_ctx s;
    memset(&s, 0, sizeof(s));
    s.end = end;
    audit_seg_builder_init(&s.b, start, chain_in);
    rc = store_audit_scan(st, start, seg_cb, &s, e);
    if (rc < 0)
        goto out;
    if (s.err != 0) {
        rc = err_set(e, ERR_CONFLICT,
                     "het segment klopt niet met zijn hashes; eerst 'regie audit verify'");
        goto out;
    }
    struct audit_seg_head head;
    rc = audit_seg_builder_finish(&s.b, &head, e);
    if (rc != 0)
        goto out;
    note = malloc(AUDIT_NOTE_MAX);
    size_t n = 0;
    if (note == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    rc = audit_segdel_sign(signer, &head, now, note, AUDIT_NOTE_MAX, &n, e);
    if (rc == 0)
        rc = store_audit_drop_segment(st, start, end, now, (struct str){note, n}, e);
    if (rc == 0)
        rc = store_tx_commit(st, e);
    if (rc == 0)
        *out_dropped = end - start;
out:
    {
        int r2 = store_tx_rollback(st, NULL); /* no-op after a commit */
        (void)r2;
    }
    free(note);
    return rc;
}

/* ---- proofs ------------------------------------------------------------------------------- */

struct leaves {
    uint8_t *p;
    uint64_t n, cap;
    uint64_t expect;
};

static int leaves_cb(void *ctx, const struct store_audit_row *row)
{
    struct leaves *l = ctx;
    if (row->seq != l->expect || l->n >= l->cap)
        return 1;
    memcpy(l->p + l->n * AUDIT_HASH_BYTES, row->leaf, AUDIT_HASH_BYTES);
    l->n++;
    l->expect++;
    return 0;
}

static int load_leaves(struct store *st, uint64_t size, struct leaves *l, struct err *e)
{
    memset(l, 0, sizeof(*l));
    if (size > 50000000)
        return err_set(e, ERR_TOOBIG, "bewijs over meer dan 50 miljoen records wordt niet ondersteund");
    l->p = malloc((size_t)(size ? size : 1) * AUDIT_HASH_BYTES);
    if (l->p == NULL)
        return ERR_NOMEM;
    l->cap = size;
    int rc = store_audit_scan(st, 0, leaves_cb, l, e);
    if (rc < 0)
        return rc;
    if (l->n != size)
        return err_set(e, ERR_CONFLICT,
                       "de records voor dit bewijs zijn niet (meer) volledig aanwezig");
    return 0;
}

struct cp_find {
    uint64_t want;
    uint64_t newest;
    char *note;
};

static int cp_find_cb(void *ctx, uint64_t size, int64_t at, struct str note)
{
    (void)at;
    struct cp_find *f = ctx;
    if (f->want ? size == f->want : size >= f->newest) {
        free(f->note);
        f->note = strndup(note.p, note.n);
        f->newest = size;
    }
    return 0;
}

static json_t *proof_json(const uint8_t *p, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char hex[65];
        hex_encode(p + i * AUDIT_HASH_BYTES, AUDIT_HASH_BYTES, hex, sizeof(hex));
        json_array_append_new(arr, json_string(hex));
    }
    return arr;
}

int app_audit_inclusion(struct app *a, uint64_t seq, json_t **out, struct err *e)
{
    struct store *st = NULL;
    struct leaves l = {0};
    struct cp_find f = {0, 0, NULL};
    uint8_t proof[AUDIT_PROOF_MAX * AUDIT_HASH_BYTES];
    size_t pn = 0;
    *out = NULL;
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_audit_checkpoint_each(st, cp_find_cb, &f, e);
    if (rc != 0)
        goto out;
    if (f.note == NULL || seq >= f.newest) {
        rc = err_set(e, ERR_NOTFOUND, "dit record valt (nog) niet onder een ondertekend checkpoint");
        goto out;
    }
    rc = load_leaves(st, f.newest, &l, e);
    if (rc != 0)
        goto out;
    struct audit_leaf_array arr = {l.p, l.n};
    struct audit_tree_src src = {audit_leaf_array_node, &arr};
    rc = audit_merkle_inclusion_proof(&src, seq, f.newest, proof, AUDIT_PROOF_MAX, &pn, e);
    if (rc != 0)
        goto out;
    char leaf[65];
    hex_encode(l.p + seq * AUDIT_HASH_BYTES, AUDIT_HASH_BYTES, leaf, sizeof(leaf));
    *out = json_pack("{s:I, s:I, s:s, s:o, s:s}", "seq", (json_int_t)seq, "tree_size",
                     (json_int_t)f.newest, "leaf_hash", leaf, "proof", proof_json(proof, pn),
                     "checkpoint", f.note);
    rc = *out ? 0 : ERR_NOMEM;
out:
    free(l.p);
    free(f.note);
    return rc;
}

int app_audit_consistency(struct app *a, uint64_t size1, uint64_t size2, json_t **out,
                          struct err *e)
{
    struct store *st = NULL;
    struct leaves l = {0};
    struct cp_find f1 = {size1, 0, NULL}, f2 = {size2, 0, NULL};
    uint8_t proof[AUDIT_PROOF_MAX * AUDIT_HASH_BYTES];
    size_t pn = 0;
    *out = NULL;
    if (size1 == 0 || size1 > size2)
        return err_set(e, ERR_INVAL, "kies twee checkpointgroottes met 0 < van <= tot");
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_audit_checkpoint_each(st, cp_find_cb, &f1, e);
    if (rc == 0)
        rc = store_audit_checkpoint_each(st, cp_find_cb, &f2, e);
    if (rc != 0)
        goto out;
    if (f1.note == NULL || f2.note == NULL) {
        rc = err_set(e, ERR_NOTFOUND, "er is geen ondertekend checkpoint van die grootte");
        goto out;
    }
    rc = load_leaves(st, size2, &l, e);
    if (rc != 0)
        goto out;
    struct audit_leaf_array arr = {l.p, l.n};
    struct audit_tree_src src = {audit_leaf_array_node, &arr};
    rc = audit_merkle_consistency_proof(&src, size1, size2, proof, AUDIT_PROOF_MAX, &pn, e);
    if (rc != 0)
        goto out;
    *out = json_pack("{s:I, s:I, s:o, s:s, s:s}", "from_size", (json_int_t)size1, "to_size",
                     (json_int_t)size2, "proof", proof_json(proof, pn), "from_checkpoint", f1.note,
                     "to_checkpoint", f2.note);
    rc = *out ? 0 : ERR_NOMEM;
out:
    free(l.p);
    free(f1.note);
    free(f2.note);
    return rc;
}
