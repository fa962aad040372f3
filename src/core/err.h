/* err.h: error codes and the error detail that travels up to the HTTP layer, where it becomes an
 * RFC 9457 problem+json body. Fallible functions return 0 or a negative enum err_code, and take an
 * optional last `struct err *` that receives a client-safe message, the offending fields, and a
 * log-only detail (never sent to the client, never personal data). */
#ifndef REGIE_CORE_ERR_H
#define REGIE_CORE_ERR_H

#include "core/common.h"

#include <stdarg.h>

enum err_code {
    ERR_OK = 0,
    ERR_NOMEM = -1,
    ERR_TOOBIG = -2,
    ERR_INVAL = -3,
    ERR_NOTFOUND = -4,
    ERR_FORBIDDEN = -5,
    ERR_CONFLICT = -6,
    ERR_DB = -7,
    ERR_IO = -8,
    ERR_UNAUTH = -9,       /* no or expired session */
    ERR_UNAVAILABLE = -10, /* e.g. access log could not be written: fail closed */
    ERR_RATELIMIT = -11,
    ERR_MEDIA = -12,       /* unsupported media type */
    ERR_METHOD = -13,      /* method not allowed */
    ERR_CRYPTO = -14,      /* decryption/authentication failed */
};

#define ERR_MAX_FIELDS 16
#define ERR_NAME_MAX 64
#define ERR_MSG_MAX 200

struct err_field {
    char name[ERR_NAME_MAX];   /* JSON pointer-ish field name, e.g. "username" or "items/2/date" */
    char reason[ERR_MSG_MAX];  /* client-safe reason, Dutch */
};

struct err {
    int code;                 /* enum err_code */
    int status;               /* HTTP status; 0 = derive from code */
    char title[ERR_MSG_MAX];  /* short client-safe summary; empty = derive from status */
    char detail[ERR_MSG_MAX]; /* client-safe explanation */
    char log[ERR_MSG_MAX];    /* operational-log-only detail: ids and codes, never personal data */
    size_t n_fields;
    struct err_field fields[ERR_MAX_FIELDS];
};

/* Resets *e to "no error". e may be NULL. */
void err_clear(struct err *e);

/* Sets code, client-safe detail (printf-style) and returns code, so callers can write
 * `return err_set(e, ERR_INVAL, "...")`. e may be NULL. The format is a literal. */
#define err_set(e, code, ...) \
    __extension__({ \
        const int err_code_ = (code); \
        err_set_((e), err_code_, __VA_ARGS__); \
        err_code_; \
    })

/* Like err_set, but the text goes to the log-only detail; the client sees a generic message. */
#define err_internal(e, code, ...) \
    __extension__({ \
        const int err_code_ = (code); \
        err_internal_((e), err_code_, __VA_ARGS__); \
        err_code_; \
    })

/* Adds an offending field with a reason (client-safe, Dutch). Sets code ERR_INVAL if none is set.
 * Extra fields beyond ERR_MAX_FIELDS are dropped (the count of the first 16 is enough to act on).
 * Returns ERR_INVAL. */
#define err_field(e, field, ...) \
    __extension__({ \
        err_field_((e), (field), __VA_ARGS__); \
        ERR_INVAL; \
    })

/* Why macros: every analyser must see, in the calling function itself, what these return, or it
 * follows a refused lookup written `return err_set(e, ERR_X, ...)` as if it could return 0, i.e.
 * "succeed" with its outputs unset. clang's analyser does not inline variadic functions, so the
 * value is the macro's own: a GNU statement expression (`__extension__` keeps -Wpedantic quiet)
 * that evaluates `code` once and yields it. The printf-format check stays on the functions below;
 * they are static inline so that gcc -fanalyzer, which does not look into other files, sees all
 * of what they do. The work is err_vset and friends in err.c. Not for direct use. */
static inline void err_set_(struct err *e, int code, const char *fmt, ...) PRINTF_LIKE(3, 4);
static inline void err_internal_(struct err *e, int code, const char *fmt, ...) PRINTF_LIKE(3, 4);
static inline void err_field_(struct err *e, const char *field, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

void err_vset(struct err *e, int code, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);
void err_vinternal(struct err *e, int code, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);
void err_vfield(struct err *e, const char *field, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);

static inline void err_set_(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
}

static inline void err_internal_(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vinternal(e, code, fmt, ap);
    va_end(ap);
}

static inline void err_field_(struct err *e, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vfield(e, field, fmt, ap);
    va_end(ap);
}

/* HTTP status for an error code (ERR_INVAL → 400, ERR_NOTFOUND → 404, ...). */
int err_http_status(int code);

/* Short English problem title for an HTTP status, e.g. "Bad Request". Static string. */
const char *err_status_title(int status);

/* Problem type URI suffix for a code, e.g. "validation". Static string. */
const char *err_type_slug(int code);

/* Static name of a code for logs, e.g. "ERR_INVAL". */
const char *err_code_name(int code);

#endif
