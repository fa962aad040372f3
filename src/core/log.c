/* log.c: operational log as logfmt lines on one fd (stderr by default). One write(2) per line so
 * concurrent threads never interleave. Callers pass ids and counts only (see log.h). */
#include "core/common.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"

static _Atomic int log_level = LOG_INFO;
static _Atomic int log_fd = 2;

void log_set_level(enum log_level lvl)
{
    atomic_store(&log_level, (int)lvl);
}

void log_set_fd(int fd)
{
    atomic_store(&log_fd, fd);
}

static const char *level_name(enum log_level l)
{
    switch (l) {
    case LOG_DEBUG: return "debug";
    case LOG_INFO: return "info";
    case LOG_WARN: return "warn";
    default: return "error";
    }
}

void log_msg(enum log_level lvl, const char *event, const char *fmt, ...)
{
    if ((int)lvl < atomic_load(&log_level))
        return;
    char line[1024];
    char ts[32];
    clock_fmt_utc(clock_now_ms(), ts, sizeof(ts));
    int n = snprintf(line, sizeof(line), "ts=%s level=%s event=%s", ts, level_name(lvl), event);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    if (fmt != NULL && fmt[0] != '\0' && len + 2 < sizeof(line)) {
        line[len++] = ' ';
        va_list ap;
        va_start(ap, fmt);
        /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above */
        int m = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
        va_end(ap);
        if (m > 0)
            len += (size_t)m < sizeof(line) - len ? (size_t)m : sizeof(line) - len - 1;
    }
    /* A line never contains a raw newline or control byte, whatever the values were. */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7F)
            line[i] = '_';
    if (len + 1 > sizeof(line))
        len = sizeof(line) - 1;
    line[len++] = '\n';
    ssize_t w = write(atomic_load(&log_fd), line, len);
    (void)w;
}

char *log_token(const char *s, size_t n, char *out, size_t cap)
{
    size_t j = 0;
    for (size_t i = 0; i < n && j + 1 < cap; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == ':' || c == '/' || c == '@' || c == '-';
        if (!ok) /* not a ?: (its type is int in C: a narrowing store) */
            c = '_';
        out[j++] = c;
    }
    if (cap > 0)
        out[j] = '\0';
    return out;
}
