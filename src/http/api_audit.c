/* api_audit.c: the access log for the privacy officer (FG): query, export, verify. Every query
 * and export is itself logged (by the use-case) before anything is returned. */
#include "core/common.h"

#include "app/audit_admin.h"
#include "core/parse.h"
#include "http/api.h"
#include "http/session.h"

static int q_i64(const struct http_req *req, const char *name, int64_t *out, struct err *e)
{
    struct str v = http_req_query(req, name);
    *out = 0;
    if (v.p == NULL || v.n == 0)
        return 0;
    if (parse_i64(v, 1, INT64_MAX, out) != 0)
        return err_field(e, name, "moet een positief getal zijn");
    return 0;
}

static int filter_from(const struct http_req *req, struct app_audit_filter *f, struct err *e)
{
    static const char *const known[] = {"person_bsn", "account", "user", "org", "from", "to",
                                        "action", "limit", "before", "queue"};
    memset(f, 0, sizeof(*f));
    for (size_t i = 0; i < req->n_query; i++) {
        bool ok = false;
        for (size_t k = 0; k < ARRAY_LEN(known); k++)
            ok = ok || str_eq_cstr(req->query[i].key, known[k]);
        if (!ok)
            err_field(e, req->query[i].key.p, "onbekende parameter");
    }
    f->person_bsn = http_req_query(req, "person_bsn");
    f->from = http_req_query(req, "from");
    f->to = http_req_query(req, "to");
    f->action = http_req_query(req, "action");
    struct str queue = http_req_query(req, "queue");
    if (queue.n && !str_eq_cstr(queue, "break_glass") && !str_eq_cstr(queue, "not_participant"))
        err_field(e, "queue", "kies break_glass of not_participant");
    f->break_glass = str_eq_cstr(queue, "break_glass");
    f->not_participant = str_eq_cstr(queue, "not_participant");
    int r = q_i64(req, "account", &f->subject_user_id, e);
    r |= q_i64(req, "user", &f->user_id, e);
    r |= q_i64(req, "org", &f->org_id, e);
    r |= q_i64(req, "limit", &f->limit, e);
    r |= q_i64(req, "before", &f->before, e);
    return (r || (e && e->n_fields)) ? ERR_INVAL : 0;
}

int api_audit_query(struct http_req *req, struct http_resp *resp, struct err *e)
{
    struct app_audit_filter f;
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    int rc = filter_from(req, &f, e);
    if (rc == 0)
        rc = app_audit_query(req->app, rq, &f, &j, e);
    if (rc != 0)
        return rc;
    http_resp_json(resp, 200, j);
    return 0;
}

int api_audit_verify(struct http_req *req, struct http_resp *resp, struct err *e)
{
    struct audit_verify_report r;
    if (policy_check(&req->actor, "read", "audit_log", NULL, NULL) != 0)
        return err_set(e, ERR_FORBIDDEN, "U heeft geen toegang tot het toegangslogboek.");
    int rc = app_audit_verify(req->app, req->cfg->audit_witness, &r, e);
    if (rc != 0 && rc != ERR_CONFLICT)
        return rc;
    http_resp_json(resp, 200,
                   json_pack("{s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:s}", "ok", rc == 0, "status",
                             audit_verify_status_name(r.status), "records", (json_int_t)r.records,
                             "size", (json_int_t)r.size, "verified_size", (json_int_t)r.good_size,
                             "checkpoints_checked", (json_int_t)r.checkpoints_checked,
                             "first_bad_position", (json_int_t)(rc == 0 ? -1 : (int64_t)r.bad_seq),
                             "detail", r.detail));
    return resp->json ? 0 : ERR_NOMEM;
}
