/* elsewhere.c: "known elsewhere?" between two regions (see elsewhere.h and
 * docs/known-elsewhere.md). */
#include "core/common.h"

#include <dirent.h>
#include <pthread.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/breakglass.h"
#include "app/case.h"
#include "app/elsewhere.h"
#include "app/input.h"
#include "app/signal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/parse.h"
#include "core/rand.h"
#include "store/elsewhere.h"
#include "store/store.h"

#define PEER_DIR "peers"
#define PEER_HEADER "regie-peer v1"
#define KEYFILE_HEADER "regie-peer-key v1"
#define FILE_MAX 4096
#define WIRE_PATH "/api/peer/known-elsewhere"
#define AD_MAX 96
#define BATCH 32          /* persons whose tags one transaction writes */
#define ANSWER_BUDGET_MS 3000 /* tag making a question may wait for before niet_gereed */
#define TAGS_MAX 2        /* bsn, name_dob */
#define NOT_OPEN "Deze casus bestaat niet of u heeft er geen toegang toe."

static const char *const ANSWERS[] = {"ja", "nee", "niet_gereed"};
enum { ANS_YES, ANS_NO, ANS_NOT_READY };

bool elsewhere_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > STORE_PEER_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

bool elsewhere_contact_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0 || n > ELSEWHERE_CONTACT_MAX || !str_utf8_valid(str_from_cstr(v), false))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20) /* one line: no tab, CR or LF either */
            return false;
    return true;
}

/* ---- the files -------------------------------------------------------------------------------- */

static int read_file(const char *path, char *out, size_t cap, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? ERR_NOTFOUND : err_internal(e, ERR_IO, "peer file: open");
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, out + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return err_internal(e, ERR_IO, "peer file: read");
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n >= cap - 1)
            break;
    }
    close(fd);
    out[n] = '\0';
    if (n >= cap - 1)
        return err_internal(e, ERR_TOOBIG, "peer file: too long");
    return 0;
}

static int write_new_file(const char *path, const char *text, struct err *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno == EEXIST ? err_set(e, ERR_CONFLICT, "Dit bestand bestaat al.")
                               : err_internal(e, ERR_IO, "peer file: create");
    size_t n = strlen(text), off = 0;
    int rc = 0;
    while (off < n) {
        ssize_t w = write(fd, text + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = err_internal(e, ERR_IO, "peer file: write");
            break;
        }
        off += (size_t)w;
    }
    if (rc == 0 && fsync(fd) != 0)
        rc = err_internal(e, ERR_IO, "peer file: fsync");
    close(fd);
    if (rc != 0)
        unlink(path);
    return rc;
}

static int peer_path(const struct config *cfg, const char *id, char *out, size_t cap)
{
    char name[64];
    snprintf(name, sizeof(name), PEER_DIR "/%s.peer", id);
    return app_path(cfg, name, out, cap);
}

static int b64_decode(const char *v, uint8_t *out, size_t n)
{
    size_t got = 0;
    return sodium_base642bin(out, n, v, strlen(v), NULL, &got, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 && got == n
               ? 0
               : ERR_INVAL;
}

/* Copies v into dst[0..cap) with its NUL; ERR_INVAL when it does not fit. */
static int copy_value(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap)
        return ERR_INVAL;
    memcpy(dst, v, n + 1);
    return 0;
}

/* Parses "name value" lines into p; known names only, the key and every required one present. */
static int parse_lines(char *text, const char *header, struct elsewhere_peer *p, bool key_only,
                       struct err *e)
{
    unsigned line = 0, seen = 0, bit = 0;
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        line++;
        if (line == 1) {
            if (strcmp(l, header) != 0)
                return err_internal(e, ERR_INVAL, "peer file line 1: not %s", header);
            continue;
        }
        char *sp = strchr(l, ' ');
        if (sp == NULL)
            return err_internal(e, ERR_INVAL, "peer file line %u: no value", line);
        *sp = '\0';
        const char *k = l, *v = sp + 1;
        int64_t num = 0;
        int bad = 0;
        if (strcmp(k, "key") == 0) {
            bad = b64_decode(v, p->key, sizeof(p->key));
            bit = 1;
        } else if (strcmp(k, "ops") == 0) {
            bad = parse_i64(str_from_cstr(v), 1, CRYPTO_PEER_OPS_MAX, &num);
            p->ops = (unsigned)num;
            bit = 2;
        } else if (strcmp(k, "mem_kib") == 0) {
            bad = parse_i64(str_from_cstr(v), CRYPTO_PEER_MEM_KIB_MIN, CRYPTO_PEER_MEM_KIB_MAX,
                            &num);
            p->mem_kib = (unsigned)num;
            bit = 4;
        } else if (!key_only && strcmp(k, "peer") == 0) {
            bad = elsewhere_id_ok(v) ? copy_value(p->id, sizeof(p->id), v) : ERR_INVAL;
            bit = 8;
        } else if (!key_only && strcmp(k, "self") == 0) {
            bad = elsewhere_id_ok(v) ? copy_value(p->self, sizeof(p->self), v) : ERR_INVAL;
            bit = 16;
        } else if (!key_only && strcmp(k, "url") == 0) {
            struct err ue;
            err_clear(&ue);
            bad = copy_value(p->url, sizeof(p->url), v);
            if (bad == 0)
                bad = net_url_check(v, "url", &ue);
            bit = 32;
        } else if (!key_only && strcmp(k, "contact") == 0) {
            bad = elsewhere_contact_ok(v) ? copy_value(p->contact, sizeof(p->contact), v)
                                          : ERR_INVAL;
            bit = 64;
        } else if (!key_only && strcmp(k, "ask_day_max") == 0) {
            bad = parse_i64(str_from_cstr(v), 0, 100000, &p->ask_day_max);
            bit = 128;
        } else if (!key_only && strcmp(k, "answer_day_max") == 0) {
            bad = parse_i64(str_from_cstr(v), 0, 1000000, &p->answer_day_max);
            bit = 256;
        } else {
            return err_internal(e, ERR_INVAL, "peer file line %u: unknown name", line);
        }
        if (seen & bit)
            return err_internal(e, ERR_INVAL, "peer file line %u: %s twice", line, k);
        seen |= bit;
        if (bad != 0)
            return err_internal(e, ERR_INVAL, "peer file line %u: bad %s", line, k);
    }
    unsigned need = key_only ? 7u : 511u;
    if ((seen & need) != need)
        return err_internal(e, ERR_INVAL, "peer file: a line is missing");
    return 0;
}

int elsewhere_peer_load(const struct config *cfg, const char *id, struct elsewhere_peer *p,
                        struct err *e)
{
    char path[CONFIG_PATH_MAX + 64], text[FILE_MAX];
    memset(p, 0, sizeof(*p));
    if (!elsewhere_id_ok(id) || peer_path(cfg, id, path, sizeof(path)) != 0)
        return ERR_NOTFOUND;
    int rc = read_file(path, text, sizeof(text), e);
    if (rc == 0)
        rc = parse_lines(text, PEER_HEADER, p, false, e);
    if (rc == 0 && strcmp(p->id, id) != 0)
        rc = err_internal(e, ERR_INVAL, "peer file: peer is not its file name");
    crypto_wipe(text, sizeof(text));
    if (rc != 0)
        crypto_wipe(p->key, sizeof(p->key));
    return rc;
}

static void key_b64(const struct elsewhere_peer *p, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, p->key, sizeof(p->key), sodium_base64_VARIANT_ORIGINAL);
}

int elsewhere_peer_save(const struct config *cfg, const struct elsewhere_peer *p, struct err *e)
{
    char dir[CONFIG_PATH_MAX + 16], path[CONFIG_PATH_MAX + 64], text[FILE_MAX];
    char b64[sodium_base64_ENCODED_LEN(CRYPTO_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    if (!elsewhere_id_ok(p->id) || !elsewhere_id_ok(p->self))
        return err_field(e, "peer", "gebruik 1 tot 32 kleine letters, cijfers of '-'");
    if (app_path(cfg, PEER_DIR, dir, sizeof(dir)) != 0 ||
        peer_path(cfg, p->id, path, sizeof(path)) != 0)
        return err_internal(e, ERR_TOOBIG, "peer path");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return err_internal(e, ERR_IO, "peers dir");
    key_b64(p, b64, sizeof(b64));
    snprintf(text, sizeof(text),
             PEER_HEADER "\npeer %s\nself %s\nurl %s\nkey %s\nops %u\nmem_kib %u\ncontact %s\n"
                         "ask_day_max %lld\nanswer_day_max %lld\n",
             p->id, p->self, p->url, b64, p->ops, p->mem_kib, p->contact,
             (long long)p->ask_day_max, (long long)p->answer_day_max);
    int rc = write_new_file(path, text, e);
    crypto_wipe(text, sizeof(text));
    crypto_wipe(b64, sizeof(b64));
    return rc;
}

int elsewhere_keyfile_write(const char *path, const struct elsewhere_peer *p, struct err *e)
{
    char text[512];
    char b64[sodium_base64_ENCODED_LEN(CRYPTO_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    key_b64(p, b64, sizeof(b64));
    snprintf(text, sizeof(text), KEYFILE_HEADER "\nkey %s\nops %u\nmem_kib %u\n", b64, p->ops,
             p->mem_kib);
    int rc = write_new_file(path, text, e);
    crypto_wipe(text, sizeof(text));
    crypto_wipe(b64, sizeof(b64));
    return rc;
}

int elsewhere_keyfile_read(const char *path, struct elsewhere_peer *p, struct err *e)
{
    char text[512];
    int rc = read_file(path, text, sizeof(text), e);
    if (rc == ERR_NOTFOUND)
        rc = err_internal(e, ERR_NOTFOUND, "key file not found");
    if (rc == 0)
        rc = parse_lines(text, KEYFILE_HEADER, p, true, e);
    crypto_wipe(text, sizeof(text));
    return rc;
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp((const char *)x, (const char *)y);
}

int elsewhere_peer_ids(const struct config *cfg, char ids[][33], size_t *out_n, struct err *e)
{
    char dir[CONFIG_PATH_MAX + 16];
    *out_n = 0;
    if (app_path(cfg, PEER_DIR, dir, sizeof(dir)) != 0)
        return err_internal(e, ERR_TOOBIG, "peer path");
    DIR *d = opendir(dir);
    if (d == NULL)
        return errno == ENOENT ? 0 : err_internal(e, ERR_IO, "peers dir");
    struct dirent *de;
    /* cppcheck-suppress readdirCalled ; the stream d is this call's own: readdir is thread-safe
     * per stream in glibc, and readdir_r is deprecated */
    while ((de = readdir(d)) != NULL && *out_n < ELSEWHERE_PEER_MAX) {
        size_t n = strlen(de->d_name);
        if (n <= 5 || n - 5 > STORE_PEER_ID_MAX || strcmp(de->d_name + n - 5, ".peer") != 0)
            continue;
        char id[33];
        memcpy(id, de->d_name, n - 5);
        id[n - 5] = '\0';
        if (elsewhere_id_ok(id))
            memcpy(ids[(*out_n)++], id, sizeof(id));
    }
    closedir(d);
    qsort(ids, *out_n, sizeof(ids[0]), cmp_id);
    return 0;
}

/* ---- tags ----------------------------------------------------------------------------------- */

struct tagset {
    const char *kind[TAGS_MAX];
    uint8_t tag[TAGS_MAX][CRYPTO_HASH_BYTES];
    size_t n;
};

/* One tag hash at a time in the process: each takes the pair's mem_kib (64 MiB by default, up to
 * 1 GiB) for about 0.1 s, and many at once would take the memory of the machine. */
static pthread_mutex_t tag_mu = PTHREAD_MUTEX_INITIALIZER;

static int tag_of(const struct elsewhere_peer *p, const char *kind, const void *id, size_t n,
                  uint8_t out[CRYPTO_HASH_BYTES], struct err *e)
{
    pthread_mutex_lock(&tag_mu);
    int rc = crypto_peer_tag(p->key, p->ops, p->mem_kib, kind, id, n, out, e);
    pthread_mutex_unlock(&tag_mu);
    return rc;
}

/* The person has an identifier a tag can be made of (checked before the costly hash). */
static bool has_identifier(const struct store_person *sp)
{
    return !sp->organisation && (sp->bsn[0] || (sp->name_len > 0 && sp->birth_date[0]));
}

/* The tags of a person under the pair: the BSN, and the name with the birth date. */
static int person_tags(const struct elsewhere_peer *p, const struct store_person *sp,
                       struct tagset *t, struct err *e)
{
    char buf[STORE_PERSON_NAME_MAX + 1 + 11];
    int rc = 0;
    t->n = 0;
    if (sp->organisation)
        return 0;
    if (sp->bsn[0]) {
        rc = tag_of(p, "bsn", sp->bsn, strlen(sp->bsn), t->tag[t->n], e);
        if (rc == 0)
            t->kind[t->n++] = "bsn";
    }
    if (rc == 0 && sp->name_len > 0 && sp->birth_date[0]) {
        size_t n = 0;
        rc = crypto_normalise_name(sp->name, sp->name_len, buf, STORE_PERSON_NAME_MAX, &n, e);
        if (rc == 0) {
            buf[n++] = '\0';
            memcpy(buf + n, sp->birth_date, 10);
            n += 10;
            rc = tag_of(p, "name_dob", buf, n, t->tag[t->n], e);
        }
        if (rc == 0)
            t->kind[t->n++] = "name_dob";
    }
    crypto_wipe(buf, sizeof(buf));
    return rc;
}

/* ---- making the index (the answering side) --------------------------------------------------- */

struct batch {
    struct app *a;
    const struct elsewhere_peer *p;
    const struct alog_req *rq;
    int64_t ids[BATCH];
    struct tagset tags[BATCH];
    size_t n;
};

static int batch_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct batch *b = ctx;
    uint8_t subj[BATCH][AUDIT_SUBJECT_BYTES];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        alog_subject(b->a, "person", b->ids[i], subj[i]);
        if (b->tags[i].n == 0)
            rc = store_elsewhere_put(st, b->p->id, b->ids[i], "none", NULL, e);
        for (size_t k = 0; rc == 0 && k < b->tags[i].n; k++)
            rc = store_elsewhere_put(st, b->p->id, b->ids[i], b->tags[i].kind[k],
                                     b->tags[i].tag[k], e);
    }
    if (rc != 0)
        return rc;
    struct alog_ev ev = {.action = AUDIT_ACT_CREATE,
                         .object_type = "known_elsewhere",
                         .object_id = b->p->id,
                         .categories = AUDIT_CAT_IDENTIFICATION,
                         .fields = "peer_tag:bsn,name_dob",
                         .purpose = "bekend elders: kenmerken voor de vraag van een andere regio",
                         .authz_rule = "system: known_elsewhere index",
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = b->n};
    return alog_tx_add(tx, b->rq, &ev, e);
}

static void system_rq(struct app *a, struct alog_req *rq, const char *client)
{
    struct actor sys = {.user_id = 0, .org_id = 0, .roles = 0, .org_access_ok = false};
    char id[33];
    rand_hex_id(id);
    alog_req_init(a, rq, &sys, id, client ? client : "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "systeem");
}

struct meta {
    const struct elsewhere_peer *p;
    uint8_t fp[CRYPTO_HASH_BYTES];
    bool reset;
};

static int meta_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct meta *m = ctx;
    (void)tx; /* no personal data: the fingerprint of a key, and dropping tags */
    return store_elsewhere_meta(st, m->p->id, m->fp, &m->reset, e);
}

/* Makes missing tags in batches until none is missing (*more false) or budget_ms passed. */
static int make_tags(struct app *a, const struct elsewhere_peer *p, const char *client,
                     int64_t budget_ms, int64_t *out_n, bool *more, struct err *e)
{
    struct store *st = NULL;
    int64_t until = (clock_mono_ns() / 1000000) + budget_ms;
    struct alog_req rq;
    *more = true;
    *out_n = 0;
    int rc = app_store(a, &st, e);
    if (rc != 0)
        return rc;
    system_rq(a, &rq, client);
    struct batch *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return ERR_NOMEM;
    b->a = a;
    b->p = p;
    b->rq = &rq;
    struct meta m = {.p = p};
    crypto_peer_fingerprint(p->key, p->ops, p->mem_kib, m.fp);
    rc = alog_run(a, meta_fn, &m, e); /* tags of another key or cost are dropped first */
    if (rc == 0 && m.reset)
        log_info("elsewhere.tags_reset", "peer=%s", p->id);
    while (rc == 0) {
        size_t n = 0;
        rc = store_elsewhere_todo(st, p->id, b->ids, BATCH, &n, e);
        if (rc != 0 || n == 0) {
            *more = rc != 0;
            break;
        }
        if ((clock_mono_ns() / 1000000) >= until)
            break;
        b->n = 0;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            struct store_person sp;
            b->tags[i].n = 0;
            rc = store_person_get(st, b->ids[i], &sp, e);
            if (rc == 0)
                rc = person_tags(p, &sp, &b->tags[i], e);
            store_person_wipe(&sp);
            if (rc == ERR_CRYPTO || rc == ERR_NOTFOUND || rc == ERR_INVAL) {
                /* this person cannot be read (or normalised): marked "none", so that one row
                 * does not stop the index of every other person */
                log_warn("elsewhere.person_skipped", "peer=%s code=%s", p->id, err_code_name(rc));
                err_clear(e);
                b->tags[i].n = 0;
                rc = 0;
            }
            b->n = i + 1;
            if ((clock_mono_ns() / 1000000) >= until)
                break;
        }
        if (rc == 0)
            rc = alog_run(a, batch_fn, b, e);
        if (rc == 0)
            *out_n += (int64_t)b->n;
    }
    crypto_wipe(b, sizeof(*b));
    free(b);
    return rc;
}

int app_elsewhere_index(struct app *a, const char *peer, int64_t budget_ms, int64_t *out_n,
                        bool *out_more, struct err *e)
{
    struct elsewhere_peer p;
    *out_n = 0;
    *out_more = false;
    int rc = elsewhere_peer_load(app_config(a), peer, &p, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "peer", "geen gekoppelde regio met deze naam");
    if (rc == 0)
        rc = make_tags(a, &p, NULL, budget_ms, out_n, out_more, e);
    crypto_wipe(&p, sizeof(p));
    return rc;
}

static int prune_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    (void)tx;
    (void)ctx;
    return store_elsewhere_prune(st, clock_now_ms() - 2 * ELSEWHERE_SKEW_MS, signal_today() - 2,
                                 e);
}

void app_elsewhere_refresh(struct app *a, int64_t budget_ms)
{
    char ids[ELSEWHERE_PEER_MAX][33];
    size_t n = 0;
    struct err e;
    err_clear(&e);
    int64_t until = clock_mono_ns() / 1000000 + budget_ms;
    if (elsewhere_peer_ids(app_config(a), ids, &n, &e) != 0 || n == 0)
        return;
    /* one node of a deployment at a time (the others would make the same tags) */
    struct store *st = NULL;
    bool mine = false;
    if (app_store(a, &st, &e) != 0 || store_job_try_lock(st, STORE_JOB_ELSEWHERE, &mine, &e) != 0 ||
        !mine)
        return;
    /* tags of persons whose case closed, question ids past the skew, old counters */
    if (alog_run(a, prune_fn, NULL, &e) != 0)
        log_warn("elsewhere.prune_failed", "code=%s", err_code_name(e.code));
    for (size_t i = 0; i < n; i++) {
        int64_t left = until - clock_mono_ns() / 1000000, made = 0;
        bool more = false;
        if (left <= 0)
            break;
        struct elsewhere_peer p;
        err_clear(&e);
        int rc = elsewhere_peer_load(app_config(a), ids[i], &p, &e);
        if (rc == 0)
            rc = make_tags(a, &p, NULL, left, &made, &more, &e);
        crypto_wipe(&p, sizeof(p));
        if (rc != 0)
            log_warn("elsewhere.index_failed", "peer=%s code=%s", ids[i], err_code_name(rc));
        else if (made > 0)
            log_info("elsewhere.indexed", "peer=%s persons=%" PRId64 " more=%d", ids[i], made,
                     more ? 1 : 0);
    }
    store_job_unlock(st, STORE_JOB_ELSEWHERE);
}

static int drop_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    (void)tx;
    return store_elsewhere_drop(st, ctx, e);
}

int elsewhere_peer_unlink(const struct config *cfg, const char *id, struct err *e)
{
    char path[CONFIG_PATH_MAX + 64];
    if (!elsewhere_id_ok(id) || peer_path(cfg, id, path, sizeof(path)) != 0)
        return err_field(e, "peer", "geen gekoppelde regio met deze naam");
    if (unlink(path) != 0 && errno != ENOENT)
        return err_internal(e, ERR_IO, "peer file: unlink");
    return 0;
}

int app_elsewhere_remove(struct app *a, const char *peer, struct err *e)
{
    /* the rows first (tags, question ids, counters, fingerprint), then the file: a failure
     * leaves the pair as it was, to be removed again */
    if (!elsewhere_id_ok(peer))
        return err_field(e, "peer", "geen gekoppelde regio met deze naam");
    int rc = alog_run(a, drop_fn, (void *)peer, e);
    return rc == 0 ? elsewhere_peer_unlink(app_config(a), peer, e) : rc;
}

/* ---- the wire ---------------------------------------------------------------------------------- */

static void ad_of(char *out, size_t cap, char dir, const char *from, const char *to)
{
    snprintf(out, cap, "regie-ke-v1 %c %s>%s", dir, from, to);
}

/* Seals the JSON text of j into a base64 string (malloc'd). */
static char *seal_json(const struct elsewhere_peer *p, const char *ad, json_t *j, struct err *e)
{
    char *pt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (pt == NULL)
        return NULL;
    size_t n = strlen(pt), cn = 0;
    uint8_t *ct = malloc(n + CRYPTO_PEER_OVERHEAD);
    size_t b64n = sodium_base64_ENCODED_LEN(n + CRYPTO_PEER_OVERHEAD, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64n);
    if (ct && b64 && crypto_peer_seal(p->key, ad, pt, n, ct, n + CRYPTO_PEER_OVERHEAD, &cn, e) == 0)
        sodium_bin2base64(b64, b64n, ct, cn, sodium_base64_VARIANT_ORIGINAL);
    else {
        free(b64);
        b64 = NULL;
    }
    crypto_wipe(pt, n);
    free(pt);
    free(ct);
    return b64;
}

/* Opens a base64 box into a JSON object (NULL when it does not open or is not an object). */
static json_t *open_json(const struct elsewhere_peer *p, const char *ad, const char *b64)
{
    uint8_t ct[ELSEWHERE_BODY_MAX];
    char pt[ELSEWHERE_BODY_MAX];
    size_t cn = 0, pn = 0;
    struct err e;
    err_clear(&e);
    if (b64 == NULL ||
        sodium_base642bin(ct, sizeof(ct), b64, strlen(b64), NULL, &cn, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        crypto_peer_open(p->key, ad, ct, cn, (uint8_t *)pt, sizeof(pt) - 1, &pn, &e) != 0)
        return NULL;
    pt[pn] = '\0';
    json_t *j = json_loadb(pt, pn, JSON_REJECT_DUPLICATES, NULL);
    crypto_wipe(pt, sizeof(pt));
    if (j != NULL && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* ---- the answering side ------------------------------------------------------------------------ */

struct answer {
    struct app *a;
    const struct elsewhere_peer *p;
    const struct alog_req *rq;
    uint8_t qid[STORE_PEER_QID_BYTES];
    struct tagset q;
    bool stale;     /* the question's time is more than the skew off B's clock */
    bool ready;     /* no tag of an open-case person is missing */
    int result;     /* ANS_* */
    const char *refused; /* why the gate refused it ("herhaald", "daglimiet", "verlopen"), or NULL */
    int64_t person; /* the match on ja */
};

/* A search record on B about a question of x->p (fields "known_elsewhere:<what>"). */
static int answer_record(struct alog_tx *tx, const struct answer *x, const char *what, bool denied,
                         int64_t person, struct err *e)
{
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    char fields[64];
    if (person > 0)
        alog_subject(x->a, "person", person, subj[0]);
    snprintf(fields, sizeof(fields), "known_elsewhere:%s", what);
    struct alog_ev ev = {.action = AUDIT_ACT_SEARCH,
                         .outcome = denied ? AUDIT_OUT_DENIED : AUDIT_OUT_OK,
                         .object_type = "known_elsewhere",
                         .object_id = x->p->id,
                         .categories = AUDIT_CAT_IDENTIFICATION,
                         .fields = fields,
                         .purpose = "bekend elders: vraag van een andere regio",
                         .authz_rule = "pair key: peers/<peer>.peer",
                         .subject_type = person > 0 ? "person" : NULL,
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = person > 0 ? 1 : 0};
    return alog_tx_add(tx, x->rq, &ev, e);
}

/* The gate, before any costly work: a stale question, a question id seen before, or one over
 * the peer's day limit is refused here, with its denied record; otherwise the id is recorded
 * and the question counted. */
static int gate_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct answer *x = ctx;
    int64_t n = 0;
    char who[48];
    x->refused = x->stale ? "verlopen" : NULL;
    int rc = 0;
    if (x->refused == NULL) {
        rc = store_elsewhere_nonce(st, x->p->id, x->qid, clock_now_ms(), e);
        if (rc == ERR_CONFLICT) {
            err_clear(e);
            x->refused = "herhaald";
            rc = 0;
        }
    }
    snprintf(who, sizeof(who), "peer:%s", x->p->id);
    if (rc == 0 && x->refused == NULL)
        rc = store_elsewhere_count(st, signal_today(), who, &n, e);
    if (rc == 0 && x->refused == NULL && n > x->p->answer_day_max)
        x->refused = "daglimiet";
    if (rc != 0 || x->refused == NULL)
        return rc;
    return answer_record(tx, x, x->refused, true, 0, e);
}

/* The lookup and its record: ja (the matching person as subject), nee, or niet_gereed when
 * tags were still missing and nothing matched. */
static int answer_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct answer *x = ctx;
    int rc = 0;
    x->result = x->ready ? ANS_NO : ANS_NOT_READY;
    x->person = 0;
    for (size_t i = 0; rc == 0 && i < x->q.n; i++) {
        rc = store_elsewhere_find(st, x->p->id, x->q.kind[i], x->q.tag[i], &x->person, e);
        if (rc == 0) {
            x->result = ANS_YES;
            break;
        }
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            rc = 0;
        }
    }
    if (rc != 0)
        return rc;
    return answer_record(tx, x, ANSWERS[x->result], false, x->result == ANS_YES ? x->person : 0,
                         e);
}

static int refuse(struct err *e, const char *why)
{
    log_info("elsewhere.refused", "reason=%s", why);
    err_clear(e);
    return err_set(e, ERR_UNAUTH, "Deze vraag wordt niet beantwoord.");
}

/* The question's tags: 1..TAGS_MAX of {kind: bsn|name_dob, tag: 64 hex}, each kind once. */
static bool parse_tags(const json_t *arr, struct tagset *t)
{
    size_t i;
    const json_t *x;
    t->n = 0;
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > TAGS_MAX)
        return false;
    json_array_foreach(arr, i, x)
    {
        const char *kind = json_string_value(json_object_get(x, "kind"));
        const char *tag = json_string_value(json_object_get(x, "tag"));
        if (kind == NULL || tag == NULL || json_object_size(x) != 2 ||
            hex_decode(tag, strlen(tag), t->tag[t->n], CRYPTO_HASH_BYTES) != 0)
            return false;
        if (strcmp(kind, "bsn") == 0)
            t->kind[t->n] = "bsn";
        else if (strcmp(kind, "name_dob") == 0)
            t->kind[t->n] = "name_dob";
        else
            return false;
        if (t->n == 1 && strcmp(t->kind[0], t->kind[1]) == 0)
            return false;
        t->n++;
    }
    return true;
}

int app_elsewhere_answer(struct app *a, const char *client_addr, const json_t *body, json_t **out,
                         struct err *e)
{
    struct elsewhere_peer p;
    struct answer x;
    struct alog_req rq;
    char ad[AD_MAX];
    json_t *q = NULL;
    int rc = 0;
    *out = NULL;
    memset(&x, 0, sizeof(x));
    const char *from = json_string_value(json_object_get(body, "from"));
    const char *box = json_string_value(json_object_get(body, "box"));
    if (json_integer_value(json_object_get(body, "v")) != 1 || from == NULL || box == NULL ||
        json_object_size(body) != 3)
        return err_set(e, ERR_INVAL, "Dit is geen vraag 'bekend elders' (versie 1).");
    rc = elsewhere_peer_load(app_config(a), from, &p, e);
    if (rc != 0) {
        err_clear(e);
        return refuse(e, rc == ERR_NOTFOUND ? "unknown_peer" : "peer_file");
    }
    ad_of(ad, sizeof(ad), 'q', p.id, p.self);
    q = open_json(&p, ad, box);
    const char *to = json_string_value(json_object_get(q, "to"));
    const char *qid = json_string_value(json_object_get(q, "qid"));
    json_int_t at = json_integer_value(json_object_get(q, "time"));
    int64_t now = clock_now_ms();
    /* Refused without an access-log record: no peer of ours sealed it (an unknown region, a
     * box that does not open, or content that is not a question), so nothing of a person was
     * asked; anyone could otherwise fill the log. The operational log says why, no more. */
    if (q == NULL)
        rc = refuse(e, "box");
    else if (to == NULL || strcmp(to, p.self) != 0 || qid == NULL ||
             hex_decode(qid, strlen(qid), x.qid, sizeof(x.qid)) != 0 ||
             !parse_tags(json_object_get(q, "tags"), &x.q) || json_object_size(q) != 4)
        rc = refuse(e, "content");
    x.stale = at < now - ELSEWHERE_SKEW_MS || at > now + ELSEWHERE_SKEW_MS;
    if (rc == 0) {
        system_rq(a, &rq, client_addr);
        x.a = a;
        x.p = &p;
        x.rq = &rq;
        rc = alog_run(a, gate_fn, &x, e);
    }
    if (rc == 0 && x.refused != NULL && strcmp(x.refused, "daglimiet") == 0)
        rc = err_set(e, ERR_RATELIMIT, "De daglimiet voor vragen van deze regio is bereikt.");
    else if (rc == 0 && x.refused != NULL)
        rc = refuse(e, x.refused);
    if (rc == 0) {
        int64_t made = 0;
        bool more = false;
        rc = make_tags(a, &p, client_addr, ANSWER_BUDGET_MS, &made, &more, e);
        x.ready = !more;
    }
    if (rc == 0)
        rc = alog_run(a, answer_fn, &x, e);
    if (rc == 0) {
        char back[AD_MAX];
        ad_of(back, sizeof(back), 'a', p.self, p.id);
        json_t *ans = json_pack("{s:s, s:s, s:s}", "qid", qid, "answer", ANSWERS[x.result],
                                "contact", x.result == ANS_YES ? p.contact : "");
        char *b64 = ans ? seal_json(&p, back, ans, e) : NULL;
        *out = b64 ? json_pack("{s:i, s:s}", "v", 1, "box", b64) : NULL;
        free(b64);
        rc = *out ? 0 : ERR_NOMEM;
    }
    json_decref(q);
    crypto_wipe(&x, sizeof(x));
    crypto_wipe(&p, sizeof(p));
    return rc;
}

/* ---- the asking side ------------------------------------------------------------------------------ */

int app_elsewhere_peers(struct app *a, const struct alog_req *rq, json_t **out, struct err *e)
{
    char ids[ELSEWHERE_PEER_MAX][33];
    size_t n = 0;
    *out = NULL;
    if (policy_check(&rq->actor, "search", "known_elsewhere", NULL, NULL) != 0)
        return in_denied(e);
    int rc = elsewhere_peer_ids(app_config(a), ids, &n, e);
    json_t *arr = rc == 0 ? json_array() : NULL;
    for (size_t i = 0; arr && i < n; i++) {
        struct elsewhere_peer p;
        struct err pe;
        err_clear(&pe);
        if (elsewhere_peer_load(app_config(a), ids[i], &p, &pe) == 0)
            json_array_append_new(arr, json_pack("{s:s, s:I}", "id", p.id, "ask_day_max",
                                                 (json_int_t)p.ask_day_max));
        crypto_wipe(&p, sizeof(p));
    }
    *out = arr ? json_pack("{s:o}", "peers", arr) : NULL;
    return rc != 0 ? rc : *out ? 0 : ERR_NOMEM;
}

struct ask {
    struct app *a;
    const struct alog_req *rq;
    const struct elsewhere_peer *p;
    int64_t case_id, person_id;
    const char *rule;
    const char *stage; /* "vraag", or the answer */
    bool count;        /* the first record: count the question against the day limit */
    bool over;
};

static int ask_fn(struct store *st, struct alog_tx *tx, void *ctx, struct err *e)
{
    struct ask *k = ctx;
    int rc = 0;
    k->over = false;
    if (k->count) {
        char who[48];
        int64_t n = 0;
        snprintf(who, sizeof(who), "user:%" PRId64 ":%s", k->rq->actor.user_id, k->p->id);
        rc = store_elsewhere_count(st, signal_today(), who, &n, e);
        k->over = rc == 0 && n > k->p->ask_day_max;
    }
    if (rc != 0)
        return rc;
    uint8_t subj[1][AUDIT_SUBJECT_BYTES];
    char oid[24], fields[80], purpose[AUDIT_PURPOSE_MAX];
    alog_subject(k->a, "person", k->person_id, subj[0]);
    snprintf(oid, sizeof(oid), "%" PRId64, k->case_id);
    snprintf(fields, sizeof(fields), "known_elsewhere:%s:%s", k->p->id,
             k->over ? "daglimiet" : k->stage);
    snprintf(purpose, sizeof(purpose), "bekend elders? vraag aan %s%s%s", k->p->id,
             k->rq->purpose[0] ? "; " : "", k->rq->purpose);
    struct alog_ev ev = {.action = AUDIT_ACT_SEARCH,
                         .outcome = k->over ? AUDIT_OUT_DENIED : AUDIT_OUT_OK,
                         .object_type = "case",
                         .object_id = oid,
                         .categories = AUDIT_CAT_IDENTIFICATION,
                         .fields = fields,
                         .purpose = purpose,
                         .authz_rule = k->rule,
                         .subject_type = "person",
                         .subjects = (const uint8_t(*)[AUDIT_SUBJECT_BYTES])subj,
                         .n_subjects = 1};
    return alog_tx_add(tx, k->rq, &ev, e);
}

/* Sends the question and reads the answer: 0 with *result (ANS_*) and contact, or ERR_RATELIMIT
 * (the peer's day limit) or ERR_UNAVAILABLE. */
static int send_question(const struct elsewhere_peer *p, const struct tagset *t, int *result,
                         char *contact, size_t ccap, struct err *e)
{
    uint8_t qid[STORE_PEER_QID_BYTES];
    char qhex[2 * STORE_PEER_QID_BYTES + 1], ad[AD_MAX], hex[2 * CRYPTO_HASH_BYTES + 1];
    randombytes_buf(qid, sizeof(qid));
    hex_encode(qid, sizeof(qid), qhex, sizeof(qhex));
    json_t *tags = json_array();
    for (size_t i = 0; tags && i < t->n; i++)
        json_array_append_new(tags, json_pack("{s:s, s:s}", "kind", t->kind[i], "tag",
                                              hex_encode(t->tag[i], CRYPTO_HASH_BYTES, hex,
                                                         sizeof(hex))));
    ad_of(ad, sizeof(ad), 'q', p->self, p->id);
    json_t *q = json_pack("{s:s, s:s, s:I, s:o}", "to", p->id, "qid", qhex, "time",
                          (json_int_t)clock_now_ms(), "tags", tags);
    char *box = q ? seal_json(p, ad, q, e) : NULL;
    json_t *body = box ? json_pack("{s:i, s:s, s:s}", "v", 1, "from", p->self, "box", box) : NULL;
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    free(box);
    json_decref(body);
    if (text == NULL)
        return ERR_NOMEM;
    struct buf ans;
    buf_init(&ans, NET_HTTP_RESPONSE_MAX);
    int status = 0;
    struct err ne;
    err_clear(&ne);
    int rc = net_http_post(p->url, WIRE_PATH, text, strlen(text), ELSEWHERE_TIMEOUT_MS, &status,
                           &ans, &ne);
    free(text);
    json_t *r = rc == 0 && status == 200 ? json_loadb(ans.p, ans.len, 0, NULL) : NULL;
    buf_cleanup(&ans);
    log_info("elsewhere.asked", "peer=%s status=%d rc=%d", p->id, status, rc);
    if (status == 429) {
        json_decref(r);
        return err_set(e, ERR_RATELIMIT,
                       "De andere regio beantwoordt vandaag geen vragen meer van deze regio.");
    }
    ad_of(ad, sizeof(ad), 'a', p->id, p->self);
    json_t *a = r && json_integer_value(json_object_get(r, "v")) == 1
                    ? open_json(p, ad, json_string_value(json_object_get(r, "box")))
                    : NULL;
    json_decref(r);
    const char *aq = json_string_value(json_object_get(a, "qid"));
    const char *answer = json_string_value(json_object_get(a, "answer"));
    const char *c = json_string_value(json_object_get(a, "contact"));
    rc = ERR_UNAVAILABLE;
    for (int i = 0; aq && answer && c && strcmp(aq, qhex) == 0 && i < (int)ARRAY_LEN(ANSWERS);
         i++)
        if (strcmp(answer, ANSWERS[i]) == 0) {
            *result = i;
            snprintf(contact, ccap, "%s", i == ANS_YES ? c : "");
            rc = 0;
        }
    json_decref(a);
    if (rc != 0)
        err_set(e, ERR_UNAVAILABLE,
                "De andere regio gaf geen geldig antwoord. Probeer het later opnieuw of neem "
                "contact op met de procesregisseur daar.");
    return rc;
}

int app_elsewhere_ask(struct app *a, const struct alog_req *rq, int64_t case_id, const json_t *in,
                      json_t **out, struct err *e)
{
    static const char *const keys[] = {"peer", "person_id"};
    const struct actor *who = &rq->actor;
    struct store *st = NULL;
    struct app_case_bg cb;
    struct elsewhere_peer p;
    struct tagset tags;
    const char *rule = NULL;
    *out = NULL;
    memset(&p, 0, sizeof(p));
    if (policy_scope(who, "search", "known_elsewhere") == 0)
        return in_denied(e);
    int rc = app_store(a, &st, e);
    if (rc == 0)
        rc = app_case_breakglass_info(st, who, case_id, &cb, e);
    struct policy_obj obj = {.owner_org_id = rc == 0 ? cb.municipality_id : 0};
    if (rc == ERR_NOTFOUND || (rc == 0 && !cb.readable) ||
        (rc == 0 && policy_check(who, "search", "known_elsewhere", &obj, &rule) != 0)) {
        err_clear(e);
        return err_set(e, ERR_NOTFOUND, NOT_OPEN);
    }
    if (rc != 0)
        return rc;
    struct str peer;
    in_check_keys(in, NULL, keys, ARRAY_LEN(keys), e);
    in_text(in, NULL, "peer", true, STORE_PEER_ID_MAX, false, &peer, e);
    int64_t person = in_id(in, NULL, "person_id", true, e);
    char pid[33] = "";
    if (peer.p)
        snprintf(pid, sizeof(pid), "%.*s", (int)peer.n, peer.p);
    if (peer.p && elsewhere_peer_load(app_config(a), pid, &p, NULL) != 0)
        err_field(e, "peer", "geen gekoppelde regio met deze naam");
    if (person && !id_in(cb.persons, cb.n_persons, person))
        err_field(e, "person_id", "is geen betrokkene van deze casus");
    if (in_has_errors(e)) {
        crypto_wipe(&p, sizeof(p));
        return err_set(e, ERR_INVAL, "Controleer de gemarkeerde velden.");
    }
    /* The identifiers are read and checked first, the question counted and logged next, and
     * only then the costly tags made (so a user over the limit costs no hashing). */
    struct store_person sp;
    tags.n = 0;
    rc = store_person_get(st, person, &sp, e);
    if (rc == 0 && !has_identifier(&sp)) {
        rc = err_field(e, "person_id",
                       "van deze persoon zijn geen BSN en geen naam met geboortedatum bekend");
        err_set(e, ERR_INVAL, "Controleer de gemarkeerde velden.");
    }
    struct ask k = {.a = a, .rq = rq, .p = &p, .case_id = case_id, .person_id = person,
                    .rule = rule, .stage = "vraag", .count = true};
    if (rc == 0)
        rc = alog_run(a, ask_fn, &k, e); /* durable before anything leaves */
    if (rc == 0 && k.over)
        rc = err_set(e, ERR_RATELIMIT,
                     "U heeft vandaag het maximum aantal vragen aan deze regio gesteld.");
    bool on_record = rc == 0; /* the question is on record: its outcome must be too */
    if (rc == 0)
        rc = person_tags(&p, &sp, &tags, e);
    store_person_wipe(&sp);
    int result = ANS_NO;
    char contact[ELSEWHERE_CONTACT_MAX + 1] = "";
    int64_t asked = clock_now_ms();
    if (on_record) {
        if (rc == 0)
            rc = send_question(&p, &tags, &result, contact, sizeof(contact), e);
        k.count = false;
        k.stage = rc == 0 ? ANSWERS[result] : rc == ERR_RATELIMIT ? "daglimiet_daar" : "fout";
        struct err le;
        err_clear(&le);
        int lrc = alog_run(a, ask_fn, &k, &le);
        if (lrc != 0) {
            err_clear(e);
            *e = le;
            rc = lrc;
        }
    }
    crypto_wipe(&tags, sizeof(tags));
    crypto_wipe(&p, sizeof(p));
    if (rc != 0)
        return rc;
    *out = json_pack("{s:s, s:s, s:s, s:o}", "peer", pid, "answer", ANSWERS[result], "contact",
                     contact, "asked_at", json_time(asked));
    return *out ? 0 : ERR_NOMEM;
}
