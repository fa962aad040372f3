/* err.c: error detail helpers and the mapping from error codes to HTTP statuses and RFC 9457
 * problem types. */
#include "core/common.h"

#include <stdarg.h>

#include "core/err.h"

/* If vsnprintf had to cut (full >= cap), drops a trailing incomplete UTF-8 sequence: these texts
 * end up in problem+json, and jansson refuses a string with half a character in it. */
static void utf8_cut(char *s, int full, size_t cap)
{
    if (full < 0 || (size_t)full < cap)
        return;
    size_t n = strlen(s);
    size_t i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && (unsigned char)s[i - 1] >= 0xC0) {
        unsigned char c = (unsigned char)s[i - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (i - 1) < want)
            s[i - 1] = '\0';
    }
}

void err_clear(struct err *e)
{
    if (e == NULL)
        return;
    e->code = 0;
    e->status = 0;
    e->title[0] = '\0';
    e->detail[0] = '\0';
    e->log[0] = '\0';
    e->n_fields = 0;
}

/* err_set, err_internal and err_field are macros in err.h (so that every analyser sees their
 * value) over static inline err_set_ and friends, which call these with their arguments. */
void err_vset(struct err *e, int code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return;
    e->code = code;
    int full = vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
    utf8_cut(e->detail, full, sizeof(e->detail));
}

void err_vinternal(struct err *e, int code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return;
    e->code = code;
    int full = vsnprintf(e->log, sizeof(e->log), fmt, ap);
    utf8_cut(e->log, full, sizeof(e->log));
}

void err_vfield(struct err *e, const char *field, const char *fmt, va_list ap)
{
    if (e == NULL)
        return;
    if (e->code == 0)
        e->code = ERR_INVAL;
    if (e->n_fields < ERR_MAX_FIELDS) {
        struct err_field *f = &e->fields[e->n_fields++];
        int full = snprintf(f->name, sizeof(f->name), "%s", field);
        utf8_cut(f->name, full, sizeof(f->name));
        full = vsnprintf(f->reason, sizeof(f->reason), fmt, ap);
        utf8_cut(f->reason, full, sizeof(f->reason));
    }
}

int err_http_status(int code)
{
    switch (code) {
    case ERR_OK: return 200;
    case ERR_NOMEM: return 500;
    case ERR_TOOBIG: return 413;
    case ERR_INVAL: return 400;
    case ERR_NOTFOUND: return 404;
    case ERR_FORBIDDEN: return 403;
    case ERR_CONFLICT: return 409;
    case ERR_DB:
    case ERR_IO: return 500;
    case ERR_UNAUTH: return 401;
    case ERR_UNAVAILABLE: return 503;
    case ERR_RATELIMIT: return 429;
    case ERR_MEDIA: return 415;
    case ERR_METHOD: return 405;
    case ERR_CRYPTO:
    default: return 500;
    }
}

const char *err_status_title(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

const char *err_type_slug(int code)
{
    switch (code) {
    case ERR_TOOBIG: return "too-large";
    case ERR_INVAL: return "validation";
    case ERR_NOTFOUND: return "not-found";
    case ERR_FORBIDDEN: return "forbidden";
    case ERR_CONFLICT: return "conflict";
    case ERR_UNAUTH: return "unauthenticated";
    case ERR_UNAVAILABLE: return "unavailable";
    case ERR_RATELIMIT: return "rate-limited";
    case ERR_MEDIA: return "unsupported-media-type";
    case ERR_METHOD: return "method-not-allowed";
    default: return "internal";
    }
}

const char *err_code_name(int code)
{
    switch (code) {
    case ERR_OK: return "OK";
    case ERR_NOMEM: return "ERR_NOMEM";
    case ERR_TOOBIG: return "ERR_TOOBIG";
    case ERR_INVAL: return "ERR_INVAL";
    case ERR_NOTFOUND: return "ERR_NOTFOUND";
    case ERR_FORBIDDEN: return "ERR_FORBIDDEN";
    case ERR_CONFLICT: return "ERR_CONFLICT";
    case ERR_DB: return "ERR_DB";
    case ERR_IO: return "ERR_IO";
    case ERR_UNAUTH: return "ERR_UNAUTH";
    case ERR_UNAVAILABLE: return "ERR_UNAVAILABLE";
    case ERR_RATELIMIT: return "ERR_RATELIMIT";
    case ERR_MEDIA: return "ERR_MEDIA";
    case ERR_METHOD: return "ERR_METHOD";
    case ERR_CRYPTO: return "ERR_CRYPTO";
    default: return "ERR_UNKNOWN";
    }
}
