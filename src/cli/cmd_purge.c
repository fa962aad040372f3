/* cmd_purge.c: `regie purge [--dry-run] [--json] [--now YYYY-MM-DD]`: runs the retention purge
 * (app/retention.h) once, through the same use-case as the daily job of `regie serve`. The
 * operator acts for each expired item's municipality (role "operator"); the tombstones record
 * "regie purge" as approver. Prints counts only, never a name or reference. --now is accepted
 * only by a test-hooks build (it moves the clock of this process). Exit 0 when nothing failed,
 * 1 otherwise (a failed group is retried by the next run). */
#include "core/common.h"

#include "app/access_log.h"
#include "app/app.h"
#include "app/retention.h"
#include "app/signal.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/rand.h"

int cmd_purge(struct cli *c)
{
    struct err e;
    struct app *a = NULL;
    struct retention_report r;
    err_clear(&e);
    const char *now = cli_opt(c, "now");
    if (now != NULL) {
        int64_t day = 0;
        if (!clock_test_hooks()) {
            fprintf(stderr, "regie: purge: --now bestaat alleen in een test-build\n");
            return 2;
        }
        if (clock_parse_date(now, strlen(now), &day) != 0 || day <= 0) {
            fprintf(stderr, "regie: purge: --now moet een datum JJJJ-MM-DD zijn\n");
            return 2;
        }
        clock_set_fixed(clock_local_midnight_ms(day) + 12 * 3600 * 1000);
    }
    if (c->n_args > 0) {
        fprintf(stderr, "regie: purge: onverwacht argument (zie 'regie purge --help')\n");
        return 2;
    }
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("purge", &e);
        return 1;
    }
    struct actor op = {
        .user_id = 0, .org_id = 0, .roles = POLICY_ROLE_DOSSIERHOUDER, .org_access_ok = true};
    struct alog_req rq;
    char id[33];
    rand_hex_id(id);
    alog_req_init(a, &rq, &op, id, "local", NULL, NULL);
    snprintf(rq.role, sizeof(rq.role), "operator");
    int64_t day = signal_today();
    int rc = app_retention_purge(a, &rq, "regie purge", day, c->dry_run, &r, &e);
    app_close(a);
    if (rc != 0) {
        cli_print_err("purge", &e);
        return 1;
    }
    char ds[11];
    signal_fmt_day(day, ds);
    if (c->json)
        printf("{\"day\":\"%s\",\"dry_run\":%s,\"due\":%" PRId64 ",\"held\":%" PRId64
               ",\"destroyed\":%" PRId64 ",\"signals\":%" PRId64 ",\"cases\":%" PRId64
               ",\"key_figures\":%" PRId64 ",\"rights_requests\":%" PRId64
               ",\"inzage_exports\":%" PRId64 ",\"breaches\":%" PRId64 ",\"rows\":%" PRId64
               ",\"keys\":%" PRId64 ",\"failed\":%" PRId64 ",\"checkpointed\":%s}\n",
               ds, c->dry_run ? "true" : "false", r.due, r.held, r.destroyed, r.signals, r.cases,
               r.key_figures, r.rights_requests, r.inzage_exports, r.breaches, r.rows, r.keys,
               r.failed, r.checkpointed ? "true" : "false");
    else
        printf("Vernietiging %s%s: %" PRId64 " verlopen, %" PRId64 " onder bewaarplicht, %" PRId64
               " %s (%" PRId64 " meldingen, %" PRId64 " casussen, %" PRId64
               " sleutelfiguren, %" PRId64 " verzoeken van betrokkenen, %" PRId64
               " inzage-overzichten zonder verzoek, %" PRId64 " datalekken; %" PRId64
               " rijen, %" PRId64 " sleutels), %" PRId64 " mislukt\n",
               ds, c->dry_run ? " (proef)" : "", r.due, r.held, r.destroyed,
               c->dry_run ? "zouden vernietigd worden" : "vernietigd", r.signals, r.cases,
               r.key_figures, r.rights_requests, r.inzage_exports, r.breaches, r.rows, r.keys,
               r.failed);
    return r.failed > 0 ? 1 : 0;
}
