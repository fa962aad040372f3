/* cmd_data.c: the data-directory commands: init, migrate, serve. */
#include "core/common.h"

#include <malloc.h>
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/digest.h"
#include "app/retention.h"
#include "app/writer.h"
#include "cli/cli.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/sandbox.h"
#include "http/server.h"
#include "http/session.h"
#include "store/store.h"

int cmd_init(struct cli *c)
{
    struct err e;
    err_clear(&e);
    if (app_init_datadir(&c->cfg, &e) != 0) {
        cli_print_err("init", &e);
        return 1;
    }
    printf("Datamap aangemaakt: %s (regie.key en regie.db, alleen leesbaar voor de eigenaar)\n",
           c->cfg.data_dir);
    return 0;
}

int cmd_migrate(struct cli *c)
{
    struct err e;
    struct app *a = NULL;
    err_clear(&e);
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("migrate", &e);
        return 1;
    }
    int64_t swept = 0;
    if (app_vault_sweep(a, &swept, &e) != 0) {
        cli_print_err("migrate", &e);
        app_close(a);
        return 1;
    }
    printf("Schema is actueel (versie %d).\n", store_schema_latest());
    if (swept > 0)
        printf("Sleutelkluis: %" PRId64 " verweesde sleutels verwijderd.\n", swept);
    app_close(a);
    return 0;
}

/* Privileges (docs/operations.md "Sandbox"): called once the database, the key files and the
 * listening sockets are open. --user NAME drops root for good; root without it is refused on a
 * listen address other than loopback, unless --allow-root. */
static int serve_drop_root(struct cli *c, struct err *e)
{
    const char *user = cli_opt(c, "user");
    if (user != NULL) {
        int rc = sandbox_drop_user(user, c->cfg.data_dir, e);
        if (rc == 0)
            log_info("serve.privileges", "dropped=1 uid=%u", (unsigned)getuid());
        return rc;
    }
    if (geteuid() != 0 || c->allow_root)
        return 0;
    if (strncmp(c->cfg.listen, "127.", 4) != 0 && strncmp(c->cfg.listen, "[::1]:", 6) != 0)
        return err_set(e, ERR_FORBIDDEN, "regie serve draait niet als root op %s: gebruik --user "
                                         "NAAM (of --allow-root)", c->cfg.listen);
    log_warn("serve.root", "hint=use_--user");
    return 0;
}

/* Waits for a stop signal in set; returns it. Meanwhile, every SERVE_TRIM_MS, hands the memory
 * that the request threads freed back to the system. glibc keeps freed memory in its per-thread
 * arenas and returns only the top of a heap by itself: a big answer is megabytes of small JSON
 * objects, and their freed space, caught between longer-lived blocks (SQLite's page caches, the
 * sessions), kept the server at two to three times its live heap (after a load of work lists of
 * 1,200 items, before paging: 107 MB, and 31 MB after one malloc_trim). malloc_trim(0) releases
 * every free page of every arena (madvise); a page is faulted in again only when it is used
 * again; under load it took 0.1 % of the server's CPU time. */
#define SERVE_TRIM_MS 250
static int serve_wait(const sigset_t *set)
{
    for (;;) {
        struct timespec ts = {0, SERVE_TRIM_MS * 1000000L};
        int sig = sigtimedwait(set, NULL, &ts);
        if (sig > 0)
            return sig;
        if (errno == EAGAIN)
            (void)malloc_trim(0);
    }
}

int cmd_serve(struct cli *c)
{
    int code = 1;
    struct err e;
    struct app *a = NULL;
    struct http_server *srv = NULL;
    struct writer *w = NULL;
    struct digest_job *dj = NULL;
    struct retention_job *rj = NULL; /* the daily purge (docs/retention.md) */
    err_clear(&e);
    if (c->print_config) {
        config_print(&c->cfg, stdout);
        return 0;
    }
    /* Block the stop signals in every thread; this thread waits for them with sigwait. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP); /* reload: the metrics token (http_server_reload) */
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    metrics_process_start();
    /* One SQLite connection per thread (HTTP workers, request pool, writer, jobs: dozens), each
     * with a page cache of up to db_cache_kib: all of SQLite together is held near one and a half
     * of those (a soft limit: past it the caches are held small; the 32 request-pool connections
     * took the server to 62 MB in the intake benchmark, 46 MB with this). Before anything opens
     * a connection, so that SQLite's memory statistics can be turned off (store.h). */
    int64_t sqlite_kib = c->cfg.db_cache_kib + c->cfg.db_cache_kib / 2;
    if (store_memory_limit(sqlite_kib) != 0) {
        fprintf(stderr, "regie: serve: SQLite could not be initialised\n");
        goto out;
    }
    log_info("serve.sqlite_memory", "soft_limit_kib=%" PRId64, sqlite_kib);
    metrics_set_db_memory(store_memory_used);
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    if (writer_start(a, &w, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    app_set_writer(a, w);
    struct http_server_cfg sc = {
        .cfg = &c->cfg,
        .app = a,
        .auth = http_session_auth,
        .read_scope_begin = app_read_scope_begin,
        .read_scope_end = app_read_scope_end,
        .act_as = app_act_as,
        .ready_file = NULL, /* written below, once start-up is complete */
    };
    if (http_server_start(&sc, &srv, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    if (serve_drop_root(c, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    /* The daily e-mail digest (off when smtp_relay is empty). */
    if (app_digest_job_start(a, &dj, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    if (app_retention_job_start(a, &rj, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    if (c->cfg.seccomp && !c->no_seccomp) { /* last: every thread is running (TSYNC) */
        if (sandbox_seccomp(&e) != 0) {
            cli_print_err("serve", &e);
            goto out;
        }
        log_info("serve.seccomp", "on=1");
    }
    /* Ready only now: privileges dropped, jobs running, seccomp on (tests observe all three). */
    if (c->ready_file != NULL && c->ready_file[0] != '\0' &&
        http_server_write_ready(srv, c->ready_file, &e) != 0) {
        cli_print_err("serve", &e);
        goto out;
    }
    int sig;
    while ((sig = serve_wait(&set)) == SIGHUP) {
        err_clear(&e);
        if (http_server_reload(srv, &e) != 0) /* the previous token stays; logged there */
            cli_print_err("serve: reload", &e);
    }
    log_info("serve.stopping", "signal=%d", sig);
    code = 0;
out:
    app_digest_job_stop(dj);
    app_retention_job_stop(rj);
    http_server_stop(srv, 10000); /* in-flight requests finish; pending ones via the writer */
    writer_stop(w);
    if (a != NULL)
        app_set_writer(a, NULL);
    app_close(a);
    return code;
}
