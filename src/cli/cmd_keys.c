/* cmd_keys.c: `regie keys status | rotate [--batch N] | retire --version N` (app/keys.h). Prints
 * versions and counts only, never key material. Exit 0 ok, 1 failure (also: retire refused), 2
 * usage. */
#include "core/common.h"

#include "app/keys.h"
#include "cli/cli.h"
#include "core/parse.h"
#include "core/str.h"

static int opt_num(const struct cli *c, const char *name, int64_t min, int64_t max, int64_t dflt,
                   int64_t *out)
{
    const char *v = cli_opt(c, name);
    *out = dflt;
    if (v == NULL)
        return 0;
    return parse_i64((struct str){v, strlen(v)}, min, max, out);
}

static int status(struct cli *c)
{
    struct err e;
    struct keys_status s;
    err_clear(&e);
    if (keys_status(&c->cfg, &s, &e) != 0) {
        cli_print_err("keys status", &e);
        return 1;
    }
    printf("Huidige masterversie: %u\nVersies in het sleutelbestand:", s.current);
    for (size_t i = 0; i < s.n_versions; i++)
        printf(" %u", s.versions[i]);
    printf("\nGegevenssleutels per versie (niet vernietigd):\n");
    if (s.n_used == 0)
        printf("  (geen)\n");
    for (size_t i = 0; i < s.n_used; i++)
        printf("  versie %u: %lld\n", s.used_version[i], (long long)s.used_live[i]);
    printf("Vernietigde gegevenssleutels: %lld\n", (long long)s.destroyed);
    return 0;
}

static int rotate(struct cli *c)
{
    struct err e;
    struct keys_rotate_out r;
    int64_t batch = 0;
    err_clear(&e);
    if (opt_num(c, "batch", 1, 1000, KEYS_BATCH_DEFAULT, &batch) != 0) {
        fprintf(stderr, "regie: keys rotate: --batch moet 1..1000 zijn\n");
        return 2;
    }
    if (keys_rotate(&c->cfg, (size_t)batch, 0, &r, &e) != 0) {
        cli_print_err("keys rotate", &e);
        fprintf(stderr, "  Opnieuw 'regie keys rotate' hervat waar het bleef.\n");
        return 1;
    }
    printf("%s masterversie %u.\nOpnieuw verpakt: %lld gegevenssleutels; nog onder een oude "
           "versie: %lld.\n",
           r.created ? "Nieuwe" : "Onderbroken rotatie hervat naar", r.version,
           (long long)r.rewrapped, (long long)r.remaining);
    printf("Herstart 'regie serve' zodat de server de nieuwe versie gebruikt; trek daarna de oude "
           "versie in met 'regie keys retire --version N'.\n");
    return r.remaining == 0 ? 0 : 1;
}

static int retire(struct cli *c)
{
    struct err e;
    int64_t v = 0;
    err_clear(&e);
    if (cli_opt(c, "version") == NULL || opt_num(c, "version", 1, 255, 0, &v) != 0) {
        fprintf(stderr, "regie: keys retire: --version N (1..255) is verplicht\n");
        return 2;
    }
    if (keys_retire(&c->cfg, (unsigned)v, &e) != 0) {
        cli_print_err("keys retire", &e);
        return 1;
    }
    printf("Masterversie %lld is uit het sleutelbestand verwijderd.\n", (long long)v);
    return 0;
}

int cmd_keys(struct cli *c)
{
    if (c->n_args != 1) {
        fprintf(stderr, "regie: keys: status, rotate of retire (zie 'regie keys --help')\n");
        return 2;
    }
    if (strcmp(c->args[0], "status") == 0)
        return status(c);
    if (strcmp(c->args[0], "rotate") == 0)
        return rotate(c);
    if (strcmp(c->args[0], "retire") == 0)
        return retire(c);
    fprintf(stderr, "regie: keys: onbekende opdracht (status, rotate, retire)\n");
    return 2;
}
