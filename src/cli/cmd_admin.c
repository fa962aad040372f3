/* cmd_admin.c: `regie org add|list` and `regie user add|list|disable|reset`, run by the operator
 * on the server. They act as the functional administrator through the same use-cases as the API,
 * with the same validation and access-log records (role "operator"); an administrator can never
 * set or learn a password: add and reset print a one-time activation code. */
#include "core/common.h"

#include "app/access_log.h"
#include "app/admin.h"
#include "app/app.h"
#include "cli/cli.h"
#include "core/parse.h"
#include "core/rand.h"

static void operator_req(struct app *a, struct alog_req *rq)
{
    struct actor op = {.user_id = 0, .org_id = 0, .roles = POLICY_ROLE_BEHEERDER,
                       .org_access_ok = false};
    char id[33];
    rand_hex_id(id);
    alog_req_init(a, rq, &op, id, "local", NULL, NULL);
    snprintf(rq->role, sizeof(rq->role), "operator");
}

struct sync_done {
    int rc;
    struct err err;
};

static void sync_done_cb(void *ctx, int rc, const struct err *e)
{
    struct sync_done *d = ctx;
    d->rc = rc;
    if (e != NULL)
        d->err = *e;
}

static void print_json_items(json_t *res, const char *const *cols, size_t n)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(res, "items"), i, it)
    {
        for (size_t c = 0; c < n; c++) {
            json_t *v = json_object_get(it, cols[c]);
            char *s = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            printf("%s%s", c ? "\t" : "", json_is_string(v) ? json_string_value(v) : (s ? s : ""));
            free(s);
        }
        printf("\n");
    }
}

static int id_arg(const struct cli *c, size_t i, int64_t *out)
{
    if (c->n_args <= i || parse_i64(str_from_cstr(c->args[i]), 1, INT64_MAX, out) != 0) {
        fprintf(stderr, "regie %s: expected an id\n", c->cmd);
        return 2;
    }
    return 0;
}

static int org_cmd(struct cli *c, struct app *a, struct alog_req *rq)
{
    struct err e;
    json_t *res = NULL, *in = NULL;
    int code = 1;
    err_clear(&e);
    const char *sub = c->args[0];
    if (strcmp(sub, "list") == 0) {
        if (app_org_list(a, &rq->actor, &res, &e) != 0)
            goto fail;
        static const char *const cols[] = {"id", "kind", "instrument_status", "name"};
        print_json_items(res, cols, ARRAY_LEN(cols));
        code = 0;
    } else if (strcmp(sub, "add") == 0) {
        in = json_object();
        const char *keys[][2] = {{"name", "name"}, {"kind", "kind"}, {"instrument", "instrument"},
                                 {"instrument_date", "instrument_date"},
                                 {"status", "instrument_status"}};
        for (size_t i = 0; i < ARRAY_LEN(keys); i++)
            if (cli_opt(c, keys[i][0]))
                json_object_set_new(in, keys[i][1], json_string(cli_opt(c, keys[i][0])));
        if (json_object_get(in, "instrument_status") == NULL)
            json_object_set_new(in, "instrument_status", json_string("niet_getekend"));
        int64_t region = 0;
        if (cli_opt(c, "region") &&
            parse_i64(str_from_cstr(cli_opt(c, "region")), 1, INT64_MAX, &region) != 0) {
            fprintf(stderr, "regie org add: --region needs a region id\n");
            code = 2;
            goto out;
        }
        if (region)
            json_object_set_new(in, "region_id", json_integer(region));
        if (app_org_create(a, &rq->actor, in, &res, &e) != 0)
            goto fail;
        printf("organisatie %" JSON_INTEGER_FORMAT " aangemaakt\n",
               json_integer_value(json_object_get(res, "id")));
        code = 0;
    } else {
        fprintf(stderr, "usage: regie org add --name N --kind K [--region ID] [--instrument I] "
                        "[--instrument_date YYYY-MM-DD] [--status S] | regie org list\n");
        code = 2;
    }
    goto out;
fail:
    cli_print_err(c->cmd, &e);
out:
    json_decref(res);
    json_decref(in);
    return code;
}

static int user_cmd(struct cli *c, struct app *a, struct alog_req *rq)
{
    struct err e;
    json_t *res = NULL, *in = NULL;
    int code = 1;
    int64_t id = 0;
    err_clear(&e);
    const char *sub = c->args[0];
    if (strcmp(sub, "list") == 0) {
        struct alog_pending *log = NULL;
        if (app_user_list(a, rq, &res, &log, &e) != 0)
            goto fail;
        struct sync_done d = {0, {0}};
        if (log != NULL)
            alog_pending_submit(log, sync_done_cb, &d); /* no writer thread: written now */
        if (d.rc != 0) {
            e = d.err;
            goto fail;
        }
        static const char *const cols[] = {"id", "username", "status", "org_id", "roles"};
        print_json_items(res, cols, ARRAY_LEN(cols));
        code = 0;
    } else if (strcmp(sub, "add") == 0) {
        if (c->n_args != 2 || !cli_opt(c, "org") || !cli_opt(c, "roles")) {
            fprintf(stderr, "usage: regie user add USERNAME --display_name NAME --org ID "
                            "--roles role[,role...]\n");
            code = 2;
            goto out;
        }
        int64_t org = 0;
        if (parse_i64(str_from_cstr(cli_opt(c, "org")), 1, INT64_MAX, &org) != 0) {
            fprintf(stderr, "regie user add: --org needs an organisation id\n");
            code = 2;
            goto out;
        }
        json_t *roles = json_array();
        const char *r = cli_opt(c, "roles");
        while (r && *r) {
            const char *comma = strchr(r, ',');
            size_t len = comma ? (size_t)(comma - r) : strlen(r);
            json_array_append_new(roles, json_stringn(r, len));
            r = comma ? comma + 1 : NULL;
        }
        in = json_pack("{s:s, s:s, s:I, s:o}", "username", c->args[1], "display_name",
                       cli_opt(c, "display_name") ? cli_opt(c, "display_name") : c->args[1],
                       "org_id", (json_int_t)org, "roles", roles);
        if (app_user_create(a, rq, in, &res, &e) != 0)
            goto fail;
        printf("account aangemaakt; eenmalige activeringscode (7 dagen geldig): %s\n",
               json_string_value(json_object_get(res, "activation_code")));
        code = 0;
    } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "reset") == 0) {
        code = id_arg(c, 1, &id);
        if (code != 0)
            goto out;
        code = 1;
        if (sub[0] == 'd') {
            if (app_user_disable(a, rq, id, &res, &e) != 0)
                goto fail;
            printf("account %" PRId64 " geblokkeerd; alle sessies beëindigd\n", id);
        } else {
            if (app_user_reset(a, rq, id, &res, &e) != 0)
                goto fail;
            printf("account %" PRId64 " teruggezet; nieuwe activeringscode: %s\n", id,
                   json_string_value(json_object_get(res, "activation_code")));
        }
        code = 0;
    } else {
        fprintf(stderr, "usage: regie user add|list|disable ID|reset ID\n");
        code = 2;
    }
    goto out;
fail:
    cli_print_err(c->cmd, &e);
out:
    json_decref(res);
    json_decref(in);
    return code;
}

int cmd_org_user(struct cli *c)
{
    struct err e;
    struct app *a = NULL;
    struct alog_req rq;
    err_clear(&e);
    if (c->n_args < 1) {
        fprintf(stderr, "usage: regie %s <subcommand> (see regie %s --help)\n", c->cmd, c->cmd);
        return 2;
    }
    if (app_open(&c->cfg, false, &a, &e) != 0) {
        cli_print_err(c->cmd, &e);
        return 1;
    }
    operator_req(a, &rq);
    int code = strcmp(c->cmd, "org") == 0 ? org_cmd(c, a, &rq) : user_cmd(c, a, &rq);
    app_close(a);
    return code;
}
