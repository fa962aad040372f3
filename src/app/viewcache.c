/* viewcache.c: see viewcache.h. A fixed table of slots addressed by a hash of the key (a new
 * entry replaces the slot's old one), a byte budget enforced by a clock hand that evicts from
 * the next slots, and one mutex. */
#include "core/common.h"

#include <pthread.h>

#include "app/viewcache.h"
#include "core/clock.h"
#include "core/metrics.h"

#define SLOTS 1024 /* a power of two */

struct entry {
    struct viewcache_key key;
    uint64_t gen;
    int64_t born_ns;
    size_t len, meta_len;
    unsigned char data[]; /* meta, then the body */
};

struct viewcache {
    pthread_mutex_t mu;
    size_t max_bytes, bytes;
    size_t hand;
    uint64_t hits, misses;
    struct entry *slot[SLOTS];
};

static size_t entry_size(const struct entry *en)
{
    return sizeof(*en) + en->meta_len + en->len;
}

static void entry_free(struct entry *en)
{
    if (en == NULL)
        return;
    explicit_bzero(en, entry_size(en));
    free(en);
}

static bool key_eq(const struct viewcache_key *a, const struct viewcache_key *b)
{
    return a->id == b->id && a->user_id == b->user_id && a->org_id == b->org_id &&
           a->roles == b->roles && a->org_ok == b->org_ok && a->day == b->day &&
           strncmp(a->what, b->what, sizeof(a->what)) == 0;
}

static size_t key_slot(const struct viewcache_key *k)
{
    /* FNV-1a over the fields; the ids are not secret and the table is not exposed */
    uint64_t h = 1469598103934665603ULL;
    const uint64_t v[5] = {(uint64_t)k->id, (uint64_t)k->user_id, (uint64_t)k->org_id, k->roles,
                           (uint64_t)k->day};
    /* byte by byte through shifts, not through a char pointer into the array (clang-analyzer
     * 14 does not follow that and calls the bytes garbage) */
    for (size_t i = 0; i < ARRAY_LEN(v); i++)
        for (unsigned b = 0; b < 64; b += 8)
            h = (h ^ ((v[i] >> b) & 0xFFu)) * 1099511628211ULL;
    for (size_t i = 0; i < sizeof(k->what) && k->what[i]; i++)
        h = (h ^ (unsigned char)k->what[i]) * 1099511628211ULL;
    h ^= k->org_ok;
    return (size_t)(h ^ (h >> 29)) & (SLOTS - 1);
}

struct viewcache *viewcache_new(size_t max_bytes)
{
    if (max_bytes == 0)
        return NULL;
    struct viewcache *vc = calloc(1, sizeof(*vc));
    if (vc == NULL)
        return NULL;
    if (pthread_mutex_init(&vc->mu, NULL) != 0) {
        free(vc);
        return NULL;
    }
    vc->max_bytes = max_bytes;
    return vc;
}

void viewcache_free(struct viewcache *vc)
{
    if (vc == NULL)
        return;
    for (size_t i = 0; i < SLOTS; i++)
        entry_free(vc->slot[i]);
    pthread_mutex_destroy(&vc->mu);
    free(vc);
}

static void drop(struct viewcache *vc, size_t i)
{
    if (vc->slot[i] == NULL)
        return;
    vc->bytes -= entry_size(vc->slot[i]);
    entry_free(vc->slot[i]);
    vc->slot[i] = NULL;
}

bool viewcache_get(struct viewcache *vc, const struct viewcache_key *key, uint64_t gen,
                   char **body, size_t *len, void *meta, size_t meta_len)
{
    *body = NULL;
    *len = 0;
    if (vc == NULL)
        return false;
    size_t i = key_slot(key);
    bool hit = false;
    int64_t now = clock_mono_ns();
    pthread_mutex_lock(&vc->mu);
    struct entry *en = vc->slot[i];
    if (en != NULL && key_eq(&en->key, key)) {
        if (en->gen != gen || now - en->born_ns >= (int64_t)VIEWCACHE_TTL_MS * 1000000 ||
            en->meta_len != meta_len) {
            drop(vc, i); /* stale: data changed, or too old */
        } else {
            char *copy = malloc(en->len + 1);
            if (copy != NULL) {
                memcpy(copy, en->data + en->meta_len, en->len);
                copy[en->len] = '\0';
                memcpy(meta, en->data, meta_len);
                *body = copy;
                *len = en->len;
                hit = true;
            }
        }
    }
    if (hit)
        vc->hits++;
    else
        vc->misses++;
    pthread_mutex_unlock(&vc->mu);
    metrics_read_cache_observe(hit);
    return hit;
}

void viewcache_put(struct viewcache *vc, const struct viewcache_key *key, uint64_t gen,
                   const char *body, size_t len, const void *meta, size_t meta_len)
{
    if (vc == NULL || body == NULL)
        return;
    size_t need = sizeof(struct entry) + meta_len + len;
    if (need > vc->max_bytes / 8)
        return;
    struct entry *en = malloc(need);
    if (en == NULL)
        return;
    en->key = *key;
    en->gen = gen;
    en->born_ns = clock_mono_ns();
    en->len = len;
    en->meta_len = meta_len;
    memcpy(en->data, meta, meta_len);
    memcpy(en->data + meta_len, body, len);
    size_t i = key_slot(key);
    pthread_mutex_lock(&vc->mu);
    drop(vc, i);
    /* the clock hand frees the next slots until the new entry fits the budget */
    for (size_t n = 0; vc->bytes + need > vc->max_bytes && n < SLOTS; n++) {
        vc->hand = (vc->hand + 1) & (SLOTS - 1);
        if (vc->hand != i)
            drop(vc, vc->hand);
    }
    vc->slot[i] = en;
    vc->bytes += need;
    pthread_mutex_unlock(&vc->mu);
}

void viewcache_stats(struct viewcache *vc, uint64_t *hits, uint64_t *misses)
{
    *hits = *misses = 0;
    if (vc == NULL)
        return;
    pthread_mutex_lock(&vc->mu);
    *hits = vc->hits;
    *misses = vc->misses;
    pthread_mutex_unlock(&vc->mu);
}
