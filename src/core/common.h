/* common.h: the one header every Regie source file includes first. It pulls in the standard
 * headers we use everywhere, a few attribute macros, and banned.h last. */
#ifndef REGIE_CORE_COMMON_H
#define REGIE_CORE_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WUR __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

#include "core/banned.h"

#endif
