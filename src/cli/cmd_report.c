/* cmd_report.c: `regie report council --period 2026Q3 --recipient NAME --pdf FILE
 * [--municipality ID]`: issues a copy of the council figures through the same use-case as the
 * API (app_figures_copy_issue: policy, copy register, access-log record), writes it as a
 * self-contained HTML page (tables, secrecy marking on every page, inline CSS) into a private
 * temporary directory and prints it to PDF with headless Chromium (spawned with an argv array,
 * never a shell), then removes the temporary directory. Prints only the copy id, the period,
 * the digest and the file name: the recipient's name stays out of stdout. */
#include "core/common.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/figures.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/parse.h"
#include "core/rand.h"

extern char **environ;

#define HTML_MAX (4 * 1024 * 1024)
#define CHROMIUM_TIMEOUT_S 120

static void put(struct buf *b, const char *s)
{
    if (buf_append_cstr(b, s) != 0)
        return; /* sticky: checked once at the end */
}

static void esc(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *r = *s == '<'    ? "&lt;"
                        : *s == '>'  ? "&gt;"
                        : *s == '&'  ? "&amp;"
                        : *s == '"'  ? "&quot;"
                        : *s == '\'' ? "&#39;"
                                     : NULL;
        if (r)
            put(b, r);
        else if (buf_append(b, s, 1) != 0)
            return;
    }
}

static void num(struct buf *b, const json_t *v, int64_t threshold)
{
    char tmp[32];
    if (json_is_integer(v))
        snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        snprintf(tmp, sizeof(tmp), "&lt;%" PRId64, threshold);
    put(b, tmp);
}

/* "YYYY-MM-DD" as "DD-MM-YYYY" (the Dutch way). */
static void day_nl(struct buf *b, const char *iso)
{
    char out[11];
    if (iso && strlen(iso) == 10) {
        snprintf(out, sizeof(out), "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
        esc(b, out);
    } else {
        esc(b, iso);
    }
}

/* The report as one HTML page. */
static int report_html(const json_t *issued, struct buf *b)
{
    const json_t *f = json_object_get(issued, "figures");
    const char *marking = json_string_value(json_object_get(f, "marking"));
    int64_t threshold = (int64_t)json_integer_value(json_object_get(f, "threshold"));
    int64_t rounding = (int64_t)json_integer_value(json_object_get(f, "rounding"));
    const json_t *muni = json_object_get(f, "municipality");
    char tmp[256];
    put(b,
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Raadsrapportage ");
    esc(b, json_string_value(json_object_get(f, "period")));
    put(b, "</title><style>"
           "@page{size:A4 landscape;margin:24mm 16mm 22mm 16mm;"
           "@top-center{content:\"" FIGURES_MARKING "\";font:700 9pt sans-serif}"
           "@bottom-center{content:\"" FIGURES_MARKING " \\2022  pagina \" counter(page) "
           "\" van \" counter(pages);font:700 9pt sans-serif}}"
           "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#000}"
           ".mark{text-align:center;font-weight:bold;border:2px solid #000;padding:2mm;"
           "margin-bottom:4mm}"
           "h1{font-size:15pt;margin:0 0 3mm}"
           "table{border-collapse:collapse;width:100%;margin:0 0 7mm;page-break-inside:avoid;"
           "table-layout:fixed;font-size:8.5pt}"
           "thead th:first-child,tbody th,tfoot th{width:24%}"
           "th{overflow-wrap:break-word}"
           "caption{text-align:left;font-weight:bold;margin-bottom:1mm}"
           "th,td{border:1px solid #555;padding:1mm 1.5mm;text-align:right}"
           "th[scope=row],thead th:first-child{text-align:left}"
           "tfoot th,tfoot td{font-weight:bold}"
           "</style></head><body>");
    put(b, "<div class=\"mark\">");
    esc(b, marking);
    put(b, "</div>");
    put(b, "<h1>Raadsrapportage aanpak radicalisering</h1><p>Periode: ");
    day_nl(b, json_string_value(json_object_get(f, "from")));
    put(b, " tot en met ");
    day_nl(b, json_string_value(json_object_get(f, "to")));
    put(b, " (");
    esc(b, json_string_value(json_object_get(f, "period")));
    put(b, "). ");
    esc(b, json_string_value(json_object_get(json_object_get(f, "region"), "name")));
    if (json_is_object(muni)) {
        put(b, ", ");
        esc(b, json_string_value(json_object_get(muni, "name")));
    }
    put(b, ".</p><p>");
    snprintf(tmp, sizeof(tmp),
             "Alle aantallen zijn afgerond op een veelvoud van %" PRId64 ". Aantallen kleiner "
             "dan %" PRId64 " tonen we niet: daar staat &lt;%" PRId64 ". ",
             rounding, threshold, threshold);
    put(b, tmp);
    put(b, "Soms verbergen we ook een groter aantal, zodat niemand een verborgen aantal kan "
           "uitrekenen uit de totalen. Totalen zijn apart afgerond en tellen daardoor niet altijd "
           "precies op. Een 0 betekent: geen. Er staan geen namen of andere gegevens over personen "
           "in dit overzicht.</p>");
    size_t ti;
    const json_t *t;
    json_array_foreach(json_object_get(f, "tables"), ti, t)
    {
        const json_t *cols = json_object_get(t, "columns");
        size_t ci, ri;
        const json_t *c, *r, *v;
        put(b, "<table><caption>");
        esc(b, json_string_value(json_object_get(t, "title")));
        put(b, " (aantal ");
        esc(b, json_string_value(json_object_get(t, "unit")));
        put(b, ")</caption><thead><tr><th scope=\"col\">Gemeente</th>");
        json_array_foreach(cols, ci, c)
        {
            put(b, "<th scope=\"col\">");
            esc(b, json_string_value(json_object_get(c, "label")));
            put(b, "</th>");
        }
        put(b, "<th scope=\"col\">Totaal</th></tr></thead><tbody>");
        json_array_foreach(json_object_get(t, "rows"), ri, r)
        {
            put(b, "<tr><th scope=\"row\">");
            esc(b, json_string_value(json_object_get(json_object_get(r, "municipality"), "name")));
            put(b, "</th>");
            json_array_foreach(json_object_get(r, "cells"), ci, v)
            {
                put(b, "<td>");
                num(b, v, threshold);
                put(b, "</td>");
            }
            put(b, "<td>");
            num(b, json_object_get(r, "total"), threshold);
            put(b, "</td></tr>");
        }
        put(b, "</tbody><tfoot><tr><th scope=\"row\">Totaal</th>");
        const json_t *tot = json_object_get(t, "totals");
        json_array_foreach(json_object_get(tot, "cells"), ci, v)
        {
            put(b, "<td>");
            num(b, v, threshold);
            put(b, "</td>");
        }
        put(b, "<td>");
        num(b, json_object_get(tot, "total"), threshold);
        put(b, "</td></tr></tfoot></table>");
    }
    snprintf(tmp, sizeof(tmp), "<p>Exemplaar nummer %" JSON_INTEGER_FORMAT ", uitgegeven aan ",
             json_integer_value(json_object_get(issued, "id")));
    put(b, tmp);
    esc(b, json_string_value(json_object_get(issued, "recipient")));
    put(b, " op ");
    const char *at = json_string_value(json_object_get(issued, "issued_at"));
    int64_t ms = 0;
    if (at && clock_parse_utc(at, strlen(at), &ms) == 0)
        esc(b, clock_fmt_local(ms, tmp, sizeof(tmp)));
    else
        esc(b, at);
    put(b, ". Kenmerk (BLAKE2b): ");
    esc(b, json_string_value(json_object_get(issued, "digest")));
    put(b, ".</p></body></html>\n");
    return b->failed ? b->failed : 0;
}

/* The chromium binary: `chromium` or `chromium-browser` on PATH, else /usr/bin/chromium. */
static void find_chromium(char *out, size_t cap)
{
    static const char *const names[] = {"chromium", "chromium-browser"};
    const char *path = getenv("PATH");
    snprintf(out, cap, "/usr/bin/chromium");
    for (size_t k = 0; path && k < ARRAY_LEN(names); k++) {
        const char *p = path;
        while (*p) {
            const char *end = strchr(p, ':');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char cand[1024];
            if (len > 0 && len < 900) {
                snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, p, names[k]);
                if (access(cand, X_OK) == 0) {
                    snprintf(out, cap, "%s", cand);
                    return;
                }
            }
            p += len;
            if (*p == ':')
                p++;
        }
    }
}

/* Runs argv[0] with stdout/stderr to /dev/null; waits at most timeout_s. 0 when it exited 0. */
static int run_argv(char *const argv[], int timeout_s)
{
    posix_spawn_file_actions_t fa;
    pid_t pid = 0;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return ERR_NOMEM;
    int rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) == 0 &&
                     posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) == 0
                 ? 0
                 : ERR_NOMEM;
    if (rc == 0 && posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
        rc = ERR_IO;
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return rc;
    int status = 0;
    for (int i = 0; i < timeout_s * 10; i++) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : ERR_IO;
        if (w < 0)
            return ERR_IO;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return ERR_IO;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    (void)remove(path); /* best effort: keep going */
    return 0;
}

static bool is_pdf(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof(head), f) : 0;
    if (f)
        fclose(f);
    return n == sizeof(head) && memcmp(head, "%PDF-", 5) == 0;
}

/* Writes html into a new private directory, prints it to pdf with chromium, removes the
 * directory. */
static int print_pdf(const char *html, size_t n, const char *pdf)
{
    char dir[] = "/tmp/regie-report-XXXXXX";
    char page[64], profile[64], arg_profile[96], arg_pdf[4200], url[96], chromium[1024];
    if (mkdtemp(dir) == NULL)
        return ERR_IO;
    snprintf(page, sizeof(page), "%s/raadsrapportage.html", dir);
    snprintf(profile, sizeof(profile), "%s/profile", dir);
    snprintf(arg_profile, sizeof(arg_profile), "--user-data-dir=%s", profile);
    snprintf(url, sizeof(url), "file://%s", page);
    int rc = 0;
    if (strlen(pdf) >= 4000)
        rc = ERR_INVAL;
    snprintf(arg_pdf, sizeof(arg_pdf), "--print-to-pdf=%s", pdf);
    int fd = rc == 0 ? open(page, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    if (rc == 0 && fd < 0)
        rc = ERR_IO;
    for (size_t off = 0; rc == 0 && off < n;) {
        ssize_t w = write(fd, html + off, n - off);
        if (w <= 0)
            rc = ERR_IO;
        else
            off += (size_t)w;
    }
    if (fd >= 0 && close(fd) != 0)
        rc = ERR_IO;
    if (rc == 0) {
        find_chromium(chromium, sizeof(chromium));
        char *argv[] = {chromium,
                        (char *)"--headless",
                        (char *)"--disable-gpu",
                        (char *)"--no-sandbox",
                        (char *)"--no-first-run",
                        (char *)"--disable-extensions",
                        (char *)"--no-pdf-header-footer",
                        arg_profile,
                        arg_pdf,
                        url,
                        NULL};
        unlink(pdf); /* so a stale file cannot pass for the new one */
        rc = run_argv(argv, CHROMIUM_TIMEOUT_S);
    }
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (rc == 0 && !is_pdf(pdf))
        rc = ERR_IO;
    return rc;
}

static void report_req(struct app *a, struct alog_req *rq)
{
    /* The operator on the server issues the copy on behalf of the mayor's office. */
    struct actor op = {
        .user_id = 0, .org_id = 0, .roles = POLICY_ROLE_BURGEMEESTER, .org_access_ok = false};
    char id[33];
    rand_hex_id(id);
    alog_req_init(a, rq, &op, id, "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "operator");
}

int cmd_report(struct cli *c)
{
    struct err e;
    struct app *a = NULL;
    struct alog_req rq;
    json_t *in = NULL, *out = NULL;
    struct buf b;
    int code = 1;
    err_clear(&e);
    buf_init(&b, HTML_MAX);
    const char *period = cli_opt(c, "period"), *recipient = cli_opt(c, "recipient");
    const char *pdf = cli_opt(c, "pdf"), *muni = cli_opt(c, "municipality");
    int64_t muni_id = 0;
    if (c->n_args != 1 || strcmp(c->args[0], "council") != 0 || !period || !recipient || !pdf ||
        pdf[0] == '\0' || (muni && parse_i64(str_from_cstr(muni), 1, INT64_MAX, &muni_id) != 0)) {
        fprintf(stderr, "usage: regie report council --period 2026Q3 --recipient NAME --pdf FILE "
                        "[--municipality ID]\n");
        return 2;
    }
    if (app_open(&c->cfg, false, &a, &e) != 0) {
        cli_print_err(c->cmd, &e);
        return 1;
    }
    report_req(a, &rq);
    in = json_pack("{s:s, s:s}", "period", period, "recipient", recipient);
    if (in && muni_id)
        json_object_set_new(in, "municipality_id", json_integer(muni_id));
    if (in == NULL || app_figures_copy_issue(a, &rq, in, &out, &e) != 0) {
        cli_print_err(c->cmd, &e);
        goto done;
    }
    if (report_html(out, &b) != 0) {
        fprintf(stderr, "regie report: the report does not fit in %d bytes\n", HTML_MAX);
        goto done;
    }
    if (print_pdf(b.p, b.len, pdf) != 0) {
        fprintf(stderr,
                "regie report: chromium could not print the PDF (copy %" JSON_INTEGER_FORMAT
                " is recorded as issued; issue a new one once chromium works)\n",
                json_integer_value(json_object_get(out, "id")));
        goto done;
    }
    printf("Exemplaar %" JSON_INTEGER_FORMAT " uitgegeven (periode %s, kenmerk %s): %s\n",
           json_integer_value(json_object_get(out, "id")),
           json_string_value(json_object_get(out, "period")),
           json_string_value(json_object_get(out, "digest")), pdf);
    code = 0;
done:
    buf_cleanup(&b);
    json_decref(in);
    json_decref(out);
    app_close(a);
    return code;
}
