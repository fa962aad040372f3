/* test_documents.c: attached documents (issue 7, item "Documents") over real HTTP, against the
 * contract in docs/documents.md and the `document` rows of src/policy/policy.csv.
 *
 *  - upload and download round trip byte-exact (a binary PNG with NUL bytes, a PDF, plain text),
 *    with Content-Type from the detected type, Content-Disposition attachment with an RFC 8187
 *    name, the sandboxing CSP, nosniff and no-store; the list shows metadata only;
 *  - the type comes from the content: HTML, SVG and an ELF named .pdf are refused with 415
 *    naming `body`; an empty body 400; a wrong Content-Type 415; nothing is stored;
 *  - the size cap (document_max_bytes, set low here): cap bytes pass, cap + 1 is 413 before the
 *    body is read, also chunked; an upload without a session is refused before its body;
 *  - access follows the owner: a partner without access gets 404 on every route, after the
 *    invitation it may list and download but not upload; the ambtsbericht store: only the
 *    burgemeester and named readers; an agenda item: its readers, not an uninvited partner;
 *  - the access log has a create record for the upload and read records for list and download,
 *    about the signal's data subject; the database file holds no plaintext of the file.
 * Every person in here is fictional; no response body is ever printed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static int64_t ORG_VS, ORG_POL;

static void boot(const struct srv_opts *o)
{
    srv_start_opts(&S, o);
    ORG_VS = demo_org_id(&S, "Gemeente Voorbeeldstad");
    ORG_POL = demo_org_id(&S, "Politie eenheid Voorbeeld");
    cr_assert(ORG_VS > 0 && ORG_POL > 0, "demo organisations missing");
}

static void start(void)
{
    struct srv_opts o = {.demo = true};
    boot(&o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(documents, .fini = stop, .timeout = 300);

/* ---- helpers ------------------------------------------------------------------------------- */

/* Percent-encodes s for a query value. */
static void qenc(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < cap; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.') {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

static json_t *find_id(const json_t *arr, int64_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)arr, i, it)
    {
        if (jint(it, "id") == id)
            return it;
    }
    return NULL;
}

/* Sends a request with a binary body (n bytes) and reads the answer; ss may be NULL. */
static int send_raw(const struct sess *ss, const char *method, const char *path, const char *ctype,
                    const void *body, size_t n, struct resp *r)
{
    char head[2048];
    int hl = snprintf(head, sizeof(head),
                      "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                      "%s%s%s%s%s%s%s"
                      "Content-Length: %zu\r\n\r\n",
                      method, path, (unsigned)S.port, (unsigned)S.port,
                      ss ? "Cookie: __Host-regie=" : "", ss ? ss->token : "", ss ? "\r\n" : "",
                      ss ? "X-CSRF-Token: " : "", ss ? ss->csrf : "", ss ? "\r\n" : "",
                      ctype ? "Content-Type: application/octet-stream\r\n" : "", n);
    cr_assert(hl > 0 && (size_t)hl < sizeof(head));
    if (ctype && strcmp(ctype, "application/octet-stream") != 0) {
        /* another type: rewrite the line */
        char *ct = strstr(head, "Content-Type: application/octet-stream\r\n");
        char tmp[2048];
        snprintf(tmp, sizeof(tmp), "%.*sContent-Type: %s\r\n%s", (int)(ct - head), head, ctype,
                 ct + strlen("Content-Type: application/octet-stream\r\n"));
        snprintf(head, sizeof(head), "%s", tmp);
        hl = (int)strlen(head);
    }
    char *req = malloc((size_t)hl + n);
    memcpy(req, head, (size_t)hl);
    if (n)
        memcpy(req + hl, body, n);
    int rc = http_raw(&S, req, (size_t)hl + n, r);
    free(req);
    cr_assert_eq(rc, 0, "%s %s: no response", method, path);
    return r->status;
}

static int upload(const struct sess *ss, const char *owner, int64_t owner_id, const char *name,
                  const void *body, size_t n, struct resp *r)
{
    char path[1024], enc[900];
    qenc(name, enc, sizeof(enc));
    snprintf(path, sizeof(path), "/api/documents?owner=%s&owner_id=%lld&filename=%s", owner,
             (long long)owner_id, enc);
    return send_raw(ss, "POST", path, "application/octet-stream", body, n, r);
}

static int64_t upload_ok(const struct sess *ss, const char *owner, int64_t owner_id,
                         const char *name, const void *body, size_t n)
{
    struct resp r;
    int s = upload(ss, owner, owner_id, name, body, n, &r);
    cr_assert_eq(s, 201, "upload %s: %d", name, s);
    int64_t id = jint(r.json, "id");
    cr_assert(id > 0 && id < ((int64_t)1 << 53), "upload: no valid id");
    resp_free(&r);
    return id;
}

static int download(const struct sess *ss, int64_t id, struct resp *r)
{
    char p[96];
    snprintf(p, sizeof(p), "/api/documents/%lld/content", (long long)id);
    cr_assert_eq(sess_do(&S, ss, "GET", p, NULL, NULL, NULL, r), 0);
    return r->status;
}

static int list(const struct sess *ss, const char *owner, int64_t owner_id, struct resp *r)
{
    char p[128];
    snprintf(p, sizeof(p), "/api/documents?owner=%s&owner_id=%lld", owner, (long long)owner_id);
    cr_assert_eq(sess_do(&S, ss, "GET", p, NULL, NULL, NULL, r), 0);
    return r->status;
}

static int list_status(const struct sess *ss, const char *owner, int64_t owner_id)
{
    struct resp r;
    int s = list(ss, owner, owner_id, &r);
    resp_free(&r);
    return s;
}

static int download_status(const struct sess *ss, int64_t id)
{
    struct resp r;
    int s = download(ss, id, &r);
    resp_free(&r);
    return s;
}

static int64_t documents_in_db(void)
{
    return db_int(&S, "SELECT count(*) FROM document");
}

static json_t *person(const char *name, const char *bsn)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "kind", "person", "name", name, "birth_date",
                     "2006-03-04", "bsn", bsn);
}

/* A signal of Voorbeeldstad about one fictional person, as ss. */
static int64_t signal_new(const struct sess *ss, const char *name, const char *bsn)
{
    json_t *b = json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}}", "municipality_id", (json_int_t)ORG_VS,
                          "route", "professional", "subjects", person(name, bsn), "observed",
                          "Fictieve waarneming", "acute", "danger", 0);
    struct resp r;
    int s = sess_json(&S, ss, "POST", "/api/signals", b, &r);
    cr_assert_eq(s, 201, "POST /api/signals: %d", s);
    int64_t id = jint(r.json, "id");
    resp_free(&r);
    cr_assert(id > 0);
    return id;
}

static bool file_has(const char *path, const void *needle, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    bool found = false;
    if (len > 0) {
        char *b = malloc((size_t)len);
        if (fread(b, 1, (size_t)len, f) == (size_t)len)
            found = memmem(b, (size_t)len, needle, n) != NULL;
        free(b);
    }
    fclose(f);
    return found;
}

static bool db_files_have(const void *needle, size_t n)
{
    char p[400];
    snprintf(p, sizeof(p), "%s/regie.db", S.dir);
    bool a = file_has(p, needle, n);
    snprintf(p, sizeof(p), "%s/regie.db-wal", S.dir);
    return a || file_has(p, needle, n);
}

static size_t count_recs(const json_t *recs, const char *name, const char *object_type)
{
    size_t n = 0, i;
    json_t *it;
    json_array_foreach((json_t *)recs, i, it)
    {
        json_t *at = json_object_get(it, "attributes");
        const char *nm = jstr(it, "name");
        const char *ot = jstr(at, "regie.object_type");
        if (nm && strcmp(nm, name) == 0 && ot && strcmp(ot, object_type) == 0)
            n++;
    }
    return n;
}

/* Sample files (fictional content). */
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0,    0,
                                    13,   'I', 'H', 'D', 'R',  0,    0,    0,    1,    0,    0,
                                    0,    1,   8,   2,   0,    0,    0,    0x90, 0x77, 0x53, 0xde};
static const char PDF[] = "%PDF-1.4\n% Fictief verslag DOCMARKER-PDF-7731\n1 0 obj\n<< /Type "
                          "/Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
static const char TEXT[] = "Fictieve gespreksnotitie DOCMARKER-TXT-5519\nTweede regel.\n";

/* ---- 1. round trip --------------------------------------------------------------------------- */

Test(documents, upload_download_round_trip_with_headers)
{
    start();
    struct sess d, v;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "voorzitter", &v);
    char bsn[10];
    bsn_make(711, bsn);
    int64_t sig = signal_new(&d, "Fictief Paars Documentman", bsn);

    /* A binary file with NUL bytes, a name with a quote, a semicolon, CR LF and non-ASCII. */
    struct resp r;
    int s = upload(&d, "signal", sig, "../../Verslag \"x\";\r\nSet-Cookie: y é.png", PNG,
                   sizeof(PNG), &r);
    cr_assert_eq(s, 201, "upload png: %d", s);
    char uprid[64];
    resp_request_id(&r, uprid);
    int64_t png = jint(r.json, "id");
    cr_expect_str_eq(jstr(r.json, "media_type"), "image/png");
    cr_expect_eq(jint(r.json, "size"), (int64_t)sizeof(PNG));
    cr_expect_str_eq(jstr(r.json, "filename"), "Verslag _x_;__Set-Cookie_ y é.png",
                     "path dropped, control and reserved characters replaced");
    cr_expect(jstr(r.json, "uploaded_at") != NULL, "no uploaded_at");
    cr_expect_eq(jint(json_object_get(r.json, "uploaded_by"), "id"), d.user_id);
    resp_free(&r);

    s = download(&d, png, &r);
    cr_assert_eq(s, 200, "download: %d", s);
    char rdrid[64];
    resp_request_id(&r, rdrid);
    cr_expect_eq(r.body_len, sizeof(PNG), "not byte-exact (length)");
    cr_expect(r.body_len == sizeof(PNG) && memcmp(r.body, PNG, sizeof(PNG)) == 0, "not byte-exact");
    char h[1024];
    cr_expect(resp_header(&r, "Content-Type", h, sizeof(h)) && strcmp(h, "image/png") == 0,
              "Content-Type %s", h);
    cr_expect(resp_header(&r, "Content-Disposition", h, sizeof(h)), "no Content-Disposition");
    cr_expect_str_eq(h,
                     "attachment; filename*=UTF-8''Verslag%20_x_%3B__Set-Cookie_%20y%20%C3%A9.png");
    cr_expect(resp_header(&r, "Content-Security-Policy", h, sizeof(h)) &&
                  strcmp(h, "sandbox; default-src 'none'") == 0,
              "CSP %s", h);
    cr_expect_eq(resp_header_count(&r, "Content-Security-Policy"), 1, "one CSP only");
    cr_expect(resp_header(&r, "X-Content-Type-Options", h, sizeof(h)) && strcmp(h, "nosniff") == 0);
    cr_expect(resp_header(&r, "Cache-Control", h, sizeof(h)) && strcmp(h, "no-store") == 0);
    cr_expect_eq(resp_header_count(&r, "Set-Cookie"), 0, "a header was injected");
    resp_free(&r);

    /* PDF and text: the type, and text as UTF-8. */
    int64_t pdf = upload_ok(&d, "signal", sig, "verslag.pdf", PDF, strlen(PDF));
    int64_t txt = upload_ok(&d, "signal", sig, "notitie.txt", TEXT, strlen(TEXT));
    cr_assert_eq(download(&v, pdf, &r), 200, "voorzitter of the municipality reads");
    cr_expect(resp_header(&r, "Content-Type", h, sizeof(h)) && strcmp(h, "application/pdf") == 0);
    cr_expect(r.body_len == strlen(PDF) && memcmp(r.body, PDF, strlen(PDF)) == 0);
    resp_free(&r);
    cr_assert_eq(download(&d, txt, &r), 200);
    cr_expect(resp_header(&r, "Content-Type", h, sizeof(h)) &&
                  strcmp(h, "text/plain; charset=utf-8") == 0,
              "text Content-Type %s", h);
    cr_expect(r.body_len == strlen(TEXT) && memcmp(r.body, TEXT, strlen(TEXT)) == 0);
    resp_free(&r);

    /* The list: metadata only, oldest first. */
    cr_assert_eq(list(&v, "signal", sig, &r), 200);
    char lrid[64];
    resp_request_id(&r, lrid);
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 3);
    cr_expect_eq(jint(json_array_get(items, 0), "id"), png, "oldest first");
    json_t *ip = find_id(items, pdf), *it = find_id(items, txt);
    cr_expect(ip && strcmp(jstr(ip, "media_type"), "application/pdf") == 0, "pdf not listed");
    cr_expect(it && jint(it, "size") == (int64_t)strlen(TEXT), "text not listed");
    cr_expect(it && strcmp(jstr(it, "filename"), "notitie.txt") == 0);
    cr_expect(strstr(r.body, "DOCMARKER") == NULL, "the list carries content");
    resp_free(&r);

    /* The access log: create for the upload, read for download and list, about the subject. */
    json_t *recs = audit_records_for(&S, uprid, bsn);
    cr_expect_eq(count_recs(recs, "create", "document"), 1, "upload: no create record");
    json_decref(recs);
    recs = audit_records_for(&S, rdrid, bsn);
    cr_expect_eq(count_recs(recs, "read", "document"), 1, "download: no read record");
    json_decref(recs);
    recs = audit_records_for(&S, lrid, bsn);
    cr_expect_eq(count_recs(recs, "read", "document"), 1, "list: no read record");
    json_decref(recs);

    /* No plaintext of the files in the database (after a checkpoint too). */
    cr_expect(!db_files_have("DOCMARKER-TXT-5519", 18), "text content in the database file");
    cr_expect(!db_files_have("DOCMARKER-PDF-7731", 18), "PDF content in the database file");
    cr_expect(!db_files_have("Verslag _x_", 11), "file name in the database file");
    /* A restart checkpoints the WAL into the database file. */
    struct srv_opts o = {0};
    cr_expect_eq(srv_restart(&S, &o), 0);
    char p[400];
    snprintf(p, sizeof(p), "%s/regie.db", S.dir);
    cr_expect(!file_has(p, "DOCMARKER-TXT-5519", 18), "text content in the checkpointed database");
    cr_expect(!file_has(p, "DOCMARKER-PDF-7731", 18), "PDF content in the checkpointed database");
}

/* ---- 2. the type is the content's ---------------------------------------------------------- */

Test(documents, type_by_content_not_name)
{
    start();
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char bsn[10];
    bsn_make(712, bsn);
    int64_t sig = signal_new(&d, "Fictief Oranje Typeman", bsn);
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);

    static const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    static const unsigned char elf[] = {0x7F, 'E', 'L', 'F', 2, 1, 1,    0, 0, 0, 0, 0,
                                        0,    0,   0,   0,   2, 0, 0x3E, 0, 1, 0, 0, 0};
    static const unsigned char zip[] = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    struct {
        const char *name;
        const void *p;
        size_t n;
    } bad[] = {{"verslag.pdf", html, sizeof(html) - 1},
               {"plaatje.png", svg, sizeof(svg) - 1},
               {"verslag.pdf", elf, sizeof(elf)},
               {"archief.docx", zip, sizeof(zip)}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        int s = upload(&d, "signal", sig, bad[i].name, bad[i].p, bad[i].n, &r);
        cr_expect_eq(s, 415, "sample %zu (%s): %d, want 415", i, bad[i].name, s);
        cr_expect(resp_is_problem(&r), "sample %zu: not problem+json", i);
        cr_expect(resp_names_field(&r, "body"), "sample %zu: errors[] does not name body", i);
        resp_free(&r);
    }
    /* Empty: 400 naming body. A JSON or text/plain Content-Type: 415 before the body is read. */
    struct resp r;
    cr_expect_eq(upload(&d, "signal", sig, "leeg.txt", "", 0, &r), 400);
    cr_expect(resp_names_field(&r, "body"), "empty: errors[] does not name body");
    resp_free(&r);
    char path[160];
    snprintf(path, sizeof(path), "/api/documents?owner=signal&owner_id=%lld&filename=a.pdf",
             (long long)sig);
    cr_expect_eq(send_raw(&d, "POST", path, "application/pdf", PDF, strlen(PDF), &r), 415);
    resp_free(&r);
    cr_expect_eq(send_raw(&d, "POST", path, "application/json", "{}", 2, &r), 415);
    resp_free(&r);
    /* Missing or unknown parameters name the field. */
    cr_expect_eq(send_raw(&d, "POST", "/api/documents?owner=signal&filename=a.pdf",
                          "application/octet-stream", PDF, strlen(PDF), &r),
                 400);
    cr_expect(resp_names_field(&r, "owner_id"));
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/documents?owner=nope&owner_id=%lld&filename=a.pdf",
             (long long)sig);
    cr_expect_eq(send_raw(&d, "POST", path, "application/octet-stream", PDF, strlen(PDF), &r), 400);
    cr_expect(resp_names_field(&r, "owner"));
    resp_free(&r);
    snprintf(path, sizeof(path), "/api/documents?owner=signal&owner_id=%lld", (long long)sig);
    cr_expect_eq(send_raw(&d, "POST", path, "application/octet-stream", PDF, strlen(PDF), &r), 400);
    cr_expect(resp_names_field(&r, "filename"));
    resp_free(&r);
    cr_expect_eq(documents_in_db(), 0, "a refused upload was stored");
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect(memcmp(before, after, 32) == 0, "a refused upload changed the database");
}

/* ---- 3. the size cap ------------------------------------------------------------------------- */

static const char *const ENV_SMALL[] = {"REGIE_DOCUMENT_MAX_BYTES=4096", NULL};

Test(documents, size_cap_413_before_the_body)
{
    struct srv_opts o = {.demo = true, .env = ENV_SMALL};
    boot(&o);
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    char bsn[10];
    bsn_make(713, bsn);
    int64_t sig = signal_new(&d, "Fictief Groen Grootman", bsn);
    char *big = malloc(8192);
    memset(big, 'a', 8192);
    struct resp r;
    cr_expect_eq(upload(&d, "signal", sig, "precies.txt", big, 4096, &r), 201,
                 "exactly the cap is accepted");
    resp_free(&r);
    cr_expect_eq(upload(&d, "signal", sig, "te-groot.txt", big, 4097, &r), 413, "cap + 1");
    cr_expect(resp_is_problem(&r), "413 is not problem+json");
    resp_free(&r);

    /* Only the headers of an oversize request: the answer comes without waiting for the body. */
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    char head[1024];
    int hl = snprintf(head, sizeof(head),
                      "POST /api/documents?owner=signal&owner_id=%lld&filename=x.txt HTTP/1.1\r\n"
                      "Host: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                      "Cookie: __Host-regie=%s\r\nX-CSRF-Token: %s\r\n"
                      "Content-Type: application/octet-stream\r\nContent-Length: 4097\r\n\r\n",
                      (long long)sig, (unsigned)S.port, (unsigned)S.port, d.token, d.csrf);
    cr_assert_eq(send(fd, head, (size_t)hl, MSG_NOSIGNAL), hl);
    cr_assert_eq(http_read_resp(fd, &r), 0, "no answer before the body");
    cr_expect_eq(r.status, 413);
    resp_free(&r);
    close(fd);

    /* Chunked, growing past the cap while it arrives. */
    fd = srv_connect(&S);
    cr_assert(fd >= 0);
    hl = snprintf(head, sizeof(head),
                  "POST /api/documents?owner=signal&owner_id=%lld&filename=x.txt HTTP/1.1\r\n"
                  "Host: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                  "Cookie: __Host-regie=%s\r\nX-CSRF-Token: %s\r\n"
                  "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
                  (long long)sig, (unsigned)S.port, (unsigned)S.port, d.token, d.csrf);
    cr_assert_eq(send(fd, head, (size_t)hl, MSG_NOSIGNAL), hl);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(send(fd, "800\r\n", 5, MSG_NOSIGNAL), 5);
        cr_assert_eq(send(fd, big, 2048, MSG_NOSIGNAL), 2048);
        cr_assert_eq(send(fd, "\r\n", 2, MSG_NOSIGNAL), 2);
    }
    cr_assert_eq(send(fd, "0\r\n\r\n", 5, MSG_NOSIGNAL), 5);
    cr_assert_eq(http_read_resp(fd, &r), 0);
    cr_expect_eq(r.status, 413, "chunked over the cap: %d", r.status);
    resp_free(&r);
    close(fd);
    free(big);
    cr_expect_eq(documents_in_db(), 1, "only the upload of exactly the cap is stored");
}

Test(documents, no_session_refused_before_the_body)
{
    start();
    struct resp r;
    int fd = srv_connect(&S);
    cr_assert(fd >= 0);
    char head[512];
    int hl = snprintf(head, sizeof(head),
                      "POST /api/documents?owner=signal&owner_id=1&filename=x.pdf HTTP/1.1\r\n"
                      "Host: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
                      "Content-Type: application/octet-stream\r\nContent-Length: 5000000\r\n\r\n",
                      (unsigned)S.port, (unsigned)S.port);
    cr_assert_eq(send(fd, head, (size_t)hl, MSG_NOSIGNAL), hl);
    cr_assert_eq(http_read_resp(fd, &r), 0, "no answer before the body");
    cr_expect_eq(r.status, 401);
    resp_free(&r);
    close(fd);
    /* A forged CSRF token: 403, also before the body. */
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    snprintf(d.csrf, sizeof(d.csrf), "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    cr_expect_eq(upload(&d, "signal", 1, "x.pdf", PDF, strlen(PDF), &r), 403);
    resp_free(&r);
}

/* ---- 4. access follows the owner ------------------------------------------------------------- */

Test(documents, partner_without_access_gets_404)
{
    start();
    struct sess d, d2, pa, om, b, me;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "dossierhouder2", &d2);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "om", &om);
    login_ok(&S, "burgemeester", &b);
    login_ok(&S, "melder", &me);
    char bsn[10];
    bsn_make(714, bsn);
    int64_t sig = signal_new(&d, "Fictief Blauw Toegangsman", bsn);
    int64_t doc = upload_ok(&d, "signal", sig, "verslag.pdf", PDF, strlen(PDF));

    /* Not invited: 404 on every route (no existence leak), the same as for an id that does
     * not exist. */
    cr_expect_eq(download_status(&pa, doc), 404);
    cr_expect_eq(download_status(&pa, 4242424242LL), 404);
    cr_expect_eq(list_status(&pa, "signal", sig), 404);
    cr_expect_eq(download_status(&d2, doc), 404, "a dossierhouder of another municipality");
    cr_expect_eq(list_status(&d2, "signal", sig), 404);
    struct resp r;
    cr_expect_eq(upload(&d2, "signal", sig, "x.pdf", PDF, strlen(PDF), &r), 404);
    resp_free(&r);
    cr_expect_eq(upload(&pa, "signal", sig, "x.pdf", PDF, strlen(PDF), &r), 403,
                 "a partner never uploads (no create row)");
    resp_free(&r);
    cr_expect_eq(download_status(&me, doc), 403, "a melder has no document rows at all");
    /* The burgemeester of the municipality reads; may not upload to a professional signal. */
    cr_expect_eq(download_status(&b, doc), 200);
    cr_expect_eq(upload(&b, "signal", sig, "x.pdf", PDF, strlen(PDF), &r), 403);
    resp_free(&r);

    /* Invite the police: list and download now, still no upload; the OM still nothing. */
    char p[128];
    snprintf(p, sizeof(p), "/api/signals/%lld/participants", (long long)sig);
    cr_assert_eq(sess_json_status(&S, &d, "POST", p,
                                  json_pack("{s:I, s:s}", "org_id", (json_int_t)ORG_POL, "reason",
                                            "Fictieve reden")),
                 201);
    cr_expect_eq(list_status(&pa, "signal", sig), 200);
    cr_expect_eq(download_status(&pa, doc), 200);
    cr_expect_eq(download_status(&om, doc), 404);
    cr_expect_eq(documents_in_db(), 1);
}

Test(documents, ambtsbericht_store_named_readers_only)
{
    start();
    struct sess d, v, b;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "voorzitter", &v);
    login_ok(&S, "burgemeester", &b);
    char bsn[10], d3[11], d2[11];
    bsn_make(715, bsn);
    srv_date(&S, -3, d3);
    srv_date(&S, -2, d2);
    json_t *body =
        json_pack("{s:I, s:s, s:[o], s:s, s:{s:b}, s:{s:s, s:s, s:[I], s:b, s:s, s:s}}",
                  "municipality_id", (json_int_t)ORG_VS, "route", "ambtsbericht", "subjects",
                  person("Fictief Grijs Ambtsman", bsn), "observed", "Fictieve inhoud", "acute",
                  "danger", 0, "ambtsbericht", "addressee", "Fictieve burgemeester",
                  "received_date", d3, "readers", (json_int_t)demo_id(&S, "voorzitter"),
                  "nctv_consulted", 1, "nctv_date", d2, "nctv_contact", "Fictief NCTV-contact");
    struct resp r;
    cr_assert_eq(sess_json(&S, &b, "POST", "/api/signals", body, &r), 201);
    int64_t amb = jint(r.json, "id");
    resp_free(&r);
    int64_t doc = upload_ok(&b, "signal", amb, "ambtsbericht.pdf", PDF, strlen(PDF));
    cr_expect_eq(download_status(&b, doc), 200, "the burgemeester");
    cr_expect_eq(download_status(&v, doc), 200, "a named reader");
    cr_expect_eq(list_status(&v, "signal", amb), 200);
    cr_expect_eq(download_status(&d, doc), 404, "a dossierhouder who is not named");
    cr_expect_eq(list_status(&d, "signal", amb), 404);
    cr_expect_eq(upload(&d, "signal", amb, "x.pdf", PDF, strlen(PDF), &r), 404);
    resp_free(&r);
    cr_expect_eq(upload(&v, "signal", amb, "x.pdf", PDF, strlen(PDF), &r), 403,
                 "a named reader only reads");
    resp_free(&r);
}

Test(documents, agenda_item_documents_follow_the_item)
{
    start();
    struct sess d, v, j, rv, pa;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "voorzitter", &v);
    login_ok(&S, "jeugdzorg", &j);
    login_ok(&S, "rvdk", &rv);
    login_ok(&S, "partner", &pa);
    int64_t u_vz = demo_id(&S, "voorzitter"), u_dh = demo_id(&S, "dossierhouder");
    int64_t u_jz = demo_id(&S, "jeugdzorg");
    struct resp r;
    cr_assert_eq(sess_json(&S, &d, "POST", "/api/bodies",
                           json_pack("{s:s, s:s, s:[]}", "kind", "casusoverleg", "name",
                                     "Fictief Documentenoverleg", "members"),
                           &r),
                 201);
    int64_t body = jint(r.json, "id");
    resp_free(&r);
    char date[11];
    srv_date(&S, 2, date);
    cr_assert_eq(
        sess_json(&S, &d, "POST", "/api/meetings",
                  json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "body_id", (json_int_t)body, "date",
                            date, "start_time", "10:00", "location", "Fictieve zaal", "chair_id",
                            (json_int_t)u_vz, "secretary_id", (json_int_t)u_dh),
                  &r),
        201);
    int64_t mid = jint(r.json, "id");
    resp_free(&r);
    char p[160];
    snprintf(p, sizeof(p), "/api/meetings/%lld/items", (long long)mid);
    cr_assert_eq(sess_json(&S, &d, "POST", p,
                           json_pack("{s:s, s:s, s:s}", "kind", "free", "title", "Fictief punt",
                                     "material", "Fictief materiaal"),
                           &r),
                 201);
    int64_t item = jint(r.json, "created_id");
    resp_free(&r);
    snprintf(p, sizeof(p), "/api/meetings/%lld/items/%lld/invitations", (long long)mid,
             (long long)item);
    cr_assert_eq(sess_json_status(&S, &d, "POST", p,
                                  json_pack("{s:I, s:s}", "user_id", (json_int_t)u_jz, "reason",
                                            "Fictieve reden")),
                 201);

    int64_t doc = upload_ok(&d, "meeting_item", item, "agenda-bijlage.pdf", PDF, strlen(PDF));
    upload_ok(&v, "meeting_item", item, "notitie.txt", TEXT, strlen(TEXT));
    cr_expect_eq(download_status(&v, doc), 200, "the chair");
    cr_expect_eq(download_status(&j, doc), 200, "the invitee, inside the window");
    cr_assert_eq(list(&j, "meeting_item", item, &r), 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 2);
    resp_free(&r);
    cr_expect_eq(download_status(&rv, doc), 404, "a partner not invited");
    cr_expect_eq(list_status(&pa, "meeting_item", item), 404, "a partner not at the table");
    cr_expect_eq(list_status(&d, "meeting_item", 4242424242LL), 404, "no such item");
    cr_expect_eq(upload(&j, "meeting_item", item, "x.pdf", PDF, strlen(PDF), &r), 403,
                 "an invitee does not upload");
    resp_free(&r);
    cr_expect_eq(documents_in_db(), 2);
}

/* A case's documents follow the case, a measure's documents follow the measure: the police
 * (a participant of the demo cases) get the case's and their own measure's documents, never
 * those of a care measure; only the municipality adds documents. */
Test(documents, case_and_measure_documents_follow_their_owner)
{
    start();
    struct sess d, pa, d2;
    login_ok(&S, "dossierhouder", &d);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "dossierhouder2", &d2);
    struct resp r;
    cr_assert_eq(sess_do(&S, &d, "GET", "/api/cases?state=plan_vastgesteld", NULL, NULL, NULL, &r),
                 0);
    cr_assert_eq(r.status, 200);
    int64_t cid = jint(json_array_get(json_object_get(r.json, "items"), 0), "id");
    resp_free(&r);
    cr_assert(cid > 0, "the demo has a case with an adopted plan");
    char p[96];
    snprintf(p, sizeof(p), "/api/cases/%lld", (long long)cid);
    cr_assert_eq(sess_do(&S, &d, "GET", p, NULL, NULL, NULL, &r), 0);
    int64_t care = 0, police = 0;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r.json, "measures"), i, m)
    {
        const char *cat = json_string_value(json_object_get(m, "category"));
        if (cat && strcmp(cat, "care") == 0)
            care = jint(m, "id");
        if (cat && strcmp(cat, "police") == 0)
            police = jint(m, "id");
    }
    resp_free(&r);
    cr_assert(care > 0 && police > 0, "the demo case has a care and a police measure");
    int64_t c_doc = upload_ok(&d, "case", cid, "verslag.txt", TEXT, strlen(TEXT));
    int64_t care_doc = upload_ok(&d, "measure", care, "zorg.pdf", PDF, strlen(PDF));
    int64_t pol_doc = upload_ok(&d, "measure", police, "signalering.pdf", PDF, strlen(PDF));
    cr_expect_eq(download_status(&pa, c_doc), 200, "the police read the case's document");
    cr_expect_eq(download_status(&pa, pol_doc), 200, "the police read their own measure's");
    cr_expect_eq(download_status(&pa, care_doc), 404, "the police read a care measure's");
    cr_expect_eq(list_status(&pa, "measure", care), 404, "the police list a care measure's");
    cr_expect_eq(download_status(&d, care_doc), 200, "the municipality reads the care document");
    cr_expect_eq(download_status(&d, pol_doc), 200, "the municipality reads the police document");
    cr_expect_eq(upload(&pa, "case", cid, "x.pdf", PDF, strlen(PDF), &r), 403,
                 "the police add to the case itself");
    resp_free(&r);
    cr_expect_eq(upload(&pa, "measure", police, "x.pdf", PDF, strlen(PDF), &r), 403,
                 "the police add to their own measure");
    resp_free(&r);
    cr_expect_eq(download_status(&d2, c_doc), 404, "another municipality");
    cr_expect_eq(list_status(&d2, "case", cid), 404, "another municipality lists");
    cr_expect_eq(documents_in_db(), 3);
}
