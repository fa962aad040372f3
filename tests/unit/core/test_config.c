/* test_config.c: core/config through its public header: defaults, config_set validation (unknown
 * names, ranges, lengths, control characters), the config file reader, REGIE_* environment
 * variables and the precedence file < env < explicit set. Each Criterion test runs in its own
 * process, so setenv does not leak between tests (each test still unsets what it set). */
#include "core/common.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"

/* Writes text to a fresh temporary file; path receives its name. */
static void write_tmp(char path[64], const char *text)
{
    snprintf(path, 64, "/tmp/regie-test-config-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
}

static bool has_field(const struct err *e, const char *name)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return true;
    return false;
}

Test(config, defaults)
{
    struct config c;
    config_defaults(&c);
    cr_expect_str_eq(c.listen, "127.0.0.1:8080");
    cr_expect_str_eq(c.data_dir, "./regie-data");
    cr_expect_str_eq(c.log_level, "info");
    cr_expect_str_eq(c.config_file, "");
    cr_expect_eq(c.threads, 2);
    cr_expect_eq(c.max_body, 65536);
    cr_expect_eq(c.session_idle_s, 900);
    cr_expect_eq(c.audit_retention_days, 1825);
}

Test(config, every_default_is_valid)
{
    /* config_defaults ignores config_set errors ("valid by construction"), so check it here:
     * print the defaults and feed each line back through config_set. */
    struct config c, d;
    config_defaults(&c);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    config_print(&c, f);
    fclose(f);
    cr_assert_gt(len, 0);

    memset(&d, 0x55, sizeof(d));
    size_t lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strstr(line, " = ");
        cr_assert_not_null(eq, "line %s", line);
        *eq = '\0';
        const char *name = line, *value = eq + 3;
        cr_expect(config_known(name), "%s", name);
        struct err e;
        err_clear(&e);
        cr_expect_eq(config_set(&d, name, value, &e), 0, "default of %s (%s) refused: %s", name,
                     value, e.n_fields ? e.fields[0].reason : "");
        lines++;
    }
    cr_expect_geq(lines, 24);
    free(text);
}

/* seccomp is on unless switched off (docs/operations.md "Sandbox"); a 0..1 switch takes on/off. */
Test(config, seccomp_on_by_default_and_switches_take_on_off)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    cr_expect_eq(c.seccomp, 1, "seccomp is not on by default");
    err_clear(&e);
    cr_expect_eq(config_set(&c, "seccomp", "off", &e), 0);
    cr_expect_eq(c.seccomp, 0);
    cr_expect_eq(config_set(&c, "seccomp", "on", &e), 0);
    cr_expect_eq(c.seccomp, 1);
    cr_expect_eq(config_set(&c, "seccomp", "0", &e), 0);
    cr_expect_eq(c.seccomp, 0);
    static const char *const bad[] = {"On", "OFF", "yes", "o", "2", "onn", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err_clear(&e);
        cr_expect_neq(config_set(&c, "seccomp", bad[i], &e), 0, "'%s' accepted", bad[i]);
        cr_expect(has_field(&e, "seccomp"), "'%s': field not named", bad[i]);
        cr_expect_eq(c.seccomp, 0, "'%s' changed the value", bad[i]);
    }
    err_clear(&e);
    cr_expect_neq(config_set(&c, "threads", "on", &e), 0, "on/off only for a 0..1 switch");
}

Test(config, unknown_setting_is_inval_and_named)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_set(&c, "no_such_setting", "1", &e), ERR_INVAL);
    cr_expect_eq(e.code, ERR_INVAL);
    cr_assert_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "no_such_setting");
    cr_expect_not(config_known("no_such_setting"));
    cr_expect(config_known("listen"));
    cr_expect_not(config_known("LISTEN"), "names are case-sensitive");
    cr_expect_not(config_known(""));
}

Test(config, database_is_a_postgres_uri_without_a_password)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    cr_expect_str_eq(c.database, "", "default: the SQLite file in data_dir");
    static const char *const good[] = {
        "postgres://regie_app@db.example/regie",
        "postgresql://regie_app@/regie?host=/run/postgresql",
        "postgresql://db.example:5432/regie",
        "",
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        err_clear(&e);
        cr_expect_eq(config_set(&c, "database", good[i], &e), 0, "%s refused", good[i]);
        cr_expect_str_eq(c.database, good[i]);
    }
    static const char *const bad[] = {
        "/var/lib/regie/regie.db",                   /* a file is data_dir's business */
        "host=db.example dbname=regie",             /* a keyword string, not a URI */
        "postgres://regie_app:geheim@db.example/regie",
        "postgresql://regie_app@db.example/regie?password=geheim",
    };
    cr_assert_eq(config_set(&c, "database", "postgres://kept@db/regie", NULL), 0);
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        err_clear(&e);
        cr_expect_eq(config_set(&c, "database", bad[i], &e), ERR_INVAL, "%zu accepted", i);
        cr_expect(has_field(&e, "database"));
        cr_expect_str_eq(c.database, "postgres://kept@db/regie", "a refused value changes nothing");
    }
}

Test(config, integers_are_range_checked)
{
    struct config c;
    struct err e;
    config_defaults(&c);

    err_clear(&e);
    cr_expect_eq(config_set(&c, "threads", "64", &e), 0, "max inclusive");
    cr_expect_eq(c.threads, 64);
    cr_expect_eq(config_set(&c, "threads", "1", &e), 0, "min inclusive");
    cr_expect_eq(c.threads, 1);

    err_clear(&e);
    cr_expect_eq(config_set(&c, "threads", "65", &e), ERR_TOOBIG);
    cr_expect(has_field(&e, "threads"));
    cr_expect_neq(strstr(e.fields[0].reason, "1 to 64"), NULL, "reason: %s", e.fields[0].reason);
    cr_expect_eq(c.threads, 1, "unchanged on error");

    err_clear(&e);
    cr_expect_eq(config_set(&c, "threads", "0", &e), ERR_TOOBIG);
    cr_expect_eq(config_set(&c, "max_body", "1023", &e), ERR_TOOBIG);
    cr_expect_eq(config_set(&c, "audit_retention_days", "365", &e), ERR_TOOBIG,
                 "retention below 5 years is refused");

    const char *malformed[] = {"", "abc", "4 ", " 4", "+4", "04", "4k", "1e3", "-0"};
    for (size_t i = 0; i < ARRAY_LEN(malformed); i++) {
        err_clear(&e);
        cr_expect_eq(config_set(&c, "threads", malformed[i], &e), ERR_INVAL, "\"%s\"", malformed[i]);
        cr_expect(has_field(&e, "threads"));
    }
    cr_expect_eq(c.threads, 1);
}

Test(config, strings_have_a_length_limit)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    char v[200];

    memset(v, 'a', sizeof(c.listen) - 1);
    v[sizeof(c.listen) - 1] = '\0';
    err_clear(&e);
    cr_expect_eq(config_set(&c, "listen", v, &e), 0, "cap - 1 fits");
    cr_expect_eq(strlen(c.listen), sizeof(c.listen) - 1);

    memset(v, 'b', sizeof(c.listen));
    v[sizeof(c.listen)] = '\0';
    err_clear(&e);
    cr_expect_eq(config_set(&c, "listen", v, &e), ERR_TOOBIG);
    cr_expect(has_field(&e, "listen"));
    cr_expect_eq(c.listen[0], 'a', "unchanged on error");
}

Test(config, control_characters_are_refused)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    const char *bad[] = {"/tmp/a\nb", "/tmp/\tx", "\r", "x\x1b[31m", "\x01"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        err_clear(&e);
        cr_expect_eq(config_set(&c, "data_dir", bad[i], &e), ERR_INVAL, "case %zu", i);
        cr_expect(has_field(&e, "data_dir"));
    }
    cr_expect_str_eq(c.data_dir, "./regie-data");
    err_clear(&e);
    cr_expect_eq(config_set(&c, "data_dir", "/srv/regie data/\xC3\xA9", &e), 0,
                 "spaces and UTF-8 are fine");
}

Test(config, load_file)
{
    char path[64];
    write_tmp(path, "# Regie configuration\n"
                    "\n"
                    "   # indented comment\n"
                    "listen = 0.0.0.0:9090\n"
                    "threads=8\n"
                    "  data_dir   =   /var/lib/regie   \n"
                    "\t\n"
                    "log_level = debug"); /* no final newline */
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    int rc = config_load_file(&c, path, &e);
    cr_expect_eq(rc, 0, "%s", e.detail);
    cr_expect_str_eq(c.listen, "0.0.0.0:9090");
    cr_expect_eq(c.threads, 8);
    cr_expect_str_eq(c.data_dir, "/var/lib/regie");
    cr_expect_str_eq(c.log_level, "debug");
    cr_expect_str_eq(c.config_file, path, "the file that was read is recorded");
    cr_expect_eq(c.max_body, 65536, "untouched settings keep their default");
    unlink(path);
}

Test(config, load_file_bad_line_names_the_line)
{
    char path[64];
    write_tmp(path, "# comment\n\nthreads = 4\nthis line has no equals sign\nlisten = x:1\n");
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_load_file(&c, path, &e), ERR_INVAL);
    cr_expect_neq(strstr(e.detail, "line 4"), NULL, "detail: %s", e.detail);
    cr_expect_str_eq(c.listen, "127.0.0.1:8080", "lines after the bad one are not applied");
    unlink(path);
}

Test(config, load_file_unknown_key)
{
    char path[64];
    write_tmp(path, "threads = 4\n# x\nlisten_addr = 1.2.3.4:80\n");
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_load_file(&c, path, &e), ERR_INVAL);
    cr_expect(has_field(&e, "listen_addr"));
    cr_expect_neq(strstr(e.detail, "line 3"), NULL, "detail: %s", e.detail);
    unlink(path);
}

Test(config, load_file_bad_value_names_setting_and_line)
{
    char path[64];
    write_tmp(path, "\n\nmax_body = 12\n");
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_load_file(&c, path, &e), ERR_TOOBIG);
    cr_expect(has_field(&e, "max_body"));
    cr_expect_neq(strstr(e.detail, "line 3"), NULL, "detail: %s", e.detail);
    unlink(path);
}

Test(config, load_file_missing_is_notfound)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_load_file(&c, "/nonexistent/regie.conf", &e), ERR_NOTFOUND);
    cr_expect_str_eq(c.config_file, "");
}

/* A file whose first line is a comment of exactly len bytes (newline not counted), then rest. */
static void write_long_comment(char path[64], size_t len, const char *rest)
{
    static char text[4096];
    size_t n = 0;
    text[n++] = '#';
    while (n < len)
        text[n++] = 'x';
    snprintf(text + n, sizeof(text) - n, "%s", rest);
    write_tmp(path, text);
}

Test(config, load_file_overlong_line_is_refused_not_split)
{
    /* The reader's line buffer holds 1023 characters. A longer line must not have its tail read
     * as a line of its own: here the tail of a long comment is a setting. */
    char path[64];
    write_long_comment(path, 1023, "threads = 64\n");
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    int rc = config_load_file(&c, path, &e);
    cr_expect_eq(c.threads, 2, "the comment's tail was applied as a setting");
    cr_expect_eq(rc, ERR_INVAL);
    cr_expect_neq(strstr(e.detail, "line 1"), NULL, "detail: %s", e.detail);
    unlink(path);
}

Test(config, load_file_lines_up_to_the_buffer_size_are_fine)
{
    size_t lens[] = {1000, 1022, 1023};
    for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
        char path[64];
        write_long_comment(path, lens[i], "\nthreads = 5\n");
        struct config c;
        struct err e;
        config_defaults(&c);
        err_clear(&e);
        cr_expect_eq(config_load_file(&c, path, &e), 0, "len %zu: %s", lens[i], e.detail);
        cr_expect_eq(c.threads, 5, "len %zu", lens[i]);
        unlink(path);
    }
    /* A long last line without a final newline is fine too. */
    char path[64];
    write_long_comment(path, 1023, "");
    struct config c;
    struct err e;
    config_defaults(&c);
    err_clear(&e);
    cr_expect_eq(config_load_file(&c, path, &e), 0, "%s", e.detail);
    unlink(path);
}

Test(config, load_env)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    cr_assert_eq(setenv("REGIE_LISTEN", "[::1]:8443", 1), 0);
    cr_assert_eq(setenv("REGIE_MAX_BODY", "1048576", 1), 0);
    cr_assert_eq(setenv("REGIE_DATA_DIR", "/data", 1), 0);
    cr_assert_eq(setenv("REGIE_NOT_A_SETTING", "x", 1), 0);
    err_clear(&e);
    cr_expect_eq(config_load_env(&c, &e), 0);
    cr_expect_str_eq(c.listen, "[::1]:8443");
    cr_expect_eq(c.max_body, 1048576);
    cr_expect_str_eq(c.data_dir, "/data");
    cr_expect_eq(c.threads, 2);
    unsetenv("REGIE_LISTEN");
    unsetenv("REGIE_MAX_BODY");
    unsetenv("REGIE_DATA_DIR");
    unsetenv("REGIE_NOT_A_SETTING");
}

Test(config, load_env_bad_value)
{
    struct config c;
    struct err e;
    config_defaults(&c);
    cr_assert_eq(setenv("REGIE_THREADS", "many", 1), 0);
    err_clear(&e);
    cr_expect_eq(config_load_env(&c, &e), ERR_INVAL);
    cr_expect(has_field(&e, "threads"));
    cr_expect_eq(c.threads, 2);
    unsetenv("REGIE_THREADS");
}

Test(config, precedence_file_then_env_then_set)
{
    char path[64];
    write_tmp(path, "threads = 4\nmax_body = 2048\nlisten = 10.0.0.1:1000\n");
    cr_assert_eq(setenv("REGIE_THREADS", "8", 1), 0);
    cr_assert_eq(setenv("REGIE_MAX_BODY", "4096", 1), 0);
    struct config c;
    struct err e;
    err_clear(&e);
    config_defaults(&c);
    cr_assert_eq(config_load_file(&c, path, &e), 0, "%s", e.detail);
    cr_expect_eq(c.threads, 4);
    cr_assert_eq(config_load_env(&c, &e), 0);
    cr_assert_eq(config_set(&c, "threads", "16", &e), 0);

    cr_expect_eq(c.threads, 16, "explicit set beats env and file");
    cr_expect_eq(c.max_body, 4096, "env beats file");
    cr_expect_str_eq(c.listen, "10.0.0.1:1000", "file beats default");
    cr_expect_eq(c.session_idle_s, 900, "default");
    unsetenv("REGIE_THREADS");
    unsetenv("REGIE_MAX_BODY");
    unlink(path);
}

Test(config, print_lists_every_setting)
{
    struct config c;
    config_defaults(&c);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    config_print(&c, f);
    fclose(f);
    cr_expect_neq(strstr(text, "listen = 127.0.0.1:8080\n"), NULL);
    cr_expect_neq(strstr(text, "threads = 2\n"), NULL);
    cr_expect_neq(strstr(text, "audit_witness = \n"), NULL);
    free(text);
}
