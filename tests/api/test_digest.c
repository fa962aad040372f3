/* test_digest.c: the daily e-mail digest (issue 9 item 6) over real HTTP and the real CLI,
 * against an in-process SMTP sink (tests/unit/core/smtp_sink.c):
 *  - GET/PUT /api/account/digest round trip for the own account; the write and the read each
 *    leave an access-log record about the account (subject = the user);
 *  - bad input (bad addresses of every kind, too long, not a string, enabled missing or not a
 *    boolean, enabled without an address, an unknown member) is 400 problem+json naming the
 *    field and changes nothing; no session: 401;
 *  - another user sees only the own (empty) settings, never someone else's address, and the
 *    beheerder's account view does not carry it either;
 *  - `regie digest` with REGIE_SMTP_RELAY pointing at the sink: one mail per enabled user,
 *    counts equal to what the user's own work list, signal list and key-figure summary say,
 *    only the recipient's and the sender's address in the mail, no name of any demo person or
 *    account, CRLF everywhere, one access-log record per user with purpose "digest"; a second
 *    run the same day sends nothing; a failed relay is counted, exits 1, and the next run
 *    retries; --dry-run sends and marks nothing;
 *  - `regie serve` with smtp_relay and digest_hour 0 sends on its own after a restart, and stops
 *    cleanly; a relay that is a host name is refused at start.
 * Fictional addresses only (.example / .test); no captured mail or response body is printed. */
#define _GNU_SOURCE 1 /* strcasestr, memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/core/smtp_sink.h"
#include "harness.h"

static struct srv S;
static const char *const VOLATILE[] = {"audit", "session", "login_attempt", NULL};

static void start(void)
{
    struct srv_opts o = {.demo = true};
    srv_start_opts(&S, &o);
}

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(digest, .init = start, .fini = stop, .timeout = 300);

/* GET with the session; the HTTP status (-1 on a transport error). */
static int sget(const struct sess *ss, const char *path, struct resp *r)
{
    memset(r, 0, sizeof(*r));
    if (sess_do(&S, ss, "GET", path, NULL, NULL, NULL, r) != 0)
        return -1;
    return r->status;
}

static int put(const struct sess *ss, json_t *body, struct resp *r)
{
    return sess_json(&S, ss, "PUT", "/api/account/digest", body, r);
}

static json_t *get_ok(const struct sess *ss)
{
    struct resp r;
    cr_assert_eq(sget(ss, "/api/account/digest", &r), 200);
    json_t *j = json_incref(r.json);
    resp_free(&r);
    return j;
}

static void enable(const struct sess *ss, const char *email)
{
    struct resp r;
    int st = put(ss, json_pack("{s:b, s:s}", "enabled", 1, "email", email), &r);
    cr_assert_eq(st, 200, "enabling the digest: %d", st);
    resp_free(&r);
}

/* ---- settings -------------------------------------------------------------------------------- */

Test(digest, settings_round_trip_and_access_log)
{
    struct sess dh;
    login_ok(&S, "dossierhouder", &dh);
    json_t *j = get_ok(&dh);
    cr_expect(json_is_false(json_object_get(j, "enabled")));
    cr_expect(json_is_null(json_object_get(j, "email")));
    cr_expect(json_is_false(json_object_get(j, "available")), "no relay configured");
    cr_expect_eq(jint(j, "hour"), 7);
    json_decref(j);

    struct resp r;
    cr_assert_eq(
        put(&dh,
            json_pack("{s:b, s:s}", "enabled", 1, "email", "daan.dossier@voorbeeldstad.example"),
            &r),
        200);
    cr_expect(json_is_true(json_object_get(r.json, "enabled")));
    cr_expect_str_eq(jstr(r.json, "email"), "daan.dossier@voorbeeldstad.example");
    char put_id[64];
    resp_request_id(&r, put_id);
    resp_free(&r);

    cr_assert_eq(sget(&dh, "/api/account/digest", &r), 200);
    cr_expect(json_is_true(json_object_get(r.json, "enabled")));
    cr_expect_str_eq(jstr(r.json, "email"), "daan.dossier@voorbeeldstad.example");
    cr_expect(json_is_null(json_object_get(r.json, "last_sent_date")));
    char get_id[64];
    resp_request_id(&r, get_id);
    resp_free(&r);

    /* switching off keeps the address; removing the address needs enabled false */
    cr_assert_eq(
        put(&dh,
            json_pack("{s:b, s:s}", "enabled", 0, "email", "daan.dossier@voorbeeldstad.example"),
            &r),
        200);
    cr_expect(json_is_false(json_object_get(r.json, "enabled")));
    resp_free(&r);
    cr_assert_eq(put(&dh, json_pack("{s:b}", "enabled", 0), &r), 200);
    cr_expect(json_is_null(json_object_get(r.json, "email")));
    resp_free(&r);

    /* the records are about the account itself */
    char uid[32];
    snprintf(uid, sizeof(uid), "%lld", (long long)dh.user_id);
    json_t *mine = audit_query(&S, "--account", uid);
    bool saw_put = false, saw_get = false;
    size_t i;
    json_t *rec;
    json_array_foreach(mine, i, rec)
    {
        json_t *at = json_object_get(rec, "attributes");
        const char *rid = json_string_value(json_object_get(at, "regie.request_id"));
        const char *ot = json_string_value(json_object_get(at, "regie.object_type"));
        const char *name = json_string_value(json_object_get(rec, "name"));
        if (!rid || !ot || !name)
            continue;
        if (strcmp(rid, put_id) == 0 && strcmp(ot, "user") == 0 && strcmp(name, "update") == 0)
            saw_put = true;
        if (strcmp(rid, get_id) == 0 && strcmp(ot, "user") == 0 && strcmp(name, "read") == 0)
            saw_get = true;
    }
    json_decref(mine);
    cr_expect(saw_put, "the write of the address has its access-log record about the user");
    cr_expect(saw_get, "the read of the address has its access-log record about the user");
}

Test(digest, bad_input_names_the_field_and_changes_nothing)
{
    struct sess dh;
    login_ok(&S, "dossierhouder", &dh);
    enable(&dh, "daan@voorbeeldstad.example");
    unsigned char before[32], after[32];
    db_fingerprint_skip(&S, VOLATILE, before);

    static const char *const bad[] = {"geen-apenstaartje",
                                      "twee@@voorbeeld.example",
                                      "a@b@voorbeeld.example",
                                      "met spatie@voorbeeld.example",
                                      "regel\r\nBcc: x@y.example",
                                      "regel@voorbeeld.example\n",
                                      "tab\t@voorbeeld.example",
                                      "j\xc3\xa9@voorbeeld.example",
                                      "<a@voorbeeld.example>",
                                      "@voorbeeld.example",
                                      "a@",
                                      "a@voorbeeld..example",
                                      "\"a\"@voorbeeld.example",
                                      " a@voorbeeld.example"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct resp r;
        int st = put(&dh, json_pack("{s:b, s:s}", "enabled", 1, "email", bad[i]), &r);
        cr_expect_eq(st, 400, "bad address %zu: %d", i, st);
        cr_expect(resp_is_problem(&r));
        cr_expect(resp_names_field(&r, "email"), "bad address %zu: field not named", i);
        cr_expect_null(memmem(r.body, r.body_len, "voorbeeld.example", 17),
                       "the problem does not echo the address");
        resp_free(&r);
    }
    char longaddr[300];
    memset(longaddr, 'a', sizeof(longaddr));
    longaddr[20] = '@';
    for (size_t i = 60; i < 255; i += 50)
        longaddr[i] = '.';
    longaddr[255] = '\0';
    struct resp r;
    cr_expect_eq(put(&dh, json_pack("{s:b, s:s}", "enabled", 1, "email", longaddr), &r), 400);
    cr_expect(resp_names_field(&r, "email"));
    resp_free(&r);
    cr_expect_eq(put(&dh, json_pack("{s:b, s:i}", "enabled", 1, "email", 5), &r), 400);
    cr_expect(resp_names_field(&r, "email"));
    resp_free(&r);
    cr_expect_eq(put(&dh, json_pack("{s:s}", "email", "a@voorbeeld.example"), &r), 400);
    cr_expect(resp_names_field(&r, "enabled"));
    resp_free(&r);
    cr_expect_eq(put(&dh, json_pack("{s:s, s:s}", "enabled", "ja", "email", "a@b.example"), &r),
                 400);
    cr_expect(resp_names_field(&r, "enabled"));
    resp_free(&r);
    cr_expect_eq(put(&dh, json_pack("{s:b}", "enabled", 1), &r), 400);
    cr_expect(resp_names_field(&r, "email"), "switching on needs an address");
    resp_free(&r);
    cr_expect_eq(
        put(&dh, json_pack("{s:b, s:s, s:s}", "enabled", 1, "email", "a@b.example", "user_id", "3"),
            &r),
        400);
    cr_expect(resp_names_field(&r, "user_id"), "unknown member named");
    resp_free(&r);
    db_fingerprint_skip(&S, VOLATILE, after);
    cr_expect_eq(memcmp(before, after, 32), 0, "bad input changed the database");

    /* without a session */
    cr_expect_eq(http_do(&S, "GET", "/api/account/digest", NULL, NULL, NULL, &r), 0);
    cr_expect_eq(r.status, 401);
    resp_free(&r);
}

Test(digest, other_users_never_see_the_address)
{
    struct sess dh, vz, bh;
    login_ok(&S, "dossierhouder", &dh);
    enable(&dh, "geheim.adres@voorbeeldstad.example");
    login_ok(&S, "voorzitter", &vz);
    json_t *j = get_ok(&vz);
    cr_expect(json_is_null(json_object_get(j, "email")), "the voorzitter sees only the own");
    cr_expect_not(json_has_substring(j, "geheim.adres"));
    json_decref(j);
    login_ok(&S, "beheerder", &bh);
    char path[64];
    snprintf(path, sizeof(path), "/api/users/%lld", (long long)dh.user_id);
    struct resp r;
    cr_expect_eq(sget(&bh, path, &r), 200);
    cr_expect_null(memmem(r.body, r.body_len, "geheim.adres", 12),
                   "the account view of the beheerder does not carry the address");
    resp_free(&r);
    cr_expect_eq(sget(&bh, "/api/users", &r), 200);
    cr_expect_null(memmem(r.body, r.body_len, "geheim.adres", 12));
    resp_free(&r);
    /* the address is sealed: not in the database file in clear */
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM user_digest WHERE CAST(email_ct AS TEXT) LIKE "
                            "'%geheim%'"),
                 0);
    cr_expect_eq(db_int(&S, "SELECT count(*) FROM user_digest WHERE email_ct IS NOT NULL"), 1);
}

/* ---- the run ----------------------------------------------------------------------------------
 */

/* The number after prefix in s (0 when prefix is absent). */
static int64_t count_after(const char *s, const char *prefix)
{
    const char *p = strstr(s, prefix);
    return p ? strtoll(p + strlen(prefix), NULL, 10) : 0;
}

struct expect {
    int64_t overdue, today, signals, keyfigures, meetings_max;
    int64_t meetings_exact; /* -1: not known, only bounded by meetings_max */
};

/* What the user's own views say. steering: a dossierhouder or voorzitter (only they get the
 * signals waiting for weighing and the key figures). */
static void expected_for(const struct sess *ss, bool steering, struct expect *x)
{
    char today[11], tomorrow[11];
    srv_date(&S, 0, today);
    srv_date(&S, 1, tomorrow);
    memset(x, 0, sizeof(*x));
    x->meetings_exact = -1;
    struct resp r;
    if (sget(ss, "/api/worklist?per_page=1", &r) == 200) {
        /* every page of the work list (it is paged) */
        json_t *all = sess_list_all(&S, ss, "/api/worklist?per_page=100");
        size_t i;
        json_t *it;
        json_array_foreach(all, i, it)
        {
            if (json_is_true(json_object_get(it, "escalated")))
                continue;
            const char *due = jstr(it, "due_date");
            if (due && strcmp(due, today) < 0)
                x->overdue++;
            else if (due && strcmp(due, today) == 0)
                x->today++;
        }
        json_decref(all);
    }
    resp_free(&r);
    static const char *const states[] = {"weging", "herwegen"};
    for (size_t k = 0; steering && k < 2; k++) {
        char p[80];
        snprintf(p, sizeof(p), "/api/signals?state=%s&per_page=1", states[k]);
        if (sget(ss, p, &r) == 200)
            x->signals += jint(r.json, "total");
        resp_free(&r);
    }
    if (steering && sget(ss, "/api/key-figures/summary", &r) == 200)
        x->keyfigures = jint(r.json, "overdue");
    resp_free(&r);
    char p[96];
    snprintf(p, sizeof(p), "/api/meetings?from=%s&to=%s", tomorrow, tomorrow);
    if (sget(ss, p, &r) == 200)
        x->meetings_max = (int64_t)json_array_size(json_object_get(r.json, "items"));
    resp_free(&r);
}

static json_t *run_digest(const char *relay, const char *extra, int *code)
{
    setenv("REGIE_SMTP_RELAY", relay, 1);
    const char *args[6] = {"digest", "--json", extra, NULL};
    char *out = NULL;
    *code = srv_run(&S, &out, args);
    unsetenv("REGIE_SMTP_RELAY");
    json_t *j = out ? json_loads(out, 0, NULL) : NULL;
    free(out);
    return j;
}

/* Header value of name in a raw message (up to CRLF), into out. */
static bool header_of(const char *msg, const char *name, char *out, size_t cap)
{
    char k[64];
    snprintf(k, sizeof(k), "\r\n%s: ", name);
    const char *p = strstr(msg, k);
    if (!p && strncmp(msg, k + 2, strlen(k + 2)) == 0)
        p = msg - 2;
    if (!p)
        return false;
    p += strlen(k);
    const char *e = strstr(p, "\r\n");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static const struct sink_msg *mail_to(struct smtp_sink *k, const char *addr)
{
    for (size_t i = 0; i < k->n_msgs; i++)
        if (strcmp(k->msgs[i].to, addr) == 0)
            return &k->msgs[i];
    return NULL;
}

static void check_mail(const struct sink_msg *m, const char *addr, const struct expect *x)
{
    cr_assert_not_null(m, "no mail for an enabled user");
    cr_expect_str_eq(m->from, "regie@localhost");
    const char *raw = m->data;
    for (size_t i = 0; i < m->len; i++)
        if (raw[i] == '\n')
            cr_expect(i > 0 && raw[i - 1] == '\r', "bare LF in the mail");
    char v[512];
    cr_expect(header_of(raw, "To", v, sizeof(v)) && strstr(v, addr) != NULL);
    cr_expect(header_of(raw, "Content-Type", v, sizeof(v)) &&
              strcmp(v, "text/plain; charset=utf-8") == 0);
    cr_expect(header_of(raw, "Content-Transfer-Encoding", v, sizeof(v)) && strcmp(v, "8bit") == 0);
    cr_expect(header_of(raw, "Date", v, sizeof(v)));
    cr_expect(header_of(raw, "Message-ID", v, sizeof(v)));
    cr_assert(header_of(raw, "Subject", v, sizeof(v)));
    cr_expect_eq(strncmp(v, "Regie: ", 7), 0);
    if (x->overdue > 0) {
        char want[64];
        snprintf(want, sizeof(want), "%lld %s te laat", (long long)x->overdue,
                 x->overdue == 1 ? "taak" : "taken");
        cr_expect_not_null(strstr(v, want), "the subject gives the overdue count");
    }
    const char *body = strstr(raw, "\r\n\r\n");
    cr_assert_not_null(body);
    cr_expect_eq(count_after(body, "- Te laat: "), x->overdue, "overdue count");
    cr_expect_eq(count_after(body, "- Vandaag af te ronden: "), x->today, "due today");
    cr_expect_eq(count_after(body, "- Wachten op weging: "), x->signals, "signals waiting");
    cr_expect_eq(count_after(body, "- Sleutelfiguren met wie contact gewenst is: "), x->keyfigures,
                 "key figures");
    cr_expect_leq(count_after(body, "- Morgen: "), x->meetings_max, "meetings tomorrow");
    if (x->meetings_exact >= 0)
        cr_expect_eq(count_after(body, "- Morgen: "), x->meetings_exact, "meetings tomorrow");
    cr_expect_not_null(strstr(body, "/app/werklijst"), "the link to the work list");
    /* no personal data: no demo person, no account name, no reference, one address only */
    cr_expect_null(strcasestr(raw, "fictie"), "a demo person's name in the mail");
    cr_expect_null(strstr(raw, "(demo)"), "an account name in the mail");
    static const char *const names[] = {"Daan",       "Vera",          "Pim",      "Dossier",
                                        "Voorzitter", "Voorbeeldstad", "Proefdorp"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        cr_expect_null(strstr(body, names[i]), "a name (%zu) in the body", i);
    size_t ats = 0;
    for (const char *p = raw; (p = strchr(p, '@')) != NULL; p++)
        ats++;
    cr_expect_eq(ats, 3, "only From, To and the Message-ID carry an '@'");
}

Test(digest, run_sends_counts_only_once_per_day)
{
    struct sess dh, vz, pa, mel;
    login_ok(&S, "dossierhouder", &dh);
    login_ok(&S, "voorzitter", &vz);
    login_ok(&S, "partner", &pa);
    login_ok(&S, "melder", &mel);
    enable(&dh, "dh@voorbeeldstad.example");
    enable(&vz, "vz@voorbeeldstad.example");
    enable(&pa, "pa@politie.example");
    /* the melder saves an address but leaves the digest off: never mailed */
    struct resp r;
    cr_assert_eq(put(&mel, json_pack("{s:b, s:s}", "enabled", 0, "email", "mel@x.example"), &r),
                 200);
    resp_free(&r);
    /* a meeting tomorrow chaired by the voorzitter with the dossierhouder as secretary */
    char tomorrow[11], p[96];
    srv_date(&S, 1, tomorrow);
    snprintf(p, sizeof(p), "/api/meetings?from=%s&to=%s", tomorrow, tomorrow);
    cr_assert_eq(sget(&vz, p, &r), 200);
    size_t before_n = json_array_size(json_object_get(r.json, "items"));
    resp_free(&r);
    cr_assert_eq(sget(&vz, "/api/bodies", &r), 200);
    bool made = false;
    size_t bi;
    json_t *body;
    json_array_foreach(json_object_get(r.json, "items"), bi, body)
    {
        if (made)
            break;
        json_t *m = json_pack("{s:I, s:s, s:s, s:I, s:I}", "body_id", jint(body, "id"), "date",
                              tomorrow, "start_time", "10:00", "chair_id", (json_int_t)vz.user_id,
                              "secretary_id", (json_int_t)dh.user_id);
        made = sess_json_status(&S, &vz, "POST", "/api/meetings", m) == 201;
    }
    resp_free(&r);
    cr_assert(made, "a meeting for tomorrow could be planned");
    struct expect xdh, xvz, xpa;
    expected_for(&dh, true, &xdh);
    expected_for(&vz, true, &xvz);
    expected_for(&pa, false, &xpa);
    cr_assert_gt(xdh.overdue + xdh.today + xdh.signals + xvz.overdue + xvz.signals, 0,
                 "the demo gives the digest something to count");
    if (before_n == 0) {
        /* the only meeting tomorrow is the one above: exactly one for both */
        xdh.meetings_exact = xvz.meetings_exact = 1;
    }

    /* a dry run: counts, but nothing sent or marked */
    struct smtp_sink k;
    cr_assert(sink_start(&k, SINK_OK));
    int code = -1;
    json_t *j = run_digest(k.relay, "--dry-run", &code);
    cr_assert_not_null(j, "digest --json printed no JSON");
    cr_expect_eq(code, 0);
    cr_expect_eq(jint(j, "considered"), 3);
    json_decref(j);
    cr_expect_eq(sink_count(&k), 0, "a dry run sends nothing");

    /* a relay that refuses: counted as failed, exit 1, nothing marked */
    struct smtp_sink bad;
    cr_assert(sink_start(&bad, SINK_REJECT_RCPT));
    j = run_digest(bad.relay, NULL, &code);
    cr_assert_not_null(j);
    cr_expect_eq(code, 1, "a failed mail makes the run exit 1");
    int64_t c1 = jint(j, "considered"), empty1 = jint(j, "empty");
    cr_expect_eq(c1, 3);
    cr_expect_gt(jint(j, "failed"), 0);
    cr_expect_eq(jint(j, "failed"), c1 - empty1);
    json_decref(j);
    sink_stop(&bad);

    /* the real run retries the failed ones (those with nothing to report are done) */
    j = run_digest(k.relay, NULL, &code);
    cr_assert_not_null(j);
    cr_expect_eq(code, 0);
    int64_t c2 = jint(j, "considered");
    cr_expect_eq(c2, c1 - empty1);
    cr_expect_eq(jint(j, "failed"), 0);
    int64_t sent = jint(j, "sent");
    cr_expect_eq(sent + jint(j, "empty"), c2);
    json_decref(j);
    cr_expect_eq((int64_t)sink_count(&k), sent);
    check_mail(mail_to(&k, "dh@voorbeeldstad.example"), "dh@voorbeeldstad.example", &xdh);
    check_mail(mail_to(&k, "vz@voorbeeldstad.example"), "vz@voorbeeldstad.example", &xvz);
    if (xpa.overdue + xpa.today > 0)
        check_mail(mail_to(&k, "pa@politie.example"), "pa@politie.example", &xpa);
    cr_expect_null(mail_to(&k, "mel@x.example"), "a user who left it off gets nothing");

    /* one access-log record per user with purpose digest */
    char today[11];
    srv_date(&S, 0, today);
    json_t *all = audit_query(&S, NULL, NULL);
    size_t n_digest = 0, i;
    json_t *rec;
    json_array_foreach(all, i, rec)
    {
        json_t *at = json_object_get(rec, "attributes");
        const char *pur = json_string_value(json_object_get(at, "regie.purpose"));
        const char *ot = json_string_value(json_object_get(at, "regie.object_type"));
        if (pur && strcmp(pur, "digest") == 0) {
            n_digest++;
            cr_expect(ot && strcmp(ot, "user") == 0);
            cr_expect_str_eq(json_string_value(json_object_get(rec, "name")), "read");
            cr_expect(json_is_string(json_object_get(at, "dpl.core.data_subject_id")));
        }
    }
    json_decref(all);
    cr_expect_eq((int64_t)n_digest, c1 + c2, "one record per user per run (none for the dry run)");

    /* the settings show the day; a second run the same day sends nothing */
    json_t *g = get_ok(&dh);
    cr_expect_str_eq(jstr(g, "last_sent_date"), today);
    json_decref(g);
    j = run_digest(k.relay, NULL, &code);
    cr_expect_eq(code, 0);
    cr_expect_eq(jint(j, "considered"), 0, "no second digest on the same day");
    json_decref(j);
    cr_expect_eq((int64_t)sink_count(&k), sent);
    sink_stop(&k);

    /* the CLI's and the server's operational logs never carry an address */
    char path[300], *slash;
    snprintf(path, sizeof(path), "%s", S.dir);
    slash = strrchr(path, '/');
    if (slash)
        snprintf(slash, sizeof(path) - (size_t)(slash - path), "/cli.log");
    FILE *f = fopen(path, "r");
    if (f) {
        char line[4096];
        bool run_logged = false;
        while (fgets(line, sizeof(line), f)) {
            cr_expect_null(strchr(line, '@'), "an address in the operational log");
            if (strstr(line, "event=digest.run"))
                run_logged = true;
        }
        fclose(f);
        cr_expect(run_logged);
    }
}

Test(digest, serve_sends_by_itself_and_refuses_a_host_name)
{
    struct sess dh;
    login_ok(&S, "dossierhouder", &dh);
    enable(&dh, "dh@voorbeeldstad.example");
    struct expect x;
    expected_for(&dh, true, &x);
    cr_assert_gt(x.overdue + x.today + x.signals + x.keyfigures, 0);
    struct smtp_sink k;
    cr_assert(sink_start(&k, SINK_OK));
    char relay[64];
    snprintf(relay, sizeof(relay), "REGIE_SMTP_RELAY=%s", k.relay);
    const char *env[] = {relay, "REGIE_DIGEST_HOUR=0", NULL};
    struct srv_opts o = {.env = env};
    srv_restart(&S, &o);
    /* the job runs at start (hour >= 0, not yet sent today); wait for the mail */
    for (int i = 0; i < 200 && sink_count(&k) == 0; i++) {
        struct resp r;
        http_do(&S, "GET", "/api/health", NULL, NULL, NULL, &r);
        resp_free(&r);
        usleep(50 * 1000);
    }
    cr_assert_eq(sink_count(&k), 1, "the server sent the digest by itself");
    cr_expect_str_eq(k.msgs[0].to, "dh@voorbeeldstad.example");
    login_ok(&S, "dossierhouder", &dh);
    json_t *g = get_ok(&dh);
    cr_expect(json_is_true(json_object_get(g, "available")));
    cr_expect_eq(jint(g, "hour"), 0);
    json_decref(g);
    sink_stop(&k);

    /* a relay that needs DNS is refused at start (the suite's fini checks that this server,
     * with its digest job, stops cleanly) */
    const char *args[] = {
        "serve", "--listen", "127.0.0.1:0", "--smtp_relay", "mail.voorbeeld.example:25", NULL};
    char *out = NULL;
    cr_expect_eq(srv_run(&S, &out, args), 1, "serve refuses a relay host name");
    free(out);
}
