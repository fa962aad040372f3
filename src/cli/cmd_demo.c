/* cmd_demo.c: `regie demo` creates the fictional region and prints what it created, with the demo
 * accounts' passwords and TOTP secrets; `regie demo code USER` prints a demo account's current
 * TOTP code (refused for any account that is not a demo account); `regie demo --scale N` adds
 * the synthetic region of N units on top (app/demo_scale.c), printing progress and its rate on
 * stderr. */
#include "core/common.h"

#include "core/parse.h"

#include "app/app.h"
#include "app/demo.h"
#include "cli/cli.h"

static int demo_code(struct cli *c, struct app *a)
{
    struct err e;
    char code[7];
    err_clear(&e);
    if (c->n_args != 2) {
        fprintf(stderr, "usage: regie demo code USERNAME\n");
        return 2;
    }
    if (app_demo_code(a, str_from_cstr(c->args[1]), code, &e) != 0) {
        cli_print_err("demo code", &e);
        return 1;
    }
    printf("%s\n", code);
    return 0;
}

static void print_text(json_t *res)
{
    size_t i;
    json_t *o;
    json_t *region = json_object_get(res, "region");
    printf("Demoregio aangemaakt: %s\n\nOrganisaties:\n",
           json_string_value(json_object_get(region, "name")));
    json_array_foreach(json_object_get(res, "organisations"), i, o)
    {
        printf("  %-42s %-13s %s\n", json_string_value(json_object_get(o, "name")),
               json_string_value(json_object_get(o, "kind")),
               json_string_value(json_object_get(o, "instrument_status")));
    }
    printf("\nDemo-accounts (alleen bruikbaar als de server op loopback luistert):\n");
    printf("  %-14s %-20s %-34s %s\n", "gebruiker", "wachtwoord", "TOTP-geheim", "organisatie");
    json_array_foreach(json_object_get(res, "accounts"), i, o)
    {
        printf("  %-14s %-20s %-34s %s\n", json_string_value(json_object_get(o, "username")),
               json_string_value(json_object_get(o, "password")),
               json_string_value(json_object_get(o, "totp_secret")),
               json_string_value(json_object_get(o, "organisation")));
    }
    printf("\nDe huidige verificatiecode: regie demo code GEBRUIKER (of oathtool --totp -b GEHEIM).\n"
           "Alle namen zijn fictief.\n");
}

static void scale_progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

int cmd_demo(struct cli *c)
{
    int code = 1;
    struct err e;
    struct app *a = NULL;
    json_t *res = NULL;
    int64_t scale = 0, seed = 1;
    err_clear(&e);
    const char *sc = cli_opt(c, "scale"), *sd = cli_opt(c, "seed");
    if (sc != NULL &&
        parse_i64(str_from_cstr(sc), DEMO_SCALE_MIN, DEMO_SCALE_MAX, &scale) != 0) {
        fprintf(stderr, "regie demo: --scale must be an integer from %d to %d\n", DEMO_SCALE_MIN,
                DEMO_SCALE_MAX);
        return 2;
    }
    if (sd != NULL && parse_i64(str_from_cstr(sd), 0, INT64_MAX, &seed) != 0) {
        fprintf(stderr, "regie demo: --seed must be a non-negative integer\n");
        return 2;
    }
    if ((sc != NULL || sd != NULL) && c->n_args > 0) {
        fprintf(stderr, "regie demo: --scale/--seed do not go with '%s'\n", c->args[0]);
        return 2;
    }
    if (sd != NULL && sc == NULL) {
        fprintf(stderr, "regie demo: --seed needs --scale\n");
        return 2;
    }
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("demo", &e);
        goto out;
    }
    if (c->n_args > 0) {
        if (strcmp(c->args[0], "code") == 0) {
            code = demo_code(c, a);
        } else {
            fprintf(stderr, "regie demo: unknown argument '%s'\n", c->args[0]);
            code = 2;
        }
        goto out;
    }
    if (app_demo_create(a, &res, &e) != 0) {
        cli_print_err("demo", &e);
        goto out;
    }
    if (scale > 0) {
        struct demo_scale_opts so = {.scale = scale, .seed = (uint64_t)seed,
                                     .progress = scale_progress};
        json_t *sres = NULL;
        if (app_demo_scale(a, &so, &sres, &e) != 0) {
            cli_print_err("demo --scale", &e);
            goto out;
        }
        json_object_set_new(res, "scale", sres);
    }
    if (c->json) {
        char *s = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s == NULL)
            goto out;
        printf("%s\n", s);
        free(s);
    } else {
        print_text(res);
    }
    code = 0;
out:
    json_decref(res);
    app_close(a);
    return code;
}
