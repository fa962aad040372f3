/* log.h: the operational (technical) log. One logfmt line per event on stderr:
 *   ts=2026-11-28T16:02:53.123Z level=info event=http.request req=3f2a... status=200 ms=1.2
 * Only ids, codes, counts and timings: never names, BSNs, free text, tokens or passwords. Control
 * bytes (newlines included) are replaced by '_', so a value can never split a line; values are
 * not quoted, so callers pass only ids, numbers and enum names (log_token cleans an id that came
 * from a client). Thread-safe (one write(2) per line). */
#ifndef REGIE_CORE_LOG_H
#define REGIE_CORE_LOG_H

#include "core/common.h"

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

void log_set_level(enum log_level lvl);
void log_set_fd(int fd);

/* Writes "ts=.. level=.. event=<event>" followed by ' ' and the formatted key=value pairs.
 * The format is a literal. */
void log_msg(enum log_level lvl, const char *event, const char *fmt, ...) PRINTF_LIKE(3, 4);

#define log_info(ev, ...) log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...) log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_msg(LOG_ERROR, ev, __VA_ARGS__)
#define log_debug(ev, ...) log_msg(LOG_DEBUG, ev, __VA_ARGS__)

/* Copies s into out as a logfmt-safe token: [A-Za-z0-9._:/@-] kept, anything else becomes '_',
 * truncated to cap-1. For ids and enum names only. Returns out. */
char *log_token(const char *s, size_t n, char *out, size_t cap);

#endif
