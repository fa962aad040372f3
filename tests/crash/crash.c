/* crash.c: crash consistency (issue 12 item 2). One data dir with the demo municipality; per kill
 * point a mixed write workload (signal intake, case measures, family-support contacts, network
 * persons, meetings) runs from three client threads against `regie serve`, the server gets
 * SIGKILL after a random delay (seeded: REGIE_CRASH_SEED repeats a run), is served again, and:
 *  - every acknowledged write (the client saw 2xx) is in the database, and one per point is read
 *    back through the API as its owner;
 *  - every acknowledged write has its access-log record (same X-Request-Id and object id) in
 *    `regie audit query`;
 *  - `PRAGMA integrity_check` is ok; `regie audit verify --witness` passes (checkpoints every 64
 *    records, so a kill also lands between a checkpoint's commit and its witness copy);
 *  - nothing is half-applied: no signal without its subjects or its data key, no network person
 *    without its person row, the log head equals the log.
 * The workload also reads another case (GET, as the voorzitter, at most 100 reads per point), and
 * every answered read must have its access-log records after the restart.
 * 200 points (REGIE_LONG=1: 1,000; REGIE_CRASH_POINTS=N overrides). Prints
 * "crash: N kill points, M acknowledged requests checked, 0 lost".
 * Power loss (a test-hooks build: the sanitizer build of `make test`): the same kill points, but
 * after each kill every write of the server's SQLite files that no sync made durable is undone
 * (all of them, or a random half; src/store/faults.c keeps the undo log), and the same checks
 * hold. A kill alone cannot show a missing fsync, since the page cache keeps what was written:
 * with the connections at synchronous=NORMAL (no sync per commit) this test fails at its first
 * points (checked). 40 points (REGIE_LONG=1: 400; REGIE_POWERLOSS_POINTS=N).
 * Disk full (issue 12 item 3), as root: the data dir on a small tmpfs, filled; writes get
 * 503/507 problem+json and change nothing, reads answer or fail closed, and once space returns
 * writes work again without a restart. Skipped with a message when no tmpfs can be mounted.
 * Every person is fictional and no body is printed. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../api/harness.h"
#include "store/faults.h"

static struct srv S;
static struct srv_opts OPTS;
static char WITNESS[300];
static char PL_LOG[300]; /* the power-loss undo log (test-hooks builds) */
static const char *SERVE_ARGS[8];

static void stop(void)
{
    if (S.pid > 0) {
        kill(S.pid, SIGKILL);
        waitpid(S.pid, NULL, 0);
        S.pid = 0;
    }
    if (S.dir[0] != '\0') {
        umount2(S.dir, MNT_DETACH); /* the disk-full test's tmpfs, if it ended early */
        srv_stop(&S, false);        /* removes the data dir */
    }
    if (WITNESS[0] != '\0')
        unlink(WITNESS);
    if (PL_LOG[0] != '\0')
        unlink(PL_LOG);
}

TestSuite(crash, .fini = stop, .timeout = 3600);

/* ---- the workload ------------------------------------------------------------------------ */

enum kind { K_SIGNAL, K_MEASURE, K_CONTACT, K_NETWORK, K_MEETING, K_READ, N_KIND };

static const char *const KIND_NAME[N_KIND] = {"signal",         "measure", "contact",
                                              "network person", "meeting", "case read"};

/* The acknowledged write is in the database (and whole): one row. */
static const char *const KIND_SQL[N_KIND] = {
    "SELECT count(*) FROM signal s WHERE id = ?1 AND EXISTS (SELECT 1 FROM signal_subject "
    "WHERE signal_id = s.id) AND EXISTS (SELECT 1 FROM data_key WHERE group_id = s.group_id)",
    "SELECT count(*) FROM case_measure WHERE id = ?1",
    "SELECT count(*) FROM family_contact WHERE id = ?1",
    "SELECT count(*) FROM network_person np JOIN person p ON p.id = np.person_id "
    "WHERE np.id = ?1 OR np.person_id = ?1",
    "SELECT count(*) FROM meeting m WHERE id = ?1 AND EXISTS (SELECT 1 FROM data_key "
    "WHERE group_id = m.group_id)",
    "SELECT count(*) FROM pga_case WHERE id = ?1", /* a read: its records are what counts */
};

/* Half-applied operations anywhere in the database (acknowledged or not): each must be 0. */
static const char *const INVARIANTS[] = {
    "SELECT count(*) FROM signal s WHERE NOT EXISTS (SELECT 1 FROM signal_subject "
    "WHERE signal_id = s.id)",
    "SELECT count(*) FROM signal s WHERE NOT EXISTS (SELECT 1 FROM data_key "
    "WHERE group_id = s.group_id)",
    "SELECT count(*) FROM signal_subject ss WHERE NOT EXISTS (SELECT 1 FROM person "
    "WHERE id = ss.person_id)",
    "SELECT count(*) FROM network_person np WHERE NOT EXISTS (SELECT 1 FROM person "
    "WHERE id = np.person_id)",
    "SELECT count(*) FROM meeting m WHERE NOT EXISTS (SELECT 1 FROM data_key "
    "WHERE group_id = m.group_id)",
    "SELECT (SELECT size FROM audit_head) != (SELECT coalesce(max(seq) + 1, 0) FROM audit_log)",
};

struct ack {
    int kind;
    int64_t id;
    char rid[64];
};

static struct {
    struct sess dh, rd; /* the dossierhouder writes, the voorzitter reads a case */
    int64_t org_vs, u_dh, u_vz, u_rd, case_id, support_id, body_id;
    int64_t read_case_id; /* another case (its data subjects do not grow with the writes) */
    char today[11], meeting_day[11];
} W;

static struct {
    pthread_mutex_t mu;
    struct ack *v;
    size_t n, cap;
    atomic_bool stop;
    atomic_ulong refused; /* non-2xx answers other than 503 */
    atomic_uint reads;    /* case reads started in this point (at most MAX_READS) */
    atomic_int last_refusal;
} A = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void ack_add(int kind, int64_t id, const char *rid)
{
    pthread_mutex_lock(&A.mu);
    if (A.n == A.cap) {
        A.cap = A.cap ? A.cap * 2 : 1024;
        A.v = realloc(A.v, A.cap * sizeof(*A.v));
    }
    A.v[A.n].kind = kind;
    A.v[A.n].id = id;
    snprintf(A.v[A.n].rid, sizeof(A.v[A.n].rid), "%s", rid);
    A.n++;
    pthread_mutex_unlock(&A.mu);
}

/* The request of one write of kind k (path into p; body malloc'd). */
static char *write_req(int k, unsigned seq, char *p, size_t cap)
{
    json_t *b = NULL;
    char text[96], dob[11];
    snprintf(text, sizeof(text), "Fictieve crashtest-invoer %u", seq);
    /* a birth date of its own per signal: the same person again would make every intake read
     * the earlier ones (the known-person check logs those reads), and the reads per point grow */
    snprintf(dob, sizeof(dob), "%04u-%02u-%02u", 1950 + seq / 336 % 50, 1 + seq / 28 % 12,
             1 + seq % 28);
    if (k == K_READ) { /* a GET: no body */
        snprintf(p, cap, "/api/cases/%lld", (long long)W.read_case_id);
        return strdup("");
    }
    switch (k) {
    case K_SIGNAL:
        snprintf(p, cap, "/api/signals");
        b = json_pack("{s:I, s:s, s:[{s:s, s:s, s:s}], s:s, s:{s:b}}", "municipality_id",
                      (json_int_t)W.org_vs, "route", "professional", "subjects", "kind", "person",
                      "name", "Fictief Crashtestpersoon", "birth_date", dob, "observed", text,
                      "acute", "danger", 0);
        break;
    case K_MEASURE:
        snprintf(p, cap, "/api/cases/%lld/measures", (long long)W.case_id);
        b = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", "deradicalisering", "legal_basis",
                      "Fictieve wettelijke grondslag", "owner_org_id", (json_int_t)W.org_vs,
                      "decider", "casusoverleg", "status", "proposed", "description", text);
        break;
    case K_CONTACT:
        snprintf(p, cap, "/api/cases/%lld/family-support/%lld/contacts", (long long)W.case_id,
                 (long long)W.support_id);
        b = json_pack("{s:s, s:s, s:s}", "date", W.today, "channel", "telefoon", "note", text);
        break;
    case K_NETWORK:
        snprintf(p, cap, "/api/cases/%lld/network/persons", (long long)W.case_id);
        b = json_pack("{s:s, s:s}", "name", "Fictief Netwerkpersoon", "description", text);
        break;
    default:
        snprintf(p, cap, "/api/meetings");
        b = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "body_id", (json_int_t)W.body_id, "date",
                      W.meeting_day, "start_time", "10:00", "location", "Fictieve zaal", "chair_id",
                      (json_int_t)W.u_vz, "secretary_id", (json_int_t)W.u_dh);
        break;
    }
    char *s = b ? json_dumps(b, JSON_COMPACT) : NULL;
    json_decref(b);
    return s;
}

static int64_t new_id(const json_t *j)
{
    int64_t id = jint(j, "created_id");
    return id > 0 ? id : jint(j, "id");
}

#define MAX_READS 100

struct worker {
    pthread_t t;
    unsigned seed;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    static atomic_uint seq;
    while (!atomic_load(&A.stop)) {
        int k = (int)(rand_r(&w->seed) % N_KIND);
        /* a fast server reads hundreds of times in a point: the reads' records must stay
         * within what one `regie audit query` shows (1000) */
        if (k == K_READ && atomic_fetch_add(&A.reads, 1) >= MAX_READS)
            k = K_MEASURE;
        char p[160];
        char *body = write_req(k, atomic_fetch_add(&seq, 1), p, sizeof(p));
        if (body == NULL) {
            atomic_fetch_add(&A.refused, 1);
            atomic_store(&A.last_refusal, k);
            break;
        }
        struct resp r;
        int rc = k == K_READ ? sess_do(&S, &W.rd, "GET", p, NULL, NULL, NULL, &r)
                             : sess_do(&S, &W.dh, "POST", p, "application/json", body, NULL, &r);
        free(body);
        if (rc != 0)
            break; /* the server is gone */
        char rid[64] = "";
        if (r.status >= 200 && r.status < 300) {
            int64_t id = k == K_READ ? W.read_case_id : new_id(r.json);
            resp_header(&r, "X-Request-Id", rid, sizeof(rid));
            /* A 2xx whose body was cut off by the kill still counts: its id is then unknown,
             * so it is checked by its access-log record only (id -1). */
            ack_add(k, id > 0 ? id : -1, rid);
        } else if (r.status != 503 && !(k == K_NETWORK && r.status == 409)) {
            /* 409 for a network person: the network is full (500 persons; long runs) */
            atomic_fetch_add(&A.refused, 1);
            atomic_store(&A.last_refusal, r.status * 10 + k);
        }
        resp_free(&r);
    }
    return NULL;
}

/* ---- setup --------------------------------------------------------------------------------- */

static int64_t post_id(const char *path, json_t *body, const char *what)
{
    struct resp r;
    int st = sess_json(&S, &W.dh, "POST", path, body, &r);
    cr_assert(st == 200 || st == 201, "setup %s: %d", what, st);
    int64_t id = new_id(r.json);
    resp_free(&r);
    cr_assert(id > 0, "setup %s: no id", what);
    return id;
}

/* An open demo case of Voorbeeldstad that takes a measure, with a family support of its own,
 * and an overleg body for the meetings. */
static void fixtures(void)
{
    W.org_vs = demo_org_id(&S, "Gemeente Voorbeeldstad");
    W.u_dh = demo_id(&S, "dossierhouder");
    W.u_vz = demo_id(&S, "voorzitter");
    cr_assert(W.org_vs > 0 && W.u_dh > 0 && W.u_vz > 0, "demo data missing");
    srv_date(&S, 0, W.today);
    srv_date(&S, 7, W.meeting_day);
    login_ok(&S, "dossierhouder", &W.dh);
    login_ok(&S, "voorzitter", &W.rd);
    W.u_rd = W.u_vz;
    struct resp lr;
    cr_assert_eq(sess_json(&S, &W.dh, "GET", "/api/cases", NULL, &lr), 200, "GET /api/cases");
    json_t *cases = json_incref(json_object_get(lr.json, "items"));
    resp_free(&lr);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        char p[160];
        W.case_id = jint(c, "id");
        char *body = write_req(K_MEASURE, 0, p, sizeof(p));
        int st = sess_status(&S, &W.dh, "POST", p, "application/json", body);
        free(body);
        if (st == 201)
            break;
        W.case_id = 0;
    }
    json_array_foreach(cases, i, c)
    {
        char p[96];
        snprintf(p, sizeof(p), "/api/cases/%lld", (long long)jint(c, "id"));
        if (jint(c, "id") != W.case_id && sess_status(&S, &W.rd, "GET", p, NULL, NULL) == 200) {
            W.read_case_id = jint(c, "id");
            break;
        }
    }
    json_decref(cases);
    cr_assert(W.case_id > 0, "no demo case takes a measure");
    cr_assert(W.read_case_id > 0, "no second demo case the voorzitter may read");
    char p[160];
    snprintf(p, sizeof(p), "/api/cases/%lld/family-support", (long long)W.case_id);
    W.support_id =
        post_id(p,
                json_pack("{s:{s:s, s:s}, s:{s:s, s:I}, s:{s:s, s:s, s:s}}", "relative", "name",
                          "Fictief Crashfamilielid", "relation", "moeder", "supporter", "kind",
                          "dossierhouder", "user_id", (json_int_t)W.u_dh, "needs", "practical",
                          "Fictief", "emotional", "Fictief", "care", "Fictief"),
                "family support");
    W.body_id = post_id("/api/bodies",
                        json_pack("{s:s, s:s, s:[I]}", "kind", "casusoverleg", "name",
                                  "Fictief Crashoverleg", "members", (json_int_t)W.u_vz),
                        "overleg body");
}

/* ---- checks after each restart -------------------------------------------------------------- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static unsigned SEED, POINT;
static size_t LOST;

#define LOSS(...)                                                                                  \
    do {                                                                                           \
        LOST++;                                                                                    \
        cr_log_error("crash: point %u (REGIE_CRASH_SEED=%u): " __VA_ARGS__);                       \
    } while (0)

static int64_t q_int(sqlite3 *db, const char *sql, int64_t arg)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_int64(st, 1, arg);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

/* integrity_check, the invariants, and every acknowledged write of [from, to) in the database. */
static void check_db(size_t from, size_t to)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/regie.db", S.dir);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    bool ok = sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    if (!ok)
        LOSS("PRAGMA integrity_check is not ok", POINT, SEED);
    for (size_t i = 0; i < sizeof(INVARIANTS) / sizeof(INVARIANTS[0]); i++)
        if (q_int(db, INVARIANTS[i], 0) != 0)
            LOSS("half-applied operation (invariant %zu)", POINT, SEED, i);
    for (size_t i = from; i < to; i++)
        if (A.v[i].id > 0 && q_int(db, KIND_SQL[A.v[i].kind], A.v[i].id) != 1)
            LOSS("acknowledged %s %lld is missing", POINT, SEED, KIND_NAME[A.v[i].kind],
                 (long long)A.v[i].id);
    sqlite3_close(db);
}

/* True when one record (a line of `regie audit query`) has the write's request id and, when the
 * id is known, its object id (a network person's records name its case: the person is their
 * data subject). */
static bool logged(const char *out, const struct ack *a)
{
    char rid[96], obj[64];
    snprintf(rid, sizeof(rid), "\"regie.request_id\":\"%s\"", a->rid);
    snprintf(obj, sizeof(obj), "\"regie.object_id\":\"%lld\"",
             (long long)(a->kind == K_NETWORK ? W.case_id : a->id));
    for (const char *l = out; a->rid[0] != '\0' && *l != '\0';) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        const char *r = memmem(l, n, rid, strlen(rid));
        if (r != NULL && (a->id <= 0 || memmem(l, n, obj, strlen(obj)) != NULL))
            return true;
        l += n + (end != NULL);
    }
    return false;
}

/* `regie audit verify --witness` (a thread: it runs beside the query); its exit code into arg. */
static void *verify_run(void *arg)
{
    const char *verify[] = {"audit", "verify", "--witness", WITNESS, NULL};
    *(int *)arg = srv_run(&S, NULL, verify);
    return NULL;
}

/* Every acknowledged write of [from, to) has an access-log record with its request id; seq0 is
 * the last record's seq before the point began. */
static void check_audit(size_t from, size_t to, int64_t seq0)
{
    pthread_t vt;
    int vrc = -1;
    cr_assert_eq(pthread_create(&vt, NULL, verify_run, &vrc), 0); /* beside the query */
    /* The create and update records made since the point began, newest first, per action so
     * that one query (at most 1000 records) covers them; and the reader's read records (a
     * network person's creation reads the whole network, so all reads of a point can be many
     * thousands). */
    char reader[24];
    snprintf(reader, sizeof(reader), "%lld", (long long)W.u_rd);
    static const struct {
        int code;
        const char *name;
        bool reader;
    } acts[] = {{1, "create", false}, {2, "read", true}, {3, "update", false}};
    char *out = NULL;
    size_t out_n = 0;
    for (size_t k = 0; k < sizeof(acts) / sizeof(acts[0]); k++) {
        char sql[160], limit[24];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM audit_log WHERE seq > %lld AND action = %d%s%s",
                 (long long)seq0, acts[k].code, acts[k].reader ? " AND user_id = " : "",
                 acts[k].reader ? reader : "");
        int64_t since = db_int(&S, sql);
        cr_assert(since >= 0 && since < 1000, "%lld %s records in one point (a query shows 1000)",
                  (long long)since, acts[k].name);
        snprintf(limit, sizeof(limit), "%lld", (long long)since + 1);
        const char *query[] = {"audit",  "query", "--action", acts[k].name, "--limit", limit,
                               "--user", reader,  NULL};
        if (!acts[k].reader)
            query[6] = NULL;
        char *part = NULL;
        cr_assert_eq(srv_run(&S, &part, query), 0, "regie audit query failed");
        size_t pn = part ? strlen(part) : 0;
        out = realloc(out, out_n + pn + 2);
        cr_assert_not_null(out);
        memcpy(out + out_n, part ? part : "", pn);
        out_n += pn;
        out[out_n++] = '\n';
        out[out_n] = '\0';
        free(part);
    }
    for (size_t i = from; i < to; i++) {
        const struct ack *a = &A.v[i];
        if (!logged(out, a))
            LOSS("acknowledged %s %lld has no access-log record", POINT, SEED, KIND_NAME[a->kind],
                 (long long)a->id);
    }
    free(out);
    pthread_join(vt, NULL);
    if (vrc != 0)
        LOSS("regie audit verify --witness failed (exit %d)", POINT, SEED, vrc);
}

/* One acknowledged signal or meeting of [from, to) read back through the API as its owner. */
static void check_api(size_t from, size_t to)
{
    for (size_t i = to; i > from; i--) {
        const struct ack *a = &A.v[i - 1];
        if (a->id <= 0 || (a->kind != K_SIGNAL && a->kind != K_MEETING))
            continue;
        char p[96];
        snprintf(p, sizeof(p), "/api/%s/%lld", a->kind == K_SIGNAL ? "signals" : "meetings",
                 (long long)a->id);
        int st = sess_status(&S, &W.dh, "GET", p, NULL, NULL);
        if (st != 200)
            LOSS("acknowledged %s %lld reads %d", POINT, SEED, KIND_NAME[a->kind], (long long)a->id,
                 st);
        return;
    }
}

static unsigned env_uint(const char *name, unsigned dflt)
{
    const char *v = getenv(name);
    return v && *v ? (unsigned)strtoul(v, NULL, 10) : dflt;
}

#define N_WORKERS 3
#define MAX_DELAY_MS 150

/* ---- power loss ------------------------------------------------------------------------------
 * A test-hooks server keeps an undo log of its SQLite files (src/store/faults.c, faults.h). After
 * the kill, every write and truncation that no later sync of its file made durable is undone, as
 * a power cut could have left the disk: all of them (the disk kept nothing unsynced), or a random
 * half of them, newest first (the disk kept some writes and not others; a kept write past the
 * old end whose undo is chosen becomes zeros). Whatever was acknowledged must still be there. */

struct pl_op {
    struct pl_rec r;
    const char *path;
    const uint8_t *data;
    int64_t pos; /* the record's offset in the log */
};

static size_t PL_UNDONE, PL_UNDONE_BYTES;

static void pl_file(const struct pl_op *ops, size_t n, const char *path, bool half, unsigned *rng)
{
    int64_t covered = 0, durable = -1, durable_pos = -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ops[i].path, path) != 0)
            continue;
        if (ops[i].r.kind == PL_SYNC) {
            if (ops[i].r.off > covered)
                covered = ops[i].r.off;
            if (ops[i].pos > durable_pos) {
                durable_pos = ops[i].pos;
                durable = ops[i].r.size;
            }
        } else if (ops[i].r.kind == PL_OPEN && durable < 0) {
            durable = ops[i].r.size; /* until a sync: the size it was opened with */
        }
    }
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return; /* deleted since (a journal): nothing of it to keep */
    static const uint8_t zeros[65536];
    for (size_t i = n; i > 0; i--) {
        const struct pl_op *o = &ops[i - 1];
        if (strcmp(o->path, path) != 0 || o->pos < covered ||
            (o->r.kind != PL_WRITE && o->r.kind != PL_TRUNCATE))
            continue;
        if (half && rand_r(rng) % 2 == 0)
            continue; /* this one reached the disk */
        PL_UNDONE++;
        if (o->r.kind == PL_TRUNCATE)
            cr_assert_eq(ftruncate(fd, o->r.size), 0);
        if (o->r.data_len > 0) /* a write: where it wrote; a truncation: from the new end */
            cr_assert_eq(pwrite(fd, o->data, o->r.data_len, o->r.off), (ssize_t)o->r.data_len);
        PL_UNDONE_BYTES += o->r.data_len;
        if (half && o->r.kind == PL_WRITE) { /* past the old end: zeros, within the file */
            struct stat sb;
            cr_assert_eq(fstat(fd, &sb), 0);
            int64_t from = o->r.off + o->r.data_len, to = o->r.off + o->r.len;
            if (to > sb.st_size)
                to = sb.st_size;
            for (; from < to; from += (int64_t)sizeof(zeros)) {
                size_t k = (size_t)(to - from < (int64_t)sizeof(zeros) ? to - from
                                                                       : (int64_t)sizeof(zeros));
                cr_assert_eq(pwrite(fd, zeros, k, from), (ssize_t)k);
            }
        }
    }
    if (!half && durable >= 0)
        cr_assert_eq(ftruncate(fd, durable), 0);
    close(fd);
}

/* Undoes what no sync covered, in every file of the log; then empties the log. */
static void power_loss(bool half, unsigned *rng)
{
    int fd = open(PL_LOG, O_RDONLY | O_CLOEXEC);
    cr_assert(fd >= 0, "no power-loss log: is REGIE_BIN a test-hooks build?");
    struct stat sb;
    cr_assert_eq(fstat(fd, &sb), 0);
    uint8_t *log = malloc((size_t)sb.st_size + 1);
    cr_assert_not_null(log);
    cr_assert_eq(read(fd, log, (size_t)sb.st_size), (ssize_t)sb.st_size);
    close(fd);
    size_t n = 0, cap = 1024;
    struct pl_op *ops = malloc(cap * sizeof(*ops));
    cr_assert_not_null(ops);
    for (int64_t at = 0; at < sb.st_size;) {
        struct pl_op o;
        /* The kill can cut the last record short (a write is interrupted by SIGKILL between
         * pages): its own write had not begun, so there is nothing to undo for it. */
        if (at + (int64_t)sizeof(o.r) > sb.st_size)
            break;
        memcpy(&o.r, log + at, sizeof(o.r));
        cr_assert_eq(o.r.magic, PL_MAGIC, "power-loss log damaged at %lld", (long long)at);
        if (at + (int64_t)sizeof(o.r) + o.r.path_len + o.r.data_len > sb.st_size)
            break;
        o.pos = at;
        o.data = log + at + sizeof(o.r) + o.r.path_len;
        char *path = strndup((const char *)log + at + sizeof(o.r), o.r.path_len);
        cr_assert_not_null(path);
        o.path = path;
        at += (int64_t)sizeof(o.r) + o.r.path_len + o.r.data_len;
        if (n == cap) {
            cap *= 2;
            ops = realloc(ops, cap * sizeof(*ops));
            cr_assert_not_null(ops);
        }
        ops[n++] = o;
    }
    for (size_t i = 0; i < n; i++) {
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(ops[j].path, ops[i].path) != 0;
        if (first)
            pl_file(ops, n, ops[i].path, half, rng);
    }
    for (size_t i = 0; i < n; i++)
        free((char *)ops[i].path);
    free(ops);
    free(log);
    cr_assert_eq(truncate(PL_LOG, 0), 0);
}

/* ---- the kill points ------------------------------------------------------------------------ */

/* points kill points against a server started with OPTS; with power, each kill is followed by
 * a power loss (all unsynced writes lost, or a random half). */
static void run_points(unsigned points, bool power, const char *what)
{
    size_t na = 0;
    snprintf(WITNESS, sizeof(WITNESS), "/tmp/regie-crash-witness-XXXXXX");
    int wfd = mkstemp(WITNESS);
    cr_assert(wfd >= 0, "mkstemp");
    close(wfd);
    SERVE_ARGS[na++] = "--audit_witness";
    SERVE_ARGS[na++] = WITNESS;
    SERVE_ARGS[na++] = "--audit_checkpoint_records";
    SERVE_ARGS[na++] = "64";
    SERVE_ARGS[na] = NULL;
    static char pl_env[sizeof("REGIE_TEST_POWERLOSS_LOG=") + sizeof(PL_LOG)];
    static const char *env[2];
    if (power) {
        snprintf(PL_LOG, sizeof(PL_LOG), "/tmp/regie-powerloss-XXXXXX");
        int pfd = mkstemp(PL_LOG);
        cr_assert(pfd >= 0, "mkstemp");
        close(pfd);
        snprintf(pl_env, sizeof(pl_env), "REGIE_TEST_POWERLOSS_LOG=%s", PL_LOG);
        env[0] = pl_env;
    }
    OPTS = (struct srv_opts){.demo = true, .args = SERVE_ARGS, .env = power ? env : NULL};
    srv_start_opts(&S, &OPTS);
    fixtures();

    unsigned rng = SEED;
    int64_t t_all = mono_ms(), t_restart = 0, t_check = 0, t_max = 0;
    unsigned n_half = 0;
    for (POINT = 0; POINT < points; POINT++) {
        int64_t t0 = mono_ms();
        size_t from = A.n;
        int64_t seq0 = db_int(&S, "SELECT coalesce(max(seq), 0) FROM audit_log");
        /* One point in eight kills at once (the first write in flight); the others let the
         * workload get going (first acknowledged write, at most 5 s) and then kill at a random
         * moment, so a slow (sanitizer) server is also killed in the middle of its work. */
        bool at_once = rand_r(&rng) % 8 == 0;
        long delay = (long)(rand_r(&rng) % MAX_DELAY_MS);
        struct worker w[N_WORKERS];
        atomic_store(&A.stop, false);
        atomic_store(&A.reads, 0);
        for (int i = 0; i < N_WORKERS; i++) {
            w[i].seed = (unsigned)rand_r(&rng);
            cr_assert_eq(pthread_create(&w[i].t, NULL, worker_run, &w[i]), 0);
        }
        for (int64_t until = mono_ms() + 5000; !at_once && mono_ms() < until;) {
            pthread_mutex_lock(&A.mu);
            bool going = A.n > from;
            pthread_mutex_unlock(&A.mu);
            if (going)
                break;
            nap(1);
        }
        nap(delay);
        cr_assert_eq(kill(S.pid, SIGKILL), 0);
        int wst;
        waitpid(S.pid, &wst, 0);
        S.pid = 0;
        atomic_store(&A.stop, true);
        for (int i = 0; i < N_WORKERS; i++)
            pthread_join(w[i].t, NULL);
        int64_t t1 = mono_ms();
        if (power) {
            bool half = rand_r(&rng) % 2 == 0;
            n_half += half;
            power_loss(half, &rng);
        }
        srv_restart(&S, &OPTS);
        int64_t t2 = mono_ms();
        check_db(from, A.n);
        check_audit(from, A.n, seq0);
        check_api(from, A.n);
        int64_t t3 = mono_ms();
        t_restart += t2 - t1;
        t_check += t3 - t2;
        if (t3 - t0 > t_max)
            t_max = t3 - t0;
    }
    int64_t wall = mono_ms() - t_all;
    /* CPU time of the test, the servers and the CLI runs: the cost independent of the load. */
    struct rusage ru_self, ru_kids;
    getrusage(RUSAGE_SELF, &ru_self);
    getrusage(RUSAGE_CHILDREN, &ru_kids);
    double cpu = (double)(ru_self.ru_utime.tv_sec + ru_self.ru_stime.tv_sec +
                          ru_kids.ru_utime.tv_sec + ru_kids.ru_stime.tv_sec) +
                 (double)(ru_self.ru_utime.tv_usec + ru_self.ru_stime.tv_usec +
                          ru_kids.ru_utime.tv_usec + ru_kids.ru_stime.tv_usec) /
                     1e6;
    printf("%s: %u kill points in %.1f s: %.0f ms per point (max %lld; restart %.0f ms, "
           "checks %.0f ms); %.1f s CPU\n",
           what, points, (double)wall / 1000.0, (double)wall / points, (long long)t_max,
           (double)t_restart / points, (double)t_check / points, cpu);
    if (power)
        printf("%s: %u points lost every unsynced write, %u a random half: %zu writes undone "
               "(%zu bytes put back)\n",
               what, points - n_half, n_half, PL_UNDONE, PL_UNDONE_BYTES);
    size_t per[N_KIND] = {0};
    for (size_t i = 0; i < A.n; i++)
        per[A.v[i].kind]++;
    printf("%s: acknowledged: %zu signals, %zu measures, %zu contacts, %zu network persons, "
           "%zu meetings, %zu case reads\n",
           what, per[K_SIGNAL], per[K_MEASURE], per[K_CONTACT], per[K_NETWORK], per[K_MEETING],
           per[K_READ]);
    printf("%s: %u kill points, %zu acknowledged requests checked, %zu lost\n", what, points, A.n,
           LOST);
    fflush(stdout);
    cr_expect_eq(atomic_load(&A.refused), 0,
                 "%lu requests were refused (last: status %d, kind %d): the workload is invalid",
                 (unsigned long)atomic_load(&A.refused), atomic_load(&A.last_refusal) / 10,
                 atomic_load(&A.last_refusal) % 10);
    cr_expect_geq(A.n, points / 2, "too few acknowledged requests to mean anything");
    cr_expect_eq(LOST, 0, "acknowledged requests lost or half-applied state after %s",
                 power ? "power loss" : "SIGKILL");
    free(A.v);
    if (power)
        unlink(PL_LOG);
}

Test(crash, acknowledged_writes_survive_sigkill)
{
    unsigned points = env_uint("REGIE_CRASH_POINTS", env_uint("REGIE_LONG", 0) ? 1000 : 200);
    SEED = env_uint("REGIE_CRASH_SEED", (unsigned)time(NULL) ^ (unsigned)getpid());
    printf("crash: seed %u (REGIE_CRASH_SEED=%u repeats this run)\n", SEED, SEED);
    fflush(stdout);
    run_points(points, false, "crash");
}

/* Needs the undo log of a test-hooks build (the sanitizer build of `make test`); the gcc build
 * has no hooks and says so. */
Test(crash, acknowledged_work_survives_power_loss)
{
    if (!regie_test_hooks())
        cr_skip_test("power loss needs a test-hooks build (the sanitizer build runs it)");
    unsigned points = env_uint("REGIE_POWERLOSS_POINTS", env_uint("REGIE_LONG", 0) ? 400 : 40);
    SEED = env_uint("REGIE_CRASH_SEED", (unsigned)time(NULL) ^ (unsigned)getpid());
    printf("power loss: seed %u (REGIE_CRASH_SEED=%u repeats this run)\n", SEED, SEED);
    fflush(stdout);
    run_points(points, true, "power loss");
}

/* ---- disk full (issue 12 item 3) ------------------------------------------------------------ */

#define FULL_MB "24"

/* Moves the stopped server's data dir onto a fresh tmpfs of FULL_MB MiB. False when the mount
 * is not possible (not root, no CAP_SYS_ADMIN); the data dir is then left as it was. */
static bool data_dir_on_tmpfs(void)
{
    char save[320], cmd[1024];
    snprintf(save, sizeof(save), "%s.disk", S.dir);
    cr_assert_eq(rename(S.dir, save), 0);
    cr_assert_eq(mkdir(S.dir, 0700), 0);
    if (mount("tmpfs", S.dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=" FULL_MB "m,mode=0700") != 0) {
        rmdir(S.dir);
        cr_assert_eq(rename(save, S.dir), 0);
        return false;
    }
    snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s/' && rm -rf '%s'", save, S.dir, save);
    cr_assert_eq(system(cmd), 0, "cannot copy the data dir onto the tmpfs");
    return true;
}

/* Fills the file system of the data dir: a filler file grows until ENOSPC. */
static void fill(const char *filler)
{
    int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0, "cannot create the filler file");
    static char chunk[65536];
    memset(chunk, 'x', sizeof(chunk));
    size_t n = sizeof(chunk);
    while (n > 0) {
        ssize_t w = write(fd, chunk, n);
        if (w < 0)
            n /= 2; /* ENOSPC: finish the last pages with smaller writes */
    }
    fsync(fd);
    close(fd);
}

static bool refused_whole(const struct resp *r)
{
    return (r->status == 503 || r->status == 507) && resp_is_problem(r);
}

Test(crash, disk_full_refuses_writes_and_recovers_without_restart)
{
    if (geteuid() != 0)
        cr_skip_test("disk full: needs root to mount a tmpfs as the data dir (skipped)");
    OPTS = (struct srv_opts){.demo = true};
    srv_start_opts(&S, &OPTS);
    fixtures();
    kill(S.pid, SIGTERM);
    waitpid(S.pid, NULL, 0);
    S.pid = 0;
    if (!data_dir_on_tmpfs())
        cr_skip_test("disk full: cannot mount a tmpfs (no CAP_SYS_ADMIN?) (skipped)");
    srv_restart(&S, &OPTS);
    char p[160];
    char *body = write_req(K_SIGNAL, 1, p, sizeof(p));
    struct resp r;
    cr_assert_eq(sess_do(&S, &W.dh, "POST", p, "application/json", body, NULL, &r), 0);
    cr_assert_eq(r.status, 201, "a write before the disk is full: %d", r.status);
    int64_t sig = new_id(r.json);
    resp_free(&r);

    char filler[320];
    snprintf(filler, sizeof(filler), "%s/filler", S.dir);
    fill(filler);
    /* Writes until one is refused (the WAL may still hold a few pages). */
    int n_ok = 0;
    for (;;) {
        cr_assert_eq(sess_do(&S, &W.dh, "POST", p, "application/json", body, NULL, &r), 0,
                     "no answer to a write on a full disk (server died?)");
        if (r.status != 201)
            break;
        resp_free(&r);
        cr_assert_lt(++n_ok, 200, "200 writes succeeded on a full disk");
    }
    cr_expect(refused_whole(&r), "a write on a full disk: %d, want 503/507 problem+json", r.status);
    resp_free(&r);
    static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};
    unsigned char fp0[32], fp1[32];
    db_fingerprint_skip(&S, VOLATILE, fp0);
    for (int k = 0; k < K_READ; k++) { /* the writes (reads follow below) */
        char kp[160];
        char *b = write_req(k, 2, kp, sizeof(kp));
        cr_assert_eq(sess_do(&S, &W.dh, "POST", kp, "application/json", b, NULL, &r), 0);
        cr_expect(refused_whole(&r), "%s on a full disk: %d, want 503/507 problem+json",
                  KIND_NAME[k], r.status);
        resp_free(&r);
        free(b);
    }
    db_fingerprint_skip(&S, VOLATILE, fp1);
    cr_expect(memcmp(fp0, fp1, 32) == 0, "refused writes changed the database");
    for (size_t i = 0; i < sizeof(INVARIANTS) / sizeof(INVARIANTS[0]); i++)
        cr_expect_eq(db_int(&S, INVARIANTS[i]), 0, "half-applied operation (invariant %zu)", i);
    /* Reads go on, or fail closed (their access-log records cannot be written either). */
    char rp[96];
    snprintf(rp, sizeof(rp), "/api/signals/%lld", (long long)sig);
    cr_assert_eq(sess_do(&S, &W.dh, "GET", rp, NULL, NULL, NULL, &r), 0);
    cr_expect(r.status == 200 || refused_whole(&r), "a read on a full disk: %d", r.status);
    int read_st = r.status;
    resp_free(&r);

    /* Space returns: writes work again without a restart. */
    cr_assert_eq(unlink(filler), 0);
    cr_assert_eq(sess_do(&S, &W.dh, "POST", p, "application/json", body, NULL, &r), 0);
    cr_expect_eq(r.status, 201, "a write once space returned: %d", r.status);
    int64_t after = new_id(r.json);
    resp_free(&r);
    snprintf(rp, sizeof(rp), "/api/signals/%lld", (long long)after);
    cr_expect_eq(sess_status(&S, &W.dh, "GET", rp, NULL, NULL), 200, "read back after recovery");
    free(body);
    printf("crash: disk full: %d writes fitted, then refused whole (503/507); a read answered "
           "%d; writes recovered without restart\n",
           n_ok, read_st);
    fflush(stdout);

    kill(S.pid, SIGTERM);
    waitpid(S.pid, NULL, 0);
    S.pid = 0;
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM pragma_integrity_check WHERE "
                            "integrity_check != 'ok'"),
                 0, "integrity_check after the disk was full");
    const char *verify[] = {"audit", "verify", NULL};
    cr_expect_eq(srv_run(&S, NULL, verify), 0, "regie audit verify after the disk was full");
    cr_expect_eq(umount2(S.dir, MNT_DETACH), 0, "umount");
}
