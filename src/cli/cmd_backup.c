/* cmd_backup.c: `regie backup [--keys] --out DIR` and `regie restore --from DIR --keys-from DIR
 * --data-dir NEW` (app/backup.h). Prints counts and sizes only. Exit 0 ok, 1 failure, 2 usage. */
#include "core/common.h"

#include "app/backup.h"
#include "cli/cli.h"

int cmd_backup(struct cli *c)
{
    struct err e;
    struct backup_report r;
    const char *out = cli_opt(c, "out");
    err_clear(&e);
    if (out == NULL || out[0] == '\0' || c->n_args > 0) {
        fprintf(stderr, "regie: backup: --out DIR is verplicht (zie 'regie backup --help')\n");
        return 2;
    }
    if (app_backup(&c->cfg, out, c->keys, &r, &e) != 0) {
        cli_print_err("backup", &e);
        return 1;
    }
    if (c->keys)
        printf("Sleutelback-up gemaakt: %zu bestanden, %lld bytes. Bewaar haar apart van de "
               "databaseback-ups en vervang haar kort cyclisch.\n",
               r.files, (long long)r.bytes);
    else
        printf("Databaseback-up gemaakt: %zu bestanden, %lld bytes, schemaversie %d, %lld "
               "logboekregels. Zonder sleutelback-up is zij onleesbaar.\n",
               r.files, (long long)r.bytes, r.schema_version, (long long)r.audit_records);
    return 0;
}

int cmd_restore(struct cli *c)
{
    struct err e;
    struct backup_report r;
    const char *from = cli_opt(c, "from"), *keys = cli_opt(c, "keys_from");
    err_clear(&e);
    if (from == NULL || keys == NULL || from[0] == '\0' || keys[0] == '\0' || c->n_args > 0) {
        fprintf(stderr, "regie: restore: --from DIR en --keys-from DIR zijn verplicht\n");
        return 2;
    }
    if (app_restore(&c->cfg, from, keys, &r, &e) != 0) {
        cli_print_err("restore", &e);
        return 1;
    }
    printf("Teruggezet in %s: %zu bestanden, %lld bytes, schemaversie %d, %lld logboekregels.\n"
           "Controleer met 'regie audit verify' en start 'regie serve'.\n",
           c->cfg.data_dir, r.files, (long long)r.bytes, r.schema_version,
           (long long)r.audit_records);
    return 0;
}
