/* cli.h: the `regie` command line: subcommands over the same app/ functions the HTTP layer uses. */
#ifndef REGIE_CLI_CLI_H
#define REGIE_CLI_CLI_H

#include "core/common.h"
#include "core/config.h"

#define CLI_MAX_ARGS 16

struct cli {
    const char *cmd;
    struct config cfg;
    const char *ready_file;
    bool print_config;
    bool json;
    bool dry_run; /* --dry-run (regie digest) */
    bool keys;    /* --keys (regie backup): the key backup */
    bool help;
    bool allow_root; /* --allow-root (serve): keep running as root without --user */
    bool no_seccomp; /* --no-seccomp (serve): do not install the seccomp allow-list */
    const char *args[CLI_MAX_ARGS]; /* positional arguments after the subcommand */
    size_t n_args;
    /* named options that are not settings, e.g. --roles, --org (subcommand-specific) */
    const char *opt_names[CLI_MAX_ARGS];
    const char *opt_values[CLI_MAX_ARGS];
    size_t n_opts;
};

/* Runs the command line; returns the process exit code (0 ok, 1 failure, 2 usage). */
int cli_main(int argc, char **argv);

/* Value of a subcommand-specific option (--name value), or NULL. */
const char *cli_opt(const struct cli *c, const char *name);

/* Prints an error (client-safe detail and fields) to stderr. */
void cli_print_err(const char *what, const struct err *e);

/* Subcommands (cli/cmd_*.c). Each returns an exit code. */
int cmd_init(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_migrate(struct cli *c);
int cmd_demo(struct cli *c);
int cmd_audit(struct cli *c);
int cmd_org_user(struct cli *c);
int cmd_report(struct cli *c);
int cmd_digest(struct cli *c);
int cmd_purge(struct cli *c);  /* cmd_purge.c: regie purge [--dry-run] */
int cmd_keys(struct cli *c);   /* cmd_keys.c: regie keys status|rotate|retire */
int cmd_backup(struct cli *c);  /* cmd_backup.c: regie backup [--keys] --out DIR */
int cmd_restore(struct cli *c); /* cmd_backup.c: regie restore --from DIR --keys-from DIR */
int cmd_peer(struct cli *c);    /* cmd_peer.c: regie peer add|list|index|remove */

#endif
