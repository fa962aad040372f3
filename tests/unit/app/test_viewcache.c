/* test_viewcache.c: the cache of read answers (app/viewcache.h). An entry is returned only for
 * exactly its key (object, section, viewer, day), only at the generation it was built at, only
 * within the TTL, and only with the metadata size it was stored with; a replaced or evicted entry
 * is gone; the byte budget holds; the off switch (budget 0) keeps nothing. The bodies are
 * fictional. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "app/viewcache.h"

struct meta {
    int64_t persons[4];
    uint32_t cats;
};

static struct viewcache_key key_of(int64_t id, int64_t user, const char *what)
{
    struct viewcache_key k;
    memset(&k, 0, sizeof(k));
    snprintf(k.what, sizeof(k.what), "%s", what);
    k.id = id;
    k.user_id = user;
    k.org_id = 7;
    k.roles = 3;
    k.org_ok = true;
    k.day = 20000;
    return k;
}

static bool get(struct viewcache *vc, const struct viewcache_key *k, uint64_t gen,
                const char *want)
{
    char *body = NULL;
    size_t len = 0;
    struct meta m;
    memset(&m, 0, sizeof(m));
    bool hit = viewcache_get(vc, k, gen, &body, &len, &m, sizeof(m));
    if (hit) {
        cr_assert_not_null(body);
        cr_expect_eq(len, strlen(want), "length %zu, want %zu", len, strlen(want));
        cr_expect(memcmp(body, want, len) == 0, "the body differs from what was stored");
        cr_expect_eq(body[len], '\0');
        cr_expect_eq(m.persons[1], 42);
        cr_expect_eq(m.cats, 5u);
    } else {
        cr_expect_null(body);
        cr_expect_eq(len, 0);
    }
    free(body);
    return hit;
}

static void put(struct viewcache *vc, const struct viewcache_key *k, uint64_t gen,
                const char *body)
{
    struct meta m = {.persons = {1, 42}, .cats = 5};
    viewcache_put(vc, k, gen, body, strlen(body), &m, sizeof(m));
}

Test(viewcache, a_stored_view_comes_back_for_its_key_and_generation_only)
{
    struct viewcache *vc = viewcache_new(1 << 20);
    cr_assert_not_null(vc);
    struct viewcache_key k = key_of(10, 1, "case/");
    cr_expect(!get(vc, &k, 1, "{}"), "an empty cache hit");
    put(vc, &k, 1, "{\"a\":1}");
    cr_expect(get(vc, &k, 1, "{\"a\":1}"), "the stored view was not found");
    cr_expect(get(vc, &k, 1, "{\"a\":1}"), "a second lookup missed");
    /* every field of the key matters */
    static const char *const other[] = {"case", "user", "organisation", "roles",
                                        "covenant state", "day", "section"};
    for (size_t i = 0; i < ARRAY_LEN(other); i++) {
        struct viewcache_key o = k;
        switch (i) {
        case 0: o.id = 11; break;
        case 1: o.user_id = 2; break;
        case 2: o.org_id = 8; break;
        case 3: o.roles = 1; break;
        case 4: o.org_ok = false; break;
        case 5: o.day = 20001; break;
        default: snprintf(o.what, sizeof(o.what), "case/plans"); break;
        }
        cr_expect(!get(vc, &o, 1, ""), "another %s got this view", other[i]);
    }
    /* a wrong metadata size is no hit */
    char *body = NULL;
    size_t len = 0;
    char small[4];
    cr_expect(!viewcache_get(vc, &k, 1, &body, &len, small, sizeof(small)));
    cr_expect_null(body);
    /* that lookup dropped the entry as unusable: put it back */
    put(vc, &k, 1, "{\"a\":1}");
    /* a change of data (a new generation) makes the view stale, and it is dropped */
    cr_expect(!get(vc, &k, 2, ""), "a view of older data was returned");
    cr_expect(!get(vc, &k, 1, ""), "a stale view stayed in the cache");
    uint64_t hits = 0, misses = 0;
    viewcache_stats(vc, &hits, &misses);
    cr_expect_eq(hits, 2, "hits %" PRIu64, hits);
    cr_expect(misses >= 10, "misses %" PRIu64, misses);
    viewcache_free(vc);
}

Test(viewcache, a_new_view_replaces_the_old_one)
{
    struct viewcache *vc = viewcache_new(1 << 20);
    struct viewcache_key k = key_of(10, 1, "case/");
    put(vc, &k, 1, "{\"v\":1}");
    put(vc, &k, 1, "{\"v\":2}");
    cr_expect(get(vc, &k, 1, "{\"v\":2}"));
    viewcache_free(vc);
}

Test(viewcache, a_view_lives_at_most_the_ttl)
{
    struct viewcache *vc = viewcache_new(1 << 20);
    struct viewcache_key k = key_of(10, 1, "case/");
    put(vc, &k, 1, "{}");
    cr_expect(get(vc, &k, 1, "{}"));
    usleep((VIEWCACHE_TTL_MS + 100) * 1000);
    cr_expect(!get(vc, &k, 1, ""), "a view older than the TTL was returned");
    viewcache_free(vc);
}

Test(viewcache, the_budget_holds_and_large_views_are_not_kept)
{
    size_t budget = 64 * 1024;
    struct viewcache *vc = viewcache_new(budget);
    char *big = malloc(budget / 4 + 1);
    cr_assert_not_null(big);
    memset(big, 'x', budget / 4);
    big[budget / 4] = '\0';
    struct viewcache_key k = key_of(1, 1, "case/");
    put(vc, &k, 1, big);
    cr_expect(!get(vc, &k, 1, ""), "a view over an eighth of the budget was kept");
    /* many small views: the oldest make room, the newest is there */
    char body[2048];
    memset(body, 'y', sizeof(body) - 1);
    body[sizeof(body) - 1] = '\0';
    for (int64_t i = 0; i < 200; i++) {
        struct viewcache_key ki = key_of(100 + i, 1, "case/");
        put(vc, &ki, 1, body);
    }
    struct viewcache_key last = key_of(299, 1, "case/");
    cr_expect(get(vc, &last, 1, body), "the newest view was evicted");
    size_t kept = 0;
    for (int64_t i = 0; i < 200; i++) {
        struct viewcache_key ki = key_of(100 + i, 1, "case/");
        kept += get(vc, &ki, 1, body);
    }
    cr_expect(kept * (sizeof(body) + sizeof(struct meta)) <= budget,
              "%zu views of %zu bytes are over the budget of %zu", kept, sizeof(body), budget);
    cr_expect(kept >= 10, "only %zu views kept", kept);
    free(big);
    viewcache_free(vc);
}

Test(viewcache, a_budget_of_zero_is_off)
{
    cr_expect_null(viewcache_new(0));
    struct viewcache_key k = key_of(10, 1, "case/");
    put(NULL, &k, 1, "{}");
    cr_expect(!get(NULL, &k, 1, ""));
    viewcache_free(NULL);
}
