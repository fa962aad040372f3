/* api_static.c: serves the built web UI (web/dist) under a strict CSP. "/" and "/app/..." get
 * index.html (History-API routing); other paths map to files in the web directory. Paths with
 * "..", hidden segments or backslashes are refused; only regular files are served; "/api/..."
 * never falls back to index.html (it is not routed here). */
#include "core/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "http/api.h"

#define STATIC_MAX (16u * 1024 * 1024)

static const struct {
    const char *ext;
    const char *type;
} mime[] = {
    {".html", "text/html"},        {".js", "text/javascript"},  {".mjs", "text/javascript"},
    {".css", "text/css"},          {".json", "application/json"}, {".map", "application/json"},
    {".svg", "image/svg+xml"},     {".png", "image/png"},       {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},      {".woff", "font/woff"},      {".txt", "text/plain"},
};

static const char *mime_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot != NULL)
        for (size_t i = 0; i < ARRAY_LEN(mime); i++)
            if (strcmp(dot, mime[i].ext) == 0)
                return mime[i].type;
    return "application/octet-stream";
}

static bool safe_rel(struct str p)
{
    if (p.n == 0 || p.n > 256)
        return false;
    size_t seg = 0;
    for (size_t i = 0; i <= p.n; i++) {
        if (i == p.n || p.p[i] == '/') {
            if (i == seg || p.p[seg] == '.')
                return false; /* empty, ".", "..", hidden */
            seg = i + 1;
            continue;
        }
        char c = p.p[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

static int serve_file(struct http_req *req, struct http_resp *resp, const char *rel, bool immutable,
                      struct err *e)
{
    int rc = 0;
    const char *dir = req->cfg->web_dir[0] ? req->cfg->web_dir : "web/dist";
    char path[CONFIG_PATH_MAX + 300];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof(path))
        return err_set(e, ERR_NOTFOUND, "Dit bestand bestaat niet.");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return err_set(e, ERR_NOTFOUND, "Dit bestand bestaat niet.");
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)STATIC_MAX) {
        rc = err_set(e, ERR_NOTFOUND, "Dit bestand bestaat niet.");
        goto out;
    }
    char chunk[16384];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got < 0) {
            rc = err_internal(e, ERR_IO, "static read errno=%d", errno);
            goto out;
        }
        if (got == 0)
            break;
        rc = buf_append(&resp->body, chunk, (size_t)got);
        if (rc != 0)
            goto out;
    }
    resp->status = 200;
    resp->content_type = mime_for(rel);
    resp->cache_control = immutable ? "public, max-age=31536000, immutable" : "no-store";
out:
    close(fd);
    return rc;
}

int api_static_index(struct http_req *req, struct http_resp *resp, struct err *e)
{
    int rc = serve_file(req, resp, "index.html", false, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_UNAVAILABLE,
                       "De webinterface is niet gebouwd (web/dist ontbreekt); de API werkt wel.");
    return rc;
}

int api_static_file(struct http_req *req, struct http_resp *resp, struct err *e)
{
    struct str rel = {req->path.p + 1, req->path.n - 1};
    if (!safe_rel(rel))
        return err_set(e, ERR_NOTFOUND, "Dit bestand bestaat niet.");
    char *r = arena_strndup(req->arena, rel.p, rel.n);
    if (r == NULL)
        return ERR_NOMEM;
    /* Hashed build outputs (assets/, chunks/, name-HASH.ext) never change: cache them. */
    bool immutable = str_starts_with(rel, STR_LIT("assets/")) ||
                     str_starts_with(rel, STR_LIT("chunks/")) || strchr(r, '-') != NULL;
    if (strcmp(r, "index.html") == 0)
        immutable = false;
    return serve_file(req, resp, r, immutable, e);
}
