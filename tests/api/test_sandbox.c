/* test_sandbox.c: process hardening of `regie serve` (issue 12 item 5, docs/operations.md
 * "Sandbox"), observed from outside through /proc:
 *
 *  - no core dumps: RLIMIT_CORE is 0 (/proc/<pid>/limits), and the process is not dumpable: after
 *    --user drops root, /proc/<pid>/status says uid 65534 while /proc/<pid> still belongs to
 *    root, which the kernel does only for a non-dumpable process;
 *  - --user NAME: every uid and gid is the service user's, no supplementary group is root's, and
 *    the server keeps serving (new database connections are opened as that user); refused for a
 *    data directory of another owner, for root itself, and not started as root at all is
 *    covered by the same check in sandbox.c; as root without --user, serve refuses a listen
 *    address other than loopback unless --allow-root;
 *  - seccomp is on by default: with no REGIE_SECCOMP, REGIE_CONFIG or flag, every thread runs
 *    in seccomp filter mode ("Seccomp: 2"), and a demo journey (log in, lists, a write, log
 *    out) with the daily purge job due, and a clean stop, work under the allow-list; the
 *    opt-outs `seccomp = off` (config file), --seccomp 0 and --no-seccomp leave every thread
 *    at "Seccomp: 0".
 * The tests run as root (as `make test` does); they skip the --user part otherwise. */
#define _GNU_SOURCE 1
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct srv S;

static void stop(void)
{
    if (S.pid > 0)
        cr_expect_eq(srv_stop(&S, false), 0, "server did not stop cleanly");
}

TestSuite(sandbox, .fini = stop, .timeout = 300);

/* The value after "Name:" in /proc/<pid>/<file> (first match), or "" */
static void proc_field(pid_t pid, const char *file, const char *name, char *out, size_t cap)
{
    char path[64], line[512];
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    size_t n = strlen(name);
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, name, n) == 0) {
            const char *v = line + n;
            while (*v == ':' || *v == ' ' || *v == '\t')
                v++;
            snprintf(out, cap, "%s", v);
            out[strcspn(out, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
}

/* Log in, read lists, write (a key figure), log out: all must work inside the sandbox. */
static void journey(void)
{
    struct sess d;
    login_ok(&S, "dossierhouder", &d);
    static const char *const lists[] = {"/api/cases", "/api/signals", "/api/worklist",
                                        "/api/key-figures"};
    for (size_t i = 0; i < 4; i++)
        cr_expect_eq(sess_status(&S, &d, "GET", lists[i], NULL, NULL), 200, "GET %s", lists[i]);
    char day[11];
    srv_date(&S, -5, day);
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "level", "ambtelijk", "consent_date",
                          day, "organisation", "Buurthuis Test", "role", "Voorzitter",
                          "contact_name", "Testpersoon Fictief (test)", "consent_note",
                          "Mondeling gegeven, vastgelegd in het verslag.");
    cr_expect_eq(sess_json_status(&S, &d, "POST", "/api/key-figures", b), 201, "write");
    cr_expect_eq(sess_status(&S, &d, "DELETE", "/api/session", NULL, NULL), 204, "logout");
}

static int chown_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return chown(path, 65534, 65534) == 0 ? 0 : -1;
}

Test(sandbox, no_core_dumps)
{
    srv_start(&S, false, NULL);
    char v[256];
    proc_field(S.pid, "limits", "Max core file size", v, sizeof(v));
    cr_expect(strncmp(v, "0 ", 2) == 0 && strstr(v, " 0 ") != NULL, "core limit: %s", v);
}

Test(sandbox, user_drops_root_and_keeps_serving)
{
    if (getuid() != 0 || getpwnam("nobody") == NULL)
        cr_skip_test("needs root and the account nobody");
    srv_start(&S, true, NULL);
    /* --user is refused while the data directory belongs to someone else. */
    static const char *const refused[] = {"serve",  "--listen", "127.0.0.1:0",
                                          "--user", "nobody",   NULL};
    cr_expect_eq(srv_run(&S, NULL, refused), 1, "data dir of root accepted");
    static const char *const as_root[] = {"serve",  "--listen", "127.0.0.1:0",
                                          "--user", "root",     NULL};
    cr_expect_eq(srv_run(&S, NULL, as_root), 1, "--user root accepted");
    static const char *const open[] = {"serve", "--listen", "0.0.0.0:0", NULL};
    cr_expect_eq(srv_run(&S, NULL, open), 1, "root on a non-loopback address without --user");

    /* Give the data directory to the service user; its parent (mkdtemp, 0700) must be passable. */
    char top[256];
    snprintf(top, sizeof(top), "%s", S.dir);
    *strrchr(top, '/') = '\0';
    cr_assert_eq(chmod(top, 0711), 0);
    cr_assert_eq(nftw(S.dir, chown_cb, 16, FTW_PHYS), 0, "chown");
    static const char *const drop[] = {"--user", "nobody", NULL};
    struct srv_opts o = {.args = drop};
    srv_restart(&S, &o);

    char v[256];
    proc_field(S.pid, "status", "Uid", v, sizeof(v));
    cr_expect_str_eq(v, "65534\t65534\t65534\t65534", "uids");
    proc_field(S.pid, "status", "Gid", v, sizeof(v));
    cr_expect_str_eq(v, "65534\t65534\t65534\t65534", "gids");
    proc_field(S.pid, "status", "Groups", v, sizeof(v));
    cr_expect(strcmp(v, "0") != 0 && strncmp(v, "0 ", 2) != 0 && strstr(v, " 0 ") == NULL,
              "root group kept: %s", v);
    proc_field(S.pid, "status", "CapEff", v, sizeof(v));
    cr_expect_str_eq(v, "0000000000000000", "capabilities kept");
    /* Non-dumpable: a dumpable process of uid 65534 would own its /proc entries. */
    char path[64];
    struct stat st;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)S.pid);
    cr_assert_eq(stat(path, &st), 0);
    cr_expect_eq(st.st_uid, 0, "/proc/<pid> owned by %u: the process is dumpable",
                 (unsigned)st.st_uid);
    journey();
}

/* Every thread of the server in seccomp filter mode (2), or in none (0). */
static void expect_seccomp(pid_t pid, const char *want)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char file[300], v[64];
        snprintf(file, sizeof(file), "task/%s/status", de->d_name);
        proc_field(pid, file, "Seccomp", v, sizeof(v));
        cr_expect_str_eq(v, want, "thread %s: Seccomp %s", de->d_name, v);
        n++;
    }
    closedir(d);
    cr_expect(n > 1, "expected several threads");
}

/* The default configuration: nothing in the environment may switch seccomp on or off. */
static void default_env(void)
{
    unsetenv("REGIE_SECCOMP");
    unsetenv("REGIE_CONFIG");
}

Test(sandbox, seccomp_on_by_default_serves_a_journey)
{
    default_env();
    /* Hour 0: the daily purge job runs at once, inside the sandbox. */
    static const char *const purge_now[] = {"--retention_purge_hour", "0", NULL};
    srv_start(&S, true, purge_now);
    expect_seccomp(S.pid, "2");
    journey();
    expect_seccomp(S.pid, "2"); /* still alive: no call outside the list */
    cr_expect_eq(srv_stop(&S, false), 0, "unclean stop under seccomp");
}

Test(sandbox, seccomp_opt_outs)
{
    default_env();
    static const char *const flag[] = {"--seccomp", "1", "--no-seccomp", NULL};
    srv_start(&S, false, flag);
    expect_seccomp(S.pid, "0");

    static const char *const zero[] = {"--seccomp", "0", NULL};
    struct srv_opts o = {.args = zero};
    srv_restart(&S, &o);
    expect_seccomp(S.pid, "0");

    /* `seccomp = off` in the config file (as dist/regie.conf.example documents it) */
    char conf[300];
    snprintf(conf, sizeof(conf), "%s.conf", S.dir);
    int fd = open(conf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    static const char text[] = "seccomp = off\n";
    cr_assert_eq(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
    close(fd);
    const char *const file[] = {"--config", conf, NULL};
    o.args = file;
    srv_restart(&S, &o);
    expect_seccomp(S.pid, "0");
    unlink(conf);
}
