/* mapvfs.c: a thin VFS over the default one that maps the whole main database file for reads
 * when a connection asks for memory-mapped I/O (PRAGMA mmap_size > 0).
 *
 * Why: `regie audit verify` reads every page of the access log once. Mapped, SQLite reads the
 * pages in place; otherwise each page is copied out of the kernel's page cache with pread. SQLite
 * caps the mapping at its compile-time SQLITE_MAX_MMAP_SIZE, 2 GiB in Debian's build, and reads
 * the rest of a larger file with pread: at 10 M records (an 8 GB file) a quarter of verify's CPU
 * went to that copy. Here the main database file gets its own read-only mapping of its whole
 * size; SQLite's pager asks for pages through xFetch (which it does for every page while
 * mmap_size > 0, whatever the cap) and gets pointers into that mapping.
 *
 * How: the file object is the default VFS's own file (its methods called with the same pointer),
 * followed by a few fields of ours; only main database files with version-3 methods get a copy
 * of the methods table in which xFetch, xUnfetch, xFileControl (to follow the mmap_size hint),
 * xTruncate and xClose are ours. Every other file and every other method is the default VFS's,
 * untouched. The VFS-level methods are the default VFS's too: neither the unix VFS nor the test
 * build's fault-injection shim (faults.c) looks at the VFS pointer it is called with, except in
 * xOpen.
 *
 * The mapping is made at the first fetch after mmap_size became > 0, over the file's size at that
 * moment (pages past it are read with xRead), from a second read-only descriptor of the same
 * file. It is dropped when mmap_size returns to 0, when the pager says the file may have changed
 * size (xUnfetch with no page), on a truncation and on close. Within a read transaction no other
 * connection can shrink the pages the transaction reads. As with SQLite's own mapping, an I/O
 * error under a mapped read is a signal (SIGBUS), not an error code: the store therefore turns
 * mmap_size on only for the verifier's scan (store/audit.c). */
#include "core/common.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store_int.h"

#define MAPVFS_NAME "regie-map"

struct mextra {
    sqlite3_io_methods m;               /* the default file's methods, five replaced */
    const sqlite3_io_methods *real;     /* the default file's methods */
    const char *path;                   /* valid until xClose (SQLite's promise for main dbs) */
    int fd;                             /* -1 until the first mapping */
    bool wide;                          /* the last mmap_size hint was > 0 */
    bool failed;                        /* mapping failed: not tried again until the next hint */
    uint8_t *map;
    size_t map_len;
    long nfetch;                        /* pages handed out and not yet returned */
};

static struct {
    pthread_once_t once;
    sqlite3_vfs vfs;
    sqlite3_vfs *real;
    size_t extra_at; /* offset of struct mextra in our file object */
    bool ok;
    _Atomic uint64_t pages; /* handed out from a mapping, process total */
} M = {.once = PTHREAD_ONCE_INIT};

static struct mextra *X(sqlite3_file *f)
{
    return (struct mextra *)((char *)f + M.extra_at);
}

static void unmap(struct mextra *x)
{
    if (x->map != NULL && x->nfetch == 0) {
        munmap(x->map, x->map_len);
        x->map = NULL;
        x->map_len = 0;
    }
}

static void map_file(struct mextra *x)
{
    struct stat sb;
    if (x->fd < 0)
        x->fd = open(x->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (x->fd < 0 || fstat(x->fd, &sb) != 0 || (uint64_t)sb.st_size > (uint64_t)SIZE_MAX) {
        x->failed = true; /* reads go on through xRead */
        return;
    }
    if (sb.st_size <= 0)
        return; /* an empty file is mapped at the next fetch */
    void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, x->fd, 0);
    if (p == MAP_FAILED) {
        x->failed = true; /* reads go on through xRead */
        return;
    }
    x->map = p;
    x->map_len = (size_t)sb.st_size;
}

static int m_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    struct mextra *x = X(f);
    *pp = NULL;
    if (!x->wide || off < 0 || amt <= 0)
        return SQLITE_OK;
    if (x->map == NULL && !x->failed)
        map_file(x);
    if (x->map != NULL && (uint64_t)off + (uint64_t)amt <= x->map_len) {
        *pp = x->map + off;
        x->nfetch++;
        atomic_fetch_add_explicit(&M.pages, 1, memory_order_relaxed);
    }
    return SQLITE_OK; /* *pp NULL: the pager reads the page with xRead */
}

/* cppcheck-suppress constParameter ; the signature is sqlite3_io_methods.xUnfetch */
static int m_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    struct mextra *x = X(f);
    (void)off;
    if (p != NULL) {
        if (x->nfetch > 0)
            x->nfetch--;
    } else {
        unmap(x); /* the file may have changed size: map again at the next fetch */
    }
    return SQLITE_OK;
}

static int m_file_control(sqlite3_file *f, int op, void *arg)
{
    struct mextra *x = X(f);
    /* The pager's hint carries the connection's mmap_size; the default file answers with its
     * previous limit in *arg, so the request is read first. */
    sqlite3_int64 want = op == SQLITE_FCNTL_MMAP_SIZE && arg != NULL ? *(sqlite3_int64 *)arg : -1;
    int rc = x->real->xFileControl(f, op, arg);
    if (want >= 0) {
        x->wide = want > 0;
        x->failed = false;
        if (!x->wide)
            unmap(x);
    }
    return rc;
}

static int m_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct mextra *x = X(f);
    if (x->map != NULL && size >= 0 && (uint64_t)size < x->map_len)
        unmap(x);
    return x->real->xTruncate(f, size);
}

static int m_close(sqlite3_file *f)
{
    struct mextra *x = X(f);
    const sqlite3_io_methods *real = x->real;
    x->nfetch = 0;
    unmap(x);
    if (x->fd >= 0)
        close(x->fd);
    x->fd = -1;
    return real->xClose(f);
}

static int m_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    int rc = M.real->xOpen(M.real, name, f, flags, out_flags);
    if (rc != SQLITE_OK || f->pMethods == NULL || f->pMethods->iVersion < 3 || name == NULL ||
        !(flags & SQLITE_OPEN_MAIN_DB))
        return rc;
    struct mextra *x = X(f);
    memset(x, 0, sizeof *x);
    x->real = f->pMethods;
    x->m = *f->pMethods;
    x->m.xFetch = m_fetch;
    x->m.xUnfetch = m_unfetch;
    x->m.xFileControl = m_file_control;
    x->m.xTruncate = m_truncate;
    x->m.xClose = m_close;
    x->path = name;
    x->fd = -1;
    f->pMethods = &x->m;
    return rc;
}

static void init(void)
{
    M.real = sqlite3_vfs_find(NULL);
    if (M.real == NULL)
        return;
    size_t a = _Alignof(max_align_t);
    M.extra_at = ((size_t)M.real->szOsFile + a - 1) / a * a;
    M.vfs = *M.real;
    M.vfs.pNext = NULL;
    M.vfs.zName = MAPVFS_NAME;
    M.vfs.szOsFile = (int)(M.extra_at + sizeof(struct mextra));
    M.vfs.xOpen = m_open;
    M.ok = sqlite3_vfs_register(&M.vfs, 0) == SQLITE_OK;
}

const char *store__map_vfs(void)
{
    pthread_once(&M.once, init);
    return M.ok ? MAPVFS_NAME : NULL;
}

uint64_t store_mapped_pages(void)
{
    return atomic_load_explicit(&M.pages, memory_order_relaxed);
}
