/* clock.c: the single source of wall-clock time (injectable for tests), and UTC / Europe/Amsterdam
 * formatting without touching the process TZ (the EU summer-time rule is computed directly). */
#include "core/common.h"

#include <stdatomic.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"

static _Atomic int64_t fixed_ms = INT64_MIN; /* INT64_MIN = use the real clock */
static _Atomic int64_t offset_ms = 0;

#ifdef REGIE_TEST_HOOKS
/* Test builds only: REGIE_TEST_CLOCK_FILE names a file holding an offset in milliseconds that is
 * added to the real clock, so an API test can move a running server's clock (session timeouts,
 * retention) without sleeping. Re-read when the file's mtime or size changes. */
#include <sys/stat.h>
#include <pthread.h>
static pthread_mutex_t hook_mu = PTHREAD_MUTEX_INITIALIZER;
static struct timespec hook_mtime;
static off_t hook_size = -1;
static int64_t hook_offset;

static int64_t test_clock_offset(void)
{
    const char *path = getenv("REGIE_TEST_CLOCK_FILE");
    if (path == NULL)
        return 0;
    struct stat sb;
    int64_t off;
    pthread_mutex_lock(&hook_mu);
    if (stat(path, &sb) == 0 && (sb.st_mtim.tv_sec != hook_mtime.tv_sec ||
                                 sb.st_mtim.tv_nsec != hook_mtime.tv_nsec || sb.st_size != hook_size)) {
        FILE *f = fopen(path, "r");
        char line[64];
        if (f != NULL) {
            /* strtoll rather than fscanf, which cannot report an out-of-range number. */
            if (fgets(line, sizeof(line), f) != NULL) {
                char *end = NULL;
                errno = 0;
                long long v = strtoll(line, &end, 10);
                if (end != line && errno == 0)
                    hook_offset = (int64_t)v;
            }
            fclose(f);
        }
        hook_mtime = sb.st_mtim;
        hook_size = sb.st_size;
    }
    off = hook_offset;
    pthread_mutex_unlock(&hook_mu);
    return off;
}
#endif

bool clock_test_hooks(void)
{
#ifdef REGIE_TEST_HOOKS
    return true;
#else
    return false;
#endif
}

int64_t clock_now_ms(void)
{
    int64_t f = atomic_load(&fixed_ms);
    if (f != INT64_MIN)
        return f;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_ms);
#ifdef REGIE_TEST_HOOKS
    now += test_clock_offset();
#endif
    return now;
}

int64_t clock_real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void clock_set_fixed(int64_t ms)
{
    atomic_store(&fixed_ms, ms);
}

void clock_advance(int64_t delta_ms)
{
    int64_t f = atomic_load(&fixed_ms);
    if (f == INT64_MIN)
        atomic_fetch_add(&offset_ms, delta_ms);
    else
        atomic_store(&fixed_ms, f + delta_ms);
}

void clock_use_real(void)
{
    atomic_store(&fixed_ms, INT64_MIN);
    atomic_store(&offset_ms, 0);
}

void clock_set_offset(int64_t off)
{
    atomic_store(&offset_ms, off);
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm). */
void clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int64_t clock_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static void split(int64_t ms, int *y, int *mo, int *d, int *h, int *mi, int *s, int *msr)
{
    int64_t days = floor_div(ms, 86400000);
    int64_t rem = ms - days * 86400000;
    clock_civil_from_days(days, y, mo, d);
    *h = (int)(rem / 3600000);
    *mi = (int)(rem / 60000 % 60);
    *s = (int)(rem / 1000 % 60);
    *msr = (int)(rem % 1000);
}

char *clock_fmt_utc(int64_t ms, char *out, size_t cap)
{
    int y, mo, d, h, mi, s, msr;
    split(ms, &y, &mo, &d, &h, &mi, &s, &msr);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, msr);
    return out;
}

/* Last Sunday of month m in year y, as days since the epoch. */
static int64_t last_sunday(int y, int m)
{
    int64_t last = clock_days_from_civil(y, m + 1, 1) - 1; /* m is 3 or 10, so m+1 is valid */
    int64_t wd = floor_div(last + 4, 1) % 7;         /* 1970-01-01 was a Thursday (4) */
    if (wd < 0)
        wd += 7;
    return last - wd;
}

/* Offset of Europe/Amsterdam from UTC at the UTC instant ms: CEST (+2 h) from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC, CET (+1 h) otherwise. */
static int64_t amsterdam_offset(int64_t ms)
{
    int y, mo, d, h, mi, s, msr;
    split(ms, &y, &mo, &d, &h, &mi, &s, &msr);
    int64_t start = last_sunday(y, 3) * 86400000 + 3600000; /* 01:00 UTC */
    int64_t end = last_sunday(y, 10) * 86400000 + 3600000;
    return (ms >= start && ms < end) ? 7200000 : 3600000;
}

int64_t clock_local_midnight_ms(int64_t days)
{
    int64_t utc_midnight = days * 86400000;
    /* Local midnight is never within an hour of a DST switch (01:00 UTC), so the offset an
     * hour before UTC midnight is the offset at local midnight. */
    return utc_midnight - amsterdam_offset(utc_midnight - 3600000);
}

char *clock_fmt_local(int64_t ms, char *out, size_t cap)
{
    int y, mo, d, h, mi, s, msr;
    int64_t off = amsterdam_offset(ms);
    split(ms + off, &y, &mo, &d, &h, &mi, &s, &msr);
    snprintf(out, cap, "%02d-%02d-%04d %02d:%02d", d, mo, y, h, mi);
    return out;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ERR_INVAL;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int md = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        md = 29;
    return d <= md;
}

int clock_parse_date(const char *s, size_t n, int64_t *out_days)
{
    int y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return ERR_INVAL;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return ERR_INVAL;
    if (!valid_ymd(y, m, d))
        return ERR_INVAL;
    *out_days = clock_days_from_civil(y, m, d);
    return 0;
}

int clock_parse_utc(const char *s, size_t n, int64_t *out_ms)
{
    int64_t days;
    int h, mi, sec, msv = 0;
    if (n != 20 && n != 24)
        return ERR_INVAL;
    if (clock_parse_date(s, 10, &days) != 0)
        return ERR_INVAL;
    if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z')
        return ERR_INVAL;
    if (digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &sec))
        return ERR_INVAL;
    if (n == 24 && (s[19] != '.' || digits(s + 20, 3, &msv)))
        return ERR_INVAL;
    if (h > 23 || mi > 59 || sec > 59)
        return ERR_INVAL;
    *out_ms = days * 86400000 + (int64_t)h * 3600000 + (int64_t)mi * 60000 + (int64_t)sec * 1000 + msv;
    return 0;
}
