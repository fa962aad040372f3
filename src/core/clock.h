/* clock.h: the one place that asks the system for the time. Everything stores UTC milliseconds
 * since the epoch; display is Europe/Amsterdam. Tests inject a clock (clock_set_fixed /
 * clock_advance); a server can be started with an offset for tests (REGIE_TEST_CLOCK in test
 * builds only). Thread-safe. */
#ifndef REGIE_CORE_CLOCK_H
#define REGIE_CORE_CLOCK_H

#include "core/common.h"

/* Wall-clock time, UTC ms since the epoch (injected value when a test clock is set). */
int64_t clock_now_ms(void);

/* The system's wall clock, UTC ms, never injected: for leases shared between processes (the
 * key vault's reservations), which a test clock moved by years must not expire or keep alive. */
int64_t clock_real_ms(void);

/* Monotonic time in ns, for durations and timeouts that must not jump. Not injectable. */
int64_t clock_mono_ns(void);

/* Test hooks: fix the clock at ms / move it forward by delta / go back to the real clock. */
void clock_set_fixed(int64_t ms);
void clock_advance(int64_t delta_ms);
void clock_use_real(void);
/* Adds a fixed offset to the real clock (used by the test build's clock file). */
void clock_set_offset(int64_t offset_ms);

/* True in builds with test hooks (-Dtest_hooks=true), where REGIE_TEST_CLOCK_FILE can move the
 * clock of a running server. Never true in a release build. */
bool clock_test_hooks(void);

/* Formats ms as RFC 3339 UTC with milliseconds, e.g. "2026-11-28T16:02:53.123Z".
 * out must hold at least 25 bytes. Returns out. */
char *clock_fmt_utc(int64_t ms, char *out, size_t cap);

/* Formats ms in Europe/Amsterdam local time as "28-11-2026 17:02" (Dutch convention).
 * out must hold at least 17 bytes. */
char *clock_fmt_local(int64_t ms, char *out, size_t cap);

/* Days since 1970-01-01 <-> proleptic Gregorian civil date (H. Hinnant's algorithms). */
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);
int64_t clock_days_from_civil(int y, int m, int d);

/* UTC ms of 00:00 Europe/Amsterdam on the calendar day `days` (days since 1970-01-01). */
int64_t clock_local_midnight_ms(int64_t days);

/* Parses an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SS[.mmm]Z" into ms. ERR_INVAL on bad input. */
int clock_parse_utc(const char *s, size_t n, int64_t *out_ms) WUR;

/* Parses a calendar date "YYYY-MM-DD" (validated: month/day ranges, leap years) into days since
 * the epoch. ERR_INVAL on bad input. */
int clock_parse_date(const char *s, size_t n, int64_t *out_days) WUR;

#endif
