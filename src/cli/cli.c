/* cli.c: argument parsing for every subcommand, help texts, and the precedence of settings:
 * defaults < config file (--config or REGIE_CONFIG) < REGIE_* environment < flags. */
#include "core/common.h"

#include "cli/cli.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "regie_version.h"

struct subcmd {
    const char *name;
    int (*fn)(struct cli *);
    const char *summary;
    const char *usage;
};

static int cmd_version(struct cli *c)
{
    (void)c;
    printf("regie %s%s\n", REGIE_VERSION, clock_test_hooks() ? " (test hooks)" : "");
    return 0;
}

static const struct subcmd cmds[] = {
    {"init", cmd_init, "create a data directory with a new key file and database",
     "regie init [--data-dir DIR]\n"
     "  Creates DIR (mode 0700) with regie.key (mode 0600) and regie.db (schema applied).\n"
     "  Refuses to overwrite an existing key file or database.\n"},
    {"serve", cmd_serve, "serve the API and the web UI",
     "regie serve [--data-dir DIR] [--listen ADDR:PORT] [--web-dir DIR] [--ready-file FILE]\n"
     "            [--metrics-listen ADDR:PORT] [--user NAME | --allow-root] [--seccomp 0|1]\n"
     "            [--no-seccomp] [--print-config] [--<setting> VALUE ...]\n"
     "  Serves http://ADDR:PORT (default 127.0.0.1:8080) until SIGTERM or SIGINT; in-flight\n"
     "  requests finish first. --ready-file receives ADDR:PORT once listening (use port 0 for\n"
     "  an ephemeral port). --print-config prints the effective settings and exits.\n"
     "  --metrics-listen serves Prometheus GET /metrics on a separate address (default off).\n"
     "  --user NAME: started as root, drop to NAME once the files and sockets are open (the\n"
     "  data directory must belong to NAME); as root without it, serve refuses a listen address\n"
     "  other than loopback unless --allow-root. The system-call allow-list (seccomp) is on\n"
     "  by default once start-up is done; --seccomp 0 (setting seccomp = off) or --no-seccomp\n"
     "  turns it off, for debugging only. Other commands run without it.\n"},
    {"migrate", cmd_migrate, "apply database migrations",
     "regie migrate [--data-dir DIR]\n"
     "  Applies the numbered schema migrations the database lacks (serve also does this).\n"},
    {"demo", cmd_demo, "fill a data directory with the fictional region Regio Voorbeeld",
     "regie demo [--data-dir DIR] [--json] [--scale N [--seed S]]\n"
     "  Creates the fictional region \"Regio Voorbeeld\" with three fictional municipalities and\n"
     "  partner organisations, and prints what it created (--json: as one JSON document).\n"
     "  --scale N (1..1000) adds a synthetic region on top, per unit of N: 1,000 fictional\n"
     "  identities, 10,000 signals, 200 cases (plans, measures, checklists, networks of 10\n"
     "  persons and 25 relations), 50 meetings and 100,000 access-log records in all (chain and\n"
     "  checkpoints as in production; `regie audit verify` passes). Names come from --seed\n"
     "  (default 1). Progress and rows/s go to stderr; --json adds \"scale\": {scale, seed,\n"
     "  counts{...}, rows_written, seconds, rows_per_s, handles{case_id (readable by\n"
     "  case_user \"dossierhouder\"), case_user, signal_id, person_name, person_birth_date\n"
     "  (a name search finds them), word (a text search finds it), network_case_id (a network\n"
     "  with a k=2 neighbourhood)}}. The load runs with synchronous=OFF and syncs at the end:\n"
     "  a crash mid-load leaves a half-loaded demo; delete the data dir and start again.\n"},
    {"org", cmd_org_user, "add or list organisations (partner register)",
     "regie org list\n"
     "regie org add --name NAME --kind KIND [--region ID] [--instrument convenant|privacyprotocol|wet|geen]\n"
     "              [--instrument_date YYYY-MM-DD] [--status getekend|verlopen|ingetrokken|niet_getekend]\n"
     "  KIND: gemeente politie om rvdk reclassering jeugdzorg ggz zvh nctv overig.\n"},
    {"user", cmd_org_user, "add, list, disable or reset user accounts",
     "regie user list\n"
     "regie user add USERNAME --display_name NAME --org ID --roles ROLE[,ROLE...]\n"
     "regie user disable ID\n"
     "regie user reset ID\n"
     "  add and reset print a one-time activation code (valid 7 days); the user chooses the\n"
     "  password and links a TOTP app at /activeren. Nobody else ever sets or sees a password.\n"
     "  ROLE: beheerder dossierhouder voorzitter partner melder burgemeester raadslid fg.\n"},
    {"audit", cmd_audit, "verify, query, export or checkpoint the access log",
     "regie audit verify [--witness FILE]\n"
     "  Checks every record against the hash chain, the Merkle tree, the signed checkpoints,\n"
     "  the signed segment deletions and the witness file's last checkpoint; reports the first\n"
     "  bad position. Exit 0 = verified, 3 = tampering found.\n"
     "regie audit query [--person BSN | --account ID | --user ID | --org ID] [--from DATE]\n"
     "                  [--to DATE] [--action NAME] [--limit N]\n"
     "regie audit export [same filters]   (JSON lines, Logboek Dataverwerkingen shape)\n"
     "regie audit checkpoint              (sign a checkpoint of the log now)\n"
     "regie audit retention               (drop whole segments older than audit_retention_days,\n"
     "                                     with a signed deletion entry)\n"
     "regie audit proof SEQ               (inclusion proof of a record in the newest checkpoint)\n"
     "regie audit consistency SIZE1 SIZE2 (consistency proof between two checkpoints)\n"},
    {"digest", cmd_digest, "send the daily e-mail digest now (counts only)",
     "regie digest [--day YYYY-MM-DD] [--dry-run] [--json]\n"
     "  Sends today's digest (or that of --day) to every user who switched it on and has not\n"
     "  had it for that day, through smtp_relay (REGIE_SMTP_RELAY). --dry-run counts without\n"
     "  sending, logging or marking. Prints users considered, mails sent, users with nothing\n"
     "  to report and failures (counts only). Exit 1 when a mail failed (retried next run).\n"
     "  `regie serve` does this by itself every day from digest_hour when smtp_relay is set.\n"},
    {"report", cmd_report, "issue a copy of the council figures as a PDF",
     "regie report council --period 2026Q3|2026 --recipient NAME --pdf FILE [--municipality ID]\n"
     "  Issues a copy of the disclosure-controlled council figures (docs/figures.md) for a\n"
     "  closed council session: records the recipient, writes the figures with the secrecy\n"
     "  marking to FILE as PDF (headless chromium from PATH or /usr/bin/chromium). Without\n"
     "  --municipality: every municipality of the region (there must be exactly one region).\n"},
    {"keys", cmd_keys, "rotate the master key, show key versions, retire an old one",
     "regie keys status\n"
     "regie keys rotate [--batch N]\n"
     "regie keys retire --version N\n"
     "  rotate adds a new master version to regie.key and re-wraps every live data key under it,\n"
     "  N (default 500) per transaction; rerun to resume an interrupted rotation. Blind indexes\n"
     "  and pseudonyms keep their keys. Restart 'regie serve' afterwards. retire removes an old\n"
     "  version from the key file, refused while any data key still uses it. No key is printed.\n"},
    {"peer", cmd_peer, "pair with another region for 'known elsewhere?'",
     "regie peer add --peer ID --self ID --url http://HOST:PORT --contact TEXT\n"
     "               (--key-out FILE | --key-in FILE) [--ops N --mem-kib N]\n"
     "               [--ask-day-max N --answer-day-max N]\n"
     "regie peer list | regie peer index --peer ID | regie peer remove --peer ID\n"
     "  add: the first region makes the pair key (--key-out, a file to carry to the other region\n"
     "  out of band, never printed), the second reads it (--key-in); both name each other (--peer)\n"
     "  and themselves (--self). --contact is what this region answers on a yes (a function\n"
     "  mailbox or phone number, never a person's name). index makes the tags of every person in\n"
     "  an open case now (else the first questions do it). remove ends the pair\n"
     "  (docs/known-elsewhere.md).\n"},
    {"purge", cmd_purge, "destroy what has passed its retention term (counts only)",
     "regie purge [--dry-run] [--json] [--now YYYY-MM-DD (test-hooks builds only)]\n"
     "  Destroys every signal, case and ended key figure whose retention term has passed and\n"
     "  that is not under a legal hold (docs/retention.md): all rows, attachments, blind\n"
     "  indexes and the data key, leaving a tombstone; then truncates the WAL. --dry-run only\n"
     "  counts. Prints counts only. `regie serve` does this daily from retention_purge_hour.\n"},
    {"backup", cmd_backup, "back up the database (or, with --keys, the keys) while serving",
     "regie backup --out DIR\n"
     "regie backup --keys --out DIR\n"
     "  Without --keys: a consistent copy of regie.db taken while 'regie serve' runs (SQLite\n"
     "  online backup; it holds the access log and its checkpoints), audit-signing.pub and the\n"
     "  witness file, with manifest.json (sizes, BLAKE2b hashes, schema version, log size). It\n"
     "  holds no key. With --keys: regie.key, the key vault regie-keys.db and audit-signing.key.\n"
     "  Keep key backups apart and short-lived: a destroyed group stays readable from key\n"
     "  backups made before its destruction until they are rotated out (docs/operations.md).\n"},
    {"restore", cmd_restore, "restore a database backup and a key backup into a new data dir",
     "regie restore --from DIR --keys-from DIR --data-dir NEW\n"
     "  Checks both manifests, copies the files into NEW (which must hold no database), checks\n"
     "  the database and links it to the restored key vault. Then 'regie audit verify' and\n"
     "  'regie serve --data-dir NEW'.\n"},
    {"version", cmd_version, "print the version", "regie version\n"},
};

static void usage_all(FILE *f)
{
    fprintf(f, "regie %s: case coordination for the municipal approach to radicalisation\n\n"
               "usage: regie <command> [options]\n\ncommands:\n",
            REGIE_VERSION);
    for (size_t i = 0; i < ARRAY_LEN(cmds); i++)
        fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(f, "\nEvery command takes --data-dir DIR (env REGIE_DATA_DIR, default ./regie-data) and\n"
               "--config FILE (env REGIE_CONFIG). Any setting can be given as --name VALUE or as\n"
               "REGIE_NAME in the environment; flags override the environment, which overrides the\n"
               "config file. 'regie <command> --help' describes one command.\n");
}

void cli_print_err(const char *what, const struct err *e)
{
    fprintf(stderr, "regie: %s: %s\n", what, e->detail[0] ? e->detail : err_code_name(e->code));
    for (size_t i = 0; i < e->n_fields; i++)
        fprintf(stderr, "  %s: %s\n", e->fields[i].name, e->fields[i].reason);
    if (e->log[0] != '\0')
        fprintf(stderr, "  (%s)\n", e->log);
}

const char *cli_opt(const struct cli *c, const char *name)
{
    for (size_t i = 0; i < c->n_opts; i++)
        if (strcmp(c->opt_names[i], name) == 0)
            return c->opt_values[i];
    return NULL;
}

static bool is_subcmd_opt(const char *name)
{
    static const char *known[] = {"org", "roles", "name", "kind", "region", "instrument",
                                  "instrument_date", "status", "display_name", "user",
                                  "person", "from", "to", "action", "out", "limit", "witness", "account",
                                  "period", "recipient", "pdf", "municipality", "day",
                                  "batch", "version", "now", "keys_from", "scale", "seed",
                                  "peer", "self", "url", "contact", "key_out", "key_in", "ops",
                                  "mem_kib", "ask_day_max", "answer_day_max"};
    for (size_t i = 0; i < ARRAY_LEN(known); i++)
        if (strcmp(known[i], name) == 0)
            return true;
    return false;
}

int cli_main(int argc, char **argv)
{
    struct cli c;
    struct err e;
    err_clear(&e);
    memset(&c, 0, sizeof(c));
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage_all(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(&c);
    const struct subcmd *sc = NULL;
    for (size_t i = 0; i < ARRAY_LEN(cmds); i++)
        if (strcmp(cmds[i].name, argv[1]) == 0)
            sc = &cmds[i];
    if (sc == NULL) {
        fprintf(stderr, "regie: unknown command '%s'\n\n", argv[1]);
        usage_all(stderr);
        return 2;
    }
    c.cmd = sc->name;

    /* Pass 1: collect flags (settings are applied after the file and the environment). */
    const char *set_names[64], *set_values[64];
    char name_buf[64][64]; /* normalised option names ('-' → '_'), one slot per option */
    size_t n_set = 0, n_names = 0;
    const char *config_file = getenv("REGIE_CONFIG");
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            c.help = true;
            continue;
        }
        if (strcmp(a, "--json") == 0) {
            c.json = true;
            continue;
        }
        if (strcmp(a, "--dry-run") == 0 || strcmp(a, "--dry_run") == 0) {
            c.dry_run = true;
            continue;
        }
        if (strcmp(a, "--keys") == 0 && strcmp(c.cmd, "backup") == 0) {
            c.keys = true;
            continue;
        }
        if (strcmp(a, "--print-config") == 0) {
            c.print_config = true;
            continue;
        }
        if (strcmp(a, "--allow-root") == 0 || strcmp(a, "--no-seccomp") == 0) {
            *(a[2] == 'a' ? &c.allow_root : &c.no_seccomp) = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (c.n_args >= CLI_MAX_ARGS) {
                fprintf(stderr, "regie: too many arguments\n");
                return 2;
            }
            c.args[c.n_args++] = a;
            continue;
        }
        const char *eq = strchr(a + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen == 0 || nlen >= sizeof(name_buf[0])) {
            fprintf(stderr, "regie: bad option '%s'\n", a);
            return 2;
        }
        if (n_names >= ARRAY_LEN(name_buf)) {
            fprintf(stderr, "regie: too many options\n");
            return 2;
        }
        char *nm = name_buf[n_names++];
        for (size_t k = 0; k < nlen; k++) {
            nm[k] = a[2 + k];
            if (nm[k] == '-') /* not ?:, whose int result narrows to char */
                nm[k] = '_';
        }
        nm[nlen] = '\0';
        const char *val = eq ? eq + 1 : NULL;
        if (val == NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "regie: option --%s needs a value\n", nm);
                return 2;
            }
            val = argv[++i];
        }
        if (strcmp(nm, "config") == 0) {
            config_file = val;
        } else if (strcmp(nm, "ready_file") == 0) {
            c.ready_file = val;
        } else if (config_known(nm)) {
            set_names[n_set] = nm;
            set_values[n_set] = val;
            n_set++;
        } else if (is_subcmd_opt(nm)) {
            if (c.n_opts >= CLI_MAX_ARGS) {
                fprintf(stderr, "regie: too many options\n");
                return 2;
            }
            c.opt_names[c.n_opts] = nm;
            c.opt_values[c.n_opts] = val;
            c.n_opts++;
        } else {
            fprintf(stderr, "regie: unknown option --%s (see 'regie %s --help')\n", nm, c.cmd);
            return 2;
        }
    }
    if (c.help) {
        fputs(sc->usage, stdout);
        return 0;
    }
    config_defaults(&c.cfg);
    if (config_file != NULL && config_file[0] != '\0' &&
        config_load_file(&c.cfg, config_file, &e) != 0) {
        cli_print_err("config file", &e);
        return 2;
    }
    if (config_load_env(&c.cfg, &e) != 0) {
        cli_print_err("environment", &e);
        return 2;
    }
    for (size_t i = 0; i < n_set; i++) {
        if (config_set(&c.cfg, set_names[i], set_values[i], &e) != 0) {
            cli_print_err("option", &e);
            return 2;
        }
    }
    if (strcmp(c.cfg.log_level, "debug") == 0)
        log_set_level(LOG_DEBUG);
    else if (strcmp(c.cfg.log_level, "warn") == 0)
        log_set_level(LOG_WARN);
    else if (strcmp(c.cfg.log_level, "error") == 0)
        log_set_level(LOG_ERROR);
    else if (strcmp(c.cfg.log_level, "info") != 0) {
        fprintf(stderr, "regie: log_level must be debug, info, warn or error\n");
        return 2;
    }
    return sc->fn(&c);
}
