/* cmd_data.c: the data-directory commands: init, migrate, serve. */
#include "core/common.h"

#include <signal.h>
#include <pthread.h>

#include "app/app.h"
#include "app/digest.h"
#include "app/retention.h"
#include "app/writer.h"
#include "cli/cli.h"
#include "core/log.h"
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
    printf("Schema is actueel (versie %d).\n", store_schema_latest());
    app_close(a);
    return 0;
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
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
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
        .ready_file = c->ready_file,
    };
    if (http_server_start(&sc, &srv, &e) != 0) {
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
    int sig = 0;
    sigwait(&set, &sig);
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
