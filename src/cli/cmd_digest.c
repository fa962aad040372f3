/* cmd_digest.c: `regie digest [--day YYYY-MM-DD] [--dry-run] [--json]`: runs the daily e-mail
 * digest (app/digest.h) once, for today (Europe/Amsterdam) or the given day, through the same
 * use-case as the background job of `regie serve`. Prints counts only (never an address or a
 * name). Exit 0 when no mail failed, 1 otherwise (a failed mail is retried by the next run). */
#include "core/common.h"

#include "app/app.h"
#include "app/digest.h"
#include "app/signal.h"
#include "cli/cli.h"
#include "core/clock.h"

int cmd_digest(struct cli *c)
{
    struct err e;
    struct app *a = NULL;
    struct digest_stats s;
    int64_t day = 0;
    err_clear(&e);
    const char *d = cli_opt(c, "day");
    if (d != NULL && (clock_parse_date(d, strlen(d), &day) != 0 || day <= 0)) {
        fprintf(stderr, "regie: digest: --day moet een datum JJJJ-MM-DD zijn\n");
        return 2;
    }
    if (c->n_args > 0) {
        fprintf(stderr, "regie: digest: onverwacht argument (zie 'regie digest --help')\n");
        return 2;
    }
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("digest", &e);
        return 1;
    }
    if (day == 0)
        day = signal_today();
    int rc = app_digest_run(a, day, c->dry_run, &s, &e);
    app_close(a);
    if (rc != 0) {
        cli_print_err("digest", &e);
        return 1;
    }
    char ds[11];
    signal_fmt_day(day, ds);
    if (c->json)
        printf("{\"day\":\"%s\",\"dry_run\":%s,\"considered\":%" PRId64 ",\"sent\":%" PRId64
               ",\"empty\":%" PRId64 ",\"failed\":%" PRId64 "}\n",
               ds, c->dry_run ? "true" : "false", s.considered, s.sent, s.empty, s.failed);
    else
        printf("Samenvatting %s%s: %" PRId64 " gebruikers bekeken, %" PRId64 " e-mails %s, %" PRId64
               " zonder iets te melden, %" PRId64 " mislukt\n",
               ds, c->dry_run ? " (proef)" : "", s.considered, s.sent,
               c->dry_run ? "zouden verstuurd worden" : "verstuurd", s.empty, s.failed);
    return s.failed > 0 ? 1 : 0;
}
