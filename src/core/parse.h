/* parse.h: number parsing with bounds (OpenBSD strtonum semantics over a struct str). */
#ifndef REGIE_CORE_PARSE_H
#define REGIE_CORE_PARSE_H

#include "core/common.h"
#include "core/str.h"

/* Parses a whole decimal integer (optional leading '-', no spaces, no '+', no leading zeros
 * except "0") within [min, max]. Returns 0 and sets *out, or ERR_INVAL (syntax, empty) or
 * ERR_TOOBIG (out of range). *out is untouched on failure. */
int parse_i64(struct str s, int64_t min, int64_t max, int64_t *out) WUR;

/* Parses "HOST:PORT" (IPv4 dotted or "[v6]") with port 0..65535 into host (NUL-terminated,
 * at most host_cap-1 bytes) and port. Returns 0 or ERR_INVAL. */
int parse_hostport(struct str s, char *host, size_t host_cap, uint16_t *out_port) WUR;

/* Parses a size with optional suffix k/K (KiB) or m/M (MiB), e.g. "64k". Range-checked. */
int parse_size(struct str s, size_t min, size_t max, size_t *out) WUR;

#endif
