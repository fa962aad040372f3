/* faults.c: fault injection for the fault tests (issue 12 item 3), compiled into the `regie`
 * binary of a -Dtest_hooks=true build only (meson.build), never into a release binary.
 *
 * When the environment names a control file (REGIE_TEST_IOFAULT_FILE), a constructor installs,
 * before SQLite initialises:
 * - a VFS shim over the default VFS that makes writes, syncs and truncations of every SQLite file
 *   (database, WAL, journal) fail as the control file says, and
 * - an SQLite allocator that fails allocations as the control file says.
 * The control file holds one line, re-read when it changes (checked at most every 20 ms, from the
 * reads, writes, syncs and locks of any SQLite file):
 *   off             no faults (also: empty or missing file)
 *   eio [N]         after N more writes/syncs succeed (default 0), every one fails with an I/O
 *                   error (SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE) until the file changes
 *   full [N]        the same with SQLITE_FULL (a full disk)
 *   oom [N]         after N more SQLite allocations succeed, every one fails (SQLITE_NOMEM)
 *   alloc [N]       after N more allocations of Regie's own code or of jansson succeed, every
 *                   one fails (NULL, errno ENOMEM) until the file changes
 * Faults hit the server's own database files only: the test names the data dir as a prefix
 * (REGIE_TEST_IOFAULT_PREFIX; default: every file). Nothing here is reachable from HTTP.
 *
 * Power loss (REGIE_TEST_POWERLOSS_LOG names a file): the same VFS shim keeps an undo log of
 * every SQLite file that has a name. Before each write it appends the bytes the write covers
 * (what the file held there, and the file's size before it); after each sync that succeeded it
 * appends a sync mark saying which earlier records that sync made durable; an open appends the
 * file's size, the state it starts from. The test harness (tests/crash/crash.c), after it killed
 * the server, undoes every write and truncation that no later sync of its file covered: the
 * files are then as a power cut could have left them, which a kill alone never shows (the page
 * cache keeps what was written). Records are appended with one writev each (one at a time per
 * process) to a file opened O_APPEND; a sync mark covers the records below the log's size when
 * the sync began. A kill can cut the last record short; the harness ignores it (its write had
 * not begun). Layout, native byte order:
 * struct pl_rec, then the path, then the old bytes.
 *
 * "alloc" reaches two allocators: jansson's, through json_set_alloc_funcs (installed by the same
 * constructor), and ours: meson.build links the `regie` binary of a test-hooks build with
 * -Wl,--wrap=malloc,calloc,realloc,strdup,strndup,posix_memalign, so that the calls made from
 * our own objects (src/, main.c) reach the __wrap_* functions below, while the calls made inside
 * shared libraries (libc, SQLite, libmicrohttpd, libsodium ...) and the sanitizer runtime do not.
 * Without the control file every wrapper is one branch and a tail call to the real function.
 * The fault hooks never allocate themselves (the control file is read with open/read into a
 * stack buffer) and are thread-safe (atomics; the re-read under a mutex that is only tried); the
 * power-loss log copies old bytes through the real malloc, never a wrapped one. */
#include "core/common.h"

#ifdef REGIE_TEST_HOOKS

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "store/faults.h"

/* The real functions (the linker's --wrap names them __real_*); declared here only. The names
 * are the linker's (-Wl,--wrap=malloc), hence reserved identifiers. */
/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): ld --wrap's names */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_posix_memalign(void **out, size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_posix_memalign(void **out, size_t align, size_t n);
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */

enum fault_mode { F_OFF, F_EIO, F_FULL, F_OOM, F_ALLOC };

static struct {
    const char *ctl;                 /* control file path (environment, process lifetime) */
    const char *prefix;              /* only files whose path starts with this */
    size_t prefix_len;
    pthread_mutex_t mu;
    struct timespec mtime;           /* of the control file when last read */
    off_t size;
    _Atomic int64_t checked_ns;
    _Atomic int mode;
    _Atomic long budget;             /* operations that still succeed before faults start */
    sqlite3_vfs *real;
    sqlite3_mem_methods mem;
} F = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Re-reads the control file if it changed (at most every 20 ms). Never allocates: it runs inside
 * the allocation hooks. A thread that finds another one re-reading goes on with the mode it has. */
static void refresh(void)
{
    if (F.ctl == NULL)
        return; /* the power-loss log alone: no control file */
    int64_t t = now_ns();
    if (t - atomic_load(&F.checked_ns) < 20000000)
        return;
    if (pthread_mutex_trylock(&F.mu) != 0)
        return;
    if (t - atomic_load(&F.checked_ns) < 20000000) {
        pthread_mutex_unlock(&F.mu);
        return;
    }
    atomic_store(&F.checked_ns, t);
    struct stat sb;
    if (stat(F.ctl, &sb) != 0) {
        atomic_store(&F.mode, F_OFF);
        F.size = -1;
        pthread_mutex_unlock(&F.mu);
        return;
    }
    if (sb.st_mtim.tv_sec == F.mtime.tv_sec && sb.st_mtim.tv_nsec == F.mtime.tv_nsec &&
        sb.st_size == F.size) {
        pthread_mutex_unlock(&F.mu);
        return;
    }
    F.mtime = sb.st_mtim;
    F.size = sb.st_size;
    char line[64] = "";
    int fd = open(F.ctl, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t got = read(fd, line, sizeof(line) - 1);
        line[got > 0 ? got : 0] = '\0';
        close(fd);
    }
    int mode = F_OFF;
    size_t skip = 0;
    if (strncmp(line, "eio", 3) == 0) {
        mode = F_EIO;
        skip = 3;
    } else if (strncmp(line, "full", 4) == 0) {
        mode = F_FULL;
        skip = 4;
    } else if (strncmp(line, "oom", 3) == 0) {
        mode = F_OOM;
        skip = 3;
    } else if (strncmp(line, "alloc", 5) == 0) {
        mode = F_ALLOC;
        skip = 5;
    }
    long n = 0;
    for (const char *p = line + skip; *p == ' '; p++) {
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9' && n < 100000000)
            n = n * 10 + (*q++ - '0');
        break;
    }
    atomic_store(&F.budget, n);
    atomic_store(&F.mode, mode);
    pthread_mutex_unlock(&F.mu);
}

/* True when the operation should fail now under mode m (consumes the budget). */
static bool hit(int m)
{
    if (atomic_load(&F.mode) != m)
        return false;
    return atomic_fetch_sub(&F.budget, 1) <= 0;
}

/* ---- the VFS shim --------------------------------------------------------------------------- */

struct ffile {
    sqlite3_file base;
    bool watched;
    const char *name;   /* SQLite keeps it valid until xClose; NULL for temporary files */
    sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(f) (((struct ffile *)(f))->real)

/* ---- the power-loss undo log ----------------------------------------------------------------- */

static int PL_FD = -1;
/* One append at a time in this process: a kill then cuts at most the last record short (a
 * write to a file stops between pages for SIGKILL), and no other thread's record follows it. */
static pthread_mutex_t PL_MU = PTHREAD_MUTEX_INITIALIZER;

/* One record: kind, the file's size (before a write or truncation; after a sync; at open), an
 * offset (write: where; truncation: the new size; sync: the log's size when the sync began),
 * then the path and the old bytes. A write to the log that fails aborts: a test that went on
 * without its undo records would pass for the wrong reason. */
static void pl_append(sqlite3_file *f, uint32_t kind, int64_t off, int64_t size, int64_t len,
                      const void *old, uint32_t n)
{
    const char *name = ((struct ffile *)f)->name;
    struct pl_rec r = {PL_MAGIC, kind, off, size, len, (uint32_t)strlen(name), n};
    struct iovec v[3] = {{&r, sizeof(r)}, {(void *)name, r.path_len}, {(void *)old, n}};
    size_t want = sizeof(r) + r.path_len + n;
    pthread_mutex_lock(&PL_MU);
    ssize_t w = writev(PL_FD, v, n > 0 ? 3 : 2);
    pthread_mutex_unlock(&PL_MU);
    if (w != (ssize_t)want) {
        fprintf(stderr, "regie: test hook: power-loss log write failed\n");
        abort();
    }
}

static bool pl_on(sqlite3_file *f)
{
    return PL_FD >= 0 && ((struct ffile *)f)->name != NULL;
}

static int64_t pl_size(sqlite3_file *f)
{
    sqlite3_int64 sz = 0;
    return REAL(f)->pMethods->xFileSize(REAL(f), &sz) == SQLITE_OK ? sz : -1;
}

/* The bytes [off, end) that the file holds now (end clipped to its size), into the log with kind
 * (a write: end = off + n; a truncation: from the new size to the old). */
static void pl_undo(sqlite3_file *f, uint32_t kind, int64_t off, int64_t end)
{
    int64_t size = pl_size(f);
    if (size < 0) {
        fprintf(stderr, "regie: test hook: power-loss log: no file size\n");
        abort();
    }
    int64_t have = end < size ? end : size;
    uint32_t n = have > off ? (uint32_t)(have - off) : 0;
    void *old = NULL;
    if (n > 0) {
        old = __real_malloc(n);
        if (old == NULL || REAL(f)->pMethods->xRead(REAL(f), old, (int)n, off) != SQLITE_OK) {
            fprintf(stderr, "regie: test hook: power-loss log: cannot read the old bytes\n");
            abort();
        }
    }
    pl_append(f, kind, off, size, kind == PL_WRITE ? end - off : 0, old, n);
    free(old);
}

static int io_fault(sqlite3_file *f, int eio_code)
{
    if (!((struct ffile *)f)->watched)
        return SQLITE_OK;
    refresh();
    if (hit(F_EIO))
        return eio_code;
    if (hit(F_FULL))
        return SQLITE_FULL;
    return SQLITE_OK;
}

static int x_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}
static int x_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    refresh();
    return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int x_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    int rc = io_fault(f, SQLITE_IOERR_WRITE);
    if (rc != SQLITE_OK)
        return rc;
    if (pl_on(f))
        pl_undo(f, PL_WRITE, off, off + n);
    return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = io_fault(f, SQLITE_IOERR_TRUNCATE);
    if (rc != SQLITE_OK)
        return rc;
    if (pl_on(f))
        pl_undo(f, PL_TRUNCATE, size, INT64_MAX);
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int x_sync(sqlite3_file *f, int flags)
{
    int rc = io_fault(f, SQLITE_IOERR_FSYNC);
    if (rc != SQLITE_OK)
        return rc;
    struct stat sb;
    bool pl = pl_on(f);
    if (pl && fstat(PL_FD, &sb) != 0)
        abort();
    rc = REAL(f)->pMethods->xSync(REAL(f), flags);
    if (rc == SQLITE_OK && pl)
        pl_append(f, PL_SYNC, (int64_t)sb.st_size, pl_size(f), 0, NULL, 0);
    return rc;
}
static int x_file_size(sqlite3_file *f, sqlite3_int64 *out)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), out);
}
static int x_lock(sqlite3_file *f, int l)
{
    refresh();
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int x_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int x_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int x_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int x_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int x_device_chars(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int x_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int x_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    refresh(); /* every transaction takes a WAL lock: the control file is seen even when all
                  pages come from the cache */
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void x_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int x_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods IO_V1 = {
    1, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
    x_check_reserved, x_file_control, x_sector_size, x_device_chars,
    NULL, NULL, NULL, NULL, NULL, NULL,
};
static const sqlite3_io_methods IO_V2 = {
    2, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
    x_check_reserved, x_file_control, x_sector_size, x_device_chars,
    x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, NULL, NULL,
};
static const sqlite3_io_methods IO_V3 = {
    3, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock, x_unlock,
    x_check_reserved, x_file_control, x_sector_size, x_device_chars,
    x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, x_fetch, x_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    struct ffile *ff = (struct ffile *)file;
    ff->real = (sqlite3_file *)(ff + 1);
    ff->base.pMethods = NULL;
    ff->watched = F.ctl != NULL && name != NULL &&
                  (F.prefix_len == 0 || strncmp(name, F.prefix, F.prefix_len) == 0);
    ff->name = name;
    int rc = F.real->xOpen(F.real, name, ff->real, flags, out_flags);
    if (rc != SQLITE_OK || ff->real->pMethods == NULL)
        return rc;
    int v = ff->real->pMethods->iVersion;
    ff->base.pMethods = v >= 3 ? &IO_V3 : v == 2 ? &IO_V2 : &IO_V1;
    if (pl_on(file))
        pl_append(file, PL_OPEN, 0, pl_size(file), 0, NULL, 0);
    return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    (void)vfs;
    return F.real->xDelete(F.real, name, sync);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return F.real->xAccess(F.real, name, flags, out);
}
static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return F.real->xFullPathname(F.real, name, n, out);
}
static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return F.real->xDlOpen(F.real, name);
}
static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    F.real->xDlError(F.real, n, msg);
}
static void (*v_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return F.real->xDlSym(F.real, h, sym);
}
static void v_dl_close(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    F.real->xDlClose(F.real, h);
}
static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return F.real->xRandomness(F.real, n, out);
}
static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return F.real->xSleep(F.real, us);
}
static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return F.real->xCurrentTime(F.real, out);
}
static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return F.real->xGetLastError ? F.real->xGetLastError(F.real, n, out) : 0;
}
static int v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return F.real->xCurrentTimeInt64(F.real, out);
}

static sqlite3_vfs VFS = {
    .iVersion = 2,
    .zName = "regie-faults",
    .xOpen = v_open,
    .xDelete = v_delete,
    .xAccess = v_access,
    .xFullPathname = v_full_pathname,
    .xDlOpen = v_dl_open,
    .xDlError = v_dl_error,
    .xDlSym = v_dl_sym,
    .xDlClose = v_dl_close,
    .xRandomness = v_randomness,
    .xSleep = v_sleep,
    .xCurrentTime = v_current_time,
    .xGetLastError = v_last_error,
    .xCurrentTimeInt64 = v_current_time64,
};

/* ---- the allocator -------------------------------------------------------------------------- */

/* The allocations look at the control file too (rate-limited in refresh): a connection that
 * cannot even be opened (its first allocation fails) never reaches the VFS, so "off" would
 * otherwise not be seen. */
static void *m_malloc(int n)
{
    refresh();
    return hit(F_OOM) ? NULL : F.mem.xMalloc(n);
}
static void m_free(void *p)
{
    F.mem.xFree(p);
}
static void *m_realloc(void *p, int n)
{
    return hit(F_OOM) ? NULL : F.mem.xRealloc(p, n);
}
static int m_size(void *p)
{
    return F.mem.xSize(p);
}
static int m_roundup(int n)
{
    return F.mem.xRoundup(n);
}
static int m_init(void *x)
{
    return F.mem.xInit(x);
}
static void m_shutdown(void *x)
{
    F.mem.xShutdown(x);
}

/* ---- our own allocations and jansson's (mode "alloc") ---------------------------------------- */

/* True when this allocation should fail. F.ctl is set by the constructor only when the control
 * file is named, so every other process (and the time before the constructor) sees no faults. */
static bool alloc_fault(void)
{
    if (F.ctl == NULL)
        return false;
    refresh();
    if (!hit(F_ALLOC))
        return false;
    errno = ENOMEM;
    return true;
}

void *__wrap_malloc(size_t n)
{
    return alloc_fault() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t k, size_t n)
{
    return alloc_fault() ? NULL : __real_calloc(k, n);
}
void *__wrap_realloc(void *p, size_t n)
{
    return alloc_fault() ? NULL : __real_realloc(p, n); /* on failure p stays valid */
}
char *__wrap_strdup(const char *s)
{
    return alloc_fault() ? NULL : __real_strdup(s);
}
char *__wrap_strndup(const char *s, size_t n)
{
    return alloc_fault() ? NULL : __real_strndup(s, n);
}
int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
    return alloc_fault() ? ENOMEM : __real_posix_memalign(out, align, n);
}

static void *j_malloc(size_t n)
{
    return alloc_fault() ? NULL : __real_malloc(n);
}
static void j_free(void *p)
{
    free(p);
}

/* The VFS over the default one (once), for faults, the power-loss log or both. */
static void vfs_install(void)
{
    F.real = sqlite3_vfs_find(NULL);
    if (F.real == NULL)
        return;
    VFS.szOsFile = (int)sizeof(struct ffile) + F.real->szOsFile;
    VFS.mxPathname = F.real->mxPathname;
    if (sqlite3_vfs_register(&VFS, 1) != SQLITE_OK)
        fprintf(stderr, "regie: test hook: fault VFS not installed\n");
}

__attribute__((constructor)) static void faults_install(void)
{
    const char *pl = getenv("REGIE_TEST_POWERLOSS_LOG");
    if (pl != NULL && pl[0] != '\0') {
        PL_FD = open(pl, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (PL_FD < 0) {
            fprintf(stderr, "regie: test hook: cannot open the power-loss log\n");
            abort();
        }
    }
    F.ctl = getenv("REGIE_TEST_IOFAULT_FILE");
    if (F.ctl != NULL && F.ctl[0] == '\0')
        F.ctl = NULL;
    if (F.ctl == NULL) {
        if (PL_FD >= 0)
            vfs_install();
        return;
    }
    F.prefix = getenv("REGIE_TEST_IOFAULT_PREFIX");
    F.prefix_len = F.prefix ? strlen(F.prefix) : 0;
    F.size = -1;
    json_set_alloc_funcs(j_malloc, j_free);
    /* The allocator first: sqlite3_vfs_register initialises SQLite. */
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &F.mem) == SQLITE_OK) {
        static sqlite3_mem_methods m;
        m = F.mem;
        m.xMalloc = m_malloc;
        m.xFree = m_free;
        m.xRealloc = m_realloc;
        m.xSize = m_size;
        m.xRoundup = m_roundup;
        m.xInit = m_init;
        m.xShutdown = m_shutdown;
        if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
            fprintf(stderr, "regie: test hook: SQLite allocator not installed\n");
    }
    vfs_install();
}

#endif
