/* config.c: table-driven settings with bounds; see config.h for the precedence rules. */
#include "core/common.h"

#include <ctype.h>
#include <stddef.h>

#include "core/config.h"
#include "core/parse.h"

enum cfg_type { CFG_STR, CFG_INT };

struct cfg_def {
    const char *name;
    enum cfg_type type;
    size_t off;
    size_t cap; /* CFG_STR: buffer size */
    int64_t min, max;
    const char *def;
    const char *help;
};

#define S(f, d, h) {#f, CFG_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0, d, h}
#define I(f, lo, hi, d, h) {#f, CFG_INT, offsetof(struct config, f), 0, lo, hi, d, h}

static const struct cfg_def defs[] = {
    S(data_dir, "./regie-data", "data directory (database, key files)"),
    S(database, "", "PostgreSQL database as postgres://user@host/db (no password: use ~/.pgpass); \"\" = the SQLite file regie.db in data_dir"),
    S(config_file, "", "config file that was read, if any"),
    S(listen, "127.0.0.1:8080", "HTTP listen address ADDR:PORT"),
    S(web_dir, "", "directory with the built web UI (default: web/dist next to the binary's tree)"),
    S(log_level, "info", "debug, info, warn or error"),
    S(trusted_proxy, "", "peer address whose X-Forwarded-For is trusted"),
    I(threads, 1, 64, "2", "HTTP worker threads"),
    I(write_batching, 0, 1, "1", "1: writes are committed by the writer thread in groups (group commit)"),
    I(write_threads, 0, 256, "32", "threads that run state-changing requests while they wait for their commit (0: on the HTTP workers)"),
    I(max_connections, 1, 100000, "1024", "maximum open connections"),
    I(max_per_ip, 1, 100000, "64", "maximum open connections per client address"),
    I(conn_timeout_s, 1, 3600, "30", "inactivity timeout of a connection, seconds"),
    I(max_body, 1024, 64 * 1024 * 1024, "65536", "default request body cap, bytes"),
    I(max_header, 4096, 1024 * 1024, "32768", "memory per connection for request headers, bytes"),
    I(session_idle_s, 60, 86400, "900", "session idle timeout, seconds"),
    I(session_absolute_s, 300, 7 * 86400, "43200", "session absolute lifetime, seconds"),
    I(max_sessions_per_user, 1, 100, "3", "concurrent sessions per user (oldest ended)"),
    I(pwhash_ops, 2, 10, "2", "argon2id time cost"),
    I(pwhash_mem_kib, 19456, 4 * 1024 * 1024, "19456", "argon2id memory, KiB"),
    I(pwhash_concurrency, 1, 64, "2", "concurrent password hashes"),
    I(login_per_hour, 1, 100, "100", "password verifications per account per hour"),
    I(audit_checkpoint_records, 1, 1000000, "1000", "records between signed checkpoints"),
    I(audit_checkpoint_s, 1, 86400, "300", "seconds between signed checkpoints"),
    I(audit_retention_days, 1825, 36500, "1825", "access-log retention, days (NEN 7513: >= 5 y)"),
    I(db_cache_kib, 1024, 4 * 1024 * 1024, "16384", "SQLite page cache per connection, KiB"),
    I(read_cache_kib, 0, 1024 * 1024, "4096", "answers of case reads kept per viewer for up to 1 s, KiB (0: off)"),
    S(audit_witness, "", "file that receives a copy of every signed checkpoint"),
    I(public_intake, 0, 1, "0", "1: the public intake form for citizens and family is on"),
    I(public_intake_per_hour, 1, 1000, "5", "public intake submissions per client address per hour"),
    I(public_intake_total_per_hour, 1, 100000, "200", "public intake submissions per hour in total"),
    I(signal_check_workdays, 1, 60, "5", "first check of a signal due after N working days [U]"),
    I(signal_weigh_workdays, 1, 120, "20", "weighing of a signal due after N working days [U]"),
    I(signal_skip_holidays, 0, 1, "1", "1: signal deadlines skip the general holidays (Atw art. 3)"),
    I(meeting_invite_days_before, 0, 60, "7", "an invitee sees their agenda item N days before the meeting [U]"),
    I(meeting_invite_days_after, 0, 60, "1", "and until N days after it [U]"),
    I(document_max_bytes, 1024, 50 * 1024 * 1024, "10485760", "size cap of one uploaded document, bytes (at most 50 MiB)"),
    I(case_retention_years, 1, 30, "5", "a closed case is kept N years (2017 covenant: 5) [V]"),
    I(brp_check_months, 1, 24, "3", "BRP deregistration check N months after departure (factsheet)"),
    I(rps_renewal_months, 1, 60, "24", "RPS passport entry lapses after N months unless renewed (art. 25(5) Pw)"),
    I(case_necessity_review_months, 1, 60, "12", "necessity review of a case every N months [U]"),
    I(council_threshold, 3, 100, "10", "council figures: counts below N are suppressed (docs/figures.md) [U]"),
    I(council_rounding, 5, 50, "5", "council figures: published counts are rounded to multiples of N (docs/figures.md)"),
    I(readiness_training_months, 1, 60, "12", "readiness: a joint training is wanted within N months (docs/preparedness.md) [U]"),
    I(keyfigure_contact_days, 7, 730, "90", "a key figure not spoken to for N days is 'contact gewenst' [U]"),
    I(informing_due_days, 1, 365, "28", "informing the person is due N days after admission (docs/informing.md) [U]"),
    I(informing_reassess_max_days, 7, 730, "182", "a deferral of informing is re-assessed within at most N days [U]"),
    /* retention (docs/retention.md) */
    I(signal_retention_months, 1, 120, "12", "a signal that led to no case is kept N months after its weighing (or receipt) [U]"),
    I(keyfigure_retention_months, 1, 120, "12", "an ended key figure is kept N months after the end date [U]"),
    I(rights_retention_months, 1, 120, "12", "a closed data-subject request, with its inzage exports, is kept N months after closing; an inzage export of no request N months after its release [U]"),
    I(breach_retention_months, 1, 240, "60", "a closed breach of the breach register is kept N months after closing [U]"),
    I(retention_purge_hour, 0, 23, "2", "hour (Europe/Amsterdam) from which serve runs the daily purge"),
    I(breakglass_minutes, 1, 1440, "60", "a break-glass grant lasts N minutes (docs/breakglass.md) [U]"),
    S(smtp_relay, "", "SMTP relay host:port for the daily digest (IP literal or localhost; \"\" = off)"),
    S(smtp_from, "regie@localhost", "sender address of the daily digest"),
    I(digest_hour, 0, 23, "7", "hour (Europe/Amsterdam) from which the daily digest is sent"),
    S(public_url, "http://127.0.0.1:8080", "public base URL, used only as the link in the digest"),
    /* operations (docs/operations.md "Metrics" and "Sandbox") */
    S(metrics_listen, "", "ADDR:PORT of the separate Prometheus /metrics listener (\"\" = off)"),
    S(metrics_token_file, "", "file holding the bearer token the /metrics listener asks for (\"\" = no token)"),
    I(seccomp, 0, 1, "1", "1: serve installs its seccomp allow-list (0 or off: debugging only)"),
    S(phenomena,
      "jihadisme=Jihadisme / gewelddadig salafisme;rechts=Rechts-extremisme;"
      "links=Links-extremisme;anti_institutioneel=Anti-institutioneel extremisme;"
      "overig=Overig / onbekend",
      "phenomenon list for reporting only, code=Label;... (REQ-SIG-04)"),
    S(weighing_criteria,
      "radicalisering=Er zijn signalen van radicalisering of extremisme (wetsvoorstel art. 1) [U];"
      "dreiging=Er is een dreiging van geweld of een gevaar voor de openbare orde (art. 5 lid 1) [U];"
      "samenhang=Samenhang en sterkte van de signalen;"
      "netwerk=Sociale relaties en netwerk;"
      "zelfredzaamheid=Zelfredzaamheid en beschermende factoren",
      "weighing criteria code=Label;... (REQ-SIG-01, [U] until the law text is final)"),
};

static const struct cfg_def *find(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(defs); i++)
        if (strcmp(defs[i].name, name) == 0)
            return &defs[i];
    return NULL;
}

bool config_known(const char *name)
{
    return find(name) != NULL;
}

int config_set(struct config *c, const char *name, const char *value, struct err *e)
{
    const struct cfg_def *d = find(name);
    if (d == NULL)
        return err_field(e, name, "unknown setting");
    char *base = (char *)c + d->off;
    if (d->type == CFG_STR) {
        size_t n = strlen(value);
        if (n >= d->cap) {
            err_field(e, name, "longer than %zu characters", d->cap - 1);
            return ERR_TOOBIG;
        }
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)value[i] < 0x20)
                return err_field(e, name, "contains a control character");
        if (strcmp(name, "database") == 0 && n > 0) {
            bool uri = strncmp(value, "postgres://", 11) == 0 ||
                       strncmp(value, "postgresql://", 13) == 0;
            const char *auth = uri ? strchr(value, '/') + 2 : value;
            const char *at = strchr(auth, '@'), *colon = strchr(auth, ':');
            if (!uri)
                return err_field(e, name, "must start with postgres:// or postgresql://");
            /* Config files, the environment and argv are readable by more than the server:
             * the password belongs in ~/.pgpass (or PGPASSFILE), never in the setting. */
            if ((at != NULL && colon != NULL && colon < at) || strstr(value, "password") != NULL)
                return err_field(e, name, "must not contain a password (use ~/.pgpass)");
        }
        memcpy(base, value, n + 1);
        return 0;
    }
    int64_t v;
    int rc = 0;
    if (d->min == 0 && d->max == 1 && (strcmp(value, "on") == 0 || strcmp(value, "off") == 0))
        v = value[1] == 'n'; /* a switch also takes on / off */
    else
        rc = parse_i64(str_from_cstr(value), d->min, d->max, &v);
    if (rc != 0) {
        err_field(e, name, "must be a whole number from %" PRId64 " to %" PRId64, d->min, d->max);
        return rc;
    }
    memcpy(base, &v, sizeof(v));
    return 0;
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < ARRAY_LEN(defs); i++) {
        int rc = config_set(c, defs[i].name, defs[i].def, NULL);
        (void)rc; /* defaults are valid by construction (unit-tested) */
    }
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

int config_load_file(struct config *c, const char *path, struct err *e)
{
    int rc = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "cannot read config file");
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            /* fgets stopped at the buffer size: refuse, or the tail would be read as a line. */
            int ch = getc(f);
            if (ch != EOF && ch != '\n') {
                rc = err_set(e, ERR_INVAL, "config file line %d: longer than %zu characters",
                             lineno, sizeof(line) - 1);
                goto out;
            }
        }
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            rc = err_set(e, ERR_INVAL, "config file line %d: expected name = value", lineno);
            goto out;
        }
        *eq = '\0';
        char *name = trim(s);
        char *value = trim(eq + 1);
        rc = config_set(c, name, value, e);
        if (rc != 0) {
            if (e && e->detail[0] == '\0')
                snprintf(e->detail, sizeof(e->detail), "config file line %d", lineno);
            goto out;
        }
    }
    rc = config_set(c, "config_file", path, e);
out:
    fclose(f);
    return rc;
}

int config_load_env(struct config *c, struct err *e)
{
    for (size_t i = 0; i < ARRAY_LEN(defs); i++) {
        char env[64] = "REGIE_";
        size_t j = 6;
        for (const char *p = defs[i].name; *p && j + 1 < sizeof(env); p++)
            env[j++] = (char)toupper((unsigned char)*p);
        env[j] = '\0';
        const char *v = getenv(env);
        if (v == NULL)
            continue;
        int rc = config_set(c, defs[i].name, v, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

void config_print(const struct config *c, FILE *f)
{
    for (size_t i = 0; i < ARRAY_LEN(defs); i++) {
        const char *base = (const char *)c + defs[i].off;
        if (defs[i].type == CFG_STR) {
            fprintf(f, "%s = %s\n", defs[i].name, base);
        } else {
            int64_t v;
            memcpy(&v, base, sizeof(v));
            fprintf(f, "%s = %" PRId64 "\n", defs[i].name, v);
        }
    }
}
