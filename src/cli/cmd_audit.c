/* cmd_audit.c: `regie audit verify|query|export|checkpoint`, run by the operator on the server. */
#include "core/common.h"

#include <unistd.h>

#include "app/access_log.h"
#include "app/app.h"
#include "app/audit_admin.h"
#include "cli/cli.h"
#include "core/parse.h"

static int opt_i64(const struct cli *c, const char *name, int64_t *out)
{
    const char *v = cli_opt(c, name);
    *out = 0;
    if (v == NULL)
        return 0;
    if (parse_i64(str_from_cstr(v), 1, INT64_MAX, out) != 0) {
        fprintf(stderr, "regie audit: --%s needs a positive number\n", name);
        return 2;
    }
    return 0;
}

static int filter_from(const struct cli *c, struct app_audit_filter *f)
{
    memset(f, 0, sizeof(*f));
    const char *v;
    if ((v = cli_opt(c, "person")) != NULL)
        f->person_bsn = str_from_cstr(v);
    if ((v = cli_opt(c, "from")) != NULL)
        f->from = str_from_cstr(v);
    if ((v = cli_opt(c, "to")) != NULL)
        f->to = str_from_cstr(v);
    if ((v = cli_opt(c, "action")) != NULL)
        f->action = str_from_cstr(v);
    int rc = opt_i64(c, "user", &f->user_id);
    if (rc == 0)
        rc = opt_i64(c, "org", &f->org_id);
    if (rc == 0)
        rc = opt_i64(c, "limit", &f->limit);
    if (rc == 0)
        rc = opt_i64(c, "account", &f->subject_user_id);
    return rc;
}

int cmd_audit(struct cli *c)
{
    int code = 1;
    struct err e;
    struct app *a = NULL;
    err_clear(&e);
    if (c->n_args < 1) {
        fprintf(stderr, "usage: regie audit verify|query|export|checkpoint|retention|proof|consistency [options]\n");
        return 2;
    }
    const char *sub = c->args[0];
    if (app_open(&c->cfg, false, &a, &e) != 0) {
        cli_print_err("audit", &e);
        return 1;
    }
    if (strcmp(sub, "verify") == 0) {
        struct audit_verify_report r;
        const char *w = cli_opt(c, "witness");
        int rc = app_audit_verify(a, w ? w : c->cfg.audit_witness, &r, &e);
        if (rc == 0) {
            printf("OK: %" PRIu64 " records, %zu checkpoints checked, %zu segment deletions; "
                   "verified up to %" PRIu64 "\n",
                   r.records, r.checkpoints_checked, r.deletions_applied, r.good_size);
            if (r.good_size < r.size)
                printf("note: the last %" PRIu64 " records are not yet covered by a signed "
                       "checkpoint\n", r.size - r.good_size);
            code = 0;
        } else if (rc == ERR_CONFLICT) {
            printf("FAILED: %s at position %" PRIu64 " (suspect range %" PRIu64 "..%" PRIu64
                   "): %s\n",
                   audit_verify_status_name(r.status), r.bad_seq, r.bad_seq, r.bad_end, r.detail);
            code = 3;
        } else {
            cli_print_err("audit verify", &e);
        }
    } else if (strcmp(sub, "checkpoint") == 0) {
        uint64_t size = 0;
        if (alog_checkpoint_now(a, &size, &e) != 0)
            cli_print_err("audit checkpoint", &e);
        else {
            printf("checkpoint covers %" PRIu64 " records\n", size);
            code = 0;
        }
    } else if (strcmp(sub, "retention") == 0) {
        uint64_t dropped = 0;
        if (app_audit_retention(a, &dropped, &e) != 0)
            cli_print_err("audit retention", &e);
        else {
            printf("%" PRIu64 " records older than the retention period removed (signed deletion "
                   "entry kept)\n", dropped);
            code = 0;
        }
    } else if (strcmp(sub, "proof") == 0 || strcmp(sub, "consistency") == 0) {
        int64_t x = 0, y = 0;
        json_t *res = NULL;
        bool incl = sub[0] == 'p';
        if (c->n_args != (incl ? 2u : 3u) ||
            parse_i64(str_from_cstr(c->args[1]), 0, INT64_MAX, &x) != 0 ||
            (!incl && parse_i64(str_from_cstr(c->args[2]), 0, INT64_MAX, &y) != 0)) {
            fprintf(stderr, "usage: regie audit proof SEQ | regie audit consistency SIZE1 SIZE2\n");
            code = 2;
            goto out;
        }
        int rc = incl ? app_audit_inclusion(a, (uint64_t)x, &res, &e)
                      : app_audit_consistency(a, (uint64_t)x, (uint64_t)y, &res, &e);
        if (rc != 0) {
            cli_print_err(incl ? "audit proof" : "audit consistency", &e);
            goto out;
        }
        char *s = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(res);
        code = 0;
    } else if (strcmp(sub, "query") == 0 || strcmp(sub, "export") == 0) {
        struct app_audit_filter f;
        if (filter_from(c, &f) != 0) {
            code = 2;
            goto out;
        }
        if (sub[0] == 'q') {
            json_t *res = NULL;
            if (app_audit_query(a, NULL, &f, &res, &e) != 0) {
                cli_print_err("audit query", &e);
                goto out;
            }
            size_t i;
            json_t *it;
            json_array_foreach(json_object_get(res, "items"), i, it)
            {
                char *line = json_dumps(it, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (line) {
                    printf("%s\n", line);
                    free(line);
                }
            }
            json_decref(res);
            code = 0;
        } else {
            size_t n = 0;
            fflush(stdout);
            if (app_audit_export(a, NULL, &f, STDOUT_FILENO, &n, &e) != 0) {
                cli_print_err("audit export", &e);
                goto out;
            }
            fprintf(stderr, "exported %zu records\n", n);
            code = 0;
        }
    } else {
        fprintf(stderr, "regie audit: unknown subcommand '%s'\n", sub);
        code = 2;
    }
out:
    app_close(a);
    return code;
}
