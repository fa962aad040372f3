/* viewcache.h: the answers of expensive reads, kept per viewer for a short time
 * (docs/performance.md "Case read").
 *
 * An entry is the serialised answer of one read exactly as one viewer saw it, with the bytes its
 * access-log record needs (the persons it showed, the data categories: "meta"). It is only
 * valid while
 *   - no data changed in this process since it was built (app_data_gen: alog_run raises it
 *     after every committed write), and
 *   - it is younger than VIEWCACHE_TTL_MS, so a change made by another process (a CLI command
 *     on the same database) is seen within that time.
 * Authorisation is never cached: the caller decides access before each lookup, and every read
 * writes its access-log record, hit or miss. The cache only saves rebuilding the same bytes.
 * The key holds everything the answer depends on: the object, the section, the viewer's user,
 * organisation, roles and covenant state, and the day (overdue flags). Bodies are wiped when
 * they leave the cache. Thread-safe (one mutex; copies are made under it). */
#ifndef REGIE_APP_VIEWCACHE_H
#define REGIE_APP_VIEWCACHE_H

#include "core/common.h"

#define VIEWCACHE_TTL_MS 1000
#define VIEWCACHE_WHAT_MAX 32

struct viewcache;

struct viewcache_key {
    char what[VIEWCACHE_WHAT_MAX]; /* object kind and section, e.g. "case/plans" */
    int64_t id;                    /* the object */
    int64_t user_id, org_id;       /* the viewer */
    uint32_t roles;
    bool org_ok;
    int64_t day; /* the day the view is for */
};

/* A cache of at most max_bytes of bodies and metadata; NULL when max_bytes is 0 or on OOM. */
struct viewcache *viewcache_new(size_t max_bytes);

/* Wipes and frees every entry. NULL ok. */
void viewcache_free(struct viewcache *vc);

/* A hit: an entry for key built at generation gen, younger than the TTL, with meta of exactly
 * meta_len bytes. Then *body is a malloc'd copy (the caller frees it), *len its length, and meta
 * is filled. Returns false otherwise (nothing allocated). NULL vc: false. */
bool viewcache_get(struct viewcache *vc, const struct viewcache_key *key, uint64_t gen,
                   char **body, size_t *len, void *meta, size_t meta_len);

/* Keeps a copy of body and meta for key, built from data as of generation gen (read before
 * the data was read). Replaces an older entry for the same key; evicts others when over the
 * budget; keeps nothing when the entry alone is larger than an eighth of it. NULL vc: no-op. */
void viewcache_put(struct viewcache *vc, const struct viewcache_key *key, uint64_t gen,
                   const char *body, size_t len, const void *meta, size_t meta_len);

/* Figures for tests and metrics: lookups that hit and that missed. */
void viewcache_stats(struct viewcache *vc, uint64_t *hits, uint64_t *misses);

#endif
