/* network_bench.c: the network analysis on a synthetic region (issue 8): N persons in the networks
 * of N/100 cases (100 persons and 500 relations per case; every 20th person also appears, by the
 * same name and birth date, in the next case's network). Prints figures, asserts nothing:
 *   - the k=2 neighbourhood of a case network through the real use-case (app_network_graph:
 *     policy, rows opened from SQLite, libigraph; the access-log record is prepared, not committed);
 *   - the k=2 neighbourhood in one region-wide graph of all persons and relations (libigraph);
 *   - the region-wide overlap query (persons in more than one case's network, blind indexes) and
 *     the per-person "also known in another case" lookup. */
#include "core/common.h"

#include <igraph/igraph.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/network.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/parse.h"
#include "core/rand.h"
#include "policy/policy.h"
#include "store/case.h"
#include "store/signal.h"
#include "store/store.h"
#include "store/user.h"

#define PER_CASE 100
#define REL_PER_CASE 500

static double now_ms(void)
{
    return (double)clock_mono_ns() / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, size_t n)
{
    qsort(t, n, sizeof(*t), cmp_double);
    printf("%-34s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%zu runs)\n", what, t[n / 2],
           t[(n * 99) / 100], t[n - 1], n);
}

#define CHECK(x)                                                                                  \
    do {                                                                                          \
        if ((x) != 0) {                                                                           \
            fprintf(stderr, "bench: %s failed: %s\n", #x, e.detail);                              \
            return 1;                                                                             \
        }                                                                                         \
    } while (0)

int main(int argc, char **argv)
{
    int64_t n = 100000;
    const char *dir = argc > 2 ? argv[2] : "/tmp/regie-bench-network";
    struct config cfg;
    struct err e;
    struct app *a = NULL;
    err_clear(&e);
    if (argc > 1 && parse_i64(str_from_cstr(argv[1]), PER_CASE, 10000000, &n) != 0) {
        fprintf(stderr, "usage: %s [persons] [dir]\n", argv[0]);
        return 2;
    }
    CHECK(core_init());
    CHECK(policy_init(&e));
    config_defaults(&cfg);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    if (app_init_datadir(&cfg, &e) != 0 || app_open(&cfg, false, &a, &e) != 0) {
        fprintf(stderr, "bench: %s (remove %s first)\n", e.detail, dir);
        return 1;
    }
    struct store *st = NULL;
    CHECK(app_store(a, &st, &e));
    int64_t region = 0, muni = 0, user = 0;
    CHECK(store_region_create(st, STR_LIT("Regio Bench"), &region, &e));
    struct store_org_in oi = {.region_id = region, .kind = STORE_ORG_GEMEENTE,
                              .name = STR_LIT("Gemeente Bench"), .status = STORE_ORG_GETEKEND,
                              .instrument = STORE_INSTR_PRIVACYPROTOCOL};
    CHECK(store_org_create(st, &oi, &muni, &e));
    uint8_t h[32] = {1};
    struct store_user_in ui = {.org_id = muni, .username = STR_LIT("bench"),
                               .display_name = STR_LIT("Bench"),
                               .roles = POLICY_ROLE_DOSSIERHOUDER};
    CHECK(store_user_create(st, &ui, h, INT64_MAX, &user, &e));
    int64_t cases = n / PER_CASE;
    int64_t *case_ids = calloc((size_t)cases, sizeof(*case_ids));
    int64_t *persons = calloc((size_t)n, sizeof(*persons));
    if (!case_ids || !persons)
        return 1;
    double t0 = now_ms();
    for (int64_t c = 0; c < cases; c++) {
        CHECK(store_tx_begin(st, &e));
        struct store_signal_in si = {.municipality_id = muni, .route = "professional",
                                     .state = "opname_pga", .reporter_kind = "named",
                                     .submitter_id = user, .received_day = 20000,
                                     .doc = STR_LIT("{}")};
        int64_t sid = 0, pid = 0, cid = 0;
        char ref[STORE_REF_MAX + 1];
        CHECK(store_signal_create(st, &si, &sid, ref, NULL, &e));
        struct store_signal s;
        CHECK(store_signal_get(st, sid, false, &s, &e));
        struct store_person_in subj = {.name = STR_LIT("Bench Hoofdpersoon"),
                                       .birth_date = STR_LIT("2000-01-01")};
        CHECK(store_person_create(st, s.group_id, &subj, &pid, &e));
        CHECK(store_signal_subject_add(st, sid, pid, 0, &e));
        CHECK(store_case_create(st, sid, user, 20010, user, &cid, &e));
        case_ids[c] = cid;
        for (int64_t i = 0; i < PER_CASE; i++) {
            char name[64], dob[11];
            /* every 20th person is the same as a person of the previous case */
            int64_t who = (i % 20 == 0 && c > 0) ? (c - 1) * PER_CASE + i + 1 : c * PER_CASE + i;
            snprintf(name, sizeof(name), "Bench Persoon %" PRId64, who);
            snprintf(dob, sizeof(dob), "19%02d-%02d-%02d", (int)(who % 90) + 10,
                     (int)(who % 12) + 1, (int)(who % 28) + 1);
            struct store_person_in pi = {.name = str_from_cstr(name),
                                         .birth_date = str_from_cstr(dob)};
            CHECK(store_person_create(st, s.group_id, &pi, &persons[c * PER_CASE + i], &e));
            struct store_row r = {.meeting_id = cid, .group_id = s.group_id,
                                  .a = persons[c * PER_CASE + i], .d = muni, .by = user,
                                  .doc = "{}", .doc_len = 2};
            int64_t id = 0;
            CHECK(store_case_add(st, STORE_CASE_NPERSON, &r, NULL, &id, &e));
        }
        for (int64_t k = 0; k < REL_PER_CASE; k++) {
            int64_t f = (int64_t)(rand_i63() % (PER_CASE + 1)), t;
            do
                t = (int64_t)(rand_i63() % PER_CASE);
            while (t + 1 == f);
            struct store_row r = {.meeting_id = cid, .group_id = s.group_id,
                                  .a = f == 0 ? pid : persons[c * PER_CASE + f - 1],
                                  .b = persons[c * PER_CASE + t], .by = user,
                                  .doc = "{\"source_org_id\":1,\"note\":\"\"}"};
            r.doc_len = strlen(r.doc);
            snprintf(r.code, sizeof(r.code), "friend");
            snprintf(r.code2, sizeof(r.code2), "confirmed");
            int64_t id = 0;
            CHECK(store_case_add(st, STORE_CASE_NRELATION, &r, NULL, &id, &e));
        }
        CHECK(store_tx_commit(st, &e));
    }
    printf("built: %" PRId64 " cases, %" PRId64 " network persons, %" PRId64
           " relations in %.1f s (sealed, blind-indexed)\n",
           cases, cases * PER_CASE, cases * REL_PER_CASE, (now_ms() - t0) / 1000);

    /* 1. k=2 through the use-case, on random cases. */
    struct alog_req rq;
    struct actor actor = {.user_id = user, .org_id = muni, .roles = POLICY_ROLE_DOSSIERHOUDER,
                          .org_access_ok = true};
    alog_req_init(a, &rq, &actor, "00000000000000000000000000000000", "127.0.0.1", NULL, NULL);
    double t[200];
    for (int k = 0; k < 200; k++) {
        json_t *out = NULL;
        struct alog_pending *log = NULL;
        double q0 = now_ms();
        CHECK(app_network_graph(a, &rq, case_ids[rand_i63() % (uint64_t)cases], 2, 0, &out, &log,
                                &e));
        t[k] = now_ms() - q0;
        json_decref(out);
        alog_pending_free(log);
    }
    report("k=2, one case (use-case)", t, 200);

    /* 2. k=2 in one region-wide graph (all persons, all relations), in memory. */
    igraph_t g;
    igraph_vector_int_t ev;
    igraph_vector_int_init(&ev, 0);
    for (int64_t c = 0; c < cases; c++)
        for (int64_t k = 0; k < REL_PER_CASE; k++) {
            igraph_vector_int_push_back(&ev, c * PER_CASE + (int64_t)(rand_i63() % PER_CASE));
            igraph_vector_int_push_back(&ev, (int64_t)(rand_i63() % (uint64_t)n));
        }
    double b0 = now_ms();
    igraph_empty(&g, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
    igraph_add_edges(&g, &ev, NULL);
    printf("%-34s %.1f ms (%" PRId64 " vertices, %" PRId64 " edges)\n", "region graph built in",
           now_ms() - b0, n, cases * REL_PER_CASE);
    for (int k = 0; k < 200; k++) {
        igraph_vector_int_list_t nb;
        igraph_vector_int_list_init(&nb, 0);
        double q0 = now_ms();
        igraph_neighborhood(&g, &nb, igraph_vss_1((igraph_integer_t)(rand_i63() % (uint64_t)n)),
                            2, IGRAPH_ALL, 0);
        t[k] = now_ms() - q0;
        igraph_vector_int_list_destroy(&nb);
    }
    report("k=2, region graph (libigraph)", t, 200);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ev);

    /* 3. the overlap query and the per-person lookup. */
    int64_t shared = 0;
    for (int k = 0; k < 10; k++) {
        double q0 = now_ms();
        CHECK(store_network_overlap(st, &shared, &e));
        t[k] = now_ms() - q0;
    }
    report("overlap, whole region (SQL)", t, 10);
    printf("  persons in more than one case's network: %" PRId64 "\n", shared);
    struct store_twin tw[64];
    for (int k = 0; k < 200; k++) {
        size_t nt = 0;
        double q0 = now_ms();
        CHECK(store_person_twins(st, persons[rand_i63() % (uint64_t)n], tw, 64, &nt, &e));
        t[k] = now_ms() - q0;
    }
    report("also known elsewhere, one person", t, 200);
    free(case_ids);
    free(persons);
    app_close(a);
    return 0;
}
